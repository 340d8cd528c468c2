// Gives the wasm client Stytch's shape: `client.otps.sms.send(...)` and friends, built once
// per client and all sharing one wasm state. Every API method returns a Promise and never
// throws synchronously; the logic lives in Rust (src/), `driver.js` carries values to and
// from the browser, and this file only names things.

import { connect, errors, guard } from './driver.js';
import { Pkce, startRedirect } from './redirects.js';

const TOPIC = { state: 0, session: 1, member: 2, organization: 3 };
const OAUTH_PROVIDERS = ['google', 'microsoft'];

/** The client classes over the wasm-bindgen module `wasm` (null on a server, where only the error classes work). */
export function bindClient(wasm) {
  class StytchB2BClient {
    constructor(publicToken, options) {
      if (typeof window === 'undefined' || typeof document === 'undefined') {
        throw new Error(
          'StytchB2BClient can only be constructed in a browser. On the server (SSR), import the package but create the client in the browser, e.g. in useEffect.',
        );
      }
      const { core, call: run } = connect((refresh) => new wasm.WasmClient(publicToken, options, refresh));
      const call = (method) => (params) => run(method, params);
      const onChange = (topic) =>
        guard((callback) => {
          const id = core.subscribe(topic, callback);
          return () => core.unsubscribe(id);
        });
      const fromCache = () => core.fromCache();

      this.passwords = {
        authenticate: call('passwords.authenticate'),
        resetByEmailStart: call('passwords.resetByEmailStart'),
        resetByEmail: call('passwords.resetByEmail'),
        resetByExistingPassword: call('passwords.resetByExistingPassword'),
        strengthCheck: call('passwords.strengthCheck'),
      };
      this.magicLinks = {
        email: { loginOrSignup: call('magicLinks.email.loginOrSignup') },
        authenticate: call('magicLinks.authenticate'),
      };
      this.discovery = { intermediateSessions: { exchange: call('discovery.intermediateSessions.exchange') } };
      this.otps = { sms: { send: call('otps.sms.send'), authenticate: call('otps.sms.authenticate') } };
      this.totp = { create: call('totp.create'), authenticate: call('totp.authenticate') };
      this.recoveryCodes = {
        recover: call('recoveryCodes.recover'),
        get: call('recoveryCodes.get'),
        rotate: call('recoveryCodes.rotate'),
      };
      this.session = {
        getSync: () => core.cached(TOPIC.session),
        getInfo: () => ({ session: core.cached(TOPIC.session), fromCache: fromCache() }),
        getTokens: () => core.tokens(),
        authenticate: call('session.authenticate'),
        revoke: call('session.revoke'),
        onChange: onChange(TOPIC.session),
        /** Step-up aid: were these factor types authenticated within the last N minutes? */
        authenticatedWithin: guard((params) => core.authenticatedWithin(params)),
      };
      this.member = {
        getSync: () => core.cached(TOPIC.member),
        getInfo: () => ({ member: core.cached(TOPIC.member), fromCache: fromCache() }),
        onChange: onChange(TOPIC.member),
      };
      this.organization = {
        getSync: () => core.cached(TOPIC.organization),
        getInfo: () => ({ organization: core.cached(TOPIC.organization), fromCache: fromCache() }),
        onChange: onChange(TOPIC.organization),
      };
      this.onStateChange = onChange(TOPIC.state);

      // OAuth and SSO: the start navigates away (PKCE made here), the token comes back in
      // the redirect URL, and authenticate sends it with the verifier.
      const usage = (method, message) => Promise.reject(new errors.StytchSDKUsageError(method, message));
      const redirect = (kind, path, params) => {
        const navigate = (url) => window.location.assign(url);
        return startRedirect({ apiBase: core.apiBase(), path, publicToken, params, pkce: pkces[kind], navigate });
      };
      const pkces = { oauth: new Pkce('oauth', publicToken), sso: new Pkce('sso', publicToken) };
      const withVerifier = (kind, method) => async (params) => {
        const verifier = pkces[kind].verifier();
        const sent = verifier && params && typeof params === 'object' ? { ...params, pkce_code_verifier: verifier } : params;
        const response = await call(method)(sent);
        pkces[kind].clear();
        return response;
      };
      this.oauth = { authenticate: withVerifier('oauth', 'oauth.authenticate') };
      for (const provider of OAUTH_PROVIDERS) {
        this.oauth[provider] = {
          start: async (options = {}) => {
            if (typeof options !== 'object' || options === null) return usage(`oauth.${provider}.start`, 'options must be an object');
            const { organization_id, organization_slug, login_redirect_url, signup_redirect_url, custom_scopes, provider_params } = options;
            if (!organization_id && !organization_slug) return usage(`oauth.${provider}.start`, 'organization_id or organization_slug is required');
            const params = [['organization_id', organization_id], ['slug', organization_slug]];
            if (Array.isArray(custom_scopes)) params.push(['custom_scopes', custom_scopes.join(' ')]);
            for (const [k, v] of Object.entries(provider_params || {})) params.push([`provider_${k}`, v]);
            params.push(['login_redirect_url', login_redirect_url], ['signup_redirect_url', signup_redirect_url]);
            return redirect('oauth', `/v1/b2b/public/oauth/${provider}/start`, params);
          },
        };
      }
      this.sso = {
        start: async (options = {}) => {
          if (typeof options !== 'object' || options === null || typeof options.connection_id !== 'string' || !options.connection_id) {
            return usage('sso.start', 'connection_id must be a non-empty string');
          }
          const { connection_id, login_redirect_url, signup_redirect_url, provider_params } = options;
          const params = [['connection_id', connection_id]];
          for (const [k, v] of Object.entries(provider_params || {})) params.push([`provider_${k}`, v]);
          params.push(['login_redirect_url', login_redirect_url], ['signup_redirect_url', signup_redirect_url]);
          return redirect('sso', '/v1/public/sso/start', params);
        },
        authenticate: withVerifier('sso', 'sso.authenticate'),
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
