//! The document linter, shared by the tests that print documents: reads a PDF back with
//! poppler (`pdftotext -bbox-layout`) and returns what a signer would send back.

// Each test crate that includes this module uses a part of it.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

use thidua_api::Unit;

/// One line of a page as poppler reads it, in points from the page's top left.
#[derive(Debug)]
pub struct Line {
    page: usize,
    page_width: f32,
    x_min: f32,
    x_max: f32,
    y_min: f32,
    words: Vec<String>,
}

impl Line {
    fn text(&self) -> String {
        self.words.join(" ")
    }
}

fn attribute(tag: &str, name: &str) -> f32 {
    let key = format!("{name}=\"");
    let start = tag.find(&key).map(|i| i + key.len()).unwrap_or_else(|| panic!("no {name} in {tag}"));
    tag[start..].split('"').next().unwrap().parse().unwrap()
}

fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

/// The lines of every page, from `pdftotext -bbox-layout`.
fn lines(pdf: &Path) -> Vec<Line> {
    let out = Command::new("pdftotext").arg("-bbox-layout").arg(pdf).arg("-").output().expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success());
    let html = String::from_utf8(out.stdout).unwrap();
    let mut result = Vec::new();
    for (page, chunk) in html.split("<page ").skip(1).enumerate() {
        let width = attribute(chunk.split('>').next().unwrap(), "width");
        for line in chunk.split("<line ").skip(1) {
            let tag = line.split('>').next().unwrap();
            let words =
                line.split("<word ").skip(1).map(|w| unescape(w.split_once('>').unwrap().1.split("</word>").next().unwrap())).collect();
            result.push(Line {
                page: page + 1,
                page_width: width,
                x_min: attribute(tag, "xMin"),
                x_max: attribute(tag, "xMax"),
                y_min: attribute(tag, "yMin"),
                words,
            });
        }
    }
    result
}

/// Whom a document is from and about: the issuer, and the other units it may name.
pub struct Expect<'a> {
    pub issuer: &'a Unit,
    pub others: Vec<&'a Unit>,
    /// "ngày 05 tháng 7 năm 2022", or None for a document not yet dated.
    pub day: Option<&'a str>,
}

/// Every rule, over one PDF; returns what a signer would send back.
pub fn lint(pdf: &Path, expect: &Expect<'_>) -> Vec<String> {
    let mut faults = Vec::new();
    let bytes = std::fs::read(pdf).unwrap();
    let version = String::from_utf8_lossy(&bytes[..8]).to_string();
    if version.as_str() < "%PDF-1.4" {
        faults.push(format!("PDF version {version}, below 1.4"));
    }
    // The metadata: a title, and the issuer as author.
    let info = String::from_utf8(Command::new("pdfinfo").arg(pdf).output().expect("pdfinfo").stdout).unwrap();
    let field = |name: &str| info.lines().find_map(|l| l.strip_prefix(name)).map(str::trim).unwrap_or("").to_owned();
    if field("Title:").is_empty() {
        faults.push("no title in the PDF's metadata".into());
    }
    if field("Author:") != expect.issuer.standing_committee() {
        faults.push(format!("the PDF's author is «{}», not the issuer", field("Author:")));
    }
    let lines = lines(pdf);
    let all: String = lines.iter().map(Line::text).collect::<Vec<_>>().join(" ");
    // The body: what comes before "Nơi nhận" (recipients, signature and appendix tables follow).
    let body = all.split("Nơi nhận:").next().unwrap_or("").to_owned();

    for pair in ["..", ",,", ";;", ".,", ",.", ";.", ".;", ":.", ",;", " ,", " .", " ;", " :"] {
        for (i, _) in all.match_indices(pair) {
            let around = &all[i.saturating_sub(1)..(i + pair.len() + 1).min(all.len())];
            if around.contains("./.") || around.contains("…") {
                continue;
            }
            faults.push(format!("doubled punctuation «{pair}» in «{}»", context(&all, i)));
        }
    }

    let mut units: Vec<&Unit> = vec![expect.issuer];
    units.extend(&expect.others);
    for unit in &units {
        let (kind, proper) = unit.kind_and_proper_name();
        let lower_all = all.to_lowercase();
        let lower_proper = proper.to_lowercase();
        for (i, _) in lower_all.match_indices(&lower_proper) {
            let Some(found) = all.get(i..i + proper.len()) else { continue };
            if found != proper && found != proper.to_uppercase() {
                faults.push(format!("proper name in lower case: «{}»", context(&all, i)));
            }
            if unit.level == "tinh" && (found == proper || found == proper.to_uppercase()) {
                let before = &all[..i];
                let place_line = all[i + proper.len()..].starts_with(", ngày");
                // The level word, or the province's Party committee ("Tỉnh ủy Thanh Hóa").
                let named = ["tỉnh ", "Tỉnh ", "TỈNH ", "Tỉnh ủy ", "Thành ủy "].iter().any(|w| before.ends_with(w));
                if !place_line && !named {
                    faults.push(format!("province without its level word ({kind}): «{}»", context(&all, i)));
                }
            }
        }
    }

    let sentences: Vec<&str> = body.split(". ").map(str::trim).filter(|s| s.chars().count() >= 60).collect();
    // A sentence may carry the lines before it (a heading, the title) in the text poppler
    // gives, so one that ends another counts as the same passage.
    for (i, s) in sentences.iter().enumerate() {
        if sentences[..i].iter().any(|earlier| earlier.ends_with(s) || s.ends_with(earlier)) {
            faults.push(format!("passage printed twice: «{s}»"));
        }
    }

    for (i, _) in body.match_indices(" 0 ") {
        let before = body[..i].chars().last();
        let after = body[i + 3..].chars().next();
        if !before.is_some_and(|c| c.is_ascii_digit() || c == '.') && after.is_some_and(char::is_alphabetic) {
            faults.push(format!("a zero told as an achievement: «{}»", context(&body, i)));
        }
    }

    // Title lines: centred over the text (Decree 30's margins: 30 mm left, 15 mm right), below
    // the header block, one word each.
    let mm = 72.0 / 25.4;
    for l in &lines {
        let centre = (l.x_min + l.x_max) / 2.0;
        let text_centre = (30.0 * mm + l.page_width - 15.0 * mm) / 2.0;
        let centred = (centre - text_centre).abs() < 3.0 && l.x_max - l.x_min < l.page_width * 0.5;
        if centred && l.words.len() == 1 && l.y_min > 60.0 && l.page == 1 {
            faults.push(format!("a title line of one word: «{}»", l.text()));
        }
    }
    // A page of the body starting with a paragraph's last word alone.
    let body_pages = lines.iter().filter(|l| l.text().contains("Nơi nhận")).map(|l| l.page).next().unwrap_or(0);
    for page in 2..=body_pages {
        let first = lines.iter().filter(|l| l.page == page && l.y_min > 60.0).min_by(|a, b| a.y_min.total_cmp(&b.y_min));
        if let Some(l) = first.filter(|l| l.words.len() == 1 && (l.x_min - 85.0).abs() < 3.0) {
            faults.push(format!("page {page} starts with a lone word: «{}»", l.text()));
        }
    }

    // The header block: the left column above the title names the issuer and no other body.
    let header: Vec<String> =
        lines.iter().filter(|l| l.page == 1 && l.y_min < 130.0 && l.x_max < l.page_width / 2.0).map(Line::text).collect();
    let issuer_line = expect.issuer.name_in_header();
    if !header.contains(&issuer_line) {
        faults.push(format!("the header does not name the issuer «{issuer_line}»: {header:?}"));
    }
    for other in &expect.others {
        if header.iter().any(|l| *l == other.name_in_header()) {
            faults.push(format!("the header names «{}», not the issuer", other.name_in_header()));
        }
    }

    // The date line: Vietnam's day.
    let dated: Vec<&Line> = lines.iter().filter(|l| l.page == 1 && l.y_min < 130.0 && l.text().contains("tháng")).collect();
    match (expect.day, dated.first()) {
        (Some(day), Some(l)) if !l.text().ends_with(day) => faults.push(format!("dated «{}», not «{day}»", l.text())),
        (Some(day), None) => faults.push(format!("no date line (expected «{day}»)")),
        _ => {}
    }
    faults
}

fn context(text: &str, at: usize) -> String {
    let start = text.floor_char_boundary(at.saturating_sub(50));
    let end = text.ceil_char_boundary((at + 50).min(text.len()));
    text[start..end].to_owned()
}

/// The text of a PDF, its lines joined by spaces.
pub fn plain_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext").arg(pdf).arg("-").output().unwrap();
    String::from_utf8(out.stdout).unwrap().split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn assert_clean(name: &str, pdf: &Path, expect: &Expect<'_>) {
    let faults = lint(pdf, expect);
    assert!(faults.is_empty(), "{name} ({}):\n- {}", pdf.display(), faults.join("\n- "));
}

/// What a printer's operator would send back on a PDF of certificates: a page not landscape,
/// a line outside the frame or off the page's centre line (the band at the bottom apart), or
/// a page that does not name its awardee, in order.
pub fn certificate_faults(pdf: &Path, awardees: &[&str]) -> Vec<String> {
    let mm = 72.0 / 25.4;
    let mut faults = Vec::new();
    let lines = lines(pdf);
    let pages = lines.iter().map(|l| l.page).max().unwrap_or(0);
    if pages != awardees.len() {
        faults.push(format!("{pages} pages for {} awardees", awardees.len()));
    }
    for l in &lines {
        if l.page_width < 800.0 {
            faults.push(format!("page {} is not A4 landscape ({} pt wide)", l.page, l.page_width));
        }
        if l.x_min < 16.0 * mm || l.x_max > l.page_width - 16.0 * mm {
            faults.push(format!("page {}: «{}» runs outside the frame", l.page, l.text()));
        }
        let centre = (l.x_min + l.x_max) / 2.0;
        // The band at the bottom (decision left, signer right) is centred in its own columns.
        if l.y_min < 595.0 - 72.0 * mm && (centre - l.page_width / 2.0).abs() > 2.0 {
            faults.push(format!("page {}: «{}» is not centred", l.page, l.text()));
        }
    }
    for (i, name) in awardees.iter().enumerate() {
        let text: String = lines.iter().filter(|l| l.page == i + 1).map(Line::text).collect::<Vec<_>>().join(" ");
        if !text.contains(name) {
            faults.push(format!("page {} does not name «{name}»: {text}", i + 1));
        }
        // Its verification code's caption, in the bottom left corner, under the decision's lines.
        let caption = lines.iter().find(|l| l.page == i + 1 && l.text().starts_with("Mã kiểm tra"));
        let decision = lines.iter().filter(|l| l.page == i + 1 && l.text().contains("Quyết định số")).map(|l| l.y_min).fold(0.0, f32::max);
        match caption {
            None => faults.push(format!("page {} has no verification code", i + 1)),
            Some(c) if c.x_min > c.page_width / 4.0 || c.y_min < decision + 30.0 * mm => {
                faults.push(format!("page {}: the code's caption is not in the bottom left corner, under the decision", i + 1))
            }
            Some(_) => {}
        }
    }
    faults
}
