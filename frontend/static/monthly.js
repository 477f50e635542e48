// 调解月报: the monthly mediation statistics (司法部's 人民调解 statistics
// report) for leaders (the town, or any unit), cadres (their own unit) and
// admins: a month picker, the table by dispute type with its totals row,
// the units' totals for the town, and the workbook to file as a plain
// link (the session cookie goes with it; the server names the file).

import { api } from './api.js';
import { t, num } from './i18n.js';
import { h } from './dom.js';
import { errorText } from './ui.js';
import { current, role } from './session.js';

/** The current month in China time, YYYY-MM. */
function thisMonth() {
  return new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 7);
}

const COLUMNS = ['accepted', 'mediated', 'success_rate', 'amount_agreed', 'prevented_crime', 'prevented_petition'];

export class MonthlyPage {
  /** units() gives the town's units as GeoJSON (the unit picker of leaders and admins). */
  constructor({ units }) {
    this.units = units;
  }

  show(root) {
    this.root = root;
    this.month = this.month || thisMonth();
    if (this.unit === undefined) this.unit = role() === 'unit_cadre' ? ((current() || {}).user || {}).unit_code || '' : '';
    this.load();
  }

  params() {
    return this.unit ? { month: this.month, unit: this.unit } : { month: this.month };
  }

  async load() {
    this.data = null;
    this.error = null;
    this.render();
    const asked = JSON.stringify(this.params());
    try {
      const d = await api.mediationStats(this.params());
      if (asked === JSON.stringify(this.params())) this.data = d;
    } catch (err) {
      this.error = err;
    }
    this.render();
  }

  cell(row, k) {
    const v = row[k];
    if (k === 'success_rate') return v === null ? '—' : num(v * 100, 1) + '%';
    if (k === 'amount_agreed') return num(v, 2);
    return num(v);
  }

  table(id, label, rows, total, nameOf) {
    return h('div', { class: 'table-wrap' }, h('table', { class: 'table', id },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, label), COLUMNS.map((k) => h('th', { scope: 'col', class: 'num' }, t('monthly.col.' + k))))),
      h('tbody', {}, rows.map((r) => h('tr', { 'data-row': r.code || r.category },
        h('th', { scope: 'row' }, nameOf(r)), COLUMNS.map((k) => h('td', { class: 'num', 'data-col': k }, this.cell(r.table ? r.table.total : r, k)))))),
      h('tfoot', {}, h('tr', { 'data-row': 'total' }, h('th', { scope: 'row' }, t('monthly.total')),
        COLUMNS.map((k) => h('td', { class: 'num', 'data-col': k }, this.cell(total, k)))))));
  }

  render() {
    if (!this.root) return;
    const cadre = role() === 'unit_cadre';
    const fc = this.units();
    const units = ((fc && fc.features) || []).map((f) => f.properties).sort((a, b) => a.code.localeCompare(b.code));
    const form = h('form', { class: 'form form-inline', id: 'monthly-form', onsubmit: (e) => e.preventDefault() },
      h('div', { class: 'field' }, h('label', { for: 'monthly-month' }, t('monthly.month')),
        h('input', { id: 'monthly-month', name: 'month', type: 'month', value: this.month, max: thisMonth(), required: true,
          onchange: (e) => { if (/^\d{4}-\d{2}$/.test(e.target.value)) { this.month = e.target.value; this.load(); } } })),
      cadre ? null : h('div', { class: 'field' }, h('label', { for: 'monthly-unit' }, t('monthly.place')),
        h('select', { id: 'monthly-unit', name: 'unit', onchange: (e) => { this.unit = e.target.value; this.load(); } },
          h('option', { value: '', selected: !this.unit }, t('monthly.town')),
          units.map((u) => h('option', { value: u.code, selected: this.unit === u.code }, u.name)))),
      h('a', { class: 'button', id: 'monthly-download', download: '',
        href: 'api/stats/mediation.xlsx?' + new URLSearchParams(this.params()).toString() }, t('monthly.download')));
    let body;
    if (this.error) body = h('p', { class: 'notice notice-error', role: 'alert' }, errorText(this.error));
    else if (!this.data) body = h('p', { class: 'muted' }, t('list.loading'));
    else {
      const d = this.data;
      const place = d.unit ? `${d.town} ${d.unit.name}` : d.town;
      const [y, m] = d.month.split('-');
      body = [
        h('section', { class: 'card-box', 'aria-labelledby': 'monthly-title' },
          h('h3', { id: 'monthly-title' }, t('monthly.title', { place, year: y, month: Number(m) })),
          this.table('monthly-table', t('monthly.col.category'), d.table.rows, d.table.total, (r) => t('monthly.cat.' + r.category)),
          h('p', { class: 'muted' }, t('monthly.note'))),
        d.unit ? null : h('section', { class: 'card-box', 'aria-labelledby': 'monthly-units-title' },
          h('h3', { id: 'monthly-units-title' }, t('monthly.byUnit')),
          this.table('monthly-units', t('monthly.col.unit'), d.units, d.table.total, (u) => u.name)),
        h('section', { class: 'card-box', 'aria-labelledby': 'monthly-types-title' },
          h('h3', { id: 'monthly-types-title' }, t('monthly.types')),
          h('ul', { class: 'monthly-types' }, d.categories.filter((c) => c.types.length).map((c) =>
            h('li', { 'data-category': c.code }, t('monthly.cat.' + c.code), '：', c.types.join(t('list.sep')))))),
      ];
    }
    this.root.replaceChildren(h('div', { class: 'page-inner page-wide page-monthly' },
      h('div', { class: 'page-head' },
        h('h2', { class: 'page-title', id: 'page-title' }, t('view.monthly')),
        h('p', { class: 'muted' }, t('monthly.lead'))),
      form, body));
  }
}
