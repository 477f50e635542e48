// The cell under a point, worked out on the phone from the cells the app
// already holds (GET /api/cells, kept by the service worker), for a report
// written with no network. It answers as GET /api/locate does, to the same
// bits: geo.Index.Locate's half-open crossing-number rule (a point on a
// shared edge belongs to the cell east of it, or north on an east-west
// edge), and geo.Index.Near's distance to the nearest other cell within
// NEAR_BOUNDARY_M, in a local equirectangular projection at the point.

/** The near-boundary distance of the server (api/workflow.go nearBoundaryM), in metres. */
export const NEAR_BOUNDARY_M = 50;

const EARTH_RADIUS = 6371008.8; // geo.earthRadius, metres

/**
 * The crossing test of one edge (geo.crossesRight): the endpoints put in
 * (lower, upper) order so that two cells sharing the edge agree exactly.
 */
function crossesRight(x1, y1, x2, y2, px, py) {
  if ((y1 > py) === (y2 > py)) return false;
  if (y1 > y2) [x1, y1, x2, y2] = [x2, y2, x1, y1];
  return (x2 - x1) * (py - y1) > (px - x1) * (y2 - y1);
}

/** The rings of a cell feature's Polygon, each closed as the server's index closes them. */
function rings(f) {
  const g = f.geometry;
  if (!g || g.type !== 'Polygon') return [];
  return g.coordinates.filter((r) => r.length > 0).map((r) => {
    const a = r[0];
    const b = r[r.length - 1];
    return a[0] === b[0] && a[1] === b[1] ? r : [...r, a];
  });
}

function bound(rs) {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const r of rs) {
    for (const [x, y] of r) {
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  return [x0, y0, x1, y1];
}

/** Go's math.Hypot (amd64 and generic alike): max * sqrt(1 + (min/max)²). */
function hypot(p, q) {
  p = Math.abs(p);
  q = Math.abs(q);
  if (p < q) [p, q] = [q, p];
  if (p === 0) return 0;
  q /= p;
  return p * Math.sqrt(1 + q * q);
}

/** The distance from the origin to the segment ab (geo.segmentDistance). */
function segmentDistance(ax, ay, bx, by) {
  const vx = bx - ax;
  const vy = by - ay;
  let t = 0;
  const l = vx * vx + vy * vy;
  if (l > 0) t = Math.max(0, Math.min(1, -(ax * vx + ay * vy) / l));
  return hypot(ax + t * vx, ay + t * vy);
}

/**
 * An index of the cells of a GeoJSON FeatureCollection, in the order the
 * server lists them (its index's order, which breaks ties).
 */
export class CellIndex {
  constructor(fc) {
    this.cells = ((fc && fc.features) || []).map((f) => {
      const rs = rings(f);
      return { props: f.properties, rings: rs, bound: rs.length ? bound(rs) : null };
    });
  }

  /** The position of the cell containing [lon, lat], or -1. */
  locateIndex(lon, lat) {
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) return -1;
    for (let i = 0; i < this.cells.length; i++) {
      const c = this.cells[i];
      const b = c.bound;
      if (!b || lon < b[0] || lon > b[2] || lat < b[1] || lat > b[3]) continue;
      let inside = false;
      for (const r of c.rings) {
        for (let k = 0; k + 1 < r.length; k++) {
          if (crossesRight(r[k][0], r[k][1], r[k + 1][0], r[k + 1][1], lon, lat)) inside = !inside;
        }
      }
      if (inside) return i;
    }
    return -1;
  }

  /**
   * The answer of GET /api/locate for [lon, lat]: {code, name, unit_code,
   * unit_name} and, within NEAR_BOUNDARY_M of another cell, near_cell and
   * near_distance_m (to 0.1 m); null outside every cell.
   */
  locate(lon, lat) {
    const i = this.locateIndex(lon, lat);
    if (i < 0) return null;
    const p = this.cells[i].props;
    const out = { code: p.code, name: p.name, unit_code: p.unit_code, unit_name: p.unit_name };
    const hit = this.near(lon, lat, NEAR_BOUNDARY_M, i);
    if (hit) {
      out.near_cell = this.cells[hit.pos].props.code;
      out.near_distance_m = Math.round(hit.d * 10) / 10;
    }
    return out;
  }

  /** The nearest cell other than inside whose boundary lies within meters, or null (geo.Index.Near). */
  near(lon, lat, meters, inside) {
    const kx = EARTH_RADIUS * Math.PI / 180 * Math.cos(lat * Math.PI / 180);
    const ky = EARTH_RADIUS * Math.PI / 180;
    const dx = meters / kx;
    const dy = meters / ky;
    let best = null;
    for (let i = 0; i < this.cells.length; i++) {
      const c = this.cells[i];
      const b = c.bound;
      if (i === inside || !b || b[2] < lon - dx || b[0] > lon + dx || b[3] < lat - dy || b[1] > lat + dy) continue;
      let d = Infinity;
      for (const r of c.rings) {
        for (let k = 0; k + 1 < r.length; k++) {
          const ax = (r[k][0] - lon) * kx;
          const ay = (r[k][1] - lat) * ky;
          const bx = (r[k + 1][0] - lon) * kx;
          const by = (r[k + 1][1] - lat) * ky;
          d = Math.min(d, segmentDistance(ax, ay, bx, by));
        }
      }
      // Nearest first, the earlier cell on a tie, as the server sorts them.
      if (d <= meters && (!best || d < best.d)) best = { pos: i, d };
    }
    return best;
  }
}
