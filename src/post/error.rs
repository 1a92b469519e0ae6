//! Why an input cannot be read: the field and a typed kind, rendered in the user's language by
//! the edge that reports it, which also names the field as its user typed it.

use super::{Field, Quantity, YEARS};
use crate::lang::Lang;
use crate::model::UnknownName;
use crate::money::AmountError;
use crate::tr;

/// A value that cannot be read, and the field it was typed for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {kind}")]
pub struct InputError {
    /// The field at fault.
    pub field: Field,
    /// What is wrong.
    pub kind: InputErrorKind,
}

/// What is wrong with a value typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputErrorKind {
    /// A flag given with no value.
    Empty,
    /// Not a date of the calendar written YYYY-MM-DD or DD/MM/YYYY.
    NotADate(String),
    /// A date written with a two-digit year (`01/11/26`).
    ShortYear(String),
    /// A date whose month would be its first number (`01/13/2026`): American, not read.
    MonthFirst(String),
    /// A date outside the years computed.
    DateOutOfYears(String),
    /// Not a whole number in range.
    NotACount(String),
    /// More posts on one row than [`super::parse::MAX_POSTS`].
    TooManyPosts(String),
    /// Not yes or no.
    NotYesNo(String),
    /// Not `month`, `contract` or `year`.
    NotPer(String),
    /// Not a quantity of this kind.
    NotAQuantity(String, Quantity),
    /// Not an amount or a rate.
    Amount(AmountError),
    /// Not one of the names of a closed list.
    Name(UnknownName),
}

impl From<AmountError> for InputErrorKind {
    fn from(e: AmountError) -> Self {
        InputErrorKind::Amount(e)
    }
}

impl From<UnknownName> for InputErrorKind {
    fn from(e: UnknownName) -> Self {
        InputErrorKind::Name(e)
    }
}

impl InputErrorKind {
    /// What is wrong, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        match self {
            InputErrorKind::Empty => lang.pick("the value is empty", "la valeur est vide").into(),
            InputErrorKind::NotADate(text) => tr!(
                lang,
                "'{text}' is not a date written YYYY-MM-DD or DD/MM/YYYY (or not a day of the calendar)",
                "« {text} » n'est pas une date écrite AAAA-MM-JJ ou JJ/MM/AAAA (ou n'est pas un jour du calendrier)"
            ),
            InputErrorKind::ShortYear(text) => tr!(
                lang,
                "'{text}': a year of two digits could be 1926 or 2026; write the year in full (DD/MM/YYYY or YYYY-MM-DD)",
                "« {text} » : une année à deux chiffres peut être 1926 ou 2026 ; écrivez l'année en entier (JJ/MM/AAAA ou AAAA-MM-JJ)"
            ),
            InputErrorKind::MonthFirst(text) => tr!(
                lang,
                "'{text}' is read day first (DD/MM/YYYY), and has no month {}: an American MM/DD/YYYY date is not read; write it YYYY-MM-DD",
                "« {text} » se lit le jour d'abord (JJ/MM/AAAA), et il n'y a pas de mois {} : une date américaine MM/JJ/AAAA n'est pas lue ; écrivez-la AAAA-MM-JJ",
                text.split('/').nth(1).unwrap_or_default()
            ),
            InputErrorKind::DateOutOfYears(text) => tr!(
                lang,
                "'{text}' is outside the years {} to {}",
                "« {text} » est hors des années {} à {}",
                YEARS.start(),
                YEARS.end()
            ),
            InputErrorKind::NotACount(text) => tr!(
                lang,
                "'{text}' is not a whole number in range",
                "« {text} » n'est pas un nombre entier dans les limites admises"
            ),
            InputErrorKind::TooManyPosts(text) => tr!(
                lang,
                "'{text}' posts on one row: at most 10,000 (split the row if you mean it)",
                "« {text} » postes sur une ligne : 10 000 au plus (partagez la ligne si c'est bien cela)"
            ),
            InputErrorKind::NotYesNo(text) => tr!(
                lang,
                "'{text}': expected yes or no",
                "« {text} » : oui ou non attendu"
            ),
            InputErrorKind::NotPer(text) => tr!(
                lang,
                "'{text}': expected month, contract or year",
                "« {text} » : mois, contrat ou année attendu"
            ),
            InputErrorKind::NotAQuantity(text, Quantity::HalfDays) => tr!(
                lang,
                "'{text}' is not a number of half-days a week (write it as 3.5 or 3,5)",
                "« {text} » n'est pas un nombre de demi-journées par semaine (écrivez-le 3,5 ou 3.5)"
            ),
            InputErrorKind::NotAQuantity(text, Quantity::Kilometres) => tr!(
                lang,
                "'{text}' is not a distance in kilometres (write it as 25 or 12.5)",
                "« {text} » n'est pas une distance en kilomètres (écrivez-la 25 ou 12,5)"
            ),
            InputErrorKind::Amount(e) => e.render(lang),
            InputErrorKind::Name(e) => e.render(lang),
        }
    }
}

impl std::fmt::Display for InputErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}
