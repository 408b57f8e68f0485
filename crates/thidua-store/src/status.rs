//! What the store holds, and a digest that proves whether anything changed.

use rusqlite::types::ValueRef;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::{LATEST_SCHEMA_VERSION, Reader, Result, Store};

/// A count of one kind of record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KindCount {
    pub kind: String,
    pub count: i64,
}

/// The state of the store, as `thidua status` shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Status {
    pub path: String,
    pub schema_version: i64,
    pub supported_schema_version: i64,
    /// The result of `PRAGMA integrity_check`: "ok" when sound.
    pub integrity: String,
    pub installation: Option<String>,
    pub counts: Vec<KindCount>,
    /// SHA-256 over every row of every table, in a fixed order. Equal digests mean equal data.
    pub digest: String,
}

/// What the counts list: (name shown, SQL). Live records only; tombstones are counted apart.
const COUNTS: &[(&str, &str)] = &[
    ("units", "SELECT count(*) FROM units WHERE retired_at IS NULL"),
    ("units_retired", "SELECT count(*) FROM units WHERE retired_at IS NOT NULL"),
    ("unit_catalogues", "SELECT count(*) FROM unit_catalogues"),
    ("periods", "SELECT count(*) FROM periods"),
    ("indicator_sets", "SELECT count(*) FROM indicator_sets"),
    ("indicators", "SELECT count(*) FROM indicators"),
    ("plans", "SELECT count(*) FROM plans WHERE deleted_at IS NULL"),
    ("initiatives", "SELECT count(*) FROM initiatives WHERE deleted_at IS NULL"),
    ("models", "SELECT count(*) FROM models WHERE deleted_at IS NULL"),
    ("activities", "SELECT count(*) FROM activities WHERE deleted_at IS NULL"),
    ("ocop_links", "SELECT count(*) FROM ocop_links WHERE deleted_at IS NULL"),
    ("resources", "SELECT count(*) FROM resources WHERE deleted_at IS NULL"),
    ("commendations", "SELECT count(*) FROM commendations WHERE deleted_at IS NULL"),
    ("reports", "SELECT count(*) FROM reports"),
    ("audit_entries", "SELECT count(*) FROM audit_log"),
    ("documents_issued", "SELECT count(*) FROM document_register"),
    ("keys", "SELECT count(*) FROM keys WHERE revoked_at IS NULL"),
    ("bundles_sent", "SELECT count(*) FROM bundles_sent"),
    ("bundles_received", "SELECT count(*) FROM bundles_received WHERE state = 'applied'"),
    ("bundles_waiting", "SELECT count(*) FROM bundles_received WHERE state IN ('held', 'conflict')"),
    ("excel_imports", "SELECT count(*) FROM excel_imports"),
    ("scoring_tables", "SELECT count(*) FROM scoring_tables"),
    ("clusters", "SELECT count(*) FROM clusters"),
    ("score_entries", "SELECT count(*) FROM score_entries"),
    ("proposals", "SELECT count(*) FROM proposals"),
    ("nominees", "SELECT count(*) FROM nominees"),
    ("award_decisions", "SELECT count(*) FROM award_decisions"),
    ("awardees", "SELECT count(*) FROM awardees"),
];

impl Store {
    pub fn status(&self) -> Result<Status> {
        let r = self.read();
        let schema_version: i64 = self.conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
        let integrity: String = self.conn.query_row("PRAGMA integrity_check", [], |row| row.get(0))?;
        let counts = COUNTS
            .iter()
            .map(|(kind, sql)| Ok(KindCount { kind: (*kind).into(), count: self.conn.query_row(sql, [], |row| row.get(0))? }))
            .collect::<Result<Vec<_>>>()?;
        Ok(Status {
            path: self.path.display().to_string(),
            schema_version,
            supported_schema_version: LATEST_SCHEMA_VERSION,
            integrity,
            installation: r.installation()?.map(|i| format!("{} ({})", i.unit.name, i.unit.code)),
            counts,
            digest: r.digest()?,
        })
    }
}

impl Reader<'_> {
    /// SHA-256 over every table's rows in rowid order, each value tagged with its type. The
    /// import log is left out: it records refused attempts too, which change no data.
    pub fn digest(&self) -> Result<String> {
        let mut hasher = Sha256::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'import_log' ORDER BY name",
        )?;
        let tables: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        for table in tables {
            hasher.update(b"T");
            hasher.update(table.as_bytes());
            let mut rows_stmt = self.conn.prepare_cached(&format!("SELECT * FROM \"{table}\" ORDER BY rowid"))?;
            let columns = rows_stmt.column_count();
            let mut rows = rows_stmt.query([])?;
            while let Some(row) = rows.next()? {
                hasher.update(b"R");
                for i in 0..columns {
                    match row.get_ref(i)? {
                        ValueRef::Null => hasher.update([0u8]),
                        ValueRef::Integer(n) => {
                            hasher.update([1u8]);
                            hasher.update(n.to_le_bytes());
                        }
                        ValueRef::Real(x) => {
                            hasher.update([2u8]);
                            hasher.update(x.to_bits().to_le_bytes());
                        }
                        ValueRef::Text(t) | ValueRef::Blob(t) => {
                            hasher.update([3u8]);
                            hasher.update((t.len() as u64).to_le_bytes());
                            hasher.update(t);
                        }
                    }
                }
            }
        }
        Ok(hex::encode(hasher.finalize()))
    }
}
