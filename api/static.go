package api

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"math/bits"
	"mime"
	"net/http"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/labstack/echo/v4"
)

// The map app's files are read into memory once, when the server starts.
// Each reference between them (index.html's scripts, styles and module
// preloads, the modules' imports) carries the app's version, a hash of
// every file, as ?v=: a request naming the current version is cached for
// a year as immutable, so a repeat visit asks for nothing but index.html
// (no-cache, answered 304 while the binary is the same). Every answer has
// a strong ETag. Text files are compressed, with brotli or gzip as the
// client accepts, each form once, the first time it is asked for.

// immutable is the Cache-Control of a file asked for at the current
// version.
const immutable = "public, max-age=31536000, immutable"

// appAssets is the app's files by path ("index.html", "vendor/x.js").
type appAssets struct {
	version string
	files   map[string]*asset
	// tiledIndex is index.html without the preload of /api/cells, for a
	// town whose map draws from vector tiles (Config.TileCells).
	tiledIndex *asset
}

// cellsPreload is index.html's preload of the whole cells document.
var cellsPreload = regexp.MustCompile(`<link rel="preload" href="api/cells" [^>]*>\n?`)

// asset is a file ready to serve.
type asset struct {
	raw   []byte
	ctype string
	tag   string // the hash of raw, in hex: the ETag's base
	text  bool   // worth compressing

	brOnce, gzOnce sync.Once
	br, gz         []byte // nil when compressing saves nothing
}

var (
	// jsImport finds a module's relative import specifiers: from './x.js',
	// import './x.js', import('./x.js').
	jsImport = regexp.MustCompile(`(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}/[^'"?#\s]+)(['"])`)
	// htmlRef finds index.html's relative src and href attributes; those
	// that name no file of the app (api/cells, preloaded) stay as they are.
	htmlRef = regexp.MustCompile(`(\b(?:src|href)=")([^"/:?#][^":?#]*)(")`)
	// styleLink finds index.html's stylesheets, as written there.
	styleLink = regexp.MustCompile(`<link rel="stylesheet" href="([^"/:?#][^":?#]*)">\n?`)
	// cssURL finds a stylesheet's relative url()s: not absolute, not data:, not a fragment.
	cssURL = regexp.MustCompile(`url\((['"]?)([^'"()#:/\s][^'"()#:\s]*)(['"]?)\)`)
)

// styles is the one stylesheet that index.html's stylesheets are served as.
const styles = "styles.css"

// bundleStyles serves index.html's stylesheets as one, styles.css, in
// their order (so the cascade is the same): on a weak link each file is a
// round trip, and a browser asks one server for six files at a time. Each
// file's relative url()s are rewritten from its directory to the root.
// With fewer than two stylesheets, or one that is not there, index.html
// stays as it is.
func (a *appAssets) bundleStyles() {
	index := a.files["index.html"]
	if index == nil || a.files[styles] != nil {
		return
	}
	links := styleLink.FindAllSubmatch(index.raw, -1)
	if len(links) < 2 {
		return
	}
	var b bytes.Buffer
	for _, l := range links {
		p := string(l[1])
		f := a.files[p]
		if f == nil {
			return
		}
		dir := path.Dir(p)
		b.Write(cssURL.ReplaceAllFunc(f.raw, func(m []byte) []byte {
			sub := cssURL.FindSubmatch(m)
			return slices.Concat([]byte("url("), sub[1], []byte(path.Join(dir, string(sub[2]))), sub[3], []byte(")"))
		}))
		b.WriteByte('\n')
	}
	a.files[styles] = &asset{raw: b.Bytes(), ctype: appTypes[".css"], text: true}
	first := true
	index.raw = styleLink.ReplaceAllFunc(index.raw, func([]byte) []byte {
		if !first {
			return nil
		}
		first = false
		return []byte(`<link rel="stylesheet" href="` + styles + `">` + "\n")
	})
}

// loadAssets reads every file of fsys and versions the references between
// them.
func loadAssets(fsys fs.FS) (*appAssets, error) {
	a := &appAssets{files: map[string]*asset{}}
	var names []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		ctype := appTypes[path.Ext(p)]
		if ctype == "" {
			ctype = mime.TypeByExtension(path.Ext(p))
		}
		if ctype == "" {
			ctype = http.DetectContentType(b)
		}
		a.files[p] = &asset{raw: b, ctype: ctype, text: compressible(ctype)}
		names = append(names, p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.Sort(names)
	h := sha256.New()
	for _, p := range names {
		sum := sha256.Sum256(a.files[p].raw)
		h.Write([]byte(p + "\x00"))
		h.Write(sum[:])
	}
	a.version = hex.EncodeToString(h.Sum(nil))[:12]
	a.bundleStyles()
	for _, p := range names {
		f := a.files[p]
		switch {
		case p == "index.html":
			f.raw = htmlRef.ReplaceAllFunc(f.raw, func(m []byte) []byte {
				sub := htmlRef.FindSubmatch(m)
				if a.files[string(sub[2])] == nil {
					return m
				}
				return slices.Concat(sub[1], sub[2], []byte("?v="+a.version), sub[3])
			})
		case strings.HasSuffix(p, ".js"):
			f.raw = jsImport.ReplaceAll(f.raw, []byte("${1}${2}${3}?v="+a.version+"${4}"))
		}
	}
	if sw := a.files["sw.js"]; sw != nil {
		shell, err := json.Marshal(a.shell())
		if err != nil {
			return nil, err
		}
		sw.raw = bytes.Replace(sw.raw, []byte("const VERSION = 'dev';"), []byte("const VERSION = '"+a.version+"';"), 1)
		sw.raw = bytes.Replace(sw.raw, []byte("const SHELL = [];"), []byte("const SHELL = "+string(shell)+";"), 1)
	}
	if index := a.files["index.html"]; index != nil {
		a.tiledIndex = &asset{raw: cellsPreload.ReplaceAll(index.raw, nil), ctype: index.ctype, text: index.text}
	}
	for _, f := range a.files {
		f.tag = hashTag(f.raw)
	}
	if a.tiledIndex != nil {
		a.tiledIndex.tag = hashTag(a.tiledIndex.raw)
	}
	return a, nil
}

// hashTag is the ETag base of a file's bytes.
func hashTag(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:12])
}

// appTypes are the content types of the app's files, whatever the
// machine's MIME tables say.
var appTypes = map[string]string{
	".html":        "text/html; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".json":        "application/json",
	".webmanifest": "application/manifest+json",
}

// versionedRef finds the references loadAssets versioned, in index.html
// and in the modules' static imports (not import(): a page loaded later).
var versionedRef = regexp.MustCompile(`(?:\b(?:src|href)="|\bfrom\s*['"]|\bimport\s+['"])([^"'?]+)\?v=`)

// shell lists the app's shell, the files the service worker keeps when
// it installs: index.html's and those their modules import, at the
// version, as URLs relative to the app's root.
func (a *appAssets) shell() []string {
	seen := map[string]bool{}
	var list []string
	var visit func(dir string, body []byte)
	visit = func(dir string, body []byte) {
		for _, m := range versionedRef.FindAllSubmatch(body, -1) {
			p := path.Join(dir, string(m[1]))
			f := a.files[p]
			if f == nil || seen[p] {
				continue
			}
			seen[p] = true
			list = append(list, p+"?v="+a.version)
			if strings.HasSuffix(p, ".js") {
				visit(path.Dir(p), f.raw)
			}
		}
	}
	if index := a.files["index.html"]; index != nil {
		visit(".", index.raw)
	}
	slices.Sort(list)
	return list
}

// compressible reports whether a type is text, which compresses well.
func compressible(ctype string) bool {
	t, _, _ := strings.Cut(ctype, ";")
	return strings.HasPrefix(t, "text/") || slices.Contains([]string{"application/javascript", "application/json",
		"image/svg+xml", "application/manifest+json", "application/xml"}, t)
}

// compressAll compresses every text file both ways.
func (a *appAssets) compressAll() {
	for _, f := range a.files {
		if f.text {
			f.brotli()
			f.gzip()
		}
	}
	if a.tiledIndex != nil {
		a.tiledIndex.brotli()
		a.tiledIndex.gzip()
	}
}

// brotli returns f compressed with brotli, nil when that saves nothing.
func (f *asset) brotli() []byte {
	f.brOnce.Do(func() {
		f.br = f.compress("br", func(raw []byte, buf *bytes.Buffer) {
			// A window no larger than the file: the same size within a
			// byte, for a fraction of the memory of the default 4 MB
			// window (i18n.js: 47 MB allocated at the default, 15 MB at
			// this), which set the town server's peak RSS
			// (bench/compare-servers.sh).
			lgwin := min(max(bits.Len(uint(len(raw))), 10), 24)
			w := brotli.NewWriterOptions(buf, brotli.WriterOptions{Quality: brotli.BestCompression, LGWin: lgwin})
			w.Write(raw)
			w.Close()
		})
	})
	return f.br
}

// gzip returns f compressed with gzip, nil when that saves nothing.
func (f *asset) gzip() []byte {
	f.gzOnce.Do(func() {
		f.gz = f.compress("gz", func(raw []byte, buf *bytes.Buffer) {
			w, _ := gzip.NewWriterLevel(buf, gzip.BestCompression)
			w.Write(raw)
			w.Close()
		})
	})
	return f.gz
}

// compressedApp keeps the app's files compressed, by method and content
// (an asset's tag), once per process: the servers of one process (the
// tests start dozens) share the work, at their best compression levels
// seconds of CPU, many more under the race detector.
var compressedApp sync.Map // method + tag -> func() []byte

// compress returns f's bytes as write compresses them, nil when that
// saves nothing, compressed once per process for each method and content.
func (f *asset) compress(method string, write func(raw []byte, buf *bytes.Buffer)) []byte {
	raw := f.raw
	once, _ := compressedApp.LoadOrStore(method+f.tag, sync.OnceValue(func() []byte {
		var buf bytes.Buffer
		write(raw, &buf)
		if buf.Len() >= len(raw) {
			return nil
		}
		return buf.Bytes()
	}))
	return once.(func() []byte)()
}

// staticFiles serves the map app from memory: files only (no directory
// listings), "/" being index.html. fsys is read at once; a file it cannot
// read is a 500 for every file of the app. tiled reports whether the map
// draws from vector tiles, and so whether index.html leaves out its
// preload of /api/cells.
func staticFiles(fsys fs.FS, tiled func(echo.Context) bool) echo.HandlerFunc {
	a, err := loadAssets(fsys)
	if err == nil {
		// Compressed once at start, in the background: the first visitor
		// on a weak link waits for no compressor.
		go a.compressAll()
	}
	return func(c echo.Context) error {
		if err != nil {
			return err
		}
		p := strings.TrimPrefix(c.Request().URL.Path, "/")
		if p == "" {
			p = "index.html"
		}
		f := a.files[p]
		if f == nil {
			return notFound(c)
		}
		if p == "index.html" && a.tiledIndex != nil && tiled(c) {
			f = a.tiledIndex
		}
		h := c.Response().Header()
		h.Set(echo.HeaderContentType, f.ctype)
		if p != "index.html" && c.QueryParam("v") == a.version {
			h.Set(echo.HeaderCacheControl, immutable)
		} else {
			h.Set(echo.HeaderCacheControl, "no-cache")
		}
		body, tag := f.raw, f.tag
		if f.text {
			addVary(h, echo.HeaderAcceptEncoding)
			accept := c.Request().Header.Get(echo.HeaderAcceptEncoding)
			if br := f.brotli(); br != nil && accepts(accept, "br") {
				body, tag = br, f.tag+"-br"
				h.Set(echo.HeaderContentEncoding, "br")
			} else if gz := f.gzip(); gz != nil && accepts(accept, "gzip") {
				body, tag = gz, f.tag+"-gz"
				h.Set(echo.HeaderContentEncoding, "gzip")
			}
		}
		h.Set("ETag", `"`+tag+`"`)
		http.ServeContent(c.Response(), c.Request(), "", time.Time{}, bytes.NewReader(body))
		return nil
	}
}
