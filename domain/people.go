package domain

import (
	"cmp"
	"gridmap/data"
	"slices"
	"strconv"
	"strings"
	"time"
)

// CheckHouseholdImports returns EINVALID, naming the field, for what
// ImportHouseholds refuses before reading the store: a household without
// number or with one given twice, a resident without identity number,
// name or relation, or an identity number given twice.
func CheckHouseholdImports(hs []data.HouseholdImport) error {
	numbers := make(map[string]bool, len(hs))
	ids := make(map[string]bool, len(hs)*3)
	for i, h := range hs {
		f := data.ItemField("households", i)
		if h.Number == "" || numbers[h.Number] {
			return data.FieldErrorf(f+".number", "Household number %q is empty or given twice.", h.Number)
		}
		numbers[h.Number] = true
		for j, r := range h.Residents {
			rf := f + data.ItemField(".residents", j)
			switch {
			case r.IDNumber == "" || ids[r.IDNumber]:
				return data.FieldErrorf(rf+".id_number", "Identity number %q is empty or given twice.", r.IDNumber)
			case r.Name == "":
				return data.FieldErrorf(rf+".name", "The name is empty.")
			case r.Relation == "":
				return data.FieldErrorf(rf+".relation", "The relation to the head of household is empty; write 本人 for the head.")
			}
			ids[r.IDNumber] = true
		}
	}
	return nil
}

// CheckStaff returns EINVALID, naming the field, for what ImportStaff
// refuses before reading the store: a member that is neither a grid
// worker nor a mediator, or both; an empty name; a grid worker without
// cells or with one listed twice; a mediator of an unknown category; the
// same person (name and phone) twice.
func CheckStaff(staff []data.StaffMember) error {
	seen := make(map[[3]string]bool, len(staff))
	for i, m := range staff {
		f := data.ItemField("staff", i)
		var key [3]string
		switch {
		case (m.GridWorker == nil) == (m.Mediator == nil):
			return data.FieldErrorf(f, "A staff member is either a grid worker or a mediator.")
		case m.GridWorker != nil:
			w := m.GridWorker
			key = [3]string{"worker", w.Name, w.Phone}
			if len(w.Cells) == 0 {
				return data.FieldErrorf(f+".cells", "A grid worker needs at least one cell.")
			}
			for j, c := range w.Cells {
				if c == "" || slices.Contains(w.Cells[:j], c) {
					return data.FieldErrorf(f+".cells", "Cell code %q is empty or listed twice.", c)
				}
			}
		default:
			key = [3]string{"mediator", m.Mediator.Name, m.Mediator.Phone}
			if !isMediatorCategory(m.Mediator.Category) {
				return data.FieldErrorf(f+".category", "Unknown mediator category %q.", m.Mediator.Category)
			}
		}
		if key[1] == "" {
			return data.FieldErrorf(f+".name", "The name is empty.")
		}
		if seen[key] {
			return data.FieldErrorf(f+".name", "%s (%s) is listed twice.", key[1], key[2])
		}
		seen[key] = true
	}
	return nil
}

// CheckLedger returns EINVALID, naming the field, for incidents
// ImportIncidents refuses: without ledger number or with one given twice,
// in a cell not in cells, or one Load would refuse (its kind, status,
// workflow fields and texts). They name no mediators.
func CheckLedger(ins []data.Incident, cells map[string]bool) error {
	numbers := make(map[string]bool, len(ins))
	for i, in := range ins {
		f := data.ItemField("incidents", i)
		if in.LedgerNumber == "" || numbers[in.LedgerNumber] {
			return data.FieldErrorf(f+".ledger_number", "Ledger number %q is empty or given twice.", in.LedgerNumber)
		}
		numbers[in.LedgerNumber] = true
		if in.Summary == "" {
			return data.FieldErrorf(f+".summary", "The summary is empty.")
		}
		if len(in.Mediators) > 0 {
			return data.FieldErrorf(f+".mediators", "An imported incident names no mediators.")
		}
		if err := checkIncident(f, in, cells, nil); err != nil {
			return err
		}
	}
	return nil
}

// ExportedNumber is the number an export gives a household without 户号
// (or an incident without ledger number): GM- and its ID, which an import
// of the export finds again (ExportedID).
func ExportedNumber(id int64) string { return "GM-" + strconv.FormatInt(id, 10) }

// ExportedID is the ID an ExportedNumber names.
func ExportedID(number string) (int64, bool) {
	digits, ok := strings.CutPrefix(number, "GM-")
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(digits, 10, 64)
	return id, err == nil && id > 0 && ExportedNumber(id) == number
}

// isMediatorCategory reports whether c is one of the Mediator* categories.
func isMediatorCategory(c string) bool {
	switch c {
	case data.MediatorTownCentre, data.MediatorTownElder, data.MediatorCadre, data.MediatorPolice, data.MediatorLawyer, data.MediatorElder:
		return true
	}
	return false
}

// ExportedIDs are the IDs that the numbers of an export name (see
// domain.ExportedNumber).
func ExportedIDs(numbers []string) []int64 {
	ids := []int64{}
	for _, n := range numbers {
		if id, ok := ExportedID(n); ok {
			ids = append(ids, id)
		}
	}
	return ids
}

// LedgerUpdate returns what a ledger's row in makes of the stored incident
// old, and whether that differs from old in what a ledger gives: an empty
// description (详细情况) keeps the one stored, and as sheets give times to
// the second, a time the same to the second is no change.
func LedgerUpdate(old *data.Incident, in data.Incident) (data.Incident, bool) {
	if in.Description == "" {
		in.Description = old.Description
	}
	in.ReportedAt = sameSecond(old.ReportedAt, in.ReportedAt)
	if old.ResolvedAt != nil && in.ResolvedAt != nil {
		at := sameSecond(*old.ResolvedAt, *in.ResolvedAt)
		in.ResolvedAt = &at
	}
	if old.FollowupPassedAt != nil && in.FollowupPassedAt != nil {
		at := sameSecond(*old.FollowupPassedAt, *in.FollowupPassedAt)
		in.FollowupPassedAt = &at
	}
	return in, old.Kind != in.Kind || old.Type != in.Type || old.Source != in.Source || old.Status != in.Status ||
		old.Summary != in.Summary || old.Description != in.Description || !slices.Equal(old.Parties, in.Parties) ||
		old.CellCode != in.CellCode || old.Location != in.Location || !old.ReportedAt.Equal(in.ReportedAt) ||
		!equalTimes(old.ResolvedAt, in.ResolvedAt) || (in.FollowupPassedAt != nil && !equalTimes(old.FollowupPassedAt, in.FollowupPassedAt))
}

// sameSecond returns old when in is the same time to the second, in
// otherwise.
func sameSecond(old, in time.Time) time.Time {
	if old.Truncate(time.Second).Equal(in.Truncate(time.Second)) {
		return old
	}
	return in
}

// equalTimes reports whether a and b are both nil or the same instant.
func equalTimes(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b)
}

// WorkersByCell lists the grid workers of the cell-worker links under each
// of their cells, ordered by ID, each with every cell it serves in
// ascending order (not only those of the cell in hand) in a slice of its
// own. A link is a grid worker with the one cell it links in Cells.
func WorkersByCell(links []data.GridWorker) map[string][]data.GridWorker {
	workers := make(map[int64]*data.GridWorker)
	for _, l := range links {
		if workers[l.ID] == nil {
			w := l
			w.Cells = nil
			workers[l.ID] = &w
		}
		workers[l.ID].Cells = append(workers[l.ID].Cells, l.Cells...)
	}
	byCell := make(map[string][]data.GridWorker)
	for _, w := range workers {
		slices.Sort(w.Cells)
		for _, c := range w.Cells {
			copied := *w
			copied.Cells = slices.Clone(w.Cells)
			byCell[c] = append(byCell[c], copied)
		}
	}
	for _, ws := range byCell {
		slices.SortFunc(ws, func(a, b data.GridWorker) int { return cmp.Compare(a.ID, b.ID) })
	}
	return byCell
}
