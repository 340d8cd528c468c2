// The emulator console: reads the control API every 2 seconds and renders it; its buttons
// call the same API (reset, clock, faults, an organization's MFA policy, redirect URLs,
// sessions, export and import of the whole state). No framework: a few tables and their handlers.
(function () {
  const $ = (id) => document.getElementById(id);
  const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const time = (t) => (t ? new Date(t).toLocaleString() : '');
  const row = (cells, tag = 'td') => `<tr>${cells.map((c) => `<${tag}>${c}</${tag}>`).join('')}</tr>`;
  const table = (id, head, rows, empty) => {
    $(id).innerHTML =
      row(head, 'th') +
      (rows.length ? rows.join('') : row([`<span class="muted">${empty}</span>`]).replace('<td>', `<td colspan="${head.length}">`));
  };
  // Only http(s) links are clickable: an outbox or list entry of any other scheme (a
  // `javascript:` URL, say) is shown as text, never run by a click.
  const link = (url) => (/^https?:\/\//i.test(url ?? '') ? `<a href="${esc(url)}">${esc(url)}</a>` : `<code>${esc(url)}</code>`);
  const factors = (list) =>
    list.map((f) => `<span class="pill" title="${esc(time(f.last_authenticated_at))}">${esc(f.delivery_method)}</span>`).join(' ');

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

  function say(text, ok = true) {
    $('status').className = ok ? 'ok' : 'err';
    $('status').textContent = text;
  }

  // Editing a policy must not be overwritten by the next refresh: orgs re-render only when
  // nothing in them has focus or unsaved changes.
  let dirty = new Set();

  async function refresh() {
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
    // Two projects, as at Stytch: the B2B one (SDK API and /v1/b2b) and the consumer one
    // (/v1/users, /v1/sessions, ...), each with its own credentials.
    const credentials = (p, prefix) =>
      [
        ['project_id', p.project_id],
        ['public_token', p.public_token],
        ['secret', p.secret],
      ]
        .map(([k, v]) => row([k, `<code id="${prefix}-${k}">${esc(v)}</code>`]))
        .join('');
    $('project').innerHTML =
      row(['B2B project', `${esc(project.name)}: the SDK API and <code>${esc(base)}/v1/b2b/</code>`], 'th') +
      credentials(project, 'project') +
      row(['Consumer project', `${esc(project.consumer.name)}: <code>${esc(base)}/v1/</code> users, passwords, otps, sessions`], 'th') +
      credentials(project.consumer, 'consumer-project');
    $('clock').textContent =
      `${time(clock.now)}${clock.offset_seconds ? ` (real time ${clock.offset_seconds > 0 ? '+' : ''}${clock.offset_seconds} s)` : ''}`;
    $('clock').dataset.offset = clock.offset_seconds;
    renderOrganizations(orgs.organizations);
    renderAccess(sdk, rbac.rbac_policy);
    table(
      'users',
      ['email', 'user id', 'phones', 'password', 'locked'],
      users.users.map((u) =>
        row([
          esc(u.emails[0]?.email),
          `<code>${esc(u.user_id)}</code>`,
          u.phone_numbers.map((p) => `${esc(p.phone_number)}${p.verified ? '' : ' (unverified)'}`).join('<br>'),
          u.password ? 'yes' : 'no',
          u.is_locked ? '<span class="err">locked</span>' : 'no',
        ]),
      ),
      'no consumer users',
    );
    const live = [
      ...sessions.member_sessions.map((s) => ({ id: s.member_session_id, who: s.email_address, kind: 'member', s })),
      ...sessions.user_sessions.map((s) => ({ id: s.session_id, who: s.email, kind: 'consumer', s })),
    ];
    table(
      'sessions',
      ['who', 'kind', 'factors', 'started', 'expires', ''],
      live.map(({ id, who, kind, s }) =>
        row([
          esc(who),
          kind,
          factors(s.authentication_factors),
          time(s.started_at),
          time(s.expires_at),
          `<button class="revoke" data-session="${esc(id)}">Revoke</button>`,
        ]),
      ),
      'no live sessions',
    );
    table(
      'outbox',
      ['sent', 'to', 'channel', 'code / link'],
      outbox.messages
        .slice()
        .reverse()
        .slice(0, 50)
        .map((m) =>
          row([
            time(m.sent_at),
            esc(m.to),
            m.channel,
            m.code ? `<code class="code">${esc(m.code)}</code>` : link(m.magic_link_url || m.password_reset_url),
          ]),
        ),
      'nothing sent yet',
    );
    // Registered URLs are patterns (wildcards, placeholders), not destinations: shown as text.
    table(
      'redirect-urls',
      ['url', 'types (default marked)', ''],
      redirects.redirect_urls.map((r) =>
        row([
          `<code>${esc(r.url)}</code>`,
          r.valid_types.map((v) => `<span class="pill">${esc(v.type)}${v.is_default ? ' (default)' : ''}</span>`).join(' '),
          `<button class="delete-redirect-url" data-url="${esc(r.url)}">Delete</button>`,
        ]),
      ),
      'no redirect URLs: every flow is refused',
    );
    table(
      'faults',
      ['path', 'status', 'times left', 'delay ms', 'drop'],
      faults.faults.map((f) =>
        row([`<code>${esc(f.path)}</code>`, esc(f.status ?? ''), esc(f.times ?? 'always'), esc(f.delay_ms ?? ''), f.drop ? 'yes' : '']),
      ),
      'no faults',
    );
    table(
      'requests',
      ['received', 'method', 'path', 'status', 'credentials'],
      requests.requests
        .slice()
        .reverse()
        .slice(0, 100)
        .map((r) =>
          row([
            time(r.received_at),
            r.method,
            `<code>${esc(r.path)}</code>`,
            r.status >= 400 ? `<span class="err">${r.status}</span>` : r.status,
            esc(r.authorization ? r.authorization.password || r.authorization.scheme : 'none'),
          ]),
        ),
      'no requests yet',
    );
  }

  const POLICIES = ['OPTIONAL', 'REQUIRED_FOR_ALL'];
  const METHODS = ['ALL_ALLOWED', 'RESTRICTED'];
  const MFA = ['sms_otp', 'totp'];
  const URL_TYPES = ['LOGIN', 'SIGNUP', 'INVITE', 'RESET_PASSWORD', 'DISCOVERY'];
  document.querySelector('#redirect-form .redirect-types').innerHTML = URL_TYPES.map(
    (t) => `
    <label><input type="checkbox" class="redirect-type" value="${t}" checked> ${t}</label>
    <label class="muted"><input type="checkbox" class="redirect-default" value="${t}"> default</label>`,
  ).join(' ');
  const options = (list, value) => list.map((v) => `<option${v === value ? ' selected' : ''}>${v}</option>`).join('');

  // The email domains that may join an organization by themselves (#22 flows: JIT provisioning).
  function openTo(o) {
    const domains = o.email_allowed_domains || [];
    return o.email_jit_provisioning === 'RESTRICTED' && domains.length ? `, open to ${domains.map(esc).join(', ')}` : '';
  }

  function renderOrganizations(orgs) {
    const holder = $('organizations');
    if (dirty.size || holder.contains(document.activeElement)) return;
    holder.innerHTML = orgs
      .map(
        (o) => `
      <h3>${esc(o.organization_name)} <span class="muted">(<code>${esc(o.organization_id)}</code>, slug ${esc(o.organization_slug)}${openTo(o)})</span></h3>
      <div class="bar policy" data-org="${esc(o.organization_id)}">
        MFA policy <select name="mfa_policy">${options(POLICIES, o.mfa_policy)}</select>
        methods <select name="mfa_methods">${options(METHODS, o.mfa_methods)}</select>
        ${MFA.map((m) => `<label><input type="checkbox" name="allowed" value="${m}"${o.allowed_mfa_methods.includes(m) ? ' checked' : ''}> ${m}</label>`).join(' ')}
        <button class="save-policy">Save policy</button>
      </div>
      <div class="bar invite" data-org="${esc(o.organization_id)}">
        Invite <input type="email" name="invite_email" placeholder="someone@example.test" aria-label="email to invite">
        <button class="invite-member">Send invite</button>
      </div>
      <table>${row(['email', 'member id', 'status', 'roles', 'MFA enrolled', 'phone', 'TOTP', 'default', 'locked'], 'th')}${o.members
        .map((m) =>
          row([
            esc(m.email_address),
            `<code>${esc(m.member_id)}</code>`,
            // Invited and pending members (#22 flows) stand out; active ones are the rule.
            m.status === 'active' ? 'active' : `<span class="pill member-status">${esc(m.status)}</span>`,
            m.roles.map(roleLabel).join(' '),
            m.mfa_enrolled ? 'yes' : 'no',
            `${esc(m.mfa_phone_number)}${m.mfa_phone_number && !m.mfa_phone_number_verified ? ' (unverified)' : ''}`,
            m.totp_registration_id ? 'yes' : 'no',
            esc(m.default_mfa_method),
            m.is_locked ? '<span class="err">locked</span>' : 'no',
          ]),
        )
        .join('')}</table>`,
      )
      .join('');
  }

  // A member's role and why it holds it (assigned, or by its email domain).
  const roleLabel = (r) =>
    `<span class="pill">${esc(r.role_id)}${r.sources.some((s) => s.type === 'email_assignment') ? ' (email domain)' : ''}</span>`;

  // The frontend-SDK switch and the RBAC policy: who may call what from the browser.
  function renderAccess(sdk, policy) {
    const box = $('member-actions');
    if (document.activeElement !== box) box.checked = sdk.member_actions;
    const permissions = (list) => list.map((p) => `<code>${esc(p.resource_id)}</code>: ${p.actions.map(esc).join(', ')}`).join('<br>');
    table(
      'roles',
      ['role', 'description', 'permissions'],
      policy.roles.map((r) => row([`<code>${esc(r.role_id)}</code>`, esc(r.description), permissions(r.permissions)])),
      'no roles',
    );
    table(
      'resources',
      ['resource', 'description', 'actions'],
      policy.resources.map((r) => row([`<code>${esc(r.resource_id)}</code>`, esc(r.description), r.actions.map(esc).join(', ')])),
      'no resources',
    );
  }

  $('member-actions').addEventListener('change', (e) =>
    act(`Member actions ${e.target.checked ? 'enabled' : 'disabled'} for the frontend SDK.`, () =>
      api('PUT', '/_emulator/frontend_sdk', { member_actions: e.target.checked }),
    ),
  );

  // Runs an action, then says what happened (its own words when it returns a string).
  async function act(what, fn) {
    try {
      const said = await fn();
      say(typeof said === 'string' ? said : what);
    } catch (e) {
      say(e.message, false);
    }
    await refresh().catch((e) => say(e.message, false));
  }

  document.addEventListener('change', (e) => {
    const bar = e.target.closest('.policy');
    if (bar) dirty.add(bar.dataset.org);
  });

  document.addEventListener('click', (e) => {
    const t = e.target;
    if (t.dataset.advance)
      return act(`Clock moved ${t.textContent}.`, () => api('POST', '/_emulator/clock', { advance_seconds: Number(t.dataset.advance) }));
    if (t.id === 'clock-real')
      return act('Clock back to real time.', () =>
        api('POST', '/_emulator/clock', { advance_seconds: -Number($('clock').dataset.offset || 0) }),
      );
    if (t.id === 'reset') return act('Reset to the seed.', () => api('POST', '/_emulator/reset', {}));
    if (t.id === 'clear-requests') return act('Request log cleared.', () => api('DELETE', '/_emulator/requests'));
    if (t.id === 'clear-faults') return act('Faults cleared.', () => api('DELETE', '/_emulator/faults'));
    if (t.id === 'add-fault') {
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
    if (t.id === 'save-redirect-url') {
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
    if (t.classList.contains('delete-redirect-url')) {
      return act(`Redirect URL ${t.dataset.url} deleted.`, () =>
        api('DELETE', `/_emulator/redirect_urls?url=${encodeURIComponent(t.dataset.url)}`),
      );
    }
    if (t.classList.contains('revoke'))
      return act('Session revoked.', () => api('DELETE', `/_emulator/sessions/${encodeURIComponent(t.dataset.session)}`));
    if (t.classList.contains('invite-member')) {
      const bar = t.closest('.invite');
      const email = bar.querySelector('[name=invite_email]').value.trim();
      t.blur();
      return act(`Invited ${email}: the link is in the outbox.`, () =>
        api('POST', `/_emulator/organizations/${encodeURIComponent(bar.dataset.org)}/invites`, { email_address: email }),
      );
    }
    if (t.classList.contains('save-policy')) {
      const bar = t.closest('.policy');
      const body = {
        mfa_policy: bar.querySelector('[name=mfa_policy]').value,
        mfa_methods: bar.querySelector('[name=mfa_methods]').value,
        allowed_mfa_methods: [...bar.querySelectorAll('[name=allowed]:checked')].map((c) => c.value),
      };
      dirty.delete(bar.dataset.org);
      t.blur();
      return act('MFA policy saved.', () => api('PUT', `/_emulator/organizations/${encodeURIComponent(bar.dataset.org)}`, body));
    }
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
