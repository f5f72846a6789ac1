// The user-group tree with each group's members; admins create, rename and delete groups made by hand.
import { h, clear, field, confirmDialog, announce, append } from '../dom.js';
import { call, get, del, ROOT_GROUP } from '../api.js';
import { session } from '../session.js';
import { KIND_WORDS, when } from '../format.js';
import { problemNotice, show, pager } from './common.js';
import { groupTree } from './grouptree.js';

export async function renderGroups(main, selected) {
  let current = selected || ROOT_GROUP;
  const detail = h('div', { id: 'group-detail' });
  const t = groupTree({
    label: 'User groups', selectedId: () => current, allowCreate: true,
    onPick: (g) => {
      current = g.id;
      history.replaceState(null, '', `#/groups/${g.id}`);
      showGroup(g.id);
    },
  });
  append(main, h('h1', {}, 'User groups'),
    h('div', { class: 'split' }, h('div', {}, t.el), detail));

  async function showGroup(id) {
    let g;
    let etag;
    try {
      ({ data: g, etag } = await call('GET', `/user-groups/${id}`));
    } catch (e) {
      show(detail, problemNotice(e));
      return;
    }
    const status = h('div', {});
    const members = h('div', { id: 'group-members' });
    const manual = g.kind === 'MANUAL';
    const admin = session.can('admin');
    const nameInput = h('input', { type: 'text', id: 'group-name', value: g.name });
    const descInput = h('input', { type: 'text', id: 'group-description', value: g.description || '' });
    append(clear(detail), h('div', { class: 'card' },
      h('h2', {}, g.name),
      h('dl', { class: 'props' },
        h('dt', {}, 'Kind'), h('dd', {}, KIND_WORDS[g.kind] || g.kind),
        g.description ? [h('dt', {}, 'Description'), h('dd', {}, g.description)] : null,
        g.dn ? [h('dt', {}, 'DN'), h('dd', {}, h('code', {}, g.dn))] : null,
        g.taskId ? [h('dt', {}, 'Synced by'), h('dd', {}, h('a', { href: `#/tasks/${g.taskId}` }, 'its sync task'))] : null,
        h('dt', {}, 'Updated'), h('dd', {}, when(g.updatedAt))),
      admin && manual ? h('details', {}, h('summary', {}, 'Rename or delete'),
        field({ label: 'Name', input: nameInput }), field({ label: 'Description', input: descInput }),
        h('div', { class: 'row' },
          h('button', { type: 'button', id: 'save-group', onclick: save }, 'Save'),
          h('button', { type: 'button', id: 'delete-group', onclick: remove }, 'Delete'))) : null,
      status),
    h('h2', {}, 'Members'), members);

    async function save() {
      try {
        const body = { name: nameInput.value.trim(), parentId: g.parentId };
        if (descInput.value.trim()) body.description = descInput.value.trim();
        await call('PUT', `/user-groups/${g.id}`, { body, ifMatch: etag });
        announce('Group saved');
        renderAgain();
      } catch (e) {
        show(status, problemNotice(e));
      }
    }

    async function remove() {
      if (!await confirmDialog({ title: `Delete ${g.name}?`, body: 'Only an empty group that no task targets can be deleted.', danger: true, confirm: 'Delete group' })) return;
      try {
        await del(`/user-groups/${g.id}`);
        current = g.parentId || ROOT_GROUP;
        renderAgain();
      } catch (e) {
        show(status, problemNotice(e));
      }
    }

    let page = 0;
    async function loadMembers() {
      const p = await get(`/user-groups/${id}/members`, { page, size: 50 });
      clear(members);
      if (!p.items.length) {
        append(members, h('p', { class: 'muted' }, 'No users in this group.'));
        return;
      }
      append(members, h('div', { class: 'table-wrap' }, h('table', { class: 'data cards', id: 'members-table' },
        h('thead', {}, h('tr', {}, ['Username', 'Display name', 'Email', 'Enabled'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, p.items.map((u) => h('tr', {},
          h('td', { 'data-label': 'Username' }, h('a', { href: `#/users/${u.id}` }, u.username)),
          h('td', { 'data-label': 'Display name' }, u.displayName || ''),
          h('td', { 'data-label': 'Email' }, u.email || ''),
          h('td', { 'data-label': 'Enabled' }, u.enabled ? 'yes' : 'no')))))),
      pager(p, (n) => { page = n; loadMembers(); }, 'Member pages'));
    }
    await loadMembers().catch((e) => show(members, problemNotice(e)));
  }

  function renderAgain() {
    location.hash = `#/groups/${current}`;
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  }

  await t.ready;
  await showGroup(current);
}
