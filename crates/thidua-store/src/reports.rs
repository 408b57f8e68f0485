//! Reports: one row per revision of a unit's report for a period, with the figures it states.
//! A sent revision is never edited; a correction is a new revision that starts as a draft.

use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use serde_json::json;
use thidua_model::{IsoDate, PeriodCode, RecordId, ReportState};

use crate::{Reader, Result, StoreError, Writer};

/// One revision of a report, as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredReport {
    pub id: RecordId,
    pub unit_id: RecordId,
    pub period: PeriodCode,
    pub indicator_set_id: RecordId,
    pub revision: i64,
    pub state: ReportState,
    pub state_reason: String,
    /// Section key → the clerk's text for that section (sections not here use the pre-filled text).
    pub narrative: serde_json::Map<String, serde_json::Value>,
    pub sent_at: Option<String>,
    pub updated_at: String,
    pub updated_by: String,
    /// For a report received from a unit below: the bundle it came in.
    pub bundle_id: Option<String>,
    /// For a report received from a unit that consolidates its own units: their rows.
    pub unit_rows: serde_json::Value,
    /// The indicator-set version the sender answered when this installation lacks it.
    pub answered_set_version: Option<i64>,
    /// Figures whose indicator this installation's set does not have: code → value.
    pub unmapped_figures: serde_json::Value,
    /// For a report entered from a unit's Excel template: the import (no bundle, no signature).
    pub excel_import_id: Option<String>,
    /// The day the clerk dated it; `None`: the day it is sent (today while a draft).
    pub dated_on: Option<IsoDate>,
    /// Nơi nhận as the clerk edited it; `None`: the defaults of its level.
    pub recipients: Option<Vec<String>>,
}

/// A figure a report states: what was computed, what the report says, and why they differ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredFigure {
    pub indicator_id: RecordId,
    pub computed: Option<i64>,
    pub value: Option<i64>,
    pub override_reason: String,
}

fn state_from(code: &str) -> ReportState {
    match code {
        "sent" => ReportState::Sent,
        "received" => ReportState::Received,
        "accepted" => ReportState::Accepted,
        "returned" => ReportState::Returned,
        _ => ReportState::Draft,
    }
}

const REPORT_SELECT: &str = "SELECT id, unit_id, period_code, indicator_set_id, revision, state, state_reason, narrative, sent_at, updated_at, updated_by, bundle_id, unit_rows, answered_set_version, unmapped_figures, excel_import_id, dated_on, recipients FROM reports";

fn report_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredReport> {
    let period: String = r.get(2)?;
    let narrative: String = r.get(7)?;
    Ok(StoredReport {
        id: r.get(0)?,
        unit_id: r.get(1)?,
        period: PeriodCode::parse(&period)
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(2, rusqlite::types::Type::Text, Box::new(e)))?,
        indicator_set_id: r.get(3)?,
        revision: r.get(4)?,
        state: state_from(&r.get::<_, String>(5)?),
        state_reason: r.get(6)?,
        narrative: serde_json::from_str(&narrative).unwrap_or_default(),
        sent_at: r.get(8)?,
        updated_at: r.get(9)?,
        updated_by: r.get(10)?,
        bundle_id: r.get(11)?,
        unit_rows: serde_json::from_str(&r.get::<_, String>(12)?).unwrap_or_default(),
        answered_set_version: r.get(13)?,
        unmapped_figures: serde_json::from_str(&r.get::<_, String>(14)?).unwrap_or_default(),
        excel_import_id: r.get(15)?,
        dated_on: r.get(16)?,
        recipients: r.get::<_, Option<String>>(17)?.and_then(|json| serde_json::from_str(&json).ok()),
    })
}

impl Reader<'_> {
    /// The verification code printed on a sent report (its own or as received), if it has one.
    pub fn report_verification(&self, report: RecordId) -> Result<Option<String>> {
        Ok(self
            .one("SELECT verification_code FROM reports WHERE id = ?1", [report], |r| r.get::<_, Option<String>>(0))
            .optional()?
            .flatten())
    }

    /// The report whose printed short code is `short` (twelve characters, no dashes).
    pub fn report_by_short_code(&self, short: &str) -> Result<Option<RecordId>> {
        Ok(self.one("SELECT id FROM reports WHERE short_code = ?1 ORDER BY created_at DESC LIMIT 1", [short], |r| r.get(0)).optional()?)
    }

    /// The PDF a received report came with, as its unit signed it.
    pub fn report_document(&self, report: RecordId) -> Result<Option<Vec<u8>>> {
        Ok(self.one("SELECT document_pdf FROM reports WHERE id = ?1", [report], |r| r.get::<_, Option<Vec<u8>>>(0)).optional()?.flatten())
    }

    /// Every revision of a unit's report for a movement and period, oldest first.
    pub fn report_revisions(&self, unit: RecordId, movement: &str, period: PeriodCode) -> Result<Vec<StoredReport>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{REPORT_SELECT} WHERE unit_id = ?1 AND movement_code = ?3 AND period_code = ?2 ORDER BY revision"))?;
        let rows = stmt.query_map(params![unit, period.to_string(), movement], report_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every unit's revisions of a period, by unit, oldest first: one query for an upper level
    /// with thousands of units instead of one per unit.
    pub fn period_reports(&self, movement: &str, period: PeriodCode) -> Result<std::collections::HashMap<RecordId, Vec<StoredReport>>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{REPORT_SELECT} WHERE movement_code = ?2 AND period_code = ?1 ORDER BY unit_id, revision"))?;
        let mut by_unit: std::collections::HashMap<RecordId, Vec<StoredReport>> = std::collections::HashMap::new();
        for report in stmt.query_map(params![period.to_string(), movement], report_from_row)? {
            let report = report?;
            by_unit.entry(report.unit_id).or_default().push(report);
        }
        Ok(by_unit)
    }

    /// The figures of every report of a movement's period, by report.
    pub fn period_figures(&self, movement: &str, period: PeriodCode) -> Result<std::collections::HashMap<RecordId, Vec<StoredFigure>>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT f.report_id, f.indicator_id, f.computed, f.value, f.override_reason
             FROM report_figures f JOIN reports r ON r.id = f.report_id WHERE r.movement_code = ?2 AND r.period_code = ?1",
        )?;
        let mut by_report: std::collections::HashMap<RecordId, Vec<StoredFigure>> = std::collections::HashMap::new();
        let rows = stmt.query_map(params![period.to_string(), movement], |r| {
            Ok((
                r.get::<_, RecordId>(0)?,
                StoredFigure { indicator_id: r.get(1)?, computed: r.get(2)?, value: r.get(3)?, override_reason: r.get(4)? },
            ))
        })?;
        for row in rows {
            let (report, figure) = row?;
            by_report.entry(report).or_default().push(figure);
        }
        Ok(by_report)
    }

    pub fn report(&self, id: RecordId) -> Result<Option<StoredReport>> {
        Ok(self.one(&format!("{REPORT_SELECT} WHERE id = ?1"), [id], report_from_row).optional()?)
    }

    pub fn report_figures(&self, report: RecordId) -> Result<Vec<StoredFigure>> {
        let mut stmt =
            self.conn.prepare_cached("SELECT indicator_id, computed, value, override_reason FROM report_figures WHERE report_id = ?1")?;
        let rows = stmt.query_map([report], |r| {
            Ok(StoredFigure { indicator_id: r.get(0)?, computed: r.get(1)?, value: r.get(2)?, override_reason: r.get(3)? })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl Writer<'_> {
    /// Starts revision `revision` of a report as a draft, copying `narrative` and the figures'
    /// overrides and hand-entered values from the revision it corrects.
    /// Creates a draft: the first of the period, or a revision correcting `corrects` (its
    /// figures and narrative copied).
    pub fn create_report(
        &mut self,
        unit: RecordId,
        period: PeriodCode,
        set_id: RecordId,
        corrects: Option<&StoredReport>,
        sent_before: i64,
    ) -> Result<StoredReport> {
        let id = RecordId::generate();
        // After the revision it corrects, and after any revision already sent (a database
        // restored from an older backup may not hold the last one sent).
        let revision = corrects.map_or(0, |r| r.revision).max(sent_before) + 1;
        let narrative = corrects.map(|r| serde_json::Value::Object(r.narrative.clone())).unwrap_or_else(|| json!({}));
        self
            .exec(
                "INSERT INTO reports (id, unit_id, movement_code, period_code, indicator_set_id, revision, state, narrative, created_at, created_by, updated_at, updated_by)
                 VALUES (?1, ?2, (SELECT code FROM indicator_sets WHERE id = ?4), ?3, ?4, ?5, 'draft', ?6, ?7, ?8, ?7, ?8)",
                params![id, unit, period.to_string(), set_id, revision, narrative.to_string(), self.now, self.actor],
            )
            .map_err(StoreError::from_write)?;
        if let Some(old) = corrects {
            self.exec(
                "INSERT INTO report_figures (report_id, indicator_id, computed, value, override_reason)
                     SELECT ?1, indicator_id, computed, value, override_reason FROM report_figures WHERE report_id = ?2",
                params![id, old.id],
            )
            .map_err(StoreError::from_write)?;
        }
        self.audit("report", &id.to_string(), "insert", None, Some(&json!({"period": period, "revision": revision})), "")?;
        Ok(self.read().report(id)?.expect("just inserted"))
    }

    /// Sets what a draft report states for one indicator.
    pub fn set_report_figure(&mut self, report: &StoredReport, figure: &StoredFigure, reason: &str) -> Result<()> {
        let old = self.read().report_figures(report.id)?.into_iter().find(|f| f.indicator_id == figure.indicator_id);
        self.exec(
            "INSERT INTO report_figures (report_id, indicator_id, computed, value, override_reason) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (report_id, indicator_id) DO UPDATE SET computed = ?3, value = ?4, override_reason = ?5",
            params![report.id, figure.indicator_id, figure.computed, figure.value, figure.override_reason],
        )
        .map_err(StoreError::from_write)?;
        let old = old.map(|f| serde_json::to_value(f).expect("serialisable"));
        let new = serde_json::to_value(figure).expect("serialisable");
        self.audit(
            "report_figure",
            &format!("{}/{}", report.id, figure.indicator_id),
            if old.is_some() { "update" } else { "insert" },
            old.as_ref(),
            Some(&new),
            reason,
        )?;
        Ok(())
    }

    /// Replaces the clerk's text of one narrative section of a draft.
    pub fn set_report_section(&mut self, report: &StoredReport, section: &str, text: &str) -> Result<()> {
        let mut narrative = report.narrative.clone();
        let old = narrative.insert(section.to_owned(), serde_json::Value::from(text));
        self.exec(
            "UPDATE reports SET narrative = ?2, updated_at = ?3, updated_by = ?4 WHERE id = ?1",
            params![report.id, serde_json::Value::Object(narrative).to_string(), self.now, self.actor],
        )
        .map_err(StoreError::from_write)?;
        self.audit("report", &report.id.to_string(), "update", Some(&json!({ section: old })), Some(&json!({ section: text })), "")?;
        Ok(())
    }

    /// Dates a report on a day the clerk chose, or (`None`) on the day it is sent.
    pub fn set_report_date(&mut self, report: &StoredReport, day: Option<IsoDate>) -> Result<()> {
        self.exec(
            "UPDATE reports SET dated_on = ?2, updated_at = ?3, updated_by = ?4 WHERE id = ?1",
            params![report.id, day.map(|d| d.to_string()), self.now, self.actor],
        )
        .map_err(StoreError::from_write)?;
        self.audit(
            "report",
            &report.id.to_string(),
            "update",
            Some(&json!({"dated_on": report.dated_on})),
            Some(&json!({"dated_on": day})),
            "",
        )?;
        Ok(())
    }

    /// Keeps the report's Nơi nhận as the clerk wrote it (`None`: back to the defaults).
    pub fn set_report_recipients(&mut self, report: &StoredReport, lines: Option<&[String]>) -> Result<()> {
        let json = lines.map(|l| serde_json::to_string(l).expect("strings serialise"));
        self.exec(
            "UPDATE reports SET recipients = ?2, updated_at = ?3, updated_by = ?4 WHERE id = ?1",
            params![report.id, json, self.now, self.actor],
        )
        .map_err(StoreError::from_write)?;
        self.audit(
            "report",
            &report.id.to_string(),
            "update",
            Some(&json!({"recipients": report.recipients})),
            Some(&json!({"recipients": lines})),
            "",
        )?;
        Ok(())
    }

    /// Moves a report to a new state; `reason` is kept with it (a return says why).
    /// Keeps the verification code printed on a report as it is sent, and its short code.
    pub fn set_report_verification(&mut self, report: RecordId, code: &str, short_code: &str) -> Result<()> {
        self.exec("UPDATE reports SET verification_code = ?2, short_code = ?3 WHERE id = ?1", params![report, code, short_code])
            .map_err(StoreError::from_write)?;
        Ok(())
    }

    pub fn set_report_state(&mut self, report: &StoredReport, state: ReportState, reason: &str) -> Result<()> {
        let sent_at = if state == ReportState::Sent { Some(self.now.clone()) } else { report.sent_at.clone() };
        self.exec(
            "UPDATE reports SET state = ?2, state_reason = ?3, sent_at = ?4, updated_at = ?5, updated_by = ?6 WHERE id = ?1",
            params![report.id, state.code(), reason, sent_at, self.now, self.actor],
        )
        .map_err(StoreError::from_write)?;
        self.audit(
            "report",
            &report.id.to_string(),
            "update",
            Some(&json!({"state": report.state})),
            Some(&json!({"state": state})),
            reason,
        )?;
        Ok(())
    }
}
