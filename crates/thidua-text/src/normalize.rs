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
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The input path for one-line fields: NFC, control characters dropped (NUL, BEL, ESC arrive from
/// spreadsheets and pastes; stored, they would be echoed raw to a terminal and refused by the
/// bundle format), trimmed, inner spaces collapsed.
pub fn clean(s: &str) -> String {
    // A list of 11,000 unit names is cleaned on reading and again on storing; nearly all of
    // them are clean already, which one pass over the bytes tells.
    if is_clean(s) {
        return s.to_owned();
    }
    collapse_spaces(&visible(s))
}

/// Whether [`clean`] would return `s` unchanged: NFC, no control character, single plain
/// spaces between words and none at either end.
fn is_clean(s: &str) -> bool {
    let mut previous_space = true; // a leading space is not clean
    for c in s.chars() {
        let space = c == ' ';
        if (space && previous_space) || (!space && (c.is_whitespace() || c.is_control())) {
            return false;
        }
        previous_space = space;
    }
    // A trailing space is not clean either (the empty string is).
    (s.is_empty() || !previous_space) && unicode_normalization::is_nfc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes
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
    // One pass, straight into the key, each character decomposed on its own (the marks are
    // dropped, so the reordering a full NFD does is not needed): this runs twice per unit of
    // an 11,000-unit list.
    let mut key = String::with_capacity(s.len());
    let mut pending_space = false;
    let mut push = |c: char| {
        if c.is_whitespace() {
            pending_space = !key.is_empty();
        } else if !is_combining_mark(c) {
            if pending_space {
                key.push(' ');
                pending_space = false;
            }
            key.push(if c == 'đ' { 'd' } else { c });
        }
    };
    for c in s.chars() {
        if c.is_ascii() {
            push(c.to_ascii_lowercase());
        } else {
            unicode_normalization::char::decompose_canonical(c, |base| {
                if !is_combining_mark(base) {
                    base.to_lowercase().for_each(&mut push);
                }
            });
        }
    }
    key
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
    fn the_quick_path_of_clean_agrees_with_the_full_one() {
        let full = |s: &str| collapse_spaces(&visible(s));
        let samples = [
            "",
            " ",
            "Phường Hạc Thành",
            " Phường",
            "Phường ",
            "Phường  Hạc",
            "Phường\tHạc",
            "Phường\u{a0}Hạc",
            "Tổ\u{0} 1",
            "Ho\u{0061}\u{0300}",
            "a\nb",
            "x",
            "Đoàn kết sáng tạo",
        ];
        for s in samples {
            assert_eq!(clean(s), full(s), "clean({s:?})");
        }
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/text/");
        let nfd = std::fs::read_to_string(format!("{dir}thanh_hoa_2025_names_NFD.txt")).unwrap();
        for line in nfd.lines() {
            assert_eq!(clean(line), full(line));
            assert_eq!(clean(&clean(line)), full(line));
        }
    }

    #[test]
    fn the_one_pass_key_agrees_with_full_decomposition() {
        let reference = |s: &str| {
            let folded: String =
                s.nfd().filter(|c| !is_combining_mark(*c)).flat_map(char::to_lowercase).map(|c| if c == 'đ' { 'd' } else { c }).collect();
            collapse_spaces(&folded)
        };
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/text/");
        let tsv = std::fs::read_to_string(format!("{dir}thanh_hoa_2025_names_nfc_nfd_tcvn3_vni.tsv")).unwrap();
        let nfd = std::fs::read_to_string(format!("{dir}thanh_hoa_2025_names_NFD.txt")).unwrap();
        let odd = "  ĐOÀN\tKẾT  İstanbul 한국 Ǆ ﬁ Ω Å ";
        for s in tsv.lines().flat_map(|l| l.split('\t')).chain(nfd.lines()).chain([odd, "", " "]) {
            assert_eq!(search_key(s), reference(s), "search_key({s:?})");
        }
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
