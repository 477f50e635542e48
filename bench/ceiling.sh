#!/usr/bin/env bash
# ceiling.sh measures gridmap's fastest reads against a plain Go server
# sending the same bytes from memory (bench/ceiling) in one run, and prints
# the ratios: /api/cells and the first OGC page of cells, each without and
# with gzip, against the ceiling serving their bytes; /api/locate against
# a hello-world server (the ceiling with one small answer). gridmap runs on
# a fresh database of the sample town.
#
#   bench/ceiling.sh
#
# Both servers take turns on one port (PORT), so that no other port is
# used: in each round every route runs on gridmap and on the ceiling, one
# after the other (which first alternates by round), and the table gives
# the median of the rounds. Settings, from the environment:
#   PORT=18100   the port both servers listen on, in turn, on 127.0.0.1
#   ROUNDS=5     rounds
#   DURATION=3s  load per route, side and round
#   CONNS=16     connections
#   ROUTES="cells:plain cells:gzip ogc:plain ogc:gzip locate:plain"  which to run
set -euo pipefail
cd "$(dirname "$0")/.."
port=${PORT:-18100}
rounds=${ROUNDS:-5}
dur=${DURATION:-3s}
conns=${CONNS:-16}
routes=${ROUTES:-cells:plain cells:gzip ogc:plain ogc:gzip locate:plain}
base=http://127.0.0.1:$port
tmp=$(mktemp -d)
pid=
stop() { [ -z "$pid" ] || { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }; pid=; }
trap 'stop; rm -rf "$tmp"' EXIT

go build -o "$tmp/gridmap" ./cmd/gridmap
go build -o "$tmp/ceiling" ./bench/ceiling
go build -o "$tmp/load" ./bench/load

up() { # waits until the server on $port answers path $1
	for _ in $(seq 200); do
		curl -fsS -o /dev/null "$base$1" 2>/dev/null && return 0
		sleep 0.1
	done
	echo "ceiling.sh: nothing answers $base$1" >&2
	exit 1
}
# shellcheck source=bench/lib.sh
. bench/lib.sh # settle
gridmap() {
	GRIDMAP_ADMIN_PASSWORD=ceiling-bench-password "$tmp/gridmap" -addr "127.0.0.1:$port" -db "$tmp/gridmap.db" -log-format json >"$tmp/gridmap.log" 2>&1 &
	pid=$!
	up /healthz
	settle
}

# The bytes gridmap answers, which the ceiling then serves.
ogc='/ogc/collections/cells/items'
gridmap
read -r lon lat < <(curl -fsS "$base/api/config" | python3 -c 'import json,sys; b=json.load(sys.stdin)["bbox"]; print((b[0]+b[2])/2, (b[1]+b[3])/2)')
locate="/api/locate?lon=$lon&lat=$lat"
for r in cells:/api/cells ogc:$ogc hello:$locate; do
	curl -fsS -o "$tmp/${r%%:*}" "$base${r#*:}"
	curl -fsS -H 'Accept-Encoding: gzip' -o "$tmp/${r%%:*}.gz" "$base${r#*:}"
done
ceiling() {
	"$tmp/ceiling" -addr "127.0.0.1:$port" "/api/cells=$tmp/cells,$tmp/cells.gz" "$ogc=$tmp/ogc,$tmp/ogc.gz" "/hello=$tmp/hello" >"$tmp/ceiling.log" 2>&1 &
	pid=$!
	up /hello
}
# One route on one side: the servers take turns route by route, so that a
# change of the machine's load between two routes falls on both sides.
measure() { # side route gzip
	local side=$1 route=$2 url opt=() name=$2
	case $route in
	cells) url=$base/api/cells ;;
	ogc) url=$base$ogc ;;
	locate) url=$base$locate; [ "$side" = ceiling ] && url=$base/hello ;;
	esac
	[ "$3" = gzip ] && { opt=(-gzip); name=$route-gzip; }
	curl -fsS -o /dev/null -H 'Accept-Encoding: gzip' "$url" # warm: the first answer encodes
	"$tmp/load" -c "$conns" -d "$dur" "${opt[@]}" -name "$side $name" "$url" >>"$tmp/results"
}
echo "ceiling.sh: $rounds rounds of $dur per route and side, $conns connections, load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
stop
for round in $(seq "$rounds"); do
	for t in $routes; do
		sides=(gridmap ceiling)
		[ $((round % 2)) = 0 ] && sides=(ceiling gridmap)
		for side in "${sides[@]}"; do
			"$side"
			measure "$side" "${t%%:*}" "${t#*:}"
			stop
		done
	done
done
echo "ceiling.sh: done, load average $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v rounds="$rounds" '
	{ v[$1" "$2, ++n[$1" "$2]] = $3; size[$1" "$2] = $5; if ($7 > 0) failed[$1" "$2] += $7 }
	function median(k,   i, j, t, m) {
		m = n[k]
		for (i = 1; i <= m; i++) a[i] = v[k, i]
		for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
		return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
	}
	END {
		printf "%-14s %10s %10s %12s %8s  %s\n", "route", "gridmap/s", "ceiling/s", "bytes", "ratio", "target"
		split("cells cells-gzip ogc ogc-gzip locate", routes, " ")
		for (r = 1; r <= 5; r++) {
			if (!n["gridmap " routes[r]] || !n["ceiling " routes[r]]) continue
			g = median("gridmap " routes[r]); c = median("ceiling " routes[r])
			target = (routes[r] == "locate") ? 0.60 : 0.70
			printf "%-14s %10.0f %10.0f %12d %7.0f%%  >= %.0f%% %s\n", routes[r], g, c, size["gridmap " routes[r]], 100 * g / c, 100 * target, (g / c >= target) ? "met" : "MISSED"
		}
		for (k in failed) printf "failed answers: %s %d\n", k, failed[k]
	}' "$tmp/results"
