//! Bundles from the command line: the demo cycle, enrolment by fingerprint, import exit codes,
//! and an importing process killed at random moments that never leaves half a bundle.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use std::time::{Duration, Instant};
use support::*;

#[test]
fn the_demo_folders_are_ordinary_data_directories_and_import_reports_each_files_outcome() {
    let (tmp, out) = demo(3);
    let city = out.join("city");
    let s = status(&city);
    assert_eq!(s["counts"]["reports"], 3);
    assert_eq!(s["counts"]["bundles_received"], 3);
    let bundles: Vec<PathBuf> = std::fs::read_dir(out.join("bundles"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains("bao-cao"))
        .collect();
    assert_eq!(bundles.len(), 3);
    // All already in: exit 0, each file said so.
    let args: Vec<&str> = ["bundle", "import"].into_iter().chain(bundles.iter().map(|p| p.to_str().unwrap())).collect();
    let text = ok(&city, &args);
    assert_eq!(text.matches("ĐÃ CÓ").count(), 3, "{text}");
    // One bad file among good ones: exit 1, the others still reported, nothing changed.
    let junk = tmp.path().join("hỏng.thidua");
    std::fs::write(&junk, b"PK\x03\x04 not really").unwrap();
    let before = status(&city)["digest"].clone();
    let text = refused(&city, &["bundle", "import", bundles[0].to_str().unwrap(), junk.to_str().unwrap()]);
    assert!(text.contains("ĐÃ CÓ") && text.contains("TỪ CHỐI") && text.contains("hỏng.thidua"), "{text}");
    assert_eq!(status(&city)["digest"], before);
    let log = ok(&city, &["bundle", "log", "--limit", "1"]);
    assert!(log.contains("refused") && log.contains("hỏng.thidua"), "{log}");
    let inspect = ok(&city, &["bundle", "inspect", bundles[0].to_str().unwrap()]);
    assert!(inspect.contains("Chữ ký hợp lệ") && inspect.contains("payload.json"), "{inspect}");
    // The upper clerk can start a ward's chain again, with a reason (exit 1 without one).
    let ward_code = wards(&out)[0].file_name().unwrap().to_str().unwrap().to_owned();
    let err = refused(&city, &["bundle", "reset-chain", &ward_code, "--reason", ""]);
    assert!(err.contains("Cần ghi lý do"), "{err}");
    let text = ok(&city, &["bundle", "reset-chain", &ward_code, "--reason", "Phường khôi phục bản sao lưu cũ"]);
    assert!(text.contains("Đã đặt lại chuỗi gói của") && text.contains("gói đầu của chuỗi mới"), "{text}");
    // And can send the ward back what it holds of it; the ward takes it like any bundle.
    let back = tmp.path().join("gui-tra.thidua");
    ok(&city, &["bundle", "export", "--kind", "returned", "--to", &ward_code, "-o", back.to_str().unwrap()]);
    let text = ok(&wards(&out)[0], &["bundle", "import", back.to_str().unwrap()]);
    assert!(text.contains("ĐÃ NHẬP") && text.contains("0 bản ghi sổ theo dõi được khôi phục"), "{text}");
    // A ward's folder works the same way: it has the plan bundle and its sent report.
    let ward = &wards(&out)[0];
    assert_eq!(status(ward)["counts"]["bundles_sent"], 1);
    let report = ok(ward, &["report", "show", "--period", "2022-H1"]);
    assert!(report.contains("Đã gửi"), "{report}");
}

#[test]
fn enrolment_checks_the_fingerprint_heard_on_the_phone_group_by_group() {
    let (tmp, out) = demo(1);
    let ward = &wards(&out)[0];
    let city = out.join("city");
    // Revoke, then re-enrol the ward's identity as after moving to a new laptop.
    ok(&city, &["revoke", ward.file_name().unwrap().to_str().unwrap(), "--reason", "đổi máy"]);
    // The new laptop has the data but none of the old one's private keys.
    std::fs::remove_file(ward.join("signing.key")).unwrap();
    std::fs::remove_dir_all(ward.join("khoa-rieng")).unwrap();
    let id = tmp.path().join("dinh-danh.json");
    let text = ok(ward, &["identity", "export", "-o", id.to_str().unwrap()]);
    let fingerprint = text.lines().find_map(|l| l.strip_prefix("Mã xác nhận để đọc qua điện thoại: ")).unwrap().to_owned();
    assert_eq!(ok(ward, &["key", "show"]).lines().nth(1).unwrap(), format!("Mã xác nhận: {fingerprint}"));
    let mut misheard: Vec<char> = fingerprint.chars().collect();
    misheard[13] = if misheard[13] == '1' { '7' } else { '1' };
    let misheard: String = misheard.into_iter().collect();
    let before = status(&city)["digest"].clone();
    let err = refused(&city, &["enroll", id.to_str().unwrap(), "--fingerprint", &misheard]);
    assert!(err.contains("Nhóm thứ 3"), "{err}");
    let err = refused(&city, &["enroll", id.to_str().unwrap(), "--fingerprint", "1234"]);
    assert!(err.contains("25 chữ số"), "{err}");
    assert_eq!(status(&city)["digest"], before);
    let text = ok(&city, &["enroll", id.to_str().unwrap(), "--fingerprint", &fingerprint.replace(' ', "-")]);
    assert!(text.contains("Đã ghi danh"), "{text}");
    // The new laptop's next report goes in; the history stays.
    ok(ward, &["report", "revise", "--period", "2022-H1"]);
    let b = tmp.path().join("sau-khi-doi-may.thidua");
    ok(ward, &["bundle", "export", "--period", "2022-H1", "-o", b.to_str().unwrap()]);
    let text = ok(&city, &["bundle", "import", b.to_str().unwrap()]);
    assert!(text.contains("ĐÃ NHẬP"), "{text}");
    assert_eq!(status(&city)["counts"]["reports"], 2);
}

/// Kills `thidua bundle import` at random moments, many times; each time the database is sound
/// and every bundle is either fully applied or not at all.
#[test]
fn an_import_killed_at_any_moment_leaves_each_bundle_all_or_nothing() {
    let (tmp, out) = demo(6);
    let city = out.join("city");
    let mut bundles = Vec::new();
    for (i, ward) in wards(&out).iter().enumerate() {
        ok(
            ward,
            &[
                "record",
                "add",
                "initiative",
                "--title",
                "Sáng kiến bổ sung",
                "--authors",
                "Tổ 2",
                "--registered-on",
                "2022-04-04",
                "--status",
                "dang_ky",
            ],
        );
        ok(ward, &["report", "revise", "--period", "2022-H1"]);
        let b = tmp.path().join(format!("lan-2-{i}.thidua"));
        ok(ward, &["bundle", "export", "--period", "2022-H1", "-o", b.to_str().unwrap()]);
        bundles.push(b);
    }
    let pristine = tmp.path().join("pristine");
    ok(&city, &["backup", "-o", pristine.to_str().unwrap()]);
    let import_args = |dir: &Path| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_thidua"));
        c.arg("--data-dir").arg(dir).args(["bundle", "import"]).args(&bundles).env_remove("THIDUA_DATA_DIR");
        c.stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null());
        c
    };
    let fresh = |n: usize| {
        let d = tmp.path().join(format!("run-{n}"));
        std::fs::create_dir_all(&d).unwrap();
        std::fs::copy(&pristine, d.join("thidua.sqlite3")).unwrap();
        std::fs::copy(city.join("signing.key"), d.join("signing.key")).unwrap();
        d
    };
    // How long a whole import takes here, to spread the kills over it.
    let d = fresh(0);
    let started = Instant::now();
    assert!(import_args(&d).status().unwrap().success());
    let full = started.elapsed();
    let mut seed: u64 = 0x5EED;
    let mut partial = 0;
    for n in 1..=20 {
        let d = fresh(n);
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let delay = full.mul_f64((seed >> 33) as f64 / (1u64 << 31) as f64 * 1.1);
        let mut child = import_args(&d).spawn().unwrap();
        std::thread::sleep(delay.max(Duration::from_millis(1)));
        let _ = child.kill();
        let _ = child.wait();
        let conn = rusqlite::Connection::open(d.join("thidua.sqlite3")).unwrap();
        let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(integrity, "ok", "run {n}");
        let applied: i64 = conn.query_row("SELECT count(*) FROM bundles_received WHERE state = 'applied'", [], |r| r.get(0)).unwrap();
        // Each applied bundle brought exactly one report revision and one new initiative.
        let reports: i64 = conn.query_row("SELECT count(*) FROM reports WHERE revision = 2", [], |r| r.get(0)).unwrap();
        let extra: i64 = conn.query_row("SELECT count(*) FROM initiatives WHERE title = 'Sáng kiến bổ sung'", [], |r| r.get(0)).unwrap();
        let with_bundle: i64 = conn
            .query_row(
                "SELECT count(*) FROM reports r JOIN bundles_received b ON b.bundle_id = r.bundle_id WHERE r.revision = 2",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(
            (reports, extra, with_bundle),
            (applied - 6, applied - 6, applied - 6),
            "run {n}: {applied} bundles recorded as applied"
        );
        eprintln!("run {n}: killed after {delay:?} of {full:?}, {} of 6 bundles applied", applied - 6);
        if (7..12).contains(&applied) {
            partial += 1;
        }
        drop(conn);
        // And the interrupted import can simply be run again.
        assert!(import_args(&d).status().unwrap().success(), "run {n}: re-import after the kill");
    }
    assert!(partial > 0, "no kill landed in the middle of an import; the test proved nothing");
}

/// Copies a data directory (the database, the keys, the keyring, the marks of bundles sent).
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// Issue 19: a restore and a key change killed at random moments leave either what was there
/// or what was asked, never a mix: the database is sound, its data is the old or the restored,
/// and the key in use is one the database knows (the old key with nothing recorded, or the new
/// key with its key-change bundle recorded as sent).
#[test]
fn a_restore_or_a_key_change_killed_at_any_moment_leaves_the_old_state_or_the_new() {
    let (tmp, out) = demo(1);
    let ward = &wards(&out)[0];
    let backup = tmp.path().join("cu.thidua-backup");
    ok(ward, &["backup", "-o", backup.to_str().unwrap()]);
    let add = [
        "record",
        "add",
        "initiative",
        "--title",
        "Sáng kiến sau bản sao lưu",
        "--authors",
        "Tổ 3",
        "--registered-on",
        "2022-05-05",
        "--status",
        "dang_ky",
    ];
    ok(ward, &add);
    let pristine = tmp.path().join("pristine");
    copy_dir(ward, &pristine);
    let fingerprint = |d: &Path| ok(d, &["key", "show"]).lines().nth(1).unwrap().to_owned();
    let (old_digest, old_key) = (status(ward)["digest"].clone(), fingerprint(ward));
    let initiatives = |d: &Path| status(d)["counts"]["initiatives"].as_i64().unwrap();
    let (old_count, sent) = (initiatives(ward), status(ward)["counts"]["bundles_sent"].as_i64().unwrap());
    let run = |d: &Path, args: &[&str]| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_thidua"));
        c.arg("--data-dir").arg(d).args(args).env_remove("THIDUA_DATA_DIR");
        c.stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null());
        c
    };
    let fresh = |name: String| {
        let d = tmp.path().join(name);
        copy_dir(&pristine, &d);
        d
    };
    // Each operation once in full: how long it takes, and what it leaves.
    let mut timings = Vec::new();
    let rotated = tmp.path().join("khoa-moi.thidua");
    for (name, args) in
        [("restore", vec!["restore", backup.to_str().unwrap()]), ("rotate", vec!["rotate-key", "-o", rotated.to_str().unwrap()])]
    {
        let d = fresh(format!("{name}-0"));
        let started = Instant::now();
        assert!(run(&d, &args).status().unwrap().success(), "{name}");
        timings.push((name, args, started.elapsed()));
    }
    let restored_count = initiatives(&tmp.path().join("restore-0"));
    assert_eq!(restored_count, old_count - 1, "the restore brought the backup's registers back");
    let mut seed: u64 = 0xC0FFEE;
    let mut between = 0;
    for (name, args, full) in &timings {
        for n in 1..=10 {
            let d = fresh(format!("{name}-{n}"));
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let delay = full.mul_f64((seed >> 33) as f64 / (1u64 << 31) as f64 * 1.1);
            let mut child = run(&d, args).spawn().unwrap();
            std::thread::sleep(delay.max(Duration::from_millis(1)));
            let _ = child.kill();
            let _ = child.wait();
            let s = status(&d);
            assert_eq!(s["integrity"], "ok", "{name} {n}");
            let key = fingerprint(&d);
            let now_sent = s["counts"]["bundles_sent"].as_i64().unwrap();
            match *name {
                "restore" => {
                    // The key the upper level enrolled stays in use whatever the moment.
                    assert_eq!(key, old_key, "{name} {n}");
                    let count = initiatives(&d);
                    assert!(count == old_count || count == restored_count, "{name} {n}: {count} initiatives");
                    if count == old_count {
                        assert_eq!(s["digest"], old_digest, "{name} {n}: old data, unchanged");
                    } else {
                        between += 1;
                    }
                }
                _ => {
                    if key == old_key {
                        assert_eq!((s["digest"].clone(), now_sent), (old_digest.clone(), sent), "{name} {n}: old key, nothing recorded");
                    } else {
                        assert_eq!(now_sent, sent + 1, "{name} {n}: the new key in use with its bundle recorded");
                        between += 1;
                    }
                }
            }
            eprintln!("{name} {n}: killed after {delay:?} of {full:?}");
            // Whatever was left, the next operation works.
            assert!(run(&d, &["report", "show", "--period", "2022-H1"]).status().unwrap().success(), "{name} {n}");
        }
    }
    assert!(between > 0, "no kill landed after an operation's change; the test proved little");
}

#[path = "../../thidua-api/tests/edit_pdf/mod.rs"]
mod edit_pdf;

/// `thidua verify`: the ward's printed report matches at the city (exit 0), a copy with two
/// figures swapped names them (exit 3), a mistyped short code is refused (exit 1).
#[test]
fn verify_says_what_a_printed_report_is_and_what_an_edited_copy_changed() {
    let (tmp, out) = demo(1);
    let ward = &wards(&out)[0];
    let city = out.join("city");
    let pdf = tmp.path().join("bao-cao.pdf");
    ok(ward, &["report", "pdf", "--period", "2022-H1", "-o", pdf.to_str().unwrap()]);
    let text = ok(&city, &["verify", pdf.to_str().unwrap()]);
    assert!(text.starts_with("Báo cáo 6 tháng đầu năm 2022, số 01/BC-") && text.contains("khớp với gói đã nhận ngày"), "{text}");
    let short = text.lines().find_map(|l| l.strip_prefix("Mã ngắn: ")).unwrap().to_owned();
    let by_short: serde_json::Value = serde_json::from_str(&ok(&city, &["--json", "verify", &short])).unwrap();
    assert_eq!(by_short["verdict"], "matches");

    let report: serde_json::Value = serde_json::from_str(&ok(ward, &["--json", "report", "show", "--period", "2022-H1"])).unwrap();
    let figures = report["figures"].as_array().unwrap();
    let a = &figures[0];
    let b = figures.iter().find(|f| f["value"] != a["value"]).unwrap();
    let (a_code, b_code) = (a["code"].as_str().unwrap(), b["code"].as_str().unwrap());
    let edited = tmp.path().join("da-sua.pdf");
    edit_pdf::swap_cells(&pdf, &edited, a_code, b_code);
    let o = thidua(&city, &["verify", edited.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(3), "{text}");
    assert!(text.contains("Bản này đã bị sửa") && text.contains(&format!("  Chỉ tiêu {a_code} ")), "{text}");

    let mut wrong: Vec<char> = short.chars().collect();
    wrong[1] = if wrong[1] == 'A' { 'B' } else { 'A' };
    let err = refused(&city, &["verify", &wrong.into_iter().collect::<String>()]);
    assert!(err.contains("sai ở ký tự kiểm tra"), "{err}");
}
