package data

import (
	"time"
)

// Roles. Each role reads a scope (see Scope) and may do a set of things; the
// api package's policy is the one place that decides.
const (
	RoleAdmin      = "admin"       // users, boundaries, everything; personal-data reads audited
	RoleLeader     = "leader"      // 镇领导: town-wide read, personal data masked
	RoleUnitCadre  = "unit_cadre"  // 村/社区干部: their unit, full read, incident handling
	RoleGridWorker = "grid_worker" // 网格员: their own cells, full read, reporting
	RoleMediator   = "mediator"    // 调解员: assigned incidents, read of their unit's cells
	RoleViewer     = "viewer"      // boundaries, units and aggregate statistics only
)

// Roles lists every role.
var Roles = []string{RoleAdmin, RoleLeader, RoleUnitCadre, RoleGridWorker, RoleMediator, RoleViewer}

// User is an account. A unit_cadre and a mediator have a UnitCode; a
// grid_worker has Cells; a mediator may be linked to the Mediator record
// it is.
type User struct {
	ID           int64     `json:"id"`
	Username     string    `json:"username"`
	Name         string    `json:"name"` // display name, e.g. 王芳
	Role         string    `json:"role"`
	UnitCode     string    `json:"unit_code,omitempty"`
	Cells        []string  `json:"cells,omitempty"` // sorted
	MediatorID   int64     `json:"mediator_id,omitempty"`
	Disabled     bool      `json:"disabled"`
	CreatedAt    time.Time `json:"created_at"`
	PasswordHash string    `json:"-"` // encoded argon2id hash, never shown
}

// PasswordChange sets an account's password hash. Stores apply it in one
// transaction with its consequence: every session of the account but
// KeepSession (the one making a change of its own password, if any) ends,
// and every token of the account is revoked at At.
type PasswordChange struct {
	UserID      int64
	Hash        string
	KeepSession string    // a session ID, or "" to end them all
	At          time.Time // zero means now
	// CheckedHash, when set, is the hash the caller checked the current
	// password against: the change is refused when the account's hash is
	// another by then (a reset came first), rather than undo that.
	CheckedHash string
}

// Session is a browser login. Its ID is the SHA-256 (hex) of the secret in
// the session cookie, so that a copy of the database cannot log anyone in.
type Session struct {
	ID        string    `json:"-"`
	UserID    int64     `json:"user_id"`
	CSRFToken string    `json:"-"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
	Remote    string    `json:"remote"`
	// CheckedHash is the account's password hash the login checked (not
	// stored): CreateSession refuses the session when the password has
	// changed since, so that a login racing a change cannot outlive it.
	CheckedHash string `json:"-"`
}

// Token is a bearer API token for scripts and GIS clients. Hash is the
// SHA-256 (hex) of the secret, which is shown once at creation only.
type Token struct {
	ID         int64      `json:"id"`
	UserID     int64      `json:"user_id"`
	Name       string     `json:"name"`
	Hash       string     `json:"-"`
	CreatedAt  time.Time  `json:"created_at"`
	ExpiresAt  time.Time  `json:"expires_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	// CheckedHash is the account's password hash when the request asking
	// for the token was authenticated (not stored): CreateToken refuses
	// the token when the password has changed since, as CreateSession does.
	CheckedHash string `json:"-"`
}

// AuditEntry records one access to personal data or one security event.
// The audit log is append-only: stores refuse to change or delete entries.
type AuditEntry struct {
	ID       int64     `json:"id"`
	At       time.Time `json:"at"`
	UserID   int64     `json:"user_id"`
	Username string    `json:"username"`
	Action   string    `json:"action"` // e.g. read_residents, read_incident, export, login_failed
	Record   string    `json:"record"` // what was read, e.g. cell:500110119200001 or incident:42
	Remote   string    `json:"remote"` // client address
	Detail   string    `json:"detail"`
}

// AuditFilter selects audit entries, newest first. Zero fields do not filter.
type AuditFilter struct {
	UserID   int64
	Action   string
	Record   string // exact match
	From, To time.Time
	Limit    int // 0 means no limit
	Offset   int
}

// MaxUsername is the longest username, in bytes (all of them ASCII).
const MaxUsername = 64
