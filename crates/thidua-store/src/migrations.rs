//! Forward-only migrations and the guard that refuses what this program cannot read.
//!
//! The schema version is SQLite's `user_version`: the number of migrations applied. We keep
//! our own small runner instead of `rusqlite_migration` because that crate pins an older
//! rusqlite, and the guard needs to run before any migration anyway.

use std::io::Read;
use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use crate::{APPLICATION_ID, Result, StoreError};

/// The migrations, in order. Never edit one that has shipped; append.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_foundation.sql"),
    include_str!("../migrations/0002_bundles.sql"),
    include_str!("../migrations/0003_document_register.sql"),
    include_str!("../migrations/0004_excel_imports.sql"),
    include_str!("../migrations/0005_issuers_and_dates.sql"),
    include_str!("../migrations/0006_chains_and_received_audit.sql"),
    include_str!("../migrations/0007_year_end.sql"),
    include_str!("../migrations/0008_award_decisions.sql"),
    include_str!("../migrations/0009_data_checks.sql"),
    include_str!("../migrations/0010_own_units.sql"),
    include_str!("../migrations/0011_periods_as_data.sql"),
    include_str!("../migrations/0012_event_dates.sql"),
    include_str!("../migrations/0013_unit_merges.sql"),
    include_str!("../migrations/0014_movements.sql"),
    include_str!("../migrations/0015_indicator_phrases.sql"),
    include_str!("../migrations/0016_verification_codes.sql"),
    include_str!("../migrations/0017_decision_grounds.sql"),
    include_str!("../migrations/0018_guided_tour.sql"),
    include_str!("../migrations/0019_checks_without_in_lists.sql"),
];

/// The schema version this program writes and the newest it can read.
pub const LATEST_SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Checks a file before it is opened for writing: is it a SQLite database, is it ours, and is
/// it not newer than this program. Opens it read-only, so a refused file is never touched.
pub(crate) fn check_file(path: &Path) -> Result<()> {
    let mut header = [0u8; 16];
    let mut file = std::fs::File::open(path).map_err(|e| StoreError::io(path, e))?;
    let len = file.metadata().map_err(|e| StoreError::io(path, e))?.len();
    if len == 0 {
        return Ok(()); // SQLite treats an empty file as a new database.
    }
    if file.read_exact(&mut header).is_err() || &header != b"SQLite format 3\0" {
        return Err(StoreError::NotADatabase { path: path.to_path_buf() });
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|e| StoreError::from_open(e, path))?;
    guard(&conn).map_err(|e| e.with_path(path))
}

/// Refuses a database of another program or of a newer Thi đua.
pub(crate) fn guard(conn: &Connection) -> Result<()> {
    let app_id: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table'", [], |r| r.get(0))?;
    if app_id != APPLICATION_ID && (tables > 0 || version > 0) {
        return Err(StoreError::ForeignDatabase { path: Default::default() });
    }
    if version > LATEST_SCHEMA_VERSION {
        return Err(StoreError::SchemaTooNew { found: version, supported: LATEST_SCHEMA_VERSION });
    }
    Ok(())
}

/// Applies every migration not yet applied, each in its own transaction with its version bump.
/// Foreign keys are off while they run, as SQLite's procedure for rebuilding a table asks (a
/// table others point at is dropped and made again), and every reference is checked before
/// each migration commits: a migration that would leave one dangling is rolled back.
pub(crate) fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    let current: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if current as usize >= MIGRATIONS.len() {
        return Ok(());
    }
    let enforced: bool = conn.pragma_query_value(None, "foreign_keys", |r| r.get(0))?;
    conn.pragma_update(None, "foreign_keys", false)?;
    let applied = apply_from(conn, current as usize);
    conn.pragma_update(None, "foreign_keys", enforced)?;
    applied
}

fn apply_from(conn: &mut Connection, first: usize) -> rusqlite::Result<()> {
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(first) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        // Data a migration takes from the program's own lists rather than a second copy in SQL.
        if index + 1 == 15 {
            crate::indicators::migrate_default_phrases(&tx)?;
        }
        let dangling: i64 = tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0))?;
        if dangling > 0 {
            return Err(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY),
                Some(format!("migration {} would leave {dangling} references dangling", index + 1)),
            ));
        }
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

/// Makes a database at an older schema version, as an older program left it: for the tests
/// of upgrades (the backup taken before one, a restored old backup).
#[doc(hidden)]
pub fn create_with_schema_version(path: &Path, version: i64) -> Result<()> {
    let conn = Connection::open(path)?;
    for (index, sql) in MIGRATIONS.iter().enumerate().take(version as usize) {
        conn.execute_batch(sql)?;
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        conn.pragma_update(None, "user_version", index as i64 + 1)?;
    }
    Ok(())
}

impl StoreError {
    /// Fills in the path of errors raised before the path was known.
    pub(crate) fn with_path(self, path: &Path) -> Self {
        match self {
            StoreError::ForeignDatabase { .. } => StoreError::ForeignDatabase { path: path.to_path_buf() },
            StoreError::Sqlite(inner) => StoreError::from_open(inner, path),
            other => other,
        }
    }
}
