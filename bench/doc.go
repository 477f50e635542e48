// Package bench holds gridmap's measurements beyond go test -bench. Its
// store benchmarks compare revisions (compare.sh, make bench-revisions):
// they reach the stores only through data.Store and the stores' Open
// functions, so that one file runs unchanged on an older revision as on a
// newer one. Its commands serve compare-servers.sh (make bench-compare),
// which sets gridmap's reads against references on the town and the city
// samples: ceiling (a plain server sending the same bytes), load (the
// HTTP load generator), pgref (PostGIS doing the same work itself) and
// table (the table of ratios and targets).
package bench
