// Package bench holds benchmarks that compare revisions of gridmap (see
// compare.sh): they reach the stores only through data.Store and the
// stores' Open functions, so that one file runs unchanged on an older
// revision as on a newer one.
package bench
