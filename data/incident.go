package data

import (
	"slices"
	"time"

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

	// FollowupPassedAt is when a passed 回访 (domain.FollowupPassed) of the
	// current resolution was recorded: set while the incident is resolved,
	// kept when it is closed, cleared by any other move. A resolved
	// incident without it awaits its 回访, and only a closed one with it
	// counts as resolved at the grassroots (domain.ResolvedAtGrassroots).
	FollowupPassedAt *time.Time `json:"followup_passed_at,omitempty"`
	// LedgerFollowup is, for ImportIncidents only, the passed 回访 a ledger
	// row records (its At is FollowupPassedAt): stored as a followups row
	// by the importer (recorder 0), once per incident and time, so that the
	// statistics' performance and satisfaction shares count it. Reads
	// leave it nil.
	LedgerFollowup *Followup `json:"-"`

	// ReplySince starts a petition's reply clock (受理 to 答复,
	// domain.Schedule.ReplyDays): the time it was first accepted, later by
	// ExtensionDays once extended (ExtendReply), so that the reply is due
	// ReplyDays after it. Nil for a dispute and for a petition not yet
	// accepted; the stores set it, writes leave it.
	ReplySince *time.Time `json:"-"`
	// ExtensionDays are the days a petition's reply deadline was extended
	// by (ExtendReply: once, 1 to MaxExtensionDays); 0 when it was not.
	ExtensionDays int `json:"extension_days"`
}

// ReplyStatuses are the statuses in which a petition's reply clock runs:
// from 受理 until it is answered (化解) or closed.
var ReplyStatuses = []string{StatusAccepted, StatusMediating, StatusEscalated}

// MaxExtensionDays is the longest extension of a petition's reply
// deadline: 《信访工作条例》 art. 32 allows at most 30 days, once.
const MaxExtensionDays = 30

// ReplyExtension extends a petition's reply deadline (ExtendReply), once,
// by Days (1 to MaxExtensionDays) for Reason, recorded as an EventExtended.
type ReplyExtension struct {
	IncidentID int64
	Days       int
	Reason     string
	Version    int64 // the incident's version the caller saw; 0 for any
	ActorID    int64
	ActorName  string
	At         time.Time // zero means now
}

// DeadlineStatuses lists the statuses that may have a deadline (-deadlines):
// the open ones, and resolved, whose deadline is the 回访's.
var DeadlineStatuses = append(slices.Clone(OpenStatuses), StatusResolved)

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
	// ReplySince is a petition's Incident.ReplySince; zero for others.
	ReplySince time.Time
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
	// while it awaits its 回访 (domain.AwaitsStage); nil does not filter.
	StageBefore map[string]time.Time
	// ReplyBefore, with StageBefore, times petitions by their reply clock:
	// a petition in a ReplyStatuses status with a ReplySince is selected
	// when that is before ReplyBefore, and StageBefore's entries do not
	// select it. nil leaves petitions to StageBefore, as disputes.
	ReplyBefore *time.Time
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
