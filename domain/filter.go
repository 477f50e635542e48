package domain

import "gridmap/data"

// CheckResidentFilter returns EINVALID for a filter Residents must reject.
func CheckResidentFilter(f data.ResidentFilter) error {
	if f.CellCode == "" && f.Name == "" {
		return data.FieldErrorf("cell", "A cell code is required.")
	}
	return checkPage(f.Limit, f.Offset)
}

// CheckHouseholdFilter returns EINVALID for a filter Households must reject.
func CheckHouseholdFilter(f data.HouseholdFilter) error { return checkPage(f.Limit, f.Offset) }

// CheckIncidentFilter returns EINVALID for a filter Incidents must reject.
func CheckIncidentFilter(f data.IncidentFilter) error {
	for _, s := range f.Statuses {
		if !IsStatus(s) {
			return data.FieldErrorf("status", "Unknown incident status %q.", s)
		}
	}
	for s := range f.StageBefore {
		if !IsStatus(s) {
			return data.FieldErrorf("stage_before", "Unknown incident status %q.", s)
		}
	}
	if err := CheckCount("parties", len(f.SharesParty), data.MaxParties); err != nil {
		return err
	}
	return checkPage(f.Limit, f.Offset)
}

// CheckAuditFilter returns EINVALID for a filter Audit must reject.
func CheckAuditFilter(f data.AuditFilter) error {
	return checkPage(f.Limit, f.Offset)
}

func checkPage(limit, offset int) error {
	if limit < 0 {
		return data.FieldErrorf("limit", "The limit must not be negative.")
	}
	if offset < 0 {
		return data.FieldErrorf("offset", "The offset must not be negative.")
	}
	return nil
}
