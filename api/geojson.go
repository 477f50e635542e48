package api

import (
	"encoding/json"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/paulmach/orb"
)

// GeoJSON is written by hand rather than through maps: the property order
// stays as declared, the output is byte-identical for identical data (so
// both stores give the same answer and ETags are stable), and encoding all
// cells costs a fraction of encoding/json's time.

// prop is one feature property; props keep their declared order.
type prop struct {
	key string
	val any
}

type props []prop

// only returns the properties named in keep, in declared order; nil keeps all.
func (ps props) only(keep map[string]bool) props {
	if keep == nil {
		return ps
	}
	out := make(props, 0, len(keep))
	for _, p := range ps {
		if keep[p.key] {
			out = append(out, p)
		}
	}
	return out
}

// feature is what the encoder needs of one GeoJSON feature.
type feature struct {
	id    any // string or int64
	geom  orb.Geometry
	props props
}

// appendFeatureCollection writes a FeatureCollection; extra members (links,
// numberMatched, ...) come after "features" in the order given.
func appendFeatureCollection(b []byte, fs []feature, extra props) []byte {
	b = append(b, `{"type":"FeatureCollection","features":[`...)
	for i, f := range fs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendFeature(b, f, nil)
	}
	b = append(b, ']')
	return append(appendMembers(b, extra), '}')
}

// appendMembers writes ps as further members of an object being written.
func appendMembers(b []byte, ps props) []byte {
	for _, p := range ps {
		b = append(b, ',')
		b = appendString(b, p.key)
		b = append(b, ':')
		b = appendValue(b, p.val)
	}
	return b
}

// appendFeature writes one Feature, with extra top-level members after it.
func appendFeature(b []byte, f feature, extra props) []byte {
	b = append(b, `{"type":"Feature","id":`...)
	b = appendValue(b, f.id)
	b = append(b, `,"geometry":`...)
	b = appendGeometry(b, f.geom)
	b = append(b, `,"properties":`...)
	b = appendProps(b, f.props)
	return append(appendMembers(b, extra), '}')
}

// appendProps writes ps as a JSON object.
func appendProps(b []byte, ps props) []byte {
	if len(ps) == 0 {
		return append(b, "{}"...)
	}
	start := len(b)
	b = appendMembers(b, ps)
	b[start] = '{' // in place of the first member's comma
	return append(b, '}')
}

// appendGeometry writes Points and Polygons, the only geometries gridmap
// stores; anything else encodes as null.
func appendGeometry(b []byte, g orb.Geometry) []byte {
	switch g := g.(type) {
	case orb.Point:
		b = append(b, `{"type":"Point","coordinates":`...)
		b = appendPoint(b, g)
	case orb.Polygon:
		b = append(b, `{"type":"Polygon","coordinates":[`...)
		for i, r := range g {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, '[')
			for j, p := range r {
				if j > 0 {
					b = append(b, ',')
				}
				b = appendPoint(b, p)
			}
			b = append(b, ']')
		}
		b = append(b, ']')
	default:
		return append(b, "null"...)
	}
	return append(b, '}')
}

func appendPoint(b []byte, p orb.Point) []byte {
	b = append(b, '[')
	b = strconv.AppendFloat(b, p[0], 'f', -1, 64)
	b = append(b, ',')
	b = strconv.AppendFloat(b, p[1], 'f', -1, 64)
	return append(b, ']')
}

// appendValue writes the value types properties use; anything else goes
// through encoding/json.
func appendValue(b []byte, v any) []byte {
	switch v := v.(type) {
	case nil:
		return append(b, "null"...)
	case string:
		return appendString(b, v)
	case int:
		return strconv.AppendInt(b, int64(v), 10)
	case int64:
		return strconv.AppendInt(b, v, 10)
	case float64:
		return strconv.AppendFloat(b, v, 'f', -1, 64)
	case bool:
		return strconv.AppendBool(b, v)
	case time.Time:
		return appendString(b, v.UTC().Format(time.RFC3339))
	case *time.Time:
		if v == nil {
			return append(b, "null"...)
		}
		return appendString(b, v.UTC().Format(time.RFC3339))
	case orb.Point:
		return appendPoint(b, v)
	case props:
		return appendProps(b, v)
	case json.RawMessage:
		return append(b, v...)
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return append(b, "null"...)
	}
	return append(b, raw...)
}

const hexDigits = "0123456789abcdef"

// appendString writes s as a JSON string, replacing invalid UTF-8 as
// encoding/json does.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c < 0x20:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
		default:
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}
