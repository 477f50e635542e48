#!/usr/bin/env bash
# postgis.sh brings up a local PostgreSQL 15 + PostGIS 3 cluster for the
# tests of data/postgis, on Debian 12, as root. It is idempotent: run it as
# often as you like.
#
#   scripts/postgis.sh [start]   install if missing, start, create role and
#                                database, print the export line on stdout
#   scripts/postgis.sh stop      stop the cluster, only if this script started it
#
# Everything but the export line goes to stderr, so a caller can write:
#
#   eval "$(scripts/postgis.sh)"
#   GRIDMAP_REQUIRE_POSTGIS=1 go test ./data/postgis/
#   scripts/postgis.sh stop
set -euo pipefail

readonly VERSION=15
readonly CLUSTER=main
readonly CONF_DIR=/etc/postgresql/$VERSION/$CLUSTER
readonly CONF=$CONF_DIR/conf.d/gridmap.conf
readonly STATE=/tmp/gridmap-postgis.state # exists while this script owns the running cluster
readonly ROLE=gridmap
readonly DB=gridmap_test

log() { echo "postgis.sh: $*" >&2; }

die() {
	log "$*"
	exit 1
}

installed() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

# cluster_field prints one column of pg_lsclusters for our cluster (3 = port,
# 4 = status), or nothing when the cluster does not exist.
cluster_field() {
	pg_lsclusters -h 2>/dev/null | awk -v v="$VERSION" -v c="$CLUSTER" -v f="$1" '$1 == v && $2 == c { print $f }'
}

# as_postgres runs psql as the postgres superuser against database $1.
as_postgres() {
	local db=$1
	shift
	PGOPTIONS="-c client_min_messages=warning" runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$PORT" -d "$db" "$@" >&2
}

install_packages() {
	if installed postgresql-$VERSION && installed postgresql-$VERSION-postgis-3; then
		return
	fi
	log "installing postgresql-$VERSION and postgresql-$VERSION-postgis-3"
	# Where the package starts the cluster itself (a systemd machine), this
	# script still owns it: stop will stop it.
	echo "$VERSION/$CLUSTER" >"$STATE"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update >&2
	apt-get install -y --no-install-recommends postgresql-$VERSION postgresql-$VERSION-postgis-3 >&2
}

ensure_cluster() {
	if [[ -z "$(cluster_field 2)" ]]; then
		log "creating cluster $VERSION/$CLUSTER"
		pg_createcluster "$VERSION" "$CLUSTER" >&2
	fi
	PORT=$(cluster_field 3)
}

# write_conf writes the listen address; it prints "changed" when the file
# had to be (re)written, so a running cluster can be restarted to apply it.
write_conf() {
	local want="listen_addresses = '127.0.0.1'"
	mkdir -p "$CONF_DIR/conf.d"
	if [[ -f "$CONF" ]] && [[ "$(cat "$CONF")" == "$want" ]]; then
		return
	fi
	echo "$want" >"$CONF"
	chown postgres:postgres "$CONF"
	echo changed
}

start_cluster() {
	local changed=$1
	if [[ "$(cluster_field 4)" == online* ]]; then
		if [[ -n "$changed" ]]; then
			log "restarting $VERSION/$CLUSTER to listen on 127.0.0.1"
			pg_ctlcluster "$VERSION" "$CLUSTER" restart >&2
		fi
		return
	fi
	log "starting $VERSION/$CLUSTER"
	pg_ctlcluster "$VERSION" "$CLUSTER" start >&2
	echo "$VERSION/$CLUSTER" >"$STATE"
}

wait_ready() {
	local i
	for i in $(seq 1 60); do
		if pg_isready -q -h 127.0.0.1 -p "$PORT"; then
			return
		fi
		sleep 0.5
	done
	die "PostgreSQL $VERSION/$CLUSTER is not accepting connections on 127.0.0.1:$PORT"
}

ensure_role_and_db() {
	as_postgres postgres <<-SQL
		DO \$\$
		BEGIN
			IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') THEN
				CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$ROLE';
			ELSE
				ALTER ROLE $ROLE LOGIN CREATEDB PASSWORD '$ROLE';
			END IF;
		END
		\$\$;
	SQL
	# PostGIS in template1 first, so every database created later has it.
	as_postgres template1 -c 'CREATE EXTENSION IF NOT EXISTS postgis'
	if ! runuser -u postgres -- psql -X -tA -p "$PORT" -d postgres \
		-c "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
		log "creating database $DB"
		runuser -u postgres -- createdb -p "$PORT" -O "$ROLE" "$DB" >&2
	fi
	as_postgres "$DB" -c 'CREATE EXTENSION IF NOT EXISTS postgis'
}

start() {
	install_packages
	ensure_cluster
	local changed
	changed=$(write_conf)
	start_cluster "$changed"
	wait_ready
	ensure_role_and_db
	log "ready"
	echo "export GRIDMAP_TEST_POSTGRES=postgres://$ROLE:$ROLE@127.0.0.1:$PORT/$DB"
}

stop() {
	if [[ ! -f "$STATE" ]]; then
		log "the cluster was not started by this script; leaving it as it is"
		return
	fi
	if [[ "$(cluster_field 4)" == online* ]]; then
		log "stopping $VERSION/$CLUSTER"
		pg_ctlcluster "$VERSION" "$CLUSTER" stop >&2
	fi
	rm -f "$STATE"
}

[[ $EUID -eq 0 ]] || die "run as root"
cd /tmp # psql as postgres cannot read root's working directory
PORT=5432
case "${1:-start}" in
start) start ;;
stop) stop ;;
*) die "usage: $0 [start|stop]" ;;
esac
