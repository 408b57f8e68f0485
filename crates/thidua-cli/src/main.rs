//! `thidua`: the command-line face of Thi đua, for scripts, tests and the clerk who prefers it.
//!
//! Kept stable: exit code 0 on success, 1 when the input is refused (the message says why and
//! what to do; nothing was changed), 2 on a usage error, 3 when `verify` read the paper but it
//! does not match what is held here (edited, another key, not received). `--json` prints
//! machine-readable output.

mod awards;
mod consolidation;
mod excel;
mod exchange;
mod indicators;
mod plans;
mod proposals;
mod records;
mod reports;
mod year_end;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use serde::Serialize;
use thidua_api::{ApiError, CatalogueImportReport, DocumentHeader, ErrorCode, SetupInput, Unit, UnitQuery, Workspace};
use thidua_text::format_integer;

#[derive(Parser)]
#[command(name = "thidua", version, about = "Thi đua: kế hoạch, sổ theo dõi và báo cáo phong trào thi đua của MTTQ")]
struct Cli {
    /// Thư mục dữ liệu (mặc định: thư mục dữ liệu ứng dụng của hệ điều hành).
    #[arg(long, global = true, env = "THIDUA_DATA_DIR", value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// In kết quả dạng JSON.
    #[arg(long, global = true)]
    json: bool,
    /// Phong trào (mã, xem «thidua movement list») mà báo cáo, tổng hợp, chỉ tiêu, kỳ… thuộc về;
    /// mặc định phong trào đầu tiên.
    #[arg(long, global = true, env = "THIDUA_MOVEMENT", value_name = "CODE")]
    movement: Option<String>,
    #[command(subcommand)]
    command: Command,
}

/// The movement `--movement` names, for every workspace this run opens.
static MOVEMENT: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();

/// Opens the data directory on the movement asked for.
pub(crate) fn open(dir: &Path) -> Result<Workspace, ApiError> {
    on_movement(Workspace::open(dir)?)
}

pub(crate) fn open_or_create(dir: &Path) -> Result<Workspace, ApiError> {
    on_movement(Workspace::open_or_create(dir)?)
}

fn on_movement(mut ws: Workspace) -> Result<Workspace, ApiError> {
    if let Some(code) = MOVEMENT.get().and_then(Option::as_deref) {
        ws.set_movement(code)?;
    }
    Ok(ws)
}

#[derive(Subcommand)]
enum Command {
    /// Cài đặt đơn vị của máy này (hoặc nạp dữ liệu mẫu với --sample).
    Init(InitArgs),
    /// Danh mục đơn vị hành chính.
    #[command(subcommand)]
    Units(UnitsCommand),
    /// Tình trạng dữ liệu: phiên bản lược đồ, kiểm tra toàn vẹn, số bản ghi, mã băm dữ liệu.
    Status,
    /// Sao lưu toàn bộ dữ liệu: vào thư mục sao lưu tự động, hoặc ra tệp FILE với -o.
    Backup {
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Các bản sao lưu tự động (trước mỗi lần nhập, hằng ngày, trước khi nâng cấp), mới nhất trước.
    Backups,
    /// Khôi phục từ tệp sao lưu hoặc bản sao toàn bộ (.thidua-bansao); dữ liệu hiện có được sao lưu trước.
    Restore {
        file: PathBuf,
        /// Mã bản sao (ghi trên nhãn USB khi chép), bắt buộc với bản sao toàn bộ.
        #[arg(long)]
        code: Option<String>,
    },
    /// Chép toàn bộ cài đặt (dữ liệu và bản in, không có khóa riêng) ra một tệp, để mang sang máy mới.
    CopyAll {
        /// Thư mục (ví dụ ổ USB) hoặc tên tệp .thidua-bansao.
        dest: PathBuf,
    },
    /// Sổ theo dõi: thêm, sửa, xóa, liệt kê bản ghi.
    #[command(subcommand)]
    Record(records::RecordCommand),
    /// Kế hoạch: nhập từ văn bản, liệt kê, xem.
    #[command(subcommand)]
    Plan(plans::PlanCommand),
    /// Báo cáo kỳ (6 tháng, năm): xem, nhập số liệu, thuyết minh, gửi, sửa đổi.
    #[command(subcommand)]
    Report(reports::ReportCommand),
    /// Khóa ký của đơn vị: mã xác nhận, danh sách khóa đã biết.
    #[command(subcommand)]
    Key(exchange::KeyCommand),
    /// Tệp định danh của đơn vị (để cấp trên ghi danh).
    #[command(subcommand)]
    Identity(exchange::IdentityCommand),
    /// Ghi danh một đơn vị từ tệp định danh, sau khi xác nhận mã qua điện thoại.
    Enroll {
        file: PathBuf,
        /// Mã xác nhận đơn vị đọc qua điện thoại (25 chữ số).
        #[arg(long)]
        fingerprint: String,
    },
    /// Thu hồi khóa của một đơn vị (mất máy, đổi máy): gói ký bằng khóa đó bị từ chối.
    Revoke {
        unit: String,
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// Kiểm tra văn bản in: đọc mã kiểm tra từ tệp PDF, ảnh chụp/quét (PNG, JPEG), mã QR chép ra hoặc mã ngắn in dưới mã QR, và đối chiếu với dữ liệu ở máy này.
    Verify {
        /// Tệp PDF hoặc ảnh, hoặc mã (TD1:…), hoặc mã ngắn (ví dụ 7KQ2-M9TX-4RCB).
        input: String,
    },
    /// Ghi hướng dẫn sử dụng (PDF, A4) với ảnh màn hình của chính phiên bản này.
    Guide {
        #[arg(short, long, value_name = "FILE.pdf")]
        output: PathBuf,
        /// Làm hướng dẫn từ thư mục ảnh màn hình này (các kiểm thử đầu cuối ghi vào
        /// target/e2e-screenshots); không có thì chép bản hướng dẫn cài kèm chương trình.
        #[arg(long, value_name = "DIR")]
        screens: Option<PathBuf>,
    },
    /// Thay khóa ký của máy này; ghi gói báo khóa mới (ký bằng khóa cũ) gửi cấp trên.
    RotateKey {
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
    /// Gói dữ liệu (.thidua): xuất, nhập, xem, gói đang chờ, nhật ký.
    #[command(subcommand)]
    Bundle(exchange::BundleCommand),
    /// Xét duyệt báo cáo của đơn vị cấp dưới: chấp nhận hoặc trả lại.
    #[command(subcommand)]
    Review(exchange::ReviewCommand),
    /// Sổ đăng ký văn bản đi của một năm (mặc định năm nay).
    Documents {
        #[arg(long)]
        year: Option<i32>,
    },
    /// Kỳ báo cáo: mở kỳ với hạn nộp, liệt kê.
    #[command(subcommand)]
    Period(consolidation::PeriodCommand),
    /// Đơn vị cấp dưới nào đã báo cáo, chậm, chưa báo cáo.
    Completeness {
        #[arg(long)]
        period: String,
    },
    /// Tổng hợp số liệu các đơn vị cấp dưới; in báo cáo tổng hợp (PDF), bảng Excel và sổ theo
    /// dõi gộp của các đơn vị (Excel).
    Consolidate {
        #[arg(long)]
        period: String,
        #[arg(long, value_name = "FILE")]
        pdf: Option<PathBuf>,
        #[arg(long, value_name = "FILE")]
        xlsx: Option<PathBuf>,
        /// Các sổ theo dõi của mọi đơn vị cấp dưới trong kỳ, mỗi sổ một trang tính.
        #[arg(long, value_name = "FILE")]
        registers_xlsx: Option<PathBuf>,
    },
    /// Excel: mẫu cho đơn vị chưa dùng chương trình, nhập mẫu đã điền, xuất bảng của kỳ.
    #[command(subcommand)]
    Excel(excel::ExcelCommand),
    /// Sổ theo dõi từ bảng tính khác: nhập.
    #[command(subcommand)]
    Registers(excel::RegistersCommand),
    /// Bảng tiêu chí chấm điểm thi đua: nhập, xuất, liệt kê, dùng bảng mẫu.
    #[command(subcommand)]
    Criteria(year_end::CriteriaCommand),
    /// Các phong trào thi đua (mỗi phong trào một bộ chỉ tiêu, báo cáo riêng): liệt kê, phát động phong trào mới.
    #[command(subcommand)]
    Movement(MovementCommand),
    /// Bộ chỉ tiêu của phong trào: liệt kê, thêm, sửa, bỏ chỉ tiêu (mỗi thay đổi là một phiên bản mới).
    #[command(subcommand)]
    Indicators(indicators::IndicatorCommand),
    /// Quy tắc kiểm tra số liệu giữa các chỉ tiêu (ví dụ 3.2 <= 3.1) và ngưỡng chênh lệch: liệt kê, thêm, bỏ.
    #[command(subcommand)]
    Rules(indicators::RuleCommand),
    /// Chỉ tiêu giao cho các đơn vị cấp dưới trong năm.
    #[command(subcommand, alias = "targets")]
    Target(year_end::TargetCommand),
    /// Cụm, khối thi đua của năm: lập, liệt kê.
    #[command(subcommand)]
    Cluster(year_end::ClusterCommand),
    /// Đề nghị khen thưởng: tờ trình của đơn vị (thêm, bỏ, in, xuất Excel) và ý kiến xét duyệt của cấp trên.
    #[command(subcommand)]
    Proposal(proposals::ProposalCommand),
    /// Quyết định khen thưởng: ban hành, in, in giấy khen, gửi đơn vị cấp dưới; lịch sử khen thưởng.
    #[command(subcommand)]
    Award(awards::AwardCommand),
    /// Chấm điểm thi đua các đơn vị cấp dưới (điểm tính từ báo cáo, chỉ tiêu giao, hạn nộp; điểm cấp trên chấm với --set).
    Score {
        /// Năm, ví dụ 2022.
        #[arg(long)]
        period: i32,
        #[arg(long)]
        unit: Option<String>,
        /// TIÊU_CHÍ=ĐIỂM: 12/10 (thực hiện/chỉ tiêu), A–D, số ngày chậm, có/không, số lần, số điểm; bỏ trống để xóa.
        #[arg(long, value_name = "CRITERION=VALUE", requires = "unit")]
        set: Option<String>,
        /// Lý do, căn cứ của điểm chấm (bắt buộc với --set).
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// Xếp hạng thi đua của năm, trên toàn bộ đơn vị hoặc trong một cụm; ghi ra Excel với --xlsx.
    Rank {
        #[arg(long)]
        period: i32,
        #[arg(long)]
        cluster: Option<String>,
        #[arg(long, value_name = "FILE")]
        xlsx: Option<PathBuf>,
        /// Thông báo kết quả chấm điểm, xếp hạng (văn bản theo Nghị định 30) ra tệp PDF.
        #[arg(long, value_name = "FILE")]
        pdf: Option<PathBuf>,
    },
    /// Chạy thử cả chu trình: cấp trên, các phường, xã, trao đổi gói, nhập báo cáo.
    Demo {
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        #[arg(long, default_value_t = 3)]
        wards: usize,
        #[arg(long, default_value = "2022-H1")]
        period: String,
        /// Giữ lại gói, bỏ thư mục dữ liệu của từng phường sau khi gửi (cho thử tải lớn).
        #[arg(long)]
        bundles_only: bool,
        /// Cấp trên không nhập các báo cáo (để đo việc nhập riêng).
        #[arg(long)]
        no_import: bool,
        /// Chạy thêm phong trào «Vì người nghèo» bên cạnh phong trào đầu tiên.
        #[arg(long)]
        second_movement: bool,
        /// Bộ chỉ tiêu của phong trào đầu tiên có ít nhất N chỉ tiêu: cấp trên thêm chỉ tiêu
        /// nhập tay cho đủ, mỗi phường nhập số liệu cho từng chỉ tiêu (thử tải lớn).
        #[arg(long, value_name = "N", default_value_t = 0)]
        indicators: usize,
    },
}

#[derive(Args)]
struct InitArgs {
    /// Mã đơn vị của máy này theo danh mục (ví dụ 14797).
    #[arg(long, required_unless_present = "sample")]
    unit: Option<String>,
    /// Cấp của đơn vị: tinh, huyen, xa… (khi mã trùng ở hai cấp).
    #[arg(long)]
    level: Option<String>,
    /// Mã đơn vị cấp trên (mặc định: cấp trên theo danh mục).
    #[arg(long)]
    parent: Option<String>,
    /// Họ tên người ký văn bản.
    #[arg(long, required_unless_present = "sample")]
    signer: Option<String>,
    /// Chức vụ người ký (mặc định theo cấp đơn vị: CHỦ TỊCH, TRƯỞNG BAN…).
    #[arg(long)]
    signer_title: Option<String>,
    /// Thẩm quyền ký (mặc định theo cấp đơn vị: TM. BAN THƯỜNG TRỰC…).
    #[arg(long)]
    authority: Option<String>,
    /// Họ tên cán bộ sử dụng máy (ghi vào nhật ký thay đổi).
    #[arg(long)]
    clerk: Option<String>,
    /// Địa danh ghi ở dòng ngày tháng (mặc định: tên đơn vị).
    #[arg(long)]
    place: Option<String>,
    /// Nhập danh mục đơn vị từ tệp này trước khi chọn đơn vị.
    #[arg(long, value_name = "FILE")]
    catalogue: Option<PathBuf>,
    /// Nạp đơn vị mẫu (Phường Hạc Thành) với dữ liệu mẫu.
    #[arg(long, conflicts_with_all = ["unit", "signer", "catalogue"])]
    sample: bool,
}

#[derive(Subcommand)]
enum UnitsCommand {
    /// Nhập danh mục từ tệp .xls, .xlsx, .ods hoặc .csv của cơ quan thống kê.
    Import { file: PathBuf },
    /// Khai báo đơn vị trực thuộc ngoài danh mục: tổ chức thành viên hoặc Ban công tác Mặt trận khu dân cư.
    Add {
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        #[arg(long, value_parser = ["to-chuc-thanh-vien", "khu-dan-cu"])]
        kind: String,
        /// Đơn vị cấp trên của nó (mặc định: đơn vị của máy này).
        #[arg(long)]
        parent: Option<String>,
    },
    /// Liệt kê đơn vị theo thứ tự chữ cái tiếng Việt.
    List {
        #[arg(long)]
        level: Option<String>,
        /// Tìm theo tên hoặc mã (không cần gõ dấu).
        #[arg(long)]
        search: Option<String>,
        /// Chỉ các đơn vị trực thuộc đơn vị có mã này.
        #[arg(long)]
        parent: Option<String>,
        /// Cả các đơn vị không còn trong danh mục hiện hành.
        #[arg(long)]
        all: bool,
    },
    /// Danh sách sáp nhập đơn vị (đơn vị cũ vào đơn vị mới, toàn bộ hay một phần): nhập.
    #[command(subcommand)]
    Merges(MergesCommand),
    /// Lịch sử của một xã, phường: các đơn vị cũ đã sáp nhập vào, số liệu từng kỳ trước và sau sáp nhập.
    History { code: String },
}

#[derive(Subcommand)]
enum MovementCommand {
    /// Các phong trào máy này có, phong trào đang chọn đánh dấu *.
    List,
    /// Phát động phong trào mới (cấp trên): bộ chỉ tiêu trống, thêm chỉ tiêu bằng «thidua --movement CODE indicators add».
    Add {
        /// Chữ thường không dấu, số và dấu -: vi-nguoi-ngheo.
        #[arg(long)]
        code: String,
        /// Tên phong trào: «Vì người nghèo».
        #[arg(long)]
        name: String,
    },
}

#[derive(Subcommand)]
enum MergesCommand {
    /// Nhập danh sách sáp nhập (.csv, .xlsx: ma_cu, ten_cu, huyen_cu, ma_moi, ten_moi, phan), sau khi đã nhập
    /// danh mục trước và sau sáp nhập.
    Import {
        file: PathBuf,
        /// Ngày các đơn vị mới bắt đầu (mặc định 01/07/2025).
        #[arg(long)]
        effective: Option<String>,
    },
}

fn print_history(h: &thidua_api::UnitHistory) {
    println!("{}", h.summary);
    for f in &h.came_from {
        let whose = if f.counted_here { String::new() } else { format!("; lịch sử tính ở {}", f.counted_in) };
        println!("  {:<6} {} — {} ({}{whose}), {} báo cáo trước sáp nhập", f.code, f.name, f.district, f.share, f.reports);
    }
    for p in &h.periods {
        let from = if p.before_merger {
            format!("{}/{} đơn vị cũ đã báo cáo", p.reported, p.expected)
        } else if p.reported > 0 {
            "đã báo cáo".into()
        } else {
            "chưa báo cáo".into()
        };
        println!("{} ({from})", p.label);
        for f in p.figures.iter().filter(|f| f.value.is_some()) {
            println!("  {:<5} {:>10}  {}", f.code, f.value.map(format_integer).unwrap_or_default(), f.name);
        }
    }
}

fn main() -> ExitCode {
    // `thidua … | head` closes the pipe early: stop quietly, as other command-line tools do,
    // instead of reporting the failed print as a crash.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info.payload().downcast_ref::<String>().map(String::as_str).unwrap_or("");
        if message.contains("failed printing to stdout") {
            std::process::exit(141);
        }
        default_hook(info);
    }));
    let cli = Cli::parse();
    let json = cli.json;
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if json {
                println!("{}", serde_json::to_string(&e).expect("errors serialise"));
            }
            if e.fields.is_empty() {
                eprintln!("Lỗi: {}", e.message);
            } else if e.code != ErrorCode::InvalidFields {
                // A refused file: what is wrong, then every place it is wrong.
                eprintln!("Lỗi: {}", e.message.lines().next().unwrap_or_default());
                for f in &e.fields {
                    eprintln!("  {}: {}", f.field, f.message);
                }
            } else {
                eprintln!("Lỗi: dữ liệu chưa hợp lệ, chưa có gì được lưu:");
                for f in &e.fields {
                    eprintln!("  --{}: {}", f.field.replace('_', "-"), f.message);
                }
            }
            ExitCode::from(1)
        }
    }
}

/// `thidua guide -o FILE`: needs no data directory. From the screenshots in `--screens` (the
/// build makes the guide so); without them, the guide installed with the program is copied.
fn guide(output: &Path, screens: Option<PathBuf>, json: bool) -> Result<(), ApiError> {
    let written = match screens {
        Some(screens) => thidua_api::guide::write_guide(&screens, output)?,
        None => thidua_api::guide::copy_installed_guide(&thidua_api::guide::program_dir()?, output)?,
    };
    print(json, &written, |w| {
        println!("Đã ghi hướng dẫn sử dụng vào {} ({} trang).", w.path, w.pages);
        for s in &w.sections {
            println!("  {}. {} — trang {}", s.number, s.title, s.page);
        }
    })
}

fn data_dir(cli: &Cli) -> Result<PathBuf, ApiError> {
    cli.data_dir
        .clone()
        .or_else(thidua_api::default_data_dir)
        .ok_or_else(|| ApiError::refused("Không xác định được thư mục dữ liệu: hãy chỉ ra bằng --data-dir."))
}

fn run(cli: Cli) -> Result<(), ApiError> {
    let dir = data_dir(&cli)?;
    let json = cli.json;
    MOVEMENT.get_or_init(|| cli.movement.clone());
    match cli.command {
        Command::Init(args) => init(&dir, args, json),
        Command::Record(cmd) => records::run(&dir, cmd, json),
        Command::Plan(cmd) => plans::run(&dir, cmd, json),
        Command::Report(cmd) => reports::run(&dir, cmd, json),
        Command::Key(cmd) => exchange::key(&dir, cmd, json),
        Command::Identity(cmd) => exchange::identity(&dir, cmd, json),
        Command::Enroll { file, fingerprint } => exchange::enroll(&dir, &file, &fingerprint, json),
        Command::Revoke { unit, reason } => exchange::revoke(&dir, &unit, &reason, json),
        Command::RotateKey { output } => exchange::rotate(&dir, &output, json),
        Command::Verify { input } => exchange::verify(&dir, &input, json),
        Command::Guide { output, screens } => guide(&output, screens, json),
        Command::Bundle(cmd) => exchange::bundle(&dir, cmd, json),
        Command::Review(cmd) => exchange::review(&dir, cmd, json),
        Command::Demo { out, wards, period, bundles_only, no_import, second_movement, indicators } => {
            let scenario = thidua_api::demo::Scenario {
                wards,
                period,
                keep_wards: !bundles_only,
                import: !no_import,
                at: None,
                second_movement,
                indicators,
            };
            exchange::demo(&out, &scenario, json)
        }
        Command::Period(cmd) => consolidation::period(&dir, cmd, json),
        Command::Criteria(cmd) => year_end::criteria(&dir, cmd, json),
        Command::Movement(MovementCommand::List) => {
            let ws = open(&dir)?;
            let movements = ws.movements()?;
            let current = ws.movement().to_owned();
            print(json, &movements, |all| {
                for m in all {
                    let mark = if m.code == current { "*" } else { " " };
                    println!("{mark} {:<24} {} ({} chỉ tiêu)", m.code, m.name, m.indicators);
                }
            })
        }
        Command::Movement(MovementCommand::Add { code, name }) => {
            let m = open(&dir)?.add_movement(&thidua_api::MovementInput { code, name })?;
            print(json, &m, |m| {
                println!(
                    "Đã phát động phong trào «{}» (mã {}): thêm chỉ tiêu bằng «thidua --movement {} indicators add …».",
                    m.name, m.code, m.code
                )
            })
        }
        Command::Indicators(cmd) => indicators::indicators(&dir, cmd, json),
        Command::Rules(cmd) => indicators::rules(&dir, cmd, json),
        Command::Target(cmd) => year_end::target(&dir, cmd, json),
        Command::Cluster(cmd) => year_end::cluster(&dir, cmd, json),
        Command::Proposal(cmd) => proposals::proposal(&dir, cmd, json),
        Command::Award(cmd) => awards::award(&dir, cmd, json),
        Command::Score { period, unit, set, reason } => year_end::score(&dir, period, unit, set, &reason, json),
        Command::Rank { period, cluster, xlsx, pdf } => year_end::rank(&dir, period, cluster, xlsx, pdf, json),
        Command::Excel(cmd) => excel::excel(&dir, cmd, json),
        Command::Registers(cmd) => excel::registers(&dir, cmd, json),
        Command::Documents { year } => {
            let ws = crate::open(&dir)?;
            let (year, entries) = ws.document_register(year)?;
            print(json, &entries, |all| {
                if all.is_empty() {
                    println!("Năm {year} chưa ban hành văn bản nào.");
                }
                for e in all {
                    println!("{:<20} {}  {}", e.number, e.issued_on, e.summary);
                }
            })
        }
        Command::Completeness { period } => consolidation::completeness(&dir, &period, json),
        Command::Consolidate { period, pdf, xlsx, registers_xlsx } => {
            consolidation::consolidate(&dir, &period, consolidation::Outputs { pdf, xlsx, registers_xlsx }, json)
        }
        Command::Units(UnitsCommand::Import { file }) => {
            let report = crate::open_or_create(&dir)?.import_units(&file)?;
            print(json, &report, print_import)
        }
        Command::Units(UnitsCommand::Merges(MergesCommand::Import { file, effective })) => {
            let done = crate::open(&dir)?.import_merges(&file, effective.as_deref())?;
            print(json, &done, |d| {
                println!("Đã nhập danh sách sáp nhập {} (có hiệu lực từ ngày {})", d.source_name, d.effective_on);
                println!("  Đơn vị mới: {}", format_integer(d.new_units.into()));
                println!(
                    "  Đơn vị cũ: {} (chia cho nhiều đơn vị mới: {})",
                    format_integer(d.old_units.into()),
                    format_integer(d.divided.into())
                );
                println!("  Đơn vị cũ mà mã được dùng lại cho đơn vị mới: {}", format_integer(d.code_reused.into()));
                println!(
                    "  Huyện, thị xã, thành phố cũ không còn đơn vị trực thuộc (thôi dùng): {}",
                    format_integer(d.districts_retired.into())
                );
                if d.replaced > 0 {
                    println!("  Thay cho {} dòng của danh sách đã nhập trước", format_integer(d.replaced.into()));
                }
                if !d.repeated_rows.is_empty() {
                    let rows: Vec<String> = d.repeated_rows.iter().map(u32::to_string).collect();
                    println!("  Bỏ qua dòng lặp lại: {}", rows.join(", "));
                }
                if !d.unclear.is_empty() {
                    println!(
                        "  {} đơn vị cũ được ghi mâu thuẫn (toàn bộ vào nhiều đơn vị mới, hoặc không rõ phần lớn): lịch sử chưa tính cho xã, phường nào; \
                         hãy sửa các dòng này trong tệp (một phần / một phần, phần lớn) rồi nhập lại:",
                        d.unclear.len()
                    );
                    for u in &d.unclear {
                        println!("    {u}");
                    }
                }
            })
        }
        Command::Units(UnitsCommand::History { code }) => {
            let history = crate::open(&dir)?.unit_history(&code)?;
            print(json, &history, print_history)
        }
        Command::Units(UnitsCommand::Add { code, name, kind, parent }) => {
            // Also before `init`: the unit a committee's own laptop is to be set up as.
            let mut ws = crate::open_or_create(&dir)?;
            ws.ensure_catalogue()?;
            let unit = ws.add_own_unit(&thidua_api::OwnUnitInput { code, name, kind, parent })?;
            print(json, &unit, |u| {
                println!("Đã khai báo {} (mã {}), trực thuộc {}.", u.full_name(), u.code, u.parent_name.as_deref().unwrap_or(""))
            })
        }
        Command::Units(UnitsCommand::List { level, search, parent, all }) => {
            let ws = crate::open(&dir)?;
            let parent_id = parent.map(|code| find_unit(&ws, &code, None).map(|u| u.id)).transpose()?;
            let units = ws.units(&UnitQuery { search, level, parent_id, include_retired: all, limit: None })?;
            print(json, &units, |units| {
                for u in units {
                    let retired = if u.retired { " (không còn trong danh mục)" } else { "" };
                    println!(
                        "{:<6} {:<6} {}{}{}",
                        u.code,
                        u.level,
                        u.name,
                        u.parent_name.as_deref().map(|p| format!(" — {p}")).unwrap_or_default(),
                        retired
                    );
                }
                println!("{} đơn vị", thidua_text::format_integer(units.len() as i64));
            })
        }
        Command::Status => {
            let status = crate::open(&dir)?.status()?;
            print(json, &status, |s| {
                println!("Thư mục dữ liệu: {}", s.data_dir);
                println!("Đơn vị: {}", s.installation.as_deref().unwrap_or("(chưa cài đặt)"));
                println!("Phiên bản lược đồ: {} (chương trình đọc được đến {})", s.schema_version, s.supported_schema_version);
                println!("Kiểm tra toàn vẹn: {}", s.integrity);
                for (kind, n) in &s.counts {
                    println!("  {kind:<16} {}", thidua_text::format_integer(*n));
                }
                println!("Mã băm dữ liệu: {}", s.digest);
            })
        }
        Command::Backup { output: Some(output) } => {
            crate::open(&dir)?.backup(&output)?;
            print(json, &serde_json::json!({ "backup": output }), |_| println!("Đã sao lưu vào {}", output.display()))
        }
        Command::Backup { output: None } => {
            let taken = crate::open(&dir)?.backup_now()?;
            print(json, &taken, |b| println!("Đã sao lưu vào {}", b.path))
        }
        Command::Backups => {
            let list = crate::open(&dir)?.backups();
            print(json, &list, |list| {
                if list.is_empty() {
                    println!("Chưa có bản sao lưu tự động nào.");
                }
                for b in list {
                    let size = thidua_text::format_integer(b.bytes.div_ceil(1024) as i64);
                    println!("{}  {:<32} {:>10} KB  {}", b.taken_at, b.reason_label, size, b.path);
                }
            })
        }
        Command::Restore { file, code } => {
            // A new laptop restores into a data directory that has nothing yet.
            let outcome = crate::open_or_create(&dir)?.restore_with_code(&file, code.as_deref())?;
            print(json, &outcome, |o| println!("{}", o.message))
        }
        Command::CopyAll { dest } => {
            let copy = crate::open(&dir)?.copy_installation(&dest)?;
            print(json, &copy, |c| {
                let size = thidua_text::format_integer(c.bytes.div_ceil(1024) as i64);
                println!("Đã chép toàn bộ dữ liệu của {} vào {} ({size} KB, {} tệp).", c.unit_name, c.path, c.files);
                println!("Mã bản sao: {}", c.code);
                println!("Hãy ghi mã này lên nhãn USB: khi khôi phục phải nhập đúng mã (thidua restore TỆP --code MÃ).");
                println!("Bản sao không có khóa riêng: máy khôi phục sẽ tạo khóa mới và cấp trên ghi danh lại.");
            })
        }
    }
}

fn init(dir: &Path, args: InitArgs, json: bool) -> Result<(), ApiError> {
    let mut ws = crate::open_or_create(dir)?;
    if args.sample {
        let installation = ws.install_sample()?;
        return print(json, &installation, |i| println!("Đã nạp dữ liệu mẫu: {} ({})", i.unit.name, i.unit.code));
    }
    if let Some(file) = &args.catalogue {
        ws.import_units(file)?;
    }
    ws.ensure_catalogue()?;
    let code = args.unit.as_deref().unwrap_or_default();
    let unit = find_unit(&ws, code, args.level.as_deref())?;
    let defaults = ws.header_defaults(unit.id)?;
    let parent_unit_id = match &args.parent {
        Some(code) => Some(find_unit(&ws, code, None)?.id),
        None => defaults.parent_unit_id,
    };
    let signer = args.signer.unwrap_or_default();
    let installation = ws.setup(&SetupInput {
        unit_id: unit.id,
        parent_unit_id,
        clerk_name: args.clerk.unwrap_or_else(|| signer.clone()),
        header: DocumentHeader {
            place: args.place.unwrap_or(defaults.header.place),
            signer_authority: args.authority.unwrap_or(defaults.header.signer_authority),
            signer_title: args.signer_title.unwrap_or(defaults.header.signer_title),
            signer_name: signer,
            ..defaults.header
        },
    })?;
    print(json, &installation, |i| {
        println!("Đã cài đặt: {} ({})", i.unit.name, i.unit.code);
        if let Some(p) = &i.parent {
            println!("Đơn vị cấp trên: {} ({})", p.name, p.code);
        }
        println!("Người ký: {} {}", i.header.signer_title, i.header.signer_name);
    })
}

fn find_unit(ws: &Workspace, code: &str, level: Option<&str>) -> Result<Unit, ApiError> {
    let units = ws.units(&UnitQuery { search: Some(code.into()), level: level.map(Into::into), ..Default::default() })?;
    let mut matches: Vec<Unit> = units.into_iter().filter(|u| u.code == code.trim()).collect();
    match matches.len() {
        0 => Err(ApiError::refused(format!(
            "Không có đơn vị mã «{code}» trong danh mục: hãy kiểm tra mã, hoặc nhập danh mục mới bằng «thidua units import»."
        ))),
        1 => Ok(matches.remove(0)),
        _ => Err(ApiError::refused(format!(
            "Mã «{code}» có ở nhiều cấp ({}): hãy ghi thêm --level.",
            matches.iter().map(|u| format!("{} — {}", u.level, u.name)).collect::<Vec<_>>().join("; ")
        ))),
    }
}

fn print_import(r: &CatalogueImportReport) {
    println!("Đã nhập danh mục {}{}", r.source_name, r.as_of.as_deref().map(|d| format!(" (ngày {d})")).unwrap_or_default());
    println!("  Thêm mới: {}", thidua_text::format_integer(r.added.into()));
    println!("  Không đổi: {}", thidua_text::format_integer(r.unchanged.into()));
    for (title, list) in [("Đổi tên", &r.renamed), ("Đổi mã", &r.code_changed), ("Không còn trong danh mục", &r.retired)] {
        println!("  {title}: {}", list.len());
        for c in list {
            let was = if c.was.is_empty() { String::new() } else { format!(" (trước: {})", c.was) };
            let records = if c.records > 0 { format!(", giữ {} bản ghi", c.records) } else { String::new() };
            println!("    {} {}{was}{records}", c.code, c.name);
        }
    }
    if r.reparented > 0 {
        println!("  Đổi đơn vị cấp trên: {}", r.reparented);
    }
}

pub(crate) fn print<T: Serialize>(json: bool, value: &T, human: impl FnOnce(&T)) -> Result<(), ApiError> {
    if json {
        println!("{}", serde_json::to_string_pretty(value).map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?);
    } else {
        human(value);
    }
    Ok(())
}
