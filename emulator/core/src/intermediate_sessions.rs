//! Intermediate sessions: what a primary factor leaves when the login still needs a step.

use crate::env::Env;
use crate::limits::make_room;
use crate::model::{Factor, IntermediateSession, World};

/// Replaces the caller's IST (if any) with a new one holding `factors`.
pub fn issue_ist(w: &mut World, env: &Env, old: Option<&str>, member_id: &str, organization_id: &str, factors: Vec<Factor>) -> String {
    if let Some(t) = old {
        w.intermediate_sessions.remove(t);
    }
    let token = env.generate.secret();
    let expires_at = env.now + env.limits.intermediate_session_seconds;
    make_room(&mut w.intermediate_sessions, env.limits.sessions_per_member, member_id, |s| (&s.member_id, s.expires_at));
    w.intermediate_sessions.insert(
        token.clone(),
        IntermediateSession { member_id: member_id.to_string(), organization_id: organization_id.to_string(), factors, expires_at },
    );
    token
}
