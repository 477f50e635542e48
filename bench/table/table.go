package main

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
)

// kind is what one kind of case measures and the target the issue sets
// it.
type kind struct {
	label string // what gridmap answers
	ref   string // what it is set against
	unit  string // "/s" (more is better), " ms" (less is better) or " MB"
	// ratio is the least ratio (gridmap ÷ reference, or reference ÷
	// gridmap for times) the issue asks for; 0 for none.
	ratio float64
	// least is the least rate and most the most memory the issue asks
	// for, per sample; none for none.
	least map[string]float64
	most  map[string]float64
}

// namedKind is a kind with the name compare-servers.sh gives it.
type namedKind struct {
	id string
	kind
}

// kinds are the cases compare-servers.sh measures, in table order.
var kinds = []namedKind{
	{"cells", kind{label: "`/api/cells`", ref: "ceiling, same bytes", unit: "/s", ratio: 0.70}},
	{"cells-gzip", kind{label: "`/api/cells` gzip", ref: "ceiling, same bytes", unit: "/s", ratio: 0.70}},
	{"ogc", kind{label: "OGC cells, first page", ref: "ceiling, same bytes", unit: "/s", ratio: 0.70}},
	{"ogc-gzip", kind{label: "OGC cells, first page, gzip", ref: "ceiling, same bytes", unit: "/s", ratio: 0.70}},
	{"ogc-pg", kind{label: "OGC cells, first page", ref: "direct PostGIS (json_build_object)", unit: "/s"}},
	{"locate", kind{label: "`/api/locate`", ref: "hello world", unit: "/s", ratio: 0.60}},
	{"tile-z10", kind{label: "z10 cells tile, cached", ref: "direct PostGIS (ST_AsMVT)", unit: "/s", ratio: 100,
		least: map[string]float64{"city": 690}}},
	{"tile-z13", kind{label: "z13 cells tile, cached", ref: "direct PostGIS (ST_AsMVT)", unit: "/s", ratio: 10,
		least: map[string]float64{"city": 6000}}},
	{"tile-z10-ceiling", kind{label: "z10 cells tile, cached", ref: "ceiling, same bytes", unit: "/s"}},
	{"tile-z13-ceiling", kind{label: "z13 cells tile, cached", ref: "ceiling, same bytes", unit: "/s"}},
	{"tile-z10-first", kind{label: "z10 cells tile, first answer", ref: "direct PostGIS, one query", unit: " ms"}},
	{"tile-z13-first", kind{label: "z13 cells tile, first answer", ref: "direct PostGIS, one query", unit: " ms"}},
	{"rss", kind{label: "peak memory (VmHWM) after the load", unit: " MB",
		most: map[string]float64{"town": 100, "city": 600}}},
}

// record is one case's figures, each side's over the rounds.
type record struct {
	sample, store, kind string
	gridmap, ref        []float64
}

// parse reads the records and the notes.
func parse(r io.Reader) ([]*record, []string, error) {
	var notes []string
	byCase := map[string]*record{}
	var order []*record
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		if note, ok := strings.CutPrefix(line, "#"); ok {
			notes = append(notes, strings.TrimSpace(note))
			continue
		}
		f := strings.Fields(line)
		if len(f) != 3 {
			return nil, nil, fmt.Errorf("line %d: %q is not CASE SIDE VALUE", n, line)
		}
		parts := strings.Split(f[0], "/")
		if len(parts) != 3 || !slices.ContainsFunc(kinds, func(k namedKind) bool {
			return k.id == parts[2]
		}) {
			return nil, nil, fmt.Errorf("line %d: %q is not SAMPLE/STORE/KIND with a known kind", n, f[0])
		}
		v, err := strconv.ParseFloat(f[2], 64)
		if err != nil {
			return nil, nil, fmt.Errorf("line %d: %q is not a number", n, f[2])
		}
		rec := byCase[f[0]]
		if rec == nil {
			rec = &record{sample: parts[0], store: parts[1], kind: parts[2]}
			byCase[f[0]] = rec
			order = append(order, rec)
		}
		switch f[1] {
		case "gridmap":
			rec.gridmap = append(rec.gridmap, v)
		case "ref":
			rec.ref = append(rec.ref, v)
		default:
			return nil, nil, fmt.Errorf("line %d: side %q is neither gridmap nor ref", n, f[1])
		}
	}
	return order, notes, sc.Err()
}

// write prints the table: the records by sample, store and kind (in the
// kinds' order), then the notes.
func write(w io.Writer, rs []*record, notes []string) error {
	rank := func(r *record) int {
		return slices.IndexFunc(kinds, func(k namedKind) bool {
			return k.id == r.kind
		})
	}
	rs = slices.Clone(rs)
	slices.SortStableFunc(rs, func(a, b *record) int {
		if c := strings.Compare(sampleOrder(a.sample), sampleOrder(b.sample)); c != 0 {
			return c
		}
		if c := strings.Compare(a.store, b.store); c != 0 {
			return -c // sqlite before postgis
		}
		return rank(a) - rank(b)
	})
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "| Sample | Store | Case | gridmap | Reference | Ratio | Target | Met? |")
	fmt.Fprintln(bw, "|--------|-------|------|--------:|-----------|------:|--------|------|")
	for _, r := range rs {
		k := kinds[rank(r)].kind
		g, gok := median(r.gridmap)
		ref, rok := median(r.ref)
		gs, refs, ratio := "–", "–", "–"
		if gok {
			gs = number(g) + k.unit
		}
		if rok {
			refs = number(ref) + k.unit + " " + k.ref
		} else if k.ref != "" {
			refs = "– " + k.ref
		}
		var x float64
		if gok && rok && g > 0 && ref > 0 {
			x = g / ref
			if k.unit == " ms" {
				x = ref / g // a time: how many times faster
			}
			ratio = ratioText(x)
		}
		var targets, misses []string
		if k.ratio > 0 {
			targets = append(targets, "≥ "+ratioText(k.ratio))
			if x < k.ratio {
				misses = append(misses, "ratio")
			}
		}
		if least, ok := k.least[r.sample]; ok {
			targets = append(targets, "≥ "+number(least)+k.unit)
			if !gok || g < least {
				misses = append(misses, number(least)+k.unit)
			}
		}
		if most, ok := k.most[r.sample]; ok {
			targets = append(targets, "< "+number(most)+k.unit)
			if !gok || g >= most {
				misses = append(misses, number(most)+k.unit)
			}
		}
		met := "–"
		switch {
		case len(targets) == 0:
		case len(misses) == 0:
			met = "met"
		default:
			met = "**missed** (" + strings.Join(misses, ", ") + ")"
		}
		target := "–"
		if len(targets) > 0 {
			target = strings.Join(targets, ", ")
		}
		fmt.Fprintf(bw, "| %s | %s | %s | %s | %s | %s | %s | %s |\n", r.sample, storeName(r.store), k.label, gs, refs, ratio, target, met)
	}
	if len(notes) > 0 {
		fmt.Fprintln(bw)
		for _, n := range notes {
			fmt.Fprintln(bw, n)
		}
	}
	return bw.Flush()
}

// sampleOrder sorts the town before the city.
func sampleOrder(s string) string {
	switch s {
	case "town":
		return "0"
	case "district":
		return "1"
	case "city":
		return "2"
	}
	return "3" + s
}

func storeName(s string) string {
	switch s {
	case "sqlite":
		return "SQLite"
	case "postgis":
		return "PostGIS"
	}
	return s
}

// median is the middle of vs (the mean of the two middle ones for an even
// count); false for none.
func median(vs []float64) (float64, bool) {
	if len(vs) == 0 {
		return 0, false
	}
	s := slices.Clone(vs)
	slices.Sort(s)
	m := len(s) / 2
	if len(s)%2 == 1 {
		return s[m], true
	}
	return (s[m-1] + s[m]) / 2, true
}

// number writes v with thousands separators, rounded to a whole number
// from 10 on and to one decimal below it.
func number(v float64) string {
	if v < 9.95 {
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	s := strconv.FormatInt(int64(math.Round(v)), 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// ratioText writes a ratio below 2 as a percentage and a larger one as a
// multiple.
func ratioText(x float64) string {
	if x < 2 {
		return strconv.FormatFloat(100*x, 'f', 0, 64) + " %"
	}
	return number(x) + "×"
}
