//! A unit's points against a table: each criterion's points with the sentence that explains
//! them, the bonuses capped as the rules say, the total and the class.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::Points;
use crate::points::div_round;
use crate::table::{Method, ScoringTable};

/// What is known of a unit for one criterion, from its report or entered by a scorer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Answer {
    /// The figure achieved and the target set (chỉ tiêu giao).
    Ratio {
        achieved: i64,
        target: i64,
    },
    Grade {
        grade: Grade,
    },
    /// Days after the deadline (0 or less: on time).
    DaysLate {
        days: i64,
    },
    Granted {
        granted: bool,
    },
    Occurrences {
        count: u32,
    },
    Manual {
        points: Points,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Grade {
    A,
    B,
    C,
    D,
}

/// One criterion's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionScore {
    pub code: String,
    /// The points the criterion gives (negative for a penalty), within its standard.
    pub points: Points,
    /// For a ratio: the bonus for going beyond the target, before the table's overall cap.
    pub excess_bonus: Points,
    /// How the points were reached, in a sentence.
    pub explanation: String,
    /// No answer was given: the criterion counts 0 until one is.
    pub unanswered: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitScore {
    pub criteria: Vec<CriterionScore>,
    /// The criteria's points (ratios, grades, hand-scored), bonuses and penalties apart.
    pub base: Points,
    /// Bonus for exceeding targets, after the overall cap.
    pub excess_bonus: Points,
    /// Fixed bonuses granted.
    pub bonus: Points,
    /// Penalties and lateness, as a negative number.
    pub penalties: Points,
    pub total: Points,
    /// The class the total reaches, if any does.
    pub class: Option<String>,
}

/// Why a unit cannot be scored as asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScoreError {
    /// No criterion with this code in the table.
    UnknownCriterion(String),
    /// The answer does not suit the criterion's method, or is out of its range.
    Invalid { criterion: String, reason: String },
}

impl std::fmt::Display for ScoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ScoreError::UnknownCriterion(code) => write!(f, "Bảng tiêu chí không có tiêu chí {code}."),
            ScoreError::Invalid { criterion, reason } => write!(f, "Tiêu chí {criterion}: {reason}."),
        }
    }
}

impl std::error::Error for ScoreError {}

/// `part / whole` as a percentage for people: "120%", "112,5%".
fn percent(part: i64, whole: i64) -> String {
    let tenths = div_round(part as i128 * 1000, whole as i128);
    if tenths % 10 == 0 {
        format!("{}%", thidua_text::format_integer(tenths / 10))
    } else {
        format!("{},{}%", tenths / 10, (tenths % 10).abs())
    }
}

/// Scores a unit. `answers` maps criterion codes to what is known; a criterion without an
/// answer counts 0 and is marked unanswered.
pub fn score(table: &ScoringTable, answers: &BTreeMap<String, Answer>) -> Result<UnitScore, ScoreError> {
    if let Some(code) = answers.keys().find(|k| table.criterion(k).is_none()) {
        return Err(ScoreError::UnknownCriterion(code.clone()));
    }
    let mut criteria = Vec::new();
    let (mut base, mut excess, mut bonus, mut penalties) = (Points::ZERO, Points::ZERO, Points::ZERO, Points::ZERO);
    for c in table.criteria() {
        let invalid = |reason: &str| ScoreError::Invalid { criterion: c.code.clone(), reason: reason.to_owned() };
        let Some(answer) = answers.get(&c.code) else {
            criteria.push(CriterionScore {
                code: c.code.clone(),
                points: Points::ZERO,
                excess_bonus: Points::ZERO,
                explanation: "Chưa chấm.".into(),
                unanswered: true,
            });
            continue;
        };
        let s = c.standard;
        let (points, extra, explanation) = match (&c.method, answer) {
            (Method::Ratio { lower_is_better, .. }, Answer::Ratio { achieved, target }) => {
                if *achieved < 0 || *target <= 0 {
                    return Err(invalid("số thực hiện không âm và chỉ tiêu giao lớn hơn 0"));
                }
                // Lower is better: target ÷ achieved; achieving 0 is the best there is.
                let (num, den) = if *lower_is_better { (*target, *achieved) } else { (*achieved, *target) };
                let reached = if den == 0 { s.scaled(2, 1) } else { s.scaled(num, den) };
                let points = reached.min(s);
                let cap = s.scaled(table.rules.excess_bonus_cap_percent as i64, 100);
                let over = (reached - s).max(Points::ZERO).min(cap);
                let shown = if *lower_is_better {
                    format!("Chỉ tiêu {}, thực hiện {}", thidua_text::format_integer(*target), thidua_text::format_integer(*achieved))
                } else {
                    format!("Thực hiện {} / chỉ tiêu {}", thidua_text::format_integer(*achieved), thidua_text::format_integer(*target))
                };
                let rate = if den == 0 { "vượt xa chỉ tiêu".to_owned() } else { format!("đạt {}", percent(num, den)) };
                let mut text = format!("{shown} ({rate}): {} / {} điểm", points.to_text(), s.to_text());
                if over > Points::ZERO {
                    text.push_str(&format!(
                        "; vượt chỉ tiêu, thưởng {} điểm (tối đa {}% điểm chuẩn)",
                        over.to_text(),
                        table.rules.excess_bonus_cap_percent
                    ));
                }
                (points, over, text + ".")
            }
            (Method::Graded { b, c: grade_c, d }, Answer::Grade { grade }) => {
                let points = match grade {
                    Grade::A => s,
                    Grade::B => *b,
                    Grade::C => *grade_c,
                    Grade::D => *d,
                };
                (points, Points::ZERO, format!("Loại {grade:?}: {} / {} điểm.", points.to_text(), s.to_text()))
            }
            (Method::Lateness { steps }, Answer::DaysLate { days }) => match steps.iter().rev().find(|st| *days >= st.from_days as i64) {
                Some(step) => (-step.points, Points::ZERO, format!("Chậm {days} ngày: trừ {} điểm.", step.points.to_text())),
                None if *days > 0 => (Points::ZERO, Points::ZERO, format!("Chậm {days} ngày, chưa đến mức trừ điểm.")),
                None => (Points::ZERO, Points::ZERO, "Đúng hạn.".into()),
            },
            (Method::Bonus { points }, Answer::Granted { granted }) => {
                if *granted {
                    (*points, Points::ZERO, format!("Được cộng {} điểm.", points.to_text()))
                } else {
                    (Points::ZERO, Points::ZERO, "Không được cộng điểm.".into())
                }
            }
            (Method::Penalty { points }, Answer::Occurrences { count }) => {
                let off = points.scaled(*count as i64, 1);
                let text = if *count == 0 {
                    "Không có trường hợp nào.".to_owned()
                } else {
                    format!("{count} lần × {} điểm: trừ {} điểm.", points.to_text(), off.to_text())
                };
                (-off, Points::ZERO, text)
            }
            (Method::Manual, Answer::Manual { points }) => {
                if *points < Points::ZERO || *points > s {
                    return Err(invalid(&format!("điểm chấm phải từ 0 đến {} (điểm chuẩn), không phải {}", s.to_text(), points.to_text())));
                }
                (*points, Points::ZERO, format!("Chấm {} / {} điểm.", points.to_text(), s.to_text()))
            }
            _ => return Err(invalid("cách chấm không khớp với loại tiêu chí")),
        };
        match c.method {
            Method::Ratio { .. } | Method::Graded { .. } | Method::Manual => base = base + points,
            Method::Bonus { .. } => bonus = bonus + points,
            Method::Lateness { .. } | Method::Penalty { .. } => penalties = penalties + points,
        }
        excess = excess + extra;
        criteria.push(CriterionScore { code: c.code.clone(), points, excess_bonus: extra, explanation, unanswered: false });
    }
    let excess_bonus = excess.min(table.rules.quantitative_bonus_cap);
    let total = base + excess_bonus + bonus + penalties;
    let class = table.classes.iter().find(|k| total >= k.min).map(|k| k.label.clone());
    Ok(UnitScore { criteria, base, excess_bonus, bonus, penalties, total, class })
}
