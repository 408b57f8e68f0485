//! Why a bundle file was not taken: a reason with its fields, for the window, the CLI and the
//! tests to act on, and the one place the sentence the clerk reads is written.

use serde::Serialize;
use thidua_bundle::BundleError;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum RefusalReason {
    /// The file could not be read from the disk.
    Unreadable { detail: String },
    /// The file is not a Thi đua bundle at all.
    NotABundle,
    /// A bundle, but damaged or cut short on the way.
    Damaged { detail: String },
    /// Past a safety limit (size, number of files, expansion).
    TooLarge { detail: String },
    /// A bundle this program did not write (unexpected files or fields).
    Unexpected { detail: String },
    /// Written by a newer version of the program.
    NewerFormat { format: u32 },
    /// The signature does not match the sender's enrolled key: changed after signing, or
    /// signed by someone else.
    BadSignature,
    /// A file inside was changed after signing.
    HashMismatch { file: String },
    /// The content does not read as its kind says.
    BadPayload { detail: String },
    /// Addressed to another unit.
    WrongRecipient { recipient: String, recipient_code: String, here: String },
    /// The sender's key is not enrolled here.
    KeyNotEnrolled { sender: String },
    /// Signed with a key revoked (or replaced by a new one) on `on`, dd/mm/yyyy.
    KeyRevoked { sender: String, on: String, replaced: bool },
    /// The sender does not send this kind of bundle to this unit.
    KindNotAllowed { sender: String, kind: String },
    /// Signed with a key the clerk must confirm again by its fingerprint (the upper level's key
    /// after a whole-installation copy was restored).
    KeyUnconfirmed { sender: String },
    /// A place in the sender's chain no bundle can have: 0, or far beyond the next (a bundle
    /// held for so many missing ones would block the sender for ever). `sequence` is text: it
    /// may not fit a number the window can hold.
    SequenceOutOfRange { sender: String, sequence: String, next: u32 },
    /// Its content cannot be applied here; the detail (from the store) says why.
    NotApplicable { detail: String },
    /// Not tried: the batch it was in was undone (a full disk); the detail says what failed.
    NotTried { detail: String },
    /// Something failed on this computer (the database, an unknown sender); the detail says what.
    Failed { detail: String },
}

impl RefusalReason {
    /// The sentence the clerk reads: what is wrong and what to do.
    pub fn message(&self) -> String {
        match self {
            Self::Unreadable { detail } => format!("Không đọc được tệp ({detail})."),
            Self::NotABundle => BundleError::NotABundle.to_string(),
            Self::Damaged { detail } => BundleError::Damaged(detail.clone()).to_string(),
            Self::TooLarge { detail } => BundleError::TooLarge(detail.clone()).to_string(),
            Self::Unexpected { detail } => BundleError::Unexpected(detail.clone()).to_string(),
            Self::NewerFormat { format } => BundleError::NewerFormat(*format).to_string(),
            Self::BadSignature => BundleError::BadSignature.to_string(),
            Self::HashMismatch { file } => BundleError::HashMismatch(file.clone()).to_string(),
            Self::BadPayload { detail } => BundleError::BadPayload(detail.clone()).to_string(),
            Self::WrongRecipient { recipient, recipient_code, here } => {
                format!(
                    "Gói này gửi cho {recipient} ({recipient_code}), không phải {here}: không nhập. Hãy chuyển tệp cho đúng đơn vị nhận."
                )
            }
            Self::KeyNotEnrolled { sender } => format!(
                "Khóa ký của {sender} chưa được ghi danh ở máy này: hãy nhập tệp định danh của đơn vị và xác nhận mã qua điện thoại, rồi nhập lại gói. {}",
                thidua_guide::see(thidua_guide::topics::ENROLMENT)
            ),
            Self::KeyRevoked { sender, on, replaced } => {
                let why = if *replaced { "đã được thay bằng khóa mới" } else { "đã bị thu hồi" };
                format!(
                    "Khóa ký của {sender} {why} ngày {on}: gói ký bằng khóa này không được nhập. Hãy xin đơn vị gửi lại gói ký bằng khóa hiện hành."
                )
            }
            Self::KeyUnconfirmed { sender } => format!(
                "Khóa ký của {sender} cần được xác nhận lại vì dữ liệu vừa được khôi phục từ bản sao toàn bộ: hãy gọi điện cho {sender}, \
                 nghe họ đọc mã xác nhận và nhập mã đó ở phần «Khóa và ghi danh» của «Trao đổi dữ liệu» (dòng lệnh: thidua key confirm --fingerprint …), rồi nhập lại gói. {}",
                thidua_guide::see(thidua_guide::topics::NEW_LAPTOP)
            ),
            Self::KindNotAllowed { sender, kind } => format!("{sender} không gửi loại gói «{kind}» cho đơn vị này."),
            Self::SequenceOutOfRange { sender, sequence, next } => format!(
                "Gói số {sequence} của {sender} không hợp lệ: gói tiếp theo của đơn vị là số {next}, và các gói được đánh số liên tiếp từ 1. Không nhập; hãy liên hệ đơn vị gửi."
            ),
            // The detail is the store's sentence, which may end with its own full stop.
            Self::NotApplicable { detail } => {
                format!("Gói không áp dụng được: {}. Không nhập gì; hãy liên hệ đơn vị gửi.", detail.trim_end_matches('.'))
            }
            Self::NotTried { detail } => format!("Chưa nhập tệp này: {detail} Hãy giải phóng chỗ trống trên ổ đĩa rồi nhập lại."),
            Self::Failed { detail } => detail.clone(),
        }
    }
}

impl From<BundleError> for RefusalReason {
    fn from(e: BundleError) -> Self {
        match e {
            BundleError::NotABundle => Self::NotABundle,
            BundleError::Damaged(detail) => Self::Damaged { detail },
            BundleError::TooLarge(detail) => Self::TooLarge { detail },
            BundleError::Unexpected(detail) => Self::Unexpected { detail },
            BundleError::NewerFormat(format) => Self::NewerFormat { format },
            BundleError::BadSignature => Self::BadSignature,
            BundleError::HashMismatch(file) => Self::HashMismatch { file },
            BundleError::BadPayload(detail) => Self::BadPayload { detail },
            // Keys and writing are the sender's side; met while reading they are a failure here.
            e @ (BundleError::Key(_) | BundleError::Write(_)) => Self::Failed { detail: e.to_string() },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RefusalReason::*;

    /// The catalogue's wording, one line per reason: a change of wording is made here on
    /// purpose, and a reason without its sentence fails.
    #[test]
    fn every_refusal_reads_as_the_clerk_should_read_it() {
        let s = |v: &str| v.to_owned();
        let table = [
            (Unreadable { detail: s("quyền truy cập") }, "Không đọc được tệp (quyền truy cập)."),
            (NotABundle, "Tệp không phải gói dữ liệu Thi đua (.thidua): hãy chọn đúng tệp nhận được."),
            (Damaged { detail: s("thiếu phần cuối") }, "Gói bị hỏng hoặc chép thiếu (thiếu phần cuối): hãy xin đơn vị gửi chép lại tệp."),
            (TooLarge { detail: s("tệp nặng 90 MB") }, "Gói vượt giới hạn an toàn (tệp nặng 90 MB): không nhập; hãy liên hệ đơn vị gửi."),
            (
                Unexpected { detail: s("tệp lạ x.exe") },
                "Gói không đúng quy cách (tệp lạ x.exe): không nhập; hãy xin đơn vị gửi lại tệp do chương trình Thi đua tạo.",
            ),
            (
                NewerFormat { format: 9 },
                "Gói do phiên bản Thi đua mới hơn tạo (định dạng 9, chương trình này đọc đến 1): hãy cập nhật chương trình rồi nhập lại.",
            ),
            (
                BadSignature,
                "Chữ ký của gói không đúng: nội dung đã bị sửa sau khi ký, hoặc gói không do đơn vị ghi trong gói ký. Không nhập; hãy xin đơn vị gửi lại.",
            ),
            (
                HashMismatch { file: s("payload.json") },
                "Tệp «payload.json» trong gói đã bị thay đổi sau khi ký (mã băm không khớp). Không nhập; hãy xin đơn vị gửi lại.",
            ),
            (BadPayload { detail: s("thiếu kỳ") }, "Nội dung gói không hợp lệ (thiếu kỳ). Không nhập; hãy xin đơn vị gửi lại."),
            (
                WrongRecipient { recipient: s("Phường Hạc Thành"), recipient_code: s("14797"), here: s("Phường Hàm Rồng") },
                "Gói này gửi cho Phường Hạc Thành (14797), không phải Phường Hàm Rồng: không nhập. Hãy chuyển tệp cho đúng đơn vị nhận.",
            ),
            (
                KeyNotEnrolled { sender: s("Phường Hạc Thành") },
                "Khóa ký của Phường Hạc Thành chưa được ghi danh ở máy này: hãy nhập tệp định danh của đơn vị và xác nhận mã qua điện thoại, rồi nhập lại gói. Xem Hướng dẫn sử dụng, mục 6 «Gửi báo cáo lên cấp trên».",
            ),
            (
                KeyRevoked { sender: s("Phường Hạc Thành"), on: s("02/12/2026"), replaced: false },
                "Khóa ký của Phường Hạc Thành đã bị thu hồi ngày 02/12/2026: gói ký bằng khóa này không được nhập. Hãy xin đơn vị gửi lại gói ký bằng khóa hiện hành.",
            ),
            (
                KeyRevoked { sender: s("Phường Hạc Thành"), on: s("02/12/2026"), replaced: true },
                "Khóa ký của Phường Hạc Thành đã được thay bằng khóa mới ngày 02/12/2026: gói ký bằng khóa này không được nhập. Hãy xin đơn vị gửi lại gói ký bằng khóa hiện hành.",
            ),
            (
                KindNotAllowed { sender: s("Tỉnh Thanh Hóa"), kind: s("báo cáo") },
                "Tỉnh Thanh Hóa không gửi loại gói «báo cáo» cho đơn vị này.",
            ),
            (
                SequenceOutOfRange { sender: s("Phường Hạc Thành"), sequence: s("9223372036854775807"), next: 4 },
                "Gói số 9223372036854775807 của Phường Hạc Thành không hợp lệ: gói tiếp theo của đơn vị là số 4, và các gói được đánh số liên tiếp từ 1. Không nhập; hãy liên hệ đơn vị gửi.",
            ),
            (
                KeyUnconfirmed { sender: s("Ủy ban MTTQ Việt Nam tỉnh Thanh Hóa") },
                "Khóa ký của Ủy ban MTTQ Việt Nam tỉnh Thanh Hóa cần được xác nhận lại vì dữ liệu vừa được khôi phục từ bản sao toàn bộ: hãy gọi điện cho Ủy ban MTTQ Việt Nam tỉnh Thanh Hóa, nghe họ đọc mã xác nhận và nhập mã đó ở phần «Khóa và ghi danh» của «Trao đổi dữ liệu» (dòng lệnh: thidua key confirm --fingerprint …), rồi nhập lại gói. Xem Hướng dẫn sử dụng, mục 12 «Sao lưu và chuyển sang máy mới».",
            ),
            (
                NotApplicable { detail: s("báo cáo đã được chấp nhận") },
                "Gói không áp dụng được: báo cáo đã được chấp nhận. Không nhập gì; hãy liên hệ đơn vị gửi.",
            ),
            (
                NotApplicable { detail: s("Dữ liệu không hợp lệ: hãy kiểm tra các trường bắt buộc.") },
                "Gói không áp dụng được: Dữ liệu không hợp lệ: hãy kiểm tra các trường bắt buộc. Không nhập gì; hãy liên hệ đơn vị gửi.",
            ),
            (NotTried { detail: s("Ổ đĩa đã đầy.") }, "Chưa nhập tệp này: Ổ đĩa đã đầy. Hãy giải phóng chỗ trống trên ổ đĩa rồi nhập lại."),
            (Failed { detail: s("Cơ sở dữ liệu bận.") }, "Cơ sở dữ liệu bận."),
        ];
        for (reason, expected) in table {
            assert_eq!(reason.message(), expected, "{reason:?}");
        }
    }
}
