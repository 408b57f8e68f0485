//! A stored plan as an official document.

use thidua_model::Installation;
use thidua_plan::{NodeKind, PlanDraft, PlanNode};

use crate::{Block, OfficialDocument};

fn blocks(node: &PlanNode, out: &mut Vec<Block>) {
    let marker = if node.marker.is_empty() || node.kind == NodeKind::Paragraph { String::new() } else { format!("{} ", node.marker) };
    match (node.heading.is_empty(), node.body.is_empty()) {
        (false, true) => out.push(Block::Heading(format!("{marker}{}", node.heading))),
        (false, false) => {
            out.push(Block::Heading(format!("{marker}{}", node.heading)));
            out.push(Block::Paragraph(node.body.clone()));
        }
        (true, _) => out.push(Block::Paragraph(format!("{marker}{}", node.body))),
    }
    for child in &node.children {
        blocks(child, out);
    }
}

/// The number and date a document was issued with, from the document register.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Issue {
    pub number: i64,
    pub date: thidua_model::IsoDate,
}

/// "Số: 05/KH-MTTQ-BTT" (a leading zero below 10), or the blank a clerk fills by hand.
pub(crate) fn number_line(number: Option<i64>, code: &str, symbol: &str) -> String {
    match number {
        Some(n) => format!("Số: {n:02}/{code}-{symbol}"),
        None => format!("Số:      /{code}-{symbol}"),
    }
}

/// The document of a plan, with this installation's header. `code` is the type's symbol
/// ("KH", "HD"). Until the document register issues it, the number and day are left blank.
pub fn plan_document(plan: &PlanDraft, year: i32, code: &str, issue: Option<Issue>, installation: &Installation) -> OfficialDocument {
    let h = &installation.header;
    let mut body: Vec<Block> = plan.opening.iter().cloned().map(Block::Paragraph).collect();
    for node in &plan.nodes {
        blocks(node, &mut body);
    }
    body.extend(plan.closing.iter().cloned().map(Block::Paragraph));
    OfficialDocument {
        parent_body: h.parent_body.clone(),
        issuing_body: h.issuing_body.clone(),
        number: number_line(issue.map(|i| i.number), code, &h.symbol),
        place_date: match issue {
            Some(i) => format!("{}, {}", h.place, i.date.to_long()),
            None => format!("{}, ngày      tháng      năm {year}", h.place),
        },
        doc_type: plan.doc_type.clone(),
        summary: plan.summary.clone(),
        body,
        recipients: plan.recipients.clone(),
        signer_authority: plan.signer_authority.clone(),
        signer_title: plan.signer_title.clone(),
        signer_name: plan.signer_name.clone(),
        appendices: Vec::new(),
        title: format!("{} {}", plan.doc_type, plan.summary),
        author: installation.unit.standing_committee(),
        // Until the register dates it, a plan is dated the first day of its year.
        date: issue.map(|i| i.date).unwrap_or_else(|| {
            thidua_model::IsoDate::new(year, 1, 1).unwrap_or_else(|| thidua_model::IsoDate::new(2000, 1, 1).expect("exists"))
        }),
        verification: None,
    }
}
