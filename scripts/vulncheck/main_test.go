package main

import (
	"strings"
	"testing"
)

// stream is govulncheck's JSON for one vulnerability GO-1 that the code
// calls (through two paths) and one GO-2 only imported.
const stream = `{"config":{"db":"file:///db","go_version":"go1.26.8","scan_level":"symbol"}}
{"osv":{"id":"GO-1","summary":"called bug"}}
{"osv":{"id":"GO-2","summary":"imported bug"}}
{"finding":{"osv":"GO-1","fixed_version":"v1.2.0","trace":[{"module":"example.com/m","version":"v1.0.0"}]}}
{"finding":{"osv":"GO-1","fixed_version":"v1.2.0","trace":[{"module":"example.com/m","version":"v1.0.0","package":"example.com/m/p","function":"F","position":{"filename":"p.go","line":3,"column":1}},{"module":"example.com/m","package":"example.com/m/q","function":"G"},{"module":"gridmap","package":"gridmap/api","function":"New","position":{"filename":"api/server.go","line":9,"column":2}}]}}
{"finding":{"osv":"GO-1","fixed_version":"v1.2.0","trace":[{"module":"example.com/m","version":"v1.0.0","package":"example.com/m/p","function":"Close","receiver":"*T","position":{"filename":"p.go","line":5,"column":1}},{"module":"gridmap","package":"gridmap/api","function":"Read","receiver":"body","position":{"filename":"api/body.go","line":7,"column":3}}]}}
{"finding":{"osv":"GO-2","trace":[{"module":"example.com/n","version":"v0.1.0","package":"example.com/n"}]}}
`

func TestCheck(t *testing.T) {
	tests := []struct {
		name       string
		accepted   map[string]string
		unaccepted int
		want       []string // lines the report must have
	}{
		{"a called vulnerability fails", nil, 1, []string{
			"GO-1 called bug",
			"example.com/m@v1.0.0, fixed in v1.2.0",
			"api/body.go:7:3: api.body.Read calls p.T.Close", // the shorter path
			"NOT ACCEPTED",
			"1 vulnerabilities called (1 not accepted); 1 more in imported code that is not called",
		}},
		{"an accepted one passes and says why", map[string]string{"GO-1": "not reachable"}, 0, []string{
			"accepted: not reachable",
		}},
		{"an only imported one is not failed, and an accepted one not found is named", map[string]string{"GO-1": "x", "GO-2": "y", "GO-3": "z"}, 0, []string{
			"GO-2 is accepted but not called",
			"GO-3 is accepted but not called",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out strings.Builder
			n, err := check(strings.NewReader(stream), tt.accepted, &out)
			if err != nil || n != tt.unaccepted {
				t.Fatalf("check() = %d, %v; want %d unaccepted", n, err, tt.unaccepted)
			}
			for _, line := range tt.want {
				if !strings.Contains(out.String(), line) {
					t.Errorf("report lacks %q:\n%s", line, out.String())
				}
			}
			if strings.Contains(out.String(), "GO-2 imported bug") {
				t.Errorf("report lists GO-2, which is not called:\n%s", out.String())
			}
		})
	}
}

func TestCheckInvalid(t *testing.T) {
	for name, in := range map[string]string{
		"not govulncheck's":   `{"finding":{"osv":"GO-1"}}`,
		"not JSON":            `Your code is affected by 1 vulnerability`,
		"package-level scans": `{"config":{"scan_level":"package"}}`,
	} {
		if _, err := check(strings.NewReader(in), nil, &strings.Builder{}); err == nil {
			t.Errorf("check(%s) = nil error; want one", name)
		}
	}
}

func TestReadAccept(t *testing.T) {
	got, err := readAccept(strings.NewReader("# comment\n\nGO-1 the reason, in words\n"))
	if err != nil || len(got) != 1 || got["GO-1"] != "the reason, in words" {
		t.Errorf("readAccept() = %v, %v; want GO-1 with its reason", got, err)
	}
	if _, err := readAccept(strings.NewReader("GO-1\n")); err == nil {
		t.Error("readAccept(an ID without a reason) = nil error; want one")
	}
}
