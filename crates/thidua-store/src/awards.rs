//! Award decisions as stored (quyết định khen thưởng, issue 17): those this installation issued,
//! numbered in its document register, and those it received from above with its own awardees.

use rusqlite::params;
use serde_json::json;
use thidua_model::{IsoDate, RecordId};

use crate::{Reader, Result, StoreError, Writer};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDecision {
    pub id: RecordId,
    pub year: i32,
    pub form_code: String,
    pub form_name: String,
    pub issuer_unit_id: RecordId,
    pub number: i64,
    /// "05/QĐ-MTTQ-BTT".
    pub reference: String,
    pub issued_on: IsoDate,
    pub received: bool,
    /// Whether the printed decision cites the year's scoring, decided when it was issued;
    /// `None` for decisions issued before the program kept it, and for received ones.
    pub cites_scoring: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAwardee {
    pub nominee_id: Option<RecordId>,
    pub unit_id: RecordId,
    /// "tap_the" or "ca_nhan".
    pub kind: String,
    pub name: String,
    pub role: String,
    pub achievement: String,
}

fn decision_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredDecision> {
    Ok(StoredDecision {
        id: r.get(0)?,
        year: r.get(1)?,
        form_code: r.get(2)?,
        form_name: r.get(3)?,
        issuer_unit_id: r.get(4)?,
        number: r.get(5)?,
        reference: r.get(6)?,
        issued_on: r.get(7)?,
        received: r.get(8)?,
        cites_scoring: r.get(9)?,
    })
}

const DECISION_SELECT: &str =
    "SELECT id, year, form_code, form_name, issuer_unit_id, number, reference, issued_on, received, cites_scoring FROM award_decisions";

impl Reader<'_> {
    /// The verification code printed on an award decision (issued here or received), if any.
    pub fn decision_verification(&self, decision: RecordId) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .one("SELECT verification_code FROM award_decisions WHERE id = ?1", [decision], |r| r.get::<_, Option<String>>(0))
            .optional()?
            .flatten())
    }

    /// The award decision whose printed short code is `short` (twelve characters, no dashes).
    pub fn decision_by_short_code(&self, short: &str) -> Result<Option<RecordId>> {
        use rusqlite::OptionalExtension;
        Ok(self.one("SELECT id FROM award_decisions WHERE short_code = ?1 LIMIT 1", [short], |r| r.get(0)).optional()?)
    }

    /// Every decision kept here, by day and number; of one year when given.
    pub fn award_decisions(&self, year: Option<i32>) -> Result<Vec<StoredDecision>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{DECISION_SELECT} WHERE ?1 IS NULL OR year = ?1 ORDER BY issued_on, received, number, id"))?;
        Ok(stmt.query_map([year], decision_from)?.collect::<rusqlite::Result<_>>()?)
    }

    pub fn award_decision(&self, id: RecordId) -> Result<Option<StoredDecision>> {
        use rusqlite::OptionalExtension;
        Ok(self.one(&format!("{DECISION_SELECT} WHERE id = ?1"), [id], decision_from).optional()?)
    }

    /// A decision's awardees, in the order it lists them.
    pub fn awardees(&self, decision: RecordId) -> Result<Vec<StoredAwardee>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT nominee_id, unit_id, kind, name, role, achievement FROM awardees WHERE decision_id = ?1 ORDER BY position",
        )?;
        Ok(stmt.query_map([decision], |r| awardee_from(r, 0))?.collect::<rusqlite::Result<_>>()?)
    }

    /// The nominees some decision kept here already awards.
    pub fn awarded_nominees(&self) -> Result<Vec<RecordId>> {
        let mut stmt = self.conn.prepare_cached("SELECT nominee_id FROM awardees WHERE nominee_id IS NOT NULL")?;
        Ok(stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?)
    }

    /// Whether a nominee is named in an award decision kept here.
    pub fn is_awarded(&self, nominee: RecordId) -> Result<bool> {
        Ok(self.one("SELECT EXISTS (SELECT 1 FROM awardees WHERE nominee_id = ?1)", [nominee], |r| r.get(0))?)
    }

    /// Every awardee of the decisions kept here, with its decision: what a list of nominees is
    /// checked against in one read.
    pub fn all_awardees(&self) -> Result<Vec<(RecordId, StoredAwardee)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT decision_id, nominee_id, unit_id, kind, name, role, achievement FROM awardees ORDER BY decision_id, position",
        )?;
        Ok(stmt.query_map([], |r| Ok((r.get(0)?, awardee_from(r, 1)?)))?.collect::<rusqlite::Result<_>>()?)
    }
}

/// An awardee from the row's columns from `at` on: nominee, unit, kind, name, role, achievement.
fn awardee_from(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<StoredAwardee> {
    Ok(StoredAwardee {
        nominee_id: r.get(at)?,
        unit_id: r.get(at + 1)?,
        kind: r.get(at + 2)?,
        name: r.get(at + 3)?,
        role: r.get(at + 4)?,
        achievement: r.get(at + 5)?,
    })
}

impl Writer<'_> {
    /// Keeps the verification code printed on an award decision, and its short code.
    pub fn set_decision_verification(&mut self, decision: RecordId, code: &str, short_code: &str) -> Result<()> {
        self.exec("UPDATE award_decisions SET verification_code = ?2, short_code = ?3 WHERE id = ?1", params![decision, code, short_code])
            .map_err(StoreError::from_write)?;
        Ok(())
    }

    /// Stores a decision and its awardees, in order.
    pub fn insert_award_decision(&mut self, d: &StoredDecision, awardees: &[StoredAwardee]) -> Result<()> {
        self.exec(
            "INSERT INTO award_decisions (id, year, form_code, form_name, issuer_unit_id, number, reference, issued_on, received, cites_scoring, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                d.id,
                d.year,
                d.form_code,
                d.form_name,
                d.issuer_unit_id,
                d.number,
                d.reference,
                d.issued_on,
                d.received,
                d.cites_scoring,
                self.now()
            ],
        )
        .map_err(StoreError::from_write)?;
        for (i, a) in awardees.iter().enumerate() {
            self.exec(
                "INSERT INTO awardees (decision_id, position, nominee_id, unit_id, kind, name, role, achievement)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![d.id, i as i64 + 1, a.nominee_id, a.unit_id, a.kind, a.name, a.role, a.achievement],
            )
            .map_err(StoreError::from_write)?;
        }
        let new =
            json!({ "year": d.year, "form": d.form_code, "reference": d.reference, "issued_on": d.issued_on, "awardees": awardees.len() });
        self.audit("award_decision", &d.id.to_string(), "insert", None, Some(&new), "")
    }
}
