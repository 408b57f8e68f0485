use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The six registers a ward keeps (DOMAIN.md, "What is recorded").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RegisterKind {
    /// Sáng kiến, ý tưởng mới.
    Initiative,
    /// Mô hình "Đoàn kết sáng tạo".
    Model,
    /// Tuyên truyền; hội nghị, hội thảo, tọa đàm; giám sát; phản biện xã hội.
    Activity,
    /// Kết nối sản phẩm OCOP.
    OcopLink,
    /// Vận động nguồn lực.
    Resource,
    /// Biểu dương, khen thưởng.
    Commendation,
}

impl RegisterKind {
    pub const ALL: [RegisterKind; 6] = [Self::Initiative, Self::Model, Self::Activity, Self::OcopLink, Self::Resource, Self::Commendation];

    /// The table that holds this register.
    pub fn table(self) -> &'static str {
        match self {
            Self::Initiative => "initiatives",
            Self::Model => "models",
            Self::Activity => "activities",
            Self::OcopLink => "ocop_links",
            Self::Resource => "resources",
            Self::Commendation => "commendations",
        }
    }

    /// The CLI and IPC name: "initiative", "ocop_link"…
    pub fn code(self) -> &'static str {
        match self {
            Self::Initiative => "initiative",
            Self::Model => "model",
            Self::Activity => "activity",
            Self::OcopLink => "ocop_link",
            Self::Resource => "resource",
            Self::Commendation => "commendation",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The register's name as the clerk knows it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Initiative => "Sáng kiến, ý tưởng mới",
            Self::Model => "Mô hình “Đoàn kết sáng tạo”",
            Self::Activity => "Hoạt động tuyên truyền, hội nghị, giám sát",
            Self::OcopLink => "Kết nối sản phẩm OCOP",
            Self::Resource => "Vận động nguồn lực",
            Self::Commendation => "Biểu dương, khen thưởng",
        }
    }
}

/// Where a report is in its life (DOMAIN.md): draft → sent → received → accepted, or returned
/// with a reason, then corrected as a new revision and sent again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReportState {
    Draft,
    Sent,
    Received,
    Accepted,
    Returned,
}

impl ReportState {
    pub fn code(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Sent => "sent",
            Self::Received => "received",
            Self::Accepted => "accepted",
            Self::Returned => "returned",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Draft => "Bản nháp",
            Self::Sent => "Đã gửi",
            Self::Received => "Đã nhận",
            Self::Accepted => "Đã chấp nhận",
            Self::Returned => "Bị trả lại",
        }
    }

    /// Whether the report's content may still be edited in place; a sent report changes only
    /// through a new revision.
    pub fn is_editable(self) -> bool {
        matches!(self, Self::Draft)
    }
}
