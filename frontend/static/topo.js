// The cells as a planar topology in the browser, for the boundary editor:
// the arcs of GET /api/cells.topojson kept as they are, so that a boundary
// two cells share is one arc and an edit of it changes both cells. The
// edits are the changeset operations of POST /api/boundary/changesets,
// applied here the way the server applies them, so that the map shows the
// result before the server has checked it. Coordinates are [lon, lat].

/** Coordinates are rounded to 7 decimals (about 1 cm), as the data are. */
export function round(p) {
  return [Math.round(p[0] * 1e7) / 1e7, Math.round(p[1] * 1e7) / 1e7];
}

export const same = (a, b) => a[0] === b[0] && a[1] === b[1];

/** A [lon, lat] as Leaflet's [lat, lng], and a Leaflet LatLng as [lon, lat]. */
export const toLatLng = (p) => [p[1], p[0]];
export const lonLat = (ll) => [ll.lng, ll.lat];

/** A vertex's key, as the editor's handles carry it (data-vertex). */
export const vkey = (p) => `${p[0]},${p[1]}`;

/** The ring's area in square metres (planar, near enough for which part of a split is larger). */
export function ringArea(ring) {
  let s = 0;
  const k = Math.cos((ring[0][1] * Math.PI) / 180);
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) s += (ring[j][0] * k) * ring[i][1] - (ring[i][0] * k) * ring[j][1];
  return Math.abs(s / 2) * 111320 * 111320;
}

/** The point of segment a-b nearest p, and its parameter t in [0, 1], in plain lon/lat. */
export function project(p, a, b) {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len = dx * dx + dy * dy;
  const t = len ? Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len)) : 0;
  return { t, at: [a[0] + t * dx, a[1] + t * dy] };
}

/** An edit that does not apply to the topology as it is; index is the operation's place in the list. */
export class EditError extends Error {
  constructor(key, params = {}) {
    super(key);
    this.key = key; // a message key of i18n.js
    this.params = params;
  }
}

export class Topo {
  /** From a TopoJSON Topology with an object "cells" of Polygons (arcs not quantized). */
  static fromTopoJSON(tj) {
    const topo = new Topo();
    topo.arcs = tj.arcs.map((arc) => arc.map((p) => [p[0], p[1]]));
    for (const g of tj.objects.cells.geometries) {
      const polys = g.type === 'MultiPolygon' ? g.arcs : [g.arcs];
      // The editor edits a cell's first polygon; the sample's cells are all single polygons.
      topo.cells.set(String(g.id ?? g.properties.code), { props: { ...g.properties }, rings: polys[0].map((r) => [...r]) });
    }
    return topo;
  }

  constructor() {
    this.arcs = []; // [[lon, lat], …], or null once a merge removed the arc
    this.cells = new Map(); // code -> {props, rings: [[arc refs]]}, first ring outer
    this.provisional = new Set(); // codes of cells a split made, until the server names them
  }

  clone() {
    const c = new Topo();
    c.arcs = this.arcs.map((a) => a && a.map((p) => [p[0], p[1]]));
    for (const [code, cell] of this.cells) c.cells.set(code, { props: { ...cell.props }, rings: cell.rings.map((r) => [...r]) });
    c.provisional = new Set(this.provisional);
    return c;
  }

  /** The points of an arc reference in its direction. */
  refPoints(ref) {
    return ref >= 0 ? this.arcs[ref] : [...this.arcs[~ref]].reverse();
  }

  refStart(ref) {
    return ref >= 0 ? this.arcs[ref][0] : this.arcs[~ref][this.arcs[~ref].length - 1];
  }

  refEnd(ref) {
    return ref >= 0 ? this.arcs[ref][this.arcs[ref].length - 1] : this.arcs[~ref][0];
  }

  /** A ring of arc references as a closed coordinate ring. */
  ring(refs) {
    const out = [];
    for (const ref of refs) {
      const pts = this.refPoints(ref);
      out.push(...(out.length ? pts.slice(1) : pts));
    }
    return out;
  }

  /** The cell's polygon as GeoJSON coordinates. */
  polygon(code) {
    return this.cells.get(code).rings.map((r) => this.ring(r));
  }

  /** The arc indices a cell's rings use. */
  arcsOf(code) {
    const out = new Set();
    for (const r of this.cells.get(code).rings) for (const ref of r) out.add(ref >= 0 ? ref : ~ref);
    return out;
  }

  /** The cells that use an arc, by arc index (built on demand). */
  arcCells() {
    const out = new Map();
    for (const [code, cell] of this.cells) {
      for (const r of cell.rings) {
        for (const ref of r) {
          const i = ref >= 0 ? ref : ~ref;
          if (!out.has(i)) out.set(i, new Set());
          out.get(i).add(code);
        }
      }
    }
    return out;
  }

  /** The cells that share an arc with code. */
  neighbours(code) {
    const users = this.arcCells();
    const out = new Set();
    for (const i of this.arcsOf(code)) for (const c of users.get(i)) if (c !== code) out.add(c);
    return [...out];
  }

  /** Where a point is a vertex: [{arc, index}] (an arc's ends are nodes: several arcs). */
  find(p) {
    const out = [];
    this.arcs.forEach((arc, i) => {
      if (!arc) return;
      arc.forEach((q, k) => { if (same(p, q)) out.push({ arc: i, index: k }); });
    });
    return out;
  }

  /** Whether p is a node: the end of some arc. */
  isNode(p) {
    return this.find(p).some(({ arc, index }) => index === 0 || index === this.arcs[arc].length - 1);
  }

  /** The codes of the cells whose boundary has a vertex at p. */
  cellsAt(p) {
    const arcs = new Set(this.find(p).map((f) => f.arc));
    const users = this.arcCells();
    const out = new Set();
    for (const i of arcs) for (const c of users.get(i) || []) out.add(c);
    return [...out];
  }

  /** Applies one operation of a changeset; throws an EditError when it does not apply. */
  apply(op) {
    switch (op.op) {
      case 'move_vertex': return this.moveVertex(op.from, op.to);
      case 'insert_vertex': return this.insertVertex(op.between, op.at);
      case 'delete_vertex': return this.deleteVertex(op.at);
      case 'split': return this.split(op.cell, op.line);
      case 'merge': return this.merge(op.cells[0], op.cells[1]);
      default: throw new EditError('bd.err.op', { op: op.op });
    }
  }

  moveVertex(from, to) {
    const at = this.find(from);
    if (!at.length) throw new EditError('bd.err.noVertex');
    for (const { arc, index } of at) this.arcs[arc][index] = [to[0], to[1]];
  }

  insertVertex([p, q], at) {
    for (const arc of this.arcs) {
      if (!arc) continue;
      for (let k = 0; k + 1 < arc.length; k++) {
        if ((same(arc[k], p) && same(arc[k + 1], q)) || (same(arc[k], q) && same(arc[k + 1], p))) {
          arc.splice(k + 1, 0, [at[0], at[1]]);
          return;
        }
      }
    }
    throw new EditError('bd.err.noSegment');
  }

  deleteVertex(at) {
    const where = this.find(at);
    if (!where.length) throw new EditError('bd.err.noVertex');
    if (this.isNode(at)) throw new EditError('bd.err.node');
    const { arc, index } = where[0];
    if (this.arcs[arc].length <= 2) throw new EditError('bd.err.node');
    this.arcs[arc].splice(index, 1);
  }

  /** Makes p a node of the cell's outer ring: splits the arc through p there (inserting p when it lies on a segment). */
  makeNode(code, p) {
    for (const ref of this.cells.get(code).rings[0]) {
      const i = ref >= 0 ? ref : ~ref;
      const arc = this.arcs[i];
      for (let k = 0; k < arc.length; k++) {
        if (same(arc[k], p)) {
          if (k === 0 || k === arc.length - 1) return;
          this.splitArc(i, k);
          return;
        }
        if (k + 1 < arc.length && onSegment(p, arc[k], arc[k + 1])) {
          arc.splice(k + 1, 0, [p[0], p[1]]);
          this.splitArc(i, k + 1);
          return;
        }
      }
    }
    throw new EditError('bd.err.notOnBoundary');
  }

  /** Splits arc i at its vertex k into i (start..k) and a new arc (k..end), in every ring that uses it. */
  splitArc(i, k) {
    const arc = this.arcs[i];
    const j = this.arcs.length;
    this.arcs.push(arc.slice(k));
    this.arcs[i] = arc.slice(0, k + 1);
    for (const cell of this.cells.values()) {
      cell.rings = cell.rings.map((r) => r.flatMap((ref) => (ref === i ? [i, j] : ref === ~i ? [~j, ~i] : [ref])));
    }
  }

  /**
   * Splits a cell along line, whose first and last points lie on its outer
   * boundary: the larger part keeps the code, the other gets a provisional
   * code until the server's dry run names it.
   */
  split(code, line) {
    const cell = this.cells.get(code);
    if (!cell) throw new EditError('bd.err.noCell', { code });
    const a = line[0];
    const b = line[line.length - 1];
    if (line.length < 2 || same(a, b)) throw new EditError('bd.err.splitLine');
    this.makeNode(code, a);
    this.makeNode(code, b);
    const refs = cell.rings[0];
    const ia = refs.findIndex((ref) => same(this.refEnd(ref), a));
    const rot = [...refs.slice(ia + 1), ...refs.slice(0, ia + 1)]; // from a round to a
    const ib = rot.findIndex((ref) => same(this.refEnd(ref), b));
    if (ia < 0 || ib < 0) throw new EditError('bd.err.notOnBoundary');
    const l = this.arcs.length;
    this.arcs.push(line.map((p) => [p[0], p[1]]));
    const one = [...rot.slice(0, ib + 1), ~l]; // a … b, then back along the line
    const two = [...rot.slice(ib + 1), l]; // b … a, then along the line
    const [big, small] = ringArea(this.ring(one)) >= ringArea(this.ring(two)) ? [one, two] : [two, one];
    cell.rings = [big, ...cell.rings.slice(1)];
    const fresh = this.freeCode(cell.props.unit_code);
    this.cells.set(fresh, { props: { ...cell.props, code: fresh, name: '', population: 0, households: 0 }, rings: [small] });
    this.provisional.add(fresh);
    return fresh;
  }

  /** The unit's next code not in use here (the server may skip retired codes: its dry run names the cell). */
  freeCode(unit) {
    let max = 0;
    for (const c of this.cells.keys()) if (c.startsWith(unit)) max = Math.max(max, Number(c.slice(unit.length)) || 0);
    return unit + String(max + 1).padStart(3, '0');
  }

  /** Merges gone into keep: their shared arcs go, the rest joins into keep's rings. */
  merge(keep, gone) {
    const k = this.cells.get(keep);
    const g = this.cells.get(gone);
    if (!k || !g || keep === gone) throw new EditError('bd.err.noCell', { code: k ? gone : keep });
    const shared = new Set([...this.arcsOf(keep)].filter((i) => this.arcsOf(gone).has(i)));
    if (!shared.size) throw new EditError('bd.err.notNeighbours');
    const left = [...k.rings, ...g.rings].flat().filter((ref) => !shared.has(ref >= 0 ? ref : ~ref));
    const rings = [];
    while (left.length) {
      const ring = [left.shift()];
      for (;;) {
        const end = this.refEnd(ring[ring.length - 1]);
        if (same(end, this.refStart(ring[0]))) break;
        const n = left.findIndex((ref) => same(this.refStart(ref), end));
        if (n < 0) throw new EditError('bd.err.merge');
        ring.push(...left.splice(n, 1));
      }
      rings.push(ring);
    }
    rings.sort((x, y) => ringArea(this.ring(y)) - ringArea(this.ring(x)));
    k.rings = rings;
    for (const i of shared) this.arcs[i] = null;
    this.cells.delete(gone);
    this.provisional.delete(gone);
  }

  /** Gives a provisional cell the code the server gave it. */
  rename(from, to) {
    const cell = this.cells.get(from);
    this.cells.delete(from);
    cell.props.code = to;
    this.cells.set(to, cell);
    this.provisional.delete(from);
  }
}

/** Whether p lies on segment a-b (within rounding to 7 decimals). */
function onSegment(p, a, b) {
  const { t, at } = project(p, a, b);
  return t > 0 && t < 1 && Math.abs(at[0] - p[0]) < 2e-7 && Math.abs(at[1] - p[1]) < 2e-7;
}
