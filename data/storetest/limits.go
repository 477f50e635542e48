package storetest

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"gridmap/data"
)

// testTextLimits: every text a client writes is refused past its limit
// (data.Max*), naming the field, by whichever method writes it, and with
// nothing stored; the limit itself is allowed, counted in characters; the
// audit log cuts rather than refuses.
func testTextLimits(t *testing.T, s data.Store) {
	load(t, s)
	ctx := t.Context()
	long := func(n int) string { return strings.Repeat("纠", n) }

	incidents := []struct {
		name   string
		mutate func(in *data.Incident)
		field  string
	}{
		{"summary too long", func(in *data.Incident) { in.Summary = long(data.MaxSummary + 1) }, "summary"},
		{"summary of two lines", func(in *data.Incident) { in.Summary = "装修\n噪音" }, "summary"},
		{"summary with a bidi override", func(in *data.Incident) { in.Summary = "装修\u202e噪音" }, "summary"},
		{"summary not UTF-8", func(in *data.Incident) { in.Summary = "装修\xff" }, "summary"},
		{"description too long", func(in *data.Incident) { in.Description = long(data.MaxDescription + 1) }, "description"},
		{"description with a control character", func(in *data.Incident) { in.Description = "楼上\x00装修" }, "description"},
		{"too many parties", func(in *data.Incident) { in.Parties = make([]string, data.MaxParties+1) }, "parties"},
		{"a party's name too long", func(in *data.Incident) { in.Parties = []string{"张三", long(data.MaxPartyName + 1)} }, "parties"},
		{"too many mediators", func(in *data.Incident) {
			in.Mediators = make([]int64, data.MaxMediators+1)
			for i := range in.Mediators {
				in.Mediators[i] = int64(1000 + i)
			}
		}, "mediators"},
	}
	for _, tt := range incidents {
		in := report()
		tt.mutate(in)
		_, _, err := s.CreateIncident(ctx, in, "")
		wantLimit(t, "CreateIncident("+tt.name+")", err, tt.field)
	}
	_, total, err := s.Incidents(ctx, data.IncidentFilter{})
	ok(t, "Incidents()", err)
	if total != 7 {
		t.Errorf("Incidents() total after refused creations = %d; want 7", total)
	}
	in := report()
	in.Summary, in.Description = long(data.MaxSummary), "第一行\n\t第二行\r\n"+long(data.MaxDescription-10)
	in.Parties = make([]string, data.MaxParties)
	for i := range in.Parties {
		in.Parties[i] = long(data.MaxPartyName)
	}
	created, _, err := s.CreateIncident(ctx, in, "")
	ok(t, "CreateIncident(every text at its limit)", err)
	if utf8.RuneCountInString(created.Description) != data.MaxDescription || created.Summary != in.Summary {
		t.Errorf("CreateIncident(every text at its limit) stored a summary of %d and a description of %d characters; want %d and %d",
			utf8.RuneCountInString(created.Summary), utf8.RuneCountInString(created.Description), data.MaxSummary, data.MaxDescription)
	}

	_, err = s.TransitionIncident(ctx, data.Transition{IncidentID: 1, From: data.StatusReported, To: data.StatusAccepted,
		Note: long(data.MaxNote + 1)})
	wantField(t, "TransitionIncident(note too long)", err, data.EINVALID, "note")
	_, err = s.ReassignIncident(ctx, data.Reassignment{IncidentID: 3, CellCode: CellA1, ActorID: 11, ActorName: "张伟", Reason: long(data.MaxReason + 1)})
	wantField(t, "ReassignIncident(reason too long)", err, data.EINVALID, "reason")
	_, err = s.AssignMediators(ctx, data.Assignment{IncidentID: 3, Mediators: []int64{401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411}, ActorID: 11, ActorName: "张伟"})
	wantLimit(t, "AssignMediators(11 mediators)", err, "mediators")
	stored, err := s.Incident(ctx, 3)
	ok(t, "Incident(3)", err)
	equal(t, "Incident(3) after refused changes", *stored, wantIncidents(3)[0])

	records := []struct {
		name  string
		edit  func(r *data.MediationRecord)
		field string
	}{
		{"agreement text too long", func(r *data.MediationRecord) { r.AgreementText = long(data.MaxAgreementText + 1) }, "agreement_text"},
		{"agreement number too long", func(r *data.MediationRecord) { r.AgreementRef = long(data.MaxAgreementRef + 1) }, "agreement_ref"},
		{"agreement number of two lines", func(r *data.MediationRecord) { r.AgreementRef = "12\n号" }, "agreement_ref"},
		{"note too long", func(r *data.MediationRecord) { r.Note = long(data.MaxMediationNote + 1) }, "note"},
		{"too many mediators", func(r *data.MediationRecord) {
			r.MediatorIDs = []int64{401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411}
		}, "mediators"},
	}
	for _, tt := range records {
		r := &data.MediationRecord{IncidentID: 3, MediatorIDs: []int64{403}, Outcome: data.OutcomeAgreement, AgreementRef: "12号"}
		tt.edit(r)
		wantLimit(t, "AddMediationRecord("+tt.name+")", errOf(s.AddMediationRecord(ctx, r)), tt.field)
	}
	rs, err := s.MediationRecords(ctx, 3)
	ok(t, "MediationRecords(3)", err)
	equal(t, "MediationRecords(3) after refused records", rs, []data.MediationRecord{})

	bomb := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x01\x86\xa0\x00\x01\x86\xa0\x08\x02\x00\x00\x00")
	bomb = binary.BigEndian.AppendUint32(bomb, crc32.ChecksumIEEE(bomb[12:]))
	bomb = append(bomb, "\x00\x00\x00\x00IEND\xae\x42\x60\x82"...)
	err = errOf(s.AddAttachment(ctx, &data.Attachment{IncidentID: 3, ContentType: "image/png", Name: "bomb.png"}, bomb))
	wantField(t, "AddAttachment(a PNG claiming 100000 × 100000 pixels)", err, data.EINVALID, "content")
	as, err := s.Attachments(ctx, 3)
	ok(t, "Attachments(3)", err)
	equal(t, "Attachments(3) after a refused bomb", as, []data.Attachment{})

	c := edgeMove()
	c.Reason = long(data.MaxReason + 1)
	_, _, err = s.CommitBoundary(ctx, c)
	wantField(t, "CommitBoundary(reason too long)", err, data.EINVALID, "reason")
	c = edgeMove()
	c.Cells[1].Name = long(data.MaxCellName + 1)
	_, _, err = s.CommitBoundary(ctx, c)
	wantField(t, "CommitBoundary(cell name too long)", err, data.EINVALID, "cells[1].name")

	u := &data.User{Username: "limits", Name: long(data.MaxUserName + 1), Role: data.RoleViewer, PasswordHash: "x"}
	wantField(t, "CreateUser(name too long)", s.CreateUser(ctx, u), data.EINVALID, "name")
	u.Name = long(data.MaxUserName)
	ok(t, "CreateUser(name at its limit)", s.CreateUser(ctx, u))
	u.Name = "王芳\t"
	wantField(t, "UpdateUser(name with a tab)", s.UpdateUser(ctx, u), data.EINVALID, "name")
	tok := &data.Token{UserID: u.ID, Name: long(data.MaxTokenName + 1), Hash: "limits", ExpiresAt: time.Now().Add(time.Hour)}
	wantField(t, "CreateToken(name too long)", s.CreateToken(ctx, tok), data.EINVALID, "name")

	e := &data.AuditEntry{Username: strings.Repeat("u", 3*data.MaxAuditText) + "\xff", Action: "login_failed",
		Record: "user:" + strings.Repeat("u", 3*data.MaxAuditText), Detail: "unknown username"}
	ok(t, "AppendAudit(a long username)", s.AppendAudit(ctx, e))
	es, _, err := s.Audit(ctx, data.AuditFilter{})
	ok(t, "Audit()", err)
	if len(es) != 1 || es[0].Username != strings.Repeat("u", data.MaxAuditText) || utf8.RuneCountInString(es[0].Record) != data.MaxAuditText {
		t.Errorf("Audit() after a long username = %+v; want the username and record cut to %d characters", es, data.MaxAuditText)
	}
}

// testLoadTextLimits: a data set whose incident texts are past their
// limits is refused as a whole, naming the incident's field.
func testLoadTextLimits(t *testing.T, s data.Store) {
	d := Fixture()
	d.Incidents[1].Parties = []string{strings.Repeat("张", data.MaxPartyName+1)}
	wantField(t, "Load(a party's name too long)", s.Load(t.Context(), d), data.EINVALID, "incidents[1].parties")
	_, err := s.Town(t.Context())
	wantCode(t, "Town() after a refused load", err, data.ENOTFOUND)
}

// wantLimit fails unless err is the EINVALID of a text or list limit
// (domain.CheckLine, CheckText, CheckCount) naming field: not another
// refusal of the same field, such as an unknown mediator.
func wantLimit(t *testing.T, call string, err error, field string) {
	t.Helper()
	wantField(t, call, err, data.EINVALID, field)
	var e *data.Error
	if errors.As(err, &e) {
		format, _ := e.Template()
		if !strings.HasPrefix(format, "%s ") {
			t.Errorf("%s: error %q; want the refusal of a limit", call, e.Message)
		}
	}
}

// testIncidentFull: an incident holds at most data.MaxAttachments photos
// and data.MaxMediationRecords mediation records; the next is refused and
// changes nothing.
func testIncidentFull(t *testing.T, s data.Store) {
	load(t, s)
	ctx := t.Context()
	png := photo(t, "png", 2, 2)
	for i := range data.MaxAttachments {
		ok(t, fmt.Sprintf("AddAttachment(%d)", i+1), errOf(s.AddAttachment(ctx, &data.Attachment{IncidentID: 3, ContentType: "image/png"}, png)))
	}
	err := errOf(s.AddAttachment(ctx, &data.Attachment{IncidentID: 3, ContentType: "image/png"}, png))
	wantField(t, fmt.Sprintf("AddAttachment(%d)", data.MaxAttachments+1), err, data.EINVALID, "content")
	for i := range data.MaxMediationRecords {
		r := &data.MediationRecord{IncidentID: 3, MediatorIDs: []int64{403}, Outcome: data.OutcomeOngoing}
		ok(t, fmt.Sprintf("AddMediationRecord(%d)", i+1), errOf(s.AddMediationRecord(ctx, r)))
	}
	r := &data.MediationRecord{IncidentID: 3, MediatorIDs: []int64{403}, Outcome: data.OutcomeOngoing}
	wantField(t, fmt.Sprintf("AddMediationRecord(%d)", data.MaxMediationRecords+1), errOf(s.AddMediationRecord(ctx, r)), data.EINVALID, "incident_id")
	as, err := s.Attachments(ctx, 3)
	ok(t, "Attachments(3)", err)
	rs, err := s.MediationRecords(ctx, 3)
	ok(t, "MediationRecords(3)", err)
	in, err := s.Incident(ctx, 3)
	ok(t, "Incident(3)", err)
	if len(as) != data.MaxAttachments || len(rs) != data.MaxMediationRecords || in.Version != int64(1+data.MaxAttachments+data.MaxMediationRecords) {
		t.Errorf("a full incident has %d photos, %d records, version %d; want %d, %d, %d", len(as), len(rs), in.Version,
			data.MaxAttachments, data.MaxMediationRecords, 1+data.MaxAttachments+data.MaxMediationRecords)
	}
}

// errOf is the error a store call returns, whatever it returns beside it
// (the methods that add to an incident may also return its new version).
func errOf(results ...any) error {
	err, _ := results[len(results)-1].(error)
	return err
}
