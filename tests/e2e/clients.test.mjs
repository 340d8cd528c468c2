// Stytch's official client and ours, in headless Chromium against the emulator, run the
// same MFA flows; then the requests each sent are compared. The official client passing
// proves the emulator speaks Stytch's protocol; ours passing and matching proves the drop-in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, SEED } from '../support/emulator.mjs';
import { cookieMap } from '../support/browser.mjs';
import { FLOWS, requestShape } from '../support/flows.mjs';
import { makeClient, useSideBySide } from '../support/side-by-side.mjs';

const sides = useSideBySide();

// The npm wasm's stack size, as scripts/build-package.sh sets it.
const STACK_SIZE = Number(readFileSync(path.join(ROOT, 'scripts/build-package.sh'), 'utf8').match(/-zstack-size=(\d+)/)[1]);

/**
 * How much of the wasm's stack has ever been written: it is first in memory and grows down
 * towards 0 from STACK_SIZE, so the bytes below its deepest point are still zero.
 */
function stackUsed(page) {
  return page.evaluate(async (size) => {
    const { default: init } = await import('/pkg/web/stytch_b2b_headless.js'); // initialised already: returns the exports
    const memory = new Uint8Array(Object.values(await init()).find((e) => e instanceof WebAssembly.Memory).buffer);
    let untouched = 0;
    while (untouched < size && memory[untouched] === 0) untouched++;
    return size - untouched;
  }, STACK_SIZE);
}

const shapes = { official: {}, ours: {} };
const cookies = { official: {}, ours: {} };

/** The attributes a backend reading the cookies would see (not the values, which differ per login). */
async function cookieAttributes(context) {
  return Object.fromEntries(
    (await context.cookies()).map((c) => [
      c.name,
      { path: c.path, domain: c.domain, sameSite: c.sameSite, secure: c.secure, httpOnly: c.httpOnly, expires: c.expires },
    ]),
  );
}

for (const which of ['official', 'ours']) {
  for (const [name, flow] of Object.entries(FLOWS)) {
    test(`${which} client: ${name}`, async () => {
      await sides.emu.reset();
      const { context, page, pageErrors } = await sides.openClient(which);
      try {
        await flow({ page, context, emu: sides.emu });
        const shape = requestShape(await sides.emu.requests());
        for (const r of shape) {
          assert.equal(r.authorization.username, sides.emu.publicToken);
          // Every MFA step of these flows happens mid-login: each carries the stored IST.
          if (/\/b2b\/(otps|totp|recovery_codes\/recover)/.test(r.path)) {
            assert.ok(r.body_keys.includes('intermediate_session_token'), `${r.path} carries the IST`);
          }
        }
        shapes[which][name] = shape;
        cookies[which][name] = await cookieAttributes(context);
        assert.deepEqual(pageErrors, []);
        if (which === 'ours') {
          const used = await stackUsed(page);
          assert.ok(used > 0 && used <= STACK_SIZE / 4, `the flow used ${used} B of the ${STACK_SIZE} B wasm stack`);
        }
      } finally {
        await context.close();
      }
    });
  }
}

test('both clients left the same cookies, with the same attributes', () => {
  for (const name of Object.keys(FLOWS)) {
    const [ours, theirs] = [cookies.ours[name], cookies.official[name]];
    assert.ok(theirs && Object.keys(theirs).includes('stytch_session_jwt'), `${name} left session cookies`);
    assert.deepEqual(Object.keys(ours).sort(), Object.keys(theirs).sort(), name);
    for (const cookie of Object.keys(theirs)) {
      const { expires: a, ...restOurs } = ours[cookie];
      const { expires: b, ...restTheirs } = theirs[cookie];
      assert.deepEqual(restOurs, restTheirs, `${name}: ${cookie}`);
      assert.ok(Math.abs(a - b) < 120, `${name}: ${cookie} expires with the session (${a} vs ${b})`);
    }
  }
});

for (const [writer, reader] of [
  ['ours', 'official'],
  ['official', 'ours'],
]) {
  test(`${reader} client picks up the session ${writer} wrote (same page origin)`, async () => {
    await sides.emu.reset();
    const { context, page } = await sides.openClient(writer);
    try {
      const done = await FLOWS.passwordThenSms({ page, context, emu: sides.emu });
      const other = await context.newPage();
      await other.goto(`${sides.site.url}/${reader}.html`);
      await other.waitForFunction(() => window.ready === true);
      const seen = await other.evaluate(
        ([token, base]) => {
          const client = new window.StytchB2BHeadlessClient(token, { endpoints: { testAPIURL: base, liveAPIURL: base } });
          return { tokens: client.session.getTokens(), member: client.member.getSync(), session: client.session.getSync() };
        },
        [sides.emu.publicToken, sides.emu.baseUrl],
      );
      assert.equal(seen.tokens?.session_token, done.session_token);
      assert.equal(seen.tokens?.session_jwt, done.session_jwt);
      assert.equal(seen.member?.member_id, done.member_id);
      assert.equal(seen.session?.member_session_id, done.member_session.member_session_id);
    } finally {
      await context.close();
    }
  });
}

// A page load with no session token left (its cookie expired, or was cleared) but the member,
// session and organization still cached: Stytch's client drops the cache and the JWT cookie
// before anything can read them, and keeps the IST. Each case logs in, changes what the
// browser holds, reloads, and reads a new client at once.
const NO_SESSION_TOKEN = {
  // The session cookie is gone; its JWT, the cached state and a login in progress are left.
  'the session cookie is gone': async ({ context }) => {
    const kept = (await context.cookies()).filter((c) => c.name !== 'stytch_session');
    await context.clearCookies();
    await context.addCookies([
      ...kept,
      { name: 'stytch_intermediate_session_token', value: 'ist-of-a-login-in-progress', url: sides.site.url },
    ]);
  },
  // No cookies, and a cached member and organization without a session.
  'a member and organization are cached without a session': async ({ context, page, key }) => {
    await context.clearCookies();
    await page.evaluate((k) => {
      const { member, organization } = JSON.parse(localStorage.getItem(k));
      localStorage.setItem(k, JSON.stringify({ member, organization }));
    }, key);
  },
};
const startsWithoutToken = { official: {}, ours: {} };

for (const which of ['official', 'ours']) {
  for (const [name, prepare] of Object.entries(NO_SESSION_TOKEN)) {
    test(`${which} client: a reload without a session token when ${name} clears the cache`, async () => {
      await sides.emu.reset();
      const { context, page } = await sides.openClient(which);
      const key = `stytch_sdk_state_${sides.emu.publicToken}`;
      try {
        await FLOWS.passwordThenSms({ page, context, emu: sides.emu });
        await prepare({ context, page, key });
        await page.reload();
        await page.waitForFunction(() => window.ready === true);
        const seen = await page.evaluate(
          ([token, base, k]) => {
            const client = new window.StytchB2BHeadlessClient(token, { endpoints: { testAPIURL: base, liveAPIURL: base } });
            return {
              session: client.session.getSync(),
              member: client.member.getSync(),
              organization: client.organization.getSync(),
              fromCache: client.session.getInfo().fromCache,
              tokens: client.session.getTokens(),
              // Stytch's client stores "null", ours removes the key: the same to a reader.
              stored: JSON.parse(localStorage.getItem(k) ?? 'null'),
            };
          },
          [sides.emu.publicToken, sides.emu.baseUrl, key],
        );
        seen.cookies = Object.keys(await cookieMap(context)).sort();
        const ist = name === 'the session cookie is gone' ? ['stytch_intermediate_session_token'] : [];
        assert.deepEqual(seen, {
          session: null,
          member: null,
          organization: null,
          fromCache: false,
          tokens: null,
          stored: null,
          cookies: ist,
        });
        startsWithoutToken[which][name] = seen;
      } finally {
        await context.close();
      }
    });
  }
}

test('both clients started alike without a session token', () => {
  for (const name of Object.keys(NO_SESSION_TOKEN)) {
    assert.ok(startsWithoutToken.official[name] && startsWithoutToken.ours[name], `${name} ran with both clients`);
    assert.deepEqual(startsWithoutToken.ours[name], startsWithoutToken.official[name], name);
  }
});

test('ours: a real page reload mid-flow keeps the IST and the flow finishes', async () => {
  await sides.emu.reset();
  const { context, page } = await sides.openClient('ours');
  try {
    const primary = await page.evaluate(
      ([org, email, pw]) =>
        window.client.passwords.authenticate({ organization_id: org, email_address: email, password: pw, session_duration_minutes: 60 }),
      [SEED.acme, SEED.acmeSms.email, SEED.password],
    );
    assert.equal(primary.member_authenticated, false);
    await page.reload();
    await page.waitForFunction(() => window.ready === true);
    const code = await sides.emu.lastSmsCode(SEED.acmeSms.phone);
    const done = await page.evaluate(
      ([token, base, org, member, code]) => {
        window.client = new window.StytchB2BHeadlessClient(token, { endpoints: { testAPIURL: base, liveAPIURL: base } });
        return window.client.otps.sms.authenticate({ organization_id: org, member_id: member, code, session_duration_minutes: 60 });
      },
      [sides.emu.publicToken, sides.emu.baseUrl, SEED.acme, SEED.acmeSms.id, code],
    );
    assert.equal(done.member_session.member_id, SEED.acmeSms.id);
    await page.reload();
    await page.waitForFunction(() => window.ready === true);
    const after = await page.evaluate(
      ([token, base]) => {
        const c = new window.StytchB2BHeadlessClient(token, { endpoints: { testAPIURL: base, liveAPIURL: base } });
        return { session: c.session.getSync(), info: c.session.getInfo() };
      },
      [sides.emu.publicToken, sides.emu.baseUrl],
    );
    assert.equal(after.session?.member_session_id, done.member_session.member_session_id, 'session restored from the cache');
    assert.equal(after.info.fromCache, true);
  } finally {
    await context.close();
  }
});

test('ours: two real tabs stay in sync through storage events', async () => {
  await sides.emu.reset();
  const { context, page: tabA } = await sides.openClient('ours');
  try {
    const tabB = await context.newPage();
    await tabB.goto(`${sides.site.url}/ours.html`);
    await tabB.waitForFunction(() => window.ready === true);
    await tabB.evaluate(
      ([token, base]) => {
        window.client = new window.StytchB2BHeadlessClient(token, { endpoints: { testAPIURL: base, liveAPIURL: base } });
        window.seen = [];
        window.client.member.onChange((m) => window.seen.push(m ? m.member_id : null));
      },
      [sides.emu.publicToken, sides.emu.baseUrl],
    );
    await FLOWS.passwordThenSms({ page: tabA, context, emu: sides.emu });
    await tabB.waitForFunction(() => window.seen.length === 1, null, { timeout: 5000 });
    assert.equal(await tabB.evaluate(() => window.client.member.getSync()?.member_id), SEED.acmeSms.id);
    await tabA.evaluate(() => window.client.session.revoke());
    await tabB.waitForFunction(() => window.seen.length === 2, null, { timeout: 5000 });
    assert.deepEqual(await tabB.evaluate(() => window.seen), [SEED.acmeSms.id, null]);
    assert.equal(await tabB.evaluate(() => window.client.session.getSync()), null);
  } finally {
    await context.close();
  }
});

test('both clients sent the same paths, Authorization and body keys', () => {
  for (const name of Object.keys(FLOWS)) {
    assert.ok(shapes.official[name] && shapes.ours[name], `${name} ran with both clients`);
    assert.deepEqual(shapes.ours[name], shapes.official[name], name);
  }
  const dir = path.join(ROOT, 'target/e2e');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'request-shapes.json'), JSON.stringify(shapes, null, 2));
});

// OAuth and SSO leave the page: each client navigates to the start URL it builds, the
// emulated identity provider's page is clicked through, the browser comes back with the
// token, and a fresh client on the returning page exchanges it (PKCE verifier included).
const SAML = SEED.globexSaml;
const REDIRECTS = {
  googleOAuth: {
    start: (back) => ['oauth.google.start', { organization_id: SEED.globex, login_redirect_url: back }],
    tokenType: 'oauth',
    authenticate: (token) => ['oauth.authenticate', { oauth_token: token, session_duration_minutes: 60 }],
    delivery: 'oauth_google',
  },
  samlSso: {
    start: (back) => ['sso.start', { connection_id: SAML, login_redirect_url: back }],
    tokenType: 'sso',
    authenticate: (token) => ['sso.authenticate', { sso_token: token, session_duration_minutes: 60 }],
    delivery: 'sso_saml',
  },
};
const redirectShapes = { official: {}, ours: {} };

for (const which of ['official', 'ours']) {
  for (const [name, flow] of Object.entries(REDIRECTS)) {
    test(`${which} client: ${name} through the emulated identity provider`, async () => {
      await sides.emu.reset();
      const { context, page, pageErrors } = await sides.openClient(which);
      try {
        const back = `${sides.site.url}/${which}.html`;
        const [method, args] = flow.start(back);
        await Promise.all([
          page.waitForURL(/\/start\?/),
          page.evaluate(
            ([m, a]) => {
              window.call(m, a);
            },
            [method, args],
          ),
        ]);
        await Promise.all([
          page.waitForURL((u) => u.href.startsWith(back)),
          page.click(`button.member[value="${SEED.globexMember.email}"]`),
        ]);
        const url = new URL(page.url());
        assert.equal(url.searchParams.get('stytch_token_type'), flow.tokenType);
        await page.waitForFunction(() => window.ready === true);
        await makeClient(page, sides.emu);
        const [authMethod, authArgs] = flow.authenticate(url.searchParams.get('token'));
        const r = await page.evaluate(([m, a]) => window.call(m, a), [authMethod, authArgs]);
        assert.ok(r.ok, JSON.stringify(r.error));
        assert.equal(r.value.member_authenticated, true);
        assert.equal(r.value.member_session.authentication_factors[0].delivery_method, flow.delivery);
        assert.ok((await context.cookies()).some((c) => c.name === 'stytch_session' && c.value === r.value.session_token));
        const log = await sides.emu.requests();
        const start = log.find((q) => /\/start$/.test(q.path));
        const startKeys = [...new URLSearchParams(start.query).keys()];
        assert.ok(startKeys.includes('pkce_code_challenge'), `${which} sends a PKCE challenge: ${startKeys}`);
        const exchange = requestShape(log);
        assert.ok(exchange.at(-1).body_keys.includes('pkce_code_verifier'), `${which} sends the verifier`);
        redirectShapes[which][name] = { start: { path: start.path, keys: startKeys }, exchange };
        assert.deepEqual(pageErrors, []);
      } finally {
        await context.close();
      }
    });
  }
}

test('both clients built the same start URLs and sent the same exchanges', () => {
  for (const name of Object.keys(REDIRECTS)) {
    assert.ok(redirectShapes.official[name] && redirectShapes.ours[name], `${name} ran with both clients`);
    assert.deepEqual(redirectShapes.ours[name], redirectShapes.official[name], name);
  }
});
