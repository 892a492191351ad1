#!/usr/bin/env bash
# `gaoqi reassess` and `gaoqi remind` on a demo database: reassess stores one
# assessment per enterprise, counted as a fresh `gaoqi assess --all` counts;
# a database whose stored rows were lost gets them back; remind prints the
# day's reminders as JSON Lines or CSV, limited to an area or a rule; bad
# options are usage errors (exit 2) and a missing database a failure (exit 1).
set -uo pipefail
bin=${1:?usage: test_remind.sh path/to/gaoqi}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
db=$tmp/d.db

"$bin" demo --db "$db" --enterprises 150 --password demo-pass-2026 >/dev/null 2>&1 ||
  fail "demo"

# reassess: every enterprise, one JSON line
out=$("$bin" reassess --db "$db") || fail "reassess exit $?"
echo "$out" | python3 -c '
import json, sys
d = json.loads(sys.stdin.read())
assert d["assessed"] == 150, d
assert d["reminders"] > 0, d
assert d["rules"].startswith("hnte-"), d
' || fail "reassess output: $out"

# the stored counts equal a fresh screening's
stored=$(sqlite3 "$db" "SELECT verdict || '=' || count(*) FROM assessments GROUP BY verdict ORDER BY verdict")
fresh=$("$bin" assess --db "$db" --all --summary | python3 -c '
import json, sys
d = json.load(sys.stdin)["hnte"]
print("\n".join(f"{k}={v}" for k, v in sorted(d.items()) if v))')
[ "$stored" = "$fresh" ] || fail "stored verdicts '$stored' differ from fresh '$fresh'"

# lost rows come back with remind (stale rows first), and only those count as work
sqlite3 "$db" "DELETE FROM assessments WHERE enterprise_id % 3 = 0"
"$bin" remind --db "$db" >"$tmp/all.jsonl" || fail "remind exit $?"
n=$(sqlite3 "$db" "SELECT count(*) FROM assessments")
[ "$n" = 150 ] || fail "remind did not restore the stored assessments: $n"

# JSON Lines: every line a reminder with a known rule; one area only with --area
python3 - "$tmp/all.jsonl" <<'PY' || fail "remind json lines"
import json, sys
rules = {"cert_expiry", "tsme_renew", "indicators_missing", "annual_report", "application_late",
         "plan_task_overdue", "problem_overdue", "assessment_risk", "milestone_overdue"}
lines = [json.loads(l) for l in open(sys.argv[1])]
assert lines, "no reminders"
assert all(l["rule"] in rules and l["key"].startswith(l["rule"] + ":" + (l["uscc"] or "")) for l in lines)
# an overdue milestone of the work schedule (the demo's county review runs late): no firm's
assert any(l["rule"] == "milestone_overdue" and l["uscc"] is None for l in lines)
assert len({l["rule"] for l in lines}) >= 3, {l["rule"] for l in lines}
PY
"$bin" remind --db "$db" --area 530302 >"$tmp/area.jsonl" || fail "remind --area"
python3 -c '
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
assert lines and all(l["area"] == "530302" for l in lines)
' "$tmp/area.jsonl" || fail "remind --area kept other areas"
"$bin" remind --db "$db" --rule cert_expiry --format csv >"$tmp/c.csv" || fail "remind csv"
head -1 "$tmp/c.csv" | grep -q '提醒类型,企业名称,统一社会信用代码' || fail "csv header"
rows=$(($(wc -l <"$tmp/c.csv") - 1))
want=$(grep -c '"rule":"cert_expiry"' "$tmp/all.jsonl")
[ "$rows" = "$want" ] || fail "csv rows $rows, json cert_expiry $want"

# usage errors and failures
"$bin" remind --db "$db" --format xml >/dev/null 2>&1
[ $? = 2 ] || fail "--format xml not a usage error"
"$bin" remind --db "$db" --rule nope >/dev/null 2>"$tmp/err"
[ $? = 1 ] && grep -q '提醒类型无效' "$tmp/err" || fail "unknown rule not refused"
"$bin" reassess --db "$tmp/none.db" >/dev/null 2>"$tmp/err"
[ $? = 1 ] && grep -q 'gaoqi init' "$tmp/err" || fail "missing db not refused"
"$bin" reassess --bogus >/dev/null 2>&1
[ $? = 2 ] || fail "unknown option not a usage error"

if [ "$fails" = 0 ]; then echo "remind: all checks passed"; else exit 1; fi
