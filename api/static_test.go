package api_test

import (
	"context"
	"encoding/json"
	"io/fs"
	"net/http"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"

	"gridmap/api"
	"gridmap/data/sqlite"
	"gridmap/frontend"
)

// appServer serves the real map app, over a copy of the small sample, to
// the tests that only read from it. One server for them all, because a
// server compresses each of the app's files with brotli at its best
// when it starts: 20 s of CPU under -race, spent again by every server.
// TestMain closes its store.
var appServer = sync.OnceValues(func() (*api.Server, error) {
	src, err := smallSampleDB()
	if err != nil {
		return nil, err
	}
	dst := filepath.Join(testDir, "app.db")
	if err := copyFile(src, dst); err != nil {
		return nil, err
	}
	st, err := sqlite.Open(context.Background(), dst)
	if err != nil {
		return nil, err
	}
	appServerStore.Store(st)
	return api.New(st, api.Config{Frontend: frontend.FS()}, quietLog()), nil
})

// appServerStore is the store appServer opened, for TestMain to close.
var appServerStore atomic.Pointer[sqlite.Store]

// closeAppServer closes appServer's store, if it was opened.
func closeAppServer() {
	if st := appServerStore.Load(); st != nil {
		st.Close()
	}
}

// sharedAppServer returns appServer, failing t if it could not be built.
func sharedAppServer(t *testing.T) *api.Server {
	t.Helper()
	s, err := appServer()
	if err != nil {
		t.Fatalf("serving the map app: %v", err)
	}
	return s
}

// versioned finds the app's versioned references: src and href in
// index.html, import specifiers in modules.
var versioned = regexp.MustCompile(`(?:\b(?:src|href)="|\bfrom\s*'|\bimport\s*\(\s*'|\bimport\s+')(\.{0,2}/?[\w./-]+\.\w+)(\?v=[^"']*)?["']`)

// TestAppFilesVersionedAndCompressed: the real app. Every reference between
// its files names one that exists, at the current version; a file asked for
// at that version is cached as immutable, index.html is revalidated; each
// text file comes as brotli or gzip as the client accepts, with an ETag per
// form that answers 304.
func TestAppFilesVersionedAndCompressed(t *testing.T) {
	t.Parallel()
	s := sharedAppServer(t)
	index := get(t, s, "/", "Accept-Encoding: br")
	if index.status != http.StatusOK || index.header.Get("Cache-Control") != "no-cache" || index.header.Get("Content-Encoding") != "br" {
		t.Fatalf("GET / = %d, Cache-Control %q, Content-Encoding %q; want 200, no-cache, br", index.status,
			index.header.Get("Cache-Control"), index.header.Get("Content-Encoding"))
	}
	version := regexp.MustCompile(`app\.js\?v=([0-9a-f]{12})"`).FindSubmatch(index.body)
	if version == nil {
		t.Fatalf("index.html loads no app.js?v=VERSION:\n%s", index.body)
	}
	v := string(version[1])
	seen := map[string]bool{}
	var check func(from, body string)
	check = func(from, body string) {
		for _, m := range versioned.FindAllStringSubmatch(body, -1) {
			ref := m[1]
			if strings.HasPrefix(ref, "/") || strings.Contains(ref, "//") {
				continue // not one of the app's files
			}
			if m[2] != "?v="+v {
				t.Errorf("%s refers to %s with %q; want ?v=%s", from, ref, m[2], v)
			}
			p := path.Join(path.Dir(from), ref) // as the browser resolves it: from the referring file
			if seen[p] {
				continue
			}
			seen[p] = true
			r := get(t, s, "/"+p+"?v="+v, "Accept-Encoding: gzip, deflate, br")
			if r.status != http.StatusOK {
				t.Errorf("%s refers to %s: GET = %d", from, p, r.status)
				continue
			}
			if cc := r.header.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
				t.Errorf("GET /%s?v=%s: Cache-Control %q; want immutable for a year", p, v, cc)
			}
			if strings.HasSuffix(p, ".js") {
				check(p, string(r.body))
			}
		}
	}
	check("index.html", string(index.body))
	for _, want := range []string{"app.js", "map.js", "i18n.js", "vendor/leaflet/leaflet.js", "styles.css", "tiles.js", "vendor/vector-tile/point-geometry.js"} {
		if !seen[want] {
			t.Errorf("no versioned reference reaches %s (reached %d files)", want, len(seen))
		}
	}

	raw, err := fs.ReadFile(frontend.FS(), "vendor/leaflet/leaflet.js")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ accept, encoding string }{
		{"br", "br"}, {"gzip, br;q=0", "gzip"}, {"gzip", "gzip"}, {"identity", ""}, {"", ""}, {"*", "br"},
	} {
		r := get(t, s, "/vendor/leaflet/leaflet.js", "Accept-Encoding: "+c.accept)
		if r.status != http.StatusOK || r.header.Get("Content-Encoding") != c.encoding || string(r.body) != string(raw) {
			t.Errorf("GET leaflet.js, Accept-Encoding %q = %d, Content-Encoding %q, %d bytes; want %q and the file's %d bytes",
				c.accept, r.status, r.header.Get("Content-Encoding"), len(r.body), c.encoding, len(raw))
		}
		if r.header.Get("Cache-Control") != "no-cache" || !strings.Contains(r.header.Get("Vary"), "Accept-Encoding") {
			t.Errorf("GET leaflet.js unversioned: Cache-Control %q, Vary %q; want no-cache, Accept-Encoding",
				r.header.Get("Cache-Control"), r.header.Get("Vary"))
		}
		tag := r.header.Get("ETag")
		if again := get(t, s, "/vendor/leaflet/leaflet.js", "Accept-Encoding: "+c.accept, "If-None-Match: "+tag); again.status != http.StatusNotModified {
			t.Errorf("GET leaflet.js, Accept-Encoding %q, If-None-Match %s = %d; want 304", c.accept, tag, again.status)
		}
	}
	sw := get(t, s, "/sw.js")
	if sw.status != http.StatusOK || sw.header.Get("Cache-Control") != "no-cache" || !strings.Contains(string(sw.body), "const VERSION = '"+v+"';") {
		t.Fatalf("GET /sw.js = %d, Cache-Control %q; want the worker at version %s, revalidated", sw.status, sw.header.Get("Cache-Control"), v)
	}
	m := regexp.MustCompile(`const SHELL = (\[.*\]);`).FindSubmatch(sw.body)
	var shell []string
	if m == nil || json.Unmarshal(m[1], &shell) != nil {
		t.Fatalf("sw.js has no SHELL list: %.300s", sw.body)
	}
	for _, want := range []string{"app.js?v=" + v, "vendor/leaflet/leaflet.js?v=" + v, "i18n.js?v=" + v, "manifest.webmanifest?v=" + v} {
		if !slices.Contains(shell, want) {
			t.Errorf("the worker's shell %q lacks %s", shell, want)
		}
	}
	for _, p := range shell {
		if r := get(t, s, "/"+p); r.status != http.StatusOK {
			t.Errorf("the worker's shell names %s: GET = %d", p, r.status)
		}
	}
	if r := get(t, s, "/manifest.webmanifest"); r.header.Get("Content-Type") != "application/manifest+json" || !json.Valid(r.body) {
		t.Errorf("GET /manifest.webmanifest: Content-Type %q, valid JSON %v", r.header.Get("Content-Type"), json.Valid(r.body))
	}
	if r := get(t, s, "/nope.js"); r.status != http.StatusNotFound {
		t.Errorf("GET /nope.js = %d; want 404", r.status)
	}
}

// TestAppVersionFollowsFiles: changing any file changes the version that
// every reference carries, so no browser keeps an old module.
func TestAppVersionFollowsFiles(t *testing.T) {
	t.Parallel()
	store := newSQLiteStore(t)
	versionOf := func(files fstest.MapFS) string {
		s := api.New(store, api.Config{Frontend: files}, quietLog())
		r := get(t, s, "/")
		m := regexp.MustCompile(`src="app\.js\?v=(\w+)"`).FindSubmatch(r.body)
		if m == nil {
			t.Fatalf("GET / = %d %q; want app.js at a version", r.status, r.body)
		}
		app := get(t, s, "/app.js")
		if want := "import { x } from './b.js?v=" + string(m[1]) + "';"; string(app.body) != want {
			t.Errorf("GET /app.js = %q; want %q", app.body, want)
		}
		return string(m[1])
	}
	files := func(b string) fstest.MapFS {
		return fstest.MapFS{
			"index.html": {Data: []byte(`<script type="module" src="app.js"></script><a href="https://example.org/">x</a>`)},
			"app.js":     {Data: []byte(`import { x } from './b.js';`)},
			"b.js":       {Data: []byte(b)},
		}
	}
	v1, v2 := versionOf(files("export const x = 1;")), versionOf(files("export const x = 2;"))
	if v1 == v2 {
		t.Errorf("version %s did not change when b.js did", v1)
	}
	if v1 != versionOf(files("export const x = 1;")) {
		t.Error("the same files gave another version")
	}
}

// TestAppStylesOneFile: index.html's stylesheets come as one, styles.css,
// in their order, each file's relative url()s rewritten from its directory
// to the root (absolute ones, data: and fragments kept); the files stay
// where they were for anyone who asks for them.
func TestAppStylesOneFile(t *testing.T) {
	t.Parallel()
	files := fstest.MapFS{
		"index.html":     {Data: []byte("<link rel=\"stylesheet\" href=\"vendor/x/x.css\">\n<link rel=\"stylesheet\" href=\"a.css\">\n<link rel=\"stylesheet\" href=\"b.css\">\n<script type=\"module\" src=\"app.js\"></script>")},
		"vendor/x/x.css": {Data: []byte(`.x { background: url(images/x.png); behavior: url(#default#VML); } .y { background: url('images/y.png') }`)},
		"a.css":          {Data: []byte(`.a { background: url("/abs.png"), url(data:image/png;base64,AAAA); }`)},
		"b.css":          {Data: []byte(`.b { color: red; }`)},
		"app.js":         {Data: []byte(`export {};`)},
	}
	s := api.New(newSQLiteStore(t), api.Config{Frontend: files}, quietLog())
	index := get(t, s, "/")
	links := regexp.MustCompile(`<link rel="stylesheet" href="([^"]+)">`).FindAllStringSubmatch(string(index.body), -1)
	if len(links) != 1 || !strings.HasPrefix(links[0][1], "styles.css?v=") {
		t.Fatalf("GET / links %q; want styles.css alone, at the version:\n%s", links, index.body)
	}
	want := ".x { background: url(vendor/x/images/x.png); behavior: url(#default#VML); } .y { background: url('vendor/x/images/y.png') }\n" +
		`.a { background: url("/abs.png"), url(data:image/png;base64,AAAA); }` + "\n" + ".b { color: red; }\n"
	r := get(t, s, "/"+links[0][1])
	if r.status != http.StatusOK || string(r.body) != want || !strings.HasPrefix(r.header.Get("Content-Type"), "text/css") {
		t.Errorf("GET /%s = %d, %q, %q; want 200, text/css,\n%q", links[0][1], r.status, r.header.Get("Content-Type"), r.body, want)
	}
	if r := get(t, s, "/a.css"); r.status != http.StatusOK || string(r.body) != string(files["a.css"].Data) {
		t.Errorf("GET /a.css = %d %q; want the file as it is", r.status, r.body)
	}
}

// TestAppIndexTiled: index.html preloads the whole cells document for a
// town up to Config.TileCells cells, and leaves that preload out past it
// (the map draws from tiles then), with an ETag of its own; nothing else
// in it changes.
func TestAppIndexTiled(t *testing.T) {
	t.Parallel()
	st := newSQLiteStore(t)
	newScene(t, st)
	preload := `<link rel="preload" href="api/cells" as="fetch" crossorigin>`
	whole := get(t, api.New(st, api.Config{Frontend: frontend.FS()}, quietLog()), "/")
	tiled := get(t, api.New(st, api.Config{Frontend: frontend.FS(), TileCells: 1}, quietLog()), "/")
	if !strings.Contains(string(whole.body), preload) {
		t.Fatalf("GET / with the default tile_cells has no %s", preload)
	}
	if strings.Contains(string(tiled.body), "api/cells") {
		t.Errorf("GET / with tile_cells 1 still names api/cells:\n%s", tiled.body)
	}
	if got, want := string(tiled.body), strings.Replace(string(whole.body), preload+"\n", "", 1); got != want {
		t.Errorf("GET / with tile_cells 1 differs in more than the preload:\n%s", got)
	}
	if whole.header.Get("ETag") == tiled.header.Get("ETag") {
		t.Errorf("both index.html forms have ETag %s", whole.header.Get("ETag"))
	}
}
