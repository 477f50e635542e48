package sample

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"

	"gridmap/data"
)

// orderCells sorts the k cells of a unit into code order: west to east in
// rows north to south. The unit's bounding box is cut into ceil(√k) rows of
// equal height; a cell belongs to the row holding its area centroid
// (computed in longitude/latitude), and within a row cells go by the
// centroid's longitude.
func orderCells(cells []orb.Polygon, unit orb.Polygon) []orb.Polygon {
	type keyed struct {
		row int
		c   orb.Point
		p   orb.Polygon
	}
	rows := rowsFor(len(cells))
	b := unit.Bound()
	height := (b.Max[1] - b.Min[1]) / float64(rows)
	ks := make([]keyed, len(cells))
	for i, p := range cells {
		c := centroid(p[0])
		row := min(int((b.Max[1]-c[1])/height), rows-1)
		ks[i] = keyed{row, c, p}
	}
	slices.SortFunc(ks, func(a, b keyed) int {
		return cmp.Or(cmp.Compare(a.row, b.row), cmp.Compare(a.c[0], b.c[0]), cmp.Compare(b.c[1], a.c[1]))
	})
	out := make([]orb.Polygon, len(ks))
	for i, k := range ks {
		out[i] = k.p
	}
	return out
}

// centroid returns the area centroid of ring r in longitude/latitude, like
// orb's planar.CentroidArea but with every product rounded on its own, so
// that cell codes come out the same on every architecture.
func centroid(r orb.Ring) orb.Point {
	o := r[0]
	var a, x, y float64
	for i := 0; i+1 < len(r); i++ {
		p, q := sub(r[i], o), sub(r[i+1], o)
		c := cross(p, q)
		a += c
		x += float64((p[0] + q[0]) * c)
		y += float64((p[1] + q[1]) * c)
	}
	return orb.Point{o[0] + x/(3*a), o[1] + y/(3*a)}
}

// rowsFor returns ceil(√k).
func rowsFor(k int) int {
	r := int(math.Sqrt(float64(k)))
	for r*r < k {
		r++
	}
	return r
}

// cellName names a cell after its unit: village cells after their
// cooperative (崇河村三社网格), community cells by number (安稳社区第2网格).
func cellName(u unitSpec, seq int) string {
	if u.kind == data.UnitVillage {
		return fmt.Sprintf("%s%s社网格", u.name, chineseNumber(seq))
	}
	return fmt.Sprintf("%s第%d网格", u.name, seq)
}

// chineseNumber writes 1..99 in Chinese numerals: 三, 十, 十三, 二十一.
func chineseNumber(n int) string {
	digits := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n < 10:
		return digits[n]
	case n < 20:
		return "十" + digits[n%10]
	}
	return digits[n/10] + "十" + digits[n%10]
}

// cellKind is the kind of the cells of a unit.
func cellKind(u unitSpec) string {
	if u.kind == data.UnitVillage {
		return data.CellRural
	}
	return data.CellCommunity
}
