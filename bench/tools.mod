// The module file of compare.sh's benchstat, run as
// go tool -modfile=bench/tools.mod benchstat. It is apart from go.mod
// because golang.org/x/perf requires a newer golang.org/x/image than
// gridmap's, and that one reads WebP headers differently: through go.mod
// the tool would change the app.
module gridmap

go 1.26.0

toolchain go1.26.8

tool golang.org/x/perf/cmd/benchstat

require (
	github.com/aclements/go-moremath v0.0.0-20210112150236-f10218a38794 // indirect
	golang.org/x/perf v0.0.0-20260908200009-22c9c6c9d4da // indirect
)
