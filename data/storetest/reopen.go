package storetest

import (
	"testing"

	"gridmap/data"
)

// Migrations is every migration, as a store's schema_migrations lists them
// ("version:name", in order, comma-separated).
const Migrations = "1:001_init.sql,2:002_accounts.sql,3:003_workflow.sql,4:004_mediation.sql,5:005_attachments.sql," +
	"6:006_boundaries.sql,7:007_login_failures.sql,8:008_lookups.sql,9:009_people.sql,10:010_followups.sql" +
	",11:011_calendar.sql,12:012_notifications.sql,13:013_followup_due.sql,14:014_parties.sql,15:015_mediation_figures.sql" +
	",17:017_unit_webhooks.sql,18:018_notify_rate.sql,19:019_petition_reply.sql,20:020_incident_revision.sql,22:022_instances.sql,23:023_incidents_open.sql"

// Reopened: a database keeps its data when its store is closed and opened
// again, twice, and opening it applies no migration twice. open opens a
// store on the same database each time; applied lists the migrations the
// database records, as Migrations does.
func Reopened(t *testing.T, open func(t *testing.T) data.Store, applied func(t *testing.T) string) {
	t.Helper()
	first := open(t)
	ok(t, "Load(fixture)", first.Load(t.Context(), Fixture()))
	ok(t, "Close()", first.Close())
	for range 2 {
		s := open(t)
		town, err := s.Town(t.Context())
		if err != nil || town.Code != TownCode {
			t.Fatalf("Town() after reopening = %+v, %v; want town %s", town, err, TownCode)
		}
		rev, err := s.Revision(t.Context())
		if err != nil || rev != (data.Revision{Cells: 1, Incidents: 1}) {
			t.Errorf("Revision() after reopening = %+v, %v; want {1 1}", rev, err)
		}
		if got := applied(t); got != Migrations {
			t.Errorf("applied migrations = %q; want %q", got, Migrations)
		}
		wantCode(t, "Load() after reopening", s.Load(t.Context(), Fixture()), data.ECONFLICT)
	}
}

// UpgradeSuite runs Upgrades and UpgradeRefused, in parallel.
func UpgradeSuite(t *testing.T, d Dialect) {
	t.Run("Upgrades", func(t *testing.T) {
		t.Parallel()
		Upgrades(t, d)
	})
	t.Run("Refused", func(t *testing.T) {
		t.Parallel()
		UpgradeRefused(t, d)
	})
}
