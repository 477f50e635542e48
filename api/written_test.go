package api_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"gridmap/api"
	"gridmap/data"
)

// TestWriteAnswersCarryIncidentVersion: every write that changes an
// incident answers its new version as incident_version, the version a
// following GET reads, so that the next versioned write (If-Match) taken
// from the answer is not refused as stale. Photos and mediation records
// used to answer without it, and the app's next move was a false 409.
func TestWriteAnswersCarryIncidentVersion(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	admin := sc.actors["admin"]
	ms, err := sc.store.Mediators(context.Background(), data.MediatorFilter{UnitCode: sc.unit})
	if err != nil || len(ms) == 0 {
		t.Fatalf("Mediators(%s) = %d, %v", sc.unit, len(ms), err)
	}
	rep := report(t, s, sc, admin, "")
	if rep.status != http.StatusCreated {
		t.Fatalf("report = %d %s", rep.status, rep.body)
	}
	id := int64(rep.json(t)["id"].(float64))
	base := fmt.Sprintf("/api/incidents/%d", id)
	check := func(route string, r response, want int, last int64) int64 {
		t.Helper()
		if r.status != want {
			t.Fatalf("%s = %d %s; want %d", route, r.status, r.body, want)
		}
		got, ok := r.json(t)["incident_version"].(float64)
		now := int64(get(t, s, base, admin.header()...).json(t)["version"].(float64))
		if !ok || int64(got) != now || now <= last {
			t.Fatalf("%s answers incident_version %v; a following GET reads version %d (was %d)", route, r.json(t)["incident_version"], now, last)
		}
		return now
	}
	ifMatch := func(v int64) string { return fmt.Sprintf(`If-Match: "%d"`, v) }

	v := check("POST /api/incidents", rep, http.StatusCreated, 0)
	v = check("POST transitions (accepted)", transition(t, s, admin, id, data.StatusAccepted, "", ifMatch(v)), http.StatusOK, v)
	v = check("POST mediators", admin.post(t, s, base+"/mediators", fmt.Sprintf(`{"mediators":[%d],"version":%d}`, ms[0].ID, v)), http.StatusOK, v)
	v = check("POST transitions (mediating)", transition(t, s, admin, id, data.StatusMediating, "", ifMatch(v)), http.StatusOK, v)
	v = check("POST mediation", admin.post(t, s, base+"/mediation", fmt.Sprintf(`{"mediators":[%d],"outcome":"agreement","agreement_ref":"安稳调〔2026〕9号"}`, ms[0].ID)),
		http.StatusCreated, v)
	v = check("POST attachments", admin.upload(t, s, base+"/attachments", multipartBody(t, "file", "现场.png", "image/png", tinyPNG(t))), http.StatusCreated, v)
	v = check("POST cell", admin.post(t, s, base+"/cell", fmt.Sprintf(`{"cell":%q,"reason":"地址核实","version":%d}`, sc.outCell, v)), http.StatusOK, v)
	check("POST transitions (resolved)", transition(t, s, admin, id, data.StatusResolved, "", ifMatch(v)), http.StatusOK, v)
}
