//! Normalisation on input and folding for search.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Returns `s` in Unicode NFC, the only form the program stores.
pub fn nfc(s: &str) -> String {
    // Almost all text already is NFC; the quick check says so without rebuilding it.
    match unicode_normalization::is_nfc_quick(s.chars()) {
        unicode_normalization::IsNormalized::Yes => s.to_owned(),
        _ => s.nfc().collect(),
    }
}

/// Collapses every run of whitespace (tabs, no-break spaces, newlines) to one space and trims
/// both ends. Names from the statistics office carry double and trailing spaces.
pub fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The input path for one-line fields: NFC, control characters dropped (NUL, BEL, ESC arrive from
/// spreadsheets and pastes; stored, they would be echoed raw to a terminal and refused by the
/// bundle format), trimmed, inner spaces collapsed.
pub fn clean(s: &str) -> String {
    collapse_spaces(&visible(s))
}

/// NFC with control characters dropped and whitespace (line breaks included) kept as it is:
/// for text that arrives whole from elsewhere (a bundle's fields) and must not carry a
/// terminal's escape sequences or a NUL, but whose layout is not ours to change.
pub fn visible(s: &str) -> String {
    nfc(s).chars().filter(|c| !c.is_control() || c.is_whitespace()).collect()
}

/// Text of several lines (a description, a report's section) cleaned line by line as
/// [`clean`] does, the line breaks kept, blank lines at either end dropped.
pub fn clean_lines(s: &str) -> String {
    let lines: Vec<String> = s.lines().map(clean).collect();
    lines.join("\n").trim().to_owned()
}

/// A key that two spellings of the same word share: lower case, no diacritics, `đ` as `d`,
/// whitespace collapsed. Both tone-mark styles fold to the same key because every mark goes.
pub fn search_key(s: &str) -> String {
    let folded: String = s
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            other => other,
        })
        .collect();
    collapse_spaces(&folded)
}

/// A search typed by the clerk: every word must begin a word of the candidate, folded, so
/// "hoa" finds "Hòa Bình" and "Thanh Hoá" (and, as typing goes on, "Hoàn") but not "Khoái".
///
/// Folding is deliberately generous (a clerk on a keyboard without Vietnamese input types
/// "hoa" for "Hòa"); ranking, not filtering, is where exactness would matter.
#[derive(Debug, Clone)]
pub struct SearchQuery {
    words: Vec<String>,
}

impl SearchQuery {
    /// Parses what the clerk typed.
    pub fn new(typed: &str) -> Self {
        Self { words: search_key(typed).split(' ').filter(|w| !w.is_empty()).map(str::to_owned).collect() }
    }

    /// True when nothing was typed, so everything matches.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Whether `candidate` (any form: NFC, NFD, either tone style) matches.
    pub fn matches(&self, candidate: &str) -> bool {
        self.matches_key(&search_key(candidate))
    }

    /// Whether a precomputed [`search_key`] matches; use this for long lists.
    pub fn matches_key(&self, key: &str) -> bool {
        self.words.iter().all(|w| key.split(' ').any(|k| k.starts_with(w.as_str())))
    }
}

/// The first letter in lower case, the rest as it is: a name or a label placed inside a
/// sentence ("Phường Hạc Thành" → "phường Hạc Thành", proper names keep their capitals).
pub fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_lowercase().chain(chars).collect()).unwrap_or_default()
}

/// The first letter in capitals, the rest as it is: a clause starting a sentence or a heading.
pub fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_key(input: &str, expect: &str) {
        assert_eq!(search_key(input), expect, "search_key({input:?})");
    }

    #[test]
    fn keys_fold_marks_case_and_d() {
        check_key("Thanh Hóa", "thanh hoa");
        check_key("Thanh Hoá", "thanh hoa");
        check_key("ỦY BAN", "uy ban");
        check_key("Uỷ ban", "uy ban");
        check_key("Đoàn kết  sáng tạo ", "doan ket sang tao");
        check_key("Thanh Ho\u{0061}\u{0300}", "thanh hoa");
    }

    #[test]
    fn clean_makes_nfc_and_collapses_spaces() {
        let nfd = "Tha\u{0300}nh  pho\u{0302}\u{0301}\t Thanh Ho\u{0301}a  ";
        assert_eq!(clean(nfd), "Thành phố Thanh Hóa");
        assert_eq!(clean(nfd), nfc(&clean(nfd)));
        assert_eq!(clean("Tổ\u{0} 1\u{7}\u{1b}[31m đỏ\r\n"), "Tổ 1[31m đỏ");
    }

    #[test]
    fn queries_match_all_words_in_any_spelling() {
        let q = SearchQuery::new("hoa  thanh");
        assert!(q.matches("Thành phố Thanh Hoá"));
        assert!(!q.matches("Thành phố Hà Nội"));
        assert!(!SearchQuery::new("hoa").matches("Huyện Khoái Châu"), "a word must start with what was typed");
        assert!(SearchQuery::new("hoan").matches("Quận Hoàn Kiếm"));
        let q = SearchQuery::new("Hoà");
        assert!(q.matches("Phường Hòa Bình"));
        assert!(SearchQuery::new("   ").is_empty());
    }

    #[test]
    fn nfc_agrees_with_unicode_normalization_test_for_vietnamese() {
        // Columns of NormalizationTest.txt: source; NFC; NFD; NFKC; NFKD. nfc(c1..c3) == c2.
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/text/NormalizationTest_vietnamese_subset.txt");
        let text = std::fs::read_to_string(path).expect("shared test data");
        let decode = |field: &str| -> String {
            field.split_whitespace().map(|h| char::from_u32(u32::from_str_radix(h, 16).unwrap()).unwrap()).collect()
        };
        let mut checked = 0;
        for line in text.lines().filter(|l| !l.starts_with('#') && !l.starts_with('@') && !l.trim().is_empty()) {
            let cols: Vec<String> = line.split(';').take(5).map(decode).collect();
            assert_eq!(nfc(&cols[0]), cols[1], "line {line}");
            assert_eq!(nfc(&cols[2]), cols[1], "line {line}");
            checked += 1;
        }
        assert!(checked > 100, "only {checked} lines checked");
    }

    #[test]
    fn nfd_names_from_macos_become_the_nfc_names() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/text/");
        let nfd = std::fs::read_to_string(format!("{dir}thanh_hoa_2025_names_NFD.txt")).unwrap();
        let tsv = std::fs::read_to_string(format!("{dir}thanh_hoa_2025_names_nfc_nfd_tcvn3_vni.tsv")).unwrap();
        let expected: Vec<&str> = tsv.lines().skip(1).map(|l| l.split('\t').nth(1).unwrap()).collect();
        let got: Vec<String> = nfd.lines().filter(|l| !l.trim().is_empty()).map(clean).collect();
        assert_eq!(got.len(), 166);
        assert_eq!(got, expected);
        assert!(got.iter().all(|n| n.chars().all(|c| !is_combining_mark(c))));
    }

    #[test]
    fn the_first_letter_alone_changes_case() {
        assert_eq!(lower_first("Phường Hạc Thành"), "phường Hạc Thành");
        assert_eq!(lower_first("Ủy ban MTTQ"), "ủy ban MTTQ");
        assert_eq!(upper_first("đã tổ chức"), "Đã tổ chức");
        assert_eq!((lower_first(""), upper_first("")), (String::new(), String::new()));
    }
}
