// A complete B2B MFA login in React: password first, then whatever the response asks for
// (enrollment, an SMS or TOTP code, a recovery code), a logged-in page with optional
// enrollment and a step-up-protected action, and logout. The same flow as ../vanilla.
// Then what a B2B app has around it: a discovery login (an email, then the organization
// picker, or a new organization), the member's MFA settings, an admin page gated by RBAC
// (with the organization's SSO and SCIM setup, ./Connections.jsx), and the consent page of
// the project's Connected Apps (./Consent.jsx), which this app serves at /oauth/authorize.
import { useEffect, useRef, useState } from 'react';
import {
  useStytchB2BClient,
  useStytchIsAuthorized,
  useStytchMember,
  useStytchMemberSession,
  useStytchOrganization,
} from 'stytch-b2b-headless-wasm/react';
import { ScimSetup, SsoSetup } from './Connections.jsx';
import { Consent, onConsentPage } from './Consent.jsx';

const DEMO = window.DEMO;
// Where the member is in the flow, kept across a reload (the SDK keeps the IST itself).
const PENDING = 'mfa_demo_pending';
// The pages of a signed-in member: without a session, the sign-in page instead.
const SIGNED_IN = ['settings', 'admin'];
// Opened by a Connected App: once signed in, the member answers its request here.
const CONSENT = onConsentPage();

function usePendingStep() {
  const [step, setStep] = useState(() => JSON.parse(sessionStorage.getItem(PENDING) || 'null'));
  const go = (next) => {
    if (next) sessionStorage.setItem(PENDING, JSON.stringify(next));
    else sessionStorage.removeItem(PENDING);
    setStep(next);
  };
  return [step, go];
}

export function App() {
  const stytch = useStytchB2BClient();
  const { session } = useStytchMemberSession();
  const [pending, go] = usePendingStep();
  // (The consent page is no place for the signed-in pages: the member answers the app there.)
  const step = pending && !(SIGNED_IN.includes(pending.view) && (!session || CONSENT)) ? pending : null;
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');

  // Each action clears the error, and shows what went wrong in words a member understands.
  const attempt =
    (action) =>
    async (...args) => {
      setError('');
      try {
        await action(...args);
      } catch (e) {
        setError(DEMO.explain(e));
        if (DEMO.mustRestart(e)) go(null);
      }
    };
  const finish = async () => {
    if (step?.purpose === 'stepup') setNotice(await DEMO.afterStepUp());
    go(step?.purpose === 'settings' ? { view: 'settings' } : null);
  };
  const ids = step && { organization_id: step.organization_id, member_id: step.member_id };
  const enroll = step?.enrolling ? { set_mfa_enrollment: 'enroll' } : {};
  const common = { step, go, stytch, ids, enroll, attempt, finish, setNotice };

  let view;
  if (!step && CONSENT) view = session ? <Consent {...common} /> : <SignIn {...common} forApp />;
  else if (!step) view = session ? <Home {...common} /> : <SignIn {...common} />;
  else if (step.view === 'sms-code') view = <CodeStep {...common} kind="sms" />;
  else if (step.view === 'totp-code') view = <CodeStep {...common} kind="totp" />;
  else if (step.view === 'recovery') view = <Recovery {...common} />;
  else if (step.view === 'enroll-choose') view = <EnrollChoose {...common} />;
  else if (step.view === 'enroll-sms-phone') view = <EnrollPhone {...common} />;
  else if (step.view === 'enroll-totp') view = <EnrollTotp {...common} />;
  else if (step.view === 'forgot') view = <Forgot {...common} />;
  else if (step.view === 'link-sent') view = <LinkSent {...common} />;
  else if (step.view === 'reset-password') view = <ResetPassword {...common} />;
  else if (step.view === 'primary-required') view = <PrimaryRequired {...common} />;
  else if (step.view === 'discovery-email') view = <DiscoveryEmail {...common} />;
  else if (step.view === 'discovery') view = <Discovery {...common} />;
  else if (step.view === 'settings') view = <Settings {...common} />;
  else if (step.view === 'admin') view = <Admin {...common} />;

  // A session restored from storage may have expired on the server meanwhile: confirm it once.
  // Opened from an emailed link (password reset, or a sign-in link) or back from an identity
  // provider: take its token and go on, after that check, whose answer would otherwise replace
  // the new session when the link signs in another member (an admin's SSO test sign-in).
  // Once per page load (React's development mode runs effects twice).
  const booted = useRef(false);
  useEffect(() => {
    if (booted.current) return;
    booted.current = true;
    const link = DEMO.takeLinkToken();
    (async () => {
      if (stytch.session.getSync()) await attempt(() => stytch.session.authenticate())();
      if (link) await attempt(async () => go(await DEMO.openLink(stytch, link)))();
    })();
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    document.getElementById('app').dataset.view = step ? step.view : !session ? 'login' : CONSENT ? 'consent' : 'home';
  });

  return (
    <main id="app" aria-live="polite">
      {notice && (
        <p id="notice" className="ok">
          {notice}
        </p>
      )}
      {view}
      {error && (
        <p id="error" className="error" role="alert">
          {error}
        </p>
      )}
    </main>
  );
}

function OrgAndEmail({ org, setOrg, email, setEmail }) {
  return (
    <>
      <label htmlFor="org">Organization</label>
      <select id="org" value={org} onChange={(e) => setOrg(e.target.value)}>
        {DEMO.organizations.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
      <label htmlFor="email">Email</label>
      <input id="email" list="accounts" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
      <datalist id="accounts">
        {DEMO.accounts.map((a) => (
          <option key={a} value={a} />
        ))}
      </datalist>
    </>
  );
}

// Forgot password: a link by email, which opens this page with its token.
function Forgot({ stytch, go, attempt }) {
  const [org, setOrg] = useState(DEMO.organizations[0].id);
  const [email, setEmail] = useState('');
  const send = attempt(async () => go(await DEMO.sendResetLink(stytch, org, email.trim())));
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <h1>Reset your password</h1>
      <OrgAndEmail org={org} setOrg={setOrg} email={email} setEmail={setEmail} />
      <button id="send-reset" type="submit">
        Email me a reset link
      </button>{' '}
      <button id="to-login" type="button" className="secondary" onClick={() => go(null)}>
        Back to sign in
      </button>
    </form>
  );
}

function LinkSent({ step, go }) {
  return (
    <div>
      <h1>Check your email</h1>
      <p>
        We sent {step.purpose === 'reset' ? 'a password reset link' : 'a sign-in link'} to <span className="mono">{step.email}</span>. Open
        it in this browser.
      </p>
      <p className="note">In the demo, the link appears on the emulator's page.</p>
      <button id="to-login" className="secondary" onClick={() => go(null)}>
        Back to sign in
      </button>
    </div>
  );
}

function ResetPassword({ step, go, stytch, attempt }) {
  const [password, setPassword] = useState('');
  const save = attempt(async () => go(await DEMO.resetPassword(stytch, step.token, password)));
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <h1>Choose a new password</h1>
      <label htmlFor="new-password">New password</label>
      <input
        id="new-password"
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        autoFocus
      />
      <p className="note">At least 8 characters, with three of: lowercase, uppercase, digits, symbols.</p>
      <button id="set-password" type="submit">
        Set password and sign in
      </button>
    </form>
  );
}

// The organization allows other sign-in methods only: offer the one this demo can do.
function PrimaryRequired({ step, go, stytch, attempt }) {
  const sendLink = attempt(async () => go(await DEMO.sendLoginLink(stytch, step)));
  return (
    <div>
      <h1>Sign in another way</h1>
      <p>
        {step.organizationName} requires you to sign in with {DEMO.describeMethods(step.allowed)}.
      </p>
      {step.allowed.includes('magic_link') && (
        <button id="send-link" onClick={sendLink}>
          Email me a sign-in link
        </button>
      )}{' '}
      <button id="to-login" className="secondary" onClick={() => go(null)}>
        Back to sign in
      </button>
    </div>
  );
}

// `forApp`: on the consent page, where a Connected App sent the member to sign in.
function SignIn({ stytch, go, attempt, forApp }) {
  const [org, setOrg] = useState(DEMO.organizations[0].id);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState(DEMO.password);
  const signIn = attempt(async () => {
    const r = await stytch.passwords.authenticate({
      organization_id: org,
      email_address: email.trim(),
      password,
      session_duration_minutes: DEMO.sessionMinutes,
    });
    go(await DEMO.nextStep(stytch, org, r));
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        signIn();
      }}
    >
      <h1>Sign in</h1>
      {forApp && <p id="for-app">An app asks to use your account. Sign in, then choose whether to allow it.</p>}
      <OrgAndEmail org={org} setOrg={setOrg} email={email} setEmail={setEmail} />
      <label htmlFor="password">Password</label>
      <input id="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
      <button id="sign-in" type="submit">
        Sign in
      </button>{' '}
      <button id="forgot" type="button" className="secondary" onClick={() => go({ view: 'forgot' })}>
        Forgot password?
      </button>
      <div className="alt">
        <button id="google" type="button" className="secondary" onClick={attempt(() => DEMO.startGoogle(stytch, org))}>
          Sign in with Google
        </button>{' '}
        <button id="sso" type="button" className="secondary" onClick={attempt(() => DEMO.startSso(stytch, org))}>
          Sign in with SSO
        </button>
      </div>
      <div className="alt">
        <button id="discovery" type="button" className="secondary" onClick={() => go({ view: 'discovery-email' })}>
          Sign in with your email, then choose the organization
        </button>
      </div>
      <p className="note">
        Every demo account's password is <code>{DEMO.password}</code>. Codes sent by SMS appear on the emulator's page.
      </p>
    </form>
  );
}

function CodeInput({ code, setCode }) {
  return (
    <>
      <label htmlFor="code">6-digit code</label>
      <input
        id="code"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={6}
        value={code}
        onChange={(e) => setCode(e.target.value.trim())}
        autoFocus
      />
    </>
  );
}

function CodeStep({ kind, step, go, stytch, ids, enroll, attempt, finish, setNotice }) {
  const [code, setCode] = useState('');
  const verify = attempt(async () => {
    const params = { ...ids, code, session_duration_minutes: DEMO.sessionMinutes, ...enroll };
    await (kind === 'sms' ? stytch.otps.sms.authenticate(params) : stytch.totp.authenticate(params));
    await finish();
  });
  const resend = attempt(async () => {
    await stytch.otps.sms.send(ids);
    setNotice('A new code is on its way.');
  });
  const stepUp = step.purpose === 'stepup';
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        verify();
      }}
    >
      <h1>{stepUp ? 'Confirm it is you' : kind === 'sms' ? 'Enter the code we texted you' : 'Enter your authenticator code'}</h1>
      <p>
        {kind === 'sms' ? (
          <>
            We sent a 6-digit code to <span className="mono">{step.phone}</span>.
          </>
        ) : (
          'Open your authenticator app and enter the current code.'
        )}
      </p>
      <CodeInput code={code} setCode={setCode} />
      <button id="verify" type="submit">
        Verify
      </button>
      {kind === 'sms' && (
        <button id="resend" type="button" className="secondary" onClick={resend}>
          Send a new code
        </button>
      )}
      {((kind === 'sms' && step.hasTotp) || (kind === 'totp' && step.purpose === 'login')) && (
        <button id="use-recovery" type="button" className="secondary" onClick={() => go({ ...step, view: 'recovery', back: step.view })}>
          Use a recovery code
        </button>
      )}
    </form>
  );
}

function Recovery({ step, go, stytch, ids, attempt, finish, setNotice }) {
  const [code, setCode] = useState('');
  const recover = attempt(async () => {
    const r = await stytch.recoveryCodes.recover({ ...ids, recovery_code: code.trim(), session_duration_minutes: DEMO.sessionMinutes });
    setNotice(`Signed in with a recovery code. ${r.recovery_codes_remaining} left.`);
    await finish();
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        recover();
      }}
    >
      <h1>Use a recovery code</h1>
      <label htmlFor="recovery-code">Recovery code</label>
      <input id="recovery-code" className="mono" value={code} onChange={(e) => setCode(e.target.value)} autoFocus />
      <button id="recover" type="submit">
        Sign in
      </button>
      <button id="back" type="button" className="secondary" onClick={() => go({ ...step, view: step.back })}>
        Back
      </button>
    </form>
  );
}

function EnrollChoose({ step, go, stytch, ids, attempt }) {
  const startTotp = attempt(async () => {
    const r = await stytch.totp.create(ids);
    go({ ...step, view: 'enroll-totp', enrolling: true, secret: r.secret, qr: r.qr_code, codes: r.recovery_codes });
  });
  return (
    <div>
      <h1>Set up two-step verification</h1>
      <p>{step.purpose === 'login' ? 'Your organization requires a second factor.' : 'Add a second factor to your account.'} Choose one:</p>
      {step.allowed.includes('sms_otp') && (
        <button id="choose-sms" onClick={() => go({ ...step, view: 'enroll-sms-phone' })}>
          Text me a code
        </button>
      )}
      {step.allowed.includes('totp') && (
        <button id="choose-totp" onClick={startTotp}>
          Use an authenticator app
        </button>
      )}
    </div>
  );
}

function EnrollPhone({ step, go, stytch, ids, attempt }) {
  const [phone, setPhone] = useState('');
  const send = attempt(async () => {
    await stytch.otps.sms.send({ ...ids, mfa_phone_number: phone.trim() });
    go({ ...step, view: 'sms-code', phone: phone.trim(), enrolling: true });
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <h1>Add your phone</h1>
      <label htmlFor="phone">Mobile number (international format)</label>
      <input id="phone" placeholder="+15555550123" autoComplete="tel" value={phone} onChange={(e) => setPhone(e.target.value)} autoFocus />
      <button id="send-code" type="submit">
        Send code
      </button>
    </form>
  );
}

function EnrollTotp({ step, stytch, ids, enroll, attempt, finish }) {
  const [code, setCode] = useState('');
  const verify = attempt(async () => {
    await stytch.totp.authenticate({ ...ids, code, session_duration_minutes: DEMO.sessionMinutes, ...enroll });
    await finish();
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        verify();
      }}
    >
      <h1>Scan with your authenticator app</h1>
      <img id="totp-qr" className="qr" alt="QR code for your authenticator app" src={step.qr} />
      <p className="note">
        Or enter this key by hand:{' '}
        <span id="totp-secret" className="mono">
          {step.secret}
        </span>
      </p>
      <p>
        <strong>Save your recovery codes</strong>, each works once if you lose your phone:
      </p>
      <ul id="recovery-codes" className="codes mono">
        {step.codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
      <CodeInput code={code} setCode={setCode} />
      <button id="verify" type="submit">
        Verify and finish
      </button>
    </form>
  );
}

function Home({ stytch, go, attempt, setNotice }) {
  const { member } = useStytchMember();
  const { session } = useStytchMemberSession();
  const { organization } = useStytchOrganization();
  const admin = useStytchIsAuthorized('stytch.member', 'search');
  if (!member || !session || !organization) return null;
  const fromSession = (purpose, view, extra) =>
    go({ view, purpose, organization_id: member.organization_id, member_id: member.member_id, ...extra });

  // The server decides (POST /api/sensitive); when it wants a fresh second factor, step up.
  const sensitive = attempt(async () => {
    const r = await DEMO.sensitive();
    if (r.done) return setNotice(r.message);
    const next = await DEMO.stepUpStep(stytch, member);
    if (next) return go(next);
    throw new Error('This action needs a second factor. Add MFA to your account first.');
  });
  const logOut = attempt(async () => {
    await stytch.session.revoke({ forceClear: true }).catch(() => {});
    setNotice('You are signed out.');
    go(null);
  });
  const optional = organization.mfa_policy === 'OPTIONAL' && !member.mfa_enrolled;
  return (
    <div>
      <h1 id="home">
        Welcome, <span id="member-email">{member.email_address}</span>
      </h1>
      <p>
        {organization.organization_name} · MFA {member.mfa_enrolled ? 'enrolled' : 'not enrolled'}
      </p>
      <p id="roles" className="note">
        Roles: {session.roles.join(', ')}
      </p>
      <table id="factors">
        <tbody>
          {session.authentication_factors.map((f) => (
            <tr key={f.type}>
              <td>{f.type}</td>
              <td>{f.delivery_method}</td>
              <td>{new Date(f.last_authenticated_at).toLocaleTimeString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button id="sensitive" onClick={sensitive}>
        Sensitive action
      </button>
      {optional && (
        <button
          id="add-mfa"
          className="secondary"
          onClick={() => fromSession('optional-enroll', 'enroll-choose', { allowed: DEMO.allowedMethods(organization) })}
        >
          Add MFA
        </button>
      )}
      <button id="logout" className="secondary" onClick={logOut}>
        Log out
      </button>
      {/* data-checked: the roles were checked against this load's policy (the tests wait for it). */}
      <div id="member-actions" className="alt" data-checked={admin.isInitialized && !admin.fromCache}>
        <button id="settings" className="secondary" onClick={() => go({ view: 'settings' })}>
          MFA settings
        </button>
        {/* Shown to the roles that may list the members (the page shows each action its roles allow). */}
        {admin.isAuthorized && (
          <button id="admin" className="secondary" onClick={() => go({ view: 'admin' })}>
            Administer {organization.organization_name}
          </button>
        )}
      </div>
      <ServerView session={session} />
      <p className="note">
        The sensitive action is done by this page's server, which requires a second factor from the last {DEMO.stepUpMinutes} minutes.
      </p>
    </div>
  );
}

// What the example server makes of this browser's session (GET /api/me), asked again when
// the session changes.
function ServerView({ session }) {
  const [text, setText] = useState('Asking the server…');
  const key = session.authentication_factors.map((f) => f.last_authenticated_at).join();
  useEffect(() => {
    let live = true;
    DEMO.serverView().then((t) => live && setText(t));
    return () => {
      live = false;
    };
  }, [key]);
  return (
    <p id="server-view" className="note">
      {text}
    </p>
  );
}

// The discovery login: one email, a link, then the organizations that email may enter.
function DiscoveryEmail({ stytch, go, attempt }) {
  const [email, setEmail] = useState('');
  const send = attempt(async () => go(await DEMO.sendDiscoveryLink(stytch, email.trim())));
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <h1>Sign in with your email</h1>
      <label htmlFor="email">Work email</label>
      <input id="email" list="accounts" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
      <datalist id="accounts">
        {DEMO.accounts.map((a) => (
          <option key={a} value={a} />
        ))}
      </datalist>
      <button id="send-discovery" type="submit">
        Email me a sign-in link
      </button>{' '}
      <button id="to-login" type="button" className="secondary" onClick={() => go(null)}>
        Back
      </button>
    </form>
  );
}

// The organization picker: enter one (its MFA first, where it requires it), or create one.
function Discovery({ step, go, stytch, attempt }) {
  const [name, setName] = useState('');
  const enter = (id) => attempt(async () => go(await DEMO.enterOrganization(stytch, id)))();
  const create = attempt(async () => go(await DEMO.createOrganization(stytch, name.trim())));
  return (
    <div>
      <h1>Choose an organization</h1>
      <p>
        Signed in as <span className="mono">{step.email}</span>.
      </p>
      <table id="organizations">
        <tbody>
          {step.organizations.map((o) => (
            <tr key={o.id}>
              <td>
                <strong>{o.name}</strong>
                <br />
                <span className="note">
                  {o.membership}
                  {o.mfa && ' · MFA required'}
                </span>
              </td>
              <td>
                <button className="enter-org" data-org={o.id} onClick={() => enter(o.id)}>
                  {o.membership.startsWith('You can join') ? 'Join' : 'Enter'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form
        className="alt"
        onSubmit={(e) => {
          e.preventDefault();
          create();
        }}
      >
        <label htmlFor="new-org-name">Or create an organization</label>
        <input id="new-org-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="Hooli" />
        <button id="create-org" type="submit">
          Create and enter
        </button>
      </form>
    </div>
  );
}

// The member's own MFA settings: add or remove each factor, and choose which one a login asks for.
// Each call replaces the SDK's cached member, which `useStytchMember` re-renders with.
function Settings({ stytch, go, attempt, setNotice }) {
  const { member } = useStytchMember();
  const [choice, setChoice] = useState('');
  if (!member) return null;
  const factors = DEMO.factorsOf(member);
  const removePhone = attempt(async () => {
    await stytch.self.deleteMFAPhoneNumber();
    setNotice('Your phone number was removed.');
  });
  const removeTotp = attempt(async () => {
    await stytch.self.deleteMFATOTP();
    setNotice('Your authenticator app was removed.');
  });
  const addTotp = attempt(async () => {
    const r = await stytch.totp.create({ organization_id: member.organization_id, member_id: member.member_id });
    go({ ...DEMO.settingsStep(member, 'enroll-totp'), secret: r.secret, qr: r.qr_code, codes: r.recovery_codes });
  });
  const saveDefault = attempt(async () => {
    await stytch.self.update({ default_mfa_method: selected });
    setNotice('Your default method was saved.');
  });
  const methods = [factors.phone && 'sms_otp', factors.totp && 'totp'].filter(Boolean);
  const selected = methods.includes(choice) ? choice : factors.default;
  return (
    <div>
      <h1>Two-step verification</h1>
      <table id="mfa-settings">
        <tbody>
          <tr>
            <td>Text message</td>
            <td id="settings-phone" className="mono">
              {factors.phone || 'not set up'}
            </td>
            <td>
              {factors.phone ? (
                <button id="remove-phone" className="secondary" onClick={removePhone}>
                  Remove
                </button>
              ) : (
                <button id="add-phone" className="secondary" onClick={() => go(DEMO.settingsStep(member, 'enroll-sms-phone'))}>
                  Add
                </button>
              )}
            </td>
          </tr>
          <tr>
            <td>Authenticator app</td>
            <td id="settings-totp">{factors.totp ? 'set up' : 'not set up'}</td>
            <td>
              {factors.totp ? (
                <button id="remove-totp" className="secondary" onClick={removeTotp}>
                  Remove
                </button>
              ) : (
                <button id="add-totp" className="secondary" onClick={addTotp}>
                  Add
                </button>
              )}
            </td>
          </tr>
        </tbody>
      </table>
      <label htmlFor="default-method">Ask for this first when I sign in</label>
      <select id="default-method" value={selected} onChange={(e) => setChoice(e.target.value)}>
        {!methods.includes(factors.default) && <option value={factors.default}>{factors.default || 'none'}</option>}
        {methods.map((m) => (
          <option key={m} value={m}>
            {m === 'totp' ? 'Authenticator app' : 'Text message'}
          </option>
        ))}
      </select>
      <p id="settings-default" className="note">
        Now: {factors.default || 'none'}
      </p>
      <button id="save-default" onClick={saveDefault} disabled={!methods.length}>
        Save
      </button>{' '}
      <button id="to-home" className="secondary" onClick={() => go(null)}>
        Back
      </button>
    </div>
  );
}

// The organization's admin page. Each part shows only when the member's roles allow it
// (`rbac.isAuthorizedSync`, from the project's RBAC policy); the emulator, as Stytch, checks again.
function Admin({ stytch, go, attempt, setNotice }) {
  const { organization } = useStytchOrganization();
  const [members, setMembers] = useState([]);
  const [policy, setPolicy] = useState('');
  const [invitee, setInvitee] = useState('');
  const may = DEMO.permissions(stytch);
  const reload = attempt(async () => setMembers(await DEMO.listMembers(stytch)));
  useEffect(() => {
    if (may.members) reload();
  }, []); // eslint-disable-line react-hooks/exhaustive-deps
  if (!organization) return null;
  const savePolicy = attempt(async () => {
    await stytch.organization.update({ mfa_policy: policy || organization.mfa_policy });
    setNotice('The MFA policy was saved.');
  });
  const reset = (m) =>
    attempt(async () => {
      await DEMO.resetMfa(stytch, m);
      setNotice(`${m.email_address} will set up MFA again at their next sign-in.`);
      setMembers(await DEMO.listMembers(stytch));
    })();
  const invite = attempt(async () => {
    setNotice(await DEMO.invite(stytch, invitee.trim()));
    setInvitee('');
    setMembers(await DEMO.listMembers(stytch));
  });
  return (
    <div>
      <h1>Administer {organization.organization_name}</h1>
      {may.policy && (
        <>
          <label htmlFor="mfa-policy">MFA policy</label>
          <select id="mfa-policy" value={policy || organization.mfa_policy} onChange={(e) => setPolicy(e.target.value)}>
            <option value="OPTIONAL">Optional</option>
            <option value="REQUIRED_FOR_ALL">Required for every member</option>
          </select>
          <button id="save-policy" onClick={savePolicy}>
            Save policy
          </button>
        </>
      )}
      {may.members && (
        <table id="members" className="alt">
          <tbody>
            {members.map((m) => (
              <tr key={m.member_id} data-email={m.email_address}>
                <td>{m.email_address}</td>
                <td>{m.status}</td>
                <td className="mfa">{DEMO.describeFactors(m)}</td>
                <td>
                  {may.resetMfa && (m.mfa_phone_number || m.totp_registration_id) && (
                    <button className="reset-mfa secondary" onClick={() => reset(m)}>
                      Reset MFA
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {may.invite && (
        <form
          className="alt"
          onSubmit={(e) => {
            e.preventDefault();
            invite();
          }}
        >
          <label htmlFor="invite-email">Invite a member</label>
          <input id="invite-email" value={invitee} onChange={(e) => setInvitee(e.target.value)} placeholder="new.hire@soylent.test" />
          <button id="send-invite" type="submit">
            Send invitation
          </button>
        </form>
      )}
      <SsoSetup stytch={stytch} attempt={attempt} setNotice={setNotice} />
      <ScimSetup stytch={stytch} attempt={attempt} setNotice={setNotice} />
      <button id="to-home" className="secondary" onClick={() => go(null)}>
        Back
      </button>
    </div>
  );
}
