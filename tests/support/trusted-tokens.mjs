// A trusted auth token profile for `sessions.attest` (rest22), set through the emulator's
// control API, and JWTs signed with its test-only key pair (emulator/tests/fixtures).
import { createSign } from 'node:crypto';
import { readFileSync } from 'node:fs';

const fixture = (name) => readFileSync(new URL(`../../emulator/tests/fixtures/${name}`, import.meta.url), 'utf8');

export const PROFILE = {
  profile_id: 'trusted-auth-token-profile-test-partner',
  name: 'Partner',
  audience: 'emulator-tests',
  issuer: 'https://partner.test',
  pem_files: [fixture('trusted-token-test-key.pub.pem')],
  attribute_mapping: { email: 'email', token_id: 'jti', organization_id: 'org' },
  can_jit_provision: false,
};

/** Makes the profile the emulator's only one. */
export const setProfile = (emulator) => emulator.control('PUT', '/_emulator/trusted_token_profiles', { trusted_token_profiles: [PROFILE] });

const part = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');

/** A partner token for `email` in `organization_id`, alive five minutes by the emulator's clock. */
export async function partnerToken(emulator, email, organization_id, jti) {
  const claims = { iss: PROFILE.issuer, aud: PROFILE.audience, exp: (await emulator.nowUnix()) + 300, email, jti, org: organization_id };
  const input = `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}`;
  return `${input}.${createSign('RSA-SHA256').update(input).sign(fixture('trusted-token-test-key.pem'), 'base64url')}`;
}
