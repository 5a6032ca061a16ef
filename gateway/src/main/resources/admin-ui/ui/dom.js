// Building the pages' DOM. Text always goes in through textContent, so nothing
// the server returns (key labels, upstream error bodies) can become markup.

/**
 * el('button', {class: 'x', text: 'Go', on: {click: fn}, attrs: {'data-id': 1}}, ...children)
 * Children may be nodes, strings (text nodes) or null (skipped).
 */
export function el(tag, props = {}, ...children) {
  const node = tag.startsWith('svg:')
    ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4))
    : document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name === 'text') {
      node.textContent = String(value);
    } else if (name === 'class') {
      node.setAttribute('class', value);
    } else if (name === 'on') {
      for (const [event, handler] of Object.entries(value)) {
        node.addEventListener(event, handler);
      }
    } else if (name === 'attrs') {
      for (const [attr, attrValue] of Object.entries(value)) {
        if (attrValue !== undefined && attrValue !== null && attrValue !== false) {
          node.setAttribute(attr, attrValue === true ? '' : String(attrValue));
        }
      }
    } else {
      node[name] = value;
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

export function number(value) {
  return value === null || value === undefined ? '–' : Number(value).toLocaleString();
}

export function time(iso) {
  if (!iso) {
    return '–';
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

export function ago(iso) {
  if (!iso) {
    return '';
  }
  const seconds = Math.round((Date.now() - new Date(iso).getTime()) / 1000);
  const future = seconds < 0;
  const s = Math.abs(seconds);
  const text = s < 60 ? `${s} s` : s < 3600 ? `${Math.round(s / 60)} min`
    : s < 86400 ? `${Math.round(s / 3600)} h` : `${Math.round(s / 86400)} d`;
  return future ? `in ${text}` : `${text} ago`;
}

export function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/** A short message at the bottom of the screen; errors stay until clicked. */
export function toast(message, kind = 'info') {
  let box = $('#toasts');
  if (!box) {
    box = el('div', { id: 'toasts', class: 'toasts', attrs: { role: 'status', 'aria-live': 'polite' } });
    document.body.append(box);
  }
  const item = el('div', { class: `toast toast-${kind}`, text: message });
  item.addEventListener('click', () => item.remove());
  box.append(item);
  if (kind !== 'error') {
    setTimeout(() => item.remove(), 4000);
  }
}

/** Runs an action, telling the user when it fails; returns its result or undefined. */
export async function attempt(action, what) {
  try {
    return await action();
  } catch (error) {
    if (error.status !== 401) {
      toast(`${what}: ${error.message}`, 'error');
    }
    return undefined;
  }
}

/** A state badge: active, cooling, disabled, admin, env... */
export function badge(text, kind = text) {
  return el('span', { class: `badge badge-${String(kind).replace(/[^a-z0-9_-]/gi, '')}`, text });
}

export async function copy(text) {
  try {
    await navigator.clipboard.writeText(text);
    toast(`Copied ${text}`);
  } catch {
    toast(`Copy this by hand: ${text}`);
  }
}
