package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"gridmap/data"
	"gridmap/data/sample"
)

// sampleCommand runs "gridmap sample -scale town|district|city -incidents N
// -db PATH": it writes an illustrative data set of that size into an empty
// database through the store's bulk path (COPY on PostGIS), the same rows
// for the same flags, for trying the map and measuring it at scale.
func sampleCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("gridmap sample", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, `Usage:
  gridmap sample -scale %s [-incidents N] -db PATH|URL
Writes an illustrative data set into an empty database: the sample town
安稳镇 (138 cells, 35,000 residents), a district of 20 towns (3,000 cells),
or a city of 20,000 cells and 2,000,000 residents, with N incidents over the
last three years (the town keeps its own 3,000 without -incidents). The same
flags write the same rows. Every name, boundary, person and incident in it
is fictional.
Flags:
`, strings.Join(sample.Scales, "|"))
		fs.PrintDefaults()
	}
	db := fs.String("db", firstEnv(getenv, "gridmap.db", "GRIDMAP_DB", "DATABASE_URL"), "SQLite file path or postgres:// URL")
	scale := fs.String("scale", sample.ScaleTown, "the size of the data set: "+strings.Join(sample.Scales, ", "))
	asked := fs.Int("incidents", -1, "how many incidents to draw (default: the town's own, none for a district or city)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("sample: unexpected %q", fs.Arg(0))
	}
	start := time.Now()
	ds, err := sample.Scaled(sample.Options{Scale: *scale, Incidents: *asked})
	if err != nil {
		return err
	}
	store, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	drawn := time.Now()
	if err := store.Load(ctx, ds); data.ErrorCode(err) == data.ECONFLICT {
		return errors.New("sample: the database holds a town already; give an empty one")
	} else if err != nil {
		return fmt.Errorf("sample: %w", err)
	}
	loaded := time.Now()
	if sample.HasAccounts(*scale) {
		if err := createAccounts(ctx, store); err != nil {
			return fmt.Errorf("sample: %w", err)
		}
	}
	residents, incidents := 0, len(ds.Incidents)
	for _, c := range ds.Cells {
		residents += c.Population
	}
	if *asked >= 0 {
		incidents = *asked
	}
	fmt.Fprintf(stdout, "wrote the %s sample %q: %d units, %d cells, %d residents, %d incidents; generated in %s, loaded in %s\n",
		*scale, ds.Town.Name, len(ds.Units), len(ds.Cells), residents, incidents,
		drawn.Sub(start).Round(time.Millisecond), loaded.Sub(drawn).Round(time.Millisecond))
	return nil
}
