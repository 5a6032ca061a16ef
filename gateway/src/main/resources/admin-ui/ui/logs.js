// The logs page: the error log and the request log with the same filters, sortable columns and
// pages (all on the server); an error's details with its bodies; deleting errors.
import { get, post, del, query } from './api.js';
import { el, $, $$, clear, number, time, badge, attempt, toast } from './dom.js';
import { initShell } from './shell.js';

initShell();

const COLUMNS = {
  errors: [
    ['time', 'Time'], ['provider', 'Provider'], ['key', 'Key'], [null, 'Model'],
    ['status', 'Status'], [null, 'Failure'], [null, 'Code'], [null, ''],
  ],
  requests: [
    ['time', 'Time'], [null, 'Provider'], ['key', 'Key'], ['model', 'Model'], ['status', 'Status'],
    ['latency', 'Latency'], [null, 'Attempts'], [null, 'Stream'], [null, 'Tokens in / out'],
  ],
};

const state = { tab: 'errors', sort: 'time', order: 'desc', page: 0, selected: new Set() };

function instant(id) {
  const value = $(id).value;
  return value ? new Date(value).toISOString() : '';
}

function statusBadge(status) {
  return badge(String(status), status >= 500 ? 'cooling' : status >= 400 ? 'disabled' : 'active');
}

function head() {
  const cells = COLUMNS[state.tab].map(([sort, title]) => {
    if (!sort) {
      return el('th', { text: title });
    }
    return el('th', {}, el('button', {
      type: 'button', class: 'sort', text: title,
      attrs: { 'data-sort': sort, 'data-order': state.sort === sort ? state.order : null },
      on: { click: () => {
        state.order = state.sort === sort && state.order === 'desc' ? 'asc' : 'desc';
        state.sort = sort;
        load();
      } },
    }));
  });
  const all = state.tab === 'errors'
    ? el('th', {}, el('input', { type: 'checkbox', id: 'select-all-logs',
      attrs: { 'aria-label': 'Select the entries on this page' },
      on: { change: (event) => {
        $$('#log-body input[type=checkbox]').forEach((box) => {
          box.checked = event.target.checked;
          box.dispatchEvent(new Event('change'));
        });
      } } }))
    : null;
  clear($('#log-head'), el('tr', {}, all, cells));
}

function errorRow(entry) {
  const check = el('input', { type: 'checkbox', checked: state.selected.has(entry.id),
    attrs: { 'aria-label': `Select entry ${entry.id}` },
    on: { change: (event) => {
      if (event.target.checked) {
        state.selected.add(entry.id);
      } else {
        state.selected.delete(entry.id);
      }
      $('#delete-selected').disabled = state.selected.size === 0;
    } } });
  return el('tr', { attrs: { 'data-id': entry.id } },
    el('td', {}, check),
    el('td', { text: time(entry.at) }),
    el('td', { text: entry.provider }),
    el('td', {}, el('code', { text: entry.key_id || '–' })),
    el('td', { text: entry.model || '' }),
    el('td', {}, statusBadge(entry.status)),
    el('td', { text: entry.failure || '' }),
    el('td', {}, el('code', { text: entry.error_code || '' })),
    el('td', { class: 'actions' },
      el('button', { type: 'button', class: 'small', text: 'Details', attrs: { 'data-action': 'details' },
        on: { click: () => details(entry.id) } }),
      el('button', { type: 'button', class: 'small danger', text: 'Delete', attrs: { 'data-action': 'delete' },
        on: { click: () => removeIds([entry.id]) } })));
}

function requestRow(entry) {
  return el('tr', { attrs: { 'data-id': entry.id } },
    el('td', { text: time(entry.at) }),
    el('td', { text: entry.provider }),
    el('td', {}, el('code', { text: entry.key_id || '–' })),
    el('td', { text: entry.model || '' }),
    el('td', {}, statusBadge(entry.status)),
    el('td', { class: 'num', text: `${number(entry.latency_ms)} ms` }),
    el('td', { class: 'num', text: number(entry.attempts) }),
    el('td', { text: entry.stream ? 'yes' : 'no' }),
    el('td', { class: 'num', text: `${number(entry.prompt_tokens)} / ${number(entry.completion_tokens)}` }));
}

let latest = 0;

async function load() {
  // Only the newest load may draw, whatever order the answers come in.
  const mine = ++latest;
  head();
  const params = {
    key: $('#f-key').value.trim(), status: $('#f-status').value, q: $('#f-q').value.trim(),
    from: instant('#f-from'), to: instant('#f-to'), sort: state.sort, order: state.order,
    page: state.page, size: $('#f-size').value,
  };
  const data = await attempt(() => get(`/api/logs/${state.tab}${query(params)}`), 'Loading the log');
  if (!data || mine !== latest) {
    return;
  }
  const columns = COLUMNS[state.tab].length + (state.tab === 'errors' ? 1 : 0);
  clear($('#log-body'), data.entries.length === 0
    ? el('tr', {}, el('td', { colSpan: columns, class: 'empty', text: 'Nothing logged matches.' }))
    : data.entries.map(state.tab === 'errors' ? errorRow : requestRow));
  $('#log-total').textContent = `${number(data.total)} entries`;
  const size = Number($('#f-size').value);
  const pages = Math.max(1, Math.ceil(data.total / size));
  const go = (page) => { state.page = page; load(); };
  clear($('#log-pager'),
    el('button', { type: 'button', text: '‹ Previous', disabled: state.page <= 0, on: { click: () => go(state.page - 1) } }),
    el('span', { text: `Page ${state.page + 1} of ${pages}` }),
    el('button', { type: 'button', text: 'Next ›', disabled: state.page + 1 >= pages, on: { click: () => go(state.page + 1) } }));
  $('#delete-selected').disabled = state.selected.size === 0;
}

async function details(id) {
  const entry = await attempt(() => get(`/api/logs/errors/${id}`), 'Loading the entry');
  if (!entry) {
    return;
  }
  $('#details-title').textContent = `Error ${entry.id}: ${entry.status}`;
  const meta = [['Time', time(entry.at)], ['Provider', entry.provider], ['Key', entry.key_id],
    ['Model', entry.model], ['Status', entry.status], ['Failure', entry.failure], ['Code', entry.error_code]];
  clear($('#details-meta'), meta.flatMap(([name, value]) => [el('dt', { text: name }),
    el('dd', { text: value === null || value === undefined ? '–' : String(value) })]));
  $('#details-upstream').textContent = pretty(entry.upstream_body);
  $('#details-request').textContent = entry.request_body ? pretty(entry.request_body)
    : 'Not recorded (ERROR_LOG_RECORD_REQUEST_BODY=false).';
  $('#details').showModal();
}

function pretty(text) {
  if (!text) {
    return '(empty)';
  }
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

async function removeIds(ids) {
  if (!confirm(ids.length === 1 ? 'Delete this entry?' : `Delete ${ids.length} entries?`)) {
    return;
  }
  const result = await attempt(() => (ids.length === 1 ? del(`/api/logs/errors/${ids[0]}`)
    : post('/api/logs/errors/delete', { ids })), 'Delete');
  if (result) {
    ids.forEach((id) => state.selected.delete(id));
    toast(`Deleted ${result.deleted}`);
    load();
  }
}

async function removeAll() {
  if (!confirm('Delete every error log entry?')) {
    return;
  }
  const result = await attempt(() => del('/api/logs/errors'), 'Delete all');
  if (result) {
    state.selected.clear();
    toast(`Deleted ${result.deleted}`);
    load();
  }
}

function showTab(tab) {
  state.tab = tab;
  state.sort = 'time';
  state.order = 'desc';
  state.page = 0;
  $$('#tabs button').forEach((b) => b.setAttribute('aria-selected', String(b.dataset.tab === tab)));
  $('#log-bulk').classList.toggle('hide-actions', tab !== 'errors');
  $('#f-q').placeholder = tab === 'errors' ? 'error code or body' : 'model';
  load();
}

$$('#tabs button').forEach((b) => b.addEventListener('click', () => showTab(b.dataset.tab)));
$('#log-filters').addEventListener('submit', (event) => { event.preventDefault(); state.page = 0; load(); });
$('#f-size').addEventListener('change', () => { state.page = 0; load(); });
$('#delete-selected').addEventListener('click', () => removeIds([...state.selected]));
$('#delete-all').addEventListener('click', removeAll);
showTab(new URLSearchParams(location.search).get('tab') === 'requests' ? 'requests' : 'errors');
