use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{InvalidValue, IsoDate};

/// A half year or a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    /// 6 tháng đầu năm: January to June.
    FirstHalf,
    /// The whole year (năm), which also reports the second half.
    Year,
}

/// The code of a reporting period: `2022-H1` (6 tháng đầu năm 2022) or `2022` (năm 2022).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, TS)]
#[ts(type = "string")]
pub struct PeriodCode {
    year: i32,
    half: bool,
}

/// A period's days as stored dates ("2022-01-01" ..= "2022-06-30"): a record's date is tested
/// without parsing it, since ISO dates sort as text. An empty or missing date is in no period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDays {
    from: String,
    to: String,
}

impl StoredDays {
    pub fn contains(&self, date: &str) -> bool {
        self.from.as_str() <= date && date <= self.to.as_str()
    }
}

impl PeriodCode {
    pub fn parse(s: &str) -> Result<Self, InvalidValue> {
        let err = || InvalidValue(format!("Kỳ báo cáo «{s}» không hợp lệ: viết 2022-H1 cho 6 tháng đầu năm 2022 hoặc 2022 cho cả năm."));
        let s = s.trim();
        let (year, half) = match s.strip_suffix("-H1").or_else(|| s.strip_suffix("-h1")) {
            Some(y) => (y, true),
            None => (s, false),
        };
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        let year: i32 = year.parse().map_err(|_| err())?;
        if !(2000..=2100).contains(&year) {
            return Err(err());
        }
        Ok(Self { year, half })
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn kind(self) -> PeriodKind {
        if self.half { PeriodKind::FirstHalf } else { PeriodKind::Year }
    }

    /// The period's days as stored dates, to test a record's date against.
    pub fn stored_days(self) -> StoredDays {
        StoredDays { from: self.starts().to_string(), to: self.ends().to_string() }
    }

    pub fn starts(self) -> IsoDate {
        IsoDate::new(self.year, 1, 1).expect("1 January exists")
    }

    pub fn ends(self) -> IsoDate {
        if self.half {
            IsoDate::new(self.year, 6, 30).expect("30 June exists")
        } else {
            IsoDate::new(self.year, 12, 31).expect("31 December exists")
        }
    }

    /// The usual deadline until the upper level sets one: the 15th of the month after the end.
    pub fn default_deadline(self) -> IsoDate {
        if self.half { IsoDate::new(self.year, 7, 15).expect("exists") } else { IsoDate::new(self.year + 1, 1, 15).expect("exists") }
    }

    /// As a document says it: "6 tháng đầu năm 2022" or "năm 2022".
    pub fn label(self) -> String {
        if self.half { format!("6 tháng đầu năm {}", self.year) } else { format!("năm {}", self.year) }
    }
}

impl fmt::Display for PeriodCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.half { write!(f, "{}-H1", self.year) } else { write!(f, "{}", self.year) }
    }
}

impl FromStr for PeriodCode {
    type Err = InvalidValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl Serialize for PeriodCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PeriodCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::parse(&String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_know_their_dates() {
        let h1 = PeriodCode::parse("2022-H1").unwrap();
        assert_eq!(h1.to_string(), "2022-H1");
        assert_eq!(h1.ends().to_string(), "2022-06-30");
        assert_eq!(h1.label(), "6 tháng đầu năm 2022");
        let y = PeriodCode::parse("2022").unwrap();
        assert_eq!(y.kind(), PeriodKind::Year);
        assert_eq!(y.default_deadline().to_string(), "2023-01-15");
        for bad in ["22", "2022-H2", "H1", "", "1999", "2022-H1x"] {
            assert!(PeriodCode::parse(bad).is_err(), "{bad}");
        }
    }
}
