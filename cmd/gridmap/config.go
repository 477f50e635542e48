package main

import (
	"flag"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"

	"gridmap/api"
	"gridmap/data"
	"gridmap/domain"
	"gridmap/notify"
)

// Config is the whole configuration of the server, from flags and the
// environment; every field has a working default.
type Config struct {
	Addr       string
	DB         string
	BaseURL    string
	Seed       bool
	LogFormat  string
	TrustProxy bool
	LoginRate  int
	// OfflineDays is how many days a phone keeps a grid worker's
	// personal data without contact with the server.
	OfflineDays int
	// TileCells is the number of cells past which the app draws the map
	// from vector tiles (api.Config.TileCells).
	TileCells int
	Deadlines string
	// PetitionDays are the calendar days from a petition's 受理 to its
	// reply (api.Config.PetitionDays).
	PetitionDays int
	Types        string
	// PublicStaffContacts shows grid workers' and mediators' names and
	// phones to anonymous visitors and viewers, as notice boards do.
	PublicStaffContacts bool
	CORS                string
	// NotifyWebhook, NotifyFormat and NotifySecret send each notification
	// event, without personal data, to a group robot (package notify).
	NotifyWebhook string
	NotifyFormat  string
	NotifySecret  string
	// Poll is how often the server asks the store for writes of other
	// processes: auto, a duration, or off (see pollEvery).
	Poll string

	BasemapURL         string
	BasemapAttribution string
	BasemapSubdomains  string
	BasemapMaxZoom     int
}

func (c Config) basemap() *api.Basemap {
	if c.BasemapURL == "" {
		return nil
	}
	return &api.Basemap{URL: c.BasemapURL, Attribution: c.BasemapAttribution, Subdomains: c.BasemapSubdomains, MaxZoom: c.BasemapMaxZoom}
}

// envNames maps each flag to its environment variables, first match wins.
var envNames = map[string][]string{
	"addr":                {"GRIDMAP_ADDR"},
	"db":                  {"GRIDMAP_DB", "DATABASE_URL"},
	"base-url":            {"GRIDMAP_BASE_URL"},
	"seed":                {"GRIDMAP_SEED"},
	"log-format":          {"GRIDMAP_LOG_FORMAT"},
	"trust-proxy":         {"GRIDMAP_TRUST_PROXY"},
	"login-rate":          {"GRIDMAP_LOGIN_RATE"},
	"offline-days":        {"GRIDMAP_OFFLINE_DAYS"},
	"tile-cells":          {"GRIDMAP_TILE_CELLS"},
	"petition-days":       {"GRIDMAP_PETITION_DAYS"},
	"deadlines":           {"GRIDMAP_DEADLINES"},
	"incident-types":      {"GRIDMAP_INCIDENT_TYPES"},
	"basemap-url":         {"GRIDMAP_BASEMAP_URL"},
	"basemap-attribution": {"GRIDMAP_BASEMAP_ATTRIBUTION"},
	"basemap-subdomains":  {"GRIDMAP_BASEMAP_SUBDOMAINS"},
	"basemap-max-zoom":    {"GRIDMAP_BASEMAP_MAX_ZOOM"},

	"public-staff-contacts": {"GRIDMAP_PUBLIC_STAFF_CONTACTS"},
	"cors-origins":          {"GRIDMAP_CORS_ORIGINS"},
	"notify-webhook":        {"GRIDMAP_NOTIFY_WEBHOOK"},
	"notify-format":         {"GRIDMAP_NOTIFY_FORMAT"},
	"notify-secret":         {"GRIDMAP_NOTIFY_SECRET"},
	"poll":                  {"GRIDMAP_POLL"},
}

// parseConfig reads flags, then fills every flag not given on the command
// line from its environment variable.
func parseConfig(args []string, getenv func(string) string, stderr io.Writer) (Config, error) {
	var c Config
	fs := flag.NewFlagSet("gridmap", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.Addr, "addr", ":8080", "listen address")
	fs.StringVar(&c.DB, "db", "gridmap.db", "SQLite file path, or a postgres:// URL for PostGIS")
	fs.StringVar(&c.BaseURL, "base-url", "", "public URL of the service for absolute links (default: from each request)")
	fs.BoolVar(&c.Seed, "seed", true, "load the illustrative sample town into an empty database")
	fs.StringVar(&c.LogFormat, "log-format", "text", "log format: text or json")
	fs.BoolVar(&c.TrustProxy, "trust-proxy", false, "take client addresses from the last X-Forwarded-For entry, which the reverse proxy in front appends (only behind one)")
	fs.IntVar(&c.LoginRate, "login-rate", 10, "login attempts allowed per client address per minute")
	fs.IntVar(&c.PetitionDays, "petition-days", domain.DefaultReplyDays, "calendar days a petition (信访事项) may take from 受理 to its reply whatever its stage, as 《信访工作条例》 art. 32 counts its 60 days (the day of 受理 not counted; a last day on a rest day moves to the next working day); an admin or cadre may extend one petition's once by up to 30 days with a reason")
	fs.IntVar(&c.OfflineDays, "offline-days", 7, "days a grid worker's phone keeps their cells' residents and open incidents without contact with the server")
	fs.IntVar(&c.TileCells, "tile-cells", api.DefaultTileCells, "number of cells past which the app draws the map from vector tiles (/tiles) instead of downloading every cell (/api/cells)")
	fs.StringVar(&c.Types, "incident-types", defaultTypes(), typesUsage)
	fs.StringVar(&c.Deadlines, "deadlines", formatDeadlines(nil, domain.DefaultWorkDays()), "how long an incident may stay in each open status before it is overdue, and when the 回访 of a resolved one is due: status=duration pairs; a duration in hours (72h, 90m) is elapsed time, one in days (15d) counts working days on the calendar the admin keeps (休/班 marks, China's official calendar seeded), ending with the last of them, the day the stage began not counted, as 《信访工作条例》 counts its 60 days")
	fs.StringVar(&c.BasemapURL, "basemap-url", "", "XYZ tile URL of an optional basemap, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png (default: none, works offline)")
	fs.StringVar(&c.BasemapAttribution, "basemap-attribution", "", "attribution shown for the basemap")
	fs.StringVar(&c.BasemapSubdomains, "basemap-subdomains", "", "subdomains for {s} in the basemap URL, e.g. 01234567 for Tianditu")
	fs.IntVar(&c.BasemapMaxZoom, "basemap-max-zoom", 18, "highest zoom level of the basemap")
	fs.BoolVar(&c.PublicStaffContacts, "public-staff-contacts", true, "show grid workers' and mediators' names and phones to anonymous visitors and viewers, as the towns' notice boards (网格公示牌) do")
	fs.StringVar(&c.CORS, "cors-origins", "*", "origins whose web pages may read the public map data and OGC API (CORS), comma-separated: * for any, none for no other origin; never with credentials")
	fs.StringVar(&c.NotifyWebhook, "notify-webhook", "", "URL that gets each notification (case number, type, cell, link; no personal data), e.g. a 企业微信 or 钉钉 group robot (default: none)")
	fs.StringVar(&c.NotifyFormat, "notify-format", "json", "body of the webhook: wecom (企业微信 robot), dingtalk (钉钉 robot) or json")
	fs.StringVar(&c.NotifySecret, "notify-secret", "", "钉钉 robot signing secret (SEC...), if the robot has one")
	fs.StringVar(&c.Poll, "poll", "auto", "how often to ask the database for writes of other processes (a command-line import, other instances): a duration such as 1s, off, or auto for 1s on SQLite and 30s on PostGIS, where other instances' writes arrive at once by LISTEN/NOTIFY and the poll is a safety net")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: gridmap [serve] [flags]\n       gridmap user add|list|disable|enable|passwd [flags]\n       gridmap sample -scale town|district|city [-incidents N] -db PATH|URL\n\nServes the town's governance grid map, app API (/api) and OGC API - Features (/ogc).\nEvery flag can also be set by its environment variable.\n\n")
		fs.VisitAll(func(f *flag.Flag) {
			def := ""
			if f.DefValue != "" {
				def = fmt.Sprintf(" (default %q)", f.DefValue)
			}
			fmt.Fprintf(stderr, "  -%s (env %s)\n    \t%s%s\n", f.Name, strings.Join(envNames[f.Name], " or "), f.Usage, def)
		})
		fmt.Fprintf(stderr, "\nEnvironment only:\n  GRIDMAP_ADMIN_PASSWORD\n    \tpassword of the admin account created on first start (default: a random one, printed once)\n")
		fmt.Fprintf(stderr, "\nAccounts: gridmap user add|list|disable|enable|passwd (gridmap user -h)\n")
	}
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return c, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		if given[f.Name] || err != nil {
			return
		}
		for _, env := range envNames[f.Name] {
			if v := getenv(env); v != "" {
				if e := f.Value.Set(v); e != nil {
					err = fmt.Errorf("environment variable %s: %v", env, e)
				}
				return
			}
		}
	})
	if err != nil {
		return c, err
	}
	if _, err := c.deadlines(); err != nil {
		return c, err
	}
	if _, err := c.incidentTypes(); err != nil {
		return c, err
	}
	if _, err := c.corsOrigins(); err != nil {
		return c, err
	}
	if err := notify.CheckFormat(c.NotifyFormat); err != nil {
		return c, fmt.Errorf("-notify-format: %v", err)
	}
	if c.NotifyWebhook != "" {
		if u, err := url.Parse(c.NotifyWebhook); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return c, fmt.Errorf("-notify-webhook must be an http(s) URL, got %q", c.NotifyWebhook)
		}
	}
	if c.PetitionDays < 1 || c.PetitionDays > 1000 {
		return c, fmt.Errorf("-petition-days must be a whole number of calendar days from 1 to 1000, got %d", c.PetitionDays)
	}
	if c.OfflineDays < 1 {
		return c, fmt.Errorf("-offline-days must be a whole number of days, 1 or more, got %d", c.OfflineDays)
	}
	if c.TileCells < 1 {
		return c, fmt.Errorf("-tile-cells must be a whole number of cells, 1 or more, got %d", c.TileCells)
	}
	if _, err := c.pollEvery(false); err != nil {
		return c, err
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return c, fmt.Errorf("-log-format must be text or json, got %q", c.LogFormat)
	}
	return c, nil
}

// pollEvery parses -poll: the pause between two revision queries of a
// server whose store notifies it of other processes' writes or not, 0
// for none.
func (c Config) pollEvery(notified bool) (time.Duration, error) {
	switch c.Poll {
	case "auto":
		if notified {
			return 30 * time.Second, nil
		}
		return time.Second, nil
	case "off":
		return 0, nil
	}
	d, err := time.ParseDuration(c.Poll)
	if err != nil || d < 10*time.Millisecond {
		return 0, fmt.Errorf("-poll must be auto, off or a duration of 10ms or more such as 1s, got %q", c.Poll)
	}
	return d, nil
}

// deadlines parses -deadlines: status=duration pairs for open statuses and
// resolved (the 回访's deadline). It
// returns the elapsed durations; workDays returns the pairs in days.
func (c Config) deadlines() (map[string]time.Duration, error) {
	out := map[string]time.Duration{}
	for _, pair := range strings.Split(c.Deadlines, ",") {
		status, d, ok := strings.Cut(strings.TrimSpace(pair), "=")
		if !ok || !domain.HasDeadline(status) {
			return nil, fmt.Errorf("-deadlines: %q is not status=duration for a status with a deadline (%s)", pair, strings.Join(data.DeadlineStatuses, ", "))
		}
		if days, isDays := strings.CutSuffix(d, "d"); isDays {
			if n, err := strconv.Atoi(days); err != nil || n <= 0 || n > 1000 {
				return nil, fmt.Errorf("-deadlines: %q is not a number of working days from 1 to 1000 like 15d", d)
			}
			continue
		}
		dur, err := time.ParseDuration(d)
		if err != nil || dur <= 0 {
			return nil, fmt.Errorf("-deadlines: %q is not a positive duration like 72h or a number of working days like 15d", d)
		}
		out[status] = dur
	}
	return out, nil
}

// workDays returns the -deadlines pairs given in working days ("15d"),
// which deadlines checked.
func (c Config) workDays() map[string]int {
	out := map[string]int{}
	for _, pair := range strings.Split(c.Deadlines, ",") {
		status, d, _ := strings.Cut(strings.TrimSpace(pair), "=")
		if days, isDays := strings.CutSuffix(d, "d"); isDays {
			if n, err := strconv.Atoi(days); err == nil {
				out[status] = n
			}
		}
	}
	return out
}

// formatDeadlines writes deadlines, elapsed and in working days, as
// -deadlines takes them, in workflow order.
func formatDeadlines(m map[string]time.Duration, days map[string]int) string {
	var parts []string
	for _, status := range data.DeadlineStatuses {
		if d, ok := m[status]; ok {
			parts = append(parts, status+"="+strings.TrimSuffix(strings.TrimSuffix(d.String(), "0s"), "0m"))
		} else if n, ok := days[status]; ok {
			parts = append(parts, status+"="+strconv.Itoa(n)+"d")
		}
	}
	return strings.Join(parts, ",")
}

// corsOrigins parses -cors-origins: "*", "none", or a list of origins
// (scheme://host[:port], as browsers send them in Origin).
func (c Config) corsOrigins() ([]string, error) {
	out := []string{}
	if strings.TrimSpace(c.CORS) == "none" {
		return out, nil
	}
	for _, o := range strings.Split(c.CORS, ",") {
		o = strings.TrimSuffix(strings.TrimSpace(o), "/")
		if o != "*" {
			u, err := url.Parse(o)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
				u.Path != "" || u.RawQuery != "" || u.Fragment != "" || strings.Contains(o, "*") {
				return nil, fmt.Errorf("-cors-origins: %q is not *, none or an origin such as https://map.example.cn", o)
			}
		}
		out = append(out, o)
	}
	return out, nil
}

// defaultTypes is -incident-types' default: the default types' names.
func defaultTypes() string {
	return strings.Join(domain.IncidentTypeNames(domain.DefaultIncidentTypes()), ",")
}

// typesUsage is -incident-types' usage, of "gridmap serve" and of the
// incident ledger's import and template.
const typesUsage = "the dispute types reports may have, comma-separated: each a name or name|English|code|flags|category (flags legal+volatile; category: the row of the monthly mediation statistics, e.g. housing or 房屋宅基地)"

// incidentTypes parses -incident-types (domain.ParseIncidentTypes).
func (c Config) incidentTypes() ([]data.IncidentType, error) {
	ts, err := domain.ParseIncidentTypes(c.Types)
	if err != nil {
		return nil, fmt.Errorf("-incident-types: %w", err)
	}
	return ts, nil
}
