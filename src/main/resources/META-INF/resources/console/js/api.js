// The public /api/v1, same origin, bearer token from the session. Errors arrive as RFC 9457 problems.
import { session } from './session.js';

export const API = '/api/v1';
export const ROOT_GROUP = '00000000-0000-0000-0000-000000000001';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }

  get errors() { return this.problem.errors || []; }
}

function headers(extra) {
  const h = { Accept: 'application/json', ...extra };
  if (session.token) h.Authorization = `Bearer ${session.token}`;
  return h;
}

async function problemOf(res) {
  const text = await res.text();
  try {
    const p = JSON.parse(text);
    if (p && typeof p === 'object') return p;
  } catch (e) {
    // not JSON: fall through
  }
  return { status: res.status, title: res.statusText || `HTTP ${res.status}`, detail: text.slice(0, 300) || undefined };
}

function url(path, query) {
  const u = new URL(API + path, location.origin);
  for (const [k, v] of Object.entries(query || {})) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) v.forEach((x) => u.searchParams.append(k, x)); else u.searchParams.set(k, v);
  }
  return u.pathname + u.search;
}

/** One call. Resolves {data, etag, status, location}; rejects with ApiError. A 401 signs the tab out. */
export async function call(method, path, { body, query, ifMatch, signal } = {}) {
  const extra = {};
  if (body !== undefined) extra['Content-Type'] = 'application/json';
  if (ifMatch) extra['If-Match'] = ifMatch;
  const res = await fetch(url(path, query), {
    method, headers: headers(extra), body: body === undefined ? undefined : JSON.stringify(body),
    signal, cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer',
  });
  if (!res.ok) {
    const problem = await problemOf(res);
    if (res.status === 401) {
      window.dispatchEvent(new CustomEvent('usersync:unauthorized', { detail: problem.detail || problem.title }));
    }
    throw new ApiError(res.status, problem);
  }
  const data = res.status === 204 ? null : await res.json();
  return { data, etag: res.headers.get('ETag'), status: res.status, location: res.headers.get('Location') };
}

export const get = (path, query, opts) => call('GET', path, { query, ...opts }).then((r) => r.data);
export const post = (path, body, opts) => call('POST', path, { body, ...opts }).then((r) => r.data);
export const del = (path) => call('DELETE', path);

/**
 * Server-Sent Events with the Authorization header: EventSource cannot send one, so this reads the stream
 * with fetch and parses the event framing itself. Yields each event's JSON data; ends with the stream.
 */
export async function* events(path, signal) {
  const res = await fetch(url(path), {
    headers: headers({ Accept: 'text/event-stream' }), signal, cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer',
  });
  if (!res.ok) {
    const problem = await problemOf(res);
    if (res.status === 401) window.dispatchEvent(new CustomEvent('usersync:unauthorized', { detail: problem.detail }));
    throw new ApiError(res.status, problem);
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let at;
    while ((at = buffer.search(/\r?\n\r?\n/)) >= 0) {
      const block = buffer.slice(0, at);
      buffer = buffer.slice(at + (buffer[at] === '\r' ? 4 : 2));
      const data = block.split(/\r?\n/).filter((l) => l.startsWith('data:')).map((l) => l.slice(5).replace(/^ /, '')).join('\n');
      if (data) yield JSON.parse(data);
    }
  }
}

/** Page helpers: the API pages with page/size and a total. */
export function pages(pageObj) {
  return Math.max(1, Math.ceil(pageObj.total / pageObj.size));
}
