//! Vietnamese formatting helpers: numbers, percentages, dates, periods, document references.
//!
//! These follow Nghị định 30/2020/NĐ-CP (dates) and the Accounting Law convention for numbers
//! (dot between thousands groups, comma before decimals).
//!
//! ```
//! use chrono::NaiveDate;
//! use minhbach_report::vi;
//! use rust_decimal::Decimal;
//!
//! assert_eq!(vi::int(6691), "6.691");
//! assert_eq!(vi::int(1_241_760), "1.241.760");
//! assert_eq!(vi::percent(Decimal::new(987654, 4), 2), "98,77%");
//! let d = NaiveDate::from_ymd_opt(2021, 2, 5).unwrap();
//! assert_eq!(vi::date_long(d), "ngày 05 tháng 02 năm 2021");
//! assert_eq!(vi::date_short(d), "05/02/2021");
//! ```

use chrono::{Datelike, NaiveDate};
use minhbach_model::{DocumentNumber, Period, PeriodKind};
use rust_decimal::{Decimal, RoundingStrategy};

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
    let r = value.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
    let negative = r.is_sign_negative() && !r.is_zero();
    let s = r.abs().to_string();
    let (int_part, frac_part) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), f.to_string()),
        None => (s.clone(), String::new()),
    };
    let mut frac = frac_part;
    while (frac.len() as u32) < dp {
        frac.push('0');
    }
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    out.push_str(&group_digits(&int_part));
    if dp > 0 {
        out.push(',');
        out.push_str(&frac);
    }
    out
}

/// Formats a percentage given as a number of percent: `98.7654` with 2 → `98,77%`.
pub fn percent(value: Decimal, dp: u32) -> String {
    format!("{}%", decimal(value, dp))
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

/// Names a reporting period from its first and last day as officials write it:
/// `6 tháng đầu năm 2021`, `6 tháng cuối năm 2021`, `năm 2021`, `quý II năm 2021`,
/// `tháng 3 năm 2021`, `9 tháng đầu năm 2021`; any other span as
/// `từ ngày 05/02/2021 đến ngày 30/6/2021`.
///
/// ```
/// use chrono::NaiveDate;
/// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// assert_eq!(minhbach_report::vi::period_name(d(2021, 1, 1), d(2021, 6, 30)), "6 tháng đầu năm 2021");
/// ```
pub fn period_name(start: NaiveDate, end: NaiveDate) -> String {
    // The model owns period names; a range it refuses (years outside 1000–9999, start after
    // end) is still written as a range.
    Period::from_range(start, end).map_or_else(
        |_| format!("từ ngày {} đến ngày {}", date_short(start), date_short(end)),
        |p| p.vietnamese_name(),
    )
}

/// Like [`period_name`], with a leading zero on the month count as the seed's opening
/// sentence writes it: `06 tháng đầu năm 2021`.
pub fn period_name_padded(start: NaiveDate, end: NaiveDate) -> String {
    let name = period_name(start, end);
    match name.split_once(' ') {
        Some((n, rest)) if n.len() == 1 && n.chars().all(|c| c.is_ascii_digit()) => {
            format!("0{n} {rest}")
        }
        _ => name,
    }
}

/// The period of the same length that follows `[start, end]` when it is a named period
/// (the next half-year after H1 is H2; after H2 it is H1 of the next year). `None` for
/// custom ranges.
pub fn next_period(start: NaiveDate, end: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let p = Period::from_range(start, end).ok()?;
    if p.kind() == PeriodKind::Custom {
        return None;
    }
    p.next().map(|n| (n.start(), n.end()))
}

/// The document type named by a number and symbol: `21/KH-UBND` → `Kế hoạch`,
/// `43/2011/NĐ-CP` → `Nghị định`. A symbol whose first group is not a type abbreviation
/// is a `Công văn` (công văn has no type abbreviation): `839/STP-HCTP&BTTP` → `Công văn`.
/// The abbreviations are the model's ([`minhbach_model::DocumentType`], Nghị định 30/2020
/// Phụ lục III).
///
/// ```
/// use minhbach_report::vi::document_type_of;
/// assert_eq!(document_type_of("21/KH-UBND"), "Kế hoạch");
/// assert_eq!(document_type_of("43/2011/NĐ-CP"), "Nghị định");
/// assert_eq!(document_type_of("839/STP-HCTP&BTTP"), "Công văn");
/// ```
pub fn document_type_of(number: &str) -> &'static str {
    DocumentNumber::parse_lenient(number)
        .ok()
        .and_then(|n| n.doc_type())
        .map_or("Công văn", |t| t.vietnamese_name())
}

/// A reference to another document in running text: `Kế hoạch số 21/KH-UBND ngày 05/02/2021`,
/// and without a date when the register has none: `Kế hoạch số 26/KH-UBND`. The `kind`
/// defaults to [`document_type_of`] the number.
///
/// ```
/// use chrono::NaiveDate;
/// use minhbach_report::vi::document_reference;
/// let d = NaiveDate::from_ymd_opt(2021, 2, 5);
/// assert_eq!(document_reference(None, "21/KH-UBND", d), "Kế hoạch số 21/KH-UBND ngày 05/02/2021");
/// assert_eq!(document_reference(None, "26/KH-UBND", None), "Kế hoạch số 26/KH-UBND");
/// ```
pub fn document_reference(kind: Option<&str>, number: &str, date: Option<NaiveDate>) -> String {
    let kind = kind.unwrap_or_else(|| document_type_of(number));
    match date {
        Some(d) => format!("{kind} số {number} ngày {}", date_short(d)),
        None => format!("{kind} số {number}"),
    }
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
        assert_eq!(int(6774), "6.774");
        assert_eq!(int(1_241_760), "1.241.760");
        assert_eq!(int(u64::MAX), "18.446.744.073.709.551.615");
        assert_eq!(signed_int(-1234), "-1.234");
        assert_eq!(signed_int(i64::MIN), "-9.223.372.036.854.775.808");
    }

    #[test]
    fn decimals_and_percent() {
        assert_eq!(decimal(Decimal::new(150005030, 2), 2), "1.500.050,30");
        assert_eq!(percent(Decimal::new(987654, 4), 2), "98,77%");
        assert_eq!(percent(Decimal::new(100, 0), 2), "100,00%");
        assert_eq!(percent(Decimal::new(125, 3), 1), "0,1%");
        assert_eq!(percent(Decimal::new(5, 1), 0), "1%");
        assert_eq!(decimal(Decimal::new(-15, 1), 0), "-2");
        assert_eq!(decimal(Decimal::new(-4, 1), 0), "0");
        assert_eq!(percent(Decimal::new(30, 0), 0), "30%");
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
    }

    #[test]
    fn short_dates_match_every_date_in_the_seed() {
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
    }

    #[test]
    fn periods() {
        assert_eq!(
            period_name(d(2021, 1, 1), d(2021, 6, 30)),
            "6 tháng đầu năm 2021"
        );
        assert_eq!(
            period_name(d(2021, 7, 1), d(2021, 12, 31)),
            "6 tháng cuối năm 2021"
        );
        assert_eq!(period_name(d(2021, 1, 1), d(2021, 12, 31)), "năm 2021");
        assert_eq!(
            period_name(d(2021, 4, 1), d(2021, 6, 30)),
            "quý II năm 2021"
        );
        assert_eq!(
            period_name(d(2021, 1, 1), d(2021, 9, 30)),
            "9 tháng đầu năm 2021"
        );
        assert_eq!(
            period_name(d(2021, 3, 1), d(2021, 3, 31)),
            "tháng 3 năm 2021"
        );
        assert_eq!(
            period_name(d(2021, 2, 5), d(2021, 6, 30)),
            "từ ngày 05/02/2021 đến ngày 30/6/2021"
        );
        assert_eq!(
            period_name_padded(d(2021, 1, 1), d(2021, 6, 30)),
            "06 tháng đầu năm 2021"
        );
        assert_eq!(
            period_name_padded(d(2021, 1, 1), d(2021, 12, 31)),
            "năm 2021"
        );
        assert_eq!(
            next_period(d(2021, 1, 1), d(2021, 6, 30)),
            Some((d(2021, 7, 1), d(2021, 12, 31)))
        );
        assert_eq!(
            next_period(d(2021, 7, 1), d(2021, 12, 31)),
            Some((d(2022, 1, 1), d(2022, 6, 30)))
        );
        assert_eq!(
            next_period(d(2021, 10, 1), d(2021, 12, 31)),
            Some((d(2022, 1, 1), d(2022, 3, 31)))
        );
        assert_eq!(next_period(d(2021, 2, 5), d(2021, 6, 30)), None);
    }

    #[test]
    fn references() {
        assert_eq!(document_type_of("21/KH-UBND"), "Kế hoạch");
        assert_eq!(document_type_of("130/QĐ-UBND"), "Quyết định");
        assert_eq!(document_type_of("43/2011/NĐ-CP"), "Nghị định");
        assert_eq!(document_type_of("839/STP-HCTP&BTTP"), "Công văn");
        assert_eq!(document_type_of("12/UBND-VX"), "Công văn");
        assert_eq!(document_type_of("5/QyĐ-UBND"), "Quy định");
        assert_eq!(
            document_reference(None, "31/KH-UBND", Some(d(2021, 3, 31))),
            "Kế hoạch số 31/KH-UBND ngày 31/3/2021"
        );
        assert_eq!(
            document_reference(None, "839/STP-HCTP&BTTP", Some(d(2021, 8, 18))),
            "Công văn số 839/STP-HCTP&BTTP ngày 18/8/2021"
        );
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
