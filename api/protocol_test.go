package api_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"gridmap/api"
)

// TestPathsNotUTF8 requests paths whose escapes decode to bytes that are
// not UTF-8 (an invalid sequence, an overlong "..") from the server with
// the real map app, whose file system refused them as invalid names and
// the file server answered 500.
func TestPathsNotUTF8(t *testing.T) {
	t.Parallel()
	s := sharedAppServer(t)
	for _, p := range []string{"/%ff%fe", "/%c0%ae%c0%ae/etc/passwd", "/vendor/%c0%af", "/api/%ff", "/api/cells/%ff", "/ogc/collections/%c0%ae", "/open311/v2/%fe"} {
		for _, lang := range []string{"zh-CN", "en"} {
			r := get(t, s, p, "Accept-Language: "+lang)
			if r.status != http.StatusBadRequest || !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
				t.Errorf("GET %s = %d %q; want a 400 JSON error\n%.200s", p, r.status, r.header.Get("Content-Type"), r.body)
				continue
			}
			if strings.HasPrefix(p, "/open311/") {
				continue // Open311 has its own error shape
			}
			if code, field := r.errorOf(t); code != "invalid" || field != "path" {
				t.Errorf("GET %s error = %q on %q; want invalid on path", p, code, field)
			}
		}
	}
	if r := get(t, s, "/"); r.status != http.StatusOK {
		t.Errorf("GET / = %d; want 200", r.status)
	}
}

// logBuffer collects a server's log lines, safe for concurrent writes.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestBodyBreaksOff sends bodies shorter than their Content-Length over a
// raw connection: one the client stops sending (the server's read timeout
// ends it) and one whose connection the client half-closes (an unexpected
// end). Both are the client's fault: 400 naming "body", and no ERROR in
// the log.
func TestBodyBreaksOff(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	var logs logBuffer
	s := api.New(sc.store, api.Config{}, slog.New(slog.NewTextHandler(&logs, nil)))
	srv := httptest.NewUnstartedServer(s)
	srv.Config.ReadTimeout = 200 * time.Millisecond // the body stalls until then
	srv.Start()
	t.Cleanup(srv.Close)

	admin := "Authorization: Bearer " + sc.actors["admin"].token
	upload := multipartBody(t, "file", "a.png", "image/png", tinyPNG(t))
	cases := []struct {
		name, method, path string
		headers            []string
		body               string
	}{
		{"JSON login", "POST", "/api/auth/login", []string{"Content-Type: application/json"}, `{"username":"t-admin","pass`},
		{"JSON report", "POST", "/api/incidents", []string{admin, "Content-Type: application/json"}, `{"type":"邻里纠纷","summary":"`},
		{"Open311 form", "POST", "/open311/v2/requests.json", []string{"Content-Type: application/x-www-form-urlencoded"}, "service_code=1&lat=28.5&long=106.6&description="},
		{"Open311 form with a token", "POST", "/open311/v2/requests.json", []string{admin, "Content-Type: application/x-www-form-urlencoded"}, "service_code=1&lat=28.5&long=106.6&description="},
		{"photo upload", "POST", fmt.Sprintf("/api/incidents/%d/attachments", sc.inIncident),
			[]string{admin, "Content-Type: multipart/form-data; boundary=" + uploadBoundary}, upload[:strings.Index(upload, "\r\n\r\n")+10]}, // into the file
	}
	for _, c := range cases {
		for _, halfClose := range []bool{false, true} {
			name := c.name + ", stalled"
			if halfClose {
				name = c.name + ", half-closed"
			}
			t.Run(name, func(t *testing.T) {
				conn, err := net.Dial("tcp", srv.Listener.Addr().String())
				if err != nil {
					t.Fatal(err)
				}
				defer conn.Close()
				var req strings.Builder
				fmt.Fprintf(&req, "%s %s HTTP/1.1\r\nHost: gridmap.test\r\nAccept-Language: en\r\nContent-Length: %d\r\n", c.method, c.path, len(c.body)+100)
				for _, h := range c.headers {
					req.WriteString(h + "\r\n")
				}
				req.WriteString("\r\n" + c.body)
				if _, err := io.WriteString(conn, req.String()); err != nil {
					t.Fatal(err)
				}
				if halfClose {
					if err := conn.(*net.TCPConn).CloseWrite(); err != nil {
						t.Fatal(err)
					}
				}
				res, err := http.ReadResponse(bufio.NewReader(conn), nil)
				if err != nil {
					t.Fatalf("reading the answer: %v", err)
				}
				defer res.Body.Close()
				raw, _ := io.ReadAll(res.Body)
				var e struct {
					Error struct{ Code, Field, Message string }
				}
				_ = json.Unmarshal(raw, &e)
				if strings.HasPrefix(c.path, "/open311/") { // Open311 has its own error shape
					e.Error.Field, e.Error.Message = "body", "-"
				}
				if res.StatusCode != http.StatusBadRequest || e.Error.Field != "body" || e.Error.Message == "" {
					t.Errorf("%s %s with a short body = %d %s; want 400 naming body", c.method, c.path, res.StatusCode, raw)
				}
			})
		}
	}
	if strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("short bodies were logged as errors:\n%s", logs.String())
	}
}

// TestOpen311FormTooLarge sends an Open311 form past the body limit with no
// declared length, so that the limit shows only as the form is read, with
// and without a token: 413 either way, not a form left empty.
func TestOpen311FormTooLarge(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	s := api.New(sc.store, api.Config{MaxBodyBytes: 1 << 10}, quietLog())
	for _, auth := range []string{"", "Bearer " + sc.actors["admin"].token} {
		req := httptest.NewRequest("POST", "/open311/v2/requests.json", strings.NewReader("description="+strings.Repeat("x", 2<<10)))
		req.ContentLength = -1
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != http.StatusRequestEntityTooLarge {
			t.Errorf("a chunked Open311 form past the limit (Authorization %v) = %d %s; want 413", auth != "", rec.Code, rec.Body)
		}
	}
}

// concretePath fills a route's parameters with a value.
func concretePath(route string) string {
	parts := strings.Split(route, "/")
	for i, p := range parts {
		if strings.HasPrefix(p, ":") || p == "*" {
			parts[i] = "1"
		}
	}
	return strings.Join(parts, "/")
}

// TestWrongMethods asks every registered path with each method it does not
// have: 405 with the methods it has in Allow, in the JSON error shape under
// /api and /ogc. OPTIONS is left to CORS: it is never 405.
func TestWrongMethods(t *testing.T) {
	t.Parallel()
	s := api.New(newSQLiteStore(t), api.Config{Frontend: fstest.MapFS{"index.html": {Data: []byte("<html>")}}}, quietLog())
	order := []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"}
	has := map[string][]string{} // path -> its methods but OPTIONS, in order
	for _, r := range s.Routes() {
		method, path, _ := strings.Cut(r, " ")
		if method != http.MethodOptions { // CORS's: routes of preflights only are left out
			has[path] = append(has[path], method)
		}
	}
	// allow is an Allow header without OPTIONS, which CORS may add.
	allow := func(h string) string {
		var ms []string
		for _, m := range strings.Split(h, ", ") {
			if m != http.MethodOptions {
				ms = append(ms, m)
			}
		}
		return strings.Join(ms, ", ")
	}
	if len(has) < 40 {
		t.Fatalf("only %d paths registered: %v", len(has), s.Routes())
	}
	for path, methods := range has {
		slices.SortFunc(methods, func(a, b string) int { return slices.Index(order, a) - slices.Index(order, b) })
		want := strings.Join(methods, ", ")
		target := concretePath(path)
		for _, m := range order {
			if slices.Contains(methods, m) {
				continue
			}
			r := do(t, s, m, target, nil, "Accept-Language: en")
			if r.status != http.StatusMethodNotAllowed || allow(r.header.Get("Allow")) != want {
				t.Errorf("%s %s (route %s) = %d, Allow %q; want 405, Allow %q", m, target, path, r.status, r.header.Get("Allow"), want)
				continue
			}
			if m == http.MethodHead || strings.HasPrefix(path, "/open311/") {
				continue // no body; Open311 has its own error shape
			}
			if code, _ := r.errorOf(t); code != "method_not_allowed" {
				t.Errorf("%s %s error code = %q; want method_not_allowed", m, target, code)
			}
		}
		if r := do(t, s, http.MethodOptions, target, nil); r.status == http.StatusMethodNotAllowed {
			t.Errorf("OPTIONS %s = 405; OPTIONS is CORS's", target)
		}
	}
	// Paths that have no route stay 404 whatever the method.
	for _, p := range []string{"/api", "/api/nope", "/api/cells/", "/ogc/nope", "/open311/v2/nope", "/open311"} {
		for _, m := range []string{"GET", "POST", "DELETE"} {
			r := do(t, s, m, p, nil)
			if r.status != http.StatusNotFound || r.header.Get("Allow") != "" {
				t.Errorf("%s %s = %d, Allow %q; want 404 without Allow", m, p, r.status, r.header.Get("Allow"))
				continue
			}
			if !strings.HasPrefix(p, "/open311") {
				if code, _ := r.errorOf(t); code != "not_found" {
					t.Errorf("%s %s error code = %q; want not_found", m, p, code)
				}
			}
		}
	}
	if n := len(s.Routes()); n != len(slices.Compact(slices.Sorted(slices.Values(s.Routes())))) {
		t.Errorf("Routes lists a route twice: %v", s.Routes())
	}
}

// TestNotFoundNamesItsParameter: a path parameter that names nothing (a
// notification, a webhook message, a unit, a boundary version) is a 404
// naming that parameter, as an unknown incident's or user's id is.
func TestNotFoundNamesItsParameter(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	admin := sc.actors["admin"]
	for _, tc := range []struct{ method, path, body, field string }{
		{"POST", "/api/notifications/999999/read", "", "id"},
		{"POST", "/api/notifications/deliveries/999999/retry", "", "id"},
		{"PUT", "/api/units/500110119999/webhook", `{"url":"https://example.com/hook","format":"json"}`, "code"},
		{"DELETE", "/api/units/500110119999/webhook", "", "code"},
		{"GET", "/api/boundary/versions/1/diff/999", "", "b"},
		{"GET", "/api/boundary/versions/999/diff/1", "", "n"},
	} {
		var body io.Reader
		headers := admin.header()
		if tc.body != "" {
			body, headers = strings.NewReader(tc.body), append(headers, "Content-Type: application/json")
		}
		r := do(t, s, tc.method, tc.path, body, headers...)
		if r.status != http.StatusNotFound {
			t.Errorf("%s %s = %d %s; want 404", tc.method, tc.path, r.status, r.body)
			continue
		}
		if _, field := r.errorOf(t); field != tc.field {
			t.Errorf("%s %s: error field = %q; want %q", tc.method, tc.path, field, tc.field)
		}
	}
}
