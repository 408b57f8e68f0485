use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto_from_rs};
use sha2::{Digest, Sha256};
use thidua_text::{clean, search_key};

/// Files larger than this are not unit lists (the whole country is under 2 MB).
const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;
/// More rows than any country has units.
const MAX_ROWS: usize = 200_000;

/// One unit as a list gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueEntry {
    pub code: String,
    pub name: String,
    /// Level code: "tinh", "huyen", "xa".
    pub level: String,
    /// "Phường", "Xã", "Thành phố"… from the list or the name's first words.
    pub kind: String,
    /// The parent as (level, code), when the list says.
    pub parent: Option<(String, String)>,
    /// The row (1-based, as a spreadsheet numbers it) the unit first appears on.
    pub row: usize,
}

/// A list read from a file, ready to diff.
#[derive(Debug, Clone)]
pub struct ParsedCatalogue {
    pub source_name: String,
    pub sha256: String,
    /// The list's date, from its file name (`…-2021-11-06.xls`) when it has one.
    pub as_of: Option<String>,
    pub entries: Vec<CatalogueEntry>,
    /// Levels the list covers: only units of these levels can be found missing from it.
    pub levels: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum CatalogueError {
    #[error("Không đọc được tệp {name}: {detail}. Hãy kiểm tra lại tệp (có thể tệp bị hỏng hoặc đang mở trong chương trình khác).")]
    Unreadable { name: String, detail: String },
    #[error("Tệp {name} không phải danh mục đơn vị (chỉ nhận .xls, .xlsx, .ods hoặc .csv).")]
    UnsupportedFormat { name: String },
    #[error("Tệp {name} quá lớn ({size} byte) để là danh mục đơn vị hành chính.")]
    TooLarge { name: String, size: usize },
    #[error(
        "Tệp {name} không có dòng tiêu đề của danh mục đơn vị: cần cột mã và cột tên (ví dụ «Mã số», «Tên đơn vị», \
         hoặc «Tỉnh Thành Phố, Mã TP, Quận Huyện, Mã QH, Phường Xã, Mã PX» như tệp của Tổng cục Thống kê)."
    )]
    NoHeader { name: String },
    #[error("Tệp {name}, dòng {row}: {reason}. Hãy sửa dòng này rồi nhập lại; chưa có gì được thay đổi.")]
    BadRow { name: String, row: usize, reason: String },
    #[error(
        "Tệp {name} không có dòng tiêu đề của danh sách sáp nhập: cần các cột ma_cu, ten_cu, ma_moi, ten_moi, phan \
         (và có thể huyen_cu), như tệp danh sách sáp nhập năm 2025."
    )]
    NoMergeHeader { name: String },
    #[error("Tệp {name} không có đơn vị nào.")]
    Empty { name: String },
}

/// Reads a unit list from a file.
pub fn read_catalogue(path: &Path) -> Result<ParsedCatalogue, CatalogueError> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let bytes = std::fs::read(path).map_err(|e| CatalogueError::Unreadable { name: name.clone(), detail: e.to_string() })?;
    read_catalogue_bytes(&name, &bytes)
}

/// Reads a unit list from bytes; `name` gives the format (by extension) and the date.
pub fn read_catalogue_bytes(name: &str, bytes: &[u8]) -> Result<ParsedCatalogue, CatalogueError> {
    let rows = rows_of(name, bytes)?;
    let entries = entries_from_rows(name, &rows)?;
    if entries.is_empty() {
        return Err(CatalogueError::Empty { name: name.into() });
    }
    let mut levels: Vec<String> = entries.iter().map(|e| e.level.clone()).collect();
    levels.sort();
    levels.dedup();
    Ok(ParsedCatalogue { source_name: name.into(), sha256: hex::encode(Sha256::digest(bytes)), as_of: date_in_name(name), entries, levels })
}

/// The rows of a list file, read by its extension (CSV, or the first sheet of a workbook).
pub(crate) fn rows_of(name: &str, bytes: &[u8]) -> Result<Vec<Vec<String>>, CatalogueError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(CatalogueError::TooLarge { name: name.into(), size: bytes.len() });
    }
    let ext = Path::new(name).extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "csv" | "txt" => csv_rows(name, bytes),
        "xls" | "xlsx" | "xlsm" | "xlsb" | "ods" => sheet_rows(name, bytes),
        _ => Err(CatalogueError::UnsupportedFormat { name: name.into() }),
    }
}

fn csv_rows(name: &str, bytes: &[u8]) -> Result<Vec<Vec<String>>, CatalogueError> {
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .map_err(|_| CatalogueError::Unreadable { name: name.into(), detail: "tệp CSV không ở mã UTF-8".into() })?;
    let delimiter = if text.lines().next().is_some_and(|l| l.matches(';').count() > l.matches(',').count()) { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| CatalogueError::Unreadable { name: name.into(), detail: e.to_string() })?;
        rows.push(record.iter().map(str::to_owned).collect());
        if rows.len() > MAX_ROWS {
            return Err(CatalogueError::TooLarge { name: name.into(), size: bytes.len() });
        }
    }
    Ok(rows)
}

fn sheet_rows(name: &str, bytes: &[u8]) -> Result<Vec<Vec<String>>, CatalogueError> {
    let unreadable = |detail: String| CatalogueError::Unreadable { name: name.into(), detail };
    // calamine is defensive, but a spreadsheet parser fed arbitrary files is exactly where a
    // panic would hide: turn one into a refusal rather than a crash.
    let result = std::panic::catch_unwind(|| -> Result<Vec<Vec<String>>, String> {
        let mut workbook = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| e.to_string())?;
        let first = workbook.sheet_names().first().cloned().ok_or("tệp không có trang tính nào")?;
        let mut range = workbook.worksheet_range(&first).map_err(|e| e.to_string())?;
        // The range is ours: its text cells are moved out rather than copied.
        Ok((0..range.height().min(MAX_ROWS + 1))
            .map(|r| range[r].iter_mut().map(|cell| cell_text(std::mem::take(cell))).collect())
            .collect())
    });
    match result {
        Ok(Ok(rows)) => Ok(rows),
        Ok(Err(detail)) => Err(unreadable(detail)),
        Err(_) => Err(unreadable("nội dung tệp không đúng cấu trúc".into())),
    }
}

fn cell_text(cell: Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s,
        Data::Int(n) => n.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        other => other.to_string(),
    }
}

/// A unit as a list names it: (level, code).
type UnitKey = (String, String);

/// Where the columns are, found from the header row's text.
enum Layout {
    /// The GSO export: province, district and commune side by side on each row.
    Hierarchical { tp: (usize, usize), qh: Option<(usize, usize)>, px: Option<(usize, usize)>, cap: Option<usize> },
    /// One unit a row: code, name, and maybe its province by name.
    Flat { code: usize, name: usize, province: Option<usize> },
}

fn find_column(header: &[String], wanted: &[&str]) -> Option<usize> {
    header.iter().position(|h| {
        let key = search_key(&h.replace('_', " "));
        wanted.iter().any(|w| key == *w || key.starts_with(&format!("{w} ")))
    })
}

fn detect(header: &[String]) -> Option<Layout> {
    let col = |w: &[&str]| find_column(header, w);
    if let (Some(tp_name), Some(tp_code)) = (col(&["tinh thanh pho", "tinh / thanh pho", "tinh"]), col(&["ma tp", "ma tinh"])) {
        let qh = col(&["quan huyen", "quan / huyen", "huyen"]).zip(col(&["ma qh", "ma huyen"]));
        let px = col(&["phuong xa", "phuong / xa", "xa"]).zip(col(&["ma px", "ma xa"]));
        if qh.is_some() || px.is_some() {
            return Some(Layout::Hierarchical {
                tp: (tp_code, tp_name),
                qh: qh.map(|(n, c)| (c, n)),
                px: px.map(|(n, c)| (c, n)),
                cap: col(&["cap"]),
            });
        }
    }
    let code = col(&["ma so", "ma", "ma don vi", "ma dvhc"])?;
    let name = col(&["ten don vi", "ten", "ten dvhc", "ten don vi hanh chinh"])?;
    let province = col(&["tinh", "tinh thanh pho", "tinh / thanh pho", "thuoc tinh"]).filter(|p| *p != name);
    Some(Layout::Flat { code, name, province })
}

const KINDS: &[&str] = &["Thành phố", "Tỉnh", "Quận", "Huyện", "Thị xã", "Phường", "Xã", "Thị trấn", "Đặc khu"];

/// The kind a name starts with ("Phường Ba Đình" → "Phường").
pub fn kind_of(name: &str) -> String {
    KINDS.iter().find(|k| name.starts_with(*k) && name[k.len()..].starts_with(' ')).map(|k| (*k).to_owned()).unwrap_or_default()
}

/// Pads a code the file stored as a number back to its width ("4" → "00004" for a commune).
fn code_text(raw: &str, level: &str) -> Option<String> {
    let code = clean(raw);
    if code.is_empty() || !code.bytes().all(|b| b.is_ascii_digit()) || code.len() > 6 {
        return None;
    }
    let width = match level {
        "tinh" => 2,
        "huyen" => 3,
        _ => 5,
    };
    Some(format!("{code:0>width$}"))
}

/// Province names as the 2025 list spells them, folded, without "tỉnh" or "thành phố".
fn province_key(name: &str) -> String {
    let key = search_key(name);
    for prefix in ["thanh pho ", "tp. ", "tp ", "tinh "] {
        if let Some(rest) = key.strip_prefix(prefix) {
            return rest.to_owned();
        }
    }
    key
}

/// The 34 provinces after 1 July 2025 (Công văn 915/CTK-CSCL), so that a commune list naming
/// its provinces can link communes to them. Origin: tests/data/units/tinh-2025-07-01.csv.
const PROVINCES_2025: &str = include_str!("provinces-2025-07-01.csv");

fn entries_from_rows<'r>(name: &str, rows: &'r [Vec<String>]) -> Result<Vec<CatalogueEntry>, CatalogueError> {
    let (header_at, layout) = rows
        .iter()
        .take(20)
        .enumerate()
        .find_map(|(i, r)| detect(r).map(|l| (i, l)))
        .ok_or_else(|| CatalogueError::NoHeader { name: name.into() })?;
    let cell = |row: &[String], i: usize| row.get(i).map(|s| clean(s)).unwrap_or_default();
    let bad = |row: usize, reason: String| CatalogueError::BadRow { name: name.into(), row, reason };
    let mut out: Vec<CatalogueEntry> = Vec::new();
    let mut seen = std::collections::HashMap::<(String, String), usize>::new();
    let mut push = |entry: CatalogueEntry, out: &mut Vec<CatalogueEntry>| -> Result<(), CatalogueError> {
        let key = (entry.level.clone(), entry.code.clone());
        match seen.get(&key) {
            Some(&i) if out[i].name == entry.name => Ok(()), // the same unit on another row
            Some(&i) => Err(bad(
                entry.row,
                format!("mã {} đã dùng cho «{}» ở dòng {}, nay lại là «{}»", entry.code, out[i].name, out[i].row, entry.name),
            )),
            None => {
                seen.insert(key, out.len());
                out.push(entry);
                Ok(())
            }
        }
    };
    match layout {
        Layout::Hierarchical { tp, qh, px, cap } => {
            let raw = |row: &'r [String], i: usize| row.get(i).map_or("", String::as_str);
            // Each level's code and name as the previous row wrote them, with the unit they
            // made: the province and district repeat on every commune's row.
            let mut previous: [Option<(&str, &str, UnitKey)>; 3] = Default::default();
            for (offset, row) in rows.iter().enumerate().skip(header_at + 1) {
                let line = offset + 1;
                if row.iter().all(|c| c.trim().is_empty()) {
                    continue;
                }
                let mut parent: Option<(String, String)> = None;
                for (at, (level, (code_col, name_col))) in
                    [("tinh", Some(tp)), ("huyen", qh), ("xa", px)].into_iter().filter_map(|(l, c)| c.map(|c| (l, c))).enumerate()
                {
                    let written = (raw(row, code_col), raw(row, name_col));
                    if let Some((code, name, unit)) = &previous[at]
                        && (*code, *name) == written
                    {
                        // The same unit as on the row before, already taken.
                        parent = Some(unit.clone());
                        continue;
                    }
                    let (raw_code, unit_name) = (cell(row, code_col), cell(row, name_col));
                    if raw_code.is_empty() && unit_name.is_empty() {
                        continue; // A district with no communes, such as an island district.
                    }
                    let code = code_text(&raw_code, level).ok_or_else(|| bad(line, format!("mã «{raw_code}» không phải là dãy số")))?;
                    if unit_name.is_empty() {
                        return Err(bad(line, format!("đơn vị mã {code} không có tên")));
                    }
                    let kind = match (level, cap) {
                        ("xa", Some(c)) if !cell(row, c).is_empty() => cell(row, c),
                        _ => kind_of(&unit_name),
                    };
                    push(
                        CatalogueEntry {
                            code: code.clone(),
                            name: unit_name,
                            level: level.into(),
                            kind,
                            parent: parent.clone(),
                            row: line,
                        },
                        &mut out,
                    )?;
                    previous[at] = Some((written.0, written.1, (level.into(), code.clone())));
                    parent = Some((level.into(), code));
                }
            }
        }
        Layout::Flat { code, name: name_col, province } => {
            let provinces: Vec<(String, String, String)> = PROVINCES_2025
                .lines()
                .skip(1)
                .filter_map(|l| {
                    let mut f = l.split(',');
                    let (_, c, n) = (f.next()?, f.next()?, f.next()?);
                    Some((c.trim().to_owned(), clean(n), province_key(n)))
                })
                .collect();
            for (offset, row) in rows.iter().enumerate().skip(header_at + 1) {
                let line = offset + 1;
                let (raw_code, unit_name) = (cell(row, code), cell(row, name_col));
                if raw_code.is_empty() && unit_name.is_empty() {
                    continue;
                }
                let province_name = province.map(|p| cell(row, p)).filter(|p| !p.is_empty());
                let digits = raw_code.len();
                let level = match (&province_name, digits) {
                    (Some(_), _) => "xa",
                    (None, 1..=2) => "tinh",
                    (None, 3) => "huyen",
                    _ => "xa",
                };
                let unit_code = code_text(&raw_code, level).ok_or_else(|| bad(line, format!("mã «{raw_code}» không phải là dãy số")))?;
                if unit_name.is_empty() {
                    return Err(bad(line, format!("đơn vị mã {unit_code} không có tên")));
                }
                let parent = match province_name {
                    None => None,
                    Some(p) => {
                        let key = province_key(&p);
                        let (pcode, pname, _) =
                            provinces.iter().find(|(_, _, k)| *k == key).ok_or_else(|| bad(line, format!("không nhận ra tỉnh «{p}»")))?;
                        let province_entry = CatalogueEntry {
                            code: pcode.clone(),
                            name: pname.clone(),
                            level: "tinh".into(),
                            kind: kind_of(pname),
                            parent: None,
                            row: line,
                        };
                        push(province_entry, &mut out)?;
                        Some(("tinh".to_owned(), pcode.clone()))
                    }
                };
                let kind = kind_of(&unit_name);
                push(CatalogueEntry { code: unit_code, name: unit_name, level: level.into(), kind, parent, row: line }, &mut out)?;
            }
        }
    }
    Ok(out)
}

fn date_in_name(name: &str) -> Option<String> {
    let b = name.as_bytes();
    (0..b.len().saturating_sub(9)).find_map(|i| {
        let s = &name.get(i..i + 10)?;
        let ok = s.bytes().enumerate().all(|(j, c)| if j == 4 || j == 7 { c == b'-' } else { c.is_ascii_digit() });
        ok.then(|| s.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_come_from_the_first_words() {
        assert_eq!(kind_of("Thành phố Thanh Hóa"), "Thành phố");
        assert_eq!(kind_of("Thị trấn Ngọc Lặc"), "Thị trấn");
        assert_eq!(kind_of("Xã Xuân Du"), "Xã");
        assert_eq!(kind_of("Xã"), "");
    }

    #[test]
    fn codes_keep_or_regain_their_leading_zeros() {
        assert_eq!(code_text("4", "xa").as_deref(), Some("00004"));
        assert_eq!(code_text("00004", "xa").as_deref(), Some("00004"));
        assert_eq!(code_text("1", "tinh").as_deref(), Some("01"));
        assert_eq!(code_text("A1", "xa"), None);
    }

    #[test]
    fn dates_are_read_from_file_names() {
        assert_eq!(date_in_name("gso-danh-muc-hanh-chinh-2021-11-06.xls").as_deref(), Some("2021-11-06"));
        assert_eq!(date_in_name("danh-muc.xls"), None);
    }

    #[test]
    fn a_province_and_district_repeated_on_every_row_are_one_unit_each() {
        let header = "Tỉnh Thành Phố,Mã TP,Quận Huyện,Mã QH,Phường Xã,Mã PX\n";
        let rows = "Tỉnh Thanh Hóa,38,Thành phố Thanh Hóa,380,Phường Hàm Rồng,14758\n\
                    Tỉnh Thanh Hóa,38,Thành phố Thanh Hóa,380,Phường Đông Thọ,14761\n\
                    Tỉnh Thanh Hóa,38,Huyện Mường Lát,384,Thị trấn Mường Lát,14845\n\
                    Tỉnh Thanh Hóa,38,Thành phố Thanh Hóa,380,Phường Nam Ngạn,14764\n";
        let list = read_catalogue_bytes("list.csv", format!("{header}{rows}").as_bytes()).unwrap();
        let units: Vec<(&str, &str, Option<&str>)> =
            list.entries.iter().map(|e| (e.level.as_str(), e.code.as_str(), e.parent.as_ref().map(|p| p.1.as_str()))).collect();
        assert_eq!(
            units,
            [
                ("tinh", "38", None),
                ("huyen", "380", Some("38")),
                ("xa", "14758", Some("380")),
                ("xa", "14761", Some("380")),
                ("huyen", "384", Some("38")),
                ("xa", "14845", Some("384")),
                ("xa", "14764", Some("380")),
            ]
        );
        // A district code given another name on the very next row is still refused.
        let renamed = "Tỉnh Thanh Hóa,38,Thành phố Thanh Hóa,380,Phường Hàm Rồng,14758\n\
                       Tỉnh Thanh Hóa,38,Thị xã Thanh Hóa,380,Phường Đông Thọ,14761\n";
        let err = read_catalogue_bytes("list.csv", format!("{header}{renamed}").as_bytes()).unwrap_err();
        assert!(err.to_string().contains("dòng 3") && err.to_string().contains("mã 380"), "{err}");
    }

    #[test]
    fn province_names_match_however_they_are_written() {
        assert_eq!(province_key("Tp Hồ Chí Minh"), province_key("Thành phố Hồ Chí Minh"));
        assert_eq!(province_key("Tỉnh Thanh Hóa"), province_key("Thanh Hoá"));
    }
}
