package importer_test

import (
	"bytes"
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"gridmap/auth"
	"gridmap/data"
	"gridmap/importer"
	"gridmap/roster"
	"gridmap/roster/rostertest"
)

// townStore is a store of each kind holding the sample town without its
// people.
func townStore(t *testing.T, fn func(t *testing.T, st data.Store, full *data.Dataset)) {
	eachStore(t, func(t *testing.T, st data.Store) {
		town, full := rostertest.Town(t)
		if err := st.Load(t.Context(), town); err != nil {
			t.Fatal(err)
		}
		fn(t, st, full)
	})
}

func sheetOptions() importer.SheetOptions {
	return importer.SheetOptions{Options: roster.Options{Today: time.Date(2026, 12, 1, 0, 0, 0, 0, data.CST)}}
}

func importSheet(t *testing.T, st data.Store, kind roster.Kind, src []byte, opt importer.SheetOptions) *importer.SheetResult {
	t.Helper()
	res, err := importer.ImportSheet(t.Context(), st, kind, bytes.NewReader(src), opt)
	if err != nil {
		t.Fatalf("ImportSheet(%s) = %v", kind, err)
	}
	return res
}

func households(t *testing.T, st data.Store) []data.Household {
	t.Helper()
	hs, _, err := st.Households(t.Context(), data.HouseholdFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return hs
}

func TestImportSheetResidents(t *testing.T) {
	t.Parallel()
	townStore(t, func(t *testing.T, st data.Store, full *data.Dataset) {
		rows := rostertest.Residents(full, 40)
		src := rostertest.XLSX(t, rows)
		opt := sheetOptions()
		opt.DryRun = true
		res := importSheet(t, st, roster.Residents, src, opt)
		if !res.Report.OK() || res.Written != nil || res.Report.Rows != len(rows)-1 {
			t.Fatalf("dry run = %+v, %d rows; want %d rows, nothing written", res, res.Report.Rows, len(rows)-1)
		}
		if hs := households(t, st); len(hs) != 0 {
			t.Fatalf("a dry run wrote %d households", len(hs))
		}

		opt.DryRun = false
		var progress [][2]int
		opt.Progress = func(done, total int) { progress = append(progress, [2]int{done, total}) }
		res = importSheet(t, st, roster.Residents, src, opt)
		nh := 0
		for _, h := range full.Households {
			if slices.ContainsFunc(rows[1:], func(r []any) bool { return r[0] == "0-"+strconv.FormatInt(h.ID, 10) }) {
				nh++
			}
		}
		want := []data.ImportCount{{Noun: "households", Created: nh}, {Noun: "residents", Created: len(rows) - 1}}
		if !slices.Equal(res.Written, want) {
			t.Errorf("Written = %+v; want %+v", res.Written, want)
		}
		if n := len(progress); n < 2 || progress[n-2] != [2]int{0, len(rows) - 1} || progress[n-1] != [2]int{len(rows) - 1, len(rows) - 1} {
			t.Errorf("progress = %v; want it to end at 0 and %d of %d", progress, len(rows)-1, len(rows)-1)
		}
		hs := households(t, st)
		if len(hs) != nh || !hs[0].Approximate || hs[0].Number == "" {
			t.Errorf("households = %+v; want %d, at label points", hs, nh)
		}

		res = importSheet(t, st, roster.Residents, src, sheetOptions())
		want = []data.ImportCount{{Noun: "households", Unchanged: nh}, {Noun: "residents", Unchanged: len(rows) - 1}}
		if !slices.Equal(res.Written, want) {
			t.Errorf("Written again = %+v; want %+v", res.Written, want)
		}

		// A wrong identity number: nothing is written, or, skipping
		// invalid rows, all but its household.
		bad := slices.Clone(rows)
		bad = append(bad, []any{"N-1", "新户主", "新户主", "本人", "50011019800101002" + string(rostertest.CheckChar("50011019800101002")+1), "男", "", "", "", full.Cells[0].Code, "", ""},
			[]any{"N-2", "另一户", "另一户", "本人", "50011019800101001" + string(rostertest.CheckChar("50011019800101001")), "男", "", "", "", full.Cells[0].Code, "", ""})
		res = importSheet(t, st, roster.Residents, rostertest.XLSX(t, bad), sheetOptions())
		if res.Report.OK() || res.Written != nil || res.Report.Errors[0].Row != len(rows)+1 || res.Report.Errors[0].Column != "公民身份号码" {
			t.Fatalf("a bad identity number: report %+v, written %+v; want row %d 公民身份号码, nothing written", res.Report.Errors, res.Written, len(rows)+1)
		}
		if got := len(households(t, st)); got != nh {
			t.Errorf("a refused sheet left %d households; want %d", got, nh)
		}
		opt = sheetOptions()
		opt.SkipInvalid = true
		res = importSheet(t, st, roster.Residents, rostertest.XLSX(t, bad), opt)
		want = []data.ImportCount{{Noun: "households", Created: 1, Unchanged: nh}, {Noun: "residents", Created: 1, Unchanged: len(rows) - 1}}
		if !slices.Equal(res.Written, want) || !slices.Equal(res.Report.Skipped, []int{len(rows) + 1}) {
			t.Errorf("skipping invalid rows: written %+v, skipped %v; want %+v, row %d", res.Written, res.Report.Skipped, want, len(rows)+1)
		}
	})
}

func TestImportSheetStaff(t *testing.T) {
	t.Parallel()
	townStore(t, func(t *testing.T, st data.Store, full *data.Dataset) {
		src := rostertest.XLSX(t, rostertest.Staff(full))
		opt := sheetOptions()
		opt.Accounts = true
		res := importSheet(t, st, roster.Staff, src, opt)
		want := []data.ImportCount{{Noun: "grid_workers", Created: 1}, {Noun: "mediators", Created: 3}, {Noun: "accounts", Created: 2}}
		if !res.Report.OK() || !slices.Equal(res.Written, want) {
			t.Fatalf("ImportSheet(staff) = %+v, written %+v; want %+v", res.Report.Errors, res.Written, want)
		}
		if len(res.NoAccount) != 1 || res.NoAccount[0].Row != 3 || !strings.Contains(res.NoAccount[0].Err.Message, "吴中心") {
			t.Errorf("NoAccount = %+v; want row 3, 吴中心, a town-centre mediator", res.NoAccount)
		}
		if len(res.Accounts) != 2 || res.Accounts[0].Username != "zhou.wg" || res.Accounts[0].Role != data.RoleGridWorker ||
			res.Accounts[1].Role != data.RoleMediator || !strings.HasPrefix(res.Accounts[1].Username, "tj") {
			t.Fatalf("Accounts = %+v; want zhou.wg (grid worker) and a mediator's", res.Accounts)
		}
		for _, a := range res.Accounts {
			u, err := st.UserByName(t.Context(), a.Username)
			if err != nil {
				t.Fatal(err)
			}
			if ok, err := auth.CheckPassword(u.PasswordHash, a.Password); !ok || err != nil || auth.CheckNewPassword(a.Password) != nil {
				t.Errorf("account %s: password %q does not log in (%v)", a.Username, a.Password, err)
			}
		}
		res = importSheet(t, st, roster.Staff, src, opt)
		want = []data.ImportCount{{Noun: "grid_workers", Unchanged: 1}, {Noun: "mediators", Unchanged: 3}, {Noun: "accounts", Unchanged: 2}}
		if !slices.Equal(res.Written, want) || len(res.Accounts) != 0 {
			t.Errorf("ImportSheet(staff again) = written %+v, accounts %+v; want %+v and no new account", res.Written, res.Accounts, want)
		}
	})
}

func TestImportSheetIncidents(t *testing.T) {
	t.Parallel()
	townStore(t, func(t *testing.T, st data.Store, full *data.Dataset) {
		src := rostertest.XLSX(t, rostertest.Ledger(full))
		res := importSheet(t, st, roster.Incidents, src, sheetOptions())
		want := []data.ImportCount{{Noun: "incidents", Created: 2}}
		if !res.Report.OK() || !slices.Equal(res.Written, want) {
			t.Fatalf("ImportSheet(incidents) = %+v, written %+v; want %+v", res.Report.Errors, res.Written, want)
		}
		ins, _, err := st.Incidents(context.Background(), data.IncidentFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(ins) != 2 || ins[0].LedgerNumber != "2021-001" || ins[0].Status != data.StatusResolved || ins[1].Kind != data.KindPetition {
			t.Errorf("incidents = %+v; want the ledger's two", ins)
		}
		res = importSheet(t, st, roster.Incidents, src, sheetOptions())
		if want := []data.ImportCount{{Noun: "incidents", Unchanged: 2}}; !slices.Equal(res.Written, want) {
			t.Errorf("ImportSheet(incidents again) written %+v; want %+v", res.Written, want)
		}
	})
}

// TestImportSheetStaffUsernameTaken: a username held by an account of
// another role is refused per row in a dry run too, as the store would
// refuse it at the commit; with SkipInvalid the rest go in.
func TestImportSheetStaffUsernameTaken(t *testing.T) {
	t.Parallel()
	townStore(t, func(t *testing.T, st data.Store, full *data.Dataset) {
		if err := st.CreateUser(t.Context(), &data.User{Username: "zhou.wg", Name: "周领导", Role: data.RoleLeader, PasswordHash: "x"}); err != nil {
			t.Fatal(err)
		}
		src := rostertest.XLSX(t, rostertest.Staff(full))
		opt := sheetOptions()
		opt.Accounts, opt.DryRun = true, true
		res := importSheet(t, st, roster.Staff, src, opt)
		if len(res.Report.Errors) != 1 || res.Report.Errors[0].Row != 2 || res.Report.Errors[0].Column != "用户名" || res.Written != nil {
			t.Fatalf("dry run: errors %+v, written %+v; want row 2 用户名, nothing written", res.Report.Errors, res.Written)
		}
		opt.DryRun, opt.SkipInvalid = false, true
		res = importSheet(t, st, roster.Staff, src, opt)
		want := []data.ImportCount{{Noun: "grid_workers"}, {Noun: "mediators", Created: 3}, {Noun: "accounts", Created: 1}}
		if !slices.Equal(res.Written, want) || !slices.Equal(res.Report.Skipped, []int{2}) {
			t.Errorf("skipping: written %+v, skipped %v; want %+v, row 2", res.Written, res.Report.Skipped, want)
		}
	})
}
