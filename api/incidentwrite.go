package api

import (
	"github.com/labstack/echo/v4"

	"gridmap/data"
	"gridmap/domain"
)

// incidentWriteBody is the JSON body of a write to one incident (POST
// /api/incidents/{id}/…).
type incidentWriteBody interface {
	// check refuses a field that is wrong in itself, before anything is
	// read from the store.
	check() error
	// seenVersion is the version of the incident the caller saw, for
	// If-Match to override; nil for a write that takes none.
	seenVersion() *int64
}

// idempotentBody is a write body whose resend under the same
// Idempotency-Key answers with the first write.
type idempotentBody interface {
	incidentWriteBody
	idempotent()
}

// readIncidentWrite reads a write to one incident: the {id}, the body into
// req and its own checks, the Idempotency-Key of an idempotent body (else
// ""), and If-Match into the version, each refused with a 400 naming it.
func readIncidentWrite(c echo.Context, req incidentWriteBody) (id int64, key string, err error) {
	if id, err = incidentID(c); err != nil {
		return 0, "", err
	}
	if err := decodeJSON(c, req); err != nil {
		return 0, "", err
	}
	if err := req.check(); err != nil {
		return 0, "", err
	}
	if _, ok := req.(idempotentBody); ok {
		if key, err = idempotencyKey(c); err != nil {
			return 0, "", err
		}
	}
	if v := req.seenVersion(); v != nil {
		if err := ifMatch(c, v); err != nil {
			return 0, "", err
		}
	}
	return id, key, nil
}

// idempotencyKey reads the Idempotency-Key header ("" when absent),
// refusing one longer than data.MaxIdempotencyKey.
func idempotencyKey(c echo.Context) (string, error) {
	key := c.Request().Header.Get("Idempotency-Key")
	return key, domain.CheckIdempotencyKey("Idempotency-Key", key)
}

// replayed marks an answer as the first answer of a write resent under its
// Idempotency-Key: nothing was written again.
func replayed(c echo.Context) { c.Response().Header().Set("Idempotent-Replayed", "true") }

// sendWritten answers a write with the incident as it left it, as p may
// see it.
func (s *Server) sendWritten(c echo.Context, p *principal, out *data.Incident) error {
	detail, err := s.incidentAnswer(c, p, out)
	if err != nil {
		return err
	}
	return s.sendJSON(c, typeJSON, wroteIncident(detail))
}
