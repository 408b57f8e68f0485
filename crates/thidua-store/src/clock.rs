//! The one place that reads the system clock, so tests can run on a fixed one. `clippy.toml`
//! forbids reading it anywhere else.

use thidua_model::Moment;
use time::OffsetDateTime;

/// A source of "now".
pub trait Clock: Send {
    /// The current instant, to the second.
    fn now(&self) -> Moment;
}

/// The computer's clock.
pub struct SystemClock;

impl Clock for SystemClock {
    #[allow(clippy::disallowed_methods)] // the one reading of the system clock
    fn now(&self) -> Moment {
        Moment::from_offset_date_time(OffsetDateTime::now_utc())
    }
}

/// A clock that always says the same instant.
pub struct FixedClock(pub Moment);

impl FixedClock {
    /// A clock stopped at an RFC 3339 instant ("2022-06-20T23:30:00Z").
    ///
    /// # Panics
    /// When `at` is not RFC 3339: for tests, which name their instant literally.
    pub fn at(at: &str) -> Self {
        Self(Moment::parse(at).expect("a fixed clock needs an RFC 3339 instant"))
    }
}

impl Clock for FixedClock {
    fn now(&self) -> Moment {
        self.0
    }
}
