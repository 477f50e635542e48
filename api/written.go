package api

import "gridmap/data"

// Every answer of a write that changes an incident (a report, a transition,
// a mediation record, a photo, the assigned mediators, a move to another
// cell) carries the incident's version after that write as
// "incident_version", beside the answer's own members. The stores return it
// from the write's own transaction, so the client can send it as If-Match
// with its next write instead of keeping the version it had, which the
// write has made stale (a false 409), or reading the incident again, which
// could race with someone else's write.

// incidentWritten is the answer of a write that returns the incident itself
// (its "version" and "incident_version" are the same).
type incidentWritten struct {
	incidentDetail
	IncidentVersion int64 `json:"incident_version"`
}

// wroteIncident is the answer for the incident d as a write left it.
func wroteIncident(d incidentDetail) incidentWritten {
	return incidentWritten{incidentDetail: d, IncidentVersion: d.Version}
}

// mediationWritten is the answer of POST /api/incidents/{id}/mediation: the
// record, and the incident's version after it.
type mediationWritten struct {
	data.MediationRecord
	IncidentVersion int64 `json:"incident_version"`
}

// attachmentWritten is the answer of POST /api/incidents/{id}/attachments:
// the photo's metadata, and the incident's version after it.
type attachmentWritten struct {
	data.Attachment
	IncidentVersion int64 `json:"incident_version"`
}
