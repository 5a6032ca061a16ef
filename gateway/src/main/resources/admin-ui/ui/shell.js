// What every page shares: the header with navigation, the theme switch (remembered in
// localStorage; by default the system's light or dark) and the logout button.
import { post } from './api.js';
import { el, $ } from './dom.js';

const THEMES = ['auto', 'light', 'dark'];
const STORE = 'openai-balance-theme';

export function applyTheme(theme = localStorage.getItem(STORE) || 'auto') {
  if (theme === 'auto') {
    delete document.documentElement.dataset.theme;
  } else {
    document.documentElement.dataset.theme = theme;
  }
  return theme;
}

function themeButton() {
  const button = el('button', { type: 'button', class: 'ghost', id: 'theme-toggle' });
  const show = (theme) => {
    button.textContent = `Theme: ${theme}`;
    button.title = 'Switch between the system theme, light and dark';
  };
  show(applyTheme());
  button.addEventListener('click', () => {
    const current = localStorage.getItem(STORE) || 'auto';
    const next = THEMES[(THEMES.indexOf(current) + 1) % THEMES.length];
    localStorage.setItem(STORE, next);
    show(applyTheme(next));
  });
  return button;
}

export function initShell() {
  document.addEventListener('click', (event) => {
    const button = event.target.closest('[data-close]');
    if (button) {
      button.closest('dialog').close();
    }
  });
  const header = $('#top');
  const links = [['/keys', 'Keys'], ['/config', 'Configuration'], ['/logs', 'Logs']].map(
    ([href, text]) => el('a', {
      href, text, attrs: { 'aria-current': location.pathname === href ? 'page' : null },
    }));
  const logout = el('button', {
    type: 'button', class: 'ghost', id: 'logout', text: 'Log out',
    on: {
      click: async () => {
        try {
          await post('/api/auth/logout');
        } finally {
          location.assign('/');
        }
      },
    },
  });
  header.append(
    el('a', { class: 'brand', href: '/keys' }, el('img', { src: '/ui/favicon.svg', alt: '' }),
      el('span', { text: 'OpenAI Balance' })),
    el('nav', { class: 'nav' }, links),
    el('div', { class: 'top-actions' }, themeButton(), logout));
}
