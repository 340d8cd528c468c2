// The values Stytch's `@stytch/vanilla-js/b2b/headless` exports for the web beside the client
// and the error classes it throws (js/driver.js): the rest of its error classes, its enums and
// its OAuth authorize/logout URL helpers, with Stytch's names, inheritance and values (the
// plain-Error classes set their fields in Stytch's order, so that they serialize alike). A module
// of its own without side effects, so that a bundler leaves out what an app does not import.
import { StytchError, apiErrorMessage, withApiFields } from './driver.js';

/** `[dataPath]: message` lines of a schema error's body, as Stytch's schema errors list them. */
const schemaLines = (schemaError) => schemaError?.body?.map((e) => `${e.dataPath}: ${e.message}`).join('\n');

/** A request that does not match the API's schema. */
export class StytchAPISchemaError extends StytchError {
  constructor(schemaError) {
    super('StytchAPISchemaError', `Request does not match expected schema\n${schemaLines(schemaError)}`);
  }
}

/** An error of the SDK itself (`options` as Stytch's carries them). */
export class StytchSDKError extends StytchError {
  constructor(name, description, options) {
    super(name, description);
    this.options = options;
  }
}

/** An action that needs a session was asked for without one. */
export class NoCurrentSessionError extends StytchSDKError {
  constructor() {
    super('NoCurrentSessionError', 'There is no session currently available. Make sure the user is authenticated with a valid session.');
  }
}

/** Any other error, wrapped (its name and message kept). */
export class InternalError extends StytchSDKError {
  constructor(error) {
    super(error.name || 'Internal Error', error.message || 'An internal error has occurred. Please contact Stytch if this occurs.');
    this.nativeStack = error.nativeStackAndroid || error.nativeStackIOS;
  }
}

/** @deprecated Stytch's earlier name for an unreachable API; a plain `Error`, as Stytch's. */
export class SDKAPIUnreachableError extends Error {
  constructor(message, details) {
    super(`${message}\n${details}`);
    this.details = details;
    this.name = 'SDKAPIUnreachableError';
  }
}

/** @deprecated Stytch's earlier API error class; a plain `Error` with the API error's fields. */
export class StytchSDKAPIError extends Error {
  constructor(details) {
    super();
    withApiFields(this, details);
    this.name = 'StytchSDKAPIError';
    this.message = apiErrorMessage(details);
  }
}

/** @deprecated Stytch's earlier schema error class; a plain `Error`. */
export class StytchSDKSchemaError extends Error {
  constructor(schemaError) {
    super();
    this.name = 'StytchSDKSchemaError';
    this.message = `[400] Request does not match expected schema\n${schemaLines(schemaError)}`;
  }
}

/** The API error types after which Stytch's client clears the local session. */
export const UNRECOVERABLE_ERROR_TYPES = [
  'unauthorized_credentials',
  'user_unauthenticated',
  'invalid_secret_authentication',
  'session_not_found',
];

/**
 * An error as one of the SDK's: an SDK error as it is, `no_current_session` as
 * NoCurrentSessionError, anything else wrapped in InternalError. (Stytch's also maps the
 * messages of its mobile SDKs' biometric and passkey failures, which no web client raises.)
 */
export const errorToStytchError = (error) =>
  error instanceof StytchSDKError ? error : error.message === 'no_current_session' ? new NoCurrentSessionError() : new InternalError(error);

/** Each name its own value. */
const same = (...names) => Object.fromEntries(names.map((n) => [n, n]));

export const AuthFlowType = same('Discovery', 'Organization', 'PasswordReset');
export const B2BMFAProducts = same('smsOtp', 'totp');
export const B2BOAuthProviders = { Google: 'google', Microsoft: 'microsoft', HubSpot: 'hubspot', Slack: 'slack', GitHub: 'github' };
export const RedirectURLType = { ResetPassword: 'reset_password' };
export const OTPMethods = { SMS: 'sms', WhatsApp: 'whatsapp', Email: 'email' };
export const OneTapPositions = same('embedded', 'floating', 'embeddedOnly', 'floatingOrEmbedded', 'forceLegacyEmbedded');
/** Names whose value is the name in lower case, but for those given in `odd`. */
const lowered = (names, odd) => ({ ...Object.fromEntries(names.map((n) => [n, n.toLowerCase()])), ...odd });
export const OAuthProviders = lowered(
  'Google Microsoft Apple Github GitLab Facebook Discord Salesforce Slack Amazon Bitbucket LinkedIn Coinbase Twitch Twitter TikTok Snapchat Figma Yahoo'.split(
    ' ',
  ),
);

/** Stytch's UI events: each name and its value, in SCREAMING_CASE where not given. */
export const StytchEventType = Object.fromEntries(
  [
    ['MagicLinkLoginOrCreateEvent', 'MAGIC_LINK_LOGIN_OR_CREATE'],
    ['OTPsLoginOrCreateEvent', 'OTP_LOGIN_OR_CREATE'],
    ['OTPsAuthenticate', 'OTP_AUTHENTICATE'],
    ['CryptoWalletAuthenticateStart'],
    ['CryptoWalletAuthenticate'],
    ['PasswordCreate'],
    ['PasswordAuthenticate'],
    ['PasswordResetByEmailStart'],
    ['PasswordResetByEmail'],
    ['PasskeyRegister'],
    ['PasskeyAuthenticate'],
    ['PasskeySkip'],
    ['PasskeyDone'],
    ['AuthenticateFlowComplete'],
    ['OAuthAuthorizeFlowStart'],
    ['OAuthAuthorizeFlowComplete'],
    ['OAuthAuthorizeFlowConsentDenied'],
    ['B2BMagicLinkEmailLoginOrSignup'],
    ['B2BMagicLinkAuthenticate'],
    ['B2BMagicLinkEmailDiscoverySend'],
    ['B2BMagicLinkDiscoveryAuthenticate'],
    ['B2BSSOStart', 'B2B_SSO_START'],
    ['B2BSSOAuthenticate', 'B2B_SSO_AUTHENTICATE'],
    ['B2BSSODiscoverConnections', 'B2B_SSO_DISCOVER_CONNECTIONS'],
    ['B2BOAuthAuthenticate'],
    ['B2BOAuthDiscoveryAuthenticate'],
    ['B2BDiscoveryOrganizationsCreate'],
    ['B2BDiscoveryIntermediateSessionExchange'],
    ['B2BPasswordAuthenticate'],
    ['B2BPasswordDiscoveryAuthenticate'],
    ['B2BPasswordResetByEmailStart'],
    ['B2BPasswordResetByEmail'],
    ['B2BPasswordResetBySession'],
    ['B2BSMSOTPSend', 'B2B_SMS_OTP_SEND'],
    ['B2BSMSOTPAuthenticate', 'B2B_SMS_OTP_AUTHENTICATE'],
    ['B2BTOTPCreate', 'B2B_TOTP_CREATE'],
    ['B2BTOTPAuthenticate', 'B2B_TOTP_AUTHENTICATE'],
    ['B2BRecoveryCodesRecover'],
    ['B2BPasswordDiscoveryResetStart', 'B2B_PASSWORD_DISCOVERY_RESET_BY_EMAIL_START'],
    ['B2BDiscoveryPasswordReset', 'B2B_PASSWORD_DISCOVERY_RESET_BY_EMAIL'],
    ['B2BImpersonationAuthenticate'],
    ['B2BOTPsEmailAuthenticate'],
    ['B2BOTPsEmailDiscoveryAuthenticate'],
    ['B2BOTPsEmailDiscoverySend'],
    ['B2BOTPsEmailLoginOrSignup'],
    ['B2BOrganizationsGetBySlug'],
  ].map(([name, value]) => [name, value ?? screaming(name)]),
);

/** `B2BMagicLinkAuthenticate` → `B2B_MAGIC_LINK_AUTHENTICATE`: a word starts after `B2B` and at each capital after a small letter. */
function screaming(name) {
  return name
    .replace(/^B2B/, 'B2B_')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toUpperCase();
}

/** `{error, result}`: `result` with the `required` query parameters copied, or the first missing one named. */
function requiredParams(params, required, result) {
  for (const field of required) {
    const value = params.get(field);
    if (!value) return { error: `Required parameter is missing: ${field}. Please reach out to the application developer.`, result };
    result[field] = value;
  }
  return { error: null, result };
}

/**
 * The OAuth authorize request of an identity-provider page's query (`URLSearchParams`), as
 * Stytch's helper reads it: `client_id` and `redirect_uri` required, `response_type`
 * defaulting to `code`, `scope` split into `scopes` (default `openid email profile`), each
 * `resource` collected.
 */
export function parseOAuthAuthorizeParams(params) {
  const parsed = requiredParams(params, ['client_id', 'redirect_uri'], {
    client_id: '',
    redirect_uri: '',
    response_type: 'code',
    scopes: ['openid', 'email', 'profile'],
  });
  if (parsed.error) return parsed;
  const result = parsed.result;
  for (const field of ['response_type', 'scope', 'code_challenge', 'state', 'nonce', 'prompt']) {
    const value = params.get(field);
    if (value) field === 'scope' ? (result.scopes = value.split(' ').filter(Boolean)) : (result[field] = value);
  }
  if (params.has('resource')) result.resources = params.getAll('resource');
  return parsed;
}

/** The OAuth logout request of a page's query: `client_id` and `post_logout_redirect_uri` required. */
export function parseOAuthLogoutParams(params) {
  const parsed = requiredParams(params, ['client_id', 'post_logout_redirect_uri'], { client_id: '', post_logout_redirect_uri: '' });
  if (!parsed.error) {
    parsed.result.id_token_hint = params.get('id_token_hint') || undefined;
    parsed.result.state = params.get('state') || undefined;
  }
  return parsed;
}
