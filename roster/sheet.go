package roster

import (
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"gridmap/data"
)

// Options say how to read a sheet and what to check it against.
type Options struct {
	Sheet string // the worksheet of an .xlsx; "" is the first
	// Name is the file's name, when known: a file named .xlsx whose bytes
	// are no workbook is refused as such rather than read as CSV.
	Name  string
	Map   map[string]string // header -> field overrides (ParseMap)
	Cells []data.Cell       // the town's cells, with units and geometry
	// Locate gives the cell of a point; without it rows with coordinates
	// are refused.
	Locate Locator
	// SkipInvalid leaves invalid rows out (and, in a residents sheet, the
	// whole household of an invalid row) and returns the rest; without it
	// a sheet with any invalid row yields no records at all, so that
	// nothing is written while any row is wrong.
	SkipInvalid bool
	// IncidentTypes are the types a ledger row may have; nil means
	// domain.DefaultIncidentTypes.
	IncidentTypes []data.IncidentType
	Today         time.Time      // birth dates after it are refused; zero means now
	Progress      func(rows int) // called every 1,000 rows read, and at the end
}

// RowError is what is wrong with one row: the row as the sheet numbers it
// (the header is row 1) and the column by its header in the file, "" for
// the row as a whole.
type RowError struct {
	Row    int
	Column string
	Err    *data.Error
}

func (e RowError) Error() string {
	if e.Column == "" {
		return "row " + itoa(e.Row) + ": " + e.Err.Message
	}
	return "row " + itoa(e.Row) + ", " + e.Column + ": " + e.Err.Message
}

// Counts sum up a read sheet.
type Counts struct {
	Rows    int // data rows read (blank rows not counted)
	Valid   int // rows without errors
	Invalid int // rows with at least one error
	Skipped int // rows left out with SkipInvalid (invalid rows and their households)
}

// Report is what reading a sheet found besides its records.
type Report struct {
	Unknown []string   // headers that map to no field: reported, not read
	Errors  []RowError // in row order
	Skipped []int      // the rows left out with SkipInvalid, ascending
	Counts
	columns map[string]string // field -> its header in the sheet
}

// OK reports whether every row is valid.
func (r *Report) OK() bool { return len(r.Errors) == 0 }

// Column returns the header the sheet gives a field (username, cell, ...),
// for errors found after reading: when a store refuses what a row asks.
func (r *Report) Column(field string) string { return r.columns[field] }

// row is one data row under its layout.
type row struct {
	n     int
	cells []string
	l     *layout
	kind  Kind
	errs  []RowError
}

// get returns the trimmed cell of a field, "" when the sheet has no such
// column or the row is short.
func (r *row) get(field string) string {
	i, ok := r.l.index[field]
	if !ok || i >= len(r.cells) {
		return ""
	}
	return strings.TrimSpace(r.cells[i])
}

// cell returns the text of the cell column, from the second cell
// column when the first is empty; when both are filled they must name the
// same cell.
func (r *row) cell(pl *places) string {
	a := r.get("cell")
	j, ok := r.l.second["cell"]
	if !ok || j >= len(r.cells) || strings.TrimSpace(r.cells[j]) == "" {
		return a
	}
	b := strings.TrimSpace(r.cells[j])
	if a == "" {
		return b
	}
	ca, errA := pl.cell(r.col("cell"), a)
	cb, errB := pl.cell(strings.TrimSpace(r.l.headers[j]), b)
	if errA == nil && errB == nil && ca.Code != cb.Code {
		r.fail(data.FieldErrorf(strings.TrimSpace(r.l.headers[j]), "%s names cell %s, but %s names cell %s.", strings.TrimSpace(r.l.headers[j]), cb.Code, r.col("cell"), ca.Code))
	}
	if errA != nil && errB == nil {
		return b
	}
	return a
}

// col returns the header of a field's column as the file writes it, or
// the template's header when the sheet has no such column.
func (r *row) col(field string) string { return r.l.col(r.kind, field) }

func (l *layout) col(kind Kind, field string) string {
	if i, ok := l.index[field]; ok {
		return strings.TrimSpace(l.headers[i])
	}
	for _, c := range columns[kind] {
		if c.field == field {
			return c.header
		}
	}
	return field
}

// fail records an error; its Field names the column.
func (r *row) fail(errs ...*data.Error) {
	for _, e := range errs {
		if e != nil {
			r.errs = append(r.errs, RowError{Row: r.n, Column: e.Field, Err: e})
		}
	}
}

// scan reads the header row and then each non-blank data row, giving it
// to fn. It returns the report with unknown columns and row counts;
// row errors are collected by the caller.
func scan(src io.Reader, kind Kind, opt Options, fn func(r *row)) (*Report, *layout, error) {
	rr, err := openRows(src, opt.Sheet, opt.Name)
	if err != nil {
		return nil, nil, err
	}
	defer rr.close()
	n, cells, err := headerRow(rr)
	if err != nil {
		return nil, nil, err
	}
	l, err := mapHeaders(kind, n, cells, opt.Map)
	if err != nil {
		return nil, nil, err
	}
	rep := &Report{Unknown: l.unknown, columns: map[string]string{}}
	for _, c := range columns[kind] {
		rep.columns[c.field] = l.col(kind, c.field)
	}
	for {
		n, cells, err := rr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		if blank(cells) {
			continue
		}
		rep.Rows++
		fn(&row{n: n, cells: cells, l: l, kind: kind})
		if opt.Progress != nil && rep.Rows%1000 == 0 {
			opt.Progress(rep.Rows)
		}
	}
	if opt.Progress != nil {
		opt.Progress(rep.Rows)
	}
	return rep, l, nil
}

// headerRow reads up to the header row and returns it with its number.
func headerRow(rr rowReader) (int, []string, error) {
	for {
		n, cells, err := rr.next()
		if err == io.EOF {
			return 0, nil, data.Errorf(data.EINVALID, "The sheet is empty: it has no header row.")
		}
		if err != nil {
			return 0, nil, err
		}
		// Offices often put a title (安稳镇居民花名册) above the header:
		// a row with one filled cell, usually merged across.
		if blank(cells) || filled(cells) < 2 && n < maxTitleRows {
			continue
		}
		return n, cells, nil
	}
}

// maxTitleRows bounds the title rows above a header.
const maxTitleRows = 5

func filled(cells []string) int {
	n := 0
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			n++
		}
	}
	return n
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// finish sorts the errors, counts valid and invalid rows, and applies
// SkipInvalid: skip gives the rows to leave out beyond the invalid ones
// (a household's other rows). It reports whether records may be returned.
func (rep *Report) finish(opt Options, skip []int) bool {
	slices.SortStableFunc(rep.Errors, func(a, b RowError) int { return a.Row - b.Row })
	bad := map[int]bool{}
	for _, e := range rep.Errors {
		bad[e.Row] = true
	}
	rep.Invalid = len(bad)
	rep.Valid = rep.Rows - rep.Invalid
	if len(rep.Errors) == 0 {
		return true
	}
	if !opt.SkipInvalid {
		return false
	}
	for _, n := range skip {
		bad[n] = true
	}
	for n := range bad {
		rep.Skipped = append(rep.Skipped, n)
	}
	slices.Sort(rep.Skipped)
	rep.Counts.Skipped = len(rep.Skipped)
	return true
}

func (o Options) today() time.Time {
	if o.Today.IsZero() {
		return time.Now().In(data.CST)
	}
	return o.Today
}

func itoa(n int) string { return strconv.Itoa(n) }
