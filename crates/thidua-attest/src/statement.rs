//! The signed statement and its text form (`docs/VERIFICATION_CODE.md` is the specification;
//! keep the two in step).

use sha2::{Digest, Sha256};
use thidua_bundle::{KeyPair, PublicKey};
use thidua_model::IsoDate;

use crate::AttestError;

/// What starts every code: the program and the statement's version. Characters of the QR
/// alphanumeric set, so the whole code is encoded at 5.5 bits a character.
pub const CODE_PREFIX: &str = "TD1:";
const VERSION: u8 = 1;
/// Signed with the statement, so a signature made for anything else (a bundle) never passes.
const SIGNING_CONTEXT: &[u8] = b"thidua-attest-v1\0";
const CONTENT_CONTEXT: &[u8] = b"thidua-content-v1\0";
/// The longest unit code, number, movement code or period a statement carries, in bytes.
const MAX_TEXT: usize = 64;

/// The kinds of document that carry a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocumentKind {
    /// A unit's period report.
    Report,
    /// The consolidated report of an upper level.
    ConsolidatedReport,
    Plan,
    Decision,
    /// Tờ trình: a commendation proposal.
    Submission,
    /// Giấy khen, bằng khen.
    Certificate,
    Notice,
}

impl DocumentKind {
    const ALL: [DocumentKind; 7] =
        [Self::Report, Self::ConsolidatedReport, Self::Plan, Self::Decision, Self::Submission, Self::Certificate, Self::Notice];

    /// The byte that stands for the kind in a statement.
    pub fn code(self) -> u8 {
        match self {
            Self::Report => 1,
            Self::ConsolidatedReport => 2,
            Self::Plan => 3,
            Self::Decision => 4,
            Self::Submission => 5,
            Self::Certificate => 6,
            Self::Notice => 7,
        }
    }

    pub fn from_code(code: u8) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The kind's name as a sentence starts with it: "Báo cáo 6 tháng đầu năm 2022 …".
    pub fn name(self) -> &'static str {
        match self {
            Self::Report => "Báo cáo",
            Self::ConsolidatedReport => "Báo cáo tổng hợp",
            Self::Plan => "Kế hoạch",
            Self::Decision => "Quyết định khen thưởng",
            Self::Submission => "Tờ trình",
            Self::Certificate => "Giấy khen, bằng khen",
            Self::Notice => "Thông báo",
        }
    }
}

/// What a printed document says of itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// The issuing unit's code ("14797").
    pub unit: String,
    pub kind: DocumentKind,
    /// "05/BC-MTTQ", or empty where the document has no number yet.
    pub number: String,
    /// The date the document bears.
    pub date: IsoDate,
    /// The movement's code, or empty.
    pub movement: String,
    /// The period's code ("2022-H1"), or empty.
    pub period: String,
    /// The revision ("lần 2" is 2); 0 where documents have none.
    pub revision: u16,
    /// [`content_digest`] of the document's content as stored.
    pub digest: [u8; 16],
    /// The first 8 bytes of the SHA-256 of the signer's public key (a bundle's key id).
    pub key_id: [u8; 8],
}

/// A statement and its Ed25519 signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedStatement {
    pub statement: Statement,
    pub signature: [u8; 64],
}

/// The digest of a document's content: its figures and text as stored, named, in the order the
/// caller gives (the same order every time for the same kind). SHA-256 over the lengths and
/// bytes, cut to 128 bits: a forger who is not the signer would need a second content with the
/// same digest, about 2^128 tries.
pub fn content_digest<'a>(fields: impl IntoIterator<Item = (&'a str, &'a str)>) -> [u8; 16] {
    let mut hash = Sha256::new();
    hash.update(CONTENT_CONTEXT);
    for (name, value) in fields {
        for part in [name, value] {
            let part = thidua_text::nfc(part);
            hash.update((part.len() as u32).to_be_bytes());
            hash.update(part.as_bytes());
        }
    }
    hash.finalize()[..16].try_into().expect("16 bytes")
}

impl Statement {
    /// A document issued with a number for a year rather than a report's period and movement
    /// (a plan, a decision): no movement, no revision; the key id is set when it is signed.
    pub fn issued(unit: String, kind: DocumentKind, number: String, date: IsoDate, year: i32, digest: [u8; 16]) -> Self {
        Self { unit, kind, number, date, movement: String::new(), period: year.to_string(), revision: 0, digest, key_id: [0; 8] }
    }

    /// The statement's bytes, as signed (the layout is in `docs/VERIFICATION_CODE.md`).
    pub fn to_bytes(&self) -> Result<Vec<u8>, AttestError> {
        let mut out = vec![VERSION, self.kind.code()];
        for (text, what) in
            [(&self.unit, "mã đơn vị"), (&self.number, "số văn bản"), (&self.movement, "mã phong trào"), (&self.period, "mã kỳ")]
        {
            if text.len() > MAX_TEXT {
                return Err(AttestError::TooLong(what));
            }
            out.push(text.len() as u8);
            out.extend_from_slice(text.as_bytes());
        }
        let year = u16::try_from(self.date.year()).map_err(|_| AttestError::TooLong("năm"))?;
        out.extend_from_slice(&year.to_be_bytes());
        out.extend_from_slice(&[self.date.month(), self.date.day()]);
        out.extend_from_slice(&self.revision.to_be_bytes());
        out.extend_from_slice(&self.digest);
        out.extend_from_slice(&self.key_id);
        Ok(out)
    }

    /// Reads a statement from the front of `bytes`, returning it and what follows it.
    fn from_bytes(bytes: &[u8]) -> Result<(Self, &[u8]), AttestError> {
        let mut r = Reader(bytes);
        let version = r.byte()?;
        if version != VERSION {
            return Err(AttestError::UnknownVersion(version));
        }
        let kind = DocumentKind::from_code(r.byte()?).ok_or(AttestError::Malformed("loại văn bản lạ"))?;
        let unit = r.text()?;
        let number = r.text()?;
        let movement = r.text()?;
        let period = r.text()?;
        let year = u16::from_be_bytes(r.array()?);
        let [month, day] = r.array()?;
        let date = IsoDate::new(i32::from(year), month, day).ok_or(AttestError::Malformed("ngày không có thật"))?;
        let revision = u16::from_be_bytes(r.array()?);
        let digest = r.array()?;
        let key_id = r.array()?;
        if unit.is_empty() {
            return Err(AttestError::Malformed("không có mã đơn vị"));
        }
        Ok((Statement { unit, kind, number, date, movement, period, revision, digest, key_id }, r.0))
    }

    /// The statement signed with `key`. The key id written is the key's own.
    pub fn sign(mut self, key: &KeyPair) -> Result<SignedStatement, AttestError> {
        self.key_id = key_id_bytes(&key.public());
        let signature = key.sign(&signed_message(&self.to_bytes()?));
        Ok(SignedStatement { statement: self, signature })
    }
}

/// A key's id as the statement carries it: the bytes of [`PublicKey::key_id`].
pub fn key_id_bytes(key: &PublicKey) -> [u8; 8] {
    let mut id = [0u8; 8];
    for (i, b) in id.iter_mut().enumerate() {
        *b = u8::from_str_radix(&key.key_id()[2 * i..2 * i + 2], 16).expect("hex key id");
    }
    id
}

fn signed_message(statement: &[u8]) -> Vec<u8> {
    [SIGNING_CONTEXT, statement].concat()
}

impl SignedStatement {
    /// The text the QR code holds: [`CODE_PREFIX`] and the statement and signature in base32.
    pub fn to_code(&self) -> Result<String, AttestError> {
        let mut bytes = self.statement.to_bytes()?;
        bytes.extend_from_slice(&self.signature);
        Ok(format!("{CODE_PREFIX}{}", base32::encode(&bytes)))
    }

    /// The code and its short code without dashes: what a document keeps of itself when it is
    /// signed, the short code being how a clerk finds it again.
    pub fn code_and_short(&self) -> Result<(String, String), AttestError> {
        Ok((self.to_code()?, crate::ShortCode::of(&self.statement)?.as_str().to_owned()))
    }

    /// Reads a code as scanned or typed (spaces and line breaks ignored, either case).
    pub fn from_code(code: &str) -> Result<Self, AttestError> {
        let code: String = code.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
        let Some(body) = code.strip_prefix(CODE_PREFIX) else {
            // "TD" or "TD1" alone is a code cut short, not another kind of code.
            return Err(if !code.is_empty() && CODE_PREFIX.starts_with(&code) { AttestError::Truncated } else { AttestError::NotACode });
        };
        let bytes = base32::decode(body)?;
        let (statement, rest) = Statement::from_bytes(&bytes)?;
        let signature: [u8; 64] = match rest.len() {
            64 => rest.try_into().expect("64 bytes"),
            n if n < 64 => return Err(AttestError::Truncated),
            _ => return Err(AttestError::Malformed("thừa dữ liệu sau chữ ký")),
        };
        Ok(Self { statement, signature })
    }

    /// Whether `key` made the signature. The caller finds the key by
    /// `statement.key_id` among the enrolled ones and says whether it is revoked.
    pub fn verify(&self, key: &PublicKey) -> bool {
        key_id_bytes(key) == self.statement.key_id
            && self.statement.to_bytes().is_ok_and(|bytes| key.verify(&signed_message(&bytes), &self.signature))
    }

    /// The key id as [`PublicKey::key_id`] writes it (16 hex characters).
    pub fn key_id_hex(&self) -> String {
        self.statement.key_id.iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// Reads the fields of a statement in order; running out of bytes is a code cut short.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn array<const N: usize>(&mut self) -> Result<[u8; N], AttestError> {
        if self.0.len() < N {
            return Err(AttestError::Truncated);
        }
        let (head, rest) = self.0.split_at(N);
        self.0 = rest;
        Ok(head.try_into().expect("N bytes"))
    }

    fn byte(&mut self) -> Result<u8, AttestError> {
        Ok(self.array::<1>()?[0])
    }

    fn text(&mut self) -> Result<String, AttestError> {
        let len = usize::from(self.byte()?);
        if len > MAX_TEXT {
            return Err(AttestError::Malformed("một trường quá dài"));
        }
        if self.0.len() < len {
            return Err(AttestError::Truncated);
        }
        let (head, rest) = self.0.split_at(len);
        self.0 = rest;
        String::from_utf8(head.to_vec()).map_err(|_| AttestError::Malformed("chữ không đúng mã UTF-8"))
    }
}

/// RFC 4648 base32 without padding: upper-case letters and 2–7, all in the QR alphanumeric set.
mod base32 {
    use crate::AttestError;

    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    pub fn encode(bytes: &[u8]) -> String {
        let mut out = String::with_capacity(bytes.len() * 8 / 5 + 1);
        let (mut buffer, mut bits) = (0u32, 0u32);
        for &b in bytes {
            buffer = (buffer << 8) | u32::from(b);
            bits += 8;
            while bits >= 5 {
                bits -= 5;
                out.push(char::from(ALPHABET[((buffer >> bits) & 31) as usize]));
            }
        }
        if bits > 0 {
            out.push(char::from(ALPHABET[((buffer << (5 - bits)) & 31) as usize]));
        }
        out
    }

    pub fn decode(text: &str) -> Result<Vec<u8>, AttestError> {
        let mut out = Vec::with_capacity(text.len() * 5 / 8);
        let (mut buffer, mut bits) = (0u32, 0u32);
        for c in text.chars() {
            let value = ALPHABET.iter().position(|&a| char::from(a) == c).ok_or(AttestError::BadCharacter(c))?;
            buffer = ((buffer << 5) | value as u32) & 0xFFFF;
            bits += 5;
            if bits >= 8 {
                bits -= 8;
                out.push((buffer >> bits) as u8);
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn sample() -> Statement {
        Statement {
            unit: "14797".into(),
            kind: DocumentKind::Report,
            number: "05/BC-MTTQ".into(),
            date: IsoDate::parse("2022-06-20").unwrap(),
            movement: "DKST".into(),
            period: "2022-H1".into(),
            revision: 2,
            digest: content_digest([("1.1", "12"), ("nhan_xet", "Phường đã tổ chức tốt.")]),
            key_id: [0; 8],
        }
    }

    #[test]
    fn base32_round_trips_every_length() {
        for n in 0..40u8 {
            let bytes: Vec<u8> = (0..n).map(|i| i.wrapping_mul(37).wrapping_add(n)).collect();
            assert_eq!(base32::decode(&base32::encode(&bytes)).unwrap(), bytes, "{n} bytes");
        }
        assert_eq!(base32::encode(b"foobar"), "MZXW6YTBOI");
    }

    #[test]
    fn a_signed_statement_reads_back_and_verifies_with_its_key_only() {
        let key = KeyPair::generate().unwrap();
        let signed = sample().sign(&key).unwrap();
        let code = signed.to_code().unwrap();
        assert!(code.starts_with("TD1:"), "{code}");
        assert!(code.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b':'), "{code}");
        assert!(code.len() < 230, "{} characters: the QR grows past version 8", code.len());
        let back = SignedStatement::from_code(&code.to_lowercase()).unwrap();
        assert_eq!(back, signed);
        assert!(back.verify(&key.public()));
        assert_eq!(back.key_id_hex(), key.public().key_id());
        assert!(!back.verify(&KeyPair::generate().unwrap().public()));
        // What a document keeps: the same code, and the short code without its dashes; signing
        // again (a certificate reprinted) gives the same code.
        let (kept, short) = signed.code_and_short().unwrap();
        assert_eq!(kept, code);
        assert_eq!(short, crate::ShortCode::of(&signed.statement).unwrap().as_str());
        assert_eq!(sample().sign(&key).unwrap().to_code().unwrap(), code);
        // A figure changed after signing: the digest no longer matches what was signed.
        let mut altered = back.clone();
        altered.statement.revision = 3;
        assert!(!altered.verify(&key.public()));
    }

    #[test]
    fn a_cut_short_or_foreign_code_says_so() {
        let key = KeyPair::generate().unwrap();
        let code = sample().sign(&key).unwrap().to_code().unwrap();
        for cut in [4, 10, 60, code.len() - 20, code.len() - 1] {
            assert_eq!(SignedStatement::from_code(&code[..cut]), Err(AttestError::Truncated), "cut at {cut}");
        }
        assert_eq!(SignedStatement::from_code("TD1"), Err(AttestError::Truncated));
        assert_eq!(SignedStatement::from_code("https://example.com"), Err(AttestError::NotACode));
        assert_eq!(SignedStatement::from_code(""), Err(AttestError::NotACode));
        assert_eq!(SignedStatement::from_code("TD1:AB1C"), Err(AttestError::BadCharacter('1')));
        assert_eq!(SignedStatement::from_code(&format!("{code}AAAAAAAA")), Err(AttestError::Malformed("thừa dữ liệu sau chữ ký")));
        let mut v2 = base32::decode(&code[4..]).unwrap();
        v2[0] = 2;
        assert_eq!(SignedStatement::from_code(&format!("TD1:{}", base32::encode(&v2))), Err(AttestError::UnknownVersion(2)));
        // Every error reads as a Vietnamese sentence that says what to do.
        assert!(AttestError::Truncated.to_string().contains("mã ngắn"));
    }

    #[test]
    fn the_content_digest_depends_on_every_name_value_and_their_boundaries() {
        let a = content_digest([("1.1", "12"), ("1.2", "3")]);
        assert_ne!(a, content_digest([("1.1", "13"), ("1.2", "3")]));
        assert_ne!(a, content_digest([("1.1", "123"), ("1.2", "")]));
        assert_ne!(a, content_digest([("1.2", "3"), ("1.1", "12")]));
        // The same text typed decomposed (NFD) is the same content.
        assert_eq!(content_digest([("x", "Phường")]), content_digest([("x", "Phu\u{031b}o\u{031b}\u{0300}ng")]));
    }
}
