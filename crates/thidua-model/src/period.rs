use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{InvalidValue, IsoDate};

/// What a period covers. Half years and years are opened everywhere; quarters and nine months
/// when the upper level opens them (issue 18).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    /// Quý I…IV.
    Quarter,
    /// 6 tháng đầu năm: January to June.
    FirstHalf,
    /// 9 tháng: January to September.
    NineMonths,
    /// The whole year (năm), which also reports the second half.
    Year,
}

/// The stretch of a year a period covers, in the order its code writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Span {
    Quarter(u8),
    FirstHalf,
    NineMonths,
    Year,
}

/// The code of a reporting period: `2022-Q1` (quý I năm 2022), `2022-H1` (6 tháng đầu năm
/// 2022), `2022-9M` (9 tháng năm 2022) or `2022` (năm 2022).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, TS)]
#[ts(type = "string")]
pub struct PeriodCode {
    year: i32,
    span: Span,
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

const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];

impl PeriodCode {
    pub fn parse(s: &str) -> Result<Self, InvalidValue> {
        let err = || {
            InvalidValue(format!(
                "Kỳ báo cáo «{s}» không hợp lệ: viết 2022-H1 cho 6 tháng đầu năm 2022, 2022 cho cả năm, 2022-Q1 … 2022-Q4 cho từng quý, 2022-9M cho 9 tháng."
            ))
        };
        let s = s.trim();
        let (year, span) = match s.split_once('-') {
            None => (s, Span::Year),
            Some((year, rest)) => {
                let span = match rest.to_ascii_uppercase().as_str() {
                    "H1" => Span::FirstHalf,
                    "9M" => Span::NineMonths,
                    "Q1" => Span::Quarter(1),
                    "Q2" => Span::Quarter(2),
                    "Q3" => Span::Quarter(3),
                    "Q4" => Span::Quarter(4),
                    _ => return Err(err()),
                };
                (year, span)
            }
        };
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        let year: i32 = year.parse().map_err(|_| err())?;
        if !(2000..=2100).contains(&year) {
            return Err(err());
        }
        Ok(Self { year, span })
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn kind(self) -> PeriodKind {
        match self.span {
            Span::Quarter(_) => PeriodKind::Quarter,
            Span::FirstHalf => PeriodKind::FirstHalf,
            Span::NineMonths => PeriodKind::NineMonths,
            Span::Year => PeriodKind::Year,
        }
    }

    /// The same stretch of another year: 2022-Q3 → 2021-Q3.
    pub fn in_year(self, year: i32) -> Option<Self> {
        (2000..=2100).contains(&year).then_some(Self { year, span: self.span })
    }

    /// The period's days as stored dates, to test a record's date against.
    pub fn stored_days(self) -> StoredDays {
        StoredDays { from: self.starts().to_string(), to: self.ends().to_string() }
    }

    /// First and last month.
    fn months(self) -> (u8, u8) {
        match self.span {
            Span::Quarter(q) => (3 * q - 2, 3 * q),
            Span::FirstHalf => (1, 6),
            Span::NineMonths => (1, 9),
            Span::Year => (1, 12),
        }
    }

    pub fn starts(self) -> IsoDate {
        IsoDate::new(self.year, self.months().0, 1).expect("the first of a month exists")
    }

    pub fn ends(self) -> IsoDate {
        let last = self.months().1;
        let day = match last {
            3 | 12 => 31,
            _ => 30,
        };
        IsoDate::new(self.year, last, day).expect("31 March, 30 June, 30 September, 31 December exist")
    }

    /// The usual deadline until the upper level sets one: the 15th of the month after the end.
    pub fn default_deadline(self) -> IsoDate {
        match self.months().1 {
            12 => IsoDate::new(self.year + 1, 1, 15),
            m => IsoDate::new(self.year, m + 1, 15),
        }
        .expect("the 15th exists")
    }

    /// As a document says it: "quý I năm 2022", "6 tháng đầu năm 2022", "9 tháng năm 2022",
    /// "năm 2022".
    pub fn label(self) -> String {
        match self.span {
            Span::Quarter(q) => format!("quý {} năm {}", ROMAN[usize::from(q) - 1], self.year),
            Span::FirstHalf => format!("6 tháng đầu năm {}", self.year),
            Span::NineMonths => format!("9 tháng năm {}", self.year),
            Span::Year => format!("năm {}", self.year),
        }
    }

    /// What comes after it, as the tasks ahead name it: "quý II năm 2022", "6 tháng cuối năm
    /// 2022", "quý IV năm 2022", "năm 2023".
    pub fn what_follows(self) -> String {
        match self.span {
            Span::Quarter(q) if q < 4 => format!("quý {} năm {}", ROMAN[usize::from(q)], self.year),
            Span::FirstHalf => format!("6 tháng cuối năm {}", self.year),
            Span::NineMonths => format!("quý IV năm {}", self.year),
            Span::Quarter(_) | Span::Year => format!("năm {}", self.year + 1),
        }
    }
}

/// Periods sort by the day they end, and of two ending the same day the shorter first
/// (2022-Q2 before 2022-H1, 2022-Q4 before 2022).
impl Ord for PeriodCode {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.ends(), std::cmp::Reverse(self.starts())).cmp(&(other.ends(), std::cmp::Reverse(other.starts())))
    }
}

impl PartialOrd for PeriodCode {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for PeriodCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.span {
            Span::Quarter(q) => write!(f, "{}-Q{q}", self.year),
            Span::FirstHalf => write!(f, "{}-H1", self.year),
            Span::NineMonths => write!(f, "{}-9M", self.year),
            Span::Year => write!(f, "{}", self.year),
        }
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
        for bad in ["22", "2022-H2", "H1", "", "1999", "2022-H1x", "2022-Q5", "2022-Q0", "2022-8M", "2022-"] {
            assert!(PeriodCode::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn quarters_and_nine_months_know_their_days_labels_and_order() {
        let q3 = PeriodCode::parse("2022-q3").unwrap();
        assert_eq!((q3.to_string(), q3.kind()), ("2022-Q3".to_owned(), PeriodKind::Quarter));
        assert_eq!((q3.starts().to_string(), q3.ends().to_string()), ("2022-07-01".to_owned(), "2022-09-30".to_owned()));
        assert_eq!((q3.label(), q3.what_follows()), ("quý III năm 2022".to_owned(), "quý IV năm 2022".to_owned()));
        assert_eq!(q3.default_deadline().to_string(), "2022-10-15");
        let m9 = PeriodCode::parse("2022-9M").unwrap();
        assert_eq!(
            (m9.label(), m9.ends().to_string(), m9.what_follows()),
            ("9 tháng năm 2022".to_owned(), "2022-09-30".to_owned(), "quý IV năm 2022".to_owned())
        );
        let q4 = PeriodCode::parse("2022-Q4").unwrap();
        assert_eq!(
            (q4.starts().to_string(), q4.default_deadline().to_string(), q4.what_follows()),
            ("2022-10-01".to_owned(), "2023-01-15".to_owned(), "năm 2023".to_owned())
        );
        let mut all: Vec<PeriodCode> =
            ["2022", "2022-9M", "2022-H1", "2022-Q4", "2022-Q1", "2021", "2022-Q3", "2022-Q2"].iter().map(|c| c.parse().unwrap()).collect();
        all.sort();
        let shown: Vec<String> = all.iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["2021", "2022-Q1", "2022-Q2", "2022-H1", "2022-Q3", "2022-9M", "2022-Q4", "2022"]);
        assert_eq!(q3.in_year(2021).unwrap().to_string(), "2021-Q3");
    }
}
