#!/usr/bin/env bash
# compare.sh puts two revisions side by side in one run: it checks each out
# into a temporary git worktree, builds the store benchmarks (bench/, on
# SQLite and PostGIS) and the API benchmarks (api/) of both, runs them
# interleaved, COUNT times each, base and head in turn (the order flipped
# every round, so that a drift of the machine's load falls on both), and
# prints benchstat's comparison and the ratio head/base of each median.
#
#   bench/compare.sh [BASE [HEAD]]     revisions; default main and HEAD
#
# A revision without bench/store_test.go gets this checkout's copy: it
# reaches the stores only through data.Store and their Open functions.
# Settings, from the environment:
#   COUNT=6          runs of each benchmark per revision
#   BENCHTIME=1s     go test -benchtime
#   STORE_BENCH=.    which store benchmarks (a -bench regexp); "" for none
#   API_BENCH=.      which API benchmarks; "" for none
#   GRIDMAP_TEST_POSTGRES  the PostGIS database; when unset, scripts/postgis.sh
#                    start provides one, and without it PostGIS is skipped
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
count=${COUNT:-6}
benchtime=${BENCHTIME:-1s}
store_bench=${STORE_BENCH-.}
api_bench=${API_BENCH-.}

base=${1:-main}
head=${2:-HEAD}
name=compare.sh
# shellcheck source=bench/lib.sh
. bench/lib.sh
sides "$base" "$head"
if [ -n "$store_bench" ] && [ -z "${GRIDMAP_TEST_POSTGRES:-}" ]; then
	if pgenv=$(bash "$root/scripts/postgis.sh" start); then
		eval "$pgenv"
		export GRIDMAP_TEST_POSTGRES
	else
		echo "compare.sh: no PostGIS (scripts/postgis.sh start failed): the PostGIS store benchmarks are skipped" >&2
	fi
fi

build() { # side revision
	local side=$1 rev=$2 dir=$tmp/$1
	checkout "$side" "$rev"
	if [ -n "$store_bench" ] && [ ! -f "$dir/bench/store_test.go" ]; then
		mkdir -p "$dir/bench"
		cp "$root/bench/store_test.go" "$root/bench/doc.go" "$dir/bench/"
		echo "compare.sh: $side ($rev) has no bench/store_test.go; using this checkout's"
	fi
	(
		cd "$dir"
		[ -z "$store_bench" ] || go test -c -o "$tmp/$side-store.test" ./bench
		[ -z "$api_bench" ] || go test -c -o "$tmp/$side-api.test" ./api
	)
}
build base "$base_rev"
build head "$head_rev"

run() { # side
	local side=$1 dir=$tmp/$1 flags=(-test.run '^$' -test.benchmem -test.benchtime "$benchtime" -test.count 1 -test.timeout 60m)
	# Each binary runs in its package's directory, as go test would.
	[ -z "$store_bench" ] || (cd "$dir/bench" && "$tmp/$side-store.test" "${flags[@]}" -test.bench "$store_bench") >>"$tmp/$side.txt"
	[ -z "$api_bench" ] || (cd "$dir/api" && "$tmp/$side-api.test" "${flags[@]}" -test.bench "$api_bench") >>"$tmp/$side.txt"
}
rounds "$count" run
echo "compare.sh: load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"

if grep -q -- '--- FAIL' "$tmp/base.txt" "$tmp/head.txt"; then
	grep -h -A3 -- '--- FAIL' "$tmp/base.txt" "$tmp/head.txt" >&2
	echo "compare.sh: a benchmark failed" >&2
	exit 1
fi
go tool -modfile=bench/tools.mod benchstat base="$tmp/base.txt" head="$tmp/head.txt"

# The ratio head/base of each benchmark's median time, from benchstat's CSV.
echo
echo "ratio head/base of the median sec/op (below 1: head is faster)"
go tool -modfile=bench/tools.mod benchstat -format csv base="$tmp/base.txt" head="$tmp/head.txt" 2>/dev/null | awk -F, '
	$1 ~ /^pkg: / { pkg = substr($1, 6) "."; next }
	$1 ~ /^[a-z]+: / { next }                          # goos:, goarch:, cpu:
	$1 == "" && $3 == "CI" { unit = $2; next }         # the header row names the unit
	$1 == "" { next }
	unit == "sec/op" && $2 > 0 && $4 != "" { printf "%-64s %7.3f\n", pkg $1, $4 / $2 }'
