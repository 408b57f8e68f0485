//! Year-end emulation scoring (issue 17): a scoring table written by the upper level as data
//! (groups of criteria with their standard points and how each is scored, the caps on bonuses,
//! the classes), a unit's points against it with a sentence for each criterion, and the ranking.
//!
//! The method is the one Hưng Yên's guide for emulation clusters sets out (section V): a
//! quantitative criterion scores achieved ÷ target × its standard, what goes beyond the standard
//! becoming bonus (at most 10 % of the standard, all such bonuses at most 20 points); a
//! qualitative one is graded A–D; fixed bonuses (+5) and penalties (−5, −10, −20, lateness by
//! days) come on top. The numbers are the table's, not this crate's: `assets/scoring/` holds
//! the tables shipped as examples.

mod points;
mod rank;
mod score;
mod table;

pub use points::Points;
pub use rank::{Place, rank};
pub use score::{Answer, CriterionScore, Grade, ScoreError, UnitScore, score};
pub use table::{Class, Criterion, Group, LateStep, Method, Rules, ScoringTable, TableError};
