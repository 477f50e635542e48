package domain_test

import (
	"testing"

	"gridmap/data"
	"gridmap/domain"
)

// TestFollowupPassed: a 回访 passes when the resolution was performed in full
// and the parties are not dissatisfied, whatever else.
func TestFollowupPassed(t *testing.T) {
	for _, p := range data.Performances {
		for _, sat := range data.Satisfactions {
			want := p == data.PerformedYes && sat != data.SatisfactionDissatisfied
			if got := domain.FollowupPassed(p, sat); got != want {
				t.Errorf("FollowupPassed(%s, %s) = %v; want %v", p, sat, got, want)
			}
		}
	}
}
