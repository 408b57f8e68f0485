//! Award decisions from scripts: the decision over the nominees approved here, its print, the
//! certificates, the bundle down to a unit, and the history of commendations.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use thidua_api::{ApiError, DecisionView, RecordId, Workspace};

use crate::print;

#[derive(Subcommand)]
pub enum AwardCommand {
    /// Ban hành quyết định khen thưởng một hình thức của cấp mình cho mọi tập thể, cá nhân đã được đồng ý (lấy số trong sổ văn bản).
    Decide {
        #[arg(long)]
        period: i32,
        #[arg(long)]
        form: String,
    },
    /// Các quyết định khen thưởng của năm (đã ban hành và nhận từ cấp trên), và hình thức còn chờ quyết định.
    List {
        #[arg(long)]
        period: i32,
    },
    /// In quyết định khen thưởng (văn bản theo Nghị định 30, danh sách kèm theo) ra tệp PDF.
    Pdf {
        #[arg(long)]
        decision: String,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
    /// In giấy khen, bằng khen: mỗi tập thể, cá nhân một trang A4 ngang, cả quyết định trong một tệp PDF.
    Certificates {
        #[arg(long)]
        decision: String,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
    /// Gói quyết định gửi một đơn vị cấp dưới: người được khen của đơn vị và ý kiến về từng người được đề nghị.
    Send {
        #[arg(long)]
        decision: String,
        #[arg(long)]
        unit: String,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
    /// Lịch sử khen thưởng: đã tặng, được tặng và trong sổ theo dõi; --search lọc theo tên, hình thức, đơn vị, số quyết định.
    History {
        #[arg(long, default_value = "")]
        search: String,
    },
}

fn decision_id(ws: &Workspace, text: &str) -> Result<RecordId, ApiError> {
    match text.trim().parse() {
        Ok(id) => Ok(id),
        Err(_) => ws.award_decision_by_reference(text),
    }
}

fn show(d: &DecisionView) {
    let whose = if d.received { " (của cấp trên)" } else { "" };
    println!("{} {} — {}{whose}", d.id, d.title, d.form_name);
    for a in &d.awardees {
        let role = if a.role.is_empty() { String::new() } else { format!(", {}", a.role) };
        println!("  {} ({}{role}) — {}", a.name, a.kind_label, a.unit_name);
    }
}

pub fn award(dir: &Path, cmd: AwardCommand, json: bool) -> Result<(), ApiError> {
    let mut ws = crate::open(dir)?;
    match cmd {
        AwardCommand::Decide { period, form } => print(json, &ws.issue_award_decision(period, &form)?, show),
        AwardCommand::List { period } => print(json, &ws.award_decisions(period)?, |o| {
            if o.decisions.is_empty() && o.pending.is_empty() {
                println!("Năm {period} chưa có quyết định khen thưởng nào.");
            }
            o.decisions.iter().for_each(show);
            for p in &o.pending {
                println!("Chờ quyết định: {} ({}) — {} đã được đồng ý", p.form_name, p.form_code, p.approved);
            }
        }),
        AwardCommand::Pdf { decision, output } => {
            ws.award_decision_pdf(decision_id(&ws, &decision)?, &output)?;
            print(json, &output, |o| println!("Đã in quyết định khen thưởng ra {}", o.display()))
        }
        AwardCommand::Certificates { decision, output } => {
            let n = ws.certificates_pdf(decision_id(&ws, &decision)?, &output)?;
            print(json, &n, |n| println!("Đã in {n} bằng khen, giấy khen ra {}", output.display()))
        }
        AwardCommand::Send { decision, unit, output } => {
            let id = decision_id(&ws, &decision)?;
            let b = ws.export_award_decision(id, &unit, &output)?;
            print(json, &b, |b| println!("Đã ghi gói quyết định khen thưởng gửi {}: {}", b.recipient, b.file))
        }
        AwardCommand::History { search } => print(json, &ws.commendation_history(&search)?, |all| {
            if all.is_empty() {
                println!("Không có khen thưởng nào khớp.");
            }
            for h in all {
                println!("{} — {} năm {} — {} — {} [{}]", h.name, h.form, h.year, h.decision, h.unit_name, h.source);
            }
        }),
    }
}
