//! The unit catalogue: the statistics office's list of administrative units as files arrive.
//!
//! Promises: [`read_catalogue`] reads the legacy GSO .xls export (province, district and commune
//! columns side by side), .xlsx and .ods of the same shape, and flat lists (CSV or sheet) of
//! code and name with an optional province column, such as the 2025 commune list. Names come
//! out NFC with inner spaces collapsed; codes stay text with their leading zeros (numbers are
//! padded to the level's width). Any file either reads or is refused with a
//! [`CatalogueError`] that says in Vietnamese what is wrong: no panic on any input.
//! [`diff`] compares a list with the units a store holds and says what was added, renamed,
//! re-coded and removed, so the store can update units in place and keep their records.
//! [`read_merges`] reads a merger list (old unit → new unit, whole or part) and checks that each
//! divided unit names the one new unit that took most of it.

mod diff;
mod merges;
mod read;

pub use diff::{CatalogueDiff, CodeChange, Rename, diff};
pub use merges::{MergeRow, ParsedMerges, Share, read_merges, read_merges_bytes};
pub use read::{CatalogueEntry, CatalogueError, ParsedCatalogue, kind_of, read_catalogue, read_catalogue_bytes};
