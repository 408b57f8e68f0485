//! Online backup and restore through SQLite's backup API.

use std::path::{Path, PathBuf};

use rusqlite::backup::Backup;
use rusqlite::{Connection, OpenFlags};

use crate::{BackupFile, BackupReason, Reader, Result, Store, StoreError, migrations};

impl Store {
    /// Copies the whole database, consistent at one instant, to `dest`. Writes a temporary
    /// file beside `dest` and renames it when it is complete, so a failed backup (a full disk,
    /// a USB stick pulled out) never leaves half a file that looks like a backup.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        let tmp = temporary_of(dest);
        remove_with_journals(&tmp);
        self.backup_through(&tmp, dest)
    }

    /// Writes the backup into `tmp` (which may exist, empty, reserved by the caller) and
    /// renames it to `dest` when complete.
    pub(crate) fn backup_through(&self, tmp: &Path, dest: &Path) -> Result<()> {
        let result = (|| {
            let mut out = Connection::open(tmp)?;
            {
                let backup = Backup::new(&self.conn, &mut out)?;
                backup.step(-1)?;
            }
            // A backup is one self-contained file: no WAL beside it.
            out.pragma_update(None, "journal_mode", "DELETE")?;
            out.close().map_err(|(_, e)| e)?;
            std::fs::rename(tmp, dest).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))
        })();
        result.map_err(|e| {
            remove_with_journals(tmp);
            let detail = match e {
                rusqlite::Error::ToSqlConversionFailure(io) => io.to_string(),
                other => other.to_string(),
            };
            StoreError::BackupFailed { path: dest.to_path_buf(), detail }
        })
    }

    /// Replaces the whole database with the backup at `src`, after checking that `src` is a
    /// sound Thi đua database this program can read and that `accept` agrees with what it
    /// holds (for example, that it is this unit's). The backup is copied and brought up to
    /// date beside the database first, so the backup file itself is never changed, and the
    /// current data is replaced only when everything passed: on any refusal it is exactly as
    /// it was.
    ///
    /// With `keep_current`, the current data is backed up into the backup folder after every
    /// check passed and just before it is replaced: a refused restore takes no backup, so
    /// refused attempts never push the backup of real work out of rotation.
    pub fn restore_from(
        &mut self,
        src: &Path,
        keep_current: Option<BackupReason>,
        accept: impl FnOnce(&Reader<'_>) -> Result<()>,
    ) -> Result<Option<BackupFile>> {
        if !src.is_file() {
            return Err(StoreError::NotFound { what: format!("tệp sao lưu {}", src.display()) });
        }
        migrations::check_file(src)?;
        let staging = self.path.with_extension("khoi-phuc-tmp");
        remove_with_journals(&staging);
        let result = (|| -> Result<Option<BackupFile>> {
            stage(src, &staging)?;
            let mut staged = Connection::open(&staging).map_err(|e| StoreError::from_open(e, &staging))?;
            migrations::migrate(&mut staged).map_err(StoreError::from_write)?;
            accept(&Reader { conn: &staged })?;
            let kept = keep_current.map(|reason| self.take_backup(reason)).transpose()?;
            // The destination is locked for the whole copy and changed only when it completes.
            let backup = Backup::new(&staged, &mut self.conn)?;
            backup.step(-1).map_err(StoreError::from_write)?;
            Ok(kept)
        })();
        remove_with_journals(&staging);
        let kept = result?;
        migrations::migrate(&mut self.conn).map_err(StoreError::from_write)?;
        Ok(kept)
    }
}

/// Checks the backup at `src` (ours, not empty, whole) and copies it to `staging`.
fn stage(src: &Path, staging: &Path) -> Result<()> {
    let source = Connection::open_with_flags(src, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|e| StoreError::from_open(e, src))?;
    let version: i64 = source.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(|e| StoreError::from_open(e, src))?;
    if version == 0 {
        return Err(StoreError::NotADatabase { path: src.to_path_buf() });
    }
    let check: String = source
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| StoreError::Corrupt { path: src.to_path_buf(), detail: e.to_string() })?;
    if check != "ok" {
        return Err(StoreError::Corrupt { path: src.to_path_buf(), detail: check });
    }
    let mut out = Connection::open(staging).map_err(|e| StoreError::from_open(e, staging))?;
    let backup = Backup::new(&source, &mut out)?;
    backup.step(-1).map_err(|e| StoreError::BackupFailed { path: staging.to_path_buf(), detail: e.to_string() })?;
    Ok(())
}

/// The temporary file a backup to `dest` is written in before it is renamed.
pub(crate) fn temporary_of(dest: &Path) -> PathBuf {
    dest.with_extension(TEMPORARY_EXTENSION)
}

/// The extension of a backup still being written.
pub(crate) const TEMPORARY_EXTENSION: &str = "tmp-backup";

/// Removes a database file and whatever journal SQLite may have left beside it.
pub(crate) fn remove_with_journals(path: &Path) {
    for suffix in ["", "-journal", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
}
