//! The document linter: every kind of document the program prints, read back from its PDF
//! with poppler as the head of an office reads it before signing, at a fixed instant of
//! 23:30 UTC (06:30 the next morning in Vietnam). It fails on what a signer would send back:
//! a PDF older than 1.4, doubled punctuation, a proper name in lower case, a province without
//! its level word, a passage printed twice, a zero told as an achievement, a title line of one
//! word, a page starting with a paragraph's lone last word, a header naming a body other than
//! the issuer, and a date other than Vietnam's.

mod lint;

use std::path::{Path, PathBuf};

use lint::{Expect, assert_clean, lint, plain_text};

use thidua_api::demo::{Scenario, run_scenario};
use thidua_api::{FixedClock, Moment, Unit, Workspace};

const PERIOD: &str = "2022-H1";
/// 23:30 UTC on 4 July 2022 is 06:30 on 5 July in Vietnam.
const INSTANT: &str = "2022-07-04T23:30:00Z";
const VIETNAM_DAY: &str = "ngày 05 tháng 7 năm 2022";

fn test_data(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/data").join(rel)
}

fn at(dir: &Path) -> Workspace {
    Workspace::open_or_create_with_clock(dir, Box::new(FixedClock::at(INSTANT))).unwrap()
}

/// Where a linted PDF is kept after the run, to be looked at (target/tmp/documents/).
fn kept(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("documents");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(format!("{name}.pdf"))
}

#[test]
fn every_kind_of_document_reads_right_to_its_signer() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("demo");
    let at_instant = Some(Moment::parse(INSTANT).unwrap());
    let demo = run_scenario(
        &out,
        &Scenario {
            wards: 5,
            period: PERIOD.into(),
            keep_wards: true,
            import: true,
            at: at_instant,
            second_movement: false,
            indicators: 0,
        },
    )
    .unwrap();
    let mut city = at(Path::new(&demo.upper_dir));
    let province = city.installation().unwrap().unit;
    let wards: Vec<Workspace> = demo.ward_dirs.iter().map(|d| at(Path::new(d))).collect();
    let ward_units: Vec<Unit> = wards.iter().map(|w| w.installation().unwrap().unit).collect();
    let pdf = |name: &str| kept(name);

    // The province's plan, issued at the fixed instant.
    let plan = city.import_plan(&test_data("seed/ke-hoach-doan-ket-sang-tao-2022.txt")).unwrap();
    city.issue_plan(plan.id, None).unwrap();
    city.plan_pdf(plan.id, &pdf("plan")).unwrap();
    assert_clean(
        "the province's plan",
        &pdf("plan"),
        &Expect { issuer: &province, others: ward_units.iter().collect(), day: Some(VIETNAM_DAY) },
    );

    // A ward's report, sent at the fixed instant.
    wards[0].report_pdf(PERIOD, &pdf("ward-report")).unwrap();
    let mut others: Vec<&Unit> = vec![&province];
    others.extend(ward_units.iter().skip(1));
    assert_clean(
        "a ward's report",
        &pdf("ward-report"),
        &Expect { issuer: &ward_units[0], others: others.clone(), day: Some(VIETNAM_DAY) },
    );

    // The plan sent down to a ward prints there under the province, its number and its day.
    let bundle = tmp.path().join("ke-hoach.thidua");
    city.export_plan_bundle(&ward_units[0].code, Some(plan.id), &bundle).unwrap();
    let mut ward = at(Path::new(&demo.ward_dirs[0]));
    assert!(ward.import_bundles(&[bundle.as_path()], false).unwrap().iter().all(|o| o.is_ok()));
    let received = ward.plans().unwrap().into_iter().find(|p| p.year == 2022).unwrap();
    ward.plan_pdf(received.id, &pdf("plan-received")).unwrap();
    let mut others: Vec<&Unit> = ward_units.iter().collect();
    assert_clean(
        "the province's plan printed at a ward",
        &pdf("plan-received"),
        &Expect { issuer: &province, others: others.clone(), day: Some(VIETNAM_DAY) },
    );

    // The ward's own plan drawn from it cites it by number and day; not yet issued, it has no day.
    let derived = ward.derive_plan(received.id, &ward_units[0].code).unwrap();
    ward.plan_pdf(derived.id, &pdf("plan-derived")).unwrap();
    others.retain(|u| u.id != ward_units[0].id);
    others.push(&province);
    assert_clean("a ward's plan drawn from the province's", &pdf("plan-derived"), &Expect { issuer: &ward_units[0], others, day: None });
    let text = plain_text(&pdf("plan-derived"));
    assert!(text.contains("Thực hiện Kế hoạch số 01/KH-MTTQ-BTT ngày 05/07/2022 của Ban Thường trực Ủy ban MTTQ tỉnh Thanh Hóa"), "{text}");
    assert!(!text.contains("MTTQ các khu dân cư"), "names a body that does not exist");

    // The upper level's own report: the consolidated report of its 5 wards.
    city.report_pdf(PERIOD, &pdf("consolidated-5")).unwrap();
    assert_clean(
        "the consolidated report at 5 units",
        &pdf("consolidated-5"),
        &Expect { issuer: &province, others: ward_units.iter().collect(), day: Some(VIETNAM_DAY) },
    );
}

/// The year's end: the notice of the ranking, over all units and for one cluster, printed at a
/// fixed instant (23:30 UTC on 30 December 2022 is 06:30 on the 31st in Vietnam).
#[test]
fn the_ranking_notice_reads_right_to_its_signer() {
    const AT: &str = "2022-12-30T23:30:00Z";
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("demo");
    let demo = run_scenario(
        &out,
        &Scenario {
            wards: 7,
            period: "2022".into(),
            keep_wards: true,
            import: true,
            at: Some(Moment::parse(AT).unwrap()),
            second_movement: false,
            indicators: 0,
        },
    )
    .unwrap();
    let mut city = Workspace::open_or_create_with_clock(Path::new(&demo.upper_dir), Box::new(FixedClock::at(AT))).unwrap();
    let province = city.installation().unwrap().unit;
    let wards: Vec<Unit> = demo.ward_dirs.iter().map(|d| Workspace::open(Path::new(d)).unwrap().installation().unwrap().unit).collect();
    let expect = Expect { issuer: &province, others: wards.iter().collect(), day: Some("ngày 31 tháng 12 năm 2022") };
    city.ranking_pdf(2022, None, &kept("ranking-notice")).unwrap();
    assert_clean("the ranking notice", &kept("ranking-notice"), &expect);
    let text = plain_text(&kept("ranking-notice"));
    let scoring = city.scoring(2022, None).unwrap();
    let first = &scoring.units[0];
    assert!(text.contains("THÔNG BÁO") && text.contains("Kết quả chấm điểm, xếp hạng thi đua năm 2022"), "{text}");
    assert!(text.contains(&format!("Có 7 trên {} đơn vị được chấm điểm, xếp hạng", scoring.units.len())), "{text}");
    assert!(text.contains(&format!("thứ nhất: {} ({} điểm)", first.unit_name, first.total)), "{text}");
    assert!(text.contains("Biểu 4. Tiêu chí được chấm khác điểm tự chấm") && text.contains("Biểu 2. Các tiêu chí chấm điểm"), "{text}");
    city.ranking_pdf(2022, Some("C2"), &kept("ranking-notice-cluster")).unwrap();
    assert_clean("the ranking notice of a cluster", &kept("ranking-notice-cluster"), &expect);
    let text = plain_text(&kept("ranking-notice-cluster"));
    assert!(text.contains("Kết quả chấm điểm, xếp hạng thi đua năm 2022 của Cụm thi đua số 2"), "{text}");
    assert!(text.contains("- Các đơn vị thuộc Cụm thi đua số 2;"), "{text}");

    // A ward's tờ trình of the proposal it sent with its yearly report, printed the same morning.
    let ward = Workspace::open_or_create_with_clock(Path::new(&demo.ward_dirs[0]), Box::new(FixedClock::at(AT))).unwrap();
    let me = ward.installation().unwrap().unit;
    let proposal = ward.proposals(2022).unwrap().into_iter().find(|p| !p.reviewable).expect("the demo's ward proposes");
    ward.proposal_pdf(proposal.id, &kept("to-trinh")).unwrap();
    let others: Vec<&Unit> = std::iter::once(&province).chain(wards.iter().filter(|w| w.id != me.id)).collect();
    assert_clean("a ward's tờ trình", &kept("to-trinh"), &Expect { issuer: &me, others, day: Some("ngày 31 tháng 12 năm 2022") });
    let text = plain_text(&kept("to-trinh"));
    assert!(text.contains("TỜ TRÌNH Về việc đề nghị tặng Bằng khen năm 2022"), "{text}");
    assert!(text.contains("Kính gửi: Ban Thường trực Ủy ban MTTQ tỉnh Thanh Hóa"), "{text}");
    assert!(text.contains("Phụ lục I") && text.contains("Phụ lục II") && text.contains("BÁO CÁO THÀNH TÍCH"), "{text}");
    for n in &proposal.nominees {
        assert!(text.contains(&n.name), "{} missing: {text}", n.name);
    }
    // Only what the proposer wrote: the upper level's decisions are not the ward's to print.
    assert!(!text.contains("Không đồng ý"), "{text}");

    // The province's decision on the proposals, issued by the demo that morning, numbered in
    // its document register, and its certificates.
    let decision = city.award_decisions(2022).unwrap().decisions.remove(0);
    city.award_decision_pdf(decision.id, &kept("quyet-dinh-khen-thuong")).unwrap();
    assert_clean("the award decision", &kept("quyet-dinh-khen-thuong"), &expect);
    let text = plain_text(&kept("quyet-dinh-khen-thuong"));
    let reference = decision.title.split(' ').nth(3).unwrap();
    assert!(text.contains(&format!("Số: {reference}")), "{reference}: {text}");
    assert!(text.contains("QUYẾT ĐỊNH Về việc tặng Bằng khen năm 2022"), "{text}");
    assert!(text.contains("BAN THƯỜNG TRỰC ỦY BAN MTTQ TỈNH THANH HÓA"), "{text}");
    assert!(text.contains("Căn cứ Điều lệ Mặt trận Tổ quốc Việt Nam;") && text.contains("QUYẾT ĐỊNH:"), "{text}");
    assert!(text.contains("Điều 1. Tặng Bằng khen của Ban Thường trực Ủy ban MTTQ tỉnh Thanh Hóa cho"), "{text}");
    assert!(text.contains("chịu trách nhiệm thi hành Quyết định này./.") && text.contains("- Như Điều 3;"), "{text}");
    assert!(text.contains("DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC TẶNG BẰNG KHEN NĂM 2022"), "{text}");
    for a in &decision.awardees {
        assert!(text.contains(&a.name), "{} missing: {text}", a.name);
    }
    let names: Vec<&str> = decision.awardees.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(city.certificates_pdf(decision.id, &kept("bang-khen")).unwrap(), names.len());
    let faults = lint::certificate_faults(&kept("bang-khen"), &names);
    assert!(faults.is_empty(), "the certificates: {faults:#?}");
    let text = plain_text(&kept("bang-khen"));
    assert!(text.contains(&format!("{} ngày 31/12/2022", decision.title.split(" ngày ").next().unwrap())), "{text}");
    assert!(text.contains("Thanh Hóa, ngày 31 tháng 12 năm 2022") && text.contains("BẰNG KHEN"), "{text}");
}

#[test]
fn a_ward_with_nothing_yet_says_so_plainly() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = at(&tmp.path().join("new-ward"));
    ws.ensure_catalogue().unwrap();
    let unit = ws.units(&thidua_api::UnitQuery { search: Some("Hàm Rồng".into()), ..Default::default() }).unwrap().remove(0);
    let defaults = ws.header_defaults(unit.id).unwrap();
    let input = thidua_api::SetupInput {
        unit_id: unit.id,
        parent_unit_id: defaults.parent_unit_id,
        header: thidua_api::DocumentHeader { signer_name: "Lê Văn Hùng".into(), ..defaults.header },
        clerk_name: "Nguyễn Thị Lan".into(),
    };
    let installation = ws.setup(&input).unwrap();
    let pdf = kept("empty-report");
    ws.report_pdf(PERIOD, &pdf).unwrap();
    let parent = installation.parent.clone();
    assert_clean(
        "an empty period's report",
        &pdf,
        &Expect { issuer: &installation.unit, others: parent.iter().collect(), day: Some(VIETNAM_DAY) },
    );
    let text = plain_text(&pdf);
    assert!(text.contains("chưa tổ chức buổi tuyên truyền nào"), "{text}");
}

#[test]
fn the_sample_ward_reads_right_to_its_signer() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = at(&tmp.path().join("sample"));
    let installation = ws.install_sample().unwrap();
    let pdf = kept("sample-report");
    ws.report_pdf(PERIOD, &pdf).unwrap();
    let parent = installation.parent.clone();
    assert_clean(
        "the sample ward's report",
        &pdf,
        &Expect { issuer: &installation.unit, others: parent.iter().collect(), day: Some(VIETNAM_DAY) },
    );
}

/// The linter itself: a document with every fault a signer would send back is refused on each.
#[test]
fn the_linter_finds_what_a_signer_would_send_back() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = at(&tmp.path().join("units"));
    ws.ensure_catalogue().unwrap();
    let find = |name: &str, level: &str| {
        ws.units(&thidua_api::UnitQuery { search: Some(name.into()), ..Default::default() })
            .unwrap()
            .into_iter()
            .find(|u| u.level == level)
            .unwrap()
    };
    let province = find("Thanh Hóa", "tinh");
    let ward = find("Hàm Rồng", "xa");
    let repeated = "Ban Thường trực đã phối hợp với các tổ chức thành viên tổ chức nhiều hoạt động hưởng ứng phong trào";
    let bad = thidua_document::OfficialDocument {
        parent_body: vec!["ỦY BAN MTTQ VIỆT NAM".into(), ward.name_in_header()],
        issuing_body: "BAN THƯỜNG TRỰC".into(),
        number: "Số: 01/BC-MTTQ-BTT".into(),
        place_date: "Thanh Hóa, ngày 04 tháng 7 năm 2022".into(),
        doc_type: "BÁO CÁO".into(),
        summary: "Tổngkết".into(),
        body: vec![
            thidua_document::Block::Paragraph(format!("{repeated}. Đã tổ chức 0 buổi tuyên truyền.. cùng Ủy ban MTTQ thanh Hóa.")),
            thidua_document::Block::Paragraph(format!("{repeated}. Các đơn vị của Thanh Hóa đã báo cáo.")),
        ],
        recipients: vec!["- Lưu: VT.".into()],
        signer_authority: "TM. BAN THƯỜNG TRỰC".into(),
        signer_title: "CHỦ TỊCH".into(),
        signer_name: "Trần Văn Bình".into(),
        appendices: Vec::new(),
        title: "BÁO CÁO".into(),
        author: "BAN THƯỜNG TRỰC".into(),
        date: thidua_api::IsoDate::parse("2022-07-04").unwrap(),
        verification: None,
    };
    let mut bytes = thidua_document::render(&bad).unwrap();
    bytes[7] = b'3';
    let path = tmp.path().join("bad.pdf");
    std::fs::write(&path, bytes).unwrap();
    let faults = lint(&path, &Expect { issuer: &province, others: vec![&ward], day: Some(VIETNAM_DAY) });
    for expected in [
        "PDF version %PDF-1.3",
        "doubled punctuation «..»",
        "proper name in lower case",
        "province without its level word",
        "passage printed twice",
        "a zero told as an achievement",
        "a title line of one word",
        "the header does not name the issuer",
        "the header names «PHƯỜNG HÀM RỒNG»",
        "dated «Thanh Hóa, ngày 04 tháng 7 năm 2022»",
        "the PDF's author is «BAN THƯỜNG TRỰC», not the issuer",
    ] {
        assert!(faults.iter().any(|f| f.starts_with(expected)), "the linter missed «{expected}»: {faults:#?}");
    }
}
