//! What the store keeps about bundles: the keys it trusts, the bundles it wrote and received,
//! the import log, the lower units' audit trails, and register records as they arrive.

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, params, params_from_iter};
use serde::Serialize;
use serde_json::{Map, Value as Json};
use thidua_model::{BundleOutcome, PeriodCode, RecordId, RegisterKind};

use crate::{AuditEntry, Reader, Result, StoreError, Writer};

/// What storing a received register record did.
#[derive(Debug, Clone, PartialEq)]
pub enum RecordChange {
    /// The same or a newer version was already here.
    Unchanged,
    Inserted,
    /// A newer version replaced this row (every column, as it was).
    Replaced(Map<String, Json>),
}

/// One register record an applied bundle changed, kept to undo it: `before` is the whole row as
/// it was, or `None` if the bundle added the record.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct RecordEffect {
    pub register: String,
    pub id: String,
    pub before: Option<Map<String, Json>>,
}

/// Whose key a stored key is, seen from this installation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum KeyRole {
    /// This installation's own key.
    Own,
    /// A unit below, enrolled by the clerk.
    Child,
    /// The unit above.
    Parent,
}

impl KeyRole {
    pub fn code(self) -> &'static str {
        match self {
            KeyRole::Own => "own",
            KeyRole::Child => "child",
            KeyRole::Parent => "parent",
        }
    }

    fn from_code(code: &str) -> Self {
        match code {
            "own" => KeyRole::Own,
            "parent" => KeyRole::Parent,
            _ => KeyRole::Child,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredKey {
    pub key_id: String,
    pub unit_id: RecordId,
    pub role: KeyRole,
    pub public_key: String,
    pub fingerprint: String,
    pub enrolled_at: String,
    pub enrolled_by: String,
    pub revoked_at: Option<String>,
    pub revoked_reason: String,
    pub replaced_by: Option<String>,
    /// Set while the key must be confirmed again by its fingerprint (the upper level's key
    /// after a whole-installation copy was restored): bundles signed with it wait until then.
    pub unconfirmed_since: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SentBundle {
    pub bundle_id: String,
    pub recipient_unit_id: RecordId,
    pub sequence: i64,
    pub kind: String,
    pub period: Option<String>,
    pub file_name: String,
    pub audit_through: i64,
    pub created_at: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReceivedState {
    Applied,
    /// Waiting for a predecessor that has not arrived.
    Held,
    /// Another bundle with the same sequence was applied; the clerk decides.
    Conflict,
    /// The clerk chose the other bundle of a conflict.
    Discarded,
}

impl ReceivedState {
    /// What importing a bundle that ends in this state did.
    pub fn outcome(self) -> BundleOutcome {
        match self {
            ReceivedState::Applied => BundleOutcome::Applied,
            ReceivedState::Held => BundleOutcome::Held,
            ReceivedState::Conflict => BundleOutcome::Conflict,
            ReceivedState::Discarded => BundleOutcome::Discarded,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            ReceivedState::Applied => "applied",
            ReceivedState::Held => "held",
            ReceivedState::Conflict => "conflict",
            ReceivedState::Discarded => "discarded",
        }
    }

    fn from_code(code: &str) -> Self {
        match code {
            "held" => ReceivedState::Held,
            "conflict" => ReceivedState::Conflict,
            "discarded" => ReceivedState::Discarded,
            _ => ReceivedState::Applied,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReceivedBundle {
    pub bundle_id: String,
    pub sender_unit_id: RecordId,
    pub sender_key_id: String,
    pub sequence: i64,
    pub previous: Option<String>,
    pub kind: String,
    pub period: Option<String>,
    pub file_name: String,
    pub file_sha256: String,
    pub created_at: String,
    pub received_at: String,
    pub state: ReceivedState,
    pub state_note: String,
    pub applied_at: Option<String>,
    /// The file, while it waits (held or in conflict).
    #[serde(skip)]
    pub content: Option<Vec<u8>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportLogEntry {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub file_name: String,
    pub file_sha256: String,
    pub bundle_id: Option<String>,
    pub sender: String,
    pub outcome: BundleOutcome,
    pub message: String,
}

const KEY_SELECT: &str = "SELECT key_id, unit_id, role, public_key, fingerprint, enrolled_at, enrolled_by, revoked_at, revoked_reason, replaced_by, unconfirmed_since FROM keys";

fn key_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredKey> {
    Ok(StoredKey {
        key_id: r.get(0)?,
        unit_id: r.get(1)?,
        role: KeyRole::from_code(&r.get::<_, String>(2)?),
        public_key: r.get(3)?,
        fingerprint: r.get(4)?,
        enrolled_at: r.get(5)?,
        enrolled_by: r.get(6)?,
        revoked_at: r.get(7)?,
        revoked_reason: r.get(8)?,
        replaced_by: r.get(9)?,
        unconfirmed_since: r.get(10)?,
    })
}

/// The sender's current chain (see `chain_resets`), for a query whose `?1` is the sender.
const CURRENT_CHAIN: &str = "(SELECT count(*) FROM chain_resets WHERE sender_unit_id = ?1)";

const RECEIVED_SELECT: &str = "SELECT bundle_id, sender_unit_id, sender_key_id, sequence, previous, kind, period_code, file_name, file_sha256, created_at, received_at, state, state_note, applied_at, content FROM bundles_received";

fn received_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ReceivedBundle> {
    Ok(ReceivedBundle {
        bundle_id: r.get(0)?,
        sender_unit_id: r.get(1)?,
        sender_key_id: r.get(2)?,
        sequence: r.get(3)?,
        previous: r.get(4)?,
        kind: r.get(5)?,
        period: r.get(6)?,
        file_name: r.get(7)?,
        file_sha256: r.get(8)?,
        created_at: r.get(9)?,
        received_at: r.get(10)?,
        state: ReceivedState::from_code(&r.get::<_, String>(11)?),
        state_note: r.get(12)?,
        applied_at: r.get(13)?,
        content: r.get(14)?,
    })
}

impl Reader<'_> {
    /// Keys, newest first; `role` narrows to one role.
    pub fn keys(&self, role: Option<KeyRole>) -> Result<Vec<StoredKey>> {
        let mut stmt =
            self.conn.prepare_cached(&format!("{KEY_SELECT} WHERE ?1 IS NULL OR role = ?1 ORDER BY enrolled_at DESC, rowid DESC"))?;
        let rows = stmt.query_map([role.map(KeyRole::code)], key_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn key(&self, key_id: &str) -> Result<Option<StoredKey>> {
        Ok(self.one(&format!("{KEY_SELECT} WHERE key_id = ?1"), [key_id], key_from_row).optional()?)
    }

    /// The unrevoked key of a unit in a role.
    pub fn active_key(&self, unit: RecordId, role: KeyRole) -> Result<Option<StoredKey>> {
        Ok(self
            .conn
            .prepare_cached(&format!("{KEY_SELECT} WHERE unit_id = ?1 AND role = ?2 AND revoked_at IS NULL"))?
            .query_row(params![unit, role.code()], key_from_row)
            .optional()?)
    }

    /// The last bundle written to a recipient (the chain continues from it).
    pub fn last_sent(&self, recipient: RecordId) -> Result<Option<SentBundle>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT bundle_id, recipient_unit_id, sequence, kind, period_code, file_name, audit_through, created_at
                 FROM bundles_sent WHERE recipient_unit_id = ?1 ORDER BY sequence DESC LIMIT 1",
            )?
            .query_row([recipient], |r| {
                Ok(SentBundle {
                    bundle_id: r.get(0)?,
                    recipient_unit_id: r.get(1)?,
                    sequence: r.get(2)?,
                    kind: r.get(3)?,
                    period: r.get(4)?,
                    file_name: r.get(5)?,
                    audit_through: r.get(6)?,
                    created_at: r.get(7)?,
                })
            })
            .optional()?)
    }

    /// The last audit entry a report bundle carried up (0 if none).
    pub fn audit_sent_through(&self) -> Result<i64> {
        Ok(self.one("SELECT coalesce(max(audit_through), 0) FROM bundles_sent", [], |r| r.get(0))?)
    }

    /// This installation's own audit entries after `seq`, oldest first.
    pub fn audit_after(&self, seq: i64) -> Result<Vec<AuditEntry>> {
        let mut stmt = self.conn.prepare_cached(&format!("{} WHERE seq > ?1 ORDER BY seq", crate::AUDIT_SELECT))?;
        let rows = stmt.query_map([seq], crate::audit_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn received(&self, bundle_id: &str) -> Result<Option<ReceivedBundle>> {
        Ok(self.one(&format!("{RECEIVED_SELECT} WHERE bundle_id = ?1"), [bundle_id], received_from_row).optional()?)
    }

    /// A bundle received before in exactly these bytes.
    pub fn received_file(&self, file_sha256: &str) -> Result<Option<ReceivedBundle>> {
        Ok(self
            .conn
            .prepare_cached(&format!("{RECEIVED_SELECT} WHERE file_sha256 = ?1 LIMIT 1"))?
            .query_row([file_sha256], received_from_row)
            .optional()?)
    }

    /// The applied bundle with the highest sequence from a sender.
    pub fn last_applied(&self, sender: RecordId) -> Result<Option<ReceivedBundle>> {
        Ok(self
            .conn
            .prepare_cached(&format!("{RECEIVED_SELECT} WHERE sender_unit_id = ?1 AND state = 'applied' AND chain = {CURRENT_CHAIN} ORDER BY sequence DESC LIMIT 1"))?
            .query_row([sender],
                received_from_row,
            )
            .optional()?)
    }

    /// How many times the upper clerk has started `sender`'s chain again.
    pub fn chain_resets(&self, sender: RecordId) -> Result<u32> {
        Ok(self.conn.prepare_cached("SELECT count(*) FROM chain_resets WHERE sender_unit_id = ?1")?.query_row([sender], |r| r.get(0))?)
    }

    /// Whether a bundle of `sender` with this place in its current chain has been received, in any state.
    pub fn has_received_sequence(&self, sender: RecordId, sequence: i64) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT 1 FROM bundles_received WHERE sender_unit_id = ?1 AND sequence = ?2 AND chain = {CURRENT_CHAIN} LIMIT 1"
            ))?
            .exists(params![sender, sequence])?)
    }

    /// The applied bundles of `sender`'s current chain at place `sequence` or after it, newest
    /// first (those a conflict's chosen bundle replaces).
    pub fn applied_from(&self, sender: RecordId, sequence: i64) -> Result<Vec<ReceivedBundle>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{RECEIVED_SELECT} WHERE sender_unit_id = ?1 AND sequence >= ?2 AND state = 'applied' AND chain = {CURRENT_CHAIN} ORDER BY sequence DESC"
        ))?;
        let rows = stmt.query_map(params![sender, sequence], received_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Bundles in a state (held, conflict…), by sender and sequence; all states when `None`.
    pub fn received_bundles(&self, state: Option<ReceivedState>) -> Result<Vec<ReceivedBundle>> {
        // Two statements, so that asking for the few held ones after every import uses the index
        // instead of reading thousands of applied ones.
        const ORDER: &str = "ORDER BY sender_unit_id, sequence, received_at";
        let rows = match state {
            Some(state) => self
                .conn
                .prepare_cached(&format!("{RECEIVED_SELECT} WHERE state = ?1 {ORDER}"))?
                .query_map([state.code()], received_from_row)?
                .collect::<rusqlite::Result<_>>()?,
            None => self
                .conn
                .prepare_cached(&format!("{RECEIVED_SELECT} {ORDER}"))?
                .query_map([], received_from_row)?
                .collect::<rusqlite::Result<_>>()?,
        };
        Ok(rows)
    }

    /// The newest entries of the import log first.
    pub fn import_log(&self, limit: u32) -> Result<Vec<ImportLogEntry>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq, at, actor, file_name, file_sha256, bundle_id, sender, outcome, message FROM import_log ORDER BY seq DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit], |r| {
            Ok(ImportLogEntry {
                seq: r.get(0)?,
                at: r.get(1)?,
                actor: r.get(2)?,
                file_name: r.get(3)?,
                file_sha256: r.get(4)?,
                bundle_id: r.get(5)?,
                sender: r.get(6)?,
                // Only this program writes the log, with one of the codes; a row from a newer
                // version with a code this one does not know shows as not taken.
                outcome: BundleOutcome::from_code(&r.get::<_, String>(7)?).unwrap_or(BundleOutcome::Refused),
                message: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every record of a unit in a register, tombstones included, with all its columns: what
    /// a report bundle carries.
    pub fn records_with_tombstones(&self, kind: RegisterKind, unit: RecordId) -> Result<Vec<Map<String, Json>>> {
        let mut stmt =
            self.conn.prepare_cached(&format!("SELECT * FROM {} WHERE unit_id = ?1 ORDER BY created_at, rowid", kind.table()))?;
        let names: Vec<String> = stmt.column_names().map(str::to_owned).collect();
        let rows = stmt.query_map([unit], |r| {
            let mut m = Map::new();
            for (i, n) in names.iter().enumerate() {
                m.insert(n.clone(), crate::registers::from_sql(r.get_ref(i)?));
            }
            Ok(m)
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The roster the upper level sent, as received.
    pub fn roster(&self) -> Result<Vec<RosterLine>> {
        let mut stmt = self
            .conn
            .prepare("SELECT unit_code, level, unit_name, public_key, key_id, state, since FROM roster_entries ORDER BY unit_code")?;
        let rows = stmt.query_map([], |r| {
            Ok(RosterLine {
                unit_code: r.get(0)?,
                level: r.get(1)?,
                unit_name: r.get(2)?,
                public_key: r.get(3)?,
                key_id: r.get(4)?,
                state: r.get(5)?,
                since: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// A report revision as a lower unit's bundle carried it, or its Excel template.
pub struct ReceivedReport<'a> {
    pub set_id: RecordId,
    pub revision: i64,
    /// `Received` upstairs; a unit's own revision sent back to it is `Sent`, `Accepted` or
    /// `Returned` as the upper level decided.
    pub state: thidua_model::ReportState,
    pub state_reason: &'a str,
    pub narrative: &'a Map<String, Json>,
    pub sent_at: Option<&'a str>,
    pub bundle_id: Option<&'a str>,
    pub excel_import_id: Option<&'a str>,
    pub figures: &'a [crate::StoredFigure],
    pub unit_rows: &'a Json,
    pub answered_set_version: Option<i64>,
    pub unmapped_figures: &'a Json,
    /// The PDF the unit signed and sent with it.
    pub document: Option<&'a [u8]>,
    /// The verification code printed on that PDF and its short code (`docs/VERIFICATION_CODE.md`).
    pub verification: Option<(&'a str, &'a str)>,
}

/// One key of the roster the upper level sent down.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RosterLine {
    pub unit_code: String,
    pub level: String,
    pub unit_name: String,
    pub public_key: String,
    pub key_id: String,
    /// "active" or "revoked".
    pub state: String,
    pub since: String,
}

/// What writing a register row does with a row already held under its id.
enum Conflict {
    Skip,
    Replace,
}

impl Writer<'_> {
    pub fn insert_key(&mut self, key: &StoredKey) -> Result<()> {
        self
            .exec(
                "INSERT INTO keys (key_id, unit_id, role, public_key, fingerprint, enrolled_at, enrolled_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![key.key_id, key.unit_id, key.role.code(), key.public_key, key.fingerprint, self.now, self.actor],
            )
            .map_err(StoreError::from_write)?;
        self.audit(
            "key",
            &key.key_id,
            "insert",
            None,
            Some(&serde_json::json!({"unit": key.unit_id, "role": key.role, "fingerprint": key.fingerprint})),
            "",
        )
    }

    /// Asks for the active keys of `role` to be confirmed again by their fingerprints.
    pub fn require_confirmation(&mut self, role: KeyRole, reason: &str) -> Result<()> {
        let keys: Vec<String> = self.read().keys(Some(role))?.into_iter().filter(|k| k.revoked_at.is_none()).map(|k| k.key_id).collect();
        for key_id in keys {
            self.exec("UPDATE keys SET unconfirmed_since = ?2 WHERE key_id = ?1", params![key_id, self.now])
                .map_err(StoreError::from_write)?;
            self.audit("key", &key_id, "update", None, Some(&serde_json::json!({"unconfirmed_since": self.now})), reason)?;
        }
        Ok(())
    }

    /// Records that the clerk confirmed a key by its fingerprint.
    pub fn confirm_key(&mut self, key_id: &str) -> Result<()> {
        self.exec("UPDATE keys SET unconfirmed_since = NULL WHERE key_id = ?1", [key_id]).map_err(StoreError::from_write)?;
        self.audit("key", key_id, "update", None, Some(&serde_json::json!({"unconfirmed_since": null})), "xác nhận mã qua điện thoại")
    }

    /// Revokes a key, naming its successor after a rotation.
    pub fn revoke_key(&mut self, key_id: &str, reason: &str, replaced_by: Option<&str>) -> Result<()> {
        self.exec(
            "UPDATE keys SET revoked_at = ?2, revoked_reason = ?3, replaced_by = ?4 WHERE key_id = ?1 AND revoked_at IS NULL",
            params![key_id, self.now, reason, replaced_by],
        )
        .map_err(StoreError::from_write)?;
        self.audit("key", key_id, "retire", None, Some(&serde_json::json!({"replaced_by": replaced_by})), reason)
    }

    pub fn record_sent(&mut self, b: &SentBundle) -> Result<()> {
        self
            .exec(
                "INSERT INTO bundles_sent (bundle_id, recipient_unit_id, sequence, kind, period_code, file_name, audit_through, created_at, created_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![b.bundle_id, b.recipient_unit_id, b.sequence, b.kind, b.period, b.file_name, b.audit_through, self.now, self.actor],
            )
            .map_err(StoreError::from_write)?;
        Ok(())
    }

    /// Starts `sender`'s chain again: bundles received before no longer decide where the next
    /// one sits. Kept with its reason and in the audit trail.
    pub fn reset_chain(&mut self, sender: RecordId, reason: &str) -> Result<()> {
        let reason = thidua_text::clean(reason);
        if reason.is_empty() {
            return Err(
                thidua_model::InvalidValue("Cần ghi lý do đặt lại chuỗi gói (ví dụ: đơn vị khôi phục bản sao lưu cũ).".into()).into()
            );
        }
        let before = self.read().chain_resets(sender)?;
        self.exec(
            "INSERT INTO chain_resets (sender_unit_id, reset_at, actor, reason) VALUES (?1, ?2, ?3, ?4)",
            params![sender, self.now, self.actor, reason],
        )
        .map_err(StoreError::from_write)?;
        self.audit(
            "chain",
            &sender.to_string(),
            "update",
            Some(&serde_json::json!({ "chain": before })),
            Some(&serde_json::json!({ "chain": before + 1 })),
            &reason,
        )
    }

    /// Records a received bundle, or moves one already recorded to a new state.
    pub fn record_received(&mut self, b: &ReceivedBundle) -> Result<()> {
        self
            .exec(
                // A bundle joins the sender's current chain when it is received, and again when
                // a held one is applied later (after a reset, it continues the new chain).
                "INSERT INTO bundles_received (bundle_id, sender_unit_id, sender_key_id, sequence, previous, kind, period_code, file_name, file_sha256, created_at, received_at, state, state_note, applied_at, content, chain)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, (SELECT count(*) FROM chain_resets WHERE sender_unit_id = ?2))
                 ON CONFLICT (bundle_id) DO UPDATE SET state = ?12, state_note = ?13, applied_at = ?14, content = ?15,
                    chain = CASE WHEN ?12 = 'applied' THEN excluded.chain ELSE chain END",
                params![
                    b.bundle_id,
                    b.sender_unit_id,
                    b.sender_key_id,
                    b.sequence,
                    b.previous,
                    b.kind,
                    b.period,
                    b.file_name,
                    b.file_sha256,
                    b.created_at,
                    b.received_at,
                    b.state.code(),
                    b.state_note,
                    b.applied_at,
                    b.content
                ],
            )
            .map_err(StoreError::from_write)?;
        Ok(())
    }

    /// Notes an import attempt; the one write a refused import makes.
    pub fn log_import(
        &mut self,
        file_name: &str,
        file_sha256: &str,
        bundle_id: Option<&str>,
        sender: &str,
        outcome: BundleOutcome,
        message: &str,
    ) -> Result<()> {
        self
            .exec(
                "INSERT INTO import_log (at, actor, file_name, file_sha256, bundle_id, sender, outcome, message) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![self.now, self.actor, file_name, file_sha256, bundle_id, sender, outcome.code(), message],
            )
            .map_err(StoreError::from_write)?;
        Ok(())
    }

    /// Keeps a lower unit's audit entry; one already kept (same unit and sequence) is left as is.
    pub fn insert_received_audit(&mut self, sender: RecordId, bundle_id: &str, e: &AuditEntry) -> Result<()> {
        self
            .exec(
                "INSERT OR IGNORE INTO received_audit (sender_unit_id, seq, bundle_id, at, actor, entity, record_id, action, old_value, new_value, reason)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                params![
                    sender,
                    e.seq,
                    bundle_id,
                    e.at,
                    e.actor,
                    e.entity,
                    e.record_id,
                    e.action,
                    e.old_value.as_ref().map(Json::to_string),
                    e.new_value.as_ref().map(Json::to_string),
                    e.reason
                ],
            )
            .map_err(StoreError::from_write)?;
        Ok(())
    }

    /// Stores a register record as a lower unit sent it, keeping its id, version and dates.
    /// A newer version replaces an older one; an equal or older version changes nothing.
    /// Returns what changed, with the row as it was when one was replaced, so the bundle's
    /// effects can be undone. A record id that belongs to another unit is refused.
    pub fn upsert_received_record(&mut self, kind: RegisterKind, unit: RecordId, mut row: Map<String, Json>) -> Result<RecordChange> {
        let text = row.get("id").and_then(Json::as_str).ok_or_else(|| thidua_model::InvalidValue("bản ghi thiếu mã".into()))?;
        let id: RecordId = text.parse().map_err(|_| thidua_model::InvalidValue(format!("mã bản ghi «{text}» không hợp lệ")))?;
        let version = row.get("version").and_then(Json::as_i64).unwrap_or(1);
        let columns = self.read().all_register_columns(kind)?;
        if let Some(bad) = row.keys().find(|k| !columns.contains(k)) {
            return Err(thidua_model::InvalidValue(format!("sổ «{}» không có trường «{bad}»", kind.label())).into());
        }
        row.insert("unit_id".into(), Json::from(unit.to_string()));
        // The usual case, a record not held yet: one statement inserts it.
        if self.write_register_row(kind, &row, Conflict::Skip)? {
            return Ok(RecordChange::Inserted);
        }
        let (owner, have): (RecordId, i64) = self
            .tx
            .prepare_cached(&format!("SELECT unit_id, version FROM {} WHERE id = ?1", kind.table()))?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        if owner != unit {
            return Err(thidua_model::InvalidValue(format!("bản ghi {id} thuộc đơn vị khác")).into());
        }
        if have >= version {
            return Ok(RecordChange::Unchanged);
        }
        let before = self.read().register_row(kind, id)?;
        self.put_register_row(kind, &row)?;
        Ok(match before {
            Some(row) => RecordChange::Replaced(row),
            None => RecordChange::Inserted,
        })
    }

    /// Writes a register row whole (its columns already checked), inserting or replacing by id.
    fn put_register_row(&mut self, kind: RegisterKind, row: &Map<String, Json>) -> Result<()> {
        self.write_register_row(kind, row, Conflict::Replace).map(|_| ())
    }

    /// Inserts a register row whole (its columns already checked); a row already held under
    /// its id is replaced or left as it is. Whether a row was written.
    fn write_register_row(&mut self, kind: RegisterKind, row: &Map<String, Json>, conflict: Conflict) -> Result<bool> {
        let names: Vec<&str> = row.keys().map(String::as_str).collect();
        let values: Vec<Value> = row.values().map(crate::registers::to_sql).collect();
        let placeholders: Vec<String> = (1..=values.len()).map(|i| format!("?{i}")).collect();
        let on_conflict = match conflict {
            Conflict::Skip => "NOTHING".to_owned(),
            Conflict::Replace => {
                let updates: Vec<String> = names.iter().filter(|n| **n != "id").map(|n| format!("{n} = excluded.{n}")).collect();
                format!("UPDATE SET {}", updates.join(", "))
            }
        };
        let sql = format!(
            "INSERT INTO {} ({}) VALUES ({}) ON CONFLICT (id) DO {on_conflict}",
            kind.table(),
            names.join(", "),
            placeholders.join(", ")
        );
        let written = self.exec(&sql, params_from_iter(values)).map_err(crate::registers::map_constraint)?;
        Ok(written > 0)
    }

    /// Keeps what an applied bundle changed in the registers (see `undo_received_bundle`).
    pub fn set_bundle_effects(&mut self, bundle_id: &str, effects: &[RecordEffect]) -> Result<()> {
        let json = serde_json::to_string(effects).expect("effects serialise");
        self.exec("UPDATE bundles_received SET effects = ?2 WHERE bundle_id = ?1", params![bundle_id, json])
            .map_err(StoreError::from_write)?;
        Ok(())
    }

    /// Undoes what an applied bundle of `sender` did: the report revisions it brought are
    /// removed (refused if one was accepted: a decision was sent on it), the register records it
    /// added are removed and those it replaced are put back as they were, and the entries of the
    /// sender's audit trail it carried are dropped. Bundles are undone newest first, so each
    /// finds the rows as it left them. Returns the number of revisions and records undone.
    pub fn undo_received_bundle(&mut self, sender: RecordId, bundle_id: &str) -> Result<(usize, usize)> {
        let effects: Option<String> = self
            .tx
            .query_row(
                "SELECT effects FROM bundles_received WHERE bundle_id = ?1 AND sender_unit_id = ?2",
                params![bundle_id, sender],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        let effects: Vec<RecordEffect> = match effects {
            Some(text) => {
                serde_json::from_str(&text).map_err(|e| thidua_model::InvalidValue(format!("dấu vết của gói {bundle_id} hỏng: {e}")))?
            }
            None => Vec::new(),
        };
        let reports: Vec<(RecordId, String, i64, String)> = {
            let mut stmt =
                self.tx.prepare_cached("SELECT id, period_code, revision, state FROM reports WHERE bundle_id = ?1 AND unit_id = ?2")?;
            let rows = stmt.query_map(params![bundle_id, sender], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        if let Some((_, period, revision, _)) = reports.iter().find(|r| r.3 == "accepted") {
            return Err(thidua_model::InvalidValue(format!(
                "báo cáo kỳ {period} lần {revision} của gói này đã được chấp nhận nên không bỏ được"
            ))
            .into());
        }
        // A commendation the bundle added may point at an initiative it added: the references
        // are checked when the transaction ends, once both are gone.
        self.tx.pragma_update(None, "defer_foreign_keys", true)?;
        for (id, ..) in &reports {
            self.exec("DELETE FROM report_figures WHERE report_id = ?1", [id]).map_err(StoreError::from_write)?;
            self.exec("DELETE FROM reports WHERE id = ?1", [id]).map_err(StoreError::from_write)?;
        }
        for e in effects.iter().rev() {
            let kind = RegisterKind::from_code(&e.register)
                .ok_or_else(|| thidua_model::InvalidValue(format!("sổ «{}» không tồn tại", e.register)))?;
            match &e.before {
                Some(row) => self.put_register_row(kind, row)?,
                None => {
                    self.exec(&format!("DELETE FROM {} WHERE id = ?1 AND unit_id = ?2", kind.table()), params![e.id, sender])
                        .map_err(StoreError::from_write)?;
                }
            }
        }
        self.exec("DELETE FROM received_audit WHERE bundle_id = ?1 AND sender_unit_id = ?2", params![bundle_id, sender])
            .map_err(StoreError::from_write)?;
        self.exec("UPDATE bundles_received SET effects = NULL WHERE bundle_id = ?1", [bundle_id]).map_err(StoreError::from_write)?;
        Ok((reports.len(), effects.len()))
    }

    /// Stores a report revision as a lower unit sent it, in state `received`.
    pub fn insert_received_report(&mut self, unit: RecordId, period: PeriodCode, r: &ReceivedReport<'_>) -> Result<RecordId> {
        let id = RecordId::generate();
        self
            .exec(
                "INSERT INTO reports (id, unit_id, movement_code, period_code, indicator_set_id, revision, state, narrative, sent_at, created_at, created_by, updated_at, updated_by, bundle_id, unit_rows, answered_set_version, unmapped_figures, excel_import_id, document_pdf, state_reason, verification_code, short_code)
                 VALUES (?1, ?2, (SELECT code FROM indicator_sets WHERE id = ?4), ?3, ?4, ?5, ?16, ?6, ?7, ?8, ?9, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?17, ?18, ?19)",
                params![
                    id,
                    unit,
                    period.to_string(),
                    r.set_id,
                    r.revision,
                    Json::Object(r.narrative.clone()).to_string(),
                    r.sent_at,
                    self.now,
                    self.actor,
                    r.bundle_id,
                    r.unit_rows.to_string(),
                    r.answered_set_version,
                    r.unmapped_figures.to_string(),
                    r.excel_import_id,
                    r.document,
                    r.state.code(),
                    r.state_reason,
                    r.verification.map(|v| v.0),
                    r.verification.map(|v| v.1)
                ],
            )
            .map_err(StoreError::from_write)?;
        for f in r.figures {
            self.exec(
                "INSERT INTO report_figures (report_id, indicator_id, computed, value, override_reason) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![id, f.indicator_id, f.computed, f.value, f.override_reason],
            )
            .map_err(StoreError::from_write)?;
        }
        Ok(id)
    }

    /// Withdraws the revisions of a unit's report, from `from_revision` on, that came from an
    /// unsigned Excel template, when every one of them did: the unit's signed revision with that
    /// number supersedes them. Each is kept in the audit trail with its figures (and the Excel
    /// import itself stays in the import list). Returns the revisions withdrawn.
    pub fn withdraw_excel_revisions(&mut self, unit: RecordId, movement: &str, period: PeriodCode, from_revision: i64) -> Result<Vec<i64>> {
        let later: Vec<crate::StoredReport> =
            self.read().report_revisions(unit, movement, period)?.into_iter().filter(|r| r.revision >= from_revision).collect();
        if later.is_empty() || later.iter().any(|r| r.excel_import_id.is_none() || r.bundle_id.is_some()) {
            return Ok(Vec::new());
        }
        for r in &later {
            let figures: Vec<Json> = self
                .read()
                .report_figures(r.id)?
                .iter()
                .map(|f| serde_json::json!({"indicator_id": f.indicator_id.to_string(), "value": f.value}))
                .collect();
            self.exec("DELETE FROM report_figures WHERE report_id = ?1", [r.id]).map_err(StoreError::from_write)?;
            self.exec("DELETE FROM reports WHERE id = ?1", [r.id]).map_err(StoreError::from_write)?;
            self.audit(
                "report",
                &r.id.to_string(),
                "delete",
                Some(&serde_json::json!({
                    "period": period.to_string(), "revision": r.revision, "excel_import_id": r.excel_import_id, "figures": figures
                })),
                None,
                "thay bằng báo cáo có chữ ký của đơn vị",
            )?;
        }
        Ok(later.iter().map(|r| r.revision).collect())
    }

    /// Replaces the roster with the one just received.
    pub fn replace_roster(&mut self, rows: &[RosterLine], bundle_id: &str) -> Result<()> {
        self.exec("DELETE FROM roster_entries", []).map_err(StoreError::from_write)?;
        for RosterLine { unit_code: code, level, unit_name: name, public_key, key_id, state, since } in rows {
            self
                .exec(
                    "INSERT OR REPLACE INTO roster_entries (unit_code, level, unit_name, public_key, key_id, state, since, bundle_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    params![code, level, thidua_text::nfc(name), public_key, key_id, state, since, bundle_id],
                )
                .map_err(StoreError::from_write)?;
        }
        Ok(())
    }
}
