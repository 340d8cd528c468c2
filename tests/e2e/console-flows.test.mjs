// The console in headless Chromium shows what the #22 flows add to an organization: the email
// domains that may join it by themselves, its invited and pending members, invites with a
// name and roles (the email in the outbox view) and their revocation; hostile names stay text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SEED } from '../support/emulator.mjs';
import { useEmulatorAndBrowser } from '../support/emulator-and-browser.mjs';
import { backendCall, openConsole, sdkCall, statusSays } from '../support/console.mjs';

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

// console22: the invite form's name and roles, the outbox, and revoking the invite.
test('the console invites with a name and roles, shows the email, and revokes the invite', async () => {
  await ctx.emu.reset();
  const { page, errors, close } = await openConsole(ctx);
  const email = 'role.invitee@soylent.test';
  const bar = page.locator(`.invite[data-org="${SEED.soylent}"]`);
  await bar.locator('[name=invite_email]').fill(email);
  await bar.locator('[name=invite_name]').fill('Rory Invitee');
  await bar.locator('[name=invite_role][value=mfa_manager]').check();
  await bar.locator('button.invite-member').click();
  await statusSays(page, /Invited role\.invitee@soylent\.test/);
  const row = `.members[data-org="${SEED.soylent}"] tr:has(td:text-is("${email}"))`;
  await page.waitForSelector(`${row} .member-status:text-is("invited")`);
  assert.match(await page.textContent(row), /Rory Invitee/);
  assert.notEqual(await page.$(`${row} .role[data-role=mfa_manager]`), null, 'the invitee holds the role given');
  // The invite email in the outbox view, its link clickable.
  const [message] = await ctx.emu.outbox(email);
  await page.waitForSelector(`#outbox tr:has(td:text-is("${email}")) a[href="${message.magic_link_url}"]`);
  const listed = (await ctx.emu.control('GET', '/_emulator/organizations')).organizations
    .find((o) => o.organization_id === SEED.soylent)
    .members.find((m) => m.email_address === email);
  assert.deepEqual(
    listed.roles.map((r) => r.role_id),
    ['stytch_member', 'mfa_manager', 'employee'],
  );

  // Revoked: the member is deleted and its link no longer lets anyone in.
  await page.click(`${row} button.delete-member:text-is("Revoke invite")`);
  await statusSays(page, /Invite of role\.invitee@soylent\.test revoked/);
  await page.waitForSelector(`${row} .member-status:text-is("deleted")`);
  const used = await sdkCall(ctx.emu, 'POST', '/b2b/magic_links/authenticate', {
    body: { magic_links_token: message.magic_link_token, session_duration_minutes: 60 },
  });
  assert.ok(used.status >= 400, JSON.stringify(used.body));
  assert.deepEqual(errors, []);
  await close();
});

test('hostile organization, member and role names show as text in the console', async () => {
  await ctx.emu.reset();
  const hostile = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>&amp;"'`;
  const { organization } = await backendCall(ctx.emu, 'POST', '/b2b/organizations', {
    organization_name: hostile,
    organization_slug: 'hostile-org',
  });
  await backendCall(ctx.emu, 'POST', `/b2b/organizations/${organization.organization_id}/members`, {
    email_address: 'victim@hostile.test',
    name: hostile,
  });
  const policy = (await ctx.emu.control('GET', '/_emulator/rbac_policy')).rbac_policy;
  policy.roles.push({ role_id: `x"><img src=x onerror="window.__pwned=3">`, description: hostile, permissions: [] });
  policy.resources.push({ resource_id: `r"><svg onload="window.__pwned=4">`, description: hostile, actions: [`<b>bold</b>`] });
  await ctx.emu.control('PUT', '/_emulator/rbac_policy', { rbac_policy: policy });

  const { page, errors, close } = await openConsole(ctx);
  const heading = page.locator(`h3:has(code:text-is("${organization.organization_id}"))`);
  await heading.waitFor();
  assert.ok((await heading.textContent()).startsWith(hostile), 'the organization name is its text');
  const member = `.members tr:has(td:text-is("victim@hostile.test"))`;
  assert.equal(await page.textContent(`${member} td:nth-child(2)`), hostile, 'the member name is its text');
  assert.match(await page.textContent('#roles'), /onerror="window\.__pwned=3"/);
  assert.match(await page.textContent('#resources'), /<b>bold<\/b>/);
  // The hostile role is offered by its id, as text, in the invite form and the role picker.
  await page.click(`#roles .edit-role[data-role='x"><img src=x onerror="window.__pwned=3">']`);
  await page.waitForSelector('#role-editor:not([hidden])');
  for (const where of ['#organizations', '#roles', '#resources', '#role-editor']) {
    assert.equal(await page.locator(`${where} img, ${where} script, ${where} svg, ${where} b`).count(), 0, where);
  }
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(errors, []);
  await close();
});

// scim24: Stytch's dashboard "Impersonate Member": the console mints a single-use token, which
// impersonation.authenticate spends for a session whose factor is `impersonated`.
test("the console's Impersonate button mints a token that signs in once as the member", async () => {
  await ctx.emu.reset();
  const { page, errors, close } = await openConsole(ctx);
  const row = `.members[data-org="${SEED.soylent}"] tr:has(td:text-is("${SEED.soylentPlain.email}"))`;
  await page.click(`${row} button.impersonate-member`);
  await statusSays(page, /Impersonation token for plain\.member@soylent\.test/);
  const token = /: (\S+) \(for impersonation\.authenticate/.exec(await page.textContent('#status'))[1];
  const body = { impersonation_token: token };
  const signedIn = await sdkCall(ctx.emu, 'POST', '/b2b/impersonation/authenticate', { body });
  assert.equal(signedIn.status, 200, JSON.stringify(signedIn.body));
  assert.equal(signedIn.body.data.member_id, SEED.soylentPlain.id);
  assert.equal(signedIn.body.data.member_session.authentication_factors[0].type, 'impersonated');
  const again = await sdkCall(ctx.emu, 'POST', '/b2b/impersonation/authenticate', { body });
  assert.equal(again.body.error_type, 'unable_to_auth_impersonation_token');
  assert.deepEqual(errors, []);
  await close();
});
