package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"gridmap/api"
	"gridmap/auth"
	"gridmap/boundary"
	"gridmap/data"
	"gridmap/data/storetest/stores"
	"gridmap/geo"
)

// boundaryCell is a cell of a boundary file: code, name, unit name, shape.
type boundaryCell struct {
	code, name, unit string
	geom             orb.Polygon
}

// sampleBoundaries returns the sample town's cells as a district would
// hand them over.
func sampleBoundaries(t *testing.T) []boundaryCell {
	t.Helper()
	ds := sampleData(t)
	units := map[string]string{}
	for _, u := range ds.Units {
		units[u.Code] = u.Name
	}
	out := make([]boundaryCell, len(ds.Cells))
	for i, c := range ds.Cells {
		out[i] = boundaryCell{c.Code, c.Name, units[c.UnitCode], c.Geometry}
	}
	return out
}

// boundaryGeoJSON writes cells as a GeoJSON file with Chinese attribute
// names (网格编码, 网格名称, 所属村社区).
func boundaryGeoJSON(t *testing.T, cells []boundaryCell) []byte {
	t.Helper()
	type feature struct {
		Type       string            `json:"type"`
		Properties map[string]string `json:"properties"`
		Geometry   map[string]any    `json:"geometry"`
	}
	fc := struct {
		Type     string    `json:"type"`
		Features []feature `json:"features"`
	}{Type: "FeatureCollection"}
	for _, c := range cells {
		fc.Features = append(fc.Features, feature{"Feature", map[string]string{"网格编码": c.code, "网格名称": c.name, "所属村社区": c.unit},
			map[string]any{"type": "Polygon", "coordinates": c.geom}})
	}
	b, err := json.Marshal(fc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// mergedBoundaries returns the sample's cells with two neighbours of one
// unit merged, as the boundary editor merges them: keep takes gone's
// ground and gone is no more. gone is a cell with households.
func mergedBoundaries(t *testing.T, st data.Store) (cells []boundaryCell, keep, gone string) {
	t.Helper()
	cells = sampleBoundaries(t)
	ds := sampleData(t)
	polys := make([]orb.Polygon, len(ds.Cells))
	for i, c := range ds.Cells {
		polys[i] = c.Geometry
	}
	top, err := geo.BuildTopology(polys)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(ds.Cells) && keep == ""; i++ {
		a, b := ds.Cells[i], ds.Cells[i+1]
		if a.UnitCode != b.UnitCode {
			continue
		}
		if _, n, err := st.Residents(t.Context(), data.ResidentFilter{CellCode: b.Code, Limit: 1}); err != nil || n == 0 {
			continue
		}
		e := boundary.NewEdit(ds.Cells, top, nil)
		if e.Apply(0, boundary.Operation{Op: "merge", Cells: []string{a.Code, b.Code}}) != nil {
			continue
		}
		ch, err := e.Change(data.BoundaryChange{Base: 1})
		if err != nil || len(ch.Cells) != 1 {
			continue
		}
		keep, gone = a.Code, b.Code
		cells[i].geom = ch.Cells[0].Geometry
		cells = slices.Delete(cells, i+1, i+2)
	}
	if keep == "" {
		t.Fatal("no two neighbouring cells of one unit to merge in the sample")
	}
	return cells, keep, gone
}

// importBody is a multipart form with file (named name) and the fields.
func importBody(t *testing.T, name string, file []byte, fields ...string) string {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	if err := w.SetBoundary(uploadBoundary); err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(fields); i += 2 {
		if err := w.WriteField(fields[i], fields[i+1]); err != nil {
			t.Fatal(err)
		}
	}
	if file != nil {
		part, err := w.CreateFormFile("file", name)
		if err != nil {
			t.Fatal(err)
		}
		part.Write(file)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// importAnswer is the answer of POST /api/import/boundaries.
type importAnswer struct {
	DryRun  bool `json:"dry_run"`
	Written bool `json:"written"`
	Read    struct {
		File     string `json:"file"`
		Format   string `json:"format"`
		Features int    `json:"features"`
	} `json:"read"`
	Plan struct {
		Mode     string `json:"mode"`
		Town     struct{ Code, Name string }
		Units    int      `json:"units"`
		Cells    int      `json:"cells"`
		Base     int64    `json:"base"`
		Added    []string `json:"added"`
		Reshaped []string `json:"reshaped"`
		Removed  []string `json:"removed"`
		Impact   *struct {
			Households []data.Move `json:"households"`
			Incidents  []data.Move `json:"incidents"`
			Residents  int         `json:"residents"`
			Summary    []struct {
				From, To   string
				Households int `json:"households"`
			} `json:"summary"`
		} `json:"impact"`
	} `json:"plan"`
	Cells struct {
		Type     string `json:"type"`
		Features []struct {
			Properties struct {
				Code, Name, Unit, Status string
			} `json:"properties"`
		} `json:"features"`
	} `json:"cells"`
	Problems []struct {
		Feature int         `json:"feature"`
		Code    string      `json:"code"`
		Kind    string      `json:"kind"`
		At      *[2]float64 `json:"at"`
		Field   string      `json:"field"`
		Message string      `json:"message"`
	} `json:"problems"`
	Version *data.BoundaryVersion `json:"version"`
	Error   *struct{ Code, Message, Field string }
}

func postImport(t *testing.T, h http.Handler, a *actor, body string, headers ...string) (response, importAnswer) {
	t.Helper()
	r := do(t, h, http.MethodPost, "/api/import/boundaries", strings.NewReader(body),
		append(append(a.header(), "Content-Type: multipart/form-data; boundary="+uploadBoundary), headers...)...)
	var ans importAnswer
	if err := json.Unmarshal(r.body, &ans); err != nil {
		t.Fatalf("import answer %d is not JSON: %v\n%.300s", r.status, err, r.body)
	}
	return r, ans
}

// newAdmin creates an administrator with a bearer token in st.
func newAdmin(t testing.TB, st data.Store) *actor {
	t.Helper()
	hash, err := auth.HashPassword(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	u := &data.User{Username: "t-import-admin", Name: "导入管理员", Role: data.RoleAdmin, PasswordHash: hash, CreatedAt: time.Now().UTC()}
	if err := st.CreateUser(t.Context(), u); err != nil {
		t.Fatal(err)
	}
	secret := auth.NewSecret()
	now := time.Now().UTC()
	if err := st.CreateToken(t.Context(), &data.Token{UserID: u.ID, Name: "test", Hash: auth.HashSecret(secret), CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	return &actor{role: data.RoleAdmin, user: u, token: secret}
}

// auditedImports counts the audit log's boundary imports.
func auditedImports(t *testing.T, st data.Store) int {
	t.Helper()
	_, n, err := st.Audit(t.Context(), data.AuditFilter{Action: "boundaries_imported", Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestImportBoundariesNewTown: into an empty store a dry run previews the
// town and writes nothing; the commit creates it, and /api/cells serves it
// at once, although the server had answered "no town" before.
func TestImportBoundariesNewTown(t *testing.T) {
	t.Parallel()
	file := boundaryGeoJSON(t, sampleBoundaries(t))
	for _, kind := range stores.Kinds {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			st := stores.Open(t, kind)
			// The route has its own limit: the others' body limit is far below the file's size.
			s := api.New(st, api.Config{MaxBodyBytes: 16 << 10}, quietLog())
			admin := newAdmin(t, st)
			if r := get(t, s, "/api/cells"); r.status != http.StatusNotFound {
				t.Fatalf("GET /api/cells of an empty store = %d; want 404", r.status)
			}
			r, ans := postImport(t, s, admin, importBody(t, "网格.geojson", file, "town_code", "500110119", "town_name", "安稳镇"))
			if r.status != http.StatusOK || !ans.DryRun || ans.Written {
				t.Fatalf("dry run = %d %.300s", r.status, r.body)
			}
			p := ans.Plan
			if p.Mode != "create" || p.Town.Code != "500110119000" || p.Town.Name != "安稳镇" || p.Units != 15 || p.Cells != 138 || len(p.Added) != 138 || p.Impact != nil {
				t.Errorf("dry run plan = %+v; want a new town 安稳镇 of 15 units and 138 cells", p)
			}
			if ans.Read.Format != "geojson" || ans.Read.Features != 138 || ans.Read.File != "网格.geojson" || len(ans.Problems) != 0 {
				t.Errorf("read = %+v, problems %v", ans.Read, ans.Problems)
			}
			if ans.Cells.Type != "FeatureCollection" || len(ans.Cells.Features) != 138 || ans.Cells.Features[0].Properties.Status != "added" ||
				ans.Cells.Features[0].Properties.Unit != ans.Cells.Features[0].Properties.Code[:12] || ans.Cells.Features[0].Properties.Name == "" {
				t.Errorf("preview cells = %d, first %+v; want 138 added cells with code, name and unit", len(ans.Cells.Features), ans.Cells.Features)
			}
			if _, err := st.Town(t.Context()); data.ErrorCode(err) != data.ENOTFOUND {
				t.Fatalf("the dry run wrote the town: %v", err)
			}
			r, ans = postImport(t, s, admin, importBody(t, "网格.geojson", file, "town_code", "500110119", "town_name", "安稳镇", "dry_run", "false"))
			if r.status != http.StatusCreated || !ans.Written || ans.Version == nil || ans.Version.Number != 1 {
				t.Fatalf("commit = %d %.300s", r.status, r.body)
			}
			cells := get(t, s, "/api/cells")
			var fc struct{ Features []any }
			mustJSON(t, cells.body, &fc)
			if cells.status != http.StatusOK || len(fc.Features) != 138 {
				t.Errorf("GET /api/cells after the import = %d, %d cells; want 138", cells.status, len(fc.Features))
			}
			if r := get(t, s, "/api/config"); r.status != http.StatusOK || !strings.Contains(string(r.body), "安稳镇") {
				t.Errorf("GET /api/config after the import = %d %.200s", r.status, r.body)
			}
			if n := auditedImports(t, st); n != 1 {
				t.Errorf("audited imports = %d; want 1", n)
			}
		})
	}
}

// TestImportBoundariesChange: into the sample town a file with two cells
// merged is a new boundary version; the dry run shows its impact exactly
// as the boundary editor's dry run of the same merge does, and the commit
// writes it.
func TestImportBoundariesChange(t *testing.T) {
	t.Parallel()
	for _, kind := range stores.Kinds {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			var st data.Store
			if kind == "sqlite" {
				st = newSQLiteStore(t)
			} else {
				st = newPostGISStore(t)
			}
			sc := newScene(t, st)
			s := api.New(st, api.Config{}, quietLog())
			admin := sc.actors[data.RoleAdmin]
			cells, keep, gone := mergedBoundaries(t, st)
			file := boundaryGeoJSON(t, cells)

			r, ans := postImport(t, s, admin, importBody(t, "合并.geojson", file))
			if r.status != http.StatusOK || !ans.DryRun || ans.Written || len(ans.Problems) != 0 {
				t.Fatalf("dry run = %d %.500s", r.status, r.body)
			}
			p := ans.Plan
			if p.Mode != "change" || p.Base != 1 || !slices.Equal(p.Reshaped, []string{keep}) || !slices.Equal(p.Removed, []string{gone}) || len(p.Added) != 0 || p.Cells != 137 {
				t.Errorf("plan = %+v; want version 1 changed: %s reshaped, %s removed", p, keep, gone)
			}
			if p.Impact == nil || len(p.Impact.Households) == 0 || len(p.Impact.Summary) != 1 || p.Impact.Summary[0].From != gone || p.Impact.Summary[0].To != keep {
				t.Fatalf("impact = %+v; want the households of %s moving to %s", p.Impact, gone, keep)
			}
			// The boundary editor's dry run of the same merge gives the same impact.
			ed := admin.post(t, s, "/api/boundary/changesets?dry_run=true", fmt.Sprintf(`{"base":1,"operations":[{"op":"merge","cells":[%q,%q]}]}`, keep, gone))
			var edAns struct{ Impact json.RawMessage }
			mustJSON(t, ed.body, &edAns)
			var full map[string]json.RawMessage
			mustJSON(t, r.body, &full)
			var plan map[string]json.RawMessage
			mustJSON(t, full["plan"], &plan)
			if ed.status != http.StatusOK || !bytes.Equal(plan["impact"], edAns.Impact) {
				t.Errorf("impact of the import:\n%.400s\nof the editor's merge (%d):\n%.400s", plan["impact"], ed.status, edAns.Impact)
			}
			statuses := map[string]string{}
			for _, f := range ans.Cells.Features {
				statuses[f.Properties.Code] = f.Properties.Status
			}
			if statuses[keep] != "reshaped" || statuses[sc.outCell] != "unchanged" || statuses[gone] != "" {
				t.Errorf("preview statuses: %s %q, %s %q, %s %q", keep, statuses[keep], sc.outCell, statuses[sc.outCell], gone, statuses[gone])
			}
			if vs, err := st.BoundaryVersions(t.Context()); err != nil || len(vs) != 1 {
				t.Fatalf("the dry run wrote a version: %d, %v", len(vs), err)
			}

			// With a problem besides, the preview still shows the change, without an impact.
			bad := slices.Clone(cells)
			bad[len(bad)-1].name = "" // a problem, and a gap where the cell was
			r, ans = postImport(t, s, admin, importBody(t, "合并.geojson", boundaryGeoJSON(t, bad)))
			if r.status != http.StatusOK || len(ans.Problems) == 0 || ans.Plan.Mode != "change" || !slices.Equal(ans.Plan.Reshaped, []string{keep}) ||
				!slices.Contains(ans.Plan.Removed, gone) || ans.Plan.Impact != nil {
				t.Errorf("dry run with a nameless cell = %d, plan %+v, problems %+v; want the change, the problems, no impact", r.status, ans.Plan, ans.Problems)
			}

			// A version needs its reason: the store's refusal, nothing written.
			r, _ = postImport(t, s, admin, importBody(t, "合并.geojson", file, "dry_run", "false"))
			if code, _ := r.errorOf(t); r.status != http.StatusBadRequest || code != data.EINVALID {
				t.Errorf("commit without a reason = %d %.300s; want 400", r.status, r.body)
			}
			r, ans = postImport(t, s, admin, importBody(t, "合并.geojson", file, "dry_run", "false", "reason", "两网格合并", "effective_date", "2026-12-01"))
			if r.status != http.StatusCreated || !ans.Written || ans.Version == nil || ans.Version.Number != 2 || ans.Version.Reason != "两网格合并" {
				t.Fatalf("commit = %d %.500s", r.status, r.body)
			}
			if r := get(t, s, "/api/cells/"+gone); r.status != http.StatusNotFound {
				t.Errorf("GET the merged-away cell %s = %d; want 404", gone, r.status)
			}
			var fc struct{ Features []any }
			mustJSON(t, get(t, s, "/api/cells").body, &fc)
			if len(fc.Features) != 137 {
				t.Errorf("GET /api/cells after the import: %d cells; want 137", len(fc.Features))
			}
			if n := auditedImports(t, st); n != 1 {
				t.Errorf("audited imports = %d; want 1", n)
			}
			// The same file again: nothing to write.
			r, ans = postImport(t, s, admin, importBody(t, "合并.geojson", file, "dry_run", "false", "reason", "再导入", "effective_date", "2026-12-01"))
			if r.status != http.StatusOK || ans.Plan.Mode != "unchanged" || ans.Written {
				t.Errorf("the same file again = %d %.300s; want 200, unchanged, nothing written", r.status, r.body)
			}
		})
	}
}

// TestImportBoundariesOnlyAdmins: every other role is refused before the
// upload is read, whatever the form holds, and nothing is written.
func TestImportBoundariesOnlyAdmins(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSQLiteStore(t))
	s := api.New(sc.store, api.Config{}, quietLog())
	cells, _, _ := mergedBoundaries(t, sc.store)
	body := importBody(t, "合并.geojson", boundaryGeoJSON(t, cells), "dry_run", "false", "reason", "越权", "effective_date", "2026-12-01",
		"town_code", "500110119", "town_name", "安稳镇", "code_field", "网格编码", "name_field", "网格名称", "unit_field", "所属村社区",
		"layer", "x", "encoding", "GBK", "srs", "gcj02", "snap", "1")
	for _, role := range roles {
		if role == data.RoleAdmin {
			continue
		}
		want := http.StatusForbidden
		if role == "anonymous" {
			want = http.StatusUnauthorized
		}
		r, ans := postImport(t, s, sc.actors[role], body)
		if r.status != want || ans.Error == nil || ans.Error.Field != "" {
			t.Errorf("import as %s = %d %.200s; want %d for the route", role, r.status, r.body, want)
		}
	}
	if vs, err := sc.store.BoundaryVersions(t.Context()); err != nil || len(vs) != 1 {
		t.Errorf("versions after the refusals: %d, %v; want 1", len(vs), err)
	}
}

// TestImportBoundariesProblems: a file with problems previews them per
// feature; its commit is refused with them beside the error, and writes
// nothing, in both stores.
func TestImportBoundariesProblems(t *testing.T) {
	t.Parallel()
	cells := sampleBoundaries(t)
	cells[3].code = "5001101192"
	cells[10].geom = orb.Polygon{{{106.6, 28.5}, {106.61, 28.5}, {106.6, 28.51}, {106.61, 28.51}, {106.6, 28.5}}} // a bow tie
	file := boundaryGeoJSON(t, cells)
	badCode := cells[10].code
	for _, kind := range stores.Kinds {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			st := stores.Open(t, kind)
			s := api.New(st, api.Config{}, quietLog())
			admin := newAdmin(t, st)
			form := []string{"town_code", "500110119", "town_name", "安稳镇"}
			r, ans := postImport(t, s, admin, importBody(t, "网格.geojson", file, form...))
			if r.status != http.StatusOK || len(ans.Problems) == 0 {
				t.Fatalf("dry run = %d %.300s; want 200 with problems", r.status, r.body)
			}
			first := ans.Problems[0]
			if first.Feature != 4 || first.Kind != "code" || first.Field != "网格编码" || first.Message != `网格编码 "5001101192" 不是 15 位数字。` || first.At == nil {
				t.Errorf("first problem = %+v; want feature 4's code, located, in Chinese", first)
			}
			var bowTie bool
			for _, p := range ans.Problems {
				bowTie = bowTie || p.Feature == 11 && p.Code == badCode && p.Field == "geometry"
			}
			if !bowTie {
				t.Errorf("problems %+v; want feature 11 (%s) named for its geometry", ans.Problems, badCode)
			}
			r, ans = postImport(t, s, admin, importBody(t, "网格.geojson", file, append(form, "dry_run", "false")...), "Accept-Language: en")
			if r.status != http.StatusBadRequest || ans.Error == nil || ans.Error.Code != data.EINVALID || ans.Error.Field != "file" || ans.Written {
				t.Fatalf("commit with problems = %d %.300s; want 400 naming file", r.status, r.body)
			}
			if len(ans.Problems) == 0 || ans.Problems[0].Message != `The cell code "5001101192" is not 15 digits.` || len(ans.Cells.Features) == 0 {
				t.Errorf("the refusal's problems = %+v; want them in English, with the preview", ans.Problems)
			}
			if _, err := st.Town(t.Context()); data.ErrorCode(err) != data.ENOTFOUND {
				t.Errorf("a refused import wrote the town: %v", err)
			}
			if n := auditedImports(t, st); n != 0 {
				t.Errorf("audited imports = %d; want 0", n)
			}
		})
	}
}

// TestImportBoundariesRefusedUploads: uploads that cannot be read, and
// options that cannot be taken, are refused naming the field.
func TestImportBoundariesRefusedUploads(t *testing.T) {
	t.Parallel()
	st := stores.Open(t, "sqlite")
	file := boundaryGeoJSON(t, sampleBoundaries(t))
	s := api.New(st, api.Config{MaxImportBytes: int64(len(file)) - 1}, quietLog())
	admin := newAdmin(t, st)
	town := []string{"town_code", "500110119", "town_name", "安稳镇"}
	cases := []struct {
		name   string
		body   string
		ctype  string
		status int
		field  string
	}{
		{"too large", importBody(t, "网格.geojson", file, town...), "", http.StatusRequestEntityTooLarge, "file"},
		{"broken GeoJSON", importBody(t, "网格.geojson", file[:200], town...), "", http.StatusBadRequest, "file"},
		{"not a boundary format", importBody(t, "网格.txt", file[:200], town...), "", http.StatusBadRequest, "file"},
		{"an empty file", importBody(t, "网格.geojson", []byte{}, town...), "", http.StatusBadRequest, "file"},
		{"no file", importBody(t, "", nil, town...), "", http.StatusBadRequest, "file"},
		{"not multipart", `{"file":"x"}`, "application/json", http.StatusBadRequest, "file"},
		{"a broken form", "--" + uploadBoundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.geojson\"\r\n\r\n{", "", http.StatusBadRequest, "file"},
		{"an unknown field", importBody(t, "网格.geojson", file[:100], "owner", "me"), "", http.StatusBadRequest, "owner"},
		{"a field twice", importBody(t, "网格.geojson", file[:100], "snap", "1", "snap", "2"), "", http.StatusBadRequest, "snap"},
		{"snap not a number", importBody(t, "网格.geojson", file[:100], "snap", "half"), "", http.StatusBadRequest, "snap"},
		{"snap too far", importBody(t, "网格.geojson", file[:100], "snap", "500"), "", http.StatusBadRequest, "snap"},
		{"dry_run not a boolean", importBody(t, "网格.geojson", file[:100], "dry_run", "maybe"), "", http.StatusBadRequest, "dry_run"},
		{"a town name on two lines", importBody(t, "网格.geojson", file[:100], "town_name", "安稳\n镇"), "", http.StatusBadRequest, "town_name"},
		{"a position of one number", importBody(t, "网格.geojson", []byte(`{"type":"Polygon","coordinates":[[[106.6,28.9],[106.61],[106.61,28.91],[106.6,28.9]]]}`), town...), "", http.StatusBadRequest, "file"},
		{"a position of four numbers", importBody(t, "网格.geojson", []byte(`{"type":"Polygon","coordinates":[[[106.6,28.9],[106.61,28.9,300,1],[106.61,28.91],[106.6,28.9]]]}`), town...), "", http.StatusBadRequest, "file"},
	}
	for _, c := range cases {
		ctype := c.ctype
		if ctype == "" {
			ctype = "multipart/form-data; boundary=" + uploadBoundary
		}
		r := do(t, s, http.MethodPost, "/api/import/boundaries", strings.NewReader(c.body), append(admin.header(), "Content-Type: "+ctype)...)
		code, field := r.errorOf(t)
		if r.status != c.status || field != c.field || code == "" {
			t.Errorf("%s: %d %.200s; want %d naming %s", c.name, r.status, r.body, c.status, c.field)
		}
	}
	// A position's fault is said, in the caller's language.
	r := do(t, s, http.MethodPost, "/api/import/boundaries", strings.NewReader(cases[len(cases)-2].body),
		append(admin.header(), "Content-Type: multipart/form-data; boundary="+uploadBoundary)...)
	if want := "网格.geojson，第 1 个要素有坐标 [106.61]；一个坐标由经度和纬度两个数组成（第三个数为高程，不予采用）。"; !strings.Contains(string(r.body), want) {
		t.Errorf("a position of one number: %.300s; want %q", r.body, want)
	}
	// A whole file without the town's code: the option is named.
	small := api.New(st, api.Config{}, quietLog())
	r = do(t, small, http.MethodPost, "/api/import/boundaries", strings.NewReader(importBody(t, "网格.geojson", file, "town_name", "安稳镇")),
		append(admin.header(), "Content-Type: multipart/form-data; boundary="+uploadBoundary)...)
	if _, field := r.errorOf(t); r.status != http.StatusBadRequest || field != "town_code" {
		t.Errorf("without town_code: %d %.200s; want 400 naming town_code", r.status, r.body)
	}
}

// TestImportOpenAPI: the OpenAPI document describes the import under the
// app API's server, for accounts only, with a multipart body whose every
// field the route takes, and the answers the route really gives fit the
// schemas the document gives them.
func TestImportOpenAPI(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t)) // what the document says, not how many people move
	s := api.New(sc.store, api.Config{BaseURL: "http://gridmap.test"}, quietLog())
	_, doc := openAPIDoc(t, s)
	item := doc.Paths.Value("/import/boundaries")
	if item == nil || item.Post == nil || item.Get != nil {
		t.Fatalf("/import/boundaries: %+v; want a POST", item)
	}
	if len(item.Servers) != 1 || item.Servers[0].URL != "http://gridmap.test/api" {
		t.Errorf("/import/boundaries servers = %v; want http://gridmap.test/api", item.Servers)
	}
	op := item.Post
	for _, req := range *op.Security {
		if len(req) == 0 {
			t.Errorf("POST /import/boundaries takes anonymous callers: %v", *op.Security)
		}
	}
	mt := op.RequestBody.Value.Content.Get("multipart/form-data")
	if mt == nil || len(mt.Schema.Value.Required) != 1 || mt.Schema.Value.Required[0] != "file" {
		t.Fatalf("the request body is not multipart/form-data requiring file: %+v", op.RequestBody.Value.Content)
	}
	// Every documented field is taken (an unknown one is refused).
	cells, keep, gone := mergedBoundaries(t, sc.store)
	file := boundaryGeoJSON(t, cells)
	var fields []string
	for name := range mt.Schema.Value.Properties {
		if name != "file" && name != "dry_run" {
			fields = append(fields, name, "")
		}
	}
	admin := sc.actors[data.RoleAdmin]
	if r, _ := postImport(t, s, admin, importBody(t, "合并.geojson", file, append(fields, "dry_run", "true")...)); r.status != http.StatusOK {
		t.Errorf("a dry run with every documented field = %d %.300s", r.status, r.body)
	}
	broken := sampleBoundaries(t)
	broken[3].code = "5001101192"
	big := api.New(sc.store, api.Config{MaxImportBytes: 100}, quietLog())
	cases := []struct {
		name   string
		h      http.Handler
		as     string
		body   string
		status int
	}{
		{"dry run", s, data.RoleAdmin, importBody(t, "合并.geojson", file), http.StatusOK},
		{"a dry run with problems", s, data.RoleAdmin, importBody(t, "错.geojson", boundaryGeoJSON(t, broken)), http.StatusOK},
		{"a commit with problems", s, data.RoleAdmin, importBody(t, "错.geojson", boundaryGeoJSON(t, broken), "dry_run", "false"), http.StatusBadRequest},
		{"too large", big, data.RoleAdmin, importBody(t, "合并.geojson", file), http.StatusRequestEntityTooLarge},
		{"a viewer", s, data.RoleViewer, importBody(t, "合并.geojson", file), http.StatusForbidden},
		{"anonymous", s, "anonymous", importBody(t, "合并.geojson", file), http.StatusUnauthorized},
		{"commit", s, data.RoleAdmin, importBody(t, "合并.geojson", file, "dry_run", "false", "reason", "合并", "effective_date", "2026-12-01"), http.StatusCreated},
	}
	for _, c := range cases {
		r, _ := postImport(t, c.h, sc.actors[c.as], c.body)
		if r.status != c.status {
			t.Errorf("%s = %d; want %d\n%.300s", c.name, r.status, c.status, r.body)
			continue
		}
		resp := op.Responses.Status(c.status)
		if resp == nil {
			t.Errorf("%s: answer %d not documented", c.name, c.status)
			continue
		}
		var v any
		mustJSON(t, r.body, &v)
		if err := resp.Value.Content.Get("application/json").Schema.Value.VisitJSON(v); err != nil {
			t.Errorf("%s (%d) does not fit its schema: %v", c.name, c.status, err)
		}
	}
	if r := get(t, s, "/api/cells/"+gone); r.status != http.StatusNotFound || keep == "" {
		t.Errorf("after the commit, GET %s = %d; want 404", gone, r.status)
	}
}
