package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"gridmap/crs"
	"gridmap/data"
	"gridmap/data/sample"
	"gridmap/data/sqlite"
	"gridmap/importer/importtest"
)

// writeSampleGeoJSON writes the sample town's cells as a district would
// hand them over: a GeoJSON file with Chinese attribute names.
func writeSampleGeoJSON(t *testing.T, edit func(props map[string]any, i int)) string {
	t.Helper()
	return writeGeoJSON(t, edit, nil)
}

// writeSampleGeoJSONWith writes the sample town's cells after reshape has
// changed each.
func writeSampleGeoJSONWith(t *testing.T, reshape func(c *data.Cell)) string {
	t.Helper()
	return writeGeoJSON(t, nil, reshape)
}

func writeGeoJSON(t *testing.T, edit func(props map[string]any, i int), reshape func(c *data.Cell)) string {
	t.Helper()
	ds, err := sample.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	units := map[string]string{}
	for _, u := range ds.Units {
		units[u.Code] = u.Name
	}
	type feature struct {
		Type       string         `json:"type"`
		Properties map[string]any `json:"properties"`
		Geometry   map[string]any `json:"geometry"`
	}
	fc := struct {
		Type     string    `json:"type"`
		Features []feature `json:"features"`
	}{Type: "FeatureCollection"}
	for i, c := range ds.Cells {
		props := map[string]any{"网格编码": c.Code, "网格名称": c.Name, "所属村社区": units[c.UnitCode]}
		if edit != nil {
			edit(props, i)
		}
		if reshape != nil {
			reshape(&c)
		}
		fc.Features = append(fc.Features, feature{Type: "Feature", Properties: props,
			Geometry: map[string]any{"type": "Polygon", "coordinates": c.Geometry}})
	}
	b, err := json.Marshal(fc)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "网格.geojson")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestImportBoundariesCommand(t *testing.T) {
	t.Parallel()
	file := writeSampleGeoJSON(t, nil)
	db := filepath.Join(t.TempDir(), "town.db")

	// Without the town's code nothing can be planned.
	if _, err := gridmap(t, "", "import", "boundaries", file, "-db", db); err == nil || !strings.Contains(err.Error(), "区划代码") {
		t.Fatalf("import without -town-code: %v", err)
	}
	// A dry run reports and writes nothing.
	out, err := gridmap(t, "", "import", "boundaries", "-db", db, "-dry-run", file, "-town-code", "500110119", "-town-name", "安稳镇")
	if err != nil {
		t.Fatalf("dry run: %v\n%s", err, out)
	}
	for _, want := range []string{"138 个要素", "新建乡镇 500110119000 安稳镇：15 个村（社区），138 个网格", "试运行"} {
		if !strings.Contains(out, want) {
			t.Errorf("dry run output lacks %q:\n%s", want, out)
		}
	}
	ctx := context.Background()
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Town(ctx); data.ErrorCode(err) != data.ENOTFOUND {
		t.Errorf("the dry run wrote the town: %v", err)
	}
	st.Close()

	out, err = gridmap(t, "", "import", "boundaries", file, "-db", db, "-town-code", "500110119", "-town-name", "安稳镇", "-lang", "en")
	if err != nil || !strings.Contains(out, "written: boundary version 1") {
		t.Fatalf("import: %v\n%s", err, out)
	}
	st, err = sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cells, err := st.Cells(ctx)
	if err != nil || len(cells) != 138 {
		t.Fatalf("%d cells, %v", len(cells), err)
	}
	// Serving it does not seed the sample over it.
	if err := seed(ctx, st, false, quietLogger()); err != nil {
		t.Fatal(err)
	}
	if rs, n, err := st.Residents(ctx, data.ResidentFilter{CellCode: cells[0].Code}); err != nil || n != 0 || len(rs) != 0 {
		t.Errorf("the imported town has residents: %d, %v", n, err)
	}
	// The same file again: nothing to write.
	out, err = gridmap(t, "", "import", "boundaries", file, "-db", db)
	if err != nil || !strings.Contains(out, "无变化") {
		t.Errorf("reimport: %v\n%s", err, out)
	}
}

func TestImportBoundariesCommandProblems(t *testing.T) {
	t.Parallel()
	file := writeSampleGeoJSON(t, func(props map[string]any, i int) {
		if i == 3 {
			props["网格编码"] = "5001101192"
		}
	})
	db := filepath.Join(t.TempDir(), "town.db")
	out, err := gridmap(t, "", "import", "boundaries", file, "-db", db, "-town-code", "500110119", "-town-name", "安稳镇")
	if !errors.Is(err, errProblems) {
		t.Fatalf("err = %v, want errProblems", err)
	}
	if !strings.Contains(out, "要素 4") || !strings.Contains(out, "网格编码 \"5001101192\" 不是 15 位数字。") {
		t.Errorf("the report does not name feature 4 and its code:\n%s", out)
	}
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Town(context.Background()); data.ErrorCode(err) != data.ENOTFOUND {
		t.Errorf("a refused import wrote the town: %v", err)
	}
}

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// TestImportGBKShapefileInGaussKruger imports the town as it most often
// arrives: a Shapefile with GBK attributes in a CGCS2000 3-degree
// Gauss-Krüger zone, its polygons digitised one by one so that
// neighbours' shared vertices lie up to 0.2 m apart.
func TestImportGBKShapefileInGaussKruger(t *testing.T) {
	t.Parallel()
	jitter := rand.New(rand.NewPCG(1, 2))
	src := writeSampleGeoJSONWith(t, func(c *data.Cell) {
		ring := c.Geometry[0]
		for i := range ring[:len(ring)-1] {
			// About 0.2 m at 29°N: 1.8e-6° of latitude, 2.0e-6° of longitude.
			ring[i][0] += (jitter.Float64()*2 - 1) * 2.0e-6
			ring[i][1] += (jitter.Float64()*2 - 1) * 1.8e-6
		}
		ring[len(ring)-1] = ring[0]
	})
	dir := t.TempDir()
	shp := filepath.Join(dir, "安稳镇网格.shp")
	importtest.Ogr2ogr(t, "-f", "ESRI Shapefile", "-lco", "ENCODING=GBK", "-t_srs", "EPSG:4524", shp, src)
	if _, err := os.Stat(strings.TrimSuffix(shp, ".shp") + ".cpg"); err != nil {
		t.Fatalf("ogr2ogr wrote no .cpg: %v", err)
	}
	db := filepath.Join(t.TempDir(), "town.db")
	town := []string{"-db", db, "-town-code", "500110119", "-town-name", "安稳镇"}

	// Without snapping the unshared vertices are problems.
	out, err := gridmap(t, "", append([]string{"import", "boundaries", shp, "-snap", "0", "-dry-run"}, town...)...)
	if !errors.Is(err, errProblems) || !strings.Contains(out, "EPSG:4524") || !strings.Contains(out, "GBK") {
		t.Fatalf("unsnapped: %v\n%s", err, out)
	}
	// Snapped at the default 0.5 m, the town goes in.
	out, err = gridmap(t, "", append([]string{"import", "boundaries", shp}, town...)...)
	if err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	if !strings.Contains(out, "新建乡镇 500110119000 安稳镇：15 个村（社区），138 个网格") || !strings.Contains(out, "按 0.5 米吸附") {
		t.Errorf("output:\n%s", out)
	}
	ds, err := sample.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cells, err := st.Cells(context.Background())
	if err != nil || len(cells) != len(ds.Cells) {
		t.Fatalf("%d cells, %v", len(cells), err)
	}
	units, err := st.Units(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for i, u := range units {
		if u.Name != ds.Units[i].Name { // GBK names read back as written
			t.Errorf("unit %s is named %q, want %q", u.Code, u.Name, ds.Units[i].Name)
		}
	}
	for i, c := range cells {
		want := ds.Cells[i]
		if c.Code != want.Code || c.Name != want.Name {
			t.Errorf("cell %d: %s %s, want %s %s", i, c.Code, c.Name, want.Code, want.Name)
		}
		if d := math.Abs(c.AreaM2-want.AreaM2) / want.AreaM2; d > 0.001 {
			t.Errorf("cell %s: area %.0f m², want %.0f m² (%.2f%% off)", c.Code, c.AreaM2, want.AreaM2, 100*d)
		}
	}
}

// TestImportGCJ02 imports cells drawn on a 高德 map: their coordinates are
// GCJ-02, which no file declares; -srs gcj02 puts them back where they are.
func TestImportGCJ02(t *testing.T) {
	t.Parallel()
	src := writeSampleGeoJSONWith(t, func(c *data.Cell) {
		g, err := crs.FromWGS84(crs.GCJ02(), c.Geometry)
		if err != nil {
			t.Fatal(err)
		}
		c.Geometry = g.(orb.Polygon)
	})
	db := filepath.Join(t.TempDir(), "town.db")
	out, err := gridmap(t, "", "import", "boundaries", src, "-srs", "gcj02", "-db", db, "-town-code", "500110119", "-town-name", "安稳镇")
	if err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	ds, err := sample.Dataset()
	if err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cells, err := st.Cells(context.Background())
	if err != nil || len(cells) != len(ds.Cells) {
		t.Fatalf("%d cells, %v", len(cells), err)
	}
	for i, c := range cells {
		a, b := c.Geometry[0], ds.Cells[i].Geometry[0]
		if len(a) != len(b) {
			t.Fatalf("cell %s: %d vertices, want %d", c.Code, len(a), len(b))
		}
		for j := range a {
			// 1e-6° is about 0.1 m; GCJ-02 offsets are a few hundred metres.
			if math.Abs(a[j][0]-b[j][0]) > 1e-6 || math.Abs(a[j][1]-b[j][1]) > 1e-6 {
				t.Fatalf("cell %s vertex %d: %v, want %v", c.Code, j, a[j], b[j])
			}
		}
	}
}
