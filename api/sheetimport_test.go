package api_test

import (
	"bytes"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"gridmap/api"
	"gridmap/auth"
	"gridmap/data"
	"gridmap/data/storetest/stores"
	"gridmap/roster"
	"gridmap/roster/rostertest"
)

// sheetJob is the answer of POST /api/import/{kind} and GET
// /api/import/jobs/{id}.
type sheetJob struct {
	ID       string `json:"id"`
	Kind     string `json:"kind"`
	File     string `json:"file"`
	DryRun   bool   `json:"dry_run"`
	State    string `json:"state"`
	Progress struct {
		Phase                string
		Read, Written, Total int
	} `json:"progress"`
	Result *struct {
		Rows, Valid, Invalid, Skipped int
		Unknown                       []string
		Written                       bool
		Counts                        []data.ImportCount
		Errors                        []struct {
			Row             int
			Column, Message string
		}
		ErrorsTotal    int `json:"errors_total"`
		Accounts       []struct{ Username, Name, Role, Scope, Password string }
		PasswordsGiven bool `json:"passwords_given"`
	} `json:"result"`
	Error   *struct{ Code, Message, Field string } `json:"error"`
	Columns *struct {
		Headers, Unknown, Missing []string
	} `json:"columns"`
	Fields []roster.Field `json:"fields"`
}

// postSheet posts a sheet import and returns the answer.
func postSheet(t *testing.T, h http.Handler, a *actor, kind, body string) response {
	t.Helper()
	return do(t, h, http.MethodPost, "/api/import/"+kind, strings.NewReader(body),
		append(a.header(), "Content-Type: multipart/form-data; boundary="+uploadBoundary)...)
}

// runSheet posts a sheet import, wants 202, and follows the job until it
// has finished: the first answer of the finished job.
func runSheet(t *testing.T, h http.Handler, a *actor, kind, body string) sheetJob {
	t.Helper()
	r := postSheet(t, h, a, kind, body)
	if r.status != http.StatusAccepted {
		t.Fatalf("POST /api/import/%s = %d; want 202\n%.400s", kind, r.status, r.body)
	}
	var j sheetJob
	mustJSON(t, r.body, &j)
	if j.ID == "" || j.Kind != kind || r.header.Get("Location") != "/api/import/jobs/"+j.ID {
		t.Fatalf("POST /api/import/%s = %.300s, Location %q; want a job", kind, r.body, r.header.Get("Location"))
	}
	deadline := time.Now().Add(2 * time.Minute)
	for j.State == "running" {
		if time.Now().After(deadline) {
			t.Fatalf("job %s still running: %+v", j.ID, j.Progress)
		}
		time.Sleep(20 * time.Millisecond)
		j = getSheetJob(t, h, a, j.ID)
	}
	return j
}

func getSheetJob(t *testing.T, h http.Handler, a *actor, id string) sheetJob {
	t.Helper()
	r := get(t, h, "/api/import/jobs/"+id, a.header()...)
	if r.status != http.StatusOK {
		t.Fatalf("GET /api/import/jobs/%s = %d %.300s", id, r.status, r.body)
	}
	var j sheetJob
	mustJSON(t, r.body, &j)
	return j
}

// badIDResidents returns a residents sheet of n rows and the same with
// its second row's identity number one check character off.
func badIDResidents(t *testing.T, n int) (good, bad [][]any) {
	t.Helper()
	_, full := rostertest.Town(t)
	good = rostertest.Residents(full, n)
	bad = make([][]any, len(good))
	for i, r := range good {
		bad[i] = slices.Clone(r)
	}
	id := bad[2][4].(string)
	wrong := byte('0')
	if id[17] == '0' {
		wrong = '1'
	}
	bad[2][4] = id[:17] + string(wrong)
	return good, bad
}

// TestSheetImportResidents: on each store, a dry run of a sheet with a
// wrong identity number reports it by row and column in Chinese and
// writes nothing, its error sheet marks it, a commit is refused while it
// is wrong, the fixed sheet is written, and importing it again creates
// nothing.
func TestSheetImportResidents(t *testing.T) {
	t.Parallel()
	good, bad := badIDResidents(t, 300)
	for _, kind := range stores.Kinds {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			st, s, admin, _ := rosterServer(t, kind, api.Config{MaxBodyBytes: 16 << 10})

			r := get(t, s, "/api/import/templates/residents", admin.header()...)
			if r.status != http.StatusOK || !strings.HasPrefix(r.header.Get("Content-Type"), "application/vnd.openxmlformats") ||
				!strings.Contains(r.header.Get("Content-Disposition"), "attachment") {
				t.Fatalf("GET template = %d %q %q", r.status, r.header.Get("Content-Type"), r.header.Get("Content-Disposition"))
			}
			cols, err := roster.ReadColumns(bytes.NewReader(r.body), roster.Residents, roster.Options{})
			if err != nil || len(cols.Missing) != 0 || len(cols.Unknown) != 0 || len(cols.Headers) != len(rostertest.ResidentHeader) {
				t.Fatalf("the template's columns = %+v, %v; want the residents' headers", cols, err)
			}

			n := len(good) - 1
			j := runSheet(t, s, admin, "residents", importBody(t, "居民.xlsx", rostertest.XLSX(t, bad)))
			res := j.Result
			if j.State != "done" || !j.DryRun || res == nil || res.Written || res.Rows != n || res.Invalid != 1 || res.Valid != n-1 || res.ErrorsTotal != 1 {
				t.Fatalf("dry run = %+v, result %+v; want %d rows, 1 invalid, nothing written", j, res, n)
			}
			if e := res.Errors[0]; e.Row != 3 || e.Column != "公民身份号码" || !strings.Contains(e.Message, "校验位不符") {
				t.Errorf("row error = %+v; want row 3, 公民身份号码, in Chinese", e)
			}
			if j.Progress.Phase != "done" || j.Progress.Read != n || j.Progress.Total != n || j.Progress.Written != 0 {
				t.Errorf("progress = %+v; want %d read of %d, none written", j.Progress, n, n)
			}
			if len(j.Fields) != len(rostertest.ResidentHeader) || j.Fields[0].Name != "household_no" {
				t.Errorf("fields = %+v", j.Fields)
			}

			// The error sheet: the row, its message in the 错误 column.
			r = get(t, s, "/api/import/jobs/"+j.ID+"/errors.xlsx", admin.header()...)
			if r.status != http.StatusOK {
				t.Fatalf("GET errors.xlsx = %d %.300s", r.status, r.body)
			}
			f, err := excelize.OpenReader(bytes.NewReader(r.body))
			if err != nil {
				t.Fatal(err)
			}
			rows, err := f.GetRows(f.GetSheetName(0))
			f.Close()
			if err != nil || len(rows) != n+1 || rows[0][len(rows[0])-1] != roster.ErrorColumn || !strings.HasPrefix(rows[2][len(rows[0])-1], "公民身份号码：") {
				t.Errorf("error sheet: %d rows, header %q, row 3 %q; want %d, 错误, the identity number's message", len(rows), rows[0], rows[min(2, len(rows)-1)], n+1)
			}

			// A commit while a row is wrong writes nothing.
			j = runSheet(t, s, admin, "residents", importBody(t, "居民.xlsx", rostertest.XLSX(t, bad), "dry_run", "false"))
			if j.State != "done" || j.DryRun || j.Result.Written || j.Result.Invalid != 1 {
				t.Fatalf("commit of a wrong sheet = %+v %+v; want nothing written", j, j.Result)
			}
			if _, n, err := st.Households(t.Context(), data.HouseholdFilter{Limit: 1}); err != nil || n != 0 {
				t.Fatalf("households after a refused commit: %d, %v; want 0", n, err)
			}

			// Fixed, it is written; again, nothing is created.
			src := rostertest.XLSX(t, good)
			j = runSheet(t, s, admin, "residents", importBody(t, "居民.xlsx", src, "dry_run", "false"))
			if j.State != "done" || !j.Result.Written || len(j.Result.Counts) != 2 || j.Result.Counts[1].Created != n || j.Progress.Written != n {
				t.Fatalf("commit = %+v %+v; want %d residents created", j, j.Result, n)
			}
			nh := j.Result.Counts[0].Created
			if _, n, err := st.Households(t.Context(), data.HouseholdFilter{Limit: 1}); err != nil || n != nh {
				t.Fatalf("households after the commit: %d, %v; want %d", n, err, nh)
			}
			j = runSheet(t, s, admin, "residents", importBody(t, "居民.xlsx", src, "dry_run", "false"))
			want := []data.ImportCount{{Noun: "households", Unchanged: nh}, {Noun: "residents", Unchanged: n}}
			if !slices.Equal(j.Result.Counts, want) {
				t.Errorf("re-import counts = %+v; want %+v", j.Result.Counts, want)
			}
			if _, n, err := st.Households(t.Context(), data.HouseholdFilter{Limit: 1}); err != nil || n != nh {
				t.Errorf("households after re-import: %d, %v; want %d", n, err, nh)
			}
			if n := auditCount(t, st, "sheet_imported", ""); n != 2 {
				t.Errorf("audited sheet_imported %d times; want 2 (the commits that wrote)", n)
			}
			if n := auditCount(t, st, "sheet_import_started", ""); n != 4 {
				t.Errorf("audited sheet_import_started %d times; want 4", n)
			}
			if r := get(t, s, "/api/import/jobs/"+j.ID+"/errors.xlsx", admin.header()...); r.status != http.StatusNotFound {
				t.Errorf("GET errors.xlsx of a sheet without errors = %d; want 404", r.status)
			}
		})
	}
}

// TestSheetImportStaffPasswords: the accounts a staff import opens come
// with their passwords in the first answer of the finished job, which
// work, and never again.
func TestSheetImportStaffPasswords(t *testing.T) {
	t.Parallel()
	for _, kind := range stores.Kinds {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			st, s, admin, full := rosterServer(t, kind, api.Config{})
			j := runSheet(t, s, admin, "staff", importBody(t, "工作人员.xlsx", rostertest.XLSX(t, rostertest.Staff(full)), "dry_run", "false", "accounts", "true"))
			if j.State != "done" || j.Result == nil || !j.Result.Written || len(j.Result.Accounts) != 2 || j.Result.PasswordsGiven {
				t.Fatalf("staff import = %+v %+v; want 2 accounts", j, j.Result)
			}
			for _, a := range j.Result.Accounts {
				u, err := st.UserByName(t.Context(), a.Username)
				if err != nil {
					t.Fatal(err)
				}
				if ok, err := auth.CheckPassword(u.PasswordHash, a.Password); a.Password == "" || err != nil || !ok {
					t.Errorf("account %s: password %q does not open it", a.Username, a.Password)
				}
			}
			again := getSheetJob(t, s, admin, j.ID)
			if !again.Result.PasswordsGiven || len(again.Result.Accounts) != 2 {
				t.Errorf("second answer = %+v; want the accounts, passwords given", again.Result)
			}
			for _, a := range again.Result.Accounts {
				if a.Password != "" {
					t.Errorf("second answer gives %s's password again", a.Username)
				}
			}
			raw := get(t, s, "/api/import/jobs/"+j.ID, admin.header()...)
			for _, a := range j.Result.Accounts {
				if bytes.Contains(raw.body, []byte(a.Password)) {
					t.Errorf("a third answer holds %s's password", a.Username)
				}
			}
		})
	}
}

// TestSheetImportRefusals: the people import is for administrators, of
// the three kinds, within the size limit, with valid options; a job is
// its starter's.
func TestSheetImportRefusals(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t))
	_, full := rostertest.Town(t)
	small := rostertest.XLSX(t, rostertest.Staff(full))
	big := rostertest.XLSX(t, rostertest.Residents(full, 400))
	limit := 2 * len(small)
	if len(big) <= limit {
		t.Fatalf("the large sheet has %d bytes; want more than %d", len(big), limit)
	}
	s := api.New(sc.store, api.Config{MaxSheetBytes: int64(limit)}, quietLog())
	admin := sc.actors[data.RoleAdmin]
	j := runSheet(t, s, admin, "staff", importBody(t, "s.xlsx", small))
	other := newAdmin(t, sc.store)
	cases := []struct {
		name, method, path string
		as                 *actor
		body               string
		status             int
		field              string
	}{
		{"a viewer's upload", "POST", "/api/import/residents", sc.actors[data.RoleViewer], importBody(t, "s.xlsx", small), 403, ""},
		{"a leader's upload", "POST", "/api/import/staff", sc.actors[data.RoleLeader], importBody(t, "s.xlsx", small), 403, ""},
		{"an anonymous upload", "POST", "/api/import/staff", sc.actors["anonymous"], importBody(t, "s.xlsx", small), 401, ""},
		{"a cadre's template", "GET", "/api/import/templates/staff", sc.actors[data.RoleUnitCadre], "", 403, ""},
		{"a grid worker's job", "GET", "/api/import/jobs/" + j.ID, sc.actors[data.RoleGridWorker], "", 403, ""},
		{"another admin's job", "GET", "/api/import/jobs/" + j.ID, other, "", 404, "id"},
		{"another admin's error sheet", "GET", "/api/import/jobs/" + j.ID + "/errors.xlsx", other, "", 404, "id"},
		{"no such job", "GET", "/api/import/jobs/0123456789abcdef", admin, "", 404, "id"},
		{"a kind of sheet that is none", "POST", "/api/import/pets", admin, importBody(t, "s.xlsx", small), 404, ""},
		{"a template that is none", "GET", "/api/import/templates/pets", admin, "", 404, "kind"},
		{"too large", "POST", "/api/import/residents", admin, importBody(t, "r.xlsx", big), 413, "file"},
		{"accounts of residents", "POST", "/api/import/residents", admin, importBody(t, "s.xlsx", small, "accounts", "true"), 400, "accounts"},
		{"a mapping without =", "POST", "/api/import/staff", admin, importBody(t, "s.xlsx", small, "map", "网格"), 400, "map"},
		{"dry_run not a boolean", "POST", "/api/import/staff", admin, importBody(t, "s.xlsx", small, "dry_run", "maybe"), 400, "dry_run"},
		{"an unknown field", "POST", "/api/import/staff", admin, importBody(t, "s.xlsx", small, "snap", "1"), 400, "snap"},
		{"no file", "POST", "/api/import/staff", admin, importBody(t, "", nil, "dry_run", "true"), 400, "file"},
	}
	for _, c := range cases {
		headers := c.as.header()
		if c.method == "POST" {
			headers = append(headers, "Content-Type: multipart/form-data; boundary="+uploadBoundary)
		}
		r := do(t, s, c.method, c.path, strings.NewReader(c.body), headers...)
		if r.status != c.status {
			t.Errorf("%s: %s %s = %d; want %d\n%.300s", c.name, c.method, c.path, r.status, c.status, r.body)
			continue
		}
		if _, field := r.errorOf(t); field != c.field {
			t.Errorf("%s: error field %q; want %q", c.name, field, c.field)
		}
	}
}

// TestSheetImportMissingColumns: a sheet lacking a required column fails
// as a whole, giving its headers, and imports once they are mapped.
func TestSheetImportMissingColumns(t *testing.T) {
	t.Parallel()
	_, s, admin, full := rosterServer(t, "sqlite", api.Config{})
	rows := rostertest.Residents(full, 20)
	rows[0] = slices.Clone(rows[0])
	rows[0][0], rows[0][4] = "户编码", "身份证件号"
	src := rostertest.XLSX(t, rows)
	j := runSheet(t, s, admin, "residents", importBody(t, "居民.xlsx", src))
	if j.State != "failed" || j.Error == nil || j.Error.Code != "invalid" || !strings.Contains(j.Error.Message, "缺少必填列") ||
		j.Columns == nil || !slices.Equal(j.Columns.Unknown, []string{"户编码", "身份证件号"}) || !slices.Equal(j.Columns.Missing, []string{"户号", "公民身份号码"}) {
		t.Fatalf("a sheet lacking columns = %+v, error %+v, columns %+v", j, j.Error, j.Columns)
	}
	j = runSheet(t, s, admin, "residents", importBody(t, "居民.xlsx", src, "map", "户编码=household_no\n身份证件号=公民身份号码"))
	if j.State != "done" || j.Result.Rows != 20 || j.Result.Invalid != 0 {
		t.Fatalf("mapped = %+v %+v; want 20 valid rows", j, j.Result)
	}
}

// TestSheetImportOpenAPI: the document describes the people import's
// routes under the app API's server, for administrators, with every form
// field it takes, and the answers fit their schemas.
func TestSheetImportOpenAPI(t *testing.T) {
	t.Parallel()
	_, s, admin, full := rosterServer(t, "sqlite", api.Config{BaseURL: "http://gridmap.test", MaxSheetBytes: 64 << 10})
	_, doc := openAPIDoc(t, s)
	ops := map[string]string{"/import/templates/{kind}": "GET", "/import/{kind}": "POST", "/import/jobs/{id}": "GET", "/import/jobs/{id}/errors.xlsx": "GET"}
	for path, method := range ops {
		item := doc.Paths.Value(path)
		if item == nil || item.GetOperation(method) == nil {
			t.Fatalf("%s: no %s in the document", path, method)
		}
		if len(item.Servers) != 1 || item.Servers[0].URL != "http://gridmap.test/api" {
			t.Errorf("%s servers = %v; want http://gridmap.test/api", path, item.Servers)
		}
		for _, req := range *item.GetOperation(method).Security {
			if len(req) == 0 {
				t.Errorf("%s %s takes anonymous callers", method, path)
			}
		}
	}
	post := doc.Paths.Value("/import/{kind}").Post
	form := post.RequestBody.Value.Content.Get("multipart/form-data").Schema.Value
	staff := rostertest.XLSX(t, rostertest.Staff(full))
	var fields []string
	for name := range form.Properties {
		switch name {
		case "file", "sheet", "map":
		case "dry_run", "skip_invalid", "accounts":
			fields = append(fields, name, "true")
		default:
			fields = append(fields, name, "")
		}
	}
	// Every documented field is taken (an unknown one is refused).
	j := runSheet(t, s, admin, "staff", importBody(t, "s.xlsx", staff, fields...))
	if j.State != "done" {
		t.Fatalf("a dry run with every documented field = %+v", j)
	}
	_, bad := badIDResidents(t, 5)
	badJob := runSheet(t, s, admin, "residents", importBody(t, "r.xlsx", rostertest.XLSX(t, bad)))
	big := rostertest.XLSX(t, rostertest.Residents(full, 3000))
	cases := []struct {
		name, method, path, doc string
		body                    string
		status                  int
	}{
		{"a job", "GET", "/api/import/jobs/" + badJob.ID, "/import/jobs/{id}", "", 200},
		{"no such job", "GET", "/api/import/jobs/0000", "/import/jobs/{id}", "", 404},
		{"the error sheet", "GET", "/api/import/jobs/" + badJob.ID + "/errors.xlsx", "/import/jobs/{id}/errors.xlsx", "", 200},
		{"the template", "GET", "/api/import/templates/incidents", "/import/templates/{kind}", "", 200},
		{"no such template", "GET", "/api/import/templates/x", "/import/templates/{kind}", "", 404},
		{"an upload", "POST", "/api/import/staff", "/import/{kind}", importBody(t, "s.xlsx", staff), 202},
		{"a bad option", "POST", "/api/import/staff", "/import/{kind}", importBody(t, "s.xlsx", staff, "skip_invalid", "x"), 400},
		{"too large", "POST", "/api/import/residents", "/import/{kind}", importBody(t, "r.xlsx", big), 413},
		{"no such kind", "POST", "/api/import/x", "/import/{kind}", importBody(t, "s.xlsx", staff), 404},
	}
	for _, c := range cases {
		headers := admin.header()
		if c.method == "POST" {
			headers = append(headers, "Content-Type: multipart/form-data; boundary="+uploadBoundary)
		}
		r := do(t, s, c.method, c.path, strings.NewReader(c.body), headers...)
		if r.status != c.status {
			t.Errorf("%s: %s %s = %d; want %d\n%.300s", c.name, c.method, c.path, r.status, c.status, r.body)
			continue
		}
		resp := doc.Paths.Value(c.doc).GetOperation(c.method).Responses.Status(c.status)
		if resp == nil {
			t.Errorf("%s: answer %d not documented", c.name, c.status)
			continue
		}
		ctype := strings.TrimSuffix(r.header.Get("Content-Type"), "; charset=utf-8")
		mt := resp.Value.Content.Get(ctype)
		if mt == nil {
			t.Errorf("%s: answer %d as %s not documented", c.name, c.status, ctype)
			continue
		}
		if ctype != "application/json" {
			continue
		}
		var v any
		mustJSON(t, r.body, &v)
		if err := mt.Schema.Value.VisitJSON(v); err != nil {
			t.Errorf("%s (%d) does not fit its schema: %v", c.name, c.status, err)
		}
		if c.status == 202 { // the next upload waits for this one
			var j sheetJob
			mustJSON(t, r.body, &j)
			for j.State == "running" {
				time.Sleep(20 * time.Millisecond)
				j = getSheetJob(t, s, admin, j.ID)
			}
		}
	}
}

// rosterServer is a server with cfg on a store of kind loaded with the
// roster tests' town (without its people), and an admin of it; full is
// that town with its people, for the sheets to import.
func rosterServer(t *testing.T, kind string, cfg api.Config) (data.Store, *api.Server, *actor, *data.Dataset) {
	t.Helper()
	st := stores.Open(t, kind)
	town, full := rostertest.Town(t)
	if err := st.Load(t.Context(), town); err != nil {
		t.Fatal(err)
	}
	return st, api.New(st, cfg, quietLog()), newAdmin(t, st), full
}
