"""A local Stytch-compatible B2B backend for tests.

`start_emulator()` runs the `stytch-emulator` binary this package's wheel installs, on a free
port of 127.0.0.1, and returns a handle on it: its URL and project credentials, and its control
API (`/_emulator/...`: the outbox of sent codes and links, the clock, fault rules, reset,
export and import of the state). The pytest plugin (`stytch_emulator.pytest_plugin`) wraps it
in fixtures.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import tempfile
import threading
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence, Union

__all__ = [
    "ConsumerProject",
    "Emulator",
    "EmulatorError",
    "binary_path",
    "built_in_seed",
    "start_emulator",
]

#: Overrides which binary `start_emulator()` runs (e.g. a `cargo build` of the emulator).
BINARY_ENV = "STYTCH_EMULATOR_BIN"
_EXECUTABLE = "stytch-emulator.exe" if os.name == "nt" else "stytch-emulator"

# The control API is on the loopback interface: never through a proxy from the environment.
_http = urllib.request.build_opener(urllib.request.ProxyHandler({}))

PathLike = Union[str, "os.PathLike[str]"]


class EmulatorError(RuntimeError):
    """The emulator did not start, or its control API refused a call (`status` and the
    Stytch-shaped error body `error` are then set)."""

    def __init__(self, message: str, status: Optional[int] = None, error: Optional[Dict[str, Any]] = None):
        super().__init__(message)
        self.status = status
        self.error = error


def binary_path() -> str:
    """The emulator binary to run: `$STYTCH_EMULATOR_BIN` when set, else the one the wheel
    installed into the scripts folder (beside `pip`, or the user's or `--target`'s)."""
    override = os.environ.get(BINARY_ENV)
    if override:
        return override
    for folder in _scripts_folders():
        candidate = os.path.join(folder, _EXECUTABLE)
        if os.path.isfile(candidate):
            return candidate
    raise EmulatorError(
        f"{_EXECUTABLE} was not found beside this Python ({', '.join(_scripts_folders())}): "
        f"install the stytch-emulator wheel for this platform, or set {BINARY_ENV}"
    )


def _scripts_folders() -> List[str]:
    folders = [sysconfig.get_path("scripts")]
    user_scheme = sysconfig.get_preferred_scheme("user") if hasattr(sysconfig, "get_preferred_scheme") else f"{os.name}_user"
    try:
        folders.append(sysconfig.get_path("scripts", user_scheme))
    except KeyError:
        pass
    # `pip install --target DIR` puts the package in DIR and the binary in DIR/bin.
    folders.append(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bin"))
    return folders


def built_in_seed() -> Dict[str, Any]:
    """The seed an emulator starts with when given none (`stytch-emulator --print-seed`): its
    project, organizations and members with their ids, emails and passwords."""
    printed = subprocess.run([binary_path(), "--print-seed"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    if printed.returncode != 0:
        raise EmulatorError(f"stytch-emulator --print-seed failed: {printed.stderr.decode(errors='replace').strip()}")
    return json.loads(printed.stdout)


def start_emulator(
    *,
    seed: Optional[PathLike] = None,
    state: Optional[PathLike] = None,
    host: str = "127.0.0.1",
    port: int = 0,
    args: Sequence[str] = (),
    binary: Optional[PathLike] = None,
    ready_timeout: float = 60.0,
) -> "Emulator":
    """Starts an emulator and returns once it serves (its ready line read).

    seed: a seed file (organizations, members) instead of the built-in one.
    state: keep the state in this file (it survives a restart).
    port: 0 (the default) picks a free one.
    args: more flags for the binary (e.g. `["--allowed-host", "devbox.lan"]`).
    binary: the binary to run instead of `binary_path()`.

    Use it as a context manager, or call `stop()`. The emulator also stops by itself when this
    Python process ends, however it ends (it watches its stdin pipe), so none outlives a test
    run that is interrupted or killed.
    """
    command = [os.fspath(binary) if binary is not None else binary_path(), "--host", host, "--port", str(port)]
    command.append("--stop-when-stdin-closes")
    if seed is not None:
        command += ["--seed", os.fspath(seed)]
    if state is not None:
        command += ["--state", os.fspath(state)]
    command += list(args)

    # Its stderr (one hint line, or why it did not start) goes to a file nobody has to drain.
    stderr = tempfile.TemporaryFile()
    try:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr)
    except OSError as e:
        stderr.close()
        raise EmulatorError(f"could not run {command[0]}: {e}") from e
    ready_line = _read_ready_line(process, ready_timeout)
    try:
        if ready_line is None:
            raise ValueError(f"no ready line within {ready_timeout} s")
        ready = json.loads(ready_line)
        if not isinstance(ready, dict) or ready.get("event") != "ready":
            raise ValueError(f"its first line was {ready_line!r}")
    except ValueError as e:
        _end(process)
        stderr.seek(0)
        why = stderr.read().decode(errors="replace").strip() or str(e)
        stderr.close()
        raise EmulatorError(f"the emulator did not start: {why}") from None
    return Emulator(process, ready, stderr)


def _read_ready_line(process: "subprocess.Popen[bytes]", timeout: float) -> Optional[str]:
    """The first line of stdout ('' if the process ended first, None if it printed none in
    time). A thread reads it, then keeps reading to the end so that the pipe never fills."""
    first = []
    got_it = threading.Event()

    def read() -> None:
        assert process.stdout is not None
        first.append(process.stdout.readline().decode(errors="replace"))
        got_it.set()
        for _ in process.stdout:
            pass
        process.stdout.close()

    threading.Thread(target=read, name="stytch-emulator-stdout", daemon=True).start()
    if not got_it.wait(timeout):
        return None
    return first[0]


def _end(process: "subprocess.Popen[bytes]", grace: float = 10.0) -> None:
    """Closing stdin asks for a clean stop (the state file saved) on every OS; a process that
    does not stop within `grace` is terminated, then killed."""
    if process.stdin is not None and not process.stdin.closed:
        try:
            process.stdin.close()
        except OSError:
            pass
    for ask in (process.terminate, process.kill):
        try:
            process.wait(grace)
            return
        except subprocess.TimeoutExpired:
            ask()
    process.wait()


@dataclass(frozen=True)
class ConsumerProject:
    """The consumer (B2C) project the emulator also serves, with its own credentials."""

    project_id: str
    public_token: str
    secret: str


class Emulator:
    """A running emulator: its URL and the project's credentials, and its control API.

    Mirrors the npm package's `startEmulator()` handle: `url`, `project_id`, `secret`,
    `public_token`, `outbox()`, `clock`, `faults`, `reset()`, `export_state()`,
    `import_state()`, `stop()`.
    """

    def __init__(self, process: "subprocess.Popen[bytes]", ready: Dict[str, Any], stderr: Any):
        self._process = process
        self._stderr = stderr
        #: The base URL, e.g. `http://127.0.0.1:43817` (no trailing slash).
        self.url: str = ready["base_url"]
        self.project_id: str = ready["project_id"]
        self.secret: str = ready["secret"]
        self.public_token: str = ready["public_token"]
        consumer = ready["consumer"]
        self.consumer = ConsumerProject(consumer["project_id"], consumer["public_token"], consumer["secret"])
        self.clock = Clock(self)
        self.faults = Faults(self)

    @property
    def pid(self) -> int:
        return self._process.pid

    @property
    def running(self) -> bool:
        return self._process.poll() is None

    def __repr__(self) -> str:
        return f"<stytch_emulator.Emulator {self.url} {'running' if self.running else 'stopped'}>"

    def __enter__(self) -> "Emulator":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        """Stops the emulator (cleanly: a `state` file is saved) and waits for it to end.
        Stopping a stopped emulator does nothing."""
        _end(self._process)
        self._stderr.close()

    def stytch_client_kwargs(self) -> Dict[str, str]:
        """What Stytch's Python SDK's `B2BClient(...)` takes to call this emulator: only the
        `environment` (its base URL) differs from real Stytch."""
        return {"project_id": self.project_id, "secret": self.secret, "environment": self.url + "/"}

    def control(self, method: str, path: str, body: Any = None) -> Any:
        """Calls the control API (`path` under the base URL, e.g. `/_emulator/sessions`) and
        returns its JSON answer; a refusal raises `EmulatorError`."""
        data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
        headers = {"content-type": "application/json"} if data is not None else {}
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)
        try:
            with _http.open(request) as response:
                return json.load(response)
        except urllib.error.HTTPError as e:
            raw = e.read()
            try:
                error = json.loads(raw)
                message = error.get("error_message", raw.decode(errors="replace"))
            except ValueError:
                error, message = None, raw.decode(errors="replace")
            raise EmulatorError(f"{method} {path}: {e.code} {message}", status=e.code, error=error) from None

    def outbox(self, to: Optional[str] = None) -> List[Dict[str, Any]]:
        """The SMS and emails sent so far, oldest first, each with its `code`,
        `magic_link_token`, `password_reset_token`... ; only those to `to` (a phone number or
        an email address, case-insensitively) when given."""
        query = "" if to is None else "?" + urllib.parse.urlencode({"to": to})
        return self.control("GET", "/_emulator/outbox" + query)["messages"]

    def organizations(self) -> List[Dict[str, Any]]:
        """The organizations, each with its `members`, as Stytch's API renders them."""
        return self.control("GET", "/_emulator/organizations")["organizations"]

    def reset(self) -> None:
        """Back to the seed: organizations, members, sessions, the outbox, the clock, the fault
        rules and the request log."""
        self.control("POST", "/_emulator/reset")

    def export_state(self) -> Dict[str, Any]:
        """The whole state, in the format of the `state` file (it can start an emulator too)."""
        return self.control("GET", "/_emulator/state")

    def import_state(self, state: Union[Dict[str, Any], bytes, str]) -> Dict[str, int]:
        """Replaces the state with an export (a dict, or the JSON text of a file); returns how
        many organizations, members, users and sessions it held."""
        body = state.encode() if isinstance(state, str) else state
        return self.control("PUT", "/_emulator/state", body)["imported"]


class Clock:
    """The emulator's clock, which expiries (codes, sessions, links) follow: the real one plus
    an offset that only moves forward or back when a test says so."""

    def __init__(self, emulator: Emulator):
        self._emulator = emulator

    def now(self) -> int:
        """The emulator's time, in Unix seconds."""
        return self._emulator.control("GET", "/_emulator/clock")["now_unix"]

    def advance(self, seconds: int) -> int:
        """Moves the clock by `seconds` (back when negative); returns the new time."""
        return self._emulator.control("POST", "/_emulator/clock", {"advance_seconds": seconds})["now_unix"]


class Faults:
    """Fault rules for the frontend-SDK API (`/sdk/v1/...`): a status, a body, a delay or a
    dropped connection, for testing how a client copes."""

    def __init__(self, emulator: Emulator):
        self._emulator = emulator

    def add(
        self,
        path: str,
        *,
        status: Optional[int] = None,
        body: Any = None,
        content_type: Optional[str] = None,
        delay_ms: Optional[int] = None,
        drop: bool = False,
        times: Optional[int] = None,
    ) -> List[Dict[str, Any]]:
        """Adds a rule for `path` (`/b2b/passwords/authenticate`, or a prefix ending in `*`);
        `times` limits how many requests it affects. Returns the rules in force."""
        rule: Dict[str, Any] = {"path": path, "drop": drop}
        for name, value in (("status", status), ("body", body), ("content_type", content_type), ("delay_ms", delay_ms), ("times", times)):
            if value is not None:
                rule[name] = value
        return self._emulator.control("POST", "/_emulator/faults", rule)["faults"]

    def list(self) -> List[Dict[str, Any]]:
        return self._emulator.control("GET", "/_emulator/faults")["faults"]

    def clear(self) -> None:
        self._emulator.control("DELETE", "/_emulator/faults")
