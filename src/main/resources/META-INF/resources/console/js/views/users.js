// Users: search by name, email or username; filter by task; page; create by hand.
import { h, clear, field, select, append } from '../dom.js';
import { get } from '../api.js';
import { session } from '../session.js';
import { problemNotice, show, pager } from './common.js';

export async function renderUsers(main, query) {
  const params = new URLSearchParams(query || '');
  const state = { q: '', taskId: params.get('task') || '', page: 0 };
  const tasks = await get('/sync-tasks', { size: 200 }).catch(() => ({ items: [] }));
  const q = h('input', { type: 'search', id: 'users-q', placeholder: 'username, name or email', autocomplete: 'off' });
  const task = select([['', 'Any (synced or made by hand)'], ...tasks.items.map((t) => [t.id, t.name])], state.taskId, { id: 'users-task' });
  const body = h('div', { id: 'users-body' });
  let timer;
  q.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(() => { state.q = q.value.trim(); state.page = 0; load(); }, 250); });
  task.addEventListener('change', () => { state.taskId = task.value; state.page = 0; load(); });
  append(main, 
    h('div', { class: 'spread' }, h('h1', {}, 'Users'), session.can('admin') ? h('a', { class: 'button primary', href: '#/users/new', id: 'new-user' }, 'New user') : null),
    h('form', { class: 'filters', role: 'search', 'aria-label': 'Find users', onsubmit: (e) => e.preventDefault() },
      field({ label: 'Search', input: q }), field({ label: 'Sync task', input: task })),
    body);

  async function load() {
    let p;
    try {
      p = await get('/users', { q: state.q, taskId: state.taskId, page: state.page, size: 50 });
    } catch (e) {
      show(body, problemNotice(e));
      return;
    }
    const taskName = new Map(tasks.items.map((t) => [t.id, t.name]));
    clear(body);
    if (!p.items.length) {
      append(body, h('p', { class: 'card', id: 'no-users' }, 'No users match.'));
      return;
    }
    append(body, h('div', { class: 'table-wrap' }, h('table', { class: 'data cards', id: 'users-table' },
      h('thead', {}, h('tr', {}, ['Username', 'Display name', 'Email', 'Department', 'Enabled', 'Source'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, p.items.map((u) => h('tr', { dataset: { userId: u.id } },
        h('td', { 'data-label': 'Username' }, h('a', { href: `#/users/${u.id}`, class: 'username' }, u.username)),
        h('td', { 'data-label': 'Display name', class: 'display-name' }, u.displayName || ''),
        h('td', { 'data-label': 'Email' }, u.email || ''),
        h('td', { 'data-label': 'Department' }, u.department || ''),
        h('td', { 'data-label': 'Enabled' }, h('span', { class: `badge ${u.enabled ? 'on' : 'off'}` }, u.enabled ? 'enabled' : 'disabled')),
        h('td', { 'data-label': 'Source' }, u.taskId ? h('a', { href: `#/tasks/${u.taskId}` }, taskName.get(u.taskId) || 'a sync task') : 'made by hand')))))),
    pager(p, (n) => { state.page = n; load(); }, 'User pages'));
  }

  await load();
  return () => clearTimeout(timer);
}
