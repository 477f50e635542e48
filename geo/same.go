package geo

import "github.com/paulmach/orb"

// SamePolygon reports whether a and b are the same polygon up to where each
// ring starts, which way it runs and the order of the holes: the test of
// whether an edit left a cell as it was, whatever form its rings were
// written in.
func SamePolygon(a, b orb.Polygon) bool {
	if len(a) != len(b) {
		return false
	}
	if len(a) == 0 {
		return true
	}
	if !sameRingShape(a[0], b[0]) {
		return false
	}
	used := make([]bool, len(b))
	for _, h := range a[1:] {
		found := false
		for j := 1; j < len(b); j++ {
			if !used[j] && sameRingShape(h, b[j]) {
				used[j], found = true, true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// sameRingShape reports whether two closed rings visit the same vertices in
// the same cyclic order, forwards or backwards.
func sameRingShape(a, b orb.Ring) bool {
	a, b = openRing(a), openRing(b)
	n := len(a)
	if n != len(b) {
		return false
	}
	if n == 0 {
		return true
	}
	for k := range n {
		if b[k] != a[0] {
			continue
		}
		fwd, bwd := true, true
		for i := 1; i < n && (fwd || bwd); i++ {
			fwd = fwd && b[(k+i)%n] == a[i]
			bwd = bwd && b[(k-i+n)%n] == a[i]
		}
		if fwd || bwd {
			return true
		}
	}
	return false
}

// openRing drops the closing point of a closed ring.
func openRing(r orb.Ring) orb.Ring {
	if len(r) > 1 && r[0] == r[len(r)-1] {
		return r[:len(r)-1]
	}
	return r
}
