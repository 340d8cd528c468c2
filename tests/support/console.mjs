// What the console's e2e tests share: the console page opened in a fresh context (its page
// errors collected), and the SDK API spoken to as a signed-in member, to see what a change
// made in the console does to the app's calls.
import { SEED } from './emulator.mjs';

/** The console in a new browser context; `errors` collects the page's uncaught errors. */
export async function openConsole(ctx) {
  const context = await ctx.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${ctx.emu.baseUrl}/`);
  await page.waitForSelector('#roles td');
  return { page, errors, close: () => context.close() };
}

/** Waits until the console's status line says `text` (a RegExp), as a success or an error. */
export async function statusSays(page, text, ok = true) {
  await page.waitForFunction(
    ([source, flags, cls]) => {
      const s = document.querySelector('#status');
      return s.className === cls && new RegExp(source, flags).test(s.textContent);
    },
    [text.source, text.flags, ok ? 'ok' : 'err'],
  );
}

/** An SDK API call (`/sdk/v1...`) with the public token, or a member's session token. */
export async function sdkCall(emu, method, path, { body, session } = {}) {
  const res = await fetch(`${emu.baseUrl}/sdk/v1${path}`, {
    method,
    headers: {
      'Content-Type': 'application/json',
      Authorization: `Basic ${Buffer.from(`${SEED.publicToken}:${session ?? SEED.publicToken}`).toString('base64')}`,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/**
 * A session of a seeded member (`SEED.*`): the password, then, when the login asks for MFA,
 * the SMS code it sent.
 */
export async function memberSession(emu, organizationId, member) {
  const login = await sdkCall(emu, 'POST', '/b2b/passwords/authenticate', {
    body: { organization_id: organizationId, email_address: member.email, password: SEED.password, session_duration_minutes: 60 },
  });
  if (login.status !== 200) throw new Error(`login of ${member.email}: ${JSON.stringify(login.body)}`);
  if (login.body.data.session_token) return login.body.data.session_token;
  const step = await sdkCall(emu, 'POST', '/b2b/otps/sms/authenticate', {
    body: {
      organization_id: organizationId,
      member_id: member.id,
      intermediate_session_token: login.body.data.intermediate_session_token,
      code: await emu.lastSmsCode(member.phone),
      session_duration_minutes: 60,
    },
  });
  if (step.status !== 200) throw new Error(`SMS step of ${member.email}: ${JSON.stringify(step.body)}`);
  return step.body.data.session_token;
}

/** A backend API call (`/v1...`) with the project's secret. */
export async function backendCall(emu, method, path, body) {
  const res = await fetch(`${emu.baseUrl}/v1${path}`, {
    method,
    headers: {
      'Content-Type': 'application/json',
      Authorization: `Basic ${Buffer.from(`${emu.projectId}:${emu.secret}`).toString('base64')}`,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}
