package api

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/paulmach/orb"
)

func TestAppendStringMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	cases := []string{"", "安稳镇", `quote " and \ backslash`, "tab\tnew\nline\x00", "bad \xff utf8", "line\u2028sep", "<&>"}
	for _, s := range cases {
		var got any
		if err := json.Unmarshal(appendString(nil, s), &got); err != nil {
			t.Errorf("appendString(%q) is not JSON: %v", s, err)
			continue
		}
		var want any
		raw, _ := json.Marshal(s)
		json.Unmarshal(raw, &want)
		if got != want {
			t.Errorf("appendString(%q) decodes to %q; want %q", s, got, want)
		}
	}
}

func FuzzAppendString(f *testing.F) {
	f.Add("安稳镇 \"x\" \\ \n")
	f.Fuzz(func(t *testing.T, s string) {
		var got string
		if err := json.Unmarshal(appendString(nil, s), &got); err != nil {
			t.Fatalf("appendString(%q) is not JSON: %v", s, err)
		}
		var want string
		raw, _ := json.Marshal(s)
		json.Unmarshal(raw, &want)
		if got != want {
			t.Fatalf("appendString(%q) decodes to %q; want %q", s, got, want)
		}
	})
}

func TestAppendFeatureCollection(t *testing.T) {
	t.Parallel()
	resolved := time.Date(2024, 5, 6, 7, 8, 9, 0, time.FixedZone("CST", 8*3600))
	fs := []feature{
		{id: "500110119001001", geom: orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}, props: props{{"name", "一网格"}, {"population", 12}}},
		{id: int64(7), geom: orb.Point{106.5, 28.25}, props: props{{"at", resolved}, {"none", (*time.Time)(nil)}, {"ok", true}}},
	}
	got := string(appendFeatureCollection(nil, fs, props{{"numberMatched", 2}}))
	want := `{"type":"FeatureCollection","features":[` +
		`{"type":"Feature","id":"500110119001001","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]},"properties":{"name":"一网格","population":12}},` +
		`{"type":"Feature","id":7,"geometry":{"type":"Point","coordinates":[106.5,28.25]},"properties":{"at":"2024-05-05T23:08:09Z","none":null,"ok":true}}` +
		`],"numberMatched":2}`
	if got != want {
		t.Errorf("appendFeatureCollection =\n%s\nwant\n%s", got, want)
	}
	if !json.Valid([]byte(got)) {
		t.Errorf("output is not valid JSON")
	}
}
