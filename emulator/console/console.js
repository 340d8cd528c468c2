// The emulator console: reads the control API every 2 seconds and renders it; its buttons
// call the same API (reset, clock, faults, an organization's MFA policy, members' roles and
// invites, the frontend-SDK settings, the RBAC policy, redirect URLs, sessions, export and
// import of the whole state). No framework: tables built as DOM nodes, and their handlers.
//
// Everything shown comes from the emulator's state, which anyone who can reach its APIs
// writes (organization and member names, role descriptions, URLs): it only ever becomes
// text nodes and attribute values (`el`), never markup.
(function () {
  const $ = (id) => document.getElementById(id);
  const time = (t) => (t ? new Date(t).toLocaleString() : '');

  // ---- DOM building -------------------------------------------------------------------

  /**
   * An element: `props` are attributes (`class`, `data-*`, `aria-*`, ...) or, for `checked`,
   * `selected`, `disabled` and `hidden`, properties; children are nodes or strings (text).
   */
  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (value === undefined || value === null || value === false) continue;
      if (['checked', 'selected', 'disabled', 'hidden'].includes(key)) node[key] = Boolean(value);
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    append(node, children);
    return node;
  }

  function append(node, children) {
    for (const child of children.flat(Infinity)) {
      if (child === undefined || child === null || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  /** Fills `target` (an element or an id) with `children`, replacing what it held. */
  function fill(target, ...children) {
    const node = typeof target === 'string' ? $(target) : target;
    node.replaceChildren();
    return append(node, children);
  }

  const code = (text, props = {}) => el('code', props, text);
  const pill = (text, props = {}) => el('span', { ...props, class: `pill ${props.class || ''}`.trim() }, text);
  const muted = (text) => el('span', { class: 'muted' }, text);
  const lines = (items) => items.flatMap((item, i) => (i ? [el('br'), item] : [item]));
  const row = (cells, tag = 'td') =>
    el(
      'tr',
      {},
      cells.map((c) => el(tag, {}, c)),
    );

  /** A table of `rows` (arrays of cells) under `head`, or one muted line when there are none. */
  function table(target, head, rows, empty) {
    const body = rows.length ? rows.map((cells) => row(cells)) : [el('tr', {}, el('td', { colspan: head.length }, muted(empty)))];
    return fill(target, row(head, 'th'), body);
  }

  // Only http(s) links are clickable: an outbox or list entry of any other scheme (a
  // `javascript:` URL, say) is shown as text, never run by a click.
  const link = (url) => (/^https?:\/\//i.test(url ?? '') ? el('a', { href: url }, url) : code(url ?? ''));
  const factors = (list) => list.map((f) => [pill(f.delivery_method, { title: time(f.last_authenticated_at) }), ' ']);

  // ---- The control API ----------------------------------------------------------------

  // Where the emulator is: the page's own directory (`/` natively, `/stytch/` in a Service
  // Worker), so the control API is fetched relative to it.
  const base = new URL('.', location.href).href.replace(/\/$/, '');

  async function api(method, path, body) {
    const res = await fetch(base + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const data = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(data.error_message || `${method} ${path}: ${res.status}`);
    return data;
  }

  const orgPath = (org) => `/_emulator/organizations/${encodeURIComponent(org)}`;
  const memberPath = (org, member) => `${orgPath(org)}/members/${encodeURIComponent(member)}`;

  function say(text, ok = true) {
    $('status').className = ok ? 'ok' : 'err';
    $('status').textContent = text;
  }

  // Runs an action, then says what happened (its own words when it returns a string).
  // The message is shown after the refresh, so that what it reports is already on the page
  // (and in `latest`, which the editors open from) when someone (or a test) acts on it.
  async function act(what, fn) {
    let message;
    try {
      const said = await fn();
      message = [typeof said === 'string' ? said : what, true];
    } catch (e) {
      message = [e.message, false];
    }
    await refresh().catch((e) => (message = [e.message, false]));
    say(...message);
  }

  // What the last refresh read, for the editors (a change is made to the latest copy).
  const latest = { policy: { roles: [], resources: [], scopes: [] }, sdk: {}, organizations: [] };

  // ---- Refresh --------------------------------------------------------------------------

  async function refresh() {
    // onetap24: the project's Google client id (Google One Tap).
    const oneTap = api('GET', '/_emulator/google_one_tap');
    const [project, orgs, users, sessions, outbox, faults, requests, clock, redirects, sdk, rbac] = await Promise.all([
      api('GET', '/_emulator/project'),
      api('GET', '/_emulator/organizations'),
      api('GET', '/_emulator/users'),
      api('GET', '/_emulator/sessions'),
      api('GET', '/_emulator/outbox'),
      api('GET', '/_emulator/faults'),
      api('GET', '/_emulator/requests'),
      api('GET', '/_emulator/clock'),
      api('GET', '/_emulator/redirect_urls'),
      api('GET', '/_emulator/frontend_sdk'),
      api('GET', '/_emulator/rbac_policy'),
    ]);
    // dfp24: DFP Protected Auth and captcha.
    const [protectedAuth, queued] = await Promise.all([
      api('GET', '/_emulator/protected_auth'),
      api('GET', '/_emulator/protected_auth/queue'),
    ]);
    Object.assign(latest, { policy: rbac.rbac_policy, sdk, organizations: orgs.organizations });
    renderProject(project);
    renderClock(clock);
    renderOrganizations(orgs.organizations, rbac.rbac_policy);
    renderFrontendSdk(sdk);
    renderGoogleOneTap(await oneTap);
    renderProtectedAuth(protectedAuth, queued);
    renderPolicy(rbac.rbac_policy);
    renderUsers(users.users);
    renderSessions(sessions);
    renderOutbox(outbox.messages);
    renderRedirectUrls(redirects.redirect_urls);
    renderFaults(faults.faults);
    renderRequests(requests.requests);
    renderConnectedApps(await api('GET', '/_emulator/connected_apps'));
  }

  // ---- oauth24: the Connected Apps settings ------------------------------------------------

  // Typed and not yet saved settings are not overwritten by the next refresh.
  let connectedAppsEdited = false;

  function renderConnectedApps(settings) {
    const url = $('idp-authorization-url');
    const template = $('idp-dcr-template');
    if (connectedAppsEdited || [url, template].includes(document.activeElement)) return;
    url.value = settings.idp_authorization_url ?? '';
    template.value = settings.idp_dynamic_client_registration_access_token_template_content ?? '';
  }

  function saveConnectedApps(button) {
    button.blur();
    const body = {
      idp_authorization_url: $('idp-authorization-url').value.trim(),
      idp_dynamic_client_registration_access_token_template_content: $('idp-dcr-template').value,
    };
    return act('Connected Apps settings saved.', async () => {
      await api('PUT', '/_emulator/connected_apps', body);
      connectedAppsEdited = false;
    });
  }

  document.addEventListener('input', (e) => {
    if (e.target.closest('.connected-apps')) connectedAppsEdited = true;
  });

  // ---- The projects and the clock ------------------------------------------------------

  // Two projects, as at Stytch: the B2B one (SDK API and /v1/b2b) and the consumer one
  // (/v1/users, /v1/sessions, ...), each with its own credentials.
  function renderProject(project) {
    const credentials = (p, prefix) => ['project_id', 'public_token', 'secret'].map((k) => row([k, code(p[k], { id: `${prefix}-${k}` })]));
    fill(
      'project',
      row(['B2B project', [`${project.name}: the SDK API and `, code(`${base}/v1/b2b/`)]], 'th'),
      credentials(project, 'project'),
      row(['Consumer project', [`${project.consumer.name}: `, code(`${base}/v1/`), ' users, passwords, otps, sessions']], 'th'),
      credentials(project.consumer, 'consumer-project'),
    );
  }

  function renderClock(clock) {
    const offset = clock.offset_seconds;
    $('clock').textContent = `${time(clock.now)}${offset ? ` (real time ${offset > 0 ? '+' : ''}${offset} s)` : ''}`;
    $('clock').dataset.offset = offset;
  }

  // ---- Organizations and their members --------------------------------------------------

  const POLICIES = ['OPTIONAL', 'REQUIRED_FOR_ALL'];
  const METHODS = ['ALL_ALLOWED', 'RESTRICTED'];
  const MFA = ['sms_otp', 'totp'];
  const MEMBER_ROLE = 'stytch_member';
  const options = (list, value) => list.map((v) => el('option', { selected: v === value }, v));

  // Editing a policy or filling in an invite must not be overwritten by the next refresh:
  // organizations re-render only when nothing in them has focus or unsaved changes (the
  // bars changed and not yet saved or sent).
  const dirty = new Set();

  function renderOrganizations(orgs, policy) {
    const holder = $('organizations');
    if (dirty.size || holder.contains(document.activeElement)) return;
    fill(
      holder,
      orgs.map((o) => organizationView(o, policy)),
    );
  }

  function organizationView(o, policy) {
    return [
      el('h3', {}, o.organization_name, ' ', muted(['(', code(o.organization_id), `, slug ${o.organization_slug}${openTo(o)})`])),
      mfaPolicyBar(o),
      emailRolesBar(o, policy),
      inviteBar(o, policy),
      table(
        el('table', { class: 'members', 'data-org': o.organization_id }),
        ['email', 'name', 'member id', 'status', 'roles', 'MFA enrolled', 'phone', 'TOTP', 'default', 'locked', ''],
        o.members.map((m) => memberCells(o.organization_id, m, policy)),
        'no members',
      ),
    ];
  }

  // The email domains that may join an organization by themselves (#22 flows: JIT provisioning).
  function openTo(o) {
    const domains = o.email_allowed_domains || [];
    return o.email_jit_provisioning === 'RESTRICTED' && domains.length ? `, open to ${domains.join(', ')}` : '';
  }

  function mfaPolicyBar(o) {
    return el(
      'div',
      { class: 'bar policy', 'data-org': o.organization_id },
      'MFA policy ',
      el('select', { name: 'mfa_policy' }, options(POLICIES, o.mfa_policy)),
      ' methods ',
      el('select', { name: 'mfa_methods' }, options(METHODS, o.mfa_methods)),
      MFA.map((m) =>
        el('label', {}, el('input', { type: 'checkbox', name: 'allowed', value: m, checked: o.allowed_mfa_methods.includes(m) }), ` ${m}`),
      ),
      el('button', { class: 'save-policy', 'data-action': 'save-policy' }, 'Save policy'),
    );
  }

  // The organization's roles by email domain (`rbac_email_implicit_role_assignments`): every
  // member whose email is at the domain holds the role, without being assigned it.
  function emailRolesBar(o, policy) {
    const assignments = o.rbac_email_implicit_role_assignments || [];
    return el(
      'div',
      { class: 'bar email-roles', 'data-org': o.organization_id },
      'Roles by email domain ',
      assignments.map((a, i) => [
        pill(`@${a.domain}: ${a.role_id}`, { class: 'email-role' }),
        el(
          'button',
          {
            class: 'remove-email-role',
            'data-action': 'remove-email-role',
            'data-index': i,
            'aria-label': `Stop giving ${a.role_id} to @${a.domain}`,
          },
          '×',
        ),
        ' ',
      ]),
      el('input', { name: 'email_role_domain', placeholder: 'example.test', 'aria-label': 'email domain', size: 14 }),
      el(
        'select',
        { name: 'email_role_role', 'aria-label': 'role for the domain' },
        assignableRoles(policy).map((id) => el('option', { value: id }, id)),
      ),
      el('button', { class: 'add-email-role', 'data-action': 'add-email-role' }, 'Add'),
    );
  }

  // Roles a member can be given by hand (every member holds stytch_member anyway).
  const assignableRoles = (policy) => policy.roles.map((r) => r.role_id).filter((id) => id !== MEMBER_ROLE);

  function inviteBar(o, policy) {
    return el(
      'div',
      { class: 'bar invite', 'data-org': o.organization_id },
      'Invite ',
      el('input', { type: 'email', name: 'invite_email', placeholder: 'someone@example.test', 'aria-label': 'email to invite' }),
      el('input', { name: 'invite_name', placeholder: 'name (optional)', 'aria-label': 'name of the invitee' }),
      'with roles ',
      assignableRoles(policy).map((id) => el('label', {}, el('input', { type: 'checkbox', name: 'invite_role', value: id }), ` ${id} `)),
      el('button', { class: 'invite-member', 'data-action': 'invite-member' }, 'Send invite'),
    );
  }

  function memberCells(org, m, policy) {
    return [
      m.email_address,
      m.name,
      code(m.member_id),
      // Invited and pending members (#22 flows) stand out; active ones are the rule.
      m.status === 'active' ? 'active' : pill(m.status, { class: 'member-status' }),
      memberRoles(org, m, policy),
      m.mfa_enrolled ? 'yes' : 'no',
      `${m.mfa_phone_number}${m.mfa_phone_number && !m.mfa_phone_number_verified ? ' (unverified)' : ''}`,
      m.totp_registration_id ? 'yes' : 'no',
      m.default_mfa_method,
      m.is_locked ? el('span', { class: 'err' }, 'locked') : 'no',
      m.status === 'deleted' ? '' : [removeButton(org, m), ' ', impersonateButton(org, m)],
    ];
  }

  // scim24: Stytch's dashboard "Impersonate Member": a single-use token for
  // `impersonation.authenticate` (or an app's redirect URL with
  // `?stytch_token_type=multi_tenant_impersonation&token=...`).
  const impersonateButton = (org, m) =>
    el(
      'button',
      { class: 'impersonate-member', 'data-action': 'impersonate-member', 'data-org': org, 'data-member': m.member_id },
      'Impersonate',
    );

  function impersonateMember(button) {
    const { org, member } = button.dataset;
    const m = memberOf(org, member);
    button.blur();
    return act('', async () => {
      const t = await api('POST', '/_emulator/impersonation_tokens', { organization_id: org, member_id: member });
      return (
        `Impersonation token for ${m?.email_address ?? member} (single use, until ${t.expires_at}): ${t.impersonation_token} ` +
        '(for impersonation.authenticate, or your redirect URL with ?stytch_token_type=multi_tenant_impersonation&token=...)'
      );
    });
  }

  // An invite is revoked by deleting the invited member, as on Stytch.
  const removeButton = (org, m) =>
    el(
      'button',
      { class: 'delete-member', 'data-action': 'delete-member', 'data-org': org, 'data-member': m.member_id },
      m.status === 'invited' ? 'Revoke invite' : 'Delete',
    );

  /** The roles the member assigned directly (what members.update's `roles` replaces). */
  const directRoles = (m) =>
    m.roles.filter((r) => r.role_id !== MEMBER_ROLE && r.sources.some((s) => s.type === 'direct_assignment')).map((r) => r.role_id);

  // A member's roles and why it holds each (assigned, or by its email domain); an assigned
  // one can be taken back, and any other role of the policy given.
  function memberRoles(org, m, policy) {
    const direct = directRoles(m);
    const ids = { 'data-org': org, 'data-member': m.member_id };
    const held = m.roles.map((r) => [
      pill(`${r.role_id}${r.sources.some((s) => s.type === 'email_assignment') ? ' (email domain)' : ''}`, {
        class: 'role',
        'data-role': r.role_id,
      }),
      direct.includes(r.role_id)
        ? el(
            'button',
            {
              class: 'unassign-role',
              'data-action': 'unassign-role',
              'data-role': r.role_id,
              ...ids,
              'aria-label': `Unassign ${r.role_id}`,
            },
            '×',
          )
        : '',
      ' ',
    ]);
    const others = assignableRoles(policy).filter((id) => !direct.includes(id));
    if (m.status === 'deleted' || !others.length) return held;
    const picker = el(
      'select',
      { class: 'assign-role', ...ids, 'aria-label': `Assign a role to ${m.email_address}` },
      el('option', { value: '' }, 'assign a role…'),
      others.map((id) => el('option', { value: id }, id)),
    );
    return [held, picker];
  }

  function setRoles(org, member, roles, what) {
    return act(what, () => api('PUT', memberPath(org, member), { roles }));
  }

  const organizationOf = (org) => latest.organizations.find((o) => o.organization_id === org);

  /** Replaces the organization's roles by email domain with `change(current)`. */
  function setEmailRoles(bar, what, change) {
    const current = organizationOf(bar.dataset.org)?.rbac_email_implicit_role_assignments || [];
    dirty.delete(bar);
    return act(what, () => api('PUT', orgPath(bar.dataset.org), { rbac_email_implicit_role_assignments: change(current) }));
  }

  function addEmailRole(button) {
    const bar = button.closest('.email-roles');
    const domain = bar.querySelector('[name=email_role_domain]').value.trim().replace(/^@/, '');
    const role_id = bar.querySelector('[name=email_role_role]').value;
    button.blur();
    return setEmailRoles(bar, `Members at @${domain} now hold ${role_id}.`, (current) => [...current, { domain, role_id }]);
  }

  function removeEmailRole(button) {
    const bar = button.closest('.email-roles');
    const index = Number(button.dataset.index);
    button.blur();
    return setEmailRoles(bar, 'Role by email domain removed.', (current) => current.filter((_, i) => i !== index));
  }

  const memberOf = (org, member) => organizationOf(org)?.members.find((m) => m.member_id === member);

  // ---- The frontend SDK ------------------------------------------------------------------

  // Stytch's names for the dashboard's switches; a setting the emulator adds later shows under its key.
  const SDK_SETTINGS = {
    member_actions: {
      name: 'Member actions',
      about: [
        '& organization modifications: ',
        code('self.*'),
        ', ',
        code('organization.*'),
        ' and ',
        code('organization.members.*'),
        ' changes (reading the own member and organization stays allowed)',
      ],
    },
  };

  function renderFrontendSdk(sdk) {
    const holder = $('frontend-sdk');
    const keys = Object.keys(sdk).filter((k) => typeof sdk[k] === 'boolean');
    if (holder.dataset.keys !== keys.join()) {
      holder.dataset.keys = keys.join();
      fill(holder, keys.map(sdkSwitch));
    }
    for (const key of keys) {
      const box = holder.querySelector(`[data-setting="${key}"]`);
      if (document.activeElement !== box) box.checked = sdk[key];
    }
  }

  function sdkSwitch(key) {
    const { name = key, about = '' } = SDK_SETTINGS[key] || {};
    const id = key.replace(/_/g, '-');
    return el(
      'div',
      { class: 'bar' },
      el('label', {}, el('input', { type: 'checkbox', id, 'data-setting': key }), ' ', el('strong', {}, name), ' ', about),
    );
  }

  function toggleSdkSetting(box) {
    const key = box.dataset.setting;
    const name = (SDK_SETTINGS[key] || {}).name || key;
    return act(`${name} ${box.checked ? 'enabled' : 'disabled'} for the frontend SDK.`, () =>
      api('PUT', '/_emulator/frontend_sdk', { ...latest.sdk, [key]: box.checked }),
    );
  }

  // ---- Google One Tap (onetap24) --------------------------------------------------------

  // On: the local Google provider's client id (what Continue in the emulator's /gsi/client
  // prompt signs in with); off: none, as a project without Google One Tap.
  function renderGoogleOneTap(oneTap) {
    latest.oneTap = oneTap;
    const on = oneTap.google_client_id !== '';
    const holder = $('google-one-tap');
    if (!holder.firstChild) {
      fill(
        holder,
        el(
          'div',
          { class: 'bar' },
          el('label', {}, el('input', { type: 'checkbox', id: 'google-one-tap-enabled' }), ' ', el('strong', {}, 'On'), ' '),
          'Google client id: ',
          code('', { id: 'google-client-id' }),
        ),
      );
    }
    const box = $('google-one-tap-enabled');
    if (document.activeElement !== box) box.checked = on;
    $('google-client-id').textContent = on ? oneTap.google_client_id : '(none: One Tap is off)';
  }

  function toggleGoogleOneTap(box) {
    const google_client_id = box.checked ? latest.oneTap.local_client_id : '';
    return act(`Google One Tap ${box.checked ? 'on' : 'off'}.`, () => api('PUT', '/_emulator/google_one_tap', { google_client_id }));
  }

  // ---- DFP Protected Auth and captcha (dfp24) ---------------------------------------------

  function renderProtectedAuth(settings, queued) {
    latest.protectedAuth = settings;
    const { dfp_protected_auth: dfp, captcha } = settings;
    const show = (id, prop, value) => {
      if (document.activeElement !== $(id)) $(id)[prop] = value;
    };
    show('dfp-enabled', 'checked', dfp.enabled);
    show('dfp-mode', 'value', dfp.mode);
    show('dfp-on-challenge', 'value', dfp.on_challenge);
    show('captcha-enabled', 'checked', captcha.enabled);
    show('captcha-site-key', 'value', captcha.site_key);
    const verdicts = queued.verdicts.length ? queued.verdicts.join(', ') : 'ALLOW (nothing queued)';
    const outcomes = queued.captcha_outcomes.length ? queued.captcha_outcomes.join(', ') : 'pass (nothing queued)';
    $('protected-auth-queue').textContent = `fingerprints: ${verdicts}; captchas: ${outcomes}`;
    $('telemetry-script-url').textContent = `${base}/telemetry.js`;
    $('telemetry-submit-url').textContent = `${base}/submit`;
    $('recaptcha-script-url').textContent = `${base}/recaptcha/enterprise.js?render=${captcha.site_key}`;
  }

  /** The settings as the switches show them, whole (what `PUT /_emulator/protected_auth` takes). */
  function saveProtectedAuth(control) {
    const settings = {
      dfp_protected_auth: { enabled: $('dfp-enabled').checked, mode: $('dfp-mode').value, on_challenge: $('dfp-on-challenge').value },
      captcha: { enabled: $('captcha-enabled').checked, site_key: $('captcha-site-key').value.trim() },
    };
    if (control.tagName === 'SELECT' || control.type === 'text') control.blur();
    return act('DFP and captcha settings saved.', () => api('PUT', '/_emulator/protected_auth', settings));
  }

  // ---- The RBAC policy -----------------------------------------------------------------

  const DEFAULT_ROLES = [MEMBER_ROLE, 'stytch_admin'];
  const isStytchResource = (id) => id.startsWith('stytch');

  function renderPolicy(policy) {
    const permissions = (list) => lines(list.map((p) => [code(p.resource_id), `: ${p.actions.join(', ')}`]));
    table(
      'roles',
      ['role', 'description', 'permissions', ''],
      policy.roles.map((r) => [code(r.role_id), r.description, permissions(r.permissions), roleButtons(r.role_id)]),
      'no roles',
    );
    table(
      'resources',
      ['resource', 'description', 'actions', ''],
      policy.resources.map((r) => [code(r.resource_id), r.description, r.actions.join(', '), resourceButtons(r.resource_id)]),
      'no resources',
    );
  }

  function roleButtons(id) {
    return [
      el('button', { class: 'edit-role', 'data-action': 'edit-role', 'data-role': id }, 'Edit permissions'),
      DEFAULT_ROLES.includes(id)
        ? ''
        : el('button', { class: 'delete-role', 'data-action': 'delete-role', 'data-role': id }, 'Delete role'),
    ];
  }

  const resourceButtons = (id) =>
    isStytchResource(id)
      ? muted("Stytch's")
      : el('button', { class: 'delete-resource', 'data-action': 'delete-resource', 'data-resource': id }, 'Delete resource');

  /** Sends a changed copy of the latest policy (`change` edits the copy), then runs `done`. */
  function changePolicy(what, change, done = () => {}) {
    return act(what, async () => {
      const policy = structuredClone(latest.policy);
      change(policy);
      await api('PUT', '/_emulator/rbac_policy', { rbac_policy: policy });
      done();
    });
  }

  // The role editor: a checkbox per action of every resource ("*": all of them), opened for
  // one role and left alone by the refreshes until it is saved or closed.
  function openRoleEditor(roleId) {
    const role = latest.policy.roles.find((r) => r.role_id === roleId);
    if (!role) return;
    const granted = (resource, action) => role.permissions.some((p) => p.resource_id === resource && p.actions.includes(action));
    const editor = $('role-editor');
    editor.dataset.role = roleId;
    fill(
      editor,
      el('h3', {}, 'Permissions of ', code(roleId)),
      DEFAULT_ROLES.includes(roleId)
        ? ''
        : el('label', {}, 'description ', el('input', { name: 'role_description', value: role.description, size: 50 })),
      latest.policy.resources.map((r) =>
        el(
          'fieldset',
          { 'data-resource': r.resource_id },
          el('legend', {}, r.resource_id),
          ['*', ...r.actions].map((a) =>
            el(
              'label',
              {},
              el('input', { type: 'checkbox', name: 'action', value: a, checked: granted(r.resource_id, a) }),
              ` ${a === '*' ? 'all (*)' : a} `,
            ),
          ),
        ),
      ),
      el('button', { id: 'save-role', 'data-action': 'save-role' }, 'Save permissions'),
      el('button', { id: 'close-role', 'data-action': 'close-role' }, 'Close'),
    );
    editor.hidden = false;
  }

  /** What the editor's checkboxes grant, resource by resource. */
  function editedPermissions(editor) {
    return [...editor.querySelectorAll('fieldset')]
      .map((set) => {
        const actions = [...set.querySelectorAll('[name=action]:checked')].map((c) => c.value);
        return { resource_id: set.dataset.resource, actions: actions.includes('*') ? ['*'] : actions };
      })
      .filter((p) => p.actions.length);
  }

  function saveRole() {
    const editor = $('role-editor');
    const roleId = editor.dataset.role;
    const permissions = editedPermissions(editor);
    const description = editor.querySelector('[name=role_description]')?.value;
    editor.hidden = true;
    return changePolicy(`Permissions of ${roleId} saved.`, (policy) => {
      const role = policy.roles.find((r) => r.role_id === roleId);
      if (!role) throw new Error(`The role ${roleId} is no longer in the policy.`);
      role.permissions = permissions;
      if (description !== undefined) role.description = description;
    });
  }

  const clearInputs = (...ids) => ids.forEach((id) => ($(id).value = ''));

  function addRole() {
    const role_id = $('new-role-id').value.trim();
    const description = $('new-role-description').value.trim();
    return changePolicy(
      `Role ${role_id} added: give it permissions with "Edit permissions".`,
      (policy) => policy.roles.push({ role_id, description, permissions: [] }),
      () => clearInputs('new-role-id', 'new-role-description'),
    );
  }

  const deleteRole = (roleId) =>
    changePolicy(`Role ${roleId} deleted: no member holds it any more.`, (policy) => {
      policy.roles = policy.roles.filter((r) => r.role_id !== roleId);
    });

  function addResource() {
    const resource_id = $('new-resource-id').value.trim();
    const description = $('new-resource-description').value.trim();
    const actions = $('new-resource-actions')
      .value.split(',')
      .map((a) => a.trim())
      .filter(Boolean);
    return changePolicy(
      `Resource ${resource_id} added.`,
      (policy) => policy.resources.push({ resource_id, description, actions }),
      () => clearInputs('new-resource-id', 'new-resource-description', 'new-resource-actions'),
    );
  }

  // A resource goes with the permissions that name it (the policy may not name what it lacks).
  const deleteResource = (resourceId) =>
    changePolicy(`Resource ${resourceId} deleted.`, (policy) => {
      policy.resources = policy.resources.filter((r) => r.resource_id !== resourceId);
      for (const role of policy.roles) role.permissions = role.permissions.filter((p) => p.resource_id !== resourceId);
    });

  // ---- Users, sessions, the outbox, redirect URLs, faults, requests ----------------------

  function renderUsers(users) {
    table(
      'users',
      ['email', 'user id', 'phones', 'password', 'locked'],
      users.map((u) => [
        u.emails[0]?.email,
        code(u.user_id),
        lines(u.phone_numbers.map((p) => `${p.phone_number}${p.verified ? '' : ' (unverified)'}`)),
        u.password ? 'yes' : 'no',
        u.is_locked ? el('span', { class: 'err' }, 'locked') : 'no',
      ]),
      'no consumer users',
    );
  }

  function renderSessions(sessions) {
    const live = [
      ...sessions.member_sessions.map((s) => ({ id: s.member_session_id, who: s.email_address, kind: 'member', s })),
      ...sessions.user_sessions.map((s) => ({ id: s.session_id, who: s.email, kind: 'consumer', s })),
    ];
    table(
      'sessions',
      ['who', 'kind', 'factors', 'started', 'expires', ''],
      live.map(({ id, who, kind, s }) => [
        who,
        kind,
        factors(s.authentication_factors),
        time(s.started_at),
        time(s.expires_at),
        el('button', { class: 'revoke', 'data-action': 'revoke-session', 'data-session': id }, 'Revoke'),
      ]),
      'no live sessions',
    );
  }

  function renderOutbox(messages) {
    table(
      'outbox',
      ['sent', 'to', 'channel', 'code / link'],
      messages
        .slice()
        .reverse()
        .slice(0, 50)
        .map((m) => [
          time(m.sent_at),
          m.to,
          m.channel,
          m.code ? code(m.code, { class: 'code' }) : link(m.magic_link_url || m.password_reset_url),
        ]),
      'nothing sent yet',
    );
  }

  const URL_TYPES = ['LOGIN', 'SIGNUP', 'INVITE', 'RESET_PASSWORD', 'DISCOVERY'];
  fill(
    document.querySelector('#redirect-form .redirect-types'),
    URL_TYPES.map((t) => [
      el('label', {}, el('input', { type: 'checkbox', class: 'redirect-type', value: t, checked: true }), ` ${t}`),
      ' ',
      el('label', { class: 'muted' }, el('input', { type: 'checkbox', class: 'redirect-default', value: t }), ' default'),
      ' ',
    ]),
  );

  // Registered URLs are patterns (wildcards, placeholders), not destinations: shown as text.
  function renderRedirectUrls(urls) {
    table(
      'redirect-urls',
      ['url', 'types (default marked)', ''],
      urls.map((r) => [
        code(r.url),
        r.valid_types.map((v) => [pill(`${v.type}${v.is_default ? ' (default)' : ''}`), ' ']),
        el('button', { class: 'delete-redirect-url', 'data-action': 'delete-redirect-url', 'data-url': r.url }, 'Delete'),
      ]),
      'no redirect URLs: every flow is refused',
    );
  }

  function renderFaults(faults) {
    table(
      'faults',
      ['path', 'status', 'times left', 'delay ms', 'drop'],
      faults.map((f) => [code(f.path), f.status ?? '', f.times ?? 'always', f.delay_ms ?? '', f.drop ? 'yes' : '']),
      'no faults',
    );
  }

  function renderRequests(requests) {
    table(
      'requests',
      ['received', 'method', 'path', 'status', 'credentials', 'DFP / captcha'],
      requests
        .slice()
        .reverse()
        .slice(0, 100)
        .map((r) => [
          time(r.received_at),
          r.method,
          code(r.path),
          r.status >= 400 ? el('span', { class: 'err' }, String(r.status)) : String(r.status),
          r.authorization ? r.authorization.password || r.authorization.scheme : 'none',
          protectedAuthCell(r.protected_auth),
        ]),
      'no requests yet',
    );
  }

  // dfp24: what DFP Protected Auth and captcha decided for a protected call, e.g.
  // "CHALLENGE, captcha passed: allowed".
  function protectedAuthCell(check) {
    if (!check) return '';
    const verdict = check.verdict || (check.telemetry_id ? `telemetry id ${check.telemetry_id.replace('_', ' ')}` : 'captcha only');
    const text = `${verdict}, captcha ${check.captcha}: ${check.outcome.replace('_', ' ')}`;
    return check.outcome === 'allowed' ? text : el('span', { class: 'err' }, text);
  }

  // ---- What the buttons do ---------------------------------------------------------------

  function addFault() {
    const num = (id) => ($(id).value.trim() ? Number($(id).value) : undefined);
    const fault = {
      path: $('fault-path').value.trim(),
      status: num('fault-status'),
      times: num('fault-times'),
      delay_ms: num('fault-delay'),
      drop: $('fault-drop').checked,
    };
    return act(`Fault added on ${fault.path}.`, () => api('POST', '/_emulator/faults', fault));
  }

  function saveRedirectUrl() {
    const defaults = new Set([...document.querySelectorAll('.redirect-default:checked')].map((c) => c.value));
    const entry = {
      url: $('redirect-url').value.trim(),
      valid_types: [...document.querySelectorAll('.redirect-type:checked')].map((c) => ({
        type: c.value,
        is_default: defaults.has(c.value),
      })),
    };
    return act(`Redirect URL ${entry.url} saved.`, () => api('POST', '/_emulator/redirect_urls', entry));
  }

  function saveMfaPolicy(button) {
    const bar = button.closest('.policy');
    const body = {
      mfa_policy: bar.querySelector('[name=mfa_policy]').value,
      mfa_methods: bar.querySelector('[name=mfa_methods]').value,
      allowed_mfa_methods: [...bar.querySelectorAll('[name=allowed]:checked')].map((c) => c.value),
    };
    dirty.delete(bar);
    button.blur();
    return act('MFA policy saved.', () => api('PUT', orgPath(bar.dataset.org), body));
  }

  function inviteMember(button) {
    const bar = button.closest('.invite');
    const email_address = bar.querySelector('[name=invite_email]').value.trim();
    const name = bar.querySelector('[name=invite_name]').value.trim();
    const roles = [...bar.querySelectorAll('[name=invite_role]:checked')].map((c) => c.value);
    dirty.delete(bar);
    button.blur();
    return act(`Invited ${email_address}: the link is in the outbox.`, () =>
      api('POST', `${orgPath(bar.dataset.org)}/invites`, {
        email_address,
        name: name || undefined,
        roles: roles.length ? roles : undefined,
      }),
    );
  }

  function deleteMember(button) {
    const { org, member } = button.dataset;
    const m = memberOf(org, member);
    const what = m?.status === 'invited' ? `Invite of ${m.email_address} revoked.` : `Member ${m?.email_address ?? member} deleted.`;
    button.blur();
    return act(what, () => api('DELETE', memberPath(org, member)));
  }

  function unassignRole(button) {
    const { org, member, role } = button.dataset;
    const m = memberOf(org, member);
    button.blur();
    return setRoles(
      org,
      member,
      directRoles(m).filter((r) => r !== role),
      `Role ${role} unassigned from ${m.email_address}.`,
    );
  }

  function assignRole(select) {
    const { org, member } = select.dataset;
    const role = select.value;
    const m = memberOf(org, member);
    select.blur();
    if (!role || !m) return;
    return setRoles(org, member, [...directRoles(m), role], `Role ${role} assigned to ${m.email_address}.`);
  }

  const clicks = {
    'advance-clock': (t) =>
      act(`Clock moved ${t.textContent}.`, () => api('POST', '/_emulator/clock', { advance_seconds: Number(t.dataset.advance) })),
    'real-clock': () =>
      act('Clock back to real time.', () => api('POST', '/_emulator/clock', { advance_seconds: -Number($('clock').dataset.offset || 0) })),
    reset: () => act('Reset to the seed.', () => api('POST', '/_emulator/reset', {})),
    'clear-requests': () => act('Request log cleared.', () => api('DELETE', '/_emulator/requests')),
    'clear-faults': () => act('Faults cleared.', () => api('DELETE', '/_emulator/faults')),
    'add-fault': addFault,
    'save-redirect-url': saveRedirectUrl,
    'delete-redirect-url': (t) =>
      act(`Redirect URL ${t.dataset.url} deleted.`, () =>
        api('DELETE', `/_emulator/redirect_urls?url=${encodeURIComponent(t.dataset.url)}`),
      ),
    'revoke-session': (t) => act('Session revoked.', () => api('DELETE', `/_emulator/sessions/${encodeURIComponent(t.dataset.session)}`)),
    'save-policy': saveMfaPolicy,
    'invite-member': inviteMember,
    'delete-member': deleteMember,
    'impersonate-member': impersonateMember,
    'unassign-role': unassignRole,
    'add-email-role': addEmailRole,
    'remove-email-role': removeEmailRole,
    'edit-role': (t) => openRoleEditor(t.dataset.role),
    'save-role': saveRole,
    'close-role': () => ($('role-editor').hidden = true),
    'add-role': addRole,
    'delete-role': (t) => deleteRole(t.dataset.role),
    'add-resource': addResource,
    'delete-resource': (t) => deleteResource(t.dataset.resource),
    // dfp24: the next fingerprints' verdicts and captchas' outcomes.
    'queue-verdict': (t) =>
      act(`The next fingerprint gets ${t.dataset.verdict}.`, () =>
        api('POST', '/_emulator/protected_auth/queue', { verdicts: [t.dataset.verdict] }),
      ),
    'queue-captcha': (t) =>
      act(`The next captcha ${t.dataset.outcome === 'pass' ? 'passes' : 'fails'}.`, () =>
        api('POST', '/_emulator/protected_auth/queue', { captcha_outcomes: [t.dataset.outcome] }),
      ),
    'clear-protected-auth-queue': () => act('Queue cleared.', () => api('DELETE', '/_emulator/protected_auth/queue')),
    'save-connected-apps': saveConnectedApps,
  };

  document.addEventListener('click', (e) => {
    const button = e.target.closest('[data-action]');
    if (button && button.tagName === 'BUTTON') clicks[button.dataset.action]?.(button);
  });

  document.addEventListener('change', (e) => {
    const t = e.target;
    if (t.dataset.setting) return toggleSdkSetting(t);
    if (t.id === 'google-one-tap-enabled') return toggleGoogleOneTap(t);
    if (t.dataset.protectedAuth) return saveProtectedAuth(t);
    if (t.classList.contains('assign-role')) return assignRole(t);
    const bar = t.closest('.policy, .invite, .email-roles');
    if (bar) dirty.add(bar);
  });

  $('import-file').addEventListener('change', async (e) => {
    const file = e.target.files[0];
    if (!file) return;
    await act(`Imported ${file.name}.`, async () => {
      const r = await api('PUT', '/_emulator/state', await file.text());
      return `Imported ${file.name}: ${r.imported.organizations} organizations, ${r.imported.members} members, ${r.imported.users} users, ${r.imported.sessions} sessions.`;
    });
    e.target.value = '';
  });

  refresh().catch((e) => say(e.message, false));
  setInterval(() => refresh().catch((e) => say(e.message, false)), 2000);
})();
