//! Sorting by the `vi` collation of ICU4X.

use std::cmp::Ordering;

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator as IcuCollator, CollatorBorrowed};
use icu_locale_core::locale;

/// The Vietnamese collator: a < ă < â, d < đ, tones none < huyền < hỏi < ngã < sắc < nặng.
///
/// Built once and shared; comparing is cheap. Strings are compared as given (the collator
/// normalises internally), so NFD and NFC spellings of a name sort together.
pub struct Collator {
    inner: CollatorBorrowed<'static>,
}

impl Collator {
    /// The collator for the `vi` locale, from ICU4X's compiled data (no files needed at run time).
    pub fn vietnamese() -> Self {
        let inner = IcuCollator::try_new(locale!("vi").into(), CollatorOptions::default())
            .expect("the vi collation is part of ICU4X's compiled data");
        Self { inner }
    }

    /// Compares two strings as a Vietnamese dictionary would.
    pub fn compare(&self, a: &str, b: &str) -> Ordering {
        self.inner.compare(a, b)
    }

    /// Sorts `items` by the string `key` returns, in Vietnamese order. Stable.
    pub fn sort_by_key<T>(&self, items: &mut [T], key: impl Fn(&T) -> &str) {
        items.sort_by(|a, b| self.compare(key(a), key(b)));
    }
}

impl Default for Collator {
    fn default() -> Self {
        Self::vietnamese()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(words: &[&str]) -> Vec<String> {
        let c = Collator::vietnamese();
        let mut v: Vec<String> = words.iter().map(|s| s.to_string()).collect();
        c.sort_by_key(&mut v, |s| s.as_str());
        v
    }

    #[test]
    fn letters_follow_the_vietnamese_alphabet() {
        assert_eq!(sorted(&["ân", "ăn", "an"]), ["an", "ăn", "ân"]);
        assert_eq!(sorted(&["đa", "da", "ea"]), ["da", "đa", "ea"]);
        assert_eq!(sorted(&["ơ", "ô", "o"]), ["o", "ô", "ơ"]);
        assert_eq!(sorted(&["ư", "u", "v"]), ["u", "ư", "v"]);
    }

    #[test]
    fn tones_sort_none_grave_hook_tilde_acute_dot() {
        assert_eq!(sorted(&["mạ", "má", "mã", "mả", "mà", "ma"]), ["ma", "mà", "mả", "mã", "má", "mạ"]);
    }

    #[test]
    fn unit_names_sort_as_a_clerk_expects_not_by_code_point() {
        // By code point "Đông Sơn" would come after "Yên Định"; by the alphabet it follows "Định".
        let got = sorted(&["Yên Định", "Đông Sơn", "Bá Thước", "Ầm Hạ", "Định Tân", "Dân Lực"]);
        assert_eq!(got, ["Ầm Hạ", "Bá Thước", "Dân Lực", "Định Tân", "Đông Sơn", "Yên Định"]);
    }

    #[test]
    fn nfd_and_nfc_compare_equal() {
        let c = Collator::vietnamese();
        assert_eq!(c.compare("Ho\u{0300}a", "Hòa"), Ordering::Equal);
    }
}
