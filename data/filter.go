package data

// CheckResidentFilter returns EINVALID for a filter Residents must reject.
func CheckResidentFilter(f ResidentFilter) error {
	if f.CellCode == "" && f.Name == "" {
		return FieldErrorf("cell", "A cell code is required.")
	}
	return checkPage(f.Limit, f.Offset)
}

// CheckHouseholdFilter returns EINVALID for a filter Households must reject.
func CheckHouseholdFilter(f HouseholdFilter) error { return checkPage(f.Limit, f.Offset) }

// CheckIncidentFilter returns EINVALID for a filter Incidents must reject.
func CheckIncidentFilter(f IncidentFilter) error {
	for _, s := range f.Statuses {
		if !IsStatus(s) {
			return FieldErrorf("status", "Unknown incident status %q.", s)
		}
	}
	for s := range f.StageBefore {
		if !IsStatus(s) {
			return FieldErrorf("stage_before", "Unknown incident status %q.", s)
		}
	}
	if err := CheckCount("parties", len(f.SharesParty), MaxParties); err != nil {
		return err
	}
	return checkPage(f.Limit, f.Offset)
}

// CheckAuditFilter returns EINVALID for a filter Audit must reject.
func CheckAuditFilter(f AuditFilter) error {
	return checkPage(f.Limit, f.Offset)
}

func checkPage(limit, offset int) error {
	if limit < 0 {
		return FieldErrorf("limit", "The limit must not be negative.")
	}
	if offset < 0 {
		return FieldErrorf("offset", "The offset must not be negative.")
	}
	return nil
}
