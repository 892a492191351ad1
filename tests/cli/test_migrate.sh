#!/usr/bin/env bash
# gaoqi migrate --from city.db --to postgres://… (issue 17): a demo database
# (with odd values added: tabs, newlines, backslashes, NULL beside '', any
# Unicode, a blob) is copied into a throwaway PostgreSQL server
# (pg_virtualenv, as tests/unit/store/pg.sh) and every table is printed 一致;
# a second copy into the same target, a bad --from and targets or sources at
# another migration level are refused. SKIPPED (77) without pg_virtualenv or
# a PostgreSQL server.
set -u
GAOQI=$(realpath "${1:?usage: test_migrate.sh path/to/gaoqi}")
if ! command -v pg_virtualenv >/dev/null 2>&1 || ! command -v sqlite3 >/dev/null 2>&1; then
	echo "SKIPPED: pg_virtualenv or sqlite3 not found (make deps)"
	exit 77
fi
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
	echo "SKIPPED: no PostgreSQL server installed (make deps)"
	exit 77
fi
dir=$(mktemp -d /tmp/gaoqi-migrate-XXXXXX)
trap 'rm -rf "$dir"' EXIT
"$GAOQI" demo --db "$dir/city.db" --enterprises 40 >/dev/null 2>&1 || {
	echo "FAIL demo"
	exit 1
}
# values a copy could get wrong
sqlite3 "$dir/city.db" "
UPDATE enterprises SET name = 'Tab'||char(9)||'NL'||char(10)||'CR'||char(13)||'BS\\N \\\\ 曲靖 ☃ 𠀀' WHERE id = (SELECT min(id) FROM enterprises);
UPDATE enterprises SET address = '' WHERE id = (SELECT max(id) FROM enterprises);
UPDATE policy_files SET data = X'00FF5C0A095C4E' WHERE policy_id = (SELECT min(policy_id) FROM policy_files);
" || {
	echo "FAIL sqlite3 update"
	exit 1
}

# without a server: an unreachable target, and a source in use by gaoqi serve
early=0
out=$("$GAOQI" migrate --from "$dir/city.db" --to postgres://127.0.0.1:1/gaoqi 2>&1)
rc=$?
if [ "$rc" != 1 ] || [[ "$out" != *"无法连接 PostgreSQL"* ]] || [[ "$out" == *127.0.0.1:1* ]]; then
	printf 'FAIL unreachable target: rc %s: %s\n' "$rc" "$out"
	early=1
fi
"$GAOQI" serve --db "$dir/city.db" --listen 127.0.0.1:8202 >"$dir/serve.log" 2>&1 &
serve=$!
for _ in $(seq 50); do
	grep -q "http://127.0.0.1:8202" "$dir/serve.log" 2>/dev/null && break
	sleep 0.1
done
out=$("$GAOQI" migrate --from "$dir/city.db" --to postgres://127.0.0.1:1/gaoqi 2>&1)
rc=$?
kill "$serve"
wait "$serve" 2>/dev/null
if [ "$rc" != 1 ] || [[ "$out" != *"gaoqi serve"* ]]; then
	printf 'FAIL source in use: rc %s: %s\n' "$rc" "$out"
	early=1
fi
[ "$early" = 0 ] || exit 1

export GAOQI DIR="$dir"
export PGPORT=$((20000 + RANDOM % 20000)) # a port of our own, as tests/unit/store/pg.sh
pg_virtualenv -t bash -s <<'EOF' 2>&1 | grep -v '^[0-9-]* [0-9:.]* UTC \['
set -u
fails=0
fail() {
	printf 'FAIL %s\n' "$*"
	fails=$((fails + 1))
}
url="postgresql://$PGUSER:$PGPASSWORD@$PGHOST:$PGPORT/$PGDATABASE"
# 1. a copy into a new database: every table 一致
out=$("$GAOQI" migrate --from "$DIR/city.db" --to "$url" 2>&1)
rc=$?
tables=$(sqlite3 "$DIR/city.db" "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name NOT LIKE 'policies_fts%' AND name <> 'schema_migrations'")
same=$(printf '%s\n' "$out" | grep -c ' 一致$')
if [ "$rc" != 0 ] || [ "$same" != "$tables" ] || [[ "$out" == *不一致* ]] || [[ "$out" != *表名*校验* ]]; then
	fail "migrate: rc $rc, $same of $tables tables 一致"
	printf '%s\n' "$out"
fi
for t in users audit_log sessions enterprises announcement_files; do
	[[ "$out" == *"$t "* ]] || fail "table $t not in the report"
done
# the values came over exactly, NULL apart from ''
q() { psql "$url" -XAtqc "$1"; }
[ "$(q "SELECT name FROM enterprises ORDER BY id LIMIT 1")" = "$(sqlite3 "$DIR/city.db" "SELECT name FROM enterprises ORDER BY id LIMIT 1")" ] ||
	fail "odd name differs"
[ "$(q "SELECT address = '' FROM enterprises ORDER BY id DESC LIMIT 1")" = t ] || fail "'' became NULL"
[ "$(q "SELECT encode(data, 'hex') FROM policy_files ORDER BY policy_id LIMIT 1")" = 00ff5c0a095c4e ] ||
	fail "blob differs"
[ "$(q "SELECT count(*) FROM schema_migrations")" = "$(sqlite3 "$DIR/city.db" "SELECT count(*) FROM schema_migrations")" ] ||
	fail "migration levels differ"
# identity sequences continue after the copied ids; triggers work again
[ "$(q "SELECT nextval(pg_get_serial_sequence('audit_log', 'id')) > (SELECT max(id) FROM audit_log)")" = t ] ||
	fail "audit_log sequence not set"
before=$(q "SELECT coalesce(sum(n), 0) FROM enterprise_counts")
[ "$before" = "$(sqlite3 "$DIR/city.db" "SELECT coalesce(sum(n), 0) FROM enterprise_counts")" ] ||
	fail "enterprise_counts differ"
q "INSERT INTO enterprises (uscc, name, area, created_at, updated_at) SELECT '91530302MA6KTEST01', 'x', area, 'x', 'x' FROM enterprises LIMIT 1" >/dev/null
[ "$(q "SELECT sum(n) FROM enterprise_counts")" = $((before + 1)) ] || fail "counts trigger not enabled"

# 2. a second copy into the same (non-empty) target: refused, naming a table
out=$("$GAOQI" migrate --from "$DIR/city.db" --to "$url" 2>&1)
rc=$?
[ "$rc" = 1 ] && [[ "$out" == *目标数据库不为空：表*已有* ]] || fail "second migrate: rc $rc: $out"

# 3. bad sources and targets
q "CREATE DATABASE other" >/dev/null
other="postgresql://$PGUSER:$PGPASSWORD@$PGHOST:$PGPORT/other"
refused() { # rc expected-text args...
	local want_rc=$1 want=$2
	shift 2
	out=$("$GAOQI" migrate "$@" 2>&1)
	rc=$?
	[ "$rc" = "$want_rc" ] && [[ "$out" == *"$want"* ]] || fail "migrate $*: rc $rc: $out"
}
refused 1 "源数据库文件不存在" --from "$DIR/none.db" --to "$other"
echo "not a database" >"$DIR/text.db"
refused 1 "无法读取源数据库" --from "$DIR/text.db" --to "$other"
refused 2 "--from 应为 SQLite" --from "$other" --to "$other"
refused 2 "--to 应为 PostgreSQL" --from "$DIR/city.db" --to "$DIR/x.db"
refused 2 "缺少 --to" --from "$DIR/city.db"
# a source one migration behind this binary
cp "$DIR/city.db" "$DIR/old.db"
sqlite3 "$DIR/old.db" "DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)"
refused 1 "源数据库结构版本" --from "$DIR/old.db" --to "$other"
# a target at a level this binary does not know
psql "$other" -XAtqc "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL); INSERT INTO schema_migrations VALUES (9999, '9999_future.sql', 'x')"
refused 1 "数据库结构版本9999" --from "$DIR/city.db" --to "$other"
# nothing was copied into it
[ "$(psql "$other" -XAtqc "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")" = 1 ] ||
	fail "the refused target was changed"
[ "$fails" = 0 ] && echo "test_migrate: ok"
exit "$fails"
EOF
exit "${PIPESTATUS[0]}"
