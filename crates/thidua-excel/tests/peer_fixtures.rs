//! Every spreadsheet in the calamine and xlrd test suites (tests/data/excel/peer-fixtures):
//! password-protected, truncated, out-of-memory triggers, odd encodings. Each must open and
//! read, or be refused with a message, within a time limit, without a panic.

use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

use thidua_excel::read::{self, ReadError, Value};

fn fixtures() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/excel/peer-fixtures");
    let mut files = Vec::new();
    for dir in ["calamine", "xlrd"] {
        for entry in std::fs::read_dir(root.join(dir)).expect("peer fixtures are in tests/data") {
            files.push(entry.unwrap().path());
        }
    }
    files.sort();
    files
}

/// Opens a file and reads every sheet; the number of cells read, or the refusal.
fn read_all(path: &std::path::Path) -> Result<usize, ReadError> {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let mut book = read::open(&name, std::fs::read(path).unwrap())?;
    let names: Vec<String> = book.sheets().iter().map(|s| s.name.clone()).collect();
    let mut cells = 0;
    for sheet in names {
        cells += book.grid(&sheet)?.rows.iter().map(Vec::len).sum::<usize>();
    }
    Ok(cells)
}

#[test]
fn every_peer_fixture_reads_or_is_refused_with_a_message_in_time() {
    let (mut read, mut refused, mut other) = (0, 0, 0);
    for path in fixtures() {
        let (tx, rx) = mpsc::channel();
        let p = path.clone();
        std::thread::spawn(move || {
            let _ = tx.send(read_all(&p));
        });
        match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(Ok(_)) => read += 1,
            Ok(Err(e)) => {
                let message = e.to_string();
                assert!(message.contains(path.file_name().unwrap().to_str().unwrap()), "{message}");
                match e {
                    ReadError::Unsupported { .. } => other += 1,
                    _ => refused += 1,
                }
            }
            Err(_) => panic!("{} took more than 30 s", path.display()),
        }
    }
    // Spreadsheets the readers' own tests read must mostly read here too.
    assert!(read > 120, "read {read}, refused {refused}, not spreadsheets {other}");
    assert!(refused >= 3, "the broken and protected files are refused: {refused}");
}

#[test]
fn protected_workbooks_are_named_as_protected() {
    for name in ["pass_protected.xlsx", "pass_protected.xlsb", "pass_protected.ods"] {
        let path = fixtures().into_iter().find(|p| p.ends_with(name)).unwrap();
        match read_all(&path) {
            Err(ReadError::Encrypted { .. }) => {}
            other => panic!("{name}: {other:?}"),
        }
    }
}

#[test]
fn dates_of_the_1904_system_read_as_the_same_calendar_days() {
    let first_date = |name: &str| {
        let path = fixtures().into_iter().find(|p| p.ends_with(name)).unwrap();
        let mut book = read::open(name, std::fs::read(&path).unwrap()).unwrap();
        let sheet = book.sheets()[0].name.clone();
        let grid = book.grid(&sheet).unwrap();
        grid.rows.iter().flatten().find(|v| matches!(v, Value::Date(..))).cloned().unwrap()
    };
    assert_eq!(first_date("date.xlsx"), first_date("date_1904.xlsx"));
    assert_eq!(first_date("date.xls"), first_date("date_1904.xls"));
}

#[test]
fn merged_areas_and_formulas_are_reported() {
    let path = fixtures().into_iter().find(|p| p.ends_with("merge_cells.xlsx")).unwrap();
    let mut book = read::open("merge_cells.xlsx", std::fs::read(&path).unwrap()).unwrap();
    let sheet = book.sheets()[0].name.clone();
    assert!(!book.grid(&sheet).unwrap().merged.is_empty());
    let path = fixtures().into_iter().find(|p| p.ends_with("shared_formula_simple.xlsx")).unwrap();
    let mut book = read::open("shared_formula_simple.xlsx", std::fs::read(&path).unwrap()).unwrap();
    let sheet = book.sheets()[0].name.clone();
    let grid = book.grid(&sheet).unwrap();
    let with_formula =
        (0..grid.rows.len() as u32).flat_map(|r| (0..8).map(move |c| (r, c))).filter(|(r, c)| grid.formula(*r, *c).is_some());
    assert!(with_formula.count() > 1);
}

#[test]
fn a_million_row_sheet_is_refused_without_reading_it_whole() {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Sáng kiến").unwrap();
    for r in 0..1_000_000u32 {
        ws.write_number(r, 0, r as f64).unwrap();
    }
    let bytes = wb.save_to_buffer().unwrap();
    let mut book = read::open("trieu-dong.xlsx", bytes).unwrap();
    match book.grid("Sáng kiến") {
        Err(e @ ReadError::TooManyRows { .. }) => assert!(e.to_string().contains("Sáng kiến") && e.to_string().contains("100.000")),
        other => panic!("{other:?}"),
    }
}
