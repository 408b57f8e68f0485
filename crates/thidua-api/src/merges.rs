//! The 1 July 2025 merger through history: which old units each commune was formed from, and
//! a commune's figures before the merger read from the old units counted under it.
//!
//! The statistics office reused one old code for each new commune, so importing the 2025 list
//! renames that old unit's row in place (14758 Phường Đông Thọ became 14758 Phường Hàm Rồng):
//! the row holds the old unit's records from before the merger. A divided unit's history goes
//! to the commune that took most of it, which need not be the one that kept its code (most of
//! Đông Thọ went to Phường Hạc Thành). So history is never read by row: a period that ended
//! before the merger is read through the merger list, old unit by old unit.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Serialize;
use thidua_catalogue::{ParsedMerges, Share, read_merges, read_merges_bytes};
use thidua_model::{IsoDate, PeriodCode, RecordId, ReportState, Unit};
use thidua_store::{MergeSource, UnitFilter, UnitMerge};
use thidua_text::{Collator, search_key};
use ts_rs::TS;

use crate::{ApiError, Workspace};

/// The day the 2025 reorganisation took effect: the default for a merger list, which does not
/// say its own date.
pub const REFORM_DAY: &str = "2025-07-01";

/// At most this many problems are named in one refusal; the count says how many there were.
const NAMED_PROBLEMS: usize = 5;

/// What a merger list import did.
#[derive(Debug, Clone, Serialize, TS)]
pub struct MergeImport {
    pub source_name: String,
    /// dd/mm/yyyy.
    pub effective_on: String,
    pub new_units: u32,
    pub old_units: u32,
    /// Old units divided between several new ones.
    pub divided: u32,
    /// Old units whose records are on the row the newer list gave to a merged commune (the
    /// code was reused): read as the old unit's before the merger.
    pub code_reused: u32,
    /// Rows of an earlier list that this one replaced.
    pub replaced: u32,
    /// Districts (huyện) left with no unit below them, retired with the district level.
    pub districts_retired: u32,
    /// Rows repeating an earlier row word for word, skipped.
    pub repeated_rows: Vec<u32>,
    /// Old units the list contradicts itself on ("15379 Xã Vĩnh Hùng: toàn bộ vào Xã Vĩnh Lộc
    /// và Xã Biện Thượng"): imported, their history counted under no commune until corrected.
    pub unclear: Vec<String>,
}

/// One old unit a commune was formed from.
#[derive(Debug, Clone, Serialize, TS)]
pub struct MergedFrom {
    pub code: String,
    pub name: String,
    /// Its district before the merger.
    pub district: String,
    /// "toàn bộ", "một phần" or "phần lớn".
    pub share: String,
    /// Its history is shown and counted under this commune.
    pub counted_here: bool,
    /// The commune its history is counted under (this one, or the one that took most of it).
    pub counted_in: String,
    /// The other communes that took part of it.
    pub shared_with: Vec<String>,
    /// Reports held here from it for periods before the merger.
    pub reports: u32,
}

/// One indicator's figure for a period of a commune's history.
#[derive(Debug, Clone, Serialize, TS)]
pub struct HistoryFigure {
    pub code: String,
    pub name: String,
    #[ts(type = "number | null")]
    pub value: Option<i64>,
}

/// A period of a commune's history.
#[derive(Debug, Clone, Serialize, TS)]
pub struct HistoryPeriod {
    pub period: String,
    pub label: String,
    /// The period ended before the merger: its figures are the old units' counted here.
    pub before_merger: bool,
    /// Units whose report is counted (the old units, or the commune itself) and how many sent one.
    pub expected: u32,
    pub reported: u32,
    pub figures: Vec<HistoryFigure>,
}

/// A commune, where it came from, and its figures period by period across the merger.
#[derive(Debug, Clone, Serialize, TS)]
pub struct UnitHistory {
    pub code: String,
    pub name: String,
    /// dd/mm/yyyy; empty when the commune was not formed by a merger this installation knows.
    pub effective_on: String,
    /// One sentence on where the commune came from, built from the list.
    pub summary: String,
    pub came_from: Vec<MergedFrom>,
    pub periods: Vec<HistoryPeriod>,
}

/// A unit whose reports make up a period here, and the commune it is now part of when the period
/// is read through a merger.
pub(crate) struct ReportingUnit {
    pub unit: Unit,
    pub now_in: Option<NowIn>,
}

/// The commune an old unit is now part of: its code, and its name as shown ("Phường Hạc
/// Thành", or both candidates when the merger list contradicts itself).
#[derive(Debug, Clone)]
pub(crate) struct NowIn {
    pub code: String,
    pub name: String,
}

fn share_label(share: &str) -> &'static str {
    match Share::parse(share) {
        Some(Share::Whole) => "toàn bộ",
        Some(Share::Most) => "phần lớn",
        Some(Share::Unclear) => "chưa rõ",
        _ => "một phần",
    }
}

/// The old unit as it was named before the merger, on the row that holds its records.
fn old_unit(row: &Unit, m: &UnitMerge) -> Unit {
    Unit {
        code: m.old_code.clone(),
        name: m.old_name.clone(),
        kind: thidua_catalogue::kind_of(&m.old_name),
        parent_name: Some(m.old_parent.clone()).filter(|p| !p.is_empty()),
        retired: true,
        ..row.clone()
    }
}

impl Workspace {
    /// Imports a merger list (.csv, .xlsx…: ma_cu, ten_cu, huyen_cu, ma_moi, ten_moi, phan):
    /// every old unit must be one this computer knows by that code and name (import the list of
    /// before the merger first), every new unit a unit of the current list (import it first).
    /// All or nothing; a newer import of the same old units replaces what was said of them.
    pub fn import_merges(&mut self, path: &Path, effective_on: Option<&str>) -> Result<MergeImport, ApiError> {
        let list = read_merges(path)?;
        self.apply_merges(&list, effective_on)
    }

    pub fn import_merges_bytes(&mut self, name: &str, bytes: &[u8], effective_on: Option<&str>) -> Result<MergeImport, ApiError> {
        let list = read_merges_bytes(name, bytes)?;
        self.apply_merges(&list, effective_on)
    }

    fn apply_merges(&mut self, list: &ParsedMerges, effective_on: Option<&str>) -> Result<MergeImport, ApiError> {
        let effective_on = IsoDate::parse(effective_on.unwrap_or(REFORM_DAY))?;
        let mut problems: Vec<String> = Vec::new();
        let mut rows: Vec<UnitMerge> = Vec::new();
        let mut new_ids: HashMap<&str, RecordId> = HashMap::new();
        let mut old_ids: HashMap<&str, (RecordId, bool)> = HashMap::new();
        // Each unit is looked up once, and named once if it does not match.
        let (mut checked_new, mut checked_old) = (std::collections::HashSet::new(), std::collections::HashSet::new());
        {
            let r = self.store.read();
            for m in &list.rows {
                if checked_new.insert(m.new_code.as_str()) {
                    match r.unit_by_code(&m.new_code, Some("xa"))? {
                        Some(u) if search_key(&u.name) == search_key(&m.new_name) => {
                            new_ids.insert(&m.new_code, u.id);
                        }
                        Some(u) => problems.push(format!(
                            "dòng {}: mã mới {} là {} trong danh mục hiện hành, không phải {}",
                            m.row, m.new_code, u.name, m.new_name
                        )),
                        None => problems
                            .push(format!("dòng {}: mã mới {} ({}) không có trong danh mục hiện hành", m.row, m.new_code, m.new_name)),
                    }
                }
                if checked_old.insert(m.old_code.as_str()) {
                    let key = search_key(&m.old_name);
                    let mut found = None;
                    for u in r.units_ever_coded(&m.old_code, "xa")? {
                        if r.unit_names(u.id)?.iter().any(|n| search_key(n) == key) {
                            found = Some(u);
                            break;
                        }
                    }
                    match found {
                        Some(u) => {
                            old_ids.insert(&m.old_code, (u.id, !u.retired));
                        }
                        None => problems.push(format!(
                            "dòng {}: mã cũ {} ({}) không có trong danh mục của máy này với tên đó",
                            m.row, m.old_code, m.old_name
                        )),
                    }
                }
            }
            // An old unit still live must be the row the new list gave to a merged commune.
            for m in &list.rows {
                if let (Some(&(old, true)), Some(_)) = (old_ids.get(m.old_code.as_str()), new_ids.get(m.new_code.as_str()))
                    && !new_ids.values().any(|&n| n == old)
                {
                    problems.push(format!("dòng {}: đơn vị cũ {} ({}) vẫn còn trong danh mục hiện hành", m.row, m.old_code, m.old_name));
                    old_ids.insert(&m.old_code, (old, false));
                }
            }
        }
        if !problems.is_empty() {
            let count = problems.len();
            problems.truncate(NAMED_PROBLEMS);
            return Err(ApiError::refused(format!(
                "Chưa nhập danh sách sáp nhập {}: {count} đơn vị trong danh sách không khớp với danh mục đơn vị của máy này ({}{}). \
                 Hãy nhập danh mục đơn vị trước sáp nhập (của Tổng cục Thống kê, năm 2021) và danh mục sau sáp nhập \
                 (ngày {}) ở Cài đặt › Danh mục đơn vị, rồi nhập lại danh sách này. Chưa có gì thay đổi.",
                list.source_name,
                problems.join("; "),
                if count > NAMED_PROBLEMS { "; …" } else { "" },
                effective_on.to_dmy()
            )));
        }
        for m in &list.rows {
            rows.push(UnitMerge {
                old_unit_id: old_ids[m.old_code.as_str()].0,
                old_code: m.old_code.clone(),
                old_name: m.old_name.clone(),
                old_parent: m.old_parent.clone(),
                new_unit_id: new_ids[m.new_code.as_str()],
                share: m.share.as_str().into(),
                effective_on: effective_on.to_string(),
                source_name: list.source_name.clone(),
            });
        }
        let mut divided: Vec<&str> =
            list.rows.iter().filter(|m| matches!(m.share, Share::Part | Share::Most)).map(|m| m.old_code.as_str()).collect();
        divided.sort_unstable();
        divided.dedup();
        let code_reused = old_ids.values().filter(|(id, _)| new_ids.values().any(|n| n == id)).count();
        self.backup_before_import()?;
        let actor = self.actor()?;
        let source = MergeSource { name: list.source_name.clone(), sha256: list.sha256.clone(), effective_on: effective_on.to_string() };
        // The districts the old units were in, gone with the district level: a list of communes
        // (the 2025 list) cannot retire them, the merger can once none of their units is left.
        // Found by the name the list gives them, in the province of the new units: when every
        // commune of a district kept its code, no old row still points at the district.
        let districts: Vec<RecordId> = {
            let r = self.store.read();
            let names: std::collections::HashSet<String> = list.rows.iter().map(|m| search_key(&m.old_parent)).collect();
            let mut provinces: Vec<RecordId> = Vec::new();
            for id in new_ids.values() {
                if let Some(p) = r.unit(*id)?.and_then(|u| u.parent_id).filter(|p| !provinces.contains(p)) {
                    provinces.push(p);
                }
            }
            let mut ids = Vec::new();
            for province in provinces {
                for district in r.units(&UnitFilter { parent_id: Some(province), level: Some("huyen".into()), ..Default::default() })? {
                    if names.contains(&search_key(&district.name))
                        && r.units(&UnitFilter { parent_id: Some(district.id), limit: Some(1), ..Default::default() })?.is_empty()
                    {
                        ids.push(district.id);
                    }
                }
            }
            ids
        };
        let reason = format!("Danh sách sáp nhập {}: không còn đơn vị nào trực thuộc", list.source_name);
        let replaced = self.store.write(&actor, |w| {
            for id in &districts {
                w.retire_unit(*id, &reason)?;
            }
            w.replace_merges(&source, &rows)
        })?;
        Ok(MergeImport {
            source_name: list.source_name.clone(),
            effective_on: effective_on.to_dmy(),
            new_units: new_ids.len() as u32,
            old_units: old_ids.len() as u32,
            divided: divided.len() as u32,
            code_reused: code_reused as u32,
            replaced: replaced as u32,
            districts_retired: districts.len() as u32,
            repeated_rows: list.repeated_rows.iter().map(|&r| r as u32).collect(),
            unclear: list
                .unclear
                .iter()
                .map(|(code, name)| {
                    let into: Vec<String> =
                        list.rows.iter().filter(|m| &m.old_code == code).map(|m| format!("{} ({})", m.new_name, m.share_text)).collect();
                    format!("{code} {name}: vào {}", into.join(", "))
                })
                .collect(),
        })
    }

    /// The units whose reports make up `period` here: the units below, except that a unit formed
    /// by a merger after the period ended is read through the old units counted under it.
    pub(crate) fn reporting_units(&self, period: PeriodCode) -> Result<Vec<ReportingUnit>, ApiError> {
        let children = self.children()?;
        let merges = self.store.read().merges()?;
        let ended = period.ends().to_string();
        let before: Vec<&UnitMerge> = merges.iter().filter(|m| ended < m.effective_on).collect();
        let mut through: HashMap<RecordId, Vec<&UnitMerge>> = HashMap::new();
        for m in before.iter().filter(|m| Share::parse(&m.share).is_some_and(Share::carries_history)) {
            through.entry(m.new_unit_id).or_default().push(m);
        }
        // An old unit the list is unclear about is listed once, under the first of its
        // candidates here, named with all of them: the province's totals keep its figures.
        let names: HashMap<RecordId, &str> = children.iter().map(|u| (u.id, u.name.as_str())).collect();
        let mut unclear: HashMap<RecordId, (&UnitMerge, Vec<&str>)> = HashMap::new();
        for m in before.iter().filter(|m| m.share == Share::Unclear.as_str()) {
            if let Some(name) = names.get(&m.new_unit_id) {
                unclear.entry(m.old_unit_id).or_insert((m, Vec::new())).1.push(name);
            }
        }
        let mut unclear_under: HashMap<RecordId, Vec<(&UnitMerge, String)>> = HashMap::new();
        let collator = Collator::vietnamese();
        for (m, mut candidates) in unclear.into_values() {
            collator.sort_by_key(&mut candidates, |c| c);
            let first = children.iter().find(|c| merges.iter().any(|o| o.old_unit_id == m.old_unit_id && o.new_unit_id == c.id));
            if let Some(first) = first {
                unclear_under.entry(first.id).or_default().push((m, format!("chưa rõ: {}", candidates.join(" hoặc "))));
            }
        }
        let r = self.store.read();
        let mut out = Vec::new();
        for child in children.iter() {
            let mut old: Vec<(&UnitMerge, String)> =
                through.get(&child.id).into_iter().flatten().map(|m| (*m, child.name.clone())).collect();
            old.extend(unclear_under.remove(&child.id).unwrap_or_default());
            if old.is_empty() {
                out.push(ReportingUnit { unit: child.clone(), now_in: None });
                continue;
            }
            old.sort_by(|a, b| collator.compare(&a.0.old_name, &b.0.old_name));
            for (m, name) in old {
                let row = r.unit(m.old_unit_id)?.ok_or_else(|| ApiError::refused(format!("Không còn đơn vị {}.", m.old_code)))?;
                out.push(ReportingUnit { unit: old_unit(&row, m), now_in: Some(NowIn { code: child.code.clone(), name }) });
            }
        }
        Ok(out)
    }

    /// A commune of the current list: the old units it came from and its figures in every
    /// period this installation knows, those before the merger summed over the old units
    /// counted under it.
    pub fn unit_history(&self, code: &str) -> Result<UnitHistory, ApiError> {
        let r = self.store.read();
        let unit = r
            .unit_by_code(code.trim(), None)?
            .ok_or_else(|| ApiError::refused(format!("Không có đơn vị mã {} trong danh mục hiện hành.", code.trim())))?;
        let merges = r.merges()?;
        let mine: Vec<&UnitMerge> = merges.iter().filter(|m| m.new_unit_id == unit.id).collect();
        let names: HashMap<RecordId, String> = {
            let mut ids: Vec<RecordId> = merges.iter().map(|m| m.new_unit_id).collect();
            ids.sort_unstable();
            ids.dedup();
            ids.into_iter().filter_map(|id| r.unit(id).ok().flatten().map(|u| (id, u.name))).collect()
        };
        let effective_on = mine.first().map(|m| m.effective_on.clone());
        let periods: Vec<PeriodCode> = r.periods()?.into_iter().map(|p| p.code).collect();
        // A unit list without an installation has no indicator set: the history lists no figures.
        let indicators = self.indicator_set().map(|s| s.indicators).unwrap_or_default();
        let codes = r.indicator_codes()?;
        // The latest revision sent of a row's report for a period.
        let latest = |unit: RecordId, period: PeriodCode| -> Result<Option<thidua_store::StoredReport>, ApiError> {
            Ok(r.report_revisions(unit, self.movement(), period)?.into_iter().rfind(|x| x.state != ReportState::Draft))
        };
        let mut came_from = Vec::new();
        let collator = Collator::vietnamese();
        for m in &mine {
            let all: Vec<&UnitMerge> = merges.iter().filter(|o| o.old_unit_id == m.old_unit_id).collect();
            let counted_in = all
                .iter()
                .find(|o| Share::parse(&o.share).is_some_and(Share::carries_history))
                .map(|o| names[&o.new_unit_id].clone())
                .unwrap_or_else(|| "chưa rõ (danh sách sáp nhập ghi mâu thuẫn)".into());
            let mut shared_with: Vec<String> =
                all.iter().filter(|o| o.new_unit_id != unit.id).map(|o| names[&o.new_unit_id].clone()).collect();
            collator.sort_by_key(&mut shared_with, |s| s.as_str());
            let mut reports = 0;
            for p in periods.iter().filter(|p| p.ends().to_string() < m.effective_on) {
                reports += latest(m.old_unit_id, *p)?.is_some() as u32;
            }
            came_from.push(MergedFrom {
                code: m.old_code.clone(),
                name: m.old_name.clone(),
                district: m.old_parent.clone(),
                share: share_label(&m.share).into(),
                counted_here: Share::parse(&m.share).is_some_and(Share::carries_history),
                counted_in,
                shared_with,
                reports,
            });
        }
        collator.sort_by_key(&mut came_from, |f| f.name.as_str());
        let mut history = Vec::new();
        for p in periods {
            let before = effective_on.as_ref().is_some_and(|e| p.ends().to_string() < *e);
            let sources: Vec<RecordId> =
                if before { mine.iter().filter(|m| m.share != "part").map(|m| m.old_unit_id).collect() } else { vec![unit.id] };
            let mut sums: BTreeMap<String, Option<i64>> = BTreeMap::new();
            let mut reported = 0;
            let figures = r.period_figures(self.movement(), p)?;
            for id in &sources {
                let Some(report) = latest(*id, p)? else { continue };
                reported += 1;
                for f in figures.get(&report.id).into_iter().flatten() {
                    let (Some((code, _)), Some(v)) = (codes.get(&f.indicator_id), f.value) else { continue };
                    let sum = sums.entry(code.clone()).or_insert(Some(0));
                    *sum = sum.and_then(|s| s.checked_add(v));
                }
            }
            history.push(HistoryPeriod {
                period: p.to_string(),
                label: p.label(),
                before_merger: before,
                expected: sources.len() as u32,
                reported,
                figures: indicators
                    .iter()
                    .map(|i| HistoryFigure { code: i.code.clone(), name: i.name.clone(), value: sums.get(&i.code).copied().flatten() })
                    .collect(),
            });
        }
        let summary = match &effective_on {
            None => format!("{} không được lập từ sáp nhập theo danh sách máy này đã nhập.", unit.full_name()),
            Some(day) => {
                let counted = came_from.iter().filter(|f| f.counted_here).count();
                let parts = came_from.len() - counted;
                let mut s = format!(
                    "{} được lập ngày {} từ {} đơn vị cũ; số liệu trước ngày đó là tổng của {counted} đơn vị tính lịch sử ở đây",
                    unit.full_name(),
                    IsoDate::parse(day).map(|d| d.to_dmy()).unwrap_or_else(|_| day.clone()),
                    came_from.len()
                );
                if parts > 0 {
                    s.push_str(&format!(
                        " ({parts} đơn vị cũ chỉ có một phần sáp nhập vào đây: lịch sử của chúng tính ở đơn vị nhận phần lớn)"
                    ));
                }
                s.push('.');
                s
            }
        };
        Ok(UnitHistory {
            code: unit.code.clone(),
            name: unit.name.clone(),
            effective_on: effective_on.and_then(|d| IsoDate::parse(&d).ok()).map(|d| d.to_dmy()).unwrap_or_default(),
            summary,
            came_from,
            periods: history,
        })
    }
}
