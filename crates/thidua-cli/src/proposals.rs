//! Commendation proposals from scripts: a unit's tờ trình for a form, its nominees, the print,
//! and the upper level's decision on each nominee received.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use thidua_api::{ApiError, NomineeInput, ProposalView, Workspace};

use crate::print;

#[derive(Subcommand)]
pub enum ProposalCommand {
    /// Thêm một tập thể hoặc cá nhân vào tờ trình đề nghị khen thưởng của năm (mỗi hình thức một tờ trình).
    Add {
        /// Năm, ví dụ 2022.
        #[arg(long)]
        period: i32,
        /// Mã hình thức khen thưởng trong danh mục (xem `proposal forms`).
        #[arg(long)]
        form: String,
        /// tap_the (tập thể) hoặc ca_nhan (cá nhân).
        #[arg(long)]
        kind: String,
        #[arg(long)]
        name: String,
        /// Chức vụ, đơn vị công tác (cá nhân) hoặc nơi trực thuộc (tập thể).
        #[arg(long, default_value = "")]
        role: String,
        /// Tóm tắt thành tích.
        #[arg(long)]
        achievement: String,
        /// Bản ghi sổ theo dõi làm căn cứ: SỔ:MÃ_BẢN_GHI (có thể ghi nhiều lần).
        #[arg(long = "record", value_name = "REGISTER:ID")]
        records: Vec<String>,
    },
    /// Bỏ một người được đề nghị khỏi tờ trình (khi báo cáo năm chưa gửi).
    Remove {
        #[arg(long)]
        nominee: String,
    },
    /// Các tờ trình của năm: của đơn vị và nhận từ đơn vị cấp dưới, với ý kiến xét duyệt.
    List {
        #[arg(long)]
        period: i32,
    },
    /// Các hình thức khen thưởng trong danh mục, hình thức đơn vị đề nghị được đánh dấu.
    Forms,
    /// In tờ trình đề nghị khen thưởng (văn bản theo Nghị định 30) ra tệp PDF.
    Pdf {
        #[arg(long)]
        period: i32,
        #[arg(long)]
        form: String,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
    /// Xuất danh sách đề nghị khen thưởng của năm (mỗi người được đề nghị một dòng, kèm ý kiến và quyết định) ra tệp Excel.
    Export {
        #[arg(long)]
        period: i32,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
    /// Cấp trên xét một người được đề nghị: --approve, --cut hoặc --return (hai ý kiến sau phải có --reason); --undo để xét lại.
    Decide {
        #[arg(long)]
        nominee: String,
        #[arg(long, group = "decision")]
        approve: bool,
        #[arg(long, group = "decision")]
        cut: bool,
        #[arg(long = "return", group = "decision")]
        return_: bool,
        #[arg(long, group = "decision")]
        undo: bool,
        #[arg(long, default_value = "")]
        reason: String,
    },
}

fn id(text: &str) -> Result<thidua_api::RecordId, ApiError> {
    text.trim().parse().map_err(|_| ApiError::refused(format!("«{text}» không phải mã hợp lệ (xem `proposal list`).")))
}

fn own(ws: &Workspace, year: i32, form: &str) -> Result<ProposalView, ApiError> {
    let me = ws.installation()?.unit.code;
    ws.proposals(year)?.into_iter().find(|p| p.proposer_code == me && p.form.code == form).ok_or_else(|| {
        ApiError::refused(format!("Đơn vị chưa có tờ trình đề nghị {form} năm {year}: hãy thêm người được đề nghị bằng `proposal add`."))
    })
}

fn show(all: &[ProposalView]) {
    if all.is_empty() {
        println!("Năm này chưa có tờ trình đề nghị khen thưởng nào.");
    }
    for p in all {
        println!("{} — {} ({}): {}", p.proposer_name, p.form.full_name, p.form.code, p.state_label);
        for line in [&p.standing, &p.quota_used].into_iter().filter(|l| !l.is_empty()) {
            println!("  {line}");
        }
        for n in &p.nominees {
            let role = if n.role.is_empty() { String::new() } else { format!(", {}", n.role) };
            println!("  {} {} ({}{role}) — {}", n.id, n.name, n.kind_label, n.achievement);
            if !n.flag.is_empty() {
                println!("    Lưu ý: {}", n.flag);
            }
            if !n.decision.is_empty() {
                let why = if n.decision_reason.is_empty() { String::new() } else { format!(": {}", n.decision_reason) };
                println!("    Ý kiến cấp trên: {}{why}", n.decision_label);
            }
        }
    }
}

pub fn proposal(dir: &Path, cmd: ProposalCommand, json: bool) -> Result<(), ApiError> {
    let mut ws = crate::open(dir)?;
    match cmd {
        ProposalCommand::Add { period, form, kind, name, role, achievement, records } => {
            let p = ws.new_proposal(period, &form)?;
            let p = ws.add_nominee(p.id, &NomineeInput { kind, name, role, achievement, records })?;
            print(json, &p, |p| show(std::slice::from_ref(p)))
        }
        ProposalCommand::Remove { nominee } => {
            let nominee = id(&nominee)?;
            let p = ws.remove_nominee(nominee)?;
            print(json, &p, |p| show(std::slice::from_ref(p)))
        }
        ProposalCommand::List { period } => print(json, &ws.proposals(period)?, |all| show(all)),
        ProposalCommand::Forms => print(json, &ws.award_forms()?, |forms| {
            for f in forms {
                let mark = if f.may_propose { "*" } else { " " };
                let quota = if f.quota.is_empty() { String::new() } else { format!("; {}", f.quota) };
                println!("{mark} {:<16} {} — {}{quota}", f.code, f.full_name, f.recipients);
            }
            println!("(*: hình thức đơn vị đề nghị được)");
        }),
        ProposalCommand::Pdf { period, form, output } => {
            let p = own(&ws, period, &form)?;
            ws.proposal_pdf(p.id, &output)?;
            print(json, &p, |_| println!("Đã in tờ trình đề nghị khen thưởng ra {}", output.display()))
        }
        ProposalCommand::Export { period, output } => {
            let n = ws.proposals_xlsx(period, &output)?;
            print(json, &n, |n| println!("Đã xuất {n} người được đề nghị ra {}", output.display()))
        }
        ProposalCommand::Decide { nominee, approve, cut, return_, undo, reason } => {
            let decision = match (approve, cut, return_, undo) {
                (true, ..) => "approved",
                (_, true, ..) => "cut",
                (_, _, true, _) => "returned",
                (.., true) => "",
                _ => return Err(ApiError::refused("Hãy ghi ý kiến: --approve, --cut, --return hoặc --undo.")),
            };
            let p = ws.decide_nominee(id(&nominee)?, decision, &reason)?;
            let p = ws.proposal(p)?;
            print(json, &p, |p| show(std::slice::from_ref(p)))
        }
    }
}
