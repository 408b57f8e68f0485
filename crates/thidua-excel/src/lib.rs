//! Excel workbooks written the way a Vietnamese office makes them by hand: a title block over
//! the table, a bold header row frozen in place, numbers as numbers with thousands grouping
//! (shown with "." on a Vietnamese system), a bold total row, columns as wide as their content,
//! and print setup for A4 landscape with the title and header rows repeated and the table fitted
//! to the page width.
//!
//! Promises: [`workbook`] turns [`Sheet`]s into the bytes of an .xlsx file; the same sheets give
//! a file that calamine (and LibreOffice) read back cell for cell. [`template`] writes the
//! fill-in workbook for a unit without the program; [`read`] reads any spreadsheet back.

pub mod read;
mod template;

pub use template::{
    FIGURE_CODE_COLUMN, FIGURE_VALUE_COLUMN, FigureLine, INPUT_HEADER_ROW, Input, InputColumn, InputSheet, META_SHEET, Template, template,
};

use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

/// A cell as written: text, a whole number (amounts, counts), a day, or nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    Number(i64),
    /// A calendar day (year, month, day), written as a date cell shown dd/mm/yyyy, so Excel
    /// sorts and filters it as a date.
    Date(i32, u8, u8),
    /// A number with two decimals, in hundredths: points (9,75 is 975), written as a number
    /// shown "9,75" on a Vietnamese system.
    Hundredths(i64),
    Empty,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub header: String,
    pub numeric: bool,
}

/// One worksheet: its tab name, the title lines above the table, the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub name: String,
    /// Centred and bold over the table's width: "ỦY BAN MTTQ TỈNH THANH HÓA", "TỔNG HỢP …".
    pub title: Vec<String>,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    pub total: Option<Vec<Cell>>,
}

#[derive(Debug, thiserror::Error)]
#[error("Không tạo được tệp Excel: {0}")]
pub struct ExcelError(String);

impl From<XlsxError> for ExcelError {
    fn from(e: XlsxError) -> Self {
        Self(e.to_string())
    }
}

/// Excel's limit on a sheet name, and the characters it refuses in one.
const SHEET_NAME_MAX: usize = 31;
const FONT: &str = "Times New Roman";

/// A tab name Excel accepts: its refused characters replaced, and a name longer than 31
/// characters cut at the last whole word that fits ("Hoạt động tuyên truyền, hội nghị" rather
/// than "…, hội ngh"), without a trailing comma.
pub(crate) fn sheet_name(name: &str) -> String {
    let clean: String = name.chars().map(|c| if "[]:*?/\\".contains(c) { '-' } else { c }).collect();
    if clean.chars().count() <= SHEET_NAME_MAX {
        return clean;
    }
    // The longest run of whole words that fits, preferring one that ends a phrase (at a comma).
    let mut out = String::new();
    let mut phrase = String::new();
    for word in clean.split_whitespace() {
        let longer = if out.is_empty() { word.to_owned() } else { format!("{out} {word}") };
        if longer.chars().count() > SHEET_NAME_MAX {
            break;
        }
        out = longer;
        if word.ends_with([',', ';']) {
            phrase.clone_from(&out);
        }
    }
    let out = if phrase.is_empty() { out } else { phrase };
    let out = out.trim_end_matches([',', ';', ':', '-', ' ']).to_owned();
    if out.is_empty() { clean.chars().take(SHEET_NAME_MAX).collect() } else { out }
}

/// How many lines `text` takes in a column `width` characters wide (Excel's width unit is about
/// one character of the default font): LibreOffice does not grow a row for wrapped text it did
/// not lay out itself, so the rows are given their height.
fn lines_in(text: &str, width: f64) -> usize {
    let per_line = (width - 1.0).max(1.0);
    text.lines().map(|l| ((l.chars().count() as f64 / per_line).ceil() as usize).max(1)).sum::<usize>().max(1)
}

/// The height in points of a row of 12-point text `lines` lines tall.
fn row_height(lines: usize) -> f64 {
    lines as f64 * 15.75 + 3.0
}

/// The width of a column in Excel's character units, from the longest line of its content.
fn width_of(texts: impl Iterator<Item = String>) -> f64 {
    let longest = texts.map(|t| t.lines().map(|l| l.chars().count()).max().unwrap_or(0)).max().unwrap_or(0);
    (longest as f64 * 1.1 + 2.0).clamp(5.0, 60.0)
}

pub(crate) fn grouped(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

fn write_sheet(ws: &mut Worksheet, sheet: &Sheet) -> Result<(), ExcelError> {
    let n = sheet.columns.len().max(1) as u16;
    let base = Format::new().set_font_name(FONT).set_font_size(12);
    let title = base.clone().set_bold().set_align(FormatAlign::Center).set_font_size(13).set_text_wrap();
    let cell = base.clone().set_border(FormatBorder::Thin).set_text_wrap().set_align(FormatAlign::VerticalCenter);
    let header = cell.clone().set_bold().set_align(FormatAlign::Center).set_background_color(Color::RGB(0xF2F2F2));
    let number = cell.clone().set_num_format("#,##0").set_align(FormatAlign::Right);
    let bold_cell = cell.clone().set_bold();
    let bold_number = number.clone().set_bold();
    let date = cell.clone().set_num_format("dd/mm/yyyy").set_align(FormatAlign::Center);
    let hundredths = number.clone().set_num_format("#,##0.00");
    let bold_hundredths = hundredths.clone().set_bold();
    ws.set_name(sheet_name(&sheet.name))?;
    let mut row = 0u32;
    for line in &sheet.title {
        if n > 1 {
            ws.merge_range(row, 0, row, n - 1, line, &title)?;
        } else {
            ws.write_with_format(row, 0, line, &title)?;
        }
        row += 1;
    }
    if !sheet.title.is_empty() {
        row += 1;
    }
    let header_row = row;
    for (c, col) in sheet.columns.iter().enumerate() {
        ws.write_with_format(row, c as u16, &col.header, &header)?;
    }
    row += 1;
    let write_row = |ws: &mut Worksheet, r: u32, cells: &[Cell], bold: bool| -> Result<(), ExcelError> {
        for c in 0..sheet.columns.len() {
            let (text_format, number_format) = if bold { (&bold_cell, &bold_number) } else { (&cell, &number) };
            match cells.get(c).unwrap_or(&Cell::Empty) {
                Cell::Text(t) => ws.write_with_format(r, c as u16, t, text_format)?,
                Cell::Number(v) => ws.write_with_format(r, c as u16, *v as f64, number_format)?,
                Cell::Date(y, m, d) => ws.write_with_format(r, c as u16, &ExcelDateTime::from_ymd(*y as u16, *m, *d)?, &date)?,
                Cell::Hundredths(v) => {
                    ws.write_with_format(r, c as u16, *v as f64 / 100.0, if bold { &bold_hundredths } else { &hundredths })?
                }
                Cell::Empty => ws.write_blank(r, c as u16, if sheet.columns[c].numeric { number_format } else { text_format })?,
            };
        }
        Ok(())
    };
    for cells in &sheet.rows {
        write_row(ws, row, cells, false)?;
        row += 1;
    }
    if let Some(total) = &sheet.total {
        write_row(ws, row, total, true)?;
    }
    // Widths from what the cells show ("1.200.000", not "1200000").
    let shown = |cell: Option<&Cell>| match cell {
        Some(Cell::Text(t)) => t.clone(),
        Some(Cell::Number(v)) => grouped(*v),
        Some(Cell::Date(..)) => "00/00/0000".into(),
        Some(Cell::Hundredths(v)) => format!("{},00", grouped(*v / 100)),
        _ => String::new(),
    };
    let mut widths = Vec::new();
    for (c, col) in sheet.columns.iter().enumerate() {
        let cells = sheet.rows.iter().chain(sheet.total.iter()).map(|r| shown(r.get(c)));
        let header_words = col.header.split_whitespace().map(str::to_owned).max_by_key(|w| w.chars().count()).unwrap_or_default();
        let width = width_of(cells.chain(std::iter::once(header_words)));
        ws.set_column_width(c as u16, width)?;
        widths.push(width);
    }
    // Rows as tall as their wrapped text: the title lines over the table's width, the header,
    // and any row with text wider than its column.
    let table_width: f64 = widths.iter().sum();
    for (i, line) in sheet.title.iter().enumerate() {
        let lines = lines_in(line, table_width * 0.9);
        if lines > 1 {
            ws.set_row_height(i as u32, row_height(lines) * 13.0 / 12.0)?;
        }
    }
    let tallest = |cells: &mut dyn Iterator<Item = (usize, String)>| cells.map(|(c, t)| lines_in(&t, widths[c])).max().unwrap_or(1);
    let header_lines = tallest(&mut sheet.columns.iter().enumerate().map(|(c, col)| (c, col.header.clone())));
    ws.set_row_height(header_row, row_height(header_lines))?;
    for (i, cells) in sheet.rows.iter().chain(sheet.total.iter()).enumerate() {
        let lines = tallest(&mut (0..sheet.columns.len()).map(|c| (c, shown(cells.get(c)))));
        if lines > 1 {
            ws.set_row_height(header_row + 1 + i as u32, row_height(lines))?;
        }
    }
    ws.set_freeze_panes(header_row + 1, 0)?;
    ws.set_landscape();
    ws.set_paper_size(9); // A4
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, header_row)?;
    ws.set_margins(0.6, 0.4, 0.8, 0.8, 0.3, 0.3);
    ws.set_print_center_horizontally(true);
    Ok(())
}

/// The bytes of an .xlsx workbook with one worksheet per sheet.
pub fn workbook(sheets: &[Sheet]) -> Result<Vec<u8>, ExcelError> {
    let mut wb = Workbook::new();
    for sheet in sheets {
        let ws = wb.add_worksheet();
        write_sheet(ws, sheet)?;
    }
    Ok(wb.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_long_sheet_name_is_cut_at_a_word() {
        assert_eq!(super::sheet_name("Hoạt động tuyên truyền, hội nghị, giám sát"), "Hoạt động tuyên truyền");
        assert_eq!(super::sheet_name("Sáng kiến"), "Sáng kiến");
        assert_eq!(super::sheet_name("Kết/quả?"), "Kết-quả-");
        assert_eq!(super::sheet_name(&"x".repeat(40)).chars().count(), 31);
    }

    #[test]
    fn wrapped_text_counts_its_lines() {
        assert_eq!(super::lines_in("ngắn", 10.0), 1);
        assert_eq!(super::lines_in(&"a".repeat(30), 11.0), 3);
        assert_eq!(super::lines_in("một\nhai", 30.0), 2);
    }
}
