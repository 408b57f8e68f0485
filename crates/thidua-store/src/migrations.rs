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

/// What the migrations above leave in an empty file, to be made in one step for a new database
/// (as Rails loads `schema.rb` rather than replaying every migration): replaying them rebuilds
/// tables that a new database does not have yet, and SQLite reads the whole schema again after
/// each rebuild. Written from the migrations by `UPDATE_SCHEMA=1 cargo test -p thidua-store
/// new_database`, which fails while the file differs from what the migrations make; never
/// edited by hand.
const NEW_DATABASE: &str = include_str!("../migrations/new-database.sql");

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
    let applied = if current == 0 && is_empty(conn)? && snapshot_version(NEW_DATABASE) == Some(LATEST_SCHEMA_VERSION) {
        create_new(conn)
    } else {
        apply_from(conn, current as usize)
    };
    conn.pragma_update(None, "foreign_keys", enforced)?;
    applied
}

fn is_empty(conn: &Connection) -> rusqlite::Result<bool> {
    conn.query_row("SELECT count(*) = 0 FROM sqlite_master", [], |r| r.get(0))
}

/// The schema version a snapshot was written at, from its first line (`-- schema version 19`).
/// A snapshot not written at this program's version is not used: the migrations are replayed.
fn snapshot_version(snapshot: &str) -> Option<i64> {
    snapshot.lines().next()?.strip_prefix("-- schema version ")?.trim().parse().ok()
}

/// Makes a new database in one transaction from [`NEW_DATABASE`].
fn create_new(conn: &mut Connection) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    tx.execute_batch(NEW_DATABASE)?;
    tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    tx.pragma_update(None, "user_version", LATEST_SCHEMA_VERSION)?;
    tx.commit()
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

#[cfg(test)]
mod tests {
    use super::*;

    /// How a value that a migration took from the clock is written in [`NEW_DATABASE`].
    const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')";

    /// Writes what a database holds as the SQL that makes it again: every table, index and
    /// trigger in the order SQLite keeps them, then every row. A text value written between
    /// `made_from` and `made_until` (the moments around the database's making) is a value a
    /// migration took from the clock, and is written as [`NOW`].
    fn snapshot(conn: &Connection, made_from: &str, made_until: &str) -> rusqlite::Result<String> {
        use std::fmt::Write;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let mut out = format!(
            "-- schema version {version}\n-- What migrations 1 to {version} make in an empty file: a new database is made from this in one step.\n\
         -- Written by `UPDATE_SCHEMA=1 cargo test -p thidua-store new_database`; never edit it by hand.\n"
        );
        let mut objects =
            conn.prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name <> 'sqlite_sequence' ORDER BY rowid")?;
        for sql in objects.query_map([], |r| r.get::<_, String>(0))? {
            writeln!(out, "{};", sql?).expect("a String takes writes");
        }
        let tables: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for table in tables {
            // Rows in the order they were written, so a new database gives them the same rowids.
            let without_rowid: bool = conn.query_row("SELECT wr FROM pragma_table_list(?1)", [&table], |r| r.get(0))?;
            let order = if without_rowid { "1" } else { "rowid" };
            let mut rows = conn.prepare(&format!("SELECT * FROM \"{table}\" ORDER BY {order}"))?;
            let columns = rows.column_count();
            let mut rows = rows.query([])?;
            while let Some(row) = rows.next()? {
                let values = (0..columns)
                    .map(|i| {
                        Ok(match row.get_ref(i)? {
                            rusqlite::types::ValueRef::Null => "NULL".to_owned(),
                            rusqlite::types::ValueRef::Integer(n) => n.to_string(),
                            rusqlite::types::ValueRef::Real(x) => format!("{x:?}"),
                            rusqlite::types::ValueRef::Text(t) => {
                                let text = String::from_utf8_lossy(t);
                                if text.len() == made_from.len() && (made_from..=made_until).contains(&text.as_ref()) {
                                    NOW.to_owned()
                                } else {
                                    format!("'{}'", text.replace('\'', "''"))
                                }
                            }
                            rusqlite::types::ValueRef::Blob(b) => format!("X'{}'", hex::encode(b)),
                        })
                    })
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                writeln!(out, "INSERT INTO \"{table}\" VALUES ({});", values.join(", ")).expect("a String takes writes");
            }
        }
        Ok(out)
    }

    fn now(conn: &Connection) -> String {
        conn.query_row("SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now')", [], |r| r.get(0)).unwrap()
    }

    #[test]
    fn a_new_database_is_made_in_one_step_as_the_migrations_make_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut replayed = Connection::open(dir.path().join("replayed.sqlite3")).unwrap();
        let from = now(&replayed);
        apply_from(&mut replayed, 0).unwrap();
        let written = snapshot(&replayed, &from, &now(&replayed)).unwrap();

        let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/new-database.sql");
        if std::env::var_os("UPDATE_SCHEMA").is_some() && std::fs::read_to_string(&committed).ok().as_ref() != Some(&written) {
            // This build holds the old file: the next run checks a database made from the new one.
            std::fs::write(&committed, &written).unwrap();
            eprintln!("migrations/new-database.sql rewritten: run the test again to check it");
            return;
        }
        assert!(
            std::fs::read_to_string(&committed).unwrap() == written,
            "migrations/new-database.sql differs from what the migrations make: run \
             `UPDATE_SCHEMA=1 cargo test -p thidua-store new_database` and commit it"
        );
        assert_eq!(snapshot_version(NEW_DATABASE), Some(LATEST_SCHEMA_VERSION), "so a new database is made from it");

        // A new file takes the one-step path and ends up with the same schema, rows and marks.
        let mut made = Connection::open(dir.path().join("new.sqlite3")).unwrap();
        let from = now(&made);
        migrate(&mut made).unwrap();
        assert_eq!(snapshot(&made, &from, &now(&made)).unwrap(), written);
        let app_id: i32 = made.pragma_query_value(None, "application_id", |r| r.get(0)).unwrap();
        assert_eq!(app_id, APPLICATION_ID);
        // The movement the migrations add is dated when the database was made, not when the
        // snapshot was written.
        let created: String = made.query_row("SELECT created_at FROM movements", [], |r| r.get(0)).unwrap();
        assert!((from.as_str()..=now(&made).as_str()).contains(&created.as_str()), "{created}");
    }

    #[test]
    fn a_snapshot_of_another_version_is_not_used() {
        assert_eq!(snapshot_version("-- schema version 19\nCREATE TABLE t (x);"), Some(19));
        assert_eq!(snapshot_version("CREATE TABLE t (x);"), None);
    }
}
