package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"gridmap/api"
	"gridmap/importer"
)

// errProblems is the error of an import whose file has problems: they are
// printed, and the exit status is 1.
var errProblems = errors.New("import: the file has problems; nothing was written")

// importCommand runs "gridmap import boundaries FILE [flags]": it reads a
// boundary file, reports what it holds and what is wrong with it, and
// writes it as a new town (into an empty database) or as a new boundary
// version of the town the database holds, unless -dry-run.
func importCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	usage := func() {
		fmt.Fprint(stderr, `Usage:
  gridmap import boundaries FILE [flags]
  gridmap import residents|staff|incidents FILE.xlsx|FILE.csv [flags] (see gridmap import residents -h)
FILE is a GeoJSON, Shapefile (.shp or .zip), KML/KMZ or GeoPackage file.
Into an empty database it creates the town (-town-code, -town-name); into a
database that holds a town it is a new boundary version (-reason, -effective),
whose impact is printed first. With -dry-run nothing is written.
Flags:
`)
	}
	if len(args) > 0 && sheetKinds[args[0]] != "" {
		return importSheetCommand(ctx, sheetKinds[args[0]], args[1:], getenv, stdout, stderr)
	}
	if len(args) == 0 || args[0] != "boundaries" {
		usage()
		return errors.New("import: say what to import: boundaries, residents, staff or incidents")
	}
	fs := flag.NewFlagSet("gridmap import boundaries", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { usage(); fs.PrintDefaults() }
	db := fs.String("db", firstEnv(getenv, "gridmap.db", "GRIDMAP_DB", "DATABASE_URL"), "SQLite file path or postgres:// URL")
	var ro importer.ReadOptions
	var bo importer.BoundaryOptions
	fs.StringVar(&ro.Layer, "layer", "", "the layer of a GeoPackage or of a zip with several shapefiles")
	fs.StringVar(&ro.Encoding, "encoding", "", "a Shapefile's attribute encoding, e.g. GBK (default: its .cpg, else UTF-8 or GB18030)")
	fs.StringVar(&ro.SRS, "srs", "", "the coordinate system when the file declares none or the wrong one: EPSG:4490, EPSG:4527, gcj02 (高德/腾讯) ...")
	fs.Float64Var(&ro.SnapM, "snap", 0.5, "snap vertices and edges of neighbours closer than this many metres (0: none)")
	fs.StringVar(&bo.CodeField, "code-field", "", "the attribute holding the 15-digit cell code (default: code, 网格编码, WGBM, ...)")
	fs.StringVar(&bo.NameField, "name-field", "", "the attribute holding the cell's name (default: name, 网格名称, WGMC, ...)")
	fs.StringVar(&bo.UnitField, "unit-field", "", "the attribute holding the village or community: its 12-digit code or its name (default: units from the cell codes)")
	fs.StringVar(&bo.TownCode, "town-code", "", "for an empty database: the town's 9-digit division code, e.g. 500110119")
	fs.StringVar(&bo.TownName, "town-name", "", "for an empty database: the town's name, e.g. 安稳镇")
	fs.StringVar(&bo.Reason, "reason", "", "for a town that has cells: why the boundaries change")
	fs.StringVar(&bo.EffectiveDate, "effective", "", "for a town that has cells: the date the new boundaries take effect, YYYY-MM-DD")
	dry := fs.Bool("dry-run", false, "report everything and write nothing (exit status 1 when there are problems)")
	lang := fs.String("lang", "zh-CN", "language of the report: zh-CN or en")
	file, err := parseWithFile(fs, args[1:], "import boundaries") // FILE may come before, between or after the flags
	if err != nil {
		return err
	}
	l := reportLang(*lang)
	features, rep, err := importer.ReadBoundaries(file, ro)
	if err != nil {
		return errors.New(api.Message(string(l), err))
	}
	fmt.Fprintln(stdout, l.Sprintf("%s: %s, layer %q, %d features, encoding %s, coordinates in %s",
		file, formatNames[rep.Format], rep.Layer, rep.Features, orDash(rep.Encoding), rep.SRS))
	if ro.SnapM > 0 {
		fmt.Fprintln(stdout, l.Sprintf("snapped at %g m: %d vertices moved (at most %.2f m), %d inserted into a neighbour's edge",
			ro.SnapM, rep.Snap.Moved, rep.Snap.MaxMoveM, rep.Snap.Inserted))
		for _, f := range rep.Snap.Collapsed {
			fmt.Fprintln(stdout, "  "+l.Sprintf("feature %d collapses when snapped: left as it is", f))
		}
	}
	store, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	bo.AuthorName = "gridmap import"
	plan, err := importer.PlanBoundaries(ctx, store, features, bo)
	if err != nil {
		return errors.New(api.Message(string(l), err))
	}
	printPlan(stdout, l, plan)
	if len(plan.Problems) > 0 {
		return errProblems
	}
	if *dry {
		fmt.Fprintln(stdout, l.Sprintf("dry run: nothing was written"))
		return nil
	}
	v, err := plan.Commit(ctx, store)
	if err != nil {
		return errors.New(api.Message(string(l), err))
	}
	if v == nil {
		fmt.Fprintln(stdout, l.Sprintf("the file holds the current boundaries: nothing to write"))
		return nil
	}
	fmt.Fprintln(stdout, l.Sprintf("written: boundary version %d", v.Number))
	return nil
}

// printPlan prints what an import would write and its problems.
func printPlan(w io.Writer, l reportLang, p *importer.BoundaryPlan) {
	switch {
	case p.Dataset != nil:
		fmt.Fprintln(w, l.Sprintf("new town %s %s: %d villages and communities, %d cells",
			p.Dataset.Town.Code, p.Dataset.Town.Name, len(p.Dataset.Units), len(p.Dataset.Cells)))
	case p.Change != nil:
		added, reshaped := 0, 0
		for _, c := range p.Change.Cells {
			if c.New {
				added++
			} else {
				reshaped++
			}
		}
		fmt.Fprintln(w, l.Sprintf("boundary version %d → %d: %d cells added, %d reshaped, %d removed",
			p.Change.Base, p.Change.Base+1, added, reshaped, len(p.Change.Removed)))
		if imp := p.Impact; imp != nil {
			fmt.Fprintln(w, l.Sprintf("moves %d households (%d residents), %d incidents, %d grid worker assignments",
				len(imp.Households), imp.Residents, len(imp.Incidents), len(imp.GridWorkers)+len(imp.Users)))
			for _, m := range imp.Households {
				fmt.Fprintln(w, "  "+l.Sprintf("household %d: %s → %s (%d residents)", m.ID, m.From, m.To, m.Residents))
			}
			for _, m := range imp.Incidents {
				fmt.Fprintln(w, "  "+l.Sprintf("incident %d: %s → %s", m.ID, m.From, m.To))
			}
		}
	default:
		if len(p.Problems) == 0 {
			fmt.Fprintln(w, l.Sprintf("no change: the file holds the current boundaries"))
		}
	}
	if len(p.Problems) == 0 {
		return
	}
	fmt.Fprintln(w, l.Sprintf("%d problems:", len(p.Problems)))
	for _, pr := range p.Problems {
		where := l.Sprintf("file")
		if pr.Feature > 0 {
			where = l.Sprintf("feature %d", pr.Feature)
		}
		if pr.Code != "" {
			where += " (" + pr.Code + ")"
		}
		if pr.At != nil {
			where += fmt.Sprintf(" @ %.6f,%.6f", pr.At.Lon(), pr.At.Lat())
		}
		fmt.Fprintln(w, "  "+where+": "+api.Message(string(l), pr.Err))
	}
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return s
}

// reportLang is the language of an import report: zh-CN, or en.
type reportLang string

// Sprintf formats an English format of the report in the language.
func (l reportLang) Sprintf(format string, args ...any) string {
	if zh, ok := reportZH[format]; ok && l != "en" {
		format = zh
	}
	return fmt.Sprintf(format, args...)
}

// reportZH is the zh-CN of the import report's lines.
var reportZH = map[string]string{
	"%s: %s, layer %q, %d features, encoding %s, coordinates in %s":                            "%s：%s，图层 %q，%d 个要素，编码 %s，坐标系 %s",
	"snapped at %g m: %d vertices moved (at most %.2f m), %d inserted into a neighbour's edge": "按 %g 米吸附：移动 %d 个顶点（最多 %.2f 米），在相邻网格的边上插入 %d 个顶点",
	"feature %d collapses when snapped: left as it is":                                         "要素 %d 吸附后会塌缩：保持原样",
	"dry run: nothing was written":                                                             "试运行：未写入任何内容",
	"the file holds the current boundaries: nothing to write":                                  "文件与现行边界相同：无需写入",
	"written: boundary version %d":                                                             "已写入：边界版本 %d",
	"new town %s %s: %d villages and communities, %d cells":                                    "新建乡镇 %s %s：%d 个村（社区），%d 个网格",
	"boundary version %d → %d: %d cells added, %d reshaped, %d removed":                        "边界版本 %d → %d：新增 %d 个网格，调整 %d 个，撤销 %d 个",
	"moves %d households (%d residents), %d incidents, %d grid worker assignments":             "将迁移 %d 户（%d 人）、%d 件事件、%d 项网格员分工",
	"household %d: %s → %s (%d residents)":                                                     "户 %d：%s → %s（%d 人）",
	"incident %d: %s → %s":                                                                     "事件 %d：%s → %s",
	"no change: the file holds the current boundaries":                                         "无变化：文件与现行边界相同",
	"%d problems:": "%d 处问题：",
	"file":         "文件",
	"feature %d":   "要素 %d",
}

// formatNames are the names people know the formats by.
var formatNames = map[string]string{"geojson": "GeoJSON", "shp": "Shapefile", "kml": "KML", "kmz": "KMZ", "gpkg": "GeoPackage"}
