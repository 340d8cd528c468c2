//! The `query` of Stytch's search endpoints (`organizations.search`,
//! `organizations.members.search`): an operator joining a list of operands. Each endpoint
//! reads the operator and its own operands (`O`) as Stytch's endpoint does.

use serde::Deserialize;

#[derive(Deserialize)]
// Only the operands need reading (serde would ask `O: Default` for the defaulted list).
#[serde(bound(deserialize = "O: Deserialize<'de>"))]
pub struct SearchQuery<O> {
    pub operator: String,
    #[serde(default)]
    pub operands: Vec<O>,
}
