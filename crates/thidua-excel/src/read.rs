//! Reading any spreadsheet a clerk may bring (.xlsx, .xlsm, .xls, .xlsb, .ods) into a grid of
//! typed cells, with what an import must know beyond the values: which cells hold formulas,
//! which are merged, which sheets are hidden.
//!
//! Promises: no input panics the caller or grows without bound. Files over [`MAX_FILE_BYTES`]
//! and sheets over [`MAX_ROWS`] rows are refused with a message (an .xlsx sheet is streamed
//! and refused as soon as it passes the limit, so a million-row sheet is never held whole);
//! a panic inside the parser is caught and reported as a damaged file. Dates come out as
//! calendar dates whichever epoch (1900 or 1904) the file uses.

use std::collections::HashMap;
use std::io::Cursor;

use calamine::{
    Data, DataRef, ExcelDateTime, ExcelDateTimeType, Ods, Reader, SheetVisible, Sheets, Xls, Xlsb, Xlsx, open_workbook_auto_from_rs,
    open_workbook_from_rs,
};

/// Larger files are not registers or report templates.
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;
/// More rows than any register of any unit keeps.
pub const MAX_ROWS: usize = 100_000;
/// Columns past this are ignored (no register has more than a few dozen).
pub const MAX_COLUMNS: usize = 200;

/// A cell's value as an import sees it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// A calendar date (year, month, day), from a date-formatted number or an ISO date.
    Date(i32, u8, u8),
    /// "#DIV/0!", "#N/A"…
    Error(String),
}

impl Value {
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// What the cell shows, roughly: for previews and messages.
    pub fn shown(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(t) => t.clone(),
            Value::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
            Value::Date(y, m, d) => format!("{d:02}/{m:02}/{y}"),
            Value::Error(e) => e.clone(),
        }
    }
}

/// A rectangle of merged cells, 0-based and inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merged {
    pub first: (u32, u32),
    pub last: (u32, u32),
}

/// One sheet read whole: rows from row 1 (index 0), columns from A.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    pub name: String,
    pub rows: Vec<Vec<Value>>,
    formulas: HashMap<(u32, u32), String>,
    pub merged: Vec<Merged>,
}

const EMPTY: Value = Value::Empty;

impl Grid {
    pub fn get(&self, row: u32, col: u32) -> &Value {
        self.rows.get(row as usize).and_then(|r| r.get(col as usize)).unwrap_or(&EMPTY)
    }

    /// The formula a cell holds, when it holds one (the value is then its cached result).
    pub fn formula(&self, row: u32, col: u32) -> Option<&str> {
        self.formulas.get(&(row, col)).map(String::as_str)
    }

    /// The merged area a cell is part of.
    pub fn merged_at(&self, row: u32, col: u32) -> Option<Merged> {
        self.merged.iter().copied().find(|m| (m.first.0..=m.last.0).contains(&row) && (m.first.1..=m.last.1).contains(&col))
    }

    pub fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }

    fn put(&mut self, row: u32, col: u32, value: Value) {
        let (r, c) = (row as usize, col as usize);
        if c >= MAX_COLUMNS || value == Value::Empty {
            return;
        }
        if self.rows.len() <= r {
            self.rows.resize_with(r + 1, Vec::new);
        }
        let line = &mut self.rows[r];
        if line.len() <= c {
            line.resize(c + 1, Value::Empty);
        }
        line[c] = value;
    }
}

/// A cell's address as a spreadsheet shows it: (6, 3) → "D7".
pub fn cell_name(row: u32, col: u32) -> String {
    let mut letters = String::new();
    let mut n = col + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.insert(0, (b'A' + rem as u8) as char);
        n = (n - 1) / 26;
    }
    format!("{letters}{}", row + 1)
}

/// A column's letters: 3 → "D".
pub fn column_name(col: u32) -> String {
    cell_name(0, col).trim_end_matches('1').to_owned()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetInfo {
    pub name: String,
    pub hidden: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error(
        "Tệp {name} có mật khẩu bảo vệ nên không đọc được. Hãy mở tệp bằng Excel, bỏ mật khẩu (Tệp › Thông tin › Bảo vệ sổ làm việc) rồi nhập lại."
    )]
    Encrypted { name: String },
    #[error(
        "Không đọc được tệp {name}: {detail}. Tệp có thể bị hỏng hoặc không phải bảng tính; hãy mở thử bằng Excel và lưu lại dạng .xlsx."
    )]
    Unreadable { name: String, detail: String },
    #[error("Tệp {name} không phải bảng tính (chỉ nhận .xlsx, .xls, .xlsm, .xlsb hoặc .ods).")]
    Unsupported { name: String },
    #[error("Tệp {name} quá lớn ({size} byte, tối đa 64 MB) để là một sổ theo dõi.")]
    TooLarge { name: String, size: usize },
    #[error("Trang «{sheet}» của tệp {name} có hơn {} dòng; hãy chia thành nhiều tệp nhỏ hơn rồi nhập từng tệp.", crate::grouped(*limit as i64))]
    TooManyRows { name: String, sheet: String, limit: usize },
    #[error("Tệp {name} không có trang «{sheet}».")]
    NoSheet { name: String, sheet: String },
}

/// An open workbook.
pub struct Book {
    name: String,
    inner: Sheets<Cursor<Vec<u8>>>,
    sheets: Vec<SheetInfo>,
}

/// Runs a parser step, turning a panic inside it into a refusal of the file.
fn guarded<T>(name: &str, step: impl FnOnce() -> Result<T, ReadError>) -> Result<T, ReadError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(step))
        .unwrap_or_else(|_| Err(ReadError::Unreadable { name: name.into(), detail: "nội dung tệp không đúng cấu trúc".into() }))
}

fn refusal(name: &str, detail: String) -> ReadError {
    if detail.contains("password protected") {
        ReadError::Encrypted { name: name.into() }
    } else {
        ReadError::Unreadable { name: name.into(), detail }
    }
}

/// Opens a spreadsheet from its bytes; `name` is the file's name, for messages and its type.
pub fn open(name: &str, bytes: Vec<u8>) -> Result<Book, ReadError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge { name: name.into(), size: bytes.len() });
    }
    let ext = std::path::Path::new(name).extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    if !matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "xlsb" | "ods") {
        return Err(ReadError::Unsupported { name: name.into() });
    }
    // An encrypted .xlsx is an OLE container holding "EncryptedPackage", not a zip.
    if matches!(ext.as_str(), "xlsx" | "xlsm" | "xlsb") && bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        let text = String::from_utf8_lossy(&bytes);
        let utf16: String = "EncryptedPackage".encode_utf16().flat_map(|u| u.to_le_bytes()).map(|b| b as char).collect();
        if text.contains(&utf16) {
            return Err(ReadError::Encrypted { name: name.into() });
        }
    }
    guarded(name, || {
        // By the extension first, so a protected file says so; then by content, for the
        // .xls that is really an .xlsx (a common renaming).
        let by_name = match ext.as_str() {
            "xls" => open_workbook_from_rs::<Xls<_>, _>(Cursor::new(bytes.clone())).map(Sheets::Xls).map_err(|e| e.to_string()),
            "xlsb" => open_workbook_from_rs::<Xlsb<_>, _>(Cursor::new(bytes.clone())).map(Sheets::Xlsb).map_err(|e| e.to_string()),
            "ods" => open_workbook_from_rs::<Ods<_>, _>(Cursor::new(bytes.clone())).map(Sheets::Ods).map_err(|e| e.to_string()),
            _ => open_workbook_from_rs::<Xlsx<_>, _>(Cursor::new(bytes.clone())).map(Sheets::Xlsx).map_err(|e| e.to_string()),
        };
        let inner = match by_name {
            Ok(book) => book,
            Err(first) if first.contains("password protected") => return Err(refusal(name, first)),
            Err(first) => open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|_| refusal(name, first))?,
        };
        let sheets = inner
            .sheets_metadata()
            .iter()
            .map(|s| SheetInfo { name: s.name.clone(), hidden: !matches!(s.visible, SheetVisible::Visible) })
            .collect();
        Ok(Book { name: name.into(), inner, sheets })
    })
}

fn date_of(dt: &ExcelDateTime) -> Value {
    if dt.is_duration() {
        return Value::Number(dt.as_f64());
    }
    let (y, m, d, ..) = dt.to_ymd_hms_milli();
    Value::Date(y as i32, m, d)
}

/// "2022-03-05" or "2022-03-05T00:00:00" → a date; anything else stays text.
fn iso_date(s: &str) -> Value {
    let day = s.get(..10).unwrap_or(s);
    let parts: Vec<&str> = day.split('-').collect();
    if let [y, m, d] = parts.as_slice()
        && let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u8>(), d.parse::<u8>())
    {
        return Value::Date(y, m, d);
    }
    Value::Text(s.to_owned())
}

fn from_data(d: &Data) -> Value {
    match d {
        Data::Empty => Value::Empty,
        Data::String(s) => Value::Text(s.clone()),
        Data::Int(n) => Value::Number(*n as f64),
        Data::Float(f) => Value::Number(*f),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(dt) => date_of(dt),
        Data::DateTimeIso(s) => iso_date(s),
        Data::DurationIso(s) => Value::Text(s.clone()),
        Data::Error(e) => Value::Error(e.to_string()),
    }
}

fn from_ref(d: DataRef<'_>) -> Value {
    match d {
        DataRef::Empty => Value::Empty,
        DataRef::String(s) => Value::Text(s),
        DataRef::SharedString(s) => Value::Text(s.to_owned()),
        DataRef::Int(n) => Value::Number(n as f64),
        DataRef::Float(f) => Value::Number(f),
        DataRef::Bool(b) => Value::Bool(b),
        DataRef::DateTime(dt) => date_of(&dt),
        DataRef::DateTimeIso(s) => iso_date(&s),
        DataRef::DurationIso(s) => Value::Text(s),
        DataRef::Error(e) => Value::Error(e.to_string()),
    }
}

/// A date typed as a bare number in a date column: Excel's 1900 serial (the usual epoch).
pub fn serial_date(serial: f64) -> Option<(i32, u8, u8)> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let (y, m, d, ..) = ExcelDateTime::new(serial, ExcelDateTimeType::DateTime, false).to_ymd_hms_milli();
    Some((y as i32, m, d))
}

impl Book {
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn sheets(&self) -> &[SheetInfo] {
        &self.sheets
    }

    /// Reads one sheet whole, with its formulas and merged areas.
    pub fn grid(&mut self, sheet: &str) -> Result<Grid, ReadError> {
        if !self.sheets.iter().any(|s| s.name == sheet) {
            return Err(ReadError::NoSheet { name: self.name.clone(), sheet: sheet.into() });
        }
        let name = self.name.clone();
        let inner = &mut self.inner;
        guarded(&name, || {
            let too_many = || ReadError::TooManyRows { name: name.clone(), sheet: sheet.into(), limit: MAX_ROWS };
            let mut grid = Grid { name: sheet.into(), ..Grid::default() };
            match inner {
                Sheets::Xlsx(x) => {
                    let merged = x.merge_cells_by_sheet_name(sheet).unwrap_or_default();
                    let mut cells = x.worksheet_cells_reader(sheet).map_err(|e| refusal(&name, e.to_string()))?;
                    while let Some(cell) = cells.next_cell_with_formula().map_err(|e| refusal(&name, e.to_string()))? {
                        let (row, col) = cell.pos;
                        if row as usize >= MAX_ROWS {
                            return Err(too_many());
                        }
                        if let Some(f) = cell.formula.filter(|f| !f.is_empty()) {
                            grid.formulas.insert((row, col), f);
                        }
                        grid.put(row, col, from_ref(cell.value));
                    }
                    grid.merged = merged.into_iter().map(|d| Merged { first: d.start, last: d.end }).collect();
                }
                other => {
                    let range = other.worksheet_range(sheet).map_err(|e| refusal(&name, e.to_string()))?;
                    let Some((top, left)) = range.start() else { return Ok(grid) };
                    if range.height() + top as usize > MAX_ROWS {
                        return Err(too_many());
                    }
                    for (r, line) in range.rows().enumerate() {
                        for (c, v) in line.iter().enumerate().take(MAX_COLUMNS) {
                            grid.put(top + r as u32, left + c as u32, from_data(v));
                        }
                    }
                    if let Ok(formulas) = other.worksheet_formula(sheet)
                        && let Some((ftop, fleft)) = formulas.start()
                    {
                        for (r, line) in formulas.rows().enumerate() {
                            for (c, f) in line.iter().enumerate().filter(|(_, f)| !f.is_empty()) {
                                grid.formulas.insert((ftop + r as u32, fleft + c as u32), f.clone());
                            }
                        }
                    }
                    if let Sheets::Xls(x) = other {
                        grid.merged = x
                            .merge_cells_by_sheet_name(sheet)
                            .unwrap_or_default()
                            .into_iter()
                            .map(|d| Merged { first: d.start, last: d.end })
                            .collect();
                    }
                }
            }
            Ok(grid)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_names_as_a_spreadsheet_shows_them() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(6, 3), "D7");
        assert_eq!(cell_name(9, 25), "Z10");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(cell_name(99, 701), "ZZ100");
        assert_eq!(cell_name(0, 702), "AAA1");
        assert_eq!(column_name(27), "AB");
    }

    #[test]
    fn serials_of_the_1900_system() {
        assert_eq!(serial_date(44_627.0), Some((2022, 3, 7)));
        assert_eq!(serial_date(0.0), None);
        assert_eq!(serial_date(f64::NAN), None);
    }

    #[test]
    fn non_spreadsheets_are_refused_by_name_and_content() {
        assert!(matches!(open("a.pdf", vec![1, 2, 3]), Err(ReadError::Unsupported { .. })));
        assert!(matches!(open("a.xlsx", b"not a zip".to_vec()), Err(ReadError::Unreadable { .. })));
        assert!(matches!(open("a.xls", vec![]), Err(ReadError::Unreadable { .. })));
    }
}
