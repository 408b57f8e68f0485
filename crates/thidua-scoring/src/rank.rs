//! Ranking units by their totals.

use serde::Serialize;

use crate::Points;

/// One unit's place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Place {
    /// The unit's position in the list given to [`rank`].
    pub index: usize,
    /// 1 for the best; units with the same total share a rank and the next rank skips
    /// (1, 2, 2, 4), as offices announce them.
    pub rank: usize,
    /// Another unit has the same total ("đồng hạng").
    pub tied: bool,
}

/// Ranks units given as (name, total): highest total first; equal totals share the rank and are
/// listed in Vietnamese order of name, so a list reads the same on every machine.
pub fn rank(units: &[(String, Points)]) -> Vec<Place> {
    let collator = thidua_text::Collator::vietnamese();
    let mut order: Vec<usize> = (0..units.len()).collect();
    order.sort_by(|&a, &b| units[b].1.cmp(&units[a].1).then_with(|| collator.compare(&units[a].0, &units[b].0)));
    let mut places = Vec::with_capacity(order.len());
    for (position, &index) in order.iter().enumerate() {
        let total = units[index].1;
        let rank = match places.last() {
            Some(Place { index: prev, rank, .. }) if units[*prev].1 == total => *rank,
            _ => position + 1,
        };
        let tied = order.iter().filter(|&&i| units[i].1 == total).nth(1).is_some();
        places.push(Place { index, rank, tied });
    }
    places
}
