// Pieces several views share: error notices, paging, run triggers.
import { h, clear, announce, append } from '../dom.js';
import { ApiError, call, post } from '../api.js';
import { adviceFor } from '../advice.js';

/** A problem in words, with the failure category's advice when it has one. */
export function problemNotice(err, { id } = {}) {
  const box = h('div', { class: 'notice bad', role: 'alert', id });
  if (err instanceof ApiError) {
    const p = err.problem;
    append(box, h('p', {}, h('strong', {}, p.category ? `${p.category}` : `${err.status} ${p.title || ''}`), ' — ', p.detail || p.title || ''));
    if (p.category) append(box, h('p', { class: 'advice', dataset: { category: p.category } }, adviceFor(p.category, p.adSubCode)));
    if (p.requiredRole) append(box, h('p', {}, `This needs the ${p.requiredRole} role.`));
    for (const e of p.errors || []) append(box, h('p', {}, h('code', {}, e.field), ': ', e.message));
  } else {
    append(box, h('p', {}, err.message || String(err)));
  }
  return box;
}

export function show(container, node) {
  append(clear(container), node);
}

/** Prev / next for the API's page/size/total. */
export function pager(pageObj, onPage, label = 'Pages') {
  const last = Math.max(0, Math.ceil(pageObj.total / pageObj.size) - 1);
  const prev = h('button', { type: 'button', class: 'small', disabled: pageObj.page <= 0, onclick: () => onPage(pageObj.page - 1) }, '‹ Previous');
  const next = h('button', { type: 'button', class: 'small', disabled: pageObj.page >= last, onclick: () => onPage(pageObj.page + 1) }, 'Next ›');
  return h('nav', { class: 'pager', 'aria-label': label },
    h('span', { class: 'muted small' }, `${pageObj.total} in all · page ${pageObj.page + 1} of ${last + 1}`), prev, next);
}

/** Queues a run; answers the run, or shows why not (a 409 names the run already queued). */
export async function triggerRun(taskId, body, status) {
  try {
    const run = await post(`/sync-tasks/${taskId}/runs`, body);
    announce(body.dryRun ? 'Dry run queued' : 'Run queued');
    return run;
  } catch (e) {
    if (e instanceof ApiError && e.status === 409 && e.problem.runId) {
      if (status) show(status, h('div', { class: 'notice warn', role: 'status' },
        h('p', {}, e.message, ' ', h('a', { href: `#/runs/${e.problem.runId}` }, 'Open that run'))));
      return null;
    }
    if (status) show(status, problemNotice(e));
    else throw e;
    return null;
  }
}

/** Reads a task with its ETag, changes it, and writes it back with If-Match. */
export async function updateTask(id, change) {
  const { data, etag } = await call('GET', `/sync-tasks/${id}`);
  const body = change(taskToRequest(data));
  return call('PUT', `/sync-tasks/${id}`, { body, ifMatch: etag });
}

/** A task as the API answers it, turned into exactly the fields a create or update accepts. */
export function taskToRequest(t) {
  const d = t.directory;
  const directory = { type: d.type, security: d.security, login: d.login, trustAllCertificates: d.trustAllCertificates };
  // exactly one of host, hosts and domain is set; port is absent for a domain on NONE/STARTTLS (SRV records give it)
  for (const k of ['host', 'hosts', 'domain', 'site', 'port', 'bindMethod', 'kdc']) {
    if (d[k] !== null && d[k] !== undefined) directory[k] = d[k];
  }
  if (d.trustedCertificatesPem) directory.trustedCertificatesPem = d.trustedCertificatesPem;
  if (d.mapping && Object.keys(d.mapping).length) directory.mapping = d.mapping;
  const r = {
    name: t.name, enabled: t.enabled, runImmediately: t.runImmediately, directory, targetGroupId: t.targetGroupId,
    baseDns: t.baseDns, excludedDns: t.excludedDns, skipDisabledUsers: t.skipDisabledUsers,
    collisionHandling: t.collisionHandling, userExtinctionHandling: t.userExtinctionHandling,
    groupExtinctionHandling: t.groupExtinctionHandling, deleteThreshold: t.deleteThreshold, tags: t.tags,
  };
  if (t.description) r.description = t.description;
  if (t.schedule) r.schedule = t.schedule;
  return r;
}
