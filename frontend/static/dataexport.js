// 数据导出, the administrator's downloads: every layer of the town (cells,
// villages and communities, incidents, residents) in every format the
// server writes (GET /api/export/{layer}?format=). Each button is a plain
// link, so that the browser saves the file under the name the server
// gives it and a large export streams to disk. Exports of residents and of
// incidents with their parties are written to the audit log.

import { t } from './i18n.js';
import { h } from './dom.js';

/** The layers, and whether they hold personal data. */
const LAYERS = [
  { id: 'cells', personal: false },
  { id: 'units', personal: false },
  { id: 'incidents', personal: true },
  { id: 'residents', personal: true },
];

/** The formats, in the order of the buttons. */
const FORMATS = ['gpkg', 'shp', 'kml', 'geojson', 'xlsx', 'csv'];

export class ExportPage {
  show(root) {
    this.root = root;
    this.render();
  }

  render() {
    if (!this.root) return;
    const rows = LAYERS.map((l) => h('tr', { id: 'de-' + l.id },
      h('th', { scope: 'row' },
        h('span', { class: 'de-layer' }, t('de.layer.' + l.id)),
        h('span', { class: 'muted de-what' }, t('de.what.' + l.id)),
        l.personal ? h('span', { class: 'de-personal' }, t('de.personal')) : null),
      h('td', {}, h('div', { class: 'de-buttons' }, FORMATS.map((f) => h('a', {
        class: 'button button-small button-quiet',
        href: `api/export/${l.id}?format=${f}`,
        download: '',
        'data-layer': l.id,
        'data-format': f,
        title: t('de.format.' + f),
        'aria-label': t('de.download', { layer: t('de.layer.' + l.id), format: t('de.format.' + f) }),
      }, t('de.short.' + f)))))));
    this.root.replaceChildren(h('div', { class: 'page-inner page-wide page-export' },
      h('div', { class: 'page-head' },
        h('h2', { class: 'page-title', id: 'page-title' }, t('view.export')),
        h('p', { class: 'muted' }, t('de.lead'))),
      h('section', { class: 'card-box', 'aria-labelledby': 'de-title' },
        h('h3', { id: 'de-title' }, t('de.downloads')),
        h('div', { class: 'table-wrap' }, h('table', { class: 'table table-stack', id: 'de-table' },
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('de.col.layer')), h('th', { scope: 'col' }, t('de.col.formats')))),
          h('tbody', {}, rows)))),
      h('section', { class: 'card-box', 'aria-labelledby': 'de-notes-title' },
        h('h3', { id: 'de-notes-title' }, t('de.notes')),
        h('ul', { class: 'de-notes' }, ['de.note.shp', 'de.note.sheets', 'de.note.points', 'de.note.audit']
          .map((k) => h('li', {}, t(k)))))));
  }
}
