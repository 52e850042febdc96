//! Exact rounding and Vietnamese formatting of numbers and dates: the one home of half-up
//! rounding, `6.691`, `98,77%` and `ngày 05 tháng 02 năm 2021` for the whole workspace.
//!
//! Numbers follow the Accounting Law convention (dot between thousands groups, comma before
//! the decimals); dates follow Nghị định 30/2020/NĐ-CP. Rounding is half away from zero
//! ("làm tròn" as officials do it), on exact decimals.
//!
//! ```
//! use chrono::NaiveDate;
//! use minhbach_model::vi;
//! use rust_decimal::Decimal;
//!
//! assert_eq!(vi::int(1_241_760), "1.241.760");
//! assert_eq!(vi::percent(Decimal::new(987654, 4), 2), "98,77%");
//! assert_eq!(vi::fixed(Decimal::new(12345, 3), 2), "12.35");
//! assert_eq!(vi::parse_grouped_count("1.200"), Some(1200));
//! let d = NaiveDate::from_ymd_opt(2021, 2, 5).unwrap();
//! assert_eq!(vi::date_long(d), "ngày 05 tháng 02 năm 2021");
//! ```

use chrono::{Datelike, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};

/// Rounds half away from zero to `dp` decimals and gives the result exactly `dp` decimals
/// (`12.345` → `12.35`, `0.5` with 2 → `0.50`, `-0.5` with 0 → `-1`).
pub fn round_half_up(d: Decimal, dp: u32) -> Decimal {
    let mut r = d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(dp);
    r
}

/// [`round_half_up`] as plain text with a decimal point, for data files and JSON
/// (`1234.50`); reports use [`decimal`].
pub fn fixed(d: Decimal, dp: u32) -> String {
    round_half_up(d, dp).to_string()
}

/// Groups the digits of an integer with dots: `6691` → `6.691`.
///
/// Do not use it for years ("năm 2021", never "2.021").
pub fn int(n: u64) -> String {
    group_digits(&n.to_string())
}

/// Like [`int`] for signed integers: `-1234` → `-1.234`.
pub fn signed_int(n: i64) -> String {
    if n < 0 {
        format!("-{}", int(n.unsigned_abs()))
    } else {
        int(n.unsigned_abs())
    }
}

fn group_digits(digits: &str) -> String {
    let len = digits.len();
    let mut out = String::with_capacity(len + len / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (len - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// Formats a decimal with `dp` decimal places, rounded half away from zero, dots between
/// thousands groups and a comma before the decimals: `1500050.3` with 2 → `1.500.050,30`.
pub fn decimal(value: Decimal, dp: u32) -> String {
    let r = round_half_up(value, dp);
    let negative = r.is_sign_negative() && !r.is_zero();
    let s = r.abs().to_string();
    let (int_part, frac) = s.split_once('.').unwrap_or((s.as_str(), ""));
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    out.push_str(&group_digits(int_part));
    if dp > 0 {
        out.push(',');
        out.push_str(frac);
        for _ in frac.len()..dp as usize {
            out.push('0');
        }
    }
    out
}

/// Formats a percentage given as a number of percent: `98.7654` with 2 → `98,77%`.
pub fn percent(value: Decimal, dp: u32) -> String {
    format!("{}%", decimal(value, dp))
}

/// Reads a count written with Vietnamese thousands separators: `"1.200"` → 1200,
/// `"1.241.760"` → 1241760. `None` unless the text is digit groups of three after a first
/// group of one to three digits, separated by dots (so `"1.2"` and `"1200"` are `None`).
pub fn parse_grouped_count(s: &str) -> Option<u64> {
    let t = s.trim();
    if !t.contains('.') {
        return None;
    }
    let mut groups = t.split('.');
    let first_ok = groups
        .next()
        .is_some_and(|g| (1..=3).contains(&g.len()) && g.bytes().all(|b| b.is_ascii_digit()));
    let rest_ok = groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()));
    if first_ok && rest_ok {
        t.replace('.', "").parse().ok()
    } else {
        None
    }
}

fn pad_day(d: u32) -> String {
    format!("{d:02}")
}

fn pad_month(m: u32) -> String {
    // Nghị định 30/2020, Phụ lục I, II.4: months 1 and 2 get a leading zero, 3–12 do not.
    if m <= 2 {
        format!("{m:02}")
    } else {
        m.to_string()
    }
}

/// The full date as in the place-and-date line: `ngày 27 tháng 8 năm 2021`,
/// `ngày 05 tháng 02 năm 2021` (day padded below 10; month padded only for 01 and 02).
pub fn date_long(d: NaiveDate) -> String {
    format!(
        "ngày {} tháng {} năm {}",
        pad_day(d.day()),
        pad_month(d.month()),
        d.year()
    )
}

/// The short date used in running text for document references, with the same padding
/// rule as [`date_long`]: `05/02/2021`, `31/3/2021`, `18/8/2021`.
pub fn date_short(d: NaiveDate) -> String {
    format!("{}/{}/{}", pad_day(d.day()), pad_month(d.month()), d.year())
}

/// The fully numeric date `dd/mm/yyyy` used in tables: `27/08/2021`.
pub fn date_numeric(d: NaiveDate) -> String {
    format!("{:02}/{:02}/{}", d.day(), d.month(), d.year())
}

/// The place-and-date line: `Lý Sơn, ngày 27 tháng 8 năm 2021`. Without a date (a draft
/// awaiting registration) the day and month are left blank for the clerk:
/// `Lý Sơn, ngày      tháng      năm 2021`.
pub fn place_date(place: &str, date: Option<NaiveDate>, year: i32) -> String {
    match date {
        Some(d) => format!("{place}, {}", date_long(d)),
        None => format!("{place}, ngày      tháng      năm {year}"),
    }
}

/// The text with its first letter in upper case, as a sentence starts: `đúng hạn` →
/// `Đúng hạn`.
///
/// ```
/// assert_eq!(minhbach_model::vi::capitalise_first("đúng hạn"), "Đúng hạn");
/// assert_eq!(minhbach_model::vi::capitalise_first(""), "");
/// ```
pub fn capitalise_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Roman numeral for section numbers (1 → `I`, 4 → `IV`). Zero gives an empty string.
pub fn roman(n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut n = n;
    let mut out = String::new();
    for (v, s) in TABLE {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn integers() {
        assert_eq!(int(0), "0");
        assert_eq!(int(83), "83");
        assert_eq!(int(999), "999");
        assert_eq!(int(1000), "1.000");
        assert_eq!(int(1255), "1.255");
        assert_eq!(int(6691), "6.691");
        assert_eq!(int(1_241_760), "1.241.760");
        assert_eq!(int(u64::MAX), "18.446.744.073.709.551.615");
        assert_eq!(signed_int(-1234), "-1.234");
        assert_eq!(signed_int(i64::MIN), "-9.223.372.036.854.775.808");
        assert_eq!(parse_grouped_count("1.241.760"), Some(1_241_760));
        assert_eq!(parse_grouped_count(" 1.200 "), Some(1200));
        for s in [
            "1.2", "1200", "1.2000", "1234.567", ".200", "1..200", "a.bcd", "",
        ] {
            assert_eq!(parse_grouped_count(s), None, "{s}");
        }
    }

    #[test]
    fn decimals_and_percent() {
        assert_eq!(decimal(Decimal::new(150005030, 2), 2), "1.500.050,30");
        assert_eq!(decimal(Decimal::new(1234567895, 3), 2), "1.234.567,90");
        assert_eq!(percent(Decimal::new(987654, 4), 2), "98,77%");
        assert_eq!(percent(Decimal::new(100, 0), 2), "100,00%");
        assert_eq!(percent(Decimal::new(125, 3), 1), "0,1%");
        assert_eq!(percent(Decimal::new(5, 1), 0), "1%");
        assert_eq!(decimal(Decimal::new(-15, 1), 0), "-2");
        assert_eq!(decimal(Decimal::new(-5, 1), 0), "-1");
        assert_eq!(decimal(Decimal::new(-4, 1), 0), "0");
        assert_eq!(percent(Decimal::new(30, 0), 0), "30%");
        assert_eq!(fixed(Decimal::new(5, 1), 2), "0.50");
        assert_eq!(fixed(Decimal::new(-125, 2), 1), "-1.3");
        assert_eq!(
            round_half_up(Decimal::new(12345, 3), 2),
            Decimal::new(1235, 2)
        );
    }

    #[test]
    fn dates_follow_decree_30() {
        // engineering.md §3.5 test vectors.
        assert_eq!(date_long(d(2020, 1, 5)), "ngày 05 tháng 01 năm 2020");
        assert_eq!(date_long(d(2019, 6, 29)), "ngày 29 tháng 6 năm 2019");
        assert_eq!(date_long(d(2020, 3, 5)), "ngày 05 tháng 3 năm 2020");
        assert_eq!(date_long(d(2021, 2, 10)), "ngày 10 tháng 02 năm 2021");
        assert_eq!(date_long(d(2021, 11, 9)), "ngày 09 tháng 11 năm 2021");
        assert_eq!(date_long(d(2021, 8, 27)), "ngày 27 tháng 8 năm 2021");
        assert_eq!(
            place_date("Lý Sơn", Some(d(2021, 8, 27)), 2021),
            "Lý Sơn, ngày 27 tháng 8 năm 2021"
        );
        assert_eq!(date_numeric(d(2021, 8, 27)), "27/08/2021");
        // Every short date written in report 415/BC-UBND.
        for (date, text) in [
            (d(2021, 2, 5), "05/02/2021"),
            (d(2021, 3, 31), "31/3/2021"),
            (d(2021, 2, 18), "18/02/2021"),
            (d(2011, 6, 13), "13/6/2011"),
            (d(2021, 8, 18), "18/8/2021"),
        ] {
            assert_eq!(date_short(date), text);
        }
        assert_eq!(roman(1), "I");
        assert_eq!(roman(3), "III");
        assert_eq!(roman(14), "XIV");
        assert_eq!(roman(0), "");
    }

    proptest! {
        #[test]
        fn int_round_trips(n in any::<u64>()) {
            let s = int(n);
            prop_assert_eq!(s.replace('.', "").parse::<u64>().unwrap(), n);
            for g in s.split('.').skip(1) { prop_assert_eq!(g.len(), 3); }
            prop_assert!(!s.starts_with('.'));
            if n >= 1000 { prop_assert_eq!(parse_grouped_count(&s), Some(n)); }
        }

        #[test]
        fn decimal_round_trips(m in -10_000_000_000i64..10_000_000_000, scale in 0u32..6, dp in 0u32..4) {
            let v = Decimal::new(m, scale);
            let s = decimal(v, dp);
            let back: Decimal = s.replace('.', "").replace(',', ".").parse().unwrap();
            prop_assert_eq!(back, v.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero));
            prop_assert_eq!(s.contains(','), dp > 0);
        }

        #[test]
        fn dates_parse_back(days in 0i64..80_000) {
            let date = d(1900, 1, 1) + chrono::Duration::days(days);
            let long = date_long(date);
            let parts: Vec<&str> = long.split(' ').collect();
            prop_assert_eq!(parts.len(), 6);
            prop_assert_eq!(parts[1].len(), 2);
            let m: u32 = parts[3].parse().unwrap();
            prop_assert_eq!(m, date.month());
            prop_assert_eq!(parts[3].len() == 2, m <= 2 || m >= 10);
            let short = date_short(date);
            prop_assert_eq!(long, {
                let p: Vec<&str> = short.split('/').collect();
                format!("ngày {} tháng {} năm {}", p[0], p[1], p[2])
            });
        }
    }
}
