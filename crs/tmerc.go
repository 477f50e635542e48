package crs

import "math"

// The CGCS2000 ellipsoid (the same a and f as GRS 1980).
const (
	cgcsA = 6378137.0
	cgcsF = 1 / 298.257222101
)

// tmerc is the transverse Mercator projection of an ellipsoid with scale 1
// on the central meridian and latitude of origin 0, by Krüger's series in
// the third flattening n to order n^6, as PROJ's tmerc (its "exact"
// Poder/Engsager algorithm) and GeographicLib compute it: C. F. F. Karney,
// "Transverse Mercator with an accuracy of a few nanometers", J. Geodesy
// 85 (2011) 475-485, eqs. (35) and (36). Within 4000 km of the central
// meridian it is accurate to about 5 nm, far below the millimetre gridmap
// needs; the conformal latitude is computed in closed form and inverted by
// Newton's method, not by series.
type tmerc struct {
	e     float64    // eccentricity
	scale float64    // k0 times the rectifying radius A
	alp   [7]float64 // forward coefficients, alp[1..6]
	bet   [7]float64 // inverse coefficients, bet[1..6]
}

func newTmerc(a, f, k0 float64) *tmerc {
	n := f / (2 - f)
	n2 := n * n
	t := &tmerc{e: math.Sqrt(f * (2 - f))}
	t.scale = k0 * a / (1 + n) * (1 + n2*(1.0/4+n2*(1.0/64+n2/256)))
	// Karney (2011) eq. (35): alpha_j.
	t.alp[1] = n * (1.0/2 + n*(-2.0/3+n*(5.0/16+n*(41.0/180+n*(-127.0/288+n*7891.0/37800)))))
	t.alp[2] = n2 * (13.0/48 + n*(-3.0/5+n*(557.0/1440+n*(281.0/630+n*-1983433.0/1935360))))
	t.alp[3] = n2 * n * (61.0/240 + n*(-103.0/140+n*(15061.0/26880+n*167603.0/181440)))
	t.alp[4] = n2 * n2 * (49561.0/161280 + n*(-179.0/168+n*6601661.0/7257600))
	t.alp[5] = n2 * n2 * n * (34729.0/80640 + n*-3418889.0/1995840)
	t.alp[6] = n2 * n2 * n2 * 212378941.0 / 319334400
	// Eq. (36): beta_j.
	t.bet[1] = n * (1.0/2 + n*(-2.0/3+n*(37.0/96+n*(-1.0/360+n*(-81.0/512+n*96199.0/604800)))))
	t.bet[2] = n2 * (1.0/48 + n*(1.0/15+n*(-437.0/1440+n*(46.0/105+n*-1118711.0/3870720))))
	t.bet[3] = n2 * n * (17.0/480 + n*(-37.0/840+n*(-209.0/4480+n*5569.0/90720)))
	t.bet[4] = n2 * n2 * (4397.0/161280 + n*(-11.0/504+n*-830251.0/7257600))
	t.bet[5] = n2 * n2 * n * (4583.0/161280 + n*-108847.0/3991680)
	t.bet[6] = n2 * n2 * n2 * 20648693.0 / 638668800
	return t
}

// clenshaw sums c[1] sin(2z) + ... + c[6] sin(12z) for complex z.
func clenshaw(c *[7]float64, z complex128) complex128 {
	// sin 2z and cos 2z from one sincos and one exp, rather than the
	// two of each that cmplx.Sin and cmplx.Cos would take.
	sn, cs := math.Sincos(2 * real(z))
	e := math.Exp(2 * imag(z))
	sh, ch := (e-1/e)/2, (e+1/e)/2
	s2, c2 := complex(sn*ch, cs*sh), complex(cs*ch, -sn*sh)
	m := 2 * c2
	var b1, b2 complex128
	for j := 6; j >= 1; j-- {
		b1, b2 = complex(c[j], 0)+m*b1-b2, b1
	}
	return b1 * s2
}

// forward projects longitude dlon from the central meridian and latitude
// lat (radians) to x (east of the meridian) and y (north of the equator),
// metres.
func (t *tmerc) forward(dlon, lat float64) (x, y float64) {
	tauP := taup(math.Tan(lat), t.e)
	sinL, cosL := math.Sincos(dlon)
	xiP := math.Atan2(tauP, cosL)
	etaP := math.Asinh(sinL / math.Sqrt(tauP*tauP+cosL*cosL))
	z := complex(xiP, etaP)
	z += clenshaw(&t.alp, z)
	return t.scale * imag(z), t.scale * real(z)
}

// inverse is forward's inverse: x, y in metres to dlon, lat in radians.
func (t *tmerc) inverse(x, y float64) (dlon, lat float64) {
	z := complex(y/t.scale, x/t.scale)
	z -= clenshaw(&t.bet, z)
	xiP, etaP := real(z), imag(z)
	sinXi, cosXi := math.Sincos(xiP)
	shEta := math.Sinh(etaP)
	tauP := sinXi / math.Sqrt(shEta*shEta+cosXi*cosXi)
	return math.Atan2(shEta, cosXi), math.Atan(tauf(tauP, t.e))
}

// math.Hypot guards against overflow at 1e154 and costs a third of the
// time here; the arguments stay far below that, so plain square roots.

// taup is tan of the conformal latitude for tau = tan of the geodetic
// latitude (Karney 2011, eqs. 7-9).
func taup(tau, e float64) float64 {
	tau1 := math.Sqrt(1 + tau*tau)
	sig := math.Sinh(e * math.Atanh(e*tau/tau1))
	return math.Sqrt(1+sig*sig)*tau - sig*tau1
}

// tauf inverts taup by Newton's method (Karney 2011, eqs. 19-21), which
// converges to machine precision in two or three steps.
func tauf(tauP, e float64) float64 {
	e2m := 1 - e*e
	tau := tauP / e2m
	stol := math.Sqrt(0x1p-52) / 10 * math.Max(1, math.Abs(tauP))
	for i := 0; i < 8; i++ {
		t := taup(tau, e)
		d := (tauP - t) * (1 + e2m*tau*tau) / (e2m * math.Sqrt(1+tau*tau) * math.Sqrt(1+t*t))
		tau += d
		if math.Abs(d) < stol {
			break
		}
	}
	return tau
}
