package geo

import (
	"errors"
	"math"
	"math/big"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

func TestValidateRing(t *testing.T) {
	tests := []struct {
		name string
		ring orb.Ring
		want string // substring of the reason; "" for valid
	}{
		{"square", orb.Ring{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}, ""},
		{"clockwise square", orb.Ring{{0, 0}, {0, 1}, {1, 1}, {1, 0}, {0, 0}}, ""},
		{"collinear vertex kept from a neighbour", orb.Ring{{0, 0}, {0.5, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}, ""},
		{"triangle", orb.Ring{{0, 0}, {1, 0}, {0, 1}, {0, 0}}, ""},
		{"empty", orb.Ring{}, "empty"},
		{"three points", orb.Ring{{0, 0}, {1, 0}, {0, 0}}, "at least 4"},
		{"not closed", orb.Ring{{0, 0}, {1, 0}, {1, 1}, {0, 1}}, "not closed"},
		{"repeated point", orb.Ring{{0, 0}, {1, 0}, {1, 0}, {1, 1}, {0, 0}}, "repeated"},
		{"bow-tie", orb.Ring{{0, 0}, {1, 1}, {1, 0}, {0, 1}, {0, 0}}, "intersects itself"},
		{"spike folding back", orb.Ring{{0, 0}, {2, 0}, {1, 0}, {1, 1}, {0, 0}}, "folds back"},
		{"touches itself at a vertex", orb.Ring{{0, 0}, {2, 0}, {1, 1}, {2, 2}, {0, 2}, {1, 1}, {0, 0}}, "intersects itself"},
		{"vertex on another edge", orb.Ring{{0, 0}, {2, 0}, {2, 2}, {1, 0}, {0, 2}, {0, 0}}, "intersects itself"},
		{"zero area", orb.Ring{{0, 0}, {1, 0}, {2, 0}, {3, 0}, {0, 0}}, "folds back"},
		{"flat triangle", orb.Ring{{0, 0}, {1, 1}, {2, 2}, {0, 0}}, "folds back"},
		{"not finite", orb.Ring{{0, 0}, {math.NaN(), 0}, {1, 1}, {0, 0}}, "not finite"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkInvalid(t, ValidateRing(tt.ring), tt.want)
		})
	}
}

func TestValidatePolygon(t *testing.T) {
	tests := []struct {
		name string
		poly orb.Polygon
		want string
	}{
		{"simple", unitSquare(0, 0, 1), ""},
		{"no ring", orb.Polygon{}, "no ring"},
		{"hole", orb.Polygon{unitSquare(0, 0, 4)[0], unitSquare(1, 1, 1)[0]}, "hole"},
		{"bad exterior", orb.Polygon{{{0, 0}, {1, 1}, {1, 0}, {0, 1}, {0, 0}}}, "intersects itself"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkInvalid(t, ValidatePolygon(tt.poly), tt.want)
		})
	}
}

func checkInvalid(t *testing.T, err error, want string) {
	t.Helper()
	if want == "" {
		if err != nil {
			t.Fatalf("error = %v; want nil", err)
		}
		return
	}
	var ie *InvalidError
	if !errors.As(err, &ie) {
		t.Fatalf("error = %v; want an *InvalidError containing %q", err, want)
	}
	if !strings.Contains(ie.Reason, want) {
		t.Fatalf("reason = %q; want it to contain %q", ie.Reason, want)
	}
}

func TestOrientExact(t *testing.T) {
	// Points on a line whose float determinant rounds to non-zero.
	a := orb.Point{0.1, 0.1}
	b := orb.Point{0.3, 0.3}
	c := orb.Point{0.7, 0.7}
	if got := orient(a, b, c); got != orientExact(a, b, c) {
		t.Fatalf("orient(%v, %v, %v) = %d; want %d", a, b, c, got, orientExact(a, b, c))
	}
	if got := orient(orb.Point{0, 0}, orb.Point{1, 0}, orb.Point{0.5, 1e-300}); got != 1 {
		t.Fatalf("orient(tiny left) = %d; want 1", got)
	}
}

func TestRelate(t *testing.T) {
	tests := []struct {
		name       string
		a, b, c, d orb.Point
		want       relation
	}{
		{"apart", orb.Point{0, 0}, orb.Point{1, 0}, orb.Point{0, 1}, orb.Point{1, 1}, relNone},
		{"cross", orb.Point{0, 0}, orb.Point{2, 2}, orb.Point{0, 2}, orb.Point{2, 0}, relCross},
		{"shared endpoint", orb.Point{0, 0}, orb.Point{1, 0}, orb.Point{1, 0}, orb.Point{1, 1}, relShared},
		{"collinear continuing", orb.Point{0, 0}, orb.Point{1, 0}, orb.Point{1, 0}, orb.Point{2, 0}, relShared},
		{"T", orb.Point{0, 0}, orb.Point{2, 0}, orb.Point{1, 0}, orb.Point{1, 1}, relTouch},
		{"collinear overlap", orb.Point{0, 0}, orb.Point{2, 0}, orb.Point{1, 0}, orb.Point{3, 0}, relOverlap},
		{"collinear apart", orb.Point{0, 0}, orb.Point{1, 0}, orb.Point{2, 0}, orb.Point{3, 0}, relNone},
		{"on line beyond", orb.Point{0, 0}, orb.Point{1, 0}, orb.Point{2, 0}, orb.Point{2, 1}, relNone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, _ := relate(tt.a, tt.b, tt.c, tt.d); got != tt.want {
				t.Fatalf("relate(%v, %v, %v, %v) = %d; want %d", tt.a, tt.b, tt.c, tt.d, got, tt.want)
			}
			if got, _ := relate(tt.c, tt.d, tt.a, tt.b); got != tt.want {
				t.Fatalf("relate(%v, %v, %v, %v) = %d; want %d", tt.c, tt.d, tt.a, tt.b, got, tt.want)
			}
		})
	}
}

func TestOrientExactAgreesWithRationals(t *testing.T) {
	// Nearly collinear triples around the town, where the fast exact path
	// (expansions) must agree with rational arithmetic.
	base := orb.Point{106.6512345, 28.5512345}
	seen := map[int]int{}
	for i := 0; i < 2000; i++ {
		f := float64(i)
		a := base
		b := orb.Point{base[0] + 0.001*f, base[1] + 0.0007*f}
		c := orb.Point{base[0] + 0.0031*f, base[1] + 0.0031*0.7*f + float64(i%7-3)*1e-17}
		if i%3 == 0 {
			c = orb.Point{(a[0] + b[0]) / 2, (a[1] + b[1]) / 2}
		}
		got := orientExact(a, b, c)
		rat := orientRat(a, b, c)
		if got != rat {
			t.Fatalf("orientExact(%v, %v, %v) = %d; want %d", a, b, c, got, rat)
		}
		seen[got]++
	}
	if len(seen) != 3 {
		t.Fatalf("signs seen = %v; want all of -1, 0, 1 exercised", seen)
	}
}

func orientRat(a, b, c orb.Point) int {
	r := func(f float64) *big.Rat { return new(big.Rat).SetFloat64(f) }
	bx := new(big.Rat).Sub(r(b[0]), r(a[0]))
	by := new(big.Rat).Sub(r(b[1]), r(a[1]))
	cx := new(big.Rat).Sub(r(c[0]), r(a[0]))
	cy := new(big.Rat).Sub(r(c[1]), r(a[1]))
	return new(big.Rat).Mul(bx, cy).Cmp(new(big.Rat).Mul(by, cx))
}
