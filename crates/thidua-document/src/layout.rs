//! Page layout: lines broken and justified by the font's own widths, placed on A4 pages.

use printpdf::{Line, LinePoint, Mm, Op, PdfDocument, PdfDocumentInfo, PdfMetadata, PdfPage, PdfSaveOptions, Point, Pt, TextItem};
use thidua_text::nfc;

use crate::fonts::{Face, Faces};

pub(crate) const MM: f32 = 72.0 / 25.4;
pub(crate) const PAGE_W: f32 = 210.0 * MM;
pub(crate) const PAGE_H: f32 = 297.0 * MM;
pub(crate) const LEFT: f32 = 30.0 * MM;
const RIGHT: f32 = PAGE_W - 15.0 * MM;
pub(crate) const TOP: f32 = PAGE_H - 20.0 * MM;
pub(crate) const BOTTOM: f32 = 20.0 * MM;
pub(crate) const TEXT_W: f32 = RIGHT - LEFT;
/// Body text: 14 pt, first-line indent 1.27 cm, 6 pt after each paragraph.
const BODY: f32 = 14.0;
pub(crate) const INDENT: f32 = 12.7 * MM;
pub(crate) const PARA_GAP: f32 = 6.0;
/// Line pitch as a multiple of the size: Word's single spacing for Times New Roman.
pub(crate) const LEADING: f32 = 1.15;
/// The header's left column holds the issuing body; the right one the national motto.
const LEFT_COL: f32 = TEXT_W * 0.42;

/// One block of a document's body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A heading ("I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích"): bold, kept with the next line.
    Heading(String),
    /// A justified paragraph with the first-line indent.
    Paragraph(String),
    /// "Kính gửi:" and whom a submission or report goes to, centred under the summary: one on
    /// the same line, several each on a line of its own ("- …;", the last "- ….").
    Addressee(Vec<String>),
    /// A line centred in bold: the authority that decides ("BAN THƯỜNG TRỰC ỦY BAN MTTQ VIỆT
    /// NAM TỈNH THANH HÓA") and "QUYẾT ĐỊNH:" of a decision.
    Centred(String),
    /// Căn cứ: italic, one per line with the first-line indent, each ending ";" and the last
    /// "." (Decree 30).
    Grounds(Vec<String>),
    /// "Điều 1." in bold, then the article's text, justified like a paragraph.
    Article { label: String, text: String },
}

/// A document as the decree lays it out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficialDocument {
    /// Tên cơ quan chủ quản, one line each, in capitals.
    pub parent_body: Vec<String>,
    /// Tên cơ quan ban hành, in capitals.
    pub issuing_body: String,
    /// "Số: 05/KH-MTTQ-BTT" (the number may be left blank until the document is registered).
    pub number: String,
    /// "Hạc Thành, ngày 05 tháng 3 năm 2022".
    pub place_date: String,
    /// "KẾ HOẠCH".
    pub doc_type: String,
    pub summary: String,
    pub body: Vec<Block>,
    /// Nơi nhận, one line each as written.
    pub recipients: Vec<String>,
    pub signer_authority: String,
    pub signer_title: String,
    pub signer_name: String,
    /// Appendices, on landscape pages after the signature.
    pub appendices: Vec<crate::Appendix>,
    /// PDF metadata: title, author (the issuing body: "Ban Thường trực Ủy ban MTTQ tỉnh Thanh Hóa"), and the document's date as its creation
    /// date, so the same document always gives the same file.
    pub title: String,
    pub author: String,
    pub date: thidua_model::IsoDate,
    /// The verification code of a document sent or issued, printed under Nơi nhận.
    pub verification: Option<PrintedCode>,
}

/// The verification code (`docs/VERIFICATION_CODE.md`) as printed: the QR symbol and under it
/// the short code a clerk types when the QR cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintedCode {
    /// Modules a side.
    pub size: usize,
    /// Row by row from the top left, true for a dark module.
    pub dark: Vec<bool>,
    /// "7KQ2-M9TX-4RCB".
    pub short_code: String,
}

/// A QR module on paper: 0.6 mm, so a version 8 symbol is 29.4 mm a side and a phone or a
/// 150 dpi scan sees each module as 3.5 pixels or more.
pub(crate) const MODULE: f32 = 0.6 * MM;
/// The quiet zone the QR standard asks for, in modules, kept clear above and below the symbol.
pub(crate) const QUIET: f32 = 4.0 * MODULE;
/// The short code's caption under the symbol.
pub(crate) const CAPTION: f32 = 10.0;

impl PrintedCode {
    /// The room the code takes under Nơi nhận: quiet zone, symbol, quiet zone, caption.
    fn height(&self) -> f32 {
        2.0 * QUIET + self.size as f32 * MODULE + CAPTION * LEADING
    }
}

/// Seconds from 1970-01-01 to midnight (UTC) of `date` (days from civil, H. Hinnant).
fn unix_time(date: thidua_model::IsoDate) -> i64 {
    let (y, m, d) = (i64::from(date.year()), i64::from(date.month()), i64::from(date.day()));
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe - 719_468) * 86_400
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_closing_mark_whatever_the_sentence_ends_with() {
        assert_eq!(super::with_closing_mark("ý tưởng mới tiêu biểu."), "ý tưởng mới tiêu biểu./.");
        assert_eq!(super::with_closing_mark("ý tưởng mới tiêu biểu"), "ý tưởng mới tiêu biểu./.");
        assert_eq!(super::with_closing_mark("ý tưởng mới tiêu biểu./. "), "ý tưởng mới tiêu biểu./.");
        assert_eq!(super::with_closing_mark("các khu dân cư;"), "các khu dân cư./.");
        assert_eq!(super::with_closing_mark("hết.."), "hết./.");
    }

    #[test]
    fn unix_time_counts_days_from_1970() {
        let d = |s: &str| thidua_model::IsoDate::parse(s).unwrap();
        assert_eq!(super::unix_time(d("1970-01-01")), 0);
        assert_eq!(super::unix_time(d("2022-03-05")), 1_646_438_400);
        assert_eq!(super::unix_time(d("2000-02-29")), 951_782_400);
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("Văn bản không có nội dung để in.")]
    Empty,
    #[error("Ảnh «{0}» không đọc được (kích thước và điểm ảnh không khớp).")]
    BadImage(String),
}

/// The operations that draw `text` at (`x`, `y`), the baseline, in points from the bottom left.
pub(crate) fn text_ops(faces: &Faces, face: Face, size: f32, x: f32, y: f32, text: &str) -> [Op; 5] {
    [
        Op::StartTextSection,
        Op::SetFont { font: printpdf::PdfFontHandle::External(faces.id(face)), size: Pt(size) },
        Op::SetTextCursor { pos: Point { x: Pt(x), y: Pt(y) } },
        Op::ShowText { items: vec![TextItem::Text(text.to_owned())] },
        Op::EndTextSection,
    ]
}

/// The operations that draw a straight line `thickness` points wide.
pub(crate) fn line_ops(thickness: f32, x0: f32, y0: f32, x1: f32, y1: f32) -> [Op; 2] {
    [
        Op::SetOutlineThickness { pt: Pt(thickness) },
        Op::DrawLine {
            line: Line {
                points: vec![
                    LinePoint { p: Point { x: Pt(x0), y: Pt(y0) }, bezier: false },
                    LinePoint { p: Point { x: Pt(x1), y: Pt(y1) }, bezier: false },
                ],
                is_closed: false,
            },
        },
    ]
}

/// The dark modules of a QR symbol as filled rectangles, one for each run of dark modules in a
/// row, the symbol's top left corner at (`x`, `top`).
pub(crate) fn qr_ops(code: &PrintedCode, x: f32, top: f32) -> Vec<Op> {
    let mut ops = vec![Op::SetFillColor { col: printpdf::Color::Greyscale(printpdf::Greyscale { percent: 0.0, icc_profile: None }) }];
    for row in 0..code.size {
        let mut col = 0;
        while col < code.size {
            if !code.dark[row * code.size + col] {
                col += 1;
                continue;
            }
            let start = col;
            while col < code.size && code.dark[row * code.size + col] {
                col += 1;
            }
            ops.push(Op::DrawRectangle {
                rectangle: printpdf::Rect {
                    x: Pt(x + start as f32 * MODULE),
                    y: Pt(top - (row + 1) as f32 * MODULE),
                    width: Pt((col - start) as f32 * MODULE),
                    height: Pt(MODULE),
                    mode: Some(printpdf::PaintMode::Fill),
                    winding_order: None,
                },
            });
        }
    }
    ops
}

/// A page being filled, top to bottom.
pub(crate) struct Pages<'a> {
    pub(crate) faces: &'a Faces,
    pub(crate) pages: Vec<Vec<Op>>,
    /// Baseline of the next line.
    pub(crate) y: f32,
}

impl<'a> Pages<'a> {
    pub(crate) fn new(faces: &'a Faces) -> Self {
        Self { faces, pages: vec![Vec::new()], y: TOP }
    }

    pub(crate) fn ops(&mut self) -> &mut Vec<Op> {
        self.pages.last_mut().expect("there is always a page")
    }

    pub(crate) fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = TOP;
    }

    /// Moves to the next line of `size`; starts a new page when it would cross the bottom margin.
    pub(crate) fn next_line(&mut self, size: f32) -> f32 {
        let baseline = self.y - size;
        if baseline < BOTTOM {
            self.new_page();
            return self.next_line(size);
        }
        self.y -= size * LEADING;
        baseline
    }

    pub(crate) fn text(&mut self, face: Face, size: f32, x: f32, y: f32, text: &str) {
        let ops = text_ops(self.faces, face, size, x, y, text);
        self.ops().extend(ops);
    }

    pub(crate) fn rule(&mut self, x0: f32, x1: f32, y: f32) {
        self.ops().extend(line_ops(0.6, x0, y, x1, y));
    }

    /// Breaks `text` into lines no wider than `width` (the first `first_indent` narrower).
    pub(crate) fn wrap(&self, face: Face, size: f32, text: &str, width: f32, first_indent: f32) -> Vec<Vec<String>> {
        self.wrap_led(face, size, text, width, first_indent, 0)
    }

    /// As `wrap`, the first `lead` words measured in bold ("Điều 1.").
    pub(crate) fn wrap_led(&self, face: Face, size: f32, text: &str, width: f32, first_indent: f32, lead: usize) -> Vec<Vec<String>> {
        let space = self.faces.width(face, size, " ");
        let mut lines: Vec<Vec<String>> = vec![Vec::new()];
        let mut used = 0.0;
        // A word longer than a line (a pasted link, a run of characters) is cut between letters,
        // so nothing runs past the margin.
        let words: Vec<String> =
            text.split_whitespace().flat_map(|w| crate::table::cut_word(self.faces, face, size, w, width - first_indent)).collect();
        for (i, word) in words.iter().map(String::as_str).enumerate() {
            let w = self.faces.width(if i < lead { Face::Bold } else { face }, size, word);
            let limit = if lines.len() == 1 { width - first_indent } else { width };
            let current = lines.last_mut().expect("non-empty");
            let needed = if current.is_empty() { w } else { used + space + w };
            if needed > limit && !current.is_empty() {
                lines.push(vec![word.to_owned()]);
                used = w;
            } else {
                current.push(word.to_owned());
                used = needed;
            }
        }
        lines
    }

    /// Centred lines of even length: the narrowest width that still gives as many lines as
    /// the full width does, so a title never leaves one word or a year alone on its last line.
    pub(crate) fn balanced(&self, face: Face, size: f32, text: &str, width: f32) -> Vec<Vec<String>> {
        let lines = self.wrap(face, size, text, width, 0.0);
        if lines.len() < 2 {
            return lines;
        }
        let (mut narrow, mut wide) = (width / lines.len() as f32 * 0.5, width);
        for _ in 0..24 {
            let mid = (narrow + wide) / 2.0;
            if self.wrap(face, size, text, mid, 0.0).len() <= lines.len() {
                wide = mid;
            } else {
                narrow = mid;
            }
        }
        self.wrap(face, size, text, wide, 0.0)
    }

    /// How many lines of `size` still fit on this page.
    pub(crate) fn lines_left(&self, size: f32) -> usize {
        let room = self.y - size - BOTTOM;
        if room < 0.0 { 0 } else { (room / (size * LEADING)) as usize + 1 }
    }

    /// A paragraph across the text width: justified (all lines but the last), or centred.
    /// No page ends on a paragraph's first line alone, and none starts with its last alone:
    /// the break moves up a line, or the whole paragraph moves to the next page.
    pub(crate) fn paragraph(&mut self, face: Face, size: f32, text: &str, indent: f32, centred: bool) {
        self.paragraph_led(face, size, text, indent, centred, 0);
    }

    /// As `paragraph`, its first `lead` words in bold.
    pub(crate) fn paragraph_led(&mut self, face: Face, size: f32, text: &str, indent: f32, centred: bool, lead: usize) {
        let (x, width) = (LEFT, TEXT_W);
        let lines = if centred { self.balanced(face, size, text, width) } else { self.wrap_led(face, size, text, width, indent, lead) };
        let mut drawn = 0;
        let count = lines.len();
        let fit = self.lines_left(size);
        let break_before = match fit {
            _ if count < 2 || fit >= count => None,
            0 | 1 => Some(0),
            f if f == count - 1 && count == 3 => Some(0),
            f if f == count - 1 => Some(f - 1),
            f => Some(f),
        };
        for (i, words) in lines.into_iter().enumerate() {
            if break_before == Some(i) && (i > 0 || self.y < TOP) {
                self.new_page();
            }
            let baseline = self.next_line(size);
            let start = x + if i == 0 { indent } else { 0.0 };
            let avail = width - if i == 0 { indent } else { 0.0 };
            let faces: Vec<Face> = (drawn..drawn + words.len()).map(|n| if n < lead { Face::Bold } else { face }).collect();
            drawn += words.len();
            let widths: Vec<f32> = words.iter().zip(&faces).map(|(w, f)| self.faces.width(*f, size, w)).collect();
            let space = self.faces.width(face, size, " ");
            let natural: f32 = widths.iter().sum::<f32>() + space * words.len().saturating_sub(1) as f32;
            if centred {
                self.text(face, size, x + (width - natural) / 2.0, baseline, &words.join(" "));
            } else if (i + 1 == count || words.len() < 2) && faces.iter().all(|f| *f == face) {
                self.text(face, size, start, baseline, &words.join(" "));
            } else {
                // Justified: the space left over is shared between the gaps; a last line keeps
                // its natural spaces (drawn word by word only for its bold lead).
                let gap =
                    if i + 1 == count || words.len() < 2 { space } else { (avail - widths.iter().sum::<f32>()) / (words.len() - 1) as f32 };
                let mut cx = start;
                for ((word, w), f) in words.iter().zip(&widths).zip(&faces) {
                    self.text(*f, size, cx, baseline, word);
                    cx += w + gap;
                }
            }
        }
    }

    /// Lines each centred in a column, returning the baseline of the last.
    pub(crate) fn centred_lines(&mut self, lines: &[(Face, f32, &str)], x: f32, width: f32, top: f32) -> f32 {
        let mut y = top;
        for (face, size, text) in lines {
            y -= size;
            let w = self.faces.width(*face, *size, text);
            self.text(*face, *size, x + (width - w) / 2.0, y, text);
            y -= size * (LEADING - 1.0);
        }
        y
    }
}

/// printpdf draws the trailer's file identifier (`/ID`) from a process-wide counter. Replace
/// both of its strings, in place and at the same length, with a digest of everything before
/// the trailer, so the same document gives the same bytes in any process, however many
/// documents it printed before.
fn stable_file_id(bytes: &mut [u8]) {
    use sha2::{Digest, Sha256};
    const MARK: &[u8] = b"/ID[(";
    let Some(at) = bytes.windows(MARK.len()).rposition(|w| w == MARK) else { return };
    let digest = hex::encode_upper(&Sha256::digest(&bytes[..at])[..16]).into_bytes();
    let first = at + MARK.len();
    let Some(len) = bytes[first..].iter().position(|b| *b == b')') else { return };
    let second = first + len + 2; // ")("
    for start in [first, second] {
        if bytes.get(start - 1) == Some(&b'(') && start + len <= bytes.len() {
            for (i, b) in bytes[start..start + len].iter_mut().enumerate() {
                *b = digest[i % digest.len()];
            }
        }
    }
}

/// printpdf writes "%PDF-1.3"; Decree 30 asks electronic copies to be PDF 1.4 or newer. What
/// printpdf draws (text, embedded TrueType fonts, lines, an Info dictionary) is all within 1.3,
/// so the file is a valid 1.4 file as it is: the header says so, at the same length.
fn declare_version_1_4(bytes: &mut [u8]) {
    if bytes.starts_with(b"%PDF-1.3") {
        bytes[7] = b'4';
    }
}

/// printpdf writes the Info dictionary's dates as UTC ("+00'00'"). A document's date is a day
/// in Vietnam, so its creation and modification dates are that day's midnight in Vietnam:
/// the same digits with Vietnam's offset, at the same length.
fn dated_in_vietnam(bytes: &mut [u8], date: thidua_model::IsoDate) {
    let utc = format!("D:{:04}{:02}{:02}000000+00'00'", date.year(), date.month(), date.day()).into_bytes();
    let vietnam = format!("D:{:04}{:02}{:02}000000+07'00'", date.year(), date.month(), date.day()).into_bytes();
    let mut at = 0;
    while let Some(found) = bytes[at..].windows(utc.len()).position(|w| w == utc.as_slice()) {
        let start = at + found;
        bytes[start..start + utc.len()].copy_from_slice(&vietnam);
        at = start + utc.len();
    }
}

/// printpdf writes an empty "/GTS_PDFXVersion()" into the Info dictionary, which readers take
/// for a claim of PDF/X; these documents make none. The entry becomes spaces (whitespace
/// between entries), at the same length.
fn blank_out(bytes: &mut [u8], entry: &[u8]) {
    if let Some(at) = bytes.windows(entry.len()).position(|w| w == entry) {
        bytes[at..at + entry.len()].fill(b' ');
    }
}

/// A laid-out page: its size in points and what is drawn on it.
struct LaidOut {
    width: f32,
    height: f32,
    ops: Vec<Op>,
}

/// Lays out and renders a document as PDF; the same document gives the same bytes.
pub fn render(doc: &OfficialDocument) -> Result<Vec<u8>, RenderError> {
    let mut pdf = PdfDocument::new(&nfc(&doc.title));
    let faces = Faces::load(&mut pdf);
    let pages: Vec<PdfPage> = lay_out(doc, &faces)?.into_iter().map(|p| PdfPage::new(Mm(p.width / MM), Mm(p.height / MM), p.ops)).collect();
    finish_pdf(pdf, pages, doc)
}

/// The same pages as SVG, one document per page: the app's print preview.
pub fn render_svg(doc: &OfficialDocument) -> Result<Vec<String>, RenderError> {
    let faces = Faces::load(&mut PdfDocument::new(""));
    Ok(lay_out(doc, &faces)?.iter().map(|p| crate::svg::page(&faces, p.width, p.height, &p.ops)).collect())
}

fn lay_out(doc: &OfficialDocument, faces: &Faces) -> Result<Vec<LaidOut>, RenderError> {
    if doc.body.is_empty() && doc.summary.trim().is_empty() {
        return Err(RenderError::Empty);
    }
    let mut p = Pages::new(faces);

    // Header, left column: parent body, issuing body (bold) and its rule, then the number.
    let mut left: Vec<(Face, f32, String)> = doc.parent_body.iter().map(|l| (Face::Regular, 13.0, nfc(l))).collect();
    // A long issuing body ("BAN CÔNG TÁC MẶT TRẬN KHU DÂN CƯ …") takes two lines within its
    // column rather than running into the motto's.
    let issuing: Vec<String> = p.wrap(Face::Bold, 13.0, &nfc(&doc.issuing_body), LEFT_COL, 0.0).into_iter().map(|l| l.join(" ")).collect();
    left.extend(issuing.iter().map(|l| (Face::Bold, 13.0, l.clone())));
    let left_refs: Vec<(Face, f32, &str)> = left.iter().map(|(f, s, t)| (*f, *s, t.as_str())).collect();
    let left_bottom = p.centred_lines(&left_refs, LEFT, LEFT_COL, TOP);
    let issuing_w = issuing.iter().map(|l| faces.width(Face::Bold, 13.0, l)).fold(0.0, f32::max);
    let rule_w = issuing_w * 0.5;
    p.rule(LEFT + (LEFT_COL - rule_w) / 2.0, LEFT + (LEFT_COL + rule_w) / 2.0, left_bottom - 5.0);

    // Right column: the national motto, the slogan and a rule as long as it.
    let right_x = LEFT + LEFT_COL;
    let right_w = TEXT_W - LEFT_COL;
    let motto = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
    let motto_size = if faces.width(Face::Bold, 13.0, motto) <= right_w { 13.0 } else { 12.0 };
    let slogan = "Độc lập - Tự do - Hạnh phúc";
    let right_bottom = p.centred_lines(&[(Face::Bold, motto_size, motto), (Face::Bold, 14.0, slogan)], right_x, right_w, TOP);
    let slogan_w = faces.width(Face::Bold, 14.0, slogan);
    p.rule(right_x + (right_w - slogan_w) / 2.0, right_x + (right_w + slogan_w) / 2.0, right_bottom - 5.0);

    // The number (left) and the place and date (right, italic) on one baseline.
    let line_y = left_bottom.min(right_bottom) - 14.0 - 12.0;
    let number = nfc(&doc.number);
    p.text(Face::Regular, 13.0, LEFT + (LEFT_COL - faces.width(Face::Regular, 13.0, &number)) / 2.0, line_y, &number);
    let place_date = nfc(&doc.place_date);
    p.text(Face::Italic, 14.0, right_x + (right_w - faces.width(Face::Italic, 14.0, &place_date)) / 2.0, line_y, &place_date);
    p.y = line_y - 14.0 * 1.2;

    // Type and summary, centred and bold, with a rule under the summary.
    p.y -= 6.0;
    p.paragraph(Face::Bold, 14.0, &nfc(&doc.doc_type), 0.0, true);
    p.paragraph(Face::Bold, 14.0, &nfc(&doc.summary), 0.0, true);
    // Under the summary's last line, clear of its descenders: a third of the text width.
    let last_baseline = p.y + 14.0 * (LEADING - 1.0);
    let summary_rule = TEXT_W / 3.0;
    p.rule(LEFT + (TEXT_W - summary_rule) / 2.0, LEFT + (TEXT_W + summary_rule) / 2.0, last_baseline - 7.0);
    p.y -= 14.0;

    // The closing band needs this much room under the last paragraph.
    let band_left = TEXT_W * 0.48;
    let band_height = 13.0 * (1 + doc.signer_title.lines().count().max(1)) as f32 * LEADING + 28.0 * MM + 14.0 * LEADING;
    let recipients_height =
        12.0 * LEADING + doc.recipients.len() as f32 * 11.0 * LEADING + doc.verification.as_ref().map_or(0.0, PrintedCode::height);
    let band_needed = band_height.max(recipients_height) + 6.0;

    // Body.
    let count = doc.body.len();
    for (i, block) in doc.body.iter().enumerate() {
        let last = i + 1 == count;
        let closing = |text: &str| if last { with_closing_mark(&nfc(text)) } else { nfc(text) };
        match block {
            Block::Heading(text) => {
                let text = nfc(text);
                // A heading never ends a page: it needs its own lines and two of the next block.
                let lines = p.wrap(Face::Bold, BODY, &text, TEXT_W, INDENT).len() as f32;
                if p.y - (lines + 2.0) * BODY * LEADING < BOTTOM {
                    p.new_page();
                }
                p.paragraph(Face::Bold, BODY, &text, INDENT, false);
            }
            Block::Paragraph(text) => {
                let text = closing(text);
                // The signature never stands alone on a page: the last paragraph goes with it.
                let height = p.wrap(Face::Regular, BODY, &text, TEXT_W, INDENT).len() as f32 * BODY * LEADING;
                if last && p.y - height - PARA_GAP - band_needed < BOTTOM && p.y < TOP {
                    p.new_page();
                }
                p.paragraph(Face::Regular, BODY, &text, INDENT, false);
            }
            Block::Addressee(to) => match to.as_slice() {
                [one] => p.paragraph(Face::Regular, BODY, &nfc(&format!("Kính gửi: {one}")), 0.0, true),
                several => {
                    p.paragraph(Face::Regular, BODY, "Kính gửi:", 0.0, true);
                    for (i, name) in several.iter().enumerate() {
                        let end = if i + 1 == several.len() { "." } else { ";" };
                        p.paragraph(Face::Regular, BODY, &nfc(&format!("- {name}{end}")), 3.0 * INDENT, false);
                    }
                }
            },
            Block::Centred(text) => p.paragraph(Face::Bold, BODY, &nfc(text), 0.0, true),
            Block::Grounds(lines) => {
                for (n, line) in lines.iter().enumerate() {
                    let end = if n + 1 == lines.len() { "." } else { ";" };
                    let line = format!("{}{end}", nfc(line).trim_end_matches(['.', ',', ';']));
                    p.paragraph(Face::Italic, BODY, &line, INDENT, false);
                }
            }
            Block::Article { label, text } => {
                let label = nfc(label);
                let text = closing(&format!("{label} {text}"));
                let height =
                    p.wrap_led(Face::Regular, BODY, &text, TEXT_W, INDENT, label.split_whitespace().count()).len() as f32 * BODY * LEADING;
                if last && p.y - height - PARA_GAP - band_needed < BOTTOM && p.y < TOP {
                    p.new_page();
                }
                p.paragraph_led(Face::Regular, BODY, &text, INDENT, false, label.split_whitespace().count());
            }
        }
        p.y -= PARA_GAP;
    }

    // Closing band: what it needs must fit on the page, or it moves to the next.
    if p.y - band_needed < BOTTOM {
        p.new_page();
    }
    let band_top = p.y - 6.0;
    let mut y = band_top - 13.0;
    if !doc.recipients.is_empty() {
        p.text(Face::BoldItalic, 12.0, LEFT, y, "Nơi nhận:");
        for r in &doc.recipients {
            y -= 11.0 * LEADING;
            p.text(Face::Regular, 11.0, LEFT, y, &nfc(r));
        }
    }
    if let Some(code) = &doc.verification {
        // Left-aligned with Nơi nhận, a quiet zone below its last line: out of the way of the
        // signature and the seal, which take the right half of the band.
        let top = y - 11.0 * (LEADING - 1.0) - QUIET;
        let ops = qr_ops(code, LEFT, top);
        p.ops().extend(ops);
        let caption = format!("Mã kiểm tra: {}", code.short_code);
        p.text(Face::Regular, CAPTION, LEFT, top - code.size as f32 * MODULE - QUIET / 2.0 - CAPTION, &caption);
    }
    let sign_x = LEFT + band_left;
    let sign_w = TEXT_W - band_left;
    // The title may take several lines ("KT. CHỦ TỊCH" over "PHÓ CHỦ TỊCH").
    let authority = nfc(&doc.signer_authority);
    let titles: Vec<String> = doc.signer_title.lines().map(nfc).collect();
    let mut signature: Vec<(Face, f32, &str)> = vec![(Face::Bold, 13.0, authority.as_str())];
    signature.extend(titles.iter().map(|t| (Face::Bold, 13.0, t.as_str())));
    let after_title = p.centred_lines(&signature, sign_x, sign_w, band_top);
    p.centred_lines(&[(Face::Bold, 14.0, &nfc(&doc.signer_name))], sign_x, sign_w, after_title - 28.0 * MM);

    // Page numbers from page 2, centred in the top margin.
    let total = p.pages.len();
    for n in 2..=total {
        let label = n.to_string();
        let x = LEFT + (TEXT_W - faces.width(Face::Regular, 14.0, &label)) / 2.0;
        p.pages[n - 1].extend(text_ops(faces, Face::Regular, 14.0, x, PAGE_H - 12.0 * MM, &label));
    }

    let mut pages: Vec<LaidOut> = p.pages.into_iter().map(|ops| LaidOut { width: PAGE_W, height: PAGE_H, ops }).collect();
    for appendix in &doc.appendices {
        for ops in crate::table::render_appendix(faces, appendix) {
            pages.push(LaidOut { width: crate::table::LANDSCAPE_W, height: crate::table::LANDSCAPE_H, ops });
        }
    }
    Ok(pages)
}

/// What a PDF's Info dictionary says of it.
pub(crate) struct Described<'a> {
    pub title: &'a str,
    pub author: &'a str,
    pub subject: &'a str,
    pub date: thidua_model::IsoDate,
}

fn finish_pdf(pdf: PdfDocument, pages: Vec<PdfPage>, doc: &OfficialDocument) -> Result<Vec<u8>, RenderError> {
    Ok(finish(pdf, pages, &Described { title: &doc.title, author: &doc.author, subject: &doc.summary, date: doc.date }))
}

/// Saves the pages with their metadata, the same input giving the same bytes.
pub(crate) fn finish(mut pdf: PdfDocument, pages: Vec<PdfPage>, doc: &Described<'_>) -> Vec<u8> {
    let when =
        printpdf::OffsetDateTime::from_unix_timestamp(unix_time(doc.date)).unwrap_or_else(|_| PdfDocumentInfo::default().creation_date);
    pdf.metadata = PdfMetadata {
        info: PdfDocumentInfo {
            document_title: nfc(doc.title),
            author: nfc(doc.author),
            subject: nfc(doc.subject),
            creator: "Thi đua".into(),
            creation_date: when,
            modification_date: when,
            metadata_date: when,
            ..Default::default()
        },
        xmp: None,
    };
    let mut bytes = pdf.with_pages(pages).save(&PdfSaveOptions { subset_fonts: true, ..Default::default() }, &mut Vec::new());
    declare_version_1_4(&mut bytes);
    dated_in_vietnam(&mut bytes, doc.date);
    blank_out(&mut bytes, b"/GTS_PDFXVersion()");
    stable_file_id(&mut bytes);
    bytes
}

/// The body's last sentence ends with one "./." (Decree 30): its own full stop becomes the
/// mark's, so "tiêu biểu." ends "tiêu biểu./.", never "tiêu biểu../.".
fn with_closing_mark(text: &str) -> String {
    let body = text.trim_end();
    if body.ends_with("./.") {
        return body.to_owned();
    }
    format!("{}./.", body.trim_end_matches(['.', ',', ';', ':']))
}
