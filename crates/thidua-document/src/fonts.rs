//! The four faces of Liberation Serif, shipped in assets/fonts (SIL OFL), and their widths.

use printpdf::{FontId, ParsedFont, PdfDocument};

const REGULAR: &[u8] = include_bytes!("../../../assets/fonts/LiberationSerif-Regular.ttf");
const BOLD: &[u8] = include_bytes!("../../../assets/fonts/LiberationSerif-Bold.ttf");
const ITALIC: &[u8] = include_bytes!("../../../assets/fonts/LiberationSerif-Italic.ttf");
const BOLD_ITALIC: &[u8] = include_bytes!("../../../assets/fonts/LiberationSerif-BoldItalic.ttf");

/// Which face a run of text is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Face {
    Regular,
    Bold,
    Italic,
    BoldItalic,
}

/// The faces, parsed once and added to one document.
pub struct Faces {
    parsed: [ParsedFont; 4],
    ids: [FontId; 4],
}

fn index(face: Face) -> usize {
    match face {
        Face::Regular => 0,
        Face::Bold => 1,
        Face::Italic => 2,
        Face::BoldItalic => 3,
    }
}

impl Faces {
    pub fn load(doc: &mut PdfDocument) -> Self {
        let parse = |bytes: &[u8]| ParsedFont::from_bytes(bytes, 0, &mut Vec::new()).expect("the shipped Liberation Serif faces parse");
        let parsed = [parse(REGULAR), parse(BOLD), parse(ITALIC), parse(BOLD_ITALIC)];
        let ids = [doc.add_font(&parsed[0]), doc.add_font(&parsed[1]), doc.add_font(&parsed[2]), doc.add_font(&parsed[3])];
        Self { parsed, ids }
    }

    pub fn id(&self, face: Face) -> FontId {
        self.ids[index(face)].clone()
    }

    /// The advance width of `text` in points.
    pub fn width(&self, face: Face, size: f32, text: &str) -> f32 {
        let font = &self.parsed[index(face)];
        let upem = f32::from(font.units_per_em.max(1));
        let fallback = font.lookup_glyph_index('?' as u32).and_then(|g| font.get_glyph_width(g)).unwrap_or(500);
        let units: u32 = text
            .chars()
            .map(|c| u32::from(font.lookup_glyph_index(c as u32).and_then(|g| font.get_glyph_width(g)).unwrap_or(fallback)))
            .sum();
        units as f32 / upem * size
    }
}
