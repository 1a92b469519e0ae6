//! Readers of the values people type that are neither money nor names: dates, whole numbers,
//! yes/no, and quantities (half-days, kilometres). Each returns a typed error kind, rendered
//! in the user's language at the edge.

use super::error::InputErrorKind;
use super::{Quantity, YEARS};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// Reads a date written YYYY-MM-DD, between 1990 and 2199.
pub fn parse_date(text: &str) -> Result<NaiveDate, InputErrorKind> {
    let not_a_date = || InputErrorKind::NotADate(text.to_string());
    let date = match iso_date(text.trim()) {
        Some(date) => date.ok_or_else(not_a_date)?,
        None => NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| not_a_date())?,
    };
    if !YEARS.contains(&chrono::Datelike::year(&date)) {
        return Err(InputErrorKind::DateOutOfYears(text.to_string()));
    }
    Ok(date)
}

/// The common case read directly: exactly `YYYY-MM-DD` in ASCII digits (`Some(None)` when
/// that is no day of the calendar). Anything else goes to chrono's parser.
fn iso_date(text: &str) -> Option<Option<NaiveDate>> {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        b[range].iter().try_fold(0_u32, |n, d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    Some(NaiveDate::from_ymd_opt(
        i32::try_from(year).ok()?,
        month,
        day,
    ))
}

/// Reads a whole number.
pub fn parse_count<T: std::str::FromStr>(text: &str) -> Result<T, InputErrorKind> {
    text.trim()
        .parse()
        .map_err(|_| InputErrorKind::NotACount(text.to_string()))
}

/// Reads a yes/no flag: `true`, `yes`, `oui`, `1` or `false`, `no`, `non`, `0`, empty.
pub fn parse_flag(text: &str) -> Result<bool, InputErrorKind> {
    match text.trim().to_lowercase().as_str() {
        "true" | "yes" | "y" | "oui" | "o" | "1" | "x" => Ok(true),
        "false" | "no" | "n" | "non" | "0" | "" => Ok(false),
        _ => Err(InputErrorKind::NotYesNo(text.to_string())),
    }
}

/// The most decimals a quantity is given with.
const QUANTITY_DECIMALS: u32 = 6;
/// The largest quantity read (far above any week or any distance in France).
const MAX_QUANTITY: i64 = 100_000;

/// Reads a quantity that is not money: `3.5`, `3,5`, `25`. No sign, no unit, no grouping.
pub fn parse_quantity(text: &str, what: Quantity) -> Result<Decimal, InputErrorKind> {
    let wrong = || InputErrorKind::NotAQuantity(text.to_string(), what);
    let trimmed = text.trim();
    let comma = trimmed.replacen(',', ".", 1);
    let plain = comma.as_str();
    let valid = !plain.is_empty()
        && plain.chars().all(|c| c.is_ascii_digit() || c == '.')
        && plain.chars().filter(|c| *c == '.').count() <= 1
        && !plain.starts_with('.')
        && !plain.ends_with('.');
    if !valid {
        return Err(wrong());
    }
    let value = Decimal::from_str_exact(plain).map_err(|_| wrong())?;
    if value.normalize().scale() > QUANTITY_DECIMALS || value > Decimal::from(MAX_QUANTITY) {
        return Err(wrong());
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_are_plain_decimals_without_units() {
        assert_eq!(
            parse_quantity("3,5", Quantity::HalfDays),
            Ok(Decimal::new(35, 1))
        );
        assert_eq!(
            parse_quantity("3.333", Quantity::HalfDays),
            Ok(Decimal::new(3333, 3))
        );
        for text in ["4 EUR", "25 €", "-1", ".5", "5.", "1 000", "1e3", "", "x"] {
            assert!(
                parse_quantity(text, Quantity::Kilometres).is_err(),
                "{text}"
            );
        }
    }

    #[test]
    fn dates_and_counts() {
        assert!(parse_date("2026-02-30").is_err());
        assert!(parse_date("1989-12-31").is_err());
        assert_eq!(
            parse_date("2026-11-01"),
            Ok(NaiveDate::from_ymd_opt(2026, 11, 1).unwrap_or_default())
        );
        assert_eq!(parse_count::<u32>(" 12 "), Ok(12));
        assert!(parse_count::<u32>("-3").is_err());
        assert_eq!(parse_flag("Oui"), Ok(true));
        assert!(parse_flag("peut-être").is_err());
    }
}
