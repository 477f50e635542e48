package geo_test

import (
	"fmt"

	"github.com/paulmach/orb"

	"gridmap/geo"
)

func ExampleUnionPartition() {
	// Two cells sharing the edge (1,0)-(1,1), as neighbours in a town do.
	west := orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}}
	east := orb.Polygon{{{1, 0}, {2, 0}, {2, 1}, {1, 1}, {1, 0}}}
	u, err := geo.UnionPartition([]orb.Polygon{west, east})
	fmt.Println(u, err)
	// Output: [[[0 0] [1 0] [2 0] [2 1] [1 1] [0 1] [0 0]]] <nil>
}

func ExampleValidatePartition() {
	cells := []geo.Part{
		{ID: "001", Polygon: orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}}},
		{ID: "002", Polygon: orb.Polygon{{{1, 0}, {2, 0}, {2, 1}, {1, 1}, {1, 0}}}},
		// Overlaps 002 by half.
		{ID: "003", Polygon: orb.Polygon{{{1.5, 0}, {2.5, 0}, {2.5, 1}, {1.5, 1}, {1.5, 0}}}},
	}
	for _, p := range geo.ValidatePartition(cells, nil) {
		fmt.Println(p.Kind, p.IDs, p.Message)
	}
	// Output: overlap [002 003] boundaries run along each other on the same side
}

func ExampleBuildTopology() {
	square := func(x, y float64) orb.Polygon {
		return orb.Polygon{{{x, y}, {x + 1, y}, {x + 1, y + 1}, {x, y + 1}, {x, y}}}
	}
	cells := []orb.Polygon{square(0, 0), square(1, 0), square(0, 1), square(1, 1)}
	top, err := geo.BuildTopology(cells)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(top.Nodes), "nodes,", len(top.Edges), "edges")

	// Drag the centre, which all four cells share.
	centre := 0
	for i, p := range top.Nodes {
		if p == (orb.Point{1, 1}) {
			centre = i
		}
	}
	moved, _ := top.MoveNode(centre, orb.Point{1.2, 0.9})
	fmt.Println(moved.Polygons()[0], moved.Validate(geo.ValidateOptions{}))

	// Too far: across the east cells' outer side. Each pair of crossing
	// edges is reported with the cells on either side of them.
	far, _ := top.MoveNode(centre, orb.Point{2.5, 1})
	for _, p := range far.Validate(geo.ValidateOptions{IDs: []string{"sw", "se", "nw", "ne"}}) {
		fmt.Println(p.Kind, p.IDs)
	}
	// The old topology is unchanged.
	fmt.Println(top.Nodes[centre])
	// Output:
	// 5 nodes, 8 edges
	// [[[1 0] [1.2 0.9] [0 1] [0 0] [1 0]]] []
	// cross [sw se]
	// cross [sw se nw]
	// cross [sw se nw ne]
	// cross [sw nw ne]
	// cross [nw ne]
	// [1 1]
}
