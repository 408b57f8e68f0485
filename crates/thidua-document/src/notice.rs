//! A notice (thông báo) as an official document: what an upper level tells its units, such as
//! the year's scoring and ranking, with its tables as an appendix.

use thidua_model::{Installation, IsoDate};

use crate::{Appendix, Block, OfficialDocument, Table};

/// "THÔNG BÁO" with `summary` ("Kết quả chấm điểm, xếp hạng thi đua năm 2022"), the body as
/// given, and `tables` as "Phụ lục" titled `appendix_title`. Until the document register issues
/// it, the number is left blank for the clerk.
pub fn notice_document(
    summary: &str,
    body: Vec<Block>,
    appendix_title: &str,
    tables: Vec<Table>,
    date: IsoDate,
    recipients: &[String],
    installation: &Installation,
) -> OfficialDocument {
    let h = &installation.header;
    let number = crate::plan::number_line(None, "TB", &h.symbol);
    OfficialDocument {
        parent_body: h.parent_body.clone(),
        issuing_body: h.issuing_body.clone(),
        place_date: format!("{}, {}", h.place, date.to_long()),
        doc_type: "THÔNG BÁO".into(),
        title: format!("THÔNG BÁO {summary}"),
        summary: summary.to_owned(),
        body,
        recipients: recipients.to_vec(),
        signer_authority: h.signer_authority.clone(),
        signer_title: h.signer_title.clone(),
        signer_name: h.signer_name.clone(),
        appendices: if tables.is_empty() {
            Vec::new()
        } else {
            vec![Appendix {
                label: "Phụ lục".into(),
                title: appendix_title.to_uppercase(),
                reference: format!(
                    "(Kèm theo Thông báo {} {} của {})",
                    number.replacen("Số:", "số", 1),
                    date.to_long(),
                    crate::report::issuer(installation)
                ),
                tables,
            }]
        },
        number,
        author: installation.unit.standing_committee(),
        date,
    }
}
