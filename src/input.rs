//! One parser for a post's inputs, by field name, for inputs that come as text in columns:
//! the data-driven test cases now, the CSV columns of a `batch` command later. The
//! command-line flags use the same value parsers (`money`, `model`, `parse_date`).

use crate::compute::PostInput;
use crate::model::{parse_components, UnknownName};
use crate::money::{parse_amount, parse_rate};
use chrono::NaiveDate;

/// The field names, as CSV columns (flags are the same with `--` and hyphens).
pub const FIELDS: &[&str] = &[
    "region",
    "post_type",
    "campaign",
    "start",
    "months",
    "end",
    "left_on",
    "grade",
    "years",
    "half_days",
    "sites",
    "distance_km",
    "pet_derogation",
    "share",
    "charges",
    "include",
    "pet_amount",
];

/// A field value that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct FieldError {
    /// The field (`start`).
    pub field: String,
    /// What is wrong.
    pub message: String,
}

/// The years a date may fall in: contracts, notes and grids are of this era.
const YEARS: std::ops::RangeInclusive<i32> = 1990..=2199;

/// Reads a date written YYYY-MM-DD, between 1990 and 2199.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let date = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        format!("'{text}' is not a date written YYYY-MM-DD (or not a day of the calendar)")
    })?;
    if !YEARS.contains(&chrono::Datelike::year(&date)) {
        return Err(format!(
            "'{text}' is outside the years {} to {}",
            YEARS.start(),
            YEARS.end()
        ));
    }
    Ok(date)
}

/// Reads a whole number.
pub fn parse_count<T: std::str::FromStr>(text: &str) -> Result<T, String> {
    text.trim()
        .parse()
        .map_err(|_| format!("'{text}' is not a whole number in range"))
}

/// Reads a yes/no flag: `true`, `yes`, `oui`, `1` or `false`, `no`, `non`, `0`, empty.
pub fn parse_flag(text: &str) -> Result<bool, String> {
    match text.trim().to_lowercase().as_str() {
        "true" | "yes" | "y" | "oui" | "o" | "1" | "x" => Ok(true),
        "false" | "no" | "n" | "non" | "0" | "" => Ok(false),
        _ => Err(format!("'{text}': expected yes or no")),
    }
}

fn names<T>(result: Result<T, UnknownName>) -> Result<T, String> {
    result.map_err(|e| e.to_string())
}

impl PostInput {
    /// Sets one field from its text. An empty value leaves the field unset (its default applies).
    pub fn set(&mut self, field: &str, value: &str) -> Result<(), FieldError> {
        let text = value.trim();
        let fail = |message: String| FieldError {
            field: field.to_string(),
            message,
        };
        if text.is_empty() && field != "region" {
            return Ok(());
        }
        let money = |t: &str| parse_amount(t).map_err(|e| e.to_string());
        let rate = |t: &str| parse_rate(t).map_err(|e| e.to_string());
        match field {
            "region" => self.region = text.to_string(),
            "post_type" => self.post_type = Some(names(text.parse()).map_err(fail)?),
            "campaign" => self.campaign = Some(parse_count(text).map_err(fail)?),
            "start" => self.start = Some(parse_date(text).map_err(fail)?),
            "months" => self.months = Some(parse_count(text).map_err(fail)?),
            "end" => self.end = Some(parse_date(text).map_err(fail)?),
            "left_on" => self.left_on = Some(parse_date(text).map_err(fail)?),
            "grade" => self.grade = Some(names(text.parse()).map_err(fail)?),
            "years" => self.years = Some(names(text.parse()).map_err(fail)?),
            "half_days" => self.half_days = Some(money(text).map_err(fail)?),
            "sites" => self.sites = Some(parse_count(text).map_err(fail)?),
            "distance_km" => self.distance_km = Some(money(text).map_err(fail)?),
            "pet_derogation" => self.pet_derogation = parse_flag(text).map_err(fail)?,
            "share" => self.share = Some(rate(text).map_err(fail)?),
            "charges" => self.charges = Some(rate(text).map_err(fail)?),
            "include" => self.include = Some(names(parse_components(text)).map_err(fail)?),
            "pet_amount" => self.pet_amount = Some(money(text).map_err(fail)?),
            _ => {
                return Err(fail(format!(
                    "unknown field; the fields are {}",
                    FIELDS.join(", ")
                )))
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn fields_parse_as_flags_do() {
        let mut input = PostInput::default();
        input.set("region", "Île-de-France").unwrap();
        input.set("share", "60 %").unwrap();
        input.set("pet_amount", "1 000,00").unwrap();
        input.set("pet_derogation", "oui").unwrap();
        input.set("months", "").unwrap();
        assert_eq!(input.region, "Île-de-France");
        assert_eq!(input.share, Some(dec!(0.6)));
        assert_eq!(input.pet_amount, Some(dec!(1000)));
        assert!(input.pet_derogation);
        assert_eq!(input.months, None);
        let err = input.set("start", "2026-02-30").unwrap_err();
        assert_eq!(err.field, "start");
        assert!(input
            .set("colour", "blue")
            .unwrap_err()
            .message
            .contains("unknown field"));
        assert!(input.set("months", "-3").is_err());
    }
}
