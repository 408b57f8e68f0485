//! The local store of one Thi đua installation: a single SQLite file.
//!
//! Promises:
//! - every connection is opened the same way (WAL, synchronous NORMAL, foreign keys, busy timeout);
//! - migrations are forward-only, and a database written by a newer program is refused
//!   ([`StoreError::SchemaTooNew`]) before anything is touched;
//! - every write happens inside [`Store::write`], one transaction, and every change of business
//!   data leaves an entry in the audit trail naming who, when, old and new value and reason;
//! - deletions are tombstones;
//! - [`Store::status`] gives counts, the integrity check and a digest of all data, so a caller
//!   can prove that a refused operation changed nothing;
//! - backup and restore work on a live database and never leave half a file behind.

mod awards;
mod backup;
mod backup_folder;
mod bundles;
mod clock;
mod error;
mod excel_imports;
mod indicators;
mod installation;
mod merges;
mod migrations;
mod movements;
mod periods;
mod plans;
mod proposals;
mod register;
mod registers;
mod reports;
mod status;
mod units;
mod year_end;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, Savepoint};
use thidua_model::Moment;

pub use awards::{StoredAwardee, StoredDecision};
pub use backup_folder::{BACKUP_EXTENSION, BACKUP_FOLDER, BackupFile, BackupReason, list_backups};
pub use bundles::{
    ImportLogEntry, KeyRole, ReceivedBundle, ReceivedReport, ReceivedState, RecordChange, RecordEffect, RosterLine, SentBundle, StoredKey,
};
pub use clock::{Clock, FixedClock, SystemClock};
pub use error::StoreError;
pub use excel_imports::ExcelImport;
pub use indicators::{DEFAULT_SET_CODE, Indicator, IndicatorSet, NewIndicator, SetChecks, default_checks};
pub use installation::InstallationInput;
pub use merges::{MergeSource, UnitMerge};
pub use migrations::{LATEST_SCHEMA_VERSION, create_with_schema_version};
pub use movements::Movement;
pub use periods::Period;
pub use plans::{IssuerHeader, NewPlan, NewPlanNode, StoredPlan, StoredPlanNode};
pub use proposals::{StoredNominee, StoredProposal};
pub use register::{Issued, RegisteredDocument};
pub use registers::{RecordTable, RegisterRecord, TableRow};
pub use reports::{StoredFigure, StoredReport};
pub use status::{KindCount, Status};
pub use units::{CatalogueRecord, NewUnit, UnitFilter};
pub use year_end::{ClusterRole, ScoreEntry, Scorer, StoredCluster, StoredScoringTable};

/// Marks a SQLite file as ours ("THDU"), so a foreign database is refused, not migrated.
pub const APPLICATION_ID: i32 = 0x5448_4455;

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// An open store. Reads go through [`Store::read`]; writes only through [`Store::write`].
pub struct Store {
    conn: Connection,
    path: PathBuf,
    clock: Box<dyn Clock>,
}

/// Read access. Holds a shared borrow of the connection, so it cannot write.
pub struct Reader<'a> {
    conn: &'a Connection,
}

/// Write access: one open transaction, the person making the change and the clock.
pub struct Writer<'a> {
    tx: Savepoint<'a>,
    actor: String,
    /// The instant of this transaction, and its stored text (RFC 3339, UTC) for every row
    /// written in it.
    moment: Moment,
    now: String,
}

impl Store {
    /// Opens the store at `path`, creating it if it does not exist, and brings its schema up to
    /// date. Refuses a file that is not a SQLite database, a SQLite database of another
    /// program, and a database from a newer version of Thi đua.
    pub fn open(path: &Path) -> Result<Self> {
        Self::open_with_clock(path, Box::new(SystemClock))
    }

    /// As [`Store::open`], with an injected clock (tests use a fixed one).
    pub fn open_with_clock(path: &Path, clock: Box<dyn Clock>) -> Result<Self> {
        if path.exists() {
            migrations::check_file(path)?;
        } else if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty() && !d.is_dir()) {
            return Err(StoreError::MissingDirectory { path: dir.to_path_buf() });
        }
        let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE)
            .map_err(|e| StoreError::from_open(e, path))?;
        configure(&conn).map_err(|e| StoreError::from_open(e, path))?;
        let mut store = Self { conn, path: path.to_path_buf(), clock };
        migrations::guard(&store.conn)?;
        let version: i64 = store.conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version > 0 && version < LATEST_SCHEMA_VERSION {
            // A newer program is about to change the file for good: keep it as it was.
            store.take_backup(BackupReason::BeforeUpgrade)?;
        }
        migrations::migrate(&mut store.conn).map_err(|e| StoreError::from_open(e, path))?;
        store.clean_stale_backup_temporaries();
        Ok(store)
    }

    /// Opens a store that must already exist (the CLI's verbs other than `init`).
    pub fn open_existing(path: &Path) -> Result<Self> {
        if !path.is_file() {
            return Err(StoreError::NotInitialised { path: path.to_path_buf() });
        }
        Self::open(path)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn read(&self) -> Reader<'_> {
        Reader { conn: &self.conn }
    }

    /// Runs `f` in one transaction, committed only if `f` succeeds. `actor` is recorded in
    /// the audit trail as the author of every change made inside. Inside a batch it is a
    /// savepoint: all of it or none of it, committed with the batch.
    pub fn write<T>(&mut self, actor: &str, f: impl FnOnce(&mut Writer<'_>) -> Result<T>) -> Result<T> {
        self.in_transaction(actor, true, f)
    }

    /// Runs `f` as [`Store::write`] would, then rolls everything back: the exact preview of a
    /// change (a bundle's dry run) without a second code path that could disagree with it.
    pub fn dry_run<T>(&mut self, actor: &str, f: impl FnOnce(&mut Writer<'_>) -> Result<T>) -> Result<T> {
        self.in_transaction(actor, false, f)
    }

    /// `f` in a savepoint, kept or rolled back. Outside a batch, the savepoint sits in a
    /// transaction that takes the write lock at once (`IMMEDIATE`) and so waits for another
    /// writer within the busy timeout: a deferred one that reads first and then writes is
    /// refused at once while another program writes (issue 19).
    fn in_transaction<T>(&mut self, actor: &str, keep: bool, f: impl FnOnce(&mut Writer<'_>) -> Result<T>) -> Result<T> {
        let outer = self.conn.is_autocommit();
        if outer {
            self.conn.execute_batch("BEGIN IMMEDIATE").map_err(StoreError::from_write)?;
        }
        let moment = self.clock.now();
        let result = (|| {
            let tx = self.conn.savepoint().map_err(StoreError::from_write)?;
            let mut writer = Writer { tx, actor: actor.to_owned(), moment, now: moment.to_rfc3339() };
            let value = f(&mut writer)?;
            if keep { writer.tx.commit() } else { writer.tx.rollback() }.map_err(StoreError::from_write)?;
            Ok(value)
        })();
        // SQLite may already have rolled the transaction back itself (a full disk).
        if outer && !self.conn.is_autocommit() {
            let end = if result.is_ok() && keep { "COMMIT" } else { "ROLLBACK" };
            if let Err(e) = self.conn.execute_batch(end) {
                let _ = self.conn.execute_batch("ROLLBACK");
                return Err(StoreError::from_write(e));
            }
        }
        result
    }

    /// Starts a batch: the writes until [`Store::end_batch`] each stay all-or-nothing (a
    /// savepoint) but are committed together. Importing a few thousand bundles one commit each
    /// wrote the same index pages again and again; a batch writes them once. Keep batches short
    /// (the CLI beside the app waits for the write lock).
    ///
    /// The write lock is taken at once (`IMMEDIATE`), waiting for another writer within the busy
    /// timeout: a deferred transaction that reads first and then needs to write is refused at
    /// once when another import holds the lock, without waiting (issue 19: a second import
    /// failed instead of waiting its turn).
    pub fn begin_batch(&mut self) -> Result<()> {
        self.conn.execute_batch("BEGIN IMMEDIATE").map_err(StoreError::from_write)
    }

    /// Whether the batch begun by [`Store::begin_batch`] is still open. SQLite rolls a whole
    /// transaction back by itself after some errors (a full disk, an I/O error), savepoints and
    /// all: then this is false and nothing of the batch was kept.
    pub fn batch_is_open(&self) -> bool {
        !self.conn.is_autocommit()
    }

    /// Commits the batch begun by [`Store::begin_batch`].
    pub fn end_batch(&mut self) -> Result<()> {
        self.conn.execute_batch("COMMIT").map_err(StoreError::from_write)
    }

    /// A number that changes whenever the data may have changed: this connection's writes and
    /// commits by any other connection (the CLI beside the app). Caches key on it.
    pub fn change_stamp(&self) -> Result<(u64, i64)> {
        let others: i64 = self.conn.pragma_query_value(None, "data_version", |r| r.get(0))?;
        Ok((self.conn.total_changes(), others))
    }

    /// Makes the database refuse to grow from now on, as a full disk would (SQLite then says
    /// "database or disk is full" and rolls the transaction back): for the tests of what a full
    /// disk does to an import. Not for use in the program.
    #[doc(hidden)]
    pub fn simulate_full_disk(&self) -> Result<()> {
        let pages: i64 = self.conn.pragma_query_value(None, "page_count", |r| r.get(0))?;
        self.conn.pragma_update(None, "max_page_count", pages)?;
        Ok(())
    }

    /// The current instant, from the store's clock.
    pub fn now(&self) -> Moment {
        self.clock.now()
    }
}

impl<'a> Writer<'a> {
    /// Runs one statement through the connection's statement cache.
    pub(crate) fn exec<P: rusqlite::Params>(&self, sql: &str, params: P) -> rusqlite::Result<usize> {
        self.tx.prepare_cached(sql)?.execute(params)
    }

    /// Reads inside the write transaction see its own changes.
    pub fn read(&self) -> Reader<'_> {
        Reader { conn: &self.tx }
    }

    /// The transaction's instant as stored (RFC 3339, UTC).
    pub fn now(&self) -> &str {
        &self.now
    }

    /// The transaction's instant.
    pub fn moment(&self) -> Moment {
        self.moment
    }

    pub fn actor(&self) -> &str {
        &self.actor
    }

    /// Appends an entry to the audit trail. Called by every write below; public so that the
    /// later crates' writes (bundles, Excel imports) go through the same trail.
    pub fn audit(
        &self,
        entity: &str,
        record_id: &str,
        action: &str,
        old: Option<&serde_json::Value>,
        new: Option<&serde_json::Value>,
        reason: &str,
    ) -> Result<()> {
        self.audit_text(entity, record_id, action, old.map(|v| v.to_string()).as_deref(), new.map(|v| v.to_string()).as_deref(), reason)
    }

    /// As [`Writer::audit`], with the values already written as JSON: a record type that
    /// serialises itself straight to text skips building a `serde_json::Value` per entry.
    pub(crate) fn audit_text(
        &self,
        entity: &str,
        record_id: &str,
        action: &str,
        old: Option<&str>,
        new: Option<&str>,
        reason: &str,
    ) -> Result<()> {
        self.exec(
            "INSERT INTO audit_log (at, actor, entity, record_id, action, old_value, new_value, reason)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            rusqlite::params![self.now, self.actor, entity, record_id, action, old, new, reason],
        )
        .map_err(StoreError::from_write)?;
        Ok(())
    }
}

/// Every connection is opened the same way.
fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    // Imports run the same few dozen statements thousands of times; parsing each again was a
    // quarter of a bundle import's work.
    conn.set_prepared_statement_cache_capacity(256);
    // Plans that do not depend on the values bound. Without this guarantee SQLite (3.54) lets an
    // estimate look at a bound value and marks the statement to be prepared again when its
    // bindings change, and the cache clears the bindings of every statement it takes back: a
    // cached statement was compiled again on nearly every use (9 times a bundle, 4 % of an
    // import's instructions).
    conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
    // 32 MB of page cache instead of SQLite's 2 MB: a batch of imported bundles otherwise
    // spills the same pages to the WAL over and over before it commits.
    conn.pragma_update(None, "cache_size", -32_000)?;
    conn.pragma_update(None, "foreign_keys", true)?;
    let mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
    debug_assert!(mode.eq_ignore_ascii_case("wal") || mode.eq_ignore_ascii_case("memory"));
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    Ok(())
}

/// One entry of the audit trail, as the history of a record shows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub entity: String,
    pub record_id: String,
    pub action: String,
    pub old_value: Option<serde_json::Value>,
    pub new_value: Option<serde_json::Value>,
    pub reason: String,
}

pub(crate) const AUDIT_SELECT: &str = "SELECT seq, at, actor, entity, record_id, action, old_value, new_value, reason FROM audit_log";

pub(crate) fn audit_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditEntry> {
    let parse = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
    Ok(AuditEntry {
        seq: r.get(0)?,
        at: r.get(1)?,
        actor: r.get(2)?,
        entity: r.get(3)?,
        record_id: r.get(4)?,
        action: r.get(5)?,
        old_value: parse(r.get(6)?),
        new_value: parse(r.get(7)?),
        reason: r.get(8)?,
    })
}

impl Reader<'_> {
    /// One row, through the connection's statement cache.
    pub(crate) fn one<T, P: rusqlite::Params>(
        &self,
        sql: &str,
        params: P,
        f: impl FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<T> {
        self.conn.prepare_cached(sql)?.query_row(params, f)
    }

    /// The history of one record, oldest first.
    pub fn history(&self, entity: &str, record_id: &str) -> Result<Vec<AuditEntry>> {
        let mut stmt = self.conn.prepare_cached(&format!("{AUDIT_SELECT} WHERE entity = ?1 AND record_id = ?2 ORDER BY seq"))?;
        let rows = stmt.query_map([entity, record_id], audit_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use rusqlite::StatementStatus;

    /// A statement taken from the cache again is run as compiled, not compiled again.
    #[test]
    fn a_cached_statement_is_not_compiled_again() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        super::configure(&conn).unwrap();
        conn.execute_batch(
            "CREATE TABLE units (id TEXT PRIMARY KEY, parent_id TEXT, name TEXT);
             INSERT INTO units VALUES ('a', NULL, 'Tỉnh'), ('b', 'a', 'Xã'), ('c', 'a', 'Phường');",
        )
        .unwrap();
        let sql = "SELECT u.name, p.name FROM units u LEFT JOIN units p ON p.id = u.parent_id WHERE u.id = ?1";
        for id in ["a", "b", "c", "b"] {
            conn.prepare_cached(sql).unwrap().query_row([id], |_| Ok(())).unwrap();
        }
        assert_eq!(conn.prepare_cached(sql).unwrap().get_status(StatementStatus::RePrepare), 0);
    }
}
