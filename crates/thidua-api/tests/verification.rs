//! The verification code on a sent report (issue 21): printed on the ward's PDF, carried up in
//! its bundle, and checked at the province from the PDF, renders of it (poppler at 150 and 300
//! dpi, rotated and blurred by ImageMagick), the code's text and the short code; read by zbarimg
//! as well. An edited copy, a revoked or unknown key, an altered or truncated code each get
//! their answer.

use std::path::{Path, PathBuf};
use std::process::Command;

use thidua_api::{Verdict, VerificationView, Workspace, demo::Scenario, demo::run_scenario};
use thidua_attest::{PdfReading, SignedStatement};

mod edit_pdf;
use edit_pdf::{copy_text, swap_cells};

const PERIOD: &str = "2022-H1";

struct Demo {
    dir: tempfile::TempDir,
    ward_dir: PathBuf,
}

/// The demo with one ward whose report the province imported.
fn demo() -> Demo {
    let dir = tempfile::tempdir().unwrap();
    let one = Scenario { wards: 1, period: PERIOD.into(), keep_wards: true, import: true, at: None, second_movement: false, indicators: 0 };
    let report = run_scenario(&dir.path().join("demo"), &one).unwrap();
    assert_eq!((report.imported, report.refused), (1, 0));
    let ward_dir = PathBuf::from(&report.ward_dirs[0]);
    Demo { dir, ward_dir }
}

impl Demo {
    fn city(&self) -> Workspace {
        Workspace::open(&self.dir.path().join("demo/city")).unwrap()
    }
    fn ward(&self) -> Workspace {
        Workspace::open(&self.ward_dir).unwrap()
    }
    fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

fn verify(ws: &Workspace, input: &Path) -> VerificationView {
    ws.verify_document(&input.to_string_lossy()).unwrap()
}

fn run(cmd: &mut Command) {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(out.status.success(), "{cmd:?}: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_wards_printed_report_is_recognised_at_the_province_from_the_pdf_its_renders_its_code_and_its_short_code() {
    let d = demo();
    let ward = d.ward();
    let city = d.city();
    let ward_name = ward.installation().unwrap().unit.full_name();
    let pdf = d.file("bao-cao.pdf");
    ward.report_pdf(PERIOD, &pdf).unwrap();

    // The PDF itself, at the province and at the ward.
    let at_city = verify(&city, &pdf);
    assert_eq!(at_city.verdict, Verdict::Matches, "{}", at_city.sentence);
    assert!(at_city.sentence.starts_with("Báo cáo 6 tháng đầu năm 2022, số "), "{}", at_city.sentence);
    assert!(at_city.sentence.contains(&format!("của {ward_name}, ký ngày ")), "{}", at_city.sentence);
    assert!(at_city.sentence.contains("khớp với gói đã nhận ngày "), "{}", at_city.sentence);
    let at_ward = verify(&ward, &pdf);
    assert_eq!(at_ward.verdict, Verdict::Matches, "{}", at_ward.sentence);
    assert!(at_ward.sentence.contains("khớp với báo cáo đã gửi ngày "), "{}", at_ward.sentence);

    // The short code as printed under the QR (pdftotext reads it as the clerk does), typed
    // in lower case without dashes.
    let text = Command::new("pdftotext").args(["-layout"]).arg(&pdf).arg("-").output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    let printed = text.lines().find_map(|l| l.trim().strip_prefix("Mã kiểm tra: ")).expect("the short code is printed").trim();
    assert_eq!(printed, at_city.short_code);
    let typed = printed.replace('-', "").to_lowercase();
    assert_eq!(city.verify_document(&typed).unwrap().verdict, Verdict::Matches);
    // One character wrong: the check character catches it.
    let mut wrong: Vec<char> = printed.chars().collect();
    wrong[0] = if wrong[0] == '7' { '8' } else { '7' };
    let err = city.verify_document(&wrong.into_iter().collect::<String>()).unwrap_err().to_string();
    assert!(err.contains("sai ở ký tự kiểm tra"), "{err}");

    // The signature page (appendices follow it) rendered by poppler, and a photo's faults:
    // rotated, blurred (less at 150 dpi, where a module is 3.5 pixels), as JPEG.
    let pages = PdfReading::read(&std::fs::read(&pdf).unwrap()).unwrap().pages.len();
    let page = (1..=pages)
        .find(|p| {
            let p = p.to_string();
            let out = Command::new("pdftotext").args(["-f", &p, "-l", &p]).arg(&pdf).arg("-").output().unwrap();
            String::from_utf8_lossy(&out.stdout).contains("Mã kiểm tra:")
        })
        .expect("a page carries the code");
    assert!(text.find("Nơi nhận:").unwrap() < text.find("Mã kiểm tra:").unwrap(), "under Nơi nhận");
    let code = PdfReading::read(&std::fs::read(&pdf).unwrap()).unwrap().code().unwrap().to_code().unwrap();
    for (dpi, blur) in [("150", "0x0.6"), ("300", "0x1.5")] {
        let stem = d.file(&format!("trang-{dpi}"));
        run(Command::new("pdftoppm").args(["-png", "-gray", "-r", dpi, "-f", &page.to_string(), "-singlefile"]).arg(&pdf).arg(&stem));
        let png = stem.with_extension("png");
        let v = verify(&city, &png);
        assert_eq!(v.verdict, Verdict::Matches, "{dpi} dpi: {}", v.sentence);
        // Another program reads the same code from the same render.
        let zbar = Command::new("zbarimg").args(["--raw", "-q"]).arg(&png).output().unwrap();
        assert_eq!(String::from_utf8_lossy(&zbar.stdout).trim(), code, "zbarimg at {dpi} dpi");
        let photo = d.file(&format!("anh-{dpi}.jpg"));
        run(Command::new("convert").arg(&png).args(["-rotate", "8", "-blur", blur, "-quality", "80"]).arg(&photo));
        let v = verify(&city, &photo);
        assert_eq!(v.verdict, Verdict::Matches, "{dpi} dpi rotated and blurred: {}", v.sentence);
    }

    // The code's text, typed or pasted; cut short.
    assert_eq!(city.verify_document(&code).unwrap().verdict, Verdict::Matches);
    let err = city.verify_document(&code[..code.len() - 20]).unwrap_err().to_string();
    assert!(err.contains("bị thiếu một phần"), "{err}");

    // Nothing of this changed anything.
    assert_eq!(city.status().unwrap().digest, d.city().status().unwrap().digest);
}

#[test]
fn an_edited_copy_an_altered_code_a_revoked_key_and_an_unknown_key_each_get_their_answer() {
    let d = demo();
    let ward = d.ward();
    let mut city = d.city();
    let pdf = d.file("bao-cao.pdf");
    ward.report_pdf(PERIOD, &pdf).unwrap();

    // Figures edited on the PDF: two rows' results swapped (the QR untouched).
    let view = ward.report(PERIOD).unwrap();
    let a = &view.figures[0];
    let b = view.figures.iter().find(|f| f.value != a.value).expect("two figures differ in the demo");
    let edited = d.file("da-sua.pdf");
    swap_cells(&pdf, &edited, &a.code, &b.code);
    let v = verify(&city, &edited);
    assert_eq!(v.verdict, Verdict::EditedCopy, "{}", v.sentence);
    let codes: Vec<&str> = v.differences.iter().map(|x| x.code.as_str()).collect();
    assert_eq!(codes, [a.code.as_str(), b.code.as_str()], "{:?}", v.differences);
    assert!(v.sentence.contains(&format!("chỉ tiêu {} in «", a.code)) && v.sentence.contains("Bản này đã bị sửa"), "{}", v.sentence);

    // A code whose statement was altered (the revision) no longer verifies.
    let code = PdfReading::read(&std::fs::read(&pdf).unwrap()).unwrap().code().unwrap();
    let mut altered = code.clone();
    altered.statement.revision += 1;
    let v = city.verify_document(&altered.to_code().unwrap()).unwrap();
    assert_eq!(v.verdict, Verdict::BadSignature, "{}", v.sentence);
    assert!(v.sentence.contains("không đúng"), "{}", v.sentence);

    // Signed by a key the province never enrolled.
    let stranger = thidua_bundle::KeyPair::generate().unwrap();
    let forged = code.statement.clone().sign(&stranger).unwrap().to_code().unwrap();
    let v = city.verify_document(&forged).unwrap();
    assert_eq!(v.verdict, Verdict::UnknownKey, "{}", v.sentence);
    assert!(v.sentence.contains("chưa ghi danh"), "{}", v.sentence);

    // The ward's key revoked (its laptop lost): the paper is named as signed by a revoked key.
    let unit_code = ward.installation().unwrap().unit.code;
    city.revoke(&unit_code, "mất máy").unwrap();
    let v = verify(&city, &pdf);
    assert_eq!(v.verdict, Verdict::RevokedKey, "{}", v.sentence);
    assert!(v.sentence.contains("đã bị thu hồi ngày") && v.sentence.contains("mất máy"), "{}", v.sentence);

    // Not a code, not a file.
    let err = city.verify_document("xin chào").unwrap_err().to_string();
    assert!(err.contains("không đúng dạng"), "{err}");
    let err = city.verify_document(&d.file("khong-co.pdf").to_string_lossy()).unwrap_err().to_string();
    assert!(err.starts_with("Không có tệp"), "{err}");
    std::fs::write(d.file("rac.png"), b"\x89PNG garbage").unwrap();
    let err = city.verify_document(&d.file("rac.png").to_string_lossy()).unwrap_err().to_string();
    assert!(err.starts_with("Không đọc được tệp ảnh"), "{err}");
    assert_eq!(SignedStatement::from_code(&forged).unwrap().statement.digest, code.statement.digest);
}

#[test]
fn a_draft_has_no_code_and_a_bundle_whose_code_does_not_say_what_its_data_says_is_refused() {
    let d = demo();
    let mut ward = d.ward();
    ward.revise_report(PERIOD).unwrap();
    let draft = d.file("nhap.pdf");
    ward.report_pdf(PERIOD, &draft).unwrap();
    let err = PdfReading::read(&std::fs::read(&draft).unwrap()).unwrap().code().unwrap_err();
    assert_eq!(err, thidua_attest::AttestError::NoCodeInImage);

    // Revision 2 sent; a program holding the ward's key changes a figure in the bundle but
    // keeps the code: the province refuses it and keeps what it had.
    ward.set_figure(PERIOD, "1.1", Some(77), "Bổ sung buổi tuyên truyền lưu động").unwrap();
    let bundle = d.file("lan-2.thidua");
    ward.export_report_bundle(PERIOD, &bundle).unwrap();
    let key = thidua_bundle::KeyPair::load(&d.ward_dir.join(thidua_api::SIGNING_KEY_FILE)).unwrap();
    let v = thidua_bundle::Sealed::read(&std::fs::read(&bundle).unwrap()).unwrap().verify(&key.public()).unwrap();
    let mut payload: serde_json::Value = serde_json::from_slice(v.payload()).unwrap();
    assert!(payload["verification_code"].as_str().is_some_and(|c| c.starts_with("TD1:")));
    let figure = payload["figures"].as_array_mut().unwrap().iter_mut().find(|f| f["indicator_code"] == "1.1").unwrap();
    figure["value"] = serde_json::json!(78);
    let sealed =
        thidua_bundle::seal(thidua_bundle::Envelope::from(v.manifest.clone()), &serde_json::to_vec(&payload).unwrap(), v.document(), &key)
            .unwrap();
    let forged = d.file("lan-2-sua.thidua");
    std::fs::write(&forged, sealed.bytes).unwrap();
    let mut city = d.city();
    let before = city.status().unwrap().digest;
    let outcome = city.import_bundles(&[forged.as_path()], false).unwrap().remove(0);
    assert_eq!(outcome.outcome, thidua_api::BundleOutcome::Refused, "{}", outcome.message);
    assert!(
        outcome.message.contains("mã kiểm tra in trên báo cáo không khớp với gói (số liệu hoặc thuyết minh khác)"),
        "{}",
        outcome.message
    );
    assert_eq!(city.status().unwrap().digest, before);
    // The genuine bundle goes in, and its paper matches.
    let outcome = city.import_bundles(&[bundle.as_path()], false).unwrap().remove(0);
    assert_eq!(outcome.outcome, thidua_api::BundleOutcome::Applied, "{}", outcome.message);
    let pdf = d.file("lan-2.pdf");
    ward.report_pdf(PERIOD, &pdf).unwrap();
    let v = verify(&city, &pdf);
    assert_eq!(v.verdict, Verdict::Matches, "{}", v.sentence);
    assert!(v.sentence.contains(", lần 2, "), "{}", v.sentence);
}

fn test_data(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/data").join(rel)
}

#[test]
fn an_issued_plan_carries_its_code_down_to_the_ward_which_recognises_the_provinces_paper() {
    let d = demo();
    let mut city = d.city();
    let plan = city.import_plan(&test_data("seed/ke-hoach-doan-ket-sang-tao-2022.txt")).unwrap();
    // Not issued: no code on it.
    let draft = d.file("ke-hoach-nhap.pdf");
    city.plan_pdf(plan.id, &draft).unwrap();
    assert!(PdfReading::read(&std::fs::read(&draft).unwrap()).unwrap().code().is_err());
    city.issue_plan(plan.id, Some("05/03/2022")).unwrap();
    let pdf = d.file("ke-hoach.pdf");
    city.plan_pdf(plan.id, &pdf).unwrap();
    let v = verify(&city, &pdf);
    assert_eq!(v.verdict, Verdict::Matches, "{}", v.sentence);
    assert!(v.sentence.starts_with("Kế hoạch năm 2022, số 01/KH-") && v.sentence.contains("ký ngày 05/03/2022"), "{}", v.sentence);
    assert!(v.sentence.ends_with("khớp với kế hoạch đã ban hành ở Tỉnh Thanh Hóa."), "{}", v.sentence);

    // Sent down: a copy whose plan text was changed under the same code is refused; the
    // genuine bundle goes in, and the ward recognises the province's paper.
    let mut ward = d.ward();
    let ward_code = ward.installation().unwrap().unit.code;
    let bundle = d.file("ke-hoach.thidua");
    city.export_plan_bundle(&ward_code, Some(plan.id), &bundle).unwrap();
    let key = thidua_bundle::KeyPair::load(&d.dir.path().join("demo/city").join(thidua_api::SIGNING_KEY_FILE)).unwrap();
    let opened = thidua_bundle::Sealed::read(&std::fs::read(&bundle).unwrap()).unwrap().verify(&key.public()).unwrap();
    let mut payload: serde_json::Value = serde_json::from_slice(opened.payload()).unwrap();
    payload["plan"]["summary"] = serde_json::json!("Kế hoạch đã bị sửa");
    let forged = d.file("ke-hoach-sua.thidua");
    let sealed = thidua_bundle::seal(
        thidua_bundle::Envelope::from(opened.manifest.clone()),
        &serde_json::to_vec(&payload).unwrap(),
        opened.document(),
        &key,
    )
    .unwrap();
    std::fs::write(&forged, sealed.bytes).unwrap();
    let before = ward.status().unwrap().digest;
    let o = ward.import_bundles(&[forged.as_path()], false).unwrap().remove(0);
    assert_eq!(o.outcome, thidua_api::BundleOutcome::Refused, "{}", o.message);
    assert!(o.message.contains("mã kiểm tra in trên kế hoạch không khớp với gói (nội dung kế hoạch khác)"), "{}", o.message);
    assert_eq!(ward.status().unwrap().digest, before);
    let o = ward.import_bundles(&[bundle.as_path()], false).unwrap().remove(0);
    assert_eq!(o.outcome, thidua_api::BundleOutcome::Applied, "{}", o.message);
    let v = verify(&ward, &pdf);
    assert_eq!(v.verdict, Verdict::Matches, "{}", v.sentence);
    assert!(v.sentence.contains("khớp với kế hoạch đã nhận ngày"), "{}", v.sentence);
    let text = String::from_utf8(Command::new("pdftotext").arg(&pdf).arg("-").output().unwrap().stdout).unwrap();
    let short = text.split("Mã kiểm tra: ").nth(1).unwrap().split_whitespace().next().unwrap();
    assert_eq!(ward.verify_document(short).unwrap().sentence, v.sentence, "the short code typed finds the plan");
    // The ward's own print of the plan received carries the same code.
    let received = ward.plans().unwrap().into_iter().find(|p| p.year == 2022 && p.id != plan.id).unwrap();
    let at_ward = d.file("ke-hoach-o-phuong.pdf");
    ward.plan_pdf(received.id, &at_ward).unwrap();
    let code = |p: &Path| PdfReading::read(&std::fs::read(p).unwrap()).unwrap().code().unwrap();
    assert_eq!(code(&at_ward), code(&pdf));
}

#[test]
fn an_award_decision_carries_its_code_to_the_wards_it_names() {
    let dir = tempfile::tempdir().unwrap();
    let year =
        Scenario { wards: 2, period: "2022".into(), keep_wards: true, import: true, at: None, second_movement: false, indicators: 0 };
    let report = run_scenario(&dir.path().join("demo"), &year).unwrap();
    let pdf = PathBuf::from(report.decision.expect("the yearly demo issues a decision"));
    let mut city = Workspace::open(Path::new(&report.upper_dir)).unwrap();
    let v = verify(&city, &pdf);
    assert_eq!(v.verdict, Verdict::Matches, "{}", v.sentence);
    assert!(v.sentence.starts_with("Quyết định khen thưởng năm 2022, số 01/QĐ-"), "{}", v.sentence);
    assert!(v.sentence.ends_with("khớp với quyết định đã ban hành ở Tỉnh Thanh Hóa."), "{}", v.sentence);
    // A ward named in it holds its own part, under the same code.
    let named = report.ward_dirs.iter().map(|d| Workspace::open(Path::new(d)).unwrap()).find(|w| {
        let v = verify(w, &pdf);
        v.verdict == Verdict::Matches && v.sentence.contains("khớp với quyết định")
    });
    let ward = named.expect("a ward received the decision");
    assert!(verify(&ward, &pdf).sentence.contains("đã nhận (phần danh sách của "), "{}", verify(&ward, &pdf).sentence);
    // The decision's short code, typed, finds it at both ends.
    let text = String::from_utf8(Command::new("pdftotext").arg(&pdf).arg("-").output().unwrap().stdout).unwrap();
    let short = text.split("Mã kiểm tra: ").nth(1).unwrap().split_whitespace().next().unwrap();
    for ws in [&city, &ward] {
        let typed = ws.verify_document(short).unwrap();
        assert_eq!(typed.verdict, Verdict::Matches, "{}", typed.sentence);
        assert!(typed.sentence.starts_with("Quyết định khen thưởng năm 2022, số 01/QĐ-"), "{}", typed.sentence);
    }

    // Its certificates: a code of its own on each, read from the PDF (the last page), from each
    // page rendered at 150 dpi (by the program and by zbarimg) and from the short code typed.
    let decision = city.award_decisions(2022).unwrap().decisions.remove(0);
    let names: Vec<String> = decision.awardees.iter().map(|a| a.name.clone()).collect();
    assert!(names.len() >= 2, "{names:?}");
    let certificates = dir.path().join("bang-khen.pdf");
    assert_eq!(city.certificates_pdf(decision.id, &certificates).unwrap(), names.len());
    let v = verify(&city, &certificates);
    assert_eq!(v.verdict, Verdict::Matches, "{}", v.sentence);
    let last = names.last().unwrap();
    assert!(v.sentence.starts_with(&format!("Bằng khen tặng {last}, theo Quyết định số 01/QĐ-")), "{}", v.sentence);
    assert!(v.sentence.ends_with("của Tỉnh Thanh Hóa, khớp với quyết định đã ban hành ở Tỉnh Thanh Hóa."), "{}", v.sentence);
    run(Command::new("pdftoppm").args(["-r", "150", "-png"]).arg(&certificates).arg(dir.path().join("bang-khen")));
    let mut codes = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let png = dir.path().join(format!("bang-khen-{}.png", i + 1));
        let v = verify(&city, &png);
        assert_eq!(v.verdict, Verdict::Matches, "{}", v.sentence);
        assert!(v.sentence.starts_with(&format!("Bằng khen tặng {name}, ")), "{}", v.sentence);
        let zbar = Command::new("zbarimg").args(["--quiet", "--raw"]).arg(&png).output().unwrap();
        let read = String::from_utf8(zbar.stdout).unwrap().trim().to_owned();
        let image = thidua_attest::read_image(&std::fs::read(&png).unwrap()).unwrap();
        assert_eq!(
            read,
            thidua_attest::read_codes_in_image(&image).unwrap().to_code().unwrap(),
            "zbarimg and the program read page {}",
            i + 1
        );
        codes.push(read);
    }
    codes.dedup();
    assert_eq!(codes.len(), names.len(), "each certificate has its own code");
    let text = String::from_utf8(Command::new("pdftotext").arg(&certificates).arg("-").output().unwrap().stdout).unwrap();
    let shorts: Vec<&str> = text
        .split_whitespace()
        .filter(|w| w.len() == 14 && w.split('-').count() == 3 && w.chars().all(|c| c == '-' || c.is_ascii_alphanumeric()))
        .collect();
    assert_eq!(shorts.len(), names.len(), "{text}");
    let typed = city.verify_document(&shorts[0].replace('-', " ").to_lowercase()).unwrap();
    assert_eq!(typed.verdict, Verdict::Matches, "{}", typed.sentence);
    assert!(typed.sentence.starts_with(&format!("Bằng khen tặng {}, ", names[0])), "{}", typed.sentence);

    // The last certificate given the first awardee's name, its code kept: an edited copy.
    let edited = dir.path().join("bang-khen-sua.pdf");
    copy_text(&certificates, &edited, (0, names[0].as_str()), (names.len() - 1, last.as_str()));
    let v = verify(&city, &edited);
    assert_eq!(v.verdict, Verdict::EditedCopy, "{}", v.sentence);
    assert!(v.differences[0].printed.contains(&names[0]) && v.differences[0].held.contains(last.as_str()), "{:?}", v.differences);

    // A ward named in the decision recognises its own awardee's certificate, and says another
    // ward's is not in its part of the list.
    let ward_names: Vec<String> =
        ward.award_decisions(2022).unwrap().decisions.into_iter().flat_map(|d| d.awardees.into_iter().map(|a| a.name)).collect();
    for (i, name) in names.iter().enumerate() {
        let v = verify(&ward, &dir.path().join(format!("bang-khen-{}.png", i + 1)));
        if ward_names.contains(name) {
            assert_eq!(v.verdict, Verdict::Matches, "{}", v.sentence);
            assert!(v.sentence.ends_with("đã nhận."), "{}", v.sentence);
        } else {
            assert_eq!(v.verdict, Verdict::NotHeld, "{}", v.sentence);
            assert!(v.sentence.contains("không thuộc phần danh sách"), "{}", v.sentence);
        }
    }
}
