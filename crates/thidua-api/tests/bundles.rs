//! Bundles between real installations (the demo's province and wards, real SQLite files): what
//! gets through, and everything that must not. A refused file leaves the upper level's data
//! digest exactly as it was.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use thidua_api::{
    BundleOutcome, ImportOutcome, RefusalReason, RegisterKind, ReportState, SIGNING_KEY_FILE, Workspace, demo::Scenario, demo::run_scenario,
};
use thidua_bundle::{Envelope, KeyPair, Sealed};

const PERIOD: &str = "2022-H1";

struct Cycle {
    dir: tempfile::TempDir,
    wards: Vec<String>,
}

impl Cycle {
    /// The demo with `n` wards, all of their first reports imported upstairs.
    fn new(n: usize) -> Self {
        let dir = tempfile::tempdir().unwrap();
        // One movement: these tests follow the bundle chain of the first movement's reports.
        let one =
            Scenario { wards: n, period: PERIOD.into(), keep_wards: true, import: true, at: None, second_movement: false, indicators: 0 };
        let report = run_scenario(&dir.path().join("demo"), &one).unwrap();
        assert_eq!((report.imported, report.refused), (n as u32, 0));
        let wards = report.ward_dirs.iter().map(|d| Path::new(d).file_name().unwrap().to_string_lossy().into_owned()).collect();
        Self { dir, wards }
    }

    fn city_dir(&self) -> PathBuf {
        self.dir.path().join("demo/city")
    }

    fn city(&self) -> Workspace {
        Workspace::open(&self.city_dir()).unwrap()
    }

    fn ward_dir(&self, i: usize) -> PathBuf {
        self.dir.path().join("demo/wards").join(&self.wards[i])
    }

    fn ward(&self, i: usize) -> Workspace {
        Workspace::open(&self.ward_dir(i)).unwrap()
    }

    fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// A bundle first exported by ward `i` (the demo's report bundle).
    fn demo_report(&self, i: usize) -> PathBuf {
        self.dir.path().join("demo/bundles").join(format!("{}-bao-cao-{PERIOD}.thidua", self.wards[i]))
    }
}

fn digest(ws: &Workspace) -> String {
    ws.status().unwrap().digest
}

fn import(ws: &mut Workspace, path: &Path) -> ImportOutcome {
    ws.import_bundles(&[path], false).unwrap().remove(0)
}

/// A matcher of refusal reasons: `reason!(Damaged { .. })`, with an optional guard.
macro_rules! reason {
    ($($p:tt)*) => {
        |r: &RefusalReason| {
            use RefusalReason::*;
            matches!(r, $($p)*)
        }
    };
}

fn assert_refused(ws: &mut Workspace, path: &Path, expected: impl Fn(&RefusalReason) -> bool) {
    let before = digest(ws);
    let o = import(ws, path);
    assert_eq!(o.outcome, BundleOutcome::Refused, "{}: {}", path.display(), o.message);
    let reason = o.reason.clone().expect("a refusal has its reason");
    assert!(expected(&reason), "{}: refused for {reason:?}", path.display());
    assert_eq!(o.message, reason.message());
    assert_eq!(digest(ws), before, "a refused bundle changed data: {}", o.message);
    let log = ws.import_log(1).unwrap();
    assert_eq!((log[0].outcome, log[0].message.as_str()), (BundleOutcome::Refused, o.message.as_str()));
}

/// Re-seals a genuine bundle after an edit, with the sender's own key: what a buggy or foreign
/// program holding the key could send. Such a program prints no verification code, so the
/// report's is dropped (one kept over edited content is refused: `tests/verification.rs`).
fn reseal(from: &Path, key_dir: &Path, to: &Path, edit: impl FnOnce(&mut Envelope, &mut Value)) {
    let key = KeyPair::load(&key_dir.join(SIGNING_KEY_FILE)).unwrap();
    let v = Sealed::read(&std::fs::read(from).unwrap()).unwrap().verify(&key.public()).unwrap();
    let mut env = Envelope::from(v.manifest.clone());
    let mut payload: Value = serde_json::from_slice(v.payload()).unwrap();
    if let Some(p) = payload.as_object_mut() {
        p.remove("verification_code");
    }
    edit(&mut env, &mut payload);
    let sealed = thidua_bundle::seal(env, &serde_json::to_vec(&payload).unwrap(), v.document(), &key).unwrap();
    std::fs::write(to, sealed.bytes).unwrap();
}

fn figure(ws: &Workspace, unit: &str, code: &str) -> Option<i64> {
    ws.received_figure(unit, PERIOD, code).unwrap()
}

#[test]
fn the_demo_cycle_lands_every_wards_report_and_records_upstairs_and_a_second_import_changes_nothing() {
    let c = Cycle::new(3);
    let mut city = c.city();
    let status = city.status().unwrap();
    assert_eq!(status.counts["reports"], 3);
    assert_eq!(status.counts["bundles_received"], 3);
    for i in 0..3 {
        let ward = c.ward(i);
        let view = ward.report(PERIOD).unwrap();
        assert_eq!(view.state, ReportState::Sent);
        for f in &view.figures {
            assert_eq!(figure(&city, &c.wards[i], &f.code), f.value, "{} {}", c.wards[i], f.code);
        }
        let mine = ward.status().unwrap().counts["initiatives"];
        assert!(mine > 0);
    }
    let wards_initiatives: i64 = (0..3).map(|i| c.ward(i).status().unwrap().counts["initiatives"]).sum();
    assert_eq!(status.counts["initiatives"], wards_initiatives);

    let before = digest(&city);
    let again = import(&mut city, &c.demo_report(0));
    assert_eq!(again.outcome, BundleOutcome::Duplicate);
    assert!(again.message.contains("đã nhập ngày") && again.message.contains(" lúc "), "{}", again.message);
    assert_eq!(digest(&city), before);
}

#[test]
fn damaged_foreign_misaddressed_and_unenrolled_bundles_are_refused_and_change_nothing() {
    let c = Cycle::new(2);
    let mut city = c.city();
    let genuine = std::fs::read(c.demo_report(0)).unwrap();
    // A fresh file, so these are not duplicates of what was imported.
    let mut w = c.ward(0);
    w.revise_report(PERIOD).unwrap();
    let fresh = c.file("fresh.thidua");
    w.export_report_bundle(PERIOD, &fresh).unwrap();
    let fresh_bytes = std::fs::read(&fresh).unwrap();

    let mut flipped = fresh_bytes.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x01;
    std::fs::write(c.file("flipped.thidua"), &flipped).unwrap();
    assert_refused(&mut city, &c.file("flipped.thidua"), reason!(Damaged { .. } | BadSignature | HashMismatch { .. }));

    std::fs::write(c.file("truncated.thidua"), &fresh_bytes[..fresh_bytes.len() - 100]).unwrap();
    assert_refused(&mut city, &c.file("truncated.thidua"), reason!(Damaged { .. }));

    std::fs::write(c.file("note.thidua"), "Kính gửi Ban Thường trực").unwrap();
    assert_refused(&mut city, &c.file("note.thidua"), reason!(NotABundle));

    // Ward 0's genuine bundle carried to ward 1: not addressed to it.
    let mut ward1 = c.ward(1);
    assert_refused(&mut ward1, &c.demo_report(0), reason!(WrongRecipient { here, .. } if here.starts_with("Phường")));

    // A bundle edited after signing (the sender claims to be ward 1).
    let mut e = entries(&genuine);
    let manifest = String::from_utf8(e[0].1.clone()).unwrap();
    e[0].1 = manifest.replace(&format!("\"{}\"", c.wards[0]), &format!("\"{}\"", c.wards[1])).into_bytes();
    std::fs::write(c.file("edited.thidua"), rezip(&e)).unwrap();
    assert_refused(&mut city, &c.file("edited.thidua"), reason!(BadSignature));

    // A ward the city never enrolled: same shape, unknown key.
    let stranger_dir = c.file("stranger");
    std::fs::create_dir_all(&stranger_dir).unwrap();
    std::fs::copy(c.ward_dir(1).join("thidua.sqlite3"), stranger_dir.join("thidua.sqlite3")).unwrap();
    let mut stranger = Workspace::open(&stranger_dir).unwrap(); // no key file: it makes a new one
    stranger.revise_report(PERIOD).unwrap();
    stranger.export_report_bundle(PERIOD, &c.file("stranger.thidua")).unwrap();
    assert_refused(&mut city, &c.file("stranger.thidua"), reason!(KeyNotEnrolled { .. }));

    // Genuine key, payload that is not what the manifest says (period mismatch), signed anew.
    reseal(&fresh, &c.ward_dir(0), &c.file("mismatch.thidua"), |_, p| p["period"] = json!("2022"));
    assert_refused(&mut city, &c.file("mismatch.thidua"), reason!(BadPayload { detail } if detail.contains("kỳ báo cáo")));

    // A record that claims another unit's record id.
    let other_id = c.ward(1).list_records(&thidua_api::RecordQuery::all(RegisterKind::Initiative)).unwrap().rows[0].id.to_string();
    reseal(&fresh, &c.ward_dir(0), &c.file("hijack.thidua"), |_, p| {
        let recs = p["records"].as_array_mut().unwrap();
        let i = recs.iter().position(|r| r["register"] == "initiative").unwrap();
        recs[i]["id"] = json!(other_id);
        recs[i]["version"] = json!(99);
    });
    assert_refused(&mut city, &c.file("hijack.thidua"), reason!(NotApplicable { detail } if detail.contains("thuộc đơn vị khác")));

    // After all that, the genuine fresh bundle still goes in.
    assert_eq!(import(&mut city, &fresh).outcome, BundleOutcome::Applied);
}

fn entries(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut a = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..a.len())
        .map(|i| {
            let mut f = a.by_index(i).unwrap();
            let mut v = Vec::new();
            std::io::Read::read_to_end(&mut f, &mut v).unwrap();
            (f.name().unwrap().into_owned(), v)
        })
        .collect()
}

fn rezip(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    use std::io::Write;
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .last_modified_time(zip::DateTime::DEFAULT)
        .unix_permissions(0o644)
        .system(zip::System::Unix);
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in entries {
        z.start_file(name.as_str(), options).unwrap();
        z.write_all(data).unwrap();
    }
    z.finish().unwrap().into_inner()
}

#[test]
fn nfd_text_in_a_payload_is_stored_as_nfc() {
    let c = Cycle::new(1);
    let mut w = c.ward(0);
    w.revise_report(PERIOD).unwrap();
    let fresh = c.file("fresh.thidua");
    w.export_report_bundle(PERIOD, &fresh).unwrap();
    let nfd = "Sa\u{0301}ng kiê\u{0301}n thu gom ra\u{0301}c";
    reseal(&fresh, &c.ward_dir(0), &c.file("nfd.thidua"), |_, p| {
        let recs = p["records"].as_array_mut().unwrap();
        let i = recs.iter().position(|r| r["register"] == "initiative").unwrap();
        recs[i]["fields"]["title"] = json!(nfd);
        recs[i]["version"] = json!(50);
        p["narrative"]["ket_qua"] = json!(nfd);
    });
    let mut city = c.city();
    assert_eq!(import(&mut city, &c.file("nfd.thidua")).outcome, BundleOutcome::Applied);
    drop(city);
    assert_eq!(rusqlite_count(&c.city_dir(), "SELECT count(*) FROM initiatives WHERE title = 'Sáng kiến thu gom rác'"), 1);
    assert_eq!(rusqlite_count(&c.city_dir(), "SELECT count(*) FROM initiatives WHERE title LIKE '%' || char(769) || '%'"), 0);
    let conn = rusqlite_count(&c.city_dir(), "SELECT count(*) FROM reports WHERE narrative LIKE '%' || char(769) || '%'");
    assert_eq!(conn, 0, "NFD stored in a report narrative");
}

fn rusqlite_count(dir: &Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(dir.join("thidua.sqlite3")).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn a_revision_supersedes_an_older_one_which_stays_in_the_history_and_a_different_bundle_under_a_taken_number_waits() {
    let c = Cycle::new(1);
    let mut w = c.ward(0);
    w.revise_report(PERIOD).unwrap();
    w.set_figure(PERIOD, "1.1", Some(999), "Bổ sung 3 buổi tuyên truyền lưu động").unwrap();
    let rev2 = c.file("rev2.thidua");
    w.export_report_bundle(PERIOD, &rev2).unwrap();
    let mut city = c.city();
    let o = import(&mut city, &rev2);
    assert_eq!(o.outcome, BundleOutcome::Applied, "{}", o.message);
    assert!(o.changes[0].contains("lần 2") && o.changes[0].contains("thay lần 1"), "{:?}", o.changes);
    assert_eq!(figure(&city, &c.wards[0], "1.1"), Some(999));
    assert_eq!(city.status().unwrap().counts["reports"], 2, "both revisions kept");
    // The first bundle again, byte for byte, is a duplicate; a different bundle under a number
    // already taken is a conflict for the clerk, and changes nothing until decided.
    assert_eq!(import(&mut city, &c.demo_report(0)).outcome, BundleOutcome::Duplicate);
    reseal(&c.demo_report(0), &c.ward_dir(0), &c.file("replay.thidua"), |_, p| p["narrative"]["ket_qua"] = json!("khác"));
    let replay = import(&mut city, &c.file("replay.thidua"));
    assert_eq!(replay.outcome, BundleOutcome::Conflict, "{}", replay.message);
    assert!(replay.message.contains("đã nhập đến gói số 2"), "{}", replay.message);
    assert_eq!(figure(&city, &c.wards[0], "1.1"), Some(999));
    // Numbers no bundle can carry: 0, and one so far ahead that holding it would block the
    // ward for ever (issue 19: i64::MAX once did).
    for (name, sequence) in [("zero.thidua", 0), ("far.thidua", i64::MAX as u64)] {
        reseal(&rev2, &c.ward_dir(0), &c.file(name), |env, _| env.sequence = sequence);
        assert_refused(&mut city, &c.file(name), reason!(SequenceOutOfRange { next: 3, .. }));
    }
    assert_eq!(city.waiting_bundles().unwrap().len(), 1, "only the conflict waits: nothing held");
}

#[test]
fn a_bundle_whose_predecessor_is_missing_is_held_until_it_arrives() {
    let c = Cycle::new(1);
    let mut w = c.ward(0);
    let (b2, b3) = (c.file("b2.thidua"), c.file("b3.thidua"));
    w.export_report_bundle(PERIOD, &b2).unwrap();
    w.revise_report(PERIOD).unwrap();
    w.set_figure(PERIOD, "1.1", Some(77), "Số liệu bổ sung").unwrap();
    w.export_report_bundle(PERIOD, &b3).unwrap();
    let mut city = c.city();
    let before = digest(&city);
    let held = import(&mut city, &b3);
    assert_eq!(held.outcome, BundleOutcome::Held);
    assert!(held.message.contains("Thiếu gói số 2 của Phường"), "{}", held.message);
    let waiting = city.waiting_bundles().unwrap();
    assert_eq!(waiting.len(), 1);
    assert_ne!(figure(&city, &c.wards[0], "1.1"), Some(77), "a held bundle is not applied");
    assert_ne!(digest(&city), before, "the held bundle is kept in the file");
    assert_eq!(import(&mut city, &b2).outcome, BundleOutcome::Applied);
    assert!(city.waiting_bundles().unwrap().is_empty(), "the held successor was applied");
    assert_eq!(figure(&city, &c.wards[0], "1.1"), Some(77));
}

#[test]
fn a_gap_can_be_bridged_by_the_clerk_and_a_conflict_is_decided_side_by_side() {
    let c = Cycle::new(1);
    // Gap: bundle 3 arrives, bundle 2 is lost; the clerk applies 3 anyway.
    let mut w = c.ward(0);
    w.export_report_bundle(PERIOD, &c.file("lost.thidua")).unwrap();
    w.export_report_bundle(PERIOD, &c.file("b3.thidua")).unwrap();
    let mut city = c.city();
    let held = import(&mut city, &c.file("b3.thidua"));
    let id = held.bundle_id.clone().unwrap();
    assert_eq!(city.resolve_bundle(&id, true).unwrap().outcome, BundleOutcome::Applied);
    assert!(city.import_log(5).unwrap().iter().any(|e| e.outcome == BundleOutcome::Applied));
    // The lost bundle turns up later: its place was skipped, not taken, so it goes in (issue 19:
    // it was refused as an old bundle sent again); a different bundle 2 is then a conflict.
    let late = import(&mut city, &c.file("lost.thidua"));
    assert_eq!(late.outcome, BundleOutcome::Applied, "{}", late.message);
    assert!(late.message.contains("đến sau gói số 3"), "{}", late.message);
    reseal(&c.file("lost.thidua"), &c.ward_dir(0), &c.file("lost-again.thidua"), |_, p| p["narrative"]["ket_qua"] = json!("khác"));
    let again = import(&mut city, &c.file("lost-again.thidua"));
    assert_eq!(again.outcome, BundleOutcome::Conflict, "{}", again.message);
    city.resolve_bundle(&again.bundle_id.unwrap(), false).unwrap();

    // Conflict: the ward's data and key copied by hand to a second laptop (without the
    // keyring); each laptop goes on alone. Laptop A adds a record, renames one, and sends bundles
    // 4 and 5 (two revisions); laptop B renames the same record and sends its own bundle 4.
    let twin_dir = c.file("may-thu-hai");
    std::fs::create_dir_all(&twin_dir).unwrap();
    w.backup(&twin_dir.join("thidua.sqlite3")).unwrap();
    std::fs::copy(c.ward_dir(0).join(SIGNING_KEY_FILE), twin_dir.join(SIGNING_KEY_FILE)).unwrap();
    let mut twin = Workspace::open(&twin_dir).unwrap();
    let shared = w.list_records(&thidua_api::RecordQuery::all(RegisterKind::Initiative)).unwrap().rows[0].id;
    let rename = |ws: &mut Workspace, title: &str| {
        ws.edit_record(RegisterKind::Initiative, shared, json!({"title": title}).as_object().unwrap(), "sửa tên").unwrap();
    };
    let only_a = json!({"title": "Sáng kiến chỉ có ở máy A", "authors": "Tổ 2", "registered_on": "2022-03-03", "status": "dang_ky"});
    w.add_record(RegisterKind::Initiative, only_a.as_object().unwrap()).unwrap();
    rename(&mut w, "Tên sửa ở máy A");
    w.revise_report(PERIOD).unwrap();
    w.set_figure(PERIOD, "1.1", Some(111), "bản A").unwrap();
    w.export_report_bundle(PERIOD, &c.file("b4a.thidua")).unwrap();
    let chosen_revision = w.report(PERIOD).unwrap().revision;
    w.revise_report(PERIOD).unwrap();
    w.set_figure(PERIOD, "1.1", Some(333), "bản A, lần sau").unwrap();
    w.export_report_bundle(PERIOD, &c.file("b5a.thidua")).unwrap();
    rename(&mut twin, "Tên sửa ở máy B");
    twin.revise_report(PERIOD).unwrap();
    twin.set_figure(PERIOD, "1.1", Some(222), "bản B").unwrap();
    twin.export_report_bundle(PERIOD, &c.file("b4b.thidua")).unwrap();
    assert_eq!(twin.report(PERIOD).unwrap().revision, chosen_revision);
    assert_eq!(import(&mut city, &c.file("b4a.thidua")).outcome, BundleOutcome::Applied);
    assert_eq!(import(&mut city, &c.file("b5a.thidua")).outcome, BundleOutcome::Applied);
    let conflict = import(&mut city, &c.file("b4b.thidua"));
    assert_eq!(conflict.outcome, BundleOutcome::Conflict, "{}", conflict.message);
    let waiting = city.waiting_bundles().unwrap();
    assert_eq!(waiting.len(), 1);
    let side = &waiting[0];
    assert!(side.summary.iter().any(|l| l == "Chỉ tiêu 1.1: 222"), "{:?}", side.summary);
    // Beside it, what is in force now: A's later revision.
    assert!(side.applied_summary.iter().any(|l| l == "Chỉ tiêu 1.1: 333"), "{:?}", side.applied_summary);
    assert_eq!(figure(&city, &c.wards[0], "1.1"), Some(333));
    let titles = |city: &Workspace| -> Vec<String> {
        let rows = city.merged_records(RegisterKind::Initiative, PERIOD, "").unwrap();
        rows.iter().map(|m| m.record.fields["title"].as_str().unwrap().to_owned()).collect()
    };
    assert!(titles(&city).iter().any(|t| t == "Sáng kiến chỉ có ở máy A"));
    let audit_rows = || rusqlite_count(&c.city_dir(), "SELECT count(*) FROM received_audit");
    let audit_a = audit_rows();

    // Issue 19, finding 6: choosing laptop B's bundle undoes what A's bundles 4 and 5 did (their
    // revisions, the record only A had, A's rename, A's audit entries): the data is B's chain.
    let resolved = city.resolve_bundle(&conflict.bundle_id.unwrap(), true).unwrap();
    assert_eq!(resolved.outcome, BundleOutcome::Applied, "{}", resolved.message);
    assert!(resolved.changes.iter().any(|l| l.starts_with("Bỏ gói số 5 đã nhập trước: hoàn lại 1 lần báo cáo")), "{:?}", resolved.changes);
    assert_eq!(figure(&city, &c.wards[0], "1.1"), Some(222));
    let view = city.received_report(&c.wards[0], PERIOD).unwrap();
    assert_eq!(view.revision, chosen_revision);
    let titles_now = titles(&city);
    assert!(!titles_now.iter().any(|t| t == "Sáng kiến chỉ có ở máy A"), "{titles_now:?}");
    assert!(titles_now.iter().any(|t| t == "Tên sửa ở máy B") && !titles_now.iter().any(|t| t == "Tên sửa ở máy A"), "{titles_now:?}");
    assert!(audit_rows() < audit_a, "A's audit entries are gone");
    assert!(city.waiting_bundles().unwrap().is_empty());
    // B's chain goes on from its bundle 4.
    twin.revise_report(PERIOD).unwrap();
    twin.export_report_bundle(PERIOD, &c.file("b5b.thidua")).unwrap();
    let next = import(&mut city, &c.file("b5b.thidua"));
    assert_eq!(next.outcome, BundleOutcome::Applied, "{}", next.message);
}

/// Issue 19, finding 5: a ward restores an older backup and numbers its bundles again from
/// there. The upper clerk, told by phone, resets the ward's chain: the ward's next bundle starts
/// a new chain instead of jamming as a conflict, and the entries of the ward's audit trail made
/// after the restore are kept beside those received before, though they reuse their numbers.
#[test]
fn a_ward_that_restored_an_old_backup_continues_after_its_chain_is_reset_and_no_audit_entry_is_lost() {
    let c = Cycle::new(1);
    let mut w = c.ward(0);
    let backup = c.file("ward-backup.sqlite3");
    w.backup(&backup).unwrap();
    let add = |w: &mut Workspace, title: &str| {
        let fields = json!({"title": title, "authors": "Tổ 3", "registered_on": "2022-05-02", "status": "dang_ky"});
        w.add_record(RegisterKind::Initiative, fields.as_object().unwrap()).unwrap();
    };
    add(&mut w, "Sáng kiến trước khi khôi phục");
    w.revise_report(PERIOD).unwrap();
    w.export_report_bundle(PERIOD, &c.file("before.thidua")).unwrap();
    let mut city = c.city();
    assert_eq!(import(&mut city, &c.file("before.thidua")).outcome, BundleOutcome::Applied);
    let audit_rows = |dir: &Path| rusqlite_count(dir, "SELECT count(*) FROM received_audit");
    let before_restore = audit_rows(&c.city_dir());

    // The backup is restored where the keyring did not survive (the clerk moved the database
    // and the key file by hand to a laptop whose disk had been wiped): nothing here knows the
    // bundles sent after the backup.
    w.restore(&backup).unwrap();
    std::fs::remove_dir_all(c.ward_dir(0).join(thidua_api::KEYRING_FOLDER)).unwrap();
    add(&mut w, "Sáng kiến sau khi khôi phục");
    w.revise_report(PERIOD).unwrap();
    w.set_figure(PERIOD, "1.1", Some(321), "Số liệu nhập lại").unwrap();
    let again = w.export_report_bundle(PERIOD, &c.file("after.thidua")).unwrap();
    assert_eq!(again.sequence, 2, "the restored ward numbers its bundles from the backup");

    // The reset needs a reason and a unit that sends bundles here.
    let before = digest(&city);
    assert!(city.reset_chain(&c.wards[0], "  ").unwrap_err().message.contains("lý do"));
    assert!(city.reset_chain("00000", "khôi phục").unwrap_err().message.contains("Không có đơn vị mã 00000"));
    assert_eq!(digest(&city), before);
    let message = city.reset_chain(&c.wards[0], "Phường khôi phục bản sao lưu cũ (điện thoại ngày 02/12)").unwrap();
    assert!(message.contains("gói đầu của chuỗi mới"), "{message}");
    let o = import(&mut city, &c.file("after.thidua"));
    assert_eq!(o.outcome, BundleOutcome::Applied, "{}", o.message);
    assert!(o.message.contains("chuỗi đã được đặt lại"), "{}", o.message);
    assert_eq!(figure(&city, &c.wards[0], "1.1"), Some(321));
    // The new chain goes on in order.
    w.revise_report(PERIOD).unwrap();
    w.export_report_bundle(PERIOD, &c.file("next.thidua")).unwrap();
    assert_eq!(import(&mut city, &c.file("next.thidua")).outcome, BundleOutcome::Applied);
    assert!(city.waiting_bundles().unwrap().is_empty());
    // Every entry the ward made after the restore is in the upper level's copy, beside the ones
    // received before under the same numbers.
    let after_entries =
        rusqlite_count(&c.city_dir(), "SELECT count(*) FROM received_audit WHERE new_value LIKE '%Sáng kiến sau khi khôi phục%'");
    assert!(after_entries >= 1);
    assert!(audit_rows(&c.city_dir()) > before_restore + after_entries - 1);
    assert_eq!(
        rusqlite_count(&c.city_dir(), "SELECT count(*) FROM received_audit WHERE new_value LIKE '%Sáng kiến trước khi khôi phục%'"),
        1,
        "the entry received before is kept once"
    );
    assert_eq!(
        rusqlite_count(&c.city_dir(), "SELECT count(*) FROM audit_log WHERE entity = 'chain' AND reason LIKE 'Phường khôi phục%'"),
        1
    );
}

/// Issue 19, findings 5 and 7: a ward restores a backup taken before it sent a revision and
/// changed its key. The key in use stays in use (the keyring kept it: no new key, no phone
/// call), the clerk is told what the backup lacks, and the next bundle continues the chain and
/// the report's revisions, so the upper level takes it without a conflict.
#[test]
fn restoring_an_older_backup_keeps_the_key_and_the_chain_and_says_what_it_lacks() {
    let c = Cycle::new(1);
    let mut w = c.ward(0);
    let backup = c.file("truoc.sqlite3");
    w.backup(&backup).unwrap();
    w.revise_report(PERIOD).unwrap();
    w.set_figure(PERIOD, "1.1", Some(202), "Bổ sung").unwrap();
    w.export_report_bundle(PERIOD, &c.file("lan-2.thidua")).unwrap();
    w.rotate_key(&c.file("khoa-moi.thidua")).unwrap();
    let key_in_use = w.identity().unwrap().fingerprint;
    let mut city = c.city();
    for f in ["lan-2.thidua", "khoa-moi.thidua"] {
        assert_eq!(import(&mut city, &c.file(f)).outcome, BundleOutcome::Applied, "{f}");
    }

    let restored = w.restore(&backup).unwrap();
    assert_eq!(restored.new_key_fingerprint, None, "no new key: {}", restored.message);
    assert!(restored.message.contains("không có 2 gói đã gửi"), "{}", restored.message);
    assert!(restored.message.contains("mang số 4, nối tiếp chuỗi"), "{}", restored.message);
    assert!(
        restored.message.contains("lần 2 đã gửi không có trong bản sao lưu; bản sửa đổi tiếp theo sẽ là lần 3"),
        "{}",
        restored.message
    );
    assert_eq!(w.identity().unwrap().fingerprint, key_in_use, "the key the upper level enrolled stays in use");
    let own: Vec<_> = w.keys().unwrap().into_iter().filter(|k| k.role == thidua_api::KeyRole::Own).collect();
    assert_eq!(own.len(), 2, "the backup's key and the one in use, no third: {own:?}");

    let revised = w.revise_report(PERIOD).unwrap();
    assert_eq!(revised.revision, 3);
    w.set_figure(PERIOD, "1.1", Some(303), "Nhập lại sau khi khôi phục").unwrap();
    let next = w.export_report_bundle(PERIOD, &c.file("lan-3.thidua")).unwrap();
    assert_eq!(next.sequence, 4);
    let o = import(&mut city, &c.file("lan-3.thidua"));
    assert_eq!(o.outcome, BundleOutcome::Applied, "{}", o.message);
    assert_eq!(figure(&city, &c.wards[0], "1.1"), Some(303));
}

/// Issue 19, finding 7: `rotate-key` committed the database, then wrote the key; a failure
/// between the two left a key change recorded and its bundle written, with no key to match.
/// The new key is now kept first and the change commits in one transaction with the bundle:
/// a failure there changes nothing, and the old key goes on signing.
#[test]
fn a_key_change_that_cannot_be_recorded_changes_nothing() {
    let c = Cycle::new(1);
    let mut w = c.ward(0);
    let before = (w.identity().unwrap().fingerprint, w.status().unwrap().digest);
    // The failure, injected after the new key is kept and before the commit: the database
    // refuses the record of the bundle (as a full disk or an I/O error would).
    let conn = rusqlite::Connection::open(c.ward_dir(0).join("thidua.sqlite3")).unwrap();
    conn.execute_batch("CREATE TRIGGER hong BEFORE INSERT ON bundles_sent BEGIN SELECT RAISE(ABORT, 'lỗi ghi giả lập'); END;").unwrap();
    let dest = c.file("khoa-moi.thidua");
    assert!(w.rotate_key(&dest).is_err());
    assert!(!dest.exists(), "no key-change bundle left to send");
    conn.execute_batch("DROP TRIGGER hong;").unwrap();
    drop(w);
    let mut w = c.ward(0);
    assert_eq!((w.identity().unwrap().fingerprint, w.status().unwrap().digest), before);
    w.revise_report(PERIOD).unwrap();
    w.export_report_bundle(PERIOD, &c.file("sau.thidua")).unwrap();
    let mut city = c.city();
    assert_eq!(import(&mut city, &c.file("sau.thidua")).outcome, BundleOutcome::Applied);
    // The key file itself cannot be written (here, a folder stands in its place): the change
    // still happens whole, the keyring holding the new key.
    let key_file = c.ward_dir(0).join(SIGNING_KEY_FILE);
    std::fs::remove_file(&key_file).unwrap();
    std::fs::create_dir(&key_file).unwrap();
    w.rotate_key(&dest).unwrap();
    assert_ne!(w.identity().unwrap().fingerprint, before.0);
    w.revise_report(PERIOD).unwrap();
    w.export_report_bundle(PERIOD, &c.file("khoa-moi-ky.thidua")).unwrap();
    for f in ["khoa-moi.thidua", "khoa-moi-ky.thidua"] {
        assert_eq!(import(&mut city, &c.file(f)).outcome, BundleOutcome::Applied, "{f}");
    }
}

#[test]
fn a_rotated_key_is_trusted_through_the_old_one_and_a_revoked_key_is_refused() {
    let c = Cycle::new(2);
    let mut w = c.ward(0);
    // Signed with the old key, not delivered before the rotation.
    w.export_report_bundle(PERIOD, &c.file("old-key.thidua")).unwrap();
    let before = w.identity().unwrap().fingerprint;
    w.rotate_key(&c.file("key-change.thidua")).unwrap();
    assert_ne!(w.identity().unwrap().fingerprint, before);
    w.revise_report(PERIOD).unwrap();
    w.export_report_bundle(PERIOD, &c.file("new-key.thidua")).unwrap();
    let mut city = c.city();
    // Delivered in order, old-key bundle, key change, new-key bundle all go in.
    assert_eq!(import(&mut city, &c.file("old-key.thidua")).outcome, BundleOutcome::Applied);
    let o = import(&mut city, &c.file("key-change.thidua"));
    assert_eq!(o.outcome, BundleOutcome::Applied, "{}", o.message);
    assert_eq!(import(&mut city, &c.file("new-key.thidua")).outcome, BundleOutcome::Applied);
    let keys = city.keys().unwrap();
    let ward_keys: Vec<_> = keys.iter().filter(|k| k.unit_code == c.wards[0]).collect();
    assert_eq!(ward_keys.len(), 2);
    assert_eq!(ward_keys.iter().filter(|k| k.revoked_at.is_none()).count(), 1);

    // Revocation: ward 1's laptop is lost.
    let mut w1 = c.ward(1);
    w1.export_report_bundle(PERIOD, &c.file("after-revoke.thidua")).unwrap();
    city.revoke(&c.wards[1], "mất máy").unwrap();
    assert_refused(&mut city, &c.file("after-revoke.thidua"), reason!(KeyRevoked { replaced: false, .. }));
}

#[test]
fn decisions_and_the_roster_come_down_and_the_ward_sees_them() {
    let c = Cycle::new(1);
    let mut city = c.city();
    let decision = c.file("decision.thidua");
    city.review(&c.wards[0], PERIOD, false, "Thiếu số liệu chỉ tiêu 3.2", &decision).unwrap();
    let roster = c.file("roster.thidua");
    city.export_roster_bundle(&c.wards[0], &roster).unwrap();
    let mut w = c.ward(0);
    let o = import(&mut w, &decision);
    assert_eq!(o.outcome, BundleOutcome::Applied, "{}", o.message);
    let view = w.report(PERIOD).unwrap();
    assert_eq!(view.state, ReportState::Returned);
    assert_eq!(view.state_reason, "Thiếu số liệu chỉ tiêu 3.2");
    let o = import(&mut w, &roster);
    assert_eq!(o.outcome, BundleOutcome::Applied, "{}", o.message);
    assert!(o.changes.iter().any(|l| l.contains("có trong danh sách")), "{:?}", o.changes);
    // A ward never accepts an upward kind from its parent, nor a roster from a child.
    let mut city = c.city();
    assert_refused(&mut city, &roster, reason!(WrongRecipient { .. }));
}

#[test]
fn a_dry_run_shows_the_changes_and_writes_nothing_not_even_the_log() {
    let c = Cycle::new(1);
    let mut w = c.ward(0);
    w.add_record(
        RegisterKind::Initiative,
        json!({"title": "Sáng kiến mới", "authors": "Tổ 5", "registered_on": "2022-05-02", "status": "dang_ky"}).as_object().unwrap(),
    )
    .unwrap();
    w.revise_report(PERIOD).unwrap();
    w.export_report_bundle(PERIOD, &c.file("next.thidua")).unwrap();
    let mut city = c.city();
    let (before, log) = (digest(&city), city.import_log(100).unwrap().len());
    let o = city.import_bundles(&[c.file("next.thidua").as_path()], true).unwrap().remove(0);
    assert!(o.dry_run && o.outcome == BundleOutcome::Applied, "{o:?}");
    assert!(o.changes.iter().any(|l| l.starts_with("Sáng kiến") && l.contains("1 mới")), "{:?}", o.changes);
    assert_eq!(digest(&city), before);
    assert_eq!(city.import_log(100).unwrap().len(), log);
}

/// The upper level's business data in a form that does not depend on when things arrived.
fn projection(dir: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(dir.join("thidua.sqlite3")).unwrap();
    let mut out = Vec::new();
    let queries = [
        "SELECT id, unit_id, version, deleted_at, title, status FROM initiatives ORDER BY id",
        "SELECT id, unit_id, version, deleted_at, kind, sessions, participants FROM activities ORDER BY id",
        "SELECT id, unit_id, version, deleted_at, donor, amount FROM resources ORDER BY id",
        "SELECT u.code, r.period_code, r.revision, r.state, r.narrative, (SELECT group_concat(coalesce(value, '-'), ',') FROM (SELECT value FROM report_figures f JOIN indicators i ON i.id = f.indicator_id WHERE f.report_id = r.id ORDER BY i.code)) FROM reports r JOIN units u ON u.id = r.unit_id ORDER BY u.code, r.revision",
        "SELECT sender_unit_id, seq, entity, record_id, action FROM received_audit ORDER BY sender_unit_id, seq, at, entity, record_id, action",
    ];
    for q in queries {
        let mut stmt = conn.prepare(q).unwrap();
        let n = stmt.column_count();
        let rows =
            stmt.query_map([], |r| Ok((0..n).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect::<Vec<_>>().join("|"))).unwrap();
        out.extend(rows.map(Result::unwrap));
    }
    out
}

#[test]
fn wards_edits_delivered_in_any_order_with_duplicates_converge_to_the_in_order_state() {
    let c = Cycle::new(3);
    // A copy of the upper level before any of the new bundles.
    let twin = c.file("twin");
    std::fs::create_dir_all(&twin).unwrap();
    {
        let city = c.city();
        city.backup(&twin.join("thidua.sqlite3")).unwrap();
    }
    std::fs::copy(c.city_dir().join(SIGNING_KEY_FILE), twin.join(SIGNING_KEY_FILE)).unwrap();
    let mut rng = thidua_api::demo::Seeded::new(20_220_630);
    let mut bundles = Vec::new();
    for round in 0..4 {
        for i in 0..3 {
            let mut w = c.ward(i);
            let rows = w.list_records(&thidua_api::RecordQuery::all(RegisterKind::Initiative)).unwrap().rows;
            match rng.range(0, 2) {
                0 => {
                    w.add_record(RegisterKind::Initiative, json!({"title": format!("Sáng kiến vòng {round}"), "authors": "Tổ 1", "registered_on": "2022-03-03", "status": "dang_ky"}).as_object().unwrap()).unwrap();
                }
                1 if !rows.is_empty() => {
                    let r = &rows[rng.range(0, rows.len() as i64 - 1) as usize];
                    w.edit_record(
                        RegisterKind::Initiative,
                        r.id,
                        json!({"title": format!("Sửa ở vòng {round}")}).as_object().unwrap(),
                        "sửa tên",
                    )
                    .unwrap();
                }
                _ if rows.len() > 1 => w.delete_record(RegisterKind::Initiative, rows[0].id, "ghi trùng").unwrap(),
                _ => {}
            }
            if !w.report(PERIOD).unwrap().editable && rng.range(0, 1) == 1 {
                w.revise_report(PERIOD).unwrap();
            }
            let path = c.file(&format!("r{round}-w{i}.thidua"));
            w.export_report_bundle(PERIOD, &path).unwrap();
            bundles.push(path);
        }
    }
    let mut in_order = c.city();
    for b in &bundles {
        assert_eq!(import(&mut in_order, b).outcome, BundleOutcome::Applied);
    }
    // The twin gets them shuffled, each twice or three times.
    let mut shuffled: Vec<&PathBuf> = bundles.iter().chain(bundles.iter()).chain(bundles.iter().step_by(3)).collect();
    for i in (1..shuffled.len()).rev() {
        shuffled.swap(i, rng.range(0, i as i64) as usize);
    }
    let mut twin_ws = Workspace::open(&twin).unwrap();
    for b in shuffled {
        let o = import(&mut twin_ws, b);
        assert!(
            matches!(o.outcome, BundleOutcome::Applied | BundleOutcome::Duplicate | BundleOutcome::Held),
            "{:?}: {}",
            o.outcome,
            o.message
        );
    }
    assert!(twin_ws.waiting_bundles().unwrap().is_empty());
    drop((in_order, twin_ws));
    assert_eq!(projection(&twin), projection(&c.city_dir()));
}

#[test]
fn every_kind_of_hostile_file_is_refused_upstairs_with_its_reason_and_the_digest_unchanged() {
    let c = Cycle::new(1);
    let mut w = c.ward(0);
    w.revise_report(PERIOD).unwrap();
    let fresh = c.file("fresh.thidua");
    w.export_report_bundle(PERIOD, &fresh).unwrap();
    let genuine = entries(&std::fs::read(&fresh).unwrap());
    let mut city = c.city();
    let mut case = |name: &str, bytes: Vec<u8>, expected: &dyn Fn(&RefusalReason) -> bool| {
        let path = c.file(name);
        std::fs::write(&path, bytes).unwrap();
        assert_refused(&mut city, &path, expected);
    };
    // A zip bomb: a payload of 10 MB of spaces, deflated to a few KB.
    let mut bomb = genuine.clone();
    bomb[2].1 = vec![b' '; 10 * 1024 * 1024];
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (n, d) in &bomb {
        z.start_file(n.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
        std::io::Write::write_all(&mut z, d).unwrap();
    }
    case("bomb.thidua", z.finish().unwrap().into_inner(), &reason!(TooLarge { detail } if detail.contains("bom nén")));
    for bad in ["../payload.json", "/tmp/payload.json"] {
        let mut e = genuine.clone();
        e.push((bad.into(), b"{}".to_vec()));
        case("escape.thidua", rezip(&e), &reason!(Unexpected { detail } if detail.contains("tệp lạ")));
    }
    let mut e = genuine.clone();
    e.retain(|(n, _)| n != "document.pdf");
    case("missing.thidua", rezip(&e), &reason!(Unexpected { detail } if detail.contains("thiếu tệp")));
    let mut e = genuine.clone();
    e[0].1 = String::from_utf8(e[0].1.clone()).unwrap().replace("\"format_version\": 1", "\"format_version\": 2").into_bytes();
    case("newer.thidua", rezip(&e), &reason!(NewerFormat { format: 2 }));
    // Signed by the genuine key, but with content no reader should store.
    let long = "a".repeat(25_000);
    reseal(&fresh, &c.ward_dir(0), &c.file("long.thidua"), |_, p| p["narrative"]["ket_qua"] = json!(long));
    let bytes = std::fs::read(c.file("long.thidua")).unwrap();
    case("long2.thidua", bytes, &reason!(BadPayload { detail } if detail.contains("dài quá")));
    let key = KeyPair::load(&c.ward_dir(0).join(SIGNING_KEY_FILE)).unwrap();
    let v = Sealed::read(&std::fs::read(&fresh).unwrap()).unwrap().verify(&key.public()).unwrap();
    let mut latin1 = v.payload().to_vec();
    let at = latin1.windows(2).position(|w| w == "ư".as_bytes()).unwrap();
    latin1[at] = 0xFF;
    let env = Envelope::from(v.manifest.clone());
    case("latin1.thidua", thidua_bundle::seal(env, &latin1, None, &key).unwrap().bytes, &reason!(BadPayload { .. }));
}

#[test]
fn a_report_on_an_older_indicator_set_is_taken_with_its_version_shown_and_unknown_figures_kept_out_of_totals() {
    let c = Cycle::new(1);
    let mut w = c.ward(0);
    w.revise_report(PERIOD).unwrap();
    let fresh = c.file("fresh.thidua");
    w.export_report_bundle(PERIOD, &fresh).unwrap();
    reseal(&fresh, &c.ward_dir(0), &c.file("v2.thidua"), |env, p| {
        env.indicator_set.as_mut().unwrap().version = 2;
        p["figures"].as_array_mut().unwrap().push(json!({"indicator_code": "9.9", "computed": null, "value": 5, "override_reason": ""}));
    });
    let mut city = c.city();
    let before = city.consolidation(PERIOD).unwrap();
    let o = import(&mut city, &c.file("v2.thidua"));
    assert_eq!(o.outcome, BundleOutcome::Applied, "{}", o.message);
    assert!(o.changes.iter().any(|l| l.contains("phiên bản 2")), "{:?}", o.changes);
    assert!(o.changes.iter().any(|l| l.contains("9.9")), "{:?}", o.changes);
    let after = city.consolidation(PERIOD).unwrap();
    let t = after.totals.iter().find(|t| t.code == "1.1").unwrap();
    assert!(t.contributions[0].flag.contains("phiên bản 2"), "{:?}", t.contributions[0]);
    assert_eq!(after.totals.len(), before.totals.len(), "no indicator 9.9 appears in the totals");
}

#[test]
fn an_accepted_report_is_locked_upstairs_a_later_revision_is_refused() {
    let c = Cycle::new(1);
    let mut city = c.city();
    city.review(&c.wards[0], PERIOD, true, "", &c.file("ok.thidua")).unwrap();
    let mut w = c.ward(0);
    w.revise_report(PERIOD).unwrap();
    w.set_figure(PERIOD, "1.1", Some(500), "sửa sau khi đã được chấp nhận").unwrap();
    w.export_report_bundle(PERIOD, &c.file("late.thidua")).unwrap();
    assert_refused(&mut city, &c.file("late.thidua"), reason!(NotApplicable { detail } if detail.contains("đã được chấp nhận")));
    assert_ne!(figure(&city, &c.wards[0], "1.1"), Some(500));
}

#[test]
fn a_disk_that_fills_up_during_an_import_leaves_the_data_as_it_was_and_the_bundle_imports_later() {
    let c = Cycle::new(1);
    let mut w = c.ward(0);
    w.revise_report(PERIOD).unwrap();
    w.set_figure(PERIOD, "1.1", Some(555), "Bổ sung").unwrap();
    let rev2 = c.file("rev2.thidua");
    w.export_report_bundle(PERIOD, &rev2).unwrap();
    let backups_before = c.city().backups().len();

    let mut city = c.city();
    let before = digest(&city);
    // The backup before the import is a file of its own and is taken; then the database
    // cannot grow.
    city.simulate_full_disk().unwrap();
    let result = city.import_bundles(&[rev2.as_path()], false);
    let message = match result {
        Err(e) => e.message,
        Ok(outcomes) => outcomes[0].message.clone(),
    };
    assert!(message.contains("đầy") && message.contains("Dữ liệu không bị thay đổi"), "{message}");
    drop(city);
    let mut city = c.city();
    assert_eq!(digest(&city), before, "nothing of the bundle was written");
    assert_eq!(city.status().unwrap().integrity, "ok");
    assert_eq!(city.backups().len(), backups_before + 1, "the backup before the import was taken");
    // Space again: the same file imports.
    assert_eq!(import(&mut city, &rev2).outcome, BundleOutcome::Applied);
    assert_eq!(figure(&city, &c.wards[0], "1.1"), Some(555));
}

/// Issue 19: a ward's own key once signed 3.5 = −10¹² and two wards' 5·10¹⁸ wrapped the province's
/// total. The forms refuse such figures, and so does the importer, whatever key signed them.
#[test]
fn a_figure_the_forms_refuse_is_refused_at_import_even_when_genuinely_signed() {
    let c = Cycle::new(1);
    let mut w = c.ward(0);
    w.revise_report(PERIOD).unwrap();
    let huge = w.set_figure(PERIOD, "3.5", Some(5_000_000_000_000_000_000), "").unwrap_err();
    assert!(huge.message.contains("vượt giới hạn 100.000.000.000.000"), "{}", huge.message);
    let fresh = c.file("fresh.thidua");
    w.export_report_bundle(PERIOD, &fresh).unwrap();
    let mut city = c.city();
    reseal(&fresh, &c.ward_dir(0), &c.file("negative.thidua"), |_, p| {
        let f = p["figures"].as_array_mut().unwrap().iter_mut().find(|f| f["indicator_code"] == "3.5").unwrap();
        f["value"] = json!(-1_000_000_000_000i64);
    });
    assert_refused(&mut city, &c.file("negative.thidua"), reason!(BadPayload { detail } if detail.starts_with("chỉ tiêu 3.5: số âm")));
    reseal(&fresh, &c.ward_dir(0), &c.file("amount.thidua"), |_, p| {
        let recs = p["records"].as_array_mut().unwrap();
        let r = recs.iter_mut().find(|r| r["register"] == "initiative").unwrap();
        r["fields"]["estimated_benefit"] = json!(5_000_000_000_000_000_000i64);
    });
    assert_refused(&mut city, &c.file("amount.thidua"), reason!(BadPayload { detail } if detail.contains("vượt giới hạn")));
    assert_eq!(import(&mut city, &fresh).outcome, BundleOutcome::Applied);
}

/// Issue 19, finding 13: text from a genuinely signed foreign program. Control characters (ESC,
/// BEL) are dropped before anything is stored, so nothing echoes them to a terminal; two figures
/// for one indicator are refused in Vietnamese, not with SQLite's English; over-long text is
/// refused where it is typed, with the field named.
#[test]
fn control_characters_duplicate_figures_and_over_long_text_from_any_source() {
    let c = Cycle::new(1);
    let mut w = c.ward(0);
    w.revise_report(PERIOD).unwrap();
    let long = "Tuyên truyền ".repeat(10_000);
    let err = w.set_section(PERIOD, "ii_1", &long).unwrap_err();
    assert!(err.message.contains("«1. Công tác tuyên truyền» dài 129.999 ký tự, quá giới hạn 20.000 ký tự"), "{}", err.message);
    let fields = json!({"title": long, "authors": "Tổ 3", "registered_on": "2022-05-02", "status": "dang_ky"});
    let err = w.add_record(RegisterKind::Initiative, fields.as_object().unwrap()).unwrap_err();
    assert!(err.fields.iter().any(|f| f.field == "title" && f.message.contains("quá giới hạn 20.000 ký tự")), "{err:?}");
    w.set_section(PERIOD, "ii_1", "Dòng một\u{7}\n\nDòng \u{1b}[31mhai").unwrap();
    assert_eq!(w.report(PERIOD).unwrap().narrative.iter().find(|s| s.key == "ii_1").unwrap().text, "Dòng một\n\nDòng [31mhai");
    let fresh = c.file("fresh.thidua");
    w.export_report_bundle(PERIOD, &fresh).unwrap();
    let mut city = c.city();
    reseal(&fresh, &c.ward_dir(0), &c.file("twice.thidua"), |_, p| {
        let figures = p["figures"].as_array_mut().unwrap();
        let first = figures[0].clone();
        figures.push(first);
    });
    assert_refused(
        &mut city,
        &c.file("twice.thidua"),
        reason!(BadPayload { detail } if detail.contains("có hai số liệu trong một báo cáo")),
    );
    reseal(&fresh, &c.ward_dir(0), &c.file("escape.thidua"), |_, p| {
        p["narrative"]["ket_qua"] = json!("Kết quả\u{1b}]0;tiêu đề\u{7} tốt");
        let r = p["records"].as_array_mut().unwrap().iter_mut().find(|r| r["register"] == "initiative").unwrap();
        r["fields"]["title"] = json!("Sáng kiến\u{1b}[2J xóa màn hình");
        r["version"] = json!(r["version"].as_i64().unwrap() + 1);
    });
    assert_eq!(import(&mut city, &c.file("escape.thidua")).outcome, BundleOutcome::Applied);
    let escapes = rusqlite_count(
        &c.city_dir(),
        "SELECT (SELECT count(*) FROM initiatives WHERE instr(title, char(27)) > 0) + (SELECT count(*) FROM reports WHERE instr(narrative, char(27)) > 0 OR instr(narrative, char(7)) > 0)",
    );
    assert_eq!(escapes, 0, "no control character stored");
    assert_eq!(rusqlite_count(&c.city_dir(), "SELECT count(*) FROM initiatives WHERE title = 'Sáng kiến[2J xóa màn hình'"), 1);
}

/// Issue 19: two imports at once into one installation (the app and the CLI beside it, or two
/// CLI runs) once failed at once or both failed with a false "disk full" message, their backups
/// named for the same second removing each other's file. The second now waits its turn.
#[test]
fn two_imports_at_once_both_apply_one_after_the_other_each_with_its_own_backup() {
    let c = Cycle::new(2);
    let files: Vec<PathBuf> = (0..2)
        .map(|i| {
            let mut w = c.ward(i);
            w.revise_report(PERIOD).unwrap();
            let f = c.file(&format!("w{i}.thidua"));
            w.export_report_bundle(PERIOD, &f).unwrap();
            f
        })
        .collect();
    let before = c.city().backups().len();
    let dir = c.city_dir();
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(2));
    let runs: Vec<_> = files
        .into_iter()
        .map(|f| {
            let (dir, barrier) = (dir.clone(), barrier.clone());
            std::thread::spawn(move || {
                let mut ws = Workspace::open(&dir).unwrap();
                barrier.wait();
                ws.import_bundles(&[f.as_path()], false).unwrap().remove(0)
            })
        })
        .collect();
    for run in runs {
        let o = run.join().unwrap();
        assert_eq!(o.outcome, BundleOutcome::Applied, "{}", o.message);
    }
    let city = c.city();
    assert_eq!(city.status().unwrap().counts["reports"], 4, "both wards' second revisions are in");
    // Rotation keeps the newest three of a day: both new backups are among them.
    assert!(city.backups().len() >= (before + 2).min(3), "one backup for each import, neither lost");
    let folder = c.city_dir().join("sao-luu");
    let leftovers: Vec<_> =
        std::fs::read_dir(&folder).unwrap().flatten().filter(|e| !e.file_name().to_string_lossy().ends_with(".thidua-backup")).collect();
    assert!(leftovers.is_empty(), "no temporary file left: {leftovers:?}");
}

/// Issue 19, finding 8: refused imports and restores each took a backup first, and three of
/// them pushed out of rotation the one backup that could undo the day's real import. A backup
/// is now taken only when something is about to be written.
#[test]
fn refused_imports_and_restores_take_no_backup_and_the_backup_of_real_work_stays() {
    let c = Cycle::new(2);
    let mut w = c.ward(0);
    w.revise_report(PERIOD).unwrap();
    w.export_report_bundle(PERIOD, &c.file("real.thidua")).unwrap();
    let mut city = c.city();
    assert_eq!(import(&mut city, &c.file("real.thidua")).outcome, BundleOutcome::Applied);
    let kept: Vec<String> = city.backups().into_iter().map(|b| b.path).collect();
    assert!(!kept.is_empty());
    std::fs::write(c.file("hong.thidua"), b"PK\x03\x04 not a bundle").unwrap();
    std::fs::write(c.file("hong.sqlite3"), b"SQLite format 3\0 but nothing after").unwrap();
    let other_unit = c.file("phuong-khac.sqlite3");
    c.ward(1).backup(&other_unit).unwrap();
    for _ in 0..3 {
        assert_refused(&mut city, &c.file("hong.thidua"), reason!(Damaged { .. }));
        // Duplicates of what is already here write nothing either.
        assert_eq!(import(&mut city, &c.file("real.thidua")).outcome, BundleOutcome::Duplicate);
        assert!(city.restore(&c.file("hong.sqlite3")).is_err());
        assert!(city.restore(&other_unit).unwrap_err().message.contains("không phải của"));
    }
    let after: Vec<String> = city.backups().into_iter().map(|b| b.path).collect();
    assert_eq!(after, kept, "no backup taken, none removed");
    // A restore that goes through keeps the data it replaces.
    let own = c.file("city.sqlite3");
    city.backup(&own).unwrap();
    let restored = city.restore(&own).unwrap();
    let previous = restored.previous_data.expect("the replaced data is kept");
    assert!(city.backups().iter().any(|b| b.path == previous));
}

/// Issue 19: a ward that restored an older backup lacks what it sent since; the upper level
/// still holds it and sends it back in a bundle the ward applies like any other from above.
#[test]
fn the_upper_level_sends_back_what_a_ward_lost_and_the_ward_takes_it_like_any_bundle() {
    let c = Cycle::new(1);
    let mut w = c.ward(0);
    let backup = c.file("ward-cu.thidua-backup");
    w.backup(&backup).unwrap();
    let later =
        json!({"title": "Sáng kiến gửi lên sau bản sao lưu", "authors": "Tổ 5", "registered_on": "2022-04-04", "status": "dang_ky"});
    w.add_record(RegisterKind::Initiative, later.as_object().unwrap()).unwrap();
    w.revise_report(PERIOD).unwrap();
    w.set_figure(PERIOD, "1.1", Some(55), "Bổ sung").unwrap();
    w.export_report_bundle(PERIOD, &c.file("lan-2.thidua")).unwrap();
    let mut city = c.city();
    assert_eq!(import(&mut city, &c.file("lan-2.thidua")).outcome, BundleOutcome::Applied);
    city.review(&c.wards[0], PERIOD, true, "", &c.file("chap-nhan.thidua")).unwrap();
    // The ward's laptop goes back to the older backup, before that record and revision.
    w.restore(&backup).unwrap();
    let titles = |w: &Workspace| -> Vec<String> {
        let rows = w.list_records(&thidua_api::RecordQuery::all(RegisterKind::Initiative)).unwrap().rows;
        rows.iter().map(|r| r.fields["title"].as_str().unwrap().to_owned()).collect()
    };
    assert!(!titles(&w).iter().any(|t| t == "Sáng kiến gửi lên sau bản sao lưu"));
    assert_eq!(w.report(PERIOD).unwrap().revisions.len(), 1);

    let back = c.file("du-lieu-gui-tra.thidua");
    let sent = city.export_returned_data(&c.wards[0], &back).unwrap();
    assert_eq!(sent.kind, "dữ liệu cấp trên gửi trả");
    let o = import(&mut w, &back);
    assert_eq!(o.outcome, BundleOutcome::Applied, "{}", o.message);
    assert!(o.changes.iter().any(|l| l.starts_with("Báo cáo 6 tháng đầu năm 2022 lần 2 được khôi phục (Đã chấp nhận)")), "{:?}", o.changes);
    assert!(titles(&w).iter().any(|t| t == "Sáng kiến gửi lên sau bản sao lưu"));
    let view = w.report(PERIOD).unwrap();
    assert_eq!((view.revision, view.state), (2, ReportState::Accepted));
    assert_eq!(view.figures.iter().find(|f| f.code == "1.1").unwrap().value, Some(55));
    // The same file again changes nothing; the decision bundle that follows finds its revision.
    assert_eq!(import(&mut w, &back).outcome, BundleOutcome::Duplicate);
    let decision = import(&mut w, &c.file("chap-nhan.thidua"));
    assert_eq!(decision.outcome, BundleOutcome::Applied, "{}", decision.message);
    // Nothing of the ward's own can be sent back to a unit that is not enrolled.
    let before = digest(&city);
    city.revoke(&c.wards[0], "mất máy").unwrap();
    let err = city.export_returned_data(&c.wards[0], &c.file("khong-duoc.thidua")).unwrap_err();
    assert!(err.message.contains("chưa ghi danh khóa ký"), "{}", err.message);
    assert_ne!(digest(&city), before, "the revocation itself is recorded");
}
