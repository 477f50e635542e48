package main

import (
	"bytes"
	"errors"
	"flag"
	"slices"
	"strings"
	"testing"
	"time"

	"gridmap/api"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestParseConfig(t *testing.T) {
	cases := []struct {
		name string
		args []string
		env  map[string]string
		want func(Config) bool
	}{
		{"defaults", nil, nil, func(c Config) bool {
			return c.Addr == ":8080" && c.DB == "gridmap.db" && c.Seed && c.basemap() == nil && c.PublicStaffContacts && c.OfflineDays == 7 && c.PetitionDays == 60
		}},
		{"petition days by environment", nil, map[string]string{"GRIDMAP_PETITION_DAYS": "45"}, func(c Config) bool {
			return c.PetitionDays == 45
		}},
		{"offline days by environment", nil, map[string]string{"GRIDMAP_OFFLINE_DAYS": "3"}, func(c Config) bool {
			return c.OfflineDays == 3
		}},
		{"tile cells by default", nil, nil, func(c Config) bool {
			return c.TileCells == api.DefaultTileCells
		}},
		{"tile cells by environment", nil, map[string]string{"GRIDMAP_TILE_CELLS": "100"}, func(c Config) bool {
			return c.TileCells == 100
		}},
		{"staff contacts hidden by flag", []string{"-public-staff-contacts=false"}, nil, func(c Config) bool {
			return !c.PublicStaffContacts
		}},
		{"staff contacts hidden by environment", nil, map[string]string{"GRIDMAP_PUBLIC_STAFF_CONTACTS": "false"}, func(c Config) bool {
			return !c.PublicStaffContacts
		}},
		{"flags", []string{"-addr", "127.0.0.1:9000", "-db", "/tmp/x.db"}, nil, func(c Config) bool {
			return c.Addr == "127.0.0.1:9000" && c.DB == "/tmp/x.db"
		}},
		{"environment", nil, map[string]string{"GRIDMAP_ADDR": ":9", "DATABASE_URL": "postgres://u@h/db", "GRIDMAP_SEED": "false"}, func(c Config) bool {
			return c.Addr == ":9" && c.DB == "postgres://u@h/db" && !c.Seed
		}},
		{"GRIDMAP_DB wins over DATABASE_URL", nil, map[string]string{"GRIDMAP_DB": "a.db", "DATABASE_URL": "postgres://x"}, func(c Config) bool {
			return c.DB == "a.db"
		}},
		{"flag wins over environment", []string{"-addr", ":1"}, map[string]string{"GRIDMAP_ADDR": ":2"}, func(c Config) bool {
			return c.Addr == ":1"
		}},
		{"deadlines", []string{"-deadlines", "reported=2h, mediating=240h"}, nil, func(c Config) bool {
			d, err := c.deadlines()
			return err == nil && len(d) == 2 && d["reported"] == 2*time.Hour && d["mediating"] == 240*time.Hour
		}},
		{"deadlines in working days", []string{"-deadlines", "reported=24h, mediating=60d,escalated=30d"}, nil, func(c Config) bool {
			d, err := c.deadlines()
			w := c.workDays()
			return err == nil && len(d) == 1 && d["reported"] == 24*time.Hour && len(w) == 2 && w["mediating"] == 60 && w["escalated"] == 30
		}},
		{"CORS for any origin by default", nil, nil, func(c Config) bool {
			o, err := c.corsOrigins()
			return err == nil && slices.Equal(o, []string{"*"})
		}},
		{"CORS origins", nil, map[string]string{"GRIDMAP_CORS_ORIGINS": "https://map.example.cn, http://localhost:3000/"}, func(c Config) bool {
			o, err := c.corsOrigins()
			return err == nil && slices.Equal(o, []string{"https://map.example.cn", "http://localhost:3000"})
		}},
		{"CORS for no origin", []string{"-cors-origins", "none"}, nil, func(c Config) bool {
			o, err := c.corsOrigins()
			return err == nil && o != nil && len(o) == 0
		}},
		{"poll by store", nil, nil, func(c Config) bool {
			sq, err1 := c.pollEvery(false)
			pg, err2 := c.pollEvery(true)
			return err1 == nil && err2 == nil && sq == time.Second && pg == 30*time.Second
		}},
		{"poll off", nil, map[string]string{"GRIDMAP_POLL": "off"}, func(c Config) bool {
			d, err := c.pollEvery(true)
			return err == nil && d == 0
		}},
		{"poll every 250 ms", []string{"-poll", "250ms"}, nil, func(c Config) bool {
			sq, err1 := c.pollEvery(false)
			pg, err2 := c.pollEvery(true)
			return err1 == nil && err2 == nil && sq == 250*time.Millisecond && pg == 250*time.Millisecond
		}},
		{"basemap", []string{"-basemap-url", "https://t{s}.tianditu.gov.cn/x/{z}/{x}/{y}", "-basemap-subdomains", "01234567"}, nil, func(c Config) bool {
			b := c.basemap()
			return b != nil && b.Subdomains == "01234567" && b.MaxZoom == 18
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := parseConfig(c.args, env(c.env), &bytes.Buffer{})
			if err != nil {
				t.Fatalf("parseConfig(%v) error: %v", c.args, err)
			}
			if !c.want(cfg) {
				t.Errorf("parseConfig(%v, %v) = %+v", c.args, c.env, cfg)
			}
		})
	}
}

func TestParseConfigErrors(t *testing.T) {
	cases := []struct {
		name string
		args []string
		env  map[string]string
	}{
		{"bad log format", []string{"-log-format", "xml"}, nil},
		{"bad env bool", nil, map[string]string{"GRIDMAP_SEED": "maybe"}},
		{"no offline days", []string{"-offline-days", "0"}, nil},
		{"no petition days", []string{"-petition-days", "0"}, nil},
		{"no tile cells", []string{"-tile-cells", "0"}, nil},
		{"unknown notify format", []string{"-notify-format", "slack"}, nil},
		{"webhook not a URL", nil, map[string]string{"GRIDMAP_NOTIFY_WEBHOOK": "oapi.dingtalk.com/robot/send"}},
		{"offline days not a number", nil, map[string]string{"GRIDMAP_OFFLINE_DAYS": "a week"}},
		{"unknown flag", []string{"-colour"}, nil},
		{"stray argument", []string{"extra"}, nil},
		{"deadline of a closed status", []string{"-deadlines", "closed=24h"}, nil},
		{"deadline not a duration", []string{"-deadlines", "reported=tomorrow"}, nil},
		{"deadline of no working days", []string{"-deadlines", "reported=0d"}, nil},
		{"deadline of too many working days", []string{"-deadlines", "reported=1001d"}, nil},
		{"deadline in fractional days", []string{"-deadlines", "reported=1.5d"}, nil},
		{"negative deadline", nil, map[string]string{"GRIDMAP_DEADLINES": "reported=-1h"}},
		{"repeated incident type", []string{"-incident-types", "其他,其他"}, nil},
		{"empty incident type", []string{"-incident-types", "邻里纠纷,,其他"}, nil},
		{"incident type with an unknown flag", []string{"-incident-types", "宅基地纠纷|Homestead|homestead|urgent"}, nil},
		{"repeated incident type code", nil, map[string]string{"GRIDMAP_INCIDENT_TYPES": "甲|A|x,乙|B|x"}},
		{"CORS origin with a path", []string{"-cors-origins", "https://map.example.cn/app"}, nil},
		{"CORS origin without a scheme", nil, map[string]string{"GRIDMAP_CORS_ORIGINS": "map.example.cn"}},
		{"CORS wildcard subdomain", []string{"-cors-origins", "https://*.example.cn"}, nil},
		{"poll not a duration", []string{"-poll", "1"}, nil},
		{"poll too often", nil, map[string]string{"GRIDMAP_POLL": "1ms"}},
		{"CORS empty origin in a list", []string{"-cors-origins", "https://a.cn,,https://b.cn"}, nil},
	}
	for _, c := range cases {
		if _, err := parseConfig(c.args, env(c.env), &bytes.Buffer{}); err == nil {
			t.Errorf("%s: parseConfig(%v) = nil error; want one", c.name, c.args)
		}
	}
}

func TestHelpListsEnvironment(t *testing.T) {
	var out bytes.Buffer
	_, err := parseConfig([]string{"-h"}, env(nil), &out)
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("-h error = %v; want flag.ErrHelp", err)
	}
	for _, want := range []string{"-addr", "GRIDMAP_ADDR", "-db", "DATABASE_URL", "GRIDMAP_BASEMAP_URL"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("help lacks %q:\n%s", want, out.String())
		}
	}
}

func TestRedact(t *testing.T) {
	cases := map[string]string{
		"postgres://gridmap:secret@127.0.0.1/db": "postgres://gridmap:***@127.0.0.1/db",
		"postgres://gridmap@127.0.0.1/db":        "postgres://gridmap@127.0.0.1/db",
		"gridmap.db":                             "gridmap.db",
	}
	for in, want := range cases {
		if got := redact(in); got != want {
			t.Errorf("redact(%q) = %q; want %q", in, got, want)
		}
	}
}
