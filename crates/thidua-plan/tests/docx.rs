//! A real provincial guidance document (.docx) read into the plan model.

use thidua_plan::{NodeKind, docx_text, parse_plan_text};

fn test_data(rel: &str) -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/data").join(rel)
}

#[test]
fn the_hung_yen_guidance_reads_with_its_structure_recipients_and_signer() {
    let bytes = std::fs::read(test_data("docs/huong-dan-cum-khoi-thi-dua-hung-yen.docx")).unwrap();
    let text = docx_text(&bytes).unwrap();
    let plan = parse_plan_text(&text).unwrap();
    assert_eq!(plan.doc_type, "HƯỚNG DẪN");
    assert_eq!(plan.summary, "Tổ chức và hoạt động Cụm, Khối thi đua trên địa bàn tỉnh");
    let sections: Vec<&str> = plan.nodes.iter().filter(|n| n.kind == NodeKind::Section).map(|n| n.marker.as_str()).collect();
    assert!(sections.starts_with(&["I.", "II.", "III."]), "{sections:?}");
    assert!(plan.recipients.iter().any(|r| r.contains("Ban TĐKT TW")), "{:?}", plan.recipients);
    assert_eq!(plan.signer_authority, "TM. HỘI ĐỒNG TĐKT");
    assert_eq!(plan.signer_name, "Đặng Ngọc Quỳnh");
}

/// The bytes of a legacy-font string as Word stores them: each byte as the Windows-1252 character
/// the font draws in its place.
fn cp1252(hex: &str) -> String {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•',
        '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
    ];
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .map(|b| if (0x80..0xA0).contains(&b) { HIGH[(b - 0x80) as usize] } else { b as char })
        .collect()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// A minimal .docx: only word/document.xml, one paragraph per (font, text).
fn docx(paragraphs: &[(&str, String)]) -> Vec<u8> {
    let body: String = paragraphs
        .iter()
        .map(|(font, text)| {
            format!(
                r#"<w:p><w:r><w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
                escape(text)
            )
        })
        .collect();
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    z.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).unwrap();
    std::io::Write::write_all(&mut z, xml.as_bytes()).unwrap();
    z.finish().unwrap().into_inner()
}

#[test]
fn runs_in_tcvn3_and_vni_fonts_become_unicode_nfc() {
    let table = std::fs::read_to_string(test_data("text/thanh_hoa_2025_names_nfc_nfd_tcvn3_vni.tsv")).unwrap();
    let rows: Vec<Vec<&str>> = table.lines().skip(1).map(|l| l.trim_end_matches('\r').split('\t').collect()).take(40).collect();
    let mut paragraphs = vec![
        ("Times New Roman", "KẾ HOẠCH".to_owned()),
        ("Times New Roman", "Các phường, xã tham gia".to_owned()),
        ("Times New Roman", "I. ĐƠN VỊ".to_owned()),
    ];
    for (i, r) in rows.iter().enumerate() {
        let (font, text) = if i % 2 == 0 { (".VnTime", cp1252(r[3])) } else { ("VNI-Times", cp1252(r[4])) };
        paragraphs.push((font, format!("- {text}")));
    }
    let text = docx_text(&docx(&paragraphs)).unwrap();
    let plan = parse_plan_text(&text).unwrap();
    let bullets: Vec<&str> = plan.nodes[0].children.iter().map(|b| b.body.as_str()).collect();
    let expected: Vec<&str> = rows.iter().map(|r| r[1]).collect();
    assert_eq!(bullets, expected);
    use unicode_normalization::UnicodeNormalization;
    assert!(bullets.iter().all(|b| b.nfc().collect::<String>() == *b));
}
