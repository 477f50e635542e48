#!/usr/bin/env bash
# sample.sh times "gridmap sample" at scale on both stores: a town with a
# million incidents and the city (20,000 cells, 2,000,000 residents), each
# into a fresh SQLite file and a fresh PostGIS database, with the peak
# memory of each run (GNU time). It prints one line per run and the load
# average, since the machine is shared and the times are only as quiet as
# it is.
#
#   bash bench/sample.sh [TOWN_INCIDENTS [CITY_INCIDENTS]]   (default 1000000 100000)
#
# PostGIS runs need GRIDMAP_TEST_POSTGRES (eval "$(bash scripts/postgis.sh)")
# and a role that may create databases; without it only SQLite runs.
set -euo pipefail
export PGOPTIONS='-c client_min_messages=warning' # no NOTICE for IF [NOT] EXISTS
root=$(cd "$(dirname "$0")/.." && pwd)
incidents=${1:-1000000}
city_incidents=${2:-100000}
tmp=$(mktemp -d)
pg_dbs=()
cleanup() {
	for db in "${pg_dbs[@]}"; do
		psql "$GRIDMAP_TEST_POSTGRES" -qc "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
(cd "$root" && go build -o "$tmp/gridmap" ./cmd/gridmap)

# run STORE SCALE N DB: one sample run, its load time and peak memory.
run() {
	local out
	out=$( { /usr/bin/time -f 'rss_kb=%M cpu_s=%U+%S' "$tmp/gridmap" sample -scale "$2" -incidents "$3" -db "$4"; } 2>&1)
	printf '%-8s %-5s %8s incidents  %s  %s  (load average %s)\n' "$1" "$2" "$3" \
		"$(grep -o 'loaded in [^ ]*' <<<"$out")" "$(grep -o 'rss_kb=.*' <<<"$out")" "$(cut -d' ' -f1 /proc/loadavg)"
}

echo "sample.sh: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for scale in town city; do
	n=$incidents
	[ "$scale" = city ] && n=$city_incidents
	run sqlite "$scale" "$n" "$tmp/$scale.db"
	if [ -n "${GRIDMAP_TEST_POSTGRES:-}" ]; then
		db="gridmap_sample_bench_$scale"
		pg_dbs+=("$db")
		psql "$GRIDMAP_TEST_POSTGRES" -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
		psql "${GRIDMAP_TEST_POSTGRES%/*}/$db" -qc "CREATE EXTENSION IF NOT EXISTS postgis" >/dev/null
		run postgis "$scale" "$n" "${GRIDMAP_TEST_POSTGRES%/*}/$db"
	fi
done
