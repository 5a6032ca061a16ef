// The providers on the configuration page: list, add or edit (a PROVIDERS_CONFIG entry saved by
// name; fields left blank keep their value), enable or disable, delete (the admin's entry; a
// provider only in .env is refused with 409), fetch models.
import { get, put, del, enc } from './api.js';
import { el, $, clear, number, badge, attempt, toast } from './dom.js';

let providers = [];

function lines(text) {
  return text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
}

/** The entry the form describes; blank fields are left out (the server's defaults apply). */
function entryFrom(form) {
  const data = new FormData(form);
  const entry = { enabled: form.elements.enabled.checked };
  for (const name of ['path', 'base_url', 'test_model']) {
    const value = String(data.get(name) || '').trim();
    if (value) {
      entry[name] = value;
    }
  }
  for (const name of ['timeout', 'max_failures', 'max_retries']) {
    const value = String(data.get(name) || '').trim();
    if (value) {
      entry[name] = Number(value);
    }
  }
  const keys = lines(String(data.get('api_keys') || ''));
  if (keys.length) {
    entry.api_keys = keys;
  }
  const proxies = lines(String(data.get('proxies') || ''));
  if (proxies.length) {
    entry.proxies = proxies;
  }
  const headers = String(data.get('custom_headers') || '').trim();
  if (headers) {
    entry.custom_headers = JSON.parse(headers);
  }
  return entry;
}

function openForm(provider) {
  const form = $('#provider-form');
  form.reset();
  $('#provider-error').hidden = true;
  $('#provider-title').textContent = provider ? `Edit provider ${provider.name}` : 'Add provider';
  const fields = form.elements;
  fields.name.readOnly = Boolean(provider);
  if (provider) {
    fields.name.value = provider.name;
    fields.path.value = provider.path;
    fields.base_url.value = provider.base_url;
    fields.test_model.value = provider.test_model || '';
    fields.timeout.value = provider.timeout;
    fields.max_failures.value = provider.max_failures;
    fields.max_retries.value = provider.max_retries;
    fields.enabled.checked = provider.enabled;
  }
  $('#provider-dialog').showModal();
}

async function submit(event) {
  event.preventDefault();
  const form = event.target;
  const error = $('#provider-error');
  error.hidden = true;
  let entry;
  try {
    entry = entryFrom(form);
  } catch {
    error.textContent = 'Custom headers: not a JSON object.';
    error.hidden = false;
    return;
  }
  const name = form.elements.name.value.trim();
  try {
    const data = await put(`/api/config/providers/${enc(name)}`, entry);
    render(data.providers);
    $('#provider-dialog').close();
    toast(`Provider ${name} saved`);
  } catch (failure) {
    error.textContent = failure.message;
    error.hidden = false;
  }
}

/**
 * Enabling or disabling sends that one field: the server keeps the rest of the entry, and over a
 * provider from .env it keeps the file's keys and headers too.
 */
async function toggle(provider) {
  const data = await attempt(() => put(`/api/config/providers/${enc(provider.name)}`,
    { enabled: !provider.enabled }), `Save ${provider.name}`);
  if (data) {
    render(data.providers);
  }
}

async function remove(provider) {
  if (!confirm(`Delete provider ${provider.name}?`)) {
    return;
  }
  const data = await attempt(() => del(`/api/config/providers/${enc(provider.name)}`),
    `Delete ${provider.name}`);
  if (data) {
    render(data.providers);
    toast(`Provider ${provider.name} deleted`);
  }
}

async function models(provider) {
  const box = $('#models');
  box.hidden = false;
  clear(box, el('p', { class: 'muted', text: `Fetching the models of ${provider.name}…` }));
  try {
    const data = await get(`/api/config/providers/${enc(provider.name)}/models`);
    clear(box, el('h3', { text: `Models of ${provider.name} (${data.models.length})` }),
      el('ul', { class: 'chips' }, data.models.map((id) => el('li', {}, el('code', { text: id })))));
  } catch (error) {
    clear(box, el('p', { class: 'result bad', text: `Models of ${provider.name}: ${error.message}` }));
  }
}

function render(list) {
  providers = list;
  clear($('#providers-body'), providers.map((p) => el('tr', { attrs: { 'data-provider': p.name } },
    el('td', {}, el('b', { text: p.name })),
    el('td', {}, el('code', { text: `/${p.path}/v1` })),
    el('td', { class: 'clip', text: p.base_url, title: p.base_url }),
    el('td', { class: 'num', text: number(p.keys) }),
    el('td', {}, badge(p.enabled ? 'enabled' : 'disabled', p.enabled ? 'active' : 'disabled')),
    el('td', {}, badge(p.source, `source-${p.source}`)),
    el('td', { class: 'actions' },
      el('button', { type: 'button', class: 'small', text: 'Edit', on: { click: () => openForm(p) } }),
      el('button', { type: 'button', class: 'small', text: p.enabled ? 'Disable' : 'Enable',
        on: { click: () => toggle(p) } }),
      el('button', { type: 'button', class: 'small ghost', text: 'Fetch models', on: { click: () => models(p) } }),
      el('button', { type: 'button', class: 'small danger', text: 'Delete',
        attrs: { 'data-action': 'delete' }, on: { click: () => remove(p) } })))));
}

export async function initProviders() {
  $('#provider-add').addEventListener('click', () => openForm(null));
  $('#provider-form').addEventListener('submit', submit);
  const data = await attempt(() => get('/api/config/providers'), 'Loading providers');
  if (data) {
    render(data.providers);
  }
}
