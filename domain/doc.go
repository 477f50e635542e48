// Package domain holds gridmap's domain rules: the functions that decide
// whether something is allowed, valid, due or alike. Package data holds
// what those rules are about: the domain types (Incident, Party,
// Calendar, ...), their enumerations and limits (statuses, roles, event
// kinds, MaxSummary, ...), the one Error type and its constructors, and
// the Store interface. domain imports data, never the reverse, so the
// stores (data/internal/sqlstore behind data/sqlite and data/postgis), the
// API and the other packages call the same functions here, and nothing is
// checked in two places.
//
// What lives where:
//
//   - workflow.go: the status graph (CanTransition, NextStatuses), who may
//     move it (RoleMayTransition), reasons, duplicates, reassignment and
//     the notes of timeline events;
//   - incident.go: a new incident's checks and defaults (NewIncident),
//     open and done statuses, closing and the grassroots share;
//   - deadline.go, schedule.go, calendar.go: stage deadlines and overdue
//     (Deadlines, Schedule: rule configurations, not records, so they live
//     here with their methods) and the working-day arithmetic on a
//     data.Calendar (Working, WorkdaysDue, WorkdaysBefore);
//   - incidenttype.go: the configured incident types and their checks;
//   - text.go: text limits as checks (CheckLine, CheckText, ...), the
//     idempotency key's check;
//   - attachment.go, photo.go: attachment types, names and photo sizes;
//   - followup.go, mediation.go, party.go: 回访, mediation records and the
//     parties as people (PartyKey, NormalPhone);
//   - similar.go: the similar-case rules;
//   - notification.go: a unit's webhook (CheckWebhook) and its URL as
//     shown (MaskURL, IsMaskedURL), a page of notifications
//     (CheckNotifyLimit);
//   - rate.go: a take from a rate limit's bucket (TakeFromBucket);
//   - dataset.go, people.go: the checks of a data set and of sheet
//     imports, what Load and a ledger import make of an incident
//     (LoadedIncident, LoadEvents, LedgerUpdate), grid workers by cell
//     (WorkersByCell);
//   - importplan.go: what a sheet import writes, planned from the rows
//     a store read (PlanHouseholds, PlanStaff and StaffAccount,
//     PlanLedger), and its counts (Tally);
//   - filter.go, user.go, cell.go: the checks of list filters, of accounts
//     and of cell codes;
//   - time.go: how times are normalised for storage (StoredTime, OrTime).
package domain
