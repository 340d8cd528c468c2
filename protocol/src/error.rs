//! Stytch's error body, and its `error_type` as an enum that keeps the types it does not know.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::enums::string_enum;

/// An error answer: non-2xx, at the top level (never inside `data`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ErrorBody {
    pub status_code: u16,
    pub request_id: String,
    pub error_type: ErrorType,
    pub error_message: String,
    pub error_url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_details: Option<Value>,
}

impl ErrorBody {
    /// A body as Stytch shapes it, with the documentation URL of its type.
    pub fn new(status_code: u16, error_type: ErrorType, error_message: impl Into<String>, request_id: impl Into<String>) -> Self {
        let error_url = format!("https://stytch.com/docs/api-reference/b2b/api/errors/{status_code}#{error_type}");
        Self { status_code, request_id: request_id.into(), error_type, error_message: error_message.into(), error_url, error_details: None }
    }
}

string_enum! {
    /// The `error_type` of an error body: the types this emulator and client know to meet in
    /// the B2B MFA flows; any other arrives as `Other`.
    pub enum ErrorType {
        ActionAvailableOnlyOncePrimaryAuthenticationIsMet = "action_available_only_once_primary_authentication_is_met",
        ActiveTotpExists = "active_totp_exists",
        AllowedAuthMethodsRequiredForRestricted = "allowed_auth_methods_required_for_restricted",
        AllowedMfaMethodsRequiredForRestricted = "allowed_mfa_methods_required_for_restricted",
        BadRequest = "bad_request",
        /// The emulator's own: its control API refused a page from a foreign origin.
        CrossOriginControlRequest = "cross_origin_control_request",
        DuplicateEmail = "duplicate_email",
        DuplicateMemberPhoneNumber = "duplicate_member_phone_number",
        DuplicatePhoneNumber = "duplicate_phone_number",
        EmailJitProvisioningNotAllowed = "email_jit_provisioning_not_allowed",
        /// The emulator's own: a failure injected through its fault API.
        EmulatedFault = "emulated_fault",
        HostNotAllowed = "host_not_allowed",
        InsufficientFactors = "insufficient_factors",
        IntermediateSessionMemberMismatch = "intermediate_session_member_mismatch",
        IntermediateSessionNotFound = "intermediate_session_not_found",
        InternalServerError = "internal_server_error",
        InvalidEmail = "invalid_email",
        InvalidExpiration = "invalid_expiration",
        InvalidExpirationMinutes = "invalid_expiration_minutes",
        InvalidIntermediateSessionTokenForOrganization = "invalid_intermediate_session_token_for_organization",
        InvalidLoginMagicLinkUrl = "invalid_login_magic_link_url",
        InvalidLoginOauthUrl = "invalid_login_oauth_url",
        InvalidLoginRedirectUrl = "invalid_login_redirect_url",
        InvalidLoginSsoUrl = "invalid_login_sso_url",
        InvalidOauthProvider = "invalid_oauth_provider",
        InvalidOrganizationName = "invalid_organization_name",
        InvalidOrganizationSlug = "invalid_organization_slug",
        InvalidPasswordResetRedirectUrl = "invalid_password_reset_redirect_url",
        InvalidPhoneNumber = "invalid_phone_number",
        InvalidRecoveryCode = "invalid_recovery_code",
        InvalidRedirectUrl = "invalid_redirect_url",
        InvalidRedirectUrlType = "invalid_redirect_url_type",
        InvalidSearchCursor = "invalid_search_cursor",
        InvalidSearchFilter = "invalid_search_filter",
        InvalidSecretAuthentication = "invalid_secret_authentication",
        InvalidSessionDurationMinutes = "invalid_session_duration_minutes",
        InvalidSessionJwt = "invalid_session_jwt",
        InvalidSignupMagicLinkUrl = "invalid_signup_magic_link_url",
        InvalidSignupOauthUrl = "invalid_signup_oauth_url",
        InvalidSignupSsoUrl = "invalid_signup_sso_url",
        InvalidState = "invalid_state",
        InvalidTotpCode = "invalid_totp_code",
        InvalidUrl = "invalid_url",
        MemberNotFound = "member_not_found",
        MemberPhoneNumberNotFound = "member_phone_number_not_found",
        MethodNotAllowed = "method_not_allowed",
        MfaMethodNotAllowed = "mfa_method_not_allowed",
        MfaPhoneNumberMismatch = "mfa_phone_number_mismatch",
        NoDefaultDiscoveryRedirectUrlSet = "no_default_discovery_redirect_url_set",
        NoDefaultInviteRedirectUrlSet = "no_default_invite_redirect_url_set",
        NoDefaultLoginRedirectUrlSet = "no_default_login_redirect_url_set",
        NoDefaultSignupRedirectUrlSet = "no_default_signup_redirect_url_set",
        NoMatchForProvidedMagicLinkUrl = "no_match_for_provided_magic_link_url",
        NoMatchForProvidedOauthUrl = "no_match_for_provided_oauth_url",
        NoMatchForProvidedSsoUrl = "no_match_for_provided_sso_url",
        NoPasswordResetRedirectUrl = "no_password_reset_redirect_url",
        OauthTokenNotFound = "oauth_token_not_found",
        OrganizationLimitReached = "organization_limit_reached",
        OrganizationMemberLimitReached = "organization_member_limit_reached",
        OrganizationNotFound = "organization_not_found",
        OrganizationSlugAlreadyUsed = "organization_slug_already_used",
        OtpCodeNotFound = "otp_code_not_found",
        PhoneNumberNotFound = "phone_number_not_found",
        PkceDidNotExpectCodeVerifier = "pkce_did_not_expect_code_verifier",
        PkceExpectedCodeVerifier = "pkce_expected_code_verifier",
        PkceMismatch = "pkce_mismatch",
        ProjectNotFound = "project_not_found",
        PublicTokenNotFound = "public_token_not_found",
        RedirectUrlCannotUseProtocol = "redirect_url_cannot_use_protocol",
        RedirectUrlNotFound = "redirect_url_not_found",
        RedirectUrlWithQueryParamPlaceholderCannotBeDefault = "redirect_url_with_query_param_placeholder_cannot_be_default",
        RedirectUrlWithWildcardCannotBeDefault = "redirect_url_with_wildcard_cannot_be_default",
        RequestHeaderFieldsTooLarge = "request_header_fields_too_large",
        RequestTimeout = "request_timeout",
        RequestTooLarge = "request_too_large",
        RouteNotFound = "route_not_found",
        ServerUnavailable = "server_unavailable",
        ServiceUnavailable = "service_unavailable",
        SessionMemberMismatch = "session_member_mismatch",
        SessionNotFound = "session_not_found",
        SessionUserMismatch = "session_user_mismatch",
        SsoConnectionNotFound = "sso_connection_not_found",
        SsoConnectionOrganizationMismatch = "sso_connection_organization_mismatch",
        SsoTokenNotFound = "sso_token_not_found",
        TooManyPhoneNumbers = "too_many_phone_numbers",
        TooManyRequests = "too_many_requests",
        TooManyUnverifiedFactors = "too_many_unverified_factors",
        TotpNotFound = "totp_not_found",
        UnableToAuthMagicLink = "unable_to_auth_magic_link",
        UnableToAuthPasswordResetToken = "unable_to_auth_password_reset_token",
        UnauthorizedCredentials = "unauthorized_credentials",
        UriTooLong = "uri_too_long",
        UserLimitReached = "user_limit_reached",
        UserLockLimitReached = "user_lock_limit_reached",
        UserNotFound = "user_not_found",
        UserUnauthenticated = "user_unauthenticated",
        WeakPassword = "weak_password",
        // members (#22): organizations, members and RBAC.
        CannotUpdateTrustedMetadata = "cannot_update_trusted_metadata",
        EndpointNotAuthorizedForSdk = "endpoint_not_authorized_for_sdk",
        MemberPasswordNotFound = "member_password_not_found",
        SessionAuthorizationError = "session_authorization_error",
        // rest22: email updates, retired emails, access-token exchange and attestation.
        DesiredEmailDeactivatedByDifferentMember = "desired_email_deactivated_by_different_member",
        DesiredEmailUpdatingForDifferentMember = "desired_email_updating_for_different_member",
        EmailNotFound = "email_not_found",
        EmailUpdatesAvailableOnlyForActiveMembers = "email_updates_available_only_for_active_members",
        InvalidTrustedAuthToken = "invalid_trusted_auth_token",
        MemberHasNoActiveVerifiedEmail = "member_has_no_active_verified_email",
        OauthAccessTokenExchangeTokenInvalidGrant = "oauth_access_token_exchange_token_invalid_grant",
        RetiredEmailMissingEmailIdentifiers = "retired_email_missing_email_identifiers",
        RetiredMemberEmail = "retired_member_email",
        TrustedTokenProfileNotFound = "trusted_token_profile_not_found",
        UnableToVerifyMemberEmailUpdate = "unable_to_verify_member_email_update",
        // apps24: Connected Apps. The OAuth endpoints' types are RFC 6749's error codes, which
        // their answers also carry as `error` for standard OAuth clients.
        ConnectedAppLimitReached = "connected_app_limit_reached",
        ConnectedAppNotFound = "connected_app_not_found",
        InvalidClient = "invalid_client",
        InvalidGrant = "invalid_grant",
        InvalidScope = "invalid_scope",
        InvalidToken = "invalid_token",
        RedirectUriMismatch = "redirect_uri_mismatch",
        // oauth24: RFC 6749 5.2's answer to a grant type the client may not use.
        UnauthorizedClient = "unauthorized_client",
        UnsupportedGrantType = "unsupported_grant_type",
        UnsupportedResponseType = "unsupported_response_type",
        // sso24 (#24): SSO connection management.
        CannotDeleteLastSsoVerificationKey = "cannot_delete_last_sso_verification_key",
        DuplicateExternalSsoConnection = "duplicate_external_sso_connection",
        ExternalConnectionIdNotFound = "external_connection_id_not_found",
        ExternalOrganizationIdSameAsOrganizationId = "external_organization_id_same_as_organization_id",
        InvalidIdpEntityId = "invalid_idp_entity_id",
        InvalidIdpSsoUrl = "invalid_idp_sso_url",
        InvalidSamlMetadataUrl = "invalid_saml_metadata_url",
        InvalidSsoIdp = "invalid_sso_idp",
        InvalidX509Certificate = "invalid_x509_certificate",
        InvalidXmlFromSamlMetadataUrl = "invalid_xml_from_saml_metadata_url",
        OidcConnectionAuthorizationUrlInvalidFormat = "oidc_connection_authorization_url_invalid_format",
        OidcConnectionIssuerUrlInvalidFormat = "oidc_connection_issuer_url_invalid_format",
        OidcConnectionJwksUrlInvalidFormat = "oidc_connection_jwks_url_invalid_format",
        OidcConnectionNotFound = "oidc_connection_not_found",
        OidcConnectionTokenUrlInvalidFormat = "oidc_connection_token_url_invalid_format",
        OidcConnectionUserinfoUrlInvalidFormat = "oidc_connection_userinfo_url_invalid_format",
        SamlConnectionNotFound = "saml_connection_not_found",
        SsoVerificationKeyNotFound = "sso_verification_key_not_found",
        // scim24: SCIM connections, the SCIM 2.0 service and impersonation.
        ActiveScimConnectionExists = "active_scim_connection_exists",
        NoActiveScimConnection = "no_active_scim_connection",
        ScimConnectionNotRotatingToken = "scim_connection_not_rotating_token",
        ScimGroupRoleAssignmentGroupDoesNotExist = "scim_group_role_assignment_group_does_not_exist",
        /// The emulator's own: a SCIM request's bearer token is not the connection's.
        InvalidScimBearerToken = "invalid_scim_bearer_token",
        /// The emulator's own: a SCIM `filter` it cannot read (SCIM's `invalidFilter`).
        InvalidScimFilter = "invalid_scim_filter",
        InvalidScimIdp = "invalid_scim_idp",
        /// The emulator's own: a SCIM user or group the connection does not have.
        ScimResourceNotFound = "scim_resource_not_found",
        UnableToAuthImpersonationToken = "unable_to_auth_impersonation_token",
        // onetap24: Google One Tap's ID token, as Stytch checks Google's, and the project's
        // Google client id.
        IdTokenExpired = "id_token_expired",
        IdTokenIncorrectAudience = "id_token_incorrect_audience",
        IdTokenInvalid = "id_token_invalid",
        InvalidClientId = "invalid_client_id",
        OauthConfigNotFound = "oauth_config_not_found",
        OauthUnverifiedEmail = "oauth_unverified_email",
        // dfp24: DFP Protected Auth, captcha and the Fraud API's fingerprint lookup.
        CaptchaFailed = "captcha_failed",
        InvalidExternalMetadata = "invalid_external_metadata",
        TelemetryIdNotFound = "telemetry_id_not_found",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_body_reads_and_keeps_unknown_types() {
        let body: ErrorBody = serde_json::from_str(
            r#"{"status_code":401,"request_id":"r","error_type":"invalid_totp_code","error_message":"m","error_url":"u"}"#,
        )
        .unwrap();
        assert_eq!(body.error_type, ErrorType::InvalidTotpCode);
        let body: ErrorBody = serde_json::from_str(r#"{"status_code":418,"error_type":"brand_new_type"}"#).unwrap();
        assert_eq!(body.error_type, ErrorType::Other("brand_new_type".into()));
        assert_eq!(body.error_type.to_string(), "brand_new_type");
    }

    #[test]
    fn the_documentation_url_names_status_and_type() {
        let b = ErrorBody::new(404, ErrorType::SessionNotFound, "gone", "req-1");
        assert_eq!(b.error_url, "https://stytch.com/docs/api-reference/b2b/api/errors/404#session_not_found");
    }
}
