package api_test

import (
	"testing"

	"gridmap/api"
)

// TestConfigBaseURL: /api/config names the public URL that -base-url sets
// (without its trailing slash), which the printed notice boards' QR codes
// link to, and nothing when it is unset, so that the app uses its own
// address rather than one the server guessed from the request.
func TestConfigBaseURL(t *testing.T) {
	t.Parallel()
	st := newSQLiteStore(t)
	newScene(t, st)
	for _, tt := range []struct{ name, set, want string }{
		{"unset", "", ""},
		{"set", "https://grid.example.cn", "https://grid.example.cn"},
		{"trailing slash", "https://grid.example.cn/town/", "https://grid.example.cn/town"},
	} {
		s := api.New(st, api.Config{BaseURL: tt.set}, quietLog())
		if got := get(t, s, "/api/config").json(t)["base_url"]; got != tt.want {
			t.Errorf("%s: config base_url = %#v; want %q", tt.name, got, tt.want)
		}
	}
}

// TestConfigOfflineDays: /api/config tells the app how many days a grid
// worker's phone may keep their personal data without contact with the
// server: 7 unless the server is told otherwise.
func TestConfigOfflineDays(t *testing.T) {
	t.Parallel()
	st := newSQLiteStore(t)
	newScene(t, st)
	for _, tt := range []struct {
		name string
		set  int
		want float64
	}{
		{"default", 0, 7},
		{"set", 3, 3},
	} {
		s := api.New(st, api.Config{OfflineDays: tt.set}, quietLog())
		if got := get(t, s, "/api/config").json(t)["offline_days"]; got != tt.want {
			t.Errorf("%s: config offline_days = %#v; want %v", tt.name, got, tt.want)
		}
	}
}

// TestConfigTileCells: /api/config tells the app how many cells the town
// has and past how many it draws the map from the vector tiles, so that
// it can choose before it downloads any cell.
func TestConfigTileCells(t *testing.T) {
	t.Parallel()
	st := newSQLiteStore(t)
	newScene(t, st)
	cells := float64(len(get(t, api.New(st, api.Config{}, quietLog()), "/api/cells").json(t)["features"].([]any)))
	if cells == 0 {
		t.Fatal("the scene has no cells")
	}
	for _, tt := range []struct {
		name string
		set  int
		want float64
	}{
		{"default", 0, api.DefaultTileCells},
		{"set", 1, 1},
	} {
		body := get(t, api.New(st, api.Config{TileCells: tt.set}, quietLog()), "/api/config").json(t)
		if got := body["tile_cells"]; got != tt.want {
			t.Errorf("%s: config tile_cells = %#v; want %v", tt.name, got, tt.want)
		}
		if got := body["cells"]; got != cells {
			t.Errorf("%s: config cells = %#v; want %v", tt.name, got, cells)
		}
	}
}
