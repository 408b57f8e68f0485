//! `thidua report …`: the period report from scripts.

use std::path::Path;

use clap::Subcommand;
use thidua_api::{ApiError, ReportView};
use thidua_text::format_integer;

use crate::print;

#[derive(Subcommand)]
pub enum ReportCommand {
    /// Xem báo cáo của kỳ: số liệu và nguồn, phần thuyết minh, trạng thái.
    Show {
        /// Kỳ: 2022-H1 hoặc 2022.
        #[arg(long)]
        period: String,
    },
    /// Nhập số liệu một chỉ tiêu (chỉ tiêu nhập tay, hoặc ghi khác số tính được kèm lý do).
    Figure {
        #[arg(long)]
        period: String,
        /// Mã chỉ tiêu, ví dụ 3.7.
        code: String,
        /// Số liệu; bỏ trống để trở lại số tính từ sổ.
        value: Option<String>,
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// Ghi nội dung một mục thuyết minh (i, ii_1 … ii_4, iii, iv, v).
    Section {
        #[arg(long)]
        period: String,
        key: String,
        text: String,
    },
    /// Ghi ngày của báo cáo (ngày/tháng/năm), ví dụ báo cáo kỳ trước ký ngày 30/06/2022;
    /// bỏ trống để báo cáo mang ngày gửi.
    Date {
        #[arg(long)]
        period: String,
        day: Option<String>,
    },
    /// Gửi báo cáo (khóa, không sửa trực tiếp được nữa).
    Send {
        #[arg(long)]
        period: String,
    },
    /// Tạo bản sửa đổi của báo cáo đã gửi hoặc bị trả lại.
    Revise {
        #[arg(long)]
        period: String,
    },
    /// In phần thuyết minh của báo cáo ra tệp PDF đúng thể thức Nghị định 30.
    Pdf {
        #[arg(long)]
        period: String,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: std::path::PathBuf,
    },
}

fn show(r: &ReportView) {
    println!("BÁO CÁO {} — {}", r.period_label.to_uppercase(), r.unit_name);
    let revision = if r.revision == 0 { "chưa lưu".to_owned() } else { format!("lần {}", r.revision) };
    println!(
        "Trạng thái: {} ({revision}){}",
        r.state_label,
        if r.state_reason.is_empty() { String::new() } else { format!(" — {}", r.state_reason) }
    );
    println!("Ngày báo cáo: {}{}", r.dated, if r.dated_by_clerk { " (đã chọn)" } else { "" });
    println!("Bộ chỉ tiêu: {}", r.indicator_set);
    println!();
    for f in &r.figures {
        let value = f.value.map(format_integer).unwrap_or_else(|| "(chưa nhập)".into());
        let source = match (&f.source, f.overridden) {
            (None, _) => "nhập tay".to_owned(),
            (Some(k), false) => format!("từ sổ {}: {} bản ghi", k.code(), f.records),
            (Some(_), true) => {
                format!("tính được {}, ghi khác vì: {}", f.computed.map(format_integer).unwrap_or_default(), f.override_reason)
            }
        };
        println!("{:<4} {:<62} {:>14} {:<10} ({source})", f.code, f.name, value, f.measure);
    }
    for s in &r.narrative {
        println!();
        println!("{}{}", s.title, if s.edited { "" } else { " [soạn sẵn từ số liệu]" });
        println!("{}", s.text);
    }
}

pub fn run(dir: &Path, cmd: ReportCommand, json: bool) -> Result<(), ApiError> {
    let mut ws = crate::open(dir)?;
    let view = match cmd {
        ReportCommand::Show { period } => ws.report(&period)?,
        ReportCommand::Figure { period, code, value, reason } => {
            let value = value
                .map(|v| thidua_api::parse_whole(&v).ok_or_else(|| ApiError::refused(format!("«{v}» không phải số nguyên không âm."))))
                .transpose()?;
            ws.set_figure(&period, &code, value, &reason)?
        }
        ReportCommand::Section { period, key, text } => ws.set_section(&period, &key, &text)?,
        ReportCommand::Date { period, day } => ws.set_report_date(&period, day.as_deref().unwrap_or(""))?,
        ReportCommand::Send { period } => ws.send_report(&period)?,
        ReportCommand::Revise { period } => ws.revise_report(&period)?,
        ReportCommand::Pdf { period, output } => {
            ws.report_pdf(&period, &output)?;
            return print(json, &serde_json::json!({ "pdf": output }), |_| println!("Đã in báo cáo ra {}", output.display()));
        }
    };
    print(json, &view, show)
}
