package api

import "testing"

func TestETagMatch(t *testing.T) {
	t.Parallel()
	cases := []struct {
		header string
		want   bool
	}{
		{`"abc"`, true},
		{`W/"abc"`, true},
		{`"abc-gz"`, true},
		{`"x", "abc"`, true},
		{`*`, true},
		{`"abd"`, false},
		{`abc`, false},
	}
	for _, c := range cases {
		if got := etagMatch(c.header, `"abc"`); got != c.want {
			t.Errorf("etagMatch(%q, \"abc\") = %v; want %v", c.header, got, c.want)
		}
	}
}

func TestAcceptsGzip(t *testing.T) {
	t.Parallel()
	cases := []struct {
		header string
		want   bool
	}{
		{"gzip", true},
		{"gzip, deflate, br", true},
		{"br;q=1.0, GZIP;q=0.5", true},
		{"*", true},
		{"gzip;q=0", false},
		{"identity", false},
		{"", false},
	}
	for _, c := range cases {
		if got := accepts(c.header, "gzip"); got != c.want {
			t.Errorf("accepts(%q, gzip) = %v; want %v", c.header, got, c.want)
		}
	}
}
