//! What this installation must never lose, kept outside the database so that restoring an
//! older backup cannot take it away: every private key it has held, and the place each chain
//! of bundles it sent has reached.
//!
//! The keyring is a folder beside the database ([`KEYRING_FOLDER`]). A key is a file named by
//! its key id, readable by its user only, written once and never overwritten or removed. Each
//! bundle sent leaves a mark named by its recipient and sequence, written once, holding what
//! the bundle was (kind, period, report revision). A database restored from a backup knows
//! less than the keyring; the keyring says what it lacks, and the next bundle continues the
//! chain from the mark instead of reusing a number the upper level already holds.
//!
//! The whole-installation copy for a new laptop leaves the keyring out, as it leaves out the
//! private key: a new laptop makes its own key and is enrolled again.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use thidua_bundle::KeyPair;

use crate::ApiError;

/// The keyring's folder, beside the database.
pub const KEYRING_FOLDER: &str = "khoa-rieng";
/// Where the marks of bundles sent are kept, inside the keyring.
const CHAINS_FOLDER: &str = "chuoi-goi-da-gui";

/// What one bundle sent was: enough to continue its chain and its report's revisions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct SentMark {
    pub sequence: i64,
    pub bundle_id: String,
    pub kind: String,
    pub period: Option<String>,
    /// The report's revision, for a report bundle.
    pub revision: Option<i64>,
    pub created_at: String,
}

pub(crate) struct Keyring {
    dir: PathBuf,
}

fn failed(what: &str, path: &Path, e: impl std::fmt::Display) -> ApiError {
    ApiError::refused(format!(
        "Không ghi được {what} vào {} ({e}): ổ đĩa có thể đã đầy hoặc không cho ghi. Hãy giải phóng chỗ trống rồi làm lại.",
        path.display()
    ))
}

impl Keyring {
    pub(crate) fn beside(data_dir: &Path) -> Self {
        Self { dir: data_dir.join(KEYRING_FOLDER) }
    }

    fn key_path(&self, key_id: &str) -> PathBuf {
        self.dir.join(format!("{key_id}.key"))
    }

    /// Keeps a private key for good: written and synced before anything refers to it. A key
    /// already kept is left as it is (its file name is its id, so it is the same key).
    pub(crate) fn keep(&self, pair: &KeyPair) -> Result<(), ApiError> {
        let path = self.key_path(&pair.public().key_id());
        if path.is_file() {
            return Ok(());
        }
        create_private_dir(&self.dir).map_err(|e| failed("kho khóa", &self.dir, e))?;
        pair.save(&path).map_err(|e| failed("khóa riêng", &path, e))
    }

    /// The private key with this id, if this installation ever held it.
    pub(crate) fn key(&self, key_id: &str) -> Option<KeyPair> {
        let path = self.key_path(key_id);
        KeyPair::load(&path).ok().filter(|k| k.public().key_id() == key_id)
    }

    fn chain_dir(&self, recipient_code: &str) -> PathBuf {
        // Unit codes are digits; anything else is kept out of the path.
        let safe: String = recipient_code.chars().filter(char::is_ascii_alphanumeric).collect();
        self.dir.join(CHAINS_FOLDER).join(safe)
    }

    /// Marks a bundle as sent to `recipient_code`, once.
    pub(crate) fn mark_sent(&self, recipient_code: &str, mark: &SentMark) -> Result<(), ApiError> {
        let dir = self.chain_dir(recipient_code);
        std::fs::create_dir_all(&dir).map_err(|e| failed("dấu gói đã gửi", &dir, e))?;
        let path = dir.join(format!("{:010}-{}.json", mark.sequence, mark.bundle_id));
        let text = serde_json::to_vec(mark).expect("serialisable");
        let written = std::fs::OpenOptions::new().write(true).create_new(true).open(&path).and_then(|mut f| {
            use std::io::Write;
            f.write_all(&text)?;
            f.sync_all()
        });
        match written {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
            Err(e) => Err(failed("dấu gói đã gửi", &path, e)),
        }
    }

    /// Every bundle marked as sent to `recipient_code`, by sequence.
    pub(crate) fn sent(&self, recipient_code: &str) -> Vec<SentMark> {
        let Ok(entries) = std::fs::read_dir(self.chain_dir(recipient_code)) else { return Vec::new() };
        let mut marks: Vec<SentMark> = entries
            .flatten()
            .filter_map(|e| std::fs::read(e.path()).ok())
            .filter_map(|bytes| serde_json::from_slice(&bytes).ok())
            .collect();
        marks.sort_by_key(|m| m.sequence);
        marks
    }
}

/// A folder only its user can enter (on Unix; on Windows each key file has its own owner-only
/// access list).
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}
