//! The domain of Thi đua, as plain data.
//!
//! Promises: these types carry no I/O; every one that crosses to the UI derives `ts_rs::TS`
//! so the TypeScript side is generated, never copied by hand. Values are validated when they
//! are made ([`PeriodCode::parse`], [`IsoDate::parse`]) so the rest of the program can trust them.

mod date;
mod fields;
mod figure_rule;
mod indicator_source;
mod moment;
mod outcome;
mod period;
mod phrase;
mod register;
mod unit;
mod validate;

/// The movement this program began with: its indicator set's code. Bundles about it leave the
/// movement out, as bundles did before there were several (migration 14, issue 18).
pub const FIRST_MOVEMENT: &str = "doan-ket-sang-tao";

pub use date::IsoDate;
pub use fields::{FieldSpec, FieldType, TYPICAL_MARK};
pub use figure_rule::{FigureRule, RuleOp, far_from};
pub use indicator_source::{RUNNING, check_aggregate, check_date_field, check_filter, check_source, counts_in};
pub use moment::{Moment, days_between};
pub use outcome::BundleOutcome;
pub use period::{PeriodCode, PeriodKind, StoredDays};
pub use phrase::IndicatorPhrase;
pub use register::{RegisterKind, ReportState};
pub use unit::{CENTRAL_COMMITTEE, DocumentHeader, Installation, Level, Unit};
pub use validate::{
    FieldError, MAX_AMOUNT, MAX_COUNT, MAX_FIGURE, MAX_TEXT_CHARS, checked_total, out_of_bounds, parse_whole, text_too_long,
    validate_fields,
};

mod id;
pub use id::RecordId;

/// A value that failed validation. The message is in Vietnamese and says what to write instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct InvalidValue(pub String);
