//! Indicators computed from the registers: which records an indicator counts and what it
//! adds up.

use serde_json::Value;
use thidua_store::{Indicator, IndicatorSet};

use crate::{ApiError, Workspace};

/// Whether a record passes an indicator's filter: `{"column": value or [values]}`.
pub(crate) fn passes(filter: Option<&str>, fields: &serde_json::Map<String, Value>) -> bool {
    let Some(filter) = filter.and_then(|f| serde_json::from_str::<serde_json::Map<String, Value>>(f).ok()) else { return true };
    filter.iter().all(|(col, want)| match want {
        Value::Array(options) => options.iter().any(|o| fields.get(col) == Some(o)),
        one => fields.get(col) == Some(one),
    })
}

/// An indicator's value over records that already passed its filter: their count or the sum of
/// one column.
pub(crate) fn aggregate<'a>(indicator: &Indicator, records: impl Iterator<Item = &'a serde_json::Map<String, Value>>) -> i64 {
    match indicator.aggregate.as_deref().and_then(|a| a.strip_prefix("sum:")) {
        Some(col) => records.map(|r| r.get(col).and_then(Value::as_i64).unwrap_or(0)).sum(),
        None => records.count() as i64,
    }
}

impl Workspace {
    /// The movement's indicator set in its latest version: what reports are made with.
    pub(crate) fn indicator_set(&self) -> Result<IndicatorSet, ApiError> {
        self.store
            .read()
            .latest_indicator_set(thidua_store::DEFAULT_SET_CODE)?
            .ok_or_else(|| ApiError::refused("Chưa có bộ chỉ tiêu: hãy hoàn tất cài đặt đơn vị."))
    }
}
