//! Registers kept in other spreadsheets: the real templates of a provincial commendation system
//! (tests/data/excel) through the guessed column mapping, and a register sheet with the
//! troubles clerks' files have (title rows, TCVN3, VNI and NFD text, dates as text and as bare
//! serials, numbers as text), also as .ods and .xls converted by LibreOffice.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use thidua_api::{RecordQuery, RegisterKind, SheetImportOptions, TextEncoding, Workspace};
use thidua_excel::{Cell, Column, Sheet};

fn test_data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/excel").join(name)
}

fn ward() -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open_or_create(dir.path()).unwrap();
    ws.install_sample().unwrap();
    (dir, ws)
}

fn options(kind: RegisterKind) -> SheetImportOptions {
    SheetImportOptions { kind: Some(kind), ..Default::default() }
}

fn records(ws: &Workspace, kind: RegisterKind, search: &str) -> Vec<serde_json::Map<String, serde_json::Value>> {
    let q = RecordQuery { search: Some(search.into()), ..RecordQuery::all(kind) };
    ws.list_records(&q).unwrap().rows.into_iter().map(|r| r.fields).collect()
}

#[test]
fn a_commendation_proposal_list_imports_through_the_guessed_mapping_and_a_shared_date() {
    let (_dir, mut ws) = ward();
    let file = test_data("to-trinh-de-nghi-khen-thuong.xlsx");
    let preview = ws.inspect_sheet(&file, &options(RegisterKind::Commendation)).unwrap();
    assert_eq!((preview.sheet.as_str(), preview.header_row, preview.data_rows), ("DANHSACH", 3, 9));
    let column = |field: &str| preview.fields.iter().find(|f| f.name == field).unwrap().column.clone();
    assert_eq!(column("recipient_kind").as_deref(), Some("B"));
    assert_eq!(column("recipient").as_deref(), Some("C"));
    assert_eq!(column("form").as_deref(), Some("F"));
    assert_eq!(column("decided_on"), None);

    // The list has no decision date: every row is refused, naming the row, and nothing is written.
    let before = ws.status().unwrap().digest;
    let err = ws.import_sheet(&file, &options(RegisterKind::Commendation), false).unwrap_err();
    assert!(err.fields.iter().any(|f| f.field == "Sheet 'DANHSACH', dòng 4" && f.message.contains("ngày quyết định")), "{err:#?}");
    assert_eq!(ws.status().unwrap().digest, before);

    let mut with_date = options(RegisterKind::Commendation);
    with_date.constants = BTreeMap::from([("decided_on".to_owned(), "15/06/2022".to_owned())]);
    let dry = ws.import_sheet(&file, &with_date, true).unwrap();
    assert_eq!((dry.added, dry.applied), (9, false));
    assert_eq!(ws.status().unwrap().digest, before);
    let done = ws.import_sheet(&file, &with_date, false).unwrap();
    assert_eq!((done.added, done.applied), (9, true));
    let police = records(&ws, RegisterKind::Commendation, "Công an tỉnh Quảng Bình");
    assert_eq!(police.len(), 1);
    assert_eq!(police[0]["recipient_kind"], "tap_the");
    assert_eq!(police[0]["decided_on"], "2022-06-15");
    assert_eq!(police[0]["source"], "spreadsheet");
    // The same file again adds nothing.
    let again = ws.import_sheet(&file, &with_date, false).unwrap();
    assert_eq!((again.added, again.already_kept, again.applied), (0, 9, false));
}

#[test]
fn the_empty_templates_of_the_same_system_map_their_columns_and_import_nothing() {
    let (_dir, mut ws) = ward();
    for (name, kind, field, column) in [
        ("DETAI.xlsx", RegisterKind::Initiative, "title", "B"),
        ("CANHAN.xlsx", RegisterKind::Commendation, "recipient", "B"),
        ("TAPTHE.xlsx", RegisterKind::Commendation, "recipient", "B"),
    ] {
        let preview = ws.inspect_sheet(&test_data(name), &options(kind)).unwrap();
        assert_eq!(preview.header_row, 3, "{name}");
        assert_eq!(preview.fields.iter().find(|f| f.name == field).unwrap().column.as_deref(), Some(column), "{name}");
        let outcome = ws.import_sheet(&test_data(name), &options(kind), false).unwrap();
        assert_eq!((outcome.added, outcome.applied), (0, false), "{name}");
    }
    let detai = ws.inspect_sheet(&test_data("DETAI.xlsx"), &options(RegisterKind::Initiative)).unwrap();
    let column = |field: &str| detai.fields.iter().find(|f| f.name == field).unwrap().column.clone();
    assert_eq!((column("registered_on").as_deref(), column("authors").as_deref()), (Some("C"), Some("F")));
}

/// A register as a ward keeps it by hand: two title rows, a numbering row under the header,
/// dates typed three ways, money typed with dots, text in three encodings.
fn clerk_sheet(names: [&str; 3]) -> Vec<u8> {
    let text = |s: &str| Cell::Text(s.to_owned());
    let sheet = Sheet {
        name: "Nguồn lực 2022".into(),
        title: vec!["ỦY BAN MTTQ PHƯỜNG HẠC THÀNH".into(), "SỔ THEO DÕI VẬN ĐỘNG NGUỒN LỰC".into()],
        columns: ["STT", "Tổ chức, cá nhân hỗ trợ", "Số tiền (đồng)", "Ngày tiếp nhận", "Mục đích"]
            .iter()
            .map(|h| Column { header: (*h).into(), numeric: false })
            .collect(),
        rows: vec![
            vec![text("(1)"), text("(2)"), text("(3)"), text("(4)"), text("(5)")],
            vec![Cell::Number(1), text(names[0]), text("1.200.000"), text("05/03/2022"), text("Quỹ khuyến học")],
            vec![Cell::Number(2), text(names[1]), Cell::Number(5_000_000), Cell::Number(44_700), text("Nhà đại đoàn kết")],
            vec![Cell::Number(3), text(names[2]), text("750.000 đồng"), text("2022-06-30"), Cell::Empty],
        ],
        total: None,
    };
    thidua_excel::workbook(&[sheet]).unwrap()
}

/// A Thanh Hóa unit name in NFC, TCVN3 and VNI, from tests/data/text, with legacy bytes that
/// are Latin-1 characters as a spreadsheet cell holds them.
fn legacy_name(code: &str) -> (String, String, String) {
    let table = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/text/thanh_hoa_2025_names_nfc_nfd_tcvn3_vni.tsv"),
    )
    .unwrap();
    let line = table.lines().find(|l| l.starts_with(&format!("{code}\t"))).unwrap();
    let cols: Vec<&str> = line.split('\t').collect();
    let latin1 =
        |hex: &str| -> String { (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap() as char).collect() };
    (cols[1].to_owned(), latin1(cols[3]), latin1(cols[4]))
}

#[test]
fn a_clerks_register_with_title_rows_legacy_text_and_three_date_forms_imports_the_same_from_xlsx_ods_and_xls() {
    let dir = tempfile::tempdir().unwrap();
    let nfd: String = unicode_nfd("Hội Chữ thập đỏ phường");
    let (name, tcvn3, _) = legacy_name("14797");
    let xlsx = dir.path().join("so-nguon-luc.xlsx");
    std::fs::write(&xlsx, clerk_sheet([&format!("UBND {tcvn3}"), "Ông Lê Văn Nam", &nfd])).unwrap();
    let mut files = vec![xlsx.clone()];
    for ext in ["ods", "xls"] {
        let out = Command::new("soffice")
            .args(["--headless", "--norestore", "--convert-to", ext, "--outdir"])
            .arg(dir.path())
            .arg(&xlsx)
            .env("HOME", dir.path())
            .output()
            .expect("LibreOffice (soffice) is installed");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        files.push(xlsx.with_extension(ext));
    }
    for file in files {
        let (_d, mut ws) = ward();
        let preview = ws.inspect_sheet(&file, &options(RegisterKind::Resource)).unwrap();
        assert_eq!(preview.header_row, 4, "{}", file.display());
        let done = ws.import_sheet(&file, &options(RegisterKind::Resource), false).unwrap();
        assert_eq!(done.added, 3, "{}: {}", file.display(), done.summary);
        let got = |who: &str| {
            records(&ws, RegisterKind::Resource, who).into_iter().next().unwrap_or_else(|| panic!("{who} in {}", file.display()))
        };
        let first = got(&name);
        assert_eq!(first["donor"].as_str(), Some(format!("UBND {name}").as_str()));
        assert_eq!((first["amount"].as_i64(), first["received_on"].as_str()), (Some(1_200_000), Some("2022-03-05")));
        let second = got("Lê Văn Nam");
        assert_eq!((second["amount"].as_i64(), second["received_on"].as_str()), (Some(5_000_000), Some("2022-05-19")));
        let third = got("Hội Chữ thập đỏ");
        assert_eq!(
            (third["donor"].as_str(), third["amount"].as_i64(), third["received_on"].as_str()),
            (Some("Hội Chữ thập đỏ phường"), Some(750_000), Some("2022-06-30"))
        );
    }
}

fn unicode_nfd(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfd().collect()
}

#[test]
fn vni_text_is_converted_when_the_clerk_says_so_and_bad_cells_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let (_d, mut ws) = ward();
    let (name, _, vni_text) = legacy_name("16522");
    let file = dir.path().join("vni.xlsx");
    std::fs::write(&file, clerk_sheet([&vni_text, "Ông A", "Bà B"])).unwrap();
    let mut vni = options(RegisterKind::Resource);
    vni.encoding = TextEncoding::Vni;
    ws.import_sheet(&file, &vni, false).unwrap();
    assert_eq!(records(&ws, RegisterKind::Resource, &name).len(), 1, "{name}");

    // A column mapped by hand to the wrong field: money read as dates is refused cell by cell.
    let mut wrong = options(RegisterKind::Resource);
    wrong.mapping = BTreeMap::from([("received_on".to_owned(), "C".to_owned()), ("amount".to_owned(), "D".to_owned())]);
    let before = ws.status().unwrap().digest;
    let err = ws.import_sheet(&file, &wrong, false).unwrap_err();
    assert!(err.fields.iter().any(|f| f.field == "Sheet 'Nguồn lực 2022', ô C6" && f.message.contains("1.200.000")), "{err:#?}");
    assert_eq!(ws.status().unwrap().digest, before);
}

#[test]
fn every_peer_fixture_imports_or_is_refused_with_a_message_and_nothing_half_imported() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/excel/peer-fixtures");
    let (_d, mut ws) = ward();
    let mut files: Vec<PathBuf> =
        ["calamine", "xlrd"].iter().flat_map(|d| std::fs::read_dir(root.join(d)).unwrap().map(|e| e.unwrap().path())).collect();
    files.sort();
    let (mut imported, mut refused) = (0, 0);
    for file in files {
        let before = ws.status().unwrap().digest;
        let started = std::time::Instant::now();
        let mut options = options(RegisterKind::Initiative);
        options.constants =
            BTreeMap::from([("registered_on".to_owned(), "01/03/2022".to_owned()), ("status".to_owned(), "Đăng ký".to_owned())]);
        match ws.import_sheet(&file, &options, false) {
            Ok(outcome) => {
                imported += 1;
                assert!(outcome.summary.contains(&*file.file_name().unwrap().to_string_lossy()), "{}", outcome.summary);
            }
            Err(e) => {
                refused += 1;
                assert!(!e.message.is_empty() && e.code == thidua_api::ErrorCode::Refused, "{}: {e:?}", file.display());
                assert_eq!(ws.status().unwrap().digest, before, "{} refused but changed data", file.display());
            }
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(30), "{} took {:?}", file.display(), started.elapsed());
    }
    assert!(imported > 20 && refused > 20, "imported {imported}, refused {refused}");
}
