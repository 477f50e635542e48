// The boundary editor's handles on the map: a node (where boundaries meet)
// or vertex of the selected cell and its neighbours to drag, snapping to
// other vertices and edges; a midpoint to click or drag for a new vertex;
// an edge to hover and click for one. A drag moves the vertex in the drawn
// arcs, so every cell that uses it follows; the drop adds the operation.
// Methods of BoundaryPage (boundary.js), kept apart for their size.

import { t } from './i18n.js';
import { round, same, project, toLatLng, lonLat, vkey as key } from './topo.js';

const L = window.L;
const SNAP_PX = 8; // how near (pixels) a dragged vertex snaps to a vertex or an edge

export const handleMethods = {
  /** The arcs whose vertices get handles: the selected cell's and its neighbours'. */
  shownArcs() {
    if (!this.selected || !this.topo.cells.has(this.selected)) return new Set();
    const out = new Set(this.topo.arcsOf(this.selected));
    for (const c of this.topo.neighbours(this.selected)) for (const i of this.topo.arcsOf(c)) out.add(i);
    return out;
  },

  /** Handles: nodes and vertices to drag, midpoints to add a vertex, edges to hover and click. */
  drawHandles() {
    this.handleLayer.clearLayers();
    this.edgeLayer.clearLayers();
    if (this.mode === 'split' || !this.selected || !this.topo.cells.has(this.selected)) return;
    const own = this.topo.arcsOf(this.selected);
    const done = new Set();
    for (const i of this.shownArcs()) {
      const arc = this.topo.arcs[i];
      const edge = L.polyline(arc.map(toLatLng), { className: own.has(i) ? 'bd-edge bd-edge-own' : 'bd-edge', weight: 7, opacity: 0.001, color: '#2563eb', interactive: this.mode === 'edit' });
      edge.on('click', (e) => { L.DomEvent.stop(e); this.edgeClick(i, e.latlng); });
      this.edgeLayer.addLayer(edge);
      arc.forEach((p, k) => {
        const node = k === 0 || k === arc.length - 1;
        if (!done.has(key(p))) {
          done.add(key(p));
          this.handleLayer.addLayer(this.vertexHandle(p, node));
        }
        if (own.has(i) && k + 1 < arc.length) this.handleLayer.addLayer(this.midHandle(p, arc[k + 1]));
      });
    }
  },

  vertexHandle(p, node) {
    const selected = this.vertex && same(this.vertex, p);
    const m = L.marker(toLatLng(p), {
      pane: 'bd-handles', draggable: this.mode === 'edit', keyboard: false, title: t(node ? 'bd.node' : 'bd.vertex'),
      icon: L.divIcon({ className: `bd-handle ${node ? 'bd-node' : 'bd-vertex'}${selected ? ' is-selected' : ''}`, iconSize: [12, 12] }),
    });
    m.on('add', () => {
      const el = m.getElement();
      el.dataset.vertex = key(p);
      if (node) el.dataset.node = 'true';
    });
    m.on('click', (e) => { L.DomEvent.stop(e); this.selectVertex(p); });
    m.on('contextmenu', (e) => { L.DomEvent.stop(e); this.deleteVertex(p); });
    m.on('dragstart', () => this.dragStart(p));
    m.on('drag', (e) => this.dragMove(m, e.latlng));
    m.on('dragend', () => this.dragEnd(m));
    return m;
  },

  midHandle(a, b) {
    const mid = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
    const m = L.marker(toLatLng(mid), {
      pane: 'bd-handles', draggable: this.mode === 'edit', keyboard: false, title: t('bd.midpoint'),
      icon: L.divIcon({ className: 'bd-handle bd-mid', iconSize: [10, 10] }),
    });
    m.on('add', () => { m.getElement().dataset.mid = `${key(a)};${key(b)}`; });
    m.on('click', (e) => { L.DomEvent.stop(e); this.push([{ op: 'insert_vertex', between: [a, b], at: mid }]); });
    m.on('dragstart', () => {
      // The new vertex follows the pointer; until the drop it is drawn in the arc.
      this.topo.insertVertex([a, b], mid);
      this.dragStart(mid);
    });
    m.on('drag', (e) => this.dragMove(m, e.latlng));
    m.on('dragend', () => {
      const to = round(lonLat(m.getLatLng()));
      this.drag = null;
      this.push([{ op: 'insert_vertex', between: [a, b], at: mid }, { op: 'move_vertex', from: mid, to }]);
    });
    return m;
  },

  dragStart(p) {
    const at = this.topo.find(p);
    const cells = this.topo.cellsAt(p);
    this.drag = { from: p, at, cells };
    this.mapEl.classList.add('is-dragging-vertex');
  },

  /** Moves the dragged vertex (snapped) in the drawn arcs, and redraws the cells that use it. */
  dragMove(marker, latlng) {
    const d = this.drag;
    if (!d) return;
    const snapped = this.snap(latlng, d.from);
    const el = marker.getElement();
    if (el) el.classList.toggle('is-snapped', !!snapped);
    const p = snapped || lonLat(latlng);
    if (snapped) marker.setLatLng(toLatLng(p));
    for (const { arc, index } of d.at) this.topo.arcs[arc][index] = p;
    for (const code of d.cells) {
      const poly = this.polys.get(code);
      if (poly) poly.setLatLngs(this.topo.polygon(code).map((r) => r.map(toLatLng)));
    }
  },

  dragEnd(marker) {
    const d = this.drag;
    this.drag = null;
    this.mapEl.classList.remove('is-dragging-vertex');
    if (!d) return;
    const to = round(lonLat(marker.getLatLng()));
    if (same(to, d.from)) {
      this.rebuild();
      this.redraw();
      return;
    }
    this.push([{ op: 'move_vertex', from: d.from, to }]);
  },

  /**
   * The point a dragged vertex snaps to: a vertex within SNAP_PX, else the
   * nearest point of an edge within SNAP_PX (segments at the dragged vertex
   * excluded); null when none is that near.
   */
  snap(latlng, from) {
    const map = this.map;
    const c = map.latLngToContainerPoint(latlng);
    const px = (p) => map.latLngToContainerPoint(toLatLng(p));
    let best = null;
    let bestD = SNAP_PX;
    const arcs = [...this.shownArcs()].map((i) => this.topo.arcs[i]);
    const moving = (p) => this.drag && this.drag.at.some(({ arc, index }) => this.topo.arcs[arc][index] === p);
    for (const arc of arcs) {
      for (const p of arc) {
        if (moving(p) || same(p, from)) continue;
        const d = px(p).distanceTo(c);
        if (d < bestD) {
          bestD = d;
          best = p;
        }
      }
    }
    if (best) return [best[0], best[1]];
    for (const arc of arcs) {
      for (let k = 0; k + 1 < arc.length; k++) {
        if (moving(arc[k]) || moving(arc[k + 1])) continue;
        const a = px(arc[k]);
        const b = px(arc[k + 1]);
        const q = L.LineUtil.closestPointOnSegment(c, a, b);
        const d = q.distanceTo(c);
        if (d < bestD) {
          bestD = d;
          const { at } = project(lonLat(latlng), arc[k], arc[k + 1]);
          best = at;
        }
      }
    }
    return best;
  },

  selectVertex(p) {
    this.vertex = p;
    this.drawHandles();
    this.renderSide();
  },

  deleteVertex(p) {
    if (!p) return;
    if (this.topo.isNode(p)) {
      this.say('bd.err.node', {}, 'error');
      return;
    }
    this.push([{ op: 'delete_vertex', at: p }]);
  },

  /** A click on an edge adds a vertex there. */
  edgeClick(i, latlng) {
    if (this.mode === 'merge') return;
    const arc = this.topo.arcs[i];
    const p = lonLat(latlng);
    let best = null;
    for (let k = 0; k + 1 < arc.length; k++) {
      const pr = project(p, arc[k], arc[k + 1]);
      const d = Math.hypot(pr.at[0] - p[0], pr.at[1] - p[1]);
      if (pr.t > 0 && pr.t < 1 && (!best || d < best.d)) best = { d, k, at: pr.at };
    }
    if (!best) return;
    this.push([{ op: 'insert_vertex', between: [arc[best.k], arc[best.k + 1]], at: best.at }]);
  },
};
