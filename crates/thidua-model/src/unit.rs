use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::RecordId;

/// The Front's Central Committee as a sentence names it (its awards, the level above a province).
pub const CENTRAL_COMMITTEE: &str = "Ủy ban Trung ương MTTQ Việt Nam";

/// A level of the hierarchy (trung ương, tỉnh, huyện, xã, khu dân cư). Levels are rows of data,
/// never an enum, because the reorganisation of 2025 removed one and another may follow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Level {
    /// Stable code: "tinh", "huyen", "xa"…
    pub code: String,
    /// Vietnamese name: "Cấp tỉnh".
    pub name: String,
    /// 1 for the top; a child's rank is greater than its parent's.
    pub rank: i32,
}

/// One administrative unit of the statistics office's list, as this installation knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Unit {
    pub id: RecordId,
    /// GSO code, text with its leading zeros ("00004", "38").
    pub code: String,
    /// Full name as the list writes it ("Phường Ba Đình"), NFC, spaces collapsed.
    pub name: String,
    /// The level's code ("xa").
    pub level: String,
    /// The kind the list gives ("Phường", "Xã", "Thành phố"…); may be empty.
    pub kind: String,
    pub parent_id: Option<RecordId>,
    /// Name of the parent unit, for display.
    pub parent_name: Option<String>,
    /// True once a newer list no longer has this unit; its records stay.
    pub retired: bool,
}

/// How a unit is named, in one place, so a header, a sentence and a Nơi nhận cannot disagree.
/// The 2025 list writes most provinces without their kind ("Thanh Hóa"): the level gives the
/// word then ("Tỉnh"). Proper names keep their capitals everywhere.
impl Unit {
    /// The kind word and the proper name: ("Phường", "Hạc Thành"), ("Tỉnh", "Thanh Hóa"),
    /// ("Thành phố", "Hà Nội"); ("", name) when neither the list nor the level gives a word.
    pub fn kind_and_proper_name(&self) -> (String, &str) {
        let kind = self.kind.trim();
        if !kind.is_empty()
            && let Some(rest) = self.name.strip_prefix(kind).filter(|r| r.starts_with(' '))
        {
            return (kind.to_owned(), rest.trim_start());
        }
        match self.level.as_str() {
            "tinh" => ("Tỉnh".to_owned(), self.name.as_str()),
            _ => (String::new(), self.name.as_str()),
        }
    }

    /// "Tỉnh Thanh Hóa", "Phường Hạc Thành": the full name, in titles and lists.
    pub fn full_name(&self) -> String {
        match self.kind_and_proper_name() {
            (kind, name) if kind.is_empty() => name.to_owned(),
            (kind, name) => format!("{kind} {name}"),
        }
    }

    /// "tỉnh Thanh Hóa", "phường Hạc Thành", "thành phố Hà Nội": inside a sentence, the kind in
    /// lower case and the proper name as written.
    pub fn name_in_sentence(&self) -> String {
        match self.kind_and_proper_name() {
            (kind, name) if kind.is_empty() => name.to_owned(),
            (kind, name) => format!("{} {name}", kind.to_lowercase()),
        }
    }

    /// "khu dân cư Đông Sơn 1": a residential area's name inside a sentence.
    fn area_in_sentence(&self) -> String {
        let name = self.full_name();
        name.strip_prefix("Khu dân cư ").map_or(name.clone(), |rest| format!("khu dân cư {rest}"))
    }

    /// "TỈNH THANH HÓA": the unit's line in a document's header block.
    pub fn name_in_header(&self) -> String {
        self.full_name().to_uppercase()
    }

    /// "Ban Thường trực Ủy ban MTTQ tỉnh Thanh Hóa": the body that issues this unit's documents,
    /// as a sentence or a Nơi nhận names it.
    /// A residential-area committee's is its "Ban công tác Mặt trận khu dân cư …", a member
    /// organisation's its "Ban Chấp hành …".
    pub fn standing_committee(&self) -> String {
        match self.level.as_str() {
            "khu_dan_cu" => format!("Ban công tác Mặt trận {}", self.area_in_sentence()),
            "to_chuc_thanh_vien" => format!("Ban Chấp hành {}", self.full_name()),
            _ => format!("Ban Thường trực Ủy ban MTTQ {}", self.name_in_sentence()),
        }
    }

    /// "Đảng ủy phường Hạc Thành", "Tỉnh ủy Thanh Hóa": the unit's Party committee as a
    /// sentence or Nơi nhận names it.
    pub fn party_committee(&self) -> String {
        match (self.level.as_str(), self.kind_and_proper_name()) {
            // A residential area has a Party cell; a member organisation answers to the
            // commune's Party committee.
            ("khu_dan_cu", _) => format!("Chi bộ {}", self.area_in_sentence()),
            ("to_chuc_thanh_vien", _) => match self.parent_name.as_deref() {
                Some(parent) => format!("Đảng ủy {}", thidua_text::lower_first(parent)),
                None => format!("Đảng ủy {}", self.name_in_sentence()),
            },
            ("tinh", (kind, name)) if kind == "Thành phố" => format!("Thành ủy {name}"),
            ("tinh", (_, name)) => format!("Tỉnh ủy {name}"),
            _ => format!("Đảng ủy {}", self.name_in_sentence()),
        }
    }

    /// "ỦY BAN MTTQ TỈNH THANH HÓA": the committee as a title or a table heading names it.
    pub fn committee_heading(&self) -> String {
        format!("ỦY BAN MTTQ {}", self.name_in_header())
    }
}

/// What heads and signs every document this installation issues (Decree 30 header block and
/// signature block).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DocumentHeader {
    /// Tên cơ quan chủ quản, one line per element: "ỦY BAN MTTQ VIỆT NAM", "THÀNH PHỐ THANH HÓA".
    pub parent_body: Vec<String>,
    /// Tên cơ quan ban hành: "BAN THƯỜNG TRỰC".
    pub issuing_body: String,
    /// Body and unit part of document symbols: "MTTQ-BTT" in "05/KH-MTTQ-BTT".
    pub symbol: String,
    /// Place in the date line: "Thanh Hóa".
    pub place: String,
    /// "TM. BAN THƯỜNG TRỰC".
    pub signer_authority: String,
    /// "PHÓ CHỦ TỊCH".
    pub signer_title: String,
    /// The signer's name, normal case.
    pub signer_name: String,
}

/// Who this installation is: its own unit, its parent, and what goes in the document header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Installation {
    pub unit: Unit,
    pub parent: Option<Unit>,
    pub header: DocumentHeader,
    /// The clerk who uses this laptop; recorded as the author of every change.
    pub clerk_name: String,
}

impl Installation {
    /// The installation with header lines that name its unit or its parent by the bare proper
    /// name ("THANH HÓA", as headers were stored before the level word came from the level)
    /// naming them in full ("TỈNH THANH HÓA"). Other lines stay as the clerk wrote them.
    pub fn with_units_named_in_full(mut self) -> Self {
        let units: Vec<&Unit> = std::iter::once(&self.unit).chain(self.parent.as_ref()).collect();
        let fixes: Vec<(String, String)> = units
            .iter()
            .map(|u| (u.kind_and_proper_name().1.to_uppercase(), u.name_in_header()))
            .filter(|(bare, full)| bare != full)
            .collect();
        for line in &mut self.header.parent_body {
            if let Some((_, full)) = fixes.iter().find(|(bare, _)| bare == line) {
                line.clone_from(full);
            }
        }
        self
    }

    /// The body this installation reports to: its parent's Standing Committee, or for a
    /// province the Central Committee's.
    pub fn upper_standing_committee(&self) -> String {
        match (&self.parent, self.unit.level.as_str()) {
            (Some(parent), _) => parent.standing_committee(),
            (None, "tinh") => format!("Ban Thường trực {CENTRAL_COMMITTEE}"),
            (None, _) => "cấp trên".into(),
        }
    }

    /// The Nơi nhận of this unit's report, as Decree 30 lists them, before the clerk edits it:
    /// the level above for report (b/c) and this level's Party committee (a ward), or the
    /// province's Party mass-mobilisation board (a province's consolidated report); Lưu: VT.
    pub fn default_report_recipients(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if self.parent.is_some() || self.unit.level == "tinh" {
            lines.push(format!("- {} (b/c);", self.upper_standing_committee()));
        }
        lines.push(match self.unit.level.as_str() {
            "tinh" => format!("- Ban Dân vận {} (b/c);", self.unit.party_committee()),
            _ => format!("- {} (b/c);", self.unit.party_committee()),
        });
        lines.push("- Lưu: VT.".into());
        lines
    }
}

#[cfg(test)]
mod naming_tests {
    use super::*;

    fn unit(name: &str, level: &str, kind: &str) -> Unit {
        Unit {
            id: RecordId::generate(),
            code: "38".into(),
            name: name.into(),
            level: level.into(),
            kind: kind.into(),
            parent_id: None,
            parent_name: None,
            retired: false,
        }
    }

    #[test]
    fn units_below_a_commune_are_named_by_their_own_bodies() {
        let area = Unit { parent_name: Some("Phường Hạc Thành".into()), ..unit("Khu dân cư Đông Sơn 1", "khu_dan_cu", "") };
        assert_eq!(area.standing_committee(), "Ban công tác Mặt trận khu dân cư Đông Sơn 1");
        assert_eq!(area.party_committee(), "Chi bộ khu dân cư Đông Sơn 1");
        let women = Unit {
            parent_name: Some("Phường Hạc Thành".into()),
            ..unit("Hội Liên hiệp Phụ nữ phường Hạc Thành", "to_chuc_thanh_vien", "")
        };
        assert_eq!(women.standing_committee(), "Ban Chấp hành Hội Liên hiệp Phụ nữ phường Hạc Thành");
        assert_eq!(women.party_committee(), "Đảng ủy phường Hạc Thành");
    }

    #[test]
    fn a_province_written_bare_gets_its_level_word_everywhere() {
        let u = unit("Thanh Hóa", "tinh", "");
        assert_eq!(u.full_name(), "Tỉnh Thanh Hóa");
        assert_eq!(u.name_in_sentence(), "tỉnh Thanh Hóa");
        assert_eq!(u.name_in_header(), "TỈNH THANH HÓA");
        assert_eq!(u.standing_committee(), "Ban Thường trực Ủy ban MTTQ tỉnh Thanh Hóa");
        assert_eq!(u.committee_heading(), "ỦY BAN MTTQ TỈNH THANH HÓA");
    }

    #[test]
    fn a_kind_in_the_name_is_lowered_in_a_sentence_and_the_proper_name_keeps_its_capitals() {
        let ward = unit("Phường Hạc Thành", "xa", "Phường");
        assert_eq!((ward.full_name(), ward.name_in_sentence()), ("Phường Hạc Thành".into(), "phường Hạc Thành".into()));
        assert_eq!(ward.name_in_header(), "PHƯỜNG HẠC THÀNH");
        let city = unit("Thành phố Hà Nội", "tinh", "Thành phố");
        assert_eq!((city.full_name(), city.name_in_sentence()), ("Thành phố Hà Nội".into(), "thành phố Hà Nội".into()));
        // The 2021 list writes the kind into the province's name.
        let old = unit("Tỉnh Thanh Hóa", "tinh", "Tỉnh");
        assert_eq!(old.name_in_sentence(), "tỉnh Thanh Hóa");
        // A name that merely starts like its kind ("Xã" and "Xã Đàn") is not cut.
        let odd = unit("Xãđàn", "xa", "Xã");
        assert_eq!(odd.name_in_sentence(), "Xãđàn");
        let commune = unit("Xã Yên Định", "xa", "Xã");
        assert_eq!(commune.standing_committee(), "Ban Thường trực Ủy ban MTTQ xã Yên Định");
        assert_eq!(commune.party_committee(), "Đảng ủy xã Yên Định");
        assert_eq!(city.party_committee(), "Thành ủy Hà Nội");
    }

    #[test]
    fn a_header_stored_with_a_bare_province_name_prints_it_with_its_level_word() {
        let header = DocumentHeader {
            parent_body: vec!["ỦY BAN MTTQ VIỆT NAM".into(), "THANH HÓA".into()],
            issuing_body: "BAN THƯỜNG TRỰC".into(),
            symbol: String::new(),
            place: String::new(),
            signer_authority: String::new(),
            signer_title: String::new(),
            signer_name: String::new(),
        };
        let province = Installation { unit: unit("Thanh Hóa", "tinh", ""), parent: None, header, clerk_name: String::new() };
        assert_eq!(province.with_units_named_in_full().header.parent_body, ["ỦY BAN MTTQ VIỆT NAM", "TỈNH THANH HÓA"]);
    }

    #[test]
    fn a_report_goes_to_the_level_above_and_the_party_committee_by_default() {
        let header = DocumentHeader {
            parent_body: Vec::new(),
            issuing_body: String::new(),
            symbol: String::new(),
            place: String::new(),
            signer_authority: String::new(),
            signer_title: String::new(),
            signer_name: String::new(),
        };
        let province = unit("Thanh Hóa", "tinh", "");
        let ward = Installation {
            unit: unit("Phường Hạc Thành", "xa", "Phường"),
            parent: Some(province.clone()),
            header: header.clone(),
            clerk_name: String::new(),
        };
        assert_eq!(
            ward.default_report_recipients(),
            ["- Ban Thường trực Ủy ban MTTQ tỉnh Thanh Hóa (b/c);", "- Đảng ủy phường Hạc Thành (b/c);", "- Lưu: VT."]
        );
        let upper = Installation { unit: province, parent: None, header, clerk_name: String::new() };
        assert_eq!(
            upper.default_report_recipients(),
            ["- Ban Thường trực Ủy ban Trung ương MTTQ Việt Nam (b/c);", "- Ban Dân vận Tỉnh ủy Thanh Hóa (b/c);", "- Lưu: VT."]
        );
    }
}
