package boundary

import (
	"slices"
	"strings"

	"gridmap/data"
)

// PairMoves sums what moves from one cell to another.
type PairMoves struct {
	From       string `json:"from"`
	To         string `json:"to"`
	Households int    `json:"households"`
	Residents  int    `json:"residents"`
	Incidents  int    `json:"incidents"`
}

// Summarise sums an impact per pair of cells, ordered by the cells' codes.
func Summarise(imp *data.BoundaryImpact) []PairMoves {
	type key struct{ from, to string }
	sums := map[key]*PairMoves{}
	get := func(from, to string) *PairMoves {
		k := key{from, to}
		if sums[k] == nil {
			sums[k] = &PairMoves{From: from, To: to}
		}
		return sums[k]
	}
	for _, m := range imp.Households {
		p := get(m.From, m.To)
		p.Households++
		p.Residents += m.Residents
	}
	for _, m := range imp.Incidents {
		get(m.From, m.To).Incidents++
	}
	out := []PairMoves{}
	for _, p := range sums {
		out = append(out, *p)
	}
	slices.SortFunc(out, func(a, b PairMoves) int {
		return strings.Compare(a.From+" "+a.To, b.From+" "+b.To)
	})
	return out
}
