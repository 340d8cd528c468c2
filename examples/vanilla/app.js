// A complete B2B MFA login in plain JavaScript with the classic-script build: password first,
// then whatever the response asks for (enrollment, an SMS or TOTP code, a recovery code), a
// logged-in page with optional enrollment and a step-up-protected action, and logout. Then a
// discovery login (an email, then the organization picker, or a new organization) and the
// member's MFA settings page.
/* global StytchB2BHeadless, DEMO */
(function () {
  const { StytchB2BHeadlessClient } = StytchB2BHeadless;
  const stytch = new StytchB2BHeadlessClient(DEMO.publicToken, { customBaseUrl: DEMO.apiBase });
  const app = document.getElementById('app');

  // Where the member is in the flow. Kept in sessionStorage so a reload mid-flow resumes it
  // (the SDK itself keeps the intermediate session token across the reload).
  const PENDING = 'mfa_demo_pending';
  // The pages of a signed-in member: not a flow to resume, the session decides.
  const SIGNED_IN = ['home', 'settings'];
  let step = JSON.parse(sessionStorage.getItem(PENDING) || 'null');
  let error = '';
  let notice = '';

  const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const value = (id) => document.getElementById(id).value.trim();

  function go(next) {
    step = next;
    if (next && !SIGNED_IN.includes(next.view)) sessionStorage.setItem(PENDING, JSON.stringify(next));
    else sessionStorage.removeItem(PENDING);
    error = '';
    render();
  }

  async function attempt(action) {
    error = '';
    try {
      await action();
    } catch (e) {
      error = DEMO.explain(e);
      if (DEMO.mustRestart(e)) {
        step = null;
        sessionStorage.removeItem(PENDING);
      }
      render();
    }
  }

  // ---- the steps ----

  async function signIn() {
    const organization_id = value('org');
    const r = await stytch.passwords.authenticate({
      organization_id,
      email_address: value('email'),
      password: value('password'),
      session_duration_minutes: DEMO.sessionMinutes,
    });
    go((await DEMO.nextStep(stytch, organization_id, r)) || { view: 'home' });
  }

  const ids = () => ({ organization_id: step.organization_id, member_id: step.member_id });
  const enrolling = () =>
    (step.purpose === 'login' || step.purpose === 'optional-enroll') && step.enrolling ? { set_mfa_enrollment: 'enroll' } : {};

  async function finish() {
    if (step.purpose === 'stepup') notice = await DEMO.afterStepUp();
    go({ view: step.purpose === 'settings' ? 'settings' : 'home' });
  }

  async function verifySms() {
    await stytch.otps.sms.authenticate({ ...ids(), code: value('code'), session_duration_minutes: DEMO.sessionMinutes, ...enrolling() });
    await finish();
  }

  async function verifyTotp() {
    await stytch.totp.authenticate({ ...ids(), code: value('code'), session_duration_minutes: DEMO.sessionMinutes, ...enrolling() });
    await finish();
  }

  async function recover() {
    const r = await stytch.recoveryCodes.recover({
      ...ids(),
      recovery_code: value('recovery-code'),
      session_duration_minutes: DEMO.sessionMinutes,
    });
    notice = `Signed in with a recovery code. ${r.recovery_codes_remaining} left.`;
    await finish();
  }

  async function resend() {
    await stytch.otps.sms.send(ids());
    notice = 'A new code is on its way.';
    render();
  }

  async function sendToNewPhone() {
    await stytch.otps.sms.send({ ...ids(), mfa_phone_number: value('phone') });
    go({ ...step, view: 'sms-code', phone: value('phone'), enrolling: true });
  }

  async function startTotp() {
    const r = await stytch.totp.create(ids());
    go({ ...step, view: 'enroll-totp', enrolling: true, secret: r.secret, qr: r.qr_code, codes: r.recovery_codes });
  }

  function startFromSession(purpose, view, extra) {
    const member = stytch.member.getSync();
    go({ view, purpose, organization_id: member.organization_id, member_id: member.member_id, ...extra });
  }

  // The server decides (POST /api/sensitive); when it wants a fresh second factor, step up.
  async function sensitiveAction() {
    const r = await DEMO.sensitive();
    if (r.done) {
      notice = r.message;
      return render();
    }
    const next = await DEMO.stepUpStep(stytch, stytch.member.getSync());
    if (next) return go(next);
    error = 'This action needs a second factor. Add MFA to your account first.';
    render();
  }

  // Forgot password: a link by email, which opens this page with its token.
  async function sendReset() {
    go(await DEMO.sendResetLink(stytch, value('org'), value('email')));
  }

  async function setPassword() {
    go((await DEMO.resetPassword(stytch, step.token, value('new-password'))) || { view: 'home' });
  }

  async function sendLink() {
    go(await DEMO.sendLoginLink(stytch, step));
  }

  // The discovery login: one email, a link, then the organizations it may enter (or a new one).
  async function sendDiscoveryLink() {
    go(await DEMO.sendDiscoveryLink(stytch, value('email')));
  }

  async function enterOrganization(organization_id) {
    go((await DEMO.enterOrganization(stytch, organization_id)) || { view: 'home' });
  }

  async function createOrganization() {
    go((await DEMO.createOrganization(stytch, value('new-org-name'))) || { view: 'home' });
  }

  // The MFA settings: each call replaces the SDK's cached member, which the page then shows.
  async function removePhone() {
    await stytch.self.deleteMFAPhoneNumber();
    notice = 'Your phone number was removed.';
    render();
  }

  async function removeTotp() {
    await stytch.self.deleteMFATOTP();
    notice = 'Your authenticator app was removed.';
    render();
  }

  async function addTotp() {
    const member = stytch.self.getSync();
    const r = await stytch.totp.create({ organization_id: member.organization_id, member_id: member.member_id });
    go({ ...DEMO.settingsStep(member, 'enroll-totp'), secret: r.secret, qr: r.qr_code, codes: r.recovery_codes });
  }

  async function saveDefault() {
    await stytch.self.update({ default_mfa_method: value('default-method') });
    notice = 'Your default method was saved.';
    render();
  }

  async function logOut() {
    await stytch.session.revoke({ forceClear: true }).catch(() => {});
    notice = 'You are signed out.';
    go(null);
  }

  // ---- the views ----

  const orgAndEmail = () => `
      <label for="org">Organization</label>
      <select id="org">${DEMO.organizations.map((o) => `<option value="${o.id}">${esc(o.name)}</option>`).join('')}</select>
      <label for="email">Email</label>
      <input id="email" list="accounts" autocomplete="username" />
      <datalist id="accounts">${DEMO.accounts.map((a) => `<option value="${a}">`).join('')}</datalist>`;

  // One organization of the picker, and how the member would enter it.
  const organizationRow = (o) => `
      <tr><td><strong>${esc(o.name)}</strong><br><span class="note">${esc(o.membership)}${o.mfa ? ' · MFA required' : ''}</span></td>
        <td><button class="enter-org" data-org="${esc(o.id)}">${o.membership.startsWith('You can join') ? 'Join' : 'Enter'}</button></td></tr>`;

  const codeInput = `<label for="code">6-digit code</label><input id="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6" />`;

  const views = {
    login: () => `
      <h1>Sign in</h1>
      ${orgAndEmail()}
      <label for="password">Password</label>
      <input id="password" type="password" autocomplete="current-password" value="${DEMO.password}" />
      <button id="sign-in">Sign in</button> <button id="forgot" class="secondary">Forgot password?</button>
      <div class="alt"><button id="google" class="secondary">Sign in with Google</button> <button id="sso" class="secondary">Sign in with SSO</button></div>
      <div class="alt"><button id="discovery" class="secondary">Sign in with your email, then choose the organization</button></div>
      <p class="note">Every demo account's password is <code>${DEMO.password}</code>. Codes sent by SMS appear on the emulator's page.</p>`,
    forgot: () => `
      <h1>Reset your password</h1>
      ${orgAndEmail()}
      <button id="send-reset">Email me a reset link</button> <button id="to-login" class="secondary">Back to sign in</button>`,
    'link-sent': () => `
      <h1>Check your email</h1>
      <p>We sent ${step.purpose === 'reset' ? 'a password reset link' : 'a sign-in link'} to <span class="mono">${esc(step.email)}</span>. Open it in this browser.</p>
      <p class="note">In the demo, the link appears on the emulator's page.</p>
      <button id="to-login" class="secondary">Back to sign in</button>`,
    'reset-password': () => `
      <h1>Choose a new password</h1>
      <label for="new-password">New password</label><input id="new-password" type="password" autocomplete="new-password" />
      <p class="note">At least 8 characters, with three of: lowercase, uppercase, digits, symbols.</p>
      <button id="set-password">Set password and sign in</button>`,
    'primary-required': () => `
      <h1>Sign in another way</h1>
      <p>${esc(step.organizationName)} requires you to sign in with ${esc(DEMO.describeMethods(step.allowed))}.</p>
      ${step.allowed.includes('magic_link') ? '<button id="send-link">Email me a sign-in link</button>' : ''}
      <button id="to-login" class="secondary">Back to sign in</button>`,
    'discovery-email': () => `
      <h1>Sign in with your email</h1>
      <label for="email">Work email</label>
      <input id="email" list="accounts" autocomplete="username" />
      <datalist id="accounts">${DEMO.accounts.map((a) => `<option value="${a}">`).join('')}</datalist>
      <button id="send-discovery">Email me a sign-in link</button> <button id="to-login" class="secondary">Back</button>`,
    discovery: () => `
      <h1>Choose an organization</h1>
      <p>Signed in as <span class="mono">${esc(step.email)}</span>.</p>
      <table id="organizations">${step.organizations.map(organizationRow).join('')}</table>
      <div class="alt">
        <label for="new-org-name">Or create an organization</label><input id="new-org-name" placeholder="Hooli" />
        <button id="create-org">Create and enter</button>
      </div>`,
    settings: () => {
      const member = stytch.self.getSync();
      if (!member) return views.login();
      const f = DEMO.factorsOf(member);
      const methods = [f.phone && 'sms_otp', f.totp && 'totp'].filter(Boolean);
      const names = { sms_otp: 'Text message', totp: 'Authenticator app' };
      const options = (methods.includes(f.default) ? methods : [f.default, ...methods]).map(
        (m) => `<option value="${esc(m)}"${m === f.default ? ' selected' : ''}>${esc(names[m] || m || 'none')}</option>`,
      );
      return `
        <h1>Two-step verification</h1>
        <table id="mfa-settings">
          <tr><td>Text message</td><td id="settings-phone" class="mono">${esc(f.phone || 'not set up')}</td>
            <td>${f.phone ? '<button id="remove-phone" class="secondary">Remove</button>' : '<button id="add-phone" class="secondary">Add</button>'}</td></tr>
          <tr><td>Authenticator app</td><td id="settings-totp">${f.totp ? 'set up' : 'not set up'}</td>
            <td>${f.totp ? '<button id="remove-totp" class="secondary">Remove</button>' : '<button id="add-totp" class="secondary">Add</button>'}</td></tr>
        </table>
        <label for="default-method">Ask for this first when I sign in</label>
        <select id="default-method">${options.join('')}</select>
        <p id="settings-default" class="note">Now: ${esc(f.default || 'none')}</p>
        <button id="save-default"${methods.length ? '' : ' disabled'}>Save</button> <button id="to-home" class="secondary">Back</button>`;
    },
    'sms-code': () => `
      <h1>${step.purpose === 'stepup' ? 'Confirm it is you' : 'Enter the code we texted you'}</h1>
      <p>We sent a 6-digit code to <span class="mono">${esc(step.phone)}</span>.</p>
      ${codeInput}
      <button id="verify">Verify</button><button id="resend" class="secondary">Send a new code</button>
      ${step.hasTotp ? '<button id="use-recovery" class="secondary">Use a recovery code</button>' : ''}`,
    'totp-code': () => `
      <h1>${step.purpose === 'stepup' ? 'Confirm it is you' : 'Enter your authenticator code'}</h1>
      <p>Open your authenticator app and enter the current code.</p>
      ${codeInput}
      <button id="verify">Verify</button>
      ${step.purpose === 'login' ? '<button id="use-recovery" class="secondary">Use a recovery code</button>' : ''}`,
    recovery: () => `
      <h1>Use a recovery code</h1>
      <label for="recovery-code">Recovery code</label><input id="recovery-code" class="mono" />
      <button id="recover">Sign in</button><button id="back" class="secondary">Back</button>`,
    'enroll-choose': () => `
      <h1>Set up two-step verification</h1>
      <p>Your organization requires a second factor. Choose one:</p>
      ${step.allowed.includes('sms_otp') ? '<button id="choose-sms">Text me a code</button>' : ''}
      ${step.allowed.includes('totp') ? '<button id="choose-totp">Use an authenticator app</button>' : ''}`,
    'enroll-sms-phone': () => `
      <h1>Add your phone</h1>
      <label for="phone">Mobile number (international format)</label><input id="phone" placeholder="+15555550123" autocomplete="tel" />
      <button id="send-code">Send code</button>`,
    'enroll-totp': () => `
      <h1>Scan with your authenticator app</h1>
      <img id="totp-qr" class="qr" alt="QR code for your authenticator app" src="${esc(step.qr)}" />
      <p class="note">Or enter this key by hand: <span id="totp-secret" class="mono">${esc(step.secret)}</span></p>
      <p><strong>Save your recovery codes</strong>, each works once if you lose your phone:</p>
      <ul id="recovery-codes" class="codes mono">${step.codes.map((c) => `<li>${esc(c)}</li>`).join('')}</ul>
      ${codeInput}
      <button id="verify">Verify and finish</button>`,
    home: () => {
      const member = stytch.member.getSync();
      const org = stytch.organization.getSync();
      const session = stytch.session.getSync();
      if (!member || !session) return views.login();
      const optional = org.mfa_policy === 'OPTIONAL' && !member.mfa_enrolled;
      return `
        <h1 id="home">Welcome, <span id="member-email">${esc(member.email_address)}</span></h1>
        <p>${esc(org.organization_name)} · MFA ${member.mfa_enrolled ? 'enrolled' : 'not enrolled'}</p>
        <table id="factors">${session.authentication_factors.map((f) => `<tr><td>${esc(f.type)}</td><td>${esc(f.delivery_method)}</td><td>${new Date(f.last_authenticated_at).toLocaleTimeString()}</td></tr>`).join('')}</table>
        <button id="sensitive">Sensitive action</button>
        ${optional ? '<button id="add-mfa" class="secondary">Add MFA</button>' : ''}
        <button id="logout" class="secondary">Log out</button>
        <div class="alt"><button id="settings" class="secondary">MFA settings</button></div>
        <p id="server-view" class="note">Asking the server…</p>
        <p class="note">The sensitive action is done by this page's server, which requires a second factor from the last ${DEMO.stepUpMinutes} minutes.</p>`;
    },
  };

  const handlers = {
    'sign-in': signIn,
    verify: () => (step.view === 'sms-code' ? verifySms() : verifyTotp()),
    resend,
    'use-recovery': () => go({ ...step, view: 'recovery', back: step.view }),
    back: () => go({ ...step, view: step.back }),
    recover,
    'choose-sms': () => go({ ...step, view: 'enroll-sms-phone' }),
    'choose-totp': startTotp,
    'send-code': sendToNewPhone,
    sensitive: sensitiveAction,
    'add-mfa': () => startFromSession('optional-enroll', 'enroll-choose', { allowed: DEMO.allowedMethods(stytch.organization.getSync()) }),
    logout: logOut,
    forgot: () => go({ view: 'forgot' }),
    google: () => DEMO.startGoogle(stytch, value('org')),
    sso: () => DEMO.startSso(stytch, value('org')),
    'to-login': () => go(null),
    'send-reset': sendReset,
    'set-password': setPassword,
    'send-link': sendLink,
    discovery: () => go({ view: 'discovery-email' }),
    'send-discovery': sendDiscoveryLink,
    'create-org': createOrganization,
    settings: () => go({ view: 'settings' }),
    'to-home': () => go({ view: 'home' }),
    'remove-phone': removePhone,
    'remove-totp': removeTotp,
    'add-totp': addTotp,
    'add-phone': () => go(DEMO.settingsStep(stytch.self.getSync(), 'enroll-sms-phone')),
    'save-default': saveDefault,
  };

  function render() {
    const view = step ? step.view : stytch.session.getSync() ? 'home' : 'login';
    app.innerHTML =
      (notice ? `<p id="notice" class="ok">${esc(notice)}</p>` : '') +
      views[view]() +
      (error ? `<p id="error" class="error" role="alert">${esc(error)}</p>` : '');
    notice = '';
    app.dataset.view = view;
    if (view === 'home') {
      DEMO.serverView().then((text) => {
        const el = document.getElementById('server-view');
        if (el) el.textContent = text;
      });
    }
    const first = app.querySelector('input:not([type=password])');
    if (first && !first.value) first.focus();
  }

  app.addEventListener('click', (e) => {
    const handler = e.target.id && handlers[e.target.id];
    if (handler) attempt(handler);
    else if (e.target.classList.contains('enter-org')) attempt(() => enterOrganization(e.target.dataset.org));
  });
  // Enter in a field presses the button that follows it.
  app.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || e.target.tagName !== 'INPUT') return;
    const next = [...app.querySelectorAll('button')].find((b) => e.target.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);
    next?.click();
  });
  // Signed out elsewhere (another tab, or the session expired): back to the sign-in page.
  stytch.session.onChange((session) => {
    if (!session && step && SIGNED_IN.includes(step.view)) go(null);
    else if (!step || SIGNED_IN.includes(step.view)) render();
  });

  if (step && SIGNED_IN.includes(step.view)) step = null;
  render();
  // Opened from an emailed link (password reset, or a sign-in link): take its token and go on.
  const link = DEMO.takeLinkToken();
  if (link) attempt(async () => go((await DEMO.openLink(stytch, link)) || { view: 'home' }));
  // A session restored from storage may have expired on the server meanwhile: confirm it.
  if (stytch.session.getSync()) attempt(() => stytch.session.authenticate());
})();
