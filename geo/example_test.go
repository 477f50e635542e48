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
