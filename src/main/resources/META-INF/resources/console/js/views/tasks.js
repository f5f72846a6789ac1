// The sync task list: filters by name, tag and last status; New, Edit, Duplicate, Delete, Run now, Dry run, Enable/Disable.
import { h, clear, confirmDialog, announce, field, select, append } from '../dom.js';
import { get, del } from '../api.js';
import { session } from '../session.js';
import { statusBadge, time, countsLine, when } from '../format.js';
import { problemNotice, show, pager, triggerRun, updateTask } from './common.js';

const STATUSES = [['', 'Any'], ['NONE', 'Never run'], ['QUEUED', 'Queued'], ['RUNNING', 'Running'], ['SUCCEEDED', 'Succeeded'],
  ['FAILED', 'Failed'], ['BLOCKED_BY_THRESHOLD', 'Blocked by threshold'], ['CANCELLED', 'Cancelled']];

export async function renderTaskList(main) {
  const state = { name: '', tag: '', status: '', page: 0 };
  const status = h('div', { id: 'tasks-status' });
  const body = h('div', { id: 'tasks-body' });
  const nameInput = h('input', { type: 'search', id: 'filter-name', placeholder: 'part of the name' });
  const tagInput = h('input', { type: 'search', id: 'filter-tag', placeholder: 'exact tag' });
  const statusSelect = select(STATUSES, '', { id: 'filter-status' });
  let timer;
  const refilter = () => {
    clearTimeout(timer);
    timer = setTimeout(() => { state.page = 0; load(); }, 250);
  };
  nameInput.addEventListener('input', () => { state.name = nameInput.value.trim(); refilter(); });
  tagInput.addEventListener('input', () => { state.tag = tagInput.value.trim(); refilter(); });
  statusSelect.addEventListener('change', () => { state.status = statusSelect.value; load(); });

  append(main, 
    h('div', { class: 'spread' }, h('h1', {}, 'Sync tasks'),
      session.can('admin') ? h('a', { class: 'button primary', href: '#/tasks/new', id: 'new-task' }, 'New task') : null),
    h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter tasks', onsubmit: (e) => e.preventDefault() },
      field({ label: 'Name', input: nameInput }), field({ label: 'Tag', input: tagInput }),
      field({ label: 'Last run status', input: statusSelect, hint: 'of the tasks on this page' })),
    status, body);

  async function load() {
    let page;
    try {
      page = await get('/sync-tasks', { name: state.name, tag: state.tag, page: state.page, size: 25 });
    } catch (e) {
      show(status, problemNotice(e));
      return;
    }
    // the list's lastRun has no counts: read those runs, one call each for the (at most 25) tasks shown
    const runs = new Map(await Promise.all(page.items.filter((t) => t.lastRun).map(async (t) => {
      try { return [t.id, await get(`/runs/${t.lastRun.id}`)]; } catch (e) { return [t.id, null]; }
    })));
    const items = page.items.filter((t) => !state.status
      || (state.status === 'NONE' ? !t.lastRun : t.lastRun && t.lastRun.status === state.status));
    clear(body);
    if (!items.length) {
      append(body, h('p', { class: 'card', id: 'no-tasks' }, page.total ? 'No task on this page matches the filters.'
        : 'No sync tasks yet. A task says which directory to read, which DNs, and which user group the users land under.'));
    } else {
      append(body, h('div', { class: 'table-wrap' }, h('table', { class: 'data cards', id: 'task-table' },
        h('caption', { class: 'visually-hidden' }, 'Sync tasks'),
        h('thead', {}, h('tr', {}, ['Name', 'Enabled', 'Tags', 'Schedule', 'Last run', 'Actions'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, items.map((t) => row(t, runs.get(t.id)))))));
    }
    append(body, pager(page, (p) => { state.page = p; load(); }, 'Task pages'));
  }

  function row(t, run) {
    const actions = [];
    if (session.can('operator')) {
      actions.push(h('button', { type: 'button', class: 'small', dataset: { action: 'run' }, onclick: () => run_(t, false) }, 'Run now'));
      actions.push(h('button', { type: 'button', class: 'small', dataset: { action: 'dry-run' }, onclick: () => run_(t, true) }, 'Dry run'));
    }
    if (session.can('admin')) {
      actions.push(h('a', { class: 'button small', href: `#/tasks/${t.id}/edit`, dataset: { action: 'edit' } }, 'Edit'));
      actions.push(h('a', { class: 'button small', href: `#/tasks/${t.id}/duplicate`, dataset: { action: 'duplicate' } }, 'Duplicate'));
      actions.push(h('button', { type: 'button', class: 'small', dataset: { action: 'toggle' }, onclick: () => toggle(t) }, t.enabled ? 'Disable' : 'Enable'));
      actions.push(h('button', { type: 'button', class: 'small', dataset: { action: 'delete' }, onclick: () => remove(t) }, 'Delete'));
    }
    const last = t.lastRun
      ? h('div', {}, h('a', { href: `#/runs/${t.lastRun.id}` }, statusBadge(t.lastRun.status)), ' ',
        t.lastRun.finishedAt ? time(t.lastRun.finishedAt) : '',
        run ? h('div', { class: 'small muted' }, countsLine(run.counts)) : null)
      : h('span', { class: 'muted' }, 'never run');
    const sched = t.schedule
      ? h('div', {}, h('code', {}, t.schedule.cron), t.schedule.timezone ? h('span', { class: 'muted small' }, ` ${t.schedule.timezone}`) : '',
        h('div', { class: 'small' }, t.nextRunAt ? ['next ', h('time', { datetime: t.nextRunAt }, when(t.nextRunAt))] : (t.enabled ? 'no further fire' : 'paused')))
      : h('span', { class: 'muted' }, 'on demand');
    return h('tr', { dataset: { taskId: t.id, taskName: t.name } },
      h('td', { 'data-label': 'Name' }, h('a', { href: `#/tasks/${t.id}`, class: 'task-name' }, t.name),
        t.description ? h('div', { class: 'small muted' }, t.description) : null),
      h('td', { 'data-label': 'Enabled' }, h('span', { class: `badge ${t.enabled ? 'on' : 'off'}` }, t.enabled ? 'enabled' : 'disabled')),
      h('td', { 'data-label': 'Tags' }, t.tags.map((g) => h('span', { class: 'tag' }, g))),
      h('td', { 'data-label': 'Schedule' }, sched),
      h('td', { 'data-label': 'Last run', class: 'last-run' }, last),
      h('td', { 'data-label': 'Actions', class: 'actions' }, actions));
  }

  async function run_(t, dryRun) {
    const run = await triggerRun(t.id, { dryRun }, status);
    if (run) location.hash = `#/runs/${run.id}`;
  }

  async function toggle(t) {
    try {
      await updateTask(t.id, (r) => ({ ...r, enabled: !t.enabled }));
      announce(`${t.name} ${t.enabled ? 'disabled' : 'enabled'}`);
      await load();
    } catch (e) {
      show(status, problemNotice(e));
    }
  }

  async function remove(t) {
    const ok = await confirmDialog({
      title: `Delete "${t.name}"?`, danger: true, confirm: 'Delete task',
      body: 'The task and its run history go. The users and groups it synced stay, owned by no task.',
    });
    if (!ok) return;
    try {
      await del(`/sync-tasks/${t.id}`);
      announce(`${t.name} deleted`);
      show(status, h('div', { class: 'notice ok', role: 'status' }, h('p', {}, `Deleted "${t.name}".`)));
      await load();
    } catch (e) {
      show(status, problemNotice(e));
    }
  }

  await load();
  return () => clearTimeout(timer);
}

