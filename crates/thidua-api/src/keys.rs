//! This installation's signing key, identity files, and the enrolment of the units it trusts.
//!
//! The private key lives in a file of the data directory that only its user can read
//! ([`SIGNING_KEY_FILE`]); the database holds the public halves of every key it knows.

use std::path::Path;

use serde::{Deserialize, Serialize};
use thidua_bundle::{FingerprintMismatch, KeyPair, PublicKey, check_fingerprint};
use thidua_model::Unit;
use thidua_store::{KeyRole, StoredKey};
use ts_rs::TS;

use crate::keyring::Keyring;
use crate::wording::day;
use crate::{ApiError, Workspace};

/// The private key's file inside the data directory.
pub const SIGNING_KEY_FILE: &str = "signing.key";
/// The identity file's format name.
const IDENTITY_FORMAT: &str = "thidua-identity";
const MAX_IDENTITY_BYTES: u64 = 64 * 1024;

/// What an identity file says: the unit and its public key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct IdentityFile {
    pub format: String,
    pub unit_code: String,
    pub level: String,
    pub unit_name: String,
    pub public_key: String,
    pub key_id: String,
    /// For people reading the file; the enrolment checks the fingerprint the clerk heard.
    pub fingerprint: String,
    pub created_at: String,
}

/// A key as the roster screen shows it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct KeyView {
    pub unit_code: String,
    pub unit_name: String,
    pub role: KeyRole,
    pub role_label: String,
    pub key_id: String,
    pub fingerprint: String,
    pub enrolled_at: String,
    pub revoked_at: Option<String>,
    pub revoked_reason: String,
    /// Waiting for the clerk to confirm it by its fingerprint (see `confirm_parent_key`).
    pub unconfirmed: bool,
}

impl Workspace {
    pub(crate) fn key_path(&self) -> std::path::PathBuf {
        self.data_dir().join(SIGNING_KEY_FILE)
    }

    pub(crate) fn keyring(&self) -> Keyring {
        Keyring::beside(&self.data_dir())
    }

    /// The installation's key pair, made on first use. The key the database names is read
    /// from `signing.key` or, failing that, from the keyring (which keeps every key this
    /// installation has held: a restore or a lost `signing.key` never costs a key). Only a
    /// database whose key was never held here (a new laptop) gets a new key, and the old one is
    /// revoked here: the upper level must enrol the new one.
    pub(crate) fn own_key(&mut self) -> Result<KeyPair, ApiError> {
        let unit = self.installation()?.unit;
        let active = self.store.read().active_key(unit.id, KeyRole::Own)?;
        let path = self.key_path();
        let keyring = self.keyring();
        if let Some(stored) = &active {
            if let Some(pair) = KeyPair::load(&path).ok().filter(|p| p.public().key_id() == stored.key_id) {
                // Installations from before the keyring keep their key there too.
                keyring.keep(&pair)?;
                return Ok(pair);
            }
            if let Some(pair) = keyring.key(&stored.key_id) {
                // `signing.key` is a copy of the key in use for people and older tools; the
                // keyring is what counts, so a copy that cannot be written costs nothing.
                let _ = pair.save(&path);
                return Ok(pair);
            }
        }
        let pair = KeyPair::generate().map_err(|e| ApiError::refused(e.to_string()))?;
        keyring.keep(&pair)?;
        pair.save(&path).map_err(|e| ApiError::refused(e.to_string()))?;
        let new = stored_key(&pair.public(), unit.id, KeyRole::Own);
        let actor = self.actor()?;
        self.store.write(&actor, |w| {
            if let Some(old) = &active {
                w.revoke_key(&old.key_id, "máy mới: không có khóa riêng cũ trong thư mục dữ liệu", Some(&new.key_id))?;
            }
            w.insert_key(&new)
        })?;
        Ok(pair)
    }

    /// This installation's identity: to give to the upper level (file and fingerprint).
    pub fn identity(&mut self) -> Result<IdentityFile, ApiError> {
        let unit = self.installation()?.unit;
        let public = self.own_key()?.public();
        let created_at = self.store.read().key(&public.key_id())?.map(|k| k.enrolled_at).unwrap_or_default();
        Ok(IdentityFile {
            format: IDENTITY_FORMAT.into(),
            unit_code: unit.code,
            level: unit.level,
            unit_name: unit.name,
            public_key: public.to_hex(),
            key_id: public.key_id(),
            fingerprint: public.fingerprint(),
            created_at,
        })
    }

    /// Writes the identity file the upper level enrols.
    pub fn export_identity(&mut self, dest: &Path) -> Result<IdentityFile, ApiError> {
        let identity = self.identity()?;
        let text = serde_json::to_string_pretty(&identity).expect("serialisable");
        crate::files::write_atomically(dest, text.as_bytes())?;
        Ok(identity)
    }

    /// Enrols the unit of an identity file after checking the fingerprint the clerk heard on
    /// the phone. The unit must be directly below this one (a child) or the one above.
    pub fn enroll(&mut self, identity_path: &Path, typed_fingerprint: &str) -> Result<KeyView, ApiError> {
        let name = identity_path.display();
        let bytes = crate::files::read_limited(identity_path, MAX_IDENTITY_BYTES).map_err(|e| match e {
            crate::files::ReadError::TooLarge(_) => ApiError::refused(format!("Tệp {name} không phải tệp định danh (quá lớn).")),
            crate::files::ReadError::Unreadable(e) => ApiError::refused(format!("Không đọc được tệp {name}: {e}.")),
        })?;
        let identity: IdentityFile =
            serde_json::from_slice(&bytes).ok().filter(|i: &IdentityFile| i.format == IDENTITY_FORMAT).ok_or_else(|| {
                ApiError::refused(format!("Tệp {name} không phải tệp định danh Thi đua: hãy xin đơn vị xuất lại tệp định danh."))
            })?;
        let key = PublicKey::from_hex(&identity.public_key).map_err(|e| ApiError::refused(format!("Tệp định danh hỏng: {e}.")))?;
        check_fingerprint(typed_fingerprint, &key).map_err(|m| {
            misheard(m).unwrap_or_else(|| {
                ApiError::refused(format!(
                    "Mã xác nhận không khớp với tệp định danh của {}: tệp có thể không phải của đơn vị đó. Không ghi danh; hãy gọi lại cho đơn vị để kiểm tra.",
                    identity.unit_name
                ))
            })
        })?;
        let installation = self.installation()?;
        let unit = self.unit_by_code(&identity.unit_code, &identity.level)?;
        let role = if installation.parent.as_ref().is_some_and(|p| p.id == unit.id) {
            KeyRole::Parent
        } else if unit.parent_id == Some(installation.unit.id) {
            KeyRole::Child
        } else {
            return Err(ApiError::refused(format!(
                "{} ({}) không trực thuộc {} và không phải cấp trên đã cài đặt: không ghi danh.",
                unit.name, unit.code, installation.unit.name
            )));
        };
        let r = self.store.read();
        if let Some(known) = r.key(&key.key_id())? {
            return Err(ApiError::refused(match known.revoked_at {
                Some(at) => format!("Khóa này đã bị thu hồi ngày {}: không ghi danh lại; đơn vị phải tạo khóa mới.", day(&at)),
                None => format!("{} đã được ghi danh với khóa này ngày {}.", unit.name, day(&known.enrolled_at)),
            }));
        }
        if let Some(active) = r.active_key(unit.id, role)? {
            return Err(ApiError::refused(format!(
                "{} đang có khóa khác (ghi danh ngày {}). Nếu đơn vị đổi máy hoặc mất khóa, hãy thu hồi khóa cũ trước («thidua revoke {}» hoặc nút Thu hồi).",
                unit.name,
                day(&active.enrolled_at),
                unit.code
            )));
        }
        let stored = stored_key(&key, unit.id, role);
        let actor = self.actor()?;
        self.store.write(&actor, |w| w.insert_key(&stored))?;
        self.key_view(&stored.key_id)
    }

    /// Revokes the active key of a unit below (or above): its bundles are refused from now on.
    pub fn revoke(&mut self, unit_code: &str, reason: &str) -> Result<KeyView, ApiError> {
        let installation = self.installation()?;
        let r = self.store.read();
        let candidates: Vec<StoredKey> = r.keys(None)?.into_iter().filter(|k| k.role != KeyRole::Own && k.revoked_at.is_none()).collect();
        let found = candidates.into_iter().find(|k| r.unit(k.unit_id).ok().flatten().is_some_and(|u| u.code == unit_code));
        let Some(key) = found else {
            return Err(ApiError::refused(format!(
                "Không có khóa đang dùng của đơn vị mã {unit_code} ở {}: xem danh sách bằng «thidua key list».",
                installation.unit.name
            )));
        };
        let reason = thidua_text::clean(reason);
        let reason = if reason.is_empty() { "thu hồi theo yêu cầu".to_owned() } else { reason };
        let actor = self.actor()?;
        self.store.write(&actor, |w| w.revoke_key(&key.key_id, &reason, None))?;
        self.key_view(&key.key_id)
    }

    /// Every key this installation knows, own first, then by unit (Vietnamese order).
    pub fn keys(&self) -> Result<Vec<KeyView>, ApiError> {
        let keys = self.store.read().keys(None)?;
        let mut views = keys.iter().map(|k| self.key_view(&k.key_id)).collect::<Result<Vec<_>, _>>()?;
        let collator = thidua_text::Collator::vietnamese();
        views.sort_by(|a, b| {
            (a.role != KeyRole::Own, a.revoked_at.is_some())
                .cmp(&(b.role != KeyRole::Own, b.revoked_at.is_some()))
                .then_with(|| collator.compare(&a.unit_name, &b.unit_name))
        });
        Ok(views)
    }

    /// Confirms the upper level's key by the fingerprint the clerk heard on the phone, after a
    /// whole-installation copy was restored: until then its bundles wait. A fingerprint that
    /// does not match leaves the key unconfirmed and says so: the copy may have carried a key
    /// that is not the upper level's, and the clerk must not take its bundles.
    pub fn confirm_parent_key(&mut self, typed_fingerprint: &str) -> Result<KeyView, ApiError> {
        let installation = self.installation()?;
        let parent =
            installation.parent.ok_or_else(|| ApiError::refused("Chưa cài đặt đơn vị cấp trên: không có khóa nào cần xác nhận."))?;
        let key =
            self.store.read().active_key(parent.id, KeyRole::Parent)?.ok_or_else(|| {
                ApiError::refused(format!("Chưa ghi danh khóa của {}: hãy nhập tệp định danh của cấp trên.", parent.name))
            })?;
        if key.unconfirmed_since.is_none() {
            return Err(ApiError::refused(format!("Khóa của {} đã được xác nhận; không cần xác nhận lại.", parent.name)));
        }
        let public = PublicKey::from_hex(&key.public_key).map_err(|e| ApiError::refused(e.to_string()))?;
        check_fingerprint(typed_fingerprint, &public).map_err(|m| {
            misheard(m).unwrap_or_else(|| {
                ApiError::refused(format!(
                    "Mã xác nhận không khớp với khóa của {} trong dữ liệu này: bản sao có thể đã bị sửa. Không xác nhận, các gói của cấp trên vẫn chưa được nhập; \
                     hãy báo cấp trên, thu hồi khóa này và ghi danh lại từ tệp định danh của cấp trên.",
                    parent.name
                ))
            })
        })?;
        let actor = self.actor()?;
        self.store.write(&actor, |w| w.confirm_key(&key.key_id))?;
        self.key_view(&key.key_id)
    }

    pub(crate) fn key_view(&self, key_id: &str) -> Result<KeyView, ApiError> {
        let r = self.store.read();
        let k = r.key(key_id)?.ok_or_else(|| ApiError::refused(format!("Không có khóa {key_id}.")))?;
        let unit = r.unit(k.unit_id)?.ok_or_else(|| ApiError::refused("Khóa không gắn với đơn vị nào."))?;
        Ok(KeyView {
            unit_code: unit.code,
            unit_name: unit.name,
            role: k.role,
            role_label: match k.role {
                KeyRole::Own => "Khóa của đơn vị này",
                KeyRole::Child => "Đơn vị cấp dưới",
                KeyRole::Parent => "Cấp trên",
            }
            .into(),
            key_id: k.key_id,
            // A key waiting for confirmation does not show its fingerprint: the clerk must
            // hear it on the phone, not read it off this screen.
            fingerprint: if k.unconfirmed_since.is_some() { String::new() } else { k.fingerprint },
            enrolled_at: k.enrolled_at,
            revoked_at: k.revoked_at,
            revoked_reason: k.revoked_reason,
            unconfirmed: k.unconfirmed_since.is_some(),
        })
    }

    pub(crate) fn unit_by_code(&self, code: &str, level: &str) -> Result<Unit, ApiError> {
        self.store.read().unit_by_code(code, Some(level))?.ok_or_else(|| {
            ApiError::refused(format!("Đơn vị mã {code} ({level}) không có trong danh mục đơn vị của máy này: hãy cập nhật danh mục."))
        })
    }
}

/// A fingerprint mistyped or misheard, worded; `None` when it is well formed and names another key.
fn misheard(m: FingerprintMismatch) -> Option<ApiError> {
    match m {
        FingerprintMismatch::Malformed => {
            Some(ApiError::refused("Mã xác nhận gồm 25 chữ số, chia 5 nhóm 5 chữ số: hãy nhập đủ mã đơn vị đọc qua điện thoại."))
        }
        FingerprintMismatch::GroupMisread(n) => {
            Some(ApiError::refused(format!("Nhóm thứ {n} của mã xác nhận bị nghe hoặc gõ sai: hãy hỏi lại đơn vị nhóm số đó.")))
        }
        FingerprintMismatch::OtherKey => None,
    }
}

pub(crate) fn stored_key(key: &PublicKey, unit: thidua_model::RecordId, role: KeyRole) -> StoredKey {
    StoredKey {
        key_id: key.key_id(),
        unit_id: unit,
        role,
        public_key: key.to_hex(),
        fingerprint: key.fingerprint(),
        enrolled_at: String::new(),
        enrolled_by: String::new(),
        revoked_at: None,
        revoked_reason: String::new(),
        replaced_by: None,
        unconfirmed_since: None,
    }
}
