package api

import (
	"context"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"

	"gridmap/data"
	"gridmap/geo"
)

// OGC API - Features Part 1 (Core, GeoJSON, OpenAPI 3.0) under /ogc, so that
// QGIS, GDAL and any OGC client read the town's data directly.

const (
	crs84        = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
	trsGregorian = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"
	ogcMaxLimit  = 10000
	ogcDefLimit  = 10
	confCore     = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core"
	confGeoJSON  = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson"
	confOAS30    = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30"
	relData      = "data"
	relConform   = "conformance"
	relServiceDs = "service-desc"
)

// link is an OGC/RFC 8288 link.
type link struct {
	Href  string `json:"href"`
	Rel   string `json:"rel"`
	Type  string `json:"type,omitempty"`
	Title string `json:"title,omitempty"`
}

// collectionDef describes one feature collection and how to page it.
type collectionDef struct {
	id, title, description string
	properties             []property // for the properties parameter and the API definition
	temporal               bool       // accepts datetime (on reported_at)
}

// property is one property of a collection's features and its JSON type:
// string, integer, number, or date-time (an RFC 3339 string), with a
// trailing "?" when it may be null.
type property struct{ name, typ string }

// propertyNames lists the names of d's properties.
func (d *collectionDef) propertyNames() []string {
	out := make([]string, len(d.properties))
	for i, p := range d.properties {
		out[i] = p.name
	}
	return out
}

// The query parameters each OGC route accepts; any other is refused with
// 400 (OGC API - Features, /req/core/query-param-unknown), and the OpenAPI
// document lists exactly these.
var (
	ogcParams     = []string{"f"}
	ogcItemParams = []string{"f", "properties"}
	// ogcFormats are the values of f taken, all meaning JSON (GeoJSON
	// for features).
	ogcFormats = []string{"json", "geojson", "application/json", "application/geo+json"}
)

// itemsParams are the parameters of d's items route: datetime only where
// the collection has a time.
func (d *collectionDef) itemsParams() []string {
	ps := []string{"f", "limit", "offset", "bbox", "bbox-crs", "properties"}
	if d.temporal {
		ps = append(ps, "datetime")
	}
	return ps
}

var ogcCollections = []collectionDef{
	{id: "cells", title: "网格 Grid cells", description: "Governance grid cells (网格) of the town, with unit, population, households and open incident count.",
		properties: []property{{"code", "string"}, {"name", "string"}, {"unit_code", "string"}, {"unit_name", "string"}, {"kind", "string"},
			{"population", "integer"}, {"households", "integer"}, {"area_m2", "number"}, {"open_incidents", "integer"}}},
	{id: "units", title: "村(社区) Villages and communities", description: "Villages and communities of the town, each the union of its cells.",
		properties: []property{{"code", "string"}, {"name", "string"}, {"kind", "string"}, {"cells", "integer"}, {"population", "integer"}, {"households", "integer"}}},
	{id: "incidents", title: "矛盾纠纷与信访 Incidents", description: "Disputes and petitions as points, without personal data.",
		properties: []property{{"id", "integer"}, {"kind", "string"}, {"type", "string"}, {"source", "string"}, {"status", "string"}, {"cell", "string"},
			{"reported_at", "date-time"}, {"updated_at", "date-time"}, {"resolved_at", "date-time?"}}, temporal: true},
}

// findCollection returns the collection the principal asks for: ENOTFOUND
// for an unknown one, 401/403 for one outside the principal's scope.
func findCollection(c echo.Context) (*collectionDef, error) {
	id := c.Param("id")
	for i := range ogcCollections {
		if d := &ogcCollections[i]; d.id == id {
			if !d.visibleTo(who(c)) {
				return nil, who(c).denied("the " + id + " collection")
			}
			return d, nil
		}
	}
	return nil, data.Errorf(data.ENOTFOUND, "No collection %q.", id).WithField("collectionId")
}

// visibleTo reports whether the principal may see the collection at all:
// incidents only for those who may list some.
func (d *collectionDef) visibleTo(p *principal) bool {
	return d.id != "incidents" || p.seesIncidents()
}

// publicCollection reports whether the request is for a collection that
// anonymous callers may read (or for none at all), and so may be shared
// with other origins; see cors.go.
func publicCollection(c echo.Context) bool {
	for i := range ogcCollections {
		if d := &ogcCollections[i]; d.id == c.Param("id") {
			return d.visibleTo(&principal{})
		}
	}
	return true
}

// baseURL is the public root of the service for absolute links.
func (s *Server) baseURL(c echo.Context) string {
	if s.cfg.BaseURL != "" {
		return strings.TrimSuffix(s.cfg.BaseURL, "/")
	}
	return c.Scheme() + "://" + c.Request().Host
}

// ogcQuery refuses a query parameter not in allowed, then an f= value
// other than JSON ones.
func ogcQuery(c echo.Context, allowed []string) error {
	if err := knownParams(c, allowed); err != nil {
		return err
	}
	if f := c.QueryParam("f"); f != "" && !slices.Contains(ogcFormats, f) {
		return data.FieldErrorf("f", "Only f=json is supported.")
	}
	return nil
}

func (s *Server) ogcLanding(c echo.Context) error {
	if err := ogcQuery(c, ogcParams); err != nil {
		return err
	}
	b := s.baseURL(c) + "/ogc"
	return s.sendJSON(c, typeJSON, map[string]any{
		"title":       "gridmap OGC API - Features",
		"description": "Grid cells, villages/communities and incidents of the town (illustrative sample data).",
		"links": []link{
			{Href: b, Rel: "self", Type: "application/json", Title: "This document"},
			{Href: b + "/api", Rel: relServiceDs, Type: typeOpenAPI, Title: "The API definition"},
			{Href: b + "/conformance", Rel: relConform, Type: "application/json", Title: "Conformance classes"},
			{Href: b + "/collections", Rel: relData, Type: "application/json", Title: "Collections"},
		},
	})
}

func (s *Server) ogcConformance(c echo.Context) error {
	if err := ogcQuery(c, ogcParams); err != nil {
		return err
	}
	return s.sendJSON(c, typeJSON, map[string]any{"conformsTo": []string{confCore, confGeoJSON, confOAS30}})
}

// collectionInfo is one collection's description. A temporal collection
// declares the interval of its features' times that the caller may list.
func (s *Server) collectionInfo(c echo.Context, sn *snapshot, d *collectionDef) (map[string]any, error) {
	b := s.baseURL(c) + "/ogc/collections/" + d.id
	extent := map[string]any{"spatial": map[string]any{
		"bbox": [][4]float64{bboxOf(sn.town.Geometry.Bound())}, "crs": crs84,
	}}
	if d.temporal {
		first, last, err := s.reportedInterval(c.Request().Context(), who(c))
		if err != nil {
			return nil, err
		}
		if !first.IsZero() {
			extent["temporal"] = map[string]any{"interval": [][2]time.Time{{first, last}}, "trs": trsGregorian}
		}
	}
	return map[string]any{
		"id": d.id, "title": d.title, "description": d.description, "itemType": "feature",
		"crs":    []string{crs84},
		"extent": extent,
		"links": []link{
			{Href: b, Rel: "self", Type: "application/json", Title: d.title},
			{Href: b + "/items", Rel: "items", Type: "application/geo+json", Title: d.title},
		},
	}, nil
}

// reportedInterval returns the earliest and latest reported time of the
// incidents p may list; zero times when there are none.
func (s *Server) reportedInterval(ctx context.Context, p *principal) (first, last time.Time, err error) {
	f := data.IncidentFilter{Limit: 1, NewestFirst: true}
	if err = p.scopeIncidents(&f); err != nil {
		return
	}
	list, total, err := s.store.Incidents(ctx, f)
	if err != nil || len(list) == 0 {
		return
	}
	last, first = list[0].ReportedAt, list[0].ReportedAt
	f.Offset = total - 1
	if list, _, err = s.store.Incidents(ctx, f); err != nil {
		return
	}
	if len(list) == 1 { // none when another request deleted some meanwhile
		first = list[0].ReportedAt
	}
	return first.UTC(), last.UTC(), nil
}

func (s *Server) ogcCollections(c echo.Context) error {
	if err := ogcQuery(c, ogcParams); err != nil {
		return err
	}
	sn, err := s.snapshot(c.Request().Context())
	if err != nil {
		return err
	}
	cols := []map[string]any{}
	for i := range ogcCollections {
		if d := &ogcCollections[i]; d.visibleTo(who(c)) {
			info, err := s.collectionInfo(c, sn, d)
			if err != nil {
				return err
			}
			cols = append(cols, info)
		}
	}
	b := s.baseURL(c) + "/ogc/collections"
	return s.sendJSON(c, typeJSON, map[string]any{
		"links":       []link{{Href: b, Rel: "self", Type: "application/json", Title: "Collections"}},
		"collections": cols,
	})
}

func (s *Server) ogcCollection(c echo.Context) error {
	d, err := findCollection(c)
	if err != nil {
		return err
	}
	if err := ogcQuery(c, ogcParams); err != nil {
		return err
	}
	sn, err := s.snapshot(c.Request().Context())
	if err != nil {
		return err
	}
	info, err := s.collectionInfo(c, sn, d)
	if err != nil {
		return err
	}
	return s.sendJSON(c, typeJSON, info)
}

// itemsQuery is a parsed /items request.
type itemsQuery struct {
	limit, offset int
	bbox          *orb.Bound
	keep          map[string]bool // nil: every property
	from, to      time.Time
}

func parseItemsQuery(c echo.Context, d *collectionDef) (itemsQuery, error) {
	var q itemsQuery
	if _, ok := c.QueryParams()["datetime"]; ok && !d.temporal {
		return q, data.FieldErrorf("datetime", "Collection %s has no time.", d.id)
	}
	if err := ogcQuery(c, d.itemsParams()); err != nil {
		return q, err
	}
	if v := c.QueryParam("bbox-crs"); v != "" && v != crs84 {
		return q, data.FieldErrorf("bbox-crs", "Only %s is supported.", crs84)
	}
	var err error
	if q.limit, err = intParam(c, "limit", ogcDefLimit, 1, int(^uint32(0)>>1)); err != nil {
		return q, err
	}
	q.limit = min(q.limit, ogcMaxLimit) // OGC: a larger limit is not an error
	if q.offset, err = intParam(c, "offset", 0, 0, int(^uint32(0)>>1)); err != nil {
		return q, err
	}
	if q.bbox, err = bboxParam(c); err != nil {
		return q, err
	}
	if q.keep, err = propertiesParam(c, d); err != nil {
		return q, err
	}
	if v := c.QueryParam("datetime"); v != "" {
		if q.from, q.to, err = parseInterval(v); err != nil {
			return q, err
		}
	}
	return q, nil
}

// propertiesParam parses properties=a,b: the properties of d to keep, nil
// for every one.
func propertiesParam(c echo.Context, d *collectionDef) (map[string]bool, error) {
	v := c.QueryParam("properties")
	if v == "" {
		return nil, nil
	}
	keep := map[string]bool{}
	for _, p := range strings.Split(v, ",") {
		p = strings.TrimSpace(p)
		if names := d.propertyNames(); !slices.Contains(names, p) {
			return nil, data.FieldErrorf("properties", "Unknown property %q; %s has %s.", p, d.id, strings.Join(names, ", "))
		}
		keep[p] = true
	}
	return keep, nil
}

// parseInterval parses an OGC datetime: an instant, or start/end with ".."
// or "" for an open end. Ends are inclusive; a bare date (2024-05-01) means
// that whole day in China Standard Time. The result is half-open, [from, to).
func parseInterval(v string) (from, to time.Time, err error) {
	start, end, isInterval := strings.Cut(v, "/")
	if !isInterval {
		if from, err = parseTime("datetime", v); err != nil {
			return
		}
		return from, endOf(v, from), nil
	}
	if start != "" && start != ".." {
		if from, err = parseTime("datetime", start); err != nil {
			return
		}
	}
	if end != "" && end != ".." {
		var t time.Time
		if t, err = parseTime("datetime", end); err != nil {
			return
		}
		to = endOf(end, t)
	}
	if !from.IsZero() && !to.IsZero() && !from.Before(to) {
		err = data.FieldErrorf("datetime", "datetime ends before it starts.")
	}
	return
}

// endOf is the exclusive end of an inclusive instant or date: stores keep
// microseconds, so an instant ends one microsecond later, a date a day later.
func endOf(text string, t time.Time) time.Time {
	if len(text) == len("2006-01-02") {
		return t.Add(24 * time.Hour)
	}
	return t.Add(time.Microsecond)
}

func (s *Server) ogcItems(c echo.Context) error {
	d, err := findCollection(c)
	if err != nil {
		return err
	}
	q, err := parseItemsQuery(c, d)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	self := s.baseURL(c) + c.Request().URL.Path
	if d.id == "incidents" {
		fs, matched, err := s.incidentItems(ctx, who(c), q)
		if err != nil {
			return err
		}
		return s.send(c, typeGeoJSON, s.newBody(itemsPage(c, d, q, self, fs, matched)))
	}
	// Cells and units: the same page for every caller, encoded once per
	// snapshot, link base and query.
	sn, err := s.snapshot(ctx)
	if err != nil {
		return err
	}
	b, err := s.cachedShowing(sn, "items\x00"+self+"\x00"+c.QueryParams().Encode(), func() ([]byte, pageDeps, error) {
		fs, hits, matched := sn.areaItems(d, q)
		return itemsPage(c, d, q, self, fs, matched), sn.areaDeps(d, q.keep, hits), nil
	})
	if err != nil {
		return err
	}
	return s.send(c, typeGeoJSON, b)
}

// itemsPage encodes one page of d's features, numbers matched and
// returned, and its links: self, the collection, next and previous.
func itemsPage(c echo.Context, d *collectionDef, q itemsQuery, self string, fs []feature, matched int) []byte {
	links := []link{
		{Href: withQuery(self, c.QueryParams(), nil), Rel: "self", Type: "application/geo+json", Title: "This page"},
		{Href: strings.TrimSuffix(self, "/items"), Rel: "collection", Type: "application/json", Title: d.title},
	}
	if q.offset+len(fs) < matched {
		links = append(links, link{Href: withQuery(self, c.QueryParams(), map[string]string{"offset": strconv.Itoa(q.offset + len(fs)), "limit": strconv.Itoa(q.limit)}), Rel: "next", Type: "application/geo+json", Title: "Next page"})
	}
	if q.offset > 0 {
		links = append(links, link{Href: withQuery(self, c.QueryParams(), map[string]string{"offset": strconv.Itoa(max(0, q.offset-q.limit)), "limit": strconv.Itoa(q.limit)}), Rel: "prev", Type: "application/geo+json", Title: "Previous page"})
	}
	return appendFeatureCollection(nil, fs, props{
		{"numberMatched", matched}, {"numberReturned", len(fs)}, {"links", links},
	})
}

// withQuery returns base with the query q, some values replaced; keys are
// sorted so that links are stable.
func withQuery(base string, q url.Values, set map[string]string) string {
	v := url.Values{}
	for k, vs := range q {
		v[k] = vs
	}
	for k, x := range set {
		v.Set(k, x)
	}
	if len(v) == 0 {
		return base
	}
	return base + "?" + v.Encode()
}

// incidentItems returns one page of the incidents p may list and the
// number matched.
func (s *Server) incidentItems(ctx context.Context, p *principal, q itemsQuery) ([]feature, int, error) {
	f := data.IncidentFilter{BBox: q.bbox, From: q.from, To: q.to, Limit: q.limit, Offset: q.offset}
	if err := p.scopeIncidents(&f); err != nil {
		return nil, 0, err
	}
	list, total, err := s.store.Incidents(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	fs := make([]feature, len(list))
	for i, in := range list {
		fs[i] = incidentFeature(in, q.keep)
	}
	return fs, total, nil
}

// areaItems returns one page of the cells or the units (d), their
// positions and the number matched: those whose polygon meets q.bbox,
// found through the snapshot's index of their bounds.
func (sn *snapshot) areaItems(d *collectionDef, q itemsQuery) ([]feature, []int, int) {
	n, ix := len(sn.cells), sn.index
	if d.id != "cells" {
		n, ix = len(sn.units), sn.unitIndex()
	}
	var hits []int
	if q.bbox == nil {
		hits = make([]int, n)
		for i := range hits {
			hits[i] = i
		}
	} else {
		for _, i := range ix.Overlapping(*q.bbox) {
			if q.bbox.Contains(ix.Bound(i).Min) && q.bbox.Contains(ix.Bound(i).Max) || geo.IntersectsBound(sn.areaPolygon(d, i), *q.bbox) {
				hits = append(hits, i)
			}
		}
	}
	matched := len(hits)
	hits = hits[min(q.offset, len(hits)):]
	hits = hits[:min(q.limit, len(hits))]
	fs := make([]feature, len(hits))
	for k, i := range hits {
		fs[k] = sn.areaFeature(d, i, q.keep)
	}
	return fs, hits, matched
}

// areaDeps is what of the incidents the cells or units (d) at positions
// hits show with the properties in keep (every one when nil): the open
// incident counts of cells, nothing of units.
func (sn *snapshot) areaDeps(d *collectionDef, keep map[string]bool, hits []int) pageDeps {
	if d.id != "cells" || keep != nil && !keep["open_incidents"] {
		return pageDeps{}
	}
	return pageDeps{cells: hits}
}

// areaPolygon is the polygon of the i-th cell or unit (d).
func (sn *snapshot) areaPolygon(d *collectionDef, i int) orb.Polygon {
	if d.id == "cells" {
		return sn.cells[i].Geometry
	}
	return sn.units[i].Geometry
}

// areaFeature is the i-th cell or unit (d) as an OGC feature with the
// properties in keep (every one when nil).
func (sn *snapshot) areaFeature(d *collectionDef, i int, keep map[string]bool) feature {
	if d.id == "cells" {
		return feature{id: sn.cells[i].Code, geom: sn.cells[i].Geometry, props: sn.cellProps(i).only(keep)}
	}
	return feature{id: sn.units[i].Code, geom: sn.units[i].Geometry, props: sn.unitProps(i).only(keep)}
}

func incidentFeature(in data.Incident, keep map[string]bool) feature {
	return feature{id: in.ID, geom: in.Location, props: props{
		{"id", in.ID}, {"kind", in.Kind}, {"type", in.Type}, {"source", in.Source}, {"status", in.Status},
		{"cell", in.CellCode}, {"reported_at", in.ReportedAt}, {"updated_at", in.UpdatedAt}, {"resolved_at", in.ResolvedAt},
	}.only(keep)}
}

func (s *Server) ogcItem(c echo.Context) error {
	d, err := findCollection(c)
	if err != nil {
		return err
	}
	if err := ogcQuery(c, ogcItemParams); err != nil {
		return err
	}
	keep, err := propertiesParam(c, d)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	fid := c.Param("fid")
	notFound := data.Errorf(data.ENOTFOUND, "No feature %q in %s.", fid, d.id).WithField("featureId")
	base := s.baseURL(c) + "/ogc/collections/" + d.id
	if d.id == "incidents" {
		id, err := strconv.ParseInt(fid, 10, 64)
		if err != nil {
			return notFound
		}
		in, err := s.store.Incident(ctx, id)
		if data.ErrorCode(err) == data.ENOTFOUND {
			return notFound
		} else if err != nil {
			return err
		}
		sn, err := s.snapshot(ctx)
		if err != nil {
			return err
		}
		if !who(c).listsIncident(in, sn.unitOf(in.CellCode)) {
			return notFound // as if absent: outside the caller's scope
		}
		return s.send(c, typeGeoJSON, s.newBody(itemDoc(d, base, fid, incidentFeature(*in, keep))))
	}
	sn, err := s.snapshot(ctx)
	if err != nil {
		return err
	}
	byCode := sn.cellByCode
	if d.id != "cells" {
		byCode = sn.unitByCode
	}
	i, ok := byCode[fid]
	if !ok {
		return notFound
	}
	b, err := s.cachedShowing(sn, "item\x00"+base+"\x00"+fid+"\x00"+c.QueryParam("properties"), func() ([]byte, pageDeps, error) {
		return itemDoc(d, base, fid, sn.areaFeature(d, i, keep)), sn.areaDeps(d, keep, []int{i}), nil
	})
	if err != nil {
		return err
	}
	return s.send(c, typeGeoJSON, b)
}

// itemDoc encodes one feature of d with its links, base being the
// collection's URL.
func itemDoc(d *collectionDef, base, fid string, f feature) []byte {
	return appendFeature(nil, f, props{{"links", []link{
		{Href: base + "/items/" + url.PathEscape(fid), Rel: "self", Type: "application/geo+json"},
		{Href: base, Rel: "collection", Type: "application/json", Title: d.title},
	}}})
}
