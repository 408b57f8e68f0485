//! Plans (kế hoạch) as structured documents, and their import from plain text.
//!
//! Promises: [`parse_plan_text`] turns the text of an official plan (as the seed, or as text
//! copied out of Word) into a [`PlanDraft`]: document type, summary, opening, the numbered
//! structure (`I.` sections, `1.` items, `a)` points, `-` bullets, plain paragraphs), the
//! recipients (Nơi nhận) and the signer block. Every word of the input ends up in the draft, NFC,
//! with spaces collapsed; nothing is invented. Text that is not a plan is refused with a reason.
//! [`docx_text`] gives the text of a Word document, legacy-font runs converted to Unicode.

mod derive;
mod docx;
mod parse;

pub use derive::{DeriveTarget, derive};
pub use docx::{DocxError, docx_text};
pub use parse::{ParseError, parse_plan_text};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The kind of a node in a plan's structure, with the marker it prints with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    /// `I.`, `II.`: a section, its heading in capitals.
    Section,
    /// `1.`, `2.`: an item, with a heading or a whole sentence.
    Item,
    /// `a)`, `b)`, `đ)`: a point.
    Point,
    /// `-`: a bullet.
    Bullet,
    /// A paragraph with no marker.
    Paragraph,
}

/// One node of a plan: its marker ("II.", "1.", "a)", "-"), heading and body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PlanNode {
    pub kind: NodeKind,
    pub marker: String,
    /// The heading ("MỤC ĐÍCH, YÊU CẦU", "Mục đích"); empty for bullets and paragraphs.
    pub heading: String,
    /// The text under the marker, when the line is a sentence rather than a heading.
    pub body: String,
    pub children: Vec<PlanNode>,
}

/// A plan as read from a document, before it is stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PlanDraft {
    /// "KẾ HOẠCH", "HƯỚNG DẪN"…
    pub doc_type: String,
    /// Trích yếu: the summary under the type, on one line.
    pub summary: String,
    /// The opening paragraphs before section I.
    pub opening: Vec<String>,
    pub nodes: Vec<PlanNode>,
    /// The closing paragraphs after the last section ("Trên đây là kế hoạch…").
    pub closing: Vec<String>,
    /// Nơi nhận, one line each, as written ("- Ban Thường vụ Thành ủy (b/c);").
    pub recipients: Vec<String>,
    /// "TM. BAN THƯỜNG TRỰC".
    pub signer_authority: String,
    /// "PHÓ CHỦ TỊCH"; several lines joined by a line break ("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH").
    pub signer_title: String,
    pub signer_name: String,
}

impl PlanDraft {
    /// Every word of the plan, in reading order: for checking that nothing was lost.
    pub fn words(&self) -> Vec<String> {
        fn walk(n: &PlanNode, out: &mut Vec<String>) {
            for part in [&n.marker, &n.heading, &n.body] {
                out.extend(part.split_whitespace().map(str::to_owned));
            }
            for c in &n.children {
                walk(c, out);
            }
        }
        let mut out: Vec<String> = Vec::new();
        for s in [&self.doc_type, &self.summary] {
            out.extend(s.split_whitespace().map(str::to_owned));
        }
        for p in &self.opening {
            out.extend(p.split_whitespace().map(str::to_owned));
        }
        for n in &self.nodes {
            walk(n, &mut out);
        }
        for p in self.closing.iter().chain(std::iter::once(&"Nơi nhận:".to_owned())).chain(&self.recipients) {
            out.extend(p.split_whitespace().map(str::to_owned));
        }
        for s in [&self.signer_authority, &self.signer_title, &self.signer_name] {
            out.extend(s.split_whitespace().map(str::to_owned));
        }
        out
    }
}
