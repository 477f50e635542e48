#!/usr/bin/env bash
# compare-servers.sh (make bench-compare) sets gridmap's reads side by side
# with their references on this machine, in one run, on the town and the
# city samples, on SQLite and on PostGIS, and prints one table of ratios
# with the issue's targets (issue 15):
#
#   - /api/cells and the first OGC page of cells, plain and gzip, against
#     a plain Go server sending the same bytes from memory (bench/ceiling):
#     70 % or more; /api/locate against a hello-world server: 60 % or more;
#   - the first OGC page against PostGIS building the same page itself
#     (bench/pgref ogc: json_build_object, as pg_featureserv would);
#   - on the city, a z10 cells tile (the one nearest 4,000 cells) and a z13
#     tile (at the middle of the city), cached, against PostGIS building
#     the same tile (bench/pgref tile: ST_AsMVT, as pg_tileserv does):
#     100 × and 10 × pg_tileserv, the issue's 690/s and 6,000/s; the same
#     tiles against the ceiling sending their bytes (what this machine's
#     HTTP allows at that size); and each tile's first answer on a fresh
#     server against one such query;
#   - gridmap's peak memory (VmHWM) after the load: under 100 MB for the
#     town, under 600 MB for the city.
#
#   bench/compare-servers.sh
#
# The samples are generated once and kept (bench/samples.sh: BENCH_CACHE,
# keyed by the sample version); the first run spends minutes on the city.
# gridmap listens on PORT, the ceiling on PORT2; every case runs ROUNDS
# times, gridmap and its reference in turn (which first alternates by
# round, so that a change of the machine's load falls on both), and the
# table gives the medians. It is written as Markdown to OUT too. Settings,
# from the environment:
#   PORT=18100 PORT2=PORT+1   ports on 127.0.0.1
#   ROUNDS=3  DURATION=1s  CONNS=16
#   SAMPLES="town city"  STORES="sqlite postgis"
#   OUT=$BENCH_CACHE/compare-servers.md
#   GRIDMAP_TEST_POSTGRES  the PostGIS server (its database gridmap_bench
#                    holds the samples); when unset, scripts/postgis.sh
#                    start provides one, and without it the PostGIS store
#                    and the direct-PostGIS references are skipped
set -euo pipefail
export PGOPTIONS='-c client_min_messages=warning' # no NOTICE for IF [NOT] EXISTS
cd "$(dirname "$0")/.."
root=$PWD
name=compare-servers.sh
port=${PORT:-18100}
port2=${PORT2:-$((port + 1))}
rounds=${ROUNDS:-3}
dur=${DURATION:-1s}
conns=${CONNS:-16}
samples=${SAMPLES:-town city}
stores=${STORES:-sqlite postgis}
base=http://127.0.0.1:$port
ref=http://127.0.0.1:$port2
tmp=$(mktemp -d)
gpid= cpid=
stop() { # kills gridmap and the ceiling, those this script started
	local p
	for p in $gpid $cpid; do
		kill "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	gpid= cpid=
}
trap 'stop; rm -rf "$tmp"' EXIT

bin=$tmp/gridmap
go build -o "$bin" ./cmd/gridmap
for cmd in ceiling load pgref table; do
	go build -o "$tmp/$cmd" "./bench/$cmd"
done
# shellcheck source=bench/samples.sh
. bench/samples.sh
out=${OUT:-$bench_cache/compare-servers.md}

pg=
if [ -z "${GRIDMAP_TEST_POSTGRES:-}" ]; then
	if pgenv=$(bash scripts/postgis.sh start); then
		eval "$pgenv"
	fi
fi
if [ -n "${GRIDMAP_TEST_POSTGRES:-}" ]; then
	pg=1
else
	echo "$name: no PostGIS: the PostGIS store and the direct-PostGIS references are skipped" >&2
	stores=sqlite
fi

results=$tmp/results
say() { echo "$name: $(date -u +%T) $*" >&2; }
note() { echo "# $*" >>"$results"; }
record() { echo "$1 $2 $3" >>"$results"; }

up() { # URL [TRIES]: waits until URL answers
	for _ in $(seq "${2:-600}"); do
		curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	echo "$name: nothing answers $1" >&2
	exit 1
}
# settle waits until gridmap is idle (its CPU time grows by under 20 ms in
# 0.5 s): it compresses its app's files in the background at start.
settle() {
	local before after
	for _ in $(seq 120); do
		before=$(awk '{print $14 + $15}' "/proc/$gpid/stat")
		sleep 0.5
		after=$(awk '{print $14 + $15}' "/proc/$gpid/stat")
		[ $((after - before)) -lt 2 ] && return 0
	done
}
start_gridmap() { # DB
	GRIDMAP_ADMIN_PASSWORD=compare-servers-password "$bin" -addr "127.0.0.1:$port" -db "$1" -log-format json >"$tmp/gridmap.log" 2>&1 &
	gpid=$!
	up "$base/healthz"
	settle
}

# load CASE SIDE URL [-gzip]: one load of CASE's SIDE, recorded.
load() {
	local line
	line=$("$tmp/load" -c "$conns" -d "$dur" "${@:4}" -name "$1" "$3")
	check "$1" "$2" "$line"
}
# pgref CASE SIDE ARGS...: one load of PostGIS doing CASE's work, recorded.
pgref() {
	local line
	line=$("$tmp/pgref" -db "$pgurl" -c "$conns" -d "$dur" -name "$1" "${@:3}")
	check "$1" "$2" "$line"
}
check() { # CASE SIDE LINE: records the rate of a load's line, says its failures
	local f
	read -ra f <<<"$3"
	[ "${f[5]}" = 0 ] || echo "$name: $1 $2: ${f[5]} failed answers" >&2
	record "$1" "$2" "${f[1]}"
}

# tile_of Z LON LAT prints the tile Z/X/Y holding the point.
tile_of() {
	python3 -c 'import math,sys
z, lon, lat = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
n = 2 ** z
y = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n
print("%d/%d/%d" % (z, int((lon + 180) / 360 * n), int(y)))' "$@"
}
# tile_cells Z/X/Y prints how many cells meet the tile (OGC numberMatched).
tile_cells() {
	local bbox
	bbox=$(python3 -c 'import math,sys
z, x, y = map(int, sys.argv[1].split("/"))
n = 2 ** z
lat = lambda t: math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * t / n))))
print("%.7f,%.7f,%.7f,%.7f" % (x / n * 360 - 180, lat(y + 1), (x + 1) / n * 360 - 180, lat(y)))' "$1")
	curl -fsS "$base/ogc/collections/cells/items?limit=1&bbox=$bbox" | python3 -c 'import json,sys; print(json.load(sys.stdin)["numberMatched"])'
}
# tile_near Z N LON0 LAT0 LON1 LAT1 prints the tile of zoom Z over the box
# that meets the number of cells nearest to N.
tile_near() {
	local z=$1 want=$2 t0 t1 x y best= off=-1 n d
	t0=$(tile_of "$z" "$3" "$6") # north-west
	t1=$(tile_of "$z" "$5" "$4") # south-east
	IFS=/ read -r _ x0 y0 <<<"$t0"
	IFS=/ read -r _ x1 y1 <<<"$t1"
	for x in $(seq "$x0" "$x1"); do
		for y in $(seq "$y0" "$y1"); do
			n=$(tile_cells "$z/$x/$y")
			d=$((n > want ? n - want : want - n))
			if [ "$n" -gt 0 ] && { [ "$off" -lt 0 ] || [ "$d" -lt "$off" ]; }; then
				off=$d best=$z/$x/$y
			fi
		done
	done
	echo "$best"
}

# bench SAMPLE STORE: every case of one sample on one store.
bench() {
	local sample=$1 store=$2 db c round sides side bbox lon lat z10= z13= rss
	c=$sample/$store
	case $store in
	sqlite) db=$(sqlite_sample "$sample") ;;
	postgis) db=$(postgis_sample "$sample") ;;
	esac
	[ -z "$pg" ] || pgurl=$(postgis_sample "$sample")
	say "$sample on $store: starting gridmap"
	start_gridmap "$db"
	say "$sample on $store: gridmap answers"
	read -r bbox lon lat < <(curl -fsS "$base/api/config" | python3 -c 'import json,sys; b=json.load(sys.stdin)["bbox"]; print(",".join(map(str,b)), (b[0]+b[2])/2, (b[1]+b[3])/2)')
	locate="/api/locate?lon=$lon&lat=$lat"
	ogc=/ogc/collections/cells/items
	if [ "$sample" = city ]; then
		# The first answers, on a server that has drawn no tile yet.
		IFS=, read -r x0 y0 x1 y1 <<<"$bbox"
		z10=$(tile_near 10 4000 "$x0" "$y0" "$x1" "$y1")
		z13=$(tile_of 13 "$lon" "$lat")
		say "$sample on $store: tiles $z10 and $z13"
		note "$c: z10 tile $z10 meets $(tile_cells "$z10") cells, z13 tile $z13 $(tile_cells "$z13")"
		for t in "10 $z10" "13 $z13"; do
			read -r z zxy <<<"$t"
			record "$c/tile-z$z-first" gridmap "$("$tmp/load" -once -name first "$base/tiles/cells/$zxy.mvt" | awk '{print $2}')"
			[ -z "$pg" ] || record "$c/tile-z$z-first" ref "$("$tmp/pgref" -db "$pgurl" -once -name first tile "$zxy" | awk '{print $2}')"
		done
	fi
	# The bytes gridmap answers, which the ceiling serves.
	for r in cells:/api/cells ogc:$ogc hello:$locate; do
		curl -fsS -o "$tmp/${r%%:*}" "$base${r#*:}"
		curl -fsS -H 'Accept-Encoding: gzip' -o "$tmp/${r%%:*}.gz" "$base${r#*:}"
	done
	tiles=()
	for z in $z10 $z13; do
		curl -fsS -o "$tmp/z${z%%/*}" "$base/tiles/cells/$z.mvt"
		tiles+=("/tile${z%%/*}=$tmp/z${z%%/*}")
	done
	"$tmp/ceiling" -addr "127.0.0.1:$port2" "/api/cells=$tmp/cells,$tmp/cells.gz" "$ogc=$tmp/ogc,$tmp/ogc.gz" "/hello=$tmp/hello" "${tiles[@]}" >"$tmp/ceiling.log" 2>&1 &
	cpid=$!
	up "$ref/hello"
	note "$c: /api/cells $(wc -c <"$tmp/cells") B ($(wc -c <"$tmp/cells.gz") B gzip), the OGC page $(wc -c <"$tmp/ogc") B ($(wc -c <"$tmp/ogc.gz") B gzip)"

	cases="cells cells-gzip ogc ogc-gzip locate"
	[ -z "$pg" ] || cases="$cases ogc-pg"
	[ -z "$z10" ] || cases="$cases tile-z10 tile-z13 tile-z10-ceiling tile-z13-ceiling"
	for round in $(seq "$rounds"); do
		say "$sample on $store: round $round of $rounds (load average $(cut -d' ' -f1 /proc/loadavg))"
		for k in $cases; do
			sides=(gridmap ref)
			[ $((round % 2)) = 0 ] && sides=(ref gridmap)
			for side in "${sides[@]}"; do
				case $side/$k in
				gridmap/cells) load "$c/$k" "$side" "$base/api/cells" ;;
				gridmap/cells-gzip) load "$c/$k" "$side" "$base/api/cells" -gzip ;;
				gridmap/ogc | gridmap/ogc-pg) load "$c/$k" "$side" "$base$ogc" ;;
				gridmap/ogc-gzip) load "$c/$k" "$side" "$base$ogc" -gzip ;;
				gridmap/locate) load "$c/$k" "$side" "$base$locate" ;;
				gridmap/tile-z10*) load "$c/$k" "$side" "$base/tiles/cells/$z10.mvt" ;;
				gridmap/tile-z13*) load "$c/$k" "$side" "$base/tiles/cells/$z13.mvt" ;;
				ref/tile-z10-ceiling) load "$c/$k" "$side" "$ref/tile10" ;;
				ref/tile-z13-ceiling) load "$c/$k" "$side" "$ref/tile13" ;;
				ref/cells) load "$c/$k" "$side" "$ref/api/cells" ;;
				ref/cells-gzip) load "$c/$k" "$side" "$ref/api/cells" -gzip ;;
				ref/ogc) load "$c/$k" "$side" "$ref$ogc" ;;
				ref/ogc-gzip) load "$c/$k" "$side" "$ref$ogc" -gzip ;;
				ref/locate) load "$c/$k" "$side" "$ref/hello" ;;
				ref/ogc-pg) pgref "$c/$k" "$side" ogc ;;
				ref/tile-z10) pgref "$c/$k" "$side" tile "$z10" ;;
				ref/tile-z13) pgref "$c/$k" "$side" tile "$z13" ;;
				esac
			done
		done
	done
	rss=$(awk '/^VmHWM:/ { print $2 / 1024 }' "/proc/$gpid/status")
	record "$c/rss" gridmap "$rss"
	stop
}

note "Measured $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores: load average $(cut -d' ' -f1-3 /proc/loadavg) at the start"
note "$rounds rounds of $dur per case and side, $conns connections; the medians of the rounds."
for sample in $samples; do
	for store in $stores; do
		bench "$sample" "$store"
	done
done
note "Load average $(cut -d' ' -f1-3 /proc/loadavg) at the end."
"$tmp/table" <"$results" | tee "$out"
echo "$name: the table is in $out" >&2
