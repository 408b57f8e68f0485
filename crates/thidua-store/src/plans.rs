//! Plans: header fields in `plans`, the numbered structure in `plan_nodes`.

use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use thidua_model::{IsoDate, RecordId};

use crate::{Reader, Result, StoreError, Writer};

/// A plan about to be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPlan {
    pub unit_id: RecordId,
    pub derived_from: Option<RecordId>,
    pub year: i32,
    /// Symbol of the document type: "KH", "HD"…
    pub doc_type: String,
    /// The type as printed: "KẾ HOẠCH".
    pub title: String,
    pub summary: String,
    /// Opening paragraphs, one per line.
    pub opening: String,
    pub recipients: Vec<String>,
    pub signer_authority: String,
    pub signer_title: String,
    pub signer_name: String,
    /// The structure in reading order; a node's parent comes before it.
    pub nodes: Vec<NewPlanNode>,
    /// For a plan received from above: the header, number and day it was issued under.
    pub issued_by: Option<IssuerHeader>,
}

/// The header block, number and day a plan was issued under by another installation (the
/// level above), as its signed copy prints them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IssuerHeader {
    /// The lines above the issuing body: "ỦY BAN MTTQ VIỆT NAM", "TỈNH THANH HÓA".
    pub parent_body: Vec<String>,
    /// "BAN THƯỜNG TRỰC".
    pub issuing_body: String,
    /// "MTTQ-BTT".
    pub symbol: String,
    /// "Thanh Hóa".
    pub place: String,
    pub number: i64,
    pub issued_on: IsoDate,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPlanNode {
    /// Index in `nodes` of the parent, or `None` at the top.
    pub parent: Option<usize>,
    pub kind: String,
    pub marker: String,
    pub heading: String,
    pub body: String,
}

/// A stored plan's header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredPlan {
    pub id: RecordId,
    pub unit_id: RecordId,
    pub derived_from: Option<RecordId>,
    pub year: i32,
    pub number: Option<i64>,
    pub doc_type: String,
    pub title: String,
    pub summary: String,
    pub opening: String,
    pub recipients: Vec<String>,
    pub signer_authority: String,
    pub signer_title: String,
    pub signer_name: String,
    pub created_at: String,
    /// For a plan received from above: what it was issued under.
    pub issued_by: Option<IssuerHeader>,
}

/// A stored node; `parent` is the id of its parent node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredPlanNode {
    pub id: RecordId,
    pub parent: Option<RecordId>,
    pub kind: String,
    pub marker: String,
    pub heading: String,
    pub body: String,
}

const PLAN_SELECT: &str = "SELECT id, unit_id, derived_from_id, year, number, doc_type, title, summary, opening, recipients,
    signer_authority, signer_title, signer_name, created_at, issuer_parent_body, issuer_body, issuer_symbol, place,
    issued_on FROM plans";

fn plan_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredPlan> {
    let recipients: String = r.get(9)?;
    Ok(StoredPlan {
        id: r.get(0)?,
        unit_id: r.get(1)?,
        derived_from: r.get(2)?,
        year: r.get(3)?,
        number: r.get(4)?,
        doc_type: r.get(5)?,
        title: r.get(6)?,
        summary: r.get(7)?,
        opening: r.get(8)?,
        recipients: serde_json::from_str(&recipients).unwrap_or_default(),
        signer_authority: r.get(10)?,
        signer_title: r.get(11)?,
        signer_name: r.get(12)?,
        created_at: r.get(13)?,
        issued_by: match (r.get::<_, String>(15)?, r.get::<_, Option<i64>>(4)?, r.get::<_, Option<String>>(18)?) {
            (body, Some(number), Some(day)) if !body.is_empty() => Some(IssuerHeader {
                parent_body: r.get::<_, String>(14)?.lines().map(str::to_owned).collect(),
                issuing_body: body,
                symbol: r.get(16)?,
                place: r.get(17)?,
                number,
                issued_on: IsoDate::parse(&day)
                    .map_err(|e| rusqlite::Error::FromSqlConversionFailure(18, rusqlite::types::Type::Text, Box::new(e)))?,
            }),
            _ => None,
        },
    })
}

impl Reader<'_> {
    /// Live plans of a unit, newest first.
    pub fn plans(&self, unit: RecordId) -> Result<Vec<StoredPlan>> {
        let mut stmt = self
            .conn
            .prepare(&format!("{PLAN_SELECT} WHERE unit_id = ?1 AND deleted_at IS NULL ORDER BY year DESC, created_at DESC, rowid DESC"))?;
        let rows = stmt.query_map([unit], plan_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn plan(&self, id: RecordId) -> Result<Option<(StoredPlan, Vec<StoredPlanNode>)>> {
        let Some(plan) = self.one(&format!("{PLAN_SELECT} WHERE id = ?1 AND deleted_at IS NULL"), [id], plan_from_row).optional()? else {
            return Ok(None);
        };
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, parent_id, kind, marker, heading, body FROM plan_nodes WHERE plan_id = ?1 ORDER BY position")?;
        let nodes = stmt
            .query_map([id], |r| {
                Ok(StoredPlanNode {
                    id: r.get(0)?,
                    parent: r.get(1)?,
                    kind: r.get(2)?,
                    marker: r.get(3)?,
                    heading: r.get(4)?,
                    body: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Some((plan, nodes)))
    }
}

impl Reader<'_> {
    /// The verification code printed on an issued plan (its own or as received), if it has one.
    pub fn plan_verification(&self, plan: RecordId) -> Result<Option<String>> {
        Ok(self.one("SELECT verification_code FROM plans WHERE id = ?1", [plan], |r| r.get::<_, Option<String>>(0)).optional()?.flatten())
    }

    /// The plan whose printed short code is `short` (twelve characters, no dashes).
    pub fn plan_by_short_code(&self, short: &str) -> Result<Option<RecordId>> {
        Ok(self.one("SELECT id FROM plans WHERE short_code = ?1 ORDER BY created_at DESC LIMIT 1", [short], |r| r.get(0)).optional()?)
    }
}

impl Writer<'_> {
    /// Stores a plan and its structure; returns its id.
    /// Keeps the verification code printed on a plan as it is issued (or as received), and its
    /// short code.
    pub fn set_plan_verification(&mut self, plan: RecordId, code: &str, short_code: &str) -> Result<()> {
        self.exec("UPDATE plans SET verification_code = ?2, short_code = ?3 WHERE id = ?1", params![plan, code, short_code])
            .map_err(StoreError::from_write)?;
        Ok(())
    }

    pub fn insert_plan(&mut self, p: &NewPlan) -> Result<RecordId> {
        let id = RecordId::generate();
        self.exec(
            "INSERT INTO plans (id, unit_id, derived_from_id, year, doc_type, title, summary, opening, recipients,
                     signer_authority, signer_title, signer_name, created_at, created_by, updated_at, updated_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?13, ?14)",
            params![
                id,
                p.unit_id,
                p.derived_from,
                p.year,
                p.doc_type,
                p.title,
                p.summary,
                p.opening,
                serde_json::to_string(&p.recipients).expect("strings serialise"),
                p.signer_authority,
                p.signer_title,
                p.signer_name,
                self.now,
                self.actor
            ],
        )
        .map_err(StoreError::from_write)?;
        if let Some(i) = &p.issued_by {
            self.exec(
                "UPDATE plans SET issuer_parent_body = ?2, issuer_body = ?3, issuer_symbol = ?4, place = ?5, number = ?6, issued_on = ?7
                 WHERE id = ?1",
                params![id, i.parent_body.join("\n"), i.issuing_body, i.symbol, i.place, i.number, i.issued_on.to_string()],
            )
            .map_err(StoreError::from_write)?;
        }
        self.insert_plan_nodes(id, &p.nodes)?;
        let summary = serde_json::json!({"title": p.title, "summary": p.summary, "year": p.year, "nodes": p.nodes.len()});
        self.audit("plan", &id.to_string(), "insert", None, Some(&summary), "")?;
        Ok(id)
    }

    fn insert_plan_nodes(&mut self, plan: RecordId, nodes: &[NewPlanNode]) -> Result<()> {
        let mut ids: Vec<RecordId> = Vec::with_capacity(nodes.len());
        for (position, n) in nodes.iter().enumerate() {
            let node_id = RecordId::generate();
            let parent = n.parent.map(|i| ids[i]);
            self
                .exec(
                    "INSERT INTO plan_nodes (id, plan_id, parent_id, position, kind, marker, heading, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    params![node_id, plan, parent, position as i64, n.kind, thidua_text::nfc(&n.marker), thidua_text::nfc(&n.heading), thidua_text::nfc(&n.body)],
                )
                .map_err(StoreError::from_write)?;
            ids.push(node_id);
        }
        Ok(())
    }

    /// Replaces a plan's content with what the clerk edited: its header fields and its whole
    /// structure. The audit keeps the old and new content.
    pub fn replace_plan(&mut self, id: RecordId, p: &NewPlan, old: &serde_json::Value, new: &serde_json::Value) -> Result<()> {
        self.exec(
            "UPDATE plans SET doc_type = ?2, title = ?3, summary = ?4, opening = ?5, recipients = ?6, signer_authority = ?7,
                     signer_title = ?8, signer_name = ?9, updated_at = ?10, updated_by = ?11, version = version + 1 WHERE id = ?1",
            params![
                id,
                p.doc_type,
                thidua_text::nfc(&p.title),
                thidua_text::nfc(&p.summary),
                thidua_text::nfc(&p.opening),
                serde_json::to_string(&p.recipients).expect("strings serialise"),
                thidua_text::nfc(&p.signer_authority),
                thidua_text::nfc(&p.signer_title),
                thidua_text::nfc(&p.signer_name),
                self.now,
                self.actor
            ],
        )
        .map_err(StoreError::from_write)?;
        // The structure is the plan's content, not records of their own: it is replaced whole
        // (children first, for the parent links), and the audit entry keeps the old one.
        loop {
            let left: i64 = self.tx.query_row("SELECT count(*) FROM plan_nodes WHERE plan_id = ?1", [id], |r| r.get(0))?;
            if left == 0 {
                break;
            }
            self.exec(
                "DELETE FROM plan_nodes WHERE plan_id = ?1 AND id NOT IN (SELECT parent_id FROM plan_nodes WHERE parent_id IS NOT NULL)",
                [id],
            )
            .map_err(StoreError::from_write)?;
        }
        self.insert_plan_nodes(id, &p.nodes)?;
        self.audit("plan", &id.to_string(), "update", Some(old), Some(new), "")
    }
}
