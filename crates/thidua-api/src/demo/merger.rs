//! The merger scenario: wards of Thành phố Thanh Hóa report 2024 under the 2021 list (placed
//! directly under the province, which consolidates them), then on 1 July 2025 the list changes:
//! the province takes the 2025 list, which reuses old codes for the new wards and so renames
//! rows in place, and the wards whose codes the new wards took carry on as those wards and
//! report the first half of 2026. Importing the merger list is left to the caller: it is what
//! the scenario is for.

use std::path::{Path, PathBuf};

use thidua_model::Moment;
use thidua_store::FixedClock;

use super::{PROVINCE_CODE, fill_ward, io, place_under_the_province, set_up};
use crate::{ApiError, Workspace};

/// The scenario's folders.
pub struct MergerScenario {
    pub province_dir: PathBuf,
    /// (code, data directory) of each ward of 2024.
    pub ward_dirs: Vec<(String, PathBuf)>,
}

/// A workspace whose clock stands at 10:00 (Vietnam) on `day`.
pub fn at(dir: &Path, day: &str) -> Result<Workspace, ApiError> {
    let moment = Moment::parse(&format!("{day}T03:00:00Z")).map_err(|e| ApiError::refused(e.to_string()))?;
    Workspace::open_or_create_with_clock(dir, Box::new(FixedClock(moment)))
}

/// Runs the scenario into `out` (empty or absent) with the lists before (`old_list`) and after
/// (`new_list`) the merger; `wards` are codes of the old list. Wards whose code the new list
/// keeps report 2026-H1 as the new ward.
pub fn run_merger_scenario(out: &Path, old_list: &Path, new_list: &Path, wards: &[&str]) -> Result<MergerScenario, ApiError> {
    let template = out.join("template");
    {
        let mut ws = at(&template, "2025-01-10")?;
        ws.import_units(old_list)?;
        place_under_the_province(&mut ws, Some(wards))?;
    }
    let from_template = |to: &Path, day: &str| -> Result<Workspace, ApiError> {
        std::fs::create_dir_all(to).map_err(|e| io(to, e))?;
        std::fs::copy(template.join(crate::DATABASE_FILE), to.join(crate::DATABASE_FILE)).map_err(|e| io(to, e))?;
        at(to, day)
    };
    let province_dir = out.join("province");
    let mut province = from_template(&province_dir, "2025-01-10")?;
    let unit = |ws: &Workspace, code: &str, level: &str| {
        ws.store.read().unit_by_code(code, Some(level))?.ok_or_else(|| ApiError::refused(format!("Danh mục không có đơn vị mã {code}.")))
    };
    let province_unit = unit(&province, PROVINCE_CODE, "tinh")?;
    set_up(&mut province, &province_unit, None, "Trần Văn Bình", "Phạm Thu Hà")?;
    province.open_period("2024", Some("31/01/2025"))?;
    let identity = out.join(format!("dinh-danh-{PROVINCE_CODE}.json"));
    let fingerprint = province.export_identity(&identity)?.fingerprint;
    let mut ward_dirs = Vec::new();
    for (i, code) in wards.iter().enumerate() {
        let dir = out.join(code);
        let mut ward = from_template(&dir, "2025-01-10")?;
        ward.set_automatic_backups(false);
        let me = unit(&ward, code, "xa")?;
        set_up(&mut ward, &me, Some(province_unit.id), "Nguyễn Thị Mai", "Lê Văn Nam")?;
        let own = out.join(format!("dinh-danh-{code}.json"));
        let own_fingerprint = ward.export_identity(&own)?.fingerprint;
        province.enroll(&own, &own_fingerprint)?;
        ward.enroll(&identity, &fingerprint)?;
        exchange(&mut province, &mut ward, code, "2024", i as u64 + 1, out)?;
        ward_dirs.push((code.to_string(), dir));
    }
    drop(province);
    let mut province = at(&province_dir, "2026-07-10")?;
    province.import_units(new_list)?;
    province.open_period("2026-H1", Some("20/07/2026"))?;
    for (i, (code, dir)) in ward_dirs.iter().enumerate() {
        let mut ward = at(dir, "2026-07-10")?;
        ward.import_units(new_list)?;
        if ward.installation()?.unit.retired {
            continue; // merged into a ward that kept another code
        }
        exchange(&mut province, &mut ward, code, "2026-H1", 40 + i as u64, out)?;
    }
    let _ = std::fs::remove_dir_all(&template);
    Ok(MergerScenario { province_dir, ward_dirs })
}

/// The plan bundle down, the ward's registers filled for `period`, its report up.
fn exchange(province: &mut Workspace, ward: &mut Workspace, code: &str, period: &str, seed: u64, out: &Path) -> Result<(), ApiError> {
    let plan = out.join(format!("ke-hoach-{code}-{period}.thidua"));
    province.export_plan_bundle(code, None, &plan)?;
    let sent = out.join(format!("bao-cao-{code}-{period}.thidua"));
    if let Some(bad) = ward.import_bundles(&[plan.as_path()], false)?.into_iter().find(|o| !o.is_ok()) {
        return Err(ApiError::refused(bad.message));
    }
    fill_ward(ward, thidua_model::PeriodCode::parse(period)?, seed)?;
    ward.export_report_bundle(period, &sent)?;
    if let Some(bad) = province.import_bundles(&[sent.as_path()], false)?.into_iter().find(|o| !o.is_ok()) {
        return Err(ApiError::refused(bad.message));
    }
    Ok(())
}
