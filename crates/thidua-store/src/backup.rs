//! Online backup and restore through SQLite's backup API.

use std::path::Path;

use rusqlite::backup::Backup;
use rusqlite::{Connection, OpenFlags};

use crate::{LATEST_SCHEMA_VERSION, Result, Store, StoreError, migrations};

impl Store {
    /// Copies the whole database, consistent at one instant, to `dest`. Writes a temporary
    /// file beside `dest` and renames it, so a failed backup never leaves half a file.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        let tmp = dest.with_extension("tmp-backup");
        let _ = std::fs::remove_file(&tmp);
        let result = (|| {
            let mut out = Connection::open(&tmp).map_err(|e| StoreError::from_open(e, &tmp))?;
            {
                let backup = Backup::new(&self.conn, &mut out)?;
                backup.step(-1).map_err(StoreError::from_write)?;
            }
            // A backup is one self-contained file: no WAL beside it.
            out.pragma_update(None, "journal_mode", "DELETE")?;
            drop(out);
            std::fs::rename(&tmp, dest).map_err(|e| StoreError::io(dest, e))
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result
    }

    /// Replaces the whole database with the backup at `src`, after checking that `src` is a
    /// sound Thi đua database this program can read. On any refusal the current data is left
    /// exactly as it was. A backup from an older version is brought up to date.
    pub fn restore_from(&mut self, src: &Path) -> Result<()> {
        if !src.is_file() {
            return Err(StoreError::NotFound { what: format!("tệp sao lưu {}", src.display()) });
        }
        migrations::check_file(src)?;
        let source = Connection::open_with_flags(src, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|e| StoreError::from_open(e, src))?;
        let version: i64 = source.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version == 0 {
            return Err(StoreError::NotADatabase { path: src.to_path_buf() });
        }
        let check: String = source
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(|e| StoreError::Corrupt { path: src.to_path_buf(), detail: e.to_string() })?;
        if check != "ok" {
            return Err(StoreError::Corrupt { path: src.to_path_buf(), detail: check });
        }
        debug_assert!(version <= LATEST_SCHEMA_VERSION, "check_file refused newer schemas");
        {
            // The destination is locked for the whole copy and changed only when it completes.
            let backup = Backup::new(&source, &mut self.conn)?;
            backup.step(-1).map_err(StoreError::from_write)?;
        }
        migrations::migrate(&mut self.conn).map_err(StoreError::from_write)?;
        Ok(())
    }
}
