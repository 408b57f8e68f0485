//! Ed25519 keys: making one, keeping the private half in a file only its user can read, the
//! key id that names a key inside a bundle, and the fingerprint a clerk reads over the phone.

use std::path::Path;

use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

use crate::BundleError;

/// An installation's own key pair.
pub struct KeyPair {
    signing: SigningKey,
}

impl KeyPair {
    /// A new key from the operating system's random source.
    pub fn generate() -> Result<Self, BundleError> {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(|e| BundleError::Key(format!("không lấy được số ngẫu nhiên của hệ điều hành ({e})")))?;
        Ok(Self { signing: SigningKey::from_bytes(&seed) })
    }

    pub fn public(&self) -> PublicKey {
        PublicKey(self.signing.verifying_key())
    }

    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.signing.sign(message).to_bytes()
    }

    /// Reads the private key file written by [`KeyPair::save`].
    pub fn load(path: &Path) -> Result<Self, BundleError> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            BundleError::Key(format!(
                "không đọc được tệp khóa riêng {} ({e}): khóa của đơn vị phải nằm trong thư mục dữ liệu",
                path.display()
            ))
        })?;
        let seed: [u8; 32] = hex::decode(text.trim())
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| BundleError::Key(format!("tệp khóa riêng {} bị hỏng", path.display())))?;
        Ok(Self { signing: SigningKey::from_bytes(&seed) })
    }

    /// Writes the private key to `path`, readable and writable by the current user only (mode
    /// 0600 on Unix, an owner-only access list on Windows, before the key is written). The
    /// file is written beside and renamed into place, so a crash leaves the old key or the new
    /// one, never half of one.
    pub fn save(&self, path: &Path) -> Result<(), BundleError> {
        thidua_private_file::write_private(path, hex::encode(self.signing.to_bytes()).as_bytes())
            .map_err(|e| BundleError::Key(format!("không ghi được tệp khóa riêng {} ({e})", path.display())))
    }
}

/// A public key, as carried in identity files and rosters (64 hex characters).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct PublicKey(VerifyingKey);

impl PublicKey {
    pub fn from_hex(text: &str) -> Result<Self, BundleError> {
        let bytes: [u8; 32] = hex::decode(text.trim())
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| BundleError::Key("khóa công khai không đúng dạng (cần 64 chữ số hệ 16)".into()))?;
        VerifyingKey::from_bytes(&bytes).map(Self).map_err(|_| BundleError::Key("khóa công khai không hợp lệ".into()))
    }

    pub fn to_hex(&self) -> String {
        hex::encode(self.0.as_bytes())
    }

    /// The short name of the key inside manifests: the first 16 hex characters of its SHA-256.
    pub fn key_id(&self) -> String {
        hex::encode(&Sha256::digest(self.0.as_bytes())[..8])
    }

    /// The fingerprint read over the phone (see [`fingerprint_of`]).
    pub fn fingerprint(&self) -> String {
        fingerprint_of(self.0.as_bytes())
    }

    /// Checks an Ed25519 signature strictly (no malleable or small-order keys).
    pub fn verify(&self, message: &[u8], signature: &[u8; 64]) -> bool {
        let sig = ed25519_dalek::Signature::from_bytes(signature);
        // verify_strict is verify plus the rejection of weak keys and non-canonical signatures.
        self.0.verify_strict(message, &sig).is_ok()
    }
}

/// Groups in a fingerprint, and digits of data in each (a check digit follows them).
const GROUPS: usize = 5;
const DATA_DIGITS: usize = 4;

/// Damm's quasigroup: a check digit from it catches every single wrong digit and every swap of
/// two neighbouring digits, the two mistakes people make reading numbers aloud.
const DAMM: [[u8; 10]; 10] = [
    [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
    [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
    [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
    [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
    [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
    [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
    [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
    [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
    [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
    [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

fn damm(digits: &[u8]) -> u8 {
    digits.iter().fold(0, |interim, &d| DAMM[interim as usize][d as usize])
}

/// The fingerprint of a public key: five groups of five digits ("48217 90352 …"). Each group
/// is four digits of the key's SHA-256 and a Damm check digit, so a group misheard over the
/// phone is caught and named before it is compared. Digits only, because they are read aloud
/// in Vietnamese without ambiguity. 20 data digits are 66 bits: forging a key with the same
/// fingerprint would take about 2^66 key generations.
pub fn fingerprint_of(public_key: &[u8]) -> String {
    let hash = Sha256::digest(public_key);
    let mut n = u128::from_be_bytes(hash[..16].try_into().expect("16 bytes"));
    let mut data = [0u8; GROUPS * DATA_DIGITS];
    for d in data.iter_mut().rev() {
        *d = (n % 10) as u8;
        n /= 10;
    }
    data.chunks(DATA_DIGITS)
        .map(|g| {
            let mut s: String = g.iter().map(|d| char::from(b'0' + d)).collect();
            s.push(char::from(b'0' + damm(g)));
            s
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// What is wrong with a fingerprint the clerk typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FingerprintMismatch {
    /// Not 25 digits in all.
    Malformed,
    /// Group `n` (from 1) fails its check digit: it was misheard or mistyped.
    GroupMisread(usize),
    /// Every group is well-formed but the fingerprint belongs to another key.
    OtherKey,
}

/// Compares a typed fingerprint with a key's. Spaces, dashes and dots between digits are ignored.
pub fn check_fingerprint(typed: &str, key: &PublicKey) -> Result<(), FingerprintMismatch> {
    let digits: Vec<u8> = typed
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '\t'))
        .map(|c| c.to_digit(10).map(|d| d as u8))
        .collect::<Option<_>>()
        .ok_or(FingerprintMismatch::Malformed)?;
    if digits.len() != GROUPS * (DATA_DIGITS + 1) {
        return Err(FingerprintMismatch::Malformed);
    }
    if let Some(bad) = digits.chunks(DATA_DIGITS + 1).position(|g| damm(g) != 0) {
        return Err(FingerprintMismatch::GroupMisread(bad + 1));
    }
    let expected: Vec<u8> = key.fingerprint().bytes().filter(u8::is_ascii_digit).map(|b| b - b'0').collect();
    if digits == expected { Ok(()) } else { Err(FingerprintMismatch::OtherKey) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_groups_carry_a_check_digit_that_catches_misreadings() {
        let key = KeyPair::generate().unwrap().public();
        let fp = key.fingerprint();
        assert_eq!(fp.len(), 29, "{fp}");
        assert_eq!(check_fingerprint(&fp, &key), Ok(()));
        assert_eq!(check_fingerprint(&fp.replace(' ', "-"), &key), Ok(()));
        let digits: Vec<char> = fp.chars().collect();
        // Every single wrong digit, in every position, is caught in its own group.
        for (i, c) in digits.iter().enumerate().filter(|(_, c)| c.is_ascii_digit()) {
            for wrong in ('0'..='9').filter(|w| w != c) {
                let mut t = digits.clone();
                t[i] = wrong;
                let typed: String = t.into_iter().collect();
                assert_eq!(check_fingerprint(&typed, &key), Err(FingerprintMismatch::GroupMisread(i / 6 + 1)), "{typed}");
            }
        }
        // Two neighbouring digits swapped.
        let mut t = digits.clone();
        if t[0] != t[1] {
            t.swap(0, 1);
            assert_eq!(check_fingerprint(&t.into_iter().collect::<String>(), &key), Err(FingerprintMismatch::GroupMisread(1)));
        }
        assert_eq!(check_fingerprint("12345", &key), Err(FingerprintMismatch::Malformed));
        let other = KeyPair::generate().unwrap().public();
        assert_eq!(check_fingerprint(&other.fingerprint(), &key), Err(FingerprintMismatch::OtherKey));
    }

    #[test]
    fn a_saved_key_loads_back_and_signs_what_its_public_half_verifies() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("khóa riêng.key");
        let key = KeyPair::generate().unwrap();
        key.save(&path).unwrap();
        let loaded = KeyPair::load(&path).unwrap();
        assert_eq!(loaded.public(), key.public());
        let sig = loaded.sign(b"bao cao");
        assert!(key.public().verify(b"bao cao", &sig));
        assert!(!key.public().verify(b"bao cao!", &sig));
        // Mode 0600 on Unix; on Windows (the tests run under Wine too) an owner-only ACL.
        assert!(thidua_private_file::is_private(&path).unwrap());
        assert_eq!(PublicKey::from_hex(&key.public().to_hex()).unwrap(), key.public());
        assert!(PublicKey::from_hex("zz").is_err());
    }
}
