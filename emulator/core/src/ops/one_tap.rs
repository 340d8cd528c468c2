//! Google One Tap (onetap24, issue #24): `oauth.googleOneTap.start` and `.discovery.start` of
//! Stytch's client ask for the project's Google client id, show Google's prompt (here the
//! emulator's stand-in, `/gsi/client`), and submit the ID token it gives. The submit verifies
//! the token as Stytch verifies Google's (`google::verify`) and then does what the emulated
//! Google consent page does (`idp::SignIn`, `idp::discovery_sign_in`): the answer's
//! `redirect_url` carries the single-use token `oauth.authenticate` /
//! `oauth.discovery.authenticate` spend, PKCE checked.

use stytch_b2b_protocol::one_tap::{
    GsiCredential, GsiCredentialRequest, OneTapDiscoverySubmitOptions, OneTapStartResponse, OneTapSubmitOptions, OneTapSubmitResponse,
};

use crate::checks::require;
use crate::env::Env;
use crate::error::{ApiError, ApiResult, ErrorType};
use crate::extract::{Caller, Sent};
use crate::google::{self, GoogleIdentity};
use crate::limits::MAX_ID_TOKEN_BYTES;
use crate::model::World;
use crate::ops::idp::{discovery_sign_in, DiscoveryGrant, SignIn, Via};
use crate::redirects::Flow;

/// One Tap signs in through the emulated Google.
const PROVIDER: &str = "google";

/// `GET /sdk/v1/b2b/oauth/google/onetap/start`: the project's Google client id (empty: One
/// Tap is off, and Stytch's client says `oauth_config_not_found` without showing a prompt).
pub fn start(w: &mut World, _env: &Env, _caller: &Caller) -> ApiResult<OneTapStartResponse> {
    Ok(OneTapStartResponse { google_client_id: w.project.google_client_id.clone(), ..Default::default() })
}

/// The Google account an ID token names, verified for the project's client id.
fn verified(w: &World, env: &Env, id_token: &str) -> ApiResult<GoogleIdentity> {
    let client_id = &w.project.google_client_id;
    if client_id.is_empty() {
        return Err(ApiError::new(
            404,
            ErrorType::OauthConfigNotFound,
            "This project has no Google One Tap (its Google client id is empty).",
        ));
    }
    require("id_token", id_token)?;
    if id_token.len() > MAX_ID_TOKEN_BYTES {
        return Err(ApiError::new(400, ErrorType::IdTokenInvalid, "The ID token is not a valid Google ID token."));
    }
    google::verify(id_token, client_id, env.now)
}

/// `POST /sdk/v1/b2b/oauth/google/onetap/submit`: the member the ID token names signs in to
/// (or up for) the organization, as through the Google consent page.
pub fn submit(w: &mut World, env: &Env, _caller: &Caller, sent: Sent<OneTapSubmitOptions>) -> ApiResult<OneTapSubmitResponse> {
    let req = &sent.options;
    require("organization_id", &req.organization_id)?;
    let who = verified(w, env, &req.id_token)?;
    let sign_in = SignIn {
        flow: Flow::OAuth,
        organization_id: &req.organization_id,
        email: &who.email,
        login_redirect_url: req.login_redirect_url.as_deref(),
        signup_redirect_url: req.signup_redirect_url.as_deref(),
        pkce_code_challenge: sent.pkce.pkce_code_challenge.clone(),
    };
    let redirect_url = sign_in.grant(w, env, |_, _| Ok(Via::OAuth { provider: PROVIDER.into(), subject: Some(who.subject.clone()) }))?;
    Ok(OneTapSubmitResponse { redirect_url, ..Default::default() })
}

/// `POST /sdk/v1/b2b/oauth/google/onetap/discovery/submit`: a discovery OAuth token for the
/// ID token's email, as through the Google discovery consent page.
pub fn discovery_submit(
    w: &mut World,
    env: &Env,
    _caller: &Caller,
    sent: Sent<OneTapDiscoverySubmitOptions>,
) -> ApiResult<OneTapSubmitResponse> {
    let req = &sent.options;
    let who = verified(w, env, &req.id_token)?;
    let grant = DiscoveryGrant {
        provider: PROVIDER,
        subject: Some(who.subject),
        email: &who.email,
        pkce_code_challenge: sent.pkce.pkce_code_challenge.clone(),
    };
    let redirect_url = discovery_sign_in(w, env, req.discovery_redirect_url.as_deref(), grant)?;
    Ok(OneTapSubmitResponse { redirect_url, ..Default::default() })
}

/// `GET /gsi/client`: the stand-in script, its prompt titled with the project's name.
pub fn client_script(w: &mut World, _env: &Env) -> ApiResult<String> {
    Ok(google::client_script(&w.project.name))
}

/// `POST /gsi/credential`: what the stand-in prompt's Continue asks for, the local Google ID
/// token of the email it was given.
pub fn credential(w: &mut World, env: &Env, req: GsiCredentialRequest) -> ApiResult<GsiCredential> {
    let jti = env.generate.secret();
    let mint = google::Mint {
        client_id: &req.client_id,
        email: req.email.trim(),
        email_verified: req.email_verified.unwrap_or(true),
        now: env.now,
        jti: &jti,
    };
    Ok(GsiCredential { credential: google::mint(&w.project.google_client_id, mint)? })
}
