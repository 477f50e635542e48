package geo

import "github.com/paulmach/orb"

// RightHand returns p with its exterior ring counter-clockwise and its holes
// clockwise, as RFC 7946 asks of GeoJSON. Rings already wound so are shared,
// not copied; p itself is never modified.
func RightHand(p orb.Polygon) orb.Polygon {
	ok := true
	for i, r := range p {
		if (i == 0) != (r.Orientation() == orb.CCW) {
			ok = false
			break
		}
	}
	if ok {
		return p
	}
	out := make(orb.Polygon, len(p))
	for i, r := range p {
		out[i] = r
		if (i == 0) != (r.Orientation() == orb.CCW) {
			out[i] = r.Clone()
			out[i].Reverse()
		}
	}
	return out
}
