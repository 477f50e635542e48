package importer_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"gridmap/data"
	"gridmap/data/sample"
	"gridmap/data/storetest/stores"
	"gridmap/geo"
	"gridmap/importer"
)

// sampleFeatures returns the sample town's cells as the features of a
// boundary file, with the attributes a district's file has.
func sampleFeatures(t *testing.T) (*data.Dataset, []importer.Feature) {
	t.Helper()
	ds, err := sample.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	units := map[string]string{}
	for _, u := range ds.Units {
		units[u.Code] = u.Name
	}
	fs := make([]importer.Feature, len(ds.Cells))
	for i, c := range ds.Cells {
		fs[i] = importer.Feature{Index: i + 1, Geometry: c.Geometry,
			Attrs: map[string]string{"网格编码": c.Code, "网格名称": c.Name, "所属村社区": units[c.UnitCode]}}
	}
	return ds, fs
}

func eachStore(t *testing.T, fn func(t *testing.T, st data.Store)) {
	for _, kind := range stores.Kinds {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			fn(t, stores.Open(t, kind))
		})
	}
}

func TestImportBoundariesCreatesTheTown(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, st data.Store) {
		ctx := context.Background()
		ds, fs := sampleFeatures(t)
		opt := importer.BoundaryOptions{TownCode: "500110119", TownName: "安稳镇"}
		p, err := importer.PlanBoundaries(ctx, st, fs, opt)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Problems) > 0 {
			t.Fatalf("problems: %v", p.Problems)
		}
		if p.Dataset == nil || len(p.Dataset.Units) != len(ds.Units) || len(p.Dataset.Cells) != len(ds.Cells) {
			t.Fatalf("plan: %+v", p.Dataset)
		}
		if _, err := st.Town(ctx); data.ErrorCode(err) != data.ENOTFOUND {
			t.Fatalf("planning wrote something: Town = %v", err)
		}
		v, err := p.Commit(ctx, st)
		if err != nil {
			t.Fatal(err)
		}
		if v.Number != 1 || len(v.Added) != len(ds.Cells) {
			t.Errorf("version %+v", v)
		}
		town, err := st.Town(ctx)
		if err != nil || town.Code != "500110119000" || town.Name != "安稳镇" {
			t.Fatalf("town %+v, %v", town, err)
		}
		units, err := st.Units(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for i, u := range units {
			want := ds.Units[i]
			if u.Code != want.Code || u.Name != want.Name || u.Kind != want.Kind || u.Cells == 0 {
				t.Errorf("unit %d: got %s %s %s (%d cells), want %s %s %s", i, u.Code, u.Name, u.Kind, u.Cells, want.Code, want.Name, want.Kind)
			}
		}
		cells, err := st.Cells(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range cells {
			want := ds.Cells[i]
			if c.Code != want.Code || c.Name != want.Name || c.Kind != want.Kind || !geo.SamePolygon(c.Geometry, want.Geometry) {
				t.Errorf("cell %d: got %s %s %s, want %s %s %s", i, c.Code, c.Name, c.Kind, want.Code, want.Name, want.Kind)
			}
		}

		// The same file again changes nothing.
		p, err = importer.PlanBoundaries(ctx, st, fs, importer.BoundaryOptions{})
		if err != nil || len(p.Problems) > 0 || p.Change != nil || p.Dataset != nil {
			t.Fatalf("reimport: %+v, %v", p, err)
		}
	})
}

// loaded is a store holding the whole sample town, residents and
// incidents included.
func loaded(t *testing.T, st data.Store) []importer.Feature {
	t.Helper()
	ds, fs := sampleFeatures(t)
	if err := st.Load(context.Background(), ds); err != nil {
		t.Fatal(err)
	}
	return fs
}

func TestImportBoundariesChangesTheTown(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, st data.Store) {
		ctx := context.Background()
		fs := loaded(t, st)
		// Merge two neighbours of one unit: the first takes the second's
		// ground, the second goes.
		a, b := neighbours(t, fs)
		merged, err := geo.UnionArea([]orb.Polygon{fs[a].Geometry.(orb.Polygon), fs[b].Geometry.(orb.Polygon)})
		if err != nil {
			t.Fatal(err)
		}
		gone := fs[b].Attrs["网格编码"]
		fs[a].Geometry = merged
		fs = slices.Delete(fs, b, b+1)
		opt := importer.BoundaryOptions{Reason: "合并网格", EffectiveDate: "2026-12-01", AuthorName: "测试"}
		p, err := importer.PlanBoundaries(ctx, st, fs, opt)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Problems) > 0 {
			t.Fatalf("problems: %v", p.Problems)
		}
		if p.Change == nil || len(p.Change.Cells) != 1 || !slices.Equal(p.Change.Removed, []string{gone}) {
			t.Fatalf("change %+v", p.Change)
		}
		if len(p.Impact.Households) == 0 {
			t.Fatalf("the merge moves no household: %+v", p.Impact)
		}
		for _, m := range p.Impact.Households {
			if m.From != gone || m.To != fs[a].Attrs["网格编码"] {
				t.Errorf("move %+v", m)
			}
		}
		v, err := p.Commit(ctx, st)
		if err != nil {
			t.Fatal(err)
		}
		if v.Number != 2 || v.Reason != "合并网格" || v.Moved.Households != len(p.Impact.Households) {
			t.Errorf("version %+v", v)
		}
		if _, err := st.Cell(ctx, gone); data.ErrorCode(err) != data.ENOTFOUND {
			t.Errorf("the removed cell is still there: %v", err)
		}
	})
}

// neighbours returns the positions of two cells of the same unit that
// share an edge.
func neighbours(t *testing.T, fs []importer.Feature) (int, int) {
	t.Helper()
	for i := range fs {
		for j := i + 1; j < len(fs); j++ {
			if fs[i].Attrs["所属村社区"] != fs[j].Attrs["所属村社区"] {
				continue
			}
			if _, err := geo.UnionArea([]orb.Polygon{fs[i].Geometry.(orb.Polygon), fs[j].Geometry.(orb.Polygon)}); err == nil {
				return i, j
			}
		}
	}
	t.Fatal("no two neighbouring cells in one unit")
	return 0, 0
}

func TestImportBoundariesRefusals(t *testing.T) {
	t.Parallel()
	square := func(x, y float64) orb.Polygon {
		d := 0.01
		return orb.Polygon{{{x, y}, {x + d, y}, {x + d, y + d}, {x, y + d}, {x, y}}}
	}
	feature := func(i int, code, name string, g orb.Geometry) importer.Feature {
		return importer.Feature{Index: i, Attrs: map[string]string{"code": code, "name": name}, Geometry: g}
	}
	good := func() []importer.Feature {
		return []importer.Feature{
			feature(1, "500110119200001", "一社", square(106.60, 29.00)),
			feature(2, "500110119200002", "二社", square(106.61, 29.00)),
		}
	}
	hole := square(106.62, 29.00)
	hole = append(hole, orb.Ring{{106.623, 29.003}, {106.623, 29.006}, {106.626, 29.006}, {106.626, 29.003}, {106.623, 29.003}})
	bowtie := orb.Polygon{{{106.6, 29}, {106.61, 29.01}, {106.61, 29}, {106.6, 29.01}, {106.6, 29}}}
	opt := importer.BoundaryOptions{TownCode: "500110119", TownName: "安稳镇"}
	for _, tc := range []struct {
		name    string
		edit    func(fs []importer.Feature) []importer.Feature
		feature int
		kind    string
		field   string
	}{
		{"code not 15 digits", func(fs []importer.Feature) []importer.Feature {
			fs[1].Attrs["code"] = "50011011920002"
			return fs
		}, 2, "code", "code"},
		{"code of another town", func(fs []importer.Feature) []importer.Feature {
			fs[1].Attrs["code"] = "500110120200002"
			return fs
		}, 2, "code", "code"},
		{"code repeated", func(fs []importer.Feature) []importer.Feature {
			fs[1].Attrs["code"] = fs[0].Attrs["code"]
			return fs
		}, 2, "code", "code"},
		{"no name", func(fs []importer.Feature) []importer.Feature {
			fs[1].Attrs["name"] = " "
			return fs
		}, 2, "attribute", "name"},
		{"two parts", func(fs []importer.Feature) []importer.Feature {
			fs[1].Geometry = orb.MultiPolygon{square(106.61, 29.00), square(106.63, 29.00)}
			return fs
		}, 2, geo.ProblemInvalid, "geometry"},
		{"a hole", func(fs []importer.Feature) []importer.Feature {
			fs[1].Geometry = hole
			return fs
		}, 2, geo.ProblemInvalid, "geometry"},
		{"a ring crossing itself", func(fs []importer.Feature) []importer.Feature {
			fs[1].Geometry = bowtie
			return fs
		}, 2, geo.ProblemInvalid, "geometry"},
		{"a point", func(fs []importer.Feature) []importer.Feature {
			fs[1].Geometry = orb.Point{106.6, 29}
			return fs
		}, 2, geo.ProblemInvalid, "geometry"},
		{"overlap", func(fs []importer.Feature) []importer.Feature {
			fs[1].Geometry = square(106.605, 29.00)
			return fs
		}, 1, geo.ProblemOverlap, "geometry"},
		{"unit code disagrees", func(fs []importer.Feature) []importer.Feature {
			fs[1].Attrs["unit_code"] = "500110119201"
			fs[0].Attrs["unit_code"] = "500110119200"
			return fs
		}, 2, "unit", "unit_code"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			st := stores.Open(t, "sqlite")
			p, err := importer.PlanBoundaries(context.Background(), st, tc.edit(good()), opt)
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Problems) == 0 {
				t.Fatal("no problem reported")
			}
			pr := p.Problems[0]
			if pr.Feature != tc.feature || pr.Kind != tc.kind || pr.Err.Field != tc.field || pr.Err.Code != data.EINVALID {
				t.Errorf("problem %s: feature %d kind %s field %s, want %d %s %s", pr, pr.Feature, pr.Kind, pr.Err.Field, tc.feature, tc.kind, tc.field)
			}
			if _, err := p.Commit(context.Background(), st); data.ErrorCode(err) != data.EINVALID {
				t.Errorf("Commit = %v, want EINVALID", err)
			}
			if _, err := st.Town(context.Background()); data.ErrorCode(err) != data.ENOTFOUND {
				t.Errorf("a refused import wrote the town: %v", err)
			}
		})
	}
	// Without a town code for an empty store, or with a field that the
	// features lack, nothing can be planned.
	st := stores.Open(t, "sqlite")
	for _, tc := range []struct {
		opt   importer.BoundaryOptions
		field string
	}{
		{importer.BoundaryOptions{TownName: "安稳镇"}, "town_code"},
		{importer.BoundaryOptions{TownCode: "5001101190", TownName: "安稳镇"}, "town_code"},
		{importer.BoundaryOptions{TownCode: "500110119"}, "town_name"},
		{importer.BoundaryOptions{TownCode: "500110119", TownName: "安稳镇", CodeField: "WGBM"}, "code_field"},
	} {
		_, err := importer.PlanBoundaries(context.Background(), st, good(), tc.opt)
		var de *data.Error
		if !errorAs(err, &de) || de.Field != tc.field {
			t.Errorf("%+v: %v, want an error naming %s", tc.opt, err, tc.field)
		} else if strings.TrimSpace(de.Error()) == "" {
			t.Error("no message")
		}
	}
}

func errorAs(err error, de **data.Error) bool {
	e, ok := err.(*data.Error)
	*de = e
	return ok
}

func TestImportBoundariesIntoATownRefusals(t *testing.T) {
	t.Parallel()
	st := stores.Open(t, "sqlite")
	fs := loaded(t, st)
	ctx := context.Background()

	// A cell of a unit the town does not have.
	extra := slices.Clone(fs)
	extra[0] = importer.Feature{Index: 1, Geometry: fs[0].Geometry, Attrs: map[string]string{
		"网格编码": "500110119299001", "网格名称": fs[0].Attrs["网格名称"]}}
	p, err := importer.PlanBoundaries(ctx, st, extra, importer.BoundaryOptions{Reason: "r", EffectiveDate: "2026-12-01"})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Problems) != 1 || p.Problems[0].Kind != "unit" || p.Problems[0].Feature != 1 {
		t.Fatalf("problems %v", p.Problems)
	}

	// A file without a cell at the town's edge leaves its households in no
	// cell: the store refuses, as it does for the boundary editor.
	ds, _ := sampleFeatures(t)
	edge := edgeCell(t, ds)
	fewer := slices.DeleteFunc(slices.Clone(fs), func(f importer.Feature) bool { return f.Attrs["网格编码"] == edge })
	p, err = importer.PlanBoundaries(ctx, st, fewer, importer.BoundaryOptions{Reason: "r", EffectiveDate: "2026-12-01"})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Problems) != 1 || p.Problems[0].Kind != "impact" {
		t.Fatalf("problems %v", p.Problems)
	}
	if v, _ := st.BoundaryVersions(ctx); len(v) != 1 {
		t.Errorf("%d versions after refused imports", len(v))
	}
}

// edgeCell returns a cell with households that touches the town's
// outline, so that the rest still make one town without it.
func edgeCell(t *testing.T, ds *data.Dataset) string {
	t.Helper()
	homes := map[string]int{}
	for _, h := range ds.Households {
		homes[h.CellCode]++
	}
	for i, c := range ds.Cells {
		if homes[c.Code] == 0 {
			continue
		}
		rest := make([]orb.Polygon, 0, len(ds.Cells)-1)
		for j, o := range ds.Cells {
			if j != i {
				rest = append(rest, o.Geometry)
			}
		}
		if g, err := geo.UnionArea(rest); err == nil && len(g) == 1 {
			return c.Code
		}
	}
	t.Fatal("no edge cell")
	return ""
}
