// Who is signed in. The bearer secret lives in this tab's sessionStorage only: never in localStorage,
// a cookie or a URL, and it is gone when the tab closes.
const TOKEN = 'usersync.token';
const OIDC = 'usersync.oidc';

export const session = {
  caller: null,
  get token() { return sessionStorage.getItem(TOKEN); },
  set token(v) {
    if (v) sessionStorage.setItem(TOKEN, v); else sessionStorage.removeItem(TOKEN);
  },
  clear() {
    sessionStorage.removeItem(TOKEN);
    sessionStorage.removeItem(OIDC);
    this.caller = null;
  },
  /** true when the caller's role includes the given one */
  can(role) {
    const order = ['viewer', 'operator', 'admin'];
    return !!this.caller && order.indexOf(this.caller.role) >= order.indexOf(role);
  },
};

function b64url(bytes) {
  let s = '';
  for (const b of new Uint8Array(bytes)) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function random(n = 32) {
  return b64url(crypto.getRandomValues(new Uint8Array(n)));
}

function redirectUri() {
  return `${location.origin}/console/`;
}

async function discover(issuer) {
  const res = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, { credentials: 'omit' });
  if (!res.ok) throw new Error(`the identity provider's discovery document answered ${res.status}`);
  return res.json();
}

/**
 * Authorization code with PKCE (S256), entirely in the browser: a public client, no client secret. The
 * code comes back in the URL fragment (response_mode=fragment), so it never reaches a server log either.
 */
export async function startOidcSignIn(cfg) {
  const meta = await discover(cfg.issuer);
  const verifier = random(48);
  const challenge = b64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const state = random(16);
  sessionStorage.setItem(OIDC, JSON.stringify({ verifier, state, tokenEndpoint: meta.token_endpoint, clientId: cfg.clientId }));
  const q = new URLSearchParams({
    response_type: 'code', client_id: cfg.clientId, redirect_uri: redirectUri(), scope: cfg.scope || 'openid',
    state, code_challenge: challenge, code_challenge_method: 'S256', response_mode: 'fragment',
  });
  location.assign(`${meta.authorization_endpoint}?${q}`);
}

/** On return from the identity provider: exchange the code for an access token, then forget the code. */
export async function finishOidcSignIn() {
  const hash = location.hash.startsWith('#') ? location.hash.slice(1) : '';
  if (!/(^|&)(code|error)=/.test(hash)) return false;
  const p = new URLSearchParams(hash);
  history.replaceState(null, '', `${location.pathname}#/tasks`);
  const pending = JSON.parse(sessionStorage.getItem(OIDC) || 'null');
  sessionStorage.removeItem(OIDC);
  if (p.get('error')) throw new Error(`the identity provider refused: ${p.get('error_description') || p.get('error')}`);
  if (!pending || pending.state !== p.get('state')) throw new Error('the sign-in answer does not belong to this tab (state mismatch); sign in again');
  const res = await fetch(pending.tokenEndpoint, {
    method: 'POST', credentials: 'omit',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', code: p.get('code'), redirect_uri: redirectUri(),
      client_id: pending.clientId, code_verifier: pending.verifier,
    }),
  });
  const body = await res.json().catch(() => ({}));
  if (!res.ok || !body.access_token) throw new Error(`the token endpoint answered ${res.status}: ${body.error_description || body.error || 'no access token'}`);
  session.token = body.access_token;
  return true;
}
