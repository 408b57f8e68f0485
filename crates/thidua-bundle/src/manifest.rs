//! The manifest: what a bundle is, who sent it to whom, where it sits in the sender's chain,
//! and the SHA-256 of every other file. The signature covers its exact bytes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The format this program writes and the newest it reads.
pub const FORMAT_VERSION: u32 = 1;
pub const FORMAT_NAME: &str = "thidua-bundle";

/// What a bundle carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Upward: a unit's report for a period, with the register records and audit entries it rests on.
    Report,
    /// Downward: a plan, the indicator set and the periods' deadlines.
    Plan,
    /// Downward: the keys the upper level has enrolled.
    Roster,
    /// Downward: a report accepted or returned with a reason.
    Decision,
    /// Either way: the sender's new key, signed by its old one.
    KeyChange,
    /// Downward: a unit's own records and report revisions as the upper level holds them, sent
    /// back to a unit that lost them (an older backup restored, a laptop replaced).
    ReturnedData,
    /// Downward: a unit's year-end score and rank, criterion by criterion with the reasons.
    ScoringResult,
    /// Downward: an award decision (quyết định khen thưởng) with the recipient's awardees, and
    /// the upper level's decision on each nominee the recipient proposed that year.
    AwardDecision,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Report,
        Kind::Plan,
        Kind::Roster,
        Kind::Decision,
        Kind::KeyChange,
        Kind::ReturnedData,
        Kind::ScoringResult,
        Kind::AwardDecision,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Kind::Report => "báo cáo",
            Kind::Plan => "kế hoạch và bộ chỉ tiêu",
            Kind::Roster => "danh sách khóa",
            Kind::Decision => "quyết định xét duyệt",
            Kind::KeyChange => "thay khóa",
            Kind::ReturnedData => "dữ liệu cấp trên gửi trả",
            Kind::ScoringResult => "kết quả chấm điểm thi đua",
            Kind::AwardDecision => "quyết định khen thưởng",
        }
    }
}

/// A unit as a manifest names it: the statistics office's code and level, and its name for
/// people reading the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Party {
    pub unit_code: String,
    pub level: String,
    pub unit_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorSetRef {
    pub code: String,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format: String,
    pub format_version: u32,
    pub kind: Kind,
    pub sender: Party,
    /// The key that signed this manifest ([`crate::PublicKey::key_id`]).
    pub sender_key_id: String,
    pub recipient: Party,
    pub period: Option<String>,
    pub indicator_set: Option<IndicatorSetRef>,
    /// 1, 2, 3 … for each (sender, recipient) pair, across all kinds.
    pub sequence: u64,
    /// The bundle id of the sender's previous bundle to this recipient; `None` for the first.
    pub previous: Option<String>,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// Every other file of the archive except the signature → its SHA-256 (lowercase hex).
    pub files: BTreeMap<String, String>,
}

/// Just enough of a manifest to refuse one from a newer program before reading the rest.
#[derive(Deserialize)]
pub(crate) struct VersionProbe {
    pub format: Option<String>,
    pub format_version: Option<u32>,
}
