package api_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"gridmap/auth"
	"gridmap/data"
)

// roles in the order the access tables list them.
var roles = []string{"anonymous", data.RoleViewer, data.RoleLeader, data.RoleUnitCadre, data.RoleGridWorker, data.RoleMediator, data.RoleAdmin}

// actor is a test principal: a user and a bearer token for it (none for
// the anonymous).
type actor struct {
	role  string
	user  *data.User
	token string
}

// header returns the request header that authenticates the actor.
func (a *actor) header() []string {
	if a.token == "" {
		return nil
	}
	return []string{"Authorization: Bearer " + a.token}
}

// scene is the sample town with one account per role, scoped so that the
// access rules can be seen at work: the grid worker has cell inCell, the
// cadre and the mediator its unit, and the mediator is assigned incident
// inIncident; outCell and outIncident lie in another unit.
type scene struct {
	store       data.Store
	actors      map[string]*actor
	inCell      string
	unit        string
	outCell     string
	inIncident  int64
	outIncident int64
}

const testPassword = "correct horse battery"

func newScene(t testing.TB, st data.Store) *scene {
	t.Helper()
	ctx := context.Background()
	all, _, err := st.Incidents(ctx, data.IncidentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	sc := &scene{store: st, actors: map[string]*actor{"anonymous": {role: "anonymous"}}}
	var mediator int64
	for _, in := range all {
		if len(in.Mediators) == 0 {
			continue
		}
		unit := in.CellCode[:12]
		ms, err := st.Mediators(ctx, data.MediatorFilter{UnitCode: unit})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			if slices.Contains(in.Mediators, m.ID) {
				sc.inCell, sc.unit, sc.inIncident, mediator = in.CellCode, unit, in.ID, m.ID
			}
		}
		if mediator != 0 {
			break
		}
	}
	if mediator == 0 {
		t.Fatal("the sample has no incident assigned to a mediator of its own unit")
	}
	for _, in := range all {
		if in.CellCode[:12] != sc.unit && !slices.Contains(in.Mediators, mediator) {
			sc.outCell, sc.outIncident = in.CellCode, in.ID
			break
		}
	}
	users := []*data.User{
		{Username: "t-viewer", Role: data.RoleViewer},
		{Username: "t-leader", Role: data.RoleLeader},
		{Username: "t-cadre", Role: data.RoleUnitCadre, UnitCode: sc.unit},
		{Username: "t-gridworker", Role: data.RoleGridWorker, Cells: []string{sc.inCell}},
		{Username: "t-mediator", Role: data.RoleMediator, UnitCode: sc.unit, MediatorID: mediator},
		{Username: "t-admin", Role: data.RoleAdmin},
	}
	hash, err := auth.HashPassword(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	created := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) // fixed, so both stores answer alike
	for _, u := range users {
		u.Name = u.Username
		u.PasswordHash = hash
		u.CreatedAt = created
		if err := st.CreateUser(ctx, u); err != nil {
			t.Fatalf("CreateUser(%s): %v", u.Username, err)
		}
		secret := auth.NewSecret()
		now := time.Now().UTC()
		if err := st.CreateToken(ctx, &data.Token{UserID: u.ID, Name: "test", Hash: auth.HashSecret(secret), CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		sc.actors[u.Role] = &actor{role: u.Role, user: u, token: secret}
	}
	return sc
}

func (sc *scene) String() string {
	return fmt.Sprintf("in-scope cell %s (unit %s), incident %d; out-of-scope cell %s, incident %d",
		sc.inCell, sc.unit, sc.inIncident, sc.outCell, sc.outIncident)
}
