// The project's bootstrap (`GET /sdk/v1/projects/bootstrap/{public_token}`), fetched once when
// a client starts and followed as Stytch's client follows it: its RBAC policy is what `rbac.*`
// answers from (with the session's roles and the organization's custom roles), and its PKCE
// flags make the email magic-link and password-reset starts send a challenge, whose verifier
// their authenticate calls send. The last answer is kept in localStorage, so that
// `rbac.isAuthorizedSync` can answer on the next page load before the fetch returns. When its
// Device Fingerprinting or captcha settings are on, the calls Stytch protects with them get a
// telemetry id and a captcha token (js/third-party.js, which also runs Google One Tap).
import { CAPTCHA_REQUIRED, errors, send } from './driver.js';
import { Pkce } from './redirects.js';

const CACHE_KEY = 'stytch_b2b_wasm_bootstrap:';
const WILDCARD_ACTION = '*';

// The bootstrap's flag for each kind of PKCE pair.
const FLAGS = { magic_links: 'pkce_required_for_email_magic_links', passwords: 'pkce_required_for_password_resets' };
// The calls with PKCE fields, as Stytch's client sends them (it names the field differently per
// route): the pair's kind and the field. A `*challenge` field is a start's, sent when the
// kind's flag asks for it. A verifier is sent when one is kept; a success spends it, but for
// the password logins (`keeps`). A magic link can finish a password reset (its email offers a
// login link), so Stytch's client tries the reset's verifier first, then the magic link's.
const PKCE = {
  'magicLinks.email.loginOrSignup': ['magic_links', 'pkce_code_challenge'],
  'magicLinks.email.discovery.send': ['magic_links', 'pkce_code_challenge'],
  'passwords.resetByEmailStart': ['passwords', 'code_challenge'],
  'passwords.discovery.resetByEmailStart': ['passwords', 'pkce_code_challenge'],
  'magicLinks.authenticate': ['passwords magic_links', 'pkce_code_verifier'],
  'magicLinks.discovery.authenticate': ['magic_links', 'pkce_code_verifier'],
  'passwords.resetByEmail': ['passwords', 'code_verifier'],
  'passwords.discovery.resetByEmail': ['passwords', 'pkce_code_verifier'],
  'passwords.authenticate': ['passwords', 'code_verifier', 'keeps'],
  'passwords.discovery.authenticate': ['passwords', 'code_verifier', 'keeps'],
};

// The calls Stytch's client sends a DFP telemetry id and a captcha token with: the
// authenticate calls but the session's, the password resets, the discovery sends, the
// first-factor email OTP, SMS sends, TOTP creation and the recovery codes' recover and rotate.
const PROTECTED = /^(?!session).*authenticate$|reset|discovery\.send|sms\.send|otps\.email\.login|totp\.create|recoveryCodes\.r/;

const isParams = (p) => p !== null && typeof p === 'object';

/**
 * The bootstrap of `publicToken`'s project, fetched from the API base `base` resolves to.
 * `cached(part)` reads the client's cached `session` or `organization`; `options` are the
 * client's (`requestTimeoutMs` and the DFP places). Returns `rbac` (the client's namespace),
 * `call(method, params, run)`, which runs `run(params)` with the method's PKCE, DFP and
 * captcha fields added, and `oneTap(discovery, options)`.
 */
export function bootstrap(publicToken, base, cached, options) {
  const timeoutMs = options?.requestTimeoutMs ?? 30000;
  const authorization = `Basic ${btoa(`${publicToken}:${publicToken}`)}`;
  const key = CACHE_KEY + publicToken;
  let kept;
  try {
    kept = JSON.parse(localStorage.getItem(key))?.rbac_policy;
  } catch {
    // No storage, or not JSON: nothing kept.
  }
  // As Stytch's: any failure means the defaults (no PKCE, a policy granting nothing).
  const loaded = base
    .then((b) => send([`${b}/sdk/v1/projects/bootstrap/${publicToken}`, 'GET', authorization, {}, timeoutMs]))
    .then(([status, body]) => {
      const data = status >= 200 && status < 300 && body?.data;
      if (!isParams(data)) return {};
      try {
        localStorage.setItem(key, JSON.stringify(data));
      } catch {
        // Storage refused: the next page load fetches again before isAuthorizedSync knows.
      }
      return data;
    })
    .catch(() => ({}));
  // The policy the calls answer from: the kept one until the fetched one replaces it.
  const policy = loaded.then((data) => (data.rbac_policy ? (kept = data.rbac_policy) : {}));

  /** The project's roles and the organization's custom roles (which add to them), by id. */
  const rolesOf = (p) => new Map([...(p.roles || []), ...(cached('organization')?.custom_roles || [])].map((r) => [r.role_id, r]));
  /** Whether the session's roles grant `action` (or every action, `*`) on `resourceId`. */
  const allows = (roles, resourceId, action) =>
    (cached('session')?.roles || []).some((id) =>
      roles
        .get(id)
        ?.permissions?.some((p) => p.resource_id === resourceId && (p.actions?.includes(action) || p.actions?.includes(WILDCARD_ACTION))),
    );
  const rbac = {
    isAuthorizedSync: (resourceId, action) => !!kept && allows(rolesOf(kept), resourceId, action),
    isAuthorized: async (resourceId, action) => allows(rolesOf(await policy), resourceId, action),
    /** Every resource's actions → whether the session's roles grant it. */
    async allPermissions() {
      const p = await policy;
      const roles = rolesOf(p);
      const all = Object.create(null);
      for (const { resource_id, actions } of p.resources || []) {
        all[resource_id] = Object.fromEntries(actions.map((a) => [a, allows(roles, resource_id, a)]));
      }
      return all;
    },
  };

  // What only some projects and calls need (the DFP and captcha scripts, Google One Tap) is
  // a module of its own, loaded when first needed: an app's bundler makes it a chunk of its
  // own, which the download of a project without them leaves out. It gets what it shares
  // with the rest in `context`: an array, as an object's names would cost every download.
  const context = [publicToken, base, loaded, options, send, errors, Pkce, CAPTCHA_REQUIRED, authorization, isParams];
  const thirdParty = () => import('./third-party.js');
  /** `run(params)`, with a DFP telemetry id and a captcha token when the project asks for them. */
  async function protect(params, run) {
    const data = await loaded;
    return data.dfp_protected_auth_enabled || data.captcha_settings?.enabled
      ? (await thirdParty()).protect(data, params, run, context)
      : run(params);
  }

  async function call(method, params, core) {
    const run = PROTECTED.test(method) ? (p) => protect(p, core) : core;
    const [kinds, field, keeps] = PKCE[method] || [];
    if (!field) return run(params);
    if (field.endsWith('challenge')) {
      // As Stytch's, a start waits for the bootstrap to know whether PKCE is required.
      const required = (await loaded)[FLAGS[kinds]];
      return run(required && isParams(params) ? { ...params, [field]: await new Pkce(kinds, publicToken).challenge() } : params);
    }
    const tried = kinds.split(' ');
    for (const [i, kind] of tried.entries()) {
      const pair = new Pkce(kind, publicToken);
      const verifier = pair.verifier();
      const last = i === tried.length - 1;
      if (!verifier && !last) continue;
      try {
        const response = await run(verifier && isParams(params) ? { [field]: verifier, ...params } : params);
        if (!keeps) pair.clear();
        return response;
      } catch (e) {
        // A verifier the link was not made with: try the next kind's.
        if (last || !String(e?.message).includes('pkce')) throw e;
      }
    }
  }

  /** `oauth.googleOneTap.start(options)` and, `discovery` true, `.discovery.start(options)`. */
  const oneTap = async (discovery, options) => (await thirdParty()).oneTap(discovery, options, context);
  return { rbac, call, oneTap };
}
