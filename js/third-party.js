// What a client runs only when a call goes to a third party, loaded when first needed (an
// app's bundler makes it a chunk of its own, which the download of an app that makes no such
// call leaves out): the OAuth and SSO starts (the browser goes to the identity provider),
// Google One Tap, and on the calls Stytch protects with them, Stytch's Device Fingerprinting
// (a telemetry id from its script) and reCAPTCHA Enterprise (a captcha token). Both surfaces
// run it: the typed Rust API loads it as a wasm-bindgen snippet beside bootstrap.js.
// It imports nothing: what it shares with the rest of the client comes in bootstrap.js's
// context (`Client` reads it), so that a bundler splitting it off moves only its own code.

// Where Stytch's client loads the scripts from: its DFP script and the backend the script
// reports to (the client options `dfpCdnUrl` and `dfppaUrl`, or `endpointOptions`'
// `dfpCdnDomain` and `dfppaDomain`, move them, e.g. to the emulator), reCAPTCHA Enterprise,
// and Google's One Tap. A page that already has a script's global (the emulator's stand-in
// for Google's, loaded by the page) keeps it.
const DFP_CDN = 'https://elements.stytch.com';
const DFP_BACKEND = 'https://telemetry.stytch.com';
const RECAPTCHA = 'https://www.google.com/recaptcha/enterprise.js?render=';
const GOOGLE_ONE_TAP = 'https://accounts.google.com/gsi/client';

/** One client, from js/bootstrap.js's `context` (its order). */
class Client {
  constructor([publicToken, base, loaded, options, send, errors, Pkce, CAPTCHA_REQUIRED, authorization, isParams]) {
    Object.assign(this, { publicToken, base, loaded, options, send, errors, Pkce, CAPTCHA_REQUIRED, authorization, isParams });
    this.timeoutMs = options?.requestTimeoutMs ?? 30000;
  }
}

/**
 * The client's DFP place: the option `name` (or `endpointOptions`' `domain`) as a base URL, a
 * URL with its scheme, port and path kept (Stytch's client makes every place https, which an
 * emulator on http://localhost cannot serve, and keeps no path, which one in a Service Worker
 * under a prefix needs), or https:// before a bare domain; Stytch's place without either.
 * Read when DFP first needs it: a malformed place is a usage error before the call's request
 * (Stytch's client does not check them at all).
 */
function placeOf(c, name, domain, stytchs) {
  const option = c.options?.[name] ?? c.options?.endpointOptions?.[domain];
  if (!option) return stytchs;
  try {
    // No spaces or control characters (some URL parsers take them into a host, escaped).
    if ((/^https?:\/\//.test(option) || !option.includes('://')) && !/[\0- \x7f]/.test(option))
      return new URL(/^https?:/.test(option) ? option : `https://${option}`).href.replace(/\/*([?#].*)?$/, '');
  } catch {
    // Not a URL: refused below.
  }
  throw new c.errors.StytchSDKUsageError(
    'stytch.StytchB2BHeadlessClient',
    `${name} (or endpointOptions.${domain}) must be an http or https URL.`,
  );
}

const loading = {};
/** `global()`, the global a script defines, once the page has loaded `src` (loaded once per src). */
const script = (src, global) =>
  global() ??
  (loading[src] ??= new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = () => resolve(global());
    s.onerror = () => reject(new Error(`${src} could not be loaded`), delete loading[src]);
    document.head.append(s);
  }));

/** A DFP telemetry id from the DFP script, for the client `c`. */
const telemetryId = async (c) => {
  const cdn = placeOf(c, 'dfpCdnUrl', 'dfpCdnDomain', DFP_CDN);
  const backend = placeOf(c, 'dfppaUrl', 'dfppaDomain', DFP_BACKEND);
  return (await script(`${cdn}/telemetry.js`, () => window.GetTelemetryID))(c.publicToken, `${backend}/submit`);
};

/** A reCAPTCHA Enterprise token for the site key. */
const captchaToken = async (siteKey) => {
  const recaptcha = await script(RECAPTCHA + siteKey, () => window.grecaptcha?.enterprise);
  await new Promise((ready) => recaptcha.ready(ready));
  return recaptcha.execute(siteKey, { action: 'LOGIN' });
};

/**
 * `run(params)` with what the bootstrap `data` asks for, as Stytch's client sends it: in DFP's
 * observation mode the telemetry id and a captcha token, in its decisioning mode the
 * telemetry id (and both, in one retry, when the API asks for a captcha), and with DFP off a
 * captcha token when captcha is on.
 */
export async function protect(data, params, run, context) {
  const c = new Client(context);
  const dfp = data.dfp_protected_auth_enabled;
  const captcha = data.captcha_settings?.enabled && data.captcha_settings.siteKey;
  const observing = (data.dfp_protected_auth_mode || 'OBSERVATION') == 'OBSERVATION';
  // Parameters that are not an object are the core's to refuse, unchanged.
  if (!(c.isParams(params) || params === undefined)) return run(params);
  const fields = async (both) => ({
    ...params,
    dfp_telemetry_id: dfp ? await telemetryId(c) : undefined,
    captcha_token: captcha && (!dfp || observing || both) ? await captchaToken(captcha) : undefined,
  });
  try {
    return await run(await fields());
  } catch (e) {
    if (!dfp || !String(e?.message).includes(c.CAPTCHA_REQUIRED)) throw e;
    return run(await fields(true));
  }
}

/** A One Tap request (`GET start`, or a `POST` of `body`), answering its `data`. */
async function oneTapApi(c, path, body) {
  const [status, answer] = await c.send([
    `${await c.base}/sdk/v1/b2b/oauth/google/onetap/${path}`,
    body ? 'POST' : 'GET',
    c.authorization,
    body || {},
    c.timeoutMs,
  ]);
  if (status >= 200 && status < 300 && c.isParams(answer?.data)) return answer.data;
  throw c.isParams(answer) && answer.error_type
    ? new c.errors.StytchAPIError({ status_code: status, ...answer })
    : new c.errors.StytchAPIUnreachableError(`The One Tap request answered HTTP ${status}.`);
}

/**
 * `oauth.googleOneTap.start(options)` and, `discovery` true, `.discovery.start(options)`, as
 * Stytch's client runs them: Google's One Tap prompt; the account the person picks is
 * submitted, and the browser goes to the redirect URL the API answers (with the token
 * `oauth.authenticate` or `oauth.discovery.authenticate` takes). Resolves to whether the
 * prompt was shown (`{success: true}`, or `{success: false, reason}`).
 */
export async function oneTap(discovery, options, context) {
  const c = new Client(context);
  const {
    organization_id,
    login_redirect_url,
    signup_redirect_url,
    discovery_redirect_url,
    cancel_on_tap_outside = true,
  } = Object(options);
  if (!discovery && !organization_id) {
    throw new c.errors.StytchSDKUsageError('stytch.oauth.googleOneTap.start', 'organization_id is a required argument');
  }
  const { google_client_id } = await oneTapApi(c, 'start');
  if (!google_client_id) throw new Error('One Tap could not load: oauth_config_not_found');
  const google = await script(GOOGLE_ONE_TAP, () => window.google?.accounts?.id);
  google.initialize({
    client_id: google_client_id,
    auto_select: false,
    context: 'use',
    itp_support: true,
    use_fedcm_for_prompt: true,
    cancel_on_tap_outside,
    async callback({ credential: id_token }) {
      // A new PKCE pair when the project asks for one (oauth.authenticate sends the verifier).
      const pkce = new c.Pkce('oauth', c.publicToken);
      const pkce_code_challenge = (await c.loaded).pkce_required_for_oauth ? await pkce.start() : pkce.clear();
      const sent = discovery
        ? { id_token, discovery_redirect_url, pkce_code_challenge }
        : { id_token, organization_id, signup_redirect_url, login_redirect_url, pkce_code_challenge };
      location.assign((await oneTapApi(c, discovery ? 'discovery/submit' : 'submit', sent)).redirect_url);
    },
  });
  return new Promise((resolve) =>
    google.prompt((moment) => {
      if (moment.isSkippedMoment()) resolve({ success: false, reason: moment.getSkippedReason?.() ?? 'unknown_reason' });
      else if (moment.isNotDisplayed?.()) resolve({ success: false, reason: moment.getNotDisplayedReason?.() ?? 'unknown_reason' });
      else if (!moment.isDismissedMoment()) resolve({ success: true });
    }),
  );
}

// The OAuth and SSO starts, as Stytch's client makes them: the options checked and turned into
// the API's public start URL (Stytch's parameter names and order) with a PKCE challenge.

/**
 * The start of `oauth.<provider>.start(options)` (`provider`: 'google', 'microsoft', 'hubspot',
 * 'slack', 'github'), of `oauth.<provider>.discovery.start(options)` (`discovery` true) or,
 * with no provider, `sso.start(options)`, from Stytch's options: `[path, params]`, `params`
 * being [name, value] pairs in Stytch's order, or a string saying what is wrong with `options`.
 */
export function startParams(provider, options = {}, discovery = false) {
  if (typeof options !== 'object' || options === null) return 'options must be an object';
  const { login_redirect_url, signup_redirect_url, discovery_redirect_url, provider_params, custom_scopes } = options;
  let path, params;
  if (discovery) {
    // No organization yet: the member picks or creates one after the redirect.
    path = `/v1/b2b/public/oauth/${provider}/discovery/start`;
    params = [];
    if (Array.isArray(custom_scopes)) params.push(['custom_scopes', custom_scopes.join(' ')]);
  } else if (provider) {
    const { organization_id, organization_slug } = options;
    if (!organization_id && !organization_slug) return 'organization_id or organization_slug is required';
    path = `/v1/b2b/public/oauth/${provider}/start`;
    params = [
      ['organization_id', organization_id],
      ['slug', organization_slug],
    ];
    if (Array.isArray(custom_scopes)) params.push(['custom_scopes', custom_scopes.join(' ')]);
  } else {
    if (typeof options.connection_id !== 'string' || !options.connection_id) return 'connection_id must be a non-empty string';
    path = '/v1/public/sso/start';
    params = [['connection_id', options.connection_id]];
  }
  for (const [k, v] of Object.entries(provider_params || {})) params.push([`provider_${k}`, v]);
  params.push(
    ...(discovery
      ? [['discovery_redirect_url', discovery_redirect_url]]
      : [
          ['login_redirect_url', login_redirect_url],
          ['signup_redirect_url', signup_redirect_url],
        ]),
  );
  return [path, params];
}

/**
 * The start URL of `startParams`' `[path, params]` with a new PKCE challenge (its verifier
 * kept by `pkce`): the public token first, empty values left out, the redirect URLs last,
 * where Stytch's client puts them.
 */
export async function startUrl(apiBase, [path, params], publicToken, pkce) {
  const url = new URL(apiBase + path);
  url.searchParams.set('public_token', publicToken);
  for (const [name, value] of params) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(name, value);
  }
  url.searchParams.set('pkce_code_challenge', await pkce.start());
  for (const name of ['login_redirect_url', 'signup_redirect_url', 'discovery_redirect_url']) {
    const value = url.searchParams.get(name);
    if (value !== null) {
      url.searchParams.delete(name);
      url.searchParams.set(name, value);
    }
  }
  return url.toString();
}
