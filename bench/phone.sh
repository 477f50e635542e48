#!/usr/bin/env bash
# phone.sh measures the map on tiles at the city's scale (issue 15: the
# city sample opens on a phone viewport in under 3 s and pans smoothly):
# gridmap serves the cached city sample (20,000 cells, bench/samples.sh)
# on SQLite, and frontend/e2e/tiles.test.mjs opens it in headless Chromium
# on a 390×844 phone viewport, ROUNDS times, each in a fresh browser
# context (no service-worker cache): the time from the navigation to the
# first drawn tiles, and from the end of a pan to its new tiles painted.
# The first round meets a server that has built no tile yet; the later
# ones its cached tiles, as every visitor after the first does.
#
#   bench/phone.sh
#
# Settings, from the environment:
#   PORT=18102   the port gridmap listens on, on 127.0.0.1
#   ROUNDS=3     page loads
#   BENCH_CACHE, CITY_INCIDENTS: as bench/samples.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
name=phone.sh
port=${PORT:-18102}
rounds=${ROUNDS:-3}
tmp=$(mktemp -d)
pid=
stop() { [ -z "$pid" ] || { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }; pid=; }
trap 'stop; rm -rf "$tmp"' EXIT

bin=$tmp/gridmap
go build -o "$bin" ./cmd/gridmap
[ -d frontend/e2e/node_modules/playwright-core ] || (cd frontend/e2e && npm ci --no-audit --no-fund --loglevel=error)
# shellcheck source=bench/samples.sh
. bench/samples.sh
db=$(sqlite_sample city)
cp "$db" "$tmp/city.db" # the server writes its sessions: keep the cached sample as it is

GRIDMAP_ADMIN_PASSWORD=phone-bench-password "$bin" -addr "127.0.0.1:$port" -db "$tmp/city.db" -seed=false >"$tmp/server.log" 2>&1 &
pid=$!
for _ in $(seq 600); do
	curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null && break
	sleep 0.1
done
curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz"
echo "$name: $(date -u +%H:%M:%S) gridmap on the city sample (load average $(cut -d' ' -f1-3 /proc/loadavg))"

for r in $(seq "$rounds"); do
	(cd frontend/e2e && GRIDMAP_URL="http://127.0.0.1:$port/" GRIDMAP_TILES_URL="http://127.0.0.1:$port/" \
		GRIDMAP_ADMIN_PASSWORD=phone-bench-password GRIDMAP_SCREENSHOTS="$tmp/shots" \
		node --test tiles.test.mjs) >"$tmp/round-$r.txt" 2>&1 || {
		cat "$tmp/round-$r.txt" >&2
		echo "$name: round $r failed" >&2
		exit 1
	}
	first=$(sed -n 's/.*first tiles drawn \([0-9]*\) ms.*/\1/p' "$tmp/round-$r.txt" | head -1)
	pan=$(sed -n "s/.*a pan's new tiles painted \([0-9]*\) ms.*/\1/p" "$tmp/round-$r.txt" | head -1)
	echo "$first $pan" >>"$tmp/times"
	printf '%s: round %d: first tiles %5d ms, a pan'"'"'s new tiles %5d ms (load average %s)\n' "$name" "$r" "$first" "$pan" "$(cut -d' ' -f1 /proc/loadavg)"
done
awk '{ f[NR] = $1; p[NR] = $2 } END {
	printf "first tiles on a 390x844 phone: %d ms on a fresh server, %d ms", f[1], f[2]
	for (i = 3; i <= NR; i++) printf ", %d ms", f[i]
	printf " after; a pan: %d ms", p[1]
	for (i = 2; i <= NR; i++) printf ", %d ms", p[i]
	printf " (target: the first tiles under 3,000 ms)\n"
}' "$tmp/times"
