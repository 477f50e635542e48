package api_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"gridmap/api"
	"gridmap/data"
)

// loginFrom posts credentials from the client address addr and returns
// the answer and the session cookie.
func loginFrom(t *testing.T, h http.Handler, addr, username, password string) (response, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/api/auth/login", strings.NewReader(fmt.Sprintf(`{"username":%q,"password":%q}`, username, password)))
	req.Header.Set("Content-Type", "application/json")
	req.RemoteAddr = addr
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	r := response{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
	var cookie string
	for _, c := range (&http.Response{Header: r.header}).Cookies() {
		if c.Name == "gridmap_session" {
			cookie = c.Name + "=" + c.Value
		}
	}
	return r, cookie
}

// callLog records the store calls of a login, by method name.
type callLog struct {
	data.Store
	mu    sync.Mutex
	calls []string
}

func (s *callLog) log(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, name)
}

func (s *callLog) take() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.calls
	s.calls = nil
	return c
}

func (s *callLog) UserByName(ctx context.Context, name string) (*data.User, error) {
	s.log("UserByName")
	return s.Store.UserByName(ctx, name)
}

func (s *callLog) LoginLock(ctx context.Context, username, remote string, now time.Time) (*time.Time, error) {
	s.log("LoginLock")
	return s.Store.LoginLock(ctx, username, remote, now)
}

func (s *callLog) LoginFailed(ctx context.Context, username, remote string, now time.Time, p data.LoginPolicy) (*data.LoginFailure, error) {
	s.log("LoginFailed")
	return s.Store.LoginFailed(ctx, username, remote, now, p)
}

func (s *callLog) AppendAudit(ctx context.Context, e *data.AuditEntry) error {
	s.log("AppendAudit")
	return s.Store.AppendAudit(ctx, e)
}

// TestLoginSameAnswerForUnknownUsernames: a known username with a wrong
// password and an unknown one get byte-identical answers, headers
// included, through the failures, the one that locks and the locked
// attempts after it, and the server does the same store work for both.
func TestLoginSameAnswerForUnknownUsernames(t *testing.T) {
	sc := newScene(t, newSQLiteStore(t))
	st := &callLog{Store: sc.store}
	now := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
	s := api.New(st, api.Config{Now: func() time.Time { return now }, LoginsPerMinute: 100}, quietLog())
	for i := 1; i <= 7; i++ {
		st.take()
		known, _ := loginFrom(t, s, "192.0.2.10:1000", "t-viewer", "not the password")
		knownCalls := st.take()
		unknown, _ := loginFrom(t, s, "192.0.2.10:1000", "t-nobody", "not the password")
		unknownCalls := st.take()
		if known.status != unknown.status || string(known.body) != string(unknown.body) {
			t.Errorf("attempt %d: known username %d %s; unknown %d %s; want the same", i, known.status, known.body, unknown.status, unknown.body)
		}
		for k := range merged(known.header, unknown.header) {
			if !slices.Equal(known.header.Values(k), unknown.header.Values(k)) {
				t.Errorf("attempt %d: header %s = %q for a known username, %q for an unknown one", i, k, known.header.Values(k), unknown.header.Values(k))
			}
		}
		if !slices.Equal(knownCalls, unknownCalls) {
			t.Errorf("attempt %d: store calls %v for a known username, %v for an unknown one; want the same work", i, knownCalls, unknownCalls)
		}
		want := http.StatusUnauthorized
		if i >= 5 {
			want = http.StatusTooManyRequests // the fifth failure locks the pair
		}
		if known.status != want {
			t.Errorf("attempt %d = %d %s; want %d", i, known.status, known.body, want)
		}
	}
}

func merged(a, b http.Header) map[string]bool {
	m := map[string]bool{}
	for k := range a {
		m[k] = true
	}
	for k := range b {
		m[k] = true
	}
	return m
}

// TestLoginLockPerAddress: five wrong passwords from one address lock that
// address out of the account, even with the right password, while the
// right password from another address logs in; unknown usernames are
// locked alike. Admins see the locks and clear them.
func TestLoginLockPerAddress(t *testing.T) {
	sc := newScene(t, newSQLiteStore(t))
	s := api.New(sc.store, api.Config{LoginsPerMinute: 100}, quietLog())
	const a, b = "198.51.100.7:4000", "203.0.113.9:4000"
	for i := 1; i <= 5; i++ {
		r, _ := loginFrom(t, s, a, "t-cadre", "not the password")
		want := http.StatusUnauthorized
		if i == 5 {
			want = http.StatusTooManyRequests
		}
		if r.status != want {
			t.Fatalf("failure %d from A = %d %s; want %d", i, r.status, r.body, want)
		}
	}
	if r, _ := loginFrom(t, s, a, "t-cadre", testPassword); r.status != http.StatusTooManyRequests {
		t.Errorf("the right password from the locked address = %d %s; want 429", r.status, r.body)
	}
	if r, cookie := loginFrom(t, s, b, "t-cadre", testPassword); r.status != http.StatusOK || cookie == "" {
		t.Errorf("the right password from another address = %d %s; want 200 and a session", r.status, r.body)
	}
	for i := 1; i <= 5; i++ {
		loginFrom(t, s, a, "t-ghost", "whatever it is")
	}
	if r, _ := loginFrom(t, s, a, "t-ghost", "whatever it is"); r.status != http.StatusTooManyRequests {
		t.Errorf("an unknown username after five failures = %d; want 429, as for a known one", r.status)
	}
	if r, _ := loginFrom(t, s, b, "t-ghost", "whatever it is"); r.status != http.StatusUnauthorized {
		t.Errorf("the unknown username from another address = %d; want 401", r.status)
	}
	// An IPv6 client is throttled by its /64.
	for i := 1; i <= 5; i++ {
		loginFrom(t, s, fmt.Sprintf("[2001:db8:7:8::%x]:4000", i), "t-leader", "not the password")
	}
	if r, _ := loginFrom(t, s, "[2001:db8:7:8::99]:4000", "t-leader", testPassword); r.status != http.StatusTooManyRequests {
		t.Errorf("the right password from the same IPv6 /64 = %d; want 429", r.status)
	}

	// Admins list the locks and clear them; nobody else may.
	admin := sc.actors["admin"].header()
	r := get(t, s, "/api/auth/locks", admin...)
	if r.status != http.StatusOK {
		t.Fatalf("GET /api/auth/locks = %d %s", r.status, r.body)
	}
	var got []string
	for _, l := range r.json(t)["locks"].([]any) {
		m := l.(map[string]any)
		got = append(got, fmt.Sprintf("%s %s %v %v", m["username"], m["remote"], m["failures"], m["account"]))
		if m["locked_until"] == nil {
			t.Errorf("lock %v has no locked_until", m)
		}
	}
	want := []string{"t-cadre 198.51.100.7 5 true", "t-ghost 198.51.100.7 5 false", "t-leader 2001:db8:7:8::/64 5 true"}
	if !slices.Equal(got, want) {
		t.Errorf("GET /api/auth/locks = %q; want %q", got, want)
	}
	for _, role := range []string{"anonymous", data.RoleLeader, data.RoleViewer} {
		want := http.StatusForbidden
		if role == "anonymous" {
			want = http.StatusUnauthorized
		}
		if r := get(t, s, "/api/auth/locks", sc.actors[role].header()...); r.status != want {
			t.Errorf("GET /api/auth/locks as %s = %d; want %d", role, r.status, want)
		}
		if r := do(t, s, http.MethodDelete, "/api/auth/locks?username=t-cadre", nil, sc.actors[role].header()...); r.status != want {
			t.Errorf("DELETE /api/auth/locks as %s = %d; want %d", role, r.status, want)
		}
	}
	if r := do(t, s, http.MethodDelete, "/api/auth/locks", nil, admin...); r.status != http.StatusBadRequest {
		t.Errorf("DELETE /api/auth/locks without a username = %d; want 400", r.status)
	}
	r = do(t, s, http.MethodDelete, "/api/auth/locks?username=t-cadre&remote=198.51.100.7", nil, admin...)
	if r.status != http.StatusOK || r.json(t)["cleared"] != float64(1) {
		t.Errorf("DELETE /api/auth/locks?username=t-cadre&remote=... = %d %s; want 200, cleared 1", r.status, r.body)
	}
	if r, _ := loginFrom(t, s, a, "t-cadre", testPassword); r.status != http.StatusOK {
		t.Errorf("the right password from A once cleared = %d %s; want 200", r.status, r.body)
	}
	es, _, err := sc.store.Audit(context.Background(), data.AuditFilter{Action: "login_locks_cleared"})
	if err != nil || len(es) != 1 || es[0].Record != "user:t-cadre" || es[0].Username != "t-admin" {
		t.Errorf("audit of the clearing = %+v, %v; want one entry by t-admin for user:t-cadre", es, err)
	}
}
