"""Stytch's own Python SDK, unmodified but for its base URL, through the plugin's fixtures: the
flows a B2B app's backend runs (a password login with SMS OTP MFA, discovery, member search)
and the handle's outbox, clock, export and import under them."""

from stytch.b2b.models.organizations import SearchQuery

from seed_facts import ORGANIZATIONS, organization_id, seed_member

ACME_SMS = seed_member("sms.member@acme.test")
SHARED = seed_member("shared.member@piedpiper.test")
GLOBEX_MEMBER = seed_member("optional.member@globex.test")


def test_password_login_then_sms_otp_mfa(stytch_b2b_client, stytch_emulator):
    acme = organization_id("acme")
    login = stytch_b2b_client.passwords.authenticate(
        organization_id=acme, email_address=ACME_SMS["email_address"], password=ACME_SMS["password"]
    )
    assert not login.member_authenticated, "Acme requires MFA"
    ist = login.intermediate_session_token
    stytch_b2b_client.otps.sms.send(organization_id=acme, member_id=login.member_id, intermediate_session_token=ist)
    code = stytch_emulator.outbox(ACME_SMS["mfa_phone_number"])[-1]["code"]
    done = stytch_b2b_client.otps.sms.authenticate(organization_id=acme, member_id=login.member_id, code=code, intermediate_session_token=ist)
    assert [f.type for f in done.member_session.authentication_factors] == ["password", "otp"]
    local = stytch_b2b_client.sessions.authenticate_jwt(session_jwt=done.session_jwt)
    assert (local.member_session.member_id, local.member_session.organization_id) == (login.member_id, acme)


def test_a_wrong_code_is_refused_as_stytch_refuses_it(stytch_b2b_client, stytch_emulator, stytch_error):
    acme = organization_id("acme")
    login = stytch_b2b_client.passwords.authenticate(
        organization_id=acme, email_address=ACME_SMS["email_address"], password=ACME_SMS["password"]
    )
    refused = stytch_error(
        lambda: stytch_b2b_client.otps.sms.authenticate(
            organization_id=acme, member_id=login.member_id, code="000000", intermediate_session_token=login.intermediate_session_token
        )
    )
    assert refused == "otp_code_not_found"


def test_password_discovery_then_exchange_into_an_organization(stytch_b2b_client):
    found = stytch_b2b_client.passwords.discovery.authenticate(email_address=SHARED["email_address"], password=SHARED["password"])
    discovered = sorted(o.organization.organization_id for o in found.discovered_organizations)
    assert discovered == sorted([organization_id("initech"), organization_id("piedpiper")])
    entered = stytch_b2b_client.discovery.intermediate_sessions.exchange(
        intermediate_session_token=found.intermediate_session_token, organization_id=organization_id("piedpiper")
    )
    assert entered.member_authenticated, "Pied Piper's MFA is optional"
    assert entered.organization.organization_id == organization_id("piedpiper")
    assert entered.member.email_address == SHARED["email_address"]


def test_member_search_across_organizations(stytch_b2b_client):
    phone_numbers = SearchQuery(operator="AND", operands=[{"filter_name": "member_mfa_phone_number_fuzzy", "filter_value": "555550"}])
    found = stytch_b2b_client.organizations.members.search(
        organization_ids=[organization_id("acme"), organization_id("initech"), organization_id("globex")], query=phone_numbers
    )
    with_phones = {
        m["member_id"]
        for slug in ("acme", "initech", "globex")
        for m in ORGANIZATIONS[slug]["members"]
        if m.get("mfa_phone_number")
    }
    assert {m.member_id for m in found.members} == with_phones
    assert found.results_metadata.total == len(with_phones)


def test_a_session_ends_when_the_clock_passes_its_expiry(stytch_b2b_client, stytch_emulator, stytch_error):
    login = stytch_b2b_client.passwords.authenticate(
        organization_id=organization_id("globex"),
        email_address=GLOBEX_MEMBER["email_address"],
        password=GLOBEX_MEMBER["password"],
        session_duration_minutes=60,
    )
    assert stytch_b2b_client.sessions.authenticate(session_token=login.session_token).member.member_id == login.member_id
    stytch_emulator.clock.advance(61 * 60)
    assert stytch_error(lambda: stytch_b2b_client.sessions.authenticate(session_token=login.session_token)) == "session_not_found"


def test_an_imported_export_puts_the_state_back(stytch_b2b_client, stytch_emulator, stytch_error):
    globex = organization_id("globex")
    saved = stytch_emulator.export_state()
    members = stytch_b2b_client.organizations.members
    hired = members.create(organization_id=globex, email_address="new.hire@globex.test").member_id
    assert members.get(organization_id=globex, member_id=hired).member.email_address == "new.hire@globex.test"
    imported = stytch_emulator.import_state(saved)
    assert imported["organizations"] == len(ORGANIZATIONS)
    assert stytch_error(lambda: members.get(organization_id=globex, member_id=hired)) == "member_not_found"
