package api

import (
	"strings"
	"testing"
)

// FuzzNegotiate feeds arbitrary Accept-Language headers to negotiate: it
// never panics, always picks zh-CN or en, picks zh-CN when the header
// names no English range, and a range of another language changes nothing.
func FuzzNegotiate(f *testing.F) {
	for _, s := range []string{"", "en", "zh-CN,zh;q=0.9,en;q=0.8", "en-US,en;q=0.9", "en;q=0.5, zh;q=0.5",
		"fr-FR, de;q=0.9", "en;q=1.5", "en;q=NaN", "en;q=-0", "en;q=0.0001,zh;q=0", "*", "en;;;q=1;q=0", "EN;Q=1", " ,;=,", "zh-Hant-TW;q=1e-400"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, header string) {
		got := negotiate(header)
		if got != langZH && got != langEN {
			t.Fatalf("negotiate(%q) = %q; want %q or %q", header, got, langZH, langEN)
		}
		if !strings.Contains(strings.ToLower(header), "en") && got != langZH {
			t.Fatalf("negotiate(%q) = %q; want %q: the header names no English", header, got, langZH)
		}
		if other := negotiate(header + ",fr;q=1"); other != got {
			t.Fatalf("negotiate(%q) = %q but %q with a French range added", header, got, other)
		}
	})
}
