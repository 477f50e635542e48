// gridmap web app: loads the town from the API and wires the map, the
// search box, the cell panel and the language toggle together.

import { api } from './api.js';
import { t, lang, setLang, applyStatic, onLangChange } from './i18n.js';
import { GridMap } from './map.js';
import { Search } from './search.js';
import { Panel } from './panel.js';
import { h } from './dom.js';

const $ = (sel) => document.querySelector(sel);

const state = { config: null };

const gridMap = new GridMap($('#map'), {
  onSelect: (code) => {
    search.clear();
    openCell(code, false);
  },
});
const panel = new Panel($('#panel'), {
  onClose: () => {
    gridMap.select(null);
    history.replaceState(null, '', location.pathname + location.search);
  },
  onResize: () => { if (panel.code) gridMap.reveal(panel.code, panel.cover(), false); },
});
const search = new Search($('#search'), $('#suggestions'), $('#search-status'), (code) => openCell(code, true));

/**
 * Selects a cell and opens its panel. zoom fits the map to the cell (search,
 * links), else it pans only when the cell is hidden (map clicks); focus moves
 * to the panel for keyboard users coming from the search box.
 */
function openCell(code, zoom, focus = zoom) {
  const f = gridMap.feature(code);
  if (!f) return;
  gridMap.select(code);
  panel.open(f.properties);
  gridMap.reveal(code, panel.cover(), zoom);
  if (focus) $('#panel').focus({ preventScroll: true });
  history.replaceState(null, '', '#cell=' + encodeURIComponent(code));
}

function setTitle() {
  const town = state.config && state.config.town && state.config.town.name;
  const title = town ? t('app.title', { town }) : t('app.titleFallback');
  document.title = title;
  // Phones show the town name alone, to leave room for the search box.
  $('#title').replaceChildren(...(town
    ? [h('span', { class: 'title-town' }, town), h('span', { class: 'title-rest' }, t('app.titleRest'))]
    : [title]));
}

function showStatus(kind, detail) {
  document.body.dataset.state = kind;
  const box = $('#status');
  box.hidden = kind === 'ready';
  box.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  const text = $('#status-text');
  if (kind === 'loading') {
    text.replaceChildren(h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('status.loading'));
  } else if (kind === 'error') {
    text.textContent = t('status.error');
  }
  const d = $('#status-detail');
  d.hidden = !detail;
  d.textContent = detail ? t('status.detail', { msg: detail }) : '';
  $('#retry').hidden = kind !== 'error';
}

function errorText(err) {
  if (err && err.status === 0) return t('error.network');
  if (err && err.status) return t('error.http', { status: err.status }) + (err.code !== 'http' && err.message ? ` (${err.message})` : '');
  return String(err && err.message || err);
}

async function load() {
  state.lastError = null;
  showStatus('loading');
  let data;
  try {
    const [config, town, units, cells] = await Promise.all([api.config(), api.town(), api.units(), api.cells()]);
    data = { config, town, units, cells };
  } catch (err) {
    state.lastError = err;
    showStatus('error', errorText(err));
    return;
  }
  state.config = data.config;
  setTitle();
  gridMap.setData(data);
  search.setCells(data.cells.features);
  showStatus('ready');
  const m = location.hash.match(/^#cell=(\d+)$/);
  if (m) openCell(m[1], true, false);
}

$('#retry').addEventListener('click', load);
$('#lang').addEventListener('click', () => setLang(lang() === 'zh-CN' ? 'en' : 'zh-CN'));
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && panel.isOpen) panel.close();
});
onLangChange(() => {
  setTitle();
  search.relabel();
  if (document.body.dataset.state !== 'ready') showStatus(document.body.dataset.state, state.lastError && errorText(state.lastError));
});

applyStatic(document);
load();
