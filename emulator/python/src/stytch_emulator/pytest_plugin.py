"""pytest fixtures for the emulator, loaded by pytest itself once the package is installed
(the `pytest11` entry point).

- `stytch_emulator`: the session's emulator, reset to its seed before the test; what most
  tests take.
- `stytch_emulator_session`: one emulator for the whole session (one per xdist worker), with
  the built-in seed. Override it in a `conftest.py` to start it differently, e.g.
  `with start_emulator(seed="tests/seed.json") as emulator: yield emulator`.
- `stytch_emulator_factory`: starts more emulators (their own seed, state file or flags)
  that stop when the test ends.
- `stytch_b2b_client`: Stytch's Python SDK's `B2BClient` on `stytch_emulator`.
"""

from __future__ import annotations

from typing import Any, Callable, Iterator, List

import pytest

from . import Emulator, start_emulator


@pytest.fixture(scope="session")
def stytch_emulator_session() -> Iterator[Emulator]:
    """One emulator, with the built-in seed, for the whole test session."""
    with start_emulator() as emulator:
        yield emulator


@pytest.fixture
def stytch_emulator(stytch_emulator_session: Emulator) -> Emulator:
    """The session's emulator reset to its seed (state, outbox, clock, fault rules, request
    log) before this test, so that tests see no trace of each other in any order. A reset
    costs a millisecond where a start costs a process."""
    stytch_emulator_session.reset()
    return stytch_emulator_session


@pytest.fixture
def stytch_emulator_factory() -> Iterator[Callable[..., Emulator]]:
    """`start_emulator` (same arguments) for emulators of this test's own; each stops when
    the test ends."""
    started: List[Emulator] = []

    def start(**options: Any) -> Emulator:
        emulator = start_emulator(**options)
        started.append(emulator)
        return emulator

    yield start
    for emulator in started:
        emulator.stop()


@pytest.fixture
def stytch_b2b_client(stytch_emulator: Emulator) -> Any:
    """`stytch.B2BClient` on the (reset) emulator: Stytch's own Python SDK, unmodified but for
    its base URL. Needs `pip install stytch`."""
    try:
        import stytch
    except ImportError:
        pytest.fail("the stytch_b2b_client fixture needs Stytch's Python SDK: pip install stytch", pytrace=False)
    return stytch.B2BClient(**stytch_emulator.stytch_client_kwargs())
