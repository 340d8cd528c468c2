//! Where the member is in a login: the step after each answer, kept in sessionStorage so a
//! reload mid-flow continues (the SDK keeps the intermediate session token itself).

use serde::{Deserialize, Serialize};
use stytch_b2b_headless::typed::*;

/// What the page shows (also its `data-view`, which the tests wait for).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum View {
    SmsCode,
    TotpCode,
    Recovery,
    EnrollChoose,
    EnrollSmsPhone,
    EnrollTotp,
    PrimaryRequired,
    Forgot,
    LinkSent,
    ResetPassword,
}

impl View {
    pub fn name(self) -> &'static str {
        match self {
            View::SmsCode => "sms-code",
            View::TotpCode => "totp-code",
            View::Recovery => "recovery",
            View::EnrollChoose => "enroll-choose",
            View::EnrollSmsPhone => "enroll-sms-phone",
            View::EnrollTotp => "enroll-totp",
            View::PrimaryRequired => "primary-required",
            View::Forgot => "forgot",
            View::LinkSent => "link-sent",
            View::ResetPassword => "reset-password",
        }
    }
}

/// Why the member is asked for a factor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Purpose {
    Login,
    StepUp,
    OptionalEnroll,
    /// A password reset by email.
    Reset,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Step {
    pub view: View,
    pub purpose: Purpose,
    pub organization_id: String,
    pub member_id: String,
    /// The (masked) phone a code went to.
    #[serde(default)]
    pub phone: String,
    /// Whether the member also has TOTP (so recovery codes work).
    #[serde(default)]
    pub has_totp: bool,
    /// The MFA methods (or, for `PrimaryRequired`, the sign-in methods) on offer.
    #[serde(default)]
    pub allowed: Vec<String>,
    /// Whether the code step enrolls the member in MFA.
    #[serde(default)]
    pub enrolling: bool,
    #[serde(default)]
    pub totp: Option<TotpSetup>,
    /// Where "Back" goes from the recovery-code view.
    #[serde(default)]
    pub back: Option<View>,
    #[serde(default)]
    pub organization_name: String,
    /// Where an emailed link went.
    #[serde(default)]
    pub email: String,
    /// An emailed link's token (a password reset's).
    #[serde(default)]
    pub token: String,
}

/// A new TOTP registration, shown once.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TotpSetup {
    pub secret: String,
    pub qr_code: String,
    pub recovery_codes: Vec<String>,
}

impl Step {
    pub fn new(view: View, purpose: Purpose, organization_id: &str, member_id: &str) -> Self {
        Step {
            view,
            purpose,
            organization_id: organization_id.into(),
            member_id: member_id.into(),
            phone: String::new(),
            has_totp: false,
            allowed: vec![],
            enrolling: false,
            totp: None,
            back: None,
            organization_name: String::new(),
            email: String::new(),
            token: String::new(),
        }
    }

    pub fn with(&self, view: View) -> Self {
        Step { view, ..self.clone() }
    }
}

/// The MFA methods a member may enroll in: the organization's list when it restricts them.
pub fn allowed_methods(org: &Organization) -> Vec<String> {
    if org.mfa_methods == Restriction::Restricted {
        org.allowed_mfa_methods.iter().map(|m| m.as_str().to_string()).collect()
    } else {
        vec!["sms_otp".into(), "totp".into()]
    }
}

/// The step after a primary login's answer; `None` when it signed the member in.
pub async fn next_step(client: &StytchB2BHeadlessClient, r: AuthenticateResponse) -> Result<Option<Step>, StytchError> {
    if r.member_authenticated {
        return Ok(None);
    }
    let login = |view| Step::new(view, Purpose::Login, &r.organization_id, &r.member_id);
    if let Some(primary) = &r.primary_required {
        return Ok(Some(Step {
            allowed: primary.allowed_auth_methods.clone(),
            organization_name: r.organization.organization_name.clone(),
            email: r.member.email_address.clone(),
            ..login(View::PrimaryRequired)
        }));
    }
    let mfa = r.mfa_required.clone().unwrap_or_default();
    let Some(options) = mfa.member_options else {
        return Ok(Some(Step { allowed: allowed_methods(&r.organization), ..login(View::EnrollChoose) }));
    };
    let has_totp = !options.totp_registration_id.is_empty();
    if mfa.secondary_auth_initiated == Some(SecondaryAuth::SmsOtp) {
        return Ok(Some(Step { phone: options.mfa_phone_number, has_totp, ..login(View::SmsCode) }));
    }
    if has_totp {
        return Ok(Some(login(View::TotpCode)));
    }
    // A phone on file but no code sent yet: send one.
    let send = SmsSendOptions { organization_id: r.organization_id.clone(), member_id: r.member_id.clone(), ..Default::default() };
    client.otps().sms().send(&send).await?;
    Ok(Some(Step { phone: options.mfa_phone_number, ..login(View::SmsCode) }))
}

/// The first step of a step-up for this member, or `None` without a second factor.
pub async fn step_up_step(client: &StytchB2BHeadlessClient, member: &Member) -> Result<Option<Step>, StytchError> {
    let step = |view| Step::new(view, Purpose::StepUp, &member.organization_id, &member.member_id);
    if !member.totp_registration_id.is_empty() {
        return Ok(Some(step(View::TotpCode)));
    }
    if member.mfa_phone_number_verified {
        let send =
            SmsSendOptions { organization_id: member.organization_id.clone(), member_id: member.member_id.clone(), ..Default::default() };
        client.otps().sms().send(&send).await?;
        return Ok(Some(Step { phone: member.mfa_phone_number.clone(), ..step(View::SmsCode) }));
    }
    Ok(None)
}

// Not the JS examples' key: the pages share an origin, not a shape.
/// What an emailed link (or an identity provider's redirect) that opened this page leads to:
/// the new-password form, or the login a sign-in link completes.
pub async fn open_link(client: &StytchB2BHeadlessClient, kind: &str, token: String, minutes: u32) -> Result<Option<Step>, StytchError> {
    let r = match kind {
        "multi_tenant_passwords" => {
            return Ok(Some(Step { token, ..Step::new(View::ResetPassword, Purpose::Login, "", "") }));
        }
        "multi_tenant_magic_links" => {
            let options =
                MagicLinksAuthenticateOptions { magic_links_token: token, session_duration_minutes: minutes, ..Default::default() };
            client.magic_links().authenticate(&options).await?
        }
        "oauth" => {
            let options = OAuthAuthenticateOptions { oauth_token: token, session_duration_minutes: minutes, ..Default::default() };
            client.oauth().authenticate(&options).await?
        }
        "sso" => {
            let options = SsoAuthenticateOptions { sso_token: token, session_duration_minutes: minutes, ..Default::default() };
            client.sso().authenticate(&options).await?
        }
        _ => return Ok(None),
    };
    next_step(client, r).await
}

const PENDING: &str = "mfa_demo_pending_leptos";

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// The step kept across a reload.
pub fn load_pending() -> Option<Step> {
    let text = session_storage()?.get_item(PENDING).ok()??;
    serde_json::from_str(&text).ok()
}

pub fn save_pending(step: Option<&Step>) {
    let Some(storage) = session_storage() else { return };
    let _ = match step.and_then(|s| serde_json::to_string(s).ok()) {
        Some(text) => storage.set_item(PENDING, &text),
        None => storage.remove_item(PENDING),
    };
}
