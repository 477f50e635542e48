package stats

import "gridmap/data"

// FollowupMeasures measure the 回访 records of a set of incidents: how
// many there were, reached the parties and passed, and of those that
// reached them the shares of each performance (已履行, 部分履行, 未履行)
// and satisfaction (满意, 基本满意, 不满意), each share rounded to four
// digits. The shares are nil (null) when no 回访 reached the parties.
type FollowupMeasures struct {
	Total              int                `json:"total"`
	Reached            int                `json:"reached"`
	Passed             int                `json:"passed"`
	PerformanceShares  map[string]float64 `json:"performance_shares"`  // by data.Performances code
	SatisfactionShares map[string]float64 `json:"satisfaction_shares"` // by data.Satisfactions code
}

// MeasureFollowups measures fs.
func MeasureFollowups(fs []data.Followup) FollowupMeasures {
	m := FollowupMeasures{Total: len(fs)}
	performed, satisfied := map[string]int{}, map[string]int{}
	for _, f := range fs {
		if !f.Reached {
			continue
		}
		m.Reached++
		if f.Passed {
			m.Passed++
		}
		performed[f.Performed]++
		satisfied[f.Satisfaction]++
	}
	if m.Reached > 0 {
		m.PerformanceShares = shares(performed, data.Performances, m.Reached)
		m.SatisfactionShares = shares(satisfied, data.Satisfactions, m.Reached)
	}
	return m
}

// shares gives each of codes its count's share of n.
func shares(counts map[string]int, codes []string, n int) map[string]float64 {
	out := make(map[string]float64, len(codes))
	for _, c := range codes {
		out[c] = roundTo(float64(counts[c])/float64(n), 4)
	}
	return out
}
