#!/usr/bin/env bash
# `gaoqi progress` on a demo database (which sets the year's targets): one
# JSON line for the city and each area, the city's counts the sum of the
# areas', the key pool's achieved equal to a count of the register by hand,
# ranks with ties allowed (equal score, equal rank); CSV with a header and
# the same rows; bad options are usage errors (exit 2), a missing database
# a failure (exit 1). --snapshot takes the week's snapshot (replacing it).
set -uo pipefail
bin=${1:?usage: test_progress.sh path/to/gaoqi}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
db=$tmp/d.db
year=$(date -u +%Y)

"$bin" demo --db "$db" --enterprises 120 --password demo-pass-2026 >/dev/null 2>&1 ||
  fail "demo"

"$bin" progress --db "$db" --year "$year" >"$tmp/p.jsonl" || fail "progress exit $?"
keys=$(sqlite3 "$db" "SELECT area || '=' || count(*) FROM enterprises WHERE tier = 'key' GROUP BY area ORDER BY area")
python3 - "$tmp/p.jsonl" "$keys" <<'PY' || fail "progress output"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
by_hand = dict(kv.split("=") for kv in sys.argv[2].split())
city, areas = rows[0], rows[1:]
assert city["area"] is None and city["area_name"] == "全市", city
assert len(areas) == 10, len(areas)
for m in ("hnte_new", "hnte_stock", "tsme_registered", "reserve_pool", "key_pool"):
    assert city[m + "_achieved"] == sum(a[m + "_achieved"] for a in areas), m
for a in areas:
    assert a["key_pool_achieved"] == int(by_hand.get(a["area"], 0)), a
    assert a["rank"] == 1 + sum(b["score_bp"] > a["score_bp"] for b in areas if b["rank"]), a
    if a["key_pool_target"]:
        assert a["key_pool_completion_bp"] == a["key_pool_achieved"] * 10000 // a["key_pool_target"], a
PY

"$bin" progress --db "$db" --year "$year" --format csv >"$tmp/p.csv" || fail "csv exit $?"
[ "$(wc -l <"$tmp/p.csv")" = 12 ] || fail "csv lines: $(wc -l <"$tmp/p.csv")"
grep -q '"全市"' "$tmp/p.csv" || fail "csv has no city row"

# --snapshot: the week of the day (its Monday), 5 metrics × (city + 10 areas); taken
# again it replaces the week (idempotent); another week adds its rows
"$bin" progress --db "$db" --snapshot --as-of "$year-03-04" >"$tmp/s.json" || fail "snapshot exit $?"
python3 -c '
import datetime, json, sys
d = json.load(open(sys.argv[1]))
day = datetime.date(int(sys.argv[2]), 3, 4)
monday = day - datetime.timedelta(days=day.weekday())
assert d == {"week": monday.isoformat(), "taken_on": day.isoformat(), "rows": 55}, d' "$tmp/s.json" "$year" || fail "snapshot output: $(cat "$tmp/s.json")"
week=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["week"])' "$tmp/s.json")
n1=$(sqlite3 "$db" "SELECT count(*) FROM progress_snapshots")
"$bin" progress --db "$db" --snapshot --as-of "$year-03-04" >/dev/null || fail "snapshot again"
n2=$(sqlite3 "$db" "SELECT count(*) FROM progress_snapshots")
[ "$n1" = "$n2" ] || fail "the same week taken again added rows: $n1 → $n2"
[ "$(sqlite3 "$db" "SELECT count(*) FROM progress_snapshots WHERE week = '$week'")" = 55 ] ||
  fail "week $week does not hold 55 rows"
# the TSME registrations of the city as of that day, by hand
want=$(sqlite3 "$db" "SELECT count(*) FROM tsme_registrations WHERE year = $year AND status = 'registered' AND (registered_on IS NULL OR registered_on <= '$year-03-04')")
got=$(sqlite3 "$db" "SELECT achieved FROM progress_snapshots WHERE week = '$week' AND area IS NULL AND metric = 'tsme_registered'")
[ "$want" = "$got" ] || fail "snapshot tsme_registered $got, by hand $want"
"$bin" progress --db "$db" --snapshot --as-of 2026-02-30 >/dev/null 2>&1; [ $? = 2 ] || fail "bad --as-of"

"$bin" progress --db "$db" >/dev/null 2>&1; [ $? = 2 ] || fail "missing --year not a usage error"
"$bin" progress --db "$db" --year 1800 >/dev/null 2>&1; [ $? = 2 ] || fail "bad year not a usage error"
"$bin" progress --db "$db" --year "$year" --format xml >/dev/null 2>&1; [ $? = 2 ] || fail "bad format"
"$bin" progress --db "$tmp/none.db" --year "$year" >/dev/null 2>&1; [ $? = 1 ] || fail "missing db"

[ "$fails" = 0 ] && echo "ok" || exit 1
