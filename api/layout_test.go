package api_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestImportsPointInward checks the layout of STYLE.md by the imports of
// every package's non-test files: only api and cmd import Echo or the api
// package, so that statistics, boundary editing,
// photo cleaning, masking and the suggestion rules stay testable without a
// server; geo imports only orb and the standard library; only cmd imports
// both stores.
func TestImportsPointInward(t *testing.T) {
	t.Parallel()
	imports := map[string]map[string]bool{} // package directory -> import paths
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != ".." && (d.Name() == "testdata" || d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		dir := filepath.ToSlash(strings.TrimPrefix(filepath.Dir(path), "../"))
		if imports[dir] == nil {
			imports[dir] = map[string]bool{}
		}
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			imports[dir][p] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"api", "geo", "data", "stats", "boundary", "imaging", "mask", "suggest"} {
		if imports[want] == nil {
			t.Fatalf("no package %s/: the test reads the wrong tree (%d packages)", want, len(imports))
		}
	}
	for dir, ims := range imports {
		server := dir == "api" || strings.HasPrefix(dir, "cmd/")
		for p := range ims {
			switch {
			case !server && (strings.HasPrefix(p, "github.com/labstack/echo") || p == "gridmap/api"):
				t.Errorf("%s imports %s: only api and cmd speak HTTP", dir, p)
			case dir == "geo" && strings.Contains(strings.Split(p, "/")[0], ".") && !strings.HasPrefix(p, "github.com/paulmach/orb"):
				t.Errorf("geo imports %s: geo imports only orb and the standard library", p)
			case dir == "geo" && strings.HasPrefix(p, "gridmap/"):
				t.Errorf("geo imports %s: geo imports only orb and the standard library", p)
			}
		}
		// data/storetest/stores opens each store for other packages' tests.
		picks := strings.HasPrefix(dir, "cmd/") || dir == "data/storetest/stores"
		if !picks && ims["gridmap/data/sqlite"] && ims["gridmap/data/postgis"] {
			t.Errorf("%s imports both stores: only cmd picks one", dir)
		}
	}
}
