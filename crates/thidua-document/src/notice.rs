//! Documents an office issues on its own account, beyond plans and reports: a notice (thông
//! báo, such as the year's ranking) and a submission (tờ trình, such as a proposal of awards),
//! with their tables as appendices.

use thidua_model::{Installation, IsoDate};

use crate::{Appendix, Block, OfficialDocument, Table};

/// A kind of document: its name as printed, the code in its number, the word a sentence uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocKind {
    pub name: &'static str,
    pub code: &'static str,
    pub in_sentence: &'static str,
}

pub const NOTICE: DocKind = DocKind { name: "THÔNG BÁO", code: "TB", in_sentence: "Thông báo" };
pub const SUBMISSION: DocKind = DocKind { name: "TỜ TRÌNH", code: "TTr", in_sentence: "Tờ trình" };
pub const DECISION: DocKind = DocKind { name: "QUYẾT ĐỊNH", code: "QĐ", in_sentence: "Quyết định" };

/// `kind` with `summary`, the body as given and each (title, tables) as an appendix ("Phụ lục",
/// or "Phụ lục I", "Phụ lục II" when there are several). Until the document register issues it
/// (`number`), the number is left blank for the clerk.
#[allow(clippy::too_many_arguments)] // each is one part of the document as the decree names it
pub fn issued_document(
    kind: DocKind,
    number: Option<i64>,
    summary: &str,
    body: Vec<Block>,
    appendices: Vec<(String, Vec<Table>)>,
    date: IsoDate,
    recipients: &[String],
    installation: &Installation,
) -> OfficialDocument {
    const ROMAN: [&str; 10] = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"];
    let h = &installation.header;
    let number = crate::plan::number_line(number, kind.code, &h.symbol);
    let reference = format!(
        "(Kèm theo {} {} {} của {})",
        kind.in_sentence,
        number.replacen("Số:", "số", 1),
        date.to_long(),
        crate::report::issuer(installation)
    );
    let appendices: Vec<_> = appendices.into_iter().filter(|(_, tables)| !tables.is_empty()).collect();
    let several = appendices.len() > 1;
    let appendices = appendices
        .into_iter()
        .enumerate()
        .map(|(i, (title, tables))| Appendix {
            label: if several { format!("Phụ lục {}", ROMAN.get(i).copied().unwrap_or("")) } else { "Phụ lục".into() },
            title: title.to_uppercase(),
            reference: reference.clone(),
            tables,
        })
        .collect();
    OfficialDocument {
        parent_body: h.parent_body.clone(),
        issuing_body: h.issuing_body.clone(),
        place_date: format!("{}, {}", h.place, date.to_long()),
        doc_type: kind.name.into(),
        title: format!("{} {summary}", kind.name),
        summary: summary.to_owned(),
        body,
        recipients: recipients.to_vec(),
        signer_authority: h.signer_authority.clone(),
        signer_title: h.signer_title.clone(),
        signer_name: h.signer_name.clone(),
        appendices,
        number,
        author: installation.unit.standing_committee(),
        date,
        verification: None,
    }
}
