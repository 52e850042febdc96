//! Time as the aggregation sees it: whole seconds since 1970-01-01T00:00:00 of the naive local
//! clock (one-stop exports carry no time zone), day numbers, months, and a byte-level parser
//! of `YYYY-MM-DDTHH:MM:SS` proven equal to the model's. The bottom layer of the module.

use chrono::NaiveDateTime;

/// Seconds in a day.
pub(crate) const SECS_PER_DAY: i64 = 86_400;

/// Seconds since the epoch of a naive date-time.
pub(crate) fn ts(t: NaiveDateTime) -> i64 {
    t.and_utc().timestamp()
}

/// The naive date-time of a timestamp.
pub(crate) fn from_ts(s: i64) -> Option<NaiveDateTime> {
    chrono::DateTime::from_timestamp(s, 0).map(|d| d.naive_utc())
}

/// Day number (days since 1970-01-01) of a timestamp.
#[inline]
pub(crate) fn day_of(t: i64) -> i64 {
    t.div_euclid(SECS_PER_DAY)
}

/// (year, month) of a timestamp.
#[inline]
pub(crate) fn year_month(t: i64) -> (i64, i64) {
    // H. Hinnant's civil_from_days.
    let z = day_of(t) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m)
}

/// `y * 12 + m - 1` of a timestamp: consecutive months are consecutive numbers.
#[inline]
pub(crate) fn month_number(t: i64) -> i64 {
    let (y, m) = year_month(t);
    y * 12 + m - 1
}

/// `YYYY-MM` of the month [`month_number`] `n`: the one spelling of a month in group keys.
pub(crate) fn month_label(n: i64) -> String {
    format!("{:04}-{:02}", n.div_euclid(12), n.rem_euclid(12) + 1)
}

/// First year of [`YEARS`].
const YEAR0: i64 = 1900;
/// Per year from [`YEAR0`]: (days from 1970-01-01 to its 1 January, leap year).
// Indexes are constants below the array length or masked to it (hot path: no `get`).
#[allow(clippy::indexing_slicing)]
const YEARS: [(i64, bool); 256] = {
    let mut t = [(0i64, false); 256];
    let mut i = 0;
    while i < 256 {
        let y = YEAR0 + i as i64;
        t[i] = (
            days_from_civil(y, 1, 1),
            (y % 4 == 0 && y % 100 != 0) || y % 400 == 0,
        );
        i += 1;
    }
    t
};
/// Days before the first of each month, common and leap years.
const MONTH_START: [[i64; 12]; 2] = [
    [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334],
    [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335],
];
/// Days in each month, common and leap years.
const MONTH_DAYS: [[i64; 12]; 2] = [
    [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31],
    [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31],
];

/// Parses `YYYY-MM-DDTHH:MM:SS` (exactly 19 bytes, `T` or space) to a timestamp without
/// allocation; `None` for anything else (the caller then uses the model's parser). Years
/// 1900–2155 use a table; others the general formula.
///
/// `YYYY-MM-` and `HH:MM:SS` are read as one 64-bit word each and checked and converted
/// eight bytes at a time (SWAR): one comparison checks every digit and separator of a word,
/// and one multiplication pairs the digits into two-digit numbers.
#[inline]
// Indexes are constants below the array length or masked to it (hot path: no `get`).
#[allow(clippy::indexing_slicing)]
pub(crate) fn fast_timestamp(b: &[u8]) -> Option<i64> {
    let b: &[u8; 19] = b.try_into().ok()?;
    let date = digits_word(
        u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]),
        *b"0000-00-",
        u64::from_le_bytes([0xf0, 0xf0, 0xf0, 0xf0, 0xff, 0xf0, 0xf0, 0xff]),
    )?;
    let time = digits_word(
        u64::from_le_bytes([b[11], b[12], b[13], b[14], b[15], b[16], b[17], b[18]]),
        *b"00:00:00",
        u64::from_le_bytes([0xf0, 0xf0, 0xff, 0xf0, 0xf0, 0xff, 0xf0, 0xf0]),
    )?;
    let (d1, d0) = (b[8].wrapping_sub(b'0'), b[9].wrapping_sub(b'0'));
    if d1 > 9 || d0 > 9 || (b[10] != b'T' && b[10] != b' ') {
        return None;
    }
    let byte = |w: u64, i: u32| ((w >> (8 * i)) & 0xff) as i64;
    let y = byte(date, 0) * 100 + byte(date, 2);
    let m = byte(date, 5);
    let day = i64::from(d1 * 10 + d0);
    if !(1..=12).contains(&m) || day < 1 {
        return None;
    }
    let (hh, mm, ss) = (byte(time, 0), byte(time, 3), byte(time, 6));
    if hh > 23 || mm > 59 || ss > 59 {
        return None;
    }
    let (days, leap) = match YEARS.get((y - YEAR0) as usize) {
        Some(&(y_days, leap)) => (y_days, leap),
        None => {
            let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
            (days_from_civil(y, 1, 1), leap)
        }
    };
    let mi = (m - 1) as usize;
    let li = usize::from(leap);
    if day > MONTH_DAYS[li][mi] {
        return None;
    }
    Some((days + MONTH_START[li][mi] + day - 1) * SECS_PER_DAY + hh * 3600 + mm * 60 + ss)
}

/// Checks eight bytes against `template` (`0` where a digit belongs, the separator
/// elsewhere; `must_be_zero`: 0xff at the separators, 0xf0 at the digits) and pairs the
/// digits: byte `i` of the result is `10 × digit i + digit i+1` (so for `YYYY-MM-` bytes 0,
/// 2 and 5 hold `YY`, `YY` and `MM`); `None` when a digit or separator is wrong.
#[inline]
fn digits_word(w: u64, template: [u8; 8], must_be_zero: u64) -> Option<u64> {
    const SIX: u64 = 0x0606_0606_0606_0606;
    const HIGH: u64 = 0xf0f0_f0f0_f0f0_f0f0;
    let x = w ^ u64::from_le_bytes(template);
    // Digits are now 0..=15 and separators 0; a digit above 9 carries into its high nibble
    // (no carry crosses bytes: every byte is at most 15 before adding 6).
    if x & must_be_zero != 0 || (x.wrapping_add(SIX) & HIGH) != 0 {
        return None;
    }
    // Each byte is at most 9: ×10 stays within the byte, and so does adding the next digit.
    Some(x.wrapping_mul(10).wrapping_add(x >> 8))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
#[inline]
pub(crate) const fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;
    use minhbach_model::parse_datetime;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn fast_parser_equals_model_parser(secs in -2_000_000_000i64..8_000_000_000i64, sep in prop::bool::ANY) {
            let t = from_ts(secs).unwrap();
            let s = t.format(if sep { "%Y-%m-%dT%H:%M:%S" } else { "%Y-%m-%d %H:%M:%S" }).to_string();
            prop_assert_eq!(fast_timestamp(s.as_bytes()), Some(ts(parse_datetime(&s).unwrap())));
        }

        #[test]
        fn fast_parser_never_disagrees(s in "[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}") {
            let model = parse_datetime(&s).ok().map(ts);
            prop_assert_eq!(fast_timestamp(s.as_bytes()), model);
        }

        /// One byte of a valid timestamp changed to any byte (a digit out of range, a
        /// separator off by one bit, non-ASCII): whenever the word-at-a-time parser answers,
        /// it answers what the model's parser does.
        #[test]
        fn fast_parser_agrees_on_damaged_input(
            secs in -2_000_000_000i64..8_000_000_000i64,
            at in 0usize..19,
            byte in prop_oneof![any::<u8>(), 0x2au8..0x3cu8, Just(b'T'), Just(b' ')],
        ) {
            let t = from_ts(secs).unwrap();
            let mut b = t.format("%Y-%m-%dT%H:%M:%S").to_string().into_bytes();
            b[at] = byte;
            if let Some(fast) = fast_timestamp(&b) {
                let s = std::str::from_utf8(&b).unwrap();
                prop_assert_eq!(Some(fast), parse_datetime(s).ok().map(ts), "{}", s);
            }
        }

        #[test]
        fn fast_parser_never_panics(b in prop::collection::vec(any::<u8>(), 0..24)) {
            let _ = fast_timestamp(&b);
        }
    }

    proptest! {
        #[test]
        fn year_month_matches_chrono(secs in -5_000_000_000i64..10_000_000_000i64) {
            let d = from_ts(secs).unwrap();
            use chrono::Datelike;
            prop_assert_eq!(year_month(secs), (d.year() as i64, d.month() as i64));
            prop_assert_eq!(month_label(month_number(secs)), format!("{:04}-{:02}", d.year(), d.month()));
        }
    }
}
