//! A user guide ("Hướng dẫn sử dụng") as a printable PDF: a title page, the contents with each
//! section's page, then the sections: headings, paragraphs, numbered steps, notes and figures
//! (screenshots of the window, scaled to the text width, each with its caption). The same
//! A4 page, margins, Liberation Serif faces and page numbers as the official documents, so the
//! guide prints on the office's printer as they do; it is not an official document, so it has
//! no header block, number or signature.

use printpdf::{Mm, Op, PdfDocument, PdfPage, Pt, RawImage, RawImageData, RawImageFormat, XObjectId, XObjectTransform};
use thidua_model::IsoDate;
use thidua_text::nfc;

use crate::fonts::{Face, Faces};
use crate::layout::{BOTTOM, Described, LEADING, LEFT, MM, PAGE_H, PAGE_W, PARA_GAP, Pages, RenderError, TEXT_W, TOP, finish, text_ops};

/// The guide's body text: smaller than a decree's 14 pt, as a manual is read, not signed.
const BODY: f32 = 13.0;
/// A figure is never taller than this, so a tall screenshot leaves room for its caption.
const FIGURE_MAX_H: f32 = 150.0 * MM;

/// A guide: its title page and its sections.
#[derive(Debug, Clone, PartialEq)]
pub struct Manual {
    /// "HƯỚNG DẪN SỬ DỤNG".
    pub title: String,
    /// "Thi đua: báo cáo phong trào thi đua của Mặt trận Tổ quốc Việt Nam".
    pub subtitle: String,
    /// Lines under the subtitle: who it is for, the program's version.
    pub lines: Vec<String>,
    /// The PDF's author.
    pub author: String,
    /// The date printed on the title page and in the PDF's metadata.
    pub date: IsoDate,
    pub sections: Vec<ManualSection>,
}

/// One task or chapter: "3. Gửi báo cáo 6 tháng lên cấp trên".
#[derive(Debug, Clone, PartialEq)]
pub struct ManualSection {
    /// "3" or "3.2": printed before the title and used in the figures' numbers.
    pub number: String,
    pub title: String,
    pub blocks: Vec<ManualBlock>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ManualBlock {
    /// A justified paragraph.
    Paragraph(String),
    /// A sub-heading in bold inside a section.
    Heading(String),
    /// Numbered steps ("1. …", "2. …").
    Steps(Vec<String>),
    /// An aside in italic ("Lưu ý: …").
    Note(String),
    Figure(Figure),
}

/// A screenshot: its pixels (8-bit RGB, row by row from the top left) and its caption.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub width: usize,
    pub height: usize,
    pub rgb: Vec<u8>,
    pub caption: String,
}

/// Where each section begins, as the contents list it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManualPage {
    pub number: String,
    pub title: String,
    /// 1-based page number in the PDF.
    pub page: usize,
}

/// A guide rendered: the PDF, its page count and the page each section begins on (a screen's
/// help names it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedManual {
    pub pdf: Vec<u8>,
    pub pages: usize,
    pub sections: Vec<ManualPage>,
}

/// Lays out and renders the guide. Takes the manual by value: each figure's pixels move into
/// the PDF rather than being copied (a guide holds dozens of window-sized screenshots).
pub fn render_manual(mut manual: Manual) -> Result<RenderedManual, RenderError> {
    if manual.sections.is_empty() {
        return Err(RenderError::Empty);
    }
    let mut pdf = PdfDocument::new(&nfc(&manual.title));
    let faces = Faces::load(&mut pdf);
    // The images go into the document once each; the layout places them by id.
    let mut images = Vec::new();
    for block in manual.sections.iter_mut().flat_map(|s| &mut s.blocks) {
        if let ManualBlock::Figure(f) = block {
            if f.width == 0 || f.height == 0 || f.rgb.len() != f.width * f.height * 3 {
                return Err(RenderError::BadImage(f.caption.clone()));
            }
            let raw = RawImage {
                pixels: RawImageData::U8(std::mem::take(&mut f.rgb)),
                width: f.width,
                height: f.height,
                data_format: RawImageFormat::RGB8,
                tag: Vec::new(),
            };
            images.push(pdf.add_image(&raw));
        }
    }

    // The contents take a line a section: how many pages they fill does not depend on the page
    // numbers, so the body's first page is known before it is laid out.
    let listed: Vec<ManualPage> =
        manual.sections.iter().map(|s| ManualPage { number: s.number.clone(), title: s.title.clone(), page: 0 }).collect();
    let first_body_page = 2 + contents_pages(&faces, &listed).len();
    let mut p = Pages::new(&faces);
    let mut starts = Vec::new();
    let mut next_image = images.iter();
    for (i, section) in manual.sections.iter().enumerate() {
        if i > 0 {
            p.new_page();
        }
        starts.push(ManualPage { number: section.number.clone(), title: section.title.clone(), page: p.pages.len() + first_body_page - 1 });
        p.paragraph(Face::Bold, 16.0, &nfc(&format!("{}. {}", section.number, section.title)), 0.0, false);
        p.y -= 2.0 * PARA_GAP;
        let mut figure = 0;
        for block in &section.blocks {
            match block {
                ManualBlock::Paragraph(text) => p.paragraph(Face::Regular, BODY, &nfc(text), 0.0, false),
                ManualBlock::Heading(text) => {
                    let lines = p.wrap(Face::Bold, BODY, &nfc(text), TEXT_W, 0.0).len() as f32;
                    if p.y - (lines + 2.0) * BODY * LEADING < BOTTOM {
                        p.new_page();
                    }
                    p.y -= PARA_GAP;
                    p.paragraph(Face::Bold, BODY, &nfc(text), 0.0, false);
                }
                ManualBlock::Steps(steps) => {
                    for (n, step) in steps.iter().enumerate() {
                        p.paragraph_led(Face::Regular, BODY, &nfc(&format!("{}. {step}", n + 1)), 0.0, false, 1);
                        p.y -= PARA_GAP / 2.0;
                    }
                }
                ManualBlock::Note(text) => p.paragraph(Face::Italic, BODY, &nfc(text), 0.0, false),
                ManualBlock::Figure(f) => {
                    figure += 1;
                    let id = next_image.next().expect("one image per figure");
                    let caption = nfc(&format!("Hình {}.{figure}. {}", section.number, f.caption));
                    place_figure(&mut p, id, f, &caption);
                }
            }
            p.y -= PARA_GAP;
        }
    }
    let body = p.pages;

    let mut pages = vec![title_page(&faces, &manual)];
    pages.extend(contents_pages(&faces, &starts));
    pages.extend(body);
    // Page numbers from page 2, centred in the top margin, as in the documents.
    let total = pages.len();
    for (n, ops) in pages.iter_mut().enumerate().skip(1) {
        let label = format!("{}/{total}", n + 1);
        let x = LEFT + (TEXT_W - faces.width(Face::Regular, 11.0, &label)) / 2.0;
        ops.extend(text_ops(&faces, Face::Regular, 11.0, x, PAGE_H - 12.0 * MM, &label));
    }
    for start in &starts {
        pdf.add_bookmark(&nfc(&format!("{}. {}", start.number, start.title)), start.page);
    }
    let count = pages.len();
    let pages: Vec<PdfPage> = pages.into_iter().map(|ops| PdfPage::new(Mm(PAGE_W / MM), Mm(PAGE_H / MM), ops)).collect();
    let bytes =
        finish(pdf, pages, &Described { title: &manual.title, author: &manual.author, subject: &manual.subtitle, date: manual.date });
    Ok(RenderedManual { pdf: bytes, pages: count, sections: starts })
}

/// A figure at the text width (narrower if it would be taller than [`FIGURE_MAX_H`]), centred,
/// with a thin frame (a window's white edge would vanish into the paper) and its caption in
/// italic under it; figure and caption move to the next page together.
fn place_figure(p: &mut Pages<'_>, id: &XObjectId, f: &Figure, caption: &str) {
    let mut w = TEXT_W;
    let mut h = w * f.height as f32 / f.width as f32;
    if h > FIGURE_MAX_H {
        (w, h) = (w * FIGURE_MAX_H / h, FIGURE_MAX_H);
    }
    let caption_h = p.wrap(Face::Italic, 11.0, caption, TEXT_W, 0.0).len() as f32 * 11.0 * LEADING;
    if p.y - h - 4.0 - caption_h < BOTTOM && p.y < TOP {
        p.new_page();
    }
    let x = LEFT + (TEXT_W - w) / 2.0;
    let bottom = p.y - h;
    // At 72 dpi a pixel is a point; the scale brings the image to the width chosen.
    let scale = w / f.width as f32;
    p.ops().push(Op::UseXobject {
        id: id.clone(),
        transform: XObjectTransform {
            translate_x: Some(Pt(x)),
            translate_y: Some(Pt(bottom)),
            scale_x: Some(scale),
            scale_y: Some(scale),
            dpi: Some(72.0),
            rotate: None,
            no_auto_scale: false,
        },
    });
    for (x0, y0, x1, y1) in
        [(x, bottom, x + w, bottom), (x + w, bottom, x + w, bottom + h), (x + w, bottom + h, x, bottom + h), (x, bottom + h, x, bottom)]
    {
        p.ops().extend(crate::layout::line_ops(0.5, x0, y0, x1, y1));
    }
    p.y = bottom - 4.0;
    p.paragraph(Face::Italic, 11.0, caption, 0.0, true);
}

/// The title, centred in the upper third; the subtitle and lines under it; the date at the foot.
fn title_page(faces: &Faces, manual: &Manual) -> Vec<Op> {
    let mut p = Pages::new(faces);
    p.y = TOP - 60.0 * MM;
    p.paragraph(Face::Bold, 24.0, &nfc(&manual.title), 0.0, true);
    p.y -= 10.0 * MM;
    p.paragraph(Face::Bold, 16.0, &nfc(&manual.subtitle), 0.0, true);
    p.y -= 8.0 * MM;
    for line in &manual.lines {
        p.paragraph(Face::Regular, BODY, &nfc(line), 0.0, true);
        p.y -= PARA_GAP;
    }
    let date = format!("Ngày {:02} tháng {} năm {}", manual.date.day(), manual.date.month(), manual.date.year());
    p.y = BOTTOM + 20.0 * MM;
    p.paragraph(Face::Italic, BODY, &date, 0.0, true);
    p.pages.remove(0)
}

/// "MỤC LỤC": each section with a dotted leader to its page number.
fn contents_pages(faces: &Faces, starts: &[ManualPage]) -> Vec<Vec<Op>> {
    let mut p = Pages::new(faces);
    p.paragraph(Face::Bold, 16.0, "MỤC LỤC", 0.0, true);
    p.y -= 2.0 * PARA_GAP;
    for start in starts {
        let baseline = p.next_line(BODY);
        let label = nfc(&format!("{}. {}", start.number, start.title));
        let page = start.page.to_string();
        let page_w = faces.width(Face::Regular, BODY, &page);
        let label_w = faces.width(Face::Regular, BODY, &label);
        p.text(Face::Regular, BODY, LEFT, baseline, &label);
        p.text(Face::Regular, BODY, LEFT + TEXT_W - page_w, baseline, &page);
        let dot = faces.width(Face::Regular, BODY, ".");
        let room = TEXT_W - label_w - page_w - 12.0;
        if room > dot {
            let dots = ".".repeat((room / dot) as usize);
            let x = LEFT + TEXT_W - page_w - 6.0 - faces.width(Face::Regular, BODY, &dots);
            p.text(Face::Regular, BODY, x, baseline, &dots);
        }
        p.y -= PARA_GAP / 2.0;
    }
    p.pages
}
