"""SCIM provisioning and impersonation (scim24) through Stytch's own Python SDK, unmodified but
for the base URL: its pydantic models accept the answers of scim.connection.create/get/update/
get_groups/rotate_start/rotate_complete/rotate_cancel/delete and impersonation.authenticate.
And a SCIM 2.0 client library (scim2-client, as an identity provider's provisioning would use
one) runs the create/find/patch/deactivate/delete cycle against the connection's base URL."""

import unittest

import httpx2
import stytch
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_models import Email, Group, GroupMember, Name, PatchOp, PatchOperation, ScimProvider, SearchRequest, User
from stytch.core.response_base import StytchError

from emulator import EmulatorTestCase, SEED

SOYLENT_ORG = next(o for o in SEED["organizations"] if o["organization_slug"] == "soylent")
SOYLENT = SOYLENT_ORG["organization_id"]
PLAIN = next(m for m in SOYLENT_ORG["members"] if m["email_address"] == "plain.member@soylent.test")["member_id"]


class Scim(EmulatorTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client = stytch.B2BClient(**cls.emulator.client_args())

    def test_connection_management_through_the_sdks_models(self):
        conn = self.client.scim.connection
        created = conn.create(organization_id=SOYLENT, display_name="Okta", identity_provider="okta").connection
        self.assertTrue(created.base_url.endswith("/v1/b2b/scim/" + created.connection_id))
        got = conn.get(organization_id=SOYLENT).connection
        self.assertEqual(got.bearer_token_last_four, created.bearer_token[-4:])
        self.assertEqual(got.next_bearer_token_last_four, "")
        updated = conn.update(organization_id=SOYLENT, connection_id=created.connection_id, display_name="Okta EU").connection
        self.assertEqual(updated.display_name, "Okta EU")
        started = conn.rotate_start(organization_id=SOYLENT, connection_id=created.connection_id).connection
        self.assertNotEqual(started.next_bearer_token, created.bearer_token)
        self.assertIsNotNone(conn.rotate_cancel(organization_id=SOYLENT, connection_id=created.connection_id).connection)
        with self.assertRaises(StytchError) as refused:
            conn.rotate_complete(organization_id=SOYLENT, connection_id=created.connection_id)
        self.assertEqual(refused.exception.details.error_type, "scim_connection_not_rotating_token")
        groups = conn.get_groups(organization_id=SOYLENT, connection_id=created.connection_id, limit=5)
        self.assertEqual((groups.scim_groups, groups.next_cursor), ([], None))
        self.assertEqual(conn.delete(organization_id=SOYLENT, connection_id=created.connection_id).connection_id, created.connection_id)
        self.assertIsNone(conn.get(organization_id=SOYLENT).connection)

    def test_a_scim_client_creates_finds_patches_deactivates_and_deletes(self):
        created = self.client.scim.connection.create(organization_id=SOYLENT, display_name="Okta").connection
        http = httpx2.Client(base_url=created.base_url, headers={"Authorization": "Bearer " + created.bearer_token})
        scim = SyncSCIMClient(http, provider=ScimProvider(models=[User, Group]))
        # scim2-models checks emails for deliverability-style rules, so the address is not a .test one.
        email = "ada@soylent.example.com"
        user = scim.create(User(user_name=email, name=Name(given_name="Ada", family_name="Lovelace"), emails=[Email(value=email, primary=True, type="work")], active=True))
        member = self.client.organizations.members.get(organization_id=SOYLENT, member_id=user.id).member
        self.assertEqual((member.status, member.name, member.scim_registration.connection_id), ("active", "Ada Lovelace", created.connection_id))

        found = scim.query(User, query_parameters=SearchRequest(filter=f'userName eq "{email}"'))
        self.assertEqual((found.total_results, found.resources[0].id), (1, user.id))

        group = scim.create(Group(display_name="Admins"))
        scim.modify(Group, group.id, PatchOp[Group](operations=[PatchOperation(op="add", path="members", value=[GroupMember(value=user.id)])]))
        self.client.scim.connection.update(
            organization_id=SOYLENT,
            connection_id=created.connection_id,
            scim_group_implicit_role_assignments=[{"group_id": group.id, "role_id": "stytch_admin", "group_name": "Admins"}],
        )
        member = self.client.organizations.members.get(organization_id=SOYLENT, member_id=user.id).member
        self.assertIn(("stytch_admin", "scim_connection_group"), [(r.role_id, r.sources[0].type) for r in member.roles])

        deactivated = scim.modify(User, user.id, PatchOp[User](operations=[PatchOperation(op="replace", path="active", value=False)]))
        self.assertFalse(deactivated.active)
        # Deprovisioned: the member is deleted, which members.get no longer finds.
        with self.assertRaises(StytchError) as gone:
            self.client.organizations.members.get(organization_id=SOYLENT, member_id=user.id)
        self.assertEqual(gone.exception.details.error_type, "member_not_found")

        scim.delete(User, user.id)
        self.assertEqual(scim.query(User, query_parameters=SearchRequest(filter=f'userName eq "{email}"')).total_results, 0)

    def test_impersonation_answers_a_session_with_the_impersonated_factor(self):
        minted = self.emulator.control("POST", "/_emulator/impersonation_tokens", {"organization_id": SOYLENT, "member_id": PLAIN})
        answer = self.client.impersonation.authenticate(impersonation_token=minted["impersonation_token"])
        self.assertTrue(answer.member_authenticated)
        factor = answer.member_session.authentication_factors[0]
        self.assertEqual((factor.type, factor.delivery_method), ("impersonated", "impersonation"))
        with self.assertRaises(StytchError) as refused:
            self.client.impersonation.authenticate(impersonation_token=minted["impersonation_token"])
        self.assertEqual(refused.exception.details.error_type, "unable_to_auth_impersonation_token")

    def test_a_scim_client_discovers_the_service_then_provisions_with_what_it_learned(self):
        # oauth24: no models given, so scim2-client reads /ResourceTypes, /Schemas and
        # /ServiceProviderConfig (RFC 7644 section 4) and builds its User model from the schema.
        created = self.client.scim.connection.create(organization_id=SOYLENT, display_name="Entra").connection
        http = httpx2.Client(base_url=created.base_url, headers={"Authorization": "Bearer " + created.bearer_token})
        scim = SyncSCIMClient(http)
        scim.discover()
        provider = scim.provider
        self.assertEqual([(t.id, t.endpoint) for t in provider.resource_types], [("User", "/Users"), ("Group", "/Groups")])
        config = provider.config
        self.assertEqual((config.patch.supported, config.filter.supported, config.bulk.supported), (True, True, False))

        discovered_user = provider.model_for("User")
        email = "grace@soylent.example.com"
        user = scim.create(discovered_user(user_name=email, emails=[{"value": email, "primary": True}], active=True))
        found = scim.query(discovered_user, query_parameters=SearchRequest(filter=f'userName eq "{email}"'))
        self.assertEqual((found.total_results, found.resources[0].id), (1, user.id))
        scim.delete(discovered_user, user.id)


if __name__ == "__main__":
    unittest.main()
