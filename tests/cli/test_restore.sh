#!/usr/bin/env bash
# gaoqi restore: verifies the backup first (integrity, gaoqi schema of a known
# version) and changes nothing when it fails; refuses while gaoqi serve holds
# the database; removes a leftover -wal/-shm so that it is never replayed onto
# the restored copy; database, backup and restored files are 0600.
set -u
GAOQI=${1:?usage: test_restore.sh path/to/gaoqi}
T=$(mktemp -d)
PID=""
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$T"' EXIT
case "$GAOQI" in /*) ;; *) GAOQI=$PWD/$GAOQI ;; esac
cd "$T" || exit 1
umask 022
fails=0
check() { # name expected actual
	if [ "$2" != "$3" ]; then
		printf 'FAIL %s\n--- expected\n%s\n--- actual\n%s\n' "$1" "$2" "$3"
		fails=$((fails + 1))
	fi
}
mode() { stat -c %a "$1"; }

"$GAOQI" demo --db s.db --enterprises 20 --password secret-pw-2026 >/dev/null 2>&1 || { echo "demo failed"; exit 1; }
check "a new database is 0600" 600 "$(mode s.db)"
"$GAOQI" backup b.db --db s.db >/dev/null 2>&1
check "a backup is 0600" 600 "$(mode b.db)"
want=$(sqlite3 b.db 'SELECT tags FROM enterprises WHERE id = 1')

# A commit left in the WAL by a process killed with -9 (it never checkpoints).
leave_wal() {
	rm -f feed
	mkfifo feed
	sqlite3 s.db <feed >/dev/null &
	local writer=$!
	exec 3>feed
	printf "PRAGMA wal_autocheckpoint = 0;\nUPDATE enterprises SET tags = '%s' WHERE id = 1;\n" "$1" >&3
	for _ in $(seq 50); do [ "$(sqlite3 s.db 'SELECT tags FROM enterprises WHERE id = 1')" = "$1" ] && break; sleep 0.1; done
	kill -9 "$writer"
	wait "$writer" 2>/dev/null
	exec 3>&-
}
leave_wal from-the-wal
check "the WAL holds the commit" "yes" "$([ -s s.db-wal ] && echo yes || echo no)"

# Bad backups change nothing.
before=$(sha256sum s.db s.db-wal)
printf 'not a database at all, not at all, not at all, not at all, not at all!!' >junk.db
out=$("$GAOQI" restore junk.db --db s.db 2>&1); rc=$?
out=$(printf '%s\n' "$out" | tail -1)
check "a file that is not a database exits 1" 1 "$rc"
case "$out" in "gaoqi restore: 备份未通过检查，未做任何改动："*) ;; *) check "junk message" "gaoqi restore: 备份未通过检查，未做任何改动：…" "$out" ;; esac
cp b.db damaged.db
sqlite3 damaged.db 'PRAGMA journal_mode = DELETE' >/dev/null
# The header of an index's root page overwritten: the b-tree no longer parses.
page=$(sqlite3 damaged.db "SELECT rootpage FROM sqlite_master WHERE type = 'index' AND tbl_name = 'enterprises' ORDER BY name LIMIT 1")
size=$(sqlite3 damaged.db 'PRAGMA page_size')
printf 'garbage garbage garbage garbage garbage' | dd of=damaged.db bs=1 seek=$(((page - 1) * size)) conv=notrunc 2>/dev/null
out=$("$GAOQI" restore damaged.db --db s.db 2>&1); rc=$?
check "a damaged backup exits 1" 1 "$rc"
case "$out" in *"已损坏"*) ;; *) check "damaged message" "… 已损坏 …" "$out" ;; esac
sqlite3 other.db 'CREATE TABLE t (x)'
out=$("$GAOQI" restore other.db --db s.db 2>&1); rc=$?
check "a database that is not gaoqi's exits 1" 1 "$rc"
check "not gaoqi message" "gaoqi restore: 备份未通过检查，未做任何改动：other.db 不是 gaoqi 数据库的备份" "$out"
cp b.db newer.db
sqlite3 newer.db "INSERT INTO schema_migrations VALUES (9999, '9999_future.sql', '2030-01-01T00:00:00Z')"
out=$("$GAOQI" restore newer.db --db s.db 2>&1); rc=$?
check "a newer schema exits 1" 1 "$rc"
case "$out" in *9999*) ;; *) check "newer message names the version" "… 9999 …" "$out" ;; esac
check "refused restores changed nothing" "$before" "$(sha256sum s.db s.db-wal)"

# Refused while a server holds the database.
"$GAOQI" serve --db s.db --listen 127.0.0.1:0 >serve.out 2>serve.log &
PID=$!
for _ in $(seq 50); do grep -q http serve.out 2>/dev/null && break; sleep 0.1; done
out=$("$GAOQI" restore b.db --db s.db 2>&1); rc=$?
check "restore while serving exits 1" 1 "$rc"
check "restore while serving message" "gaoqi restore: 数据库 s.db 正由 gaoqi serve 使用，请先停止服务" "$out"
kill -TERM "$PID"; wait "$PID"; PID=""

# Again the leftover WAL, then the restore.
leave_wal again-from-the-wal
check "the WAL holds the commit again" "yes" "$([ -s s.db-wal ] && echo yes || echo no)"
out=$("$GAOQI" restore b.db --db s.db 2>&1); rc=$?
check "restore exits 0" 0 "$rc"
case "$out" in "已从 b.db 恢复 s.db（结构版本 "*"）") ;; *) check "restore message" "已从 b.db 恢复 s.db（结构版本 …）" "$out" ;; esac
check "no -wal or -shm left" "no no" "$([ -e s.db-wal ] && echo yes || echo no) $([ -e s.db-shm ] && echo yes || echo no)"
check "the restored copy has the backup's value, not the WAL's" "$want" "$(sqlite3 s.db 'SELECT tags FROM enterprises WHERE id = 1')"
check "the restored copy passes integrity_check" ok "$(sqlite3 s.db 'PRAGMA integrity_check')"
check "the restored copy equals the backup" "$(sqlite3 b.db .dump)" "$(sqlite3 s.db .dump)"
check "the restored file is 0600" 600 "$(mode s.db)"
check "no temporary file left" "" "$(ls | grep restore-)"
"$GAOQI" serve --db s.db --listen 127.0.0.1:0 >serve.out 2>serve.log &
PID=$!
for _ in $(seq 50); do grep -q http serve.out 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/^gaoqi serve: \(http:[^ ]*\) .*/\1/p' serve.out)
check "the server starts on the restored database" '{"status":"ok"}' "$(curl -s "${url}healthz")"
kill -TERM "$PID"; wait "$PID"; PID=""

# A restore into a new path; usage errors.
out=$("$GAOQI" restore b.db --db fresh.db 2>&1); rc=$?
check "restore to a new path exits 0" 0 "$rc"
check "the new file is 0600" 600 "$(mode fresh.db)"
out=$("$GAOQI" restore missing.db --db s.db 2>&1); rc=$?
check "missing backup exits 1" 1 "$rc"
check "missing backup message" "gaoqi restore: 备份文件不存在：missing.db" "$out"
"$GAOQI" restore --db s.db >/dev/null 2>&1; check "no backup is a usage error" 2 "$?"
"$GAOQI" restore a.db b.db >/dev/null 2>&1; check "two backups are a usage error" 2 "$?"
"$GAOQI" restore --help | grep -q '^usage: gaoqi restore'; check "--help" 0 "$?"

if [ "$fails" -ne 0 ]; then
	echo "$fails check(s) failed"
	exit 1
fi
echo "all restore checks passed"
