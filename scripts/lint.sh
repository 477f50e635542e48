#!/usr/bin/env bash
# The static checks (make lint; make test runs them first): gofmt, go vet,
# staticcheck and govulncheck. The checkers are tool directives of go.mod
# (go tool ...), so nothing is fetched to run them; govulncheck's database
# comes from the module proxy, see scripts/vulncheck.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

step "gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './frontend/e2e/node_modules/*'))
if [ -n "$unformatted" ]; then
	echo "gofmt would change:" >&2
	echo "$unformatted" >&2
	exit 1
fi

step "go vet"
go vet ./...

step "staticcheck"
go tool staticcheck ./...

step "govulncheck"
bash scripts/vulncheck.sh
