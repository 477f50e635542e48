// Command pgref is the direct-PostGIS reference of compare-servers.sh: it
// does in PostGIS, over the tables of a gridmap schema, the work that
// pg_tileserv and pg_featureserv do for a request, with no HTTP in
// between, so that gridmap's answers can be set against the database
// answering the same question itself:
//
//   - tile Z/X/Y: the cells of one tile as a Mapbox Vector Tile, as
//     pg_tileserv builds it (ST_AsMVT over ST_AsMVTGeom of the cells
//     meeting the tile, with the tile layer's properties);
//   - ogc: the first page of the OGC cells collection (10 features, in
//     code order) as one GeoJSON FeatureCollection built by
//     json_build_object, with the properties gridmap's page has and the
//     number matched.
//
// It runs -c connections for -d, each sending the query one after another,
// and prints the line bench/load prints:
//
//	pgref -db 'postgres://…?search_path=s_city,public' -c 16 -d 3s -name tile tile 10/822/420
//	tile 98.1 req/s 61234 B/answer 0 failed
//
// With -once it runs the query once on a fresh connection and prints its
// time (the reference for gridmap's first answer).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"gridmap/bench/rate"
	"gridmap/data"
)

// tileSQL is pg_tileserv's query for a table layer (its layer_table.go),
// on the cells and their unit's name: the tile's envelope in Web Mercator,
// the cells meeting it (through the GiST index, in the table's SRID),
// clipped and quantised to 4096 units with a buffer of 64.
const tileSQL = `
WITH bounds AS (
	SELECT ST_TileEnvelope($1, $2, $3) AS geom, ST_Transform(ST_TileEnvelope($1, $2, $3, margin => 64.0 / 4096), 4326) AS geom4326
), mvtgeom AS (
	SELECT ST_AsMVTGeom(ST_Transform(c.geom, 3857), bounds.geom, 4096, 64, true) AS geom,
		c.code, c.name, c.unit_code, u.name AS unit_name, c.kind, c.population, c.households
	FROM cells c JOIN units u ON u.code = c.unit_code, bounds
	WHERE c.geom && bounds.geom4326
)
SELECT ST_AsMVT(mvtgeom, 'cells', 4096, 'geom') FROM mvtgeom`

// ogcSQL is the first page of cells as pg_featureserv would answer it,
// the whole document built in the database: the features' GeoJSON
// geometry and properties (open incidents counted per cell) and the
// number matched.
const ogcSQL = `
SELECT json_build_object(
	'type', 'FeatureCollection',
	'numberMatched', (SELECT count(*) FROM cells),
	'numberReturned', count(*),
	'features', coalesce(json_agg(f.feature ORDER BY f.code), '[]'::json)
)::text
FROM (
	SELECT c.code, json_build_object(
		'type', 'Feature',
		'id', c.code,
		'geometry', ST_AsGeoJSON(c.geom, 7)::json,
		'properties', json_build_object(
			'code', c.code, 'name', c.name, 'unit_code', c.unit_code, 'unit_name', u.name,
			'kind', c.kind, 'population', c.population, 'households', c.households,
			'area_m2', round(c.area_m2::numeric, 1),
			'open_incidents', (SELECT count(*) FROM incidents i WHERE i.cell_code = c.code AND i.status = ANY($1))
		)
	) AS feature
	FROM cells c JOIN units u ON u.code = c.unit_code
	ORDER BY c.code
	LIMIT $2
) f`

// ogcLimit is the first page's size: gridmap's and pg_featureserv's
// default limit.
const ogcLimit = 10

func main() {
	db := flag.String("db", os.Getenv("GRIDMAP_BENCH_PG"), "postgres:// URL of the database, its search_path naming gridmap's schema")
	conns := flag.Int("c", 16, "connections")
	dur := flag.Duration("d", 5*time.Second, "how long to send queries")
	once := flag.Bool("once", false, "run the query once and print its time")
	name := flag.String("name", "", "name printed before the figures; the case when empty")
	flag.Parse()
	if err := run(*db, *conns, *dur, *once, *name, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "pgref:", err)
		os.Exit(1)
	}
}

func run(db string, conns int, dur time.Duration, once bool, name string, args []string) error {
	q, err := parseCase(args)
	if err != nil {
		return err
	}
	if name == "" {
		name = strings.Join(args, " ")
	}
	ctx := context.Background()
	if once {
		c, err := pgx.Connect(ctx, db)
		if err != nil {
			return err
		}
		defer c.Close(ctx)
		start := time.Now()
		b, err := q.run(ctx, c)
		if err != nil {
			return err
		}
		fmt.Printf("%s %.1f ms %d B\n", name, float64(time.Since(start).Microseconds())/1000, len(b))
		return nil
	}
	r, err := measure(ctx, db, q, name, conns, dur)
	if err != nil {
		return err
	}
	fmt.Println(r)
	return nil
}

// measure runs q on conns connections for dur, after a first run that
// checks it answers at all.
func measure(ctx context.Context, db string, q query, name string, conns int, dur time.Duration) (rate.Result, error) {
	var opened []*pgx.Conn
	defer func() {
		for _, c := range opened {
			c.Close(ctx)
		}
	}()
	newWorker := func() (func(context.Context) (int, error), error) {
		c, err := pgx.Connect(ctx, db)
		if err != nil {
			return nil, err
		}
		opened = append(opened, c)
		return func(ctx context.Context) (int, error) {
			b, err := q.run(ctx, c)
			return len(b), err
		}, nil
	}
	w, err := newWorker()
	if err != nil {
		return rate.Result{}, err
	}
	if n, err := w(ctx); err != nil {
		return rate.Result{}, fmt.Errorf("%s: %w", name, err)
	} else if n == 0 {
		return rate.Result{}, fmt.Errorf("%s: an empty answer", name)
	}
	return rate.Run(ctx, name, conns, dur, newWorker)
}

// query is one case: its SQL and arguments.
type query struct {
	sql  string
	args []any
}

// parseCase reads "tile Z/X/Y" or "ogc".
func parseCase(args []string) (query, error) {
	switch {
	case len(args) == 1 && args[0] == "ogc":
		return query{sql: ogcSQL, args: []any{data.OpenStatuses, ogcLimit}}, nil
	case len(args) == 2 && args[0] == "tile":
		zxy := strings.Split(args[1], "/")
		if len(zxy) != 3 {
			return query{}, fmt.Errorf("%q is not Z/X/Y", args[1])
		}
		var n [3]int
		for i, s := range zxy {
			v, err := strconv.Atoi(s)
			if err != nil || v < 0 {
				return query{}, fmt.Errorf("%q is not Z/X/Y", args[1])
			}
			n[i] = v
		}
		return query{sql: tileSQL, args: []any{n[0], n[1], n[2]}}, nil
	}
	return query{}, fmt.Errorf("usage: pgref [-db URL] [-c N] [-d T] [-once] [-name NAME] tile Z/X/Y | ogc")
}

// run sends the query and returns its one value.
func (q query) run(ctx context.Context, c *pgx.Conn) ([]byte, error) {
	var b []byte
	err := c.QueryRow(ctx, q.sql, q.args...).Scan(&b)
	return b, err
}
