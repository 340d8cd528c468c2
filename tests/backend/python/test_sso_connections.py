"""SSO connection management (sso24, #24) through Stytch's own Python SDK, unmodified but for
the base URL, against a spawned emulator: its pydantic models read every answer of
sso.saml.*, sso.oidc.*, sso.external.* and sso.delete_connection, and refusals arrive as
StytchError with Stytch's error types."""

import pathlib
import unittest

import stytch
from stytch.core.response_base import StytchError

from emulator import EmulatorTestCase, GLOBEX, SEED

SOYLENT = next(o["organization_id"] for o in SEED["organizations"] if o["organization_slug"] == "soylent")
GLOBEX_SAML = SEED["organizations"][1]["sso_connections"][0]["connection_id"]
CERTIFICATE = (pathlib.Path(__file__).resolve().parents[3] / "emulator/core/src/local_idp.pem").read_text()


class SsoConnections(EmulatorTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client = stytch.B2BClient(**cls.emulator.client_args())

    def refused(self, error_type, call, **kwargs):
        with self.assertRaises(StytchError) as refused:
            call(**kwargs)
        self.assertEqual(refused.exception.details.error_type, error_type)

    def test_a_saml_connection_from_the_local_metadata_url(self):
        saml = self.client.sso.saml
        created = saml.create_connection(organization_id=SOYLENT, display_name="Okta", identity_provider="okta")
        self.assertEqual(created.connection.status, "pending")
        ids = {"organization_id": SOYLENT, "connection_id": created.connection.connection_id}
        self.refused("invalid_saml_metadata_url", saml.update_by_url, metadata_url="http://169.254.169.254/", **ids)
        read = saml.update_by_url(metadata_url=f"{self.emulator.base}/v1/b2b/public/idp/saml/metadata", **ids)
        certificate = read.connection.verification_certificates[0]
        self.assertEqual(certificate.issuer, "Stytch emulator local identity provider")
        self.assertEqual(certificate.expires_at.year, 2126)
        updated = saml.update_connection(attribute_mapping={"email": "NameID"}, x509_certificate=CERTIFICATE, **ids)
        self.assertEqual(updated.connection.status, "active")
        self.refused("cannot_delete_last_sso_verification_key", saml.delete_verification_certificate, certificate_id=certificate.certificate_id, **ids)
        self.refused("sso_verification_key_not_found", saml.delete_encryption_private_key, private_key_id="saml-encryption-key-test-x", **ids)
        self.assertEqual(self.client.sso.delete_connection(**ids).connection_id, ids["connection_id"])
        self.assertEqual(self.client.sso.get_connections(organization_id=SOYLENT).saml_connections, [])

    def test_oidc_and_external_connections(self):
        created = self.client.sso.oidc.create_connection(organization_id=SOYLENT, display_name="OIDC")
        base = "https://idp.example.com"
        updated = self.client.sso.oidc.update_connection(
            organization_id=SOYLENT,
            connection_id=created.connection.connection_id,
            client_id="client",
            client_secret="secret",
            issuer=base,
            authorization_url=f"{base}/authorize",
            token_url=f"{base}/token",
            userinfo_url=f"{base}/userinfo",
            jwks_url=f"{base}/jwks",
        )
        self.assertEqual(updated.connection.status, "active")
        shared = self.client.sso.external.create_connection(
            organization_id=SOYLENT, external_organization_id=GLOBEX, external_connection_id=GLOBEX_SAML
        )
        self.assertEqual(shared.connection.status, "active")
        renamed = self.client.sso.external.update_connection(
            organization_id=SOYLENT,
            connection_id=shared.connection.connection_id,
            external_group_implicit_role_assignments=[{"role_id": "employee", "group": "all"}],
        )
        self.assertEqual(renamed.connection.external_group_implicit_role_assignments[0].group, "all")
        self.refused(
            "external_organization_id_same_as_organization_id",
            self.client.sso.external.create_connection,
            organization_id=SOYLENT,
            external_organization_id=SOYLENT,
            external_connection_id=GLOBEX_SAML,
        )
        listed = self.client.sso.get_connections(organization_id=SOYLENT)
        self.assertEqual([len(listed.oidc_connections), len(listed.external_connections)], [1, 1])


if __name__ == "__main__":
    unittest.main()
