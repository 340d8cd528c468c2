"""The authentication flows of #22 through Stytch's own Python SDK, unmodified but for the base
URL, against a spawned emulator: its pydantic models accept the email OTP, session exchange,
invite, password discovery, reset-by-session and OAuth discovery answers."""

import unittest

import stytch
from stytch.core.response_base import StytchError

from emulator import EmulatorTestCase, GLOBEX, PASSWORD, SEED

ORGS = {o["organization_slug"]: o["organization_id"] for o in SEED["organizations"]}
INITECH, PIED_PIPER = ORGS["initech"], ORGS["piedpiper"]
SHARED = "shared.member@piedpiper.test"
GLOBEX_MEMBER = "optional.member@globex.test"
NEW_PASSWORD = "a-much-Stronger-passphrase-2026"


class Flows(EmulatorTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client = stytch.B2BClient(**cls.emulator.client_args())

    def last_email(self, to):
        return self.emulator.outbox(to)[-1]

    def test_email_otp_login_or_signup_then_authenticate(self):
        sent = self.client.otps.email.login_or_signup(organization_id=GLOBEX, email_address="fresh@globex.test")
        self.assertTrue(sent.member_created)
        self.assertEqual(sent.member.status, "pending")
        done = self.client.otps.email.authenticate(
            organization_id=GLOBEX, email_address="fresh@globex.test", code=self.last_email("fresh@globex.test")["code"]
        )
        self.assertTrue(done.member_authenticated)
        self.assertEqual(done.member.status, "active")
        self.assertEqual(done.member_session.authentication_factors[0].type, "email_otp")
        with self.assertRaises(StytchError) as refused:
            self.client.otps.email.authenticate(organization_id=GLOBEX, email_address="fresh@globex.test", code="000000")
        self.assertEqual(refused.exception.details.error_type, "otp_code_not_found")

    def test_email_otp_discovery(self):
        self.client.otps.email.discovery.send(email_address=SHARED)
        found = self.client.otps.email.discovery.authenticate(email_address=SHARED, code=self.last_email(SHARED)["code"])
        self.assertEqual(sorted(o.organization.organization_id for o in found.discovered_organizations), sorted([INITECH, PIED_PIPER]))
        self.assertEqual({o.membership.type for o in found.discovered_organizations}, {"active_member"})

    def test_sessions_exchange_into_an_organization_that_requires_mfa(self):
        login = self.client.passwords.authenticate(organization_id=PIED_PIPER, email_address=SHARED, password=PASSWORD)
        exchanged = self.client.sessions.exchange(organization_id=INITECH, session_token=login.session_token)
        self.assertFalse(exchanged.member_authenticated)
        self.assertTrue(exchanged.intermediate_session_token)
        self.assertIsNotNone(exchanged.mfa_required)
        self.assertEqual(exchanged.organization.organization_id, INITECH)

    def test_an_invite_then_its_link(self):
        invited = self.client.magic_links.email.invite(organization_id=GLOBEX, email_address="invitee@globex.test", name="In Vitee")
        self.assertEqual(invited.member.status, "invited")
        accepted = self.client.magic_links.authenticate(magic_links_token=self.last_email("invitee@globex.test")["magic_link_token"])
        self.assertEqual(accepted.member.status, "active")

    def test_password_discovery_and_reset_by_session(self):
        found = self.client.passwords.discovery.authenticate(email_address=SHARED, password=PASSWORD)
        self.assertEqual(len(found.discovered_organizations), 2)
        self.client.passwords.discovery.email.reset_start(email_address=SHARED)
        reset = self.client.passwords.discovery.email.reset(
            password_reset_token=self.last_email(SHARED)["password_reset_token"], password=NEW_PASSWORD
        )
        self.assertTrue(reset.intermediate_session_token)
        login = self.client.passwords.authenticate(organization_id=GLOBEX, email_address=GLOBEX_MEMBER, password=PASSWORD)
        changed = self.client.passwords.sessions.reset(organization_id=GLOBEX, password=NEW_PASSWORD, session_token=login.session_token)
        self.assertTrue(changed.member_authenticated)
        self.assertEqual(changed.member_session.member_id, login.member_id)

    def test_oauth_discovery(self):
        start = f"/v1/b2b/public/oauth/github/discovery/start?public_token={SEED['project']['public_token']}"
        token = self.emulator.consent(start, SHARED)
        found = self.client.oauth.discovery.authenticate(discovery_oauth_token=token)
        self.assertEqual(found.provider_type, "Github")
        self.assertEqual(len(found.discovered_organizations), 2)


if __name__ == "__main__":
    unittest.main()
