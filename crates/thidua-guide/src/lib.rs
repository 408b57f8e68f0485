//! The user guide ("Hướng dẫn sử dụng").
//!
//! Promises: the guide's text is written once ([`SECTIONS`]), task by task, for the ward clerk
//! and the upper level's clerk; each screen's "?" help ([`screen_help`]) is drawn from it and
//! points to its sections by number and title; [`build_guide`] lays the guide out as a printable
//! A4 PDF with the program's document renderer, from the screenshots the end-to-end tests take
//! of the real window, and refuses (naming the file) when one is missing or unreadable, so a
//! guide is never printed with a screen left out. No I/O but reading the screenshots given.

mod content;

use std::path::Path;

use thidua_document::{Figure, Manual, ManualBlock, ManualSection, render_manual};
pub use thidua_document::{ManualPage, RenderedManual};
use thidua_model::IsoDate;

pub use content::{Part, SCREEN_HELP, SECTIONS, ScreenHelp, Section};

/// The guide's file name, as shipped and as the CLI proposes.
pub const GUIDE_FILE: &str = "huong-dan-su-dung.pdf";

#[derive(Debug, thiserror::Error)]
pub enum GuideError {
    #[error(
        "Thiếu ảnh màn hình «{0}.png» để làm hướng dẫn: hãy chạy các kiểm thử đầu cuối (chúng chụp lại mọi màn hình), rồi làm lại hướng dẫn."
    )]
    MissingScreen(String),
    #[error("Ảnh màn hình «{0}.png» không đọc được ({1}): hãy chạy lại các kiểm thử đầu cuối để chụp lại.")]
    BadScreen(String, String),
    #[error("Không in được hướng dẫn: {0}")]
    Render(String),
    #[error("không đọc được mục lục của tệp PDF: {0}")]
    Unreadable(String),
}

/// A section's place in the guide: "3", its title, and the page the PDF begins it on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionPlace {
    pub id: &'static str,
    pub number: String,
    pub title: &'static str,
}

/// The sections in order with their numbers.
pub fn contents() -> Vec<SectionPlace> {
    SECTIONS.iter().enumerate().map(|(i, s)| SectionPlace { id: s.id, number: (i + 1).to_string(), title: s.title }).collect()
}

/// The pointer a refusal that names a fix ends with: "Xem Hướng dẫn sử dụng, mục 6 «Gửi báo
/// cáo lên cấp trên»." The number is the section's in the guide as it is now; an id the guide
/// does not know gives nothing (a test of every id used keeps that from happening).
pub fn see(id: &str) -> String {
    contents()
        .into_iter()
        .find(|s| s.id == id)
        .map(|s| format!("Xem Hướng dẫn sử dụng, mục {} «{}».", s.number, s.title))
        .unwrap_or_default()
}

/// The sections refusals point to, by what they explain.
pub mod topics {
    /// Enrolling a unit's key by its identity file and the fingerprint read on the phone.
    pub const ENROLMENT: &str = "gui-bao-cao";
    /// A restored copy, a new key and confirming the upper level's key again.
    pub const NEW_LAPTOP: &str = "sao-luu";
    /// A register filled from a spreadsheet: its columns and rows.
    pub const SHEET_IMPORT: &str = "so-theo-doi";
    /// The Excel template of a unit without the program: filling it and importing it back.
    pub const EXCEL_TEMPLATE: &str = "mau-excel";
    /// The year's end: scoring tables, targets, ranking and commendations.
    pub const YEAR_END: &str = "cuoi-nam";
}

/// A screen's help with the sections it points to, numbered as in the guide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Help {
    pub purpose: &'static str,
    pub next: &'static [&'static str],
    pub sections: Vec<SectionPlace>,
}

/// The "?" panel of an area of the window; `None` for an area the guide does not know.
pub fn screen_help(area: &str) -> Option<Help> {
    let help = SCREEN_HELP.iter().find(|h| h.area == area)?;
    let all = contents();
    let sections = help.sections.iter().filter_map(|id| all.iter().find(|s| s.id == *id).cloned()).collect();
    Some(Help { purpose: help.purpose, next: help.next, sections })
}

/// Every screenshot the guide shows, in order.
pub fn screens() -> impl Iterator<Item = &'static str> {
    SECTIONS.iter().flat_map(|s| s.parts).filter_map(|p| match p {
        Part::Screen(file, _) => Some(*file),
        _ => None,
    })
}

/// What the title page says under the title.
pub struct Edition<'a> {
    /// The program's version ("0.1.0").
    pub version: &'a str,
    /// The day the guide is built (Vietnam's).
    pub date: IsoDate,
}

/// The guide as a PDF, with the screenshots read from `screens` (`NAME.png`), and where each
/// section begins.
pub fn build_guide(screens: &Path, edition: &Edition<'_>) -> Result<RenderedManual, GuideError> {
    let mut sections = Vec::new();
    for (place, section) in contents().into_iter().zip(SECTIONS) {
        let mut blocks = Vec::new();
        for part in section.parts {
            blocks.push(match *part {
                Part::Text(t) => ManualBlock::Paragraph(t.into()),
                Part::Heading(t) => ManualBlock::Heading(t.into()),
                Part::Steps(steps) => ManualBlock::Steps(steps.iter().map(|s| (*s).into()).collect()),
                Part::Note(t) => ManualBlock::Note(t.into()),
                Part::Screen(file, caption) => ManualBlock::Figure(read_screen(screens, file, caption)?),
            });
        }
        sections.push(ManualSection { number: place.number, title: section.title.into(), blocks });
    }
    let manual = Manual {
        title: "HƯỚNG DẪN SỬ DỤNG".into(),
        subtitle: "Thi đua: kế hoạch, sổ theo dõi, báo cáo và khen thưởng phong trào thi đua của Mặt trận Tổ quốc Việt Nam".into(),
        lines: vec![
            "Dành cho cán bộ Mặt trận ở xã, phường, khu dân cư và ở cấp trên (tỉnh, thành phố).".into(),
            format!("Phiên bản chương trình {}. Ảnh màn hình chụp từ chính phiên bản này.", edition.version),
        ],
        author: "Thi đua".into(),
        date: edition.date,
        sections,
    };
    render_manual(manual).map_err(|e| GuideError::Render(e.to_string()))
}

/// What a guide's PDF says of itself: its page count and, from its bookmarks, the page each
/// section begins on. Read from the file, not recomputed, so it is true of the guide installed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outline {
    pub pages: usize,
    pub sections: Vec<ManualPage>,
}

/// Reads the outline of a guide's PDF (as [`build_guide`] writes it: a bookmark "6. Title" per
/// section).
pub fn read_outline(pdf: &[u8]) -> Result<Outline, GuideError> {
    let doc = lopdf::Document::load_mem(pdf).map_err(|e| GuideError::Unreadable(e.to_string()))?;
    let toc = doc.get_toc().map_err(|e| GuideError::Unreadable(e.to_string()))?;
    let sections = toc
        .toc
        .into_iter()
        .filter_map(|entry| {
            let (number, title) = entry.title.split_once(". ")?;
            Some(ManualPage { number: number.into(), title: title.into(), page: entry.page })
        })
        .collect();
    Ok(Outline { pages: doc.get_pages().len(), sections })
}

/// A screenshot as RGB pixels; transparency (none in a window's capture, but a PNG may carry an
/// alpha channel) is laid on white, as on paper.
fn read_screen(dir: &Path, file: &str, caption: &str) -> Result<Figure, GuideError> {
    let path = dir.join(format!("{file}.png"));
    let bytes = std::fs::read(&path).map_err(|_| GuideError::MissingScreen(file.into()))?;
    let bad = |e: String| GuideError::BadScreen(file.into(), e);
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(|e| bad(e.to_string()))?;
    let mut buf = vec![0; reader.output_buffer_size().ok_or_else(|| bad("quá lớn".into()))?];
    let info = reader.next_frame(&mut buf).map_err(|e| bad(e.to_string()))?;
    let (width, height) = (info.width as usize, info.height as usize);
    let pixels = &buf[..info.buffer_size()];
    let on_white = |v: u8, a: u8| ((u16::from(v) * u16::from(a) + 255 * (255 - u16::from(a))) / 255) as u8;
    let rgb: Vec<u8> = match info.color_type {
        png::ColorType::Rgb => pixels.to_vec(),
        png::ColorType::Rgba => {
            pixels.chunks_exact(4).flat_map(|p| [on_white(p[0], p[3]), on_white(p[1], p[3]), on_white(p[2], p[3])]).collect()
        }
        png::ColorType::Grayscale => pixels.iter().flat_map(|&g| [g, g, g]).collect(),
        png::ColorType::GrayscaleAlpha => pixels.chunks_exact(2).flat_map(|p| [on_white(p[0], p[1]); 3]).collect(),
        png::ColorType::Indexed => return Err(bad("bảng màu".into())),
    };
    Ok(Figure { width, height, rgb, caption: caption.into() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_screen_help_points_to_sections_that_exist_and_every_area_has_one() {
        for area in ["home", "plans", "registers", "reports", "exchange", "consolidation", "yearEnd", "settings"] {
            let help = screen_help(area).unwrap_or_else(|| panic!("no help for {area}"));
            let wanted = SCREEN_HELP.iter().find(|h| h.area == area).unwrap().sections.len();
            assert_eq!(help.sections.len(), wanted, "{area}: a section id is unknown");
            assert!(!help.next.is_empty(), "{area}");
        }
        assert!(screen_help("nowhere").is_none());
    }

    #[test]
    fn section_ids_and_screenshots_are_each_used_once() {
        let mut ids: Vec<_> = SECTIONS.iter().map(|s| s.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), SECTIONS.len());
        let mut shots: Vec<_> = screens().collect();
        let n = shots.len();
        shots.sort_unstable();
        shots.dedup();
        assert_eq!(shots.len(), n);
    }

    #[test]
    fn a_refusal_points_to_the_section_by_its_number_and_title() {
        assert_eq!(see(topics::ENROLMENT), "Xem Hướng dẫn sử dụng, mục 6 «Gửi báo cáo lên cấp trên».");
        assert_eq!(see(topics::NEW_LAPTOP), "Xem Hướng dẫn sử dụng, mục 12 «Sao lưu và chuyển sang máy mới».");
        assert_eq!(see("khong-co"), "");
        for topic in [topics::ENROLMENT, topics::NEW_LAPTOP, topics::SHEET_IMPORT, topics::EXCEL_TEMPLATE, topics::YEAR_END] {
            assert!(!see(topic).is_empty(), "{topic} is not a section");
        }
    }

    #[test]
    fn a_missing_screenshot_is_named() {
        let dir = std::env::temp_dir().join("thidua-guide-no-screens");
        let err = build_guide(&dir, &Edition { version: "0", date: IsoDate::parse("2026-12-05").unwrap() }).unwrap_err();
        assert!(err.to_string().contains("«setup-refused-without-signer.png»"), "{err}");
    }
}
