// Command vulncheck turns govulncheck's findings into a pass or a fail for
// make lint. It reads the JSON stream of `govulncheck -format json` on
// standard input, prints each vulnerability that the code calls, and fails
// unless every one of them is listed, with a reason, in the accept file
// (govulncheck has no such list of its own). Vulnerabilities in packages
// that are imported but not called are counted, not failed: govulncheck
// itself reports them the same way.
//
//	go tool govulncheck -format json ./... | go run ./scripts/vulncheck -accept scripts/vulncheck.accept
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

func main() {
	accept := flag.String("accept", "", "file of accepted vulnerability IDs, one per line: ID reason")
	flag.Parse()
	accepted := map[string]string{}
	if *accept != "" {
		f, err := os.Open(*accept)
		if err != nil {
			fmt.Fprintln(os.Stderr, "vulncheck:", err)
			os.Exit(2)
		}
		accepted, err = readAccept(f)
		f.Close()
		if err != nil {
			fmt.Fprintf(os.Stderr, "vulncheck: %s: %v\n", *accept, err)
			os.Exit(2)
		}
	}
	unaccepted, err := check(os.Stdin, accepted, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "vulncheck:", err)
		os.Exit(2)
	}
	if unaccepted > 0 {
		fmt.Fprintf(os.Stderr, "vulncheck: %d vulnerabilities called and not accepted: upgrade the module or Go (see \"fixed in\"), or list the ID in %s with the reason it does not apply\n", unaccepted, *accept)
		os.Exit(1)
	}
}

// readAccept reads lines of "ID reason"; blank lines and lines starting
// with # are skipped. A line without a reason is an error: an accepted
// vulnerability must say why.
func readAccept(r io.Reader) (map[string]string, error) {
	accepted := map[string]string{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		id, reason, _ := strings.Cut(line, " ")
		if reason = strings.TrimSpace(reason); reason == "" {
			return nil, fmt.Errorf("line %d: %s has no reason", n, id)
		}
		accepted[id] = reason
	}
	return accepted, sc.Err()
}

// message is one value of govulncheck's JSON stream (the fields used here
// of golang.org/x/vuln/internal/govulncheck.Message).
type message struct {
	Config *struct {
		DB        string `json:"db"`
		GoVersion string `json:"go_version"`
		ScanLevel string `json:"scan_level"`
	} `json:"config"`
	OSV *struct {
		ID      string `json:"id"`
		Summary string `json:"summary"`
	} `json:"osv"`
	Finding *struct {
		OSV          string  `json:"osv"`
		FixedVersion string  `json:"fixed_version"`
		Trace        []frame `json:"trace"`
	} `json:"finding"`
}

// frame is one step of a finding's trace: the first is the vulnerable
// symbol (or only its module or package), the last the caller in this
// module.
type frame struct {
	Module   string `json:"module"`
	Version  string `json:"version"`
	Package  string `json:"package"`
	Function string `json:"function"`
	Receiver string `json:"receiver"`
	Position *struct {
		Filename string `json:"filename"`
		Line     int    `json:"line"`
		Column   int    `json:"column"`
	} `json:"position"`
}

func (f frame) symbol() string {
	pkg := f.Package[strings.LastIndex(f.Package, "/")+1:]
	if f.Receiver != "" {
		return pkg + "." + strings.TrimPrefix(f.Receiver, "*") + "." + f.Function
	}
	return pkg + "." + f.Function
}

// called is what the report says of one vulnerability the code calls.
type called struct {
	found, fixed string // module@version, and the version that fixes it
	example      string // one call path, from this module's side
	depth        int    // the length of that path
}

// check reads the stream from r, writes the report to w and returns how
// many called vulnerabilities are not accepted. It fails on a stream that
// is not govulncheck's (no config message) or that scanned below the
// symbol level, where "called" cannot be told.
func check(r io.Reader, accepted map[string]string, w io.Writer) (int, error) {
	dec := json.NewDecoder(r)
	summaries := map[string]string{}
	calls := map[string]called{}
	imported := map[string]bool{}
	configured := false
	for {
		var m message
		if err := dec.Decode(&m); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return 0, fmt.Errorf("reading govulncheck's JSON: %v", err)
		}
		switch {
		case m.Config != nil:
			if m.Config.ScanLevel != "symbol" {
				return 0, fmt.Errorf("scan level %q; want symbol (the default)", m.Config.ScanLevel)
			}
			configured = true
			fmt.Fprintf(w, "govulncheck: %s, database %s\n", m.Config.GoVersion, m.Config.DB)
		case m.OSV != nil:
			summaries[m.OSV.ID] = m.OSV.Summary
		case m.Finding != nil && len(m.Finding.Trace) > 0:
			id, top := m.Finding.OSV, m.Finding.Trace[0]
			if top.Function == "" {
				imported[id] = true
				continue
			}
			c := called{found: top.Module + "@" + top.Version, fixed: m.Finding.FixedVersion, depth: len(m.Finding.Trace)}
			if c.fixed == "" {
				c.fixed = "none yet"
			}
			c.example = "calls " + top.symbol()
			if last := m.Finding.Trace[len(m.Finding.Trace)-1]; last.Position != nil && len(m.Finding.Trace) > 1 {
				c.example = fmt.Sprintf("%s:%d:%d: %s %s", last.Position.Filename, last.Position.Line, last.Position.Column, last.symbol(), c.example)
			}
			// The shortest path is the example, the same one whatever
			// order the findings come in.
			if old, seen := calls[id]; !seen || c.depth < old.depth || c.depth == old.depth && c.example < old.example {
				calls[id] = c
			}
		}
	}
	if !configured {
		return 0, errors.New("no govulncheck config message in the input: did govulncheck run with -format json?")
	}
	ids := make([]string, 0, len(calls))
	for id := range calls {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	unaccepted := 0
	for _, id := range ids {
		c := calls[id]
		verdict := "NOT ACCEPTED"
		if reason, ok := accepted[id]; ok {
			verdict = "accepted: " + reason
		} else {
			unaccepted++
		}
		fmt.Fprintf(w, "%s %s\n    %s, fixed in %s\n    %s\n    %s\n", id, summaries[id], c.found, c.fixed, c.example, verdict)
	}
	notCalled := 0
	for id := range imported {
		if _, ok := calls[id]; !ok {
			notCalled++
		}
	}
	fmt.Fprintf(w, "govulncheck: %d vulnerabilities called (%d not accepted); %d more in imported code that is not called\n", len(ids), unaccepted, notCalled)
	var stale []string
	for id := range accepted {
		if _, ok := calls[id]; !ok {
			stale = append(stale, id)
		}
	}
	slices.Sort(stale)
	for _, id := range stale {
		fmt.Fprintf(w, "govulncheck: %s is accepted but not called: remove it from the accept file\n", id)
	}
	return unaccepted, nil
}
