#!/usr/bin/env bash
# bench/api.sh — the JSON API under wrk, beside nginx serving the same bytes
# from a static file (the ceiling on this machine). Loopback only.
#
#   bash bench/api.sh [DURATION_SECONDS]      (default 10; the soak run is 60 s)
#
# Environment: BUILD (default build), BENCH_DB (default $BUILD/bench-100k.db,
# created with `gaoqi demo --enterprises 100000` when absent), CONNECTIONS
# (default 50), THREADS (wrk threads, default 2), SOAK (seconds, default 60;
# 0 skips the soak run), CACHE_TTL (the first server's --cache-ttl in ms,
# default 1000; a second server always runs with 0, every request computed
# afresh, for the "uncached" lines), SERVER_THREADS (the servers' --threads,
# default their own: 2 × CPUs).
#
# Prints for each endpoint: req/s, p50 and p99 latency for gaoqi and nginx
# and the ratio; then the soak run's RSS samples and error count.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD=${BUILD:-build}
DB=${BENCH_DB:-$BUILD/bench-100k.db}
DUR=${1:-10}
CONN=${CONNECTIONS:-50}
WRK_THREADS=${THREADS:-2}
SOAK=${SOAK:-60}
CACHE_TTL=${CACHE_TTL:-1000}
SERVER_THREADS=${SERVER_THREADS:-}
PASSWORD=benchpass2026
BIN=$BUILD/gaoqi

need() { command -v "$1" >/dev/null 2>&1; }
if ! need wrk || { ! need nginx && [ ! -x /usr/sbin/nginx ]; }; then
	echo "installing wrk and nginx (Debian packages)…"
	SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
	$SUDO apt-get install -y -qq --no-install-recommends wrk nginx-light >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

[ -x "$BIN" ] || { cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null && cmake --build "$BUILD" -j2 --target gaoqi; }

if [ ! -f "$DB" ]; then
	echo "creating $DB (100,000 enterprises)…"
	/usr/bin/time -f "  demo: %es, %M KB peak" "$BIN" demo --db "$DB" --enterprises 100000 --password "$PASSWORD" >/dev/null
fi

TMP=$(mktemp -d)
SRV_PID=""
USRV_PID=""
NGX_PID=""
cleanup() {
	[ -n "$SRV_PID" ] && kill "$SRV_PID" 2>/dev/null && wait "$SRV_PID" 2>/dev/null || true
	[ -n "$USRV_PID" ] && kill "$USRV_PID" 2>/dev/null && wait "$USRV_PID" 2>/dev/null || true
	[ -n "$NGX_PID" ] && kill "$NGX_PID" 2>/dev/null && wait "$NGX_PID" 2>/dev/null || true
	rm -rf "$TMP"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

PORT=$(free_port)
# wrk's connections all come from 127.0.0.1: lift the per-address limit
# (default 32) above them, as --per-ip does for a proxy in front.
"$BIN" serve --db "$DB" --listen "127.0.0.1:$PORT" --cache-ttl "$CACHE_TTL" \
	--per-ip $((CONN + 16)) ${SERVER_THREADS:+--threads "$SERVER_THREADS"} >"$TMP/serve.out" 2>"$TMP/serve.log" &
SRV_PID=$!
# … and a second server on the same database that computes every answer
# afresh (--cache-ttl 0): the uncached figures of issue 11.
UPORT=$(free_port)
"$BIN" serve --db "$DB" --listen "127.0.0.1:$UPORT" --cache-ttl 0 \
	--per-ip $((CONN + 16)) ${SERVER_THREADS:+--threads "$SERVER_THREADS"} >/dev/null 2>"$TMP/serve-uncached.log" &
USRV_PID=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$UPORT/healthz" >/dev/null && break; sleep 0.1; done
BASE="http://127.0.0.1:$PORT"
UBASE="http://127.0.0.1:$UPORT"

# Log in as admin (the demo's user) and keep the session cookie.
curl -sf -c "$TMP/jar" -H 'Content-Type: application/json' \
	-d "{\"username\":\"admin\",\"password\":\"$PASSWORD\"}" "$BASE/api/v1/session" >/dev/null ||
	{ echo "login failed (is $DB a demo database with password $PASSWORD?)"; exit 1; }
TOKEN=$(awk '$6=="gaoqi_session"{print $7}' "$TMP/jar")
COOKIE="Cookie: gaoqi_session=$TOKEN"

AREA=$(curl -sf -H "$COOKIE" "$BASE/api/v1/areas" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["code"])')
LIST="/api/v1/enterprises?area=$AREA&page=1"
USCC=$(curl -sf -H "$COOKIE" "$BASE$LIST" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["uscc"])')
ASSESS="/api/v1/enterprises/$USCC/assessment"

# nginx serves the very same bytes as static files.
mkdir -p "$TMP/www"
curl -sf -H "$COOKIE" "$BASE$LIST" >"$TMP/www/list.json"
curl -sf -H "$COOKIE" "$BASE$ASSESS" >"$TMP/www/assess.json"
NPORT=$(free_port)
cat >"$TMP/nginx.conf" <<CONF
worker_processes auto;
daemon off;
pid $TMP/nginx.pid;
error_log $TMP/nginx-error.log;
events { worker_connections 1024; }
http {
	access_log off;
	default_type application/json;
	keepalive_requests 100000;
	server {
		listen 127.0.0.1:$NPORT;
		root $TMP/www;
	}
}
CONF
"$NGINX" -c "$TMP/nginx.conf" -p "$TMP" 2>/dev/null &
NGX_PID=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$NPORT/list.json" >/dev/null && break; sleep 0.1; done

echo "list body: $(wc -c <"$TMP/www/list.json") bytes (50 rows of area $AREA); assessment body: $(wc -c <"$TMP/www/assess.json") bytes"
echo "wrk: $WRK_THREADS threads, $CONN connections, ${DUR}s each; $(nproc) CPUs shared by server and wrk"
head -1 "$TMP/serve.out"
echo "server --cache-ttl $CACHE_TTL; nginx worker_processes auto"

# run_wrk URL [header] → "req/s p50 p99 errors"
run_wrk() {
	local out
	if [ -n "${2:-}" ]; then
		out=$(wrk -t"$WRK_THREADS" -c"$CONN" -d"${DUR}s" --latency -H "$2" "$1")
	else
		out=$(wrk -t"$WRK_THREADS" -c"$CONN" -d"${DUR}s" --latency "$1")
	fi
	local rps p50 p99 errs
	rps=$(echo "$out" | awk '/Requests\/sec/{print $2}')
	p50=$(echo "$out" | awk '$1=="50%"{print $2}')
	p99=$(echo "$out" | awk '$1=="99%"{print $2}')
	errs=$(echo "$out" | awk '/Non-2xx/{n+=$NF} /Socket errors/{gsub(",","");n+=$4+$6+$8+$10} END{print n+0}')
	echo "$rps $p50 $p99 $errs"
}

report() {
	local name=$1 g=$2 n=$3
	set -- $g
	local grps=$1 gp50=$2 gp99=$3 gerr=$4
	set -- $n
	local nrps=$1 np50=$2 np99=$3
	local ratio
	ratio=$(python3 -c "print(f'{$grps/$nrps:.2f}')")
	printf '%-16s gaoqi %9s req/s  p50 %8s  p99 %8s  errors %s\n' "$name" "$grps" "$gp50" "$gp99" "$gerr"
	printf '%-16s nginx %9s req/s  p50 %8s  p99 %8s\n' "" "$nrps" "$np50" "$np99"
	printf '%-16s ratio gaoqi/nginx = %s\n' "" "$ratio"
}

G=$(run_wrk "$BASE$LIST" "$COOKIE")
N=$(run_wrk "http://127.0.0.1:$NPORT/list.json")
report "list" "$G" "$N"
G=$(run_wrk "$BASE$ASSESS" "$COOKIE")
N=$(run_wrk "http://127.0.0.1:$NPORT/assess.json")
report "assessment" "$G" "$N"

# The uncached server (sessions live in the database: the same cookie works).
NL=$(run_wrk "http://127.0.0.1:$NPORT/list.json")
GL=$(run_wrk "$UBASE$LIST" "$COOKIE")
report "list uncached" "$GL" "$NL"
G=$(run_wrk "$UBASE$ASSESS" "$COOKIE")
N=$(run_wrk "http://127.0.0.1:$NPORT/assess.json")
report "assess uncached" "$G" "$N"
# Issue 11's target: the uncached list page p99 under 10 ms and ≥ 0.25× nginx.
python3 - "$GL" "$NL" <<'PY'
import sys
def ms(t):
    for unit, f in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if t.endswith(unit):
            return float(t[: -len(unit)]) * f
    return float(t)
g, n = sys.argv[1].split(), sys.argv[2].split()
ratio, p99 = float(g[0]) / float(n[0]), ms(g[2])
ok = ratio >= 0.25 and p99 < 10
print(f"target (uncached list: p99 < 10 ms, >= 0.25x nginx): p99 {p99:.1f} ms, {ratio:.2f}x -> {'met' if ok else 'NOT met'}")
PY

if [ "$SOAK" -gt 0 ]; then
	echo "soak: ${SOAK}s of the list endpoint; server RSS every 5 s (KB):"
	wrk -t"$WRK_THREADS" -c"$CONN" -d"${SOAK}s" --latency -H "$COOKIE" "$BASE$LIST" >"$TMP/soak.txt" &
	WRK_PID=$!
	RSS=""
	while kill -0 "$WRK_PID" 2>/dev/null; do
		RSS="$RSS $(awk '/VmRSS/{print $2}' /proc/$SRV_PID/status)"
		sleep 5
	done
	wait "$WRK_PID" || true
	echo " $RSS"
	awk '/Requests\/sec/{print "  req/s " $2} $1=="99%"{print "  p99 " $2} /Non-2xx/{print "  non-2xx " $NF} /Socket errors/{print "  " $0}' "$TMP/soak.txt"
	grep -q -E 'Non-2xx|Socket errors' "$TMP/soak.txt" || echo "  errors: none"
fi
