package domain

import (
	"cmp"
	"gridmap/data"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// IsOpen reports whether an incident in the given status is still open.
func IsOpen(status string) bool { return slices.Contains(data.OpenStatuses, status) }

// StatusCounts returns a count of incidents for every status, each 0,
// for a tally to add to: every status shows, those no incident is in too.
func StatusCounts() map[string]int {
	counts := make(map[string]int, len(data.Statuses))
	for _, st := range data.Statuses {
		counts[st] = 0
	}
	return counts
}

// HasDeadline reports whether status may have a deadline: an open status,
// or resolved (the 回访 is due a set time after 化解).
func HasDeadline(status string) bool {
	return slices.Contains(data.DeadlineStatuses, status)
}

// AwaitsStage reports whether in still has its current stage's work to do,
// so that the stage's deadline applies: any incident but a resolved one
// whose 回访 has passed (the store's overdue filter, StageBefore, leaves
// those out the same way).
func AwaitsStage(in *data.Incident) bool {
	return in.Status != data.StatusResolved || in.FollowupPassedAt == nil
}

// ResolvedAtGrassroots reports whether in counts as resolved at the
// grassroots (矛盾纠纷不上交): closed after a passed 回访, never escalated.
func ResolvedAtGrassroots(in *data.Incident) bool {
	return AtGrassroots(in.Status, in.FollowupPassedAt != nil, in.Escalation)
}

// AtGrassroots is the rule of ResolvedAtGrassroots on an incident's
// status, whether a passed 回访 of its resolution is recorded, and its
// escalation: for the statistics' facts (IncidentFact) as for incidents.
func AtGrassroots(status string, followupPassed bool, escalation int) bool {
	return status == data.StatusClosed && followupPassed && escalation == 0
}

// CheckClosable returns ECONFLICT naming "followup" unless a move of an
// incident from status from to status to leaves a resolved incident
// closed only after a passed 回访 of its resolution (passedAt not nil).
func CheckClosable(from, to string, passedAt *time.Time) error {
	if from == data.StatusResolved && to == data.StatusClosed && passedAt == nil {
		return data.Errorf(data.ECONFLICT, "The incident has no passed 回访 (followup) since it was resolved: record one before closing it.").
			WithField("followup")
	}
	return nil
}

// NewIncident returns the incident CreateIncident stores for in, or
// EINVALID naming the field at fault (CheckIncidentText for the
// texts). Missing values take their defaults:
// Kind from the source (信访 is a petition, anything else a dispute),
// Status reported, Priority normal, ReportedAt, UpdatedAt and StageSince
// now. The fields the workflow owns start afresh whatever in holds: no ID
// yet, Version 1, Escalation 0, no ResolvedAt, LedgerNumber nor
// FollowupPassedAt. A report with a DuplicateOf
// is filed as a duplicate of that incident (status duplicate) instead of a
// new case. PartyDetails are checked (CheckParties) and may not come with
// Parties. A location of
// exactly (0, 0) counts as missing: it is the zero value, and no township
// lies there. It checks the shape only; the store checks that the
// cells and mediators in names exist.
func NewIncident(in *data.Incident, key string, now time.Time) (data.Incident, error) {
	if in == nil {
		return data.Incident{}, data.Errorf(data.EINVALID, "There is no incident to create.")
	}
	n := *in
	if n.Source == "" || !slices.Contains(data.IncidentSources, n.Source) {
		return n, data.FieldErrorf("source", "Unknown source %q; use one of %s.", n.Source, strings.Join(data.IncidentSources, ", "))
	}
	if n.Kind == "" {
		n.Kind = KindOf(n.Source)
	}
	if n.Priority == "" {
		n.Priority = data.PriorityNormal
	}
	if n.Status == "" {
		n.Status = data.StatusReported
	}
	lon, lat := n.Location.Lon(), n.Location.Lat()
	switch {
	case n.CellCode == "":
		return n, data.FieldErrorf("cell", "A cell code is required.")
	case n.Kind != data.KindDispute && n.Kind != data.KindPetition:
		return n, data.FieldErrorf("kind", "Unknown incident kind %q.", n.Kind)
	case strings.TrimSpace(n.Type) == "" || utf8.RuneCountInString(n.Type) > data.MaxTypeLen:
		// Which types exist is the instance's configuration (the API checks
		// it); the store only keeps the name sane.
		return n, data.FieldErrorf("type", "The incident type must be a name of 1 to %d characters.", data.MaxTypeLen)
	case !knownPriority(n.Priority):
		return n, data.FieldErrorf("priority", "Unknown priority %q; use %s, %s or %s.", n.Priority,
			data.PriorityNormal, data.PriorityHigh, data.PriorityUrgent)
	case n.Status != data.StatusReported:
		return n, data.FieldErrorf("status", "A new incident starts as %q, not %q.", data.StatusReported, n.Status)
	case strings.TrimSpace(n.Summary) == "":
		return n, data.FieldErrorf("summary", "A summary is required.")
	case !finite(lon) || !finite(lat) || lon < -180 || lon > 180 || lat < -90 || lat > 90 || lon == 0 && lat == 0:
		return n, data.FieldErrorf("location", "A location is required: a longitude within ±180 and a latitude within ±90.")
	case n.ReporterID < 0:
		return n, data.FieldErrorf("reporter_id", "There is no user %d.", n.ReporterID)
	case !finite(n.NearDistanceM) || n.NearDistanceM < 0:
		return n, data.FieldErrorf("near_distance_m", "The distance to the nearby cell must be a number of metres, not negative.")
	}
	// checkUniqueMediators, quadratic, once the counts are checked.
	if err := cmp.Or(CheckIdempotencyKey("idempotency_key", key), CheckIncidentText(&n)); err != nil {
		return n, err
	}
	if err := checkUniqueMediators(n.Mediators); err != nil {
		return n, err
	}
	if len(n.PartyDetails) > 0 && len(n.Parties) > 0 {
		return n, data.FieldErrorf("parties", "Give the parties as names (parties) or as people (party_details), not both.")
	}
	if err := CheckParties("party_details", n.PartyDetails); err != nil {
		return n, err
	}
	if n.DuplicateOf < 0 {
		return n, data.FieldErrorf("duplicate_of", "There is no incident %d.", n.DuplicateOf)
	}
	if n.DuplicateOf > 0 {
		n.Status = data.StatusDuplicate
	}
	n.ID, n.Version, n.Escalation, n.ResolvedAt = 0, 1, 0, nil
	n.LedgerNumber, n.FollowupPassedAt = "", nil // a report has neither
	n.ReportedAt, n.UpdatedAt, n.StageSince = OrTime(n.ReportedAt, now), OrTime(n.UpdatedAt, now), OrTime(n.StageSince, now)
	n.Parties = EmptyIfNil(n.Parties)
	n.Mediators = EmptyIfNil(slices.Sorted(slices.Values(n.Mediators)))
	return n, nil
}

func knownPriority(p string) bool {
	return p == data.PriorityNormal || p == data.PriorityHigh || p == data.PriorityUrgent
}

func finite(f float64) bool {
	return !math.IsNaN(f) && !math.IsInf(f, 0)
}
