//! A unit's period report as an official document, with its appendix tables.

use thidua_model::{Installation, IsoDate};

use crate::{Appendix, Block, OfficialDocument, Table};

/// One narrative section as the report gives it: key ("i", "ii_1"…), title, text.
pub struct ReportSection<'a> {
    pub key: &'a str,
    pub title: &'a str,
    pub text: &'a str,
}

/// What a period report is about, as its title and the document register say it: "Kết quả
/// thực hiện phong trào thi đua “Đoàn kết sáng tạo” 6 tháng đầu năm 2022".
pub fn report_summary(movement: &str, period_label: &str) -> String {
    format!("Kết quả thực hiện phong trào thi đua “{movement}” {period_label}")
}

/// The document of a report: "BÁO CÁO", the summary naming the movement and the period, the
/// narrative sections (with "II. KẾT QUẢ THỰC HIỆN" over the four task groups), sent to the
/// parent unit's standing committee.
#[allow(clippy::too_many_arguments)]
pub fn report_document(
    movement: &str,
    period_label: &str,
    sections: &[ReportSection<'_>],
    tables: Vec<Table>,
    date: IsoDate,
    number: Option<i64>,
    recipients: &[String],
    installation: &Installation,
) -> OfficialDocument {
    let h = &installation.header;
    let mut body = Vec::new();
    for s in sections {
        if s.key == "ii_1" {
            body.push(Block::Heading("II. KẾT QUẢ THỰC HIỆN".into()));
        }
        body.push(Block::Heading(s.title.to_owned()));
        for paragraph in s.text.lines().filter(|l| !l.trim().is_empty()) {
            body.push(Block::Paragraph(paragraph.to_owned()));
        }
    }
    let summary = report_summary(movement, period_label);
    OfficialDocument {
        parent_body: h.parent_body.clone(),
        issuing_body: h.issuing_body.clone(),
        number: crate::plan::number_line(number, "BC", &h.symbol),
        place_date: format!("{}, {}", h.place, date.to_long()),
        doc_type: "BÁO CÁO".into(),
        title: format!("BÁO CÁO {summary}"),
        summary,
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
                title: format!("SỐ LIỆU KẾT QUẢ THỰC HIỆN PHONG TRÀO THI ĐUA “ĐOÀN KẾT SÁNG TẠO” {}", period_label.to_uppercase()),
                reference: format!(
                    "(Kèm theo Báo cáo {} {} của {})",
                    crate::plan::number_line(number, "BC", &h.symbol).replacen("Số:", "số", 1),
                    date.to_long(),
                    issuer(installation)
                ),
                tables,
            }]
        },
        author: installation.unit.standing_committee(),
        date,
        verification: None,
    }
}

/// "Ban Thường trực Ủy ban MTTQ phường Hạc Thành": who issues the report, as a sentence names it.
pub(crate) fn issuer(installation: &Installation) -> String {
    let body = match installation.header.issuing_body.trim() {
        b if b.eq_ignore_ascii_case("BAN THƯỜNG TRỰC") || b == "BAN THƯỜNG TRỰC" => "Ban Thường trực".to_owned(),
        b => {
            let lower = b.to_lowercase();
            let mut chars = lower.chars();
            chars.next().map(|c| c.to_uppercase().collect::<String>() + chars.as_str()).unwrap_or_default()
        }
    };
    format!("{body} Ủy ban MTTQ {}", installation.unit.name_in_sentence())
}
