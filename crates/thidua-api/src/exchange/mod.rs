//! Bundles out and in: the report going up, plans, rosters and decisions coming down.
//!
//! Import order, for every file: archive and manifest checks, the recipient, the sender's
//! enrolled and unrevoked key, the signature and every file's hash, then the payload parsed
//! with limits, then the sender's chain (duplicate, replay, conflict, gap), and only then one
//! transaction that applies it. A refused file leaves only a line in the import log.

mod apply;
mod export;
mod import;
mod inbox;
mod refusal;
mod waiting;
pub(crate) mod wire;

pub use inbox::inbox_folders;
pub use refusal::RefusalReason;
