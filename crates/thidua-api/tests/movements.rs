//! Several movements at once: the upper level starts "Vì người nghèo" beside "Đoàn kết sáng
//! tạo", gives it an indicator counted from the shared registers and one entered by hand, and
//! sends it down; a ward reports both for the same half year; each movement's completeness,
//! consolidation and documents are its own.

use std::path::PathBuf;

use thidua_api::demo::{Scenario, run_scenario};
use thidua_api::{BundleOutcome, IndicatorInput, MovementInput, RegisterKind, ReportingStatus, Workspace};

const PERIOD: &str = "2022-H1";
const POOR: &str = "vi-nguoi-ngheo";

fn code(ward: &std::path::Path) -> String {
    ward.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn a_second_movement_runs_beside_the_first_with_its_own_set_reports_and_totals() {
    let tmp = tempfile::tempdir().unwrap();
    let one = Scenario { wards: 2, period: PERIOD.into(), keep_wards: true, import: true, at: None, second_movement: false, indicators: 0 };
    let demo = run_scenario(&tmp.path().join("demo"), &one).unwrap();
    let wards: Vec<PathBuf> = demo.ward_dirs.iter().map(PathBuf::from).collect();
    let mut city = Workspace::open(std::path::Path::new(&demo.upper_dir)).unwrap();
    let first_totals = city.consolidation(PERIOD).unwrap().totals;

    // Refused, changing nothing: a malformed code, a taken one, an unknown one to work on.
    let digest = city.status().unwrap().digest;
    let refused = |r: Result<thidua_api::MovementView, thidua_api::ApiError>| r.unwrap_err().message;
    assert!(
        refused(city.add_movement(&MovementInput { code: "Vì nghèo".into(), name: "Vì người nghèo".into() }))
            .contains("chữ thường không dấu")
    );
    assert!(
        refused(city.add_movement(&MovementInput { code: "doan-ket-sang-tao".into(), name: "X".into() })).contains("Đã có phong trào mã")
    );
    assert!(refused(city.set_movement("khong-co")).contains("máy này có doan-ket-sang-tao (Đoàn kết sáng tạo)"));
    assert_eq!(city.status().unwrap().digest, digest);

    let started = city.add_movement(&MovementInput { code: POOR.into(), name: "Vì người nghèo".into() }).unwrap();
    assert_eq!((started.name.as_str(), started.indicators, city.movement()), ("Vì người nghèo", 0, POOR));
    let poor_fund = IndicatorInput {
        code: "1".into(),
        name: "Số tiền vận động Quỹ Vì người nghèo".into(),
        measure: "đồng".into(),
        task_group: 1,
        register: Some("resource".into()),
        aggregate: Some("sum:amount".into()),
        filters: vec![("purpose".into(), vec!["Quỹ Vì người nghèo".into()])],
        date_field: None,
        phrase: None,
    };
    city.add_indicator(&poor_fund).unwrap();
    let houses = IndicatorInput {
        code: "2".into(),
        name: "Số nhà đại đoàn kết được xây dựng".into(),
        measure: "nhà".into(),
        register: None,
        aggregate: None,
        filters: vec![],
        ..poor_fund.clone()
    };
    let set = city.add_indicator(&houses).unwrap();
    assert_eq!((set.code.as_str(), set.indicators.len()), (POOR, 2));
    // The first movement's set is untouched.
    city.set_movement("doan-ket-sang-tao").unwrap();
    assert_eq!(city.indicator_set_view().unwrap().indicators.len(), 20);

    // Down to the first ward, which now knows the movement by its name.
    city.set_movement(POOR).unwrap();
    let ward_code = code(&wards[0]);
    let plan = tmp.path().join("ke-hoach-vnn.thidua");
    city.export_plan_bundle(&ward_code, None, &plan).unwrap();
    let mut ward = Workspace::open(&wards[0]).unwrap();
    let applied = ward.import_bundles(&[plan.as_path()], false).unwrap();
    assert!(applied[0].is_ok(), "{:?}", applied[0]);
    let names: Vec<String> = ward.movements().unwrap().into_iter().map(|m| m.name).collect();
    assert_eq!(names, ["Đoàn kết sáng tạo", "Vì người nghèo"]);

    // The same registers feed both; the ward reports the second movement for the same half year.
    ward.set_movement(POOR).unwrap();
    let gift = serde_json::json!({"donor": "Công ty Cổ phần Mía đường Lam Sơn", "amount": 25_000_000, "purpose": "Quỹ Vì người nghèo", "received_on": "2022-03-15"});
    ward.add_record(RegisterKind::Resource, gift.as_object().unwrap()).unwrap();
    let other =
        serde_json::json!({"donor": "Hộ kinh doanh", "amount": 1_000_000, "purpose": "Khen thưởng sáng kiến", "received_on": "2022-03-16"});
    ward.add_record(RegisterKind::Resource, other.as_object().unwrap()).unwrap();
    let report = ward.report(PERIOD).unwrap();
    assert_eq!(report.figures[0].computed, Some(25_000_000), "only the fund's donations");
    assert!(report.narrative[0].text.contains("phong trào thi đua “Vì người nghèo”"), "{}", report.narrative[0].text);
    ward.set_figure(PERIOD, "2", Some(3), "").unwrap();
    ward.send_report(PERIOD).unwrap();
    let pdf = tmp.path().join("bao-cao-vnn.pdf");
    ward.report_pdf(PERIOD, &pdf).unwrap();
    let text = String::from_utf8(std::process::Command::new("pdftotext").arg(&pdf).arg("-").output().unwrap().stdout).unwrap();
    assert!(text.contains("Kết quả thực hiện phong trào thi đua “Vì người nghèo”"), "{text}");
    let up = tmp.path().join("bao-cao-vnn.thidua");
    ward.export_report_bundle(PERIOD, &up).unwrap();
    // The ward's first-movement report is still its own, sent once.
    ward.set_movement("doan-ket-sang-tao").unwrap();
    assert_eq!(ward.report(PERIOD).unwrap().revision, 1);

    assert_eq!(city.import_bundles(&[up.as_path()], false).unwrap()[0].outcome, BundleOutcome::Applied);
    let c = city.completeness(PERIOD).unwrap();
    let state = |c: &thidua_api::Completeness, w: &PathBuf| c.units.iter().find(|u| u.unit_code == code(w)).unwrap().state;
    assert_eq!((state(&c, &wards[0]), state(&c, &wards[1])), (ReportingStatus::OnTime, ReportingStatus::Missing));
    let totals = city.consolidation(PERIOD).unwrap().totals;
    assert_eq!((totals[0].received_total, totals[1].received_total), (25_000_000, 3));
    // The first movement's completeness and totals are as they were.
    city.set_movement("doan-ket-sang-tao").unwrap();
    let c = city.completeness(PERIOD).unwrap();
    assert_eq!((state(&c, &wards[0]), state(&c, &wards[1])), (ReportingStatus::OnTime, ReportingStatus::OnTime));
    let again = city.consolidation(PERIOD).unwrap().totals;
    assert_eq!(
        again.iter().map(|t| t.received_total).collect::<Vec<_>>(),
        first_totals.iter().map(|t| t.received_total).collect::<Vec<_>>()
    );
}

#[test]
fn the_demo_runs_the_second_movement_beside_the_first() {
    let tmp = tempfile::tempdir().unwrap();
    let both = Scenario { wards: 2, period: PERIOD.into(), keep_wards: true, import: true, at: None, second_movement: true, indicators: 0 };
    let demo = run_scenario(&tmp.path().join("demo"), &both).unwrap();
    assert_eq!((demo.imported, demo.refused), (4, 0));
    let mut city = Workspace::open(std::path::Path::new(&demo.upper_dir)).unwrap();
    city.set_movement(POOR).unwrap();
    let c = city.completeness(PERIOD).unwrap();
    assert_eq!(c.received, 2);
    let totals = city.consolidation(PERIOD).unwrap().totals;
    // The fund is counted from the wards' shared resources register: what their own
    // first-movement reports sum as 3.5 (every donation of the demo is to the fund).
    let fund = totals.iter().find(|t| t.code == "1").unwrap().received_total;
    city.set_movement("doan-ket-sang-tao").unwrap();
    let resources = city.consolidation(PERIOD).unwrap().totals.into_iter().find(|t| t.code == "3.5").unwrap().received_total;
    assert!(fund > 0 && fund == resources, "{fund} vs {resources}");
}
