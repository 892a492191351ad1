#!/usr/bin/env bash
# CLI tests of `gaoqi plan`: the plan JSON of rules.md §6a (apply year and
# date, tasks with due dates and descriptions, gaps named with reasons, the
# projection and its §7 assessment), the projection assessed again by
# `gaoqi assess` gives the same assessment, exit codes (0 valid input
# whatever the plan, 1 invalid input naming the field, 2 usage), arrays and
# standard input.
set -uo pipefail
bin=${1:?usage: test_plan.sh path/to/gaoqi}
here=$(cd "$(dirname "$0")" && pwd)
data=$here/data
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
lacks() { grep -qF -- "$2" "$1" && fail "$(basename "$1") has: $2"; }

# The example of rules.md §1 (made on 2024-06-30): R&D 4.51% < 5% over 2021–2023 and
# an incident on 2023-11-02. In 2025 the window is 2022–2024 (2024 carried forward
# from 2023): 1.5 + 1.8 + 1.8 = 5.1 million of 120 million, 0.9 million short of 5%;
# the incident is out of the window; the score maximum 67 needs R&D management
# items 2, 3 and 4 (+4 for 5 months of effort).
expect_rc 0 "$bin" plan "$data/assess/example.json"
[ "$(wc -l <"$tmp/out")" = 1 ] || fail "one plan is one line"
has "$tmp/out" '"rules":"hnte-2016+tsme-2022","made_on":"2024-06-30","apply_year":2025,"apply_on":"2025-06-30","earliest_year":2025,"closes_all_gaps":true,"effort_months":8'
has "$tmp/out" '{"kind":"rd","amount":"900000.00","year":2024,"due":"2024-12-31","closes":"C5","effort_months":3,"description":"2024年研发费用比已填报数（未填报的年度按上一年数）增加900,000.00元'
has "$tmp/out" '{"kind":"rd_org","item":2,"action":"rd_institution","due":"2024-12-30","closes":"score"'
has "$tmp/out" '{"kind":"rd_org","item":3,"action":"conversion_incentive","due":"2025-04-30"'
has "$tmp/out" '{"kind":"rd_org","item":4,"action":"talent_scheme","due":"2025-04-30"'
has "$tmp/out" '"unclosable":[]'
has "$tmp/out" '"projection":{"uscc":"91530302MA6K00000X"'
has "$tmp/out" '"assessment":{"uscc":"91530302MA6K00000X"'
has "$tmp/out" '"fiscal_years":[2022,2023,2024]'
has "$tmp/out" '"hnte":{"verdict":"borderline"'
has "$tmp/out" '{"id":"C5","status":"pass","value":"5.00%"'
lacks "$tmp/out" '"status":"fail"'

# Anyone can check a plan: the projection assessed by `gaoqi assess` is the assessment.
sed 's/.*"projection":\(.*\),"assessment":.*/\1/' "$tmp/out" >"$tmp/projection.json"
sed 's/.*,"assessment":\(.*\)}$/\1/' "$tmp/out" >"$tmp/assessment.json"
expect_rc 0 "$bin" assess "$tmp/projection.json"
cmp -s "$tmp/out" "$tmp/assessment.json" || fail "the projection assesses differently"

# One year earlier: 2023 is closed (C5 cannot change) and the score needs an R&D
# institution (6 months); the incident leaves the window on 2024-11-02.
expect_rc 0 "$bin" plan --year 2024 "$data/assess/example.json"
has "$tmp/out" '"apply_year":2024,"apply_on":"2024-11-02","earliest_year":2025,"closes_all_gaps":false'
has "$tmp/out" '{"kind":"wait","until":"2024-11-02","due":"2024-11-02","closes":"C8","effort_months":0,"description":"申报日期不早于2024-11-02（事故移出申报前365天的范围）"}'
has "$tmp/out" '{"gap":"C5","reason":"year_closed","timing":true,"year":2025,"message":"研发费用占比按2023年数据计算，该年度在方案编制日2024-06-30前已结束，无法补足，最早2025年申报"}'
has "$tmp/out" '{"gap":"score","reason":"lead_time","timing":true,"year":null'

# A firm registered 2023-10-01 without IP: waiting for its 365 days (2024-09-30)
# leaves time for a software copyright (2 months) in the same year.
expect_rc 0 "$bin" plan "$data/plan/young_no_ip.json"
has "$tmp/out" '"apply_year":2024,"apply_on":"2024-09-30","earliest_year":2024,"closes_all_gaps":true,"effort_months":1,"tasks":[{"kind":"ip","ip_kind":"software_copyright","count":1,"granted_on":"2024-09-30","due":"2024-07-30","closes":"C2","effort_months":1,"description":"2024-07-30前申请软件著作权1项，预计2024-09-30前授权或登记（周期约2个月）"},{"kind":"wait","until":"2024-09-30","due":"2024-09-30","closes":"C1"'
has "$tmp/out" '"fiscal_years":[2023]'

# A field outside the table is named, not guessed; standard input works.
sed 's/"10101"/"10999"/' "$data/plan/young_no_ip.json" >"$tmp/field.json"
expect_rc 0 "$bin" plan - <"$tmp/field.json"
has "$tmp/out" '"closes_all_gaps":false'
has "$tmp/out" '{"gap":"C3","reason":"field","timing":false,"year":null,"message":"技术领域代码“10999”不在《国家重点支持的高新技术领域》中，需人工重新确定"}'

# An array prints a JSON array, one plan per line, in order.
{ printf '[\n'; cat "$data/assess/example.json"; printf ',\n'; cat "$data/plan/young_no_ip.json"; printf ']\n'; } >"$tmp/array.json"
expect_rc 0 "$bin" plan "$tmp/array.json"
[ "$(head -n1 "$tmp/out")" = "[" ] || fail "array output starts with ["
[ "$(tail -n1 "$tmp/out")" = "]" ] || fail "array output ends with ]"
[ "$(grep -c '^{"uscc"' "$tmp/out")" = 2 ] || fail "two plans, one per line"
sed -n 2p "$tmp/out" | grep -qF '"apply_year":2025' || fail "first plan applies 2025"
sed -n 3p "$tmp/out" | grep -qF '"apply_year":2024' || fail "second plan applies 2024"

# Bad input: exit 1, nothing on stdout, the message names the field.
check_bad() { # file field
  expect_rc 1 "$bin" plan "$1"
  [ -s "$tmp/out" ] && fail "$1: printed a plan"
  has "$tmp/err" "$2"
}
check_bad "$data/assess/bad_three_decimals.json" 'years[1].sales：金额最多精确到分'
check_bad "$data/assess/bad_ip_kind.json" 'ip[0].kind：未知的知识产权类型“trademark”'
printf '[{"apply_on":"2024-06-30"},{"apply_on":"2024-06-31"}]' >"$tmp/a.json"
check_bad "$tmp/a.json" '[1].apply_on'
check_bad "$tmp/no-such-file.json" 'no-such-file.json'
expect_rc 1 "$bin" plan --year 2023 "$data/assess/example.json"
has "$tmp/err" 'year：目标年份应在2024到2030年之间'

# Usage errors exit 2.
expect_rc 2 "$bin" plan
expect_rc 2 "$bin" plan --frobnicate x.json
expect_rc 2 "$bin" plan a.json b.json
expect_rc 2 "$bin" plan --year 1999 "$data/assess/example.json"
expect_rc 2 "$bin" plan --db "$tmp/x.db"
has "$tmp/err" '缺少企业的统一社会信用代码'
expect_rc 0 "$bin" plan --help
has "$tmp/out" 'usage: gaoqi plan FILE.json'
has "$tmp/out" 'gaoqi plan --db PATH USCC [--year Y]'

# A firm's stored plan (gaoqi demo stores six: two active, two signed, two drafts).
expect_rc 0 "$bin" demo --db "$tmp/d.db" --enterprises 200 --password demo-pass-1
has "$tmp/out" '一企一策 6 份'
q() { sqlite3 "$tmp/d.db" "$1"; }
signed=$(q "SELECT t.uscc FROM plans p JOIN enterprises t ON t.id = p.enterprise_id WHERE p.state = 'signed' ORDER BY p.id LIMIT 1")
signed_id=$(q "SELECT p.id FROM plans p JOIN enterprises t ON t.id = p.enterprise_id WHERE t.uscc = '$signed'")
[ -n "$signed" ] || fail "the demo has a signed plan"
expect_rc 0 "$bin" plan --db "$tmp/d.db" "$signed"
has "$tmp/err" "已存方案 #$signed_id（已签署，第1版签署）"
has "$tmp/out" "{\"uscc\":\"$signed\""
# unchanged since it was signed today: the live plan is the signed version, byte for byte
q "SELECT plan_json FROM plan_versions WHERE plan_id = $signed_id AND version = 1" >"$tmp/v1.json"
cmp -s "$tmp/out" "$tmp/v1.json" || fail "the stored plan differs from its signed version"
# the same firm for another year: a generated plan, not stored
apply=$(q "SELECT apply_year FROM plans WHERE id = $signed_id")
expect_rc 0 "$bin" plan --db "$tmp/d.db" --year $((apply + 1)) "$signed"
has "$tmp/err" '该企业没有该年度的方案，以下按当前数据生成（未保存）'
has "$tmp/out" "\"apply_year\":$((apply + 1))"
[ "$(q 'SELECT count(*) FROM plans')" = 6 ] || fail "a generated plan is not stored"
# a firm without a plan: generated from its data today
none=$(q "SELECT uscc FROM enterprises WHERE id NOT IN (SELECT enterprise_id FROM plans) ORDER BY id LIMIT 1")
expect_rc 0 "$bin" plan --db "$tmp/d.db" "$none"
has "$tmp/err" '该企业没有在编方案，以下按当前数据生成（未保存）'
has "$tmp/out" "\"made_on\":\"$(date -u +%Y-%m-%d)\""
# an unknown firm
expect_rc 1 "$bin" plan --db "$tmp/d.db" 91530302MA6K00000X
has "$tmp/err" '企业不存在'
[ -s "$tmp/out" ] && fail "nothing on stdout for an unknown firm"
expect_rc 0 "$bin" help
has "$tmp/out" 'plan '

if [ "$fails" -ne 0 ]; then
  echo "test_plan: $fails failure(s)"
  exit 1
fi
echo "test_plan: all passed"
