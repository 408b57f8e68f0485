//! Editing a printed report's PDF as a forger would: two rows' figures swapped, the QR code
//! left as it was. Shared by the API, CLI and end-to-end tests of the verification code.

// Each test crate that includes this module uses a part of it.
#![allow(dead_code)]

use std::path::Path;

use thidua_attest::PdfReading;

/// Writes `pdf` to `to` with the last cells of the rows starting `first` and `second` (two
/// indicators' figures) swapped.
pub fn swap_cells(pdf: &Path, to: &Path, first: &str, second: &str) {
    let bytes = std::fs::read(pdf).unwrap();
    let reading = PdfReading::read(&bytes).unwrap();
    let (page_a, a) = reading.row_end_placed(first).unwrap();
    let (page_b, b) = reading.row_end_placed(second).unwrap();
    assert_eq!(page_a, page_b, "both rows on one page");
    let (a, b) = (a.unwrap().op, b.unwrap().op);
    let mut doc = lopdf::Document::load_mem(&bytes).unwrap();
    let page_id = doc.get_pages()[&(page_a as u32 + 1)];
    let mut content = lopdf::content::Content::decode(&doc.get_page_content(page_id)).unwrap();
    let operand_a = content.operations[a].operands.clone();
    content.operations[a].operands = content.operations[b].operands.clone();
    content.operations[b].operands = operand_a;
    doc.change_page_content(page_id, content.encode().unwrap()).unwrap();
    doc.save(to).unwrap();
}

/// Writes `pdf` to `to` with the text printed as `from_text` on page `from_page` (from 0) put in
/// place of `to_text` on page `to_page`: a certificate given another awardee's name, its QR
/// code left as it was.
pub fn copy_text(pdf: &Path, to: &Path, (from_page, from_text): (usize, &str), (to_page, to_text): (usize, &str)) {
    let bytes = std::fs::read(pdf).unwrap();
    let reading = PdfReading::read(&bytes).unwrap();
    let op = |page: usize, text: &str| {
        reading.pages[page].texts.iter().find(|t| t.text.trim() == text).unwrap_or_else(|| panic!("no «{text}»")).op
    };
    let (from, into) = (op(from_page, from_text), op(to_page, to_text));
    let mut doc = lopdf::Document::load_mem(&bytes).unwrap();
    let pages = doc.get_pages();
    let content =
        |doc: &lopdf::Document, page: usize| lopdf::content::Content::decode(&doc.get_page_content(pages[&(page as u32 + 1)])).unwrap();
    let operands = content(&doc, from_page).operations[from].operands.clone();
    let mut target = content(&doc, to_page);
    target.operations[into].operands = operands;
    doc.change_page_content(pages[&(to_page as u32 + 1)], target.encode().unwrap()).unwrap();
    doc.save(to).unwrap();
}
