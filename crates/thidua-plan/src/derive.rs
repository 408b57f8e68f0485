//! A lower unit's plan derived from its upper level's: the same structure and text, with the
//! upper unit's name and level words replaced by the lower unit's, its own opening, recipients
//! and signer, and no number or date yet: ready for the clerk to edit and issue.

use crate::{PlanDraft, PlanNode};

/// Who the derived plan is for.
pub struct DeriveTarget<'a> {
    /// "phường Hạc Thành": the unit as a sentence names it.
    pub unit_in_sentence: &'a str,
    /// "phường", "xã": the unit's kind, lower case.
    pub kind: &'a str,
    /// "Ban Thường trực Ủy ban MTTQ tỉnh Thanh Hóa": who issued the plan being derived from.
    pub source_issuer: &'a str,
    /// "số 01/KH-MTTQ-BTT ngày 05/04/2022": the number and day of that plan, once issued.
    pub source_reference: Option<&'a str>,
    pub recipients: Vec<String>,
    pub signer_authority: &'a str,
    pub signer_title: &'a str,
    pub signer_name: &'a str,
}

/// The level words a plan uses for its own unit, and the party committee of that level.
const LEVELS: &[(&str, &str)] =
    &[("thành phố", "Thành ủy"), ("thị xã", "Thị ủy"), ("huyện", "Huyện ủy"), ("quận", "Quận ủy"), ("tỉnh", "Tỉnh ủy")];

/// Replaces `word` where it stands alone (not inside a longer word).
fn replace_word(text: &str, word: &str, by: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(word) {
        let before = rest[..at].chars().next_back();
        let after = rest[at + word.len()..].chars().next();
        let alone = !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric);
        out.push_str(&rest[..at]);
        out.push_str(if alone { by } else { word });
        rest = &rest[at + word.len()..];
    }
    out.push_str(rest);
    out
}

/// Which level word the plan uses for its own unit: the one after "toàn", "địa bàn" or "MTTQ"
/// most often.
fn source_level(plan: &PlanDraft) -> Option<(&'static str, &'static str)> {
    let text = plan.words().join(" ");
    LEVELS
        .iter()
        .map(|(w, party)| {
            let n: usize = ["toàn ", "địa bàn ", "MTTQ ", "trong "].iter().map(|p| text.matches(&format!("{p}{w}")).count()).sum();
            (n, *w, *party)
        })
        .filter(|(n, _, _)| *n > 0)
        .max_by_key(|(n, _, _)| *n)
        .map(|(_, w, p)| (w, p))
}

fn rewrite(text: &str, level: Option<(&str, &str)>, target: &DeriveTarget<'_>) -> String {
    let Some((word, party)) = level else { return text.to_owned() };
    let mut t = text.to_owned();
    // "thành phố Thanh Hóa" (the unit itself, by name) → "phường Hạc Thành".
    for w in [word.to_owned(), thidua_text::upper_first(word)] {
        let mut out = String::new();
        let mut rest = t.as_str();
        while let Some(at) = rest.find(&w) {
            out.push_str(&rest[..at]);
            let after = &rest[at + w.len()..];
            let name_len: usize = proper_name_len(after);
            if name_len > 0 {
                out.push_str(target.unit_in_sentence);
                rest = &after[name_len..];
            } else {
                out.push_str(&w);
                rest = after;
            }
        }
        out.push_str(rest);
        t = out;
    }
    t = replace_word(&t, &thidua_text::upper_first(word), &thidua_text::upper_first(target.kind));
    t = replace_word(&t, word, target.kind);
    t = replace_word(&t, party, &format!("Đảng ủy {}", target.kind));
    // The units below a commune are its residential areas, and the Front's body there is the
    // residential area's working committee, not a Standing Committee of its own.
    for committee in ["Ban Thường trực Ủy ban MTTQ", "Ban Thường trực Uỷ ban MTTQ", "Ủy ban MTTQ", "Uỷ ban MTTQ"] {
        for below in ["các phường, xã", "các xã, phường"] {
            t = t.replace(&format!("{committee} {below}"), "Ban công tác Mặt trận các khu dân cư");
        }
    }
    t.replace("các phường, xã", "các khu dân cư").replace("các xã, phường", "các khu dân cư")
}

/// The length in bytes of " Thanh Hóa" (a space and capitalised words) at the start of `s`.
fn proper_name_len(s: &str) -> usize {
    let mut len = 0;
    let mut rest = s;
    while let Some(word) = rest.strip_prefix(' ') {
        let end = word.find([' ', ',', '.', ';', ')', '”']).unwrap_or(word.len());
        let w = &word[..end];
        if w.chars().next().is_some_and(char::is_uppercase) {
            len += 1 + end;
            rest = &word[end..];
        } else {
            break;
        }
    }
    len
}

fn rewrite_node(n: &PlanNode, level: Option<(&str, &str)>, target: &DeriveTarget<'_>) -> PlanNode {
    PlanNode {
        kind: n.kind,
        marker: n.marker.clone(),
        heading: rewrite(&n.heading, level, target),
        body: rewrite(&n.body, level, target),
        children: n.children.iter().map(|c| rewrite_node(c, level, target)).collect(),
    }
}

/// Derives the lower unit's plan from `upper`.
pub fn derive(upper: &PlanDraft, target: &DeriveTarget<'_>) -> PlanDraft {
    let level = source_level(upper);
    let kind_doc = upper.doc_type.to_lowercase();
    // An issued plan is cited by its number and day, its kind then written as a name ("Kế hoạch").
    let cited = match target.source_reference {
        Some(reference) => format!("{} {reference}", thidua_text::upper_first(&kind_doc)),
        None => kind_doc,
    };
    let opening = format!(
        "Thực hiện {cited} của {} về {}, Ban Thường trực Ủy ban MTTQ {} xây dựng kế hoạch triển khai thực hiện với những nội dung như sau:",
        target.source_issuer,
        first_lower(&upper.summary),
        target.unit_in_sentence
    );
    PlanDraft {
        doc_type: "KẾ HOẠCH".into(),
        summary: rewrite(&upper.summary, level, target),
        opening: vec![opening],
        nodes: upper.nodes.iter().map(|n| rewrite_node(n, level, target)).collect(),
        closing: upper.closing.iter().map(|c| rewrite(c, level, target)).collect(),
        recipients: target.recipients.clone(),
        signer_authority: target.signer_authority.into(),
        signer_title: target.signer_title.into(),
        signer_name: target.signer_name.into(),
    }
}

fn first_lower(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_lowercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_replaced_only_where_they_stand_alone() {
        assert_eq!(replace_word("toàn thành phố, thành phố.", "thành phố", "phường"), "toàn phường, phường.");
        assert_eq!(replace_word("huyệnx huyện", "huyện", "xã"), "huyệnx xã");
        assert_eq!(proper_name_len(" Thanh Hóa về"), " Thanh Hóa".len());
        assert_eq!(proper_name_len(" trong"), 0);
    }
}
