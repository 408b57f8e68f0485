//! A record as lists and forms show it, the queries that list records, and the lists the
//! workspace keeps computed between calls.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use thidua_model::{RecordId, RegisterKind};
use thidua_store::RegisterRecord;
use ts_rs::TS;

/// One record as lists and forms show it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct RecordRow {
    pub id: RecordId,
    pub kind: RegisterKind,
    pub version: i32,
    pub updated_at: String,
    pub updated_by: String,
    /// The record's own fields: text, numbers (amounts, counts) and ISO dates.
    #[ts(type = "Record<string, string | number | null>")]
    pub fields: Map<String, Value>,
}

/// The fields of a record as a form or a script gives them: field name → what was typed.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(transparent)]
#[ts(type = "Record<string, string | number | null>")]
pub struct RecordFields(pub Map<String, Value>);

/// Which records to list, in what order, and which slice of them.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct RecordQuery {
    pub kind: RegisterKind,
    /// "2022-H1" or "2022": records whose date falls in the period.
    pub period: Option<String>,
    /// What the clerk typed; matched against every text field, diacritics folded.
    pub search: Option<String>,
    /// Field → required value (status, kind, member organisation…).
    #[serde(default)]
    pub filters: BTreeMap<String, String>,
    /// Field to sort by; default the register's title, in Vietnamese order.
    pub sort: Option<String>,
    #[serde(default)]
    pub descending: bool,
    #[serde(default)]
    pub offset: u32,
    pub limit: Option<u32>,
}

impl RecordQuery {
    /// Every live record of a register, in its default order; set the other fields to narrow it.
    pub fn all(kind: RegisterKind) -> Self {
        Self { kind, period: None, search: None, filters: BTreeMap::new(), sort: None, descending: false, offset: 0, limit: None }
    }
}

/// A slice of a filtered, sorted list, and how many records the whole list has.
#[derive(Debug, Clone, Serialize, TS)]
pub struct RecordPage {
    pub total: u32,
    pub rows: Vec<RecordRow>,
}

/// What a change in the audit trail did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ChangeAction {
    Insert,
    Update,
    Delete,
    /// Taken out of use but kept (a unit no longer on the list, a replaced key).
    Retire,
}

impl ChangeAction {
    /// In words, for the CLI (the window has its own, in its message catalogue).
    pub fn label(self) -> &'static str {
        match self {
            Self::Insert => "Tạo mới",
            Self::Update => "Sửa",
            Self::Delete => "Xóa",
            Self::Retire => "Ngừng dùng",
        }
    }

    /// The action of an audit entry, from the code the store keeps.
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "insert" => Some(Self::Insert),
            "update" => Some(Self::Update),
            "delete" => Some(Self::Delete),
            "retire" => Some(Self::Retire),
            _ => None,
        }
    }
}

/// One change in a record's history.
#[derive(Debug, Clone, Serialize, TS)]
pub struct HistoryEntry {
    pub at: String,
    pub actor: String,
    pub action: ChangeAction,
    pub reason: String,
    pub changes: Vec<FieldChange>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct FieldChange {
    pub field: String,
    pub label: String,
    #[ts(type = "string | number | null")]
    pub old: Value,
    #[ts(type = "string | number | null")]
    pub new: Value,
}

impl From<RegisterRecord> for RecordRow {
    fn from(r: RegisterRecord) -> Self {
        Self { id: r.id, kind: r.kind, version: r.version as i32, updated_at: r.updated_at, updated_by: r.updated_by, fields: r.fields }
    }
}

impl RecordRow {
    /// A row of the list cache's table as it crosses to the window, with its field map.
    pub(crate) fn from_table(kind: RegisterKind, table: &thidua_store::RecordTable, row: &thidua_store::TableRow) -> Self {
        Self {
            id: row.id,
            kind,
            version: row.version as i32,
            updated_at: row.updated_at.to_string(),
            updated_by: row.updated_by.to_string(),
            fields: table.fields(row),
        }
    }
}

/// A register's live records as the list cache keeps them: one shared column order and a
/// row of values per record (see `thidua_store::RecordTable`).
pub(crate) type SharedTable = Arc<thidua_store::RecordTable>;

/// A filtered, sorted list: positions of rows in the register's table it was computed from, so
/// a list of 50,000 records costs 4 bytes a record, not a copy.
pub(crate) struct ListedRows {
    pub(crate) table: SharedTable,
    pub(crate) positions: Vec<u32>,
}

pub(crate) type SharedList = Arc<ListedRows>;

/// The last few lists computed, keyed by the query (without its slice) and the store's change
/// stamp, so a change of data or of query computes afresh and a scroll does not. A register's
/// rows are read from the store once per data change and shared by every cached list of it.
#[derive(Default)]
pub struct ListCache {
    lists: std::cell::RefCell<Vec<CachedList>>,
    registers: std::cell::RefCell<Vec<CachedRegister>>,
}

struct CachedList {
    key: String,
    stamp: (u64, i64),
    rows: SharedList,
}

/// Every live record of one register of this unit, as read at `stamp`.
struct CachedRegister {
    kind: RegisterKind,
    stamp: (u64, i64),
    table: SharedTable,
}

const CACHED_LISTS: usize = 8;

impl ListCache {
    /// The list computed for `key` at `stamp`, if it is still kept.
    pub(crate) fn list(&self, key: &str, stamp: (u64, i64)) -> Option<SharedList> {
        self.lists.borrow().iter().find(|c| c.key == key && c.stamp == stamp).map(|c| c.rows.clone())
    }

    /// Keeps a list computed at `stamp`, dropping lists of older data and the oldest beyond
    /// the few kept.
    pub(crate) fn keep_list(&self, key: String, stamp: (u64, i64), rows: SharedList) {
        let mut lists = self.lists.borrow_mut();
        lists.retain(|c| c.key != key && c.stamp == stamp);
        lists.insert(0, CachedList { key, stamp, rows });
        lists.truncate(CACHED_LISTS);
    }

    /// A register's rows read at `stamp`, if they are still kept.
    pub(crate) fn register(&self, kind: RegisterKind, stamp: (u64, i64)) -> Option<SharedTable> {
        self.registers.borrow().iter().find(|c| c.kind == kind && c.stamp == stamp).map(|c| c.table.clone())
    }

    /// Keeps a register's rows read at `stamp`, dropping those of older data.
    pub(crate) fn keep_register(&self, kind: RegisterKind, stamp: (u64, i64), table: SharedTable) {
        let mut registers = self.registers.borrow_mut();
        registers.retain(|c| c.kind != kind && c.stamp == stamp);
        registers.push(CachedRegister { kind, stamp, table });
    }
}
