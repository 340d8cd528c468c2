// Compiled with `tsc --strict --noEmit` against the installed tarball: every method, option,
// response and error class of the public types, used the way an app would.
import {
  StytchAPIError,
  StytchAPIUnreachableError,
  StytchB2BHeadlessClient,
  StytchError,
  StytchSDKUsageError,
  type B2BAuthenticateResponseWithMFA,
  type MemberSession,
  type StytchClientOptions,
} from 'stytch-b2b-headless-wasm';
import {
  StytchB2BProvider,
  useStytchB2BClient,
  useStytchMember,
  useStytchMemberSession,
  useStytchOrganization,
} from 'stytch-b2b-headless-wasm/react';

const options: StytchClientOptions = {
  customBaseUrl: 'http://127.0.0.1:9797',
  endpoints: { testAPIURL: 'http://127.0.0.1:9797', liveAPIURL: 'https://api.stytch.com' },
  cookieOptions: {
    opaqueTokenCookieName: 'a',
    jwtCookieName: 'b',
    istCookieName: 'c',
    path: '/',
    domain: 'x.test',
    availableToSubdomains: false,
  },
  keepSessionAlive: true,
  tokenStorage: {
    getItem: (k) => localStorage.getItem(k),
    setItem: (k, v) => localStorage.setItem(k, v),
    removeItem: (k) => localStorage.removeItem(k),
  },
  requestTimeoutMs: 10_000,
  sessionRefreshIntervalMs: 60_000,
};
const client = new StytchB2BHeadlessClient('public-token-test-x', options);
new StytchB2BHeadlessClient('public-token-test-x', { tokenStorage: 'sessionStorage' });

export async function flow(organization_id: string, member_id: string): Promise<string> {
  const primary: B2BAuthenticateResponseWithMFA = await client.passwords.authenticate({
    organization_id,
    email_address: 'a@b.co',
    password: 'pw',
    session_duration_minutes: 60,
    locale: 'en',
  });
  if (primary.member_authenticated) return primary.member_session.member_session_id;
  const ist: string = primary.intermediate_session_token;
  const masked: string | undefined = primary.mfa_required?.member_options?.mfa_phone_number;
  const autoSent: boolean = primary.mfa_required?.secondary_auth_initiated === 'sms_otp';
  void ist;
  void masked;
  void autoSent;
  await client.otps.sms.send({ organization_id, member_id, mfa_phone_number: '+15555550100', locale: 'en' });
  const sms = await client.otps.sms.authenticate({
    organization_id,
    member_id,
    code: '123456',
    session_duration_minutes: 60,
    set_mfa_enrollment: 'enroll',
  });
  const totp = await client.totp.create({ organization_id, member_id, expiration_minutes: 30 });
  const codes: string[] = totp.recovery_codes;
  const qr: string = totp.qr_code;
  void qr;
  const t = await client.totp.authenticate({
    organization_id,
    member_id,
    code: '123456',
    session_duration_minutes: 60,
    set_default_mfa: true,
  });
  const r = await client.recoveryCodes.recover({ organization_id, member_id, recovery_code: codes[0], session_duration_minutes: 60 });
  const left: number = r.recovery_codes_remaining;
  const got: string[] = (await client.recoveryCodes.get()).recovery_codes;
  const rotated: string[] = (await client.recoveryCodes.rotate()).recovery_codes;
  void left;
  void got;
  void rotated;
  await client.passwords.resetByEmailStart({
    organization_id,
    email_address: 'a@b.co',
    reset_password_redirect_url: 'https://x.test/reset',
  });
  const reset = await client.passwords.resetByEmail({
    password_reset_token: 'tok',
    password: 'New-Password-1',
    session_duration_minutes: 60,
  });
  const requires: string[] = reset.primary_required ? reset.primary_required.allowed_auth_methods : [];
  const changed = await client.passwords.resetByExistingPassword({
    organization_id,
    email_address: 'a@b.co',
    existing_password: 'old',
    new_password: 'New-Password-1',
    session_duration_minutes: 60,
  });
  const strong: boolean = (await client.passwords.strengthCheck({ password: 'x' })).luds_feedback.missing_characters === 0;
  void requires;
  void changed;
  void strong;
  await client.oauth.google.start({ organization_id, login_redirect_url: 'https://x.test/oauth', custom_scopes: ['email'] });
  await client.oauth.microsoft.start({ organization_slug: 'acme', signup_redirect_url: 'https://x.test/oauth' });
  const oauth = await client.oauth.authenticate({ oauth_token: 'tok', session_duration_minutes: 60 });
  const subject: string = oauth.provider_values.scopes.join(' ');
  await client.sso.start({ connection_id: 'saml-connection-test-x', login_redirect_url: 'https://x.test/sso' });
  const sso = await client.sso.authenticate({ sso_token: 'tok', session_duration_minutes: 60 });
  void subject;
  void sso.member_authenticated;
  await client.magicLinks.email.loginOrSignup({ organization_id, email_address: 'a@b.co', login_redirect_url: 'https://x.test' });
  const ml = await client.magicLinks.authenticate({ magic_links_token: 'tok', session_duration_minutes: 60 });
  const method: string = ml.method_id;
  void method;
  await client.discovery.intermediateSessions.exchange({ organization_id, session_duration_minutes: 60 });
  const s = await client.session.authenticate({ session_duration_minutes: 30 });
  const factors: string[] = s.member_session.authentication_factors.map((f) => f.type);
  void factors;
  await client.session.revoke({ forceClear: true });
  return sms.session_token + t.session_jwt;
}

export function readState(): void {
  const session: MemberSession | null = client.session.getSync();
  const info: { session: MemberSession | null; fromCache: boolean } = client.session.getInfo();
  const tokens = client.session.getTokens();
  const jwt: string | undefined = tokens?.session_jwt;
  const member = client.member.getSync()?.email_address;
  const org = client.organization.getSync()?.mfa_policy;
  const fresh: boolean = client.session.authenticatedWithin({ factor_types: ['totp', 'sms_otp'], within_minutes: 5, require: 'any' });
  const unsubscribers = [
    client.session.onChange((s) => s?.expires_at),
    client.member.onChange((m) => m?.member_id),
    client.organization.onChange((o) => o?.organization_name),
    client.onStateChange((state) => state.session?.member_session_id),
  ];
  unsubscribers.forEach((u) => u());
  void session;
  void info;
  void jwt;
  void member;
  void org;
  void fresh;
}

export function describe(e: unknown): string {
  if (e instanceof StytchAPIError) return `${e.status_code} ${e.error_type} ${e.error_message} ${e.error_url} ${e.request_id ?? ''}`;
  if (e instanceof StytchAPIUnreachableError) return e.message;
  if (e instanceof StytchSDKUsageError) return e.message;
  if (e instanceof StytchError) return e.name;
  return String(e);
}

export function Status() {
  const stytch = useStytchB2BClient();
  const { member, isInitialized } = useStytchMember();
  const { session, fromCache } = useStytchMemberSession();
  const { organization } = useStytchOrganization();
  void stytch;
  void fromCache;
  return isInitialized ? `${member?.email_address} ${session?.member_id} ${organization?.organization_slug}` : 'loading';
}

export const providerProps: Parameters<typeof StytchB2BProvider>[0] = { stytch: client, assumeHydrated: true };
