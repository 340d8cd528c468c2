// Hostile pages against the emulator in headless Chromium. DNS rebinding: Chromium resolves
// rebind.example to 127.0.0.1 (as an attacker's DNS would after the page loaded), so a page
// under that name is same-origin with the emulator and sends no Origin; the control API and
// the console must still refuse it. Clickjacking: a page on another origin frames the console
// and the consent page ("Continue as ..."); Chromium must refuse to render them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { SEED, startEmulator } from '../support/emulator.mjs';
import { launchBrowser, serveFiles } from '../support/browser.mjs';

const REBOUND = 'rebind.example';
// What a rebound page wants: the secret, the codes sent, the signing key, the live sessions.
const CONTROL_PATHS = ['/_emulator/project', '/_emulator/outbox', '/_emulator/state', '/_emulator/sessions'];

let emu;
let allowing; // started with --allowed-host rebind.example: the same pages, allowed
let browser;
let site;

const port = (e) => new URL(e.baseUrl).port;
const rebound = (e, p) => `http://${REBOUND}:${port(e)}${p}`;
const consentPath = (redirect) =>
  `/v1/b2b/public/oauth/google/start?public_token=${SEED.publicToken}&slug=acme&login_redirect_url=${encodeURIComponent(redirect)}`;

before(async () => {
  emu = await startEmulator();
  allowing = await startEmulator(['--allowed-host', REBOUND]);
  browser = await launchBrowser({ args: [`--host-resolver-rules=MAP ${REBOUND} 127.0.0.1`] });
  const frames = `<!doctype html><title>another site</title>
    <iframe id="console" src="${emu.baseUrl}/"></iframe>
    <iframe id="consent" src="${emu.baseUrl}${consentPath('http://127.0.0.1:1/back')}"></iframe>
    <iframe id="json" src="${emu.baseUrl}/sdk/v1/projects/bootstrap/${SEED.publicToken}"></iframe>`;
  site = await serveFiles({
    '/frames.html': { type: 'text/html', body: frames },
    '/back.html': { type: 'text/html', body: '<!doctype html><title>the app</title><p>back in the app</p>' },
  });
});

after(async () => {
  await browser?.close();
  site?.close();
  emu?.stop();
  allowing?.stop();
});

/** A new page, and the CSP violations Chromium reports on its console. */
async function newPage() {
  const page = await (await browser.newContext()).newPage();
  const violations = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  return { page, violations };
}

test('the console under a rebound host name is refused and shows no secret', async () => {
  const { page } = await newPage();
  const resp = await page.goto(rebound(emu, '/'));
  assert.equal(resp.status(), 403);
  const body = await page.textContent('body');
  assert.match(body, /"error_type":"host_not_allowed"/);
  assert.ok(!body.includes(emu.secret));
  assert.equal(await page.$('#project-secret'), null);

  // The same page under a name allowed with --allowed-host is the working console: the
  // browser did reach the emulator under that name.
  await page.goto(rebound(allowing, '/'));
  await page.waitForSelector('#project-secret');
  assert.equal(await page.textContent('#project-secret'), allowing.secret);
  await page.context().close();
});

test('a page under a rebound host name cannot read the control API', async () => {
  for (const target of [emu, allowing]) {
    const { page } = await newPage();
    // Script in a document the emulator served under that name. (Chromium's private network
    // access keeps a page fetched from a public address from reading loopback; but the
    // attacker's page, same-origin with any document under the name, scripts one of those.)
    await page.goto(rebound(target, `/sdk/v1/projects/bootstrap/${SEED.publicToken}`));
    const read = await page.evaluate(
      async (paths) =>
        Promise.all(
          paths.map(async (p) => {
            const r = await fetch(p);
            return { path: p, status: r.status, text: await r.text() };
          }),
        ),
      [...CONTROL_PATHS, `/sdk/v1/projects/bootstrap/${SEED.publicToken}`],
    );
    const control = read.slice(0, CONTROL_PATHS.length);
    const sdk = read[CONTROL_PATHS.length];
    // The page does reach the emulator: the SDK API answers any host name.
    assert.equal(sdk.status, 200, sdk.text);
    if (target === emu) {
      for (const r of control) {
        assert.equal(r.status, 403, `${r.path}: ${r.text}`);
        assert.equal(JSON.parse(r.text).error_type, 'host_not_allowed');
        assert.ok(!r.text.includes(emu.secret) && !r.text.includes('signing_key_pem'), r.path);
      }
    } else {
      // Allowed on purpose: then the page reads everything, which is what the check stops.
      assert.deepEqual(
        control.map((r) => r.status),
        CONTROL_PATHS.map(() => 200),
      );
      assert.ok(control[0].text.includes(allowing.secret));
    }
    await page.context().close();
  }
});

test('another site cannot frame the console or the consent page', async () => {
  const { page, violations } = await newPage();
  await page.goto(`${site.url}/frames.html`);
  const frameText = async (id) => {
    const frame = await (await page.$(`#${id}`)).contentFrame();
    return { url: frame.url(), text: await frame.evaluate(() => document.body?.innerText ?? '') };
  };
  // A page without the headers renders in the same kind of frame: the check below can see it.
  const json = await frameText('json');
  assert.match(json.text, /"project_name"/);
  const consoleFrame = await frameText('console');
  assert.ok(!consoleFrame.text.includes('Stytch emulator console'), consoleFrame.text);
  assert.ok(!consoleFrame.url.startsWith(emu.baseUrl), consoleFrame.url);
  const consent = await frameText('consent');
  assert.ok(!consent.text.includes('Continue as'), consent.text);
  assert.ok(!consent.url.startsWith(emu.baseUrl), consent.url);
  // Chromium says why: both frames were refused by frame-ancestors.
  const refused = violations.filter((v) => v.includes(`Framing '${emu.baseUrl}/'`) && v.includes("frame-ancestors 'none'"));
  assert.equal(refused.length, 2, violations.join('\n'));
  await page.context().close();
});

test('the console and the consent page work under their CSP', async () => {
  const { page, violations } = await newPage();
  await page.goto(`http://localhost:${port(emu)}/`);
  await page.waitForSelector('#project-secret');
  assert.equal(await page.textContent('#project-secret'), emu.secret);

  // The consent form's answer redirects to the app: a CSP form-action would stop it there.
  await page.goto(emu.baseUrl + consentPath(`${site.url}/back.html`));
  await page.click('button.member');
  await page.waitForURL(`${site.url}/back.html?**`);
  const back = new URL(page.url());
  assert.equal(back.searchParams.get('stytch_token_type'), 'oauth');
  assert.ok(back.searchParams.get('token'));
  assert.deepEqual(violations, []);
  await page.context().close();
});
