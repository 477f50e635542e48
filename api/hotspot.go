package api

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"

	"gridmap/data"
	"gridmap/domain"
	"gridmap/geo"
	"gridmap/stats"
)

// Hotspot statistics over the cells: which cells have more (or fewer)
// disputes than their neighbourhood and their population explain, and how
// that changes month by month. Aggregates only: whoever may see /api/stats
// may see them.

const (
	defaultMinCount     = 3   // below it a cell's window is marked insufficient
	defaultPermutations = 999 // of local Moran's I
)

// window reads from and to: [from, to), to after from; to defaults to now
// and from to def before to.
func (s *Server) window(c echo.Context, def func(to time.Time) time.Time) (from, to time.Time, err error) {
	if from, err = timeParam(c, "from"); err != nil {
		return
	}
	if to, err = timeParam(c, "to"); err != nil {
		return
	}
	if to.IsZero() {
		to = s.now()
	}
	if from.IsZero() {
		from = def(to)
	}
	if !from.Before(to) {
		err = data.FieldErrorf("to", "to must be after from.")
	}
	return
}

// monthWindow reads a window of months (stats.MonthWindow) from from and
// to: by default the def whole months before the current one; at least
// least months.
func (s *Server) monthWindow(c echo.Context, def, least int) (bounds []time.Time, partial string, err error) {
	from, err := timeParam(c, "from")
	if err != nil {
		return nil, "", err
	}
	to, err := timeParam(c, "to")
	if err != nil {
		return nil, "", err
	}
	return stats.MonthWindow(from, to, s.now(), def, least)
}

// choice reads an optional parameter that must be one of allowed; the first
// is the default.
func choice(c echo.Context, name string, allowed ...string) (string, error) {
	v := c.QueryParam(name)
	if v == "" {
		return allowed[0], nil
	}
	if !slices.Contains(allowed, v) {
		return "", data.FieldErrorf(name, "%s must be one of %v, got %q.", name, allowed, v)
	}
	return v, nil
}

// boolParam reads an optional true/false parameter.
func boolParam(c echo.Context, name string, def bool) (bool, error) {
	v := c.QueryParam(name)
	if v == "" {
		return def, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, data.FieldErrorf(name, "%s must be true or false, got %q.", name, v)
	}
	return b, nil
}

// incidentType reads an optional incident type, which must be configured.
func (s *Server) incidentType(c echo.Context) (string, error) {
	t := c.QueryParam("type")
	if names := domain.IncidentTypeNames(s.cfg.IncidentTypes); t != "" && !slices.Contains(names, t) {
		return "", data.FieldErrorf("type", "type must be one of %v, got %q.", names, t)
	}
	return t, nil
}

// contiguity reads weights=queen|rook.
func contiguity(c echo.Context) (geo.Contiguity, string, error) {
	v, err := choice(c, "weights", "queen", "rook")
	if v == "rook" {
		return geo.Rook, v, err
	}
	return geo.Queen, v, err
}

// num is a statistic for JSON: rounded to n digits, null when undefined.
func num(x float64, n int) any {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return roundTo(x, n)
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// neighbourCodes returns the codes of a cell's neighbours.
func (sn *snapshot) neighbourCodes(w geo.Weights, i int) []string {
	out := make([]string, len(w.Neighbors[i]))
	for k, j := range w.Neighbors[i] {
		out[k] = sn.cells[j].Code
	}
	return out
}

// cellBase is the start of every hotspot feature's properties.
func (sn *snapshot) cellBase(i int) props {
	c := &sn.cells[i]
	return props{{"code", c.Code}, {"name", c.Name}, {"unit_code", c.UnitCode}, {"unit_name", c.UnitName},
		{"population", c.Population}}
}

// cutoffs are the overdue cut-offs of the stages at one instant, as
// StageBefore gave them: the same for every use of one answer.
type cutoffs map[string]time.Time

func (c cutoffs) StageBefore(time.Time) map[string]time.Time { return c }

// key spells the cut-offs for a cache key, in status order.
func (c cutoffs) key() string {
	var b strings.Builder
	for _, st := range data.Statuses {
		if t, ok := c[st]; ok {
			b.WriteString(st + "<" + t.Format(time.RFC3339Nano) + ";")
		}
	}
	return b.String()
}

// timesKey spells times for a cache key.
func timesKey(ts []time.Time) string {
	var b strings.Builder
	for _, t := range ts {
		b.WriteString(t.Format(time.RFC3339Nano) + ";")
	}
	return b.String()
}

// getHotspots answers GET /api/hotspots: per cell, the incidents of a
// window and a local statistic of them (Getis-Ord Gi* or local Moran's I),
// on counts or on empirical-Bayes rates per 1,000 residents.
func (s *Server) getHotspots(c echo.Context) error {
	ctx := c.Request().Context()
	from, to, err := s.window(c, func(to time.Time) time.Time { return to.AddDate(-1, 0, 0) })
	if err != nil {
		return err
	}
	typ, err := s.incidentType(c)
	if err != nil {
		return err
	}
	measure, err := choice(c, "measure", "count", "rate")
	if err != nil {
		return err
	}
	method, err := choice(c, "method", "gi", "moran")
	if err != nil {
		return err
	}
	kind, kindName, err := contiguity(c)
	if err != nil {
		return err
	}
	fdr, err := boolParam(c, "fdr", false)
	if err != nil {
		return err
	}
	withGeom, err := boolParam(c, "geometry", true)
	if err != nil {
		return err
	}
	minCount, err := intParam(c, "min_count", defaultMinCount, 0, math.MaxInt32)
	if err != nil {
		return err
	}
	perms, err := intParam(c, "permutations", defaultPermutations, 99, 9999)
	if err != nil {
		return err
	}
	seed, err := intParam(c, "seed", 1, 0, math.MaxInt32)
	if err != nil {
		return err
	}

	sn, err := s.snapshot(ctx)
	if err != nil {
		return err
	}
	// The answer depends on the clock only through the overdue cut-offs:
	// with them in the key, it is encoded once per snapshot and window.
	now := s.now()
	before := cutoffs(s.deadlines().StageBefore(now))
	key := fmt.Sprintf("hotspots\x00%s\x00%s\x00%s\x00%s\x00%s\x00%s\x00%v\x00%v\x00%d\x00%d\x00%d\x00%s",
		from.Format(time.RFC3339Nano), to.Format(time.RFC3339Nano), typ, measure, method, kindName, fdr, withGeom, minCount, perms, seed, before.key())
	if c.QueryParam("to") == "" || len(s.cfg.Deadlines) > 0 {
		key = "" // a window ending now, or cut-offs that move with it: never asked again
	}
	b, err := s.cached(sn, key, func() ([]byte, error) {
		ft, err := s.factTable(ctx, sn)
		if err != nil {
			return nil, err
		}
		w := s.weights(sn, kind)
		agg := ft.Aggregate(from, to, ft.TypeIndex(typ), now, before)
		pops := make([]int, len(sn.cells))
		for i := range sn.cells {
			pops[i] = sn.cells[i].Population
		}
		h, err := stats.ComputeHotspots(agg, pops, w, stats.HotspotOptions{Rate: measure == "rate", Moran: method == "moran",
			FDR: fdr, Permutations: perms, Seed: uint64(seed)})
		if err != nil {
			return nil, err
		}
		fs := make([]feature, len(sn.cells))
		for i := range sn.cells {
			a := &agg[i]
			ps := append(sn.cellBase(i),
				prop{"count", a.Count}, prop{"rate", num(h.Rates[i], 4)}, prop{"raw_rate", num(h.RawRate(i), 4)},
				prop{"insufficient", a.Count < minCount}, prop{"island", len(w.Neighbors[i]) == 0},
				prop{"neighbors", sn.neighbourCodes(w, i)},
				prop{"open", a.Open}, prop{"overdue", a.Overdue}, prop{"resolved", a.Resolved}, prop{"grassroots_share", num(h.Share(i), 4)})
			if h.Gi != nil {
				g := h.Gi[i]
				ps = append(ps, prop{"z", num(g.Z, 4)}, prop{"p", num(g.P, 6)}, prop{"bin", g.Bin})
			} else {
				m := h.Moran[i]
				ps = append(ps, prop{"i", num(m.I, 6)}, prop{"p", num(m.P, 6)}, prop{"cluster", h.Clusters[i]})
			}
			var g orb.Geometry
			if withGeom {
				g = sn.cells[i].Geometry
			}
			fs[i] = feature{id: sn.cells[i].Code, geom: g, props: ps}
		}
		var islands []string
		for _, i := range w.Islands() {
			islands = append(islands, sn.cells[i].Code)
		}
		extra := props{{"from", from}, {"to", to}, {"incident_type", nilIfEmpty(typ)}, {"measure", measure},
			{"method", method}, {"weights", kindName}, {"fdr", fdr}, {"min_count", minCount}, {"total", h.Total},
			{"town_rate", num(h.TownRate, 4)}, {"islands", nonNil(islands)}, {"summary", h.Summary}}
		if method == "moran" {
			extra = append(extra, prop{"permutations", perms}, prop{"seed", seed}, prop{"alpha", stats.MoranAlpha})
		}
		return appendFeatureCollection(nil, fs, extra), nil
	})
	if err != nil {
		return err
	}
	return s.send(c, typeGeoJSON, b)
}

// getEmergingHotspots answers GET /api/hotspots/emerging: Gi* of each
// month's counts per cell, with the false discovery rate correction of each
// month's bins as Esri's Emerging Hot Spot Analysis applies it, and, from
// their series, each cell's emerging
// hot- or cold-spot category with its Mann-Kendall trend.
func (s *Server) getEmergingHotspots(c echo.Context) error {
	ctx := c.Request().Context()
	bounds, partial, err := s.monthWindow(c, 24, geo.MinEmergingSlices)
	if err != nil {
		return err
	}
	typ, err := s.incidentType(c)
	if err != nil {
		return err
	}
	kind, kindName, err := contiguity(c)
	if err != nil {
		return err
	}
	withGeom, err := boolParam(c, "geometry", true)
	if err != nil {
		return err
	}
	sn, err := s.snapshot(ctx)
	if err != nil {
		return err
	}
	key := fmt.Sprintf("emerging\x00%s\x00%s\x00%s\x00%s\x00%v", timesKey(bounds), partial, typ, kindName, withGeom)
	b, err := s.cached(sn, key, func() ([]byte, error) {
		ft, err := s.factTable(ctx, sn)
		if err != nil {
			return nil, err
		}
		w := s.weights(sn, kind)
		series := ft.Monthly(bounds, ft.TypeIndex(typ))
		gis, areas := stats.Emerging(series, w)

		months := stats.MonthLabels(bounds)
		categories := map[string]int{}
		fs := make([]feature, len(sn.cells))
		for i := range sn.cells {
			a := areas[i]
			counts, zs, bins := make([]int, len(series)), make([]any, len(series)), make([]int, len(series))
			for t := range series {
				counts[t], zs[t], bins[t] = int(series[t][i]), num(gis[t][i].Z, 4), gis[t][i].Bin
			}
			categories[string(a.Category)]++
			var g orb.Geometry
			if withGeom {
				g = sn.cells[i].Geometry
			}
			fs[i] = feature{id: sn.cells[i].Code, geom: g, props: append(sn.cellBase(i),
				prop{"category", string(a.Category)}, prop{"island", a.Island},
				prop{"trend", props{{"tau", num(a.Trend.Tau, 4)}, {"z", num(a.Trend.Z, 4)}, {"p", num(a.Trend.P, 6)}}},
				prop{"hot_months", a.HotSlices}, prop{"cold_months", a.ColdSlices},
				prop{"counts", counts}, prop{"z", zs}, prop{"bins", bins})}
		}
		extra := props{{"from", bounds[0]}, {"to", bounds[len(bounds)-1]}, {"months", months},
			{"partial_month", nilIfEmpty(partial)},
			{"incident_type", nilIfEmpty(typ)}, {"weights", kindName}, {"categories", categories}}
		return appendFeatureCollection(nil, fs, extra), nil
	})
	if err != nil {
		return err
	}
	return s.send(c, typeGeoJSON, b)
}

// getHotspotTrend answers GET /api/hotspots/trend?cell=|unit=: incidents
// reported and resolved per month in a cell, a unit or the whole town.
func (s *Server) getHotspotTrend(c echo.Context) error {
	ctx := c.Request().Context()
	cell, unit := c.QueryParam("cell"), c.QueryParam("unit")
	if cell != "" && unit != "" {
		return data.FieldErrorf("unit", "Give a cell or a unit, not both.")
	}
	if err := s.checkPlaces(ctx, cell, unit); err != nil {
		return err
	}
	bounds, partial, err := s.monthWindow(c, 24, 1)
	if err != nil {
		return err
	}
	typ, err := s.incidentType(c)
	if err != nil {
		return err
	}
	sn, ft, err := s.facts(ctx)
	if err != nil {
		return err
	}
	in := make([]bool, len(sn.cells))
	for i := range sn.cells {
		in[i] = (cell == "" || sn.cells[i].Code == cell) && (unit == "" || sn.cells[i].UnitCode == unit)
	}
	reported, resolved := ft.Trend(bounds, ft.TypeIndex(typ), in)
	months := stats.MonthLabels(bounds)
	return s.sendJSON(c, typeJSON, map[string]any{
		"cell": nilIfEmpty(cell), "unit": nilIfEmpty(unit), "incident_type": nilIfEmpty(typ),
		"from": bounds[0], "to": bounds[len(bounds)-1],
		"months": months, "partial_month": nilIfEmpty(partial), "reported": reported, "resolved": resolved,
	})
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
