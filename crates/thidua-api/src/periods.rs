use serde::Serialize;
use ts_rs::TS;

use thidua_model::ReportState;

use crate::{ApiError, Workspace};

/// A reporting period as the UI shows it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PeriodInfo {
    /// "2022-H1" or "2022".
    pub code: String,
    /// "6 tháng đầu năm 2022".
    pub label: String,
    /// dd/mm/yyyy.
    pub starts_on: String,
    pub ends_on: String,
    pub deadline: String,
    /// Days from today in Vietnam to the deadline: negative once it has passed.
    pub days_to_deadline: i32,
    /// Where this unit's report for the period is; `None` while nothing is saved.
    pub report_state: Option<ReportState>,
}

impl Workspace {
    /// Every period this installation knows, oldest first.
    pub fn periods(&self) -> Result<Vec<PeriodInfo>, ApiError> {
        let unit = self.store.read().installation()?.map(|i| i.unit.id);
        let r = self.store.read();
        let state = |p: thidua_model::PeriodCode| -> Result<Option<ReportState>, ApiError> {
            Ok(match unit {
                Some(u) => r.report_revisions(u, self.movement(), p)?.pop().map(|rep| rep.state),
                None => None,
            })
        };
        let now = self.store.now();
        r.periods()?
            .into_iter()
            .map(|p| {
                Ok(PeriodInfo {
                    report_state: state(p.code)?,
                    code: p.code.to_string(),
                    label: p.label,
                    starts_on: p.starts_on.to_dmy(),
                    ends_on: p.ends_on.to_dmy(),
                    deadline: p.deadline.to_dmy(),
                    days_to_deadline: now.days_until(p.deadline),
                })
            })
            .collect()
    }

    /// Opens a period for reporting, with the deadline the units must meet ("dd/mm/yyyy"; the
    /// usual one when none is given), or changes the deadline of one open.
    pub fn open_period(&mut self, period: &str, deadline: Option<&str>) -> Result<PeriodInfo, ApiError> {
        let code = thidua_model::PeriodCode::parse(period)?;
        let deadline = match deadline.map(str::trim).filter(|d| !d.is_empty()) {
            None => None,
            Some(d) => Some(
                thidua_text::parse_date_dmy(d)
                    .and_then(|(y, m, day)| thidua_model::IsoDate::new(y, m, day))
                    .ok_or_else(|| ApiError::refused(format!("Hạn nộp «{d}» không phải ngày hợp lệ: hãy ghi dạng 10/07/2022.")))?,
            ),
        };
        if deadline.is_some_and(|d| d < code.starts()) {
            return Err(ApiError::refused("Hạn nộp không thể trước ngày bắt đầu kỳ báo cáo."));
        }
        let me = self.installation()?.unit.id;
        let actor = self.actor()?;
        self.store.write(&actor, |w| w.ensure_period(code, deadline, Some(me)))?;
        self.periods()?.into_iter().find(|p| p.code == code.to_string()).ok_or_else(|| ApiError::refused("Không đọc lại được kỳ vừa mở."))
    }
}
