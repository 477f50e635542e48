package api_test

import (
	"strings"
	"testing"

	"gridmap/api"
)

// TestStaffContactsSetting reads every answer that lists staff as each
// role, with the setting on (the default) and off: off, the anonymous and
// viewers get the same lists, as long, with the same posts, but without a
// name or phone; everyone else keeps them.
func TestStaffContactsSetting(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t)) // every cell, grid worker and mediator of the sample
	ds := sampleData(t)
	var contacts []string // every grid worker's and mediator's name and phone
	for _, c := range ds.Cells {
		for _, w := range c.GridWorkers {
			contacts = append(contacts, w.Name, w.Phone)
		}
	}
	for _, m := range ds.Mediators {
		contacts = append(contacts, m.Name, m.Phone)
	}
	shown := func(body []byte) int { return countShown(body, contacts) }
	paths := []string{"/api/cells/" + sc.inCell, "/api/mediators", "/api/mediators?unit=" + sc.unit}
	// people lists the staff entries of an answer, their post (role) kept.
	people := func(t *testing.T, r response) (workers int, posts []string) {
		t.Helper()
		v := r.json(t)
		if props, ok := v["properties"].(map[string]any); ok {
			v = props
			workers = len(v["grid_workers"].([]any))
		}
		for _, m := range v["mediators"].([]any) {
			posts = append(posts, m.(map[string]any)["role"].(string))
		}
		return workers, posts
	}
	public := api.New(sc.store, api.Config{}, quietLog())
	hidden := api.New(sc.store, api.Config{HideStaffContacts: true}, quietLog())
	for _, path := range paths {
		for _, role := range roles {
			a := sc.actors[role]
			on, off := get(t, public, path, a.header()...), get(t, hidden, path, a.header()...)
			if on.status != 200 || off.status != 200 {
				t.Fatalf("GET %s as %s = %d, %d; want 200 with either setting", path, role, on.status, off.status)
			}
			if shown(on.body) == 0 {
				t.Errorf("public staff contacts: GET %s as %s shows no name or phone", path, role)
			}
			wOn, pOn := people(t, on)
			wOff, pOff := people(t, off)
			if wOn != wOff || strings.Join(pOn, ",") != strings.Join(pOff, ",") || len(pOn) == 0 {
				t.Errorf("GET %s as %s: %d workers, posts %v public; %d, %v hidden; want the same, some", path, role, wOn, pOn, wOff, pOff)
			}
			anon := role == "anonymous" || role == "viewer"
			if n := shown(off.body); anon && n > 0 {
				t.Errorf("hidden staff contacts: GET %s as %s shows %d names or phones:\n%.400s", path, role, n, off.body)
			} else if !anon && n != shown(on.body) {
				t.Errorf("hidden staff contacts: GET %s as %s shows %d names or phones; want all %d (staff see staff)", path, role, n, shown(on.body))
			}
		}
	}
}

// TestStaffContactsHiddenInExports: the cells' export lists each cell's
// grid workers, so with the setting off the anonymous and viewers get it
// with that column empty, as /api/cells/{code} leaves their names out;
// everyone else, and everyone with the setting on, gets the names.
func TestStaffContactsHiddenInExports(t *testing.T) {
	t.Parallel()
	sc := newScene(t, newSmallSQLiteStore(t))
	var names []string
	for _, c := range sampleData(t).Cells {
		for _, w := range c.GridWorkers {
			names = append(names, w.Name)
		}
	}
	shown := func(body []byte) int { return countShown(body, names) }
	public := api.New(sc.store, api.Config{}, quietLog())
	hidden := api.New(sc.store, api.Config{HideStaffContacts: true}, quietLog())
	const path = "/api/export/cells?format=csv"
	for _, role := range []string{"anonymous", "viewer", "grid_worker", "leader"} {
		a := sc.actors[role]
		on, off := get(t, public, path, a.header()...), get(t, hidden, path, a.header()...)
		if on.status != 200 || off.status != 200 {
			t.Fatalf("GET %s as %s = %d, %d; want 200 with either setting", path, role, on.status, off.status)
		}
		if shown(on.body) == 0 {
			t.Errorf("public staff contacts: GET %s as %s names no grid worker", path, role)
		}
		staff := role != "anonymous" && role != "viewer"
		if n := shown(off.body); !staff && n > 0 {
			t.Errorf("hidden staff contacts: GET %s as %s names %d grid workers:\n%.400s", path, role, n, off.body)
		} else if staff && n != shown(on.body) {
			t.Errorf("hidden staff contacts: GET %s as %s names %d grid workers; want all %d (staff see staff)", path, role, n, shown(on.body))
		}
	}
}

// countShown counts the texts of words (but "") that body shows.
func countShown(body []byte, words []string) int {
	n := 0
	for _, x := range words {
		if x != "" && strings.Contains(string(body), x) {
			n++
		}
	}
	return n
}
