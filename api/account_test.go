package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"gridmap/api"
	"gridmap/auth"
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
	t.Parallel()
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
	t.Parallel()
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

// TestPasswordResetRevokes: an administrator's reset ends the account's
// sessions and revokes its tokens; the new password logs in.
func TestPasswordResetRevokes(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	worker := sc.actors[data.RoleGridWorker]
	_, cookie := login(t, s, "t-gridworker", testPassword)
	if r := get(t, s, "/api/auth/me", "Cookie: "+cookie); r.json(t)["role"] != data.RoleGridWorker {
		t.Fatalf("the session before the reset is %s", r.body)
	}
	if r := get(t, s, "/api/auth/me", worker.header()...); r.status != http.StatusOK {
		t.Fatalf("the token before the reset: %d", r.status)
	}
	for range 5 { // the user, locked out, asks for a reset
		login(t, s, "t-gridworker", "a forgotten password")
	}
	if r, _ := login(t, s, "t-gridworker", testPassword); r.status != http.StatusTooManyRequests {
		t.Fatalf("login after five wrong passwords = %d %s; want 429", r.status, r.body)
	}
	admin := append(sc.actors[data.RoleAdmin].header(), "Content-Type: application/json")
	path := fmt.Sprintf("/api/users/%d", worker.user.ID)
	if r := do(t, s, http.MethodPatch, path, strings.NewReader(`{"password":"a brand new password"}`), admin...); r.status != http.StatusOK {
		t.Fatalf("PATCH %s = %d %s", path, r.status, r.body)
	}
	if r := get(t, s, "/api/auth/me", worker.header()...); r.status != http.StatusUnauthorized {
		t.Errorf("a token made before the reset: /api/auth/me = %d %s; want 401", r.status, r.body)
	}
	if r := get(t, s, "/api/auth/me", "Cookie: "+cookie); r.json(t)["role"] != "anonymous" {
		t.Errorf("a session from before the reset: /api/auth/me = %s; want anonymous", r.body)
	}
	if r, _ := login(t, s, "t-gridworker", "a brand new password"); r.status != http.StatusOK {
		t.Errorf("login with the new password = %d %s; want 200 (a reset clears the login locks)", r.status, r.body)
	}
	// Other changes leave tokens be.
	leader := sc.actors[data.RoleLeader]
	if r := do(t, s, http.MethodPatch, fmt.Sprintf("/api/users/%d", leader.user.ID), strings.NewReader(`{"name":"王镇长"}`), admin...); r.status != http.StatusOK {
		t.Fatalf("PATCH leader's name = %d %s", r.status, r.body)
	}
	if r := get(t, s, "/api/auth/me", leader.header()...); r.status != http.StatusOK {
		t.Errorf("a token after a change of name only = %d; want 200", r.status)
	}
	// An administrator changes their own password as everyone does.
	self := fmt.Sprintf("/api/users/%d", sc.actors[data.RoleAdmin].user.ID)
	r := do(t, s, http.MethodPatch, self, strings.NewReader(`{"password":"a brand new password"}`), admin...)
	if _, field := r.errorOf(t); r.status != http.StatusBadRequest || field != "password" {
		t.Errorf("PATCH of the admin's own password = %d %s; want 400 naming password", r.status, r.body)
	}
	es, _, err := sc.store.Audit(context.Background(), data.AuditFilter{Action: "user_updated", Record: "user:t-gridworker"})
	if err != nil || len(es) != 1 || !strings.Contains(es[0].Detail, "password reset") {
		t.Errorf("audit of the reset = %+v, %v; want one entry saying so", es, err)
	}
}

// TestChangeOwnPassword: any user changes their own password with the
// current one; their other sessions and their tokens stop working, the
// session making the change keeps working.
func TestChangeOwnPassword(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	r, here := login(t, s, "t-mediator", testPassword)
	csrf, _ := r.json(t)["csrf_token"].(string)
	_, there := login(t, s, "t-mediator", testPassword)
	token := sc.actors[data.RoleMediator].header()
	change := func(body string, headers ...string) response {
		t.Helper()
		return do(t, s, http.MethodPost, "/api/auth/password", strings.NewReader(body), append(headers, "Content-Type: application/json", "Accept-Language: en")...)
	}
	fromHere := []string{"Cookie: " + here, "X-CSRF-Token: " + csrf}
	refused := []struct {
		name, body string
		status     int
		field      string
	}{
		{"no current password", `{"new_password":"a brand new password"}`, 400, "current_password"},
		{"no new password", `{"current_password":"` + testPassword + `"}`, 400, "new_password"},
		{"a wrong current password", `{"current_password":"not it at all","new_password":"a brand new password"}`, 400, "current_password"},
		{"a short new password", `{"current_password":"` + testPassword + `","new_password":"short"}`, 400, "new_password"},
		{"the same password", `{"current_password":"` + testPassword + `","new_password":"` + testPassword + `"}`, 400, "new_password"},
		{"an unknown field", `{"current_password":"` + testPassword + `","password":"a brand new password"}`, 400, "password"},
	}
	for _, c := range refused {
		r := change(c.body, fromHere...)
		if _, field := r.errorOf(t); r.status != c.status || field != c.field {
			t.Errorf("%s: %d %s; want %d naming %s", c.name, r.status, r.body, c.status, c.field)
		}
	}
	if r := change(`{"current_password":"x","new_password":"a brand new password"}`); r.status != http.StatusUnauthorized {
		t.Errorf("anonymous: %d %s; want 401", r.status, r.body)
	}
	if r := change(`{"current_password":"`+testPassword+`","new_password":"a brand new password"}`, fromHere...); r.status != http.StatusNoContent {
		t.Fatalf("the change = %d %s; want 204", r.status, r.body)
	}
	if r := get(t, s, "/api/auth/me", "Cookie: "+here); r.json(t)["role"] != data.RoleMediator {
		t.Errorf("the session that made the change: /api/auth/me = %s; want it kept", r.body)
	}
	if r := get(t, s, "/api/auth/me", "Cookie: "+there); r.json(t)["role"] != "anonymous" {
		t.Errorf("another session: /api/auth/me = %s; want it ended", r.body)
	}
	if r := get(t, s, "/api/auth/me", token...); r.status != http.StatusUnauthorized {
		t.Errorf("a token: /api/auth/me = %d; want 401", r.status)
	}
	if r, _ := login(t, s, "t-mediator", testPassword); r.status != http.StatusUnauthorized {
		t.Errorf("login with the old password = %d; want 401", r.status)
	}
	if r, _ := login(t, s, "t-mediator", "a brand new password"); r.status != http.StatusOK {
		t.Errorf("login with the new password = %d %s; want 200 (a reset clears the login locks)", r.status, r.body)
	}
	es, _, err := sc.store.Audit(context.Background(), data.AuditFilter{Action: "password_changed"})
	if err != nil || len(es) != 1 || es[0].Username != "t-mediator" {
		t.Errorf("audit = %+v, %v; want one password_changed by t-mediator", es, err)
	}

	// A bearer token may change its account's password, and is revoked with the rest.
	viewer := sc.actors[data.RoleViewer].header()
	if r := change(`{"current_password":"`+testPassword+`","new_password":"a brand new password"}`, viewer...); r.status != http.StatusNoContent {
		t.Fatalf("the change by token = %d %s", r.status, r.body)
	}
	if r := get(t, s, "/api/auth/me", viewer...); r.status != http.StatusUnauthorized {
		t.Errorf("the token that made the change = %d; want 401", r.status)
	}
}

// TestChangePasswordCountsFailures: wrong current passwords count towards
// the login lock of the account and address, so that a stolen session
// cannot guess the password without limit.
func TestChangePasswordCountsFailures(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	s := api.New(sc.store, api.Config{LoginMaxFailures: 3}, quietLog())
	leader := append(sc.actors[data.RoleLeader].header(), "Content-Type: application/json")
	var r response
	for range 3 {
		r = do(t, s, http.MethodPost, "/api/auth/password", strings.NewReader(`{"current_password":"a wrong guess","new_password":"a brand new password"}`), leader...)
	}
	if code, _ := r.errorOf(t); r.status != http.StatusTooManyRequests || code != "locked" {
		t.Errorf("third wrong current password = %d %s; want 429 locked", r.status, r.body)
	}
	r = do(t, s, http.MethodPost, "/api/auth/password", strings.NewReader(`{"current_password":"`+testPassword+`","new_password":"a brand new password"}`), leader...)
	if r.status != http.StatusTooManyRequests {
		t.Errorf("the right current password while locked = %d; want 429", r.status)
	}
	if r, _ := login(t, s, "t-leader", testPassword); r.status != http.StatusTooManyRequests {
		t.Errorf("a login from the locked address = %d; want 429", r.status)
	}
}

// TestLoginRefusesImpossibleUsernames: a username no account can have (a
// NUL byte, which PostgreSQL text cannot hold, a space, Chinese, too long)
// is refused as such, 400 naming the field, by both stores alike: never a
// 500, and nothing is counted for it.
func TestLoginRefusesImpossibleUsernames(t *testing.T) {
	t.Parallel()
	for name, open := range map[string]func(*testing.T) data.Store{"sqlite": newSQLiteStore, "postgis": newPostGISStore} {
		t.Run(name, func(t *testing.T) {
			st := open(t)
			s := api.New(st, api.Config{LoginsPerMinute: 100, LoginMaxFailures: 1}, quietLog())
			for _, username := range []string{"a\x00b", "t viewer", "王芳", strings.Repeat("a", 65)} {
				body, _ := json.Marshal(map[string]string{"username": username, "password": "not the password"})
				req := httptest.NewRequest(http.MethodPost, "/api/auth/login", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				rec := httptest.NewRecorder()
				s.ServeHTTP(rec, req)
				r := response{status: rec.Code, body: rec.Body.Bytes()}
				if r.status != http.StatusBadRequest || !strings.Contains(string(r.body), `"field":"username"`) {
					t.Errorf("login as %q = %d %s; want 400 naming username", username, r.status, r.body)
				}
			}
			if locks, err := st.LoginLocks(context.Background(), time.Now().Add(-time.Hour)); err != nil || len(locks) != 0 {
				t.Errorf("LoginLocks = %v, %v; want none", locks, err)
			}
			sc := newScene(t, st)
			if r := do(t, s, http.MethodDelete, "/api/auth/locks?username=a%00b", nil, sc.actors[data.RoleAdmin].header()...); r.status != http.StatusBadRequest {
				t.Errorf("DELETE /api/auth/locks?username=a%%00b = %d %s; want 400", r.status, r.body)
			}
		})
	}
}

// changeDuringRead is a store on which the user changes their password
// (hash) right after an account is read, as a self-change racing with an
// administrator's edit would.
type changeDuringRead struct {
	data.Store
	id   int64 // the account
	hash string
	once sync.Once
}

func (s *changeDuringRead) User(ctx context.Context, id int64) (*data.User, error) {
	u, err := s.Store.User(ctx, id)
	if err == nil && id == s.id {
		s.once.Do(func() { err = s.Store.ChangePassword(ctx, data.PasswordChange{UserID: id, Hash: s.hash}) })
	}
	return u, err
}

// TestAdminEditKeepsConcurrentPasswordChange: an administrator's edit of
// an account's name, made from a read of the account before its user
// changed their password, does not write the old password back.
func TestAdminEditKeepsConcurrentPasswordChange(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	hash, err := auth.HashPassword("the user's new password")
	if err != nil {
		t.Fatal(err)
	}
	worker := sc.actors[data.RoleGridWorker]
	s := api.New(&changeDuringRead{Store: sc.store, id: worker.user.ID, hash: hash}, api.Config{LoginsPerMinute: 100}, quietLog())
	admin := append(sc.actors[data.RoleAdmin].header(), "Content-Type: application/json")
	path := fmt.Sprintf("/api/users/%d", worker.user.ID)
	if r := do(t, s, http.MethodPatch, path, strings.NewReader(`{"name":"张伟"}`), admin...); r.status != http.StatusOK {
		t.Fatalf("PATCH %s = %d %s", path, r.status, r.body)
	}
	if r, _ := login(t, s, "t-gridworker", "the user's new password"); r.status != http.StatusOK {
		t.Errorf("login with the password set during the edit = %d %s; want 200", r.status, r.body)
	}
	if r, _ := login(t, s, "t-gridworker", testPassword); r.status != http.StatusUnauthorized {
		t.Errorf("login with the password from before = %d; want 401", r.status)
	}
}

// changeDuringLogin is a store on which the account's password changes
// (to hash) right after a login or a request read the account, as a
// password change racing with them would.
type changeDuringLogin struct {
	data.Store
	id   int64 // the account
	hash string
	arm  bool // change at the next read
}

func (s *changeDuringLogin) change(ctx context.Context, u *data.User, err error) (*data.User, error) {
	if err == nil && s.arm && u.ID == s.id {
		s.arm = false
		err = s.Store.ChangePassword(ctx, data.PasswordChange{UserID: s.id, Hash: s.hash})
	}
	return u, err
}

func (s *changeDuringLogin) UserByName(ctx context.Context, name string) (*data.User, error) {
	u, err := s.Store.UserByName(ctx, name)
	return s.change(ctx, u, err)
}

func (s *changeDuringLogin) User(ctx context.Context, id int64) (*data.User, error) {
	u, err := s.Store.User(ctx, id)
	return s.change(ctx, u, err)
}

// TestPasswordChangeBeatsRacingLogin: a login that checked the old
// password while the password changed gets no session, and a token asked
// for while it changed is not made: neither outlives the change.
func TestPasswordChangeBeatsRacingLogin(t *testing.T) {
	t.Parallel()
	for name, open := range map[string]func(*testing.T) data.Store{"sqlite": newSQLiteStore, "postgis": newPostGISStore} {
		t.Run(name, func(t *testing.T) {
			sc := newScene(t, open(t))
			hash, err := auth.HashPassword("the user's new password")
			if err != nil {
				t.Fatal(err)
			}
			worker := sc.actors[data.RoleGridWorker]
			st := &changeDuringLogin{Store: sc.store, id: worker.user.ID, hash: hash}
			s := api.New(st, api.Config{LoginsPerMinute: 100}, quietLog())
			st.arm = true
			r, cookie := login(t, s, "t-gridworker", testPassword)
			if r.status == http.StatusOK || cookie != "" {
				if me := get(t, s, "/api/auth/me", "Cookie: "+cookie); me.json(t)["role"] != "anonymous" {
					t.Errorf("login racing a password change = %d, and its session is live: %s", r.status, me.body)
				}
			}
			r, cookie = login(t, s, "t-gridworker", "the user's new password")
			if r.status != http.StatusOK {
				t.Fatalf("login with the new password = %d %s", r.status, r.body)
			}
			st.hash, st.arm = "a later hash", true
			r = do(t, s, http.MethodPost, "/api/auth/tokens", strings.NewReader(`{"name":"QGIS"}`), "Cookie: "+cookie,
				"X-CSRF-Token: "+r.json(t)["csrf_token"].(string), "Content-Type: application/json")
			if r.status == http.StatusCreated {
				secret, _ := r.json(t)["token"].(string)
				if me := get(t, s, "/api/auth/me", "Authorization: Bearer "+secret); me.status != http.StatusUnauthorized {
					t.Errorf("a token made while the password changed works: /api/auth/me = %d %s", me.status, me.body)
				}
			}
		})
	}
}

// TestClearLoginLockByAddress: an administrator clears a lock by the
// client address the audit log shows (an IPv6 client's own address, whose
// /64 the lock is on); a remote that is no address is refused, 400 naming
// it, by both stores.
func TestClearLoginLockByAddress(t *testing.T) {
	t.Parallel()
	for name, open := range map[string]func(*testing.T) data.Store{"sqlite": newSQLiteStore, "postgis": newPostGISStore} {
		t.Run(name, func(t *testing.T) {
			sc := newScene(t, open(t))
			s := api.New(sc.store, api.Config{LoginsPerMinute: 100}, quietLog())
			for i := 1; i <= 5; i++ {
				loginFrom(t, s, "[2001:db8:7:8::5]:4000", "t-leader", "not the password")
			}
			admin := sc.actors[data.RoleAdmin].header()
			for _, remote := range []string{"%00", "nowhere", "2001:db8:7:8::/48"} {
				r := do(t, s, http.MethodDelete, "/api/auth/locks?username=t-leader&remote="+remote, nil, admin...)
				if _, field := r.errorOf(t); r.status != http.StatusBadRequest || field != "remote" {
					t.Errorf("DELETE /api/auth/locks?remote=%s = %d %s; want 400 naming remote", remote, r.status, r.body)
				}
			}
			r := do(t, s, http.MethodDelete, "/api/auth/locks?username=t-leader&remote=2001:db8:7:8::5", nil, admin...)
			if r.status != http.StatusOK || r.json(t)["cleared"] != float64(1) {
				t.Errorf("DELETE /api/auth/locks?remote=2001:db8:7:8::5 = %d %s; want 200, cleared 1", r.status, r.body)
			}
			if r, _ := loginFrom(t, s, "[2001:db8:7:8::5]:4000", "t-leader", testPassword); r.status != http.StatusOK {
				t.Errorf("the right password once cleared = %d %s; want 200", r.status, r.body)
			}
		})
	}
}

// TestOwnPasswordChangeLosesToRacingReset: a user's change of their own
// password, checked against the password an administrator's reset was
// replacing meanwhile, does not overwrite the reset.
func TestOwnPasswordChangeLosesToRacingReset(t *testing.T) {
	t.Parallel()
	for name, open := range map[string]func(*testing.T) data.Store{"sqlite": newSQLiteStore, "postgis": newPostGISStore} {
		t.Run(name, func(t *testing.T) {
			sc := newScene(t, open(t))
			reset, err := auth.HashPassword("the administrator's reset")
			if err != nil {
				t.Fatal(err)
			}
			worker := sc.actors[data.RoleGridWorker]
			st := &changeDuringLogin{Store: sc.store, id: worker.user.ID, hash: reset}
			s := api.New(st, api.Config{LoginsPerMinute: 100}, quietLog())
			r, cookie := login(t, s, "t-gridworker", testPassword)
			if r.status != http.StatusOK {
				t.Fatalf("login = %d %s", r.status, r.body)
			}
			st.arm = true // the reset lands once the change's request has read the account
			body := `{"current_password":"` + testPassword + `","new_password":"the user's own choice"}`
			r = do(t, s, http.MethodPost, "/api/auth/password", strings.NewReader(body), "Cookie: "+cookie,
				"X-CSRF-Token: "+r.json(t)["csrf_token"].(string), "Content-Type: application/json")
			if r.status == http.StatusNoContent {
				t.Errorf("a change checked against the password a reset replaced = 204; want it refused")
			}
			if r, _ := login(t, s, "t-gridworker", "the administrator's reset"); r.status != http.StatusOK {
				t.Errorf("login with the reset password = %d %s; want 200", r.status, r.body)
			}
		})
	}
}

// TestOwnAccountRefusalNamesItsField: an admin may neither disable nor
// demote their own account; each refusal is a 400 naming the field sent,
// and the account stays as it was.
func TestOwnAccountRefusalNamesItsField(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	admin := sc.actors[data.RoleAdmin]
	path := fmt.Sprintf("/api/users/%d", admin.user.ID)
	for _, tc := range []struct{ body, field string }{
		{`{"disabled":true}`, "disabled"},
		{`{"role":"leader"}`, "role"},
		{`{"name":"管理员","disabled":true}`, "disabled"},
	} {
		r := do(t, s, http.MethodPatch, path, strings.NewReader(tc.body), append(admin.header(), "Content-Type: application/json")...)
		if r.status != http.StatusBadRequest {
			t.Errorf("PATCH own account %s = %d %s; want 400", tc.body, r.status, r.body)
		} else if _, field := r.errorOf(t); field != tc.field {
			t.Errorf("PATCH own account %s: error field = %q; want %q", tc.body, field, tc.field)
		}
	}
	if u, err := sc.store.User(t.Context(), admin.user.ID); err != nil || u.Disabled || u.Role != data.RoleAdmin || u.Name != admin.user.Name {
		t.Errorf("the admin's account after the refusals = %+v, %v; want it unchanged", u, err)
	}
}
