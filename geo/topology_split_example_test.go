package geo_test

import (
	"fmt"

	"github.com/paulmach/orb"

	"gridmap/geo"
)

func ExampleTopology_SplitFace() {
	square := func(x, y float64) orb.Polygon {
		return orb.Polygon{{{x, y}, {x + 1, y}, {x + 1, y + 1}, {x, y + 1}, {x, y}}}
	}
	top, err := geo.BuildTopology([]orb.Polygon{square(0, 0), square(1, 0)})
	if err != nil {
		fmt.Println(err)
		return
	}
	// Cut the west cell a little below its middle, from the town's
	// boundary to the side it shares with the east cell.
	split, cell, err := top.SplitFace(0, orb.LineString{{0, 0.4}, {1, 0.4}})
	if err != nil {
		fmt.Println(err)
		return
	}
	polys := split.Polygons()
	fmt.Println("new cell", cell, polys[cell])
	fmt.Println("kept", polys[0])
	fmt.Println("east", polys[1], split.Validate(geo.ValidateOptions{}))

	// A line that does not reach the boundary is refused.
	_, _, err = top.SplitFace(0, orb.LineString{{0, 0.4}, {0.5, 0.4}})
	fmt.Println(err)
	// Output:
	// new cell 2 [[[0 0.4] [0 0] [1 0] [1 0.4] [0 0.4]]]
	// kept [[[1 0.4] [1 1] [0 1] [0 0.4] [1 0.4]]]
	// east [[[1 0] [2 0] [2 1] [1 1] [1 0.4] [1 0]]] []
	// geo: the last point [0.5 0.4] of the line is not on the boundary of face 0 (it is 0.4° away; at most 1e-06° is accepted)
}

func ExampleTopology_MergeFaces() {
	square := func(x, y float64) orb.Polygon {
		return orb.Polygon{{{x, y}, {x + 1, y}, {x + 1, y + 1}, {x, y + 1}, {x, y}}}
	}
	top, err := geo.BuildTopology([]orb.Polygon{square(0, 0), square(1, 0), square(0, 1)})
	if err != nil {
		fmt.Println(err)
		return
	}
	merged, err := top.MergeFaces(0, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	polys := merged.Polygons()
	fmt.Println(polys[0], len(polys[1]), "rings left in cell 1")
	fmt.Println(merged.Validate(geo.ValidateOptions{Removed: []int{1}}))
	for _, p := range merged.Validate(geo.ValidateOptions{}) {
		fmt.Println(p.Kind, p.Faces)
	}

	// Cells 1 and 2 meet only at a corner.
	_, err = top.MergeFaces(1, 2)
	fmt.Println(err)
	// Output:
	// [[[1 1] [0 1] [0 0] [1 0] [2 0] [2 1] [1 1]]] 0 rings left in cell 1
	// []
	// empty [1]
	// geo: faces 1 and 2 share no edge; only neighbours along a boundary can be merged
}
