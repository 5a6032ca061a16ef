// What can be done to keys on the keys page: one key from its row (verify, reset, enable,
// disable, delete, copy, history), or the selected keys at once from the bulk bar.
import { get, post, del, query, enc } from './api.js';
import { el, $, $$, clear, time, badge, attempt, toast, copy } from './dom.js';

export class KeyActions {
  /** state.selected maps "provider/id" to {provider, id}; done() reloads the page's data. */
  constructor(state, done) {
    this.state = state;
    this.done = done;
    $$('#bulk [data-bulk]').forEach((button) => button.addEventListener('click',
      () => this.bulk(button.dataset.bulk)));
  }

  buttons(key) {
    const button = (action, text, run, extra = '') => el('button', {
      type: 'button', class: `small ${extra}`, text,
      attrs: { 'data-action': action, 'aria-label': `${text} ${key.key}` },
      on: { click: run },
    });
    const path = `${enc(key.provider)}/${enc(key.id)}`;
    const provider = query({ provider: key.provider });
    return [
      button('verify', 'Verify', () => this.run(`Verify ${key.key}`,
        () => post(`/api/keys/verify/${enc(key.id)}${provider}`),
        (check) => `${key.key}: ${check.valid ? 'works' : 'fails'}${check.status ? ` (${check.status})` : ''}`
          + ` · ${check.detail || ''} · now ${check.state}`)),
      button('reset', 'Reset', () => this.run(`Reset ${key.key}`,
        () => post(`/api/keys/reset-fail-count/${enc(key.id)}${provider}`),
        () => `${key.key}: failures reset`)),
      key.state === 'disabled'
        ? button('enable', 'Enable', () => this.run(`Enable ${key.key}`,
          () => post(`/api/keys/${path}/enable`), () => `${key.key} enabled`))
        : button('disable', 'Disable', () => this.run(`Disable ${key.key}`,
          () => post(`/api/keys/${path}/disable`), () => `${key.key} disabled`)),
      key.source === 'admin'
        ? button('delete', 'Delete', () => {
          if (confirm(`Delete ${key.key} from ${key.provider}?`)) {
            this.run(`Delete ${key.key}`, () => del(`/api/keys/${path}`), () => `${key.key} deleted`);
          }
        }, 'danger')
        : null,
      button('copy', 'Copy', () => copy(`${key.key} (${key.id})`), 'ghost'),
      button('history', 'History', () => this.history(key), 'ghost'),
    ];
  }

  async run(what, call, message) {
    const result = await attempt(call, what);
    if (result !== undefined) {
      toast(message(result));
      this.done();
    }
  }

  showSelection() {
    const count = this.state.selected.size;
    $('#bulk').hidden = count === 0;
    $('#selected-count').textContent = `${count} selected`;
  }

  async bulk(action) {
    const keys = [...this.state.selected.values()];
    if (action === 'clear') {
      this.state.selected.clear();
      $$('#keys-body input[type=checkbox], #select-page').forEach((box) => { box.checked = false; });
      this.showSelection();
      return;
    }
    if (action === 'delete' && !confirm(`Delete ${keys.length} keys? Keys from .env are skipped.`)) {
      return;
    }
    if (action === 'verify') {
      await this.verifyAll(keys);
      return;
    }
    const result = await attempt(() => post('/api/keys/bulk', { action, keys }), `Bulk ${action}`);
    if (result) {
      const skipped = result.skipped.length
        ? `; skipped ${result.skipped.length} (${[...new Set(result.skipped.map((s) => s.reason))].join(', ')})` : '';
      toast(`${action}: ${result.done} keys${skipped}`);
      if (action === 'delete') {
        this.state.selected.clear();
      }
      this.done();
    }
  }

  async verifyAll(keys) {
    const byProvider = new Map();
    keys.forEach((k) => byProvider.set(k.provider, [...(byProvider.get(k.provider) || []), k.id]));
    let valid = 0;
    let total = 0;
    for (const [provider, ids] of byProvider) {
      const result = await attempt(() => post('/api/keys/verify', { provider, key_ids: ids }),
        `Verify keys of ${provider}`);
      if (result) {
        valid += result.valid;
        total += result.total;
      }
    }
    toast(`Verified ${total} keys: ${valid} work, ${total - valid} fail`);
    this.done();
  }

  async history(key) {
    const dialog = $('#history');
    $('#history-title').textContent = `History of ${key.key}`;
    const body = $('#history-body');
    clear(body, el('p', { class: 'muted', text: 'Loading…' }));
    dialog.showModal();
    const data = await attempt(() => get(`/api/keys/${enc(key.id)}/history`), 'Loading the history');
    if (!data) {
      clear(body, el('p', { class: 'muted', text: 'The history cannot be read.' }));
      return;
    }
    const events = data.events.filter((e) => e.provider === key.provider);
    clear(body, events.length === 0 ? el('p', { class: 'muted', text: 'Nothing has happened to this key yet.' })
      : el('ol', { class: 'timeline' }, events.map((e) => el('li', {},
        el('time', { text: time(e.at) }), badge(e.event),
        el('span', { text: e.detail || '' }),
        e.until ? el('small', { class: 'muted', text: ` until ${time(e.until)}` }) : null))));
  }
}
