package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"gridmap/auth"
	"gridmap/data"
	"gridmap/data/storetest/stores"
	"gridmap/roster"
	"gridmap/roster/rostertest"
)

// townDB returns, for each kind of store, a database holding the sample
// town without its people, and the whole sample data set.
func townDB(t *testing.T, fn func(t *testing.T, db string, full *data.Dataset)) {
	for _, kind := range stores.Kinds {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			db := stores.URL(t, kind)
			st, err := openStore(t.Context(), db)
			if err != nil {
				t.Fatal(err)
			}
			town, full := rostertest.Town(t)
			err = st.Load(t.Context(), town)
			st.Close()
			if err != nil {
				t.Fatal(err)
			}
			fn(t, db, full)
		})
	}
}

// runGridmap runs the command with args and returns its output and error.
func runGridmap(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(t.Context(), args, func(string) string { return "" }, strings.NewReader(""), &out, &errOut)
	return out.String() + errOut.String(), err
}

// writeSheet writes rows as an .xlsx in the test's directory.
func writeSheet(t *testing.T, name string, rows [][]any) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, rostertest.XLSX(t, rows), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func wantOutput(t *testing.T, call, out string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("%s: output lacks %q:\n%s", call, w, out)
		}
	}
}

func TestImportResidentsCommand(t *testing.T) {
	t.Parallel()
	townDB(t, func(t *testing.T, db string, full *data.Dataset) {
		rows := rostertest.Residents(full, 30)
		n := len(rows) - 1
		file := writeSheet(t, "居民.xlsx", rows)

		out, err := runGridmap(t, "import", "residents", file, "-db", db, "-dry-run")
		if err != nil {
			t.Fatalf("dry run = %v\n%s", err, out)
		}
		wantOutput(t, "dry run", out, "共 "+strconv.Itoa(n)+" 行，正确 "+strconv.Itoa(n)+" 行", "试运行：未写入任何内容")

		out, err = runGridmap(t, "import", "residents", "-db", db, file)
		if err != nil {
			t.Fatalf("import = %v\n%s", err, out)
		}
		wantOutput(t, "import", out, "居民：新增 "+strconv.Itoa(n)+"，更新 0，未变 0")

		out, err = runGridmap(t, "import", "residents", "-db", db, file, "-lang", "en")
		if err != nil {
			t.Fatalf("import again = %v\n%s", err, out)
		}
		wantOutput(t, "import again", out, "residents: 0 created, 0 updated, "+strconv.Itoa(n)+" unchanged")

		// A wrong identity number in row 3, with other headers mapped.
		bad := [][]any{append([]any{}, rows[0]...)}
		bad[0][4] = "身份证"
		bad = append(bad, rows[1:]...)
		bad[2] = append([]any{}, bad[2]...)
		bad[2][4] = "500110198001010010"
		file = writeSheet(t, "bad.xlsx", bad)
		errFile := filepath.Join(t.TempDir(), "错误.xlsx")
		out, err = runGridmap(t, "import", "residents", "-db", db, file, "-errors", errFile)
		if err != errProblems {
			t.Fatalf("a bad row = %v; want errProblems\n%s", err, out)
		}
		wantOutput(t, "a bad row", out, "第 3 行, 身份证: ", "未写入任何内容")
		f, err := excelize.OpenFile(errFile)
		if err != nil {
			t.Fatalf("the error sheet: %v", err)
		}
		header, _ := f.GetCellValue("Sheet1", "M1")
		msg, _ := f.GetCellValue("Sheet1", "M3")
		f.Close()
		if header != roster.ErrorColumn || !strings.Contains(msg, "身份") {
			t.Errorf("error sheet: M1 %q, M3 %q; want the 错误 column naming the identity number", header, msg)
		}
		out, err = runGridmap(t, "import", "residents", "-db", db, file, "-skip-invalid", "-dry-run")
		if err != errProblems {
			t.Errorf("dry run with a bad row = %v; want errProblems\n%s", err, out)
		}
		out, err = runGridmap(t, "import", "residents", "-db", db, file, "-skip-invalid")
		if err != nil {
			t.Fatalf("-skip-invalid = %v\n%s", err, out)
		}
		wantOutput(t, "-skip-invalid", out, "跳过", "户：新增 0")
	})
}

func TestImportStaffCommand(t *testing.T) {
	t.Parallel()
	townDB(t, func(t *testing.T, db string, full *data.Dataset) {
		file := writeSheet(t, "人员.xlsx", rostertest.Staff(full))
		out, err := runGridmap(t, "import", "staff", "-db", db, file, "-accounts")
		if err != nil {
			t.Fatalf("import staff = %v\n%s", err, out)
		}
		wantOutput(t, "import staff", out, "网格员：新增 1", "调解员：新增 3", "账号：新增 2", "1 个账号未开通", "吴中心",
			"已开通 2 个账号；密码仅显示这一次", "zhou.wg")
		var pw string
		for _, line := range strings.Split(out, "\n") {
			if f := strings.Fields(line); len(f) == 5 && f[0] == "zhou.wg" {
				pw = f[4]
			}
		}
		checkLogin(t, db, "zhou.wg", pw)

		// Another sheet, with the passwords to a file.
		rows := [][]any{rostertest.StaffHeader, {"钱网格", "网格员", "", "13800005678", full.Cells[2].Code, "", "是", ""}}
		pwFile := filepath.Join(t.TempDir(), "passwords.csv")
		out, err = runGridmap(t, "import", "staff", "-db", db, writeSheet(t, "more.xlsx", rows), "-accounts", "-passwords", pwFile)
		if err != nil {
			t.Fatalf("import staff -passwords = %v\n%s", err, out)
		}
		wantOutput(t, "import staff -passwords", out, "密码已写入 "+pwFile)
		b, err := os.ReadFile(pwFile)
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil || len(recs) != 2 || recs[1][2] != data.RoleGridWorker || strings.Contains(out, recs[1][4]) {
			t.Fatalf("passwords file = %q, %v; want one grid worker's account, its password not printed", recs, err)
		}
		if st, _ := os.Stat(pwFile); st.Mode().Perm() != 0o600 {
			t.Errorf("passwords file mode %v; want 0600", st.Mode().Perm())
		}
		checkLogin(t, db, recs[1][0], recs[1][4])

		out, err = runGridmap(t, "import", "staff", "-db", db, file, "-accounts")
		if err != nil {
			t.Fatalf("import staff again = %v\n%s", err, out)
		}
		wantOutput(t, "import staff again", out, "账号：新增 0，更新 0，未变 2")
	})
}

// checkLogin fails unless username's password is pw.
func checkLogin(t *testing.T, db, username, pw string) {
	t.Helper()
	st, err := openStore(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	u, err := st.UserByName(t.Context(), username)
	if err != nil {
		t.Fatalf("UserByName(%s) = %v", username, err)
	}
	if ok, err := auth.CheckPassword(u.PasswordHash, pw); !ok || err != nil {
		t.Errorf("%s's password %q does not log in (%v)", username, pw, err)
	}
}

func TestImportIncidentsCommand(t *testing.T) {
	t.Parallel()
	townDB(t, func(t *testing.T, db string, full *data.Dataset) {
		file := writeSheet(t, "台账.xlsx", rostertest.Ledger(full))
		out, err := runGridmap(t, "import", "incidents", "-db", db, file)
		if err != nil {
			t.Fatalf("import incidents = %v\n%s", err, out)
		}
		wantOutput(t, "import incidents", out, "事件：新增 2")
		out, err = runGridmap(t, "import", "incidents", "-db", db, file)
		if err != nil {
			t.Fatalf("import incidents again = %v\n%s", err, out)
		}
		wantOutput(t, "import incidents again", out, "事件：新增 0，更新 0，未变 2")

		// A town's own dispute types, as "gridmap serve -incident-types"
		// takes them: refused without the flag, imported with it.
		rows := rostertest.Ledger(full)
		typ := slices.Index(rows[0], any("类型"))
		for _, r := range rows[1:] {
			r[0], r[typ] = "山林-"+fmt.Sprint(r[0]), "山林纠纷"
		}
		own := writeSheet(t, "山林台账.xlsx", rows)
		out, err = runGridmap(t, "import", "incidents", "-db", db, own)
		if err == nil {
			t.Fatalf("import incidents of the type 山林纠纷 without -incident-types = nil error\n%s", out)
		}
		wantOutput(t, "import incidents of an unknown type", out, "山林纠纷")
		out, err = runGridmap(t, "import", "incidents", "-db", db, own, "-incident-types", "邻里纠纷,山林纠纷|Forest dispute|forest")
		if err != nil {
			t.Fatalf("import incidents -incident-types = %v\n%s", err, out)
		}
		wantOutput(t, "import incidents -incident-types", out, "事件：新增 2")
		if out, err := runGridmap(t, "import", "incidents", "-db", db, own, "-incident-types", "甲|A|x,乙|B|x"); err == nil || !strings.Contains(out+err.Error(), "incident-types") {
			t.Errorf("import incidents with a bad -incident-types = %v\n%s; want an error naming -incident-types", err, out)
		}
		path := filepath.Join(t.TempDir(), "模板.xlsx")
		if out, err := runGridmap(t, "template", "incidents", "-o", path, "-incident-types", "邻里纠纷,山林纠纷"); err != nil {
			t.Fatalf("template incidents -incident-types = %v\n%s", err, out)
		}
		f, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		guide, _ := f.GetRows("填写说明")
		if !slices.ContainsFunc(guide, func(r []string) bool {
			return len(r) > 2 && r[0] == "类型" && r[2] == "邻里纠纷、山林纠纷。"
		}) {
			t.Errorf("template incidents -incident-types: 填写说明 = %q; want 类型 to list 邻里纠纷、山林纠纷", guide)
		}
	})
}

// TestTemplateCommand: each template, once filled in, imports.
func TestTemplateCommand(t *testing.T) {
	t.Parallel()
	townDB(t, func(t *testing.T, db string, full *data.Dataset) {
		for kind, rows := range map[string][][]any{"residents": rostertest.Residents(full, 5), "staff": rostertest.Staff(full),
			"incidents": rostertest.Ledger(full)} {
			path := filepath.Join(t.TempDir(), kind+"模板.xlsx")
			if out, err := runGridmap(t, "template", kind, "-o", path); err != nil {
				t.Fatalf("template %s = %v\n%s", kind, err, out)
			}
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			sheet := f.GetSheetName(0)
			header, err := f.GetRows(sheet)
			if err != nil || len(header) == 0 {
				t.Fatalf("template %s: rows %v, %v", kind, header, err)
			}
			for i, r := range rows[1:] {
				cell, _ := excelize.CoordinatesToCellName(1, i+2)
				byHeader := make([]any, len(header[0]))
				for j, h := range header[0] {
					for k, want := range rows[0] {
						if strings.TrimPrefix(strings.TrimSpace(h), "*") == want {
							byHeader[j] = r[k]
						}
					}
				}
				if err := f.SetSheetRow(sheet, cell, &byHeader); err != nil {
					t.Fatal(err)
				}
			}
			if err := f.Save(); err != nil {
				t.Fatal(err)
			}
			f.Close()
			out, err := runGridmap(t, "import", kind, "-db", db, path, "-dry-run")
			if err != nil {
				t.Errorf("the filled %s template = %v\n%s", kind, err, out)
			}
			wantOutput(t, "the filled "+kind+" template", out, "共 "+strconv.Itoa(len(rows)-1)+" 行，正确 "+strconv.Itoa(len(rows)-1)+" 行")
		}
	})
}
