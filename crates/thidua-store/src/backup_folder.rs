//! Automatic backups: a folder beside the database, one file per backup, kept by rotation.
//!
//! A file's name says when and why it was taken (`2026-11-27_183000_truoc-nhap.thidua-backup`,
//! Vietnam time), so the folder can be read without opening any database and the clerk can
//! read it in Explorer. Only complete files carry the `.thidua-backup` extension: a backup is
//! written under a temporary name and renamed when it is whole (see [`Store::backup_to`]).

use std::path::{Path, PathBuf};

use thidua_model::Moment;

use crate::backup::{TEMPORARY_EXTENSION, temporary_of};
use crate::{Result, Store, StoreError};

/// The folder of automatic backups, beside the database file.
pub const BACKUP_FOLDER: &str = "sao-luu";
/// The extension of a complete backup file.
pub const BACKUP_EXTENSION: &str = "thidua-backup";

/// How many backups rotation keeps whatever their day, so the backups taken just before
/// today's imports are still there when one of them went wrong.
const KEEP_NEWEST: usize = 3;
/// The newest backup of each of this many most recent days is kept...
const KEEP_DAYS: usize = 7;
/// ...and the newest of each of this many most recent months.
const KEEP_MONTHS: usize = 12;

/// Why a backup was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BackupReason {
    /// The first use of the day.
    Daily,
    /// Just before bundles, an Excel template, a spreadsheet or a unit list were imported.
    BeforeImport,
    /// Just before a newer program upgraded the database.
    BeforeUpgrade,
    /// Just before another backup replaced the data.
    BeforeRestore,
    /// The clerk asked for one.
    Manual,
}

impl BackupReason {
    const ALL: [BackupReason; 5] = [Self::Daily, Self::BeforeImport, Self::BeforeUpgrade, Self::BeforeRestore, Self::Manual];

    /// The word in the file name.
    pub fn code(self) -> &'static str {
        match self {
            Self::Daily => "hang-ngay",
            Self::BeforeImport => "truoc-nhap",
            Self::BeforeUpgrade => "truoc-nang-cap",
            Self::BeforeRestore => "truoc-khoi-phuc",
            Self::Manual => "theo-yeu-cau",
        }
    }

    /// What the backup list says.
    pub fn label(self) -> &'static str {
        match self {
            Self::Daily => "Sao lưu hằng ngày",
            Self::BeforeImport => "Trước khi nhập dữ liệu",
            Self::BeforeUpgrade => "Trước khi nâng cấp chương trình",
            Self::BeforeRestore => "Trước khi khôi phục",
            Self::Manual => "Sao lưu theo yêu cầu",
        }
    }

    fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// One complete backup in the folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupFile {
    pub path: PathBuf,
    /// "2026-11-27" (Vietnam time), from the name.
    pub day: String,
    /// "18:30:00".
    pub time: String,
    pub reason: BackupReason,
    pub bytes: u64,
    /// Orders backups taken within the same second.
    pub modified: Option<std::time::SystemTime>,
}

impl BackupFile {
    /// Reads a file name of the form `YYYY-MM-DD_HHMMSS_reason[_n].thidua-backup`.
    fn parse(path: &Path) -> Option<Self> {
        let name = path.file_name()?.to_str()?.strip_suffix(&format!(".{BACKUP_EXTENSION}"))?;
        let mut parts = name.split('_');
        let (day, hms, reason) = (parts.next()?, parts.next()?, parts.next()?);
        let valid_day =
            day.len() == 10 && day.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
        if !valid_day || hms.len() != 6 || !hms.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Some(Self {
            path: path.to_path_buf(),
            day: day.to_owned(),
            time: format!("{}:{}:{}", &hms[0..2], &hms[2..4], &hms[4..6]),
            reason: BackupReason::from_code(reason)?,
            bytes: std::fs::metadata(path).ok()?.len(),
            modified: std::fs::metadata(path).ok()?.modified().ok(),
        })
    }

    fn month(&self) -> &str {
        &self.day[..7]
    }
}

/// The complete backups in `folder`, newest first. Temporary files of a backup that did not
/// finish and files of other names are not backups.
pub fn list_backups(folder: &Path) -> Vec<BackupFile> {
    let Ok(entries) = std::fs::read_dir(folder) else { return Vec::new() };
    let mut found: Vec<BackupFile> = entries.filter_map(|e| e.ok()).filter_map(|e| BackupFile::parse(&e.path())).collect();
    found.sort_by(|a, b| (&b.day, &b.time, b.modified, &b.path).cmp(&(&a.day, &a.time, a.modified, &a.path)));
    found
}

/// Which of `backups` (newest first) rotation removes: everything except the newest few, the
/// newest of each of the last seven days and the newest of each of the last twelve months.
pub fn rotation_victims(backups: &[BackupFile]) -> Vec<&BackupFile> {
    let mut days: Vec<&str> = Vec::new();
    let mut months: Vec<&str> = Vec::new();
    let mut victims = Vec::new();
    for (index, b) in backups.iter().enumerate() {
        let newest_of_day = !days.contains(&b.day.as_str());
        let newest_of_month = !months.contains(&b.month());
        if newest_of_day {
            days.push(&b.day);
        }
        if newest_of_month {
            months.push(b.month());
        }
        let keep = index < KEEP_NEWEST || (newest_of_day && days.len() <= KEEP_DAYS) || (newest_of_month && months.len() <= KEEP_MONTHS);
        if !keep {
            victims.push(b);
        }
    }
    victims
}

/// An instant → ("2026-11-28", "013005"), in Vietnam time, so the day of a backup is the
/// clerk's day.
fn vietnam_stamp(at: Moment) -> (String, String) {
    let (h, m, sec) = at.vietnam_time();
    (at.vietnam_date().to_string(), format!("{h:02}{m:02}{sec:02}"))
}

impl Store {
    /// The folder of this store's automatic backups.
    pub fn backup_folder(&self) -> PathBuf {
        backup_folder_of(&self.path)
    }

    /// The automatic backups, newest first.
    pub fn backups(&self) -> Vec<BackupFile> {
        list_backups(&self.backup_folder())
    }

    /// Takes a backup into the folder, then applies rotation. A backup that fails leaves no
    /// file behind and is reported; nothing else is changed.
    pub fn take_backup(&self, reason: BackupReason) -> Result<BackupFile> {
        let folder = self.backup_folder();
        std::fs::create_dir_all(&folder).map_err(|e| StoreError::BackupFailed { path: folder.clone(), detail: e.to_string() })?;
        let (day, hms) = vietnam_stamp(self.now());
        let stem = format!("{day}_{hms}_{}", reason.code());
        // The name is reserved by creating its temporary file, which is kept until it is renamed
        // to the name: two programs backing up in the same second (the app and the CLI, two
        // imports) get different names, so neither writes over, or removes, the other's file.
        // Only complete files have the backup's name, so the folder never lists an empty one.
        let mut n = 1;
        let (path, tmp) = loop {
            let name = if n == 1 { format!("{stem}.{BACKUP_EXTENSION}") } else { format!("{stem}_{n}.{BACKUP_EXTENSION}") };
            let candidate = folder.join(name);
            let tmp = temporary_of(&candidate);
            n += 1;
            if candidate.exists() {
                continue;
            }
            match std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp) {
                // Another program may have finished this name between the check and the
                // reservation: then it is not free after all.
                Ok(_) if candidate.exists() => {
                    let _ = std::fs::remove_file(&tmp);
                }
                Ok(_) => break (candidate, tmp),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(StoreError::BackupFailed { path: candidate, detail: e.to_string() }),
            }
        };
        self.backup_through(&tmp, &path)?;
        let taken = BackupFile::parse(&path).ok_or_else(|| StoreError::NotFound { what: format!("bản sao lưu {}", path.display()) })?;
        self.rotate_backups();
        Ok(taken)
    }

    /// Removes what backups cut short by a crash or a power cut left in the folder: temporary
    /// files (and their journals) untouched for an hour, which no running backup still writes.
    pub fn clean_stale_backup_temporaries(&self) {
        let Ok(entries) = std::fs::read_dir(self.backup_folder()) else { return };
        let hour_ago = std::time::UNIX_EPOCH + std::time::Duration::from_secs((self.now().unix_seconds() - 3600).max(0) as u64);
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let temporary = name.ends_with(&format!(".{TEMPORARY_EXTENSION}")) || name.contains(&format!(".{TEMPORARY_EXTENSION}-"));
            let stale = entry.metadata().and_then(|m| m.modified()).is_ok_and(|t| t < hour_ago);
            if temporary && stale {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }

    /// Takes the day's backup if there is none of today yet (Vietnam time).
    pub fn take_daily_backup_if_due(&self) -> Result<Option<BackupFile>> {
        let (today, _) = vietnam_stamp(self.now());
        if self.backups().iter().any(|b| b.day == today) {
            return Ok(None);
        }
        self.take_backup(BackupReason::Daily).map(Some)
    }

    /// Removes the backups rotation no longer keeps. A file that cannot be removed stays; it
    /// is tried again next time.
    fn rotate_backups(&self) {
        let backups = self.backups();
        for victim in rotation_victims(&backups) {
            let _ = std::fs::remove_file(&victim.path);
        }
    }
}

pub(crate) fn backup_folder_of(database: &Path) -> PathBuf {
    database.parent().unwrap_or(Path::new(".")).join(BACKUP_FOLDER)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(day: &str, time: &str) -> BackupFile {
        BackupFile {
            path: PathBuf::from(format!("{day}_{time}_hang-ngay.thidua-backup")),
            day: day.into(),
            time: time.into(),
            reason: BackupReason::Daily,
            bytes: 1,
            modified: None,
        }
    }

    #[test]
    fn rotation_keeps_the_newest_three_seven_days_and_twelve_months() {
        // Two backups a day for 500 days, newest first.
        let mut all = Vec::new();
        let start = time::Date::from_calendar_date(2026, time::Month::November, 27).unwrap();
        for back in 0..500 {
            let d = start - time::Duration::days(back);
            let day = format!("{:04}-{:02}-{:02}", d.year(), d.month() as u8, d.day());
            all.push(named(&day, "17:00:00"));
            all.push(named(&day, "08:00:00"));
        }
        let victims: Vec<PathBuf> = rotation_victims(&all).into_iter().map(|b| b.path.clone()).collect();
        let kept: Vec<(&str, &str)> =
            all.iter().filter(|b| !victims.contains(&b.path)).map(|b| (b.day.as_str(), b.time.as_str())).collect();
        let mut expected = vec![("2026-11-27", "17:00:00"), ("2026-11-27", "08:00:00"), ("2026-11-26", "17:00:00")];
        // The newest of each of the seven most recent days (the 27th and 26th are counted above).
        expected.extend([
            ("2026-11-25", "17:00:00"),
            ("2026-11-24", "17:00:00"),
            ("2026-11-23", "17:00:00"),
            ("2026-11-22", "17:00:00"),
            ("2026-11-21", "17:00:00"),
        ]);
        // The newest of each earlier month, back to December 2025 (twelve months with November).
        for month in ["2026-10-31", "2026-09-30", "2026-08-31", "2026-07-31", "2026-06-30", "2026-05-31", "2026-04-30", "2026-03-31"] {
            expected.push((month, "17:00:00"));
        }
        expected.extend([("2026-02-28", "17:00:00"), ("2026-01-31", "17:00:00"), ("2025-12-31", "17:00:00")]);
        assert_eq!(kept, expected);
    }

    #[test]
    fn names_are_read_back_and_strangers_ignored() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "2026-11-27_183000_truoc-nhap.thidua-backup",
            "2026-11-27_183000_truoc-nhap_2.thidua-backup",
            "2026-11-26_090000_hang-ngay.thidua-backup",
            "2026-11-27_190000_truoc-nhap.tmp-backup",
            "2026-11-27_190000_khac.thidua-backup",
            "ghi-chu.txt",
        ] {
            std::fs::write(dir.path().join(name), b"x").unwrap();
        }
        let found: Vec<String> =
            list_backups(dir.path()).iter().map(|b| b.path.file_name().unwrap().to_string_lossy().into_owned()).collect();
        assert_eq!(
            found,
            [
                "2026-11-27_183000_truoc-nhap_2.thidua-backup",
                "2026-11-27_183000_truoc-nhap.thidua-backup",
                "2026-11-26_090000_hang-ngay.thidua-backup"
            ]
        );
    }

    #[test]
    fn stamps_are_vietnam_time() {
        assert_eq!(vietnam_stamp(Moment::parse("2026-11-27T18:30:05Z").unwrap()), ("2026-11-28".into(), "013005".into()));
    }
}
