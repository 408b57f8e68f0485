//! Points, kept in hundredths so that sums and comparisons are exact.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A number of points, in hundredths of a point: 9,75 điểm is `Points(975)`. Scoring tables give
/// standards like 2,5 and ratios give fractions; two decimals is what offices print, and whole
/// hundredths add up exactly, so a ranking never turns on a rounding error.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Points(pub i64);

impl Points {
    pub const ZERO: Points = Points(0);

    /// Whole points.
    pub const fn whole(n: i64) -> Self {
        Points(n * 100)
    }

    /// `self × numerator ÷ denominator`, rounded half away from zero (denominator > 0).
    pub fn scaled(self, numerator: i64, denominator: i64) -> Self {
        Points(div_round(self.0 as i128 * numerator as i128, denominator as i128))
    }

    /// The points as a person reads them: "10", "9,5", "−5", "1.250,25".
    pub fn to_text(self) -> String {
        let sign = if self.0 < 0 { "−" } else { "" };
        let abs = self.0.unsigned_abs();
        let whole = thidua_text::format_integer((abs / 100) as i64);
        match abs % 100 {
            0 => format!("{sign}{whole}"),
            f if f % 10 == 0 => format!("{sign}{whole},{}", f / 10),
            f => format!("{sign}{whole},{f:02}"),
        }
    }
}

impl std::str::FromStr for Points {
    type Err = String;

    /// Points as a person types them: "10", "9,5", "9.5", "-5", "−5", "1.250,25" (a "." before
    /// three digits and a "," after it is Vietnamese grouping), at most two decimals.
    fn from_str(text: &str) -> Result<Self, String> {
        let t = text.trim().replace('−', "-").replace(' ', "");
        let bad = || format!("«{}» không phải số điểm (ví dụ 10 hoặc 9,5; tối đa hai chữ số thập phân)", text.trim());
        let (negative, t) = match t.strip_prefix('-') {
            Some(rest) => (true, rest.to_owned()),
            None => (false, t),
        };
        // "1.250,25" and "1.250": the dots group thousands; otherwise a lone "." is the decimal point.
        let t = if t.contains(',') || t.split('.').skip(1).all(|g| g.len() == 3) && t.matches('.').count() > 1 {
            t.replace('.', "").replace(',', ".")
        } else {
            t
        };
        let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
        if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) || frac.len() > 2 || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let whole: i64 = whole.parse().map_err(|_| bad())?;
        if whole > 1_000_000_000 {
            return Err(bad());
        }
        let frac: i64 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
        let hundredths = whole * 100 + frac;
        Ok(Points(if negative { -hundredths } else { hundredths }))
    }
}

impl std::ops::Add for Points {
    type Output = Points;
    fn add(self, other: Points) -> Points {
        Points(self.0 + other.0)
    }
}

impl std::ops::Sub for Points {
    type Output = Points;
    fn sub(self, other: Points) -> Points {
        Points(self.0 - other.0)
    }
}

impl std::ops::Neg for Points {
    type Output = Points;
    fn neg(self) -> Points {
        Points(-self.0)
    }
}

impl std::iter::Sum for Points {
    fn sum<I: Iterator<Item = Points>>(iter: I) -> Points {
        Points(iter.map(|p| p.0).sum())
    }
}

impl fmt::Display for Points {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_text())
    }
}

/// `n ÷ d` rounded half away from zero; `d` > 0.
pub(crate) fn div_round(n: i128, d: i128) -> i64 {
    let q = if n >= 0 { (2 * n + d) / (2 * d) } else { -((-2 * n + d) / (2 * d)) };
    q as i64
}

/// In data files points are plain numbers (10, 2.5): a table is written by people.
impl Serialize for Points {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0 % 100 == 0 { s.serialize_i64(self.0 / 100) } else { s.serialize_f64(self.0 as f64 / 100.0) }
    }
}

impl<'de> Deserialize<'de> for Points {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let x = f64::deserialize(d)?;
        let hundredths = (x * 100.0).round();
        if !hundredths.is_finite() || hundredths.abs() > 1e12 || (x * 100.0 - hundredths).abs() > 1e-6 {
            return Err(serde::de::Error::custom(format!("số điểm {x} không hợp lệ (tối đa hai chữ số thập phân)")));
        }
        Ok(Points(hundredths as i64))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_read_as_an_office_writes_them_and_round_half_away_from_zero() {
        assert_eq!(Points(1000).to_text(), "10");
        assert_eq!(Points(950).to_text(), "9,5");
        assert_eq!(Points(975).to_text(), "9,75");
        assert_eq!(Points(-500).to_text(), "−5");
        assert_eq!(Points(125_025).to_text(), "1.250,25");
        assert_eq!(Points(1000).scaled(2, 3), Points(667));
        assert_eq!(Points(1000).scaled(1, 8), Points(125));
        assert_eq!(Points(-1000).scaled(1, 8), Points(-125));
        assert_eq!(serde_json::from_str::<Points>("2.5").unwrap(), Points(250));
        assert_eq!(serde_json::to_string(&Points(250)).unwrap(), "2.5");
        assert_eq!(serde_json::to_string(&Points(500)).unwrap(), "5");
        assert!(serde_json::from_str::<Points>("2.555").is_err());
        for (typed, hundredths) in
            [("10", 1000), ("9,5", 950), ("9.5", 950), ("9,75", 975), ("−5", -500), ("-2,5", -250), ("1.250,25", 125_025)]
        {
            assert_eq!(typed.parse::<Points>(), Ok(Points(hundredths)), "{typed}");
        }
        for bad in ["", "mười", "9,555", "1e3", "9,5,1", "--5"] {
            assert!(bad.parse::<Points>().is_err(), "{bad}");
        }
    }
}
