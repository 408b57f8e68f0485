//! When something happened, and the day and hour a person in Vietnam reads from it.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, UtcOffset};
use ts_rs::TS;

use crate::{InvalidValue, IsoDate};

/// Vietnam's offset from UTC: +7 all year, no daylight saving.
const VIETNAM: UtcOffset = time::macros::offset!(+7);

/// An instant, to the second. Stored and sent as RFC 3339 in UTC ("2022-06-20T23:30:00Z") so it
/// sorts as text and means the same on every laptop; every date and time a person sees, prints
/// or numbers by is Vietnam's local time, derived here and nowhere else, whatever the laptop's
/// clock zone. (A plan issued at 06:30 in Hà Nội is 23:30 UTC the day before: cutting the date
/// out of the UTC text would date it a day early.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, TS)]
#[ts(type = "string")]
pub struct Moment(OffsetDateTime);

impl Moment {
    /// The instant `seconds` after 1970-01-01T00:00:00Z.
    pub fn from_unix_seconds(seconds: i64) -> Option<Self> {
        OffsetDateTime::from_unix_timestamp(seconds).ok().map(Self)
    }

    /// An instant read from the time crate; the fraction of a second is dropped.
    pub fn from_offset_date_time(at: OffsetDateTime) -> Self {
        Self(at.to_offset(UtcOffset::UTC).replace_nanosecond(0).unwrap_or(at))
    }

    /// Parses RFC 3339 with any offset ("2022-06-20T23:30:00Z", "2022-06-21T06:30:00+07:00").
    pub fn parse(text: &str) -> Result<Self, InvalidValue> {
        OffsetDateTime::parse(text.trim(), &Rfc3339)
            .map(Self::from_offset_date_time)
            .map_err(|_| InvalidValue(format!("Thời điểm «{text}» không hợp lệ: cần dạng 2022-06-20T23:30:00Z.")))
    }

    /// RFC 3339 in UTC, to the second: how an instant is stored and sent.
    pub fn to_rfc3339(self) -> String {
        let (y, mo, d) = (self.0.year(), self.0.month() as u8, self.0.day());
        format!("{y:04}-{mo:02}-{d:02}T{:02}:{:02}:{:02}Z", self.0.hour(), self.0.minute(), self.0.second())
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    pub fn unix_seconds(self) -> i64 {
        self.0.unix_timestamp()
    }

    fn in_vietnam(self) -> OffsetDateTime {
        self.0.to_offset(VIETNAM)
    }

    /// The day in Vietnam.
    pub fn vietnam_date(self) -> IsoDate {
        let t = self.in_vietnam();
        IsoDate::new(t.year(), t.month() as u8, t.day()).expect("a real instant has a real day")
    }

    /// The year in Vietnam.
    pub fn vietnam_year(self) -> i32 {
        self.in_vietnam().year()
    }

    /// Hour, minute and second in Vietnam.
    pub fn vietnam_time(self) -> (u8, u8, u8) {
        let t = self.in_vietnam();
        (t.hour(), t.minute(), t.second())
    }

    /// "21/06/2022": the day in Vietnam, as forms and lists write it.
    pub fn day_text(self) -> String {
        self.vietnam_date().to_dmy()
    }

    /// "21/06/2022 lúc 06:30": the day and time in Vietnam.
    pub fn day_and_time_text(self) -> String {
        let (h, m, _) = self.vietnam_time();
        format!("{} lúc {h:02}:{m:02}", self.day_text())
    }

    /// Whole days from `self`'s day to `later`'s day, in Vietnam (negative when `later` is
    /// earlier).
    pub fn days_until(self, later: IsoDate) -> i32 {
        days_between(self.vietnam_date(), later)
    }
}

/// Whole days from `a` to `b` (negative when `b` is earlier).
pub fn days_between(a: IsoDate, b: IsoDate) -> i32 {
    let day = |d: IsoDate| {
        time::Date::from_calendar_date(d.year(), time::Month::try_from(d.month()).expect("IsoDate months are 1–12"), d.day())
            .expect("IsoDate is a real day")
            .to_julian_day()
    };
    day(b) - day(a)
}

impl fmt::Display for Moment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

impl Serialize for Moment {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Moment {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Moment::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_past_eleven_utc_is_the_next_morning_in_vietnam() {
        let m = Moment::parse("2022-06-20T23:30:00Z").unwrap();
        assert_eq!(m.vietnam_date().to_string(), "2022-06-21");
        assert_eq!(m.day_text(), "21/06/2022");
        assert_eq!(m.day_and_time_text(), "21/06/2022 lúc 06:30");
        assert_eq!(m.to_rfc3339(), "2022-06-20T23:30:00Z");
    }

    #[test]
    fn new_year_comes_seven_hours_early() {
        let m = Moment::parse("2025-12-31T17:00:00Z").unwrap();
        assert_eq!((m.vietnam_year(), m.day_text()), (2026, "01/01/2026".to_owned()));
        assert_eq!(Moment::parse("2025-12-31T16:59:59Z").unwrap().vietnam_year(), 2025);
    }

    #[test]
    fn any_offset_is_read_and_stored_as_utc() {
        let m = Moment::parse("2022-06-21T06:30:00+07:00").unwrap();
        assert_eq!(m.to_rfc3339(), "2022-06-20T23:30:00Z");
        assert_eq!(Moment::parse("2022-06-20T23:30:00.987Z").unwrap().to_rfc3339(), "2022-06-20T23:30:00Z");
        assert!(Moment::parse("2022-06-20").is_err());
        assert!(Moment::parse("").is_err());
    }

    #[test]
    fn days_are_counted_between_vietnam_days() {
        let deadline = IsoDate::parse("2022-06-20").unwrap();
        let sent = Moment::parse("2022-06-20T18:00:00Z").unwrap(); // 01:00 on the 21st in Vietnam
        assert_eq!(days_between(deadline, sent.vietnam_date()), 1);
        assert_eq!(sent.days_until(deadline), -1);
        assert_eq!(days_between(IsoDate::parse("2024-02-28").unwrap(), IsoDate::parse("2024-03-01").unwrap()), 2);
    }

    #[test]
    fn serialised_as_utc_text() {
        let m = Moment::parse("2022-06-21T06:30:00+07:00").unwrap();
        assert_eq!(serde_json::to_string(&m).unwrap(), "\"2022-06-20T23:30:00Z\"");
        assert_eq!(serde_json::from_str::<Moment>("\"2022-06-20T23:30:00Z\"").unwrap(), m);
    }
}
