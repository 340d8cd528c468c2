// The browser redirects of OAuth and SSO, as Stytch's client does them: the start's options
// checked and turned into the API's public start URL (Stytch's parameter names and order),
// with a PKCE pair made by Web Crypto (the verifier kept in localStorage until the token comes
// back). One implementation for both surfaces: the JS facade (js/client.js) imports it, and
// the typed Rust API (src/typed/redirects.rs) loads it as a wasm-bindgen snippet, so it has
// no imports. Kept in JS: a few lines over browser APIs, which in the wasm would cost every
// user download size.

const PKCE_KEY = 'stytch_b2b_wasm_pkce';

const base64url = (bytes) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** The S256 challenge of a verifier. */
const challengeOf = async (verifier) => base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));

/** PKCE for one kind of flow (`oauth`, `sso`, `magic_links`, `passwords`) of one project. */
export class Pkce {
  constructor(kind, publicToken) {
    this.key = `${PKCE_KEY}:${kind}:${publicToken}`;
  }

  async start() {
    const verifier = Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, '0')).join('');
    try {
      localStorage.setItem(this.key, verifier);
    } catch {
      // Storage refused (private mode, quota): the flow goes on without PKCE's second half,
      // and the server refuses the token with a clear error rather than this page failing.
    }
    return challengeOf(verifier);
  }

  /** The challenge of the kept verifier, or of a new one: a start repeated before its link is used keeps one pair, as Stytch's. */
  async challenge() {
    const verifier = this.verifier();
    return verifier ? challengeOf(verifier) : this.start();
  }

  verifier() {
    try {
      return localStorage.getItem(this.key) || undefined;
    } catch {
      return undefined;
    }
  }

  clear() {
    try {
      localStorage.removeItem(this.key);
    } catch {
      // Nothing to clear.
    }
  }
}

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
