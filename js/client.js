// Gives the wasm client Stytch's shape: `client.otps.sms.send(...)` and friends, built once
// per client and all sharing one wasm state. Every API method returns a Promise and never
// throws synchronously; the logic lives in Rust (src/), `driver.js` carries values to and
// from the browser, and this file only names things.
//
// A client can be constructed before the wasm is ready (it is inflated in the background
// after import, see index.js): its calls then wait for the wasm, its getSync() methods answer
// from storage at once (`earlyState`), and its subscribers are told if the wasm's first state
// differs from that.

import { authenticatedWithin, connect, errors, subscribers } from './driver.js';
import { Pkce } from './redirects.js';
import { bootstrap } from './bootstrap.js';

// The core's topics (src/portable/ffi.rs; tests/js_facade.rs checks they agree), keyed as
// the cached state's parts are.
const TOPIC = { state: 0, session: 1, member: 2, organization: 3 };
const TOPIC_KEYS = Object.keys(TOPIC);
// What else the core's `cached(n)` reads (src/portable/ffi.rs `read`, checked the same way).
const READ = { tokens: 4, fromCache: 5, apiBase: 6 };

/** `{member, organization, session}` as the core's state topic gives it (src/wasm/state.rs `to_state`): absent parts left out. */
const stateOf = (get) =>
  Object.fromEntries([TOPIC.member, TOPIC.organization, TOPIC.session].map((t) => [TOPIC_KEYS[t], get(t)]).filter(([, v]) => v));
/** The state's JSON as Stytch's client compares it: `last_accessed_at` left out. */
const stateKey = (state) => JSON.stringify(state, (k, v) => (k === 'last_accessed_at' ? undefined : v));
const OAUTH_PROVIDERS = ['google', 'microsoft', 'hubspot', 'slack', 'github'];

// Every method of the core's table (protocol/src/methods.rs), by Stytch's name and in the
// table's order, since the core finds a method by its index (tests/js_facade.rs checks they
// agree); `name:key` takes one positional argument, sent as `key`; `name:` takes one it does
// not send (scim24: Stytch's `scim.getConnection(connectionId)` sends nothing).
const METHODS =
  'otps.sms.send otps.sms.authenticate totp.create totp.authenticate recoveryCodes.recover ' +
  'recoveryCodes.get recoveryCodes.rotate passwords.authenticate passwords.resetByEmailStart ' +
  'passwords.resetByEmail passwords.resetByExistingPassword passwords.strengthCheck oauth.authenticate ' +
  'sso.authenticate magicLinks.email.loginOrSignup magicLinks.authenticate ' +
  'discovery.intermediateSessions.exchange session.authenticate session.revoke self.get self.update ' +
  'self.deleteMFAPhoneNumber self.deleteMFATOTP self.deletePassword:password_id self.unlinkRetiredEmail ' +
  'self.startEmailUpdate organization.get organization.update organization.delete organization.getBySlug ' +
  'organization.members.create organization.members.search organization.members.update ' +
  'organization.members.deletePassword:password_id organization.members.deleteMFAPhoneNumber:member_id ' +
  'organization.members.deleteMFATOTP:member_id organization.members.delete:member_id ' +
  'organization.members.reactivate:member_id organization.members.unlinkRetiredEmail ' +
  'organization.members.startEmailUpdate discovery.organizations.list discovery.organizations.create ' +
  'magicLinks.email.invite magicLinks.email.discovery.send magicLinks.discovery.authenticate ' +
  'otps.email.loginOrSignup otps.email.authenticate otps.email.discovery.send ' +
  'otps.email.discovery.authenticate passwords.resetBySession passwords.discovery.resetByEmailStart ' +
  'passwords.discovery.resetByEmail passwords.discovery.authenticate oauth.discovery.authenticate ' +
  'session.revokeForMember session.exchange session.exchangeAccessToken session.attest sso.getConnections ' +
  'sso.discoverConnections:email_address ' +
  // apps24: Connected Apps.
  'idp.oauthAuthorizeStart idp.oauthAuthorizeSubmit idp.oauthLogoutStart self.getConnectedApps self.revokeConnectedApp ' +
  'organization.getConnectedApps organization.getConnectedApp organization.members.getConnectedApps ' +
  'organization.members.revokeConnectedApp ' +
  // sso24 (#24): SSO connection management.
  'sso.deleteConnection:connection_id sso.saml.createConnection sso.saml.updateConnection ' +
  'sso.saml.updateConnectionByURL sso.saml.deleteVerificationCertificate sso.saml.deleteEncryptionPrivateKey ' +
  'sso.oidc.createConnection sso.oidc.updateConnection sso.external.createConnection sso.external.updateConnection ' +
  // scim24 (#24): SCIM connections and impersonation.

  'scim.createConnection scim.updateConnection scim.deleteConnection:connection_id scim.getConnection: ' +
  'scim.getConnectionGroups scim.rotateStart:connection_id scim.rotateComplete:connection_id ' +
  'scim.rotateCancel:connection_id impersonation.authenticate';

const ENTRIES = METHODS.split(' ');
/** Each method's index in the core's table, by name: the core finds methods by index. */
const INDEX = Object.fromEntries(ENTRIES.map((entry, i) => [entry.split(':')[0], i]));

/** Sets `target.a.b.c = value` for the name `a.b.c`, making the objects on the way. */
const put = (target, name, value) => {
  const parts = name.split('.');
  const last = parts.pop();
  for (const p of parts) target = target[p] ??= {};
  target[last] = value;
};

/**
 * What the core's start will load (src/wasm/mod.rs `start`, with the places
 * src/wasm/options.rs picks), read in JS before the wasm is ready: the cached state
 * (`stytch_sdk_state_<token>`), dropped when it has a session but the session token is gone,
 * and the tokens. Any difference from the core's reading is told to subscribers when it starts.
 */
function earlyState(publicToken, options) {
  try {
    const storage = options?.tokenStorage ?? 'cookies';
    const place = typeof storage === 'object' ? storage : globalThis[storage === 'cookies' ? 'localStorage' : storage];
    const names = options?.cookieOptions || {};
    // Read once: each read of document.cookie can be a round trip to the browser's cookie store.
    const jar = storage === 'cookies' && `; ${document.cookie}`;
    const token = (name) => {
      if (jar) return decodeURIComponent(jar.split(`; ${name}=`)[1]?.split(';')[0] || '');
      const [, expires, value] = /^(\d+):(.+)/.exec(place.getItem(name)) || [];
      return expires > Date.now() && value;
    };
    const session_token = token(names.opaqueTokenCookieName || 'stytch_session');
    const session_jwt = token(names.jwtCookieName || 'stytch_session_jwt');
    const state = Object(JSON.parse(place.getItem('stytch_sdk_state_' + publicToken)));
    return state.session && !session_token
      ? {}
      : { ...state, tokens: session_token && session_jwt ? { session_token, session_jwt } : null };
  } catch {
    return {};
  }
}

/**
 * The client classes over the wasm's client class (wasm-bindgen's `WasmClient`): `loaded()`
 * is it once the wasm is initialized, `loading` the Promise of it (undefined on a server,
 * where only the error classes work).
 */
export function bindClient(loaded, loading) {
  class StytchB2BClient {
    constructor(publicToken, options) {
      if (typeof window === 'undefined' || typeof document === 'undefined') {
        throw new Error(
          'StytchB2BClient can only be constructed in a browser. On the server (SSR), import the package but create the client in the browser, e.g. in useEffect.',
        );
      }
      let core, run, early;
      // The app's subscribers, told by the core after each change (also before it is ready).
      const listeners = subscribers();
      const start = (Core) => ({ core, call: run } = connect((refresh) => new Core(publicToken, options, refresh, listeners.changed)));
      const ready = loaded()
        ? Promise.resolve(start(loaded()))
        : ((early = earlyState(publicToken, options)),
          loading.then((Core) => {
            start(Core);
            // As after any change: every subscriber told, with its part, when the state differs.
            const now = stateOf((t) => core.cached(t));
            if (stateKey(stateOf((t) => early[TOPIC_KEYS[t]])) !== stateKey(now)) listeners.changed(now);
          }));
      ready.catch(() => {}); // a failure is the calls' to report
      const cached = (topic) => (core ? core.cached(topic) : (early[TOPIC_KEYS[topic]] ?? null));
      // The project's bootstrap (js/bootstrap.js): `rbac.*` answers from it, it adds the PKCE
      // fields of the email flows and the DFP and captcha fields to their calls, and it runs
      // Google One Tap.
      const project = bootstrap(
        publicToken,
        ready.then(() => core.cached(READ.apiBase)),
        (part) => cached(TOPIC[part]),
        options,
      );
      const call = (method) => async (params) => (await ready, project.call(method, params, (p) => run(INDEX[method], method, p)));
      const onChange = (topic) => (callback) => listeners.subscribe(TOPIC_KEYS[topic], callback);
      const fromCache = () => (core ? core.cached(READ.fromCache) : !!early.session);

      // The API methods, as the core's method table names them: `put` places each under its
      // dotted name; `name:key` takes Stytch's one positional argument (an id, an email) as `key`.
      for (const entry of ENTRIES) {
        const [name, key] = entry.split(':');
        put(this, name, key ? (value) => call(name)({ [key]: value }) : key === '' ? () => call(name)() : call(name));
      }
      const local = (topic, key) => ({
        getSync: () => cached(topic),
        getInfo: () => ({ [key]: cached(topic), fromCache: fromCache() }),
        onChange: onChange(topic),
      });
      Object.assign(this.session, local(TOPIC.session, 'session'), {
        getTokens: () => (core ? core.cached(READ.tokens) : (early.tokens ?? null)),
        /** Stores tokens the app got elsewhere (its backend) and drops the IST, as Stytch's. */
        updateSession: (tokens) => {
          const { session_token: token, session_jwt: jwt } = Object(tokens);
          // The JWT is optional, as in Stytch's: the refresh that follows brings it.
          if (!token || typeof token != 'string' || (jwt != null && typeof jwt != 'string')) {
            throw new errors.StytchSDKUsageError(
              'stytch.session.updateSession',
              'expects {session_token, session_jwt?}: a non-empty session_token.',
            );
          }
          const update = () => core.updateSession({ session_token: token, session_jwt: jwt });
          core ? update() : ready.then(update);
        },
        /** Step-up aid: were these factor types authenticated within the last N minutes? */
        authenticatedWithin: (params) => !!core && authenticatedWithin(core.cached(TOPIC.session), params),
      });
      // `get` answers the member or organization itself, as Stytch's does.
      Object.assign(this.self, local(TOPIC.member, 'member'), { get: async () => (await call('self.get')()).member });
      Object.assign(this.organization, local(TOPIC.organization, 'organization'), {
        get: async () => (await call('organization.get')()).organization,
      });
      // Stytch's deprecated name for `self`: at run time its `member` is a second `self` client.
      this.member = { ...this.self };
      this.onStateChange = onChange(TOPIC.state);
      this.rbac = project.rbac;

      // OAuth and SSO (js/third-party.js, loaded when first needed): the start navigates away
      // (PKCE made there), the token comes back in the redirect URL, and authenticate sends it
      // with the verifier.
      const pkces = { oauth: new Pkce('oauth', publicToken), sso: new Pkce('sso', publicToken) };
      const redirect = (kind, provider, discovery) => async (options) => {
        const { startParams, startUrl } = await import('./third-party.js');
        const start = startParams(provider, options, discovery);
        if (typeof start === 'string') {
          throw new errors.StytchSDKUsageError(provider ? `oauth.${provider}${discovery ? '.discovery' : ''}.start` : 'sso.start', start);
        }
        await ready;
        window.location.assign(await startUrl(core.cached(READ.apiBase), start, publicToken, pkces[kind]));
      };
      const withVerifier = (kind, method) => async (params) => {
        const verifier = pkces[kind].verifier();
        const sent = verifier && params && typeof params === 'object' ? { ...params, pkce_code_verifier: verifier } : params;
        const response = await call(method)(sent);
        pkces[kind].clear();
        return response;
      };
      this.oauth.authenticate = withVerifier('oauth', 'oauth.authenticate');
      this.oauth.discovery.authenticate = withVerifier('oauth', 'oauth.discovery.authenticate');
      for (const provider of OAUTH_PROVIDERS) {
        this.oauth[provider] = { start: redirect('oauth', provider), discovery: { start: redirect('oauth', provider, true) } };
      }
      this.oauth.googleOneTap = { start: (o) => project.oneTap(false, o), discovery: { start: (o) => project.oneTap(true, o) } };
      this.sso.start = redirect('sso');
      this.sso.authenticate = withVerifier('sso', 'sso.authenticate');

      // Stytch's redirect-URL helpers: the token types it handles, each with the call it makes.
      const byType = {
        discovery: ['magicLinks.discovery.authenticate', 'discovery_magic_links_token'],
        discovery_oauth: ['oauth.discovery.authenticate', 'discovery_oauth_token'],
        oauth: ['oauth.authenticate', 'oauth_token', true],
        sso: ['sso.authenticate', 'sso_token', true],
        multi_tenant_magic_links: ['magicLinks.authenticate', 'magic_links_token', true],
        multi_tenant_impersonation: ['impersonation.authenticate', 'impersonation_token'],
      };
      this.parseAuthenticateUrl = (href = location.href) => {
        const params = new URL(href).searchParams;
        const [token, tokenType] = [params.get('token'), params.get('stytch_token_type')];
        return token && tokenType ? { handled: !!byType[tokenType], token, tokenType } : null;
      };
      this.authenticateByUrl = async ({ clearParams, ...options } = {}, href = location.href) => {
        const parsed = this.parseAuthenticateUrl(href);
        if (!parsed?.handled) return parsed;
        if (clearParams ?? href === location.href) {
          // Consumed now, so that reloading the page does not spend the token again.
          const url = new URL(location.href);
          url.searchParams.delete('token');
          url.searchParams.delete('stytch_token_type');
          history.replaceState(null, document.title, url);
        }
        const [name, key, withOptions] = byType[parsed.tokenType];
        const method = name.split('.').reduce((o, k) => o[k], this);
        const data = await method({ ...(withOptions && options), [key]: parsed.token });
        return { handled: true, tokenType: parsed.tokenType, data };
      };
    }
  }

  // Stytch's names: the current ones, and the earlier ones its 6.x still exports.
  const createStytchB2BClient = (publicToken, options) => new StytchB2BClient(publicToken, options);
  return {
    StytchB2BClient,
    StytchB2BHeadlessClient: StytchB2BClient,
    createStytchB2BClient,
    createStytchB2BHeadlessClient: createStytchB2BClient,
    ...errors,
  };
}
