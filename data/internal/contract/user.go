package contract

import (
	"slices"
	"strconv"
	"time"

	"gridmap/data"
)

// CheckUserScope returns EINVALID, naming the field at fault, when u's role
// is unknown or its scope does not fit the role: a grid_worker serves one
// or more cells and has no unit; a unit_cadre and a mediator belong to a
// unit and serve no cells; only a mediator may name a mediator record; an
// admin, leader or viewer has none of these. It checks the shape only;
// CheckUserRefs checks that what u names exists. A display name past
// data.MaxUserName, or with control characters, is EINVALID too.
func CheckUserScope(u *data.User) error {
	if err := data.CheckLine("name", u.Name, data.MaxUserName); err != nil {
		return err
	}
	if !slices.Contains(data.Roles, u.Role) {
		return data.FieldErrorf("role", "Unknown role %q.", u.Role)
	}
	seen := make(map[string]bool, len(u.Cells))
	for _, c := range u.Cells {
		if c == "" || seen[c] {
			return data.FieldErrorf("cells", "Cell code %q is empty or listed twice.", c)
		}
		seen[c] = true
	}
	needsCells := u.Role == data.RoleGridWorker
	needsUnit := u.Role == data.RoleUnitCadre || u.Role == data.RoleMediator
	switch {
	case needsCells && len(u.Cells) == 0:
		return data.FieldErrorf("cells", "A grid worker needs at least one cell.")
	case !needsCells && len(u.Cells) > 0:
		return data.FieldErrorf("cells", "Only a grid worker has cells.")
	case needsUnit && u.UnitCode == "":
		return data.FieldErrorf("unit_code", "A %s needs a unit.", u.Role)
	case !needsUnit && u.UnitCode != "":
		return data.FieldErrorf("unit_code", "Only a unit cadre or a mediator has a unit.")
	case u.MediatorID != 0 && u.Role != data.RoleMediator:
		return data.FieldErrorf("mediator_id", "Only a mediator account is linked to a mediator.")
	case u.MediatorID < 0:
		return data.FieldErrorf("mediator_id", "There is no mediator %d.", u.MediatorID)
	}
	return nil
}

// UserRefs is what a store found in its tables about the cells, unit and
// mediator a user names.
type UserRefs struct {
	Cells        []string // those of the user's cells that exist, in any order
	Unit         bool     // the user's unit exists
	Mediator     bool     // the user's mediator exists
	MediatorUnit string   // and belongs to this unit ("" for the town centre)
}

// CheckUserRefs returns EINVALID, naming the field at fault, when u names a
// cell, unit or mediator that does not exist, or a mediator of another
// unit. Call it after CheckUserScope.
func CheckUserRefs(u *data.User, r UserRefs) error {
	for _, c := range u.Cells {
		if !slices.Contains(r.Cells, c) {
			return data.FieldErrorf("cells", "There is no cell %s.", c)
		}
	}
	if u.UnitCode != "" && !r.Unit {
		return data.FieldErrorf("unit_code", "There is no unit %s.", u.UnitCode)
	}
	if u.MediatorID != 0 {
		if !r.Mediator {
			return data.FieldErrorf("mediator_id", "There is no mediator %d.", u.MediatorID)
		}
		if r.MediatorUnit != u.UnitCode {
			return data.FieldErrorf("mediator_id", "Mediator %d does not belong to unit %s.", u.MediatorID, u.UnitCode)
		}
	}
	return nil
}

// UsernameTaken is the error for a username already in use.
func UsernameTaken(name string) *data.Error {
	return data.Errorf(data.ECONFLICT, "The username %q is taken.", name).WithField("username")
}

// UserNotFound is the error for an unknown user ID.
func UserNotFound(id int64) *data.Error {
	return NotFound("user", strconv.FormatInt(id, 10))
}

// UserCells returns a user's cells as stores return them: sorted, nil when
// there are none (the JSON field is omitted either way).
func UserCells(cells []string) []string {
	if len(cells) == 0 {
		return nil
	}
	slices.Sort(cells)
	return cells
}

// IDs returns ids, or an empty list for nil, so that JSON shows [].
func IDs(ids []int64) []int64 {
	if ids == nil {
		return []int64{}
	}
	return ids
}

// CheckSession returns EINVALID for a session CreateSession must refuse.
func CheckSession(s *data.Session) error {
	if s.ID == "" {
		return data.FieldErrorf("id", "A session needs an ID.")
	}
	return nil
}

// CheckToken returns EINVALID for a token CreateToken must refuse: no
// hash, or a name past data.MaxTokenName.
func CheckToken(t *data.Token) error {
	if t.Hash == "" {
		return data.FieldErrorf("hash", "A token needs the hash of its secret.")
	}
	return data.CheckLine("name", t.Name, data.MaxTokenName)
}

// AuditEntry cuts the texts of e that come from clients (a failed login's
// username, a reason in the detail) to data.MaxAuditText characters of
// valid UTF-8: the audit log keeps every entry, but none of unbounded size.
func AuditEntry(e *data.AuditEntry) {
	e.Username = data.CutText(e.Username, data.MaxAuditText)
	e.Action = data.CutText(e.Action, data.MaxAuditText)
	e.Record = data.CutText(e.Record, data.MaxAuditText)
	e.Remote = data.CutText(e.Remote, data.MaxAuditText)
	e.Detail = data.CutText(e.Detail, data.MaxAuditText)
}

// CheckAuditFilter returns EINVALID for a filter Audit must reject.
func CheckAuditFilter(f data.AuditFilter) error {
	return checkPage(f.Limit, f.Offset)
}

// OrNow returns t normalised (see Time), or the current time when t is
// zero: the creation time Create* and AppendAudit store.
func OrNow(t time.Time) time.Time {
	if t.IsZero() {
		t = time.Now()
	}
	return Time(t)
}

// TimePtr normalises the time t points to, keeping nil.
func TimePtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	n := Time(*t)
	return &n
}

// NoSession is the error for an unknown or expired session. It does not
// repeat the ID, which stands for a secret.
func NoSession() *data.Error {
	return data.Errorf(data.ENOTFOUND, "There is no such session.")
}

// NoToken is the error for an unknown token hash.
func NoToken() *data.Error {
	return data.Errorf(data.ENOTFOUND, "There is no such token.")
}

// TokenNotFound is the error for an unknown token ID.
func TokenNotFound(id int64) *data.Error {
	return NotFound("token", strconv.FormatInt(id, 10))
}

// TokenTaken is the error for a token whose hash is already stored.
func TokenTaken() *data.Error {
	return data.Errorf(data.ECONFLICT, "A token with this secret exists already.").WithField("hash")
}

// NoLoginUsername is the error for clearing the login failures of no
// username.
func NoLoginUsername() *data.Error {
	return data.FieldErrorf("username", "username is required.")
}

// PasswordChanged is the error for a session or token asked for with a
// password that changed meanwhile.
func PasswordChanged() *data.Error {
	return data.Errorf(data.EUNAUTHORIZED, "The password has just changed; log in again.")
}
