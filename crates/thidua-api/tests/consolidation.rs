//! The upper level's consolidation on the demo: totals are the sums of what the wards sent, a
//! correction changes them visibly, a returned report goes down and comes back, a missing ward
//! is named, and the consolidated PDF and Excel carry one row per unit and the total.

mod lint;

use std::path::{Path, PathBuf};
use std::process::Command;

use thidua_api::{BundleOutcome, IndicatorEdit, IndicatorInput, ReportState, ReportingStatus, Workspace, demo::run_demo};

const PERIOD: &str = "2022-H1";

fn demo(n: usize) -> (tempfile::TempDir, PathBuf, Vec<PathBuf>) {
    let dir = tempfile::tempdir().unwrap();
    let report = run_demo(&dir.path().join("demo"), n, PERIOD).unwrap();
    let wards = report.ward_dirs.iter().map(PathBuf::from).collect();
    (dir, PathBuf::from(report.upper_dir), wards)
}

fn code(ward: &Path) -> String {
    ward.file_name().unwrap().to_string_lossy().into_owned()
}

/// Every ward's stated figure, summed, equals the upper level's total for every indicator.
fn assert_totals_are_sums(city: &Workspace, wards: &[PathBuf]) {
    let c = city.consolidation(PERIOD).unwrap();
    let views: Vec<_> = wards.iter().map(|w| Workspace::open(w).unwrap().report(PERIOD).unwrap()).collect();
    for t in &c.totals {
        let sum: i64 = views.iter().filter_map(|v| v.figures.iter().find(|f| f.code == t.code).and_then(|f| f.value)).sum();
        assert_eq!(t.received_total, sum, "indicator {}", t.code);
        assert_eq!(t.contributions.len(), wards.len());
        assert!(t.contributions.iter().all(|x| x.bundle_id.len() == 64 && x.file_sha256.len() == 64 && x.revision == 1));
    }
}

#[test]
fn totals_are_the_sums_of_what_the_wards_sent_and_a_correction_changes_them_visibly() {
    let (_tmp, city_dir, wards) = demo(3);
    let mut city = Workspace::open(&city_dir).unwrap();
    assert_totals_are_sums(&city, &wards);
    let before = city.consolidation(PERIOD).unwrap();
    let t11 = before.totals.iter().find(|t| t.code == "1.1").unwrap().received_total;
    // Ward 0 corrects indicator 1.1.
    let mut w = Workspace::open(&wards[0]).unwrap();
    let old = w.report(PERIOD).unwrap().figures.iter().find(|f| f.code == "1.1").unwrap().value.unwrap();
    w.revise_report(PERIOD).unwrap();
    w.set_figure(PERIOD, "1.1", Some(old + 40), "Bổ sung 40 buổi tuyên truyền ở khu dân cư").unwrap();
    let file = _tmp.path().join("sua.thidua");
    w.export_report_bundle(PERIOD, &file).unwrap();
    assert_eq!(city.import_bundles(&[file.as_path()], false).unwrap()[0].outcome, BundleOutcome::Applied);
    let after = city.consolidation(PERIOD).unwrap();
    let total = after.totals.iter().find(|t| t.code == "1.1").unwrap();
    assert_eq!(total.received_total, t11 + 40);
    let mine = total.contributions.iter().find(|x| x.unit_code == code(&wards[0])).unwrap();
    assert_eq!((mine.value, mine.previous, mine.revision), (Some(old + 40), Some(old), 2));
    let completeness = city.completeness(PERIOD).unwrap();
    let row = completeness.units.iter().find(|u| u.unit_code == code(&wards[0])).unwrap();
    assert_eq!(row.state, ReportingStatus::Corrected);
    // The upper level's own report adds its units' figures.
    let own = city.report(PERIOD).unwrap();
    let f = own.figures.iter().find(|f| f.code == "1.1").unwrap();
    assert_eq!((f.value, f.units), (Some(t11 + 40), 3));
}

#[test]
fn a_returned_report_goes_down_and_comes_back_corrected_and_an_accepted_one_is_locked() {
    let (tmp, city_dir, wards) = demo(2);
    let mut city = Workspace::open(&city_dir).unwrap();
    let decision = tmp.path().join("tra-lai.thidua");
    city.review(&code(&wards[0]), PERIOD, false, "Thiếu thuyết minh mục III", &decision).unwrap();
    let c = city.completeness(PERIOD).unwrap();
    assert_eq!((c.returned, c.units.iter().find(|u| u.unit_code == code(&wards[0])).unwrap().state), (1, ReportingStatus::Returned));
    let mut w = Workspace::open(&wards[0]).unwrap();
    assert_eq!(w.import_bundles(&[decision.as_path()], false).unwrap()[0].outcome, BundleOutcome::Applied);
    assert_eq!(w.report(PERIOD).unwrap().state, ReportState::Returned);
    w.revise_report(PERIOD).unwrap();
    w.set_section(PERIOD, "iii", "Ưu điểm: phong trào lan tỏa đến mọi khu dân cư. Hạn chế: nguồn lực còn ít.").unwrap();
    let again = tmp.path().join("gui-lai.thidua");
    w.export_report_bundle(PERIOD, &again).unwrap();
    assert_eq!(city.import_bundles(&[again.as_path()], false).unwrap()[0].outcome, BundleOutcome::Applied);
    let row = city.completeness(PERIOD).unwrap().units.into_iter().find(|u| u.unit_code == code(&wards[0])).unwrap();
    assert_eq!((row.state, row.revision), (ReportingStatus::Corrected, 2));
    // Accepted: locked upstairs, and a second decision is refused.
    let accept = tmp.path().join("chap-nhan.thidua");
    city.review(&code(&wards[0]), PERIOD, true, "", &accept).unwrap();
    let err = city.review(&code(&wards[0]), PERIOD, false, "đổi ý", &tmp.path().join("x.thidua")).unwrap_err();
    assert!(err.message.contains("đã được chấp nhận"), "{}", err.message);
    let c = city.consolidation(PERIOD).unwrap();
    assert_eq!(c.units_accepted, 1);
    let t = c.totals.iter().find(|t| t.code == "1.2").unwrap();
    let accepted: i64 = t.contributions.iter().filter(|x| x.accepted).filter_map(|x| x.value).sum();
    assert_eq!(t.accepted_total, accepted);
    assert!(t.accepted_total <= t.received_total);
    assert_eq!(w.import_bundles(&[accept.as_path()], false).unwrap()[0].outcome, BundleOutcome::Applied);
    assert_eq!(w.report(PERIOD).unwrap().state, ReportState::Accepted);
}

#[test]
fn a_missing_ward_is_named_and_a_report_for_a_period_not_opened_is_refused() {
    let (tmp, city_dir, wards) = demo(2);
    let city = Workspace::open(&city_dir).unwrap();
    let c = city.completeness(PERIOD).unwrap();
    assert_eq!(c.total, 166, "Thanh Hóa has 166 commune-level units since July 2025");
    assert_eq!((c.received, c.missing), (2, 164));
    let missing = c.units.iter().find(|u| u.state == ReportingStatus::Missing).unwrap();
    let text = city.report(PERIOD).unwrap().narrative[0].text.clone();
    assert!(text.contains("2 trên 166 đơn vị trực thuộc đã gửi báo cáo; còn 164 đơn vị chưa gửi (danh sách tại Biểu 1a)"), "{text}");
    let appendix = &city.report(PERIOD).unwrap().appendix[1];
    assert!(appendix.rows.iter().any(|r| r[1] == missing.unit_name && r[2] == "chưa báo cáo"), "Biểu 1a names {}", missing.unit_name);
    // The ward reports on 2022 (the year), which the city never opened.
    let mut w = Workspace::open(&wards[1]).unwrap();
    let view = w.report("2022").unwrap();
    for f in view.figures.iter().filter(|f| f.source.is_none()) {
        w.set_figure("2022", &f.code, Some(1), "").unwrap();
    }
    let file = tmp.path().join("nam.thidua");
    w.export_report_bundle("2022", &file).unwrap();
    let mut city = city;
    let before = city.status().unwrap().digest;
    let o = city.import_bundles(&[file.as_path()], false).unwrap().remove(0);
    assert_eq!(o.outcome, BundleOutcome::Refused);
    assert!(o.message.contains("chưa được mở"), "{}", o.message);
    assert_eq!(city.status().unwrap().digest, before);
}

#[test]
fn the_consolidated_pdf_and_excel_have_one_row_per_unit_and_a_total_equal_to_the_sum() {
    let (tmp, city_dir, _wards) = demo(3);
    let city = Workspace::open(&city_dir).unwrap();
    let (pdf, xlsx) = (tmp.path().join("tong-hop.pdf"), tmp.path().join("tong-hop.xlsx"));
    city.report_pdf(PERIOD, &pdf).unwrap();
    city.consolidated_xlsx(PERIOD, &xlsx).unwrap();
    let c = city.consolidation(PERIOD).unwrap();
    let text = String::from_utf8(Command::new("pdftotext").arg("-layout").arg(&pdf).arg("-").output().unwrap().stdout).unwrap();
    let rows = text
        .lines()
        .filter(|l| l.contains("Phường") || l.contains("Xã "))
        .filter(|l| l.trim_start().chars().next().is_some_and(|c| c.is_ascii_digit()))
        .count();
    assert!(rows >= 166, "one row per unit of the 166 in the appendix (bands repeat them): {rows}");
    let total_line = text.lines().find(|l| l.contains("Tổng cộng (3 đơn vị)")).expect("total row");
    let t12 = thidua_text::format_integer(c.totals.iter().find(|t| t.code == "1.2").unwrap().received_total);
    assert!(total_line.contains(&t12), "{total_line} lacks {t12}");

    use calamine::{Data, DataType, Reader, Xlsx};
    let mut book: Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let sheet = book.worksheet_range("Theo đơn vị").unwrap();
    let height = sheet.height();
    let units: Vec<_> = sheet.rows().filter(|r| matches!(r.first(), Some(Data::Float(_)))).collect();
    assert_eq!(units.len(), 166);
    let last = sheet.rows().nth(height - 1).unwrap();
    assert!(matches!(&last[2], Data::String(s) if s.starts_with("Tổng cộng")), "{last:?}");
    let header = sheet.rows().find(|r| matches!(r.first(), Some(Data::String(s)) if s == "STT")).unwrap();
    let col = header.iter().position(|h| matches!(h, Data::String(s) if s.starts_with("1.2 "))).unwrap();
    let sum: f64 = units.iter().filter_map(|r| r[col].as_f64()).sum();
    assert_eq!(last[col].as_f64(), Some(sum));
    assert_eq!(sum as i64, c.totals.iter().find(|t| t.code == "1.2").unwrap().received_total);
    // The tables only: the units' registers are a workbook of their own, every merged record
    // in it under its register's sheet.
    assert_eq!(book.sheet_names(), ["Theo đơn vị", "Chỉ tiêu"]);
    let registers = tmp.path().join("so-theo-doi.xlsx");
    city.merged_registers_xlsx(PERIOD, &registers).unwrap();
    let mut registers: Xlsx<_> = calamine::open_workbook(&registers).unwrap();
    let mut all = 0;
    let names = registers.sheet_names();
    assert_eq!(names.len(), thidua_api::RegisterKind::ALL.len());
    // A sheet's name is the register's, cut to the 31 characters Excel allows.
    for (kind, name) in thidua_api::RegisterKind::ALL.into_iter().zip(names) {
        assert!(kind.label().starts_with(&name), "{name}");
        let sheet = registers.worksheet_range(&name).unwrap();
        let header = sheet.rows().position(|r| matches!(r.first(), Some(Data::String(s)) if s == "Đơn vị")).unwrap();
        let held = city.merged_records(kind, PERIOD, "").unwrap();
        assert_eq!(sheet.height() - header - 1, held.len(), "{}", kind.label());
        let first = sheet.rows().nth(header + 1).map(|r| r[0].to_string());
        assert_eq!(
            first,
            held.iter().map(|m| m.unit_name.clone()).min_by(|a, b| thidua_text::Collator::vietnamese().compare(a, b)),
            "{}",
            kind.label()
        );
        all += held.len();
    }
    assert!(all > 0);
}

#[test]
fn at_166_wards_every_commune_of_thanh_hoa_reports_and_the_totals_add_up() {
    let (_tmp, city_dir, wards) = demo(166);
    let city = Workspace::open(&city_dir).unwrap();
    let c = city.completeness(PERIOD).unwrap();
    assert_eq!((c.total, c.received, c.missing, c.late), (166, 166, 0, 0));
    assert_totals_are_sums(&city, &wards);
    let text = city.report(PERIOD).unwrap().narrative[0].text.clone();
    assert!(text.contains("cả 166 đơn vị trực thuộc đã gửi báo cáo"), "{text}");
    // The consolidated report at 166 units reads right to its signer (the linter of
    // tests/documents.rs; its dates are checked there, at a fixed instant).
    let pdf = _tmp.path().join("bao-cao-166.pdf");
    city.report_pdf(PERIOD, &pdf).unwrap();
    let province = city.installation().unwrap().unit;
    let wards: Vec<thidua_api::Unit> = wards.iter().map(|w| Workspace::open(w).unwrap().installation().unwrap().unit).collect();
    lint::assert_clean(
        "the consolidated report at 166 units",
        &pdf,
        &lint::Expect { issuer: &province, others: wards.iter().collect(), day: None },
    );
    let matrix = city.completeness_matrix(2022).unwrap();
    assert_eq!(matrix.periods.iter().map(|p| p.0.as_str()).collect::<Vec<_>>(), ["2022-H1"]);
    assert_eq!(matrix.rows.len(), 166);
    assert!(matrix.rows.iter().all(|r| r.states == [ReportingStatus::OnTime]));
}

/// Ward → city → province on the statistics office's 2021 list (which still has districts):
/// the same program at three levels, the city passing its consolidated figures and its
/// per-unit table up in its own signed bundle.
#[test]
fn the_same_program_serves_ward_city_and_province() {
    use thidua_api::{DocumentHeader, SetupInput, UnitQuery};
    let tmp = tempfile::tempdir().unwrap();
    let template = tmp.path().join("template.sqlite3");
    {
        let mut ws = Workspace::open_or_create(&tmp.path().join("t")).unwrap();
        let gso = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/units/gso-danh-muc-hanh-chinh-2021-11-06.xls");
        ws.import_units(&gso).unwrap();
        ws.backup(&template).unwrap();
    }
    let install = |name: &str, code: &str, level: &str| -> (PathBuf, Workspace) {
        let dir = tmp.path().join(name);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::copy(&template, dir.join("thidua.sqlite3")).unwrap();
        let mut ws = Workspace::open(&dir).unwrap();
        let unit = ws
            .units(&UnitQuery { search: Some(code.into()), level: Some(level.into()), ..Default::default() })
            .unwrap()
            .into_iter()
            .find(|u| u.code == code)
            .unwrap();
        let d = ws.header_defaults(unit.id).unwrap();
        ws.setup(&SetupInput {
            unit_id: unit.id,
            parent_unit_id: d.parent_unit_id,
            header: DocumentHeader { signer_name: "Nguyễn Văn Ba".into(), ..d.header },
            clerk_name: "Lê Thị Tư".into(),
        })
        .unwrap();
        (dir, ws)
    };
    let enrol = |upper: &mut Workspace, lower: &mut Workspace, dir: &Path| {
        let (a, b) = (dir.join("lower.json"), dir.join("upper.json"));
        let fp = lower.export_identity(&a).unwrap().fingerprint;
        upper.enroll(&a, &fp).unwrap();
        let fp = upper.export_identity(&b).unwrap().fingerprint;
        lower.enroll(&b, &fp).unwrap();
    };
    let (_, mut province) = install("province", "38", "tinh");
    let (city_dir, mut city) = install("city", "380", "huyen");
    let city_unit = city.app_state().unwrap().installation.unwrap().unit;
    let ward_codes: Vec<String> = city
        .units(&UnitQuery { parent_id: Some(city_unit.id), level: Some("xa".into()), ..Default::default() })
        .unwrap()
        .into_iter()
        .take(2)
        .map(|u| u.code)
        .collect();
    enrol(&mut province, &mut city, tmp.path());
    province.open_period(PERIOD, Some("31/12/2099")).unwrap();
    city.open_period(PERIOD, Some("31/12/2099")).unwrap();
    let mut ward_totals = 0;
    for (i, code) in ward_codes.iter().enumerate() {
        let (_, mut ward) = install(&format!("ward-{code}"), code, "xa");
        enrol(&mut city, &mut ward, tmp.path());
        thidua_api::demo::fill_ward(&mut ward, thidua_model::PeriodCode::parse(PERIOD).unwrap(), i as u64 + 7).unwrap();
        ward_totals += ward.report(PERIOD).unwrap().figures.iter().find(|f| f.code == "1.2").unwrap().value.unwrap();
        let file = tmp.path().join(format!("{code}.thidua"));
        ward.export_report_bundle(PERIOD, &file).unwrap();
        assert_eq!(city.import_bundles(&[file.as_path()], false).unwrap()[0].outcome, BundleOutcome::Applied);
    }
    // The city's own report is its units' sum; it goes up like any ward's.
    assert_eq!(city.report(PERIOD).unwrap().figures.iter().find(|f| f.code == "1.2").unwrap().value, Some(ward_totals));
    let up = tmp.path().join("thanh-pho.thidua");
    city.export_report_bundle(PERIOD, &up).unwrap();
    let o = province.import_bundles(&[up.as_path()], false).unwrap().remove(0);
    assert_eq!(o.outcome, BundleOutcome::Applied, "{}", o.message);
    let c = province.consolidation(PERIOD).unwrap();
    let t = c.totals.iter().find(|t| t.code == "1.2").unwrap();
    let from_city = t.contributions.iter().find(|x| x.unit_code == "380").unwrap();
    assert_eq!((from_city.value, from_city.sub_units), (Some(ward_totals), 2));
    assert_eq!(t.received_total, ward_totals);
    drop(city);
    assert!(city_dir.join("signing.key").is_file());
}

/// The upper level reads a received report in full before deciding: the unit's figures, its
/// narrative as written, and the PDF it signed, kept from the bundle.
#[test]
fn a_received_report_reads_in_full_with_the_units_own_signed_pdf() {
    let (tmp, city_dir, wards) = demo(2);
    let city = Workspace::open(&city_dir).unwrap();
    let ward = Workspace::open(&wards[0]).unwrap();
    let sent = ward.report(PERIOD).unwrap();
    let view = city.received_report(&code(&wards[0]), PERIOD).unwrap();
    assert_eq!((view.revision, view.state, view.has_document, view.via_excel), (1, ReportState::Received, true, false));
    assert_eq!(view.narrative.len(), sent.narrative.len());
    assert_eq!(view.narrative[1].text, sent.narrative[1].text, "the unit's words, as sent");
    for f in &sent.figures {
        assert_eq!(view.figures.iter().find(|x| x.code == f.code).unwrap().value, f.value, "indicator {}", f.code);
    }
    // The PDF is the one the ward printed: under the ward's header.
    let pdf = city.received_report_pdf(&code(&wards[0]), PERIOD).unwrap();
    let text = String::from_utf8(Command::new("pdftotext").arg(&pdf).arg("-").output().unwrap().stdout).unwrap();
    assert!(text.contains(&ward.installation().unwrap().unit.name_in_header()), "{text}");
    // A unit that has not reported, and one that is not below, are refused with what is wrong.
    let missing = city.completeness(PERIOD).unwrap().units.into_iter().find(|u| u.state == ReportingStatus::Missing).unwrap();
    let err = city.received_report(&missing.unit_code, PERIOD).unwrap_err();
    assert!(err.message.contains("chưa gửi báo cáo"), "{}", err.message);
    assert!(city.received_report("00000", PERIOD).is_err());
    drop(tmp);
}

/// A report that reaches the upper level after the deadline is late by the upper level's own
/// clock, whatever date the ward's laptop signed on it (issue 19: 140 days late once showed
/// "đúng hạn" because the sender's date said so).
#[test]
fn lateness_is_judged_by_the_day_a_report_arrives_not_by_the_date_its_sender_claims() {
    use thidua_api::demo::{Scenario, run_scenario};
    use thidua_api::{FixedClock, Moment};
    let tmp = tempfile::tempdir().unwrap();
    let start = Moment::parse("2022-06-20T09:00:00+07:00").unwrap();
    // The demo's deadline is two weeks after its start: 04/07/2022; the wards sign on 20/06.
    let scenario = Scenario {
        wards: 2,
        period: PERIOD.into(),
        keep_wards: false,
        import: false,
        at: Some(start),
        second_movement: false,
        indicators: 0,
    };
    let demo = run_scenario(&tmp.path().join("demo"), &scenario).unwrap();
    let mut bundles: Vec<PathBuf> = std::fs::read_dir(&demo.bundles_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains("-bao-cao-"))
        .collect();
    bundles.sort();
    let arrives = |days: i64| Moment::from_unix_seconds(start.unix_seconds() + days * 86_400).unwrap();
    // One report is imported on time, the other 140 days after it was signed.
    for (bundle, days) in bundles.iter().zip([3, 140]) {
        let mut city = Workspace::open_or_create_with_clock(Path::new(&demo.upper_dir), Box::new(FixedClock(arrives(days)))).unwrap();
        assert_eq!(city.import_bundles(&[bundle.as_path()], false).unwrap()[0].outcome, BundleOutcome::Applied);
    }
    let city = Workspace::open_or_create_with_clock(Path::new(&demo.upper_dir), Box::new(FixedClock(arrives(150)))).unwrap();
    let c = city.completeness(PERIOD).unwrap();
    let mut rows: Vec<_> = c.units.iter().filter(|u| u.state != ReportingStatus::Missing).collect();
    rows.sort_by_key(|u| u.days_late);
    let (on_time, late) = (rows[0], rows[1]);
    assert_eq!((on_time.state, on_time.days_late, on_time.first_received.as_str()), (ReportingStatus::OnTime, 0, "23/06/2022"));
    assert_eq!((late.state, late.days_late, late.first_received.as_str()), (ReportingStatus::Late, 126, "07/11/2022"));
    assert_eq!(late.first_sent, "20/06/2022", "the ward's own date is kept and shown as its claim");
    assert_eq!(c.late, 1);
}

/// The upper level adds an indicator with a target; the set goes down with the plan bundle
/// (the ward sees what changed before it imports), the ward's next report computes it from
/// its register with the target beside it, the consolidation sums it; every refused change
/// leaves the database as it was, and a ward refuses a set it cannot compute.
#[test]
fn an_indicator_added_above_is_computed_in_the_wards_next_report_and_summed_in_the_consolidation() {
    let (tmp, city_dir, wards) = demo(2);
    let mut city = Workspace::open(&city_dir).unwrap();
    // The upper level's own draft, begun under version 1, keeps its hand-entered figure.
    city.set_figure(PERIOD, "3.7", Some(7), "").unwrap();
    let digest = |ws: &Workspace| ws.status().unwrap().digest;
    let before = digest(&city);
    let refused = |r: Result<thidua_api::IndicatorSetView, thidua_api::ApiError>| r.unwrap_err().message;
    let wrong_filter = IndicatorInput {
        code: "3.9".into(),
        name: "Số hộ được hỗ trợ làm nhà đại đoàn kết".into(),
        measure: "hộ".into(),
        task_group: 3,
        register: Some("resource".into()),
        aggregate: Some("count".into()),
        filters: vec![("colour".into(), vec!["red".into()])],
        date_field: None,
        phrase: None,
    };
    assert!(refused(city.add_indicator(&wrong_filter)).contains("không có trường «colour»"));
    let summing_text = IndicatorInput { aggregate: Some("sum:donor".into()), filters: vec![], ..wrong_filter.clone() };
    assert!(refused(city.add_indicator(&summing_text)).contains("không phải là số"));
    assert!(
        refused(city.add_indicator(&IndicatorInput { code: "1.1".into(), filters: vec![], ..wrong_filter.clone() }))
            .contains("đã có chỉ tiêu mã 1.1")
    );
    assert!(refused(city.retire_indicator("9.9")).contains("không có chỉ tiêu «9.9»"));
    // The sentence the narrative says it with: one place for the figure, joined to an indicator
    // of the set.
    let phrase = |done: &str, within: Option<(&str, &str)>| {
        Some(thidua_api::IndicatorPhrase {
            done: done.into(),
            none: "chưa hỗ trợ hộ nào làm nhà đại đoàn kết".into(),
            within: within.map(|(a, b)| (a.into(), b.into())),
        })
    };
    let houses = IndicatorInput { filters: vec![("purpose".into(), vec!["Nhà đại đoàn kết".into()])], ..wrong_filter.clone() };
    let no_figure = IndicatorInput { phrase: phrase("hỗ trợ làm nhà đại đoàn kết", None), ..houses.clone() };
    assert!(refused(city.add_indicator(&no_figure)).contains("Chỉ tiêu 3.9: câu khi có số liệu phải có đúng một chỗ {}"));
    let joined_to_nothing = IndicatorInput { phrase: phrase("hỗ trợ {} hộ", Some(("9.9", "cho {} hộ"))), ..houses.clone() };
    assert!(refused(city.add_indicator(&joined_to_nothing)).contains("«9.9»"));
    assert_eq!(digest(&city), before, "a refused change writes nothing");

    let added = city.add_indicator(&IndicatorInput { phrase: phrase("hỗ trợ {} hộ làm nhà đại đoàn kết", None), ..houses }).unwrap();
    assert_eq!(
        added.indicators.iter().find(|i| i.code == "3.9").and_then(|i| i.phrase.as_ref()).map(|p| p.done.as_str()),
        Some("hỗ trợ {} hộ làm nhà đại đoàn kết")
    );
    assert_eq!(added.version, 2);
    assert!(added.editable);
    let at = added.indicators.iter().position(|i| i.code == "3.9").unwrap();
    assert_eq!(
        (added.indicators[at - 1].code.as_str(), added.indicators[at + 1].code.as_str()),
        ("3.8", "4.1"),
        "placed at the end of its group"
    );
    assert_eq!(added.changes.len(), 1);
    assert!(added.changes[0].starts_with("Thêm chỉ tiêu 3.9"), "{:?}", added.changes);
    // Moving one indicator names that one only.
    let moved = city.edit_indicator("4.5", &IndicatorEdit { position: Some(1), ..Default::default() }).unwrap();
    assert_eq!(moved.changes, vec!["Chỉ tiêu 4.5: chuyển đến vị trí 1".to_owned()]);
    let renamed = city
        .edit_indicator(
            "4.5",
            &IndicatorEdit {
                position: Some(21), name: Some("Số tập thể, cá nhân được khen từ cấp tỉnh".into()), ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(renamed.version, 4);
    let draft = city.report(PERIOD).unwrap();
    assert!(draft.indicator_set.contains("phiên bản 4"));
    assert_eq!(draft.figures.iter().find(|f| f.code == "3.7").unwrap().value, Some(7));
    assert!(draft.figures.iter().any(|f| f.code == "3.9"));
    city.set_figure(PERIOD, "3.7", Some(8), "").unwrap();
    assert_eq!(city.report(PERIOD).unwrap().figures.iter().filter(|f| f.code == "3.7").map(|f| f.value).collect::<Vec<_>>(), vec![Some(8)]);
    city.open_period("2022", None).unwrap();
    city.set_targets(2022, &code(&wards[0]), &[("3.9".into(), "4".into())]).unwrap();

    // Down with the plan bundle: the dry run lists the changes, then the set is the ward's.
    let plan = tmp.path().join("ke-hoach.thidua");
    city.export_plan_bundle(&code(&wards[0]), None, &plan).unwrap();
    let mut ward = Workspace::open(&wards[0]).unwrap();
    let sent_h1 = ward.report(PERIOD).unwrap();
    let preview = ward.import_bundles(&[plan.as_path()], true).unwrap().remove(0);
    assert!(preview.changes.iter().any(|l| l.contains("Thêm chỉ tiêu 3.9")), "{:?}", preview.changes);
    assert!(ward.indicator_set_view().unwrap().version < 4, "a dry run changes nothing");
    assert_eq!(ward.import_bundles(&[plan.as_path()], false).unwrap()[0].outcome, BundleOutcome::Applied);
    let set = ward.indicator_set_view().unwrap();
    assert_eq!((set.version, set.editable), (4, false));
    assert!(ward.add_indicator(&wrong_filter).unwrap_err().message.contains("do cấp trên ban hành"));
    // A report already sent keeps the version it was sent with.
    let h1 = ward.report(PERIOD).unwrap();
    assert_eq!(h1.indicator_set, sent_h1.indicator_set);
    assert!(!h1.figures.iter().any(|f| f.code == "3.9"));

    // The ward's next report computes it from the register, with the target beside it.
    for (donor, purpose) in
        [("Công ty Hòa Bình", "Nhà đại đoàn kết"), ("Ông Lê Văn Tám", "Nhà đại đoàn kết"), ("Hội Doanh nhân", "Học bổng")]
    {
        let fields = serde_json::json!({"donor": donor, "amount": "30.000.000", "purpose": purpose, "received_on": "12/09/2022"});
        ward.add_record(thidua_api::RegisterKind::Resource, fields.as_object().unwrap()).unwrap();
    }
    let year = ward.report("2022").unwrap();
    let f39 = year.figures.iter().find(|f| f.code == "3.9").unwrap();
    assert_eq!((f39.value, f39.records, f39.target), (Some(2), 2, Some(4)));
    // The narrative says it as the set phrased it, with the figure from the register.
    let said = year.narrative.iter().map(|s| s.text.as_str()).collect::<Vec<_>>().join("\n");
    assert!(said.contains("hỗ trợ 2 hộ làm nhà đại đoàn kết"), "{said}");
    assert!(year.indicator_set.contains("phiên bản 4"));
    for manual in year.figures.iter().filter(|f| f.source.is_none()) {
        ward.set_figure("2022", &manual.code, Some(3), "").unwrap();
    }
    let sent = tmp.path().join("bao-cao-nam.thidua");
    ward.export_report_bundle("2022", &sent).unwrap();
    assert_eq!(city.import_bundles(&[sent.as_path()], false).unwrap()[0].outcome, BundleOutcome::Applied);
    let total = city.consolidation("2022").unwrap().totals.into_iter().find(|t| t.code == "3.9").unwrap();
    assert_eq!((total.received_total, total.target), (2, Some(4)));
    assert_eq!(total.contributions.iter().find(|c| c.unit_code == code(&wards[0])).unwrap().flag, "");

    // A ward refuses a set it cannot compute, naming the indicator, and keeps what it had: a
    // set written by a later program (here, written into the upper level's file by hand).
    drop(city);
    let conn = rusqlite::Connection::open(city_dir.join("thidua.sqlite3")).unwrap();
    conn.execute(
        "UPDATE indicators SET aggregate = 'sum:households' WHERE code = '3.9' AND set_id = (SELECT id FROM indicator_sets ORDER BY version DESC LIMIT 1)",
        [],
    )
    .unwrap();
    drop(conn);
    let mut city = Workspace::open(&city_dir).unwrap();
    let plan = tmp.path().join("ke-hoach-2.thidua");
    city.export_plan_bundle(&code(&wards[1]), None, &plan).unwrap();
    let mut other = Workspace::open(&wards[1]).unwrap();
    let kept = digest(&other);
    let outcome = other.import_bundles(&[plan.as_path()], false).unwrap().remove(0);
    assert_eq!(outcome.outcome, BundleOutcome::Refused);
    assert!(outcome.message.contains("chỉ tiêu 3.9 không tính được ở máy này"), "{}", outcome.message);
    assert!(outcome.message.contains("không có trường «households»"), "{}", outcome.message);
    assert_eq!(digest(&other), kept);
}

/// Data checks as data: the upper level writes rules (an unknown indicator refused), a ward's
/// figure that breaks one is shown beside it and the report is not sent until it agrees.
#[test]
fn a_figure_that_breaks_a_rule_is_shown_beside_it_and_the_report_waits_until_it_agrees() {
    let (_tmp, city_dir, wards) = demo(1);
    let mut city = Workspace::open(&city_dir).unwrap();
    let before = city.status().unwrap().digest;
    assert!(city.add_rule("3.1 <= 9.9").unwrap_err().message.contains("chỉ tiêu 9.9, không có trong bộ chỉ tiêu"));
    assert!(city.add_rule("3.2 3.1").unwrap_err().message.contains("dấu so sánh"));
    assert!(city.add_rule("3.2 <= 3.1").unwrap_err().message.contains("Đã có quy tắc kiểm tra 3.2 ≤ 3.1"));
    assert!(city.retire_indicator("3.1").unwrap_err().message.contains("đang có trong quy tắc kiểm tra 3.2 ≤ 3.1"));
    assert!(city.set_outlier_percent(50).unwrap_err().message.contains("từ 101%"));
    assert_eq!(city.status().unwrap().digest, before);
    let added = city.add_rule("2.4 <= 2.3 + 2.1").unwrap();
    assert_eq!(added.changes, vec!["Thêm quy tắc kiểm tra 2.4 ≤ 2.3 + 2.1".to_owned()]);
    let removed = city.remove_rule("2.4 ≤ 2.3 + 2.1").unwrap();
    assert_eq!(removed.changes, vec!["Bỏ quy tắc kiểm tra 2.4 ≤ 2.3 + 2.1".to_owned()]);
    let loose = city.set_outlier_percent(250).unwrap();
    assert_eq!(loose.changes, vec!["Đánh dấu số liệu gấp quá 2,5 lần (hoặc dưới 1/2,5) số so sánh".to_owned()]);

    let mut ward = Workspace::open(&wards[0]).unwrap();
    ward.revise_report(PERIOD).unwrap();
    let registered = ward.report(PERIOD).unwrap().figures.iter().find(|f| f.code == "3.1").unwrap().value.unwrap();
    let view = ward.set_figure(PERIOD, "3.2", Some(registered + 5), "Theo danh sách Hội đồng sáng kiến").unwrap();
    let f32 = view.figures.iter().find(|f| f.code == "3.2").unwrap();
    let broken = format!("Không khớp quy tắc 3.2 ≤ 3.1: 3.2 ({}) lớn hơn 3.1 ({})", registered + 5, registered);
    assert!(f32.breaks_rule && f32.checks.contains(&broken), "{:?}", f32.checks);
    assert!(view.figures.iter().find(|f| f.code == "3.1").unwrap().checks.contains(&broken), "named at both figures");
    let kept = ward.status().unwrap().digest;
    let refused = ward.send_report(PERIOD).unwrap_err().message;
    assert!(refused.starts_with(&broken) && refused.contains("sửa số liệu"), "{refused}");
    assert_eq!(ward.status().unwrap().digest, kept, "a refused send changes nothing");
    ward.set_figure(PERIOD, "3.2", None, "").unwrap();
    assert_eq!(ward.send_report(PERIOD).unwrap().revision, 2);
}

/// Periods as data: the upper level opens a quarter; it goes down with the plan bundle, the
/// ward's report for it counts only what happened in it, and the upper level consolidates it.
#[test]
fn a_quarter_opened_above_is_reported_by_the_ward_and_consolidated() {
    let (tmp, city_dir, wards) = demo(1);
    let mut city = Workspace::open(&city_dir).unwrap();
    assert!(city.open_period("2022-Q5", None).unwrap_err().message.contains("2022-Q1 … 2022-Q4"));
    let q3 = city.open_period("2022-Q3", None).unwrap();
    assert_eq!((q3.label.as_str(), q3.deadline.as_str()), ("quý III năm 2022", "15/10/2022"));
    let codes: Vec<String> = city.periods().unwrap().into_iter().map(|p| p.code).collect();
    assert!(codes.windows(2).any(|w| w == ["2022-H1", "2022-Q3"]), "{codes:?}");
    let plan = tmp.path().join("ke-hoach.thidua");
    city.export_plan_bundle(&code(&wards[0]), None, &plan).unwrap();
    let mut ward = Workspace::open(&wards[0]).unwrap();
    assert_eq!(ward.import_bundles(&[plan.as_path()], false).unwrap()[0].outcome, BundleOutcome::Applied);

    let sessions = |ws: &Workspace| ws.report("2022-Q3").unwrap().figures.iter().find(|f| f.code == "1.1").unwrap().value.unwrap();
    let before = sessions(&ward);
    for (day, n) in [("10/08/2022", "3"), ("20/06/2022", "5")] {
        let fields = serde_json::json!({"kind": "tuyen_truyen", "held_on": day, "title": "Tuyên truyền ở khu dân cư", "sessions": n, "participants": "40"});
        ward.add_record(thidua_api::RegisterKind::Activity, fields.as_object().unwrap()).unwrap();
    }
    assert_eq!(sessions(&ward), before + 3, "June is not in the third quarter");
    let view = ward.report("2022-Q3").unwrap();
    assert!(view.narrative.iter().any(|s| s.key == "iv" && s.text.starts_with("Trong quý IV năm 2022")), "{:?}", view.narrative);
    for manual in view.figures.iter().filter(|f| f.source.is_none()) {
        ward.set_figure("2022-Q3", &manual.code, Some(1), "").unwrap();
    }
    let sent = tmp.path().join("bao-cao-quy.thidua");
    ward.export_report_bundle("2022-Q3", &sent).unwrap();
    assert_eq!(city.import_bundles(&[sent.as_path()], false).unwrap()[0].outcome, BundleOutcome::Applied);
    let total = city.consolidation("2022-Q3").unwrap().totals.into_iter().find(|t| t.code == "1.1").unwrap();
    assert_eq!(total.received_total, before + 3);
}

/// Figures in the right period: an initiative registered in 2021 and recognised in 2022 counts
/// as registered in 2021 and as recognised in 2022, never the other way; one recognised before
/// the day existed counts on its registration day as before; a day before the one it follows
/// is refused; an upper level can count a model in every period it runs.
#[test]
fn an_event_counts_in_the_period_of_its_own_day() {
    let (_tmp, city_dir, wards) = demo(1);
    let mut ward = Workspace::open(&wards[0]).unwrap();
    let count = |ws: &Workspace, period: &str, code: &str| ws.figure_sources(period, code).unwrap().len();
    let (h1_registered, h1_recognised) = (count(&ward, "2022-H1", "3.1"), count(&ward, "2022-H1", "3.2"));
    let (y21_registered, y21_recognised) = (count(&ward, "2021", "3.1"), count(&ward, "2021", "3.2"));
    let add =
        |ws: &mut Workspace, fields: serde_json::Value| ws.add_record(thidua_api::RegisterKind::Initiative, fields.as_object().unwrap());
    add(&mut ward, serde_json::json!({"title": "Sổ tay số khu dân cư", "authors": "Chi hội Phụ nữ", "registered_on": "10/11/2021", "status": "cong_nhan", "recognised_on": "15/03/2022"})).unwrap();
    assert_eq!((count(&ward, "2021", "3.1"), count(&ward, "2021", "3.2")), (y21_registered + 1, y21_recognised));
    assert_eq!((count(&ward, "2022-H1", "3.1"), count(&ward, "2022-H1", "3.2")), (h1_registered, h1_recognised + 1));
    // Recognised, with no day of its recognition: counted on its registration day, as before.
    add(&mut ward, serde_json::json!({"title": "Ứng dụng nhắc lịch tiêm", "authors": "Đoàn Thanh niên", "registered_on": "05/12/2021", "status": "cong_nhan"})).unwrap();
    assert_eq!(count(&ward, "2021", "3.2"), y21_recognised + 1);
    let err = add(
        &mut ward,
        serde_json::json!({"title": "x", "authors": "y", "registered_on": "10/11/2021", "status": "cong_nhan", "recognised_on": "01/01/2021"}),
    );
    let message = format!("{:?}", err.unwrap_err());
    assert!(message.contains("Ngày được công nhận không thể trước ngày đăng ký (10/11/2021)"), "{message}");

    // A model running from 2021 to March 2022 counts in both years, not in the second half of 2022.
    let mut city = Workspace::open(&city_dir).unwrap();
    let running_from = |register: &str| IndicatorInput {
        code: "4.6".into(),
        name: "Số mô hình đang hoạt động".into(),
        measure: "mô hình".into(),
        task_group: 4,
        register: Some(register.into()),
        aggregate: Some("count".into()),
        filters: vec![],
        date_field: Some("running".into()),
        phrase: None,
    };
    assert!(city.add_indicator(&running_from("activity")).unwrap_err().message.contains("không có ngày kết thúc"));
    let view = city.add_indicator(&running_from("model")).unwrap();
    assert!(view.indicators.iter().any(|i| i.code == "4.6" && i.source_label.ends_with("mỗi kỳ mô hình còn hoạt động")));
    let fields =
        serde_json::json!({"name": "Tổ tự quản môi trường", "started_on": "01/05/2021", "status": "xay_dung", "ended_on": "31/03/2022"});
    city.add_record(thidua_api::RegisterKind::Model, fields.as_object().unwrap()).unwrap();
    let running =
        |period: &str| city.figure_sources(period, "4.6").unwrap().iter().filter(|r| r.fields["name"] == "Tổ tự quản môi trường").count();
    assert_eq!((running("2021"), running("2022-Q1"), running("2022-Q2"), running("2022")), (1, 1, 0, 1));
}

/// The benchmarks' province with a set of 60 indicators: the upper level adds indicators
/// entered by hand to its set, each ward enters a figure for each, and the totals add them.
#[test]
fn a_demo_province_with_sixty_indicators_consolidates_every_one() {
    use thidua_api::demo::{Scenario, run_scenario};
    let tmp = tempfile::tempdir().unwrap();
    let scenario =
        Scenario { wards: 2, period: PERIOD.into(), keep_wards: true, import: true, at: None, second_movement: false, indicators: 60 };
    let demo = run_scenario(&tmp.path().join("demo"), &scenario).unwrap();
    assert_eq!((demo.imported, demo.refused), (2, 0));
    let city = Workspace::open(Path::new(&demo.upper_dir)).unwrap();
    let c = city.consolidation(PERIOD).unwrap();
    assert_eq!(c.totals.len(), 60);
    let added = c.totals.iter().find(|t| t.code == "5.40").expect("the 40th indicator added");
    let sum: i64 = demo
        .ward_dirs
        .iter()
        .map(|d| {
            Workspace::open(Path::new(d)).unwrap().report(PERIOD).unwrap().figures.iter().find(|f| f.code == "5.40").unwrap().value.unwrap()
        })
        .sum();
    assert_eq!(added.received_total, sum);
}

/// The document linter (`tests/lint`) over a consolidated report printed by `bench/run.sh`
/// (`THIDUA_BENCH_PDF`, printed at the upper level in `THIDUA_BENCH_DATA`): how long a check of
/// what the signer reads takes on a province's report, median of 5. A benchmark, not a test.
#[test]
#[ignore = "a benchmark: bash bench/run.sh runs it"]
fn bench_the_linter_over_a_consolidated_report() {
    let (data, pdf) = (std::env::var("THIDUA_BENCH_DATA").unwrap(), PathBuf::from(std::env::var("THIDUA_BENCH_PDF").unwrap()));
    let city = Workspace::open(Path::new(&data)).unwrap();
    let province = city.installation().unwrap().unit;
    let units = city.units(&thidua_api::UnitQuery { parent_id: Some(province.id), ..Default::default() }).unwrap();
    let expect = lint::Expect { issuer: &province, others: units.iter().collect(), day: None };
    let mut took: Vec<f64> = (0..5)
        .map(|_| {
            let started = std::time::Instant::now();
            let faults = lint::lint(&pdf, &expect);
            assert!(faults.is_empty(), "{faults:#?}");
            started.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    took.sort_by(f64::total_cmp);
    let pages = String::from_utf8(Command::new("pdfinfo").arg(&pdf).output().unwrap().stdout).unwrap();
    let pages = pages.lines().find_map(|l| l.strip_prefix("Pages:")).unwrap_or("?").trim().to_owned();
    println!("BENCH lint of the consolidated report ({} units, {pages} pages): median {:.0} ms", units.len(), took[2]);
}
