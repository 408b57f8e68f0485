//! A report received from a unit below, read in full before it is accepted or returned: its
//! figures, its narrative as the unit wrote it, and the PDF the unit signed and sent with it.

use serde::Serialize;
use serde_json::Value;
use thidua_model::{PeriodCode, ReportState};
use ts_rs::TS;

use crate::reports::{NarrativeSection, SECTIONS};
use crate::{ApiError, Workspace};

/// One figure of a received report.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ReceivedFigure {
    pub code: String,
    pub name: String,
    pub measure: String,
    #[ts(type = "number | null")]
    pub value: Option<i64>,
    /// Why the unit stated another figure than its registers gave, when it did.
    pub override_reason: String,
}

/// A unit's latest report for a period, as it came.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ReceivedReportView {
    pub unit_code: String,
    pub unit_name: String,
    pub period: String,
    pub period_label: String,
    pub revision: i32,
    pub state: ReportState,
    pub state_label: String,
    /// Why it was returned, when it was.
    pub state_reason: String,
    /// The day it was sent, in Vietnam (dd/mm/yyyy).
    pub sent_on: String,
    pub figures: Vec<ReceivedFigure>,
    /// The sections as the unit wrote them (empty for a report entered from an Excel template).
    pub narrative: Vec<NarrativeSection>,
    /// The unit's own signed PDF came with it.
    pub has_document: bool,
    /// Entered from an Excel template: no bundle, no signature.
    pub via_excel: bool,
}

impl Workspace {
    /// The latest report `unit_code` sent for `period`, in full.
    pub fn received_report(&self, unit_code: &str, period: &str) -> Result<ReceivedReportView, ApiError> {
        let code = PeriodCode::parse(period)?;
        let units = self.unit_reports(code)?;
        let ur = units.into_iter().find(|u| u.unit.code == unit_code).ok_or_else(|| {
            ApiError::refused(format!("Đơn vị mã {unit_code} không phải đơn vị trực thuộc: không có báo cáo của đơn vị đó."))
        })?;
        let report = ur
            .latest
            .as_ref()
            .ok_or_else(|| ApiError::refused(format!("{} chưa gửi báo cáo {}: chưa có gì để xem.", ur.unit.name, code.label())))?;
        let set = self.indicator_set()?;
        let stored = self.store.read().report_figures(report.id)?;
        let figures = set
            .indicators
            .iter()
            .map(|i| {
                let f = stored.iter().find(|f| f.indicator_id == i.id);
                ReceivedFigure {
                    code: i.code.clone(),
                    name: i.name.clone(),
                    measure: i.measure.clone(),
                    value: f.and_then(|f| f.value),
                    override_reason: f.map(|f| f.override_reason.clone()).unwrap_or_default(),
                }
            })
            .collect();
        let narrative = SECTIONS
            .iter()
            .filter_map(|(key, title)| {
                let text = report.narrative.get(*key).and_then(Value::as_str).filter(|t| !t.is_empty())?;
                Some(NarrativeSection { key: (*key).into(), title: (*title).into(), text: text.to_owned(), edited: true })
            })
            .collect();
        Ok(ReceivedReportView {
            unit_code: ur.unit.code.clone(),
            unit_name: ur.unit.name.clone(),
            period: code.to_string(),
            period_label: code.label(),
            revision: report.revision as i32,
            state: report.state,
            state_label: report.state.label().into(),
            state_reason: report.state_reason.clone(),
            sent_on: report.sent_at.as_deref().map(crate::wording::day).unwrap_or_default(),
            figures,
            narrative,
            has_document: self.store.read().report_document(report.id)?.is_some(),
            via_excel: report.excel_import_id.is_some(),
        })
    }

    /// Writes the PDF `unit_code` signed and sent with its latest report for `period` into the
    /// print folder, and returns its path (for the system's PDF viewer).
    pub fn received_report_pdf(&self, unit_code: &str, period: &str) -> Result<std::path::PathBuf, ApiError> {
        let code = PeriodCode::parse(period)?;
        let ur = self.unit_reports(code)?.into_iter().find(|u| u.unit.code == unit_code);
        let report = ur
            .and_then(|u| u.latest)
            .ok_or_else(|| ApiError::refused(format!("Đơn vị mã {unit_code} chưa gửi báo cáo {}.", code.label())))?;
        let pdf = self.store.read().report_document(report.id)?.ok_or_else(|| {
            ApiError::refused("Báo cáo này không kèm bản PDF của đơn vị (nhập từ mẫu Excel, hoặc nhận từ phiên bản cũ): hãy xem số liệu và thuyết minh ở đây.")
        })?;
        let path = self.print_folder()?.join(format!("bao-cao-{unit_code}-{code}-lan-{}.pdf", report.revision));
        crate::files::write_atomically(&path, &pdf)?;
        Ok(path)
    }
}
