// The login form: the admin token is sent once to start a session cookie and never kept.
import { api } from './api.js';
import { $ } from './dom.js';
import { applyTheme } from './shell.js';

applyTheme();
const form = $('#login-form');
const message = $('#login-error');
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  message.hidden = true;
  const token = $('#token');
  try {
    await api('POST', '/api/auth/login', { token: token.value });
    token.value = '';
    location.assign('/keys');
  } catch (error) {
    message.textContent = error.status === 401 ? 'Wrong admin token.' : error.message;
    message.hidden = false;
    token.select();
  }
});
