//! Fill-in workbooks for a unit that reports in Excel instead of with the program: a sheet of
//! figures, one sheet per register, and a hidden, protected sheet that says what the workbook
//! is for. Only the cells to fill are unlocked; each has a validation rule Excel enforces as
//! the clerk types (whole numbers ≥ 0, dates, the statuses of a list), and the importer checks
//! every rule again because another program may not.
//!
//! The layout is fixed so the importer can find things: on the figures sheet the indicator
//! code is in column A and the figure in column D, one indicator a row under the header; on a
//! register sheet the header is the row after the title and every row below it is a record.

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, ExcelDateTime, Format, FormatAlign, FormatBorder,
    ProtectionOptions, Workbook, Worksheet,
};

use crate::{Cell, ExcelError};

/// The hidden sheet naming the template's unit, period and indicator set.
pub const META_SHEET: &str = "ThongTinMau";
/// The figures sheet's columns: code, indicator, measure, figure, note.
pub const FIGURE_CODE_COLUMN: u16 = 0;
pub const FIGURE_VALUE_COLUMN: u16 = 3;
/// Guards the layout against accidental edits; the meta sheet's signature is what proves it.
const PROTECTION_PASSWORD: &str = "thidua";
const FONT: &str = "Times New Roman";

/// What a cell to fill accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Text,
    LongText,
    /// A date, shown dd/mm/yyyy.
    Date,
    /// Money in đồng: a whole number ≥ 0, shown with thousands grouping.
    Amount,
    /// A whole number ≥ 0.
    Count,
    /// A whole number in a range (OCOP stars 1–5).
    Range(i32, i32),
    /// One of these labels.
    List(Vec<String>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputColumn {
    pub header: String,
    pub input: Input,
    pub required: bool,
}

/// A register sheet: title, header, the records already known, and empty rows to fill.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputSheet {
    pub name: String,
    pub title: String,
    pub columns: Vec<InputColumn>,
    pub rows: Vec<Vec<Cell>>,
    /// How many rows below the header are open for input, the known records included.
    pub capacity: u32,
}

/// One indicator line on the figures sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureLine {
    pub code: String,
    pub name: String,
    pub measure: String,
    pub value: Option<i64>,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    /// Lines above the figures table: unit, period, what to do.
    pub title: Vec<String>,
    pub figures_sheet: String,
    pub figures: Vec<FigureLine>,
    pub sheets: Vec<InputSheet>,
    /// Key → value pairs written to the hidden sheet.
    pub meta: Vec<(String, String)>,
}

/// The row (0-based) of a register sheet's header.
pub const INPUT_HEADER_ROW: u32 = 2;

struct Formats {
    title: Format,
    note: Format,
    header: Format,
    locked: Format,
    open_text: Format,
    open_date: Format,
    open_number: Format,
}

fn formats() -> Formats {
    let base = Format::new().set_font_name(FONT).set_font_size(12);
    let cell = base.clone().set_border(FormatBorder::Thin).set_text_wrap().set_align(FormatAlign::VerticalCenter);
    let open = cell.clone().set_unlocked().set_background_color(Color::RGB(0xFFFDE7));
    Formats {
        title: base.clone().set_bold().set_align(FormatAlign::Center).set_font_size(13),
        note: base.clone().set_italic(),
        header: cell.clone().set_bold().set_align(FormatAlign::Center).set_background_color(Color::RGB(0xF2F2F2)),
        locked: cell.clone(),
        open_text: open.clone(),
        open_date: open.clone().set_num_format("dd/mm/yyyy").set_align(FormatAlign::Center),
        open_number: open.set_num_format("#,##0").set_align(FormatAlign::Right),
    }
}

fn protect(ws: &mut Worksheet) {
    let options = ProtectionOptions { format_columns: true, format_rows: true, ..ProtectionOptions::default() };
    ws.protect_with_password(PROTECTION_PASSWORD);
    ws.protect_with_options(&options);
}

fn validation(input: &Input, header: &str) -> Result<Option<DataValidation>, ExcelError> {
    let (v, message) = match input {
        Input::Text | Input::LongText => return Ok(None),
        Input::Date => (
            DataValidation::new()
                .allow_date(DataValidationRule::Between(ExcelDateTime::from_ymd(2000, 1, 1)?, ExcelDateTime::from_ymd(2100, 12, 31)?)),
            "Nhập ngày dạng ngày/tháng/năm, ví dụ 15/03/2022.".to_owned(),
        ),
        Input::Amount | Input::Count => (
            DataValidation::new().allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0)),
            "Nhập số nguyên không âm, không có chữ.".to_owned(),
        ),
        Input::Range(lo, hi) => {
            (DataValidation::new().allow_whole_number(DataValidationRule::Between(*lo, *hi)), format!("Nhập số nguyên từ {lo} đến {hi}."))
        }
        Input::List(options) => (DataValidation::new().allow_list_strings(options)?, "Chọn một giá trị trong danh sách.".to_owned()),
    };
    Ok(Some(
        v.set_error_style(DataValidationErrorStyle::Stop)
            .set_error_title(clip(header, 32))?
            .set_error_message(clip(&message, 255))?
            .set_input_message(clip(&message, 255))?,
    ))
}

fn clip(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

fn write_figures(ws: &mut Worksheet, t: &Template, f: &Formats) -> Result<(), ExcelError> {
    ws.set_name(crate::sheet_name(&t.figures_sheet))?;
    let mut row = 0u32;
    for line in &t.title {
        ws.merge_range(row, 0, row, 4, line, &f.title)?;
        row += 1;
    }
    row += 1;
    for (c, h) in ["Mã", "Chỉ tiêu", "Đơn vị tính", "Số liệu", "Ghi chú"].iter().enumerate() {
        ws.write_with_format(row, c as u16, *h, &f.header)?;
    }
    ws.set_freeze_panes(row + 1, 0)?;
    let first = row + 1;
    for line in &t.figures {
        row += 1;
        ws.write_with_format(row, FIGURE_CODE_COLUMN, &line.code, &f.locked)?;
        ws.write_with_format(row, 1, &line.name, &f.locked)?;
        ws.write_with_format(row, 2, &line.measure, &f.locked)?;
        match line.value {
            Some(v) => ws.write_with_format(row, FIGURE_VALUE_COLUMN, v as f64, &f.open_number)?,
            None => ws.write_blank(row, FIGURE_VALUE_COLUMN, &f.open_number)?,
        };
        ws.write_with_format(row, 4, &line.note, &f.locked)?;
    }
    if let Some(v) = validation(&Input::Amount, "Số liệu")? {
        ws.add_data_validation(first, FIGURE_VALUE_COLUMN, row.max(first), FIGURE_VALUE_COLUMN, &v)?;
    }
    for (c, w) in [8.0, 60.0, 12.0, 16.0, 34.0].iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    protect(ws);
    ws.set_active(true);
    Ok(())
}

fn width(input: &Input, header: &str) -> f64 {
    let by_kind: f64 = match input {
        Input::LongText => 40.0,
        Input::Text => 26.0,
        Input::Date => 13.0,
        Input::Amount => 16.0,
        Input::Count | Input::Range(..) => 10.0,
        Input::List(options) => options.iter().map(|o| o.chars().count()).max().unwrap_or(8) as f64 + 4.0,
    };
    let longest_word = header.split_whitespace().map(|w| w.chars().count()).max().unwrap_or(0) as f64 + 2.0;
    by_kind.max(longest_word).min(60.0)
}

fn write_input_sheet(ws: &mut Worksheet, s: &InputSheet, f: &Formats) -> Result<(), ExcelError> {
    ws.set_name(crate::sheet_name(&s.name))?;
    let last_col = s.columns.len().saturating_sub(1) as u16;
    ws.merge_range(0, 0, 0, last_col.max(1), &s.title, &f.title)?;
    ws.write_with_format(1, 0, "Mỗi dòng một bản ghi; cột có dấu * là bắt buộc. Ô màu vàng là ô được nhập.", &f.note)?;
    for (c, col) in s.columns.iter().enumerate() {
        let header = if col.required { format!("{} *", col.header) } else { col.header.clone() };
        ws.write_with_format(INPUT_HEADER_ROW, c as u16, &header, &f.header)?;
        ws.set_column_width(c as u16, width(&col.input, &col.header))?;
    }
    let first = INPUT_HEADER_ROW + 1;
    let last = INPUT_HEADER_ROW + s.capacity.max(s.rows.len() as u32);
    for (c, col) in s.columns.iter().enumerate() {
        let c16 = c as u16;
        let format = match col.input {
            Input::Date => &f.open_date,
            Input::Amount | Input::Count | Input::Range(..) => &f.open_number,
            _ => &f.open_text,
        };
        for r in first..=last {
            match s.rows.get((r - first) as usize).and_then(|row| row.get(c)) {
                Some(Cell::Text(t)) if col.input == Input::Date => match thidua_date(t) {
                    Some(d) => ws.write_datetime_with_format(r, c16, &d, format)?,
                    None => ws.write_with_format(r, c16, t, format)?,
                },
                Some(Cell::Text(t)) => ws.write_with_format(r, c16, t, format)?,
                Some(Cell::Number(n)) => ws.write_with_format(r, c16, *n as f64, format)?,
                _ => ws.write_blank(r, c16, format)?,
            };
        }
        if let Some(v) = validation(&col.input, &col.header)? {
            ws.add_data_validation(first, c16, last, c16, &v)?;
        }
    }
    ws.set_freeze_panes(first, 0)?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, INPUT_HEADER_ROW)?;
    protect(ws);
    Ok(())
}

/// An ISO date ("2022-03-05") as Excel's date.
fn thidua_date(iso: &str) -> Option<ExcelDateTime> {
    let parts: Vec<&str> = iso.split('-').collect();
    let [y, m, d] = parts.as_slice() else { return None };
    ExcelDateTime::from_ymd(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()
}

/// The bytes of the template workbook.
pub fn template(t: &Template) -> Result<Vec<u8>, ExcelError> {
    let f = formats();
    let mut wb = Workbook::new();
    write_figures(wb.add_worksheet(), t, &f)?;
    for s in &t.sheets {
        write_input_sheet(wb.add_worksheet(), s, &f)?;
    }
    let meta = wb.add_worksheet();
    meta.set_name(META_SHEET)?;
    for (r, (k, v)) in t.meta.iter().enumerate() {
        meta.write(r as u32, 0, k)?;
        meta.write(r as u32, 1, v)?;
    }
    meta.set_column_width(1, 80)?;
    meta.protect_with_password(PROTECTION_PASSWORD);
    meta.set_very_hidden(true);
    Ok(wb.save_to_buffer()?)
}
