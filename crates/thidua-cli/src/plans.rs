//! `thidua plan …`: plans from scripts.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use thidua_api::{ApiError, PlanNode};

use crate::print;

#[derive(Subcommand)]
pub enum PlanCommand {
    /// Nhập kế hoạch từ tệp văn bản (.txt, UTF-8); in mã của kế hoạch mới.
    Import { file: PathBuf },
    /// Liệt kê các kế hoạch của đơn vị.
    List,
    /// Xem cấu trúc một kế hoạch.
    Show { id: String },
    /// Lập kế hoạch của đơn vị (mặc định: đơn vị này) từ kế hoạch cấp trên; in mã kế hoạch mới.
    Derive {
        id: String,
        /// Mã đơn vị: đơn vị này hoặc một đơn vị trực thuộc.
        #[arg(long)]
        unit: Option<String>,
    },
    /// Ban hành kế hoạch: cấp số tiếp theo của năm trong sổ đăng ký văn bản, ghi ngày ban hành.
    Issue {
        id: String,
        /// Ngày ban hành (dd/mm/yyyy), mặc định hôm nay.
        #[arg(long)]
        date: Option<String>,
    },
    /// In kế hoạch ra tệp PDF đúng thể thức Nghị định 30.
    Pdf {
        id: String,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
}

fn show_node(n: &PlanNode, depth: usize) {
    let text =
        [n.marker.as_str(), n.heading.as_str(), n.body.as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" ");
    println!("{}{}", "  ".repeat(depth), text);
    for c in &n.children {
        show_node(c, depth + 1);
    }
}

pub fn run(dir: &Path, cmd: PlanCommand, json: bool) -> Result<(), ApiError> {
    let mut ws = crate::open(dir)?;
    match cmd {
        PlanCommand::Import { file } => {
            let info = ws.import_plan(&file)?;
            print(json, &info, |i| println!("{}", i.id))
        }
        PlanCommand::List => {
            let plans = ws.plans()?;
            print(json, &plans, |plans| {
                for p in plans {
                    println!("{}  {}  {} {} ({} mục)", p.id, p.year, p.doc_type, p.summary, p.sections);
                }
                println!("{} kế hoạch", plans.len());
            })
        }
        PlanCommand::Derive { id, unit } => {
            let unit = match unit {
                Some(u) => u,
                None => ws.installation()?.unit.code,
            };
            let info = ws.derive_plan(id.parse()?, &unit)?;
            print(json, &info, |i| println!("{}", i.id))
        }
        PlanCommand::Issue { id, date } => {
            let entry = ws.issue_plan(id.parse()?, date.as_deref())?;
            print(json, &entry, |e| println!("Số: {} ngày {}", e.number, e.issued_on))
        }
        PlanCommand::Pdf { id, output } => {
            ws.plan_pdf(id.parse()?, &output)?;
            print(json, &serde_json::json!({ "pdf": output }), |_| println!("Đã in kế hoạch ra {}", output.display()))
        }
        PlanCommand::Show { id } => {
            let plan = ws.plan(id.parse()?)?;
            print(json, &plan, |p| {
                println!("{}\n{}\n", p.doc_type, p.summary);
                p.opening.iter().for_each(|o| println!("{o}"));
                p.nodes.iter().for_each(|n| show_node(n, 0));
                p.closing.iter().for_each(|c| println!("{c}"));
                if !p.recipients.is_empty() {
                    println!("\nNơi nhận:");
                    p.recipients.iter().for_each(|r| println!("{r}"));
                }
                println!("\n{}\n{}\n{}", p.signer_authority, p.signer_title, p.signer_name);
            })
        }
    }
}
