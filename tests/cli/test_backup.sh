#!/usr/bin/env bash
# gaoqi backup: a consistent copy with the online backup API, also while a
# writer holds the database; never overwrites; bad input exit 1 / 2.
set -u
GAOQI=${1:?usage: test_backup.sh path/to/gaoqi}
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

"$GAOQI" demo --db s.db --enterprises 30 --password secret-pw >/dev/null 2>&1 || { echo "demo failed"; exit 1; }

out=$("$GAOQI" backup b1.db --db s.db 2>&1); rc=$?
check "backup exits 0" 0 "$rc"
case "$out" in "已备份 s.db → b1.db（"*" 字节，结构版本 "*"）") ;; *) check "backup message" "已备份 s.db → b1.db（… 字节，结构版本 …）" "$out" ;; esac
check "copy equals the source" "$(sqlite3 s.db .dump)" "$(sqlite3 b1.db .dump)"
check "copy passes integrity_check" "ok" "$(sqlite3 b1.db 'PRAGMA integrity_check')"

# While another connection holds an open read transaction and a writer has committed.
sqlite3 s.db "UPDATE enterprises SET tags = 'changed' WHERE id = 1"
( printf 'BEGIN;\nSELECT count(*) FROM enterprises;\n'; sleep 2; printf 'COMMIT;\n' ) | sqlite3 s.db >/dev/null &
reader=$!
sleep 0.3
out=$("$GAOQI" backup b2.db --db s.db 2>&1); rc=$?
wait "$reader"
check "backup during a read transaction exits 0" 0 "$rc"
check "the copy has the committed write" "changed" "$(sqlite3 b2.db 'SELECT tags FROM enterprises WHERE id = 1')"

out=$("$GAOQI" backup b1.db --db s.db 2>&1); rc=$?
check "existing destination exits 1" 1 "$rc"
check "existing destination message" "gaoqi backup: 备份文件已存在：b1.db（不会覆盖）" "$out"
out=$("$GAOQI" backup b3.db --db missing.db 2>&1); rc=$?
check "missing source exits 1" 1 "$rc"
check "missing source message" "gaoqi backup: 数据库文件不存在：missing.db" "$out"
check "missing source creates nothing" "no no" "$([ -e missing.db ] && echo yes || echo no) $([ -e b3.db ] && echo yes || echo no)"
out=$("$GAOQI" backup --db s.db 2>&1); rc=$?
check "no destination exits 2" 2 "$rc"
check "no destination message" "gaoqi backup: 缺少备份文件路径（gaoqi backup DEST）" "$out"
out=$("$GAOQI" backup a.db b.db --db s.db 2>&1); rc=$?
check "two destinations exit 2" 2 "$rc"
"$GAOQI" backup --help | grep -q '^usage: gaoqi backup'; check "--help" 0 "$?"

if [ "$fails" -ne 0 ]; then
	echo "$fails check(s) failed"
	exit 1
fi
echo "all backup checks passed"
