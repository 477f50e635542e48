package data

import (
	"slices"
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

// CheckUsername returns EINVALID (field "username") unless name is 1-64
// ASCII letters, digits, '.', '_' or '-'. Usernames are compared
// case-sensitively.
func CheckUsername(name string) error {
	if name == "" || len(name) > MaxUsername {
		return FieldErrorf("username", "A username has 1 to %d characters.", MaxUsername)
	}
	for _, r := range name {
		switch {
		case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9', r == '.', r == '_', r == '-':
		default:
			return FieldErrorf("username", "A username may only hold letters, digits, '.', '_' and '-'.")
		}
	}
	return nil
}

// CheckUserScope returns EINVALID, naming the field at fault, when u's role
// is unknown or its scope does not fit the role: a grid_worker serves one
// or more cells and has no unit; a unit_cadre and a mediator belong to a
// unit and serve no cells; only a mediator may name a mediator record; an
// admin, leader or viewer has none of these. It checks the shape only;
// the store checks that what u names exists. A display name past
// MaxUserName, or with control characters, is EINVALID too.
func CheckUserScope(u *User) error {
	if err := CheckLine("name", u.Name, MaxUserName); err != nil {
		return err
	}
	if !slices.Contains(Roles, u.Role) {
		return FieldErrorf("role", "Unknown role %q.", u.Role)
	}
	seen := make(map[string]bool, len(u.Cells))
	for _, c := range u.Cells {
		if c == "" || seen[c] {
			return FieldErrorf("cells", "Cell code %q is empty or listed twice.", c)
		}
		seen[c] = true
	}
	needsCells := u.Role == RoleGridWorker
	needsUnit := u.Role == RoleUnitCadre || u.Role == RoleMediator
	switch {
	case needsCells && len(u.Cells) == 0:
		return FieldErrorf("cells", "A grid worker needs at least one cell.")
	case !needsCells && len(u.Cells) > 0:
		return FieldErrorf("cells", "Only a grid worker has cells.")
	case needsUnit && u.UnitCode == "":
		return FieldErrorf("unit_code", "A %s needs a unit.", u.Role)
	case !needsUnit && u.UnitCode != "":
		return FieldErrorf("unit_code", "Only a unit cadre or a mediator has a unit.")
	case u.MediatorID != 0 && u.Role != RoleMediator:
		return FieldErrorf("mediator_id", "Only a mediator account is linked to a mediator.")
	case u.MediatorID < 0:
		return FieldErrorf("mediator_id", "There is no mediator %d.", u.MediatorID)
	}
	return nil
}
