//! Certificates (giấy khen, bằng khen): one A4 landscape page per awardee, ready for the
//! printer (on plain paper or on the printed blanks offices buy, whose frame the border here
//! stands in for). Every line is centred: the national motto, the body that awards, the form in
//! large capitals, the awardee's name, role and achievement; under them the decision's number
//! and date on the left and the place, date and signer on the right. A certificate printed from
//! a decision carries its own verification code in the bottom left corner, inside the frame.

use printpdf::{Mm, Op, PdfDocument, PdfPage};
use thidua_model::IsoDate;
use thidua_text::nfc;

use crate::fonts::{Face, Faces};
use crate::layout::{CAPTION, Described, MODULE, PrintedCode, QUIET, RenderError, finish, line_ops, qr_ops, text_ops};

const MM: f32 = 72.0 / 25.4;
const PAGE_W: f32 = 297.0 * MM;
const PAGE_H: f32 = 210.0 * MM;
/// The frame, inside the printer's safe margin.
const FRAME: f32 = 12.0 * MM;
const LEFT: f32 = 30.0 * MM;
const RIGHT: f32 = PAGE_W - 30.0 * MM;
const WIDTH: f32 = RIGHT - LEFT;

/// One certificate as printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certificate {
    /// The body that awards, one line each in capitals: "BAN THƯỜNG TRỰC", "ỦY BAN MTTQ VIỆT NAM
    /// TỈNH THANH HÓA".
    pub issuer: Vec<String>,
    /// "BẰNG KHEN", "GIẤY KHEN".
    pub form: String,
    pub awardee: String,
    /// Chức vụ, đơn vị (an individual) or where the collective belongs; may be empty.
    pub role: String,
    /// "Đã có thành tích xuất sắc trong phong trào thi đua … năm 2022".
    pub achievement: String,
    /// "Quyết định số 05/QĐ-MTTQ-BTT ngày 20/12/2022".
    pub decision: String,
    /// "Thanh Hóa, ngày 20 tháng 12 năm 2022".
    pub place_date: String,
    pub signer_authority: String,
    pub signer_title: String,
    pub signer_name: String,
    /// The awardee's verification code (`docs/VERIFICATION_CODE.md`, a certificate's content).
    pub verification: Option<PrintedCode>,
}

/// Lines of `text` no wider than `width`, as even as the words allow.
fn lines(faces: &Faces, face: Face, size: f32, text: &str, width: f32) -> Vec<String> {
    let greedy = |limit: f32| {
        let mut out: Vec<String> = Vec::new();
        for word in text.split_whitespace() {
            match out.last_mut() {
                Some(line) if faces.width(face, size, &format!("{line} {word}")) <= limit => {
                    line.push(' ');
                    line.push_str(word);
                }
                _ => out.push(word.to_owned()),
            }
        }
        out
    };
    let full = greedy(width);
    if full.len() < 2 {
        return full;
    }
    // The narrowest width that keeps as many lines: no word left alone on the last one.
    let (mut narrow, mut wide) = (width / full.len() as f32 * 0.5, width);
    for _ in 0..20 {
        let mid = (narrow + wide) / 2.0;
        if greedy(mid).len() <= full.len() {
            wide = mid;
        } else {
            narrow = mid;
        }
    }
    greedy(wide)
}

struct Page<'a> {
    faces: &'a Faces,
    ops: Vec<Op>,
}

impl Page<'_> {
    /// `text` centred on `x` at baseline `y`.
    fn centred(&mut self, face: Face, size: f32, x: f32, y: f32, text: &str) {
        let w = self.faces.width(face, size, text);
        self.ops.extend(text_ops(self.faces, face, size, x - w / 2.0, y, text));
    }

    fn rule(&mut self, thickness: f32, x0: f32, y0: f32, x1: f32, y1: f32) {
        self.ops.extend(line_ops(thickness, x0, y0, x1, y1));
    }

    fn frame(&mut self, inset: f32, thickness: f32) {
        let (l, r, b, t) = (inset, PAGE_W - inset, inset, PAGE_H - inset);
        self.rule(thickness, l, b, r, b);
        self.rule(thickness, r, b, r, t);
        self.rule(thickness, r, t, l, t);
        self.rule(thickness, l, t, l, b);
    }
}

fn lay_out(faces: &Faces, c: &Certificate) -> Vec<Op> {
    let mut p = Page { faces, ops: Vec::new() };
    p.frame(FRAME, 2.0);
    p.frame(FRAME + 2.0 * MM, 0.6);
    let mid = PAGE_W / 2.0;
    let mut y = PAGE_H - 28.0 * MM;
    p.centred(Face::Bold, 14.0, mid, y, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    y -= 17.0;
    let slogan = "Độc lập - Tự do - Hạnh phúc";
    p.centred(Face::Bold, 14.0, mid, y, slogan);
    let w = faces.width(Face::Bold, 14.0, slogan);
    p.rule(0.6, mid - w / 2.0, y - 5.0, mid + w / 2.0, y - 5.0);
    y -= 30.0;
    for line in &c.issuer {
        p.centred(Face::Bold, 16.0, mid, y, &nfc(line));
        y -= 20.0;
    }
    y -= 2.0;
    p.centred(Face::Bold, 15.0, mid, y, "TẶNG");
    y -= 50.0;
    let form = nfc(&c.form).to_uppercase();
    let form_size = if faces.width(Face::Bold, 44.0, &form) <= WIDTH { 44.0 } else { 32.0 };
    p.centred(Face::Bold, form_size, mid, y, &form);
    y -= 44.0;
    for line in lines(faces, Face::Bold, 24.0, &nfc(&c.awardee), WIDTH) {
        p.centred(Face::Bold, 24.0, mid, y, &line);
        y -= 28.0;
    }
    if !c.role.trim().is_empty() {
        for line in lines(faces, Face::Italic, 15.0, &nfc(&c.role), WIDTH) {
            p.centred(Face::Italic, 15.0, mid, y, &line);
            y -= 19.0;
        }
    }
    y -= 6.0;
    for line in lines(faces, Face::Regular, 16.0, &nfc(&c.achievement), WIDTH) {
        p.centred(Face::Regular, 16.0, mid, y, &line);
        y -= 20.0;
    }

    // The bottom band: the decision (left) and the signer (right), from a fixed line, so every
    // certificate of a decision puts its signature in the same place.
    let band = 62.0 * MM;
    let (left_mid, right_mid) = (LEFT + WIDTH * 0.22, LEFT + WIDTH * 0.72);
    let decision = nfc(&c.decision);
    let mut dy = band - 18.0;
    for line in lines(faces, Face::Regular, 13.0, &decision, WIDTH * 0.4) {
        p.centred(Face::Regular, 13.0, left_mid, dy, &line);
        dy -= 16.0;
    }
    let mut sy = band;
    p.centred(Face::Italic, 14.0, right_mid, sy, &nfc(&c.place_date));
    sy -= 18.0;
    for line in std::iter::once(c.signer_authority.as_str()).chain(c.signer_title.lines()).filter(|l| !l.trim().is_empty()) {
        p.centred(Face::Bold, 13.0, right_mid, sy, &nfc(line));
        sy -= 16.0;
    }
    p.centred(Face::Bold, 14.0, right_mid, sy - 22.0 * MM, &nfc(&c.signer_name));
    if let Some(code) = &c.verification {
        // Bottom left, a quiet zone clear of the inner frame and under the decision's lines;
        // the caption beside it, since the frame leaves no room beneath.
        let bottom = FRAME + 2.0 * MM + QUIET;
        let side = code.size as f32 * MODULE;
        p.ops.extend(qr_ops(code, LEFT, bottom + side));
        let x = LEFT + side + QUIET;
        p.ops.extend(text_ops(faces, Face::Regular, CAPTION, x, bottom + CAPTION * 1.3, "Mã kiểm tra:"));
        p.ops.extend(text_ops(faces, Face::Regular, CAPTION, x, bottom, &code.short_code));
    }
    p.ops
}

/// The certificates of one decision as one PDF, a page each, in order.
pub fn render_certificates(certificates: &[Certificate], title: &str, author: &str, date: IsoDate) -> Result<Vec<u8>, RenderError> {
    if certificates.is_empty() {
        return Err(RenderError::Empty);
    }
    let mut pdf = PdfDocument::new(&nfc(title));
    let faces = Faces::load(&mut pdf);
    let pages = certificates.iter().map(|c| PdfPage::new(Mm(PAGE_W / MM), Mm(PAGE_H / MM), lay_out(&faces, c))).collect();
    Ok(finish(pdf, pages, &Described { title, author, subject: title, date }))
}

/// The same pages as SVG, for the print preview.
pub fn render_certificates_svg(certificates: &[Certificate]) -> Result<Vec<String>, RenderError> {
    if certificates.is_empty() {
        return Err(RenderError::Empty);
    }
    let faces = Faces::load(&mut PdfDocument::new(""));
    Ok(certificates.iter().map(|c| crate::svg::page(&faces, PAGE_W, PAGE_H, &lay_out(&faces, c))).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_achievement_breaks_into_even_lines_inside_the_width() {
        let faces = Faces::load(&mut PdfDocument::new(""));
        let text = "Đã có thành tích xuất sắc trong phong trào thi đua “Đoàn kết sáng tạo” và cuộc vận động xây dựng nông thôn mới, đô thị văn minh năm 2022";
        let out = lines(&faces, Face::Regular, 16.0, text, WIDTH);
        assert_eq!(out.len(), 2);
        assert_eq!(out.join(" "), text);
        let widths: Vec<f32> = out.iter().map(|l| faces.width(Face::Regular, 16.0, l)).collect();
        assert!(widths.iter().all(|w| *w <= WIDTH));
        assert!((widths[0] - widths[1]).abs() < WIDTH * 0.25, "{widths:?}");
    }

    #[test]
    fn no_certificates_is_an_error_not_an_empty_file() {
        let day = IsoDate::parse("2022-12-20").unwrap();
        assert!(matches!(render_certificates(&[], "x", "y", day), Err(RenderError::Empty)));
    }
}
