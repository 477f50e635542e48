// Message catalogs and the current language. zh-CN is the default; English is
// the second locale. Every user-facing string of the app lives here.

const catalogs = {
  'zh-CN': {
    'app.title': '{town}网格地图',
    'app.titleFallback': '网格地图',
    'app.titleRest': '网格地图',
    'lang.toggle': 'EN',
    'lang.toggleLabel': 'Switch to English',
    'search.label': '搜索网格',
    'search.placeholder': '网格编码或名称',
    'search.none': '没有匹配的网格',
    'search.results': '找到 {n} 个网格',
    'status.loading': '正在加载网格数据…',
    'status.error': '无法加载网格数据',
    'status.retry': '重试',
    'status.detail': '原因：{msg}',
    'error.network': '无法连接服务器',
    'error.http': '服务器返回 {status}',
    'legend.title': '图例',
    'legend.units': '村（社区）',
    'legend.lines': '边界',
    'legend.town': '镇界',
    'legend.unit': '村（社区）界',
    'legend.cell': '网格界',
    'legend.cells': '{n} 个网格',
    'layers.basemap': '底图',
    'map.home': '显示全镇',
    'map.zoomIn': '放大',
    'map.zoomOut': '缩小',
    'layers.labels': '注记',
    'panel.label': '网格详情',
    'panel.close': '关闭',
    'panel.expand': '展开详情',
    'panel.collapse': '收起详情',
    'panel.loading': '正在加载…',
    'panel.error': '无法加载网格详情',
    'field.code': '网格编码',
    'field.unit': '所属村（社区）',
    'field.kind': '网格类型',
    'field.population': '人口',
    'field.households': '户数',
    'field.area': '面积',
    'field.open': '未办结事件',
    'unit.km2': '{v} km²',
    'unit.people': '{v} 人',
    'unit.households': '{v} 户',
    'kind.rural': '农村网格',
    'kind.community': '社区网格',
    'unitKind.village': '行政村',
    'unitKind.community': '社区',
    'section.workers': '网格员',
    'section.mediators': '人民调解员',
    'section.counts': '矛盾纠纷与信访',
    'section.none': '暂无',
    'mediators.town': '镇综治中心',
    'mediators.unit': '{unit}',
    'category.town_centre': '人民调解员',
    'category.town_elder': '乡贤和议员',
    'category.cadre': '村（社区）干部',
    'category.police': '驻片民警',
    'category.lawyer': '驻村律师',
    'category.elder': '乡贤和议员',
    'status.reported': '上报',
    'status.accepted': '受理',
    'status.mediating': '调解中',
    'status.resolved': '已化解',
    'status.escalated': '上交',
    'status.closed': '办结',
    'tab.residents': '居民',
    'tab.incidents': '近期事件',
    'list.more': '加载更多（已显示 {shown}/{total}）',
    'list.loading': '正在加载…',
    'list.error': '加载失败',
    'list.retry': '重试',
    'list.empty': '暂无记录',
    'list.total': '共 {total} 条',
    'resident.M': '男',
    'resident.F': '女',
    'incidentKind.dispute': '矛盾纠纷',
    'incidentKind.petition': '信访',
    'call': '拨打 {name} 的电话 {phone}',
  },
  en: {
    'app.title': '{town} Grid Map',
    'app.titleFallback': 'Grid Map',
    'app.titleRest': ' Grid Map',
    'lang.toggle': '中文',
    'lang.toggleLabel': '切换到中文',
    'search.label': 'Search grid cells',
    'search.placeholder': 'Cell code or name',
    'search.none': 'No matching cell',
    'search.results': '{n} cells found',
    'status.loading': 'Loading grid data…',
    'status.error': 'Could not load the grid data',
    'status.retry': 'Retry',
    'status.detail': 'Reason: {msg}',
    'error.network': 'Cannot reach the server',
    'error.http': 'Server answered {status}',
    'legend.title': 'Legend',
    'legend.units': 'Villages and communities',
    'legend.lines': 'Boundaries',
    'legend.town': 'Town',
    'legend.unit': 'Village / community',
    'legend.cell': 'Grid cell',
    'legend.cells': '{n} cells',
    'layers.basemap': 'Basemap',
    'map.home': 'Show the whole town',
    'map.zoomIn': 'Zoom in',
    'map.zoomOut': 'Zoom out',
    'layers.labels': 'Labels',
    'panel.label': 'Grid cell details',
    'panel.close': 'Close',
    'panel.expand': 'Expand details',
    'panel.collapse': 'Collapse details',
    'panel.loading': 'Loading…',
    'panel.error': 'Could not load the cell details',
    'field.code': 'Cell code',
    'field.unit': 'Village / community',
    'field.kind': 'Cell type',
    'field.population': 'Population',
    'field.households': 'Households',
    'field.area': 'Area',
    'field.open': 'Open cases',
    'unit.km2': '{v} km²',
    'unit.people': '{v}',
    'unit.households': '{v}',
    'kind.rural': 'Rural grid cell',
    'kind.community': 'Community grid cell',
    'unitKind.village': 'Village',
    'unitKind.community': 'Community',
    'section.workers': 'Grid workers',
    'section.mediators': 'People\u2019s mediators',
    'section.counts': 'Disputes and petitions',
    'section.none': 'None',
    'mediators.town': 'Town mediation centre',
    'mediators.unit': '{unit}',
    'category.town_centre': 'Mediator',
    'category.town_elder': 'Elder mediator',
    'category.cadre': 'Village cadre',
    'category.police': 'Resident police officer',
    'category.lawyer': 'Resident lawyer',
    'category.elder': 'Elder mediator',
    'status.reported': 'Reported',
    'status.accepted': 'Accepted',
    'status.mediating': 'Mediating',
    'status.resolved': 'Resolved',
    'status.escalated': 'Escalated',
    'status.closed': 'Closed',
    'tab.residents': 'Residents',
    'tab.incidents': 'Recent cases',
    'list.more': 'Load more ({shown} of {total} shown)',
    'list.loading': 'Loading…',
    'list.error': 'Loading failed',
    'list.retry': 'Retry',
    'list.empty': 'No records',
    'list.total': '{total} in all',
    'resident.M': 'Male',
    'resident.F': 'Female',
    'incidentKind.dispute': 'Dispute',
    'incidentKind.petition': 'Petition',
    'call': 'Call {name} at {phone}',
  },
};

// Data values the server sends in Chinese (incident types and sources,
// mediator roles, household relations); English names for those we know,
// the value itself otherwise.
const dataValuesEn = {
  '邻里纠纷': 'Neighbour dispute',
  '婚姻家庭': 'Marriage and family',
  '土地山林权属': 'Land and forest rights',
  '劳资': 'Labour and wages',
  '合同债务': 'Contract and debt',
  '征地拆迁': 'Land acquisition',
  '环境': 'Environment',
  '其他': 'Other',
  '网格员上报': 'Grid worker',
  '群众来访': 'Walk-in',
  '12345热线': '12345 hotline',
  '信访': 'Petition office',
  '书记': 'Party secretary',
  '主任': 'Committee director',
  '综治专干': 'Public security officer',
  '驻片民警': 'Resident police officer',
  '驻村律师': 'Resident lawyer',
  '乡贤和议员': 'Elder mediator',
  '政法书记': 'Political-legal secretary',
  '平安办主任': 'Head of the safety office',
  '司法所长': 'Head of the justice office',
  '派出所教导员': 'Police station instructor',
  '法律顾问': 'Legal adviser',
  '综治中心主任': 'Head of the governance centre',
  '信访办主任': 'Head of the petition office',
  '人民调解委员会主任': 'Head of the mediation committee',
  '户主': 'Head',
  '配偶': 'Spouse',
  '子女': 'Child',
  '父母': 'Parent',
  '孙子女': 'Grandchild',
  '兄弟姐妹': 'Sibling',
  '其他亲属': 'Other relative',
};

export const languages = Object.keys(catalogs);
const storageKey = 'gridmap.lang';
const listeners = [];
let current = initialLanguage();

function initialLanguage() {
  try {
    const saved = localStorage.getItem(storageKey);
    if (saved && catalogs[saved]) return saved;
  } catch { /* storage may be disabled; fall back to the default */ }
  return 'zh-CN';
}

/** The current language tag, e.g. "zh-CN". */
export function lang() {
  return current;
}

/** Switches the language, remembers it and notifies listeners. */
export function setLang(tag) {
  if (!catalogs[tag] || tag === current) return;
  current = tag;
  try { localStorage.setItem(storageKey, tag); } catch { /* not fatal */ }
  document.documentElement.lang = tag;
  applyStatic(document);
  for (const fn of listeners) fn(tag);
}

/** Registers fn to run after each language change. */
export function onLangChange(fn) {
  listeners.push(fn);
}

/** Looks up key in the current catalog and fills {name} placeholders. */
export function t(key, params = {}) {
  const msg = catalogs[current][key] ?? catalogs['zh-CN'][key] ?? key;
  return msg.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

/** Translates a Chinese data value (incident type, relation) when known. */
export function tv(value) {
  if (current === 'zh-CN' || value == null) return value ?? '';
  return dataValuesEn[value] ?? value;
}

/** Formats an integer for the current language. */
export function num(n, digits = 0) {
  return new Intl.NumberFormat(current, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);
}

/** Formats an RFC 3339 time as a local date in the town's time zone. */
export function date(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

/**
 * Fills elements marked in the HTML: data-i18n sets the text,
 * data-i18n-attr="attr:key,attr:key" sets attributes.
 */
export function applyStatic(root) {
  document.documentElement.lang = current;
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of el.dataset.i18nAttr.split(',')) {
      const [attr, key] = pair.split(':');
      el.setAttribute(attr.trim(), t(key.trim()));
    }
  }
}
