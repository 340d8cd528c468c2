// oauth24: the console in headless Chromium shows and edits the project's Connected Apps
// settings: the authorization URL the discovery documents name, and the access-token template
// clients that register themselves start with; a bad value is refused and its message shown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useEmulatorAndBrowser } from '../support/emulator-and-browser.mjs';
import { openConsole, statusSays } from '../support/console.mjs';

const ctx = useEmulatorAndBrowser();

const discovery = async () => (await fetch(`${ctx.emu.baseUrl}/.well-known/openid-configuration`)).json();

test("the console sets the project's Connected Apps authorization URL and registration template", async () => {
  await ctx.emu.reset();
  const { page, errors, close } = await openConsole(ctx);
  await page.waitForFunction(() => document.querySelector('#idp-authorization-url').value !== '');
  assert.equal(await page.inputValue('#idp-authorization-url'), 'http://localhost:3000/oauth/authorize');

  const url = 'https://app.example/oauth/consent';
  const template = '{"plan": {{ member.trusted_metadata.plan }}}';
  await page.fill('#idp-authorization-url', url);
  await page.fill('#idp-dcr-template', template);
  await page.click('#save-connected-apps');
  await statusSays(page, /Connected Apps settings saved/);
  assert.equal((await discovery()).authorization_endpoint, url);
  const registered = await (
    await fetch(`${ctx.emu.baseUrl}/v1/oauth2/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ redirect_uris: ['http://localhost:4000/cb'], token_endpoint_auth_method: 'none' }),
    })
  ).json();
  const auth = `Basic ${Buffer.from(`${ctx.emu.projectId}:${ctx.emu.secret}`).toString('base64')}`;
  const got = await fetch(`${ctx.emu.baseUrl}/v1/connected_apps/clients/${registered.client_id}`, { headers: { Authorization: auth } });
  assert.equal((await got.json()).connected_app.access_token_template_content, template);

  // Refused: the message shows, and nothing changed.
  await page.fill('#idp-authorization-url', 'javascript:alert(1)');
  await page.click('#save-connected-apps');
  await statusSays(page, /idp_authorization_url must be an absolute http\(s\) URL/, false);
  assert.equal((await discovery()).authorization_endpoint, url);
  assert.deepEqual(errors, []);
  await close();
});
