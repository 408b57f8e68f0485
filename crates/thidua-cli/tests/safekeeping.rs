//! Never losing a ward's work, from the command line: automatic backups before imports, the
//! copy for a USB stick, the move to a new laptop with re-enrolment, and the refusals (a copy
//! of another unit, a newer program's backup, a damaged copy, a full disk, a busy database).

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use support::*;

fn backups(dir: &Path) -> Vec<serde_json::Value> {
    serde_json::from_str::<Vec<serde_json::Value>>(&ok(dir, &["backups", "--json"])).unwrap()
}

fn add_initiative(ward: &Path, title: &str) {
    ok(
        ward,
        &["record", "add", "initiative", "--title", title, "--authors", "Tổ 3", "--registered-on", "2022-05-05", "--status", "dang_ky"],
    );
}

#[test]
fn a_ward_moves_to_a_new_laptop_from_its_usb_copy_and_the_city_re_enrols_it_with_the_history_intact() {
    let (tmp, out) = demo(2);
    let city = out.join("city");
    let old_laptop = wards(&out)[0].clone();
    let code = old_laptop.file_name().unwrap().to_str().unwrap().to_owned();
    add_initiative(&old_laptop, "Sáng kiến trước khi đổi máy");

    // The copy on the USB stick: a folder given, the file named after the unit.
    let usb = tmp.path().join("USB Kingston");
    std::fs::create_dir(&usb).unwrap();
    let text = ok(&old_laptop, &["copy-all", usb.to_str().unwrap()]);
    assert!(text.contains("không có khóa riêng"), "{text}");
    let copy_code = copy_code_of(&text);
    let copies: Vec<PathBuf> = std::fs::read_dir(&usb).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(copies.len(), 1, "only the finished copy is on the stick: {copies:?}");
    let copy = &copies[0];
    let copy_name = copy.file_name().unwrap().to_string_lossy().into_owned();
    assert!(copy_name.starts_with(&format!("ThiDua-{code}-")) && copy_name.ends_with(".thidua-bansao"), "{copy_name}");
    // It is an ordinary zip another program can test, and it holds no private key.
    let listing = Command::new("unzip").arg("-l").arg(copy).output().unwrap();
    let listing = String::from_utf8_lossy(&listing.stdout);
    assert!(listing.contains("thidua.sqlite3") && listing.contains("thidua-ban-sao.json"), "{listing}");
    assert!(!listing.contains("signing.key"), "{listing}");
    let history = ok(&old_laptop, &["record", "list", "initiative"]);

    // The new laptop: an empty data folder with a Vietnamese name.
    let new_laptop = tmp.path().join("Máy mới của Lan");
    // Without the code, or with another, the copy is refused (issue 19: a copy edited with
    // recomputed checksums once restored silently).
    let err = refused(&new_laptop, &["restore", copy.to_str().unwrap()]);
    assert!(err.contains("cần mã bản sao"), "{err}");
    let err = refused(&new_laptop, &["restore", copy.to_str().unwrap(), "--code", "AAAA-BBBB-CCCC-DDDD"]);
    assert!(err.contains("Mã bản sao không đúng"), "{err}");
    let forged = tmp.path().join("sua.thidua-bansao");
    forge_copy(copy, &forged);
    let err = refused(&new_laptop, &["restore", forged.to_str().unwrap(), "--code", &copy_code]);
    assert!(err.contains("đã bị sửa sau khi chép"), "{err}");
    let text = ok(&new_laptop, &["restore", copy.to_str().unwrap(), "--code", &copy_code.to_lowercase()]);
    assert!(text.contains("Đã khôi phục dữ liệu của") && text.contains("khóa ký mới"), "{text}");
    assert!(text.contains("nghe mã xác nhận khóa của cấp trên"), "{text}");
    let new_fingerprint: String = text.split("mã xác nhận ").nth(1).unwrap().chars().take(29).collect();
    assert_eq!(ok(&new_laptop, &["record", "list", "initiative"]), history, "the registers came across whole");
    let report = ok(&new_laptop, &["report", "show", "--period", "2022-H1"]);
    assert!(report.contains("Đã gửi"), "the sent report's state came across: {report}");

    // The new key goes up as an identity file and a phone call; the city revokes the old one.
    let identity = tmp.path().join("dinh-danh-may-moi.json");
    let text = ok(&new_laptop, &["identity", "export", "-o", identity.to_str().unwrap()]);
    assert!(text.contains(&new_fingerprint), "{text}");
    let err = refused(&city, &["enroll", identity.to_str().unwrap(), "--fingerprint", &new_fingerprint]);
    assert!(err.contains("đang có khóa khác") && err.contains("thu hồi khóa cũ"), "{err}");
    ok(&city, &["revoke", &code, "--reason", "đổi máy tính"]);
    let text = ok(&city, &["enroll", identity.to_str().unwrap(), "--fingerprint", &new_fingerprint]);
    assert!(text.contains("Đã ghi danh"), "{text}");

    // The city's key came in the copy: its bundles wait until the clerk confirms it by phone.
    let roster = tmp.path().join("danh-sach-khoa.thidua");
    ok(&city, &["bundle", "export", "--kind", "roster", "--to", &code, "-o", roster.to_str().unwrap()]);
    let err = refused(&new_laptop, &["bundle", "import", roster.to_str().unwrap()]);
    assert!(err.contains("cần được xác nhận lại"), "{err}");
    let keys = ok(&new_laptop, &["key", "list"]);
    assert!(keys.contains("chờ xác nhận"), "{keys}");
    let city_fingerprint = ok(&city, &["key", "show"]).lines().nth(1).unwrap().trim_start_matches("Mã xác nhận: ").to_owned();
    let mut misheard: Vec<char> = city_fingerprint.chars().collect();
    misheard[2] = if misheard[2] == '1' { '7' } else { '1' };
    let err = refused(&new_laptop, &["key", "confirm", "--fingerprint", &misheard.into_iter().collect::<String>()]);
    assert!(err.contains("Nhóm thứ 1"), "{err}");
    let text = ok(&new_laptop, &["key", "confirm", "--fingerprint", &city_fingerprint]);
    assert!(text.contains("Đã xác nhận khóa của"), "{text}");
    let text = ok(&new_laptop, &["bundle", "import", roster.to_str().unwrap()]);
    assert!(text.contains("ĐÃ NHẬP"), "{text}");

    // The old laptop (stolen, say) can no longer report for the ward...
    add_initiative(&old_laptop, "Báo cáo từ máy cũ");
    ok(&old_laptop, &["report", "revise", "--period", "2022-H1"]);
    let from_old = tmp.path().join("tu-may-cu.thidua");
    ok(&old_laptop, &["bundle", "export", "--period", "2022-H1", "-o", from_old.to_str().unwrap()]);
    let before = digest(&city);
    let err = refused(&city, &["bundle", "import", from_old.to_str().unwrap()]);
    assert!(err.contains("TỪ CHỐI") && err.contains("thu hồi"), "{err}");
    assert_eq!(digest(&city), before);

    // ...while the new one does, and the city keeps every revision.
    add_initiative(&new_laptop, "Sáng kiến trên máy mới");
    ok(&new_laptop, &["report", "revise", "--period", "2022-H1"]);
    let from_new = tmp.path().join("tu-may-moi.thidua");
    ok(&new_laptop, &["bundle", "export", "--period", "2022-H1", "-o", from_new.to_str().unwrap()]);
    let text = ok(&city, &["bundle", "import", from_new.to_str().unwrap()]);
    assert!(text.contains("ĐÃ NHẬP"), "{text}");
    assert_eq!(status(&city)["counts"]["reports"], 3, "two wards' first reports and the new laptop's revision");
    assert_eq!(status(&new_laptop)["counts"]["bundles_sent"], 2, "the sending history came across");
}

#[test]
fn an_import_takes_a_backup_first_and_the_backup_restores_what_was_there() {
    let (_tmp, out) = demo(1);
    let ward = wards(&out)[0].clone();
    let city = out.join("city");
    let before_import = digest(&city);
    let already: usize = backups(&city).len();
    // A template the city made for the ward, filled and imported: a backup is taken first.
    let bundle = std::fs::read_dir(out.join("bundles"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().contains("bao-cao"));
    ok(&city, &["bundle", "import", bundle.unwrap().to_str().unwrap(), "--dry-run"]);
    assert_eq!(backups(&city).len(), already, "a dry run writes nothing, not even a backup");
    add_initiative(&ward, "Sáng kiến lần hai");
    ok(&ward, &["report", "revise", "--period", "2022-H1"]);
    let second = out.join("lan-hai.thidua");
    ok(&ward, &["bundle", "export", "--period", "2022-H1", "-o", second.to_str().unwrap()]);
    ok(&city, &["bundle", "import", second.to_str().unwrap()]);
    let list = backups(&city);
    assert_eq!(list.len(), already + 1);
    assert_eq!(list[0]["reason"], "before_import");
    assert_ne!(digest(&city), before_import);
    // The same file again is only a duplicate: nothing to write, so no backup.
    let text = ok(&city, &["bundle", "import", second.to_str().unwrap()]);
    assert!(text.contains("ĐÃ CÓ"), "{text}");
    assert_eq!(backups(&city).len(), already + 1);

    // Restoring the backup taken before the import undoes it; the data as it was is kept too.
    let text = ok(&city, &["restore", list[0]["path"].as_str().unwrap()]);
    assert!(text.contains("Đã khôi phục dữ liệu của Thanh Hóa"), "{text}");
    assert_eq!(digest(&city), before_import);
    let list = backups(&city);
    assert_eq!(list[0]["reason"], "before_restore");
    // The city's key is on this machine: no new key, no re-enrolment.
    assert!(!text.contains("khóa ký mới"), "{text}");
    // And a manual backup goes into the same folder.
    let text = ok(&city, &["backup"]);
    assert!(text.contains("sao-luu") && text.contains("theo-yeu-cau"), "{text}");
}

#[test]
fn a_copy_of_another_unit_a_newer_programs_backup_and_damaged_copies_are_refused_and_change_nothing() {
    let (tmp, out) = demo(2);
    let [first, second] = [wards(&out)[0].clone(), wards(&out)[1].clone()];
    let other = tmp.path().join("other.thidua-bansao");
    let own = tmp.path().join("own.thidua-bansao");
    let own_code = copy_code_of(&ok(&first, &["copy-all", own.to_str().unwrap()]));
    let other_code = copy_code_of(&ok(&second, &["copy-all", other.to_str().unwrap()]));
    let before = digest(&first);
    let err = refused(&first, &["restore", other.to_str().unwrap(), "--code", &other_code]);
    assert!(err.contains("không phải của") && err.contains("thư mục dữ liệu mới"), "{err}");
    assert_eq!(digest(&first), before);

    // A backup written by a newer program.
    let newer = tmp.path().join("moi-hon.thidua-backup");
    ok(&first, &["backup", "-o", newer.to_str().unwrap()]);
    rusqlite::Connection::open(&newer).unwrap().pragma_update(None, "user_version", 99).unwrap();
    let err = refused(&first, &["restore", newer.to_str().unwrap()]);
    assert!(err.contains("phiên bản Thi đua mới hơn"), "{err}");

    // A copy cut short on the stick, one with a byte changed inside the database, one whose
    // contents name a file outside the data folder, and one from a newer program.
    let bytes = std::fs::read(&own).unwrap();
    let cut = tmp.path().join("cut.thidua-bansao");
    std::fs::write(&cut, &bytes[..bytes.len() * 2 / 3]).unwrap();
    let tampered = tmp.path().join("tampered.thidua-bansao");
    rewrite_copy(&own, &tampered, |name, data, _| {
        if name == "thidua.sqlite3" {
            data[5000] ^= 0x40;
        }
    });
    let escaping = tmp.path().join("escaping.thidua-bansao");
    rewrite_copy(&own, &escaping, |name, data, files| {
        if name == "thidua-ban-sao.json" {
            let mut m: serde_json::Value = serde_json::from_slice(data).unwrap();
            m["files"].as_array_mut().unwrap().push(serde_json::json!({"name": "../../thoat.txt", "bytes": 1, "sha256": "00"}));
            *data = serde_json::to_vec(&m).unwrap();
            files.push(("../../thoat.txt".into(), b"x".to_vec()));
        }
    });
    let from_newer = tmp.path().join("newer.thidua-bansao");
    rewrite_copy(&own, &from_newer, |name, data, _| {
        if name == "thidua-ban-sao.json" {
            let mut m: serde_json::Value = serde_json::from_slice(data).unwrap();
            m["version"] = 7.into();
            *data = serde_json::to_vec(&m).unwrap();
        }
    });
    for (bad, says) in [
        (&cut, "không dùng được"),
        (&tampered, "không đúng với mục lục"),
        (&escaping, "đã bị sửa sau khi chép"),
        (&from_newer, "phiên bản Thi đua mới hơn"),
    ] {
        let err = refused(&first, &["restore", bad.to_str().unwrap(), "--code", &own_code]);
        assert!(err.contains(says), "{}: {err}", bad.display());
        assert_eq!(digest(&first), before, "{} changed the data", bad.display());
        assert!(!tmp.path().join("thoat.txt").exists() && !out.join("thoat.txt").exists());
    }
    assert!(std::fs::read_dir(&first).unwrap().all(|e| !e.unwrap().file_name().to_string_lossy().contains("tmp")), "no leftovers");
    // The unit's own copy restores: the same registers, and the upper level's key waiting to
    // be confirmed by phone.
    let registers = ok(&first, &["record", "list", "initiative"]);
    ok(&first, &["restore", own.to_str().unwrap(), "--code", &own_code]);
    assert_eq!(ok(&first, &["record", "list", "initiative"]), registers);
    assert!(ok(&first, &["key", "list"]).contains("chờ xác nhận"));
}

/// The code `copy-all` printed for the label.
fn copy_code_of(text: &str) -> String {
    text.lines().find_map(|l| l.strip_prefix("Mã bản sao: ")).expect("the code is printed").to_owned()
}

/// A copy edited as an attacker would: a figure changed in the database and the table of
/// contents' checksum recomputed to match.
fn forge_copy(src: &Path, dst: &Path) {
    use sha2::Digest;
    let mut db = Vec::new();
    rewrite_copy(src, &tmp_of(dst), |name, data, _| {
        if name == "thidua.sqlite3" {
            data[5000] ^= 0x40;
            db = data.clone();
        }
    });
    let sha = hex::encode(sha2::Sha256::digest(&db));
    rewrite_copy(&tmp_of(dst), dst, |name, data, _| {
        if name == "thidua-ban-sao.json" {
            let mut m: serde_json::Value = serde_json::from_slice(data).unwrap();
            for f in m["files"].as_array_mut().unwrap() {
                if f["name"] == "thidua.sqlite3" {
                    f["sha256"] = sha.clone().into();
                }
            }
            *data = serde_json::to_vec_pretty(&m).unwrap();
        }
    });
}

fn tmp_of(path: &Path) -> PathBuf {
    path.with_extension("tmp.zip")
}

/// Copies a zip, letting `edit` change each entry and add entries.
fn rewrite_copy(src: &Path, dst: &Path, mut edit: impl FnMut(&str, &mut Vec<u8>, &mut Vec<(String, Vec<u8>)>)) {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(std::fs::File::open(src).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(dst).unwrap());
    let mut extra = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().into_owned();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        edit(&name, &mut data, &mut extra);
        out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(&data).unwrap();
    }
    for (name, data) in extra {
        out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap();
}

/// A full disk, made real with the file-size limit (`ulimit -f`): every write past it fails as
/// it would on a full disk or stick. The backup and the copy leave nothing that looks whole,
/// and the data is untouched.
#[cfg(unix)]
#[test]
fn a_full_disk_during_a_backup_a_copy_or_an_import_leaves_no_half_file_and_the_data_intact() {
    let (tmp, out) = demo(1);
    let city = out.join("city");
    let before = digest(&city);
    let db_bytes = std::fs::metadata(city.join("thidua.sqlite3")).unwrap().len();
    let limited = |args: &[&str]| {
        // 1 KB blocks: a quarter of the database fits, then writes fail (SIGXFSZ ignored so
        // the write returns an error, as on a full disk).
        let script = format!("trap '' XFSZ; ulimit -f {}; exec \"$@\"", db_bytes / 4096);
        Command::new("bash")
            .arg("-c")
            .arg(script)
            .arg("thidua")
            .arg(env!("CARGO_BIN_EXE_thidua"))
            .arg("--data-dir")
            .arg(&city)
            .args(args)
            .env_remove("THIDUA_DATA_DIR")
            .output()
            .unwrap()
    };
    let backups_before = backups(&city).len();
    let o = limited(&["backup"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("Không ghi được bản sao lưu") && err.contains("đầy"), "{err}");
    assert_eq!(backups(&city).len(), backups_before, "no half backup in the list");
    let leftovers: Vec<String> = std::fs::read_dir(city.join("sao-luu"))
        .map(|d| d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).filter(|n| !n.ends_with(".thidua-backup")).collect())
        .unwrap_or_default();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    let usb = tmp.path().join("usb");
    std::fs::create_dir(&usb).unwrap();
    let o = limited(&["copy-all", usb.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("Không") && err.contains("đầy"), "{err}");
    assert_eq!(std::fs::read_dir(&usb).unwrap().count(), 0, "nothing on the stick");

    // An import cannot start without its backup.
    let ward = wards(&out)[0].clone();
    add_initiative(&ward, "Sáng kiến lần hai");
    ok(&ward, &["report", "revise", "--period", "2022-H1"]);
    let second = tmp.path().join("lan-hai.thidua");
    ok(&ward, &["bundle", "export", "--period", "2022-H1", "-o", second.to_str().unwrap()]);
    let o = limited(&["bundle", "import", second.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stdout));
    assert_eq!(digest(&city), before);
}

/// The app and the CLI on one database: a write waits for the other's transaction, and if it
/// lasts too long the CLI says so in Vietnamese and writes nothing.
#[test]
fn a_write_while_another_program_holds_the_database_waits_then_says_it_is_busy() {
    let dir = tempfile::tempdir().unwrap();
    ok(dir.path(), &["init", "--sample"]);
    let before = digest(dir.path());
    let other = rusqlite::Connection::open(dir.path().join("thidua.sqlite3")).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let out = thidua(
        dir.path(),
        &["record", "add", "initiative", "--title", "Chờ", "--authors", "Tổ 1", "--registered-on", "2022-05-05", "--status", "dang_ky"],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("đang được một chương trình khác ghi"), "{err}");
    other.execute_batch("ROLLBACK").unwrap();
    assert_eq!(digest(dir.path()), before);
    add_initiative(dir.path(), "Sau khi chương trình kia xong");
    assert_ne!(digest(dir.path()), before);
}
