// Package contract holds the parts of the data.Store contract that every
// store must apply in exactly the same way: checking filters and data sets,
// normalising values on their way in and out, and the user-facing messages
// of the errors that follow. Keeping them in one place is what lets
// data/storetest demand identical errors and output from data/sqlite and
// data/postgis.
package contract

import (
	"time"

	"gridmap/data"
)

// NotFound is the error for an unknown cell, unit, incident, ...
func NotFound(what, key string) *data.Error {
	return data.Errorf(data.ENOTFOUND, "There is no %s %s.", what, key)
}

// NoTown is the error Town returns before a data set has been loaded.
func NoTown() *data.Error {
	return data.Errorf(data.ENOTFOUND, "No town has been loaded yet.")
}

// Loaded is the error Load returns when the store already holds a town.
func Loaded() *data.Error {
	return data.Errorf(data.ECONFLICT, "The store already holds a town.")
}

// Unavailable is the error for a database that cannot be reached.
func Unavailable() *data.Error {
	return data.Errorf(data.EUNAVAILABLE, "The database is unavailable.")
}

// Time normalises a time for storage and comparison: UTC, to the
// microsecond, which is what PostgreSQL keeps. Both stores truncate so that
// they return the same value for the same input.
func Time(t time.Time) time.Time {
	return t.UTC().Truncate(time.Microsecond)
}

// Parties returns p, or an empty list for nil, so that JSON shows [].
func Parties(p []string) []string {
	if p == nil {
		return []string{}
	}
	return p
}

// CheckResidentFilter returns EINVALID for a filter Residents must reject.
func CheckResidentFilter(f data.ResidentFilter) error {
	if f.CellCode == "" {
		return data.FieldErrorf("cell", "A cell code is required.")
	}
	return checkPage(f.Limit, f.Offset)
}

// CheckIncidentFilter returns EINVALID for a filter Incidents must reject.
func CheckIncidentFilter(f data.IncidentFilter) error {
	for _, s := range f.Statuses {
		if !data.IsStatus(s) {
			return data.FieldErrorf("status", "Unknown incident status %q.", s)
		}
	}
	for s := range f.StageBefore {
		if !data.IsStatus(s) {
			return data.FieldErrorf("stage_before", "Unknown incident status %q.", s)
		}
	}
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

// Counts returns a count of zero for every status, for IncidentCounts to
// fill in.
func Counts() map[string]int {
	m := make(map[string]int, len(data.Statuses))
	for _, s := range data.Statuses {
		m[s] = 0
	}
	return m
}
