//! The guide built from screenshots and read back as a clerk's PDF reader and printer see it:
//! poppler's text (the contents give each section's page, and the section's title is on it),
//! its images (one per screenshot, at the size taken) and its pages (A4, fonts embedded).

use std::path::Path;
use std::process::Command;

use thidua_guide::{Edition, SECTIONS, build_guide, contents, read_outline, screens};
use thidua_model::IsoDate;

/// A screenshot stand-in: a PNG of one colour and a gradient, RGBA as WebDriver writes them.
fn write_png(path: &Path, width: u32, height: u32, shade: u8) {
    let file = std::fs::File::create(path).unwrap();
    let mut encoder = png::Encoder::new(std::io::BufWriter::new(file), width, height);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().unwrap();
    let pixels: Vec<u8> = (0..width * height).flat_map(|i| [shade, (i % 251) as u8, 200, 255]).collect();
    writer.write_image_data(&pixels).unwrap();
}

fn pdftotext(pdf: &Path, page: Option<usize>) -> String {
    let mut cmd = Command::new("pdftotext");
    if let Some(p) = page {
        cmd.args(["-f", &p.to_string(), "-l", &p.to_string()]);
    }
    let out = cmd.arg(pdf).arg("-").output().expect("pdftotext (poppler-utils)");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_guide_lists_each_section_at_the_page_it_begins_and_shows_every_screenshot() {
    let dir = tempfile::tempdir().unwrap();
    let shots: Vec<&str> = screens().collect();
    for (i, name) in shots.iter().enumerate() {
        // Half a window capture (1280 × 900 under Xvfb), to keep the test quick; one taller,
        // as a long screen scrolled.
        let height = if i == 3 { 800 } else { 450 };
        write_png(&dir.path().join(format!("{name}.png")), 640, height, (i * 5) as u8);
    }
    let date = IsoDate::parse("2026-12-05").unwrap();
    let guide = build_guide(dir.path(), &Edition { version: "0.1.0", date }).unwrap();
    let (pdf, pages) = (&guide.pdf, &guide.sections);
    let file = dir.path().join("huong-dan.pdf");
    std::fs::write(&file, pdf).unwrap();

    // Title page, then the contents with a dotted leader to each section's page.
    let first = pdftotext(&file, Some(1));
    assert!(first.contains("HƯỚNG DẪN SỬ DỤNG"), "{first}");
    assert!(first.contains("Ngày 05 tháng 12 năm 2026"), "{first}");
    assert!(first.contains("Phiên bản chương trình 0.1.0"), "{first}");
    let toc = pdftotext(&file, Some(2));
    assert!(toc.contains("MỤC LỤC"));
    assert_eq!(pages.len(), SECTIONS.len());
    for (place, page) in contents().iter().zip(pages) {
        let heading = format!("{}. {}", place.number, place.title);
        assert!(toc.contains(&heading), "contents lack {heading}");
        let line = toc.lines().find(|l| l.starts_with(&heading)).unwrap();
        assert!(line.trim_end().ends_with(&format!(" {}", page.page)), "{line} should end with page {}", page.page);
        let text = pdftotext(&file, Some(page.page));
        assert!(text.contains(&heading), "page {} lacks {heading}", page.page);
    }

    // One image per screenshot, each at the size taken (not downsampled away).
    let list = Command::new("pdfimages").arg("-list").arg(&file).output().unwrap();
    let list = String::from_utf8(list.stdout).unwrap();
    let images: Vec<&str> = list.lines().skip(2).collect();
    assert_eq!(images.len(), shots.len(), "{list}");
    assert!(images.iter().all(|l| l.split_whitespace().nth(3) == Some("640")), "{list}");

    // A4 throughout, the fonts embedded, the captions numbered by section.
    let info = Command::new("pdfinfo").arg(&file).output().unwrap();
    let info = String::from_utf8(info.stdout).unwrap();
    assert!(info.contains("595.276 x 841.89 pts (A4)"), "{info}");
    let pages = info.lines().find_map(|l| l.strip_prefix("Pages:")).map(|n| n.trim().parse::<usize>().unwrap());
    assert_eq!(pages, Some(guide.pages), "{info}");
    let fonts = Command::new("pdffonts").arg(&file).output().unwrap();
    let fonts = String::from_utf8(fonts.stdout).unwrap();
    assert!(fonts.lines().skip(2).all(|l| l.contains(" yes ")), "{fonts}");
    assert!(pdftotext(&file, None).contains("Hình 1.1. Thiếu họ tên người ký"));

    // The bookmarks read back give the same pages: what the app tells a clerk who opens the
    // installed guide at a section.
    let outline = read_outline(pdf).unwrap();
    assert_eq!((outline.pages, &outline.sections), (guide.pages, &guide.sections));
    assert!(read_outline(b"%PDF-1.7 not a guide").is_err());
}
