//! Units, levels and the record of each imported catalogue.

use rusqlite::{OptionalExtension, Row, params};
use serde::Serialize;
use thidua_model::{Level, RecordId, Unit};
use thidua_text::{Collator, SearchQuery, clean, search_key};

use crate::{Reader, Result, StoreError, Writer};

/// A unit about to be added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUnit {
    pub code: String,
    pub name: String,
    pub level: String,
    pub kind: String,
    pub parent_id: Option<RecordId>,
}

impl From<&Unit> for NewUnit {
    /// The unit as it is, to change one field: `NewUnit { code, ..NewUnit::from(&unit) }`.
    fn from(u: &Unit) -> Self {
        Self { code: u.code.clone(), name: u.name.clone(), level: u.level.clone(), kind: u.kind.clone(), parent_id: u.parent_id }
    }
}

/// Which units to list.
#[derive(Debug, Clone, Default)]
pub struct UnitFilter {
    pub level: Option<String>,
    pub parent_id: Option<RecordId>,
    /// What the clerk typed: matched against name and code, diacritics folded.
    pub search: Option<String>,
    pub include_retired: bool,
    pub limit: Option<usize>,
}

/// The outcome of one catalogue import, kept with the catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueRecord {
    pub source_name: String,
    pub source_sha256: String,
    pub as_of: Option<String>,
    pub added: i64,
    pub renamed: i64,
    pub code_changed: i64,
    pub retired: i64,
    pub unchanged: i64,
}

pub(crate) const UNIT_SELECT: &str = "SELECT u.id, u.code, u.name, u.level, u.kind, u.parent_id, p.name, u.retired_at IS NOT NULL
     FROM units u LEFT JOIN units p ON p.id = u.parent_id";

pub(crate) fn unit_from_row(r: &Row<'_>) -> rusqlite::Result<Unit> {
    Ok(Unit {
        id: r.get(0)?,
        code: r.get(1)?,
        name: r.get(2)?,
        level: r.get(3)?,
        kind: r.get(4)?,
        parent_id: r.get(5)?,
        parent_name: r.get(6)?,
        retired: r.get(7)?,
    })
}

/// A unit as its audit entries record it, written straight to JSON. The fields are in the
/// order earlier versions wrote them (sorted), so old and new entries read alike.
#[derive(Serialize)]
struct UnitAudit<'a> {
    code: &'a str,
    kind: &'a str,
    level: &'a str,
    name: &'a str,
    parent_id: Option<RecordId>,
}

impl<'a> UnitAudit<'a> {
    fn of(u: &'a Unit) -> Self {
        Self { code: &u.code, kind: &u.kind, level: &u.level, name: &u.name, parent_id: u.parent_id }
    }

    fn json(&self) -> String {
        serde_json::to_string(self).expect("a unit serialises")
    }
}

impl Reader<'_> {
    pub fn levels(&self) -> Result<Vec<Level>> {
        let mut stmt = self.conn.prepare_cached("SELECT code, name, rank FROM levels ORDER BY rank")?;
        let rows = stmt.query_map([], |r| Ok(Level { code: r.get(0)?, name: r.get(1)?, rank: r.get(2)? }))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn unit(&self, id: RecordId) -> Result<Option<Unit>> {
        Ok(self.one(&format!("{UNIT_SELECT} WHERE u.id = ?1"), [id], unit_from_row).optional()?)
    }

    /// The live unit with `code` directly below `parent`.
    pub fn child_by_code(&self, parent: RecordId, code: &str) -> Result<Option<Unit>> {
        Ok(self
            .one(
                &format!("{UNIT_SELECT} WHERE u.parent_id = ?1 AND u.code = ?2 AND u.retired_at IS NULL"),
                params![parent, code],
                unit_from_row,
            )
            .optional()?)
    }

    /// The live unit with this code; `level` narrows it when codes of two levels coincide.
    pub fn unit_by_code(&self, code: &str, level: Option<&str>) -> Result<Option<Unit>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{UNIT_SELECT} WHERE u.code = ?1 AND u.retired_at IS NULL AND (?2 IS NULL OR u.level = ?2)
             ORDER BY (SELECT rank FROM levels WHERE code = u.level) DESC"
        ))?;
        let mut rows = stmt.query_map(params![code, level], unit_from_row)?;
        Ok(rows.next().transpose()?)
    }

    /// Units in Vietnamese order of name (then code).
    pub fn units(&self, filter: &UnitFilter) -> Result<Vec<Unit>> {
        // A unit's children are read through the parent index: "?2 IS NULL OR" would make
        // SQLite scan the nation's catalogue for every ward's handful of children.
        let by_parent = if filter.parent_id.is_some() { "u.parent_id = ?2" } else { "?2 IS NULL" };
        let mut stmt = self.conn.prepare_cached(&format!(
            "{UNIT_SELECT} WHERE (?1 IS NULL OR u.level = ?1) AND {by_parent} AND (?3 OR u.retired_at IS NULL)"
        ))?;
        let query = filter.search.as_deref().map(SearchQuery::new).filter(|q| !q.is_empty());
        let mut units = Vec::new();
        let mut rows = stmt.query(params![filter.level, filter.parent_id, filter.include_retired])?;
        while let Some(row) = rows.next()? {
            let unit = unit_from_row(row)?;
            if let Some(q) = &query {
                // The code folded too: a unit's own code may have letters ("KDC-01").
                let key = format!(
                    "{} {} {}",
                    search_key(&unit.name),
                    search_key(&unit.code),
                    unit.parent_name.as_deref().map(search_key).unwrap_or_default()
                );
                if !q.matches_key(&key) {
                    continue;
                }
            }
            units.push(unit);
        }
        let collator = Collator::vietnamese();
        units.sort_by(|a, b| collator.compare(&a.name, &b.name).then_with(|| a.code.cmp(&b.code)));
        if let Some(limit) = filter.limit {
            units.truncate(limit);
        }
        Ok(units)
    }

    /// Every live unit, unsorted: the input of a catalogue diff.
    pub fn live_units(&self) -> Result<Vec<Unit>> {
        let mut stmt = self.conn.prepare_cached(&format!("{UNIT_SELECT} WHERE u.retired_at IS NULL"))?;
        let rows = stmt.query_map([], unit_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many records of any register, report or plan point at a unit.
    pub fn records_pointing_at(&self, unit: RecordId) -> Result<i64> {
        let mut total = 0;
        for table in ["initiatives", "models", "activities", "ocop_links", "resources", "commendations", "reports", "plans"] {
            let n: i64 = self.one(&format!("SELECT count(*) FROM {table} WHERE unit_id = ?1"), [unit], |r| r.get(0))?;
            total += n;
        }
        Ok(total)
    }
}

impl Writer<'_> {
    /// Adds a unit and returns it as a list shows it (with its parent's name).
    pub fn insert_unit(&mut self, new: &NewUnit, catalogue_id: Option<RecordId>) -> Result<Unit> {
        let id = self.add_unit(new, catalogue_id)?;
        Ok(self.read().unit(id)?.expect("just inserted"))
    }

    /// Adds a unit and returns its id: the catalogue import's path, which adds 11,000 units in
    /// one go and needs nothing read back.
    pub fn add_unit(&mut self, new: &NewUnit, catalogue_id: Option<RecordId>) -> Result<RecordId> {
        let id = RecordId::generate();
        let (code, name, kind) = (clean(&new.code), clean(&new.name), clean(&new.kind));
        self.exec(
            "INSERT INTO units (id, code, name, level, kind, parent_id, search_key, catalogue_id, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
            params![id, code, name, new.level, kind, new.parent_id, search_key(&name), catalogue_id, self.now],
        )
        .map_err(StoreError::from_write)?;
        let written = UnitAudit { code: &code, kind: &kind, level: &new.level, name: &name, parent_id: new.parent_id };
        self.audit_text("unit", &id.to_string(), "insert", None, Some(&written.json()), "")?;
        Ok(id)
    }

    /// Changes name, code, kind or parent of a unit, keeping its id so every record that
    /// points at it still does.
    pub fn update_unit(&mut self, id: RecordId, change: &NewUnit, reason: &str) -> Result<Unit> {
        let before = self.read().unit(id)?.ok_or_else(|| StoreError::NotFound { what: format!("đơn vị {id}") })?;
        let name = clean(&change.name);
        self.exec(
            "UPDATE units SET code = ?2, name = ?3, kind = ?4, parent_id = ?5, search_key = ?6, updated_at = ?7 WHERE id = ?1",
            params![id, clean(&change.code), name, clean(&change.kind), change.parent_id, search_key(&name), self.now],
        )
        .map_err(StoreError::from_write)?;
        let after = self.read().unit(id)?.expect("exists");
        self.audit_text(
            "unit",
            &id.to_string(),
            "update",
            Some(&UnitAudit::of(&before).json()),
            Some(&UnitAudit::of(&after).json()),
            reason,
        )?;
        Ok(after)
    }

    /// Marks a unit as gone from the current list. Its records stay and still point at it.
    pub fn retire_unit(&mut self, id: RecordId, reason: &str) -> Result<()> {
        let before = self.read().unit(id)?.ok_or_else(|| StoreError::NotFound { what: format!("đơn vị {id}") })?;
        self.exec("UPDATE units SET retired_at = ?2, updated_at = ?2 WHERE id = ?1", params![id, self.now])
            .map_err(StoreError::from_write)?;
        self.audit_text("unit", &id.to_string(), "retire", Some(&UnitAudit::of(&before).json()), None, reason)?;
        Ok(())
    }

    pub fn record_catalogue(&mut self, c: &CatalogueRecord) -> Result<RecordId> {
        let id = RecordId::generate();
        self.exec(
            "INSERT INTO unit_catalogues (id, source_name, source_sha256, as_of, imported_at, imported_by, added, renamed, code_changed, retired, unchanged)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![id, c.source_name, c.source_sha256, c.as_of, self.now, self.actor, c.added, c.renamed, c.code_changed, c.retired, c.unchanged],
        ).map_err(StoreError::from_write)?;
        Ok(id)
    }

    /// Sets the catalogue a unit was last confirmed by.
    pub fn mark_unit_seen(&mut self, id: RecordId, catalogue_id: RecordId) -> Result<()> {
        self.exec("UPDATE units SET catalogue_id = ?2 WHERE id = ?1", params![id, catalogue_id]).map_err(StoreError::from_write)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_units_audit_entry_reads_as_entries_written_before() {
        let unit = Unit {
            id: RecordId::generate(),
            code: "16279".into(),
            name: "Phường Hạc Thành".into(),
            level: "xa".into(),
            kind: "Phường".into(),
            parent_id: Some(RecordId::generate()),
            parent_name: Some("Tỉnh Thanh Hóa".into()),
            retired: false,
        };
        // What earlier versions wrote, through a map with sorted keys.
        let earlier = serde_json::json!({
            "code": unit.code, "name": unit.name, "level": unit.level, "kind": unit.kind, "parent_id": unit.parent_id
        });
        assert_eq!(UnitAudit::of(&unit).json(), earlier.to_string());
        let top = Unit { parent_id: None, ..unit };
        assert_eq!(
            UnitAudit::of(&top).json(),
            serde_json::json!({
                "code": top.code, "name": top.name, "level": top.level, "kind": top.kind, "parent_id": null
            })
            .to_string()
        );
    }
}
