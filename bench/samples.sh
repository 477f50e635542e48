# samples.sh is sourced by compare-servers.sh: it makes (or reuses) the
# town and the city samples on SQLite and, when PostGIS is there, in a
# schema each of one PostGIS database, cached across runs.
#
# The cache (BENCH_CACHE, default ${XDG_CACHE_HOME:-~/.cache}/gridmap-bench)
# is keyed by the sample version: a hash of what decides the rows and the
# schema (data/sample and every migration), so that a change to either
# makes new samples and an unchanged tree reuses them. The sourcing script
# sets root (the checkout), bin (the gridmap binary) and name first.

bench_cache=${BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gridmap-bench}
# The city's incidents: enough for its counts and statistics to be real,
# few enough to draw in a minute.
city_incidents=${CITY_INCIDENTS:-100000}

# sample_version prints the hash of the files that decide a sample's rows
# and schema.
sample_version() {
	(cd "$root" && find data/sample data/internal/sqlstore/migrations data/sqlite/migrations data/postgis/migrations \
		-type f ! -name '*_test.go' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-12)
}

# sample_args SCALE prints gridmap sample's flags for SCALE.
sample_args() {
	case $1 in
	town) echo "-scale town" ;;
	city) echo "-scale city -incidents $city_incidents" ;;
	esac
}

# sample_key SCALE names the sample of SCALE: the scale, and the number
# of incidents asked for the city.
sample_key() {
	case $1 in
	town) echo town ;;
	*) echo "$1-$city_incidents" ;;
	esac
}

# sqlite_sample SCALE prints the path of the cached SQLite sample, making
# it first when it is missing.
sqlite_sample() {
	local dir=$bench_cache/$(sample_version) db
	db=$dir/$(sample_key "$1").db
	if [ ! -f "$db" ]; then
		mkdir -p "$dir"
		echo "$name: generating the $1 sample on SQLite into $db (cached for later runs)" >&2
		rm -f "$db.tmp"
		# shellcheck disable=SC2046
		"$bin" sample $(sample_args "$1") -db "$db.tmp" >&2
		mv "$db.tmp" "$db"
	fi
	echo "$db"
}

# postgis_sample SCALE prints the URL of the cached PostGIS sample (a
# schema of the database gridmap_bench), making it first when it is
# missing; schemas of other sample versions are dropped. It needs
# GRIDMAP_TEST_POSTGRES.
postgis_sample() {
	local schema version base=${GRIDMAP_TEST_POSTGRES%/*} done
	version=$(sample_version)
	schema=s_${version}_$(sample_key "$1" | tr - _)
	if ! psql -X "$base/gridmap_bench" -qAtc 'SELECT 1' >/dev/null 2>&1; then
		psql -X "$GRIDMAP_TEST_POSTGRES" -qc 'CREATE DATABASE gridmap_bench' >/dev/null
		psql -X "$base/gridmap_bench" -qc 'CREATE EXTENSION IF NOT EXISTS postgis' >/dev/null
	fi
	# A schema is done once it has its marker table (written after the load).
	done=$(psql -X "$base/gridmap_bench" -qAtc "SELECT count(*) FROM pg_tables WHERE schemaname = '$schema' AND tablename = 'bench_sample_done'")
	if [ "$done" != 1 ]; then
		echo "$name: generating the $1 sample on PostGIS into schema $schema of gridmap_bench (cached for later runs)" >&2
		psql -X "$base/gridmap_bench" -qc "DROP SCHEMA IF EXISTS $schema CASCADE" -c "CREATE SCHEMA $schema" >/dev/null
		# shellcheck disable=SC2046
		"$bin" sample $(sample_args "$1") -db "$base/gridmap_bench?search_path=$schema,public" >&2
		psql -X "$base/gridmap_bench" -qc "CREATE TABLE $schema.bench_sample_done ()" >/dev/null
	fi
	# Other versions' schemas of this scale go.
	psql -X "$base/gridmap_bench" -qAtc "SELECT nspname FROM pg_namespace WHERE nspname LIKE 's\_%\_$1%' AND nspname NOT LIKE 's\_$version\_%'" |
		while read -r old; do psql -X "$base/gridmap_bench" -qc "DROP SCHEMA $old CASCADE" >/dev/null; done
	echo "$base/gridmap_bench?search_path=$schema,public"
}
