package data

// Limits of what clients write, in characters (Unicode code points, so a
// Chinese character counts one, as people count them) and in entries. They
// bound every stored record, and with the page limits every list answer
// too. The API and the stores check them with the same functions
// (domain.CheckLine, CheckText, CheckCount, CheckIncidentText, ...); the README
// lists them.
const (
	MaxSummary       = 200   // Incident.Summary: one line, what lists show
	MaxDescription   = 4000  // Incident.Description
	MaxPartyName     = 50    // one entry of Incident.Parties
	MaxParties       = 20    // entries of Incident.Parties
	MaxMediators     = 10    // Incident.Mediators, MediationRecord.MediatorIDs
	MaxNote          = 1000  // the note of a workflow step (Transition.Note)
	MaxReason        = 500   // why an incident moved cell, why a boundary changed
	MaxAgreementText = 10000 // MediationRecord.AgreementText (调解协议 in full)
	MaxAgreementRef  = 100   // MediationRecord.AgreementRef (协议书编号)
	MaxMediationNote = 2000  // MediationRecord.Note
	MaxUserName      = 50    // User.Name, the display name
	MaxTokenName     = 100   // Token.Name
	MaxCellName      = 50    // CellShape.Name, a cell's name
	MaxAuditText     = 500   // AuditEntry.Username, Record and Detail (cut, not refused)

	MaxIdempotencyKey = 200 // the key of a retried report, in bytes

	MaxAttachments      = 50  // photos of one incident
	MaxMediationRecords = 100 // mediation records of one incident
)
