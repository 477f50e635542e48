package api_test

import (
	"encoding/json"
	"flag"
	"io"
	"os"
	"runtime"
	"strconv"
	"sync"
	"testing"
)

// testDir holds files shared by the tests of this binary; TestMain removes it.
var testDir string

// TestMain builds what the tests share and removes it when they are done:
// testDir, the PostGIS template database and appServer's store.
func TestMain(m *testing.M) {
	var err error
	if testDir, err = os.MkdirTemp("", "gridmap-api-test-"); err != nil {
		panic(err)
	}
	flag.Parse()
	// Many tests spend part of their time waiting, not computing: on the
	// sample databases being built, on PostGIS, on an import job. Unless
	// -parallel says otherwise, run twice as many at once as there are
	// cores, so that one test's wait leaves no core idle.
	parallelSet := false
	flag.Visit(func(f *flag.Flag) { parallelSet = parallelSet || f.Name == "test.parallel" })
	if !parallelSet {
		flag.Set("test.parallel", strconv.Itoa(2*runtime.GOMAXPROCS(0)))
	}
	// A whole run needs every template. The first tests wait for the full
	// sample, one core building it while the other idles, so the small
	// sample and the PostGIS template are built meanwhile; a run of chosen
	// tests builds only what they ask for.
	var prebuilt sync.WaitGroup
	if flag.Lookup("test.run").Value.String() == "" {
		prebuilt.Go(func() { smallSampleDB() })
		if os.Getenv("GRIDMAP_TEST_POSTGRES") != "" {
			prebuilt.Go(func() { postgisTemplate() })
		}
	}
	code := m.Run()
	prebuilt.Wait()
	closeAppServer()
	dropPostGISTemplate()
	os.RemoveAll(testDir)
	os.Exit(code)
}

func tempDir() (string, error) { return testDir, nil }

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func mustJSON(t *testing.T, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("not JSON: %v\n%.300s", err, b)
	}
}
