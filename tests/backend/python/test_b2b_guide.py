"""The B2B MFA guide's backend calls (its Flask example's), made by Stytch's own Python SDK,
unmodified but for the base URL, against a spawned emulator."""

import unittest

import stytch
from stytch.core.response_base import StytchError

from emulator import ACME, EmulatorTestCase, totp


class B2BGuide(EmulatorTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client = stytch.B2BClient(**cls.emulator.client_args())

    def magic_link_login(self, email):
        """login_or_signup, then the guide's magic_links.authenticate with the emailed token."""
        self.client.magic_links.email.login_or_signup(organization_id=ACME, email_address=email)
        token = self.emulator.outbox(email)[-1]["magic_link_token"]
        return self.client.magic_links.authenticate(magic_links_token=token)

    def test_magic_link_then_sms_enrollment_then_jwt(self):
        resp = self.magic_link_login("new.member@acme.test")
        self.assertFalse(resp.member_authenticated)
        ist = resp.intermediate_session_token
        self.assertTrue(ist)
        member_id = resp.member_id
        phone = "+15555550188"
        self.client.otps.sms.send(organization_id=ACME, member_id=member_id, mfa_phone_number=phone, intermediate_session_token=ist)
        code = self.emulator.outbox(phone)[-1]["code"]
        done = self.client.otps.sms.authenticate(
            organization_id=ACME, member_id=member_id, code=code, intermediate_session_token=ist, set_mfa_enrollment="enroll"
        )
        self.assertEqual([f.delivery_method for f in done.member_session.authentication_factors], ["email", "sms"])
        local = self.client.sessions.authenticate_jwt(session_jwt=done.session_jwt)
        self.assertEqual(local.member_session.member_id, member_id)
        self.assertEqual(local.member_session.organization_id, ACME)
        # The remote call the local one falls back to.
        remote = self.client.sessions.authenticate(session_jwt=done.session_jwt)
        self.assertEqual(remote.member.mfa_enrolled, True)

    def test_magic_link_then_totp_enrollment(self):
        resp = self.magic_link_login("new.member@acme.test")
        ist = resp.intermediate_session_token
        created = self.client.totps.create(organization_id=ACME, member_id=resp.member_id, intermediate_session_token=ist)
        self.assertEqual(len(created.recovery_codes), 10)
        code = totp(created.secret, self.emulator.now())
        done = self.client.totps.authenticate(organization_id=ACME, member_id=resp.member_id, code=code, intermediate_session_token=ist)
        self.assertEqual([f.delivery_method for f in done.member_session.authentication_factors], ["email", "authenticator_app"])
        self.assertEqual(self.client.sessions.authenticate_jwt(session_jwt=done.session_jwt).member_session.member_id, resp.member_id)

    def test_wrong_code_and_spent_ist_raise_stytch_errors(self):
        resp = self.magic_link_login("sms.member@acme.test")
        ist = resp.intermediate_session_token
        with self.assertRaises(StytchError) as wrong:
            self.client.otps.sms.authenticate(organization_id=ACME, member_id=resp.member_id, code="000000", intermediate_session_token=ist)
        self.assertEqual(wrong.exception.details.error_type, "otp_code_not_found")
        code = self.emulator.outbox("+15555550102")[-1]["code"]
        self.client.otps.sms.authenticate(organization_id=ACME, member_id=resp.member_id, code=code, intermediate_session_token=ist)
        with self.assertRaises(StytchError) as spent:
            self.client.otps.sms.authenticate(organization_id=ACME, member_id=resp.member_id, code=code, intermediate_session_token=ist)
        self.assertEqual(spent.exception.details.error_type, "intermediate_session_not_found")

    def test_a_wrong_secret_is_refused(self):
        bad = stytch.B2BClient(**{**self.emulator.client_args(), "secret": "secret-test-wrong-wrong-wrong"})
        with self.assertRaises(StytchError) as e:
            bad.organizations.get(organization_id=ACME)
        self.assertEqual(e.exception.details.status_code, 401)
        self.assertEqual(e.exception.details.error_type, "unauthorized_credentials")


if __name__ == "__main__":
    unittest.main()
