//! Where received files are found, the import log, and figures as received.

use thidua_bundle::Sealed;
use thidua_model::PeriodCode;

use crate::{ApiError, Workspace};

use super::wire::{BundleCandidate, ImportLogView};

/// Where clerks' received files usually are: the Downloads folder (e-mail, chat) and the Desktop.
pub fn inbox_folders() -> Vec<std::path::PathBuf> {
    [dirs::download_dir(), dirs::desktop_dir()].into_iter().flatten().filter(|d| d.is_dir()).collect()
}

impl Workspace {
    /// The newest `.thidua` files in `folders` (not their subfolders), at most 50, newest first,
    /// each with who sent it and whether it is already here.
    pub fn bundle_candidates(&self, folders: &[std::path::PathBuf]) -> Result<Vec<BundleCandidate>, ApiError> {
        let mut files: Vec<(std::time::SystemTime, std::path::PathBuf, u64)> = Vec::new();
        for folder in folders {
            let Ok(entries) = std::fs::read_dir(folder) else { continue };
            for e in entries.flatten() {
                let path = e.path();
                let is_bundle = path.extension().is_some_and(|x| x.eq_ignore_ascii_case(thidua_bundle::EXTENSION));
                if let (true, Ok(meta)) = (is_bundle, e.metadata())
                    && meta.is_file()
                {
                    files.push((meta.modified().unwrap_or(std::time::UNIX_EPOCH), path, meta.len()));
                }
            }
        }
        files.sort_by_key(|f| std::cmp::Reverse(f.0));
        files.truncate(50);
        let r = self.store.read();
        let mut out = Vec::new();
        for (modified, path, len) in files {
            let sealed =
                (len <= thidua_bundle::MAX_FILE_BYTES).then(|| std::fs::read(&path).ok()).flatten().and_then(|b| Sealed::read(&b).ok());
            let known = match &sealed {
                Some(s) => r.received(&s.bundle_id)?.is_some(),
                None => false,
            };
            let modified: time::OffsetDateTime = modified.into();
            out.push(BundleCandidate {
                file_name: path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
                folder: path.parent().map(|p| p.display().to_string()).unwrap_or_default(),
                path: path.display().to_string(),
                bytes: len.min(u32::MAX as u64) as u32,
                modified: modified.format(&time::format_description::well_known::Rfc3339).unwrap_or_default(),
                sender: sealed
                    .as_ref()
                    .map(|s| format!("{} ({})", s.manifest.sender.unit_name, s.manifest.sender.unit_code))
                    .unwrap_or_default(),
                kind: sealed.as_ref().map(|s| s.manifest.kind.label().to_owned()).unwrap_or_default(),
                sequence: sealed.as_ref().map_or(0, |s| s.manifest.sequence as u32),
                known,
            });
        }
        Ok(out)
    }
}

impl Workspace {
    /// The value a unit below stated for an indicator in its latest received revision.
    pub fn received_figure(&self, unit_code: &str, period: &str, indicator_code: &str) -> Result<Option<i64>, ApiError> {
        let unit = self.child_unit(unit_code)?;
        let r = self.store.read();
        let Some(report) = r.report_revisions(unit.id, self.movement(), PeriodCode::parse(period)?)?.pop() else { return Ok(None) };
        let set = self.indicator_set()?;
        let Some(indicator) = set.indicators.iter().find(|i| i.code == indicator_code) else { return Ok(None) };
        Ok(r.report_figures(report.id)?.into_iter().find(|f| f.indicator_id == indicator.id).and_then(|f| f.value))
    }

    pub fn import_log(&self, limit: u32) -> Result<Vec<ImportLogView>, ApiError> {
        Ok(self
            .store
            .read()
            .import_log(limit)?
            .into_iter()
            .map(|e| ImportLogView {
                at: e.at,
                actor: e.actor,
                file_name: e.file_name,
                file_sha256: e.file_sha256,
                sender: e.sender,
                outcome: e.outcome,
                message: e.message,
            })
            .collect())
    }
}
