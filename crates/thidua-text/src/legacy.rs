//! Text in the legacy Vietnamese encodings of the 1990s Word documents: TCVN3 (ABC, the
//! .VnTime fonts) and VNI. Pasted from such a document, it arrives as Latin-1 look-alikes
//! ("Ph­êng H¹c Thµnh" for "Phường Hạc Thành"); this module recognises and converts it.
//!
//! The table is `legacy-table.tsv`: the 134 precomposed Vietnamese letters with their VNI and
//! TCVN3 forms, from the npm package vietnamese-conversion 2.0.0 (MIT), via tests/data/text.

use std::collections::HashMap;
use std::sync::OnceLock;

const TABLE: &str = include_str!("legacy-table.tsv");

/// A legacy encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Legacy {
    Tcvn3,
    Vni,
}

struct Decoder {
    /// Legacy form (as the Latin-1 / cp1252 characters it shows as) → Unicode letter.
    map: HashMap<String, char>,
    longest: usize,
}

fn decoder(enc: Legacy) -> &'static Decoder {
    static TCVN3: OnceLock<Decoder> = OnceLock::new();
    static VNI: OnceLock<Decoder> = OnceLock::new();
    let column = match enc {
        Legacy::Tcvn3 => 4,
        Legacy::Vni => 2,
    };
    let cell = match enc {
        Legacy::Tcvn3 => &TCVN3,
        Legacy::Vni => &VNI,
    };
    cell.get_or_init(|| {
        let rows: Vec<(char, &str)> = TABLE
            .lines()
            .skip(1)
            .filter_map(|line| {
                let cols: Vec<&str> = line.split('\t').collect();
                Some((cols.first()?.chars().next()?, *cols.get(column)?))
            })
            .collect();
        // A letter whose legacy form is itself ("ì" in VNI) needs no conversion, and that form
        // must not be read as another letter (the source table gives "ì" for VNI "ỹ" too).
        let identity: Vec<String> = rows.iter().filter(|(u, l)| *l == u.to_string()).map(|(_, l)| (*l).to_owned()).collect();
        let mut map = HashMap::new();
        for (unicode, legacy) in rows {
            if !legacy.is_empty() && !identity.iter().any(|i| i == legacy) {
                map.entry(legacy.to_owned()).or_insert(unicode);
            }
        }
        if enc == Legacy::Vni {
            // The right VNI forms of the two letters the source table gets wrong.
            map.entry("yõ".to_owned()).or_insert('ỹ');
            map.entry("YÕ".to_owned()).or_insert('Ỹ');
        }
        let longest = map.keys().map(|k| k.chars().count()).max().unwrap_or(1);
        Decoder { map, longest }
    })
}

/// Converts legacy-encoded text to Unicode (NFC), longest match first; other characters pass.
pub fn decode_legacy(s: &str, enc: Legacy) -> String {
    let d = decoder(enc);
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    'outer: while i < chars.len() {
        for len in (1..=d.longest.min(chars.len() - i)).rev() {
            let piece: String = chars[i..i + len].iter().collect();
            if let Some(&u) = d.map.get(&piece) {
                out.push(u);
                i += len;
                continue 'outer;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    crate::nfc(&out)
}

/// Latin-1 letters that Vietnamese Unicode text uses; any other character of U+0080–U+00FF in
/// a text with no Vietnamese letter beyond Latin-1 is the mark of TCVN3.
const VIETNAMESE_LATIN1: &str = "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý";

/// Whether `s` looks like TCVN3 text pasted as Latin-1: it has characters of the Latin-1
/// upper half that Vietnamese never writes (µ, ¸, ¹, ­…) and no Vietnamese letter outside
/// Latin-1 (ă, đ, ơ, ư, ạ… would mean it is Unicode already).
pub fn looks_like_tcvn3(s: &str) -> bool {
    let mut marks = 0;
    for c in s.chars() {
        let cp = c as u32;
        if cp > 0xFF && cp != 0x2019 && cp != 0x201C && cp != 0x201D && cp != 0x2013 && cp != 0x2026 {
            return false;
        }
        if (0xA0..=0xFF).contains(&cp) && cp != 0xA0 && !VIETNAMESE_LATIN1.contains(c) {
            marks += 1;
        }
    }
    marks > 0
}

/// Text from a form or a file: TCVN3 look-alikes converted, then NFC.
pub fn repair_legacy(s: &str) -> String {
    if looks_like_tcvn3(s) { decode_legacy(s, Legacy::Tcvn3) } else { crate::nfc(s) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn latin1(hex: &str) -> String {
        (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap() as char).collect()
    }

    fn cp1252(hex: &str) -> String {
        (0..hex.len())
            .step_by(2)
            .map(|i| {
                let b = u8::from_str_radix(&hex[i..i + 2], 16).unwrap();
                // The bytes of VNI letters that cp1252 maps outside Latin-1.
                match b {
                    0x80..=0x9F => encoding_cp1252_high(b),
                    _ => b as char,
                }
            })
            .collect()
    }

    fn encoding_cp1252_high(b: u8) -> char {
        const HIGH: [char; 32] = [
            '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}', '\u{90}', '‘', '’', '“', '”',
            '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
        ];
        HIGH[(b - 0x80) as usize]
    }

    #[test]
    fn the_166_thanh_hoa_names_convert_from_tcvn3_and_vni() {
        let tsv = include_str!("../../../tests/data/text/thanh_hoa_2025_names_nfc_nfd_tcvn3_vni.tsv");
        let mut checked = 0;
        for line in tsv.lines().skip(1) {
            let cols: Vec<&str> = line.split('\t').collect();
            let (name, tcvn3, vni) = (cols[1], latin1(cols[3]), cp1252(cols[4]));
            assert!(looks_like_tcvn3(&tcvn3), "{name}: {tcvn3}");
            assert!(!looks_like_tcvn3(name), "{name} is Unicode");
            assert_eq!(repair_legacy(&tcvn3), name, "TCVN3 {tcvn3}");
            assert_eq!(decode_legacy(&vni, Legacy::Vni), name, "VNI {vni}");
            checked += 1;
        }
        assert_eq!(checked, 166);
    }

    #[test]
    fn vni_tilde_y_and_grave_i_are_told_apart() {
        assert_eq!(decode_legacy("Mì, kyõ", Legacy::Vni), "Mì, kỹ");
    }

    #[test]
    fn unicode_and_plain_text_are_left_alone() {
        for s in ["Phường Hạc Thành", "Thanh Hoá", "Nguyễn Văn A", "ABC 123", "Café “ngon” – 5%"] {
            assert!(!looks_like_tcvn3(s), "{s}");
            assert_eq!(repair_legacy(s), crate::nfc(s));
        }
    }
}
