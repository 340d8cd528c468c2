// What the headless entry has beside the API methods, in headless Chromium against the
// emulator, next to Stytch's official client in the same page: the values Stytch's
// `@stytch/vanilla-js/b2b/headless` exports for the web (same names, inheritance and values),
// the project bootstrap fetched and followed (`rbac.*` answering from its policy, PKCE on the
// email flows when it asks for it), and `onChange` firing as Stytch's does.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { build } from 'esbuild';
import { ROOT, SEED, startEmulator } from '../support/emulator.mjs';
import { launchBrowser, packageFiles, serveFiles } from '../support/browser.mjs';
import { installCaller, requestShape } from '../support/flows.mjs';

let emu;
let browser;
let site;

// The values of Stytch's headless B2B entry that matter on the web (its constructors aside,
// which every other test uses); the mobile SDKs' error classes are left out.
const ERROR_CLASSES = [
  'StytchError',
  'StytchAPIError',
  'StytchAPIUnreachableError',
  'StytchAPISchemaError',
  'StytchSDKUsageError',
  'StytchSDKError',
  'NoCurrentSessionError',
  'InternalError',
  'SDKAPIUnreachableError',
  'StytchSDKAPIError',
  'StytchSDKSchemaError',
];
const ENUMS = [
  'B2BOAuthProviders',
  'B2BMFAProducts',
  'AuthFlowType',
  'OAuthProviders',
  'OTPMethods',
  'RedirectURLType',
  'StytchEventType',
  'OneTapPositions',
  'UNRECOVERABLE_ERROR_TYPES',
];
const HELPERS = ['errorToStytchError', 'parseOAuthAuthorizeParams', 'parseOAuthLogoutParams'];

before(async () => {
  emu = await startEmulator();
  const official = await build({
    stdin: {
      contents: `import * as official from '@stytch/vanilla-js/b2b/headless'; window.official = official;`,
      resolveDir: ROOT,
      loader: 'js',
    },
    bundle: true,
    format: 'iife',
    write: false,
    // Class names kept: the test compares them.
    keepNames: true,
    conditions: ['production'],
    logLevel: 'silent',
  });
  const page = `<!doctype html><title>both</title><script src="/official.js"></script><script type="module">
    import * as ours from '/js/index.js';
    window.ours = ours;
    window.ready = true;
  </script>`;
  site = await serveFiles({
    '/both.html': { type: 'text/html', body: page },
    '/official.js': { type: 'text/javascript', body: official.outputFiles[0].text },
    ...packageFiles(ROOT),
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  site?.close();
  emu?.stop();
});

async function openPage(context) {
  const page = await (context ?? (await browser.newContext())).newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${site.url}/both.html`);
  await page.waitForFunction(() => window.ready === true);
  return { page, errors };
}

/** `window.client`: a client of `which` package (`ours`, `official`) against the emulator. */
async function newClient(page, which) {
  await page.evaluate(
    ([which, token, base]) => {
      window.client = new window[which].StytchB2BHeadlessClient(token, { endpoints: { testAPIURL: base, liveAPIURL: base } });
    },
    [which, emu.publicToken, emu.baseUrl],
  );
  await installCaller(page);
}

async function ok(page, method, args) {
  const r = await page.evaluate(([m, a]) => window.call(m, a), [method, args]);
  assert.ok(r.ok, `${method} failed: ${JSON.stringify(r.error)}`);
  return r.value;
}

const globexLogin = {
  organization_id: SEED.globex,
  email_address: SEED.globexMember.email,
  password: SEED.password,
  session_duration_minutes: 60,
};

test("the headless entry exports Stytch's web values: the same names, inheritance, messages and values", async () => {
  const { page, errors } = await openPage();
  try {
    const seen = await page.evaluate(
      ([classes, enums, helpers]) => {
        const describe = (m) => {
          const out = {};
          const chain = (C) => {
            const names = [];
            for (let p = C; p && p !== Function.prototype; p = Object.getPrototypeOf(p)) names.push(p.name);
            return names;
          };
          const made = (name) => {
            const C = m[name];
            const detail = {
              status_code: 401,
              error_type: 'unauthorized_credentials',
              error_message: 'no',
              error_url: 'u',
              request_id: 'r',
            };
            const args =
              {
                StytchError: ['Named', 'text'],
                StytchAPIError: [detail],
                StytchSDKAPIError: [detail],
                StytchAPIUnreachableError: ['offline'],
                SDKAPIUnreachableError: ['offline', 'details'],
                StytchSDKUsageError: ['stytch.x', 'bad'],
                StytchSDKError: ['Named', 'text', { a: 1 }],
                InternalError: [{ name: 'Boom', message: 'went wrong' }],
                StytchAPISchemaError: [{ body: [{ dataPath: '.a', message: 'is wrong' }] }],
                StytchSDKSchemaError: [{ body: [{ dataPath: '.a', message: 'is wrong' }] }],
              }[name] ?? [];
            const e = new C(...args);
            // Which of the package's error classes the instance belongs to.
            const isA = classes.filter((other) => e instanceof m[other]);
            return { name: e.name, message: e.message, isA, error: e instanceof Error, fields: JSON.stringify(e) };
          };
          for (const name of classes) out[name] = { chain: chain(m[name]), instance: made(name) };
          for (const name of enums) out[name] = JSON.stringify(m[name]);
          const from = m.StytchAPIError.from;
          const api = new m.StytchAPIError({ status_code: 400, error_type: 't', error_message: 'm', error_url: 'u' });
          out.from = [
            from(api) === api,
            ...[
              { status_code: 404, error_type: 'x', error_message: 'y', error_url: 'z', request_id: 5, error_details: { a: 1 } },
              new Error('plain'),
              'text',
              null,
              { status_code: '404', error_type: 'x', error_message: 'y', error_url: 'z' },
            ].map((v) => {
              const e = from(v);
              return [e instanceof m.StytchAPIError, e.message, e.status_code, e.error_type, e.request_id, e.error_details];
            }),
          ];
          const toError = m.errorToStytchError;
          const sdk = new m.StytchSDKError('Mine', 'kept');
          out.errorToStytchError = [
            toError(sdk) === sdk,
            ...[new Error('no_current_session'), new TypeError('boom'), { message: '' }].map((e) => {
              const r = toError(e);
              return [r.constructor.name, r.name, r.message, r instanceof m.StytchSDKError];
            }),
          ];
          const queries = [
            'client_id=a&redirect_uri=b&scope=openid%20x%20%20y&resource=r1&resource=r2&state=s&nonce=n&prompt=none&code_challenge=c',
            'client_id=a',
            'redirect_uri=b',
            '',
            'client_id=a&post_logout_redirect_uri=p&id_token_hint=h&state=s',
            'response_type=token&client_id=a&redirect_uri=b',
          ];
          out.parsed = queries.map((q) => helpers.slice(1).map((h) => JSON.stringify(m[h](new URLSearchParams(q)))));
          out.types = Object.fromEntries([...classes, ...enums, ...helpers].map((n) => [n, typeof m[n]]));
          return out;
        };
        return { ours: describe(window.ours), official: describe(window.official) };
      },
      [ERROR_CLASSES, ENUMS, HELPERS],
    );
    for (const name of [...ERROR_CLASSES, ...ENUMS, ...HELPERS]) assert.notEqual(seen.ours.types[name], 'undefined', `${name} exported`);
    assert.deepEqual(seen.ours.types, seen.official.types);
    for (const name of ERROR_CLASSES) assert.deepEqual(seen.ours[name], seen.official[name], name);
    for (const name of ENUMS) assert.equal(seen.ours[name], seen.official[name], name);
    assert.deepEqual(seen.ours.from, seen.official.from, 'StytchAPIError.from');
    assert.deepEqual(seen.ours.errorToStytchError, seen.official.errorToStytchError, 'errorToStytchError');
    assert.deepEqual(seen.ours.parsed, seen.official.parsed, 'parseOAuthAuthorizeParams / parseOAuthLogoutParams');
    // Our client's own usage errors are Stytch's class: an Error, not a StytchError.
    const usage = await page.evaluate(
      async ([token, base]) => {
        const c = new window.ours.StytchB2BClient(token, { customBaseUrl: base });
        const e = await c.otps.sms.send(7).catch((e) => e);
        return [e instanceof window.ours.StytchSDKUsageError, e instanceof window.ours.StytchError, e instanceof Error, e.name];
      },
      [emu.publicToken, emu.baseUrl],
    );
    assert.deepEqual(usage, [true, false, true, 'StytchSDKUsageError']);
    assert.deepEqual(errors, []);
  } finally {
    await page.context().close();
  }
});

/** The emulator's bootstrap answer, for a fault rule to replace with `change` made to its data. */
async function bootstrapWith(change) {
  const auth = `Basic ${Buffer.from(`${emu.publicToken}:${emu.publicToken}`).toString('base64')}`;
  const res = await fetch(`${emu.baseUrl}/sdk/v1/projects/bootstrap/${emu.publicToken}`, { headers: { Authorization: auth } });
  assert.equal(res.status, 200);
  const body = await res.json();
  Object.assign(body.data, change);
  await emu.addFault({ path: `/projects/bootstrap/${emu.publicToken}`, status: 200, body });
  return body.data;
}

test("the client fetches the project's bootstrap once at start, as Stytch's does", async () => {
  await emu.reset();
  await emu.clearRequests();
  const { page, errors } = await openPage();
  try {
    await newClient(page, 'ours');
    await ok(page, 'passwords.authenticate', globexLogin);
    const boots = (await emu.requests()).filter((r) => r.path.startsWith('/sdk/v1/projects/bootstrap/'));
    assert.equal(boots.length, 1);
    assert.equal(boots[0].path, `/sdk/v1/projects/bootstrap/${emu.publicToken}`);
    assert.equal(boots[0].method, 'GET');
    assert.equal(boots[0].authorization.username, emu.publicToken);
    assert.equal(boots[0].status, 200);
    assert.deepEqual(errors, []);
  } finally {
    await page.context().close();
  }
});

test("rbac answers from the emulator's bootstrap policy, with the session's roles", async () => {
  await emu.reset();
  const { page, errors } = await openPage();
  try {
    await newClient(page, 'ours');
    await ok(page, 'passwords.authenticate', globexLogin);
    const seen = await page.evaluate(async () => {
      const rbac = window.client.rbac;
      return {
        roles: window.client.session.getSync().roles,
        all: await rbac.allPermissions(),
        allowed: await rbac.isAuthorized('documents', 'read'),
        sync: rbac.isAuthorizedSync('documents', 'read'),
      };
    });
    // The emulator's policy: its roles, and resources with their actions; a member holds
    // stytch_member, which grants nothing there.
    const policy = (await bootstrapWith({})).rbac_policy;
    await emu.clearFaults();
    assert.ok(seen.roles.includes('stytch_member'));
    const expected = {};
    for (const r of policy.resources) {
      expected[r.resource_id] = {};
      for (const a of r.actions) {
        expected[r.resource_id][a] = policy.roles.some(
          (role) =>
            seen.roles.includes(role.role_id) &&
            role.permissions.some((p) => p.resource_id === r.resource_id && (p.actions.includes(a) || p.actions.includes('*'))),
        );
      }
    }
    assert.deepEqual(seen.all, expected);
    assert.equal(seen.allowed, false);
    assert.equal(seen.sync, false);
    assert.deepEqual(errors, []);
  } finally {
    await page.context().close();
  }
});

// A policy this test controls (the emulator's bootstrap replaced by a fault rule): roles with
// actions, a wildcard, and a role the member does not hold.
const POLICY = {
  roles: [
    {
      role_id: 'stytch_member',
      description: '',
      permissions: [
        { resource_id: 'documents', actions: ['read'] },
        { resource_id: 'images', actions: ['*'] },
      ],
    },
    { role_id: 'editor', description: '', permissions: [{ resource_id: 'documents', actions: ['read', 'write', 'delete'] }] },
  ],
  resources: [
    { resource_id: 'documents', description: '', actions: ['read', 'write', 'delete'] },
    { resource_id: 'images', description: '', actions: ['view', 'upload'] },
  ],
};

for (const which of ['official', 'ours']) {
  test(`${which} client: rbac follows a bootstrap policy: its roles, '*' actions, before it loads and from the kept copy`, async () => {
    await emu.reset();
    await bootstrapWith({ rbac_policy: POLICY });
    const context = await browser.newContext();
    const { page, errors } = await openPage(context);
    try {
      await newClient(page, which);
      // Signed out: no roles, nothing granted.
      assert.equal(await page.evaluate(() => window.client.rbac.isAuthorized('documents', 'read')), false);
      await ok(page, 'passwords.authenticate', globexLogin);
      const seen = await page.evaluate(async () => {
        const rbac = window.client.rbac;
        const checks = [
          ['documents', 'read'],
          ['documents', 'write'],
          ['images', 'view'],
          ['images', 'anything'],
          ['unknown', 'read'],
        ];
        return {
          async: await Promise.all(checks.map(([r, a]) => rbac.isAuthorized(r, a))),
          sync: checks.map(([r, a]) => rbac.isAuthorizedSync(r, a)),
          all: await rbac.allPermissions(),
        };
      });
      assert.deepEqual(seen.async, [true, false, true, true, false]);
      assert.deepEqual(seen.sync, seen.async);
      assert.deepEqual(seen.all, { documents: { read: true, write: false, delete: false }, images: { view: true, upload: true } });
      // The next page load: before its own fetch, the kept policy answers at once.
      const { page: next } = await openPage(context);
      const sync = await next.evaluate(
        ([which, token, base]) => {
          const c = new window[which].StytchB2BHeadlessClient(token, { endpoints: { testAPIURL: base, liveAPIURL: base } });
          return [c.rbac.isAuthorizedSync('documents', 'read'), c.rbac.isAuthorizedSync('documents', 'write')];
        },
        [which, emu.publicToken, emu.baseUrl],
      );
      assert.deepEqual(sync, [true, false]);
      assert.deepEqual(errors, []);
    } finally {
      await emu.clearFaults();
      await context.close();
    }
  });
}

test('ours: before any bootstrap has loaded, isAuthorizedSync is false; a failed bootstrap grants nothing', async () => {
  await emu.reset();
  const { page, errors } = await openPage();
  try {
    await newClient(page, 'ours');
    await ok(page, 'passwords.authenticate', globexLogin);
    // A fresh storage, the session kept in cookies and state: the policy is not known yet.
    await emu.addFault({ path: `/projects/bootstrap/${emu.publicToken}`, status: 503 });
    const seen = await page.evaluate(
      async ([token, base]) => {
        localStorage.removeItem(`stytch_b2b_wasm_bootstrap:${token}`);
        const c = new window.ours.StytchB2BHeadlessClient(token, { endpoints: { testAPIURL: base, liveAPIURL: base } });
        const before = c.rbac.isAuthorizedSync('documents', 'read');
        return { before, after: await c.rbac.isAuthorized('documents', 'read'), all: await c.rbac.allPermissions() };
      },
      [emu.publicToken, emu.baseUrl],
    );
    assert.deepEqual(seen, { before: false, after: false, all: {} });
    assert.deepEqual(errors, []);
  } finally {
    await emu.clearFaults();
    await page.context().close();
  }
});

// PKCE on the email flows when the bootstrap asks for it: the starts send a challenge and the
// authenticate calls the verifier, with Stytch's field names; the emulator checks the
// password reset's (a reset started with a challenge fails without its verifier).
const EMAIL_FLOWS = async (page) => {
  const m = SEED.acmeSms;
  await ok(page, 'passwords.resetByEmailStart', { organization_id: SEED.acme, email_address: m.email });
  const reset = (await emu.outbox(m.email)).filter((x) => x.password_reset_token).at(-1).password_reset_token;
  await ok(page, 'passwords.resetByEmail', { password_reset_token: reset, password: 'Fresh-Password-2026', session_duration_minutes: 60 });
  const u = SEED.umbrellaMember;
  await ok(page, 'magicLinks.email.loginOrSignup', { organization_id: SEED.umbrella, email_address: u.email });
  const link = (await emu.outbox(u.email)).filter((x) => x.magic_link_token).at(-1).magic_link_token;
  await ok(page, 'magicLinks.authenticate', { magic_links_token: link, session_duration_minutes: 60 });
};
const pkceShapes = {};

for (const required of [true, false]) {
  for (const which of ['official', 'ours']) {
    test(`${which} client: the email flows ${required ? 'send' : 'do not send'} PKCE when the bootstrap ${required ? 'requires' : 'does not require'} it`, async () => {
      await emu.reset();
      await bootstrapWith({ pkce_required_for_email_magic_links: required, pkce_required_for_password_resets: required });
      const { page, errors } = await openPage();
      try {
        await newClient(page, which);
        await emu.clearRequests();
        await EMAIL_FLOWS(page);
        const shape = requestShape(await emu.requests());
        const keys = (path) => shape.filter((r) => r.path === `/sdk/v1/b2b/${path}`).flatMap((r) => r.body_keys);
        assert.equal(keys('passwords/email/reset/start').includes('code_challenge'), required);
        assert.equal(keys('passwords/email/reset').includes('code_verifier'), required);
        assert.equal(keys('magic_links/email/login_or_signup').includes('pkce_code_challenge'), required);
        assert.equal(keys('magic_links/authenticate').includes('pkce_code_verifier'), required);
        pkceShapes[`${which} ${required}`] = shape;
        // The verifiers were spent: nothing kept for the next flow.
        if (which === 'ours') {
          const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('pkce')));
          assert.deepEqual(kept, []);
        }
        assert.deepEqual(errors, []);
      } finally {
        await emu.clearFaults();
        await page.context().close();
      }
    });
  }
  test(`both clients sent the same PKCE fields (required: ${required})`, () => {
    assert.ok(pkceShapes[`official ${required}`] && pkceShapes[`ours ${required}`]);
    assert.deepEqual(pkceShapes[`ours ${required}`], pkceShapes[`official ${required}`]);
  });
}

test('ours: a reset started with a PKCE challenge fails without its verifier (the emulator checks it)', async () => {
  await emu.reset();
  await bootstrapWith({ pkce_required_for_password_resets: true });
  const { page } = await openPage();
  try {
    await newClient(page, 'ours');
    const m = SEED.acmeSms;
    await ok(page, 'passwords.resetByEmailStart', { organization_id: SEED.acme, email_address: m.email });
    const reset = (await emu.outbox(m.email)).filter((x) => x.password_reset_token).at(-1).password_reset_token;
    await page.evaluate(() =>
      Object.keys(localStorage)
        .filter((k) => k.includes('pkce'))
        .forEach((k) => localStorage.removeItem(k)),
    );
    const r = await page.evaluate(
      ([t]) =>
        window.call('passwords.resetByEmail', { password_reset_token: t, password: 'Fresh-Password-2026', session_duration_minutes: 60 }),
      [reset],
    );
    assert.equal(r.ok, false);
    assert.match(r.error.error_type, /pkce/);
  } finally {
    await emu.clearFaults();
    await page.context().close();
  }
});

// onChange as Stytch's: every subscription fires when any part of the state changes (each with
// its own part), none on subscribe, none when only last_accessed_at moved. Both clients run the
// same steps; what each subscriber saw must agree.
const changes = {};
for (const which of ['official', 'ours']) {
  test(`${which} client: session, member and organization onChange fire on any change of the state, each with its part`, async () => {
    await emu.reset();
    const { page, errors } = await openPage();
    try {
      await newClient(page, which);
      const seen = () => page.evaluate(() => window.seen);
      await page.evaluate(() => {
        window.seen = [];
        const c = window.client;
        const describe = (v) => (v ? v.member_session_id || v.email_address || v.organization_name : null);
        c.session.onChange((s) => window.seen.push(['session', describe(s)]));
        c.member.onChange((m) => window.seen.push(['member', describe(m)]));
        c.organization.onChange((o) => window.seen.push(['organization', describe(o)]));
      });
      assert.deepEqual(await seen(), [], 'nothing on subscribe');
      const login = await ok(page, 'passwords.authenticate', globexLogin);
      const session = login.member_session.member_session_id;
      const org = login.organization.organization_name;
      const afterLogin = await seen();
      assert.deepEqual(
        [...afterLogin].sort(),
        [
          ['member', SEED.globexMember.email],
          ['organization', org],
          ['session', session],
        ].sort(),
      );
      // A refresh a minute later moves only last_accessed_at: no change.
      await emu.advanceClock(60);
      const refreshed = await ok(page, 'session.authenticate');
      assert.notEqual(refreshed.member_session.last_accessed_at, login.member_session.last_accessed_at);
      assert.equal((await seen()).length, 3, 'no change when only last_accessed_at moved');
      // Only the organization changes: every subscriber hears, the session's with the session.
      await emu.control('PUT', `/_emulator/organizations/${SEED.globex}`, { organization_name: 'Globex Renamed' });
      await ok(page, 'session.authenticate');
      const afterRename = (await seen()).slice(3);
      assert.deepEqual(
        [...afterRename].sort(),
        [
          ['member', SEED.globexMember.email],
          ['organization', 'Globex Renamed'],
          ['session', session],
        ].sort(),
      );
      await ok(page, 'session.revoke');
      assert.deepEqual([...(await seen()).slice(6)].sort(), [
        ['member', null],
        ['organization', null],
        ['session', null],
      ]);
      changes[which] = (await seen()).map(([part, v]) => [part, v === session ? 'session' : v]).sort();
      assert.deepEqual(errors, []);
    } finally {
      await page.context().close();
    }
  });
}

test('both clients told their subscribers the same changes', () => {
  assert.ok(changes.official && changes.ours);
  assert.deepEqual(changes.ours, changes.official);
});
