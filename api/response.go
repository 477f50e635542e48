package api

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"hash/fnv"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"
)

// Content types served.
const (
	typeJSON    = "application/json; charset=utf-8"
	typeGeoJSON = "application/geo+json; charset=utf-8"
	typeOpenAPI = "application/vnd.oai.openapi+json;version=3.0"
)

// minGzip is the size below which compressing costs more than it saves.
const minGzip = 1024

// body is a ready response: its bytes, their gzip form and a strong ETag.
// Cached bodies are built once per change of what they show.
type body struct {
	raw []byte
	// parts is a large body kept in pieces (/api/cells, which changes in
	// places), its plain bytes in order; raw is nil then.
	parts [][]byte
	etag  string // quoted; the gzip variant's tag adds "-gz"
	// gz returns the gzip form: made at encode time for the bodies that
	// caches keep (encodedBody), made once for the first client that takes
	// it for the others (a 304 or a client without gzip costs no
	// compression); nil for a body too small to compress.
	gz     func() []byte
	gzSize int // the size of the gzip form made at encode time
	// tags are the ETag header's values, plain and gzip, made once for a
	// body that a cache keeps (see headerValue); nil for the others.
	tags *[2][]string
}

// Header values that many answers share, set by assignment to the header
// map: Header.Set allocates a new one-string slice for each call, a
// measurable share of a small cached answer. net/http only reads them,
// and Header.Add to one appends to a full slice, which copies it.
var (
	hdrGzip      = []string{"gzip"}
	hdrNosniff   = []string{"nosniff"}
	hdrFrame     = []string{"SAMEORIGIN"}
	hdrReferrer  = []string{"same-origin"}
	hdrAnyOrigin = []string{corsAnyOrigin}
	hdrExposeTag = []string{"ETag"}
	hdrTypes     = map[string][]string{}
)

func init() {
	for _, t := range []string{typeJSON, typeGeoJSON, typeOpenAPI, typeMVT} {
		hdrTypes[t] = []string{t}
	}
}

// headerValue is v as a header's values: shared for the content types
// above, a new slice for others.
func headerValue(v string) []string {
	if shared, ok := hdrTypes[v]; ok {
		return shared
	}
	return []string{v}
}

// withTags makes b's ETag header values once, for a body served many times.
func (b *body) withTags() *body {
	b.tags = &[2][]string{{b.etag}, {gzTag(b.etag)}}
	return b
}

// gzTag is the tag of the gzip form of the body tagged etag.
func gzTag(etag string) string { return strings.TrimSuffix(etag, `"`) + `-gz"` }

// newBody computes the ETag and, for larger bodies, readies the gzip form.
func (s *Server) newBody(raw []byte) *body {
	b := &body{raw: raw, etag: etagOf(raw)}
	if len(raw) >= minGzip {
		b.gz = sync.OnceValue(func() []byte { return s.gzip(raw) })
	}
	return b
}

// encodedBody is newBody for an answer that a cache keeps and serves many
// times: its gzip form is made now, once, never per request.
func (s *Server) encodedBody(raw []byte) *body {
	b := &body{raw: raw, etag: etagOf(raw)}
	if len(raw) >= minGzip {
		gz := s.gzip(raw)
		b.gz, b.gzSize = func() []byte { return gz }, len(gz)
	}
	return b.withTags()
}

// size is how many bytes b keeps: plain and precompressed.
func (b *body) size() int {
	n := len(b.raw) + b.gzSize
	for _, p := range b.parts {
		n += len(p)
	}
	return n
}

// etagOf is a strong ETag of raw: its FNV-1a hash, quoted.
func etagOf(raw []byte) string {
	h := fnv.New64a()
	h.Write(raw)
	return `"` + strconv.FormatUint(h.Sum64(), 36) + `"`
}

func (s *Server) gzip(raw []byte) []byte {
	return compressed(&s.gzPool, raw, (*gzip.Writer).Close)
}

// compressed runs raw through a writer from pool (gzip or deflate), reset
// onto a new buffer, and ends it with finish: Close for a whole gzip
// member, Flush for a chunk of a joined stream.
func compressed[W interface {
	Reset(io.Writer)
	Write([]byte) (int, error)
}](pool *sync.Pool, raw []byte, finish func(W) error) []byte {
	var buf bytes.Buffer
	buf.Grow(len(raw) / 4)
	w := pool.Get().(W)
	w.Reset(&buf)
	w.Write(raw)
	finish(w)
	pool.Put(w)
	return buf.Bytes()
}

// send writes b with conditional-request and compression handling:
// If-None-Match answers 304, and a client accepting gzip gets the gzip
// form.
func (s *Server) send(c echo.Context, ctype string, b *body) error {
	req, h := c.Request(), c.Response().Header()
	h[echo.HeaderContentType] = headerValue(ctype)
	addVary(h, echo.HeaderAcceptEncoding)
	useGz := b.gz != nil && accepts(req.Header.Get(echo.HeaderAcceptEncoding), "gzip")
	switch {
	case b.tags != nil && useGz:
		h["Etag"] = b.tags[1]
	case b.tags != nil:
		h["Etag"] = b.tags[0]
	case useGz:
		h.Set("ETag", gzTag(b.etag))
	default:
		h.Set("ETag", b.etag)
	}
	if inm := req.Header.Get("If-None-Match"); inm != "" && etagMatch(inm, b.etag) {
		return c.NoContent(http.StatusNotModified)
	}
	if useGz {
		h[echo.HeaderContentEncoding] = hdrGzip
	}
	var one [1][]byte // on the stack: no allocation for a body in one piece
	out := b.parts
	if useGz || out == nil {
		one[0] = b.raw
		if useGz {
			one[0] = b.gz()
		}
		out = one[:]
	}
	n := 0
	for _, p := range out {
		n += len(p)
	}
	h.Set(echo.HeaderContentLength, strconv.Itoa(n))
	c.Response().WriteHeader(http.StatusOK)
	for _, p := range out {
		if _, err := c.Response().Write(p); err != nil {
			return err
		}
	}
	return nil
}

// sendJSON marshals v and sends it as ctype.
func (s *Server) sendJSON(c echo.Context, ctype string, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return s.send(c, ctype, s.newBody(raw))
}

// hdrVary are the Vary values shared when a header has no Vary yet.
var hdrVary = map[string][]string{echo.HeaderAcceptEncoding: {echo.HeaderAcceptEncoding},
	"Accept-Language": {"Accept-Language"}, echo.HeaderOrigin: {echo.HeaderOrigin}}

// addVary adds v to h's Vary, sharing the value slice when it is the
// first.
func addVary(h http.Header, v string) {
	if shared, ok := hdrVary[v]; ok && len(h[echo.HeaderVary]) == 0 {
		h[echo.HeaderVary] = shared
		return
	}
	h.Add(echo.HeaderVary, v)
}

// etagMatch implements If-None-Match's weak comparison against a tag and
// its gzip variant.
func etagMatch(header, tag string) bool {
	gz := gzTag(tag)
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == tag || t == gz {
			return true
		}
	}
	return false
}

// accepts reports whether an Accept-Encoding header allows a content
// coding (gzip, br): named or by *, with a q-value above zero.
func accepts(header, coding string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), coding) && strings.TrimSpace(name) != "*" {
			continue
		}
		q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}
