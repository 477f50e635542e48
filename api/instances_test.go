package api_test

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"gridmap/api"
	"gridmap/data"
	"gridmap/data/postgis"
	"gridmap/data/sqlite"
	"gridmap/data/storetest/stores"
)

// openURL opens a store of the kind at url (stores.URL), closed when the
// test ends: each call is another handle on the same database, as each
// instance behind a reverse proxy has its own.
func openURL(t *testing.T, kind, url string) data.Store {
	t.Helper()
	var st data.Store
	var err error
	if kind == "sqlite" {
		st, err = sqlite.Open(context.Background(), url)
	} else {
		st, err = postgis.Open(context.Background(), url)
	}
	if err != nil {
		t.Fatalf("opening the %s store at %s: %v", kind, url, err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// TestLoginLimitSharedByInstances: two servers on one database, each
// through its own store handle as two instances behind a reverse proxy,
// count one client address's login attempts against one limit: with 3 a
// minute, three attempts spread over both leave none for the fourth,
// whichever server it reaches, on both stores.
func TestLoginLimitSharedByInstances(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	cfg := api.Config{LoginsPerMinute: 3, Now: func() time.Time { return now }}
	for _, kind := range stores.Kinds {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			url := stores.URL(t, kind)
			a := api.New(openURL(t, kind, url), cfg, quietLog())
			b := api.New(openURL(t, kind, url), cfg, quietLog())
			for i, s := range []*api.Server{a, b, a} {
				if r, _ := login(t, s, fmt.Sprintf("nobody%d", i), "wrong password"); r.status != http.StatusUnauthorized {
					t.Fatalf("attempt %d of 3 = %d %.300s; want 401", i+1, r.status, r.body)
				}
			}
			r, _ := login(t, b, "nobody3", "wrong password")
			if code, _ := r.errorOf(t); r.status != http.StatusTooManyRequests || code != "rate_limited" {
				t.Fatalf("attempt 4 of 3, after 2 through A and 1 through B = %d %.300s; want 429 rate_limited", r.status, r.body)
			}
			if ra := r.header.Get("Retry-After"); ra != "20" {
				t.Errorf("attempt 4 of 3: Retry-After %q; want 20 (a minute / 3)", ra)
			}
		})
	}
}

// TestPhotoLimitSharedByInstances: an account's photo uploads through two
// servers on one SQLite file count against one limit.
func TestPhotoLimitSharedByInstances(t *testing.T) {
	t.Parallel()
	src, err := smallSampleDB()
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "gridmap.db")
	if err := copyFile(src, db); err != nil {
		t.Fatal(err)
	}
	sc := newScene(t, openURL(t, "sqlite", db))
	now := time.Now()
	cfg := api.Config{PhotoUploads: 2, PhotoWindow: 10 * time.Minute, Now: func() time.Time { return now }}
	a, b := api.New(sc.store, cfg, quietLog()), api.New(openURL(t, "sqlite", db), cfg, quietLog())
	path := fmt.Sprintf("/api/incidents/%d/attachments", sc.inIncident)
	gw := sc.actors[data.RoleGridWorker]
	for i, s := range []*api.Server{a, b} {
		if r := gw.upload(t, s, path, multipartBody(t, "file", "p.png", "image/png", nthPNG(t, i+1))); r.status != http.StatusCreated {
			t.Fatalf("photo %d of 2 = %d %.300s; want 201", i+1, r.status, r.body)
		}
	}
	r := gw.upload(t, a, path, multipartBody(t, "file", "p.png", "image/png", nthPNG(t, 3)))
	if code, _ := r.errorOf(t); r.status != http.StatusTooManyRequests || code != "rate_limited" {
		t.Errorf("photo 3 of 2, the second through B = %d %.300s; want 429 rate_limited", r.status, r.body)
	}
}
