//! Excel template imports: one row per accepted file, which the report revision it made points
//! to, so that a figure entered from Excel is never mistaken for one carried by a signed bundle.

use rusqlite::{OptionalExtension, params};
use thidua_model::{PeriodCode, RecordId};

use crate::{Reader, Result, StoreError, Writer};

/// An accepted template file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ExcelImport {
    pub id: RecordId,
    pub template_id: String,
    pub unit_id: RecordId,
    pub period: String,
    pub file_name: String,
    pub file_sha256: String,
    pub imported_at: String,
    pub imported_by: String,
    pub summary: Vec<String>,
}

impl Writer<'_> {
    /// Records an accepted template file; the caller then writes the figures and records.
    pub fn insert_excel_import(
        &mut self,
        template_id: &str,
        unit: RecordId,
        period: PeriodCode,
        file_name: &str,
        file_sha256: &str,
        summary: &[String],
    ) -> Result<RecordId> {
        let id = RecordId::generate();
        let summary = serde_json::to_string(summary).expect("strings serialise");
        self.exec(
            "INSERT INTO excel_imports (id, template_id, unit_id, period_code, file_name, file_sha256, imported_at, imported_by, summary)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![id, template_id, unit, period.to_string(), file_name, file_sha256, self.now, self.actor, summary],
        )
        .map_err(StoreError::from_write)?;
        self.audit(
            "excel_import",
            &id.to_string(),
            "insert",
            None,
            Some(&serde_json::json!({"file": file_name, "sha256": file_sha256})),
            "",
        )?;
        Ok(id)
    }
}

impl Reader<'_> {
    pub fn excel_import(&self, id: &str) -> Result<Option<ExcelImport>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, template_id, unit_id, period_code, file_name, file_sha256, imported_at, imported_by, summary FROM excel_imports WHERE id = ?1",
                [id],
                |r| {
                    Ok(ExcelImport {
                        id: r.get(0)?,
                        template_id: r.get(1)?,
                        unit_id: r.get(2)?,
                        period: r.get(3)?,
                        file_name: r.get(4)?,
                        file_sha256: r.get(5)?,
                        imported_at: r.get(6)?,
                        imported_by: r.get(7)?,
                        summary: serde_json::from_str(&r.get::<_, String>(8)?).unwrap_or_default(),
                    })
                },
            )
            .optional()?)
    }
}
