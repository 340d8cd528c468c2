import pytest


@pytest.fixture
def stytch_error():
    """The Stytch error type of what a call raises (the SDK's `StytchError`)."""
    from stytch.core.response_base import StytchError

    def error_type(call) -> str:
        with pytest.raises(StytchError) as refused:
            call()
        return refused.value.details.error_type

    return error_type
