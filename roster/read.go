package roster

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"

	"gridmap/data"
)

// rowReader yields a sheet's rows one at a time, numbered as the sheet
// numbers them (the first row is 1).
type rowReader interface {
	// next returns the next row and its number, or io.EOF.
	next() (row int, cells []string, err error)
	close() error
}

// zipMagic begins every .xlsx file (a zip archive).
var zipMagic = []byte("PK\x03\x04")

// oleMagic begins an OLE2 compound file: an .xls of Excel 97-2003, or an
// encrypted .xlsx.
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// openRows opens an .xlsx (recognised by its zip signature) or a CSV file.
// sheet names the worksheet of an .xlsx; "" is the first one. A file whose
// name says .xlsx is not read as CSV.
func openRows(r io.Reader, sheet, name string) (rowReader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(len(zipMagic))
	if bytes.Equal(head, zipMagic) {
		return openXLSX(br, sheet)
	}
	if head, _ := br.Peek(len(oleMagic)); bytes.Equal(head, oleMagic) {
		return nil, data.Errorf(data.EINVALID, "The file is an old Excel 97-2003 workbook (.xls) or a password-protected one; save it as .xlsx (Excel workbook) without a password.")
	}
	if ext := strings.ToLower(path.Ext(name)); ext == ".xlsx" || ext == ".xlsm" {
		return nil, data.Errorf(data.EINVALID, "The file is named %s but is no Excel workbook; open it in Excel and save it as an .xlsx workbook.", ext)
	}
	return openCSV(br)
}

type xlsxRows struct {
	f     *excelize.File
	rows  *excelize.Rows
	n     int
	shown bool // cells as the sheet shows them (number formats applied), not as stored
}

func openXLSX(r io.Reader, sheet string) (rowReader, error) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, data.Errorf(data.EINVALID, "The file is not a readable .xlsx workbook: %s.", err.Error())
	}
	if sheet == "" {
		sheet = f.GetSheetName(0)
	} else if idx, err := f.GetSheetIndex(sheet); err != nil || idx < 0 {
		f.Close()
		return nil, data.Errorf(data.EINVALID, "The workbook has no sheet %q; it has %s.", sheet, quoteList(f.GetSheetList()))
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		f.Close()
		return nil, data.Errorf(data.EINVALID, "The sheet %q cannot be read: %s.", sheet, err.Error())
	}
	return &xlsxRows{f: f, rows: rows}, nil
}

// next returns raw cell values: numbers as stored, not as displayed, so
// that an Excel date arrives as its serial number and a long number keeps
// the digits the file has.
func (x *xlsxRows) next() (int, []string, error) {
	if !x.rows.Next() {
		if err := x.rows.Error(); err != nil {
			return 0, nil, data.Errorf(data.EINVALID, "The sheet cannot be read after row %d: %s.", x.n, err.Error())
		}
		return 0, nil, io.EOF
	}
	x.n++
	cells, err := x.rows.Columns(excelize.Options{RawCellValue: !x.shown})
	if err != nil {
		return 0, nil, data.Errorf(data.EINVALID, "Row %d cannot be read: %s.", x.n, err.Error())
	}
	return x.n, cells, nil
}

func (x *xlsxRows) close() error {
	err := x.rows.Close()
	return errors.Join(err, x.f.Close())
}

type csvRows struct {
	r *csv.Reader
	n int
}

// utf8BOM is the byte order mark Excel writes before a "CSV UTF-8" file.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// openCSV reads UTF-8 (with or without a byte order mark), and GB18030
// (which includes GBK) when the first 64 KiB are not valid UTF-8: that is
// how Excel on a Chinese Windows saves "CSV (comma delimited)".
func openCSV(br *bufio.Reader) (rowReader, error) {
	head, _ := br.Peek(64 << 10)
	var r io.Reader = br
	switch {
	case bytes.HasPrefix(head, utf8BOM):
		br.Discard(len(utf8BOM))
	case !validUTF8Prefix(head):
		r = transform.NewReader(br, simplifiedchinese.GB18030.NewDecoder())
	}
	c := csv.NewReader(r)
	c.FieldsPerRecord = -1
	c.LazyQuotes = true
	c.ReuseRecord = false
	return &csvRows{r: c}, nil
}

// validUTF8Prefix reports whether b is UTF-8, allowing one rune cut off
// at its end.
func validUTF8Prefix(b []byte) bool {
	for cut := 0; cut < utf8.UTFMax && cut <= len(b); cut++ {
		if utf8.Valid(b[:len(b)-cut]) {
			return true
		}
	}
	return false
}

func (c *csvRows) next() (int, []string, error) {
	rec, err := c.r.Read()
	if err == io.EOF {
		return 0, nil, io.EOF
	}
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return 0, nil, data.Errorf(data.EINVALID, "The CSV file cannot be read at line %d: %s.", pe.StartLine, pe.Err.Error())
		}
		return 0, nil, data.Errorf(data.EINVALID, "The CSV file cannot be read: %s.", err.Error())
	}
	c.n++ // a record is a row, as a spreadsheet numbers it, even when a quoted cell spans lines
	return c.n, rec, nil
}

func (c *csvRows) close() error { return nil }
