// API tokens: list with last use, create (the secret is shown once), revoke.
import { h, clear, field, select, confirmDialog, announce, FieldErrors, append } from '../dom.js';
import { get, post, del, ApiError } from '../api.js';
import { time, when } from '../format.js';
import { problemNotice, show, pager } from './common.js';

export async function renderTokens(main) {
  const status = h('div', { id: 'tokens-status' });
  const list = h('div', { id: 'tokens-list' });
  const errs = new FieldErrors();
  const name = h('input', { type: 'text', id: 'token-name', autocomplete: 'off' });
  const role = select([['viewer', 'viewer: read'], ['operator', 'operator: read, run, browse and test'], ['admin', 'admin: everything']], 'operator', { id: 'token-role' });
  const expires = h('input', { type: 'datetime-local', id: 'token-expires' });
  const form = h('form', { class: 'card', id: 'token-form', novalidate: true },
    h('h2', {}, 'New token'),
    h('div', { class: 'inline-fields' },
      field({ label: 'Name', input: name, errorFor: (i, e) => errs.register('name', i, e) }),
      field({ label: 'Role', input: role, errorFor: (i, e) => errs.register('role', i, e) }),
      field({ label: 'Expires', input: expires, hint: 'empty: never', errorFor: (i, e) => errs.register('expiresAt', i, e) })),
    h('button', { type: 'submit', class: 'primary', id: 'create-token' }, 'Create token'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    errs.clear();
    clear(status);
    const body = { name: name.value.trim(), role: role.value };
    if (expires.value) body.expiresAt = new Date(expires.value).toISOString();
    try {
      const created = await post('/api-tokens', body);
      name.value = '';
      expires.value = '';
      showSecret(created);
      await load();
    } catch (err) {
      if (err instanceof ApiError) errs.show(err.errors);
      show(status, problemNotice(err));
    }
  });
  append(main, h('h1', {}, 'API tokens'), form, status, list);

  function showSecret(created) {
    const secret = h('code', { class: 'secret', id: 'new-token-secret' }, created.secret);
    const copied = h('span', { class: 'muted small', 'aria-live': 'polite' });
    const d = h('dialog', { 'aria-labelledby': 'secret-title', id: 'secret-dialog' },
      h('h2', { id: 'secret-title' }, `Token "${created.token.name}" created`),
      h('p', {}, 'Copy the secret now: it is shown this once, and the service keeps only its hash.'),
      secret,
      h('div', { class: 'row' },
        h('button', { type: 'button', id: 'copy-secret', onclick: async () => {
          try { await navigator.clipboard.writeText(created.secret); copied.textContent = 'Copied.'; } catch (e) { copied.textContent = 'Select the text and copy it.'; }
        } }, 'Copy'),
        h('button', { type: 'button', class: 'primary', id: 'close-secret', onclick: () => { secret.textContent = ''; d.close(); d.remove(); name.focus(); } }, 'Done'),
        copied));
    d.addEventListener('cancel', () => { secret.textContent = ''; d.remove(); });
    document.body.append(d);
    d.showModal();
  }

  let page = 0;
  async function load() {
    const p = await get('/api-tokens', { page, size: 50 });
    clear(list);
    if (!p.items.length) {
      append(list, h('p', { class: 'muted' }, 'No API tokens yet.'));
      return;
    }
    append(list, h('div', { class: 'table-wrap' }, h('table', { class: 'data cards', id: 'tokens-table' },
      h('thead', {}, h('tr', {}, ['Name', 'Role', 'Prefix', 'Created', 'Expires', 'Last used', ''].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, p.items.map((t) => h('tr', { dataset: { tokenId: t.id } },
        h('td', { 'data-label': 'Name' }, t.name),
        h('td', { 'data-label': 'Role' }, t.role),
        h('td', { 'data-label': 'Prefix' }, h('code', {}, t.secretPrefix)),
        h('td', { 'data-label': 'Created' }, time(t.createdAt), h('div', { class: 'small muted' }, `by ${t.createdBy}`)),
        h('td', { 'data-label': 'Expires' }, t.expiresAt ? [when(t.expiresAt), t.expired ? h('span', { class: 'badge FAILED' }, ' expired') : ''] : 'never'),
        h('td', { 'data-label': 'Last used' }, t.lastUsedAt ? time(t.lastUsedAt) : 'never'),
        h('td', { 'data-label': 'Actions', class: 'actions' }, h('button', { type: 'button', class: 'small', dataset: { action: 'revoke' }, onclick: () => revoke(t) }, 'Revoke'))))))),
    pager(p, (n) => { page = n; load(); }, 'Token pages'));
  }

  async function revoke(t) {
    if (!await confirmDialog({ title: `Revoke "${t.name}"?`, body: 'Requests with it are refused from the next one on, on every instance.', danger: true, confirm: 'Revoke' })) return;
    try {
      await del(`/api-tokens/${t.id}`);
      announce(`${t.name} revoked`);
      await load();
    } catch (e) {
      show(status, problemNotice(e));
    }
  }

  await load();
}
