use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::RecordId;

/// A level of the hierarchy (trung ương, tỉnh, huyện, xã, khu dân cư). Levels are rows of data,
/// never an enum, because the reorganisation of 2025 removed one and another may follow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Level {
    /// Stable code: "tinh", "huyen", "xa"…
    pub code: String,
    /// Vietnamese name: "Cấp tỉnh".
    pub name: String,
    /// 1 for the top; a child's rank is greater than its parent's.
    pub rank: i32,
}

/// One administrative unit of the statistics office's list, as this installation knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Unit {
    pub id: RecordId,
    /// GSO code, text with its leading zeros ("00004", "38").
    pub code: String,
    /// Full name as the list writes it ("Phường Ba Đình"), NFC, spaces collapsed.
    pub name: String,
    /// The level's code ("xa").
    pub level: String,
    /// The kind the list gives ("Phường", "Xã", "Thành phố"…); may be empty.
    pub kind: String,
    pub parent_id: Option<RecordId>,
    /// Name of the parent unit, for display.
    pub parent_name: Option<String>,
    /// True once a newer list no longer has this unit; its records stay.
    pub retired: bool,
}

/// What heads and signs every document this installation issues (Decree 30 header block and
/// signature block).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DocumentHeader {
    /// Tên cơ quan chủ quản, one line per element: "ỦY BAN MTTQ VIỆT NAM", "THÀNH PHỐ THANH HÓA".
    pub parent_body: Vec<String>,
    /// Tên cơ quan ban hành: "BAN THƯỜNG TRỰC".
    pub issuing_body: String,
    /// Body and unit part of document symbols: "MTTQ-BTT" in "05/KH-MTTQ-BTT".
    pub symbol: String,
    /// Place in the date line: "Thanh Hóa".
    pub place: String,
    /// "TM. BAN THƯỜNG TRỰC".
    pub signer_authority: String,
    /// "PHÓ CHỦ TỊCH".
    pub signer_title: String,
    /// The signer's name, normal case.
    pub signer_name: String,
}

/// Who this installation is: its own unit, its parent, and what goes in the document header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Installation {
    pub unit: Unit,
    pub parent: Option<Unit>,
    pub header: DocumentHeader,
    /// The clerk who uses this laptop; recorded as the author of every change.
    pub clerk_name: String,
}
