//! The real lists of the statistics office, and the hard spreadsheets of other projects.

use std::path::PathBuf;

use thidua_catalogue::{CatalogueError, read_catalogue, read_catalogue_bytes};

fn test_data(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/data").join(rel)
}

/// The 2025 list the program embeds (assets/catalogue), read here as a clerk's file would be.
fn embedded_list() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../assets/catalogue/don-vi-cap-xa-2025-07-01.csv")
}

#[test]
fn the_gso_xls_of_2021_reads_every_unit_with_leading_zeros() {
    let list = read_catalogue(&test_data("units/gso-danh-muc-hanh-chinh-2021-11-06.xls")).unwrap();
    let count = |level: &str| list.entries.iter().filter(|e| e.level == level).count();
    assert_eq!(count("tinh"), 63);
    assert_eq!(count("huyen"), 705);
    assert_eq!(count("xa"), 10_599);
    assert_eq!(list.as_of.as_deref(), Some("2021-11-06"));

    let ha_noi = list.entries.iter().find(|e| e.level == "tinh" && e.code == "01").unwrap();
    assert_eq!(ha_noi.name, "Thành phố Hà Nội");
    let phuc_xa = list.entries.iter().find(|e| e.level == "xa" && e.code == "00001").unwrap();
    assert_eq!(phuc_xa.parent, Some(("huyen".into(), "001".into())));
    assert_eq!(phuc_xa.kind, "Phường");
    for e in &list.entries {
        assert_eq!(e.name, thidua_text::clean(&e.name), "row {} not clean: {:?}", e.row, e.name);
        let width = match e.level.as_str() {
            "tinh" => 2,
            "huyen" => 3,
            _ => 5,
        };
        assert_eq!(e.code.len(), width, "row {}: {}", e.row, e.code);
    }
}

#[test]
fn the_2025_csv_links_communes_to_their_provinces() {
    let list = read_catalogue(&embedded_list()).unwrap();
    let communes: Vec<_> = list.entries.iter().filter(|e| e.level == "xa").collect();
    assert_eq!(communes.len(), 3321);
    assert_eq!(list.entries.iter().filter(|e| e.level == "tinh").count(), 34);
    let thanh_hoa = list.entries.iter().find(|e| e.level == "tinh" && e.name.ends_with("Thanh Hóa")).unwrap();
    let under: Vec<_> = communes.iter().filter(|e| e.parent.as_ref().map(|p| &p.1) == Some(&thanh_hoa.code)).collect();
    assert_eq!(under.len(), 166);
    assert!(communes.iter().all(|e| e.parent.is_some()));
}

#[test]
fn the_province_csv_reads_34_provinces() {
    let list = read_catalogue(&test_data("units/tinh-2025-07-01.csv")).unwrap();
    assert_eq!(list.entries.len(), 34);
    assert!(list.entries.iter().all(|e| e.level == "tinh" && e.code.len() == 2));
}

#[test]
fn every_peer_fixture_reads_or_is_refused_without_panic() {
    let mut seen = 0;
    for dir in ["excel/peer-fixtures/calamine", "excel/peer-fixtures/xlrd", "excel"] {
        for entry in std::fs::read_dir(test_data(dir)).unwrap() {
            let path = entry.unwrap().path();
            if !path.is_file() {
                continue;
            }
            seen += 1;
            match read_catalogue(&path) {
                Ok(list) => assert!(!list.entries.is_empty()),
                Err(e) => assert!(!e.to_string().is_empty()),
            }
        }
    }
    assert!(seen > 40, "only {seen} fixtures");
}

#[test]
fn damaged_and_foreign_files_are_refused_with_a_reason() {
    let xls = std::fs::read(test_data("units/gso-danh-muc-hanh-chinh-2021-11-06.xls")).unwrap();
    let err = read_catalogue_bytes("cut.xls", &xls[..xls.len() / 3]).unwrap_err();
    assert!(matches!(err, CatalogueError::Unreadable { .. }), "{err:?}");
    let err = read_catalogue_bytes("list.csv", "Họ tên,Tuổi\nAn,3\n".as_bytes()).unwrap_err();
    assert!(matches!(err, CatalogueError::NoHeader { .. }), "{err:?}");
    assert!(err.to_string().contains("cột mã và cột tên"));
    let err = read_catalogue_bytes("list.pdf", b"%PDF-1.4").unwrap_err();
    assert!(matches!(err, CatalogueError::UnsupportedFormat { .. }));
    let err = read_catalogue_bytes("list.csv", "Mã số,Tên đơn vị\n0A1,Phường X\n".as_bytes()).unwrap_err();
    assert!(err.to_string().contains("dòng 2"), "{err}");
    let err = read_catalogue_bytes("list.csv", "Mã số,Tên đơn vị\n00001,Phường X\n00001,Phường Y\n".as_bytes()).unwrap_err();
    assert!(err.to_string().contains("dòng 3"), "{err}");
    let err = read_catalogue_bytes("list.csv", &[0xff, 0xfe, 0x00]).unwrap_err();
    assert!(matches!(err, CatalogueError::Unreadable { .. }));
}

#[test]
fn spreadsheets_that_turned_codes_into_numbers_get_their_zeros_back() {
    for name in ["units-2025.xlsx", "units-2025.ods"] {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
        let list = read_catalogue(&path).unwrap();
        let communes: Vec<(&str, &str)> =
            list.entries.iter().filter(|e| e.level == "xa").map(|e| (e.code.as_str(), e.name.as_str())).collect();
        assert_eq!(communes, [("00004", "Phường Ba Đình"), ("00070", "Phường Hoàn Kiếm"), ("14797", "Phường Hạc Thành")], "{name}");
        let provinces: Vec<&str> = list.entries.iter().filter(|e| e.level == "tinh").map(|e| e.code.as_str()).collect();
        assert_eq!(provinces, ["01", "38"], "{name}");
    }
}
