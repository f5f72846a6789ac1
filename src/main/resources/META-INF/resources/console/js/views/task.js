// One task: its settings at a glance, its actions, and its run history.
import { h, clear, confirmDialog, announce, append } from '../dom.js';
import { call, get, del } from '../api.js';
import { session } from '../session.js';
import { statusBadge, time, when, countsLine, num } from '../format.js';
import { problemNotice, show, pager, triggerRun, updateTask } from './common.js';
import { groupPath } from './grouptree.js';

export async function renderTask(main, id) {
  const { data: t } = await call('GET', `/sync-tasks/${id}`);
  const status = h('div', { id: 'task-status' });
  const history = h('div', { id: 'run-history' });
  const actions = h('div', { class: 'row', id: 'task-actions' });
  if (session.can('operator')) {
    append(actions, 
      h('button', { type: 'button', class: 'primary', id: 'run-now', onclick: () => run(false) }, 'Run now'),
      h('button', { type: 'button', id: 'dry-run', onclick: () => run(true) }, 'Dry run'));
  }
  if (session.can('admin')) {
    append(actions, 
      h('a', { class: 'button', href: `#/tasks/${id}/edit`, id: 'edit-task' }, 'Edit'),
      h('a', { class: 'button', href: `#/tasks/${id}/duplicate`, id: 'duplicate-task' }, 'Duplicate'),
      h('button', { type: 'button', id: 'toggle-task', onclick: toggle }, t.enabled ? 'Disable' : 'Enable'),
      h('button', { type: 'button', id: 'delete-task', onclick: remove }, 'Delete'));
  }
  const group = h('span', {}, t.targetGroupId);
  get(`/user-groups/${t.targetGroupId}`).then(groupPath).then((p) => { group.textContent = p; }).catch(() => {});
  const d = t.directory;
  append(main, 
    h('p', { class: 'small' }, h('a', { href: '#/tasks' }, '‹ Sync tasks')),
    h('div', { class: 'spread' }, h('h1', {}, t.name), actions),
    status,
    h('div', { class: 'card' },
      t.description ? h('p', {}, t.description) : null,
      h('dl', { class: 'props', id: 'task-props' },
        h('dt', {}, 'Enabled'), h('dd', {}, t.enabled ? 'yes' : 'no (its schedule does not fire)'),
        h('dt', {}, 'Directory'), h('dd', {}, `${d.type === 'LDAP' ? 'LDAP' : 'Active Directory'} at ${servers(d)}, ${d.security}${d.bindMethod === 'GSSAPI' ? ', Kerberos' : ''}`,
          d.trustAllCertificates ? h('span', { class: 'badge FAILED' }, ' trust-all') : null),
        h('dt', {}, 'Login'), h('dd', {}, d.login, ' · password ', d.passwordSet ? h('span', { class: 'badge on' }, 'set') : h('span', { class: 'badge FAILED' }, 'not set')),
        h('dt', {}, 'User group'), h('dd', {}, h('a', { href: `#/groups/${t.targetGroupId}` }, group)),
        h('dt', {}, 'Distinguished Names'), h('dd', {}, t.baseDns.map((x) => h('div', {}, h('code', {}, x)))),
        t.excludedDns.length ? [h('dt', {}, 'Excluded'), h('dd', {}, t.excludedDns.map((x) => h('div', {}, h('code', {}, x))))] : null,
        h('dt', {}, 'Handling'), h('dd', {}, `collisions ${t.collisionHandling}; vanished users ${t.userExtinctionHandling}; vanished groups ${t.groupExtinctionHandling}`),
        h('dt', {}, 'Delete threshold'), h('dd', {}, thresholdWords(t.deleteThreshold)),
        h('dt', {}, 'Schedule'), h('dd', {}, t.schedule ? [h('code', {}, t.schedule.cron), ` ${t.schedule.timezone || 'UTC'}`,
          t.nextRunAt ? [' · next ', h('time', { datetime: t.nextRunAt, id: 'next-run-at' }, when(t.nextRunAt))] : ''] : 'on demand'),
        h('dt', {}, 'Tags'), h('dd', {}, t.tags.join(', ') || '—'),
        h('dt', {}, 'Users'), h('dd', {}, h('a', { href: `#/users?task=${id}`, id: 'task-users' }, 'Users of this task')))),
    h('h2', {}, 'Run history'), history);

  let page = 0;
  async function loadHistory() {
    const p = await get(`/sync-tasks/${id}/runs`, { page, size: 20 });
    clear(history);
    if (!p.items.length) {
      append(history, h('p', { class: 'muted' }, 'No runs yet.'));
      return;
    }
    append(history, h('div', { class: 'table-wrap' }, h('table', { class: 'data cards', id: 'runs-table' },
      h('thead', {}, h('tr', {}, ['Status', 'Queued', 'Trigger', 'Mode', 'Read', 'Changes'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, p.items.map((r) => h('tr', { dataset: { runId: r.id } },
        h('td', { 'data-label': 'Status' }, h('a', { href: `#/runs/${r.id}` }, statusBadge(r.status)), r.dryRun ? ' dry run' : ''),
        h('td', { 'data-label': 'Queued' }, time(r.queuedAt)),
        h('td', { 'data-label': 'Trigger' }, r.trigger),
        h('td', { 'data-label': 'Mode' }, r.executedMode || r.mode),
        h('td', { 'data-label': 'Read' }, num(r.objectsRead)),
        h('td', { 'data-label': 'Changes' }, countsLine(r.counts))))))));
    append(history, pager(p, (n) => { page = n; loadHistory(); }, 'Run pages'));
  }

  async function run(dryRun) {
    const r = await triggerRun(id, { dryRun }, status);
    if (r) location.hash = `#/runs/${r.id}`;
  }

  async function toggle() {
    try {
      await updateTask(id, (r) => ({ ...r, enabled: !t.enabled }));
      announce(t.enabled ? 'Task disabled' : 'Task enabled');
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    } catch (e) {
      show(status, problemNotice(e));
    }
  }

  async function remove() {
    if (!await confirmDialog({ title: `Delete "${t.name}"?`, danger: true, confirm: 'Delete task', body: 'The task and its run history go. The users and groups it synced stay, owned by no task.' })) return;
    try {
      await del(`/sync-tasks/${id}`);
      location.hash = '#/tasks';
    } catch (e) {
      show(status, problemNotice(e));
    }
  }

  await loadHistory();
  const timer = setInterval(() => loadHistory().catch(() => {}), 5000);
  return () => clearInterval(timer);
}

export function thresholdWords(th) {
  if (!th || (th.maxCount == null && th.maxPercent == null)) return 'off';
  return [th.maxCount != null ? `${th.maxCount} objects` : null, th.maxPercent != null ? `${th.maxPercent} %` : null].filter(Boolean).join(' or ');
}

/** The task's servers as its directory block names them: one host, a list tried in order, or an AD domain. */
function servers(d) {
  if (d.domain) return `domain ${d.domain}${d.site ? ` (site ${d.site} first)` : ''}${d.port ? `, port ${d.port}` : ''}`;
  if (d.hosts) return `${d.hosts.join(', ')} (in order)${d.port ? `, default port ${d.port}` : ''}`;
  return `${d.host}:${d.port}`;
}
