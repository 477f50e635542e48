package api_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"gridmap/api"
	"gridmap/data"
)

// renamedCells is a store whose cells have other names, for searches that
// the sample's names cannot show (every one of them holds its unit's name).
type renamedCells struct {
	data.Store
	names map[string]string // by code
}

func (s renamedCells) Cells(ctx context.Context) ([]data.Cell, error) {
	cells, err := s.Store.Cells(ctx)
	for i := range cells {
		if n, ok := s.names[cells[i].Code]; ok {
			cells[i].Name = n
		}
	}
	return cells, err
}

// cellHits are the features of an answer of /api/cells?q=.
type cellHits struct {
	Type     string `json:"type"`
	Features []struct {
		Type       string         `json:"type"`
		ID         string         `json:"id"`
		Geometry   any            `json:"geometry"`
		Properties map[string]any `json:"properties"`
	} `json:"features"`
}

func searchCells(t *testing.T, s http.Handler, query string) (cellHits, []string) {
	t.Helper()
	r := get(t, s, "/api/cells?"+query)
	if r.status != http.StatusOK {
		t.Fatalf("GET /api/cells?%s = %d %s; want 200", query, r.status, r.body)
	}
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/geo+json") {
		t.Errorf("GET /api/cells?%s: Content-Type %q; want GeoJSON", query, ct)
	}
	var hits cellHits
	mustJSON(t, r.body, &hits)
	if hits.Type != "FeatureCollection" {
		t.Errorf("GET /api/cells?%s: type %q; want FeatureCollection", query, hits.Type)
	}
	codes := make([]string, len(hits.Features))
	for i, f := range hits.Features {
		codes[i] = f.ID
	}
	return hits, codes
}

func TestSearchCells(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	plain := get(t, s, "/api/cells")
	if plain.status != http.StatusOK || plain.header.Get("ETag") == "" {
		t.Fatalf("GET /api/cells = %d, ETag %q", plain.status, plain.header.Get("ETag"))
	}
	var doc cellHits
	mustJSON(t, plain.body, &doc)
	props := map[string]map[string]any{}
	for _, f := range doc.Features {
		props[f.ID] = f.Properties
	}
	q := url.QueryEscape

	t.Run("a name: the cell, its properties as in /api/cells, no geometry", func(t *testing.T) {
		hits, codes := searchCells(t, s, "q="+q(" 龙门村五社网格 "))
		if len(codes) != 1 || codes[0] != "500110119206005" {
			t.Fatalf("found %v; want [500110119206005]", codes)
		}
		f := hits.Features[0]
		if f.Type != "Feature" || f.Geometry != nil {
			t.Errorf("feature type %q, geometry %v; want a Feature, geometry null", f.Type, f.Geometry)
		}
		if !reflect.DeepEqual(f.Properties, props[f.ID]) {
			t.Errorf("properties %v; want those of /api/cells, %v", f.Properties, props[f.ID])
		}
		if _, ok := f.Properties["label"]; !ok {
			t.Errorf("properties %v have no label", f.Properties)
		}
	})
	t.Run("part of a name: best first, then by code", func(t *testing.T) {
		_, codes := searchCells(t, s, "q="+q("龙门村"))
		if len(codes) < 2 {
			t.Fatalf("found %v; want every cell of 龙门村", codes)
		}
		for i, c := range codes {
			if !strings.HasPrefix(props[c]["name"].(string), "龙门村") || i > 0 && codes[i-1] >= c {
				t.Errorf("found %v; want the cells named 龙门村… in the order of their codes", codes)
				break
			}
		}
	})
	t.Run("code digits: the whole code, then its tail", func(t *testing.T) {
		if _, codes := searchCells(t, s, "q=500110119206005"); len(codes) != 1 || codes[0] != "500110119206005" {
			t.Errorf("the whole code found %v; want [500110119206005]", codes)
		}
		_, codes := searchCells(t, s, "q=06005")
		if len(codes) == 0 || codes[0] != "500110119206005" {
			t.Errorf("06005 found %v; want 500110119206005 first, the code that ends so", codes)
		}
	})
	t.Run("limit: 10 unless asked, at most 50", func(t *testing.T) {
		for query, want := range map[string]int{"q=" + q("网格"): 10, "q=" + q("网格") + "&limit=3": 3, "q=" + q("网格") + "&limit=50": 50, "q=5001&limit=1": 1} {
			if _, codes := searchCells(t, s, query); len(codes) != want {
				t.Errorf("GET /api/cells?%s: %d cells; want %d", query, len(codes), want)
			}
		}
		if _, codes := searchCells(t, s, "q="+q("黄桷垭")); len(codes) != 0 {
			t.Errorf("a name of no cell found %v", codes)
		}
	})
	t.Run("invalid q or limit: 400 naming the field", func(t *testing.T) {
		for query, field := range map[string]string{
			"q=":                                   "q",
			"q=" + q("  \u3000 "):                  "q",
			"q=" + q(strings.Repeat("网", 65)):      "q",
			"q=" + q("网格") + "&limit=0":            "limit",
			"q=" + q("网格") + "&limit=51":           "limit",
			"q=" + q("网格") + "&limit=ten":          "limit",
			"limit=5&q=" + strings.Repeat("1", 65): "q",
		} {
			r := get(t, s, "/api/cells?"+query)
			if r.status != http.StatusBadRequest {
				t.Errorf("GET /api/cells?%s = %d; want 400", query, r.status)
				continue
			}
			if code, f := r.errorOf(t); code != "invalid" || f != field {
				t.Errorf("GET /api/cells?%s: error %q on %q; want invalid on %q", query, code, f, field)
			}
		}
		if _, codes := searchCells(t, s, "q="+q(strings.Repeat("网", 64))); len(codes) != 0 {
			t.Errorf("64 characters found %v", codes)
		}
	})
	t.Run("without q: the whole document, unchanged", func(t *testing.T) {
		for _, p := range []string{"/api/cells", "/api/cells?limit=5", "/api/cells?v=2"} {
			r := get(t, s, p)
			if r.status != http.StatusOK || r.header.Get("ETag") != plain.header.Get("ETag") || !bytes.Equal(r.body, plain.body) {
				t.Errorf("GET %s after searches = %d, ETag %s, %d bytes; want 200, ETag %s, the %d bytes before them",
					p, r.status, r.header.Get("ETag"), len(r.body), plain.header.Get("ETag"), len(plain.body))
			}
		}
		if r := get(t, s, "/api/cells", "If-None-Match: "+plain.header.Get("ETag")); r.status != http.StatusNotModified {
			t.Errorf("GET /api/cells If-None-Match its ETag = %d; want 304", r.status)
		}
		if r := get(t, s, "/api/cells?q="+q("网格")); r.header.Get("ETag") == plain.header.Get("ETag") {
			t.Errorf("a search has the ETag of the whole document")
		}
	})
}

// TestSearchCellsUnitName: a cell whose name does not hold its unit's is
// found by the unit's name after the cells whose names do, and names
// match whatever their case.
func TestSearchCellsUnitName(t *testing.T) {
	t.Parallel()
	const renamed = "500110119001001"
	s := api.New(renamedCells{Store: newSQLiteStore(t), names: map[string]string{renamed: "Kiosk Corner"}},
		api.Config{BaseURL: "http://gridmap.test"}, quietLog())
	hits, codes := searchCells(t, s, "q="+url.QueryEscape("安稳社区")+"&limit=50")
	if len(codes) < 2 || codes[len(codes)-1] != renamed {
		t.Fatalf("安稳社区 found %v; want %s last, by its unit's name", codes, renamed)
	}
	for _, f := range hits.Features[:len(codes)-1] {
		if !strings.HasPrefix(f.Properties["name"].(string), "安稳社区") {
			t.Errorf("安稳社区 found %s (%v) before the cell found by its unit's name", f.ID, f.Properties["name"])
		}
	}
	if _, codes := searchCells(t, s, "q=KIOSK"); len(codes) != 1 || codes[0] != renamed {
		t.Errorf("KIOSK found %v; want [%s]", codes, renamed)
	}
}
