//! Pages as SVG, from the same drawing operations as the PDF: the app's print preview shows
//! every word where the PDF puts it, in the same font.

use printpdf::{Op, PdfFontHandle, TextItem};

use crate::fonts::{Face, Faces};

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// One page (`width` × `height` points) as an SVG document in points, y down.
pub(crate) fn page(faces: &Faces, width: f32, height: f32, ops: &[Op]) -> String {
    let orientation = if width > height { "landscape" } else { "portrait" };
    let mut out = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.2} {height:.2}" data-orientation="{orientation}" font-family="Thi dua Serif, Liberation Serif, Times New Roman, serif"><rect width="100%" height="100%" fill="white"/>"#
    );
    let (mut face, mut size, mut x, mut y, mut thickness) = (Face::Regular, 14.0, 0.0, 0.0, 0.6);
    for op in ops {
        match op {
            Op::SetFont { font: PdfFontHandle::External(id), size: s } => {
                face = faces.face_of(id);
                size = s.0;
            }
            Op::SetTextCursor { pos } => {
                x = pos.x.0;
                y = height - pos.y.0;
            }
            Op::ShowText { items } => {
                let text: String = items.iter().filter_map(|i| if let TextItem::Text(t) = i { Some(t.as_str()) } else { None }).collect();
                let weight = if matches!(face, Face::Bold | Face::BoldItalic) { "700" } else { "400" };
                let style = if matches!(face, Face::Italic | Face::BoldItalic) { "italic" } else { "normal" };
                out.push_str(&format!(
                    r#"<text x="{x:.2}" y="{y:.2}" font-size="{size}" font-weight="{weight}" font-style="{style}" xml:space="preserve">{}</text>"#,
                    escape(&text)
                ));
            }
            Op::SetOutlineThickness { pt } => thickness = pt.0,
            Op::DrawLine { line } => {
                for pair in line.points.windows(2) {
                    let (a, b) = (&pair[0].p, &pair[1].p);
                    out.push_str(&format!(
                        r#"<line x1="{:.2}" y1="{:.2}" x2="{:.2}" y2="{:.2}" stroke="black" stroke-width="{thickness}"/>"#,
                        a.x.0,
                        height - a.y.0,
                        b.x.0,
                        height - b.y.0
                    ));
                }
            }
            // The verification code's modules: filled runs, black (the only fill drawn).
            Op::DrawRectangle { rectangle } => {
                out.push_str(&format!(
                    r#"<rect x="{:.2}" y="{:.2}" width="{:.2}" height="{:.2}" fill="black" shape-rendering="crispEdges"/>"#,
                    rectangle.x.0,
                    height - rectangle.y.0 - rectangle.height.0,
                    rectangle.width.0,
                    rectangle.height.0
                ));
            }
            _ => {}
        }
    }
    out.push_str("</svg>");
    out
}
