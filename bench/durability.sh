#!/usr/bin/env bash
# bench/durability.sh — what synchronous=FULL costs: API writes per second
# with `gaoqi serve --synchronous full` (the default: every acknowledged write
# is on disk before the answer) and `--synchronous normal` (the WAL is synced
# only at checkpoints: a power loss may lose the last commits), under wrk.
#
#   bash bench/durability.sh [DURATION_SECONDS]      (default 10)
#
# Environment: BUILD (default build), CONNECTIONS (default 8), ENTERPRISES
# (default 1000). The write: PUT /api/v1/enterprises/{uscc}/years/2025 with a
# new head count each time (one audited transaction), spread over 200 firms.
# Prints the file system of the database (fsync cost is the disk's), then
# writes/s, p50 and p99 for each mode and the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD=${BUILD:-build}
DUR=${1:-10}
CONN=${CONNECTIONS:-8}
N=${ENTERPRISES:-1000}
PASSWORD=benchpass2026
BIN=$PWD/$BUILD/gaoqi

if ! command -v wrk >/dev/null 2>&1; then
	echo "installing wrk (Debian package)…"
	SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
	$SUDO apt-get install -y -qq --no-install-recommends wrk >/dev/null
fi
[ -x "$BIN" ] || { cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null && cmake --build "$BUILD" -j2 --target gaoqi; }

W=$(mktemp -d "${TMPDIR:-/var/tmp}/gaoqi-durability-XXXXXX")
PID=""
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$W"' EXIT
"$BIN" demo --db "$W/d.db" --enterprises "$N" --password "$PASSWORD" >/dev/null
sqlite3 "$W/d.db" "SELECT uscc FROM enterprises ORDER BY id LIMIT 200" >"$W/uscc.txt"
echo "database on: $(df -T "$W" | awk 'NR == 2 { print $2 " (" $1 ")" }'), $(nproc) CPUs"

run() { # MODE → "writes/s p50 p99"
	"$BIN" serve --db "$W/d.db" --listen 127.0.0.1:0 --cache-ttl 0 --synchronous "$1" \
		>"$W/serve.out" 2>"$W/serve.log" &
	PID=$!
	for _ in $(seq 100); do grep -q http "$W/serve.out" 2>/dev/null && break; sleep 0.1; done
	local url
	url=$(sed -n 's/^gaoqi serve: \(http:[^ ]*\) .*/\1/p' "$W/serve.out")
	local csrf
	csrf=$(curl -s -c "$W/jar" -H 'Content-Type: application/json' \
		-d "{\"username\":\"admin\",\"password\":\"$PASSWORD\"}" "${url}api/v1/session" |
		sed -n 's/.*"csrf_token":"\([0-9a-f]*\)".*/\1/p')
	local cookie
	cookie=$(awk '$6 == "gaoqi_session" { print $7 }' "$W/jar")
	{
		echo "local firms = {"
		sed 's/.*/"&",/' "$W/uscc.txt"
		echo "}"
		cat <<LUA
local n = 0
wrk.method = "PUT"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Cookie"] = "gaoqi_session=$cookie"
wrk.headers["X-CSRF-Token"] = "$csrf"
request = function()
	n = n + 1
	local path = "/api/v1/enterprises/" .. firms[(n % #firms) + 1] .. "/years/2025"
	return wrk.format(nil, path, nil, '{"staff":' .. (2000 + n % 5000) .. '}')
end
done = function(summary, latency, requests)
	io.write(string.format("RESULT %d %d %.0f %.2f %.2f\n", summary.requests,
		summary.errors.status, summary.requests / (summary.duration / 1e6),
		latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
LUA
	} >"$W/put.lua"
	wrk -t 2 -c "$CONN" -d "${DUR}s" -s "$W/put.lua" "$url" >"$W/wrk.out"
	kill -TERM "$PID"
	wait "$PID" || true
	PID=""
	local r
	r=$(grep '^RESULT' "$W/wrk.out")
	set -- $r
	[ "$3" = 0 ] || echo "  ($3 non-2xx answers with --synchronous $mode)" >&2
	echo "$4 $5 $6"
}

printf '%-8s %10s %10s %10s\n' mode writes/s p50_ms p99_ms
read -r full_rps full_p50 full_p99 <<<"$(mode=full run full)"
printf '%-8s %10s %10s %10s\n' full "$full_rps" "$full_p50" "$full_p99"
read -r norm_rps norm_p50 norm_p99 <<<"$(mode=normal run normal)"
printf '%-8s %10s %10s %10s\n' normal "$norm_rps" "$norm_p50" "$norm_p99"
awk -v f="$full_rps" -v n="$norm_rps" 'BEGIN { printf "full / normal = %.2f\n", f / n }'
