//! The user guide through the one API: each screen's "?" help, and the guide's PDF written from
//! the window's screenshots (`thidua-guide`).

use std::path::{Path, PathBuf};

use serde::Serialize;
use thidua_store::Clock;
use ts_rs::TS;

use crate::ApiError;

/// A section of the guide as a screen's help names it: "6. Gửi báo cáo lên cấp trên".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct GuideSectionView {
    pub number: String,
    pub title: String,
}

/// The "?" panel of one area of the window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ScreenHelpView {
    /// What the screen is for.
    pub purpose: String,
    /// What to do next, in order.
    pub next: Vec<String>,
    /// The guide's sections that tell more.
    pub sections: Vec<GuideSectionView>,
}

/// The help of an area of the window ("home", "exchange", …).
pub fn screen_help(area: &str) -> Result<ScreenHelpView, ApiError> {
    let help = thidua_guide::screen_help(area).ok_or_else(|| ApiError::refused(format!("Chưa có hướng dẫn cho màn hình «{area}».")))?;
    Ok(ScreenHelpView {
        purpose: help.purpose.into(),
        next: help.next.iter().map(|s| (*s).into()).collect(),
        sections: help.sections.into_iter().map(|s| GuideSectionView { number: s.number, title: s.title.into() }).collect(),
    })
}

/// A section of the guide to read in the window: its text as printed, each screenshot by its
/// caption (the picture is in the printed guide).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct GuideSectionText {
    pub number: String,
    pub title: String,
    pub parts: Vec<GuidePartView>,
}

/// A part of a section, in the order printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum GuidePartView {
    Text {
        text: String,
    },
    Heading {
        text: String,
    },
    Steps {
        steps: Vec<String>,
    },
    Note {
        text: String,
    },
    /// "Hình 6.2. …", numbered as in the printed guide.
    Figure {
        caption: String,
    },
}

/// Section `number` of the guide ("6", as the help and refusals name it), as the window shows it.
pub fn guide_section(number: &str) -> Result<GuideSectionText, ApiError> {
    let (place, section) = thidua_guide::contents()
        .into_iter()
        .zip(thidua_guide::SECTIONS)
        .find(|(place, _)| place.number == number)
        .ok_or_else(|| ApiError::refused(format!("Hướng dẫn không có mục {number}.")))?;
    let mut figure = 0;
    let parts = section
        .parts
        .iter()
        .map(|part| match *part {
            thidua_guide::Part::Text(t) => GuidePartView::Text { text: t.into() },
            thidua_guide::Part::Heading(t) => GuidePartView::Heading { text: t.into() },
            thidua_guide::Part::Steps(steps) => GuidePartView::Steps { steps: steps.iter().map(|s| (*s).into()).collect() },
            thidua_guide::Part::Note(t) => GuidePartView::Note { text: t.into() },
            thidua_guide::Part::Screen(_, caption) => {
                figure += 1;
                GuidePartView::Figure { caption: format!("Hình {}.{figure}. {caption}", place.number) }
            }
        })
        .collect();
    Ok(GuideSectionText { number: place.number, title: section.title.into(), parts })
}

/// The folder of the running program, where its installed files are.
pub fn program_dir() -> Result<PathBuf, ApiError> {
    let exe = std::env::current_exe().map_err(|e| ApiError::refused(format!("Không biết chương trình nằm ở thư mục nào: {e}")))?;
    Ok(exe.parent().map(Path::to_path_buf).unwrap_or_default())
}

/// The guide's PDF as installed with a program in `dir`: beside the executable (the Windows
/// installer and the portable zip), in `share/thidua/` beside its `bin/` (the .deb), or in the
/// build tree's `target/guide/` where the test run writes it (a program run from the sources).
pub fn guide_beside(dir: &Path) -> Option<PathBuf> {
    let file = thidua_guide::GUIDE_FILE;
    [dir.join(file), dir.join("../share/thidua").join(file), dir.join("../guide").join(file)].into_iter().find(|p| p.is_file())
}

/// The installed guide to open, and what to tell the clerk: where section `number` begins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuideToOpen {
    pub path: PathBuf,
    pub message: String,
}

/// [`guide_beside`], or the refusal a clerk reads when the guide is not installed.
fn installed_guide(dir: &Path) -> Result<PathBuf, ApiError> {
    guide_beside(dir).ok_or_else(|| {
        ApiError::refused(format!(
            "Không tìm thấy tệp Hướng dẫn sử dụng ({}) cài kèm chương trình: hãy cài lại Thi đua từ bộ cài đặt. Trong lúc đó, từng mục của hướng dẫn vẫn đọc được ngay trong cửa sổ, ở nút «? Hướng dẫn».",
            thidua_guide::GUIDE_FILE
        ))
    })
}

/// The guide to open at section `number` (or at its start), from the program's folder `dir`.
pub fn guide_to_open(dir: &Path, number: Option<&str>) -> Result<GuideToOpen, ApiError> {
    let path = installed_guide(dir)?;
    let section = number.and_then(|n| thidua_guide::contents().into_iter().find(|s| s.number == n));
    let message = match section {
        Some(s) => {
            // The page from the guide's own bookmarks, so it is the page of the guide installed.
            let page = std::fs::read(&path)
                .ok()
                .and_then(|pdf| thidua_guide::read_outline(&pdf).ok())
                .and_then(|outline| outline.sections.into_iter().find(|o| o.number == s.number).map(|o| o.page));
            match page {
                Some(page) => format!("Đã mở Hướng dẫn sử dụng: mục {} «{}» bắt đầu ở trang {page}.", s.number, s.title),
                None => format!("Đã mở Hướng dẫn sử dụng: xem mục {} «{}» trong Mục lục.", s.number, s.title),
            }
        }
        None => "Đã mở Hướng dẫn sử dụng.".to_string(),
    };
    Ok(GuideToOpen { path, message })
}

/// Copies the installed guide to `out` (`thidua guide -o FILE` on a clerk's machine, which has
/// the guide but not the screenshots it was made from).
pub fn copy_installed_guide(dir: &Path, out: &Path) -> Result<GuideWritten, ApiError> {
    let path = installed_guide(dir)?;
    let bytes = std::fs::read(&path).map_err(|e| ApiError::refused(format!("Không đọc được tệp hướng dẫn {}: {e}", path.display())))?;
    let outline = thidua_guide::read_outline(&bytes)
        .map_err(|e| ApiError::refused(format!("Tệp hướng dẫn {} bị hỏng ({e}): hãy cài lại Thi đua.", path.display())))?;
    crate::files::write_atomically(out, &bytes)?;
    Ok(GuideWritten::new(out, outline.pages, outline.sections))
}

/// The guide as written: where, how many pages, and where each section begins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GuideWritten {
    pub path: String,
    pub pages: usize,
    pub sections: Vec<GuideSectionPage>,
}

impl GuideWritten {
    fn new(out: &Path, pages: usize, sections: Vec<thidua_guide::ManualPage>) -> Self {
        let sections = sections.into_iter().map(|s| GuideSectionPage { number: s.number, title: s.title, page: s.page }).collect();
        Self { path: out.display().to_string(), pages, sections }
    }
}

/// A section of the written guide and the page it begins on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GuideSectionPage {
    pub number: String,
    pub title: String,
    pub page: usize,
}

/// Writes the guide's PDF to `out` from the screenshots in `screens` (`NAME.png`, as the
/// end-to-end tests write them), dated today in Vietnam. A missing screenshot refuses, naming
/// it, and writes nothing.
pub fn write_guide(screens: &Path, out: &Path) -> Result<GuideWritten, ApiError> {
    let edition = thidua_guide::Edition { version: env!("CARGO_PKG_VERSION"), date: thidua_store::SystemClock.now().vietnam_date() };
    let guide = thidua_guide::build_guide(screens, &edition).map_err(|e| ApiError::refused(e.to_string()))?;
    crate::files::write_atomically(out, &guide.pdf)?;
    Ok(GuideWritten::new(out, guide.pages, guide.sections))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A guide with the real sections' numbers and titles and no screenshots, as bookmarked PDF.
    fn guide_without_pictures(dir: &Path) {
        let sections = thidua_guide::contents()
            .into_iter()
            .map(|s| thidua_document::ManualSection {
                number: s.number,
                title: s.title.into(),
                blocks: vec![thidua_document::ManualBlock::Paragraph("Nội dung.".into())],
            })
            .collect();
        let manual = thidua_document::Manual {
            title: "HƯỚNG DẪN SỬ DỤNG".into(),
            subtitle: "Thi đua".into(),
            lines: vec![],
            author: "Thi đua".into(),
            date: thidua_model::IsoDate::parse("2026-12-05").unwrap(),
            sections,
        };
        let rendered = thidua_document::render_manual(manual).unwrap();
        std::fs::write(dir.join(thidua_guide::GUIDE_FILE), rendered.pdf).unwrap();
    }

    #[test]
    fn the_installed_guide_is_found_beside_the_program_and_opened_at_the_sections_page() {
        let tmp = tempfile::tempdir().unwrap();
        let bin = tmp.path().join("bin");
        std::fs::create_dir(&bin).unwrap();
        let refused = guide_to_open(&bin, Some("6")).unwrap_err();
        assert!(refused.message.contains("hãy cài lại Thi đua từ bộ cài đặt"), "{}", refused.message);

        // The .deb's layout: bin/thidua-app and share/thidua/huong-dan-su-dung.pdf.
        let share = tmp.path().join("share/thidua");
        std::fs::create_dir_all(&share).unwrap();
        guide_without_pictures(&share);
        let opening = guide_to_open(&bin, Some("6")).unwrap();
        assert!(opening.path.ends_with("share/thidua/huong-dan-su-dung.pdf"), "{}", opening.path.display());
        let outline = thidua_guide::read_outline(&std::fs::read(&opening.path).unwrap()).unwrap();
        let page = outline.sections.iter().find(|s| s.number == "6").unwrap().page;
        assert!(page > 2, "after the title page and the contents: {page}");
        assert_eq!(opening.message, format!("Đã mở Hướng dẫn sử dụng: mục 6 «Gửi báo cáo lên cấp trên» bắt đầu ở trang {page}."));
        assert_eq!(guide_to_open(&bin, None).unwrap().message, "Đã mở Hướng dẫn sử dụng.");

        // The Windows layout: the guide beside the program comes first.
        guide_without_pictures(&bin);
        assert_eq!(guide_to_open(&bin, Some("1")).unwrap().path, bin.join(thidua_guide::GUIDE_FILE));

        // A damaged guide still opens (the viewer says what it can), pointing to the contents.
        std::fs::write(bin.join(thidua_guide::GUIDE_FILE), b"%PDF-1.7 hong").unwrap();
        let opening = guide_to_open(&bin, Some("12")).unwrap();
        assert_eq!(opening.message, "Đã mở Hướng dẫn sử dụng: xem mục 12 «Sao lưu và chuyển sang máy mới» trong Mục lục.");
        let copy = copy_installed_guide(&bin, &tmp.path().join("ban-sao.pdf")).unwrap_err();
        assert!(copy.message.contains("bị hỏng"), "{}", copy.message);
        assert!(!tmp.path().join("ban-sao.pdf").exists());
    }

    #[test]
    fn a_section_reads_in_the_window_as_printed_with_its_figures_numbered() {
        let section = guide_section("6").unwrap();
        assert_eq!((section.number.as_str(), section.title.as_str()), ("6", "Gửi báo cáo lên cấp trên"));
        let steps = section.parts.iter().find_map(|p| match p {
            GuidePartView::Steps { steps } => Some(steps),
            _ => None,
        });
        assert!(steps.unwrap()[0].contains("«Xuất tệp định danh…»"));
        let captions: Vec<&str> = section
            .parts
            .iter()
            .filter_map(|p| match p {
                GuidePartView::Figure { caption } => Some(caption.as_str()),
                _ => None,
            })
            .collect();
        assert!(captions.first().is_some_and(|c| c.starts_with("Hình 6.1. ")), "{captions:?}");
        assert!(guide_section("13").is_err());
    }
}
