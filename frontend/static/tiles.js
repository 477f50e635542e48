// The cells drawn from vector tiles (GET /tiles/cells/{z}/{x}/{y}.mvt), for
// towns past the server's tile_cells: each tile is decoded (the vendored
// @mapbox/vector-tile) and painted on a canvas in the style of the GeoJSON
// layer, its features kept for hit-testing a click or tap and for the
// names the app knows of the cells seen so far. Loaded only when a map
// draws from tiles: a town's app never downloads it.

import { VectorTile } from './vendor/vector-tile/vector-tile.js';
import { PbfReader } from './vendor/vector-tile/pbf.js';

const L = window.L;

// The deepest zoom the server has tiles for (api/tiles.go tileMaxZoom);
// deeper zooms draw its tiles larger.
const MAX_NATIVE_ZOOM = 20;

/**
 * A Leaflet GridLayer of the cells. Options: style(props) gives
 * {fillColor, fillOpacity, color, opacity, weight} for a cell; label(props)
 * the label forms of a cell, longest first; labelZoom the zoom from which
 * cell names are drawn (each where it fits its cell); measure(text) a
 * label's width in CSS pixels. Fires 'cells' with {cells: [props, ...]}
 * for each tile decoded.
 */
export const CellTiles = L.GridLayer.extend({
  options: { maxNativeZoom: MAX_NATIVE_ZOOM, updateWhenZooming: false, keepBuffer: 1 },

  initialize(options) {
    L.setOptions(this, options);
    this.drawn = new Map(); // tile key -> {coords, canvas, features, extent}
    this.pending = new Map(); // tile key -> AbortController of its request
    this.on('tileunload', (e) => {
      const key = this._tileCoordsToKey(e.coords);
      this.drawn.delete(key);
      // A tile panned or zoomed away before it came: its request goes.
      if (this.pending.has(key)) this.pending.get(key).abort();
      this.pending.delete(key);
    });
  },

  createTile(coords, done) {
    const canvas = L.DomUtil.create('canvas', 'gm-tile');
    const size = this.getTileSize();
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(size.x * ratio);
    canvas.height = Math.round(size.y * ratio);
    const key = this._tileCoordsToKey(coords);
    canvas.dataset.tile = `${coords.z}/${coords.x}/${coords.y}`;
    const abort = new AbortController();
    this.pending.set(key, abort);
    fetch(`tiles/cells/${coords.z}/${coords.x}/${coords.y}.mvt`, { credentials: 'same-origin', signal: abort.signal })
      .then((res) => {
        if (!res.ok) throw new Error(`tile ${key}: HTTP ${res.status}`);
        return res.arrayBuffer();
      })
      .then((buf) => {
        this.pending.delete(key);
        const tile = { coords, canvas, ...decode(buf) };
        this.drawn.set(key, tile);
        this.paint(tile);
        done(null, canvas);
        if (tile.features.length) this.fire('cells', { cells: tile.features.map((f) => f.props) });
      })
      .catch((err) => {
        this.pending.delete(key);
        if (err.name !== 'AbortError') done(err, canvas);
      });
    return canvas;
  },

  /** Paints every tile shown again (after a change of scope or selection). */
  repaint() {
    for (const tile of this.drawn.values()) this.paint(tile);
  },

  paint(tile) {
    const { canvas, features, extent } = tile;
    const ctx = canvas.getContext('2d');
    const k = canvas.width / extent;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.setTransform(k, 0, 0, k, 0, 0);
    ctx.lineJoin = 'round';
    const ratio = canvas.width / this.getTileSize().x;
    // One path per style (a unit's colour, in or out of scope): a z10 tile
    // of a city has some 10,000 cells, and a fill per cell costs more than
    // the shapes themselves.
    const groups = new Map();
    for (const f of features) {
      const s = this.options.style(f.props);
      const key = `${s.fillColor}|${s.fillOpacity}|${s.color}|${s.opacity}|${s.weight}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { s, path: new Path2D() }));
      for (const ring of f.rings) {
        g.path.moveTo(ring[0].x, ring[0].y);
        for (let i = 1; i < ring.length; i++) g.path.lineTo(ring[i].x, ring[i].y);
        g.path.closePath();
      }
    }
    for (const { s, path } of groups.values()) {
      ctx.globalAlpha = s.fillOpacity;
      ctx.fillStyle = s.fillColor;
      ctx.fill(path, 'evenodd');
    }
    for (const { s, path } of groups.values()) {
      ctx.globalAlpha = s.opacity;
      ctx.strokeStyle = s.color;
      ctx.lineWidth = (s.weight * ratio) / k;
      ctx.stroke(path);
    }
    ctx.globalAlpha = 1;
    if (tile.coords.z >= this.options.labelZoom) this.paintLabels(tile, k, ratio);
  },

  /** Cell names at their box's centre, each in the longest form that fits its cell and the tile. */
  paintLabels({ canvas, features, extent }, k, ratio) {
    const ctx = canvas.getContext('2d');
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.font = '600 12px "Noto Sans CJK SC", "Microsoft YaHei", sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.lineWidth = 3;
    ctx.strokeStyle = 'rgba(255,255,255,0.9)';
    ctx.fillStyle = '#1f2937';
    const px = k / ratio; // CSS pixels per tile unit
    const side = extent * px;
    for (const f of features) {
      const [x0, y0, x1, y1] = f.box;
      const cx = ((x0 + x1) / 2) * px;
      const cy = ((y0 + y1) / 2) * px;
      const room = (x1 - x0) * px * 0.92;
      const text = this.options.label(f.props).find((s) => this.options.measure(s) <= room);
      if (text === undefined) continue;
      const half = this.options.measure(text) / 2;
      if (cx - half < 0 || cx + half > side || cy < 9 || cy > side - 9 || (y1 - y0) * px < 18) continue;
      ctx.strokeText(text, cx, cy);
      ctx.fillText(text, cx, cy);
    }
  },

  /** The properties of the cell drawn under latlng at the current zoom, or null. */
  cellAt(latlng) {
    const z = this._tileZoom;
    if (z === undefined) return null;
    const size = this.getTileSize();
    const p = this._map.project(latlng, z).unscaleBy(size);
    const coords = L.point(Math.floor(p.x), Math.floor(p.y));
    coords.z = z;
    const tile = this.drawn.get(this._tileCoordsToKey(coords));
    if (!tile) return null;
    const x = (p.x - coords.x) * tile.extent;
    const y = (p.y - coords.y) * tile.extent;
    const f = tile.features.find((g) => x >= g.box[0] && x <= g.box[2] && y >= g.box[1] && y <= g.box[3] && inside(g.rings, x, y));
    return f ? f.props : null;
  },
});

/** The cells layer of one MVT tile: {extent, features: [{props, rings, box}]}, rings in tile units. */
export function decode(buf) {
  const layer = new VectorTile(new PbfReader(new Uint8Array(buf))).layers.cells;
  if (!layer) return { extent: 4096, features: [] };
  const features = [];
  for (let i = 0; i < layer.length; i++) {
    const f = layer.feature(i);
    if (f.type !== 3) continue; // polygons only
    const rings = f.loadGeometry().filter((r) => r.length > 2);
    if (!rings.length) continue;
    features.push({ props: f.properties, rings, box: f.bbox() });
  }
  return { extent: layer.extent, features };
}

/** Whether (x, y) is inside the rings (even-odd: holes out). */
function inside(rings, x, y) {
  let in_ = false;
  for (const r of rings) {
    for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
      const a = r[i];
      const b = r[j];
      if ((a.y > y) !== (b.y > y) && x < ((b.x - a.x) * (y - a.y)) / (b.y - a.y) + a.x) in_ = !in_;
    }
  }
  return in_;
}
