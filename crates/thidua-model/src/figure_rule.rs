//! Data checks between a report's figures, as data: "3.2 <= 3.1" (recognised no more than
//! registered), "1.2 >= 1.1" (people reached no fewer than sessions), "4.3 + 4.4 >= 4.5" (a sum
//! of parts against a total). A set version carries its rules; the ward checks them before it
//! sends, the upper level again when it reads what came in.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RuleOp {
    #[serde(rename = "<=")]
    AtMost,
    #[serde(rename = ">=")]
    AtLeast,
    #[serde(rename = "=")]
    Equal,
}

/// The sum of the `left` indicators stands in `op` to the sum of the `right` ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureRule {
    pub left: Vec<String>,
    pub op: RuleOp,
    pub right: Vec<String>,
}

impl RuleOp {
    fn symbol(self) -> &'static str {
        match self {
            Self::AtMost => "≤",
            Self::AtLeast => "≥",
            Self::Equal => "=",
        }
    }

    /// What a failing check found, as a verb: "lớn hơn" for a broken "≤".
    fn broken(self) -> &'static str {
        match self {
            Self::AtMost => "lớn hơn",
            Self::AtLeast => "nhỏ hơn",
            Self::Equal => "khác",
        }
    }
}

impl FigureRule {
    /// Reads "3.2 <= 3.1", "4.3 + 4.4 >= 4.5", "3.2 ≤ 3.1" or "2.1 = 2.1a + 2.1b".
    pub fn parse(text: &str) -> Result<Self, String> {
        let ops = [("<=", RuleOp::AtMost), ("≤", RuleOp::AtMost), (">=", RuleOp::AtLeast), ("≥", RuleOp::AtLeast), ("=", RuleOp::Equal)];
        let (at, len, op) = ops
            .iter()
            .find_map(|(sym, op)| text.find(sym).map(|at| (at, sym.len(), *op)))
            .ok_or_else(|| format!("quy tắc «{text}» phải có một dấu so sánh: <=, >= hoặc =, ví dụ «3.2 <= 3.1»"))?;
        let side = |part: &str| -> Result<Vec<String>, String> {
            let codes: Vec<String> = part.split('+').map(|c| c.trim().to_owned()).collect();
            if codes.iter().any(String::is_empty) {
                return Err(format!("quy tắc «{text}»: mỗi vế là mã chỉ tiêu, cộng bằng dấu +, ví dụ «4.3 + 4.4 >= 4.5»"));
            }
            Ok(codes)
        };
        let rule = Self { left: side(&text[..at])?, op, right: side(&text[at + len..])? };
        if rule.left.iter().any(|c| rule.right.contains(c)) {
            return Err(format!("quy tắc «{text}» có cùng một chỉ tiêu ở hai vế"));
        }
        Ok(rule)
    }

    /// "3.2 ≤ 3.1".
    pub fn text(&self) -> String {
        format!("{} {} {}", self.left.join(" + "), self.op.symbol(), self.right.join(" + "))
    }

    /// Every indicator the rule names.
    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.left.iter().chain(&self.right).map(String::as_str)
    }

    /// What is wrong with the figures, if the rule does not hold: "3.2 (5) lớn hơn 3.1 (3)".
    /// A rule with a figure not stated (or not in the report) is not judged.
    pub fn failure(&self, value: impl Fn(&str) -> Option<i64>) -> Option<String> {
        let sum = |codes: &[String]| codes.iter().try_fold(0i64, |acc, c| value(c).and_then(|v| acc.checked_add(v)));
        let (l, r) = (sum(&self.left)?, sum(&self.right)?);
        let holds = match self.op {
            RuleOp::AtMost => l <= r,
            RuleOp::AtLeast => l >= r,
            RuleOp::Equal => l == r,
        };
        let shown = thidua_text::format_integer;
        (!holds).then(|| format!("{} ({}) {} {} ({})", self.left.join(" + "), shown(l), self.op.broken(), self.right.join(" + "), shown(r)))
    }
}

/// Below this, counts vary by nature (2 models one year, 7 the next): no flag.
const SMALL: i64 = 10;

/// Whether `value` is far from `reference`: more than `percent`% of it or less than its
/// 100/`percent`. Nothing is far from a reference of zero (there is no scale to judge by), nor
/// when both are small counts.
pub fn far_from(value: i64, reference: i64, percent: i64) -> bool {
    if percent <= 100 || reference <= 0 || value < 0 || value.max(reference) < SMALL {
        return false;
    }
    let (v, r, p) = (value as i128, reference as i128, percent as i128);
    v * 100 > r * p || v * p < r * 100
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rule_reads_its_text_judges_the_figures_and_says_what_is_wrong() {
        let rule = FigureRule::parse(" 3.2 <= 3.1 ").unwrap();
        assert_eq!(rule.text(), "3.2 ≤ 3.1");
        let figures = |c: &str| match c {
            "3.1" => Some(3),
            "3.2" => Some(1_500),
            "4.3" => Some(2),
            "4.4" => Some(1),
            "4.5" => Some(3),
            _ => None,
        };
        assert_eq!(rule.failure(figures).as_deref(), Some("3.2 (1.500) lớn hơn 3.1 (3)"));
        assert_eq!(FigureRule::parse("4.3 + 4.4 >= 4.5").unwrap().failure(figures), None);
        assert_eq!(FigureRule::parse("4.3 + 4.4 ≥ 9.9").unwrap().failure(figures), None, "a figure not stated is not judged");
        assert_eq!(FigureRule::parse("4.3 = 4.4").unwrap().failure(figures).as_deref(), Some("4.3 (2) khác 4.4 (1)"));
        assert!(FigureRule::parse("3.2 3.1").unwrap_err().contains("dấu so sánh"));
        assert!(FigureRule::parse("3.2 <= + 3.1").unwrap_err().contains("mỗi vế"));
        assert!(FigureRule::parse("3.2 <= 3.2").unwrap_err().contains("hai vế"));
    }

    #[test]
    fn far_means_beyond_the_factor_either_way_and_never_from_zero() {
        assert!(far_from(31, 10, 300) && far_from(3, 10, 300));
        assert!(!far_from(30, 10, 300) && !far_from(4, 10, 300));
        assert!(!far_from(1_000, 0, 300) && !far_from(1_000, 10, 0));
        assert!(!far_from(0, 2, 300) && !far_from(9, 1, 300), "small counts vary by nature");
        assert!(!far_from(i64::MAX, i64::MAX, 300));
    }
}
