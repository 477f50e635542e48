package roster

import (
	"bytes"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"gridmap/data"
	"gridmap/domain"
)

// maxDropList is the longest list of values, joined by commas, that Excel
// takes as a drop-down.
const maxDropList = 255

// withTypes is cols with the incident type column's help and drop-down
// made of the names of types (nil: the default ones); a list too long for a
// drop-down is in the help only.
func withTypes(cols []column, types []data.IncidentType) []column {
	names := domain.IncidentTypeNames(townTypes(types))
	cols = slices.Clone(cols)
	i := slices.IndexFunc(cols, func(c column) bool { return c.field == "type" })
	cols[i].help = strings.Join(names, "、") + "。"
	if len(strings.Join(names, ",")) <= maxDropList {
		cols[i].choices = names
	}
	return cols
}

// sheetNames are the names of a template's first sheet.
var sheetNames = map[Kind]string{Residents: "居民", Staff: "工作人员", Incidents: "台账"}

// textFields are columns whose digits must stay text in Excel: it would
// turn an 18-digit identity number into 5.00110E+17 and drop a phone's
// leading 0.
var textFields = map[string]bool{"household_no": true, "id_number": true, "phone": true, "cell": true, "cells": true, "unit": true, "number": true}

// TemplateNames are the file names templates are offered under.
var TemplateNames = map[Kind]string{Residents: "居民导入模板.xlsx", Staff: "工作人员导入模板.xlsx", Incidents: "矛盾纠纷台账导入模板.xlsx"}

// guideSheet is the name of a template's second sheet.
const guideSheet = "填写说明"

// Template returns an empty sheet of a kind as an .xlsx for offices to
// fill: the Chinese headers (required ones bold on yellow), columns of
// numbers kept as text, drop-down lists where the values are fixed, and a
// second sheet, 填写说明, explaining each column. An incident ledger's
// 类型 lists types, the town's dispute types (nil: the default ones), as
// ReadIncidents takes them.
func Template(kind Kind, types []data.IncidentType) ([]byte, error) {
	cols, ok := columns[kind]
	if !ok {
		return nil, data.Errorf(data.EINVALID, "There is no template for %q; the kinds are residents, staff and incidents.", string(kind))
	}
	if kind == Incidents {
		cols = withTypes(cols, types)
	}
	f := excelize.NewFile()
	defer f.Close()
	name := sheetNames[kind]
	if err := f.SetSheetName("Sheet1", name); err != nil {
		return nil, err
	}
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: []excelize.Border{{Type: "bottom", Color: "000000", Style: 1}}})
	if err != nil {
		return nil, err
	}
	req, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFEB9C"}}, Border: []excelize.Border{{Type: "bottom", Color: "000000", Style: 1}}})
	if err != nil {
		return nil, err
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49})
	if err != nil {
		return nil, err
	}
	for i, c := range cols {
		cell := cellName(i+1, 1)
		col := strings.TrimRight(cell, "0123456789")
		if err := f.SetCellStr(name, cell, c.header); err != nil {
			return nil, err
		}
		st := head
		if c.required {
			st = req
		}
		if err := f.SetCellStyle(name, cell, cell, st); err != nil {
			return nil, err
		}
		width := 12.0
		if textFields[c.field] || c.field == "address" || c.field == "summary" {
			width = 22
		}
		if err := f.SetColWidth(name, col, col, width); err != nil {
			return nil, err
		}
		if textFields[c.field] {
			if err := f.SetColStyle(name, col, text); err != nil {
				return nil, err
			}
		}
		if len(c.choices) > 0 {
			dv := excelize.NewDataValidation(true)
			dv.Sqref = col + "2:" + col + "1048576"
			if err := dv.SetDropList(c.choices); err != nil {
				return nil, err
			}
			dv.SetError(excelize.DataValidationErrorStyleWarning, "请从列表中选择", "请从下拉列表中选择“"+c.header+"”的值。")
			if err := f.AddDataValidation(name, dv); err != nil {
				return nil, err
			}
		}
	}
	if err := f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	if _, err := f.NewSheet(guideSheet); err != nil {
		return nil, err
	}
	guide := [][]any{{"列名", "是否必填", "说明", "也可写作"}}
	for _, c := range cols {
		must := "选填"
		if c.required {
			must = "必填"
		}
		guide = append(guide, []any{c.header, must, c.help, strings.Join(c.aliases, "、")})
	}
	guide = append(guide, []any{}, []any{"第 1 行为列名，数据从第 2 行开始；列的顺序不限。其他列名可在导入时用 -map '列名=字段' 指定。"})
	for i, r := range guide {
		if err := f.SetSheetRow(guideSheet, cellName(1, i+1), &r); err != nil {
			return nil, err
		}
	}
	if err := f.SetCellStyle(guideSheet, "A1", "D1", head); err != nil {
		return nil, err
	}
	for col, w := range map[string]float64{"A": 14, "B": 10, "C": 70, "D": 40} {
		if err := f.SetColWidth(guideSheet, col, col, w); err != nil {
			return nil, err
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
