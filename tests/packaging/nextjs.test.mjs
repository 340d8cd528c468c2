// A Next.js app-router app using the package as Stytch's docs set up @stytch/nextjs/b2b (issue
// #26, item 5): a client component creating the client at its top level and wrapping the
// layout in the provider, and pages using the hooks. `next build` and `next start` from the
// packed tarball; every page must render on the server (HTTP 200, the provider's markup), and
// the page must log in, in Chromium, against the emulator.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ROOT, SEED, startEmulator } from '../support/emulator.mjs';
import { cookieMap, launchBrowser } from '../support/browser.mjs';

const APP = path.join(ROOT, 'target/packaging-nextjs');
let emu;
let browser;
let server;
let base;

const run = (cmd, args, env = {}) =>
  execFileSync(cmd, args, {
    cwd: APP,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env },
  });

// The files an app has, as Stytch's Next.js quickstart lays them out, with only the package name
// changed: `@stytch/nextjs/b2b` → `stytch-b2b-headless-wasm/nextjs`.
const FILES = {
  'app/stytch-context.jsx': `'use client';
import { createStytchB2BClient, StytchB2BProvider } from 'stytch-b2b-headless-wasm/nextjs';

const stytch = createStytchB2BClient(process.env.NEXT_PUBLIC_STYTCH_PUBLIC_TOKEN, {
  customBaseUrl: process.env.NEXT_PUBLIC_STYTCH_API,
});

export function StytchContext({ children }) {
  return <StytchB2BProvider stytch={stytch}>{children}</StytchB2BProvider>;
}
`,
  'app/layout.jsx': `import { StytchContext } from './stytch-context';

export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>
        <StytchContext>{children}</StytchContext>
      </body>
    </html>
  );
}
`,
  'app/page.jsx': `'use client';
import { useState } from 'react';
import { useStytchB2BClient, useStytchMember, StytchAPIError } from 'stytch-b2b-headless-wasm/nextjs';

export default function Home() {
  const stytch = useStytchB2BClient();
  const { member, isInitialized } = useStytchMember();
  const [error, setError] = useState('');
  const login = () => {
    const q = new URLSearchParams(location.search);
    stytch.passwords
      .authenticate({ organization_id: q.get('org'), email_address: q.get('email'), password: q.get('password'), session_duration_minutes: 60 })
      .catch((e) => setError(e instanceof StytchAPIError ? e.error_type : String(e)));
  };
  return (
    <main>
      <p id="initialized">{String(isInitialized)}</p>
      <p id="member">{member ? member.email_address : 'none'}</p>
      <p id="error">{error}</p>
      <button id="login" onClick={login}>log in</button>
    </main>
  );
}
`,
  // The headless entry, its client also made at a client module's top level.
  'app/headless/page.jsx': `'use client';
import { useEffect, useState } from 'react';
import { createStytchB2BClient } from 'stytch-b2b-headless-wasm/nextjs/headless';

const stytch = createStytchB2BClient(process.env.NEXT_PUBLIC_STYTCH_PUBLIC_TOKEN, {
  customBaseUrl: process.env.NEXT_PUBLIC_STYTCH_API,
});

export default function Headless() {
  // Read after mounting, so that the server's render and the browser's first agree.
  const [state, setState] = useState('loading');
  useEffect(() => setState(stytch.session.getSync() ? 'signed in' : 'signed out'), []);
  return <p id="headless">{state}</p>;
}
`,
  // The root and React entries (issue #22): their createStytchB2BClient is SSR-safe too, as
  // Stytch's; the RBAC hook and a HOC render on the server, uninitialized, then in the browser.
  'app/rbac/page.jsx': `'use client';
import { createStytchB2BClient } from 'stytch-b2b-headless-wasm';
import { StytchB2BProvider, useStytchIsAuthorized, withStytchMember } from 'stytch-b2b-headless-wasm/react';

const stytch = createStytchB2BClient(process.env.NEXT_PUBLIC_STYTCH_PUBLIC_TOKEN, {
  customBaseUrl: process.env.NEXT_PUBLIC_STYTCH_API,
});

function Can() {
  const { isInitialized, isAuthorized } = useStytchIsAuthorized('documents', 'read');
  return <p id="can">{isInitialized + ':' + isAuthorized}</p>;
}

const Member = withStytchMember(({ stytchMember, stytchMemberIsInitialized }) => (
  <p id="hoc-member">{stytchMemberIsInitialized ? (stytchMember ? stytchMember.email_address : 'none') : 'loading'}</p>
));

export default function Rbac() {
  return (
    <StytchB2BProvider stytch={stytch} assumeHydrated={false}>
      <Can />
      <Member />
    </StytchB2BProvider>
  );
}
`,
};

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

before(async () => {
  rmSync(APP, { recursive: true, force: true });
  mkdirSync(APP, { recursive: true });
  execFileSync('npm', ['pack', '--pack-destination', APP, '--loglevel=error'], { cwd: ROOT, stdio: 'ignore' });
  const tarball = readdirSync(APP).find((f) => f.endsWith('.tgz'));
  writeFileSync(path.join(APP, 'package.json'), JSON.stringify({ name: 'nextjs-check', private: true }));
  for (const [name, text] of Object.entries(FILES)) {
    mkdirSync(path.dirname(path.join(APP, name)), { recursive: true });
    writeFileSync(path.join(APP, name), text);
  }
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', 'next@16', 'react@19', 'react-dom@19', path.join(APP, tarball)]);
  emu = await startEmulator();
  // NEXT_PUBLIC_ values are written into the build.
  run(path.join(APP, 'node_modules/.bin/next'), ['build'], {
    NEXT_PUBLIC_STYTCH_PUBLIC_TOKEN: SEED.publicToken,
    NEXT_PUBLIC_STYTCH_API: emu.baseUrl,
  });
  const port = await freePort();
  base = `http://localhost:${port}`;
  server = spawn(path.join(APP, 'node_modules/.bin/next'), ['start', '-p', String(port)], {
    cwd: APP,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  let output = '';
  await new Promise((resolve, reject) => {
    const seen = (chunk) => {
      output += chunk;
      if (/Ready in/i.test(output)) resolve();
    };
    server.stdout.on('data', seen);
    server.stderr.on('data', seen);
    server.on('exit', (code) => reject(new Error(`next start exited (${code}):\n${output}`)));
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.kill();
  emu?.stop();
});

test('next start renders every page on the server, the provider and hooks in the HTML', async () => {
  const home = await fetch(`${base}/`);
  const html = await home.text();
  assert.equal(home.status, 200, html.slice(0, 500));
  // assumeHydrated defaults to false, as in @stytch/nextjs: the server's render is uninitialized.
  assert.match(html, /<p id="initialized">false<\/p>/);
  assert.match(html, /<p id="member">none<\/p>/);
  const headless = await fetch(`${base}/headless`);
  assert.equal(headless.status, 200);
  assert.match(await headless.text(), /<p id="headless">loading<\/p>/);
  const rbac = await fetch(`${base}/rbac`);
  const rbacHtml = await rbac.text();
  assert.equal(rbac.status, 200, rbacHtml.slice(0, 500));
  assert.match(rbacHtml, /<p id="can">false:false<\/p>/);
  assert.match(rbacHtml, /<p id="hoc-member">loading<\/p>/);
});

test('the server-rendered page hydrates and logs in, in Chromium', async () => {
  await emu.reset();
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // Hydration mismatches and other errors React reports go to the console; a failed resource
  // is named by its response (the app has no favicon).
  page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && errors.push(m.text()));
  page.on('response', (r) => r.status() >= 400 && !r.url().endsWith('/favicon.ico') && errors.push(`${r.status()} ${r.url()}`));
  try {
    const query = new URLSearchParams({ org: SEED.globex, email: SEED.globexMember.email, password: SEED.password });
    await page.goto(`${base}/?${query}`);
    await page.waitForSelector('#initialized:text("true")');
    await page.click('#login');
    await page.waitForSelector(`#member:text("${SEED.globexMember.email}")`);
    assert.ok((await cookieMap(context)).stytch_session, 'session cookie written');
    // Another page's own client, from the headless entry, finds the stored session.
    await page.goto(`${base}/headless`);
    await page.waitForSelector('#headless:text("signed in")');
    // The page whose client the root entry made at its top level: the hook and the HOC answer
    // in the browser (the emulator's policy grants a member nothing on "documents").
    await page.goto(`${base}/rbac`);
    await page.waitForSelector('#can:text("true:false")');
    await page.waitForSelector(`#hoc-member:text("${SEED.globexMember.email}")`);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
