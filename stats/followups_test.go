package stats

import (
	"reflect"
	"testing"

	"gridmap/data"
	"gridmap/domain"
)

func TestMeasureFollowups(t *testing.T) {
	f := func(performed, satisfaction string) data.Followup {
		return data.Followup{Reached: true, Performed: performed, Satisfaction: satisfaction,
			Passed: domain.FollowupPassed(performed, satisfaction)}
	}
	fs := []data.Followup{
		f(data.PerformedYes, data.SatisfactionSatisfied),
		f(data.PerformedYes, data.SatisfactionBasically),
		f(data.PerformedPartly, data.SatisfactionBasically),
		{Method: data.FollowupPhone}, // not reached: counted, but in no share
	}
	got := MeasureFollowups(fs)
	want := FollowupMeasures{Total: 4, Reached: 3, Passed: 2,
		PerformanceShares:  map[string]float64{"yes": 0.6667, "partly": 0.3333, "no": 0},
		SatisfactionShares: map[string]float64{"satisfied": 0.3333, "basically_satisfied": 0.6667, "dissatisfied": 0}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("MeasureFollowups() = %+v; want %+v", got, want)
	}
	none := MeasureFollowups(fs[3:])
	if none.Total != 1 || none.Reached != 0 || none.PerformanceShares != nil || none.SatisfactionShares != nil {
		t.Errorf("MeasureFollowups(not reached) = %+v; want 1 record, no shares", none)
	}
}
