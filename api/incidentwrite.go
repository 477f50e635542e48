package api

import (
	"context"
	"strconv"

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
// ""), and If-Match into the version (a negative one in the body refused
// too), each refused with a 400 naming it.
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
		if err := domain.CheckVersion(*v); err != nil {
			return 0, "", err
		}
		if err := ifMatch(c, v); err != nil {
			return 0, "", err
		}
	}
	return id, key, nil
}

// incidentWrite is a route's part in a write to one incident; writeIncident
// takes the steps every such write shares. A nil step is one the route
// does not take.
type incidentWrite struct {
	// prepare checks the body against what the server alone knows (its
	// clock) before the incident is read: its 400s.
	prepare func(w *writing) error
	// load reads the incident and its unit into w, refusing a caller who
	// may not see it; nil is incidentInScope.
	load func(w *writing) error
	// check applies the route's checks of the caller and of the body
	// against the incident, in the route's order: its 403s, 400s and
	// 409s, the version the caller saw (w.stale) among them. It may find
	// the write made already (w.kept): then nothing is written again.
	check func(w *writing) error
	// write makes the write in the store; a conflict there is answered
	// with the incident as it now is.
	write func(w *writing) (*data.Incident, error)
	// after records what follows a write that was made: an audit entry,
	// notices.
	after func(w *writing, out *data.Incident) error
	// answer answers the write; nil is sendWritten, the incident as the
	// caller may see it.
	answer func(w *writing, out *data.Incident) error
}

// writing is a write to one incident under way.
type writing struct {
	c   echo.Context
	ctx context.Context
	p   *principal
	id  int64
	// key is the Idempotency-Key of an idempotent body, "" for none.
	key string
	// version is the version of the incident the caller saw (the body's
	// or If-Match), 0 for none.
	version int64
	// in is the incident as read before the write, unit its cell's unit.
	in   *data.Incident
	unit string
	// kept is set by a check that finds the write made already, by the
	// same caller, resent after its answer was lost.
	kept bool
}

// writeIncident takes the steps of a write to one incident, in this order:
// the {id}, the body and the headers (readIncidentWrite: 400s), the route's
// prepare (400s), the incident as the caller may see it (401, 403, 404),
// the route's check (its 403s, 400s and 409s), the store's write (a 409 there carries the incident
// as it now is), the route's after (audit, notices) and the answer. The
// first refusal answers.
func (s *Server) writeIncident(c echo.Context, req incidentWriteBody, route incidentWrite) error {
	id, key, err := readIncidentWrite(c, req)
	if err != nil {
		return err
	}
	w := &writing{c: c, ctx: c.Request().Context(), p: who(c), id: id, key: key}
	if v := req.seenVersion(); v != nil {
		w.version = *v
	}
	if route.prepare != nil {
		if err := route.prepare(w); err != nil {
			return err
		}
	}
	if route.load != nil {
		err = route.load(w)
	} else {
		w.in, w.unit, err = s.incidentInScope(w.ctx, w.p, id)
	}
	if err != nil {
		return err
	}
	if err := route.check(w); err != nil {
		return err
	}
	out := w.in
	if !w.kept {
		if out, err = route.write(w); err != nil {
			return s.withCurrent(w.ctx, id, err)
		}
		if route.after != nil {
			if err := route.after(w, out); err != nil {
				return err
			}
		}
	}
	if route.answer != nil {
		return route.answer(w, out)
	}
	return s.sendWritten(c, w.p, out)
}

// record is the incident as the audit log names it.
func (w *writing) record() string { return "incident:" + strconv.FormatInt(w.id, 10) }

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
