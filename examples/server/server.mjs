// The example apps' own server: serves both B2B example apps and the consumer example, and
// an API on the same origin that checks sessions with Stytch's official Node SDK (pointed at
// the emulator here; at Stytch, only the project ids, secrets and base URL change). As at
// Stytch, the B2B apps and the consumer example are two projects, each with its own keys.
//
//   GET  /api/me          the member behind the `stytch_session_jwt` cookie (verified locally
//                         against the JWKS, remotely when the JWT is stale)
//   POST /api/sensitive   allowed only with a second factor from the last 5 minutes, else 403
//                         {error: "step_up_required", reason} that the apps turn into step-up
//   /api/consumer/...     the consumer guide, server-side: login, sms/send, sms/authenticate,
//                         protected, logout (the session token lives in an httpOnly cookie)
//   GET  /oauth/authorize the React app's consent page for the project's Connected Apps (its
//                         authorization URL; see static.mjs)
//
// Usage: STYTCH_PROJECT_ID=... STYTCH_SECRET=... (the B2B project's)
//        STYTCH_CONSUMER_PROJECT_ID=... STYTCH_CONSUMER_SECRET=... (the consumer project's)
//        STYTCH_API=http://127.0.0.1:9797 node examples/server/server.mjs [port]
// (the emulator's ready line carries all four; scripts/demo.sh passes them on).
import http from 'node:http';
import stytch from 'stytch';
import { serveStatic } from './static.mjs';
import { hasPasswordAndSms, recentFactor, STEP_UP_SECONDS } from './policy.mjs';

const B2B_JWT_COOKIE = 'stytch_session_jwt';
const CONSUMER_COOKIE = 'consumer_session';
const CONSUMER_SESSION_MINUTES = 60;
const MAX_BODY_BYTES = 16 * 1024;

function cookies(req) {
  const out = {};
  for (const part of (req.headers.cookie || '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers }).end(JSON.stringify(body));
}

async function readJson(req) {
  let size = 0;
  const chunks = [];
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw Object.assign(new Error('body too large'), { status: 413 });
    chunks.push(chunk);
  }
  try {
    return chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
  } catch {
    throw Object.assign(new Error('body is not JSON'), { status: 400 });
  }
}

/** A Stytch API error passes through with its type; anything else is the server's fault. */
function stytchFailure(res, e) {
  if (e && e.status_code && e.error_type) return send(res, e.status_code, { error: e.error_type, message: e.error_message });
  return send(res, 502, { error: 'stytch_unreachable', message: 'Stytch could not be reached.' });
}

export async function startServer({ port = 0, host = '127.0.0.1', projectId, secret, consumer: consumerKeys, stytchApi }) {
  if (!projectId || !secret || !consumerKeys?.projectId || !consumerKeys?.secret || !stytchApi) {
    throw new Error('projectId, secret, consumer.projectId, consumer.secret and stytchApi are required');
  }
  const env = stytchApi.replace(/\/?$/, '/');
  const b2b = new stytch.B2BClient({ project_id: projectId, secret, env });
  const consumer = new stytch.Client({ project_id: consumerKeys.projectId, secret: consumerKeys.secret, env });

  // The member session behind the request's JWT cookie, checked remotely (a revoked session
  // fails at once, and `last_accessed_at` is Stytch's "now" for the step-up rule).
  async function memberSession(req) {
    const jwt = cookies(req)[B2B_JWT_COOKIE];
    if (!jwt) return { status: 401, body: { error: 'unauthenticated', reason: 'no_session' } };
    try {
      const r = await b2b.sessions.authenticate({ session_jwt: jwt });
      return { session: r.member_session, member: r.member };
    } catch (e) {
      if (e && e.status_code) return { status: 401, body: { error: 'unauthenticated', reason: 'invalid_session' } };
      throw e;
    }
  }

  const routes = {
    'GET /api/me': async (req, res) => {
      const jwt = cookies(req)[B2B_JWT_COOKIE];
      if (!jwt) return send(res, 401, { error: 'unauthenticated', reason: 'no_session' });
      try {
        // Local verification against the JWKS when the JWT is fresh, remote otherwise.
        const { member_session: s } = await b2b.sessions.authenticateJwt({ session_jwt: jwt });
        send(res, 200, {
          member_id: s.member_id,
          organization_id: s.organization_id,
          factors: s.authentication_factors.map((f) => f.delivery_method),
          expires_at: s.expires_at,
        });
      } catch (e) {
        if (e && (e.status_code || e.code === 'jwt_invalid'))
          return send(res, 401, { error: 'unauthenticated', reason: 'invalid_session' });
        throw e;
      }
    },

    'POST /api/sensitive': async (req, res) => {
      const { session, member, status, body } = await memberSession(req);
      if (!session) return send(res, status, body);
      const check = recentFactor(session);
      if (!check.ok) {
        return send(res, 403, {
          error: 'step_up_required',
          reason: check.reason,
          max_age_seconds: STEP_UP_SECONDS,
          message:
            check.reason === 'second_factor_required'
              ? 'This action needs a second factor, and this session has none.'
              : `This action needs a second factor from the last ${STEP_UP_SECONDS / 60} minutes.`,
        });
      }
      send(res, 200, { ok: true, member_id: member.member_id, second_factor_age_seconds: check.age_seconds });
    },

    'POST /api/consumer/login': async (req, res) => {
      const { email, password } = await readJson(req);
      const r = await consumer.passwords.authenticate({ email, password, session_duration_minutes: CONSUMER_SESSION_MINUTES });
      send(res, 200, consumerView(r.user, r.session), { 'set-cookie': sessionCookie(r.session_token) });
    },

    'POST /api/consumer/sms/send': async (req, res) => {
      const { phone_number } = await readJson(req);
      const session_token = cookies(req)[CONSUMER_COOKIE];
      if (!session_token) return send(res, 401, { error: 'unauthenticated', reason: 'no_session' });
      const r = await consumer.otps.sms.send({ phone_number, session_token });
      send(res, 200, { phone_id: r.phone_id });
    },

    'POST /api/consumer/sms/authenticate': async (req, res) => {
      const { phone_id, code } = await readJson(req);
      const session_token = cookies(req)[CONSUMER_COOKIE];
      if (!session_token) return send(res, 401, { error: 'unauthenticated', reason: 'no_session' });
      const r = await consumer.otps.authenticate({
        method_id: phone_id,
        code,
        session_token,
        session_duration_minutes: CONSUMER_SESSION_MINUTES,
      });
      send(res, 200, consumerView(r.user, r.session), { 'set-cookie': sessionCookie(r.session_token) });
    },

    // The consumer guide's protected page: both factors, the SMS one from the last 5 minutes.
    'GET /api/consumer/protected': async (req, res) => {
      const session_token = cookies(req)[CONSUMER_COOKIE];
      if (!session_token) return send(res, 401, { error: 'unauthenticated', reason: 'no_session' });
      let r;
      try {
        r = await consumer.sessions.authenticate({ session_token });
      } catch (e) {
        if (e && e.status_code)
          return send(res, 401, { error: 'unauthenticated', reason: 'invalid_session' }, { 'set-cookie': sessionCookie('') });
        throw e;
      }
      if (!hasPasswordAndSms(r.session)) {
        return send(res, 403, { error: 'mfa_required', reason: 'second_factor_required', ...consumerView(r.user, r.session) });
      }
      const check = recentFactor(r.session, { methods: ['sms'] });
      if (!check.ok)
        return send(res, 403, {
          error: 'step_up_required',
          reason: check.reason,
          max_age_seconds: STEP_UP_SECONDS,
          ...consumerView(r.user, r.session),
        });
      send(res, 200, { ok: true, ...consumerView(r.user, r.session) });
    },

    'POST /api/consumer/logout': async (req, res) => {
      const session_token = cookies(req)[CONSUMER_COOKIE];
      if (session_token) await consumer.sessions.revoke({ session_token }).catch(() => {});
      send(res, 200, { ok: true }, { 'set-cookie': sessionCookie('') });
    },
  };

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    try {
      if (url.pathname.startsWith('/api/')) {
        // Cookie-authenticated writes only from our own pages (CSRF): a browser always sends
        // Origin on a cross-site POST.
        const origin = req.headers.origin;
        if (req.method !== 'GET' && origin && origin !== `http://${req.headers.host}`) {
          return send(res, 403, { error: 'forbidden_origin' });
        }
        const route = routes[`${req.method} ${url.pathname}`];
        if (!route) return send(res, 404, { error: 'not_found' });
        return await route(req, res);
      }
      if (req.method === 'GET' && (await serveStatic(decodeURIComponent(url.pathname), res))) return;
      send(res, 404, { error: 'not_found' });
    } catch (e) {
      if (e && e.status && !e.status_code) return send(res, e.status, { error: 'bad_request', message: e.message });
      stytchFailure(res, e);
    }
  });
  await new Promise((resolve) => server.listen(port, host, resolve));
  return { url: `http://${host}:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

function sessionCookie(token) {
  const base = `${CONSUMER_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Lax`;
  return token ? `${base}; Max-Age=${CONSUMER_SESSION_MINUTES * 60}` : `${base}; Max-Age=0`;
}

function consumerView(user, session) {
  return {
    email: user.emails[0]?.email,
    phones: user.phone_numbers.map((p) => ({ phone_id: p.phone_id, phone_number: p.phone_number, verified: p.verified })),
    factors: (session?.authentication_factors || []).map((f) => ({
      delivery_method: f.delivery_method,
      last_authenticated_at: f.last_authenticated_at,
    })),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const env = process.env;
  const { url } = await startServer({
    port: Number(process.argv[2] || env.PORT || 5173),
    projectId: env.STYTCH_PROJECT_ID,
    secret: env.STYTCH_SECRET,
    consumer: { projectId: env.STYTCH_CONSUMER_PROJECT_ID, secret: env.STYTCH_CONSUMER_SECRET },
    stytchApi: env.STYTCH_API || 'http://127.0.0.1:9797',
  });
  console.log(url);
}
