"""Organizations and members (#22) through Stytch's own Python SDK, unmodified but for the base
URL, against a spawned emulator: its pydantic models accept the answers of
organizations.get/update/delete and organizations.members.create/update/delete/reactivate,
delete_mfa_phone_number, delete_totp, delete_password, start_email_update and
unlink_retired_email."""

import pathlib
import unittest

import stytch
from stytch.core.response_base import StytchError

from emulator import EmulatorTestCase, SEED

SOYLENT_ORG = next(o for o in SEED["organizations"] if o["organization_slug"] == "soylent")
SOYLENT = SOYLENT_ORG["organization_id"]
PLAIN_EMAIL = "plain.member@soylent.test"
PLAIN = next(m for m in SOYLENT_ORG["members"] if m["email_address"] == PLAIN_EMAIL)["member_id"]


class Members(EmulatorTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client = stytch.B2BClient(**cls.emulator.client_args())

    def error_type(self, call):
        with self.assertRaises(StytchError) as refused:
            call()
        return refused.exception.details.error_type

    def test_organization_update_with_mfa_policy_and_delete(self):
        org = self.client.organizations.update(
            organization_id=SOYLENT, mfa_policy="REQUIRED_FOR_ALL", mfa_methods="RESTRICTED", allowed_mfa_methods=["totp"]
        ).organization
        self.assertEqual((org.mfa_policy, org.allowed_mfa_methods), ("REQUIRED_FOR_ALL", ["totp"]))
        self.assertEqual([(a.domain, a.role_id) for a in org.rbac_email_implicit_role_assignments], [("soylent.test", "employee")])
        self.assertEqual(self.client.organizations.get(organization_id=SOYLENT).organization.mfa_methods, "RESTRICTED")
        self.assertEqual(self.client.organizations.delete(organization_id=SOYLENT).organization_id, SOYLENT)
        self.assertEqual(self.error_type(lambda: self.client.organizations.get(organization_id=SOYLENT)), "organization_not_found")

    def test_members_create_update_delete_reactivate(self):
        members = self.client.organizations.members
        created = members.create(organization_id=SOYLENT, email_address="new.hire@soylent.test", name="Nia New", roles=["mfa_manager"])
        member_id = created.member_id
        self.assertEqual([r.role_id for r in created.member.roles], ["stytch_member", "mfa_manager", "employee"])
        self.assertEqual(created.member.roles[2].sources[0].type, "email_assignment")
        updated = members.update(organization_id=SOYLENT, member_id=member_id, name="Nia N.", mfa_enrolled=True)
        self.assertEqual((updated.member.name, updated.member.mfa_enrolled), ("Nia N.", True))
        self.assertEqual(members.delete(organization_id=SOYLENT, member_id=member_id).member_id, member_id)
        self.assertEqual(self.error_type(lambda: members.get(organization_id=SOYLENT, member_id=member_id)), "member_not_found")
        self.assertEqual(members.reactivate(organization_id=SOYLENT, member_id=member_id).member.status, "active")

    def test_members_reset_phone_totp_and_password(self):
        members = self.client.organizations.members
        phone = members.delete_mfa_phone_number(organization_id=SOYLENT, member_id=PLAIN)
        self.assertEqual((phone.member.mfa_phone_number, phone.member.mfa_phone_number_verified), ("", False))
        self.assertEqual(members.delete_totp(organization_id=SOYLENT, member_id=PLAIN).member.totp_registration_id, "")
        self.assertEqual(self.error_type(lambda: members.delete_totp(organization_id=SOYLENT, member_id=PLAIN)), "totp_not_found")
        password_id = members.get(organization_id=SOYLENT, member_id=PLAIN).member.member_password_id
        self.assertEqual(members.delete_password(organization_id=SOYLENT, member_password_id=password_id).member.member_password_id, "")
        self.assertEqual(
            self.error_type(lambda: members.delete_password(organization_id=SOYLENT, member_password_id=password_id)), "member_password_not_found"
        )

    def test_a_member_session_in_method_options_runs_with_its_roles(self):
        from stytch.b2b.models.organizations_members import DeleteMFAPhoneNumberRequestOptions, DeleteRequestOptions
        from stytch.shared.method_options import Authorization

        manager = next(m for m in SOYLENT_ORG["members"] if m["email_address"] == "manager.member@soylent.test")
        login = self.client.passwords.authenticate(
            organization_id=SOYLENT, email_address=manager["email_address"], password=manager["password"], session_duration_minutes=60
        )
        as_manager = Authorization(session_token=login.session_token)
        members = self.client.organizations.members
        reset = members.delete_mfa_phone_number(
            organization_id=SOYLENT, member_id=PLAIN, method_options=DeleteMFAPhoneNumberRequestOptions(authorization=as_manager)
        )
        self.assertEqual(reset.member.mfa_phone_number, "")
        refused = lambda: members.delete(organization_id=SOYLENT, member_id=PLAIN, method_options=DeleteRequestOptions(authorization=as_manager))
        self.assertEqual(self.error_type(refused), "session_authorization_error")

    # rest22: email updates, retired emails, and the two session calls the emulator refuses.
    def test_start_email_update_then_the_link_retires_the_old_email_until_unlinked(self):
        members = self.client.organizations.members
        admin = next(m for m in SOYLENT_ORG["members"] if m["email_address"] == "admin.member@soylent.test")
        started = members.start_email_update(organization_id=SOYLENT, member_id=admin["member_id"], email_address="ada@moved.test")
        self.assertEqual(started.member.email_address, admin["email_address"])
        token = self.emulator.outbox("ada@moved.test")[-1]["magic_link_token"]
        login = self.client.magic_links.authenticate(magic_links_token=token, session_duration_minutes=60)
        self.assertEqual(login.member.email_address, "ada@moved.test")
        retired = login.member.retired_email_addresses
        self.assertEqual([r.email_address for r in retired], [admin["email_address"]])
        unlinked = members.unlink_retired_email(organization_id=SOYLENT, member_id=admin["member_id"], email_id=retired[0].email_id)
        self.assertEqual((unlinked.organization_id, unlinked.member.retired_email_addresses), (SOYLENT, []))
        updated = members.update(organization_id=SOYLENT, member_id=PLAIN, email_address="pat@moved.test", unlink_email=True)
        self.assertEqual((updated.member.email_address, updated.member.retired_email_addresses), ("pat@moved.test", []))

    def test_exchange_access_token_and_attest_refuse_what_the_emulator_does_not_know(self):
        sessions = self.client.sessions
        refused = lambda: sessions.exchange_access_token(access_token="eyJ.not.issued", session_duration_minutes=60)
        self.assertEqual(self.error_type(refused), "oauth_access_token_exchange_token_invalid_grant")
        unknown = lambda: sessions.attest(profile_id="trusted-auth-token-profile-test-none", token="eyJ.a.b", organization_id=SOYLENT)
        self.assertEqual(self.error_type(unknown), "trusted_token_profile_not_found")

    def test_attest_turns_a_token_the_profile_accepts_into_a_session_once(self):
        import jwt

        fixtures = pathlib.Path(__file__).resolve().parents[3] / "emulator" / "tests" / "fixtures"
        read = lambda name: (fixtures / name).read_text()
        profile = {
            "profile_id": "trusted-auth-token-profile-test-partner",
            "audience": "emulator-tests",
            "issuer": "https://partner.test",
            "pem_files": [read("trusted-token-test-key.pub.pem")],
            "attribute_mapping": {"email": "email", "token_id": "jti"},
        }
        self.emulator.control("PUT", "/_emulator/trusted_token_profiles", {"trusted_token_profiles": [profile]})
        claims = {"iss": profile["issuer"], "aud": profile["audience"], "exp": self.emulator.now() + 300, "email": PLAIN_EMAIL, "jti": "py-1"}
        token = jwt.encode(claims, read("trusted-token-test-key.pem"), algorithm="RS256")
        attested = self.client.sessions.attest(profile_id=profile["profile_id"], token=token, organization_id=SOYLENT, session_duration_minutes=60)
        self.assertEqual(attested.member_id, PLAIN)
        factor = attested.member_session.authentication_factors[0]
        self.assertEqual((factor.type, factor.delivery_method), ("trusted_auth_token", "trusted_token_exchange"))
        again = lambda: self.client.sessions.attest(profile_id=profile["profile_id"], token=token, organization_id=SOYLENT)
        self.assertEqual(self.error_type(again), "invalid_trusted_auth_token")


if __name__ == "__main__":
    unittest.main()
