//! Bundles out and in: the report going up, plans, rosters and decisions coming down.
//!
//! Import order, for every file: archive and manifest checks, the recipient, the sender's
//! enrolled and unrevoked key, the signature and every file's hash, then the payload parsed
//! with limits, then the sender's chain (duplicate, replay, conflict, gap), and only then one
//! transaction that applies it. A refused file leaves only a line in the import log.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;
use serde_json::{Map, Value};
use thidua_bundle::payload::{
    self, AuditPayload, DecisionPayload, FigurePayload, IndicatorPayload, IndicatorSetPayload, KeyChangePayload, PeriodPayload,
    PlanPayload, RecordPayload, ReportPayload, RosterEntry, RosterPayload,
};
use thidua_bundle::{BundleError, Envelope, IndicatorSetRef, KeyPair, Kind, Party, PublicKey, Sealed, Verified};
use thidua_model::{IsoDate, PeriodCode, RecordId, RegisterKind, ReportState, Unit};
use thidua_store::{AuditEntry, KeyRole, ReceivedBundle, ReceivedState, SentBundle, StoreError, StoredFigure, Writer};
use ts_rs::TS;

use crate::keys::{day_and_time, stored_key};
use crate::{ApiError, Workspace};

/// A bundle written to a file.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ExportedBundle {
    pub file: String,
    pub bundle_id: String,
    pub kind: String,
    pub recipient: String,
    pub sequence: u32,
    pub bytes: u32,
}

/// What happened (or, in a dry run, would happen) to one file.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ImportOutcome {
    pub file_name: String,
    /// "applied", "duplicate", "held", "conflict" or "refused".
    pub outcome: String,
    pub message: String,
    pub dry_run: bool,
    pub bundle_id: Option<String>,
    pub sender: String,
    pub kind: String,
    pub sequence: Option<u32>,
    /// What the bundle changes, one line each ("Sáng kiến: 3 mới, 1 sửa").
    pub changes: Vec<String>,
}

impl ImportOutcome {
    /// Whether the file is in (applied now or before); `bundle import` exits 0 only if all are.
    pub fn is_ok(&self) -> bool {
        matches!(self.outcome.as_str(), "applied" | "duplicate")
    }
}

/// A bundle waiting for the clerk: held for a missing predecessor, or in conflict with one
/// already applied (shown side by side).
#[derive(Debug, Clone, Serialize, TS)]
pub struct WaitingBundle {
    pub bundle_id: String,
    pub state: String,
    pub note: String,
    pub sender: String,
    pub kind: String,
    pub sequence: u32,
    pub file_name: String,
    pub received_at: String,
    /// This bundle's content, one line each.
    pub summary: Vec<String>,
    /// For a conflict: the applied bundle with the same sequence, and its content.
    pub applied_bundle_id: Option<String>,
    pub applied_summary: Vec<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ImportLogView {
    pub at: String,
    pub actor: String,
    pub file_name: String,
    pub file_sha256: String,
    pub sender: String,
    pub outcome: String,
    pub message: String,
}

/// The most files one import takes (a province's communes, and then some).
const MAX_FILES: usize = 10_000;
/// At most this many bundles are committed together (see `Store::begin_batch`).
const BATCH: usize = 100;

fn party(u: &Unit) -> Party {
    Party { unit_code: u.code.clone(), level: u.level.clone(), unit_name: u.name.clone() }
}

fn refused(e: BundleError) -> ApiError {
    ApiError::refused(e.to_string())
}

/// A payload's text, NFC: bundles may come from machines that paste NFD.
fn nfc_value(v: &Value) -> Value {
    match v {
        Value::String(s) => Value::String(thidua_text::nfc(s)),
        Value::Array(a) => Value::Array(a.iter().map(nfc_value).collect()),
        Value::Object(o) => Value::Object(o.iter().map(|(k, x)| (thidua_text::nfc(k), nfc_value(x))).collect()),
        other => other.clone(),
    }
}

impl Workspace {
    /// Seals a bundle for `recipient` as the next of this installation's chain to it, writes it
    /// to `dest` and records it as sent.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn write_bundle(
        &mut self,
        key: &KeyPair,
        kind: Kind,
        recipient: &Unit,
        period: Option<(PeriodCode, IndicatorSetRef)>,
        payload: &[u8],
        document: Option<&[u8]>,
        dest: &Path,
        audit_through: i64,
    ) -> Result<ExportedBundle, ApiError> {
        let installation = self.installation()?;
        let last = self.store.read().last_sent(recipient.id)?;
        let sequence = last.as_ref().map_or(1, |b| b.sequence + 1);
        let (period_code, set) = match period {
            Some((p, s)) => (Some(p.to_string()), Some(s)),
            None => (None, None),
        };
        let envelope = Envelope {
            kind,
            sender: party(&installation.unit),
            recipient: party(recipient),
            period: period_code.clone(),
            indicator_set: set,
            sequence: sequence as u64,
            previous: last.map(|b| b.bundle_id),
            created_at: self.store.now(),
        };
        let sealed = thidua_bundle::seal(envelope, payload, document, key).map_err(refused)?;
        crate::plans::write_atomically(dest, &sealed.bytes)?;
        let sent = SentBundle {
            bundle_id: sealed.bundle_id.clone(),
            recipient_unit_id: recipient.id,
            sequence,
            kind: kind_code(kind).into(),
            period: period_code,
            file_name: dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            audit_through,
            created_at: String::new(),
        };
        let actor = self.actor()?;
        if let Err(e) = self.store.write(&actor, |w| w.record_sent(&sent)) {
            // Not recorded, so not sent: a file left behind would reuse this sequence later.
            let _ = std::fs::remove_file(dest);
            return Err(e.into());
        }
        Ok(ExportedBundle {
            file: dest.display().to_string(),
            bundle_id: sealed.bundle_id,
            kind: kind.label().into(),
            recipient: recipient.name.clone(),
            sequence: sequence as u32,
            bytes: sealed.bytes.len() as u32,
        })
    }

    fn parent_unit(&self) -> Result<Unit, ApiError> {
        self.installation()?.parent.ok_or_else(|| {
            ApiError::refused("Chưa cài đặt đơn vị cấp trên: hãy chọn đơn vị cấp trên trong phần Cài đặt trước khi gửi báo cáo.")
        })
    }

    /// A unit directly below this installation, by code.
    pub(crate) fn child_unit(&self, code: &str) -> Result<Unit, ApiError> {
        let me = self.installation()?.unit;
        let r = self.store.read();
        let unit = r.units(&thidua_store::UnitFilter::default())?.into_iter().find(|u| u.code == code && u.parent_id == Some(me.id));
        unit.ok_or_else(|| ApiError::refused(format!("Không có đơn vị mã {code} trực thuộc {}.", me.name)))
    }

    /// Writes this unit's report for `period` as a bundle for the upper level, with the register
    /// records of the period (deletions included), the audit entries since the last report
    /// bundle and the PDF. A draft is sent first: exporting is sending.
    pub fn export_report_bundle(&mut self, period: &str, dest: &Path) -> Result<ExportedBundle, ApiError> {
        let code = PeriodCode::parse(period)?;
        let parent = self.parent_unit()?;
        if self.report(period)?.editable {
            self.send_report(period)?;
        }
        let view = self.report(period)?;
        let unit = self.installation()?.unit;
        let set = self
            .store
            .read()
            .latest_indicator_set(thidua_store::DEFAULT_SET_CODE)?
            .ok_or_else(|| ApiError::refused("Chưa có bộ chỉ tiêu."))?;
        let r = self.store.read();
        let mut records = Vec::new();
        let (from, to) = (code.starts().to_string(), code.ends().to_string());
        for kind in RegisterKind::ALL {
            for mut row in r.records_with_tombstones(kind, unit.id)? {
                let date = row.get(kind.date_field()).and_then(Value::as_str).unwrap_or("").to_owned();
                if date.as_str() < from.as_str() || date.as_str() > to.as_str() {
                    continue;
                }
                let take = |row: &mut Map<String, Value>, k: &str| row.remove(k).and_then(|v| v.as_str().map(str::to_owned));
                let id = take(&mut row, "id").unwrap_or_default();
                row.remove("unit_id");
                records.push(RecordPayload {
                    register: kind.code().into(),
                    id,
                    version: row.remove("version").and_then(|v| v.as_i64()).unwrap_or(1),
                    created_at: take(&mut row, "created_at").unwrap_or_default(),
                    created_by: take(&mut row, "created_by").unwrap_or_default(),
                    updated_at: take(&mut row, "updated_at").unwrap_or_default(),
                    updated_by: take(&mut row, "updated_by").unwrap_or_default(),
                    deleted_at: take(&mut row, "deleted_at"),
                    fields: row,
                });
            }
        }
        let through = r.audit_sent_through()?;
        // The trail of what the report rests on: register records and the report itself, not
        // the unit list or settings.
        let carried = |entity: &str| RegisterKind::from_code(entity).is_some() || entity == "report" || entity == "report_figure";
        let all_after = r.audit_after(through)?;
        let last_seq = all_after.last().map_or(through, |e| e.seq);
        let audit: Vec<AuditPayload> = all_after
            .into_iter()
            .filter(|e| carried(&e.entity))
            .map(|e| AuditPayload {
                seq: e.seq,
                at: e.at,
                actor: e.actor,
                entity: e.entity,
                record_id: e.record_id,
                action: e.action,
                old_value: e.old_value,
                new_value: e.new_value,
                reason: e.reason,
            })
            .collect();
        let audit_through = last_seq;
        let payload = ReportPayload {
            period: code.to_string(),
            revision: view.revision as i64,
            sent_at: view.sent_at.clone(),
            narrative: view.narrative.iter().map(|s| (s.key.clone(), s.text.clone())).collect(),
            figures: view
                .figures
                .iter()
                .map(|f| FigurePayload {
                    indicator_code: f.code.clone(),
                    computed: f.computed,
                    value: f.value,
                    override_reason: f.override_reason.clone(),
                })
                .collect(),
            records,
            audit,
            units: self
                .unit_reports(code)?
                .into_iter()
                .map(|u| payload::UnitRowPayload {
                    unit_code: u.unit.code,
                    unit_name: u.unit.name,
                    revision: u.latest.map_or(0, |l| l.revision),
                    figures: u.figures.into_iter().collect(),
                })
                .collect(),
        };
        let payload = serde_json::to_vec(&payload).expect("serialisable");
        let pdf = self.report_pdf_bytes(period)?;
        let key = self.own_key()?;
        let set_ref = IndicatorSetRef { code: set.code.clone(), version: set.version };
        self.write_bundle(&key, Kind::Report, &parent, Some((code, set_ref)), &payload, Some(&pdf), dest, audit_through)
    }

    /// Writes the plan (if any), the indicator set and the periods' deadlines for a unit below.
    pub fn export_plan_bundle(&mut self, to_unit: &str, plan: Option<RecordId>, dest: &Path) -> Result<ExportedBundle, ApiError> {
        let recipient = self.child_unit(to_unit)?;
        let set = self
            .store
            .read()
            .latest_indicator_set(thidua_store::DEFAULT_SET_CODE)?
            .ok_or_else(|| ApiError::refused("Chưa có bộ chỉ tiêu."))?;
        let draft = plan.map(|id| self.plan(id)).transpose()?;
        let pdf = plan.map(|id| self.plan_pdf_bytes(id)).transpose()?;
        let periods = self
            .store
            .read()
            .periods()?
            .into_iter()
            .map(|p| PeriodPayload { code: p.code.to_string(), deadline: p.deadline.to_string() })
            .collect();
        let payload = PlanPayload {
            plan: draft,
            indicator_set: IndicatorSetPayload {
                code: set.code.clone(),
                version: set.version,
                name: set.name.clone(),
                indicators: set
                    .indicators
                    .iter()
                    .map(|i| IndicatorPayload {
                        position: i.position,
                        task_group: i.task_group,
                        code: i.code.clone(),
                        name: i.name.clone(),
                        measure: i.measure.clone(),
                        register: i.register.clone(),
                        aggregate: i.aggregate.clone(),
                        filter: i.filter.clone(),
                    })
                    .collect(),
            },
            periods,
        };
        let payload = serde_json::to_vec(&payload).expect("serialisable");
        let key = self.own_key()?;
        self.write_bundle(&key, Kind::Plan, &recipient, None, &payload, pdf.as_deref(), dest, 0)
    }

    /// Writes the roster of enrolled keys (this installation's own and every unit's below) for a
    /// unit below.
    pub fn export_roster_bundle(&mut self, to_unit: &str, dest: &Path) -> Result<ExportedBundle, ApiError> {
        let recipient = self.child_unit(to_unit)?;
        let key = self.own_key()?;
        let r = self.store.read();
        let mut entries = Vec::new();
        for k in r.keys(None)?.into_iter().filter(|k| k.role != KeyRole::Parent) {
            let Some(unit) = r.unit(k.unit_id)? else { continue };
            entries.push(RosterEntry {
                unit_code: unit.code,
                level: unit.level,
                unit_name: unit.name,
                public_key: k.public_key,
                key_id: k.key_id,
                state: if k.revoked_at.is_some() { "revoked" } else { "active" }.into(),
                since: k.revoked_at.unwrap_or(k.enrolled_at),
            });
        }
        let payload = serde_json::to_vec(&RosterPayload { entries }).expect("serialisable");
        self.write_bundle(&key, Kind::Roster, &recipient, None, &payload, None, dest, 0)
    }

    /// Accepts or returns (with a reason) the latest received revision of a unit's report, and
    /// writes the decision as a bundle for that unit. An accepted report is locked here.
    pub fn review(&mut self, unit_code: &str, period: &str, accept: bool, reason: &str, dest: &Path) -> Result<ExportedBundle, ApiError> {
        let code = PeriodCode::parse(period)?;
        let unit = self.child_unit(unit_code)?;
        let reason = thidua_text::clean(reason);
        if !accept && reason.is_empty() {
            return Err(ApiError::refused("Trả lại báo cáo phải nêu lý do để đơn vị sửa."));
        }
        let report = self
            .store
            .read()
            .report_revisions(unit.id, code)?
            .pop()
            .ok_or_else(|| ApiError::refused(format!("Chưa nhận báo cáo {} của {}: chưa có gì để xét.", code.label(), unit.name)))?;
        if report.state == ReportState::Accepted {
            return Err(ApiError::refused(format!("Báo cáo lần {} của {} đã được chấp nhận trước đó.", report.revision, unit.name)));
        }
        let state = if accept { ReportState::Accepted } else { ReportState::Returned };
        let key = self.own_key()?;
        let payload = DecisionPayload {
            period: code.to_string(),
            revision: report.revision,
            decision: if accept { "accepted" } else { "returned" }.into(),
            reason: reason.clone(),
            decided_at: self.store.now(),
            decided_by: self.actor()?,
        };
        let payload = serde_json::to_vec(&payload).expect("serialisable");
        let exported = self.write_bundle(&key, Kind::Decision, &unit, None, &payload, None, dest, 0)?;
        let actor = self.actor()?;
        self.store.write(&actor, |w| w.set_report_state(&report, state, &reason))?;
        Ok(exported)
    }

    /// Imports bundle files, each on its own: one refused file does not stop the others.
    pub fn import_bundles(&mut self, paths: &[&Path], dry_run: bool) -> Result<Vec<ImportOutcome>, ApiError> {
        if paths.len() > MAX_FILES {
            return Err(ApiError::refused(format!("Mỗi lần nhập tối đa {MAX_FILES} tệp: hãy chia nhỏ.")));
        }
        let mut out = Vec::with_capacity(paths.len());
        // The backup is taken just before the first file that is not already here is written:
        // importing the same folder again (all duplicates) copies nothing.
        let mut backed_up = dry_run;
        // Each bundle stays all-or-nothing (a savepoint); a twentieth of the files, at most a
        // hundred, are committed together, so a big import writes shared pages once while a
        // few files still commit one by one.
        let chunk_size = (paths.len() / 20).clamp(1, BATCH);
        for (index, chunk) in paths.chunks(chunk_size).enumerate() {
            let mut hashes = vec![None; chunk.len()];
            if !backed_up {
                let (new, known) = self.first_new(chunk)?;
                hashes = known;
                if new {
                    self.backup_before_import()?;
                    backed_up = true;
                }
            }
            self.store.begin_batch()?;
            let first = out.len();
            let imported = self.import_chunk(chunk, &hashes, dry_run, &mut out);
            if !self.store.batch_is_open() {
                // SQLite undid the whole batch (a full disk, an I/O error): what this batch said
                // it applied is not there, and the files after it were not tried.
                let reason = match imported {
                    Err(e) => e.message,
                    Ok(()) => out.last().map(|o| o.message.clone()).unwrap_or_default(),
                };
                out.truncate(first);
                let rest = &paths[index * chunk_size..];
                out.extend(rest.iter().map(|p| {
                    let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                    let message = format!("Chưa nhập tệp này: {reason} Hãy giải phóng chỗ trống trên ổ đĩa rồi nhập lại.");
                    outcome(&name, "refused", message, dry_run)
                }));
                return Ok(out);
            }
            let committed = self.store.end_batch();
            imported?;
            committed?;
        }
        Ok(out)
    }

    /// Whether any of the files is not a file already received (which would only be reported
    /// as a duplicate), reading one file at a time and stopping at the first new one; with the
    /// SHA-256 of each file hashed on the way, so the import does not hash it again.
    fn first_new(&self, paths: &[&Path]) -> Result<(bool, Vec<Option<String>>), ApiError> {
        let r = self.store.read();
        let mut hashes = vec![None; paths.len()];
        for (path, hash) in paths.iter().zip(hashes.iter_mut()) {
            let Ok(bytes) = read_bundle_file(path) else { continue };
            let sha = hash.insert(thidua_bundle::sha256_hex(&bytes));
            if r.received_file(sha)?.is_none() {
                return Ok((true, hashes));
            }
        }
        Ok((false, hashes))
    }

    fn import_chunk(
        &mut self,
        paths: &[&Path],
        hashes: &[Option<String>],
        dry_run: bool,
        out: &mut Vec<ImportOutcome>,
    ) -> Result<(), ApiError> {
        for (path, hash) in paths.iter().zip(hashes) {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string());
            out.push(match read_bundle_file(path) {
                Ok(bytes) => {
                    let sha = hash.clone().unwrap_or_else(|| thidua_bundle::sha256_hex(&bytes));
                    self.import_hashed(&name, &bytes, &sha, dry_run)?
                }
                Err(message) => {
                    if !dry_run {
                        let actor = self.actor()?;
                        self.store.write(&actor, |w| w.log_import(&name, "", None, "", "refused", &message))?;
                    }
                    outcome(&name, "refused", message, dry_run)
                }
            });
        }
        Ok(())
    }

    /// Imports one bundle given as bytes (`name` is for the log and messages).
    pub fn import_bundle_bytes(&mut self, name: &str, bytes: &[u8], dry_run: bool) -> Result<ImportOutcome, ApiError> {
        self.import_hashed(name, bytes, &thidua_bundle::sha256_hex(bytes), dry_run)
    }

    /// As [`Workspace::import_bundle_bytes`], with the file's SHA-256 already known.
    fn import_hashed(&mut self, name: &str, bytes: &[u8], file_sha: &str, dry_run: bool) -> Result<ImportOutcome, ApiError> {
        let result = self.check_and_apply(name, bytes, file_sha, dry_run, Apply::Normal);
        let actor = self.actor()?;
        match result {
            Ok(o) => {
                if o.outcome == "applied" && !dry_run {
                    self.apply_waiting_successors()?;
                }
                Ok(o)
            }
            Err(Refusal { message, bundle_id, sender }) => {
                if !dry_run {
                    self.store.write(&actor, |w| w.log_import(name, file_sha, bundle_id.as_deref(), &sender, "refused", &message))?;
                }
                let mut o = outcome(name, "refused", message, dry_run);
                o.bundle_id = bundle_id;
                o.sender = sender;
                Ok(o)
            }
        }
    }

    /// Opens and verifies a bundle against the keys this installation trusts.
    fn verify(&self, bytes: &[u8]) -> Result<(Verified, Unit, KeyRole), Refusal> {
        let sealed = Sealed::read(bytes).map_err(|e| Refusal::plain(e.to_string()))?;
        let m = &sealed.manifest;
        let sender_label = format!("{} ({})", m.sender.unit_name, m.sender.unit_code);
        let bundle_id = sealed.bundle_id.clone();
        let with = |message: String| Refusal { message, bundle_id: Some(bundle_id.clone()), sender: sender_label.clone() };
        let me = self.installation().map_err(|e| with(e.message))?.unit;
        if m.recipient.unit_code != me.code || m.recipient.level != me.level {
            return Err(with(format!(
                "Gói này gửi cho {} ({}), không phải {}: không nhập. Hãy chuyển tệp cho đúng đơn vị nhận.",
                m.recipient.unit_name, m.recipient.unit_code, me.name
            )));
        }
        let sender = self.unit_by_code(&m.sender.unit_code, &m.sender.level).map_err(|e| with(e.message))?;
        let r = self.store.read();
        let key = r.key(&m.sender_key_id).map_err(|e| with(ApiError::from(e).message))?;
        let key = match key {
            Some(k) if k.unit_id == sender.id && k.role != KeyRole::Own => k,
            Some(_) => return Err(with(thidua_bundle::BundleError::BadSignature.to_string())),
            None => {
                return Err(with(format!(
                    "Khóa ký của {} chưa được ghi danh ở máy này: hãy nhập tệp định danh của đơn vị và xác nhận mã qua điện thoại, rồi nhập lại gói.",
                    sender.name
                )));
            }
        };
        if let Some(at) = &key.revoked_at {
            let why = if key.replaced_by.is_some() { "đã được thay bằng khóa mới" } else { "đã bị thu hồi" };
            return Err(with(format!(
                "Khóa ký của {} {why} ngày {}: gói ký bằng khóa này không được nhập. Hãy xin đơn vị gửi lại gói ký bằng khóa hiện hành.",
                sender.name,
                crate::keys::day(at)
            )));
        }
        let public = PublicKey::from_hex(&key.public_key).map_err(|e| with(e.to_string()))?;
        let verified = sealed.verify(&public).map_err(|e| with(e.to_string()))?;
        let allowed = match key.role {
            KeyRole::Child => matches!(verified.manifest.kind, Kind::Report | Kind::KeyChange),
            KeyRole::Parent => matches!(verified.manifest.kind, Kind::Plan | Kind::Roster | Kind::Decision | Kind::KeyChange),
            KeyRole::Own => false,
        };
        if !allowed {
            return Err(with(format!("{} không gửi loại gói «{}» cho đơn vị này.", sender.name, verified.manifest.kind.label())));
        }
        Ok((verified, sender, key.role))
    }

    /// A bundle received before: already in, still waiting, or set aside.
    fn seen_before(
        &mut self,
        name: &str,
        file_sha: &str,
        seen: &ReceivedBundle,
        sender_label: &str,
        kind: &str,
        dry_run: bool,
    ) -> Result<ImportOutcome, Refusal> {
        let with = |message: String| Refusal { message, bundle_id: Some(seen.bundle_id.clone()), sender: sender_label.to_owned() };
        let message = match seen.state {
            ReceivedState::Applied => {
                format!(
                    "Gói này đã nhập ngày {}: không có gì thay đổi.",
                    day_and_time(seen.applied_at.as_deref().unwrap_or(&seen.received_at))
                )
            }
            ReceivedState::Held | ReceivedState::Conflict => {
                format!("Gói này đã nhận ngày {} và đang chờ xử lý: {}", day_and_time(&seen.received_at), seen.state_note)
            }
            ReceivedState::Discarded => format!("Gói này đã nhận ngày {} và đã được bỏ qua.", day_and_time(&seen.received_at)),
        };
        // A copy of a bundle still waiting is still waiting, not "already in".
        let code = match seen.state {
            ReceivedState::Held => "held",
            ReceivedState::Conflict => "conflict",
            ReceivedState::Applied | ReceivedState::Discarded => "duplicate",
        };
        if !dry_run {
            let actor = self.actor().map_err(|e| with(e.message))?;
            self.store
                .write(&actor, |w| w.log_import(name, file_sha, Some(&seen.bundle_id), sender_label, code, &message))
                .map_err(|e| with(ApiError::from(e).message))?;
        }
        Ok(ImportOutcome {
            file_name: name.to_owned(),
            outcome: code.into(),
            message,
            dry_run,
            bundle_id: Some(seen.bundle_id.clone()),
            sender: sender_label.to_owned(),
            kind: kind.into(),
            sequence: Some(seen.sequence as u32),
            changes: Vec::new(),
        })
    }

    fn check_and_apply(&mut self, name: &str, bytes: &[u8], file_sha: &str, dry_run: bool, mode: Apply) -> Result<ImportOutcome, Refusal> {
        // The same bytes as a bundle already received were checked then: say so without
        // opening them again (re-importing a folder of 3,321 bundles is then a matter of hashes).
        if mode == Apply::Normal
            && let Some(seen) = self.store.read().received_file(file_sha).map_err(|e| Refusal::plain(ApiError::from(e).message))?
        {
            let sender = self.store.read().unit(seen.sender_unit_id).ok().flatten();
            let sender_label = sender.map(|u| format!("{} ({})", u.name, u.code)).unwrap_or_default();
            let kind = Kind::ALL.into_iter().find(|k| kind_code(*k) == seen.kind).map_or("", |k| k.label());
            return self.seen_before(name, file_sha, &seen, &sender_label, kind, dry_run);
        }
        let (verified, sender, _role) = self.verify(bytes)?;
        let m = verified.manifest.clone();
        let sender_label = format!("{} ({})", sender.name, sender.code);
        let with = |message: String| Refusal { message, bundle_id: Some(verified.bundle_id.clone()), sender: sender_label.clone() };
        let store_err = |e: StoreError| with(ApiError::from(e).message);
        if mode == Apply::Normal
            && let Some(seen) = self.store.read().received(&verified.bundle_id).map_err(store_err)?
        {
            return self.seen_before(name, file_sha, &seen, &sender_label, m.kind.label(), dry_run);
        }
        let parsed = Parsed::from(&verified).map_err(|e| with(e.to_string()))?;
        let r = self.store.read();
        let base = |kind: &str, message: String| ImportOutcome {
            file_name: name.to_owned(),
            outcome: kind.into(),
            message,
            dry_run,
            bundle_id: Some(verified.bundle_id.clone()),
            sender: sender_label.clone(),
            kind: m.kind.label().into(),
            sequence: Some(m.sequence as u32),
            changes: Vec::new(),
        };
        // Where this bundle sits in the sender's chain.
        let last = r.last_applied(sender.id).map_err(store_err)?;
        let last_seq = last.as_ref().map_or(0, |b| b.sequence) as u64;
        let mut state = ReceivedState::Applied;
        let mut note = String::new();
        if mode == Apply::Normal {
            if m.sequence < last_seq || (m.sequence == last_seq && last.is_none()) {
                return Err(with(format!(
                    "Gói số {} của {} cũ hơn gói số {last_seq} đã nhập: đây là gói cũ gửi lại, không nhập.",
                    m.sequence, sender.name
                )));
            } else if m.sequence == last_seq {
                state = ReceivedState::Conflict;
                note = format!("Trùng số thứ tự {} với gói đã nhập nhưng nội dung khác: hãy so sánh và chọn gói đúng.", m.sequence);
            } else if m.sequence > last_seq + 1 {
                state = ReceivedState::Held;
                note = format!("Thiếu gói số {} của {}: gói số {} được giữ lại chờ gói trước.", last_seq + 1, sender.name, m.sequence);
            } else if m.previous != last.as_ref().map(|b| b.bundle_id.clone()) {
                state = ReceivedState::Conflict;
                note =
                    format!("Gói số {} không nối tiếp gói số {last_seq} đã nhập của {}: hãy xem và quyết định.", m.sequence, sender.name);
            }
        }
        let actor = self.actor().map_err(|e| with(e.message))?;
        let now = self.store.now();
        let received = ReceivedBundle {
            bundle_id: verified.bundle_id.clone(),
            sender_unit_id: sender.id,
            sender_key_id: m.sender_key_id.clone(),
            sequence: m.sequence as i64,
            previous: m.previous.clone(),
            kind: kind_code(m.kind).into(),
            period: m.period.clone(),
            file_name: name.to_owned(),
            file_sha256: file_sha.to_owned(),
            created_at: m.created_at.clone(),
            received_at: now.clone(),
            state,
            state_note: note.clone(),
            applied_at: (state == ReceivedState::Applied).then(|| now.clone()),
            content: (state != ReceivedState::Applied).then(|| bytes.to_vec()),
        };
        let me = self.installation().map_err(|e| with(e.message))?;
        let outcome_code = match state {
            ReceivedState::Applied => "applied",
            ReceivedState::Held => "held",
            _ => "conflict",
        };
        let message = match state {
            ReceivedState::Applied => format!("Đã nhập gói {} số {} của {}.", m.kind.label(), m.sequence, sender.name),
            _ => note.clone(),
        };
        let run = |w: &mut Writer<'_>| -> thidua_store::Result<Vec<String>> {
            let changes = if state == ReceivedState::Applied {
                apply(w, &me, &sender, &verified, &parsed, mode == Apply::Replace)?
            } else {
                summary(&parsed)
            };
            w.record_received(&received)?;
            w.log_import(name, file_sha, Some(&verified.bundle_id), &sender_label, outcome_code, &message)?;
            w.audit(
                "bundle",
                &verified.bundle_id,
                "insert",
                None,
                Some(&serde_json::json!({"sender": sender.code, "kind": kind_code(m.kind), "sequence": m.sequence, "state": state, "file": name})),
                &note,
            )?;
            Ok(changes)
        };
        let changes = if dry_run { self.store.dry_run(&actor, run) } else { self.store.write(&actor, run) }.map_err(|e| match e {
            // What the payload asks cannot be done here: say so as a refusal of the bundle.
            StoreError::Invalid(inner) => with(format!("Gói không áp dụng được: {inner}. Không nhập gì; hãy liên hệ đơn vị gửi.")),
            other => store_err(other),
        })?;
        let mut o = base(outcome_code, message);
        o.changes = changes;
        Ok(o)
    }

    /// After a bundle is applied, its held successors that now fit the chain are applied too.
    fn apply_waiting_successors(&mut self) -> Result<(), ApiError> {
        loop {
            let held = self.store.read().received_bundles(Some(ReceivedState::Held))?;
            let mut progressed = false;
            for b in held {
                let last = self.store.read().last_applied(b.sender_unit_id)?.map_or(0, |l| l.sequence);
                if b.sequence == last + 1
                    && let Some(content) = &b.content
                {
                    self.resolve_with(&b, content.clone(), Apply::Resume)?;
                    progressed = true;
                }
            }
            if !progressed {
                return Ok(());
            }
        }
    }

    fn resolve_with(&mut self, b: &ReceivedBundle, content: Vec<u8>, mode: Apply) -> Result<ImportOutcome, ApiError> {
        match self.check_and_apply(&b.file_name, &content, &b.file_sha256, false, mode) {
            Ok(o) => Ok(o),
            Err(r) => Err(ApiError::refused(r.message)),
        }
    }

    /// Bundles waiting for the clerk, with a conflict's applied counterpart beside it.
    pub fn waiting_bundles(&self) -> Result<Vec<WaitingBundle>, ApiError> {
        let r = self.store.read();
        let mut out = Vec::new();
        for state in [ReceivedState::Conflict, ReceivedState::Held] {
            for b in r.received_bundles(Some(state))? {
                let sender = r.unit(b.sender_unit_id)?.map(|u| format!("{} ({})", u.name, u.code)).unwrap_or_default();
                let summary = b
                    .content
                    .as_deref()
                    .and_then(|c| self.verify(c).ok())
                    .and_then(|(v, _, _)| Parsed::from(&v).ok())
                    .map(|p| summary(&p))
                    .unwrap_or_default();
                let applied = if state == ReceivedState::Conflict {
                    r.received_bundles(Some(ReceivedState::Applied))?
                        .into_iter()
                        .find(|a| a.sender_unit_id == b.sender_unit_id && a.sequence == b.sequence)
                } else {
                    None
                };
                let applied_summary = applied.as_ref().map(|a| self.applied_summary(a)).transpose()?.unwrap_or_default();
                out.push(WaitingBundle {
                    bundle_id: b.bundle_id.clone(),
                    state: b.state.code().into(),
                    note: b.state_note.clone(),
                    sender,
                    kind: b.kind.clone(),
                    sequence: b.sequence as u32,
                    file_name: b.file_name.clone(),
                    received_at: b.received_at.clone(),
                    summary,
                    applied_bundle_id: applied.map(|a| a.bundle_id),
                    applied_summary,
                });
            }
        }
        Ok(out)
    }

    /// What an applied report bundle left in the data (its report revision's figures).
    fn applied_summary(&self, b: &ReceivedBundle) -> Result<Vec<String>, ApiError> {
        let r = self.store.read();
        let Some(period) = b.period.as_deref().and_then(|p| PeriodCode::parse(p).ok()) else {
            return Ok(vec![format!("Gói {} số {}", b.kind, b.sequence)]);
        };
        let Some(report) = r.report_revisions(b.sender_unit_id, period)?.into_iter().rev().find(|x| x.state != ReportState::Draft) else {
            return Ok(Vec::new());
        };
        let set = r.latest_indicator_set(thidua_store::DEFAULT_SET_CODE)?;
        let code_of =
            |id: RecordId| set.as_ref().and_then(|s| s.indicators.iter().find(|i| i.id == id)).map(|i| i.code.clone()).unwrap_or_default();
        let mut lines = vec![format!("Báo cáo {} lần {}", period.label(), report.revision)];
        let mut figures: Vec<(String, Option<i64>)> =
            r.report_figures(report.id)?.into_iter().map(|f| (code_of(f.indicator_id), f.value)).collect();
        figures.sort();
        lines.extend(
            figures.into_iter().map(|(c, v)| format!("Chỉ tiêu {c}: {}", v.map(thidua_text::format_integer).unwrap_or_else(|| "—".into()))),
        );
        Ok(lines)
    }

    /// The clerk's decision on a waiting bundle: apply it (a conflict's bundle replaces the
    /// applied one; a held bundle is applied despite the gap, which is logged), or set it aside.
    pub fn resolve_bundle(&mut self, bundle_id: &str, apply_it: bool) -> Result<ImportOutcome, ApiError> {
        let b = self
            .store
            .read()
            .received(bundle_id)?
            .filter(|b| matches!(b.state, ReceivedState::Held | ReceivedState::Conflict))
            .ok_or_else(|| ApiError::refused(format!("Không có gói đang chờ với mã {bundle_id}.")))?;
        let actor = self.actor()?;
        if !apply_it {
            let mut discarded = b.clone();
            discarded.state = ReceivedState::Discarded;
            discarded.state_note = format!("{} Cán bộ chọn bỏ qua gói này.", b.state_note);
            discarded.content = None;
            self.store.write(&actor, |w| {
                w.record_received(&discarded)?;
                w.audit("bundle", &b.bundle_id, "update", None, Some(&serde_json::json!({"state": "discarded"})), "cán bộ bỏ qua gói")
            })?;
            return Ok(outcome(&b.file_name, "discarded", "Đã bỏ qua gói; dữ liệu không đổi.".into(), false));
        }
        let content = b.content.clone().ok_or_else(|| ApiError::refused("Gói không còn nội dung để nhập."))?;
        let mode = if b.state == ReceivedState::Conflict { Apply::Replace } else { Apply::Resume };
        if b.state == ReceivedState::Conflict {
            // The applied bundle of the same sequence steps aside; its data is replaced below.
            let applied = self
                .store
                .read()
                .received_bundles(Some(ReceivedState::Applied))?
                .into_iter()
                .filter(|a| a.sender_unit_id == b.sender_unit_id && a.sequence >= b.sequence);
            let applied: Vec<ReceivedBundle> = applied.collect();
            self.store.write(&actor, |w| {
                for a in &applied {
                    let mut old = a.clone();
                    old.state = ReceivedState::Discarded;
                    old.state_note = format!("Thay bằng gói {} theo quyết định của cán bộ.", &b.bundle_id[..12]);
                    w.record_received(&old)?;
                }
                Ok(())
            })?;
        }
        let o = self.resolve_with(&b, content, mode)?;
        self.apply_waiting_successors()?;
        Ok(o)
    }

    /// The value a unit below stated for an indicator in its latest received revision.
    pub fn received_figure(&self, unit_code: &str, period: &str, indicator_code: &str) -> Result<Option<i64>, ApiError> {
        let unit = self.child_unit(unit_code)?;
        let r = self.store.read();
        let Some(report) = r.report_revisions(unit.id, PeriodCode::parse(period)?)?.pop() else { return Ok(None) };
        let set = r.latest_indicator_set(thidua_store::DEFAULT_SET_CODE)?.ok_or_else(|| ApiError::refused("Chưa có bộ chỉ tiêu."))?;
        let Some(indicator) = set.indicators.iter().find(|i| i.code == indicator_code) else { return Ok(None) };
        Ok(r.report_figures(report.id)?.into_iter().find(|f| f.indicator_id == indicator.id).and_then(|f| f.value))
    }

    pub fn import_log(&self, limit: u32) -> Result<Vec<ImportLogView>, ApiError> {
        Ok(self
            .store
            .read()
            .import_log(limit)?
            .into_iter()
            .map(|e| ImportLogView {
                at: e.at,
                actor: e.actor,
                file_name: e.file_name,
                file_sha256: e.file_sha256,
                sender: e.sender,
                outcome: e.outcome,
                message: e.message,
            })
            .collect())
    }

    /// What a bundle file says, checked against this installation's keys, without importing.
    pub fn inspect_bundle(&self, path: &Path) -> Result<BundleInspection, ApiError> {
        let bytes = std::fs::read(path).map_err(|e| ApiError::refused(format!("Không đọc được tệp {} ({e}).", path.display())))?;
        let sealed = Sealed::read(&bytes).map_err(refused)?;
        let m = sealed.manifest.clone();
        let verdict = match self.verify(&bytes) {
            Ok(_) => "Chữ ký hợp lệ, khóa đã ghi danh.".to_owned(),
            Err(r) => r.message,
        };
        Ok(BundleInspection {
            bundle_id: sealed.bundle_id,
            kind: m.kind.label().into(),
            sender: format!("{} ({})", m.sender.unit_name, m.sender.unit_code),
            recipient: format!("{} ({})", m.recipient.unit_name, m.recipient.unit_code),
            period: m.period.unwrap_or_default(),
            sequence: m.sequence as u32,
            created_at: m.created_at,
            key_id: m.sender_key_id,
            files: m.files.into_iter().map(|(n, h)| format!("{n} {h}")).collect(),
            verdict,
        })
    }
}

/// A `.thidua` file found where received files usually land (Downloads, Desktop).
#[derive(Debug, Clone, Serialize, TS)]
pub struct BundleCandidate {
    pub path: String,
    pub file_name: String,
    pub folder: String,
    pub bytes: u32,
    /// When the file was written, RFC 3339.
    pub modified: String,
    /// From its manifest; empty when the file cannot be read as a bundle.
    pub sender: String,
    pub kind: String,
    pub sequence: u32,
    /// Whether this bundle (by content) is already here: applied, waiting or set aside.
    pub known: bool,
}

/// Where clerks' received files usually are: the Downloads folder (e-mail, chat) and the Desktop.
pub fn inbox_folders() -> Vec<std::path::PathBuf> {
    [dirs::download_dir(), dirs::desktop_dir()].into_iter().flatten().filter(|d| d.is_dir()).collect()
}

impl Workspace {
    /// The newest `.thidua` files in `folders` (not their subfolders), at most 50, newest first,
    /// each with who sent it and whether it is already here.
    pub fn bundle_candidates(&self, folders: &[std::path::PathBuf]) -> Result<Vec<BundleCandidate>, ApiError> {
        let mut files: Vec<(std::time::SystemTime, std::path::PathBuf, u64)> = Vec::new();
        for folder in folders {
            let Ok(entries) = std::fs::read_dir(folder) else { continue };
            for e in entries.flatten() {
                let path = e.path();
                let is_bundle = path.extension().is_some_and(|x| x.eq_ignore_ascii_case(thidua_bundle::EXTENSION));
                if let (true, Ok(meta)) = (is_bundle, e.metadata())
                    && meta.is_file()
                {
                    files.push((meta.modified().unwrap_or(std::time::UNIX_EPOCH), path, meta.len()));
                }
            }
        }
        files.sort_by_key(|f| std::cmp::Reverse(f.0));
        files.truncate(50);
        let r = self.store.read();
        let mut out = Vec::new();
        for (modified, path, len) in files {
            let sealed =
                (len <= thidua_bundle::MAX_FILE_BYTES).then(|| std::fs::read(&path).ok()).flatten().and_then(|b| Sealed::read(&b).ok());
            let known = match &sealed {
                Some(s) => r.received(&s.bundle_id)?.is_some(),
                None => false,
            };
            let modified: time::OffsetDateTime = modified.into();
            out.push(BundleCandidate {
                file_name: path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
                folder: path.parent().map(|p| p.display().to_string()).unwrap_or_default(),
                path: path.display().to_string(),
                bytes: len.min(u32::MAX as u64) as u32,
                modified: modified.format(&time::format_description::well_known::Rfc3339).unwrap_or_default(),
                sender: sealed
                    .as_ref()
                    .map(|s| format!("{} ({})", s.manifest.sender.unit_name, s.manifest.sender.unit_code))
                    .unwrap_or_default(),
                kind: sealed.as_ref().map(|s| s.manifest.kind.label().to_owned()).unwrap_or_default(),
                sequence: sealed.as_ref().map_or(0, |s| s.manifest.sequence as u32),
                known,
            });
        }
        Ok(out)
    }
}

/// `bundle inspect`: the manifest in words and whether this installation would trust it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct BundleInspection {
    pub bundle_id: String,
    pub kind: String,
    pub sender: String,
    pub recipient: String,
    pub period: String,
    pub sequence: u32,
    pub created_at: String,
    pub key_id: String,
    pub files: Vec<String>,
    pub verdict: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Apply {
    /// A new file: chain checks apply.
    Normal,
    /// A held bundle whose turn came (or the clerk applies it despite a gap).
    Resume,
    /// A conflict's bundle the clerk chose: it replaces what the same revision said.
    Replace,
}

struct Refusal {
    message: String,
    bundle_id: Option<String>,
    sender: String,
}

impl Refusal {
    fn plain(message: String) -> Self {
        Self { message, bundle_id: None, sender: String::new() }
    }
}

/// A bundle file's bytes, or why it cannot be read (too large to be a bundle, unreadable).
fn read_bundle_file(path: &Path) -> Result<Vec<u8>, String> {
    match std::fs::metadata(path) {
        Ok(m) if m.len() > thidua_bundle::MAX_FILE_BYTES => Err(BundleError::TooLarge(format!("tệp nặng {} byte", m.len())).to_string()),
        Ok(_) => std::fs::read(path).map_err(|e| format!("Không đọc được tệp ({e}).")),
        Err(e) => Err(format!("Không đọc được tệp ({e}).")),
    }
}

fn outcome(name: &str, code: &str, message: String, dry_run: bool) -> ImportOutcome {
    ImportOutcome {
        file_name: name.to_owned(),
        outcome: code.into(),
        message,
        dry_run,
        bundle_id: None,
        sender: String::new(),
        kind: String::new(),
        sequence: None,
        changes: Vec::new(),
    }
}

fn kind_code(kind: Kind) -> &'static str {
    match kind {
        Kind::Report => "report",
        Kind::Plan => "plan",
        Kind::Roster => "roster",
        Kind::Decision => "decision",
        Kind::KeyChange => "key_change",
    }
}

/// A payload parsed by kind.
enum Parsed {
    Report(ReportPayload),
    Plan(PlanPayload),
    Roster(RosterPayload),
    Decision(DecisionPayload),
    KeyChange(KeyChangePayload),
}

impl Parsed {
    fn from(v: &Verified) -> Result<Self, BundleError> {
        let bytes = v.payload();
        let parsed = match v.manifest.kind {
            Kind::Report => {
                let p: ReportPayload = payload::parse(bytes, "báo cáo")?;
                if Some(&p.period) != v.manifest.period.as_ref() {
                    return Err(BundleError::BadPayload("kỳ báo cáo trong nội dung khác kỳ ghi trên gói".into()));
                }
                Parsed::Report(p)
            }
            Kind::Plan => Parsed::Plan(payload::parse(bytes, "kế hoạch")?),
            Kind::Roster => Parsed::Roster(payload::parse(bytes, "danh sách khóa")?),
            Kind::Decision => Parsed::Decision(payload::parse(bytes, "quyết định")?),
            Kind::KeyChange => Parsed::KeyChange(payload::parse(bytes, "thay khóa")?),
        };
        Ok(parsed)
    }
}

/// A payload's content in a few lines, for previews and conflicts.
fn summary(p: &Parsed) -> Vec<String> {
    match p {
        Parsed::Report(r) => {
            let mut lines =
                vec![format!("Báo cáo {} lần {}", PeriodCode::parse(&r.period).map(|c| c.label()).unwrap_or_default(), r.revision)];
            let mut figures: Vec<&FigurePayload> = r.figures.iter().collect();
            figures.sort_by(|a, b| a.indicator_code.cmp(&b.indicator_code));
            lines.extend(figures.iter().map(|f| {
                format!("Chỉ tiêu {}: {}", f.indicator_code, f.value.map(thidua_text::format_integer).unwrap_or_else(|| "—".into()))
            }));
            lines.push(format!("{} bản ghi sổ theo dõi", r.records.len()));
            lines
        }
        Parsed::Plan(p) => vec![format!(
            "Bộ chỉ tiêu {} phiên bản {}; {} kỳ báo cáo{}",
            p.indicator_set.name,
            p.indicator_set.version,
            p.periods.len(),
            if p.plan.is_some() { "; kèm kế hoạch" } else { "" }
        )],
        Parsed::Roster(r) => vec![format!("Danh sách {} khóa", r.entries.len())],
        Parsed::Decision(d) => vec![format!(
            "Quyết định: {} báo cáo lần {} ({})",
            if d.decision == "accepted" { "chấp nhận" } else { "trả lại" },
            d.revision,
            d.reason
        )],
        Parsed::KeyChange(_) => vec!["Khóa ký mới của đơn vị gửi".into()],
    }
}

fn invalid(message: String) -> StoreError {
    thidua_model::InvalidValue(message).into()
}

/// Applies a verified payload inside the import's transaction; returns what changed.
fn apply(
    w: &mut Writer<'_>,
    me: &thidua_model::Installation,
    sender: &Unit,
    v: &Verified,
    p: &Parsed,
    replace: bool,
) -> thidua_store::Result<Vec<String>> {
    match p {
        Parsed::Report(r) => apply_report(w, sender, v, r, replace),
        Parsed::Plan(plan) => apply_plan(w, me, sender, plan),
        Parsed::Roster(roster) => {
            let rows: Vec<thidua_store::RosterLine> = roster
                .entries
                .iter()
                .map(|e| thidua_store::RosterLine {
                    unit_code: e.unit_code.clone(),
                    level: e.level.clone(),
                    unit_name: e.unit_name.clone(),
                    public_key: e.public_key.clone(),
                    key_id: e.key_id.clone(),
                    state: e.state.clone(),
                    since: e.since.clone(),
                })
                .collect();
            w.replace_roster(&rows, &v.bundle_id)?;
            let mine = w.read().active_key(me.unit.id, KeyRole::Own)?;
            let listed = mine.as_ref().and_then(|k| roster.entries.iter().find(|e| e.key_id == k.key_id));
            let mut lines = vec![format!("Danh sách {} khóa của cấp trên", roster.entries.len())];
            match listed {
                Some(e) if e.state == "revoked" => lines.push("Cảnh báo: khóa của đơn vị này đã bị cấp trên thu hồi.".into()),
                Some(_) => lines.push("Khóa của đơn vị này có trong danh sách.".into()),
                None => lines.push("Khóa của đơn vị này chưa có trong danh sách: hãy gửi tệp định danh cho cấp trên.".into()),
            }
            Ok(lines)
        }
        Parsed::Decision(d) => {
            let period = PeriodCode::parse(&d.period)?;
            let report = w
                .read()
                .report_revisions(me.unit.id, period)?
                .into_iter()
                .find(|r| r.revision == d.revision)
                .ok_or_else(|| invalid(format!("không có báo cáo {} lần {} ở máy này", period.label(), d.revision)))?;
            let state = if d.decision == "accepted" {
                ReportState::Accepted
            } else if d.decision == "returned" {
                ReportState::Returned
            } else {
                return Err(invalid(format!("quyết định «{}» không hợp lệ", d.decision)));
            };
            let reason = thidua_text::clean(&d.reason);
            w.set_report_state(&report, state, &reason)?;
            Ok(vec![format!(
                "Báo cáo {} lần {}: {}{}",
                period.label(),
                d.revision,
                state.label(),
                if reason.is_empty() { String::new() } else { format!(" ({reason})") }
            )])
        }
        Parsed::KeyChange(k) => {
            let new = PublicKey::from_hex(&k.new_public_key).map_err(|e| invalid(e.to_string()))?;
            let old = w.read().key(&v.manifest.sender_key_id)?.ok_or_else(|| invalid("khóa cũ không còn".into()))?;
            if w.read().key(&new.key_id())?.is_some() {
                return Err(invalid("khóa mới đã có ở máy này".into()));
            }
            w.revoke_key(&old.key_id, "thay khóa", Some(&new.key_id()))?;
            w.insert_key(&stored_key(&new, sender.id, old.role))?;
            Ok(vec![format!("Khóa mới của {}: {}", sender.name, new.fingerprint())])
        }
    }
}

fn apply_report(w: &mut Writer<'_>, sender: &Unit, v: &Verified, r: &ReportPayload, replace: bool) -> thidua_store::Result<Vec<String>> {
    let period = PeriodCode::parse(&r.period)?;
    if w.read().period(period)?.is_none() {
        return Err(invalid(format!(
            "kỳ {} chưa được mở ở đơn vị nhận; hãy mở kỳ (thidua period open {period}) rồi nhập lại",
            period.label()
        )));
    }
    let set_ref = v.manifest.indicator_set.clone().ok_or_else(|| invalid("gói báo cáo không ghi bộ chỉ tiêu".into()))?;
    let (set, answered_set_version) = match w.read().indicator_set(&set_ref.code, set_ref.version)? {
        Some(s) => (s, None),
        None => (
            w.read()
                .latest_indicator_set(&set_ref.code)?
                .ok_or_else(|| invalid(format!("máy này không có bộ chỉ tiêu «{}»", set_ref.code)))?,
            Some(set_ref.version),
        ),
    };
    let mut lines = Vec::new();
    // Register records: newer versions replace older; the same or older change nothing.
    let mut per_register: BTreeMap<&str, (u32, u32)> = BTreeMap::new();
    for rec in &r.records {
        let kind = RegisterKind::from_code(&rec.register).ok_or_else(|| invalid(format!("sổ «{}» không tồn tại", rec.register)))?;
        let mut row: Map<String, Value> = rec.fields.iter().map(|(k, x)| (k.clone(), nfc_value(x))).collect();
        row.insert("id".into(), Value::from(rec.id.clone()));
        row.insert("version".into(), Value::from(rec.version));
        row.insert("created_at".into(), Value::from(rec.created_at.clone()));
        row.insert("created_by".into(), Value::from(thidua_text::nfc(&rec.created_by)));
        row.insert("updated_at".into(), Value::from(rec.updated_at.clone()));
        row.insert("updated_by".into(), Value::from(thidua_text::nfc(&rec.updated_by)));
        row.insert("deleted_at".into(), rec.deleted_at.clone().map(Value::from).unwrap_or(Value::Null));
        row.insert("source".into(), Value::from("bundle"));
        let existed =
            w.read().record(kind, rec.id.parse().map_err(|_| invalid(format!("mã bản ghi «{}» không hợp lệ", rec.id)))?)?.is_some();
        if w.upsert_received_record(kind, sender.id, &row)? {
            let e = per_register.entry(kind.label()).or_default();
            if existed { e.1 += 1 } else { e.0 += 1 }
        }
    }
    for (label, (new, changed)) in per_register {
        lines.push(format!("{label}: {new} mới, {changed} cập nhật"));
    }
    for e in &r.audit {
        let entry = AuditEntry {
            seq: e.seq,
            at: e.at.clone(),
            actor: thidua_text::nfc(&e.actor),
            entity: e.entity.clone(),
            record_id: e.record_id.clone(),
            action: e.action.clone(),
            old_value: e.old_value.as_ref().map(nfc_value),
            new_value: e.new_value.as_ref().map(nfc_value),
            reason: thidua_text::nfc(&e.reason),
        };
        w.insert_received_audit(sender.id, &v.bundle_id, &entry)?;
    }
    // The report revision: a newer one supersedes (the older stays in the history).
    let revisions = w.read().report_revisions(sender.id, period)?;
    let newest = revisions.last().map_or(0, |x| x.revision);
    let mut unmapped = serde_json::Map::new();
    let figures: Vec<StoredFigure> = r
        .figures
        .iter()
        .filter_map(|f| match set.indicators.iter().find(|i| i.code == f.indicator_code) {
            Some(i) => Some(StoredFigure {
                indicator_id: i.id,
                computed: f.computed,
                value: f.value,
                override_reason: thidua_text::nfc(&f.override_reason),
            }),
            None => {
                unmapped.insert(f.indicator_code.clone(), f.value.map_or(Value::Null, Value::from));
                None
            }
        })
        .collect();
    let narrative: Map<String, Value> = r.narrative.iter().map(|(k, t)| (k.clone(), Value::from(thidua_text::nfc(t)))).collect();
    if revisions.last().is_some_and(|x| x.state == ReportState::Accepted) {
        return Err(invalid(format!(
            "báo cáo {} lần {newest} của {} đã được chấp nhận nên không nhận bản sửa đổi; nếu cần sửa, hãy trao đổi với đơn vị",
            period.label(),
            sender.name
        )));
    }
    if r.revision > newest {
        let unit_rows = nfc_value(&serde_json::to_value(&r.units).expect("serialisable"));
        let unmapped_figures = Value::Object(unmapped.clone());
        w.insert_received_report(
            sender.id,
            period,
            &thidua_store::ReceivedReport {
                set_id: set.id,
                revision: r.revision,
                narrative: &narrative,
                sent_at: r.sent_at.as_deref(),
                bundle_id: Some(&v.bundle_id),
                excel_import_id: None,
                figures: &figures,
                unit_rows: &unit_rows,
                answered_set_version,
                unmapped_figures: &unmapped_figures,
            },
        )?;
        lines.insert(
            0,
            format!(
                "Báo cáo {} lần {} của {}{}",
                period.label(),
                r.revision,
                sender.name,
                if newest > 0 { format!(" (thay lần {newest})") } else { String::new() }
            ),
        );
    } else if replace && let Some(same) = revisions.iter().find(|x| x.revision == r.revision) {
        if same.state == ReportState::Accepted {
            return Err(invalid(format!("báo cáo lần {} đã được chấp nhận, không thay được", r.revision)));
        }
        for f in &figures {
            w.set_report_figure(same, f, "thay theo gói được chọn khi trùng số thứ tự")?;
        }
        lines.insert(0, format!("Báo cáo {} lần {}: số liệu thay theo gói được chọn", period.label(), r.revision));
    } else {
        lines.insert(0, format!("Báo cáo {} lần {} đã có; chỉ cập nhật sổ theo dõi", period.label(), r.revision));
    }
    if let Some(version) = answered_set_version {
        lines.push(format!(
            "Báo cáo theo bộ chỉ tiêu phiên bản {version}; số liệu được ghép theo mã chỉ tiêu vào phiên bản {}",
            set.version
        ));
    }
    if !unmapped.is_empty() {
        let codes: Vec<&str> = unmapped.keys().map(String::as_str).collect();
        lines.push(format!("Chỉ tiêu không có trong bộ chỉ tiêu của máy này (giữ riêng, không cộng vào tổng): {}", codes.join(", ")));
    }
    Ok(lines)
}

fn apply_plan(w: &mut Writer<'_>, me: &thidua_model::Installation, sender: &Unit, p: &PlanPayload) -> thidua_store::Result<Vec<String>> {
    let mut lines = Vec::new();
    let s = &p.indicator_set;
    if w.read().indicator_set(&s.code, s.version)?.is_none() {
        let indicators: Vec<thidua_store::NewIndicator> = s
            .indicators
            .iter()
            .map(|i| thidua_store::NewIndicator {
                task_group: i.task_group,
                code: i.code.clone(),
                name: i.name.clone(),
                measure: i.measure.clone(),
                register: i.register.clone().filter(|r| RegisterKind::from_code(r).is_some()),
                aggregate: i.aggregate.clone(),
                filter: i.filter.clone(),
            })
            .collect();
        w.insert_indicator_set(&s.code, s.version, &s.name, Some(sender.id), &indicators)?;
        lines.push(format!("Bộ chỉ tiêu «{}» phiên bản {} ({} chỉ tiêu)", thidua_text::nfc(&s.name), s.version, s.indicators.len()));
    }
    for period in &p.periods {
        let code = PeriodCode::parse(&period.code)?;
        let deadline = IsoDate::parse(&period.deadline)?;
        let before = w.read().period(code)?.map(|x| x.deadline);
        w.ensure_period(code, Some(deadline), Some(sender.id))?;
        if before != Some(deadline) {
            lines.push(format!("{}: hạn nộp {}", code.label(), deadline.to_dmy()));
        }
    }
    if let Some(plan) = &p.plan {
        let mut draft = plan.clone();
        let clean = |s: &mut String| *s = thidua_text::nfc(s);
        clean(&mut draft.summary);
        clean(&mut draft.doc_type);
        let value = nfc_value(&serde_json::to_value(&draft).expect("serialisable"));
        let draft: thidua_plan::PlanDraft = serde_json::from_value(value).map_err(|e| invalid(e.to_string()))?;
        let new = crate::plans::new_plan_rows(&draft, sender.id, None, w.now());
        w.insert_plan(&new)?;
        lines.push(format!("Kế hoạch «{}» của {}", draft.summary, sender.name));
    }
    let _ = me;
    Ok(lines)
}
