#!/usr/bin/env bash
# A demo database with many areas (issue 14: the board must render for a
# province of ~200 areas): `gaoqi init`, then the areas 530400, 530401, …
# (schematic names 示例县001, …, none of them real) up to N in all, then
# `gaoqi demo` over them (users county-<code> for each, the schematic map).
#   tools/demo_areas.sh BINARY DB N [ENTERPRISES]
set -euo pipefail
bin=${1:?usage: demo_areas.sh BINARY DB N [ENTERPRISES]}
db=${2:?db}
n=${3:?n}
ent=${4:-1000}
rm -f "$db" "$db-wal" "$db-shm"
"$bin" init --db "$db" >/dev/null
have=$(sqlite3 "$db" "SELECT count(*) FROM areas")
{
  echo "BEGIN;"
  for ((i = 1; i <= n - have; i++)); do
    printf "INSERT INTO areas (code, name, kind, created_at, updated_at) VALUES ('%d', '示例县%03d', 'county', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');\n" $((530400 + i)) "$i"
  done
  echo "COMMIT;"
} | sqlite3 "$db"
"$bin" demo --db "$db" --enterprises "$ent" >/dev/null
echo "$db: $(sqlite3 "$db" "SELECT count(*) FROM areas") areas"
