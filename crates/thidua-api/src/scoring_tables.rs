//! Scoring tables (bảng tiêu chí, thang điểm) as the upper level keeps them: imported from the
//! JSON of `assets/scoring/` or from a workbook the office discussed, exported to that workbook,
//! versioned. The table in use is the one stored last.

use std::path::Path;

use serde::Serialize;
use thidua_excel::{Cell, Column, Sheet, read};
use thidua_model::FieldError;
use thidua_scoring::{Class, Criterion, Group, LateStep, Method, Points, Rules, ScoringTable};
use thidua_store::StoredScoringTable;
use thidua_text::search_key;
use ts_rs::TS;

use crate::excel::{cell_error, read_input, refuse_with};
use crate::{ApiError, Workspace};

/// The example table shipped with the program, for an office that has none yet.
pub const EXAMPLE_TABLE: &str = include_str!("../../../assets/scoring/doan-ket-sang-tao.json");

const CRITERIA_SHEET: &str = "Tiêu chí";
const RULES_SHEET: &str = "Quy định";

/// A stored table, as lists show it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ScoringTableInfo {
    pub code: String,
    pub version: u32,
    pub name: String,
    pub criteria: u32,
    /// The sum of the standard points, as printed ("100").
    pub standard_total: String,
    /// Stored on (Vietnam's day), dd/mm/yyyy.
    pub stored_on: String,
    /// The table scoring uses now (the one stored last).
    pub in_use: bool,
}

/// One criterion as the screens show it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CriterionView {
    pub group_code: String,
    pub group_name: String,
    pub code: String,
    pub name: String,
    /// "10", or "" for bonuses and penalties.
    pub standard: String,
    /// How it is scored, in words: "Tỷ lệ đạt chỉ tiêu 1.1", "Loại A/B/C/D: 10/8/6/3".
    pub method: String,
    /// What a scorer types for it: "thực hiện/chỉ tiêu", "A, B, C hoặc D", …
    pub entry_hint: String,
    /// The data gives its points (a ratio of an indicator, lateness): a scorer need not enter them.
    pub from_data: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ScoringTableView {
    pub info: ScoringTableInfo,
    pub criteria: Vec<CriterionView>,
    /// "Xuất sắc từ 95 điểm", …
    pub classes: Vec<String>,
    /// The bonus rules in a sentence.
    pub rules: String,
}

fn method_label(c: &Criterion) -> (String, String) {
    match &c.method {
        Method::Ratio { indicator, lower_is_better } => {
            let of = indicator.as_deref().map(|i| format!(" {i}")).unwrap_or_default();
            let how =
                if *lower_is_better { "Chỉ tiêu ÷ thực hiện (thấp hơn là tốt)" } else { "Tỷ lệ đạt chỉ tiêu" };
            (format!("{how}{of}"), "thực hiện/chỉ tiêu, ví dụ 12/10".into())
        }
        Method::Graded { b, c: grade_c, d } => (
            format!("Loại A/B/C/D: {}/{}/{}/{}", c.standard.to_text(), b.to_text(), grade_c.to_text(), d.to_text()),
            "A, B, C hoặc D".into(),
        ),
        Method::Lateness { steps } => {
            let steps: Vec<String> = steps.iter().map(|s| format!("từ {} ngày −{}", s.from_days, s.points.to_text())).collect();
            (format!("Chậm hạn: {}", steps.join(", ")), "số ngày chậm".into())
        }
        Method::Bonus { points } => (format!("Cộng {} điểm", points.to_text()), "có hoặc không".into()),
        Method::Penalty { points } => (format!("Trừ {} điểm mỗi lần", points.to_text()), "số lần".into()),
        Method::Manual => (format!("Chấm tay, tối đa {} điểm", c.standard.to_text()), "số điểm".into()),
    }
}

/// Whether the data gives a criterion's points without a scorer.
pub(crate) fn from_data(c: &Criterion) -> bool {
    matches!(&c.method, Method::Ratio { indicator: Some(_), .. } | Method::Lateness { .. })
}

fn info(stored: &StoredScoringTable, table: &ScoringTable, in_use: bool) -> ScoringTableInfo {
    ScoringTableInfo {
        code: stored.code.clone(),
        version: stored.version as u32,
        name: stored.name.clone(),
        criteria: table.criteria().count() as u32,
        standard_total: table.standard_total().to_text(),
        stored_on: crate::wording::day(&stored.created_at),
        in_use,
    }
}

fn parse_stored(stored: &StoredScoringTable) -> Result<ScoringTable, ApiError> {
    ScoringTable::from_json(&stored.body)
        .map_err(|e| ApiError::refused(format!("Bảng tiêu chí {} đã lưu không đọc được: {e}", stored.code)))
}

impl Workspace {
    /// Every stored table, the one in use marked.
    pub fn scoring_tables(&self) -> Result<Vec<ScoringTableInfo>, ApiError> {
        let stored = self.store.read().scoring_tables()?;
        let me = self.installation()?.unit.id;
        let in_use = in_use_of(&stored, me).map(|t| (t.code.clone(), t.version));
        stored.iter().map(|s| Ok(info(s, &parse_stored(s)?, in_use.as_ref() == Some(&(s.code.clone(), s.version))))).collect()
    }

    /// The table the units below are scored with: the one this unit stored last, else the one
    /// its upper level sent last (passed down as it came); `None` before any is.
    pub(crate) fn table_in_use(&self) -> Result<Option<(ScoringTableInfo, ScoringTable)>, ApiError> {
        let stored = self.store.read().scoring_tables()?;
        let me = self.installation()?.unit.id;
        in_use_of(&stored, me).map(|s| parse_stored(s).map(|t| (info(s, &t, true), t))).transpose()
    }

    /// The table this unit scores itself with: the one its upper level sent last.
    pub(crate) fn table_from_above(&self) -> Result<Option<(ScoringTableInfo, ScoringTable)>, ApiError> {
        let Some(parent) = self.installation()?.parent.map(|p| p.id) else { return Ok(None) };
        let stored = self.store.read().scoring_tables()?;
        let me = self.installation()?.unit.id;
        let in_use = in_use_of(&stored, me).map(|t| (t.code.clone(), t.version));
        newest(stored.iter().filter(|t| t.issued_by_unit_id == Some(parent)))
            .map(|s| parse_stored(s).map(|t| (info(s, &t, in_use == Some((s.code.clone(), s.version))), t)))
            .transpose()
    }

    /// The table in use, criterion by criterion.
    pub fn scoring_table(&self) -> Result<ScoringTableView, ApiError> {
        let (info, table) = self.table_in_use()?.ok_or_else(no_table)?;
        Ok(table_view(info, &table))
    }

    /// Stores a table read from `path`: the JSON of `assets/scoring/` or a workbook in the
    /// layout [`Workspace::export_scoring_table`] writes. A wrong cell is refused with its
    /// address, and nothing is stored.
    pub fn import_scoring_table(&mut self, path: &Path) -> Result<ScoringTableInfo, ApiError> {
        let bytes = read_input(path)?;
        let file = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let table = if file.to_lowercase().ends_with(".json") {
            let text = String::from_utf8(bytes).map_err(|_| ApiError::refused(format!("Tệp {file} không phải văn bản UTF-8.")))?;
            ScoringTable::from_json(&text).map_err(|e| ApiError::refused(format!("Tệp {file}: {e}")))?
        } else {
            table_from_workbook(&file, bytes)?
        };
        self.store_scoring_table(table)
    }

    /// The table in use as its JSON, for the editor in the window.
    pub fn scoring_table_json(&self) -> Result<String, ApiError> {
        let (_, table) = self.table_in_use()?.ok_or_else(no_table)?;
        serde_json::to_string(&table).map_err(|e| ApiError::refused(e.to_string()))
    }

    /// Stores a table edited in the window (its JSON), as a new version: the table's checks
    /// name the criterion that is wrong, and a version already stored with another content is
    /// refused.
    pub fn save_scoring_table_json(&mut self, json: &str) -> Result<ScoringTableInfo, ApiError> {
        let table = ScoringTable::from_json(json).map_err(|e| ApiError::refused(format!("{e} Bảng tiêu chí chưa được lưu.")))?;
        self.store_scoring_table(table)
    }

    /// Stores the example table shipped with the program (for an office without its own yet).
    pub fn use_example_scoring_table(&mut self) -> Result<ScoringTableInfo, ApiError> {
        let table = ScoringTable::from_json(EXAMPLE_TABLE).map_err(|e| ApiError::refused(e.to_string()))?;
        self.store_scoring_table(table)
    }

    pub(crate) fn store_scoring_table(&mut self, table: ScoringTable) -> Result<ScoringTableInfo, ApiError> {
        table.check().map_err(|e| ApiError::refused(e.to_string()))?;
        let me = self.installation()?.unit.id;
        let body = serde_json::to_string(&table).map_err(|e| ApiError::refused(e.to_string()))?;
        let stored = StoredScoringTable {
            code: thidua_text::clean(&table.code),
            version: table.version as i64,
            name: thidua_text::clean(&table.name),
            body,
            issued_by_unit_id: Some(me),
            created_at: String::new(),
        };
        self.store.write("nhập bảng tiêu chí", |w| w.insert_scoring_table(&stored))?;
        self.scoring_tables()?
            .into_iter()
            .find(|t| t.code == stored.code && t.version as i64 == stored.version)
            .ok_or_else(|| ApiError::refused("Bảng tiêu chí vừa lưu không đọc lại được."))
    }

    /// Writes the table in use to `dest`: a workbook (.xlsx) the office can discuss and send
    /// back, or the JSON (.json).
    pub fn export_scoring_table(&self, dest: &Path) -> Result<(), ApiError> {
        let (_, table) = self.table_in_use()?.ok_or_else(no_table)?;
        let bytes = if dest.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")) {
            serde_json::to_vec_pretty(&table).map_err(|e| ApiError::refused(e.to_string()))?
        } else {
            thidua_excel::workbook(&table_sheets(&table)).map_err(|e| ApiError::refused(e.to_string()))?
        };
        crate::files::write_atomically(dest, &bytes)
    }
}

fn no_table() -> ApiError {
    ApiError::refused(
        "Chưa có bảng tiêu chí chấm điểm: hãy nhập bảng của đơn vị (tệp .xlsx hoặc .json) hoặc dùng bảng mẫu «Đoàn kết sáng tạo» rồi chấm điểm.",
    )
}

/// The table stored last (the newest version of the newest table).
fn newest<'a>(stored: impl Iterator<Item = &'a StoredScoringTable>) -> Option<&'a StoredScoringTable> {
    stored.max_by(|a, b| a.created_at.cmp(&b.created_at).then(a.version.cmp(&b.version)))
}

/// The table `me` scores its units with: its own newest, else the newest it was sent.
fn in_use_of(stored: &[StoredScoringTable], me: thidua_model::RecordId) -> Option<&StoredScoringTable> {
    newest(stored.iter().filter(|t| t.issued_by_unit_id == Some(me))).or_else(|| newest(stored.iter()))
}

pub(crate) fn table_view(info: ScoringTableInfo, table: &ScoringTable) -> ScoringTableView {
    let criteria = table
        .groups
        .iter()
        .flat_map(|g| {
            g.criteria.iter().map(move |c| {
                let (method, entry_hint) = method_label(c);
                CriterionView {
                    group_code: g.code.clone(),
                    group_name: g.name.clone(),
                    code: c.code.clone(),
                    name: c.name.clone(),
                    standard: if c.standard == Points::ZERO { String::new() } else { c.standard.to_text() },
                    method,
                    entry_hint,
                    from_data: from_data(c),
                }
            })
        })
        .collect();
    ScoringTableView {
        info,
        criteria,
        classes: table.classes.iter().map(|k| format!("{} từ {} điểm", k.label, k.min.to_text())).collect(),
        rules: format!(
            "Vượt chỉ tiêu 1% được thưởng 1% điểm chuẩn của tiêu chí, tối đa {}% điểm chuẩn; tổng điểm thưởng vượt chỉ tiêu không quá {} điểm.",
            table.rules.excess_bonus_cap_percent,
            table.rules.quantitative_bonus_cap.to_text()
        ),
    }
}

// The workbook: a sheet of criteria, one row each, and a sheet of the rules and classes. The
// method is written in words a clerk reads and types; the import accepts them without accents.

const HEADERS: [&str; 13] = [
    "Nhóm",
    "Tên nhóm",
    "Mã tiêu chí",
    "Tiêu chí",
    "Điểm chuẩn",
    "Cách chấm",
    "Chỉ tiêu (mã)",
    "Thấp hơn là tốt",
    "Điểm loại B",
    "Điểm loại C",
    "Điểm loại D",
    "Mức chậm (ngày: điểm trừ)",
    "Điểm cộng/trừ",
];

const METHODS: [(&str, &str); 6] = [
    ("ratio", "tỷ lệ"),
    ("graded", "xếp loại"),
    ("lateness", "chậm hạn"),
    ("bonus", "cộng điểm"),
    ("penalty", "trừ điểm"),
    ("manual", "chấm tay"),
];

fn points_cell(p: Points) -> Cell {
    if p.0 % 100 == 0 { Cell::Number(p.0 / 100) } else { Cell::Hundredths(p.0) }
}

fn table_sheets(table: &ScoringTable) -> Vec<Sheet> {
    let text = |s: &str| Cell::Text(s.to_owned());
    let mut rows = Vec::new();
    for g in &table.groups {
        for c in &g.criteria {
            let mut row = vec![text(&g.code), text(&g.name), text(&c.code), text(&c.name), points_cell(c.standard)];
            let mut extra = vec![Cell::Empty; 7];
            let kind = match &c.method {
                Method::Ratio { indicator, lower_is_better } => {
                    extra[0] = indicator.as_deref().map(text).unwrap_or(Cell::Empty);
                    extra[1] = if *lower_is_better { text("có") } else { Cell::Empty };
                    "ratio"
                }
                Method::Graded { b, c, d } => {
                    (extra[2], extra[3], extra[4]) = (points_cell(*b), points_cell(*c), points_cell(*d));
                    "graded"
                }
                Method::Lateness { steps } => {
                    let steps: Vec<String> = steps.iter().map(|s| format!("{}: {}", s.from_days, s.points.to_text())).collect();
                    extra[5] = text(&steps.join("; "));
                    "lateness"
                }
                Method::Bonus { points } => {
                    extra[6] = points_cell(*points);
                    "bonus"
                }
                Method::Penalty { points } => {
                    extra[6] = points_cell(*points);
                    "penalty"
                }
                Method::Manual => "manual",
            };
            row.push(text(METHODS.iter().find(|(k, _)| *k == kind).map(|(_, w)| *w).unwrap_or(kind)));
            row.extend(extra);
            rows.push(row);
        }
    }
    let numeric = |h: &str| h.starts_with("Điểm");
    let criteria = Sheet {
        name: CRITERIA_SHEET.into(),
        title: vec![table.name.to_uppercase(), format!("Mã bảng: {} – phiên bản {}", table.code, table.version)],
        columns: HEADERS.iter().map(|h| Column { header: (*h).into(), numeric: numeric(h) }).collect(),
        rows,
        total: None,
    };
    let mut rules = vec![
        vec![text("Mã bảng"), text(&table.code)],
        vec![text("Phiên bản"), Cell::Number(table.version as i64)],
        vec![text("Tên bảng"), text(&table.name)],
        vec![text("Thưởng vượt chỉ tiêu tối đa (% điểm chuẩn)"), Cell::Number(table.rules.excess_bonus_cap_percent as i64)],
        vec![text("Tổng điểm thưởng vượt chỉ tiêu tối đa"), points_cell(table.rules.quantitative_bonus_cap)],
    ];
    rules.extend(table.classes.iter().map(|k| vec![text(&format!("Xếp loại: {}", k.label)), points_cell(k.min)]));
    let rules = Sheet {
        name: RULES_SHEET.into(),
        title: vec!["QUY ĐỊNH CHẤM ĐIỂM VÀ XẾP LOẠI".into(), "Xếp loại: số điểm tối thiểu, từ cao xuống thấp".into()],
        columns: vec![Column { header: "Mục".into(), numeric: false }, Column { header: "Giá trị".into(), numeric: false }],
        rows: rules,
        total: None,
    };
    vec![criteria, rules]
}

/// The row whose first cell reads `first` (accents and case aside): the header row.
fn header_row(grid: &read::Grid, first: &str) -> Option<u32> {
    (0..grid.rows.len() as u32).find(|&r| search_key(&grid.get(r, 0).shown()) == first)
}

fn cell_points(v: &read::Value) -> Result<Points, String> {
    match v {
        read::Value::Number(n) => {
            let hundredths = (n * 100.0).round();
            if (n * 100.0 - hundredths).abs() > 1e-6 || hundredths.abs() > 1e12 {
                return Err(format!("số điểm {n} có quá hai chữ số thập phân"));
            }
            Ok(Points(hundredths as i64))
        }
        v => v.shown().parse::<Points>(),
    }
}

fn table_from_workbook(file: &str, bytes: Vec<u8>) -> Result<ScoringTable, ApiError> {
    let mut book = read::open(file, bytes).map_err(|e| ApiError::refused(e.to_string()))?;
    let grid = |book: &mut read::Book, name: &str| {
        book.grid(name).map_err(|_| {
            ApiError::refused(format!(
                "Tệp {file} không có trang «{name}»: hãy dùng tệp xuất từ Thi đua (Thi đua – Khen thưởng › Bảng tiêu chí › Xuất Excel) làm mẫu."
            ))
        })
    };
    let criteria = grid(&mut book, CRITERIA_SHEET)?;
    let rules_grid = grid(&mut book, RULES_SHEET)?;
    let mut errors: Vec<FieldError> = Vec::new();

    // The rules sheet: "Mục" | "Giá trị".
    let mut code = String::new();
    let mut version = 0u32;
    let mut name = String::new();
    let mut cap_percent = None;
    let mut bonus_cap = None;
    let mut classes = Vec::new();
    match header_row(&rules_grid, "muc") {
        None => errors.push(cell_error(RULES_SHEET, 0, 0, "không thấy dòng tiêu đề «Mục | Giá trị»")),
        Some(h) => {
            for r in h + 1..rules_grid.rows.len() as u32 {
                let key = rules_grid.get(r, 0).shown();
                let value = rules_grid.get(r, 1);
                let fail = |errors: &mut Vec<FieldError>, m: &str| errors.push(cell_error(RULES_SHEET, r, 1, m));
                match search_key(&key).as_str() {
                    "" => {}
                    "ma bang" => code = thidua_text::clean(&value.shown()),
                    "ten bang" => name = thidua_text::clean(&value.shown()),
                    "phien ban" => match value.shown().trim().parse::<u32>() {
                        Ok(v) if v >= 1 => version = v,
                        _ => fail(&mut errors, "phiên bản là số nguyên từ 1"),
                    },
                    k if k.starts_with("thuong vuot chi tieu toi da") => match value.shown().trim().parse::<u32>() {
                        Ok(v) if v <= 100 => cap_percent = Some(v),
                        _ => fail(&mut errors, "mức thưởng là số phần trăm từ 0 đến 100"),
                    },
                    k if k.starts_with("tong diem thuong") => match cell_points(value) {
                        Ok(p) => bonus_cap = Some(p),
                        Err(e) => fail(&mut errors, &e),
                    },
                    k if k.starts_with("xep loai") => {
                        let label = key.split_once(':').map(|(_, l)| thidua_text::clean(l)).unwrap_or_default();
                        match cell_points(value) {
                            Ok(min) if !label.is_empty() => classes.push(Class { label, min }),
                            Ok(_) => errors.push(cell_error(RULES_SHEET, r, 0, "ghi «Xếp loại: tên loại», ví dụ «Xếp loại: Xuất sắc»")),
                            Err(e) => fail(&mut errors, &e),
                        }
                    }
                    _ => errors.push(cell_error(RULES_SHEET, r, 0, &format!("mục «{key}» không có trong quy định"))),
                }
            }
            for (missing, what) in [(code.is_empty(), "Mã bảng"), (name.is_empty(), "Tên bảng"), (version == 0, "Phiên bản")] {
                if missing {
                    errors.push(cell_error(RULES_SHEET, h, 0, &format!("thiếu dòng «{what}»")));
                }
            }
        }
    }

    // The criteria sheet.
    let mut groups: Vec<Group> = Vec::new();
    match header_row(&criteria, "nhom") {
        None => errors.push(cell_error(CRITERIA_SHEET, 0, 0, "không thấy dòng tiêu đề bắt đầu bằng «Nhóm»")),
        Some(h) => {
            for (c, expected) in HEADERS.iter().enumerate() {
                if search_key(&criteria.get(h, c as u32).shown()) != search_key(expected) {
                    errors.push(cell_error(CRITERIA_SHEET, h, c as u32, &format!("cột này phải là «{expected}»")));
                }
            }
            for r in h + 1..criteria.rows.len() as u32 {
                let at = |c: u32| criteria.get(r, c);
                if (0..HEADERS.len() as u32).all(|c| at(c).is_empty()) {
                    continue;
                }
                let text = |c: u32| thidua_text::clean(&at(c).shown());
                let mut fail = |c: u32, m: &str| errors.push(cell_error(CRITERIA_SHEET, r, c, m));
                let points = |c: u32, fail: &mut dyn FnMut(u32, &str)| -> Points {
                    if at(c).is_empty() {
                        return Points::ZERO;
                    }
                    cell_points(at(c)).unwrap_or_else(|e| {
                        fail(c, &e);
                        Points::ZERO
                    })
                };
                let (group_code, group_name, code, crit_name) = (text(0), text(1), text(2), text(3));
                for (c, v) in [(0, &group_code), (2, &code), (3, &crit_name)] {
                    if v.is_empty() {
                        fail(c, "ô này không được để trống");
                    }
                }
                let standard = points(4, &mut fail);
                let kind = METHODS.iter().find(|(_, w)| search_key(w) == search_key(&text(5))).map(|(k, _)| *k);
                let method = match kind {
                    Some("ratio") => Method::Ratio {
                        indicator: Some(text(6)).filter(|s| !s.is_empty()),
                        lower_is_better: matches!(search_key(&text(7)).as_str(), "co" | "x"),
                    },
                    Some("graded") => Method::Graded { b: points(8, &mut fail), c: points(9, &mut fail), d: points(10, &mut fail) },
                    Some("lateness") => {
                        let mut steps = Vec::new();
                        for part in text(11).split(';').map(str::trim).filter(|p| !p.is_empty()) {
                            let step = part
                                .split_once(':')
                                .and_then(|(d, p)| Some(LateStep { from_days: d.trim().parse().ok()?, points: p.parse().ok()? }));
                            match step {
                                Some(s) => steps.push(s),
                                None => fail(11, &format!("«{part}» không đúng dạng «số ngày: điểm trừ», ví dụ «5: 5; 10: 10»")),
                            }
                        }
                        Method::Lateness { steps }
                    }
                    Some("bonus") => Method::Bonus { points: points(12, &mut fail) },
                    Some("penalty") => Method::Penalty { points: points(12, &mut fail) },
                    Some(_) => Method::Manual,
                    None => {
                        let words: Vec<&str> = METHODS.iter().map(|(_, w)| *w).collect();
                        fail(5, &format!("cách chấm phải là một trong: {}", words.join(", ")));
                        continue;
                    }
                };
                let criterion = Criterion { code, name: crit_name, standard, method };
                match groups.iter_mut().find(|g| g.code == group_code) {
                    Some(g) => g.criteria.push(criterion),
                    None => groups.push(Group { code: group_code, name: group_name, criteria: vec![criterion] }),
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(refuse_with(file, errors, thidua_guide::topics::YEAR_END));
    }
    let table = ScoringTable {
        code,
        version,
        name,
        rules: Rules {
            excess_bonus_cap_percent: cap_percent.unwrap_or(10),
            quantitative_bonus_cap: bonus_cap.unwrap_or(Points::whole(20)),
        },
        groups,
        classes,
    };
    table.check().map_err(|e| ApiError::refused(format!("Tệp {file}: {e} Hãy sửa trong tệp rồi nhập lại.")))?;
    Ok(table)
}
