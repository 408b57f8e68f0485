//! Bundles in: every check, in order, before one transaction applies a file.

use std::path::Path;

use thidua_bundle::{Kind, PublicKey, Sealed, Verified};
use thidua_model::{BundleOutcome, Unit};
use thidua_store::{KeyRole, ReceivedBundle, ReceivedState, StoreError, Writer};

use crate::wording::day_and_time;
use crate::{ApiError, Workspace};

use super::apply::{Apply, apply, undo_superseded};
use super::refusal::RefusalReason;
use super::wire::{BundleInspection, ImportOutcome, ImportProgress, Parsed, kind_code, refusal, refused, summary};

/// The most files one import takes (a province's communes, and then some).
pub(super) const MAX_FILES: usize = 10_000;
/// How many bundles of one sender may be missing before one that arrives is still held for
/// them: a unit sends a few bundles a period, so more than this is a broken or forged number,
/// which held would block the sender's chain for ever.
pub(super) const MAX_MISSING: u64 = 100;
/// At most this many bundles are committed together (see `Store::begin_batch`).
pub(super) const BATCH: usize = 100;

pub(super) struct Refusal {
    pub(super) reason: RefusalReason,
    pub(super) bundle_id: Option<String>,
    pub(super) sender: String,
}

impl Refusal {
    pub(super) fn plain(reason: RefusalReason) -> Self {
        Self { reason, bundle_id: None, sender: String::new() }
    }
}

/// A failure on this computer while checking a bundle, as a refusal of it.
fn failed(e: impl Into<ApiError>) -> RefusalReason {
    RefusalReason::Failed { detail: e.into().message }
}

/// A bundle file's bytes, or why it cannot be read (too large to be a bundle, unreadable).
pub(super) fn read_bundle_file(path: &Path) -> Result<Vec<u8>, RefusalReason> {
    crate::files::read_limited(path, thidua_bundle::MAX_FILE_BYTES).map_err(|e| match e {
        crate::files::ReadError::TooLarge(size) => RefusalReason::TooLarge { detail: format!("tệp nặng {size} byte") },
        crate::files::ReadError::Unreadable(e) => RefusalReason::Unreadable { detail: e.to_string() },
    })
}

impl Workspace {
    /// Imports bundle files, each on its own: one refused file does not stop the others.
    pub fn import_bundles(&mut self, paths: &[&Path], dry_run: bool) -> Result<Vec<ImportOutcome>, ApiError> {
        self.import_bundles_reporting(paths, dry_run, &mut |_| {})
    }

    /// `import_bundles`, telling `on_file` each file's outcome as soon as it is known (the
    /// window's progress bar). An outcome told is final unless the batch it was in is undone
    /// by SQLite (a full disk): the returned list is the truth.
    pub fn import_bundles_reporting(
        &mut self,
        paths: &[&Path],
        dry_run: bool,
        on_file: &mut dyn FnMut(ImportProgress),
    ) -> Result<Vec<ImportOutcome>, ApiError> {
        let total = paths.len() as u32;
        let mut tell =
            |outcome: &ImportOutcome, done: usize| on_file(ImportProgress { done: done as u32, total, outcome: outcome.clone() });
        if paths.len() > MAX_FILES {
            return Err(ApiError::refused(format!("Mỗi lần nhập tối đa {MAX_FILES} tệp: hãy chia nhỏ.")));
        }
        let mut out = Vec::with_capacity(paths.len());
        // The backup is taken just before the first file that will change something is written:
        // importing the same folder again (all duplicates) or only refused files copies
        // nothing, so refused attempts never push the backup of real work out of rotation.
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
            let imported = self.import_chunk(chunk, &hashes, dry_run, &mut out, &mut tell);
            if !self.store.batch_is_open() {
                // SQLite undid the whole batch (a full disk, an I/O error): what this batch said
                // it applied is not there, and the files after it were not tried.
                let detail = match imported {
                    Err(e) => e.message,
                    Ok(()) => out.last().map(|o| o.message.clone()).unwrap_or_default(),
                };
                out.truncate(first);
                let rest = &paths[index * chunk_size..];
                out.extend(rest.iter().map(|p| {
                    let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                    refusal(&name, RefusalReason::NotTried { detail: detail.clone() }, dry_run)
                }));
                return Ok(out);
            }
            let committed = self.store.end_batch();
            imported?;
            committed?;
        }
        Ok(out)
    }

    /// Whether any of the files would change something here (not a duplicate, not refused),
    /// trying one file at a time (the first not already received in a dry run) and stopping
    /// at the first; with the SHA-256 of each file hashed on the way, so the import does not
    /// hash it again.
    pub(super) fn first_new(&mut self, paths: &[&Path]) -> Result<(bool, Vec<Option<String>>), ApiError> {
        let mut hashes = vec![None; paths.len()];
        for (path, hash) in paths.iter().zip(hashes.iter_mut()) {
            let Ok(bytes) = read_bundle_file(path) else { continue };
            let sha = hash.insert(thidua_bundle::sha256_hex(&bytes));
            if self.store.read().received_file(sha)?.is_some() {
                continue;
            }
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            // A dry run that could not be tried (the store busy or failing) counts as a change:
            // the backup is skipped only for a bundle known to be refused or already here.
            let changes = match self.check_and_apply(&name, &bytes, sha, true, Apply::Normal) {
                Ok(o) => o.outcome != BundleOutcome::Duplicate,
                Err(r) => matches!(r.reason, RefusalReason::Failed { .. } | RefusalReason::NotTried { .. }),
            };
            if changes {
                return Ok((true, hashes));
            }
        }
        Ok((false, hashes))
    }

    pub(super) fn import_chunk(
        &mut self,
        paths: &[&Path],
        hashes: &[Option<String>],
        dry_run: bool,
        out: &mut Vec<ImportOutcome>,
        tell: &mut dyn FnMut(&ImportOutcome, usize),
    ) -> Result<(), ApiError> {
        for (path, hash) in paths.iter().zip(hashes) {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string());
            out.push(match read_bundle_file(path) {
                Ok(bytes) => {
                    let sha = hash.clone().unwrap_or_else(|| thidua_bundle::sha256_hex(&bytes));
                    self.import_hashed(&name, &bytes, &sha, dry_run)?
                }
                Err(reason) => {
                    if !dry_run {
                        let actor = self.actor()?;
                        self.store.write(&actor, |w| w.log_import(&name, "", None, "", BundleOutcome::Refused, &reason.message()))?;
                    }
                    refusal(&name, reason, dry_run)
                }
            });
            tell(&out[out.len() - 1], out.len());
        }
        Ok(())
    }

    /// Imports one bundle given as bytes (`name` is for the log and messages).
    pub fn import_bundle_bytes(&mut self, name: &str, bytes: &[u8], dry_run: bool) -> Result<ImportOutcome, ApiError> {
        self.import_hashed(name, bytes, &thidua_bundle::sha256_hex(bytes), dry_run)
    }

    /// As [`Workspace::import_bundle_bytes`], with the file's SHA-256 already known.
    pub(super) fn import_hashed(&mut self, name: &str, bytes: &[u8], file_sha: &str, dry_run: bool) -> Result<ImportOutcome, ApiError> {
        let result = self.check_and_apply(name, bytes, file_sha, dry_run, Apply::Normal);
        let actor = self.actor()?;
        match result {
            Ok(o) => {
                if o.outcome == BundleOutcome::Applied && !dry_run {
                    self.apply_waiting_successors()?;
                }
                Ok(o)
            }
            Err(Refusal { reason, bundle_id, sender }) => {
                if !dry_run {
                    let message = reason.message();
                    self.store
                        .write(&actor, |w| w.log_import(name, file_sha, bundle_id.as_deref(), &sender, BundleOutcome::Refused, &message))?;
                }
                let mut o = refusal(name, reason, dry_run);
                o.bundle_id = bundle_id;
                o.sender = sender;
                Ok(o)
            }
        }
    }

    /// Opens and verifies a bundle against the keys this installation trusts.
    pub(super) fn verify(&self, bytes: &[u8]) -> Result<(Verified, Unit, KeyRole), Refusal> {
        let sealed = Sealed::read(bytes).map_err(|e| Refusal::plain(e.into()))?;
        let m = &sealed.manifest;
        let sender_label = format!("{} ({})", m.sender.unit_name, m.sender.unit_code);
        let bundle_id = sealed.bundle_id.clone();
        let with = |reason: RefusalReason| Refusal { reason, bundle_id: Some(bundle_id.clone()), sender: sender_label.clone() };
        let me = self.installation().map_err(|e| with(failed(e)))?.unit;
        if m.recipient.unit_code != me.code || m.recipient.level != me.level {
            return Err(with(RefusalReason::WrongRecipient {
                recipient: m.recipient.unit_name.clone(),
                recipient_code: m.recipient.unit_code.clone(),
                here: me.name,
            }));
        }
        let sender = self.unit_by_code(&m.sender.unit_code, &m.sender.level).map_err(|e| with(failed(e)))?;
        let r = self.store.read();
        let key = r.key(&m.sender_key_id).map_err(|e| with(failed(e)))?;
        let key = match key {
            Some(k) if k.unit_id == sender.id && k.role != KeyRole::Own => k,
            Some(_) => return Err(with(RefusalReason::BadSignature)),
            None => return Err(with(RefusalReason::KeyNotEnrolled { sender: sender.name })),
        };
        if let Some(at) = &key.revoked_at {
            return Err(with(RefusalReason::KeyRevoked {
                sender: sender.name,
                on: crate::wording::day(at),
                replaced: key.replaced_by.is_some(),
            }));
        }
        if key.unconfirmed_since.is_some() {
            return Err(with(RefusalReason::KeyUnconfirmed { sender: sender.name }));
        }
        let public = PublicKey::from_hex(&key.public_key).map_err(|e| with(e.into()))?;
        let verified = sealed.verify(&public).map_err(|e| with(e.into()))?;
        let allowed = match key.role {
            KeyRole::Child => matches!(verified.manifest.kind, Kind::Report | Kind::KeyChange),
            KeyRole::Parent => {
                matches!(
                    verified.manifest.kind,
                    Kind::Plan
                        | Kind::Roster
                        | Kind::Decision
                        | Kind::KeyChange
                        | Kind::ReturnedData
                        | Kind::ScoringResult
                        | Kind::AwardDecision
                )
            }
            KeyRole::Own => false,
        };
        if !allowed {
            return Err(with(RefusalReason::KindNotAllowed { sender: sender.name, kind: verified.manifest.kind.label().into() }));
        }
        Ok((verified, sender, key.role))
    }

    /// A bundle received before: already in, still waiting, or set aside.
    pub(super) fn seen_before(
        &mut self,
        name: &str,
        file_sha: &str,
        seen: &ReceivedBundle,
        sender_label: &str,
        kind: &str,
        dry_run: bool,
    ) -> Result<ImportOutcome, Refusal> {
        let with = |reason: RefusalReason| Refusal { reason, bundle_id: Some(seen.bundle_id.clone()), sender: sender_label.to_owned() };
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
            ReceivedState::Held => BundleOutcome::Held,
            ReceivedState::Conflict => BundleOutcome::Conflict,
            ReceivedState::Applied | ReceivedState::Discarded => BundleOutcome::Duplicate,
        };
        if !dry_run {
            let actor = self.actor().map_err(|e| with(failed(e)))?;
            self.store
                .write(&actor, |w| w.log_import(name, file_sha, Some(&seen.bundle_id), sender_label, code, &message))
                .map_err(|e| with(failed(e)))?;
        }
        Ok(ImportOutcome {
            file_name: name.to_owned(),
            outcome: code,
            message,
            dry_run,
            bundle_id: Some(seen.bundle_id.clone()),
            sender: sender_label.to_owned(),
            kind: kind.into(),
            sequence: Some(seen.sequence as u32),
            changes: Vec::new(),
            reason: None,
        })
    }

    pub(super) fn check_and_apply(
        &mut self,
        name: &str,
        bytes: &[u8],
        file_sha: &str,
        dry_run: bool,
        mode: Apply,
    ) -> Result<ImportOutcome, Refusal> {
        // The same bytes as a bundle already received were checked then: say so without
        // opening them again (re-importing a folder of 3,321 bundles is then a matter of hashes).
        if mode == Apply::Normal
            && let Some(seen) = self.store.read().received_file(file_sha).map_err(|e| Refusal::plain(failed(e)))?
        {
            let sender = self.store.read().unit(seen.sender_unit_id).ok().flatten();
            let sender_label = sender.map(|u| format!("{} ({})", u.name, u.code)).unwrap_or_default();
            let kind = Kind::ALL.into_iter().find(|k| kind_code(*k) == seen.kind).map_or("", |k| k.label());
            return self.seen_before(name, file_sha, &seen, &sender_label, kind, dry_run);
        }
        let (verified, sender, _role) = self.verify(bytes)?;
        let m = verified.manifest.clone();
        let sender_label = format!("{} ({})", sender.name, sender.code);
        let with = |reason: RefusalReason| Refusal { reason, bundle_id: Some(verified.bundle_id.clone()), sender: sender_label.clone() };
        let store_err = |e: StoreError| with(failed(e));
        if mode == Apply::Normal
            && let Some(seen) = self.store.read().received(&verified.bundle_id).map_err(store_err)?
        {
            return self.seen_before(name, file_sha, &seen, &sender_label, m.kind.label(), dry_run);
        }
        let parsed = Parsed::from(&verified).map_err(|e| with(e.into()))?;
        let r = self.store.read();
        let base = |outcome: BundleOutcome, message: String| ImportOutcome {
            file_name: name.to_owned(),
            outcome,
            message,
            dry_run,
            bundle_id: Some(verified.bundle_id.clone()),
            sender: sender_label.clone(),
            kind: m.kind.label().into(),
            sequence: Some(m.sequence as u32),
            changes: Vec::new(),
            reason: None,
        };
        // Where this bundle sits in the sender's chain.
        let last = r.last_applied(sender.id).map_err(store_err)?;
        let last_seq = last.as_ref().map_or(0, |b| b.sequence) as u64;
        // The first bundle after the upper clerk reset the sender's chain starts a new one.
        let new_chain = mode == Apply::Normal && last.is_none() && r.chain_resets(sender.id).map_err(store_err)? > 0;
        let mut state = ReceivedState::Applied;
        let mut note = String::new();
        if new_chain {
            if m.sequence == 0 {
                return Err(with(RefusalReason::SequenceOutOfRange { sender: sender.name, sequence: "0".into(), next: 1 }));
            }
            note = format!("Gói số {} là gói đầu của chuỗi gói mới của {} (chuỗi đã được đặt lại).", m.sequence, sender.name);
        } else if mode == Apply::Normal {
            if m.sequence == 0 || m.sequence > last_seq + 1 + MAX_MISSING {
                return Err(with(RefusalReason::SequenceOutOfRange {
                    sender: sender.name,
                    sequence: m.sequence.to_string(),
                    next: (last_seq + 1) as u32,
                }));
            }
            if m.sequence <= last_seq && r.has_received_sequence(sender.id, m.sequence as i64).map_err(store_err)? {
                // Another bundle already holds this place (the same bytes were caught above as
                // a duplicate): the unit's data went two ways (a second laptop, an old backup).
                // The clerk compares and chooses; choosing this one undoes those it replaces.
                state = ReceivedState::Conflict;
                note = if m.sequence == last_seq {
                    format!("Trùng số thứ tự {} với gói đã nhập nhưng nội dung khác: hãy so sánh và chọn gói đúng.", m.sequence)
                } else {
                    format!(
                        "Trùng số thứ tự {} với gói đã nhập nhưng nội dung khác (đã nhập đến gói số {last_seq}): hãy so sánh và chọn gói đúng; \
                         chọn gói này thì các gói số {} đến {last_seq} đã nhập được hoàn lại.",
                        m.sequence, m.sequence
                    )
                };
            } else if m.sequence < last_seq {
                // A place the chain skipped (the clerk applied a later bundle past the gap) is
                // still open: the bundle is applied, and what it carries only replaces older
                // versions.
                note = format!(
                    "Gói số {} của {} đến sau gói số {last_seq} đã nhập: được nhập, phần đã có bản mới hơn giữ nguyên.",
                    m.sequence, sender.name
                );
            } else if m.sequence > last_seq + 1 && m.kind == Kind::ReturnedData {
                // The upper level's whole statement of this unit's data: it does not wait for
                // the bundles before it, which a unit that restored an older backup may have
                // received before the restore and no longer knows. They may follow late.
                note = format!(
                    "Gói {} số {} được nhập dù máy này chưa có gói số {} của {} (gói đó đến sau vẫn được nhập).",
                    m.kind.label(),
                    m.sequence,
                    last_seq + 1,
                    sender.name
                );
            } else if m.sequence > last_seq + 1 {
                state = ReceivedState::Held;
                note = format!("Thiếu gói số {} của {}: gói số {} được giữ lại chờ gói trước.", last_seq + 1, sender.name, m.sequence);
            } else if m.previous != last.as_ref().map(|b| b.bundle_id.clone()) {
                state = ReceivedState::Conflict;
                note =
                    format!("Gói số {} không nối tiếp gói số {last_seq} đã nhập của {}: hãy xem và quyết định.", m.sequence, sender.name);
            }
        }
        let actor = self.actor().map_err(|e| with(failed(e)))?;
        let now = self.store.now().to_rfc3339();
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
        let me = self.installation().map_err(|e| with(failed(e)))?;
        let outcome_code = state.outcome();
        let message = match state {
            ReceivedState::Applied if note.is_empty() => format!("Đã nhập gói {} số {} của {}.", m.kind.label(), m.sequence, sender.name),
            _ => note.clone(),
        };
        let run = |w: &mut Writer<'_>| -> thidua_store::Result<Vec<String>> {
            let mut effects = Vec::new();
            let changes = if state == ReceivedState::Applied {
                let mut undone = if mode == Apply::Replace { undo_superseded(w, &sender, &verified)? } else { Vec::new() };
                // The first bundle of a new chain is the unit's data as it now stands: a report
                // revision it numbers again replaces the one held (unless already accepted).
                let mut lines = apply(w, &me, &sender, &verified, &parsed, new_chain, &mut effects)?;
                lines.append(&mut undone);
                lines
            } else {
                summary(&parsed)
            };
            w.record_received(&received)?;
            if !effects.is_empty() {
                w.set_bundle_effects(&verified.bundle_id, &effects)?;
            }
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
            StoreError::Invalid(inner) => with(RefusalReason::NotApplicable { detail: inner.to_string() }),
            other => store_err(other),
        })?;
        let mut o = base(outcome_code, message);
        o.changes = changes;
        Ok(o)
    }

    /// What a bundle file says, checked against this installation's keys, without importing.
    pub fn inspect_bundle(&self, path: &Path) -> Result<BundleInspection, ApiError> {
        let bytes = std::fs::read(path).map_err(|e| ApiError::refused(format!("Không đọc được tệp {} ({e}).", path.display())))?;
        let sealed = Sealed::read(&bytes).map_err(refused)?;
        let m = sealed.manifest.clone();
        let verdict = match self.verify(&bytes) {
            Ok(_) => "Chữ ký hợp lệ, khóa đã ghi danh.".to_owned(),
            Err(r) => r.reason.message(),
        };
        // What the manifest says is shown before anything is trusted: without control characters.
        let shown = thidua_text::visible;
        Ok(BundleInspection {
            bundle_id: shown(&sealed.bundle_id),
            kind: m.kind.label().into(),
            sender: shown(&format!("{} ({})", m.sender.unit_name, m.sender.unit_code)),
            recipient: shown(&format!("{} ({})", m.recipient.unit_name, m.recipient.unit_code)),
            period: shown(&m.period.unwrap_or_default()),
            sequence: m.sequence as u32,
            created_at: shown(&m.created_at),
            key_id: shown(&m.sender_key_id),
            files: m.files.into_iter().map(|(n, h)| shown(&format!("{n} {h}"))).collect(),
            verdict,
        })
    }
}
