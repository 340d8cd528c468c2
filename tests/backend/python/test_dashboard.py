"""An app's organization dashboard (#22) through Stytch's own Python SDK, unmodified but for
the base URL, against a spawned emulator: its pydantic models accept the members search and
SSO connections answers."""

import unittest

import stytch
from stytch.core.response_base import StytchError

from emulator import ACME, EmulatorTestCase, GLOBEX, SEED


class Dashboard(EmulatorTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client = stytch.B2BClient(**cls.emulator.client_args())

    def test_members_search_pages_and_filters(self):
        acme_ids = sorted(m["member_id"] for m in SEED["organizations"][0]["members"])
        seen, cursor = [], None
        while True:
            page = self.client.organizations.members.search(organization_ids=[ACME], limit=2, cursor=cursor)
            self.assertEqual(page.results_metadata.total, len(acme_ids))
            self.assertEqual(list(page.organizations), [ACME])
            seen += [m.member_id for m in page.members]
            cursor = page.results_metadata.next_cursor
            if not cursor:
                break
        self.assertEqual(seen, acme_ids)
        query = {"operator": "OR", "operands": [{"filter_name": "member_emails", "filter_value": ["optional.member@globex.test"]}]}
        found = self.client.organizations.members.search(organization_ids=[ACME, GLOBEX], query=query)
        self.assertEqual([m.organization_id for m in found.members], [GLOBEX])
        with self.assertRaises(StytchError) as refused:
            self.client.organizations.members.search(organization_ids=[ACME], cursor="not a cursor")
        self.assertEqual(refused.exception.details.error_type, "invalid_search_cursor")

    def test_sso_connections_of_an_oidc_and_a_saml_organization(self):
        acme = self.client.sso.get_connections(organization_id=ACME)
        self.assertEqual([c.display_name for c in acme.oidc_connections], ["Acme Okta"])
        self.assertEqual(acme.saml_connections, [])
        globex = self.client.sso.get_connections(organization_id=GLOBEX)
        self.assertEqual([c.connection_id for c in globex.saml_connections], [SEED["organizations"][1]["sso_connections"][0]["connection_id"]])
        self.assertEqual(globex.saml_connections[0].status, "active")
        self.assertEqual(globex.oidc_connections, [])


if __name__ == "__main__":
    unittest.main()
