package api_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"gridmap/api"
)

// TestTrustProxyTakesTheProxysAddress: behind a reverse proxy on an
// intranet (clients on private addresses, which the proxy appends to
// X-Forwarded-For), a client that forges X-Forwarded-For with another
// client's address is still throttled by its own: it cannot lock the other
// out, nor dodge the lock by forging a new address each time.
func TestTrustProxyTakesTheProxysAddress(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	s := api.New(sc.store, api.Config{TrustProxy: true, LoginsPerMinute: 100}, quietLog())
	via := func(forwarded, password string) int {
		t.Helper()
		req := httptest.NewRequest(http.MethodPost, "/api/auth/login",
			strings.NewReader(fmt.Sprintf(`{"username":"t-cadre","password":%q}`, password)))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Forwarded-For", forwarded)
		req.RemoteAddr = "127.0.0.1:40000" // the proxy
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		return rec.Code
	}
	const victim, attacker = "10.1.2.7", "10.1.2.66"
	for i := 1; i <= 5; i++ { // the attacker's forged entry, then the one its proxy appended
		via(victim+", "+attacker, "not the password")
	}
	if got := via(victim, testPassword); got != http.StatusOK {
		t.Errorf("the victim's login after five forged failures = %d; want 200", got)
	}
	if got := via(fmt.Sprintf("10.9.9.%d, %s", 99, attacker), testPassword); got != http.StatusTooManyRequests {
		t.Errorf("the attacker's login with a new forged address = %d; want 429 (its own address is locked)", got)
	}
}
