//! One description of a post's inputs: each field's CSV column, its command-line flag,
//! its French column name and its parser. The command line and `batch` both read
//! through [`FIELDS`], so a value means the same wherever it is typed, and an error
//! names the input as the user typed it: `--pet-amount` on the command line, column
//! `pet_amount` with its line in a batch file.

use crate::check::Per;
use crate::compute::PostInput;
use crate::lang::Lang;
use crate::model::{fold_name, parse_components};
use crate::money::{parse_amount, parse_rate};
use crate::tr;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// A post's inputs as a batch row carries them: the post, plus the row's id and the
/// credit notified for it, when given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct RowInput {
    /// The row's own id, copied to the output.
    pub id: Option<String>,
    /// The post.
    pub post: PostInput,
    /// The credit notified, to check.
    pub notified: Option<Decimal>,
    /// Whether the notified credit is monthly or for the contract.
    pub per: Option<Per>,
    /// How many identical posts the row stands for (a batch multiplies its credit).
    pub posts: Option<u32>,
}

/// One input field.
pub struct Field {
    /// The CSV column, and the name messages use for it (`pet_amount`).
    pub column: &'static str,
    /// The command-line flag (`--pet-amount`).
    pub flag: &'static str,
    /// The French column name accepted in a batch header (`montant_pet`).
    pub french: &'static str,
    /// Reads the value into the row.
    set: fn(&mut RowInput, &str) -> Result<(), String>,
}

impl std::fmt::Debug for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.column)
    }
}

impl Field {
    /// Reads `value` into `row`. An empty value leaves the field unset (its default applies).
    pub fn set(&self, row: &mut RowInput, value: &str) -> Result<(), FieldError> {
        let text = value.trim();
        if text.is_empty() && self.column != "region" {
            return Ok(());
        }
        (self.set)(row, text).map_err(|message| FieldError {
            field: self.column,
            message,
        })
    }
}

macro_rules! field {
    ($column:literal, $flag:literal, $french:literal, |$row:ident, $text:ident| $body:expr) => {
        Field {
            column: $column,
            flag: $flag,
            french: $french,
            set: |$row: &mut RowInput, $text: &str| -> Result<(), String> {
                $body;
                Ok(())
            },
        }
    };
}

fn names<T>(result: Result<T, crate::model::UnknownName>) -> Result<T, String> {
    result.map_err(|e| e.to_string())
}
fn money(text: &str) -> Result<Decimal, String> {
    parse_amount(text).map_err(|e| e.to_string())
}
fn rate(text: &str) -> Result<Decimal, String> {
    parse_rate(text).map_err(|e| e.to_string())
}

/// Every input field, in the order of `cli.md`.
pub static FIELDS: &[Field] = &[
    field!("id", "--id", "id", |row, text| row.id =
        Some(text.to_string())),
    field!("region", "--region", "region", |row, text| row
        .post
        .region =
        text.to_string()),
    field!("post_type", "--post-type", "type_de_poste", |row, text| {
        row.post.post_type = Some(names(text.parse())?)
    }),
    field!("campaign", "--campaign", "campagne", |row, text| row
        .post
        .campaign =
        Some(parse_count(text)?)),
    field!("start", "--start", "debut", |row, text| row.post.start =
        Some(parse_date(text)?)),
    field!("months", "--months", "mois", |row, text| row.post.months =
        Some(parse_count(text)?)),
    field!("end", "--end", "fin", |row, text| row.post.end =
        Some(parse_date(text)?)),
    field!("left_on", "--left-on", "depart_le", |row, text| row
        .post
        .left_on =
        Some(parse_date(text)?)),
    field!(
        "leave_reason",
        "--leave-reason",
        "motif_depart",
        |row, text| row.post.leave_reason = Some(names(text.parse())?)
    ),
    field!(
        "ambulatory_share",
        "--ambulatory-share",
        "part_ambulatoire",
        |row, text| row.post.conditions.ambulatory_share = Some(rate(text)?)
    ),
    field!(
        "peripheral_share",
        "--peripheral-share",
        "part_peripherique",
        |row, text| row.post.conditions.peripheral_share = Some(rate(text)?)
    ),
    field!("specialty", "--specialty", "specialite", |row, text| row
        .post
        .conditions
        .specialty =
        Some(text.to_string())),
    field!("grade", "--grade", "grade", |row, text| row.post.grade =
        Some(names(text.parse())?)),
    field!("years", "--years", "anciennete", |row, text| row
        .post
        .years =
        Some(names(text.parse())?)),
    field!("half_days", "--half-days", "demi_journees", |row, text| {
        row.post.half_days = Some(money(text)?)
    }),
    field!("sites", "--sites", "sites", |row, text| row.post.sites =
        Some(parse_count(text)?)),
    field!(
        "distance_km",
        "--distance-km",
        "distance_km",
        |row, text| row.post.distance_km = Some(money(text)?)
    ),
    field!(
        "pet_derogation",
        "--pet-derogation",
        "derogation_pet",
        |row, text| row.post.pet_derogation = parse_flag(text)?
    ),
    field!("share", "--share", "part", |row, text| row.post.share =
        Some(rate(text)?)),
    field!("charges", "--charges", "charges", |row, text| row
        .post
        .charges =
        Some(rate(text)?)),
    field!("include", "--include", "composantes", |row, text| row
        .post
        .include =
        Some(names(parse_components(text))?)),
    field!("pet_amount", "--pet-amount", "montant_pet", |row, text| {
        row.post.pet_amount = Some(money(text)?)
    }),
    field!("notified", "--notified", "notifie", |row, text| row
        .notified =
        Some(money(text)?)),
    field!("per", "--per", "par", |row, text| row.per =
        Some(text.parse()?)),
    field!("posts", "--posts", "postes", |row, text| row.posts =
        Some(parse_count(text)?)),
];

/// The field with this CSV column name.
pub fn field(column: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.column == column)
}

/// The field a batch header names, in English or French, in any case, with or without
/// accents, with `_`, `-` or spaces (`Montant PET`, `début`, `post-type`).
pub fn field_for_header(header: &str) -> Option<&'static Field> {
    let folded = fold_name(header);
    FIELDS
        .iter()
        .find(|f| fold_name(f.column) == folded || fold_name(f.french) == folded)
}

/// A field value that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct FieldError {
    /// The field's column name (`start`).
    pub field: &'static str,
    /// What is wrong.
    pub message: String,
}

/// How an edge of the program names inputs in messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Naming {
    /// As command-line flags: `--pet-amount`.
    Flags,
    /// As CSV columns: `pet_amount`.
    Columns,
}

impl Naming {
    /// The name of a field for this edge.
    pub fn name(self, column: &str) -> String {
        match (self, field(column)) {
            (Naming::Flags, Some(f)) => f.flag.to_string(),
            _ => column.to_string(),
        }
    }

    /// Rewrites the input names the library writes in backquotes (`` `pet_amount` ``)
    /// the way this edge's user typed them.
    pub fn rewrite(self, text: &str) -> String {
        if !text.contains('`') {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(open) = rest.find('`') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            match after.find('`') {
                Some(close) if field(&after[..close]).is_some() => {
                    let name = &after[..close];
                    match self {
                        Naming::Flags => out.push_str(&self.name(name)),
                        Naming::Columns => {
                            out.push('`');
                            out.push_str(name);
                            out.push('`');
                        }
                    }
                    rest = &after[close + 1..];
                }
                _ => {
                    out.push('`');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }
}

/// The years a date may fall in: contracts, notes and grids are of this era.
const YEARS: std::ops::RangeInclusive<i32> = 1990..=2199;

/// Reads a date written YYYY-MM-DD, between 1990 and 2199.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let not_a_date = || {
        tr!(
            Lang::messages(),
            "'{text}' is not a date written YYYY-MM-DD (or not a day of the calendar)",
            "« {text} » n'est pas une date écrite AAAA-MM-JJ (ou n'est pas un jour du calendrier)"
        )
    };
    let date = match iso_date(text.trim()) {
        Some(date) => date.ok_or_else(not_a_date)?,
        None => NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| not_a_date())?,
    };
    if !YEARS.contains(&chrono::Datelike::year(&date)) {
        return Err(tr!(
            Lang::messages(),
            "'{text}' is outside the years {} to {}",
            "« {text} » est hors des années {} à {}",
            YEARS.start(),
            YEARS.end()
        ));
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
pub fn parse_count<T: std::str::FromStr>(text: &str) -> Result<T, String> {
    text.trim().parse().map_err(|_| {
        tr!(
            Lang::messages(),
            "'{text}' is not a whole number in range",
            "« {text} » n'est pas un nombre entier dans les limites admises"
        )
    })
}

/// Reads a yes/no flag: `true`, `yes`, `oui`, `1` or `false`, `no`, `non`, `0`, empty.
pub fn parse_flag(text: &str) -> Result<bool, String> {
    match text.trim().to_lowercase().as_str() {
        "true" | "yes" | "y" | "oui" | "o" | "1" | "x" => Ok(true),
        "false" | "no" | "n" | "non" | "0" | "" => Ok(false),
        _ => Err(tr!(
            Lang::messages(),
            "'{text}': expected yes or no",
            "« {text} » : oui ou non attendu"
        )),
    }
}

impl PostInput {
    /// Sets one field from its text, by column name. An empty value leaves the field unset.
    pub fn set(&mut self, column: &str, value: &str) -> Result<(), FieldError> {
        let Some(field) =
            field(column).filter(|f| !matches!(f.column, "id" | "notified" | "per" | "posts"))
        else {
            return Err(FieldError {
                field: "input",
                message: tr!(
                    Lang::messages(),
                    "unknown field '{column}'; the fields are {}",
                    "champ inconnu « {column} » ; les champs sont {}",
                    FIELDS
                        .iter()
                        .map(|f| f.column)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            });
        };
        let mut row = RowInput {
            post: std::mem::take(self),
            ..RowInput::default()
        };
        let result = field.set(&mut row, value);
        *self = row.post;
        result
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

    #[test]
    fn headers_in_english_or_french() {
        assert_eq!(
            field_for_header("pet_amount").map(|f| f.column),
            Some("pet_amount")
        );
        assert_eq!(
            field_for_header("Montant PET").map(|f| f.column),
            Some("pet_amount")
        );
        assert_eq!(field_for_header("début").map(|f| f.column), Some("start"));
        assert_eq!(
            field_for_header("post-type").map(|f| f.column),
            Some("post_type")
        );
        assert!(field_for_header("colour").is_none());
    }

    #[test]
    fn messages_name_inputs_as_each_edge_does() {
        let text = "use `pet_amount` for another tier, not `nothing`";
        assert_eq!(
            Naming::Flags.rewrite(text),
            "use --pet-amount for another tier, not `nothing`"
        );
        assert_eq!(Naming::Columns.rewrite(text), text);
    }

    #[test]
    fn french_messages_name_inputs_as_each_edge_does() {
        // French typography around the names: no-break spaces, guillemets, accents.
        let text = crate::lang::typeset(
            "donnez la part financée (`share`, 50 % par exemple) ; « `rien` » : retirez `campaign`"
                .to_string(),
        );
        assert_eq!(
            Naming::Flags.rewrite(&text),
            "donnez la part financée (--share, 50\u{a0}% par exemple)\u{a0}; «\u{a0}`rien`\u{a0}»\u{a0}: retirez --campaign"
        );
        assert_eq!(Naming::Columns.rewrite(&text), text);
    }
}
