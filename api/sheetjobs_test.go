package api

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"gridmap/data"
	"gridmap/importer"
	"gridmap/roster"
)

// TestSheetJobs: one job runs at a time, at most maxSheetJobs are kept
// (the oldest finished go first, with their spooled sheets), and a
// finished job expires sheetJobTTL after it finished.
func TestSheetJobs(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	js := &sheetJobs{}
	t0 := time.Date(2026, 12, 6, 1, 0, 0, 0, time.UTC)
	job := func(i int) *sheetJob {
		path := filepath.Join(dir, strconv.Itoa(i))
		if err := os.WriteFile(path, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		return &sheetJob{id: strconv.Itoa(i), kind: roster.Staff, path: path}
	}
	done := &importer.SheetResult{Report: &roster.Report{}}
	first, err := js.start(t0, job(0))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := js.start(t0, job(1)); data.ErrorCode(err) != data.ECONFLICT {
		t.Fatalf("a second job while one runs: %v; want conflict", err)
	}
	js.finish(t0, first, done, nil, nil)
	for i := 1; i <= maxSheetJobs; i++ {
		j, err := js.start(t0.Add(time.Duration(i)*time.Minute), job(i))
		if err != nil {
			t.Fatalf("job %d: %v", i, err)
		}
		js.finish(t0.Add(time.Duration(i)*time.Minute), j, done, nil, nil)
	}
	if len(js.jobs) != maxSheetJobs || js.get(t0, "0") != nil || js.get(t0, "1") == nil {
		t.Errorf("%d jobs kept, job 0 %v; want %d, the first gone", len(js.jobs), js.get(t0, "0"), maxSheetJobs)
	}
	if _, err := os.Stat(filepath.Join(dir, "0")); !os.IsNotExist(err) {
		t.Errorf("the dropped job's sheet: %v; want it removed", err)
	}
	later := t0.Add(time.Minute + sheetJobTTL)
	if js.get(later, "1") != nil || js.get(later, "2") == nil {
		t.Errorf("after an hour: job 1 kept or job 2 gone")
	}
	if _, err := os.Stat(filepath.Join(dir, "1")); !os.IsNotExist(err) {
		t.Errorf("the expired job's sheet: %v; want it removed", err)
	}
}
