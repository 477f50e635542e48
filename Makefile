# The two commands of the README: `make run` serves the sample town at
# http://localhost:8080; `make test` runs the whole test suite, installing
# and starting PostGIS, Chromium and GDAL first when they are missing;
# `make lint` runs only its static checks (gofmt, go vet, staticcheck,
# govulncheck). `make bench-compare` puts two revisions side by side.
.PHONY: run test lint bench bench-compare

run:
	go run ./cmd/gridmap

test:
	bash scripts/test.sh

lint:
	bash scripts/lint.sh

bench:
	go test -run '^$$' -bench . -benchmem ./geo ./api

bench-compare:
	bash bench/compare.sh
