package geofile

import (
	"encoding/binary"
	"math"
)

// flattenWKB rewrites a Polygon or MultiPolygon in WKB with Z and/or M
// values (ISO types 1003, 2003, 3003, ...; EWKB flag bits, with or without
// an SRID) as a plain 2D little-endian WKB, which orb decodes. It returns
// nil for anything else or for a blob that breaks off.
func flattenWKB(w []byte) []byte {
	var out []byte
	rest, ok := flattenGeom(w, &out, 0)
	if !ok || len(rest) != 0 {
		return nil
	}
	return out
}

// flattenGeom appends the 2D form of the geometry at the start of w to out
// and returns what follows it.
func flattenGeom(w []byte, out *[]byte, level int) ([]byte, bool) {
	if len(w) < 5 || w[0] > 1 || level > 1 {
		return nil, false
	}
	var order binary.ByteOrder = binary.BigEndian
	if w[0] == 1 {
		order = binary.LittleEndian
	}
	typ := order.Uint32(w[1:5])
	w = w[5:]
	dims := 2
	if typ&0x80000000 != 0 {
		dims++
	}
	if typ&0x40000000 != 0 {
		dims++
	}
	if typ&0x20000000 != 0 { // EWKB SRID
		if len(w) < 4 {
			return nil, false
		}
		w = w[4:]
	}
	base := typ & 0x0fffffff
	switch base / 1000 {
	case 1, 2:
		dims++
	case 3:
		dims += 2
	}
	base %= 1000
	count := func() (int, bool) {
		if len(w) < 4 {
			return 0, false
		}
		n := int(order.Uint32(w))
		w = w[4:]
		return n, n >= 0 && n <= len(w)
	}
	put := func(v uint32) { *out = binary.LittleEndian.AppendUint32(*out, v) }
	*out = append(*out, 1)
	switch base {
	case 3:
		put(3)
		rings, ok := count()
		if !ok {
			return nil, false
		}
		put(uint32(rings))
		for range rings {
			pts, ok := count()
			if !ok || pts > len(w)/(8*dims) {
				return nil, false
			}
			put(uint32(pts))
			for range pts {
				for d := range 2 {
					v := math.Float64frombits(order.Uint64(w[8*d:]))
					*out = binary.LittleEndian.AppendUint64(*out, math.Float64bits(v))
				}
				w = w[8*dims:]
			}
		}
		return w, true
	case 6:
		put(6)
		polys, ok := count()
		if !ok {
			return nil, false
		}
		put(uint32(polys))
		for range polys {
			var ok bool
			if w, ok = flattenGeom(w, out, level+1); !ok {
				return nil, false
			}
		}
		return w, true
	}
	return nil, false
}
