use serde::{Deserialize, Serialize};
use thidua_model::{DocumentHeader, Installation, PeriodCode, RecordId};
use thidua_store::InstallationInput;
use thidua_text::clean;
use ts_rs::TS;

use crate::{ApiError, Workspace};

/// What the first-run setup (and `thidua init`) asks for.
#[derive(Debug, Clone, Deserialize, Serialize, TS)]
pub struct SetupInput {
    pub unit_id: RecordId,
    /// The unit this installation reports to; `None` for the top of the tree.
    pub parent_unit_id: Option<RecordId>,
    pub header: DocumentHeader,
    pub clerk_name: String,
}

/// What setup proposes for a unit, for the clerk to correct (the signer's name is left empty).
#[derive(Debug, Clone, Serialize, TS)]
pub struct HeaderDefaults {
    pub parent_unit_id: Option<RecordId>,
    pub header: DocumentHeader,
}

impl Workspace {
    /// The usual header of an MTTQ standing committee of this unit (Decree 30 header block):
    /// "ỦY BAN MTTQ VIỆT NAM" above the unit's name in capitals, "BAN THƯỜNG TRỰC" below.
    pub fn header_defaults(&self, unit_id: RecordId) -> Result<HeaderDefaults, ApiError> {
        let unit = self
            .store
            .read()
            .unit(unit_id)?
            .ok_or_else(|| ApiError::refused("Không tìm thấy đơn vị đã chọn: hãy chọn lại từ danh mục."))?;
        let place = unit.name.strip_prefix(&unit.kind).map(str::trim).filter(|p| !p.is_empty()).unwrap_or(&unit.name).to_owned();
        let parent = unit.parent_id.map(|p| self.store.read().unit(p)).transpose()?.flatten();
        // A unit defined below a commune writes under that commune's Front: a residential-area
        // committee as its Ban công tác Mặt trận, a member organisation as itself.
        let (parent_body, issuing_body, symbol, authority, title, place) = match (unit.level.as_str(), &parent) {
            ("khu_dan_cu", Some(p)) => (
                vec!["ỦY BAN MTTQ VIỆT NAM".into(), p.name_in_header()],
                format!("BAN CÔNG TÁC MẶT TRẬN {}", unit.name.to_uppercase()),
                "BCTMT".to_owned(),
                "TM. BAN CÔNG TÁC MẶT TRẬN".to_owned(),
                "TRƯỞNG BAN".to_owned(),
                p.name.strip_prefix(&p.kind).map(str::trim).unwrap_or(&p.name).to_owned(),
            ),
            ("to_chuc_thanh_vien", Some(p)) => (
                vec!["ỦY BAN MTTQ VIỆT NAM".into(), p.name_in_header()],
                unit.name.to_uppercase(),
                String::new(),
                "TM. BAN CHẤP HÀNH".to_owned(),
                "CHỦ TỊCH".to_owned(),
                p.name.strip_prefix(&p.kind).map(str::trim).unwrap_or(&p.name).to_owned(),
            ),
            _ => (
                vec!["ỦY BAN MTTQ VIỆT NAM".into(), unit.name_in_header()],
                "BAN THƯỜNG TRỰC".to_owned(),
                "MTTQ-BTT".to_owned(),
                "TM. BAN THƯỜNG TRỰC".to_owned(),
                "CHỦ TỊCH".to_owned(),
                place,
            ),
        };
        Ok(HeaderDefaults {
            parent_unit_id: unit.parent_id,
            header: DocumentHeader {
                parent_body,
                issuing_body,
                symbol,
                place,
                signer_authority: authority,
                signer_title: title,
                signer_name: String::new(),
            },
        })
    }

    /// Sets who this installation is. Refuses missing fields with what to fill in.
    pub fn setup(&mut self, input: &SetupInput) -> Result<Installation, ApiError> {
        self.setup_with(input, false)
    }

    pub(crate) fn setup_with(&mut self, input: &SetupInput, is_sample: bool) -> Result<Installation, ApiError> {
        let r = self.store.read();
        let unit = r
            .unit(input.unit_id)?
            .filter(|u| !u.retired)
            .ok_or_else(|| ApiError::refused("Đơn vị đã chọn không có trong danh mục hiện hành: hãy chọn lại."))?;
        // An installation keeps its unit: its key, its bundles' chain and its registers are that
        // unit's. Setup may change the header, the signer and the parent, never the unit.
        if let Some(existing) = r.installation()?.filter(|i| i.unit.id != unit.id) {
            return Err(ApiError::refused(format!(
                "Máy này đã được cài đặt cho {} ({}): không thể đổi sang đơn vị khác. Hãy dùng một thư mục dữ liệu khác.",
                existing.unit.name, existing.unit.code
            )));
        }
        if let Some(parent) = input.parent_unit_id {
            let parent = r.unit(parent)?.ok_or_else(|| ApiError::refused("Không tìm thấy đơn vị cấp trên đã chọn: hãy chọn lại."))?;
            if parent.id == unit.id {
                return Err(ApiError::refused("Đơn vị cấp trên phải khác đơn vị của mình."));
            }
        }
        let h = &input.header;
        let required = [
            (&h.signer_name, "Họ tên người ký"),
            (&h.signer_title, "Chức vụ người ký"),
            (&h.issuing_body, "Tên cơ quan ban hành"),
            (&h.place, "Địa danh ghi ở ngày tháng"),
            (&input.clerk_name, "Họ tên cán bộ sử dụng máy"),
        ];
        let missing: Vec<&str> = required.iter().filter(|(v, _)| clean(v).is_empty()).map(|(_, label)| *label).collect();
        if !missing.is_empty() {
            return Err(ApiError::refused(format!("Còn thiếu: {}. Hãy điền đủ rồi lưu lại.", missing.join(", "))));
        }
        let actor = clean(&input.clerk_name);
        let stored = InstallationInput {
            unit_id: input.unit_id,
            parent_unit_id: input.parent_unit_id,
            header: input.header.clone(),
            clerk_name: input.clerk_name.clone(),
            is_sample,
        };
        let year = self.store.now().vietnam_year();
        let installation = self.store.write(&actor, |w| {
            let installation = w.set_installation(&stored)?;
            w.ensure_default_indicator_set()?;
            // The periods of the current year, so the clerk can start recording at once.
            for code in [format!("{year}-H1"), year.to_string()] {
                w.ensure_period(PeriodCode::parse(&code)?, None, None)?;
            }
            Ok(installation)
        })?;
        // The signing key is made with the installation, so its identity can be sent at once.
        self.own_key()?;
        Ok(installation)
    }
}
