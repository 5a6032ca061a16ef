// The proxies on the configuration page: their health, checks (one or all), removing one or the
// unavailable ones, and adding a pasted list. The server merges changes into PROXIES, since the
// page only ever sees proxy passwords masked.
import { get, post, del, enc } from './api.js';
import { el, $, clear, number, time, badge, attempt, toast } from './dom.js';

let proxies = [];

function render() {
  clear($('#proxies-body'), proxies.length === 0
    ? el('tr', {}, el('td', { colSpan: 7, class: 'empty', text: 'No proxies: requests go directly to the providers.' }))
    : proxies.map((p) => el('tr', { attrs: { 'data-proxy': p.id } },
      el('td', {}, el('code', { text: p.proxy })),
      el('td', {}, badge(p.enabled ? 'available' : 'unavailable', p.enabled ? 'active' : 'disabled')),
      el('td', { class: 'num', text: number(p.consecutive_failures) }),
      el('td', { text: time(p.last_checked_at) }),
      el('td', { class: 'num', text: p.response_time === null ? '–' : `${(p.response_time * 1000).toFixed(0)} ms` }),
      el('td', { class: 'clip', text: p.last_error || '', title: p.last_error || '' }),
      el('td', { class: 'actions' },
        // By id: the page knows a password only masked, the server knows the proxy.
        el('button', { type: 'button', class: 'small', text: 'Check',
          on: { click: () => check(p) } }),
        el('button', { type: 'button', class: 'small danger', text: 'Remove',
          on: { click: () => remove(p) } })))));
}

async function load() {
  const data = await attempt(() => get('/api/config/proxies'), 'Loading proxies');
  if (data) {
    proxies = data.proxies;
    render();
  }
}

async function check(proxy) {
  const result = await attempt(() => post('/api/config/proxy/check', { id: proxy.id }),
    `Check ${proxy.proxy}`);
  if (result) {
    toast(`${result.proxy}: ${result.is_available ? 'works' : `fails (${result.error_message || 'no answer'})`}`,
      result.is_available ? 'info' : 'error');
    load();
  }
}

async function checkAll() {
  toast('Checking every proxy…');
  const result = await attempt(() => post('/api/config/proxy/check-all'), 'Check all proxies');
  if (result) {
    toast(`${result.available} of ${result.total} proxies work`);
    load();
  }
}

async function removeUnavailable() {
  if (!confirm('Remove every proxy that is unavailable now?')) {
    return;
  }
  const result = await attempt(() => post('/api/config/proxies/remove-unavailable'),
    'Remove unavailable proxies');
  if (result) {
    toast(`Removed ${result.removed} proxies`);
    load();
  }
}

async function remove(proxy) {
  if (!confirm(`Remove ${proxy.proxy} from PROXIES?`)) {
    return;
  }
  const result = await attempt(() => del(`/api/config/proxies/${enc(proxy.id)}`),
    `Remove ${proxy.proxy}`);
  if (result) {
    toast(`Removed ${proxy.proxy}`);
    load();
  }
}

async function add(event) {
  event.preventDefault();
  const result = $('#proxy-result');
  try {
    const summary = await post('/api/config/proxies', { proxies: $('#proxy-list').value });
    $('#proxy-list').value = '';
    const invalid = summary.invalid.length ? ` Invalid: ${summary.invalid.join('; ')}` : '';
    result.className = summary.invalid.length ? 'result bad' : 'result ok';
    result.textContent = `Added ${summary.added}; ${summary.duplicates} duplicates skipped.${invalid}`;
    result.hidden = false;
    load();
  } catch (error) {
    result.className = 'result bad';
    result.textContent = error.message;
    result.hidden = false;
  }
}

export function initProxies() {
  $('#proxy-check-all').addEventListener('click', checkAll);
  $('#proxy-remove-unavailable').addEventListener('click', removeUnavailable);
  $('#proxy-form').addEventListener('submit', add);
  load();
}
