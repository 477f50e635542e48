package export

import (
	"context"
	"io"
	"strconv"
	"strings"

	"gridmap/data"
	"gridmap/domain"
	"gridmap/geofile"
	"gridmap/mask"
	"gridmap/roster"
)

// incidentColumns are the fields of the incidents layer: keys are the
// roster ledger's fields where it has them. parties and description are
// left out without Options.Personal.
var incidentColumns = []column{
	{key: "id", geo: "id"},
	{key: "number", geo: "number"},
	{key: "kind", geo: "kind"},
	{key: "type", geo: "type"},
	{key: "source", geo: "source"},
	{key: "status", geo: "status"},
	{key: "priority", geo: "priority"},
	{key: "reported_at", geo: "reported"},
	{key: "resolved_at", geo: "resolved"},
	{key: "cell", geo: "cell"},
	{key: "summary", geo: "summary"},
	{key: "parties", geo: "parties"},
	{key: "description", geo: "descr"},
	{key: "lon"},
	{key: "lat"},
}

// statusWords are the words ledgers write for each status, the ones
// roster.ReadIncidents reads back.
var statusWords = map[string]string{
	data.StatusReported: "上报", data.StatusAccepted: "受理", data.StatusMediating: "调解中",
	data.StatusResolved: "已化解", data.StatusEscalated: "上交", data.StatusClosed: "办结",
}

// ledgerTime is how ledger sheets write times (in China Standard Time).
const ledgerTime = "2006-01-02 15:04:05"

// Number is the 编号 an incident is exported under: its ledger number, or
// GM- and its ID for one reported in gridmap.
func Number(in *data.Incident) string {
	if in.LedgerNumber != "" {
		return in.LedgerNumber
	}
	return domain.ExportedNumber(in.ID)
}

// writeIncidents writes every incident, a page at a time, ordered by ID.
// Sheets leave out duplicates (status duplicate), which a ledger cannot
// hold; map formats have them all.
func writeIncidents(ctx context.Context, st Store, w io.Writer, format string, opt Options) (int, error) {
	var s sink
	var err error
	if isSheet(format) {
		s, err = newRosterSink(w, format, roster.Incidents)
	} else {
		cols := incidentColumns
		if !opt.Personal {
			cols = nil
			for _, c := range incidentColumns {
				if c.key != "parties" && c.key != "description" {
					cols = append(cols, c)
				}
			}
		}
		s, err = newGeoSink(w, format, Incidents, geofile.GeometryPoint, "number", cols)
	}
	if err != nil {
		return 0, err
	}
	n := 0
	for offset := 0; ; {
		f := opt.Scope
		f.Limit, f.Offset = opt.pageSize(), offset
		page, _, err := st.Incidents(ctx, f)
		var parties map[int64][]data.Party
		if err == nil && opt.Personal { // the parties as people: names, phones, residents
			ids := make([]int64, len(page))
			for i := range page {
				ids[i] = page[i].ID
			}
			parties, err = st.PartiesOf(ctx, ids)
		}
		if err != nil {
			s.abort()
			return 0, err
		}
		for i := range page {
			in := &page[i]
			if isSheet(format) && in.Status == data.StatusDuplicate {
				continue
			}
			in.PartyDetails = parties[in.ID]
			if err := s.write(incidentRow(in, opt.Personal), in.Location); err != nil {
				s.abort()
				return 0, err
			}
			n++
		}
		if len(page) < opt.pageSize() {
			break
		}
		offset += len(page)
	}
	return n, s.close()
}

// incidentRow is an incident as a row, its personal parts only when
// personal is set (the parties with their phones and residents when its
// PartyDetails are given): else no parties, no description, the summary
// masked.
func incidentRow(in *data.Incident, personal bool) map[string]string {
	status := in.Status
	if w, ok := statusWords[status]; ok {
		status = w
	}
	row := map[string]string{
		"id": strconv.FormatInt(in.ID, 10), "number": Number(in), "kind": in.Kind, "type": in.Type,
		"source": in.Source, "status": status, "priority": in.Priority,
		"reported_at": in.ReportedAt.In(data.CST).Format(ledgerTime), "cell": in.CellCode,
		"lon": strconv.FormatFloat(in.Location[0], 'f', -1, 64), "lat": strconv.FormatFloat(in.Location[1], 'f', -1, 64),
	}
	if in.ResolvedAt != nil {
		row["resolved_at"] = in.ResolvedAt.In(data.CST).Format(ledgerTime)
	}
	if in.FollowupPassedAt != nil {
		row["followup_at"] = in.FollowupPassedAt.In(data.CST).Format(ledgerTime)
	}
	if personal {
		row["summary"] = in.Summary
		// With party details, as the ledger import reads them back
		// (domain.ParseParties); else the names.
		row["parties"] = strings.Join(in.Parties, "、")
		if len(in.PartyDetails) > 0 {
			row["parties"] = domain.FormatParties(in.PartyDetails)
		}
		row["description"] = in.Description
	} else {
		row["summary"] = mask.Text(in.Summary, in.Parties)
	}
	return row
}
