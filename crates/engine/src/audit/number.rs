//! Vietnamese number formats: `1.234.567` (dots group thousands), `98,81` (comma before the
//! decimals), and the English forms some portals print (`1,234,567`, `98.81`).

use rust_decimal::Decimal;

/// A number read from text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Number {
    /// The value.
    pub value: Decimal,
    /// Decimals as written.
    pub decimals: u32,
    /// Written with no separator at all (`2021`), as years and day numbers are.
    pub plain: bool,
}

/// Why a run of digits is not a usable number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum NumberError {
    /// More than `u64::MAX` in its integer part.
    TooLarge,
    /// A layout that is neither Vietnamese nor English (`1.2.3`, `12,3456,7`): not a figure.
    NotANumber,
}

/// Parses a run of digits, dots and commas that starts and ends with a digit.
pub(super) fn parse(raw: &str) -> Result<Number, NumberError> {
    let dots = raw.bytes().filter(|&b| b == b'.').count();
    let commas = raw.bytes().filter(|&b| b == b',').count();
    let (int, frac): (String, &str) = match (dots, commas) {
        (0, 0) => (raw.to_string(), ""),
        // 98,81 (Vietnamese decimal comma)
        (0, 1) => split_last(raw, ',')?,
        // 1,234,567 (English thousands)
        (0, _) => (grouped(raw, ',')?, ""),
        // 1.234 / 1.234.567 (Vietnamese thousands) or 98.5 (English decimal point)
        (_, 0) => match grouped(raw, '.') {
            Ok(int) => (int, ""),
            Err(_) if dots == 1 => split_last(raw, '.')?,
            Err(e) => return Err(e),
        },
        _ => {
            let last_dot = raw.rfind('.').unwrap_or(0);
            let last_comma = raw.rfind(',').unwrap_or(0);
            if last_comma > last_dot && commas == 1 {
                // 1.234,5
                let (i, f) = raw.split_at(last_comma);
                (grouped(i, '.')?, f.get(1..).unwrap_or(""))
            } else if last_dot > last_comma && dots == 1 {
                // 1,234.5
                let (i, f) = raw.split_at(last_dot);
                (grouped(i, ',')?, f.get(1..).unwrap_or(""))
            } else {
                return Err(NumberError::NotANumber);
            }
        }
    };
    if int.is_empty() || frac.len() > 6 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return Err(NumberError::NotANumber);
    }
    let int_value: u64 = match int.trim_start_matches('0') {
        "" => 0,
        digits if digits.len() > 20 => return Err(NumberError::TooLarge),
        digits => digits.parse().map_err(|_| NumberError::TooLarge)?,
    };
    let decimals = frac.len() as u32;
    let frac_value: u64 = if frac.is_empty() {
        0
    } else {
        frac.parse().map_err(|_| NumberError::NotANumber)?
    };
    let scale = 10u128.pow(decimals);
    let mantissa = u128::from(int_value) * scale + u128::from(frac_value);
    let value = i128::try_from(mantissa)
        .ok()
        .and_then(|m| Decimal::try_from_i128_with_scale(m, decimals).ok())
        .ok_or(NumberError::TooLarge)?;
    Ok(Number {
        value,
        decimals,
        plain: dots == 0 && commas == 0,
    })
}

fn split_last(raw: &str, sep: char) -> Result<(String, &str), NumberError> {
    let (i, f) = raw.rsplit_once(sep).ok_or(NumberError::NotANumber)?;
    if i.is_empty() || f.is_empty() {
        return Err(NumberError::NotANumber);
    }
    Ok((i.to_string(), f))
}

/// `1.234.567` → `1234567` when every group after the first has three digits.
fn grouped(raw: &str, sep: char) -> Result<String, NumberError> {
    let mut parts = raw.split(sep);
    let first = parts.next().unwrap_or("");
    if first.is_empty() || first.len() > 3 {
        return Err(NumberError::NotANumber);
    }
    let mut out = first.to_string();
    for p in parts {
        if p.len() != 3 {
            return Err(NumberError::NotANumber);
        }
        out.push_str(p);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn v(s: &str) -> (Decimal, u32) {
        let n = parse(s).unwrap();
        (n.value, n.decimals)
    }

    #[test]
    fn vietnamese_and_english_layouts() {
        assert_eq!(v("12.345"), (dec!(12345), 0));
        assert_eq!(v("1.234.567"), (dec!(1234567), 0));
        assert_eq!(v("98,81"), (dec!(98.81), 2));
        assert_eq!(v("1,7"), (dec!(1.7), 1));
        assert_eq!(v("0,12"), (dec!(0.12), 2));
        assert_eq!(v("1,234,567"), (dec!(1234567), 0));
        assert_eq!(v("98.5"), (dec!(98.5), 1));
        assert_eq!(v("1.234,5"), (dec!(1234.5), 1));
        assert_eq!(v("1,234.5"), (dec!(1234.5), 1));
        assert_eq!(v("40"), (dec!(40), 0));
        assert_eq!(v("007"), (dec!(7), 0));
        assert!(parse("2021").unwrap().plain);
        assert!(!parse("2.021").unwrap().plain);
    }

    #[test]
    fn odd_layouts_and_overflow() {
        assert_eq!(parse("1.2.3"), Err(NumberError::NotANumber));
        assert_eq!(parse("1234.567.890"), Err(NumberError::NotANumber));
        assert_eq!(parse("1,2,3"), Err(NumberError::NotANumber));
        assert_eq!(
            parse("18446744073709551615").unwrap().value,
            Decimal::from(u64::MAX)
        );
        assert_eq!(parse("18446744073709551616"), Err(NumberError::TooLarge));
        assert_eq!(
            parse("18.446.744.073.709.551.616"),
            Err(NumberError::TooLarge)
        );
        assert_eq!(
            parse("99999999999999999999999999999"),
            Err(NumberError::TooLarge)
        );
    }
}
