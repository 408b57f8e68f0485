//! The report's narrative as the data pre-fills it. Every sentence is built from the figures
//! and records and claims nothing they do not show: a figure of zero is said plainly ("chưa tổ
//! chức…"), never as an achievement; the upper level says how many units reported and names
//! the leading units with their figure in one clause; typical examples are the records the
//! clerk marked "tiêu biểu", or failing that the ones with the highest standing; section III
//! compares with the same period a year before when a report of it exists, and its strengths
//! and shortcomings are the figures' own (what rose, what fell, what stayed at zero).

use std::collections::HashMap;

use serde_json::Value;
use thidua_model::{IndicatorPhrase, Installation, PeriodCode, RegisterKind};
use thidua_store::StoredReport;
use thidua_text::{format_integer, lower_first, upper_first};

use crate::consolidation::UnitReport;
use crate::reports::{FigureView, NarrativeSection, SECTIONS};
use crate::{ApiError, RecordRow, Workspace};

/// A value with its measure: "2.209 lượt người".
fn amount(value: i64, measure: &str) -> String {
    if measure.is_empty() { format_integer(value) } else { format!("{} {measure}", format_integer(value)) }
}

/// Record titles end their own way; inside a list they end without punctuation.
fn bare(title: &str) -> &str {
    title.trim().trim_end_matches(['.', ',', ';', ':', '!', '?']).trim_end()
}

/// The clauses of one task group: what was done and what was not.
struct Clauses {
    done: Vec<String>,
    not_yet: Vec<String>,
}

/// The clauses of a task group's figures, as the indicator set phrases them (an indicator with
/// no phrase is said by its name and figure).
fn clauses(figures: &[&FigureView]) -> Clauses {
    let value = |code: &str| figures.iter().find(|f| f.code == code).and_then(|f| f.value);
    let mut out = Clauses { done: Vec::new(), not_yet: Vec::new() };
    for f in figures {
        let Some(v) = f.value else { continue };
        match &f.phrase {
            // A completing figure is said within the other figure's clause when both are above
            // zero; alone when the other is zero (or not in this group); not at all when it is
            // zero itself.
            Some(IndicatorPhrase { within: Some((of, _)), done, .. }) if v > 0 && value(of).is_none_or(|o| o <= 0) => {
                out.done.push(done.replace("{}", &format_integer(v)));
            }
            Some(IndicatorPhrase { within: Some(_), .. }) => {}
            Some(p) if v > 0 => {
                let mut clause = p.done.replace("{}", &format_integer(v));
                for c in figures {
                    let joined = c.phrase.as_ref().and_then(|cp| cp.within.as_ref()).filter(|(of, _)| *of == f.code);
                    if let (Some((_, joined)), Some(cv)) = (joined, c.value.filter(|cv| *cv > 0)) {
                        clause.push_str(&joined.replace("{}", &format_integer(cv)));
                    }
                }
                out.done.push(clause);
            }
            Some(p) if !p.none.is_empty() => out.not_yet.push(p.none.clone()),
            Some(_) => {}
            // An indicator the set gives no phrase: its name and figure, a zero left out.
            None if v > 0 => out.done.push(format!("{}: {}", lower_first(&f.name), amount(v, &f.measure))),
            None => {}
        }
    }
    out
}

/// The same kind of period a year before: 2022-H1 → 2021-H1, 2022-Q3 → 2021-Q3, 2022 → 2021.
fn a_year_before(period: PeriodCode) -> Option<PeriodCode> {
    period.in_year(period.year() - 1)
}

/// An earlier period's label ("6 tháng đầu năm 2021") and the figures reported for it, by code.
pub(crate) type Earlier = (String, HashMap<String, i64>);

/// What the narrative rests on besides the figures.
struct Context<'a> {
    period: PeriodCode,
    installation: &'a Installation,
    /// The units below and what they reported (empty for a ward).
    units: &'a [UnitReport],
    /// The figures of the same period a year before, when a report of it exists.
    year_before: Option<Earlier>,
    /// The plan the report carries out.
    plan: Option<PlanCited>,
    /// The movement's name ("Đoàn kết sáng tạo"), and whether it is the program's first, whose
    /// sections the registers' records illustrate; another movement's say only its figures.
    movement: String,
    first_movement: bool,
}

/// "Kế hoạch số 01/KH-MTTQ-BTT ngày 05/04/2022 … về …": a plan a report carries out.
enum PlanCited {
    /// This unit issued it.
    Own(String),
    /// The level above sent it down.
    FromAbove(String),
}

impl Context<'_> {
    fn reported(&self) -> Vec<&UnitReport> {
        self.units.iter().filter(|u| u.latest.is_some()).collect()
    }
}

impl Workspace {
    /// The narrative sections of a report: the clerk's text where saved, otherwise the text
    /// the data gives.
    pub(crate) fn narrative(
        &self,
        period: PeriodCode,
        installation: &Installation,
        figures: &[FigureView],
        report: Option<&StoredReport>,
    ) -> Result<Vec<NarrativeSection>, ApiError> {
        let units = self.unit_reports(period)?;
        let context = Context {
            period,
            installation,
            units: &units,
            year_before: self.figures_a_year_before(period)?,
            plan: self.plan_citation(period)?,
            movement: self.movement_name()?,
            first_movement: self.movement() == thidua_model::FIRST_MOVEMENT,
        };
        SECTIONS
            .iter()
            .map(|(key, title)| {
                let saved = report.and_then(|r| r.narrative.get(*key)).and_then(Value::as_str).filter(|t| !t.is_empty());
                let text = match saved {
                    Some(text) => text.to_owned(),
                    None => self.prefilled(key, &context, figures)?,
                };
                Ok(NarrativeSection { key: (*key).into(), title: (*title).into(), text, edited: saved.is_some() })
            })
            .collect()
    }

    /// The figures this unit reported for the same period a year before (its latest sent
    /// revision), if it reported then.
    pub(crate) fn figures_a_year_before(&self, period: PeriodCode) -> Result<Option<Earlier>, ApiError> {
        let Some(before) = a_year_before(period) else { return Ok(None) };
        let unit = self.installation()?.unit.id;
        let r = self.store.read();
        let Some(report) = r.report_revisions(unit, self.movement(), before)?.into_iter().rev().find(|x| !x.state.is_editable()) else {
            return Ok(None);
        };
        let codes = r.indicator_codes()?;
        let values = r
            .report_figures(report.id)?
            .into_iter()
            .filter_map(|f| Some((codes.get(&f.indicator_id)?.0.clone(), f.value.or(f.computed)?)))
            .collect();
        Ok(Some((before.label(), values)))
    }

    /// The plan the report carries out, cited by number and day: the plan this unit issued
    /// for the period's year, or else the plan the level above sent down for it.
    fn plan_citation(&self, period: PeriodCode) -> Result<Option<PlanCited>, ApiError> {
        let installation = self.installation()?;
        let r = self.store.read();
        let about = |summary: &str| if summary.is_empty() { String::new() } else { format!(" về {}", lower_first(bare(summary))) };
        let own: Vec<_> = r.plans(installation.unit.id)?.into_iter().filter(|p| p.year == period.year()).collect();
        let issued = r.document_register(period.year())?.into_iter().find(|d| d.plan_id.is_some_and(|id| own.iter().any(|p| p.id == id)));
        if let Some(d) = issued {
            return Ok(Some(PlanCited::Own(format!(
                "Kế hoạch số {:02}/{} ngày {}{}",
                d.number,
                d.symbol,
                d.issued_on.to_dmy(),
                about(&d.summary)
            ))));
        }
        let Some(parent) = &installation.parent else { return Ok(None) };
        let received = r.plans(parent.id)?.into_iter().find(|p| p.year == period.year());
        Ok(received.map(|p| {
            let number = p
                .issued_by
                .as_ref()
                .map(|i| format!(" số {:02}/{}-{} ngày {}", i.number, p.doc_type, i.symbol, i.issued_on.to_dmy()))
                .unwrap_or_default();
            PlanCited::FromAbove(format!("Kế hoạch{number} của {}{}", parent.standing_committee(), about(&p.summary)))
        }))
    }

    fn prefilled(&self, key: &str, c: &Context<'_>, figures: &[FigureView]) -> Result<String, ApiError> {
        let group = |n: i32| -> Vec<&FigureView> { figures.iter().filter(|f| f.task_group == n).collect() };
        Ok(match key {
            "i" => self.leadership(c),
            "ii_1" => {
                let lead = match (c.units.len(), c.reported().len()) {
                    (0, _) => format!("Trong {}, ", c.period.label()),
                    (_, 0) => format!("Trong {}, chưa có đơn vị nào gửi báo cáo; Ban Thường trực ", c.period.label()),
                    (n, k) if k == n => format!("Trong {}, theo báo cáo của {n} đơn vị, ", c.period.label()),
                    (n, k) => format!("Trong {}, theo báo cáo của {k} trên {n} đơn vị, ", c.period.label()),
                };
                self.section_text(&lead, &group(1), c, (RegisterKind::Activity, &["tuyen_truyen"]))?
            }
            "ii_2" => self.section_text("", &group(2), c, (RegisterKind::Activity, &["hoi_nghi", "giam_sat", "phan_bien"]))?,
            "ii_3" => self.section_text("", &group(3), c, (RegisterKind::Initiative, &[]))?,
            "ii_4" => self.section_text("", &group(4), c, (RegisterKind::Model, &[]))?,
            "iii" => assessment(c, figures),
            "iv" if c.first_movement => {
                let next = c.period.what_follows();
                format!(
                    "Trong {next}, tiếp tục đẩy mạnh tuyên truyền về phong trào “Đoàn kết sáng tạo”; phát hiện, bồi dưỡng, nhân rộng các mô hình, điển hình tiên tiến; tăng cường vận động nguồn lực hỗ trợ tác giả sáng kiến, ý tưởng mới; kịp thời biểu dương, khen thưởng các tập thể, cá nhân có thành tích."
                )
            }
            "iv" => format!(
                "Trong {}, tiếp tục triển khai phong trào thi đua “{}”; kịp thời biểu dương, khen thưởng các tập thể, cá nhân có thành tích.",
                c.period.what_follows(),
                c.movement
            ),
            _ if c.first_movement => format!(
                "Đề nghị {} tiếp tục quan tâm hướng dẫn, hỗ trợ việc triển khai phong trào; xem xét biểu dương, khen thưởng các tập thể, cá nhân có sáng kiến, ý tưởng mới được công nhận, áp dụng.",
                c.installation.upper_standing_committee()
            ),
            _ => format!(
                "Đề nghị {} tiếp tục quan tâm hướng dẫn, hỗ trợ việc triển khai phong trào thi đua “{}”; xem xét biểu dương, khen thưởng các tập thể, cá nhân có thành tích tiêu biểu.",
                c.installation.upper_standing_committee(),
                c.movement
            ),
        })
    }

    /// Section I: the plan it carried out (cited by number and date when this unit issued one)
    /// and, at an upper level, who reported.
    fn leadership(&self, c: &Context<'_>) -> String {
        let reach = "đến các tổ chức thành viên, khu dân cư, đoàn viên, hội viên và Nhân dân";
        // The body that acts is named as everywhere else ("Ban Thường trực Ủy ban MTTQ phường …",
        // "Ban công tác Mặt trận khu dân cư …").
        let body = c.installation.unit.standing_committee();
        let mut text = match &c.plan {
            Some(PlanCited::Own(plan)) => format!("{body} đã ban hành {plan}, triển khai {reach}."),
            Some(PlanCited::FromAbove(plan)) => {
                format!("Thực hiện {plan}, {body} đã triển khai phong trào thi đua “{}” {reach}.", c.movement)
            }
            None => format!("{body} triển khai phong trào thi đua “{}” {reach}.", c.movement),
        };
        if !c.units.is_empty() {
            let missing: Vec<&str> = c.units.iter().filter(|u| u.latest.is_none()).map(|u| u.unit.name.as_str()).collect();
            let (n, k) = (c.units.len(), n_reported(c));
            text.push_str(&match missing.len() {
                0 => format!(" Đến nay, cả {n} đơn vị trực thuộc đã gửi báo cáo; số liệu dưới đây tổng hợp từ các báo cáo đã nhận."),
                m if m <= 10 => format!(
                    " Đến nay, {k} trên {n} đơn vị trực thuộc đã gửi báo cáo; còn {m} đơn vị chưa gửi: {}. Số liệu dưới đây tổng hợp từ các báo cáo đã nhận.",
                    missing.join(", ")
                ),
                m => format!(
                    " Đến nay, {k} trên {n} đơn vị trực thuộc đã gửi báo cáo; còn {m} đơn vị chưa gửi (danh sách tại Biểu 1a). Số liệu dưới đây tổng hợp từ các báo cáo đã nhận."
                ),
            });
        }
        text
    }

    /// A section of part II: what was done, what was not, and the units or records that stand out.
    /// `examples`: the register its typical examples come from, and for activities their kinds.
    fn section_text(
        &self,
        lead: &str,
        figures: &[&FigureView],
        c: &Context<'_>,
        examples: (RegisterKind, &[&str]),
    ) -> Result<String, ApiError> {
        let Clauses { done, not_yet } = clauses(figures);
        // The lead ("Trong 6 tháng đầu năm 2022, ") opens the first sentence, whatever it says.
        let sentence = |lead: &str, text: &str| if lead.is_empty() { upper_first(text) + "." } else { format!("{lead}{text}.") };
        let mut sentences = Vec::new();
        match (done.is_empty(), not_yet.is_empty()) {
            (false, _) => {
                // "đã tổ chức…", but "có 4 sáng kiến…" says it already.
                let said = done.join("; ");
                let said = if said.starts_with("có ") { said } else { format!("đã {said}") };
                sentences.push(sentence(lead, &said));
                if !not_yet.is_empty() {
                    sentences.push(sentence("", &not_yet.join("; ")));
                }
            }
            (true, false) => sentences.push(sentence(lead, &not_yet.join("; "))),
            (true, true) => sentences.push(sentence(lead, "chưa có số liệu về nội dung này")),
        }
        // The registers' records illustrate the first movement's sections; another movement's
        // sections say its figures only, not records kept for something else.
        let standout = match (c.units.is_empty(), c.first_movement) {
            (false, _) => leaders(c, figures),
            (true, true) => self.typical_examples(examples.0, examples.1, c.period)?,
            (true, false) => None,
        };
        sentences.extend(standout);
        Ok(sentences.join(" "))
    }

    /// "Tiêu biểu: …" — the records the clerk marked typical, or failing that those with the
    /// highest standing (applied or recognised at the highest level, replicated models, the
    /// best-attended activities); a record that only was registered is not held up.
    fn typical_examples(&self, kind: RegisterKind, activity_kinds: &[&str], period: PeriodCode) -> Result<Option<String>, ApiError> {
        let text = |r: &RecordRow, field: &str| r.fields.get(field).and_then(Value::as_str).unwrap_or("").to_owned();
        let mut records = self.period_records(kind, period)?;
        if kind == RegisterKind::Activity {
            records.retain(|r| activity_kinds.contains(&text(r, "kind").as_str()));
        }
        let number = |r: &RecordRow, field: &str| r.fields.get(field).and_then(Value::as_i64).unwrap_or(0);
        let marked: Vec<&RecordRow> = records.iter().filter(|r| text(r, "typical") == thidua_model::TYPICAL_MARK).collect();
        let mut chosen: Vec<&RecordRow> = if marked.is_empty() {
            let level = |r: &RecordRow| {
                ["xa", "huyen", "tinh", "trung_uong"].iter().position(|l| *l == text(r, "recognition_level")).map_or(0, |p| p + 1)
            };
            let mut ranked: Vec<(&RecordRow, (i64, i64))> = records
                .iter()
                .filter_map(|r| {
                    let rank = match kind {
                        RegisterKind::Initiative => match text(r, "status").as_str() {
                            "ap_dung" => (2, level(r) as i64),
                            "cong_nhan" => (1, level(r) as i64),
                            _ => return None,
                        },
                        RegisterKind::Model if text(r, "status") == "nhan_rong" => (1, 0),
                        RegisterKind::Activity if number(r, "participants") > 0 => (number(r, "participants"), 0),
                        _ => return None,
                    };
                    Some((r, rank))
                })
                .collect();
            ranked.sort_by_key(|(_, rank)| std::cmp::Reverse(*rank));
            ranked.into_iter().map(|(r, _)| r).collect()
        } else {
            marked
        };
        chosen.truncate(3);
        let titles: Vec<String> = chosen.iter().map(|r| bare(&text(r, kind.title_field())).to_owned()).filter(|t| !t.is_empty()).collect();
        Ok((!titles.is_empty()).then(|| format!("Tiêu biểu: {}.", titles.join("; "))))
    }
}

fn n_reported(c: &Context<'_>) -> usize {
    c.reported().len()
}

/// "Dẫn đầu về số buổi tuyên truyền về phong trào: Phường Hàm Rồng (23 buổi), Phường Bỉm Sơn
/// (18 buổi)." — the group's first indicator on which at least two units reported above zero.
fn leaders(c: &Context<'_>, figures: &[&FigureView]) -> Option<String> {
    let reported = c.reported();
    figures.iter().find_map(|f| {
        let mut ranked: Vec<(&str, i64)> = reported
            .iter()
            .filter_map(|u| u.figures.get(&f.code).copied().flatten().filter(|v| *v > 0).map(|v| (u.unit.name.as_str(), v)))
            .collect();
        if ranked.len() < 2 {
            return None;
        }
        ranked.sort_by_key(|(_, v)| std::cmp::Reverse(*v));
        let names: Vec<String> = ranked.iter().take(3).map(|(name, v)| format!("{name} ({})", amount(*v, &f.measure))).collect();
        Some(format!("Dẫn đầu về {}: {}.", lower_first(&f.name), names.join(", ")))
    })
}

/// Section III from the figures: how many indicators have results, what rose or fell against
/// the same period a year before, what stayed at zero and, at an upper level, who has not
/// reported. Nothing else is praised or blamed.
fn assessment(c: &Context<'_>, figures: &[FigureView]) -> String {
    let stated: Vec<&FigureView> = figures.iter().filter(|f| f.value.is_some()).collect();
    let with_results = stated.iter().filter(|f| f.value.is_some_and(|v| v > 0)).count();
    let zeros: Vec<String> = stated.iter().filter(|f| f.value == Some(0)).map(|f| lower_first(&f.name)).collect();
    let mut strengths = Vec::new();
    let mut shortcomings = Vec::new();
    if with_results > 0 {
        strengths.push(format!("{with_results} trên {} chỉ tiêu có kết quả", stated.len()));
    }
    let mut comparison = None;
    if let Some((label, before)) = &c.year_before {
        let mut rises = Vec::new();
        let mut falls = Vec::new();
        for f in &stated {
            let (Some(now), Some(then)) = (f.value, before.get(&f.code).copied()) else { continue };
            let change = format!(
                "{} (từ {} {} {})",
                lower_first(&f.name),
                format_integer(then),
                if now > then { "lên" } else { "xuống" },
                amount(now, &f.measure)
            );
            if now > then {
                rises.push((now - then, change));
            } else if now < then {
                falls.push((then - now, change));
            }
        }
        let listed = |mut changes: Vec<(i64, String)>| -> String {
            let n = changes.len();
            changes.sort_by_key(|(d, _)| std::cmp::Reverse(*d));
            let shown: Vec<String> = changes.into_iter().take(3).map(|(_, t)| t).collect();
            if n > shown.len() {
                format!("{n} chỉ tiêu, nhiều nhất là {}", shown.join("; "))
            } else {
                format!("{n} chỉ tiêu: {}", shown.join("; "))
            }
        };
        if !rises.is_empty() {
            strengths.push(format!("so với {label}, tăng ở {}", listed(rises)));
        }
        if !falls.is_empty() {
            shortcomings.push(format!("so với {label}, giảm ở {}", listed(falls)));
        }
    } else if let Some(before) = a_year_before(c.period) {
        comparison = Some(format!("Chưa có báo cáo {} để so sánh.", before.label()));
    }
    if !zeros.is_empty() {
        let shown: Vec<&str> = zeros.iter().take(5).map(String::as_str).collect();
        let more = if zeros.len() > shown.len() { format!(" và {} chỉ tiêu khác", zeros.len() - shown.len()) } else { String::new() };
        shortcomings.push(format!("chưa có kết quả ở {} chỉ tiêu: {}{more}", zeros.len(), shown.join("; ")));
    }
    let missing = c.units.len() - n_reported(c);
    if missing > 0 {
        shortcomings.push(format!("còn {missing} trên {} đơn vị chưa gửi báo cáo nên số liệu tổng hợp chưa đầy đủ", c.units.len()));
    }
    let mut sentences = Vec::new();
    if !strengths.is_empty() {
        sentences.push(format!("Kết quả: {}.", strengths.join("; ")));
    }
    if !shortcomings.is_empty() {
        sentences.push(format!("Hạn chế: {}.", shortcomings.join("; ")));
    }
    sentences.extend(comparison);
    if sentences.is_empty() {
        sentences.push("Chưa có số liệu để đánh giá.".into());
    }
    sentences.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figure(code: &str, name: &str, measure: &str, value: Option<i64>) -> FigureView {
        FigureView {
            indicator_id: thidua_model::RecordId::generate(),
            code: code.into(),
            name: name.into(),
            measure: measure.into(),
            task_group: 1,
            source: None,
            computed: value,
            value,
            overridden: false,
            override_reason: String::new(),
            records: 0,
            units: 0,
            target: None,
            checks: Vec::new(),
            breaks_rule: false,
            phrase: None,
        }
    }

    /// A figure as the set phrases it.
    fn phrased(f: FigureView, done: &str, none: &str, within: Option<(&str, &str)>) -> FigureView {
        let phrase =
            IndicatorPhrase { done: done.into(), none: none.into(), within: within.map(|(of, joined)| (of.into(), joined.into())) };
        FigureView { phrase: Some(phrase), ..f }
    }

    #[test]
    fn a_zero_is_said_plainly_and_a_completing_figure_joins_its_clause() {
        let sessions = phrased(
            figure("1.1", "Số buổi tuyên truyền về phong trào", "buổi", Some(23)),
            "tổ chức {} buổi tuyên truyền về phong trào “Đoàn kết sáng tạo”",
            "chưa tổ chức buổi tuyên truyền nào về phong trào",
            None,
        );
        let people = phrased(
            figure("1.2", "Số lượt người được tuyên truyền", "lượt người", Some(2_209)),
            "tuyên truyền đến {} lượt người",
            "",
            Some(("1.1", " với {} lượt người tham gia")),
        );
        let media = phrased(
            figure("1.3", "Số tin, bài, phóng sự giới thiệu sáng kiến, ý tưởng mới", "tin, bài", Some(0)),
            "đăng tải {} tin, bài",
            "chưa có tin, bài giới thiệu sáng kiến, ý tưởng mới",
            None,
        );
        let c = clauses(&[&sessions, &people, &media]);
        assert_eq!(c.done, ["tổ chức 23 buổi tuyên truyền về phong trào “Đoàn kết sáng tạo” với 2.209 lượt người tham gia"]);
        assert_eq!(c.not_yet, ["chưa có tin, bài giới thiệu sáng kiến, ý tưởng mới"]);
        let none = FigureView { value: Some(0), ..sessions.clone() };
        let c = clauses(&[&none, &people]);
        assert_eq!(c.done, ["tuyên truyền đến 2.209 lượt người"], "a completing figure stands alone when the other is zero");
        assert_eq!(c.not_yet, ["chưa tổ chức buổi tuyên truyền nào về phong trào"]);
    }

    #[test]
    fn an_indicator_the_phrases_do_not_know_is_said_by_its_name_and_a_zero_is_left_out() {
        let households = figure("9.1", "Số hộ tham gia mô hình", "hộ", Some(12));
        let nothing = figure("9.2", "Số tổ tự quản", "tổ", Some(0));
        let c = clauses(&[&households, &nothing]);
        assert_eq!(c.done, ["số hộ tham gia mô hình: 12 hộ"]);
        assert!(c.not_yet.is_empty());
    }

    #[test]
    fn the_same_period_a_year_before() {
        let p = |s: &str| PeriodCode::parse(s).unwrap();
        assert_eq!(a_year_before(p("2022-H1")), Some(p("2021-H1")));
        assert_eq!(a_year_before(p("2022")), Some(p("2021")));
    }
}
