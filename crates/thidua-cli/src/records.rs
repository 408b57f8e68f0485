//! `thidua record …`: the registers from scripts.

use std::path::Path;

use clap::Subcommand;
use serde_json::{Map, Value};
use thidua_api::{ApiError, RecordQuery, RecordRow, RegisterKind};

use crate::print;

#[derive(Subcommand)]
pub enum RecordCommand {
    /// Thêm bản ghi: thidua record add initiative --title "…" --authors "…" --registered-on 10/02/2022 --status dang_ky
    Add {
        /// Sổ: initiative, model, activity, ocop_link, resource, commendation.
        kind: String,
        /// Các trường dạng --ten-truong giá-trị.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true, value_name = "--FIELD VALUE")]
        fields: Vec<String>,
    },
    /// Sửa bản ghi: thidua record edit resource ID --amount 35.000.000 --reason "Bổ sung"
    Edit {
        kind: String,
        id: String,
        #[arg(trailing_var_arg = true, allow_hyphen_values = true, value_name = "--FIELD VALUE")]
        fields: Vec<String>,
    },
    /// Xóa bản ghi (vẫn giữ trong lịch sử).
    Delete {
        kind: String,
        id: String,
        /// Lý do xóa.
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// Liệt kê bản ghi của một sổ theo thứ tự chữ cái tiếng Việt.
    List {
        kind: String,
        /// Kỳ: 2022-H1 hoặc 2022.
        #[arg(long)]
        period: Option<String>,
        /// Tìm trong các trường chữ (không cần gõ dấu).
        #[arg(long)]
        search: Option<String>,
        /// Lọc theo trường, dạng truong=gia-tri (ví dụ status=cong_nhan); có thể lặp lại.
        #[arg(long = "filter", value_name = "FIELD=VALUE")]
        filters: Vec<String>,
    },
    /// Lịch sử thay đổi của một bản ghi.
    History { kind: String, id: String },
}

fn kind(code: &str) -> Result<RegisterKind, ApiError> {
    RegisterKind::from_code(&code.replace('-', "_")).ok_or_else(|| {
        let all: Vec<&str> = RegisterKind::ALL.iter().map(|k| k.code()).collect();
        ApiError::refused(format!("Không có sổ «{code}»: các sổ là {}.", all.join(", ")))
    })
}

/// `--field value` and `--field=value` pairs, field names with "-" or "_".
fn pairs(args: &[String]) -> Result<Map<String, Value>, ApiError> {
    let mut out = Map::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let Some(name) = arg.strip_prefix("--") else {
            return Err(ApiError::refused(format!("«{arg}» không phải tên trường: viết --ten-truong giá-trị.")));
        };
        let (name, value) = match name.split_once('=') {
            Some((n, v)) => (n.to_owned(), v.to_owned()),
            None => {
                let v = it.next().ok_or_else(|| ApiError::refused(format!("Trường --{name} chưa có giá trị.")))?;
                (name.to_owned(), v.clone())
            }
        };
        out.insert(name.replace('-', "_"), Value::from(value));
    }
    Ok(out)
}

fn show(r: &RecordRow) {
    let k = r.kind;
    let date = r.fields.get(k.date_field()).and_then(Value::as_str).and_then(|d| thidua_api::IsoDate::parse(d).ok()).map(|d| d.to_dmy());
    let title = r.fields.get(k.title_field()).and_then(Value::as_str).unwrap_or("");
    let mut extra = Vec::new();
    for spec in k.fields() {
        let value = r.fields.get(spec.name);
        let text = match (spec.kind, value) {
            (thidua_api::FieldType::Amount | thidua_api::FieldType::Count, Some(Value::Number(n))) => {
                format!("{}: {}", spec.label, thidua_text::format_integer(n.as_i64().unwrap_or(0)))
            }
            (thidua_api::FieldType::Choice(options), Some(Value::String(code))) => match options.iter().find(|(c, _)| c == code) {
                Some((_, label)) => (*label).to_owned(),
                None => continue,
            },
            _ => continue,
        };
        extra.push(text);
    }
    println!("{}  {}  {title}  {}", r.id, date.unwrap_or_default(), extra.join(" · "));
}

pub fn run(dir: &Path, cmd: RecordCommand, json: bool) -> Result<(), ApiError> {
    let mut ws = crate::open(dir)?;
    match cmd {
        RecordCommand::Add { kind: k, fields } => {
            let row = ws.add_record(kind(&k)?, &pairs(&fields)?)?;
            print(json, &row, |r| {
                println!("Đã thêm vào sổ «{}»:", r.kind.label());
                show(r);
            })
        }
        RecordCommand::Edit { kind: k, id, fields } => {
            let mut fields = pairs(&fields)?;
            let reason = fields.remove("reason").and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
            let row = ws.edit_record(kind(&k)?, id.parse()?, &fields, &reason)?;
            print(json, &row, |r| {
                println!("Đã sửa (lần {}):", r.version);
                show(r);
            })
        }
        RecordCommand::Delete { kind: k, id, reason } => {
            ws.delete_record(kind(&k)?, id.parse()?, &reason)?;
            print(json, &serde_json::json!({ "deleted": id }), |_| println!("Đã xóa bản ghi {id} (vẫn giữ trong lịch sử)."))
        }
        RecordCommand::List { kind: k, period, search, filters } => {
            let filters = filters
                .iter()
                .map(|f| f.split_once('=').map(|(a, b)| (a.replace('-', "_"), b.to_owned())))
                .collect::<Option<_>>()
                .ok_or_else(|| ApiError::refused("Bộ lọc viết dạng truong=gia-tri, ví dụ --filter status=cong_nhan."))?;
            let page = ws.list_records(&RecordQuery { period, search, filters, ..RecordQuery::all(kind(&k)?) })?;
            print(json, &page.rows, |rows| {
                rows.iter().for_each(show);
                println!("{} bản ghi", thidua_text::format_integer(rows.len() as i64));
            })
        }
        RecordCommand::History { kind: k, id } => {
            let history = ws.record_history(kind(&k)?, id.parse()?)?;
            print(json, &history, |entries| {
                for e in entries {
                    let reason = if e.reason.is_empty() { String::new() } else { format!(" — lý do: {}", e.reason) };
                    println!("{}  {}  {}{reason}", e.at, e.actor, e.action.label());
                    for c in &e.changes {
                        println!("    {}: {} → {}", c.label, c.old, c.new);
                    }
                }
            })
        }
    }
}
