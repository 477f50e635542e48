package geo

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/maptile"
)

// TileGrid places lon/lat geometry on one Web Mercator tile of a vector
// tile set: integer coordinates from 0 to Extent across the tile, y down,
// clipped Buffer units beyond its edges so that strokes and labels at the
// edge join those of the next tile.
type TileGrid struct {
	Tile   maptile.Tile
	Extent int // e.g. 4096, as Mapbox Vector Tiles use
	Buffer int
}

// PixelDegrees is about one screen pixel at zoom z, in degrees of
// longitude, for a map that draws a tile 512 pixels wide (as MapLibre
// does): the tolerance to simplify with at that zoom. At latitude lat a
// pixel spans fewer degrees of latitude; the caller scales by cos(lat).
func PixelDegrees(z int) float64 { return 360 / (512 * math.Exp2(float64(z))) }

// Bound is the lon/lat box the tile covers with its buffer: geometry
// outside it draws nothing on the tile.
func (g TileGrid) Bound() orb.Bound {
	return g.Tile.Bound(float64(g.Buffer) / float64(g.Extent))
}

// Point returns p in tile coordinates, rounded down to whole units.
func (g TileGrid) Point(p orb.Point) orb.Point {
	scale := float64(g.Extent) * math.Exp2(float64(g.Tile.Z))
	x := (p[0]/360 + 0.5) * scale
	s := math.Sin(p[1] * math.Pi / 180)
	s = math.Max(-0.9999, math.Min(0.9999, s)) // the poles lie at infinity
	y := (0.5 - math.Log((1+s)/(1-s))/(4*math.Pi)) * scale
	return orb.Point{math.Floor(x - float64(g.Tile.X)*float64(g.Extent)), math.Floor(y - float64(g.Tile.Y)*float64(g.Extent))}
}

// Polygon returns p in tile coordinates, clipped to the tile and its
// buffer, wound as vector tiles ask (exterior rings of positive area with
// y down, that is clockwise on screen; holes the other way), without
// repeated points, and without rings that rounding to whole units made
// empty; nil when nothing of the exterior is left. Neighbours sharing
// vertices share them on the tile too, since each vertex is rounded alone.
func (g TileGrid) Polygon(p orb.Polygon) orb.Polygon {
	if len(p) == 0 {
		return nil
	}
	proj := make(orb.Polygon, 0, len(p))
	for _, r := range p {
		q := make(orb.Ring, 0, len(r))
		for _, pt := range r {
			if t := g.Point(pt); len(q) == 0 || q[len(q)-1] != t {
				q = append(q, t)
			}
		}
		proj = append(proj, q)
	}
	e, b := float64(g.Extent), float64(g.Buffer)
	proj = clip.Polygon(orb.Bound{Min: orb.Point{-b, -b}, Max: orb.Point{e + b, e + b}}, proj)
	out := proj[:0]
	for i, r := range proj {
		r = dropRepeats(r)
		a := planarArea(r) // positive when clockwise on screen, y being down
		if len(r) < 4 || a == 0 {
			if i == 0 {
				return nil
			}
			continue
		}
		if (i == 0) != (a > 0) {
			r.Reverse()
		}
		out = append(out, r)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// dropRepeats removes consecutive repeated points of a ring, closing it.
func dropRepeats(r orb.Ring) orb.Ring {
	out := r[:0]
	for _, p := range r {
		if len(out) == 0 || out[len(out)-1] != p {
			out = append(out, p)
		}
	}
	if len(out) > 0 && out[0] != out[len(out)-1] {
		out = append(out, out[0])
	}
	return out
}
