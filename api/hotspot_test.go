package api_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"gridmap/api"
	"gridmap/data"
	"gridmap/data/sample"
	"gridmap/data/sqlite"
)

// hotspots GETs a hotspot path and decodes its FeatureCollection.
func hotspots(t *testing.T, h http.Handler, path string) (map[string]any, []map[string]any) {
	t.Helper()
	r := get(t, h, path)
	if r.status != http.StatusOK {
		t.Fatalf("GET %s = %d %s", path, r.status, r.body)
	}
	fc := r.json(t)
	var props []map[string]any
	for _, f := range fc["features"].([]any) {
		props = append(props, f.(map[string]any)["properties"].(map[string]any))
	}
	return fc, props
}

// TestHotspotCountsAreTheIncidents checks every cell's count, open,
// overdue and resolved figures against the incidents the store lists for
// the same window and type, and that every cell has a count and a z.
func TestHotspotCountsAreTheIncidents(t *testing.T) {
	t.Parallel()
	st := newSQLiteStore(t)
	s := api.New(st, api.Config{}, quietLog())
	from, to := time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)
	list, _, err := st.Incidents(context.Background(), data.IncidentFilter{From: from, To: to, Types: []string{"征地拆迁"}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{}
	total := 0
	for _, in := range list {
		if in.Status != data.StatusDuplicate {
			want[in.CellCode]++
			total++
		}
	}
	fc, cells := hotspots(t, s, "/api/hotspots?type="+url.QueryEscape("征地拆迁")+"&from="+from.Format(time.RFC3339)+"&to="+to.Format(time.RFC3339))
	if len(cells) != 138 {
		t.Fatalf("%d features; want 138", len(cells))
	}
	if fc["total"] != float64(total) || total == 0 {
		t.Errorf("total = %v; want %d (non-zero)", fc["total"], total)
	}
	var codes []string
	for _, c := range cells {
		code := c["code"].(string)
		codes = append(codes, code)
		if c["count"] != float64(want[code]) {
			t.Errorf("cell %s count = %v; want %d", code, c["count"], want[code])
		}
		if _, ok := c["z"].(float64); !ok {
			t.Errorf("cell %s z = %v; want a number", code, c["z"])
		}
		if b := c["bin"].(float64); b < -3 || b > 3 {
			t.Errorf("cell %s bin = %v; want -3..3", code, b)
		}
		if c["insufficient"] != (want[code] < 3) {
			t.Errorf("cell %s insufficient = %v with %d incidents; want %v", code, c["insufficient"], want[code], want[code] < 3)
		}
		if len(c["neighbors"].([]any)) == 0 || c["island"] != false {
			t.Errorf("cell %s neighbours %v island %v; the sample has no islands", code, c["neighbors"], c["island"])
		}
	}
	if !slices.IsSorted(codes) {
		t.Errorf("features not in code order")
	}
}

// TestHotspotsFindThePlantedClusters asks the API the question each
// planted pattern answers: its window and type. Every hot plant's centre is
// a 95 % hot spot by Gi* (with and without FDR) and a high-high cluster by
// local Moran's I; the cold plant's centre is a 95 % cold spot of rates.
func TestHotspotsFindThePlantedClusters(t *testing.T) {
	t.Parallel()
	s := api.New(newSQLiteStore(t), api.Config{}, quietLog())
	plants, err := sample.Plants()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range plants {
		if p.Kind == sample.PlantCold {
			// Few people live there and few disputes happen: rates per
			// 1,000 residents over the whole span, all types.
			q := "/api/hotspots?geometry=false&measure=rate&from=" + url.QueryEscape(p.From.Format(time.RFC3339)) +
				"&to=" + url.QueryEscape(p.To.Format(time.RFC3339))
			for _, fdr := range []string{"", "&fdr=true"} {
				_, cells := hotspots(t, s, q+fdr)
				for _, c := range cells {
					if c["code"] == p.Centre && c["bin"].(float64) > -2 {
						t.Errorf("%s %s: centre %s bin %v (z %v); want <= -2", p.Name, fdr, p.Centre, c["bin"], c["z"])
					}
				}
			}
			continue
		}
		q := "/api/hotspots?geometry=false&type=" + url.QueryEscape(p.Type) + "&from=" + url.QueryEscape(p.From.Format(time.RFC3339)) +
			"&to=" + url.QueryEscape(p.To.Format(time.RFC3339))
		for _, tc := range []struct{ q, key string }{{"", "bin"}, {"&fdr=true", "bin"}, {"&method=moran", "cluster"}, {"&measure=rate", "bin"}} {
			_, cells := hotspots(t, s, q+tc.q)
			for _, c := range cells {
				if c["code"] != p.Centre {
					continue
				}
				switch v := c[tc.key].(type) {
				case float64:
					if v < 2 {
						t.Errorf("%s %s: centre %s bin %v (z %v); want >= 2", p.Name, tc.q, p.Centre, v, c["z"])
					}
				case string:
					if v != "HH" {
						t.Errorf("%s %s: centre %s cluster %q (p %v); want HH", p.Name, tc.q, p.Centre, v, c["p"])
					}
				}
			}
		}
	}
}

// TestHotspotsFollowNewReports reports an incident and sees its cell's
// count rise at once.
func TestHotspotsFollowNewReports(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	count := func() float64 {
		_, cells := hotspots(t, s, "/api/hotspots?geometry=false")
		for _, c := range cells {
			if c["code"] == sc.inCell {
				return c["count"].(float64)
			}
		}
		t.Fatalf("no cell %s", sc.inCell)
		return 0
	}
	before := count()
	if r := report(t, s, sc, sc.actors["grid_worker"], ""); r.status != http.StatusCreated {
		t.Fatalf("report = %d %s", r.status, r.body)
	}
	if after := count(); after != before+1 {
		t.Errorf("count of %s went from %v to %v; want +1", sc.inCell, before, after)
	}
}

// TestEmergingHotspots checks the shape of the monthly series: 24 whole
// months by default, counts that add up to the trend of the town, and one
// category per cell.
func TestEmergingHotspots(t *testing.T) {
	t.Parallel()
	s := api.New(newSQLiteStore(t), api.Config{}, quietLog())
	q := "from=2023-01-01&to=2025-12-31"
	fc, cells := hotspots(t, s, "/api/hotspots/emerging?geometry=false&"+q)
	months := fc["months"].([]any)
	if len(months) != 36 || months[0] != "2023-01" || months[35] != "2025-12" {
		t.Fatalf("months = %v; want 2023-01 .. 2025-12", months)
	}
	sum := make([]float64, len(months))
	cats := 0.0
	for _, c := range cells {
		for i, n := range c["counts"].([]any) {
			sum[i] += n.(float64)
		}
		if len(c["z"].([]any)) != 36 || len(c["bins"].([]any)) != 36 {
			t.Errorf("cell %v: %d z, %d bins; want 36", c["code"], len(c["z"].([]any)), len(c["bins"].([]any)))
		}
	}
	for _, n := range fc["categories"].(map[string]any) {
		cats += n.(float64)
	}
	if cats != 138 {
		t.Errorf("categories count %v cells; want 138", cats)
	}
	r := get(t, s, "/api/hotspots/trend?"+q)
	if r.status != http.StatusOK {
		t.Fatalf("trend = %d %s", r.status, r.body)
	}
	reported := r.json(t)["reported"].([]any)
	for i := range sum {
		if reported[i] != sum[i] {
			t.Errorf("month %v: town trend %v, sum of cells %v; want equal", months[i], reported[i], sum[i])
		}
	}
	_, def := hotspots(t, s, "/api/hotspots/emerging?geometry=false")
	if n := len(def[0]["counts"].([]any)); n != 24 {
		t.Errorf("default window has %d months; want 24", n)
	}
}

// TestHotspotTrendOfAUnit checks that a unit's monthly figures are the sum
// of its cells'.
func TestHotspotTrendOfAUnit(t *testing.T) {
	t.Parallel()
	s := api.New(newSQLiteStore(t), api.Config{}, quietLog())
	trend := func(q string) (rep, res []any) {
		r := get(t, s, "/api/hotspots/trend?from=2021-01-01&to=2026-11-01&"+q)
		if r.status != http.StatusOK {
			t.Fatalf("trend?%s = %d %s", q, r.status, r.body)
		}
		m := r.json(t)
		return m["reported"].([]any), m["resolved"].([]any)
	}
	unitRep, unitRes := trend("unit=500110119206")
	sumRep, sumRes := make([]float64, len(unitRep)), make([]float64, len(unitRes))
	nonZero := 0.0
	for _, c := range []string{"001", "002", "003", "004", "005", "006", "007", "008", "009", "010", "011", "012"} {
		r := get(t, s, "/api/hotspots/trend?from=2021-01-01&to=2026-11-01&cell=500110119206"+c)
		if r.status == http.StatusNotFound {
			continue
		}
		rep, res := trend("cell=500110119206" + c)
		for i := range rep {
			sumRep[i] += rep[i].(float64)
			sumRes[i] += res[i].(float64)
			nonZero += rep[i].(float64)
		}
	}
	if len(unitRep) != 70 || nonZero == 0 {
		t.Fatalf("%d months, %v incidents; want 70 months with incidents", len(unitRep), nonZero)
	}
	for i := range unitRep {
		if unitRep[i] != sumRep[i] || unitRes[i] != sumRes[i] {
			t.Errorf("month %d: unit %v/%v, cells %v/%v", i, unitRep[i], unitRes[i], sumRep[i], sumRes[i])
		}
	}
}

// TestHotspotErrors: every bad parameter is a 4xx naming it.
func TestHotspotErrors(t *testing.T) {
	t.Parallel()
	s := api.New(newSQLiteStore(t), api.Config{}, quietLog())
	for _, tc := range []struct {
		path, field string
		status      int
	}{
		{"/api/hotspots?from=2025-02-30", "from", 400},
		{"/api/hotspots?from=2025-01-01&to=2024-01-01", "to", 400},
		{"/api/hotspots?type=nope", "type", 400},
		{"/api/hotspots?measure=density", "measure", 400},
		{"/api/hotspots?method=lisa", "method", 400},
		{"/api/hotspots?weights=bishop", "weights", 400},
		{"/api/hotspots?fdr=maybe", "fdr", 400},
		{"/api/hotspots?min_count=-1", "min_count", 400},
		{"/api/hotspots?method=moran&permutations=5", "permutations", 400},
		{"/api/hotspots?geometry=no-thanks", "geometry", 400},
		{"/api/hotspots/emerging?from=2025-01-01&to=2025-06-01", "from", 400},
		{"/api/hotspots/emerging?from=1900-01-01&to=2025-06-01", "from", 400},
		{"/api/hotspots/emerging?type=nope", "type", 400},
		{"/api/hotspots/trend?cell=nope", "cell", 404},
		{"/api/hotspots/trend?unit=nope", "unit", 404},
		{"/api/hotspots/trend?cell=500110119206005&unit=500110119206", "unit", 400},
		{"/api/hotspots/trend?to=nope", "to", 400},
	} {
		r := get(t, s, tc.path)
		if _, field := r.errorOf(t); r.status != tc.status || field != tc.field {
			t.Errorf("GET %s = %d naming %q; want %d naming %q", tc.path, r.status, field, tc.status, tc.field)
		}
	}
}

// TestEmergingFindsThePlantedTrends: the old-street neighbour disputes,
// planted over the whole span, are a hot spot in at least 90 % of the last
// 24 months, the last included (persistent or intensifying); the quarry's
// environmental complaints, planted from June 2022, are a run of hot months
// that started with the plant and never before it (consecutive).
func TestEmergingFindsThePlantedTrends(t *testing.T) {
	t.Parallel()
	s := api.New(newSQLiteStore(t), api.Config{}, quietLog())
	plants, err := sample.Plants()
	if err != nil {
		t.Fatal(err)
	}
	byType := map[string]sample.Planted{}
	for _, p := range plants {
		byType[p.Type] = p
	}
	for _, tc := range []struct {
		typ, q string
		want   []string
	}{
		{"邻里纠纷", "from=2024-11-01&to=2026-11-01", []string{"persistent_hot", "intensifying_hot"}},
		{"环境", "from=2021-01-01&to=2026-11-01", []string{"consecutive_hot"}},
	} {
		p := byType[tc.typ]
		_, cells := hotspots(t, s, "/api/hotspots/emerging?geometry=false&type="+url.QueryEscape(tc.typ)+"&"+tc.q)
		for _, c := range cells {
			if c["code"] == p.Centre && !slices.Contains(tc.want, c["category"].(string)) {
				t.Errorf("%s: centre %s is %v (trend %v, %v hot months); want one of %v", p.Name, p.Centre, c["category"], c["trend"], c["hot_months"], tc.want)
			}
		}
	}
}

// TestHotspotReviewCases: a town without populations answers rates with a
// 400 (not 138 false outliers), a window is whole months counted from the
// month of to, and years JSON cannot write are refused.
func TestHotspotReviewCases(t *testing.T) {
	t.Parallel()
	st := newSQLiteStore(t)
	s := api.New(st, api.Config{}, quietLog())
	r := get(t, s, "/api/hotspots/trend?to=2025-01-15")
	if m := r.json(t)["months"].([]any); len(m) != 24 || m[0] != "2023-02" || m[23] != "2025-01" {
		t.Errorf("trend?to=2025-01-15 months = %v; want the 24 months 2023-02 .. 2025-01", m)
	}
	for _, q := range []string{"/api/hotspots/trend?from=9999-01-01&to=9999-12-31", "/api/hotspots?to=10000-01-01T00:00:00Z"} {
		if r := get(t, s, q); r.status != http.StatusBadRequest {
			t.Errorf("GET %s = %d %s; want 400", q, r.status, r.body)
		}
	}
	src, err := sampleDB()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "nobody.db")
	if err := copyFile(src, path); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE cells SET population = 0`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	empty, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer empty.Close()
	s = api.New(empty, api.Config{}, quietLog())
	for _, q := range []string{"/api/hotspots?measure=rate&method=moran", "/api/hotspots?measure=rate"} {
		r := get(t, s, q)
		if _, field := r.errorOf(t); r.status != http.StatusBadRequest || field != "measure" {
			t.Errorf("GET %s without populations = %d %.200s; want 400 naming measure", q, r.status, r.body)
		}
	}
	if r := get(t, s, "/api/hotspots?method=moran"); r.status != http.StatusOK {
		t.Errorf("counts without populations = %d; want 200", r.status)
	}
}
