package api

import "gridmap/data"

// Staff contacts: the names and mobile numbers of grid workers and
// mediators. Towns post them on notice boards (网格公示牌), so by default
// everyone sees them; with Config.HideStaffContacts only accounts that work
// with the town's people and cases do (every role but viewer), and the
// others get the same answers with names and phones left empty: how many
// serve a cell, and in which posts, stays public.

// seesStaffContacts reports whether the principal sees the staff's names
// and phones.
func (s *Server) seesStaffContacts(p *principal) bool {
	return !s.cfg.HideStaffContacts || p.user != nil && p.role() != data.RoleViewer
}

// staffGridWorkers returns the grid workers as the principal may see them.
func (s *Server) staffGridWorkers(p *principal, ws []data.GridWorker) []data.GridWorker {
	if s.seesStaffContacts(p) {
		return ws
	}
	out := make([]data.GridWorker, len(ws))
	for i, w := range ws {
		out[i] = data.GridWorker{ID: w.ID, Cells: w.Cells}
	}
	return out
}

// staffMediators returns the mediators as the principal may see them.
func (s *Server) staffMediators(p *principal, ms []data.Mediator) []data.Mediator {
	if s.seesStaffContacts(p) {
		return ms
	}
	out := make([]data.Mediator, len(ms))
	for i, m := range ms {
		m.Name, m.Phone = "", ""
		out[i] = m
	}
	return out
}
