//! The guide's steps name the window's buttons, fields and headings in «…». Each name must be
//! what the window shows (the UI's Vietnamese text, `ui/src/i18n/vi.ts`), so a clerk following
//! the guide finds every button it names; a renamed button fails here until the guide follows.

use thidua_guide::{Part, SECTIONS};

/// What the guide quotes that is not a label of the window, and where it is instead.
const NOT_WINDOW_LABELS: &[(&str, &str, &str)] = &[
    // The sidebar's button is "?" and this label (ScreenHelp.tsx).
    ("? Hướng dẫn", "ui/src/i18n/vi.ts", "button: \"Hướng dẫn\""),
    // The button counts the bundles: `Nhập cả ${n} gói`.
    ("Nhập cả … gói", "ui/src/i18n/vi.ts", "`Nhập cả ${n} gói`"),
    // Printed on the paper under Nơi nhận, not in the window.
    ("Mã kiểm tra", "crates/thidua-document/src/layout.rs", "Mã kiểm tra"),
    // How a refusal points to the guide (`see`).
    ("Xem Hướng dẫn sử dụng, mục …", "crates/thidua-guide/src/lib.rs", "\"Xem Hướng dẫn sử dụng, mục {} «{}».\""),
    ("Xem Hướng dẫn sử dụng", "crates/thidua-guide/src/lib.rs", "\"Xem Hướng dẫn sử dụng, mục {} «{}».\""),
    // How a refused spreadsheet names a cell.
    ("Sheet 'Số liệu', ô D7", "crates/thidua-api/src/excel.rs", "format!(\"Sheet '{sheet}', ô {}\""),
];

fn quoted(text: &str) -> impl Iterator<Item = &str> {
    text.split('«').skip(1).filter_map(|s| s.split_once('»').map(|(q, _)| q))
}

#[test]
fn every_button_the_guide_names_is_in_the_window() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let read = |rel: &str| std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let ui = read("ui/src/i18n/vi.ts");
    let mut names = 0;
    let mut missing = Vec::new();
    for section in SECTIONS {
        for part in section.parts {
            let texts: Vec<&str> = match part {
                Part::Text(t) | Part::Heading(t) | Part::Note(t) | Part::Screen(_, t) => vec![t],
                Part::Steps(steps) => steps.to_vec(),
            };
            for name in texts.into_iter().flat_map(quoted) {
                names += 1;
                let found = match NOT_WINDOW_LABELS.iter().find(|(q, _, _)| *q == name) {
                    Some((_, file, text)) => read(file).contains(text),
                    None => ui.contains(&format!("\"{name}\"")) || ui.contains(name),
                };
                if !found {
                    missing.push(format!("{}: «{name}»", section.id));
                }
            }
        }
    }
    assert!(names > 60, "the guide names the window's labels ({names})");
    assert!(missing.is_empty(), "the guide names what the window does not show:\n{}", missing.join("\n"));
}
