//! The year's end as stored (issue 17): scoring tables, targets, clusters and the points
//! scorers entered. The store keeps a scoring table and an answer as the JSON the scoring crate
//! reads; what they mean is the API's business, so this module checks only keys and shapes.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, params};
use serde_json::json;
use thidua_model::RecordId;

use crate::{Reader, Result, StoreError, Writer};

/// A version of a scoring table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredScoringTable {
    pub code: String,
    pub version: i64,
    pub name: String,
    /// The table as JSON (`thidua_scoring::ScoringTable`).
    pub body: String,
    pub issued_by_unit_id: Option<RecordId>,
    pub created_at: String,
}

/// Where a unit stands in a cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClusterRole {
    Leader,
    Deputy,
    Member,
}

impl ClusterRole {
    pub fn as_str(self) -> &'static str {
        match self {
            ClusterRole::Leader => "leader",
            ClusterRole::Deputy => "deputy",
            ClusterRole::Member => "member",
        }
    }

    fn parse(s: &str) -> Self {
        match s {
            "leader" => ClusterRole::Leader,
            "deputy" => ClusterRole::Deputy,
            _ => ClusterRole::Member,
        }
    }
}

/// A cluster (cụm, khối thi đua) of a year and its units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCluster {
    pub year: i32,
    pub code: String,
    pub name: String,
    pub members: Vec<(RecordId, ClusterRole)>,
}

/// Who scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scorer {
    /// The unit itself (tự chấm).
    Own,
    /// The upper level (cấp trên chấm).
    Upper,
}

impl Scorer {
    fn as_str(self) -> &'static str {
        match self {
            Scorer::Own => "self",
            Scorer::Upper => "upper",
        }
    }
}

/// What a scorer entered for a unit and a criterion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreEntry {
    pub unit_id: RecordId,
    pub scorer: Scorer,
    pub criterion_code: String,
    /// `thidua_scoring::Answer` as JSON.
    pub answer: String,
    pub reason: String,
    pub set_at: String,
}

impl Reader<'_> {
    /// Every version of every scoring table, by code then version.
    pub fn scoring_tables(&self) -> Result<Vec<StoredScoringTable>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT code, version, name, body, issued_by_unit_id, created_at FROM scoring_tables ORDER BY code, version")?;
        let rows = stmt.query_map([], |r| {
            Ok(StoredScoringTable {
                code: r.get(0)?,
                version: r.get(1)?,
                name: r.get(2)?,
                body: r.get(3)?,
                issued_by_unit_id: r.get(4)?,
                created_at: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The newest version of the table `code`.
    pub fn latest_scoring_table(&self, code: &str) -> Result<Option<StoredScoringTable>> {
        Ok(self.scoring_tables()?.into_iter().filter(|t| t.code == code).max_by_key(|t| t.version))
    }

    /// A movement's targets of `year`: (unit, indicator code) → target.
    pub fn targets(&self, movement: &str, year: i32) -> Result<HashMap<(RecordId, String), i64>> {
        let mut stmt =
            self.conn.prepare_cached("SELECT unit_id, indicator_code, target FROM unit_targets WHERE year = ?1 AND movement_code = ?2")?;
        let rows =
            stmt.query_map(params![year, movement], |r| Ok(((r.get::<_, RecordId>(0)?, r.get::<_, String>(1)?), r.get::<_, i64>(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every target of a movement given to one unit, any year: (year, indicator code, target), in that order.
    pub fn unit_targets(&self, movement: &str, unit: RecordId) -> Result<Vec<(i32, String, i64)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT year, indicator_code, target FROM unit_targets WHERE unit_id = ?1 AND movement_code = ?2 ORDER BY year, indicator_code",
        )?;
        let rows = stmt.query_map(params![unit, movement], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The clusters of `year` with their units, by code.
    pub fn clusters(&self, year: i32) -> Result<Vec<StoredCluster>> {
        let mut stmt = self.conn.prepare_cached("SELECT code, name FROM clusters WHERE year = ?1 ORDER BY code")?;
        let mut clusters: Vec<StoredCluster> = stmt
            .query_map([year], |r| Ok(StoredCluster { year, code: r.get(0)?, name: r.get(1)?, members: Vec::new() }))?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = self.conn.prepare_cached("SELECT cluster_code, unit_id, role FROM cluster_members WHERE year = ?1")?;
        let members = stmt.query_map([year], |r| Ok((r.get::<_, String>(0)?, r.get::<_, RecordId>(1)?, r.get::<_, String>(2)?)))?;
        for m in members {
            let (code, unit, role) = m?;
            if let Some(c) = clusters.iter_mut().find(|c| c.code == code) {
                c.members.push((unit, ClusterRole::parse(&role)));
            }
        }
        Ok(clusters)
    }

    /// The upper level's result for `year` as received: (issuer, JSON, when received).
    pub fn scoring_result(&self, year: i32) -> Result<Option<(RecordId, String, String)>> {
        Ok(self
            .one("SELECT issued_by_unit_id, body, received_at FROM scoring_results WHERE year = ?1", [year], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?)
    }

    /// Every entry scorers made for `year`.
    pub fn score_entries(&self, year: i32) -> Result<Vec<ScoreEntry>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT unit_id, scorer, criterion_code, answer, reason, set_at FROM score_entries WHERE year = ?1 ORDER BY unit_id, scorer, criterion_code",
        )?;
        let rows = stmt.query_map([year], |r| {
            Ok(ScoreEntry {
                unit_id: r.get(0)?,
                scorer: if r.get::<_, String>(1)? == "self" { Scorer::Own } else { Scorer::Upper },
                criterion_code: r.get(2)?,
                answer: r.get(3)?,
                reason: r.get(4)?,
                set_at: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl Writer<'_> {
    /// Stores a version of a scoring table. The same version again with the same body is a
    /// no-op (a plan bundle brought it twice); with another body it is refused, since a year
    /// scored with it must keep meaning what it meant.
    pub fn insert_scoring_table(&mut self, table: &StoredScoringTable) -> Result<bool> {
        let existing: Option<String> = self
            .read()
            .one("SELECT body FROM scoring_tables WHERE code = ?1 AND version = ?2", params![table.code, table.version], |r| r.get(0))
            .optional()?;
        match existing {
            Some(body) if body == table.body => return Ok(false),
            Some(_) => {
                return Err(StoreError::VersionTaken { code: table.code.clone(), version: table.version });
            }
            None => {}
        }
        self.exec(
            "INSERT INTO scoring_tables (code, version, name, body, issued_by_unit_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![table.code, table.version, table.name, table.body, table.issued_by_unit_id, self.now()],
        )
        .map_err(StoreError::from_write)?;
        let id = format!("{}@{}", table.code, table.version);
        self.audit("scoring_table", &id, "insert", None, Some(&json!({ "name": table.name })), "")?;
        Ok(true)
    }

    /// Sets (or, with `None`, removes) a unit's target for a movement's indicator in a year.
    pub fn set_target(&mut self, movement: &str, year: i32, unit: RecordId, indicator: &str, target: Option<i64>) -> Result<()> {
        let old: Option<i64> = self
            .read()
            .one(
                "SELECT target FROM unit_targets WHERE year = ?1 AND unit_id = ?2 AND indicator_code = ?3 AND movement_code = ?4",
                params![year, unit, indicator, movement],
                |r| r.get(0),
            )
            .optional()?;
        if old == target {
            return Ok(());
        }
        match target {
            Some(t) => self.exec(
                "INSERT INTO unit_targets (year, movement_code, unit_id, indicator_code, target, set_at) VALUES (?1, ?6, ?2, ?3, ?4, ?5)
                 ON CONFLICT (year, movement_code, unit_id, indicator_code) DO UPDATE SET target = excluded.target, set_at = excluded.set_at",
                params![year, unit, indicator, t, self.now(), movement],
            ),
            None => self.exec(
                "DELETE FROM unit_targets WHERE year = ?1 AND unit_id = ?2 AND indicator_code = ?3 AND movement_code = ?4",
                params![year, unit, indicator, movement],
            ),
        }
        .map_err(StoreError::from_write)?;
        let id = format!("{year}/{movement}/{unit}/{indicator}");
        let action = match (old, target) {
            (None, _) => "insert",
            (_, None) => "delete",
            _ => "update",
        };
        self.audit("unit_target", &id, action, old.map(|v| json!(v)).as_ref(), target.map(|v| json!(v)).as_ref(), "")
    }

    /// Adds a cluster for a year, or renames it.
    pub fn upsert_cluster(&mut self, year: i32, code: &str, name: &str) -> Result<()> {
        let old: Option<String> =
            self.read().one("SELECT name FROM clusters WHERE year = ?1 AND code = ?2", params![year, code], |r| r.get(0)).optional()?;
        if old.as_deref() == Some(name) {
            return Ok(());
        }
        self.exec(
            "INSERT INTO clusters (year, code, name) VALUES (?1, ?2, ?3) ON CONFLICT (year, code) DO UPDATE SET name = excluded.name",
            params![year, code, name],
        )
        .map_err(StoreError::from_write)?;
        let action = if old.is_some() { "update" } else { "insert" };
        self.audit(
            "cluster",
            &format!("{year}/{code}"),
            action,
            old.map(|n| json!({ "name": n })).as_ref(),
            Some(&json!({ "name": name })),
            "",
        )
    }

    /// Puts a unit in a cluster of the year with a role (taking it out of any other); a
    /// leader or deputy already there is refused by the schema, so the caller checks first.
    pub fn set_cluster_member(&mut self, year: i32, unit: RecordId, cluster: &str, role: ClusterRole) -> Result<()> {
        let old: Option<(String, String)> = self
            .read()
            .one("SELECT cluster_code, role FROM cluster_members WHERE year = ?1 AND unit_id = ?2", params![year, unit], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        if old.as_ref().is_some_and(|(c, r)| c == cluster && r == role.as_str()) {
            return Ok(());
        }
        self.exec(
            "INSERT INTO cluster_members (year, unit_id, cluster_code, role) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (year, unit_id) DO UPDATE SET cluster_code = excluded.cluster_code, role = excluded.role",
            params![year, unit, cluster, role.as_str()],
        )
        .map_err(StoreError::from_write)?;
        let old = old.map(|(c, r)| json!({ "cluster": c, "role": r }));
        let new = json!({ "cluster": cluster, "role": role.as_str() });
        self.audit(
            "cluster_member",
            &format!("{year}/{unit}"),
            if old.is_some() { "update" } else { "insert" },
            old.as_ref(),
            Some(&new),
            "",
        )
    }

    /// Keeps the upper level's result for a year, replacing an earlier one.
    pub fn set_scoring_result(&mut self, year: i32, issued_by: RecordId, body: &str) -> Result<()> {
        let old: Option<String> = self.read().one("SELECT body FROM scoring_results WHERE year = ?1", [year], |r| r.get(0)).optional()?;
        self.exec(
            "INSERT INTO scoring_results (year, issued_by_unit_id, body, received_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (year) DO UPDATE SET issued_by_unit_id = excluded.issued_by_unit_id, body = excluded.body, received_at = excluded.received_at",
            params![year, issued_by, body, self.now()],
        )
        .map_err(StoreError::from_write)?;
        let parse = |s: &str| serde_json::from_str::<serde_json::Value>(s).unwrap_or_default();
        let action = if old.is_some() { "update" } else { "insert" };
        self.audit("scoring_result", &year.to_string(), action, old.as_deref().map(parse).as_ref(), Some(&parse(body)), "")
    }

    /// Takes a unit out of its cluster of the year.
    pub fn remove_cluster_member(&mut self, year: i32, unit: RecordId) -> Result<()> {
        let old: Option<(String, String)> = self
            .read()
            .one("SELECT cluster_code, role FROM cluster_members WHERE year = ?1 AND unit_id = ?2", params![year, unit], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let Some((cluster, role)) = old else { return Ok(()) };
        self.exec("DELETE FROM cluster_members WHERE year = ?1 AND unit_id = ?2", params![year, unit]).map_err(StoreError::from_write)?;
        self.audit("cluster_member", &format!("{year}/{unit}"), "delete", Some(&json!({ "cluster": cluster, "role": role })), None, "")
    }

    /// Records what a scorer said of a unit for a criterion (or, with `None`, takes it back),
    /// with the reason, which the audit trail keeps too.
    pub fn set_score_entry(
        &mut self,
        year: i32,
        unit: RecordId,
        scorer: Scorer,
        criterion: &str,
        answer: Option<&str>,
        reason: &str,
    ) -> Result<()> {
        let key = params![year, unit, scorer.as_str(), criterion];
        let old: Option<String> = self
            .read()
            .one("SELECT answer FROM score_entries WHERE year = ?1 AND unit_id = ?2 AND scorer = ?3 AND criterion_code = ?4", key, |r| {
                r.get(0)
            })
            .optional()?;
        match answer {
            Some(a) => self.exec(
                "INSERT INTO score_entries (year, unit_id, scorer, criterion_code, answer, reason, set_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (year, unit_id, scorer, criterion_code) DO UPDATE SET answer = excluded.answer, reason = excluded.reason, set_at = excluded.set_at",
                params![year, unit, scorer.as_str(), criterion, a, reason, self.now()],
            ),
            None => self.exec(
                "DELETE FROM score_entries WHERE year = ?1 AND unit_id = ?2 AND scorer = ?3 AND criterion_code = ?4",
                params![year, unit, scorer.as_str(), criterion],
            ),
        }
        .map_err(StoreError::from_write)?;
        let parse = |s: &str| serde_json::from_str::<serde_json::Value>(s).unwrap_or_else(|_| json!(s));
        let action = match (&old, answer) {
            (None, _) => "insert",
            (_, None) => "delete",
            _ => "update",
        };
        let id = format!("{year}/{unit}/{}/{criterion}", scorer.as_str());
        self.audit("score_entry", &id, action, old.as_deref().map(parse).as_ref(), answer.map(parse).as_ref(), reason)
    }
}
