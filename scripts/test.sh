#!/usr/bin/env bash
# The whole test suite (make test): the static checks of make lint (gofmt,
# go vet, staticcheck, govulncheck), go test -race against
# SQLite and PostGIS, the GDAL client test and the browser tests. On a Debian
# machine, as root, it installs and starts what is missing (PostGIS, Chromium,
# CJK fonts, GDAL, Node) and stops what it started when it ends.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
tmp=$(mktemp -d)
server_pid=""

cleanup() {
	if [ -n "$server_pid" ]; then
		kill "$server_pid" 2>/dev/null || true
		wait "$server_pid" 2>/dev/null || true
	fi
	bash "$root/scripts/postgis.sh" stop >/dev/null 2>&1 || true
	rm -rf "$tmp"
}
trap cleanup EXIT

step() { printf '\n== %s\n' "$*"; }

# 1. Packages. Only what is missing is installed, and only as root.
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v ogrinfo >/dev/null || missing+=(gdal-bin)
command -v curl >/dev/null || missing+=(curl)
command -v gcc >/dev/null || missing+=(gcc libc6-dev) # go test -race needs cgo
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
	step "installing ${missing[*]}"
	if [ "$(id -u)" != 0 ]; then
		echo "missing ${missing[*]}: run as root, or install them" >&2
		exit 1
	fi
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# 2. The static checks of make lint. A skipped vulnerability scan (no
# module proxy, no GOVULNDB) fails make test.
export GRIDMAP_REQUIRE_VULNCHECK=${GRIDMAP_REQUIRE_VULNCHECK:-1}
bash scripts/lint.sh

step "PostGIS"
pgenv=$(bash scripts/postgis.sh start) # a failure here stops the run (eval alone would hide it)
eval "$pgenv"
export GRIDMAP_TEST_POSTGRES
export GRIDMAP_REQUIRE_GDAL=${GRIDMAP_REQUIRE_GDAL:-1}

step "npm ci (Playwright, and Redocly's CLI for the OpenAPI test)"
(cd frontend/e2e && npm ci --no-audit --no-fund --loglevel=error)
export GRIDMAP_REQUIRE_REDOCLY=${GRIDMAP_REQUIRE_REDOCLY:-1}

step "go test -race (SQLite, PostGIS, GDAL, Redocly)"
# -race turns on checkptr, the compiler's check of every unsafe.Pointer
# conversion, in every package. In modernc.org's SQLite, C translated to
# Go that does pointer arithmetic on every line, it is a third of the API
# tests' CPU time; off there only, it stays on for gridmap's code and the
# other modules, and the race detector stays on everywhere.
CGO_ENABLED=1 go test -race -gcflags='modernc.org/...=-d=checkptr=0' -count=1 -timeout 30m ./...

step "browser tests (Chromium)"
go build -o "$tmp/gridmap" ./cmd/gridmap
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 18080)
export GRIDMAP_ADMIN_PASSWORD=${GRIDMAP_ADMIN_PASSWORD:-e2e-admin-password}
export GRIDMAP_LOGIN_RATE=120 # the suite logs in a dozen times a minute from one address
export GRIDMAP_BIN="$tmp/gridmap" # dataimport.test.mjs starts a second server over an empty database
"$tmp/gridmap" -addr "127.0.0.1:$port" -db "$tmp/e2e.db" -log-format json >"$tmp/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do
	curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
	kill -0 "$server_pid" 2>/dev/null || { cat "$tmp/server.log" >&2; exit 1; }
	sleep 0.5
done
curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null || { echo "the server did not come up:" >&2; cat "$tmp/server.log" >&2; exit 1; }
mkdir -p frontend/e2e/screenshots
GRIDMAP_URL="http://127.0.0.1:$port" GRIDMAP_SCREENSHOTS="$root/frontend/e2e/screenshots" \
	node --test frontend/e2e/*.test.mjs
echo "screenshots: frontend/e2e/screenshots"
