#!/usr/bin/env bash
# apitest.sh times `go test -race ./api` of two revisions side by side in
# one run: it checks each out into a temporary git worktree, warms the
# build cache of both (a first run that compiles and runs no test), then
# runs each package's tests COUNT times, base and head in turn (the order
# flipped every round, so that a drift of the machine's load falls on
# both), and prints each wall time, the medians and the ratio head/base.
#
#   bench/apitest.sh [BASE [HEAD]]     revisions; default 9f86a07 and HEAD
#
# Settings, from the environment:
#   COUNT=3          runs of each revision
#   GOFLAGS          passed through unchanged to both sides
#   GRIDMAP_TEST_POSTGRES  the PostGIS database both sides' tests use (they
#                    run one after another, never at once); unset, the
#                    PostGIS tests skip on both sides
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
count=${COUNT:-3}

base=${1:-9f86a07}
head=${2:-HEAD}
name=apitest.sh
# shellcheck source=bench/lib.sh
. bench/lib.sh
sides "$base" "$head"
echo "apitest.sh: GOFLAGS=${GOFLAGS:-}"
for side in base head; do
	rev=${side}_rev
	checkout "$side" "${!rev}"
	# Compile the race-instrumented test binary once, so that no timed
	# run pays for the build.
	(cd "$tmp/$side" && go test -race -count=1 -run '^$' ./api >/dev/null)
done

run() { # side round
	local side=$1 start end
	start=$(date +%s.%N)
	if ! (cd "$tmp/$side" && go test -race -count=1 -timeout 60m ./api) >"$tmp/$side-$2.txt" 2>&1; then
		tail -40 "$tmp/$side-$2.txt" >&2
		echo "apitest.sh: $side failed in round $2" >&2
		exit 1
	fi
	end=$(date +%s.%N)
	awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f\n", e - s }' >>"$tmp/$side.times"
	printf 'apitest.sh: round %d %-4s %7.1f s (load average %s)\n' "$2" "$side" "$(tail -1 "$tmp/$side.times")" "$(cut -d' ' -f1 /proc/loadavg)"
}
rounds "$count" run

median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
b=$(median "$tmp/base.times")
h=$(median "$tmp/head.times")
echo "base wall times: $(tr '\n' ' ' <"$tmp/base.times")s; median $b s"
echo "head wall times: $(tr '\n' ' ' <"$tmp/head.times")s; median $h s"
awk -v b="$b" -v h="$h" 'BEGIN { printf "ratio head/base of the median wall time: %.3f (target 0.5 or below)\n", h / b }'
