//! The user guide through the one API: each screen's "?" help, and the guide's PDF written from
//! the window's screenshots (`thidua-guide`).

use std::path::Path;

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

/// The folder of screenshots shipped with the program, where there is one: `huong-dan/` beside
/// the executable (the Windows installer's layout) or `share/thidua/huong-dan/` beside its
/// `bin/` (the .deb's).
pub fn shipped_screens() -> Option<std::path::PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let dir = exe.parent()?;
    [dir.join(SCREENS_FOLDER), dir.join("../share/thidua").join(SCREENS_FOLDER)].into_iter().find(|d| d.is_dir())
}

/// The name of the shipped screenshots' folder.
pub const SCREENS_FOLDER: &str = "huong-dan";

/// The guide as written: where, how many pages, and where each section begins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GuideWritten {
    pub path: String,
    pub pages: usize,
    pub sections: Vec<GuideSectionPage>,
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
    Ok(GuideWritten {
        path: out.display().to_string(),
        pages: guide.pages,
        sections: guide.sections.into_iter().map(|s| GuideSectionPage { number: s.number, title: s.title, page: s.page }).collect(),
    })
}
