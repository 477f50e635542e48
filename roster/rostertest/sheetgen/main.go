// Command sheetgen writes a residents sheet (.xlsx, with excelize) of the
// sample town for the browser tests: n residents in whole households,
// none of them the sample's own (their identity numbers carry other region
// digits), with -bad the second data row's identity number mistyped.
//
//	go run ./roster/rostertest/sheetgen -n 2000 [-bad] -o residents.xlsx
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/xuri/excelize/v2"

	"gridmap/data/sample"
	"gridmap/roster/rostertest"
)

func main() {
	n := flag.Int("n", 100, "at least this many residents")
	bad := flag.Bool("bad", false, "mistype the identity number of the first resident (row 2)")
	out := flag.String("o", "residents.xlsx", "the file to write")
	flag.Parse()
	if err := write(*out, *n, *bad); err != nil {
		fmt.Fprintln(os.Stderr, "sheetgen:", err)
		os.Exit(1)
	}
}

func write(file string, n int, bad bool) error {
	full, err := sample.Dataset()
	if err != nil {
		return err
	}
	// The sample's residents come first in the generator's rows, copies
	// with other identity numbers after them: keep the copies.
	rows := rostertest.Residents(full, len(full.Residents)+n)
	rows = append(rows[:1], rows[1+len(full.Residents):]...)
	if bad {
		id := rows[1][4].(string)
		last := byte('0')
		if id[17] == '0' {
			last = '1'
		}
		rows[1][4] = id[:17] + string(last)
	}
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, r); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.SaveAs(file)
}
