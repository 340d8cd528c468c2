"""The package itself: the binary it runs comes from its wheel, its fixtures isolate tests and
share one emulator, a stop is clean (the state file saved), a killed test run leaves no
emulator behind, and its control API's refusals and fault rules reach the caller."""

import base64
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from stytch_emulator import BINARY_ENV, EmulatorError, binary_path
from seed_facts import organization_id, seed_member

# Calls to the emulator never go through a proxy from the environment.
no_proxy = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def serving(url: str) -> bool:
    try:
        no_proxy.open(url + "/_emulator/clock", timeout=5).close()
        return True
    except OSError:  # refused, or reset by a server on its way down
        return False


def stops_serving(url: str) -> bool:
    """Whether the emulator at `url` stops answering; the 30 s bound only keeps a broken stop
    from hanging the run."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if not serving(url):
            return True
        time.sleep(0.1)
    return False


def test_the_binary_is_the_one_the_wheel_installed():
    assert BINARY_ENV not in os.environ, "the test command tests the wheel's binary"
    binary = binary_path()
    assert os.path.commonpath([binary, sys.prefix]) == sys.prefix, binary
    version = subprocess.run([binary, "--version"], stdout=subprocess.PIPE, check=True).stdout.decode()
    assert version.startswith("stytch-emulator ")


def test_the_handle_carries_the_projects_credentials(stytch_emulator):
    project = stytch_emulator.control("GET", "/_emulator/project")
    assert stytch_emulator.url.startswith("http://127.0.0.1:")
    assert (stytch_emulator.project_id, stytch_emulator.public_token, stytch_emulator.secret) == (
        project["project_id"],
        project["public_token"],
        project["secret"],
    )
    assert stytch_emulator.consumer.secret == project["consumer"]["secret"]


INNER_TESTS = """
import os

GLOBEX = {globex!r}
urls = set()


def clean_then_dirty(emulator):
    urls.add(emulator.url)
    with open(os.environ["EMULATOR_URL_FILE"], "w") as f:
        f.write(emulator.url)
    assert emulator.outbox() == []
    assert emulator.faults.list() == []
    assert emulator.control("GET", "/_emulator/clock")["offset_seconds"] == 0
    emulator.control("POST", "/_emulator/organizations/" + GLOBEX + "/invites", {{"email_address": "invitee@globex.test"}})
    emulator.faults.add("/b2b/organizations/me", status=500)
    emulator.clock.advance(3600)


def test_one(stytch_emulator):
    clean_then_dirty(stytch_emulator)


def test_two(stytch_emulator):
    clean_then_dirty(stytch_emulator)


def test_both_had_the_same_emulator():
    assert len(urls) == 1
"""


def test_each_test_starts_from_the_seed_on_one_emulator_stopped_at_the_end(pytester, monkeypatch, tmp_path):
    """A test session of its own, in a process of its own, whose plugin pytest found through the
    installed package's entry point: whichever test runs second sees nothing of the first."""
    url_file = tmp_path / "url"
    monkeypatch.setenv("EMULATOR_URL_FILE", str(url_file))
    pytester.makepyfile(test_inner=INNER_TESTS.format(globex=organization_id("globex")))
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=3)
    assert stops_serving(url_file.read_text()), "the session's emulator stopped with the session"


def test_a_killed_test_run_leaves_no_emulator_behind():
    """SIGKILL gives the dying process no chance to stop anything: the emulator stops because
    its stdin pipe closes."""
    holder = subprocess.Popen(
        [sys.executable, "-c", "import stytch_emulator, sys; print(stytch_emulator.start_emulator().url, flush=True); sys.stdin.read()"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    url = holder.stdout.readline().decode().strip()
    assert serving(url)
    holder.kill()
    holder.wait()
    holder.stdin.close()
    holder.stdout.close()
    assert stops_serving(url)


def test_a_stop_is_clean_and_the_state_file_survives_it(stytch_emulator_factory, tmp_path):
    state = tmp_path / "state.json"
    globex = organization_id("globex")
    first = stytch_emulator_factory(state=state)
    first.control("POST", f"/_emulator/organizations/{globex}/invites", {"email_address": "kept@globex.test"})
    first.stop()
    assert not first.running and not serving(first.url)
    second = stytch_emulator_factory(state=state)
    members = next(o for o in second.organizations() if o["organization_id"] == globex)["members"]
    assert "kept@globex.test" in [m["email_address"] for m in members]


def test_a_start_that_fails_says_why(stytch_emulator_factory, tmp_path):
    with pytest.raises(EmulatorError, match="reading seed"):
        stytch_emulator_factory(seed=tmp_path / "missing.json")


def test_a_refused_control_call_raises_with_stytchs_error(stytch_emulator):
    with pytest.raises(EmulatorError) as refused:
        stytch_emulator.clock.advance(10**12)
    assert refused.value.status == 400
    assert refused.value.error["error_type"] == "bad_request"


def sdk_password_login(emulator) -> int:
    """The frontend SDK's password login (what a browser app sends), answered with this status."""
    member = seed_member("optional.member@globex.test")
    body = {"organization_id": organization_id("globex"), "email_address": member["email_address"], "password": member["password"]}
    public_token = base64.b64encode(f"{emulator.public_token}:{emulator.public_token}".encode()).decode()
    request = urllib.request.Request(
        emulator.url + "/sdk/v1/b2b/passwords/authenticate",
        data=json.dumps(body).encode(),
        headers={"content-type": "application/json", "authorization": "Basic " + public_token},
    )
    try:
        with no_proxy.open(request) as response:
            return response.status
    except urllib.error.HTTPError as e:
        return e.code


def test_a_fault_rule_answers_the_frontend_sdk_api_as_many_times_as_asked(stytch_emulator):
    stytch_emulator.faults.add("/b2b/passwords/authenticate", status=503, times=1)
    assert len(stytch_emulator.faults.list()) == 1
    assert sdk_password_login(stytch_emulator) == 503
    assert sdk_password_login(stytch_emulator) == 200
    stytch_emulator.faults.add("/b2b/*", status=500)
    stytch_emulator.faults.clear()
    assert sdk_password_login(stytch_emulator) == 200
