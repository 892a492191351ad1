#!/usr/bin/env bash
# --db postgres://… (issue 17): until the ledger's SQL is ported every command
# refuses a PostgreSQL database with one clear line and exit 1, before any
# connection is attempted (no server is needed for this test).
set -u
GAOQI=${1:?usage: test_postgres.sh path/to/gaoqi}
fails=0
msg="PostgreSQL 后端尚未完成：账本的 SQL 尚未移植（见 issue 17）"
refuses() { # expected-text command...
	local want=$1
	shift
	out=$("$GAOQI" "$@" 2>&1)
	rc=$?
	if [ "$rc" != 1 ] || [[ "$out" != *"$want"* ]]; then
		printf 'FAIL %s\n--- rc %s, output\n%s\n' "$*" "$rc" "$out"
		fails=$((fails + 1))
	fi
}
refuses "$msg" init --db postgres://127.0.0.1:1/gaoqi
refuses "$msg" serve --db postgresql://127.0.0.1:1/gaoqi --listen 127.0.0.1:8613
refuses "$msg" demo --db postgres://127.0.0.1:1/gaoqi
refuses "$msg" user list --db postgres:
refuses "pg_dump" backup --db postgres://127.0.0.1:1/gaoqi /tmp/gaoqi-never-written.db
[ "$fails" = 0 ] && echo "test_postgres: ok"
exit "$fails"
