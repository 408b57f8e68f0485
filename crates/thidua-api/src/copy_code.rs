//! The code that authenticates a whole-installation copy (see `docs/ARCHITECTURE.md`,
//! "Whole-installation copies").
//!
//! A copy carries the unit's data without its private key: whoever edits it and recomputes the
//! checksums of its table of contents could plant figures or an upper level's key. So the
//! program makes a random code when it writes the copy, shows it once for the clerk to write
//! on the stick's label, and stores beside the table of contents an HMAC-SHA256 of it under a
//! key derived from the code (PBKDF2-HMAC-SHA256 with a random salt). The restore asks for the
//! code and refuses a copy whose table of contents does not match, and the table of contents
//! checks every file's SHA-256. The code is made by the program, not chosen by the clerk:
//! sixteen characters from an alphabet without look-alikes carry 80 bits, beyond guessing, and
//! are read off a label as easily as the key fingerprint is read over the phone.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// 32 letters and digits, without 0/O and 1/I, which a label's handwriting confuses.
const ALPHABET: &[u8; 32] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const CODE_CHARS: usize = 16;
/// PBKDF2 rounds: the code's 80 bits already defeat guessing; the rounds make each guess cost.
const ROUNDS: u32 = 100_000;

/// A new code, in groups of four: "K7QM-3XPA-WE9R-TY4U".
pub(crate) fn new_code() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; CODE_CHARS];
    getrandom::fill(&mut bytes)?;
    let chars: Vec<char> = bytes.iter().map(|b| ALPHABET[(b & 31) as usize] as char).collect();
    Ok(chars.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-"))
}

/// The code as typed ("k7qm 3xpa-we9r…") in its one form, or `None` if it cannot be one.
pub(crate) fn normalise(typed: &str) -> Option<String> {
    let code: String = typed.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect();
    (code.len() == CODE_CHARS && code.bytes().all(|b| ALPHABET.contains(&b))).then_some(code)
}

/// The MAC keyed by `code` (normalised) and `salt`.
fn keyed(code: &str, salt: &[u8]) -> Hmac<Sha256> {
    let mut key = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<Sha256>(code.as_bytes(), salt, ROUNDS, &mut key);
    Hmac::<Sha256>::new_from_slice(&key).expect("HMAC takes a key of any length")
}

/// The tag of `manifest` under `code` (normalised) and `salt`.
pub(crate) fn tag(code: &str, salt: &[u8], manifest: &[u8]) -> [u8; 32] {
    keyed(code, salt).chain_update(manifest).finalize().into_bytes().into()
}

/// Whether `expected` is the tag of `manifest` under `code` and `salt` (compared in constant time).
pub(crate) fn verify(code: &str, salt: &[u8], manifest: &[u8], expected: &[u8]) -> bool {
    keyed(code, salt).chain_update(manifest).verify_slice(expected).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_read_back_however_typed_and_a_changed_manifest_fails() {
        let code = new_code().unwrap();
        assert_eq!(code.len(), 19, "{code}");
        let typed = code.to_lowercase().replace('-', " ");
        let normal = normalise(&typed).unwrap();
        assert_eq!(normal, code.replace('-', ""));
        assert_eq!(normalise("K7QM-3XPA-WE9R-TY4"), None, "too short");
        assert_eq!(normalise("K7QM-3XPA-WE9R-TY40"), None, "0 is not in the alphabet");
        let salt = [7u8; 16];
        let t = tag(&normal, &salt, b"{\"files\":[]}");
        assert!(verify(&normal, &salt, b"{\"files\":[]}", &t));
        assert!(!verify(&normal, &salt, b"{\"files\":[1]}", &t));
        let other = normalise(&new_code().unwrap()).unwrap();
        assert!(!verify(&other, &salt, b"{\"files\":[]}", &t));
    }
}
