//! Several movements at once ("Đoàn kết sáng tạo", "Vì người nghèo"…): each with its own
//! indicator set, reports, targets and documents; the registers and the periods are shared.
//! The workspace works on one movement at a time (the one on screen, or `--movement`).

use serde::Deserialize;
use ts_rs::TS;

use crate::{ApiError, MovementView, Workspace};

/// A movement the upper level starts.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct MovementInput {
    /// Letters without diacritics, digits and "-": "vi-nguoi-ngheo".
    pub code: String,
    /// "Vì người nghèo".
    pub name: String,
}

impl Workspace {
    /// The movement in context: reports, consolidation, targets and documents are its.
    pub fn movement(&self) -> &str {
        &self.movement
    }

    /// Its name as sentences quote it ("Đoàn kết sáng tạo").
    pub(crate) fn movement_name(&self) -> Result<String, ApiError> {
        let m = self.store.read().movement(&self.movement)?;
        Ok(m.map(|m| m.name).unwrap_or_else(|| self.movement.clone()))
    }

    pub fn movements(&self) -> Result<Vec<MovementView>, ApiError> {
        let r = self.store.read();
        r.movements()?
            .into_iter()
            .map(|m| {
                let indicators = r.latest_indicator_set(&m.code)?.map_or(0, |s| s.indicators.len() as u32);
                Ok(MovementView { code: m.code, name: m.name, indicators })
            })
            .collect()
    }

    /// Works on movement `code` from now on; an unknown code is refused with the ones there are.
    pub fn set_movement(&mut self, code: &str) -> Result<MovementView, ApiError> {
        let all = self.movements()?;
        let found = all.iter().find(|m| m.code == code.trim()).cloned();
        let Some(m) = found else {
            let known: Vec<String> = all.iter().map(|m| format!("{} ({})", m.code, m.name)).collect();
            return Err(ApiError::refused(format!("Không có phong trào mã «{}»: máy này có {}.", code.trim(), known.join(", "))));
        };
        self.movement = m.code.clone();
        self.lists = Default::default();
        Ok(m)
    }

    /// Starts a movement with an empty indicator set of this unit's (only a unit with units
    /// below starts one): indicators are then added as to any set, and the plan bundle takes it
    /// down. The workspace moves onto it.
    pub fn add_movement(&mut self, input: &MovementInput) -> Result<MovementView, ApiError> {
        let code = input.code.trim().to_owned();
        if code.len() < 2 || code.len() > 40 || !code.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
            return Err(ApiError::refused(format!(
                "Mã phong trào «{code}» không dùng được: chữ thường không dấu, số và dấu -, từ 2 đến 40 ký tự (ví dụ vi-nguoi-ngheo)."
            )));
        }
        let name = thidua_text::clean(&input.name);
        if name.is_empty() || name.chars().count() > 200 {
            return Err(ApiError::refused("Tên phong trào phải có, tối đa 200 ký tự (ví dụ Vì người nghèo)."));
        }
        let me = self.installation()?.unit;
        if self.children()?.is_empty() {
            return Err(ApiError::refused(format!(
                "{} không có đơn vị trực thuộc: phong trào và bộ chỉ tiêu do cấp trên phát động, gửi xuống trong gói kế hoạch.",
                me.full_name()
            )));
        }
        if let Some(m) = self.store.read().movement(&code)? {
            return Err(ApiError::refused(format!("Đã có phong trào mã {code} ({}).", m.name)));
        }
        let actor = self.actor()?;
        let set_name = format!("Chỉ tiêu phong trào thi đua “{name}”");
        let checks = thidua_store::SetChecks { rules: Vec::new(), outlier_percent: thidua_store::default_checks().outlier_percent };
        self.store.write(&actor, |w| {
            w.ensure_movement(&code, &name)?;
            w.insert_indicator_set(&code, 1, &set_name, Some(me.id), &[], &checks)
        })?;
        self.set_movement(&code)
    }
}
