//! Reading a PDF back: the verification code drawn on its pages (as the program draws it, in
//! filled squares, or in a scanned page's image) and the text it prints, placed, so the figures
//! on the paper can be set beside the figures held.

use lopdf::content::Content;
use lopdf::{Document, Object, ObjectId};

use crate::{AttestError, GreyImage, SignedStatement, read_codes_in_image, read_image};

/// The most a page's content or an image may inflate to: a crafted file cannot exhaust memory.
const MAX_STREAM: usize = 64 * 1024 * 1024;

/// A run of text as placed on a page: its start, in points from the page's bottom left.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedText {
    pub x: f32,
    pub y: f32,
    pub text: String,
    /// Its operator's place among the page's content operations.
    pub op: usize,
}

/// A filled rectangle, in points.
#[derive(Debug, Clone, Copy, PartialEq)]
struct FilledRect {
    x: f32,
    y: f32,
    w: f32,
    h: f32,
}

/// What a PDF's pages hold, in page order.
#[derive(Debug, Default)]
pub struct PdfReading {
    pub pages: Vec<PageReading>,
}

#[derive(Debug, Default)]
pub struct PageReading {
    pub texts: Vec<PlacedText>,
    rects: Vec<FilledRect>,
    images: Vec<GreyImage>,
}

impl PdfReading {
    /// Reads `bytes` as a PDF. Only a file that is not a PDF at all is refused; a page that
    /// cannot be read is read as empty.
    pub fn read(bytes: &[u8]) -> Result<Self, AttestError> {
        if !bytes.starts_with(b"%PDF") {
            return Err(AttestError::Pdf("tệp không bắt đầu bằng %PDF".into()));
        }
        let doc = Document::load_mem(bytes).map_err(|e| AttestError::Pdf(e.to_string()))?;
        let pages = doc.get_pages().into_values().map(|id| read_page(&doc, id)).collect();
        Ok(Self { pages })
    }

    /// The Thi đua code on the document, looked for from the last page back (where it is
    /// printed): first in the squares the program draws, then in the pages' images (a scan).
    pub fn code(&self) -> Result<SignedStatement, AttestError> {
        self.located_code().map(|(_, signed)| signed)
    }

    /// As [`PdfReading::code`], with the index of the page it is printed on (a file of
    /// certificates has one on every page; the last is read).
    pub fn located_code(&self) -> Result<(usize, SignedStatement), AttestError> {
        let mut first_error = None;
        for (index, page) in self.pages.iter().enumerate().rev() {
            let candidates = qr_from_rects(&page.rects).into_iter().chain(page.images.iter().cloned());
            for image in candidates {
                match read_codes_in_image(&image) {
                    Ok(signed) => return Ok((index, signed)),
                    Err(AttestError::NoCodeInImage) => {}
                    Err(e) => first_error = first_error.or(Some(e)),
                }
            }
        }
        Err(first_error.unwrap_or(AttestError::NoCodeInImage))
    }

    /// The last cell of the first printed row whose first cell is `first_cell` (an indicator's
    /// code in a report's table: the row's figure), in reading order; `Some("")` when the row has
    /// no other cell, `None` when no such row is printed.
    pub fn row_end(&self, first_cell: &str) -> Option<String> {
        self.row_end_placed(first_cell).map(|(_, t)| t.map(|t| t.text.trim().to_owned()).unwrap_or_default())
    }

    /// As [`PdfReading::row_end`], with the page's index and the cell as placed.
    pub fn row_end_placed(&self, first_cell: &str) -> Option<(usize, Option<&PlacedText>)> {
        for (index, page) in self.pages.iter().enumerate() {
            let mut starts: Vec<&PlacedText> = page.texts.iter().filter(|t| t.text.trim() == first_cell).collect();
            starts.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
            if let Some(start) = starts.first() {
                let last =
                    page.texts.iter().filter(|t| (t.y - start.y).abs() < 1.0 && t.x > start.x + 1.0).max_by(|a, b| a.x.total_cmp(&b.x));
                return Some((index, last));
            }
        }
        None
    }
}

fn read_page(doc: &Document, page: ObjectId) -> PageReading {
    let mut reading = PageReading::default();
    let fonts = doc.get_page_fonts(page).unwrap_or_default();
    let encodings: Vec<(Vec<u8>, lopdf::Encoding<'_>)> = fonts
        .iter()
        .filter_map(|(name, font)| font.get_font_encoding_with_limit(doc, MAX_STREAM).ok().map(|e| (name.clone(), e)))
        .collect();
    if let Ok(content) = doc.get_page_content_with_limit(page, MAX_STREAM)
        && let Ok(content) = Content::decode(&content)
    {
        walk(&content, &encodings, &mut reading);
    }
    for image in doc.get_page_images(page).unwrap_or_default() {
        if let Some(grey) = image_of(doc, &image) {
            reading.images.push(grey);
        }
    }
    reading
}

fn number(o: &Object) -> Option<f32> {
    o.as_float().ok().or_else(|| o.as_i64().ok().map(|i| i as f32))
}

/// Text placed by `Td`, `TD` and `Tm` (what the program and most writers use) and filled
/// rectangles; other operators are passed over.
fn walk(content: &Content, encodings: &[(Vec<u8>, lopdf::Encoding<'_>)], out: &mut PageReading) {
    let mut font: Option<usize> = None;
    let (mut line_x, mut line_y) = (0.0f32, 0.0f32);
    let mut pending_rects: Vec<FilledRect> = Vec::new();
    for (index, op) in content.operations.iter().enumerate() {
        let nums: Vec<f32> = op.operands.iter().filter_map(number).collect();
        match op.operator.as_str() {
            "BT" => (line_x, line_y) = (0.0, 0.0),
            "Tf" => {
                font = op.operands.first().and_then(|o| o.as_name().ok()).and_then(|n| encodings.iter().position(|(name, _)| name == n));
            }
            "Td" | "TD" if nums.len() == 2 => {
                line_x += nums[0];
                line_y += nums[1];
            }
            "Tm" if nums.len() == 6 => (line_x, line_y) = (nums[4], nums[5]),
            "Tj" | "TJ" => {
                let Some(encoding) = font.map(|i| &encodings[i].1) else { continue };
                let mut text = String::new();
                let mut add = |o: &Object| {
                    if let Ok(bytes) = o.as_str()
                        && let Ok(s) = encoding.bytes_to_string(bytes)
                    {
                        text.push_str(&s);
                    }
                };
                match op.operands.first() {
                    Some(Object::Array(parts)) => parts.iter().for_each(&mut add),
                    Some(o) => add(o),
                    None => {}
                }
                if !text.trim().is_empty() {
                    out.texts.push(PlacedText { x: line_x, y: line_y, text: thidua_text::nfc(&text), op: index });
                }
            }
            "re" if nums.len() == 4 => pending_rects.push(FilledRect { x: nums[0], y: nums[1], w: nums[2], h: nums[3] }),
            "f" | "F" | "f*" => out.rects.append(&mut pending_rects),
            "S" | "s" | "n" | "B" | "B*" | "b" | "b*" => pending_rects.clear(),
            _ => {}
        }
    }
}

/// The QR symbol drawn as filled squares, rebuilt as an image: the squares of the smallest
/// height are the modules (the program draws each row's runs of dark modules).
fn qr_from_rects(rects: &[FilledRect]) -> Option<GreyImage> {
    let module = rects.iter().map(|r| r.h.abs()).filter(|h| *h > 0.1).min_by(f32::total_cmp)?;
    let modules: Vec<&FilledRect> = rects.iter().filter(|r| (r.h.abs() - module).abs() < module * 0.05).collect();
    let left = modules.iter().map(|r| r.x.min(r.x + r.w)).min_by(f32::total_cmp)?;
    let top = modules.iter().map(|r| r.y.max(r.y + r.h)).max_by(f32::total_cmp)?;
    let right = modules.iter().map(|r| r.x.max(r.x + r.w)).max_by(f32::total_cmp)?;
    let bottom = modules.iter().map(|r| r.y.min(r.y + r.h)).min_by(f32::total_cmp)?;
    let cols = ((right - left) / module).round() as usize;
    let rows = ((top - bottom) / module).round() as usize;
    if !(21..=177).contains(&cols) || !(21..=177).contains(&rows) {
        return None;
    }
    const SCALE: usize = 4;
    const QUIET: usize = 4;
    let (width, height) = ((cols + 2 * QUIET) * SCALE, (rows + 2 * QUIET) * SCALE);
    let mut pixels = vec![255u8; width * height];
    for r in modules {
        let x0 = ((r.x.min(r.x + r.w) - left) / module).round() as usize;
        let x1 = ((r.x.max(r.x + r.w) - left) / module).round() as usize;
        let y0 = ((top - r.y.max(r.y + r.h)) / module).round() as usize;
        for py in (y0 + QUIET) * SCALE..(y0 + QUIET + 1) * SCALE {
            let row = &mut pixels[py * width..(py + 1) * width];
            row[(x0 + QUIET) * SCALE..(x1.min(cols) + QUIET) * SCALE].fill(0);
        }
    }
    Some(GreyImage { width, height, pixels })
}

/// A page's image as grey: a JPEG (what a scanner writes), or 8-bit grey or RGB samples.
fn image_of(doc: &Document, image: &lopdf::xobject::PdfImage<'_>) -> Option<GreyImage> {
    let filters = image.filters.clone().unwrap_or_default();
    if filters.iter().any(|f| f == "DCTDecode") {
        return read_image(image.content).ok();
    }
    let stream = doc.get_object(image.id).ok()?.as_stream().ok()?;
    let samples = if filters.is_empty() { image.content.to_vec() } else { stream.decompressed_content_with_limit(MAX_STREAM).ok()? };
    let (width, height) = (usize::try_from(image.width).ok()?, usize::try_from(image.height).ok()?);
    if image.bits_per_component != Some(8) || width == 0 || height == 0 {
        return None;
    }
    let channels = match image.color_space.as_deref() {
        Some("DeviceGray") => 1,
        Some("DeviceRGB") => 3,
        _ => return None,
    };
    if samples.len() < width * height * channels {
        return None;
    }
    let pixels = samples
        .chunks_exact(channels)
        .take(width * height)
        .map(|p| if channels == 1 { p[0] } else { ((u32::from(p[0]) * 299 + u32::from(p[1]) * 587 + u32::from(p[2]) * 114) / 1000) as u8 })
        .collect();
    Some(GreyImage { width, height, pixels })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_not_a_pdf_is_refused_and_a_broken_one_does_not_panic() {
        assert!(matches!(PdfReading::read(b"hello"), Err(AttestError::Pdf(_))));
        assert!(matches!(PdfReading::read(b"%PDF-1.7\n1 0 obj <<"), Err(AttestError::Pdf(_))));
    }

    #[test]
    fn squares_of_a_symbol_read_back() {
        use crate::statement::tests::sample;
        let signed = sample().sign(&thidua_bundle::KeyPair::generate().unwrap()).unwrap();
        let matrix = crate::qr_matrix(&signed.to_code().unwrap()).unwrap();
        let m = 1.7f32;
        let mut rects = Vec::new();
        for y in 0..matrix.size {
            for x in 0..matrix.size {
                if matrix.is_dark(x, y) {
                    rects.push(FilledRect { x: 100.0 + x as f32 * m, y: 300.0 - (y + 1) as f32 * m, w: m, h: m });
                }
            }
        }
        let image = qr_from_rects(&rects).unwrap();
        assert_eq!(read_codes_in_image(&image).unwrap(), signed);
    }
}
