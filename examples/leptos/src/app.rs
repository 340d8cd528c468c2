//! The pages: sign in, then whatever the answer asks for (enrollment, an SMS or TOTP code, a
//! recovery code), a signed-in page with optional enrollment and a step-up-protected action,
//! and logout. The same flow as the React and script-tag examples, on the typed Rust API.
//! Then what a B2B app has around it (as the React example): a discovery login (an email,
//! then the organization picker, or a new organization), the member's MFA settings, and an
//! admin page gated by RBAC (`client.rbac()`).

use std::future::Future;

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use stytch_b2b_headless::typed::*;

use crate::demo::{self, Demo, Sensitive};
use crate::flow::{self, Purpose, Step, TotpSetup, View};

/// What an action can fail with: the client's error, or a sentence of the app's own.
enum Failure {
    Stytch(StytchError),
    Say(String),
}

impl From<StytchError> for Failure {
    fn from(e: StytchError) -> Self {
        Failure::Stytch(e)
    }
}

type Outcome = Result<(), Failure>;

/// The app's state, shared by every page (arena handles: `Copy`).
#[derive(Clone, Copy)]
struct Ctx {
    client: StoredValue<StytchB2BHeadlessClient, LocalStorage>,
    demo: StoredValue<Demo>,
    step: RwSignal<Option<Step>>,
    error: RwSignal<String>,
    notice: RwSignal<String>,
    /// The client's member, organization and session, kept current by `on_state_change`.
    state: RwSignal<State>,
}

impl Ctx {
    fn client(&self) -> StytchB2BHeadlessClient {
        self.client.get_value()
    }

    fn demo(&self) -> Demo {
        self.demo.get_value()
    }

    fn go(&self, next: Option<Step>) {
        flow::save_pending(next.as_ref());
        self.step.set(next);
    }

    /// Runs an action: clears the error first, and shows what went wrong in a member's words.
    fn attempt<F, Fut>(&self, action: F)
    where
        F: FnOnce() -> Fut + 'static,
        Fut: Future<Output = Outcome> + 'static,
    {
        let ctx = *self;
        ctx.error.set(String::new());
        spawn_local(async move {
            match action().await {
                Ok(()) => {}
                Err(Failure::Say(text)) => ctx.error.set(text),
                Err(Failure::Stytch(e)) => {
                    ctx.error.set(demo::explain(&e));
                    if demo::must_restart(&e) {
                        ctx.go(None);
                    }
                }
            }
        });
    }

    /// A primary factor (`call` gets the client), then the step its answer leads to.
    fn sign_in<F, Fut>(&self, call: F)
    where
        F: FnOnce(StytchB2BHeadlessClient) -> Fut + 'static,
        Fut: Future<Output = Result<AuthenticateResponse, StytchError>> + 'static,
    {
        let ctx = *self;
        self.attempt(move || async move {
            let client = ctx.client();
            let r = call(client.clone()).await?;
            ctx.go(flow::next_step(&client, r).await?);
            Ok(())
        });
    }

    /// After a code: a step-up repeats the sensitive action; a login is done; a factor added
    /// from the settings page goes back there.
    async fn finish(&self, purpose: Purpose) {
        if purpose == Purpose::StepUp {
            self.notice.set(demo::after_step_up().await);
        }
        self.go((purpose == Purpose::Settings).then(|| Step::page(View::Settings)));
    }

    /// A login step reached through the flow's helper (`call` gets the client).
    fn continue_with<F, Fut>(&self, call: F)
    where
        F: FnOnce(StytchB2BHeadlessClient) -> Fut + 'static,
        Fut: Future<Output = Result<Option<Step>, StytchError>> + 'static,
    {
        let ctx = *self;
        self.attempt(move || async move {
            ctx.go(call(ctx.client()).await?);
            Ok(())
        });
    }
}

fn ctx() -> Ctx {
    use_context::<Ctx>().expect("App provides the context")
}

#[component]
pub fn App() -> impl IntoView {
    let settings = demo::settings();
    let options = ClientOptions { custom_base_url: Some(settings.api_base.clone()), ..Default::default() };
    let client = StytchB2BHeadlessClient::new(&settings.public_token, options).expect("the demo's token and options are valid");
    let state = RwSignal::new(State {
        member: client.member().get_sync(),
        organization: client.organization().get_sync(),
        session: client.session().get_sync(),
    });
    client.on_state_change(move |s| state.set(s)).forget();
    let ctx = Ctx {
        client: StoredValue::new_local(client),
        demo: StoredValue::new(settings),
        step: RwSignal::new(flow::load_pending()),
        error: RwSignal::new(String::new()),
        notice: RwSignal::new(String::new()),
        state,
    };
    provide_context(ctx);

    // A session restored from storage may have ended on the server meanwhile: confirm it once.
    if ctx.client().session().get_sync().is_some() {
        ctx.attempt(move || async move {
            ctx.client().session().authenticate(&SessionAuthenticateOptions::default()).await?;
            Ok(())
        });
    }
    // Opened from an emailed link (a password reset, a sign-in link): take its token, go on.
    if let Some((kind, token)) = demo::take_link_token() {
        let minutes = ctx.demo().session_minutes;
        ctx.attempt(move || async move {
            let client = ctx.client();
            ctx.go(flow::open_link(&client, &kind, token, minutes).await?);
            Ok(())
        });
    }

    let signed_in = Memo::new(move |_| state.with(|s| s.session.is_some()));
    // The signed-in member's pages need a session (another tab may end it): without one,
    // the sign-in page.
    let step = move || ctx.step.get().filter(|s| !s.view.needs_session() || signed_in.get());
    let view_name = move || match step() {
        Some(step) => step.view.name(),
        None if signed_in.get() => "home",
        None => "login",
    };
    let page = move || match step() {
        None if signed_in.get() => view! { <Home/> }.into_any(),
        None => view! { <SignIn/> }.into_any(),
        Some(step) => match step.view {
            View::SmsCode | View::TotpCode => view! { <CodeStep step=step/> }.into_any(),
            View::Recovery => view! { <RecoveryStep step=step/> }.into_any(),
            View::EnrollChoose => view! { <EnrollChoose step=step/> }.into_any(),
            View::EnrollSmsPhone => view! { <EnrollPhone step=step/> }.into_any(),
            View::EnrollTotp => view! { <EnrollTotp step=step/> }.into_any(),
            View::PrimaryRequired => view! { <PrimaryRequired step=step/> }.into_any(),
            View::Forgot => view! { <Forgot/> }.into_any(),
            View::LinkSent => view! { <LinkSent step=step/> }.into_any(),
            View::ResetPassword => view! { <ResetPassword step=step/> }.into_any(),
            View::DiscoveryEmail => view! { <DiscoveryEmail/> }.into_any(),
            View::Discovery => view! { <Discovery step=step/> }.into_any(),
            View::Settings => view! { <Settings/> }.into_any(),
            View::Admin => view! { <Admin/> }.into_any(),
        },
    };
    view! {
        <main id="app" aria-live="polite" data-view=view_name>
            {move || (!ctx.notice.get().is_empty()).then(|| view! { <p id="notice" class="ok">{ctx.notice.get()}</p> })}
            {page}
            {move || (!ctx.error.get().is_empty()).then(|| view! { <p id="error" class="error" role="alert">{ctx.error.get()}</p> })}
        </main>
    }
}

/// A text input bound to a signal.
fn text_value(signal: RwSignal<String>) -> impl Fn(leptos::ev::Event) + 'static {
    move |ev| signal.set(event_target_value(&ev))
}

/// The organization and email fields of the sign-in and reset forms.
fn org_and_email(demo: &Demo, org: RwSignal<String>, email: RwSignal<String>) -> impl IntoView {
    view! {
        <label for="org">"Organization"</label>
        <select id="org" on:change=text_value(org)>
            {demo.organizations.iter().map(|o| view! { <option value=o.id.clone()>{o.name.clone()}</option> }).collect_view()}
        </select>
        <label for="email">"Email"</label>
        <input id="email" list="accounts" autocomplete="username" prop:value=email on:input=text_value(email) autofocus/>
        <datalist id="accounts">{demo.accounts.iter().map(|a| view! { <option value=a.clone()></option> }).collect_view()}</datalist>
    }
}

#[component]
fn SignIn() -> impl IntoView {
    let ctx = ctx();
    let demo = ctx.demo();
    let org = RwSignal::new(demo.organizations[0].id.clone());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(demo.password.clone());
    let minutes = demo.session_minutes;
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let options = PasswordAuthenticateOptions {
            organization_id: org.get_untracked(),
            email_address: email.get_untracked().trim().to_string(),
            password: password.get_untracked(),
            session_duration_minutes: minutes,
            ..Default::default()
        };
        ctx.sign_in(move |client| async move { client.passwords().authenticate(&options).await });
    };
    // Google and SSO: the browser leaves for the identity provider (the emulator's page here)
    // and comes back to this page with a token (see `flow::open_link`).
    let google = move |_| {
        let url = demo::app_url();
        let options = OAuthStartOptions {
            organization_id: Some(org.get_untracked()),
            login_redirect_url: Some(url.clone()),
            signup_redirect_url: Some(url),
            ..Default::default()
        };
        ctx.attempt(move || async move { Ok(ctx.client().oauth().google().start(&options).await?) });
    };
    let organizations = demo.organizations.clone();
    let sso = move |_| {
        let id = org.get_untracked();
        let connection = organizations.iter().find(|o| o.id == id).and_then(|o| o.sso.clone());
        ctx.attempt(move || async move {
            let connection_id = connection
                .ok_or_else(|| Failure::Say("This organization has no single sign-on connection; sign in another way.".into()))?;
            let options = SsoStartOptions { connection_id, login_redirect_url: Some(demo::app_url()), ..Default::default() };
            Ok(ctx.client().sso().start(&options).await?)
        });
    };
    view! {
        <form on:submit=submit>
            <h1>"Sign in"</h1>
            {org_and_email(&demo, org, email)}
            <label for="password">"Password"</label>
            <input id="password" type="password" autocomplete="current-password" prop:value=password on:input=text_value(password)/>
            <button id="sign-in" type="submit">"Sign in"</button>
            " "
            <button id="forgot" type="button" class="secondary" on:click=move |_| ctx.go(Some(Step::new(View::Forgot, Purpose::Reset, "", "")))>
                "Forgot password?"
            </button>
            <div class="alt">
                <button id="google" type="button" class="secondary" on:click=google>"Sign in with Google"</button>
                " "
                <button id="sso" type="button" class="secondary" on:click=sso>"Sign in with SSO"</button>
            </div>
            <div class="alt">
                <button id="discovery" type="button" class="secondary"
                    on:click=move |_| ctx.go(Some(Step::new(View::DiscoveryEmail, Purpose::Discovery, "", "")))>
                    "Sign in with your email, then choose the organization"
                </button>
            </div>
            <p class="note">
                "Every demo account's password is " <code>{demo.password.clone()}</code>
                ". Codes sent by SMS appear on the emulator's page. This page is Rust: Leptos on the SDK's typed API."
            </p>
        </form>
    }
}

fn code_input(code: RwSignal<String>) -> impl IntoView {
    view! {
        <label for="code">"6-digit code"</label>
        <input id="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6" prop:value=code
            on:input=move |ev| code.set(event_target_value(&ev).trim().to_string()) autofocus/>
    }
}

/// An SMS or TOTP code, for a login, an enrollment or a step-up.
#[component]
fn CodeStep(step: Step) -> impl IntoView {
    let ctx = ctx();
    let code = RwSignal::new(String::new());
    let sms = step.view == View::SmsCode;
    let minutes = ctx.demo().session_minutes;
    let verify = {
        let step = step.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            let step = step.clone();
            let code = code.get_untracked();
            ctx.attempt(move || async move {
                let client = ctx.client();
                let enrollment = step.enrolling.then_some(MfaEnrollment::Enroll);
                if sms {
                    let options = SmsAuthenticateOptions {
                        organization_id: step.organization_id.clone(),
                        member_id: step.member_id.clone(),
                        code,
                        session_duration_minutes: minutes,
                        set_mfa_enrollment: enrollment,
                        ..Default::default()
                    };
                    client.otps().sms().authenticate(&options).await?;
                } else {
                    let options = TotpAuthenticateOptions {
                        organization_id: step.organization_id.clone(),
                        member_id: step.member_id.clone(),
                        code,
                        session_duration_minutes: minutes,
                        set_mfa_enrollment: enrollment,
                        ..Default::default()
                    };
                    client.totp().authenticate(&options).await?;
                }
                ctx.finish(step.purpose).await;
                Ok(())
            });
        }
    };
    let resend = {
        let step = step.clone();
        move |_| {
            let options =
                SmsSendOptions { organization_id: step.organization_id.clone(), member_id: step.member_id.clone(), ..Default::default() };
            ctx.attempt(move || async move {
                ctx.client().otps().sms().send(&options).await?;
                ctx.notice.set("A new code is on its way.".into());
                Ok(())
            });
        }
    };
    let recovery = ((sms && step.has_totp) || (!sms && step.purpose == Purpose::Login)).then(|| {
        let step = step.clone();
        view! {
            <button id="use-recovery" type="button" class="secondary"
                on:click=move |_| ctx.go(Some(Step { back: Some(step.view), ..step.with(View::Recovery) }))>
                "Use a recovery code"
            </button>
        }
    });
    let title = match (step.purpose, sms) {
        (Purpose::StepUp, _) => "Confirm it is you",
        (_, true) => "Enter the code we texted you",
        (_, false) => "Enter your authenticator code",
    };
    let hint = if sms {
        view! { <p>"We sent a 6-digit code to " <span class="mono">{step.phone.clone()}</span> "."</p> }.into_any()
    } else {
        view! { <p>"Open your authenticator app and enter the current code."</p> }.into_any()
    };
    view! {
        <form on:submit=verify>
            <h1>{title}</h1>
            {hint}
            {code_input(code)}
            <button id="verify" type="submit">"Verify"</button>
            {sms.then(|| view! { <button id="resend" type="button" class="secondary" on:click=resend>"Send a new code"</button> })}
            {recovery}
        </form>
    }
}

#[component]
fn RecoveryStep(step: Step) -> impl IntoView {
    let ctx = ctx();
    let code = RwSignal::new(String::new());
    let minutes = ctx.demo().session_minutes;
    let recover = {
        let step = step.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            let options = RecoveryCodesRecoverOptions {
                organization_id: step.organization_id.clone(),
                member_id: step.member_id.clone(),
                recovery_code: code.get_untracked().trim().to_string(),
                session_duration_minutes: minutes,
            };
            let purpose = step.purpose;
            ctx.attempt(move || async move {
                let r = ctx.client().recovery_codes().recover(&options).await?;
                ctx.notice.set(format!("Signed in with a recovery code. {} left.", r.recovery_codes_remaining));
                ctx.finish(purpose).await;
                Ok(())
            });
        }
    };
    let back = step.back.unwrap_or(View::TotpCode);
    view! {
        <form on:submit=recover>
            <h1>"Use a recovery code"</h1>
            <label for="recovery-code">"Recovery code"</label>
            <input id="recovery-code" class="mono" prop:value=code on:input=text_value(code) autofocus/>
            <button id="recover" type="submit">"Sign in"</button>
            <button id="back" type="button" class="secondary" on:click=move |_| ctx.go(Some(step.with(back)))>"Back"</button>
        </form>
    }
}

#[component]
fn EnrollChoose(step: Step) -> impl IntoView {
    let ctx = ctx();
    let start_totp = {
        let step = step.clone();
        move |_| {
            let step = step.clone();
            let options = TotpCreateOptions {
                organization_id: step.organization_id.clone(),
                member_id: step.member_id.clone(),
                ..Default::default()
            };
            ctx.attempt(move || async move {
                let r = ctx.client().totp().create(&options).await?;
                let setup = TotpSetup { secret: r.secret, qr_code: r.qr_code, recovery_codes: r.recovery_codes };
                ctx.go(Some(Step { enrolling: true, totp: Some(setup), ..step.with(View::EnrollTotp) }));
                Ok(())
            });
        }
    };
    let intro =
        if step.purpose == Purpose::Login { "Your organization requires a second factor." } else { "Add a second factor to your account." };
    let sms = step.allowed.iter().any(|m| m == "sms_otp").then(|| {
        let step = step.clone();
        view! { <button id="choose-sms" on:click=move |_| ctx.go(Some(step.with(View::EnrollSmsPhone)))>"Text me a code"</button> }
    });
    let totp = step
        .allowed
        .iter()
        .any(|m| m == "totp")
        .then(|| view! { <button id="choose-totp" on:click=start_totp>"Use an authenticator app"</button> });
    view! {
        <div>
            <h1>"Set up two-step verification"</h1>
            <p>{intro} " Choose one:"</p>
            {sms}
            {totp}
        </div>
    }
}

#[component]
fn EnrollPhone(step: Step) -> impl IntoView {
    let ctx = ctx();
    let phone = RwSignal::new(String::new());
    let send = move |ev: SubmitEvent| {
        ev.prevent_default();
        let number = phone.get_untracked().trim().to_string();
        let options = SmsSendOptions {
            organization_id: step.organization_id.clone(),
            member_id: step.member_id.clone(),
            mfa_phone_number: Some(number.clone()),
            ..Default::default()
        };
        let step = step.clone();
        ctx.attempt(move || async move {
            ctx.client().otps().sms().send(&options).await?;
            ctx.go(Some(Step { phone: number, enrolling: true, ..step.with(View::SmsCode) }));
            Ok(())
        });
    };
    view! {
        <form on:submit=send>
            <h1>"Add your phone"</h1>
            <label for="phone">"Mobile number (international format)"</label>
            <input id="phone" placeholder="+15555550123" autocomplete="tel" prop:value=phone on:input=text_value(phone) autofocus/>
            <button id="send-code" type="submit">"Send code"</button>
        </form>
    }
}

#[component]
fn EnrollTotp(step: Step) -> impl IntoView {
    let ctx = ctx();
    let code = RwSignal::new(String::new());
    let minutes = ctx.demo().session_minutes;
    let setup = step.totp.clone().unwrap_or(TotpSetup { secret: String::new(), qr_code: String::new(), recovery_codes: vec![] });
    let verify = move |ev: SubmitEvent| {
        ev.prevent_default();
        let options = TotpAuthenticateOptions {
            organization_id: step.organization_id.clone(),
            member_id: step.member_id.clone(),
            code: code.get_untracked(),
            session_duration_minutes: minutes,
            // A login's enrollment; from the settings page, a factor beside the others.
            set_mfa_enrollment: step.enrolling.then_some(MfaEnrollment::Enroll),
            ..Default::default()
        };
        let purpose = step.purpose;
        ctx.attempt(move || async move {
            ctx.client().totp().authenticate(&options).await?;
            ctx.finish(purpose).await;
            Ok(())
        });
    };
    view! {
        <form on:submit=verify>
            <h1>"Scan with your authenticator app"</h1>
            <img id="totp-qr" class="qr" alt="QR code for your authenticator app" src=setup.qr_code/>
            <p class="note">"Or enter this key by hand: " <span id="totp-secret" class="mono">{setup.secret}</span></p>
            <p><strong>"Save your recovery codes"</strong> ", each works once if you lose your phone:"</p>
            <ul id="recovery-codes" class="codes mono">{setup.recovery_codes.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul>
            {code_input(code)}
            <button id="verify" type="submit">"Verify and finish"</button>
        </form>
    }
}

/// The organization allows other sign-in methods only: offer the one this demo can do. The
/// SDK keeps the IST, so that method, once done, continues this login.
#[component]
fn PrimaryRequired(step: Step) -> impl IntoView {
    let ctx = ctx();
    let send_link = step.allowed.iter().any(|m| m == "magic_link").then(|| {
        let step = step.clone();
        let send = move |_| {
            let url = demo::app_url();
            let options = MagicLinksLoginOrSignupOptions {
                organization_id: step.organization_id.clone(),
                email_address: step.email.clone(),
                login_redirect_url: Some(url.clone()),
                signup_redirect_url: Some(url),
                ..Default::default()
            };
            let step = step.clone();
            ctx.attempt(move || async move {
                ctx.client().magic_links().email().login_or_signup(&options).await?;
                ctx.go(Some(step.with(View::LinkSent)));
                Ok(())
            });
        };
        view! { <button id="send-link" on:click=send>"Email me a sign-in link"</button> }
    });
    view! {
        <div>
            <h1>"Sign in another way"</h1>
            <p>{step.organization_name.clone()} " requires you to sign in with " {demo::describe_methods(&step.allowed)} "."</p>
            {send_link}
            " "
            <button id="to-login" class="secondary" on:click=move |_| ctx.go(None)>"Back to sign in"</button>
        </div>
    }
}

/// Forgot password: a link by email, which opens this page with its token.
#[component]
fn Forgot() -> impl IntoView {
    let ctx = ctx();
    let demo = ctx.demo();
    let org = RwSignal::new(demo.organizations[0].id.clone());
    let email = RwSignal::new(String::new());
    let send = move |ev: SubmitEvent| {
        ev.prevent_default();
        let url = demo::app_url();
        let address = email.get_untracked().trim().to_string();
        let options = PasswordResetByEmailStartOptions {
            organization_id: org.get_untracked(),
            email_address: address.clone(),
            reset_password_redirect_url: Some(url.clone()),
            login_redirect_url: Some(url),
            ..Default::default()
        };
        ctx.attempt(move || async move {
            ctx.client().passwords().reset_by_email_start(&options).await?;
            ctx.go(Some(Step { email: address, ..Step::new(View::LinkSent, Purpose::Reset, "", "") }));
            Ok(())
        });
    };
    view! {
        <form on:submit=send>
            <h1>"Reset your password"</h1>
            {org_and_email(&demo, org, email)}
            <button id="send-reset" type="submit">"Email me a reset link"</button>
            " "
            <button id="to-login" type="button" class="secondary" on:click=move |_| ctx.go(None)>"Back to sign in"</button>
        </form>
    }
}

#[component]
fn LinkSent(step: Step) -> impl IntoView {
    let ctx = ctx();
    let what = if step.purpose == Purpose::Reset { "a password reset link" } else { "a sign-in link" };
    view! {
        <div>
            <h1>"Check your email"</h1>
            <p>"We sent " {what} " to " <span class="mono">{step.email.clone()}</span> ". Open it in this browser."</p>
            <p class="note">"In the demo, the link appears on the emulator's page."</p>
            <button id="to-login" class="secondary" on:click=move |_| ctx.go(None)>"Back to sign in"</button>
        </div>
    }
}

/// A new password from a reset link signs in like a password would (MFA may follow).
#[component]
fn ResetPassword(step: Step) -> impl IntoView {
    let ctx = ctx();
    let password = RwSignal::new(String::new());
    let minutes = ctx.demo().session_minutes;
    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let options = PasswordResetByEmailOptions {
            password_reset_token: step.token.clone(),
            password: password.get_untracked(),
            session_duration_minutes: minutes,
            ..Default::default()
        };
        ctx.sign_in(move |client| async move { client.passwords().reset_by_email(&options).await });
    };
    view! {
        <form on:submit=save>
            <h1>"Choose a new password"</h1>
            <label for="new-password">"New password"</label>
            <input id="new-password" type="password" autocomplete="new-password" prop:value=password on:input=text_value(password) autofocus/>
            <p class="note">"At least 8 characters, with three of: lowercase, uppercase, digits, symbols."</p>
            <button id="set-password" type="submit">"Set password and sign in"</button>
        </form>
    }
}

#[component]
fn Home() -> impl IntoView {
    let ctx = ctx();
    let step_up_minutes = ctx.demo().step_up_minutes;
    // Whether the member's roles may list the members (the admin page shows each part its
    // roles allow): the sync answer at once, then this load's policy's (`checked`), again
    // whenever the session changes.
    let may_administer = RwSignal::new(ctx.client().rbac().is_authorized_sync("stytch.member", "search"));
    let checked = RwSignal::new(false);
    Effect::new(move |_| {
        ctx.state.track();
        let client = ctx.client();
        spawn_local(async move {
            let allowed = client.rbac().is_authorized("stytch.member", "search").await;
            may_administer.try_set(allowed);
            checked.try_set(true);
        });
    });
    let sensitive = move |_| {
        ctx.attempt(move || async move {
            match demo::sensitive().await.map_err(Failure::Say)? {
                Sensitive::Done(message) => ctx.notice.set(message),
                Sensitive::StepUp => {
                    let member = ctx.state.get_untracked().member.ok_or_else(|| Failure::Say("Please sign in again.".into()))?;
                    match flow::step_up_step(&ctx.client(), &member).await? {
                        Some(step) => ctx.go(Some(step)),
                        None => return Err(Failure::Say("This action needs a second factor. Add MFA to your account first.".into())),
                    }
                }
            }
            Ok(())
        });
    };
    let log_out = move |_| {
        ctx.attempt(move || async move {
            // Signed out here whatever the server says (forceClear: even offline).
            let _ = ctx.client().session().revoke(&SessionRevokeOptions { force_clear: Some(true) }).await;
            ctx.notice.set("You are signed out.".into());
            ctx.go(None);
            Ok(())
        });
    };
    move || {
        let State { member: Some(member), organization: Some(org), session: Some(session) } = ctx.state.get() else {
            return ().into_any();
        };
        let optional = org.mfa_policy == MfaPolicy::Optional && !member.mfa_enrolled;
        let add_mfa = optional.then(|| {
            let step = Step {
                allowed: flow::allowed_methods(&org),
                ..Step::new(View::EnrollChoose, Purpose::OptionalEnroll, &member.organization_id, &member.member_id)
            };
            view! { <button id="add-mfa" class="secondary" on:click=move |_| ctx.go(Some(step.clone()))>"Add MFA"</button> }
        });
        let factors = session
            .authentication_factors
            .iter()
            .map(|f| {
                let at = js_sys::Date::new(&f.last_authenticated_at.as_str().into()).to_locale_time_string("en-US");
                view! { <tr><td>{f.factor_type.to_string()}</td><td>{f.delivery_method.to_string()}</td><td>{String::from(at)}</td></tr> }
            })
            .collect_view();
        view! {
            <div>
                <h1 id="home">"Welcome, " <span id="member-email">{member.email_address.clone()}</span></h1>
                <p>{org.organization_name.clone()} " · MFA " {if member.mfa_enrolled { "enrolled" } else { "not enrolled" }}</p>
                <table id="factors"><tbody>{factors}</tbody></table>
                <button id="sensitive" on:click=sensitive>"Sensitive action"</button>
                {add_mfa}
                <button id="logout" class="secondary" on:click=log_out>"Log out"</button>
                // data-checked: the roles were checked against this load's policy (the tests wait for it).
                <div id="member-actions" class="alt" data-checked=move || checked.get().to_string()>
                    <button id="settings" class="secondary" on:click=move |_| ctx.go(Some(Step::page(View::Settings)))>"MFA settings"</button>
                    {move || may_administer.get().then(|| view! {
                        <button id="admin" class="secondary" on:click=move |_| ctx.go(Some(Step::page(View::Admin)))>
                            "Administer " {org.organization_name.clone()}
                        </button>
                    })}
                </div>
                <ServerView/>
                <p class="note">
                    "The sensitive action is done by this page's server, which requires a second factor from the last "
                    {step_up_minutes} " minutes."
                </p>
            </div>
        }
        .into_any()
    }
}

/// What the example server makes of this browser's session, asked again when its factors change.
#[component]
fn ServerView() -> impl IntoView {
    let ctx = ctx();
    let text = RwSignal::new(String::from("Asking the server…"));
    let factors = Memo::new(move |_| {
        ctx.state.with(|s| {
            s.session.as_ref().map(|s| s.authentication_factors.iter().map(|f| f.last_authenticated_at.clone()).collect::<Vec<_>>())
        })
    });
    Effect::new(move |_| {
        factors.track();
        spawn_local(async move { text.set(demo::server_view().await) });
    });
    view! { <p id="server-view" class="note">{text}</p> }
}

/// The discovery login: one email, a link, then the organizations that email may enter.
#[component]
fn DiscoveryEmail() -> impl IntoView {
    let ctx = ctx();
    let demo = ctx.demo();
    let email = RwSignal::new(String::new());
    let send = move |ev: SubmitEvent| {
        ev.prevent_default();
        let address = email.get_untracked().trim().to_string();
        let options = MagicLinksDiscoverySendOptions {
            email_address: address.clone(),
            discovery_redirect_url: Some(demo::app_url()),
            ..Default::default()
        };
        ctx.attempt(move || async move {
            ctx.client().magic_links().email().discovery().send(&options).await?;
            ctx.go(Some(Step { email: address, ..Step::new(View::LinkSent, Purpose::Discovery, "", "") }));
            Ok(())
        });
    };
    view! {
        <form on:submit=send>
            <h1>"Sign in with your email"</h1>
            <label for="email">"Work email"</label>
            <input id="email" list="accounts" autocomplete="username" prop:value=email on:input=text_value(email) autofocus/>
            <datalist id="accounts">{demo.accounts.iter().map(|a| view! { <option value=a.clone()></option> }).collect_view()}</datalist>
            <button id="send-discovery" type="submit">"Email me a sign-in link"</button>
            " "
            <button id="to-login" type="button" class="secondary" on:click=move |_| ctx.go(None)>"Back"</button>
        </form>
    }
}

/// The organization picker: enter one (its MFA first, where it requires it), or create one.
#[component]
fn Discovery(step: Step) -> impl IntoView {
    let ctx = ctx();
    let minutes = ctx.demo().session_minutes;
    let name = RwSignal::new(String::new());
    let enter = move |id: String| ctx.continue_with(move |client| async move { flow::enter_organization(&client, id, minutes).await });
    let create = move |ev: SubmitEvent| {
        ev.prevent_default();
        let name = name.get_untracked().trim().to_string();
        ctx.continue_with(move |client| async move { flow::create_organization(&client, name, minutes).await });
    };
    let rows = step
        .organizations
        .into_iter()
        .map(|o| {
            let label = if o.membership.starts_with("You can join") { "Join" } else { "Enter" };
            let id = o.id.clone();
            view! {
                <tr>
                    <td>
                        <strong>{o.name}</strong>
                        <br/>
                        <span class="note">{o.membership} {o.mfa.then_some(" · MFA required")}</span>
                    </td>
                    <td><button class="enter-org" data-org=o.id on:click=move |_| enter(id.clone())>{label}</button></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div>
            <h1>"Choose an organization"</h1>
            <p>"Signed in as " <span class="mono">{step.email}</span> "."</p>
            <table id="organizations"><tbody>{rows}</tbody></table>
            <form class="alt" on:submit=create>
                <label for="new-org-name">"Or create an organization"</label>
                <input id="new-org-name" prop:value=name on:input=text_value(name) placeholder="Hooli"/>
                <button id="create-org" type="submit">"Create and enter"</button>
            </form>
        </div>
    }
}

/// The member's own MFA settings: add or remove each factor, and choose which one a login asks
/// for. Each call replaces the client's cached member, which `ctx.state` re-renders with.
#[component]
fn Settings() -> impl IntoView {
    let ctx = ctx();
    let choice = RwSignal::new(String::new());
    let member = move || ctx.state.with(|s| s.member.clone());
    let remove = move |phone: bool| {
        ctx.attempt(move || async move {
            let client = ctx.client();
            if phone {
                client.self_().delete_mfa_phone_number().await?;
                ctx.notice.set("Your phone number was removed.".into());
            } else {
                client.self_().delete_mfa_totp().await?;
                ctx.notice.set("Your authenticator app was removed.".into());
            }
            Ok(())
        })
    };
    let add_phone = move |_| {
        if let Some(m) = member() {
            ctx.go(Some(Step::new(View::EnrollSmsPhone, Purpose::Settings, &m.organization_id, &m.member_id)));
        }
    };
    let add_totp = move |_| {
        let Some(m) = member() else { return };
        ctx.attempt(move || async move {
            let options =
                TotpCreateOptions { organization_id: m.organization_id.clone(), member_id: m.member_id.clone(), ..Default::default() };
            let r = ctx.client().totp().create(&options).await?;
            let setup = TotpSetup { secret: r.secret, qr_code: r.qr_code, recovery_codes: r.recovery_codes };
            ctx.go(Some(Step { totp: Some(setup), ..Step::new(View::EnrollTotp, Purpose::Settings, &m.organization_id, &m.member_id) }));
            Ok(())
        });
    };
    // The method chosen, while the member has it; else the saved default.
    let selected = move || {
        let factors = flow::Factors::of(&member().unwrap_or_default());
        let chosen = choice.get();
        if factors.methods().contains(&chosen.as_str()) {
            chosen
        } else {
            factors.default
        }
    };
    let save_default = move |_| {
        let method = selected();
        ctx.attempt(move || async move {
            let options = SelfUpdateOptions { default_mfa_method: Some(method), ..Default::default() };
            ctx.client().self_().update(&options).await?;
            ctx.notice.set("Your default method was saved.".into());
            Ok(())
        });
    };
    move || {
        let Some(m) = member() else { return ().into_any() };
        let factors = flow::Factors::of(&m);
        let methods = factors.methods();
        let phone_action = if factors.phone.is_empty() {
            view! { <button id="add-phone" class="secondary" on:click=add_phone>"Add"</button> }.into_any()
        } else {
            view! { <button id="remove-phone" class="secondary" on:click=move |_| remove(true)>"Remove"</button> }.into_any()
        };
        let totp_action = if factors.totp {
            view! { <button id="remove-totp" class="secondary" on:click=move |_| remove(false)>"Remove"</button> }.into_any()
        } else {
            view! { <button id="add-totp" class="secondary" on:click=add_totp>"Add"</button> }.into_any()
        };
        // The saved default when the member no longer has it (or has none), as it stands.
        let saved = (!methods.contains(&factors.default.as_str())).then(|| {
            let default = factors.default.clone();
            let label = if default.is_empty() { "none".to_string() } else { default.clone() };
            view! { <option value=default.clone() prop:selected=move || selected() == default>{label}</option> }
        });
        let options = methods
            .iter()
            .map(|&method| {
                let label = if method == "totp" { "Authenticator app" } else { "Text message" };
                view! { <option value=method prop:selected=move || selected() == method>{label}</option> }
            })
            .collect_view();
        view! {
            <div>
                <h1>"Two-step verification"</h1>
                <table id="mfa-settings">
                    <tbody>
                        <tr>
                            <td>"Text message"</td>
                            <td id="settings-phone" class="mono">{if factors.phone.is_empty() { "not set up".to_string() } else { factors.phone.clone() }}</td>
                            <td>{phone_action}</td>
                        </tr>
                        <tr>
                            <td>"Authenticator app"</td>
                            <td id="settings-totp">{if factors.totp { "set up" } else { "not set up" }}</td>
                            <td>{totp_action}</td>
                        </tr>
                    </tbody>
                </table>
                <label for="default-method">"Ask for this first when I sign in"</label>
                <select id="default-method" on:change=text_value(choice)>{saved}{options}</select>
                <p id="settings-default" class="note">"Now: " {if factors.default.is_empty() { "none".to_string() } else { factors.default.clone() }}</p>
                <button id="save-default" on:click=save_default disabled=methods.is_empty()>"Save"</button>
                " "
                <button id="to-home" class="secondary" on:click=move |_| ctx.go(None)>"Back"</button>
            </div>
        }
        .into_any()
    }
}

/// The organization's admin page. Each part shows only when the member's roles allow it
/// (`client.rbac()`, from the project's RBAC policy); the emulator, as Stytch, checks again.
#[component]
fn Admin() -> impl IntoView {
    let ctx = ctx();
    let may = RwSignal::new(flow::Permissions::default());
    let members = RwSignal::new(Vec::<Member>::new());
    let policy = RwSignal::new(String::new());
    let invitee = RwSignal::new(String::new());
    let reload = move || async move {
        members.try_set(flow::list_members(&ctx.client()).await?);
        Ok::<(), StytchError>(())
    };
    ctx.attempt(move || async move {
        let allowed = flow::permissions(&ctx.client()).await;
        may.try_set(allowed);
        if allowed.members {
            reload().await?;
        }
        Ok(())
    });
    let save_policy = move |_| {
        let current = ctx.state.with_untracked(|s| s.organization.as_ref().map(|o| o.mfa_policy.as_str().to_string()));
        let chosen = Some(policy.get_untracked()).filter(|p| !p.is_empty()).or(current);
        ctx.attempt(move || async move {
            ctx.client()
                .organization()
                .update(&OrganizationUpdateOptions { mfa_policy: chosen.map(MfaPolicy::from), ..Default::default() })
                .await?;
            ctx.notice.set("The MFA policy was saved.".into());
            Ok(())
        });
    };
    let reset = move |member: Member| {
        ctx.attempt(move || async move {
            flow::reset_mfa(&ctx.client(), &member).await?;
            ctx.notice.set(format!("{} will set up MFA again at their next sign-in.", member.email_address));
            reload().await?;
            Ok(())
        });
    };
    let invite = move |ev: SubmitEvent| {
        ev.prevent_default();
        let email_address = invitee.get_untracked().trim().to_string();
        let options = MagicLinksInviteOptions {
            email_address: email_address.clone(),
            invite_redirect_url: Some(demo::app_url()),
            ..Default::default()
        };
        ctx.attempt(move || async move {
            ctx.client().magic_links().email().invite(&options).await?;
            ctx.notice.set(format!("Invitation sent to {email_address}."));
            invitee.set(String::new());
            reload().await?;
            Ok(())
        });
    };
    let policy_setting = move || {
        let current = ctx.state.with(|s| s.organization.as_ref().map(|o| o.mfa_policy.as_str().to_string()))?;
        may.get().policy.then(|| {
            let option = move |value: &'static str, label: &'static str| {
                let current = current.clone();
                view! { <option value=value prop:selected=move || policy.with(|p| if p.is_empty() { current == value } else { p == value })>{label}</option> }
            };
            view! {
                <label for="mfa-policy">"MFA policy"</label>
                <select id="mfa-policy" on:change=text_value(policy)>
                    {option("OPTIONAL", "Optional")}
                    {option("REQUIRED_FOR_ALL", "Required for every member")}
                </select>
                <button id="save-policy" on:click=save_policy>"Save policy"</button>
            }
        })
    };
    let member_rows = move || {
        let reset_allowed = may.get().reset_mfa;
        members
            .get()
            .into_iter()
            .map(|m| {
                let has_factor = !m.mfa_phone_number.is_empty() || !m.totp_registration_id.is_empty();
                let button = (reset_allowed && has_factor).then(|| {
                    let target = m.clone();
                    view! { <button class="reset-mfa secondary" on:click=move |_| reset(target.clone())>"Reset MFA"</button> }
                });
                view! {
                    <tr data-email=m.email_address.clone()>
                        <td>{m.email_address.clone()}</td>
                        <td>{m.status.to_string()}</td>
                        <td class="mfa">{demo::describe_factors(&m)}</td>
                        <td>{button}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    let organization_name = move || ctx.state.with(|s| s.organization.as_ref().map(|o| o.organization_name.clone()).unwrap_or_default());
    view! {
        <div>
            <h1>"Administer " {organization_name}</h1>
            {policy_setting}
            {move || may.get().members.then(|| view! { <table id="members" class="alt"><tbody>{member_rows}</tbody></table> })}
            {move || may.get().invite.then(|| view! {
                <form class="alt" on:submit=invite>
                    <label for="invite-email">"Invite a member"</label>
                    <input id="invite-email" prop:value=invitee on:input=text_value(invitee) placeholder="new.hire@soylent.test"/>
                    <button id="send-invite" type="submit">"Send invitation"</button>
                </form>
            })}
            <button id="to-home" class="secondary" on:click=move |_| ctx.go(None)>"Back"</button>
        </div>
    }
}
