//! Fills a sample ward with N initiatives and N/5 activities spread over a year, for the
//! benchmarks in bench/run.sh, and prints how long the inserts took.
//!
//! `cargo run --release -p thidua-api --example fill_registers -- DIR N`

use std::time::Instant;

use serde_json::json;
use thidua_api::{RegisterKind, Workspace};

const WORDS: &[&str] = &[
    "Ứng dụng",
    "Số hóa",
    "Đổi mới",
    "Tiết kiệm",
    "Mô hình",
    "Giải pháp",
    "Cải tiến",
    "Hệ thống",
    "Quản lý",
    "Tuyên truyền",
    "Đoàn kết",
    "Sáng tạo",
    "nước sạch",
    "rác thải",
    "hồ sơ",
    "khu dân cư",
    "hộ nghèo",
    "an ninh",
    "chợ",
    "trường học",
    "điện",
    "giao thông",
    "y tế",
    "văn hóa",
];

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().expect("DIR"));
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(50_000);
    let mut ws = Workspace::open_or_create(&dir).unwrap();
    ws.install_sample().unwrap();
    let statuses = ["dang_ky", "cong_nhan", "ap_dung"];
    let start = Instant::now();
    for i in 0..n {
        let title = format!("{} {} {} số {i}", WORDS[i % 12], WORDS[12 + (i / 12) % 12], WORDS[12 + (i / 7) % 12]);
        let date = format!("{:02}/{:02}/2026", 1 + i % 28, 1 + (i / 28) % 12);
        let fields = json!({"title": title, "authors": format!("Tổ dân phố {}", i % 40), "registered_on": date, "status": statuses[i % 3], "estimated_benefit": (i % 100) * 100_000});
        ws.add_record(RegisterKind::Initiative, fields.as_object().unwrap()).unwrap();
        if i % 5 == 0 {
            let fields = json!({"kind": "tuyen_truyen", "held_on": date, "title": format!("Tuyên truyền đợt {i}"), "sessions": 1 + i % 4, "participants": 20 + i % 300});
            ws.add_record(RegisterKind::Activity, fields.as_object().unwrap()).unwrap();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let total = n + n.div_ceil(5);
    println!(
        "inserted {total} records in {secs:.1} s ({:.0} records/s, one transaction each, with validation and audit)",
        total as f64 / secs
    );
}
