// What the example server requires of a session, in one place: the consumer guide's
// authorization check (a password and an SMS factor) and step-up check (a second factor
// authenticated within the last five minutes), and the same step-up rule for B2B members.
//
// "Now" is the session's `last_accessed_at` from a remote sessions.authenticate, i.e. the
// time Stytch saw this very request. Comparing factor times with Stytch's clock rather
// than the app server's keeps the check right when the two clocks disagree (and lets the
// tests move the emulator's clock).

export const STEP_UP_SECONDS = 5 * 60;

// Delivery methods that count as a second factor.
export const SECOND_FACTORS = ['sms', 'authenticator_app', 'recovery_code'];

const factorsOf = (session) => session?.authentication_factors || [];

/** The consumer guide's authorization check: both a knowledge and an SMS factor. */
export function hasPasswordAndSms(session) {
  const methods = factorsOf(session).map((f) => f.delivery_method);
  return methods.includes('knowledge') && methods.includes('sms');
}

/**
 * Whether a factor with one of `methods` was authenticated within `seconds` of the
 * session's last access. Returns `{ ok: true }` or `{ ok: false, reason }` where the reason
 * is `second_factor_required` (none at all) or `step_up_required` (too long ago).
 */
export function recentFactor(session, { methods = SECOND_FACTORS, seconds = STEP_UP_SECONDS } = {}) {
  const now = Date.parse(session.last_accessed_at);
  const times = factorsOf(session)
    .filter((f) => methods.includes(f.delivery_method))
    .map((f) => Date.parse(f.last_authenticated_at));
  if (!times.length) return { ok: false, reason: 'second_factor_required' };
  const age = (now - Math.max(...times)) / 1000;
  return age < seconds ? { ok: true, age_seconds: Math.max(0, Math.round(age)) } : { ok: false, reason: 'step_up_required' };
}
