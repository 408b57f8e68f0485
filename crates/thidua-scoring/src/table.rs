//! A scoring table (bảng tiêu chí, thang điểm) as the upper level writes it: groups of criteria,
//! each with its standard points and how it is scored, the rules for bonuses, and the classes.

use serde::{Deserialize, Serialize};

use crate::Points;
use crate::score::{Answer, Grade};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoringTable {
    /// Which movement's table ("doan-ket-sang-tao"); a new version replaces the old one.
    pub code: String,
    pub version: u32,
    pub name: String,
    pub rules: Rules,
    pub groups: Vec<Group>,
    /// From the best down: a unit takes the first class whose minimum its total reaches.
    pub classes: Vec<Class>,
}

/// The caps on bonus points for exceeding targets (Hưng Yên, section V.2.a: 1 % of the
/// standard per 1 % over the target, at most 10 % of the standard; all such bonuses at most
/// 20 points).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    pub excess_bonus_cap_percent: u32,
    pub quantitative_bonus_cap: Points,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// "I", "II", "III", or "thuong" / "tru" for the bonuses and penalties.
    pub code: String,
    pub name: String,
    pub criteria: Vec<Criterion>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// "1.1": unique in the table.
    pub code: String,
    pub name: String,
    /// The standard points (điểm chuẩn); 0 for fixed bonuses, penalties and lateness.
    #[serde(default)]
    pub standard: Points,
    pub method: Method,
}

/// How a criterion is scored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Method {
    /// Achieved ÷ target × standard; what goes beyond the standard becomes bonus (capped by the
    /// rules). Where lower is better (fewer poor households), target ÷ achieved instead.
    /// `indicator` names the report's indicator the achieved figure comes from, when one does.
    Ratio {
        #[serde(default)]
        indicator: Option<String>,
        #[serde(default)]
        lower_is_better: bool,
    },
    /// Graded A, B, C or D: A takes the standard, the others the points the cluster agreed.
    Graded { b: Points, c: Points, d: Points },
    /// Points off when a report or document comes late: the last step whose days the delay
    /// reaches (Hưng Yên: 5 days −5, 10 days −10, 15 days −20).
    Lateness { steps: Vec<LateStep> },
    /// A fixed bonus, granted or not (outstanding creativity: +5).
    Bonus { points: Points },
    /// A fixed penalty for each time a named failing happened (−5 for each file returned).
    Penalty { points: Points },
    /// Entered by hand, from 0 to the standard, with the evidence noted.
    Manual,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LateStep {
    pub from_days: u32,
    pub points: Points,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Class {
    /// "Xuất sắc", "Tốt", "Khá", "Trung bình", or the cluster's own words.
    pub label: String,
    pub min: Points,
}

impl Criterion {
    /// What a scorer types for this criterion, as an answer: "12/10" (achieved/target) for a
    /// ratio, A–D for a grade, days late, "có"/"không" for a bonus, the number of times for a
    /// penalty, the points for a hand-scored criterion.
    pub fn answer_from_text(&self, text: &str) -> Result<Answer, String> {
        let t = text.trim();
        let folded = thidua_text::search_key(t);
        let whole = |what: &str| -> Result<i64, String> {
            t.trim_end_matches(|c: char| c.is_alphabetic() || c.is_whitespace())
                .parse::<i64>()
                .ok()
                .filter(|n| *n >= 0)
                .ok_or_else(|| format!("tiêu chí {} cần {what}, không phải «{t}»", self.code))
        };
        Ok(match &self.method {
            Method::Ratio { .. } => {
                let bad = || format!("tiêu chí {} cần «thực hiện/chỉ tiêu» (ví dụ 12/10), không phải «{t}»", self.code);
                let (a, b) = t.split_once('/').ok_or_else(bad)?;
                let num = |s: &str| s.trim().replace('.', "").parse::<i64>().map_err(|_| bad());
                Answer::Ratio { achieved: num(a)?, target: num(b)? }
            }
            Method::Graded { .. } => match folded.as_str() {
                "a" => Answer::Grade { grade: Grade::A },
                "b" => Answer::Grade { grade: Grade::B },
                "c" => Answer::Grade { grade: Grade::C },
                "d" => Answer::Grade { grade: Grade::D },
                _ => return Err(format!("tiêu chí {} chấm theo loại A, B, C hoặc D, không phải «{t}»", self.code)),
            },
            Method::Lateness { .. } => Answer::DaysLate { days: whole("số ngày chậm (0 nếu đúng hạn)")? },
            Method::Bonus { points } => match folded.as_str() {
                "co" | "x" | "1" => Answer::Granted { granted: true },
                "khong" | "0" | "" => Answer::Granted { granted: false },
                _ if t.parse::<Points>() == Ok(*points) => Answer::Granted { granted: true },
                _ => {
                    return Err(format!(
                        "tiêu chí {} là điểm cộng {}: ghi «có» hoặc «không», không phải «{t}»",
                        self.code,
                        points.to_text()
                    ));
                }
            },
            Method::Penalty { .. } => Answer::Occurrences { count: whole("số lần vi phạm")? as u32 },
            Method::Manual => Answer::Manual { points: t.parse::<Points>().map_err(|e| format!("tiêu chí {}: {e}", self.code))? },
        })
    }
}

/// What is wrong with a table, in words for the person who wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableError(pub String);

impl std::fmt::Display for TableError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TableError {}

impl ScoringTable {
    /// Reads a table from its JSON and checks it.
    pub fn from_json(text: &str) -> Result<Self, TableError> {
        let table: ScoringTable = serde_json::from_str(text).map_err(|e| TableError(format!("Bảng tiêu chí không đọc được: {e}.")))?;
        table.check()?;
        Ok(table)
    }

    /// Every criterion, in table order.
    pub fn criteria(&self) -> impl Iterator<Item = &Criterion> {
        self.groups.iter().flat_map(|g| g.criteria.iter())
    }

    pub fn criterion(&self, code: &str) -> Option<&Criterion> {
        self.criteria().find(|c| c.code == code)
    }

    /// The sum of the standards: the points a unit that met every target exactly would have.
    pub fn standard_total(&self) -> Points {
        self.criteria().map(|c| c.standard).sum()
    }

    /// Checks what a scorer relies on: codes unique, standards and grades in order, steps
    /// rising, classes from the best down.
    pub fn check(&self) -> Result<(), TableError> {
        let fail = |m: String| Err(TableError(m));
        if self.code.trim().is_empty() || self.name.trim().is_empty() {
            return fail("Bảng tiêu chí cần mã và tên.".into());
        }
        if self.rules.excess_bonus_cap_percent > 100 || self.rules.quantitative_bonus_cap < Points::ZERO {
            return fail("Mức thưởng vượt chỉ tiêu phải từ 0 đến 100% điểm chuẩn, tổng điểm thưởng không âm.".into());
        }
        let mut seen = std::collections::HashSet::new();
        for c in self.criteria() {
            let named = format!("Tiêu chí {} ({})", c.code, c.name);
            if c.code.trim().is_empty() || !seen.insert(c.code.as_str()) {
                return fail(format!("{named}: mã tiêu chí trống hoặc trùng."));
            }
            let scored = matches!(c.method, Method::Ratio { .. } | Method::Graded { .. } | Method::Manual);
            if scored && c.standard <= Points::ZERO {
                return fail(format!("{named}: điểm chuẩn phải lớn hơn 0."));
            }
            if !scored && c.standard != Points::ZERO {
                return fail(format!("{named}: điểm thưởng, điểm trừ không có điểm chuẩn (ghi 0)."));
            }
            match &c.method {
                Method::Graded { b, c: grade_c, d } if !(c.standard >= *b && b >= grade_c && grade_c >= d && *d >= Points::ZERO) => {
                    return fail(format!("{named}: điểm loại A ≥ B ≥ C ≥ D ≥ 0 (loại A là điểm chuẩn)."));
                }
                Method::Lateness { steps } => {
                    if steps.is_empty() || steps.windows(2).any(|w| w[0].from_days >= w[1].from_days) {
                        return fail(format!("{named}: các mức chậm phải tăng dần theo số ngày."));
                    }
                    if steps.iter().any(|s| s.points <= Points::ZERO || s.from_days == 0) {
                        return fail(format!("{named}: mỗi mức chậm từ 1 ngày trở lên và trừ số điểm lớn hơn 0."));
                    }
                }
                Method::Bonus { points } | Method::Penalty { points } if *points <= Points::ZERO => {
                    return fail(format!("{named}: số điểm cộng hoặc trừ phải lớn hơn 0."));
                }
                _ => {}
            }
        }
        if seen.is_empty() {
            return fail("Bảng tiêu chí chưa có tiêu chí nào.".into());
        }
        if self.classes.is_empty() || self.classes.windows(2).any(|w| w[0].min <= w[1].min) {
            return fail("Các mức xếp loại phải xếp từ cao xuống thấp, điểm tối thiểu giảm dần.".into());
        }
        Ok(())
    }
}
