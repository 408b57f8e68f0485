//! Where a computed indicator takes its figure from: a register, what it adds up (a count of
//! records or the sum of a number field) and which records it counts (a filter on the
//! register's choice and text fields). Checked in one place, when the upper level writes an
//! indicator and again when a unit below receives it, so a set that cannot be computed is
//! refused with the reason instead of counting nothing.

use serde_json::{Map, Value};

use crate::{FieldType, RegisterKind};

/// "count", or "sum:<field>" for a number field of the register.
pub fn check_aggregate(kind: RegisterKind, aggregate: &str) -> Result<(), String> {
    if aggregate == "count" {
        return Ok(());
    }
    let Some(field) = aggregate.strip_prefix("sum:") else {
        return Err(format!("cách tính «{aggregate}» không có: chỉ đếm bản ghi (count) hoặc cộng một trường số (sum:<trường>)"));
    };
    match kind.field(field) {
        Some(f) if matches!(f.kind, FieldType::Count | FieldType::Amount) => Ok(()),
        Some(f) => Err(format!("trường «{}» của sổ {} không phải là số, không cộng được", f.label, kind.label())),
        None => Err(no_field(kind, field)),
    }
}

/// A JSON object: field → a value or a list of values the record must have. Only choice and
/// text fields filter; a choice's value must be one of its codes.
pub fn check_filter(kind: RegisterKind, filter: &str) -> Result<(), String> {
    let Ok(map) = serde_json::from_str::<Map<String, Value>>(filter) else {
        return Err(format!("điều kiện lọc «{filter}» không đọc được"));
    };
    for (name, want) in &map {
        let field = kind.field(name).ok_or_else(|| no_field(kind, name))?;
        let values: Vec<&Value> = match want {
            Value::Array(options) if !options.is_empty() => options.iter().collect(),
            Value::Array(_) => return Err(format!("điều kiện lọc theo «{}» không có giá trị nào", field.label)),
            one => vec![one],
        };
        for value in values {
            let Some(text) = value.as_str() else {
                return Err(format!("giá trị lọc theo «{}» phải là chữ", field.label));
            };
            match field.kind {
                FieldType::Choice(choices) if !choices.iter().any(|(code, _)| *code == text) => {
                    let known: Vec<String> = choices.iter().map(|(code, label)| format!("{code} ({label})")).collect();
                    return Err(format!("«{}» không có giá trị «{text}»; dùng một trong: {}", field.label, known.join(", ")));
                }
                FieldType::Choice(_) | FieldType::Text => {}
                _ => return Err(format!("không lọc theo «{}»: chỉ lọc theo trường lựa chọn hoặc chữ", field.label)),
            }
        }
    }
    Ok(())
}

/// The whole source of a computed indicator: its register by code, then aggregate and filter.
pub fn check_source(register: &str, aggregate: Option<&str>, filter: Option<&str>) -> Result<RegisterKind, String> {
    let kind = RegisterKind::from_code(register).ok_or_else(|| format!("không có sổ theo dõi «{register}»"))?;
    check_aggregate(kind, aggregate.unwrap_or("count"))?;
    if let Some(filter) = filter {
        check_filter(kind, filter)?;
    }
    Ok(kind)
}

fn no_field(kind: RegisterKind, name: &str) -> String {
    let known: Vec<&str> = kind.fields().iter().map(|f| f.name).collect();
    format!("sổ {} không có trường «{name}» (các trường: {})", kind.label(), known.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_sources_pass_and_the_wrong_ones_say_why() {
        assert_eq!(check_source("initiative", Some("count"), Some(r#"{"status":["cong_nhan","ap_dung"]}"#)), Ok(RegisterKind::Initiative));
        assert!(check_source("activity", Some("sum:participants"), Some(r#"{"kind":"tuyen_truyen"}"#)).is_ok());
        assert!(check_source("resource", Some("sum:amount"), None).is_ok());
        let err = |r, a, f| check_source(r, a, f).unwrap_err();
        assert!(err("register", Some("count"), None).contains("không có sổ theo dõi «register»"));
        assert!(err("initiative", Some("sum:title"), None).contains("không phải là số"));
        assert!(err("initiative", Some("sum:nothing"), None).contains("không có trường «nothing»"));
        assert!(err("initiative", Some("avg"), None).contains("cách tính «avg»"));
        assert!(err("initiative", Some("count"), Some(r#"{"colour":"red"}"#)).contains("không có trường «colour»"));
        assert!(err("initiative", Some("count"), Some(r#"{"status":"xong"}"#)).contains("dang_ky (Đăng ký)"));
        assert!(err("activity", Some("count"), Some(r#"{"sessions":"3"}"#)).contains("chỉ lọc theo trường lựa chọn"));
        assert!(err("activity", Some("count"), Some("{not json")).contains("không đọc được"));
        assert!(err("activity", Some("count"), Some(r#"{"kind":[]}"#)).contains("không có giá trị nào"));
    }
}
