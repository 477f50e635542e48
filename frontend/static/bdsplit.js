// The boundary editor's split and merge: a line drawn across the selected
// cell (first and last click on its boundary) that becomes a split
// operation, and a neighbour picked on the map or from a list to merge
// with, keeping the code chosen. Methods of BoundaryPage (boundary.js).

import { round, project, toLatLng, lonLat } from './topo.js';

const L = window.L;
const BOUNDARY_PX = 12; // how near a split line's end must be to the cell's boundary

export const splitMethods = {
  // Split: a line drawn across the selected cell, first and last click on its boundary.

  startSplit() {
    if (!this.selected) return;
    if (this.topo.provisional.has(this.selected)) {
      this.say('bd.err.provisional', {}, 'error');
      return;
    }
    this.mode = 'split';
    this.splitLine = [];
    this.mapEl.classList.add('bd-splitting');
    this.say('bd.split.start', {}, 'hint');
    this.redraw();
    this.renderSide();
    this.mapEl.focus({ preventScroll: true });
  },

  startMerge() {
    if (!this.selected) return;
    if (this.topo.provisional.has(this.selected)) {
      this.say('bd.err.provisional', {}, 'error');
      return;
    }
    this.mode = 'merge';
    this.mergeWith = '';
    this.say('bd.merge.pick', {}, 'hint');
    this.redraw();
    this.renderSide();
  },

  cancelMode() {
    if (this.mode === 'edit') return;
    this.mode = 'edit';
    this.splitLine = [];
    this.mergeWith = '';
    this.splitLayer.clearLayers();
    this.mapEl.classList.remove('bd-splitting');
    this.message = null;
    this.redraw();
    this.renderSide();
  },

  merge(keep, gone) {
    if (this.topo.provisional.has(gone) || this.topo.provisional.has(keep)) {
      this.say('bd.err.provisional', {}, 'error');
      return;
    }
    this.mode = 'edit';
    this.mergeWith = '';
    this.selected = keep;
    this.push([{ op: 'merge', cells: [keep, gone] }]);
  },

  /** Where a click lands on the selected cell's boundary: {p, vertex} or null when it is not that near. */
  onBoundary(latlng) {
    const map = this.map;
    const c = map.latLngToContainerPoint(latlng);
    const ring = this.topo.polygon(this.selected)[0];
    let best = null;
    for (const p of ring) {
      const d = map.latLngToContainerPoint(toLatLng(p)).distanceTo(c);
      if (d < BOUNDARY_PX && (!best || d < best.d)) best = { d, p, vertex: true };
    }
    if (best) return best;
    for (let k = 0; k + 1 < ring.length; k++) {
      const a = map.latLngToContainerPoint(toLatLng(ring[k]));
      const b = map.latLngToContainerPoint(toLatLng(ring[k + 1]));
      const d = L.LineUtil.closestPointOnSegment(c, a, b).distanceTo(c);
      if (d < BOUNDARY_PX && (!best || d < best.d)) best = { d, p: project(lonLat(latlng), ring[k], ring[k + 1]).at, vertex: false, seg: [ring[k], ring[k + 1]] };
    }
    return best;
  },

  mapClick(e) {
    if (this.mode !== 'split') {
      if (this.mode === 'edit' && this.vertex) this.selectVertex(null);
      return;
    }
    const hit = this.onBoundary(e.latlng);
    if (!this.splitLine.length) {
      if (!hit) {
        this.say('bd.split.first', {}, 'error');
        return;
      }
      this.splitLine.push(hit);
      this.say('bd.split.next', {}, 'hint');
    } else if (hit) {
      this.splitLine.push(hit);
      this.finishSplit();
      return;
    } else this.splitLine.push({ p: round(lonLat(e.latlng)), vertex: true });
    this.drawSplit();
  },

  mapMove(e) {
    if (this.mode === 'split' && this.splitLine.length) this.drawSplit(e.latlng);
  },

  drawSplit(pointer) {
    this.splitLayer.clearLayers();
    const pts = this.splitLine.map((s) => toLatLng(s.p));
    if (pointer) pts.push(pointer);
    if (pts.length > 1) this.splitLayer.addLayer(L.polyline(pts, { className: 'bd-split-line', color: '#111827', weight: 2, dashArray: '6 4', interactive: false }));
    for (const s of this.splitLine) this.splitLayer.addLayer(L.circleMarker(toLatLng(s.p), { radius: 4, color: '#111827', weight: 2, fillColor: '#fff', fillOpacity: 1, interactive: false }));
  },

  /** The split as operations: a vertex where each end meets an edge between vertices, then the split. */
  finishSplit() {
    const line = this.splitLine;
    const code = this.selected;
    this.splitLine = [];
    this.splitLayer.clearLayers();
    this.mapEl.classList.remove('bd-splitting');
    this.mode = 'edit';
    const ops = [];
    for (const end of [line[0], line[line.length - 1]]) {
      if (end.vertex) continue;
      // Its segment may have been cut by the other end's new vertex: find it again.
      const work = this.replay([...this.steps, ops]);
      const ring = work.polygon(code)[0];
      let seg = null;
      for (let k = 0; k + 1 < ring.length && !seg; k++) {
        const pr = project(end.p, ring[k], ring[k + 1]);
        if (pr.t > 0 && pr.t < 1 && Math.abs(pr.at[0] - end.p[0]) < 1e-9 && Math.abs(pr.at[1] - end.p[1]) < 1e-9) seg = [ring[k], ring[k + 1]];
      }
      if (seg) ops.push({ op: 'insert_vertex', between: seg, at: end.p });
    }
    ops.push({ op: 'split', cell: code, line: line.map((s) => s.p) });
    this.push(ops);
  },
};
