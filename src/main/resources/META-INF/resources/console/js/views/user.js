// One user: attributes, groups, custom attributes (editable by admins); manual users are edited and deleted here.
import { h, clear, field, checkbox, FieldErrors, confirmDialog, announce, append } from '../dom.js';
import { call, get, del, ApiError, ROOT_GROUP } from '../api.js';
import { session } from '../session.js';
import { when } from '../format.js';
import { problemNotice, show } from './common.js';
import { groupTree, groupPath } from './grouptree.js';

const FIELDS = [
  ['username', 'Username'], ['displayName', 'Display name'], ['email', 'Email'], ['phone', 'Phone'],
  ['office', 'Office'], ['jobTitle', 'Job title'], ['department', 'Department'], ['description', 'Description'],
];

export async function renderNewUser(main) {
  return userForm(main, null, { username: '', enabled: true, groupId: ROOT_GROUP, customAttributes: {} }, null);
}

export async function renderUser(main, id) {
  const { data, etag } = await call('GET', `/users/${id}`);
  return userForm(main, id, data, etag);
}

const DISABLED_BY = {
  DIRECTORY: 'its directory',
  EXTINCTION: 'its sync task: it left the task\'s scope',
  ADMIN: 'a person (no sync enables it again)',
};

function userForm(main, id, u, etag) {
  const synced = !!u.taskId;
  const admin = session.can('admin');
  const editable = admin && !synced;
  const errs = new FieldErrors();
  const status = h('div', { id: 'user-status' });
  const values = {};
  const inputs = FIELDS.map(([k, label]) => {
    const input = h('input', { type: 'text', id: `user-${k}`, value: u[k] || '', readOnly: !editable, autocomplete: 'off' });
    input.addEventListener('input', () => { values[k] = input.value; });
    values[k] = u[k] || '';
    return field({ label, input, errorFor: (i, e) => errs.register(k, i, e) });
  });
  const enabled = checkbox({ label: 'Enabled', id: 'user-enabled', checked: u.enabled !== false });
  // a person may disable a synced user too (no sync enables it again) and enable one a person disabled
  enabled.input.disabled = !admin;
  let groupId = u.groupId || ROOT_GROUP;
  const groupLabel = h('input', { type: 'text', id: 'user-group', readOnly: true, value: groupId });
  get(`/user-groups/${groupId}`).then(groupPath).then((p) => { groupLabel.value = p; }).catch(() => {});
  const pickerBox = h('div', { hidden: true });
  const pick = h('button', { type: 'button', id: 'user-pick-group', 'aria-expanded': 'false', hidden: !editable }, 'Select…');
  pick.addEventListener('click', async () => {
    pickerBox.hidden = !pickerBox.hidden;
    pick.setAttribute('aria-expanded', String(!pickerBox.hidden));
    if (!pickerBox.firstChild) {
      const t = groupTree({ label: 'User groups', selectedId: () => groupId, onPick: async (g) => { groupId = g.id; groupLabel.value = await groupPath(g); } });
      append(pickerBox, t.el);
    }
  });
  const groupErr = h('p', { class: 'field-error', id: 'user-group-error', hidden: true });
  errs.register('groupId', groupLabel, groupErr);

  // custom attributes: key/value rows
  const rows = h('div', { id: 'custom-attributes' });
  const addRow = (k = '', v = '') => {
    const key = h('input', { type: 'text', value: k, 'aria-label': 'Attribute name', class: 'ca-key', readOnly: !admin });
    const val = h('input', { type: 'text', value: v, 'aria-label': 'Value', class: 'ca-value', readOnly: !admin });
    const row = h('div', { class: 'inline-fields ca-row' }, h('div', { class: 'field' }, key), h('div', { class: 'field' }, val),
      admin ? h('div', { class: 'field' }, h('button', { type: 'button', class: 'small', onclick: () => row.remove() }, 'Remove')) : null);
    append(rows, row);
    return key;
  };
  for (const [k, v] of Object.entries(u.customAttributes || {})) addRow(k, v);
  const caErr = h('p', { class: 'field-error', id: 'custom-attributes-error', hidden: true });
  errs.register('customAttributes', rows, caErr);

  const save = h('button', { type: 'button', class: 'primary', id: 'save-user', hidden: !admin }, id ? 'Save' : 'Create user');
  save.addEventListener('click', async () => {
    const customAttributes = {};
    for (const r of rows.querySelectorAll('.ca-row')) {
      const k = r.querySelector('.ca-key').value.trim();
      if (k) customAttributes[k] = r.querySelector('.ca-value').value;
    }
    const body = { username: values.username, enabled: enabled.input.checked, groupId, customAttributes };
    for (const [k] of FIELDS) if (k !== 'username' && values[k]) body[k] = values[k];
    if (synced) {
      // a synced user's own fields belong to its task: send them back as they are
      for (const [k] of FIELDS) if (u[k]) body[k] = u[k]; else delete body[k];
      body.username = u.username;
      body.enabled = enabled.input.checked;
      body.groupId = u.groupId;
    }
    errs.clear();
    clear(status);
    try {
      const res = id ? await call('PUT', `/users/${id}`, { body, ifMatch: etag }) : await call('POST', '/users', { body });
      announce('User saved');
      if (!id) { location.hash = `#/users/${res.data.id}`; return; }
      etag = res.etag;
      show(status, h('div', { class: 'notice ok', role: 'status', id: 'user-saved' }, h('p', {}, 'Saved.')));
    } catch (e) {
      if (e instanceof ApiError && e.status === 412) {
        show(status, h('div', { class: 'notice bad', role: 'alert', id: 'conflict' }, h('p', {}, 'Someone else changed this user after you opened it; nothing was saved. Reload the page to see the current values.')));
        return;
      }
      if (e instanceof ApiError) errs.show(e.errors);
      show(status, problemNotice(e));
    }
  });
  const syncNow = id && synced && u.dn && session.can('operator')
    ? h('button', { type: 'button', id: 'sync-user' }, 'Sync now') : null;
  if (syncNow) {
    syncNow.addEventListener('click', async () => {
      clear(status);
      try {
        const res = await call('POST', `/sync-tasks/${u.taskId}/objects`, { body: { dn: u.dn } });
        const r = res.data;
        show(status, h('div', { class: 'notice info', role: 'status', id: 'sync-result' },
          h('p', {}, `Run ${r.run.status.toLowerCase()}: `, r.change ? r.change.action : 'no change', '.'),
          h('ol', { id: 'sync-trace', class: 'small' }, r.trace.map((line) => h('li', {}, line)))));
        announce('Synced');
      } catch (e) {
        show(status, problemNotice(e));
      }
    });
  }
  const remove = id && editable ? h('button', { type: 'button', id: 'delete-user' }, 'Delete') : null;
  if (remove) {
    remove.addEventListener('click', async () => {
      if (!await confirmDialog({ title: `Delete ${u.username}?`, body: 'The user made by hand is removed: it is kept, hidden, until the retention purges it.', danger: true, confirm: 'Delete user' })) return;
      try {
        await del(`/users/${id}`);
        location.hash = '#/users';
      } catch (e) {
        show(status, problemNotice(e));
      }
    });
  }

  append(main, 
    h('p', { class: 'small' }, h('a', { href: '#/users' }, '‹ Users')),
    h('h1', {}, id ? (u.displayName || u.username) : 'New user'),
    synced ? h('div', { class: 'notice info' }, h('p', {}, 'Synced by ', h('a', { href: `#/tasks/${u.taskId}` }, 'its sync task'),
      ': its fields come from the directory. Only the custom attributes, and whether a person disables it, can be changed here.')) : null,
    status,
    h('div', { class: 'card' }, h('h2', {}, 'Attributes'), h('div', { class: 'grid2' }, inputs), enabled.el,
      h('div', { class: 'field' }, h('label', { for: 'user-group' }, 'Group'), h('div', { class: 'row' }, groupLabel, pick), groupErr), pickerBox,
      id ? h('dl', { class: 'props small' },
        u.dn ? [h('dt', {}, 'DN'), h('dd', {}, h('code', {}, u.dn))] : null,
        u.externalId ? [h('dt', {}, 'External id'), h('dd', {}, h('code', {}, u.externalId))] : null,
        u.sid ? [h('dt', {}, 'SID'), h('dd', {}, h('code', {}, u.sid))] : null,
        u.disabledBy ? [h('dt', {}, 'Disabled by'), h('dd', { id: 'user-disabled-by' }, DISABLED_BY[u.disabledBy] || u.disabledBy)] : null,
        u.leftScopeAt ? [h('dt', {}, 'Left the scope'), h('dd', {}, when(u.leftScopeAt))] : null,
        h('dt', {}, 'Created'), h('dd', {}, when(u.createdAt)), h('dt', {}, 'Updated'), h('dd', {}, when(u.updatedAt))) : null),
    h('div', { class: 'card' }, h('h2', {}, 'Custom attributes'),
      h('p', { class: 'hint' }, 'Free name/value pairs; syncs never change them.'), rows, caErr,
      admin ? h('button', { type: 'button', id: 'add-custom-attribute', onclick: () => addRow().focus() }, 'Add attribute') : null),
    h('div', { class: 'row' }, save, syncNow, remove),
    id && u.groups ? h('div', { class: 'card' }, h('h2', {}, 'Groups'), h('ul', { id: 'user-groups' }, u.groups.map((g) =>
      h('li', {}, h('a', { href: `#/groups/${g.id}` }, g.name), ' ', h('span', { class: 'muted small' }, g.relation === 'HOME' ? '(its own group)' : '(member)'))))) : null,
    id && u.attributes && Object.keys(u.attributes).length ? h('div', { class: 'card' }, h('h2', {}, 'Directory attributes'),
      h('dl', { class: 'props small', id: 'raw-attributes' }, Object.entries(u.attributes).map(([k, v]) =>
        [h('dt', {}, k), h('dd', {}, Array.isArray(v) ? v.join('; ') : String(v))]))) : null);
}
