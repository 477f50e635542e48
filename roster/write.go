package roster

import (
	"encoding/csv"
	"io"

	"github.com/xuri/excelize/v2"

	"gridmap/data"
)

// SheetWriter writes records in the layout of a kind's template (its
// Chinese headers, its column order), as .xlsx or CSV, so that reading
// the file back gives the same records; see TableWriter.
type SheetWriter struct {
	t    *TableWriter
	cols []column
	strs []string
}

// NewSheetWriter starts a sheet of kind in format ("xlsx" or "csv") on w
// and writes its header row.
func NewSheetWriter(w io.Writer, kind Kind, format string) (*SheetWriter, error) {
	cols, ok := columns[kind]
	if !ok {
		return nil, data.Errorf(data.EINVALID, "There is no sheet of %q; the kinds are residents, staff and incidents.", string(kind))
	}
	head := make([]string, len(cols))
	text := make([]bool, len(cols))
	for i, c := range cols {
		head[i] = c.header
		text[i] = textFields[c.field] || c.field == "address" || c.field == "summary"
	}
	t, err := NewTableWriter(w, format, sheetNames[kind], head, text)
	if err != nil {
		return nil, err
	}
	return &SheetWriter{t: t, cols: cols, strs: make([]string, len(cols))}, nil
}

// Write writes one row: the value of each field (see Fields); missing
// fields are empty, fields the kind has not are ignored.
func (s *SheetWriter) Write(row map[string]string) error {
	for i, c := range s.cols {
		s.strs[i] = row[c.field]
	}
	return s.t.Write(s.strs)
}

// Close finishes the sheet.
func (s *SheetWriter) Close() error {
	return s.t.Close()
}

// TableWriter writes a table of text as .xlsx or CSV, a row as it comes:
// the .xlsx through excelize's stream writer, every cell as text (so that
// identity numbers keep their digits), the header bold and frozen; the
// CSV in UTF-8 with a byte-order mark, which Excel needs to show Chinese.
type TableWriter struct {
	w     io.Writer
	csv   *csv.Writer
	xlsx  *excelize.File
	sw    *excelize.StreamWriter
	text  int
	row   int
	cells []any
}

// NewTableWriter starts a table in format ("xlsx" or "csv") on w, its
// sheet named sheet, and writes the header row; wide marks the columns
// given a wider width.
func NewTableWriter(w io.Writer, format, sheet string, head []string, wide []bool) (*TableWriter, error) {
	t := &TableWriter{w: w, cells: make([]any, len(head))}
	switch format {
	case "csv":
		if _, err := w.Write(utf8BOM); err != nil {
			return nil, err
		}
		t.csv = csv.NewWriter(w)
		return t, t.csv.Write(head)
	case "xlsx":
		t.xlsx = excelize.NewFile()
		if err := t.xlsx.SetSheetName("Sheet1", sheet); err != nil {
			return nil, err
		}
		var err error
		if t.sw, err = t.xlsx.NewStreamWriter(sheet); err != nil {
			return nil, err
		}
		bold, err := t.xlsx.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, NumFmt: 49})
		if err != nil {
			return nil, err
		}
		if t.text, err = t.xlsx.NewStyle(&excelize.Style{NumFmt: 49}); err != nil {
			return nil, err
		}
		for i := range head {
			width := 12.0
			if i < len(wide) && wide[i] {
				width = 22
			}
			if err := t.sw.SetColWidth(i+1, i+1, width); err != nil {
				return nil, err
			}
		}
		if err := t.sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return nil, err
		}
		for i, h := range head {
			t.cells[i] = excelize.Cell{StyleID: bold, Value: h}
		}
		t.row = 1
		return t, t.sw.SetRow("A1", t.cells)
	}
	return nil, data.FieldErrorf("format", "The format %q is not a sheet format; use xlsx or csv.", format)
}

// Write writes one row, a value per header.
func (t *TableWriter) Write(row []string) error {
	if t.csv != nil {
		return t.csv.Write(row)
	}
	t.row++
	for i, v := range row {
		t.cells[i] = excelize.Cell{StyleID: t.text, Value: v}
	}
	return t.sw.SetRow(cellName(1, t.row), t.cells)
}

// Close finishes the table: flushes the CSV, or writes the workbook.
func (t *TableWriter) Close() error {
	if t.csv != nil {
		t.csv.Flush()
		return t.csv.Error()
	}
	defer t.xlsx.Close()
	if err := t.sw.Flush(); err != nil {
		return err
	}
	_, err := t.xlsx.WriteTo(t.w)
	return err
}
