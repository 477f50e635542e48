package main

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"gridmap/data"
	"gridmap/data/storetest/stores"
	"gridmap/geo"
	"gridmap/importer/importtest"
	"gridmap/roster/rostertest"
)

// scaled returns ring scaled by f about its first vertex's neighbourhood
// centre (the mean of its vertices).
func scaled(ring orb.Ring, f float64) orb.Ring {
	var c orb.Point
	n := float64(len(ring) - 1)
	for _, p := range ring[:len(ring)-1] {
		c[0] += p[0] / n
		c[1] += p[1] / n
	}
	out := make(orb.Ring, len(ring))
	for i, p := range ring {
		out[i] = orb.Point{c[0] + (p[0]-c[0])*f, c[1] + (p[1]-c[1])*f}
	}
	return out
}

// reversed returns r in the other direction, as holes go.
func reversed(r orb.Ring) orb.Ring {
	r = r.Clone()
	r.Reverse()
	return r
}

// square is a square of side d degrees at x, y.
func square(x, y, d float64) orb.Ring {
	return orb.Ring{{x, y}, {x + d, y}, {x + d, y + d}, {x, y + d}, {x, y}}
}

// boundaryRefusal is a file (or flags) that "gridmap import boundaries"
// must refuse, naming the file or feature and what is wrong.
type boundaryRefusal struct {
	name     string
	file     string   // the file to import
	args     []string // more flags
	intoTown bool     // into a store holding the sample town, else an empty one
	want     []string // in the output or the error
	not      []string // not in it: what follows from the fault, not another
}

// refusedFiles writes the boundary files of the refusals, each the
// sample town's cells as a GBK shapefile in Gauss-Krüger zone 36
// (EPSG:4524) with one thing wrong, or a file damaged another way.
func refusedFiles(t *testing.T) []boundaryRefusal {
	t.Helper()
	ds := importtest.Sample(t)
	dir := t.TempDir()
	n := 0
	// shp writes the cells, edited, as a zipped GBK shapefile in EPSG:4524.
	shp := func(edit func(cs []importtest.Cell) []importtest.Cell) string {
		n++
		cs := edit(importtest.Cells(ds))
		p := importtest.Shapefile(t, filepath.Join(dir, "f"+string(rune('a'+n))), "网格", cs, "GBK", "EPSG:4524", true)
		return importtest.ZipShapefile(t, p)
	}
	at := func(i int) orb.Ring { return ds.Cells[i].Geometry[0] }
	const f = 3 // the feature made wrong: 要素 4
	c := ds.Cells[f]
	set := func(key string, v any) func(cs []importtest.Cell) []importtest.Cell {
		return func(cs []importtest.Cell) []importtest.Cell { cs[f].Props[key] = v; return cs }
	}
	geom := func(typ string, g any) func(cs []importtest.Cell) []importtest.Cell {
		return func(cs []importtest.Cell) []importtest.Cell { cs[f].Type, cs[f].Geometry = typ, g; return cs }
	}
	good := shp(func(cs []importtest.Cell) []importtest.Cell { return cs })
	goodDir := filepath.Dir(good)
	base := filepath.Join(goodDir, "网格")

	// A bow tie: the ring's second and third vertices swapped.
	bow := append(orb.Ring{}, at(f)...)
	bow[1], bow[2] = bow[2], bow[1]
	// A far cell: a square 5 km east of the town, in cell 4's unit.
	b := ds.Town.Geometry.Bound()
	far := square(b.Max[0]+0.05, b.Min[1], 0.01)
	// A sliver: a triangle of about 10 m² at cell 4's first vertex,
	// outside the town, a cell of its own.
	v := at(f)[0]
	tri := orb.Ring{v, {v[0] + 0.00005, v[1]}, {v[0], v[1] - 0.00005}, v}

	// Files damaged in other ways.
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	copyShp := func(sub string, skip ...string) string {
		d := filepath.Join(dir, sub)
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	next:
		for _, ext := range importtest.Siblings {
			for _, s := range skip {
				if s == ext {
					continue next
				}
			}
			b, err := os.ReadFile(base + ext)
			if err != nil {
				t.Fatal(err)
			}
			write(filepath.Join(sub, "网格"+ext), b)
		}
		return filepath.Join(d, "网格.shp")
	}
	noDBF := copyShp("nodbf", ".dbf")
	badPrj := copyShp("badprj", ".prj")
	write("badprj/网格.prj", []byte(`PROJCS["broken",GEOGCS[`))
	mercator := copyShp("mercator", ".prj")
	write("mercator/网格.prj", []byte(`PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Mercator_Auxiliary_Sphere"],PARAMETER["False_Easting",0.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",0.0],PARAMETER["Standard_Parallel_1",0.0],PARAMETER["Auxiliary_Sphere_Type",0.0],UNIT["Meter",1.0]]`))
	noPrj := copyShp("noprj", ".prj")
	truncated := copyShp("truncated", ".shp")
	shpBytes, err := os.ReadFile(base + ".shp")
	if err != nil {
		t.Fatal(err)
	}
	write("truncated/网格.shp", shpBytes[:len(shpBytes)/2])
	noShpZip := importtest.Zip(t, filepath.Join(dir, "无shp.zip"), "", base+".dbf", base+".prj", base+".cpg")
	notZip := write("损坏.zip", []byte("PK\x03\x04 this is not a zip at all"))
	notGpkg := write("损坏.gpkg", []byte("SQLite format 3\x00 but nothing else"))

	gpkg := filepath.Join(dir, "网格.gpkg")
	src := importtest.GeoJSON(t, dir, "src.geojson", importtest.Cells(ds))
	importtest.Ogr2ogr(t, "-f", "GPKG", "-t_srs", "EPSG:4490", "-nln", "网格", gpkg, src)
	emptyGpkg := filepath.Join(dir, "空.gpkg")
	importtest.Ogr2ogr(t, "-f", "GPKG", "-where", "1=0", "-nln", "网格", emptyGpkg, src)
	emptyShp := filepath.Join(dir, "empty", "空.shp")
	os.MkdirAll(filepath.Dir(emptyShp), 0o755)
	importtest.Ogr2ogr(t, "-f", "ESRI Shapefile", "-where", "1=0", "-lco", "ENCODING=GBK", "-t_srs", "EPSG:4524", emptyShp, src)

	feature := "要素 4 (" + c.Code + ")"
	return []boundaryRefusal{
		{name: "code not 15 digits", file: shp(set("网格编码", "5001101192")), want: []string{"要素 4", `网格编码 "5001101192" 不是 15 位数字`}, not: []string{"空隙", "未连成一片"}},
		{name: "code of another town", file: shp(set("网格编码", "500110120"+c.Code[9:])), want: []string{"要素 4", "不属于乡镇 500110119000"}, not: []string{"空隙", "未连成一片"}},
		{name: "code of another unit than named", file: shp(func(cs []importtest.Cell) []importtest.Cell {
			for i := range cs {
				cs[i].Props["村社区编码"] = ds.Cells[i].UnitCode
			}
			cs[f].Props["村社区编码"] = ds.Cells[f+20].UnitCode
			return cs
		}), args: []string{"-unit-field", "村社区编码"}, want: []string{feature, "标为属于 " + ds.Cells[f+20].UnitCode + "，但按其编码应属于 " + c.UnitCode}, not: []string{"空隙", "未连成一片"}},
		{name: "code repeated", file: shp(set("网格编码", ds.Cells[0].Code)), want: []string{"要素 4", "与第 1 个要素重复"}, not: []string{"空隙", "未连成一片"}},
		{name: "no name", file: shp(set("网格名称", "")), want: []string{feature, "没有名称"}, not: []string{"空隙", "未连成一片"}},
		{name: "two parts", file: shp(geom("MultiPolygon", orb.MultiPolygon{{at(f)}, {far}})), want: []string{feature, "有 2 个部分"}, not: []string{"空隙", "未连成一片"}},
		{name: "a hole", file: shp(geom("Polygon", orb.Polygon{at(f), reversed(scaled(at(f), 0.2))})), want: []string{feature, "不能有空洞"}, not: []string{"空隙", "未连成一片"}},
		{name: "a ring crossing itself", file: shp(geom("Polygon", orb.Polygon{bow})), want: []string{"要素 4", "自相交"}, not: []string{"空隙", "未连成一片"}},
		{name: "overlap", file: shp(geom("Polygon", orb.Polygon{scaled(at(f), 1.2)})), want: []string{"要素 4", "相互重叠"}},
		{name: "gap", file: shp(geom("Polygon", orb.Polygon{scaled(at(f), 0.8)})), want: []string{"要素 4", "空隙"}},
		{name: "sliver", file: shp(func(cs []importtest.Cell) []importtest.Cell {
			return append(cs, importtest.Cell{Props: map[string]any{"网格编码": c.UnitCode + "901", "网格名称": "碎片", "所属村社区": cs[f].Props["所属村社区"]},
				Geometry: orb.Polygon{tri}})
		}), want: []string{"要素 139 (" + c.UnitCode + "901)", "是碎片"}},
		{name: "cell of a unit the town lacks", intoTown: true, args: []string{"-reason", "调整", "-effective", "2026-12-01"},
			file: shp(set("网格编码", "500110119299001")), want: []string{"要素 4 (500110119299001)", "本镇没有该村（社区）"}},
		{name: "cell apart from the town", intoTown: true, args: []string{"-reason", "调整", "-effective", "2026-12-01"},
			file: shp(func(cs []importtest.Cell) []importtest.Cell {
				return append(cs, importtest.Cell{Props: map[string]any{"网格编码": c.UnitCode + "901", "网格名称": "飞地", "所属村社区": cs[f].Props["所属村社区"]},
					Geometry: orb.Polygon{far}})
			}), want: []string{"要素 139 (" + c.UnitCode + "901)", "与其他网格互不相连"}},
		{name: "unknown coordinate system", file: mercator, want: []string{"网格.prj", "Mercator"}},
		{name: "unknown -srs", file: good, args: []string{"-srs", "EPSG:3857"}, want: []string{"EPSG:3857"}},
		{name: "no .prj", file: noPrj, want: []string{"网格.shp", "未声明坐标系", "EPSG:4524", "-srs"}},
		{name: "broken .prj", file: badPrj, want: []string{"网格.prj"}},
		{name: ".shp without .dbf", file: noDBF, want: []string{"网格.shp", "缺少 .dbf"}},
		{name: "truncated .shp", file: truncated, want: []string{"网格.shp"}},
		{name: "zip without .shp", file: noShpZip, want: []string{"无shp.zip"}},
		{name: "not a zip", file: notZip, want: []string{"损坏.zip"}},
		{name: "not a GeoPackage", file: notGpkg, want: []string{"损坏.gpkg"}},
		{name: "empty GeoPackage layer", file: emptyGpkg, want: []string{"空.gpkg", "没有要素"}},
		{name: "empty shapefile", file: emptyShp, want: []string{"空.shp", "没有要素"}},
		{name: "wrong -layer", file: gpkg, args: []string{"-layer", "cells"}, want: []string{"网格.gpkg", "cells"}},
		{name: "no such file", file: filepath.Join(dir, "没有.zip"), want: []string{"没有.zip"}},
	}
}

// TestImportBoundariesRefusals runs every refusal on both stores, as a dry
// run and as a commit: each must fail naming the file or the feature and
// what is wrong, and leave the store as it was.
func TestImportBoundariesRefusals(t *testing.T) {
	t.Parallel()
	cases := refusedFiles(t)
	for _, kind := range stores.Kinds {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			for _, tc := range cases {
				t.Run(tc.name, func(t *testing.T) {
					t.Parallel()
					db := stores.URL(t, kind)
					if tc.intoTown {
						loadTown(t, db)
					}
					args := []string{"import", "boundaries", tc.file, "-db", db}
					if !tc.intoTown {
						args = append(args, "-town-code", "500110119", "-town-name", "安稳镇")
					}
					refuses(t, db, append(args, tc.args...), tc.want, tc.not)
				})
			}
		})
	}
}

// refuses runs gridmap with args into the store at db, as a dry run and
// then for real: each must fail with a report holding every string of
// want and none of not (what follows from the fault, not another), with
// no panic or internal error, and leave the store as it was.
func refuses(t *testing.T, db string, args, want, not []string) {
	t.Helper()
	before := countDB(t, db)
	for _, dry := range []bool{true, false} {
		a := args
		if dry {
			a = append(a[:len(a):len(a)], "-dry-run")
		}
		out, err := runGridmap(t, a...)
		if err == nil {
			t.Fatalf("gridmap %s succeeded:\n%s", strings.Join(a[1:], " "), out)
		}
		msg := out + err.Error()
		if !dry {
			t.Log(msg)
		}
		for _, w := range want {
			if !strings.Contains(msg, w) {
				t.Errorf("dry run %v: the report lacks %q:\n%s", dry, w, msg)
			}
		}
		for _, w := range not {
			if strings.Contains(msg, w) {
				t.Errorf("dry run %v: the report has %q, which follows from the fault:\n%s", dry, w, msg)
			}
		}
		if strings.Contains(msg, "panic") || strings.Contains(msg, "internal") || strings.Contains(msg, "内部错误") {
			t.Errorf("dry run %v: %s", dry, msg)
		}
		if after := countDB(t, db); after != before {
			t.Errorf("dry run %v: the store held %+v, now %+v", dry, before, after)
		}
	}
}

// loadTown loads the sample town's units and cells into the store at db.
func loadTown(t *testing.T, db string) {
	t.Helper()
	st, err := openStore(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	town, _ := rostertest.Town(t)
	if err := st.Load(t.Context(), town); err != nil {
		t.Fatal(err)
	}
}

// countDB counts what the store at db holds.
func countDB(t *testing.T, db string) importtest.Counts {
	t.Helper()
	st, err := openStore(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	return importtest.Count(t, st)
}

// sheetRefusal is a sheet "gridmap import" must refuse: rows (the header
// first) and what the report must say.
type sheetRefusal struct {
	name string
	kind string
	file string
	args []string
	want []string
}

// refusedSheets writes, with excelize, the sheets of the refusals: a valid
// sheet of the kind with rows added that are wrong in one way each.
func refusedSheets(t *testing.T, full *data.Dataset) (good map[string]string, bad []sheetRefusal) {
	t.Helper()
	residents := rostertest.Residents(full, 20)
	staff := rostertest.Staff(full)
	n := len(residents) // the first added row is row n+1
	id := func(first17 string) string { return first17 + string(rostertest.CheckChar(first17)) }
	c0, c60 := full.Cells[0], full.Cells[60]
	in60 := geo.LabelPoint(c60.Geometry)
	// person is a household of one, valid but for what edit changes.
	person := func(no, name, id17 string, edit func(r []any)) []any {
		r := []any{no, name, name, "本人", id(id17), "男", "1980-01-01", "13800001234", "安稳镇", c0.Code, "", ""}
		if edit != nil {
			edit(r)
		}
		return r
	}
	add := func(rows [][]any, more ...[]any) [][]any {
		return append(append([][]any{}, rows...), more...)
	}
	row := func(k int) string { return "第 " + strconv.Itoa(k) + " 行" }
	var drop [][]any // the residents without the identity number column
	for _, r := range residents {
		drop = append(drop, append(append([]any{}, r[:4]...), r[5:]...))
	}
	res := func(name string, rows [][]any, want ...string) sheetRefusal {
		return sheetRefusal{name: name, kind: "residents", file: writeSheet(t, "居民.xlsx", rows), want: want}
	}
	sta := func(name string, rows [][]any, want ...string) sheetRefusal {
		return sheetRefusal{name: name, kind: "staff", file: writeSheet(t, "人员.xlsx", rows), want: want}
	}
	dir := t.TempDir()
	garbage := filepath.Join(dir, "花名册.xlsx")
	if err := os.WriteFile(garbage, []byte("这不是 Excel 工作簿"), 0o644); err != nil {
		t.Fatal(err)
	}
	xls := filepath.Join(dir, "旧花名册.xls")
	if err := os.WriteFile(xls, []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 an OLE2 compound file"), 0o644); err != nil {
		t.Fatal(err)
	}
	good = map[string]string{"residents": writeSheet(t, "居民.xlsx", residents), "staff": writeSheet(t, "人员.xlsx", staff)}
	badID := "500110198001010010" // its check character is X
	return good, []sheetRefusal{
		res("identity number check digit", add(residents, person("X-1", "甲", "50011019800101001", func(r []any) { r[4] = badID })),
			row(n+1)+", 公民身份号码", "校验位不符（末位应为 X）"),
		res("birth date unlike the identity number's", add(residents, person("X-1", "甲", "50011019800101001", func(r []any) { r[6] = "1981-02-03" })),
			row(n+1)+", 出生日期", "1981-02-03", "1980-01-01"),
		res("bad phone", add(residents, person("X-1", "甲", "50011019800101001", func(r []any) { r[7] = "1234567" })),
			row(n+1)+", 联系电话", `"1234567"`),
		res("two heads in a household", add(residents, person("X-1", "甲", "50011019800101001", nil),
			person("X-1", "甲", "50011019800101003", func(r []any) { r[2] = "乙" })),
			row(n+2), "X-1 有第二位户主", row(n+1)),
		res("identity number twice", add(residents, person("X-1", "甲", "50011019800101001", nil),
			person("X-2", "乙", "50011019800101001", nil)),
			row(n+2)+", 公民身份号码", "与第 "+strconv.Itoa(n+1)+" 行重复"),
		res("location outside the named cell", add(residents, person("X-1", "甲", "50011019800101001", func(r []any) { r[10], r[11] = in60[0], in60[1] })),
			row(n+1)+", 经度", c60.Code, c0.Code),
		res("unknown cell", add(residents, person("X-1", "甲", "50011019800101001", func(r []any) { r[9] = "500110119999999" })),
			row(n+1)+", 所属网格", "500110119999999"),
		res("missing required column", drop, "居民.xlsx", "公民身份号码"),
		{name: "unreadable file", kind: "residents", file: garbage, want: []string{"花名册.xlsx", "不是 Excel 工作簿"}},
		{name: "an .xls workbook", kind: "residents", file: xls, want: []string{"旧花名册.xls", "97-2003"}},
		{name: "no such file", kind: "residents", file: filepath.Join(dir, "没有.xlsx"), want: []string{"无法打开", "没有.xlsx"}},
		sta("grid worker of an unknown cell", add(staff, []any{"钱网格", "网格员", "", "13800005678", "500110119999999", "", "", ""}),
			row(len(staff)+1)+", 所属网格", "500110119999999"),
		sta("staff phone", add(staff, []any{"钱网格", "网格员", "", "0000", c0.Code, "", "", ""}),
			row(len(staff)+1)+", 联系电话", `"0000"`),
		{name: "username of another account", kind: "staff", args: []string{"-accounts"}, file: writeSheet(t, "人员.xlsx",
			[][]any{rostertest.StaffHeader, {"冯调解", "村干部", "", "13900009999", "", full.Cells[9].UnitName, "是", "zhou.wg"}}),
			want: []string{"第 2 行, 用户名", "zhou.wg", "网格员"}},
		sta("staff category", add(staff, []any{"钱网格", "保安", "", "13800005678", c0.Code, "", "", ""}),
			row(len(staff)+1)+", 类别", `"保安"`),
	}
}

// TestImportSheetRefusals runs every sheet refusal on both stores, as a
// dry run and as an import, into a town that holds the valid sheet
// already: each must fail naming the file or the row and column and what
// is wrong, and leave the store as it was.
func TestImportSheetRefusals(t *testing.T) {
	t.Parallel()
	_, full := rostertest.Town(t)
	good, cases := refusedSheets(t, full)
	for _, kind := range stores.Kinds {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			for _, tc := range cases {
				t.Run(tc.name, func(t *testing.T) {
					t.Parallel()
					db := stores.URL(t, kind)
					loadTown(t, db)
					first := []string{"import", tc.kind, good[tc.kind], "-db", db}
					if tc.kind == "staff" {
						first = append(first, "-accounts") // zhou.wg's account
					}
					if out, err := runGridmap(t, first...); err != nil {
						t.Fatalf("the valid %s sheet: %v\n%s", tc.kind, err, out)
					}
					refuses(t, db, append([]string{"import", tc.kind, tc.file, "-db", db}, tc.args...), tc.want, nil)
				})
			}
		})
	}
}
