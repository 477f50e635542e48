package casefile_test

import (
	"strings"
	"testing"
	"time"

	"gridmap/casefile"
	"gridmap/data"
)

func TestConfirmationWindow(t *testing.T) {
	t.Parallel()
	cst := data.ChinaTime
	agreed := time.Date(2026, 11, 10, 23, 30, 0, 0, cst) // late evening: still 10 November in China
	for _, c := range []struct {
		name     string
		now      time.Time
		left     int
		closing  bool
		expired  bool
		deadline string
	}{
		{"the day it was signed", time.Date(2026, 11, 10, 23, 59, 0, 0, cst), 30, false, false, "2026-12-10"},
		{"eight days left", time.Date(2026, 12, 2, 9, 0, 0, 0, cst), 8, false, false, "2026-12-10"},
		{"six days left", time.Date(2026, 12, 4, 9, 0, 0, 0, cst), 6, true, false, "2026-12-10"},
		{"the last day", time.Date(2026, 12, 10, 0, 5, 0, 0, cst), 0, true, false, "2026-12-10"},
		{"the day after", time.Date(2026, 12, 11, 0, 5, 0, 0, cst), -1, false, true, "2026-12-10"},
	} {
		w := casefile.ConfirmationWindow(agreed.UTC(), c.now.UTC())
		if w.AgreementDate != "2026-11-10" || w.Deadline != c.deadline || w.DaysLeft != c.left || w.Closing != c.closing || w.Expired != c.expired {
			t.Errorf("%s: ConfirmationWindow = %+v; want 2026-11-10 to %s, %d left, closing %v, expired %v", c.name, w, c.deadline, c.left, c.closing, c.expired)
		}
	}
}

func TestAge(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 6, 1, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		birth string
		want  int
	}{{"1970-12-06", 56}, {"1970-12-07", 55}, {"2000-01-01", 26}, {"", 0}, {"1970-13-01", 0}} {
		if got := casefile.Age(c.birth, now); got != c.want {
			t.Errorf("Age(%q) = %d; want %d", c.birth, got, c.want)
		}
	}
}

func TestCheck(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 6, 1, 0, 0, 0, time.UTC)
	c := &casefile.Case{Incident: data.Incident{ID: 7, Status: data.StatusReported}, Now: now}
	missing := func() string {
		var out []string
		for _, it := range casefile.Check(c).Items {
			out = append(out, it.Kind+":"+it.Missing)
		}
		return strings.Join(out, " ")
	}
	if got, want := missing(), "application:no_parties notice:not_accepted record:no_mediation agreement:no_agreement followup:no_followup"; got != want {
		t.Errorf("Check of a bare report = %s; want %s", got, want)
	}
	c.Incident.Parties, c.Incident.Status = []string{"张三", "李四"}, data.StatusMediating
	c.Records = []data.MediationRecord{{ID: 1, Outcome: data.OutcomeOngoing, At: now.AddDate(0, 0, -30)}}
	if got, want := missing(), "application: notice: record: agreement:no_agreement followup:no_followup"; got != want {
		t.Errorf("Check while mediating = %s; want %s", got, want)
	}
	if casefile.Check(c).Window != nil {
		t.Errorf("Check without an agreement has a window")
	}
	c.Records = append(c.Records, data.MediationRecord{ID: 2, Outcome: data.OutcomeAgreement, At: now.AddDate(0, 0, -25), AgreementText: "赔偿500元"})
	c.Followups = []data.Followup{{ID: 1, Method: data.FollowupPhone}}
	cl := casefile.Check(c)
	if got, want := missing(), "application: notice: record: agreement: followup:"; got != want {
		t.Errorf("Check of a full file = %s; want %s", got, want)
	}
	if w := cl.Window; w == nil || w.DaysLeft != 5 || !w.Closing {
		t.Errorf("Check window = %+v; want 5 days left, closing", w)
	}
}

func TestRender(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 6, 1, 0, 0, 0, time.UTC)
	c := &casefile.Case{
		Incident: data.Incident{ID: 42, Status: data.StatusResolved, Type: "邻里纠纷", Source: "群众来访", Summary: "排水沟堵塞",
			Description: "张三家排水沟<script>堵塞</script>", Parties: []string{"张三", "李四"}, Mediators: []int64{3}, ReportedAt: now.AddDate(0, 0, -40)},
		Town: "安稳镇", Unit: "松林村", Cell: "第一网格",
		Parties:   []casefile.Party{{Name: "张三", Gender: "M", Age: 56, Phone: "13800000000", Address: "松林村1组"}, {Name: "李四"}},
		Mediators: map[int64]data.Mediator{3: {ID: 3, Name: "王调解"}},
		Users:     map[int64]string{9: "刘艳"},
		Records: []data.MediationRecord{{ID: 5, MediatorIDs: []int64{3}, Outcome: data.OutcomeAgreement, At: now.AddDate(0, 0, -2),
			AgreementText: "张三疏通排水沟", AgreementRef: "安调协〔2026〕12号", AmountAgreed: 120050, RecorderID: 9}},
		Followups: []data.Followup{{ID: 8, Method: data.FollowupVisit, Reached: true, Performed: data.PerformedYes,
			Satisfaction: data.SatisfactionSatisfied, Note: "已疏通", RecorderID: 9, At: now}},
		Now: now,
	}
	want := map[string][]string{
		casefile.KindApplication: {"人民调解申请书", "编号：GM-42", "安稳镇松林村人民调解委员会", "13800000000", "松林村1组", "申请人（签名）", "受理人（签名）", "王调解"},
		casefile.KindNotice:      {"人民调解权利义务告知书", "选择或者接受人民调解员", "如实陈述纠纷事实", "尊重对方当事人行使权利", "张三、李四", "当事人（签名）"},
		casefile.KindRecord:      {"人民调解记录", "第1次调解", "刘艳", "达成调解协议", "人民调解员（签名）"},
		casefile.KindAgreement:   {"人民调解协议书", "编号：安调协〔2026〕12号", "张三疏通排水沟", "协议涉及金额：人民币 1200.50 元", "第三十三条", "本协议于2026年12月4日达成，申请期限至2027年1月3日", "当事人（签名盖章或按指印）", "人民调解委员会（印章）"},
		casefile.KindFollowup:    {"人民调解回访记录", "入户回访", "已履行", "满意", "已疏通", "回访人（签名）"},
	}
	for kind, parts := range want {
		b, err := casefile.Render(kind, c)
		if err != nil {
			t.Fatalf("Render(%s) = %v", kind, err)
		}
		page := string(b)
		for _, p := range append(parts, "@page { size: A4") {
			if !strings.Contains(page, p) {
				t.Errorf("Render(%s) lacks %q", kind, p)
			}
		}
		if strings.Contains(page, "<script>") {
			t.Errorf("Render(%s) carries the description's markup unescaped", kind)
		}
	}
	if _, err := casefile.Render("minutes", c); data.ErrorCode(err) != data.ENOTFOUND {
		t.Errorf("Render(minutes) = %v; want not_found", err)
	}
	c.Followups = nil
	if _, err := casefile.Render(casefile.KindFollowup, c); data.ErrorCode(err) != data.ENOTFOUND {
		t.Errorf("Render(followup) without a 回访 = %v; want not_found", err)
	}
}
