#!/usr/bin/env bash
# gaoqi serve: refuses a database it does not know (uninitialised, or made by a
# newer gaoqi) with one line and exit 1, leaving it unchanged; usage errors
# exit 2; it starts, prints its URL, answers /healthz and stops on SIGTERM
# with exit 0.
set -u
GAOQI=${1:?usage: test_serve.sh path/to/gaoqi}
T=$(mktemp -d)
PID=""
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$T"' EXIT
cd "$T" || exit 1
fails=0
check() { # name expected actual
	if [ "$2" != "$3" ]; then
		printf 'FAIL %s\n--- expected\n%s\n--- actual\n%s\n' "$1" "$2" "$3"
		fails=$((fails + 1))
	fi
}

out=$("$GAOQI" serve --help); rc=$?
check "--help exits 0" 0 "$rc"
case "$out" in "usage: gaoqi serve "*) ;; *) check "--help prints the usage" "usage: gaoqi serve …" "$out" ;; esac

"$GAOQI" serve --threads 0 --db x.db >/dev/null 2>&1; check "--threads 0 is a usage error" 2 "$?"
"$GAOQI" serve --bogus >/dev/null 2>&1; check "an unknown option is a usage error" 2 "$?"
"$GAOQI" serve --cache-ttl -1 >/dev/null 2>&1; check "a negative cache TTL is a usage error" 2 "$?"

# An empty (uninitialised) database is refused.
sqlite3 empty.db 'CREATE TABLE t (x)'
before=$(sqlite3 empty.db .dump)
out=$("$GAOQI" serve --db empty.db --listen 127.0.0.1:0 2>&1); rc=$?
check "uninitialised database exits 1" 1 "$rc"
case "$out" in *"gaoqi init"*) ;; *) check "the message says to run gaoqi init" "… gaoqi init …" "$out" ;; esac
check "one line" 1 "$(printf '%s\n' "$out" | wc -l)"
check "uninitialised database unchanged" "$before" "$(sqlite3 empty.db .dump)"

# A database migrated by a newer gaoqi (an unknown version 9999) is refused.
"$GAOQI" init --db new.db >/dev/null 2>&1
sqlite3 new.db "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_future.sql', '2030-01-01T00:00:00Z')"
before=$(sqlite3 new.db .dump)
out=$("$GAOQI" serve --db new.db --listen 127.0.0.1:0 2>&1); rc=$?
check "newer schema exits 1" 1 "$rc"
case "$out" in *9999*) ;; *) check "the message names the unknown version" "… 9999 …" "$out" ;; esac
check "newer database unchanged" "$before" "$(sqlite3 new.db .dump)"

# A bad listen address is one line, exit 1.
"$GAOQI" init --db ok.db >/dev/null 2>&1
out=$("$GAOQI" serve --db ok.db --listen nonsense 2>&1); rc=$?
check "bad listen address exits 1" 1 "$rc"
case "$out" in *"IP:端口"*) ;; *) check "the message shows the expected form" "… IP:端口 …" "$out" ;; esac

# Start on a free port, read the URL, ask /healthz, stop with SIGTERM.
"$GAOQI" serve --db ok.db --listen 127.0.0.1:0 >serve.out 2>serve.log &
PID=$!
for _ in $(seq 50); do grep -q http serve.out 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/^gaoqi serve: \(http:[^ ]*\) .*/\1/p' serve.out)
case "$url" in http://127.0.0.1:[1-9]*/) ;; *) check "prints its URL" "http://127.0.0.1:PORT/" "$url" ;; esac
check "healthz" '{"status":"ok"}' "$(curl -s "${url}healthz")"
case "$(cat serve.out)" in *"synchronous FULL)"*) ;; *) check "synchronous FULL by default" "… synchronous FULL)" "$(cat serve.out)" ;; esac
check "the serve lock file is 0600" 600 "$(stat -c %a ok.db.lock)"
kill -TERM "$PID"
wait "$PID"; rc=$?
PID=""
check "SIGTERM exits 0" 0 "$rc"
grep -q "stopped" serve.log || check "logs the stop" "… stopped" "$(tail -2 serve.log)"
check "no line per request by default" 0 "$(grep -c 'GET /healthz' serve.log)"

# --access-log: one line per request; --synchronous normal is said at start.
"$GAOQI" serve --db ok.db --listen 127.0.0.1:0 --access-log --synchronous normal >serve.out 2>serve.log &
PID=$!
for _ in $(seq 50); do grep -q http serve.out 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/^gaoqi serve: \(http:[^ ]*\) .*/\1/p' serve.out)
curl -s "${url}healthz" >/dev/null
kill -TERM "$PID"; wait "$PID"; PID=""
check "--access-log logs the request" 1 "$(grep -c 'GET /healthz 200' serve.log)"
case "$(cat serve.out)" in *"synchronous NORMAL)"*) ;; *) check "synchronous NORMAL on request" "… synchronous NORMAL)" "$(cat serve.out)" ;; esac
"$GAOQI" serve --db ok.db --synchronous off >/dev/null 2>&1; check "--synchronous off is a usage error" 2 "$?"
"$GAOQI" serve --db ok.db --session-idle 0 >/dev/null 2>&1; check "--session-idle 0 is a usage error" 2 "$?"
"$GAOQI" serve --db ok.db --session-hours x >/dev/null 2>&1; check "--session-hours x is a usage error" 2 "$?"

# Stale sessions and old login failures are purged when the server starts.
sqlite3 ok.db "INSERT INTO users (name, role, password_hash, created_at, updated_at) VALUES ('u1', 'city', 'x', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
INSERT INTO sessions (token_hash, user_id, csrf, expires_at, created_at, last_seen_at) VALUES ('expired', 1, 'c', 1000, 900, 900), ('idle', 1, 'c', 9999999999, strftime('%s','now') - 7200, strftime('%s','now') - 7200), ('live', 1, 'c', 9999999999, strftime('%s','now'), strftime('%s','now'));
INSERT INTO login_attempts (kind, key, at) VALUES ('addr', '10.0.0.1', 1000), ('addr', '10.0.0.1', strftime('%s','now'));
INSERT INTO login_throttle (account, address, failures, attempts, last_at) VALUES ('old', '10.0.0.1', 3, 3, 1000), ('new', '10.0.0.1', 3, 3, strftime('%s','now'));"
"$GAOQI" serve --db ok.db --listen 127.0.0.1:0 >serve.out 2>serve.log &
PID=$!
for _ in $(seq 50); do grep -q "purge:" serve.log 2>/dev/null && break; sleep 0.1; done
kill -TERM "$PID"; wait "$PID"; PID=""
check "expired and idle sessions purged" "live" "$(sqlite3 ok.db 'SELECT group_concat(token_hash) FROM sessions')"
check "old login failures purged" "1 new" "$(sqlite3 ok.db 'SELECT count(*) FROM login_attempts') $(sqlite3 ok.db 'SELECT group_concat(account) FROM login_throttle')"
grep -q "purge: 2 stale session(s), 2 old login failure record(s)" serve.log || check "the purge is logged" "purge: 2 stale session(s), 2 old login failure record(s)" "$(grep purge serve.log)"

[ "$fails" -eq 0 ] && echo "test_serve: all checks passed"
exit "$fails"
