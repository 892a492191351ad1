#!/usr/bin/env bash
# Review of `gaoqi assess` input checking (rules.md §0, §1, §7): every malformed
# profile exits 1, prints nothing on stdout and names the bad field on stderr;
# a valid profile at the edges exits 0.
set -uo pipefail
bin=${1:?usage: test_review_assess.sh path/to/gaoqi}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0

fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# bad JSON-TEXT EXPECTED-TEXT-ON-STDERR FACT
bad() {
  printf '%s' "$1" >"$tmp/in.json"
  "$bin" assess "$tmp/in.json" >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  [ "$rc" = 1 ] || fail "$3: exit $rc, want 1"
  [ -s "$tmp/out" ] && fail "$3: printed a result"
  grep -qF -- "$2" "$tmp/err" || fail "$3: stderr lacks '$2': $(head -c 300 "$tmp/err")"
}

# good JSON-TEXT FACT
good() {
  printf '%s' "$1" >"$tmp/in.json"
  "$bin" assess "$tmp/in.json" >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  [ "$rc" = 0 ] || fail "$2: exit $rc, want 0 ($(head -c 300 "$tmp/err"))"
}

A='"apply_on":"2024-06-30"'

# §0: amounts with more than two decimals, as numbers and as strings
bad "{$A,\"years\":[{\"year\":2023,\"sales\":1234.567}]}" 'years[0].sales：金额最多精确到分' \
  "3 decimals (number)"
bad "{$A,\"years\":[{\"year\":2023,\"sales\":1.005}]}" 'years[0].sales：金额最多精确到分' \
  "1.005 (a double just below) is still 3 decimals"
bad "{$A,\"years\":[{\"year\":2023,\"gross_income\":\"1.005\"}]}" 'years[0].gross_income' \
  "3 decimals (string)"
bad "{$A,\"years\":[{\"year\":2023,\"rd\":{\"other\":\"0.001\"}}]}" 'years[0].rd.other' \
  "3 decimals inside rd"
bad "{$A,\"years\":[{\"year\":2023,\"staff\":1.234}]}" 'years[0].staff：人数最多2位小数' \
  "head count with 3 decimals"

# §1: impossible dates
bad "{$A,\"registered_on\":\"2023-02-30\"}" 'registered_on：日期无效：2023-02-30' "30 February"
bad '{"apply_on":"2023-02-29"}' 'apply_on：日期无效' "29 February of a common year"
bad "{$A,\"ip\":[{\"kind\":\"utility_model\",\"granted_on\":\"2022-13-01\"}]}" \
  'ip[0].granted_on' "month 13"
bad "{$A,\"incidents\":[{\"kind\":\"major_safety\",\"on\":\"2023/11/02\"}]}" 'incidents[0].on' \
  "slashes in a date"

# §1: unknown enum values
bad "{$A,\"ip\":[{\"kind\":\"trademark\"}]}" 'ip[0].kind：未知的知识产权类型“trademark”' \
  "trademarks are not IP here"
bad "{$A,\"ip\":[{\"kind\":\"utility_model\",\"acquired\":\"bought\"}]}" 'ip[0].acquired' \
  "unknown acquisition mode"
bad "{$A,\"incidents\":[{\"kind\":\"fire\",\"on\":\"2023-11-02\"}]}" 'incidents[0].kind' \
  "unknown incident kind"

# §0: negative head counts and amounts
bad "{$A,\"years\":[{\"year\":2023,\"staff\":-1}]}" 'years[0].staff：人数不能为负数' \
  "negative staff (number)"
bad "{$A,\"years\":[{\"year\":2023,\"st_staff\":\"-0.5\"}]}" 'years[0].st_staff' \
  "negative S&T staff (string)"
bad "{$A,\"years\":[{\"year\":2023,\"total_assets\":-0.01}]}" 'years[0].total_assets' \
  "negative amount"

# duplicate keys, top level and nested
bad "{$A,\"uscc\":\"a\",\"uscc\":\"b\"}" '字段“uscc”重复出现' "duplicate top-level key"
bad "{$A,\"years\":[{\"year\":2023,\"sales\":1,\"sales\":2}]}" '字段“sales”重复出现' \
  "duplicate key inside a year"

# wrong types
bad "{$A,\"years\":[{\"year\":\"2023\"}]}" 'years[0].year：应为整数' "year as a string"
bad "{$A,\"years\":[{\"year\":2023,\"sales\":true}]}" 'years[0].sales：应为数值' "sales as a boolean"
bad "{$A,\"years\":{\"year\":2023}}" 'years：应为数组' "years as an object"
bad "{$A,\"field\":10101}" 'field：应为字符串' "field as a number"
bad "{$A,\"ip\":[{\"kind\":\"utility_model\",\"valid\":\"yes\"}]}" 'ip[0].valid：应为true或false' \
  "valid as a string"
bad "{$A,\"ip\":[{\"kind\":\"utility_model\",\"used_in_recognition\":\"2021\"}]}" \
  'ip[0].used_in_recognition：应为整数' "used_in_recognition as a string"
bad "{$A,\"years\":[{\"year\":2023,\"conversions\":1.5}]}" 'years[0].conversions：应为整数' \
  "conversions with a fraction"
bad "{$A,\"qualitative\":{\"advancement\":\"F\"}}" 'qualitative.advancement' "band letter F"
bad "{$A,\"qualitative\":{\"rd_org\":[7,0,0,0]}}" 'qualitative.rd_org[0]：超出范围（0–6）' \
  "R&D management item 1 above its 6 points"
bad "{$A,\"tsme\":{\"resident\":1}}" 'tsme.resident：应为true或false' "a TSME flag as a number"
bad "{$A,\"apply_on\":20240630}" '字段“apply_on”重复出现' "duplicate apply_on"
bad '{"apply_on":20240630}' 'apply_on：应为日期字符串' "apply_on as a number"

# §1: rd categories and rd_total are alternatives, not both
bad "{$A,\"years\":[{\"year\":2023,\"rd_total\":100,\"rd\":{\"personnel\":100}}]}" \
  'years[0].rd：研发费用明细（rd）与rd_total/rd_domestic只能填一种' "rd and rd_total together"

# the position of a bad profile inside an array is named
bad "[{$A},{$A,\"years\":[{\"year\":2023,\"sales\":\"1.001\"}]}]" '[1].years[0].sales' \
  "second profile of an array"

# valid edges: 29 Feb of a leap year, two decimals, amounts as strings, null = absent
good "{\"apply_on\":\"2024-02-29\",\"years\":[{\"year\":2023,\"sales\":\"200000000.00\",\"staff\":500,\"st_staff\":\"0.01\",\"rd_total\":null}]}" \
  "valid edge values"

[ "$fails" = 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "ok"
