// A Connected App (#24): another web app that signs the project's members in through it with
// OAuth 2.0 and OpenID Connect, as a partner's app, an MCP server or an agent would. A tiny
// Node server, no framework and no OAuth library, so that every step shows:
//
//   start      the project's discovery document (/.well-known/openid-configuration), then
//              dynamic client registration (RFC 7591): a confidential client whose redirect
//              URI is this server's /callback
//   /login     the authorization request, at the discovery document's authorization_endpoint
//              (the project's consent page: the React example's /oauth/authorize), with
//              state, a nonce and a PKCE challenge (RFC 7636, S256)
//   /callback  the code exchanged at the token endpoint with the PKCE verifier; the ID token
//              verified against the project's JWKS (jose) for issuer, audience and nonce; then
//              userinfo with the access token. A refusal comes back as error=access_denied.
//   /refresh   the refresh token for a new access token (offline_access)
//   /revoke    both tokens revoked (RFC 7009): userinfo refuses the access token from then on
//
// Usage: STYTCH_API=http://127.0.0.1:9797 node examples/connected-app/server.mjs [port]
// (scripts/demo.sh starts it on port 5174). The client is registered again at each start, so
// restart it after resetting the emulator.
import crypto from 'node:crypto';
import http from 'node:http';
import { createRemoteJWKSet, jwtVerify } from 'jose';

const SCOPES = 'openid email profile offline_access';
const COOKIE = 'connected_app_session';
// Sign-ins in progress and signed-in visitors, in memory: the oldest go first.
const MAX_VISITORS = 1000;
const MAX_BODY_BYTES = 4096;

const base64url = (bytes) => Buffer.from(bytes).toString('base64url');
const random = () => base64url(crypto.randomBytes(32));
const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A JSON answer of the authorization server, or an Error carrying its OAuth error. */
async function oauthCall(url, init) {
  const res = await fetch(url, init);
  const body = await res.json().catch(() => ({}));
  if (!res.ok)
    throw Object.assign(new Error(`${body.error || res.status}: ${body.error_description || body.error_message || ''}`), {
      status: res.status,
      body,
    });
  return body;
}

export async function startConnectedApp({ port = 0, host = '127.0.0.1', stytchApi }) {
  if (!stytchApi) throw new Error('stytchApi (the emulator or Stytch project base URL) is required');
  const server = http.createServer((req, res) =>
    handle(req, res).catch((e) => page(res, 500, `<p id="error" class="error">${escape(e.message)}</p>`)),
  );
  await new Promise((resolve) => server.listen(port, host, resolve));
  const url = `http://${host}:${server.address().port}`;
  const redirectUri = `${url}/callback`;

  let discovery, client;
  try {
    discovery = await oauthCall(`${stytchApi.replace(/\/$/, '')}/.well-known/openid-configuration`);
    client = await oauthCall(discovery.registration_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_name: 'Connected-App example',
        redirect_uris: [redirectUri],
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: ['authorization_code', 'refresh_token'],
      }),
    });
  } catch (e) {
    server.close();
    throw new Error(`The authorization server at ${stytchApi} could not be read or registered with: ${e.message}`);
  }
  const jwks = createRemoteJWKSet(new URL(discovery.jwks_uri));
  const basic = `Basic ${Buffer.from(`${encodeURIComponent(client.client_id)}:${encodeURIComponent(client.client_secret)}`).toString('base64')}`;

  // The client's calls at the token and revocation endpoints: a form, the client's credentials in Basic.
  const post = (endpoint, fields) =>
    oauthCall(endpoint, {
      method: 'POST',
      headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields),
    });
  const userinfo = (accessToken) => oauthCall(discovery.userinfo_endpoint, { headers: { authorization: `Bearer ${accessToken}` } });

  // Each browser's state, by a random cookie: a sign-in in progress (state, nonce, PKCE
  // verifier), then the tokens and what they said.
  const visitors = new Map();
  function visitor(req, res) {
    const id = new RegExp(`(?:^|;\\s*)${COOKIE}=([\\w-]+)`).exec(req.headers.cookie || '')?.[1];
    if (id && visitors.has(id)) return visitors.get(id);
    const fresh = random();
    if (visitors.size >= MAX_VISITORS) visitors.delete(visitors.keys().next().value);
    visitors.set(fresh, {});
    res.setHeader('set-cookie', `${COOKIE}=${fresh}; Path=/; HttpOnly; SameSite=Lax`);
    return visitors.get(fresh);
  }
  const back = (res) => res.writeHead(303, { location: '/' }).end();

  async function tokensArrived(v, tokens) {
    v.tokens = tokens;
    v.userinfo = await userinfo(tokens.access_token);
  }

  const routes = {
    'GET /': (req, res, v) => page(res, 200, home(v, discovery)),

    'GET /login': (req, res, v) => {
      v.pending = { state: random(), nonce: random(), verifier: random() };
      const challenge = base64url(crypto.createHash('sha256').update(v.pending.verifier).digest());
      const authorize = new URL(discovery.authorization_endpoint);
      for (const [k, value] of Object.entries({
        response_type: 'code',
        client_id: client.client_id,
        redirect_uri: redirectUri,
        scope: SCOPES,
        state: v.pending.state,
        nonce: v.pending.nonce,
        code_challenge: challenge,
        code_challenge_method: 'S256',
      })) {
        authorize.searchParams.set(k, value);
      }
      res.writeHead(302, { location: authorize.toString() }).end();
    },

    'GET /callback': async (req, res, v) => {
      const q = new URL(req.url, url).searchParams;
      const pending = v.pending;
      v.pending = undefined;
      v.notice = v.error = undefined;
      if (!pending || q.get('state') !== pending.state) {
        v.error = 'This answer belongs to no sign-in started here (the state differs).';
        return back(res);
      }
      if (q.get('error')) {
        v.error = `The sign-in was not allowed: ${q.get('error')}${q.get('error_description') ? ` (${q.get('error_description')})` : ''}.`;
        return back(res);
      }
      const tokens = await post(discovery.token_endpoint, {
        grant_type: 'authorization_code',
        code: q.get('code') || '',
        redirect_uri: redirectUri,
        code_verifier: pending.verifier,
      });
      const { payload } = await jwtVerify(tokens.id_token, jwks, { issuer: discovery.issuer, audience: client.client_id });
      if (payload.nonce !== pending.nonce) throw new Error('The ID token carries another nonce.');
      v.claims = payload;
      await tokensArrived(v, tokens);
      v.notice = 'Signed in: the ID token was verified against the project’s JWKS.';
      back(res);
    },

    'POST /refresh': async (req, res, v) => {
      if (!v.tokens?.refresh_token) return back(res);
      const tokens = await post(discovery.token_endpoint, { grant_type: 'refresh_token', refresh_token: v.tokens.refresh_token });
      await tokensArrived(v, { ...tokens, refresh_token: tokens.refresh_token || v.tokens.refresh_token });
      v.error = undefined;
      v.notice = `Refreshed: a new access token, valid for ${tokens.expires_in} seconds.`;
      back(res);
    },

    'POST /revoke': async (req, res, v) => {
      if (!v.tokens) return back(res);
      const { access_token, refresh_token } = v.tokens;
      if (refresh_token) await post(discovery.revocation_endpoint, { token: refresh_token, token_type_hint: 'refresh_token' });
      await post(discovery.revocation_endpoint, { token: access_token, token_type_hint: 'access_token' });
      const after = await userinfo(access_token).then(
        () => 'still answers (unexpected)',
        (e) => `now refuses the access token (${e.status} ${e.body?.error || ''})`,
      );
      v.tokens = v.claims = v.userinfo = undefined;
      v.notice = `Both tokens were revoked: userinfo ${after}.`;
      back(res);
    },
  };

  async function handle(req, res) {
    const { pathname } = new URL(req.url, url);
    const route = routes[`${req.method} ${pathname}`];
    if (!route) return page(res, 404, '<p>Not found.</p>');
    // Forms post only from this app's own pages (a browser always sends Origin on a cross-site POST).
    if (req.method === 'POST') {
      if (req.headers.origin && req.headers.origin !== url) return page(res, 403, '<p>Forbidden.</p>');
      let size = 0;
      for await (const chunk of req) if ((size += chunk.length) > MAX_BODY_BYTES) return page(res, 413, '<p>Too large.</p>');
    }
    const v = visitor(req, res);
    try {
      await route(req, res, v);
    } catch (e) {
      v.error = e.message;
      if (!res.headersSent) back(res);
    }
  }

  return { url, clientId: client.client_id, close: () => new Promise((r) => server.close(r)) };
}

/** What the app shows: the sign-in link, or what it knows of the signed-in member. */
function home(v, discovery) {
  const message =
    (v.error ? `<p id="error" class="error">${escape(v.error)}</p>` : '') +
    (v.notice ? `<p id="notice" class="ok">${escape(v.notice)}</p>` : '');
  v.error = v.notice = undefined;
  if (!v.tokens) {
    return `${message}<h1>Connected-App example</h1>
<p>This app signs you in with your organization's account through the project's authorization server (${escape(discovery.issuer)}).</p>
<a id="sign-in" class="button" href="/login">Sign in with Stytch</a>`;
  }
  const json = (x) => escape(JSON.stringify(x, null, 2));
  return `${message}<h1>Signed in as <span id="email">${escape(v.claims.email || v.claims.sub)}</span></h1>
<h2>ID token claims</h2><pre id="claims">${json(v.claims)}</pre>
<h2>Userinfo</h2><pre id="userinfo">${json(v.userinfo)}</pre>
<p class="note">Scopes granted: <span id="scope">${escape(v.tokens.scope)}</span></p>
<form method="post" action="/refresh"><button id="refresh"${v.tokens.refresh_token ? '' : ' disabled'}>Refresh the access token</button></form>
<form method="post" action="/revoke"><button id="revoke" class="secondary">Revoke the tokens and sign out</button></form>`;
}

function page(res, status, body) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(`<!doctype html>
<html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<title>Connected-App example</title>
<style>body{font:16px/1.45 system-ui,sans-serif;margin:3rem auto;max-width:40rem;padding:0 1rem;color:#1d2433}
pre{background:#f4f5f7;padding:.8rem;overflow:auto;font-size:.85rem}.error{background:#fde8e8;color:#9b1c1c;padding:.6rem .8rem}
.ok{background:#e6f6ec;color:#1e6b3a;padding:.6rem .8rem}.note{color:#5b6473}form{display:inline}
button,.button{display:inline-block;margin:.5rem .5rem 0 0;padding:.55rem 1rem;font:inherit;border:0;border-radius:6px;background:#2f5bea;color:#fff;cursor:pointer;text-decoration:none}
button.secondary{background:#e7eaf0;color:#1d2433}</style>
<main id="app">${body}</main></html>`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { url } = await startConnectedApp({
    port: Number(process.argv[2] || process.env.PORT || 5174),
    stytchApi: process.env.STYTCH_API || 'http://127.0.0.1:9797',
  });
  console.log(url);
}
