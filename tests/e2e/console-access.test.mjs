// The console's roles and frontend-SDK sections (#22) in headless Chromium: it lists the RBAC
// policy's roles and each member's roles with their source, its switch turns the frontend
// SDK's member actions off and on, and it edits the policy (roles, their permissions, custom
// resources) and members' roles, each change checked by what a member's SDK calls may then do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useEmulatorAndBrowser } from '../support/emulator-and-browser.mjs';
import { SEED } from '../support/emulator.mjs';
import { memberSession, openConsole, sdkCall, statusSays } from '../support/console.mjs';

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

// console22: each section's effect, checked through the APIs an app calls.

test('a frontend-SDK action switched off in the console is refused to the SDK, and back on allowed', async () => {
  await ctx.emu.reset();
  const session = await memberSession(ctx.emu, SEED.soylent, SEED.soylentPlain);
  const rename = (name) => sdkCall(ctx.emu, 'PUT', '/b2b/organizations/members/update', { body: { name }, session });
  assert.equal((await rename('Pat One')).status, 200);
  const { page, errors, close } = await openConsole(ctx);
  await page.uncheck('#frontend-sdk [data-setting=member_actions]');
  await statusSays(page, /Member actions disabled for the frontend SDK/);
  const refused = await rename('Pat Two');
  assert.equal(refused.status, 401, JSON.stringify(refused.body));
  assert.equal(refused.body.error_type, 'endpoint_not_authorized_for_sdk');
  await page.check('#frontend-sdk [data-setting=member_actions]');
  await statusSays(page, /Member actions enabled/);
  assert.equal((await rename('Pat Three')).status, 200);
  assert.deepEqual(errors, []);
  await close();
});

test("a permission added to a role in the console lets the role's members do the action", async () => {
  await ctx.emu.reset();
  // Pat holds `employee` by the email domain; `employee` may only read documents.
  const session = await memberSession(ctx.emu, SEED.soylent, SEED.soylentPlain);
  const search = () => sdkCall(ctx.emu, 'POST', '/b2b/organizations/me/members/search', { body: {}, session });
  assert.equal((await search()).body.error_type, 'session_authorization_error');
  const { page, errors, close } = await openConsole(ctx);
  await page.click('#roles .edit-role[data-role=employee]');
  await page.check('#role-editor fieldset[data-resource="stytch.member"] [value=search]');
  await page.click('#save-role');
  await statusSays(page, /Permissions of employee saved/);
  await page.waitForSelector('#roles tr:has(code:text-is("employee")) >> text=/stytch\\.member: search/');
  assert.equal((await search()).status, 200);
  // And taken away again.
  await page.click('#roles .edit-role[data-role=employee]');
  await page.uncheck('#role-editor fieldset[data-resource="stytch.member"] [value=search]');
  await page.click('#save-role');
  await statusSays(page, /Permissions of employee saved/);
  assert.equal((await search()).status, 403);
  assert.deepEqual(errors, []);
  await close();
});

test('a role added in the console, assigned to a member, unassigned and deleted', async () => {
  await ctx.emu.reset();
  const session = await memberSession(ctx.emu, SEED.soylent, SEED.soylentPlain);
  const search = () => sdkCall(ctx.emu, 'POST', '/b2b/organizations/me/members/search', { body: {}, session });
  assert.equal((await search()).status, 403);
  const { page, errors, close } = await openConsole(ctx);

  await page.fill('#new-role-id', 'directory_reader');
  await page.fill('#new-role-description', 'Reads the member list');
  await page.click('#add-role');
  await statusSays(page, /Role directory_reader added/);
  await page.click('#roles .edit-role[data-role=directory_reader]');
  await page.check('#role-editor fieldset[data-resource="stytch.member"] [value=search]');
  await page.click('#save-role');
  await statusSays(page, /Permissions of directory_reader saved/);
  const policy = (await ctx.emu.control('GET', '/_emulator/rbac_policy')).rbac_policy;
  assert.deepEqual(
    policy.roles.find((r) => r.role_id === 'directory_reader'),
    {
      role_id: 'directory_reader',
      description: 'Reads the member list',
      permissions: [{ resource_id: 'stytch.member', actions: ['search'] }],
    },
  );

  // Assigned to Pat in the organization view: Pat may now search the organization's members.
  const roles = `.members tr:has(td:text-is("${SEED.soylentPlain.email}"))`;
  await page.selectOption(`${roles} select.assign-role`, 'directory_reader');
  await statusSays(page, /Role directory_reader assigned to plain\.member@soylent\.test/);
  await page.waitForSelector(`${roles} .role[data-role=directory_reader]`);
  assert.equal((await search()).status, 200);

  // Unassigned: refused again.
  await page.click(`${roles} .unassign-role[data-role=directory_reader]`);
  await statusSays(page, /Role directory_reader unassigned/);
  assert.equal((await search()).body.error_type, 'session_authorization_error');

  // A default role cannot be deleted (no button), a duplicate id is refused with the reason.
  assert.equal(await page.locator('#roles .delete-role[data-role=stytch_member]').count(), 0);
  await page.fill('#new-role-id', 'employee');
  await page.click('#add-role');
  await statusSays(page, /role "employee" is empty or defined twice/, false);

  await page.click('#roles .delete-role[data-role=directory_reader]');
  await statusSays(page, /Role directory_reader deleted/);
  const after = (await ctx.emu.control('GET', '/_emulator/rbac_policy')).rbac_policy;
  assert.equal(
    after.roles.some((r) => r.role_id === 'directory_reader'),
    false,
  );
  assert.deepEqual(errors, []);
  await close();
});

test('a custom resource added in the console can be granted, and deleted with its permissions', async () => {
  await ctx.emu.reset();
  const { page, errors, close } = await openConsole(ctx);
  await page.fill('#new-resource-id', 'reports');
  await page.fill('#new-resource-description', 'Quarterly reports');
  await page.fill('#new-resource-actions', 'read, export');
  await page.click('#add-resource');
  await statusSays(page, /Resource reports added/);
  await page.click('#roles .edit-role[data-role=employee]');
  await page.check('#role-editor fieldset[data-resource=reports] [value=export]');
  await page.click('#save-role');
  await statusSays(page, /Permissions of employee saved/);
  // The SDK's bootstrap carries it (what rbac.isAuthorizedSync answers from).
  const boot = await sdkCall(ctx.emu, 'GET', `/projects/bootstrap/${SEED.publicToken}`);
  const employee = boot.body.data.rbac_policy.roles.find((r) => r.role_id === 'employee');
  assert.deepEqual(employee.permissions.at(-1), { resource_id: 'reports', actions: ['export'] });
  // Stytch's resources are read-only: no delete button.
  assert.equal(await page.locator('#resources .delete-resource[data-resource="stytch.member"]').count(), 0);
  await page.click('#resources .delete-resource[data-resource=reports]');
  await statusSays(page, /Resource reports deleted/);
  const policy = (await ctx.emu.control('GET', '/_emulator/rbac_policy')).rbac_policy;
  assert.equal(JSON.stringify(policy).includes('reports'), false);
  assert.deepEqual(errors, []);
  await close();
});

test("an organization's role by email domain, added and removed in the console, gives and takes the role", async () => {
  await ctx.emu.reset();
  const session = await memberSession(ctx.emu, SEED.globex, SEED.globexMember);
  const search = () => sdkCall(ctx.emu, 'POST', '/b2b/organizations/me/members/search', { body: {}, session });
  assert.equal((await search()).status, 403);
  const { page, errors, close } = await openConsole(ctx);
  const bar = page.locator(`.email-roles[data-org="${SEED.globex}"]`);
  await bar.locator('[name=email_role_domain]').fill('globex.test');
  await bar.locator('[name=email_role_role]').selectOption('mfa_manager');
  await bar.locator('button.add-email-role').click();
  await statusSays(page, /Members at @globex\.test now hold mfa_manager/);
  await page.waitForSelector(`.members tr:has(td:text-is("${SEED.globexMember.email}")) .role:text-is("mfa_manager (email domain)")`);
  assert.equal((await search()).status, 200);
  await page.click(`.email-roles[data-org="${SEED.globex}"] button.remove-email-role`);
  await statusSays(page, /Role by email domain removed/);
  assert.equal((await search()).status, 403);
  assert.deepEqual(errors, []);
  await close();
});
