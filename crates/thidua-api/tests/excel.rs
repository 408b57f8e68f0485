//! Excel templates for a ward without the program: made by the upper level, filled by another
//! program (openpyxl, as a clerk's Excel would), imported with a per-cell preview, marked as
//! entered from Excel; and every kind of bad file refused with errors addressed by sheet and
//! cell, the database unchanged.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::json;
use thidua_api::{ReportingStatus, Workspace, demo::run_demo};

const PERIOD: &str = "2022-H1";

struct City {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    ws: Workspace,
    /// A unit below the city that has no installation: it reports in Excel.
    unit: String,
}

fn city() -> City {
    let tmp = tempfile::tempdir().unwrap();
    let report = run_demo(&tmp.path().join("demo"), 1, PERIOD).unwrap();
    let dir = PathBuf::from(&report.upper_dir);
    let ws = Workspace::open(&dir).unwrap();
    let unit = ws.completeness(PERIOD).unwrap().units.into_iter().find(|u| u.state == ReportingStatus::Missing).unwrap().unit_code;
    City { _tmp: tmp, dir, ws, unit }
}

impl City {
    fn path(&self, name: &str) -> PathBuf {
        self.dir.parent().unwrap().join(name)
    }

    fn template(&mut self) -> PathBuf {
        let path = self.path("mau.xlsx");
        let unit = self.unit.clone();
        self.ws.excel_template(&unit, PERIOD, &path).unwrap();
        path
    }

    fn digest(&self) -> String {
        self.ws.status().unwrap().digest
    }
}

/// Fills a workbook with openpyxl, another program than the one that wrote it.
fn fill(src: &Path, dst: &Path, spec: serde_json::Value) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/fill_xlsx.py");
    let spec_path = dst.with_extension("json");
    std::fs::write(&spec_path, spec.to_string()).unwrap();
    let out = Command::new("python3").arg(&script).arg(src).arg(dst).arg(&spec_path).output().expect("python3 with openpyxl is installed");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

fn good_fill() -> serde_json::Value {
    json!({"cells": [
        ["Số liệu", "code:1.1", 12],
        ["Số liệu", "code:3.7", "1.250"],
        ["Sáng kiến", "A4", "Ứng dụng Zalo trong sinh hoạt khu dân cư"],
        ["Sáng kiến", "B4", "Nguyễn Thị Hà"],
        ["Sáng kiến", "D4", {"date": "2022-03-05"}],
        ["Sáng kiến", "E4", "Được công nhận"],
        ["Sáng kiến", "A5", "Sổ tay điện tử hội viên"],
        ["Sáng kiến", "B5", "Chi hội Phụ nữ thôn 3"],
        ["Sáng kiến", "D5", "20/04/2022"],
        ["Sáng kiến", "E5", "Đăng ký"],
        ["Nguồn lực", "A4", "Công ty TNHH Minh Phát"],
        ["Nguồn lực", "B4", 38750000],
        ["Nguồn lực", "E4", {"date": "2022-05-10"}]
    ]})
}

fn figure(ws: &Workspace, unit: &str, code: &str) -> Option<i64> {
    let c = ws.consolidation(PERIOD).unwrap();
    c.totals.iter().find(|t| t.code == code).unwrap().contributions.iter().find(|x| x.unit_code == unit).and_then(|x| x.value)
}

#[test]
fn a_filled_template_is_previewed_then_applied_once_and_marked_as_from_excel() {
    let mut c = city();
    let template = c.template();
    let filled = c.path("da-dien.xlsx");
    fill(&template, &filled, good_fill());

    let before = c.digest();
    let preview = c.ws.import_template(&filled, true, false).unwrap();
    assert!(!preview.applied && preview.dry_run);
    assert_eq!(c.digest(), before, "a dry run writes nothing");
    let typed = preview.changes.iter().find(|x| x.what.starts_with("1.1 ")).unwrap();
    assert_eq!((typed.sheet.as_str(), typed.old.as_str(), typed.new.as_str()), ("Số liệu", "", "12"));
    assert!(typed.cell.starts_with('D'), "{typed:?}");
    // Left blank, a computed indicator is computed from the sheets: 2 initiatives, 1 recognised.
    let computed = |code: &str| preview.changes.iter().find(|x| x.what.starts_with(&format!("{code} "))).unwrap().new.clone();
    assert_eq!(
        (computed("3.1"), computed("3.2"), computed("3.5"), computed("3.7")),
        ("2".into(), "1".into(), "38.750.000".into(), "1.250".into())
    );
    assert!(preview.changes.iter().any(|x| x.sheet == "Sáng kiến" && x.what.contains("Sổ tay điện tử hội viên")));

    let done = c.ws.import_template(&filled, false, false).unwrap();
    assert!(done.applied, "{:?}", done.summary);
    assert_eq!(figure(&c.ws, &c.unit, "1.1"), Some(12));
    assert_eq!(figure(&c.ws, &c.unit, "3.5"), Some(38_750_000));
    let total = c.ws.consolidation(PERIOD).unwrap();
    let contribution = total.totals[0].contributions.iter().find(|x| x.unit_code == c.unit).unwrap();
    assert_eq!(contribution.flag, "nhập từ Excel, không có chữ ký");
    assert_eq!(contribution.file_sha256.len(), 64);
    let row = c.ws.completeness(PERIOD).unwrap().units.into_iter().find(|u| u.unit_code == c.unit).unwrap();
    assert!(row.via_excel && row.state != ReportingStatus::Missing, "{row:?}");
    let merged = c.ws.merged_records(thidua_api::RegisterKind::Initiative, PERIOD, "").unwrap();
    assert_eq!(merged.iter().filter(|r| r.unit_code == c.unit).count(), 2);

    // The same file again changes nothing.
    let after = c.digest();
    let again = c.ws.import_template(&filled, false, false).unwrap();
    assert!(!again.applied && again.changes.is_empty(), "{:?}", again.changes);
    assert_eq!(c.digest(), after);

    // A corrected file: one figure, one cell of a record, one record removed.
    let corrected = c.path("sua.xlsx");
    fill(
        &filled,
        &corrected,
        json!({"cells": [["Số liệu", "code:1.1", 15], ["Sáng kiến", "B4", "Nguyễn Thị Hà, Lê Văn Nam"], ["Nguồn lực", "A4", null], ["Nguồn lực", "B4", null], ["Nguồn lực", "E4", null]]}),
    );
    let second = c.ws.import_template(&corrected, false, false).unwrap();
    let change =
        |what: &str| second.changes.iter().find(|x| x.what.contains(what)).unwrap_or_else(|| panic!("{what}: {:?}", second.changes));
    assert_eq!((change("1.1 ").old.as_str(), change("1.1 ").new.as_str()), ("12", "15"));
    let authors = change("Tác giả");
    assert_eq!((authors.cell.as_str(), authors.new.as_str()), ("B4", "Nguyễn Thị Hà, Lê Văn Nam"));
    assert!(change("xóa").what.contains("Minh Phát"));
    assert_eq!(figure(&c.ws, &c.unit, "1.1"), Some(15));
    assert_eq!(figure(&c.ws, &c.unit, "3.5"), Some(0));
    let contribution = c.ws.consolidation(PERIOD).unwrap().totals[0].contributions.iter().find(|x| x.unit_code == c.unit).cloned().unwrap();
    assert_eq!((contribution.revision, contribution.previous), (2, Some(12)));

    // A new template carries what was imported, so the ward can correct its last file.
    let next = c.path("mau-moi.xlsx");
    let unit = c.unit.clone();
    c.ws.excel_template(&unit, PERIOD, &next).unwrap();
    let unchanged = c.ws.import_template(&next, true, false).unwrap();
    assert!(unchanged.changes.is_empty(), "{:?}", unchanged.changes);
}

#[test]
fn every_wrong_cell_is_named_by_sheet_and_cell_and_nothing_is_imported() {
    let mut c = city();
    let template = c.template();
    let bad = c.path("loi.xlsx");
    fill(
        &template,
        &bad,
        json!({"cells": [
            ["Số liệu", "code:1.1", {"formula": "=2+3"}],
            ["Số liệu", "code:1.2", -4],
            ["Số liệu", "code:2.1", "mười hai"],
            ["Sáng kiến", "A4", "Sáng kiến có ngày sai"],
            ["Sáng kiến", "B4", "Tổ 5"],
            ["Sáng kiến", "D4", "31/02/2022"],
            ["Sáng kiến", "E4", "Đăng ký"],
            ["Sáng kiến", "A5", "Sáng kiến thiếu tác giả"],
            ["Sáng kiến", "D5", {"date": "2022-02-01"}],
            ["Sáng kiến", "E5", "Đã xong"],
            ["Sáng kiến", "A6", "Sáng kiến năm khác"],
            ["Sáng kiến", "B6", "Tổ 6"],
            ["Sáng kiến", "D6", {"date": "2021-12-01"}],
            ["Sáng kiến", "E6", "Đăng ký"],
            ["Nguồn lực", "A4", "Nhà hảo tâm"],
            ["Nguồn lực", "B4", 1.5],
            ["Nguồn lực", "E4", {"date": "2022-01-02"}]
        ]}),
    );
    let before = c.digest();
    let err = c.ws.import_template(&bad, false, false).unwrap_err();
    let at = |cell: &str| {
        err.fields.iter().find(|f| f.field == cell).unwrap_or_else(|| panic!("no error at {cell}: {:#?}", err.fields)).message.clone()
    };
    assert!(at("Sheet 'Sáng kiến', ô D4").contains("31/02/2022"));
    assert!(at("Sheet 'Sáng kiến', ô B5").contains("tác giả"));
    assert!(at("Sheet 'Sáng kiến', ô E5").contains("tình trạng phải là một trong"));
    assert!(at("Sheet 'Sáng kiến', ô D6").contains("ngoài kỳ"));
    assert!(at("Sheet 'Nguồn lực', ô B4").contains("1.5"));
    let figures: Vec<_> = err.fields.iter().filter(|f| f.field.starts_with("Sheet 'Số liệu'")).collect();
    assert_eq!(figures.len(), 3, "{figures:#?}");
    assert!(figures.iter().any(|f| f.message.contains("công thức")));
    assert!(err.message.contains("chưa nhập gì") && err.message.contains("Sheet 'Sáng kiến', ô D4"), "{}", err.message);
    assert_eq!(c.digest(), before);
}

#[test]
fn merged_input_cells_and_an_edited_hidden_sheet_are_refused() {
    let mut c = city();
    let template = c.template();
    let before = c.digest();

    let merged = c.path("gop-o.xlsx");
    fill(&template, &merged, json!({"cells": [["Sáng kiến", "A4", "Gộp ô"]], "merge": [["Sáng kiến", "A4:C4"]]}));
    let err = c.ws.import_template(&merged, false, false).unwrap_err();
    assert!(err.fields.iter().any(|f| f.field == "Sheet 'Sáng kiến', ô A4" && f.message.contains("gộp")), "{err:?}");

    let edited = c.path("sua-trang-an.xlsx");
    let other =
        c.ws.completeness(PERIOD).unwrap().units.into_iter().filter(|u| u.state == ReportingStatus::Missing).nth(1).unwrap().unit_code;
    fill(&template, &edited, json!({"meta": [["unit_code", other]]}));
    let err = c.ws.import_template(&edited, false, false).unwrap_err();
    assert!(err.message.contains("đã bị sửa"), "{}", err.message);

    let period = c.path("ky-khac.xlsx");
    fill(&template, &period, json!({"meta": [["period", "2022"]]}));
    assert!(c.ws.import_template(&period, false, false).unwrap_err().message.contains("đã bị sửa"));

    // Not a template at all: the register import is the way for such files.
    let plain = c.path("so.xlsx");
    std::fs::write(&plain, thidua_excel::workbook(&[]).unwrap()).unwrap();
    assert!(c.ws.import_template(&plain, false, false).unwrap_err().message.contains("không phải mẫu báo cáo"));
    assert_eq!(c.digest(), before);
}

#[test]
fn a_template_made_by_another_installation_is_refused() {
    let mut a = city();
    let b = city();
    let template = b.path("mau-cua-may-khac.xlsx");
    let mut bw = Workspace::open(&b.dir).unwrap();
    bw.excel_template(&a.unit, PERIOD, &template).unwrap();
    let before = a.digest();
    let err = a.ws.import_template(&template, false, false).unwrap_err();
    assert!(err.message.contains("đã bị sửa") || err.message.contains("do "), "{}", err.message);
    assert_eq!(a.digest(), before);
}

#[test]
fn a_template_needs_an_open_period_and_a_unit_below() {
    let mut c = city();
    let unit = c.unit.clone();
    let err = c.ws.excel_template(&unit, "2023-H1", &c.path("x.xlsx")).unwrap_err();
    assert!(err.message.contains("chưa được mở"), "{}", err.message);
    let err = c.ws.excel_template("99999", PERIOD, &c.path("x.xlsx")).unwrap_err();
    assert!(err.message.contains("99999"), "{}", err.message);
}

/// What openpyxl reads of a workbook: per sheet, its name, its rows' values (dates as
/// "date:YYYY-MM-DD") and the heights set on its rows.
fn read_back(path: &Path) -> serde_json::Value {
    let script = r#"
import json, sys, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = []
for ws in wb.worksheets:
    rows = []
    for row in ws.iter_rows(values_only=True):
        rows.append(["date:" + v.date().isoformat() if isinstance(v, datetime.datetime) else v for v in row])
    heights = {str(i): d.height for i, d in ws.row_dimensions.items() if d.height}
    out.append({"name": ws.title, "rows": rows, "heights": heights})
print(json.dumps(out, default=str))
"#;
    let out = Command::new("python3").arg("-c").arg(script).arg(path).output().expect("python3 with openpyxl");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Excel as an office makes it, read back by another program: tab names cut at a phrase,
/// dates as date cells, header rows as tall as their wrapped text, appendix sheets naming their
/// report, and the upper level's merged registers grouped by unit.
#[test]
fn workbooks_read_as_an_office_makes_them() {
    let tmp = tempfile::tempdir().unwrap();
    let demo = run_demo(&tmp.path().join("demo"), 3, PERIOD).unwrap();
    let ward = Workspace::open(Path::new(&demo.ward_dirs[0])).unwrap();
    let file = tmp.path().join("phuong.xlsx");
    ward.excel_export(PERIOD, &file).unwrap();
    let book = read_back(&file);
    let sheets = book.as_array().unwrap();
    let names: Vec<&str> = sheets.iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"Hoạt động tuyên truyền"), "{names:?}");
    assert!(names.iter().all(|n| n.chars().count() <= 31 && !n.ends_with(',')), "{names:?}");
    // The appendix sheet names its report (sent in the demo, so by number and day).
    let appendix = &sheets[0]["rows"];
    let reference = appendix[2][0].as_str().unwrap_or("");
    assert!(
        reference.starts_with("(Kèm theo Báo cáo số 01/BC-MTTQ-BTT ngày ") && reference.contains("6 tháng đầu năm 2022"),
        "{reference}"
    );
    // Register dates are date cells.
    let activities = sheets.iter().find(|s| s["name"] == "Hoạt động tuyên truyền").unwrap();
    let dated: Vec<&serde_json::Value> = activities["rows"].as_array().unwrap().iter().skip(4).map(|r| &r[1]).collect();
    assert!(!dated.is_empty() && dated.iter().all(|d| d.as_str().is_some_and(|s| s.starts_with("date:2022-"))), "{dated:?}");
    // The header row (after two title lines and a blank) is given the height of its wrapped text.
    let heights = activities["heights"].as_object().unwrap();
    assert!(heights.get("4").and_then(serde_json::Value::as_f64).is_some_and(|h| h >= 18.0), "{heights:?}");

    // The upper level's registers workbook: each register grouped by unit.
    let city = Workspace::open(Path::new(&demo.upper_dir)).unwrap();
    let file = tmp.path().join("tinh.xlsx");
    city.merged_registers_xlsx(PERIOD, &file).unwrap();
    let book = read_back(&file);
    let activities = book.as_array().unwrap().iter().find(|s| s["name"] == "Hoạt động tuyên truyền").unwrap();
    let units: Vec<&str> = activities["rows"].as_array().unwrap().iter().skip(4).filter_map(|r| r[0].as_str()).collect();
    let mut runs: Vec<&str> = units.clone();
    runs.dedup();
    assert_eq!(runs.len(), 3, "each unit's rows together: {runs:?}");
}

/// Issue 19, finding 10: an unsigned template filled by anyone holding it once superseded a
/// unit's signed report, and the unit's next signed revision was then dropped. A template for a
/// unit with an enrolled key is refused unless the clerk chooses it (logged), and the unit's
/// signed revision then supersedes what the template said.
#[test]
fn a_template_for_a_unit_that_signs_needs_the_clerks_choice_and_its_signed_revision_supersedes_it() {
    let tmp = tempfile::tempdir().unwrap();
    let report = run_demo(&tmp.path().join("demo"), 1, PERIOD).unwrap();
    let mut city = Workspace::open(Path::new(&report.upper_dir)).unwrap();
    let ward_dir = PathBuf::from(&report.ward_dirs[0]);
    let ward_code = ward_dir.file_name().unwrap().to_string_lossy().into_owned();
    let template = tmp.path().join("mau.xlsx");
    city.excel_template(&ward_code, PERIOD, &template).unwrap();
    let filled = tmp.path().join("da-dien.xlsx");
    fill(&template, &filled, json!({"cells": [["Số liệu", "code:1.1", 999]]}));

    let preview = city.import_template(&filled, true, false).unwrap();
    let why = preview.signed_unit.clone().expect("the ward signs its reports");
    assert!(why.contains("đã ghi danh khóa ký"), "{why}");
    let before = city.status().unwrap().digest;
    let err = city.import_template(&filled, false, false).unwrap_err();
    assert!(err.message.contains("Vẫn nhập tệp Excel") && err.message.contains("--unsigned"), "{}", err.message);
    assert_eq!(city.status().unwrap().digest, before, "refused: nothing written");
    let done = city.import_template(&filled, false, true).unwrap();
    assert!(done.applied);
    assert_eq!(figure(&city, &ward_code, "1.1"), Some(999));

    // The ward's own next revision, signed, takes the place of the template's.
    let mut ward = Workspace::open(&ward_dir).unwrap();
    ward.revise_report(PERIOD).unwrap();
    ward.set_figure(PERIOD, "1.1", Some(41), "Số liệu đúng của phường").unwrap();
    let bundle = tmp.path().join("lan-2.thidua");
    ward.export_report_bundle(PERIOD, &bundle).unwrap();
    let o = city.import_bundles(&[bundle.as_path()], false).unwrap().remove(0);
    assert_eq!(o.outcome, thidua_api::BundleOutcome::Applied, "{}", o.message);
    assert!(o.changes.iter().any(|l| l.contains("nhập từ Excel (lần 2) được thay bằng báo cáo có chữ ký")), "{:?}", o.changes);
    assert_eq!(figure(&city, &ward_code, "1.1"), Some(41));
    let log = |sql: &str| -> i64 {
        let conn = rusqlite::Connection::open(Path::new(&report.upper_dir).join("thidua.sqlite3")).unwrap();
        conn.query_row(sql, [], |r| r.get(0)).unwrap()
    };
    assert_eq!(log("SELECT count(*) FROM audit_log WHERE entity = 'excel_import' AND reason LIKE 'cán bộ chọn nhập tệp Excel%'"), 1);
    assert_eq!(log("SELECT count(*) FROM audit_log WHERE entity = 'report' AND action = 'delete' AND old_value LIKE '%999%'"), 1);
}

/// A unit without the program writes a figure its own sheets contradict (3.2 recognised above
/// 3.1 registered): the import takes it in as written but says so, and the consolidation shows
/// the broken rule beside the figure.
#[test]
fn a_template_whose_figures_break_a_rule_is_taken_in_and_flagged_beside_the_figure() {
    let mut c = city();
    let template = c.template();
    let filled = c.path("sai-quy-tac.xlsx");
    let mut spec = good_fill();
    spec["cells"].as_array_mut().unwrap().push(json!(["Số liệu", "code:3.2", 5]));
    fill(&template, &filled, spec);
    let done = c.ws.import_template(&filled, false, false).unwrap();
    assert!(done.applied);
    assert!(
        done.summary.iter().any(|l| l == "Cảnh báo: số liệu không khớp quy tắc 3.2 ≤ 3.1: 3.2 (5) lớn hơn 3.1 (2)"),
        "{:?}",
        done.summary
    );
    let total = c.ws.consolidation(PERIOD).unwrap().totals.into_iter().find(|t| t.code == "3.2").unwrap();
    let mine = total.contributions.iter().find(|x| x.unit_code == c.unit).unwrap();
    assert_eq!(mine.checks, vec!["Không khớp quy tắc 3.2 ≤ 3.1: 3.2 (5) lớn hơn 3.1 (2)".to_owned()]);
    assert!(total.flagged >= 1);
}

/// A ward defines a residential-area committee below it (outside the statistics list), sends it
/// the Excel template, and the committee's figures roll into the ward's own report, listed in
/// its completeness like a commune's in the province's.
#[test]
fn a_residential_area_committee_reports_through_the_template_into_its_ward() {
    let tmp = tempfile::tempdir().unwrap();
    let report = run_demo(&tmp.path().join("demo"), 1, PERIOD).unwrap();
    let mut ward = Workspace::open(Path::new(&report.ward_dirs[0])).unwrap();
    let input = |code: &str, kind: &str, parent: Option<&str>| thidua_api::OwnUnitInput {
        code: code.into(),
        name: "Khu dân cư Đông Sơn 1".into(),
        kind: kind.into(),
        parent: parent.map(Into::into),
    };
    let before = ward.status().unwrap().digest;
    assert!(ward.add_own_unit(&input("KDC 01", "khu-dan-cu", None)).unwrap_err().message.contains("không dùng được"));
    assert!(ward.add_own_unit(&input("KDC-01", "thon", None)).unwrap_err().message.contains("Loại đơn vị «thon» không có"));
    assert!(ward.add_own_unit(&input("KDC-01", "khu-dan-cu", Some("38"))).unwrap_err().message.contains("không thuộc"));
    assert!(ward.add_own_unit(&input("38", "khu-dan-cu", None)).unwrap_err().message.contains("đã là mã của"));
    assert_eq!(ward.status().unwrap().digest, before);
    let committee = ward.add_own_unit(&input("KDC-01", "khu-dan-cu", None)).unwrap();
    assert_eq!((committee.level.as_str(), committee.full_name().as_str()), ("khu_dan_cu", "Khu dân cư Đông Sơn 1"));
    assert!(ward.app_state().unwrap().has_units_below);
    let missing = ward.completeness(PERIOD).unwrap();
    assert_eq!((missing.total, missing.units[0].unit_code.as_str()), (1, "KDC-01"));

    let own = ward.report(PERIOD).unwrap().figures.iter().find(|f| f.code == "1.1").unwrap().value.unwrap();
    let template = tmp.path().join("mau-kdc.xlsx");
    ward.excel_template("KDC-01", PERIOD, &template).unwrap();
    let filled = tmp.path().join("kdc-da-dien.xlsx");
    fill(&template, &filled, good_fill());
    assert!(ward.import_template(&filled, false, false).unwrap().applied);
    let row = ward.completeness(PERIOD).unwrap().units.remove(0);
    assert!(row.via_excel && row.state != ReportingStatus::Missing, "{row:?}");
    // The ward's next revision adds the committee's figures to its own.
    ward.revise_report(PERIOD).unwrap();
    let f11 = ward.report(PERIOD).unwrap().figures.into_iter().find(|f| f.code == "1.1").unwrap();
    assert_eq!((f11.value, f11.units), (Some(own + 12), 1));
}

/// A residential-area committee with its own laptop: its installation is set up as the unit its
/// ward defined (before setup, named with the ward it reports to), under the committee's own
/// header; keys are exchanged, the plan goes down and its signed report comes up into the
/// ward's completeness and figures, as a commune's does into the province's.
#[test]
fn a_residential_area_committee_with_its_own_installation_reports_by_bundle() {
    let tmp = tempfile::tempdir().unwrap();
    let report = run_demo(&tmp.path().join("demo"), 1, PERIOD).unwrap();
    let mut ward = Workspace::open(Path::new(&report.ward_dirs[0])).unwrap();
    let ward_code = ward.installation().unwrap().unit.code;
    let input = |parent: Option<&str>| thidua_api::OwnUnitInput {
        code: "KDC-02".into(),
        name: "Khu dân cư Đông Sơn 2".into(),
        kind: "khu-dan-cu".into(),
        parent: parent.map(Into::into),
    };
    ward.add_own_unit(&input(None)).unwrap();

    // The committee's laptop: the unit defined below its ward, then setup as it.
    let dir = tmp.path().join("kdc-02");
    let mut committee = Workspace::open_or_create(&dir).unwrap();
    committee.ensure_catalogue().unwrap();
    assert!(committee.add_own_unit(&input(None)).unwrap_err().message.contains("mã đơn vị cấp trên"));
    let unit = committee.add_own_unit(&input(Some(&ward_code))).unwrap();
    let defaults = committee.header_defaults(unit.id).unwrap();
    assert_eq!(defaults.header.issuing_body, "BAN CÔNG TÁC MẶT TRẬN KHU DÂN CƯ ĐÔNG SƠN 2");
    assert_eq!(
        (defaults.header.signer_authority.as_str(), defaults.header.signer_title.as_str()),
        ("TM. BAN CÔNG TÁC MẶT TRẬN", "TRƯỞNG BAN")
    );
    committee
        .setup(&thidua_api::SetupInput {
            unit_id: unit.id,
            parent_unit_id: defaults.parent_unit_id,
            header: thidua_api::DocumentHeader { signer_name: "Trần Văn Tư".into(), ..defaults.header },
            clerk_name: "Lê Thị Hoa".into(),
        })
        .unwrap();
    let (mine, theirs) = (tmp.path().join("dinh-danh-kdc.json"), tmp.path().join("dinh-danh-phuong.json"));
    let fp = committee.export_identity(&mine).unwrap().fingerprint;
    ward.enroll(&mine, &fp).unwrap();
    let fp = ward.export_identity(&theirs).unwrap().fingerprint;
    committee.enroll(&theirs, &fp).unwrap();
    let plan = tmp.path().join("ke-hoach-kdc.thidua");
    ward.export_plan_bundle("KDC-02", None, &plan).unwrap();
    assert!(committee.import_bundles(&[plan.as_path()], false).unwrap()[0].is_ok());

    let talk = serde_json::json!({"kind": "tuyen_truyen", "held_on": "2022-03-10", "title": "Tuyên truyền ở nhà văn hóa khu dân cư",
        "organiser": "Ban công tác Mặt trận", "sessions": 4, "participants": 120});
    committee.add_record(thidua_api::RegisterKind::Activity, talk.as_object().unwrap()).unwrap();
    let by_hand: Vec<String> =
        committee.report(PERIOD).unwrap().figures.into_iter().filter(|f| f.source.is_none()).map(|f| f.code).collect();
    for code in by_hand {
        committee.set_figure(PERIOD, &code, Some(0), "").unwrap();
    }
    committee.send_report(PERIOD).unwrap();
    let pdf = tmp.path().join("bao-cao-kdc.pdf");
    committee.report_pdf(PERIOD, &pdf).unwrap();
    let text = String::from_utf8(std::process::Command::new("pdftotext").arg(&pdf).arg("-").output().unwrap().stdout).unwrap();
    assert!(text.contains("BAN CÔNG TÁC MẶT TRẬN") && text.contains("KHU DÂN CƯ ĐÔNG SƠN 2"), "{text}");
    let up = tmp.path().join("bao-cao-kdc.thidua");
    committee.export_report_bundle(PERIOD, &up).unwrap();

    let own = ward.report(PERIOD).unwrap().figures.iter().find(|f| f.code == "1.1").unwrap().value.unwrap();
    assert_eq!(ward.import_bundles(&[up.as_path()], false).unwrap()[0].outcome, thidua_api::BundleOutcome::Applied);
    let row = ward.completeness(PERIOD).unwrap().units.into_iter().find(|u| u.unit_code == "KDC-02").unwrap();
    assert!(!row.via_excel && row.state == ReportingStatus::OnTime, "{row:?}");
    ward.revise_report(PERIOD).unwrap();
    let f11 = ward.report(PERIOD).unwrap().figures.into_iter().find(|f| f.code == "1.1").unwrap();
    assert_eq!((f11.value, f11.units), (Some(own + 4), 1));
}
