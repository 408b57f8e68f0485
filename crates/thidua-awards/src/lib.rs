//! Commendations as data (issue 17): the award catalogue an office keeps (each form of
//! commendation, the level whose body issues it, who it is for, which levels may propose it,
//! its quota per cluster or per proposer, whether each nominee needs a report of achievements,
//! and how many years must pass before the same form again), and the checks a proposal must
//! pass before it is stored or sent. No I/O; the shipped example is `assets/awards/`.

use serde::{Deserialize, Serialize};

/// Who a commendation is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Recipient {
    /// Tập thể: a unit, a committee, a residential area.
    #[serde(rename = "tap_the")]
    Collective,
    /// Cá nhân.
    #[serde(rename = "ca_nhan")]
    Individual,
}

impl Recipient {
    pub fn code(self) -> &'static str {
        match self {
            Recipient::Collective => "tap_the",
            Recipient::Individual => "ca_nhan",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Recipient::Collective => "tập thể",
            Recipient::Individual => "cá nhân",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "tap_the" => Some(Recipient::Collective),
            "ca_nhan" => Some(Recipient::Individual),
            _ => None,
        }
    }
}

/// One form of commendation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Form {
    /// "bang-khen-tinh": unique in the catalogue.
    pub code: String,
    /// What the certificate says it is: "Bằng khen", "Giấy khen", "Cờ thi đua".
    pub title: String,
    /// The level whose body issues it: "xa", "tinh", or "trung_uong" for the Central Committee (the
    /// codes of the commendations register). The
    /// issuing body's name comes from the unit at that level, never from this file.
    pub issuer_level: String,
    pub recipients: Vec<Recipient>,
    /// The levels whose units may propose it to the issuing level.
    pub proposer_levels: Vec<String>,
    /// At most this many nominees for it from each emulation cluster in a year.
    #[serde(default)]
    pub quota_per_cluster: Option<u32>,
    /// At most this many nominees for it from each proposing unit in a year.
    #[serde(default)]
    pub quota_per_proposer: Option<u32>,
    /// Each nominee needs a report of achievements (báo cáo thành tích) with the proposal.
    #[serde(default)]
    pub needs_report: bool,
    /// The same collective or person may not receive it again before this many years have
    /// passed since the last time.
    #[serde(default)]
    pub repeat_after_years: Option<u32>,
}

/// The catalogue of forms an office uses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    pub code: String,
    pub version: u32,
    pub name: String,
    pub forms: Vec<Form>,
}

/// What is wrong, in words for the clerk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwardError(pub String);

impl std::fmt::Display for AwardError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for AwardError {}

/// The levels a form may be issued at or proposed from.
const LEVELS: [&str; 4] = ["xa", "huyen", "tinh", "trung_uong"];

/// A level's code as a sentence says it: "xa" → "xã".
pub fn level_word(code: &str) -> &str {
    match code {
        "xa" => "xã",
        "huyen" => "huyện",
        "tinh" => "tỉnh",
        "trung_uong" => "Trung ương",
        other => other,
    }
}

impl Catalogue {
    pub fn from_json(text: &str) -> Result<Self, AwardError> {
        let c: Catalogue = serde_json::from_str(text).map_err(|e| AwardError(format!("Danh mục khen thưởng không đọc được: {e}.")))?;
        c.check()?;
        Ok(c)
    }

    pub fn form(&self, code: &str) -> Option<&Form> {
        self.forms.iter().find(|f| f.code == code)
    }

    /// Codes unique, levels known, every form for someone and proposed by someone (or issued by
    /// the level itself, with no proposer levels).
    pub fn check(&self) -> Result<(), AwardError> {
        let fail = |m: String| Err(AwardError(m));
        if self.forms.is_empty() {
            return fail("Danh mục khen thưởng chưa có hình thức nào.".into());
        }
        let mut seen = std::collections::HashSet::new();
        for f in &self.forms {
            let named = format!("Hình thức {} ({})", f.code, f.title);
            if f.code.trim().is_empty() || f.title.trim().is_empty() || !seen.insert(f.code.as_str()) {
                return fail(format!("{named}: mã, tên trống hoặc mã trùng."));
            }
            if !LEVELS.contains(&f.issuer_level.as_str()) || f.proposer_levels.iter().any(|l| !LEVELS.contains(&l.as_str())) {
                return fail(format!("{named}: cấp phải là một trong {}.", LEVELS.join(", ")));
            }
            if f.recipients.is_empty() {
                return fail(format!("{named}: cần ghi khen cho tập thể, cá nhân hay cả hai."));
            }
            if f.quota_per_cluster == Some(0) || f.quota_per_proposer == Some(0) {
                return fail(format!("{named}: số lượng đề nghị tối đa phải lớn hơn 0 (bỏ trống nếu không giới hạn)."));
            }
        }
        Ok(())
    }
}

/// A commendation a collective or person already has: the form and the year of its decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Past {
    pub form_code: String,
    pub year: i32,
    /// "Quyết định số 12/QĐ-MTTQ-BTT ngày 20/12/2021", or the register's words.
    pub decision: String,
}

impl Form {
    /// Whether a unit at `level` may propose this form for `recipient`; why not otherwise.
    pub fn may_propose(&self, level: &str, recipient: Recipient) -> Result<(), AwardError> {
        if !self.proposer_levels.iter().any(|l| l == level) {
            return Err(AwardError(format!(
                "{} ({}) không do cấp {} đề nghị (cấp được đề nghị: {}).",
                self.title,
                self.code,
                level_word(level),
                if self.proposer_levels.is_empty() {
                    "không có, cấp ban hành tự xét".to_owned()
                } else {
                    self.proposer_levels.iter().map(|l| level_word(l)).collect::<Vec<_>>().join(", ")
                }
            )));
        }
        if !self.recipients.contains(&recipient) {
            return Err(AwardError(format!("{} không tặng cho {}.", self.title, recipient.label())));
        }
        Ok(())
    }

    /// The earlier commendation that makes this one too soon for a nominee, in a sentence; `None`
    /// when the form has no such rule or enough years have passed.
    pub fn too_soon(&self, year: i32, history: &[Past]) -> Option<String> {
        let years = self.repeat_after_years?;
        let last = history.iter().filter(|p| p.form_code == self.code).max_by_key(|p| p.year)?;
        (year - last.year < years as i32).then(|| {
            format!(
                "đã nhận {} năm {} ({}); quy định sau ít nhất {years} năm mới đề nghị lại, tức từ năm {}",
                self.title,
                last.year,
                last.decision,
                last.year + years as i32
            )
        })
    }
}

/// Whether `adding` more nominees for a form keeps within a quota of `quota`, `already` being
/// counted; the sentence of the refusal otherwise.
pub fn within_quota(quota: Option<u32>, already: u32, adding: u32, whose: &str) -> Result<(), AwardError> {
    match quota {
        Some(q) if already + adding > q => {
            Err(AwardError(format!("vượt số lượng đề nghị của {whose}: tối đa {q}, đã có {already}, thêm {adding}")))
        }
        _ => Ok(()),
    }
}
