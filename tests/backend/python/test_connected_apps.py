"""Connected Apps (#24) against a spawned emulator: Stytch's own Python SDK, unmodified but for
the base URL, manages clients and makes the consent page's authorize calls through its pydantic
models, and introspects the tokens; a standard OAuth 2.0 / OIDC client library (Authlib, with joserfc for the ID token) signs a
member in through the emulator's authorization server with the authorization code and PKCE, as
any Connected App would, finding every endpoint from the discovery document."""

import json
import unittest
import urllib.parse
import urllib.request

import stytch
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from joserfc import jwt
from joserfc.jwk import KeySet

from emulator import EmulatorTestCase, PASSWORD, SEED

GLOBEX_ORG = next(o for o in SEED["organizations"] if o["organization_slug"] == "globex")
GLOBEX = GLOBEX_ORG["organization_id"]
EMAIL = GLOBEX_ORG["members"][0]["email_address"]
REDIRECT = "http://localhost:4000/callback"


class ConnectedApps(EmulatorTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client = stytch.B2BClient(**cls.emulator.client_args())

    def session_token(self):
        login = self.client.passwords.authenticate(
            organization_id=GLOBEX, email_address=EMAIL, password=PASSWORD, session_duration_minutes=60
        )
        return login.session_token

    def test_clients_through_the_sdk_models(self):
        created = self.client.connected_app.clients.create(
            client_type="third_party", client_name="Agent", redirect_urls=[REDIRECT]
        ).connected_app
        self.assertTrue(created.client_secret)
        got = self.client.connected_app.clients.get(client_id=created.client_id).connected_app
        self.assertEqual((got.client_name, got.redirect_urls, got.status), ("Agent", [REDIRECT], "active"))
        updated = self.client.connected_app.clients.update(client_id=created.client_id, client_name="Renamed")
        self.assertEqual(updated.connected_app.client_name, "Renamed")
        found = self.client.connected_app.clients.search(limit=10)
        self.assertEqual([a.client_id for a in found.connected_apps], [created.client_id])
        rotating = self.client.connected_app.clients.secrets.rotate_start(client_id=created.client_id)
        self.assertTrue(rotating.connected_app.next_client_secret)
        self.client.connected_app.clients.secrets.rotate(client_id=created.client_id)
        self.assertEqual(self.client.connected_app.clients.delete(client_id=created.client_id).client_id, created.client_id)

    def test_a_standard_oauth_client_signs_a_member_in_with_pkce(self):
        app = self.client.connected_app.clients.create(
            client_type="third_party", client_name="Agent", redirect_urls=[REDIRECT]
        ).connected_app
        base = self.emulator.base
        with urllib.request.urlopen(base + "/.well-known/openid-configuration") as resp:
            meta = json.load(resp)
        self.assertEqual(meta["issuer"], base)

        oauth = OAuth2Session(
            app.client_id,
            app.client_secret,
            scope="openid email profile offline_access",
            redirect_uri=REDIRECT,
            code_challenge_method="S256",
        )
        verifier = generate_token(48)
        url, state = oauth.create_authorization_url(meta["authorization_endpoint"], code_verifier=verifier, nonce="n-1")

        # The app's authorization page: the member signed in, it asks Stytch what to show and
        # submits the member's consent (Stytch's SDK, as an app's backend does).
        q = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))
        session = self.session_token()
        shown = self.client.idp.oauth.authorize_start(
            client_id=q["client_id"],
            redirect_uri=q["redirect_uri"],
            response_type=q["response_type"],
            scopes=q["scope"].split(),
            session_token=session,
        )
        self.assertTrue(shown.consent_required)
        self.assertEqual(shown.client.client_name, "Agent")
        answer = self.client.idp.oauth.authorize(
            consent_granted=True,
            client_id=q["client_id"],
            redirect_uri=q["redirect_uri"],
            response_type=q["response_type"],
            scopes=q["scope"].split(),
            session_token=session,
            state=q["state"],
            nonce=q["nonce"],
            code_challenge=q["code_challenge"],
        )

        token = oauth.fetch_token(meta["token_endpoint"], authorization_response=answer.redirect_uri, code_verifier=verifier)
        self.assertEqual(token["token_type"], "bearer")
        with urllib.request.urlopen(meta["jwks_uri"]) as resp:
            keys = KeySet.import_key_set(json.load(resp))
        id_token = jwt.decode(token["id_token"], keys)
        jwt.JWTClaimsRegistry(iss={"essential": True, "value": base}, aud={"essential": True, "value": app.client_id}).validate(
            id_token.claims
        )
        id_claims = id_token.claims
        self.assertEqual((id_claims["email"], id_claims["nonce"]), (EMAIL, "n-1"))

        info = oauth.get(meta["userinfo_endpoint"]).json()
        self.assertEqual(info["email"], EMAIL)

        claims = self.client.idp.introspect_token_network(
            token=token["access_token"], client_id=app.client_id, client_secret=app.client_secret
        )
        self.assertEqual((claims.subject, claims.organization_claim["organization_id"]), (id_claims["sub"], GLOBEX))

        refreshed = oauth.refresh_token(meta["token_endpoint"])
        self.assertNotEqual(refreshed["access_token"], token["access_token"])
        oauth.revoke_token(meta["revocation_endpoint"], refreshed["refresh_token"], token_type_hint="refresh_token")
        with self.assertRaises(Exception):
            oauth.refresh_token(meta["token_endpoint"])


if __name__ == "__main__":
    unittest.main()
