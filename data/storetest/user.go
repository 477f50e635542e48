package storetest

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"gridmap/data"
)

// accounts returns one account of each role and scope over the fixture,
// a grid worker's cells out of order.
func accounts() []data.User {
	return []data.User{
		{Username: "admin", Name: "管理员", Role: data.RoleAdmin, PasswordHash: "hash-admin"},
		{Username: "leader", Name: "镇领导", Role: data.RoleLeader, PasswordHash: "hash-leader"},
		{Username: "cadre.a", Name: "郑书记", Role: data.RoleUnitCadre, UnitCode: UnitA, PasswordHash: "hash-cadre"},
		{Username: "worker_11", Name: "张伟", Role: data.RoleGridWorker, Cells: []string{CellA2, CellA1}, PasswordHash: "hash-worker"},
		{Username: "lawyer-b", Name: "陈律师", Role: data.RoleMediator, UnitCode: UnitB, MediatorID: 405, PasswordHash: "hash-lawyer"},
		{Username: "mediator.b", Name: "石龙村调解员", Role: data.RoleMediator, UnitCode: UnitB}, // no mediator record
		{Username: "Viewer", Name: "访客", Role: data.RoleViewer, Disabled: true, PasswordHash: "hash-viewer"},
		{Username: "viewer", Name: "另一访客", Role: data.RoleViewer}, // usernames are case-sensitive
		{Username: strings.Repeat("x", 64), Role: data.RoleViewer},
	}
}

// createUsers creates us in order, failing the test on error.
func createUsers(t *testing.T, s data.Store, us []data.User) {
	t.Helper()
	for i := range us {
		ok(t, "CreateUser("+us[i].Username+")", s.CreateUser(t.Context(), &us[i]))
	}
}

// stored is u as stores return it: cells sorted, nil when none.
func stored(u data.User) data.User {
	u.Cells = slices.Sorted(slices.Values(u.Cells))
	return u
}

func testUsers(t *testing.T, s data.Store) {
	load(t, s)
	ctx := t.Context()
	before := time.Now().UTC().Truncate(time.Microsecond)
	us := accounts()
	createUsers(t, s, us)
	after := time.Now().UTC()
	var want []data.User
	for i, u := range us {
		if u.ID <= 0 || i > 0 && u.ID <= us[i-1].ID {
			t.Errorf("CreateUser(%s) set ID %d; want IDs that grow", u.Username, u.ID)
		}
		if u.CreatedAt.Before(before) || u.CreatedAt.After(after) || u.CreatedAt.Location() != time.UTC ||
			u.CreatedAt.Nanosecond()%1000 != 0 {
			t.Errorf("CreateUser(%s) set CreatedAt %v; want a UTC time to the microsecond in [%v, %v]", u.Username, u.CreatedAt, before, after)
		}
		want = append(want, stored(u))
	}
	got, err := s.Users(ctx)
	ok(t, "Users()", err)
	equal(t, "Users()", got, want)
	for _, w := range want {
		u, err := s.User(ctx, w.ID)
		ok(t, fmt.Sprint("User(", w.ID, ")"), err)
		equal(t, fmt.Sprint("User(", w.ID, ")"), *u, w)
		u, err = s.UserByName(ctx, w.Username)
		ok(t, "UserByName("+w.Username+")", err)
		equal(t, "UserByName("+w.Username+")", *u, w)
	}
	for _, id := range []int64{0, -1, us[len(us)-1].ID + 1} {
		_, err := s.User(ctx, id)
		wantCode(t, fmt.Sprint("User(", id, ")"), err, data.ENOTFOUND)
	}
	for _, name := range []string{"", "nobody", "ADMIN", "admin "} {
		_, err := s.UserByName(ctx, name)
		wantCode(t, "UserByName("+name+")", err, data.ENOTFOUND)
	}
	if js := jsonOf(t, want[3]); strings.Contains(js, "hash-worker") {
		t.Errorf("JSON of a user = %s; want no password hash", js)
	}

	// A given CreatedAt is kept, to the microsecond, in UTC.
	created := time.Date(2023, 5, 4, 10, 30, 0, 123456789, cst)
	imported := data.User{Username: "imported", Role: data.RoleViewer, CreatedAt: created}
	ok(t, "CreateUser(imported)", s.CreateUser(ctx, &imported))
	if imported.CreatedAt != micro(created) {
		t.Errorf("CreateUser(CreatedAt %v) set %v; want %v", created, imported.CreatedAt, micro(created))
	}
	u, err := s.User(ctx, imported.ID)
	ok(t, "User(imported)", err)
	equal(t, "User(imported)", *u, imported)
}

// testUsersWithoutTown: the first admin is created before any data set is
// loaded; scoped accounts need the cells and units they name.
func testUsersWithoutTown(t *testing.T, s data.Store) {
	admin := data.User{Username: "admin", Name: "管理员", Role: data.RoleAdmin, PasswordHash: "h"}
	ok(t, "CreateUser(admin)", s.CreateUser(t.Context(), &admin))
	worker := data.User{Username: "worker", Role: data.RoleGridWorker, Cells: []string{CellA1}}
	wantField(t, "CreateUser(worker) before Load", s.CreateUser(t.Context(), &worker), data.EINVALID, "cells")
	got, err := s.Users(t.Context())
	ok(t, "Users()", err)
	equal(t, "Users()", got, []data.User{admin})
}

func testUserInvalid(t *testing.T, s data.Store) {
	load(t, s)
	worker := func(cells ...string) data.User {
		return data.User{Username: "w", Role: data.RoleGridWorker, Cells: cells}
	}
	with := func(u data.User, f func(u *data.User)) data.User { f(&u); return u }
	cadre := data.User{Username: "c", Role: data.RoleUnitCadre, UnitCode: UnitA}
	mediator := data.User{Username: "m", Role: data.RoleMediator, UnitCode: UnitB}
	tests := []struct {
		name  string
		u     data.User
		field string
	}{
		{"empty username", data.User{Role: data.RoleAdmin}, "username"},
		{"username of 65 characters", data.User{Username: strings.Repeat("x", 65), Role: data.RoleAdmin}, "username"},
		{"username in Chinese", data.User{Username: "张伟", Role: data.RoleAdmin}, "username"},
		{"username with a space", data.User{Username: "a b", Role: data.RoleAdmin}, "username"},
		{"username with a slash", data.User{Username: "a/b", Role: data.RoleAdmin}, "username"},
		{"username with an @", data.User{Username: "a@b", Role: data.RoleAdmin}, "username"},
		{"no role", data.User{Username: "x"}, "role"},
		{"unknown role", data.User{Username: "x", Role: "superuser"}, "role"},
		{"role in capitals", data.User{Username: "x", Role: "Admin"}, "role"},
		{"grid worker without cells", worker(), "cells"},
		{"grid worker with an empty cell list", with(worker(), func(u *data.User) { u.Cells = []string{} }), "cells"},
		{"grid worker in an unknown cell", worker(CellA1, "500110119001009"), "cells"},
		{"grid worker in a unit as cell", worker(UnitA), "cells"},
		{"grid worker with an empty cell code", worker(""), "cells"},
		{"grid worker with a cell twice", worker(CellA1, CellA2, CellA1), "cells"},
		{"grid worker with a unit", with(worker(CellA1), func(u *data.User) { u.UnitCode = UnitA }), "unit_code"},
		{"grid worker linked to a mediator", with(worker(CellA1), func(u *data.User) { u.MediatorID = 403 }), "mediator_id"},
		{"unit cadre without unit", with(cadre, func(u *data.User) { u.UnitCode = "" }), "unit_code"},
		{"unit cadre in an unknown unit", with(cadre, func(u *data.User) { u.UnitCode = "500110119009" }), "unit_code"},
		{"unit cadre in a cell as unit", with(cadre, func(u *data.User) { u.UnitCode = CellA1 }), "unit_code"},
		{"unit cadre with cells", with(cadre, func(u *data.User) { u.Cells = []string{CellA1} }), "cells"},
		{"unit cadre linked to a mediator", with(cadre, func(u *data.User) { u.MediatorID = 403 }), "mediator_id"},
		{"mediator without unit", with(mediator, func(u *data.User) { u.UnitCode = "" }), "unit_code"},
		{"mediator in an unknown unit", with(mediator, func(u *data.User) { u.UnitCode = "500110119009" }), "unit_code"},
		{"mediator with cells", with(mediator, func(u *data.User) { u.Cells = []string{CellB1} }), "cells"},
		{"mediator linked to an unknown mediator", with(mediator, func(u *data.User) { u.MediatorID = 499 }), "mediator_id"},
		{"mediator linked to a negative ID", with(mediator, func(u *data.User) { u.MediatorID = -405 }), "mediator_id"},
		{"mediator linked to another unit's", with(mediator, func(u *data.User) { u.MediatorID = 403 }), "mediator_id"},
		{"mediator linked to the town centre's", with(mediator, func(u *data.User) { u.MediatorID = 401 }), "mediator_id"},
		{"admin with a unit", data.User{Username: "x", Role: data.RoleAdmin, UnitCode: UnitA}, "unit_code"},
		{"leader with cells", data.User{Username: "x", Role: data.RoleLeader, Cells: []string{CellA1}}, "cells"},
		{"viewer linked to a mediator", data.User{Username: "x", Role: data.RoleViewer, MediatorID: 401}, "mediator_id"},
	}
	for _, tt := range tests {
		u := tt.u
		wantField(t, "CreateUser("+tt.name+")", s.CreateUser(t.Context(), &u), data.EINVALID, tt.field)
		if u.ID != 0 {
			t.Errorf("CreateUser(%s) set ID %d on failure", tt.name, u.ID)
		}
	}
	got, err := s.Users(t.Context())
	ok(t, "Users()", err)
	equal(t, "Users() after refused creations", got, []data.User{})
}

func testUsernameTaken(t *testing.T, s data.Store) {
	load(t, s)
	first := data.User{Username: "wang.fang", Name: "王芳", Role: data.RoleGridWorker, Cells: []string{CellB1}}
	ok(t, "CreateUser(wang.fang)", s.CreateUser(t.Context(), &first))
	for _, role := range []string{data.RoleGridWorker, data.RoleAdmin} { // whatever else differs
		again := data.User{Username: "wang.fang", Role: role, Cells: first.Cells}
		if role == data.RoleAdmin {
			again.Cells = nil
		}
		wantField(t, "CreateUser(wang.fang again as "+role+")", s.CreateUser(t.Context(), &again), data.ECONFLICT, "username")
	}
	other := data.User{Username: "Wang.Fang", Role: data.RoleViewer}
	ok(t, "CreateUser(Wang.Fang)", s.CreateUser(t.Context(), &other))
	got, err := s.Users(t.Context())
	ok(t, "Users()", err)
	equal(t, "Users()", got, []data.User{first, other})
	if other.ID != first.ID+1 {
		t.Errorf("ID after a refused username = %d; want %d, the next one", other.ID, first.ID+1)
	}
}

func testUpdateUser(t *testing.T, s data.Store) {
	load(t, s)
	ctx := t.Context()
	us := accounts()
	createUsers(t, s, us)
	worker := us[3]

	// A grid worker moves to other cells; name, hash and flag change too.
	moved := worker
	moved.Name, moved.PasswordHash, moved.Disabled = "张伟（调岗）", "new-hash", true
	moved.Cells = []string{CellB2, CellB1}
	moved.Username, moved.CreatedAt = "renamed", time.Time{} // neither changes
	ok(t, "UpdateUser(moved)", s.UpdateUser(ctx, &moved))
	want := worker
	want.Name, want.PasswordHash, want.Disabled, want.Cells = moved.Name, moved.PasswordHash, true, []string{CellB1, CellB2}
	got, err := s.User(ctx, worker.ID)
	ok(t, "User(worker)", err)
	equal(t, "User(worker) after UpdateUser", *got, want)
	_, err = s.UserByName(ctx, "renamed")
	wantCode(t, "UserByName(renamed)", err, data.ENOTFOUND)

	// Then becomes a unit cadre: the cells go, a unit comes.
	cadre := want
	cadre.Role, cadre.Cells, cadre.UnitCode, cadre.Disabled = data.RoleUnitCadre, nil, UnitB, false
	ok(t, "UpdateUser(cadre)", s.UpdateUser(ctx, &cadre))
	got, err = s.User(ctx, worker.ID)
	ok(t, "User(worker)", err)
	equal(t, "User(worker) as a cadre", *got, cadre)

	// A mediator account gets linked to its record, then unlinked.
	med := stored(us[5])
	med.MediatorID = 406
	ok(t, "UpdateUser(link mediator)", s.UpdateUser(ctx, &med))
	got, err = s.User(ctx, med.ID)
	ok(t, "User(mediator)", err)
	equal(t, "User(mediator) linked", *got, med)
	med.MediatorID = 0
	ok(t, "UpdateUser(unlink mediator)", s.UpdateUser(ctx, &med))
	got, err = s.User(ctx, med.ID)
	ok(t, "User(mediator)", err)
	equal(t, "User(mediator) unlinked", *got, med)

	// Refused updates change nothing.
	bad := []struct {
		name  string
		u     data.User
		field string
	}{
		{"unknown cell", data.User{ID: worker.ID, Role: data.RoleGridWorker, Cells: []string{CellA1, "500110119001009"}}, "cells"},
		{"unknown role", data.User{ID: worker.ID, Role: "chief"}, "role"},
		{"cadre without unit", data.User{ID: worker.ID, Role: data.RoleUnitCadre}, "unit_code"},
		{"mediator of another unit", data.User{ID: worker.ID, Role: data.RoleMediator, UnitCode: UnitA, MediatorID: 405}, "mediator_id"},
	}
	for _, tt := range bad {
		wantField(t, "UpdateUser("+tt.name+")", s.UpdateUser(ctx, &tt.u), data.EINVALID, tt.field)
	}
	got, err = s.User(ctx, worker.ID)
	ok(t, "User(worker)", err)
	equal(t, "User(worker) after refused updates", *got, cadre)

	for _, id := range []int64{0, us[len(us)-1].ID + 1} {
		u := data.User{ID: id, Username: "ghost", Role: data.RoleViewer}
		wantCode(t, fmt.Sprint("UpdateUser(", id, ")"), s.UpdateUser(ctx, &u), data.ENOTFOUND)
	}
	all, err := s.Users(ctx)
	ok(t, "Users()", err)
	if len(all) != len(us) {
		t.Errorf("Users() after updates = %d accounts; want %d", len(all), len(us))
	}
}

// equalTime reports whether two optional times are both nil or the same
// instant in the same location.
func equalTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}
