#!/usr/bin/env bash
# gaoqi demo: fills a new database deterministically; refuses a ledger that
# already has enterprises or users; bad input is one line, exit 1, nothing changed.
set -u
GAOQI=${1:?usage: test_demo.sh path/to/gaoqi}
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
dump() { sqlite3 "$1" .dump; }
q() { sqlite3 "$1" "$2"; }

"$GAOQI" demo --db a.db --enterprises 60 --seed 7 --password secret-pw >out.txt 2>err.txt; rc=$?
check "demo exits 0" 0 "$rc"
check "summary line" "演示数据已写入 a.db（种子 7）" "$(sed -n 1p out.txt)"
case "$(sed -n 2p out.txt)" in
"  企业 60 家：排查对象 "*"，已退出 "*) ;;
*) check "per-tier counts" "  企业 60 家：排查对象 …，已退出 …" "$(sed -n 2p out.txt)" ;;
esac
case "$(sed -n 4p out.txt)" in
"  培育台账：问题 "*"个，走访记录 "*) ;;
*) check "casework counts" "  培育台账：问题 …个，走访记录 …" "$(sed -n 4p out.txt)" ;;
esac
check "accounts header names the password" "演示账户（密码均为 secret-pw）：" "$(sed -n 5p out.txt)"
grep -q '^  admin  *admin  *系统管理员$' out.txt; check "admin account listed" 0 "$?"
grep -q '^  county-530302  *county  *麒麟区科技局（区域 530302）$' out.txt; check "county account listed" 0 "$?"
grep -q '^用时 [0-9]*\.[0-9][0-9][0-9] 秒$' err.txt; check "time on stderr" 0 "$?"
check "60 enterprises" 60 "$(q a.db 'SELECT count(*) FROM enterprises')"
check "16 demo users: admin, city, 10 county, 2 experts, enterprise, viewer" 16 "$(q a.db 'SELECT count(*) FROM users')"
check "seven tiers" 7 "$(q a.db 'SELECT count(DISTINCT tier) FROM enterprises')"
check "every USCC valid" "" "$("$GAOQI" uscc $(q a.db 'SELECT uscc FROM enterprises') | grep -v '  有效  ')"

# Same seed, same ledger; another seed, another ledger.
"$GAOQI" demo --db b.db --enterprises 60 --seed 7 --password secret-pw >/dev/null 2>&1
check "same seed gives the same enterprises" "$(q a.db 'SELECT * FROM enterprises')" "$(q b.db 'SELECT * FROM enterprises')"
ind='SELECT enterprise_id, year, staff, st_staff, sales_main, sales_other, gross_income, hitech_income, rd_personnel, rd_other, total_assets, conversions FROM indicators ORDER BY 1, 2'
check "same seed gives the same indicators" "$(q a.db "$ind" | md5sum)" "$(q b.db "$ind" | md5sum)"
ipq='SELECT enterprise_id, kind, number, title, granted_on, used_in_recognition FROM ip_items ORDER BY id'
check "same seed gives the same IP" "$(q a.db "$ipq" | md5sum)" "$(q b.db "$ipq" | md5sum)"
"$GAOQI" demo --db c.db --enterprises 60 --seed 8 --password secret-pw >/dev/null 2>&1
if [ "$(q a.db 'SELECT uscc FROM enterprises')" = "$(q c.db 'SELECT uscc FROM enterprises')" ]; then
	check "another seed gives other firms" "different" "same"
fi

# A ledger that already has enterprises is refused and left unchanged.
before=$(dump a.db)
out=$("$GAOQI" demo --db a.db --enterprises 5 2>&1); rc=$?
check "second demo exits 1" 1 "$rc"
check "second demo message" "gaoqi demo: 数据库中已有16个用户，演示数据只写入新的数据库" "$out"
check "second demo leaves the database unchanged" "$before" "$(dump a.db)"

# An initialised ledger without users or enterprises is accepted.
"$GAOQI" init --db i.db >/dev/null 2>&1
out=$("$GAOQI" demo --db i.db --enterprises 8 --password secret-pw 2>/dev/null | sed -n 2p)
case "$out" in "  企业 8 家："*) ;; *) check "demo into an initialised db" "  企业 8 家：…" "$out" ;; esac

# Bad values: one line, exit 1, no database created.
for args in "--enterprises abc" "--enterprises 0" "--enterprises 1000001" "--enterprises -5" "--seed x1" "--password short"; do
	# shellcheck disable=SC2086
	out=$("$GAOQI" demo --db n.db $args 2>&1); rc=$?
	check "demo $args exits 1" 1 "$rc"
	check "demo $args is one line" 1 "$(printf '%s\n' "$out" | wc -l)"
	check "demo $args creates no database" "no" "$([ -e n.db ] && echo yes || echo no)"
done
check "--enterprises message" "gaoqi demo: --enterprises 应为1到1000000之间的整数：abc" "$("$GAOQI" demo --db n.db --enterprises abc 2>&1)"
check "--password message" "gaoqi demo: --password 应为8到256个字节" "$("$GAOQI" demo --db n.db --password short 2>&1)"
out=$("$GAOQI" demo --db n.db --frobnicate 2>&1); rc=$?
check "unknown option exits 2" 2 "$rc"
check "unknown option message" "gaoqi demo: 未知选项“--frobnicate”（gaoqi demo --help 查看用法）" "$out"
out=$("$GAOQI" demo --db 2>&1); rc=$?
check "--db without value exits 2" 2 "$rc"
"$GAOQI" demo --help | grep -q '^usage: gaoqi demo'; check "--help" 0 "$?"

if [ "$fails" -ne 0 ]; then
	echo "$fails check(s) failed"
	exit 1
fi
echo "all demo checks passed"
