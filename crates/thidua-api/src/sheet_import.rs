//! Registers kept in any spreadsheet (.xlsx, .xls, .ods) brought into the program: the clerk
//! picks the sheet and the header row (guessed: title rows above it, merged and multi-line
//! headers are normal), maps columns to fields (guessed from the header text), gives a value
//! for fields the sheet lacks, previews, and imports.
//!
//! Promises: every data row is checked; any wrong cell refuses the whole file with its sheet
//! and cell, and nothing is written. Rows identical to a record already kept are skipped, so
//! importing the same file twice adds nothing.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use thidua_excel::read::{self, Grid, column_name};
use thidua_model::{FieldSpec, RegisterKind, validate_fields};
use thidua_text::search_key;
use ts_rs::TS;

use crate::excel::{TextEncoding, cell_error, cell_value, read_input, refuse_with, sheet_fields};
use crate::{ApiError, FieldError, Workspace};

/// Rows looked at when guessing the header.
const HEADER_SEARCH_ROWS: u32 = 30;
/// Rows shown in a preview.
const SAMPLE_ROWS: usize = 8;

/// How to read a sheet as a register. Unset parts are guessed.
#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct SheetImportOptions {
    pub kind: Option<RegisterKind>,
    pub sheet: Option<String>,
    /// 1-based, as the spreadsheet numbers rows.
    pub header_row: Option<u32>,
    /// Field → column letter ("C"); replaces the guess for that field. An empty letter unmaps.
    #[serde(default)]
    pub mapping: BTreeMap<String, String>,
    /// Field → value for every row, for fields the sheet has no column for.
    #[serde(default)]
    pub constants: BTreeMap<String, String>,
    #[serde(default)]
    pub encoding: TextEncoding,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct SheetColumn {
    /// "C".
    pub column: String,
    pub header: String,
    /// The field it is mapped to, if any.
    pub field: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct SheetField {
    pub name: String,
    pub label: String,
    pub required: bool,
    /// The column it reads from ("C"), or none.
    pub column: Option<String>,
    pub constant: String,
}

/// What the clerk sees before importing.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SheetPreview {
    pub file_name: String,
    pub kind: RegisterKind,
    pub sheets: Vec<String>,
    pub sheet: String,
    pub header_row: u32,
    pub columns: Vec<SheetColumn>,
    pub fields: Vec<SheetField>,
    /// The first data rows as the register will hold them (field labels → text).
    pub sample: Vec<Vec<String>>,
    pub data_rows: u32,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct SheetImportOutcome {
    pub preview: SheetPreview,
    pub added: u32,
    /// Rows equal to a record already kept.
    pub already_kept: u32,
    pub applied: bool,
    pub summary: String,
}

/// Other words for a field's header, folded, as other systems' templates write them.
fn synonyms(kind: RegisterKind, field: &str) -> &'static [&'static str] {
    use RegisterKind::*;
    match (kind, field) {
        (Initiative, "title") => &["ten sang kien", "ten de tai", "ten y tuong", "sang kien", "de tai"],
        (Initiative, "authors") => &["tac gia", "ten tac gia", "nguoi de xuat"],
        (Initiative, "registered_on") => &["ngay dang ky", "ngay cong nhan", "ngay"],
        (Initiative, "status") => &["tinh trang", "trang thai"],
        (Initiative, "recognition_body") => &["don vi cong nhan", "co quan cong nhan", "noi cong nhan"],
        (Initiative, "field") => &["linh vuc"],
        (Initiative, "effectiveness") => &["hieu qua", "tom tat thanh tich", "thanh tich"],
        (Initiative, "applied_at") => &["noi ap dung", "don vi ap dung", "ten co quan lam viec"],
        (Model, "name") => &["ten mo hinh", "mo hinh"],
        (Model, "started_on") => &["ngay bat dau", "ngay xay dung", "ngay"],
        (Activity, "title") => &["noi dung", "ten hoat dong"],
        (Activity, "held_on") => &["ngay to chuc", "ngay"],
        (Activity, "sessions") => &["so buoi", "so cuoc"],
        (Activity, "participants") => &["so nguoi", "so luot", "nguoi tham gia"],
        (OcopLink, "product") => &["san pham", "ten san pham"],
        (OcopLink, "producer") => &["chu the", "co so san xuat", "chu the san xuat"],
        (OcopLink, "stars") => &["hang sao", "so sao"],
        (Resource, "donor") => &["nha tai tro", "don vi ho tro", "to chuc, ca nhan", "ten to chuc"],
        (Resource, "amount") => &["so tien", "gia tri", "thanh tien"],
        (Resource, "received_on") => &["ngay tiep nhan", "ngay nhan", "ngay"],
        (Commendation, "recipient") => &["ten tap the", "ho va ten", "ten ca nhan", "ten don vi", "doi tuong duoc khen"],
        (Commendation, "recipient_kind") => &["phan loai khen thuong", "loai khen thuong", "doi tuong"],
        (Commendation, "form") => &["hinh thuc khen thuong", "hinh thuc", "danh hieu"],
        (Commendation, "decision_number") => &["so quyet dinh", "so qd"],
        (Commendation, "decided_on") => &["ngay quyet dinh", "ngay ky", "ngay"],
        (Commendation, "issuing_body") => &["co quan quyet dinh", "cap khen", "don vi khen"],
        (Commendation, "reason") => &["thanh tich", "tom tat thanh tich", "ly do"],
        _ => &[],
    }
}

/// How well a header names a field: 0 (not at all) to 4 (its label exactly).
fn header_score(kind: RegisterKind, f: &FieldSpec, header: &str) -> u32 {
    let h = search_key(&header.replace('*', " "));
    if h.is_empty() {
        return 0;
    }
    let label = search_key(f.label);
    if h == label {
        return 4;
    }
    let words = synonyms(kind, f.name);
    if words.contains(&h.as_str()) {
        return 3;
    }
    if words.iter().any(|w| w.len() > 4 && h.starts_with(w)) || (label.len() > 4 && h.starts_with(&label)) {
        return 2;
    }
    u32::from(words.iter().any(|w| w.len() > 4 && h.contains(w)))
}

/// A column's header: its cell, or the merged area's first cell above it, joined with the row
/// above when that row is a merged group heading ("Ngày" over "Đăng ký").
fn header_text(grid: &Grid, row: u32, col: u32) -> String {
    let own = |r: u32| match grid.merged_at(r, col) {
        Some(m) => grid.get(m.first.0, m.first.1).shown(),
        None => grid.get(r, col).shown(),
    };
    let mut text = own(row);
    if row > 0
        && let Some(m) = grid.merged_at(row - 1, col)
        && m.first.1 != m.last.1
        && m.last.0 == row - 1
    {
        let group = grid.get(m.first.0, m.first.1).shown();
        if !group.is_empty() && group != text {
            text = format!("{group} {text}");
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Guesses the header row: the one among the first rows whose cells best name the fields.
fn guess_header(kind: RegisterKind, grid: &Grid) -> u32 {
    let fields = sheet_fields(kind);
    let width = grid.width() as u32;
    let mut best = (0, 0, 0u32);
    for r in 0..HEADER_SEARCH_ROWS.min(grid.rows.len() as u32) {
        let headers: Vec<String> = (0..width).map(|c| header_text(grid, r, c)).collect();
        let score: u32 = fields.iter().map(|f| headers.iter().map(|h| header_score(kind, f, h)).max().unwrap_or(0)).sum();
        let texts = (0..width).filter(|c| matches!(grid.get(r, *c), read::Value::Text(t) if !t.trim().is_empty())).count() as u32;
        if (score, texts) > (best.0, best.1) {
            best = (score, texts, r);
        }
    }
    best.2
}

/// Maps fields to columns: the best-scoring pairs first, each field and column used once.
fn guess_mapping(kind: RegisterKind, headers: &[String]) -> BTreeMap<String, u32> {
    let mut pairs: Vec<(u32, usize, u32)> = Vec::new();
    for (fi, f) in sheet_fields(kind).iter().enumerate() {
        for (c, h) in headers.iter().enumerate() {
            let s = header_score(kind, f, h);
            if s > 0 {
                pairs.push((s, fi, c as u32));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.2.cmp(&b.2)));
    let fields = sheet_fields(kind);
    let mut out = BTreeMap::new();
    let mut used = Vec::new();
    for (_, fi, c) in pairs {
        let name = fields[fi].name.to_owned();
        if !out.contains_key(&name) && !used.contains(&c) {
            used.push(c);
            out.insert(name, c);
        }
    }
    out
}

fn column_index(letters: &str) -> Option<u32> {
    let letters = letters.trim().to_uppercase();
    if letters.is_empty() || letters.len() > 3 || !letters.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    Some(letters.bytes().fold(0u32, |n, b| n * 26 + (b - b'A' + 1) as u32) - 1)
}

/// A row that only numbers the columns ("(1)", "(2)"… or 1, 2, 3…) under a header.
fn is_numbering_row(grid: &Grid, row: u32) -> bool {
    let cells: Vec<String> = (0..grid.width() as u32).map(|c| grid.get(row, c).shown()).filter(|s| !s.trim().is_empty()).collect();
    cells.len() >= 2 && cells.iter().enumerate().all(|(i, s)| s.trim().trim_matches(['(', ')']) == (i + 1).to_string())
}

struct ReadSheet {
    preview: SheetPreview,
    /// (row, raw fields) of every data row.
    rows: Vec<(u32, Map<String, Value>)>,
    grid: Grid,
    mapping: BTreeMap<String, u32>,
}

impl Workspace {
    /// Reads a spreadsheet as a register, guessing what the options leave out; writes nothing.
    pub fn inspect_sheet(&self, path: &Path, options: &SheetImportOptions) -> Result<SheetPreview, ApiError> {
        Ok(read_sheet(path, options)?.preview)
    }

    /// Imports a spreadsheet's rows into a register of this unit (or checks them, with `dry_run`).
    pub fn import_sheet(&mut self, path: &Path, options: &SheetImportOptions, dry_run: bool) -> Result<SheetImportOutcome, ApiError> {
        let sheet = read_sheet(path, options)?;
        let kind = sheet.preview.kind;
        let fields = sheet_fields(kind);
        let mut errors: Vec<FieldError> = Vec::new();
        let mut records = Vec::new();
        for (row, raw) in &sheet.rows {
            // A cell that cannot be read says why; the field's own check would only say "missing".
            let unreadable = sheet.cell_errors(*row, options.encoding);
            let before = errors.len();
            errors.extend(unreadable.iter().map(|(_, e)| e.clone()));
            match validate_fields(kind, raw, false) {
                Ok(valid) if errors.len() == before => records.push(valid),
                Ok(_) => {}
                Err(field_errors) => {
                    for e in field_errors.into_iter().filter(|e| !unreadable.iter().any(|(f, _)| *f == e.field)) {
                        let message = e.message.trim_end_matches('.').to_owned();
                        match sheet.mapping.get(&e.field) {
                            Some(c) => errors.push(cell_error(&sheet.preview.sheet, *row, *c, &message)),
                            None => errors.push(FieldError {
                                field: format!("Sheet '{}', dòng {}", sheet.preview.sheet, row + 1),
                                message: format!("{message} (không có cột nào cho trường này: hãy chọn cột hoặc nhập giá trị chung)"),
                            }),
                        }
                    }
                }
            }
        }
        if !errors.is_empty() {
            return Err(refuse_with(&sheet.preview.file_name, errors, thidua_guide::topics::SHEET_IMPORT));
        }
        let unit = self.installation()?.unit.id;
        let names: Vec<&str> = fields.iter().map(|f| f.name).collect();
        let own = |m: &Map<String, Value>| -> Map<String, Value> {
            names.iter().filter_map(|n| m.get(*n).map(|v| ((*n).to_owned(), v.clone()))).collect()
        };
        let mut kept: Vec<Map<String, Value>> = self.store.read().records(kind, Some(unit))?.iter().map(|r| own(&r.fields)).collect();
        let mut new = Vec::new();
        let mut already = 0;
        for r in records {
            if kept.contains(&own(&r)) {
                already += 1;
            } else {
                kept.push(own(&r));
                new.push(r);
            }
        }
        let added = new.len() as u32;
        let summary = format!(
            "{}: {added} bản ghi {} vào sổ «{}»{}",
            sheet.preview.file_name,
            if dry_run { "sẽ được thêm" } else { "đã thêm" },
            kind.label(),
            if already > 0 { format!(", {already} dòng đã có trong sổ nên bỏ qua") } else { String::new() }
        );
        let applied = !dry_run && added > 0;
        if applied {
            // Backed up only now that every row passed and something will be written.
            self.backup_before_import()?;
            let actor = self.actor()?;
            self.store.write(&actor, |w| {
                for mut r in new {
                    r.insert("source".into(), Value::from("spreadsheet"));
                    w.insert_record(kind, unit, &r)?;
                }
                Ok(())
            })?;
        }
        Ok(SheetImportOutcome { preview: sheet.preview, added, already_kept: already, applied, summary })
    }
}

impl ReadSheet {
    /// The cells of a row whose value cannot be their field's value (error cells, fractions
    /// in counts, …), with the field each belongs to.
    fn cell_errors(&self, row: u32, encoding: TextEncoding) -> Vec<(String, FieldError)> {
        let kind = self.preview.kind;
        let mut errors = Vec::new();
        for (name, c) in &self.mapping {
            let Some(f) = kind.field(name) else { continue };
            if let Err(m) = cell_value(f, self.grid.get(row, *c), self.grid.formula(row, *c), encoding) {
                errors.push((name.clone(), cell_error(&self.preview.sheet, row, *c, &m)));
            }
        }
        errors
    }
}

fn read_sheet(path: &Path, options: &SheetImportOptions) -> Result<ReadSheet, ApiError> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let kind = options.kind.ok_or_else(|| ApiError::refused("Hãy chọn sổ cần nhập (sáng kiến, mô hình, hoạt động…)."))?;
    let mut book = read::open(&name, read_input(path)?).map_err(|e| ApiError::refused(e.to_string()))?;
    let sheets: Vec<String> = book.sheets().iter().filter(|s| !s.hidden).map(|s| s.name.clone()).collect();
    let sheet = match &options.sheet {
        Some(s) if book.sheets().iter().any(|x| &x.name == s) => s.clone(),
        Some(s) => return Err(ApiError::refused(format!("Tệp {name} không có trang «{s}»; các trang: {}.", sheets.join(", ")))),
        None => sheets.first().cloned().ok_or_else(|| ApiError::refused(format!("Tệp {name} không có trang nào.")))?,
    };
    let grid = book.grid(&sheet).map_err(|e| ApiError::refused(e.to_string()))?;
    if grid.rows.is_empty() {
        return Err(ApiError::refused(format!("Trang «{sheet}» của tệp {name} trống.")));
    }
    let header = match options.header_row {
        Some(0) => return Err(ApiError::refused("Dòng tiêu đề đánh số từ 1.")),
        Some(n) if n as usize > grid.rows.len() => {
            return Err(ApiError::refused(format!("Trang «{sheet}» chỉ có {} dòng, không có dòng {n}.", grid.rows.len())));
        }
        Some(n) => n - 1,
        None => guess_header(kind, &grid),
    };
    let width = grid.width() as u32;
    let headers: Vec<String> = (0..width).map(|c| header_text(&grid, header, c)).collect();
    let mut mapping = guess_mapping(kind, &headers);
    for (field, letters) in &options.mapping {
        if kind.field(field).is_none() {
            return Err(ApiError::refused(format!("Sổ «{}» không có trường «{field}».", kind.label())));
        }
        mapping.retain(|f, c| f != field && Some(*c) != column_index(letters));
        if !letters.trim().is_empty() {
            let c = column_index(letters).ok_or_else(|| ApiError::refused(format!("«{letters}» không phải tên cột (ví dụ C hoặc AB).")))?;
            mapping.insert(field.clone(), c);
        }
    }
    let fields = sheet_fields(kind);
    let mut rows = Vec::new();
    let mut sample = Vec::new();
    for r in header + 1..grid.rows.len() as u32 {
        let mapped_empty = mapping.values().all(|c| grid.get(r, *c).is_empty());
        if mapped_empty || is_numbering_row(&grid, r) {
            continue;
        }
        let mut raw = Map::new();
        for f in &fields {
            let value = match mapping.get(f.name) {
                Some(c) => cell_value(f, grid.get(r, *c), None, options.encoding).unwrap_or(Value::Null),
                None => options.constants.get(f.name).map_or(Value::Null, |v| Value::from(v.clone())),
            };
            if !value.is_null() {
                raw.insert(f.name.to_owned(), value);
            }
        }
        if sample.len() < SAMPLE_ROWS {
            let valid = validate_fields(kind, &raw, true).unwrap_or_default();
            sample.push(fields.iter().map(|f| crate::wording::cell(f, valid.get(f.name).or(raw.get(f.name)))).collect());
        }
        rows.push((r, raw));
    }
    let by_column: BTreeMap<u32, String> = mapping.iter().map(|(f, c)| (*c, f.clone())).collect();
    let preview = SheetPreview {
        file_name: name,
        kind,
        sheets,
        sheet,
        header_row: header + 1,
        columns: headers
            .iter()
            .enumerate()
            .filter(|(_, h)| !h.is_empty())
            .map(|(c, h)| SheetColumn { column: column_name(c as u32), header: h.clone(), field: by_column.get(&(c as u32)).cloned() })
            .collect(),
        fields: fields
            .iter()
            .map(|f| SheetField {
                name: f.name.into(),
                label: f.label.into(),
                required: f.required,
                column: mapping.get(f.name).map(|c| column_name(*c)),
                constant: options.constants.get(f.name).cloned().unwrap_or_default(),
            })
            .collect(),
        sample,
        data_rows: rows.len() as u32,
    };
    Ok(ReadSheet { preview, rows, grid, mapping })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_round_trip() {
        for c in [0, 3, 25, 26, 27, 701, 702] {
            assert_eq!(column_index(&column_name(c)), Some(c));
        }
        assert_eq!(column_index("1"), None);
        assert_eq!(column_index(""), None);
    }

    #[test]
    fn headers_of_other_systems_name_the_fields() {
        let kind = RegisterKind::Commendation;
        let headers: Vec<String> =
            ["STT", "Phân loại khen thưởng", "Tên tập thể/cá nhân/hộ gia đình", "Chức vụ", "Danh hiệu thi đua/Hình thức khen thưởng"]
                .iter()
                .map(|s| (*s).to_owned())
                .collect();
        let m = guess_mapping(kind, &headers);
        assert_eq!(m.get("recipient_kind"), Some(&1));
        assert_eq!(m.get("recipient"), Some(&2));
        assert_eq!(m.get("form"), Some(&4));
        assert_eq!(m.get("decided_on"), None);
    }
}
