package export

import (
	"io"

	"github.com/paulmach/orb"

	"gridmap/geofile"
	"gridmap/roster"
)

// column is one field of a layer: its key in a row, its name in map
// formats (ASCII, at most ten bytes; "" leaves it out of them) and its
// header in a table (for layers written as a roster sheet, the sheet's
// own headers are used and header is "").
type column struct {
	key, geo, header string
}

// sink takes the rows of a layer, keyed by column key, in one format.
type sink interface {
	write(row map[string]string, g orb.Geometry) error
	close() error
	abort()
}

// isSheet reports whether format is a table rather than a map.
func isSheet(format string) bool {
	return format == "xlsx" || format == "csv"
}

// newGeoSink writes rows as features of a map layer named name.
func newGeoSink(w io.Writer, format, name, geometry, label string, cols []column) (sink, error) {
	s := geofile.Schema{Name: name, SRS: geofile.SRS{EPSG: 4326}, Geometry: geometry, Label: label}
	var keep []column
	for _, c := range cols {
		if c.geo != "" {
			s.Fields = append(s.Fields, c.geo)
			keep = append(keep, c)
		}
	}
	fw, err := geofile.NewWriter(w, format, s)
	if err != nil {
		return nil, err
	}
	return &geoSink{w: fw, cols: keep}, nil
}

type geoSink struct {
	w    *geofile.Writer
	cols []column
}

func (s *geoSink) write(row map[string]string, g orb.Geometry) error {
	attrs := make(map[string]string, len(s.cols))
	for _, c := range s.cols {
		if v, ok := row[c.key]; ok {
			attrs[c.geo] = v
		}
	}
	return s.w.Write(geofile.Feature{Attrs: attrs, Geometry: g})
}

func (s *geoSink) close() error { return s.w.Close() }
func (s *geoSink) abort()       { s.w.Abort() }

// newTableSink writes rows as a table with the columns' headers.
func newTableSink(w io.Writer, format, sheet string, cols []column) (sink, error) {
	head := make([]string, len(cols))
	for i, c := range cols {
		head[i] = c.header
	}
	t, err := roster.NewTableWriter(w, format, sheet, head, nil)
	if err != nil {
		return nil, err
	}
	return &tableSink{t: t, cols: cols, vals: make([]string, len(cols))}, nil
}

type tableSink struct {
	t    *roster.TableWriter
	cols []column
	vals []string
}

func (s *tableSink) write(row map[string]string, _ orb.Geometry) error {
	for i, c := range s.cols {
		s.vals[i] = row[c.key]
	}
	return s.t.Write(s.vals)
}

func (s *tableSink) close() error { return s.t.Close() }
func (s *tableSink) abort()       {}

// newRosterSink writes rows, keyed by roster field, as a sheet of kind.
func newRosterSink(w io.Writer, format string, kind roster.Kind) (sink, error) {
	sw, err := roster.NewSheetWriter(w, kind, format)
	if err != nil {
		return nil, err
	}
	return &rosterSink{sw}, nil
}

type rosterSink struct{ w *roster.SheetWriter }

func (s *rosterSink) write(row map[string]string, _ orb.Geometry) error { return s.w.Write(row) }
func (s *rosterSink) close() error                                      { return s.w.Close() }
func (s *rosterSink) abort()                                            {}
