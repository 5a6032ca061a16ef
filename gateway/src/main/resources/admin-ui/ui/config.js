// The configuration page: every setting grouped, with its source; only changed fields are saved,
// and a rejected save shows the server's message beside the field it names. Providers, proxies
// and jobs have modules of their own.
import { get, put, post, enc } from './api.js';
import { el, $, $$, clear, time, badge, attempt, toast } from './dom.js';
import { initShell } from './shell.js';
import { initProviders } from './providers.js';
import { initProxies } from './proxies.js';

initShell();

const GROUPS = [
  ['api', 'API'], ['providers', 'Providers'], ['models', 'Models'], ['proxies', 'Proxies'],
  ['scheduler', 'Scheduler'], ['logging', 'Logging'], ['database', 'Database'], ['cluster', 'Cluster'],
  ['admin', 'Admin'], ['other', 'Other'],
];

/** Where a setting goes when the server does not say (older servers send no "group"). */
function groupOf(variable) {
  if (variable.group) {
    return variable.group;
  }
  const name = variable.name;
  const rules = [
    [/^(PROXIES|PROXY_)/, 'proxies'],
    [/^(DATABASE_|SQLITE_|MYSQL_|POSTGRES_|ENCRYPTION_KEY)/, 'database'],
    [/^(AUTH_TOKEN|ADMIN_)/, 'admin'],
    [/^(TEST_MODEL|FILTERED_MODELS|MODEL_REQUEST_KEY)$/, 'models'],
    [/^(PROVIDERS_CONFIG|DEFAULT_PROVIDER)$/, 'providers'],
    [/^(CHECK_INTERVAL_HOURS|TIMEZONE|AUTO_DELETE_)/, 'scheduler'],
    [/^(LOG_LEVEL|ERROR_LOG_|REQUEST_LOG)/, 'logging'],
    [/^(HOST|PORT|API_KEYS|ALLOWED_TOKENS|BASE_URL|CUSTOM_HEADERS|MAX_|TIME_OUT|RATE_LIMIT_)/, 'api'],
  ];
  return (rules.find(([pattern]) => pattern.test(name)) || [null, 'other'])[1];
}

const SOURCES = { default: 'default', dotenv_file: '.env file', env_file: '.env file',
  environment: 'environment', admin: 'admin' };

let variables = [];

function input(variable) {
  const id = `set-${variable.name}`;
  const common = { id, name: variable.name, autocomplete: 'off',
    disabled: !variable.overridable, attrs: { 'aria-describedby': `${id}-hint`, spellcheck: 'false' } };
  const wide = /^[[{]/.test(variable.secret ? variable.default || '' : variable.value || '')
    || /^[[{]/.test(variable.default || '');
  if (!variable.secret && /^(true|false)$/.test(variable.default)) {
    const select = el('select', common, el('option', { text: 'true' }), el('option', { text: 'false' }));
    select.value = variable.value;
    return select;
  }
  const field = el(wide ? 'textarea' : 'input', { ...common, rows: wide ? 2 : undefined });
  if (variable.secret) {
    field.value = '';
    field.placeholder = variable.value ? `${variable.value} (leave blank to keep)` : 'not set';
  } else {
    field.value = variable.value;
  }
  return field;
}

function setting(variable) {
  const field = input(variable);
  const revert = variable.source === 'admin'
    ? el('button', { type: 'button', class: 'link', text: 'Revert to file value',
      attrs: { 'data-revert': variable.name },
      on: { click: () => save({ [variable.name]: null }) } })
    : null;
  const hint = [variable.description];
  if (!variable.secret && variable.default !== undefined && variable.default !== '') {
    hint.push(`default ${variable.default}`);
  }
  if (!variable.overridable) {
    hint.push('set in .env or the environment only');
  }
  return el('div', { class: 'setting', attrs: { 'data-name': variable.name } },
    el('div', { class: 'setting-head' },
      el('label', { attrs: { for: field.id }, text: variable.name }),
      badge(SOURCES[variable.source] || variable.source, `source-${variable.source}`),
      variable.secret ? badge('secret') : null,
      revert),
    el('p', { class: 'hint', id: `${field.id}-hint`, text: hint.join(' · ') }),
    field,
    el('p', { class: 'field-error', hidden: true, attrs: { role: 'alert' } }));
}

function render() {
  const form = $('#settings');
  const toc = $('#toc');
  const grouped = new Map(GROUPS.map(([key]) => [key, []]));
  for (const variable of variables) {
    const group = groupOf(variable);
    (grouped.get(group) || grouped.get('other')).push(variable);
  }
  clear(form);
  clear(toc);
  for (const [key, title] of GROUPS) {
    const list = grouped.get(key);
    if (list.length === 0) {
      continue;
    }
    form.append(el('fieldset', { class: 'panel group', id: `group-${key}` },
      el('legend', { text: title }), el('div', { class: 'settings-grid' }, list.map(setting))));
    toc.append(el('a', { href: `#group-${key}`, text: title }));
  }
  toc.append(el('a', { href: '#providers-panel', text: 'Provider list' }),
    el('a', { href: '#proxies-panel', text: 'Proxy list' }), el('a', { href: '#jobs-panel', text: 'Jobs' }));
  changed();
}

function changes() {
  const result = {};
  for (const variable of variables) {
    const field = $(`#set-${CSS.escape(variable.name)}`);
    if (!field || field.disabled) {
      continue;
    }
    if (variable.secret ? field.value !== '' : field.value !== variable.value) {
      result[variable.name] = field.value;
    }
  }
  return result;
}

function changed() {
  const count = Object.keys(changes()).length;
  $('#changed-count').textContent = count === 0 ? 'No changes' : `${count} changed`;
  $('#save').disabled = count === 0;
  $('#discard').disabled = count === 0;
  $('#savebar').classList.toggle('dirty', count > 0);
  $$('.setting').forEach((box) => box.classList.toggle('changed', box.dataset.name in changes()));
}

function showErrors(message) {
  const problems = message.split('; ');
  let placed = false;
  for (const variable of variables) {
    const mine = problems.filter((p) => new RegExp(`(^|[^A-Z_])${variable.name}([^A-Z_]|$)`).test(p));
    const box = $(`.setting[data-name="${variable.name}"] .field-error`);
    if (box && mine.length) {
      box.textContent = mine.join('; ');
      box.hidden = false;
      box.closest('.setting').classList.add('invalid');
      placed = placed || box;
    }
  }
  const bar = $('#save-error');
  bar.textContent = message;
  bar.hidden = false;
  if (placed) {
    placed.closest('.setting').scrollIntoView({ block: 'center' });
  }
}

function clearErrors() {
  $$('.field-error').forEach((box) => { box.hidden = true; box.textContent = ''; });
  $$('.setting.invalid').forEach((box) => box.classList.remove('invalid'));
  $('#save-error').hidden = true;
}

async function save(body) {
  clearErrors();
  $('#save').disabled = true;
  try {
    const data = await put('/api/config', body);
    variables = data.variables;
    render();
    toast(`Saved ${Object.keys(body).join(', ')}`);
  } catch (error) {
    if (error.status !== 401) {
      showErrors(error.message);
    }
    changed();
  }
}

async function load() {
  const data = await attempt(() => get('/api/config'), 'Loading the settings');
  if (data) {
    variables = data.variables;
    render();
  }
}

async function loadJobs() {
  const data = await attempt(() => get('/api/jobs'), 'Loading jobs');
  if (!data) {
    return;
  }
  clear($('#jobs-body'), data.jobs.length === 0
    ? el('tr', {}, el('td', { colSpan: 5, class: 'empty', text: 'No jobs are scheduled.' }))
    : data.jobs.map((job) => el('tr', { attrs: { 'data-job': job.name } },
      el('td', {}, el('code', { text: job.name })),
      el('td', { text: job.schedule }),
      el('td', { text: job.running ? 'running now' : time(job.next_run) }),
      el('td', {}, job.last_run
        ? [el('span', { text: `${time(job.last_run.started)} · ${job.last_run.seconds.toFixed(2)} s ` }),
          job.last_run.failure ? badge('failed', 'disabled') : badge('ok', 'active'),
          job.last_run.failure ? el('small', { class: 'muted block', text: job.last_run.failure }) : null]
        : el('span', { class: 'muted', text: 'not yet' })),
      el('td', {}, el('button', { type: 'button', class: 'small', text: 'Run now',
        on: { click: async () => {
          const result = await attempt(() => post(`/api/jobs/${enc(job.name)}/run`), `Run ${job.name}`);
          if (result) {
            toast(result.started ? `${job.name} started` : `${job.name} is already running`);
            loadJobs();
          }
        } } })))));
}

$('#settings').addEventListener('input', changed);
$('#settings').addEventListener('change', changed);
$('#settings').addEventListener('submit', (event) => event.preventDefault());
$('#save').addEventListener('click', () => save(changes()));
$('#discard').addEventListener('click', () => { clearErrors(); render(); });

load();
loadJobs();
initProviders();
initProxies();
