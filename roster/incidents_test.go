package roster

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"gridmap/data"
	"gridmap/geo"
)

var incidentHeader = []any{"编号", "类型", "来源", "状态", "发生时间", "摘要", "当事人", "详细情况", "经度", "纬度", "所属网格", "办结时间", "回访时间", "回访方式", "履行情况", "满意度"}

func ledger(t testing.TB) [][]any {
	ds := sampleTown(t).ds
	p := geo.LabelPoint(ds.Cells[3].Geometry)
	return [][]any{
		slices.Clone(incidentHeader),
		{"2021-001", "邻里纠纷", "网格员上报", "已化解", "2021-03-04 09:30", "宅基地边界争议", "张三、李四", "两户因宅基地边界砌墙发生争执", p[0], p[1], "", "2021/3/10", "2021-03-15 10:00", "电话", "", "满意"},
		{"2021-002", "劳资", "信访", "调解中", "2021年5月6日", "拖欠工资", "", "", "", "", ds.Cells[4].Name, "", "", "", "", ""},
	}
}

func TestReadIncidents(t *testing.T) {
	t.Parallel()
	tw := sampleTown(t)
	s, err := ReadIncidents(bytes.NewReader(xlsx(t, ledger(t))), tw.options())
	if err != nil {
		t.Fatal(err)
	}
	if !s.OK() || len(s.Incidents) != 2 {
		t.Fatalf("ReadIncidents = %d, %q; want 2 valid", len(s.Incidents), errorsOf(&s.Report))
	}
	a, b := s.Incidents[0], s.Incidents[1]
	wantAt := time.Date(2021, 3, 4, 9, 30, 0, 0, data.CST)
	if a.Number != "2021-001" || a.Status != data.StatusResolved || a.Kind != data.KindDispute || !a.ReportedAt.Equal(wantAt) || a.ResolvedAt == nil ||
		!a.ResolvedAt.Equal(time.Date(2021, 3, 10, 0, 0, 0, 0, data.CST)) || a.CellCode != tw.ds.Cells[3].Code || a.Approximate || !slices.Equal(a.Parties, []string{"张三", "李四"}) || a.Description != "两户因宅基地边界砌墙发生争执" {
		t.Errorf("first = %+v", a)
	}
	if a.FollowupPassedAt == nil || !a.FollowupPassedAt.Equal(time.Date(2021, 3, 15, 10, 0, 0, 0, data.CST)) || b.FollowupPassedAt != nil {
		t.Errorf("passed 回访 = %v, %v; want 2021-03-15 10:00 for the first, none for the open second", a.FollowupPassedAt, b.FollowupPassedAt)
	}
	fu := time.Date(2021, 3, 15, 10, 0, 0, 0, data.CST)
	if f := a.LedgerFollowup; f == nil || *f != (data.Followup{Method: data.FollowupPhone, Reached: true, Performed: data.PerformedYes,
		Satisfaction: data.SatisfactionSatisfied, Passed: true, At: fu}) || b.LedgerFollowup != nil {
		t.Errorf("ledger 回访 = %+v, %+v; want a passed phone call, 已履行 (the default), 满意, for the first only", a.LedgerFollowup, b.LedgerFollowup)
	}
	if b.Kind != data.KindPetition || b.Status != data.StatusMediating || b.CellCode != tw.ds.Cells[4].Code || !b.Approximate || b.ResolvedAt != nil {
		t.Errorf("second = %+v", b)
	}
}

func TestIncidentRefusals(t *testing.T) {
	t.Parallel()
	tw := sampleTown(t)
	cases := []struct {
		name     string
		row, col int
		value    any
		errCol   string
		contains string
	}{
		{"empty number", 1, 0, "", "编号", "number is empty"},
		{"duplicate number", 2, 0, "2021-001", "编号", "also in row 2"},
		{"unknown type", 1, 1, "打架", "类型", "not an incident type"},
		{"unknown source", 1, 2, "微信", "来源", "not a source"},
		{"unknown status", 1, 3, "搁置", "状态", "not a status"},
		{"bad date", 1, 4, "去年春天", "发生时间", "not a date"},
		{"future date", 1, 4, "2030-01-01", "发生时间", "in the future"},
		{"resolved without date", 1, 11, "", "办结时间", "needs the date"},
		{"open with a resolution date", 2, 11, "2021-06-01", "办结时间", "open incident has no resolution"},
		{"resolved before reported", 1, 11, "2021-03-01", "办结时间", "before the incident"},
		{"a 回访 of an open incident", 2, 12, "2021-06-01", "回访时间", "Only a resolved or closed incident"},
		{"a 回访 before the resolution", 1, 12, "2021-03-09", "回访时间", "before the resolution"},
		{"a 回访 to come", 1, 12, "2030-01-01", "回访时间", "in the future"},
		{"a 回访 that is no date", 1, 12, "上周", "回访时间", "not a date"},
		{"a 回访 not carried out", 1, 14, "部分履行", "回访时间", "passed 回访"},
		{"a dissatisfied 回访", 1, 15, "不满意", "回访时间", "passed 回访"},
		{"an unknown 回访 method", 1, 13, "微信", "回访方式", "not a value of this column"},
		{"a satisfaction without a 回访", 2, 15, "满意", "满意度", "Give the 回访时间"},
		{"empty summary", 2, 5, "", "摘要", "summary is empty"},
		{"no place", 2, 10, "", "所属网格", "Give the cell"},
		{"point outside the named cell", 1, 10, tw.ds.Cells[0].Code, "经度", "not in cell"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rows := ledger(t)
			rows[c.row][c.col] = c.value
			s, err := ReadIncidents(bytes.NewReader(xlsx(t, rows)), tw.options())
			if err != nil {
				t.Fatal(err)
			}
			if len(s.Errors) != 1 || s.Errors[0].Row != c.row+1 || s.Errors[0].Column != c.errCol || !strings.Contains(s.Errors[0].Err.Message, c.contains) {
				t.Errorf("errors = %q; want one at row %d, %s: …%s…", errorsOf(&s.Report), c.row+1, c.errCol, c.contains)
			}
			if s.Incidents != nil {
				t.Errorf("incidents = %d with an invalid row; want none", len(s.Incidents))
			}
		})
	}
}
