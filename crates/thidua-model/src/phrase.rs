//! How the report's narrative says an indicator's figure. The indicator set carries it, so a set
//! the upper level writes speaks of its own indicators, and the program names none in its code.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The longest clause a phrase may have: a clause, not a paragraph.
const MAX_CLAUSE_CHARS: usize = 300;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct IndicatorPhrase {
    /// The clause when the figure is above zero; "{}" stands for the figure: "tổ chức {} buổi
    /// tuyên truyền về phong trào".
    pub done: String,
    /// The clause when it is zero ("chưa tổ chức buổi tuyên truyền nào"); empty: nothing is said.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub none: String,
    /// Said within another indicator's clause when both are above zero: that indicator's code
    /// and the words appended to its clause (" với {} lượt người tham gia"). Otherwise `done`
    /// stands alone, and a zero says nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub within: Option<(String, String)>,
}

impl IndicatorPhrase {
    /// What is wrong with the phrase, in Vietnamese; `codes` are the set's indicator codes.
    pub fn check(&self, own_code: &str, codes: &[&str]) -> Result<(), String> {
        let one_figure = |text: &str, what: &str| match text.matches("{}").count() {
            1 => Ok(()),
            _ => Err(format!("{what} phải có đúng một chỗ {{}} để đặt số liệu (ví dụ «tổ chức {{}} buổi tuyên truyền»)")),
        };
        one_figure(&self.done, "câu khi có số liệu")?;
        if self.none.contains("{}") {
            return Err("câu khi bằng 0 không có số liệu nên không dùng {}".into());
        }
        if let Some((of, joined)) = &self.within {
            one_figure(joined, "phần nối vào câu của chỉ tiêu khác")?;
            if of == own_code || !codes.contains(&of.as_str()) {
                return Err(format!("câu nối vào chỉ tiêu «{of}», không phải một chỉ tiêu khác của bộ chỉ tiêu"));
            }
        }
        let long =
            [&self.done, &self.none].into_iter().chain(self.within.as_ref().map(|w| &w.1)).any(|t| t.chars().count() > MAX_CLAUSE_CHARS);
        if long {
            return Err(format!("mỗi câu tối đa {MAX_CLAUSE_CHARS} ký tự"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phrase_places_one_figure_and_joins_only_another_indicator_of_the_set() {
        let p = |done: &str, none: &str, within: Option<(&str, &str)>| IndicatorPhrase {
            done: done.into(),
            none: none.into(),
            within: within.map(|(a, b)| (a.into(), b.into())),
        };
        let codes = ["1.1", "1.2"];
        assert!(p("tổ chức {} buổi", "chưa tổ chức buổi nào", None).check("1.1", &codes).is_ok());
        assert!(p("tổ chức buổi", "", None).check("1.1", &codes).unwrap_err().contains("đúng một chỗ {}"));
        assert!(p("{} và {}", "", None).check("1.1", &codes).is_err());
        assert!(p("có {}", "chưa có {}", None).check("1.1", &codes).unwrap_err().contains("bằng 0"));
        assert!(p("có {} lượt", "", Some(("1.1", " với {} lượt"))).check("1.2", &codes).is_ok());
        assert!(p("có {} lượt", "", Some(("9.9", " với {} lượt"))).check("1.2", &codes).unwrap_err().contains("«9.9»"));
        assert!(p("có {} lượt", "", Some(("1.2", " với {} lượt"))).check("1.2", &codes).is_err());
    }
}
