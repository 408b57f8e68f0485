//! Appendix tables read back from the PDF: landscape pages, the header row on every page,
//! numbers right-aligned to one edge, a total that is the sum, and nothing outside the margins
//! even for a table far wider than the page or a word longer than its column.

use std::path::PathBuf;
use std::process::Command;

use thidua_document::{Appendix, Block, Column, OfficialDocument, Table, render};

const MM: f64 = 72.0 / 25.4;

fn document(tables: Vec<Table>) -> OfficialDocument {
    OfficialDocument {
        parent_body: vec!["ỦY BAN MTTQ VIỆT NAM".into(), "TỈNH THANH HÓA".into()],
        issuing_body: "BAN THƯỜNG TRỰC".into(),
        number: "Số:      /BC-MTTQ-BTT".into(),
        place_date: "Thanh Hóa, ngày 05 tháng 7 năm 2022".into(),
        doc_type: "BÁO CÁO".into(),
        summary: "Tổng hợp kết quả phong trào thi đua “Đoàn kết sáng tạo” 6 tháng đầu năm 2022".into(),
        body: vec![Block::Paragraph("Ban Thường trực tổng hợp báo cáo của các phường, xã như phụ lục kèm theo.".into())],
        recipients: vec!["- Lưu: VT.".into()],
        signer_authority: "TM. BAN THƯỜNG TRỰC".into(),
        signer_title: "CHỦ TỊCH".into(),
        signer_name: "Trần Văn Bình".into(),
        appendices: vec![Appendix {
            label: "Phụ lục".into(),
            title: "KẾT QUẢ THEO TỪNG ĐƠN VỊ".into(),
            reference: "(Kèm theo Báo cáo số      /BC-MTTQ-BTT ngày 05 tháng 7 năm 2022)".into(),
            tables,
        }],
        title: "Báo cáo tổng hợp".into(),
        author: "BAN THƯỜNG TRỰC".into(),
        date: thidua_model::IsoDate::new(2022, 7, 5).unwrap(),
        verification: None,
    }
}

fn write(name: &str, doc: &OfficialDocument) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/documents");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, render(doc).unwrap()).unwrap();
    path
}

/// A word pdftotext found: (page, text, x_min, y_min, x_max, y_max) in points, y from the top.
type Word = (usize, String, f64, f64, f64, f64);

/// Every word, and each page's (width, height).
fn words(pdf: &PathBuf) -> (Vec<Word>, Vec<(f64, f64)>) {
    let out = Command::new("pdftotext").arg("-bbox-layout").arg(pdf).arg("-").output().expect("pdftotext (poppler-utils)");
    let html = String::from_utf8(out.stdout).unwrap();
    let (mut page, mut found, mut sizes) = (0, Vec::new(), Vec::new());
    let attr = |rest: &str, name: &str| -> f64 {
        let start = rest.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        rest[start..].split('"').next().unwrap().parse().unwrap()
    };
    for line in html.lines().map(str::trim) {
        if let Some(rest) = line.strip_prefix("<page ") {
            page += 1;
            sizes.push((attr(rest, "width"), attr(rest, "height")));
        }
        if let Some(rest) = line.strip_prefix("<word ") {
            let text = rest.split('>').nth(1).unwrap().split('<').next().unwrap().replace("&amp;", "&");
            found.push((page, text, attr(rest, "xMin"), attr(rest, "yMin"), attr(rest, "xMax"), attr(rest, "yMax")));
        }
    }
    (found, sizes)
}

fn format(n: i64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

fn units_table(rows: usize) -> Table {
    let values: Vec<i64> = (0..rows as i64).map(|i| (i * 7_919) % 100_000 + 12).collect();
    Table {
        caption: "Biểu 2. Kết quả theo đơn vị".into(),
        columns: vec![
            Column { header: "STT".into(), numeric: false },
            Column { header: "Đơn vị".into(), numeric: false },
            Column { header: "Số buổi tuyên truyền".into(), numeric: true },
            Column { header: "Giá trị nguồn lực vận động (đồng)".into(), numeric: true },
        ],
        rows: values
            .iter()
            .enumerate()
            .map(|(i, v)| vec![(i + 1).to_string(), format!("Phường số {}", i + 1), format(*v), format(v * 1_000)])
            .collect(),
        total: Some(vec![String::new(), "Tổng cộng".into(), format(values.iter().sum()), format(values.iter().sum::<i64>() * 1_000)]),
    }
}

#[test]
fn a_long_table_repeats_its_header_on_every_landscape_page_with_numbers_right_aligned_and_a_true_total() {
    let pdf = write("phu-luc-dai.pdf", &document(vec![units_table(80)]));
    let (words, sizes) = words(&pdf);
    let appendix_pages: Vec<usize> = (1..=sizes.len()).filter(|p| sizes[p - 1].0 > sizes[p - 1].1).collect();
    assert!(appendix_pages.len() >= 3, "80 rows should take several landscape pages: {sizes:?}");
    assert!((sizes[appendix_pages[0] - 1].0 - 297.0 * MM).abs() < 1.0);
    for &p in &appendix_pages {
        let on = |t: &str| words.iter().any(|w| w.0 == p && w.1 == t);
        assert!(on("STT") && on("tuyên") && on("(đồng)"), "page {p} lacks the header row");
    }
    // Page numbers: none on the appendix's first page, "2" centred in the top margin of its second.
    let second = appendix_pages[1];
    let two = words.iter().find(|w| w.0 == second && w.1 == "2" && w.3 < 20.0 * MM).expect("page number 2");
    let centre = (two.2 + two.4) / 2.0;
    assert!((centre - (30.0 * MM + (297.0 - 45.0) * MM / 2.0)).abs() < 0.5 * MM, "{centre}");
    // Numbers of one column end at one x: right-aligned.
    let counts: Vec<String> = (0..80i64).map(|i| format((i * 7_919) % 100_000 + 12)).collect();
    let amounts: Vec<String> = (0..80i64).map(|i| format(((i * 7_919) % 100_000 + 12) * 1_000)).filter(|a| !counts.contains(a)).collect();
    let amount_right: Vec<f64> = words.iter().filter(|w| appendix_pages.contains(&w.0) && amounts.contains(&w.1)).map(|w| w.4).collect();
    assert!(amount_right.len() >= 80);
    let (lo, hi) = amount_right.iter().fold((f64::MAX, f64::MIN), |(a, b), x| (a.min(*x), b.max(*x)));
    assert!(hi - lo < 0.5 * MM, "right edges spread over {:.2} mm", (hi - lo) / MM);
    // The total row states the sum of the column.
    let text = String::from_utf8(Command::new("pdftotext").arg("-layout").arg(&pdf).arg("-").output().unwrap().stdout).unwrap();
    let sum: i64 = (0..80i64).map(|i| (i * 7_919) % 100_000 + 12).sum();
    let total_line = text.lines().find(|l| l.contains("Tổng cộng")).unwrap();
    assert!(total_line.contains(&format(sum)), "{total_line}");
}

#[test]
fn a_table_wider_than_the_page_and_a_word_longer_than_its_column_stay_inside_the_margins() {
    let mut columns = vec![Column { header: "Đơn vị".into(), numeric: false }];
    columns.extend((1..=24).map(|i| Column { header: format!("Chỉ tiêu {i}"), numeric: true }));
    let rows: Vec<Vec<String>> = (0..12)
        .map(|r| {
            std::iter::once(if r == 3 { "Phường".to_owned() + &"Đoànkếtsángtạo".repeat(12) } else { format!("Xã số {r}") })
                .chain((1..=24).map(|i| format(123_456_789 * i)))
                .collect()
        })
        .collect();
    let table = Table { caption: "Biểu rộng".into(), columns, rows, total: None };
    let pdf = write("phu-luc-rong.pdf", &document(vec![table]));
    let (words, sizes) = words(&pdf);
    for w in &words {
        let (width, height) = sizes[w.0 - 1];
        let (left, right) = (30.0 * MM, width - 15.0 * MM);
        assert!(
            w.2 >= left - 0.5 * MM && w.4 <= right + 0.5 * MM,
            "«{}» on page {} runs outside the margins: {:.1}–{:.1} mm",
            w.1,
            w.0,
            w.2 / MM,
            w.4 / MM
        );
        let page_number = w.1.chars().all(|c| c.is_ascii_digit()) && w.5 < 20.0 * MM;
        assert!(
            page_number || (w.3 >= 20.0 * MM - 0.5 * MM && w.5 <= height - 20.0 * MM + 0.5 * MM),
            "«{}» outside the top or bottom margin",
            w.1
        );
    }
    let text = String::from_utf8(Command::new("pdftotext").arg(&pdf).arg("-").output().unwrap().stdout).unwrap();
    assert!(text.contains(&format(123_456_789 * 24)), "the widest number is printed whole");
}
