#!/usr/bin/env bash
# gaoqi user add|list|passwd|disable|enable: passwords from stdin only; bad
# input is one line, exit 1 (2 for usage), database unchanged.
set -u
GAOQI=${1:?usage: test_user.sh path/to/gaoqi}
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

# No database yet: refused, and no file is created.
out=$(printf 'password1\n' | "$GAOQI" user add li --role admin --password-stdin --db none.db 2>&1); rc=$?
check "missing database exits 1" 1 "$rc"
check "missing database message" "gaoqi user: 数据库文件不存在：none.db（请先运行 gaoqi init）" "$out"
check "no file created" "no" "$([ -e none.db ] && echo yes || echo no)"

"$GAOQI" init --db u.db >/dev/null || exit 1

out=$(printf 'county-pass-1\n' | "$GAOQI" user add li --role county --area 530302 --area 530303 --display 李四 --password-stdin --db u.db 2>&1); rc=$?
check "add county exits 0" 0 "$rc"
check "add county message" "已创建用户 li（县级）" "$out"
check "areas stored" "530302
530303" "$(q u.db "SELECT area FROM user_areas a JOIN users u ON u.id = a.user_id WHERE u.name = 'li' ORDER BY area")"
case "$(q u.db "SELECT password_hash FROM users WHERE name = 'li'")" in
'$argon2id$'*) ;;
*) check "argon2id hash" '$argon2id$…' "$(q u.db "SELECT password_hash FROM users WHERE name = 'li'")" ;;
esac
check "audited" 1 "$(q u.db "SELECT count(*) FROM audit_log WHERE table_name = 'users' AND row_key = 'li'")"
check "audit row keeps no hash" 0 "$(q u.db "SELECT count(*) FROM audit_log WHERE after_json LIKE '%argon2%'")"

printf 'admin-pass-1\n' | "$GAOQI" user add boss --role admin --password-stdin --db u.db >/dev/null 2>&1
out=$("$GAOQI" user list --db u.db 2>&1); rc=$?
check "list exits 0" 0 "$rc"
check "list table" "用户名  角色        显示名  状态  区域/企业
boss    admin               正常  
li      county      李四    正常  530302,530303
共 2 个用户" "$out"

# Bad input: exit 1, one line, database unchanged.
before=$(dump u.db)
bad() { # name expected-rc expected-message stdin args...
	local name=$1 erc=$2 emsg=$3 input=$4
	shift 4
	out=$(printf '%s' "$input" | "$GAOQI" user "$@" --db u.db 2>&1); rc=$?
	check "$name exits $erc" "$erc" "$rc"
	check "$name message" "$emsg" "$out"
	check "$name leaves the database unchanged" "$before" "$(dump u.db)"
}
bad "duplicate name" 1 "gaoqi user: 用户名已存在：li" $'another-pass\n' add li --role city --password-stdin
bad "unknown role" 1 "gaoqi user: 未知角色：boss（应为 admin、city、county、expert、enterprise 或 viewer）" $'another-pass\n' add wang --role boss --password-stdin
bad "short password" 1 "gaoqi user: 密码应为8到256个字节，实际为5个" $'short\n' add wang --role city --password-stdin
bad "empty stdin" 1 "gaoqi user: 没有从标准输入读到密码" '' add wang --role city --password-stdin
bad "no --password-stdin" 2 "gaoqi user: 需要 --password-stdin：密码从标准输入读取，不放在命令行上" '' add wang --role city
bad "no --role" 2 "gaoqi user: user add 需要 --role" $'another-pass\n' add wang --password-stdin
bad "unknown sub-command" 2 "gaoqi user: 未知子命令“remove”：应为 add、list、passwd、disable 或 enable" '' remove li
bad "unknown user for passwd" 1 "gaoqi user: 用户不存在" $'another-pass\n' passwd nobody --password-stdin
out=$(printf 'another-pass\n' | "$GAOQI" user add wang --role county --password-stdin --db u.db 2>&1); rc=$?
check "county without area exits 1" 1 "$rc"
check "county without area is one line" 1 "$(printf '%s\n' "$out" | wc -l)"
check "county without area leaves the database unchanged" "$before" "$(dump u.db)"
out=$(printf 'another-pass\n' | "$GAOQI" user add wang --role county --area 999999 --password-stdin --db u.db 2>&1); rc=$?
check "unknown area exits 1" 1 "$rc"
check "unknown area leaves the database unchanged" "$before" "$(dump u.db)"

# passwd, disable, enable.
old=$(q u.db "SELECT password_hash FROM users WHERE name = 'li'")
out=$(printf 'new-county-pass\n' | "$GAOQI" user passwd li --password-stdin --db u.db 2>&1); rc=$?
check "passwd exits 0" 0 "$rc"
check "passwd message" "已修改用户 li 的密码" "$out"
check "hash changed" 1 "$(q u.db "SELECT password_hash <> '$old' FROM users WHERE name = 'li'")"
out=$("$GAOQI" user disable li --db u.db 2>&1); rc=$?
check "disable exits 0" 0 "$rc"
check "disable message" "已停用用户 li" "$out"
check "disabled flag" 1 "$(q u.db "SELECT disabled FROM users WHERE name = 'li'")"
"$GAOQI" user list --db u.db | grep -q '^li .* 停用  530302,530303$'; check "list shows 停用" 0 "$?"
out=$("$GAOQI" user enable li --db u.db 2>&1); rc=$?
check "enable message" "已启用用户 li" "$out"
check "enabled flag" 0 "$(q u.db "SELECT disabled FROM users WHERE name = 'li'")"

"$GAOQI" user --help | grep -q '^usage: gaoqi user add'; check "--help" 0 "$?"
out=$("$GAOQI" user 2>&1); rc=$?
check "no sub-command exits 2" 2 "$rc"

if [ "$fails" -ne 0 ]; then
	echo "$fails check(s) failed"
	exit 1
fi
echo "all user checks passed"
