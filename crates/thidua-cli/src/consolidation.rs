//! The upper level: periods it opens, who reported, the consolidated totals and their files.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use thidua_api::ApiError;
use thidua_text::format_integer;

use crate::print;

#[derive(Subcommand)]
pub enum PeriodCommand {
    /// Mở kỳ báo cáo cho các đơn vị cấp dưới, với hạn nộp (dd/mm/yyyy).
    Open {
        /// 2023-H1 (6 tháng đầu năm), 2023 (cả năm), 2023-Q1 … 2023-Q4 (từng quý), 2023-9M (9 tháng).
        period: String,
        #[arg(long)]
        deadline: Option<String>,
    },
    /// Liệt kê các kỳ báo cáo.
    List,
}

pub fn period(dir: &Path, cmd: PeriodCommand, json: bool) -> Result<(), ApiError> {
    let mut ws = crate::open(dir)?;
    match cmd {
        PeriodCommand::Open { period, deadline } => {
            let p = ws.open_period(&period, deadline.as_deref())?;
            print(json, &p, |p| println!("Đã mở kỳ {}, hạn nộp {}", p.label, p.deadline))
        }
        PeriodCommand::List => {
            let all = ws.periods()?;
            print(json, &all, |all| {
                for p in all {
                    println!("{:<8} {:<28} {} – {}  hạn nộp {}", p.code, p.label, p.starts_on, p.ends_on, p.deadline);
                }
            })
        }
    }
}

pub fn completeness(dir: &Path, period: &str, json: bool) -> Result<(), ApiError> {
    let c = crate::open(dir)?.completeness(period)?;
    print(json, &c, |c| {
        println!("{} — hạn nộp {}", c.period_label, c.deadline);
        println!(
            "Còn thiếu {} / {} đơn vị; đã nhận {} (chậm {}), đã chấp nhận {}, bị trả lại {}.",
            c.missing, c.total, c.received, c.late, c.accepted, c.returned
        );
        for u in &c.units {
            // Lateness is judged by the day the report first arrived here; the unit's own
            // sending date is its claim, shown only when it says otherwise.
            let received = (!u.first_received.is_empty()).then(|| format!("nhận lần đầu {}", u.first_received));
            let claimed =
                (!u.first_sent.is_empty() && u.first_sent != u.first_received).then(|| format!("đơn vị ghi ngày gửi {}", u.first_sent));
            let extra = [received, claimed, Some(u.last_bundle.clone()), Some(u.reason.clone())]
                .into_iter()
                .flatten()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join("; ");
            println!(
                "{:<6} {:<34} {}{}",
                u.unit_code,
                u.unit_name,
                u.state_label,
                if extra.is_empty() { String::new() } else { format!(" ({extra})") }
            );
        }
    })
}

/// The files `thidua consolidate` writes, each when asked for.
pub struct Outputs {
    pub pdf: Option<PathBuf>,
    pub xlsx: Option<PathBuf>,
    pub registers_xlsx: Option<PathBuf>,
}

pub fn consolidate(dir: &Path, period: &str, outputs: Outputs, json: bool) -> Result<(), ApiError> {
    let ws = crate::open(dir)?;
    let c = ws.consolidation(period)?;
    if let Some(path) = &outputs.pdf {
        ws.report_pdf(period, path)?;
    }
    if let Some(path) = &outputs.xlsx {
        ws.consolidated_xlsx(period, path)?;
    }
    if let Some(path) = &outputs.registers_xlsx {
        ws.merged_registers_xlsx(period, path)?;
    }
    print(json, &c, |c| {
        println!("TỔNG HỢP {} — {}", c.period_label.to_uppercase(), c.indicator_set);
        println!("Đã nhận {}/{} đơn vị, đã chấp nhận {}.", c.units_received, c.units_total, c.units_accepted);
        for t in &c.totals {
            let changed = t.contributions.iter().filter(|x| x.previous.is_some()).count();
            let flagged = t.contributions.iter().filter(|x| !x.flag.is_empty()).count();
            let mut notes = Vec::new();
            if changed > 0 {
                notes.push(format!("{changed} đơn vị đã sửa số liệu"));
            }
            if flagged > 0 {
                notes.push(format!("{flagged} đơn vị cần xem lại"));
            }
            println!(
                "{:<4} {:<60} {:>14} {:<12} (đã chấp nhận: {}){}",
                t.code,
                t.name,
                format_integer(t.received_total),
                t.measure,
                format_integer(t.accepted_total),
                if notes.is_empty() { String::new() } else { format!(" — {}", notes.join(", ")) }
            );
        }
        if !c.missing.is_empty() {
            println!("Chưa báo cáo ({}): {}", c.missing.len(), c.missing.join(", "));
        }
        if let Some(p) = &outputs.pdf {
            println!("Đã in báo cáo tổng hợp ra {}", p.display());
        }
        if let Some(p) = &outputs.xlsx {
            println!("Đã ghi bảng tổng hợp Excel ra {}", p.display());
        }
        if let Some(p) = &outputs.registers_xlsx {
            println!("Đã ghi sổ theo dõi của các đơn vị ra {}", p.display());
        }
    })
}
