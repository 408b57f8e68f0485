//! The floor under a bundle import, for bench/run.sh: what importing N bundles cannot go below.
//! It verifies N Ed25519 signatures over manifest-sized messages and inserts, in one
//! transaction with nothing else, exactly the rows the real import added (every row of every
//! table of `after` that `before` does not have) into a copy of `before`.
//!
//! `cargo run --release -p thidua-api --example import_floor -- BEFORE.sqlite3 AFTER.sqlite3 N`

use std::time::Instant;

use rusqlite::types::Value;
use rusqlite::{Connection, params_from_iter};
use thidua_bundle::KeyPair;

/// About the size of a report bundle's manifest.json, the bytes a signature covers.
const MANIFEST_BYTES: usize = 1_100;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, before, after, n] = args.as_slice() else {
        eprintln!("usage: import_floor BEFORE.sqlite3 AFTER.sqlite3 N");
        std::process::exit(2);
    };
    let n: usize = n.parse().expect("N is a number");

    // Not timed: the rows the import added, table by table.
    let old = Connection::open(before).unwrap();
    let new = Connection::open(after).unwrap();
    let tables: Vec<String> = new
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut added: Vec<(String, usize, Vec<Vec<Value>>)> = Vec::new();
    for table in &tables {
        let max: i64 = old.query_row(&format!("SELECT coalesce(max(rowid), 0) FROM \"{table}\""), [], |r| r.get(0)).unwrap_or(0);
        let mut stmt = new.prepare(&format!("SELECT * FROM \"{table}\" WHERE rowid > ?1")).unwrap();
        let width = stmt.column_count();
        let rows: Vec<Vec<Value>> =
            stmt.query_map([max], |r| (0..width).map(|i| r.get::<_, Value>(i)).collect()).unwrap().collect::<Result<_, _>>().unwrap();
        if !rows.is_empty() {
            added.push((table.clone(), width, rows));
        }
    }
    let rows: usize = added.iter().map(|(_, _, r)| r.len()).sum();
    let scratch = std::env::temp_dir().join(format!("import-floor-{}.sqlite3", std::process::id()));
    std::fs::copy(before, &scratch).unwrap();

    // Not timed: N keys, N manifests, N signatures.
    let signed: Vec<_> = (0..n)
        .map(|i| {
            let key = KeyPair::generate().unwrap();
            let message: Vec<u8> = (0..MANIFEST_BYTES).map(|b| (b * 31 + i) as u8).collect();
            let signature = key.sign(&message);
            (key.public(), message, signature)
        })
        .collect();

    let started = Instant::now();
    for (key, message, signature) in &signed {
        assert!(key.verify(message, signature));
    }
    let verified = started.elapsed();

    let mut db = Connection::open(&scratch).unwrap();
    db.pragma_update(None, "journal_mode", "WAL").unwrap();
    db.pragma_update(None, "synchronous", "NORMAL").unwrap();
    let started = Instant::now();
    let tx = db.transaction().unwrap();
    // Tables come in sqlite_master's order, which a rebuilt table (migration 14's reports) puts
    // after the tables that point at it: the keys are checked once, at commit, as a whole.
    tx.pragma_update(None, "defer_foreign_keys", "ON").unwrap();
    for (table, width, table_rows) in &added {
        let placeholders: Vec<String> = (1..=*width).map(|i| format!("?{i}")).collect();
        let mut stmt = tx.prepare(&format!("INSERT INTO \"{table}\" VALUES ({})", placeholders.join(", "))).unwrap();
        for row in table_rows {
            stmt.execute(params_from_iter(row.iter())).unwrap();
        }
    }
    tx.commit().unwrap();
    let inserted = started.elapsed();
    drop(db);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", scratch.display()));
    }
    println!(
        "floor: {n} signatures verified in {:.0} ms, {rows} rows inserted in one transaction in {:.0} ms, total {:.0} ms",
        verified.as_secs_f64() * 1000.0,
        inserted.as_secs_f64() * 1000.0,
        (verified + inserted).as_secs_f64() * 1000.0
    );
}
