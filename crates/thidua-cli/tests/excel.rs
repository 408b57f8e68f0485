//! Excel from the command line: a template made, filled by openpyxl, checked and imported; a
//! wrong file refused with its cells and exit code 1; the period's workbooks opened by
//! LibreOffice; a register imported from another system's spreadsheet.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use support::*;

fn fill(src: &Path, dst: &Path, spec: serde_json::Value) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../thidua-api/tests/support/fill_xlsx.py");
    let spec_path = dst.with_extension("json");
    std::fs::write(&spec_path, spec.to_string()).unwrap();
    let out = Command::new("python3").arg(script).arg(src).arg(dst).arg(&spec_path).output().expect("python3 with openpyxl");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// A workbook's sheet as LibreOffice reads it, converted to CSV.
fn libreoffice_csv(xlsx: &Path, sheet_index: usize, out_dir: &Path) -> String {
    let out = Command::new("soffice")
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            &format!("csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,{sheet_index}"),
        ])
        .arg("--outdir")
        .arg(out_dir)
        .arg(xlsx)
        .env("HOME", out_dir)
        .output()
        .expect("LibreOffice (soffice) is installed");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stem = xlsx.file_stem().unwrap().to_string_lossy().into_owned();
    let name = std::fs::read_dir(out_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "csv") && p.file_name().unwrap().to_string_lossy().starts_with(&stem))
        .unwrap();
    let text = std::fs::read_to_string(&name).unwrap();
    std::fs::remove_file(name).unwrap();
    text
}

#[test]
fn template_fill_check_import_and_export_from_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    let demo = tmp.path().join("demo");
    ok(tmp.path(), &["demo", "--out", demo.to_str().unwrap(), "--wards", "1"]);
    let city = demo.join("city");
    let completeness: serde_json::Value = serde_json::from_str(&ok(&city, &["completeness", "--period", "2022-H1", "--json"])).unwrap();
    let unit = completeness["units"].as_array().unwrap().iter().find(|u| u["state"] == "missing").unwrap()["unit_code"]
        .as_str()
        .unwrap()
        .to_owned();

    let template = tmp.path().join("mau.xlsx");
    let made = ok(&city, &["excel", "template", "--unit", &unit, "--period", "2022-H1", "-o", template.to_str().unwrap()]);
    assert!(made.contains("Đã tạo mẫu"), "{made}");
    let filled = tmp.path().join("da-dien.xlsx");
    fill(
        &template,
        &filled,
        serde_json::json!({"cells": [["Số liệu", "code:1.1", 7], ["Nguồn lực", "A4", "Quỹ vì người nghèo"], ["Nguồn lực", "B4", 2500000], ["Nguồn lực", "E4", {"date": "2022-02-14"}]]}),
    );

    let before = digest(&city);
    let dry = ok(&city, &["excel", "import", filled.to_str().unwrap(), "--dry-run"]);
    assert!(dry.contains("«» → «7»") && dry.contains("Chạy thử"), "{dry}");
    assert_eq!(digest(&city), before);
    let done = ok(&city, &["excel", "import", filled.to_str().unwrap()]);
    assert!(done.contains("không có chữ ký"), "{done}");
    assert_ne!(digest(&city), before);

    // A wrong cell: exit 1, the cell named, nothing written.
    let bad = tmp.path().join("sai.xlsx");
    fill(&filled, &bad, serde_json::json!({"cells": [["Nguồn lực", "E4", "31/02/2022"]]}));
    let after = digest(&city);
    let out = thidua(&city, &["excel", "import", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("Sheet 'Nguồn lực', ô E4") && stderr.contains("31/02/2022"), "{stderr}");
    assert_eq!(digest(&city), after);

    // The consolidated workbook as LibreOffice reads it: the unit's row with its figure and flag.
    let book = tmp.path().join("tong-hop.xlsx");
    ok(&city, &["excel", "export", "--period", "2022-H1", "-o", book.to_str().unwrap()]);
    let csv = libreoffice_csv(&book, 1, tmp.path());
    let row = csv.lines().find(|l| l.contains(&unit)).unwrap_or_else(|| panic!("{unit} not in {csv}"));
    assert!(row.contains("nhập từ Excel, không có chữ ký") && row.contains(",7,"), "{row}");
    assert!(csv.lines().any(|l| l.contains("Tổng cộng (2 đơn vị đã báo cáo)")), "{csv}");

    // A ward's workbook: appendix tables and registers; the resource register has its record.
    let ward = std::fs::read_dir(demo.join("wards")).unwrap().next().unwrap().unwrap().path();
    let ward_book = tmp.path().join("phuong.xlsx");
    ok(&ward, &["excel", "export", "--period", "2022-H1", "-o", ward_book.to_str().unwrap()]);
    let first = libreoffice_csv(&ward_book, 1, tmp.path());
    assert!(first.lines().next().unwrap().starts_with("ỦY BAN MTTQ"), "{first}");
}

#[test]
fn a_register_from_another_systems_spreadsheet_with_a_shared_date() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ward");
    ok(&dir, &["init", "--sample"]);
    let file: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/excel/to-trinh-de-nghi-khen-thuong.xlsx");
    let before = digest(&dir);
    let out = thidua(&dir, &["registers", "import", file.to_str().unwrap(), "--kind", "commendation"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Sheet 'DANHSACH', dòng 4"));
    assert_eq!(digest(&dir), before);
    let text = ok(
        &dir,
        &["registers", "import", file.to_str().unwrap(), "--kind", "commendation", "--set", "decided_on=15/06/2022", "--header-row", "3"],
    );
    assert!(text.contains("9 bản ghi đã thêm") && text.contains("recipient") && text.contains("cột C"), "{text}");
    let unknown = thidua(&dir, &["registers", "import", file.to_str().unwrap(), "--kind", "khen"]);
    assert_eq!(unknown.status.code(), Some(1));
}
