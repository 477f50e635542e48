package geo_test

import (
	"fmt"

	"github.com/paulmach/orb"

	"gridmap/geo"
)

func ExampleSnap() {
	// Two cells of about 100 m × 110 m near 安稳镇, digitised apart: the
	// east cell's west border bulges 0.3 m east of the west cell's at
	// mid-height, leaving a sliver no cell covers.
	west := orb.Polygon{{{106.600, 29.000}, {106.601, 29.000}, {106.601, 29.001}, {106.600, 29.001}, {106.600, 29.000}}}
	east := orb.Polygon{{{106.601, 29.000}, {106.602, 29.000}, {106.602, 29.001}, {106.601, 29.001}, {106.601003, 29.0005}, {106.601, 29.000}}}
	cells := []orb.Polygon{west, east}
	for _, p := range geo.CheckCoverage(cells, nil) {
		fmt.Printf("before: %s %v %.1f m²\n", p.Kind, p.Faces, p.AreaM2)
	}
	snapped, st, err := geo.Snap(cells, 0.5)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("snapped: %d moved, %d inserted\n", st.Moved, st.Inserted)
	fmt.Println("west border:", snapped[0][0])
	fmt.Println("problems after:", len(geo.CheckCoverage(snapped, nil)))
	// Output:
	// before: gap [0 1] 16.2 m²
	// snapped: 0 moved, 1 inserted
	// west border: [[106.6 29] [106.601 29] [106.601003 29.0005] [106.601 29.001] [106.6 29.001] [106.6 29]]
	// problems after: 0
}
