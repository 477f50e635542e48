package crs

import (
	"strconv"
	"strings"

	"gridmap/data"
)

// unsupported is the error for a system gridmap does not convert; it
// lists those it does.
func unsupported(what string) error {
	return data.FieldErrorf("srs", "The coordinate system %s is not supported; use EPSG:4326 (WGS 84), EPSG:4490 (CGCS2000), a CGCS2000 Gauss-Kruger zone (EPSG:4513-4533 with the zone number in front of the easting, EPSG:4534-4554 without it; 6-degree zones EPSG:4491-4512) or gcj02 (高德/腾讯 maps).", what)
}

// Parse reads a coordinate system a user names (the -srs flag, a form
// field): "EPSG:4527", "4527", an OGC URN or URI of an EPSG code, a zone's
// EPSG or ESRI name ("CGCS2000 / 3-degree Gauss-Kruger zone 39",
// "CGCS2000_3_Degree_GK_CM_117E", as GIS programs show them), "wgs84",
// "cgcs2000", or "gcj02" (also "高德", "腾讯", "火星"). Anything else is a
// *data.Error (field "srs") listing what is supported.
func Parse(name string) (*CRS, error) {
	s := strings.ToLower(strings.TrimSpace(name))
	if s == "" {
		return nil, data.FieldErrorf("srs", "Name a coordinate system: EPSG:4326 (WGS 84), EPSG:4490 (CGCS2000), a CGCS2000 Gauss-Kruger zone (EPSG:4491-4554) or gcj02 (高德/腾讯 maps).")
	}
	switch strings.NewReplacer(" ", "", "-", "", "_", "", ":", "").Replace(s) {
	case "wgs84", "crs84", "ogccrs84", "gps":
		return WGS84(), nil
	case "cgcs2000", "china2000", "国家2000", "2000国家大地坐标系":
		return CGCS2000(), nil
	case "gcj02", "gcj", "mars", "amap", "gaode", "tencent", "qq", "高德", "腾讯", "火星", "火星坐标", "国测局":
		return GCJ02(), nil
	}
	if c := byTitle(s); c != nil {
		return c, nil
	}
	for _, prefix := range []string{
		"epsg:", "urn:ogc:def:crs:epsg::", "urn:ogc:def:crs:epsg:0:",
		"http://www.opengis.net/def/crs/epsg/0/", "https://www.opengis.net/def/crs/epsg/0/",
	} {
		if rest, ok := strings.CutPrefix(s, prefix); ok {
			s = strings.TrimSpace(rest)
			break
		}
	}
	code, err := strconv.Atoi(s)
	if err != nil || code <= 0 {
		return nil, unsupported(strconv.Quote(strings.TrimSpace(name)))
	}
	return FromEPSG(code)
}

// byTitle returns the Gauss-Krüger zone whose EPSG title or ESRI name is
// s, compared without case, spaces, underscores, hyphens and slashes.
func byTitle(s string) *CRS {
	squeeze := strings.NewReplacer(" ", "", "_", "", "-", "", "/", "")
	key := squeeze.Replace(strings.ToLower(s))
	for code := gk6PrefixFirst; code <= gkLast; code++ {
		c := fromEPSG(code)
		if key == squeeze.Replace(strings.ToLower(c.title)) || key == squeeze.Replace(strings.ToLower(c.esriName())) {
			return c
		}
	}
	return nil
}
