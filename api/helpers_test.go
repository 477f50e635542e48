package api_test

import (
	"encoding/json"
	"io"
	"os"
	"strconv"
	"testing"
)

// testDir holds files shared by the tests of this binary; TestMain removes it.
var testDir string

// TestMain removes what the tests share when they are done: testDir and
// the PostGIS template database.
func TestMain(m *testing.M) {
	var err error
	if testDir, err = os.MkdirTemp("", "gridmap-api-test-"); err != nil {
		panic(err)
	}
	code := m.Run()
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
