package geofile

import (
	"encoding/binary"
	"math"
	"strings"

	"github.com/paulmach/orb"

	"gridmap/data"
)

// Shape types of the ESRI Shapefile Technical Description (1998).
const (
	shpNull       = 0
	shpPolygon    = 5
	shpPolygonZ   = 15
	shpPolygonM   = 25
	shpHeaderSize = 100
)

// shapeKinds names the shape types that are not polygons.
var shapeKinds = map[int32]string{
	1: "Point", 3: "LineString", 8: "MultiPoint",
	11: "Point", 13: "LineString", 18: "MultiPoint",
	21: "Point", 23: "LineString", 28: "MultiPoint",
	31: "MultiPatch",
}

// shpRecord is one record of a .shp: where it starts and its content.
type shpRecord struct {
	offset  int // of its header, in bytes
	content []byte
}

// readShapefile reads the layer of the .shp named shp in set, with its .shx,
// .dbf, .prj and .cpg. file names the upload in errors about the set.
func readShapefile(file string, set fileSet, shp string, opt Options) (*Layer, error) {
	need := func(ext string) ([]byte, string, error) {
		n := sibling(set, shp, ext)
		if n == "" {
			return nil, "", data.FieldErrorf("file", "%s: the %s file is missing; a shapefile needs its .shp, .shx and .dbf together.", set.display(shp), ext)
		}
		b, err := set.read(n)
		return b, set.display(n), err
	}
	shpBytes, err := set.read(shp)
	if err != nil {
		return nil, err
	}
	shpName := set.display(shp)
	shxBytes, shxName, err := need(".shx")
	if err != nil {
		return nil, err
	}
	dbfBytes, dbfName, err := need(".dbf")
	if err != nil {
		return nil, err
	}
	records, err := parseSHP(shpName, shpBytes)
	if err != nil {
		return nil, err
	}
	if err := checkSHX(shxName, shxBytes, records); err != nil {
		return nil, err
	}
	table, err := parseDBF(dbfName, dbfBytes)
	if err != nil {
		return nil, err
	}
	if len(table.records) != len(records) {
		return nil, data.FieldErrorf("file", "%s holds %d records, its .shp %d shapes; they must be as many.", dbfName, len(table.records), len(records))
	}
	l := &Layer{Format: "shp", Name: stem(shp)}
	if n := sibling(set, shp, ".prj"); n != "" {
		b, err := set.read(n)
		if err != nil {
			return nil, err
		}
		l.SRS.WKT = strings.TrimSpace(string(b))
	}
	enc, err := shapefileEncoding(set, shp, table, opt)
	if err != nil {
		return nil, err
	}
	l.Encoding = enc.name
	if l.Fields, err = table.decodeNames(dbfName, enc); err != nil {
		return nil, err
	}
	for i, rec := range records {
		if table.records[i] == nil {
			continue // deleted in the .dbf
		}
		g, err := decodeShape(shpName, i+1, rec.content)
		if err != nil {
			return nil, err
		}
		attrs, err := table.attrs(dbfName, i, l.Fields, enc)
		if err != nil {
			return nil, err
		}
		l.Features = append(l.Features, Feature{Index: i + 1, Attrs: attrs, Geometry: g})
	}
	return l, nil
}

// shapefileEncoding picks the attributes' encoding: the option, else the
// .cpg, else a guess from the bytes.
func shapefileEncoding(set fileSet, shp string, t *dbfTable, opt Options) (textEncoding, error) {
	if opt.Encoding != "" {
		enc, ok := lookupEncoding(opt.Encoding)
		if !ok {
			return enc, data.FieldErrorf("encoding", "The encoding %q is not one gridmap knows; use UTF-8, GBK or GB18030.", opt.Encoding)
		}
		return enc, nil
	}
	if n := sibling(set, shp, ".cpg"); n != "" {
		b, err := set.read(n)
		if err != nil {
			return textEncoding{}, err
		}
		if name := strings.TrimSpace(strings.TrimPrefix(string(b), bom)); name != "" {
			enc, ok := lookupEncoding(name)
			if !ok {
				return enc, data.FieldErrorf("encoding", "%s names the encoding %q, which gridmap does not know; give one (UTF-8, GBK or GB18030) with the encoding option.", set.display(n), name)
			}
			return enc, nil
		}
	}
	return t.guessEncoding(), nil
}

// parseSHP splits a .shp into its records, checking the header and that
// every record lies within the file.
func parseSHP(file string, b []byte) ([]shpRecord, error) {
	if len(b) < shpHeaderSize || binary.BigEndian.Uint32(b[0:4]) != 9994 {
		return nil, data.FieldErrorf("file", "%s is not a shapefile (.shp): its header is missing or damaged.", file)
	}
	declared := int64(binary.BigEndian.Uint32(b[24:28])) * 2
	if declared > int64(len(b)) {
		return nil, data.FieldErrorf("file", "%s is cut short: its header announces %d bytes, the file has %d.", file, declared, len(b))
	}
	if declared < shpHeaderSize {
		return nil, data.FieldErrorf("file", "%s is not a shapefile (.shp): its header is missing or damaged.", file)
	}
	b = b[:declared]
	var out []shpRecord
	for p := shpHeaderSize; p < len(b); {
		n := len(out) + 1
		if n > MaxFeatures {
			return nil, data.FieldErrorf("file", "%s holds more than %d shapes; a layer may hold at most that.", file, MaxFeatures)
		}
		if p+8 > len(b) {
			return nil, data.FieldErrorf("file", "%s, feature %d: the record breaks off at byte %d.", file, n, len(b))
		}
		size := int(binary.BigEndian.Uint32(b[p+4:p+8])) * 2
		if size < 4 || size > len(b)-p-8 {
			return nil, data.FieldErrorf("file", "%s, feature %d: the record breaks off at byte %d.", file, n, len(b))
		}
		out = append(out, shpRecord{offset: p, content: b[p+8 : p+8+size]})
		p += 8 + size
	}
	return out, nil
}

// checkSHX checks that the index lists exactly the records of the .shp.
func checkSHX(file string, b []byte, records []shpRecord) error {
	if len(b) < shpHeaderSize || binary.BigEndian.Uint32(b[0:4]) != 9994 || (len(b)-shpHeaderSize)%8 != 0 {
		return data.FieldErrorf("file", "%s is not a shapefile index (.shx): its header is missing or its length is wrong.", file)
	}
	if n := (len(b) - shpHeaderSize) / 8; n != len(records) {
		return data.FieldErrorf("file", "%s lists %d records, its .shp holds %d; the index does not match.", file, n, len(records))
	}
	for i, r := range records {
		e := b[shpHeaderSize+8*i:]
		offset := int(binary.BigEndian.Uint32(e[0:4])) * 2
		size := int(binary.BigEndian.Uint32(e[4:8])) * 2
		if offset != r.offset || size != len(r.content) {
			return data.FieldErrorf("file", "%s, feature %d: the index places the record at byte %d, the .shp has it at byte %d.", file, i+1, offset, r.offset)
		}
	}
	return nil
}

// decodeShape decodes the content of one record, which must be a polygon.
func decodeShape(file string, n int, c []byte) (orb.Geometry, error) {
	typ := int32(binary.LittleEndian.Uint32(c[0:4]))
	switch typ {
	case shpPolygon, shpPolygonZ, shpPolygonM:
	case shpNull:
		return nil, data.FieldErrorf("file", "%s, feature %d has no geometry.", file, n)
	default:
		kind, ok := shapeKinds[typ]
		if !ok {
			return nil, data.FieldErrorf("file", "%s, feature %d has the unknown shape type %d.", file, n, typ)
		}
		return nil, notPolygon(file, n, kind)
	}
	if len(c) < 44 {
		return nil, data.FieldErrorf("file", "%s, feature %d: the record is too short for its %d parts and %d points.", file, n, 0, 0)
	}
	parts := int64(binary.LittleEndian.Uint32(c[36:40]))
	points := int64(binary.LittleEndian.Uint32(c[40:44]))
	if parts < 1 || 44+4*parts+16*points > int64(len(c)) {
		return nil, data.FieldErrorf("file", "%s, feature %d: the record is too short for its %d parts and %d points.", file, n, parts, points)
	}
	starts := make([]int, parts+1)
	for i := range parts {
		starts[i] = int(binary.LittleEndian.Uint32(c[44+4*i:]))
	}
	starts[parts] = int(points)
	at := 44 + 4*int(parts)
	point := func(i int) orb.Point {
		p := c[at+16*i:]
		return orb.Point{
			math.Float64frombits(binary.LittleEndian.Uint64(p[0:8])),
			math.Float64frombits(binary.LittleEndian.Uint64(p[8:16])),
		}
	}
	rings := make([]orb.Ring, parts)
	for i := range rings {
		from, to := starts[i], starts[i+1]
		if from < 0 || from > to || to > int(points) || (i == 0 && from != 0) {
			return nil, data.FieldErrorf("file", "%s, feature %d: ring %d starts at point %d, outside its record.", file, n, i+1, from)
		}
		r := make(orb.Ring, to-from)
		for k := range r {
			r[k] = point(from + k)
		}
		if err := checkRing(file, n, i+1, r); err != nil {
			return nil, err
		}
		rings[i] = r
	}
	return assembleRings(rings), nil
}
