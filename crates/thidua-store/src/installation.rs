//! The installation's own identity.

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use thidua_model::{DocumentHeader, Installation, RecordId};
use thidua_text::clean;

use crate::{Reader, Result, StoreError, Writer};

/// What setup asks for. Text is cleaned (NFC, spaces collapsed) when stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstallationInput {
    pub unit_id: RecordId,
    pub parent_unit_id: Option<RecordId>,
    pub header: DocumentHeader,
    pub clerk_name: String,
    pub is_sample: bool,
}

impl Reader<'_> {
    pub fn installation(&self) -> Result<Option<Installation>> {
        let row = self
            .conn
            .prepare_cached("SELECT unit_id, parent_unit_id, parent_body, issuing_body, symbol, place, signer_authority, signer_title, signer_name, clerk_name
                 FROM installation WHERE singleton = 1")?
            .query_row([],
                |r| {
                    Ok((
                        r.get::<_, RecordId>(0)?,
                        r.get::<_, Option<RecordId>>(1)?,
                        r.get::<_, String>(2)?,
                        [r.get::<_, String>(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?],
                    ))
                },
            )
            .optional()?;
        let Some((unit_id, parent_id, parent_body, [issuing_body, symbol, place, signer_authority, signer_title, signer_name, clerk_name])) =
            row
        else {
            return Ok(None);
        };
        let unit = self.unit(unit_id)?.ok_or_else(|| StoreError::NotFound { what: "đơn vị của bản cài đặt".into() })?;
        let parent = parent_id.map(|id| self.unit(id)).transpose()?.flatten();
        Ok(Some(Installation {
            unit,
            parent,
            header: DocumentHeader {
                parent_body: serde_json::from_str(&parent_body).unwrap_or_default(),
                issuing_body,
                symbol,
                place,
                signer_authority,
                signer_title,
                signer_name,
            },
            clerk_name,
        }))
    }

    /// Whether this installation is the sample a newcomer was offered.
    pub fn is_sample(&self) -> Result<bool> {
        Ok(self.one("SELECT is_sample FROM installation", [], |r| r.get(0)).optional()?.unwrap_or(false))
    }

    /// Whether the sample installation's guided tour is still to be shown.
    pub fn tour_pending(&self) -> Result<bool> {
        Ok(self.one("SELECT is_sample AND tour_done_at IS NULL FROM installation", [], |r| r.get(0)).optional()?.unwrap_or(false))
    }
}

impl Writer<'_> {
    /// The guided tour was finished or skipped: it is not shown again. Not audited (a
    /// preference of the window, not the unit's data).
    pub fn finish_tour(&mut self) -> Result<()> {
        self.exec("UPDATE installation SET tour_done_at = ?1 WHERE tour_done_at IS NULL", params![self.now])
            .map_err(StoreError::from_write)?;
        Ok(())
    }

    /// Sets (or changes) who this installation is.
    pub fn set_installation(&mut self, input: &InstallationInput) -> Result<Installation> {
        let before = self.read().installation()?;
        let h = &input.header;
        let lines: Vec<String> = h.parent_body.iter().map(|l| clean(l)).filter(|l| !l.is_empty()).collect();
        self.exec(
            "INSERT INTO installation (singleton, unit_id, parent_unit_id, parent_body, issuing_body, symbol, place,
                     signer_authority, signer_title, signer_name, clerk_name, is_sample, created_at, updated_at)
                 VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)
                 ON CONFLICT (singleton) DO UPDATE SET unit_id = ?1, parent_unit_id = ?2, parent_body = ?3,
                     issuing_body = ?4, symbol = ?5, place = ?6, signer_authority = ?7, signer_title = ?8,
                     signer_name = ?9, clerk_name = ?10, is_sample = ?11, updated_at = ?12",
            params![
                input.unit_id,
                input.parent_unit_id,
                serde_json::to_string(&lines).expect("strings serialise"),
                clean(&h.issuing_body),
                clean(&h.symbol),
                clean(&h.place),
                clean(&h.signer_authority),
                clean(&h.signer_title),
                clean(&h.signer_name),
                clean(&input.clerk_name),
                input.is_sample,
                self.now
            ],
        )
        .map_err(StoreError::from_write)?;
        let after = self.read().installation()?.expect("just written");
        let to_json = |i: &Installation| serde_json::to_value(i).expect("serialisable");
        let action = if before.is_some() { "update" } else { "insert" };
        self.audit("installation", "1", action, before.as_ref().map(to_json).as_ref(), Some(&to_json(&after)), "")?;
        Ok(after)
    }
}
