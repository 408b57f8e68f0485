//! Which old units each unit of a newer list was formed from (migration 13).

use rusqlite::{Row, params};
use serde_json::json;
use thidua_model::{RecordId, Unit};

use crate::units::{UNIT_SELECT, unit_from_row};
use crate::{Reader, Result, StoreError, Writer};

/// One old unit's share in a new unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitMerge {
    /// The row that holds the old unit's records (see the migration).
    pub old_unit_id: RecordId,
    pub old_code: String,
    pub old_name: String,
    pub old_parent: String,
    pub new_unit_id: RecordId,
    /// "whole", "part" or "most".
    pub share: String,
    /// The first day of the new units, yyyy-mm-dd.
    pub effective_on: String,
    pub source_name: String,
}

/// Where a merger list came from.
#[derive(Debug, Clone)]
pub struct MergeSource {
    pub name: String,
    pub sha256: String,
    pub effective_on: String,
}

fn merge_from_row(r: &Row<'_>) -> rusqlite::Result<UnitMerge> {
    Ok(UnitMerge {
        old_unit_id: r.get(0)?,
        old_code: r.get(1)?,
        old_name: r.get(2)?,
        old_parent: r.get(3)?,
        new_unit_id: r.get(4)?,
        share: r.get(5)?,
        effective_on: r.get(6)?,
        source_name: r.get(7)?,
    })
}

const MERGE_SELECT: &str =
    "SELECT old_unit_id, old_code, old_name, old_parent, new_unit_id, share, effective_on, source_name FROM unit_merges";

impl Reader<'_> {
    /// Every merger row, by new unit then old code.
    pub fn merges(&self) -> Result<Vec<UnitMerge>> {
        let mut stmt = self.conn.prepare_cached(&format!("{MERGE_SELECT} ORDER BY new_unit_id, old_code"))?;
        let rows = stmt.query_map([], merge_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The units of `level` that ever had `code`, live or retired.
    pub fn units_ever_coded(&self, code: &str, level: &str) -> Result<Vec<Unit>> {
        let mut stmt = self.conn.prepare_cached(&format!("{UNIT_SELECT} WHERE u.code = ?1 AND u.level = ?2"))?;
        let rows = stmt.query_map(params![code, level], unit_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every name a unit has had: its name now and those its audit trail shows it renamed from.
    pub fn unit_names(&self, id: RecordId) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT json_extract(old_value, '$.name') FROM audit_log
             WHERE entity = 'unit' AND record_id = ?1 AND old_value IS NOT NULL",
        )?;
        let mut names: Vec<String> = stmt
            .query_map([id.to_string()], |r| r.get::<_, Option<String>>(0))?
            .filter_map(|n| n.transpose())
            .collect::<rusqlite::Result<_>>()?;
        if let Some(unit) = self.unit(id)? {
            names.insert(0, unit.name);
        }
        Ok(names)
    }
}

impl Writer<'_> {
    /// Records a merger list: the rows of every old unit it names replace what an earlier list
    /// said of that unit. Returns how many rows were replaced.
    pub fn replace_merges(&mut self, source: &MergeSource, rows: &[UnitMerge]) -> Result<usize> {
        let mut replaced = 0;
        let mut old: Vec<RecordId> = rows.iter().map(|r| r.old_unit_id).collect();
        old.sort_unstable();
        old.dedup();
        for id in old {
            replaced += self.exec("DELETE FROM unit_merges WHERE old_unit_id = ?1", [id]).map_err(StoreError::from_write)?;
        }
        for m in rows {
            self.exec(
                "INSERT INTO unit_merges (old_unit_id, old_code, old_name, old_parent, new_unit_id, share, effective_on, source_name, source_sha256, imported_at, imported_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                params![m.old_unit_id, m.old_code, m.old_name, m.old_parent, m.new_unit_id, m.share, source.effective_on, source.name, source.sha256, self.now, self.actor],
            )
            .map_err(StoreError::from_write)?;
            let value = json!({"old_code": m.old_code, "old_name": m.old_name, "new_unit_id": m.new_unit_id, "share": m.share, "effective_on": source.effective_on});
            self.audit(
                "unit_merge",
                &m.old_unit_id.to_string(),
                "insert",
                None,
                Some(&value),
                &format!("Danh sách sáp nhập {}", source.name),
            )?;
        }
        Ok(replaced)
    }
}
