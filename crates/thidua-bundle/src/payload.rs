//! The payload of each kind of bundle, as JSON, and the limits a payload must keep before any
//! of it is applied. Text is normalised to NFC by whoever stores it; here it is only bounded.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use thidua_plan::PlanDraft;

use crate::BundleError;

/// The longest text value a payload may carry: the bound every form and import keeps, so a
/// unit can never store text its upper level would refuse.
pub use thidua_model::MAX_TEXT_CHARS;
/// The most register records in one report (a ward keeps hundreds a year).
pub const MAX_RECORDS: usize = 200_000;
pub const MAX_AUDIT_ENTRIES: usize = 500_000;

/// Upward: one revision of a unit's report and what it rests on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportPayload {
    pub period: String,
    pub revision: i64,
    pub sent_at: Option<String>,
    /// Section key → the clerk's text.
    pub narrative: BTreeMap<String, String>,
    pub figures: Vec<FigurePayload>,
    /// The unit's register records of the period, deleted ones as tombstones, so a deletion
    /// travels up too.
    pub records: Vec<RecordPayload>,
    /// The unit's audit entries since its previous report bundle.
    pub audit: Vec<AuditPayload>,
    /// For a unit that consolidates units below it: one row per unit with the figures it
    /// received, so the level above sees where the totals come from.
    #[serde(default)]
    pub units: Vec<UnitRowPayload>,
    /// With a yearly report: the unit's own score against its upper level's scoring table
    /// (issue 17). Absent from earlier bundles and from half-year reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_score: Option<SelfScorePayload>,
    /// With a yearly report: the unit's commendation proposals for that year (issue 17), each
    /// sent in full again with every revision of the report.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub proposals: Vec<ProposalPayload>,
    /// The verification code printed on the report's PDF (`docs/VERIFICATION_CODE.md`), signed
    /// by the sender over this report's content. Absent from earlier bundles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification_code: Option<String>,
}

/// A proposal (tờ trình đề nghị khen thưởng) for one form of the award catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProposalPayload {
    pub id: String,
    pub form_code: String,
    pub nominees: Vec<NomineePayload>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NomineePayload {
    pub id: String,
    /// "tap_the" or "ca_nhan".
    pub kind: String,
    pub name: String,
    pub role: String,
    pub achievement: String,
    /// "register:id" of the sender's records the achievement rests on.
    pub records: Vec<String>,
}

/// A unit's own score (tự chấm): the table it scored against and each criterion it answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelfScorePayload {
    pub table_code: String,
    pub table_version: i64,
    pub entries: Vec<SelfScoreEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelfScoreEntry {
    pub criterion: String,
    /// The answer as the scoring crate writes it (`{"kind": "grade", "grade": "B"}`).
    pub answer: Value,
    /// The evidence the unit noted, or how the data gave it.
    pub evidence: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitRowPayload {
    pub unit_code: String,
    pub unit_name: String,
    /// The revision received; 0 when the unit has not reported.
    pub revision: i64,
    /// Indicator code → value.
    pub figures: BTreeMap<String, Option<i64>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigurePayload {
    pub indicator_code: String,
    pub computed: Option<i64>,
    pub value: Option<i64>,
    pub override_reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordPayload {
    /// The register's code ("initiative", "activity"…).
    pub register: String,
    pub id: String,
    pub version: i64,
    pub created_at: String,
    pub created_by: String,
    pub updated_at: String,
    pub updated_by: String,
    pub deleted_at: Option<String>,
    /// The register's own columns.
    pub fields: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditPayload {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub entity: String,
    pub record_id: String,
    pub action: String,
    pub old_value: Option<Value>,
    pub new_value: Option<Value>,
    pub reason: String,
}

/// Downward: a plan, the indicator set wards answer, and the periods' deadlines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanPayload {
    pub plan: Option<PlanDraft>,
    /// The header, number and day the plan was issued under, when it was issued: the lower
    /// level prints it under its issuer, not under its own name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued: Option<PlanIssuePayload>,
    pub indicator_set: IndicatorSetPayload,
    pub periods: Vec<PeriodPayload>,
    /// The scoring table in use and the unit's targets (issue 17); absent when the upper level
    /// has no table yet, and from earlier bundles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scoring: Option<ScoringPayload>,
    /// The award catalogue in use at the upper level (as the awards crate writes it), so the
    /// unit proposes from the same forms and rules; absent from earlier bundles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub awards: Option<Value>,
    /// The yearly targets given to the unit (chỉ tiêu giao), whether or not a scoring table is
    /// in use; bundles written before carried them in `scoring.targets` only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<TargetPayload>,
    /// The verification code printed on the issued plan (`docs/VERIFICATION_CODE.md`), signed
    /// by the sender over `plan`. Absent for a plan not issued, and from earlier bundles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification_code: Option<String>,
}

/// What a unit scores itself against: the table (as the scoring crate writes it) and the
/// targets it was given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoringPayload {
    pub table: Value,
    /// Targets as bundles before `PlanPayload.targets` carried them; written empty now.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<TargetPayload>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetPayload {
    pub year: i32,
    pub indicator_code: String,
    pub target: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanIssuePayload {
    /// One line each: "ỦY BAN MTTQ VIỆT NAM", "TỈNH THANH HÓA".
    pub parent_body: Vec<String>,
    pub issuing_body: String,
    pub symbol: String,
    pub place: String,
    pub number: i64,
    /// ISO day ("2022-04-05").
    pub issued_on: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorSetPayload {
    /// The movement's code (several movements run at once, each with its set).
    pub code: String,
    /// The movement's name as sentences quote it ("Vì người nghèo"); left out for the first
    /// movement, whose name the program knows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub movement_name: Option<String>,
    pub version: i64,
    pub name: String,
    pub indicators: Vec<IndicatorPayload>,
    /// Rules between figures the recipient checks before it sends; absent from earlier bundles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<thidua_model::FigureRule>,
    /// How far (percent) a figure may be from its reference before it is flagged; 0: never.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub outlier_percent: i64,
}

fn first_movement() -> String {
    thidua_model::FIRST_MOVEMENT.into()
}

fn is_first_movement(m: &String) -> bool {
    m == thidua_model::FIRST_MOVEMENT
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorPayload {
    pub position: i64,
    pub task_group: i64,
    pub code: String,
    pub name: String,
    pub measure: String,
    pub register: Option<String>,
    pub aggregate: Option<String>,
    pub filter: Option<String>,
    /// The day that places a record in a period for it, or "running"; absent: the register's
    /// own day (and from earlier bundles).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_field: Option<String>,
    /// How the report's narrative says the figure; absent: by its name (and from earlier bundles).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phrase: Option<thidua_model::IndicatorPhrase>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodPayload {
    pub code: String,
    /// ISO date.
    pub deadline: String,
}

/// Downward: every key the upper level has enrolled, and its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RosterPayload {
    pub entries: Vec<RosterEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RosterEntry {
    pub unit_code: String,
    pub level: String,
    pub unit_name: String,
    pub public_key: String,
    pub key_id: String,
    /// "active" or "revoked".
    pub state: String,
    pub since: String,
}

/// Downward: the upper level's decision on one revision of a report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionPayload {
    /// The movement of the report decided on; left out for the first movement.
    #[serde(default = "first_movement", skip_serializing_if = "is_first_movement")]
    pub movement: String,
    pub period: String,
    pub revision: i64,
    /// "accepted" or "returned".
    pub decision: String,
    pub reason: String,
    pub decided_at: String,
    pub decided_by: String,
}

/// The sender's new key, in a bundle signed by its old key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyChangePayload {
    pub new_public_key: String,
    pub reason: String,
}

/// Downward: what the upper level holds of one unit, sent back to it: every register record it
/// received from the unit (tombstones included) and every report revision the unit sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReturnedDataPayload {
    pub records: Vec<RecordPayload>,
    pub reports: Vec<ReturnedReport>,
}

/// One report revision as the upper level received it, with its decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReturnedReport {
    /// The movement of the report; left out for the first movement.
    #[serde(default = "first_movement", skip_serializing_if = "is_first_movement")]
    pub movement: String,
    pub period: String,
    pub revision: i64,
    /// "received" (not decided yet), "accepted" or "returned".
    pub state: String,
    pub state_reason: String,
    pub sent_at: Option<String>,
    pub narrative: BTreeMap<String, String>,
    pub figures: Vec<FigurePayload>,
}

/// Downward: how the upper level scored the unit for a year, with its rank.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoringResultPayload {
    pub year: i32,
    pub table_code: String,
    pub table_version: i64,
    pub table_name: String,
    /// Points in hundredths (9,75 is 975), exact as the scorer summed them.
    pub total: i64,
    /// The class reached ("Xuất sắc"), "" for none.
    pub class: String,
    /// 1 for the best; 0 when the unit was not ranked.
    pub rank: u32,
    pub tied: bool,
    /// How many units were ranked.
    pub ranked_units: u32,
    /// The unit's cluster, "" outside any, its rank there and how many were ranked in it.
    pub cluster_name: String,
    pub cluster_rank: u32,
    pub cluster_ranked: u32,
    pub criteria: Vec<ResultCriterion>,
    pub decided_at: String,
    pub decided_by: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResultCriterion {
    pub code: String,
    pub name: String,
    /// In hundredths; `None` when not scored.
    pub points: Option<i64>,
    pub explanation: String,
    /// The scorer's reason, or the unit's own evidence where its score was kept.
    pub reason: String,
}

/// Downward: an award decision as it concerns the recipient, and the upper level's decision on
/// each nominee the recipient proposed for that year. The printed decision, with the whole
/// list, is the bundle's document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AwardDecisionPayload {
    pub id: String,
    pub year: i32,
    pub form_code: String,
    /// "Bằng khen của Ban Thường trực Ủy ban MTTQ tỉnh Thanh Hóa".
    pub form_name: String,
    pub number: i64,
    /// "05/QĐ-MTTQ-BTT".
    pub reference: String,
    /// ISO day.
    pub issued_on: String,
    /// The recipient's own awardees in the decision.
    pub awardees: Vec<AwardeePayload>,
    /// Every nominee the recipient proposed that year: "approved", "cut", "returned" or "".
    pub nominees: Vec<NomineeDecisionPayload>,
    /// The verification code printed on the decision (`docs/VERIFICATION_CODE.md`), signed by
    /// the sender over the whole decision. Absent from earlier bundles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification_code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AwardeePayload {
    /// The nominee it answers, as the recipient sent it.
    pub nominee_id: String,
    pub kind: String,
    pub name: String,
    pub role: String,
    pub achievement: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NomineeDecisionPayload {
    pub nominee_id: String,
    pub decision: String,
    pub reason: String,
}

/// What a payload holds that the text limits do not bound: its register records and its audit
/// trail, counted, and each record's fields plain values.
pub trait Limits {
    fn records(&self) -> &[RecordPayload] {
        &[]
    }
    fn audit_entries(&self) -> usize {
        0
    }
}

impl Limits for ReportPayload {
    fn records(&self) -> &[RecordPayload] {
        &self.records
    }
    fn audit_entries(&self) -> usize {
        self.audit.len()
    }
}

impl Limits for ReturnedDataPayload {
    fn records(&self) -> &[RecordPayload] {
        &self.records
    }
}

impl Limits for PlanPayload {}
impl Limits for RosterPayload {}
impl Limits for DecisionPayload {}
impl Limits for KeyChangePayload {}
impl Limits for ScoringResultPayload {}
impl Limits for AwardDecisionPayload {}
#[cfg(test)]
impl Limits for serde_json::Value {}

fn text_error(what: &str) -> BundleError {
    BundleError::BadPayload(format!("{what} có đoạn văn bản dài quá {MAX_TEXT_CHARS} ký tự"))
}

fn nul_error(what: &str) -> BundleError {
    BundleError::BadPayload(format!("{what} có ký tự rỗng (NUL)"))
}

/// Checks every string of the JSON text `bytes`, keys included, as it reads once decoded: at
/// most [`MAX_TEXT_CHARS`] characters and no NUL. One pass over the bytes, so the payload is
/// then parsed once, straight into its type. Escapes count as the one character they stand for
/// (a surrogate pair as one); text that is not JSON is left for the parser to refuse.
fn check_json_strings(bytes: &[u8], what: &str) -> Result<(), BundleError> {
    let hex = |at: usize| -> Option<u16> { u16::from_str_radix(std::str::from_utf8(bytes.get(at..at + 4)?).ok()?, 16).ok() };
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'"' {
            i += 1;
            continue;
        }
        i += 1;
        let (mut chars, mut after_high_surrogate) = (0usize, false);
        while i < bytes.len() && bytes[i] != b'"' {
            let b = bytes[i];
            if b == b'\\' {
                if bytes.get(i + 1) == Some(&b'u') {
                    let unit = hex(i + 2).unwrap_or(0xFFFF);
                    if unit == 0 {
                        return Err(nul_error(what));
                    }
                    let low = (0xDC00..0xE000).contains(&unit);
                    if !(low && after_high_surrogate) {
                        chars += 1;
                    }
                    after_high_surrogate = (0xD800..0xDC00).contains(&unit);
                    i += 6;
                } else {
                    chars += 1;
                    after_high_surrogate = false;
                    i += 2;
                }
                continue;
            }
            if b == 0 {
                return Err(nul_error(what));
            }
            // A UTF-8 continuation byte belongs to the character its lead byte began.
            if b & 0xC0 != 0x80 {
                chars += 1;
            }
            after_high_surrogate = false;
            i += 1;
        }
        if chars > MAX_TEXT_CHARS {
            return Err(text_error(what));
        }
        i += 1;
    }
    Ok(())
}

/// Parses a payload and checks its limits: counts, text lengths, and that register fields are
/// plain values. Invalid UTF-8 is refused by the JSON parser itself.
pub fn parse<T: for<'de> Deserialize<'de> + Limits>(bytes: &[u8], label: &str) -> Result<T, BundleError> {
    check_json_strings(bytes, label)?;
    let payload: T = serde_json::from_slice(bytes).map_err(|e| BundleError::BadPayload(format!("{label}: {e}")))?;
    let records = payload.records();
    if records.len() > MAX_RECORDS {
        return Err(BundleError::BadPayload(format!("{} bản ghi, vượt giới hạn {MAX_RECORDS}", records.len())));
    }
    if records.iter().flat_map(|r| r.fields.values()).any(|v| v.is_array() || v.is_object()) {
        return Err(BundleError::BadPayload("trường của bản ghi phải là giá trị đơn".into()));
    }
    if payload.audit_entries() > MAX_AUDIT_ENTRIES {
        return Err(BundleError::BadPayload(format!("nhật ký vượt giới hạn {MAX_AUDIT_ENTRIES} mục")));
    }
    Ok(payload)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(json: &str) -> Result<(), BundleError> {
        check_json_strings(json.as_bytes(), "x")
    }

    #[test]
    fn strings_are_measured_as_decoded() {
        let at_limit = "ư".repeat(MAX_TEXT_CHARS);
        assert!(check(&format!(r#"{{"a":"{at_limit}"}}"#)).is_ok());
        assert!(check(&format!(r#"{{"a":"{at_limit}x"}}"#)).is_err());
        // An escape is one character; a surrogate pair one too; a key is measured like a value.
        let escapes = r"\n".repeat(MAX_TEXT_CHARS);
        assert!(check(&format!(r#"["{escapes}"]"#)).is_ok());
        assert!(check(&format!(r#"["{escapes}\t"]"#)).is_err());
        let pairs = r"\ud83d\ude00".repeat(MAX_TEXT_CHARS);
        assert!(check(&format!(r#"["{pairs}"]"#)).is_ok());
        assert!(check(&format!(r#"{{"{at_limit}y":1}}"#)).is_err());
        // An escaped quote does not end the string.
        let quotes = r#"\""#.repeat(MAX_TEXT_CHARS);
        assert!(check(&format!(r#"["{quotes}", "{quotes}a"]"#)).is_err());
    }

    #[test]
    fn nul_is_refused_escaped_or_raw_and_broken_text_is_left_to_the_parser() {
        assert!(matches!(check(r#"["a\u0000b"]"#), Err(BundleError::BadPayload(m)) if m.contains("NUL")));
        assert!(matches!(check_json_strings(b"[\"a\0b\"]", "x"), Err(BundleError::BadPayload(m)) if m.contains("NUL")));
        for broken in [r#"["abc"#, r#"["\u12"]"#, r#""\"#, "\"", ""] {
            let _ = check(broken);
        }
        assert!(parse::<Value>(br#"["\u12"]"#, "x").is_err());
    }
}
