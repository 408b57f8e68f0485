//! The document register: numbers from 01 each year for the documents this unit issues.

use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use thidua_model::{IsoDate, RecordId};

use crate::{Reader, Result, StoreError, Writer};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegisteredDocument {
    pub year: i32,
    pub number: i64,
    pub doc_type: String,
    pub symbol: String,
    pub summary: String,
    pub issued_on: IsoDate,
    pub plan_id: Option<RecordId>,
    pub report_id: Option<RecordId>,
    pub award_decision_id: Option<RecordId>,
}

/// What is being registered: a plan, a report or an award decision.
#[derive(Debug, Clone, Copy)]
pub enum Issued {
    Plan(RecordId),
    Report(RecordId),
    AwardDecision(RecordId),
}

impl Issued {
    fn column_and_id(&self) -> (&'static str, RecordId) {
        match *self {
            Issued::Plan(id) => ("plan_id", id),
            Issued::Report(id) => ("report_id", id),
            Issued::AwardDecision(id) => ("award_decision_id", id),
        }
    }
}

const SELECT: &str =
    "SELECT year, number, doc_type, symbol, summary, issued_on, plan_id, report_id, award_decision_id FROM document_register";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RegisteredDocument> {
    Ok(RegisteredDocument {
        year: r.get(0)?,
        number: r.get(1)?,
        doc_type: r.get(2)?,
        symbol: r.get(3)?,
        summary: r.get(4)?,
        issued_on: r.get(5)?,
        plan_id: r.get(6)?,
        report_id: r.get(7)?,
        award_decision_id: r.get(8)?,
    })
}

impl Reader<'_> {
    /// The documents issued in `year`, by number.
    pub fn document_register(&self, year: i32) -> Result<Vec<RegisteredDocument>> {
        let mut stmt = self.conn.prepare_cached(&format!("{SELECT} WHERE year = ?1 ORDER BY number"))?;
        let rows = stmt.query_map([year], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn registration(&self, what: &Issued) -> Result<Option<RegisteredDocument>> {
        let (column, id) = what.column_and_id();
        Ok(self.one(&format!("{SELECT} WHERE {column} = ?1"), [id], from_row).optional()?)
    }
}

impl Writer<'_> {
    /// The number `register_document` would give a document dated `issued_on`.
    pub fn next_document_number(&self, issued_on: IsoDate) -> Result<i64> {
        Ok(self
            .read()
            .one("SELECT coalesce(max(number), 0) + 1 FROM document_register WHERE year = ?1", [issued_on.year()], |r| r.get(0))?)
    }

    /// Gives a document the next number of its year; a document already registered keeps its own.
    pub fn register_document(
        &mut self,
        what: Issued,
        doc_type: &str,
        symbol: &str,
        summary: &str,
        issued_on: IsoDate,
    ) -> Result<RegisteredDocument> {
        if let Some(existing) = self.read().registration(&what)? {
            return Ok(existing);
        }
        let year = issued_on.year();
        // Numbers follow the days: a document dated before the last one registered would get a
        // higher number and an earlier day.
        let last: Option<(i64, String)> = self
            .tx
            .query_row("SELECT number, issued_on FROM document_register WHERE year = ?1 ORDER BY number DESC LIMIT 1", [year], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        if let Some((last_number, last_day)) = last {
            let last_day = IsoDate::parse(&last_day)?;
            if issued_on < last_day {
                return Err(StoreError::RegisterOutOfOrder { day: issued_on, last_number, last_day });
            }
        }
        let next: i64 =
            self.tx.query_row("SELECT coalesce(max(number), 0) + 1 FROM document_register WHERE year = ?1", [year], |r| r.get(0))?;
        let (column, id) = what.column_and_id();
        let plan = matches!(what, Issued::Plan(_)).then_some(id);
        self.exec(
            &format!(
                "INSERT INTO document_register (id, year, number, doc_type, symbol, summary, issued_on, {column}, created_at, created_by)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
            ),
            params![
                RecordId::generate(),
                year,
                next,
                doc_type,
                symbol,
                thidua_text::nfc(summary),
                issued_on.to_string(),
                id,
                self.now,
                self.actor
            ],
        )
        .map_err(StoreError::from_write)?;
        if let Some(id) = plan {
            self.exec("UPDATE plans SET number = ?2, issued_on = ?3 WHERE id = ?1", params![id, next, issued_on.to_string()])
                .map_err(StoreError::from_write)?;
        }
        let entry = serde_json::json!({"year": year, "number": next, "symbol": symbol, "issued_on": issued_on});
        self.audit("document_register", &format!("{year}/{next}"), "insert", None, Some(&entry), "")?;
        Ok(self.read().registration(&what)?.expect("just registered"))
    }
}
