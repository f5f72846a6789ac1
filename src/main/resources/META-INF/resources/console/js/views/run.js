// One run: live phase and objects read from the event stream, counts, per-object changes, failure advice,
// Cancel, and the mass-delete confirmation for a run blocked by the task's threshold.
import { h, clear, field, select, announce, append } from '../dom.js';
import { get, post, events, ApiError } from '../api.js';
import { session } from '../session.js';
import { statusBadge, when, num, isActive, time } from '../format.js';
import { adviceFor } from '../advice.js';
import { problemNotice, show, pager, triggerRun } from './common.js';

const COUNT_WORDS = [
  ['usersCreated', 'Users created'], ['usersUpdated', 'Users updated'], ['usersUnchanged', 'Users unchanged'],
  ['usersRemoved', 'Users removed'], ['usersDisabled', 'Users disabled'], ['usersSkipped', 'Users skipped'],
  ['groupsCreated', 'Groups created'], ['groupsUpdated', 'Groups updated'], ['groupsUnchanged', 'Groups unchanged'],
  ['groupsRemoved', 'Groups removed'], ['groupsSkipped', 'Groups skipped'], ['membershipsAdded', 'Memberships added'],
  ['membershipsRemoved', 'Memberships removed'], ['collisions', 'Collisions'], ['errors', 'Errors'],
];
const PHASE_WORDS = { CONNECTING: 'Connecting', READING: 'Reading the directory', PLANNING: 'Planning the changes', APPLYING: 'Applying' };

export async function renderRun(main, id) {
  let run = await get(`/runs/${id}`);
  const task = await get(`/sync-tasks/${run.taskId}`).catch(() => null);
  const ctrl = new AbortController();
  const head = h('div', { id: 'run-head' });
  const live = h('div', { class: 'card', id: 'run-live' });
  const timeline = h('ol', { class: 'timeline', id: 'run-timeline', 'aria-label': 'Updates received from the event stream' });
  const outcome = h('div', { id: 'run-outcome' });
  const counts = h('div', { id: 'run-counts' });
  const changes = h('div', { id: 'run-changes' });
  const actionStatus = h('div', { id: 'run-action-status' });
  append(main, 
    h('p', { class: 'small' }, h('a', { href: `#/tasks/${run.taskId}` }, `‹ ${task ? task.name : 'Task'}`)),
    h('h1', {}, `Run of ${task ? task.name : 'a task'}`),
    head, actionStatus, live, outcome,
    h('h2', {}, 'Counts'), counts,
    h('h2', {}, 'Changes'), changes);

  const liveStatus = h('span', { id: 'live-status', role: 'status' });
  const livePhase = h('span', { id: 'live-phase' });
  const liveRead = h('span', { id: 'live-read' });
  const bar = h('progress', { id: 'live-progress', 'aria-label': 'Run progress' });
  append(live, h('div', { class: 'live' }, liveStatus, livePhase, liveRead, bar),
    h('h3', {}, 'Live updates'), timeline);

  function draw() {
    append(clear(head), h('div', { class: 'spread' },
      h('div', {}, statusBadge(run.status), run.dryRun ? h('span', { class: 'badge' }, 'dry run') : null, ' ',
        h('span', { class: 'muted' }, `${run.trigger.toLowerCase()} · ${run.executedMode || run.mode}`),
        run.modeReason ? h('div', { class: 'small muted' }, run.modeReason) : null),
      h('div', { class: 'row' },
        isActive(run.status) && session.can('operator')
          ? h('button', { type: 'button', id: 'cancel-run', onclick: cancel }, 'Cancel run') : null)),
    h('dl', { class: 'props small' },
      h('dt', {}, 'Queued'), h('dd', {}, when(run.queuedAt)),
      h('dt', {}, 'Started'), h('dd', {}, when(run.startedAt)),
      h('dt', {}, 'Finished'), h('dd', {}, run.finishedAt ? [when(run.finishedAt), ' (', time(run.finishedAt), ')'] : '—'),
      run.instance ? [h('dt', {}, 'Instance'), h('dd', {}, run.instance)] : null));
    liveStatus.textContent = statusWord(run.status);
    liveStatus.dataset.status = run.status;
    livePhase.textContent = run.phase && isActive(run.status) ? PHASE_WORDS[run.phase] || run.phase : '';
    liveRead.textContent = `${num(run.objectsRead)} objects read`;
    bar.hidden = !isActive(run.status);
    drawOutcome();
    drawCounts();
  }

  function statusWord(s) {
    return { QUEUED: 'Queued, waiting for a worker', RUNNING: 'Running', SUCCEEDED: 'Succeeded', FAILED: 'Failed', BLOCKED_BY_THRESHOLD: 'Blocked by the delete threshold', CANCELLED: 'Cancelled' }[s] || s;
  }

  let outcomeKey = null;
  function drawOutcome() {
    // redrawn only when the outcome changes: a typed mass-delete confirmation must survive later updates
    const key = `${run.status}/${run.wouldRemove}/${run.failureCategory}/${run.failureReason}`;
    if (key === outcomeKey) return;
    outcomeKey = key;
    clear(outcome);
    if (run.status === 'FAILED') {
      append(outcome, h('div', { class: 'notice bad', id: 'run-failure' },
        h('p', {}, h('strong', {}, run.failureCategory || 'Failed'), run.failureReason ? ` — ${run.failureReason}` : ''),
        run.failureCategory ? h('p', { class: 'advice' }, adviceFor(run.failureCategory)) : null));
    } else if (run.status === 'CANCELLED') {
      append(outcome, h('div', { class: 'notice warn' }, h('p', {}, run.failureReason || 'Cancelled; nothing was applied.')));
    } else if (run.status === 'BLOCKED_BY_THRESHOLD') {
      append(outcome, massDelete());
    }
  }

  function massDelete() {
    const n = run.wouldRemove ?? 0;
    const confirmInput = h('input', { type: 'text', id: 'mass-delete-confirm', inputmode: 'numeric', autocomplete: 'off' });
    const go = h('button', { type: 'button', class: 'danger', id: 'mass-delete-run', disabled: true }, 'Run again allowing mass delete');
    confirmInput.addEventListener('input', () => { go.disabled = confirmInput.value.trim() !== String(n); });
    go.addEventListener('click', async () => {
      go.disabled = true;
      const next = await triggerRun(run.taskId, { allowMassDelete: true, dryRun: false }, actionStatus);
      if (next) location.hash = `#/runs/${next.id}`;
      else go.disabled = false;
    });
    return h('div', { class: 'notice warn', id: 'threshold-block' },
      h('p', {}, h('strong', { id: 'would-remove' }, `This run would remove or disable ${num(n)} object${n === 1 ? '' : 's'}`),
        ', more than the task\'s delete threshold allows, so it applied nothing.'),
      run.failureReason ? h('p', { class: 'small' }, run.failureReason) : null,
      h('p', {}, 'Look at the REMOVED and DISABLED changes below. If they are intended (say, an OU was retired), run again allowing the mass delete.'),
      session.can('operator') ? [
        field({ label: `Type ${n} to confirm`, input: confirmInput, hint: 'the number of objects the run will remove or disable' }),
        go] : h('p', {}, 'An operator can allow the mass delete.'));
  }

  function drawCounts() {
    append(clear(counts), h('div', { class: 'counts' }, COUNT_WORDS.map(([k, label]) =>
      h('div', { dataset: { count: k } }, h('strong', {}, num(run.counts[k])), label))));
  }

  function addEvent(r) {
    const li = h('li', { dataset: { status: r.status } },
      `${new Date().toLocaleTimeString()} · ${statusWord(r.status)}`,
      r.phase && isActive(r.status) ? ` · ${PHASE_WORDS[r.phase] || r.phase}` : '',
      ` · ${num(r.objectsRead)} read`);
    append(timeline, li);
    timeline.scrollTop = timeline.scrollHeight;
  }

  // the change table, with filters and paging
  const cstate = { action: '', objectType: '', page: 0 };
  const actionSel = select([['', 'Any'], ...['CREATED', 'UPDATED', 'REMOVED', 'DISABLED', 'KEPT', 'COLLISION', 'TAKEN_OVER', 'ERROR'].map((a) => [a, a])], '', { id: 'changes-action' });
  const typeSel = select([['', 'Any'], ...['USER', 'GROUP', 'CONTAINER', 'ENTRY'].map((a) => [a, a])], '', { id: 'changes-type' });
  actionSel.addEventListener('change', () => { cstate.action = actionSel.value; cstate.page = 0; loadChanges(); });
  typeSel.addEventListener('change', () => { cstate.objectType = typeSel.value; cstate.page = 0; loadChanges(); });
  const changeTable = h('div', {});
  append(changes, h('form', { class: 'filters', 'aria-label': 'Filter changes', onsubmit: (e) => e.preventDefault() },
    field({ label: 'Action', input: actionSel }), field({ label: 'Object type', input: typeSel })), changeTable);

  async function loadChanges() {
    let p;
    try {
      p = await get(`/runs/${id}/changes`, { action: cstate.action, objectType: cstate.objectType, page: cstate.page, size: 50 });
    } catch (e) {
      show(changeTable, problemNotice(e));
      return;
    }
    clear(changeTable);
    if (!p.items.length) {
      append(changeTable, h('p', { class: 'muted' }, isActive(run.status) ? 'Changes appear when the run has planned them.' : 'No changes recorded.'));
      return;
    }
    append(changeTable, h('div', { class: 'table-wrap' }, h('table', { class: 'data cards', id: 'changes-table' },
      h('thead', {}, h('tr', {}, ['Action', 'Type', 'DN', 'Changed fields', 'Reason'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, p.items.map((c) => h('tr', {},
        h('td', { 'data-label': 'Action' }, h('span', { class: `badge ${c.action === 'ERROR' ? 'FAILED' : ''}` }, c.action)),
        h('td', { 'data-label': 'Type' }, c.objectType),
        h('td', { 'data-label': 'DN' }, h('code', {}, c.dn || c.externalId || '')),
        h('td', { 'data-label': 'Changed fields' }, (c.changedFields || []).join(', ')),
        h('td', { 'data-label': 'Reason' }, c.reason || '')))))),
    pager(p, (n) => { cstate.page = n; loadChanges(); }, 'Change pages'));
  }

  async function cancel() {
    try {
      run = await post(`/runs/${id}/cancel`);
      announce('Cancel requested');
      draw();
    } catch (e) {
      show(actionStatus, problemNotice(e));
    }
  }

  draw();
  loadChanges();

  // follow the run: Server-Sent Events read with fetch (the Authorization header), polling if the stream breaks
  (async () => {
    if (!isActive(run.status)) return;
    try {
      for await (const r of events(`/runs/${id}/events`, ctrl.signal)) {
        run = r;
        addEvent(r);
        draw();
      }
    } catch (e) {
      if (ctrl.signal.aborted) return;
      if (e instanceof ApiError && e.status === 401) return;
      append(timeline, h('li', {}, 'The event stream broke off; polling instead.'));
      while (!ctrl.signal.aborted && isActive(run.status)) {
        await new Promise((r) => setTimeout(r, 2000));
        run = await get(`/runs/${id}`).catch(() => run);
        draw();
      }
    }
    if (ctrl.signal.aborted) return;
    announce(`Run ${statusWord(run.status)}`);
    run = await get(`/runs/${id}`).catch(() => run);
    draw();
    loadChanges();
  })();

  if (!isActive(run.status)) append(timeline, h('li', { class: 'muted' }, 'The run had ended when this page opened.'));
  return () => ctrl.abort();
}
