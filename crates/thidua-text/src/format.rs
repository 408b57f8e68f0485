//! Numbers and dates as Vietnamese official documents write them.

/// An integer with "." between thousands: `1200300` → `"1.200.300"`, `-5000` → `"-5.000"`.
pub fn format_integer(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(ch);
    }
    out
}

/// A decimal with "." thousands and "," before the fraction: `(1234.5, 1)` → `"1.234,5"`.
pub fn format_decimal(x: f64, fraction_digits: usize) -> String {
    let fixed = format!("{:.*}", fraction_digits, x.abs());
    let (whole, frac) = fixed.split_once('.').unwrap_or((&fixed, ""));
    let whole: i64 = whole.parse().unwrap_or(0);
    let sign = if x < 0.0 && fixed.chars().any(|c| c.is_ascii_digit() && c != '0') { "-" } else { "" };
    let mut out = format!("{sign}{}", format_integer(whole));
    if !frac.is_empty() {
        out.push(',');
        out.push_str(frac);
    }
    out
}

/// The date line of a document: "ngày 05 tháng 01 năm 2022". Days below 10 and months 1 and 2
/// take a leading zero (Decree 30), so "tháng 01", "tháng 02" but "tháng 6".
pub fn format_date_long(year: i32, month: u8, day: u8) -> String {
    let month = if month <= 2 { format!("{month:02}") } else { month.to_string() };
    format!("ngày {day:02} tháng {month} năm {year}")
}

/// The short form used in tables and forms: "05/01/2022".
pub fn format_date_dmy(year: i32, month: u8, day: u8) -> String {
    format!("{day:02}/{month:02}/{year}")
}

/// Parses "dd/mm/yyyy" (also "d/m/yyyy" and "-" or "." separators) and checks that the day
/// exists. Returns (year, month, day).
pub fn parse_date_dmy(s: &str) -> Option<(i32, u8, u8)> {
    let parts: Vec<&str> = s.trim().split(['/', '-', '.']).collect();
    let [d, m, y] = parts.as_slice() else { return None };
    if y.len() != 4 || d.is_empty() || m.is_empty() || d.len() > 2 || m.len() > 2 {
        return None;
    }
    let (day, month, year): (u8, u8, i32) = (d.parse().ok()?, m.parse().ok()?, y.parse().ok()?);
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days_in_month).contains(&day).then_some((year, month, day))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_group_by_dots() {
        for (n, s) in
            [(0, "0"), (999, "999"), (1000, "1.000"), (1_200_300, "1.200.300"), (-5000, "-5.000"), (i64::MIN, "-9.223.372.036.854.775.808")]
        {
            assert_eq!(format_integer(n), s);
        }
    }

    #[test]
    fn decimals_use_a_comma() {
        assert_eq!(format_decimal(1234.5, 1), "1.234,5");
        assert_eq!(format_decimal(0.25, 2), "0,25");
        assert_eq!(format_decimal(-1_000_000.0, 0), "-1.000.000");
        assert_eq!(format_decimal(-0.001, 1), "0,0");
    }

    #[test]
    fn long_dates_pad_day_and_the_first_two_months_only() {
        assert_eq!(format_date_long(2022, 1, 5), "ngày 05 tháng 01 năm 2022");
        assert_eq!(format_date_long(2022, 2, 28), "ngày 28 tháng 02 năm 2022");
        assert_eq!(format_date_long(2022, 6, 30), "ngày 30 tháng 6 năm 2022");
        assert_eq!(format_date_long(2022, 12, 1), "ngày 01 tháng 12 năm 2022");
        assert_eq!(format_date_dmy(2022, 3, 5), "05/03/2022");
    }

    #[test]
    fn dates_parse_only_when_they_exist() {
        assert_eq!(parse_date_dmy("05/01/2022"), Some((2022, 1, 5)));
        assert_eq!(parse_date_dmy("5/1/2022"), Some((2022, 1, 5)));
        assert_eq!(parse_date_dmy("29/02/2024"), Some((2024, 2, 29)));
        for bad in ["31/02/2022", "29/02/2023", "00/01/2022", "1/13/2022", "2022-01-05", "", "a/b/c", "05/01/22"] {
            assert_eq!(parse_date_dmy(bad), None, "{bad}");
        }
    }
}
