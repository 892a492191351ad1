#!/usr/bin/env bash
# gaoqi enterprise list|show on a demo ledger: aligned table, filters, totals,
# one enterprise in full; bad input is one line, exit 1 (2 for usage).
set -u
export LC_ALL=C.UTF-8
GAOQI=${1:?usage: test_enterprise.sh path/to/gaoqi}
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
q() { sqlite3 e.db "$1"; }

"$GAOQI" demo --db e.db --enterprises 40 --seed 3 --password secret-pw >/dev/null 2>&1 || { echo "demo failed"; exit 1; }

out=$("$GAOQI" enterprise list --limit 5 --db e.db 2>&1); rc=$?
check "list exits 0" 0 "$rc"
check "header, 5 rows, total" 7 "$(printf '%s\n' "$out" | wc -l)"
case "$(printf '%s\n' "$out" | sed -n 1p)" in
"统一社会信用代码    企业名称"*"区域"*"层级"*"领域"*"证书到期") ;;
*) check "header" "统一社会信用代码    企业名称 … 证书到期" "$(printf '%s\n' "$out" | sed -n 1p)" ;;
esac
check "footer" "共 40 家企业，显示第 1–5 家" "$(printf '%s\n' "$out" | tail -n 1)"
# Sorted by name, as the database sorts it.
check "first rows sorted by name" "$(q 'SELECT uscc FROM enterprises ORDER BY name, id LIMIT 5')" "$(printf '%s\n' "$out" | sed -n '2,6p' | cut -c1-18)"
# Aligned: the tier column starts at the same display column on every row.
# Display width = characters + one more per three-byte (CJK) character.
widths=$(printf '%s\n' "$out" | sed -n '1,6p' | while IFS= read -r l; do
	pre=${l%%  [层排科后重高已]*}
	bytes=$(printf '%s' "$pre" | LC_ALL=C wc -c)
	chars=$(printf '%s' "$pre" | LC_ALL=C.UTF-8 wc -m)
	echo $((chars + (bytes - chars) / 2))
done | sort -u | wc -l)
check "columns aligned" 1 "$widths"

n_hnte=$(q "SELECT count(*) FROM enterprises WHERE tier = 'hnte'")
out=$("$GAOQI" enterprise list --tier hnte --limit 1000 --db e.db 2>&1)
check "tier filter total" "共 $n_hnte 家企业，显示第 1–$n_hnte 家" "$(printf '%s\n' "$out" | tail -n 1)"
out=$("$GAOQI" enterprise list --tier 高新技术企业 --limit 1000 --db e.db 2>&1)
check "tier by Chinese name" "共 $n_hnte 家企业，显示第 1–$n_hnte 家" "$(printf '%s\n' "$out" | tail -n 1)"
n_area=$(q "SELECT count(*) FROM enterprises WHERE area = '530302'")
out=$("$GAOQI" enterprise list --area 530302 --db e.db 2>&1)
check "area filter total" "共 $n_area 家企业" "$(printf '%s\n' "$out" | tail -n 1 | sed 's/，.*//')"
out=$("$GAOQI" enterprise list --q 没有这家企业 --db e.db 2>&1); rc=$?
check "no match exits 0" 0 "$rc"
check "no match total" "共 0 家企业" "$(printf '%s\n' "$out" | tail -n 1)"
out=$("$GAOQI" enterprise list --offset 38 --limit 5 --db e.db 2>&1)
check "last page" "共 40 家企业，显示第 39–40 家" "$(printf '%s\n' "$out" | tail -n 1)"

uscc=$(q "SELECT uscc FROM enterprises WHERE tier = 'hnte' ORDER BY id LIMIT 1")
name=$(q "SELECT name FROM enterprises WHERE uscc = '$uscc'")
out=$("$GAOQI" enterprise show "$uscc" --db e.db 2>&1); rc=$?
check "show exits 0" 0 "$rc"
check "show names the firm" "企业名称          $name" "$(printf '%s\n' "$out" | sed -n 2p)"
printf '%s\n' "$out" | grep -q '^高企证书          GR20[0-9]*53[0-9]*，发证 '; check "show has the certificate" 0 "$?"
printf '%s\n' "$out" | grep -q '^层级变动：$'; check "show has the history" 0 "$?"
printf '%s\n' "$out" | grep -q '^知识产权：共 '; check "show has the IP" 0 "$?"
lower=$(printf '%s' "$uscc" | tr 'A-Z' 'a-z')
out2=$("$GAOQI" enterprise show "$lower" --db e.db 2>&1)
check "show accepts lower case" "$out" "$out2"

bad() { # name expected-rc expected-message args...
	local name=$1 erc=$2 emsg=$3
	shift 3
	out=$("$GAOQI" enterprise "$@" 2>&1); rc=$?
	check "$name exits $erc" "$erc" "$rc"
	check "$name message" "$emsg" "$out"
}
bad "bad check character" 1 "gaoqi enterprise: 第18位校验码应为L，实际为N" show 91110000600037341N --db e.db
bad "unknown firm" 1 "gaoqi enterprise: 企业不存在：91110000600037341L" show 91110000600037341L --db e.db
bad "bad tier" 1 "gaoqi enterprise: --tier：未知层级：gold（应为 prospect、tsme、reserve、key、hnte、leader 或 exited）" list --tier gold --db e.db
bad "bad limit" 1 "gaoqi enterprise: --limit 应为1到1000之间的整数：0" list --limit 0 --db e.db
bad "missing db" 1 "gaoqi enterprise: 数据库文件不存在：nothing.db（请先运行 gaoqi init）" list --db nothing.db
bad "show without code" 2 "gaoqi enterprise: enterprise show 缺少统一社会信用代码" show --db e.db
bad "unknown sub-command" 2 "gaoqi enterprise: 未知子命令“delete”：应为 list 或 show" delete
check "no file created for a missing db" "no" "$([ -e nothing.db ] && echo yes || echo no)"
"$GAOQI" enterprise --help | grep -q '^usage: gaoqi enterprise list'; check "--help" 0 "$?"

if [ "$fails" -ne 0 ]; then
	echo "$fails check(s) failed"
	exit 1
fi
echo "all enterprise checks passed"
