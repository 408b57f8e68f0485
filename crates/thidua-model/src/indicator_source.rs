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

/// Counts a model in every period it is running, from its start to its end.
pub const RUNNING: &str = "running";

/// The day an indicator counts a record by: a date field of its register, or [`RUNNING`] for a
/// register whose records have an end day.
pub fn check_date_field(kind: RegisterKind, date_field: &str) -> Result<(), String> {
    if date_field == RUNNING {
        return match kind.field("ended_on") {
            Some(_) => Ok(()),
            None => Err(format!("sổ {} không có ngày kết thúc, không tính «đang hoạt động» được", kind.label())),
        };
    }
    match kind.field(date_field) {
        Some(f) if f.kind == FieldType::Date => Ok(()),
        Some(f) => Err(format!("trường «{}» của sổ {} không phải là ngày", f.label, kind.label())),
        None => Err(no_field(kind, date_field)),
    }
}

/// Whether a record falls in the period `from..=to` (stored ISO days) for an indicator counting
/// by `date_field`: that day, or the register's own day when the record has none (kept before
/// the day existed, or left blank); with [`RUNNING`], any overlap of its start..end.
pub fn counts_in(kind: RegisterKind, date_field: Option<&str>, fields: &serde_json::Map<String, Value>, from: &str, to: &str) -> bool {
    let day = |name: &str| fields.get(name).and_then(Value::as_str).filter(|d| !d.is_empty());
    let own = day(kind.date_field());
    match date_field {
        Some(RUNNING) => own.is_some_and(|start| start <= to && day("ended_on").is_none_or(|end| end >= from)),
        Some(name) => day(name).or(own).is_some_and(|d| from <= d && d <= to),
        None => own.is_some_and(|d| from <= d && d <= to),
    }
}

fn no_field(kind: RegisterKind, name: &str) -> String {
    let known: Vec<&str> = kind.fields().iter().map(|f| f.name).collect();
    format!("sổ {} không có trường «{name}» (các trường: {})", kind.label(), known.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_counts_by_its_own_day_when_it_has_one_and_a_model_while_it_runs() {
        let rec = |v: Value| v.as_object().unwrap().clone();
        let i = rec(serde_json::json!({"registered_on": "2021-11-10", "recognised_on": "2022-03-15"}));
        let by = |f: Option<&str>, r: &serde_json::Map<String, Value>, from, to| counts_in(RegisterKind::Initiative, f, r, from, to);
        assert!(by(Some("recognised_on"), &i, "2022-01-01", "2022-06-30"));
        assert!(!by(Some("recognised_on"), &i, "2021-07-01", "2021-12-31"));
        assert!(by(None, &i, "2021-07-01", "2021-12-31"));
        let legacy = rec(serde_json::json!({"registered_on": "2021-11-10", "recognised_on": null}));
        assert!(by(Some("recognised_on"), &legacy, "2021-07-01", "2021-12-31"), "no day of its own: the register's day");
        let m = rec(serde_json::json!({"started_on": "2021-05-01", "ended_on": "2022-02-01"}));
        let run = |from, to| counts_in(RegisterKind::Model, Some(RUNNING), &m, from, to);
        assert!(
            run("2021-01-01", "2021-06-30")
                && run("2022-01-01", "2022-06-30")
                && !run("2022-07-01", "2022-12-31")
                && !run("2020-01-01", "2020-12-31")
        );
        assert!(check_date_field(RegisterKind::Model, RUNNING).is_ok());
        assert!(check_date_field(RegisterKind::Activity, RUNNING).unwrap_err().contains("không có ngày kết thúc"));
        assert!(check_date_field(RegisterKind::Initiative, "title").unwrap_err().contains("không phải là ngày"));
        assert!(check_date_field(RegisterKind::Initiative, "applied_on").is_ok());
    }

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
