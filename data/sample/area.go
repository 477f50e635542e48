package sample

import (
	"fmt"
	"math/rand/v2"

	"github.com/paulmach/orb"

	"gridmap/data"
	"gridmap/geo"
)

// areaSpec describes a generated area of many towns (a district or a
// city): a lattice of towns, each a lattice of units, each a lattice of
// cells, with jittered inner vertices shared by the four cells around
// them, so that the cells partition the area with shared edges and no
// gaps or overlaps, and every unit and town is a whole block of them.
type areaSpec struct {
	code, name, county, province string
	prefix                       string // the county's 6-digit code, which unit codes start with
	townSuffix                   string // 镇 or 街道
	townCols, townRows           int
	unitCols, unitRows           int // per town
	cellCols, cellRows           int // per unit
	communities                  int // the first units of each town that are communities; the rest are villages
	cellMetres                   float64
	residents                    int // on average per cell
	stream                       uint64
}

// district is 綦江区 drawn as 20 towns of 10 units of 15 cells: 3,000
// cells. Its real code and name; every town, boundary and person in it is
// generated.
var district = areaSpec{
	code: "500110000000", name: "綦江区（示意）", county: "綦江区", province: "重庆市", prefix: "500110", townSuffix: "镇",
	townCols: 5, townRows: 4, unitCols: 5, unitRows: 2, cellCols: 3, cellRows: 5, communities: 3,
	cellMetres: 900, residents: 250, stream: 1,
}

// city is an illustrative urban area of 20 街道 of 25 communities of 40
// cells: 20,000 cells and 2,000,000 residents.
var city = areaSpec{
	code: "500100000000", name: "重庆示意城区", county: "示意城区", province: "重庆市", prefix: "500199", townSuffix: "街道",
	townCols: 5, townRows: 4, unitCols: 5, unitRows: 5, cellCols: 8, cellRows: 5, communities: 25,
	cellMetres: 250, residents: 100, stream: 2,
}

func (a areaSpec) cols() int { return a.townCols * a.unitCols * a.cellCols }
func (a areaSpec) rows() int { return a.townRows * a.unitRows * a.cellRows }

// Syllables of generated place names.
const (
	placeFirst  = "青石龙永新东三横赶郭丁扶打篆隆中安文通古白金红桥福兴清溪长乐太平双河花"
	placeSecond = "林山岩坝湾桥溪江坪口田塘场坡岗水阳华明丰平安和盛兴湖峰川沟"
)

// lattice holds the area's vertices in metres, (cols+1)×(rows+1), rows
// from north to south.
type lattice struct {
	cols, rows int
	pts        []orb.Point
}

func (l *lattice) at(j, k int) orb.Point { return l.pts[k*(l.cols+1)+j] }

// newLattice jitters every inner vertex by up to 30 % of a cell, keyed
// on its position; vertices on the outline stay on it.
func newLattice(a areaSpec) *lattice {
	l := &lattice{cols: a.cols(), rows: a.rows()}
	w, h := float64(l.cols)*a.cellMetres, float64(l.rows)*a.cellMetres
	for k := 0; k <= l.rows; k++ {
		for j := 0; j <= l.cols; j++ {
			x := float64(float64(j)*a.cellMetres) - w/2
			y := h/2 - float64(float64(k)*a.cellMetres)
			if j > 0 && j < l.cols && k > 0 && k < l.rows {
				r := splitmix(a.stream<<40 ^ uint64(k)<<20 ^ uint64(j))
				x += float64(float64(int(r%601)-300) / 1000 * a.cellMetres)
				y += float64(float64(int(r>>20%601)-300) / 1000 * a.cellMetres)
			}
			l.pts = append(l.pts, lonLat(orb.Point{x, y}))
		}
	}
	return l
}

// block is the counter-clockwise outline of the cells in columns j0..j1-1
// and rows k0..k1-1, through every lattice vertex on it, so that it is
// the union of those cells.
func (l *lattice) block(j0, k0, j1, k1 int) orb.Polygon {
	var r orb.Ring
	for j := j0; j < j1; j++ { // south edge, west to east
		r = append(r, l.at(j, k1))
	}
	for k := k1; k > k0; k-- { // east edge, south to north
		r = append(r, l.at(j1, k))
	}
	for j := j1; j > j0; j-- { // north edge, east to west
		r = append(r, l.at(j, k0))
	}
	for k := k0; k < k1; k++ { // west edge, north to south
		r = append(r, l.at(j0, k))
	}
	return orb.Polygon{append(r, r[0])}
}

// generateArea draws an area: the town row (the whole area), its units
// and cells with their grid workers and mediators, and a Stream of its
// households and residents; no incidents.
func generateArea(a areaSpec) (*data.Dataset, error) {
	l := newLattice(a)
	rng := rand.New(rand.NewPCG(peoplePCG, a.stream<<32))
	d := &data.Dataset{Town: data.Town{Code: a.code, Name: a.name, County: a.county, Province: a.province, Note: note,
		Geometry: l.block(0, 0, l.cols, l.rows)}}
	towns := placeNames(rng, a.townCols*a.townRows, a.townSuffix)
	for t := range a.townCols * a.townRows {
		tj, tk := t%a.townCols*a.unitCols, t/a.townCols*a.unitRows
		names := placeNames(rng, a.unitCols*a.unitRows, "")
		for u := range a.unitCols * a.unitRows {
			spec := unitSpec{kind: data.UnitVillage, code: fmt.Sprintf("%s%03d%03d", a.prefix, 201+t, 200+u-a.communities)}
			spec.name = towns[t] + names[u] + "村"
			if u < a.communities {
				spec.kind, spec.code, spec.name = data.UnitCommunity, fmt.Sprintf("%s%03d%03d", a.prefix, 201+t, u+1), towns[t]+names[u]+"社区"
			}
			uj, uk := (tj+u%a.unitCols)*a.cellCols, (tk+u/a.unitCols)*a.cellRows
			d.Units = append(d.Units, data.Unit{Code: spec.code, Name: spec.name, Kind: spec.kind, TownCode: a.code,
				Geometry: l.block(uj, uk, uj+a.cellCols, uk+a.cellRows)})
			for seq := range a.cellCols * a.cellRows {
				j, k := uj+seq%a.cellCols, uk+seq/a.cellCols
				c := data.Cell{Code: fmt.Sprintf("%s%03d", spec.code, seq+1), Name: cellName(spec, seq+1),
					UnitCode: spec.code, UnitName: spec.name, Kind: cellKind(spec), Geometry: l.block(j, k, j+1, k+1)}
				c.AreaM2 = geo.Area(c.Geometry)
				c.Population = cellPopulation(a, len(d.Cells))
				sizes := householdSizes(a, len(d.Cells), c.Population, c.Kind == data.CellRural)
				c.Households = len(sizes)
				d.Cells = append(d.Cells, c)
				un := &d.Units[len(d.Units)-1]
				un.Cells++
				un.Population += c.Population
				un.Households += c.Households
			}
		}
	}
	pp := newPeople()
	assignWorkers(d.Cells, pp)
	codes := make([]string, len(d.Units))
	for i, u := range d.Units {
		codes[i] = u.Code
	}
	d.Mediators = mediatorsOf(pp, codes, 2+a.stream)
	d.Stream = &data.DatasetStream{Homes: drawHomes(a, d.Cells)}
	return d, nil
}

// placeNames draws n distinct two-character names, each followed by
// suffix.
func placeNames(rng *rand.Rand, n int, suffix string) []string {
	first, second := []rune(placeFirst), []rune(placeSecond)
	seen := make(map[string]bool, n)
	out := make([]string, 0, n)
	for len(out) < n {
		name := string(first[rng.IntN(len(first))]) + string(second[rng.IntN(len(second))]) + suffix
		if !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	}
	return out
}

// cellPopulation is the number of residents of cell i: the area's
// average, up and down by as much in pairs of cells, so that the total is
// exactly the average times the (even) number of cells.
func cellPopulation(a areaSpec, i int) int {
	delta := int(splitmix(a.stream<<40^uint64(i/2)) % uint64(a.residents/2))
	if i%2 == 1 {
		delta = -delta
	}
	return a.residents + delta
}

// householdSizes draws the sizes of cell i's households, which add up to
// its population.
func householdSizes(a areaSpec, i, population int, rural bool) []int {
	rng := rand.New(rand.NewPCG(peoplePCG^a.stream<<48, uint64(i)))
	weights := communitySizes
	if rural {
		weights = ruralSizes
	}
	var out []int
	for pop := 0; pop < population; {
		size := min(pickWeighted(rng, weights)+1, population-pop)
		out = append(out, size)
		pop += size
	}
	return out
}
