//! Merger lists: which units of an older list each unit of a newer list was formed from, as
//! published for the 1 July 2025 reorganisation (one row per old unit and new unit it went to).

use std::collections::BTreeMap;
use std::path::Path;

use sha2::{Digest, Sha256};
use thidua_text::{clean, search_key};

use crate::read::{CatalogueError, rows_of};

/// How much of an old unit went to a new one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Share {
    /// The whole old unit.
    Whole,
    /// Part of a divided unit; its history is counted under another new unit.
    Part,
    /// The largest part of a divided unit: its history is counted here.
    Most,
    /// The list contradicts itself on this old unit (the whole of it into two new units, or a
    /// divided unit with no largest part or two): its history is counted under none.
    Unclear,
}

impl Share {
    pub fn as_str(self) -> &'static str {
        match self {
            Share::Whole => "whole",
            Share::Part => "part",
            Share::Most => "most",
            Share::Unclear => "unclear",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "whole" => Some(Share::Whole),
            "part" => Some(Share::Part),
            "most" => Some(Share::Most),
            "unclear" => Some(Share::Unclear),
            _ => None,
        }
    }

    /// Whether the old unit's history is counted under the new unit of this row.
    pub fn carries_history(self) -> bool {
        matches!(self, Share::Whole | Share::Most)
    }
}

/// One row of a merger list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeRow {
    /// The row (1-based, as a spreadsheet numbers it).
    pub row: usize,
    pub old_code: String,
    pub old_name: String,
    /// The old unit's district, as the list names it (may be empty).
    pub old_parent: String,
    pub new_code: String,
    pub new_name: String,
    pub share: Share,
    /// The share as the list wrote it ("toàn bộ"), to quote it back.
    pub share_text: String,
}

/// A merger list read from a file, each old unit's shares checked against each other.
#[derive(Debug, Clone)]
pub struct ParsedMerges {
    pub source_name: String,
    pub sha256: String,
    pub rows: Vec<MergeRow>,
    /// Rows that repeat an earlier row word for word, skipped (real lists have them).
    pub repeated_rows: Vec<usize>,
    /// Old units (code and name) whose rows contradict each other, marked [`Share::Unclear`].
    pub unclear: Vec<(String, String)>,
}

/// Reads a merger list (.csv, .xlsx, .xls, .ods) with the columns `ma_cu, ten_cu, [huyen_cu,]
/// ma_moi, ten_moi, phan`.
pub fn read_merges(path: &Path) -> Result<ParsedMerges, CatalogueError> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let bytes = std::fs::read(path).map_err(|e| CatalogueError::Unreadable { name: name.clone(), detail: e.to_string() })?;
    read_merges_bytes(&name, &bytes)
}

pub fn read_merges_bytes(name: &str, bytes: &[u8]) -> Result<ParsedMerges, CatalogueError> {
    let rows = rows_of(name, bytes)?;
    let no_header = || CatalogueError::NoMergeHeader { name: name.into() };
    let header = rows.first().ok_or_else(no_header)?;
    let col = |wanted: &str| header.iter().position(|h| search_key(&h.replace('_', " ")) == wanted);
    let (old_code, old_name, new_code, new_name, share) = match (col("ma cu"), col("ten cu"), col("ma moi"), col("ten moi"), col("phan")) {
        (Some(a), Some(b), Some(c), Some(d), Some(e)) => (a, b, c, d, e),
        _ => return Err(no_header()),
    };
    let old_parent = col("huyen cu");
    let bad = |row: usize, reason: String| CatalogueError::BadRow { name: name.into(), row, reason };
    let mut out = Vec::new();
    let mut repeated_rows = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, cells) in rows.iter().enumerate().skip(1) {
        let row = i + 1;
        let cell = |c: usize| clean(cells.get(c).map(String::as_str).unwrap_or(""));
        if cells.iter().all(|c| clean(c).is_empty()) {
            continue;
        }
        let code = |c: usize, what: &str| {
            let v = cell(c);
            if v.is_empty() || v.len() > 6 || !v.bytes().all(|b| b.is_ascii_digit()) {
                Err(bad(row, format!("{what} «{v}» không phải mã đơn vị (chữ số)")))
            } else {
                Ok(format!("{v:0>5}"))
            }
        };
        let share_text = cell(share);
        let share = match search_key(&share_text).as_str() {
            "toan bo" => Share::Whole,
            "mot phan" => Share::Part,
            "mot phan, phan lon" | "phan lon" => Share::Most,
            _ => {
                return Err(bad(row, format!("cột «phan» ghi «{share_text}»: chỉ nhận «toàn bộ», «một phần» hoặc «một phần, phần lớn»")));
            }
        };
        let merge = MergeRow {
            row,
            old_code: code(old_code, "mã cũ")?,
            old_name: cell(old_name),
            old_parent: old_parent.map(cell).unwrap_or_default(),
            new_code: code(new_code, "mã mới")?,
            new_name: cell(new_name),
            share,
            share_text,
        };
        if merge.old_name.is_empty() || merge.new_name.is_empty() {
            return Err(bad(row, "thiếu tên đơn vị cũ hoặc mới".into()));
        }
        if !seen.insert((merge.old_code.clone(), merge.old_name.clone(), merge.new_code.clone(), merge.new_name.clone(), merge.share)) {
            repeated_rows.push(row);
            continue;
        }
        out.push(merge);
    }
    if out.is_empty() {
        return Err(CatalogueError::Empty { name: name.into() });
    }
    let unclear = mark_unclear(name, &mut out)?;
    Ok(ParsedMerges { source_name: name.into(), sha256: hex::encode(Sha256::digest(bytes)), rows: out, repeated_rows, unclear })
}

/// Each old unit either went whole to one new unit, or was divided with exactly one new unit
/// taking most of it (the one its history is counted under). A real list can say otherwise
/// (Thanh Hóa's has six old communes "toàn bộ" into two new ones): those units' rows are marked
/// unclear, imported and named, and their history counted under no new unit until corrected.
/// Two rows of one old unit into the same new unit say nothing and are refused.
fn mark_unclear(name: &str, rows: &mut [MergeRow]) -> Result<Vec<(String, String)>, CatalogueError> {
    let mut by_old: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, r) in rows.iter().enumerate() {
        by_old.entry(r.old_code.clone()).or_default().push(i);
    }
    let mut unclear = Vec::new();
    for (code, at) in by_old {
        let first = &rows[at[0]];
        let mut targets: Vec<&str> = at.iter().map(|&i| rows[i].new_code.as_str()).collect();
        targets.sort_unstable();
        if targets.windows(2).any(|w| w[0] == w[1]) {
            return Err(CatalogueError::BadRow {
                name: name.into(),
                row: first.row,
                reason: format!("đơn vị cũ {code} ({}) có hai dòng vào cùng một đơn vị mới", first.old_name),
            });
        }
        let count = |share: Share| at.iter().filter(|&&i| rows[i].share == share).count();
        let clear = if at.len() == 1 { count(Share::Whole) == 1 } else { count(Share::Whole) == 0 && count(Share::Most) == 1 };
        if !clear {
            unclear.push((code, first.old_name.clone()));
            for &i in &at {
                rows[i].share = Share::Unclear;
            }
        }
    }
    Ok(unclear)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<ParsedMerges, CatalogueError> {
        read_merges_bytes("sap-nhap.csv", text.as_bytes())
    }

    const HEADER: &str = "ma_cu,ten_cu,huyen_cu,ma_moi,ten_moi,phan,ghi_chu\n";

    #[test]
    fn the_thanh_hoa_list_reads_whole() {
        let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/units/thanh-hoa-sap-nhap-2025.csv")).unwrap();
        let list = read_merges_bytes("thanh-hoa-sap-nhap-2025.csv", &bytes).map_err(|e| e.to_string()).unwrap();
        // One row of the published list is there twice, and six old communes went "whole" into
        // two new ones.
        assert_eq!((list.rows.len(), list.repeated_rows.as_slice()), (551, &[378][..]));
        let unclear: Vec<&str> = list.unclear.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(unclear, ["15379", "15916", "15997", "16000", "16003", "16141"]);
        assert!(list.rows.iter().filter(|r| r.old_code == "15379").all(|r| r.share == Share::Unclear));
        let dong_tho: Vec<_> = list.rows.iter().filter(|r| r.old_code == "14758").collect();
        assert_eq!(dong_tho.len(), 2);
        assert_eq!((dong_tho[1].new_name.as_str(), dong_tho[1].share), ("Phường Hạc Thành", Share::Most));
        assert_eq!(dong_tho[0].old_parent, "Thành phố Thanh Hóa");
    }

    #[test]
    fn shares_that_do_not_add_up_are_marked_unclear_and_bad_rows_refused() {
        let whole_and_part = format!("{HEADER}1,Xã A,H,2,Xã B,toàn bộ,\n1,Xã A,H,3,Xã C,một phần,\n4,Xã D,H,2,Xã B,toàn bộ,\n");
        let list = read(&whole_and_part).unwrap();
        assert_eq!(list.unclear, [("00001".to_owned(), "Xã A".to_owned())]);
        assert_eq!(list.rows.iter().map(|r| r.share).collect::<Vec<_>>(), [Share::Unclear, Share::Unclear, Share::Whole]);
        let no_most = format!("{HEADER}1,Xã A,H,2,Xã B,một phần,\n1,Xã A,H,3,Xã C,một phần,\n");
        assert_eq!(read(&no_most).unwrap().unclear.len(), 1);
        let two_most = format!("{HEADER}1,Xã A,H,2,Xã B,phần lớn,\n1,Xã A,H,3,Xã C,\"một phần, phần lớn\",\n");
        assert_eq!(read(&two_most).unwrap().unclear.len(), 1);
        let one_most = format!("{HEADER}1,Xã A,H,2,Xã B,một phần,\n1,Xã A,H,3,Xã C,\"một phần, phần lớn\",\n");
        assert!(read(&one_most).unwrap().unclear.is_empty());
        let same_target = format!("{HEADER}1,Xã A,H,2,Xã B,một phần,\n1,Xã A,H,2,Xã B,phần lớn,\n");
        let e = read(&same_target).unwrap_err().to_string();
        assert!(e.contains("dòng 2") && e.contains("cùng một đơn vị mới"), "{e}");
        let unknown_share = format!("{HEADER}1,Xã A,H,2,Xã B,nửa,\n");
        assert!(read(&unknown_share).unwrap_err().to_string().contains("ghi «nửa»"));
        let bad_code = format!("{HEADER}1A,Xã A,H,2,Xã B,toàn bộ,\n");
        assert!(read(&bad_code).unwrap_err().to_string().contains("mã cũ «1A»"));
        assert!(matches!(read("ma,ten\n1,Xã A\n"), Err(CatalogueError::NoMergeHeader { .. })));
        assert!(matches!(read(HEADER), Err(CatalogueError::Empty { .. })));
    }

    #[test]
    fn codes_regain_their_zeros_and_the_district_is_optional() {
        let list = read("ma_cu,ten_cu,ma_moi,ten_moi,phan\n70,Phường Hàng Bạc,70,Phường Hoàn Kiếm,toàn bộ\n").unwrap();
        assert_eq!(list.rows[0].old_code, "00070");
        assert_eq!(list.rows[0].old_parent, "");
    }
}
