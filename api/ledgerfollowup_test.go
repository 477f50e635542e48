package api_test

import (
	"fmt"
	"testing"

	"gridmap/api"
	"gridmap/data/storetest/stores"
	"gridmap/roster/rostertest"
)

// TestLedgerFollowupStats: a ledger's 回访 (回访时间, with 回访方式, 履行情况
// and 满意度, or their defaults 入户, 已履行, 基本满意) is imported as a 回访
// record, so that /api/stats counts it in its 回访 figures and its
// performance and satisfaction shares, and a second import of the same
// sheet counts it once; on both stores.
func TestLedgerFollowupStats(t *testing.T) {
	t.Parallel()
	for _, kind := range stores.Kinds {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			_, s, admin, full := rosterServer(t, kind, api.Config{})
			rows := rostertest.Ledger(full)
			rows[0] = append(append([]any{}, rows[0]...), "回访时间", "回访方式", "满意度")
			rows[1] = append(append([]any{}, rows[1]...), "2021-03-15 10:00", "电话", "满意")
			rows[2] = append(append([]any{}, rows[2]...), "", "", "")
			resolved := append([]any{}, rows[1]...)
			resolved[0], resolved[5], resolved[len(resolved)-2], resolved[len(resolved)-1] = "2021-003", "土地纠纷", "", "" // 入户, 基本满意
			rows = append(rows, resolved)
			for round := range 2 {
				j := runSheet(t, s, admin, "incidents", importBody(t, "台账.xlsx", rostertest.XLSX(t, rows), "dry_run", "false"))
				if j.State != "done" || j.Result == nil || !j.Result.Written {
					t.Fatalf("import %d = %+v %+v; want written", round+1, j, j.Result)
				}
				got := get(t, s, "/api/stats?to=2022-01-01T00:00:00Z", admin.header()...).json(t)["stats"].(map[string]any)["followups"].(map[string]any)
				want := "map[basically_satisfied:0.5 dissatisfied:0 satisfied:0.5] map[no:0 partly:0 yes:1] 2 2 2"
				if g := fmt.Sprint(got["satisfaction_shares"], " ", got["performance_shares"], " ", got["total"], " ", got["reached"], " ", got["passed"]); g != want {
					t.Errorf("import %d: stats followups = %s; want %s", round+1, g, want)
				}
			}
		})
	}
}
