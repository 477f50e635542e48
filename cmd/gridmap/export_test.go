package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gridmap/data"
	"gridmap/roster/rostertest"
)

// TestExportCommand exports people and cells from each kind of store and
// imports the sheets again with "gridmap import": nothing changes. The
// format follows the extension; personal exports are audited and private.
func TestExportCommand(t *testing.T) {
	t.Parallel()
	townDB(t, func(t *testing.T, db string, full *data.Dataset) {
		if out, err := runGridmap(t, "import", "residents", writeSheet(t, "r.xlsx", rostertest.Residents(full, 30)), "-db", db); err != nil {
			t.Fatalf("import residents: %v\n%s", err, out)
		}
		dir := t.TempDir()
		for _, c := range []struct{ layer, file string }{
			{"residents", "居民.xlsx"}, {"residents", "r.csv"}, {"cells", "cells.zip"}, {"units", "units.gpkg"},
			{"incidents", "incidents.kml"},
		} {
			path := filepath.Join(dir, c.file)
			out, err := runGridmap(t, "export", c.layer, "-o", path, "-db", db)
			if err != nil {
				t.Fatalf("export %s -o %s: %v\n%s", c.layer, c.file, err, out)
			}
			st, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if want := os.FileMode(0o644); c.layer == "residents" || c.layer == "incidents" {
				if st.Mode().Perm() != 0o600 {
					t.Errorf("%s has mode %v; want 0600 for personal data", c.file, st.Mode().Perm())
				}
			} else if st.Mode().Perm() != want {
				t.Errorf("%s has mode %v; want %v", c.file, st.Mode().Perm(), want)
			}
			if c.layer == "residents" {
				out, err := runGridmap(t, "import", "residents", path, "-db", db, "-lang", "en")
				if err != nil {
					t.Fatalf("reimport %s: %v\n%s", c.file, err, out)
				}
				wantOutput(t, "reimport "+c.file, out, "0 created, 0 updated")
			}
		}
		store, err := openStore(t.Context(), db)
		if err != nil {
			t.Fatal(err)
		}
		defer store.Close()
		audit, _, err := store.Audit(t.Context(), data.AuditFilter{Action: "export_residents"})
		if err != nil {
			t.Fatal(err)
		}
		if len(audit) != 2 || !strings.HasPrefix(audit[0].Username, "cli") {
			t.Errorf("audit of residents exports = %+v; want 2 entries by cli", audit)
		}
	})
}

func TestExportCommandRefuses(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "empty.db")
	out := filepath.Join(t.TempDir(), "x")
	cases := []struct {
		name string
		args []string
		says string
	}{
		{"an unknown layer", []string{"export", "households", "-o", out + ".csv"}, `"households" is not a layer`},
		{"no file", []string{"export", "cells", "-format", "csv"}, "name the file with -o"},
		{"an extension naming no format", []string{"export", "cells", "-o", out + ".txt"}, "give -format"},
		{"an unknown format", []string{"export", "cells", "-format", "dxf", "-o", out, "-lang", "en"}, `The format "dxf"`},
		{"residents in public", []string{"export", "residents", "-public", "-o", out + ".csv"}, "cannot be exported -public"},
		{"an empty database", []string{"export", "cells", "-o", out + ".csv", "-db", db}, "holds no town"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := runGridmap(t, c.args...)
			if err == nil || !strings.Contains(err.Error(), c.says) {
				t.Fatalf("gridmap %s = %v\n%s; want an error saying %q", strings.Join(c.args, " "), err, got, c.says)
			}
			if _, serr := os.Stat(out + ".csv"); serr == nil {
				t.Errorf("a refused export left a file")
			}
		})
	}
}
