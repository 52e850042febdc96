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
///
/// Equal to `rust_decimal`'s `round_dp_with_strategy(dp, MidpointAwayFromZero)` followed by
/// `rescale(dp)`, sign of a zero included. When `d` has more decimals than `dp` (scores
/// computed by division carry up to 28) the mantissa is cut with one integer division instead
/// of one division by ten per dropped digit: the scoring JSON view rounds millions of values.
pub fn round_half_up(d: Decimal, dp: u32) -> Decimal {
    let cut = d.scale().saturating_sub(dp);
    // `cut` ≤ 28, so 10^cut fits 128 bits; the mantissa has at most 96.
    if let Some(p) = 10u128.checked_pow(cut).filter(|_| cut > 0) {
        let m = d.mantissa().unsigned_abs();
        let (mut q, r) = (m / p, m % p);
        // Half away from zero: r < p ≤ 10^28, so 2r cannot overflow.
        if r * 2 >= p {
            q += 1;
        }
        // q ≤ m / 10 + 1 < 2^96: its three 32-bit words are the result's mantissa.
        let word = |shift: u32| u32::try_from((q >> shift) & u128::from(u32::MAX)).unwrap_or(0);
        return Decimal::from_parts(word(0), word(32), word(64), d.is_sign_negative(), dp);
    }
    let mut r = d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(dp);
    r
}

/// [`round_half_up`] as plain text with a decimal point, for data files and JSON
/// (`1234.50`); reports use [`decimal`].
pub fn fixed(d: Decimal, dp: u32) -> String {
    plain(round_half_up(d, dp), &mut [0; PLAIN_MAX]).to_owned()
}

/// Room for any [`Decimal`] written by [`plain`]: a sign, 29 digits, a point and a zero
/// before it.
pub const PLAIN_MAX: usize = 32;

/// Writes `d` exactly as `Decimal`'s `Display` does (`-`, digits, `.` and all `scale`
/// decimals: `-0.050`, `1234.50`) into `buf` and gives the text, without the formatting
/// machinery or an allocation: for writers of millions of figures (the scoring JSON view).
///
/// ```
/// use minhbach_model::vi;
/// use rust_decimal::Decimal;
///
/// let mut buf = [0; vi::PLAIN_MAX];
/// assert_eq!(vi::plain(Decimal::new(-50, 3), &mut buf), "-0.050");
/// ```
pub fn plain(d: Decimal, buf: &mut [u8; PLAIN_MAX]) -> &str {
    let mut pos = PLAIN_MAX;
    let mut push = |c: u8| {
        if let Some(p) = pos.checked_sub(1) {
            pos = p;
            if let Some(b) = buf.get_mut(p) {
                *b = c;
            }
        }
    };
    let mut m = d.mantissa().unsigned_abs();
    // Most mantissas fit 64 bits, whose division by ten is a multiplication.
    let digit = |m: &mut u128| {
        let c = if let Ok(small) = u64::try_from(*m) {
            *m = u128::from(small / 10);
            small % 10
        } else {
            let c = *m % 10;
            *m /= 10;
            u64::try_from(c).unwrap_or(0)
        };
        b'0' + u8::try_from(c).unwrap_or(0)
    };
    let scale = d.scale();
    for _ in 0..scale {
        push(digit(&mut m));
    }
    if scale > 0 {
        push(b'.');
    }
    loop {
        push(digit(&mut m));
        if m == 0 {
            break;
        }
    }
    if d.is_sign_negative() {
        push(b'-');
    }
    buf.get(pos..)
        .and_then(|t| std::str::from_utf8(t).ok())
        .unwrap_or("")
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
    let mut buf = [0; PLAIN_MAX];
    let s = plain(r.abs(), &mut buf);
    let (int_part, frac) = s.split_once('.').unwrap_or((s, ""));
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
    fn plain_and_rounding_edges() {
        let mut buf = [0; PLAIN_MAX];
        for (d, want) in [
            (Decimal::ZERO, "0"),
            (Decimal::new(0, 2), "0.00"),
            (Decimal::new(-5, 3), "-0.005"),
            (Decimal::new(12345, 2), "123.45"),
            (Decimal::new(1, 28), "0.0000000000000000000000000001"),
            (Decimal::MAX, "79228162514264337593543950335"),
            (Decimal::MIN, "-79228162514264337593543950335"),
            (
                Decimal::from_parts(u32::MAX, u32::MAX, u32::MAX, true, 28),
                "-7.9228162514264337593543950335",
            ),
        ] {
            assert_eq!(plain(d, &mut buf), want);
            assert_eq!(d.to_string(), want);
        }
        // A negative value rounding to zero is zero, unsigned, as with rust_decimal's rounding.
        assert_eq!(round_half_up(Decimal::new(-4, 3), 2).to_string(), "0.00");
        assert_eq!(
            Decimal::new(-4, 3)
                .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
                .to_string(),
            "0.00"
        );
        assert_eq!(round_half_up(Decimal::new(-5, 3), 2).to_string(), "-0.01");
        // The largest mantissas, rounded to none and to all decimals.
        assert_eq!(round_half_up(Decimal::MAX, 0), Decimal::MAX);
        let big = Decimal::from_parts(u32::MAX, u32::MAX, u32::MAX, false, 28);
        assert_eq!(round_half_up(big, 0).to_string(), "8");
        assert_eq!(
            round_half_up(big, 27).to_string(),
            "7.922816251426433759354395034"
        );
        assert_eq!(fixed(big, 2), "7.92");
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

        /// The fast path of `round_half_up` is `rust_decimal`'s own half-away-from-zero rounding
        /// (then rescaled), sign and scale included: any 96-bit mantissa, either sign, scale
        /// 0..=28, to every number of decimals.
        #[test]
        fn round_half_up_is_rust_decimals(lo in any::<u32>(), mid in any::<u32>(), hi in any::<u32>(),
                                          neg in any::<bool>(), scale in 0u32..=28, width in 0u8..4,
                                          dp in 0u32..=28) {
            // Small, 64-bit and full 96-bit mantissas alike.
            let (mid, hi) = match width { 0 => (0, 0), 1 => (mid, 0), _ => (mid, hi) };
            let d = Decimal::from_parts(lo, mid, hi, neg, scale);
            let mut want = d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
            want.rescale(dp);
            let got = round_half_up(d, dp);
            prop_assert_eq!(got, want);
            prop_assert_eq!(got.scale(), want.scale());
            prop_assert_eq!(got.is_sign_negative(), want.is_sign_negative());
            prop_assert_eq!(got.to_string(), want.to_string());
        }

        /// Midpoints exactly: `m` followed by a 5 and zeros rounds away from zero.
        #[test]
        fn round_half_up_midpoints(m in -1_000_000_000i64..1_000_000_000, zeros in 0u32..20, dp in 0u32..5) {
            let d = Decimal::new(m, dp) + Decimal::new(5, dp + 1 + zeros) * Decimal::from(m.signum());
            let mut want = d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
            want.rescale(dp);
            prop_assert_eq!(round_half_up(d, dp).to_string(), want.to_string());
        }

        /// `plain` writes what `Display` writes: any mantissa, any scale, either sign, zeros.
        #[test]
        fn plain_is_display(lo in any::<u32>(), mid in any::<u32>(), hi in any::<u32>(),
                            neg in any::<bool>(), scale in 0u32..=28, width in 0u8..4) {
            let (mid, hi) = match width { 0 => (0, 0), 1 => (mid, 0), _ => (mid, hi) };
            let d = Decimal::from_parts(lo, mid, hi, neg, scale);
            let mut buf = [0; PLAIN_MAX];
            prop_assert_eq!(plain(d, &mut buf), d.to_string());
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
