//! Reporting periods and their deadlines.

use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use thidua_model::{IsoDate, PeriodCode, PeriodKind, RecordId};

use crate::{Reader, Result, StoreError, Writer};

/// A period as stored: its code, dates and deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Period {
    pub code: PeriodCode,
    pub label: String,
    pub starts_on: IsoDate,
    pub ends_on: IsoDate,
    pub deadline: IsoDate,
}

fn kind_code(k: PeriodKind) -> &'static str {
    match k {
        PeriodKind::Quarter => "quarter",
        PeriodKind::FirstHalf => "first_half",
        PeriodKind::NineMonths => "nine_months",
        PeriodKind::Year => "year",
    }
}

impl Reader<'_> {
    pub fn period(&self, code: PeriodCode) -> Result<Option<Period>> {
        let row: Option<String> = self.one("SELECT deadline FROM periods WHERE code = ?1", [code.to_string()], |r| r.get(0)).optional()?;
        row.map(|deadline| {
            Ok(Period { code, label: code.label(), starts_on: code.starts(), ends_on: code.ends(), deadline: IsoDate::parse(&deadline)? })
        })
        .transpose()
    }

    /// Every period, by the day it ends (of two ending the same day, the shorter first).
    pub fn periods(&self) -> Result<Vec<Period>> {
        let mut stmt = self.conn.prepare_cached("SELECT code FROM periods ORDER BY ends_on, starts_on DESC")?;
        let codes: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::new();
        for code in codes {
            out.extend(self.period(PeriodCode::parse(&code)?)?);
        }
        Ok(out)
    }
}

impl Writer<'_> {
    /// Makes sure a period exists; sets its deadline when one is given (the upper level's word).
    pub fn ensure_period(&mut self, code: PeriodCode, deadline: Option<IsoDate>, set_by: Option<RecordId>) -> Result<Period> {
        let existing = self.read().period(code)?;
        match (&existing, deadline) {
            (Some(p), Some(d)) if p.deadline != d => {
                self.exec(
                    "UPDATE periods SET deadline = ?2, deadline_set_by = ?3 WHERE code = ?1",
                    params![code.to_string(), d.to_string(), set_by],
                )
                .map_err(StoreError::from_write)?;
                let old = serde_json::json!({ "deadline": p.deadline });
                let new = serde_json::json!({ "deadline": d });
                self.audit("period", &code.to_string(), "update", Some(&old), Some(&new), "")?;
            }
            (Some(_), _) => {}
            (None, _) => {
                let deadline = deadline.unwrap_or_else(|| code.default_deadline());
                self
                    .exec(
                        "INSERT INTO periods (code, kind, year, starts_on, ends_on, deadline, deadline_set_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                        params![code.to_string(), kind_code(code.kind()), code.year(), code.starts().to_string(), code.ends().to_string(), deadline.to_string(), set_by],
                    )
                    .map_err(StoreError::from_write)?;
                self.audit("period", &code.to_string(), "insert", None, Some(&serde_json::json!({ "deadline": deadline })), "")?;
            }
        }
        Ok(self.read().period(code)?.expect("exists now"))
    }
}
