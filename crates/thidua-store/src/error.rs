use std::path::{Path, PathBuf};

/// Why the store refused or failed. Every message is Vietnamese and says what to do.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("Chưa có dữ liệu tại {}: hãy chạy «thidua init» (hoặc mở ứng dụng để cài đặt) trước.", path.display())]
    NotInitialised { path: PathBuf },

    #[error("Thư mục dữ liệu {} không tồn tại: hãy tạo thư mục đó hoặc chọn thư mục khác bằng --data-dir.", path.display())]
    MissingDirectory { path: PathBuf },

    #[error("Tệp {} không phải là cơ sở dữ liệu: hãy chọn đúng tệp dữ liệu hoặc tệp sao lưu của Thi đua.", path.display())]
    NotADatabase { path: PathBuf },

    #[error("Tệp {} là cơ sở dữ liệu của một chương trình khác, không phải của Thi đua: hãy chọn đúng tệp.", path.display())]
    ForeignDatabase { path: PathBuf },

    #[error(
        "Dữ liệu được tạo bởi phiên bản Thi đua mới hơn (lược đồ {found}, phiên bản này chỉ đọc được đến {supported}): \
         hãy cài phiên bản mới nhất của chương trình. Dữ liệu không bị thay đổi."
    )]
    SchemaTooNew { found: i64, supported: i64 },

    #[error("Tệp {} bị hỏng ({detail}): hãy dùng một bản sao lưu khác.", path.display())]
    Corrupt { path: PathBuf, detail: String },

    #[error("Không ghi được vào {} (ổ đĩa chỉ đọc hoặc không có quyền ghi): hãy chọn thư mục dữ liệu khác hoặc cấp quyền ghi.", path.display())]
    ReadOnly { path: PathBuf },

    #[error("Không ghi được dữ liệu (ổ đĩa chỉ đọc, đầy, hoặc không có quyền ghi): {0}. Dữ liệu không bị thay đổi.")]
    WriteFailed(rusqlite::Error),

    #[error("{0}")]
    Invalid(#[from] thidua_model::InvalidValue),

    #[error("Không tìm thấy {what}.")]
    NotFound { what: String },

    #[error(
        "Ngày {} đứng trước ngày của văn bản số {last_number:02} ({}) trong sổ văn bản năm {}: số văn bản đi theo thứ tự ngày ban hành. \
         Hãy chọn ngày từ {} trở đi.",
        day.to_dmy(), last_day.to_dmy(), day.year(), last_day.to_dmy()
    )]
    RegisterOutOfOrder { day: thidua_model::IsoDate, last_number: i64, last_day: thidua_model::IsoDate },

    #[error(
        "Bảng tiêu chí {code} phiên bản {version} đã có với nội dung khác: một phiên bản đã dùng để chấm điểm không được sửa. \
         Hãy tăng số phiên bản (trường «version») rồi nhập lại."
    )]
    VersionTaken { code: String, version: i64 },

    #[error(
        "Dữ liệu đang được một chương trình khác ghi (cửa sổ Thi đua hoặc lệnh thidua đang chạy): \
         hãy đợi việc đó xong rồi làm lại. Dữ liệu không bị thay đổi."
    )]
    Busy,

    #[error(
        "Không ghi được bản sao lưu {} ({detail}): ổ đĩa có thể đã đầy hoặc không cho ghi. \
         Không có bản sao lưu dở dang nào được giữ lại và dữ liệu không bị thay đổi; hãy giải phóng chỗ trống hoặc chọn nơi khác rồi làm lại.",
        path.display()
    )]
    BackupFailed { path: PathBuf, detail: String },

    /// A write that breaks one of the schema's rules (a duplicate, a link to nothing): every
    /// entry checks its input first, so this is a gap in those checks, said in Vietnamese with
    /// SQLite's words kept for whoever fixes it.
    #[error(
        "Không ghi được vì dữ liệu trái với quy tắc của cơ sở dữ liệu (có mục bị trùng hoặc trỏ tới mục không có): dữ liệu không bị thay đổi. \
         Hãy báo cho người hỗ trợ kèm chi tiết: {0}."
    )]
    Constraint(rusqlite::Error),

    #[error("Lỗi cơ sở dữ liệu: {0}")]
    Sqlite(rusqlite::Error),

    #[error("Lỗi đọc ghi tệp {}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
}

impl From<rusqlite::Error> for StoreError {
    /// A lock held too long by the other program and a full disk are named as such wherever
    /// they happen; the rest is SQLite's own message.
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        match e.sqlite_error_code() {
            Some(C::DatabaseBusy | C::DatabaseLocked) => Self::Busy,
            Some(C::DiskFull | C::SystemIoFailure) => Self::WriteFailed(e),
            Some(C::ConstraintViolation) => Self::Constraint(e),
            _ => Self::Sqlite(e),
        }
    }
}

impl StoreError {
    pub(crate) fn from_open(e: rusqlite::Error, path: &Path) -> Self {
        use rusqlite::ErrorCode as C;
        match e.sqlite_error_code() {
            Some(C::ReadOnly | C::CannotOpen | C::PermissionDenied) => Self::ReadOnly { path: path.to_path_buf() },
            Some(C::NotADatabase) => Self::NotADatabase { path: path.to_path_buf() },
            Some(C::DatabaseCorrupt) => Self::Corrupt { path: path.to_path_buf(), detail: e.to_string() },
            _ => Self::Sqlite(e),
        }
    }

    pub(crate) fn from_write(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        match e.sqlite_error_code() {
            Some(C::ReadOnly | C::CannotOpen | C::PermissionDenied | C::DiskFull | C::SystemIoFailure) => Self::WriteFailed(e),
            _ => Self::from(e),
        }
    }

    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        Self::Io { path: path.to_path_buf(), source }
    }
}
