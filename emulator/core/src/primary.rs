//! Primary authentication (password, magic link, OAuth, SSO, discovery exchange): whether the
//! login is done or needs MFA or another primary factor, and its answer.

use stytch_b2b_protocol as pm;
use stytch_b2b_protocol::{AuthMethod, MfaMethod};

use crate::env::Env;
use crate::error::{ApiError, ApiResult, ErrorType};
use crate::factors::{usable_phone, usable_totp};
use crate::intermediate_sessions::issue_ist;
use crate::member_sessions::{caller_session, create_session, session_response, touch_session};
use crate::model::{merge_factor, Factor, World};
use crate::render;
use crate::sms::{send_sms_code, take_allowance};
use crate::text::mask_phone;

/// Finishes a primary factor (password, magic link, discovery exchange). Returns a member
/// session when no MFA is needed, else an intermediate session and `mfa_required`.
pub fn complete_primary(
    w: &mut World,
    env: &Env,
    session_token: Option<&str>,
    ist: Option<&str>,
    member_id: &str,
    factor: Factor,
    minutes: i64,
) -> ApiResult<pm::AuthenticateResponse> {
    complete_primary_factors(w, env, session_token, ist, member_id, vec![factor], minutes)
}

/// [`complete_primary`] with several proven primary factors at once (`session.exchange`
/// carries every primary factor of the session it leaves).
pub fn complete_primary_factors(
    w: &mut World,
    env: &Env,
    session_token: Option<&str>,
    ist: Option<&str>,
    member_id: &str,
    proven: Vec<Factor>,
    minutes: i64,
) -> ApiResult<pm::AuthenticateResponse> {
    let organization_id = w.members[member_id].organization_id.clone();

    // A member who already holds a session gets the factors added to it.
    if let Some(token) = caller_session(w, session_token)? {
        let s = &w.member_sessions[&token];
        if s.member_id == member_id {
            for factor in proven {
                touch_session(w, env, &token, Some(factor), None);
            }
            touch_session(w, env, &token, None, Some(minutes));
            return Ok(pm::AuthenticateResponse::authenticated(session_response(w, env, &token)));
        }
    }

    // Factors already proven in a still-valid intermediate session of this member carry over.
    let mut factors = match ist.and_then(|t| w.intermediate_sessions.get(t)) {
        Some(s) if s.member_id == member_id => s.factors.clone(),
        _ => Vec::new(),
    };
    for factor in proven {
        merge_factor(&mut factors, factor);
    }

    // An organization that restricts its primary factors wants one of them first
    // (`primary_required`); the factor just proven is kept in the IST, and an allowed one
    // proven with that IST continues the login.
    if let Some(allowed) = w.organizations[&organization_id].primary_restriction() {
        if !satisfies_primary(&factors, allowed) {
            let allowed = allowed.iter().map(ToString::to_string).collect();
            let new_ist = issue_ist(w, env, ist, member_id, &organization_id, factors);
            return Ok(pm::AuthenticateResponse {
                intermediate_session_token: new_ist,
                primary_required: Some(pm::PrimaryRequired { allowed_auth_methods: allowed }),
                ..pending_response(w, env, member_id, &organization_id)
            });
        }
    }

    let member = &w.members[member_id];
    let org = &w.organizations[&organization_id];
    let mfa_needed = (org.mfa_required_for_all() || member.mfa_enrolled) && !factors.iter().any(|f| f.kind.is_mfa());
    if !mfa_needed {
        if let Some(t) = ist {
            w.intermediate_sessions.remove(t);
        }
        let token = create_session(w, env, member_id, &organization_id, factors, minutes);
        return Ok(pm::AuthenticateResponse::authenticated(session_response(w, env, &token)));
    }

    let phone = usable_phone(member, org).map(str::to_string);
    let totp_id = usable_totp(member, org).map(|t| t.totp_registration_id.clone());
    let mut auto_sms = member.default_mfa_method == Some(MfaMethod::SmsOtp) && phone.is_some();
    let member_options = if phone.is_none() && totp_id.is_none() {
        None
    } else {
        Some(pm::MemberOptions {
            mfa_phone_number: phone.as_deref().map(mask_phone).unwrap_or_default(),
            totp_registration_id: totp_id.unwrap_or_default(),
        })
    };
    if let Some(phone) = phone.filter(|_| auto_sms) {
        // Over the SMS allowance the login still succeeds, without the automatic send; an
        // explicit `otps.sms.send` then says why.
        auto_sms = take_allowance(w, env, &format!("member:{member_id}"), &phone).is_ok();
        if auto_sms {
            send_sms_code(w, env, member_id, &phone);
        }
    }

    let new_ist = issue_ist(w, env, ist, member_id, &organization_id, factors);
    Ok(pm::AuthenticateResponse {
        intermediate_session_token: new_ist,
        mfa_required: Some(pm::MfaRequired { member_options, secondary_auth_initiated: auto_sms.then_some(pm::SecondaryAuth::SmsOtp) }),
        ..pending_response(w, env, member_id, &organization_id)
    })
}

/// The member and organization of a login that is not finished yet: no session, empty
/// session tokens (the caller adds the IST and what is still required).
fn pending_response(w: &World, env: &Env, member_id: &str, organization_id: &str) -> pm::AuthenticateResponse {
    pm::AuthenticateResponse {
        member_id: member_id.to_string(),
        organization_id: organization_id.to_string(),
        member: render::member_in(w, &w.members[member_id], env.now),
        organization: render::organization(&w.organizations[organization_id]),
        ..Default::default()
    }
}

/// Whether the factors include a primary factor the organization allows.
pub fn satisfies_primary(factors: &[Factor], allowed: &[AuthMethod]) -> bool {
    factors.iter().any(|f| f.kind.auth_method().is_some_and(|m| allowed.contains(&m)))
}

pub fn primary_not_met() -> ApiError {
    ApiError::new(
        400,
        ErrorType::ActionAvailableOnlyOncePrimaryAuthenticationIsMet,
        "You must complete the primary authentication requirements for an organization before completing an MFA flow.",
    )
}
