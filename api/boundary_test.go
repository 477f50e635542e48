package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/paulmach/orb"

	"gridmap/api"
	"gridmap/data"
	"gridmap/geo"
)

// polygonFC is a FeatureCollection of polygons as the tests read it.
type polygonFC struct {
	Features []struct {
		ID       string `json:"id"`
		Geometry struct {
			Coordinates [][][2]float64 `json:"coordinates"`
		} `json:"geometry"`
		Properties map[string]any `json:"properties"`
	} `json:"features"`
}

// polygons returns the features' polygons by ID.
func (fc *polygonFC) polygons() map[string]orb.Polygon {
	out := map[string]orb.Polygon{}
	for _, f := range fc.Features {
		var p orb.Polygon
		for _, r := range f.Geometry.Coordinates {
			ring := orb.Ring{}
			for _, c := range r {
				ring = append(ring, orb.Point(c))
			}
			p = append(p, ring)
		}
		out[f.ID] = p
	}
	return out
}

// sharedVertex finds, in the cells' TopoJSON, an interior vertex of an arc
// that two cells share, and the vertex after it on the arc; it returns the
// two cells' codes too.
func sharedVertex(t *testing.T, h http.Handler) (v, next orb.Point, cells []string) {
	t.Helper()
	var topo struct {
		Arcs    [][][2]float64 `json:"arcs"`
		Objects struct {
			Cells struct {
				Geometries []struct {
					ID   string    `json:"id"`
					Arcs [][]int64 `json:"arcs"`
				} `json:"geometries"`
			} `json:"cells"`
		} `json:"objects"`
	}
	r := get(t, h, "/api/cells.topojson")
	if r.status != http.StatusOK {
		t.Fatalf("GET /api/cells.topojson = %d", r.status)
	}
	if err := json.Unmarshal(r.body, &topo); err != nil {
		t.Fatal(err)
	}
	users := map[int64][]string{}
	for _, g := range topo.Objects.Cells.Geometries {
		for _, ring := range g.Arcs {
			for _, a := range ring {
				if a < 0 {
					a = ^a
				}
				users[a] = append(users[a], g.ID)
			}
		}
	}
	for a, line := range topo.Arcs {
		if len(line) >= 5 && len(users[int64(a)]) == 2 {
			k := len(line) / 2
			return orb.Point(line[k]), orb.Point(line[k+1]), users[int64(a)]
		}
	}
	t.Fatal("no arc shared by two cells with interior vertices")
	return
}

// cellGeometry returns a cell's polygon from /api/cells.
func cellGeometry(t *testing.T, h http.Handler, code string) orb.Polygon {
	t.Helper()
	var fc polygonFC
	mustJSON(t, get(t, h, "/api/cells").body, &fc)
	p, ok := fc.polygons()[code]
	if !ok {
		t.Fatalf("no cell %s in /api/cells", code)
	}
	return p
}

func hasVertex(p orb.Polygon, v orb.Point) bool {
	for _, r := range p {
		if slices.Contains(r, v) {
			return true
		}
	}
	return false
}

// TestBoundaryEditCommitRestore drags a vertex two cells share: the dry run
// shows both cells reshaped and what moves; the commit makes version 2,
// which /api/cells shows at once; a change on the old base is refused with
// what changed since; the diff names the two cells; restoring version 1
// makes version 3 with version 1's cells.
func TestBoundaryEditCommitRestore(t *testing.T) {
	t.Parallel()
	for _, st := range []struct {
		name string
		open func(*testing.T) data.Store
	}{{"sqlite", newSQLiteStore}, {"postgis", newPostGISStore}} {
		t.Run(st.name, func(t *testing.T) { testBoundaryEditCommitRestore(t, st.open(t)) })
	}
}

func testBoundaryEditCommitRestore(t *testing.T, store data.Store) {
	sc := newScene(t, store)
	s := api.New(sc.store, api.Config{}, quietLog())
	admin := sc.actors["admin"]
	v, next, cells := sharedVertex(t, s)
	to := orb.Point{v[0] + (next[0]-v[0])*0.4, v[1] + (next[1]-v[1])*0.4}
	body := func(base int, op string) string {
		return fmt.Sprintf(`{"base":%d,"reason":"道路改线","effective_date":"2026-12-01","operations":[%s]}`, base, op)
	}
	move := fmt.Sprintf(`{"op":"move_vertex","from":[%v,%v],"to":[%v,%v]}`, v[0], v[1], to[0], to[1])

	r := admin.post(t, s, "/api/boundary/changesets?dry_run=true", body(1, move))
	if r.status != http.StatusOK {
		t.Fatalf("dry run = %d %s", r.status, r.body)
	}
	var dry struct {
		Valid  bool `json:"valid"`
		Impact struct {
			Households []json.RawMessage `json:"households"`
			Incidents  []json.RawMessage `json:"incidents"`
			Summary    []json.RawMessage `json:"summary"`
		} `json:"impact"`
		Cells polygonFC `json:"cells"`
	}
	mustJSON(t, r.body, &dry)
	var changed []string
	for _, f := range dry.Cells.Features {
		changed = append(changed, f.Properties["code"].(string)+":"+f.Properties["change"].(string))
	}
	slices.Sort(cells)
	if want := []string{cells[0] + ":reshaped", cells[1] + ":reshaped"}; !dry.Valid || !slices.Equal(changed, want) {
		t.Fatalf("dry run valid %v, cells %v; want valid, %v", dry.Valid, changed, want)
	}
	if !hasVertex(cellGeometry(t, s, cells[0]), v) {
		t.Fatalf("the dry run changed cell %s", cells[0])
	}

	r = admin.post(t, s, "/api/boundary/changesets", body(1, move))
	if r.status != http.StatusCreated {
		t.Fatalf("commit = %d %s", r.status, r.body)
	}
	var done struct {
		Version struct {
			Number   int64    `json:"number"`
			Reshaped []string `json:"reshaped"`
			Moved    struct {
				Households, Incidents int
			} `json:"moved"`
		} `json:"version"`
	}
	mustJSON(t, r.body, &done)
	if done.Version.Number != 2 || !slices.Equal(done.Version.Reshaped, cells) ||
		done.Version.Moved.Households != len(dry.Impact.Households) || done.Version.Moved.Incidents != len(dry.Impact.Incidents) {
		t.Errorf("commit = %s; want version 2 reshaping %v and moving what the dry run said", r.body, cells)
	}
	for _, code := range cells {
		if g := cellGeometry(t, s, code); hasVertex(g, v) || !hasVertex(g, to) {
			t.Errorf("/api/cells %s after the commit: has the old vertex %v or lacks the new %v", code, hasVertex(g, v), !hasVertex(g, to))
		}
	}

	r = admin.post(t, s, "/api/boundary/changesets?dry_run=true", body(1, move))
	var stale struct {
		Current int64             `json:"current"`
		Since   []json.RawMessage `json:"since"`
	}
	mustJSON(t, r.body, &stale)
	if _, field := r.errorOf(t); r.status != http.StatusConflict || field != "base" || stale.Current != 2 || len(stale.Since) != 1 {
		t.Errorf("a change on the old base = %d %s; want 409 naming base, current 2, one version since", r.status, r.body)
	}

	var diff polygonFC
	mustJSON(t, get(t, s, "/api/boundary/versions/1/diff/2", admin.header()...).body, &diff)
	if len(diff.Features) != 2 || diff.Features[0].Properties["change"] != "reshaped" || diff.Features[0].Properties["before"] == nil {
		t.Errorf("diff 1..2 = %d features; want the two cells reshaped, with their shape before", len(diff.Features))
	}

	restore := `{"base":2,"reason":"撤销","effective_date":"2026-12-02"}`
	if r := admin.post(t, s, "/api/boundary/versions/1/restore?dry_run=true", restore); r.status != http.StatusOK || !strings.Contains(string(r.body), `"valid":true`) {
		t.Fatalf("restore dry run = %d %s", r.status, r.body)
	}
	if r := admin.post(t, s, "/api/boundary/versions/1/restore", restore); r.status != http.StatusCreated {
		t.Fatalf("restore = %d %s", r.status, r.body)
	}
	v1 := versionCells(t, s, admin, 1)
	v3 := versionCells(t, s, admin, 3)
	if len(v1) != 138 || len(v3) != 138 {
		t.Fatalf("versions 1 and 3 have %d and %d cells; want 138", len(v1), len(v3))
	}
	for code, g := range v1 {
		if !geo.SamePolygon(g, v3[code]) {
			t.Errorf("cell %s at version 3 differs from version 1", code)
		}
	}
	var list struct {
		Current  int64 `json:"current"`
		Versions []struct {
			Number int64  `json:"number"`
			Reason string `json:"reason"`
		} `json:"versions"`
	}
	mustJSON(t, get(t, s, "/api/boundary/versions", admin.header()...).body, &list)
	if list.Current != 3 || len(list.Versions) != 3 || list.Versions[0].Reason != "撤销" {
		t.Errorf("versions = %+v; want 3, newest first", list)
	}
}

// versionCells returns the cells of a boundary version by code.
func versionCells(t *testing.T, h http.Handler, a *actor, n int) map[string]orb.Polygon {
	t.Helper()
	r := get(t, h, fmt.Sprintf("/api/boundary/versions/%d", n), a.header()...)
	if r.status != http.StatusOK {
		t.Fatalf("version %d: %d %s", n, r.status, r.body)
	}
	var fc polygonFC
	mustJSON(t, r.body, &fc)
	return fc.polygons()
}

// TestBoundaryInvalidEdits: a drag across a neighbour is reported with the
// cells named, in the dry run (200, valid false) and the commit (400 with
// the problems); bad operations are 400 naming the operation.
func TestBoundaryInvalidEdits(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	admin := sc.actors["admin"]
	v, _, cells := sharedVertex(t, s)
	far := geo.LabelPoint(cellGeometry(t, s, "500110119001001"))
	if slices.Contains(cells, "500110119001001") {
		far = geo.LabelPoint(cellGeometry(t, s, "500110119206005"))
	}
	body := func(op string) string {
		return `{"base":1,"reason":"r","effective_date":"2026-12-01","operations":[` + op + `]}`
	}
	cross := fmt.Sprintf(`{"op":"move_vertex","from":[%v,%v],"to":[%v,%v]}`, v[0], v[1], far[0], far[1])
	r := admin.post(t, s, "/api/boundary/changesets?dry_run=true", body(cross))
	var dry struct {
		Valid    bool `json:"valid"`
		Problems []struct {
			Kind    string    `json:"kind"`
			Message string    `json:"message"`
			Cells   []string  `json:"cells"`
			At      []float64 `json:"at"`
		} `json:"problems"`
	}
	mustJSON(t, r.body, &dry)
	if r.status != http.StatusOK || dry.Valid || len(dry.Problems) == 0 || len(dry.Problems[0].Cells) == 0 || len(dry.Problems[0].At) != 2 {
		t.Fatalf("dry run of a crossing drag = %d %.300s; want valid false with problems naming cells and a place", r.status, r.body)
	}
	if p := dry.Problems[0]; !strings.HasPrefix(p.Message, "网格 ") || !strings.Contains(p.Message, p.Cells[0]) {
		t.Errorf("problem %q in zh-CN = %q; want it to name cell %s in Chinese", p.Kind, p.Message, p.Cells[0])
	}
	zhProblem := dry.Problems[0].Message
	mustJSON(t, admin.post(t, s, "/api/boundary/changesets?dry_run=true", body(cross), "Accept-Language: en").body, &dry)
	if p := dry.Problems[0]; p.Message == "" || p.Message == zhProblem || !strings.ContainsFunc(p.Message, unicode.IsLetter) || strings.ContainsFunc(p.Message, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
		t.Errorf("problem %q in English = %q", p.Kind, p.Message)
	}
	r = admin.post(t, s, "/api/boundary/changesets", body(cross))
	if _, field := r.errorOf(t); r.status != http.StatusBadRequest || field != "operations" || !strings.Contains(string(r.body), `"problems"`) {
		t.Errorf("commit of a crossing drag = %d %.300s; want 400 naming operations, with the problems", r.status, r.body)
	}
	if !strings.Contains(string(r.body), "变更后的边界无效："+zhProblem) {
		t.Errorf("commit of a crossing drag in zh-CN = %.300s; want the message to give the problem %q", r.body, zhProblem)
	}

	node := fmt.Sprintf(`[%v,%v]`, v[0], v[1])
	for _, tc := range []struct{ name, body, field string }{
		{"unknown op", body(`{"op":"rotate"}`), "operations[0]"},
		{"move without to", body(`{"op":"move_vertex","from":` + node + `}`), "operations[0]"},
		{"no vertex there", body(`{"op":"move_vertex","from":[1,1],"to":[2,2]}`), "operations[0]"},
		{"insert between non-neighbours", body(`{"op":"insert_vertex","between":[[1,1],[2,2]],"at":[1.5,1.5]}`), "operations[0]"},
		{"second op bad", body(`{"op":"move_vertex","from":` + node + `,"to":` + node + `},{"op":"delete_vertex","at":[1,1]}`), "operations[1]"},
		{"no operations", `{"base":1,"reason":"r","effective_date":"2026-12-01","operations":[]}`, "operations"},
		{"nothing changes", body(`{"op":"move_vertex","from":` + node + `,"to":` + node + `}`), "operations"},
		{"no base", `{"reason":"r","effective_date":"2026-12-01","operations":[{"op":"rotate"}]}`, "base"},
		{"unknown field", `{"base":1,"reason":"r","effective_date":"2026-12-01","operations":[],"force":true}`, "force"},
		// A position is two numbers (a third, a height, is allowed): one
		// number was read as (106.6, 0) and refused as no vertex there or
		// as a drag out of the town.
		{"to with one number", body(`{"op":"move_vertex","from":` + node + `,"to":[106.6]}`), "operations[0].to"},
		{"from with one number", body(`{"op":"move_vertex","from":[` + ftoa(v[0]) + `],"to":` + node + `}`), "operations[0].from"},
		{"at with no numbers", body(`{"op":"delete_vertex","at":[]}`), "operations[0].at"},
		{"between with four numbers", body(`{"op":"insert_vertex","between":[` + node + `,[106.6,28.9,300,1]],"at":[106.6,28.9]}`), "operations[0].between[1]"},
		{"line point with one number", body(`{"op":"split","cell":"` + cells[0] + `","line":[` + node + `,[106.6]]}`), "operations[0].line[1]"},
		{"second op's on with one number", body(`{"op":"move_vertex","from":` + node + `,"to":` + node + `},{"op":"replace_edge","on":[28.9],"line":[` + node + `,` + node + `]}`), "operations[1].on"},
	} {
		r := admin.post(t, s, "/api/boundary/changesets?dry_run=true", tc.body)
		if _, field := r.errorOf(t); r.status != http.StatusBadRequest || field != tc.field {
			t.Errorf("%s: %d %s; want 400 naming %s", tc.name, r.status, r.body, tc.field)
		}
	}
	r = admin.post(t, s, "/api/boundary/changesets?dry_run=true", body(`{"op":"move_vertex","from":`+node+`,"to":[106.6]}`))
	if msg := r.json(t)["error"].(map[string]any)["message"]; msg != "一个坐标由经度和纬度两个数组成（第三个数为高程，不予采用）；operations[0].to 有 1 个数。" {
		t.Errorf("a position of one number in zh-CN = %q; want the reason", msg)
	}
	// A height is allowed, as GeoJSON allows it, and ignored.
	high := body(fmt.Sprintf(`{"op":"move_vertex","from":[%v,%v,312.5],"to":[%v,%v,0]}`, v[0], v[1], v[0]+1e-7, v[1]))
	if r := admin.post(t, s, "/api/boundary/changesets?dry_run=true", high); r.status != http.StatusOK || !strings.Contains(string(r.body), `"valid":true`) {
		t.Errorf("a drag with heights = %d %.200s; want 200 valid", r.status, r.body)
	}
	// A dry run checks the shapes while they are being drawn; the reason
	// and the date are asked for when saving.
	nudge := `{"base":1,"reason":" ","effective_date":"","operations":[` + fmt.Sprintf(`{"op":"move_vertex","from":%s,"to":[%v,%v]}`, node, v[0]+1e-7, v[1]) + `]}`
	if r := admin.post(t, s, "/api/boundary/changesets?dry_run=true", nudge); r.status != http.StatusOK || !strings.Contains(string(r.body), `"valid":true`) {
		t.Errorf("a dry run without reason or date = %d %.200s; want 200 valid", r.status, r.body)
	}
	if r := admin.post(t, s, "/api/boundary/changesets", nudge); r.status != http.StatusBadRequest {
		t.Errorf("a commit without reason = %d; want 400", r.status)
	} else if _, field := r.errorOf(t); field != "reason" {
		t.Errorf("a commit without reason names %q; want reason", field)
	}
	// A date given is checked in a dry run too, not first at the commit.
	badDate := strings.Replace(nudge, `"effective_date":""`, `"effective_date":"2026-13-01"`, 1)
	if r := admin.post(t, s, "/api/boundary/changesets?dry_run=true", badDate); r.status != http.StatusBadRequest {
		t.Errorf("a dry run with effective_date 2026-13-01 = %d %.200s; want 400", r.status, r.body)
	} else if _, field := r.errorOf(t); field != "effective_date" {
		t.Errorf("a dry run with effective_date 2026-13-01 names %q; want effective_date", field)
	}
	if r := admin.post(t, s, "/api/boundary/changesets?dry_run=true", strings.Replace(body(cross), `"base":1`, `"base":7`, 1)); r.status != http.StatusConflict {
		t.Errorf("an unknown base = %d; want 409", r.status)
	}
	if r := get(t, s, "/api/boundary/versions/9", admin.header()...); r.status != http.StatusNotFound {
		t.Errorf("GET version 9 = %d; want 404", r.status)
	}
	if r := admin.post(t, s, "/api/boundary/versions/9/restore", `{"base":1,"reason":"r","effective_date":"2026-12-01"}`); r.status != http.StatusNotFound {
		t.Errorf("restore version 9 = %d; want 404", r.status)
	}
}

// TestBoundarySplitMerge splits a cell across the middle: the larger part
// keeps its code, the other gets the unit's next code, and the households
// there move with it; merging the part back makes 138 cells again, and the
// next split never reuses the retired code.
func TestBoundarySplitMerge(t *testing.T) {
	t.Parallel()
	for _, st := range []struct {
		name string
		open func(*testing.T) data.Store
	}{{"sqlite", newSQLiteStore}, {"postgis", newPostGISStore}} {
		// The halves run in turn: parallel subtests would wait behind every
		// other test, and the longest test of the package end the run alone.
		t.Run(st.name, func(t *testing.T) { testBoundarySplitMerge(t, st.open(t)) })
	}
}

func testBoundarySplitMerge(t *testing.T, store data.Store) {
	sc := newScene(t, store)
	s := api.New(sc.store, api.Config{}, quietLog())
	admin := sc.actors["admin"]
	const cell, unit = "500110119206005", "500110119206"
	maxSeq := 0
	var fc polygonFC
	mustJSON(t, get(t, s, "/api/cells").body, &fc)
	for code := range fc.polygons() {
		if strings.HasPrefix(code, unit) {
			var n int
			fmt.Sscanf(code[len(unit):], "%d", &n)
			maxSeq = max(maxSeq, n)
		}
	}
	split := func(base int) string {
		ring := cellGeometry(t, s, cell)[0]
		n := len(ring) - 1
		mid := func(i int) orb.Point {
			return orb.Point{(ring[i][0] + ring[i+1][0]) / 2, (ring[i][1] + ring[i+1][1]) / 2}
		}
		a, b := mid(0), mid(n/2)
		return fmt.Sprintf(`{"base":%d,"reason":"新建小区","effective_date":"2026-12-01","operations":[{"op":"split","cell":%q,"line":[[%v,%v],[%v,%v]]}]}`,
			base, cell, a[0], a[1], b[0], b[1])
	}
	newCode := fmt.Sprintf("%s%03d", unit, maxSeq+1)
	r := admin.post(t, s, "/api/boundary/changesets", split(1))
	if r.status != http.StatusCreated {
		t.Fatalf("split = %d %s", r.status, r.body)
	}
	var v struct {
		Version struct {
			Added, Reshaped []string
			Moved           struct{ Households int }
		} `json:"version"`
	}
	mustJSON(t, r.body, &v)
	// The neighbours on the two landing edges gain the line's ends as
	// vertices, so they are reshaped too (with the same area).
	if !slices.Equal(v.Version.Added, []string{newCode}) || !slices.Contains(v.Version.Reshaped, cell) || len(v.Version.Reshaped) > 3 {
		t.Fatalf("split = %.400s; want %s added, %s and at most its two neighbours reshaped", r.body, newCode, cell)
	}
	mustJSON(t, get(t, s, "/api/cells").body, &fc)
	after := fc.polygons()
	if len(after) != 139 || geo.Area(after[cell]) < geo.Area(after[newCode]) {
		t.Errorf("after the split: %d cells, %s %.0f m², %s %.0f m²; want 139, the larger part keeping the code",
			len(after), cell, geo.Area(after[cell]), newCode, geo.Area(after[newCode]))
	}
	var nc struct {
		Name       string `json:"name"`
		Households int    `json:"households"`
	}
	var feature struct {
		Properties json.RawMessage `json:"properties"`
	}
	mustJSON(t, get(t, s, "/api/cells/"+newCode).body, &feature)
	mustJSON(t, feature.Properties, &nc)
	if nc.Households != v.Version.Moved.Households || nc.Name == "" {
		t.Errorf("new cell %s = %+v; want a name and the %d households that moved", newCode, nc, v.Version.Moved.Households)
	}

	merge := fmt.Sprintf(`{"base":2,"reason":"合并","effective_date":"2026-12-02","operations":[{"op":"merge","cells":[%q,%q]}]}`, cell, newCode)
	if r := admin.post(t, s, "/api/boundary/changesets", merge); r.status != http.StatusCreated {
		t.Fatalf("merge = %d %s", r.status, r.body)
	}
	mustJSON(t, get(t, s, "/api/cells").body, &fc)
	if n := len(fc.polygons()); n != 138 {
		t.Errorf("after the merge: %d cells; want 138", n)
	}
	if r := get(t, s, "/api/cells/"+newCode); r.status != http.StatusNotFound {
		t.Errorf("GET the merged-away cell = %d; want 404", r.status)
	}
	r = admin.post(t, s, "/api/boundary/changesets?dry_run=true", split(3))
	if want := fmt.Sprintf(`"code":"%s%03d"`, unit, maxSeq+2); r.status != http.StatusOK || !strings.Contains(string(r.body), want) {
		t.Errorf("a second split = %d %.300s; want the next code %s, never the retired %s", r.status, r.body, want, newCode)
	}
	// Refusals name the cells by code, in the user's language (zh-CN here).
	for _, tc := range []struct{ name, op, words string }{
		{"split of no cell", `{"op":"split","cell":"nope","line":[[0,0],[1,1]]}`, "nope"},
		{"split off the boundary", fmt.Sprintf(`{"op":"split","cell":%q,"line":[[0,0],[1,1]]}`, cell), "须起止于网格 " + cell + " 的边界上"},
		{"merge with itself", fmt.Sprintf(`{"op":"merge","cells":[%q,%q]}`, cell, cell), ""},
		{"merge of far cells", fmt.Sprintf(`{"op":"merge","cells":[%q,"500110119001001"]}`, cell), "网格 " + cell + " 与 500110119001001 没有共用边界"},
	} {
		r := admin.post(t, s, "/api/boundary/changesets?dry_run=true", `{"base":3,"reason":"r","effective_date":"2026-12-01","operations":[`+tc.op+`]}`)
		if _, field := r.errorOf(t); r.status != http.StatusBadRequest || field != "operations[0]" || !strings.Contains(string(r.body), tc.words) {
			t.Errorf("%s = %d %s; want 400 naming operations[0], saying %q", tc.name, r.status, r.body, tc.words)
		}
	}
}

// TestBoundaryOuterEdit: dragging a vertex of the town's outline is
// refused unless the change says outer_may_change, and then commits.
func TestBoundaryOuterEdit(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	admin := sc.actors["admin"]
	var topo struct {
		Arcs    [][][2]float64 `json:"arcs"`
		Objects struct {
			Cells struct {
				Geometries []struct {
					Arcs [][]int64 `json:"arcs"`
				} `json:"geometries"`
			} `json:"cells"`
		} `json:"objects"`
	}
	mustJSON(t, get(t, s, "/api/cells.topojson").body, &topo)
	uses := map[int64]int{}
	for _, g := range topo.Objects.Cells.Geometries {
		for _, ring := range g.Arcs {
			for _, a := range ring {
				if a < 0 {
					a = ^a
				}
				uses[a]++
			}
		}
	}
	var v, next orb.Point
	for a, line := range topo.Arcs {
		if uses[int64(a)] == 1 && len(line) >= 5 { // on the town's outline
			k := len(line) / 2
			v, next = orb.Point(line[k]), orb.Point(line[k+1])
			break
		}
	}
	to := orb.Point{v[0] + (next[0]-v[0])*0.4, v[1] + (next[1]-v[1])*0.4 + 1e-4}
	body := func(outer bool) string {
		return fmt.Sprintf(`{"base":1,"reason":"镇界勘误","effective_date":"2026-12-01","outer_may_change":%v,"operations":[{"op":"move_vertex","from":[%v,%v],"to":[%v,%v]}]}`,
			outer, v[0], v[1], to[0], to[1])
	}
	r := admin.post(t, s, "/api/boundary/changesets?dry_run=true", body(false))
	if r.status != http.StatusOK || !strings.Contains(string(r.body), `"valid":false`) {
		t.Errorf("an outline drag without outer_may_change = %d %.300s; want a dry run that is not valid", r.status, r.body)
	}
	if r := admin.post(t, s, "/api/boundary/changesets", body(true)); r.status != http.StatusCreated {
		t.Fatalf("an outline drag with outer_may_change = %d %.300s; want 201", r.status, r.body)
	}
	// The town's and the unit's outlines follow their cells.
	var town struct {
		Geometry struct {
			Coordinates [][][2]float64 `json:"coordinates"`
		} `json:"geometry"`
	}
	mustJSON(t, get(t, s, "/api/town").body, &town)
	var units polygonFC
	mustJSON(t, get(t, s, "/api/units").body, &units)
	inTown, inUnit := false, false
	for _, c := range town.Geometry.Coordinates[0] {
		inTown = inTown || orb.Point(c) == to
	}
	for _, p := range units.polygons() {
		inUnit = inUnit || hasVertex(p, to)
	}
	if !inTown || !inUnit {
		t.Errorf("after the outline drag: the town has the new vertex %v, a unit has it %v; want both", inTown, inUnit)
	}
}

// TestBoundaryReplaceEdge replaces a shared edge with a line through a
// nudged middle vertex, drawn either way round: both cells are reshaped.
func TestBoundaryReplaceEdge(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	admin := sc.actors["admin"]
	var topo struct {
		Arcs    [][][2]float64 `json:"arcs"`
		Objects struct {
			Cells struct {
				Geometries []struct {
					Arcs [][]int64 `json:"arcs"`
				} `json:"geometries"`
			} `json:"cells"`
		} `json:"objects"`
	}
	mustJSON(t, get(t, s, "/api/cells.topojson").body, &topo)
	uses := map[int64]int{}
	for _, g := range topo.Objects.Cells.Geometries {
		for _, ring := range g.Arcs {
			for _, a := range ring {
				if a < 0 {
					a = ^a
				}
				uses[a]++
			}
		}
	}
	var line [][2]float64
	for a, l := range topo.Arcs {
		if uses[int64(a)] == 2 && len(l) >= 5 {
			line = slices.Clone(l)
			break
		}
	}
	k := len(line) / 2
	line[k] = [2]float64{line[k][0] + (line[k+1][0]-line[k][0])*0.4, line[k][1] + (line[k+1][1]-line[k][1])*0.4}
	on := line[1]
	for _, reversed := range []bool{false, true} {
		l := slices.Clone(line)
		if reversed {
			slices.Reverse(l)
		}
		lj, _ := json.Marshal(l)
		body := fmt.Sprintf(`{"base":1,"reason":"r","effective_date":"2026-12-01","operations":[{"op":"replace_edge","on":[%v,%v],"line":%s}]}`, on[0], on[1], lj)
		r := admin.post(t, s, "/api/boundary/changesets?dry_run=true", body)
		var dry struct {
			Valid bool      `json:"valid"`
			Cells polygonFC `json:"cells"`
		}
		mustJSON(t, r.body, &dry)
		if r.status != http.StatusOK || !dry.Valid || len(dry.Cells.Features) != 2 {
			t.Errorf("replace_edge (reversed %v) = %d %.300s; want a valid change of the two cells", reversed, r.status, r.body)
		}
	}
}
