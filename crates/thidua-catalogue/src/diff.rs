use std::collections::HashMap;

use serde::Serialize;
use thidua_model::{RecordId, Unit};
use thidua_text::search_key;

use crate::{CatalogueEntry, ParsedCatalogue};

/// A unit whose code stayed and whose name changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rename {
    pub unit_id: RecordId,
    pub level: String,
    pub code: String,
    pub old_name: String,
    pub new_name: String,
}

/// A unit whose name stayed and whose code changed (the 2025 codes were provisional).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodeChange {
    pub unit_id: RecordId,
    pub level: String,
    pub name: String,
    pub old_code: String,
    pub new_code: String,
}

/// What importing a list would change.
#[derive(Debug, Clone, Default)]
pub struct CatalogueDiff {
    pub added: Vec<CatalogueEntry>,
    pub renamed: Vec<Rename>,
    pub code_changed: Vec<CodeChange>,
    /// Units of the levels the list covers that the list no longer has.
    pub retired: Vec<Unit>,
    pub unchanged: usize,
}

impl CatalogueDiff {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.renamed.is_empty() && self.code_changed.is_empty() && self.retired.is_empty()
    }
}

/// Compares `list` with the live units a store holds.
///
/// A unit is the same unit when its level and code match (a different name is a rename), or,
/// failing that, when its level and name match exactly one unit on each side (a different code
/// is a code change). Only levels the list covers can lose units: a list of provinces says
/// nothing about communes.
pub fn diff(existing: &[Unit], list: &ParsedCatalogue) -> CatalogueDiff {
    let mut out = CatalogueDiff::default();
    let by_code: HashMap<(&str, &str), &Unit> = existing.iter().map(|u| ((u.level.as_str(), u.code.as_str()), u)).collect();
    let listed: std::collections::HashSet<(&str, &str)> = list.entries.iter().map(|e| (e.level.as_str(), e.code.as_str())).collect();

    let mut unmatched_new: Vec<&CatalogueEntry> = Vec::new();
    for entry in &list.entries {
        match by_code.get(&(entry.level.as_str(), entry.code.as_str())) {
            Some(unit) if unit.name == entry.name => out.unchanged += 1,
            Some(unit) => out.renamed.push(Rename {
                unit_id: unit.id,
                level: entry.level.clone(),
                code: entry.code.clone(),
                old_name: unit.name.clone(),
                new_name: entry.name.clone(),
            }),
            None => unmatched_new.push(entry),
        }
    }
    let unmatched_old: Vec<&Unit> =
        existing.iter().filter(|u| list.levels.contains(&u.level) && !listed.contains(&(u.level.as_str(), u.code.as_str()))).collect();

    if unmatched_old.is_empty() {
        // Nothing can have changed its code (a first import): every unmatched entry is new.
        out.added = unmatched_new.into_iter().cloned().collect();
        return out;
    }
    // Pair what is left by level and name, where the pairing is unambiguous.
    let mut old_by_name: HashMap<(&str, String), Vec<&Unit>> = HashMap::new();
    for u in &unmatched_old {
        old_by_name.entry((u.level.as_str(), search_key(&u.name))).or_default().push(u);
    }
    let keyed: Vec<((&str, String), &CatalogueEntry)> =
        unmatched_new.into_iter().map(|e| ((e.level.as_str(), search_key(&e.name)), e)).collect();
    let mut new_by_name: HashMap<&(&str, String), usize> = HashMap::new();
    for (key, _) in &keyed {
        *new_by_name.entry(key).or_default() += 1;
    }
    let mut recoded: std::collections::HashSet<RecordId> = Default::default();
    for (key, entry) in &keyed {
        match (old_by_name.get(key).map(Vec::as_slice), new_by_name.get(key)) {
            (Some([unit]), Some(1)) => {
                recoded.insert(unit.id);
                out.code_changed.push(CodeChange {
                    unit_id: unit.id,
                    level: entry.level.clone(),
                    name: entry.name.clone(),
                    old_code: unit.code.clone(),
                    new_code: entry.code.clone(),
                });
            }
            _ => out.added.push((*entry).clone()),
        }
    }
    out.retired = unmatched_old.into_iter().filter(|u| !recoded.contains(&u.id)).cloned().collect();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(code: &str, name: &str) -> Unit {
        Unit {
            id: RecordId::generate(),
            code: code.into(),
            name: name.into(),
            level: "xa".into(),
            kind: String::new(),
            parent_id: None,
            parent_name: None,
            retired: false,
        }
    }

    fn entry(code: &str, name: &str) -> CatalogueEntry {
        CatalogueEntry { code: code.into(), name: name.into(), level: "xa".into(), kind: String::new(), parent: None, row: 1 }
    }

    fn list(entries: Vec<CatalogueEntry>) -> ParsedCatalogue {
        ParsedCatalogue { source_name: "t.csv".into(), sha256: String::new(), as_of: None, entries, levels: vec!["xa".into()] }
    }

    #[test]
    fn finds_every_kind_of_change() {
        let old = vec![unit("00001", "Phường A"), unit("00002", "Phường B"), unit("00003", "Xã C"), unit("00004", "Xã D")];
        let new = list(vec![entry("00001", "Phường A"), entry("00002", "Phường Bình"), entry("00099", "Xã C"), entry("00005", "Xã E")]);
        let d = diff(&old, &new);
        assert_eq!(d.unchanged, 1);
        assert_eq!(d.renamed.len(), 1);
        assert_eq!((d.renamed[0].old_name.as_str(), d.renamed[0].new_name.as_str()), ("Phường B", "Phường Bình"));
        assert_eq!(d.code_changed.len(), 1);
        assert_eq!((d.code_changed[0].old_code.as_str(), d.code_changed[0].new_code.as_str()), ("00003", "00099"));
        assert_eq!(d.added.iter().map(|e| e.code.as_str()).collect::<Vec<_>>(), ["00005"]);
        assert_eq!(d.retired.iter().map(|u| u.code.as_str()).collect::<Vec<_>>(), ["00004"]);
    }

    #[test]
    fn levels_the_list_does_not_cover_keep_their_units() {
        let mut province = unit("38", "Tỉnh Thanh Hóa");
        province.level = "tinh".into();
        let d = diff(&[province], &list(vec![entry("00001", "Phường A")]));
        assert!(d.retired.is_empty());
        assert_eq!(d.added.len(), 1);
    }
}
