"""The built-in seed's facts the tests use, read from the installed binary (`--print-seed`)
as a user of the package would."""

import stytch_emulator

SEED = stytch_emulator.built_in_seed()
ORGANIZATIONS = {o["organization_slug"]: o for o in SEED["organizations"]}


def organization_id(slug: str) -> str:
    return ORGANIZATIONS[slug]["organization_id"]


def seed_member(email: str) -> dict:
    """The first seeded member with this email (an email may belong to several organizations)."""
    return next(m for o in SEED["organizations"] for m in o["members"] if m["email_address"] == email)
