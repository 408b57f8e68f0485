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
        // Fixed ids rather than printpdf's `add_font`, which draws them from a process-wide
        // counter: the same document must give the same bytes in a long-running app too.
        // Six capitals: PDF readers take such a prefix before "+" as the mark of a subset font.
        let ids = ["TDREGU", "TDBOLD", "TDITAL", "TDBOIT"].map(|name| FontId(name.to_owned()));
        for (id, font) in ids.iter().zip(&parsed) {
            doc.resources.fonts.map.insert(id.clone(), printpdf::PdfFont::new(font.clone()));
        }
        Self { parsed, ids }
    }

    /// Which face an id stands for (the preview draws it with the matching CSS font).
    pub fn face_of(&self, id: &FontId) -> Face {
        [Face::Regular, Face::Bold, Face::Italic, Face::BoldItalic]
            .into_iter()
            .find(|f| &self.ids[index(*f)] == id)
            .unwrap_or(Face::Regular)
    }

    pub fn id(&self, face: Face) -> FontId {
        self.ids[index(face)].clone()
    }

    /// The advance width of `text` in points.
    pub fn width(&self, face: Face, size: f32, text: &str) -> f32 {
        let font = &self.parsed[index(face)];
        let upem = f32::from(font.pdf_font_metrics.units_per_em.max(1));
        let advance = |c: char| font.lookup_glyph_index(c as u32).map(|g| font.get_horizontal_advance(g));
        let fallback = advance('?').unwrap_or(500);
        let units: u32 = text.chars().map(|c| u32::from(advance(c).unwrap_or(fallback))).sum();
        units as f32 / upem * size
    }
}
