// The keys page: totals per provider, traffic chart, keys needing attention, the add-keys paste,
// and the key table (filtered, sorted and paged by the server).
import { get, post, query, ApiError } from './api.js';
import { el, $, $$, clear, number, time, ago, debounce, badge, attempt } from './dom.js';
import { initShell } from './shell.js';
import { barChart } from './chart.js';
import { KeyActions } from './key-actions.js';

initShell();

const state = {
  page: 0,
  sort: '',
  order: 'asc',
  hours: 24,
  attention: '429',
  rows: [],
  selected: new Map(), // "provider/id" -> {provider, id}
};

const actions = new KeyActions(state, () => refresh());

/**
 * A whole key typed into search is turned into its id by the server (in a POST body), so the key
 * never travels in a URL, where proxies and access logs would keep it.
 */
async function searchTerm() {
  const text = $('#search').value.trim();
  if (!/^[\x21-\x7e]{20,}$/.test(text) || text.includes('...')) {
    return text;
  }
  return (await post('/api/keys/lookup', { key: text })).id;
}

let latest = 0;

async function loadKeys() {
  // Typing fires several loads; only the newest may draw, whatever order the answers come in.
  const mine = ++latest;
  const params = {
    search: await searchTerm(),
    provider: $('#filter-provider').value,
    state: $('#filter-state').value,
    min_failures: $('#filter-failures').value,
    sort: state.sort,
    order: state.sort ? state.order : '',
    page: state.page,
    size: $('#page-size').value,
  };
  const data = await attempt(() => get(`/api/keys${query(params)}`), 'Loading keys');
  if (!data || mine !== latest) {
    return;
  }
  renderSummary(data.summary);
  renderRows(data.keys);
  renderPager(data.total, data.page, data.size);
}

function renderSummary(summary) {
  const box = $('#summary');
  const providers = $('#filter-provider');
  const chosen = providers.value;
  clear(providers, el('option', { value: '', text: 'all' }),
    summary.map((s) => el('option', { value: s.provider, text: s.provider })));
  providers.value = chosen;
  if (summary.length === 0) {
    clear(box, el('p', { class: 'muted', text: 'No keys yet: add some below.' }));
    return;
  }
  clear(box, summary.map((s) => el('div', { class: 'card', attrs: { 'data-provider': s.provider } },
    el('h3', { text: s.provider }),
    el('p', { class: 'big', text: number(s.total) }, el('span', { class: 'muted', text: ' keys' })),
    el('ul', { class: 'counts' },
      el('li', {}, badge('active'), el('b', { class: 'count-active', text: number(s.active) })),
      el('li', {}, badge('cooling'), el('b', { class: 'count-cooling', text: number(s.cooling) })),
      el('li', {}, badge('disabled'), el('b', { class: 'count-disabled', text: number(s.disabled) }))))));
}

function renderRows(keys) {
  state.rows = keys;
  const body = $('#keys-body');
  if (keys.length === 0) {
    clear(body, el('tr', {}, el('td', { colSpan: 11, class: 'empty', text: 'No key matches.' })));
  } else {
    clear(body, keys.map((key) => row(key)));
  }
  const all = $('#select-page');
  all.checked = keys.length > 0 && keys.every((k) => state.selected.has(`${k.provider}/${k.id}`));
  actions.showSelection();
}

function row(key) {
  const id = `${key.provider}/${key.id}`;
  const check = el('input', {
    type: 'checkbox', checked: state.selected.has(id),
    attrs: { 'aria-label': `Select ${key.key}` },
    on: {
      change: (event) => {
        if (event.target.checked) {
          state.selected.set(id, { provider: key.provider, id: key.id });
        } else {
          state.selected.delete(id);
        }
        actions.showSelection();
      },
    },
  });
  const lastError = key.last_error
    ? el('div', { class: 'error-cell' }, el('span', { class: 'clip', text: key.last_error, title: key.last_error }),
      el('small', { class: 'muted', text: ago(key.last_error_at), title: time(key.last_error_at) }))
    : el('span', { class: 'muted', text: '–' });
  const stateCell = el('td', {}, badge(key.state));
  if (key.state === 'cooling' && key.cooling_until) {
    stateCell.append(el('small', { class: 'muted block', text: `until ${time(key.cooling_until)}` }));
  }
  return el('tr', { attrs: { 'data-key-id': key.id, 'data-provider': key.provider, 'data-state': key.state } },
    el('td', {}, check),
    el('td', {}, el('code', { class: 'masked', text: key.key }),
      el('small', { class: 'muted block', text: `${key.id} · ${key.source}` })),
    el('td', { text: key.provider }),
    el('td', { text: key.label || '' }),
    stateCell,
    el('td', { class: `num ${key.failures > 0 ? 'warn' : ''}`, text: number(key.failures) }),
    el('td', {}, lastError),
    el('td', { class: 'num', text: number(key.calls_24h) }),
    el('td', { class: `num ${key.failures_24h > 0 ? 'warn' : ''}`, text: number(key.failures_24h) }),
    el('td', { class: 'num', text: number(key.tokens_24h) }),
    el('td', { class: 'actions' }, actions.buttons(key)));
}

function renderPager(total, page, size) {
  const pages = Math.max(1, Math.ceil(total / size));
  const go = (target) => {
    state.page = target;
    loadKeys();
  };
  clear($('#pager'),
    el('button', { type: 'button', text: '‹ Previous', disabled: page <= 0, on: { click: () => go(page - 1) } }),
    el('span', { id: 'page-info', text: `Page ${page + 1} of ${pages} · ${number(total)} keys` }),
    el('button', { type: 'button', text: 'Next ›', disabled: page + 1 >= pages, on: { click: () => go(page + 1) } }));
}

async function loadChart() {
  window.addEventListener('resize', debounce(loadChart, 300));
$$('#hours button').forEach((b) => b.setAttribute('aria-pressed', String(Number(b.dataset.hours) === state.hours)));
  const box = $('#chart');
  try {
    const data = await get(`/api/stats/series${query({ hours: state.hours })}`);
    const buckets = data.buckets || [];
    clear(box, buckets.length ? barChart(buckets, state.hours, box.clientWidth)
      : el('p', { class: 'muted', text: 'No traffic in this period.' }));
  } catch (error) {
    clear(box, el('p', { class: 'muted', text: error instanceof ApiError && error.status === 404
      ? 'The server has no traffic series (/api/stats/series).' : `Cannot load the chart: ${error.message}` }));
  }
}

async function loadAttention() {
  $$('#attention-status button').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.status === state.attention)));
  const list = $('#attention');
  const data = await attempt(() => get(`/api/stats/attention${query({ status: state.attention })}`),
    'Loading keys needing attention');
  if (!data) {
    return;
  }
  if (data.keys.length === 0) {
    clear(list, el('li', { class: 'muted none', text: `No ${state.attention} in the last 24 h.` }));
    return;
  }
  clear(list, data.keys.map((k) => el('li', {},
    el('button', { type: 'button', class: 'link', text: k.key_id, title: 'Show this key',
      on: { click: () => { $('#search').value = k.key_id; state.page = 0; loadKeys(); } } }),
    el('span', { class: 'muted', text: ` ${k.provider}` }),
    el('b', { class: 'attention-count', text: number(k.count) }))));
}

async function loadProviders() {
  const data = await attempt(() => get('/api/config/providers'), 'Loading providers');
  if (data) {
    clear($('#add-provider'), data.providers.map((p) => el('option', { value: p.name, text: p.name })));
  }
}

async function addKeys(event) {
  event.preventDefault();
  const text = $('#add-keys');
  const result = $('#add-result');
  const button = $('#add-submit');
  button.disabled = true;
  try {
    const body = { provider: $('#add-provider').value, keys: text.value };
    const label = $('#add-label').value.trim();
    if (label) {
      body.label = label;
    }
    const summary = await post('/api/keys/batch', body);
    text.value = '';
    result.className = 'result ok';
    result.textContent = `Added ${number(summary.added)} to ${summary.provider}; `
      + `${number(summary.duplicates)} duplicates and ${number(summary.invalid)} invalid skipped.`;
    result.hidden = false;
    refresh();
  } catch (error) {
    result.className = 'result bad';
    result.textContent = error.message;
    result.hidden = false;
  } finally {
    button.disabled = false;
  }
}

function refresh() {
  loadKeys();
  loadChart();
  loadAttention();
}

const reload = () => {
  state.page = 0;
  loadKeys();
};
$('#search').addEventListener('input', debounce(reload, 300));
$('#filters').addEventListener('submit', (event) => { event.preventDefault(); reload(); });
['#filter-provider', '#filter-state', '#page-size'].forEach((s) => $(s).addEventListener('change', reload));
$('#filter-failures').addEventListener('input', debounce(reload, 300));
$('#refresh').addEventListener('click', refresh);
$('#add-form').addEventListener('submit', addKeys);
$('#select-page').addEventListener('change', (event) => {
  for (const key of state.rows) {
    const id = `${key.provider}/${key.id}`;
    if (event.target.checked) {
      state.selected.set(id, { provider: key.provider, id: key.id });
    } else {
      state.selected.delete(id);
    }
  }
  $$('#keys-body input[type=checkbox]').forEach((box) => { box.checked = event.target.checked; });
  actions.showSelection();
});
$$('#keys-table .sort').forEach((button) => button.addEventListener('click', () => {
  const sort = button.dataset.sort;
  state.order = state.sort === sort && state.order === 'asc' ? 'desc' : 'asc';
  state.sort = sort;
  $$('#keys-table .sort').forEach((b) => b.removeAttribute('data-order'));
  button.dataset.order = state.order;
  loadKeys();
}));
$$('#hours button').forEach((b) => b.addEventListener('click', () => { state.hours = Number(b.dataset.hours); loadChart(); }));
$$('#attention-status button').forEach((b) => b.addEventListener('click', () => { state.attention = b.dataset.status; loadAttention(); }));

loadProviders();
refresh();
