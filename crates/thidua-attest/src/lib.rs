//! The verification code printed on a document (`docs/VERIFICATION_CODE.md`).
//!
//! Promises: a [`Statement`] (who issued which document, when, for which period and revision,
//! and a digest of its content as stored) signed with the unit's Ed25519 key becomes a text of
//! QR alphanumeric characters ([`SignedStatement::to_code`]) that [`qr_matrix`] draws and
//! [`read_codes_in_image`] finds again in a scan or a photo (PNG or JPEG, rotated or slightly
//! blurred), and a [`ShortCode`] of twelve characters with a check character that a clerk types
//! when the QR cannot be read. Reading never panics: a truncated, altered or foreign code is an
//! [`AttestError`] that says in Vietnamese what to do. Whether the signature is good is
//! [`SignedStatement::verify`]'s answer for a given key; which key and whether it is revoked is
//! the caller's (the enrolled keys live in the store).

mod image;
mod pdf;
mod qr;
mod short_code;
mod statement;

pub use image::{GreyImage, read_image};
pub use pdf::{PageReading, PdfReading, PlacedText};
pub use qr::{QrMatrix, qr_matrix, read_codes_in_image};
pub use short_code::ShortCode;
pub use statement::{CODE_PREFIX, DocumentKind, SignedStatement, Statement, content_digest, key_id_bytes};

/// Why a code or an image could not be read. The messages are the clerk's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AttestError {
    #[error("Đây không phải mã kiểm tra văn bản của Thi đua (mã đó bắt đầu bằng «TD1:»).")]
    NotACode,
    #[error("Mã kiểm tra bị thiếu một phần (quét hoặc gõ chưa hết): hãy quét lại cả mã QR, hoặc gõ mã ngắn in dưới mã QR.")]
    Truncated,
    #[error("Mã kiểm tra có ký tự không hợp lệ «{0}»: hãy quét lại mã QR, hoặc gõ mã ngắn in dưới mã QR.")]
    BadCharacter(char),
    #[error("Mã kiểm tra theo phiên bản {0}, chương trình này chưa đọc được: hãy cập nhật Thi đua.")]
    UnknownVersion(u8),
    #[error("Mã kiểm tra không đọc được ({0}): hãy quét lại mã QR, hoặc gõ mã ngắn in dưới mã QR.")]
    Malformed(&'static str),
    #[error("Văn bản này có thông tin quá dài để in thành mã kiểm tra ({0}).")]
    TooLong(&'static str),
    #[error("Mã ngắn «{0}» không đúng dạng: mã ngắn có 12 ký tự, chia 3 nhóm 4 ký tự, ví dụ 7KQ2-M9TX-4RCB.")]
    ShortCodeMalformed(String),
    #[error(
        "Mã ngắn «{typed}» sai ở ký tự kiểm tra: có thể gõ nhầm một ký tự hoặc đảo hai ký tự cạnh nhau; hãy đối chiếu lại với bản giấy."
    )]
    ShortCodeMistyped { typed: String },
    #[error("Không đọc được tệp PDF ({0}): hãy chọn đúng tệp PDF của văn bản, hoặc chụp, quét bản giấy.")]
    Pdf(String),
    #[error("Không đọc được tệp ảnh: {0}")]
    Image(String),
    #[error(
        "Không tìm thấy mã QR của Thi đua trong ảnh: hãy chụp hoặc quét lại rõ hơn, đủ cả mã QR ở cuối văn bản, hoặc gõ mã ngắn in dưới mã QR."
    )]
    NoCodeInImage,
}
