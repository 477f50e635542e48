package contract

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gridmap/data"
)

// ImportActor is the actor name of the events Load writes for the
// incidents of a data set: nobody in particular, the import itself.
const ImportActor = "数据导入"

// IncidentNotFound is the error for an unknown incident ID.
func IncidentNotFound(id int64) *data.Error {
	return NotFound("incident", strconv.FormatInt(id, 10))
}

// Stale is the error TransitionIncident returns when the incident has moved
// on from the status or version the caller saw: it names where it is now,
// so that the caller can show it.
func Stale(status string, version int64) *data.Error {
	return data.Errorf(data.ECONFLICT, "The incident is now %s (version %d).", strconv.Quote(status), version)
}

// NewIncident returns the incident CreateIncident stores for in, or
// EINVALID naming the field at fault (data.CheckIncidentText for the
// texts). Missing values take their defaults:
// Kind from the source (信访 is a petition, anything else a dispute),
// Status reported, Priority normal, ReportedAt, UpdatedAt and StageSince
// now. The fields the workflow owns start afresh whatever in holds: no ID
// yet, Version 1, Escalation 0, no DuplicateOf, no ResolvedAt. A location of
// exactly (0, 0) counts as missing: it is the zero value, and no township
// lies there. It checks the shape only; CheckIncidentRefs checks that the
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
		n.Kind = data.KindOf(n.Source)
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
	if err := data.CheckIdempotencyKey("idempotency_key", key); err != nil {
		return n, err
	}
	if err := data.CheckIncidentText(&n); err != nil {
		return n, err
	}
	for i, m := range n.Mediators {
		if slices.Contains(n.Mediators[:i], m) {
			return n, data.FieldErrorf("mediators", "Mediator %d is listed twice.", m)
		}
	}
	now = Time(now)
	n.ID, n.Version, n.Escalation, n.DuplicateOf, n.ResolvedAt = 0, 1, 0, 0, nil
	n.ReportedAt, n.UpdatedAt, n.StageSince = orTime(n.ReportedAt, now), orTime(n.UpdatedAt, now), orTime(n.StageSince, now)
	n.Parties = Parties(n.Parties)
	n.Mediators = slices.Sorted(slices.Values(n.Mediators))
	n.Mediators = IDs(n.Mediators)
	return n, nil
}

// IncidentRefs is what a store found in its tables about the cells and
// mediators a new incident names.
type IncidentRefs struct {
	Cell      bool    // the incident's cell exists
	NearCell  bool    // its near cell exists (or it names none)
	Mediators []int64 // those of its mediators that exist, in any order
}

// CheckIncidentRefs returns EINVALID, naming the field at fault, when in
// names a cell or mediator that does not exist. Call it after NewIncident.
func CheckIncidentRefs(in *data.Incident, r IncidentRefs) error {
	if !r.Cell {
		return data.FieldErrorf("cell", "There is no cell %s.", in.CellCode)
	}
	if in.NearCell != "" && !r.NearCell {
		return data.FieldErrorf("near_cell", "There is no cell %s.", in.NearCell)
	}
	for _, m := range in.Mediators {
		if !slices.Contains(r.Mediators, m) {
			return data.FieldErrorf("mediators", "There is no mediator %d.", m)
		}
	}
	return nil
}

// CheckTransition returns t with its time normalised (now when zero), or
// EINVALID naming the field at fault: an unknown status, a move the
// workflow never allows (data.CanTransition, whatever the escalation), a
// negative version, a DuplicateOf that is missing or self-referring for a
// duplicate, or given for another status, or a note longer than
// data.MaxNote. Whether the DuplicateOf incident
// exists is the store's to check, with DuplicateNotFound.
func CheckTransition(t data.Transition) (data.Transition, error) {
	switch {
	case !data.IsStatus(t.From):
		return t, data.FieldErrorf("from", "Unknown incident status %q.", t.From)
	case !data.IsStatus(t.To):
		return t, data.FieldErrorf("to", "Unknown incident status %q.", t.To)
	case !data.CanTransition(t.From, t.To, 0):
		return t, data.FieldErrorf("to", "An incident in status %q cannot move to %q.", t.From, t.To)
	case t.Version < 0:
		return t, data.FieldErrorf("version", "The version must not be negative.")
	}
	if err := data.CheckDuplicateOf(t.IncidentID, t.To, t.DuplicateOf); err != nil {
		return t, err
	}
	if err := data.CheckText("note", t.Note, data.MaxNote); err != nil {
		return t, err
	}
	t.At = OrNow(t.At)
	return t, nil
}

// DuplicateNotFound is the error for a duplicate of an unknown incident.
func DuplicateNotFound(id int64) *data.Error {
	return data.FieldErrorf("duplicate_of", "There is no incident %d.", id)
}

// Effects are what a transition changes beside the status, version,
// UpdatedAt and StageSince, as SQL parameters both stores use alike.
type Effects struct {
	Resolve      bool // set ResolvedAt to the transition's time
	KeepResolved bool // keep ResolvedAt (closing); otherwise it is cleared
	Escalate     bool // raise Escalation by one, up to data.MaxEscalation
	Deescalate   bool // set Escalation to 0 (back at the grassroots)
}

// TransitionEffects returns the effects of moving to status to: resolving
// sets ResolvedAt and closing keeps it, while every other status (reopening
// above all) clears it; escalating raises the escalation level and
// returning to accepted resets it. DuplicateOf is t.DuplicateOf, which
// CheckTransition allows only for a duplicate.
func TransitionEffects(to string) Effects {
	return Effects{
		Resolve:      to == data.StatusResolved,
		KeepResolved: to == data.StatusClosed,
		Escalate:     to == data.StatusEscalated,
		Deescalate:   to == data.StatusAccepted,
	}
}

// StageBefore returns the statuses of an IncidentFilter.StageBefore in
// order, so that both stores build the same SQL for the same filter.
func StageBefore(m map[string]time.Time) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// LoadedIncident returns in as Load stores it: a data set may leave the
// workflow's fields zero, which then take the values of an incident that
// has been where it is since its last update: Priority normal, Version 1,
// StageSince UpdatedAt, and Escalation 1 (the town centre) for an escalated
// one. Parties are never nil; times are normalised.
func LoadedIncident(in data.Incident) data.Incident {
	if in.Priority == "" {
		in.Priority = data.PriorityNormal
	}
	if in.Version == 0 {
		in.Version = 1
	}
	if in.StageSince.IsZero() {
		in.StageSince = in.UpdatedAt
	}
	if in.Escalation == 0 && in.Status == data.StatusEscalated {
		in.Escalation = 1
	}
	in.ReportedAt, in.UpdatedAt, in.StageSince = Time(in.ReportedAt), Time(in.UpdatedAt), Time(in.StageSince)
	in.ResolvedAt = TimePtr(in.ResolvedAt)
	in.Parties = Parties(in.Parties)
	return in
}

// LoadEvents returns the timeline Load writes for incidents (as returned by
// LoadedIncident), in the order stores insert it, which gives the event IDs:
// by incident ID, each with a "created" event at ReportedAt (which, like
// every created event, names no status) and, unless it is still reported,
// one transition from reported to its status at StageSince.
func LoadEvents(is []data.Incident) []data.IncidentEvent {
	sorted := slices.Clone(is)
	slices.SortFunc(sorted, func(a, b data.Incident) int { return cmp.Compare(a.ID, b.ID) })
	es := make([]data.IncidentEvent, 0, 2*len(is))
	for _, in := range sorted {
		es = append(es, data.IncidentEvent{IncidentID: in.ID, At: in.ReportedAt, ActorName: ImportActor,
			Kind: data.EventCreated})
		if in.Status != data.StatusReported {
			es = append(es, data.IncidentEvent{IncidentID: in.ID, At: in.StageSince, ActorName: ImportActor,
				Kind: data.EventTransition, From: data.StatusReported, To: in.Status})
		}
	}
	return es
}

func knownPriority(p string) bool {
	return p == data.PriorityNormal || p == data.PriorityHigh || p == data.PriorityUrgent
}

func finite(f float64) bool {
	return !math.IsNaN(f) && !math.IsInf(f, 0)
}

func orTime(t, now time.Time) time.Time {
	if t.IsZero() {
		return now
	}
	return Time(t)
}
