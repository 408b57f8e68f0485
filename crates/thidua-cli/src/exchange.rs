//! Keys, enrolment, bundles, review and the demo cycle.

use std::path::{Path, PathBuf};

use clap::{Subcommand, ValueEnum};
use thidua_api::{ApiError, BundleOutcome, ExportedBundle, ImportOutcome, KeyView};

use crate::print;

#[derive(Subcommand)]
pub enum KeyCommand {
    /// In mã xác nhận (fingerprint) khóa của đơn vị này, để đọc qua điện thoại cho cấp trên.
    Show,
    /// Liệt kê mọi khóa đã biết: của máy này, của cấp trên, của các đơn vị cấp dưới.
    List,
    /// Xác nhận lại khóa của cấp trên bằng mã nghe qua điện thoại (sau khi khôi phục bản sao toàn bộ).
    Confirm {
        #[arg(long)]
        fingerprint: String,
    },
}

#[derive(Subcommand)]
pub enum IdentityCommand {
    /// Ghi tệp định danh (mã đơn vị, tên, khóa công khai) để gửi cấp trên ghi danh.
    Export {
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum BundleKind {
    /// Báo cáo kỳ của đơn vị này, gửi cấp trên.
    Report,
    /// Kế hoạch, bộ chỉ tiêu và hạn nộp, gửi một đơn vị cấp dưới.
    Plan,
    /// Danh sách khóa đã ghi danh, gửi một đơn vị cấp dưới.
    Roster,
    /// Gửi trả một đơn vị cấp dưới dữ liệu của chính đơn vị đó (bản ghi và các lần báo cáo đã nhận), khi đơn vị mất dữ liệu.
    Returned,
    /// Kết quả chấm điểm, xếp hạng thi đua năm (--period NĂM) của một đơn vị cấp dưới, gửi đơn vị đó.
    Result,
}

#[derive(Subcommand)]
pub enum BundleCommand {
    /// Xuất gói: báo cáo kỳ (mặc định) gửi cấp trên, hoặc kế hoạch / danh sách khóa / dữ liệu gửi trả / kết quả chấm điểm cho cấp dưới.
    Export {
        #[arg(long, value_enum, default_value = "report")]
        kind: BundleKind,
        /// Kỳ báo cáo (với gói báo cáo): 2022-H1 hoặc 2022.
        #[arg(long)]
        period: Option<String>,
        /// Mã đơn vị nhận (với gói kế hoạch, danh sách khóa, dữ liệu gửi trả).
        #[arg(long)]
        to: Option<String>,
        /// Mã kế hoạch gửi kèm (với gói kế hoạch).
        #[arg(long)]
        plan: Option<String>,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
    /// Nhập một hoặc nhiều gói; --dry-run chỉ cho xem sẽ thay đổi gì.
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long)]
        dry_run: bool,
    },
    /// Xem nội dung một gói và chữ ký của nó, không nhập.
    Inspect { file: PathBuf },
    /// Các gói đang chờ: thiếu gói trước, hoặc trùng số thứ tự với gói đã nhập.
    Waiting,
    /// Quyết định một gói đang chờ: --apply để nhập (thay gói trùng), --discard để bỏ qua.
    Resolve {
        bundle_id: String,
        #[arg(long, conflicts_with = "discard", required_unless_present = "discard")]
        apply: bool,
        #[arg(long)]
        discard: bool,
    },
    /// Đặt lại chuỗi gói của một đơn vị (đơn vị mất dữ liệu, khôi phục bản sao lưu cũ): gói
    /// tiếp theo của đơn vị được nhận làm gói đầu của chuỗi mới. Cần ghi lý do.
    ResetChain {
        unit: String,
        #[arg(long)]
        reason: String,
    },
    /// Nhật ký nhập gói, mới nhất trước.
    Log {
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
}

#[derive(Subcommand)]
pub enum ReviewCommand {
    /// Chấp nhận báo cáo của một đơn vị cấp dưới; ghi gói quyết định gửi đơn vị (mặc định
    /// vào thư mục hiện tại).
    Accept {
        unit: String,
        #[arg(long)]
        period: String,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Trả lại báo cáo với lý do; ghi gói quyết định gửi đơn vị.
    Return {
        unit: String,
        #[arg(long)]
        period: String,
        #[arg(long)]
        reason: String,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

fn print_key(k: &KeyView) {
    let state = match &k.revoked_at {
        Some(at) => format!(" — thu hồi {} ({})", &at[..10.min(at.len())], k.revoked_reason),
        None if k.unconfirmed => " — chờ xác nhận mã qua điện thoại (thidua key confirm --fingerprint …)".to_owned(),
        None => String::new(),
    };
    println!("{:<24} {:<6} {}  {}  [{}]{state}", k.role_label, k.unit_code, k.fingerprint, k.unit_name, k.key_id);
}

fn print_exported(b: &ExportedBundle) {
    println!(
        "Đã ghi gói {} số {} gửi {} vào {} ({} byte)",
        b.kind,
        b.sequence,
        b.recipient,
        b.file,
        thidua_text::format_integer(b.bytes.into())
    );
}

pub fn key(dir: &Path, cmd: KeyCommand, json: bool) -> Result<(), ApiError> {
    let mut ws = crate::open(dir)?;
    match cmd {
        KeyCommand::Show => {
            let id = ws.identity()?;
            print(json, &id, |i| {
                println!("{} ({})", i.unit_name, i.unit_code);
                println!("Mã xác nhận: {}", i.fingerprint);
            })
        }
        KeyCommand::List => {
            let keys = ws.keys()?;
            print(json, &keys, |keys| keys.iter().for_each(print_key))
        }
        KeyCommand::Confirm { fingerprint } => {
            let key = ws.confirm_parent_key(&fingerprint)?;
            print(json, &key, |k| println!("Đã xác nhận khóa của {} ({}): gói của cấp trên được nhập từ nay.", k.unit_name, k.fingerprint))
        }
    }
}

pub fn identity(dir: &Path, cmd: IdentityCommand, json: bool) -> Result<(), ApiError> {
    let IdentityCommand::Export { output } = cmd;
    let id = crate::open(dir)?.export_identity(&output)?;
    print(json, &id, |i| {
        println!("Đã ghi tệp định danh của {} vào {}", i.unit_name, output.display());
        println!("Mã xác nhận để đọc qua điện thoại: {}", i.fingerprint);
    })
}

pub fn enroll(dir: &Path, file: &Path, fingerprint: &str, json: bool) -> Result<(), ApiError> {
    let k = crate::open(dir)?.enroll(file, fingerprint)?;
    print(json, &k, |k| println!("Đã ghi danh {} ({}), {}", k.unit_name, k.unit_code, k.role_label.to_lowercase()))
}

pub fn revoke(dir: &Path, unit: &str, reason: &str, json: bool) -> Result<(), ApiError> {
    let k = crate::open(dir)?.revoke(unit, reason)?;
    print(json, &k, |k| println!("Đã thu hồi khóa {} của {}: gói ký bằng khóa này sẽ không được nhập.", k.key_id, k.unit_name))
}

/// Prints what the paper is; exits 3 when it does not match what is held here.
pub fn verify(dir: &Path, input: &str, json: bool) -> Result<(), ApiError> {
    let v = crate::open(dir)?.verify_document(input)?;
    print(json, &v, |v| {
        println!("{}", v.sentence);
        for d in &v.differences {
            println!(
                "  Chỉ tiêu {} «{}»: bản này in «{}», bản đã ký {}",
                d.code,
                d.name,
                d.printed,
                if d.held.is_empty() { "để trống".into() } else { format!("«{}»", d.held) }
            );
        }
        println!("Mã ngắn: {}", v.short_code);
    })?;
    if v.verdict != thidua_api::Verdict::Matches {
        std::process::exit(3);
    }
    Ok(())
}

pub fn rotate(dir: &Path, output: &Path, json: bool) -> Result<(), ApiError> {
    let b = crate::open(dir)?.rotate_key(output)?;
    print(json, &b, |b| {
        print_exported(b);
        println!("Khóa mới đã thay khóa cũ; hãy gửi gói này cho cấp trên để họ ghi nhận khóa mới.");
    })
}

fn print_outcome(o: &ImportOutcome) {
    let verdict = match (o.outcome, o.dry_run) {
        (BundleOutcome::Applied, true) => "SẼ NHẬP",
        (BundleOutcome::Applied, false) => "ĐÃ NHẬP",
        (BundleOutcome::Duplicate, _) => "ĐÃ CÓ",
        (BundleOutcome::Held, _) => "GIỮ LẠI",
        (BundleOutcome::Conflict, _) => "TRÙNG",
        (BundleOutcome::Refused, _) => "TỪ CHỐI",
        (BundleOutcome::Discarded, _) => "BỎ QUA",
    };
    println!("{verdict:<9} {}: {}", o.file_name, o.message);
    for c in &o.changes {
        println!("          {c}");
    }
}

pub fn bundle(dir: &Path, cmd: BundleCommand, json: bool) -> Result<(), ApiError> {
    let mut ws = crate::open(dir)?;
    match cmd {
        BundleCommand::Export { kind, period, to, plan, output } => {
            let need = |v: Option<String>, flag: &str| v.ok_or_else(|| ApiError::refused(format!("Thiếu {flag} cho loại gói này.")));
            let b = match kind {
                BundleKind::Report => ws.export_report_bundle(&need(period, "--period")?, &output)?,
                BundleKind::Plan => {
                    let plan =
                        plan.map(|p| p.parse().map_err(|_| ApiError::refused(format!("Mã kế hoạch «{p}» không hợp lệ.")))).transpose()?;
                    ws.export_plan_bundle(&need(to, "--to")?, plan, &output)?
                }
                BundleKind::Roster => ws.export_roster_bundle(&need(to, "--to")?, &output)?,
                BundleKind::Returned => ws.export_returned_data(&need(to, "--to")?, &output)?,
                BundleKind::Result => {
                    let year = need(period, "--period")?;
                    let year = year
                        .trim()
                        .parse()
                        .map_err(|_| ApiError::refused(format!("Kết quả chấm điểm theo năm (--period 2022), không phải «{year}».")))?;
                    ws.export_scoring_result(year, &need(to, "--to")?, &output)?
                }
            };
            print(json, &b, print_exported)
        }
        BundleCommand::Import { files, dry_run } => {
            let paths: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
            let outcomes = ws.import_bundles(&paths, dry_run)?;
            print(json, &outcomes, |all| all.iter().for_each(print_outcome))?;
            let bad = outcomes.iter().filter(|o| !o.is_ok()).count();
            if bad > 0 {
                return Err(ApiError::refused(format!("{bad}/{} tệp chưa được nhập (xem lý do ở trên).", outcomes.len())));
            }
            Ok(())
        }
        BundleCommand::Inspect { file } => {
            let i = ws.inspect_bundle(&file)?;
            print(json, &i, |i| {
                println!("Gói {} số {} — {}", i.kind, i.sequence, i.bundle_id);
                println!("Từ: {}  (khóa {})", i.sender, i.key_id);
                println!("Gửi: {}", i.recipient);
                if !i.period.is_empty() {
                    println!("Kỳ: {}", i.period);
                }
                println!("Tạo lúc: {}", i.created_at);
                for f in &i.files {
                    println!("  {f}");
                }
                println!("{}", i.verdict);
            })
        }
        BundleCommand::Waiting => {
            let w = ws.waiting_bundles()?;
            print(json, &w, |all| {
                if all.is_empty() {
                    println!("Không có gói nào đang chờ.");
                }
                for b in all {
                    println!("{} [{}] {} số {} từ {}: {}", b.bundle_id, b.state.code(), b.kind, b.sequence, b.sender, b.note);
                    for (i, line) in b.summary.iter().enumerate() {
                        let other = b.applied_summary.get(i).map(|o| format!("   | đã nhập: {o}")).unwrap_or_default();
                        println!("    {line}{other}");
                    }
                }
            })
        }
        BundleCommand::Resolve { bundle_id, apply, discard: _ } => {
            let o = ws.resolve_bundle(&bundle_id, apply)?;
            print(json, &o, print_outcome)
        }
        BundleCommand::ResetChain { unit, reason } => {
            let message = ws.reset_chain(&unit, &reason)?;
            print(json, &serde_json::json!({ "message": message }), |_| println!("{message}"))
        }
        BundleCommand::Log { limit } => {
            let log = ws.import_log(limit)?;
            print(json, &log, |all| {
                for e in all {
                    println!("{} {:<9} {} {}: {}", e.at, e.outcome.code(), e.file_name, e.sender, e.message);
                }
            })
        }
    }
}

pub fn review(dir: &Path, cmd: ReviewCommand, json: bool) -> Result<(), ApiError> {
    let mut ws = crate::open(dir)?;
    let default = |unit: &str, period: &str, what: &str| PathBuf::from(format!("{unit}-{what}-{period}.thidua"));
    let b = match cmd {
        ReviewCommand::Accept { unit, period, output } => {
            let path = output.unwrap_or_else(|| default(&unit, &period, "chap-nhan"));
            ws.review(&unit, &period, true, "", &path)?
        }
        ReviewCommand::Return { unit, period, reason, output } => {
            let path = output.unwrap_or_else(|| default(&unit, &period, "tra-lai"));
            ws.review(&unit, &period, false, &reason, &path)?
        }
    };
    print(json, &b, print_exported)
}

pub fn demo(out: &Path, scenario: &thidua_api::demo::Scenario, json: bool) -> Result<(), ApiError> {
    let r = thidua_api::demo::run_scenario(out, scenario)?;
    print(json, &r, |r| {
        println!("Cấp trên: {}", r.upper_dir);
        if !r.ward_dirs.is_empty() {
            println!("{} phường, xã trong {}", r.ward_dirs.len(), out.join("wards").display());
        }
        println!("{} gói đã trao đổi trong {}", r.bundles, r.bundles_dir);
        if r.imported + r.refused > 0 {
            println!("Cấp trên đã nhập {} báo cáo {}, từ chối {}.", r.imported, r.period, r.refused);
        }
        if let Some(ranking) = &r.ranking {
            println!("Cấp trên đã chấm điểm, xếp hạng thi đua năm: {ranking}");
        }
        if let (Some(decision), Some(certificates)) = (&r.decision, &r.certificates) {
            println!("Quyết định khen thưởng: {decision}; bằng khen: {certificates}");
        }
        println!("Mở bằng: thidua --data-dir {} status", r.upper_dir);
    })
}
