//! Workbooks read back by another reader (calamine) cell for cell, and their sheet XML checked
//! for the frozen header, the print setup and the number format.

use calamine::{Data, Reader, Xlsx};
use thidua_excel::{Cell, Column, Sheet, workbook};

fn sheet() -> Sheet {
    Sheet {
        name: "Tổng hợp 6 tháng đầu năm 2022".into(),
        title: vec!["ỦY BAN MTTQ TỈNH THANH HÓA".into(), "TỔNG HỢP KẾT QUẢ PHONG TRÀO “ĐOÀN KẾT SÁNG TẠO”".into()],
        columns: vec![
            Column { header: "STT".into(), numeric: false },
            Column { header: "Đơn vị".into(), numeric: false },
            Column { header: "Số buổi tuyên truyền".into(), numeric: true },
            Column { header: "Nguồn lực vận động (đồng)".into(), numeric: true },
        ],
        rows: vec![
            vec![Cell::Text("1".into()), Cell::Text("Phường Hạc Thành".into()), Cell::Number(12), Cell::Number(38_750_000)],
            vec![Cell::Text("2".into()), Cell::Text("Xã Đông Tiến".into()), Cell::Number(7), Cell::Empty],
        ],
        total: Some(vec![Cell::Empty, Cell::Text("Tổng cộng".into()), Cell::Number(19), Cell::Number(38_750_000)]),
    }
}

#[test]
fn calamine_reads_back_every_cell_with_vietnamese_text_and_numbers_as_numbers() {
    let bytes = workbook(&[sheet()]).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.clone())).unwrap();
    // Excel caps a sheet's name at 31 characters.
    let name = book.sheet_names()[0].clone();
    assert_eq!(name, "Tổng hợp 6 tháng đầu năm 2022");
    let range = book.worksheet_range(&name).unwrap();
    assert_eq!(range.get_value((0, 0)), Some(&Data::String("ỦY BAN MTTQ TỈNH THANH HÓA".into())));
    assert_eq!(range.get_value((3, 1)), Some(&Data::String("Đơn vị".into())));
    assert_eq!(range.get_value((4, 1)), Some(&Data::String("Phường Hạc Thành".into())));
    assert_eq!(range.get_value((4, 3)), Some(&Data::Float(38_750_000.0)));
    assert_eq!(range.get_value((6, 1)), Some(&Data::String("Tổng cộng".into())));
    assert_eq!(range.get_value((6, 2)), Some(&Data::Float(19.0)));
    let merged = book.merge_cells_by_sheet_name(&name).unwrap();
    assert!(merged.iter().any(|m| m.start == (0, 0) && m.end == (0, 3)), "{merged:?}");
}

#[test]
fn the_header_is_frozen_and_the_sheet_prints_on_a4_landscape_fitted_to_width_with_repeated_titles() {
    let bytes = workbook(&[sheet()]).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(), &mut xml).unwrap();
    assert!(xml.contains(r#"ySplit="4""#), "frozen under the header row: {xml}");
    assert!(xml.contains(r#"orientation="landscape""#) && xml.contains(r#"paperSize="9""#), "{xml}");
    assert!(xml.contains(r#"fitToHeight="0""#) && xml.contains("fitToPage"), "{xml}");
    let mut book = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/workbook.xml").unwrap(), &mut book).unwrap();
    assert!(book.contains("_xlnm.Print_Titles"), "{book}");
    let mut styles = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/styles.xml").unwrap(), &mut styles).unwrap();
    assert!(styles.contains("#,##0") && styles.contains("Times New Roman"), "{styles}");
}
