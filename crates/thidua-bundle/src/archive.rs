//! The zip container, written so that any unzip tool opens it and read so that nothing a
//! person carries in can exhaust memory, escape a folder or hide a second copy of a file.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use crate::BundleError;

pub const MANIFEST: &str = "manifest.json";
pub const SIGNATURE: &str = "manifest.sig";
pub const PAYLOAD: &str = "payload.json";
pub const DOCUMENT: &str = "document.pdf";

/// The limits of what is read (see docs/BUNDLE_FORMAT.md).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
pub const MAX_TOTAL_UNCOMPRESSED: u64 = 96 * 1024 * 1024;
/// An entry may not expand to more than this many times its compressed size (above 1 MiB):
/// JSON and PDF compress about 3–10×, a zip bomb thousands of times.
pub const MAX_RATIO: u64 = 100;

/// The largest each entry may be once uncompressed.
fn entry_limit(name: &str) -> Option<u64> {
    match name {
        MANIFEST => Some(64 * 1024),
        SIGNATURE => Some(1024),
        PAYLOAD => Some(64 * 1024 * 1024),
        DOCUMENT => Some(32 * 1024 * 1024),
        _ => None,
    }
}

/// Writes the archive. Entries are in a fixed order with a fixed timestamp, so the same
/// content always gives the same bytes.
pub(crate) fn write(entries: &[(&str, &[u8])]) -> Result<Vec<u8>, BundleError> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let err = |e: zip::result::ZipError| BundleError::Write(e.to_string());
    for (name, bytes) in entries {
        // Stored, not deflated: the PDF (most of the bytes) does not compress, and a stored
        // entry leaves no byte of the file outside what the checks below cover.
        let method = CompressionMethod::Stored;
        // "Made by Unix" on every system: the zip crate writes "DOS" on Windows, which would
        // make a bundle sealed there differ from the one fixed layout `read` accepts.
        let options = SimpleFileOptions::default()
            .compression_method(method)
            .last_modified_time(DateTime::DEFAULT)
            .unix_permissions(0o644)
            .system(zip::System::Unix);
        zip.start_file(*name, options).map_err(err)?;
        zip.write_all(bytes).map_err(|e| BundleError::Write(e.to_string()))?;
    }
    Ok(zip.finish().map_err(err)?.into_inner())
}

/// The number of entries the end-of-central-directory record declares. The zip reader keys
/// entries by name, so comparing the two reveals a name that appears twice.
fn declared_entries(bytes: &[u8]) -> Option<u64> {
    const EOCD: [u8; 4] = [0x50, 0x4b, 0x05, 0x06];
    let start = bytes.len().saturating_sub(22 + 65_535);
    let at = (start..=bytes.len().checked_sub(22)?).rev().find(|&i| bytes[i..i + 4] == EOCD)?;
    let total = u16::from_le_bytes([bytes[at + 10], bytes[at + 11]]);
    Some(u64::from(total))
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// Checks that the file is laid out exactly as [`write`] lays it out: local header, name and
/// data of each entry back to back, then the central directory, then its end record and
/// nothing after; every header field at the value our writer puts there and equal between the
/// local and central copies. Together with the CRC and the manifest's hashes this leaves no
/// byte of a bundle that can change unnoticed (a flipped timestamp is damage too).
fn check_layout(bytes: &[u8]) -> Result<(), BundleError> {
    const LOCAL: u32 = 0x0403_4b50;
    const CENTRAL: u32 = 0x0201_4b50;
    const END: u32 = 0x0605_4b50;
    const MADE_BY_UNIX_1_0: u16 = 0x030A;
    const NEEDED_1_0: u16 = 10;
    const DOS_DATE_1980_01_01: u16 = 0x0021;
    const UNIX_RW_R_R: u32 = 0o100644 << 16;
    let bad = |what: &str| BundleError::Damaged(format!("cấu trúc tệp nén bị sửa ({what})"));
    let end = bytes.len().checked_sub(22).ok_or_else(|| bad("quá ngắn"))?;
    if u32_at(bytes, end) != Some(END) || u16_at(bytes, end + 20) != Some(0) {
        return Err(bad("phần kết"));
    }
    let (disk, cd_disk, here, total) = (u16_at(bytes, end + 4), u16_at(bytes, end + 6), u16_at(bytes, end + 8), u16_at(bytes, end + 10));
    if disk != Some(0) || cd_disk != Some(0) || here != total {
        return Err(bad("phần kết"));
    }
    let cd_size = u32_at(bytes, end + 12).ok_or_else(|| bad("phần kết"))? as usize;
    let cd_start = u32_at(bytes, end + 16).ok_or_else(|| bad("phần kết"))? as usize;
    if cd_start.checked_add(cd_size) != Some(end) {
        return Err(bad("vị trí mục lục"));
    }
    let (mut local_at, mut central_at) = (0usize, cd_start);
    for _ in 0..total.unwrap_or(0) {
        let c = central_at;
        let name_len = u16_at(bytes, c + 28).ok_or_else(|| bad("mục lục"))? as usize;
        let fixed = u32_at(bytes, c) == Some(CENTRAL)
            && u16_at(bytes, c + 4) == Some(MADE_BY_UNIX_1_0)
            && u16_at(bytes, c + 6) == Some(NEEDED_1_0)
            && u16_at(bytes, c + 8) == Some(0)
            && u16_at(bytes, c + 10) == Some(0)
            && u16_at(bytes, c + 12) == Some(0)
            && u16_at(bytes, c + 14) == Some(DOS_DATE_1980_01_01)
            && u32_at(bytes, c + 20) == u32_at(bytes, c + 24)
            && u16_at(bytes, c + 30) == Some(0)
            && u16_at(bytes, c + 32) == Some(0)
            && u16_at(bytes, c + 34) == Some(0)
            && u16_at(bytes, c + 36) == Some(0)
            && u32_at(bytes, c + 38) == Some(UNIX_RW_R_R)
            && u32_at(bytes, c + 42) == Some(local_at as u32);
        if !fixed {
            return Err(bad("mục lục"));
        }
        let l = local_at;
        let same = u32_at(bytes, l) == Some(LOCAL)
            && bytes.get(l + 4..l + 26) == bytes.get(c + 6..c + 28)
            && u16_at(bytes, l + 26) == Some(name_len as u16)
            && u16_at(bytes, l + 28) == Some(0)
            && bytes.get(l + 30..l + 30 + name_len) == bytes.get(c + 46..c + 46 + name_len);
        if !same {
            return Err(bad("đầu mục"));
        }
        let size = u32_at(bytes, c + 24).ok_or_else(|| bad("mục lục"))? as usize;
        local_at = l + 30 + name_len + size;
        central_at = c + 46 + name_len;
    }
    if local_at != cd_start || central_at != end {
        return Err(bad("có dữ liệu thừa"));
    }
    Ok(())
}

/// Reads every entry of a bundle archive after checking names, counts and sizes.
pub(crate) fn read(bytes: &[u8]) -> Result<BTreeMap<String, Vec<u8>>, BundleError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(BundleError::TooLarge(format!("tệp nặng {} byte, vượt giới hạn {MAX_FILE_BYTES} byte", bytes.len())));
    }
    if !bytes.starts_with(b"PK\x03\x04") {
        return Err(BundleError::NotABundle);
    }
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|_| BundleError::Damaged("không đọc được mục lục của tệp nén".into()))?;
    let declared = declared_entries(bytes).ok_or_else(|| BundleError::Damaged("thiếu phần kết của tệp nén".into()))?;
    if declared == 0xFFFF || declared > 16 {
        return Err(BundleError::Unexpected(format!("tệp có {declared} mục, một gói chỉ có tối đa 4")));
    }
    if declared != archive.len() as u64 {
        return Err(BundleError::Unexpected("có tệp trùng tên bên trong gói".into()));
    }
    // First what the central directory declares, for every entry, so that a bomb is named as
    // such whatever else is wrong; only then is anything decompressed or read.
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(|e| BundleError::Damaged(format!("mục thứ {} hỏng ({e})", i + 1)))?;
        let name = entry.name().map_err(|_| BundleError::Unexpected("tên tệp bên trong không đọc được".into()))?.into_owned();
        let Some(limit) = entry_limit(&name) else {
            // `..`, absolute paths and folders all land here: only the four known names pass.
            return Err(BundleError::Unexpected(format!("có tệp lạ «{}» bên trong gói", name.escape_default())));
        };
        let (size, compressed) = (entry.size(), entry.compressed_size().max(1));
        if size > limit {
            return Err(BundleError::TooLarge(format!("tệp «{name}» bên trong lớn {size} byte, vượt giới hạn {limit} byte")));
        }
        if size > 1024 * 1024 && size / compressed > MAX_RATIO {
            return Err(BundleError::TooLarge(format!("tệp «{name}» nén bất thường (tỷ lệ {}:1), có thể là «bom nén»", size / compressed)));
        }
    }
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(|e| BundleError::Damaged(format!("mục thứ {} hỏng ({e})", i + 1)))?;
        let name = entry.name().map_err(|_| BundleError::Damaged("tên tệp bên trong".into()))?.into_owned();
        if entry.encrypted() {
            return Err(BundleError::Unexpected(format!("tệp «{name}» bên trong bị đặt mật khẩu")));
        }
        if entry.compression() != CompressionMethod::Stored {
            return Err(BundleError::Unexpected(format!("tệp «{name}» nén theo cách không hỗ trợ")));
        }
    }
    let mut files = BTreeMap::new();
    let mut total = 0u64;
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(|e| BundleError::Damaged(format!("mục thứ {} hỏng ({e})", i + 1)))?;
        let name = entry.name().map_err(|_| BundleError::Damaged("tên tệp bên trong".into()))?.into_owned();
        let limit = entry_limit(&name).unwrap_or(0);
        let declared_size = entry.size();
        // The declared size may lie: read at most one byte past the limit and look.
        let mut data = Vec::with_capacity(declared_size.min(limit) as usize);
        (&mut entry)
            .take(limit + 1)
            .read_to_end(&mut data)
            .map_err(|e| BundleError::Damaged(format!("tệp «{name}» bên trong hỏng ({e})")))?;
        if data.len() as u64 > limit || data.len() as u64 != declared_size {
            return Err(BundleError::Damaged(format!("kích thước tệp «{name}» không khớp với mục lục")));
        }
        total += data.len() as u64;
        if total > MAX_TOTAL_UNCOMPRESSED {
            return Err(BundleError::TooLarge(format!("tổng dung lượng giải nén vượt {MAX_TOTAL_UNCOMPRESSED} byte")));
        }
        files.insert(name, data);
    }
    check_layout(bytes)?;
    Ok(files)
}
