//! The one place that reads the system clock, so tests can run on a fixed one.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// A source of "now".
pub trait Clock: Send {
    /// The current instant as RFC 3339 in UTC, to the second.
    fn now(&self) -> String;
}

/// The computer's clock.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> String {
        let now = OffsetDateTime::now_utc().replace_nanosecond(0).expect("0 ns is valid");
        now.format(&Rfc3339).expect("RFC 3339 formats every UTC instant")
    }
}

/// A clock that always says the same instant.
pub struct FixedClock(pub String);

impl Clock for FixedClock {
    fn now(&self) -> String {
        self.0.clone()
    }
}
