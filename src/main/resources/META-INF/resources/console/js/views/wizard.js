// The User Synchronization wizard, in the seeds' order and wording, for create, edit and duplicate:
// Basic, Common settings, Server connection, Synchronization settings, Schedule, Summary, then Finish.
import { h, clear, field, checkbox, select, FieldErrors, announce, uid, append } from '../dom.js';
import { call, get, post, ApiError } from '../api.js';
import { Tree } from '../tree.js';
import { kindIcon, KIND_WORDS, when } from '../format.js';
import { problemNotice, show, taskToRequest, triggerRun } from './common.js';
import { groupTree, groupPath } from './grouptree.js';
import { MAPPING_PRESETS, MAPPING_FIELDS } from './mapping.js';

// the seeds' names for the wizard's parts
const STEPS = ['Basic', 'Common Settings', 'Server Connection Settings', 'Synchronization Settings', 'Schedule', 'Summary'];
const BASIC = 0;
const COMMON = 1;
const SERVER = 2;
const SYNC = 3;
const SCHEDULE = 4;
const SUMMARY = 5;

/**
 * How the server is named: one host, a list tried in order, or an AD domain whose domain controllers DNS names.
 * A task binding with Kerberos keeps its bind settings as they are (the API sets them).
 */
const SERVER_FORMS = [
  {
    id: 'host', label: 'One server',
    toRequest: (d) => ({ host: (d.host || '').trim() }),
    summary: (r) => r.host,
  },
  {
    id: 'hosts', label: 'Several servers, tried in order',
    toRequest: (d) => ({ hosts: hostLines(d.hostsText) }),
    summary: (r) => (r.hosts || []).join(', '),
  },
  {
    id: 'domain', label: 'AD domain (domain controllers from DNS)',
    toRequest: (d) => {
      const site = (d.site || '').trim();
      return site ? { domain: (d.domain || '').trim(), site } : { domain: (d.domain || '').trim() };
    },
    summary: (r) => `domain ${r.domain}${r.site ? `, site ${r.site} first` : ''}`,
  },
];

function hostLines(text) {
  return (text || '').split(/[\n,]/).map((x) => x.trim()).filter((x) => x);
}

function defaults() {
  return {
    name: '', description: '', tags: [], enabled: true, runImmediately: false,
    targetGroupId: null, targetGroupLabel: '',
    directory: {
      type: 'ACTIVE_DIRECTORY', serverForm: 'host', host: '', hostsText: '', domain: '', site: '', port: '', security: 'LDAPS', login: '', password: '',
      trustedCertificatesPem: '', trustAllCertificates: false, mapping: {},
    },
    passwordSet: false, changePassword: true,
    baseDns: [], excludedDns: [], skipDisabledUsers: false,
    collisionHandling: 'SKIP', userExtinctionHandling: 'DISABLE', groupExtinctionHandling: 'REMOVE',
    deleteThreshold: { maxCount: 500, maxPercent: 20 },
    schedule: null,
  };
}

function fromTask(t) {
  const r = taskToRequest(t);
  const m = defaults();
  Object.assign(m, {
    name: r.name, description: r.description || '', tags: r.tags || [], enabled: r.enabled, runImmediately: false,
    targetGroupId: r.targetGroupId, baseDns: [...r.baseDns], excludedDns: [...(r.excludedDns || [])],
    skipDisabledUsers: r.skipDisabledUsers, collisionHandling: r.collisionHandling,
    userExtinctionHandling: r.userExtinctionHandling, groupExtinctionHandling: r.groupExtinctionHandling,
    deleteThreshold: { ...(r.deleteThreshold || {}) }, schedule: r.schedule ? { ...r.schedule } : null,
  });
  Object.assign(m.directory, {
    type: r.directory.type, host: r.directory.host || '', port: r.directory.port || '', security: r.directory.security,
    serverForm: r.directory.domain ? 'domain' : r.directory.hosts ? 'hosts' : 'host',
    hostsText: (r.directory.hosts || []).join('\n'), domain: r.directory.domain || '', site: r.directory.site || '',
    bindMethod: r.directory.bindMethod, kdc: r.directory.kdc,
    login: r.directory.login, trustedCertificatesPem: r.directory.trustedCertificatesPem || '',
    trustAllCertificates: !!r.directory.trustAllCertificates, mapping: { ...(r.directory.mapping || {}) },
  });
  m.passwordSet = !!t.directory.passwordSet;
  return m;
}

export async function renderNewTask(main) {
  return wizard(main, { mode: 'create', model: defaults() });
}

export async function renderEditTask(main, id) {
  const { data, etag } = await call('GET', `/sync-tasks/${id}`);
  const model = fromTask(data);
  model.changePassword = false;
  return wizard(main, { mode: 'edit', id, etag, task: data, model });
}

export async function renderDuplicateTask(main, id) {
  const { data } = await call('GET', `/sync-tasks/${id}`);
  const model = fromTask(data);
  model.name = `Copy of ${data.name}`;
  model.passwordSet = false;
  model.changePassword = true;
  return wizard(main, { mode: 'duplicate', task: data, model });
}

function wizard(main, ctx) {
  const m = ctx.model;
  const errs = new FieldErrors();
  const editing = ctx.mode === 'edit';
  let step = 0;
  const sections = [];
  const stepButtons = [];

  const reg = (path, stepIndex) => (input, errorEl) => errs.register(path, input, errorEl, stepIndex);
  const f = (path, stepIndex, label, input, hint) => field({ label, input, hint, errorFor: reg(path, stepIndex) });

  // ---------- 1. Basic
  const name = h('input', { type: 'text', id: 'task-name', value: m.name, required: true, maxlength: 200, autocomplete: 'off' });
  name.addEventListener('input', () => { m.name = name.value; });
  const description = h('textarea', { id: 'task-description', maxlength: 4000, rows: 2 });
  description.value = m.description;
  description.addEventListener('input', () => { m.description = description.value; });
  const tags = h('input', { type: 'text', id: 'task-tags', value: m.tags.join(', '), autocomplete: 'off' });
  tags.addEventListener('input', () => { m.tags = tags.value.split(',').map((s) => s.trim()).filter(Boolean); });
  const enabled = checkbox({ label: 'Enabled', id: 'task-enabled', checked: m.enabled, hint: 'A disabled task keeps its settings but its schedule does not fire.', onchange: (e) => { m.enabled = e.target.checked; } });
  const runNow = checkbox({
    label: 'Run task immediately after finish', id: 'run-immediately', checked: m.runImmediately,
    onchange: (e) => { m.runImmediately = e.target.checked; },
  });
  sections.push(section(BASIC, [
    f('name', BASIC, 'Name', name),
    f('description', BASIC, 'Description', description),
    f('tags', BASIC, 'Tags', tags, 'Comma-separated, e.g. hq, nightly'),
    enabled.el, runNow.el,
  ]));

  // ---------- 2. Common settings
  const groupLabel = h('input', { type: 'text', id: 'target-group', readOnly: true, value: m.targetGroupLabel, placeholder: 'no group selected' });
  const groupPicker = h('div', { id: 'group-picker', hidden: true });
  const selectGroup = h('button', { type: 'button', id: 'select-group', 'aria-expanded': 'false', 'aria-controls': 'group-picker' }, 'Select…');
  let picker = null;
  selectGroup.addEventListener('click', async () => {
    const open = groupPicker.hidden;
    groupPicker.hidden = !open;
    selectGroup.setAttribute('aria-expanded', String(open));
    if (open && !picker) {
      picker = groupTree({
        label: 'User groups', selectedId: () => m.targetGroupId, allowCreate: true,
        onPick: async (g) => {
          m.targetGroupId = g.id;
          m.targetGroupLabel = await groupPath(g);
          groupLabel.value = m.targetGroupLabel;
          announce(`User group ${m.targetGroupLabel} selected`);
        },
      });
      append(groupPicker, picker.el);
      await picker.ready;
    }
    if (open && picker) picker.focus();
  });
  sections.push(section(COMMON, [
    h('div', { class: 'field' },
      h('label', { for: 'target-group' }, 'User Group Name'),
      h('div', { class: 'row' }, groupLabel, selectGroup),
      h('p', { class: 'hint', id: 'target-group-hint' }, 'The user group the synced groups and users land under.'),
      errorSlot('targetGroupId', COMMON, groupLabel)),
    groupPicker,
  ]));

  // ---------- 3. Server connection
  const d = m.directory;
  const useLdap = checkbox({
    label: 'Use LDAP instead of Active Directory', id: 'use-ldap', checked: d.type === 'LDAP',
    hint: 'Generic LDAPv3 (OpenLDAP, 389-DS, FreeIPA, ...) with the attribute mapping below.',
    onchange: (e) => { d.type = e.target.checked ? 'LDAP' : 'ACTIVE_DIRECTORY'; mappingBox.open = d.type === 'LDAP'; presetRow.hidden = d.type !== 'LDAP'; },
  });
  const host = h('input', { type: 'text', id: 'server-host', value: d.host, autocomplete: 'off', spellcheck: 'false' });
  host.addEventListener('input', () => { d.host = host.value; });
  const hostsList = h('textarea', { id: 'server-hosts', rows: 3, spellcheck: 'false', placeholder: 'dc1.corp.example.com\ndc2.corp.example.com:636' });
  hostsList.value = d.hostsText || '';
  hostsList.addEventListener('input', () => { d.hostsText = hostsList.value; });
  const domain = h('input', { type: 'text', id: 'server-domain', value: d.domain || '', autocomplete: 'off', spellcheck: 'false' });
  domain.addEventListener('input', () => { d.domain = domain.value; });
  const site = h('input', { type: 'text', id: 'server-site', value: d.site || '', autocomplete: 'off', spellcheck: 'false' });
  site.addEventListener('input', () => { d.site = site.value; });
  const serverForm = select(SERVER_FORMS.map((x) => [x.id, x.label]), d.serverForm || 'host', { id: 'server-form' });
  const port = h('input', { type: 'number', id: 'server-port', min: 1, max: 65535, value: d.port });
  port.addEventListener('input', () => { d.port = port.value; });
  const security = select([['LDAPS', 'LDAPS (TLS from the start, port 636)'], ['STARTTLS', 'StartTLS (port 389, then TLS)'], ['NONE', 'None (plain LDAP)']], d.security, { id: 'server-security' });
  const noTls = h('div', { class: 'notice warn', id: 'no-tls-warning', role: 'note', hidden: d.security !== 'NONE' },
    h('p', {}, 'Without TLS the bind password and every entry read cross the network unencrypted. Use it only on a trusted network or a lab.'));
  security.addEventListener('change', () => { d.security = security.value; noTls.hidden = d.security !== 'NONE'; });
  const pem = h('textarea', { id: 'trusted-pem', rows: 4, placeholder: '-----BEGIN CERTIFICATE-----' });
  pem.value = d.trustedCertificatesPem;
  pem.addEventListener('input', () => { d.trustedCertificatesPem = pem.value; });
  const pemFile = h('input', { type: 'file', id: 'trusted-pem-file', accept: '.pem,.crt,.cer,text/plain' });
  pemFile.addEventListener('change', async () => {
    const file = pemFile.files[0];
    if (file) {
      pem.value = await file.text();
      d.trustedCertificatesPem = pem.value;
    }
  });
  const trustAllWarn = h('div', { class: 'notice warn', id: 'trust-all-warning', hidden: !d.trustAllCertificates },
    h('p', {}, 'Any certificate and any host name will be accepted: anyone in the network path can read the password. Labs only, never production.'));
  const trustAll = checkbox({
    label: 'Accept any certificate (labs only)', id: 'trust-all', checked: d.trustAllCertificates,
    onchange: (e) => { d.trustAllCertificates = e.target.checked; trustAllWarn.hidden = !e.target.checked; },
  });
  const login = h('input', { type: 'text', id: 'server-login', value: d.login, autocomplete: 'off', spellcheck: 'false' });
  login.addEventListener('input', () => { d.login = login.value; });
  const password = h('input', { type: 'password', id: 'server-password', autocomplete: 'new-password' });
  password.addEventListener('input', () => { d.password = password.value; });
  const passwordState = h('p', { id: 'password-state', class: 'row' });
  const passwordBox = h('div', { class: 'field' });
  const passwordErr = errorSlot('directory.password', SERVER, password);
  function drawPassword() {
    clear(passwordBox);
    append(passwordBox, h('label', { for: 'server-password' }, 'Password'));
    if (m.passwordSet && !m.changePassword) {
      append(clear(passwordState), h('span', { class: 'badge on', id: 'password-set' }, 'set'),
        h('span', { class: 'muted small' }, 'The stored password is kept; it is never shown.'),
        h('button', { type: 'button', class: 'small', id: 'change-password', onclick: () => { m.changePassword = true; drawPassword(); password.focus(); } }, 'Change'));
      append(passwordBox, passwordState, password, passwordErr);
      password.hidden = true;
    } else {
      password.hidden = false;
      append(passwordBox, password, h('p', { class: 'hint' }, 'Write-only: stored encrypted, never shown again.'));
      if (m.passwordSet) {
        append(passwordBox, h('button', { type: 'button', class: 'small link', id: 'keep-password',
          onclick: () => { m.changePassword = false; password.value = ''; d.password = ''; drawPassword(); } }, 'Keep the stored password'));
      }
      append(passwordBox, passwordErr);
    }
  }
  drawPassword();

  const preset = select([['', 'Choose a preset…'], ...Object.entries(MAPPING_PRESETS).map(([k, p]) => [k, p.label])], '', { id: 'mapping-preset' });
  const mappingInputs = {};
  const presetRow = h('div', { class: 'inline-fields', hidden: d.type !== 'LDAP' },
    field({ label: 'Mapping preset', input: preset, hint: 'Fills the attribute names and filters; change any of them after.' }),
    h('div', { class: 'field' }, h('button', { type: 'button', id: 'apply-preset', onclick: () => applyPreset(preset.value) }, 'Apply preset')));
  const mappingBox = h('details', { id: 'mapping', open: d.type === 'LDAP' }, h('summary', {}, 'Attribute mapping'),
    h('p', { class: 'hint' }, 'Empty fields keep the directory type\'s default (AD: objectGUID, sAMAccountName, ...; LDAP: entryUUID, uid, ...).'),
    presetRow,
    h('div', { class: 'grid2' }, MAPPING_FIELDS.filter((x) => !x.filter).map((x) => {
      const input = x.options ? select([['', 'default'], ...x.options.map((o) => [o, o])], d.mapping[x.key] || '', { id: `mapping-${x.key}` })
        : h('input', { type: 'text', id: `mapping-${x.key}`, autocomplete: 'off', spellcheck: 'false',
          value: Array.isArray(d.mapping[x.key]) ? d.mapping[x.key].join(', ') : (d.mapping[x.key] || '') });
      input.addEventListener(x.options ? 'change' : 'input', () => setMapping(x, input.value));
      mappingInputs[x.key] = input;
      return f(`directory.mapping.${x.key}`, SERVER, x.label, input, x.hint);
    })));
  function setMapping(x, v) {
    if (x.list) {
      const list = v.split(',').map((s) => s.trim()).filter(Boolean);
      if (list.length) d.mapping[x.key] = list; else delete d.mapping[x.key];
    } else if (v.trim()) d.mapping[x.key] = v.trim(); else delete d.mapping[x.key];
  }
  function applyPreset(key) {
    const p = MAPPING_PRESETS[key];
    if (!p) return;
    for (const x of MAPPING_FIELDS) {
      const v = p.mapping[x.key];
      const input = mappingInputs[x.key];
      if (!input) continue;
      input.value = Array.isArray(v) ? v.join(', ') : (v || '');
      setMapping(x, input.value);
    }
    announce(`${p.label} mapping applied`);
  }

  const hostField = f('directory.host', SERVER, 'Server', host, 'Name or IP address of the domain controller or LDAP server');
  const hostsField = f('directory.hosts', SERVER, 'Servers', hostsList, 'One per line, host or host:port; the first that connects, negotiates TLS and signs in serves each run');
  const domainField = h('div', { class: 'inline-fields' },
    f('directory.domain', SERVER, 'AD domain', domain, 'e.g. corp.example.com: its domain controllers come from DNS SRV records'),
    f('directory.site', SERVER, 'Site (optional)', site, 'The AD site whose domain controllers are tried first'));
  function showServerForm() {
    d.serverForm = serverForm.value;
    hostField.hidden = d.serverForm !== 'host';
    hostsField.hidden = d.serverForm !== 'hosts';
    domainField.hidden = d.serverForm !== 'domain';
  }
  serverForm.addEventListener('change', showServerForm);
  showServerForm();

  const testResult = h('div', { class: 'test-result', id: 'test-result', 'aria-live': 'polite' });
  const testButton = h('button', { type: 'button', id: 'test-connection', onclick: () => testConnection() }, 'Test connection');
  sections.push(section(SERVER, [
    useLdap.el,
    h('fieldset', {}, h('legend', {}, 'Server'),
      f('directory.serverForm', SERVER, 'Servers named by', serverForm),
      hostField,
      hostsField,
      domainField,
      h('div', { class: 'inline-fields' },
        f('directory.port', SERVER, 'Port', port, 'Empty: 636 for LDAPS, otherwise 389'),
        f('directory.security', SERVER, 'Security', security)),
      noTls,
      f('directory.trustedCertificatesPem', SERVER, 'Trusted CA certificates (PEM)', pem, 'Paste or load the CA that signed the server\'s certificate; empty: the service\'s default trust store.'),
      h('div', { class: 'field' }, h('label', { for: 'trusted-pem-file' }, 'Load a PEM file'), pemFile),
      trustAll.el, trustAllWarn),
    f('directory.login', SERVER, 'Login', login, 'In the format DOMAIN\\USERNAME, or user@domain (UPN), or a full DN'),
    passwordBox,
    mappingBox,
    h('div', { class: 'row' }, testButton,
      editing ? h('span', { class: 'hint' }, 'Without a new password the test and Browse use the stored connection settings.') : null),
    testResult,
  ]));

  // ---------- 4. Synchronization settings
  const baseList = h('ul', { class: 'chips', id: 'base-dns', 'aria-label': 'Selected distinguished names' });
  const exclList = h('ul', { class: 'chips', id: 'excluded-dns', 'aria-label': 'Excluded distinguished names' });
  const baseInput = h('input', { type: 'text', id: 'base-dn-input', autocomplete: 'off', spellcheck: 'false', placeholder: 'OU=HQ,DC=corp,DC=example,DC=com' });
  const exclInput = h('input', { type: 'text', id: 'excluded-dn-input', autocomplete: 'off', spellcheck: 'false' });
  const drawDns = () => {
    append(clear(baseList), m.baseDns.map((dn, i) => chip(dn, () => { m.baseDns.splice(i, 1); drawDns(); syncTreeMarks(); }, 'base')));
    if (!m.baseDns.length) append(baseList, h('li', { class: 'muted' }, 'No DN selected yet: Browse, or type one.'));
    append(clear(exclList), m.excludedDns.map((dn, i) => chip(dn, () => { m.excludedDns.splice(i, 1); drawDns(); syncTreeMarks(); }, 'excluded')));
  };
  const addDn = (list, input) => {
    const v = input.value.trim();
    if (v && !list.includes(v)) list.push(v);
    input.value = '';
    drawDns();
    syncTreeMarks();
  };
  const browsePanel = h('div', { id: 'browse-panel', hidden: true });
  const browseButton = h('button', { type: 'button', id: 'browse', 'aria-expanded': 'false', 'aria-controls': 'browse-panel', onclick: () => openBrowse() }, 'Browse…');
  const filters = MAPPING_FIELDS.filter((x) => x.filter).map((x) => {
    const input = h('input', { type: 'text', id: `mapping-${x.key}`, autocomplete: 'off', spellcheck: 'false', value: d.mapping[x.key] || '', placeholder: x.placeholder || '' });
    input.addEventListener('input', () => setMapping(x, input.value));
    mappingInputs[x.key] = input;
    return f(`directory.mapping.${x.key}`, SYNC, x.label, input, x.hint);
  });
  const skipDisabled = checkbox({ label: 'Skip disabled users', id: 'skip-disabled', checked: m.skipDisabledUsers, onchange: (e) => { m.skipDisabledUsers = e.target.checked; } });
  const collision = select([['SKIP', 'Skip: leave the existing object alone'], ['OVERWRITE', 'Overwrite: take the existing object over']], m.collisionHandling, { id: 'collision' });
  collision.addEventListener('change', () => { m.collisionHandling = collision.value; });
  const userExt = select([['DISABLE', 'Disable the user'], ['REMOVE', 'Remove the user'], ['SKIP', 'Keep the user as it is']], m.userExtinctionHandling, { id: 'user-extinction' });
  userExt.addEventListener('change', () => { m.userExtinctionHandling = userExt.value; });
  const groupExt = select([['REMOVE', 'Remove the group'], ['SKIP', 'Keep the group']], m.groupExtinctionHandling, { id: 'group-extinction' });
  groupExt.addEventListener('change', () => { m.groupExtinctionHandling = groupExt.value; });
  const tCount = h('input', { type: 'number', id: 'threshold-count', min: 0, value: m.deleteThreshold.maxCount ?? '' });
  const tPercent = h('input', { type: 'number', id: 'threshold-percent', min: 0, max: 100, value: m.deleteThreshold.maxPercent ?? '' });
  tCount.addEventListener('input', () => { m.deleteThreshold.maxCount = tCount.value === '' ? null : Number(tCount.value); });
  tPercent.addEventListener('input', () => { m.deleteThreshold.maxPercent = tPercent.value === '' ? null : Number(tPercent.value); });
  sections.push(section(SYNC, [
    h('div', { class: 'field' },
      h('span', { class: 'label', id: 'base-dns-label' }, 'Distinguished Name'),
      h('p', { class: 'hint' }, 'The top entry to sync, or only some containers or groups. Browse the live directory, or type a DN.'),
      baseList,
      h('div', { class: 'row' }, h('label', { for: 'base-dn-input', class: 'visually-hidden' }, 'DN to add'), baseInput,
        h('button', { type: 'button', id: 'add-base-dn', onclick: () => addDn(m.baseDns, baseInput) }, 'Add'), browseButton),
      errorSlot('baseDns', SYNC, baseInput)),
    browsePanel,
    h('div', { class: 'field' },
      h('span', { class: 'label' }, 'Excluded DNs'),
      h('p', { class: 'hint' }, 'Subtrees below the selected DNs to leave out (in the browse tree: the Exclude button, or the X key).'),
      exclList,
      h('div', { class: 'row' }, h('label', { for: 'excluded-dn-input', class: 'visually-hidden' }, 'DN to exclude'), exclInput,
        h('button', { type: 'button', id: 'add-excluded-dn', onclick: () => addDn(m.excludedDns, exclInput) }, 'Exclude')),
      errorSlot('excludedDns', SYNC, exclInput)),
    h('fieldset', {}, h('legend', {}, 'Filters'), h('p', { class: 'hint' }, 'LDAP filters; empty keeps the directory type\'s default.'), filters, skipDisabled.el),
    h('fieldset', {}, h('legend', {}, 'Handling'),
      f('collisionHandling', SYNC, 'When a user or group already exists and belongs to no task or another one', collision),
      f('userExtinctionHandling', SYNC, 'When a user disappears from the directory', userExt),
      f('groupExtinctionHandling', SYNC, 'When a group disappears from the directory', groupExt)),
    h('fieldset', {}, h('legend', {}, 'Delete threshold'),
      h('p', { class: 'hint' }, 'A run that would remove or disable more than either limit applies nothing and stops as "Blocked by threshold". Empty: that limit is off.'),
      h('div', { class: 'inline-fields' },
        f('deleteThreshold.maxCount', SYNC, 'At most (objects)', tCount),
        f('deleteThreshold.maxPercent', SYNC, 'At most (% of the task\'s objects)', tPercent))),
  ]));
  drawDns();

  // ---------- 5. Schedule
  const s = m.schedule || { cron: '0 0 2 * * ?', timezone: Intl.DateTimeFormat().resolvedOptions().timeZone, fullSyncIntervalHours: 24 };
  const schedOn = checkbox({ label: 'Run on a schedule', id: 'schedule-on', checked: !!m.schedule, onchange: (e) => { m.schedule = e.target.checked ? s : null; schedBox.hidden = !e.target.checked; } });
  const builder = parseCron(s.cron);
  const kind = select([['minutes', 'Every N minutes'], ['hourly', 'Hourly'], ['daily', 'Daily'], ['weekly', 'Weekly'], ['cron', 'Custom cron']], builder.kind, { id: 'schedule-kind' });
  const everyN = h('input', { type: 'number', id: 'every-minutes', min: 1, max: 59, value: builder.minutes });
  const atMinute = h('input', { type: 'number', id: 'at-minute', min: 0, max: 59, value: builder.minute });
  const atTime = h('input', { type: 'time', id: 'at-time', value: builder.time });
  const weekday = select([['MON', 'Monday'], ['TUE', 'Tuesday'], ['WED', 'Wednesday'], ['THU', 'Thursday'], ['FRI', 'Friday'], ['SAT', 'Saturday'], ['SUN', 'Sunday']], builder.day, { id: 'weekday' });
  const cron = h('input', { type: 'text', id: 'cron', value: s.cron, spellcheck: 'false', autocomplete: 'off' });
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const tzList = h('datalist', { id: 'tz-list' }, zones.map((z) => h('option', { value: z })));
  const tz = h('input', { type: 'text', id: 'timezone', list: 'tz-list', value: s.timezone || 'UTC', autocomplete: 'off' });
  const jitter = h('input', { type: 'number', id: 'jitter', min: 0, max: 3600, value: s.jitterSeconds ?? '' });
  const notBefore = h('input', { type: 'datetime-local', id: 'not-before', value: toLocalInput(s.notBefore) });
  const notAfter = h('input', { type: 'datetime-local', id: 'not-after', value: toLocalInput(s.notAfter) });
  const fullHours = h('input', { type: 'number', id: 'full-sync-hours', min: 1, max: 8760, value: s.fullSyncIntervalHours ?? 24 });
  const parts = {
    minutes: f('schedule.cron', SCHEDULE, 'Every how many minutes', everyN),
    hourly: field({ label: 'At minute', input: atMinute }),
    time: field({ label: 'At (hh:mm)', input: atTime }),
    weekday: field({ label: 'On', input: weekday }),
  };
  const cronField = f('schedule.cron', SCHEDULE, 'Quartz cron (seconds minutes hours day-of-month month day-of-week)', cron, 'e.g. 0 0 2 * * ? is every day at 02:00');
  const rebuild = () => {
    const k = kind.value;
    parts.minutes.hidden = k !== 'minutes';
    parts.hourly.hidden = k !== 'hourly';
    parts.time.hidden = !(k === 'daily' || k === 'weekly');
    parts.weekday.hidden = k !== 'weekly';
    cron.readOnly = k !== 'cron';
    if (k !== 'cron') cron.value = buildCron(k, { minutes: everyN.value, minute: atMinute.value, time: atTime.value, day: weekday.value });
    s.cron = cron.value.trim();
  };
  for (const el of [kind, everyN, atMinute, atTime, weekday]) el.addEventListener('input', rebuild);
  kind.addEventListener('change', rebuild);
  cron.addEventListener('input', () => { s.cron = cron.value.trim(); });
  tz.addEventListener('input', () => { s.timezone = tz.value.trim() || undefined; });
  jitter.addEventListener('input', () => { s.jitterSeconds = jitter.value === '' ? undefined : Number(jitter.value); });
  notBefore.addEventListener('input', () => { s.notBefore = fromLocalInput(notBefore.value); });
  notAfter.addEventListener('input', () => { s.notAfter = fromLocalInput(notAfter.value); });
  fullHours.addEventListener('input', () => { s.fullSyncIntervalHours = fullHours.value === '' ? undefined : Number(fullHours.value); });
  const schedBox = h('div', { hidden: !m.schedule, id: 'schedule-settings' },
    h('div', { class: 'inline-fields' }, field({ label: 'Repeat', input: kind }), parts.minutes, parts.hourly, parts.time, parts.weekday),
    cronField,
    h('div', { class: 'inline-fields' },
      f('schedule.timezone', SCHEDULE, 'Time zone', tz, 'IANA name, e.g. Europe/Bratislava'), tzList,
      f('schedule.jitterSeconds', SCHEDULE, 'Jitter (seconds)', jitter, 'a random delay of up to this after each fire')),
    h('fieldset', {}, h('legend', {}, 'Valid'),
      h('div', { class: 'inline-fields' },
        f('schedule.notBefore', SCHEDULE, 'Not before', notBefore, 'your browser\'s local time'),
        f('schedule.notAfter', SCHEDULE, 'Not after', notAfter))),
    f('schedule.fullSyncIntervalHours', SCHEDULE, 'Full run at least every (hours)', fullHours),
    h('div', { class: 'notice info' }, h('p', {}, 'Scheduled runs are incremental: they read what changed since the last complete run. '
      + 'A full run, which also notices deletions an incremental read cannot see, happens when the last one is older than the interval above. Runs started by hand are full.')),
    editing && ctx.task.nextRunAt ? h('p', { id: 'next-run' }, 'Next fire as saved: ', h('time', { datetime: ctx.task.nextRunAt }, when(ctx.task.nextRunAt)),
      h('span', { class: 'muted' }, ' (the API computes it; the task page shows the new one after Finish)')) : null);
  rebuild();
  sections.push(section(SCHEDULE, [schedOn.el, schedBox]));

  // ---------- 6. Summary
  const summary = h('div', { id: 'summary' });
  const finishStatus = h('div', { id: 'finish-status' });
  sections.push(section(SUMMARY, [summary, finishStatus]));

  // ---------- frame
  const back = h('button', { type: 'button', id: 'wizard-back', onclick: () => go(step - 1) }, '‹ Back');
  const next = h('button', { type: 'button', class: 'primary', id: 'wizard-next', onclick: () => go(step + 1) }, 'Next ›');
  const finish = h('button', { type: 'button', class: 'primary', id: 'finish', onclick: () => save() }, 'Finish');
  const stepList = h('ol', { class: 'steps', 'aria-label': 'Wizard steps' }, STEPS.map((label, i) => {
    const b = h('button', { type: 'button', id: `step-${i + 1}`, onclick: () => go(i) }, h('span', { class: 'step-name' }, label));
    b.setAttribute('aria-label', `Step ${i + 1}: ${label}`);
    stepButtons.push(b);
    return h('li', {}, b);
  }));
  const heading = { create: 'New sync task', edit: `Edit "${ctx.task && ctx.task.name}"`, duplicate: `Duplicate "${ctx.task && ctx.task.name}"` }[ctx.mode];
  const stepTitle = h('h2', { id: 'step-title', tabindex: '-1' });
  append(main, 
    h('p', { class: 'small' }, h('a', { href: ctx.id ? `#/tasks/${ctx.id}` : '#/tasks' }, '‹ Sync tasks')),
    h('h1', {}, heading),
    ctx.mode === 'duplicate' ? h('div', { class: 'notice info' }, h('p', {}, 'Passwords are not copied: enter the password for the copy.')) : null,
    h('form', { class: 'wizard', id: 'wizard', novalidate: true, onsubmit: (e) => e.preventDefault() },
      stepList,
      h('div', { class: 'card' }, stepTitle, sections, h('div', { class: 'wizard-nav' }, back, h('div', { class: 'row' }, next, finish)))));

  function go(i) {
    if (i < 0 || i >= STEPS.length) return;
    step = i;
    sections.forEach((sec, k) => { sec.hidden = k !== i; });
    stepButtons.forEach((b, k) => { if (k === i) b.setAttribute('aria-current', 'step'); else b.removeAttribute('aria-current'); });
    stepTitle.textContent = `${i + 1}. ${STEPS[i]}`;
    back.disabled = i === 0;
    next.hidden = i === SUMMARY;
    finish.hidden = i !== SUMMARY;
    if (i === SUMMARY) drawSummary();
    stepTitle.focus();
  }

  function section(i, children) {
    return h('section', { 'aria-labelledby': 'step-title', dataset: { step: String(i + 1) }, hidden: true }, children);
  }

  function errorSlot(path, stepIndex, input) {
    const el = h('p', { class: 'field-error', id: uid('err'), hidden: true });
    errs.register(path, input, el, stepIndex);
    return el;
  }

  function chip(dn, onRemove, kindName) {
    return h('li', { class: kindName === 'excluded' ? 'excluded' : '', dataset: { dn } }, h('code', {}, dn),
      h('button', { type: 'button', class: 'small', 'aria-label': `Remove ${dn}`, onclick: onRemove }, 'Remove'));
  }

  // ---------- directory access (test, browse): the form's settings with the typed password, or the stored task
  function passwordTyped() {
    return ctx.mode !== 'edit' || m.changePassword;
  }

  function directoryRequest(withPassword) {
    const form = SERVER_FORMS.find((x) => x.id === d.serverForm) || SERVER_FORMS[0];
    const r = { type: d.type, ...form.toRequest(d), security: d.security, login: d.login.trim() };
    if (d.bindMethod) r.bindMethod = d.bindMethod;
    if (d.kdc) r.kdc = d.kdc;
    if (String(d.port).trim()) r.port = Number(d.port);
    if (d.trustedCertificatesPem.trim()) r.trustedCertificatesPem = d.trustedCertificatesPem.trim();
    if (d.trustAllCertificates) r.trustAllCertificates = true;
    if (Object.keys(d.mapping).length) r.mapping = { ...d.mapping };
    if (withPassword) r.password = d.password;
    return r;
  }

  async function testConnection() {
    errs.clear();
    show(testResult, h('p', { class: 'muted', role: 'status' }, 'Testing…'));
    testButton.disabled = true;
    try {
      const result = passwordTyped()
        ? await post('/directory/test', { directory: directoryRequest(true) })
        : await post(`/sync-tasks/${ctx.id}/test`);
      show(testResult, testOk(result));
      announce('Connection test succeeded');
    } catch (e) {
      if (e instanceof ApiError) {
        const { unclaimed } = errs.show(e.errors);
        show(testResult, problemNotice(unclaimed.length || !e.errors.length ? e : { message: e.message }, { id: 'test-error' }));
      } else {
        show(testResult, problemNotice(e, { id: 'test-error' }));
      }
      announce('Connection test failed');
    } finally {
      testButton.disabled = false;
    }
  }

  let dirTree = null;
  const browseStatus = h('div', { id: 'browse-status', 'aria-live': 'polite' });
  async function openBrowse() {
    const open = browsePanel.hidden;
    browsePanel.hidden = !open;
    browseButton.setAttribute('aria-expanded', String(open));
    if (!open) return;
    clear(browsePanel);
    const filter = h('input', { type: 'search', id: 'browse-filter', autocomplete: 'off', placeholder: 'names starting with…' });
    const include = h('button', { type: 'button', id: 'browse-include', onclick: () => { const li = dirTree.current(); if (li && li.treeNode) toggleInclude(li.treeNode); } }, 'Select / unselect');
    const exclude = h('button', { type: 'button', id: 'browse-exclude', onclick: () => { const li = dirTree.current(); if (li && li.treeNode) toggleExclude(li.treeNode); } }, 'Exclude / include');
    dirTree = new Tree({
      label: 'Directory', multiselectable: true,
      key: (item) => item.dn,
      expandable: (item) => item.hasChildren && item.kind !== 'USER' && item.kind !== 'COMPUTER',
      render: (item) => [kindIcon(item.kind), h('span', { class: 'name' }, item.name), marks(item.dn), h('span', { class: 'kind' }, KIND_WORDS[item.kind] || item.kind)],
      decorate: (node) => {
        node.li.setAttribute('aria-selected', String(m.baseDns.includes(node.key)));
        node.li.classList.toggle('excluded', m.excludedDns.includes(node.key));
        node.li.title = node.key;
      },
      load: (node, cursor, nameFilter) => browse(node ? node.key : null, cursor, nameFilter),
      onSelect: (node) => toggleInclude(node),
      onKey: (e, node) => {
        if ((e.key === 'x' || e.key === 'X') && node) { toggleExclude(node); return true; }
        return false;
      },
    });
    let t;
    filter.addEventListener('input', () => {
      clearTimeout(t);
      t = setTimeout(async () => { dirTree.filter = filter.value.trim(); await guard(() => dirTree.reloadExpanded()); }, 300);
    });
    append(browsePanel, 
      h('div', { class: 'tree-toolbar' }, field({ label: 'Filter by name', input: filter, hint: 'applies to the entries listed below each expanded one' }), include, exclude),
      h('p', { class: 'hint' }, 'Arrow keys move, Right and Left expand and collapse, Enter or Space selects, X excludes. Select containers or groups.'),
      browseStatus,
      h('div', { class: 'tree-box' }, dirTree.el));
    await guard(() => dirTree.loadRoots());
    dirTree.el.querySelector('li[tabindex="0"]')?.focus();
  }

  async function guard(fn) {
    clear(browseStatus);
    try {
      await fn();
    } catch (e) {
      if (e instanceof ApiError) errs.show(e.errors);
      show(browseStatus, problemNotice(e, { id: 'browse-error' }));
    }
  }

  async function browse(dn, cursor, nameFilter) {
    const q = { pageSize: 100 };
    if (dn) q.dn = dn;
    if (cursor) q.cursor = cursor;
    if (dn && nameFilter) q.filter = nameFilter;
    if (passwordTyped()) return post('/directory/browse', { directory: directoryRequest(true), ...q });
    return get(`/sync-tasks/${ctx.id}/browse`, q);
  }

  function marks(dn) {
    if (m.baseDns.includes(dn)) return h('span', { class: 'mark include' }, 'selected');
    if (m.excludedDns.includes(dn)) return h('span', { class: 'mark exclude' }, 'excluded');
    return null;
  }

  function toggleInclude(node) {
    const dn = node.key;
    const i = m.baseDns.indexOf(dn);
    if (i >= 0) m.baseDns.splice(i, 1);
    else {
      m.baseDns.push(dn);
      const x = m.excludedDns.indexOf(dn);
      if (x >= 0) m.excludedDns.splice(x, 1);
    }
    drawDns();
    dirTree.refresh(node);
    announce(`${node.item.name} ${i >= 0 ? 'unselected' : 'selected'}`);
  }

  function toggleExclude(node) {
    const dn = node.key;
    const i = m.excludedDns.indexOf(dn);
    if (i >= 0) m.excludedDns.splice(i, 1);
    else {
      m.excludedDns.push(dn);
      const b = m.baseDns.indexOf(dn);
      if (b >= 0) m.baseDns.splice(b, 1);
    }
    drawDns();
    dirTree.refresh(node);
    announce(`${node.item.name} ${i >= 0 ? 'no longer excluded' : 'excluded'}`);
  }

  function syncTreeMarks() {
    if (!dirTree) return;
    for (const node of dirTree.nodes.values()) dirTree.refresh(node);
  }

  // ---------- summary and finish
  function request() {
    const r = {
      name: m.name.trim(), enabled: m.enabled, runImmediately: ctx.mode !== 'edit' && m.runImmediately,
      directory: directoryRequest(passwordTyped()), targetGroupId: m.targetGroupId,
      baseDns: m.baseDns, excludedDns: m.excludedDns, skipDisabledUsers: m.skipDisabledUsers,
      collisionHandling: m.collisionHandling, userExtinctionHandling: m.userExtinctionHandling,
      groupExtinctionHandling: m.groupExtinctionHandling, tags: m.tags,
    };
    if (editing) r.runImmediately = !!(ctx.task && ctx.task.runImmediately);
    if (m.description.trim()) r.description = m.description.trim();
    const t = {};
    if (m.deleteThreshold.maxCount !== null && m.deleteThreshold.maxCount !== undefined) t.maxCount = m.deleteThreshold.maxCount;
    if (m.deleteThreshold.maxPercent !== null && m.deleteThreshold.maxPercent !== undefined) t.maxPercent = m.deleteThreshold.maxPercent;
    r.deleteThreshold = t;
    if (m.schedule) {
      const sc = { cron: m.schedule.cron };
      for (const k of ['timezone', 'jitterSeconds', 'notBefore', 'notAfter', 'fullSyncIntervalHours']) {
        if (m.schedule[k] !== undefined && m.schedule[k] !== null && m.schedule[k] !== '') sc[k] = m.schedule[k];
      }
      r.schedule = sc;
    }
    return r;
  }

  function warnings(r) {
    const w = [];
    if (r.directory.security === 'NONE') w.push('No TLS: the password and the data cross the network unencrypted.');
    if (r.directory.trustAllCertificates) w.push('Any certificate is accepted (trust-all): labs only.');
    if (r.userExtinctionHandling === 'REMOVE') w.push('Users that disappear from the directory are removed (not only disabled).');
    if (r.groupExtinctionHandling === 'REMOVE') w.push('Groups that disappear from the directory are removed.');
    if (r.deleteThreshold.maxCount === undefined && r.deleteThreshold.maxPercent === undefined) w.push('The delete threshold is off: a run may remove or disable any number of objects.');
    if (!r.baseDns.length) w.push('No distinguished name is selected.');
    if (!r.targetGroupId) w.push('No user group is selected.');
    if (passwordTyped() && !d.password) w.push('No password entered.');
    return w;
  }

  function drawSummary() {
    const r = request();
    const w = warnings(r);
    const row = (k, v) => [h('dt', {}, k), h('dd', {}, v === '' || v === undefined || v === null ? h('span', { class: 'muted' }, '—') : v)];
    const list = (xs) => (xs.length ? h('ul', {}, xs.map((x) => h('li', {}, h('code', {}, x)))) : '');
    const th = r.deleteThreshold;
    append(clear(summary), 
      w.length ? h('div', { class: 'notice warn', id: 'summary-warnings' }, h('p', {}, h('strong', {}, 'Check before you finish:')), h('ul', {}, w.map((x) => h('li', {}, x)))) : null,
      h('dl', { class: 'props', id: 'summary-list' },
        row('Name', r.name), row('Description', r.description), row('Tags', r.tags.join(', ')),
        row('Enabled', r.enabled ? 'yes' : 'no'),
        row('Run task immediately after finish', m.runImmediately ? 'yes' : 'no'),
        row('User Group Name', m.targetGroupLabel || r.targetGroupId),
        row('Directory', r.directory.type === 'LDAP' ? 'LDAP' : 'Active Directory'),
        row('Server', (SERVER_FORMS.find((x) => x.id === d.serverForm) || SERVER_FORMS[0]).summary(r.directory)), row('Port', r.directory.port || (r.directory.security === 'LDAPS' ? '636 (default)' : '389 (default)')),
        row('Security', r.directory.security), row('Trusted CA', r.directory.trustedCertificatesPem ? 'pasted PEM' : 'default trust store'),
        row('Login', r.directory.login),
        row('Password', passwordTyped() ? (d.password ? 'new password entered' : 'none entered') : 'set (kept)'),
        row('Mapping', r.directory.mapping ? h('code', {}, JSON.stringify(r.directory.mapping)) : 'defaults'),
        row('Distinguished Names', list(r.baseDns)), row('Excluded DNs', list(r.excludedDns)),
        row('Skip disabled users', r.skipDisabledUsers ? 'yes' : 'no'),
        row('Collisions', r.collisionHandling), row('Users that disappear', r.userExtinctionHandling),
        row('Groups that disappear', r.groupExtinctionHandling),
        row('Delete threshold', th.maxCount === undefined && th.maxPercent === undefined ? 'off'
          : [th.maxCount !== undefined ? `${th.maxCount} objects` : null, th.maxPercent !== undefined ? `${th.maxPercent} %` : null].filter(Boolean).join(' or ')),
        row('Schedule', r.schedule ? `${r.schedule.cron} (${r.schedule.timezone || 'UTC'}), incremental, full every ${r.schedule.fullSyncIntervalHours || 24} h` : 'on demand only')));
  }

  function markSteps() {
    stepButtons.forEach((b, i) => {
      const bad = [...errs.byPath.values()].some((x) => x.where === i && x.input.getAttribute('aria-invalid') === 'true');
      b.classList.toggle('has-error', bad);
    });
  }

  async function save() {
    const body = request();
    clear(finishStatus);
    finish.disabled = true;
    try {
      if (editing) {
        const res = await call('PUT', `/sync-tasks/${ctx.id}`, { body, ifMatch: ctx.etag });
        ctx.etag = res.etag;
        announce('Task saved');
        if (m.runImmediately) {
          const run = await triggerRun(ctx.id, {}, finishStatus);
          if (run) { location.hash = `#/runs/${run.id}`; return; }
          return;
        }
        location.hash = `#/tasks/${ctx.id}`;
      } else {
        const res = await call('POST', '/sync-tasks', { body });
        const task = res.data;
        announce('Task created');
        if (m.runImmediately) {
          const run = await firstRun(task.id);
          location.hash = run ? `#/runs/${run.id}` : `#/tasks/${task.id}`;
        } else {
          location.hash = `#/tasks/${task.id}`;
        }
      }
    } catch (e) {
      errs.clear();
      markSteps();
      if (e instanceof ApiError && e.status === 412) {
        show(finishStatus, h('div', { class: 'notice bad', role: 'alert', id: 'conflict' },
          h('p', {}, h('strong', {}, 'Someone else changed this task after you opened it.')),
          h('p', {}, 'Nothing was saved, so their change is not overwritten. Reload the task to see its current settings, then make your changes again.'),
          h('p', { class: 'small muted' }, e.message),
          h('button', { type: 'button', id: 'reload-task', onclick: () => reload() }, 'Reload the task')));
      } else if (e instanceof ApiError && e.errors.length) {
        const { unclaimed, first } = errs.show(e.errors);
        markSteps();
        show(finishStatus, h('div', { class: 'notice bad', role: 'alert', id: 'save-error' },
          h('p', {}, h('strong', {}, `Not saved: ${e.problem.title}.`), ' The fields concerned are marked in their steps.'),
          h('ul', {}, e.errors.map((x) => h('li', { class: unclaimed.includes(x) ? 'unclaimed' : null }, h('code', {}, x.field), ': ', x.message)))));
        if (first && first.where !== undefined && first.where !== SUMMARY) {
          go(first.where);
          first.input.focus();
        }
      } else {
        show(finishStatus, problemNotice(e, { id: 'save-error' }));
      }
    } finally {
      finish.disabled = false;
    }
  }

  async function reload() {
    const { data, etag } = await call('GET', `/sync-tasks/${ctx.id}`);
    clear(main);
    const model = fromTask(data);
    model.changePassword = false;
    wizard(main, { mode: 'edit', id: ctx.id, etag, task: data, model });
    announce('Task reloaded');
  }

  // the target group's label, for tasks read from the API
  if (m.targetGroupId && !m.targetGroupLabel) {
    get(`/user-groups/${m.targetGroupId}`).then(groupPath).then((p) => { m.targetGroupLabel = p; groupLabel.value = p; }).catch(() => { groupLabel.value = m.targetGroupId; });
  }
  go(0);
  return () => {};
}

/** A task created with runImmediately has its run queued on create; it may take a moment to show. */
async function firstRun(taskId) {
  for (let i = 0; i < 20; i++) {
    const page = await get(`/sync-tasks/${taskId}/runs`, { size: 1 });
    if (page.items.length) return page.items[0];
    await new Promise((r) => setTimeout(r, 250));
  }
  return null;
}

function testOk(r) {
  const caps = Object.entries(r.capabilities || {}).filter(([, v]) => v).map(([k]) => ({ pagedResults: 'paged results', dirSync: 'DirSync', contentSync: 'content sync (RFC 4533)', inChain: 'IN_CHAIN' }[k] || k));
  const words = { ACTIVE_DIRECTORY: 'Active Directory', OPENLDAP: 'OpenLDAP', OTHER: 'LDAP server' };
  return h('div', { class: 'notice ok', role: 'status', id: 'test-ok' },
    h('p', {}, h('strong', {}, `Connected: ${words[r.serverType] || r.serverType}`), r.serverDescription ? ` (${r.serverDescription})` : ''),
    h('dl', { class: 'props' },
      h('dt', {}, 'TLS'), h('dd', {}, r.tls ? `${r.tls.protocol}, ${r.tls.cipherSuite}` : 'none (plain LDAP)'),
      r.tls && r.tls.certificateSubject ? [h('dt', {}, 'Certificate'), h('dd', {}, `${r.tls.certificateSubject}, issued by ${r.tls.certificateIssuer}, valid until ${when(r.tls.certificateNotAfter)}`)] : null,
      h('dt', {}, 'Naming contexts'), h('dd', {}, (r.namingContexts || []).join('; ')),
      h('dt', {}, 'Capabilities'), h('dd', {}, caps.join(', ') || 'none reported'),
      r.server ? [h('dt', {}, 'Server used'), h('dd', { id: 'test-server' }, `${r.server.host}:${r.server.port}${r.server.dnsHostName ? ` (${r.server.dnsHostName})` : ''}`)] : null,
      (r.candidates || []).length > 1 ? [h('dt', {}, 'Servers tried'), h('dd', {}, h('ul', { id: 'test-candidates' },
        r.candidates.map((c) => h('li', {}, `${c.host}:${c.port}: ${c.outcome}${c.category ? ` ${c.category}` : ''} (${c.millis} ms)`))))] : null,
      h('dt', {}, 'Timings'), h('dd', {}, `connect, TLS and bind ${r.connectMillis} ms; round trip ${r.roundTripMillis} ms`)));
}

// ---------- cron builder: Quartz cron with a seconds field
function parseCron(c) {
  const out = { kind: 'cron', minutes: 15, minute: 0, time: '02:00', day: 'MON' };
  const p = (c || '').trim().split(/\s+/);
  if (p.length < 6 || p[0] !== '0') return out;
  const [, mi, hr, dom, mon, dow] = p;
  const pad = (x) => String(x).padStart(2, '0');
  let r;
  if ((r = /^(?:0|\*)\/(\d+)$/.exec(mi)) && hr === '*' && dom === '*' && mon === '*' && dow === '?') return { ...out, kind: 'minutes', minutes: Number(r[1]) };
  if (/^\d+$/.test(mi) && hr === '*' && dom === '*' && mon === '*' && dow === '?') return { ...out, kind: 'hourly', minute: Number(mi) };
  if (/^\d+$/.test(mi) && /^\d+$/.test(hr) && dom === '*' && mon === '*' && dow === '?') return { ...out, kind: 'daily', time: `${pad(hr)}:${pad(mi)}` };
  if (/^\d+$/.test(mi) && /^\d+$/.test(hr) && dom === '?' && mon === '*' && /^[A-Z]{3}$/.test(dow)) return { ...out, kind: 'weekly', time: `${pad(hr)}:${pad(mi)}`, day: dow };
  return out;
}

function buildCron(kind, v) {
  const [hh, mm] = (v.time || '02:00').split(':').map((x) => Number(x) || 0);
  switch (kind) {
    case 'minutes': return `0 0/${Math.min(59, Math.max(1, Number(v.minutes) || 15))} * * * ?`;
    case 'hourly': return `0 ${Math.min(59, Math.max(0, Number(v.minute) || 0))} * * * ?`;
    case 'daily': return `0 ${mm} ${hh} * * ?`;
    case 'weekly': return `0 ${mm} ${hh} ? * ${v.day}`;
    default: return '';
  }
}

function toLocalInput(iso) {
  if (!iso) return '';
  const dt = new Date(iso);
  const pad = (x) => String(x).padStart(2, '0');
  return `${dt.getFullYear()}-${pad(dt.getMonth() + 1)}-${pad(dt.getDate())}T${pad(dt.getHours())}:${pad(dt.getMinutes())}`;
}

function fromLocalInput(v) {
  return v ? new Date(v).toISOString() : undefined;
}

