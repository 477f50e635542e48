package api_test

import (
	"context"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/maptile"

	"gridmap/api"
	"gridmap/data"
)

// shapeCounter counts how often the server reads the town, the units and
// the cells (with their shapes) from its store, and the cells' open
// incident counts alone.
type shapeCounter struct {
	data.Store
	town, units, cells, open atomic.Int64
}

func (s *shapeCounter) Town(ctx context.Context) (*data.Town, error) {
	s.town.Add(1)
	return s.Store.Town(ctx)
}

func (s *shapeCounter) Units(ctx context.Context) ([]data.Unit, error) {
	s.units.Add(1)
	return s.Store.Units(ctx)
}

func (s *shapeCounter) Cells(ctx context.Context) ([]data.Cell, error) {
	s.cells.Add(1)
	return s.Store.Cells(ctx)
}

func (s *shapeCounter) OpenIncidentsByCell(ctx context.Context) (map[string]int, error) {
	s.open.Add(1)
	return s.Store.OpenIncidentsByCell(ctx)
}

func (s *shapeCounter) reads() [4]int64 {
	return [4]int64{s.town.Load(), s.units.Load(), s.cells.Load(), s.open.Load()}
}

// featureCounts returns each feature's open_incidents by id, and the
// features without that property as JSON-decoded maps.
func featureCounts(t *testing.T, r response) (map[string]float64, map[string]any) {
	t.Helper()
	counts, rest := map[string]float64{}, map[string]any{}
	doc := r.json(t)
	for _, f := range doc["features"].([]any) {
		m := f.(map[string]any)
		id := m["id"].(string)
		p := m["properties"].(map[string]any)
		if n, ok := p["open_incidents"].(float64); ok {
			counts[id] = n
			delete(p, "open_incidents")
		}
		rest[id] = m
	}
	delete(doc, "features")
	rest[""] = doc // the other members: links, numbers
	return counts, rest
}

// incidentCounts decodes the counts per cell of an incidents tile below
// the point zoom.
func incidentCounts(t *testing.T, r response) map[string]float64 {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("incidents tile = %d %.200s", r.status, r.body)
	}
	layers, err := mvt.Unmarshal(r.body)
	if err != nil {
		t.Fatalf("incidents tile: %v", err)
	}
	out := map[string]float64{}
	for _, l := range layers {
		for _, f := range l.Features {
			out[f.Properties["code"].(string)] = f.Properties["count"].(float64)
		}
	}
	return out
}

// TestSnapshotReportChangesOnlyItsCount: a report through the API changes
// its cell's open_incidents in /api/cells, the OGC page and the OGC
// feature that show it, and its cell's count in an incidents tile, and
// nothing else: every other count, feature and member is the same, the
// answers that show no count (units, town, TopoJSON, a cells page without
// open_incidents, a units page, cells tiles) are the same bytes with the
// same ETag. The store is asked only for the counts, not for the town,
// units or cells again.
func TestSnapshotReportChangesOnlyItsCount(t *testing.T) {
	t.Parallel()
	st := &shapeCounter{Store: newSQLiteStore(t)}
	s := api.New(st, api.Config{BaseURL: "http://gridmap.test"}, quietLog())
	admin := newAdmin(t, st)
	code := firstCell(t, s)
	lon, lat := cellLabel(t, s, code)
	tile := maptile.At(orb.Point{lon, lat}, 12)
	tilePath := func(layer string) string { return fmt.Sprintf("/tiles/%s/%d/%d/%d.mvt", layer, tile.Z, tile.X, tile.Y) }
	counted := []string{"/api/cells", "/ogc/collections/cells/items", "/ogc/collections/cells/items?limit=1000", "/ogc/collections/cells/items/" + code}
	same := []string{"/api/units", "/api/town", "/api/cells.topojson", "/api/config", "/ogc/collections/cells/items?properties=name,population",
		"/ogc/collections/units/items", "/ogc/collections/cells/items?offset=100&limit=5", tilePath("cells"), tilePath("units")}
	type before struct {
		counts map[string]float64
		rest   map[string]any
	}
	seen := map[string]before{}
	bodies := map[string]response{}
	for _, p := range counted {
		r := get(t, s, p)
		if r.status != http.StatusOK {
			t.Fatalf("GET %s = %d", p, r.status)
		}
		if strings.HasSuffix(p, code) { // one feature: a collection of one
			r.body = []byte(`{"features":[` + string(r.body) + `]}`)
		}
		c, rest := featureCounts(t, r)
		seen[p] = before{c, rest}
	}
	for _, p := range same {
		if bodies[p] = get(t, s, p, admin.header()...); bodies[p].status != http.StatusOK {
			t.Fatalf("GET %s = %d", p, bodies[p].status)
		}
	}
	tileBefore := incidentCounts(t, get(t, s, tilePath("incidents"), admin.header()...))
	reads := st.reads()

	r := do(t, s, http.MethodPost, "/api/incidents", strings.NewReader(fmt.Sprintf(`{"lon":%v,"lat":%v,"type":"其他","summary":"路灯下争吵"}`, lon, lat)),
		append(admin.header(), "Content-Type: application/json")...)
	if r.status != http.StatusCreated {
		t.Fatalf("POST /api/incidents = %d %.300s", r.status, r.body)
	}

	for _, p := range counted {
		r := get(t, s, p)
		if strings.HasSuffix(p, code) {
			r.body = []byte(`{"features":[` + string(r.body) + `]}`)
		}
		c, rest := featureCounts(t, r)
		want := seen[p]
		if c[code] != want.counts[code]+1 {
			t.Errorf("GET %s after a report in %s: its open_incidents = %v; want %v", p, code, c[code], want.counts[code]+1)
		}
		c[code]--
		if !reflect.DeepEqual(c, want.counts) {
			t.Errorf("GET %s after a report in %s: other cells' counts changed: %v; want %v", p, code, c, want.counts)
		}
		if !reflect.DeepEqual(rest, want.rest) {
			t.Errorf("GET %s after a report: features or members besides the counts changed", p)
		}
	}
	for _, p := range same {
		r := get(t, s, p, admin.header()...)
		if string(r.body) != string(bodies[p].body) || r.header.Get("ETag") != bodies[p].header.Get("ETag") {
			t.Errorf("GET %s after a report = ETag %s, %d bytes; want the same answer as before (ETag %s, %d bytes)",
				p, r.header.Get("ETag"), len(r.body), bodies[p].header.Get("ETag"), len(bodies[p].body))
		}
	}
	tileAfter := incidentCounts(t, get(t, s, tilePath("incidents"), admin.header()...))
	if tileAfter[code] != tileBefore[code]+1 {
		t.Errorf("incidents tile %v after a report in %s: its count = %v; want %v", tile, code, tileAfter[code], tileBefore[code]+1)
	}
	tileAfter[code]--
	if tileBefore[code] == 0 {
		delete(tileAfter, code)
	}
	if !reflect.DeepEqual(tileAfter, tileBefore) {
		t.Errorf("incidents tile %v after a report in %s: other counts changed: %v; want %v", tile, code, tileAfter, tileBefore)
	}
	got := st.reads()
	if got[0] != reads[0] || got[1] != reads[1] || got[2] != reads[2] || got[3] == reads[3] {
		t.Errorf("store reads (town, units, cells, counts) after a report = %v; before %v: want only the counts read again", got, reads)
	}
}

// TestSnapshotRecountSameAsRebuilt: after reports in several cells, a
// reassignment to another cell and a transition that closes the incident,
// every answer of a server that followed the writes is the same, byte for
// byte and ETag for ETag (gzip included), as that of a new server reading
// the store afresh: with the open counts counted by the store, and with
// them taken from the statistics' fact table, kept since a hotspot request.
func TestSnapshotRecountSameAsRebuilt(t *testing.T) {
	t.Parallel()
	for _, facts := range []bool{false, true} {
		t.Run(fmt.Sprintf("facts=%v", facts), func(t *testing.T) {
			t.Parallel()
			testRecountSameAsRebuilt(t, facts)
		})
	}
}

func testRecountSameAsRebuilt(t *testing.T, facts bool) {
	st := newSQLiteStore(t)
	s := api.New(st, api.Config{BaseURL: "http://gridmap.test"}, quietLog())
	admin := newAdmin(t, st)
	var fc struct {
		Features []struct {
			ID         string
			Properties struct{ Label [2]float64 }
		}
	}
	mustJSON(t, get(t, s, "/api/cells").body, &fc)
	paths := []string{"/api/cells", "/api/units", "/api/cells.topojson", "/ogc/collections/cells/items", "/ogc/collections/cells/items?limit=1000",
		"/ogc/collections/cells/items?offset=60&limit=30", "/ogc/collections/cells/items/" + fc.Features[70].ID}
	read := func(s http.Handler) map[string]response {
		out := map[string]response{}
		for _, p := range paths {
			out[p] = get(t, s, p)
			out[p+" gzip"] = get(t, s, p, "Accept-Encoding: gzip")
		}
		return out
	}
	read(s) // every answer built, to be recounted
	if facts {
		if r := get(t, s, "/api/hotspots", admin.header()...); r.status != http.StatusOK {
			t.Fatalf("GET /api/hotspots = %d %.300s", r.status, r.body)
		}
	}
	var id any
	for k, i := range []int{0, 70, 137, 70, 5} {
		f := fc.Features[i%len(fc.Features)]
		r := do(t, s, http.MethodPost, "/api/incidents", strings.NewReader(fmt.Sprintf(`{"lon":%v,"lat":%v,"type":"其他","summary":"第%d次上报"}`,
			f.Properties.Label[0], f.Properties.Label[1], k)), append(admin.header(), "Content-Type: application/json")...)
		if r.status != http.StatusCreated {
			t.Fatalf("POST /api/incidents = %d %.300s", r.status, r.body)
		}
		id = r.json(t)["id"]
		if k%2 == 0 {
			read(s)
		}
	}
	r := do(t, s, http.MethodPost, fmt.Sprintf("/api/incidents/%v/cell", id), strings.NewReader(fmt.Sprintf(`{"cell":%q,"reason":"实际发生在邻格","version":1}`, fc.Features[3].ID)),
		append(admin.header(), "Content-Type: application/json")...)
	if r.status != http.StatusOK {
		t.Fatalf("POST reassignment = %d %.300s", r.status, r.body)
	}
	read(s)
	r = do(t, s, http.MethodPost, fmt.Sprintf("/api/incidents/%v/transitions", id), strings.NewReader(`{"to":"duplicate","note":"重复上报","duplicate_of":1,"version":2}`),
		append(admin.header(), "Content-Type: application/json")...)
	if r.status != http.StatusOK {
		t.Fatalf("POST transition to duplicate = %d %.300s", r.status, r.body)
	}
	got := read(s)
	want := read(api.New(st, api.Config{BaseURL: "http://gridmap.test"}, quietLog()))
	for p, w := range want {
		g := got[p]
		if g.status != http.StatusOK || string(g.body) != string(w.body) || g.header.Get("ETag") != w.header.Get("ETag") ||
			g.header.Get("Content-Encoding") != w.header.Get("Content-Encoding") {
			t.Errorf("GET %s after writes = %d ETag %s %s, %d bytes; a new server answers %d ETag %s %s, %d bytes", p,
				g.status, g.header.Get("ETag"), g.header.Get("Content-Encoding"), len(g.body), w.status, w.header.Get("ETag"), w.header.Get("Content-Encoding"), len(w.body))
		}
	}
}
