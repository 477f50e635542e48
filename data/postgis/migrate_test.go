package postgis_test

import (
	"sync"
	"testing"

	"gridmap/data/postgis"
	"gridmap/data/storetest"
)

// TestOpenConcurrently: instances started at once on one empty schema all
// open it: the advisory lock makes one apply the migrations while the
// others wait, then find them applied, and the schema records each once.
func TestOpenConcurrently(t *testing.T) {
	t.Parallel()
	schemaURL := newSchema(t, databaseURL(t))
	const n = 4
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := postgis.Open(t.Context(), schemaURL)
			if err == nil {
				err = s.Close()
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("Open #%d of %d at once = %v", i+1, n, err)
		}
	}
	if got := legacy(schemaURL).Applied(t); got != storetest.Migrations {
		t.Errorf("applied migrations after %d Opens at once = %q; want %q", n, got, storetest.Migrations)
	}
}
