// The audit log: who changed what, when and from where, refused requests too; filtered and paged.
import { h, clear, field, select, append } from '../dom.js';
import { get } from '../api.js';
import { when } from '../format.js';
import { problemNotice, show, pager } from './common.js';

const ACTIONS = ['TASK_CREATED', 'TASK_UPDATED', 'TASK_DELETED', 'GROUP_CREATED', 'GROUP_UPDATED', 'GROUP_DELETED', 'USER_CREATED',
  'USER_UPDATED', 'USER_DELETED', 'TOKEN_CREATED', 'TOKEN_REVOKED', 'RUN_TRIGGERED', 'RUN_CANCELLED', 'AUTHENTICATION_FAILED', 'ACCESS_DENIED'];

export async function renderAudit(main) {
  const state = { page: 0 };
  const action = select([['', 'Any'], ...ACTIONS.map((a) => [a, a])], '', { id: 'audit-action' });
  const actor = h('input', { type: 'text', id: 'audit-actor', placeholder: 'token:ci-pipeline', autocomplete: 'off' });
  const targetType = select([['', 'Any'], ...['TASK', 'GROUP', 'USER', 'TOKEN', 'RUN', 'ENDPOINT'].map((a) => [a, a])], '', { id: 'audit-target-type' });
  const targetId = h('input', { type: 'text', id: 'audit-target-id', autocomplete: 'off' });
  const outcome = select([['', 'Any'], ['SUCCESS', 'Success'], ['FAILURE', 'Failure']], '', { id: 'audit-outcome' });
  const from = h('input', { type: 'datetime-local', id: 'audit-from' });
  const to = h('input', { type: 'datetime-local', id: 'audit-to' });
  const body = h('div', { id: 'audit-body' });
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter the audit log' },
    field({ label: 'Action', input: action }), field({ label: 'Actor', input: actor }), field({ label: 'Target type', input: targetType }),
    field({ label: 'Target id', input: targetId }), field({ label: 'Outcome', input: outcome }),
    field({ label: 'From', input: from }), field({ label: 'To', input: to }),
    h('div', { class: 'field' }, h('button', { type: 'submit', class: 'primary', id: 'audit-apply' }, 'Apply')));
  form.addEventListener('submit', (e) => { e.preventDefault(); state.page = 0; load(); });
  for (const s of [action, targetType, outcome]) s.addEventListener('change', () => { state.page = 0; load(); });
  append(main, h('h1', {}, 'Audit log'), form, body);

  async function load() {
    const iso = (v) => (v ? new Date(v).toISOString() : undefined);
    let p;
    try {
      p = await get('/audit-events', {
        action: action.value, actor: actor.value.trim(), targetType: targetType.value, targetId: targetId.value.trim(),
        outcome: outcome.value, from: iso(from.value), to: iso(to.value), page: state.page, size: 50,
      });
    } catch (e) {
      show(body, problemNotice(e));
      return;
    }
    clear(body);
    if (!p.items.length) {
      append(body, h('p', { class: 'muted' }, 'No events match.'));
      return;
    }
    append(body, h('div', { class: 'table-wrap' }, h('table', { class: 'data cards', id: 'audit-table' },
      h('thead', {}, h('tr', {}, ['When', 'Actor', 'Action', 'Target', 'Outcome', 'Detail'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, p.items.map((ev) => h('tr', {},
        h('td', { 'data-label': 'When' }, when(ev.at)),
        h('td', { 'data-label': 'Actor' }, ev.actor, ev.remoteAddress ? h('div', { class: 'small muted' }, ev.remoteAddress) : null),
        h('td', { 'data-label': 'Action' }, ev.action),
        h('td', { 'data-label': 'Target' }, ev.targetType || '', ev.targetId ? h('div', { class: 'small mono' }, ev.targetId) : null),
        h('td', { 'data-label': 'Outcome' }, h('span', { class: `badge ${ev.outcome === 'SUCCESS' ? 'on' : 'FAILED'}` }, ev.outcome)),
        h('td', { 'data-label': 'Detail' }, ev.detail || '',
          ev.before || ev.after ? h('details', {}, h('summary', {}, 'Before / after'),
            ev.before ? [h('div', { class: 'small' }, 'before'), h('pre', { class: 'json' }, JSON.stringify(ev.before, null, 2))] : null,
            ev.after ? [h('div', { class: 'small' }, 'after'), h('pre', { class: 'json' }, JSON.stringify(ev.after, null, 2))] : null) : null)))))),
    pager(p, (n) => { state.page = n; load(); }, 'Audit pages'));
  }

  await load();
}
