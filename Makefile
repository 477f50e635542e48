# The two commands of the README: `make run` serves the sample town at
# http://localhost:8080; `make test` runs the whole test suite, installing
# and starting PostGIS, Chromium and GDAL first when they are missing;
# `make lint` runs only its static checks (gofmt, go vet, staticcheck,
# govulncheck). `make bench-compare` sets gridmap's reads against a plain Go
# server sending the same bytes and against PostGIS answering the same
# queries, on the town and the city samples, and prints a table of ratios;
# `make bench-revisions` puts two revisions' benchmarks side by side.
.PHONY: run test lint bench bench-compare bench-revisions

run:
	go run ./cmd/gridmap

test:
	bash scripts/test.sh

lint:
	bash scripts/lint.sh

bench:
	go test -run '^$$' -bench . -benchmem ./geo ./api

bench-compare:
	bash bench/compare-servers.sh

bench-revisions:
	bash bench/compare.sh
