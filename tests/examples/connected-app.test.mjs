// The Connected-App example (examples/connected-app, #24) signing a member in through the
// project's authorization server in headless Chromium: the discovery document sends the browser
// to the project's authorization URL (its default, http://localhost:3000/oauth/authorize), where
// the React example serves the consent page. This browser resolves localhost:3000 to the test's
// example server, as the demo serves it there.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ROOT, SEED, startEmulator } from '../support/emulator.mjs';
import { launchBrowser } from '../support/browser.mjs';
import { startServer } from '../../examples/server/server.mjs';
import { startConnectedApp } from '../../examples/connected-app/server.mjs';

const CONSENT_ORIGIN = 'http://localhost:3000';
const SHOTS = path.join(ROOT, 'target/screenshots');
let emu;
let site;
let browser;

before(async () => {
  emu = await startEmulator();
  site = await startServer(emu.exampleServerConfig());
  const port = new URL(site.url).port;
  browser = await launchBrowser({ args: [`--host-resolver-rules=MAP localhost:3000 127.0.0.1:${port}`] });
});

after(async () => {
  await browser?.close();
  site?.close();
  emu?.stop();
});

const onView = (page, view) => page.waitForSelector(`#app[data-view="${view}"]`, { timeout: 10000 });

test('a Connected App signs a member in through the consent page: deny, then allow, refresh and revoke', async () => {
  await emu.reset();
  const app = await startConnectedApp({ stytchApi: emu.baseUrl });
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  try {
    // The tab's React pages talk to this test's emulator (the demo's default is port 9797).
    await page.goto(`${CONSENT_ORIGIN}/react/?api=${encodeURIComponent(emu.baseUrl)}`);
    await onView(page, 'login');

    // Not signed in at the consent page: the app's own sign-in first, then the question.
    await page.goto(app.url);
    await Promise.all([page.waitForURL(`${CONSENT_ORIGIN}/oauth/authorize?**`), page.click('#sign-in')]);
    await onView(page, 'login');
    assert.match(await page.textContent('#for-app'), /An app asks to use your account/);
    await page.selectOption('#org', SEED.globex);
    await page.fill('#email', SEED.globexMember.email);
    await page.fill('#password', SEED.password);
    await page.click('#sign-in');
    await onView(page, 'consent');
    await page.waitForSelector('#consent-allow');
    assert.match(await page.textContent('#consent-client'), /Connected-App example wants to access your account/);
    assert.deepEqual(await page.$$eval('#consent-scopes li', (items) => items.map((li) => li.dataset.scope)), [
      'openid',
      'email',
      'profile',
      'offline_access',
    ]);
    await page.screenshot({ path: path.join(SHOTS, 'connected-app-consent.png'), fullPage: true });

    await Promise.all([page.waitForURL(`${app.url}/`), page.click('#consent-deny')]);
    assert.match(await page.textContent('#error'), /not allowed: access_denied/);

    // Signed in now: straight to the question, and Allow brings the member back with tokens.
    await Promise.all([page.waitForURL(`${CONSENT_ORIGIN}/oauth/authorize?**`), page.click('#sign-in')]);
    await onView(page, 'consent');
    await Promise.all([page.waitForURL(`${app.url}/`), page.click('#consent-allow')]);
    assert.match(await page.textContent('#notice'), /ID token was verified/);
    assert.equal(await page.textContent('#email'), SEED.globexMember.email);
    const claims = JSON.parse(await page.textContent('#claims'));
    assert.equal(claims.iss, emu.baseUrl);
    assert.equal(claims.aud, app.clientId);
    assert.equal(claims.sub, SEED.globexMember.id);
    assert.equal(claims['https://stytch.com/organization'].organization_id, SEED.globex);
    const userinfo = JSON.parse(await page.textContent('#userinfo'));
    assert.equal(userinfo.email, SEED.globexMember.email);
    assert.equal(userinfo.sub, SEED.globexMember.id);
    await page.screenshot({ path: path.join(SHOTS, 'connected-app-signed-in.png'), fullPage: true });

    await page.click('#refresh');
    await page.waitForFunction(() => /Refreshed/.test(document.querySelector('#notice')?.textContent));
    assert.equal(JSON.parse(await page.textContent('#userinfo')).email, SEED.globexMember.email);
    await page.click('#revoke');
    await page.waitForFunction(() => /revoked/.test(document.querySelector('#notice')?.textContent));
    assert.match(await page.textContent('#notice'), /userinfo now refuses the access token \(401 invalid_token\)/);
    assert.ok(await page.$('#sign-in'), 'signed out of the app');

    // A request naming a redirect the client did not register is refused on the page: the
    // browser is sent nowhere.
    const evil = encodeURIComponent('http://evil.test/callback');
    await page.goto(`${CONSENT_ORIGIN}/oauth/authorize?client_id=${app.clientId}&redirect_uri=${evil}&scope=openid`);
    await page.waitForSelector('#consent-invalid');
    assert.match(await page.textContent('#error'), /redirect_uri is not one of the client's redirect_urls/);
    assert.ok(page.url().startsWith(`${CONSENT_ORIGIN}/oauth/authorize`));
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    await app.close();
  }
});
