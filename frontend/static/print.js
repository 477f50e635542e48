// Printable notice boards (网格公示牌): #/print/cell/CODE is one A4 page for
// a cell's notice board, #/print/atlas every cell of the town on a page of
// its own after a contents list (目录). The pages are plain HTML and SVG laid
// out in millimetres; print.css turns the app's chrome off on paper. What is
// printed is what the API gives the reader: staff names and phones as
// -public-staff-contacts allows, nothing added.
//
// The view sets data-ready="true" on its .print element once every page is
// complete (data loaded, maps and QR codes drawn), for whoever prints it.

import { api } from './api.js';
import { t, tv, num, date, lang } from './i18n.js';
import { h } from './dom.js';
import { errorText } from './ui.js';
import { cellMap } from './printmap.js';
import { qrSVG } from './printqr.js';

/**
 * Loads print.css, at the app's version (this module's ?v=), once: the map
 * app starts without it.
 */
export function loadStyle() {
  const have = document.querySelector('link[data-print-style]');
  if (have) return have.loaded;
  const link = h('link', { rel: 'stylesheet', 'data-print-style': '', href: new URL('print.css' + new URL(import.meta.url).search, import.meta.url).href });
  link.loaded = new Promise((resolve, reject) => {
    link.onload = resolve;
    link.onerror = () => {
      link.remove(); // the next print view tries again
      reject(new Error('print.css'));
    };
  });
  document.head.append(link);
  return link.loaded;
}

/** Rows of a contents column, and columns of a contents page. */
export const CONTENTS_ROWS = 48;
export const CONTENTS_COLUMNS = 2;
const FETCHES = 6; // cell details loaded at once

export class PrintPage {
  /**
   * cells() and units() are the town's GeoJSON, town() the town of
   * /api/config, cellURL(code) the absolute URL of the cell's public page.
   */
  constructor({ cells, units, town, cellURL }) {
    this.cells = cells;
    this.units = units;
    this.town = town;
    this.cellURL = cellURL;
    this.seq = 0;
  }

  /** Shows the print view of target ({cell: CODE} or {atlas: true}) in root. */
  show(root, target) {
    this.root = root;
    this.target = target;
    this.data = null;
    this.error = '';
    this.progress = null;
    this.load(++this.seq);
  }

  async load(seq) {
    this.render();
    const all = this.cells().features;
    const list = this.target.cell ? all.filter((f) => f.properties.code === this.target.cell)
      : [...all].sort((a, b) => (a.properties.code < b.properties.code ? -1 : 1));
    if (!list.length) {
      this.error = t('print.noCell', { code: this.target.cell });
      return this.render();
    }
    try {
      // The town centre's mediators serve every cell (the panel shows them too); a reader who may not list them gets none.
      const townP = api.mediators().then((r) => (r.mediators || []).filter((m) => !m.unit_code)).catch(() => []);
      const details = new Array(list.length);
      let next = 0;
      let done = 0;
      const fetchOne = async () => {
        while (next < list.length && seq === this.seq) {
          const i = next++;
          details[i] = (await api.cell(list[i].properties.code)).properties;
          this.progress = { n: ++done, total: list.length };
          this.showStatus();
        }
      };
      await Promise.all(Array.from({ length: Math.min(FETCHES, list.length) }, fetchOne));
      const town = await townP;
      if (seq !== this.seq) return;
      this.data = { list, details, town, printed: new Date().toISOString() };
    } catch (err) {
      if (seq !== this.seq) return;
      this.error = t('print.error', { msg: errorText(err) });
    }
    this.render();
  }

  statusText() {
    if (this.error) return this.error;
    if (this.data) return t('print.ready', { n: num(this.sheetCount()) });
    if (this.progress && this.target.atlas) return t('print.progress', { n: num(this.progress.n), total: num(this.progress.total) });
    return t('print.loading');
  }

  showStatus() {
    const el = this.root && this.root.querySelector('.print-status');
    if (el) el.textContent = this.statusText();
  }

  /** Pages of the contents list. */
  contentsPages() {
    return this.target.atlas && this.data ? Math.ceil(this.data.list.length / (CONTENTS_ROWS * CONTENTS_COLUMNS)) : 0;
  }

  sheetCount() {
    return this.contentsPages() + (this.data ? this.data.list.length : 0);
  }

  render() {
    if (!this.root) return;
    const back = this.target.cell ? `#cell=${encodeURIComponent(this.target.cell)}` : '#/map';
    const ready = !!this.data;
    const sheets = h('div', { class: 'print-sheets' });
    const box = h('div', { class: 'print', 'data-ready': 'false', 'data-kind': this.target.atlas ? 'atlas' : 'cell' },
      h('div', { class: 'print-bar' },
        h('a', { href: back, class: 'button button-small print-back' }, t('print.back')),
        h('p', { class: 'print-status', role: 'status' }, this.statusText()),
        h('button', { type: 'button', class: 'button print-now', id: 'print-now', disabled: true, onclick: () => window.print() }, t('print.print')),
        h('p', { class: 'print-hint' }, t('print.hint'))),
      sheets);
    this.root.replaceChildren(box);
    if (!ready) return;
    sheets.append(...this.sheets());
    this.finish(box, this.seq);
  }

  /** Draws the maps into their laid-out boxes, then marks the view ready. */
  async finish(box, seq) {
    await document.fonts.ready; // label widths are measured in the print font
    if (seq !== this.seq || !box.isConnected) return;
    const cells = this.cells();
    const units = this.units();
    const byCode = new Map(cells.features.map((f) => [f.properties.code, f]));
    const maps = [...box.querySelectorAll('.sheet-map')];
    const sizes = maps.map((m) => [m.clientWidth, m.clientHeight]); // one layout for every page
    maps.forEach((m, i) => {
      const [width, height] = sizes[i];
      m.replaceChildren(cellMap({ cell: byCode.get(m.dataset.code), cells, units, width, height }));
    });
    box.dataset.pages = String(box.querySelectorAll('.sheet').length);
    box.dataset.ready = 'true';
    box.querySelector('#print-now').disabled = false;
  }

  sheets() {
    const { list, details, town, printed } = this.data;
    const contents = this.contentsPages();
    const total = this.sheetCount();
    const unitsByCode = new Map(this.units().features.map((f) => [f.properties.code, f.properties]));
    const ctx = { town, printed, total, unitsByCode, townName: (this.town() || {}).name || '' };
    const out = [];
    for (let p = 0; p < contents; p++) out.push(this.contentsSheet(p, contents, ctx));
    list.forEach((f, i) => out.push(this.cellSheet(f, details[i], { ...ctx, page: this.target.atlas ? contents + i + 1 : 0 })));
    return out;
  }

  /** Page p (from 0) of the contents: code, name, unit and page of each cell, in columns. */
  contentsSheet(p, pages, ctx) {
    const { list } = this.data;
    const per = CONTENTS_ROWS * CONTENTS_COLUMNS;
    const columns = [];
    for (let c = 0; c < CONTENTS_COLUMNS; c++) {
      const start = p * per + c * CONTENTS_ROWS;
      const rows = list.slice(start, start + CONTENTS_ROWS);
      if (!rows.length) break;
      columns.push(h('table', { class: 'contents-table' },
        h('thead', {}, h('tr', {},
          h('th', { class: 'contents-code' }, t('print.col.code')), h('th', { class: 'contents-name' }, t('print.col.name')),
          h('th', { class: 'contents-unit' }, t('print.col.unit')), h('th', { class: 'contents-page' }, t('print.col.page')))),
        h('tbody', {}, rows.map((f, i) => h('tr', { 'data-code': f.properties.code },
          h('td', { class: 'contents-code code' }, f.properties.code),
          h('td', { class: 'contents-name' }, f.properties.name),
          h('td', { class: 'contents-unit' }, f.properties.unit_name),
          h('td', { class: 'contents-page' }, num(pages + start + i + 1)))))));
    }
    return h('article', { class: 'sheet sheet-contents' },
      p === 0 ? h('header', { class: 'sheet-head' },
        h('h2', { class: 'sheet-title' }, t('print.atlasTitle', { town: ctx.townName })),
        h('p', { class: 'sheet-subtitle' }, t('print.contents'))) : null,
      h('div', { class: 'contents-columns' }, columns),
      footer(ctx, p + 1));
  }

  /** A cell's notice board. */
  cellSheet(f, detail, ctx) {
    const p = { ...f.properties, ...detail };
    const unit = ctx.unitsByCode.get(p.unit_code);
    const url = this.cellURL(p.code);
    // Area, population and households when the answer has them.
    const facts = [
      ['field.area', p.area_m2, (v) => t('unit.km2', { v: num(v / 1e6, 2) })],
      ['field.population', p.population, (v) => t('unit.people', { v: num(v) })],
      ['field.households', p.households, (v) => t('unit.households', { v: num(v) })],
    ].filter(([, v]) => typeof v === 'number').map(([key, v, words]) => h('div', { class: 'sheet-fact' }, h('dt', {}, t(key)), h('dd', {}, words(v))));
    return h('article', { class: 'sheet sheet-cell', 'data-code': p.code },
      h('header', { class: 'sheet-head' },
        h('div', { class: 'sheet-head-row' },
          h('h2', { class: 'sheet-title' }, t('print.board')),
          h('p', { class: 'sheet-town' }, ctx.townName)),
        h('p', { class: 'sheet-name' }, p.name),
        h('p', { class: 'sheet-meta' },
          h('span', {}, t('field.code'), ' '), h('span', { class: 'code sheet-code' }, p.code),
          h('span', { class: 'sheet-sep' }, ' · '),
          h('span', { class: 'sheet-unit' }, unit ? t('print.unitLine', { unit: p.unit_name, kind: t('unitKind.' + unit.kind) }) : p.unit_name))),
      h('div', { class: 'sheet-map', 'data-code': p.code }),
      h('div', { class: 'sheet-info' },
        h('section', { class: 'sheet-workers' },
          h('h3', {}, t('print.workers')),
          workers(p.grid_workers),
          h('dl', { class: 'sheet-facts' },
            facts,
            p.kind ? h('div', { class: 'sheet-fact' }, h('dt', {}, t('field.kind')), h('dd', {}, t('kind.' + p.kind))) : null)),
        h('figure', { class: 'sheet-qr' },
          qrSVG(url),
          h('figcaption', {}, h('span', { class: 'sheet-qr-caption' }, t('print.qrCaption')), h('span', { class: 'sheet-url code' }, url)))),
      h('section', { class: 'sheet-mediators' },
        h('h3', {}, t('print.mediators')),
        mediators(p, ctx.town)),
      footer(ctx, ctx.page));
  }
}

function footer(ctx, page) {
  return h('footer', { class: 'sheet-foot' },
    h('span', { class: 'sheet-printed' }, t('print.printed', { date: date(ctx.printed) })),
    page ? h('span', { class: 'sheet-page' }, t('print.pageOf', { n: num(page), total: num(ctx.total) })) : null);
}

function workers(list) {
  if (!list || !list.length) return h('p', { class: 'sheet-none' }, t('section.none'));
  return h('ul', { class: 'sheet-people' }, list.map((w) => h('li', { class: 'sheet-worker' },
    h('span', { class: 'sheet-worker-name' }, w.name || t('print.hidden')),
    h('span', { class: 'sheet-worker-phone code' }, w.phone || t('print.noPhone')))));
}

/** The cell's unit's mediators, then the town centre's (those the cell's answer does not already list). */
function mediators(cell, town) {
  const own = cell.mediators || [];
  const ids = new Set(own.map((m) => m.id));
  const groups = [
    [cell.unit_name, own.filter((m) => m.unit_code)],
    [t('mediators.town'), own.filter((m) => !m.unit_code).concat(town.filter((m) => !ids.has(m.id)))],
  ].filter(([, ms]) => ms.length);
  if (!groups.length) return h('p', { class: 'sheet-none' }, t('section.none'));
  const head = h('li', { class: 'sheet-med sheet-med-head', 'aria-hidden': 'true' },
    h('span', {}, t('print.med.name')), h('span', {}, t('print.med.role')), h('span', {}, t('print.med.category')), h('span', {}, t('print.med.phone')));
  return h('div', { class: 'sheet-med-groups' }, groups.map(([title, ms]) => h('div', { class: 'sheet-med-group' },
    h('h4', {}, title),
    h('ul', { class: 'sheet-meds' }, head.cloneNode(true), ms.map((m) => {
      const category = t('category.' + m.category);
      const role = lang() === 'zh-CN' ? m.role : tv(m.role);
      return h('li', { class: 'sheet-med gm-mediator' },
        h('span', { class: 'sheet-med-name' }, m.name || t('print.hidden')),
        h('span', { class: 'sheet-med-role' }, role || ''),
        h('span', { class: 'sheet-med-category' }, category),
        h('span', { class: 'sheet-med-phone code' }, m.phone || t('print.noPhone')));
    })))));
}
