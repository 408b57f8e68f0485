//! The six registers, written through one generic path so that every change of every register
//! is audited and every deletion is a tombstone.
//!
//! A record crosses this boundary as a JSON object of its own columns; only columns the table
//! has are accepted (names are checked against the schema, never spliced from input), and
//! text values are cleaned to NFC.

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, params_from_iter};
use serde_json::{Map, Value as Json};
use thidua_model::{RecordId, RegisterKind};
use thidua_text::nfc;

use crate::{Reader, Result, StoreError, Writer};

/// One register record: its common columns and its own fields.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RegisterRecord {
    pub kind: RegisterKind,
    pub id: RecordId,
    pub unit_id: RecordId,
    pub version: i64,
    pub updated_at: String,
    pub updated_by: String,
    pub deleted: bool,
    pub fields: Map<String, Json>,
}

/// A register's live records as rows of values in one shared column order, with no map per
/// record: what a list of 50,000 records keeps in memory (a map per record took six times the
/// size of the record's JSON).
#[derive(Debug, Clone, PartialEq)]
pub struct RecordTable {
    /// The register's own field columns, in table order; every row's `values` follow it.
    pub columns: std::sync::Arc<[String]>,
    pub rows: Vec<TableRow>,
}

/// One live record of a `RecordTable`.
#[derive(Debug, Clone, PartialEq)]
pub struct TableRow {
    pub id: RecordId,
    pub version: i64,
    pub updated_at: Box<str>,
    pub updated_by: Box<str>,
    pub values: Box<[Json]>,
}

impl RecordTable {
    /// Where a field's value is in a row, if the register has that field.
    pub fn position(&self, field: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == field)
    }

    /// A row as a map of field → value, as one record crosses to the window.
    pub fn fields(&self, row: &TableRow) -> Map<String, Json> {
        self.columns.iter().cloned().zip(row.values.iter().cloned()).collect()
    }
}

/// The live records of a register, of one unit (`?1`) or all (`?1` NULL), oldest first.
fn live_records_sql(kind: RegisterKind) -> String {
    format!("SELECT * FROM {} WHERE deleted_at IS NULL AND (?1 IS NULL OR unit_id = ?1) ORDER BY created_at, rowid", kind.table())
}

/// Columns every register has, which callers may not set through `fields`.
const COMMON: &[&str] = &["id", "unit_id", "created_at", "created_by", "updated_at", "updated_by", "deleted_at", "version"];

pub(crate) fn to_sql(v: &Json) -> Value {
    match v {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Integer(*b as i64),
        Json::Number(n) => n.as_i64().map(Value::Integer).unwrap_or_else(|| Value::Real(n.as_f64().unwrap_or(0.0))),
        Json::String(s) => Value::Text(nfc(s)),
        other => Value::Text(other.to_string()),
    }
}

pub(crate) fn from_sql(v: rusqlite::types::ValueRef<'_>) -> Json {
    use rusqlite::types::ValueRef as V;
    match v {
        V::Null => Json::Null,
        V::Integer(n) => Json::from(n),
        V::Real(x) => Json::from(x),
        V::Text(t) | V::Blob(t) => Json::from(String::from_utf8_lossy(t).into_owned()),
    }
}

impl Reader<'_> {
    /// The columns of a register that a record's fields may set.
    pub fn register_columns(&self, kind: RegisterKind) -> Result<Vec<String>> {
        Ok(self.all_register_columns(kind)?.iter().filter(|n| !COMMON.contains(&n.as_str())).cloned().collect())
    }

    /// Every column of a register's table, the common ones included. Read from the schema once
    /// per process: every open store is migrated to the same schema, and an import asks for
    /// every record it writes (shared, not copied, for that reason).
    pub fn all_register_columns(&self, kind: RegisterKind) -> Result<std::sync::Arc<[String]>> {
        type Known = std::sync::Mutex<Vec<(RegisterKind, std::sync::Arc<[String]>)>>;
        static COLUMNS: Known = std::sync::Mutex::new(Vec::new());
        if let Some((_, known)) = COLUMNS.lock().expect("not poisoned").iter().find(|(k, _)| *k == kind) {
            return Ok(known.clone());
        }
        let mut stmt = self.conn.prepare_cached(&format!("SELECT name FROM pragma_table_info('{}') ORDER BY cid", kind.table()))?;
        let columns: std::sync::Arc<[String]> = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        COLUMNS.lock().expect("not poisoned").push((kind, columns.clone()));
        Ok(columns)
    }

    /// A register row whole, every column by name (to put it back exactly as it was).
    pub fn register_row(&self, kind: RegisterKind, id: RecordId) -> Result<Option<Map<String, Json>>> {
        let mut stmt = self.conn.prepare_cached(&format!("SELECT * FROM {} WHERE id = ?1", kind.table()))?;
        let names: Vec<String> = stmt.column_names().map(str::to_owned).collect();
        let row = stmt.query_row([id], |r| {
            names.iter().enumerate().map(|(i, n)| Ok((n.clone(), from_sql(r.get_ref(i)?)))).collect::<rusqlite::Result<Map<String, Json>>>()
        });
        Ok(row.optional()?)
    }

    pub fn record(&self, kind: RegisterKind, id: RecordId) -> Result<Option<RegisterRecord>> {
        let mut stmt = self.conn.prepare_cached(&format!("SELECT * FROM {} WHERE id = ?1", kind.table()))?;
        let names: Vec<String> = stmt.column_names().map(str::to_owned).collect();
        Ok(stmt.query_row([id], |r| Self::record_from_row(kind, &names, r)).optional()?)
    }

    /// Live records of a register for one unit (or all units), oldest first.
    pub fn records(&self, kind: RegisterKind, unit_id: Option<RecordId>) -> Result<Vec<RegisterRecord>> {
        let mut stmt = self.conn.prepare_cached(&live_records_sql(kind))?;
        let names: Vec<String> = stmt.column_names().map(str::to_owned).collect();
        let rows = stmt.query_map([unit_id], |r| Self::record_from_row(kind, &names, r))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Live records of a register for one unit (or all units), oldest first, as a table.
    pub fn record_table(&self, kind: RegisterKind, unit_id: Option<RecordId>) -> Result<RecordTable> {
        let mut stmt = self.conn.prepare_cached(&live_records_sql(kind))?;
        let names: Vec<String> = stmt.column_names().map(str::to_owned).collect();
        let own: Vec<usize> = (0..names.len()).filter(|i| !COMMON.contains(&names[*i].as_str())).collect();
        let at = |name: &str| names.iter().position(|n| n == name).expect("a common column");
        let (id, version, updated_at, updated_by) = (at("id"), at("version"), at("updated_at"), at("updated_by"));
        let rows = stmt
            .query_map([unit_id], |r| {
                Ok(TableRow {
                    id: r.get(id)?,
                    version: r.get(version)?,
                    updated_at: r.get::<_, String>(updated_at)?.into_boxed_str(),
                    updated_by: r.get::<_, String>(updated_by)?.into_boxed_str(),
                    values: own.iter().map(|i| r.get_ref(*i).map(from_sql)).collect::<rusqlite::Result<_>>()?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(RecordTable { columns: own.iter().map(|i| names[*i].clone()).collect(), rows })
    }

    fn record_from_row(kind: RegisterKind, names: &[String], r: &rusqlite::Row<'_>) -> rusqlite::Result<RegisterRecord> {
        let mut fields = Map::new();
        for (i, name) in names.iter().enumerate() {
            if !COMMON.contains(&name.as_str()) {
                fields.insert(name.clone(), from_sql(r.get_ref(i)?));
            }
        }
        Ok(RegisterRecord {
            kind,
            id: r.get("id")?,
            unit_id: r.get("unit_id")?,
            version: r.get("version")?,
            updated_at: r.get("updated_at")?,
            updated_by: r.get("updated_by")?,
            deleted: r.get::<_, Option<String>>("deleted_at")?.is_some(),
            fields,
        })
    }

    fn check_fields(&self, kind: RegisterKind, fields: &Map<String, Json>) -> Result<()> {
        let columns = self.register_columns(kind)?;
        if let Some(bad) = fields.keys().find(|k| !columns.contains(k)) {
            return Err(thidua_model::InvalidValue(format!(
                "Sổ «{}» không có trường «{bad}». Các trường hợp lệ: {}.",
                kind.label(),
                columns.join(", ")
            ))
            .into());
        }
        Ok(())
    }
}

impl Writer<'_> {
    /// Adds a record to a register and returns its new id.
    pub fn insert_record(&mut self, kind: RegisterKind, unit_id: RecordId, fields: &Map<String, Json>) -> Result<RecordId> {
        self.read().check_fields(kind, fields)?;
        let id = RecordId::generate();
        let names: Vec<&str> = fields.keys().map(String::as_str).collect();
        let mut values: Vec<Value> = vec![
            Value::Text(id.to_string()),
            Value::Text(unit_id.to_string()),
            Value::Text(self.now.clone()),
            Value::Text(self.actor.clone()),
        ];
        values.extend(fields.values().map(to_sql));
        let placeholders: Vec<String> = (1..=values.len()).map(|i| format!("?{i}")).collect();
        let sql = format!(
            "INSERT INTO {} (id, unit_id, created_at, created_by, updated_at, updated_by{}{}) VALUES (?1, ?2, ?3, ?4, ?3, ?4{}{})",
            kind.table(),
            if names.is_empty() { "" } else { ", " },
            names.join(", "),
            if names.is_empty() { "" } else { ", " },
            placeholders[4..].join(", ")
        );
        self.exec(&sql, params_from_iter(values)).map_err(map_constraint)?;
        let new = self.read().record(kind, id)?.expect("just inserted");
        self.audit(kind.code(), &id.to_string(), "insert", None, Some(&Json::Object(new.fields)), "")?;
        Ok(id)
    }

    /// Changes some fields of a live record; the audit keeps the old and new values of what changed.
    pub fn update_record(&mut self, kind: RegisterKind, id: RecordId, fields: &Map<String, Json>, reason: &str) -> Result<()> {
        self.read().check_fields(kind, fields)?;
        let before = self.live_record(kind, id)?;
        if fields.is_empty() {
            return Ok(());
        }
        let sets: Vec<String> = fields.keys().enumerate().map(|(i, k)| format!("{k} = ?{}", i + 4)).collect();
        let mut values = vec![Value::Text(id.to_string()), Value::Text(self.now.clone()), Value::Text(self.actor.clone())];
        values.extend(fields.values().map(to_sql));
        let sql = format!(
            "UPDATE {} SET updated_at = ?2, updated_by = ?3, version = version + 1, {} WHERE id = ?1",
            kind.table(),
            sets.join(", ")
        );
        self.exec(&sql, params_from_iter(values)).map_err(map_constraint)?;
        let after = self.read().record(kind, id)?.expect("exists");
        let (old, new): (Map<_, _>, Map<_, _>) = fields
            .keys()
            .filter(|k| before.fields.get(*k) != after.fields.get(*k))
            .map(|k| ((k.clone(), before.fields[k].clone()), (k.clone(), after.fields[k].clone())))
            .unzip();
        if !new.is_empty() {
            self.audit(kind.code(), &id.to_string(), "update", Some(&Json::Object(old)), Some(&Json::Object(new)), reason)?;
        }
        Ok(())
    }

    /// Deletes a record as a tombstone: it disappears from lists and totals but stays in the
    /// file, in the audit trail and in bundles, so the deletion can travel upward.
    pub fn delete_record(&mut self, kind: RegisterKind, id: RecordId, reason: &str) -> Result<()> {
        let before = self.live_record(kind, id)?;
        self.exec(
            &format!("UPDATE {} SET deleted_at = ?2, updated_at = ?2, updated_by = ?3, version = version + 1 WHERE id = ?1", kind.table()),
            rusqlite::params![id, self.now, self.actor],
        )
        .map_err(StoreError::from_write)?;
        self.audit(kind.code(), &id.to_string(), "delete", Some(&Json::Object(before.fields)), None, reason)?;
        Ok(())
    }

    fn live_record(&self, kind: RegisterKind, id: RecordId) -> Result<RegisterRecord> {
        match self.read().record(kind, id)? {
            Some(r) if !r.deleted => Ok(r),
            _ => Err(StoreError::NotFound { what: format!("bản ghi {id} trong sổ «{}»", kind.label()) }),
        }
    }
}

/// A CHECK or NOT NULL failure is bad input, not a broken database.
pub(crate) fn map_constraint(e: rusqlite::Error) -> StoreError {
    if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) {
        let detail = e.to_string();
        return thidua_model::InvalidValue(format!(
            "Dữ liệu không hợp lệ ({detail}): hãy kiểm tra các trường bắt buộc và giá trị cho phép."
        ))
        .into();
    }
    StoreError::from_write(e)
}
