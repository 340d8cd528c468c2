// Stytch's consumer MFA guide from the browser's side: every Stytch call happens on the
// server (examples/server/server.mjs); this page only posts forms to it and shows answers.
// Password -> add a phone -> the SMS code -> a protected page that the server opens only
// with both factors and an SMS code from the last five minutes.
(function () {
  const app = document.getElementById('app');
  let view = 'login';
  let state = { phone_id: '', phone: '', me: null };
  let error = '';
  let notice = '';

  const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const value = (id) => document.getElementById(id).value.trim();
  const MESSAGES = {
    unauthorized_credentials: 'That email and password do not match.',
    otp_code_not_found: 'That code is wrong or has expired.',
    invalid_phone_number: 'Enter the phone number in international format, e.g. +15555550123.',
    user_lock_limit_reached: 'Too many failed attempts. Try again in an hour.',
    too_many_requests: 'Too many codes were sent. Try again later.',
  };

  async function api(method, path, body) {
    const res = await fetch(`/api/consumer/${path}`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
      credentials: 'same-origin',
    });
    const data = await res.json().catch(() => ({}));
    return { status: res.status, ...data };
  }

  const fail = (r) => {
    throw new Error(MESSAGES[r.error] || r.message || `The server answered ${r.status}.`);
  };

  async function logIn() {
    const r = await api('POST', 'login', { email: value('email'), password: value('password') });
    if (r.status !== 200) fail(r);
    state.me = r;
    const verified = r.phones.find((p) => p.verified);
    if (verified) return sendCode(verified.phone_number);
    go('phone');
  }

  async function sendCode(phone) {
    const r = await api('POST', 'sms/send', { phone_number: phone });
    if (r.status !== 200) fail(r);
    state = { ...state, phone_id: r.phone_id, phone };
    go('code');
  }

  async function verify() {
    const r = await api('POST', 'sms/authenticate', { phone_id: state.phone_id, code: value('code') });
    if (r.status !== 200) fail(r);
    await openProtected();
  }

  async function openProtected() {
    const r = await api('GET', 'protected');
    if (r.status === 200) {
      state.me = r;
      notice = 'The server checked both factors and a fresh SMS code.';
      return go('protected');
    }
    if (r.status === 403) {
      // A missing SMS factor, or one older than the server allows: a code to the verified
      // phone, or a phone to add first.
      const phone = r.phones.find((p) => p.verified);
      if (!phone) return go('phone');
      if (r.error === 'step_up_required') notice = 'It has been a while: confirm it is you with a new code.';
      return sendCode(phone.phone_number);
    }
    if (r.status === 401) {
      notice = 'Please sign in.';
      return go('login');
    }
    fail(r);
  }

  async function logOut() {
    await api('POST', 'logout');
    state = { phone_id: '', phone: '', me: null };
    notice = 'You are signed out.';
    go('login');
  }

  const views = {
    login: () => `
      <h1>Sign in</h1>
      <label for="email">Email</label><input id="email" autocomplete="username" value="consumer@example.test" />
      <label for="password">Password</label><input id="password" type="password" autocomplete="current-password" value="mfa-demo-password" />
      <button id="sign-in">Sign in</button>
      <p class="note">The seeded consumer is <code>consumer@example.test</code> / <code>mfa-demo-password</code>, with no phone yet.</p>`,
    phone: () => `
      <h1>Add your phone</h1>
      <p>This account needs a second factor. We will text you a code.</p>
      <label for="phone">Mobile number (international format)</label><input id="phone" placeholder="+15555550123" autocomplete="tel" />
      <button id="send-code">Send code</button>`,
    code: () => `
      <h1>Enter the code we texted you</h1>
      <p>We sent a 6-digit code to <span class="mono">${esc(state.phone)}</span>.</p>
      <label for="code">6-digit code</label><input id="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6" />
      <button id="verify">Verify</button>`,
    protected: () => `
      <h1 id="protected">Protected page</h1>
      <p>Signed in as <span id="user-email">${esc(state.me.email)}</span>.</p>
      <table id="factors">${state.me.factors.map((f) => `<tr><td>${esc(f.delivery_method)}</td><td>${new Date(f.last_authenticated_at).toLocaleTimeString()}</td></tr>`).join('')}</table>
      <button id="reopen">Open the protected page again</button>
      <button id="logout" class="secondary">Log out</button>
      <p class="note">The server opens this page only for a session with a password and an SMS code, the code from the last five minutes.</p>`,
  };

  const handlers = { 'sign-in': logIn, 'send-code': () => sendCode(value('phone')), verify, reopen: openProtected, logout: logOut };

  function go(next) {
    view = next;
    render();
  }

  function render() {
    app.innerHTML =
      (notice ? `<p id="notice" class="ok">${esc(notice)}</p>` : '') +
      views[view]() +
      (error ? `<p id="error" class="error" role="alert">${esc(error)}</p>` : '');
    notice = '';
    error = '';
    app.dataset.view = view;
    const first = app.querySelector('input:not([type=password])');
    if (first && !first.value) first.focus();
  }

  app.addEventListener('click', async (e) => {
    const handler = e.target.id && handlers[e.target.id];
    if (!handler) return;
    try {
      await handler();
    } catch (err) {
      error = err.message;
      render();
    }
  });
  app.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && e.target.tagName === 'INPUT') app.querySelector('button')?.click();
  });

  // A session kept in the cookie from earlier opens the protected page; anything else starts
  // at the sign-in form (nothing is sent to a phone without a click).
  render();
  api('GET', 'protected')
    .then((r) => {
      if (r.status === 200) {
        state.me = r;
        go('protected');
      }
    })
    .catch(() => {});
})();
