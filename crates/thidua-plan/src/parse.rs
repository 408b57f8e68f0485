//! Reading a plan out of plain text.

use thidua_text::{clean, nfc};

use crate::{NodeKind, PlanDraft, PlanNode};

/// Why a text is not read as a plan.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("Tệp không có nội dung.")]
    Empty,
    #[error(
        "Không nhận ra văn bản kế hoạch: đầu văn bản cần có tên loại (KẾ HOẠCH, HƯỚNG DẪN, CHƯƠNG TRÌNH…) \
         và nội dung chia mục I., II. Hãy kiểm tra lại tệp."
    )]
    NotAPlan,
}

/// Document types as Decree 30 names them, in capitals.
const DOC_TYPES: &[&str] = &["KẾ HOẠCH", "HƯỚNG DẪN", "CHƯƠNG TRÌNH", "BÁO CÁO", "THÔNG BÁO", "TỜ TRÌNH", "QUYẾT ĐỊNH", "CÔNG VĂN"];

/// Authority words that open the signature block.
const AUTHORITY: &[&str] = &["TM.", "KT.", "Q.", "TL.", "TUQ."];

/// A summary line is short; the first long line is the opening.
const SUMMARY_LINE_MAX: usize = 120;

fn roman_marker(line: &str) -> Option<(String, String)> {
    let (marker, rest) = line.split_once(". ").or_else(|| line.strip_suffix('.').map(|m| (m, "")))?;
    (!marker.is_empty() && marker.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L')))
        .then(|| (format!("{marker}."), rest.trim().to_owned()))
}

fn number_marker(line: &str) -> Option<(String, String)> {
    let digits: String = line.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() || digits.len() > 2 {
        return None;
    }
    let rest = line[digits.len()..].strip_prefix('.')?;
    (rest.starts_with(' ') || rest.is_empty()).then(|| (format!("{digits}."), rest.trim().to_owned()))
}

fn point_marker(line: &str) -> Option<(String, String)> {
    let mut chars = line.chars();
    let letter = chars.next()?;
    let rest = chars.as_str().strip_prefix(')')?;
    (letter.is_lowercase() && ("abcdđeghiklmnopqrstuvxy".contains(letter)) && (rest.starts_with(' ') || rest.is_empty()))
        .then(|| (format!("{letter})"), rest.trim().to_owned()))
}

fn bullet_marker(line: &str) -> Option<String> {
    ["- ", "– ", "+ ", "• "]
        .iter()
        .find_map(|m| line.strip_prefix(m))
        .map(|r| r.trim().to_owned())
        .or_else(|| (line == "-").then(String::new))
}

/// A line after a marker is a heading when it is short and does not end a sentence.
fn split_heading(text: String) -> (String, String) {
    if text.chars().count() <= 100 && !text.ends_with('.') && !text.ends_with(';') && !text.ends_with(':') {
        (text, String::new())
    } else {
        (String::new(), text)
    }
}

fn depth(kind: NodeKind) -> usize {
    match kind {
        NodeKind::Section => 0,
        NodeKind::Item => 1,
        NodeKind::Point => 2,
        NodeKind::Bullet => 3,
        NodeKind::Paragraph => 4,
    }
}

/// Whether `parent` can hold a node of depth `level`: a shallower node that is not a leaf.
fn can_hold(parent: &PlanNode, level: usize) -> bool {
    depth(parent.kind) < level && !matches!(parent.kind, NodeKind::Bullet | NodeKind::Paragraph)
}

/// Adds `node` under the deepest open node that can hold it.
fn attach(nodes: &mut Vec<PlanNode>, node: PlanNode) {
    match nodes.last_mut() {
        Some(last) if can_hold(last, depth(node.kind)) => attach(&mut last.children, node),
        _ => nodes.push(node),
    }
}

/// Parses the text of a plan. See the crate documentation for what is recognised.
pub fn parse_plan_text(text: &str) -> Result<PlanDraft, ParseError> {
    let lines: Vec<String> = nfc(text).lines().map(clean).filter(|l| !l.is_empty()).collect();
    if lines.is_empty() {
        return Err(ParseError::Empty);
    }
    let type_at = lines.iter().take(12).position(|l| DOC_TYPES.contains(&l.as_str())).ok_or(ParseError::NotAPlan)?;
    if !lines.iter().any(|l| roman_marker(l).is_some()) {
        return Err(ParseError::NotAPlan);
    }
    let mut plan = PlanDraft {
        doc_type: lines[type_at].clone(),
        summary: String::new(),
        opening: Vec::new(),
        nodes: Vec::new(),
        closing: Vec::new(),
        recipients: Vec::new(),
        signer_authority: String::new(),
        signer_title: String::new(),
        signer_name: String::new(),
    };
    let mut i = type_at + 1;
    let mut summary = Vec::new();
    while i < lines.len() && lines[i].chars().count() < SUMMARY_LINE_MAX && roman_marker(&lines[i]).is_none() && summary.len() < 4 {
        summary.push(lines[i].clone());
        i += 1;
    }
    plan.summary = summary.join(" ");
    while i < lines.len() && roman_marker(&lines[i]).is_none() {
        plan.opening.push(lines[i].clone());
        i += 1;
    }
    // The body, up to the closing paragraph or the recipients.
    while i < lines.len() {
        let line = &lines[i];
        if line.starts_with("Trên đây") || line == "Nơi nhận:" {
            break;
        }
        let node = if let Some((marker, rest)) = roman_marker(line) {
            PlanNode { kind: NodeKind::Section, marker, heading: rest, body: String::new(), children: Vec::new() }
        } else if let Some((marker, rest)) = number_marker(line) {
            let (heading, body) = split_heading(rest);
            PlanNode { kind: NodeKind::Item, marker, heading, body, children: Vec::new() }
        } else if let Some((marker, rest)) = point_marker(line) {
            let (heading, body) = split_heading(rest);
            PlanNode { kind: NodeKind::Point, marker, heading, body, children: Vec::new() }
        } else if let Some(rest) = bullet_marker(line) {
            PlanNode { kind: NodeKind::Bullet, marker: "-".into(), heading: String::new(), body: rest, children: Vec::new() }
        } else {
            PlanNode { kind: NodeKind::Paragraph, marker: String::new(), heading: String::new(), body: line.clone(), children: Vec::new() }
        };
        attach(&mut plan.nodes, node);
        i += 1;
    }
    while i < lines.len() && lines[i] != "Nơi nhận:" {
        plan.closing.push(lines[i].clone());
        i += 1;
    }
    if i < lines.len() {
        i += 1; // "Nơi nhận:"
        while i < lines.len() && !AUTHORITY.iter().any(|a| lines[i].starts_with(a)) {
            plan.recipients.push(lines[i].clone());
            i += 1;
        }
        let rest: Vec<&String> = lines[i.min(lines.len())..].iter().collect();
        if let Some(a) = rest.first() {
            plan.signer_authority = (*a).clone();
        }
        // Title lines are in capitals ("KT. CHỦ TỊCH", then "PHÓ CHỦ TỊCH"); the name is not.
        let is_caps = |s: &str| s.chars().any(char::is_alphabetic) && !s.chars().any(char::is_lowercase);
        let titles: Vec<&str> = rest.iter().skip(1).map(|s| s.as_str()).take_while(|s| is_caps(s)).collect();
        plan.signer_title = titles.join("\n");
        plan.signer_name = rest.iter().skip(1 + titles.len()).map(|s| s.as_str()).collect::<Vec<_>>().join(" ");
    }
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_recognised_and_sentences_are_not_headings() {
        assert_eq!(roman_marker("II. NHIỆM VỤ"), Some(("II.".into(), "NHIỆM VỤ".into())));
        assert_eq!(roman_marker("Il. x"), None);
        assert_eq!(number_marker("12. Mục"), Some(("12.".into(), "Mục".into())));
        assert_eq!(number_marker("2022. x"), None);
        assert_eq!(point_marker("đ) Điểm"), Some(("đ)".into(), "Điểm".into())));
        assert_eq!(point_marker("f) x"), None, "f is not a Vietnamese letter");
        assert_eq!(bullet_marker("- Một ý"), Some("Một ý".into()));
        assert_eq!(split_heading("Mục đích".into()), ("Mục đích".into(), String::new()));
        assert_eq!(split_heading("Tổ chức hội nghị.".into()), (String::new(), "Tổ chức hội nghị.".into()));
    }

    #[test]
    fn text_that_is_not_a_plan_is_refused() {
        assert_eq!(parse_plan_text("  \n\t\n"), Err(ParseError::Empty));
        assert_eq!(parse_plan_text("Danh sách khen thưởng\n1. Nguyễn Văn A\n"), Err(ParseError::NotAPlan));
        assert_eq!(parse_plan_text("KẾ HOẠCH\nKhông có mục nào\n"), Err(ParseError::NotAPlan));
    }
}
