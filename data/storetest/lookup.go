package storetest

import (
	"fmt"
	"strings"
	"testing"

	"gridmap/data"
)

// lookups are the schema's lookup tables: each holds the codes of one of
// package data's enumerations, and use writes a code into a column that
// references the table, on the loaded fixture; next is a code a later
// version might add.
var lookups = []struct {
	table string
	codes []string
	use   string // with %s for the code
	next  string
}{
	{"unit_kinds", []string{data.UnitCommunity, data.UnitVillage},
		`UPDATE units SET kind = '%s' WHERE code = '` + UnitB + `'`, "street"},
	{"cell_kinds", []string{data.CellRural, data.CellCommunity},
		`UPDATE cells SET kind = '%s' WHERE code = '` + CellB1 + `'`, "enterprise"},
	{"cell_kinds", []string{data.CellRural, data.CellCommunity},
		`UPDATE cell_history SET kind = '%s' WHERE code = '` + CellB1 + `'`, "school"},
	{"mediator_categories", []string{data.MediatorTownCentre, data.MediatorTownElder, data.MediatorCadre,
		data.MediatorPolice, data.MediatorLawyer, data.MediatorElder},
		`UPDATE mediators SET category = '%s' WHERE id = 406`, "volunteer"},
	{"user_roles", []string{data.RoleAdmin, data.RoleLeader, data.RoleUnitCadre, data.RoleGridWorker, data.RoleMediator, data.RoleViewer},
		`INSERT INTO users (username, name, role, unit_code, mediator_id, disabled, created_at, password_hash)
			VALUES ('lookup', '查表', '%s', NULL, NULL, false, '2024-06-01T00:00:00.000000Z', 'hash')`, "auditor"},
	{"incident_kinds", []string{data.KindDispute, data.KindPetition},
		`UPDATE incidents SET kind = '%s' WHERE id = 1`, "complaint"},
	{"incident_statuses", []string{data.StatusReported, data.StatusAccepted, data.StatusMediating, data.StatusResolved,
		data.StatusEscalated, data.StatusClosed, data.StatusDuplicate},
		`UPDATE incidents SET status = '%s' WHERE id = 1`, "suspended"},
	{"incident_priorities", []string{data.PriorityNormal, data.PriorityHigh, data.PriorityUrgent},
		`UPDATE incidents SET priority = '%s' WHERE id = 1`, "low"},
	{"incident_event_kinds", []string{data.EventCreated, data.EventTransition, data.EventMediation, data.EventAssigned,
		data.EventReassigned, data.EventAttachment, data.EventFollowup},
		`INSERT INTO incident_events (incident_id, at, actor_id, actor_name, kind, from_status, to_status, note)
			VALUES (1, '2024-06-01T00:00:00.000000Z', 0, '查表', '%s', '', '', '')`, "follow_up_call"},
	{"mediation_outcomes", []string{data.OutcomeAgreement, data.OutcomeNoAgreement, data.OutcomeOngoing},
		`INSERT INTO mediation_records (incident_id, at, outcome, agreement_text, agreement_ref, follow_up_on, note, recorder_id, created_at)
			VALUES (1, '2024-06-01T00:00:00.000000Z', '%s', '', '', NULL, '', 0, '2024-06-01T00:00:00.000000Z')`, "withdrawn"},
	{"followup_methods", data.FollowupMethods,
		`INSERT INTO followups (incident_id, method, reached, performed, satisfaction, passed, note, recorder_id, at)
			VALUES (2, '%s', false, NULL, NULL, false, '', 0, '2024-06-01T00:00:00.000000Z')`, "letter"},
	{"followup_performances", data.Performances,
		`INSERT INTO followups (incident_id, method, reached, performed, satisfaction, passed, note, recorder_id, at)
			VALUES (2, 'visit', true, '%s', 'satisfied', false, '', 0, '2024-06-01T00:00:00.000000Z')`, "mostly"},
	{"followup_satisfactions", data.Satisfactions,
		`INSERT INTO followups (incident_id, method, reached, performed, satisfaction, passed, note, recorder_id, at)
			VALUES (2, 'visit', true, 'no', '%s', false, '', 0, '2024-06-01T00:00:00.000000Z')`, "indifferent"},
	{"attachment_types", data.AttachmentTypes,
		`INSERT INTO attachments (incident_id, name, content_type, size, sha256, uploader_id, created_at)
			VALUES (1, 'a.heic', '%s', 1, '` + strings.Repeat("0", 64) + `', 0, '2024-06-01T00:00:00.000000Z')`, "image/heic"},
	{"calendar_day_kinds", []string{data.DayRest, data.DayWork},
		`INSERT INTO calendar_days (day, kind) VALUES ('2030-01-01', '%s')`, "half_day"},
}

// testLookups: each enumeration the schema knows is a lookup table holding
// package data's codes, which the columns using it reference, so that the
// database refuses a code it lacks and a new code is one INSERT: the store
// then reads it back, its queries unchanged.
func testLookups(t *testing.T, s data.Store) {
	load(t, s)
	ctx := t.Context()
	db, isExecer := s.(SQLExecer)
	if !isExecer {
		t.Fatalf("%T does not implement storetest.SQLExecer", s)
	}
	for _, l := range lookups {
		code, use := l.next, fmt.Sprintf(l.use, l.next)
		if err := db.ExecSQL(ctx, use); err == nil {
			t.Errorf("%s succeeded before %q was in %s; want it refused", use, code, l.table)
		}
		ok(t, "adding "+code+" to "+l.table, db.ExecSQL(ctx, fmt.Sprintf(`INSERT INTO %s (code) VALUES ('%s')`, l.table, code)))
		ok(t, use, db.ExecSQL(ctx, use))
		for _, c := range l.codes {
			if err := db.ExecSQL(ctx, fmt.Sprintf(`INSERT INTO %s (code) VALUES ('%s')`, l.table, c)); err == nil {
				t.Errorf("adding %q to %s succeeded; want it refused as there already", c, l.table)
			}
		}
	}
	es, err := s.IncidentEvents(ctx, 1)
	ok(t, "IncidentEvents(1) with an event of a new kind", err)
	if last := es[len(es)-1]; last.Kind != "follow_up_call" || last.ActorName != "查表" {
		t.Errorf("IncidentEvents(1) ends with %+v; want the event of kind follow_up_call", last)
	}
	in, err := s.Incident(ctx, 1)
	ok(t, "Incident(1) of a new status, kind and priority", err)
	if in.Status != "suspended" || in.Kind != "complaint" || in.Priority != "low" {
		t.Errorf("Incident(1) = status %q, kind %q, priority %q; want suspended, complaint, low", in.Status, in.Kind, in.Priority)
	}
}
