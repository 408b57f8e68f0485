use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use thidua_catalogue::{ParsedCatalogue, diff, read_catalogue, read_catalogue_bytes};
use thidua_model::{Level, RecordId, Unit};
use thidua_store::{CatalogueRecord, NewUnit, UnitFilter};
use ts_rs::TS;

use crate::{ApiError, Workspace};

/// The list a new installation starts from (see assets/catalogue/README.md).
const EMBEDDED_CATALOGUE: (&str, &[u8]) =
    ("don-vi-cap-xa-2025-07-01.csv", include_bytes!("../../../assets/catalogue/don-vi-cap-xa-2025-07-01.csv"));

/// Which units to list: what the clerk typed, a level, a parent.
#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct UnitQuery {
    pub search: Option<String>,
    pub level: Option<String>,
    pub parent_id: Option<RecordId>,
    #[serde(default)]
    pub include_retired: bool,
    pub limit: Option<u32>,
}

/// One unit that an import changed or retired.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct UnitChange {
    pub level: String,
    pub code: String,
    pub name: String,
    /// The old name (renamed) or old code (code changed); empty for a retired unit.
    pub was: String,
    /// Records (register entries, reports, plans) that point at the unit and stay with it.
    pub records: u32,
}

/// What a catalogue import did.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CatalogueImportReport {
    pub source_name: String,
    pub as_of: Option<String>,
    pub added: u32,
    pub unchanged: u32,
    pub renamed: Vec<UnitChange>,
    pub code_changed: Vec<UnitChange>,
    pub retired: Vec<UnitChange>,
    /// Units whose parent changed (a commune moved to another district or province).
    pub reparented: u32,
}

/// A unit this one defines below itself: a member organisation or a residential-area
/// committee, which reports by the Excel template (or a bundle from its own installation).
#[derive(Debug, Clone, Deserialize, TS)]
pub struct OwnUnitInput {
    /// Chosen here, unique among the units this installation knows: "HLHPN", "KDC-01".
    pub code: String,
    /// As documents name it: "Hội Liên hiệp Phụ nữ phường Hạc Thành", "Khu dân cư Đông Sơn 1".
    pub name: String,
    /// "to-chuc-thanh-vien" or "khu-dan-cu".
    pub kind: String,
    /// The unit it reports to: this unit (none given) or one below it.
    pub parent: Option<String>,
}

impl Workspace {
    /// Defines a unit below this one (or below one of its units), to report to it. Before setup,
    /// it defines the unit this installation is to be (a residential-area committee or a member
    /// organisation with its own laptop), below the unit it reports to: setup then chooses it.
    pub fn add_own_unit(&mut self, input: &OwnUnitInput) -> Result<Unit, ApiError> {
        let level = match input.kind.trim() {
            "to-chuc-thanh-vien" => "to_chuc_thanh_vien",
            "khu-dan-cu" => "khu_dan_cu",
            other => {
                return Err(ApiError::refused(format!(
                    "Loại đơn vị «{other}» không có: chọn to-chuc-thanh-vien (tổ chức thành viên) hoặc khu-dan-cu (Ban công tác Mặt trận khu dân cư)."
                )));
            }
        };
        let code = thidua_text::visible(&input.code);
        if code.is_empty() || code.chars().count() > 30 || !code.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)) {
            return Err(ApiError::refused(format!(
                "Mã «{code}» không dùng được: chữ không dấu, số và dấu - _ . , tối đa 30 ký tự (ví dụ KDC-01, HLHPN)."
            )));
        }
        let name = thidua_text::clean(&input.name);
        if name.is_empty() || name.chars().count() > 200 {
            return Err(ApiError::refused("Tên đơn vị phải có, tối đa 200 ký tự."));
        }
        let me = self.store.read().installation()?.map(|i| i.unit);
        let r = self.store.read();
        if let Some(taken) = r.unit_by_code(&code, None)? {
            return Err(ApiError::refused(format!("Mã {code} đã là mã của {}: hãy chọn mã khác.", taken.full_name())));
        }
        let given = input.parent.as_deref().map(str::trim).filter(|p| !p.is_empty());
        let parent = match (given, me) {
            (None, Some(me)) => me,
            // Before setup: the unit this installation will be, below the unit it reports to.
            (None, None) => {
                return Err(ApiError::refused("Hãy ghi mã đơn vị cấp trên mà đơn vị này báo cáo về (ví dụ mã phường, xã trong danh mục)."));
            }
            (Some(p), me) => {
                let unit = r.unit_by_code(p, None)?.ok_or_else(|| ApiError::refused(format!("Không có đơn vị mã {p}.")))?;
                // Once set up, only this unit's own subtree: walk up from the parent until this unit.
                if let Some(me) = me {
                    let mut at = Some(unit.clone());
                    while let Some(u) = at.as_ref().filter(|u| u.id != me.id) {
                        at = u.parent_id.map(|id| r.unit(id)).transpose()?.flatten();
                    }
                    if at.is_none() {
                        return Err(ApiError::refused(format!(
                            "{} không thuộc {}: chỉ khai báo đơn vị dưới đơn vị mình.",
                            unit.full_name(),
                            me.full_name()
                        )));
                    }
                }
                unit
            }
        };
        let actor = self.actor()?;
        let new = NewUnit { code, name, level: level.into(), kind: String::new(), parent_id: Some(parent.id) };
        Ok(self.store.write(&actor, |w| w.insert_unit(&new, None))?)
    }

    pub fn levels(&self) -> Result<Vec<Level>, ApiError> {
        Ok(self.store.read().levels()?)
    }

    /// Units in Vietnamese order, filtered as asked.
    pub fn units(&self, q: &UnitQuery) -> Result<Vec<Unit>, ApiError> {
        Ok(self.store.read().units(&UnitFilter {
            level: q.level.clone(),
            parent_id: q.parent_id,
            search: q.search.clone(),
            include_retired: q.include_retired,
            limit: q.limit.map(|l| l as usize),
        })?)
    }

    /// Imports a list of units from a file (.xls, .xlsx, .ods, .csv). Units keep their ids
    /// through renames and code changes, so records that point at them stay attached; units
    /// the list no longer has are retired, never deleted. All or nothing.
    pub fn import_units(&mut self, path: &Path) -> Result<CatalogueImportReport, ApiError> {
        let list = read_catalogue(path)?;
        self.backup_before_import()?;
        self.apply_catalogue(&list)
    }

    /// Loads the embedded 2025 list when the catalogue is empty, so setup has units to offer.
    pub fn ensure_catalogue(&mut self) -> Result<(), ApiError> {
        if self.store.read().units(&UnitFilter { limit: Some(1), ..Default::default() })?.is_empty() {
            let (name, bytes) = EMBEDDED_CATALOGUE;
            let list = read_catalogue_bytes(name, bytes)?;
            self.apply_catalogue(&list)?;
        }
        Ok(())
    }

    fn apply_catalogue(&mut self, list: &ParsedCatalogue) -> Result<CatalogueImportReport, ApiError> {
        let actor = self.actor()?;
        let existing = self.store.read().live_units()?;
        let changes = diff(&existing, list);
        let reason = format!("Danh mục {}", list.source_name);
        self.store
            .write(&actor, |w| {
                let catalogue_id = w.record_catalogue(&CatalogueRecord {
                    source_name: list.source_name.clone(),
                    source_sha256: list.sha256.clone(),
                    as_of: list.as_of.clone(),
                    added: changes.added.len() as i64,
                    renamed: changes.renamed.len() as i64,
                    code_changed: changes.code_changed.len() as i64,
                    retired: changes.retired.len() as i64,
                    unchanged: changes.unchanged as i64,
                })?;
                let count_records = |w: &thidua_store::Writer<'_>, id| w.read().records_pointing_at(id);
                let mut report = CatalogueImportReport {
                    source_name: list.source_name.clone(),
                    as_of: list.as_of.clone(),
                    added: changes.added.len() as u32,
                    unchanged: changes.unchanged as u32,
                    renamed: Vec::new(),
                    code_changed: Vec::new(),
                    retired: Vec::new(),
                    reparented: 0,
                };
                // Retire first, so a code freed by a retired unit can be taken by another.
                for unit in &changes.retired {
                    w.retire_unit(unit.id, &reason)?;
                    let records = count_records(w, unit.id)? as u32;
                    report.retired.push(UnitChange {
                        level: unit.level.clone(),
                        code: unit.code.clone(),
                        name: unit.name.clone(),
                        was: String::new(),
                        records,
                    });
                }
                let mut by_id: HashMap<RecordId, Unit> = existing.iter().map(|u| (u.id, u.clone())).collect();
                for c in &changes.code_changed {
                    let unit = &by_id[&c.unit_id];
                    let updated = w.update_unit(c.unit_id, &NewUnit { code: c.new_code.clone(), ..NewUnit::from(unit) }, &reason)?;
                    let records = count_records(w, c.unit_id)? as u32;
                    report.code_changed.push(UnitChange {
                        level: c.level.clone(),
                        code: c.new_code.clone(),
                        name: c.name.clone(),
                        was: c.old_code.clone(),
                        records,
                    });
                    by_id.insert(c.unit_id, updated);
                }
                for r in &changes.renamed {
                    let unit = &by_id[&r.unit_id];
                    let updated = w.update_unit(
                        r.unit_id,
                        &NewUnit { name: r.new_name.clone(), kind: kind_after_rename(&r.new_name, &unit.kind), ..NewUnit::from(unit) },
                        &reason,
                    )?;
                    let records = count_records(w, r.unit_id)? as u32;
                    report.renamed.push(UnitChange {
                        level: r.level.clone(),
                        code: r.code.clone(),
                        name: r.new_name.clone(),
                        was: r.old_name.clone(),
                        records,
                    });
                    by_id.insert(r.unit_id, updated);
                }
                // Index the live units by (level, code) to resolve parents as the list gives them.
                let mut live: HashMap<(&str, &str), RecordId> = by_id
                    .values()
                    .filter(|u| !changes.retired.iter().any(|r| r.id == u.id))
                    .map(|u| ((u.level.as_str(), u.code.as_str()), u.id))
                    .collect();
                let added: std::collections::HashSet<(&str, &str)> =
                    changes.added.iter().map(|e| (e.level.as_str(), e.code.as_str())).collect();
                for entry in &list.entries {
                    let parent_id = entry.parent.as_ref().and_then(|(level, code)| live.get(&(level.as_str(), code.as_str())).copied());
                    let key = (entry.level.as_str(), entry.code.as_str());
                    if added.contains(&key) && !live.contains_key(&key) {
                        let new = NewUnit {
                            code: entry.code.clone(),
                            name: entry.name.clone(),
                            level: entry.level.clone(),
                            kind: entry.kind.clone(),
                            parent_id,
                        };
                        live.insert(key, w.add_unit(&new, Some(catalogue_id))?);
                        continue;
                    }
                    let Some(&id) = live.get(&key) else { continue };
                    w.mark_unit_seen(id, catalogue_id)?;
                    if let Some(unit) = by_id.get(&id).filter(|u| entry.parent.is_some() && u.parent_id != parent_id) {
                        w.update_unit(id, &NewUnit { parent_id, ..NewUnit::from(unit) }, &reason)?;
                        report.reparented += 1;
                    }
                }
                Ok(report)
            })
            .map_err(ApiError::from)
    }
}

/// A renamed unit may change kind too ("Huyện X" → "Thị xã X"); keep the old kind otherwise.
fn kind_after_rename(new_name: &str, old_kind: &str) -> String {
    Some(thidua_catalogue::kind_of(new_name)).filter(|k| !k.is_empty()).unwrap_or_else(|| old_kind.to_owned())
}
