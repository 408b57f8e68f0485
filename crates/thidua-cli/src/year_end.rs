//! The year's end from scripts: the scoring table, targets, clusters, scores and the ranking.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use thidua_api::{ApiError, Scoring, ScoringTableInfo};

use crate::print;

#[derive(Subcommand)]
pub enum CriteriaCommand {
    /// Nhập bảng tiêu chí chấm điểm từ tệp .xlsx (theo mẫu xuất ra) hoặc .json; bảng nhập sau cùng được dùng để chấm.
    Import { file: PathBuf },
    /// Xuất bảng tiêu chí đang dùng ra tệp .xlsx (để bàn bạc, sửa rồi nhập lại) hoặc .json.
    Export {
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
    /// Liệt kê các bảng tiêu chí đã lưu và tiêu chí của bảng đang dùng.
    List,
    /// Dùng bảng tiêu chí mẫu «Đoàn kết sáng tạo» đi kèm chương trình.
    Example,
}

#[derive(Subcommand)]
pub enum TargetCommand {
    /// Giao chỉ tiêu năm cho một đơn vị cấp dưới: MÃ_CHỈ_TIÊU=SỐ (bỏ trống số để xóa), ví dụ 1.1=12 3.2=4, hoặc một chỉ tiêu: 1.1 12.
    Set {
        /// Năm giao chỉ tiêu (--period 2022 cũng được: chỉ tiêu giao theo năm).
        #[arg(long, alias = "period", value_parser = target_year)]
        year: i32,
        #[arg(long)]
        unit: String,
        #[arg(required = true)]
        values: Vec<String>,
    },
    /// Chỉ tiêu đã giao cho các đơn vị trong năm.
    List {
        #[arg(long)]
        year: i32,
    },
}

#[derive(Subcommand)]
pub enum ClusterCommand {
    /// Lập (hoặc sửa) một cụm thi đua của năm: tên, trưởng cụm, phó trưởng cụm, các đơn vị.
    Add {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        leader: Option<String>,
        #[arg(long)]
        deputy: Option<String>,
        /// Mã các đơn vị trong cụm, cách nhau bằng dấu phẩy.
        #[arg(long, value_delimiter = ',')]
        units: Vec<String>,
    },
    /// Các cụm thi đua của năm.
    List {
        #[arg(long)]
        year: i32,
    },
}

fn print_table(info: &ScoringTableInfo) {
    let in_use = if info.in_use { " (đang dùng)" } else { "" };
    println!(
        "{} phiên bản {}: {} — {} tiêu chí, {} điểm chuẩn, lưu ngày {}{in_use}",
        info.code, info.version, info.name, info.criteria, info.standard_total, info.stored_on
    );
}

pub fn criteria(dir: &Path, cmd: CriteriaCommand, json: bool) -> Result<(), ApiError> {
    let mut ws = crate::open(dir)?;
    match cmd {
        CriteriaCommand::Import { file } => {
            let info = ws.import_scoring_table(&file)?;
            print(json, &info, print_table)
        }
        CriteriaCommand::Example => {
            let info = ws.use_example_scoring_table()?;
            print(json, &info, print_table)
        }
        CriteriaCommand::Export { output } => {
            ws.export_scoring_table(&output)?;
            print(json, &serde_json::json!({ "output": output }), |_| println!("Đã xuất bảng tiêu chí ra {}", output.display()))
        }
        CriteriaCommand::List => {
            let tables = ws.scoring_tables()?;
            let current = if tables.is_empty() { None } else { Some(ws.scoring_table()?) };
            print(json, &serde_json::json!({ "tables": tables, "in_use": current }), |_| {
                if tables.is_empty() {
                    println!(
                        "Chưa có bảng tiêu chí nào: nhập bằng «thidua criteria import TỆP» hoặc dùng bảng mẫu «thidua criteria example»."
                    );
                }
                tables.iter().for_each(print_table);
                if let Some(view) = &current {
                    println!();
                    for c in &view.criteria {
                        let standard = if c.standard.is_empty() { String::new() } else { format!(" [{} điểm]", c.standard) };
                        println!("  {:<6} {}{standard} — {}", c.code, c.name, c.method);
                    }
                    println!("  {}", view.rules);
                    println!("  Xếp loại: {}", view.classes.join("; "));
                }
            })
        }
    }
}

/// The year targets are given for: "2022", or a period code that is a whole year.
fn target_year(text: &str) -> Result<i32, String> {
    match text.trim().parse::<i32>() {
        Ok(year) if (2000..=2100).contains(&year) => Ok(year),
        _ => Err(format!("chỉ tiêu giao theo năm: hãy ghi năm, ví dụ 2022 (không phải «{text}»)")),
    }
}

pub fn target(dir: &Path, cmd: TargetCommand, json: bool) -> Result<(), ApiError> {
    let mut ws = crate::open(dir)?;
    let view = match cmd {
        TargetCommand::Set { year, unit, values } => {
            // "3.9 4", as a script writes one indicator, is "3.9=4".
            let values = match values.as_slice() {
                [code, n] if !code.contains('=') && !n.contains('=') => vec![format!("{code}={n}")],
                _ => values,
            };
            let parsed = values
                .iter()
                .map(|v| {
                    let (code, n) =
                        v.split_once('=').ok_or_else(|| ApiError::refused(format!("«{v}»: hãy ghi MÃ_CHỈ_TIÊU=SỐ, ví dụ 1.1=12.")))?;
                    Ok((code.to_owned(), n.to_owned()))
                })
                .collect::<Result<Vec<_>, ApiError>>()?;
            ws.set_targets(year, &unit, &parsed)?;
            ws.targets(year)?
        }
        TargetCommand::List { year } => ws.targets(year)?,
    };
    print(json, &view, |v| {
        let heads: Vec<&str> = v.indicators.iter().map(|(c, _, _)| c.as_str()).collect();
        println!("Chỉ tiêu giao năm {}: {}", v.year, heads.join(", "));
        for u in &v.units {
            let cells: Vec<String> = u.targets.iter().map(|t| t.map(thidua_text::format_integer).unwrap_or_else(|| "–".into())).collect();
            println!("  {:<6} {:<32} {}", u.unit_code, u.unit_name, cells.join("  "));
        }
    })
}

pub fn cluster(dir: &Path, cmd: ClusterCommand, json: bool) -> Result<(), ApiError> {
    let mut ws = crate::open(dir)?;
    let clusters = match cmd {
        ClusterCommand::Add { year, code, name, leader, deputy, units } => {
            vec![ws.save_cluster(year, &code, &name, leader.as_deref(), deputy.as_deref(), &units)?]
        }
        ClusterCommand::List { year } => ws.clusters(year)?,
    };
    print(json, &clusters, |all| {
        if all.is_empty() {
            println!("Năm này chưa có cụm thi đua nào.");
        }
        for c in all {
            println!("{} — {} ({} đơn vị)", c.code, c.name, c.units.len());
            println!("  Trưởng cụm: {}; phó trưởng cụm: {}", or_none(&c.leader), or_none(&c.deputy));
            for (code, name) in &c.units {
                println!("  {code:<6} {name}");
            }
        }
    })
}

fn or_none(s: &str) -> &str {
    if s.is_empty() { "(chưa có)" } else { s }
}

/// `thidua score`: every unit's points, or one unit's criterion by criterion; `--set` enters
/// the upper level's score of a criterion with its reason.
pub fn score(dir: &Path, year: i32, unit: Option<String>, set: Option<String>, reason: &str, json: bool) -> Result<(), ApiError> {
    let mut ws = crate::open(dir)?;
    let scoring = match set {
        Some(assignment) => {
            let unit = unit.as_deref().ok_or_else(|| ApiError::refused("Hãy ghi --unit MÃ_ĐƠN_VỊ để chấm điểm một đơn vị."))?;
            let (criterion, value) = assignment
                .split_once('=')
                .ok_or_else(|| ApiError::refused(format!("«{assignment}»: hãy ghi TIÊU_CHÍ=ĐIỂM, ví dụ II.1=B hoặc III.1=12,5.")))?;
            ws.set_score(year, unit, criterion.trim(), Some(value), reason)?;
            ws.scoring(year, None)?
        }
        None => ws.scoring(year, None)?,
    };
    let mut scoring = scoring;
    if let Some(code) = &unit {
        scoring.units.retain(|u| &u.unit_code == code);
    }
    print(json, &scoring, |s| {
        for u in &s.units {
            let own = if u.own_total.is_empty() { String::new() } else { format!(", tự chấm {}", u.own_total) };
            println!("{:<6} {:<32} {} điểm{own} — {}", u.unit_code, u.unit_name, u.total, or_class(&u.class));
            if unit.is_some() {
                for (cell, head) in u.cells.iter().zip(&s.criteria) {
                    let own = if cell.own_points.is_empty() { String::new() } else { format!(" (tự chấm {})", cell.own_points) };
                    let why = match cell.source {
                        _ if cell.reason.is_empty() => String::new(),
                        thidua_api::ScoreSource::OwnAccepted => format!(" Giữ điểm tự chấm, căn cứ: {}", cell.reason),
                        _ => format!(" Lý do: {}", cell.reason),
                    };
                    println!("  {:<6} {:>6}{own}  {}{why}", head.code, cell.points, cell.explanation);
                }
            }
        }
    })
}

fn or_class(class: &str) -> &str {
    if class.is_empty() { "chưa đạt mức xếp loại nào" } else { class }
}

pub fn rank(
    dir: &Path,
    year: i32,
    cluster: Option<String>,
    xlsx: Option<PathBuf>,
    pdf: Option<PathBuf>,
    json: bool,
) -> Result<(), ApiError> {
    let ws = crate::open(dir)?;
    if let Some(path) = &pdf {
        ws.ranking_pdf(year, cluster.as_deref(), path)?;
    }
    let scoring: Scoring = match &xlsx {
        Some(path) => ws.ranking_xlsx(year, cluster.as_deref(), path)?,
        None => ws.scoring(year, cluster.as_deref())?,
    };
    print(json, &scoring, |s| {
        println!("Xếp hạng thi đua năm {} theo {} (phiên bản {})", s.year, s.table.name, s.table.version);
        for u in &s.units {
            if u.rank == 0 {
                println!("   – {:<32} chưa xếp hạng (chưa có báo cáo năm, chưa được chấm)", u.unit_name);
                continue;
            }
            let tied = if u.tied { " (đồng hạng)" } else { "" };
            let cluster = if u.cluster_name.is_empty() {
                String::new()
            } else {
                format!(" — {}, hạng {} trong cụm", u.cluster_name, u.cluster_rank)
            };
            println!("{:>4}{tied} {:<32} {:>7} điểm  {}{cluster}", u.rank, u.unit_name, u.total, or_class(&u.class));
        }
        if let Some(path) = &xlsx {
            println!("Đã ghi bảng xếp hạng ra {}", path.display());
        }
        if let Some(path) = &pdf {
            println!("Đã in thông báo kết quả chấm điểm, xếp hạng ra {}", path.display());
        }
    })
}
