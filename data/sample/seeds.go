package sample

import (
	"math/rand/v2"

	"github.com/paulmach/orb"

	"gridmap/data"
)

// outlineKM is the illustrative shape the town is fitted to, in kilometres
// of the generator's plane, counter-clockwise. The final boundary follows it
// only roughly: it is made of cell edges.
var outlineKM = []orb.Point{
	{-6.2, 1.2}, {-5.4, -1.2}, {-6.6, -3.4}, {-5.0, -5.6}, {-3.0, -5.0}, {-2.0, -6.4},
	{-1.0, -8.0}, {1.2, -7.6}, {2.2, -6.0}, {3.6, -5.2}, {5.6, -4.4}, {6.4, -2.2},
	{7.2, -0.6}, {6.2, 1.4}, {6.8, 3.4}, {5.0, 4.4}, {4.2, 6.2}, {2.4, 6.0},
	{1.2, 7.2}, {-0.6, 7.8}, {-1.8, 6.6}, {-3.4, 6.4}, {-4.6, 4.6}, {-6.4, 3.8},
}

// seat is the town seat (镇政府驻地), where communities are densest.
var seat = orb.Point{0, 800}

const (
	sampleStep    = 50 // metres between the points that stand for the town's ground
	lloydRounds   = 60
	seedsPCG      = 0x616e77656e // "anwen"
	ghostReach    = 1500.0       // seeds closer than this to the outline get mirrored
	ghostMinDepth = 150.0        // a mirror image must lie this far outside the outline
	// communityReach shrinks the communities' share of the ground: a
	// sample goes to the unit whose centre is nearest after dividing the
	// distance to a community centre by it (an Apollonius diagram).
	communityReach = 0.6
)

func outlineMetres() []orb.Point {
	out := make([]orb.Point, len(outlineKM))
	for i, p := range outlineKM {
		out[i] = scale(p, 1000)
	}
	return out
}

// weighted is a ground sample and its weight in the Lloyd iterations.
type weighted struct {
	p orb.Point
	w float64
}

// unitSamples covers the outline with a square lattice of points and gives
// each to the nearest unit centre, communities reaching less far. Community samples are weighted towards
// the seat, so that their cells come out smaller there.
func unitSamples(outline []orb.Point) [][]weighted {
	b := orb.MultiPoint(outline).Bound()
	out := make([][]weighted, len(units))
	for y := b.Min[1] + sampleStep/2; y < b.Max[1]; y += sampleStep {
		for x := b.Min[0] + sampleStep/2; x < b.Max[0]; x += sampleStep {
			p := orb.Point{x, y}
			if !ringContains(outline, p) {
				continue
			}
			best, bestD := 0, 0.0
			for u := range units {
				d := dist2(p, units[u].centre)
				if units[u].kind == data.UnitCommunity {
					d /= communityReach * communityReach
				}
				if u == 0 || d < bestD {
					best, bestD = u, d
				}
			}
			w := 1.0
			if units[best].kind == data.UnitCommunity {
				w = 1 + 8/(1+dist2(p, seat)/(600*600))
			}
			out[best] = append(out[best], weighted{p, w})
		}
	}
	return out
}

// lloyd places k seeds on the samples of one unit and moves each, round
// after round, to the weighted centroid of the samples nearest to it, which
// spreads them evenly (a centroidal Voronoi tessellation).
func lloyd(samples []weighted, k int, rng *rand.Rand) []orb.Point {
	seeds := make([]orb.Point, k)
	for i, j := range rng.Perm(len(samples))[:k] {
		seeds[i] = samples[j].p
	}
	sums := make([]weighted, k)
	for range lloydRounds {
		clear(sums)
		for _, s := range samples {
			best, bestD := 0, dist2(s.p, seeds[0])
			for i := 1; i < len(seeds); i++ {
				if d := dist2(s.p, seeds[i]); d < bestD {
					best, bestD = i, d
				}
			}
			sums[best].p = add(sums[best].p, scale(s.p, s.w))
			sums[best].w += s.w
		}
		for i := range seeds {
			if sums[i].w > 0 {
				seeds[i] = scale(sums[i].p, 1/sums[i].w)
			}
		}
	}
	return seeds
}

// ghosts returns mirror images of the seeds near the outline, reflected
// across its edges. Cells of ghosts are thrown away; their bisectors with
// the real seeds run along the outline and so shape the town's boundary.
func ghosts(seeds []orb.Point, outline []orb.Point) []orb.Point {
	var out []orb.Point
	for _, s := range seeds {
		for i := range outline {
			a, b := outline[i], outline[(i+1)%len(outline)]
			d2, t := segmentDist2(s, a, b)
			if d2 > ghostReach*ghostReach || t <= 0 || t >= 1 {
				continue
			}
			foot := lerp(a, b, t)
			g := sub(scale(foot, 2), s)
			if ringContains(outline, g) || nearOutline(g, outline) {
				continue
			}
			out = append(out, g)
		}
	}
	return out
}

func nearOutline(p orb.Point, outline []orb.Point) bool {
	for i := range outline {
		if d2, _ := segmentDist2(p, outline[i], outline[(i+1)%len(outline)]); d2 < ghostMinDepth*ghostMinDepth {
			return true
		}
	}
	return false
}
