package storetest

import (
	"strconv"
	"testing"
	"time"

	"gridmap/data"
)

// partyReport is report() with the parties as people, reported at day
// (in March 2024) so that earlier and later are plain.
func partyReport(day int, ps ...data.Party) *data.Incident {
	in := report()
	in.Parties, in.PartyDetails = nil, ps
	in.ReportedAt = time.Date(2024, 3, day, 9, 0, 0, 0, cst)
	return in
}

// createParties creates in and returns its ID.
func createParties(t *testing.T, s data.Store, call string, in *data.Incident) int64 {
	t.Helper()
	got, _, err := s.CreateIncident(t.Context(), in, "")
	ok(t, call, err)
	return got.ID
}

// testIncidentParties: a resident party takes its record's name and phone,
// a named one keeps its own (the phone without spaces and dashes), the
// names become Parties in order; Repeats counts the earlier disputes with
// every party that can be told apart (by resident, or by name and phone,
// across the two), never later ones nor duplicates. An unknown incident
// has none.
func testIncidentParties(t *testing.T, s data.Store) {
	load(t, s)
	ctx := t.Context()
	first := createParties(t, s, "CreateIncident(first)", partyReport(1,
		data.Party{Name: "冒名", Phone: "123", ResidentID: 301}, data.Party{Name: "外地人", Phone: " 138-0000 9999"}, data.Party{Name: "无电话"}))
	got, err := s.Incident(ctx, first)
	ok(t, "Incident(first)", err)
	equal(t, "Incident(first).Parties", got.Parties, []string{"张三", "外地人", "无电话"})
	links, err := s.IncidentParties(ctx, first)
	ok(t, "IncidentParties(first)", err)
	equal(t, "IncidentParties(first)", *links, data.PartyLinks{Parties: []data.Party{
		{Name: "张三", Phone: "13900000301", ResidentID: 301}, {Name: "外地人", Phone: "13800009999"}, {Name: "无电话"}}})

	// The same two people, 张三 by name and phone this time: a repeat of
	// the first. 无电话 cannot be told apart, so it is not needed.
	second := createParties(t, s, "CreateIncident(second)", partyReport(5,
		data.Party{Name: "张三", Phone: "13900000301"}, data.Party{Name: "外地人", Phone: "13800009999"}))
	// 张三 with someone new: no earlier dispute had them both.
	third := createParties(t, s, "CreateIncident(third)", partyReport(6,
		data.Party{ResidentID: 301}, data.Party{Name: "新人", Phone: "13800007777"}))
	// 张三 alone: all three had him.
	fourth := createParties(t, s, "CreateIncident(fourth)", partyReport(7, data.Party{ResidentID: 301}))
	// A duplicate with 张三 is no dispute of its own.
	dup := partyReport(8, data.Party{ResidentID: 301})
	dup.DuplicateOf = fourth
	createParties(t, s, "CreateIncident(duplicate)", dup)
	fifth := createParties(t, s, "CreateIncident(fifth)", partyReport(9, data.Party{Name: "张三", Phone: "139 0000 0301"}))
	// Names only: no party to tell apart, no repeats.
	names := report()
	plain := createParties(t, s, "CreateIncident(names)", names)

	for _, tt := range []struct {
		name string
		id   int64
		want int
	}{{"first", first, 0}, {"second", second, 1}, {"third", third, 0}, {"fourth", fourth, 3}, {"fifth", fifth, 4}, {"names", plain, 0}} {
		links, err := s.IncidentParties(ctx, tt.id)
		ok(t, "IncidentParties("+tt.name+")", err)
		if links.Repeats != tt.want {
			t.Errorf("IncidentParties(%s).Repeats = %d; want %d", tt.name, links.Repeats, tt.want)
		}
	}
	links, err = s.IncidentParties(ctx, plain)
	ok(t, "IncidentParties(names)", err)
	if links.Parties == nil || len(links.Parties) != 0 {
		t.Errorf("IncidentParties(names).Parties = %#v; want []", links.Parties)
	}
	links, err = s.IncidentParties(ctx, 999) // no incident's: none
	ok(t, "IncidentParties(999)", err)
	equal(t, "IncidentParties(999)", *links, data.PartyLinks{Parties: []data.Party{}})
}

// testIncidentsSharingParty: SharesParty finds the incidents with one of
// the people, by resident or by name and phone (a resident's record giving
// theirs), and nothing for a name alone or an empty list.
func testIncidentsSharingParty(t *testing.T, s data.Store) {
	load(t, s)
	ctx := t.Context()
	a := createParties(t, s, "CreateIncident(a)", partyReport(1, data.Party{ResidentID: 301}, data.Party{Name: "无电话"}))
	b := createParties(t, s, "CreateIncident(b)", partyReport(2, data.Party{Name: "张三", Phone: "13900000301"}))
	c := createParties(t, s, "CreateIncident(c)", partyReport(3, data.Party{Name: "外地人", Phone: "13800009999"}))
	for _, tt := range []struct {
		name    string
		parties []data.Party
		want    []int64
	}{
		{"the resident", []data.Party{{ResidentID: 301}}, []int64{a, b}},
		{"the resident's name and phone", []data.Party{{Name: "张三", Phone: "139-0000-0301"}}, []int64{a, b}},
		{"either of two", []data.Party{{ResidentID: 302}, {Name: "外地人", Phone: "13800009999"}}, []int64{c}},
		{"a name alone", []data.Party{{Name: "无电话"}, {Name: "张三"}}, nil},
		{"the name with another phone", []data.Party{{Name: "外地人", Phone: "13800000000"}}, nil},
		{"nobody", []data.Party{}, nil},
	} {
		list, total, err := s.Incidents(ctx, data.IncidentFilter{SharesParty: tt.parties})
		ok(t, "Incidents(SharesParty "+tt.name+")", err)
		var ids []int64
		for _, in := range list {
			ids = append(ids, in.ID)
		}
		equal(t, "Incidents(SharesParty "+tt.name+")", ids, tt.want)
		if total != len(tt.want) {
			t.Errorf("Incidents(SharesParty %s) total = %d; want %d", tt.name, total, len(tt.want))
		}
	}
	// Combined with the other filters.
	list, _, err := s.Incidents(ctx, data.IncidentFilter{SharesParty: []data.Party{{ResidentID: 301}}, Cells: []string{CellA2}})
	ok(t, "Incidents(SharesParty, cell A2)", err)
	if len(list) != 0 {
		t.Errorf("Incidents(SharesParty 301, cells A2) = %d incidents; want none", len(list))
	}
	tooMany := make([]data.Party, data.MaxParties+1)
	_, _, err = s.Incidents(ctx, data.IncidentFilter{SharesParty: tooMany})
	wantField(t, "Incidents(SharesParty of 21)", err, data.EINVALID, "parties")
}

// testCreateDuplicate: a report filed as a duplicate of a case is stored
// as a duplicate naming it, and the case's timeline gains a "linked"
// event naming the report, with a new version; a duplicate cannot be the
// original.
func testCreateDuplicate(t *testing.T, s data.Store) {
	load(t, s)
	ctx := t.Context()
	before, err := s.Incident(ctx, 1)
	ok(t, "Incident(1)", err)
	in := report()
	in.DuplicateOf, in.ReporterID = 1, 11
	got, created, err := s.CreateIncident(ctx, in, "dup-key")
	ok(t, "CreateIncident(duplicate of 1)", err)
	if !created || got.Status != data.StatusDuplicate || got.DuplicateOf != 1 || got.Version != 1 {
		t.Errorf("CreateIncident(duplicate of 1) = %s of %d, version %d, created %v; want duplicate of 1, version 1, created",
			got.Status, got.DuplicateOf, got.Version, created)
	}
	after, err := s.Incident(ctx, 1)
	ok(t, "Incident(1) after", err)
	if after.Version != before.Version+1 || after.Status != before.Status {
		t.Errorf("Incident(1) after a linked report = %s, version %d; want %s, version %d", after.Status, after.Version,
			before.Status, before.Version+1)
	}
	if e := lastEvent(t, s, 1); e.Kind != data.EventLinked || e.Note != strconv.FormatInt(got.ID, 10) || e.ActorID != 11 {
		t.Errorf("last event of 1 = %+v; want linked, naming %d, by 11", e, got.ID)
	}
	// Replayed under its key: no second link.
	again, created, err := s.CreateIncident(ctx, in, "dup-key")
	ok(t, "CreateIncident(duplicate, replayed)", err)
	if created || again.ID != got.ID {
		t.Errorf("CreateIncident(duplicate, replayed) = %d, created %v; want %d, false", again.ID, created, got.ID)
	}
	if v, _ := s.Incident(ctx, 1); v.Version != after.Version {
		t.Errorf("Incident(1) after the replay: version %d; want %d", v.Version, after.Version)
	}
	chain := report()
	chain.DuplicateOf = got.ID
	_, _, err = s.CreateIncident(ctx, chain, "")
	wantField(t, "CreateIncident(duplicate of a duplicate)", err, data.EINVALID, "duplicate_of")
}

// testEditParties: an incident's parties are replaced after intake (a
// resident taking its record's name and phone), its names too, with a
// "parties" event that names no one, a new version, and repeats counted
// anew; a stale version, a bad party, a resident of another cell and an
// unknown incident change nothing.
func testEditParties(t *testing.T, s data.Store) {
	load(t, s)
	ctx := t.Context()
	earlier := createParties(t, s, "CreateIncident(earlier)", partyReport(1, data.Party{ResidentID: 302}))
	id := createParties(t, s, "CreateIncident", partyReport(3, data.Party{Name: "外地人", Phone: "13800009999"}))
	in, err := s.Incident(ctx, id)
	ok(t, "Incident", err)
	at := time.Date(2024, 3, 4, 10, 0, 0, 0, cst)
	got, err := s.EditParties(ctx, data.PartiesEdit{IncidentID: id, Version: in.Version, ActorID: 11, ActorName: "张伟", At: at,
		Parties: []data.Party{{Name: "外地人", Phone: "138-0000-9999"}, {Name: "冒名", ResidentID: 302}}})
	ok(t, "EditParties", err)
	if got.Version != in.Version+1 || !got.UpdatedAt.Equal(at) {
		t.Errorf("EditParties = version %d, updated %v; want %d, %v", got.Version, got.UpdatedAt, in.Version+1, at)
	}
	equal(t, "EditParties(...).Parties", got.Parties, []string{"外地人", "李四"})
	links, err := s.IncidentParties(ctx, id)
	ok(t, "IncidentParties", err)
	equal(t, "IncidentParties after the edit", *links, data.PartyLinks{Parties: []data.Party{
		{Name: "外地人", Phone: "13800009999"}, {Name: "李四", Phone: "13900000302", ResidentID: 302}}})
	// 李四 was a party of the earlier dispute, 外地人 not: no repeat; with
	// 李四 alone the earlier one is.
	_, err = s.EditParties(ctx, data.PartiesEdit{IncidentID: id, Parties: []data.Party{{ResidentID: 302}}, ActorID: 11, At: at.Add(time.Hour)})
	ok(t, "EditParties(李四 alone)", err)
	links, err = s.IncidentParties(ctx, id)
	ok(t, "IncidentParties", err)
	if links.Repeats != 1 {
		t.Errorf("IncidentParties after the edit to 李四 alone: Repeats = %d; want 1 (incident %d)", links.Repeats, earlier)
	}
	e := lastEvent(t, s, id)
	e.ID = 0
	equal(t, "the edit's event", e, data.IncidentEvent{IncidentID: id, At: at.Add(time.Hour).UTC(), ActorID: 11, ActorName: "",
		Kind: data.EventParties, Note: "1"})

	current, err := s.Incident(ctx, id)
	ok(t, "Incident", err)
	for _, tt := range []struct {
		name  string
		e     data.PartiesEdit
		code  string
		field string
	}{
		{"stale version", data.PartiesEdit{IncidentID: id, Version: current.Version - 1, Parties: []data.Party{{Name: "甲"}}}, data.ECONFLICT, ""},
		{"no name", data.PartiesEdit{IncidentID: id, Parties: []data.Party{{Name: "甲"}, {Phone: "1"}}}, data.EINVALID, "party_details[1].name"},
		{"bad phone", data.PartiesEdit{IncidentID: id, Parties: []data.Party{{Name: "甲", Phone: "call me"}}}, data.EINVALID, "party_details[0].phone"},
		{"resident of another cell", data.PartiesEdit{IncidentID: id, Parties: []data.Party{{ResidentID: 305}}}, data.EINVALID, "party_details[0].resident_id"},
		{"unknown resident", data.PartiesEdit{IncidentID: id, Parties: []data.Party{{ResidentID: 399}}}, data.EINVALID, "party_details[0].resident_id"},
		{"unknown incident", data.PartiesEdit{IncidentID: 999, Parties: []data.Party{{Name: "甲"}}}, data.ENOTFOUND, ""},
	} {
		_, err := s.EditParties(ctx, tt.e)
		wantField(t, "EditParties("+tt.name+")", err, tt.code, tt.field)
	}
	after, err := s.Incident(ctx, id)
	ok(t, "Incident", err)
	equal(t, "Incident after refused edits", *after, *current)
	links, err = s.IncidentParties(ctx, id)
	ok(t, "IncidentParties", err)
	equal(t, "IncidentParties after refused edits", links.Parties, []data.Party{{Name: "李四", Phone: "13900000302", ResidentID: 302}})
}

// testImportPartyDetails: a ledger row's parties as people are stored as
// a report's are (a resident's name and phone from the record), read back
// by PartiesOf and IncidentParties alike; a re-import with a corrected
// phone replaces them; a row of names alone stores none; PartiesOf leaves
// out incidents without any and unknown ones.
func testImportPartyDetails(t *testing.T, s data.Store) {
	load(t, s)
	ctx := t.Context()
	ins := importedLedger()
	ins[1].CellCode = CellA1 // where resident 302 lives
	ins[1].PartyDetails = []data.Party{{Name: "外地人", Phone: "138-0000-9999"}, {Name: "冒名", ResidentID: 302}}
	_, err := s.ImportIncidents(ctx, ins)
	ok(t, "ImportIncidents()", err)
	want := []data.Party{{Name: "外地人", Phone: "13800009999"}, {Name: "李四", Phone: "13900000302", ResidentID: 302}}
	got, err := s.PartiesOf(ctx, []int64{8, 9, 999})
	ok(t, "PartiesOf()", err)
	equal(t, "PartiesOf()", got, map[int64][]data.Party{9: want})
	links, err := s.IncidentParties(ctx, 9)
	ok(t, "IncidentParties(9)", err)
	equal(t, "IncidentParties(9)", links.Parties, want)
	in, err := s.Incident(ctx, 9)
	ok(t, "Incident(9)", err)
	equal(t, "Incident(9).Parties", in.Parties, []string{"外地人", "李四"})

	ins[1].PartyDetails = []data.Party{{Name: "外地人", Phone: "13800008888"}, {ResidentID: 302}}
	_, err = s.ImportIncidents(ctx, ins)
	ok(t, "ImportIncidents(a corrected phone)", err)
	want[0].Phone = "13800008888"
	got, err = s.PartiesOf(ctx, []int64{9})
	ok(t, "PartiesOf() after the correction", err)
	equal(t, "PartiesOf() after the correction", got, map[int64][]data.Party{9: want})

	ins[1].PartyDetails = []data.Party{{ResidentID: 305}} // of another cell
	_, err = s.ImportIncidents(ctx, ins)
	wantField(t, "ImportIncidents(a resident of another cell)", err, data.EINVALID, "party_details[0].resident_id")
}
