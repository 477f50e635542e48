package api_test

import (
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"gridmap/api"
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

// TestStatusesInChinese: a refused workflow move names the statuses in the
// caller's language, in Chinese as the app shows them (上报, 办结), not as
// the API's codes.
func TestStatusesInChinese(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	admin := append(sc.actors["admin"].header(), "Content-Type: application/json")
	in := get(t, s, fmt.Sprintf("/api/incidents/%d", sc.inIncident), admin...).json(t)
	zh := map[string]string{"reported": "上报", "accepted": "受理", "mediating": "调解中", "resolved": "已化解",
		"escalated": "上交", "closed": "办结", "duplicate": "重复"}
	to := ""
	for _, st := range []string{"reported", "accepted", "mediating", "resolved", "escalated", "closed", "duplicate"} {
		if st != in["status"] && !slices.Contains(in["next"].([]any), any(st)) {
			to = st
			break
		}
	}
	path := fmt.Sprintf("/api/incidents/%d/transitions", sc.inIncident)
	for _, tc := range []struct{ lang, want, not string }{
		{"zh-CN", `"` + zh[to] + `"`, `"` + to + `"`},
		{"en", `"` + to + `"`, zh[to]},
	} {
		r := do(t, s, http.MethodPost, path, strings.NewReader(`{"to":"`+to+`","note":"x"}`), append(admin, "Accept-Language: "+tc.lang)...)
		if r.status != http.StatusConflict {
			t.Fatalf("POST %s to %s from %v = %d %s; want 409", path, to, in["status"], r.status, r.body)
		}
		msg, _ := r.json(t)["error"].(map[string]any)["message"].(string)
		if !strings.Contains(msg, tc.want) || strings.Contains(msg, tc.not) {
			t.Errorf("%s: %q; want %s, not %s", tc.lang, msg, tc.want, tc.not)
		}
	}
}
