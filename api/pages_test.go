package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"gridmap/api"
)

// TestListsArePaged: the lists the store reads whole (an incident's
// timeline, a user's tokens) answer a page at a time, with their total,
// so that an answer's size is bounded whatever is stored.
func TestListsArePaged(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	admin := sc.actors["admin"]
	path := fmt.Sprintf("/api/incidents/%d/events", sc.inIncident)
	all := get(t, s, path, admin.header()...).json(t)
	total := int(all["total"].(float64))
	if n := len(all["events"].([]any)); total < 2 || n != total || all["limit"] != float64(500) {
		t.Fatalf("GET %s = %d events of %d, limit %v; want them all (at least 2), limit 500", path, n, total, all["limit"])
	}
	page := get(t, s, path+"?limit=1&offset=1", admin.header()...).json(t)
	ev := page["events"].([]any)
	if len(ev) != 1 || int(page["total"].(float64)) != total || ev[0].(map[string]any)["id"] != all["events"].([]any)[1].(map[string]any)["id"] {
		t.Errorf("GET %s?limit=1&offset=1 = %v; want the second event of %d", path, page, total)
	}
	if r := get(t, s, path+"?offset=999", admin.header()...).json(t); len(r["events"].([]any)) != 0 {
		t.Errorf("a page past the end holds %v; want none", r["events"])
	}
	if r := get(t, s, path+"?limit=1001", admin.header()...); r.status != http.StatusBadRequest {
		t.Errorf("limit=1001 = %d; want 400", r.status)
	}

	login := admin.session(t, s)
	for i := range 3 {
		r := do(t, s, http.MethodPost, "/api/auth/tokens", strings.NewReader(fmt.Sprintf(`{"name":"token %d"}`, i)),
			append(login, "Content-Type: application/json")...)
		if r.status != http.StatusCreated {
			t.Fatalf("POST /api/auth/tokens = %d %s", r.status, r.body)
		}
	}
	tokens := get(t, s, "/api/auth/tokens?limit=2", admin.header()...).json(t)
	if n, total := len(tokens["tokens"].([]any)), int(tokens["total"].(float64)); n != 2 || total < 4 {
		t.Errorf("GET /api/auth/tokens?limit=2 = %d of %d; want 2 of at least 4", n, total)
	}
}
