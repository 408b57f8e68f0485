//! Movements (migration 14): each named by the code of its indicator set.

use rusqlite::params;
use serde::Serialize;
use serde_json::json;

use crate::{Reader, Result, StoreError, Writer};

/// A movement this installation reports or consolidates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Movement {
    /// The code of its indicator set: "doan-ket-sang-tao".
    pub code: String,
    /// As sentences quote it: "Đoàn kết sáng tạo".
    pub name: String,
    pub position: i64,
}

impl Reader<'_> {
    /// Every movement, in the order they were added.
    pub fn movements(&self) -> Result<Vec<Movement>> {
        let mut stmt = self.conn.prepare_cached("SELECT code, name, position FROM movements ORDER BY position, code")?;
        let rows = stmt.query_map([], |r| Ok(Movement { code: r.get(0)?, name: r.get(1)?, position: r.get(2)? }))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn movement(&self, code: &str) -> Result<Option<Movement>> {
        Ok(self.movements()?.into_iter().find(|m| m.code == code))
    }
}

impl Writer<'_> {
    /// Adds a movement, or renames it when the upper level that issues it says another name.
    pub fn ensure_movement(&mut self, code: &str, name: &str) -> Result<Movement> {
        let name = thidua_text::clean(name);
        match self.read().movement(code)? {
            Some(m) if m.name == name => return Ok(m),
            Some(m) => {
                self.exec("UPDATE movements SET name = ?2 WHERE code = ?1", params![code, name]).map_err(StoreError::from_write)?;
                self.audit("movement", code, "update", Some(&json!({"name": m.name})), Some(&json!({"name": name})), "")?;
            }
            None => {
                self.exec(
                    "INSERT INTO movements (code, name, position, created_at)
                     VALUES (?1, ?2, (SELECT coalesce(max(position), 0) + 1 FROM movements), ?3)",
                    params![code, name, self.now],
                )
                .map_err(StoreError::from_write)?;
                self.audit("movement", code, "insert", None, Some(&json!({"name": name})), "")?;
            }
        }
        Ok(self.read().movement(code)?.expect("just written"))
    }
}
