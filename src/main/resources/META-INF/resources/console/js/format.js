import { h } from './dom.js';

const dtf = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const nf = new Intl.NumberFormat();

export function when(iso) {
  return iso ? dtf.format(new Date(iso)) : '—';
}

export function ago(iso) {
  if (!iso) return '';
  const s = Math.round((new Date(iso).getTime() - Date.now()) / 1000);
  const a = Math.abs(s);
  if (a < 60) return rtf.format(s, 'second');
  if (a < 3600) return rtf.format(Math.round(s / 60), 'minute');
  if (a < 86400) return rtf.format(Math.round(s / 3600), 'hour');
  return rtf.format(Math.round(s / 86400), 'day');
}

export function time(iso) {
  return h('time', { datetime: iso, title: when(iso) }, ago(iso));
}

export function num(n) {
  return nf.format(n || 0);
}

const STATUS_WORDS = {
  QUEUED: 'Queued', RUNNING: 'Running', SUCCEEDED: 'Succeeded', FAILED: 'Failed',
  BLOCKED_BY_THRESHOLD: 'Blocked by threshold', CANCELLED: 'Cancelled',
};

export function statusBadge(status) {
  return h('span', { class: `badge ${status}`, dataset: { status } }, STATUS_WORDS[status] || status);
}

export function isActive(status) {
  return status === 'QUEUED' || status === 'RUNNING';
}

/** The counts worth a glance: created/updated/removed/disabled users and groups. */
export function countsLine(c) {
  if (!c) return '';
  const parts = [];
  const add = (n, word) => { if (n) parts.push(`${num(n)} ${word}`); };
  add(c.usersCreated, 'users created');
  add(c.usersUpdated, 'updated');
  add(c.usersRemoved, 'removed');
  add(c.usersDisabled, 'disabled');
  add(c.groupsCreated, 'groups created');
  add(c.groupsUpdated, 'groups updated');
  add(c.groupsRemoved, 'groups removed');
  add(c.errors, 'errors');
  add(c.collisions, 'collisions');
  return parts.length ? parts.join(', ') : 'no changes';
}

export const KIND_WORDS = {
  DOMAIN: 'domain', OU: 'organizational unit', CONTAINER: 'container', GROUP: 'group', USER: 'user', COMPUTER: 'computer', OTHER: 'entry',
  ROOT: 'root group', MANUAL: 'group made by hand', DIRECTORY_GROUP: 'directory group',
};

export function kindIcon(kind) {
  const file = { DOMAIN: 'domain', OU: 'ou', CONTAINER: 'container', GROUP: 'group', USER: 'user', COMPUTER: 'computer', OTHER: 'other',
    ROOT: 'root', MANUAL: 'manual', DIRECTORY_GROUP: 'group' }[kind] || 'other';
  return h('img', { src: `icons/${file}.svg`, alt: '', width: 16, height: 16 });
}
