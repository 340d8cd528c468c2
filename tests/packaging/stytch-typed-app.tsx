// An MFA app written against Stytch's official types (@stytch/vanilla-js 6.3.0, @stytch/react 20),
// using only the surface stytch-b2b-headless-wasm implements. The packaging test compiles it
// with `tsc --strict` as it is, then again with only its two import lines pointed at this
// package: a TypeScript app switches by changing its imports.
import {
  B2BOAuthProviders,
  NoCurrentSessionError,
  StytchAPIError,
  StytchAPISchemaError,
  StytchAPIUnreachableError,
  StytchB2BClient,
  StytchB2BHeadlessClient,
  StytchError,
  StytchSDKUsageError,
  createStytchB2BClient,
  createStytchB2BHeadlessClient,
  type B2BAllowedAuthMethods,
  type B2BAllowedMFAMethods,
  type B2BAuthenticateResponseWithMFA,
  type B2BAuthenticationFactor,
  type B2BDiscoveryIntermediateSessionsExchangeResponse,
  type B2BEmailFactor,
  type B2BMagicLinkLoginOrSignupOptions,
  type B2BMagicLinksAuthenticateResponse,
  type B2BMemberOnChangeCallback,
  type B2BPasswordAuthenticateOptions,
  type B2BPasswordAuthenticateResponse,
  type B2BPasswordResetByEmailOptions,
  type B2BPasswordResetByEmailStartOptions,
  type B2BPasswordResetByExistingPasswordOptions,
  type B2BPasswordStrengthCheckResponse,
  type B2BPhoneNumberFactor,
  type B2BSMSAuthenticateOptions,
  type B2BSMSAuthenticateResponse,
  type B2BSMSSendOptions,
  type B2BSessionAuthenticateResponse,
  type B2BSessionOnChangeCallback,
  type B2BTOTPAuthenticateOptions,
  type B2BTOTPCreateResponse,
  type Member,
  type MemberInfo,
  type MemberOptions,
  type MemberRole,
  type MemberSession,
  type MemberSessionInfo,
  type MfaRequired,
  type OAuthRegistration,
  type Organization,
  type OrganizationInfo,
  type PrimaryRequired,
  type RecoveryCodeGetResponse,
  type RecoveryCodeRecoverResponse,
  type SessionTokens,
  type StytchClientOptions,
  type UnsubscribeFunction,
  type locale,
} from '@stytch/vanilla-js/b2b/headless';
import {
  StytchB2BProvider,
  StytchSDKError,
  createStytchB2BClient as createFromReact,
  useStytchB2BClient,
  useStytchIsAuthorized,
  withStytchMember,
  withStytchPermissions,
  useStytchMember,
  useStytchMemberSession,
  useStytchOrganization,
} from '@stytch/react/b2b';
import { useEffect, useState, type ReactNode } from 'react';

// ---------- configuration ----------

const options: StytchClientOptions = {
  cookieOptions: { opaqueTokenCookieName: 'app_session', jwtCookieName: 'app_jwt', path: '/', availableToSubdomains: false },
  endpointOptions: { testApiDomain: 'login.example.test', apiDomain: 'login.example.com' },
  keepSessionAlive: true,
};
const userLocale: locale = navigator.language.startsWith('es') ? 'es' : 'en';
const SESSION_MINUTES = 60;

export const stytch: StytchB2BClient = createStytchB2BClient('public-token-test-00000000-0000-4000-8000-000000000000', options);
export const legacy: StytchB2BClient = new StytchB2BHeadlessClient('public-token-test-00000000-0000-4000-8000-000000000000');
export const legacyFactory = createStytchB2BHeadlessClient;

// ---------- factors ----------

/** A line for each factor, narrowing on delivery_method as Stytch's union allows. */
export function describeFactor(factor: B2BAuthenticationFactor): string {
  switch (factor.delivery_method) {
    case 'email':
      return `email link to ${factor.email_factor.email_address}`;
    case 'sms':
    case 'whatsapp':
      return `code to ${factor.phone_number_factor.phone_number}`;
    case 'oauth_google':
      return `Google (${factor.google_oauth_factor.provider_subject})`;
    case 'oauth_microsoft':
      return `Microsoft (${factor.microsoft_oauth_factor.email_id})`;
    case 'oauth_hubspot':
      return `HubSpot ${factor.hubspot_oauth_factor.provider_tenant_id ?? ''}`;
    case 'oauth_slack':
      return `Slack ${factor.slack_oauth_factor.provider_tenant_id ?? ''}`;
    case 'oauth_github':
      return `GitHub ${(factor.github_oauth_factor.provider_tenant_ids ?? []).join(',')}`;
  }
}

export function emailFactors(session: MemberSession): B2BEmailFactor[] {
  return session.authentication_factors.filter((f): f is B2BEmailFactor => f.delivery_method === 'email');
}

export function phoneOf(session: MemberSession): string | null {
  const f = session.authentication_factors.find((f): f is B2BPhoneNumberFactor => f.delivery_method === 'sms');
  return f ? f.phone_number_factor.phone_number : null;
}

export function secondFactorAge(session: MemberSession): number | null {
  const secondary = session.authentication_factors.filter((f) => f.sequence_order === 'SECONDARY');
  if (secondary.length === 0) return null;
  const newest = Math.max(...secondary.map((f) => Date.parse(f.last_authenticated_at)));
  return (Date.now() - newest) / 60_000;
}

// ---------- member and organization ----------

export function roleSummary(roles: MemberRole[]): string[] {
  return roles.map((role) => {
    const why = role.sources.map((source) => {
      switch (source.type) {
        case 'direct_assignment':
          return 'assigned';
        case 'email_assignment':
          return `email domain ${source.details.email_domain}`;
        case 'sso_connection':
          return `SSO ${source.details.connection_id}`;
        case 'sso_connection_group':
          return `SSO group ${source.details.group}`;
        case 'scim_connection_group':
          return `SCIM group ${source.details.group_id}`;
      }
    });
    return `${role.role_id}: ${why.join(', ')}`;
  });
}

export function linkedAccounts(member: Member): string[] {
  const oauth = member.oauth_registrations.map(
    (r: OAuthRegistration) => `${r.provider_type} ${r.provider_subject} ${r.provider_tenants.map((t) => t.tenant_name).join('/')}`,
  );
  const sso = member.sso_registrations.map((r) => `${r.connection_id}:${r.external_id}`);
  const retired = member.retired_email_addresses.map((e) => e.email_address ?? '?');
  return [...oauth, ...sso, ...retired.map((e) => `retired ${e}`)];
}

export function organizationSummary(org: Organization): Record<string, string> {
  const allowedPrimary: B2BAllowedAuthMethods[] = org.allowed_auth_methods ?? [];
  const allowedMfa: B2BAllowedMFAMethods[] = org.allowed_mfa_methods ?? ['sms_otp', 'totp'];
  return {
    name: org.organization_name,
    slug: org.organization_slug,
    logo: org.organization_logo_url,
    policy: org.mfa_policy,
    primary: org.auth_methods === 'RESTRICTED' ? allowedPrimary.join(', ') : 'any',
    mfa: org.mfa_methods === 'RESTRICTED' ? allowedMfa.join(', ') : 'any',
    sso: org.sso_active_connections.map((c) => `${c.display_name} (${c.identity_provider})`).join(', '),
    defaultSso: org.sso_default_connection_id ?? 'none',
    scim: org.scim_active_connection ? org.scim_active_connection.display_name : 'none',
    tenants: Object.entries(org.allowed_oauth_tenants)
      .map(([provider, ids]) => `${provider}: ${ids.length}`)
      .join('; '),
    jit: `${org.email_jit_provisioning}/${org.sso_jit_provisioning}/${org.oauth_tenant_jit_provisioning}`,
    roles: (org.custom_roles ?? []).map((r) => `${r.role_id} (${r.permissions.map((p) => p.actions.join('|')).join(' ')})`).join(', '),
    domains: org.email_allowed_domains.join(', '),
  };
}

export function allowsMfa(org: Organization, method: B2BAllowedMFAMethods): boolean {
  return org.mfa_methods !== 'RESTRICTED' || (org.allowed_mfa_methods ?? []).includes(method);
}

// ---------- the MFA flow ----------

type Step =
  | { kind: 'done'; session: MemberSession }
  | { kind: 'enroll'; organization: Organization; member: Member; methods: B2BAllowedMFAMethods[] }
  | { kind: 'sms'; member: Member; phone: string; sent: boolean }
  | { kind: 'totp'; member: Member; options: MemberOptions }
  | { kind: 'primary'; required: PrimaryRequired };

/** What to do after a primary factor, from the response Stytch's types describe. */
export function nextStep(response: B2BAuthenticateResponseWithMFA): Step {
  if (response.member_authenticated) {
    return { kind: 'done', session: response.member_session };
  }
  if (response.primary_required) {
    return { kind: 'primary', required: response.primary_required };
  }
  const mfa: MfaRequired | null = response.mfa_required;
  const memberOptions = mfa?.member_options ?? null;
  if (!memberOptions) {
    const methods = (['sms_otp', 'totp'] as const).filter((m) => allowsMfa(response.organization, m));
    return { kind: 'enroll', organization: response.organization, member: response.member, methods };
  }
  if (memberOptions.totp_registration_id && mfa?.secondary_auth_initiated !== 'sms_otp') {
    return { kind: 'totp', member: response.member, options: memberOptions };
  }
  return { kind: 'sms', member: response.member, phone: memberOptions.mfa_phone_number, sent: mfa?.secondary_auth_initiated === 'sms_otp' };
}

export async function signIn(organization_id: string, email_address: string, password: string): Promise<Step> {
  const request: B2BPasswordAuthenticateOptions = {
    organization_id,
    email_address,
    password,
    session_duration_minutes: SESSION_MINUTES,
    locale: userLocale,
  };
  const response: B2BPasswordAuthenticateResponse = await stytch.passwords.authenticate(request);
  return nextStep(response);
}

// Forgot password: an emailed link, then a new password that signs the member in like any
// primary factor (possibly into MFA, or into the sign-in the organization requires).
export async function forgotPassword(organization_id: string, email_address: string): Promise<void> {
  const request: B2BPasswordResetByEmailStartOptions = {
    organization_id,
    email_address,
    reset_password_redirect_url: `${location.origin}/reset`,
    reset_password_expiration_minutes: 30,
    locale: userLocale,
  };
  await stytch.passwords.resetByEmailStart(request);
}

export async function setNewPassword(password_reset_token: string, password: string): Promise<Step> {
  const strength: B2BPasswordStrengthCheckResponse = await stytch.passwords.strengthCheck({ password });
  if (!strength.valid_password) {
    const missing = strength.luds_feedback.missing_characters + strength.luds_feedback.missing_complexity;
    throw new Error(`password too weak (${missing} short, policy ${strength.strength_policy})`);
  }
  const request: B2BPasswordResetByEmailOptions = { password_reset_token, password, session_duration_minutes: SESSION_MINUTES };
  return nextStep(await stytch.passwords.resetByEmail(request));
}

export async function changePassword(
  organization_id: string,
  email_address: string,
  existing_password: string,
  new_password: string,
): Promise<Step> {
  const request: B2BPasswordResetByExistingPasswordOptions = {
    organization_id,
    email_address,
    existing_password,
    new_password,
    session_duration_minutes: SESSION_MINUTES,
  };
  const response = await stytch.passwords.resetByExistingPassword(request);
  const required: string[] | undefined = response.primary_required?.allowed_auth_methods;
  if (required) console.info('the organization requires', required.join(', '));
  return nextStep(response);
}

// "Sign in with Google" and "Sign in with SSO": the browser leaves and comes back with a token.
export async function signInWithGoogle(organization_id: string): Promise<void> {
  await stytch.oauth.google.start({
    organization_id,
    login_redirect_url: `${location.origin}/oauth`,
    signup_redirect_url: `${location.origin}/oauth`,
  });
}

export async function signInWithSso(connection_id: string): Promise<void> {
  await stytch.sso.start({ connection_id, login_redirect_url: `${location.origin}/sso` });
}

export async function finishRedirect(): Promise<Step | null> {
  const params = new URLSearchParams(location.search);
  const token = params.get('token');
  if (!token) return null;
  if (params.get('stytch_token_type') === 'oauth') {
    const response = await stytch.oauth.authenticate({ oauth_token: token, session_duration_minutes: SESSION_MINUTES });
    console.info('signed in with scopes', response.provider_values.scopes.join(' '));
    return nextStep(response);
  }
  return nextStep(await stytch.sso.authenticate({ sso_token: token, session_duration_minutes: SESSION_MINUTES }));
}

export async function sendMagicLink(organization_id: string, email_address: string): Promise<void> {
  const request: B2BMagicLinkLoginOrSignupOptions = {
    organization_id,
    email_address,
    login_redirect_url: `${location.origin}/authenticate`,
    signup_redirect_url: `${location.origin}/welcome`,
    login_expiration_minutes: 15,
    signup_expiration_minutes: 60,
    locale: userLocale,
  };
  const { request_id } = await stytch.magicLinks.email.loginOrSignup(request);
  console.info('magic link sent', request_id);
}

export async function redeemMagicLink(token: string): Promise<Step> {
  const response: B2BMagicLinksAuthenticateResponse = await stytch.magicLinks.authenticate({
    magic_links_token: token,
    session_duration_minutes: SESSION_MINUTES,
  });
  console.info('signed in with', response.method_id);
  return nextStep(response);
}

export async function switchOrganization(organization_id: string): Promise<Step> {
  const response: B2BDiscoveryIntermediateSessionsExchangeResponse = await stytch.discovery.intermediateSessions.exchange({
    organization_id,
    session_duration_minutes: SESSION_MINUTES,
  });
  return nextStep(response);
}

export async function sendSms(member: Member, phone?: string): Promise<void> {
  const request: B2BSMSSendOptions = { organization_id: member.organization_id, member_id: member.member_id, locale: userLocale };
  if (phone) request.mfa_phone_number = phone;
  await stytch.otps.sms.send(request);
}

export async function verifySms(member: Member, code: string, enrolling: boolean): Promise<MemberSession> {
  const request: B2BSMSAuthenticateOptions = {
    organization_id: member.organization_id,
    member_id: member.member_id,
    code,
    session_duration_minutes: SESSION_MINUTES,
  };
  if (enrolling) request.set_mfa_enrollment = 'enroll';
  const response: B2BSMSAuthenticateResponse = await stytch.otps.sms.authenticate(request);
  return response.member_session;
}

export async function startTotp(member: Member): Promise<{ qr: string; secret: string; codes: string[] }> {
  const created: B2BTOTPCreateResponse = await stytch.totp.create({
    organization_id: member.organization_id,
    member_id: member.member_id,
    expiration_minutes: 30,
  });
  return { qr: created.qr_code, secret: created.secret, codes: created.recovery_codes };
}

export async function verifyTotp(member: Member, code: string): Promise<SessionTokens> {
  const request: B2BTOTPAuthenticateOptions = {
    organization_id: member.organization_id,
    member_id: member.member_id,
    code,
    session_duration_minutes: SESSION_MINUTES,
    set_mfa_enrollment: 'enroll',
  };
  const { session_token, session_jwt } = await stytch.totp.authenticate(request);
  return { session_token, session_jwt };
}

export async function useRecoveryCode(member: Member, recovery_code: string): Promise<number> {
  const response: RecoveryCodeRecoverResponse = await stytch.recoveryCodes.recover({
    organization_id: member.organization_id,
    member_id: member.member_id,
    recovery_code,
    session_duration_minutes: SESSION_MINUTES,
  });
  return response.recovery_codes_remaining;
}

export async function recoveryCodes(rotate: boolean): Promise<string[]> {
  const response: RecoveryCodeGetResponse = rotate ? await stytch.recoveryCodes.rotate() : await stytch.recoveryCodes.get();
  return response.recovery_codes;
}

// ---------- errors ----------

export function explain(error: unknown): string {
  if (error instanceof StytchAPIError) {
    switch (error.error_type) {
      case 'otp_code_not_found':
      case 'invalid_totp_code':
        return 'That code is not right. Try again.';
      case 'intermediate_session_not_found':
        return 'This sign-in expired. Start again.';
      default:
        return `${error.error_message} (${error.status_code}, ${error.request_id ?? 'no request id'})`;
    }
  }
  if (error instanceof StytchAPIUnreachableError) return 'We cannot reach the server. Check your connection.';
  if (error instanceof StytchSDKUsageError) return `A bug in this app: ${error.message}`;
  if (error instanceof StytchError) return error.message;
  return String(error);
}

// ---------- session ----------

export async function refreshSession(): Promise<MemberSession | null> {
  try {
    const response: B2BSessionAuthenticateResponse = await stytch.session.authenticate({ session_duration_minutes: SESSION_MINUTES });
    return response.member_session;
  } catch (error) {
    console.warn(explain(error));
    return null;
  }
}

export function currentState(): {
  session: MemberSessionInfo;
  member: MemberInfo;
  organization: OrganizationInfo;
  tokens: SessionTokens | null;
} {
  const session = stytch.session.getInfo();
  return {
    session,
    member: { member: stytch.member.getSync(), fromCache: session.fromCache },
    organization: stytch.organization.getInfo(),
    tokens: stytch.session.getTokens(),
  };
}

export function watch(render: (signedIn: boolean, email: string | null) => void): UnsubscribeFunction {
  const onSession: B2BSessionOnChangeCallback = (session) => console.info('session', session?.member_session_id ?? 'none');
  const onMember: B2BMemberOnChangeCallback = (member) => console.info('member', member?.email_address ?? 'none');
  const stops = [
    stytch.session.onChange(onSession),
    stytch.member.onChange(onMember),
    stytch.organization.onChange((org) => console.info('organization', org?.organization_slug ?? 'none')),
    stytch.onStateChange((state) => render(Boolean(state.session), state.member?.email_address ?? null)),
  ];
  return () => stops.forEach((stop) => stop());
}

export async function signOut(): Promise<void> {
  await stytch.session.revoke({ forceClear: true });
}

// ---------- React ----------

function Factors({ session }: { session: MemberSession }) {
  return (
    <ul>
      {session.authentication_factors.map((f) => (
        <li key={`${f.delivery_method}-${f.last_authenticated_at}`}>{describeFactor(f)}</li>
      ))}
    </ul>
  );
}

function Profile() {
  const { member, isInitialized } = useStytchMember();
  const { session, fromCache } = useStytchMemberSession();
  const { organization } = useStytchOrganization();
  if (!isInitialized) return <p>Loading…</p>;
  if (!member || !session || !organization) return <p>Signed out</p>;
  const summary = organizationSummary(organization);
  return (
    <section>
      <h1>
        {member.name || member.email_address} at {summary.name}
      </h1>
      {fromCache && <p>Checking your session…</p>}
      <p>MFA: {member.mfa_enrolled ? member.default_mfa_method : 'not enrolled'}</p>
      <p>Roles: {roleSummary(member.roles).join('; ')}</p>
      <p>Linked: {linkedAccounts(member).join('; ')}</p>
      <Factors session={session} />
    </section>
  );
}

function SmsStep({ member, phone }: { member: Member; phone: string }) {
  const client = useStytchB2BClient();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    try {
      await client.otps.sms.authenticate({
        organization_id: member.organization_id,
        member_id: member.member_id,
        code,
        session_duration_minutes: SESSION_MINUTES,
      });
    } catch (e) {
      setError(explain(e));
    }
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label>
        Code sent to {phone}
        <input value={code} onChange={(e) => setCode(e.target.value)} />
      </label>
      {error && <p role="alert">{error}</p>}
      <button type="submit">Verify</button>
    </form>
  );
}

function StepView({ step }: { step: Step }) {
  switch (step.kind) {
    case 'done':
      return <Factors session={step.session} />;
    case 'sms':
      return <SmsStep member={step.member} phone={step.phone} />;
    case 'totp':
      return <p>Enter the code from your authenticator ({step.options.totp_registration_id}).</p>;
    case 'enroll':
      return (
        <p>
          Set up {step.methods.join(' or ')} for {step.organization.organization_name}.
        </p>
      );
    case 'primary':
      return <p>Sign in with {step.required.allowed_auth_methods.join(' or ')} first.</p>;
  }
}

// The React entry's own constructor, as Stytch's React docs create the provider's client.
const reactClient = createFromReact('public-token-test-00000000-0000-4000-8000-000000000000', options);

export function App({ children }: { children?: ReactNode }) {
  const [step, setStep] = useState<Step | null>(null);
  useEffect(() => watch(() => undefined), []);
  return (
    <StytchB2BProvider stytch={reactClient} assumeHydrated>
      <Profile />
      {step && <StepView step={step} />}
      <button onClick={() => void signIn('organization-test-1', 'sms.member@acme.test', 'pw').then(setStep)}>Sign in</button>
      {children}
    </StytchB2BProvider>
  );
}

// ---------- RBAC, HOCs and the other exported values ----------

export async function canEdit(): Promise<boolean> {
  if (stytch.rbac.isAuthorizedSync('documents', 'edit')) return true;
  const all = await stytch.rbac.allPermissions<{ documents: 'edit' | 'read' }>();
  return all.documents.edit || (await stytch.rbac.isAuthorized('documents', 'edit'));
}

export function EditButton(): ReactNode {
  const { isAuthorized, isInitialized } = useStytchIsAuthorized('documents', 'edit');
  return <button disabled={!isInitialized || !isAuthorized}>Edit</button>;
}

export const MemberBadge = withStytchMember<{ label: string }>(({ label, stytchMember, stytchMemberIsInitialized }) => (
  <span>{stytchMemberIsInitialized ? `${label}: ${stytchMember?.email_address ?? 'none'}` : label}</span>
));
export const PermissionsTable = withStytchPermissions<{ documents: 'edit' | 'read' }, object>(({ stytchPermissions }) => (
  <span>{String(stytchPermissions.documents.read)}</span>
));

export function classify(error: unknown): string {
  const api = StytchAPIError.from(error);
  if (error instanceof StytchAPISchemaError) return 'schema';
  if (error instanceof NoCurrentSessionError || error instanceof StytchSDKError) return 'sdk';
  return `${api.error_type} via ${B2BOAuthProviders.Google}`;
}
