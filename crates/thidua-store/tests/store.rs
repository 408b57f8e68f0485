//! Scenarios of the local store, on real SQLite files in temporary directories.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};
use thidua_model::{DocumentHeader, PeriodCode, RegisterKind};
use thidua_store::{FixedClock, InstallationInput, LATEST_SCHEMA_VERSION, NewUnit, Store, StoreError, UnitFilter};

struct Harness {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

impl Harness {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("thidua.sqlite3");
        Self { _dir: dir, path }
    }

    fn open(&self) -> Store {
        Store::open_with_clock(&self.path, Box::new(FixedClock::at("2022-03-05T08:00:00Z"))).unwrap()
    }

    fn dir(&self) -> &Path {
        self.path.parent().unwrap()
    }
}

/// A store with a ward installation under a city.
fn installed(h: &Harness) -> (Store, thidua_model::RecordId) {
    let mut store = h.open();
    let ward = store
        .write("Nguyễn Thị Lan", |w| {
            let city = w.insert_unit(
                &NewUnit {
                    code: "380".into(),
                    name: "Thành phố Thanh Hóa".into(),
                    level: "huyen".into(),
                    kind: "Thành phố".into(),
                    parent_id: None,
                },
                None,
            )?;
            let ward = w.insert_unit(
                &NewUnit {
                    code: "14797".into(),
                    name: "Phường  Hạc Thành ".into(),
                    level: "xa".into(),
                    kind: "Phường".into(),
                    parent_id: Some(city.id),
                },
                None,
            )?;
            w.set_installation(&InstallationInput {
                unit_id: ward.id,
                parent_unit_id: Some(city.id),
                header: DocumentHeader {
                    parent_body: vec!["ỦY BAN MTTQ VIỆT NAM".into(), "PHƯỜNG HẠC THÀNH".into()],
                    issuing_body: "BAN THƯỜNG TRỰC".into(),
                    symbol: "MTTQ-BTT".into(),
                    place: "Hạc Thành".into(),
                    signer_authority: "TM. BAN THƯỜNG TRỰC".into(),
                    signer_title: "CHỦ TỊCH".into(),
                    signer_name: "Lê Văn Hùng".into(),
                },
                clerk_name: "Nguyễn Thị Lan".into(),
                is_sample: false,
            })?;
            w.ensure_default_indicator_set()?;
            w.ensure_period(PeriodCode::parse("2022-H1")?, None, None)?;
            Ok(ward.id)
        })
        .unwrap();
    (store, ward)
}

fn fields(v: Value) -> Map<String, Value> {
    v.as_object().unwrap().clone()
}

mod migrations {
    use super::*;

    #[test]
    fn a_new_store_has_every_table_and_the_latest_schema() {
        let h = Harness::new();
        let store = h.open();
        let status = store.status().unwrap();
        assert_eq!(status.schema_version, LATEST_SCHEMA_VERSION);
        assert_eq!(status.integrity, "ok");
        let kinds: Vec<&str> = status.counts.iter().map(|c| c.kind.as_str()).collect();
        for k in ["units", "initiatives", "models", "activities", "ocop_links", "resources", "commendations", "reports", "audit_entries"] {
            assert!(kinds.contains(&k), "{k} missing from {kinds:?}");
        }
        let conn = rusqlite::Connection::open(&h.path).unwrap();
        let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
    }

    #[test]
    fn reopening_does_not_migrate_twice_or_change_data() {
        let h = Harness::new();
        let (store, _) = installed(&h);
        let before = store.status().unwrap().digest;
        drop(store);
        let store = h.open();
        assert_eq!(store.status().unwrap().digest, before);
    }

    /// Migration 19 wrote the CHECKs of the tables written once per record without IN lists of
    /// three or more values, which SQLite evaluates by building a temporary index per row.
    /// The rows of a schema-18 database stay, the audit sequence goes on where it was, the
    /// same values are refused, and no insert into those tables opens a temporary table.
    #[test]
    fn the_tables_written_per_record_keep_their_rows_and_checks_without_temporary_indexes() {
        let h = Harness::new();
        thidua_store::create_with_schema_version(&h.path, 18).unwrap();
        let old_rows = "INSERT INTO units (id, code, name, level, search_key, created_at, updated_at)
                VALUES ('u1', '14797', 'Phường Hạc Thành', 'xa', 'phuong hac thanh', 't', 't');
            INSERT INTO initiatives (id, unit_id, created_at, created_by, updated_at, updated_by, title, authors, registered_on, status, typical)
                VALUES ('i1', 'u1', 't', 'a', 't', 'a', 'Sáng kiến', 'Lan', '2022-01-05', 'cong_nhan', 'co');
            INSERT INTO activities (id, unit_id, created_at, created_by, updated_at, updated_by, kind, held_on, title)
                VALUES ('a1', 'u1', 't', 'a', 't', 'a', 'giam_sat', '2022-02-01', 'Giám sát');
            INSERT INTO audit_log (seq, at, actor, entity, record_id, action, new_value) VALUES (41, 't', 'a', 'unit', 'u1', 'retire', '{}');";
        rusqlite::Connection::open(&h.path).unwrap().execute_batch(old_rows).unwrap();
        drop(h.open());
        let conn = rusqlite::Connection::open(&h.path).unwrap();
        let one = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, String>(0)).unwrap();
        assert_eq!(one("SELECT status || typical || title FROM initiatives WHERE id = 'i1'"), "cong_nhancoSáng kiến");
        assert_eq!(one("SELECT kind || title FROM activities WHERE id = 'a1'"), "giam_satGiám sát");
        assert_eq!(one("SELECT action FROM audit_log WHERE seq = 41"), "retire");
        conn.execute("INSERT INTO audit_log (at, actor, entity, record_id, action) VALUES ('t', 'a', 'unit', 'u1', 'update')", []).unwrap();
        assert_eq!(one("SELECT CAST(max(seq) AS TEXT) FROM audit_log"), "42", "the sequence goes on");
        let refused = |sql: &str| conn.execute(sql, []).unwrap_err().to_string();
        for sql in [
            "INSERT INTO audit_log (at, actor, entity, record_id, action) VALUES ('t', 'a', 'unit', 'u1', 'erase')",
            "UPDATE initiatives SET status = 'xong' WHERE id = 'i1'",
            "UPDATE initiatives SET typical = 'khong' WHERE id = 'i1'",
            "UPDATE activities SET kind = 'hop' WHERE id = 'a1'",
        ] {
            assert!(refused(sql).contains("CHECK constraint failed"), "{sql}");
        }
        for (table, key) in [("audit_log", "seq"), ("initiatives", "id"), ("activities", "id")] {
            let columns = one(&format!(
                "SELECT group_concat(name, ', ') FROM pragma_table_info('{table}') WHERE \"notnull\" = 1 AND dflt_value IS NULL AND pk = 0"
            ));
            let values = columns.split(", ").map(|c| if c == "action" { "'insert'" } else { "'x'" }).collect::<Vec<_>>().join(", ");
            let mut plan = conn.prepare(&format!("EXPLAIN INSERT INTO {table} ({key}, {columns}) VALUES (NULL, {values})")).unwrap();
            let opcodes: Vec<String> = plan.query_map([], |r| r.get(1)).unwrap().map(Result::unwrap).collect();
            assert!(!opcodes.iter().any(|o| o == "OpenEphemeral"), "an insert into {table} builds a temporary index");
        }
        assert_eq!(one("SELECT CAST(count(*) AS TEXT) FROM pragma_foreign_key_check"), "0", "no dangling reference");
    }
}

mod schema_guard {
    use super::*;

    /// Migration 15 gives the sets a previous program installed the phrases the narrative used to
    /// keep in code: the default indicators keep saying what they said, an indicator renamed
    /// since (which may mean something else now) is said by its name.
    #[test]
    fn a_database_from_schema_14_gets_the_default_phrases() {
        let h = Harness::new();
        drop(installed(&h));
        {
            let conn = rusqlite::Connection::open(&h.path).unwrap();
            conn.execute_batch(
                "ALTER TABLE indicators DROP COLUMN phrase;
                 DROP INDEX reports_short_code;
                 ALTER TABLE reports DROP COLUMN verification_code;
                 ALTER TABLE reports DROP COLUMN short_code;
                 DROP INDEX plans_short_code;
                 ALTER TABLE plans DROP COLUMN verification_code;
                 ALTER TABLE plans DROP COLUMN short_code;
                 DROP INDEX award_decisions_short_code;
                 ALTER TABLE award_decisions DROP COLUMN verification_code;
                 ALTER TABLE award_decisions DROP COLUMN short_code;
                 ALTER TABLE award_decisions DROP COLUMN cites_scoring;
                 ALTER TABLE installation DROP COLUMN tour_done_at;
                 UPDATE indicators SET name = 'Số buổi sinh hoạt chuyên đề' WHERE code = '1.1';
                 PRAGMA user_version = 14;",
            )
            .unwrap();
        }
        let store = h.open();
        let set = store.read().latest_indicator_set(thidua_store::DEFAULT_SET_CODE).unwrap().unwrap();
        let phrase = |code: &str| set.indicators.iter().find(|i| i.code == code).unwrap().phrase.clone();
        assert_eq!(phrase("1.1"), None, "renamed: its name says it");
        let people = phrase("1.2").expect("the default phrase");
        assert_eq!(
            (people.done.as_str(), people.within),
            ("tuyên truyền đến {} lượt người", Some(("1.1".into(), " với {} lượt người tham gia".into())))
        );
        assert_eq!(set.indicators.iter().filter(|i| i.phrase.is_some()).count(), 19);
    }

    #[test]
    fn a_database_from_a_newer_program_is_refused_and_untouched() {
        let h = Harness::new();
        drop(installed(&h));
        {
            let conn = rusqlite::Connection::open(&h.path).unwrap();
            conn.pragma_update(None, "user_version", LATEST_SCHEMA_VERSION + 1).unwrap();
        }
        let bytes_before = std::fs::read(&h.path).unwrap();
        let err = Store::open(&h.path).err().expect("refused");
        assert!(matches!(err, StoreError::SchemaTooNew { found, .. } if found == LATEST_SCHEMA_VERSION + 1), "{err:?}");
        assert!(err.to_string().contains("phiên bản mới nhất"), "{err}");
        assert_eq!(std::fs::read(&h.path).unwrap(), bytes_before);
    }

    #[test]
    fn a_file_that_is_not_a_database_is_refused() {
        let h = Harness::new();
        std::fs::write(&h.path, "Tên đơn vị,Mã\nPhường Ba Đình,00004\n").unwrap();
        let err = Store::open(&h.path).err().expect("refused");
        assert!(matches!(err, StoreError::NotADatabase { .. }), "{err:?}");
        assert_eq!(std::fs::read_to_string(&h.path).unwrap(), "Tên đơn vị,Mã\nPhường Ba Đình,00004\n");
    }

    #[test]
    fn another_programs_database_is_refused() {
        let h = Harness::new();
        let conn = rusqlite::Connection::open(&h.path).unwrap();
        conn.execute_batch("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('An');").unwrap();
        drop(conn);
        let err = Store::open(&h.path).err().expect("refused");
        assert!(matches!(err, StoreError::ForeignDatabase { .. }), "{err:?}");
    }

    #[test]
    fn a_missing_data_directory_is_named() {
        let h = Harness::new();
        let err = Store::open(&h.dir().join("khong-co").join("thidua.sqlite3")).err().expect("refused");
        assert!(matches!(err, StoreError::MissingDirectory { .. }), "{err:?}");
        assert!(err.to_string().contains("không tồn tại"));
    }
}

mod backup_and_restore {
    use super::*;

    #[test]
    fn a_backup_restores_exactly_what_was_there() {
        let h = Harness::new();
        let (mut store, ward) = installed(&h);
        store
            .write("Lan", |w| {
                w.insert_record(
                    RegisterKind::Resource,
                    ward,
                    &fields(json!({"donor": "Công ty A", "amount": 5_000_000, "received_on": "2022-03-01"})),
                )
            })
            .unwrap();
        let backup = h.dir().join("sao-luu.thidua-backup");
        store.backup_to(&backup).unwrap();
        let at_backup = store.status().unwrap().digest;

        store
            .write("Lan", |w| {
                w.insert_record(
                    RegisterKind::Resource,
                    ward,
                    &fields(json!({"donor": "Công ty B", "amount": 1, "received_on": "2022-03-02"})),
                )
            })
            .unwrap();
        assert_ne!(store.status().unwrap().digest, at_backup);

        store.restore_from(&backup, None, |_| Ok(())).unwrap();
        assert_eq!(store.status().unwrap().digest, at_backup);
        assert_eq!(store.read().records(RegisterKind::Resource, None).unwrap().len(), 1);
    }

    #[test]
    fn a_damaged_backup_is_refused_and_nothing_changes() {
        let h = Harness::new();
        let (mut store, _) = installed(&h);
        let backup = h.dir().join("sao-luu.db");
        store.backup_to(&backup).unwrap();
        let before = store.status().unwrap().digest;

        // Truncated in the middle, as a copy interrupted on a USB stick would be.
        let bytes = std::fs::read(&backup).unwrap();
        let cut = h.dir().join("cut.db");
        std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
        // Pages overwritten with noise past the header.
        let mut noisy = bytes.clone();
        for b in noisy.iter_mut().skip(4096).take(8192) {
            *b = 0x5A;
        }
        let noise = h.dir().join("noise.db");
        std::fs::write(&noise, &noisy).unwrap();
        let foreign = h.dir().join("foreign.db");
        rusqlite::Connection::open(&foreign).unwrap().execute_batch("CREATE TABLE t(x)").unwrap();

        for bad in [&cut, &noise, &foreign, &h.dir().join("missing.db")] {
            assert!(store.restore_from(bad, None, |_| Ok(())).is_err(), "{} was accepted", bad.display());
            assert_eq!(store.status().unwrap().digest, before, "{} changed the data", bad.display());
        }
    }
}

mod automatic_backups {
    use super::*;
    use thidua_store::{BackupReason, StoreError, create_with_schema_version, list_backups};

    #[test]
    fn a_backup_the_caller_refuses_changes_nothing_and_the_backup_file_stays_as_it_was() {
        let h = Harness::new();
        let (mut store, _) = installed(&h);
        let backup = h.dir().join("cu.thidua-backup");
        store.backup_to(&backup).unwrap();
        let file_before = std::fs::read(&backup).unwrap();
        let before = store.status().unwrap().digest;
        let refusal = store.restore_from(&backup, None, |r| {
            let unit = r.installation()?.expect("installed").unit;
            Err(StoreError::NotFound { what: format!("đơn vị khác {}", unit.code) })
        });
        assert!(refusal.is_err());
        assert_eq!(store.status().unwrap().digest, before);
        assert_eq!(std::fs::read(&backup).unwrap(), file_before);
        assert!(std::fs::read_dir(h.dir()).unwrap().all(|e| !e.unwrap().file_name().to_string_lossy().contains("tmp")));
    }

    #[test]
    fn a_newer_program_keeps_the_old_database_before_upgrading_it() {
        let h = Harness::new();
        let path = h.dir().join("thidua.sqlite3");
        create_with_schema_version(&path, 2).unwrap();
        let old_bytes = std::fs::read(&path).unwrap();
        let store = Store::open(&path).unwrap();
        assert_eq!(store.status().unwrap().schema_version, thidua_store::LATEST_SCHEMA_VERSION);
        let backups = store.backups();
        assert_eq!(backups.len(), 1);
        assert_eq!(backups[0].reason, BackupReason::BeforeUpgrade);
        let kept = rusqlite::Connection::open(&backups[0].path).unwrap();
        let version: i64 = kept.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(version, 2, "the backup is the database as the older program left it");
        drop(kept);
        // Opening it again upgrades nothing and takes no second backup.
        drop(store);
        let store = Store::open(&path).unwrap();
        assert_eq!(store.backups().len(), 1);
        assert_ne!(std::fs::read(&path).unwrap(), old_bytes);
    }

    /// Migration 9 gives the program's own set, in a database an older program left, the same
    /// data checks a new installation creates it with (its copy of them is frozen in the SQL).
    #[test]
    fn an_older_database_gets_the_default_data_checks_on_its_first_set() {
        let h = Harness::new();
        let path = h.dir().join("thidua.sqlite3");
        create_with_schema_version(&path, 8).unwrap();
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute(
            "INSERT INTO indicator_sets (id, code, version, name, created_at) VALUES ('00000000-0000-4000-8000-000000000001', ?1, 1, 'Chỉ tiêu', '2022-01-01T00:00:00Z')",
            [thidua_store::DEFAULT_SET_CODE],
        )
        .unwrap();
        drop(conn);
        let store = Store::open(&path).unwrap();
        let set = store.read().latest_indicator_set(thidua_store::DEFAULT_SET_CODE).unwrap().unwrap();
        assert_eq!(set.checks, thidua_store::default_checks());
    }

    /// Migration 11 rebuilds the periods table (reports point at it) to take quarters and nine
    /// months: the installation's periods, its reports and their references survive it.
    #[test]
    fn the_periods_table_is_rebuilt_for_quarters_with_every_report_still_pointing_at_its_period() {
        let h = Harness::new();
        let path = h.dir().join("thidua.sqlite3");
        create_with_schema_version(&path, 10).unwrap();
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "INSERT INTO units (id, code, name, level, search_key, created_at, updated_at)
                 VALUES ('00000000-0000-4000-8000-0000000000a1', '14797', 'Phường Hạc Thành', 'xa', 'phuong hac thanh', '2022-01-01', '2022-01-01');
             INSERT INTO periods (code, kind, year, starts_on, ends_on, deadline) VALUES ('2022-H1', 'first_half', 2022, '2022-01-01', '2022-06-30', '2022-07-15');
             INSERT INTO indicator_sets (id, code, version, name, created_at)
                 VALUES ('00000000-0000-4000-8000-0000000000b1', 'doan-ket-sang-tao', 1, 'Chỉ tiêu', '2022-01-01');
             INSERT INTO reports (id, unit_id, period_code, indicator_set_id, revision, state, created_at, created_by, updated_at, updated_by)
                 VALUES ('00000000-0000-4000-8000-0000000000e1', '00000000-0000-4000-8000-0000000000a1', '2022-H1', '00000000-0000-4000-8000-0000000000b1', 1, 'sent', '2022-07-01', 'Lan', '2022-07-01', 'Lan');",
        )
        .unwrap();
        drop(conn);
        let mut store = Store::open(&path).unwrap();
        store.write("Nguyễn Thị Lan", |w| w.ensure_period(PeriodCode::parse("2022-Q3")?, None, None).map(|_| ())).unwrap();
        let codes: Vec<String> = store.read().periods().unwrap().iter().map(|p| p.code.to_string()).collect();
        assert_eq!(codes, ["2022-H1", "2022-Q3"]);
        let ward = store.read().unit_by_code("14797", None).unwrap().unwrap().id;
        assert_eq!(
            store.read().report_revisions(ward, thidua_store::DEFAULT_SET_CODE, PeriodCode::parse("2022-H1").unwrap()).unwrap().len(),
            1
        );
        let conn = rusqlite::Connection::open(&path).unwrap();
        let dangling: i64 = conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
        assert_eq!(dangling, 0);
    }

    #[test]
    fn the_event_days_arrive_without_moving_what_was_recorded() {
        let h = Harness::new();
        let path = h.dir().join("thidua.sqlite3");
        create_with_schema_version(&path, 11).unwrap();
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "INSERT INTO units (id, code, name, level, search_key, created_at, updated_at)
                 VALUES ('00000000-0000-4000-8000-0000000000a1', '14797', 'Phường Hạc Thành', 'xa', 'phuong hac thanh', '2022-01-01', '2022-01-01');
             INSERT INTO indicator_sets (id, code, version, name, created_at)
                 VALUES ('00000000-0000-4000-8000-0000000000b1', 'doan-ket-sang-tao', 1, 'Chỉ tiêu', '2022-01-01');
             INSERT INTO indicators (id, set_id, position, task_group, code, name, measure, register, aggregate, filter)
                 VALUES ('00000000-0000-4000-8000-0000000000c1', '00000000-0000-4000-8000-0000000000b1', 9, 3, '3.2', 'Số sáng kiến được công nhận', 'sáng kiến', 'initiative', 'count', '{\"status\":[\"cong_nhan\",\"ap_dung\"]}');
             INSERT INTO initiatives (id, unit_id, created_at, created_by, updated_at, updated_by, title, authors, registered_on, status)
                 VALUES ('00000000-0000-4000-8000-0000000000d1', '00000000-0000-4000-8000-0000000000a1', '2022-01-01', 'Lan', '2022-01-01', 'Lan', 'Sổ tay số', 'Chi hội', '2021-11-10', 'cong_nhan');",
        )
        .unwrap();
        drop(conn);
        let store = Store::open(&path).unwrap();
        let set = store.read().latest_indicator_set(thidua_store::DEFAULT_SET_CODE).unwrap().unwrap();
        assert_eq!(set.indicators[0].date_field.as_deref(), Some("recognised_on"));
        let conn = rusqlite::Connection::open(&path).unwrap();
        let row: (String, String, Option<String>) = conn
            .query_row("SELECT registered_on, status, recognised_on FROM initiatives", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap();
        assert_eq!(row, ("2021-11-10".to_owned(), "cong_nhan".to_owned(), None));
    }

    #[test]
    fn an_old_backup_is_restored_and_brought_up_to_date() {
        let h = Harness::new();
        let (mut store, _) = installed(&h);
        let old = h.dir().join("old.sqlite3");
        create_with_schema_version(&old, 3).unwrap();
        let old_bytes = std::fs::read(&old).unwrap();
        store.restore_from(&old, None, |_| Ok(())).unwrap();
        assert_eq!(store.status().unwrap().schema_version, thidua_store::LATEST_SCHEMA_VERSION);
        assert_eq!(std::fs::read(&old).unwrap(), old_bytes, "the backup file is never changed");
    }

    #[test]
    fn one_daily_backup_a_day_and_backups_are_listed_newest_first() {
        let h = Harness::new();
        let (store, _) = installed(&h);
        let first = store.take_daily_backup_if_due().unwrap().expect("none yet today");
        assert_eq!(first.reason, BackupReason::Daily);
        assert!(store.take_daily_backup_if_due().unwrap().is_none());
        let second = store.take_backup(BackupReason::BeforeImport).unwrap();
        let listed = list_backups(&store.backup_folder());
        assert_eq!(listed.len(), 2);
        assert_eq!(listed[0].path, second.path, "same second: the later one is numbered and listed first");
        // Each backup opens as a complete database of its own.
        let copy = rusqlite::Connection::open(&listed[1].path).unwrap();
        let check: String = copy.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(check, "ok");
    }

    /// A backup being written elsewhere holds its name (its temporary file); one cut short by a
    /// crash leaves a temporary file that the next start removes once it is an hour old.
    #[test]
    fn a_name_being_written_is_not_taken_and_stale_temporaries_are_cleaned_at_start() {
        let h = Harness::new();
        let (store, _) = installed(&h);
        let first = store.take_backup(BackupReason::Manual).unwrap();
        let folder = store.backup_folder();
        // Another program, in the same second, is still writing the next name.
        let stem = first.path.file_stem().unwrap().to_string_lossy().into_owned();
        let busy = folder.join(format!("{stem}_2.tmp-backup"));
        std::fs::write(&busy, b"").unwrap();
        let second = store.take_backup(BackupReason::Manual).unwrap();
        assert!(second.path.to_string_lossy().ends_with("_3.thidua-backup"), "{}", second.path.display());
        assert_eq!(list_backups(&folder).len(), 2, "the name being written is not listed");
        // A crash leaves temporaries: old ones go at the next start, a fresh one stays.
        let stale = folder.join("2026-01-01_080000_truoc-nhap.tmp-backup");
        std::fs::write(&stale, b"half a backup").unwrap();
        let journal = folder.join("2026-01-01_080000_truoc-nhap.tmp-backup-journal");
        std::fs::write(&journal, b"").unwrap();
        for f in [&stale, &journal] {
            let old = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_600_000_000);
            std::fs::File::options().write(true).open(f).unwrap().set_modified(old).unwrap();
        }
        drop(store);
        let _store = Store::open(&h.path).unwrap();
        assert!(!stale.exists() && !journal.exists(), "stale temporaries removed");
        assert!(busy.exists(), "a temporary still being written is left alone");
    }
}

mod audit_trail {
    use super::*;

    #[test]
    fn every_change_of_a_record_is_in_its_history_and_deletion_is_a_tombstone() {
        let h = Harness::new();
        let (mut store, ward) = installed(&h);
        let id =
            store
                .write("Nguyễn Thị Lan", |w| {
                    w.insert_record(RegisterKind::Initiative, ward, &fields(json!({
                    "title": "Ứng dụng QR trong thu phí", "authors": "Tổ dân phố 3", "registered_on": "2022-02-10", "status": "dang_ky"
                })))
                })
                .unwrap();
        store
            .write("Nguyễn Thị Lan", |w| {
                w.update_record(RegisterKind::Initiative, id, &fields(json!({"status": "cong_nhan"})), "Hội đồng công nhận")
            })
            .unwrap();
        store.write("Trần Văn B", |w| w.delete_record(RegisterKind::Initiative, id, "Nhập trùng")).unwrap();

        let history = store.read().history("initiative", &id.to_string()).unwrap();
        let actions: Vec<&str> = history.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(actions, ["insert", "update", "delete"]);
        assert_eq!(history[1].old_value, Some(json!({"status": "dang_ky"})));
        assert_eq!(history[1].new_value, Some(json!({"status": "cong_nhan"})));
        assert_eq!(history[1].reason, "Hội đồng công nhận");
        assert_eq!(history[2].actor, "Trần Văn B");
        assert_eq!(history[2].at, "2022-03-05T08:00:00Z");

        assert!(store.read().records(RegisterKind::Initiative, Some(ward)).unwrap().is_empty());
        let tomb = store.read().record(RegisterKind::Initiative, id).unwrap().unwrap();
        assert!(tomb.deleted);
        assert_eq!(tomb.version, 3);
    }

    #[test]
    fn a_register_read_as_a_table_holds_the_same_live_records_as_read_one_by_one() {
        let h = Harness::new();
        let (mut store, ward) = installed(&h);
        let mut ids = Vec::new();
        for (title, on) in [("Sổ hóa hộ gia đình", "2022-02-10"), ("Thu gom rác đổi quà", "2022-01-05"), ("Nhập trùng", "2022-03-01")]
        {
            let id = store
                .write("Lan", |w| {
                    w.insert_record(
                        RegisterKind::Initiative,
                        ward,
                        &fields(json!({"title": title, "authors": "Tổ dân phố 3", "registered_on": on, "status": "dang_ky"})),
                    )
                })
                .unwrap();
            ids.push(id);
        }
        store.write("Lan", |w| w.update_record(RegisterKind::Initiative, ids[0], &fields(json!({"status": "cong_nhan"})), "")).unwrap();
        store.write("Lan", |w| w.delete_record(RegisterKind::Initiative, ids[2], "Nhập trùng")).unwrap();

        let one_by_one = store.read().records(RegisterKind::Initiative, Some(ward)).unwrap();
        let table = store.read().record_table(RegisterKind::Initiative, Some(ward)).unwrap();
        assert_eq!(table.rows.len(), 2, "the tombstone is not listed");
        for (record, row) in one_by_one.iter().zip(&table.rows) {
            assert_eq!(
                (row.id, row.version, &*row.updated_at, &*row.updated_by),
                (record.id, record.version, &*record.updated_at, &*record.updated_by)
            );
            assert_eq!(table.fields(row), record.fields);
        }
        assert_eq!(table.rows[0].values[table.position("status").unwrap()], json!("cong_nhan"));
        assert_eq!(table.position("unit_id"), None, "common columns are not fields");
    }

    #[test]
    fn a_refused_write_leaves_no_trace() {
        let h = Harness::new();
        let (mut store, ward) = installed(&h);
        let before = store.status().unwrap().digest;
        let err = store
            .write("Lan", |w| {
                w.insert_record(RegisterKind::Resource, ward, &fields(json!({"donor": "A", "amount": 10, "received_on": "2022-01-01"})))?;
                // The second record breaks a rule, so the whole transaction goes.
                w.insert_record(RegisterKind::Resource, ward, &fields(json!({"donor": "B", "amount": -1, "received_on": "2022-01-01"})))
            })
            .unwrap_err();
        assert!(err.to_string().contains("không hợp lệ"), "{err}");
        let err =
            store.write("Lan", |w| w.insert_record(RegisterKind::Model, ward, &fields(json!({"name": "x", "drop table": 1})))).unwrap_err();
        assert!(err.to_string().contains("không có trường"), "{err}");
        assert_eq!(store.status().unwrap().digest, before);
    }

    #[test]
    fn text_is_stored_as_nfc() {
        let h = Harness::new();
        let (mut store, ward) = installed(&h);
        let id = store
            .write("Lan", |w| {
                w.insert_record(
                    RegisterKind::Model,
                    ward,
                    &fields(json!({"name": "Mo\u{0302}\u{0300} hi\u{0300}nh", "started_on": "2022-01-01", "status": "xay_dung"})),
                )
            })
            .unwrap();
        let rec = store.read().record(RegisterKind::Model, id).unwrap().unwrap();
        assert_eq!(rec.fields["name"], json!("Mồ hình"));
        let installation = store.read().installation().unwrap().unwrap();
        assert_eq!(installation.unit.name, "Phường Hạc Thành");
    }
}

mod units {
    use super::*;

    #[test]
    fn lists_sort_in_vietnamese_order_and_search_folds_marks() {
        let h = Harness::new();
        let mut store = h.open();
        store
            .write("Lan", |w| {
                for (code, name) in [
                    ("1", "Xã Yên Định"),
                    ("2", "Xã Đông Sơn"),
                    ("3", "Xã Định Tân"),
                    ("4", "Xã Dân Lực"),
                    ("5", "Xã Hoằng Hóa"),
                    ("6", "Xã An Nông"),
                ] {
                    w.insert_unit(
                        &NewUnit { code: code.into(), name: name.into(), level: "xa".into(), kind: "Xã".into(), parent_id: None },
                        None,
                    )?;
                }
                Ok(())
            })
            .unwrap();
        let names: Vec<String> = store.read().units(&UnitFilter::default()).unwrap().into_iter().map(|u| u.name).collect();
        assert_eq!(names, ["Xã An Nông", "Xã Dân Lực", "Xã Định Tân", "Xã Đông Sơn", "Xã Hoằng Hóa", "Xã Yên Định"]);
        let found = store.read().units(&UnitFilter { search: Some("dinh".into()), ..Default::default() }).unwrap();
        assert_eq!(found.len(), 2);
        let found = store.read().units(&UnitFilter { search: Some("hoang hoa".into()), ..Default::default() }).unwrap();
        assert_eq!(found[0].name, "Xã Hoằng Hóa");
    }
}

mod register_schema {
    use super::*;

    #[test]
    fn every_register_table_has_exactly_the_fields_the_model_describes() {
        let h = Harness::new();
        let store = h.open();
        for kind in RegisterKind::ALL {
            let mut columns = store.read().register_columns(kind).unwrap();
            columns.retain(|c| c != "source");
            let fields: Vec<&str> = kind.fields().iter().map(|f| f.name).collect();
            assert_eq!(columns, fields, "{kind:?}");
        }
    }
}
