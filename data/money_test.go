package data

import (
	"encoding/json"
	"errors"
	"testing"
)

func TestParseYuan(t *testing.T) {
	tests := []struct {
		in   string
		want Fen
		ok   bool
	}{
		{"0", 0, true},
		{"12", 1200, true},
		{"12.5", 1250, true},
		{"12.05", 1205, true},
		{"0.01", 1, true},
		{"100000000000", MaxFen, true},
		{"100000000000.01", 0, false},
		{"1.005", 0, false},
		{"-1", 0, false},
		{"1e3", 0, false},
		{"12.", 0, false},
		{".5", 0, false},
		{"", 0, false},
		{"五百", 0, false},
		{"9999999999999", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseYuan(tt.in)
		if tt.ok && (err != nil || got != tt.want) {
			t.Errorf("ParseYuan(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
		var de *Error
		if !tt.ok && (!errors.As(err, &de) || de.Code != EINVALID || de.Field != "amount_agreed") {
			t.Errorf("ParseYuan(%q) = %d, %v; want EINVALID naming amount_agreed", tt.in, got, err)
		}
	}
}

func TestFenJSON(t *testing.T) {
	for _, tt := range []struct {
		f    Fen
		json string
		yuan string
	}{{0, "0", "0.00"}, {5, "0.05", "0.05"}, {1250, "12.5", "12.50"}, {123456, "1234.56", "1234.56"}, {100, "1", "1.00"}} {
		b, err := json.Marshal(tt.f)
		if err != nil || string(b) != tt.json {
			t.Errorf("json.Marshal(Fen(%d)) = %s, %v; want %s", tt.f, b, err, tt.json)
		}
		if got := tt.f.Yuan(); got != tt.yuan {
			t.Errorf("Fen(%d).Yuan() = %q; want %q", tt.f, got, tt.yuan)
		}
		var back Fen
		if err := json.Unmarshal(b, &back); err != nil || back != tt.f {
			t.Errorf("json.Unmarshal(%s) = %d, %v; want %d", b, back, err, tt.f)
		}
	}
}
