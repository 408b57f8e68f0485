//! Whatever a person carries in, a bundle is either verified with exactly the content that was
//! signed, or refused with a specific reason. Never a panic, never altered content accepted.

use std::io::Write;

use thidua_bundle::payload::{self, ReportPayload};
use thidua_bundle::{BundleError, Envelope, KeyPair, Kind, Party, Sealed, SealedBundle, Verified, seal};

fn party(code: &str, level: &str, name: &str) -> Party {
    Party { unit_code: code.into(), level: level.into(), unit_name: name.into() }
}

fn envelope(sequence: u64) -> Envelope {
    Envelope {
        kind: Kind::Report,
        sender: party("14797", "xa", "Phường Hạc Thành"),
        recipient: party("38", "tinh", "Tỉnh Thanh Hóa"),
        period: Some("2022-H1".into()),
        indicator_set: None,
        sequence,
        previous: None,
        created_at: "2022-06-20T08:00:00Z".into(),
    }
}

fn report_payload() -> Vec<u8> {
    let p = ReportPayload {
        period: "2022-H1".into(),
        revision: 1,
        sent_at: Some("2022-06-20T08:00:00Z".into()),
        narrative: [("ket_qua".to_owned(), "Phường đã tổ chức 12 buổi tuyên truyền.".to_owned())].into(),
        figures: vec![],
        records: vec![],
        audit: vec![],
        units: vec![],
        self_score: None,
        proposals: Vec::new(),
        verification_code: None,
    };
    serde_json::to_vec(&p).unwrap()
}

fn sealed(key: &KeyPair) -> SealedBundle {
    seal(envelope(1), &report_payload(), Some(b"%PDF-1.7 tai lieu"), key).unwrap()
}

fn open(bytes: &[u8], key: &KeyPair) -> Result<Verified, BundleError> {
    Sealed::read(bytes)?.verify(&key.public())
}

/// The entries of a zip, in order.
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

/// Writes a zip the way `seal` does (stored, fixed time and permissions), so that only what a
/// test changes differs from a genuine bundle.
fn rezip(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    rezip_with(entries, zip::CompressionMethod::Stored)
}

fn rezip_with(entries: &[(String, Vec<u8>)], method: zip::CompressionMethod) -> Vec<u8> {
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(method)
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
fn a_sealed_bundle_opens_with_the_senders_key_and_any_unzip_tool_reads_it() {
    let key = KeyPair::generate().unwrap();
    let b = sealed(&key);
    let v = open(&b.bytes, &key).unwrap();
    assert_eq!(v.bundle_id, b.bundle_id);
    assert_eq!(v.payload(), report_payload().as_slice());
    assert_eq!(v.document(), Some(&b"%PDF-1.7 tai lieu"[..]));
    assert_eq!(v.manifest.sender.unit_name, "Phường Hạc Thành");
    let names: Vec<String> = entries(&b.bytes).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["manifest.json", "manifest.sig", "payload.json", "document.pdf"]);
    // The same input gives the same bytes.
    assert_eq!(sealed(&key).bytes, b.bytes);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("goi.thidua");
    std::fs::write(&path, &b.bytes).unwrap();
    if let Ok(out) = std::process::Command::new("unzip").arg("-t").arg(&path).output() {
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    }
}

#[test]
fn one_flipped_byte_anywhere_is_refused_or_changes_nothing_that_was_signed() {
    let key = KeyPair::generate().unwrap();
    let b = sealed(&key);
    let original = open(&b.bytes, &key).unwrap();
    assert_eq!(original.payload(), report_payload().as_slice());
    for i in 0..b.bytes.len() {
        for bit in [0x01, 0x20, 0x80] {
            let mut bytes = b.bytes.clone();
            bytes[i] ^= bit;
            assert!(open(&bytes, &key).is_err(), "byte {i} ^ {bit:#x} went unnoticed");
        }
    }
}

#[test]
fn a_truncated_file_or_something_that_is_not_a_bundle_is_refused() {
    let key = KeyPair::generate().unwrap();
    let b = sealed(&key);
    for len in (0..b.bytes.len()).step_by(7) {
        assert!(open(&b.bytes[..len], &key).is_err(), "truncated at {len}");
    }
    assert!(matches!(open(b"%PDF-1.7 not a zip", &key), Err(BundleError::NotABundle)));
    assert!(matches!(open(b"", &key), Err(BundleError::NotABundle)));
    let other_zip = rezip_with(&[("readme.txt".into(), b"hello".to_vec())], zip::CompressionMethod::Deflated);
    assert!(matches!(open(&other_zip, &key), Err(BundleError::Unexpected(_))));
}

#[test]
fn a_zip_bomb_is_refused_before_it_is_expanded() {
    let key = KeyPair::generate().unwrap();
    let mut e = entries(&sealed(&key).bytes);
    // 10 MB of zeros deflate to about 10 KB: a ratio no JSON has.
    e[2].1 = vec![b' '; 10 * 1024 * 1024];
    let err = open(&rezip_with(&e, zip::CompressionMethod::Deflated), &key).err().unwrap();
    assert!(matches!(err, BundleError::TooLarge(ref m) if m.contains("bom nén")), "{err}");
    // Bigger than any payload may be.
    e[2].1 = vec![b' '; 70 * 1024 * 1024];
    assert!(matches!(open(&rezip_with(&e, zip::CompressionMethod::Deflated), &key), Err(BundleError::TooLarge(_))));
    // Compressed at an ordinary ratio is still not how bundles are written.
    e[2].1 = report_payload();
    let err = open(&rezip_with(&e, zip::CompressionMethod::Deflated), &key).err().unwrap();
    assert!(matches!(err, BundleError::Unexpected(ref m) if m.contains("nén theo cách")), "{err}");
}

#[test]
fn entry_names_that_escape_the_folder_extra_missing_and_duplicate_files_are_refused() {
    let key = KeyPair::generate().unwrap();
    let e = entries(&sealed(&key).bytes);
    for bad in ["../payload.json", "/etc/payload.json", "C:\\payload.json", "sub/payload.json", "extra.txt"] {
        let mut x = e.clone();
        x.push((bad.into(), b"{}".to_vec()));
        let err = open(&rezip(&x), &key).err().unwrap();
        assert!(matches!(err, BundleError::Unexpected(ref m) if m.contains("tệp lạ")), "{bad}: {err}");
    }
    // A known name the signed manifest does not list.
    let without_pdf = seal(envelope(1), &report_payload(), None, &key).unwrap();
    let mut x = entries(&without_pdf.bytes);
    x.push(("document.pdf".into(), b"%PDF".to_vec()));
    assert!(matches!(open(&rezip(&x), &key), Err(BundleError::Unexpected(ref m)) if m.contains("danh mục")));
    // A listed file missing.
    let missing: Vec<_> = e.iter().filter(|(n, _)| n != "document.pdf").cloned().collect();
    assert!(matches!(open(&rezip(&missing), &key), Err(BundleError::Unexpected(ref m)) if m.contains("thiếu")));
    // The same name twice: write "payload.jsoX" and rename it in place in both headers.
    let mut x = e.clone();
    x.push(("payload.jsoX".into(), b"{\"hidden\":1}".to_vec()));
    let mut bytes = rezip(&x);
    let needle = b"payload.jsoX";
    let mut i = 0;
    while let Some(at) = bytes[i..].windows(needle.len()).position(|w| w == needle) {
        bytes[i + at + needle.len() - 1] = b'n';
        i += at + needle.len();
    }
    let err = open(&bytes, &key).err().unwrap();
    assert!(matches!(err, BundleError::Unexpected(ref m) if m.contains("trùng tên")), "{err}");
}

#[test]
fn a_manifest_edited_after_signing_or_signed_by_another_key_is_refused() {
    let key = KeyPair::generate().unwrap();
    let e = entries(&sealed(&key).bytes);
    let manifest = String::from_utf8(e[0].1.clone()).unwrap();
    for (from, to) in [("\"14797\"", "\"14800\""), ("2022-H1", "2022-H2"), ("\"sequence\": 1", "\"sequence\": 9"), ("\"38\"", "\"40\"")] {
        assert!(manifest.contains(from), "{from}");
        let mut x = e.clone();
        x[0].1 = manifest.replace(from, to).into_bytes();
        assert_eq!(open(&rezip(&x), &key).err(), Some(BundleError::BadSignature), "{from} → {to}");
    }
    let stranger = KeyPair::generate().unwrap();
    assert_eq!(open(&sealed(&stranger).bytes, &key).err(), Some(BundleError::BadSignature));
    // A payload swapped for another one keeps the signature valid but not the hash.
    let mut x = e.clone();
    x[2].1 = b"{\"period\":\"2023\"}".to_vec();
    assert_eq!(open(&rezip(&x), &key).err(), Some(BundleError::HashMismatch("payload.json".into())));
}

#[test]
fn a_bundle_from_a_newer_format_is_refused_with_what_to_do() {
    let key = KeyPair::generate().unwrap();
    let mut e = entries(&sealed(&key).bytes);
    e[0].1 = String::from_utf8(e[0].1.clone()).unwrap().replace("\"format_version\": 1", "\"format_version\": 7").into_bytes();
    let err = open(&rezip(&e), &key).err().unwrap();
    assert_eq!(err, BundleError::NewerFormat(7));
    assert!(err.to_string().contains("cập nhật chương trình"));
}

#[test]
fn a_signed_payload_that_is_not_utf8_too_long_or_nested_is_refused_when_parsed() {
    let key = KeyPair::generate().unwrap();
    let check = |bytes: &[u8]| {
        let b = seal(envelope(1), bytes, None, &key).unwrap();
        let v = open(&b.bytes, &key).unwrap();
        payload::parse::<ReportPayload>(v.payload(), "báo cáo").err()
    };
    let good = report_payload();
    assert_eq!(check(&good), None);
    let mut latin1 = good.clone();
    let at = latin1.windows(2).position(|w| w == "ư".as_bytes()).unwrap();
    latin1[at] = 0xFF;
    assert!(matches!(check(&latin1), Some(BundleError::BadPayload(_))));
    let long = String::from_utf8(good.clone()).unwrap().replace("Phường đã", &"a".repeat(30_000));
    assert!(matches!(check(long.as_bytes()), Some(BundleError::BadPayload(ref m)) if m.contains("dài quá")));
    let nested = String::from_utf8(good.clone())
        .unwrap()
        .replace("\"records\":[]", r#""records":[{"register":"initiative","id":"x","version":1,"created_at":"","created_by":"","updated_at":"","updated_by":"","deleted_at":null,"fields":{"title":{"a":1}}}]"#);
    assert!(matches!(check(nested.as_bytes()), Some(BundleError::BadPayload(ref m)) if m.contains("giá trị đơn")));
    assert!(matches!(check(b"[1,2"), Some(BundleError::BadPayload(_))));
}
