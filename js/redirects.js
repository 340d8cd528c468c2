// PKCE, as Stytch's client keeps it for OAuth, SSO and the email flows: a pair made by Web
// Crypto, the verifier kept in localStorage until the token comes back (the OAuth and SSO
// starts that make the pairs are in js/third-party.js). One implementation for both surfaces: the JS facade (js/client.js) imports it, and
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
