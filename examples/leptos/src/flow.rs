//! Where the member is in a login: the step after each answer, kept in sessionStorage so a
//! reload mid-flow continues (the SDK keeps the intermediate session token itself).

use serde::{Deserialize, Serialize};
use stytch_b2b_headless::typed::*;

use crate::demo;

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
    /// The discovery login: an email first, then the organizations it may enter.
    DiscoveryEmail,
    Discovery,
    /// The signed-in member's pages: their MFA settings, and the organization's admin page.
    Settings,
    Admin,
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
            View::DiscoveryEmail => "discovery-email",
            View::Discovery => "discovery",
            View::Settings => "settings",
            View::Admin => "admin",
        }
    }

    /// A page of a signed-in member: without a session, the sign-in page instead.
    pub fn needs_session(self) -> bool {
        matches!(self, View::Settings | View::Admin)
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
    /// A discovery login: an email link, then the organization picker.
    Discovery,
    /// A factor added on the settings page, which the member returns to.
    Settings,
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
    /// The organization picker's rows (a discovery login).
    #[serde(default)]
    pub organizations: Vec<PickerOrganization>,
}

/// An organization the discovery login's email may enter, described for the picker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PickerOrganization {
    pub id: String,
    pub name: String,
    /// The member's relation to it, in words.
    pub membership: String,
    /// Whether entering it needs a second factor.
    pub mfa: bool,
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
            organizations: vec![],
        }
    }

    /// A step of a signed-in member's page (no organization or member of its own).
    pub fn page(view: View) -> Self {
        Step::new(view, Purpose::Settings, "", "")
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
    // A new organization's answer names it only inside `organization`.
    let organization_id = if r.organization_id.is_empty() { &r.organization.organization_id } else { &r.organization_id };
    let login = |view| Step::new(view, Purpose::Login, organization_id, &r.member_id);
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
    let send = SmsSendOptions { organization_id: organization_id.clone(), member_id: r.member_id.clone(), ..Default::default() };
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
pub async fn open_link(client: &StytchB2BHeadlessClient, kind: &str, token: String, minutes: i64) -> Result<Option<Step>, StytchError> {
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
        "discovery" => {
            let options = MagicLinksDiscoveryAuthenticateOptions { discovery_magic_links_token: token };
            return Ok(Some(picker_step(&client.magic_links().discovery().authenticate(&options).await?)));
        }
        _ => return Ok(None),
    };
    next_step(client, r).await
}

/// The organization picker, from a discovery answer: the client keeps its IST (the discovery
/// IST), which entering or creating an organization spends.
pub fn picker_step(r: &DiscoveryAuthenticateResponse) -> Step {
    Step { email: r.email_address.clone(), organizations: demo::picker(r), ..Step::new(View::Discovery, Purpose::Discovery, "", "") }
}

/// Into a discovered organization: a session, or the organization's MFA first.
pub async fn enter_organization(
    client: &StytchB2BHeadlessClient,
    organization_id: String,
    minutes: i64,
) -> Result<Option<Step>, StytchError> {
    let options = IntermediateSessionsExchangeOptions { organization_id, session_duration_minutes: minutes, ..Default::default() };
    let r = client.discovery().intermediate_sessions().exchange(&options).await?;
    next_step(client, r).await
}

/// A new organization, with the member as its first admin (Stytch gives the creator `stytch_admin`).
pub async fn create_organization(client: &StytchB2BHeadlessClient, name: String, minutes: i64) -> Result<Option<Step>, StytchError> {
    let options = DiscoveryOrganizationsCreateOptions {
        organization_slug: Some(slug_of(&name)),
        organization_name: Some(name),
        session_duration_minutes: minutes,
        ..Default::default()
    };
    let r = client.discovery().organizations().create(&options).await?;
    next_step(client, r).await
}

/// An organization's slug from its name, as the JS examples make it: lowercase letters and
/// digits, every other run of characters one `-`.
pub fn slug_of(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

/// What a member has set up: each factor, and which one a login asks for first.
pub struct Factors {
    /// The verified phone, or empty.
    pub phone: String,
    pub totp: bool,
    /// `sms_otp`, `totp`, or empty.
    pub default: String,
}

impl Factors {
    pub fn of(member: &Member) -> Self {
        Factors {
            phone: if member.mfa_phone_number_verified { member.mfa_phone_number.clone() } else { String::new() },
            totp: !member.totp_registration_id.is_empty(),
            default: member.default_mfa_method.clone(),
        }
    }

    /// The methods a login could ask for first.
    pub fn methods(&self) -> Vec<&'static str> {
        [(!self.phone.is_empty()).then_some("sms_otp"), self.totp.then_some("totp")].into_iter().flatten().collect()
    }
}

/// What the admin page may show: each part needs its action on Stytch's resources. A UI aid:
/// the API refuses the calls all the same (the JS examples' `DEMO.permissions`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Permissions {
    pub members: bool,
    pub policy: bool,
    pub reset_mfa: bool,
    pub invite: bool,
}

/// The signed-in member's permissions, once this page load's RBAC policy is known.
pub async fn permissions(client: &StytchB2BHeadlessClient) -> Permissions {
    let rbac = client.rbac();
    Permissions {
        members: rbac.is_authorized("stytch.member", "search").await,
        policy: rbac.is_authorized("stytch.organization", "update.settings.mfa-policy").await,
        reset_mfa: rbac.is_authorized("stytch.member", "update.info.delete.mfa-phone").await
            && rbac.is_authorized("stytch.member", "update.info.delete.mfa-totp").await,
        invite: rbac.is_authorized("stytch.member", "create").await,
    }
}

pub async fn list_members(client: &StytchB2BHeadlessClient) -> Result<Vec<Member>, StytchError> {
    Ok(client.organization().members().search(&MembersSearchOptions { limit: Some(100), ..Default::default() }).await?.members)
}

/// Resetting a member's MFA: both factors removed; they enroll again when MFA is next asked of them.
pub async fn reset_mfa(client: &StytchB2BHeadlessClient, member: &Member) -> Result<(), StytchError> {
    if !member.mfa_phone_number.is_empty() {
        client.organization().members().delete_mfa_phone_number(&member.member_id).await?;
    }
    if !member.totp_registration_id.is_empty() {
        client.organization().members().delete_mfa_totp(&member.member_id).await?;
    }
    Ok(())
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
