//! The seed plan printed as a Decree 30 document, read back with poppler (pdftotext, pdffonts)
//! and checked for what a reader of the paper would notice: positions within 0.5 mm.

use std::path::PathBuf;
use std::process::Command;

use thidua_document::{plan_document, render};
use thidua_model::{DocumentHeader, Installation, RecordId, Unit};

const MM: f64 = 72.0 / 25.4;

fn installation() -> Installation {
    let unit = |code: &str, name: &str, level: &str| Unit {
        id: RecordId::generate(),
        code: code.into(),
        name: name.into(),
        level: level.into(),
        kind: String::new(),
        parent_id: None,
        parent_name: None,
        retired: false,
    };
    Installation {
        unit: unit("380", "Thành phố Thanh Hóa", "huyen"),
        parent: Some(unit("38", "Tỉnh Thanh Hóa", "tinh")),
        header: DocumentHeader {
            parent_body: vec!["ỦY BAN MTTQ VIỆT NAM".into(), "THÀNH PHỐ THANH HÓA".into()],
            issuing_body: "BAN THƯỜNG TRỰC".into(),
            symbol: "MTTQ-BTT".into(),
            place: "Thanh Hóa".into(),
            signer_authority: "TM. BAN THƯỜNG TRỰC".into(),
            signer_title: "PHÓ CHỦ TỊCH".into(),
            signer_name: "Trịnh Quang Huy".into(),
        },
        clerk_name: "Lan".into(),
    }
}

fn seed() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/seed/ke-hoach-doan-ket-sang-tao-2022.txt")).unwrap()
}

fn rendered() -> PathBuf {
    let plan = thidua_plan::parse_plan_text(&seed()).unwrap();
    let pdf = render(&plan_document(&plan, 2022, "KH", None, &installation())).unwrap();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/documents");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("ke-hoach-{:?}.pdf", std::thread::current().id()).replace(['(', ')'], ""));
    std::fs::write(&path, pdf).unwrap();
    path
}

/// Every word pdftotext finds: (page, text, x_min, y_min, x_max, y_max) in points, y from the top.
fn words(pdf: &PathBuf) -> Vec<(usize, String, f64, f64, f64, f64)> {
    let out = Command::new("pdftotext").arg("-bbox-layout").arg(pdf).arg("-").output().expect("pdftotext (poppler-utils)");
    let html = String::from_utf8(out.stdout).unwrap();
    let mut page = 0;
    let mut found = Vec::new();
    for line in html.lines() {
        let line = line.trim();
        if line.starts_with("<page ") {
            page += 1;
        }
        if let Some(rest) = line.strip_prefix("<word ") {
            let attr = |name: &str| -> f64 {
                let start = rest.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
                rest[start..].split('"').next().unwrap().parse().unwrap()
            };
            let text = rest.split('>').nth(1).unwrap().split('<').next().unwrap().replace("&amp;", "&");
            found.push((page, text, attr("xMin"), attr("yMin"), attr("xMax"), attr("yMax")));
        }
    }
    found
}

#[test]
fn every_word_of_the_seed_is_printed_in_order() {
    let pdf = rendered();
    let printed: Vec<String> = words(&pdf).into_iter().map(|w| w.1).filter(|w| w.parse::<usize>().is_err() || w.len() > 2).collect();
    let text = Command::new("pdftotext").arg(&pdf).arg("-").output().unwrap().stdout;
    let text = String::from_utf8(text).unwrap();
    for word in thidua_text::nfc(&seed()).split_whitespace() {
        assert!(text.contains(word), "{word} is missing from the PDF");
    }
    assert!(printed.len() > 1000);
}

#[test]
fn the_layout_follows_decree_30() {
    let pdf = rendered();
    let w = words(&pdf);
    let find = |page: usize, text: &str| w.iter().find(|x| x.0 == page && x.1 == text).unwrap_or_else(|| panic!("{text} on page {page}"));
    let text_left = 30.0 * MM;
    let text_right = (210.0 - 15.0) * MM;
    let centre = (text_left + text_right) / 2.0;
    let near = |a: f64, b: f64, what: &str| assert!((a - b).abs() <= 0.5 * MM, "{what}: {a:.1} vs {b:.1} pt");

    // Header: the motto in the right column, the type centred on the text width.
    let doc_type_mid = {
        let k = find(1, "KẾ");
        let h = find(1, "HOẠCH");
        (k.2 + h.4) / 2.0
    };
    near(doc_type_mid, centre, "KẾ HOẠCH is centred");
    assert!(find(1, "CỘNG").2 > text_left + 0.4 * (text_right - text_left), "the motto is in the right column");
    assert!(find(1, "BAN").2 < centre, "the issuing body is in the left column");
    // The place and date are on the number's line.
    near(find(1, "Số:").5, find(1, "ngày").5, "Số and the date share a baseline");

    // The body: first lines indented 1.27 cm, other lines flush left, justified lines end at the margin.
    let opening = find(1, "Thực");
    near(opening.2, text_left + 12.7 * MM, "first-line indent");
    let body_words: Vec<_> = w.iter().filter(|x| x.0 == 1 && x.3 > opening.3).collect();
    let min_x = body_words.iter().map(|x| x.2).fold(f64::MAX, f64::min);
    near(min_x, text_left, "left margin 30 mm");
    let max_x = body_words.iter().map(|x| x.4).fold(0.0, f64::max);
    near(max_x, text_right, "right margin 15 mm");

    // Page numbers: none on page 1, "2" centred in the top margin of page 2.
    let pages = w.iter().map(|x| x.0).max().unwrap();
    assert!(pages >= 3, "{pages} pages");
    let two = w.iter().filter(|x| x.0 == 2 && x.1 == "2").min_by(|a, b| a.3.total_cmp(&b.3)).unwrap();
    assert!(two.3 < 20.0 * MM, "the page number sits in the top margin");
    near((two.2 + two.4) / 2.0, centre, "page number centred");
    assert!(!w.iter().any(|x| x.0 == 1 && x.1 == "1" && x.3 < 20.0 * MM), "no number on page 1");

    // The closing band: Nơi nhận on the left, the signer's name on the right, and never alone on
    // its page: the last paragraph ("Trên đây là kế hoạch…") is there with it.
    let last = pages;
    assert!(w.iter().any(|x| x.0 == last && x.1 == "Trên"), "the signature page has the closing paragraph");
    let recipients = find(last, "nhận:");
    assert!(recipients.2 < centre);
    let name = find(last, "Huy");
    assert!(name.2 > centre);
    assert!(name.3 - find(last, "PHÓ").3 > 25.0 * MM, "space for the signature and seal");
}

#[test]
fn the_metadata_names_the_document_and_its_date() {
    let pdf = rendered();
    let info = String::from_utf8(Command::new("pdfinfo").arg("-isodates").arg(&pdf).output().unwrap().stdout).unwrap();
    assert!(info.contains("Title:           KẾ HOẠCH Triển khai thực hiện Phong trào thi đua"), "{info}");
    assert!(info.contains("Author:          Ban Thường trực Ủy ban MTTQ "), "the issuing body by its name: {info}");
    assert!(info.contains("Subject:         Triển khai thực hiện"), "{info}");
    // Midnight of the document's day in Vietnam, with Vietnam's offset.
    assert!(info.contains("CreationDate:    2022-01-01T00:00:00+07"), "{info}");
    assert!(info.contains("PDF version:     1.4"), "{info}");
    assert!(!info.contains("PDF/X"), "no claim of PDF/X: {info}");
    assert!(info.contains("Page size:       595.276 x 841.89 pts (A4)"), "{info}");
}

#[test]
fn the_fonts_are_embedded_as_subsets_of_liberation_serif() {
    let pdf = rendered();
    let out = String::from_utf8(Command::new("pdffonts").arg(&pdf).output().unwrap().stdout).unwrap();
    let rows: Vec<&str> = out.lines().skip(2).collect();
    assert!(rows.len() >= 3, "{out}");
    for row in rows {
        assert!(row.contains("TrueType"), "{row}");
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(cols[cols.len() - 5], "yes", "embedded: {row}");
        assert_eq!(cols[cols.len() - 4], "yes", "subset: {row}");
        assert!(cols[0].contains("+LiberationSerif"), "{row}");
    }
    // Only the glyphs used: the four faces whole would be 864 KB.
    assert!(std::fs::metadata(&pdf).unwrap().len() < 200_000);
}

#[test]
fn the_same_plan_gives_the_same_bytes_twice_in_one_process() {
    let plan = thidua_plan::parse_plan_text(&seed()).unwrap();
    let doc = plan_document(&plan, 2022, "KH", None, &installation());
    let (a, b) = (render(&doc).unwrap(), render(&doc).unwrap());
    assert!(a == b, "two renders in one process differ ({} and {} bytes)", a.len(), b.len());
}

#[test]
fn a_word_longer_than_a_line_and_a_paragraph_longer_than_a_page_stay_inside_the_margins() {
    let mut plan = thidua_plan::parse_plan_text(&seed()).unwrap();
    plan.opening.push(format!("Xem tại https://{}.gov.vn", "mattran".repeat(40)));
    plan.opening.push("Đoàn kết sáng tạo ".repeat(600));
    let pdf = render(&plan_document(&plan, 2022, "KH", None, &installation())).unwrap();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/documents");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("ke-hoach-tu-dai.pdf");
    std::fs::write(&path, pdf).unwrap();
    for (page, text, x0, y0, x1, y1) in words(&path) {
        let page_number = text.chars().all(|c| c.is_ascii_digit()) && y1 < 20.0 * MM;
        assert!(
            x0 >= 30.0 * MM - 0.5 * MM && x1 <= (210.0 - 15.0) * MM + 0.5 * MM,
            "«{text}» on page {page}: {:.1}–{:.1} mm",
            x0 / MM,
            x1 / MM
        );
        assert!(
            page_number || (y0 >= 20.0 * MM - 0.5 * MM && y1 <= (297.0 - 20.0) * MM + 0.5 * MM),
            "«{text}» on page {page} outside the top or bottom margin"
        );
    }
}

#[test]
fn the_preview_draws_every_page_with_the_words_where_the_pdf_puts_them() {
    let plan = thidua_plan::parse_plan_text(&seed()).unwrap();
    let doc = plan_document(&plan, 2022, "KH", None, &installation());
    let svgs = thidua_document::render_svg(&doc).unwrap();
    let pdf = rendered();
    let words = words(&pdf);
    assert_eq!(svgs.len(), words.iter().map(|w| w.0).max().unwrap());
    // The summary's first word: same x in both, within 0.5 mm.
    let (_, _, x_pdf, ..) = words.iter().find(|w| w.1 == "Triển").unwrap().clone();
    let at = svgs[0].find(">Triển").unwrap();
    let tag = &svgs[0][svgs[0][..at].rfind("<text").unwrap()..at];
    let x_svg: f64 = tag.split("x=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
    assert!((x_svg - x_pdf).abs() < 0.5 * MM, "svg {x_svg} vs pdf {x_pdf}");
    assert!(svgs[0].contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") && svgs[0].contains("<line"));
}

/// Every word of the seed plan's PDF with its page and position (mm, to 0.5 mm), compared with
/// the committed snapshot: a layout change shows up as a diff to look at (with the PNG renders
/// written beside the PDF), and is accepted with `UPDATE_SNAPSHOTS=1`.
#[test]
fn the_seed_plan_layout_matches_its_snapshot() {
    let pdf = rendered();
    let snapshot: String = words(&pdf)
        .iter()
        .map(|(page, text, x0, y0, ..)| {
            format!("{page} {:.1} {:.1} {text}\n", (x0 / MM * 2.0).round() / 2.0, (y0 / MM * 2.0).round() / 2.0)
        })
        .collect();
    let _ = Command::new("pdftoppm").args(["-r", "60", "-png"]).arg(&pdf).arg(pdf.with_extension("")).status();
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/seed-plan.words.txt");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &snapshot).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != snapshot {
        let first = committed.lines().zip(snapshot.lines()).find(|(a, b)| a != b);
        panic!(
            "the layout changed (first difference: {first:?}); look at the PNGs beside {} and run with UPDATE_SNAPSHOTS=1 to accept",
            pdf.display()
        );
    }
}

/// A notice (the year's ranking) takes the same Decree 30 geometry: the type centred on the
/// text width, the number and date on one line, the body between the margins, Nơi nhận on the
/// left and the signer on the right with room for the seal, its appendix on landscape pages.
#[test]
fn a_notice_follows_decree_30_too() {
    use thidua_document::{Block, Column, NOTICE, Table, issued_document};
    let para = "Căn cứ bảng tiêu chí chấm điểm thi đua và báo cáo năm của các đơn vị trực thuộc, Ban Thường trực thông báo kết quả chấm điểm, xếp hạng thi đua năm 2022 như sau, để các đơn vị biết và thực hiện.";
    let body = vec![Block::Paragraph(para.into()), Block::Heading("1. Kết quả chung".into()), Block::Paragraph(para.into())];
    let table = Table {
        caption: "Biểu 1. Kết quả".into(),
        columns: vec![Column { header: "Hạng".into(), numeric: true }, Column { header: "Đơn vị".into(), numeric: false }],
        rows: vec![vec!["1".into(), "Phường Hàm Rồng".into()]],
        total: None,
    };
    let date = thidua_model::IsoDate::parse("2022-12-31").unwrap();
    let recipients = vec!["- Các đơn vị trực thuộc;".to_owned(), "- Lưu: VT.".to_owned()];
    let doc = issued_document(
        NOTICE,
        None,
        "Kết quả chấm điểm, xếp hạng thi đua năm 2022",
        body,
        vec![("Kết quả".into(), vec![table])],
        date,
        &recipients,
        &installation(),
    );
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/documents");
    std::fs::create_dir_all(&dir).unwrap();
    let pdf = dir.join("thong-bao.pdf");
    std::fs::write(&pdf, render(&doc).unwrap()).unwrap();
    let w = words(&pdf);
    let find = |page: usize, text: &str| w.iter().find(|x| x.0 == page && x.1 == text).unwrap_or_else(|| panic!("{text} on page {page}"));
    let (text_left, text_right) = (30.0 * MM, (210.0 - 15.0) * MM);
    let centre = (text_left + text_right) / 2.0;
    let near = |a: f64, b: f64, what: &str| assert!((a - b).abs() <= 0.5 * MM, "{what}: {a:.1} vs {b:.1} pt");
    near((find(1, "THÔNG").2 + find(1, "BÁO").4) / 2.0, centre, "THÔNG BÁO is centred");
    near(find(1, "Số:").5, find(1, "ngày").5, "Số and the date share a baseline");
    near(find(1, "Căn").2, text_left + 12.7 * MM, "first-line indent");
    let body: Vec<_> = w.iter().filter(|x| x.0 == 1 && x.3 > find(1, "Căn").3 && x.3 < find(1, "nhận:").3).collect();
    near(body.iter().map(|x| x.2).fold(f64::MAX, f64::min), text_left, "left margin 30 mm");
    near(body.iter().map(|x| x.4).fold(0.0, f64::max), text_right, "right margin 15 mm");
    assert!(find(1, "nhận:").2 < centre && find(1, "Huy").2 > centre);
    assert!(find(1, "Huy").3 - find(1, "PHÓ").3 > 25.0 * MM, "space for the signature and seal");
    assert!(w.iter().any(|x| x.0 == 2 && x.1 == "(Kèm"), "the appendix on a page of its own");
}
