// Command gridmap serves a town's governance grid: the map app, the app API
// and OGC API - Features, from an embedded SQLite file or from PostGIS.
//
// Usage:
//
//	gridmap [serve] [flags]
//	gridmap sample -scale town|district|city [-incidents N] -db PATH|URL
//
// Run "gridmap -h" for the flags and their environment variables.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"gridmap/api"
	"gridmap/auth"
	"gridmap/data"
	"gridmap/data/postgis"
	"gridmap/data/sample"
	"gridmap/data/sqlite"
	"gridmap/frontend"
	"gridmap/notify"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "gridmap:", err)
		os.Exit(1)
	}
}

// run is main without the process: testable, and the only place that reads
// flags and the environment.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "user" {
		return userCommand(ctx, args[1:], getenv, stdin, stdout, stderr)
	}
	if len(args) > 0 && args[0] == "import" {
		return importCommand(ctx, args[1:], getenv, stdout, stderr)
	}
	if len(args) > 0 && args[0] == "export" {
		return exportCommand(ctx, args[1:], getenv, stdout, stderr)
	}
	if len(args) > 0 && args[0] == "sample" {
		return sampleCommand(ctx, args[1:], getenv, stdout, stderr)
	}
	if len(args) > 0 && args[0] == "template" {
		return templateCommand(args[1:], getenv, stdout, stderr)
	}
	if len(args) > 0 && args[0] == "serve" {
		args = args[1:]
	}
	cfg, err := parseConfig(args, getenv, stderr)
	if err != nil {
		return err
	}
	// Log lines leave in batches (logBuffer): every 100 ms, at once for
	// warnings and errors, and all of them before run returns.
	lb := newLogBuffer(stderr, 64<<10)
	lctx, lstop := context.WithCancel(context.Background())
	flushed := make(chan struct{})
	go func() { lb.flushEvery(lctx, 100*time.Millisecond); close(flushed) }()
	defer func() { lstop(); <-flushed }()
	log := slog.New(bufferedHandler{newLogger(cfg.LogFormat, lb).Handler(), lb})
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()

	store, err := openStore(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := seed(ctx, store, cfg.Seed, log); err != nil {
		return err
	}
	if err := ensureAdmin(ctx, store, getenv("GRIDMAP_ADMIN_PASSWORD"), log, stderr); err != nil {
		return err
	}
	return serve(ctx, cfg, store, log)
}

// openStore picks the store from the database setting: a postgres:// URL
// means PostGIS, anything else is a SQLite file path.
func openStore(ctx context.Context, db string) (data.Store, error) {
	if strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://") {
		return postgis.Open(ctx, db)
	}
	return sqlite.Open(ctx, db)
}

// openTown opens the store of a command that needs the town in it; an
// empty database is the error noTown.
func openTown(ctx context.Context, db, noTown string) (data.Store, error) {
	store, err := openStore(ctx, db)
	if err != nil {
		return nil, err
	}
	if _, err := store.Town(ctx); err != nil {
		store.Close()
		if data.ErrorCode(err) == data.ENOTFOUND {
			return nil, errors.New(noTown)
		}
		return nil, err
	}
	return store, nil
}

// seed loads the sample town into an empty store.
func seed(ctx context.Context, store data.Store, enabled bool, log *slog.Logger) error {
	_, err := store.Town(ctx)
	if err == nil || data.ErrorCode(err) != data.ENOTFOUND {
		return err
	}
	if !enabled {
		log.Warn("the database is empty and seeding is off: the map will show nothing")
		return nil
	}
	start := time.Now()
	ds, err := sample.Dataset()
	if err != nil {
		return fmt.Errorf("building the sample town: %w", err)
	}
	if err := store.Load(ctx, ds); data.ErrorCode(err) == data.ECONFLICT {
		log.Info("another instance seeded the database first")
		return nil
	} else if err != nil {
		return fmt.Errorf("seeding the sample town: %w", err)
	}
	if err := createAccounts(ctx, store); err != nil {
		return err
	}
	log.Info("seeded the illustrative sample town", "town", ds.Town.Name, "cells", len(ds.Cells),
		"residents", len(ds.Residents), "incidents", len(ds.Incidents), "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// createAccounts creates the sample town's demo accounts (sample.Accounts)
// that do not exist yet.
func createAccounts(ctx context.Context, store data.Store) error {
	for _, a := range sample.Accounts() {
		u := a.User
		var err error
		if u.PasswordHash, err = auth.HashPassword(a.Password); err != nil {
			return err
		}
		if err := store.CreateUser(ctx, &u); err != nil && data.ErrorCode(err) != data.ECONFLICT {
			return fmt.Errorf("creating the sample account %s: %w", u.Username, err)
		}
	}
	return nil
}

// ensureAdmin creates the administrator on first start, when no admin
// exists: with the password from GRIDMAP_ADMIN_PASSWORD, or a random one
// printed once. There is no default credential.
func ensureAdmin(ctx context.Context, store data.Store, password string, log *slog.Logger, stderr io.Writer) error {
	us, err := store.Users(ctx)
	if err != nil {
		return err
	}
	for _, u := range us {
		if u.Role == data.RoleAdmin {
			return nil
		}
	}
	printed := password == ""
	if printed {
		password = auth.NewSecret()[:20]
	} else if err := auth.CheckNewPassword(password); err != nil {
		return fmt.Errorf("GRIDMAP_ADMIN_PASSWORD: %v", err)
	}
	u := &data.User{Username: "admin", Name: "管理员", Role: data.RoleAdmin}
	if u.PasswordHash, err = auth.HashPassword(password); err != nil {
		return err
	}
	if err := store.CreateUser(ctx, u); err != nil {
		if data.ErrorCode(err) == data.ECONFLICT {
			return nil // another instance created it first
		}
		return fmt.Errorf("creating the administrator: %w", err)
	}
	if !printed {
		log.Info("created the administrator account", "username", u.Username, "password_from", "GRIDMAP_ADMIN_PASSWORD")
	} else {
		log.Info("created the administrator account", "username", u.Username, "password_from", "printed once below")
		fmt.Fprintf(stderr, "\n  The administrator account was created.\n    username: admin\n    password: %s\n  It is shown only this once: change it with `gridmap user passwd -username admin`.\n\n", password)
	}
	return nil
}

// serve runs the HTTP server until ctx ends, then shuts down gracefully.
func serve(ctx context.Context, cfg Config, store data.Store, log *slog.Logger) error {
	deadlines, err := cfg.deadlines()
	if err != nil {
		return err
	}
	types, err := cfg.incidentTypes()
	if err != nil {
		return err
	}
	origins, err := cfg.corsOrigins()
	if err != nil {
		return err
	}
	handler := api.New(store, api.Config{
		BaseURL:         cfg.BaseURL,
		TrustProxy:      cfg.TrustProxy,
		LoginsPerMinute: cfg.LoginRate,
		OfflineDays:     cfg.OfflineDays,
		TileCells:       cfg.TileCells,
		PetitionDays:    cfg.PetitionDays,
		Deadlines:       deadlines,
		WorkDays:        cfg.workDays(),
		IncidentTypes:   types,
		CORSOrigins:     origins,
		Basemap:         cfg.basemap(),
		Frontend:        frontend.FS(),

		HideStaffContacts: !cfg.PublicStaffContacts,
		NotifyOutbound:    cfg.NotifyWebhook != "",
	}, log)
	watchStore(ctx, cfg, store, handler, log)
	// The overdue scan and the webhook worker run while the server does;
	// several processes on one database notify once (unique keys, claims).
	// The worker runs without -notify-webhook too: units may have their own.
	// The worker starts after the first scan, so that the cases overdue
	// at start go out together, as one digest per webhook (up to its
	// batch), whose link opens the list of them.
	w := notify.New(store, notify.Config{URL: cfg.NotifyWebhook, Format: cfg.NotifyFormat, Secret: cfg.NotifySecret}, log)
	go func() {
		if _, err := handler.ScanOverdue(ctx); err != nil && ctx.Err() == nil {
			log.Error("overdue scan", "err", err)
		}
		go w.Run(ctx, 10*time.Second)
		handler.RunOverdueScans(ctx, 5*time.Minute)
	}()
	srv := &http.Server{
		Addr:              cfg.Addr,
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	// Listen first, so that the log names the address taken (-addr 127.0.0.1:0
	// picks a free port: the browser tests' second server).
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	log.Info("gridmap listening", "addr", ln.Addr().String(), "db", redact(cfg.DB))
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	return srv.Shutdown(sctx)
}

// watchStore makes the writes of other processes on the database reach
// the server's reads (writes through the server reach them at once): on
// PostGIS by LISTEN/NOTIFY as each commits, with a slow poll as a safety
// net for notices lost while the listener reconnects; on SQLite, where the
// other process is a command-line import, by a poll every second.
func watchStore(ctx context.Context, cfg Config, store data.Store, handler *api.Server, log *slog.Logger) {
	n, notified := store.(data.ChangeNotifier)
	if notified {
		go n.WatchChanges(ctx, handler.StoreChanged, func(err error) {
			log.Warn("lost the connection that hears other instances' writes; reconnecting", "err", err)
		})
	}
	every, _ := cfg.pollEvery(notified) // parseConfig checked it
	if every > 0 {
		go handler.PollStore(ctx, every)
	}
}

// redact hides a password in a database URL for logging.
func redact(db string) string {
	if i := strings.Index(db, "://"); i >= 0 {
		if at := strings.LastIndex(db, "@"); at > i {
			if colon := strings.Index(db[i+3:at], ":"); colon >= 0 {
				return db[:i+3+colon+1] + "***" + db[at:]
			}
		}
	}
	return db
}

func newLogger(format string, w io.Writer) *slog.Logger {
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}
