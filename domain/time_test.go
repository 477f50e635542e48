package domain

import (
	"testing"
	"time"
)

func TestStoredTime(t *testing.T) {
	in := time.Date(2024, 3, 16, 11, 4, 5, 123456789, time.FixedZone("CST", 8*3600))
	want := time.Date(2024, 3, 16, 3, 4, 5, 123456000, time.UTC)
	if got := StoredTime(in); got != want {
		t.Errorf("StoredTime(%v) = %v; want %v", in, got, want)
	}
}
