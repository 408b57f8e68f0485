//! What every CLI test does: run `thidua` on a data directory and check how it ended.
#![allow(dead_code)] // each test file uses some of these

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A file of the test data (tests/data).
pub fn test_data(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/data").join(rel)
}

/// Runs `thidua --data-dir DIR ARGS…`, whatever the environment says.
pub fn thidua(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_thidua")).arg("--data-dir").arg(dir).args(args).env_remove("THIDUA_DATA_DIR").output().unwrap()
}

/// Runs and expects success; returns what it printed.
pub fn ok(dir: &Path, args: &[&str]) -> String {
    let out = thidua(dir, args);
    assert!(out.status.success(), "{args:?} failed: {}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Runs and expects a refusal (exit 1); returns everything it printed.
pub fn refused(dir: &Path, args: &[&str]) -> String {
    let out = thidua(dir, args);
    assert_eq!(out.status.code(), Some(1), "{args:?} should be refused; stdout: {}", String::from_utf8_lossy(&out.stdout));
    String::from_utf8(out.stdout).unwrap() + &String::from_utf8(out.stderr).unwrap()
}

pub fn status(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&ok(dir, &["status", "--json"])).unwrap()
}

/// The digest of all data, after checking the database's integrity.
pub fn digest(dir: &Path) -> String {
    let s = status(dir);
    assert_eq!(s["integrity"], "ok");
    s["digest"].as_str().unwrap().to_owned()
}

/// `thidua demo` with `n` wards: the city and each ward's folder, all reports imported.
pub fn demo(n: usize) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("demo");
    let text = ok(tmp.path(), &["demo", "--out", out.to_str().unwrap(), "--wards", &n.to_string()]);
    assert!(text.contains(&format!("Cấp trên đã nhập {n} báo cáo 2022-H1, từ chối 0.")), "{text}");
    (tmp, out)
}

/// The demo's ward folders, by unit code.
pub fn wards(out: &Path) -> Vec<PathBuf> {
    let mut w: Vec<PathBuf> = std::fs::read_dir(out.join("wards")).unwrap().map(|e| e.unwrap().path()).collect();
    w.sort();
    w
}
