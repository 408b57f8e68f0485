//! The year's end at the upper level (issue 17): the scoring table as a workbook the office
//! discusses, targets, clusters, points computed from the reports with the scorer's own entries
//! beside them, and the ranking; every refusal names what is wrong and changes nothing.

use std::path::Path;
use std::process::Command;

use serde_json::json;
use thidua_api::demo::run_demo;
use thidua_api::{ScoreSource, Workspace};

const YEAR: i32 = 2022;

/// A province with four wards that sent their 2022 reports; the demo has already scored them.
fn province() -> (tempfile::TempDir, Workspace, Vec<String>) {
    let tmp = tempfile::tempdir().unwrap();
    let report = run_demo(&tmp.path().join("demo"), 4, "2022").unwrap();
    assert!(report.ranking.as_deref().is_some_and(|r| Path::new(r).is_file()));
    let wards = report.ward_dirs.iter().map(|d| Path::new(d).file_name().unwrap().to_string_lossy().into_owned()).collect();
    let ws = Workspace::open(Path::new(&report.upper_dir)).unwrap();
    (tmp, ws, wards)
}

/// "9,47" → 947.
fn hundredths(points: &str) -> i64 {
    (points.replace(',', ".").parse::<f64>().unwrap() * 100.0).round() as i64
}

fn digest(ws: &Workspace) -> String {
    ws.status().unwrap().digest
}

fn fill(src: &Path, dst: &Path, cells: serde_json::Value) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/fill_xlsx.py");
    let spec = dst.with_extension("json");
    std::fs::write(&spec, json!({ "cells": cells }).to_string()).unwrap();
    let out = Command::new("python3").arg(&script).arg(src).arg(dst).arg(&spec).output().expect("python3 with openpyxl");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// The rows openpyxl reads from a sheet.
fn rows(path: &Path, sheet: &str) -> Vec<Vec<serde_json::Value>> {
    let script = "import json, sys, openpyxl\nws = openpyxl.load_workbook(sys.argv[1])[sys.argv[2]]\nprint(json.dumps([list(r) for r in ws.iter_rows(values_only=True)], default=str))";
    let out = Command::new("python3").arg("-c").arg(script).arg(path).arg(sheet).output().expect("python3 with openpyxl");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The row of the criteria sheet whose "Mã tiêu chí" is `code`, 1-based as Excel numbers it.
fn row_of(rows: &[Vec<serde_json::Value>], code: &str) -> usize {
    rows.iter().position(|r| r.get(2).and_then(|v| v.as_str()) == Some(code)).unwrap() + 1
}

#[test]
fn the_criteria_workbook_goes_out_comes_back_edited_and_a_wrong_cell_is_named() {
    let (tmp, mut ws, _) = province();
    let out = tmp.path().join("tieu-chi.xlsx");
    ws.export_scoring_table(&out).unwrap();
    let criteria = rows(&out, "Tiêu chí");
    let header = criteria.iter().position(|r| r[0] == json!("Nhóm")).expect("a header row");
    assert_eq!(criteria[header][5], json!("Cách chấm"));
    let i1 = &criteria[row_of(&criteria, "I.1") - 1];
    assert_eq!((i1[4].clone(), i1[5].clone(), i1[6].clone()), (json!(10), json!("tỷ lệ"), json!("1.1")));
    let d1 = &criteria[row_of(&criteria, "D.1") - 1];
    assert_eq!(d1[11], json!("5: 5; 10: 10; 15: 20"));
    let rules = rows(&out, "Quy định");
    assert!(rules.iter().any(|r| r[0] == json!("Xếp loại: Xuất sắc") && r[1] == json!(95)), "{rules:?}");

    // The same table again changes nothing.
    let before = digest(&ws);
    ws.import_scoring_table(&out).unwrap();
    assert_eq!(digest(&ws), before);

    // Edited by another program: version 2, I.1 worth 12 points and 2,5 for grade D of II.1.
    let edited = tmp.path().join("tieu-chi-v2.xlsx");
    let i1_row = row_of(&criteria, "I.1");
    let ii1_row = row_of(&criteria, "II.1");
    let version_row = rules.iter().position(|r| r[0] == json!("Phiên bản")).unwrap() + 1;
    fill(
        &out,
        &edited,
        json!([
            ["Tiêu chí", format!("E{i1_row}"), 12],
            ["Tiêu chí", format!("K{ii1_row}"), "2,5"],
            ["Quy định", format!("B{version_row}"), 2]
        ]),
    );
    let info = ws.import_scoring_table(&edited).unwrap();
    assert_eq!((info.version, info.standard_total.as_str(), info.in_use), (2, "102", true));
    let view = ws.scoring_table().unwrap();
    assert!(view.criteria.iter().any(|c| c.code == "II.1" && c.method == "Loại A/B/C/D: 10/8/6/2,5"), "{:?}", view.criteria[8]);

    // Wrong cells are named, and nothing is stored.
    let before = digest(&ws);
    for (cells, expected) in [
        (json!([["Tiêu chí", format!("F{i1_row}"), "tỉ lệ phần trăm"]]), format!("Sheet 'Tiêu chí', ô F{i1_row}")),
        (json!([["Tiêu chí", format!("E{i1_row}"), "mười"]]), format!("Sheet 'Tiêu chí', ô E{i1_row}")),
        (json!([["Tiêu chí", format!("L{}", row_of(&criteria, "D.1")), "năm ngày"]]), format!("ô L{}", row_of(&criteria, "D.1"))),
        (json!([["Quy định", format!("B{version_row}"), "hai"]]), format!("Sheet 'Quy định', ô B{version_row}")),
    ] {
        let bad = tmp.path().join("sai.xlsx");
        fill(&edited, &bad, cells);
        let err = ws.import_scoring_table(&bad).unwrap_err();
        assert!(err.message.contains(&expected), "{expected}: {}", err.message);
        assert_eq!(digest(&ws), before);
    }
    // A table that breaks a rule of its own (grade B above the standard), and version 2 again
    // with another content: refused with the reason.
    let bad = tmp.path().join("sai.xlsx");
    fill(&edited, &bad, json!([["Tiêu chí", format!("I{ii1_row}"), 11]]));
    let err = ws.import_scoring_table(&bad).unwrap_err();
    assert!(err.message.contains("II.1") && err.message.contains("A ≥ B"), "{}", err.message);
    fill(&edited, &bad, json!([["Tiêu chí", format!("E{i1_row}"), 11]]));
    let err = ws.import_scoring_table(&bad).unwrap_err();
    assert!(err.message.contains("phiên bản 2 đã có"), "{}", err.message);
    assert_eq!(digest(&ws), before);
    // Edited in the window as JSON: checked the same way, stored as the next version.
    let mut edited: serde_json::Value = serde_json::from_str(&ws.scoring_table_json().unwrap()).unwrap();
    edited["version"] = json!(3);
    edited["groups"][1]["criteria"][0]["method"]["b"] = json!(12);
    let err = ws.save_scoring_table_json(&edited.to_string()).unwrap_err();
    assert!(err.message.contains("II.1") && err.message.contains("chưa được lưu"), "{}", err.message);
    edited["groups"][1]["criteria"][0]["method"]["b"] = json!(7.5);
    edited["version"] = json!(2);
    let err = ws.save_scoring_table_json(&edited.to_string()).unwrap_err();
    assert!(err.message.contains("phiên bản 2 đã có"), "{}", err.message);
    assert_eq!(digest(&ws), before);
    edited["version"] = json!(3);
    let info = ws.save_scoring_table_json(&edited.to_string()).unwrap();
    assert_eq!((info.version, info.in_use), (3, true));
    let before = digest(&ws);
    // Not a spreadsheet at all.
    let junk = tmp.path().join("rac.xlsx");
    std::fs::write(&junk, b"not a workbook").unwrap();
    assert!(ws.import_scoring_table(&junk).is_err());
    assert_eq!(digest(&ws), before);
}

#[test]
fn points_come_from_the_reports_and_targets_and_the_scorers_entries_carry_their_reasons() {
    let (tmp, mut ws, wards) = province();
    let s = ws.scoring(YEAR, None).unwrap();
    let ranked: Vec<_> = s.units.iter().filter(|u| u.rank > 0).collect();
    assert_eq!(ranked.len(), 4, "only the wards that reported are ranked");
    assert!(ranked.windows(2).all(|w| w[0].total_hundredths >= w[1].total_hundredths));
    assert!(s.units.iter().skip(4).all(|u| u.rank == 0 && !u.has_report));

    // One ward's ratio criterion: its reported figure against its target, as the guide says.
    let ward = &wards[0];
    let view = ws.received_report(ward, "2022").unwrap();
    let achieved = view.figures.iter().find(|f| f.code == "1.1").unwrap().value.unwrap();
    let targets = ws.targets(YEAR).unwrap();
    let col = targets.indicators.iter().position(|(c, _, _)| c == "1.1").unwrap();
    let target = targets.units.iter().find(|u| &u.unit_code == ward).unwrap().targets[col].unwrap();
    let row = s.units.iter().find(|u| &u.unit_code == ward).unwrap();
    let i1 = row.cells.iter().find(|c| c.code == "I.1").unwrap();
    assert_eq!(i1.source, ScoreSource::Data);
    let expected = (1000 * achieved.min(target) + target / 2) / target; // hundredths of 10 points
    assert_eq!(hundredths(&i1.points), expected, "{}", i1.explanation);
    assert!(i1.explanation.starts_with(&format!("Thực hiện {achieved} / chỉ tiêu {target}")), "{}", i1.explanation);
    let late = row.cells.iter().find(|c| c.code == "D.1").unwrap();
    assert_eq!((late.points.as_str(), late.explanation.as_str()), ("0", "Đúng hạn."));

    // The upper level's score: with its reason, within the criterion's range, for a unit below.
    let before = digest(&ws);
    for (unit, criterion, value, reason, says) in [
        (ward.as_str(), "III.1", "12", "", "lý do"),
        (ward.as_str(), "III.1", "16", "Kiểm tra hồ sơ", "từ 0 đến 15"),
        (ward.as_str(), "II.1", "E", "Kiểm tra hồ sơ", "A, B, C hoặc D"),
        (ward.as_str(), "IX.9", "1", "Kiểm tra hồ sơ", "không có tiêu chí IX.9"),
        ("99999", "III.1", "12", "Kiểm tra hồ sơ", "99999"),
    ] {
        let err = ws.set_score(YEAR, unit, criterion, Some(value), reason).unwrap_err();
        assert!(err.message.contains(says), "{says}: {}", err.message);
        assert_eq!(digest(&ws), before);
    }
    ws.set_score(YEAR, ward, "D.2", Some("2"), "Hai hồ sơ khen thưởng bị trả về (Công văn số 15/MTTQ-BTT)").unwrap();
    let s = ws.scoring(YEAR, None).unwrap();
    let row = s.units.iter().find(|u| &u.unit_code == ward).unwrap();
    let d2 = row.cells.iter().find(|c| c.code == "D.2").unwrap();
    assert_eq!(
        (d2.points.as_str(), d2.source, d2.reason.as_str()),
        ("−10", ScoreSource::Upper, "Hai hồ sơ khen thưởng bị trả về (Công văn số 15/MTTQ-BTT)")
    );
    assert!(row.penalties.starts_with("−10"), "{}", row.penalties);
    // Taken back, the criterion is unscored again.
    ws.set_score(YEAR, ward, "D.2", None, "").unwrap();
    let s = ws.scoring(YEAR, None).unwrap();
    let d2 = s.units.iter().find(|u| &u.unit_code == ward).unwrap().cells.iter().find(|c| c.code == "D.2").unwrap().clone();
    assert_eq!((d2.points.as_str(), d2.source), ("", ScoreSource::None));

    // The ranking workbook, read back by another program.
    let file = tmp.path().join("xep-hang.xlsx");
    ws.ranking_xlsx(YEAR, None, &file).unwrap();
    let ranking = rows(&file, "Xếp hạng");
    let head = ranking.iter().position(|r| r[0] == json!("Hạng")).unwrap();
    assert_eq!(ranking[head + 1][0], json!(1));
    assert!(ranking[1][0].as_str().unwrap().starts_with("KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG THI ĐUA NĂM 2022"));
    let details = rows(&file, "Chi tiết");
    assert!(details.iter().any(|r| r[1].as_str().is_some_and(|c| c.starts_with("III.1"))
        && r[5].as_str().is_some_and(|w| w.starts_with("Cấp trên chấm: Theo biên bản"))));
}

#[test]
fn clusters_rank_their_units_and_a_unit_is_in_one_cluster_a_year() {
    let (_tmp, mut ws, wards) = province();
    let clusters = ws.clusters(YEAR).unwrap();
    assert_eq!(clusters.len(), 1);
    assert_eq!(clusters[0].units.len(), 4);
    // A second cluster that takes a ward of the first is refused, and nothing changes.
    let before = digest(&ws);
    let err = ws.save_cluster(YEAR, "C2", "Cụm thi đua số 2", Some(&wards[0]), None, &[]).unwrap_err();
    assert!(err.message.contains("Cụm thi đua số 1") && err.message.contains("một cụm"), "{}", err.message);
    let err = ws.save_cluster(YEAR, "C2", "Cụm thi đua số 2", Some(&wards[0]), Some(&wards[0]), &[]).unwrap_err();
    assert!(err.message.contains("hai đơn vị khác nhau"), "{}", err.message);
    assert_eq!(digest(&ws), before);
    // The first cluster gives up two wards, which make a cluster of their own.
    let c1 = ws.save_cluster(YEAR, "C1", "Cụm thi đua số 1", Some(&wards[1]), Some(&wards[0]), &[]).unwrap();
    assert_eq!(c1.units.len(), 2);
    assert_eq!((c1.leader.clone(), c1.units[0].0.clone()), (c1.units[0].1.clone(), wards[1].clone()));
    ws.save_cluster(YEAR, "C2", "Cụm thi đua số 2", Some(&wards[2]), None, &wards[3..]).unwrap();
    for (code, size) in [("C1", 2), ("C2", 2)] {
        let s = ws.scoring(YEAR, Some(code)).unwrap();
        assert_eq!(s.cluster, code);
        let ranks: Vec<u32> = s.units.iter().map(|u| u.cluster_rank).collect();
        assert_eq!(ranks, (1..=size).collect::<Vec<u32>>());
        assert!(s.units.windows(2).all(|w| w[0].total_hundredths >= w[1].total_hundredths));
        assert_eq!(s.units.iter().filter(|u| u.role == "Trưởng cụm").count(), 1);
    }
    let err = ws.scoring(YEAR, Some("C9")).unwrap_err();
    assert!(err.message.contains("C9"), "{}", err.message);
}

#[test]
fn a_ward_scores_itself_against_the_table_sent_down_and_its_score_goes_up_with_the_yearly_report() {
    let tmp = tempfile::tempdir().unwrap();
    let report = run_demo(&tmp.path().join("demo"), 2, "2022").unwrap();
    let mut city = Workspace::open(Path::new(&report.upper_dir)).unwrap();
    let ward_dir = Path::new(&report.ward_dirs[0]);
    let code = ward_dir.file_name().unwrap().to_string_lossy().into_owned();
    let mut ward = Workspace::open(ward_dir).unwrap();

    // The table and the ward's targets came down with the plan.
    let own = ward.own_scoring(YEAR).unwrap();
    assert_eq!(own.table.name, city.scoring_table().unwrap().info.name);
    let given = city.targets(YEAR).unwrap();
    let mine = given.units.iter().find(|u| u.unit_code == code).unwrap();
    let i1 = own.cells.iter().find(|c| c.code == "I.1").unwrap();
    let target = mine.targets[given.indicators.iter().position(|(c, _, _)| c == "1.1").unwrap()].unwrap();
    assert!(i1.from_data && i1.explanation.contains(&format!("chỉ tiêu {target}")), "{}", i1.explanation);
    let ii1 = own.cells.iter().find(|c| c.code == "II.1").unwrap();
    assert!(ii1.evidence.starts_with("Kế hoạch số 05/KH-MTTQ"), "{}", ii1.evidence);
    let d1 = own.cells.iter().find(|c| c.code == "D.1").unwrap();
    assert!(d1.upper_only && d1.points.is_empty());
    assert!(!own.editable, "the demo's ward sent its yearly report");

    // What the upper level holds is what the ward scored.
    let row = |city: &Workspace| city.scoring(YEAR, None).unwrap().units.into_iter().find(|u| u.unit_code == code).unwrap();
    assert_eq!(row(&city).own_total, own.total);

    // Sent: the score is locked with the report.
    let before = digest(&ward);
    let err = ward.set_own_score(YEAR, "II.1", Some("C"), "Tự đánh giá lại").unwrap_err();
    assert!(err.message.contains("bản sửa đổi"), "{}", err.message);
    assert_eq!(digest(&ward), before);

    // A revision opens it; what the data gives, and what the upper level scores, are not entered.
    ward.revise_report("2022").unwrap();
    for (criterion, value, evidence, says) in [
        ("I.1", "12/10", "x", "tính từ số liệu"),
        ("D.1", "0", "x", "cấp trên tính"),
        ("II.1", "C", "", "căn cứ"),
        ("III.1", "20", "Báo cáo đủ", "từ 0 đến 15"),
    ] {
        let before = digest(&ward);
        let err = ward.set_own_score(YEAR, criterion, Some(value), evidence).unwrap_err();
        assert!(err.message.contains(says), "{criterion}: {}", err.message);
        assert_eq!(digest(&ward), before);
    }
    ward.set_own_score(YEAR, "II.1", Some("C"), "Kế hoạch ban hành chậm hai tháng").unwrap();
    let own = ward.own_scoring(YEAR).unwrap();
    assert_eq!(own.cells.iter().find(|c| c.code == "II.1").unwrap().points, "6");
    let bundle = tmp.path().join("bao-cao-lan-2.thidua");
    ward.export_report_bundle("2022", &bundle).unwrap();
    let outcomes = city.import_bundles(&[bundle.as_path()], false).unwrap();
    assert!(outcomes[0].is_ok(), "{}", outcomes[0].message);
    assert!(outcomes[0].changes.iter().any(|c| c.starts_with("Điểm tự chấm")), "{:?}", outcomes[0].changes);
    let now = row(&city);
    assert_eq!(now.own_total, own.total);
    let cell = now.cells.iter().find(|c| c.code == "II.1").unwrap();
    assert_eq!((cell.own_points.as_str(), cell.reason.as_str()), ("6", "Kế hoạch ban hành chậm hai tháng"));

    // The upper level's result goes down: the ward sees its points, class and ranks with the reasons.
    let result = tmp.path().join("ket-qua.thidua");
    city.export_scoring_result(YEAR, &code, &result).unwrap();
    let outcomes = ward.import_bundles(&[result.as_path()], false).unwrap();
    assert!(outcomes[0].is_ok(), "{}", outcomes[0].message);
    let own = ward.own_scoring(YEAR).unwrap();
    let upper = own.upper.expect("the result is kept");
    assert_eq!(upper.total, now.total);
    assert!(
        upper.standing.starts_with(&format!("Hạng {}/2", now.rank)) && upper.standing.contains("Cụm thi đua số 1"),
        "{}",
        upper.standing
    );
    assert_eq!(upper.by, "Tỉnh Thanh Hóa");
    let iii = own.cells.iter().find(|c| c.code == "III.1").unwrap();
    let city_iii = now.cells.iter().find(|c| c.code == "III.1").unwrap();
    assert_eq!(iii.upper_points, city_iii.points);
    assert!(iii.upper_note.contains("Theo biên bản kiểm tra cuối năm"), "{}", iii.upper_note);

    // Nothing to send for a unit that has not been scored; a unit not below is refused.
    let unscored = city.scoring(YEAR, None).unwrap().units.into_iter().find(|u| u.rank == 0).unwrap().unit_code;
    let before = digest(&city);
    let err = city.export_scoring_result(YEAR, &unscored, &tmp.path().join("x.thidua")).unwrap_err();
    assert!(err.message.contains("ghi danh") || err.message.contains("chưa được chấm"), "{}", err.message);
    assert!(city.export_scoring_result(YEAR, "99999", &tmp.path().join("x.thidua")).is_err());
    assert_eq!(digest(&city), before);
}

#[test]
fn a_ward_proposes_its_nominees_with_the_yearly_report_and_the_upper_level_decides_each_against_the_ranking() {
    let tmp = tempfile::tempdir().unwrap();
    let report = run_demo(&tmp.path().join("demo"), 4, "2022").unwrap();
    let mut city = Workspace::open(Path::new(&report.upper_dir)).unwrap();
    let wards: Vec<String> = report.ward_dirs.iter().map(|d| Path::new(d).file_name().unwrap().to_string_lossy().into_owned()).collect();
    let scoring = city.scoring(YEAR, None).unwrap();

    // The demo's wards proposed with their yearly reports; the city decided against the ranking.
    let received: Vec<_> = city.proposals(YEAR).unwrap().into_iter().filter(|p| p.reviewable).collect();
    assert_eq!(received.len(), wards.len(), "every demo ward proposes");
    for p in &received {
        let row = scoring.units.iter().find(|u| u.unit_code == p.proposer_code).unwrap();
        assert!(p.standing.starts_with(&format!("Hạng {}/", row.rank)), "{}", p.standing);
        assert!(p.quota_used.starts_with("Đơn vị: đã đồng ý"), "{}", p.quota_used);
        for n in &p.nominees {
            let expected = if row.cluster_rank == 1 { "approved" } else { "cut" };
            assert_eq!(n.decision, expected, "{} of {}", n.name, p.proposer_name);
            assert!(!n.records.is_empty() && n.records.iter().all(|r| r.label.contains(": ")), "{:?}", n.records);
        }
    }

    // The ward: sent with the report, so closed until a revision.
    let mut ward = Workspace::open(Path::new(&report.ward_dirs[1])).unwrap();
    let own = ward.proposals(YEAR).unwrap().into_iter().find(|p| !p.reviewable).unwrap();
    assert!(!own.editable && own.state_label.contains("Đã gửi"), "{}", own.state_label);
    let person = |name: &str| thidua_api::NomineeInput {
        kind: "ca_nhan".into(),
        name: name.into(),
        role: "Trưởng ban Công tác Mặt trận khu dân cư số 3".into(),
        achievement: "Vận động 120 hộ tham gia mô hình phân loại rác tại nguồn".into(),
        records: Vec::new(),
    };
    let before = digest(&ward);
    let err = ward.add_nominee(own.id, &person("Trần Thị Hoa")).unwrap_err();
    assert!(err.message.contains("bản sửa đổi"), "{}", err.message);
    assert_eq!(digest(&ward), before);

    // A revision opens it: what the catalogue, the quota and the registers forbid is refused.
    ward.revise_report("2022").unwrap();
    let mut own = ward.add_nominee(own.id, &person("Trần Thị Hoa")).unwrap();
    for name in ["Lê Thị Lan", "Hoàng Văn Tú"] {
        if own.nominees.len() < 3 {
            own = ward.add_nominee(own.id, &person(name)).unwrap();
        }
    }
    assert_eq!(own.nominees.len(), 3);
    let people = own.nominees.iter().filter(|n| n.kind == "ca_nhan").count();
    for (input, form, says) in [
        (person("Phạm Văn Bình"), "bang-khen-tinh", "tối đa 3, đã có 3"),
        (person("Phạm Văn Bình"), "co-thi-dua-tw", "không do cấp xã đề nghị"),
        (person("Phạm Văn Bình"), "khong-co", "không có hình thức"),
        (
            thidua_api::NomineeInput { records: vec!["initiative:not-an-id".into()], ..person("Phạm Văn Bình") },
            "bang-khen-tinh",
            "không có trong sổ",
        ),
        (thidua_api::NomineeInput { achievement: "  ".into(), ..person("Phạm Văn Bình") }, "bang-khen-tinh", "tóm tắt thành tích"),
    ] {
        let before = digest(&ward);
        let err = ward.new_proposal(YEAR, form).and_then(|p| ward.add_nominee(p.id, &input)).unwrap_err();
        assert!(err.message.contains(says), "{form}: {}", err.message);
        assert_eq!(digest(&ward), before, "{form}");
    }

    // Up again with the revised report: the nominees sent before keep the city's decision.
    let decided_before: Vec<(String, String)> = received
        .iter()
        .find(|p| p.proposer_code == wards[1])
        .unwrap()
        .nominees
        .iter()
        .map(|n| (n.name.clone(), n.decision.clone()))
        .collect();
    let bundle = tmp.path().join("bao-cao-nam-lan-2.thidua");
    ward.export_report_bundle("2022", &bundle).unwrap();
    let outcomes = city.import_bundles(&[bundle.as_path()], false).unwrap();
    assert!(outcomes[0].is_ok(), "{}", outcomes[0].message);
    assert!(
        outcomes[0].changes.iter().any(|c| c == &format!("Đề nghị Bằng khen năm 2022: {} tập thể, {people} cá nhân", 3 - people)),
        "{:?}",
        outcomes[0].changes
    );
    let p = city.proposals(YEAR).unwrap().into_iter().find(|p| p.proposer_code == wards[1]).unwrap();
    for (name, decision) in &decided_before {
        assert_eq!(&p.nominees.iter().find(|n| &n.name == name).unwrap().decision, decision);
    }
    let hoa = p.nominees.iter().find(|n| n.name == "Trần Thị Hoa").unwrap();
    assert_eq!(hoa.decision, "");

    // The city's decisions: a reason for a cut or a return, a known decision, only units below.
    let before = digest(&city);
    for (decision, reason, says) in [("cut", "", "lý do"), ("returned", " ", "lý do"), ("maybe", "x", "không hợp lệ")] {
        let err = city.decide_nominee(hoa.id, decision, reason).unwrap_err();
        assert!(err.message.contains(says), "{decision}: {}", err.message);
    }
    assert_eq!(digest(&city), before);
    let p = city.decide_nominee(hoa.id, "returned", "Thiếu xác nhận của Ban Công tác Mặt trận khu dân cư").unwrap();
    let p = city.proposal(p).unwrap();
    let hoa = p.nominees.iter().find(|n| n.name == "Trần Thị Hoa").unwrap();
    assert_eq!(
        (hoa.decision_label.as_str(), hoa.decision_reason.as_str()),
        ("Trả lại hồ sơ", "Thiếu xác nhận của Ban Công tác Mặt trận khu dân cư")
    );
    let err = ward.decide_nominee(own.nominees[0].id, "approved", "").unwrap_err();
    assert!(err.message.contains("cấp dưới"), "{}", err.message);
}

#[test]
fn the_upper_level_issues_its_award_decision_prints_the_certificates_and_each_ward_learns_its_own() {
    let tmp = tempfile::tempdir().unwrap();
    let report = run_demo(&tmp.path().join("demo"), 6, "2022").unwrap();
    let mut city = Workspace::open(Path::new(&report.upper_dir)).unwrap();
    assert!(report.decision.as_deref().is_some_and(|p| Path::new(p).is_file()));
    assert!(report.certificates.as_deref().is_some_and(|p| Path::new(p).is_file()));

    // The demo issued one decision for every approved nominee, numbered in the register.
    let overview = city.award_decisions(YEAR).unwrap();
    assert!(overview.pending.is_empty(), "{:?}", overview.pending);
    let [decision] = overview.decisions.as_slice() else { panic!("{:?}", overview.decisions) };
    assert!(!decision.received && decision.form_name == "Bằng khen của Ban Thường trực Ủy ban MTTQ tỉnh Thanh Hóa");
    let approved: Vec<String> = city
        .proposals(YEAR)
        .unwrap()
        .iter()
        .flat_map(|p| p.nominees.iter().filter(|n| n.decision == "approved").map(|n| n.name.clone()))
        .collect();
    let awarded: Vec<String> = decision.awardees.iter().map(|a| a.name.clone()).collect();
    assert!(!awarded.is_empty());
    assert_eq!(awarded.len(), approved.len());
    assert!(approved.iter().all(|n| awarded.contains(n)), "{approved:?} vs {awarded:?}");
    // Numbered in the register of the year it is issued (today's), not of the year it awards.
    let (_, register) = city.document_register(None).unwrap();
    let entry = register.iter().find(|e| decision.title.contains(&format!("số {} ", e.number))).expect("in the register");
    assert!(entry.number.contains("/QĐ-"), "{entry:?}");
    assert!(entry.summary.contains("Về việc tặng Bằng khen năm 2022"), "{entry:?}");

    // The grounds are those of the day it was issued: citing the scoring is kept with the
    // decision, so a reprint reads as the signed copy did whatever is scored afterwards.
    let scoring_ground = "Căn cứ kết quả chấm điểm, xếp hạng thi đua năm 2022";
    let printed = |city: &Workspace| {
        let pdf = tmp.path().join("reprint.pdf");
        city.award_decision_pdf(decision.id, &pdf).unwrap();
        let text = Command::new("pdftotext").arg(&pdf).arg("-").output().unwrap().stdout;
        String::from_utf8(text).unwrap().split_whitespace().collect::<Vec<_>>().join(" ")
    };
    assert!(printed(&city).contains(scoring_ground));
    let database = Path::new(&report.upper_dir).join(thidua_api::DATABASE_FILE);
    let set_cites = |value: Option<bool>| {
        let conn = rusqlite::Connection::open(&database).unwrap();
        conn.execute("UPDATE award_decisions SET cites_scoring = ?1", [value]).unwrap();
    };
    set_cites(Some(false)); // as if issued before any unit was ranked
    assert!(!printed(&city).contains(scoring_ground));
    set_cites(None); // issued by a program that did not keep it: decided from today's ranking
    assert!(printed(&city).contains(scoring_ground));
    set_cites(Some(true));

    // Each ward learnt the decision on each of its nominees; those awarded have it in history.
    for dir in &report.ward_dirs {
        let ward = Workspace::open(Path::new(dir)).unwrap();
        let own = ward.proposals(YEAR).unwrap().into_iter().find(|p| !p.reviewable).unwrap();
        assert!(own.nominees.iter().all(|n| n.decision == "approved" || n.decision == "cut"), "{:?}", own.nominees);
        let history = ward.commendation_history("").unwrap();
        let received: Vec<&str> = history.iter().filter(|h| h.source == "Được cấp trên tặng").map(|h| h.name.as_str()).collect();
        for n in &own.nominees {
            assert_eq!(received.contains(&n.name.as_str()), n.decision == "approved", "{} in {dir}", n.name);
            if n.decision == "cut" {
                assert!(n.decision_reason.contains("chưa dẫn đầu cụm"), "{}", n.decision_reason);
            }
        }
        if let Some(h) = history.iter().find(|h| h.source == "Được cấp trên tặng") {
            assert_eq!(h.decision, decision.title);
        }
    }

    // A ward's awardee proposed again the next year is flagged with the decision; the nominee
    // the decision answers is not flagged for it.
    let (dir, name) = report
        .ward_dirs
        .iter()
        .find_map(|dir| {
            let ward = Workspace::open(Path::new(dir)).unwrap();
            let received = ward.award_decisions(YEAR).unwrap().decisions;
            received.first().map(|d| (dir.clone(), d.awardees[0].name.clone()))
        })
        .expect("a leading ward received the decision");
    let mut ward = Workspace::open(Path::new(&dir)).unwrap();
    let own = ward.proposals(YEAR).unwrap().into_iter().find(|p| !p.reviewable).unwrap();
    assert!(own.nominees.iter().all(|n| n.flag.is_empty()), "{:?}", own.nominees);
    let next = ward.new_proposal(YEAR + 1, "bang-khen-tinh").unwrap();
    let input = thidua_api::NomineeInput {
        kind: own.nominees.iter().find(|n| n.name == name).unwrap().kind.clone(),
        name: name.clone(),
        role: String::new(),
        achievement: "Tiếp tục dẫn đầu phong trào".into(),
        records: Vec::new(),
    };
    let next = ward.add_nominee(next.id, &input).unwrap();
    let flag = &next.nominees[0].flag;
    assert!(flag.contains("đã nhận Bằng khen năm 2022") && flag.contains(&decision.title.replace("Quyết định số ", "")), "{flag}");
    drop(ward);

    // The history searches names with folded marks, and the registers' commendations join it.
    let first = &decision.awardees[0];
    let folded: String = thidua_text::search_key(&first.name);
    let found = city.commendation_history(&folded.to_uppercase()).unwrap();
    assert!(found.iter().any(|h| h.name == first.name && h.source == "Đơn vị đã tặng"), "{found:?}");
    assert!(city.commendation_history("").unwrap().iter().any(|h| h.source.starts_with("Sổ theo dõi")));

    // Refused, and nothing changes: nothing left to award, a form another level awards, a
    // decision already taken into a decision, a unit not below, and a ward issuing the province's.
    let before = digest(&city);
    let err = city.issue_award_decision(YEAR, "bang-khen-tinh").unwrap_err();
    assert!(err.message.contains("chưa có quyết định"), "{}", err.message);
    let err = city.issue_award_decision(YEAR, "co-thi-dua-tw").unwrap_err();
    assert!(err.message.contains("do Ủy ban Trung ương MTTQ Việt Nam quyết định"), "{}", err.message);
    let awarded_nominee = city.proposals(YEAR).unwrap().into_iter().flat_map(|p| p.nominees).find(|n| n.decision == "approved").unwrap();
    let err = city.decide_nominee(awarded_nominee.id, "cut", "Đổi ý").unwrap_err();
    assert!(err.message.contains("đã có tên trong quyết định"), "{}", err.message);
    let err = city.export_award_decision(decision.id, "01", &tmp.path().join("x.thidua")).unwrap_err();
    assert!(err.message.contains("Không có đơn vị mã 01 trực thuộc"), "{}", err.message);
    assert_eq!(digest(&city), before);
    let mut ward = Workspace::open(Path::new(&report.ward_dirs[0])).unwrap();
    let before = digest(&ward);
    let err = ward.issue_award_decision(YEAR, "bang-khen-tinh").unwrap_err();
    assert!(err.message.contains("Ban Thường trực Ủy ban MTTQ tỉnh Thanh Hóa quyết định"), "{}", err.message);
    let received = ward.award_decisions(YEAR).unwrap().decisions;
    if let Some(d) = received.first() {
        assert!(d.received);
        let err = ward.award_decision_pdf(d.id, &tmp.path().join("qd.pdf")).unwrap_err();
        assert!(err.message.contains("của cấp trên"), "{}", err.message);
    }
    assert_eq!(digest(&ward), before);

    // The same bundle again changes nothing at the ward.
    let bundle = Path::new(&report.bundles_dir)
        .join(format!("38-quyet-dinh-khen-thuong-{}.thidua", Path::new(&report.ward_dirs[0]).file_name().unwrap().to_string_lossy()));
    let outcomes = ward.import_bundles(&[bundle.as_path()], false).unwrap();
    assert!(!outcomes[0].is_ok() || outcomes[0].changes.is_empty(), "{:?}", outcomes[0]);
    assert_eq!(digest(&ward), before);
}
