package geo_test

import (
	"fmt"

	"github.com/paulmach/orb"

	"gridmap/geo"
)

func ExampleContiguityWeights() {
	// Four cells in a 2×2 block, numbered
	//
	//	2 3
	//	0 1
	square := func(x, y float64) orb.Polygon {
		return orb.Polygon{{{x, y}, {x + 1, y}, {x + 1, y + 1}, {x, y + 1}, {x, y}}}
	}
	cells := []orb.Polygon{square(0, 0), square(1, 0), square(0, 1), square(1, 1)}
	for _, kind := range []geo.Contiguity{geo.Queen, geo.Rook} {
		fmt.Println(kind, geo.ContiguityWeights(cells, kind).Neighbors)
	}
	// Output:
	// queen [[1 2 3] [0 2 3] [0 1 3] [0 1 2]]
	// rook [[1 2] [0 3] [0 3] [1 2]]
}

func ExampleGiStar() {
	// Incidents in a 3×3 block of cells, rook neighbours, numbered
	//
	//	6 7 8
	//	3 4 5
	//	0 1 2
	incidents := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9}
	w := geo.Weights{Neighbors: [][]int{
		{1, 3}, {0, 2, 4}, {1, 5},
		{0, 4, 6}, {1, 3, 5, 7}, {2, 4, 8},
		{3, 7}, {4, 6, 8}, {5, 7},
	}}
	// The corners and edges pass 95 % alone, but among nine cells tested
	// at once only 90 % survives the false discovery rate correction.
	stats := geo.GiStar(incidents, w)
	corrected := geo.FDR(stats)
	for i, s := range stats {
		fmt.Printf("cell %d: z %+.2f p %.3f bin %+d, with FDR %+d\n", i, s.Z, s.P, s.Bin, corrected[i].Bin)
	}
	// Output:
	// cell 0: z -2.07 p 0.039 bin -2, with FDR -1
	// cell 1: z -2.20 p 0.027 bin -2, with FDR -1
	// cell 2: z -1.03 p 0.302 bin +0, with FDR +0
	// cell 3: z -0.73 p 0.462 bin +0, with FDR +0
	// cell 4: z +0.00 p 1.000 bin +0, with FDR +0
	// cell 5: z +0.73 p 0.462 bin +0, with FDR +0
	// cell 6: z +1.03 p 0.302 bin +0, with FDR +0
	// cell 7: z +2.20 p 0.027 bin +2, with FDR +1
	// cell 8: z +2.07 p 0.039 bin +2, with FDR +1
}
