//! The 1 July 2025 merger through history, on real lists: wards of Thành phố Thanh Hóa report
//! 2024 under the 2021 list; the province imports the 2025 list (which reuses old codes for the
//! new wards, renaming rows in place) and Thanh Hóa's merger list; two new wards report 2026.
//! The 2024 consolidation is read old unit by old unit, each under the commune it is now part of,
//! a divided ward's history under the commune that took most of it, and a commune's history
//! compares its 2024 (its old units' sum) with its 2026.

use std::path::{Path, PathBuf};

use thidua_api::{BundleOutcome, DocumentHeader, FixedClock, Moment, SetupInput, Workspace, demo};
use thidua_model::PeriodCode;

const OLD_LIST: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/units/gso-danh-muc-hanh-chinh-2021-11-06.xls");
const NEW_LIST: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/catalogue/don-vi-cap-xa-2025-07-01.csv");
const MERGES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/units/thanh-hoa-sap-nhap-2025.csv");

/// Five wards of 2024: Đông Hải (whole, and its code goes to Hạc Thành), Trường Thi (whole into
/// Hạc Thành), Đông Thọ (divided: its code goes to Hàm Rồng, most of it to Hạc Thành), Hàm Rồng
/// and Nam Ngạn (whole into the new Hàm Rồng).
const OLD_WARDS: [&str; 5] = ["14797", "14764", "14758", "14755", "14761"];

fn at(dir: &Path, day: &str) -> Workspace {
    let moment = Moment::parse(&format!("{day}T03:00:00Z")).unwrap();
    Workspace::open_or_create_with_clock(dir, Box::new(FixedClock(moment))).unwrap()
}

fn set_up(ws: &mut Workspace, code: &str, parent: Option<&str>) {
    let unit = ws.units(&thidua_api::UnitQuery { search: Some(code.into()), ..Default::default() }).unwrap();
    let unit = unit.into_iter().find(|u| u.code == code).unwrap();
    let parent_id = parent.map(|p| {
        let found = ws.units(&thidua_api::UnitQuery { search: Some(p.into()), level: Some("tinh".into()), ..Default::default() }).unwrap();
        found.into_iter().find(|u| u.code == p).unwrap().id
    });
    let defaults = ws.header_defaults(unit.id).unwrap();
    ws.setup(&SetupInput {
        unit_id: unit.id,
        parent_unit_id: parent_id,
        header: DocumentHeader { signer_name: "Nguyễn Thị Mai".into(), ..defaults.header },
        clerk_name: "Lê Văn Nam".into(),
    })
    .unwrap();
}

/// The ward sends `period` up: the plan bundle down, its registers filled, its report up.
fn report(province: &mut Workspace, ward: &mut Workspace, code: &str, period: &str, seed: u64, tmp: &Path) {
    let plan = tmp.join(format!("ke-hoach-{code}-{period}.thidua"));
    province.export_plan_bundle(code, None, &plan).unwrap();
    assert!(ward.import_bundles(&[plan.as_path()], false).unwrap()[0].is_ok());
    demo::fill_ward(ward, PeriodCode::parse(period).unwrap(), seed).unwrap();
    let sent = tmp.join(format!("bao-cao-{code}-{period}.thidua"));
    ward.export_report_bundle(period, &sent).unwrap();
    assert_eq!(province.import_bundles(&[sent.as_path()], false).unwrap()[0].outcome, BundleOutcome::Applied);
}

fn figure(ws: &Workspace, period: &str, code: &str) -> i64 {
    ws.report(period).unwrap().figures.iter().find(|f| f.code == "1.1").map(|f| f.value.unwrap_or(0)).unwrap_or_else(|| panic!("{code}"))
}

#[test]
fn a_merged_commune_shows_and_compares_its_history_through_the_merger_list() {
    let tmp = tempfile::tempdir().unwrap();
    let (template, province_dir) = (tmp.path().join("template"), tmp.path().join("province"));
    {
        let mut ws = at(&template, "2025-01-10");
        ws.import_units(Path::new(OLD_LIST)).unwrap();
        demo::place_under_the_province(&mut ws, Some(&OLD_WARDS)).unwrap();
    }
    let copy = |to: &Path| {
        std::fs::create_dir_all(to).unwrap();
        std::fs::copy(template.join(thidua_api::DATABASE_FILE), to.join(thidua_api::DATABASE_FILE)).unwrap();
    };
    copy(&province_dir);
    let mut province = at(&province_dir, "2025-01-10");
    set_up(&mut province, "38", None);
    province.open_period("2024", Some("31/01/2025")).unwrap();
    let province_id = tmp.path().join("dinh-danh-38.json");
    let province_fp = province.export_identity(&province_id).unwrap().fingerprint;
    let mut ward_dirs: Vec<(String, PathBuf)> = Vec::new();
    for (i, code) in OLD_WARDS.iter().enumerate() {
        let dir = tmp.path().join(code);
        copy(&dir);
        let mut ward = at(&dir, "2025-01-10");
        set_up(&mut ward, code, Some("38"));
        let id = tmp.path().join(format!("dinh-danh-{code}.json"));
        let fp = ward.export_identity(&id).unwrap().fingerprint;
        province.enroll(&id, &fp).unwrap();
        ward.enroll(&province_id, &province_fp).unwrap();
        report(&mut province, &mut ward, code, "2024", i as u64 + 1, tmp.path());
        ward_dirs.push((code.to_string(), dir));
    }
    let sent_2024 = |code: &str| figure(&Workspace::open(&ward_dirs.iter().find(|(c, _)| c == code).unwrap().1).unwrap(), "2024", code);
    let before = province.consolidation("2024").unwrap().totals.into_iter().find(|t| t.code == "1.1").unwrap().received_total;
    drop(province);

    // 2026: the province takes the 2025 list (renaming 14758 and 14797 in place), then the merger.
    let mut province = at(&province_dir, "2026-07-10");
    let refused = province.import_merges(Path::new(MERGES), None).unwrap_err().to_string();
    assert!(refused.contains("mã mới 14758 là Phường Đông Thọ") && refused.contains("Chưa có gì thay đổi"), "{refused}");
    province.import_units(Path::new(NEW_LIST)).unwrap();
    let digest = province.status().unwrap().digest;
    let bad = tmp.path().join("sai.csv");
    std::fs::write(&bad, "ma_cu,ten_cu,ma_moi,ten_moi,phan\n99999,Xã Không Có,14797,Phường Hạc Thành,toàn bộ\n").unwrap();
    let refused = province.import_merges(&bad, None).unwrap_err().to_string();
    assert!(refused.contains("mã cũ 99999 (Xã Không Có) không có"), "{refused}");
    assert_eq!(province.status().unwrap().digest, digest, "a refused list changes nothing");
    let done = province.import_merges(Path::new(MERGES), None).unwrap();
    assert_eq!((done.new_units, done.old_units, done.divided, done.repeated_rows.as_slice()), (166, 534, 10, &[378][..]));

    // 2024 read through the merger: each old ward once, under the commune its history went to.
    let c = province.completeness("2024").unwrap();
    let row = |code: &str| c.units.iter().find(|u| u.unit_code == code).unwrap_or_else(|| panic!("{code} in {:?}", c.units));
    assert_eq!((row("14758").unit_name.as_str(), row("14758").now_in.as_str()), ("Phường Đông Thọ", "Phường Hạc Thành"));
    assert_eq!((row("14755").unit_name.as_str(), row("14755").now_in.as_str()), ("Phường Hàm Rồng", "Phường Hàm Rồng"));
    assert_eq!(row("14797").unit_name, "Phường Đông Hải");
    assert_eq!(c.units.iter().filter(|u| u.unit_code == "14758").count(), 1, "a divided ward is counted once");
    let consolidated = province.consolidation("2024").unwrap();
    let total = consolidated.totals.iter().find(|t| t.code == "1.1").unwrap();
    assert_eq!(total.received_total, before, "the province's 2024 total is unchanged by the merger");
    assert_eq!(total.contributions.iter().filter(|x| x.value.is_some()).count(), 5);

    // 2026: two of the wards' installations carry on as the new communes (their rows renamed).
    province.open_period("2026-H1", Some("20/07/2026")).unwrap();
    for (i, code) in ["14797", "14758"].iter().enumerate() {
        let dir = &ward_dirs.iter().find(|(c, _)| c == code).unwrap().1;
        let mut ward = at(dir, "2026-07-10");
        ward.import_units(Path::new(NEW_LIST)).unwrap();
        report(&mut province, &mut ward, code, "2026-H1", 40 + i as u64, tmp.path());
    }
    let hac_thanh = province.unit_history("14797").unwrap();
    assert!(hac_thanh.summary.starts_with("Phường Hạc Thành được lập ngày 01/07/2025 từ 12 đơn vị cũ"), "{}", hac_thanh.summary);
    let dong_tho = hac_thanh.came_from.iter().find(|f| f.code == "14758").unwrap();
    assert_eq!((dong_tho.share.as_str(), dong_tho.counted_here, dong_tho.reports), ("phần lớn", true, 1));
    assert_eq!(dong_tho.shared_with, ["Phường Hàm Rồng"]);
    let year = |h: &thidua_api::UnitHistory, p: &str| {
        let p = h.periods.iter().find(|x| x.period == p).unwrap();
        (p.before_merger, p.reported, p.expected, p.figures.iter().find(|f| f.code == "1.1").unwrap().value)
    };
    // Hạc Thành's 2024 is Đông Hải + Trường Thi + Đông Thọ (most of it): of the 11 old units
    // counted there (An Hưng's history went elsewhere), 3 reported here.
    let sum = sent_2024("14797") + sent_2024("14764") + sent_2024("14758");
    assert_eq!(year(&hac_thanh, "2024"), (true, 3, 11, Some(sum)));
    let own = figure(&Workspace::open(&ward_dirs[0].1).unwrap(), "2026-H1", "14797");
    assert_eq!(year(&hac_thanh, "2026-H1"), (false, 1, 1, Some(own)));
    // Hàm Rồng's 2024 is the old Hàm Rồng and Nam Ngạn, never Đông Thọ, whose row it now is.
    let ham_rong = province.unit_history("14758").unwrap();
    let part = ham_rong.came_from.iter().find(|f| f.code == "14758").unwrap();
    assert_eq!((part.share.as_str(), part.counted_here, part.counted_in.as_str()), ("một phần", false, "Phường Hạc Thành"));
    assert_eq!(year(&ham_rong, "2024").3, Some(sent_2024("14755") + sent_2024("14761")));
    // The 2026 consolidation is by the new communes themselves.
    let c26 = province.completeness("2026-H1").unwrap();
    assert!(c26.units.iter().all(|u| u.now_in.is_empty()));
    assert!(c26.units.iter().any(|u| u.unit_code == "14797" && u.unit_name == "Phường Hạc Thành" && u.revision == 1));
}
