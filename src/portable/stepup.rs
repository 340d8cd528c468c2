//! The step-up check Stytch's MFA guide tells apps to hand-write: were these factors
//! authenticated recently? Answered from the cached session's `authentication_factors`.
//! A UI aid only: the server must repeat the check on the session before a sensitive action.

/// One cached authentication factor: its `type` and `last_authenticated_at` in ms.
#[derive(Debug, Clone)]
pub struct FactorSeen {
    pub factor_type: String,
    pub last_authenticated_at_ms: f64,
}

/// `sms_otp` (the MFA method name) appears in sessions as factor type `otp`.
fn normalise(wanted: &str) -> &str {
    match wanted {
        "sms_otp" | "sms" => "otp",
        "recovery_code" => "recovery_codes",
        other => other,
    }
}

/// Whether any (or, with `all`, every) wanted factor type was authenticated within
/// `within_ms` before `now_ms`.
pub fn authenticated_within(factors: &[FactorSeen], wanted: &[String], within_ms: f64, now_ms: f64, all: bool) -> bool {
    let fresh = |w: &String| factors.iter().any(|f| f.factor_type == normalise(w) && now_ms - f.last_authenticated_at_ms <= within_ms);
    if wanted.is_empty() {
        return false;
    }
    if all {
        wanted.iter().all(fresh)
    } else {
        wanted.iter().any(fresh)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(t: &str, at: f64) -> FactorSeen {
        FactorSeen { factor_type: t.into(), last_authenticated_at_ms: at }
    }

    #[test]
    fn recent_factors() {
        let now = 1_000_000.0;
        let factors = [f("password", now - 3_600_000.0), f("totp", now - 60_000.0)];
        let w = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(authenticated_within(&factors, &w(&["totp"]), 300_000.0, now, false));
        assert!(!authenticated_within(&factors, &w(&["totp"]), 30_000.0, now, false));
        assert!(authenticated_within(&factors, &w(&["sms_otp", "totp"]), 300_000.0, now, false));
        assert!(!authenticated_within(&factors, &w(&["sms_otp", "totp"]), 300_000.0, now, true));
        assert!(!authenticated_within(&factors, &w(&["password", "totp"]), 300_000.0, now, true));
        assert!(authenticated_within(&factors, &w(&["password", "totp"]), 7_200_000.0, now, true));
        assert!(!authenticated_within(&factors, &[], 300_000.0, now, false));
        assert!(authenticated_within(&[f("otp", now)], &w(&["sms_otp"]), 1.0, now, false));
    }
}
