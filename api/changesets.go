package api

import (
	"fmt"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"

	"gridmap/boundary"
	"gridmap/data"
	"gridmap/domain"
)

// changeRequest is the common part of a changeset and a restore.
type changeRequest struct {
	Base          int64  `json:"base"`
	Reason        string `json:"reason"`
	EffectiveDate string `json:"effective_date"`
}

// changesetRequest is the body of POST /api/boundary/changesets.
type changesetRequest struct {
	changeRequest
	OuterMayChange bool                 `json:"outer_may_change"`
	Operations     []boundary.Operation `json:"operations"`
}

// problemOut is a validation problem as the API gives it, with its
// message in the client's language.
type problemOut struct {
	Kind    string    `json:"kind"`
	Message string    `json:"message"`
	Cells   []string  `json:"cells"`
	At      orb.Point `json:"at"`

	text bilingual // the message in both languages, for the error's own
}

// impactOut is a dry run's impact with a summary per pair of cells.
type impactOut struct {
	*data.BoundaryImpact
	Summary []boundary.PairMoves `json:"summary"`
}

func summarise(imp *data.BoundaryImpact) impactOut {
	return impactOut{BoundaryImpact: imp, Summary: boundary.Summarise(imp)}
}

// postChangeset answers POST /api/boundary/changesets[?dry_run=true]: the
// operations applied in order to the topology of the base version,
// validated, and (unless a dry run) committed as a new version.
func (s *Server) postChangeset(c echo.Context) error {
	p := who(c)
	if err := mayEditBoundaries(p); err != nil {
		return err
	}
	var req changesetRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if len(req.Operations) == 0 {
		return data.FieldErrorf("operations", "Give at least one operation.")
	}
	if err := domain.CheckText("reason", req.Reason, data.MaxReason); err != nil {
		return err
	}
	for i, op := range req.Operations {
		if err := domain.CheckLine(fmt.Sprintf("operations[%d].name", i), op.Name, data.MaxCellName); err != nil {
			return err
		}
	}
	ctx := c.Request().Context()
	vs, err := s.checkBase(ctx, req.Base)
	if err != nil {
		return err
	}
	base, top, err := s.boundaryBase(ctx, req.Base)
	if err != nil {
		return err
	}
	e := boundary.NewEdit(base, top, vs)
	for i, op := range req.Operations {
		if err := e.Apply(i, op); err != nil {
			return err
		}
	}
	var problems []problemOut
	lang := langOf(c)
	for _, pr := range e.Problems(req.OuterMayChange) {
		problems = append(problems, problemOut{Kind: pr.Kind, Message: problemMessage(lang, pr, pr.IDs), Cells: nonNil(pr.IDs), At: pr.At,
			text: bilingual{en: pr.Message, zh: problemMessage(langZH, pr, pr.IDs)}})
	}
	change, err := e.Change(data.BoundaryChange{Base: req.Base, Reason: req.Reason, EffectiveDate: req.EffectiveDate,
		AuthorID: p.user.ID, AuthorName: p.user.Name, At: s.now()})
	if err != nil {
		return err
	}
	return s.finishChange(c, change, problems, e.Removed())
}
