use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use ts_rs::TS;

use crate::InvalidValue;

/// A calendar date, stored and sent as ISO `YYYY-MM-DD` (sorts as text) and shown as dd/mm/yyyy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, TS)]
#[ts(type = "string")]
pub struct IsoDate {
    year: i32,
    month: u8,
    day: u8,
}

impl IsoDate {
    /// A date that exists, or `None`.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Self> {
        let text = format!("{day:02}/{month:02}/{year:04}");
        thidua_text::parse_date_dmy(&text).map(|_| Self { year, month, day })
    }

    /// Parses `YYYY-MM-DD` (storage) or `dd/mm/yyyy` (what a clerk types).
    pub fn parse(s: &str) -> Result<Self, InvalidValue> {
        let s = s.trim();
        let parsed = if let Some((y, rest)) = s.split_once('-').filter(|(y, _)| y.len() == 4) {
            let (m, d) = rest.split_once('-').unwrap_or(("", ""));
            thidua_text::parse_date_dmy(&format!("{d}/{m}/{y}"))
        } else {
            thidua_text::parse_date_dmy(s)
        };
        parsed
            .map(|(year, month, day)| Self { year, month, day })
            .ok_or_else(|| InvalidValue(format!("Ngày «{s}» không hợp lệ: hãy nhập theo dạng ngày/tháng/năm, ví dụ 05/01/2022.")))
    }

    pub fn year(self) -> i32 {
        self.year
    }
    pub fn month(self) -> u8 {
        self.month
    }
    pub fn day(self) -> u8 {
        self.day
    }

    /// dd/mm/yyyy, as in forms and tables.
    pub fn to_dmy(self) -> String {
        thidua_text::format_date_dmy(self.year, self.month, self.day)
    }

    /// "ngày 05 tháng 01 năm 2022", as in the date line of a document.
    pub fn to_long(self) -> String {
        thidua_text::format_date_long(self.year, self.month, self.day)
    }
}

impl fmt::Display for IsoDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for IsoDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for IsoDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        IsoDate::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_forms_and_refuses_impossible_days() {
        assert_eq!(IsoDate::parse("2022-01-05").unwrap().to_string(), "2022-01-05");
        assert_eq!(IsoDate::parse("05/01/2022").unwrap().to_long(), "ngày 05 tháng 01 năm 2022");
        let err = IsoDate::parse("31/02/2022").unwrap_err();
        assert!(err.0.contains("không hợp lệ"), "{err}");
        assert!(IsoDate::parse("2022-13-01").is_err());
    }
}

/// A day is stored as ISO text ("2022-07-05") and read back checked.
#[cfg(feature = "sqlite")]
mod sql {
    use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

    use super::IsoDate;

    impl ToSql for IsoDate {
        fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
            Ok(ToSqlOutput::from(self.to_string()))
        }
    }

    impl FromSql for IsoDate {
        fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
            IsoDate::parse(value.as_str()?).map_err(|e| FromSqlError::Other(Box::new(e)))
        }
    }
}
