package main

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/maptile"

	"gridmap/data/postgis"
	"gridmap/data/storetest"
	"gridmap/data/storetest/stores"
)

// TestQueries runs both cases on a PostGIS schema holding the conformance
// fixture, once and under a second of load: the tile is a vector tile of
// the cells with the tile layer's properties, the page a FeatureCollection
// of the first cells in code order with the OGC page's properties. Skipped
// without PostGIS, unless GRIDMAP_REQUIRE_POSTGIS=1.
func TestQueries(t *testing.T) {
	ctx := context.Background()
	url := stores.URL(t, "postgis")
	st, err := postgis.Open(ctx, url)
	if err != nil {
		t.Fatalf("postgis.Open() = %v", err)
	}
	defer st.Close()
	d := storetest.Fixture()
	if err := st.Load(ctx, d); err != nil {
		t.Fatalf("Load(Fixture) = %v", err)
	}
	c, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)

	mid := maptile.At(d.Town.Geometry.Bound().Center(), 12)
	tq, err := parseCase([]string{"tile", fmt.Sprintf("%d/%d/%d", mid.Z, mid.X, mid.Y)})
	if err != nil {
		t.Fatalf("parseCase(tile) = %v", err)
	}
	b, err := tq.run(ctx, c)
	if err != nil {
		t.Fatalf("the tile query: %v", err)
	}
	layers, err := mvt.Unmarshal(b)
	if err != nil || len(layers) != 1 || layers[0].Name != "cells" || len(layers[0].Features) != len(d.Cells) {
		t.Fatalf("the tile: %v, %v; want one layer of %d cells", layers, err, len(d.Cells))
	}
	for _, f := range layers[0].Features {
		for _, k := range []string{"code", "name", "unit_code", "unit_name", "kind", "population", "households"} {
			if f.Properties[k] == nil {
				t.Errorf("a tile feature's properties %v lack %q", f.Properties, k)
			}
		}
	}

	oq, err := parseCase([]string{"ogc"})
	if err != nil {
		t.Fatalf("parseCase(ogc) = %v", err)
	}
	if b, err = oq.run(ctx, c); err != nil {
		t.Fatalf("the page query: %v", err)
	}
	var page struct {
		Type           string
		NumberMatched  int
		NumberReturned int
		Features       []struct {
			ID         string
			Properties map[string]any
		}
	}
	if err := json.Unmarshal(b, &page); err != nil {
		t.Fatalf("the page %s: %v", b, err)
	}
	var codes []string
	for _, c := range d.Cells {
		codes = append(codes, c.Code)
	}
	slices.Sort(codes)
	codes = codes[:min(ogcLimit, len(codes))]
	if page.Type != "FeatureCollection" || page.NumberMatched != len(d.Cells) || page.NumberReturned != len(codes) || len(page.Features) != len(codes) {
		t.Fatalf("the page %s; want a FeatureCollection of %d of %d cells", b, len(codes), len(d.Cells))
	}
	for i, f := range page.Features {
		if f.ID != codes[i] || f.Properties["open_incidents"] == nil || f.Properties["unit_name"] == nil {
			t.Errorf("feature %d = %v; want cell %s with its unit's name and open incidents", i, f, codes[i])
		}
	}

	for _, q := range []query{tq, oq} {
		r, err := measure(ctx, url, q, "case", 2, time.Second)
		if err != nil {
			t.Fatalf("measure() = %v", err)
		}
		if r.OK == 0 || r.Failed != 0 {
			t.Errorf("measure() = %d answers, %d failed; want some, none failed", r.OK, r.Failed)
		}
	}
}

// TestParseCase refuses what is not a case.
func TestParseCase(t *testing.T) {
	for _, args := range [][]string{nil, {"tile"}, {"tile", "1/2"}, {"tile", "a/1/2"}, {"tile", "1/-1/0"}, {"ogc", "x"}, {"items"}} {
		if _, err := parseCase(args); err == nil {
			t.Errorf("parseCase(%q) = nil error", args)
		}
	}
}
