//! The upper level's view of its units: who reported (completeness), the totals with every
//! unit's contribution and the bundle it came in (consolidation), and the registers of all
//! units merged.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::Value;
use thidua_model::{PeriodCode, RecordId, RegisterKind, ReportState, Unit, checked_total, days_between};
use thidua_store::{StoredReport, UnitFilter};
use thidua_text::{Collator, SearchQuery, search_key};
use ts_rs::TS;

use crate::wording::day;
use crate::{ApiError, RecordRow, Workspace};

/// Each distinct text's place in Vietnamese order.
fn vietnamese_ranks(texts: impl Iterator<Item = String>) -> HashMap<String, usize> {
    let collator = Collator::vietnamese();
    let mut distinct: Vec<String> = texts.collect::<std::collections::HashSet<_>>().into_iter().collect();
    distinct.sort_by(|a, b| collator.compare(a, b));
    distinct.into_iter().enumerate().map(|(i, t)| (t, i)).collect()
}

/// How a figure or report entered from a unit's Excel template is marked wherever it is shown.
pub const EXCEL_FLAG: &str = "nhập từ Excel, không có chữ ký";

/// Where a unit below stands for a period, as the completeness table and matrix show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReportingStatus {
    /// Nothing received yet.
    Missing,
    /// Received by the deadline (by the date the unit signed it sent).
    OnTime,
    /// Received, first sent after the deadline.
    Late,
    /// A corrected revision came after the first.
    Corrected,
    /// The upper level returned it for correction.
    Returned,
    Accepted,
}

/// One unit below, for a period.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CompletenessRow {
    pub unit_code: String,
    pub unit_name: String,
    pub state: ReportingStatus,
    pub state_label: String,
    /// The latest revision received (0: none).
    pub revision: u32,
    /// When the unit says it first sent the period's report (its own clock, signed: its claim),
    /// dd/mm/yyyy.
    pub first_sent: String,
    /// When the first revision reached this installation (this computer's clock), dd/mm/yyyy.
    pub first_received: String,
    /// Days past the deadline, by this installation's clock: of the first revision's arrival,
    /// or today for a missing report.
    pub days_late: i32,
    /// When the last bundle (or Excel template) from the unit was imported here, dd/mm/yyyy hh:mm.
    pub last_bundle: String,
    pub reason: String,
    /// The latest report was entered from an Excel template: no signature.
    pub via_excel: bool,
    /// For a period before a merger: the commune the unit is now part of (its name and code),
    /// under which its figures are counted; empty otherwise.
    pub now_in: String,
    pub now_in_code: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Completeness {
    pub period: String,
    pub period_label: String,
    /// dd/mm/yyyy.
    pub deadline: String,
    pub units: Vec<CompletenessRow>,
    pub total: u32,
    pub missing: u32,
    pub received: u32,
    pub late: u32,
    pub accepted: u32,
    pub returned: u32,
}

/// What one unit stated for an indicator, and where it came from.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Contribution {
    pub unit_code: String,
    pub unit_name: String,
    #[ts(type = "number | null")]
    pub value: Option<i64>,
    /// What the previous revision said, when a correction changed it.
    #[ts(type = "number | null")]
    pub previous: Option<i64>,
    pub revision: u32,
    pub state: String,
    pub accepted: bool,
    /// The bundle: its id, the SHA-256 of the file, and when it was imported.
    pub bundle_id: String,
    pub file_sha256: String,
    pub received_at: String,
    /// The unit answered another version of the indicator set, or left the indicator out.
    pub flag: String,
    /// For a unit that consolidates its own units: how many of them its figure sums.
    pub sub_units: u32,
    /// The year's target this level gave the unit (chỉ tiêu giao), if any.
    #[ts(type = "number | null")]
    pub target: Option<i64>,
    /// What the data checks found, checked again here: rules between the unit's figures it
    /// breaks, a large gap from the units' median.
    pub checks: Vec<String>,
    /// For a period before a merger: the commune the unit is now part of; empty otherwise.
    pub now_in: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct IndicatorTotal {
    pub code: String,
    pub name: String,
    pub measure: String,
    pub task_group: i32,
    /// Over every report received.
    #[ts(type = "number")]
    pub received_total: i64,
    /// Over the accepted reports only.
    #[ts(type = "number")]
    pub accepted_total: i64,
    /// The sum of the year's targets given to the units below; `None` when none was given.
    #[ts(type = "number | null")]
    pub target: Option<i64>,
    /// How many units' figures the data checks flag, for the reviewer.
    pub flagged: u32,
    pub contributions: Vec<Contribution>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Consolidation {
    pub period: String,
    pub period_label: String,
    pub indicator_set: String,
    pub units_total: u32,
    pub units_received: u32,
    pub units_accepted: u32,
    pub missing: Vec<String>,
    pub totals: Vec<IndicatorTotal>,
}

/// How the units reported in one period: for the chart of reporting on time over the periods.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PeriodReporting {
    pub period: String,
    pub label: String,
    pub on_time: u32,
    pub late: u32,
    pub missing: u32,
}

/// Units × the periods of a year: who reported what, at a glance.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CompletenessMatrix {
    pub year: i32,
    /// Period codes and their labels, in order.
    pub periods: Vec<(String, String)>,
    pub rows: Vec<MatrixRow>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct MatrixRow {
    pub unit_code: String,
    pub unit_name: String,
    /// Where the unit stands in each period, as in [`CompletenessRow`].
    pub states: Vec<ReportingStatus>,
}

/// A register record of a unit below, for the merged registers.
#[derive(Debug, Clone, Serialize, TS)]
pub struct MergedRecord {
    pub unit_code: String,
    pub unit_name: String,
    pub record: RecordRow,
}

/// One unit below and its latest report for a period.
pub(crate) struct UnitReport {
    pub unit: Unit,
    /// The commune the unit is now part of, for a period read through a merger.
    pub now_in: Option<crate::merges::NowIn>,
    pub latest: Option<StoredReport>,
    pub first: Option<StoredReport>,
    /// Indicator code → value, of the latest and the previous revision.
    pub figures: HashMap<String, Option<i64>>,
    pub previous: HashMap<String, Option<i64>>,
    pub set_version: i64,
}

impl Workspace {
    /// The units directly below this one, in Vietnamese order.
    pub(crate) fn children(&self) -> Result<Vec<Unit>, ApiError> {
        let me = self.installation()?.unit.id;
        let mut units = self.store.read().units(&UnitFilter { parent_id: Some(me), ..Default::default() })?;
        Collator::vietnamese().sort_by_key(&mut units, |u| u.name.as_str());
        Ok(units)
    }

    pub(crate) fn unit_reports(&self, period: PeriodCode) -> Result<Vec<UnitReport>, ApiError> {
        let r = self.store.read();
        let codes = r.indicator_codes()?;
        let mut all_reports = r.period_reports(self.movement(), period)?;
        let all_figures = r.period_figures(self.movement(), period)?;
        let figures = |report: &StoredReport| -> Result<HashMap<String, Option<i64>>, ApiError> {
            Ok(all_figures
                .get(&report.id)
                .into_iter()
                .flatten()
                .filter_map(|f| codes.get(&f.indicator_id).map(|(c, _)| (c.clone(), f.value)))
                .collect())
        };
        let mut out = Vec::new();
        for crate::merges::ReportingUnit { unit, now_in } in self.reporting_units(period)? {
            let revisions: Vec<StoredReport> =
                all_reports.remove(&unit.id).unwrap_or_default().into_iter().filter(|x| x.state != ReportState::Draft).collect();
            let latest = revisions.last().cloned();
            let previous = revisions.len().checked_sub(2).map(|i| &revisions[i]);
            let set_version = latest
                .as_ref()
                .and_then(|l| l.answered_set_version.or_else(|| r.indicator_set_version(l.indicator_set_id).ok().flatten()))
                .unwrap_or(0);
            out.push(UnitReport {
                figures: latest.as_ref().map(figures).transpose()?.unwrap_or_default(),
                previous: previous.map(figures).transpose()?.unwrap_or_default(),
                first: revisions.first().cloned(),
                latest,
                unit,
                now_in,
                set_version,
            });
        }
        Ok(out)
    }

    /// Who reported for `period`, who is late, who is missing.
    pub fn completeness(&self, period: &str) -> Result<Completeness, ApiError> {
        let code = PeriodCode::parse(period)?;
        self.completeness_of(code, &self.unit_reports(code)?)
    }

    /// Who reported, from the units' reports of `code` already read.
    pub(crate) fn completeness_of(&self, code: PeriodCode, reports: &[UnitReport]) -> Result<Completeness, ApiError> {
        let deadline = self.store.read().period(code)?.map(|p| p.deadline).unwrap_or_else(|| code.default_deadline());
        let today = self.store.now().vietnam_date();
        let r = self.store.read();
        let mut rows = Vec::new();
        for ur in reports {
            let via_excel = ur.latest.as_ref().is_some_and(|l| l.excel_import_id.is_some());
            let (state, label, revision, first_sent, first_received, days_late, last_bundle, reason) = match &ur.latest {
                None => {
                    let late = days_between(deadline, today).max(0);
                    let label = if late > 0 { format!("Chưa nhận (quá hạn {late} ngày)") } else { "Chưa nhận".to_owned() };
                    (ReportingStatus::Missing, label, 0, String::new(), String::new(), late, String::new(), String::new())
                }
                Some(latest) => {
                    let sent = ur.first.as_ref().and_then(|f| f.sent_at.clone()).unwrap_or_default();
                    // Lateness is this installation's to judge, by the day the first revision
                    // reached it (its bundle imported, or its template entered); the date the
                    // unit signed is its own claim, shown as such, and a backdated or missing
                    // one changes nothing.
                    let first_in = match ur.first.as_ref() {
                        Some(f) => {
                            let bundle = f.bundle_id.as_deref().map(|b| r.received(b)).transpose()?.flatten().map(|b| b.received_at);
                            let excel =
                                f.excel_import_id.as_deref().map(|id| r.excel_import(id)).transpose()?.flatten().map(|e| e.imported_at);
                            bundle.or(excel)
                        }
                        None => None,
                    };
                    let received_day = first_in.as_deref().and_then(|t| thidua_model::Moment::parse(t).ok()).map(|m| m.vietnam_date());
                    let late = received_day.map_or(0, |d| days_between(deadline, d).max(0));
                    let bundle = latest.bundle_id.as_deref().map(|b| r.received(b)).transpose()?.flatten();
                    let excel = latest.excel_import_id.as_deref().map(|id| r.excel_import(id)).transpose()?.flatten();
                    let last = bundle
                        .map(|b| crate::wording::day_and_time(&b.received_at))
                        .or(excel.map(|e| crate::wording::day_and_time(&e.imported_at)))
                        .unwrap_or_default();
                    let (state, label) = match latest.state {
                        ReportState::Accepted => (ReportingStatus::Accepted, "Đã chấp nhận".to_owned()),
                        ReportState::Returned => (ReportingStatus::Returned, "Bị trả lại".to_owned()),
                        _ if latest.revision > 1 => (ReportingStatus::Corrected, format!("Đã gửi bản sửa đổi (lần {})", latest.revision)),
                        _ if late > 0 => (ReportingStatus::Late, format!("Đã nhận, chậm {late} ngày")),
                        _ => (ReportingStatus::OnTime, "Đã nhận, đúng hạn".to_owned()),
                    };
                    let first_received = first_in.as_deref().map(day).unwrap_or_default();
                    (state, label, latest.revision as u32, day(&sent), first_received, late, last, latest.state_reason.clone())
                }
            };
            rows.push(CompletenessRow {
                unit_code: ur.unit.code.clone(),
                unit_name: ur.unit.name.clone(),
                state,
                state_label: label,
                revision,
                first_sent,
                first_received,
                days_late,
                last_bundle,
                reason,
                via_excel,
                now_in: ur.now_in.as_ref().map(|u| u.name.clone()).unwrap_or_default(),
                now_in_code: ur.now_in.as_ref().map(|u| u.code.clone()).unwrap_or_default(),
            });
        }
        let count = |f: &dyn Fn(&CompletenessRow) -> bool| rows.iter().filter(|x| f(x)).count() as u32;
        Ok(Completeness {
            period: code.to_string(),
            period_label: code.label(),
            deadline: deadline.to_dmy(),
            total: rows.len() as u32,
            missing: count(&|x| x.state == ReportingStatus::Missing),
            received: count(&|x| x.state != ReportingStatus::Missing),
            late: count(&|x| x.days_late > 0 && x.state != ReportingStatus::Missing),
            accepted: count(&|x| x.state == ReportingStatus::Accepted),
            returned: count(&|x| x.state == ReportingStatus::Returned),
            units: rows,
        })
    }

    /// Every unit below against the periods of `year` this installation knows.
    pub fn completeness_matrix(&self, year: i32) -> Result<CompletenessMatrix, ApiError> {
        let periods: Vec<PeriodCode> = self.store.read().periods()?.into_iter().map(|p| p.code).filter(|c| c.year() == year).collect();
        let mut rows: Vec<MatrixRow> =
            self.children()?.into_iter().map(|u| MatrixRow { unit_code: u.code, unit_name: u.name, states: Vec::new() }).collect();
        for p in &periods {
            let c = self.completeness(&p.to_string())?;
            for row in rows.iter_mut() {
                // Before a merger a commune is its old units: missing until every one has reported.
                let mine: Vec<ReportingStatus> = c
                    .units
                    .iter()
                    .filter(|u| if u.now_in_code.is_empty() { u.unit_code == row.unit_code } else { u.now_in_code == row.unit_code })
                    .map(|u| u.state)
                    .collect();
                let state = if mine.contains(&ReportingStatus::Missing) { Some(ReportingStatus::Missing) } else { mine.first().copied() };
                row.states.push(state.unwrap_or(ReportingStatus::Missing));
            }
        }
        Ok(CompletenessMatrix { year, periods: periods.iter().map(|p| (p.to_string(), p.label())).collect(), rows })
    }

    /// Reporting on time, late and missing for every period this installation knows, oldest first.
    pub fn reporting_timeline(&self) -> Result<Vec<PeriodReporting>, ApiError> {
        let periods = self.store.read().periods()?;
        periods
            .into_iter()
            .map(|p| {
                let c = self.completeness(&p.code.to_string())?;
                Ok(PeriodReporting {
                    period: c.period,
                    label: c.period_label,
                    on_time: c.received - c.late,
                    late: c.late,
                    missing: c.missing,
                })
            })
            .collect()
    }

    /// The totals of every indicator over the units' latest received revisions (and, apart,
    /// over the accepted ones), each with every unit's contribution and its bundle.
    pub fn consolidation(&self, period: &str) -> Result<Consolidation, ApiError> {
        let code = PeriodCode::parse(period)?;
        self.consolidation_of(period, &self.unit_reports(code)?)
    }

    /// The consolidation of the units' reports already read.
    fn consolidation_of(&self, period: &str, reports: &[UnitReport]) -> Result<Consolidation, ApiError> {
        let code = PeriodCode::parse(period)?;
        let set = self.indicator_set()?;
        let r = self.store.read();
        let targets = r.targets(self.movement(), code.year())?;
        let mut bundles: HashMap<String, thidua_store::ReceivedBundle> = HashMap::new();
        let mut excel_imports: HashMap<String, thidua_store::ExcelImport> = HashMap::new();
        for ur in reports {
            if let Some(id) = ur.latest.as_ref().and_then(|l| l.excel_import_id.clone())
                && let Some(e) = r.excel_import(&id)?
            {
                excel_imports.insert(id, e);
            }
            if let Some(b) = ur.latest.as_ref().and_then(|l| l.bundle_id.clone())
                && let Some(rb) = r.received(&b)?
            {
                bundles.insert(b, rb);
            }
        }
        // A median needs a few units to say what is usual.
        let medians: HashMap<&str, i64> = set
            .indicators
            .iter()
            .filter_map(|ind| {
                let mut values: Vec<i64> = reports.iter().filter_map(|ur| ur.figures.get(&ind.code).copied().flatten()).collect();
                values.sort_unstable();
                (values.len() >= 3).then(|| (ind.code.as_str(), values[values.len() / 2]))
            })
            .collect();
        let mut flags: HashMap<&str, HashMap<String, crate::indicators::FigureFlags>> = reports
            .iter()
            .map(|ur| {
                let found = crate::indicators::figure_checks(
                    &set.checks,
                    set.indicators.iter().map(|i| i.code.as_str()),
                    |c| ur.figures.get(c).copied().flatten(),
                    |c| medians.get(c).copied(),
                    "trung vị các đơn vị",
                );
                (ur.unit.code.as_str(), found)
            })
            .collect();
        let totals = set
            .indicators
            .iter()
            .map(|ind| {
                let contributions: Vec<Contribution> = reports
                    .iter()
                    .filter_map(|ur| {
                        let latest = ur.latest.as_ref()?;
                        let value = ur.figures.get(&ind.code).copied().flatten();
                        let previous = ur.previous.get(&ind.code).copied().flatten().filter(|p| Some(*p) != value);
                        let bundle = latest.bundle_id.as_ref().and_then(|b| bundles.get(b));
                        let excel = latest.excel_import_id.as_ref().and_then(|id| excel_imports.get(id));
                        let flag = if excel.is_some() {
                            EXCEL_FLAG.to_owned()
                        } else if !ur.figures.contains_key(&ind.code) {
                            format!("không có trong báo cáo (bộ chỉ tiêu phiên bản {})", ur.set_version)
                        } else if ur.set_version != set.version {
                            format!("theo bộ chỉ tiêu phiên bản {}", ur.set_version)
                        } else {
                            String::new()
                        };
                        Some(Contribution {
                            unit_code: ur.unit.code.clone(),
                            unit_name: ur.unit.name.clone(),
                            value,
                            previous,
                            revision: latest.revision as u32,
                            state: latest.state.label().into(),
                            accepted: latest.state == ReportState::Accepted,
                            bundle_id: latest.bundle_id.clone().unwrap_or_default(),
                            file_sha256: bundle.map(|b| b.file_sha256.clone()).or(excel.map(|e| e.file_sha256.clone())).unwrap_or_default(),
                            received_at: bundle
                                .map(|b| crate::wording::day_and_time(&b.received_at))
                                .or(excel.map(|e| crate::wording::day_and_time(&e.imported_at)))
                                .unwrap_or_default(),
                            flag,
                            sub_units: latest.unit_rows.as_array().map_or(0, |rows| {
                                rows.iter().filter(|r| r.get("revision").and_then(Value::as_i64).unwrap_or(0) > 0).count() as u32
                            }),
                            target: targets.get(&(ur.unit.id, ind.code.clone())).copied(),
                            checks: flags
                                .get_mut(ur.unit.code.as_str())
                                .and_then(|f| f.remove(&ind.code))
                                .map(|f| [f.rules, f.far].concat())
                                .unwrap_or_default(),
                            now_in: ur.now_in.as_ref().map(|u| u.name.clone()).unwrap_or_default(),
                        })
                    })
                    .collect();
                let total = |accepted_only: bool| {
                    checked_total(contributions.iter().filter(|c| c.accepted || !accepted_only).filter_map(|c| c.value))
                        .ok_or_else(|| crate::indicators::total_too_large(&ind.code))
                };
                let given: Vec<i64> = reports.iter().filter_map(|ur| targets.get(&(ur.unit.id, ind.code.clone())).copied()).collect();
                Ok(IndicatorTotal {
                    target: if given.is_empty() { None } else { checked_total(given) },
                    flagged: contributions.iter().filter(|c| !c.checks.is_empty()).count() as u32,
                    code: ind.code.clone(),
                    name: ind.name.clone(),
                    measure: ind.measure.clone(),
                    task_group: ind.task_group as i32,
                    received_total: total(false)?,
                    accepted_total: total(true)?,
                    contributions,
                })
            })
            .collect::<Result<_, ApiError>>()?;
        Ok(Consolidation {
            period: code.to_string(),
            period_label: code.label(),
            indicator_set: format!("{} (phiên bản {})", set.name, set.version),
            units_total: reports.len() as u32,
            units_received: reports.iter().filter(|u| u.latest.is_some()).count() as u32,
            units_accepted: reports.iter().filter(|u| u.latest.as_ref().is_some_and(|l| l.state == ReportState::Accepted)).count() as u32,
            missing: reports.iter().filter(|u| u.latest.is_none()).map(|u| u.unit.name.clone()).collect(),
            totals,
        })
    }

    /// The register records of every unit below, dated in `period`, matching `search`, in
    /// Vietnamese order of their title.
    pub fn merged_records(&self, kind: RegisterKind, period: &str, search: &str) -> Result<Vec<MergedRecord>, ApiError> {
        let code = PeriodCode::parse(period)?;
        let children: HashMap<RecordId, Unit> = self.children()?.into_iter().map(|u| (u.id, u)).collect();
        let days = code.stored_days();
        let query = SearchQuery::new(search);
        let texts: Vec<&str> = kind
            .fields()
            .iter()
            .filter(|f| matches!(f.kind, thidua_model::FieldType::Text | thidua_model::FieldType::LongText))
            .map(|f| f.name)
            .collect();
        let out: Vec<MergedRecord> = self
            .store
            .read()
            .records(kind, None)?
            .into_iter()
            .filter_map(|r| {
                let unit = children.get(&r.unit_id)?;
                let date = r.fields.get(kind.date_field()).and_then(Value::as_str).unwrap_or("");
                if !days.contains(date) {
                    return None;
                }
                if !query.is_empty() {
                    let key =
                        texts.iter().filter_map(|f| r.fields.get(*f).and_then(Value::as_str)).map(search_key).collect::<Vec<_>>().join(" ");
                    if !query.matches_key(&key) {
                        return None;
                    }
                }
                Some(MergedRecord { unit_code: unit.code.clone(), unit_name: unit.name.clone(), record: crate::RecordRow::from(r) })
            })
            .collect();
        // In Vietnamese order of title, then unit. Each distinct text is ranked once, so the
        // collator compares a few thousand names rather than every pair of 100,000 records.
        let title = kind.title_field();
        let title_of = |m: &MergedRecord| m.record.fields.get(title).and_then(Value::as_str).unwrap_or("").to_owned();
        let title_rank = vietnamese_ranks(out.iter().map(title_of));
        let unit_rank = vietnamese_ranks(out.iter().map(|m| m.unit_name.clone()));
        let mut keyed: Vec<((usize, usize), MergedRecord)> =
            out.into_iter().map(|m| ((title_rank[&title_of(&m)], unit_rank[&m.unit_name]), m)).collect();
        keyed.sort_by_key(|(k, _)| *k);
        Ok(keyed.into_iter().map(|(_, m)| m).collect())
    }

    /// The consolidated tables as an Excel workbook: one row per unit and a column per indicator
    /// with the total row; the indicators with their totals over received and accepted reports.
    /// What a meeting reads and prints, so it is written at once for every commune of a province
    /// or of the country; the units' registers are a workbook of their own
    /// ([`Workspace::merged_registers_xlsx`]), asked for when a record is to be looked up.
    pub fn consolidated_xlsx(&self, period: &str, dest: &std::path::Path) -> Result<(), ApiError> {
        use thidua_excel::{Cell, Column, Sheet};
        let code = PeriodCode::parse(period)?;
        let reports = self.unit_reports(code)?;
        let c = self.consolidation_of(period, &reports)?;
        let installation = self.installation()?;
        let heading = |what: &str| vec![installation.unit.committee_heading(), format!("{what} {}", c.period_label.to_uppercase())];
        let text = |s: &str| Cell::Text(s.to_owned());
        let num = |v: Option<i64>| v.map_or(Cell::Empty, Cell::Number);
        let mut by_unit = Sheet {
            name: "Theo đơn vị".into(),
            title: heading("KẾT QUẢ PHONG TRÀO “ĐOÀN KẾT SÁNG TẠO” THEO TỪNG ĐƠN VỊ,"),
            columns: ["STT", "Mã đơn vị", "Đơn vị", "Tình trạng"]
                .iter()
                .map(|h| Column { header: (*h).into(), numeric: false })
                .chain(c.totals.iter().map(|t| Column { header: format!("{} {} ({})", t.code, t.name, t.measure), numeric: true }))
                .collect(),
            rows: Vec::new(),
            total: None,
        };
        for (i, ur) in reports.iter().enumerate() {
            let state = ur.latest.as_ref().map_or("Chưa báo cáo".to_owned(), |l| {
                let excel = if l.excel_import_id.is_some() { format!(", {EXCEL_FLAG}") } else { String::new() };
                format!("{} (lần {}{excel})", l.state.label(), l.revision)
            });
            let mut row = vec![Cell::Number(i as i64 + 1), text(&ur.unit.code), text(&ur.unit.name), Cell::Text(state)];
            row.extend(c.totals.iter().map(|t| num(ur.figures.get(&t.code).copied().flatten())));
            by_unit.rows.push(row);
        }
        let mut total =
            vec![Cell::Empty, Cell::Empty, Cell::Text(format!("Tổng cộng ({} đơn vị đã báo cáo)", c.units_received)), Cell::Empty];
        total.extend(c.totals.iter().map(|t| Cell::Number(t.received_total)));
        by_unit.total = Some(total);
        let indicators = Sheet {
            name: "Chỉ tiêu".into(),
            title: heading("TỔNG HỢP CÁC CHỈ TIÊU PHONG TRÀO “ĐOÀN KẾT SÁNG TẠO”,"),
            columns: vec![
                Column { header: "Mã".into(), numeric: false },
                Column { header: "Chỉ tiêu".into(), numeric: false },
                Column { header: "Đơn vị tính".into(), numeric: false },
                Column { header: format!("Tổng các báo cáo đã nhận ({} đơn vị)", c.units_received), numeric: true },
                Column { header: format!("Tổng các báo cáo đã chấp nhận ({} đơn vị)", c.units_accepted), numeric: true },
            ],
            rows: c
                .totals
                .iter()
                .map(|t| {
                    vec![text(&t.code), text(&t.name), text(&t.measure), Cell::Number(t.received_total), Cell::Number(t.accepted_total)]
                })
                .collect(),
            total: None,
        };
        let bytes = thidua_excel::workbook(&[by_unit, indicators]).map_err(|e| ApiError::refused(e.to_string()))?;
        crate::files::write_atomically(dest, &bytes)
    }

    /// Each register of all units below for the period as one workbook, a sheet per register,
    /// grouped by unit in Vietnamese order and each unit's records by date: the way an office
    /// reads a merged register.
    pub fn merged_registers_xlsx(&self, period: &str, dest: &std::path::Path) -> Result<(), ApiError> {
        let code = PeriodCode::parse(period)?;
        let installation = self.installation()?;
        let mut sheets = Vec::new();
        for kind in RegisterKind::ALL {
            // Grouped by unit, in Vietnamese order, each unit's records by date: the way an
            // office reads a merged register.
            let mut records = self.merged_records(kind, period, "")?;
            let unit_rank = vietnamese_ranks(records.iter().map(|m| m.unit_name.clone()));
            let date_of = |m: &MergedRecord| m.record.fields.get(kind.date_field()).and_then(Value::as_str).unwrap_or("").to_owned();
            records.sort_by_cached_key(|m| (unit_rank[&m.unit_name], date_of(m)));
            let title =
                vec![installation.unit.committee_heading(), format!("{}, {}", kind.label().to_uppercase(), code.label().to_uppercase())];
            sheets.push(crate::excel::register_sheet(kind, title, true, records.iter().map(|m| (m.unit_name.as_str(), &m.record.fields))));
        }
        let bytes = thidua_excel::workbook(&sheets).map_err(|e| ApiError::refused(e.to_string()))?;
        crate::files::write_atomically(dest, &bytes)
    }

    /// Sum of the units' latest received figures for each indicator code, and how many units
    /// reported: what the upper level's own report adds to its own registers.
    pub(crate) fn children_totals(&self, period: PeriodCode) -> Result<(HashMap<String, i64>, u32), ApiError> {
        let reports = self.unit_reports(period)?;
        let mut totals: HashMap<String, i64> = HashMap::new();
        let mut units = 0;
        for ur in reports.iter().filter(|u| u.latest.is_some()) {
            units += 1;
            for (code, value) in &ur.figures {
                let total = totals.entry(code.clone()).or_default();
                *total = total.checked_add(value.unwrap_or(0)).ok_or_else(|| crate::indicators::total_too_large(code))?;
            }
        }
        Ok((totals, units))
    }
}
