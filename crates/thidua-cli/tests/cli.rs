//! The `thidua` program as a script uses it: exit codes, messages, and proof (by the data
//! digest of `status --json`) that refused operations change nothing.

mod support;

use std::process::Command;

use support::*;

/// A ward installation on the real 2021 list.
fn installed() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    ok(dir.path(), &["units", "import", test_data("units/gso-danh-muc-hanh-chinh-2021-11-06.xls").to_str().unwrap()]);
    ok(dir.path(), &["init", "--unit", "14797", "--signer", "Lê Văn Hùng", "--clerk", "Nguyễn Thị Lan"]);
    dir
}

#[test]
fn units_import_loads_every_unit_of_the_gso_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = ok(dir.path(), &["--json", "units", "import", test_data("units/gso-danh-muc-hanh-chinh-2021-11-06.xls").to_str().unwrap()]);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["added"], 11_367);
    let list = ok(dir.path(), &["--json", "units", "list", "--level", "tinh"]);
    let provinces: Vec<serde_json::Value> = serde_json::from_str(&list).unwrap();
    assert_eq!(provinces.len(), 63);
    // Vietnamese order, not code-point order: "Đ" follows "D" and "C", never "Y".
    let names: Vec<&str> = provinces.iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names.last(), Some(&"Tỉnh Yên Bái"));
    let positions = |n: &str| names.iter().position(|x| *x == n).unwrap_or_else(|| panic!("{n} missing"));
    assert!(positions("Tỉnh Đắk Lắk") > positions("Tỉnh Cà Mau"));
    assert!(positions("Tỉnh Đồng Tháp") > positions("Tỉnh Điện Biên"));
    let human = ok(dir.path(), &["units", "list", "--search", "ba dinh", "--level", "huyen"]);
    assert!(human.contains("001    huyen  Quận Ba Đình"), "{human}");
}

#[test]
fn init_sets_up_the_ward_and_status_counts_it() {
    let dir = installed();
    let status: serde_json::Value = serde_json::from_str(&ok(dir.path(), &["--json", "status"])).unwrap();
    assert_eq!(status["installation"], "Phường Đông Hải (14797)");
    assert_eq!(status["schema_version"], 19);
    assert_eq!(status["counts"]["units"], 11_367);
}

#[test]
fn refused_input_exits_1_with_a_vietnamese_reason_and_changes_nothing() {
    let dir = installed();
    let before = digest(dir.path());
    let junk = dir.path().join("junk.xls");
    std::fs::write(&junk, b"\xD0\xCF\x11\xE0 not really a workbook").unwrap();
    let err = refused(dir.path(), &["units", "import", junk.to_str().unwrap()]);
    assert!(err.contains("Không đọc được tệp junk.xls"), "{err}");
    let err = refused(dir.path(), &["restore", junk.to_str().unwrap()]);
    assert!(err.contains("không phải là cơ sở dữ liệu"), "{err}");
    let err = refused(dir.path(), &["restore", dir.path().join("khong-co.sqlite3").to_str().unwrap()]);
    assert!(err.contains("Không tìm thấy"), "{err}");
    let err = refused(dir.path(), &["init", "--unit", "99999", "--signer", "X"]);
    assert!(err.contains("Không có đơn vị mã «99999»"), "{err}");
    let err = refused(dir.path(), &["init", "--unit", "00001", "--signer", "X"]);
    assert!(err.contains("đã được cài đặt cho"), "{err}");
    assert_eq!(digest(dir.path()), before);
}

#[test]
fn backup_and_restore_round_trip_through_the_cli() {
    let dir = installed();
    let backup = dir.path().join("sao-luu.sqlite3");
    ok(dir.path(), &["backup", "-o", backup.to_str().unwrap()]);
    let at_backup = digest(dir.path());
    ok(dir.path(), &["units", "import", test_data("units/tinh-2025-07-01.csv").to_str().unwrap()]);
    assert_ne!(digest(dir.path()), at_backup);
    ok(dir.path(), &["restore", backup.to_str().unwrap()]);
    assert_eq!(digest(dir.path()), at_backup);
}

#[test]
fn a_database_from_a_newer_version_is_refused_untouched() {
    let dir = installed();
    let db = dir.path().join("thidua.sqlite3");
    // What a newer program would leave: a schema version this one does not know.
    rusqlite::Connection::open(&db).unwrap().pragma_update(None, "user_version", 99).unwrap();
    let bytes = std::fs::read(&db).unwrap();
    let err = refused(dir.path(), &["status"]);
    assert!(err.contains("phiên bản Thi đua mới hơn"), "{err}");
    assert_eq!(std::fs::read(&db).unwrap(), bytes);
}

#[test]
fn a_missing_data_directory_is_refused_with_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("khong-co");
    let err = refused(&missing, &["status"]);
    assert!(err.contains("thidua init"), "{err}");
    assert!(!missing.exists());
}

#[test]
fn a_read_only_disk_is_refused_and_the_data_kept() {
    let dir = installed();
    let before = digest(dir.path());
    let db = dir.path().join("thidua.sqlite3");
    // Root ignores permission bits, so make the files immutable where chattr works; otherwise
    // (not root) plain permissions do.
    let files = [db.clone(), dir.path().join("thidua.sqlite3-wal"), dir.path().join("thidua.sqlite3-shm")];
    let lock = |on: bool| {
        for f in files.iter().filter(|f| f.exists()).chain([&dir.path().to_path_buf()]) {
            let flag = if on { "+i" } else { "-i" };
            let _ = Command::new("chattr").arg(flag).arg(f).status();
            let mut perm = std::fs::metadata(f).unwrap().permissions();
            #[allow(clippy::permissions_set_readonly_false)]
            perm.set_readonly(on);
            let _ = std::fs::set_permissions(f, perm);
        }
    };
    lock(true);
    let out = thidua(dir.path(), &["units", "import", test_data("units/tinh-2025-07-01.csv").to_str().unwrap()]);
    lock(false);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stdout));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Không ghi được") || err.contains("chỉ đọc"), "{err}");
    assert_eq!(digest(dir.path()), before);
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(thidua(dir.path(), &["khong-co-lenh"]).status.code(), Some(2));
    assert_eq!(thidua(dir.path(), &["restore"]).status.code(), Some(2));
}

#[test]
fn registers_can_be_scripted() {
    let dir = tempfile::tempdir().unwrap();
    ok(dir.path(), &["init", "--sample"]);
    let year = {
        let v: serde_json::Value = serde_json::from_str(&ok(dir.path(), &["--json", "record", "list", "initiative"])).unwrap();
        v[0]["fields"]["registered_on"].as_str().unwrap()[..4].to_owned()
    };
    let added: serde_json::Value = serde_json::from_str(&ok(
        dir.path(),
        &[
            "--json",
            "record",
            "add",
            "initiative",
            "--title",
            "Sổ tay điện tử",
            "--authors",
            "Chi hội Phụ nữ",
            "--registered-on",
            &format!("03/04/{year}"),
            "--status",
            "Được công nhận",
        ],
    ))
    .unwrap();
    assert_eq!(added["fields"]["status"], "cong_nhan");
    let id = added["id"].as_str().unwrap().to_owned();

    let listed: Vec<serde_json::Value> = serde_json::from_str(&ok(
        dir.path(),
        &["--json", "record", "list", "initiative", "--period", &format!("{year}-H1"), "--filter", "status=cong_nhan"],
    ))
    .unwrap();
    let titles: Vec<&str> = listed.iter().map(|r| r["fields"]["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Mô hình thu gom rác thải nhựa đổi quà", "Sổ tay điện tử"]);

    ok(dir.path(), &["record", "edit", "initiative", &id, "--status", "ap_dung", "--reason", "Đã áp dụng tại 3 tổ"]);
    let history = ok(dir.path(), &["record", "history", "initiative", &id]);
    assert!(history.contains("Tình trạng: \"cong_nhan\" → \"ap_dung\""), "{history}");
    assert!(history.contains("Đã áp dụng tại 3 tổ"), "{history}");
}

#[test]
fn a_wrong_record_names_each_field_and_saves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    ok(dir.path(), &["init", "--sample"]);
    let before = digest(dir.path());
    let err = refused(dir.path(), &["record", "add", "resource", "--donor", "", "--amount", "2.5", "--received-on", "31/02/2026"]);
    assert!(err.contains("--donor: Hãy nhập"), "{err}");
    assert!(err.contains("--amount: Số tiền «2.5» không hợp lệ"), "{err}");
    assert!(err.contains("--received-on: Ngày «31/02/2026» không hợp lệ"), "{err}");
    let err = refused(dir.path(), &["record", "add", "khen-thuong", "--x", "1"]);
    assert!(err.contains("các sổ là initiative"), "{err}");
    let err = refused(dir.path(), &["record", "add", "resource", "donor"]);
    assert!(err.contains("không phải tên trường"), "{err}");
    assert_eq!(digest(dir.path()), before);
}

#[test]
fn the_period_report_shows_figures_with_sources_narrative_and_state() {
    let dir = tempfile::tempdir().unwrap();
    ok(dir.path(), &["init", "--sample"]);
    let first: Vec<serde_json::Value> = serde_json::from_str(&ok(dir.path(), &["--json", "record", "list", "activity"])).unwrap();
    let period = format!("{}-H1", &first[0]["fields"]["held_on"].as_str().unwrap()[..4]);
    let view: serde_json::Value = serde_json::from_str(&ok(dir.path(), &["--json", "report", "show", "--period", &period])).unwrap();
    assert_eq!(view["state"], "draft");
    let f11 = view["figures"].as_array().unwrap().iter().find(|f| f["code"] == "1.1").unwrap();
    assert_eq!((f11["value"].as_i64(), f11["source"].as_str(), f11["records"].as_i64()), (Some(12), Some("activity"), Some(2)));
    let human = ok(dir.path(), &["report", "show", "--period", &period]);
    assert!(human.contains("1.250 lượt người"), "{human}");
    assert!(human.contains("1. Công tác tuyên truyền [soạn sẵn từ số liệu]"), "{human}");

    let err = refused(dir.path(), &["report", "send", "--period", &period]);
    assert!(err.contains("Chưa nhập chỉ tiêu 3.7"), "{err}");
    ok(dir.path(), &["report", "figure", "--period", &period, "3.7", "14"]);
    let sent: serde_json::Value = serde_json::from_str(&ok(dir.path(), &["--json", "report", "send", "--period", &period])).unwrap();
    assert_eq!(sent["state"], "sent");
    let err = refused(dir.path(), &["report", "section", "--period", &period, "iii", "Sửa sau khi gửi"]);
    assert!(err.contains("bản sửa đổi"), "{err}");
    let pdf = dir.path().join("bao-cao.pdf");
    ok(dir.path(), &["report", "pdf", "--period", &period, "-o", pdf.to_str().unwrap()]);
    let text = String::from_utf8(Command::new("pdftotext").arg(&pdf).arg("-").output().unwrap().stdout).unwrap();
    for expected in [
        "BÁO CÁO",
        "II. KẾT QUẢ THỰC HIỆN",
        "1. Công tác tuyên truyền",
        "1.250 lượt người tham gia",
        "V. ĐỀ XUẤT, KIẾN NGHỊ",
        "(b/c);",
        "Lê Thị Hồng Nhung",
    ] {
        assert!(text.contains(expected), "{expected} missing from the report PDF:\n{text}");
    }
    let revised: serde_json::Value = serde_json::from_str(&ok(dir.path(), &["--json", "report", "revise", "--period", &period])).unwrap();
    assert_eq!((revised["revision"].as_i64(), revised["state"].as_str()), (Some(2), Some("draft")));
}

#[test]
fn a_plan_is_imported_from_text_and_listed() {
    let dir = installed();
    let seed = test_data("seed/ke-hoach-doan-ket-sang-tao-2022.txt");
    let id = ok(dir.path(), &["plan", "import", seed.to_str().unwrap()]);
    let id = id.trim();
    assert_eq!(id.len(), 36, "prints the new plan's id: {id}");
    let list = ok(dir.path(), &["plan", "list"]);
    assert!(list.contains(id) && list.contains("2022  KẾ HOẠCH Triển khai thực hiện Phong trào thi đua"), "{list}");
    let shown = ok(dir.path(), &["plan", "show", id]);
    assert!(
        shown.contains(
            "II. NHIỆM VỤ VÀ GIẢI PHÁP NĂM 2022\n  1. Tuyên truyền về phong trào “Đoàn kết sáng tạo”\n    - Nội dung tuyên truyền"
        ),
        "{shown}"
    );
    assert!(shown.ends_with("TM. BAN THƯỜNG TRỰC\nPHÓ CHỦ TỊCH\nTrịnh Quang Huy\n"), "{shown}");
    let pdf = dir.path().join("ke-hoach.pdf");
    ok(dir.path(), &["plan", "pdf", id, "-o", pdf.to_str().unwrap()]);
    let text = String::from_utf8(Command::new("pdftotext").arg(&pdf).arg("-").output().unwrap().stdout).unwrap();
    assert!(text.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") && text.contains("Trịnh Quang Huy"), "{text}");
    // The same plan gives the same file, byte for byte.
    let again = dir.path().join("ke-hoach-2.pdf");
    ok(dir.path(), &["plan", "pdf", id, "-o", again.to_str().unwrap()]);
    assert!(std::fs::read(&pdf).unwrap() == std::fs::read(&again).unwrap(), "two prints of one plan differ");
    let before = digest(dir.path());
    let err = refused(dir.path(), &["plan", "pdf", id, "-o", dir.path().join("khong-co/ke-hoach.pdf").to_str().unwrap()]);
    assert!(err.contains("Không ghi được tệp"), "{err}");
    let err = refused(dir.path(), &["plan", "import", test_data("units/tinh-2025-07-01.csv").to_str().unwrap()]);
    assert!(err.contains("Chưa đọc được tệp .csv"), "{err}");
    assert_eq!(digest(dir.path()), before);
}

#[test]
fn the_merger_list_imports_after_both_unit_lists_and_a_commune_tells_where_it_came_from() {
    // A ward of 2021 (Phường Đông Hải), whose code the 2025 list gives to Phường Hạc Thành.
    let dir = installed();
    let merges = test_data("units/thanh-hoa-sap-nhap-2025.csv");
    let before = digest(dir.path());
    let err = refused(dir.path(), &["units", "merges", "import", merges.to_str().unwrap()]);
    assert!(err.contains("mã mới 14797 là Phường Đông Hải trong danh mục hiện hành"), "{err}");
    assert_eq!(digest(dir.path()), before);
    let new_list = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/catalogue/don-vi-cap-xa-2025-07-01.csv");
    ok(dir.path(), &["units", "import", new_list.to_str().unwrap()]);
    let err = refused(dir.path(), &["units", "merges", "import", merges.to_str().unwrap(), "--effective", "31/02/2025"]);
    assert!(err.contains("Ngày «31/02/2025» không hợp lệ"), "{err}");
    let done: serde_json::Value =
        serde_json::from_str(&ok(dir.path(), &["--json", "units", "merges", "import", merges.to_str().unwrap()])).unwrap();
    assert_eq!((done["new_units"].as_u64(), done["code_reused"].as_u64()), (Some(166), Some(162)));
    let history: serde_json::Value = serde_json::from_str(&ok(dir.path(), &["--json", "units", "history", "14797"])).unwrap();
    assert_eq!(history["name"], "Phường Hạc Thành");
    let from = history["came_from"].as_array().unwrap();
    assert_eq!(from.len(), 12);
    let dong_tho = from.iter().find(|f| f["code"] == "14758").unwrap();
    assert_eq!((dong_tho["share"].as_str(), dong_tho["shared_with"][0].as_str()), (Some("phần lớn"), Some("Phường Hàm Rồng")));
    let human = ok(dir.path(), &["units", "history", "14758"]);
    assert!(human.contains("14758  Phường Đông Thọ — Thành phố Thanh Hóa (một phần; lịch sử tính ở Phường Hạc Thành)"), "{human}");
}

/// `thidua guide -o FILE --screens DIR` writes the user guide from the screenshots in DIR, and
/// names the first one missing (exit 1, no file written) when DIR lacks one.
#[test]
fn the_guide_is_written_from_the_screenshots_and_a_missing_one_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let screens = tmp.path().join("anh");
    std::fs::create_dir(&screens).unwrap();
    let out = tmp.path().join("huong-dan.pdf");
    let args = ["guide", "-o", out.to_str().unwrap(), "--screens", screens.to_str().unwrap()];
    let first = thidua_guide::screens().next().unwrap();
    let said = refused(tmp.path(), &args);
    assert!(said.contains(&format!("«{first}.png»")), "{said}");
    assert!(!out.exists(), "a refused guide leaves no file");

    for name in thidua_guide::screens() {
        let file = std::fs::File::create(screens.join(format!("{name}.png"))).unwrap();
        let mut encoder = png::Encoder::new(std::io::BufWriter::new(file), 64, 40);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.write_header().unwrap().write_image_data(&[180; 64 * 40 * 3]).unwrap();
    }
    let said = ok(tmp.path(), &args);
    assert!(said.starts_with(&format!("Đã ghi hướng dẫn sử dụng vào {}", out.display())), "{said}");
    assert!(said.contains("  1. Cài đặt lần đầu — trang 3"), "{said}");
    assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF-"));

    // Installed, the program carries the guide, not its screenshots: `thidua guide -o` without
    // --screens copies the guide beside it, and says where each section begins.
    let bin = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let program = bin.path().join(std::path::Path::new(env!("CARGO_BIN_EXE_thidua")).file_name().unwrap());
    std::fs::hard_link(env!("CARGO_BIN_EXE_thidua"), &program)
        .or_else(|_| std::fs::copy(env!("CARGO_BIN_EXE_thidua"), &program).map(drop))
        .unwrap();
    let copy = tmp.path().join("ban-sao.pdf");
    let installed = |args: &[&str]| Command::new(&program).args(args).output().unwrap();
    let said = installed(&["guide", "-o", copy.to_str().unwrap()]);
    assert_eq!(said.status.code(), Some(1));
    let said = String::from_utf8(said.stderr).unwrap();
    assert!(said.contains("Không tìm thấy tệp Hướng dẫn sử dụng (huong-dan-su-dung.pdf)"), "{said}");
    assert!(!copy.exists());
    std::fs::copy(&out, bin.path().join(thidua_guide::GUIDE_FILE)).unwrap();
    let said = installed(&["guide", "-o", copy.to_str().unwrap()]);
    assert!(said.status.success());
    let said = String::from_utf8(said.stdout).unwrap();
    assert!(said.contains("  1. Cài đặt lần đầu — trang 3"), "{said}");
    assert_eq!(std::fs::read(&copy).unwrap(), std::fs::read(&out).unwrap());
}
