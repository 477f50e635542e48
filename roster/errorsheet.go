package roster

import (
	"io"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"gridmap/data"
)

// ErrorColumn is the header of the column an error sheet adds. Reading a
// sheet ignores it, so that an error sheet, once fixed, imports as it is.
const ErrorColumn = "错误"

// WriteErrors writes the sheet read from src back to w as an .xlsx: every
// row as the sheet shows it, all cells as text (identity numbers keep
// their digits), with an added 错误 column giving each row's errors and
// the cells at fault filled red. message gives the text of an error (the
// zh-CN catalogue's, from the API); nil writes the English message.
func WriteErrors(w io.Writer, src io.Reader, opt Options, errs []RowError, message func(*data.Error) string) error {
	if message == nil {
		message = func(e *data.Error) string { return e.Message }
	}
	byRow := map[int][]RowError{}
	for _, e := range errs {
		byRow[e.Row] = append(byRow[e.Row], e)
	}
	rr, err := openRows(src, opt.Sheet, opt.Name)
	if err != nil {
		return err
	}
	defer rr.close()
	if x, ok := rr.(*xlsxRows); ok {
		x.shown = true
	}
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Sheet1"
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	red, err := f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}}, Font: &excelize.Font{Color: "9C0006"}, NumFmt: 49})
	if err != nil {
		return err
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49})
	if err != nil {
		return err
	}
	errText, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Color: "C00000", Bold: true}, Alignment: &excelize.Alignment{WrapText: true}, NumFmt: 49})
	if err != nil {
		return err
	}
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, NumFmt: 49})
	if err != nil {
		return err
	}
	var headers []string
	width := 0
	for {
		n, cells, err := rr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if headers == nil {
			if blank(cells) {
				continue
			}
			// A fixed error sheet sent again has its 错误 column: reuse it.
			if i := slices.IndexFunc(cells, func(h string) bool { return strings.TrimSpace(h) == ErrorColumn }); i >= 0 {
				cells = cells[:i]
			}
			headers = cells
			width = len(cells)
			row := make([]any, width+1)
			for i, h := range cells {
				row[i] = excelize.Cell{StyleID: head, Value: h}
			}
			row[width] = excelize.Cell{StyleID: errText, Value: ErrorColumn}
			if err := sw.SetRow(cellName(1, n), row); err != nil {
				return err
			}
			continue
		}
		rowErrs := byRow[n]
		if len(cells) == 0 && len(rowErrs) == 0 {
			continue
		}
		cells = cells[:min(width, len(cells))] // an old 错误 column and what follows it go
		row := make([]any, width+1)
		bad := map[int]bool{}
		var msgs []string
		for _, e := range rowErrs {
			for i, h := range headers {
				if strings.TrimSpace(h) == e.Column {
					bad[i] = true
				}
			}
			m := message(e.Err)
			if e.Column != "" {
				m = e.Column + "：" + m
			}
			msgs = append(msgs, m)
		}
		for i := range row[:len(row)-1] {
			v := ""
			if i < len(cells) {
				v = cells[i]
			}
			st := text
			if bad[i] {
				st = red
			}
			row[i] = excelize.Cell{StyleID: st, Value: v}
		}
		row[len(row)-1] = excelize.Cell{StyleID: errText, Value: strings.Join(msgs, "\n")}
		if err := sw.SetRow(cellName(1, n), row); err != nil {
			return err
		}
	}
	if headers == nil {
		return data.Errorf(data.EINVALID, "The sheet is empty: it has no header row.")
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

func cellName(col, row int) string {
	s, _ := excelize.CoordinatesToCellName(col, row)
	return s
}
