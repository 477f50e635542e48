#!/usr/bin/env bash
# writes.sh measures how reads hold up under writes: on the sample town and
# on the sample district (gridmap sample -scale district, about 3,000
# cells), each on a fresh SQLite database, bench/load's writes mode loads
# /api/cells (plain and gzip), the first OGC page of cells (plain and gzip)
# and /api/locate without writes and while a grid worker reports WRITES
# incidents a second through the API, and prints the reads per second of
# both and their ratio (the target: 70 % or more).
#
#   bench/writes.sh
#
# Settings, from the environment:
#   PORT=18101       the port gridmap listens on, on 127.0.0.1
#   SCALES="town district"
#   WRITES=40        reports a second
#   ROUNDS=3         rounds of every route without and with writes
#   DURATION=3s      load per route, side and round
#   CONNS=16         connections
#   GRIDMAP_BENCH_CACHE=~/.cache/gridmap-bench   where the sample databases
#                    are kept between runs (by data/sample's tree: the
#                    district takes minutes to write)
set -euo pipefail
cd "$(dirname "$0")/.."
port=${PORT:-18101}
scales=${SCALES:-town district}
base=http://127.0.0.1:$port
password=writes-bench-password
tmp=$(mktemp -d)
pid=
stop() { [ -z "$pid" ] || { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }; pid=; }
trap 'stop; rm -rf "$tmp"' EXIT

go build -o "$tmp/gridmap" ./cmd/gridmap
go build -o "$tmp/load" ./bench/load

# shellcheck source=bench/lib.sh
. bench/lib.sh # settle

cache=${GRIDMAP_BENCH_CACHE:-$HOME/.cache/gridmap-bench}
mkdir -p "$cache"
for scale in $scales; do
	kept=$cache/writes-$(git rev-parse --short=12 HEAD:data/sample)-$scale.db
	if [ ! -f "$kept" ]; then
		"$tmp/gridmap" sample -scale "$scale" -db "$kept.tmp"
		mv "$kept.tmp" "$kept"
	fi
	cp "$kept" "$tmp/$scale.db"
	GRIDMAP_ADMIN_PASSWORD=$password "$tmp/gridmap" -addr "127.0.0.1:$port" -db "$tmp/$scale.db" -log-format json >"$tmp/$scale.log" 2>&1 &
	pid=$!
	for _ in $(seq 300); do curl -fsS -o /dev/null "$base/healthz" 2>/dev/null && break; sleep 0.1; done
	settle
	echo "writes.sh: $scale"
	"$tmp/load" -writes "${WRITES:-40}" -rounds "${ROUNDS:-3}" -d "${DURATION:-3s}" -c "${CONNS:-16}" -password "$password" "$base"
	stop
done
