//! A unit's own score (tự chấm, issue 17): against the scoring table its upper level sent down
//! with the plan, the points its yearly report and its targets give, and what the clerk enters
//! with an evidence note for the criteria the data cannot give. It travels up with the yearly
//! report, where the upper level sees it beside its own score.

use std::collections::BTreeMap;

use serde::Serialize;
use thidua_bundle::payload::{SelfScoreEntry, SelfScorePayload};
use thidua_model::PeriodCode;
use thidua_scoring::{Answer, Method, Points, ScoringTable, score};
use thidua_store::Scorer;
use ts_rs::TS;

use crate::scoring_tables::{CriterionView, ScoringTableInfo, table_view};
use crate::{ApiError, Workspace};

/// Each answered criterion with its evidence, and why the data says nothing of the others.
type OwnAnswers = (BTreeMap<String, (Answer, String)>, BTreeMap<String, String>);

/// Said of the criteria whose points come from the report and the targets.
const FROM_DATA: &str = "Tính từ số liệu báo cáo năm và chỉ tiêu giao";

#[derive(Debug, Clone, Serialize, TS)]
pub struct OwnScoreCell {
    pub code: String,
    /// "8,5", "" when not scored.
    pub points: String,
    pub explanation: String,
    /// The clerk's evidence note, or how the data gave the points.
    pub evidence: String,
    /// The points come from the report and the targets: nothing to enter.
    pub from_data: bool,
    /// The upper level scores it (lateness, by the day the report reached it).
    pub upper_only: bool,
    /// What the upper level gave, once its result came ("" before, or when not scored).
    pub upper_points: String,
    /// How the upper level reached it and why.
    pub upper_note: String,
}

/// The upper level's scoring of this unit, as its result bundle brought it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct UpperResult {
    pub total: String,
    pub class: String,
    /// "Hạng 2/6 (đồng hạng); hạng 1/5 trong Cụm thi đua số 1".
    pub standing: String,
    /// Who scored, and the day the result came (dd/mm/yyyy).
    pub by: String,
    pub received_on: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct OwnScoring {
    pub year: i32,
    pub table: ScoringTableInfo,
    pub criteria: Vec<CriterionView>,
    pub classes: Vec<String>,
    pub rules: String,
    pub total: String,
    pub class: String,
    pub cells: Vec<OwnScoreCell>,
    /// The yearly report is still a draft: the score can be changed (it is sent with it).
    pub editable: bool,
    pub upper: Option<UpperResult>,
}

impl Workspace {
    /// What this unit's own data says for each criterion (ratio criteria: its yearly report's
    /// figure against its target), and why not where it says nothing.
    fn own_data_answers(&self, table: &ScoringTable, year: i32) -> Result<BTreeMap<String, Result<Answer, String>>, ApiError> {
        let me = self.installation()?.unit.id;
        let targets = self.store.read().targets(self.movement(), year)?;
        let report = match PeriodCode::parse(&year.to_string()) {
            Ok(p) if self.store.read().period(p)?.is_some() => Some(self.report(&p.to_string())?),
            _ => None,
        };
        let mut out = BTreeMap::new();
        for c in table.criteria() {
            let Method::Ratio { indicator: Some(code), .. } = &c.method else { continue };
            let answer = match &report {
                None => Err(format!("Chưa mở kỳ báo cáo năm {year}.")),
                Some(view) => match view.figures.iter().find(|f| &f.code == code).and_then(|f| f.value) {
                    None => Err(format!("Báo cáo năm {year} chưa có số liệu chỉ tiêu {code}.")),
                    Some(achieved) => match targets.get(&(me, code.clone())) {
                        None => Err(format!("Cấp trên chưa giao chỉ tiêu {code} năm {year}.")),
                        Some(target) => Ok(Answer::Ratio { achieved, target: *target }),
                    },
                },
            };
            out.insert(c.code.clone(), answer);
        }
        Ok(out)
    }

    /// Every answer of this unit's own score: from the data, then what the clerk entered, with
    /// the evidence of each.
    fn own_answers(&self, table: &ScoringTable, year: i32) -> Result<OwnAnswers, ApiError> {
        let me = self.installation()?.unit.id;
        let mut answers = BTreeMap::new();
        let mut notes = BTreeMap::new();
        for (code, data) in self.own_data_answers(table, year)? {
            match data {
                Ok(a) => drop(answers.insert(code, (a, FROM_DATA.to_owned()))),
                Err(note) => drop(notes.insert(code, note)),
            }
        }
        for e in self.store.read().score_entries(year)?.into_iter().filter(|e| e.unit_id == me && e.scorer == Scorer::Own) {
            if let Ok(a) = serde_json::from_str::<Answer>(&e.answer) {
                answers.entry(e.criterion_code).or_insert((a, e.reason));
            }
        }
        Ok((answers, notes))
    }

    /// This unit's own score for `year` against the table its upper level sent.
    pub fn own_scoring(&self, year: i32) -> Result<OwnScoring, ApiError> {
        let (info, table) = self.table_from_above()?.ok_or_else(|| {
            ApiError::refused(
                "Chưa có bảng tiêu chí chấm điểm của cấp trên: bảng đến cùng gói kế hoạch cấp trên gửi xuống (Trao đổi dữ liệu › Nhận gói).",
            )
        })?;
        let (answers, notes) = self.own_answers(&table, year)?;
        let plain: BTreeMap<String, Answer> = answers.iter().map(|(k, (a, _))| (k.clone(), a.clone())).collect();
        let scored = score(&table, &plain).map_err(|e| ApiError::refused(e.to_string()))?;
        let result = self.store.read().scoring_result(year)?;
        let parsed: Option<(thidua_bundle::payload::ScoringResultPayload, String, String)> = match result {
            Some((issuer, body, at)) => {
                let by = self.store.read().unit(issuer)?.map(|u| u.full_name()).unwrap_or_default();
                serde_json::from_str(&body).ok().map(|p| (p, by, crate::wording::day(&at)))
            }
            None => None,
        };
        let upper_cell = |code: &str| parsed.as_ref().and_then(|(p, _, _)| p.criteria.iter().find(|c| c.code == code));
        let cells = scored
            .criteria
            .iter()
            .map(|s| {
                let upper = upper_cell(&s.code);
                let c = table.criterion(&s.code).expect("scored from the table");
                let upper_only = matches!(c.method, Method::Lateness { .. });
                let explanation = match (s.unanswered, notes.get(&s.code)) {
                    (true, Some(note)) => note.clone(),
                    (true, None) if upper_only => "Cấp trên tính theo ngày nhận báo cáo.".to_owned(),
                    _ => s.explanation.clone(),
                };
                OwnScoreCell {
                    code: s.code.clone(),
                    points: if s.unanswered { String::new() } else { s.points.to_text() },
                    explanation,
                    evidence: answers.get(&s.code).map(|(_, e)| e.clone()).unwrap_or_default(),
                    from_data: crate::scoring_tables::from_data(c) && !upper_only,
                    upper_only,
                    upper_points: upper.and_then(|u| u.points).map(|p| Points(p).to_text()).unwrap_or_default(),
                    upper_note: upper
                        .map(|u| if u.reason.is_empty() { u.explanation.clone() } else { format!("{} {}", u.explanation, u.reason) })
                        .unwrap_or_default(),
                }
            })
            .collect();
        let editable = match PeriodCode::parse(&year.to_string()) {
            Ok(p) if self.store.read().period(p)?.is_some() => self.report(&p.to_string())?.editable,
            _ => true,
        };
        let view = table_view(info, &table);
        Ok(OwnScoring {
            year,
            table: view.info,
            criteria: view.criteria,
            classes: view.classes,
            rules: view.rules,
            total: scored.total.to_text(),
            class: scored.class.unwrap_or_default(),
            cells,
            editable,
            upper: parsed.map(|(p, by, received_on)| {
                let mut standing = format!("Hạng {}/{}{}", p.rank, p.ranked_units, if p.tied { " (đồng hạng)" } else { "" });
                if !p.cluster_name.is_empty() && p.cluster_rank > 0 {
                    standing.push_str(&format!("; hạng {}/{} trong {}", p.cluster_rank, p.cluster_ranked, p.cluster_name));
                }
                UpperResult { total: Points(p.total).to_text(), class: p.class, standing, by, received_on }
            }),
        })
    }

    /// Enters this unit's own score of a criterion the data cannot give, as typed ("B", "có",
    /// "12,5"), with the evidence it rests on (none: taken back). Refused once the yearly
    /// report is sent (a revision opens it again). It returns nothing: the score after it is
    /// `own_scoring`, worked out once however many criteria are entered.
    pub fn set_own_score(&mut self, year: i32, criterion: &str, value: Option<&str>, evidence: &str) -> Result<(), ApiError> {
        let view = self.own_scoring(year)?;
        if !view.editable {
            return Err(ApiError::refused(format!(
                "Báo cáo năm {year} đã gửi cùng điểm tự chấm: hãy tạo bản sửa đổi của báo cáo (Báo cáo › Tạo bản sửa đổi) rồi chấm lại."
            )));
        }
        let (_, table) = self.table_from_above()?.ok_or_else(|| ApiError::refused("Chưa có bảng tiêu chí chấm điểm của cấp trên."))?;
        let c = table.criterion(criterion).ok_or_else(|| ApiError::refused(format!("Bảng tiêu chí không có tiêu chí {criterion}.")))?;
        if let Some(cell) = view.cells.iter().find(|x| x.code == criterion && (x.from_data || x.upper_only)) {
            let why = if cell.upper_only {
                "cấp trên tính theo ngày nhận báo cáo"
            } else {
                "điểm tính từ số liệu báo cáo năm và chỉ tiêu giao"
            };
            return Err(ApiError::refused(format!("Tiêu chí {criterion} không tự chấm tay: {why}.")));
        }
        let evidence = thidua_text::clean(evidence);
        let answer = match value.map(str::trim).filter(|v| !v.is_empty()) {
            Some(text) => {
                if evidence.is_empty() {
                    return Err(ApiError::refused(format!(
                        "Hãy ghi căn cứ cho điểm tự chấm tiêu chí {criterion} (văn bản, số liệu, kết quả kiểm tra): cấp trên đối chiếu căn cứ này."
                    )));
                }
                let answer = c.answer_from_text(text).map_err(|e| ApiError::refused(format!("Không ghi điểm: {e}.")))?;
                score(&table, &BTreeMap::from([(c.code.clone(), answer.clone())]))
                    .map_err(|e| ApiError::refused(format!("Không ghi điểm: {e}")))?;
                Some(serde_json::to_string(&answer).expect("serialisable"))
            }
            None => None,
        };
        let me = self.installation()?.unit.id;
        let actor = self.actor()?;
        self.store.write(&actor, |w| w.set_score_entry(year, me, Scorer::Own, criterion, answer.as_deref(), &evidence))?;
        Ok(())
    }

    /// The self-score a yearly report carries up: every criterion answered, with its evidence.
    /// `None` for a half-year report or without a table.
    pub(crate) fn self_score_payload(&self, period: PeriodCode) -> Result<Option<SelfScorePayload>, ApiError> {
        if period.kind() != thidua_model::PeriodKind::Year {
            return Ok(None);
        }
        let Some((info, table)) = self.table_from_above()? else { return Ok(None) };
        let (answers, _) = self.own_answers(&table, period.year())?;
        if answers.is_empty() {
            return Ok(None);
        }
        let entries = answers
            .into_iter()
            .map(|(criterion, (answer, evidence))| SelfScoreEntry {
                criterion,
                answer: serde_json::to_value(&answer).expect("serialisable"),
                evidence,
            })
            .collect();
        Ok(Some(SelfScorePayload { table_code: info.code, table_version: info.version as i64, entries }))
    }
}
