package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"gridmap/api"
	"gridmap/data"
	"gridmap/export"
)

// exportCommand runs "gridmap export cells|units|incidents|residents
// -format F -o FILE": it writes a layer of the town in the database to a
// file, whole or not at all (written beside it and renamed), or to
// standard output with -o -. Whoever runs it holds the database, so the
// export carries personal data unless -public; an export that does is
// recorded in the audit log, as the API's are.
func exportCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || !slices.Contains(export.Layers, args[0]) {
		fmt.Fprintf(stderr, "Usage:\n  gridmap export %s -format %s -o FILE [flags]\n",
			strings.Join(export.Layers, "|"), strings.Join(export.Formats, "|"))
		if len(args) > 0 && args[0] != "-h" && args[0] != "-help" && args[0] != "--help" {
			return fmt.Errorf("export: %q is not a layer; the layers are %s", args[0], strings.Join(export.Layers, ", "))
		}
		return flag.ErrHelp
	}
	layer := args[0]
	fs := flag.NewFlagSet("gridmap export "+layer, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, `Usage:
  gridmap export %s -o FILE [-format %s] [flags]
Writes the %s of the town in the database to FILE (- for standard output), in
the format the flag names or, without it, the extension of FILE (.gpkg, .zip for
a shapefile, .kml, .geojson, .xlsx, .csv). Sheets use the import templates'
columns, so that "gridmap import" reads them back unchanged.
Flags:
`, layer, strings.Join(export.Formats, "|"), layer)
		fs.PrintDefaults()
	}
	db := fs.String("db", firstEnv(getenv, "gridmap.db", "GRIDMAP_DB", "DATABASE_URL"), "SQLite file path or postgres:// URL")
	format := fs.String("format", "", "gpkg, shp (a .zip), kml, geojson, xlsx or csv (default: from the extension of -o)")
	out := fs.String("o", "", "the file to write, - for standard output")
	public := fs.Bool("public", false, "leave out personal data, as for a non-admin: incidents without parties or description, summaries masked (residents cannot be exported so)")
	lang := fs.String("lang", "zh-CN", "language of messages: zh-CN or en")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("export: unexpected %q; name the file with -o", fs.Arg(0))
	}
	if *out == "" {
		fs.Usage()
		return errors.New("export: name the file with -o (- for standard output)")
	}
	if *format == "" {
		if *format = export.FormatOf(*out); *format == "" {
			return fmt.Errorf("export: %s has no extension that names a format; give -format", *out)
		}
	}
	if err := export.Check(layer, *format); err != nil {
		return errors.New(api.Message(*lang, err))
	}
	opt := export.Options{Personal: !*public}
	if layer == export.Residents && !opt.Personal {
		return errors.New("export: residents are personal data through and through; they cannot be exported -public")
	}
	store, err := openTown(ctx, *db, "export: the database holds no town yet")
	if err != nil {
		return err
	}
	defer store.Close()
	personal := opt.Personal && (layer == export.Residents || layer == export.Incidents)
	if personal {
		if err := store.AppendAudit(ctx, &data.AuditEntry{At: time.Now(), Username: operator(), Action: "export_" + layer,
			Record: "town", Remote: "command line", Detail: *format + " " + *out}); err != nil {
			return err
		}
	}
	write := func(w io.Writer) (*export.Result, error) {
		return export.Write(ctx, store, w, layer, *format, opt)
	}
	var res *export.Result
	if *out == "-" {
		res, err = write(stdout)
	} else {
		res, err = writeFileAtomic(*out, fileMode(personal), write)
	}
	if err != nil {
		return fmt.Errorf("export: %s", api.Message(*lang, err))
	}
	if *out != "-" {
		fmt.Fprintf(stderr, "%s: %d %s (%s)\n", *out, res.Features, layer, *format)
	}
	return nil
}

// writeFileAtomic writes path through write: into a file beside it,
// renamed over it once complete, so that a failed export leaves nothing.
func writeFileAtomic(path string, mode os.FileMode, write func(io.Writer) (*export.Result, error)) (*export.Result, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".gridmap-export-*")
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name())
	res, err := write(tmp)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(tmp.Name(), mode); err != nil {
		return nil, err
	}
	return res, os.Rename(tmp.Name(), path)
}

// operator names who runs the command, for the audit log.
func operator() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return "cli:" + u.Username
	}
	return "cli"
}

// fileMode is 0600 for a file of personal data, readable by its owner
// alone, else 0644.
func fileMode(personal bool) os.FileMode {
	if personal {
		return 0o600
	}
	return 0o644
}
