//! The signed bundle file (`.thidua`): the only channel between installations.
//!
//! Promises:
//! - [`seal`] writes a zip that any unzip tool opens: `manifest.json`, `manifest.sig`,
//!   `payload.json` and, for reports and plans, `document.pdf`; the same input gives the
//!   same bytes;
//! - [`Sealed::read`] checks the archive (size, entry count, names, duplicates, per-entry and
//!   total uncompressed size, compression ratio) and the manifest's format version, and reads
//!   nothing else;
//! - [`Sealed::verify`] checks the signature against the key the caller trusts for the named
//!   sender, then the SHA-256 of every file and that no file is missing or extra; only a
//!   [`Verified`] bundle hands out its payload;
//! - every refusal is a [`BundleError`] whose message is Vietnamese and says what to do.
//!
//! The format is specified in docs/BUNDLE_FORMAT.md. This crate knows nothing of the database:
//! who is enrolled, what was applied before and how a payload changes data is the API's job.

mod archive;
mod keys;
mod manifest;
pub mod payload;

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

pub use archive::{DOCUMENT, MAX_FILE_BYTES, PAYLOAD};
pub use keys::{FingerprintMismatch, KeyPair, PublicKey, check_fingerprint, fingerprint_of};
pub use manifest::{FORMAT_NAME, FORMAT_VERSION, IndicatorSetRef, Kind, Manifest, Party};

/// The file extension of bundles.
pub const EXTENSION: &str = "thidua";

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum BundleError {
    #[error("Tệp không phải gói dữ liệu Thi đua (.thidua): hãy chọn đúng tệp nhận được.")]
    NotABundle,
    #[error("Gói bị hỏng hoặc chép thiếu ({0}): hãy xin đơn vị gửi chép lại tệp.")]
    Damaged(String),
    #[error("Gói vượt giới hạn an toàn ({0}): không nhập; hãy liên hệ đơn vị gửi.")]
    TooLarge(String),
    #[error("Gói không đúng quy cách ({0}): không nhập; hãy xin đơn vị gửi lại tệp do chương trình Thi đua tạo.")]
    Unexpected(String),
    #[error("Gói do phiên bản Thi đua mới hơn tạo (định dạng {0}, chương trình này đọc đến {max}): hãy cập nhật chương trình rồi nhập lại.", max = FORMAT_VERSION)]
    NewerFormat(u32),
    #[error(
        "Chữ ký của gói không đúng: nội dung đã bị sửa sau khi ký, hoặc gói không do đơn vị ghi trong gói ký. Không nhập; hãy xin đơn vị gửi lại."
    )]
    BadSignature,
    #[error("Tệp «{0}» trong gói đã bị thay đổi sau khi ký (mã băm không khớp). Không nhập; hãy xin đơn vị gửi lại.")]
    HashMismatch(String),
    #[error("Nội dung gói không hợp lệ ({0}). Không nhập; hãy xin đơn vị gửi lại.")]
    BadPayload(String),
    #[error("Lỗi khóa ký: {0}.")]
    Key(String),
    #[error("Không tạo được gói: {0}.")]
    Write(String),
}

/// SHA-256 as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Everything a bundle says besides its files: the manifest minus the hashes, which
/// [`seal`] computes.
pub struct Envelope {
    pub kind: Kind,
    pub sender: Party,
    pub recipient: Party,
    pub period: Option<String>,
    pub indicator_set: Option<IndicatorSetRef>,
    pub sequence: u64,
    pub previous: Option<String>,
    pub created_at: String,
}

/// The envelope a manifest was sealed from (to seal the same again, or an amended copy).
impl From<Manifest> for Envelope {
    fn from(m: Manifest) -> Self {
        Self {
            kind: m.kind,
            sender: m.sender,
            recipient: m.recipient,
            period: m.period,
            indicator_set: m.indicator_set,
            sequence: m.sequence,
            previous: m.previous,
            created_at: m.created_at,
        }
    }
}

/// A bundle written: its bytes and its id (the SHA-256 of its manifest, which names every
/// file's hash, so two bundles with the same id have the same content).
pub struct SealedBundle {
    pub bytes: Vec<u8>,
    pub bundle_id: String,
    pub manifest: Manifest,
}

/// Writes a bundle: payload, optional PDF, the manifest naming their hashes, and the
/// manifest's signature by `key`.
pub fn seal(envelope: Envelope, payload: &[u8], document: Option<&[u8]>, key: &KeyPair) -> Result<SealedBundle, BundleError> {
    let mut files = BTreeMap::new();
    files.insert(PAYLOAD.to_owned(), sha256_hex(payload));
    if let Some(pdf) = document {
        files.insert(DOCUMENT.to_owned(), sha256_hex(pdf));
    }
    let manifest = Manifest {
        format: FORMAT_NAME.into(),
        format_version: FORMAT_VERSION,
        kind: envelope.kind,
        sender: envelope.sender,
        sender_key_id: key.public().key_id(),
        recipient: envelope.recipient,
        period: envelope.period,
        indicator_set: envelope.indicator_set,
        sequence: envelope.sequence,
        previous: envelope.previous,
        created_at: envelope.created_at,
        files,
    };
    let manifest_bytes = serde_json::to_vec_pretty(&manifest).map_err(|e| BundleError::Write(e.to_string()))?;
    let signature = hex::encode(key.sign(&manifest_bytes));
    let mut entries: Vec<(&str, &[u8])> =
        vec![(archive::MANIFEST, &manifest_bytes), (archive::SIGNATURE, signature.as_bytes()), (PAYLOAD, payload)];
    if let Some(pdf) = document {
        entries.push((DOCUMENT, pdf));
    }
    let bytes = archive::write(&entries)?;
    Ok(SealedBundle { bytes, bundle_id: sha256_hex(&manifest_bytes), manifest })
}

/// A bundle whose archive and manifest were read, not yet trusted.
pub struct Sealed {
    pub manifest: Manifest,
    /// SHA-256 of `manifest.json`: the bundle's identity across copies and re-zips.
    pub bundle_id: String,
    manifest_bytes: Vec<u8>,
    signature: [u8; 64],
    files: BTreeMap<String, Vec<u8>>,
}

/// A bundle whose signature and hashes were checked against a trusted key.
pub struct Verified {
    pub manifest: Manifest,
    pub bundle_id: String,
    files: BTreeMap<String, Vec<u8>>,
}

impl Sealed {
    /// The archive and manifest checks. Nothing of the payload is parsed.
    pub fn read(bytes: &[u8]) -> Result<Self, BundleError> {
        let mut files = archive::read(bytes)?;
        let manifest_bytes = files.remove(archive::MANIFEST).ok_or_else(|| BundleError::Unexpected("thiếu tệp manifest.json".into()))?;
        let signature_text = files.remove(archive::SIGNATURE).ok_or_else(|| BundleError::Unexpected("thiếu chữ ký manifest.sig".into()))?;
        let probe: manifest::VersionProbe =
            serde_json::from_slice(&manifest_bytes).map_err(|e| BundleError::Unexpected(format!("manifest.json không đọc được ({e})")))?;
        if probe.format.as_deref() != Some(FORMAT_NAME) {
            return Err(BundleError::NotABundle);
        }
        match probe.format_version {
            Some(v) if v > FORMAT_VERSION => return Err(BundleError::NewerFormat(v)),
            Some(_) => {}
            None => return Err(BundleError::Unexpected("manifest.json thiếu phiên bản định dạng".into())),
        }
        let manifest: Manifest =
            serde_json::from_slice(&manifest_bytes).map_err(|e| BundleError::Unexpected(format!("manifest.json sai quy cách ({e})")))?;
        let signature: [u8; 64] = std::str::from_utf8(&signature_text)
            .ok()
            .and_then(|s| hex::decode(s.trim()).ok())
            .and_then(|b| b.try_into().ok())
            .ok_or(BundleError::BadSignature)?;
        Ok(Self { bundle_id: sha256_hex(&manifest_bytes), manifest, manifest_bytes, signature, files })
    }

    /// Checks the signature with `key` (the enrolled key the caller looked up for the
    /// manifest's sender and key id), then every file's hash.
    pub fn verify(self, key: &PublicKey) -> Result<Verified, BundleError> {
        if key.key_id() != self.manifest.sender_key_id || !key.verify(&self.manifest_bytes, &self.signature) {
            return Err(BundleError::BadSignature);
        }
        for name in self.files.keys() {
            if !self.manifest.files.contains_key(name) {
                return Err(BundleError::Unexpected(format!("tệp «{name}» không có trong danh mục đã ký")));
            }
        }
        for (name, expected) in &self.manifest.files {
            let data = self.files.get(name).ok_or_else(|| BundleError::Unexpected(format!("thiếu tệp «{name}»")))?;
            if &sha256_hex(data) != expected {
                return Err(BundleError::HashMismatch(name.clone()));
            }
        }
        if !self.files.contains_key(PAYLOAD) {
            return Err(BundleError::Unexpected("thiếu tệp payload.json".into()));
        }
        Ok(Verified { manifest: self.manifest, bundle_id: self.bundle_id, files: self.files })
    }
}

impl Verified {
    pub fn payload(&self) -> &[u8] {
        &self.files[PAYLOAD]
    }

    pub fn document(&self) -> Option<&[u8]> {
        self.files.get(DOCUMENT).map(Vec::as_slice)
    }
}
