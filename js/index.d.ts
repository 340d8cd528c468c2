// Types for stytch-b2b-headless-wasm: the same names and shapes as Stytch's
// `@stytch/vanilla-js/b2b/headless` for the methods this client implements.

export type Locale = 'en' | 'es' | 'pt-br' | (string & {});

export interface ResponseCommon {
  request_id: string;
  status_code: number;
}

export interface MemberRole {
  role_id: string;
  sources: { type: string; details: Record<string, unknown> }[];
}

export interface Member {
  organization_id: string;
  member_id: string;
  email_address: string;
  email_address_verified: boolean;
  retired_email_addresses: { email_id?: string; email_address?: string }[];
  status: string;
  name: string;
  trusted_metadata: Record<string, unknown>;
  untrusted_metadata: Record<string, unknown>;
  created_at: string;
  updated_at: string;
  sso_registrations: Record<string, unknown>[];
  is_breakglass: boolean;
  is_admin: boolean;
  member_password_id: string;
  mfa_enrolled: boolean;
  mfa_phone_number: string;
  mfa_phone_number_verified: boolean;
  roles: MemberRole[];
  default_mfa_method: string;
  totp_registration_id: string;
  oauth_registrations: Record<string, unknown>[];
  external_id?: string;
}

export type B2BAllowedMFAMethods = 'sms_otp' | 'totp';

export interface Organization {
  organization_id: string;
  organization_name: string;
  organization_slug: string;
  organization_logo_url: string;
  trusted_metadata: Record<string, unknown>;
  email_allowed_domains: string[];
  email_jit_provisioning: 'ALL_ALLOWED' | 'RESTRICTED' | 'NOT_ALLOWED';
  email_invites: 'ALL_ALLOWED' | 'RESTRICTED' | 'NOT_ALLOWED';
  auth_methods: 'ALL_ALLOWED' | 'RESTRICTED';
  allowed_auth_methods?: string[];
  mfa_methods?: 'ALL_ALLOWED' | 'RESTRICTED';
  allowed_mfa_methods?: B2BAllowedMFAMethods[];
  mfa_policy: 'OPTIONAL' | 'REQUIRED_FOR_ALL';
  [key: string]: unknown;
}

export interface B2BAuthenticationFactor {
  type: string;
  delivery_method: string;
  last_authenticated_at: string;
  created_at?: string;
  updated_at?: string;
  sequence_order?: 'PRIMARY' | 'SECONDARY';
  email_factor?: { email_id: string; email_address: string };
  phone_number_factor?: { phone_id: string; phone_number: string };
  authenticator_app_factor?: { totp_id: string };
  recovery_code_factor?: { totp_recovery_code_id: string };
  [key: string]: unknown;
}

export interface MemberSession {
  member_session_id: string;
  member_id: string;
  organization_id: string;
  started_at: string;
  last_accessed_at: string;
  expires_at: string;
  authentication_factors: B2BAuthenticationFactor[];
  custom_claims?: Record<string, unknown>;
  roles: string[];
  organization_slug: string;
}

export interface SessionTokens {
  session_token: string;
  session_jwt: string;
}

export interface MfaRequired {
  member_options: { mfa_phone_number: string; totp_registration_id: string } | null;
  secondary_auth_initiated: 'sms_otp' | null;
}

export interface PrimaryRequired {
  allowed_auth_methods: string[];
}

export interface SDKDeviceHistory {
  ip_address?: string;
  ip_geo_city?: string;
  ip_geo_region?: string;
  ip_geo_country?: string;
}

export type B2BAuthenticateResponse = ResponseCommon &
  SessionTokens & {
    member_id: string;
    member_session: MemberSession;
    member: Member;
    organization: Organization;
    member_device?: SDKDeviceHistory;
  };

export type B2BAuthenticateResponseWithMFA = Omit<B2BAuthenticateResponse, 'member_session'> &
  (
    | { member_session: MemberSession; member_authenticated: true; intermediate_session_token: ''; mfa_required: null; primary_required: null }
    | { member_session: null; member_authenticated: false; intermediate_session_token: string; mfa_required: MfaRequired | null; primary_required: PrimaryRequired | null }
  );

export type MemberResponseCommon = ResponseCommon & { member_id: string; member: Member; organization: Organization };

export interface SessionDurationOptions {
  /** 5 to 527040 minutes. */
  session_duration_minutes: number;
}

export interface B2BSMSSendOptions {
  organization_id: string;
  member_id: string;
  /** E.164, e.g. +15555550100. Needed when the member has no phone yet. */
  mfa_phone_number?: string;
  locale?: Locale;
  enable_autofill?: boolean;
  autofill_session_duration_minutes?: number;
}
export type B2BSMSSendResponse = ResponseCommon;

export type B2BSMSAuthenticateOptions = SessionDurationOptions & {
  organization_id: string;
  member_id: string;
  /** Six digits. */
  code: string;
  set_mfa_enrollment?: 'enroll' | 'unenroll';
  set_default_mfa?: boolean;
};
export type B2BSMSAuthenticateResponse = B2BAuthenticateResponse;

export interface B2BTOTPCreateOptions {
  organization_id: string;
  member_id: string;
  /** 5 to 1440; default 60. */
  expiration_minutes?: number;
}
export type B2BTOTPCreateResponse = MemberResponseCommon & {
  totp_registration_id: string;
  secret: string;
  /** `data:image/png;base64,...` */
  qr_code: string;
  recovery_codes: string[];
};

export type B2BTOTPAuthenticateOptions = SessionDurationOptions & {
  organization_id: string;
  member_id: string;
  code: string;
  set_mfa_enrollment?: 'enroll' | 'unenroll';
  set_default_mfa?: boolean;
};
export type B2BTOTPAuthenticateResponse = B2BAuthenticateResponse;

export type RecoveryCodeRecoverOptions = SessionDurationOptions & {
  organization_id: string;
  member_id: string;
  recovery_code: string;
};
export type RecoveryCodeRecoverResponse = B2BAuthenticateResponse & { recovery_codes_remaining: number };
export type RecoveryCodeGetResponse = ResponseCommon & { recovery_codes: string[] };
export type RecoveryCodeRotateResponse = ResponseCommon & { recovery_codes: string[] };

export type B2BPasswordAuthenticateOptions = SessionDurationOptions & {
  organization_id: string;
  email_address: string;
  password: string;
  locale?: Locale;
};
export type B2BPasswordAuthenticateResponse = B2BAuthenticateResponseWithMFA;

export interface B2BMagicLinkLoginOrSignupOptions {
  organization_id: string;
  email_address: string;
  login_redirect_url?: string;
  signup_redirect_url?: string;
  login_template_id?: string;
  signup_template_id?: string;
  locale?: Locale;
}
export type B2BMagicLinkLoginOrSignupResponse = MemberResponseCommon;

export type B2BMagicLinksAuthenticateOptions = SessionDurationOptions & { magic_links_token: string; locale?: Locale };
export type B2BMagicLinksAuthenticateResponse = B2BAuthenticateResponseWithMFA & { method_id: string };

export type B2BDiscoveryIntermediateSessionsExchangeOptions = SessionDurationOptions & { organization_id: string; locale?: Locale };
export type B2BDiscoveryIntermediateSessionsExchangeResponse = B2BAuthenticateResponseWithMFA;

export interface SessionAuthenticateOptions {
  session_duration_minutes?: number;
}
export type SessionAuthenticateResponse = B2BAuthenticateResponse;
export type SessionRevokeResponse = ResponseCommon;

export interface AuthenticatedWithinOptions {
  /** Session factor types (`totp`, `otp`, `password`, `magic_link`, `recovery_codes`); `sms_otp` means `otp`. */
  factor_types: string | string[];
  within_minutes: number;
  /** `any` (default): one of them is enough. `all`: every one. */
  require?: 'any' | 'all';
}

export type UnsubscribeFunction = () => void;

export interface B2BState {
  member?: Member;
  organization?: Organization;
  session?: MemberSession;
}

/** Where tokens are kept. A custom adapter is called synchronously. */
export type TokenStorage =
  | 'cookies'
  | 'localStorage'
  | 'sessionStorage'
  | 'memory'
  | { getItem(key: string): string | null; setItem(key: string, value: string): void; removeItem(key: string): void };

export interface StytchClientOptions {
  cookieOptions?: {
    opaqueTokenCookieName?: string;
    jwtCookieName?: string;
    istCookieName?: string;
    path?: string;
    domain?: string;
    availableToSubdomains?: boolean;
  };
  /** Any http(s) base; a bare host gets https://. */
  customBaseUrl?: string;
  /** Used verbatim, chosen by the public token's kind; wins over customBaseUrl. */
  endpoints?: { testAPIURL: string; liveAPIURL: string };
  /** Refresh with the last session_duration_minutes, so the session is extended. */
  keepSessionAlive?: boolean;
  /** Ours: default 'cookies' (Stytch-compatible). */
  tokenStorage?: TokenStorage;
  /** Ours: abort a request after this long; default 30000. */
  requestTimeoutMs?: number;
  /** Ours: how often the session is refreshed while it exists; default 180000 (Stytch's 3 minutes), 1000..86400000. */
  sessionRefreshIntervalMs?: number;
}

export declare class StytchB2BHeadlessClient {
  constructor(publicToken: string, options?: StytchClientOptions);
  passwords: { authenticate(data: B2BPasswordAuthenticateOptions): Promise<B2BPasswordAuthenticateResponse> };
  magicLinks: {
    email: { loginOrSignup(data: B2BMagicLinkLoginOrSignupOptions): Promise<B2BMagicLinkLoginOrSignupResponse> };
    authenticate(data: B2BMagicLinksAuthenticateOptions): Promise<B2BMagicLinksAuthenticateResponse>;
  };
  discovery: {
    intermediateSessions: {
      exchange(data: B2BDiscoveryIntermediateSessionsExchangeOptions): Promise<B2BDiscoveryIntermediateSessionsExchangeResponse>;
    };
  };
  otps: {
    sms: {
      send(data: B2BSMSSendOptions): Promise<B2BSMSSendResponse>;
      authenticate(data: B2BSMSAuthenticateOptions): Promise<B2BSMSAuthenticateResponse>;
    };
  };
  totp: {
    create(data: B2BTOTPCreateOptions): Promise<B2BTOTPCreateResponse>;
    authenticate(data: B2BTOTPAuthenticateOptions): Promise<B2BTOTPAuthenticateResponse>;
  };
  recoveryCodes: {
    recover(data: RecoveryCodeRecoverOptions): Promise<RecoveryCodeRecoverResponse>;
    get(): Promise<RecoveryCodeGetResponse>;
    rotate(): Promise<RecoveryCodeRotateResponse>;
  };
  session: {
    getSync(): MemberSession | null;
    getInfo(): { session: MemberSession | null; fromCache: boolean };
    getTokens(): SessionTokens | null;
    authenticate(options?: SessionAuthenticateOptions): Promise<SessionAuthenticateResponse>;
    /** `forceClear`: log out locally even if the request fails. */
    revoke(options?: { forceClear?: boolean }): Promise<SessionRevokeResponse>;
    onChange(callback: (session: MemberSession | null) => void): UnsubscribeFunction;
    /**
     * Whether the cached session shows these factors authenticated within the last N minutes.
     * A UI aid: the server must check the session again before a sensitive action.
     * Throws StytchSDKUsageError on bad arguments.
     */
    authenticatedWithin(options: AuthenticatedWithinOptions): boolean;
  };
  member: {
    getSync(): Member | null;
    getInfo(): { member: Member | null; fromCache: boolean };
    onChange(callback: (member: Member | null) => void): UnsubscribeFunction;
  };
  organization: {
    getSync(): Organization | null;
    getInfo(): { organization: Organization | null; fromCache: boolean };
    onChange(callback: (organization: Organization | null) => void): UnsubscribeFunction;
  };
  onStateChange(callback: (state: B2BState) => void): UnsubscribeFunction;
}

export declare class StytchError extends Error {
  constructor(name: string, message: string);
}

export declare class StytchAPIError extends StytchError {
  error_type: string;
  error_message: string;
  error_url: string;
  request_id?: string;
  status_code: number;
  error_details?: Record<string, unknown>;
  constructor(details: { status_code: number; error_type: string; error_message: string; error_url: string; request_id?: string; error_details?: Record<string, unknown> });
}

export declare class StytchAPIUnreachableError extends StytchError {
  constructor(details: string);
}

export declare class StytchSDKUsageError extends StytchError {
  constructor(methodName: string, message: string);
}

declare global {
  /** Set before importing the package to load the .wasm from another URL (a CDN). */
  // eslint-disable-next-line no-var
  var STYTCH_B2B_WASM_URL: string | URL | undefined;
}
