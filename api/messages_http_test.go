package api_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestErrorLanguage asks the same bad requests in zh-CN (by default and by
// Accept-Language) and in English, and checks the message, the code, the
// field and Content-Language of each answer.
func TestErrorLanguage(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	const (
		zhHeader = "Accept-Language: zh-CN,zh;q=0.9"
		enHeader = "Accept-Language: en-US,en;q=0.8"
	)
	type ask struct {
		method, path, body string
		status             int
		code, field        string
		zh, en             string
	}
	asks := []ask{
		{"GET", "/api/cells/X999", "", http.StatusNotFound, "not_found", "code",
			"没有编码为 X999 的网格。", "No cell with code X999."},
		{"POST", "/api/auth/login", `{"username":"ghost"}`, http.StatusBadRequest, "invalid", "password",
			"请填写密码。", "password is required."},
		{"GET", "/api/no-such-thing", "", http.StatusNotFound, "not_found", "",
			"请求的资源不存在。", "No such resource."},
		{"GET", "/api/locate?lon=200&lat=0", "", http.StatusBadRequest, "invalid", "lon",
			"lon 应在 -180 到 180 之间，收到的是 200。", "lon must be between -180 and 180, got 200."},
	}
	for _, a := range asks {
		for _, lang := range []struct {
			name, header, want, msg string
		}{
			{"default", "", "zh-CN", a.zh},
			{"zh-CN", zhHeader, "zh-CN", a.zh},
			{"en", enHeader, "en", a.en},
		} {
			headers := []string{"Content-Type: application/json"}
			if lang.header != "" {
				headers = append(headers, lang.header)
			}
			var body io.Reader
			if a.body != "" {
				body = strings.NewReader(a.body)
			}
			r := do(t, s, a.method, a.path, body, headers...)
			if r.status != a.status {
				t.Errorf("%s %s (%s) = %d %s; want %d", a.method, a.path, lang.name, r.status, r.body, a.status)
				continue
			}
			e, _ := r.json(t)["error"].(map[string]any)
			if e["code"] != a.code || e["field"] != nilIfEmpty(a.field) || e["message"] != lang.msg {
				t.Errorf("%s %s (%s) = %s; want code %q, field %q, message %q", a.method, a.path, lang.name, r.body, a.code, a.field, lang.msg)
			}
			if got := r.header.Get("Content-Language"); got != lang.want {
				t.Errorf("%s %s (%s): Content-Language %q; want %q", a.method, a.path, lang.name, got, lang.want)
			}
			if got := strings.Join(r.header.Values("Vary"), ", "); !strings.Contains(got, "Accept-Language") {
				t.Errorf("%s %s (%s): Vary %q; want Accept-Language", a.method, a.path, lang.name, got)
			}
		}
	}
}

// nilIfEmpty is what a JSON member left out decodes to.
func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}
