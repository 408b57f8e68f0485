use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A record id. Every record is identified by a UUID with 74 random bits, so that records made
/// on different laptops never collide when bundles meet at the upper level. New ids are UUIDv7:
/// they begin with the time they were made, so ids made one after another sort together and an
/// import inserts into neighbouring pages of each index rather than a random one (ids made
/// before are random v4 ones and stay as they are). Stored and sent as text (`"0190…"`), which
/// keeps the SQLite file and the bundles readable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(transparent)]
#[ts(type = "string")]
pub struct RecordId(uuid::Uuid);

impl RecordId {
    /// A fresh id, ordered by the time it was made.
    pub fn generate() -> Self {
        Self(uuid::Uuid::now_v7())
    }

    pub fn as_uuid(&self) -> uuid::Uuid {
        self.0
    }
}

impl fmt::Display for RecordId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

impl FromStr for RecordId {
    type Err = crate::InvalidValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        uuid::Uuid::parse_str(s.trim())
            .map(Self)
            .map_err(|_| crate::InvalidValue(format!("Mã bản ghi «{s}» không hợp lệ: mã có dạng 8-4-4-4-12 chữ số hệ 16.")))
    }
}

#[cfg(feature = "sqlite")]
mod sql {
    use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

    use super::RecordId;

    impl ToSql for RecordId {
        fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
            Ok(ToSqlOutput::from(self.to_string()))
        }
    }

    impl FromSql for RecordId {
        fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
            let text = value.as_str()?;
            text.parse().map_err(|e| FromSqlError::Other(Box::new(e)))
        }
    }
}
