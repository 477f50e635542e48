# The two commands of the README: `make run` serves the sample town at
# http://localhost:8080; `make test` runs the whole test suite, installing
# and starting PostGIS, Chromium and GDAL first when they are missing.
.PHONY: run test bench

run:
	go run ./cmd/gridmap

test:
	bash scripts/test.sh

bench:
	go test -run '^$$' -bench . -benchmem ./geo ./api
