package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gridmap/data"
	"gridmap/data/sample"
	"gridmap/data/sqlite"
)

// writeSampleGeoJSON writes the sample town's cells as a district would
// hand them over: a GeoJSON file with Chinese attribute names.
func writeSampleGeoJSON(t *testing.T, edit func(props map[string]any, i int)) string {
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
