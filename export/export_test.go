package export_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"gridmap/data"
	"gridmap/data/storetest/stores"
	"gridmap/export"
	"gridmap/importer"
	"gridmap/roster"
	"gridmap/roster/rostertest"
)

// townWithPeople is a store of each kind holding the sample town, with
// residents and a ledger imported from the office sheets.
func townWithPeople(t *testing.T, fn func(t *testing.T, st data.Store)) {
	for _, kind := range stores.Kinds {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			st := stores.Open(t, kind)
			town, full := rostertest.Town(t)
			if err := st.Load(t.Context(), town); err != nil {
				t.Fatal(err)
			}
			importSheet(t, st, roster.Residents, rostertest.XLSX(t, rostertest.Residents(full, 60)))
			importSheet(t, st, roster.Incidents, rostertest.XLSX(t, rostertest.Ledger(full)))
			fn(t, st)
		})
	}
}

func importSheet(t *testing.T, st data.Store, kind roster.Kind, src []byte) *importer.SheetResult {
	t.Helper()
	opt := importer.SheetOptions{Options: roster.Options{Today: time.Date(2026, 12, 1, 0, 0, 0, 0, data.CST)}}
	res, err := importer.ImportSheet(t.Context(), st, kind, bytes.NewReader(src), opt)
	if err != nil {
		t.Fatalf("ImportSheet(%s) = %v", kind, err)
	}
	if !res.Report.OK() {
		t.Fatalf("ImportSheet(%s) found errors: %+v", kind, res.Report.Errors)
	}
	return res
}

// exportBytes exports a layer and returns the file.
func exportBytes(t *testing.T, st export.Store, layer, format string, personal bool) ([]byte, *export.Result) {
	t.Helper()
	var b bytes.Buffer
	res, err := export.Write(context.Background(), st, &b, layer, format, export.Options{Personal: personal, PageSize: 7})
	if err != nil {
		t.Fatalf("Write(%s, %s) = %v", layer, format, err)
	}
	return b.Bytes(), res
}

func TestWriteRefuses(t *testing.T) {
	t.Parallel()
	st := stores.Open(t, "sqlite")
	cases := []struct {
		name, layer, format string
		personal            bool
		code, field         string
	}{
		{"an unknown layer", "households", "csv", true, data.EINVALID, "layer"},
		{"an unknown format", "cells", "dxf", true, data.EINVALID, "format"},
		{"residents to a non-admin", "residents", "csv", false, data.EFORBIDDEN, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var b bytes.Buffer
			_, err := export.Write(t.Context(), st, &b, c.layer, c.format, export.Options{Personal: c.personal})
			var de *data.Error
			if data.ErrorCode(err) != c.code || c.field != "" && (!errors.As(err, &de) || de.Field != c.field) {
				t.Fatalf("Write(%s, %s) = %v; want %s on %q", c.layer, c.format, err, c.code, c.field)
			}
			if b.Len() != 0 {
				t.Errorf("a refused export wrote %d bytes", b.Len())
			}
		})
	}
}

func TestFormatOf(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]string{"a.GPKG": "gpkg", "cells.zip": "shp", "x.shp": "shp", "a.json": "geojson",
		"a.geojson": "geojson", "b.kml": "kml", "c.xlsx": "xlsx", "d.csv": "csv", "e.txt": "", "noext": ""} {
		if got := export.FormatOf(name); got != want {
			t.Errorf("FormatOf(%q) = %q; want %q", name, got, want)
		}
	}
}

// unchangedOnly fails unless a reimport left everything as it was.
func unchangedOnly(t *testing.T, res *importer.SheetResult) {
	t.Helper()
	if len(res.Written) == 0 {
		t.Fatalf("the reimport wrote nothing: %+v", res)
	}
	for _, c := range res.Written {
		if c.Created != 0 || c.Updated != 0 || c.Unchanged == 0 {
			t.Errorf("reimport %s: %+v; want everything unchanged", c.Noun, c)
		}
	}
}
