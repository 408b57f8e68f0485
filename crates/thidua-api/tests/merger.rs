//! The 1 July 2025 merger through history, on real lists: wards of Thành phố Thanh Hóa report
//! 2024 under the 2021 list; the province imports the 2025 list (which reuses old codes for the
//! new wards, renaming rows in place) and Thanh Hóa's merger list; two new wards report 2026.
//! The 2024 consolidation is read old unit by old unit, each under the commune it is now part of,
//! a divided ward's history under the commune that took most of it, and a commune's history
//! compares its 2024 (its old units' sum) with its 2026.

use std::path::Path;

use thidua_api::Workspace;
use thidua_api::demo::merger::{at, run_merger_scenario};

const OLD_LIST: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/units/gso-danh-muc-hanh-chinh-2021-11-06.xls");
const NEW_LIST: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/catalogue/don-vi-cap-xa-2025-07-01.csv");
const MERGES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/units/thanh-hoa-sap-nhap-2025.csv");

/// Five wards of 2024: Đông Hải (whole, and its code goes to Hạc Thành), Trường Thi (whole into
/// Hạc Thành), Đông Thọ (divided: its code goes to Hàm Rồng, most of it to Hạc Thành), Hàm Rồng
/// and Nam Ngạn (whole into the new Hàm Rồng).
const OLD_WARDS: [&str; 5] = ["14797", "14764", "14758", "14755", "14761"];

/// What a ward's own report says for indicator 1.1.
fn sent(dir: &Path, period: &str) -> i64 {
    let report = Workspace::open(dir).unwrap().report(period).unwrap();
    report.figures.iter().find(|f| f.code == "1.1").and_then(|f| f.value).unwrap()
}

#[test]
fn a_merged_commune_shows_and_compares_its_history_through_the_merger_list() {
    let tmp = tempfile::tempdir().unwrap();
    let scenario = run_merger_scenario(tmp.path(), Path::new(OLD_LIST), Path::new(NEW_LIST), &OLD_WARDS).unwrap();
    let ward = |code: &str| scenario.ward_dirs.iter().find(|(c, _)| c == code).unwrap().1.clone();
    let sent_2024 = |code: &str| sent(&ward(code), "2024");
    let mut province = at(&scenario.province_dir, "2026-07-10").unwrap();
    // The trap the merger list springs open: without it, Đông Thọ's 2024 report sits on the row
    // the 2025 list renamed, and reads as the new Hàm Rồng's; the old Hàm Rồng's is gone.
    let trap = province.completeness("2024").unwrap();
    let on_row = trap.units.iter().find(|u| u.unit_code == "14758").unwrap();
    assert_eq!((on_row.unit_name.as_str(), on_row.revision), ("Phường Hàm Rồng", 1));
    assert!(!trap.units.iter().any(|u| u.unit_code == "14755"));
    let digest = province.status().unwrap().digest;
    let bad = tmp.path().join("sai.csv");
    std::fs::write(&bad, "ma_cu,ten_cu,ma_moi,ten_moi,phan\n99999,Xã Không Có,14797,Phường Hạc Thành,toàn bộ\n").unwrap();
    let refused = province.import_merges(&bad, None).unwrap_err().to_string();
    assert!(refused.contains("mã cũ 99999 (Xã Không Có) không có"), "{refused}");
    assert_eq!(province.status().unwrap().digest, digest, "a refused list changes nothing");
    let done = province.import_merges(Path::new(MERGES), None).unwrap();
    assert_eq!((done.new_units, done.old_units, done.divided, done.repeated_rows.as_slice()), (166, 534, 10, &[378][..]));
    // Six old communes went "whole" into two new ones in the published list: named, and counted
    // under neither until corrected.
    assert_eq!(done.unclear.len(), 6);
    assert!(
        done.unclear.contains(&"15379 Xã Vĩnh Hùng: vào Xã Vĩnh Lộc (toàn bộ), Xã Biện Thượng (toàn bộ)".to_owned()),
        "{:?}",
        done.unclear
    );
    // The 2025 list has no districts to retire them; the merger leaves them with no unit below.
    assert_eq!(done.districts_retired, 27);
    let units = province.units(&thidua_api::UnitQuery { level: Some("huyen".into()), ..Default::default() }).unwrap();
    assert!(!units.iter().any(|u| u.parent_name.as_deref() == Some("Tỉnh Thanh Hóa")), "{units:?}");

    // 2024 read through the merger: each old ward once, under the commune its history went to.
    let c = province.completeness("2024").unwrap();
    let row = |code: &str| c.units.iter().find(|u| u.unit_code == code).unwrap_or_else(|| panic!("{code} in {:?}", c.units));
    assert_eq!((row("14758").unit_name.as_str(), row("14758").now_in.as_str()), ("Phường Đông Thọ", "Phường Hạc Thành"));
    assert_eq!((row("14755").unit_name.as_str(), row("14755").now_in.as_str()), ("Phường Hàm Rồng", "Phường Hàm Rồng"));
    assert_eq!(row("14797").unit_name, "Phường Đông Hải");
    assert_eq!(c.units.iter().filter(|u| u.unit_code == "14758").count(), 1, "a divided ward is counted once");
    // Every old unit of Thanh Hóa's merger list, once: its 2024 as the province sees it now.
    assert_eq!((c.total, c.received), (534, 5));
    let vinh_hung = row("15379");
    assert_eq!(vinh_hung.now_in, "chưa rõ: Xã Biện Thượng hoặc Xã Vĩnh Lộc");
    let consolidated = province.consolidation("2024").unwrap();
    let total = consolidated.totals.iter().find(|t| t.code == "1.1").unwrap();
    let before: i64 = OLD_WARDS.iter().map(|c| sent_2024(c)).sum();
    assert_eq!(total.received_total, before, "the province's 2024 total is every old ward's, once");
    assert_eq!(total.contributions.iter().filter(|x| x.value.is_some()).count(), 5);

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
    let own = sent(&ward("14797"), "2026-H1");
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
