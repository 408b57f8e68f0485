//! Bundles held back (a gap in a sender's chain, two bundles with one number) and the
//! clerk's decision on each.

use thidua_model::{BundleOutcome, PeriodCode, RecordId};
use thidua_store::{KeyRole, ReceivedBundle, ReceivedState};

use crate::{ApiError, Workspace};

use super::apply::Apply;
use super::wire::{ImportOutcome, Parsed, WaitingBundle, outcome, summary};

impl Workspace {
    /// After a bundle is applied, its held successors that now fit the chain are applied too.
    pub(super) fn apply_waiting_successors(&mut self) -> Result<(), ApiError> {
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

    pub(super) fn resolve_with(&mut self, b: &ReceivedBundle, content: Vec<u8>, mode: Apply) -> Result<ImportOutcome, ApiError> {
        match self.check_and_apply(&b.file_name, &content, &b.file_sha256, false, mode) {
            Ok(o) => Ok(o),
            Err(r) => Err(ApiError::refused(r.reason.message())),
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
                    state: b.state.outcome(),
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
    pub(super) fn applied_summary(&self, b: &ReceivedBundle) -> Result<Vec<String>, ApiError> {
        let r = self.store.read();
        let Some(period) = b.period.as_deref().and_then(|p| PeriodCode::parse(p).ok()) else {
            return Ok(vec![format!("Gói {} số {}", b.kind, b.sequence)]);
        };
        // What is in force now for the movement this bundle reported on: the sender's latest
        // revision sent.
        let mut found = None;
        for m in r.movements()? {
            let revisions = r.report_revisions(b.sender_unit_id, &m.code, period)?;
            if revisions.iter().any(|x| x.bundle_id.as_deref() == Some(b.bundle_id.as_str())) {
                found = revisions.into_iter().rev().find(|x| x.state != thidua_model::ReportState::Draft);
                break;
            }
        }
        let Some(report) = found else { return Ok(Vec::new()) };
        let codes = r.indicator_codes()?;
        let code_of = |id: RecordId| codes.get(&id).map(|(c, _)| c.clone()).unwrap_or_default();
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
            return Ok(outcome(&b.file_name, BundleOutcome::Discarded, "Đã bỏ qua gói; dữ liệu không đổi.".into(), false));
        }
        let content = b.content.clone().ok_or_else(|| ApiError::refused("Gói không còn nội dung để nhập."))?;
        let mode = if b.state == ReceivedState::Conflict { Apply::Replace } else { Apply::Resume };
        let o = self.resolve_with(&b, content, mode)?;
        self.apply_waiting_successors()?;
        Ok(o)
    }

    /// Starts the chain of bundles from `unit_code` again, for a unit that lost its data and
    /// numbers its bundles from an older point (a restored backup, a reinstalled laptop): its
    /// next bundle is taken as the first of a new chain, whatever its number. Logged with the
    /// reason. Bundles already applied stay applied; held ones stay for the clerk to decide.
    pub fn reset_chain(&mut self, unit_code: &str, reason: &str) -> Result<String, ApiError> {
        let r = self.store.read();
        let sender = r
            .keys(None)?
            .into_iter()
            .filter(|k| k.role != KeyRole::Own)
            .filter_map(|k| r.unit(k.unit_id).ok().flatten())
            .find(|u| u.code == unit_code)
            .ok_or_else(|| {
                ApiError::refused(format!(
                    "Không có đơn vị mã {unit_code} đã ghi danh để gửi gói đến đây: xem danh sách bằng «thidua key list»."
                ))
            })?;
        let actor = self.actor()?;
        self.store.write(&actor, |w| w.reset_chain(sender.id, reason))?;
        Ok(format!(
            "Đã đặt lại chuỗi gói của {}: gói tiếp theo của đơn vị được nhận làm gói đầu của chuỗi mới, dù mang số nào.",
            sender.name
        ))
    }
}
