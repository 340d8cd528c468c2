// A complete B2B MFA login in React: password first, then whatever the response asks for
// (enrollment, an SMS or TOTP code, a recovery code), a logged-in page with optional
// enrollment and a step-up-protected action, and logout. The same flow as ../vanilla.
import { useEffect, useState } from 'react';
import { useStytchB2BClient, useStytchMember, useStytchMemberSession, useStytchOrganization } from 'stytch-b2b-headless-wasm/react';

const DEMO = window.DEMO;
// Where the member is in the flow, kept across a reload (the SDK keeps the IST itself).
const PENDING = 'mfa_demo_pending';

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
  const [step, go] = usePendingStep();
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
    go(null);
  };
  const ids = step && { organization_id: step.organization_id, member_id: step.member_id };
  const enroll = step?.enrolling ? { set_mfa_enrollment: 'enroll' } : {};
  const common = { step, go, stytch, ids, enroll, attempt, finish, setNotice };

  let view;
  if (!step) view = session ? <Home {...common} /> : <SignIn {...common} />;
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

  // A session restored from storage may have expired on the server meanwhile: confirm it once.
  // Opened from an emailed link (password reset, or a sign-in link): take its token and go on.
  useEffect(() => {
    if (stytch.session.getSync()) attempt(() => stytch.session.authenticate())();
    const link = DEMO.takeLinkToken();
    if (link) attempt(async () => go(await DEMO.openLink(stytch, link)))();
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    document.getElementById('app').dataset.view = step ? step.view : session ? 'home' : 'login';
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

function SignIn({ stytch, go, attempt }) {
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
