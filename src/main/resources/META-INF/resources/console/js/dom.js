// Tiny DOM helpers. Everything is built with createElement and textContent, never innerHTML, so data
// from the API or a directory cannot inject markup, and nothing needs an inline script or style.

const PROPS = new Set(['value', 'checked', 'disabled', 'hidden', 'selected', 'multiple', 'required', 'readOnly', 'open', 'indeterminate', 'htmlFor']);

/** h('button', {class: 'primary', onclick: fn}, 'Save') */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (PROPS.has(k)) el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

/** Like Element.append, but skips null, undefined and false, and flattens arrays (Element.append would print them). */
export function append(el, ...children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

let ids = 0;
export function uid(prefix = 'u') {
  ids += 1;
  return `${prefix}-${ids}`;
}

/** Says something to screen-reader users without moving focus. */
export function announce(text) {
  const a = document.getElementById('announcer');
  if (a) {
    a.textContent = '';
    setTimeout(() => { a.textContent = text; }, 30);
  }
}

/** A modal confirmation; resolves true when confirmed. */
export function confirmDialog({ title, body, confirm = 'Confirm', danger = false }) {
  return new Promise((resolve) => {
    const ok = h('button', { type: 'button', class: danger ? 'danger' : 'primary', id: 'confirm-ok' }, confirm);
    const cancel = h('button', { type: 'button', id: 'confirm-cancel' }, 'Cancel');
    const titleId = uid('dlg');
    const d = h('dialog', { 'aria-labelledby': titleId },
      h('h2', { id: titleId }, title), typeof body === 'string' ? h('p', {}, body) : body,
      h('div', { class: 'row' }, ok, cancel));
    const done = (v) => { d.close(); d.remove(); resolve(v); };
    ok.addEventListener('click', () => done(true));
    cancel.addEventListener('click', () => done(false));
    d.addEventListener('cancel', (e) => { e.preventDefault(); done(false); });
    document.body.append(d);
    d.showModal();
    cancel.focus();
  });
}

/** A labelled form control with its hint and the place its API error goes. */
export function field({ label, input, hint, errorFor }) {
  const id = input.id || uid('f');
  input.id = id;
  const described = [];
  let hintEl = null;
  if (hint) {
    hintEl = h('p', { class: 'hint', id: `${id}-hint` }, hint);
    described.push(hintEl.id);
  }
  const errorEl = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  if (described.length) input.setAttribute('aria-describedby', described.join(' '));
  const box = h('div', { class: 'field' }, h('label', { for: id }, label), input, hintEl, errorEl);
  if (errorFor) errorFor(input, errorEl);
  return box;
}

export function checkbox({ label, checked, id, onchange, hint }) {
  const input = h('input', { type: 'checkbox', id: id || uid('c'), checked: !!checked, onchange });
  const hintEl = hint ? h('span', { class: 'hint', id: `${input.id}-hint` }, hint) : null;
  if (hintEl) input.setAttribute('aria-describedby', hintEl.id);
  return { input, el: h('div', {}, h('label', { class: 'check', for: input.id }, input, h('span', {}, label)), hintEl) };
}

export function select(options, value, attrs = {}) {
  return h('select', attrs, options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
}

/** Keeps showing field messages from a problem's errors[] next to the controls that registered for them. */
export class FieldErrors {
  constructor() {
    this.byPath = new Map();
  }

  register(path, input, errorEl, where) {
    this.byPath.set(path, { input, errorEl, where });
  }

  clear() {
    for (const { input, errorEl } of this.byPath.values()) {
      errorEl.hidden = true;
      errorEl.textContent = '';
      input.removeAttribute('aria-invalid');
      const d = (input.getAttribute('aria-describedby') || '').split(' ').filter((x) => x && x !== errorEl.id);
      if (d.length) input.setAttribute('aria-describedby', d.join(' ')); else input.removeAttribute('aria-describedby');
    }
  }

  /** Shows each error next to its field; returns the errors no field claimed, and the first field shown. */
  show(errors) {
    this.clear();
    const unclaimed = [];
    let first = null;
    for (const e of errors || []) {
      const target = this.find(e.field || '');
      if (!target) {
        unclaimed.push(e);
        continue;
      }
      const { input, errorEl } = target;
      errorEl.textContent = errorEl.textContent ? `${errorEl.textContent}; ${e.message}` : e.message;
      errorEl.hidden = false;
      input.setAttribute('aria-invalid', 'true');
      const d = (input.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
      if (!d.includes(errorEl.id)) input.setAttribute('aria-describedby', [...d, errorEl.id].join(' '));
      if (!first) first = target;
    }
    return { unclaimed, first };
  }

  find(path) {
    let p = path;
    while (p) {
      if (this.byPath.has(p)) return this.byPath.get(p);
      const stripped = p.replace(/\[\d+\]$/, '');
      if (stripped !== p) { p = stripped; continue; }
      const dot = p.lastIndexOf('.');
      if (dot < 0) break;
      p = p.slice(0, dot);
    }
    return null;
  }
}
