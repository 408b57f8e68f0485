//! Never losing a unit's work: automatic backups, restore, and the whole-installation copy
//! that moves an installation to a new laptop.
//!
//! The copy ("bản sao toàn bộ", a zip with the extension [`COPY_EXTENSION`]) holds the
//! database and the printed documents, never the private signing key: a USB stick gets lost,
//! and whoever finds it must not be able to sign reports as the unit. So the laptop it is
//! restored on makes a new key, and the upper level enrols that key after revoking the old
//! one, with the unit's whole history kept.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use thidua_store::{BackupFile, BackupReason, KeyRole, StoreError};
use ts_rs::TS;

use crate::{ApiError, DATABASE_FILE, Workspace, copy_code};

/// The extension of a whole-installation copy.
pub const COPY_EXTENSION: &str = "thidua-bansao";
const COPY_FORMAT: &str = "thidua-installation-copy";
/// 2: authenticated by the copy's code (1 had checksums only and is refused).
const COPY_VERSION: u32 = 2;
const MANIFEST: &str = "thidua-ban-sao.json";
/// The tag of the table of contents under the copy's code (hex).
const MANIFEST_TAG: &str = "thidua-ban-sao.mac";
/// The folder of printed copies inside the data directory, carried in the copy.
const PRINTS_FOLDER: &str = "ban-in";
const MAX_MANIFEST_BYTES: u64 = 4 << 20;
const MAX_COPY_FILES: usize = 20_000;
/// A province's database after 3,321 reports is about 170 MB; this leaves room for years.
const MAX_COPY_FILE_BYTES: u64 = 8 << 30;

/// One automatic backup, as the list in Cài đặt and `thidua backups` show it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct BackupEntry {
    pub path: String,
    pub file_name: String,
    /// "27/11/2026 18:30".
    pub taken_at: String,
    pub reason: String,
    pub reason_label: String,
    #[ts(type = "number")]
    pub bytes: u64,
}

impl From<&BackupFile> for BackupEntry {
    fn from(b: &BackupFile) -> Self {
        let (y, m, d) = (&b.day[0..4], &b.day[5..7], &b.day[8..10]);
        Self {
            path: b.path.display().to_string(),
            file_name: b.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            taken_at: format!("{d}/{m}/{y} {}", &b.time[..5]),
            reason: serde_json::to_value(b.reason).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default(),
            reason_label: b.reason.label().into(),
            bytes: b.bytes,
        }
    }
}

/// What a restore did.
#[derive(Debug, Clone, Serialize, TS)]
pub struct RestoreOutcome {
    pub unit_name: String,
    pub unit_code: String,
    /// The backup of the data as it was just before, to undo the restore with.
    pub previous_data: Option<String>,
    /// When the restored data's key is not on this machine (a new laptop): the fingerprint of
    /// the new key to read to the upper level, who revokes the old key and enrols this one.
    pub new_key_fingerprint: Option<String>,
    pub message: String,
}

/// A whole-installation copy written for a USB stick.
#[derive(Debug, Clone, Serialize, TS)]
pub struct InstallationCopy {
    pub path: String,
    pub unit_name: String,
    /// The code to write on the stick's label: the copy is restored only with it.
    pub code: String,
    #[ts(type = "number")]
    pub bytes: u64,
    pub files: u32,
}

/// The copy's table of contents, checked file by file on restore.
#[derive(Debug, Serialize, Deserialize)]
struct CopyManifest {
    format: String,
    version: u32,
    unit_code: String,
    unit_level: String,
    unit_name: String,
    made_at: String,
    schema_version: u32,
    /// The salt of the key the copy's code gives (hex); see `copy_code`.
    salt: String,
    files: Vec<CopyEntry>,
}

#[derive(Debug, Serialize, Deserialize)]
struct CopyEntry {
    name: String,
    bytes: u64,
    sha256: String,
}

impl Workspace {
    /// Turns the automatic backups off or on. The scenario generator's throw-away
    /// installations turn them off; every real installation keeps them.
    pub fn set_automatic_backups(&mut self, on: bool) {
        self.automatic_backups = on;
    }

    /// The automatic backups, newest first.
    pub fn backups(&self) -> Vec<BackupEntry> {
        self.store.backups().iter().map(BackupEntry::from).collect()
    }

    /// Takes a backup into the backup folder now.
    pub fn backup_now(&self) -> Result<BackupEntry, ApiError> {
        Ok(BackupEntry::from(&self.store.take_backup(BackupReason::Manual)?))
    }

    /// The day's backup, taken on the first use of a day (the app asks at start and every
    /// half hour). Before setup there is nothing to keep.
    pub fn daily_backup(&self) -> Result<Option<BackupEntry>, ApiError> {
        if !self.automatic_backups || self.store.read().installation()?.is_none() {
            return Ok(None);
        }
        Ok(self.store.take_daily_backup_if_due()?.as_ref().map(BackupEntry::from))
    }

    /// The backup taken just before an import writes. If it cannot be taken (a full disk),
    /// the import does not start.
    pub(crate) fn backup_before_import(&self) -> Result<(), ApiError> {
        if self.automatic_backups && self.store.read().installation()?.is_some() {
            self.store.take_backup(BackupReason::BeforeImport)?;
        }
        Ok(())
    }

    /// See [`thidua_store::Store::simulate_full_disk`]: for tests only.
    #[doc(hidden)]
    pub fn simulate_full_disk(&self) -> Result<(), ApiError> {
        Ok(self.store.simulate_full_disk()?)
    }

    /// Writes a consistent copy of all data to `dest`.
    pub fn backup(&self, dest: &Path) -> Result<(), ApiError> {
        if dest.is_dir() {
            return Err(ApiError::refused(format!(
                "{} là một thư mục: hãy ghi rõ tên tệp sao lưu, ví dụ {}.",
                dest.display(),
                dest.join("thidua-sao-luu.sqlite3").display()
            )));
        }
        Ok(self.store.backup_to(dest)?)
    }

    /// Replaces all data with a backup (an automatic backup, a backup file, or a
    /// whole-installation copy), after checking it. Refused backups change nothing. The data
    /// as it was is kept as a backup first. A backup of another unit is refused unless this
    /// installation is not set up yet (a new laptop).
    pub fn restore(&mut self, src: &Path) -> Result<RestoreOutcome, ApiError> {
        self.restore_with_code(src, None)
    }

    /// [`Workspace::restore`], with the code written on the stick's label when `src` is a
    /// whole-installation copy (a copy is refused without it, or with another).
    pub fn restore_with_code(&mut self, src: &Path, code: Option<&str>) -> Result<RestoreOutcome, ApiError> {
        if !src.is_file() {
            return Err(ApiError::refused(format!(
                "Không tìm thấy tệp {}: hãy chọn tệp sao lưu (.{}, .sqlite3) hoặc bản sao toàn bộ (.{COPY_EXTENSION}).",
                src.display(),
                thidua_store::BACKUP_EXTENSION
            )));
        }
        if is_zip(src)? {
            return self.restore_copy(src, code);
        }
        self.restore_database(src, src)
    }

    /// Restores the database file `src`; `shown` is the file the clerk chose.
    fn restore_database(&mut self, src: &Path, shown: &Path) -> Result<RestoreOutcome, ApiError> {
        let current = self.store.read().installation()?;
        // The key in use now: a restored backup older than a key change must not bring back
        // the key the upper level has already replaced.
        let key_in_use = match &current {
            Some(c) => self.store.read().active_key(c.unit.id, KeyRole::Own)?,
            None => None,
        };
        let mut restored = None;
        let keep = current.is_some().then_some(BackupReason::BeforeRestore);
        let kept = self.store.restore_from(src, keep, |r| {
            let Some(found) = r.installation()? else {
                return Err(StoreError::NotFound { what: "đơn vị nào được cài đặt trong bản sao lưu này (bản sao lưu trống)".into() });
            };
            if let Some(here) = &current
                && (here.unit.code != found.unit.code || here.unit.level != found.unit.level)
            {
                return Err(StoreError::Invalid(thidua_model::InvalidValue(format!(
                    "Bản sao lưu là của {} ({}), không phải của {} ({}) đang dùng trên máy này: không khôi phục, dữ liệu không bị thay đổi. \
                     Nếu cần mở dữ liệu của đơn vị đó, hãy khôi phục vào một thư mục dữ liệu mới (--data-dir).",
                    found.unit.name, found.unit.code, here.unit.name, here.unit.code
                ))));
            }
            restored = Some(found.unit);
            Ok(())
        })?;
        let previous_data = kept.map(|b| b.path.display().to_string());
        // A restore replaces pages without counting as changes: drop every cached list.
        self.lists = Default::default();
        let unit = restored.expect("accepted above");
        if let Some(key) = key_in_use {
            self.keep_key_in_use(key)?;
        }
        let new_key_fingerprint = self.key_after_restore()?;
        let mut message = format!("Đã khôi phục dữ liệu của {} từ {}.", unit.name, shown.display());
        for line in self.what_the_backup_lacks()? {
            message.push(' ');
            message.push_str(&line);
        }
        if let Some(fp) = &new_key_fingerprint {
            message.push_str(&format!(
                " Máy này đã tạo khóa ký mới (mã xác nhận {fp}) vì khóa riêng cũ không đi theo bản sao. \
                 Hãy gửi tệp định danh lên cấp trên và đọc mã xác nhận qua điện thoại: cấp trên thu hồi khóa cũ rồi ghi danh khóa mới."
            ));
        }
        Ok(RestoreOutcome { unit_name: unit.name, unit_code: unit.code, previous_data, new_key_fingerprint, message })
    }

    /// After a restore: the key in use before it stays in use when the backup predates it
    /// (a key change after the backup was taken) and its private half is held here.
    fn keep_key_in_use(&mut self, before: thidua_store::StoredKey) -> Result<(), ApiError> {
        let unit = self.installation()?.unit;
        let restored = self.store.read().active_key(unit.id, KeyRole::Own)?;
        let known = self.store.read().key(&before.key_id)?.is_some();
        if restored.as_ref().is_some_and(|r| r.key_id == before.key_id) || known || self.keyring().key(&before.key_id).is_none() {
            return Ok(());
        }
        let actor = self.actor()?;
        let key = thidua_store::StoredKey { unit_id: unit.id, ..before };
        self.store.write(&actor, |w| {
            if let Some(old) = &restored {
                w.revoke_key(&old.key_id, "khóa đã được thay sau ngày sao lưu; máy giữ khóa mới", Some(&key.key_id))?;
            }
            w.insert_key(&key)
        })?;
        Ok(())
    }

    /// What the restored data lacks that was already sent: bundles the keyring marks beyond the
    /// database's chains, and report revisions sent after the backup. The upper level still
    /// holds them; the next bundle continues each chain.
    fn what_the_backup_lacks(&self) -> Result<Vec<String>, ApiError> {
        let installation = self.installation()?;
        let r = self.store.read();
        let mut recipients: Vec<thidua_model::Unit> = installation.parent.clone().into_iter().collect();
        recipients.extend(r.units(&thidua_store::UnitFilter { parent_id: Some(installation.unit.id), ..Default::default() })?);
        let mut lines = Vec::new();
        for unit in recipients {
            let marks = self.keyring().sent(&unit.code);
            let held = r.last_sent(unit.id)?.map_or(0, |b| b.sequence);
            let missing: Vec<&crate::keyring::SentMark> = marks.iter().filter(|m| m.sequence > held).collect();
            let (Some(first), Some(last)) = (missing.first(), missing.last()) else { continue };
            let numbers = if first.sequence == last.sequence {
                format!("số {}", first.sequence)
            } else {
                format!("số {} đến {}", first.sequence, last.sequence)
            };
            lines.push(format!(
                "Bản sao lưu không có {} gói đã gửi {} sau đó ({numbers}): {} vẫn giữ các gói này; gói gửi tiếp theo sẽ mang số {}, nối tiếp chuỗi.",
                missing.len(),
                unit.name,
                unit.name,
                last.sequence + 1
            ));
            let mut revisions: std::collections::BTreeMap<&str, i64> = std::collections::BTreeMap::new();
            for m in missing.iter().filter(|m| m.kind == "report") {
                if let (Some(period), Some(revision)) = (m.period.as_deref(), m.revision) {
                    let top = revisions.entry(period).or_default();
                    *top = (*top).max(revision);
                }
            }
            for (period, revision) in revisions {
                let Ok(code) = thidua_model::PeriodCode::parse(period) else { continue };
                let here = r.report_revisions(installation.unit.id, self.movement(), code)?.last().map_or(0, |x| x.revision);
                if revision > here {
                    lines.push(format!(
                        "Báo cáo {} lần {revision} đã gửi không có trong bản sao lưu; bản sửa đổi tiếp theo sẽ là lần {}.",
                        code.label(),
                        revision + 1
                    ));
                }
            }
        }
        Ok(lines)
    }

    /// After a restore: when the data's own key has no private half on this machine, makes
    /// the new key now (the old one is revoked locally) and returns its fingerprint.
    fn key_after_restore(&mut self) -> Result<Option<String>, ApiError> {
        let unit = self.installation()?.unit;
        let active = self.store.read().active_key(unit.id, KeyRole::Own)?;
        let before = active.map(|k| k.key_id);
        let now = self.own_key()?.public();
        Ok((before.as_deref() != Some(now.key_id().as_str()) && before.is_some()).then(|| now.fingerprint()))
    }

    /// Writes the whole installation (the data and the printed documents, not the private
    /// key) to one file for a USB stick. `dest` is a folder (the file is named after the unit
    /// and the day) or a file name. Written under a temporary name and renamed when complete.
    pub fn copy_installation(&self, dest: &Path) -> Result<InstallationCopy, ApiError> {
        let installation = self.installation()?;
        let dest = if dest.is_dir() {
            let day = self.store.now().vietnam_date();
            dest.join(format!("ThiDua-{}-{day}.{COPY_EXTENSION}", installation.unit.code))
        } else {
            dest.to_path_buf()
        };
        // The database is copied at one instant beside the data, then packed.
        let snapshot = self.data_dir().join("ban-sao-tmp.sqlite3");
        self.store.backup_to(&snapshot)?;
        let mut files: Vec<(String, PathBuf)> = vec![(DATABASE_FILE.into(), snapshot.clone())];
        files.extend(files_under(&self.data_dir().join(PRINTS_FOLDER), PRINTS_FOLDER));
        let part = dest.with_extension("part");
        let code = copy_code::new_code().map_err(|e| ApiError::refused(format!("Không lấy được số ngẫu nhiên của hệ điều hành ({e}).")))?;
        let written = write_copy(&part, &installation, self.store.now().to_rfc3339(), self.status()?.schema_version, &files, &code);
        let _ = std::fs::remove_file(&snapshot);
        let bytes = written.and_then(|()| std::fs::rename(&part, &dest)).and_then(|()| std::fs::metadata(&dest).map(|m| m.len()));
        let bytes = bytes.map_err(|e| {
            let _ = std::fs::remove_file(&part);
            ApiError::refused(format!(
                "Không ghi được bản sao vào {} ({e}): USB có thể đã đầy, bị rút ra hoặc chỉ cho đọc. \
                 Không có bản sao dở dang nào được giữ lại; hãy giải phóng chỗ trống hoặc dùng USB khác rồi làm lại.",
                dest.display()
            ))
        })?;
        Ok(InstallationCopy { path: dest.display().to_string(), unit_name: installation.unit.name, code, bytes, files: files.len() as u32 })
    }

    /// Restores a whole-installation copy: checks its table of contents and every file's
    /// checksum, restores the database as a backup would (same checks, same refusals), then
    /// puts back the printed documents.
    fn restore_copy(&mut self, src: &Path, code: Option<&str>) -> Result<RestoreOutcome, ApiError> {
        let name = src.display().to_string();
        let damaged = |why: String| {
            ApiError::refused(format!(
                "Bản sao {name} không dùng được ({why}): dữ liệu không bị thay đổi. Hãy chép lại bản sao từ máy cũ. {}",
                thidua_guide::see(thidua_guide::topics::NEW_LAPTOP)
            ))
        };
        let file = std::fs::File::open(src).map_err(|e| damaged(e.to_string()))?;
        let mut archive = zip::ZipArchive::new(file).map_err(|e| damaged(format!("không phải tệp nén hợp lệ: {e}")))?;
        if archive.len() > MAX_COPY_FILES {
            return Err(damaged(format!("có {} tệp", archive.len())));
        }
        let read_entry = |archive: &mut zip::ZipArchive<std::fs::File>, entry: &str| -> Result<Option<Vec<u8>>, ApiError> {
            let Ok(entry) = archive.by_name(entry) else { return Ok(None) };
            let mut bytes = Vec::new();
            entry.take(MAX_MANIFEST_BYTES).read_to_end(&mut bytes).map_err(|e| damaged(e.to_string()))?;
            Ok(Some(bytes))
        };
        let text = read_entry(&mut archive, MANIFEST)?.ok_or_else(|| {
            ApiError::refused(format!(
                "Tệp {name} không phải bản sao toàn bộ của Thi đua: hãy chọn tệp .{COPY_EXTENSION} hoặc một tệp sao lưu."
            ))
        })?;
        let manifest: CopyManifest = serde_json::from_slice(&text).map_err(|e| damaged(format!("mục lục hỏng: {e}")))?;
        if manifest.format != COPY_FORMAT {
            return Err(damaged("không phải bản sao toàn bộ của Thi đua".into()));
        }
        if manifest.version < COPY_VERSION {
            return Err(ApiError::refused(format!(
                "Bản sao {name} được chép bằng phiên bản cũ, không có mã xác thực, nên không kiểm tra được nó có bị sửa hay không: \
                 không khôi phục, dữ liệu không bị thay đổi. Hãy chép lại bản sao từ máy cũ bằng phiên bản này."
            )));
        }
        if manifest.version > COPY_VERSION {
            return Err(ApiError::refused(format!(
                "Bản sao {name} do phiên bản Thi đua mới hơn tạo ra (định dạng {}, phiên bản này đọc đến {COPY_VERSION}): \
                 hãy cài phiên bản mới nhất của chương trình rồi khôi phục. Dữ liệu không bị thay đổi.",
                manifest.version
            )));
        }
        // The table of contents is the copy as it was made only if its tag matches under the
        // code the clerk wrote on the label; it then vouches for every file by its checksum.
        let code = code.and_then(copy_code::normalise).ok_or_else(|| {
            ApiError::refused(format!(
                "Bản sao toàn bộ {name} cần mã bản sao (16 chữ và số, dạng XXXX-XXXX-XXXX-XXXX, ghi trên nhãn USB khi chép): hãy nhập đúng mã rồi khôi phục lại. {}",
                thidua_guide::see(thidua_guide::topics::NEW_LAPTOP)
            ))
        })?;
        let tag = read_entry(&mut archive, MANIFEST_TAG)?.and_then(|t| hex::decode(t.trim_ascii()).ok()).unwrap_or_default();
        let salt = hex::decode(&manifest.salt).unwrap_or_default();
        if !copy_code::verify(&code, &salt, &text, &tag) {
            return Err(ApiError::refused(format!(
                "Mã bản sao không đúng, hoặc bản sao {name} đã bị sửa sau khi chép: không khôi phục, dữ liệu không bị thay đổi. \
                 Hãy kiểm tra mã ghi trên nhãn USB; nếu mã đúng, đừng dùng bản sao này mà chép lại từ máy cũ. {}",
                thidua_guide::see(thidua_guide::topics::NEW_LAPTOP)
            )));
        }
        // Every file is unpacked to a temporary folder and checked before anything is replaced.
        let staging = self.data_dir().join("ban-sao-tmp");
        let _ = std::fs::remove_dir_all(&staging);
        let unpacked = unpack(&mut archive, &manifest, &staging).map_err(damaged);
        let result = unpacked.and_then(|()| self.restore_database(&staging.join(DATABASE_FILE), src));
        if result.is_ok() {
            for entry in manifest.files.iter().filter(|e| e.name != DATABASE_FILE) {
                let to = self.data_dir().join(&entry.name);
                if let Some(dir) = to.parent() {
                    let _ = std::fs::create_dir_all(dir);
                }
                let _ =
                    std::fs::rename(staging.join(&entry.name), &to).or_else(|_| std::fs::copy(staging.join(&entry.name), &to).map(|_| ()));
            }
        }
        let _ = std::fs::remove_dir_all(&staging);
        // The copy held the upper level's key too: it is trusted again only once the clerk has
        // heard its fingerprint on the phone.
        let mut outcome = result?;
        let parent = self.installation()?.parent;
        if let Some(parent) = parent.filter(|p| self.store.read().active_key(p.id, KeyRole::Parent).ok().flatten().is_some()) {
            let actor = self.actor()?;
            self.store.write(&actor, |w| w.require_confirmation(KeyRole::Parent, "khôi phục bản sao toàn bộ"))?;
            outcome.message.push_str(&format!(
                " Trước khi nhận gói của {}, hãy gọi điện để nghe mã xác nhận khóa của cấp trên và nhập ở phần «Khóa và ghi danh» của «Trao đổi dữ liệu» (dòng lệnh: thidua key confirm --fingerprint …).",
                parent.name
            ));
        }
        Ok(outcome)
    }
}

/// Is the file a zip (a whole-installation copy) rather than a database?
fn is_zip(path: &Path) -> Result<bool, ApiError> {
    let mut head = [0u8; 4];
    let mut file = std::fs::File::open(path).map_err(|e| ApiError::refused(format!("Không đọc được tệp {} ({e}).", path.display())))?;
    Ok(file.read_exact(&mut head).is_ok() && head == *b"PK\x03\x04")
}

/// The files under `dir`, named `prefix/relative/path` with forward slashes.
fn files_under(dir: &Path, prefix: &str) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return out };
    for entry in entries.filter_map(|e| e.ok()) {
        let path = entry.path();
        let name = format!("{prefix}/{}", entry.file_name().to_string_lossy());
        if path.is_dir() {
            out.extend(files_under(&path, &name));
        } else if path.is_file() {
            out.push((name, path));
        }
    }
    out
}

fn write_copy(
    part: &Path,
    installation: &thidua_model::Installation,
    made_at: String,
    schema_version: u32,
    files: &[(String, PathBuf)],
    code: &str,
) -> std::io::Result<()> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| std::io::Error::other(e.to_string()))?;
    let mut entries = Vec::with_capacity(files.len());
    for (name, path) in files {
        let mut hasher = Sha256::new();
        let bytes = std::io::copy(&mut std::fs::File::open(path)?, &mut hasher)?;
        entries.push(CopyEntry { name: name.clone(), bytes, sha256: hex::encode(hasher.finalize()) });
    }
    let manifest = CopyManifest {
        format: COPY_FORMAT.into(),
        version: COPY_VERSION,
        unit_code: installation.unit.code.clone(),
        unit_level: installation.unit.level.clone(),
        unit_name: installation.unit.name.clone(),
        made_at,
        schema_version,
        salt: hex::encode(salt),
        files: entries,
    };
    let manifest = serde_json::to_vec_pretty(&manifest).expect("serialisable");
    let tag = copy_code::tag(&copy_code::normalise(code).expect("a code just made"), &salt, &manifest);
    let out = std::fs::File::create(part)?;
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(out));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true)
        .system(zip::System::Unix);
    zip.start_file(MANIFEST, options)?;
    zip.write_all(&manifest)?;
    zip.start_file(MANIFEST_TAG, options)?;
    zip.write_all(hex::encode(tag).as_bytes())?;
    for (name, path) in files {
        zip.start_file(name.as_str(), options)?;
        std::io::copy(&mut std::fs::File::open(path)?, &mut zip)?;
    }
    let out = zip.finish()?.into_inner().map_err(|e| e.into_error())?;
    // On a USB stick "written" is not "on the stick" until the cache is flushed.
    out.sync_all()
}

/// Unpacks the files the manifest names into `staging`, checking each one's size and checksum.
fn unpack(archive: &mut zip::ZipArchive<std::fs::File>, manifest: &CopyManifest, staging: &Path) -> Result<(), String> {
    if !manifest.files.iter().any(|e| e.name == DATABASE_FILE) {
        return Err("thiếu tệp dữ liệu".into());
    }
    for entry in &manifest.files {
        let relative = safe_relative(&entry.name).ok_or_else(|| format!("tên tệp không hợp lệ: {}", entry.name))?;
        if entry.bytes > MAX_COPY_FILE_BYTES {
            return Err(format!("tệp {} quá lớn", entry.name));
        }
        let mut inside = archive.by_name(&entry.name).map_err(|_| format!("thiếu tệp {}", entry.name))?;
        let to = staging.join(relative);
        std::fs::create_dir_all(to.parent().unwrap_or(staging)).map_err(|e| e.to_string())?;
        let mut out = std::fs::File::create(&to).map_err(|e| e.to_string())?;
        let mut hasher = Sha256::new();
        let mut limited = (&mut inside).take(entry.bytes + 1);
        let mut buffer = vec![0u8; 1 << 16];
        let mut total = 0u64;
        loop {
            let n = limited.read(&mut buffer).map_err(|e| format!("tệp {} hỏng: {e}", entry.name))?;
            if n == 0 {
                break;
            }
            total += n as u64;
            hasher.update(&buffer[..n]);
            out.write_all(&buffer[..n]).map_err(|e| e.to_string())?;
        }
        if total != entry.bytes || hex::encode(hasher.finalize()) != entry.sha256 {
            return Err(format!("tệp {} không đúng với mục lục (bị hỏng khi chép)", entry.name));
        }
    }
    Ok(())
}

/// A manifest name as a relative path inside the data directory: no absolute paths, no "..",
/// only the database and the printed documents.
fn safe_relative(name: &str) -> Option<PathBuf> {
    let parts: Vec<&str> = name.split('/').collect();
    let allowed = name == DATABASE_FILE || (parts.len() >= 2 && parts[0] == PRINTS_FOLDER);
    let clean = parts.iter().all(|p| !p.is_empty() && *p != "." && *p != ".." && !p.contains(['\\', ':']));
    (allowed && clean).then(|| parts.iter().collect())
}
