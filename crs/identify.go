package crs

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"gridmap/data"
)

// Identify returns the system a file declares: epsg from a GeoPackage's
// organization_coordsys_id (0 when absent or not an EPSG code), wkt from a
// .prj file or gpkg_spatial_ref_sys.definition ("" when absent). A
// supported EPSG code wins; otherwise the WKT is read, by its EPSG
// authority when it has one and else by its parameters, so that an ESRI
// .prj without codes still names its Gauss-Krüger zone. With neither it
// returns (nil, nil): WGS 84 is not assumed here, the caller decides. An
// unsupported or unreadable declaration is a *data.Error (field "srs").
func Identify(epsg int, wkt string) (*CRS, error) {
	wkt = strings.TrimSpace(wkt)
	if strings.EqualFold(wkt, "undefined") { // GeoPackage's undefined systems
		wkt = ""
	}
	if epsg > 0 {
		if c := fromEPSG(epsg); c != nil {
			return c, nil
		}
		if wkt == "" {
			return nil, unsupported("EPSG:" + strconv.Itoa(epsg))
		}
	}
	if wkt == "" {
		return nil, nil
	}
	root, err := parseWKT(wkt)
	if err != nil {
		return nil, err
	}
	return identifyWKT(root)
}

// The keywords of the horizontal systems, WKT1 and WKT2.
var (
	geogKeywords = []string{"GEOGCS", "GEOGCRS", "GEODCRS", "GEODETICCRS", "GEOGRAPHICCRS", "BASEGEOGCRS", "BASEGEODCRS"}
	projKeywords = []string{"PROJCS", "PROJCRS", "PROJECTEDCRS"}
)

func identifyWKT(root *node) (*CRS, error) {
	// A compound system (with heights) or a bound one (with a
	// transformation to WGS 84 attached) holds the horizontal one.
	switch root.keyword {
	case "COMPD_CS", "COMPOUNDCRS":
		if h := root.child(append(projKeywords, geogKeywords...)...); h != nil {
			return identifyWKT(h)
		}
	case "BOUNDCRS":
		if src := root.child("SOURCECRS"); src != nil {
			if h := src.child(append(projKeywords, geogKeywords...)...); h != nil {
				return identifyWKT(h)
			}
		}
	}
	name := strconv.Quote(root.text(0))
	if code, ok := epsgAuthority(root); ok {
		if c := fromEPSG(code); c != nil {
			return c, nil
		}
		name += " (EPSG:" + strconv.Itoa(code) + ")"
		if err := olderDatum(root, name); err != nil {
			return nil, err
		}
		return nil, unsupported(name)
	}
	projected := false
	switch {
	case slices.Contains(projKeywords, root.keyword):
		projected = true
	case slices.Contains(geogKeywords, root.keyword):
	default:
		return nil, unsupported(name)
	}
	ell := root.find("SPHEROID", "ELLIPSOID")
	if ell == nil {
		return nil, unsupported(name)
	}
	a, okA := ell.number(1)
	invf, okF := ell.number(2)
	if !okA || !okF {
		return nil, unsupported(name)
	}
	const grs80 = 298.257222101 // CGCS2000's ellipsoid has GRS 1980's a and f
	isWGS84 := a == 6378137 && math.Abs(invf-298.257223563) < 1e-6
	isCGCS := a == 6378137 && math.Abs(invf-grs80) < 1e-6
	if !isWGS84 && !isCGCS {
		if err := olderDatum(root, name); err != nil {
			return nil, err
		}
		return nil, unsupported(name)
	}
	if !greenwich(root) {
		return nil, unsupported(name)
	}
	if !projected {
		if isWGS84 {
			return WGS84(), nil
		}
		return CGCS2000(), nil
	}
	if !isCGCS {
		return nil, unsupported(name)
	}
	return identifyGK(root, name)
}

// epsgAuthority reads n's own EPSG code: AUTHORITY["EPSG","4527"] (WKT1)
// or ID["EPSG",4527] (WKT2), as a direct child, not the base system's.
func epsgAuthority(n *node) (int, bool) {
	for _, kw := range []string{"AUTHORITY", "ID"} {
		for _, a := range n.children(kw) {
			if strings.EqualFold(a.text(0), "EPSG") {
				if code, err := strconv.Atoi(strings.TrimSpace(a.text(1))); err == nil {
					return code, true
				}
			}
		}
	}
	return 0, false
}

// olderDatum explains the refusal of a system on one of China's older
// datums, Beijing 1954 and Xian 1980, known by their ellipsoids; nil for
// any other system.
func olderDatum(root *node, name string) error {
	ell := root.find("SPHEROID", "ELLIPSOID")
	if ell == nil {
		return nil
	}
	datum := ""
	switch a, _ := ell.number(1); a {
	case 6378245:
		datum = "Beijing 1954 (Krassowsky ellipsoid)"
	case 6378140:
		datum = "Xian 1980 (IAG 1975 ellipsoid)"
	default:
		return nil
	}
	return data.FieldErrorf("srs", "%s is on the %s datum, which lies up to a hundred metres off CGCS2000 and needs transformation parameters gridmap does not have; convert the file to CGCS2000 (EPSG:4490 or its Gauss-Kruger zone) first.", name, datum)
}

// greenwich reports whether n's prime meridian, if it names one, is
// Greenwich.
func greenwich(n *node) bool {
	pm := n.find("PRIMEM", "PRIMEMERIDIAN")
	if pm == nil {
		return true
	}
	v, ok := pm.number(1)
	return ok && v == 0
}

// identifyGK recognises a CGCS2000 Gauss-Krüger zone by its projection and
// parameters: transverse Mercator, latitude of origin 0, scale 1, false
// northing 0, a central meridian of a zone and a false easting of 500000 m
// or the zone number times 1e6 plus that, in metres.
func identifyGK(root *node, name string) (*CRS, error) {
	method := ""
	if p := root.child("PROJECTION"); p != nil {
		method = p.text(0)
	} else if conv := root.child("CONVERSION", "DERIVINGCONVERSION"); conv != nil {
		method = conv.child("METHOD", "PROJECTION").text(0)
	}
	switch normal(method) {
	case "transversemercator", "gausskruger", "gaussschreibertransversemercator":
	default:
		return nil, unsupported(name)
	}
	params := map[string]float64{}
	holders := []*node{root}
	if conv := root.child("CONVERSION", "DERIVINGCONVERSION"); conv != nil {
		holders = append(holders, conv)
	}
	for _, h := range holders {
		for _, p := range h.children("PARAMETER") {
			v, ok := p.number(1)
			if !ok {
				return nil, unsupported(name)
			}
			if u := p.child("ANGLEUNIT"); u != nil {
				// Degrees are written 0.0174532925199433, a little off pi/180.
				if f, ok := u.number(1); ok && math.Abs(f/(math.Pi/180)-1) > 1e-12 {
					v = v * f / (math.Pi / 180)
				}
			}
			if u := p.child("LENGTHUNIT"); u != nil {
				if f, ok := u.number(1); ok {
					v *= f
				}
			}
			params[normal(p.text(0))] = v
		}
	}
	get := func(def float64, names ...string) float64 {
		for _, n := range names {
			if v, ok := params[n]; ok {
				return v
			}
		}
		return def
	}
	lon0 := get(math.NaN(), "centralmeridian", "longitudeofnaturalorigin", "longitudeoforigin", "longitudeofcenter")
	lat0 := get(0, "latitudeoforigin", "latitudeofnaturalorigin", "latitudeofcenter")
	k := get(1, "scalefactor", "scalefactoratnaturalorigin")
	fe := get(0, "falseeasting")
	fn := get(0, "falsenorthing")
	// The coordinates (and WKT1's false easting) are in the system's
	// linear unit: WKT1 gives it after the parameters, WKT2 on the axes.
	u := root.child("UNIT", "LENGTHUNIT")
	if ax := root.child("AXIS"); u == nil && ax != nil {
		u = ax.child("LENGTHUNIT", "UNIT")
	}
	if u != nil {
		if f, ok := u.number(1); !ok || f != 1 {
			return nil, data.FieldErrorf("srs", "%s measures in %q; Gauss-Kruger coordinates must be in metres.", name, u.text(0))
		}
	}
	if !(lat0 == 0 && fn == 0 && math.Abs(k-1) < 1e-9 && lon0 == math.Round(lon0)) {
		return nil, unsupported(name)
	}
	prefix := 0
	if fe != 500000 {
		z := (fe - 500000) / 1e6
		if z != math.Round(z) {
			return nil, unsupported(name)
		}
		prefix = int(z)
	}
	if c := gkByMeridian(lon0, prefix); c != nil {
		return c, nil
	}
	return nil, unsupported(name)
}

// normal lower-cases s and drops what names write differently: spaces,
// underscores, hyphens.
func normal(s string) string {
	return strings.NewReplacer(" ", "", "_", "", "-", "").Replace(strings.ToLower(s))
}
