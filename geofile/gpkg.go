package geofile

import (
	"context"
	"database/sql"
	"encoding/binary"
	"io"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
	_ "modernc.org/sqlite" // the GeoPackage driver

	"gridmap/data"
)

// readGPKGReader reads a GeoPackage upload: SQLite needs a file, so it is
// copied to a temporary one first.
func readGPKGReader(file string, r io.ReaderAt, size int64, opt Options) (*Layer, error) {
	tmp, err := os.CreateTemp("", "gridmap-*.gpkg")
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name())
	_, err = io.Copy(tmp, io.NewSectionReader(r, 0, size))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	return readGPKGFile(file, tmp.Name(), opt)
}

// readGPKGBytes reads a GeoPackage held in memory (a member of a zip).
func readGPKGBytes(file string, b []byte, opt Options) (*Layer, error) {
	return readGPKGReader(file, strings.NewReader(string(b)), int64(len(b)), opt)
}

// readGPKGFile reads a feature layer of the GeoPackage at path, opened
// read-only.
func readGPKGFile(file, path string, opt Options) (*Layer, error) {
	if st, err := os.Stat(path); err != nil {
		return nil, data.FieldErrorf("file", "%s cannot be opened: %s", file, errText(err))
	} else if st.Size() > opt.maxBytes() {
		return nil, data.FieldErrorf("file", "%s is larger than %d MB, the most a file may be.", file, opt.maxBytes()>>20)
	}
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?mode=ro&_pragma=query_only(1)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	notGPKG := data.FieldErrorf("file", "%s is not a GeoPackage: it is not an SQLite file with gpkg_contents and gpkg_geometry_columns.", file)

	type layer struct {
		table, column string
		srsID         int64
	}
	rows, err := db.QueryContext(ctx, `SELECT c.table_name, g.column_name, g.srs_id
		FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
		WHERE c.data_type = 'features' ORDER BY c.table_name`)
	if err != nil {
		return nil, notGPKG
	}
	var layers []layer
	var names []string
	for rows.Next() {
		var x layer
		if err := rows.Scan(&x.table, &x.column, &x.srsID); err != nil {
			rows.Close()
			return nil, notGPKG
		}
		layers = append(layers, x)
		names = append(names, x.table)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, notGPKG
	}
	if len(layers) == 0 {
		return nil, data.FieldErrorf("file", "%s holds no feature layer.", file)
	}
	name, err := pickLayer(file, names, opt.Layer)
	if err != nil {
		return nil, err
	}
	var lay layer
	for _, x := range layers {
		if x.table == name {
			lay = x
		}
	}
	l := &Layer{Format: "gpkg", Name: lay.table, Encoding: "UTF-8"}
	var org sql.NullString
	var orgID sql.NullInt64
	var def sql.NullString
	err = db.QueryRowContext(ctx, `SELECT organization, organization_coordsys_id, definition
		FROM gpkg_spatial_ref_sys WHERE srs_id = ?`, lay.srsID).Scan(&org, &orgID, &def)
	if err == nil {
		if strings.EqualFold(org.String, "EPSG") && orgID.Int64 > 0 {
			l.SRS.EPSG = int(orgID.Int64)
		}
		if d := strings.TrimSpace(def.String); d != "" && !strings.EqualFold(d, "undefined") {
			l.SRS.WKT = d
		}
	}

	// The columns come from the file's own catalogue and are quoted as
	// SQLite identifiers; the primary key is the feature id, not a field.
	cols, err := db.QueryContext(ctx, `SELECT name, pk FROM pragma_table_info(?) ORDER BY cid`, lay.table)
	if err != nil {
		return nil, notGPKG
	}
	var selected []string
	pk := ""
	for cols.Next() {
		var c string
		var k int
		if err := cols.Scan(&c, &k); err != nil {
			cols.Close()
			return nil, notGPKG
		}
		switch {
		case k == 1 && pk == "":
			pk = c
		case c != lay.column:
			l.Fields = append(l.Fields, c)
		}
	}
	cols.Close()
	selected = append(selected, quoteIdent(lay.column))
	for _, c := range l.Fields {
		selected = append(selected, quoteIdent(c))
	}
	order := "rowid"
	if pk != "" {
		order = quoteIdent(pk)
	}
	var count int64
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM "+quoteIdent(lay.table)).Scan(&count); err != nil {
		return nil, notGPKG
	}
	if count > MaxFeatures {
		return nil, data.FieldErrorf("file", "%s holds %d records; a layer may hold at most %d.", file, count, MaxFeatures)
	}
	rows, err = db.QueryContext(ctx, "SELECT "+strings.Join(selected, ", ")+" FROM "+quoteIdent(lay.table)+" ORDER BY "+order)
	if err != nil {
		return nil, notGPKG
	}
	defer rows.Close()
	vals := make([]any, len(selected))
	ptrs := make([]any, len(selected))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for n := 1; rows.Next(); n++ {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, notGPKG
		}
		blob, _ := vals[0].([]byte)
		if vals[0] == nil {
			return nil, data.FieldErrorf("file", "%s, feature %d has no geometry.", file, n)
		}
		g, err := decodeGPKGGeometry(file, n, blob)
		if err != nil {
			return nil, err
		}
		f := Feature{Index: n, Attrs: map[string]string{}, Geometry: g}
		for i, c := range l.Fields {
			if s, ok := sqlText(vals[i+1]); ok {
				f.Attrs[c] = s
			}
		}
		l.Features = append(l.Features, f)
	}
	if err := rows.Err(); err != nil {
		return nil, notGPKG
	}
	return l, nil
}

// quoteIdent quotes an SQLite identifier.
func quoteIdent(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// sqlText renders a column value as attribute text; false for NULL.
func sqlText(v any) (string, bool) {
	switch v := v.(type) {
	case nil:
		return "", false
	case string:
		return v, true
	case []byte:
		return string(v), true
	case int64:
		return strconv.FormatInt(v, 10), true
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), true
	case bool:
		return strconv.FormatBool(v), true
	case time.Time:
		if v.Hour() == 0 && v.Minute() == 0 && v.Second() == 0 && v.Nanosecond() == 0 {
			return v.Format(time.DateOnly), true
		}
		return v.Format(time.RFC3339), true
	}
	return "", false
}

// GeoPackage geometry blob flags (GeoPackage 1.3, clause 2.1.3).
const (
	gpkgLittleEndian = 1 << 0
	gpkgEmpty        = 1 << 4
	gpkgExtended     = 1 << 5
)

// gpkgEnvelopeSizes are the envelope sizes in bytes by envelope code.
var gpkgEnvelopeSizes = [8]int{0, 32, 48, 48, 64, -1, -1, -1}

// decodeGPKGGeometry decodes a GeoPackage geometry blob of feature n: the
// "GP" header, then the geometry as WKB, which must be a polygon.
func decodeGPKGGeometry(file string, n int, b []byte) (orb.Geometry, error) {
	damaged := data.FieldErrorf("file", "%s, feature %d: the geometry is damaged.", file, n)
	if len(b) < 8 || b[0] != 'G' || b[1] != 'P' {
		return nil, damaged
	}
	flags := b[3]
	env := gpkgEnvelopeSizes[(flags>>1)&7]
	if env < 0 || flags&gpkgExtended != 0 || len(b) < 8+env {
		return nil, damaged
	}
	if flags&gpkgEmpty != 0 {
		return nil, data.FieldErrorf("file", "%s, feature %d has no geometry.", file, n)
	}
	w := b[8+env:]
	if len(w) < 5 || w[0] > 1 {
		return nil, damaged
	}
	var typ uint32
	if w[0] == 1 {
		typ = binary.LittleEndian.Uint32(w[1:5])
	} else {
		typ = binary.BigEndian.Uint32(w[1:5])
	}
	kind := (typ & 0xffff) % 1000 // ISO Z/M/ZM add 1000s, EWKB sets high bits
	switch kind {
	case 3, 6:
	case 1, 4:
		return nil, notPolygon(file, n, "Point")
	case 2, 5:
		return nil, notPolygon(file, n, "LineString")
	case 7:
		return nil, notPolygon(file, n, "GeometryCollection")
	default:
		return nil, damaged
	}
	if typ != kind {
		w = flattenWKB(w)
		if w == nil {
			return nil, damaged
		}
	}
	g, err := wkb.Unmarshal(w)
	if err != nil {
		return nil, damaged
	}
	return checkPolygons(file, n, g)
}
