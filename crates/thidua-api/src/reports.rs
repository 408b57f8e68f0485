//! The period report: figures computed from the registers (with hand-entered values and
//! overrides that keep their reason), the narrative pre-filled from the data, the appendix
//! tables, and the report's life: draft → sent (locked) → received → accepted or returned,
//! then a corrected revision.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::Value;
use thidua_model::{FieldType, IsoDate, PeriodCode, RecordId, RegisterKind, ReportState};
use thidua_store::{Indicator, IndicatorSet, StoredFigure, StoredReport};
use thidua_text::format_integer;
use ts_rs::TS;

use crate::indicators::{aggregate, passes};
use crate::wording::cell;
use crate::{ApiError, RecordRow, Workspace};

/// One indicator of a report.
#[derive(Debug, Clone, Serialize, TS)]
pub struct FigureView {
    pub indicator_id: RecordId,
    pub code: String,
    pub name: String,
    pub measure: String,
    pub task_group: i32,
    /// The register it is computed from; `None` for an indicator entered by hand.
    pub source: Option<RegisterKind>,
    /// What the registers give (for a sent report: what they gave when it was sent).
    #[ts(type = "number | null")]
    pub computed: Option<i64>,
    /// What the report states.
    #[ts(type = "number | null")]
    pub value: Option<i64>,
    /// The value differs from the computed one; `override_reason` says why.
    pub overridden: bool,
    pub override_reason: String,
    /// How many records the computed value rests on.
    pub records: u32,
    /// How many reports of units below the computed value adds (an upper level's report).
    pub units: u32,
    /// The year's target the upper level gave this unit (chỉ tiêu giao), if any.
    #[ts(type = "number | null")]
    pub target: Option<i64>,
    /// What the set's data checks found: rules between figures this one breaks, then a large
    /// gap from the same period a year before.
    pub checks: Vec<String>,
    /// A rule is broken: the report is not sent until the figures agree.
    pub breaks_rule: bool,
    /// How the narrative says the figure, as the set the report was made with words it.
    pub phrase: Option<thidua_model::IndicatorPhrase>,
}

/// One narrative section: the clerk's text, or the text pre-filled from the data.
#[derive(Debug, Clone, Serialize, TS)]
pub struct NarrativeSection {
    pub key: String,
    pub title: String,
    pub text: String,
    /// The clerk has written this section (otherwise `text` follows the data).
    pub edited: bool,
}

/// An appendix table, its cells already written as the document prints them.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AppendixTable {
    pub title: String,
    pub columns: Vec<String>,
    /// Which columns hold numbers (right-aligned).
    pub numeric: Vec<bool>,
    pub rows: Vec<Vec<String>>,
    pub total: Option<Vec<String>>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct RevisionInfo {
    pub revision: i32,
    pub state: ReportState,
    pub sent_at: Option<String>,
    pub state_reason: String,
}

/// A unit's report for a period, as the app and `thidua report show` present it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ReportView {
    pub period: String,
    pub period_label: String,
    pub unit_name: String,
    /// 0 while nothing has been saved for this period.
    pub revision: i32,
    pub state: ReportState,
    pub state_label: String,
    pub state_reason: String,
    pub sent_at: Option<String>,
    /// The day the report is dated (dd/mm/yyyy): the day the clerk chose, the day it was
    /// issued, or today while a draft.
    pub dated: String,
    /// The clerk chose the day (otherwise it follows the sending day).
    pub dated_by_clerk: bool,
    /// Nơi nhận, one line each ("- Lưu: VT."): as the clerk wrote them, or the level's defaults.
    pub recipients: Vec<String>,
    /// The clerk wrote the Nơi nhận (otherwise they are the defaults).
    pub recipients_edited: bool,
    /// Whether figures and narrative can be changed in place (a draft).
    pub editable: bool,
    pub indicator_set: String,
    pub figures: Vec<FigureView>,
    pub narrative: Vec<NarrativeSection>,
    pub appendix: Vec<AppendixTable>,
    pub revisions: Vec<RevisionInfo>,
}

/// The narrative sections of a report, mirroring the plan (DOMAIN.md).
pub const SECTIONS: &[(&str, &str)] = &[
    ("i", "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO, TRIỂN KHAI"),
    ("ii_1", "1. Công tác tuyên truyền"),
    ("ii_2", "2. Tổ chức hội nghị, hội thảo, tọa đàm"),
    ("ii_3", "3. Hỗ trợ, khuyến khích phong trào; kết nối sản phẩm OCOP; vận động nguồn lực"),
    ("ii_4", "4. Phát hiện, biểu dương, nhân rộng điển hình"),
    ("iii", "III. ĐÁNH GIÁ CHUNG"),
    ("iv", "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ"),
    ("v", "V. ĐỀ XUẤT, KIẾN NGHỊ"),
];

/// An indicator's name as a column heads it: without the leading "Số"/"Tổng" every name
/// starts with ("Số buổi tuyên truyền" → "Buổi tuyên truyền").
fn short_name(name: &str) -> String {
    thidua_text::upper_first(["Số ", "Tổng số ", "Tổng "].iter().find_map(|p| name.strip_prefix(p)).unwrap_or(name))
}

impl Workspace {
    pub(crate) fn period_records(&self, kind: RegisterKind, period: PeriodCode) -> Result<Vec<RecordRow>, ApiError> {
        let q =
            crate::RecordQuery { period: Some(period.to_string()), sort: Some(kind.date_field().into()), ..crate::RecordQuery::all(kind) };
        Ok(self.list_records(&q)?.rows)
    }

    /// The records an indicator's computed value rests on.
    pub fn figure_sources(&self, period: &str, indicator_code: &str) -> Result<Vec<RecordRow>, ApiError> {
        let period = PeriodCode::parse(period)?;
        let indicator = self.indicator(indicator_code)?;
        Ok(self.indicator_records(&indicator, period)?.unwrap_or_default())
    }

    /// The records of the period an indicator counts or sums; `None` for a hand-entered one.
    fn indicator_records(&self, indicator: &Indicator, period: PeriodCode) -> Result<Option<Vec<RecordRow>>, ApiError> {
        let Some(kind) = indicator.register.as_deref().and_then(RegisterKind::from_code) else { return Ok(None) };
        let records = match indicator.date_field.as_deref() {
            None => self.period_records(kind, period)?,
            // Counted by another day (or while running): any record of the register may fall in.
            Some(date_field) => {
                let (from, to) = (period.starts().to_string(), period.ends().to_string());
                let q = crate::RecordQuery { sort: Some(kind.date_field().into()), ..crate::RecordQuery::all(kind) };
                self.list_records(&q)?
                    .rows
                    .into_iter()
                    .filter(|r| thidua_model::counts_in(kind, Some(date_field), &r.fields, &from, &to))
                    .collect()
            }
        };
        Ok(Some(records.into_iter().filter(|r| passes(indicator.filter.as_deref(), &r.fields)).collect()))
    }

    fn indicator(&self, code: &str) -> Result<Indicator, ApiError> {
        let set = self.indicator_set()?;
        set.indicators
            .into_iter()
            .find(|i| i.code == code)
            .ok_or_else(|| ApiError::refused(format!("Không có chỉ tiêu «{code}» trong bộ chỉ tiêu.")))
    }

    /// The value an indicator has from the registers, and how many records it rests on.
    fn compute(&self, indicator: &Indicator, period: PeriodCode) -> Result<(Option<i64>, u32), ApiError> {
        let Some(records) = self.indicator_records(indicator, period)? else { return Ok((None, 0)) };
        Ok((Some(aggregate(indicator, records.iter().map(|r| &r.fields))?), records.len() as u32))
    }

    pub(crate) fn latest_report(&self, period: PeriodCode) -> Result<Option<StoredReport>, ApiError> {
        let unit = self.installation()?.unit.id;
        Ok(self.store.read().report_revisions(unit, self.movement(), period)?.pop())
    }

    /// The report of this unit for `period` ("2022-H1" or "2022"). Nothing is saved by looking.
    pub fn report(&self, period: &str) -> Result<ReportView, ApiError> {
        let period = PeriodCode::parse(period)?;
        let installation = self.installation()?;
        let latest = self.latest_report(period)?;
        let set = self.report_set(latest.as_ref())?;
        // A draft begun under an earlier version of the set keeps its figures by code.
        let codes = self.store.read().indicator_codes()?;
        let stored: HashMap<String, StoredFigure> = match &latest {
            Some(r) => self
                .store
                .read()
                .report_figures(r.id)?
                .into_iter()
                .filter_map(|f| Some((codes.get(&f.indicator_id)?.0.clone(), f)))
                .collect(),
            None => HashMap::new(),
        };
        let state = latest.as_ref().map_or(ReportState::Draft, |r| r.state);
        // An upper level reports its own work plus what its units reported.
        let (unit_totals, units) = self.children_totals(period)?;
        let targets = self.store.read().targets(self.movement(), period.year())?;
        let mut figures = Vec::new();
        for ind in &set.indicators {
            let saved = stored.get(&ind.code);
            let compute = |ws: &Self| -> Result<(Option<i64>, u32), ApiError> {
                let (own, records) = ws.compute(ind, period)?;
                Ok(match (own, unit_totals.get(&ind.code)) {
                    (own, Some(sum)) => {
                        (Some(own.unwrap_or(0).checked_add(*sum).ok_or_else(|| crate::indicators::total_too_large(&ind.code))?), records)
                    }
                    (own, None) if units > 0 && ind.register.is_none() => (own.or(Some(0)), records),
                    (own, None) => (own, records),
                })
            };
            // A draft follows the registers; a sent report keeps what it said when sent.
            let (computed, records) = if state.is_editable() || saved.is_none() {
                compute(self)?
            } else {
                (saved.and_then(|f| f.computed), self.compute(ind, period)?.1)
            };
            let explicit = saved.filter(|f| f.value.is_some() && (ind.register.is_none() || !f.override_reason.is_empty()));
            let value = explicit.map_or(computed, |f| f.value);
            figures.push(FigureView {
                indicator_id: ind.id,
                code: ind.code.clone(),
                name: ind.name.clone(),
                measure: ind.measure.clone(),
                task_group: ind.task_group as i32,
                source: ind.register.as_deref().and_then(RegisterKind::from_code),
                computed,
                value,
                overridden: ind.register.is_some() && explicit.is_some() && value != computed,
                override_reason: explicit.map(|f| f.override_reason.clone()).unwrap_or_default(),
                records,
                units,
                target: targets.get(&(installation.unit.id, ind.code.clone())).copied(),
                checks: Vec::new(),
                breaks_rule: false,
                phrase: ind.phrase.clone(),
            });
        }
        let year_before = self.figures_a_year_before(period)?.map(|(_, values)| values).unwrap_or_default();
        let values: HashMap<String, Option<i64>> = figures.iter().map(|f| (f.code.clone(), f.value)).collect();
        let mut found = crate::indicators::figure_checks(
            &set.checks,
            figures.iter().map(|f| f.code.as_str()),
            |c| values.get(c).copied().flatten(),
            |c| year_before.get(c).copied(),
            "cùng kỳ năm trước",
        );
        for f in &mut figures {
            let flags = found.remove(&f.code).unwrap_or_default();
            f.breaks_rule = !flags.rules.is_empty();
            f.checks = [flags.rules, flags.far].concat();
        }
        let narrative = self.narrative(period, &installation, &figures, latest.as_ref())?;
        let appendix = self.appendix(period, &figures)?;
        let unit = installation.unit.id;
        let revisions = self
            .store
            .read()
            .report_revisions(unit, self.movement(), period)?
            .into_iter()
            .map(|r| RevisionInfo { revision: r.revision as i32, state: r.state, sent_at: r.sent_at, state_reason: r.state_reason })
            .collect();
        Ok(ReportView {
            period: period.to_string(),
            period_label: period.label(),
            unit_name: installation.unit.name.clone(),
            revision: latest.as_ref().map_or(0, |r| r.revision as i32),
            state,
            state_label: state.label().into(),
            state_reason: latest.as_ref().map(|r| r.state_reason.clone()).unwrap_or_default(),
            sent_at: latest.as_ref().and_then(|r| r.sent_at.clone()),
            dated: self.report_day(latest.as_ref())?.to_dmy(),
            dated_by_clerk: latest.as_ref().is_some_and(|r| r.dated_on.is_some()),
            recipients: latest.as_ref().and_then(|r| r.recipients.clone()).unwrap_or_else(|| installation.default_report_recipients()),
            recipients_edited: latest.as_ref().is_some_and(|r| r.recipients.is_some()),
            editable: state.is_editable(),
            indicator_set: format!("{} (phiên bản {})", set.name, set.version),
            figures,
            narrative,
            appendix,
            revisions,
        })
    }

    /// The set a report answers: a sent one keeps the version it was sent with, a draft (or
    /// none yet) answers the version in force.
    pub(crate) fn report_set(&self, report: Option<&StoredReport>) -> Result<IndicatorSet, ApiError> {
        match report {
            Some(r) if !r.state.is_editable() => {
                Ok(self.store.read().indicator_set_by_id(r.indicator_set_id)?.map_or_else(|| self.indicator_set(), Ok)?)
            }
            _ => self.indicator_set(),
        }
    }

    /// The draft to change, made on first change; a sent report refuses with what to do. A
    /// draft begun under an earlier version of the set moves onto the version in force.
    fn draft(&mut self, period: PeriodCode) -> Result<StoredReport, ApiError> {
        let unit = self.installation()?.unit.id;
        let set = self.indicator_set()?;
        match self.latest_report(period)? {
            Some(r) if r.state.is_editable() && r.indicator_set_id != set.id => {
                let actor = self.actor()?;
                self.store.write(&actor, |w| w.move_report_to_set(r.id, set.id))?;
                Ok(StoredReport { indicator_set_id: set.id, ..r })
            }
            Some(r) if r.state.is_editable() => Ok(r),
            Some(r) => Err(ApiError::refused(format!(
                "Báo cáo {} (lần {}) đã ở trạng thái «{}», không sửa trực tiếp được: hãy tạo bản sửa đổi.",
                period.label(),
                r.revision,
                r.state.label()
            ))),
            None => {
                let actor = self.actor()?;
                Ok(self.store.write(&actor, |w| {
                    w.ensure_period(period, None, None)?;
                    w.create_report(unit, period, set.id, None, 0)
                })?)
            }
        }
    }

    /// Enters a hand-entered indicator, or overrides a computed one (a reason is required).
    /// `None` clears the entry, so the computed value stands again.
    pub fn set_figure(&mut self, period: &str, indicator_code: &str, value: Option<i64>, reason: &str) -> Result<ReportView, ApiError> {
        let code = PeriodCode::parse(period)?;
        let indicator = self.indicator(indicator_code)?;
        let reason = thidua_text::clean(reason);
        if let Some(why) = thidua_model::text_too_long(&reason) {
            return Err(ApiError::refused(format!("Lý do ghi số khác cho chỉ tiêu {} {why}.", indicator.code)));
        }
        if let Some(why) = value.and_then(|v| thidua_model::out_of_bounds(v, thidua_model::MAX_FIGURE)) {
            return Err(ApiError::refused(format!("Số liệu chỉ tiêu {}: {why}.", indicator.code)));
        }
        let (computed, _) = self.compute(&indicator, code)?;
        if indicator.register.is_some() && value.is_some() && value != computed && reason.is_empty() {
            return Err(ApiError::refused(format!(
                "Chỉ tiêu {} được tính từ sổ theo dõi ({}); muốn ghi số khác phải nêu lý do.",
                indicator.code,
                computed.map(format_integer).unwrap_or_default()
            )));
        }
        let report = self.draft(code)?;
        let actor = self.actor()?;
        let figure = StoredFigure {
            indicator_id: indicator.id,
            computed,
            value,
            override_reason: if value.is_some() { reason.clone() } else { String::new() },
        };
        self.store.write(&actor, |w| w.set_report_figure(&report, &figure, &reason))?;
        self.report(period)
    }

    /// As [`Workspace::set_figure`], with the value as the clerk typed it ("1.300"; blank clears).
    pub fn enter_figure(&mut self, period: &str, indicator_code: &str, typed: &str, reason: &str) -> Result<ReportView, ApiError> {
        let value = match typed.trim() {
            "" => None,
            t => Some(
                thidua_model::parse_whole(t)
                    .ok_or_else(|| ApiError::refused(format!("«{t}» không phải số nguyên không âm: nhập ví dụ 14 hoặc 1.250.")))?,
            ),
        };
        self.set_figure(period, indicator_code, value, reason)
    }

    /// Prints the report's narrative as a Decree 30 document to `dest`, dated the day it was
    /// sent (a draft: today).
    pub fn report_pdf(&self, period: &str, dest: &std::path::Path) -> Result<(), ApiError> {
        crate::files::write_atomically(dest, &self.report_pdf_bytes(period)?)
    }

    /// Writes the report's PDF into the print folder and returns its path (see `plan_print_copy`).
    pub fn report_print_copy(&self, period: &str) -> Result<std::path::PathBuf, ApiError> {
        let path = self.print_folder()?.join(format!("bao-cao-{period}.pdf"));
        crate::files::write_atomically(&path, &self.report_pdf_bytes(period)?)?;
        Ok(path)
    }

    pub(crate) fn report_pdf_bytes(&self, period: &str) -> Result<Vec<u8>, ApiError> {
        thidua_document::render(&self.report_official_document(period)?).map_err(|e| ApiError::refused(e.to_string()))
    }

    /// The report's pages as SVG, for the app's print preview.
    pub fn report_preview(&self, period: &str) -> Result<Vec<String>, ApiError> {
        thidua_document::render_svg(&self.report_official_document(period)?).map_err(|e| ApiError::refused(e.to_string()))
    }

    /// The day a report is dated: as the register issued it, else as the clerk chose, else
    /// today in Vietnam (a draft).
    fn report_day(&self, report: Option<&StoredReport>) -> Result<IsoDate, ApiError> {
        let registered = match report {
            Some(r) => self.store.read().registration(&thidua_store::Issued::Report(r.id))?.map(|d| d.issued_on),
            None => None,
        };
        Ok(registered.or_else(|| report.and_then(|r| r.dated_on)).unwrap_or_else(|| self.store.now().vietnam_date()))
    }

    /// Dates the report on `day` ("30/06/2022"; blank: the day it is sent). A draft only; the
    /// day is neither in the future nor before the period begins.
    pub fn set_report_date(&mut self, period: &str, day: &str) -> Result<ReportView, ApiError> {
        let code = PeriodCode::parse(period)?;
        let day = match day.trim() {
            "" => None,
            typed => Some(
                thidua_text::parse_date_dmy(typed)
                    .and_then(|(y, m, d)| IsoDate::new(y, m, d))
                    .or_else(|| IsoDate::parse(typed).ok())
                    .ok_or_else(|| {
                        ApiError::refused(format!("«{typed}» không phải ngày: nhập theo dạng ngày/tháng/năm, ví dụ 30/06/2022."))
                    })?,
            ),
        };
        let today = self.store.now().vietnam_date();
        if let Some(d) = day {
            if d > today {
                return Err(ApiError::refused(format!(
                    "Ngày {} chưa đến (hôm nay là {}): báo cáo không ghi ngày sau hôm nay.",
                    d.to_dmy(),
                    today.to_dmy()
                )));
            }
            if d < code.starts() {
                return Err(ApiError::refused(format!(
                    "Ngày {} trước khi kỳ {} bắt đầu ({}): hãy chọn ngày từ {} trở đi.",
                    d.to_dmy(),
                    code.label(),
                    code.starts().to_dmy(),
                    code.starts().to_dmy()
                )));
            }
        }
        let report = self.draft(code)?;
        let actor = self.actor()?;
        self.store.write(&actor, |w| w.set_report_date(&report, day))?;
        self.report(period)
    }

    /// Keeps the report's Nơi nhận, one line each as printed (blank lines dropped; none at all:
    /// back to the defaults of this level). A draft only.
    pub fn set_report_recipients(&mut self, period: &str, lines: &[String]) -> Result<ReportView, ApiError> {
        let code = PeriodCode::parse(period)?;
        let lines: Vec<String> = lines.iter().map(|l| thidua_text::clean(l)).filter(|l| !l.is_empty()).collect();
        let report = self.draft(code)?;
        let actor = self.actor()?;
        self.store.write(&actor, |w| w.set_report_recipients(&report, (!lines.is_empty()).then_some(lines.as_slice())))?;
        self.report(period)
    }

    fn report_official_document(&self, period: &str) -> Result<thidua_document::OfficialDocument, ApiError> {
        let view = self.report(period)?;
        let installation = self.installation()?;
        let date = self.report_day(self.latest_report(PeriodCode::parse(period)?)?.as_ref())?;
        let sections: Vec<thidua_document::ReportSection<'_>> =
            view.narrative.iter().map(|s| thidua_document::ReportSection { key: &s.key, title: &s.title, text: &s.text }).collect();
        let tables = view
            .appendix
            .iter()
            .filter(|t| !t.rows.is_empty())
            .map(|t| thidua_document::Table {
                caption: t.title.clone(),
                columns: t
                    .columns
                    .iter()
                    .zip(&t.numeric)
                    .map(|(h, n)| thidua_document::Column { header: h.clone(), numeric: *n })
                    .collect(),
                rows: t.rows.clone(),
                total: t.total.clone(),
            })
            .collect();
        let number = match self.latest_report(PeriodCode::parse(period)?)? {
            Some(r) => self.store.read().registration(&thidua_store::Issued::Report(r.id))?.map(|d| d.number),
            None => None,
        };
        let movement = self.movement_name()?;
        let mut document = thidua_document::report_document(
            &movement,
            &view.period_label,
            &sections,
            tables,
            date,
            number,
            &view.recipients,
            &installation,
        );
        // A sent report carries its verification code; a draft has none yet.
        if let Some(code) = match self.latest_report(PeriodCode::parse(period)?)? {
            Some(r) => self.store.read().report_verification(r.id)?,
            None => None,
        } {
            document.verification = Some(crate::verification::printed_code(&code)?);
        }
        Ok(document)
    }

    /// Saves the clerk's text of one narrative section.
    pub fn set_section(&mut self, period: &str, key: &str, text: &str) -> Result<ReportView, ApiError> {
        if !SECTIONS.iter().any(|(k, _)| *k == key) {
            let keys: Vec<&str> = SECTIONS.iter().map(|(k, _)| *k).collect();
            return Err(ApiError::refused(format!("Không có mục «{key}»; các mục: {}.", keys.join(", "))));
        }
        let report = self.draft(PeriodCode::parse(period)?)?;
        let actor = self.actor()?;
        let text = thidua_text::clean_lines(text);
        if let Some(why) = thidua_model::text_too_long(&text) {
            let title = SECTIONS.iter().find(|(k, _)| *k == key).map_or(key, |(_, t)| *t);
            return Err(ApiError::refused(format!("Mục «{title}» {why}.")));
        }
        self.store.write(&actor, |w| w.set_report_section(&report, key, &text))?;
        self.report(period)
    }

    /// Sends the draft: its figures are fixed as they are now and it is locked.
    pub fn send_report(&mut self, period: &str) -> Result<ReportView, ApiError> {
        let code = PeriodCode::parse(period)?;
        let symbol = self.installation()?.header.symbol;
        let view = self.report(period)?;
        let report = self.draft(code)?;
        if let Some(missing) = view.figures.iter().find(|f| f.source.is_none() && f.value.is_none()) {
            return Err(ApiError::refused(format!(
                "Chưa nhập chỉ tiêu {} «{}»: hãy nhập số liệu (có thể là 0) trước khi gửi.",
                missing.code, missing.name
            )));
        }
        if let Some(broken) = view.figures.iter().find(|f| f.breaks_rule) {
            return Err(ApiError::refused(format!(
                "{}. Hãy sửa số liệu (hoặc sổ theo dõi) cho khớp rồi gửi lại.",
                broken.checks.first().map_or("Số liệu không khớp quy tắc kiểm tra", String::as_str)
            )));
        }
        let actor = self.actor()?;
        let movement = self.movement_name()?;
        // The verification code printed on the report from now on (`docs/VERIFICATION_CODE.md`):
        // signed here, with what is sent, so the paper can be checked against the bundle.
        let key = self.own_key()?;
        let unit_code = self.installation()?.unit.code;
        let movement_code = self.movement.clone();
        let digest = crate::verification::report_digest(
            view.figures.iter().map(|f| (f.code.as_str(), f.value)),
            view.narrative.iter().map(|s| (s.key.as_str(), s.text.as_str())),
        );
        self.store.write(&actor, |w| {
            for f in &view.figures {
                let figure = StoredFigure {
                    indicator_id: f.indicator_id,
                    computed: f.computed,
                    value: f.value,
                    override_reason: f.override_reason.clone(),
                };
                w.set_report_figure(&report, &figure, "")?;
            }
            w.set_report_state(&report, ReportState::Sent, "")?;
            // A yearly report carries the year's proposals up with it.
            if code.kind() == thidua_model::PeriodKind::Year {
                let me = w.read().installation()?.map(|i| i.unit.id);
                for p in w.read().proposals(code.year())?.into_iter().filter(|p| Some(p.proposer_unit_id) == me && p.state == "draft") {
                    w.set_proposal_state(p.id, "sent")?;
                }
            }
            // Sending issues it: the next number of the year in the document register, on the
            // day the clerk dated it or today.
            let day = report.dated_on.unwrap_or_else(|| w.moment().vietnam_date());
            let summary = thidua_document::report_summary(&movement, &code.label());
            let registered = w.register_document(thidua_store::Issued::Report(report.id), "BC", &format!("BC-{symbol}"), &summary, day)?;
            let statement = thidua_attest::Statement {
                unit: unit_code.clone(),
                kind: thidua_attest::DocumentKind::Report,
                number: format!("{:02}/{}", registered.number, registered.symbol),
                date: registered.issued_on,
                movement: movement_code.clone(),
                period: code.to_string(),
                revision: u16::try_from(report.revision).unwrap_or(u16::MAX),
                digest,
                key_id: [0; 8],
            };
            let (code, short) = crate::verification::signed_code(statement, &key)?;
            w.set_report_verification(report.id, &code, &short)?;
            Ok(())
        })?;
        self.report(period)
    }

    /// Starts a corrected revision of a report that was sent (or returned).
    pub fn revise_report(&mut self, period: &str) -> Result<ReportView, ApiError> {
        let code = PeriodCode::parse(period)?;
        let unit = self.installation()?.unit.id;
        let set = self.indicator_set()?;
        let latest = self.latest_report(code)?;
        match &latest {
            None => return Err(ApiError::refused("Chưa có báo cáo để sửa đổi.")),
            Some(r) if r.state.is_editable() => {
                return Err(ApiError::refused("Báo cáo đang là bản nháp: sửa trực tiếp, không cần bản sửa đổi."));
            }
            Some(r) if r.state == ReportState::Accepted => {
                return Err(ApiError::refused("Báo cáo đã được cấp trên chấp nhận, không sửa đổi được nữa."));
            }
            Some(_) => {}
        }
        let actor = self.actor()?;
        let sent_before = self.sent_revision_marked(code)?;
        self.store.write(&actor, |w| w.create_report(unit, code, set.id, latest.as_ref(), sent_before))?;
        self.report(period)
    }

    /// The last revision of the period's report the keyring marks as sent up (0 if none).
    fn sent_revision_marked(&self, period: PeriodCode) -> Result<i64, ApiError> {
        let Some(parent) = self.installation()?.parent else { return Ok(0) };
        let period = period.to_string();
        let marks = self.keyring().sent(&parent.code);
        Ok(marks
            .iter()
            .filter(|m| m.kind == "report" && m.period.as_deref() == Some(period.as_str()))
            .filter_map(|m| m.revision)
            .max()
            .unwrap_or(0))
    }

    /// Records what happened to a sent report upward: received, accepted, or returned with a
    /// reason. Only forward moves are allowed.
    pub fn mark_report(&mut self, period: &str, state: ReportState, reason: &str) -> Result<ReportView, ApiError> {
        let code = PeriodCode::parse(period)?;
        let report = self.latest_report(code)?.ok_or_else(|| ApiError::refused("Chưa có báo cáo cho kỳ này."))?;
        let allowed = matches!(
            (report.state, state),
            (ReportState::Sent, ReportState::Received | ReportState::Accepted | ReportState::Returned)
                | (ReportState::Received, ReportState::Accepted | ReportState::Returned)
        );
        if !allowed {
            return Err(ApiError::refused(format!("Không thể chuyển báo cáo từ «{}» sang «{}».", report.state.label(), state.label())));
        }
        let reason = thidua_text::clean(reason);
        if state == ReportState::Returned && reason.is_empty() {
            return Err(ApiError::refused("Trả lại báo cáo phải nêu lý do."));
        }
        let actor = self.actor()?;
        self.store.write(&actor, |w| w.set_report_state(&report, state, &reason))?;
        self.report(period)
    }

    fn appendix(&self, period: PeriodCode, figures: &[FigureView]) -> Result<Vec<AppendixTable>, ApiError> {
        let mut tables = vec![AppendixTable {
            title: "Biểu 1. Kết quả thực hiện các chỉ tiêu".into(),
            columns: vec!["STT".into(), "Chỉ tiêu".into(), "Đơn vị tính".into(), "Kết quả".into()],
            numeric: vec![false, false, false, true],
            rows: figures
                .iter()
                .map(|f| vec![f.code.clone(), f.name.clone(), f.measure.clone(), f.value.map(format_integer).unwrap_or_default()])
                .collect(),
            total: None,
        }];
        // An upper level: one row per unit below, a column per indicator, and the total.
        let units = self.unit_reports(period)?;
        if !units.is_empty() {
            let codes: Vec<&str> = figures.iter().map(|f| f.code.as_str()).collect();
            let rows: Vec<Vec<String>> = units
                .iter()
                .enumerate()
                .map(|(i, u)| {
                    let head = [
                        (i + 1).to_string(),
                        u.unit.name.clone(),
                        u.latest.as_ref().map_or("chưa báo cáo".into(), |l| l.revision.to_string()),
                    ];
                    head.into_iter()
                        .chain(codes.iter().map(|c| u.figures.get(*c).copied().flatten().map(format_integer).unwrap_or_default()))
                        .collect()
                })
                .collect();
            let total: Vec<String> =
                ["".to_owned(), format!("Tổng cộng ({} đơn vị)", units.iter().filter(|u| u.latest.is_some()).count()), String::new()]
                    .into_iter()
                    .chain(codes.iter().map(|c| total_text(units.iter().filter_map(|u| u.figures.get(*c).copied().flatten()))))
                    .collect();
            tables.push(AppendixTable {
                title: "Biểu 1a. Kết quả các chỉ tiêu theo từng đơn vị".into(),
                columns: ["STT", "Đơn vị", "Lần báo cáo"]
                    .into_iter()
                    .map(str::to_owned)
                    .chain(figures.iter().map(|f| format!("{}. {}", f.code, short_name(&f.name))))
                    .collect(),
                numeric: [false, false, false].into_iter().chain(codes.iter().map(|_| true)).collect(),
                rows,
                total: Some(total),
            });
        }
        let specs: [(RegisterKind, &str, &[&str]); 4] = [
            (
                RegisterKind::Initiative,
                "Biểu 2. Sáng kiến, ý tưởng mới",
                &["title", "authors", "registered_on", "status", "estimated_benefit"],
            ),
            (RegisterKind::Model, "Biểu 3. Mô hình “Đoàn kết sáng tạo”", &["name", "in_charge", "started_on", "status", "replicated_at"]),
            (
                RegisterKind::Commendation,
                "Biểu 4. Biểu dương, khen thưởng",
                &["recipient", "form", "level", "decision_number", "decided_on"],
            ),
            (RegisterKind::Resource, "Biểu 5. Nguồn lực vận động", &["donor", "amount", "in_kind", "purpose", "received_on"]),
        ];
        for (kind, title, cols) in specs {
            let records = self.period_records(kind, period)?;
            let fields: Vec<&thidua_model::FieldSpec> = cols.iter().filter_map(|c| kind.field(c)).collect();
            let is_num = |f: &thidua_model::FieldSpec| matches!(f.kind, FieldType::Amount | FieldType::Count);
            let rows: Vec<Vec<String>> = records
                .iter()
                .enumerate()
                .map(|(i, r)| std::iter::once((i + 1).to_string()).chain(fields.iter().map(|f| cell(f, r.fields.get(f.name)))).collect())
                .collect();
            let total = fields.iter().any(|f| is_num(f)).then(|| {
                std::iter::once(String::new())
                    .chain(fields.iter().enumerate().map(|(i, f)| {
                        if is_num(f) {
                            total_text(records.iter().map(|r| r.fields.get(f.name).and_then(Value::as_i64).unwrap_or(0)))
                        } else if i == 0 {
                            "Tổng cộng".into()
                        } else {
                            String::new()
                        }
                    }))
                    .collect()
            });
            tables.push(AppendixTable {
                title: title.into(),
                columns: std::iter::once("STT".to_owned()).chain(fields.iter().map(|f| f.label.to_owned())).collect(),
                numeric: std::iter::once(false).chain(fields.iter().map(|f| is_num(f))).collect(),
                rows,
                total,
            });
        }
        Ok(tables)
    }
}

/// A column's total as a table prints it; a total too large to compute (numbers from before the
/// bounds) says so rather than printing a wrapped-around number.
fn total_text(values: impl IntoIterator<Item = i64>) -> String {
    thidua_model::checked_total(values).map(format_integer).unwrap_or_else(|| "(quá giới hạn, kiểm tra số liệu)".into())
}
