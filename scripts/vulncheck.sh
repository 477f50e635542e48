#!/usr/bin/env bash
# govulncheck for make lint: scans ./... against the Go vulnerability
# database and fails on a called vulnerability that scripts/vulncheck.accept
# does not list (scripts/vulncheck prints and judges the findings).
#
# The database: $GOVULNDB when set (a URL such as https://vuln.go.dev or
# file:///dir). Otherwise it is built from the Go module proxy, which serves
# the golang.org/x/vulndb module with its data/osv/*.json entries: the
# newest version is indexed into the v1 layout by vulndb's own cmd/indexdb,
# once per version, under ${XDG_CACHE_HOME:-~/.cache}/gridmap/vulndb.
# Without the proxy the newest vulndb already in the module cache serves,
# and without that the scan is skipped, loudly; GRIDMAP_REQUIRE_VULNCHECK=1
# (as make test sets it) makes a skip fail.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

skip() {
	echo "govulncheck SKIPPED: $*" >&2
	if [ "${GRIDMAP_REQUIRE_VULNCHECK:-0}" = 1 ]; then
		echo "GRIDMAP_REQUIRE_VULNCHECK=1: a skipped vulnerability scan fails the run" >&2
		exit 1
	fi
	exit 0
}

db=${GOVULNDB:-}
if [ -z "$db" ]; then
	cache=${XDG_CACHE_HOME:-$HOME/.cache}/gridmap/vulndb
	mkdir -p "$cache"
	work=$(mktemp -d)
	trap 'rm -rf "$work"' EXIT
	# Outside this module, so that its go.mod is neither read nor changed.
	if info=$(cd "$work" && GOFLAGS=-mod=mod go mod download -json golang.org/x/vulndb@latest 2>"$work/err"); then
		version=$(sed -n 's/^[[:space:]]*"Version": "\(.*\)",$/\1/p' <<<"$info")
		dir=$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p' <<<"$info")
		infofile=$(sed -n 's/^[[:space:]]*"Info": "\(.*\)",$/\1/p' <<<"$info")
		published=$(sed -n 's/.*"Time":"\([^"]*\)".*/\1/p' "$infofile" 2>/dev/null || true)
	else
		why=$(sed -n 's/^[[:space:]]*"Error": "\(.*\)"$/\1/p' <<<"${info:-}"; tail -1 "$work/err")
		echo "govulncheck: no golang.org/x/vulndb@latest from the module proxy: $why" >&2
		dir=$(ls -d "$(go env GOMODCACHE)"/golang.org/x/vulndb@v* 2>/dev/null | sort | tail -1 || true)
		[ -n "$dir" ] || skip "no network to the module proxy, no golang.org/x/vulndb in the module cache, and GOVULNDB is not set"
		version=${dir##*@}
		published=""
		echo "govulncheck: using the newest vulndb in the module cache, $version: it may miss recent advisories" >&2
	fi
	[ -d "$dir/data/osv" ] || { echo "golang.org/x/vulndb@$version has no data/osv" >&2; exit 1; }
	out=$cache/$version
	if [ ! -f "$out/index/modules.json" ]; then
		rm -rf "$out.tmp"
		(cd "$work" && GOFLAGS=-mod=mod go run "golang.org/x/vulndb/cmd/indexdb@$version" -vulns "$dir/data/osv" -out "$out.tmp")
		rm -rf "$out"
		mv "$out.tmp" "$out"
		# Older builds are not needed again.
		find "$cache" -mindepth 1 -maxdepth 1 ! -name "$version" -exec rm -rf {} +
	fi
	echo "govulncheck: database golang.org/x/vulndb@$version (${published:+committed $published, }$(ls "$dir/data/osv" | wc -l) entries)"
	db=file://$out
fi

(cd "$root" && go tool govulncheck -db "$db" -format json ./...) | (cd "$root" && go run ./scripts/vulncheck -accept scripts/vulncheck.accept)
