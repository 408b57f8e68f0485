//! Appendices: landscape A4 pages of tables (Decree 30's "Phụ lục"), each appendix numbered on
//! its own, the header row repeated on every page, numbers right-aligned, a bold total row.
//! A table wider than the page is set smaller, then wrapped, and a word longer than its column
//! is broken: nothing is ever drawn outside the margins.

use printpdf::Op;
use thidua_text::nfc;

use crate::fonts::{Face, Faces};

const MM: f32 = 72.0 / 25.4;
pub(crate) const LANDSCAPE_W: f32 = 297.0 * MM;
pub(crate) const LANDSCAPE_H: f32 = 210.0 * MM;
const LEFT: f32 = 30.0 * MM;
const RIGHT: f32 = LANDSCAPE_W - 15.0 * MM;
const TOP: f32 = LANDSCAPE_H - 20.0 * MM;
const BOTTOM: f32 = 20.0 * MM;
const WIDTH: f32 = RIGHT - LEFT;
const PAD: f32 = 1.5 * MM;
const LEADING: f32 = 1.15;
/// Cell text sizes tried in turn until the table's natural width fits the page.
const SIZES: [f32; 5] = [12.0, 11.0, 10.0, 9.0, 8.0];

/// One column: its header, and whether it holds numbers (right-aligned).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub header: String,
    pub numeric: bool,
}

/// A table of an appendix ("Biểu 1. …"), its cells written as printed ("1.200.000").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub caption: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<String>>,
    /// The total row, bold, after the last row.
    pub total: Option<Vec<String>>,
}

impl Table {
    /// A table without a total row: each header with whether its column holds numbers.
    pub fn new(caption: impl Into<String>, headers: &[(&str, bool)], rows: Vec<Vec<String>>) -> Self {
        Table {
            caption: caption.into(),
            columns: headers.iter().map(|(h, numeric)| Column { header: (*h).to_owned(), numeric: *numeric }).collect(),
            rows,
            total: None,
        }
    }
}

/// An appendix: "Phụ lục" and its title, the line saying which document it goes with, and its
/// tables, on landscape pages of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appendix {
    /// "Phụ lục" or "Phụ lục I".
    pub label: String,
    /// In capitals.
    pub title: String,
    /// "(Kèm theo Báo cáo số …/BC-MTTQ-BTT ngày … của …)".
    pub reference: String,
    pub tables: Vec<Table>,
}

struct Sheet<'a> {
    faces: &'a Faces,
    pages: Vec<Vec<Op>>,
    y: f32,
}

impl<'a> Sheet<'a> {
    fn ops(&mut self) -> &mut Vec<Op> {
        self.pages.last_mut().expect("a page")
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = TOP;
    }

    fn text(&mut self, face: Face, size: f32, x: f32, y: f32, text: &str) {
        let ops = crate::layout::text_ops(self.faces, face, size, x, y, text);
        self.ops().extend(ops);
    }

    fn line(&mut self, x0: f32, y0: f32, x1: f32, y1: f32) {
        self.ops().extend(crate::layout::line_ops(0.5, x0, y0, x1, y1));
    }

    fn centred(&mut self, face: Face, size: f32, text: &str) {
        for line in wrap(self.faces, face, size, text, WIDTH) {
            self.y -= size;
            let w = self.faces.width(face, size, &line);
            self.text(face, size, LEFT + (WIDTH - w) / 2.0, self.y, &line);
            self.y -= size * (LEADING - 1.0);
        }
    }
}

/// A word cut between letters into pieces no wider than `width` (a word that fits is one piece).
pub(crate) fn cut_word(faces: &Faces, face: Face, size: f32, word: &str, width: f32) -> Vec<String> {
    if faces.width(face, size, word) <= width {
        return vec![word.to_owned()];
    }
    let mut pieces = Vec::new();
    let mut piece = String::new();
    for c in word.chars() {
        piece.push(c);
        if faces.width(face, size, &piece) > width && piece.chars().count() > 1 {
            piece.pop();
            pieces.push(std::mem::take(&mut piece));
            piece.push(c);
        }
    }
    pieces.push(piece);
    pieces
}

/// Breaks `text` into lines no wider than `width`; a word wider than that is cut between letters.
pub(crate) fn wrap(faces: &Faces, face: Face, size: f32, text: &str, width: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for piece in text.split_whitespace().flat_map(|w| cut_word(faces, face, size, w, width)) {
        let candidate = if current.is_empty() { piece.clone() } else { format!("{current} {piece}") };
        if faces.width(face, size, &candidate) > width && !current.is_empty() {
            lines.push(std::mem::replace(&mut current, piece));
        } else {
            current = candidate;
        }
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}

/// The widest a text column is laid out; longer text wraps (and a longer word is cut).
const MAX_TEXT_COLUMN: f32 = WIDTH * 0.35;
const MIN_SIZE: f32 = SIZES[SIZES.len() - 1];

/// Each column's natural width at `size`: its widest cell on one line (numbers are never cut),
/// a text column at most [`MAX_TEXT_COLUMN`], and never narrower than its header's widest word.
fn natural_widths(faces: &Faces, t: &Table, size: f32) -> Vec<f32> {
    let cells = |i: usize| t.rows.iter().chain(t.total.iter()).filter_map(move |r| r.get(i));
    (0..t.columns.len())
        .map(|i| {
            let header = t.columns[i].header.split_whitespace().map(|w| faces.width(Face::Bold, size, w)).fold(0.0, f32::max);
            let body = cells(i).map(|c| faces.width(Face::Bold, size, c)).fold(0.0, f32::max);
            let body = if t.columns[i].numeric { body } else { body.min(MAX_TEXT_COLUMN) };
            header.max(body) + 2.0 * PAD
        })
        .collect()
}

/// Column widths and the text size for a table: the largest size at which every column gets
/// its natural width, the room left going to the text columns; `None` when even the smallest
/// size is too wide (the table is then split into bands of columns).
fn layout(faces: &Faces, t: &Table) -> Option<(f32, Vec<f32>)> {
    let n = t.columns.len();
    for size in SIZES {
        let widths = natural_widths(faces, t, size);
        let sum: f32 = widths.iter().sum();
        if sum <= WIDTH {
            let text_cols: f32 = (0..n).filter(|i| !t.columns[*i].numeric).map(|i| widths[i]).sum();
            let extra = WIDTH - sum;
            let widths = (0..n)
                .map(|i| match (text_cols > 0.0, t.columns[i].numeric) {
                    (true, false) => widths[i] + extra * widths[i] / text_cols,
                    (true, true) => widths[i],
                    (false, _) => widths[i] + extra / n as f32,
                })
                .collect();
            return Some((size, widths));
        }
    }
    None
}

/// A table too wide for the page, as bands of columns that each fit: every band repeats the
/// first column (the unit, the indicator) so each page reads on its own.
fn bands(faces: &Faces, t: &Table) -> Vec<Table> {
    let widths = natural_widths(faces, t, MIN_SIZE);
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut used = WIDTH; // forces a first group
    for i in 1..t.columns.len() {
        if used + widths[i] > WIDTH {
            groups.push(Vec::new());
            used = widths[0];
        }
        groups.last_mut().expect("a group").push(i);
        used += widths[i];
    }
    let pick = |row: &Vec<String>, cols: &[usize]| -> Vec<String> {
        std::iter::once(0).chain(cols.iter().copied()).map(|i| row.get(i).cloned().unwrap_or_default()).collect()
    };
    let count = groups.len();
    groups
        .iter()
        .enumerate()
        .map(|(k, cols)| Table {
            caption: if k == 0 { t.caption.clone() } else { format!("{} (tiếp theo, phần {}/{count})", t.caption, k + 1) },
            columns: std::iter::once(0).chain(cols.iter().copied()).map(|i| t.columns[i].clone()).collect(),
            rows: t.rows.iter().map(|r| pick(r, cols)).collect(),
            total: t.total.as_ref().map(|r| pick(r, cols)),
        })
        .collect()
}

/// The pages of one appendix.
pub(crate) fn render_appendix(faces: &Faces, a: &Appendix) -> Vec<Vec<Op>> {
    let mut s = Sheet { faces, pages: vec![Vec::new()], y: TOP };
    s.centred(Face::Bold, 14.0, &nfc(&a.label));
    s.centred(Face::Bold, 13.0, &nfc(&a.title));
    if !a.reference.is_empty() {
        s.centred(Face::Italic, 13.0, &nfc(&a.reference));
    }
    s.y -= 8.0;
    for t in &a.tables {
        table(&mut s, t);
        s.y -= 12.0;
    }
    // Page numbers from the appendix's own page 2, centred in the top margin.
    for n in 2..=s.pages.len() {
        let label = n.to_string();
        let x = LEFT + (WIDTH - faces.width(Face::Regular, 14.0, &label)) / 2.0;
        s.pages[n - 1].extend(crate::layout::text_ops(faces, Face::Regular, 14.0, x, LANDSCAPE_H - 12.0 * MM, &label));
    }
    s.pages
}

fn table(s: &mut Sheet<'_>, t: &Table) {
    let (size, widths) = match layout(s.faces, t) {
        Some(fits) => fits,
        None if t.columns.len() > 2 => {
            for band in bands(s.faces, t) {
                table(s, &band);
                s.y -= 12.0;
            }
            return;
        }
        // Two columns still wider than the page: share the width, cutting what must be cut.
        None => {
            let natural = natural_widths(s.faces, t, MIN_SIZE);
            let sum: f32 = natural.iter().sum();
            (MIN_SIZE, natural.iter().map(|w| w * WIDTH / sum).collect())
        }
    };
    let n = t.columns.len();
    let lefts: Vec<f32> = widths
        .iter()
        .scan(LEFT, |x, w| {
            let at = *x;
            *x += w;
            Some(at)
        })
        .collect();
    let wrap_row = |s: &Sheet<'_>, cells: &[String], face: Face| -> Vec<Vec<String>> {
        (0..n).map(|i| wrap(s.faces, face, size, &nfc(cells.get(i).map(String::as_str).unwrap_or("")), widths[i] - 2.0 * PAD)).collect()
    };
    let height = |lines: &[Vec<String>]| lines.iter().map(Vec::len).max().unwrap_or(1) as f32 * size * LEADING + 2.0 * PAD;
    let headers: Vec<String> = t.columns.iter().map(|c| c.header.clone()).collect();
    let header_lines = wrap_row(s, &headers, Face::Bold);
    let header_h = height(&header_lines);
    let caption_h = 13.0 * LEADING + 4.0;

    // The caption stays with the header row and the first row.
    let first_h = t.rows.first().map(|r| height(&wrap_row(s, r, Face::Regular))).unwrap_or(0.0);
    if s.y - caption_h - header_h - first_h < BOTTOM {
        s.new_page();
    }
    s.y -= 13.0;
    let caption = nfc(&t.caption);
    s.text(Face::Bold, 13.0, LEFT, s.y, &caption);
    s.y -= 13.0 * (LEADING - 1.0) + 4.0;

    let draw_row = |s: &mut Sheet<'_>, lines: &[Vec<String>], face: Face, centred: bool| {
        let h = height(lines);
        let top = s.y;
        for (i, cell) in lines.iter().enumerate() {
            let mut y = top - PAD;
            for line in cell {
                y -= size;
                let w = s.faces.width(face, size, line);
                let x = if centred {
                    lefts[i] + (widths[i] - w) / 2.0
                } else if t.columns[i].numeric {
                    lefts[i] + widths[i] - PAD - w
                } else {
                    lefts[i] + PAD
                };
                s.text(face, size, x, y, line);
                y -= size * (LEADING - 1.0);
            }
        }
        let bottom = top - h;
        s.line(LEFT, bottom, LEFT + widths.iter().sum::<f32>(), bottom);
        for x in lefts.iter().copied().chain(std::iter::once(LEFT + widths.iter().sum::<f32>())) {
            s.line(x, top, x, bottom);
        }
        s.y = bottom;
    };
    let header = |s: &mut Sheet<'_>| {
        s.line(LEFT, s.y, LEFT + widths.iter().sum::<f32>(), s.y);
        draw_row(s, &header_lines, Face::Bold, true);
    };
    header(s);
    let total = t.total.iter().map(|r| (r, Face::Bold));
    for (row, face) in t.rows.iter().map(|r| (r, Face::Regular)).chain(total) {
        let mut lines = wrap_row(s, row, face);
        if s.y - height(&lines) < BOTTOM {
            s.new_page();
            header(s);
        }
        // A row taller than a whole page keeps what fits and says it was cut.
        let room = ((s.y - BOTTOM - 2.0 * PAD) / (size * LEADING)).floor().max(1.0) as usize;
        for cell in lines.iter_mut().filter(|c| c.len() > room) {
            cell.truncate(room);
            if let Some(last) = cell.last_mut() {
                last.push_str(" …");
            }
        }
        draw_row(s, &lines, face, false);
    }
}
