// Types for stytch-b2b-headless-wasm: the same names and shapes as Stytch's
// `@stytch/vanilla-js/b2b/headless` for the methods this client implements.

/** A locale for messages Stytch sends (`en`, `es`, `pt-br`, or another tag). */
export type locale = 'en' | 'es' | 'pt-br' | (string & {});
/** @deprecated Use `locale`, Stytch's name. */
export type Locale = locale;

export interface ResponseCommon {
  request_id: string;
  status_code: number;
}

/** Why a member holds a role. */
export type RoleSource =
  | { type: 'direct_assignment'; details: Record<string, never> }
  | { type: 'email_assignment'; details: { email_domain: string } }
  | { type: 'sso_connection'; details: { connection_id: string } }
  | { type: 'sso_connection_group'; details: { connection_id: string; group: string } }
  | { type: 'scim_connection_group'; details: { connection_id: string; group_id: string } };

export interface MemberRole {
  role_id: string;
  sources: RoleSource[];
}

export interface RetiredEmailAddress {
  email_id?: string;
  email_address?: string;
}

export interface SSORegistration {
  connection_id: string;
  external_id: string;
  registration_id: string;
  sso_attributes: Record<string, unknown>;
}

export interface OAuthRegistration {
  member_oauth_registration_id: string;
  provider_subject: string;
  provider_type: string;
  profile_picture_url: string | null;
  locale: string | null;
  provider_tenants: { tenant_id: string; tenant_name: string }[];
}

export interface Member {
  organization_id: string;
  member_id: string;
  email_address: string;
  email_address_verified: boolean;
  retired_email_addresses: RetiredEmailAddress[];
  status: string;
  name: string;
  trusted_metadata: Record<string, unknown>;
  untrusted_metadata: Record<string, unknown>;
  created_at: string;
  updated_at: string;
  sso_registrations: SSORegistration[];
  is_breakglass: boolean;
  is_admin: boolean;
  member_password_id: string;
  mfa_enrolled: boolean;
  mfa_phone_number: string;
  mfa_phone_number_verified: boolean;
  roles: MemberRole[];
  default_mfa_method: string;
  totp_registration_id: string;
  oauth_registrations: OAuthRegistration[];
  external_id?: string;
  /** The SCIM connection that provisioned the member, and what its identity provider said (scim24). */
  scim_registration?: SCIMRegistration;
}

/** Primary sign-in methods an organization can restrict itself to. */
export type B2BAllowedAuthMethods =
  'sso' | 'magic_link' | 'password' | 'google_oauth' | 'microsoft_oauth' | 'hubspot_oauth' | 'slack_oauth' | 'github_oauth' | 'email_otp';
export type B2BAllowedMFAMethods = 'sms_otp' | 'totp';

export interface RBACPolicyRole {
  role_id: string;
  description: string;
  permissions: { resource_id: string; actions: string[] }[];
}

export interface SSOActiveConnection {
  connection_id: string;
  display_name: string;
  identity_provider: string;
}

type Provisioning = 'ALL_ALLOWED' | 'RESTRICTED' | 'NOT_ALLOWED';

export interface Organization {
  organization_id: string;
  organization_name: string;
  organization_slug: string;
  organization_external_id?: string;
  organization_logo_url: string;
  trusted_metadata: Record<string, unknown>;
  custom_roles?: RBACPolicyRole[];
  sso_default_connection_id: string | null;
  sso_jit_provisioning: Provisioning;
  sso_jit_provisioning_allowed_connections: string[];
  sso_active_connections: SSOActiveConnection[];
  scim_active_connection: { connection_id: string; display_name: string } | null;
  email_allowed_domains: string[];
  email_jit_provisioning: Provisioning;
  email_invites: Provisioning;
  oauth_tenant_jit_provisioning: 'RESTRICTED' | 'NOT_ALLOWED';
  allowed_oauth_tenants: Record<string, string[]>;
  auth_methods: 'ALL_ALLOWED' | 'RESTRICTED';
  allowed_auth_methods?: B2BAllowedAuthMethods[];
  mfa_methods?: 'ALL_ALLOWED' | 'RESTRICTED';
  allowed_mfa_methods?: B2BAllowedMFAMethods[];
  mfa_policy: 'OPTIONAL' | 'REQUIRED_FOR_ALL';
  rbac_email_implicit_role_assignments?: { role_id: string; domain: string }[];
  first_party_connected_apps_allowed_type?: Provisioning;
  allowed_first_party_connected_apps?: string[];
  third_party_connected_apps_allowed_type?: Provisioning;
  allowed_third_party_connected_apps?: string[];
}

/**
 * A factor of a member session, keyed on `delivery_method` as Stytch's types are, so a check
 * of `delivery_method` narrows to the factor's details. Sessions also carry TOTP and
 * recovery-code factors (`authenticator_app`, `recovery_code`), as Stytch's API sends them;
 * like Stytch's types, these declarations leave them out of the union.
 */
export type B2BAuthenticationFactor =
  | B2BEmailFactor
  | B2BPhoneNumberFactor
  | B2BGoogleOAuthFactor
  | B2BMicrosoftOAuthFactor
  | B2BHubSpotOAuthFactor
  | B2BSlackOAuthFactor
  | B2BGitHubOAuthFactor;

interface FactorBase {
  type: string;
  last_authenticated_at: string;
}
interface OAuthFactorDetails {
  id: string;
  email_id: string;
  provider_subject: string;
}
export interface B2BEmailFactor extends FactorBase {
  delivery_method: 'email';
  email_factor: { email_id: string; email_address: string };
  sequence_order: 'PRIMARY';
}
export interface B2BPhoneNumberFactor extends FactorBase {
  delivery_method: 'sms' | 'whatsapp';
  phone_number_factor: { phone_id: string; phone_number: string };
  sequence_order: 'SECONDARY';
}
export interface B2BGoogleOAuthFactor extends FactorBase {
  delivery_method: 'oauth_google';
  google_oauth_factor: OAuthFactorDetails;
  sequence_order: 'PRIMARY';
}
export interface B2BMicrosoftOAuthFactor extends FactorBase {
  delivery_method: 'oauth_microsoft';
  microsoft_oauth_factor: OAuthFactorDetails;
  sequence_order: 'PRIMARY';
}
export interface B2BHubSpotOAuthFactor extends FactorBase {
  delivery_method: 'oauth_hubspot';
  hubspot_oauth_factor: OAuthFactorDetails & { provider_tenant_id?: string };
  sequence_order: 'PRIMARY';
}
export interface B2BSlackOAuthFactor extends FactorBase {
  delivery_method: 'oauth_slack';
  slack_oauth_factor: OAuthFactorDetails & { provider_tenant_id?: string };
  sequence_order: 'PRIMARY';
}
export interface B2BGitHubOAuthFactor extends FactorBase {
  delivery_method: 'oauth_github';
  github_oauth_factor: OAuthFactorDetails & { provider_tenant_ids?: string[] };
  sequence_order: 'PRIMARY';
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
export type B2BSessionTokens = SessionTokens;

export interface MemberOptions {
  mfa_phone_number: string;
  totp_registration_id: string;
}

export interface MfaRequired {
  member_options: MemberOptions | null;
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

/**
 * The type parameters mirror Stytch's project-configuration generics, so annotations written
 * for Stytch's types keep compiling; this client has one configuration and ignores them.
 */
export type B2BAuthenticateResponse<_TProjectConfiguration = unknown> = ResponseCommon &
  SessionTokens & {
    member_id: string;
    member_session: MemberSession;
    member: Member;
    organization: Organization;
    member_device?: SDKDeviceHistory;
  };

export type B2BAuthenticateResponseWithMFA<_TProjectConfiguration = unknown> = Omit<B2BAuthenticateResponse, 'member_session'> &
  (
    | {
        member_session: MemberSession;
        member_authenticated: true;
        intermediate_session_token: '';
        mfa_required: null;
        primary_required: null;
      }
    | {
        member_session: null;
        member_authenticated: false;
        intermediate_session_token: string;
        mfa_required: MfaRequired | null;
        primary_required: PrimaryRequired | null;
      }
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
  locale?: locale;
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
  locale?: locale;
};
export type B2BPasswordAuthenticateResponse = B2BAuthenticateResponseWithMFA;

/** Which organization an OAuth sign-in is for: its id, or its slug. */
export type OAuthOrgSelectorOptions =
  { organization_id: string; organization_slug?: never } | { organization_slug: string; organization_id?: never };
export type OAuthStartOptions = OAuthOrgSelectorOptions & {
  /** Where the provider sends the member back, with `?stytch_token_type=oauth&token=...`. */
  login_redirect_url?: string;
  signup_redirect_url?: string;
  custom_scopes?: string[];
  provider_params?: Record<string, string>;
};
export interface IOAuthProvider {
  discovery: IOAuthDiscoveryProvider;
  /** Navigates the browser to the provider (PKCE made and kept for `oauth.authenticate`). */
  start(options: OAuthStartOptions): Promise<void>;
}
export type B2BOAuthAuthenticateOptions = SessionDurationOptions & {
  /** The `token` of the redirect. */
  oauth_token: string;
  locale?: locale;
};
export type B2BOAuthAuthenticateResponse<_TProjectConfiguration = unknown> = B2BAuthenticateResponseWithMFA & {
  provider_values: { access_token: string; id_token: string; refresh_token: string; scopes: string[]; expires_at: string };
  /** Also answered by the emulator and by Stytch's API; not in Stytch's client types. */
  provider_subject?: string;
  provider_type?: string;
  member_device?: SDKDeviceHistory;
};

export interface SSOStartOptions {
  connection_id: string;
  /** Where the identity provider sends the member back, with `?stytch_token_type=sso&token=...`. */
  login_redirect_url?: string;
  signup_redirect_url?: string;
  provider_params?: Record<string, string>;
}
export type SSOAuthenticateOptions = SessionDurationOptions & {
  sso_token: string;
  locale?: locale;
};
export type SSOAuthenticateResponse<_TProjectConfiguration = unknown> = B2BAuthenticateResponseWithMFA & {
  member_device?: SDKDeviceHistory;
};

export interface B2BPasswordResetByEmailStartOptions {
  organization_id: string;
  email_address: string;
  login_redirect_url?: string;
  /** Where the emailed link leads; the token arrives as `?stytch_token_type=multi_tenant_passwords&token=...`. */
  reset_password_redirect_url?: string;
  /** 5 to 10080; default 30. */
  reset_password_expiration_minutes?: number;
  reset_password_template_id?: string;
  verify_email_template_id?: string;
  locale?: locale;
}
export type B2BPasswordResetByEmailStartResponse = ResponseCommon;

export type B2BPasswordResetByEmailOptions = SessionDurationOptions & {
  /** The `token` of the emailed link. */
  password_reset_token: string;
  password: string;
  locale?: locale;
};
/** Like any primary factor: a session, or an IST with `mfa_required` / `primary_required`. */
export type B2BPasswordResetByEmailResponse<_TProjectConfiguration = unknown> = B2BAuthenticateResponseWithMFA & {
  member_device?: SDKDeviceHistory;
};

export type B2BPasswordResetByExistingPasswordOptions = SessionDurationOptions & {
  organization_id: string;
  email_address: string;
  existing_password: string;
  new_password: string;
  locale?: locale;
};
export type B2BPasswordResetByExistingPasswordResponse<_TProjectConfiguration = unknown> = B2BAuthenticateResponseWithMFA & {
  member_device?: SDKDeviceHistory;
};

export interface B2BPasswordStrengthCheckOptions {
  email_address?: string;
  password: string;
}
export type B2BPasswordStrengthCheckResponse = ResponseCommon & {
  valid_password: boolean;
  score: number;
  breached_password: boolean;
  breach_detection_on_create: boolean;
  strength_policy: 'luds' | 'zxcvbn';
  zxcvbn_feedback: { suggestions: string[]; warning: string };
  luds_feedback: {
    has_lower_case: boolean;
    has_upper_case: boolean;
    has_digit: boolean;
    has_symbol: boolean;
    missing_complexity: number;
    missing_characters: number;
  };
};

export interface B2BMagicLinkLoginOrSignupOptions {
  organization_id: string;
  email_address: string;
  login_redirect_url?: string;
  signup_redirect_url?: string;
  login_template_id?: string;
  signup_template_id?: string;
  locale?: locale;
  /** Minutes the link stays valid (the emulator keeps links for an hour). */
  login_expiration_minutes?: number;
  signup_expiration_minutes?: number;
}
export type B2BMagicLinkLoginOrSignupResponse = MemberResponseCommon;

export type B2BMagicLinksAuthenticateOptions = SessionDurationOptions & { magic_links_token: string; locale?: locale };
export type B2BMagicLinksAuthenticateResponse = B2BAuthenticateResponseWithMFA & { method_id: string };

export type B2BDiscoveryIntermediateSessionsExchangeOptions = SessionDurationOptions & { organization_id: string; locale?: locale };
export type B2BDiscoveryIntermediateSessionsExchangeResponse = B2BAuthenticateResponseWithMFA;

export interface SessionAuthenticateOptions {
  session_duration_minutes?: number;
}
export type SessionAuthenticateResponse = B2BAuthenticateResponse;
export type B2BSessionAuthenticateResponse<_TProjectConfiguration = unknown> = B2BAuthenticateResponse;
export interface B2BSessionRevokeOptions {
  /** Log out locally even when the API cannot be reached. */
  forceClear?: boolean;
}
export type SessionRevokeResponse = ResponseCommon;

export interface AuthenticatedWithinOptions {
  /** Session factor types (`totp`, `otp`, `password`, `magic_link`, `recovery_codes`); `sms_otp` means `otp`. */
  factor_types: string | string[];
  within_minutes: number;
  /** `any` (default): one of them is enough. `all`: every one. */
  require?: 'any' | 'all';
}

export type UnsubscribeFunction = () => void;

/** `fromCache`: true while a cached value awaits the server's confirmation. */
export type Cacheable<T> = T & { fromCache: boolean };
export type MemberSessionInfo = Cacheable<{ session: MemberSession | null }>;
export type MemberInfo = Cacheable<{ member: Member | null }>;
export type OrganizationInfo = Cacheable<{ organization: Organization | null }>;

export type B2BSessionOnChangeCallback = (session: MemberSession | null) => void;
export type B2BMemberOnChangeCallback = (member: Member | null) => void;
export type B2BOrganizationOnChangeCallback = (organization: Organization | null) => void;

export interface B2BState {
  member?: Member;
  organization?: Organization;
  session?: MemberSession;
}
/** What `onStateChange` hands its callback: the state, read-only (Stytch's type). */
export type DeepReadonly<T> = { readonly [P in keyof T]: DeepReadonly<T[P]> };

/** Where tokens are kept. A custom adapter is called synchronously. */
export type TokenStorage =
  | 'cookies'
  | 'localStorage'
  | 'sessionStorage'
  | 'memory'
  | { getItem(key: string): string | null; setItem(key: string, value: string): void; removeItem(key: string): void };

/**
 * The constructor's options. Every value may also be `undefined` (as apps pass
 * `import.meta.env.X` or `process.env.X`), which means the option is not set.
 */
export interface StytchClientOptions {
  cookieOptions?:
    | {
        opaqueTokenCookieName?: string | undefined;
        jwtCookieName?: string | undefined;
        istCookieName?: string | undefined;
        path?: string | undefined;
        domain?: string | undefined;
        availableToSubdomains?: boolean | undefined;
      }
    | undefined;
  /** Any http(s) base; a bare host gets https://. */
  customBaseUrl?: string | undefined;
  /** The API's domain for live and test tokens (https), as in Stytch's client; `customBaseUrl` wins. */
  endpointOptions?:
    | {
        apiDomain?: string | undefined;
        testApiDomain?: string | undefined;
        dfppaDomain?: string | undefined;
        dfpCdnDomain?: string | undefined;
      }
    | undefined;
  /**
   * Where the DFP script reports telemetry when the project turns DFP Protected Auth on
   * (`https://telemetry.stytch.com`). A URL keeps its scheme, port and path (the emulator's
   * `http://localhost:...`, or its Service Worker's `/stytch` prefix); Stytch's client makes
   * every value https. Wins over `endpointOptions.dfppaDomain`.
   * Read when DFP first needs it: a value that is no http(s) URL or domain is a
   * `StytchSDKUsageError` from that call, before its request.
   */
  dfppaUrl?: string | undefined;
  /** Where the DFP script (`/telemetry.js`) is loaded from (`https://elements.stytch.com`); as `dfppaUrl`. */
  dfpCdnUrl?: string | undefined;
  /** Used verbatim, chosen by the public token's kind; wins over customBaseUrl. */
  endpoints?: { testAPIURL?: string | undefined; liveAPIURL?: string | undefined } | undefined;
  /** Refresh with the last session_duration_minutes, so the session is extended. */
  keepSessionAlive?: boolean | undefined;
  /** Ours: default 'cookies' (Stytch-compatible). */
  tokenStorage?: TokenStorage | undefined;
  /** Ours: abort a request after this long; default 30000. */
  requestTimeoutMs?: number | undefined;
  /** Ours: how often the session is refreshed while it exists; default 180000 (Stytch's 3 minutes), 1000..86400000. */
  sessionRefreshIntervalMs?: number | undefined;
}

// Issue #22 (methods): the rest of Stytch's B2B client that talks to the API, with its
// parameter and answer types shaped as Stytch's.
export interface DiscoveredOrganization {
  organization: Organization;
  membership:
    | { type: 'eligible_to_join_by_email_domain'; details: { domain: string }; member: null }
    | { type: 'active_member' | 'pending_member' | 'invited_member'; details: null; member: Member }
    | { type: 'eligible_to_join_by_oauth_tenant'; details: { provider: string; tenant: string }; member: null };
  member_authenticated: boolean;
  primary_required: PrimaryRequired | null;
  mfa_required: MfaRequired | null;
}
export type B2BDiscoveryAuthenticateResponse<_TProjectConfiguration = unknown> = ResponseCommon & {
  intermediate_session_token: string;
  email_address: string;
  discovered_organizations: DiscoveredOrganization[];
};
export type B2BDiscoveryOrganizationsResponse = ResponseCommon & {
  email_address: string;
  discovered_organizations: DiscoveredOrganization[];
  organization_id_hint: string | null;
};
export type B2BDiscoveryOrganizationsCreateOptions = SessionDurationOptions & {
  organization_name?: string;
  organization_slug?: string;
  organization_logo_url?: string;
  sso_jit_provisioning?: string;
  email_allowed_domains?: string[];
  email_jit_provisioning?: string;
  email_invites?: string;
  oauth_tenant_jit_provisioning?: 'RESTRICTED' | 'NOT_ALLOWED';
  allowed_oauth_tenants?: Record<string, string[]>;
  auth_methods?: string;
  allowed_auth_methods?: B2BAllowedAuthMethods[];
  mfa_policy?: 'OPTIONAL' | 'REQUIRED_FOR_ALL' | (string & {});
  mfa_methods?: 'ALL_ALLOWED' | 'RESTRICTED';
  allowed_mfa_methods?: B2BAllowedMFAMethods[];
};
export type B2BDiscoveryOrganizationsCreateResponse = B2BAuthenticateResponseWithMFA;
export interface B2BMagicLinksInviteOptions {
  email_address: string;
  invite_redirect_url?: string;
  invite_template_id?: string;
  name?: string;
  untrusted_metadata?: Record<string, unknown>;
  locale?: locale;
  roles?: string[];
  invite_expiration_minutes?: number;
}
export type B2BMagicLinksInviteResponse = MemberResponseCommon;
export interface B2BMagicLinksEmailDiscoverySendOptions {
  email_address: string;
  discovery_redirect_url?: string;
  login_template_id?: string;
  locale?: locale;
  discovery_expiration_minutes?: number;
}
export type B2BMagicLinksEmailDiscoverySendResponse = ResponseCommon;
export interface B2BMagicLinksDiscoveryAuthenticateOptions {
  discovery_magic_links_token: string;
}
export type B2BMagicLinksDiscoveryAuthenticateResponse = B2BDiscoveryAuthenticateResponse;
export interface B2BOTPsEmailLoginOrSignupOptions {
  organization_id: string;
  email_address: string;
  login_template_id?: string;
  signup_template_id?: string;
  locale?: locale;
  login_expiration_minutes?: number;
  signup_expiration_minutes?: number;
}
export type B2BOTPsEmailLoginOrSignupResponse = ResponseCommon;
export type B2BOTPsEmailAuthenticateOptions = SessionDurationOptions & {
  code: string;
  organization_id: string;
  email_address: string;
  locale?: locale;
};
export type B2BOTPsEmailAuthenticateResponse = B2BAuthenticateResponseWithMFA & { method_id: string };
export interface B2BDiscoveryOTPEmailSendOptions {
  email_address: string;
  login_template_id?: string;
  locale?: locale;
  discovery_expiration_minutes?: number;
}
export type B2BDiscoveryOTPEmailSendResponse = ResponseCommon;
export interface B2BDiscoveryOTPEmailAuthenticateOptions {
  email_address: string;
  code: string;
}
export type B2BDiscoveryOTPEmailAuthenticateResponse = B2BDiscoveryAuthenticateResponse;
export interface B2BPasswordResetBySessionOptions {
  password: string;
}
export type B2BPasswordResetBySessionResponse = B2BAuthenticateResponse;
export interface B2BPasswordDiscoveryResetByEmailStartOptions {
  email_address: string;
  discovery_redirect_url?: string;
  reset_password_redirect_url?: string;
  reset_password_expiration_minutes?: number;
  reset_password_template_id?: string;
  verify_email_template_id?: string;
  locale?: locale;
}
export type B2BPasswordDiscoveryResetByEmailStartResponse = ResponseCommon;
export interface B2BPasswordDiscoveryResetByEmailOptions {
  password_reset_token: string;
  password: string;
}
export type B2BPasswordDiscoveryResetByEmailResponse = B2BDiscoveryAuthenticateResponse;
export interface B2BPasswordDiscoveryAuthenticateOptions {
  email_address: string;
  password: string;
}
export type B2BPasswordDiscoveryAuthenticateResponse = B2BDiscoveryAuthenticateResponse;
export interface OAuthDiscoveryAuthenticateOptions {
  discovery_oauth_token: string;
}
export type B2BOAuthDiscoveryAuthenticateResponse = B2BDiscoveryAuthenticateResponse;
export interface B2BOAuthDiscoveryStartOptions {
  discovery_redirect_url?: string;
  custom_scopes?: string[];
  provider_params?: Record<string, string>;
}
export interface B2BSessionRevokeForMemberOptions {
  member_id: string;
}
export type B2BSessionRevokeForMemberResponse = ResponseCommon;
export type B2BSessionExchangeOptions = SessionDurationOptions & { organization_id: string; locale?: locale };
export type B2BSessionExchangeResponse = B2BAuthenticateResponseWithMFA;
export type B2BSessionAccessTokenExchangeOptions = SessionDurationOptions & { access_token: string };
export type B2BSessionAccessTokenExchangeResponse = B2BAuthenticateResponse;
export type B2BSessionAttestOptions = SessionDurationOptions & {
  organization_id?: string;
  profile_id: string;
  token: string;
} & Partial<SessionTokens>;
export type B2BSessionAttestResponse = B2BAuthenticateResponse;
/** The JWT is optional: the refresh that follows brings it. */
export type SessionTokensUpdate = { session_token: string; session_jwt?: string | null };
export interface B2BMemberUpdateOptions {
  name?: string;
  untrusted_metadata?: Record<string, unknown>;
  mfa_enrolled?: boolean;
  mfa_phone_number?: string;
  default_mfa_method?: 'sms_otp' | 'totp';
}
export type B2BMemberUpdateResponse = MemberResponseCommon;
export type B2BMemberDeleteMFAPhoneNumberResponse = MemberResponseCommon;
export type B2BMemberDeleteMFATOTPResponse = MemberResponseCommon;
export type B2BMemberDeletePasswordResponse = MemberResponseCommon;
export interface B2BMemberUnlinkRetiredEmailRequest {
  email_id?: string;
  email_address?: string;
}
export type B2BMemberUnlinkRetiredEmailResponse = MemberResponseCommon;
export interface B2BMemberStartEmailUpdateRequest {
  email_address: string;
  login_redirect_url?: string;
  login_template_id?: string;
  locale?: locale;
  delivery_method?: 'EMAIL_MAGIC_LINK' | 'EMAIL_OTP';
}
export type B2BMemberStartEmailUpdateResponse = MemberResponseCommon;
/** The settings a member may change (each as Stytch's types take it; RBAC decides who may). */
export interface B2BOrganizationsUpdateOptions {
  organization_name?: string;
  organization_slug?: string;
  organization_logo_url?: string;
  sso_default_connection_id?: string | null;
  sso_jit_provisioning?: Provisioning | (string & {});
  sso_jit_provisioning_allowed_connections?: string[];
  email_allowed_domains?: string[];
  email_jit_provisioning?: Provisioning;
  email_invites?: Provisioning;
  oauth_tenant_jit_provisioning?: 'RESTRICTED' | 'NOT_ALLOWED';
  allowed_oauth_tenants?: Record<string, string[]>;
  auth_methods?: 'ALL_ALLOWED' | 'RESTRICTED' | (string & {});
  allowed_auth_methods?: B2BAllowedAuthMethods[];
  mfa_methods?: 'ALL_ALLOWED' | 'RESTRICTED';
  allowed_mfa_methods?: B2BAllowedMFAMethods[];
  mfa_policy?: 'OPTIONAL' | 'REQUIRED_FOR_ALL' | (string & {});
  rbac_email_implicit_role_assignments?: { role_id: string; domain: string }[];
  first_party_connected_apps_allowed_type?: Provisioning;
  allowed_first_party_connected_apps?: string[];
  third_party_connected_apps_allowed_type?: Provisioning;
  allowed_third_party_connected_apps?: string[];
}
export type B2BOrganizationsUpdateResponse = ResponseCommon & { organization: Organization };
export type B2BOrganizationsDeleteResponse = ResponseCommon & { organization_id: string };
export interface B2BOrganizationsGetBySlugOptions {
  organization_slug: string;
}
export type OrganizationBySlugMatch = Pick<
  Organization,
  | 'organization_id'
  | 'sso_active_connections'
  | 'organization_name'
  | 'organization_logo_url'
  | 'sso_default_connection_id'
  | 'email_jit_provisioning'
  | 'email_allowed_domains'
  | 'oauth_tenant_jit_provisioning'
  | 'allowed_oauth_tenants'
  | 'allowed_auth_methods'
  | 'auth_methods'
  | 'mfa_policy'
  | 'organization_slug'
>;
export type B2BOrganizationsGetBySlugResponse = ResponseCommon & { organization: OrganizationBySlugMatch | null };
export interface B2BOrganizationsMembersCreateOptions {
  email_address: string;
  name?: string;
  untrusted_metadata?: Record<string, unknown>;
  create_member_as_pending?: boolean;
  is_breakglass?: boolean;
  mfa_phone_number?: string;
  mfa_enrolled?: boolean;
  roles?: string[];
}
export type B2BOrganizationsMembersCreateResponse = MemberResponseCommon;
export type SearchQueryOperand =
  | { filter_name: 'member_ids' | 'member_emails' | 'statuses' | 'member_mfa_phone_numbers' | 'member_roles'; filter_value: string[] }
  | { filter_name: 'member_email_fuzzy' | 'member_mfa_phone_number_fuzzy'; filter_value: string }
  | { filter_name: 'member_is_breakglass' | 'member_password_exists'; filter_value: boolean }
  | { filter_name: string; [key: string]: unknown };
export interface B2BOrganizationsMembersSearchOptions {
  cursor?: string;
  limit?: number;
  query?: { operator: 'OR' | 'AND' | (string & {}); operands: SearchQueryOperand[] };
}
export type B2BOrganizationsMembersSearchResponse = ResponseCommon & {
  members: Member[];
  results_metadata: { total: number; next_cursor: string | null };
  organizations: Record<string, Organization>;
};
export type B2BOrganizationsMembersUpdateOptions = {
  member_id: string;
  name?: string;
  untrusted_metadata?: Record<string, unknown>;
  trusted_metadata?: Record<string, unknown>;
  is_breakglass?: boolean;
  mfa_phone_number?: string;
  mfa_enrolled?: boolean;
  roles?: string[];
  preserve_existing_sessions?: boolean;
  default_mfa_method?: 'sms_otp' | 'totp';
  email_address?: string;
};
export type B2BOrganizationsMembersUpdateResponse = MemberResponseCommon;
export type B2BOrganizationsMemberDeletePasswordResponse = MemberResponseCommon;
export type B2BOrganizationsMemberDeleteMFAPhoneNumberResponse = MemberResponseCommon;
export type B2BOrganizationsMemberDeleteMFATOTPResponse = MemberResponseCommon;
export type B2BOrganizationsMembersDeleteResponse = ResponseCommon & { member_id: string };
export type B2BOrganizationsMembersReactivateResponse = MemberResponseCommon;
export type B2BOrganizationsMemberUnlinkRetiredEmailOptions = B2BMemberUnlinkRetiredEmailRequest & { member_id: string };
export type B2BOrganizationsMemberUnlinkRetiredEmailResponse = MemberResponseCommon;
export type B2BOrganizationsMemberStartEmailUpdateOptions = B2BMemberStartEmailUpdateRequest & { member_id: string };
export type B2BOrganizationsMemberStartEmailUpdateResponse = MemberResponseCommon;
export interface X509Certificate {
  certificate_id: string;
  certificate: string;
  issuer: string;
  created_at: string;
  expires_at: string;
  updated_at: string;
}
export interface EncryptionPrivateKey {
  private_key_id: string;
  private_key: string;
  created_at: string;
}
/** An organization's SAML connection, as Stytch's API describes it. */
export interface SAMLConnection {
  organization_id: string;
  connection_id: string;
  status: string;
  attribute_mapping: Record<string, string>;
  idp_entity_id: string;
  display_name: string;
  idp_sso_url: string;
  acs_url: string;
  audience_uri: string;
  signing_certificates: X509Certificate[];
  verification_certificates: X509Certificate[];
  saml_connection_implicit_role_assignments: { role_id: string }[];
  saml_group_implicit_role_assignments: { role_id: string; group: string }[];
  identity_provider: string;
  saml_encryption_private_keys: EncryptionPrivateKey[];
}
/** An organization's OIDC connection, as Stytch's API describes it. */
export interface OIDCConnection {
  organization_id: string;
  connection_id: string;
  status: string;
  display_name: string;
  redirect_url: string;
  issuer: string;
  client_id: string;
  client_secret: string;
  authorization_url: string;
  token_url: string;
  userinfo_url: string;
  jwks_url: string;
  identity_provider: string;
  custom_scopes: string;
  attribute_mapping: Record<string, string>;
}
/** Another organization's connection shared with this one. */
export interface ExternalConnection {
  organization_id: string;
  connection_id: string;
  external_organization_id: string;
  external_connection_id: string;
  status: string;
  display_name: string;
  external_connection_implicit_role_assignments: { role_id: string }[];
  external_group_implicit_role_assignments: { role_id: string; group: string }[];
}
export type B2BSSOGetConnectionsResponse = ResponseCommon & {
  saml_connections: SAMLConnection[];
  oidc_connections: OIDCConnection[];
  external_connections: ExternalConnection[];
};
export type B2BSSODiscoverConnectionsResponse = ResponseCommon & { connections: SSOActiveConnection[] };
// sso24 (#24): SSO connection management (the session member's organization; RBAC on `stytch.sso`).
export type B2BSSODeleteConnectionResponse = ResponseCommon & { connection_id: string };
/** A new connection: `pending` until it has everything its protocol needs. */
export type B2BSSOSAMLCreateConnectionOptions = { display_name?: string; identity_provider?: string };
export type B2BSSOSAMLCreateConnectionResponse = ResponseCommon & { connection: SAMLConnection };
export type B2BSSOSAMLUpdateConnectionOptions = {
  connection_id: string;
  idp_entity_id?: string;
  display_name?: string;
  attribute_mapping?: Record<string, string>;
  idp_sso_url?: string;
  x509_certificate?: string;
  saml_connection_implicit_role_assignments?: { role_id: string }[];
  saml_group_implicit_role_assignments?: { role_id: string; group: string }[];
  identity_provider?: string;
  signing_private_key?: string;
  saml_encryption_private_key?: string;
  alternative_audience_uri?: string;
  nameid_format?: string;
  alternative_acs_url?: string;
  idp_initiated_auth_disabled?: boolean;
  allow_gateway_callback?: boolean;
};
export type B2BSSOSAMLUpdateConnectionResponse = ResponseCommon & { connection: SAMLConnection };
/** The emulator reads only its own identity provider's metadata URL (`/v1/b2b/public/idp/saml/metadata`). */
export type B2BSSOSAMLUpdateConnectionByURLOptions = { connection_id: string; metadata_url: string };
export type B2BSSOSAMLUpdateConnectionByURLResponse = ResponseCommon & { connection: SAMLConnection };
export type B2BSSOSAMLDeleteVerificationCertificateOptions = { connection_id: string; certificate_id: string };
export type B2BSSOSAMLDeleteVerificationCertificateResponse = ResponseCommon & { certificate_id: string };
export type B2BSSOSAMLDeleteEncryptionPrivateKeyOptions = { connection_id: string; private_key_id: string };
export type B2BSSOSAMLDeleteEncryptionPrivateKeyResponse = ResponseCommon & { private_key_id: string };
export type B2BSSOOIDCCreateConnectionOptions = { display_name?: string; identity_provider?: string };
export type B2BSSOOIDCCreateConnectionResponse = ResponseCommon & { connection: OIDCConnection };
export type B2BSSOOIDCUpdateConnectionOptions = {
  connection_id: string;
  display_name?: string;
  issuer?: string;
  client_id?: string;
  client_secret?: string;
  authorization_url?: string;
  token_url?: string;
  userinfo_url?: string;
  jwks_url?: string;
  identity_provider?: string;
  custom_scopes?: string;
  attribute_mapping?: Record<string, string>;
};
/** `warning`: set when the issuer changed (the emulator fetches no discovery document). */
export type B2BSSOOIDCUpdateConnectionResponse = ResponseCommon & { connection: OIDCConnection; warning: string };
export type B2BSSOCreateExternalConnectionOptions = {
  display_name?: string;
  external_organization_id: string;
  external_connection_id: string;
  connection_implicit_role_assignments?: { role_id: string }[];
  group_implicit_role_assignments?: { role_id: string; group: string }[];
};
export type B2BSSOCreateExternalConnectionResponse = ResponseCommon & { connection: ExternalConnection };
export type B2BSSOUpdateExternalConnectionOptions = {
  connection_id: string;
  display_name?: string;
  external_connection_implicit_role_assignments?: { role_id: string }[];
  external_group_implicit_role_assignments?: { role_id: string; group: string }[];
};
export type B2BSSOUpdateExternalConnectionResponse = ResponseCommon & { connection: ExternalConnection };
/** The token types `authenticateByUrl` authenticates (`stytch_token_type` of a redirect). */
export type HandledTokenType =
  'discovery' | 'discovery_oauth' | 'oauth' | 'sso' | 'multi_tenant_magic_links' | 'multi_tenant_impersonation';
export type AuthenticateByUrlResponse =
  null | { handled: false; tokenType: string; token: string } | { handled: true; tokenType: HandledTokenType; data: unknown };
export type ParsedAuthenticateUrl =
  null | { handled: false; tokenType: string; token: string } | { handled: true; tokenType: HandledTokenType; token: string };

// scim24: SCIM connections and impersonation.
/** A role the members of a SCIM group hold. */
export interface SCIMGroupImplicitRoleAssignment {
  role_id: string;
  group_id: string;
}
interface SCIMConnectionBase {
  organization_id: string;
  connection_id: string;
  /** `active`. */
  status: string;
  display_name: string;
  /** `generic`, `okta`, `microsoft-entra`, `cyberark`, `jumpcloud`, `onelogin`, `pingfederate` or `rippling`. */
  identity_provider: string;
  /** Where the identity provider sends its SCIM requests, with the bearer token. */
  base_url: string;
  scim_group_implicit_role_assignments: (SCIMGroupImplicitRoleAssignment & { group_name?: string })[];
}
/** A connection as reads and updates answer it: the tokens' last four characters only. */
export interface SCIMConnection extends SCIMConnectionBase {
  bearer_token_last_four: string;
  bearer_token_expires_at: string;
  /** During a rotation (empty otherwise). */
  next_bearer_token_last_four?: string;
  next_bearer_token_expires_at?: string;
}
/** A new connection: its bearer token, shown this once. */
export interface SCIMConnectionWithBearerToken extends SCIMConnectionBase {
  bearer_token: string;
  bearer_token_expires_at: string;
}
/** A rotation's start: the next token, valid beside the current one until the rotation completes. */
export interface SCIMConnectionWithNextBearerToken extends SCIMConnectionBase {
  next_bearer_token: string;
  next_bearer_token_expires_at: string;
  bearer_token_last_four: string;
  bearer_token_expires_at: string;
}
export interface SCIMGroup {
  organization_id: string;
  connection_id: string;
  group_id: string;
  group_name: string;
}
export interface SCIMRegistration {
  connection_id: string;
  registration_id: string;
  external_id?: string;
  scim_attributes?: Record<string, unknown>;
}
export type B2BSCIMCreateConnectionOptions = { display_name?: string; identity_provider?: string };
export type B2BSCIMCreateConnectionResponse = ResponseCommon & { connection: SCIMConnectionWithBearerToken };
export type B2BSCIMUpdateConnectionOptions = {
  connection_id: string;
  display_name?: string;
  identity_provider?: string;
  /** Replaces the connection's; needs `update.settings.implicit-roles` on `stytch.organization`. */
  scim_group_implicit_role_assignments?: SCIMGroupImplicitRoleAssignment[];
};
export type B2BSCIMUpdateConnectionResponse = ResponseCommon & { connection: SCIMConnection };
export type B2BSCIMDeleteConnectionResponse = ResponseCommon & { connection_id: string };
export type B2BSCIMGetConnectionResponse = ResponseCommon & { connection: SCIMConnection };
export type B2BSCIMGetConnectionGroupsOptions = { limit?: number; cursor?: string };
export type B2BSCIMGetConnectionGroupsResponse = ResponseCommon & { scim_groups: SCIMGroup[]; next_cursor: string | null };
export type B2BSCIMRotateStartResponse = ResponseCommon & { connection: SCIMConnectionWithNextBearerToken };
export type B2BSCIMRotateCompleteResponse = ResponseCommon & { connection: SCIMConnection };
export type B2BSCIMRotateCancelResponse = ResponseCommon & { connection: SCIMConnection };
/** The session's organization's SCIM connection, under the member's roles on `stytch.scim`. */
export interface IHeadlessB2BSCIMClient {
  createConnection(data: B2BSCIMCreateConnectionOptions): Promise<B2BSCIMCreateConnectionResponse>;
  updateConnection(data: B2BSCIMUpdateConnectionOptions): Promise<B2BSCIMUpdateConnectionResponse>;
  deleteConnection(connectionId: string): Promise<B2BSCIMDeleteConnectionResponse>;
  /** The organization's connection (the id is not sent, as in Stytch's client). */
  getConnection(connectionId?: string): Promise<B2BSCIMGetConnectionResponse>;
  getConnectionGroups(data: B2BSCIMGetConnectionGroupsOptions): Promise<B2BSCIMGetConnectionGroupsResponse>;
  rotateStart(connectionId: string): Promise<B2BSCIMRotateStartResponse>;
  rotateComplete(connectionId: string): Promise<B2BSCIMRotateCompleteResponse>;
  rotateCancel(connectionId: string): Promise<B2BSCIMRotateCancelResponse>;
}
export type B2BImpersonationAuthenticateOptions = { impersonation_token: string };
/** Always a session: an impersonation is never asked for the member's MFA. */
export type B2BImpersonationAuthenticateResponse<_TProjectConfiguration = unknown> = B2BAuthenticateResponseWithMFA;
export interface IHeadlessB2BImpersonationClient<_TProjectConfiguration = unknown> {
  /** Spends the single-use token for a session whose factor is `impersonated`; stores the session. */
  authenticate(data: B2BImpersonationAuthenticateOptions): Promise<B2BImpersonationAuthenticateResponse>;
}

export interface IHeadlessB2BPasswordClient {
  authenticate(data: B2BPasswordAuthenticateOptions): Promise<B2BPasswordAuthenticateResponse>;
  /** Emails a reset link; the member then sets a password with `resetByEmail`. */
  resetByEmailStart(data: B2BPasswordResetByEmailStartOptions): Promise<B2BPasswordResetByEmailStartResponse>;
  /** Sets the new password with the link's token and signs in (sends the stored IST). */
  resetByEmail(data: B2BPasswordResetByEmailOptions): Promise<B2BPasswordResetByEmailResponse>;
  resetByExistingPassword(data: B2BPasswordResetByExistingPasswordOptions): Promise<B2BPasswordResetByExistingPasswordResponse>;
  /** The project's strength rules applied to a candidate password. */
  strengthCheck(data: B2BPasswordStrengthCheckOptions): Promise<B2BPasswordStrengthCheckResponse>;
  /** Sets a new password for the member of the current session. */
  resetBySession(data: B2BPasswordResetBySessionOptions): Promise<B2BPasswordResetBySessionResponse>;
  discovery: {
    resetByEmailStart(data: B2BPasswordDiscoveryResetByEmailStartOptions): Promise<B2BPasswordDiscoveryResetByEmailStartResponse>;
    /** Stores the discovery IST of the answer. */
    resetByEmail(data: B2BPasswordDiscoveryResetByEmailOptions): Promise<B2BPasswordDiscoveryResetByEmailResponse>;
    /** Stores the discovery IST of the answer. */
    authenticate(data: B2BPasswordDiscoveryAuthenticateOptions): Promise<B2BPasswordDiscoveryAuthenticateResponse>;
  };
}
export interface IOAuthDiscoveryProvider {
  /** Navigates to the provider's discovery login (no organization yet). */
  start(options: B2BOAuthDiscoveryStartOptions): Promise<void>;
}
/** `oauth.googleOneTap.start`'s options: the organization, and where the member goes after Google. */
export type B2BGoogleOneTapOAuthOptions = {
  organization_id: string;
  /** For a member who exists, with `?stytch_token_type=oauth&token=...` (the project's default when absent). */
  login_redirect_url?: string;
  /** For a member who does not exist yet. */
  signup_redirect_url?: string;
  /** Whether a click outside the prompt dismisses it (default true). */
  cancel_on_tap_outside?: boolean;
};
/** `oauth.googleOneTap.discovery.start`'s options. */
export type B2BGoogleOneTapDiscoveryOAuthOptions = {
  /** With `?stytch_token_type=discovery_oauth&token=...` (the project's default when absent). */
  discovery_redirect_url?: string;
  cancel_on_tap_outside?: boolean;
};
/** Whether Google showed the One Tap prompt, and if not, its reason. */
export type OneTapRenderResult =
  | { success: true }
  | {
      success: false;
      reason:
        | 'browser_not_supported'
        | 'invalid_client'
        | 'missing_client_id'
        | 'opt_out_or_no_session'
        | 'secure_http_required'
        | 'suppressed_by_user'
        | 'unregistered_origin'
        | 'unknown_reason'
        | 'auto_cancel'
        | 'user_cancel'
        | 'tap_outside'
        | 'issuing_failed';
    };
export interface IB2BGoogleOneTapOAuthProvider {
  /**
   * Shows Google's One Tap prompt (the page's `google.accounts.id`, else Google's script); the
   * account picked signs in, and the browser goes to the redirect URL with the token
   * `oauth.authenticate` takes. Rejects when the project has no Google client id, and without
   * `organization_id` (a usage error; optional in the type, as in Stytch's).
   */
  start(options?: B2BGoogleOneTapOAuthOptions): Promise<OneTapRenderResult>;
  discovery: {
    /** As `start`, for the discovery login: the token is `oauth.discovery.authenticate`'s. */
    start(options?: B2BGoogleOneTapDiscoveryOAuthOptions): Promise<OneTapRenderResult>;
  };
}
export interface IHeadlessB2BOAuthClient {
  googleOneTap: IB2BGoogleOneTapOAuthProvider;
  google: IOAuthProvider;
  microsoft: IOAuthProvider;
  hubspot: IOAuthProvider;
  slack: IOAuthProvider;
  github: IOAuthProvider;
  discovery: {
    /** Exchanges the discovery redirect's token (and the stored PKCE verifier); stores the discovery IST. */
    authenticate(data: OAuthDiscoveryAuthenticateOptions): Promise<B2BOAuthDiscoveryAuthenticateResponse>;
  };
  /** Exchanges the redirect's token (and the stored PKCE verifier) for a primary factor. */
  authenticate(data: B2BOAuthAuthenticateOptions): Promise<B2BOAuthAuthenticateResponse>;
}
export interface IHeadlessB2BSSOClient {
  /** Navigates the browser to the connection's identity provider (PKCE made and kept). */
  start(options: SSOStartOptions): Promise<void>;
  authenticate(data: SSOAuthenticateOptions): Promise<SSOAuthenticateResponse>;
  /** The organization's SSO connections (member session). */
  getConnections(): Promise<B2BSSOGetConnectionsResponse>;
  /** The SSO connections an email address can use. */
  discoverConnections(emailAddress: string): Promise<B2BSSODiscoverConnectionsResponse>;
  /** Deletes one of the organization's connections (`delete` on `stytch.sso`). */
  deleteConnection(connectionId: string): Promise<B2BSSODeleteConnectionResponse>;
  saml: {
    createConnection(data: B2BSSOSAMLCreateConnectionOptions): Promise<B2BSSOSAMLCreateConnectionResponse>;
    updateConnection(data: B2BSSOSAMLUpdateConnectionOptions): Promise<B2BSSOSAMLUpdateConnectionResponse>;
    updateConnectionByURL(data: B2BSSOSAMLUpdateConnectionByURLOptions): Promise<B2BSSOSAMLUpdateConnectionByURLResponse>;
    deleteVerificationCertificate(
      data: B2BSSOSAMLDeleteVerificationCertificateOptions,
    ): Promise<B2BSSOSAMLDeleteVerificationCertificateResponse>;
    deleteEncryptionPrivateKey(data: B2BSSOSAMLDeleteEncryptionPrivateKeyOptions): Promise<B2BSSOSAMLDeleteEncryptionPrivateKeyResponse>;
  };
  oidc: {
    createConnection(data: B2BSSOOIDCCreateConnectionOptions): Promise<B2BSSOOIDCCreateConnectionResponse>;
    updateConnection(data: B2BSSOOIDCUpdateConnectionOptions): Promise<B2BSSOOIDCUpdateConnectionResponse>;
  };
  external: {
    createConnection(data: B2BSSOCreateExternalConnectionOptions): Promise<B2BSSOCreateExternalConnectionResponse>;
    updateConnection(data: B2BSSOUpdateExternalConnectionOptions): Promise<B2BSSOUpdateExternalConnectionResponse>;
  };
}
export interface IHeadlessB2BMagicLinksClient {
  discovery: {
    /** Stores the discovery IST of the answer. */
    authenticate(data: B2BMagicLinksDiscoveryAuthenticateOptions): Promise<B2BMagicLinksDiscoveryAuthenticateResponse>;
  };
  email: {
    loginOrSignup(data: B2BMagicLinkLoginOrSignupOptions): Promise<B2BMagicLinkLoginOrSignupResponse>;
    invite(data: B2BMagicLinksInviteOptions): Promise<B2BMagicLinksInviteResponse>;
    discovery: {
      send(data: B2BMagicLinksEmailDiscoverySendOptions): Promise<B2BMagicLinksEmailDiscoverySendResponse>;
    };
  };
  authenticate(data: B2BMagicLinksAuthenticateOptions): Promise<B2BMagicLinksAuthenticateResponse>;
}
export interface IHeadlessB2BDiscoveryClient {
  organizations: {
    /** The organizations of the discovery IST's email (the stored IST is sent). */
    list(): Promise<B2BDiscoveryOrganizationsResponse>;
    /** Creates an organization and signs in, or answers `mfa_required` with an IST. */
    create(data: B2BDiscoveryOrganizationsCreateOptions): Promise<B2BDiscoveryOrganizationsCreateResponse>;
  };
  intermediateSessions: {
    exchange(data: B2BDiscoveryIntermediateSessionsExchangeOptions): Promise<B2BDiscoveryIntermediateSessionsExchangeResponse>;
  };
}
export interface IHeadlessB2BOTPsClient {
  sms: {
    send(data: B2BSMSSendOptions): Promise<B2BSMSSendResponse>;
    authenticate(data: B2BSMSAuthenticateOptions): Promise<B2BSMSAuthenticateResponse>;
  };
  email: {
    loginOrSignup(data: B2BOTPsEmailLoginOrSignupOptions): Promise<B2BOTPsEmailLoginOrSignupResponse>;
    authenticate(data: B2BOTPsEmailAuthenticateOptions): Promise<B2BOTPsEmailAuthenticateResponse>;
    discovery: {
      send(data: B2BDiscoveryOTPEmailSendOptions): Promise<B2BDiscoveryOTPEmailSendResponse>;
      /** Stores the discovery IST of the answer. */
      authenticate(data: B2BDiscoveryOTPEmailAuthenticateOptions): Promise<B2BDiscoveryOTPEmailAuthenticateResponse>;
    };
  };
}
export interface IHeadlessB2BTOTPsClient {
  create(data: B2BTOTPCreateOptions): Promise<B2BTOTPCreateResponse>;
  authenticate(data: B2BTOTPAuthenticateOptions): Promise<B2BTOTPAuthenticateResponse>;
}
export interface IHeadlessB2BRecoveryCodesClient {
  recover(data: RecoveryCodeRecoverOptions): Promise<RecoveryCodeRecoverResponse>;
  get(): Promise<RecoveryCodeGetResponse>;
  rotate(): Promise<RecoveryCodeRotateResponse>;
}
export interface IHeadlessB2BSessionClient<_TProjectConfiguration = unknown> {
  getSync(): MemberSession | null;
  getInfo(): MemberSessionInfo;
  getTokens(): SessionTokens | null;
  authenticate(options?: SessionAuthenticateOptions): Promise<B2BSessionAuthenticateResponse>;
  revoke(options?: B2BSessionRevokeOptions): Promise<SessionRevokeResponse>;
  onChange(callback: B2BSessionOnChangeCallback): UnsubscribeFunction;
  revokeForMember(options: B2BSessionRevokeForMemberOptions): Promise<B2BSessionRevokeForMemberResponse>;
  /** Exchanges the session for one in another organization; may answer `mfa_required`. */
  exchange(options: B2BSessionExchangeOptions): Promise<B2BSessionExchangeResponse>;
  exchangeAccessToken(options: B2BSessionAccessTokenExchangeOptions): Promise<B2BSessionAccessTokenExchangeResponse>;
  attest(options: B2BSessionAttestOptions): Promise<B2BSessionAttestResponse>;
  /** Stores session tokens obtained elsewhere (e.g. the app's backend) and drops the IST; no request. */
  updateSession(tokens: SessionTokensUpdate): void;
  /**
   * Ours: whether the cached session shows these factors authenticated within the last N
   * minutes. A UI aid: the server must check the session again before a sensitive action.
   * Throws StytchSDKUsageError on bad arguments.
   */
  authenticatedWithin(options: AuthenticatedWithinOptions): boolean;
}
/** @deprecated Stytch's earlier name for `self`: every method of `self`, as Stytch's has at run time. */
export type IHeadlessB2BMemberClient = IHeadlessB2BSelfClient;
export interface IHeadlessB2BSelfClient {
  /** The current member, fetched and cached. */
  get(): Promise<Member | null>;
  getSync(): Member | null;
  getInfo(): MemberInfo;
  onChange(callback: B2BMemberOnChangeCallback): UnsubscribeFunction;
  /** Each of these replaces the cached member with the answer's. */
  update(options: B2BMemberUpdateOptions): Promise<B2BMemberUpdateResponse>;
  deleteMFAPhoneNumber(): Promise<B2BMemberDeleteMFAPhoneNumberResponse>;
  deleteMFATOTP(): Promise<B2BMemberDeleteMFATOTPResponse>;
  deletePassword(passwordId: string): Promise<B2BMemberDeletePasswordResponse>;
  unlinkRetiredEmail(options: B2BMemberUnlinkRetiredEmailRequest): Promise<B2BMemberUnlinkRetiredEmailResponse>;
  startEmailUpdate(options: B2BMemberStartEmailUpdateRequest): Promise<B2BMemberStartEmailUpdateResponse>;
  /** apps24: the Connected Apps the member authorized (`stytch.self` `get.connected-apps`). */
  getConnectedApps(): Promise<B2BMemberGetConnectedAppsResponse>;
  /** apps24: ends the app's access: its refresh tokens stop working (`stytch.self` `revoke.connected-app`). */
  revokeConnectedApp(data: B2BMemberRevokeConnectedAppOptions): Promise<B2BMemberRevokeConnectedAppResponse>;
}
export interface IHeadlessB2BOrganizationClient {
  /** The current organization, fetched and cached. */
  get(): Promise<Organization | null>;
  getSync(): Organization | null;
  getInfo(): OrganizationInfo;
  onChange(callback: B2BOrganizationOnChangeCallback): UnsubscribeFunction;
  /** Replaces the cached organization with the answer's. */
  update(options: B2BOrganizationsUpdateOptions): Promise<B2BOrganizationsUpdateResponse>;
  /** Deletes the organization; the local session ends. */
  delete(): Promise<B2BOrganizationsDeleteResponse>;
  getBySlug(options: B2BOrganizationsGetBySlugOptions): Promise<B2BOrganizationsGetBySlugResponse>;
  /** apps24: the Connected Apps the organization's members authorized. */
  getConnectedApps(): Promise<B2BOrganizationsGetConnectedAppsResponse>;
  /** apps24: one, with the members who authorized it. */
  getConnectedApp(data: B2BOrganizationsGetConnectedAppOptions): Promise<B2BOrganizationsGetConnectedAppResponse>;
  members: {
    create(options: B2BOrganizationsMembersCreateOptions): Promise<B2BOrganizationsMembersCreateResponse>;
    search(options: B2BOrganizationsMembersSearchOptions): Promise<B2BOrganizationsMembersSearchResponse>;
    /** These replace the cached member when they change the current one. */
    update(options: B2BOrganizationsMembersUpdateOptions): Promise<B2BOrganizationsMembersUpdateResponse>;
    deletePassword(passwordId: string): Promise<B2BOrganizationsMemberDeletePasswordResponse>;
    deleteMFAPhoneNumber(memberId: string): Promise<B2BOrganizationsMemberDeleteMFAPhoneNumberResponse>;
    deleteMFATOTP(memberId: string): Promise<B2BOrganizationsMemberDeleteMFATOTPResponse>;
    /** Deleting the current member ends the local session. */
    delete(memberId: string): Promise<B2BOrganizationsMembersDeleteResponse>;
    reactivate(memberId: string): Promise<B2BOrganizationsMembersReactivateResponse>;
    unlinkRetiredEmail(options: B2BOrganizationsMemberUnlinkRetiredEmailOptions): Promise<B2BOrganizationsMemberUnlinkRetiredEmailResponse>;
    startEmailUpdate(options: B2BOrganizationsMemberStartEmailUpdateOptions): Promise<B2BOrganizationsMemberStartEmailUpdateResponse>;
    /** apps24: the Connected Apps a member authorized (`stytch.member` `get.connected-apps`). */
    getConnectedApps(data: B2BOrganizationsMemberGetConnectedAppsOptions): Promise<B2BOrganizationsMemberGetConnectedAppsResponse>;
    /** apps24: ends an app's access for a member (`stytch.member` `revoke.connected-app`). */
    revokeConnectedApp(data: B2BOrganizationsMemberRevokeConnectedAppOptions): Promise<B2BOrganizationsMemberRevokeConnectedAppResponse>;
  };
}

/** The headless B2B client: Stytch's current name. */
export declare class StytchB2BClient<_TProjectConfiguration = unknown> {
  constructor(publicToken: string, options?: StytchClientOptions);
  passwords: IHeadlessB2BPasswordClient;
  magicLinks: IHeadlessB2BMagicLinksClient;
  oauth: IHeadlessB2BOAuthClient;
  sso: IHeadlessB2BSSOClient;
  discovery: IHeadlessB2BDiscoveryClient;
  otps: IHeadlessB2BOTPsClient;
  totp: IHeadlessB2BTOTPsClient;
  recoveryCodes: IHeadlessB2BRecoveryCodesClient;
  session: IHeadlessB2BSessionClient;
  self: IHeadlessB2BSelfClient;
  /** @deprecated Stytch's earlier name for `self`. */
  member: IHeadlessB2BMemberClient;
  organization: IHeadlessB2BOrganizationClient;
  /** apps24: the consent and logout pages' calls when the app is a Connected Apps identity provider. */
  idp: IHeadlessB2BIDPClient;
  scim: IHeadlessB2BSCIMClient;
  impersonation: IHeadlessB2BImpersonationClient;
  onStateChange(callback: (state: DeepReadonly<B2BState>) => void): UnsubscribeFunction;
  /** The Stytch token in a URL (default: the page's), and whether `authenticateByUrl` handles its type. */
  parseAuthenticateUrl(href?: string): ParsedAuthenticateUrl;
  /** Authenticates the URL's Stytch token with the method for its type; null when there is none. */
  authenticateByUrl(
    options?: { clearParams?: boolean; session_duration_minutes?: number },
    href?: string,
  ): Promise<AuthenticateByUrlResponse>;
}

/** @deprecated Stytch's earlier name; use `StytchB2BClient` or `createStytchB2BClient`. */
export declare const StytchB2BHeadlessClient: typeof StytchB2BClient;
/** @deprecated Stytch's earlier name; a type too, for annotations written against it. */
export type StytchB2BHeadlessClient<_TProjectConfiguration = unknown> = StytchB2BClient;

/** Creates a client, as Stytch's `createStytchB2BClient`; on a server (no `window`), a stand-in whose API methods throw when called. */
export declare function createStytchB2BClient<_TProjectConfiguration = unknown>(
  publicToken: string,
  options?: StytchClientOptions,
): StytchB2BClient;
/** @deprecated Use `createStytchB2BClient`. */
export declare const createStytchB2BHeadlessClient: typeof createStytchB2BClient;

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
  constructor(details: {
    status_code: number;
    error_type: string;
    error_message: string;
    error_url: string;
    request_id?: string;
    error_details?: Record<string, unknown>;
  });
  /** `err` as a StytchAPIError: itself, the fields of an error body, or an `unknown_error` with its message. */
  static from(err: unknown): StytchAPIError;
}

export declare class StytchAPIUnreachableError extends StytchError {
  constructor(details: string);
}

/** As Stytch's, an `Error` but not a `StytchError`. */
export declare class StytchSDKUsageError extends Error {
  constructor(methodName: string, message: string);
}

// ---- react worker (issue #22): the headless entry's other values, `rbac`, and the bootstrap ----

/** The body of a schema error, as Stytch's schema error classes take it. */
export interface SchemaErrorBody {
  body?: { dataPath: string; message: string }[];
}
export declare class StytchAPISchemaError extends StytchError {
  constructor(schemaError: SchemaErrorBody);
}
export type StytchSDKErrorOptions = { url?: string };
export declare class StytchSDKError extends StytchError {
  options?: StytchSDKErrorOptions;
  constructor(name: string, description: string, options?: StytchSDKErrorOptions);
}
export declare class NoCurrentSessionError extends StytchSDKError {
  constructor();
}
export declare class InternalError extends StytchSDKError {
  nativeStack?: unknown;
  constructor(error: any);
}
/** @deprecated Stytch's earlier class; use StytchAPIUnreachableError. */
export declare class SDKAPIUnreachableError extends Error {
  details: string;
  constructor(message: string, details: string);
}
/** @deprecated Stytch's earlier class; use StytchAPIError. */
export declare class StytchSDKAPIError extends Error {
  error_type: string;
  error_message: string;
  error_url: string;
  request_id?: string;
  status_code: number;
  error_details?: object;
  constructor(details: ConstructorParameters<typeof StytchAPIError>[0]);
}
/** @deprecated Stytch's earlier class; use StytchAPISchemaError. */
export declare class StytchSDKSchemaError extends Error {
  constructor(schemaError: SchemaErrorBody);
}
/** The API error types after which Stytch's client clears the local session. */
export declare const UNRECOVERABLE_ERROR_TYPES: string[];
/** An error as one of the SDK's: an SDK error as it is, `no_current_session` as NoCurrentSessionError, else InternalError. */
export declare function errorToStytchError(error: any): StytchSDKError;

export declare const AuthFlowType: {
  readonly Discovery: 'Discovery';
  readonly Organization: 'Organization';
  readonly PasswordReset: 'PasswordReset';
};
export type AuthFlowType = (typeof AuthFlowType)[keyof typeof AuthFlowType];
export declare const B2BMFAProducts: {
  readonly smsOtp: 'smsOtp';
  readonly totp: 'totp';
};
export type B2BMFAProducts = (typeof B2BMFAProducts)[keyof typeof B2BMFAProducts];
export declare const B2BOAuthProviders: {
  readonly Google: 'google';
  readonly Microsoft: 'microsoft';
  readonly HubSpot: 'hubspot';
  readonly Slack: 'slack';
  readonly GitHub: 'github';
};
export type B2BOAuthProviders = (typeof B2BOAuthProviders)[keyof typeof B2BOAuthProviders];
export declare const RedirectURLType: {
  readonly ResetPassword: 'reset_password';
};
export type RedirectURLType = (typeof RedirectURLType)[keyof typeof RedirectURLType];
export declare const OTPMethods: {
  readonly SMS: 'sms';
  readonly WhatsApp: 'whatsapp';
  readonly Email: 'email';
};
export type OTPMethods = (typeof OTPMethods)[keyof typeof OTPMethods];
export declare const OneTapPositions: {
  readonly embedded: 'embedded';
  readonly floating: 'floating';
  readonly embeddedOnly: 'embeddedOnly';
  readonly floatingOrEmbedded: 'floatingOrEmbedded';
  readonly forceLegacyEmbedded: 'forceLegacyEmbedded';
};
export type OneTapPositions = (typeof OneTapPositions)[keyof typeof OneTapPositions];
export declare const OAuthProviders: {
  readonly Google: 'google';
  readonly Microsoft: 'microsoft';
  readonly Apple: 'apple';
  readonly Github: 'github';
  readonly GitLab: 'gitlab';
  readonly Facebook: 'facebook';
  readonly Discord: 'discord';
  readonly Salesforce: 'salesforce';
  readonly Slack: 'slack';
  readonly Amazon: 'amazon';
  readonly Bitbucket: 'bitbucket';
  readonly LinkedIn: 'linkedin';
  readonly Coinbase: 'coinbase';
  readonly Twitch: 'twitch';
  readonly Twitter: 'twitter';
  readonly TikTok: 'tiktok';
  readonly Snapchat: 'snapchat';
  readonly Figma: 'figma';
  readonly Yahoo: 'yahoo';
};
export type OAuthProviders = (typeof OAuthProviders)[keyof typeof OAuthProviders];
export declare enum StytchEventType {
  MagicLinkLoginOrCreateEvent = 'MAGIC_LINK_LOGIN_OR_CREATE',
  OTPsLoginOrCreateEvent = 'OTP_LOGIN_OR_CREATE',
  OTPsAuthenticate = 'OTP_AUTHENTICATE',
  CryptoWalletAuthenticateStart = 'CRYPTO_WALLET_AUTHENTICATE_START',
  CryptoWalletAuthenticate = 'CRYPTO_WALLET_AUTHENTICATE',
  PasswordCreate = 'PASSWORD_CREATE',
  PasswordAuthenticate = 'PASSWORD_AUTHENTICATE',
  PasswordResetByEmailStart = 'PASSWORD_RESET_BY_EMAIL_START',
  PasswordResetByEmail = 'PASSWORD_RESET_BY_EMAIL',
  PasskeyRegister = 'PASSKEY_REGISTER',
  PasskeyAuthenticate = 'PASSKEY_AUTHENTICATE',
  PasskeySkip = 'PASSKEY_SKIP',
  PasskeyDone = 'PASSKEY_DONE',
  AuthenticateFlowComplete = 'AUTHENTICATE_FLOW_COMPLETE',
  OAuthAuthorizeFlowStart = 'OAUTH_AUTHORIZE_FLOW_START',
  OAuthAuthorizeFlowComplete = 'OAUTH_AUTHORIZE_FLOW_COMPLETE',
  OAuthAuthorizeFlowConsentDenied = 'OAUTH_AUTHORIZE_FLOW_CONSENT_DENIED',
  B2BMagicLinkEmailLoginOrSignup = 'B2B_MAGIC_LINK_EMAIL_LOGIN_OR_SIGNUP',
  B2BMagicLinkAuthenticate = 'B2B_MAGIC_LINK_AUTHENTICATE',
  B2BMagicLinkEmailDiscoverySend = 'B2B_MAGIC_LINK_EMAIL_DISCOVERY_SEND',
  B2BMagicLinkDiscoveryAuthenticate = 'B2B_MAGIC_LINK_DISCOVERY_AUTHENTICATE',
  B2BSSOStart = 'B2B_SSO_START',
  B2BSSOAuthenticate = 'B2B_SSO_AUTHENTICATE',
  B2BSSODiscoverConnections = 'B2B_SSO_DISCOVER_CONNECTIONS',
  B2BOAuthAuthenticate = 'B2B_OAUTH_AUTHENTICATE',
  B2BOAuthDiscoveryAuthenticate = 'B2B_OAUTH_DISCOVERY_AUTHENTICATE',
  B2BDiscoveryOrganizationsCreate = 'B2B_DISCOVERY_ORGANIZATIONS_CREATE',
  B2BDiscoveryIntermediateSessionExchange = 'B2B_DISCOVERY_INTERMEDIATE_SESSION_EXCHANGE',
  B2BPasswordAuthenticate = 'B2B_PASSWORD_AUTHENTICATE',
  B2BPasswordDiscoveryAuthenticate = 'B2B_PASSWORD_DISCOVERY_AUTHENTICATE',
  B2BPasswordResetByEmailStart = 'B2B_PASSWORD_RESET_BY_EMAIL_START',
  B2BPasswordResetByEmail = 'B2B_PASSWORD_RESET_BY_EMAIL',
  B2BPasswordResetBySession = 'B2B_PASSWORD_RESET_BY_SESSION',
  B2BSMSOTPSend = 'B2B_SMS_OTP_SEND',
  B2BSMSOTPAuthenticate = 'B2B_SMS_OTP_AUTHENTICATE',
  B2BTOTPCreate = 'B2B_TOTP_CREATE',
  B2BTOTPAuthenticate = 'B2B_TOTP_AUTHENTICATE',
  B2BRecoveryCodesRecover = 'B2B_RECOVERY_CODES_RECOVER',
  B2BPasswordDiscoveryResetStart = 'B2B_PASSWORD_DISCOVERY_RESET_BY_EMAIL_START',
  B2BDiscoveryPasswordReset = 'B2B_PASSWORD_DISCOVERY_RESET_BY_EMAIL',
  B2BImpersonationAuthenticate = 'B2B_IMPERSONATION_AUTHENTICATE',
  B2BOTPsEmailAuthenticate = 'B2B_OTPS_EMAIL_AUTHENTICATE',
  B2BOTPsEmailDiscoveryAuthenticate = 'B2B_OTPS_EMAIL_DISCOVERY_AUTHENTICATE',
  B2BOTPsEmailDiscoverySend = 'B2B_OTPS_EMAIL_DISCOVERY_SEND',
  B2BOTPsEmailLoginOrSignup = 'B2B_OTPS_EMAIL_LOGIN_OR_SIGNUP',
  B2BOrganizationsGetBySlug = 'B2B_ORGANIZATIONS_GET_BY_SLUG',
}

export type OAuthAuthorizeParams = {
  client_id: string;
  redirect_uri: string;
  response_type: string;
  scopes: string[];
  code_challenge?: string;
  state?: string;
  nonce?: string;
  prompt?: string;
  resources?: string[];
};
export type OAuthLogoutParams = {
  client_id: string;
  post_logout_redirect_uri: string;
  id_token_hint?: string;
  state?: string;
};
/** The OAuth authorize request of an identity-provider page's query. */
export declare const parseOAuthAuthorizeParams: (params: URLSearchParams) => { error: string | null; result: OAuthAuthorizeParams };
/** The OAuth logout request of a page's query. */
export declare const parseOAuthLogoutParams: (params: URLSearchParams) => { error: string | null; result: OAuthLogoutParams };

/** Resource → action → whether the member may. */
export type PermissionsMap<Permissions extends Record<string, string>> = {
  [ResourceID in keyof Permissions]: Record<Permissions[ResourceID], boolean>;
};
/**
 * RBAC checks against the project's policy (from its bootstrap) and the organization's custom
 * roles, for the session's roles. A UI aid: the server must check again.
 */
export interface IHeadlessB2BRBACClient {
  /** From the policy kept from an earlier load (false before any has loaded). */
  isAuthorizedSync(resourceId: string, action: string): boolean;
  /** Once this load's bootstrap has answered. */
  isAuthorized(resourceId: string, action: string): Promise<boolean>;
  allPermissions<Permissions extends Record<string, string>>(): Promise<PermissionsMap<Permissions>>;
}
export interface StytchB2BClient<_TProjectConfiguration = unknown> {
  rbac: IHeadlessB2BRBACClient;
}

// ---- apps24 (issue #24): Connected Apps: the consent page's calls, and the apps a member authorized ----

/** A Connected App as a consent page shows it. */
export type ConnectedAppPublic = {
  client_id: string;
  client_type: string;
  client_name: string;
  client_description: string;
  client_logo_url?: string;
};
export type ScopeResult = { scope: string; is_grantable: boolean; description: string };
export type B2BOAuthAuthorizeStartOptions = {
  client_id: string;
  redirect_uri: string;
  response_type: string;
  scopes: string[];
  prompt?: string;
};
export type B2BOAuthAuthorizeStartResponse = ResponseCommon & {
  client: ConnectedAppPublic;
  consent_required: boolean;
  scope_results: ScopeResult[];
};
export type B2BOAuthAuthorizeSubmitOptions = B2BOAuthAuthorizeStartOptions & {
  state?: string;
  nonce?: string;
  code_challenge?: string;
  consent_granted: boolean;
};
export type B2BOAuthAuthorizeSubmitResponse = ResponseCommon & { redirect_uri: string; authorization_code?: string };
export type B2BOAuthLogoutStartOptions = {
  client_id: string;
  post_logout_redirect_uri: string;
  state: string;
  id_token_hint?: string;
};
export type B2BOAuthLogoutStartResponse = ResponseCommon & { redirect_uri: string; consent_required: boolean };
/** The identity-provider calls of the app's own authorization (consent) and logout pages. */
export interface IHeadlessB2BIDPClient {
  /** What to show the signed-in member: the client, the scopes, whether consent is needed. */
  oauthAuthorizeStart(data: B2BOAuthAuthorizeStartOptions): Promise<B2BOAuthAuthorizeStartResponse>;
  /** The member's answer: `redirect_uri` sends the browser back to the client (with a code when granted). */
  oauthAuthorizeSubmit(data: B2BOAuthAuthorizeSubmitOptions): Promise<B2BOAuthAuthorizeSubmitResponse>;
  oauthLogoutStart(data: B2BOAuthLogoutStartOptions): Promise<B2BOAuthLogoutStartResponse>;
}
/** A Connected App a member authorized. */
export type MemberConnectedApp = {
  connected_app_id: string;
  name: string;
  description: string;
  client_type: string;
  logo_url?: string;
  /** Space-separated. */
  scopes_granted: string;
};
export type B2BMemberGetConnectedAppsResponse = ResponseCommon & { connected_apps: MemberConnectedApp[] };
export type B2BMemberRevokeConnectedAppOptions = { connected_app_id: string };
export type B2BMemberRevokeConnectedAppResponse = ResponseCommon;
export type B2BOrganizationsGetConnectedAppsResponse = ResponseCommon & {
  connected_apps: { connected_app_id: string; name: string; description: string; client_type: string; logo_url?: string }[];
};
export type B2BOrganizationsGetConnectedAppOptions = { connected_app_id: string };
export type B2BOrganizationsGetConnectedAppResponse = ResponseCommon & {
  connected_app_id: string;
  name: string;
  description: string;
  client_type: string;
  logo_url?: string;
  active_members: { member_id: string; granted_scopes: string[] }[];
};
export type B2BOrganizationsMemberGetConnectedAppsOptions = { member_id: string };
export type B2BOrganizationsMemberGetConnectedAppsResponse = B2BMemberGetConnectedAppsResponse;
export type B2BOrganizationsMemberRevokeConnectedAppOptions = { member_id: string; connected_app_id: string };
export type B2BOrganizationsMemberRevokeConnectedAppResponse = ResponseCommon;
