//! The short code printed under the QR: what a clerk types when the QR cannot be read.

use sha2::{Digest, Sha256};

use crate::{AttestError, Statement};

/// Crockford's base32: no I, L, O or U, so nothing typed can be two characters at once.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const DATA_CHARS: usize = 11;
const SHORT_CONTEXT: &[u8] = b"thidua-short-v1\0";

/// Twelve characters in three groups ("7KQ2-M9TX-4RCB"): eleven from the SHA-256 of the signed
/// statement's bytes (55 bits: among a province's few thousand documents a year, two sharing a
/// code is about one chance in 10^9) and a Luhn mod 32 check character, which catches every
/// single wrong character and every swap of two neighbours but the rarest.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ShortCode(String);

impl ShortCode {
    /// The short code of `statement`.
    pub fn of(statement: &Statement) -> Result<Self, AttestError> {
        let hash = Sha256::new().chain_update(SHORT_CONTEXT).chain_update(statement.to_bytes()?).finalize();
        let mut n = u64::from_be_bytes(hash[..8].try_into().expect("8 bytes")) >> (64 - 5 * DATA_CHARS);
        let mut values = [0u8; DATA_CHARS];
        for v in values.iter_mut().rev() {
            *v = (n & 31) as u8;
            n >>= 5;
        }
        let mut all = values.to_vec();
        all.push(check_value(&values));
        Ok(Self(all.into_iter().map(|v| char::from(ALPHABET[usize::from(v)])).collect()))
    }

    /// Reads a code as typed: either case, with or without the dashes, O for 0 and I or L for 1.
    pub fn parse(typed: &str) -> Result<Self, AttestError> {
        let malformed = || AttestError::ShortCodeMalformed(typed.trim().to_owned());
        let values: Vec<u8> = typed
            .chars()
            .filter(|c| !matches!(c, '-' | ' ' | '.' | '\t'))
            .map(|c| match c.to_ascii_uppercase() {
                'O' => Some(0),
                'I' | 'L' => Some(1),
                c => ALPHABET.iter().position(|&a| char::from(a) == c).map(|p| p as u8),
            })
            .collect::<Option<_>>()
            .ok_or_else(malformed)?;
        if values.len() != DATA_CHARS + 1 {
            return Err(malformed());
        }
        if check_value(&values[..DATA_CHARS]) != values[DATA_CHARS] {
            return Err(AttestError::ShortCodeMistyped { typed: typed.trim().to_owned() });
        }
        Ok(Self(values.into_iter().map(|v| char::from(ALPHABET[usize::from(v)])).collect()))
    }

    /// The twelve characters without dashes, as stored and compared.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for ShortCode {
    /// "7KQ2-M9TX-4RCB", as printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}-{}", &self.0[..4], &self.0[4..8], &self.0[8..])
    }
}

/// Luhn mod N for N = 32: from the right, every second value doubled and its two base-32
/// digits added; the check value makes the total a multiple of 32.
fn check_value(values: &[u8]) -> u8 {
    let sum: u32 = values
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &v)| {
            let addend = u32::from(v) * if i % 2 == 0 { 2 } else { 1 };
            addend / 32 + addend % 32
        })
        .sum();
    ((32 - sum % 32) % 32) as u8
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::statement::tests::sample;

    #[test]
    fn a_short_code_reads_back_in_any_case_and_catches_one_wrong_character() {
        let code = ShortCode::of(&sample()).unwrap();
        let printed = code.to_string();
        assert_eq!(printed.len(), 14, "{printed}");
        assert_eq!(ShortCode::parse(&printed).unwrap(), code);
        assert_eq!(ShortCode::parse(&printed.to_lowercase().replace('-', " ")).unwrap(), code);
        let chars: Vec<char> = code.as_str().chars().collect();
        for i in 0..chars.len() {
            for wrong in ALPHABET.iter().map(|&b| char::from(b)).filter(|&w| w != chars[i]) {
                let mut typed = chars.clone();
                typed[i] = wrong;
                let typed: String = typed.into_iter().collect();
                assert!(matches!(ShortCode::parse(&typed), Err(AttestError::ShortCodeMistyped { .. })), "{typed}");
            }
        }
        assert!(matches!(ShortCode::parse("7KQ2-M9TX"), Err(AttestError::ShortCodeMalformed(_))));
        assert!(matches!(ShortCode::parse("7KQ2-M9TX-4RC!"), Err(AttestError::ShortCodeMalformed(_))));
        // Another statement, another code.
        let mut other = sample();
        other.revision = 3;
        assert_ne!(ShortCode::of(&other).unwrap(), code);
    }
}
