#!/usr/bin/env bash
# CLI tests of `gaoqi assess`: the output contract of rules.md §7, exit codes
# (0 valid input whatever the verdict, 1 invalid input naming the field, 2
# usage), arrays and stdin, and batch screening of a demo database.
set -uo pipefail
bin=${1:?usage: test_assess.sh path/to/gaoqi}
here=$(cd "$(dirname "$0")" && pwd)
data=$here/data/assess
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0

fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
expect_rc() { # want cmd... ; runs with stdout/stderr to $tmp/out, $tmp/err
  local want=$1; shift
  "$@" >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  [ "$rc" = "$want" ] || fail "exit $rc, want $want: $*  ($(head -c 300 "$tmp/err"))"
}
has() { grep -qF -- "$2" "$1" || fail "$(basename "$1") lacks: $2"; }

# The example of rules.md §1: R&D 4,960,000.00 over sales 110,000,000.00 = 4.51% < 5%,
# an incident on 2023-11-02 within 365 days of 2024-06-30, score 50–65 → fail.
expect_rc 0 "$bin" assess "$data/example.json"
has "$tmp/out" '"rules":"hnte-2016+tsme-2022"'
has "$tmp/out" '"apply_on":"2024-06-30"'
has "$tmp/out" '"fiscal_years":[2021,2022,2023]'
has "$tmp/out" '"hnte":{"verdict":"fail"'
has "$tmp/out" '{"id":"C5","status":"fail","value":"4.51%","required":"5.00%"'
has "$tmp/out" '"total":"4960000.00","domestic":"4860000.00","sales":"110000000.00"'
has "$tmp/out" '{"id":"C8","status":"fail"'
has "$tmp/out" '"net_assets":{"min":7,"max":8,"band":"B","rate":"25.83%"}'
has "$tmp/out" '"id":"C5","message":'
has "$tmp/out" '"amount":"2700000.00","unit":"yuan","alternative":"540000.00"'
has "$tmp/out" '"valid_until":"2024-12-02","next_report_due":null,"revoked_on":null,"status":"expiring"'
has "$tmp/out" '"earliest_year":2025'
[ "$(wc -l <"$tmp/out")" = 1 ] || fail "one object is one line"

# Standard input gives the same result.
expect_rc 0 "$bin" assess - <"$data/example.json"
has "$tmp/out" '"value":"4.51%"'

# An array prints a JSON array, one result per line, in order.
expect_rc 0 "$bin" assess "$data/array.json"
[ "$(head -n1 "$tmp/out")" = "[" ] || fail "array output starts with ["
[ "$(tail -n1 "$tmp/out")" = "]" ] || fail "array output ends with ]"
[ "$(grep -c '^{"uscc"' "$tmp/out")" = 2 ] || fail "two results, one per line"
sed -n 2p "$tmp/out" | grep -qF '"hnte":{"verdict":"fail"' || fail "first profile fails"
sed -n 3p "$tmp/out" | grep -qF '"hnte":{"verdict":"pass"' || fail "second profile passes"

# Malformed profiles: exit 1, nothing on stdout, the message names the field.
check_bad() { # file field
  expect_rc 1 "$bin" assess "$data/$1"
  [ -s "$tmp/out" ] && fail "$1: printed a result"
  has "$tmp/err" "$2"
}
check_bad bad_three_decimals.json 'years[1].sales：金额最多精确到分'
check_bad bad_string_decimals.json 'years[0].rd.personnel'
check_bad bad_ip_kind.json 'ip[0].kind：未知的知识产权类型“trademark”'
check_bad bad_date.json 'registered_on：日期无效：2023-02-30'
check_bad bad_negative_staff.json 'years[2].staff：人数不能为负数'
check_bad bad_unknown_member.json 'years[0].st_stuff'
check_bad bad_negative_amount.json 'years[2].sales：金额不能为负数'
printf '[{"apply_on":"2024-06-30"},{"apply_on":"2024-06-31"}]' >"$tmp/a.json"
expect_rc 1 "$bin" assess "$tmp/a.json"
has "$tmp/err" '[1].apply_on'
printf '[{"apply_on":"2024-06-30"},{"apply_on":"2015-06-30"}]' >"$tmp/old.json"
expect_rc 1 "$bin" assess "$tmp/old.json"
has "$tmp/err" '[1].apply_on：2015年的认定规则未收录'
printf '{"uscc":"x","uscc":"y"}' >"$tmp/dup.json"
expect_rc 1 "$bin" assess "$tmp/dup.json"
has "$tmp/err" 'JSON格式错误'
printf '{"years":[{"year":2023,' >"$tmp/trunc.json"
expect_rc 1 "$bin" assess "$tmp/trunc.json"
expect_rc 1 "$bin" assess "$tmp/no-such-file.json"

# A minimal profile is valid: everything unknown → incomplete, exit 0.
printf '{"apply_on":"2024-06-30"}' >"$tmp/min.json"
expect_rc 0 "$bin" assess "$tmp/min.json"
has "$tmp/out" '"verdict":"incomplete"'
has "$tmp/out" '"missing":["registered_on"]'

# rules.md §1: registered in the year of apply_on, no data year — TSME fails (not
# "fill in years[2025]"), says why and from which year; figures stored for the
# application year itself are not the data year's.
printf '%s' '{"registered_on":"2026-06-30","apply_on":"2026-12-04","years":[{"year":2026,"staff":20,"st_staff":8,"sales":"1000000"}]}' >"$tmp/new.json"
expect_rc 0 "$bin" assess "$tmp/new.json"
has "$tmp/out" '"tsme":{"verdict":"fail","data_year":2025'
has "$tmp/out" '"missing":[],"registrable_from":2027,"message":"企业成立于2026-06-30，不满一个会计年度'
has "$tmp/out" '{"id":"tsme_data_year","message":'
has "$tmp/out" '"date":"2027-01-01","ready_year":2027'
grep -qF 'years[2025]' "$tmp/out" && fail "a firm registered in 2026 is asked for 2025's figures"

# Usage errors exit 2.
expect_rc 2 "$bin" assess
expect_rc 2 "$bin" assess --frobnicate x.json
expect_rc 2 "$bin" assess a.json b.json
expect_rc 2 "$bin" assess --summary "$data/example.json"
expect_rc 0 "$bin" assess --help
has "$tmp/out" 'usage: gaoqi assess'

# Batch screening of a demo database (when the demo command exists).
if "$bin" demo --help >/dev/null 2>&1; then
  db=$tmp/demo.db
  if "$bin" demo --db "$db" --enterprises 150 >/dev/null 2>&1; then
    expect_rc 0 "$bin" assess --db "$db" --all --year 2026
    [ "$(wc -l <"$tmp/out")" = 150 ] || fail "--all prints one line per enterprise"
    [ "$(grep -c '^{"uscc":"9' "$tmp/out")" = 150 ] || fail "--all lines are result objects"
    has "$tmp/out" '"apply_on":"2026-06-30"'
    expect_rc 0 "$bin" assess --db "$db" --all --year 2026 --summary
    has "$tmp/out" '"enterprises":150,'
    has "$tmp/out" '"areas":{'
    area=$(grep -o '"areas":{"[^"]*"' "$tmp/out" | sed 's/.*{"//; s/"$//')
    n_area=$(grep -o "\"$area\":{\"enterprises\":[0-9]*" "$tmp/out" | grep -o '[0-9]*$')
    expect_rc 0 "$bin" assess --db "$db" --all --year 2026 --area "$area"
    [ "$(wc -l <"$tmp/out")" = "$n_area" ] || fail "--area $area: $n_area lines expected"
    expect_rc 1 "$bin" assess --db "$tmp/none/x.db" --all
  else
    fail "gaoqi demo could not build a database"
  fi
fi

if [ "$fails" -ne 0 ]; then
  echo "test_assess: $fails failure(s)"
  exit 1
fi
echo "test_assess: all passed"
