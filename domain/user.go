package domain

import (
	"gridmap/data"
	"slices"
)

// CheckUsername returns EINVALID (field "username") unless name is 1-64
// ASCII letters, digits, '.', '_' or '-'. Usernames are compared
// case-sensitively.
func CheckUsername(name string) error {
	if name == "" || len(name) > data.MaxUsername {
		return data.FieldErrorf("username", "A username has 1 to %d characters.", data.MaxUsername)
	}
	for _, r := range name {
		switch {
		case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9', r == '.', r == '_', r == '-':
		default:
			return data.FieldErrorf("username", "A username may only hold letters, digits, '.', '_' and '-'.")
		}
	}
	return nil
}

// CheckToken returns EINVALID naming the field for an API token without
// the hash of its secret, or whose name is past data.MaxTokenName or holds
// control characters (CheckLine).
func CheckToken(t *data.Token) error {
	if t.Hash == "" {
		return data.FieldErrorf("hash", "A token needs the hash of its secret.")
	}
	return CheckLine("name", t.Name, data.MaxTokenName)
}

// CheckMediatorUnit returns EINVALID naming "mediator_id" unless the
// mediator u is linked to belongs to u's unit (unit is the mediator's, ""
// for the town centre's): a mediator's account sees what its mediator's
// unit sees, no more.
func CheckMediatorUnit(u *data.User, unit string) error {
	if unit != u.UnitCode {
		return data.FieldErrorf("mediator_id", "Mediator %d does not belong to unit %s.", u.MediatorID, u.UnitCode)
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
func CheckUserScope(u *data.User) error {
	if err := CheckLine("name", u.Name, data.MaxUserName); err != nil {
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
