//! The text of a Word document (.docx), paragraph by paragraph, with runs typed in the legacy
//! Vietnamese fonts converted to Unicode by the font their run names: `.VnTime`, `.VnArial`…
//! (TCVN3, ABC) and `VNI-Times`… (VNI). What it returns is what [`crate::parse_plan_text`] reads.

use std::io::{Cursor, Read};

use quick_xml::events::Event;
use thidua_text::{Legacy, decode_legacy};

/// Why a file is not read as a Word document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocxError {
    #[error("Tệp Word được đặt mật khẩu (hoặc là tệp .doc cũ): hãy mở bằng Word, bỏ mật khẩu hoặc lưu lại dạng .docx rồi nhập lại.")]
    Protected,
    #[error("Tệp không phải văn bản Word (.docx): hãy chọn đúng tệp, hoặc lưu kế hoạch dạng .docx hay .txt.")]
    NotWord,
    #[error("Tệp Word bị hỏng ({0}): hãy mở bằng Word và lưu lại rồi nhập lại.")]
    Damaged(String),
}

/// The most a document.xml may expand to (a 200-page plan is a few MB).
const MAX_DOCUMENT_XML: u64 = 32 * 1024 * 1024;

/// The legacy encoding a run's font implies, if any.
fn legacy_of(font: &str) -> Option<Legacy> {
    let f = font.trim().to_lowercase();
    if f.starts_with(".vn") || f.starts_with("vn3") || f.starts_with("abc") {
        Some(Legacy::Tcvn3)
    } else if f.starts_with("vni") {
        Some(Legacy::Vni)
    } else {
        None
    }
}

/// The paragraphs of a .docx, one per line (line breaks inside a paragraph too), NFC.
pub fn docx_text(bytes: &[u8]) -> Result<String, DocxError> {
    // An encrypted .docx (and a .doc) is an OLE compound file, not a zip.
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Err(DocxError::Protected);
    }
    if !bytes.starts_with(b"PK") {
        return Err(DocxError::NotWord);
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| DocxError::Damaged(e.to_string()))?;
    let mut entry = zip.by_name("word/document.xml").map_err(|_| DocxError::NotWord)?;
    if entry.size() > MAX_DOCUMENT_XML {
        return Err(DocxError::Damaged("nội dung quá lớn".into()));
    }
    let mut xml = String::new();
    (&mut entry).take(MAX_DOCUMENT_XML + 1).read_to_string(&mut xml).map_err(|e| DocxError::Damaged(e.to_string()))?;
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut out = String::new();
    let mut font: Option<Legacy> = None;
    let mut in_text = false;
    loop {
        match reader.read_event().map_err(|e| DocxError::Damaged(e.to_string()))? {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "r" => font = None,
                "rFonts" => {
                    for a in e.attributes().flatten() {
                        if matches!(a.key.local_name().as_ref(), "ascii" | "hAnsi") {
                            // Font names carry no entities: the raw value is the name.
                            if let Some(l) = legacy_of(&a.value) {
                                font = Some(l);
                            }
                        }
                    }
                }
                "t" => in_text = true,
                "br" | "cr" => out.push('\n'),
                "tab" => out.push(' '),
                _ => {}
            },
            Event::Text(t) if in_text => {
                let text = t.xml10_content();
                match font {
                    Some(l) => out.push_str(&decode_legacy(&text, l)),
                    None => out.push_str(&text),
                }
            }
            Event::GeneralRef(r) if in_text => {
                // Entities inside text (&amp; …) arrive on their own.
                out.push_str(match &*r {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => "",
                });
            }
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "p" => out.push('\n'),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(thidua_text::nfc(&out.replace('\u{a0}', " ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fonts_name_their_legacy_encoding() {
        assert_eq!(legacy_of(".VnTime"), Some(Legacy::Tcvn3));
        assert_eq!(legacy_of(".VnTimeH"), Some(Legacy::Tcvn3));
        assert_eq!(legacy_of("VNI-Times"), Some(Legacy::Vni));
        assert_eq!(legacy_of("Times New Roman"), None);
    }

    #[test]
    fn what_is_not_a_docx_is_refused_with_what_to_do() {
        assert_eq!(docx_text(b"KE HOACH"), Err(DocxError::NotWord));
        let ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0];
        assert_eq!(docx_text(&ole), Err(DocxError::Protected));
        assert!(matches!(docx_text(b"PK\x03\x04 broken"), Err(DocxError::Damaged(_))));
    }
}
