package stats

import (
	"gridmap/data"
	"gridmap/domain"
)

// The monthly mediation statistics (调解统计月报), as the 司法部's 人民调解
// statistics report asks for them: per dispute type of its list
// (data.MediationCategories), the cases accepted, those mediated to an
// agreement, the success rate, the amounts agreed and the cases where
// mediation prevented a crime (防止民转刑) or a mass petition
// (防止群体性上访).
//
// A month counts the incidents reported in it (China time) that were
// accepted (受理): any status but reported, which awaits acceptance, and
// duplicate, which repeats a case counted already. A case counts as
// mediated successfully (调解成功) when any of its mediation records
// reached an agreement, whenever it was recorded; its amount is the sum of
// its agreements' amounts; it counts as preventing a crime or a petition
// when any record says so.

// MediationCase is an incident as the monthly statistics see it: its type,
// status and mediation records.
type MediationCase struct {
	Type    string
	Status  string
	Records []data.MediationRecord
}

// MediationRow is one row of the table: a category's counts, or the
// totals.
type MediationRow struct {
	Category string `json:"category"` // a data.MediationCategories code; "total" for the totals row
	Name     string `json:"name"`     // the report's name of it, e.g. 婚姻家庭; 合计 for the totals
	English  string `json:"english"`
	Accepted int    `json:"accepted"` // 受理
	Mediated int    `json:"mediated"` // 调解成功
	// SuccessRate is Mediated of Accepted, to four digits; nil (null) when
	// none was accepted.
	SuccessRate       *float64 `json:"success_rate"`
	AmountAgreed      data.Fen `json:"amount_agreed"`      // 涉及金额, 元
	PreventedCrime    int      `json:"prevented_crime"`    // 防止民转刑
	PreventedPetition int      `json:"prevented_petition"` // 防止群体性上访
}

// MediationTable is the month's table: a row per category in the report's
// order, every one present, and the totals.
type MediationTable struct {
	Rows  []MediationRow `json:"rows"`
	Total MediationRow   `json:"total"`
}

// CountsMediation reports whether an incident of that status counts in the
// monthly table: accepted, not a duplicate.
func CountsMediation(status string) bool {
	return status != data.StatusReported && status != data.StatusDuplicate
}

// MediationMonth counts cases, the incidents of a place reported in one
// month, under the categories that types give their types
// (domain.CategoryOf).
func MediationMonth(cases []MediationCase, types []data.IncidentType) MediationTable {
	rows := make([]MediationRow, len(data.MediationCategories))
	at := make(map[string]int, len(rows))
	for i, c := range data.MediationCategories {
		rows[i] = MediationRow{Category: c.Code, Name: c.Name, English: c.English}
		at[c.Code] = i
	}
	total := MediationRow{Category: "total", Name: "合计", English: "Total"}
	for _, c := range cases {
		if !CountsMediation(c.Status) {
			continue
		}
		r := &rows[at[domain.CategoryOf(types, c.Type)]]
		var agreed, crime, petition bool
		var amount data.Fen
		for _, m := range c.Records {
			if m.Outcome == data.OutcomeAgreement {
				agreed = true
				amount += m.AmountAgreed
			}
			crime = crime || m.PreventedCrime
			petition = petition || m.PreventedPetition
		}
		for _, r := range []*MediationRow{r, &total} {
			r.Accepted++
			r.AmountAgreed += amount
			r.Mediated += b2i(agreed)
			r.PreventedCrime += b2i(crime)
			r.PreventedPetition += b2i(petition)
		}
	}
	for i := range rows {
		rows[i].SuccessRate = rate(rows[i].Mediated, rows[i].Accepted)
	}
	total.SuccessRate = rate(total.Mediated, total.Accepted)
	return MediationTable{Rows: rows, Total: total}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// rate is n of d to four digits, nil when d is 0.
func rate(n, d int) *float64 {
	if d == 0 {
		return nil
	}
	r := roundTo(float64(n)/float64(d), 4)
	return &r
}
