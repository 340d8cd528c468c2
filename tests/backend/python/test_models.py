"""Every backend endpoint the emulator serves, called through Stytch's Python SDK, whose
pydantic models refuse an answer that lacks a field they require: the field-level check of
the emulator's responses against the official types."""

import unittest

import stytch
from stytch.core.response_base import StytchError

from emulator import ACME, CONSUMER_EMAIL, EmulatorTestCase, GLOBEX, PASSWORD, SEED, totp

ACME_TOTP = SEED["organizations"][0]["members"][2]


class ResponsesParse(EmulatorTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.b2b = stytch.B2BClient(**cls.emulator.client_args())
        cls.consumer = stytch.Client(**cls.emulator.consumer_client_args())

    def test_b2b_organizations_and_members(self):
        b = self.b2b
        self.assertEqual(b.organizations.get(organization_id=ACME).organization.organization_id, ACME)
        updated = b.organizations.update(organization_id=GLOBEX, mfa_policy="REQUIRED_FOR_ALL", mfa_methods="RESTRICTED", allowed_mfa_methods=["totp"])
        self.assertEqual(updated.organization.allowed_mfa_methods, ["totp"])
        found = b.organizations.search(query={"operator": "AND", "operands": [{"filter_name": "organization_slugs", "filter_value": ["acme"]}]})
        self.assertEqual([o.organization_id for o in found.organizations], [ACME])
        created_org = b.organizations.create(organization_name="Hooli")
        self.assertEqual(created_org.organization.organization_slug, "hooli")
        m = b.organizations.members.get(organization_id=ACME, email_address=ACME_TOTP["email_address"])
        self.assertEqual(m.member.member_id, ACME_TOTP["member_id"])
        new = b.organizations.members.create(organization_id=GLOBEX, email_address="hire@globex.test", name="Hire")
        changed = b.organizations.members.update(organization_id=GLOBEX, member_id=new.member_id, mfa_enrolled=True)
        self.assertTrue(changed.member.mfa_enrolled)

    def test_b2b_sessions_recovery_codes_and_discovery(self):
        b = self.b2b
        login = b.passwords.authenticate(organization_id=ACME, email_address=ACME_TOTP["email_address"], password=PASSWORD)
        ist = login.intermediate_session_token
        member_id = ACME_TOTP["member_id"]
        # The IST carries the password to another organization of the same person? Not here:
        # the member exists only in Acme, so exchange into Acme itself.
        exchanged = b.discovery.intermediate_sessions.exchange(intermediate_session_token=ist, organization_id=ACME)
        self.assertFalse(exchanged.member_authenticated)
        ist = exchanged.intermediate_session_token
        code = totp(ACME_TOTP["totp"]["secret"], self.emulator.now())
        done = b.totps.authenticate(organization_id=ACME, member_id=member_id, code=code, intermediate_session_token=ist)
        codes = b.recovery_codes.get(organization_id=ACME, member_id=member_id).recovery_codes
        rotated = b.recovery_codes.rotate(organization_id=ACME, member_id=member_id).recovery_codes
        self.assertNotEqual(codes, rotated)
        again = b.passwords.authenticate(organization_id=ACME, email_address=ACME_TOTP["email_address"], password=PASSWORD)
        recovered = b.recovery_codes.recover(
            organization_id=ACME, member_id=member_id, recovery_code=rotated[0], intermediate_session_token=again.intermediate_session_token
        )
        self.assertEqual(recovered.recovery_codes_remaining, 9)
        listed = b.sessions.get(organization_id=ACME, member_id=member_id)
        self.assertEqual(len(listed.member_sessions), 2)
        b.sessions.revoke(member_session_id=done.member_session.member_session_id)
        self.assertEqual(len(b.sessions.get(organization_id=ACME, member_id=member_id).member_sessions), 1)
        jwks = b.sessions.get_jwks(project_id=self.emulator.ready["project_id"])
        self.assertEqual(jwks.keys[0].alg, "RS256")

    def test_b2b_password_resets_oauth_and_sso(self):
        b = self.b2b
        member = SEED["organizations"][1]["members"][0]
        b.passwords.email.reset_start(organization_id=GLOBEX, email_address=member["email_address"])
        token = [m for m in self.emulator.outbox(member["email_address"]) if m["password_reset_token"]][-1]["password_reset_token"]
        reset = b.passwords.email.reset(password_reset_token=token, password="Fresh-Password-2026", session_duration_minutes=60)
        self.assertTrue(reset.member_authenticated)
        changed = b.passwords.existing_password.reset(
            organization_id=GLOBEX, email_address=member["email_address"], existing_password="Fresh-Password-2026", new_password="Other-Password-2026"
        )
        self.assertTrue(changed.session_token)
        self.assertFalse(b.passwords.strength_check(password="weak").valid_password)
        public_token = self.emulator.ready["public_token"]
        oauth_token = self.emulator.consent(f"/v1/b2b/public/oauth/google/start?public_token={public_token}&organization_id={GLOBEX}", member["email_address"])
        oauth = b.oauth.authenticate(oauth_token=oauth_token)
        self.assertEqual(oauth.member_session.authentication_factors[0].delivery_method, "oauth_google")
        connection = SEED["organizations"][1]["sso_connections"][0]["connection_id"]
        sso_token = self.emulator.consent(f"/v1/public/sso/start?public_token={public_token}&connection_id={connection}", member["email_address"])
        sso = b.sso.authenticate(sso_token=sso_token)
        self.assertEqual(sso.member_session.authentication_factors[0].delivery_method, "sso_saml")

    def test_consumer_users_passwords_otps_sessions(self):
        c = self.consumer
        user = c.users.create(email="someone@example.test", name={"first_name": "Some"})
        self.assertEqual(c.users.get(user_id=user.user_id).name.first_name, "Some")
        created = c.passwords.create(email="pw@example.test", password="A-long-password-1", session_duration_minutes=30)
        self.assertTrue(created.session_token)
        p = c.passwords.authenticate(email=CONSUMER_EMAIL, password=PASSWORD, session_duration_minutes=60)
        sent = c.otps.sms.send(phone_number="+15555550401", session_token=p.session_token)
        code = self.emulator.outbox("+15555550401")[-1]["code"]
        o = c.otps.authenticate(method_id=sent.phone_id, code=code, session_token=p.session_token)
        self.assertEqual([f.delivery_method for f in o.session.authentication_factors], ["knowledge", "sms"])
        local = c.sessions.authenticate_jwt(session_jwt=o.session_jwt)
        self.assertEqual(local.session.user_id, p.user_id)
        remote = c.sessions.authenticate(session_token=p.session_token)
        self.assertEqual(remote.user.phone_numbers[0].verified, True)
        self.assertEqual(len(c.sessions.get(user_id=p.user_id).sessions), 1)
        c.sessions.revoke(session_id=o.session.session_id)
        self.assertEqual(len(c.sessions.get(user_id=p.user_id).sessions), 0)

    def test_a_member_session_jwt_is_not_a_consumer_session(self):
        member = SEED["organizations"][1]["members"][0]
        login = self.b2b.passwords.authenticate(organization_id=GLOBEX, email_address=member["email_address"], password=PASSWORD, session_duration_minutes=60)
        self.assertEqual(self.b2b.sessions.authenticate_jwt_local(session_jwt=login.session_jwt).member_id, member["member_id"])
        # The consumer project's JWKS has no key with the JWT's kid.
        with self.assertRaises(Exception):
            self.consumer.sessions.authenticate_jwt_local(session_jwt=login.session_jwt)
        with self.assertRaises(StytchError) as refused:
            self.consumer.sessions.authenticate(session_jwt=login.session_jwt)
        self.assertEqual(refused.exception.details.error_type, "invalid_session_jwt")


if __name__ == "__main__":
    unittest.main()
