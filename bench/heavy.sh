#!/usr/bin/env bash
# bench/heavy.sh — availability under heavy work (issue 11): the latency of a
# cheap request (GET /api/v1/me of the admin) while LOOPS loops of one viewer
# hammer the screening route (GET /api/v1/dashboard/verdicts, computed afresh:
# --cache-ttl 0), and the server's memory with EXPORTS export sockets that
# never read their answer.
#
#   bash bench/heavy.sh [SECONDS]        (default 20: the hammering time)
#
# Environment: BUILD (default build), BIN (default $BUILD/gaoqi; point it at
# an older binary to measure "before"), BENCH_DB (default
# $BUILD/bench-100k.db, created with `gaoqi demo --enterprises 100000` when
# absent), BENCH_PASSWORD (the demo users' password, default benchpass2026),
# LOOPS (default 8), EXPORTS (default 30), SERVER_THREADS (the server's
# --threads, default its own), SERVE_ARGS (more serve options).
#
# Prints: /me latency idle and under the loops (p50, p90, max, in ms); what
# the loops were answered (200 / 503 busy); the server's RSS and peak after
# the hammering; RSS while the unread exports are held, and their status
# lines; RSS once they are gone.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD=${BUILD:-build}
BIN=${BIN:-$BUILD/gaoqi}
DB=${BENCH_DB:-$BUILD/bench-100k.db}
PASSWORD=${BENCH_PASSWORD:-benchpass2026}
DUR=${1:-20}
LOOPS=${LOOPS:-8}
EXPORTS=${EXPORTS:-30}
SERVER_THREADS=${SERVER_THREADS:-}
SERVE_ARGS=${SERVE_ARGS:-}

[ -x "$BIN" ] || { cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null && cmake --build "$BUILD" -j2 --target gaoqi; }
if [ ! -f "$DB" ]; then
	echo "creating $DB (100,000 enterprises)…"
	"$BIN" demo --db "$DB" --enterprises 100000 --password "$PASSWORD" >/dev/null
fi

TMP=$(mktemp -d)
SRV_PID=""
cleanup() {
	rm -f "$TMP/run"
	[ -n "$SRV_PID" ] && kill "$SRV_PID" 2>/dev/null && wait "$SRV_PID" 2>/dev/null || true
	rm -rf "$TMP"
}
trap cleanup EXIT

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
# shellcheck disable=SC2086
"$BIN" serve --db "$DB" --listen "127.0.0.1:$PORT" --cache-ttl 0 \
	${SERVER_THREADS:+--threads "$SERVER_THREADS"} $SERVE_ARGS >"$TMP/serve.out" 2>"$TMP/serve.log" &
SRV_PID=$!
for _ in $(seq 50); do grep -q http "$TMP/serve.out" 2>/dev/null && break; sleep 0.1; done
URL=http://127.0.0.1:$PORT
echo "server: $(head -1 "$TMP/serve.out")"

login() {
	curl -s -c "$TMP/$1.jar" -H 'Content-Type: application/json' \
		-d "{\"username\":\"$1\",\"password\":\"$PASSWORD\"}" "$URL/api/v1/session" -o /dev/null -w '%{http_code}'
}
[ "$(login viewer)" = 200 ] && [ "$(login admin)" = 200 ] || { echo "login failed"; exit 1; }

rss() { awk '/^VmRSS|^VmHWM/ {printf "%s %d MB  ", $1, $2/1024}' "/proc/$SRV_PID/status"; echo; }

# /me latency samples (ms) for SECONDS, one new connection each.
me_samples() {
	local until=$(($(date +%s) + $1))
	while [ "$(date +%s)" -lt "$until" ]; do
		curl -s -o /dev/null -b "$TMP/admin.jar" -w '%{time_total}\n' "$URL/api/v1/me"
		sleep 0.05
	done | awk '{printf "%.1f\n", $1 * 1000}' | sort -n
}
summary() {
	awk '{v[NR]=$1} END {if (!NR) {print "no samples"; exit}
		printf "n=%d p50 %.1f ms  p90 %.1f ms  max %.1f ms\n", NR, v[int((NR+1)/2)], v[int(NR*0.9+0.5)], v[NR]}'
}

echo "rss at start:         $(rss)"
echo -n "GET /me idle:         "
me_samples 3 | summary

touch "$TMP/run"
for i in $(seq "$LOOPS"); do
	(while [ -f "$TMP/run" ]; do
		curl -s -o /dev/null -b "$TMP/viewer.jar" -w '%{http_code}\n' "$URL/api/v1/dashboard/verdicts" || echo 000
	done >"$TMP/loop.$i") &
done
sleep 1
echo -n "GET /me, $LOOPS loops:  "
me_samples "$DUR" | summary
rm -f "$TMP/run"
wait $(jobs -p | grep -v "^$SRV_PID$") 2>/dev/null || true
echo "loops answered:       $(cat "$TMP"/loop.* | sort | uniq -c | awk '{printf "%s × %s  ", $2, $1}')"
echo "rss after the loops:  $(rss)"

# EXPORTS sockets ask for the CSV export with a year's figures and read only its status line.
python3 - "$PORT" "$TMP/admin.jar" "$EXPORTS" "$SRV_PID" >"$TMP/exports.txt" <<'EOF'
import socket, sys, time, collections
port, jar, n, pid = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
cookie = [l.split('\t')[-1].strip() for l in open(jar) if 'gaoqi_session' in l][0]
req = ("GET /api/v1/enterprises/export?format=csv&year=2024 HTTP/1.1\r\nHost: x\r\n"
       "Cookie: gaoqi_session=%s\r\n\r\n" % cookie).encode()
socks, status = [], collections.Counter()
for _ in range(n):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.connect(("127.0.0.1", port))
    s.sendall(req)
    socks.append(s)
def rss():
    d = dict(l.split(':', 1) for l in open('/proc/%s/status' % pid))
    return "VmRSS %d MB  VmHWM %d MB" % (int(d['VmRSS'].split()[0]) // 1024, int(d['VmHWM'].split()[0]) // 1024)
deadline = time.time() + 120
for s in socks:
    s.settimeout(max(1, deadline - time.time()))
    try:
        status[s.recv(12).decode(errors='replace')[9:12] or 'closed'] += 1
    except OSError:
        status['timeout'] += 1
time.sleep(3)
print("rss, %d unread exports: %s" % (n, rss()))
print("their answers:        " + "  ".join("%s × %d" % kv for kv in sorted(status.items())))
for s in socks:
    s.close()
time.sleep(3)
print("rss, exports closed:  " + rss())
EOF
cat "$TMP/exports.txt"
