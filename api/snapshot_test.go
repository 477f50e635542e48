package api_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"gridmap/api"
	"gridmap/data"
	"gridmap/geo"
)

// revisionCounter counts how often the server asks its store for the
// revision.
type revisionCounter struct {
	data.Store
	asked atomic.Int64
}

func (s *revisionCounter) Revision(ctx context.Context) (data.Revision, error) {
	s.asked.Add(1)
	return s.Store.Revision(ctx)
}

// openIncidents reads the open incident count of a cell from its OGC
// feature and from /api/cells.
func openIncidents(t *testing.T, s http.Handler, code string) (item, cells float64) {
	t.Helper()
	r := get(t, s, "/ogc/collections/cells/items/"+code)
	if r.status != http.StatusOK {
		t.Fatalf("GET cell %s = %d", code, r.status)
	}
	item = r.json(t)["properties"].(map[string]any)["open_incidents"].(float64)
	for _, f := range get(t, s, "/api/cells").json(t)["features"].([]any) {
		if p := f.(map[string]any)["properties"].(map[string]any); p["code"] == code {
			cells = p["open_incidents"].(float64)
		}
	}
	return item, cells
}

// TestSnapshotRevisionPushed: reads do not ask the store for its revision
// while nothing was written; a report through the server is seen by the
// very next read of the cells (OGC feature and /api/cells); a write by
// another process is seen once StoreChanged says so.
func TestSnapshotRevisionPushed(t *testing.T) {
	t.Parallel()
	st := &revisionCounter{Store: newSmallSQLiteStore(t)}
	s := api.New(st, api.Config{BaseURL: "http://gridmap.test"}, quietLog())
	admin := newAdmin(t, st)

	f := get(t, s, "/api/cells").json(t)["features"].([]any)[0].(map[string]any)
	code := f["id"].(string)
	label := f["properties"].(map[string]any)["label"].([]any)
	lon, lat := label[0].(float64), label[1].(float64)
	before, _ := openIncidents(t, s, code)
	for range 5 {
		for _, p := range []string{"/api/cells", "/api/units", "/api/town", "/ogc/collections/cells/items", "/ogc/collections/units/items?limit=3",
			fmt.Sprintf("/api/locate?lon=%v&lat=%v", lon, lat)} {
			if r := get(t, s, p); r.status != http.StatusOK {
				t.Fatalf("GET %s = %d", p, r.status)
			}
		}
	}
	if n := st.asked.Load(); n != 1 {
		t.Errorf("the store was asked its revision %d times over 33 reads without writes; want 1", n)
	}

	r := do(t, s, http.MethodPost, "/api/incidents", strings.NewReader(fmt.Sprintf(`{"lon":%v,"lat":%v,"type":"其他","summary":"路灯下争吵"}`, lon, lat)),
		append(admin.header(), "Content-Type: application/json")...)
	if r.status != http.StatusCreated {
		t.Fatalf("POST /api/incidents = %d %.300s", r.status, r.body)
	}
	if item, cells := openIncidents(t, s, code); item != before+1 || cells != before+1 {
		t.Errorf("open incidents of %s after a report = %v (OGC), %v (/api/cells); want %v", code, item, cells, before+1)
	}

	// Another process writes: unseen until its notice.
	now := time.Now().UTC()
	if _, _, err := st.Store.CreateIncident(t.Context(), &data.Incident{Type: "其他", Source: "网格员上报", Summary: "另一进程的上报",
		CellCode: code, Location: orb.Point{lon, lat}, ReportedAt: now, UpdatedAt: now, StageSince: now}, ""); err != nil {
		t.Fatalf("CreateIncident: %v", err)
	}
	asked := st.asked.Load()
	if item, _ := openIncidents(t, s, code); item != before+1 {
		t.Errorf("open incidents of %s before StoreChanged = %v; want %v (the store not asked)", code, item, before+1)
	}
	if n := st.asked.Load(); n != asked {
		t.Errorf("the store was asked its revision %d times without a change; want 0", n-asked)
	}
	s.StoreChanged()
	if item, cells := openIncidents(t, s, code); item != before+2 || cells != before+2 {
		t.Errorf("open incidents of %s after StoreChanged = %v (OGC), %v (/api/cells); want %v", code, item, cells, before+2)
	}
}

// TestSnapshotNotModified: the cached answers carry strong ETags, one for
// the plain and one for the gzip form, and If-None-Match with either
// answers 304 without a body.
func TestSnapshotNotModified(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	for _, p := range []string{"/ogc/collections/cells/items", "/ogc/collections/cells/items?limit=50&offset=20&properties=name,population",
		"/ogc/collections/units/items?bbox=106.5,29,107,29.5", "/ogc/collections/units/items?bbox=" + townBBox(t, s), "/ogc/collections/cells/items/" + firstCell(t, s), "/api/cells", "/api/units", "/api/town"} {
		plain, gz := get(t, s, p), get(t, s, p, "Accept-Encoding: gzip")
		pt, gt := plain.header.Get("ETag"), gz.header.Get("ETag")
		compressed := gz.header.Get("Content-Encoding") == "gzip"
		if plain.status != http.StatusOK || gz.status != http.StatusOK || pt == "" || strings.HasPrefix(pt, "W/") || (gt == pt) == compressed {
			t.Errorf("GET %s = %d ETag %q, gzip %d ETag %q (compressed %v); want 200 with strong ETags, one for each form", p, plain.status, pt, gz.status, gt, compressed)
			continue
		}
		if string(plain.body) != string(gz.body) {
			t.Errorf("GET %s: the gzip answer is not the plain one", p)
		}
		if again := get(t, s, p); again.header.Get("ETag") != pt || string(again.body) != string(plain.body) {
			t.Errorf("GET %s twice: ETag %q then %q; want the same answer", p, pt, again.header.Get("ETag"))
		}
		for _, tag := range []string{pt, gt} {
			r := get(t, s, p, "If-None-Match: "+tag, "Accept-Encoding: gzip")
			if r.status != http.StatusNotModified || len(r.body) != 0 {
				t.Errorf("GET %s If-None-Match %s = %d with %d bytes; want 304 without a body", p, tag, r.status, len(r.body))
			}
		}
		if r := get(t, s, p, `If-None-Match: "other"`); r.status != http.StatusOK {
			t.Errorf("GET %s with another ETag = %d; want 200", p, r.status)
		}
	}
}

// townBBox is the town's bbox as a bbox parameter.
func townBBox(t *testing.T, s http.Handler) string {
	t.Helper()
	b := get(t, s, "/api/config").json(t)["bbox"].([]any)
	return fmt.Sprintf("%v,%v,%v,%v", b[0], b[1], b[2], b[3])
}

// TestSnapshotPageCacheBounded: a thousand distinct pages leave the page
// cache at its bounds, and a page asked again after it was dropped is
// the same answer.
func TestSnapshotPageCacheBounded(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	first := get(t, s, "/ogc/collections/cells/items?limit=1&offset=0")
	for i := range 1000 {
		p := fmt.Sprintf("/ogc/collections/cells/items?limit=%d&offset=%d", 1+i%7, i)
		if r := get(t, s, p); r.status != http.StatusOK {
			t.Fatalf("GET %s = %d", p, r.status)
		}
	}
	n, bytes, maxN, maxBytes := api.PageCacheSize(s)
	if n != maxN || bytes > maxBytes {
		t.Errorf("after 1,000 distinct pages the cache keeps %d answers, %d bytes; want %d answers, at most %d bytes", n, bytes, maxN, maxBytes)
	}
	again := get(t, s, "/ogc/collections/cells/items?limit=1&offset=0")
	if string(again.body) != string(first.body) || again.header.Get("ETag") != first.header.Get("ETag") {
		t.Errorf("the first page asked again = %q %.200s; want %q %.200s", again.header.Get("ETag"), again.body, first.header.Get("ETag"), first.body)
	}
}

// TestSnapshotBBoxIndex: the features of a bbox query through the index
// are those whose polygon meets the box, by geo.IntersectsBound over every
// cell and unit, in code order.
func TestSnapshotBBoxIndex(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	for _, coll := range []string{"cells", "units"} {
		var fc struct {
			Features []struct {
				ID       string
				Geometry struct{ Coordinates [][][2]float64 }
			}
		}
		mustJSON(t, get(t, s, "/api/"+coll).body, &fc)
		var all orb.Bound
		polys := make([]orb.Polygon, len(fc.Features))
		for i, f := range fc.Features {
			for _, r := range f.Geometry.Coordinates {
				var ring orb.Ring
				for _, pt := range r {
					ring = append(ring, orb.Point(pt))
				}
				polys[i] = append(polys[i], ring)
			}
			if i == 0 {
				all = polys[i].Bound()
			}
			all = all.Union(polys[i].Bound())
		}
		rnd := rand.New(rand.NewPCG(15, uint64(len(coll))))
		w, h := all.Max[0]-all.Min[0], all.Max[1]-all.Min[1]
		for range 40 {
			x, y := all.Min[0]-w/10+rnd.Float64()*w*1.2, all.Min[1]-h/10+rnd.Float64()*h*1.2
			b := orb.Bound{Min: orb.Point{x, y}, Max: orb.Point{x + rnd.Float64()*w/3, y + rnd.Float64()*h/3}}
			var want []string
			for i, f := range fc.Features {
				if geo.IntersectsBound(polys[i], b) {
					want = append(want, f.ID)
				}
			}
			p := fmt.Sprintf("/ogc/collections/%s/items?limit=10000&bbox=%v,%v,%v,%v", coll, b.Min[0], b.Min[1], b.Max[0], b.Max[1])
			page := get(t, s, p).json(t)
			var got []string
			for _, f := range page["features"].([]any) {
				got = append(got, f.(map[string]any)["id"].(string))
			}
			if !slices.Equal(got, want) || page["numberMatched"] != float64(len(want)) {
				t.Errorf("GET %s = %v (matched %v); want %v", p, got, page["numberMatched"], want)
			}
		}
	}
}

// TestSnapshotPollStore: with PollStore running, a write by another
// process shows without any write or notice through this server.
func TestSnapshotPollStore(t *testing.T) {
	t.Parallel()
	st := newSmallSQLiteStore(t)
	s := api.New(st, api.Config{BaseURL: "http://gridmap.test"}, quietLog())
	code := firstCell(t, s)
	lon, lat := cellLabel(t, s, code)
	before, _ := openIncidents(t, s, code)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	go s.PollStore(ctx, 10*time.Millisecond)
	now := time.Now().UTC()
	if _, _, err := st.CreateIncident(t.Context(), &data.Incident{Type: "其他", Source: "网格员上报", Summary: "另一进程的上报",
		CellCode: code, Location: orb.Point{lon, lat}, ReportedAt: now, UpdatedAt: now, StageSince: now}, ""); err != nil {
		t.Fatalf("CreateIncident: %v", err)
	}
	var item float64
	for range 500 {
		if item, _ = openIncidents(t, s, code); item == before+1 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Errorf("open incidents of %s with PollStore = %v; want %v", code, item, before+1)
}

// TestSnapshotHotspots: an answer for a window with an end is the same
// answer, ETag and all, until a report falls into the window; then the
// next one counts it.
func TestSnapshotHotspots(t *testing.T) {
	t.Parallel()
	st := newSmallSQLiteStore(t)
	s := api.New(st, api.Config{BaseURL: "http://gridmap.test"}, quietLog())
	admin := newAdmin(t, st)
	const p = "/api/hotspots?geometry=false&from=2020-01-01&to=2100-01-01"
	first, again := get(t, s, p, admin.header()...), get(t, s, p, admin.header()...)
	if first.status != http.StatusOK || first.header.Get("ETag") != again.header.Get("ETag") || string(first.body) != string(again.body) {
		t.Fatalf("GET %s twice = %d %q, %d %q; want one answer", p, first.status, first.header.Get("ETag"), again.status, again.header.Get("ETag"))
	}
	total := first.json(t)["total"].(float64)
	code := firstCell(t, s)
	lon, lat := cellLabel(t, s, code)
	r := do(t, s, http.MethodPost, "/api/incidents", strings.NewReader(fmt.Sprintf(`{"lon":%v,"lat":%v,"type":"其他","summary":"路灯下争吵"}`, lon, lat)),
		append(admin.header(), "Content-Type: application/json")...)
	if r.status != http.StatusCreated {
		t.Fatalf("POST /api/incidents = %d %.300s", r.status, r.body)
	}
	after := get(t, s, p, admin.header()...)
	if got := after.json(t)["total"].(float64); got != total+1 || after.header.Get("ETag") == first.header.Get("ETag") {
		t.Errorf("GET %s after a report: total %v, ETag %q; want %v and a new ETag", p, got, after.header.Get("ETag"), total+1)
	}
}
