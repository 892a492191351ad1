#!/usr/bin/env bash
# Benchmark of the rules engine (issue 3 item 9):
#  (a) engine alone: assessments per second on in-memory profiles
#      (`gaoqi assess --bench N FILE`: the profiles are parsed once, then
#      assessed N times without any output);
#  (b) batch screening `gaoqi assess --db DB --all` of a 100,000-enterprise
#      demo database, beside `sqlite3` merely reading the same rows with the
#      same four queries (the floor), and the ratio (target: within 2×).
#
# usage: bench/assess.sh [BUILD_DIR]   (default build; env DB, ENTERPRISES, YEAR, ROUNDS)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
db=${DB:-/tmp/gaoqi-bench-assess.db}
n=${ENTERPRISES:-100000}
year=${YEAR:-$(date +%Y)}
rounds=${ROUNDS:-200000}
bin=$build/gaoqi

if [ ! -x "$bin" ]; then
  [ -f "$build/CMakeCache.txt" ] || cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$build" -j2 --target gaoqi >/dev/null
fi
command -v sqlite3 >/dev/null || { echo "bench: sqlite3 (the CLI) is needed for the floor"; exit 1; }

now_ns() { date +%s%N; }
ms() { echo $((($2 - $1) / 1000000)); }

echo "== (a) engine alone, in-memory profiles"
for f in tests/cli/data/assess/example.json tests/cli/data/assess/array.json; do
  out=$("$bin" assess --bench "$rounds" "$f")
  echo "  $(basename "$f"): $out"
done

echo "== (b) batch screening of a $n-enterprise demo database ($db)"
if [ ! -f "$db" ]; then
  if ! "$bin" demo --help >/dev/null 2>&1; then
    echo "  gaoqi demo is not available: skipped"; exit 0
  fi
  t0=$(now_ns)
  "$bin" demo --db "$db" --enterprises "$n" >/dev/null
  echo "  demo database built in $(ms "$t0" "$(now_ns)") ms"
fi
rows=$(sqlite3 "$db" "SELECT count(*) FROM enterprises")
y0=$((year - 3)); y1=$((year - 1))
floor_sql="
SELECT t.id, t.uscc, t.name, t.area, t.registered_on, t.field, t.hnte_cert_no, t.hnte_issued_on
  FROM enterprises t ORDER BY t.id;
SELECT i.* FROM enterprises t JOIN indicators i ON i.enterprise_id = t.id
  WHERE i.year >= $y0 AND i.year <= $y1 ORDER BY t.id, i.year;
SELECT p.enterprise_id, p.kind, p.number, p.granted_on, p.acquired, p.used_in_recognition, p.valid
  FROM enterprises t JOIN ip_items p ON p.enterprise_id = t.id ORDER BY t.id, p.id;
SELECT q.* FROM enterprises t JOIN qualitative q ON q.enterprise_id = t.id
  WHERE q.year = (SELECT MAX(q2.year) FROM qualitative q2 WHERE q2.enterprise_id = t.id AND q2.year <= $y1)
  ORDER BY t.id;"
# warm the page cache once, then measure the best of three runs of each
sqlite3 "$db" "$floor_sql" >/dev/null
best() { local b=""; for _ in 1 2 3; do local t0; t0=$(now_ns); "$@" >/dev/null; local d; d=$(ms "$t0" "$(now_ns)"); if [ -z "$b" ] || [ "$d" -lt "$b" ]; then b=$d; fi; done; echo "$b"; }
floor=$(best sqlite3 "$db" "$floor_sql")
summary=$(best "$bin" assess --db "$db" --all --year "$year" --summary)
lines=$(best "$bin" assess --db "$db" --all --year "$year")
bytes=$("$bin" assess --db "$db" --all --year "$year" | wc -c)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
echo "  enterprises:                          $rows (application year $year)"
echo "  sqlite3 reading the same rows:        ${floor} ms  (the floor)"
echo "  gaoqi assess --all --summary:         ${summary} ms  ratio $(ratio "$summary" "$floor")×"
echo "  gaoqi assess --all (JSON lines):      ${lines} ms  ratio $(ratio "$lines" "$floor")×  ($((bytes / 1048576)) MiB of JSON)"
echo "  per second (JSON lines):              $(awk -v n="$rows" -v t="$lines" 'BEGIN { if (t > 0) printf "%d", n * 1000 / t }')"
