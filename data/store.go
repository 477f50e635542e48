package data

import (
	"context"
	"io"
	"iter"
	"time"
)

// Store is the persistence contract that data/sqlite and data/postgis
// implement and data/storetest checks. Lists come in a stable order (codes
// or IDs ascending unless a filter says otherwise). Every method may also
// return EUNAVAILABLE when the database cannot be reached and EINTERNAL for
// anything unexpected.
type Store interface {
	TownStore
	ResidentStore
	MediatorStore
	IncidentStore
	MediationStore
	AttachmentStore
	UserStore
	LoginStore
	CalendarStore
	SessionStore
	TokenStore
	AuditStore
	BoundaryStore
	PeopleStore
	NotificationStore
	RateStore
	// Revision returns the change counters that caches key on.
	Revision(ctx context.Context) (Revision, error)
	// Load writes a whole data set into an empty store in one transaction,
	// with its cells as boundary version 1 (see InitialBoundaryReason).
	// ECONFLICT when the store already holds a town; EINVALID when the data
	// set is inconsistent (e.g. a resident in an unknown cell), also when
	// a row of its Stream is, found as Load draws it (nothing is written).
	Load(ctx context.Context, d *Dataset) error
	io.Closer
}

// TownStore reads the town, its units and cells.
type TownStore interface {
	// Town returns the town. ENOTFOUND when the store has not been loaded.
	Town(ctx context.Context) (*Town, error)
	// Units returns every unit ordered by code.
	Units(ctx context.Context) ([]Unit, error)
	// Unit returns one unit. ENOTFOUND for an unknown code.
	Unit(ctx context.Context, code string) (*Unit, error)
	// Cells returns every cell ordered by code, with geometry, grid workers
	// and open incident counts.
	Cells(ctx context.Context) ([]Cell, error)
	// Cell returns one cell. ENOTFOUND for an unknown code.
	Cell(ctx context.Context, code string) (*Cell, error)
	// OpenIncidentsByCell returns the open incident count of every cell
	// that has open incidents, by code, as Cells derives it, without
	// reading shapes or workers: what an incident write changes in the map.
	OpenIncidentsByCell(ctx context.Context) (map[string]int, error)
}

// ResidentStore reads residents.
type ResidentStore interface {
	// Residents returns a page of the residents f selects (a cell's, or
	// those whose name contains f.Name within f's cells or units) ordered by
	// ID, and how many match in all. EINVALID without a cell or a name, or
	// with a negative limit/offset; ENOTFOUND for an unknown f.CellCode.
	Residents(ctx context.Context, f ResidentFilter) ([]Resident, int, error)
}

// MediatorStore reads mediators.
type MediatorStore interface {
	// Mediators returns the mediators matching f ordered by ID. ENOTFOUND
	// for an unknown cell or unit.
	Mediators(ctx context.Context, f MediatorFilter) ([]Mediator, error)
}

// IncidentStore reads and writes incidents and their timelines.
type IncidentStore interface {
	// Incidents returns a page of incidents and how many match in all.
	// EINVALID for a negative limit/offset or an unknown status; ENOTFOUND
	// for an unknown cell or unit.
	Incidents(ctx context.Context, f IncidentFilter) ([]Incident, int, error)
	// Incident returns one incident. ENOTFOUND for an unknown ID.
	Incident(ctx context.Context, id int64) (*Incident, error)
	// CreateIncident stores a new incident and its "created" event, and
	// returns it with its ID, Version 1 and times set (ReportedAt, UpdatedAt
	// and StageSince default to now; Status to reported; Priority to
	// normal). With a non-empty idempotency key, a repeated call by the same
	// reporter with the same key returns the first incident and false
	// instead of creating another. EINVALID, naming the field, for an
	// unknown cell, type, source, priority or mediator, a missing location
	// or summary (and for a status other than reported, an unknown kind or
	// near cell, or a key longer than 200 bytes). With PartyDetails it
	// stores the parties as people (a resident's name and phone taken from
	// the record; EINVALID naming party_details[i].resident_id for an
	// unknown resident or one of another cell) and their names as Parties.
	// With DuplicateOf the report is filed as a duplicate of that incident
	// (EINVALID naming duplicate_of when it is unknown or a duplicate
	// itself), whose timeline gains a "linked" event naming the new one.
	CreateIncident(ctx context.Context, in *Incident, idempotencyKey string) (*Incident, bool, error)
	// TransitionIncident applies t in one transaction: ENOTFOUND for an
	// unknown incident; ECONFLICT, naming the current status and version in
	// its message, when the incident is no longer at t.From (or at
	// t.Version when that is not 0). The caller has checked that the move
	// is allowed (domain.CanTransition) and by whom; EINVALID, naming the field,
	// for an unknown status, a move the status graph never allows, or a
	// DuplicateOf that is missing, unknown or given for another status. It
	// sets the status, bumps the version, sets UpdatedAt and StageSince to
	// t.At (now when zero), ResolvedAt on resolving (and clears it on
	// reopening), raises Escalation on escalating, up to MaxEscalation
	// (back to 0 when returned to accepted), DuplicateOf for a duplicate,
	// and appends the event. Closing a resolved incident needs a passed
	// 回访 of its resolution (FollowupPassedAt, domain.CheckClosable): ECONFLICT
	// naming "followup" otherwise; closing keeps FollowupPassedAt, every
	// other move clears it. (Ledger imports write a closed status as it
	// is, without this move.)
	TransitionIncident(ctx context.Context, t Transition) (*Incident, error)
	// IncidentParties returns an incident's parties as people (those it
	// was reported with as party_details; none for one reported by names
	// only) and how many earlier disputes involved them all (PartyLinks);
	// none for an ID that is no incident's, as for IncidentEvents.
	IncidentParties(ctx context.Context, id int64) (*PartyLinks, error)
	// PartiesOf returns the parties as people of the incidents ids, by
	// incident, each in order (as IncidentParties gives them, without the
	// repeats); an incident with none, or unknown, has no entry.
	PartiesOf(ctx context.Context, ids []int64) (map[int64][]Party, error)
	// EditParties replaces an incident's parties (their names in Parties
	// and the people in the party details) in one transaction with a
	// "parties" event (domain.PartiesNote), bumping its version, and returns the
	// incident as it now is. A resident party takes the name and phone of
	// its record. EINVALID naming party_details[i] and its part as
	// CheckParties says, or its resident_id for an unknown resident or one
	// of another cell; ECONFLICT for a version (not 0) that is not the
	// incident's; ENOTFOUND for an unknown incident.
	EditParties(ctx context.Context, e PartiesEdit) (*Incident, error)
	// ExtendReply extends a petition's reply deadline once: it sets
	// ExtensionDays, moves ReplySince later by the days, bumps the version
	// and appends an "extended" event (domain.ExtendedNote), and returns the
	// incident as it now is. EINVALID naming "days" (not 1 to
	// MaxExtensionDays), "reason" (blank or too long) or "version"
	// (negative); ECONFLICT for a version (not 0) that is not the
	// incident's, for an incident that is not
	// a petition whose reply clock runs (ReplyStatuses), or one extended
	// before; ENOTFOUND for an unknown incident.
	ExtendReply(ctx context.Context, e ReplyExtension) (*Incident, error)
	// IncidentEvents returns an incident's timeline, oldest first; none
	// for an ID that is no incident's (a caller that must tell reads the
	// incident first, as the API does).
	IncidentEvents(ctx context.Context, id int64) ([]IncidentEvent, error)
	// AssignMediators replaces the incident's assigned mediators with
	// a.Mediators (none unassigns everyone), bumps its version, sets
	// UpdatedAt to a.At (now when zero) and appends an "assigned" event
	// listing them. ENOTFOUND for an unknown incident; ECONFLICT, naming the
	// current status and version, when a.Version is not 0 and not the
	// incident's; EINVALID, naming "mediators", for an unknown or repeated
	// mediator.
	AssignMediators(ctx context.Context, a Assignment) (*Incident, error)
	// ReassignIncident moves an incident to r.CellCode for r.Reason, clears
	// its near cell, bumps its version, sets UpdatedAt to r.At (now when
	// zero) and appends a "reassigned" event whose note is "from X to Y:
	// reason". ENOTFOUND for an unknown incident; ECONFLICT as for
	// AssignMediators; EINVALID naming "cell" for an unknown cell or the one
	// it is in already, "reason" for an empty reason.
	ReassignIncident(ctx context.Context, r Reassignment) (*Incident, error)
	// IncidentCounts returns the number of incidents per status (every
	// status present, zeros included) in a cell, or in the town when
	// cellCode is "". ENOTFOUND for an unknown cell.
	IncidentCounts(ctx context.Context, cellCode string) (map[string]int, error)
	// IncidentFacts calls fn with what statistics need of every incident
	// (no personal data), oldest report first (then by ID), all read in one
	// consistent snapshot. It stops at and returns fn's first error.
	IncidentFacts(ctx context.Context, fn func(*IncidentFact) error) error
	// IncidentFactsSince calls fn, as IncidentFacts does, with the facts
	// of the incidents written (created or changed) after revision since
	// of Revision.Incidents, in the order of their last writes (then by
	// ID), or of every incident, by ID, when since is 0, and returns the
	// revision they are at: a cache of facts at revision r
	// brings itself up to date by replacing those of the incidents
	// IncidentFactsSince(r) gives (incidents are never deleted). It stops
	// at and returns fn's first error.
	IncidentFactsSince(ctx context.Context, since int64, fn func(*IncidentFact) error) (int64, error)
}

// MediationStore keeps the mediation records of incidents.
type MediationStore interface {
	// AddMediationRecord stores a mediation session of an incident and sets
	// r.ID and r.CreatedAt (At defaults to now, CreatedAt too). In one
	// transaction it also appends a "mediation" event (at CreatedAt, by the
	// recorder, the outcome as its note), bumps the incident's Version and
	// UpdatedAt, counts in Revision.Incidents and returns the incident's
	// new version, read in that transaction (so that the client's next
	// versioned write needs no second read, which could race). EINVALID,
	// naming the field, for no or an unknown or repeated mediator, an
	// unknown outcome, an agreement with neither its text nor its
	// reference, texts or mediators past their limits (domain.CheckMediationText),
	// or an incident with MaxMediationRecords records already
	// ("incident_id"); ENOTFOUND for an unknown incident.
	AddMediationRecord(ctx context.Context, r *MediationRecord) (int64, error)
	// MediationRecords returns the mediation records of the incidents ids,
	// by incident ID and then oldest session first; an ID that is no
	// incident's has none (a caller that must tell reads the incident
	// first, as the API does). It neither checks nor audits access.
	MediationRecords(ctx context.Context, ids ...int64) ([]MediationRecord, error)
	// AddFollowup stores a 回访 of a resolved incident and sets f's ID, At
	// and Passed, in one transaction with its timeline event; a failed one
	// (domain.FollowupFailed) takes the incident back to mediating with a
	// transition event naming the reason, a passed one sets the incident's
	// FollowupPassedAt to its time. It returns the incident as it is
	// now: ENOTFOUND for an unknown incident, ECONFLICT for a version
	// (not 0) that is not the incident's or an incident not resolved,
	// EINVALID as domain.NewFollowup says or for one with MaxFollowups already.
	AddFollowup(ctx context.Context, f *Followup, version int64) (*Incident, error)
	// Followups returns the 回访 records of the incidents ids, by incident
	// ID and then oldest first; an ID that is no incident's has none, as
	// for MediationRecords.
	Followups(ctx context.Context, ids ...int64) ([]Followup, error)
}

// AttachmentStore keeps the photos of incidents.
type AttachmentStore interface {
	// AddAttachment stores a photo of an incident: the metadata in a and the
	// bytes apart from it. It sets a.ID, a.Size, a.SHA256, a.Name (reduced
	// to a safe base name) and a.CreatedAt (now when zero); in the same
	// transaction it appends an "attachment" event (by the uploader, the
	// name as its note), bumps the incident's Version and UpdatedAt and
	// counts in Revision.Incidents, and returns the incident's new version
	// (read in that transaction, as AddMediationRecord does). EINVALID
	// naming "content" for no bytes, more than MaxAttachmentBytes, bytes
	// that are not of a.ContentType or a photo past domain.MaxPhotoSide or
	// domain.MaxPhotoPixels (domain.CheckPhotoSize), or for an incident with
	// MaxAttachments photos already, "content_type" for a type not in
	// AttachmentTypes; ENOTFOUND for an unknown incident.
	AddAttachment(ctx context.Context, a *Attachment, content []byte) (int64, error)
	// Attachments returns an incident's attachments without their content,
	// oldest first; none for an ID that is no incident's, as for
	// MediationRecords.
	Attachments(ctx context.Context, incidentID int64) ([]Attachment, error)
	// AttachmentContent returns an attachment and its bytes. ENOTFOUND when
	// there is none.
	AttachmentContent(ctx context.Context, id int64) (*Attachment, []byte, error)
}

// UserStore keeps accounts.
type UserStore interface {
	// CreateUser adds an account and sets u.ID and u.CreatedAt. ECONFLICT
	// for a taken username; EINVALID for an unknown role, unit, cell or
	// mediator, or a scope that does not fit the role.
	CreateUser(ctx context.Context, u *User) error
	// User returns an account by ID. ENOTFOUND when there is none.
	User(ctx context.Context, id int64) (*User, error)
	// UserByName returns an account by username. ENOTFOUND when there is none.
	UserByName(ctx context.Context, username string) (*User, error)
	// Users returns every account ordered by ID.
	Users(ctx context.Context) ([]User, error)
	// UpdateUser replaces an account's name, role, scope and disabled flag
	// (not its username), and its password hash when u.PasswordHash is not
	// empty: an empty one keeps the stored hash, so that a caller who read
	// the account before its password changed does not write the old one
	// back. When the password hash changes, the same transaction ends every
	// session of the account and revokes its tokens, as ChangePassword
	// does. ENOTFOUND for an unknown ID; EINVALID as for CreateUser.
	UpdateUser(ctx context.Context, u *User) error
	// ChangePassword sets an account's password hash and, in the same
	// transaction, deletes every session of the account but c.KeepSession
	// and revokes every token of the account not revoked yet, at c.At (now
	// when zero). No path changes a password without this. ENOTFOUND for an
	// unknown account; EUNAUTHORIZED when c.CheckedHash is set and the
	// account's hash is another (nothing changes).
	ChangePassword(ctx context.Context, c PasswordChange) error
}

// LoginStore counts failed logins and the locks they lead to.
type LoginStore interface {
	// LoginFailed counts a failed login of username from remote at now, in
	// one atomic step, and returns the pair's record: a record that expired
	// by now starts again at 1; at p.MaxFailures failures the pair is
	// locked until now+p.LockFor; the record expires p.LockFor after its
	// last failure. It also deletes the records that expired by now, so
	// that failures from many addresses do not pile up.
	LoginFailed(ctx context.Context, username, remote string, now time.Time, p LoginPolicy) (*LoginFailure, error)
	// LoginLock returns when the lock of (username, remote) ends, or nil
	// when the pair is not locked at now.
	LoginLock(ctx context.Context, username, remote string, now time.Time) (*time.Time, error)
	// LoginSucceeded deletes the record of (username, remote), if any.
	LoginSucceeded(ctx context.Context, username, remote string) error
	// LoginLocks returns the pairs locked at now, by username and address.
	LoginLocks(ctx context.Context, now time.Time) ([]LoginFailure, error)
	// ClearLoginFailures deletes username's records: the one from remote,
	// or every one when remote is "". It returns how many it deleted.
	// EINVALID (field "username") for an empty username.
	ClearLoginFailures(ctx context.Context, username, remote string) (int, error)
}

// CalendarStore keeps the working-day calendar's marked dates.
type CalendarStore interface {
	// Calendar returns the calendar the marked dates make.
	Calendar(ctx context.Context) (*Calendar, error)
	// SetCalendarDay marks date ("2006-01-02") DayRest or DayWork, or with
	// kind "" removes its mark, so that it rests or works as its weekday
	// does. It counts in Revision.Incidents: the deadlines counted in
	// working days move with the calendar, and so caches of it in other
	// processes learn of the change. EINVALID (field "date" or "kind") for
	// a bad date or kind.
	SetCalendarDay(ctx context.Context, date, kind string) error
}

// SessionStore keeps browser sessions.
type SessionStore interface {
	// CreateSession stores a session. ECONFLICT for a duplicate ID;
	// EUNAUTHORIZED when s.CheckedHash is set and the account's password
	// hash is another (a password change, which ends the account's
	// sessions, came first; one that comes later ends this one too).
	CreateSession(ctx context.Context, s *Session) error
	// Session returns a session by ID. ENOTFOUND when there is none or it
	// expired before now.
	Session(ctx context.Context, id string, now time.Time) (*Session, error)
	// DeleteSession removes a session; removing a missing one is no error.
	DeleteSession(ctx context.Context, id string) error
	// DeleteUserSessions removes every session of a user (after a password
	// change or when the account is disabled).
	DeleteUserSessions(ctx context.Context, userID int64) error
}

// TokenStore keeps API tokens.
type TokenStore interface {
	// CreateToken stores an API token and sets t.ID. EINVALID as
	// domain.CheckToken says; ECONFLICT for a duplicate hash; ENOTFOUND for an unknown user; EUNAUTHORIZED when
	// t.CheckedHash is set and the account's password hash is another, as
	// for CreateSession.
	CreateToken(ctx context.Context, t *Token) error
	// TokenByHash returns a token by the hash of its secret, revoked or
	// expired ones included (the caller decides). ENOTFOUND when there is none.
	TokenByHash(ctx context.Context, hash string) (*Token, error)
	// Tokens returns a user's tokens ordered by ID.
	Tokens(ctx context.Context, userID int64) ([]Token, error)
	// RevokeToken marks a token revoked at the given time (idempotent).
	// ENOTFOUND for an unknown ID.
	RevokeToken(ctx context.Context, id int64, at time.Time) error
	// TouchToken records a token's last use.
	TouchToken(ctx context.Context, id int64, at time.Time) error
}

// AuditStore keeps the append-only audit log.
type AuditStore interface {
	// AppendAudit appends an entry, its texts cut as domain.CutAudit
	// does, and sets e.ID. Entries can never be changed or deleted
	// afterwards.
	AppendAudit(ctx context.Context, e *AuditEntry) error
	// Audit returns a page of entries, newest first, and how many match.
	// EINVALID for a negative limit/offset.
	Audit(ctx context.Context, f AuditFilter) ([]AuditEntry, int, error)
}

// BoundaryStore keeps the versions of the cell boundaries and changes them.
type BoundaryStore interface {
	// BoundaryVersions returns every boundary version, newest first; none
	// before a data set is loaded. Load records version 1 (see
	// InitialBoundaryReason).
	BoundaryVersions(ctx context.Context) ([]BoundaryVersion, error)
	// CellsAt returns every cell as it was at boundary version n, ordered by
	// code: code, name, unit (and the unit's current name), kind, area and
	// geometry. Population, households, grid workers and open incidents are
	// left zero, for the current version too: Cells has them.
	// ENOTFOUND for a version never recorded.
	CellsAt(ctx context.Context, n int64) ([]Cell, error)
	// BoundaryImpact is the dry run of CommitBoundary: it makes the same
	// checks but for the reason and effective date (asked for at the
	// commit, not while the change is still being drawn), and returns what
	// the commit would move, writing nothing.
	BoundaryImpact(ctx context.Context, c *BoundaryChange) (*BoundaryImpact, error)
	// CommitBoundary applies c in one transaction: it inserts, reshapes
	// (geometry and area by geo.Area) and deletes cells, moves households
	// with their residents, incidents and grid-worker and account
	// assignments by the rules of BoundaryImpact (each moved incident gets a
	// "reassigned" event by the author, a new version and its near cell
	// cleared; near cells naming a removed cell are cleared), shifts the
	// cells' Households and Population by the households moved, redraws
	// the outline of every unit whose cells changed and of the town as the
	// union of their cells (geo.UnionArea), keeps the old shapes for CellsAt, records the new version, returns it with what
	// it moved (the impact, as BoundaryImpact lists it), and bumps
	// Revision.Cells (and Revision.Incidents when an incident
	// changed). ENOTFOUND before a data set is loaded; ECONFLICT, naming
	// the current version, when c.Base is not it (of concurrent commits on
	// one base exactly one succeeds); EINVALID, naming the field, for a
	// change without reason, with an effective date not YYYY-MM-DD, a cell
	// without name, with an unknown kind or unit or an invalid polygon
	// (geo.ValidatePolygon), a new code that exists, was ever used before
	// or is not its unit's code and three digits, a reshaped or removed
	// code that is no current cell, a code listed twice or both changed and
	// removed, no cell left, a household or incident (named in the
	// message) whose point would lie in no cell, or a unit whose cells
	// would no longer make one area (or would be none). Whether the new cells
	// partition the town is the caller's to check (geo.ValidatePartition).
	CommitBoundary(ctx context.Context, c *BoundaryChange) (*BoundaryVersion, *BoundaryImpact, error)
}

// Revision counts changes, so that caches (the all-cells GeoJSON, the point
// index) are rebuilt only when what they show has changed. Each counter only
// grows.
type Revision struct {
	Cells     int64 `json:"cells"`     // boundaries, names, populations, grid workers
	Incidents int64 `json:"incidents"` // any incident write
}

// Dataset is a whole town's data, as produced by data/sample or an import.
type Dataset struct {
	Town       Town
	Units      []Unit
	Cells      []Cell // GridWorkers are loaded with their cells; worker IDs are shared across cells
	Households []Household
	Residents  []Resident
	Mediators  []Mediator
	Incidents  []Incident
	// Stream, when not nil, holds the bulk of a data set too large to hold
	// in slices (a sample city): Load draws it after the rows above.
	Stream *DatasetStream
}

// DatasetStream is the part of a data set that Load draws as it writes, a
// chunk at a time, so that millions of residents and incidents never sit
// in memory at once. Each sequence must yield the same rows every time it
// is ranged over, with IDs ascending and above those of the slices.
type DatasetStream struct {
	// Homes yields households, each with its residents (in the household's
	// cell); the cells' Population and Households must count them.
	Homes iter.Seq2[Household, []Resident]
	// Incidents yields incidents with ascending IDs; a duplicate names an
	// incident yielded before it.
	Incidents iter.Seq[Incident]
}
