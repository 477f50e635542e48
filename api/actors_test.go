package api_test

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/crypto/argon2"

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

// session logs the actor in with its password and returns the headers of
// that login (its cookie and CSRF token): for what a token may not do.
func (a *actor) session(t *testing.T, h http.Handler) []string {
	t.Helper()
	r, cookie := login(t, h, a.user.Username, testPassword)
	if r.status != http.StatusOK || cookie == "" {
		t.Fatalf("login as %s = %d %s", a.user.Username, r.status, r.body)
	}
	return []string{"Cookie: " + cookie, "X-CSRF-Token: " + r.json(t)["csrf_token"].(string)}
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

	labelOnce sync.Once
	lon, lat  float64 // inCell's label point, where report files
}

// inCellLabel returns the label point of the in-scope cell, read from s
// once per scene: reading it costs all cells' GeoJSON, rebuilt after
// every write. No test that files with report redraws inCell.
func (sc *scene) inCellLabel(t *testing.T, s http.Handler) (lon, lat float64) {
	t.Helper()
	sc.labelOnce.Do(func() { sc.lon, sc.lat = cellLabel(t, s, sc.inCell) })
	return sc.lon, sc.lat
}

const testPassword = "correct horse battery"

// scenePlaces are the cells, unit, mediator and incidents a scene puts
// its actors in.
type scenePlaces struct {
	inCell, unit, outCell   string
	inIncident, outIncident int64
	mediator                int64
}

// foundPlaces remembers the places the last full search found. Every
// scene's store is a copy of the same sample, so the next scene only
// checks them on its store (two incidents and a unit's mediators) instead
// of reading all 3,000 incidents again, which under -race cost a third of
// a second a test.
var foundPlaces atomic.Pointer[scenePlaces]

// placesHold reports whether p has on st what a scene needs: the mediator
// is of the unit and assigned the in-scope incident of cell inCell; the
// out-of-scope incident lies in cell outCell, in another unit, and is not
// the mediator's.
func placesHold(ctx context.Context, st data.Store, p *scenePlaces) bool {
	in, err := st.Incident(ctx, p.inIncident)
	if err != nil || in.CellCode != p.inCell || p.inCell[:12] != p.unit || !slices.Contains(in.Mediators, p.mediator) {
		return false
	}
	out, err := st.Incident(ctx, p.outIncident)
	if err != nil || out.CellCode != p.outCell || out.CellCode[:12] == p.unit || slices.Contains(out.Mediators, p.mediator) {
		return false
	}
	ms, err := st.Mediators(ctx, data.MediatorFilter{UnitCode: p.unit})
	return err == nil && slices.ContainsFunc(ms, func(m data.Mediator) bool { return m.ID == p.mediator })
}

// findPlaces searches st's incidents for a scene's places.
func findPlaces(t testing.TB, st data.Store) *scenePlaces {
	t.Helper()
	ctx := context.Background()
	all, _, err := st.Incidents(ctx, data.IncidentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	p := &scenePlaces{}
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
				p.inCell, p.unit, p.inIncident, p.mediator = in.CellCode, unit, in.ID, m.ID
			}
		}
		if p.mediator != 0 {
			break
		}
	}
	if p.mediator == 0 {
		t.Fatal("the sample has no incident assigned to a mediator of its own unit")
	}
	for _, in := range all {
		if in.CellCode[:12] != p.unit && !slices.Contains(in.Mediators, p.mediator) {
			p.outCell, p.outIncident = in.CellCode, in.ID
			break
		}
	}
	return p
}

// testPasswordHash is testPassword's hash, made once and shared by every
// scene's accounts, at a low argon2id cost: auth.CheckPassword reads the
// cost from the hash, so each login of a test account costs about a
// millisecond instead of HashPassword's 80 under -race. The hashes gridmap
// makes (a password set through the API, the unknown-username check) keep
// HashPassword's cost.
var testPasswordHash = sync.OnceValues(func() (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	const memory, passes, threads = 64, 1, 1 // KiB
	key := argon2.IDKey([]byte(testPassword), salt, passes, memory, threads, 32)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, memory, passes, threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
})

func newScene(t testing.TB, st data.Store) *scene {
	t.Helper()
	ctx := context.Background()
	p := foundPlaces.Load()
	if p == nil || !placesHold(ctx, st, p) {
		p = findPlaces(t, st)
		foundPlaces.Store(p)
	}
	sc := &scene{store: st, actors: map[string]*actor{"anonymous": {role: "anonymous"}},
		inCell: p.inCell, unit: p.unit, outCell: p.outCell, inIncident: p.inIncident, outIncident: p.outIncident}
	mediator := p.mediator
	users := []*data.User{
		{Username: "t-viewer", Role: data.RoleViewer},
		{Username: "t-leader", Role: data.RoleLeader},
		{Username: "t-cadre", Role: data.RoleUnitCadre, UnitCode: sc.unit},
		{Username: "t-gridworker", Role: data.RoleGridWorker, Cells: []string{sc.inCell}},
		{Username: "t-mediator", Role: data.RoleMediator, UnitCode: sc.unit, MediatorID: mediator},
		{Username: "t-admin", Role: data.RoleAdmin},
	}
	hash, err := testPasswordHash()
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
