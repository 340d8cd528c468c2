// The console's roles and frontend-SDK section (#22) in headless Chromium: it lists the RBAC
// policy's roles and each member's roles with their source, and its switch turns the frontend
// SDK's member actions off and on through the control API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useEmulatorAndBrowser } from '../support/emulator-and-browser.mjs';

const ctx = useEmulatorAndBrowser();

const sdkSettings = async () => (await fetch(`${ctx.emu.baseUrl}/_emulator/frontend_sdk`)).json();

test('the console shows the roles and switches member actions for the frontend SDK', async () => {
  const page = await (await ctx.browser.newContext()).newPage();
  await page.goto(`${ctx.emu.baseUrl}/`);
  await page.waitForSelector('#roles td code:text("mfa_manager")');
  const roles = await page.textContent('#roles');
  assert.match(roles, /stytch\.member: search, update\.info\.delete\.mfa-phone/);
  assert.match(await page.textContent('#resources'), /documents/);
  assert.match(await page.textContent('#organizations'), /employee \(email domain\)/);

  assert.equal(await page.isChecked('#member-actions'), true);
  await page.click('#member-actions');
  await page.waitForSelector('#status:text("Member actions disabled")');
  assert.deepEqual(await sdkSettings(), { member_actions: false });
  await page.click('#member-actions');
  await page.waitForSelector('#status:text("Member actions enabled")');
  assert.deepEqual(await sdkSettings(), { member_actions: true });
});
