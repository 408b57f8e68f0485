//! Bundles out: the report going up, plans, rosters, decisions and key changes coming down.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};
use thidua_bundle::payload::{
    self, AuditPayload, DecisionPayload, FigurePayload, IndicatorSetPayload, PeriodPayload, PlanIssuePayload, PlanPayload, RecordPayload,
    ReportPayload, RosterEntry, RosterPayload,
};
use thidua_bundle::{Envelope, IndicatorSetRef, KeyPair, Kind};
use thidua_model::{PeriodCode, RecordId, RegisterKind, ReportState, Unit};
use thidua_store::{KeyRole, SentBundle};

use crate::keyring::SentMark;
use crate::keys::stored_key;
use crate::{ApiError, Workspace};

use super::wire::{ExportedBundle, kind_code, party, refused};

impl Workspace {
    /// Replaces this installation's key. The new public key goes up in a bundle signed by the
    /// old one (written to `dest`), so the upper level trusts it without a phone call.
    pub fn rotate_key(&mut self, dest: &Path) -> Result<ExportedBundle, ApiError> {
        let installation = self.installation()?;
        let parent =
            installation.parent.clone().ok_or_else(|| ApiError::refused("Chưa cài đặt đơn vị cấp trên: không có ai để báo khóa mới."))?;
        let old = self.own_key()?;
        let new = KeyPair::generate().map_err(|e| ApiError::refused(e.to_string()))?;
        let payload =
            thidua_bundle::payload::KeyChangePayload { new_public_key: new.public().to_hex(), reason: "thay khóa định kỳ".into() };
        let payload = serde_json::to_vec(&payload).expect("serialisable");
        // The new key is written and synced into the keyring first; then one transaction records
        // the bundle (signed with the old key) and makes the new key the one in use. If that
        // fails, nothing refers to the new key and the bundle's file is removed: the old key
        // stays in use, as if nothing happened.
        self.keyring().keep(&new)?;
        let stored = stored_key(&new.public(), installation.unit.id, KeyRole::Own);
        let old_id = old.public().key_id();
        let exported = self.write_bundle_with(&old, thidua_bundle::Kind::KeyChange, &parent, None, &payload, None, dest, 0, |w| {
            w.revoke_key(&old_id, "thay khóa", Some(&stored.key_id))?;
            w.insert_key(&stored)
        })?;
        // A convenience copy of the key in use: the keyring already has it, so a copy that
        // cannot be written costs nothing.
        let _ = new.save(&self.key_path());
        Ok(exported)
    }

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
        self.write_bundle_with(key, kind, recipient, period, payload, document, dest, audit_through, |_| Ok(()))
    }

    /// [`Workspace::write_bundle`], with `also` written in the same transaction as the record
    /// of the bundle sent. The chain continues from whichever is further on: the database or
    /// the keyring's marks (a database restored from an older backup knows fewer bundles sent,
    /// and must not number the next one as one the recipient already holds).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn write_bundle_with(
        &mut self,
        key: &KeyPair,
        kind: Kind,
        recipient: &Unit,
        period: Option<(PeriodCode, IndicatorSetRef)>,
        payload: &[u8],
        document: Option<&[u8]>,
        dest: &Path,
        audit_through: i64,
        also: impl FnOnce(&mut thidua_store::Writer<'_>) -> thidua_store::Result<()>,
    ) -> Result<ExportedBundle, ApiError> {
        let installation = self.installation()?;
        let last = self.store.read().last_sent(recipient.id)?.map(|b| (b.sequence, b.bundle_id));
        let marked = self.keyring().sent(&recipient.code).pop().map(|m| (m.sequence, m.bundle_id));
        let last = match (last, marked) {
            (Some(db), Some(mark)) => Some(if mark.0 > db.0 { mark } else { db }),
            (db, mark) => db.or(mark),
        };
        let sequence = last.as_ref().map_or(1, |(seq, _)| seq + 1);
        let revision = match (kind, &period) {
            (Kind::Report, Some((p, _))) => {
                self.store.read().report_revisions(installation.unit.id, self.movement(), *p)?.last().map(|r| r.revision)
            }
            _ => None,
        };
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
            previous: last.map(|(_, id)| id),
            created_at: self.store.now().to_rfc3339(),
        };
        let created_at = envelope.created_at.clone();
        let sealed = thidua_bundle::seal(envelope, payload, document, key).map_err(refused)?;
        crate::files::write_atomically(dest, &sealed.bytes)?;
        let sent = SentBundle {
            bundle_id: sealed.bundle_id.clone(),
            recipient_unit_id: recipient.id,
            sequence,
            kind: kind_code(kind).into(),
            period: period_code.clone(),
            file_name: dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            audit_through,
            created_at: String::new(),
        };
        let actor = self.actor()?;
        let recorded = self.store.write(&actor, |w| {
            w.record_sent(&sent)?;
            also(w)
        });
        if let Err(e) = recorded {
            // Not recorded, so not sent: a file left behind would reuse this sequence later.
            let _ = std::fs::remove_file(dest);
            return Err(e.into());
        }
        // The mark outlives any restore of the database. A bundle whose mark could not be
        // written is still sent (the database has it); only a later restore would not know it.
        let mark = SentMark {
            sequence,
            bundle_id: sealed.bundle_id.clone(),
            kind: kind_code(kind).into(),
            period: period_code,
            revision,
            created_at,
        };
        let _ = self.keyring().mark_sent(&recipient.code, &mark);
        Ok(ExportedBundle {
            file: dest.display().to_string(),
            bundle_id: sealed.bundle_id,
            kind: kind.label().into(),
            recipient: recipient.name.clone(),
            sequence: sequence as u32,
            bytes: sealed.bytes.len() as u32,
        })
    }

    pub(super) fn parent_unit(&self) -> Result<Unit, ApiError> {
        self.installation()?.parent.ok_or_else(|| {
            ApiError::refused("Chưa cài đặt đơn vị cấp trên: hãy chọn đơn vị cấp trên trong phần Cài đặt trước khi gửi báo cáo.")
        })
    }

    /// A unit directly below this installation, by code.
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
        let set = self.report_set(self.store.read().report_revisions(unit.id, self.movement(), code)?.last())?;
        let r = self.store.read();
        let mut records = Vec::new();
        let days = code.stored_days();
        for kind in RegisterKind::ALL {
            for row in r.records_with_tombstones(kind, unit.id)? {
                let date = row.get(kind.date_field()).and_then(Value::as_str).unwrap_or("").to_owned();
                if !days.contains(&date) {
                    continue;
                }
                records.push(record_payload(kind, row));
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
            self_score: self.self_score_payload(code)?,
            proposals: self.proposals_payload(code)?,
            verification_code: match self.latest_report(code)? {
                Some(report) => self.store.read().report_verification(report.id)?,
                None => None,
            },
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
        let set = self.indicator_set()?;
        let draft = plan.map(|id| self.plan(id)).transpose()?;
        let pdf = plan.map(|id| self.plan_pdf_bytes(id)).transpose()?;
        let periods = self
            .store
            .read()
            .periods()?
            .into_iter()
            .map(|p| PeriodPayload { code: p.code.to_string(), deadline: p.deadline.to_string() })
            .collect();
        let h = &self.installation()?.header;
        let issued = match plan {
            Some(id) => self.store.read().registration(&thidua_store::Issued::Plan(id))?.map(|d| PlanIssuePayload {
                parent_body: h.parent_body.clone(),
                issuing_body: h.issuing_body.clone(),
                symbol: h.symbol.clone(),
                place: h.place.clone(),
                number: d.number,
                issued_on: d.issued_on.to_string(),
            }),
            None => None,
        };
        let payload = PlanPayload {
            plan: draft,
            issued,
            indicator_set: IndicatorSetPayload {
                code: set.code.clone(),
                movement_name: Some(self.movement_name()?).filter(|_| set.code != thidua_model::FIRST_MOVEMENT),
                version: set.version,
                name: set.name.clone(),
                indicators: set.indicators.iter().map(crate::indicators::payload_of).collect(),
                rules: set.checks.rules.clone(),
                outlier_percent: set.checks.outlier_percent,
            },
            periods,
            scoring: self.scoring_payload_for()?,
            awards: Some(serde_json::to_value(self.award_catalogue()?).expect("serialisable")),
            targets: self.targets_payload_for(&recipient)?,
            verification_code: match plan {
                Some(id) => self.store.read().plan_verification(id)?,
                None => None,
            },
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

    /// Sends back to a unit below what this installation holds of it: every register record
    /// received from it (tombstones included) and every report revision it sent by bundle, with
    /// the decision on each. For a unit that restored an older backup and lacks what it had
    /// sent since; it applies the bundle like any other from above. Revisions entered here from
    /// an Excel template are not the unit's own and stay here.
    pub fn export_returned_data(&mut self, unit_code: &str, dest: &Path) -> Result<ExportedBundle, ApiError> {
        let unit = self.child_unit(unit_code)?;
        let r = self.store.read();
        if r.active_key(unit.id, KeyRole::Child)?.is_none() {
            return Err(not_enrolled(&unit.name));
        }
        let mut records = Vec::new();
        for kind in RegisterKind::ALL {
            for row in r.records_with_tombstones(kind, unit.id)? {
                records.push(record_payload(kind, row));
            }
        }
        let codes = r.indicator_codes()?;
        let mut reports = Vec::new();
        for (movement, period) in r.movements()?.iter().flat_map(|m| r.periods().into_iter().flatten().map(move |p| (m, p))) {
            for rev in r.report_revisions(unit.id, &movement.code, period.code)?.into_iter().filter(|x| x.bundle_id.is_some()) {
                let figures = r
                    .report_figures(rev.id)?
                    .into_iter()
                    .filter_map(|f| {
                        Some(FigurePayload {
                            indicator_code: codes.get(&f.indicator_id)?.0.clone(),
                            computed: f.computed,
                            value: f.value,
                            override_reason: f.override_reason,
                        })
                    })
                    .collect();
                reports.push(payload::ReturnedReport {
                    movement: movement.code.clone(),
                    period: period.code.to_string(),
                    revision: rev.revision,
                    state: rev.state.code().into(),
                    state_reason: rev.state_reason.clone(),
                    sent_at: rev.sent_at.clone(),
                    narrative: rev.narrative.iter().filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned()))).collect(),
                    figures,
                });
            }
        }
        if records.is_empty() && reports.is_empty() {
            return Err(ApiError::refused(format!("Chưa nhận được dữ liệu nào của {}: không có gì để gửi trả.", unit.name)));
        }
        let payload = serde_json::to_vec(&payload::ReturnedDataPayload { records, reports }).expect("serialisable");
        let key = self.own_key()?;
        self.write_bundle(&key, Kind::ReturnedData, &unit, None, &payload, None, dest, 0)
    }

    /// A unit below whose key is enrolled here: only it can open what is sent to it.
    fn enrolled_child(&self, unit_code: &str) -> Result<Unit, ApiError> {
        let unit = self.child_unit(unit_code)?;
        if self.store.read().active_key(unit.id, KeyRole::Child)?.is_none() {
            return Err(not_enrolled(&unit.name));
        }
        Ok(unit)
    }

    /// Writes an award decision for a unit below: its awardees in it and the decision on each
    /// nominee it proposed that year, with the printed decision as the bundle's document.
    pub fn export_award_decision(&mut self, decision: RecordId, unit_code: &str, dest: &Path) -> Result<ExportedBundle, ApiError> {
        let mut written = self.export_award_decisions(decision, &[(unit_code.to_owned(), dest.to_path_buf())])?;
        Ok(written.remove(0))
    }

    /// Writes an award decision for several units below, one bundle each (unit code, file).
    /// The decision is read and printed once, not once per unit: a province sends one decision
    /// to hundreds of communes. Every unit is checked before any file is written.
    pub fn export_award_decisions(&mut self, decision: RecordId, to: &[(String, PathBuf)]) -> Result<Vec<ExportedBundle>, ApiError> {
        let units = to.iter().map(|(code, _)| self.enrolled_child(code)).collect::<Result<Vec<_>, _>>()?;
        let payloads = self.award_decision_payloads(decision, &units)?;
        let pdf = self.award_decision_bytes(decision)?;
        let key = self.own_key()?;
        let mut written = Vec::with_capacity(units.len());
        for ((unit, payload), (_, dest)) in units.iter().zip(payloads).zip(to) {
            let payload = serde_json::to_vec(&payload).expect("serialisable");
            written.push(self.write_bundle(&key, Kind::AwardDecision, unit, None, &payload, Some(&pdf), dest, 0)?);
        }
        Ok(written)
    }

    /// Writes how the upper level scored a unit below for `year` (its points criterion by
    /// criterion with the reasons, its class and its ranks) as a bundle for that unit.
    pub fn export_scoring_result(&mut self, year: i32, unit_code: &str, dest: &Path) -> Result<ExportedBundle, ApiError> {
        let unit = self.enrolled_child(unit_code)?;
        let scoring = self.scoring(year, None)?;
        let row = scoring
            .units
            .iter()
            .find(|u| u.unit_code == unit.code)
            .ok_or_else(|| ApiError::refused("Đơn vị không có trong bảng chấm điểm."))?;
        if row.rank == 0 {
            return Err(ApiError::refused(format!(
                "{} chưa được chấm điểm năm {year} (chưa có báo cáo năm, chưa có điểm nào): chưa có kết quả để gửi.",
                unit.full_name()
            )));
        }
        let hundredths = |text: &str| text.parse::<thidua_scoring::Points>().ok().map(|p| p.0);
        let in_cluster = scoring
            .units
            .iter()
            .filter(|u| !row.cluster_code.is_empty() && u.cluster_code == row.cluster_code && u.cluster_rank > 0)
            .count();
        let payload = payload::ScoringResultPayload {
            year,
            table_code: scoring.table.code.clone(),
            table_version: scoring.table.version as i64,
            table_name: scoring.table.name.clone(),
            total: row.total_hundredths,
            class: row.class.clone(),
            rank: row.rank,
            tied: row.tied,
            ranked_units: scoring.units.iter().filter(|u| u.rank > 0).count() as u32,
            cluster_name: row.cluster_name.clone(),
            cluster_rank: row.cluster_rank,
            cluster_ranked: in_cluster as u32,
            criteria: row
                .cells
                .iter()
                .zip(&scoring.criteria)
                .map(|(c, head)| payload::ResultCriterion {
                    code: c.code.clone(),
                    name: head.name.clone(),
                    points: hundredths(&c.points),
                    explanation: c.explanation.clone(),
                    reason: c.reason.clone(),
                })
                .collect(),
            decided_at: self.store.now().to_rfc3339(),
            decided_by: self.actor()?,
        };
        let payload = serde_json::to_vec(&payload).expect("serialisable");
        let key = self.own_key()?;
        self.write_bundle(&key, Kind::ScoringResult, &unit, None, &payload, None, dest, 0)
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
            .report_revisions(unit.id, self.movement(), code)?
            .pop()
            .ok_or_else(|| ApiError::refused(format!("Chưa nhận báo cáo {} của {}: chưa có gì để xét.", code.label(), unit.name)))?;
        if report.state == ReportState::Accepted {
            return Err(ApiError::refused(format!("Báo cáo lần {} của {} đã được chấp nhận trước đó.", report.revision, unit.name)));
        }
        let state = if accept { ReportState::Accepted } else { ReportState::Returned };
        let key = self.own_key()?;
        let payload = DecisionPayload {
            movement: self.movement().to_owned(),
            period: code.to_string(),
            revision: report.revision,
            decision: if accept { "accepted" } else { "returned" }.into(),
            reason: reason.clone(),
            decided_at: self.store.now().to_rfc3339(),
            decided_by: self.actor()?,
        };
        let payload = serde_json::to_vec(&payload).expect("serialisable");
        let exported = self.write_bundle(&key, Kind::Decision, &unit, None, &payload, None, dest, 0)?;
        let actor = self.actor()?;
        self.store.write(&actor, |w| w.set_report_state(&report, state, &reason))?;
        Ok(exported)
    }
}

/// A stored register row as a bundle carries it: the common columns apart, the register's own
/// columns as its fields.
fn record_payload(kind: RegisterKind, mut row: Map<String, Value>) -> RecordPayload {
    let take = |row: &mut Map<String, Value>, k: &str| row.remove(k).and_then(|v| v.as_str().map(str::to_owned));
    let id = take(&mut row, "id").unwrap_or_default();
    row.remove("unit_id");
    RecordPayload {
        register: kind.code().into(),
        id,
        version: row.remove("version").and_then(|v| v.as_i64()).unwrap_or(1),
        created_at: take(&mut row, "created_at").unwrap_or_default(),
        created_by: take(&mut row, "created_by").unwrap_or_default(),
        updated_at: take(&mut row, "updated_at").unwrap_or_default(),
        updated_by: take(&mut row, "updated_by").unwrap_or_default(),
        deleted_at: take(&mut row, "deleted_at"),
        fields: row,
    }
}

/// A unit below without an enrolled key cannot be sent a bundle: it could not check it.
fn not_enrolled(unit_name: &str) -> ApiError {
    ApiError::refused(format!(
        "{unit_name} chưa ghi danh khóa ký ở đây nên không nhận được gói: hãy ghi danh đơn vị trước (Trao đổi dữ liệu → Ghi danh). {}",
        thidua_guide::see(thidua_guide::topics::ENROLMENT)
    ))
}
