//! What crosses to the UI and the CLI about bundles, and the payload as parsed.

use serde::Serialize;
use thidua_bundle::payload::{
    self, DecisionPayload, FigurePayload, KeyChangePayload, PlanPayload, RecordPayload, ReportPayload, ReturnedDataPayload, RosterPayload,
};
use thidua_bundle::{BundleError, Kind, Party, Verified};
use thidua_model::{BundleOutcome, PeriodCode, Unit};
use ts_rs::TS;

use super::refusal::RefusalReason;
use crate::ApiError;

/// A bundle written to a file.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ExportedBundle {
    pub file: String,
    pub bundle_id: String,
    pub kind: String,
    pub recipient: String,
    pub sequence: u32,
    pub bytes: u32,
}

/// What happened (or, in a dry run, would happen) to one file.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ImportOutcome {
    pub file_name: String,
    pub outcome: BundleOutcome,
    pub message: String,
    pub dry_run: bool,
    pub bundle_id: Option<String>,
    pub sender: String,
    pub kind: String,
    pub sequence: Option<u32>,
    /// What the bundle changes, one line each ("Sáng kiến: 3 mới, 1 sửa").
    pub changes: Vec<String>,
    /// With `Refused`: why, with its fields (`message` is its sentence).
    pub reason: Option<RefusalReason>,
}

impl ImportOutcome {
    /// Whether the file is in (applied now or before); `bundle import` exits 0 only if all are.
    pub fn is_ok(&self) -> bool {
        self.outcome.is_in()
    }
}

/// How far an import has gone: sent to the window after each file.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ImportProgress {
    /// Files done so far, this one included.
    pub done: u32,
    pub total: u32,
    pub outcome: ImportOutcome,
}

/// A bundle waiting for the clerk: held for a missing predecessor, or in conflict with one
/// already applied (shown side by side).
#[derive(Debug, Clone, Serialize, TS)]
pub struct WaitingBundle {
    pub bundle_id: String,
    /// `Held` or `Conflict`.
    pub state: BundleOutcome,
    pub note: String,
    pub sender: String,
    pub kind: String,
    pub sequence: u32,
    pub file_name: String,
    pub received_at: String,
    /// This bundle's content, one line each.
    pub summary: Vec<String>,
    /// For a conflict: the applied bundle with the same sequence, and its content.
    pub applied_bundle_id: Option<String>,
    pub applied_summary: Vec<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ImportLogView {
    pub at: String,
    pub actor: String,
    pub file_name: String,
    pub file_sha256: String,
    pub sender: String,
    pub outcome: BundleOutcome,
    pub message: String,
}

pub(super) fn party(u: &Unit) -> Party {
    Party { unit_code: u.code.clone(), level: u.level.clone(), unit_name: u.name.clone() }
}

pub(super) fn refused(e: BundleError) -> ApiError {
    ApiError::refused(e.to_string())
}

/// A `.thidua` file found where received files usually land (Downloads, Desktop).
#[derive(Debug, Clone, Serialize, TS)]
pub struct BundleCandidate {
    pub path: String,
    pub file_name: String,
    pub folder: String,
    pub bytes: u32,
    /// When the file was written, RFC 3339.
    pub modified: String,
    /// From its manifest; empty when the file cannot be read as a bundle.
    pub sender: String,
    pub kind: String,
    pub sequence: u32,
    /// Whether this bundle (by content) is already here: applied, waiting or set aside.
    pub known: bool,
}

/// `bundle inspect`: the manifest in words and whether this installation would trust it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct BundleInspection {
    pub bundle_id: String,
    pub kind: String,
    pub sender: String,
    pub recipient: String,
    pub period: String,
    pub sequence: u32,
    pub created_at: String,
    pub key_id: String,
    pub files: Vec<String>,
    pub verdict: String,
}

pub(super) fn outcome(name: &str, outcome: BundleOutcome, message: String, dry_run: bool) -> ImportOutcome {
    ImportOutcome {
        file_name: name.to_owned(),
        outcome,
        message,
        dry_run,
        bundle_id: None,
        sender: String::new(),
        kind: String::new(),
        sequence: None,
        changes: Vec::new(),
        reason: None,
    }
}

/// A file refused for `reason`.
pub(super) fn refusal(name: &str, reason: RefusalReason, dry_run: bool) -> ImportOutcome {
    ImportOutcome { reason: Some(reason.clone()), ..outcome(name, BundleOutcome::Refused, reason.message(), dry_run) }
}

pub(super) fn kind_code(kind: Kind) -> &'static str {
    match kind {
        Kind::Report => "report",
        Kind::Plan => "plan",
        Kind::Roster => "roster",
        Kind::Decision => "decision",
        Kind::KeyChange => "key_change",
        Kind::ReturnedData => "returned_data",
        Kind::ScoringResult => "scoring_result",
        Kind::AwardDecision => "award_decision",
    }
}

/// A payload parsed by kind.
pub(super) enum Parsed {
    Report(ReportPayload),
    Plan(Box<PlanPayload>),
    Roster(RosterPayload),
    Decision(DecisionPayload),
    KeyChange(KeyChangePayload),
    ReturnedData(ReturnedDataPayload),
    ScoringResult(payload::ScoringResultPayload),
    AwardDecision(payload::AwardDecisionPayload),
}

impl Parsed {
    pub(super) fn from(v: &Verified) -> Result<Self, BundleError> {
        let bytes = v.payload();
        let parsed = match v.manifest.kind {
            Kind::Report => {
                let p: ReportPayload = payload::parse(bytes, "báo cáo")?;
                if Some(&p.period) != v.manifest.period.as_ref() {
                    return Err(BundleError::BadPayload("kỳ báo cáo trong nội dung khác kỳ ghi trên gói".into()));
                }
                figures_within_bounds(&p.figures).map_err(BundleError::BadPayload)?;
                for row in &p.units {
                    for (code, value) in &row.figures {
                        if let Some(why) = value.and_then(|v| thidua_model::out_of_bounds(v, thidua_model::MAX_FIGURE)) {
                            return Err(BundleError::BadPayload(format!("chỉ tiêu {code} của {}: {why}", row.unit_name)));
                        }
                    }
                }
                records_within_bounds(&p.records).map_err(BundleError::BadPayload)?;
                Parsed::Report(p)
            }
            Kind::Plan => Parsed::Plan(Box::new(payload::parse(bytes, "kế hoạch")?)),
            Kind::Roster => Parsed::Roster(payload::parse(bytes, "danh sách khóa")?),
            Kind::Decision => Parsed::Decision(payload::parse(bytes, "quyết định")?),
            Kind::KeyChange => Parsed::KeyChange(payload::parse(bytes, "thay khóa")?),
            Kind::ReturnedData => {
                let p: ReturnedDataPayload = payload::parse(bytes, "dữ liệu gửi trả")?;
                for r in &p.reports {
                    figures_within_bounds(&r.figures).map_err(BundleError::BadPayload)?;
                }
                records_within_bounds(&p.records).map_err(BundleError::BadPayload)?;
                Parsed::ReturnedData(p)
            }
            Kind::ScoringResult => Parsed::ScoringResult(payload::parse(bytes, "kết quả chấm điểm")?),
            Kind::AwardDecision => Parsed::AwardDecision(payload::parse(bytes, "quyết định khen thưởng")?),
        };
        Ok(parsed)
    }
}

/// A report's figures, held to the bounds the sender's own forms keep
/// (`thidua_model::MAX_FIGURE`): a bundle is signed by the unit's key, but the key does not make
/// a negative or absurd number true, and the totals here must not take it in.
fn figures_within_bounds(figures: &[FigurePayload]) -> Result<(), String> {
    use thidua_model::{MAX_FIGURE, out_of_bounds};
    // One figure per indicator: two would meet SQLite's unique key and come back in English.
    let mut seen = std::collections::HashSet::new();
    if let Some(twice) = figures.iter().find(|f| !seen.insert(f.indicator_code.as_str())) {
        return Err(format!("chỉ tiêu {} có hai số liệu trong một báo cáo", twice.indicator_code));
    }
    for f in figures {
        for value in [f.value, f.computed].into_iter().flatten() {
            if let Some(why) = out_of_bounds(value, MAX_FIGURE) {
                return Err(format!("chỉ tiêu {}: {why}", f.indicator_code));
            }
        }
    }
    Ok(())
}

/// The registers' numbers, held to the bounds of their fields, as the forms hold them.
fn records_within_bounds(records: &[RecordPayload]) -> Result<(), String> {
    use thidua_model::{FieldType, MAX_AMOUNT, MAX_COUNT, RegisterKind, out_of_bounds};
    for r in records {
        let Some(kind) = RegisterKind::ALL.into_iter().find(|k| k.code() == r.register) else { continue };
        for spec in kind.fields() {
            let max = match spec.kind {
                FieldType::Amount => MAX_AMOUNT,
                FieldType::Count => MAX_COUNT,
                FieldType::Stars => 5,
                _ => continue,
            };
            match r.fields.get(spec.name) {
                None | Some(serde_json::Value::Null) => {}
                Some(v) => match v.as_i64() {
                    Some(n) => {
                        if let Some(why) = out_of_bounds(n, max) {
                            return Err(format!("{} của một bản ghi «{}»: {why}", spec.label, kind.label()));
                        }
                    }
                    None => return Err(format!("{} của một bản ghi «{}» không phải số nguyên", spec.label, kind.label())),
                },
            }
        }
    }
    Ok(())
}

/// A payload's content in a few lines, for previews and conflicts.
pub(super) fn summary(p: &Parsed) -> Vec<String> {
    match p {
        Parsed::Report(r) => {
            let mut lines =
                vec![format!("Báo cáo {} lần {}", PeriodCode::parse(&r.period).map(|c| c.label()).unwrap_or_default(), r.revision)];
            let mut figures: Vec<&FigurePayload> = r.figures.iter().collect();
            figures.sort_by(|a, b| a.indicator_code.cmp(&b.indicator_code));
            lines.extend(figures.iter().map(|f| {
                format!("Chỉ tiêu {}: {}", f.indicator_code, f.value.map(thidua_text::format_integer).unwrap_or_else(|| "—".into()))
            }));
            lines.push(format!("{} bản ghi sổ theo dõi", r.records.len()));
            lines
        }
        Parsed::Plan(p) => vec![format!(
            "Bộ chỉ tiêu {} phiên bản {}; {} kỳ báo cáo{}",
            p.indicator_set.name,
            p.indicator_set.version,
            p.periods.len(),
            if p.plan.is_some() { "; kèm kế hoạch" } else { "" }
        )],
        Parsed::Roster(r) => vec![format!("Danh sách {} khóa", r.entries.len())],
        Parsed::Decision(d) => vec![format!(
            "Quyết định: {} báo cáo lần {} ({})",
            if d.decision == "accepted" { "chấp nhận" } else { "trả lại" },
            d.revision,
            d.reason
        )],
        Parsed::KeyChange(_) => vec!["Khóa ký mới của đơn vị gửi".into()],
        Parsed::ReturnedData(d) => {
            vec![format!("{} bản ghi sổ theo dõi và {} lần báo cáo do cấp trên giữ", d.records.len(), d.reports.len())]
        }
        Parsed::ScoringResult(r) => vec![format!("Kết quả chấm điểm thi đua năm {}: {} tiêu chí", r.year, r.criteria.len())],
        Parsed::AwardDecision(d) => vec![format!(
            "Quyết định số {} tặng {} năm {}: {} tập thể, cá nhân của đơn vị",
            d.reference,
            d.form_name,
            d.year,
            d.awardees.len()
        )],
    }
}
