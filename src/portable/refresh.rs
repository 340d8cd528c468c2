//! The background refresh schedule: every three minutes while a session exists; after a
//! recoverable failure, retry with capped exponential backoff (as Stytch's client does:
//! 4 s, 8 s, … up to about 4 minutes).

pub const MAX_BACKOFF_STEP: u32 = 7;

/// The wait before retry number `attempt` (1-based); `jitter_ms` is added (±175 ms in use).
pub fn backoff_ms(attempt: u32, jitter_ms: f64) -> f64 {
    2000.0 * f64::from(1u32 << attempt.min(MAX_BACKOFF_STEP)) + jitter_ms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_then_caps() {
        assert_eq!(backoff_ms(1, 0.0), 4_000.0);
        assert_eq!(backoff_ms(2, 0.0), 8_000.0);
        assert_eq!(backoff_ms(7, 0.0), 256_000.0);
        assert_eq!(backoff_ms(30, 0.0), 256_000.0);
        assert_eq!(backoff_ms(1, -175.0), 3_825.0);
    }
}
