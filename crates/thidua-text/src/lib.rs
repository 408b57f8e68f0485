//! Vietnamese text as the clerks' documents need it.
//!
//! Promises: every string that enters the program goes through [`clean`] (NFC, trimmed, inner
//! whitespace collapsed); every list a person sees is sorted with [`Collator`] (the real `vi`
//! collation of ICU4X, never code points); search compares [`search_key`]s, which fold case,
//! diacritics, `đ` and both tone-mark styles ("Hòa"/"Hoà"); numbers and dates are written as
//! `DOCUMENT_FORMAT.md` asks ("1.200.300", "ngày 05 tháng 01 năm 2022").

mod collate;
mod format;
mod legacy;
mod normalize;

pub use collate::Collator;
pub use format::{format_date_dmy, format_date_long, format_decimal, format_integer, parse_date_dmy};
pub use legacy::{Legacy, decode_legacy, looks_like_tcvn3, repair_legacy};
pub use normalize::{SearchQuery, clean, clean_lines, collapse_spaces, lower_first, nfc, search_key, upper_first, visible};
