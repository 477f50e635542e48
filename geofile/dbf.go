package geofile

import (
	"bytes"
	"encoding/binary"
	"strconv"
	"strings"
	"unicode/utf8"

	"gridmap/data"
)

// dbfField is one field descriptor of a dBASE table.
type dbfField struct {
	name   []byte // raw, in the table's encoding
	typ    byte
	offset int // within a record, after the deletion flag
	length int
}

// dbfTable is a parsed dBASE III table: its fields and raw records.
type dbfTable struct {
	fields  []dbfField
	records [][]byte // each without its deletion flag; nil when deleted
	ldid    byte     // language driver id, a code page hint
}

// parseDBF reads the header, the field descriptors and the records of a
// .dbf, refusing a header or a record count the file cannot hold.
func parseDBF(file string, b []byte) (*dbfTable, error) {
	if len(b) < 33 {
		return nil, data.FieldErrorf("file", "%s is not a dBASE table (.dbf): its header is damaged.", file)
	}
	count := int64(binary.LittleEndian.Uint32(b[4:8]))
	headerLen := int(binary.LittleEndian.Uint16(b[8:10]))
	recordLen := int(binary.LittleEndian.Uint16(b[10:12]))
	if headerLen < 33 || headerLen > len(b) || recordLen < 1 {
		return nil, data.FieldErrorf("file", "%s is not a dBASE table (.dbf): its header is damaged.", file)
	}
	t := &dbfTable{ldid: b[29]}
	offset := 0
	for p := 32; p+32 <= headerLen && b[p] != 0x0d; p += 32 {
		d := b[p : p+32]
		name := d[:11]
		if i := bytes.IndexByte(name, 0); i >= 0 {
			name = name[:i]
		}
		f := dbfField{name: bytes.TrimSpace(name), typ: d[11], offset: offset, length: int(d[16])}
		if f.typ == 'C' {
			f.length += int(d[17]) << 8 // long character fields (Clipper, GDAL)
		}
		offset += f.length
		t.fields = append(t.fields, f)
	}
	if 1+offset > recordLen {
		return nil, data.FieldErrorf("file", "%s is not a dBASE table (.dbf): its header is damaged.", file)
	}
	if count > MaxFeatures {
		return nil, data.FieldErrorf("file", "%s holds %d records; a layer may hold at most %d.", file, count, MaxFeatures)
	}
	if int64(headerLen)+count*int64(recordLen) > int64(len(b)) {
		held := (len(b) - headerLen) / recordLen
		return nil, data.FieldErrorf("file", "%s is cut short: its header announces %d records, the file holds %d.", file, count, held)
	}
	t.records = make([][]byte, count)
	for i := range t.records {
		rec := b[headerLen+i*recordLen : headerLen+(i+1)*recordLen]
		if rec[0] == '*' {
			continue
		}
		t.records[i] = rec[1:]
	}
	return t, nil
}

// guessEncoding picks the encoding of a table without .cpg: CP936 when its
// language driver id says so, else UTF-8 when every name and value is valid
// UTF-8, else GB18030, which decodes GBK and GB2312 too.
func (t *dbfTable) guessEncoding() textEncoding {
	if t.ldid == 0x4d {
		e, _ := lookupEncoding("CP936")
		return e
	}
	valid := true
	for _, f := range t.fields {
		valid = valid && utf8.Valid(cutShort(f.name, utf8Encoding))
	}
	for _, r := range t.records {
		valid = valid && utf8.Valid(r)
	}
	if valid {
		return utf8Encoding
	}
	e, _ := lookupEncoding("GB18030")
	return e
}

// decodeNames returns the field names in enc.
func (t *dbfTable) decodeNames(file string, enc textEncoding) ([]string, error) {
	names := make([]string, len(t.fields))
	for i, f := range t.fields {
		s, ok := enc.decode(cutShort(f.name, enc))
		if !ok {
			return nil, data.FieldErrorf("file", "%s, field %d: its name is not valid %s text; give the encoding.", file, i+1, enc.name)
		}
		names[i] = s
	}
	return names, nil
}

// cutShort returns a field name without the partial character at its end
// that a writer cutting names at dBASE's 10 bytes leaves: GDAL writes
// 网格编码, 12 bytes in UTF-8, as 网格编 and a third of 码. A name that is
// not cut, or wrong elsewhere, is returned as it is.
func cutShort(name []byte, enc textEncoding) []byte {
	if len(name) < 10 {
		return name
	}
	if _, ok := enc.decode(name); ok {
		return name
	}
	for k := 1; k <= 3 && k < len(name); k++ {
		head, tail := name[:len(name)-k], name[len(name)-k:]
		if enc.enc == nil && (!utf8.RuneStart(tail[0]) || utf8.FullRune(tail)) {
			continue // not the start of a UTF-8 character cut short
		}
		if _, ok := enc.decode(head); ok {
			return head
		}
	}
	return name
}

// attrs decodes record i (from 0) in enc: text trimmed, empty values left
// out as nulls.
func (t *dbfTable) attrs(file string, i int, names []string, enc textEncoding) (map[string]string, error) {
	rec := t.records[i]
	m := make(map[string]string, len(t.fields))
	for j, f := range t.fields {
		raw := rec[f.offset : f.offset+f.length]
		if k := bytes.IndexByte(raw, 0); k >= 0 {
			raw = raw[:k]
		}
		s, ok := enc.decode(bytes.TrimSpace(raw))
		if !ok {
			return nil, data.FieldErrorf("file", "%s, feature %d, field %s: the text is not valid %s; give the encoding.", file, i+1, names[j], enc.name)
		}
		s = strings.TrimSpace(s)
		if s == "" || (f.typ == 'N' || f.typ == 'F') && strings.Trim(s, "*") == "" {
			continue
		}
		if (f.typ == 'N' || f.typ == 'F') && strings.Contains(s, ".") {
			if v, err := strconv.ParseFloat(s, 64); err == nil {
				s = strconv.FormatFloat(v, 'f', -1, 64) // 35.250000 as 35.25
			}
		}
		m[names[j]] = s
	}
	return m, nil
}
