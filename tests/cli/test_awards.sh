#!/usr/bin/env bash
# `gaoqi awards` on a demo database: a dry run writes nothing, --apply writes
# the lines once (a second run adds nothing), the totals per area equal the
# sum of the lines to the fen, csv and xlsx exports; bad options are usage
# errors (exit 2) and a missing database a failure (exit 1).
set -uo pipefail
bin=${1:?usage: test_awards.sh path/to/gaoqi}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
db=$tmp/d.db
q() { sqlite3 "$db" "$1"; }

"$bin" demo --db "$db" --enterprises 150 --password demo-pass-2026 >/dev/null 2>&1 || fail "demo"
year=$(q "SELECT max(year) FROM award_policies")
[ -n "$year" ] || fail "the demo has no award policies"

# a policy changed: the dry run shows the difference and writes nothing
q "UPDATE award_policies SET amount = amount + 1 WHERE year = $year AND kind = 'leader'"
q "INSERT INTO award_policies (year, name, kind, amount, county_bp, created_at, updated_at) VALUES ($year, '测试政策', 'leader', 100001, 3333, 'x', 'x')"
before=$(q "SELECT count(*) || '/' || sum(amount) FROM award_lines")
audit=$(q "SELECT count(*) FROM audit_log")
"$bin" awards --db "$db" --year "$year" 2>"$tmp/dry.txt" || fail "dry run exit $?"
grep -q "试算，未写入" "$tmp/dry.txt" || fail "dry run summary: $(head -1 "$tmp/dry.txt")"
[ "$before" = "$(q "SELECT count(*) || '/' || sum(amount) FROM award_lines")" ] || fail "the dry run wrote lines"
[ "$audit" = "$(q "SELECT count(*) FROM audit_log")" ] || fail "the dry run wrote audit rows"

# applied, then again: nothing new
"$bin" awards --db "$db" --year "$year" --apply 2>"$tmp/apply.txt" || fail "apply exit $?"
grep -q "已写入" "$tmp/apply.txt" || fail "apply summary"
n1=$(q "SELECT count(*) FROM award_lines")
"$bin" awards --db "$db" --year "$year" --apply 2>"$tmp/again.txt" || fail "again exit $?"
grep -q "新增 0，变更 0，撤销 0" "$tmp/again.txt" || fail "second run changed something: $(head -1 "$tmp/again.txt")"
[ "$n1" = "$(q "SELECT count(*) FROM award_lines")" ] || fail "the second run added lines"
# every line's parts sum to its amount
[ "$(q "SELECT count(*) FROM award_lines WHERE city_part + county_part <> amount")" = 0 ] || fail "parts"

# csv per area: the totals equal the sum of the lines, to the fen
"$bin" awards --db "$db" --year "$year" --format csv --view area >"$tmp/area.csv" 2>/dev/null || fail "csv exit $?"
head -c 3 "$tmp/area.csv" | od -An -tx1 | grep -q "ef bb bf" || fail "csv has no BOM"
grep -q "区县代码" "$tmp/area.csv" || fail "csv headers"
want=$(q "SELECT printf('%d.%02d', sum(amount) / 100, sum(amount) % 100) FROM award_lines WHERE year = $year AND status <> 'rejected'")
got=$(python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
fen = sum(int(r[3].replace(".", "")) for r in rows[1:])
print("%d.%02d" % (fen // 100, fen % 100))' "$tmp/area.csv")
[ "$want" = "$got" ] || fail "area totals $got differ from the lines' $want"

# xlsx needs --out
"$bin" awards --db "$db" --year "$year" --format xlsx >/dev/null 2>&1
[ $? = 2 ] || fail "xlsx without --out should be a usage error"
"$bin" awards --db "$db" --year "$year" --format xlsx --out "$tmp/a.xlsx" 2>/dev/null || fail "xlsx exit $?"
[ "$(head -c 2 "$tmp/a.xlsx")" = "PK" ] || fail "xlsx is not a zip"

# usage and failures
"$bin" awards --db "$db" >/dev/null 2>&1; [ $? = 2 ] || fail "missing --year should exit 2"
"$bin" awards --db "$db" --year 1999 >/dev/null 2>&1; [ $? = 2 ] || fail "bad year should exit 2"
"$bin" awards --db "$db" --year "$year" --bogus >/dev/null 2>&1; [ $? = 2 ] || fail "unknown option should exit 2"
"$bin" awards --db "$tmp/none.db" --year "$year" >/dev/null 2>&1; [ $? = 1 ] || fail "missing db should exit 1"

[ "$fails" = 0 ] && echo "ok" || exit 1
