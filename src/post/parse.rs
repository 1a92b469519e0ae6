//! Readers of the values people type that are neither money nor names: dates, whole numbers,
//! yes/no, and quantities (half-days, kilometres). Each returns a typed error kind, rendered
//! in the user's language at the edge.

use super::error::InputErrorKind;
use super::{Quantity, YEARS};
use crate::money::plain_decimal;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// Reads a date written `AAAA-MM-JJ` (ISO, `2026-11-01`) or `JJ/MM/AAAA` (French, `01/11/2026`,
/// day first, one or two digits for the day and month), between 1990 and 2199: the one reader
/// of dates, for cells and flags alike. A two-digit year (`01/11/26`) is refused with the reason,
/// and `MM/DD/AAAA` is not read: `11/01/2026` is the 11th of January.
pub fn parse_date(text: &str) -> Result<NaiveDate, InputErrorKind> {
    let trimmed = text.trim();
    let date = match iso_date(trimmed) {
        Some(date) => date,
        None => french_date(trimmed)?,
    };
    let date = date.ok_or_else(|| InputErrorKind::NotADate(text.to_string()))?;
    if !YEARS.contains(&chrono::Datelike::year(&date)) {
        return Err(InputErrorKind::DateOutOfYears(text.to_string()));
    }
    Ok(date)
}

/// The number written in ASCII digits, when `b` is only that (one to four digits).
fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() || b.len() > 4 {
        return None;
    }
    b.iter().try_fold(0_u32, |n, d| {
        d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
    })
}

/// Exactly `YYYY-MM-DD` in ASCII digits (`Some(None)` when that is no day of the calendar);
/// `None` when the text is not written so.
fn iso_date(text: &str) -> Option<Option<NaiveDate>> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (year, month, day) = (digits(&b[0..4])?, digits(&b[5..7])?, digits(&b[8..10])?);
    Some(NaiveDate::from_ymd_opt(
        i32::try_from(year).ok()?,
        month,
        day,
    ))
}

/// `JJ/MM/AAAA`: `Ok(None)` when that is no day of the calendar; an error naming the reason
/// for a two-digit year, or for a text that is no date at all.
fn french_date(text: &str) -> Result<Option<NaiveDate>, InputErrorKind> {
    let not_a_date = || InputErrorKind::NotADate(text.to_string());
    let parts: Vec<&str> = text.split('/').collect();
    let [day, month, year] = parts.as_slice() else {
        return Err(not_a_date());
    };
    let (Some(day), Some(month), Some(year_number)) = (
        digits(day.as_bytes()).filter(|_| day.len() <= 2),
        digits(month.as_bytes()).filter(|_| month.len() <= 2),
        digits(year.as_bytes()),
    ) else {
        return Err(not_a_date());
    };
    if year.len() != 4 {
        return Err(InputErrorKind::ShortYear(text.to_string()));
    }
    let year = i32::try_from(year_number).map_err(|_| not_a_date())?;
    if month > 12 && day <= 12 {
        // 01/13/2026: an American month first, which is not read.
        return Err(InputErrorKind::MonthFirst(text.to_string()));
    }
    Ok(NaiveDate::from_ymd_opt(year, month, day))
}

/// Reads a whole number.
pub fn parse_count<T: std::str::FromStr>(text: &str) -> Result<T, InputErrorKind> {
    text.trim()
        .parse()
        .map_err(|_| InputErrorKind::NotACount(text.to_string()))
}

/// The most posts a batch row may stand for: far more than any allocation gives a region (the
/// largest national note counts a few hundred posts), and small enough that no total overflows.
pub const MAX_POSTS: u32 = 10_000;

/// Reads how many posts a row stands for: a whole number up to [`MAX_POSTS`].
pub fn parse_posts(text: &str) -> Result<u32, InputErrorKind> {
    let posts: u32 = parse_count(text)?;
    if posts > MAX_POSTS {
        return Err(InputErrorKind::TooManyPosts(text.to_string()));
    }
    Ok(posts)
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
    if let Some(value) = plain_decimal(trimmed) {
        return within_quantity(value).ok_or_else(wrong);
    }
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
    within_quantity(value).ok_or_else(wrong)
}

/// A quantity read, when it has at most [`QUANTITY_DECIMALS`] decimals and is at most
/// [`MAX_QUANTITY`].
fn within_quantity(value: Decimal) -> Option<Decimal> {
    (value.normalize().scale() <= QUANTITY_DECIMALS && value <= Decimal::from(MAX_QUANTITY))
        .then_some(value)
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
    fn dates_iso_or_french_day_first() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        assert_eq!(parse_date("01/11/2026"), Ok(day(2026, 11, 1)));
        assert_eq!(parse_date(" 1/11/2026 "), Ok(day(2026, 11, 1)));
        // Day first, always: 11/01/2026 is the 11th of January.
        assert_eq!(parse_date("11/01/2026"), Ok(day(2026, 1, 11)));
        assert_eq!(
            parse_date("01/11/26"),
            Err(InputErrorKind::ShortYear("01/11/26".into()))
        );
        assert_eq!(
            parse_date("01/13/2026"),
            Err(InputErrorKind::MonthFirst("01/13/2026".into()))
        );
        for text in [
            "31/02/2026",
            "2026/11/01",
            "01-11-2026",
            "1/1",
            "//",
            "01/11/20266",
            "０1/11/2026",
        ] {
            assert!(parse_date(text).is_err(), "{text}");
        }
        assert!(matches!(
            parse_date("01/11/1989"),
            Err(InputErrorKind::DateOutOfYears(_))
        ));
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
        assert_eq!(parse_posts("10000"), Ok(10_000));
        assert!(matches!(
            parse_posts("4294967295"),
            Err(InputErrorKind::TooManyPosts(_))
        ));
        assert!(parse_count::<u32>("-3").is_err());
        assert_eq!(parse_flag("Oui"), Ok(true));
        assert!(parse_flag("peut-être").is_err());
    }
}
