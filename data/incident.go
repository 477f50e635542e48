package data

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/paulmach/orb"
)

// Incident kinds: a dispute (矛盾纠纷) or a petition (信访事项).
const (
	KindDispute  = "dispute"
	KindPetition = "petition"
)

// Incident statuses. Open statuses are those not yet resolved or closed.
const (
	StatusReported  = "reported"  // 上报
	StatusAccepted  = "accepted"  // 受理
	StatusMediating = "mediating" // 调解中
	StatusResolved  = "resolved"  // 已化解
	StatusEscalated = "escalated" // 上交
	StatusClosed    = "closed"    // 办结
)

// Statuses lists every incident status in workflow order.
var Statuses = []string{StatusReported, StatusAccepted, StatusMediating, StatusResolved, StatusEscalated, StatusClosed, StatusDuplicate}

// OpenStatuses lists the statuses of incidents still being handled.
var OpenStatuses = []string{StatusReported, StatusAccepted, StatusMediating, StatusEscalated}

// IsOpen reports whether an incident in the given status is still open.
func IsOpen(status string) bool { return slices.Contains(OpenStatuses, status) }

// Incident is a dispute or petition located in a cell. Parties and
// Description are personal information; Summary is not.
type Incident struct {
	ID          int64      `json:"id"`
	Kind        string     `json:"kind"`   // KindDispute or KindPetition
	Type        string     `json:"type"`   // 邻里纠纷, 婚姻家庭, 土地山林权属, 劳资, 合同债务, 征地拆迁, 环境, 其他
	Source      string     `json:"source"` // 网格员上报, 群众来访, 12345热线, 信访
	Status      string     `json:"status"`
	Summary     string     `json:"summary"`
	Description string     `json:"description"`
	Parties     []string   `json:"parties"`
	CellCode    string     `json:"cell"`
	Mediators   []int64    `json:"mediators"` // assigned mediators' IDs, ascending; [] when none
	Location    orb.Point  `json:"-"`
	ReportedAt  time.Time  `json:"reported_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
	ResolvedAt  *time.Time `json:"resolved_at"`

	Priority    string    `json:"priority"`     // PriorityNormal, PriorityHigh or PriorityUrgent
	ReporterID  int64     `json:"reporter_id"`  // the reporting user; 0 for imported incidents
	Version     int64     `json:"version"`      // grows with every change; the ETag / If-Match of the workflow
	StageSince  time.Time `json:"stage_since"`  // when the current status was entered; deadlines run from it
	Escalation  int       `json:"escalation"`   // 0 at the grassroots, 1 town centre, 2 district
	DuplicateOf int64     `json:"duplicate_of"` // with StatusDuplicate: the incident this one repeats
	// NearCell names a neighbouring cell within 50 m of the location, when
	// there is one: the cell assignment may need a human look.
	NearCell      string  `json:"near_cell"`
	NearDistanceM float64 `json:"near_distance_m"`
	// LedgerNumber is the number of an incident imported from a ledger
	// (台账编号), unique when given: the key a re-import updates it by.
	LedgerNumber string `json:"ledger_number,omitempty"`
	// PartyDetails are the parties as people, for CreateIncident only:
	// given, they make Parties (their names, which must not be given too).
	// Reads leave it nil; Store.IncidentParties reads them back.
	PartyDetails []Party `json:"-"`

	// FollowupPassedAt is when a passed 回访 (FollowupPassed) of the
	// current resolution was recorded: set while the incident is resolved,
	// kept when it is closed, cleared by any other move. A resolved
	// incident without it awaits its 回访, and only a closed one with it
	// counts as resolved at the grassroots (ResolvedAtGrassroots).
	FollowupPassedAt *time.Time `json:"followup_passed_at,omitempty"`
}

// DeadlineStatuses lists the statuses that may have a deadline (-deadlines):
// the open ones, and resolved, whose deadline is the 回访's.
var DeadlineStatuses = append(slices.Clone(OpenStatuses), StatusResolved)

// HasDeadline reports whether status may have a deadline: an open status,
// or resolved (the 回访 is due a set time after 化解).
func HasDeadline(status string) bool {
	return slices.Contains(DeadlineStatuses, status)
}

// AwaitsStage reports whether in still has its current stage's work to do,
// so that the stage's deadline applies: any incident but a resolved one
// whose 回访 has passed (the store's overdue filter, StageBefore, leaves
// those out the same way).
func AwaitsStage(in *Incident) bool {
	return in.Status != StatusResolved || in.FollowupPassedAt == nil
}

// ResolvedAtGrassroots reports whether in counts as resolved at the
// grassroots (矛盾纠纷不上交): closed after a passed 回访, never escalated.
func ResolvedAtGrassroots(in *Incident) bool {
	return AtGrassroots(in.Status, in.FollowupPassedAt != nil, in.Escalation)
}

// AtGrassroots is the rule of ResolvedAtGrassroots on an incident's
// status, whether a passed 回访 of its resolution is recorded, and its
// escalation: for the statistics' facts (IncidentFact) as for incidents.
func AtGrassroots(status string, followupPassed bool, escalation int) bool {
	return status == StatusClosed && followupPassed && escalation == 0
}

// CheckClosable returns ECONFLICT naming "followup" unless a move of an
// incident from status from to status to leaves a resolved incident
// closed only after a passed 回访 of its resolution (passedAt not nil).
func CheckClosable(from, to string, passedAt *time.Time) error {
	if from == StatusResolved && to == StatusClosed && passedAt == nil {
		return Errorf(ECONFLICT, "The incident has no passed 回访 (followup) since it was resolved: record one before closing it.").
			WithField("followup")
	}
	return nil
}

// IncidentFact is the part of an incident that statistics (hotspots,
// trends, resolution rates) need: where, what, when and how far it went.
// It carries no personal data. The fn of Store.IncidentFacts may not keep
// the pointer: the store reuses it.
type IncidentFact struct {
	ID         int64
	CellCode   string
	Type       string
	Status     string
	Escalation int
	ReportedAt time.Time
	StageSince time.Time
	ResolvedAt time.Time // zero when not resolved
	// FollowupPassed says a passed 回访 of the current resolution is
	// recorded (Incident.FollowupPassedAt set).
	FollowupPassed bool
}

// IncidentFilter selects incidents. Zero fields do not filter.
type IncidentFilter struct {
	CellCode   string
	UnitCode   string
	Cells      []string // any of these cells; nil does not filter, empty matches nothing
	Units      []string // any of these units; nil does not filter, empty matches nothing
	MediatorID int64    // assigned to this mediator; 0 does not filter
	// Number is an incident's number as people quote it: its ID, or its
	// ledger number (台账编号) when it was imported from a ledger; ""
	// does not filter.
	Number string
	// StageBefore selects overdue incidents: those in one of its statuses
	// since before that status's time (any of them), a resolved one only
	// while it awaits its 回访 (AwaitsStage); nil does not filter.
	StageBefore map[string]time.Time
	Statuses    []string
	Types       []string   // any of these incident types; nil does not filter
	From, To    time.Time  // reported at or after From, before To
	BBox        *orb.Bound // location within the bound, edges included
	// SharesParty selects incidents with a party who is one of these: the
	// same resident, or the same name and phone (Party.Key; a resident's
	// record gives theirs). nil does not filter; parties that cannot be
	// told apart (a name without a phone) match nothing.
	SharesParty []Party
	Limit       int // 0 means no limit
	Offset      int
	NewestFirst bool // order by reported time, newest first; else by ID
}

// NewIncident returns the incident CreateIncident stores for in, or
// EINVALID naming the field at fault (CheckIncidentText for the
// texts). Missing values take their defaults:
// Kind from the source (信访 is a petition, anything else a dispute),
// Status reported, Priority normal, ReportedAt, UpdatedAt and StageSince
// now. The fields the workflow owns start afresh whatever in holds: no ID
// yet, Version 1, Escalation 0, no ResolvedAt. A report with a DuplicateOf
// is filed as a duplicate of that incident (status duplicate) instead of a
// new case. PartyDetails are checked (CheckParties) and may not come with
// Parties. A location of
// exactly (0, 0) counts as missing: it is the zero value, and no township
// lies there. It checks the shape only; the store checks that the
// cells and mediators in names exist.
func NewIncident(in *Incident, key string, now time.Time) (Incident, error) {
	if in == nil {
		return Incident{}, Errorf(EINVALID, "There is no incident to create.")
	}
	n := *in
	if n.Source == "" || !slices.Contains(IncidentSources, n.Source) {
		return n, FieldErrorf("source", "Unknown source %q; use one of %s.", n.Source, strings.Join(IncidentSources, ", "))
	}
	if n.Kind == "" {
		n.Kind = KindOf(n.Source)
	}
	if n.Priority == "" {
		n.Priority = PriorityNormal
	}
	if n.Status == "" {
		n.Status = StatusReported
	}
	lon, lat := n.Location.Lon(), n.Location.Lat()
	switch {
	case n.CellCode == "":
		return n, FieldErrorf("cell", "A cell code is required.")
	case n.Kind != KindDispute && n.Kind != KindPetition:
		return n, FieldErrorf("kind", "Unknown incident kind %q.", n.Kind)
	case strings.TrimSpace(n.Type) == "" || utf8.RuneCountInString(n.Type) > MaxTypeLen:
		// Which types exist is the instance's configuration (the API checks
		// it); the store only keeps the name sane.
		return n, FieldErrorf("type", "The incident type must be a name of 1 to %d characters.", MaxTypeLen)
	case !knownPriority(n.Priority):
		return n, FieldErrorf("priority", "Unknown priority %q; use %s, %s or %s.", n.Priority,
			PriorityNormal, PriorityHigh, PriorityUrgent)
	case n.Status != StatusReported:
		return n, FieldErrorf("status", "A new incident starts as %q, not %q.", StatusReported, n.Status)
	case strings.TrimSpace(n.Summary) == "":
		return n, FieldErrorf("summary", "A summary is required.")
	case !finite(lon) || !finite(lat) || lon < -180 || lon > 180 || lat < -90 || lat > 90 || lon == 0 && lat == 0:
		return n, FieldErrorf("location", "A location is required: a longitude within ±180 and a latitude within ±90.")
	case n.ReporterID < 0:
		return n, FieldErrorf("reporter_id", "There is no user %d.", n.ReporterID)
	case !finite(n.NearDistanceM) || n.NearDistanceM < 0:
		return n, FieldErrorf("near_distance_m", "The distance to the nearby cell must be a number of metres, not negative.")
	}
	// checkUniqueMediators, quadratic, once the counts are checked.
	if err := cmp.Or(CheckIdempotencyKey("idempotency_key", key), CheckIncidentText(&n)); err != nil {
		return n, err
	}
	if err := checkUniqueMediators(n.Mediators); err != nil {
		return n, err
	}
	if len(n.PartyDetails) > 0 && len(n.Parties) > 0 {
		return n, FieldErrorf("parties", "Give the parties as names (parties) or as people (party_details), not both.")
	}
	if err := CheckParties("party_details", n.PartyDetails); err != nil {
		return n, err
	}
	if n.DuplicateOf < 0 {
		return n, FieldErrorf("duplicate_of", "There is no incident %d.", n.DuplicateOf)
	}
	if n.DuplicateOf > 0 {
		n.Status = StatusDuplicate
	}
	n.ID, n.Version, n.Escalation, n.ResolvedAt = 0, 1, 0, nil
	n.ReportedAt, n.UpdatedAt, n.StageSince = OrTime(n.ReportedAt, now), OrTime(n.UpdatedAt, now), OrTime(n.StageSince, now)
	n.Parties = EmptyIfNil(n.Parties)
	n.Mediators = EmptyIfNil(slices.Sorted(slices.Values(n.Mediators)))
	return n, nil
}

func knownPriority(p string) bool {
	return p == PriorityNormal || p == PriorityHigh || p == PriorityUrgent
}

func finite(f float64) bool {
	return !math.IsNaN(f) && !math.IsInf(f, 0)
}
