"""dfp24 (#24): Stytch's Fraud API through Stytch's own Python SDK, unmodified but for its base
URLs (`environment` and `fraud_environment`, the emulator's), against a spawned emulator: its
pydantic models accept `fraud.fingerprint.lookup`'s answer for a telemetry id the stand-in
telemetry script minted, with the verdict queued through the control API, and its error for an
unknown id (Stytch's 404 `telemetry_id_not_found`)."""

import json
import unittest
import urllib.request

import stytch
from stytch.core.response_base import StytchError

from emulator import EmulatorTestCase


class Fraud(EmulatorTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client = stytch.B2BClient(**cls.emulator.client_args(), fraud_environment=cls.emulator.base + "/")

    def telemetry_id(self, visitor_id=None):
        """What the stand-in telemetry script's GetTelemetryID asks the emulator for."""
        body = json.dumps({"public_token": self.emulator.ready["public_token"], "visitor_id": visitor_id}).encode()
        req = urllib.request.Request(self.emulator.base + "/submit", data=body, method="POST", headers={"content-type": "application/json"})
        with urllib.request.urlopen(req) as resp:
            return json.load(resp)["telemetry_id"]

    def test_lookup_answers_the_queued_verdict_and_keeps_external_metadata(self):
        self.emulator.control("POST", "/_emulator/protected_auth/queue", {"verdicts": ["CHALLENGE"]})
        telemetry_id = self.telemetry_id("visitor-python-sdk")
        r = self.client.fraud.fingerprint.lookup(telemetry_id=telemetry_id, external_metadata={"external_id": "user-7"})
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r.telemetry_id, telemetry_id)
        self.assertEqual(r.verdict.action, "CHALLENGE")
        self.assertEqual(r.verdict.reasons, ["EMULATOR_QUEUED_VERDICT"])
        self.assertTrue(r.verdict.is_authentic_device)
        self.assertEqual(r.fingerprints.visitor_id, "visitor-python-sdk")
        self.assertEqual(r.external_metadata.external_id, "user-7")
        self.assertLess(r.created_at, r.expires_at)
        self.assertEqual(self.client.fraud.fingerprint.lookup(telemetry_id=self.telemetry_id()).verdict.action, "ALLOW")

    def test_an_unknown_telemetry_id_is_not_found(self):
        with self.assertRaises(StytchError) as refused:
            self.client.fraud.fingerprint.lookup(telemetry_id="telemetry-id-test-made-up")
        self.assertEqual(refused.exception.details.status_code, 404)
        self.assertEqual(refused.exception.details.error_type, "telemetry_id_not_found")


if __name__ == "__main__":
    unittest.main()
