#!/usr/bin/env bash
# bench/verdicts.sh — the stored assessments' acceptance (issue 13): the
# ledger's verdict filter and the dashboard's verdict counts over 100,000
# firms answer in under 50 ms, and equal a fresh `gaoqi assess --db DB --all`.
#
#   bash bench/verdicts.sh [RUNS]      (default 20 requests per URL)
#
# Environment: BUILD (default build), BENCH_DB (default $BUILD/bench-100k.db,
# created with `gaoqi demo --enterprises 100000` when absent). The server
# runs with --cache-ttl 0 so that every request is computed afresh.
# Prints, per URL and role, the median and the worst time in ms (curl's
# time_total on loopback), then the time of `gaoqi reassess` (the daily run)
# and the equality check.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD=${BUILD:-build}
DB=${BENCH_DB:-$BUILD/bench-100k.db}
RUNS=${1:-20}
PASSWORD=benchpass2026
BIN=$BUILD/gaoqi
[ -x "$BIN" ] || { cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null && cmake --build "$BUILD" -j2 --target gaoqi; }
if [ ! -f "$DB" ]; then
	echo "creating $DB (100,000 enterprises)…"
	"$BIN" demo --db "$DB" --enterprises 100000 --password "$PASSWORD" >/dev/null
fi

TMP=$(mktemp -d)
SRV_PID=""
cleanup() {
	[ -n "$SRV_PID" ] && kill "$SRV_PID" 2>/dev/null && wait "$SRV_PID" 2>/dev/null || true
	rm -rf "$TMP"
}
trap cleanup EXIT

echo "gaoqi reassess (every firm assessed and stored, reminders rebuilt):"
"$BIN" reassess --db "$DB"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
"$BIN" serve --db "$DB" --listen "127.0.0.1:$PORT" --cache-ttl 0 >"$TMP/out" 2>"$TMP/log" &
SRV_PID=$!
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 100); do curl -sf "$BASE/healthz" >/dev/null && break; sleep 0.1; done

login() { # USER → cookie header
	curl -sf -c "$TMP/jar-$1" -H 'Content-Type: application/json' \
		-d "{\"username\":\"$1\",\"password\":\"$PASSWORD\"}" "$BASE/api/v1/session" >/dev/null
	echo "Cookie: gaoqi_session=$(awk '$6=="gaoqi_session"{print $7}' "$TMP/jar-$1")"
}

measure() { # LABEL COOKIE PATH
	local times=()
	for _ in $(seq "$RUNS"); do
		times+=("$(curl -s -o /dev/null -w '%{time_total}' -H "$2" "$BASE$3")")
	done
	printf '%s\n' "${times[@]}" | python3 -c "
import sys
t = sorted(float(x) * 1000 for x in sys.stdin)
print(f'  {\"$1\":<52} median {t[len(t)//2]:6.1f} ms   worst {t[-1]:6.1f} ms   ({len(t)} runs)')"
}

ADMIN=$(login admin)
COUNTY=$(login county-530302)
echo "requests (server --cache-ttl 0):"
for who in admin county; do
	C=$ADMIN; [ $who = county ] && C=$COUNTY
	measure "$who GET /dashboard/verdicts" "$C" "/api/v1/dashboard/verdicts"
	for v in pass borderline fail incomplete; do
		measure "$who GET /enterprises?verdict=$v" "$C" "/api/v1/enterprises?verdict=$v"
	done
	measure "$who GET /enterprises?verdict=fail&sort=uscc&page=100" "$C" \
		"/api/v1/enterprises?verdict=fail&sort=uscc&page=100"
done

echo "equality with a fresh gaoqi assess --db DB --all:"
curl -sf -H "$ADMIN" "$BASE/api/v1/dashboard/verdicts" >"$TMP/stored.json"
for v in pass borderline fail incomplete; do
	curl -sf -H "$ADMIN" "$BASE/api/v1/enterprises?verdict=$v&page_size=1" >"$TMP/list-$v.json"
done
"$BIN" assess --db "$DB" --all --summary >"$TMP/fresh.json"
python3 - "$TMP" <<'PY'
import json, sys
d = sys.argv[1]
stored = json.load(open(f"{d}/stored.json"))["all"]
fresh = json.load(open(f"{d}/fresh.json"))["hnte"]
lists = {v: json.load(open(f"{d}/list-{v}.json"))["total"] for v in fresh}
ok = stored == fresh == lists
print(f"  stored counts {stored}\n  list totals   {lists}\n  fresh assess  {fresh}\n  {'EQUAL' if ok else 'DIFFERENT'}")
sys.exit(0 if ok else 1)
PY
