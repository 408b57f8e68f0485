//! Excel: templates for units without the program, their import, the period's workbook, and
//! registers kept in other spreadsheets.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::{Subcommand, ValueEnum};
use thidua_api::{ApiError, RegisterKind, SheetImportOptions, TextEncoding};

use crate::print;

#[derive(Subcommand)]
pub enum ExcelCommand {
    /// Tạo mẫu Excel cho một đơn vị cấp dưới chưa dùng chương trình, cho một kỳ.
    Template {
        #[arg(long)]
        unit: String,
        #[arg(long)]
        period: String,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
    /// Nhập mẫu Excel đơn vị đã điền (--dry-run: chỉ kiểm tra và xem thay đổi).
    Import {
        file: PathBuf,
        #[arg(long)]
        dry_run: bool,
        /// Vẫn nhập dù đơn vị đã ghi danh khóa ký (tệp Excel không có chữ ký); được ghi vào nhật ký.
        #[arg(long)]
        unsigned: bool,
    },
    /// Xuất bảng Excel của kỳ: bảng tổng hợp (cấp trên) hoặc phụ lục báo cáo và các sổ (cơ sở).
    Export {
        #[arg(long)]
        period: String,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
}

#[derive(Subcommand)]
pub enum RegistersCommand {
    /// Nhập một sổ theo dõi từ bảng tính bất kỳ (.xlsx, .xls, .ods).
    Import {
        file: PathBuf,
        /// initiative, model, activity, ocop_link, resource, commendation.
        #[arg(long)]
        kind: String,
        /// Tên trang (mặc định: trang đầu tiên).
        #[arg(long)]
        sheet: Option<String>,
        /// Dòng tiêu đề, đánh số từ 1 (mặc định: chương trình tự tìm).
        #[arg(long)]
        header_row: Option<u32>,
        /// Trường=cột, ví dụ --map title=B (thay cho cột chương trình đoán).
        #[arg(long = "map", value_name = "FIELD=COLUMN")]
        mapping: Vec<String>,
        /// Trường=giá trị chung cho mọi dòng, ví dụ --set decided_on=15/06/2022.
        #[arg(long = "set", value_name = "FIELD=VALUE")]
        constants: Vec<String>,
        #[arg(long, value_enum, default_value_t = Encoding::Auto)]
        encoding: Encoding,
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Encoding {
    Auto,
    Vni,
    Tcvn3,
}

pub fn excel(dir: &Path, cmd: ExcelCommand, json: bool) -> Result<(), ApiError> {
    let mut ws = crate::open(dir)?;
    match cmd {
        ExcelCommand::Template { unit, period, output } => {
            let info = ws.excel_template(&unit, &period, &output)?;
            print(json, &info, |i| println!("Đã tạo mẫu {} cho {}, {} ({} chỉ tiêu).", i.path, i.unit_name, i.period_label, i.indicators))
        }
        ExcelCommand::Import { file, dry_run, unsigned } => {
            let outcome = ws.import_template(&file, dry_run, unsigned)?;
            print(json, &outcome, |o| {
                for line in &o.summary {
                    println!("{line}");
                }
                if let Some(why) = &o.signed_unit {
                    println!("Lưu ý: {why}");
                }
                for c in &o.changes {
                    println!("  {} {:<6} {}: «{}» → «{}»", c.sheet, c.cell, c.what, c.old, c.new);
                }
                if o.dry_run && !o.changes.is_empty() {
                    println!("Chạy thử: chưa ghi gì. Bỏ --dry-run để nhập.");
                }
            })
        }
        ExcelCommand::Export { period, output } => {
            ws.excel_export(&period, &output)?;
            print(json, &output.display().to_string(), |p| println!("Đã ghi {p}"))
        }
    }
}

fn pairs(items: &[String], what: &str) -> Result<BTreeMap<String, String>, ApiError> {
    items
        .iter()
        .map(|item| {
            item.split_once('=')
                .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
                .ok_or_else(|| ApiError::refused(format!("«{item}» phải có dạng {what}")))
        })
        .collect()
}

pub fn registers(dir: &Path, cmd: RegistersCommand, json: bool) -> Result<(), ApiError> {
    let RegistersCommand::Import { file, kind, sheet, header_row, mapping, constants, encoding, dry_run } = cmd;
    let kind = RegisterKind::from_code(&kind).ok_or_else(|| {
        let all: Vec<&str> = RegisterKind::ALL.iter().map(|k| k.code()).collect();
        ApiError::refused(format!("Không có sổ «{kind}»; các sổ: {}.", all.join(", ")))
    })?;
    let options = SheetImportOptions {
        kind: Some(kind),
        sheet,
        header_row,
        mapping: pairs(&mapping, "trường=cột, ví dụ title=B")?,
        constants: pairs(&constants, "trường=giá trị, ví dụ decided_on=15/06/2022")?,
        encoding: match encoding {
            Encoding::Auto => TextEncoding::Auto,
            Encoding::Vni => TextEncoding::Vni,
            Encoding::Tcvn3 => TextEncoding::Tcvn3,
        },
    };
    let mut ws = crate::open(dir)?;
    let outcome = ws.import_sheet(&file, &options, dry_run)?;
    print(json, &outcome, |o| {
        let p = &o.preview;
        println!("Trang «{}», dòng tiêu đề {}, {} dòng dữ liệu.", p.sheet, p.header_row, p.data_rows);
        for f in &p.fields {
            let source = match (&f.column, f.constant.is_empty()) {
                (Some(c), _) => format!("cột {c}"),
                (None, false) => format!("giá trị chung «{}»", f.constant),
                (None, true) => "(không có)".into(),
            };
            println!("  {:<16} {}{}: {source}", f.name, f.label, if f.required { " *" } else { "" });
        }
        println!("{}", o.summary);
    })
}
