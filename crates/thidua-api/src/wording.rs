//! How the program words what it shows and prints: values in tables, stored instants as
//! Vietnam's days. (Names of units and their bodies are `thidua_model::Unit`'s, in one place.)

use serde_json::Value;
use thidua_model::{FieldType, IsoDate, Moment};
use thidua_text::format_integer;

/// "2022-06-20T20:15:00Z" → "21/06/2022" (the day in Vietnam); text that is not an instant is
/// shown as it is.
pub(crate) fn day(at: &str) -> String {
    Moment::parse(at).map(Moment::day_text).unwrap_or_else(|_| at.to_owned())
}

/// "2022-06-20T08:15:00Z" → "20/06/2022 lúc 15:15".
pub(crate) fn day_and_time(at: &str) -> String {
    Moment::parse(at).map(Moment::day_and_time_text).unwrap_or_else(|_| at.to_owned())
}

/// A cell as the document prints it: dates dd/mm/yyyy, numbers with ".", choices by label.
pub(crate) fn cell(f: &thidua_model::FieldSpec, v: Option<&Value>) -> String {
    match (f.kind, v) {
        (_, None | Some(Value::Null)) => String::new(),
        (FieldType::Date, Some(Value::String(s))) => IsoDate::parse(s).map(|d| d.to_dmy()).unwrap_or_else(|_| s.clone()),
        (FieldType::Amount | FieldType::Count | FieldType::Stars, Some(Value::Number(n))) => format_integer(n.as_i64().unwrap_or(0)),
        (FieldType::Choice(options), Some(Value::String(code))) => {
            options.iter().find(|(c, _)| c == code).map_or_else(|| code.clone(), |(_, l)| (*l).to_owned())
        }
        (_, Some(Value::String(s))) => s.clone(),
        (_, Some(other)) => other.to_string(),
    }
}

/// "02 tập thể và 01 cá nhân", "01 cá nhân": counts as an official list writes them.
pub(crate) fn counted(collectives: usize, people: usize) -> String {
    let part = |n: usize, what: &str| (n > 0).then(|| format!("{n:02} {what}"));
    [part(collectives, "tập thể"), part(people, "cá nhân")].into_iter().flatten().collect::<Vec<_>>().join(" và ")
}
