#!/usr/bin/env bash
# A demo database with many areas (issue 14: the board must render for a
# province of ~200 areas): `gaoqi init --areas` with Qujing's ten areas and
# the areas 530401, 530402, … (schematic names 示例县001, …, none of them
# real) up to N in all, then `gaoqi demo` over them (a user county-<code>
# for each, the schematic map of demo/targets.c).
#   tools/demo_areas.sh BINARY DB N [ENTERPRISES]
set -euo pipefail
bin=${1:?usage: demo_areas.sh BINARY DB N [ENTERPRISES]}
db=${2:?db}
n=${3:?n}
ent=${4:-1000}
tsv=$(mktemp)
trap 'rm -f "$tsv"' EXIT
rm -f "$db" "$db-wal" "$db-shm"
"$bin" init --db "$db" >/dev/null # Qujing's ten
have=10
{
  printf 'code\tname\tkind\told_codes\n'
  for ((i = 1; i <= n - have; i++)); do
    printf '%d\t示例县%03d\tcounty\t\n' $((530400 + i)) "$i"
  done
} >"$tsv"
if ((n > have)); then "$bin" init --db "$db" --areas "$tsv" >/dev/null; fi
"$bin" demo --db "$db" --enterprises "$ent" >/dev/null
echo "$db: $n areas"
