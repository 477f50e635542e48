package sample

import (
	"slices"
	"testing"

	"gridmap/data"
	"gridmap/domain"
)

// TestAccounts: one demo account per role but admin, each valid for a
// store, and the cadre, grid worker and mediator real people of the sample
// with something to see.
func TestAccounts(t *testing.T) {
	d := dataset(t)
	accounts := Accounts()
	var roles []string
	for _, a := range accounts {
		u := a.User
		roles = append(roles, u.Role)
		if err := domain.CheckUsername(u.Username); err != nil {
			t.Errorf("account %s: %v", u.Username, err)
		}
		if err := domain.CheckUserScope(&u); err != nil {
			t.Errorf("account %s: %v", u.Username, err)
		}
		if a.Password != "anwen-demo-"+u.Username || u.Name == "" || u.ID != 0 || u.PasswordHash != "" {
			t.Errorf("account %+v, password %q; want a name, password anwen-demo-%s, no ID or hash", u, a.Password, u.Username)
		}
	}
	want := []string{data.RoleLeader, data.RoleUnitCadre, data.RoleGridWorker, data.RoleMediator, data.RoleViewer}
	if !slices.Equal(roles, want) {
		t.Errorf("account roles = %v; want %v (no admin)", roles, want)
	}

	cadre, worker, mediator := accounts[1].User, accounts[2].User, accounts[3].User
	if !slices.ContainsFunc(d.Mediators, func(m data.Mediator) bool {
		return m.UnitCode == cadre.UnitCode && m.Role == "书记" && m.Name == cadre.Name
	}) {
		t.Errorf("cadre %s is not the secretary of unit %s", cadre.Name, cadre.UnitCode)
	}
	for _, code := range worker.Cells {
		i := slices.IndexFunc(d.Cells, func(c data.Cell) bool { return c.Code == code })
		if i < 0 || !slices.ContainsFunc(d.Cells[i].GridWorkers, func(w data.GridWorker) bool { return w.Name == worker.Name }) {
			t.Errorf("grid worker %s does not serve cell %s", worker.Name, code)
			continue
		}
		if d.Cells[i].OpenIncidents == 0 || d.Cells[i].UnitCode != cadre.UnitCode {
			t.Errorf("grid worker's cell %s has %d open incidents, in unit %s; want some, in the cadre's unit %s",
				code, d.Cells[i].OpenIncidents, d.Cells[i].UnitCode, cadre.UnitCode)
		}
	}
	i := slices.IndexFunc(d.Mediators, func(m data.Mediator) bool { return m.ID == mediator.MediatorID })
	if i < 0 || d.Mediators[i].Name != mediator.Name || d.Mediators[i].UnitCode != mediator.UnitCode ||
		d.Mediators[i].Category != data.MediatorLawyer || mediator.UnitCode != cadre.UnitCode {
		t.Fatalf("mediator account %+v is not the resident lawyer of the cadre's unit %s", mediator, cadre.UnitCode)
	}
	assigned, open := 0, 0
	for _, in := range d.Incidents {
		if slices.Contains(in.Mediators, mediator.MediatorID) {
			assigned++
			if domain.IsOpen(in.Status) {
				open++
			}
		}
	}
	if assigned == 0 || open == 0 {
		t.Errorf("mediator %d has %d incidents assigned, %d open; want some of both", mediator.MediatorID, assigned, open)
	}

	// Each call returns values of the caller's own.
	accounts[2].User.Cells[0] = "changed"
	if Accounts()[2].User.Cells[0] == "changed" {
		t.Error("Accounts() shares state between calls")
	}
}
