// The console in headless Chromium shows what the #22 flows add to an organization: the email
// domains that may join it by themselves, and its invited and pending members.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SEED } from '../support/emulator.mjs';
import { useEmulatorAndBrowser } from '../support/emulator-and-browser.mjs';

const ctx = useEmulatorAndBrowser();

test('the console marks invited and pending members and the domains open to JIT', async () => {
  // A pending member: signed up by email link, never logged in.
  const signup = await fetch(`${ctx.emu.baseUrl}/sdk/v1/b2b/magic_links/email/login_or_signup`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Authorization: `Basic ${Buffer.from(`${SEED.publicToken}:${SEED.publicToken}`).toString('base64')}`,
    },
    body: JSON.stringify({ organization_id: SEED.globex, email_address: 'pending.person@globex.test' }),
  });
  assert.equal(signup.status, 200, await signup.text());

  const page = await (await ctx.browser.newContext()).newPage();
  await page.goto(`${ctx.emu.baseUrl}/`);
  await page.waitForSelector('.member-status');
  const heading = await page.textContent(`h3:has(code:text-is("${SEED.piedPiper}"))`);
  assert.match(heading, /open to piedpiper\.test/);
  const row = (email) => page.textContent(`tr:has(td:text-is("${email}")), tr:has(td:has-text("${email}"))`);
  assert.match(await row(SEED.piedPiperInvited.email), /invited/);
  assert.match(await row('pending.person@globex.test'), /pending/);
  // Active members are the rule: their status is plain text, not marked.
  assert.match(await row(SEED.globexMember.email), /active/);
  assert.equal(await page.$(`tr:has(td:text-is("${SEED.globexMember.email}")) .member-status`), null);
  assert.notEqual(await page.$(`tr:has(td:text-is("${SEED.piedPiperInvited.email}")) .member-status`), null);
  await page.context().close();
});

test('the console invites a member into an organization', async () => {
  const page = await (await ctx.browser.newContext()).newPage();
  await page.goto(`${ctx.emu.baseUrl}/`);
  const bar = page.locator(`.invite[data-org="${SEED.piedPiper}"]`);
  await bar.locator('[name=invite_email]').fill('console.invitee@piedpiper.test');
  await bar.locator('button.invite-member').click();
  await page.waitForSelector('tr:has(td:has-text("console.invitee@piedpiper.test")) .member-status');
  assert.match(await page.textContent('#status'), /Invited console\.invitee@piedpiper\.test/);
  const [message] = await ctx.emu.outbox('console.invitee@piedpiper.test');
  assert.ok(message.magic_link_url, 'the invite link is in the outbox');
  await page.context().close();
});
