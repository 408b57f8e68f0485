use std::path::{Path, PathBuf};

use serde::Serialize;
use thidua_model::Installation;
use thidua_store::{Store, UnitFilter};
use ts_rs::TS;

use crate::ApiError;

/// The database file inside a data directory.
pub const DATABASE_FILE: &str = "thidua.sqlite3";

/// The same folder Tauri's `app_data_dir` gives for our identifier, so the CLI and the app
/// share one store: `%APPDATA%\vn.mttq.thidua` on Windows, `~/.local/share/vn.mttq.thidua`
/// on Linux.
pub fn default_data_dir() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join("vn.mttq.thidua"))
}

/// One installation's data directory and its open store.
pub struct Workspace {
    pub(crate) store: Store,
    /// Filtered, sorted register lists already computed, so scrolling a 50,000-row list asks
    /// only for a slice (see `records.rs`).
    pub(crate) lists: crate::records::rows::ListCache,
    /// Backups before imports and once a day (see `backups.rs`); on unless turned off.
    pub(crate) automatic_backups: bool,
    /// The movement reports, consolidation, targets and documents are for (see `movements.rs`):
    /// the first one until the clerk chooses another.
    pub(crate) movement: String,
}

/// A movement, as the app lists it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct MovementView {
    /// The code of its indicator set: "doan-ket-sang-tao".
    pub code: String,
    /// As sentences quote it: "Đoàn kết sáng tạo".
    pub name: String,
    /// The indicators its set has in force.
    pub indicators: u32,
}

/// What the app needs to decide its first screen.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AppState {
    pub installation: Option<Installation>,
    /// The unit's and its parent's names as people read them ("Tỉnh Thanh Hóa", where the
    /// list says "Thanh Hóa"), for titles and the sidebar.
    pub unit_full_name: Option<String>,
    pub parent_full_name: Option<String>,
    /// Whether units report to this one: only then has the upper level's area something in it.
    pub has_units_below: bool,
    pub is_sample: bool,
    /// The sample installation opens with a guided tour through the areas until it is finished
    /// or skipped.
    pub tour_pending: bool,
    /// The movements this installation knows, and the one on screen.
    pub movements: Vec<MovementView>,
    pub movement: String,
    /// Live units in the catalogue; setup needs some to choose from.
    pub catalogue_units: u32,
    pub data_dir: String,
}

/// `thidua status`: schema, integrity, counts and the digest of all data.
#[derive(Debug, Clone, Serialize, TS)]
pub struct StatusReport {
    pub data_dir: String,
    pub schema_version: u32,
    pub supported_schema_version: u32,
    pub integrity: String,
    pub installation: Option<String>,
    #[ts(type = "Record<string, number>")]
    pub counts: std::collections::BTreeMap<String, i64>,
    pub digest: String,
}

impl Workspace {
    /// Opens the data directory of an installation that exists.
    pub fn open(data_dir: &Path) -> Result<Self, ApiError> {
        if !data_dir.is_dir() {
            return Err(ApiError::refused(format!(
                "Không tìm thấy thư mục dữ liệu {}: hãy chạy «thidua init» hoặc chỉ ra đúng thư mục bằng --data-dir.",
                data_dir.display()
            )));
        }
        Ok(Self::with_store(Store::open_existing(&data_dir.join(DATABASE_FILE))?))
    }

    /// Opens the data directory, making the directory and an empty store if there are none
    /// (first launch of the app, `thidua init`).
    pub fn open_or_create(data_dir: &Path) -> Result<Self, ApiError> {
        Self::open_or_create_with_clock(data_dir, Box::new(thidua_store::SystemClock))
    }

    /// As [`Workspace::open_or_create`], on a given clock: tests stop it at an instant (23:30
    /// UTC is already tomorrow in Vietnam) to check every date the program prints.
    pub fn open_or_create_with_clock(data_dir: &Path, clock: Box<dyn thidua_store::Clock>) -> Result<Self, ApiError> {
        std::fs::create_dir_all(data_dir).map_err(|e| {
            ApiError::refused(format!(
                "Không tạo được thư mục dữ liệu {} ({e}): hãy chọn thư mục khác bằng --data-dir hoặc cấp quyền ghi.",
                data_dir.display()
            ))
        })?;
        Ok(Self::with_store(Store::open_with_clock(&data_dir.join(DATABASE_FILE), clock)?))
    }

    fn with_store(store: Store) -> Self {
        let movement = store.read().movements().ok().and_then(|m| m.into_iter().next()).map(|m| m.code);
        Self {
            store,
            lists: Default::default(),
            automatic_backups: true,
            movement: movement.unwrap_or_else(|| thidua_store::DEFAULT_SET_CODE.into()),
        }
    }

    /// The folder the database lives in.
    pub fn data_dir(&self) -> PathBuf {
        self.store.path().parent().map(Path::to_path_buf).unwrap_or_default()
    }

    /// The name recorded in the audit trail for changes made here.
    pub(crate) fn actor(&self) -> Result<String, ApiError> {
        Ok(self.store.read().installation()?.map(|i| i.clerk_name).filter(|n| !n.is_empty()).unwrap_or_else(|| "Cán bộ".into()))
    }

    pub fn app_state(&self) -> Result<AppState, ApiError> {
        let r = self.store.read();
        let installation = r.installation()?;
        let has_units_below = match &installation {
            Some(i) => !r.units(&UnitFilter { parent_id: Some(i.unit.id), ..Default::default() })?.is_empty(),
            None => false,
        };
        Ok(AppState {
            unit_full_name: installation.as_ref().map(|i| i.unit.full_name()),
            parent_full_name: installation.as_ref().and_then(|i| i.parent.as_ref()).map(|p| p.full_name()),
            has_units_below,
            installation,
            is_sample: r.is_sample()?,
            tour_pending: r.tour_pending()?,
            movements: self.movements()?,
            movement: self.movement.clone(),
            catalogue_units: r.units(&UnitFilter::default())?.len() as u32,
            data_dir: self.data_dir().display().to_string(),
        })
    }

    /// Ends the sample's guided tour (finished or skipped): it is not shown again.
    pub fn finish_tour(&mut self) -> Result<(), ApiError> {
        let actor = self.actor()?;
        Ok(self.store.write(&actor, |w| w.finish_tour())?)
    }

    /// The unit with `code` directly below this one; any other is refused by name.
    pub(crate) fn child_unit(&self, code: &str) -> Result<thidua_model::Unit, ApiError> {
        let me = self.installation()?.unit;
        let unit = self.store.read().child_by_code(me.id, code)?;
        unit.ok_or_else(|| ApiError::refused(format!("Không có đơn vị mã {code} trực thuộc {}.", me.name)))
    }

    pub fn installation(&self) -> Result<Installation, ApiError> {
        let stored = self.store.read().installation()?;
        stored.map(Installation::with_units_named_in_full).ok_or_else(|| {
            ApiError::new(
                crate::ErrorCode::NotSetUp,
                "Chưa cài đặt đơn vị: hãy chạy «thidua init» hoặc hoàn tất phần cài đặt trong ứng dụng.",
            )
        })
    }

    pub fn status(&self) -> Result<StatusReport, ApiError> {
        let s = self.store.status()?;
        Ok(StatusReport {
            data_dir: self.data_dir().display().to_string(),
            schema_version: s.schema_version as u32,
            supported_schema_version: s.supported_schema_version as u32,
            integrity: s.integrity,
            installation: s.installation,
            counts: s.counts.into_iter().map(|c| (c.kind, c.count)).collect(),
            digest: s.digest,
        })
    }
}
