//! Turning what a clerk typed (or a script passed) into the values a register stores, with a
//! Vietnamese message next to each field that is wrong.

use serde::Serialize;
use serde_json::{Map, Value};
use thidua_text::{clean, clean_lines, repair_legacy, search_key};
use ts_rs::TS;

use crate::{FieldSpec, FieldType, IsoDate, RecordId, RegisterKind};

/// A field that was refused, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// Checks and converts the fields of a record. With `partial` (an edit), only the fields given
/// are checked; otherwise every required field must be there. Unknown field names are refused.
pub fn validate_fields(kind: RegisterKind, raw: &Map<String, Value>, partial: bool) -> Result<Map<String, Value>, Vec<FieldError>> {
    let mut out = Map::new();
    let mut errors = Vec::new();
    for name in raw.keys() {
        if kind.field(name).is_none() {
            let known: Vec<&str> = kind.fields().iter().map(|f| f.name).collect();
            errors.push(FieldError {
                field: name.clone(),
                message: format!("Sổ «{}» không có trường «{name}»; các trường: {}.", kind.label(), known.join(", ")),
            });
        }
    }
    for spec in kind.fields() {
        match raw.get(spec.name) {
            None if partial => {}
            value => match parse_value(spec, value.unwrap_or(&Value::Null)) {
                Ok(v) => {
                    out.insert(spec.name.to_owned(), v);
                }
                Err(message) => errors.push(FieldError { field: spec.name.to_owned(), message }),
            },
        }
    }
    // A day that follows another cannot come before it (recognised before registered).
    for (earlier, later) in kind.date_order() {
        if let (Some(Value::String(a)), Some(Value::String(b))) = (out.get(*earlier), out.get(*later))
            && b < a
            && let (Some(ea), Some(la)) = (kind.field(earlier), kind.field(later))
        {
            let shown = IsoDate::parse(a).map(|d| d.to_dmy()).unwrap_or_else(|_| a.clone());
            errors.push(FieldError {
                field: (*later).to_owned(),
                message: format!("{} không thể trước {} ({shown}).", la.label, thidua_text::lower_first(ea.label)),
            });
        }
    }
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

fn is_blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

fn parse_value(spec: &FieldSpec, v: &Value) -> Result<Value, String> {
    if is_blank(v) {
        return if spec.required {
            Err(format!("Hãy nhập {}.", thidua_text::lower_first(spec.label)))
        } else {
            Ok(match spec.kind {
                FieldType::Text | FieldType::LongText | FieldType::Choice(_) => Value::from(""),
                // A count left blank is none of them.
                FieldType::Count => Value::from(0),
                _ => Value::Null,
            })
        };
    }
    let text = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let bounded = |text: String| match text_too_long(&text) {
        Some(why) => Err(format!("{} {why}.", spec.label)),
        None => Ok(Value::from(text)),
    };
    match spec.kind {
        // Text pasted from an old .VnTime document arrives in TCVN3 look-alikes: convert it.
        FieldType::Text => bounded(clean(&repair_legacy(&text))),
        FieldType::LongText => bounded(clean_lines(&repair_legacy(&text))),
        FieldType::Date => IsoDate::parse(&text).map(|d| Value::from(d.to_string())).map_err(|e| e.0),
        FieldType::Amount => match parse_whole(&text) {
            Some(n) => match out_of_bounds(n, MAX_AMOUNT) {
                None => Ok(Value::from(n)),
                Some(why) => Err(format!("Số tiền {why}.")),
            },
            None => Err(format!("Số tiền «{}» không hợp lệ: nhập số đồng, ví dụ 1.200.000.", text.trim())),
        },
        FieldType::Count => match parse_whole(&text) {
            Some(n) => match out_of_bounds(n, MAX_COUNT) {
                None => Ok(Value::from(n)),
                Some(why) => Err(format!("{}: {why}.", spec.label)),
            },
            None => Err(format!("«{}» không phải số nguyên không âm: nhập ví dụ 12 hoặc 1.250.", text.trim())),
        },
        FieldType::Stars => match parse_whole(&text) {
            Some(n @ 1..=5) => Ok(Value::from(n)),
            _ => Err(format!("Hạng sao OCOP là số từ 1 đến 5, không phải «{}».", text.trim())),
        },
        FieldType::Choice(options) => {
            let key = search_key(&text);
            // Other systems write the same choice as a code without spaces: "TAPTHE", "CANHAN".
            let squeezed = key.replace(' ', "");
            options
                .iter()
                .find(|(code, label)| {
                    *code == text.trim()
                        || search_key(label) == key
                        || code.replace('_', " ") == key
                        || (squeezed.len() > 3 && (search_key(label).replace(' ', "") == squeezed || code.replace('_', "") == squeezed))
                })
                .map(|(code, _)| Value::from(*code))
                .ok_or_else(|| {
                    let allowed: Vec<&str> = options.iter().map(|(_, l)| *l).collect();
                    format!("{} phải là một trong: {}.", spec.label, allowed.join(", "))
                })
        }
        FieldType::Link(_) => text.parse::<RecordId>().map(|id| Value::from(id.to_string())).map_err(|e| e.0),
    }
}

/// A whole number ≥ 0 as a clerk writes it: "1250", "1.250", "1 250", "1.200.000 đồng".
/// The largest sum of money a field or an indicator's figure may hold: 10^14 đồng (100.000 tỷ
/// đồng), orders of magnitude beyond what a commune or a province raises for a movement, so a
/// larger number is a typing slip (digits repeated, a pasted account number); and small enough
/// that the figures of every commune in the country (3,321) add up far inside a 64-bit integer.
pub const MAX_AMOUNT: i64 = 100_000_000_000_000;
/// The largest count (sessions, people, households, items): 10^9, ten times the country's
/// population.
pub const MAX_COUNT: i64 = 1_000_000_000;
/// The largest figure of an indicator, which may count things or sum money: the larger bound.
pub const MAX_FIGURE: i64 = MAX_AMOUNT;
/// The longest text a field, a report's section or a reason may hold: 20.000 characters, some
/// ten printed pages. A register's field is a title, a name or a description, a section a few
/// paragraphs: longer text is a paste gone wrong. Bundles refuse it (`thidua-bundle` uses this
/// bound), and a spreadsheet cell holds at most 32.767, so it is refused where it is typed, with
/// the field named, rather than kept here to be refused upstairs or cut in Excel.
pub const MAX_TEXT_CHARS: usize = 20_000;

/// Why `text` is too long to keep ("dài 100.000 ký tự, quá giới hạn 20.000 ký tự: hãy rút
/// gọn"), or `None`.
pub fn text_too_long(text: &str) -> Option<String> {
    let n = text.chars().count();
    (n > MAX_TEXT_CHARS).then(|| {
        format!(
            "dài {} ký tự, quá giới hạn {} ký tự: hãy rút gọn",
            thidua_text::format_integer(n as i64),
            thidua_text::format_integer(MAX_TEXT_CHARS as i64)
        )
    })
}

/// Why a whole number is refused where a count, an amount or a figure is expected; `None` when it
/// is within its bounds.
pub fn out_of_bounds(value: i64, max: i64) -> Option<String> {
    if value < 0 {
        Some(format!("số âm ({}) không hợp lệ", thidua_text::format_integer(value)))
    } else if value > max {
        Some(format!("{} vượt giới hạn {}: kiểm tra lại số chữ số", thidua_text::format_integer(value), thidua_text::format_integer(max)))
    } else {
        None
    }
}

/// The sum of figures or amounts, or `None` when it would not fit in 64 bits (which the bounds
/// above prevent for new data; a database from before them may still hold larger numbers).
pub fn checked_total(values: impl IntoIterator<Item = i64>) -> Option<i64> {
    values.into_iter().try_fold(0i64, i64::checked_add)
}

pub fn parse_whole(s: &str) -> Option<i64> {
    let mut t = s.trim().to_lowercase();
    for unit in ["vnđ", "đồng", "đ", "vnd"] {
        if let Some(rest) = t.strip_suffix(unit) {
            t = rest.trim().to_owned();
        }
    }
    let t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    if t.contains('.') {
        // Dots must group thousands: "1.200.300", never "1.2" or "12.00".
        let groups: Vec<&str> = t.split('.').collect();
        let first_ok = (1..=3).contains(&groups[0].len());
        if !first_ok || groups[1..].iter().any(|g| g.len() != 3) {
            return None;
        }
    }
    t.replace('.', "").parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(kind: RegisterKind, input: Value, expect: Result<Value, &[(&str, &str)]>) {
        let got = validate_fields(kind, input.as_object().unwrap(), false);
        match (got, expect) {
            (Ok(got), Ok(want)) => {
                for (k, v) in want.as_object().unwrap() {
                    assert_eq!(got.get(k), Some(v), "field {k}");
                }
            }
            (Err(errors), Err(want)) => {
                for (field, fragment) in want {
                    let e = errors.iter().find(|e| e.field == *field).unwrap_or_else(|| panic!("no error on {field}: {errors:?}"));
                    assert!(e.message.contains(fragment), "{field}: {}", e.message);
                }
            }
            (got, want) => panic!("got {got:?}, expected {want:?}"),
        }
    }

    #[test]
    fn amounts_counts_and_totals_stay_within_their_bounds() {
        use crate::RegisterKind;
        let amount = RegisterKind::Initiative.fields().iter().find(|f| matches!(f.kind, FieldType::Amount)).unwrap();
        assert_eq!(parse_value(amount, &json!("100.000.000.000.000")), Ok(json!(MAX_AMOUNT)));
        let err = parse_value(amount, &json!("5.000.000.000.000.000.000")).unwrap_err();
        assert_eq!(err, "Số tiền 5.000.000.000.000.000.000 vượt giới hạn 100.000.000.000.000: kiểm tra lại số chữ số.");
        let err = parse_value(amount, &json!("50.000.000.000.000.000.000")).unwrap_err();
        assert!(err.starts_with("Số tiền «50.000.000.000.000.000.000» không hợp lệ"), "{err}");
        let err = parse_value(amount, &json!("100.000.000.000.001")).unwrap_err();
        assert_eq!(err, "Số tiền 100.000.000.000.001 vượt giới hạn 100.000.000.000.000: kiểm tra lại số chữ số.");
        let count = RegisterKind::Activity.fields().iter().find(|f| matches!(f.kind, FieldType::Count)).unwrap();
        assert!(parse_value(count, &json!("1.000.000.001")).unwrap_err().contains("vượt giới hạn 1.000.000.000"));
        assert_eq!(out_of_bounds(-1, MAX_FIGURE).as_deref(), Some("số âm (-1) không hợp lệ"));
        assert_eq!(out_of_bounds(0, MAX_FIGURE), None);
        // Two figures a careless clerk could once enter no longer wrap around: the sum says it cannot.
        assert_eq!(checked_total([5_000_000_000_000_000_000, 5_000_000_000_000_000_000]), None);
        assert_eq!(checked_total([MAX_FIGURE; 3_321]), Some(MAX_FIGURE * 3_321));
    }

    #[test]
    fn values_are_converted_as_a_clerk_writes_them() {
        check(
            RegisterKind::Resource,
            json!({"donor": " Công ty  A ", "amount": "1.200.000 đồng", "received_on": "05/01/2022"}),
            Ok(json!({"donor": "Công ty A", "amount": 1_200_000, "received_on": "2022-01-05", "in_kind": ""})),
        );
        check(
            RegisterKind::Activity,
            json!({"kind": "Tuyên truyền", "held_on": "2022-03-08", "title": "x", "sessions": 2, "participants": "1.250"}),
            Ok(json!({"kind": "tuyen_truyen", "participants": 1250, "media_items": 0})),
        );
        check(
            RegisterKind::Initiative,
            json!({"title": "x", "authors": "y", "registered_on": "1/2/2022", "status": "cong nhan"}),
            Ok(json!({"status": "cong_nhan"})),
        );
    }

    #[test]
    fn nfd_and_tcvn3_text_become_nfc_unicode() {
        // NFD as pasted from macOS; TCVN3 look-alikes as pasted from an old .VnTime document.
        check(
            RegisterKind::Model,
            json!({"name": "Phu\u{031B}o\u{031B}\u{0300}ng", "in_charge": "Ph\u{AD}êng H\u{B9}c Th\u{B5}nh", "started_on": "01/01/2022", "status": "xay_dung"}),
            Ok(json!({"name": "Phường", "in_charge": "Phường Hạc Thành"})),
        );
    }

    #[test]
    fn each_wrong_field_gets_its_own_message() {
        check(
            RegisterKind::Resource,
            json!({"donor": "", "amount": "1.2", "received_on": "31/02/2022"}),
            Err(&[("donor", "Hãy nhập tổ chức"), ("amount", "1.200.000"), ("received_on", "không hợp lệ")]),
        );
        check(
            RegisterKind::OcopLink,
            json!({"product": "a", "producer": "b", "stars": 6, "linked_on": "01/01/2022"}),
            Err(&[("stars", "từ 1 đến 5")]),
        );
        check(
            RegisterKind::Model,
            json!({"name": "a", "started_on": "01/01/2022", "status": "khác"}),
            Err(&[("status", "Xây dựng, Nhân rộng")]),
        );
        check(
            RegisterKind::Model,
            json!({"name": "a", "started_on": "01/01/2022", "status": "xay_dung", "ghi_chu": "x"}),
            Err(&[("ghi_chu", "không có trường")]),
        );
    }

    #[test]
    fn an_edit_checks_only_what_it_changes_but_cannot_blank_a_required_field() {
        let ok = validate_fields(RegisterKind::Resource, json!({"amount": "5.000"}).as_object().unwrap(), true).unwrap();
        assert_eq!(ok.len(), 1);
        let err = validate_fields(RegisterKind::Resource, json!({"donor": " "}).as_object().unwrap(), true).unwrap_err();
        assert_eq!(err[0].field, "donor");
    }

    #[test]
    fn whole_numbers_accept_dots_only_between_thousands() {
        for (s, n) in [
            ("0", Some(0)),
            ("1.250", Some(1250)),
            ("1 200 300", Some(1_200_300)),
            ("12.00", None),
            ("1,5", None),
            ("-3", None),
            ("", None),
            ("5.000 VNĐ", Some(5000)),
        ] {
            assert_eq!(parse_whole(s), n, "{s}");
        }
    }
}
