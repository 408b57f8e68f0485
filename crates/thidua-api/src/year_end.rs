//! The year's end at the upper level (issue 17): the targets it gives its units (chỉ tiêu
//! giao), its emulation clusters, every unit's points against the table in use, with the
//! unit's own score beside them, and the ranking over all units and within each cluster.
//!
//! What the data gives is computed when shown, never stored: a ratio criterion from the figure
//! of the unit's yearly report against its target, lateness from the day the report reached
//! this installation. What it cannot give (grades, bonuses, penalties, a correction) is entered
//! by the scorer with its reason; where the scorer entered nothing, the unit's own score stands.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use thidua_model::{PeriodCode, RecordId, Unit};
use thidua_scoring::{Answer, Method, Points, ScoringTable, score};
use thidua_store::{ClusterRole, ScoreEntry, Scorer, StoredCluster};
use ts_rs::TS;

use crate::consolidation::{ReportingStatus, UnitReport};

use crate::scoring_tables::{CriterionView, ScoringTableInfo, table_view};
use crate::{ApiError, Workspace};

/// The targets of a year: indicators across, units down.
#[derive(Debug, Clone, Serialize, TS)]
pub struct TargetsView {
    pub year: i32,
    /// (code, name, measure) of each indicator a ratio criterion of the table in use needs, or
    /// of every indicator of the set without a table.
    pub indicators: Vec<(String, String, String)>,
    pub units: Vec<UnitTargets>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct UnitTargets {
    pub unit_code: String,
    pub unit_name: String,
    /// In the order of `indicators`.
    #[ts(type = "Array<number | null>")]
    pub targets: Vec<Option<i64>>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ClusterView {
    pub code: String,
    pub name: String,
    pub leader: String,
    pub deputy: String,
    /// (code, name) of every unit, leader and deputy first.
    pub units: Vec<(String, String)>,
}

/// Where a criterion's points come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ScoreSource {
    /// Computed from the unit's report, its target or the day its report arrived.
    Data,
    /// Entered by the upper level, with its reason.
    Upper,
    /// The unit's own score, which the upper level has not changed.
    OwnAccepted,
    /// Not scored yet.
    None,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ScoreCell {
    pub code: String,
    /// "8,5", "−5".
    pub points: String,
    /// The unit's own points, "" when it gave none.
    pub own_points: String,
    pub explanation: String,
    pub source: ScoreSource,
    /// The scorer's reason, or what the unit wrote as evidence.
    pub reason: String,
    /// The upper level's points differ from the unit's own.
    pub differs: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct UnitScoreRow {
    pub unit_code: String,
    pub unit_name: String,
    pub cluster_code: String,
    pub cluster_name: String,
    /// "Trưởng cụm", "Phó trưởng cụm" or "".
    pub role: String,
    /// 1 for the best over all units; equal totals share a rank; 0 for a unit with no yearly
    /// report and no score, which is not ranked.
    pub rank: u32,
    /// The unit's yearly report has been received.
    pub has_report: bool,
    pub tied: bool,
    /// Within its cluster; 0 outside any.
    pub cluster_rank: u32,
    pub total: String,
    #[ts(type = "number")]
    pub total_hundredths: i64,
    /// The unit's own total, "" when it scored nothing.
    pub own_total: String,
    /// The class the total reaches, "" for none.
    pub class: String,
    pub excess_bonus: String,
    pub bonus: String,
    pub penalties: String,
    /// Criteria with standard points not scored yet.
    pub unanswered: u32,
    pub differences: u32,
    pub cells: Vec<ScoreCell>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Scoring {
    pub year: i32,
    pub table: ScoringTableInfo,
    pub criteria: Vec<CriterionView>,
    pub classes: Vec<String>,
    pub clusters: Vec<ClusterView>,
    /// The cluster shown ("" for all units).
    pub cluster: String,
    /// In rank order.
    pub units: Vec<UnitScoreRow>,
}

fn role_label(role: ClusterRole) -> &'static str {
    match role {
        ClusterRole::Leader => "Trưởng cụm",
        ClusterRole::Deputy => "Phó trưởng cụm",
        ClusterRole::Member => "",
    }
}

/// Reads what a scorer typed for a criterion into an answer the table accepts (points within
/// the criterion's range), or says why not.
fn checked_answer(table: &ScoringTable, criterion: &str, text: &str) -> Result<Answer, ApiError> {
    let c = table.criterion(criterion).ok_or_else(|| {
        let codes: Vec<&str> = table.criteria().map(|c| c.code.as_str()).collect();
        ApiError::refused(format!("Bảng tiêu chí «{}» không có tiêu chí {criterion} (có: {}).", table.name, codes.join(", ")))
    })?;
    let answer = c.answer_from_text(text).map_err(|e| ApiError::refused(format!("Không ghi điểm: {e}.")))?;
    score(table, &BTreeMap::from([(c.code.clone(), answer.clone())])).map_err(|e| ApiError::refused(format!("Không ghi điểm: {e}")))?;
    Ok(answer)
}

fn parse_answer(entry: &ScoreEntry) -> Option<Answer> {
    serde_json::from_str(&entry.answer).ok()
}

/// What the data says of a unit for a criterion, or why it says nothing.
fn data_answer(
    method: &Method,
    year: i32,
    ur: &UnitReport,
    days_late: i32,
    targets: &HashMap<(RecordId, String), i64>,
) -> Result<Answer, String> {
    match method {
        Method::Ratio { indicator: Some(code), .. } => {
            if ur.latest.is_none() {
                return Err(format!("Chưa nhận báo cáo năm {year}."));
            }
            let achieved =
                ur.figures.get(code).copied().flatten().ok_or_else(|| format!("Báo cáo năm {year} không có chỉ tiêu {code}."))?;
            let target =
                targets.get(&(ur.unit.id, code.clone())).copied().ok_or_else(|| format!("Chưa giao chỉ tiêu {code} năm {year}."))?;
            Ok(Answer::Ratio { achieved, target })
        }
        Method::Lateness { .. } if ur.latest.is_none() && days_late == 0 => Err(format!("Chưa nhận báo cáo năm {year}, chưa đến hạn.")),
        Method::Lateness { .. } => Ok(Answer::DaysLate { days: days_late as i64 }),
        _ => Err("Chưa chấm.".into()),
    }
}

impl Workspace {
    fn year_period(year: i32) -> Result<PeriodCode, ApiError> {
        PeriodCode::parse(&year.to_string()).map_err(ApiError::from)
    }

    /// The targets given for `year`, for the indicators the table in use scores by ratio.
    pub fn targets(&self, year: i32) -> Result<TargetsView, ApiError> {
        let r = self.store.read();
        let set = self.indicator_set()?.indicators;
        let wanted: Vec<String> = match self.table_in_use()? {
            Some((_, table)) => table
                .criteria()
                .filter_map(|c| match &c.method {
                    Method::Ratio { indicator: Some(i), .. } => Some(i.clone()),
                    _ => None,
                })
                .collect(),
            None => set.iter().map(|i| i.code.clone()).collect(),
        };
        let indicators: Vec<(String, String, String)> = wanted
            .iter()
            .map(|code| match set.iter().find(|i| &i.code == code) {
                Some(i) => (i.code.clone(), i.name.clone(), i.measure.clone()),
                None => (code.clone(), format!("(chỉ tiêu {code} không có trong bộ chỉ tiêu)"), String::new()),
            })
            .collect();
        let targets = r.targets(self.movement(), year)?;
        let units = self
            .children()?
            .into_iter()
            .map(|u| UnitTargets {
                targets: indicators.iter().map(|(code, _, _)| targets.get(&(u.id, code.clone())).copied()).collect(),
                unit_code: u.code,
                unit_name: u.name,
            })
            .collect();
        Ok(TargetsView { year, indicators, units })
    }

    /// Sets a unit's targets for `year` as typed ("12", "1.200"; blank removes one). Every
    /// value is checked first: a target is a whole number above 0, for an indicator of the set.
    /// It returns nothing: the table of every unit's targets is `targets`, read once however
    /// many units are given theirs.
    pub fn set_targets(&mut self, year: i32, unit_code: &str, typed: &[(String, String)]) -> Result<(), ApiError> {
        Self::year_period(year)?;
        let unit = self.child_unit(unit_code)?;
        let known: Vec<String> = self.indicator_set()?.indicators.into_iter().map(|i| i.code).collect();
        let mut values = Vec::new();
        for (code, text) in typed {
            let code = code.trim();
            if !known.iter().any(|k| k == code) {
                return Err(ApiError::refused(format!("Bộ chỉ tiêu không có chỉ tiêu {code}: không giao chỉ tiêu nào.")));
            }
            let value = match text.trim() {
                "" => None,
                t => Some(thidua_model::parse_whole(t).filter(|v| *v > 0).ok_or_else(|| {
                    ApiError::refused(format!(
                        "Chỉ tiêu {code} giao cho {} phải là số nguyên lớn hơn 0, không phải «{t}»: không giao chỉ tiêu nào.",
                        unit.full_name()
                    ))
                })?),
            };
            values.push((code.to_owned(), value));
        }
        let movement = self.movement.clone();
        self.store.write(&self.actor()?, |w| {
            for (code, value) in &values {
                w.set_target(&movement, year, unit.id, code, *value)?;
            }
            Ok(())
        })?;
        Ok(())
    }

    /// The clusters of `year`.
    pub fn clusters(&self, year: i32) -> Result<Vec<ClusterView>, ApiError> {
        let stored = self.store.read().clusters(year)?;
        let units: HashMap<RecordId, Unit> = self.children()?.into_iter().map(|u| (u.id, u)).collect();
        Ok(stored.iter().map(|c| cluster_view(c, &units)).collect())
    }

    /// Makes (or changes) a cluster of `year`: its name, its leader and deputy, and its units
    /// (the leader, the deputy and `members`: a unit not named leaves it). Every unit must be
    /// directly below this one and in no other cluster that year; nothing changes when one is
    /// refused.
    pub fn save_cluster(
        &mut self,
        year: i32,
        code: &str,
        name: &str,
        leader: Option<&str>,
        deputy: Option<&str>,
        members: &[String],
    ) -> Result<ClusterView, ApiError> {
        Self::year_period(year)?;
        let (code, name) = (thidua_text::clean(code), thidua_text::clean(name));
        if code.is_empty() || name.is_empty() {
            return Err(ApiError::refused("Cụm thi đua cần mã và tên (ví dụ «C1», «Cụm thi đua số 1»)."));
        }
        if leader.is_some() && leader == deputy {
            return Err(ApiError::refused("Trưởng cụm và phó trưởng cụm phải là hai đơn vị khác nhau."));
        }
        let mut placed: Vec<(Unit, ClusterRole)> = Vec::new();
        let roles = leader.map(|l| (l, ClusterRole::Leader)).into_iter().chain(deputy.map(|d| (d, ClusterRole::Deputy)));
        for (unit_code, role) in roles.chain(members.iter().map(|m| (m.as_str(), ClusterRole::Member))) {
            if placed.iter().any(|(u, _)| u.code == unit_code) {
                continue;
            }
            placed.push((self.child_unit(unit_code)?, role));
        }
        let existing = self.store.read().clusters(year)?;
        for (unit, _) in &placed {
            if let Some(other) = existing.iter().find(|c| c.code != code && c.members.iter().any(|(id, _)| *id == unit.id)) {
                return Err(ApiError::refused(format!(
                    "{} đã ở {} năm {year}: mỗi đơn vị chỉ ở một cụm thi đua trong năm. Hãy bỏ đơn vị khỏi cụm đó trước.",
                    unit.full_name(),
                    other.name
                )));
            }
        }
        let actor = self.actor()?;
        self.store.write(&actor, |w| {
            w.upsert_cluster(year, &code, &name)?;
            // The units left out leave first, so a new leader takes the place of the old one.
            if let Some(current) = existing.iter().find(|c| c.code == code) {
                for (id, role) in &current.members {
                    if !placed.iter().any(|(u, r)| u.id == *id && r == role) {
                        w.remove_cluster_member(year, *id)?;
                    }
                }
            }
            for (unit, role) in &placed {
                w.set_cluster_member(year, unit.id, &code, *role)?;
            }
            Ok(())
        })?;
        // Named from the units just placed, not from every unit below: a province making a
        // hundred clusters would otherwise read its whole catalogue a hundred times.
        let stored = self.store.read().clusters(year)?;
        let saved = stored.iter().find(|c| c.code == code).ok_or_else(|| ApiError::refused("Cụm thi đua vừa lưu không đọc lại được."))?;
        let units: HashMap<RecordId, Unit> = placed.into_iter().map(|(u, _)| (u.id, u)).collect();
        Ok(cluster_view(saved, &units))
    }

    /// Enters (or, with `None`, takes back) the upper level's score of a unit for a criterion,
    /// as typed ("12/10", "B", "có", "2", "8,5"); a score needs its reason. It returns nothing:
    /// the ranking after it is `scoring`, worked out once however many scores are entered.
    pub fn set_score(&mut self, year: i32, unit_code: &str, criterion: &str, value: Option<&str>, reason: &str) -> Result<(), ApiError> {
        Self::year_period(year)?;
        let unit = self.child_unit(unit_code)?;
        let (_, table) = self.table_in_use()?.ok_or_else(|| ApiError::refused("Chưa có bảng tiêu chí chấm điểm."))?;
        let reason = thidua_text::clean(reason);
        let answer = match value.map(str::trim).filter(|v| !v.is_empty()) {
            Some(text) => {
                if reason.is_empty() {
                    return Err(ApiError::refused(format!(
                        "Hãy ghi lý do chấm tiêu chí {criterion} cho {}: mỗi điểm cấp trên chấm cần căn cứ.",
                        unit.full_name()
                    )));
                }
                Some(serde_json::to_string(&checked_answer(&table, criterion, text)?).map_err(|e| ApiError::refused(e.to_string()))?)
            }
            None => {
                table.criterion(criterion).ok_or_else(|| ApiError::refused(format!("Bảng tiêu chí không có tiêu chí {criterion}.")))?;
                None
            }
        };
        self.store.write(&self.actor()?, |w| w.set_score_entry(year, unit.id, Scorer::Upper, criterion, answer.as_deref(), &reason))?;
        Ok(())
    }

    /// Every unit below, scored for `year` against the table in use and ranked; with a
    /// cluster, only its units (ranked over all and within it).
    pub fn scoring(&self, year: i32, cluster: Option<&str>) -> Result<Scoring, ApiError> {
        let period = Self::year_period(year)?;
        let (info, table) = self.table_in_use()?.ok_or_else(|| {
            ApiError::refused(
                "Chưa có bảng tiêu chí chấm điểm: hãy nhập bảng của đơn vị hoặc dùng bảng mẫu (Thi đua – Khen thưởng › Bảng tiêu chí).",
            )
        })?;
        let r = self.store.read();
        let targets = r.targets(self.movement(), year)?;
        let entries = r.score_entries(year)?;
        let stored_clusters = r.clusters(year)?;
        if let Some(c) = cluster.filter(|c| !stored_clusters.iter().any(|s| s.code == *c)) {
            return Err(ApiError::refused(format!("Năm {year} không có cụm thi đua mã {c}.")));
        }
        let reports = self.unit_reports(period)?;
        let lateness: HashMap<String, i32> = self
            .completeness_of(period, &reports)?
            .units
            .into_iter()
            .map(|u| (u.unit_code, if u.state == ReportingStatus::Missing && u.days_late == 0 { 0 } else { u.days_late }))
            .collect();
        // Looked up once per unit and criterion: indexed, so a nation's units stay linear.
        let by_key: HashMap<(RecordId, Scorer, &str), &ScoreEntry> =
            entries.iter().map(|e| ((e.unit_id, e.scorer, e.criterion_code.as_str()), e)).collect();
        let entry = |unit: RecordId, scorer: Scorer, code: &str| by_key.get(&(unit, scorer, code)).copied();
        let membership: HashMap<RecordId, (&StoredCluster, ClusterRole)> =
            stored_clusters.iter().flat_map(|c| c.members.iter().map(move |(id, role)| (*id, (c, *role)))).collect();
        let mut rows = Vec::new();
        for ur in &reports {
            let days_late = lateness.get(&ur.unit.code).copied().unwrap_or(0);
            let mut answers = BTreeMap::new();
            let mut own_answers = BTreeMap::new();
            let mut notes: HashMap<&str, (ScoreSource, String, String)> = HashMap::new();
            for c in table.criteria() {
                let own = entry(ur.unit.id, Scorer::Own, &c.code);
                if let Some(a) = own.and_then(parse_answer) {
                    own_answers.insert(c.code.clone(), a);
                }
                let own_reason = own.map(|e| e.reason.clone()).unwrap_or_default();
                let (answer, source, reason, note) =
                    match entry(ur.unit.id, Scorer::Upper, &c.code).and_then(|e| Some((parse_answer(e)?, e))) {
                        Some((a, e)) => (Some(a), ScoreSource::Upper, e.reason.clone(), String::new()),
                        None => match data_answer(&c.method, year, ur, days_late, &targets) {
                            Ok(a) => (Some(a), ScoreSource::Data, String::new(), String::new()),
                            Err(note) => match own_answers.get(&c.code) {
                                Some(a) => (Some(a.clone()), ScoreSource::OwnAccepted, own_reason, String::new()),
                                None => (None, ScoreSource::None, String::new(), note),
                            },
                        },
                    };
                if let Some(a) = answer {
                    answers.insert(c.code.clone(), a);
                }
                notes.insert(c.code.as_str(), (source, reason, note));
            }
            // Answers stored under an older table may not suit this one: such a criterion
            // counts as not scored rather than failing the whole table.
            let scored = score_leniently(&table, answers);
            let own = if own_answers.is_empty() { None } else { Some(score_leniently(&table, own_answers)) };
            let cells: Vec<ScoreCell> = scored
                .criteria
                .iter()
                .map(|s| {
                    let (source, reason, note) = notes.remove(s.code.as_str()).unwrap_or((ScoreSource::None, String::new(), String::new()));
                    let own_cell = own.as_ref().and_then(|o| o.criteria.iter().find(|x| x.code == s.code && !x.unanswered));
                    ScoreCell {
                        code: s.code.clone(),
                        points: if s.unanswered { String::new() } else { s.points.to_text() },
                        own_points: own_cell.map(|o| o.points.to_text()).unwrap_or_default(),
                        explanation: if s.unanswered && !note.is_empty() { note } else { s.explanation.clone() },
                        source,
                        reason,
                        differs: own_cell.is_some_and(|o| o.points != s.points || s.unanswered),
                    }
                })
                .collect();
            let (cluster_code, cluster_name, role) =
                membership.get(&ur.unit.id).map(|(c, r)| (c.code.clone(), c.name.clone(), role_label(*r).to_owned())).unwrap_or_default();
            rows.push(UnitScoreRow {
                unit_code: ur.unit.code.clone(),
                unit_name: ur.unit.full_name(),
                cluster_code,
                cluster_name,
                role,
                rank: 0,
                has_report: ur.latest.is_some(),
                tied: false,
                cluster_rank: 0,
                total: scored.total.to_text(),
                total_hundredths: scored.total.0,
                own_total: own.as_ref().map(|o| o.total.to_text()).unwrap_or_default(),
                class: scored.class.clone().unwrap_or_default(),
                excess_bonus: scored.excess_bonus.to_text(),
                bonus: scored.bonus.to_text(),
                penalties: scored.penalties.to_text(),
                // Bonuses and penalties not entered are not missing work: they did not happen.
                unanswered: scored
                    .criteria
                    .iter()
                    .filter(|c| c.unanswered && table.criterion(&c.code).is_some_and(|k| k.standard > Points::ZERO))
                    .count() as u32,
                differences: cells.iter().filter(|c| c.differs).count() as u32,
                cells,
            });
        }
        // A unit with no yearly report and no score has nothing to be ranked on: it is listed
        // after the ranked units, with rank 0 ("chưa xếp hạng").
        let is_ranked = |row: &UnitScoreRow| {
            row.has_report || row.cells.iter().any(|c| matches!(c.source, ScoreSource::Upper | ScoreSource::OwnAccepted))
        };
        place(&mut rows, is_ranked, |row, rank, tied| (row.rank, row.tied) = (rank, tied));
        for c in &stored_clusters {
            place(&mut rows, |row| is_ranked(row) && row.cluster_code == c.code, |row, rank, _| row.cluster_rank = rank);
        }
        rows.sort_by_key(|row| (row.rank == 0, row.rank, row.cluster_rank));
        let cluster = cluster.unwrap_or_default().to_owned();
        if !cluster.is_empty() {
            rows.retain(|row| row.cluster_code == cluster);
            rows.sort_by_key(|row| (row.cluster_rank == 0, row.cluster_rank));
        }
        let units: HashMap<RecordId, Unit> = self.children()?.into_iter().map(|u| (u.id, u)).collect();
        let view = table_view(info, &table);
        Ok(Scoring {
            year,
            table: view.info,
            criteria: view.criteria,
            classes: view.classes,
            clusters: stored_clusters.iter().map(|c| cluster_view(c, &units)).collect(),
            cluster,
            units: rows,
        })
    }
}

impl Workspace {
    /// The scoring table a plan bundle carries down; `None` before there is one.
    pub(crate) fn scoring_payload_for(&self) -> Result<Option<thidua_bundle::payload::ScoringPayload>, ApiError> {
        let Some((_, table)) = self.table_in_use()? else { return Ok(None) };
        Ok(Some(thidua_bundle::payload::ScoringPayload {
            table: serde_json::to_value(&table).map_err(|e| ApiError::refused(e.to_string()))?,
            targets: Vec::new(),
        }))
    }

    /// Every yearly target given to `unit`, for the plan bundle.
    pub(crate) fn targets_payload_for(&self, unit: &Unit) -> Result<Vec<thidua_bundle::payload::TargetPayload>, ApiError> {
        Ok(self
            .store
            .read()
            .unit_targets(self.movement(), unit.id)?
            .into_iter()
            .map(|(year, indicator_code, target)| thidua_bundle::payload::TargetPayload { year, indicator_code, target })
            .collect())
    }

    /// The ranking of `year` as a workbook: the units in rank order with their totals and each
    /// criterion's points, then every criterion of every unit with the unit's own points, the
    /// upper level's, how they were reached and why.
    pub fn ranking_xlsx(&self, year: i32, cluster: Option<&str>, dest: &std::path::Path) -> Result<Scoring, ApiError> {
        use thidua_excel::{Cell, Column, Sheet};
        let scoring = self.scoring(year, cluster)?;
        let installation = self.installation()?;
        let of_cluster = scoring.clusters.iter().find(|c| c.code == scoring.cluster).map(|c| format!(" – {}", c.name.to_uppercase()));
        let title = vec![
            installation.unit.committee_heading(),
            format!("KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG THI ĐUA NĂM {year}{}", of_cluster.unwrap_or_default()),
            format!("(Theo {} phiên bản {})", scoring.table.name, scoring.table.version),
        ];
        let text = |s: &str| Cell::Text(s.to_owned());
        let points = |s: &str| s.parse::<Points>().map_or_else(|_| Cell::Empty, |p| Cell::Hundredths(p.0));
        let column = |h: &str, numeric: bool| Column { header: h.to_owned(), numeric };
        let mut columns = vec![
            column("Hạng", true),
            column("Đơn vị", false),
            column("Cụm thi đua", false),
            column("Hạng trong cụm", true),
            column("Tự chấm", true),
            column("Tổng điểm", true),
            column("Xếp loại", false),
            column("Thưởng vượt chỉ tiêu", true),
            column("Điểm cộng", true),
            column("Điểm trừ", true),
        ];
        columns.extend(scoring.criteria.iter().map(|c| column(&format!("{} {}", c.code, c.name), true)));
        let rows = scoring
            .units
            .iter()
            .map(|u| {
                let rank = if u.tied { format!("{} (đồng hạng)", u.rank) } else { u.rank.to_string() };
                let mut row = vec![
                    if u.tied { Cell::Text(rank) } else { Cell::Number(u.rank as i64) },
                    text(&u.unit_name),
                    text(&u.cluster_name),
                    if u.cluster_rank > 0 { Cell::Number(u.cluster_rank as i64) } else { Cell::Empty },
                    points(&u.own_total),
                    points(&u.total),
                    text(&u.class),
                    points(&u.excess_bonus),
                    points(&u.bonus),
                    points(&u.penalties),
                ];
                row.extend(u.cells.iter().map(|c| points(&c.points)));
                row
            })
            .collect();
        let ranking = Sheet { name: "Xếp hạng".into(), title: title.clone(), columns, rows, total: None };
        let details = Sheet {
            name: "Chi tiết".into(),
            title,
            columns: vec![
                column("Đơn vị", false),
                column("Tiêu chí", false),
                column("Tự chấm", true),
                column("Cấp trên chấm", true),
                column("Cách tính", false),
                column("Căn cứ, lý do", false),
            ],
            rows: scoring
                .units
                .iter()
                .flat_map(|u| {
                    u.cells.iter().zip(&scoring.criteria).map(|(c, head)| {
                        let why = match c.source {
                            ScoreSource::Data => "Tính từ số liệu báo cáo và chỉ tiêu giao".to_owned(),
                            ScoreSource::Upper => format!("Cấp trên chấm: {}", c.reason),
                            ScoreSource::OwnAccepted if c.reason.is_empty() => "Giữ điểm đơn vị tự chấm".to_owned(),
                            ScoreSource::OwnAccepted => format!("Giữ điểm đơn vị tự chấm ({})", c.reason),
                            ScoreSource::None => String::new(),
                        };
                        vec![
                            text(&u.unit_name),
                            text(&format!("{} {}", head.code, head.name)),
                            points(&c.own_points),
                            points(&c.points),
                            text(&c.explanation),
                            Cell::Text(why),
                        ]
                    })
                })
                .collect(),
            total: None,
        };
        let bytes = thidua_excel::workbook(&[ranking, details]).map_err(|e| ApiError::refused(e.to_string()))?;
        crate::files::write_atomically(dest, &bytes)?;
        Ok(scoring)
    }
}

/// Scores what can be scored: an answer the table refuses (stored under an older version) is
/// dropped, and its criterion counts as not scored.
fn score_leniently(table: &ScoringTable, mut answers: BTreeMap<String, Answer>) -> thidua_scoring::UnitScore {
    loop {
        match score(table, &answers) {
            Ok(s) => return s,
            Err(thidua_scoring::ScoreError::UnknownCriterion(code) | thidua_scoring::ScoreError::Invalid { criterion: code, .. }) => {
                answers.remove(&code);
            }
        }
    }
}

/// Ranks the rows `among` by total (ties in Vietnamese order of name) and tells each its place.
fn place(rows: &mut [UnitScoreRow], among: impl Fn(&UnitScoreRow) -> bool, mut set: impl FnMut(&mut UnitScoreRow, u32, bool)) {
    let indices: Vec<usize> = (0..rows.len()).filter(|&i| among(&rows[i])).collect();
    let entries: Vec<(String, Points)> = indices.iter().map(|&i| (rows[i].unit_name.clone(), Points(rows[i].total_hundredths))).collect();
    for p in thidua_scoring::rank(&entries) {
        set(&mut rows[indices[p.index]], p.rank as u32, p.tied);
    }
}

fn cluster_view(c: &StoredCluster, units: &HashMap<RecordId, Unit>) -> ClusterView {
    let name_of = |id: &RecordId| units.get(id).map(|u| u.full_name()).unwrap_or_default();
    let with = |role: ClusterRole| c.members.iter().find(|(_, r)| *r == role).map(|(id, _)| name_of(id)).unwrap_or_default();
    let mut members: Vec<&(RecordId, ClusterRole)> = c.members.iter().collect();
    let collator = thidua_text::Collator::vietnamese();
    let order = |r: ClusterRole| match r {
        ClusterRole::Leader => 0,
        ClusterRole::Deputy => 1,
        ClusterRole::Member => 2,
    };
    members.sort_by(|a, b| order(a.1).cmp(&order(b.1)).then_with(|| collator.compare(&name_of(&a.0), &name_of(&b.0))));
    ClusterView {
        code: c.code.clone(),
        name: c.name.clone(),
        leader: with(ClusterRole::Leader),
        deputy: with(ClusterRole::Deputy),
        units: members.iter().filter_map(|(id, _)| units.get(id).map(|u| (u.code.clone(), u.full_name()))).collect(),
    }
}
