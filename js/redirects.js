// The browser redirects of OAuth and SSO, as Stytch's client does them: a PKCE pair made with
// Web Crypto (the verifier kept in localStorage until the token comes back), then a
// navigation to the API's public start URL. Kept in JS: it is a few lines over browser APIs,
// and in the wasm it would cost download size for every user.

const PKCE_KEY = 'stytch_b2b_wasm_pkce';

const base64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** PKCE for one kind of redirect (`oauth`, `sso`) of one project. */
export class Pkce {
  constructor(kind, publicToken) {
    this.key = `${PKCE_KEY}:${kind}:${publicToken}`;
  }

  async start() {
    const verifier = Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, '0')).join('');
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
    try {
      localStorage.setItem(this.key, verifier);
    } catch {
      // Storage refused (private mode, quota): the flow goes on without PKCE's second half,
      // and the server refuses the token with a clear error rather than this page failing.
    }
    return base64url(digest);
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
 * Builds the start URL (Stytch's parameter names and order) and navigates to it.
 * `params` is [name, value] pairs; empty values are left out.
 */
export async function startRedirect({ apiBase, path, publicToken, params, pkce, navigate }) {
  const url = new URL(apiBase + path);
  url.searchParams.set('public_token', publicToken);
  for (const [name, value] of params) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(name, value);
  }
  url.searchParams.set('pkce_code_challenge', await pkce.start());
  for (const name of ['login_redirect_url', 'signup_redirect_url']) {
    // Moved last, where Stytch's client puts them.
    const value = url.searchParams.get(name);
    if (value !== null) {
      url.searchParams.delete(name);
      url.searchParams.set(name, value);
    }
  }
  navigate(url.toString());
}
