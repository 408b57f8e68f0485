//! The one transaction that applies a verified bundle's payload.

use std::collections::BTreeMap;

use serde_json::{Map, Value};
use thidua_bundle::payload::{PlanPayload, RecordPayload, ReportPayload, ReturnedDataPayload};
use thidua_bundle::{PublicKey, Verified};
use thidua_model::{IsoDate, PeriodCode, RegisterKind, ReportState, Unit};
use thidua_store::{AuditEntry, KeyRole, ReceivedState, RecordChange, RecordEffect, StoreError, StoredFigure, Writer};

use crate::keys::stored_key;

use super::wire::Parsed;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Apply {
    /// A new file: chain checks apply.
    Normal,
    /// A held bundle whose turn came (or the clerk applies it despite a gap).
    Resume,
    /// A conflict's bundle the clerk chose: the bundles applied at its place and after it are
    /// undone first (`undo_superseded`).
    Replace,
}

/// A payload's text, NFC (bundles may come from machines that paste NFD), without control
/// characters (a signed bundle from a foreign program may carry ESC or BEL, which the CLI
/// would echo to the terminal).
pub(super) fn nfc_value(v: &Value) -> Value {
    match v {
        Value::String(s) => Value::String(thidua_text::visible(s)),
        Value::Array(a) => Value::Array(a.iter().map(nfc_value).collect()),
        Value::Object(o) => Value::Object(o.iter().map(|(k, x)| (thidua_text::visible(k), nfc_value(x))).collect()),
        other => other.clone(),
    }
}

pub(super) fn invalid(message: String) -> StoreError {
    thidua_model::InvalidValue(message).into()
}

/// Applies a verified payload inside the import's transaction; returns what changed, and adds
/// to `effects` each register record it changed (kept to undo the bundle, see `undo_superseded`).
pub(super) fn apply(
    w: &mut Writer<'_>,
    me: &thidua_model::Installation,
    sender: &Unit,
    v: &Verified,
    p: &Parsed,
    new_chain: bool,
    effects: &mut Vec<RecordEffect>,
) -> thidua_store::Result<Vec<String>> {
    match p {
        Parsed::Report(r) => apply_report(w, sender, v, r, new_chain, effects),
        Parsed::Plan(plan) => apply_plan(w, me, sender, v, plan),
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
                .report_revisions(me.unit.id, &d.movement, period)?
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
        Parsed::ReturnedData(d) => apply_returned(w, me, d),
        Parsed::ScoringResult(r) => {
            let body = nfc_value(&serde_json::to_value(r).expect("serialisable")).to_string();
            w.set_scoring_result(r.year, sender.id, &body)?;
            let rank = if r.rank > 0 { format!(", hạng {}/{}", r.rank, r.ranked_units) } else { String::new() };
            Ok(vec![format!("Kết quả chấm điểm thi đua năm {}: {} điểm{rank}", r.year, thidua_scoring::Points(r.total).to_text())])
        }
        Parsed::AwardDecision(d) => {
            let code = match &d.verification_code {
                Some(code) => Some(checked_decision_code(w, sender, v, d, code)?),
                None => None,
            };
            crate::awards::apply_award_decision(w, me, sender, d, code)
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

/// A register record as a bundle carried it, as a row of its register: text NFC and visible,
/// the common columns from the payload, `source` as given.
fn stored_row(rec: &RecordPayload, source: &str) -> thidua_store::Result<(RegisterKind, Map<String, Value>)> {
    let kind = RegisterKind::from_code(&rec.register).ok_or_else(|| invalid(format!("sổ «{}» không tồn tại", rec.register)))?;
    let mut row: Map<String, Value> = rec.fields.iter().map(|(k, x)| (k.clone(), nfc_value(x))).collect();
    row.insert("id".into(), Value::from(rec.id.clone()));
    row.insert("version".into(), Value::from(rec.version));
    row.insert("created_at".into(), Value::from(rec.created_at.clone()));
    row.insert("created_by".into(), Value::from(thidua_text::visible(&rec.created_by)));
    row.insert("updated_at".into(), Value::from(rec.updated_at.clone()));
    row.insert("updated_by".into(), Value::from(thidua_text::visible(&rec.updated_by)));
    row.insert("deleted_at".into(), rec.deleted_at.clone().map(Value::from).unwrap_or(Value::Null));
    row.insert("source".into(), Value::from(source));
    Ok((kind, row))
}

/// A unit's own records and report revisions sent back by its upper level (after the unit
/// restored an older backup): a record comes back where the unit has no newer version of it; a
/// revision comes back where the unit has no revision of that number, with the upper level's
/// decision on it. What the unit has done since stays as it is.
fn apply_returned(w: &mut Writer<'_>, me: &thidua_model::Installation, d: &ReturnedDataPayload) -> thidua_store::Result<Vec<String>> {
    let mut restored = 0;
    for rec in &d.records {
        // The unit's own records, come home: as if entered here.
        let (kind, row) = stored_row(rec, "app")?;
        if w.upsert_received_record(kind, me.unit.id, row)? != RecordChange::Unchanged {
            restored += 1;
        }
    }
    let mut lines = vec![format!("{restored} bản ghi sổ theo dõi được khôi phục (trong {} bản ghi cấp trên giữ)", d.records.len())];
    for r in &d.reports {
        let set = w
            .read()
            .latest_indicator_set(&r.movement)?
            .ok_or_else(|| invalid(format!("máy này chưa có bộ chỉ tiêu của phong trào «{}»", r.movement)))?;
        let period = PeriodCode::parse(&r.period)?;
        let label = format!("Báo cáo {} lần {}", period.label(), r.revision);
        if w.read().period(period)?.is_none() {
            lines.push(format!("{label}: kỳ này chưa có ở máy này, không khôi phục"));
            continue;
        }
        if w.read().report_revisions(me.unit.id, &r.movement, period)?.iter().any(|x| x.revision == r.revision) {
            continue;
        }
        let state = match r.state.as_str() {
            "accepted" => ReportState::Accepted,
            "returned" => ReportState::Returned,
            "received" => ReportState::Sent,
            other => return Err(invalid(format!("trạng thái báo cáo «{other}» không hợp lệ"))),
        };
        let figures: Vec<StoredFigure> = r
            .figures
            .iter()
            .filter_map(|f| {
                let i = set.indicators.iter().find(|i| i.code == f.indicator_code)?;
                Some(StoredFigure {
                    indicator_id: i.id,
                    computed: f.computed,
                    value: f.value,
                    override_reason: thidua_text::visible(&f.override_reason),
                })
            })
            .collect();
        let narrative: Map<String, Value> = r.narrative.iter().map(|(k, t)| (k.clone(), Value::from(thidua_text::visible(t)))).collect();
        let state_reason = thidua_text::visible(&r.state_reason);
        w.insert_received_report(
            me.unit.id,
            period,
            &thidua_store::ReceivedReport {
                state,
                state_reason: &state_reason,
                set_id: set.id,
                revision: r.revision,
                narrative: &narrative,
                sent_at: r.sent_at.as_deref(),
                bundle_id: None,
                excel_import_id: None,
                figures: &figures,
                unit_rows: &Value::Array(Vec::new()),
                answered_set_version: None,
                unmapped_figures: &Value::Object(Map::new()),
                document: None,
                verification: None,
            },
        )?;
        lines.push(format!("{label} được khôi phục ({})", state.label()));
    }
    Ok(lines)
}

/// Before a conflict's chosen bundle is applied: the bundles of the same sender applied at its
/// place in the chain or after it (the other laptop's) step aside, newest first, and what each
/// did is undone, so the data equals the chosen chain. Returns a line per bundle set aside.
pub(super) fn undo_superseded(w: &mut Writer<'_>, sender: &Unit, chosen: &Verified) -> thidua_store::Result<Vec<String>> {
    let superseded = w.read().applied_from(sender.id, chosen.manifest.sequence as i64)?;
    let mut lines = Vec::new();
    for a in superseded {
        let (reports, records) = w.undo_received_bundle(sender.id, &a.bundle_id)?;
        let mut old = a.clone();
        old.state = ReceivedState::Discarded;
        old.state_note =
            format!("Thay bằng gói {} theo quyết định của cán bộ; phần gói này đã nhập được hoàn lại.", &chosen.bundle_id[..12]);
        w.record_received(&old)?;
        lines.push(format!("Bỏ gói số {} đã nhập trước: hoàn lại {reports} lần báo cáo và {records} bản ghi", a.sequence));
    }
    Ok(lines)
}

pub(super) fn apply_report(
    w: &mut Writer<'_>,
    sender: &Unit,
    v: &Verified,
    r: &ReportPayload,
    new_chain: bool,
    effects: &mut Vec<RecordEffect>,
) -> thidua_store::Result<Vec<String>> {
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
        let (kind, row) = stored_row(rec, "bundle")?;
        let before = match w.upsert_received_record(kind, sender.id, row)? {
            RecordChange::Unchanged => continue,
            RecordChange::Inserted => None,
            RecordChange::Replaced(before) => Some(before),
        };
        let e = per_register.entry(kind.label()).or_default();
        if before.is_some() {
            e.1 += 1
        } else {
            e.0 += 1
        }
        effects.push(RecordEffect { register: rec.register.clone(), id: rec.id.clone(), before });
    }
    for (label, (new, changed)) in per_register {
        lines.push(format!("{label}: {new} mới, {changed} cập nhật"));
    }
    for e in &r.audit {
        let entry = AuditEntry {
            seq: e.seq,
            at: e.at.clone(),
            actor: thidua_text::visible(&e.actor),
            entity: e.entity.clone(),
            record_id: e.record_id.clone(),
            action: e.action.clone(),
            old_value: e.old_value.as_ref().map(nfc_value),
            new_value: e.new_value.as_ref().map(nfc_value),
            reason: thidua_text::visible(&e.reason),
        };
        w.insert_received_audit(sender.id, &v.bundle_id, &entry)?;
    }
    // The report revision: a newer one supersedes (the older stays in the history). Revisions
    // an unsigned Excel template made with this number or later give way to the signed one.
    let withdrawn = w.withdraw_excel_revisions(sender.id, &set.code, period, r.revision)?;
    if !withdrawn.is_empty() {
        let numbers: Vec<String> = withdrawn.iter().map(i64::to_string).collect();
        lines.push(format!("Báo cáo nhập từ Excel (lần {}) được thay bằng báo cáo có chữ ký", numbers.join(", ")));
    }
    let revisions = w.read().report_revisions(sender.id, &set.code, period)?;
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
                override_reason: thidua_text::visible(&f.override_reason),
            }),
            None => {
                unmapped.insert(f.indicator_code.clone(), f.value.map_or(Value::Null, Value::from));
                None
            }
        })
        .collect();
    let narrative: Map<String, Value> = r.narrative.iter().map(|(k, t)| (k.clone(), Value::from(thidua_text::visible(t)))).collect();
    if revisions.last().is_some_and(|x| x.state == ReportState::Accepted) {
        return Err(invalid(format!(
            "báo cáo {} lần {newest} của {} đã được chấp nhận nên không nhận bản sửa đổi; nếu cần sửa, hãy trao đổi với đơn vị",
            period.label(),
            sender.name
        )));
    }
    if r.revision > newest {
        let verification = match &r.verification_code {
            Some(code) => Some(checked_report_code(w, sender, v, &set.code, r, code)?),
            None => None,
        };
        let unit_rows = nfc_value(&serde_json::to_value(&r.units).expect("serialisable"));
        let unmapped_figures = Value::Object(unmapped.clone());
        w.insert_received_report(
            sender.id,
            period,
            &thidua_store::ReceivedReport {
                state: ReportState::Received,
                state_reason: "",
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
                document: v.document(),
                verification: verification.as_ref().map(|(code, short)| (code.as_str(), short.as_str())),
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
    } else if new_chain && let Some(same) = revisions.iter().find(|x| x.revision == r.revision) {
        if same.state == ReportState::Accepted {
            return Err(invalid(format!("báo cáo lần {} đã được chấp nhận, không thay được", r.revision)));
        }
        for f in &figures {
            w.set_report_figure(same, f, "thay theo gói đầu của chuỗi gói mới")?;
        }
        lines.insert(0, format!("Báo cáo {} lần {}: số liệu thay theo gói đầu của chuỗi gói mới", period.label(), r.revision));
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
    // The set's rules, checked again here: a report that breaks one is taken in (it is what the
    // unit signed) and said so, for the reviewer to return it if need be.
    let stated = |code: &str| r.figures.iter().find(|f| f.indicator_code == code).and_then(|f| f.value);
    for rule in &set.checks.rules {
        if let Some(why) = rule.failure(stated) {
            lines.push(format!("Cảnh báo: số liệu không khớp quy tắc {}: {why}", rule.text()));
        }
    }
    if let Some(own) = &r.self_score
        && period.kind() == thidua_model::PeriodKind::Year
    {
        apply_self_score(w, sender, period.year(), own)?;
        lines.push(format!(
            "Điểm tự chấm theo bảng tiêu chí {} phiên bản {}: {} tiêu chí",
            own.table_code,
            own.table_version,
            own.entries.len()
        ));
    }
    if period.kind() == thidua_model::PeriodKind::Year {
        lines.extend(crate::proposals::apply_proposals(w, sender, period.year(), &r.proposals)?);
    }
    Ok(lines)
}

/// The upper level's scoring table (kept as its version, checked as any table is) and this
/// unit's targets, which replace the ones it sent before for the same years.
fn apply_scoring(
    w: &mut Writer<'_>,
    me: &thidua_model::Installation,
    sender: &Unit,
    movement: &str,
    p: &thidua_bundle::payload::ScoringPayload,
) -> thidua_store::Result<Vec<String>> {
    let table = thidua_scoring::ScoringTable::from_json(&p.table.to_string()).map_err(|e| invalid(format!("bảng tiêu chí: {e}")))?;
    let body = nfc_value(&p.table).to_string();
    let stored = thidua_store::StoredScoringTable {
        code: thidua_text::visible(&table.code),
        version: table.version as i64,
        name: thidua_text::visible(&table.name),
        body,
        issued_by_unit_id: Some(sender.id),
        created_at: String::new(),
    };
    let mut lines = Vec::new();
    if w.insert_scoring_table(&stored)? {
        lines.push(format!("Bảng tiêu chí chấm điểm «{}» phiên bản {}", stored.name, stored.version));
    }
    lines.extend(apply_targets(w, me, movement, &p.targets)?);
    Ok(lines)
}

/// The yearly targets given to this unit: each year named replaces the targets held for it.
fn apply_targets(
    w: &mut Writer<'_>,
    me: &thidua_model::Installation,
    movement: &str,
    targets: &[thidua_bundle::payload::TargetPayload],
) -> thidua_store::Result<Vec<String>> {
    let mut lines = Vec::new();
    let mut years: Vec<i32> = targets.iter().map(|t| t.year).collect();
    years.sort_unstable();
    years.dedup();
    for year in years {
        let given: Vec<&thidua_bundle::payload::TargetPayload> = targets.iter().filter(|t| t.year == year).collect();
        if given.iter().any(|t| t.target <= 0 || t.indicator_code.trim().is_empty()) {
            return Err(invalid(format!("chỉ tiêu giao năm {year} phải lớn hơn 0")));
        }
        let before = w.read().targets(movement, year)?;
        let mut changed = 0;
        for ((unit, code), _) in
            before.iter().filter(|((unit, code), _)| *unit == me.unit.id && !given.iter().any(|t| &t.indicator_code == code))
        {
            w.set_target(movement, year, *unit, code, None)?;
            changed += 1;
        }
        for t in &given {
            if before.get(&(me.unit.id, t.indicator_code.clone())) != Some(&t.target) {
                w.set_target(movement, year, me.unit.id, &thidua_text::visible(&t.indicator_code), Some(t.target))?;
                changed += 1;
            }
        }
        if changed > 0 {
            lines.push(format!("Chỉ tiêu giao năm {year}: {} chỉ tiêu", given.len()));
        }
    }
    Ok(lines)
}

/// A yearly report's self-score: it replaces what the unit scored itself before for that year.
fn apply_self_score(
    w: &mut Writer<'_>,
    sender: &Unit,
    year: i32,
    s: &thidua_bundle::payload::SelfScorePayload,
) -> thidua_store::Result<()> {
    let mut entries = Vec::new();
    for e in &s.entries {
        let answer: thidua_scoring::Answer =
            serde_json::from_value(e.answer.clone()).map_err(|err| invalid(format!("điểm tự chấm tiêu chí {}: {err}", e.criterion)))?;
        entries.push((
            thidua_text::visible(&e.criterion),
            serde_json::to_string(&answer).expect("serialisable"),
            thidua_text::visible(&e.evidence),
        ));
    }
    let old: Vec<String> = w
        .read()
        .score_entries(year)?
        .into_iter()
        .filter(|e| e.unit_id == sender.id && e.scorer == thidua_store::Scorer::Own)
        .map(|e| e.criterion_code)
        .collect();
    for code in old.iter().filter(|c| !entries.iter().any(|(e, _, _)| e == *c)) {
        w.set_score_entry(year, sender.id, thidua_store::Scorer::Own, code, None, "")?;
    }
    for (code, answer, evidence) in &entries {
        w.set_score_entry(year, sender.id, thidua_store::Scorer::Own, code, Some(answer), evidence)?;
    }
    Ok(())
}

pub(super) fn apply_plan(
    w: &mut Writer<'_>,
    me: &thidua_model::Installation,
    sender: &Unit,
    v: &Verified,
    p: &PlanPayload,
) -> thidua_store::Result<Vec<String>> {
    let mut lines = Vec::new();
    let s = &p.indicator_set;
    if w.read().indicator_set(&s.code, s.version)?.is_none() {
        let indicators: Vec<thidua_store::NewIndicator> = s
            .indicators
            .iter()
            .map(|i| thidua_store::NewIndicator {
                task_group: i.task_group,
                code: thidua_text::visible(&i.code),
                name: thidua_text::clean(&i.name),
                measure: thidua_text::clean(&i.measure),
                register: i.register.clone(),
                aggregate: i.aggregate.clone(),
                filter: i.filter.clone(),
                date_field: i.date_field.clone(),
                phrase: i.phrase.clone(),
            })
            .collect();
        // A set this program cannot compute is refused whole, naming the indicator: counting
        // nothing for it would send up a zero the ward never meant.
        let codes: Vec<&str> = indicators.iter().map(|i| i.code.as_str()).collect();
        for i in &indicators {
            crate::indicators::check_indicator(i).map_err(|why| {
                invalid(format!("bộ chỉ tiêu phiên bản {} có chỉ tiêu {} không tính được ở máy này: {why}", s.version, i.code))
            })?;
            if let Some(phrase) = &i.phrase {
                phrase.check(&i.code, &codes).map_err(|why| {
                    invalid(format!("bộ chỉ tiêu phiên bản {} có chỉ tiêu {} với câu báo cáo không dùng được: {why}", s.version, i.code))
                })?;
            }
        }
        if let Some(twice) = indicators.iter().enumerate().find(|(n, i)| indicators[..*n].iter().any(|x| x.code == i.code)) {
            return Err(invalid(format!("bộ chỉ tiêu phiên bản {} có hai chỉ tiêu cùng mã {}", s.version, twice.1.code)));
        }
        let checks = thidua_store::SetChecks { rules: s.rules.clone(), outlier_percent: s.outlier_percent };
        crate::indicators::check_checks(&checks, &indicators)
            .map_err(|why| invalid(format!("bộ chỉ tiêu phiên bản {} có quy tắc kiểm tra không dùng được: {why}", s.version)))?;
        let before = w.read().latest_indicator_set(&s.code)?;
        if let Some(name) = &s.movement_name {
            // A movement the upper level started: known here from now on, by its name.
            w.ensure_movement(&s.code, name)?;
        }
        w.insert_indicator_set(&s.code, s.version, &s.name, Some(sender.id), &indicators, &checks)?;
        lines.push(format!("Bộ chỉ tiêu «{}» phiên bản {} ({} chỉ tiêu)", thidua_text::visible(&s.name), s.version, s.indicators.len()));
        if let Some(before) = before.filter(|b| b.version < s.version) {
            let before: Vec<thidua_store::NewIndicator> = before.indicators.iter().map(Into::into).collect();
            lines.extend(crate::indicators::set_changes(&before, &indicators).into_iter().map(|l| format!("  {l}")));
        }
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
    if let Some(scoring) = &p.scoring {
        lines.extend(apply_scoring(w, me, sender, &p.indicator_set.code, scoring)?);
    }
    lines.extend(apply_targets(w, me, &p.indicator_set.code, &p.targets)?);
    if let Some(awards) = &p.awards {
        lines.extend(crate::proposals::apply_award_catalogue(w, sender, awards)?);
    }
    if let Some(plan) = &p.plan {
        let mut draft = plan.clone();
        let clean = |s: &mut String| *s = thidua_text::visible(s);
        clean(&mut draft.summary);
        clean(&mut draft.doc_type);
        let value = nfc_value(&serde_json::to_value(&draft).expect("serialisable"));
        let draft: thidua_plan::PlanDraft = serde_json::from_value(value).map_err(|e| invalid(e.to_string()))?;
        let this_year = thidua_model::Moment::parse(w.now()).map(thidua_model::Moment::vietnam_year)?;
        let mut new = crate::plans::new_plan_rows(&draft, sender.id, None, this_year);
        new.issued_by = p
            .issued
            .as_ref()
            .map(|i| -> thidua_store::Result<thidua_store::IssuerHeader> {
                Ok(thidua_store::IssuerHeader {
                    parent_body: i.parent_body.iter().map(|l| thidua_text::visible(l)).collect(),
                    issuing_body: thidua_text::visible(&i.issuing_body),
                    symbol: thidua_text::visible(&i.symbol),
                    place: thidua_text::visible(&i.place),
                    number: i.number,
                    issued_on: IsoDate::parse(&i.issued_on)?,
                })
            })
            .transpose()?;
        let id = w.insert_plan(&new)?;
        if let Some(code) = &p.verification_code {
            let (code, short) = checked_plan_code(w, sender, v, plan, p.issued.as_ref(), code)?;
            w.set_plan_verification(id, &code, &short)?;
        }
        lines.push(format!("Kế hoạch «{}» của {}", draft.summary, sender.name));
    }
    let _ = me;
    Ok(lines)
}

/// A code a bundle carries, read and checked as signed by the key that signed the bundle.
fn bundle_code(
    w: &Writer<'_>,
    v: &Verified,
    code: &str,
    refuse: &dyn Fn(&str) -> StoreError,
) -> thidua_store::Result<thidua_attest::SignedStatement> {
    let signed = thidua_attest::SignedStatement::from_code(code).map_err(|e| refuse(&e.to_string()))?;
    let key = w.read().key(&v.manifest.sender_key_id)?.ok_or_else(|| refuse("khóa ký lạ"))?;
    let public = thidua_bundle::PublicKey::from_hex(&key.public_key).map_err(|e| refuse(&e.to_string()))?;
    if !signed.verify(&public) {
        return Err(refuse("chữ ký sai"));
    }
    Ok(signed)
}

/// The verification code an award decision's bundle carries: the sender's, for the decision
/// the bundle names (number and day). The unit holds only its own awardees, so the digest of the
/// whole decision is the issuer's to compare, not the unit's.
fn checked_decision_code(
    w: &Writer<'_>,
    sender: &Unit,
    v: &Verified,
    d: &thidua_bundle::payload::AwardDecisionPayload,
    code: &str,
) -> thidua_store::Result<(String, String)> {
    let refuse = |why: &str| invalid(format!("mã kiểm tra in trên quyết định không khớp với gói ({why}); hãy nhờ cấp trên gửi lại gói"));
    let signed = bundle_code(w, v, code, &refuse)?;
    let s = &signed.statement;
    if s.kind != thidua_attest::DocumentKind::Decision
        || s.unit != sender.code
        || s.number != d.reference
        || s.date.to_string() != d.issued_on
        || s.period != d.year.to_string()
    {
        return Err(refuse("đơn vị, số hoặc ngày ban hành khác"));
    }
    signed.code_and_short().map_err(|e| refuse(&e.to_string()))
}

/// The verification code a plan bundle carries: the sender's, for a plan it issued on the day
/// the bundle says, over exactly the plan the bundle holds.
fn checked_plan_code(
    w: &Writer<'_>,
    sender: &Unit,
    v: &Verified,
    plan: &thidua_plan::PlanDraft,
    issued: Option<&thidua_bundle::payload::PlanIssuePayload>,
    code: &str,
) -> thidua_store::Result<(String, String)> {
    let refuse = |why: &str| invalid(format!("mã kiểm tra in trên kế hoạch không khớp với gói ({why}); hãy nhờ cấp trên gửi lại gói"));
    let signed = bundle_code(w, v, code, &refuse)?;
    let s = &signed.statement;
    let issued_on = issued.map(|i| i.issued_on.as_str());
    if s.kind != thidua_attest::DocumentKind::Plan || s.unit != sender.code || issued_on != Some(s.date.to_string().as_str()) {
        return Err(refuse("đơn vị ban hành hoặc ngày ban hành khác"));
    }
    if s.digest != crate::verification::plan_digest(plan) {
        return Err(refuse("nội dung kế hoạch khác"));
    }
    signed.code_and_short().map_err(|e| refuse(&e.to_string()))
}

/// The verification code a report bundle carries, checked against the bundle: signed by the key
/// that signed the bundle, for this unit, period, revision and movement, over exactly the figures
/// and sections the bundle holds (the code printed on the PDF must say what the data says).
/// Returns the code and its short code.
fn checked_report_code(
    w: &Writer<'_>,
    sender: &Unit,
    v: &Verified,
    movement: &str,
    r: &ReportPayload,
    code: &str,
) -> thidua_store::Result<(String, String)> {
    let refuse = |why: &str| invalid(format!("mã kiểm tra in trên báo cáo không khớp với gói ({why}); hãy nhờ đơn vị gửi lại gói"));
    let signed = bundle_code(w, v, code, &refuse)?;
    let s = &signed.statement;
    let digest = crate::verification::report_digest(
        r.figures.iter().map(|f| (f.indicator_code.as_str(), f.value)),
        r.narrative.iter().map(|(k, t)| (k.as_str(), t.as_str())),
    );
    if s.kind != thidua_attest::DocumentKind::Report
        || s.unit != sender.code
        || s.period != r.period
        || i64::from(s.revision) != r.revision
        || s.movement != movement
    {
        return Err(refuse("đơn vị, kỳ, lần hoặc phong trào khác"));
    }
    if s.digest != digest {
        return Err(refuse("số liệu hoặc thuyết minh khác"));
    }
    signed.code_and_short().map_err(|e| refuse(&e.to_string()))
}
