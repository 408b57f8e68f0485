//! Commendation proposals as stored (issue 17): a unit's proposal for one form in a year and its
//! nominees, and the award catalogue in use. What a proposal may hold is the API's to check
//! (with `thidua-awards`); this module keeps rows and their audit trail.

use rusqlite::{OptionalExtension, params};
use serde_json::json;
use thidua_model::RecordId;

use crate::{Reader, Result, StoreError, Writer};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredProposal {
    pub id: RecordId,
    pub year: i32,
    pub proposer_unit_id: RecordId,
    pub form_code: String,
    /// "draft", "sent" (by this unit) or "received" (from a unit below).
    pub state: String,
    pub created_at: String,
    pub updated_at: String,
    pub sent_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredNominee {
    pub id: RecordId,
    pub proposal_id: RecordId,
    pub position: i64,
    /// "tap_the" or "ca_nhan".
    pub kind: String,
    pub name: String,
    pub role: String,
    pub achievement: String,
    /// "register:id" of each record the achievement rests on.
    pub records: Vec<String>,
    /// "", "approved", "cut" or "returned".
    pub decision: String,
    pub decision_reason: String,
}

fn proposal_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredProposal> {
    Ok(StoredProposal {
        id: r.get(0)?,
        year: r.get(1)?,
        proposer_unit_id: r.get(2)?,
        form_code: r.get(3)?,
        state: r.get(4)?,
        created_at: r.get(5)?,
        updated_at: r.get(6)?,
        sent_at: r.get(7)?,
    })
}

const PROPOSAL_SELECT: &str = "SELECT id, year, proposer_unit_id, form_code, state, created_at, updated_at, sent_at FROM proposals";

impl Reader<'_> {
    /// Every proposal of `year`, oldest first.
    pub fn proposals(&self, year: i32) -> Result<Vec<StoredProposal>> {
        let mut stmt = self.conn.prepare_cached(&format!("{PROPOSAL_SELECT} WHERE year = ?1 ORDER BY created_at, id"))?;
        Ok(stmt.query_map([year], proposal_from)?.collect::<rusqlite::Result<_>>()?)
    }

    pub fn proposal(&self, id: RecordId) -> Result<Option<StoredProposal>> {
        Ok(self.one(&format!("{PROPOSAL_SELECT} WHERE id = ?1"), [id], proposal_from).optional()?)
    }

    /// Nominees approved so far among the proposals received for `year`: (form, proposing
    /// unit, how many). One query, so a quota is checked without reading every proposal.
    pub fn approved_counts(&self, year: i32) -> Result<Vec<(String, RecordId, u32)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.form_code, p.proposer_unit_id, COUNT(*) FROM nominees n JOIN proposals p ON p.id = n.proposal_id
             WHERE p.year = ?1 AND p.state = 'received' AND n.decision = 'approved' GROUP BY p.form_code, p.proposer_unit_id",
        )?;
        Ok(stmt.query_map([year], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<_>>()?)
    }

    /// The proposal a nominee belongs to.
    pub fn proposal_of_nominee(&self, nominee: RecordId) -> Result<Option<StoredProposal>> {
        Ok(self
            .one(&format!("{PROPOSAL_SELECT} WHERE id = (SELECT proposal_id FROM nominees WHERE id = ?1)"), [nominee], proposal_from)
            .optional()?)
    }

    /// A proposal's nominees, in order.
    pub fn nominees(&self, proposal: RecordId) -> Result<Vec<StoredNominee>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, proposal_id, position, kind, name, role, achievement, records, decision, decision_reason
             FROM nominees WHERE proposal_id = ?1 ORDER BY position",
        )?;
        let rows = stmt.query_map([proposal], |r| {
            let records: String = r.get(7)?;
            Ok(StoredNominee {
                id: r.get(0)?,
                proposal_id: r.get(1)?,
                position: r.get(2)?,
                kind: r.get(3)?,
                name: r.get(4)?,
                role: r.get(5)?,
                achievement: r.get(6)?,
                records: serde_json::from_str(&records).unwrap_or_default(),
                decision: r.get(8)?,
                decision_reason: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The newest stored award catalogue: (JSON, issuer).
    pub fn latest_award_catalogue(&self) -> Result<Option<(String, Option<RecordId>)>> {
        Ok(self
            .one("SELECT body, issued_by_unit_id FROM award_catalogues ORDER BY created_at DESC, version DESC LIMIT 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?)
    }
}

impl Writer<'_> {
    /// Stores a version of an award catalogue; the same again is a no-op, another content under
    /// a version already stored is refused.
    pub fn insert_award_catalogue(&mut self, code: &str, version: i64, name: &str, body: &str, issuer: Option<RecordId>) -> Result<bool> {
        let existing: Option<String> = self
            .read()
            .one("SELECT body FROM award_catalogues WHERE code = ?1 AND version = ?2", params![code, version], |r| r.get(0))
            .optional()?;
        match existing {
            Some(b) if b == body => return Ok(false),
            Some(_) => return Err(StoreError::VersionTaken { code: code.to_owned(), version }),
            None => {}
        }
        self.exec(
            "INSERT INTO award_catalogues (code, version, name, body, issued_by_unit_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![code, version, name, body, issuer, self.now()],
        )
        .map_err(StoreError::from_write)?;
        self.audit("award_catalogue", &format!("{code}@{version}"), "insert", None, Some(&json!({ "name": name })), "")?;
        Ok(true)
    }

    /// Stores a new proposal (its id chosen by the caller: a received one keeps its sender's).
    pub fn insert_proposal(&mut self, p: &StoredProposal) -> Result<()> {
        self.exec(
            "INSERT INTO proposals (id, year, proposer_unit_id, form_code, state, created_at, updated_at, sent_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7)",
            params![p.id, p.year, p.proposer_unit_id, p.form_code, p.state, self.now(), p.sent_at],
        )
        .map_err(StoreError::from_write)?;
        let new = json!({ "year": p.year, "form": p.form_code, "state": p.state });
        self.audit("proposal", &p.id.to_string(), "insert", None, Some(&new), "")
    }

    pub fn set_proposal_state(&mut self, id: RecordId, state: &str) -> Result<()> {
        let old: String = self.read().one("SELECT state FROM proposals WHERE id = ?1", [id], |r| r.get(0))?;
        let sent_at = (state == "sent").then(|| self.now().to_owned());
        self.exec(
            "UPDATE proposals SET state = ?2, updated_at = ?3, sent_at = coalesce(?4, sent_at) WHERE id = ?1",
            params![id, state, self.now(), sent_at],
        )
        .map_err(StoreError::from_write)?;
        self.audit("proposal", &id.to_string(), "update", Some(&json!({ "state": old })), Some(&json!({ "state": state })), "")
    }

    /// Removes a proposal and its nominees (a draft, or a received one replaced by a newer report).
    pub fn delete_proposal(&mut self, id: RecordId, reason: &str) -> Result<()> {
        let nominees = self.read().nominees(id)?;
        self.exec("DELETE FROM nominees WHERE proposal_id = ?1", [id]).map_err(StoreError::from_write)?;
        self.exec("DELETE FROM proposals WHERE id = ?1", [id]).map_err(StoreError::from_write)?;
        let names: Vec<&str> = nominees.iter().map(|n| n.name.as_str()).collect();
        self.audit("proposal", &id.to_string(), "delete", Some(&json!({ "nominees": names })), None, reason)
    }

    /// Adds a nominee at the end of its proposal.
    pub fn insert_nominee(&mut self, n: &StoredNominee) -> Result<()> {
        let position: i64 =
            self.read().one("SELECT coalesce(max(position), 0) + 1 FROM nominees WHERE proposal_id = ?1", [n.proposal_id], |r| r.get(0))?;
        self.exec(
            "INSERT INTO nominees (id, proposal_id, position, kind, name, role, achievement, records, decision, decision_reason)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                n.id,
                n.proposal_id,
                position,
                n.kind,
                n.name,
                n.role,
                n.achievement,
                serde_json::to_string(&n.records).expect("strings"),
                n.decision,
                n.decision_reason
            ],
        )
        .map_err(StoreError::from_write)?;
        self.touch_proposal(n.proposal_id)?;
        let new = json!({ "kind": n.kind, "name": n.name, "role": n.role, "achievement": n.achievement, "records": n.records });
        self.audit("nominee", &n.id.to_string(), "insert", None, Some(&new), "")
    }

    pub fn delete_nominee(&mut self, id: RecordId, reason: &str) -> Result<()> {
        let (proposal, name): (RecordId, String) =
            self.read().one("SELECT proposal_id, name FROM nominees WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        self.exec("DELETE FROM nominees WHERE id = ?1", [id]).map_err(StoreError::from_write)?;
        self.touch_proposal(proposal)?;
        self.audit("nominee", &id.to_string(), "delete", Some(&json!({ "name": name })), None, reason)
    }

    /// The upper level's decision on a nominee, with its reason.
    pub fn decide_nominee(&mut self, id: RecordId, decision: &str, reason: &str) -> Result<()> {
        let (proposal, old): (RecordId, String) =
            self.read().one("SELECT proposal_id, decision FROM nominees WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        self.exec("UPDATE nominees SET decision = ?2, decision_reason = ?3 WHERE id = ?1", params![id, decision, reason])
            .map_err(StoreError::from_write)?;
        self.touch_proposal(proposal)?;
        self.audit("nominee", &id.to_string(), "update", Some(&json!({ "decision": old })), Some(&json!({ "decision": decision })), reason)
    }

    fn touch_proposal(&mut self, id: RecordId) -> Result<()> {
        self.exec("UPDATE proposals SET updated_at = ?2 WHERE id = ?1", params![id, self.now()]).map_err(StoreError::from_write)?;
        Ok(())
    }
}
