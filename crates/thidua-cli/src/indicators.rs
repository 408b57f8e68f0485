//! The indicator set from scripts: list it, add, edit and retire indicators (each change is a
//! new version of the set, sent down with the next plan bundle).

use std::path::Path;

use clap::Subcommand;
use thidua_api::{ApiError, IndicatorEdit, IndicatorInput, IndicatorPhrase, IndicatorSetView};

use crate::print;

#[derive(Subcommand)]
pub enum IndicatorCommand {
    /// Bộ chỉ tiêu đang dùng: các chỉ tiêu, cách tính, thay đổi so với phiên bản trước.
    List,
    /// Thêm chỉ tiêu: tính từ sổ theo dõi (--register, --aggregate) hoặc nhập tay (--manual).
    Add {
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        #[arg(long = "unit-of-measure")]
        measure: String,
        /// Nhóm nhiệm vụ 1–4 (tuyên truyền; hội nghị; hỗ trợ, khuyến khích; biểu dương, nhân rộng).
        #[arg(long, default_value_t = 3)]
        task_group: i64,
        /// Sổ theo dõi: initiative, model, activity, ocop_link, resource, commendation.
        #[arg(long, conflicts_with = "manual", required_unless_present = "manual")]
        register: Option<String>,
        /// count (đếm bản ghi) hoặc sum (cộng trường --field).
        #[arg(long, requires = "register", value_parser = ["count", "sum"])]
        aggregate: Option<String>,
        /// Trường số được cộng khi --aggregate sum.
        #[arg(long, requires = "register")]
        field: Option<String>,
        /// Điều kiện lọc TRƯỜNG=GIÁ_TRỊ (nhiều giá trị cách nhau bằng dấu phẩy); lặp lại được.
        #[arg(long = "filter", requires = "register")]
        filters: Vec<String>,
        /// Ngày xếp bản ghi vào kỳ (ví dụ recognised_on), hoặc running: mô hình tính ở mọi kỳ còn hoạt động; mặc định ngày chính của sổ.
        #[arg(long, requires = "register")]
        date_field: Option<String>,
        /// Nhập tay trong từng báo cáo.
        #[arg(long)]
        manual: bool,
        #[command(flatten)]
        phrase: PhraseArgs,
    },
    /// Sửa tên, đơn vị tính, nhóm hoặc vị trí của một chỉ tiêu.
    Edit {
        code: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long = "unit-of-measure")]
        measure: Option<String>,
        #[arg(long)]
        task_group: Option<i64>,
        /// Vị trí mới trong bộ (1 là đầu tiên).
        #[arg(long)]
        position: Option<i64>,
        #[command(flatten)]
        phrase: PhraseArgs,
        /// Bỏ câu báo cáo: phần đánh giá nêu chỉ tiêu bằng tên và số liệu.
        #[arg(long, conflicts_with = "phrase")]
        no_phrase: bool,
    },
    /// Bỏ một chỉ tiêu khỏi bộ từ phiên bản sau (báo cáo đã làm giữ nguyên).
    Retire { code: String },
}

#[derive(Subcommand)]
pub enum RuleCommand {
    /// Các quy tắc kiểm tra số liệu của bộ chỉ tiêu đang dùng và ngưỡng chênh lệch.
    List,
    /// Thêm quy tắc giữa các chỉ tiêu, ví dụ "3.2 <= 3.1" hoặc "4.5 <= 4.3 + 4.4".
    Add { rule: String },
    /// Bỏ một quy tắc, ghi như khi thêm hoặc như danh sách ("3.2 ≤ 3.1").
    Remove { rule: String },
    /// Ngưỡng đánh dấu số liệu chênh lệch lớn, theo phần trăm (300: gấp 3 lần hoặc dưới 1/3); 0: không đánh dấu.
    Outlier { percent: i64 },
}

/// How the report's narrative says an indicator's figure.
#[derive(clap::Args)]
pub struct PhraseArgs {
    /// Câu trong phần đánh giá khi có số liệu, {} là số liệu: "tổ chức {} buổi tuyên truyền".
    #[arg(long)]
    phrase: Option<String>,
    /// Câu khi số liệu bằng 0: "chưa tổ chức buổi tuyên truyền nào" (mặc định: không nêu).
    #[arg(long, requires = "phrase")]
    phrase_zero: Option<String>,
    /// Nối vào câu của chỉ tiêu mã này khi cả hai có số liệu (cần --phrase-joined).
    #[arg(long, requires_all = ["phrase", "phrase_joined"])]
    phrase_within: Option<String>,
    /// Phần nối vào câu của chỉ tiêu kia, {} là số liệu: "với {} lượt người tham gia".
    #[arg(long, requires = "phrase_within")]
    phrase_joined: Option<String>,
}

impl PhraseArgs {
    fn phrase(self) -> Option<IndicatorPhrase> {
        Some(IndicatorPhrase {
            done: self.phrase?,
            none: self.phrase_zero.unwrap_or_default(),
            within: self.phrase_within.zip(self.phrase_joined),
        })
    }
}

pub fn rules(dir: &Path, cmd: RuleCommand, json: bool) -> Result<(), ApiError> {
    let mut ws = crate::open(dir)?;
    let view = match cmd {
        RuleCommand::List => ws.indicator_set_view()?,
        RuleCommand::Add { rule } => ws.add_rule(&rule)?,
        RuleCommand::Remove { rule } => ws.remove_rule(&rule)?,
        RuleCommand::Outlier { percent } => ws.set_outlier_percent(percent)?,
    };
    print(json, &view, |v| {
        println!("Quy tắc kiểm tra số liệu — {} phiên bản {}:", v.name, v.version);
        for r in &v.rules {
            println!("  {r}");
        }
        match v.outlier_percent {
            0 => println!("Không đánh dấu số liệu chênh lệch lớn."),
            p => println!("Đánh dấu số liệu lớn hơn {p}% hoặc nhỏ hơn 100/{p} số so sánh (cùng kỳ năm trước; trung vị các đơn vị)."),
        }
    })
}

pub fn indicators(dir: &Path, cmd: IndicatorCommand, json: bool) -> Result<(), ApiError> {
    let mut ws = crate::open(dir)?;
    let view = match cmd {
        IndicatorCommand::List => ws.indicator_set_view()?,
        IndicatorCommand::Add { code, name, measure, task_group, register, aggregate, field, filters, date_field, manual: _, phrase } => {
            let aggregate = match (aggregate.as_deref(), field) {
                (Some("sum"), Some(field)) => Some(format!("sum:{field}")),
                (Some("sum"), None) => return Err(ApiError::refused("Cộng trường nào? Hãy ghi --field, ví dụ --field participants.")),
                (_, Some(_)) => return Err(ApiError::refused("--field chỉ dùng với --aggregate sum.")),
                (a, None) => a.map(str::to_owned),
            };
            let filters = filters
                .iter()
                .map(|f| {
                    let (name, values) = f
                        .split_once('=')
                        .ok_or_else(|| ApiError::refused(format!("«{f}»: hãy ghi TRƯỜNG=GIÁ_TRỊ, ví dụ status=ap_dung.")))?;
                    Ok((name.to_owned(), values.split(',').map(|v| v.trim().to_owned()).filter(|v| !v.is_empty()).collect()))
                })
                .collect::<Result<Vec<(String, Vec<String>)>, ApiError>>()?;
            let phrase = phrase.phrase();
            ws.add_indicator(&IndicatorInput { code, name, measure, task_group, register, aggregate, filters, date_field, phrase })?
        }
        IndicatorCommand::Edit { code, name, measure, task_group, position, phrase, no_phrase } => {
            let edit = IndicatorEdit { name, measure, task_group, position, phrase: phrase.phrase(), drop_phrase: no_phrase };
            ws.edit_indicator(&code, &edit)?
        }
        IndicatorCommand::Retire { code } => ws.retire_indicator(&code)?,
    };
    print(json, &view, show)
}

fn show(v: &IndicatorSetView) {
    let by = v.issued_by.as_deref().map(|b| format!(", do {b} ban hành")).unwrap_or_default();
    println!("{} — phiên bản {}{by}", v.name, v.version);
    for i in &v.indicators {
        println!("  {:<6} {} ({}) — {}", i.code, i.name, i.measure, i.source_label);
        if let Some(p) = &i.phrase {
            println!("         câu báo cáo: «{}»", p.done);
        }
    }
    if !v.changes.is_empty() {
        println!("Thay đổi so với phiên bản {}:", v.version - 1);
        for c in &v.changes {
            println!("  {c}");
        }
    }
}
