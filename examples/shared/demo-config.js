// The seeded emulator project both examples log in to (see the emulator's seed). A real app
// knows its organization from its URL or a discovery step; the demo lets you pick one.
const DEMO = {
  publicToken: 'public-token-test-00000000-0000-4000-8000-000000000000',
  // ?api=http://host:port points the demo at another emulator (the tests do). The tab keeps
  // it, so a page it reaches later without the parameter (the consent page a Connected App
  // sends it to) talks to the same emulator.
  apiBase: (() => {
    const given = new URLSearchParams(location.search).get('api');
    if (given) sessionStorage.setItem('demo_api', given);
    return given || sessionStorage.getItem('demo_api') || 'http://127.0.0.1:9797';
  })(),
  organizations: [
    // `sso`: the organization's SSO connection (a real app reads it from the organization).
    {
      id: 'organization-test-00000000-0000-4000-8000-000000000001',
      name: 'Acme Corp (MFA required)',
      sso: 'oidc-connection-test-00000000-0000-4000-8000-000000000001',
    },
    {
      id: 'organization-test-00000000-0000-4000-8000-000000000002',
      name: 'Globex (MFA optional)',
      sso: 'saml-connection-test-00000000-0000-4000-8000-000000000002',
    },
    { id: 'organization-test-00000000-0000-4000-8000-000000000003', name: 'Initech (TOTP only)' },
    { id: 'organization-test-00000000-0000-4000-8000-000000000004', name: 'Umbrella (email links only)' },
    { id: 'organization-test-00000000-0000-4000-8000-000000000005', name: 'Pied Piper (open to piedpiper.test)' },
    { id: 'organization-test-00000000-0000-4000-8000-000000000006', name: 'Soylent (an admin, a member, a manager)' },
  ],
  accounts: [
    'new.member@acme.test',
    'sms.member@acme.test',
    'totp.member@acme.test',
    'optional.member@globex.test',
    'restricted.member@initech.test',
    'links.member@umbrella.test',
    'shared.member@piedpiper.test',
    'admin.member@soylent.test',
    'plain.member@soylent.test',
    'manager.member@soylent.test',
  ],
  // How to name an organization's allowed sign-in methods to a member.
  authMethodNames: {
    magic_link: 'an email link',
    password: 'a password',
    sso: 'single sign-on',
    google_oauth: 'Google',
    microsoft_oauth: 'Microsoft',
    email_otp: 'an email code',
  },
  password: 'mfa-demo-password',
  sessionMinutes: 60,
  stepUpMinutes: 5,
  // Words for the errors a member can cause; anything else shows the server's message.
  explain(e) {
    const messages = {
      unauthorized_credentials: 'That email and password do not match.',
      otp_code_not_found: 'That code is wrong or has expired. Check the newest SMS, or send a new code.',
      invalid_totp_code: 'That code is wrong. Enter the current 6-digit code from your authenticator app.',
      invalid_recovery_code: 'That recovery code is wrong or has already been used.',
      intermediate_session_not_found: 'Your sign-in took too long and expired. Please sign in again.',
      session_not_found: 'Your session has expired. Please sign in again.',
      invalid_phone_number: 'Enter the phone number in international format, e.g. +15555550123.',
      duplicate_member_phone_number: 'Another member already uses that phone number.',
      mfa_method_not_allowed: 'Your organization does not allow that method.',
      weak_password: 'That password is too weak: use at least 8 characters with three of lowercase, uppercase, digits and symbols.',
      unable_to_auth_password_reset_token: 'That reset link has expired or was already used. Ask for a new one.',
      unable_to_auth_magic_link: 'That sign-in link has expired or was already used. Ask for a new one.',
      member_not_found: 'There is no member with that email in this organization.',
      session_authorization_error: 'Your role in this organization does not allow that.',
      organization_slug_already_used: 'An organization with that name exists already: choose another name.',
    };
    if (e && e.name === 'StytchAPIUnreachableError') return 'The server could not be reached. Check your connection and try again.';
    if (e && e.name === 'StytchSDKUsageError') {
      // The SDK checked the input before sending it; say what to fix in the member's words.
      const field = {
        mfa_phone_number: messages.invalid_phone_number,
        code: 'Enter the 6-digit code.',
        email_address: 'Enter your email address.',
        recovery_code: 'Enter a recovery code.',
      };
      const hit = Object.keys(field).find((k) => e.message.includes(`\n${k} `));
      return hit ? field[hit] : e.message.split('\n').slice(1).join(' ');
    }
    if (e && e.error_type) return messages[e.error_type] || e.error_message;
    return e && e.message ? e.message : String(e);
  },
  // The MFA methods a member may enroll in: the organization's list when it restricts them.
  allowedMethods: (org) => (org.mfa_methods === 'RESTRICTED' ? org.allowed_mfa_methods : ['sms_otp', 'totp']),
  // The step after a primary login response (null: signed in). Both apps follow it.
  async nextStep(stytch, organization_id, r) {
    if (r.member_authenticated) return null;
    const ctx = { organization_id, member_id: r.member_id, purpose: 'login' };
    // The organization wants another sign-in method first; the SDK keeps the IST, so that
    // method, once done, continues this login (to MFA or a session).
    if (r.primary_required) {
      return {
        ...ctx,
        view: 'primary-required',
        allowed: r.primary_required.allowed_auth_methods,
        email: r.member.email_address,
        organizationName: r.organization.organization_name,
      };
    }
    const options = r.mfa_required && r.mfa_required.member_options;
    if (!options) return { ...ctx, view: 'enroll-choose', allowed: DEMO.allowedMethods(r.organization) };
    if (r.mfa_required.secondary_auth_initiated === 'sms_otp')
      return { ...ctx, view: 'sms-code', phone: options.mfa_phone_number, hasTotp: !!options.totp_registration_id };
    if (options.totp_registration_id) return { ...ctx, view: 'totp-code' };
    // A phone on file but no code sent yet: send one.
    await stytch.otps.sms.send({ organization_id, member_id: r.member_id });
    return { ...ctx, view: 'sms-code', phone: options.mfa_phone_number };
  },
  // The example server (examples/server, same origin as the page) checks the session the
  // browser holds, with Stytch's Node SDK: GET /api/me and POST /api/sensitive.
  async server(method, path) {
    const res = await fetch(path, { method, credentials: 'same-origin' });
    return { status: res.status, ...(await res.json().catch(() => ({}))) };
  },
  // The sensitive action, done by the server: `{ done, message }`, or `{ stepUp: true }`
  // when the server wants a fresh second factor first.
  async sensitive() {
    const r = await DEMO.server('POST', '/api/sensitive');
    if (r.status === 200) {
      return {
        done: true,
        message: `Sensitive action done at ${new Date().toLocaleTimeString()}: the server saw a second factor from the last ${DEMO.stepUpMinutes} minutes.`,
      };
    }
    if (r.status === 403 && r.error === 'step_up_required') return { stepUp: true, reason: r.reason };
    throw new Error(
      r.status === 401 ? 'The server did not accept your session. Please sign in again.' : r.message || `The server answered ${r.status}.`,
    );
  },
  // The first step of a step-up for this member, or null when it has no second factor.
  async stepUpStep(stytch, member) {
    const ctx = { purpose: 'stepup', organization_id: member.organization_id, member_id: member.member_id };
    if (member.totp_registration_id) return { ...ctx, view: 'totp-code' };
    if (member.mfa_phone_number_verified) {
      await stytch.otps.sms.send({ organization_id: member.organization_id, member_id: member.member_id });
      return { ...ctx, view: 'sms-code', phone: member.mfa_phone_number };
    }
    return null;
  },
  // After a step-up: the action again, now that the session holds a fresh factor.
  async afterStepUp() {
    const r = await DEMO.sensitive();
    return r.done ? 'Verified. Sensitive action done.' : 'The server still asks for a second factor.';
  },
  // What the server makes of this browser's session, in a sentence.
  async serverView() {
    const r = await DEMO.server('GET', '/api/me');
    return r.status === 200
      ? `The server verified this session with Stytch's Node SDK: ${r.factors.join(' + ')}.`
      : `The server did not accept this session (${r.reason || r.status}).`;
  },
  // This page's URL without an emailed link's token: where the emails lead back to.
  appUrl() {
    const u = new URL(location.href);
    u.searchParams.delete('stytch_token_type');
    u.searchParams.delete('token');
    return u.toString();
  },
  // The token of an emailed link that opened this page, taken out of the address bar.
  takeLinkToken() {
    const params = new URLSearchParams(location.search);
    const type = params.get('stytch_token_type');
    const token = params.get('token');
    if (!type || !token) return null;
    history.replaceState(null, '', DEMO.appUrl());
    return { type, token };
  },
  // What an emailed link opens: the new-password form, or the login a sign-in link completes.
  async openLink(stytch, link) {
    if (link.type === 'multi_tenant_passwords') return { view: 'reset-password', token: link.token, purpose: 'login' };
    if (link.type === 'discovery') {
      const r = await stytch.magicLinks.discovery.authenticate({ discovery_magic_links_token: link.token });
      return DEMO.pickerStep(r);
    }
    const exchange = {
      multi_tenant_magic_links: () =>
        stytch.magicLinks.authenticate({ magic_links_token: link.token, session_duration_minutes: DEMO.sessionMinutes }),
      oauth: () => stytch.oauth.authenticate({ oauth_token: link.token, session_duration_minutes: DEMO.sessionMinutes }),
      sso: () => stytch.sso.authenticate({ sso_token: link.token, session_duration_minutes: DEMO.sessionMinutes }),
    }[link.type];
    if (!exchange) return null;
    const r = await exchange();
    return DEMO.nextStep(stytch, r.organization_id, r);
  },
  // "Sign in with Google" / "Sign in with SSO": the browser leaves for the identity provider
  // (the emulator's page here) and comes back to this page with a token (see openLink).
  startGoogle(stytch, organization_id) {
    const url = DEMO.appUrl();
    return stytch.oauth.google.start({ organization_id, login_redirect_url: url, signup_redirect_url: url });
  },
  startSso(stytch, organization_id) {
    const org = DEMO.organizations.find((o) => o.id === organization_id);
    if (!org || !org.sso) return Promise.reject(new Error('This organization has no single sign-on connection; sign in another way.'));
    return stytch.sso.start({ connection_id: org.sso, login_redirect_url: DEMO.appUrl() });
  },
  async sendResetLink(stytch, organization_id, email_address) {
    await stytch.passwords.resetByEmailStart({
      organization_id,
      email_address,
      reset_password_redirect_url: DEMO.appUrl(),
      login_redirect_url: DEMO.appUrl(),
    });
    return { view: 'link-sent', purpose: 'reset', email: email_address };
  },
  // A new password from a reset link signs in like a password would (MFA may follow).
  async resetPassword(stytch, password_reset_token, password) {
    const r = await stytch.passwords.resetByEmail({ password_reset_token, password, session_duration_minutes: DEMO.sessionMinutes });
    return DEMO.nextStep(stytch, r.organization_id, r);
  },
  async sendLoginLink(stytch, step) {
    const url = DEMO.appUrl();
    await stytch.magicLinks.email.loginOrSignup({
      organization_id: step.organization_id,
      email_address: step.email,
      login_redirect_url: url,
      signup_redirect_url: url,
    });
    return { view: 'link-sent', purpose: 'login', email: step.email };
  },
  // ---- The discovery login (#22): an email first, then the organizations it may enter. ----
  async sendDiscoveryLink(stytch, email_address) {
    await stytch.magicLinks.email.discovery.send({ email_address, discovery_redirect_url: DEMO.appUrl() });
    return { view: 'link-sent', purpose: 'discovery', email: email_address };
  },
  // The organization picker, from a discovery answer: the SDK keeps its IST (the discovery
  // IST), which entering or creating an organization spends.
  pickerStep(r) {
    const membership = {
      active_member: 'You are a member',
      invited_member: 'You are invited',
      pending_member: 'Your membership is pending',
      eligible_to_join_by_email_domain: 'You can join with your email domain',
    };
    const organizations = r.discovered_organizations.map((d) => ({
      id: d.organization.organization_id,
      name: d.organization.organization_name,
      membership: membership[d.membership.type] || d.membership.type,
      mfa: d.organization.mfa_policy === 'REQUIRED_FOR_ALL',
    }));
    return { view: 'discovery', email: r.email_address, organizations };
  },
  // Into a discovered organization: a session, or the organization's MFA first.
  async enterOrganization(stytch, organization_id) {
    const r = await stytch.discovery.intermediateSessions.exchange({ organization_id, session_duration_minutes: DEMO.sessionMinutes });
    return DEMO.nextStep(stytch, organization_id, r);
  },
  // A new organization, with the member as its first admin (Stytch gives the creator `stytch_admin`).
  async createOrganization(stytch, organization_name) {
    const organization_slug = organization_name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
    const r = await stytch.discovery.organizations.create({
      organization_name,
      organization_slug,
      session_duration_minutes: DEMO.sessionMinutes,
    });
    return DEMO.nextStep(stytch, r.organization.organization_id, r);
  },
  // ---- The member's MFA settings (#22). ----
  // What a member has set up: each factor, and which one a login asks for first.
  factorsOf: (member) => ({
    phone: member.mfa_phone_number_verified ? member.mfa_phone_number : '',
    totp: !!member.totp_registration_id,
    default: member.default_mfa_method || '',
  }),
  describeFactors(member) {
    const f = DEMO.factorsOf(member);
    return [f.phone && 'SMS', f.totp && 'TOTP'].filter(Boolean).join(' + ') || 'no second factor';
  },
  // Enrolling from the settings page: the same steps as at login, with the session.
  settingsStep: (member, view) => ({ view, purpose: 'settings', organization_id: member.organization_id, member_id: member.member_id }),
  // ---- The admin page (#22), gated by RBAC: what this member's roles allow. A UI aid: the
  // emulator (as Stytch) refuses the calls all the same. ----
  permissions: (stytch) => ({
    members: stytch.rbac.isAuthorizedSync('stytch.member', 'search'),
    policy: stytch.rbac.isAuthorizedSync('stytch.organization', 'update.settings.mfa-policy'),
    resetMfa:
      stytch.rbac.isAuthorizedSync('stytch.member', 'update.info.delete.mfa-phone') &&
      stytch.rbac.isAuthorizedSync('stytch.member', 'update.info.delete.mfa-totp'),
    invite: stytch.rbac.isAuthorizedSync('stytch.member', 'create'),
  }),
  // The roles of the seed's RBAC policy, offered for SSO and SCIM group assignments (#24).
  roles: ['stytch_admin', 'stytch_member', 'mfa_manager', 'employee'],
  // The identity providers a SCIM connection may name (Stytch's list).
  scimProviders: ['generic', 'okta', 'microsoft-entra', 'cyberark', 'jumpcloud', 'onelogin', 'pingfederate', 'rippling'],
  async listMembers(stytch) {
    return (await stytch.organization.members.search({ limit: 100 })).members;
  },
  // Resetting a member's MFA: both factors removed; they enroll again when MFA is next asked of them.
  async resetMfa(stytch, member) {
    if (member.mfa_phone_number) await stytch.organization.members.deleteMFAPhoneNumber(member.member_id);
    if (member.totp_registration_id) await stytch.organization.members.deleteMFATOTP(member.member_id);
  },
  async invite(stytch, email_address) {
    await stytch.magicLinks.email.invite({ email_address, invite_redirect_url: DEMO.appUrl() });
    return `Invitation sent to ${email_address}.`;
  },
  describeMethods: (allowed) => allowed.map((m) => DEMO.authMethodNames[m] || m).join(' or '),
  // Errors after which the flow cannot go on and the member must sign in again.
  mustRestart: (e) => e && ['intermediate_session_not_found', 'session_not_found'].includes(e.error_type),
};
window.DEMO = DEMO;
