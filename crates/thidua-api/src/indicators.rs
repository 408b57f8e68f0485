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
/// one column (checked: `Err` when it does not fit, which the fields' bounds prevent for data
/// entered since they exist).
pub(crate) fn aggregate<'a>(
    indicator: &Indicator,
    records: impl Iterator<Item = &'a serde_json::Map<String, Value>>,
) -> Result<i64, ApiError> {
    match indicator.aggregate.as_deref().and_then(|a| a.strip_prefix("sum:")) {
        Some(col) => thidua_model::checked_total(records.map(|r| r.get(col).and_then(Value::as_i64).unwrap_or(0)))
            .ok_or_else(|| total_too_large(&indicator.code)),
        None => Ok(records.count() as i64),
    }
}

/// A total that does not fit in 64 bits: numbers entered before the bounds existed (or written
/// into the file by hand). A wrong total is never shown or printed instead.
pub(crate) fn total_too_large(code: &str) -> ApiError {
    ApiError::refused(format!(
        "Tổng của chỉ tiêu {code} vượt giới hạn tính được: có số liệu quá lớn, ghi trước khi chương trình kiểm tra giới hạn. Hãy tìm bản ghi hoặc báo cáo có số quá lớn và sửa lại."
    ))
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
