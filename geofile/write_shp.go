package geofile

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"io"
	"math"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/paulmach/orb"
)

// dbfMaxName and dbfMaxText are the longest field name and text value
// dBASE III holds, in bytes.
const (
	dbfMaxName = 10
	dbfMaxText = 254
)

// writeShapefileZip writes l as a zip of NAME.shp, .shx, .dbf, .prj (when
// l.SRS has a WKT) and a .cpg saying UTF-8. Every field is text; names
// longer than dBASE allows are cut (at a character) and made unique, and
// values longer than 254 bytes are cut, as GDAL does.
func writeShapefileZip(w io.Writer, l *Layer) error {
	shp, shx := encodeSHP(l)
	dbf := encodeDBF(l)
	name := l.Name
	if name == "" {
		name = "layer"
	}
	files := []struct {
		ext string
		b   []byte
	}{{".shp", shp}, {".shx", shx}, {".dbf", dbf}, {".cpg", []byte("UTF-8")}}
	if l.SRS.WKT != "" {
		files = append(files, struct {
			ext string
			b   []byte
		}{".prj", []byte(l.SRS.WKT)})
	}
	zw := zip.NewWriter(w)
	for _, f := range files {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: name + f.ext, Method: zip.Deflate, Modified: time.Now()})
		if err != nil {
			return err
		}
		if _, err := fw.Write(f.b); err != nil {
			return err
		}
	}
	return zw.Close()
}

// encodeSHP writes the polygons of l as a .shp and its .shx: exterior rings
// clockwise and holes counter-clockwise, as shapefiles want them.
func encodeSHP(l *Layer) (shp, shx []byte) {
	var body, index bytes.Buffer
	bound := orb.Bound{}
	for i, f := range l.Features {
		var rings []orb.Ring
		for _, p := range polygons(f.Geometry) {
			for k, r := range p {
				r = r.Clone()
				if (k == 0) != (r.Orientation() == orb.CW) {
					r.Reverse()
				}
				rings = append(rings, r)
			}
		}
		b := f.Geometry.Bound()
		if i == 0 {
			bound = b
		} else {
			bound = bound.Union(b)
		}
		var c bytes.Buffer
		le := func(v any) { binary.Write(&c, binary.LittleEndian, v) }
		le(int32(shpPolygon))
		le([4]float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]})
		points := 0
		for _, r := range rings {
			points += len(r)
		}
		le(int32(len(rings)))
		le(int32(points))
		start := 0
		for _, r := range rings {
			le(int32(start))
			start += len(r)
		}
		for _, r := range rings {
			for _, p := range r {
				le([2]float64{p[0], p[1]})
			}
		}
		offset := shpHeaderSize + body.Len()
		binary.Write(&body, binary.BigEndian, [2]int32{int32(i + 1), int32(c.Len() / 2)})
		body.Write(c.Bytes())
		binary.Write(&index, binary.BigEndian, [2]int32{int32(offset / 2), int32(c.Len() / 2)})
	}
	header := func(length int) []byte {
		h := make([]byte, shpHeaderSize)
		binary.BigEndian.PutUint32(h[0:], 9994)
		binary.BigEndian.PutUint32(h[24:], uint32(length/2))
		binary.LittleEndian.PutUint32(h[28:], 1000)
		binary.LittleEndian.PutUint32(h[32:], shpPolygon)
		for k, v := range []float64{bound.Min[0], bound.Min[1], bound.Max[0], bound.Max[1]} {
			binary.LittleEndian.PutUint64(h[36+8*k:], math.Float64bits(v))
		}
		return h
	}
	shp = append(header(shpHeaderSize+body.Len()), body.Bytes()...)
	shx = append(header(shpHeaderSize+index.Len()), index.Bytes()...)
	return shp, shx
}

// encodeDBF writes the attributes of l as a dBASE III table of text fields
// in UTF-8.
func encodeDBF(l *Layer) []byte {
	type field struct {
		key  string // in l.Attrs
		name []byte
		size int
	}
	used := map[string]bool{}
	fields := make([]field, len(l.Fields))
	for i, k := range l.Fields {
		name := cutUTF8(k, dbfMaxName)
		for n := 1; used[name] || name == ""; n++ {
			suffix := "_" + strconv.Itoa(n)
			name = cutUTF8(k, dbfMaxName-len(suffix)) + suffix
		}
		used[name] = true
		fields[i] = field{key: k, name: []byte(name), size: 1}
		for _, f := range l.Features {
			fields[i].size = max(fields[i].size, len(cutUTF8(f.Attrs[k], dbfMaxText)))
		}
	}
	recordLen := 1
	for _, f := range fields {
		recordLen += f.size
	}
	headerLen := 32 + 32*len(fields) + 1
	var b bytes.Buffer
	now := time.Now()
	b.Write([]byte{3, byte(now.Year() - 1900), byte(now.Month()), byte(now.Day())})
	binary.Write(&b, binary.LittleEndian, uint32(len(l.Features)))
	binary.Write(&b, binary.LittleEndian, uint16(headerLen))
	binary.Write(&b, binary.LittleEndian, uint16(recordLen))
	b.Write(make([]byte, 20))
	for _, f := range fields {
		d := make([]byte, 32)
		copy(d, f.name)
		d[11] = 'C'
		d[16] = byte(f.size)
		b.Write(d)
	}
	b.WriteByte(0x0d)
	for _, feat := range l.Features {
		b.WriteByte(' ')
		for _, f := range fields {
			v := cutUTF8(feat.Attrs[f.key], dbfMaxText)
			b.WriteString(v)
			b.Write(bytes.Repeat([]byte{' '}, f.size-len(v)))
		}
	}
	b.WriteByte(0x1a)
	return b.Bytes()
}

// cutUTF8 cuts s to at most n bytes without splitting a character.
func cutUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
