// The package where apps test and type-check it (issue #26, items 2-4 and 6), installed from its
// `npm pack` tarball into projects this test makes: Vitest with jsdom and with happy-dom, and
// Jest with jsdom in its default CommonJS mode, each rendering a component under the provider
// and then logging in for real against the emulator; and tsc over a file importing the root
// and every subpath with their types, under each moduleResolution mode. The test runners are
// the root's devDependencies, linked into the projects as an app would have them installed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, SEED, startEmulator } from '../support/emulator.mjs';

const WORK = path.join(ROOT, 'target/packaging-runners');
const RUNNERS = ['vitest', 'jsdom', 'happy-dom', 'jest', 'jest-environment-jsdom'];
let emu;

const run = (cmd, args, cwd, env = {}) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });

/** Writes `files` ({relative path: text}) under WORK/`dir`. */
function project(dir, files) {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(WORK, dir, name)), { recursive: true });
    writeFileSync(path.join(WORK, dir, name), text);
  }
  return path.join(WORK, dir);
}

before(async () => {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  run('npm', ['pack', '--pack-destination', WORK, '--loglevel=error'], ROOT);
  const tarball = readdirSync(WORK).find((f) => f.endsWith('.tgz'));
  writeFileSync(path.join(WORK, 'package.json'), JSON.stringify({ name: 'runners-check', private: true }));
  run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      'react@19',
      'react-dom@19',
      '@types/react@19',
      'typescript@5',
      path.join(WORK, tarball),
    ],
    WORK,
  );
  for (const name of RUNNERS) symlinkSync(path.join(ROOT, 'node_modules', name), path.join(WORK, 'node_modules', name));
  emu = await startEmulator();
});

after(() => emu?.stop());

// ---------- test runners ----------

// Component tests, as an app writes them: the provider, a hook and a render; and the real
// client logging in against the emulator, the component then showing the member.
const RENDER_TEST = `
test('renders a component under the provider', async () => {
  const text = await renderUnderProvider(createStytchB2BClient(STYTCH_TOKEN, { endpoints: { testAPIURL: STYTCH_API, liveAPIURL: STYTCH_API } }));
  expect(text()).toBe('none');
});
`;
const LOGIN_TEST = `
test('logs in for real against the emulator', async () => {
  const stytch = createStytchB2BClient(STYTCH_TOKEN, { customBaseUrl: STYTCH_API });
  const text = await renderUnderProvider(stytch);
  await act(() => stytch.passwords.authenticate({ organization_id: ORG, email_address: EMAIL, password: PASSWORD, session_duration_minutes: 60 }));
  expect(text()).toBe(EMAIL);
  expect(stytch.session.getSync().member_id).toBeTruthy();
});
`;
const componentTest = (imports, tests) => `${imports}
globalThis.IS_REACT_ACT_ENVIRONMENT = true;
const { STYTCH_API, STYTCH_TOKEN, ORG, EMAIL, PASSWORD } = process.env;

function Member() {
  const { member, isInitialized } = useStytchMember();
  return h('p', null, isInitialized ? (member ? member.email_address : 'none') : 'loading');
}

async function renderUnderProvider(stytch) {
  const container = document.body.appendChild(document.createElement('div'));
  await act(async () => createRoot(container).render(h(StytchB2BProvider, { stytch }, h(Member))));
  return () => container.textContent;
}
${tests.join('')}`;

const ESM_IMPORTS = `import { createElement as h, act } from 'react';
import { createRoot } from 'react-dom/client';
import { createStytchB2BClient, StytchB2BProvider, useStytchMember } from 'stytch-b2b-headless-wasm/react';`;

const CJS_IMPORTS = `const { createElement: h, act } = require('react');
const { createRoot } = require('react-dom/client');
const { createStytchB2BClient, StytchB2BProvider, useStytchMember } = require('stytch-b2b-headless-wasm/react');`;

/**
 * The Jest environment the README gives for running the real client: jsdom's, plus what jsdom
 * lacks and Node has (fetch and its classes, streams, text coding). Jest's default jsdom
 * environment renders components without it; the client's calls need it.
 */
const JEST_ENVIRONMENT = `const { TestEnvironment } = require('jest-environment-jsdom');

module.exports = class JsdomWithFetch extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    const { fetch, Request, Response, Headers, AbortController, AbortSignal, ReadableStream, DecompressionStream, TextEncoder, TextDecoder } = globalThis;
    Object.assign(this.global, { fetch, Request, Response, Headers, AbortController, AbortSignal, ReadableStream, DecompressionStream, TextEncoder, TextDecoder });
  }
};
`;

const emulatorEnv = () => ({
  STYTCH_API: emu.baseUrl,
  STYTCH_TOKEN: SEED.publicToken,
  ORG: SEED.globex,
  EMAIL: SEED.globexMember.email,
  PASSWORD: SEED.password,
});

const NO_COLOR = { NO_COLOR: '1', FORCE_COLOR: '0' };

for (const environment of ['jsdom', 'happy-dom']) {
  test(`Vitest (${environment}) imports the package, renders under the provider and logs in against the emulator`, async () => {
    await emu.reset();
    const dir = project(`vitest-${environment}`, {
      'vitest.config.mjs': `export default { test: { environment: '${environment}', globals: true } };\n`,
      'member.test.js': componentTest(ESM_IMPORTS, [RENDER_TEST, LOGIN_TEST]),
    });
    let out;
    try {
      out = run('node', [path.join(WORK, 'node_modules/vitest/vitest.mjs'), 'run', '--root', dir], dir, { ...emulatorEnv(), ...NO_COLOR });
    } catch (e) {
      throw new Error(`vitest (${environment}) failed: ${e.message}\n${e.stdout}\n${e.stderr}`);
    }
    assert.match(out, /Tests\s+2 passed \(2\)/);
  });
}

test("Jest (jsdom, CommonJS) requires the package and renders under the provider; with Node's fetch it logs in against the emulator", async () => {
  await emu.reset();
  const dir = project('jest-jsdom', {
    'package.json': JSON.stringify({ name: 'jest-check', private: true }),
    'jest.config.cjs': "module.exports = { testEnvironment: 'jsdom', transform: {}, testMatch: ['**/*.test.cjs'] };\n",
    'jsdom-with-fetch.cjs': JEST_ENVIRONMENT,
    // Jest's own jsdom environment: the component renders.
    'render.test.cjs': componentTest(CJS_IMPORTS, [RENDER_TEST]),
    // The README's environment, named in the file's docblock: the real client.
    'login.test.cjs': `/** @jest-environment ./jsdom-with-fetch.cjs */\n${componentTest(CJS_IMPORTS, [LOGIN_TEST])}`,
  });
  let report;
  try {
    report = JSON.parse(
      run('node', [path.join(WORK, 'node_modules/jest/bin/jest.js'), '--rootDir', dir, '--json'], dir, { ...emulatorEnv(), ...NO_COLOR }),
    );
  } catch (e) {
    throw new Error(`jest failed: ${e.message}\n${e.stdout}\n${e.stderr}`);
  }
  assert.deepEqual([report.numPassedTests, report.numFailedTests, report.numTotalTests], [2, 0, 2]);
});

// ---------- type checking ----------

// Every entry with its types, and the option types as wide as apps pass them (issue item 6).
const TYPED_USE = (from) => `${from}
declare const env: string | undefined;
const stytch: StytchB2BClient = createStytchB2BClient('public-token-test-x', {
  endpoints: { testAPIURL: env, liveAPIURL: env },
  customBaseUrl: env,
  cookieOptions: { jwtCookieName: env, availableToSubdomains: undefined },
});
const stand: StytchB2BClient = next.createStytchB2BClient('public-token-test-x');
const fromHeadless: typeof reactHeadless.useStytchMember = react.useStytchMember;
const fromNextHeadless: typeof nextHeadless.StytchB2BProvider = next.StytchB2BProvider;
const error: StytchAPIError | undefined = undefined;
export const used = [stytch, stand, fromHeadless, fromNextHeadless, error, stytch.session.getSync()?.member_id];
`;

const ESM_TYPED = TYPED_USE(`import { createStytchB2BClient, StytchB2BClient, StytchAPIError } from 'stytch-b2b-headless-wasm';
import * as react from 'stytch-b2b-headless-wasm/react';
import * as reactHeadless from 'stytch-b2b-headless-wasm/react/headless';
import * as next from 'stytch-b2b-headless-wasm/nextjs';
import * as nextHeadless from 'stytch-b2b-headless-wasm/nextjs/headless';`);

// A CommonJS file (.cts): its imports are require() calls, so they take the `require`
// condition's types.
const CJS_TYPED = TYPED_USE(`import root = require('stytch-b2b-headless-wasm');
import react = require('stytch-b2b-headless-wasm/react');
import reactHeadless = require('stytch-b2b-headless-wasm/react/headless');
import next = require('stytch-b2b-headless-wasm/nextjs');
import nextHeadless = require('stytch-b2b-headless-wasm/nextjs/headless');
const { createStytchB2BClient } = root;
type StytchB2BClient = root.StytchB2BClient;
type StytchAPIError = root.StytchAPIError;`);

const MODES = {
  node10: { compilerOptions: { module: 'commonjs', moduleResolution: 'node10' }, files: { 'use.ts': ESM_TYPED } },
  node16: { compilerOptions: { module: 'node16', moduleResolution: 'node16' }, files: { 'use.mts': ESM_TYPED, 'use.cts': CJS_TYPED } },
  nodenext: {
    compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' },
    files: { 'use.mts': ESM_TYPED, 'use.cts': CJS_TYPED },
  },
  bundler: { compilerOptions: { module: 'esnext', moduleResolution: 'bundler' }, files: { 'use.ts': ESM_TYPED } },
};

for (const [mode, { compilerOptions, files }] of Object.entries(MODES)) {
  test(`tsc --strict (moduleResolution ${mode}) resolves the root and every subpath with their types`, () => {
    const dir = project(`tsc-${mode}`, {
      ...files,
      'tsconfig.json': JSON.stringify({
        compilerOptions: {
          ...compilerOptions,
          strict: true,
          noEmit: true,
          target: 'es2022',
          lib: ['es2022', 'dom'],
          skipLibCheck: false,
          types: [],
          noImplicitAny: true,
        },
        files: Object.keys(files),
      }),
    });
    try {
      run(path.join(WORK, 'node_modules/.bin/tsc'), ['-p', dir], dir);
    } catch (e) {
      throw new Error(`tsc (${mode}) failed:\n${e.stdout}${e.stderr}`);
    }
  });
}
