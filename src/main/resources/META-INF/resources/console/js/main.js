// The console's entry: sign-in, the shell, and a hash router (#/tasks, #/tasks/{id}, #/runs/{id}, ...).
// Routes carry ids only; the token never goes into a URL.
import { h, clear, announce, append } from './dom.js';
import { get, ApiError } from './api.js';
import { session, startOidcSignIn, finishOidcSignIn } from './session.js';

const ROUTES = [
  [/^#\/tasks\/?$/, 'tasks', () => import('./views/tasks.js').then((m) => m.renderTaskList)],
  [/^#\/tasks\/new$/, 'tasks', () => import('./views/wizard.js').then((m) => m.renderNewTask)],
  [/^#\/tasks\/([0-9a-f-]{36})\/edit$/, 'tasks', () => import('./views/wizard.js').then((m) => m.renderEditTask)],
  [/^#\/tasks\/([0-9a-f-]{36})\/duplicate$/, 'tasks', () => import('./views/wizard.js').then((m) => m.renderDuplicateTask)],
  [/^#\/tasks\/([0-9a-f-]{36})$/, 'tasks', () => import('./views/task.js').then((m) => m.renderTask)],
  [/^#\/runs\/([0-9a-f-]{36})$/, 'tasks', () => import('./views/run.js').then((m) => m.renderRun)],
  [/^#\/groups(?:\/([0-9a-f-]{36}))?$/, 'groups', () => import('./views/groups.js').then((m) => m.renderGroups)],
  [/^#\/users\/?(?:\?(.*))?$/, 'users', () => import('./views/users.js').then((m) => m.renderUsers)],
  [/^#\/users\/new$/, 'users', () => import('./views/user.js').then((m) => m.renderNewUser)],
  [/^#\/users\/([0-9a-f-]{36})$/, 'users', () => import('./views/user.js').then((m) => m.renderUser)],
  [/^#\/admin\/tokens$/, 'tokens', () => import('./views/tokens.js').then((m) => m.renderTokens)],
  [/^#\/admin\/audit$/, 'audit', () => import('./views/audit.js').then((m) => m.renderAudit)],
];

const main = document.getElementById('main-content');
let cleanup = null;
let settings = {};
let navigation = 0;

function setShell(signedIn) {
  document.getElementById('main-nav').hidden = !signedIn;
  document.getElementById('caller').hidden = !signedIn;
  document.getElementById('nav-toggle').hidden = !signedIn;
  if (signedIn && session.caller) {
    document.getElementById('caller-name').textContent = session.caller.name;
    document.getElementById('caller-role').textContent = session.caller.role;
    for (const li of document.querySelectorAll('[data-role]')) li.hidden = !session.can(li.dataset.role);
  }
}

function signInView(message) {
  navigation += 1;
  shown('sign-in');
  setShell(false);
  clear(main);
  const input = h('input', { type: 'password', id: 'token', name: 'token', autocomplete: 'off', spellcheck: 'false', required: true, 'aria-describedby': 'token-hint' });
  const error = h('p', { class: 'field-error', id: 'token-error', role: 'alert', hidden: !message }, message || '');
  const form = h('form', { method: 'post', class: 'card narrow', id: 'sign-in', novalidate: true },
    h('h1', { tabindex: '-1' }, 'Sign in to usersync'),
    h('div', { class: 'field' },
      h('label', { for: 'token' }, 'API token'), input,
      h('p', { class: 'hint', id: 'token-hint' },
        'An API token (usy_…) or the bootstrap token. It is kept in this browser tab only (session storage) and sent as an Authorization header; it never goes into a URL.'),
      error),
    h('button', { type: 'submit', class: 'primary', id: 'sign-in-button' }, 'Sign in'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const token = input.value.trim();
    if (!token) {
      error.textContent = 'Paste a token first.';
      error.hidden = false;
      input.setAttribute('aria-invalid', 'true');
      return;
    }
    session.token = token;
    input.value = '';
    await signedIn();
  });
  append(main, form);
  if (settings.oidc) {
    const btn = h('button', { type: 'button', id: 'oidc-sign-in' }, 'Sign in with your identity provider');
    btn.addEventListener('click', () => startOidcSignIn(settings.oidc).catch((err) => {
      error.textContent = err.message;
      error.hidden = false;
    }));
    append(form, h('p', { class: 'muted' }, 'or'), btn);
  }
  input.focus();
}

async function signedIn() {
  try {
    session.caller = await get('/me');
  } catch (e) {
    const why = e instanceof ApiError ? (e.problem.detail || e.problem.title) : e.message;
    session.clear();
    signInView(`Sign-in refused: ${why}`);
    return;
  }
  setShell(true);
  announce(`Signed in as ${session.caller.name}, role ${session.caller.role}`);
  if (!location.hash.startsWith('#/')) location.hash = '#/tasks'; else route();
}

/** Marks which route the main area shows (and that it is no longer loading). */
function shown(hash) {
  main.dataset.route = hash;
  main.removeAttribute('aria-busy');
}

async function route() {
  if (!session.token || !session.caller) return;
  const hash = location.hash || '#/tasks';
  if (!hash.startsWith('#/')) return;
  if (cleanup) {
    try { cleanup(); } catch (e) { /* the old view is gone anyway */ }
    cleanup = null;
  }
  const match = ROUTES.find(([re]) => re.test(hash));
  for (const a of document.querySelectorAll('[data-nav]')) a.removeAttribute('aria-current');
  // each navigation renders into its own container, shown only if no later navigation started meanwhile
  navigation += 1;
  const mine = navigation;
  const view = h('div', { class: 'view' });
  main.setAttribute('aria-busy', 'true');
  if (!match) {
    shown(hash);
    clear(main);
    append(main, h('h1', { tabindex: '-1' }, 'Not found'), h('p', {}, h('a', { href: '#/tasks' }, 'Back to the sync tasks')));
    return;
  }
  const [re, nav, load] = match;
  const navLink = document.querySelector(`[data-nav="${nav}"]`);
  if (navLink) navLink.setAttribute('aria-current', 'page');
  document.getElementById('main-nav').classList.add('collapsed');
  document.getElementById('nav-toggle').setAttribute('aria-expanded', 'false');
  const params = hash.match(re).slice(1);
  try {
    const render = await load();
    const c = await render(view, ...params);
    if (mine !== navigation) {
      if (typeof c === 'function') c();
      return;
    }
    if (typeof c === 'function') cleanup = c;
    append(clear(main), view);
    shown(hash);
  } catch (e) {
    if (mine !== navigation || (e instanceof ApiError && e.status === 401)) return;
    shown(hash);
    clear(main);
    append(main, h('h1', { tabindex: '-1' }, 'Something went wrong'),
      h('div', { class: 'notice bad', role: 'alert' }, h('p', {}, e instanceof ApiError ? `${e.status} ${e.problem.title}: ${e.message}` : e.message)));
  }
  const heading = main.querySelector('h1');
  if (heading && !main.contains(document.activeElement)) {
    heading.tabIndex = -1;
    heading.focus();
  }
  const title = heading ? heading.textContent : 'usersync';
  document.title = `${title} · usersync console`;
}

window.addEventListener('hashchange', route);
window.addEventListener('usersync:unauthorized', (e) => {
  session.clear();
  signInView(`You were signed out: ${e.detail || 'the token is no longer accepted'}.`);
});

document.getElementById('sign-out').addEventListener('click', () => {
  session.clear();
  if (cleanup) cleanup();
  cleanup = null;
  history.replaceState(null, '', `${location.pathname}#/tasks`);
  signInView();
  announce('Signed out');
});

document.getElementById('nav-toggle').addEventListener('click', (e) => {
  const nav = document.getElementById('main-nav');
  const open = nav.classList.toggle('collapsed') === false;
  e.currentTarget.setAttribute('aria-expanded', String(open));
});
document.getElementById('main-nav').classList.add('collapsed');

async function boot() {
  try {
    const res = await fetch('config.json', { cache: 'no-store', credentials: 'omit' });
    if (res.ok) settings = await res.json();
  } catch (e) {
    settings = {};
  }
  try {
    await finishOidcSignIn();
  } catch (e) {
    signInView(e.message);
    return;
  }
  if (session.token) await signedIn(); else signInView();
}

boot();
