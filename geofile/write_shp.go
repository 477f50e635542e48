package geofile

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/binary"
	"io"
	"math"
	"os"
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

// shpPoint is the shape type of points.
const shpPoint = 1

// shpWriter writes a zip of NAME.shp, .shx, .dbf, .prj (when the SRS has
// a WKT, or is one of knownWKT) and a .cpg saying UTF-8. Every field is
// text; names longer than dBASE allows are cut (at a character) and made
// unique (DBFNames), and values longer than 254 bytes are cut, as GDAL
// does. Records go to a temporary .shp body and the attributes to a
// spool file as they come, since the headers need the bounds, the count
// and each field's widest value; Close assembles the zip.
type shpWriter struct {
	w           io.Writer
	s           Schema
	body, spool *os.File
	bodyW       *bufio.Writer
	spoolW      *bufio.Writer
	index       []int32 // offset and length of each record, in 16-bit words
	bodyLen     int
	bound       orb.Bound
	sizes       []int
	n           int
}

func newShapefileWriter(w io.Writer, s Schema) (*shpWriter, error) {
	body, err := os.CreateTemp("", "gridmap-*.shp")
	if err != nil {
		return nil, err
	}
	spool, err := os.CreateTemp("", "gridmap-*.dbf")
	if err != nil {
		body.Close()
		os.Remove(body.Name())
		return nil, err
	}
	sizes := make([]int, len(s.Fields))
	for i := range sizes {
		sizes[i] = 1
	}
	return &shpWriter{w: w, s: s, body: body, spool: spool, bodyW: bufio.NewWriter(body), spoolW: bufio.NewWriter(spool), sizes: sizes}, nil
}

func (sw *shpWriter) feature(f Feature) error {
	var c bytes.Buffer
	le := func(v any) { binary.Write(&c, binary.LittleEndian, v) }
	b := f.Geometry.Bound()
	if p, ok := f.Geometry.(orb.Point); ok {
		le(int32(shpPoint))
		le([2]float64{p[0], p[1]})
	} else {
		// Exterior rings clockwise and holes counter-clockwise, as
		// shapefiles want them.
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
	}
	if sw.n == 0 {
		sw.bound = b
	} else {
		sw.bound = sw.bound.Union(b)
	}
	sw.n++
	sw.index = append(sw.index, int32((shpHeaderSize+sw.bodyLen)/2), int32(c.Len()/2))
	binary.Write(sw.bodyW, binary.BigEndian, [2]int32{int32(sw.n), int32(c.Len() / 2)})
	sw.bodyW.Write(c.Bytes())
	sw.bodyLen += 8 + c.Len()
	var lenBuf [binary.MaxVarintLen64]byte
	for i, k := range sw.s.Fields {
		v := cutUTF8(f.Attrs[k], dbfMaxText)
		sw.sizes[i] = max(sw.sizes[i], len(v))
		sw.spoolW.Write(lenBuf[:binary.PutUvarint(lenBuf[:], uint64(len(v)))])
		sw.spoolW.WriteString(v)
	}
	return nil
}

func (sw *shpWriter) abort() {
	for _, f := range []*os.File{sw.body, sw.spool} {
		f.Close()
		os.Remove(f.Name())
	}
}

func (sw *shpWriter) close() error {
	defer sw.abort()
	if err := sw.bodyW.Flush(); err != nil {
		return err
	}
	if err := sw.spoolW.Flush(); err != nil {
		return err
	}
	zw := zip.NewWriter(sw.w)
	member := func(ext string) (io.Writer, error) {
		return zw.CreateHeader(&zip.FileHeader{Name: sw.s.Name + ext, Method: zip.Deflate, Modified: time.Now()})
	}
	fw, err := member(".shp")
	if err != nil {
		return err
	}
	fw.Write(sw.header(shpHeaderSize + sw.bodyLen))
	if _, err := sw.body.Seek(0, io.SeekStart); err != nil {
		return err
	}
	if _, err := io.Copy(fw, sw.body); err != nil {
		return err
	}
	if fw, err = member(".shx"); err != nil {
		return err
	}
	fw.Write(sw.header(shpHeaderSize + 4*len(sw.index)))
	if err := binary.Write(fw, binary.BigEndian, sw.index); err != nil {
		return err
	}
	if fw, err = member(".dbf"); err != nil {
		return err
	}
	if err := sw.writeDBF(fw); err != nil {
		return err
	}
	if fw, err = member(".cpg"); err != nil {
		return err
	}
	fw.Write([]byte("UTF-8"))
	wkt := sw.s.SRS.WKT
	if wkt == "" {
		wkt = esriWKT[sw.s.SRS.EPSG]
	}
	if wkt != "" {
		if fw, err = member(".prj"); err != nil {
			return err
		}
		fw.Write([]byte(wkt))
	}
	return zw.Close()
}

// header is the 100-byte header of a .shp or .shx of length bytes.
func (sw *shpWriter) header(length int) []byte {
	typ := uint32(shpPolygon)
	if sw.s.Geometry == GeometryPoint {
		typ = shpPoint
	}
	h := make([]byte, shpHeaderSize)
	binary.BigEndian.PutUint32(h[0:], 9994)
	binary.BigEndian.PutUint32(h[24:], uint32(length/2))
	binary.LittleEndian.PutUint32(h[28:], 1000)
	binary.LittleEndian.PutUint32(h[32:], typ)
	for k, v := range []float64{sw.bound.Min[0], sw.bound.Min[1], sw.bound.Max[0], sw.bound.Max[1]} {
		binary.LittleEndian.PutUint64(h[36+8*k:], math.Float64bits(v))
	}
	return h
}

// writeDBF writes the spooled attributes as a dBASE III table of text
// fields in UTF-8.
func (sw *shpWriter) writeDBF(w io.Writer) error {
	names := DBFNames(sw.s.Fields)
	recordLen := 1
	for _, n := range sw.sizes {
		recordLen += n
	}
	headerLen := 32 + 32*len(names) + 1
	b := bufio.NewWriter(w)
	now := time.Now()
	b.Write([]byte{3, byte(now.Year() - 1900), byte(now.Month()), byte(now.Day())})
	binary.Write(b, binary.LittleEndian, uint32(sw.n))
	binary.Write(b, binary.LittleEndian, uint16(headerLen))
	binary.Write(b, binary.LittleEndian, uint16(recordLen))
	b.Write(make([]byte, 20))
	for i, name := range names {
		d := make([]byte, 32)
		copy(d, name)
		d[11] = 'C'
		d[16] = byte(sw.sizes[i])
		b.Write(d)
	}
	b.WriteByte(0x0d)
	if _, err := sw.spool.Seek(0, io.SeekStart); err != nil {
		return err
	}
	r := bufio.NewReader(sw.spool)
	buf := make([]byte, dbfMaxText)
	for range sw.n {
		b.WriteByte(' ')
		for _, size := range sw.sizes {
			n, err := binary.ReadUvarint(r)
			if err != nil {
				return err
			}
			if _, err := io.ReadFull(r, buf[:n]); err != nil {
				return err
			}
			b.Write(buf[:n])
			for range size - int(n) {
				b.WriteByte(' ')
			}
		}
	}
	b.WriteByte(0x1a)
	return b.Flush()
}

// DBFNames are the dBASE field names a shapefile gives fields: each cut
// to ten bytes at a character boundary, and when two would clash (or one
// is empty) the later one cut shorter and numbered _1, _2, ...
func DBFNames(fields []string) []string {
	used := map[string]bool{}
	names := make([]string, len(fields))
	for i, k := range fields {
		name := cutUTF8(k, dbfMaxName)
		for n := 1; used[name] || name == ""; n++ {
			suffix := "_" + strconv.Itoa(n)
			name = cutUTF8(k, dbfMaxName-len(suffix)) + suffix
		}
		used[name] = true
		names[i] = name
	}
	return names
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
