#!/usr/bin/env bash
# gaoqi outcomes: the public-notice list of the demo's batch (序号, 企业名称,
# 证书编号, 所在地区; one firm of another city) as a dry run that writes
# nothing, applied (tier, certificate, IP marks), applied again without any
# change; the TSME list; usage errors exit 2, a missing batch exits 1.
set -u
GAOQI=${1:?usage: test_outcomes.sh path/to/gaoqi}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
fails=0
check() { # name expected actual
	if [ "$2" != "$3" ]; then
		printf 'FAIL %s\n--- expected\n%s\n--- actual\n%s\n' "$1" "$2" "$3"
		fails=$((fails + 1))
	fi
}

"$GAOQI" demo --db d.db --enterprises 120 --password secret-pw >/dev/null 2>&1 || { echo "demo failed"; exit 1; }
# the batch with publicised applications (the demo's 第二批; its 第一批 has its outcome)
batch=$(sqlite3 d.db "SELECT batch_id FROM applications WHERE stage = 'publicised' LIMIT 1")
# the publicised applications, named with full-width brackets turned half-width and a space
sqlite3 -separator '|' d.db "SELECT t.name FROM applications p JOIN enterprises t ON t.id = p.enterprise_id WHERE p.stage = 'publicised' AND p.batch_id = $batch ORDER BY t.id" > names
n=$(wc -l < names)
check "the demo has publicised applications" 1 "$([ "$n" -ge 2 ] && echo 1 || echo 0)"
{
	echo "序号,企业名称,证书编号,所在地区"
	i=0
	while IFS= read -r name; do
		i=$((i + 1))
		printf '%d,%s ,GR20255399%04d,曲靖市\n' "$i" "$(printf '%s' "$name" | sed 's/（/(/g; s/）/)/g')" "$i"
	done < names
	echo "$((i + 1)),昆明某某生物科技有限公司,GR202553009999,昆明市"
} > list.csv

out=$("$GAOQI" outcomes --db d.db --batch "$batch" list.csv --dry-run 2>&1); rc=$?
check "dry run exits 0" 0 "$rc"
check "dry run report" "第$((n + 2))行 昆明某某生物科技有限公司 GR202553009999：未匹配，本批次中没有该企业的申报（按信用代码、企业名称匹配）
list.csv：$((n + 1)) 行，已更新 $n，无变化 0，未匹配 1，未处理 0（试运行，未写入）" "$out"
check "dry run writes nothing" 0 "$(sqlite3 d.db "SELECT count(*) FROM applications WHERE stage = 'recognised' AND batch_id = $batch")"

hnte0=$(sqlite3 d.db "SELECT count(*) FROM enterprises WHERE tier = 'hnte'")
out=$("$GAOQI" outcomes --db d.db --batch "$batch" list.csv 2>&1); rc=$?
check "apply exits 0" 0 "$rc"
check "apply report" "第$((n + 2))行 昆明某某生物科技有限公司 GR202553009999：未匹配，本批次中没有该企业的申报（按信用代码、企业名称匹配）
list.csv：$((n + 1)) 行，已更新 $n，无变化 0，未匹配 1，未处理 0" "$out"
check "applications recognised" "$n" "$(sqlite3 d.db "SELECT count(*) FROM applications WHERE stage = 'recognised' AND cert_no LIKE 'GR20255399%'")"
check "certificates filled" "$n" "$(sqlite3 d.db "SELECT count(*) FROM enterprises WHERE hnte_cert_no LIKE 'GR20255399%' AND tier = 'hnte'")"
check "tiers moved" "$((hnte0 + n))" "$(sqlite3 d.db "SELECT count(*) FROM enterprises WHERE tier = 'hnte'")"
audit=$(sqlite3 d.db "SELECT count(*) FROM audit_log")

out=$("$GAOQI" outcomes --db d.db --batch "$batch" list.csv 2>&1); rc=$?
check "again exits 0" 0 "$rc"
check "again report" "第$((n + 2))行 昆明某某生物科技有限公司 GR202553009999：未匹配，本批次中没有该企业的申报（按信用代码、企业名称匹配）
list.csv：$((n + 1)) 行，已更新 0，无变化 $n，未匹配 1，未处理 0" "$out"
check "again writes nothing" "$audit" "$(sqlite3 d.db "SELECT count(*) FROM audit_log")"

# the TSME list: a prospect becomes tsme
uscc=$(sqlite3 d.db "SELECT uscc FROM enterprises WHERE tier = 'prospect' ORDER BY id LIMIT 1")
printf '序号,统一社会信用代码,企业名称,入库登记编号\n1,%s,,20255303020A0001\n' "$uscc" > tsme.csv
out=$("$GAOQI" outcomes --db d.db --tsme 2025 tsme.csv 2>&1); rc=$?
check "tsme exits 0" 0 "$rc"
check "tsme report" "tsme.csv：1 行，已更新 1，无变化 0，未匹配 0，未处理 0" "$out"
check "tsme tier" "tsme|20255303020A0001|2025" "$(sqlite3 d.db "SELECT tier || '|' || tsme_reg_no || '|' || tsme_year FROM enterprises WHERE uscc = '$uscc'")"

"$GAOQI" outcomes --db d.db list.csv >/dev/null 2>&1; check "no batch nor year: usage" 2 "$?"
"$GAOQI" outcomes --db d.db --batch x list.csv >/dev/null 2>&1; check "bad batch id: usage" 2 "$?"
out=$("$GAOQI" outcomes --db d.db --batch 999 list.csv 2>&1); rc=$?
check "missing batch exits 1" 1 "$rc"
check "missing batch message" "gaoqi outcomes: 批次不存在" "$out"

[ "$fails" -eq 0 ] && echo "ok" || exit 1
