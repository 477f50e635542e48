package postgis

import "testing"

func TestRebind(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"none", `SELECT 1`, `SELECT 1`},
		{"in order", `WHERE a = ? AND b IN (SELECT value FROM unnest(CAST(? AS text[])) AS value)`,
			`WHERE a = $1 AND b IN (SELECT value FROM unnest(CAST($2 AS text[])) AS value)`},
		{"numbered", `WHERE ?1 = '' OR c = ?1 AND d = ?12`, `WHERE $1 = '' OR c = $1 AND d = $12`},
		{"at the end", `LIMIT ? OFFSET ?`, `LIMIT $1 OFFSET $2`},
	}
	for round := range 2 { // the second round reads the cache
		for _, tt := range tests {
			if got := (dialect{}).Rebind(tt.in); got != tt.want {
				t.Errorf("%s (round %d): Rebind(%q) = %q; want %q", tt.name, round, tt.in, got, tt.want)
			}
		}
	}
}
