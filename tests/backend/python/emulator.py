"""The emulator binary on a free port, its control API, and a TOTP generator independent of
the emulator's, for the tests that run Stytch's Python SDK against it."""

import base64
import hashlib
import hmac
import json
import os
import struct
import subprocess
import tempfile
import urllib.error
import urllib.parse
import unittest
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
with open(os.path.join(ROOT, "emulator", "seed", "default.json")) as f:
    SEED = json.load(f)
ACME = SEED["organizations"][0]["organization_id"]
GLOBEX = SEED["organizations"][1]["organization_id"]
PASSWORD = SEED["organizations"][0]["members"][0]["password"]
CONSUMER_EMAIL = SEED["users"][0]["email"]


def totp(secret_b32: str, now: int) -> str:
    """RFC 6238 (SHA-1, 30 s, 6 digits)."""
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    digest = hmac.new(key, struct.pack(">Q", now // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def emulator_command():
    """The program and leading arguments that start the emulator: STYTCH_EMULATOR_HOST=npm runs
    the npm package's bin (emulator/npm: the core as wasm with a Node host), which takes the same
    flags and prints the same ready line; anything else, the native binary."""
    if os.environ.get("STYTCH_EMULATOR_HOST") == "npm":
        package = os.path.join(ROOT, "emulator", "npm")
        if not os.path.exists(os.path.join(package, "wasm", "stytch_emulator_wasm_bg.wasm")):
            raise RuntimeError("the npm emulator is not built; run bash scripts/build-emulator-npm.sh")
        return [os.environ.get("NODE", "node"), os.path.join(package, "bin", "stytch-emulator.js")]
    return [os.environ.get("EMULATOR_BIN", os.path.join(ROOT, "target", "debug", "stytch-emulator"))]


# How many of its last stderr lines show why an emulator failed.
STDERR_LINES = 40


class Emulator:
    def __init__(self):
        # Its stderr is kept, not shown: a failure shows its last lines (the emulator never logs
        # codes, secrets or tokens); a passing run prints none of it.
        self.stderr = tempfile.TemporaryFile(mode="w+")
        self.proc = subprocess.Popen([*emulator_command(), "--port", "0"], stdout=subprocess.PIPE, stderr=self.stderr, text=True)
        line = self.proc.stdout.readline()
        if not line:
            self.proc.wait(5)
            why = f"the emulator exited with {self.proc.returncode} before it was ready; {self.stderr_tail('its start failed')}"
            self.proc.stdout.close()
            self.stderr.close()
            raise RuntimeError(why)
        self.ready = json.loads(line)
        self.base = self.ready["base_url"]

    def stderr_tail(self, why):
        """The emulator's last stderr lines, under a heading that says why they are shown."""
        self.stderr.seek(0)
        text = "".join(self.stderr.readlines()[-STDERR_LINES:]).rstrip()
        return f"the emulator's stderr ({why}; its last {STDERR_LINES} lines):\n{text or '(nothing)'}"

    def check_running(self):
        """Fails the test at once, with the emulator's last words, when it has exited (a crash)."""
        if self.proc.poll() is not None:
            raise AssertionError(self.stderr_tail(f"it exited with {self.proc.returncode} while the tests ran"))

    def control(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method, headers={"content-type": "application/json"})
        with urllib.request.urlopen(req) as resp:
            return json.load(resp)

    def reset(self):
        self.control("POST", "/_emulator/reset", {})

    def outbox(self, to):
        return self.control("GET", "/_emulator/outbox?to=" + urllib.parse.quote(to))["messages"]

    def now(self):
        return self.control("GET", "/_emulator/clock")["now_unix"]

    def consent(self, start_path, email):
        """Opens an OAuth/SSO start URL and continues as `email` at the emulated identity
        provider; returns the token of the redirect (not followed)."""
        html = urllib.request.urlopen(self.base + start_path).read().decode()
        fields = {}
        for chunk in html.split('<input type=hidden name="')[1:7]:
            name, rest = chunk.split('" value="', 1)
            fields[name] = rest.split('"', 1)[0].replace("&amp;", "&")
        fields["email"] = email

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        opener = urllib.request.build_opener(NoRedirect)
        try:
            opener.open(self.base + "/v1/b2b/public/idp/consent?" + urllib.parse.urlencode(fields))
        except urllib.error.HTTPError as e:
            location = e.headers["location"]
            return urllib.parse.parse_qs(urllib.parse.urlparse(location).query)["token"][0]
        raise AssertionError("the consent did not redirect")

    def client_args(self):
        """What the B2B client's constructor takes: only the base URL differs from real Stytch."""
        return {"project_id": self.ready["project_id"], "secret": self.ready["secret"], "environment": self.base + "/"}

    def consumer_client_args(self):
        """The same for the consumer client: the consumer project's own id and secret."""
        consumer = self.ready["consumer"]
        return {"project_id": consumer["project_id"], "secret": consumer["secret"], "environment": self.base + "/"}

    def stop(self):
        self.proc.terminate()
        self.proc.wait(5)
        self.proc.stdout.close()
        self.stderr.close()


class EmulatorTestCase(unittest.TestCase):
    """One emulator for all the tests of a class, reset to the seed before each test."""

    @classmethod
    def setUpClass(cls):
        cls.emulator = Emulator()

    @classmethod
    def tearDownClass(cls):
        cls.emulator.stop()

    def setUp(self):
        self.emulator.check_running()
        self.emulator.reset()

    def tearDown(self):
        self.emulator.check_running()
