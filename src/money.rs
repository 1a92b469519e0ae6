//! Exact money: parsing what people type, rounding by a named rule, and formatting.
//!
//! Every amount is a [`Decimal`]; nothing here goes through binary floating point.

use crate::schedule::MONTH_UNITS;
use crate::tr;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// How an amount is rounded to the cent.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default, strum::EnumIter,
)]
#[serde(rename_all = "kebab-case")]
pub enum RoundingMode {
    /// Half away from zero: the ordinary French *arrondi au centime le plus proche* (3 249,785 → 3 249,79).
    #[default]
    HalfAwayFromZero,
    /// Half to even, "banker's rounding" (3 249,785 → 3 249,78).
    HalfEven,
    /// Toward zero: the extra fraction of a cent is dropped.
    Truncate,
}

impl RoundingMode {
    fn strategy(self) -> RoundingStrategy {
        match self {
            RoundingMode::HalfAwayFromZero => RoundingStrategy::MidpointAwayFromZero,
            RoundingMode::HalfEven => RoundingStrategy::MidpointNearestEven,
            RoundingMode::Truncate => RoundingStrategy::ToZero,
        }
    }

    /// Rounds `value` to the cent with this rule.
    ///
    /// In integers: the mantissa divided by the power of ten above the cents, rounded by
    /// [`RoundingMode::divide`] (several times faster than a general `round_dp` on the
    /// 28-digit values a division by 12 leaves; a test checks they agree).
    pub fn cents(self, value: Decimal) -> Decimal {
        if value.scale() <= 2 {
            return value;
        }
        Decimal::try_from_i128_with_scale(self.whole_cents(value), 2)
            .unwrap_or_else(|_| value.round_dp_with_strategy(2, self.strategy()))
    }

    /// `value` rounded to the cent with this rule, in whole cents.
    pub fn whole_cents(self, value: Decimal) -> i128 {
        let (mantissa, scale) = (value.mantissa(), value.scale() as usize);
        match scale.checked_sub(2) {
            // A `Decimal`'s scale is at most 28, its mantissa 96 bits: no overflow.
            None => mantissa * POWERS_OF_TEN.get(2 - scale).copied().unwrap_or(1),
            Some(0) => mantissa,
            Some(above) => self.divide(mantissa, POWERS_OF_TEN.get(above).copied().unwrap_or(1)),
        }
    }

    /// The rule in words of `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (RoundingMode::HalfAwayFromZero, Lang::En) => "half away from zero",
            (RoundingMode::HalfEven, Lang::En) => "half to even",
            (RoundingMode::Truncate, Lang::En) => "toward zero",
            (RoundingMode::HalfAwayFromZero, Lang::Fr) => "au plus proche",
            (RoundingMode::HalfEven, Lang::Fr) => "au plus proche, la moitié au chiffre pair",
            (RoundingMode::Truncate, Lang::Fr) => "vers zéro",
        }
    }

    /// « Rounded to the cent » by this rule, as a finance office says it: in French, « arrondi
    /// au centime le plus proche » is the usual rounding (half a cent goes up, away from zero).
    pub fn to_the_cent(self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::En) => format!("rounded to the cent ({})", self.label(lang)),
            (RoundingMode::HalfAwayFromZero, Lang::Fr) => {
                "arrondi au centime le plus proche".into()
            }
            (RoundingMode::HalfEven, Lang::Fr) => {
                "arrondi au centime le plus proche, la moitié au chiffre pair".into()
            }
            (RoundingMode::Truncate, Lang::Fr) => "tronqué au centime (vers zéro)".into(),
        }
    }
}

impl RoundingMode {
    /// `numerator / denominator` (a positive denominator) rounded to a whole number with this rule,
    /// exactly, in integers.
    fn divide(self, numerator: i128, denominator: i128) -> i128 {
        // One division, in 64 bits when both fit (a 128-bit one is a call, two for `/` and `%`).
        let quotient = match (i64::try_from(numerator), i64::try_from(denominator)) {
            (Ok(n), Ok(d)) => i128::from(n / d),
            _ => numerator / denominator,
        };
        let remainder = numerator - quotient * denominator;
        let away = quotient + numerator.signum();
        let twice = remainder.abs() * 2;
        match self {
            RoundingMode::Truncate => quotient,
            _ if remainder == 0 => quotient,
            RoundingMode::HalfAwayFromZero if twice >= denominator => away,
            RoundingMode::HalfEven
                if twice > denominator || (twice == denominator && quotient % 2 != 0) =>
            {
                away
            }
            _ => quotient,
        }
    }
}

/// 10⁰ to 10²⁸: what a `Decimal`'s scale can need.
const POWERS_OF_TEN: [i128; 29] = {
    let mut powers = [1_i128; 29];
    let mut i = 1;
    while i < 29 {
        powers[i] = powers[i - 1] * 10;
        i += 1;
    }
    powers
};

/// An amount in whole cents, when it has no more than two decimals.
pub fn to_cents(value: Decimal) -> Option<i128> {
    let scale = value.scale();
    (scale <= 2).then(|| value.mantissa() * 10_i128.pow(2 - scale))
}

/// An exact running total of amounts in cents counted for fractions of a month: whole cents
/// plus `part` [`MONTH_UNITS`]ths of a cent. Nothing is lost until [`Prorated::rounded`] rounds
/// it, and adding a whole month is one integer addition.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Prorated {
    cents: i128,
    /// Always in `0..MONTH_UNITS`.
    part: i128,
}

impl Prorated {
    /// The total plus `cents` counted for `units` of a month; `None` past what can be counted.
    pub fn plus(self, cents: i128, units: u64) -> Option<Prorated> {
        let month = i128::from(MONTH_UNITS);
        if units == MONTH_UNITS {
            return Some(Prorated {
                cents: self.cents.checked_add(cents)?,
                part: self.part,
            });
        }
        let parts = cents
            .checked_mul(i128::from(units))?
            .checked_add(self.part)?;
        Some(Prorated {
            cents: self.cents.checked_add(parts.div_euclid(month))?,
            part: parts.rem_euclid(month),
        })
    }

    /// The total rounded to the cent with `mode`; `None` past what a [`Decimal`] holds.
    pub fn rounded(self, mode: RoundingMode) -> Option<Decimal> {
        let month = i128::from(MONTH_UNITS);
        let cents = if self.cents >= 0 {
            // A positive total: the rounding only looks at the part of a cent.
            let twice = 2 * self.part;
            let up = match mode {
                RoundingMode::Truncate => false,
                RoundingMode::HalfAwayFromZero => twice >= month,
                RoundingMode::HalfEven => twice > month || (twice == month && self.cents % 2 != 0),
            };
            self.cents + i128::from(up)
        } else {
            mode.divide(
                self.cents.checked_mul(month)?.checked_add(self.part)?,
                month,
            )
        };
        Decimal::try_from_i128_with_scale(cents, 2).ok()
    }
}

/// Rounds to the cent, half away from zero: the rule used for every figure shown.
pub fn cents(value: Decimal) -> Decimal {
    RoundingMode::HalfAwayFromZero.cents(value)
}

/// Why a typed amount or rate was refused: the text as typed, and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmountError {
    /// A comma before exactly three digits: a thousand, or one?
    Ambiguous {
        /// As typed.
        text: String,
        /// The digits before the comma.
        whole: String,
        /// The three after it.
        decimals: String,
    },
    /// A dot or a comma before exactly three digits in an amount: a thousand (`1.000`, `1,000`),
    /// or decimals an amount cannot have?
    AmbiguousDot {
        /// As typed.
        text: String,
        /// The digits before the dot.
        whole: String,
        /// The three after it.
        decimals: String,
    },
    /// Not a number.
    NotANumber(String),
    /// A negative amount.
    Negative(String),
    /// Past [`MAX_AMOUNT`].
    TooLarge(String),
    /// More than two decimals.
    TooManyDecimals(String),
    /// A rate written as a number above 1 (`60` for 60 %).
    RateAboveOne {
        /// As typed.
        text: String,
        /// The number read.
        value: Decimal,
        /// The fraction it may mean.
        fraction: Decimal,
    },
    /// A rate outside 0 %..100 %.
    NotARate(String),
    /// An amount in a data file that is not a plain decimal string.
    DataNotDecimal(String),
    /// An amount in a data file that is negative.
    DataNegative(String),
}

impl AmountError {
    /// What is wrong, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        match self {
            AmountError::Ambiguous { text, whole, decimals } => tr!(
                lang,
                "'{text}' is ambiguous: a comma followed by three digits may group thousands or mark decimals. Write '{whole}{decimals}' for thousands, or '{whole}.{decimals}' for decimals",
                "« {text} » est ambigu : une virgule suivie de trois chiffres peut séparer les milliers ou marquer les décimales. Écrivez « {whole}{decimals} » pour des milliers, ou « {whole}.{decimals} » pour des décimales"
            ),
            AmountError::AmbiguousDot { text, whole, decimals } => tr!(
                lang,
                "'{text}' is ambiguous: a dot or a comma followed by three digits may group thousands or mark decimals. Write '{whole}{decimals}' for thousands; an amount in euros has two decimals at most",
                "« {text} » est ambigu : un point ou une virgule suivis de trois chiffres peuvent séparer les milliers ou marquer les décimales. Écrivez « {whole}{decimals} » pour des milliers ; un montant en euros a deux décimales au plus"
            ),
            AmountError::NotANumber(text) => tr!(
                lang,
                "'{text}' is not a number",
                "« {text} » n'est pas un nombre"
            ),
            AmountError::Negative(text) => tr!(
                lang,
                "'{text}': an amount cannot be negative",
                "« {text} » : un montant ne peut pas être négatif"
            ),
            AmountError::TooLarge(text) => tr!(
                lang,
                "'{text}' is more than {MAX_AMOUNT}, the largest amount accepted",
                "« {text} » dépasse {MAX_AMOUNT}, le plus grand montant accepté"
            ),
            AmountError::TooManyDecimals(text) => tr!(
                lang,
                "'{text}' has more than two decimals: an amount in euros is given to the cent",
                "« {text} » a plus de deux décimales : un montant en euros se donne au centime"
            ),
            AmountError::RateAboveOne { text, value, fraction } => tr!(
                lang,
                "'{text}' is more than 1: for {value} %, write '{text}%' or the fraction '{fraction}'",
                "« {text} » dépasse 1 : pour {value} %, écrivez « {text}% » ou la fraction « {fraction} »"
            ),
            AmountError::NotARate(text) => tr!(
                lang,
                "'{text}' is not a rate between 0 % and 100 %",
                "« {text} » n'est pas un taux compris entre 0 % et 100 %"
            ),
            AmountError::DataNotDecimal(text) => tr!(
                lang,
                "\"{text}\" is not a decimal amount (write it as \"33643.13\")",
                "\"{text}\" n'est pas un montant décimal (écrivez-le \"33643.13\")"
            ),
            AmountError::DataNegative(text) => tr!(
                lang,
                "\"{text}\" is negative; amounts and rates cannot be",
                "\"{text}\" est négatif ; un montant ou un taux ne peut pas l'être"
            ),
        }
    }
}

impl std::fmt::Display for AmountError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

impl std::error::Error for AmountError {}

/// Removes the spaces people put in numbers: ordinary, no-break and narrow no-break.
fn strip_spaces(text: &str) -> Cow<'_, str> {
    let space = |c: char| matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\t');
    if text.contains(space) {
        Cow::Owned(text.chars().filter(|c| !space(*c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// `text` when it is nothing but ASCII digits, with at most one `.` between two of them
/// (`88.92`, `12`, `0.5`), read as [`Decimal::from_str_exact`] reads it (the same digits and
/// scale) without allocating: most cells of a file are written so. `None` for anything else
/// (a sign, a comma, a space, a unit, more than 18 characters), which the full readers take.
pub fn plain_decimal(text: &str) -> Option<Decimal> {
    let bytes = text.as_bytes();
    if bytes.is_empty() || bytes.len() > 18 {
        return None;
    }
    let (mut mantissa, mut scale) = (0_i64, None);
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'0'..=b'9' => mantissa = mantissa * 10 + i64::from(b - b'0'),
            b'.' if scale.is_none() && i > 0 && i + 1 < bytes.len() => {
                scale = Some(bytes.len() - 1 - i);
            }
            _ => return None,
        }
    }
    // At most 18 digits: below i64::MAX, and a scale of at most 16.
    let scale = u32::try_from(scale.unwrap_or(0)).ok()?;
    Decimal::try_new(mantissa, scale).ok()
}

/// Reads a plain decimal written with `.` or `,` as decimal separator, spaces
/// allowed as thousands separators: `3249.79`, `3 249,79`, `3,249.79`.
fn parse_decimal(text: &str) -> Result<Decimal, AmountError> {
    if let Some(value) = plain_decimal(text) {
        return Ok(value);
    }
    let compact = strip_spaces(text.trim());
    let normalised: Cow<'_, str> = match (compact.rfind('.'), compact.rfind(',')) {
        // Both present: the last one is the decimal separator, the other groups thousands.
        (Some(dot), Some(comma)) if dot > comma => Cow::Owned(compact.replace(',', "")),
        (Some(_), Some(_)) => Cow::Owned(compact.replace('.', "").replace(',', ".")),
        (None, Some(comma)) => {
            // `1,000` is a thousand to some and one to others: refuse to guess.
            let (whole, decimals) = (&compact[..comma], &compact[comma + 1..]);
            let whole_digits = whole.trim_start_matches(['-', '+']);
            if decimals.len() == 3
                && decimals.bytes().all(|b| b.is_ascii_digit())
                && !whole_digits.is_empty()
                && !whole_digits.trim_start_matches('0').is_empty()
                && !whole.contains(',')
            {
                return Err(AmountError::Ambiguous {
                    text: text.to_string(),
                    whole: whole.to_string(),
                    decimals: decimals.to_string(),
                });
            }
            Cow::Owned(compact.replace(',', "."))
        }
        _ => compact,
    };
    let plain = normalised.strip_prefix('+').unwrap_or(&normalised);
    let ok = !plain.is_empty()
        && plain
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
        && plain.chars().filter(|c| *c == '.').count() <= 1;
    let not_a_number = || AmountError::NotANumber(text.to_string());
    if !ok {
        return Err(not_a_number());
    }
    Decimal::from_str_exact(plain).map_err(|_| not_a_number())
}

/// The largest amount accepted, in input or data (a thousand million euros): far above any
/// salary figure, and small enough that no product in a computation can overflow.
pub const MAX_AMOUNT: Decimal = Decimal::from_parts(1_000_000_000, 0, 0, false, 0);

fn bounded(value: Decimal, text: &str) -> Result<Decimal, AmountError> {
    if value.is_sign_negative() && !value.is_zero() {
        return Err(AmountError::Negative(text.to_string()));
    }
    if value > MAX_AMOUNT {
        return Err(AmountError::TooLarge(text.to_string()));
    }
    Ok(value)
}

/// Reads an amount in euros, as `3249.79`, `3 249,79` or `3 249,79 €`. Negative amounts are refused.
/// A lone dot or comma before exactly three digits (`1.000`, `1,000`) is refused as ambiguous: an
/// amount has at most two decimals, so those three digits are likely a thousand.
pub fn parse_amount(text: &str) -> Result<Decimal, AmountError> {
    let without_euro = text.trim().trim_end_matches('€').trim_end_matches("EUR");
    let compact = strip_spaces(without_euro.trim());
    let mark = match (compact.find('.'), compact.find(',')) {
        (Some(at), None) | (None, Some(at)) => Some(at),
        _ => None,
    };
    if let Some(at) = mark {
        let (whole, decimals) = (&compact[..at], &compact[at + 1..]);
        let whole_digits = whole.trim_start_matches('+');
        if decimals.len() == 3
            && decimals.bytes().all(|b| b.is_ascii_digit())
            // A thousands group leads with one to three digits: `3249.790` groups nothing.
            && (1..=3).contains(&whole_digits.len())
            && whole_digits.bytes().all(|b| b.is_ascii_digit())
            && !whole_digits.trim_start_matches('0').is_empty()
        {
            return Err(AmountError::AmbiguousDot {
                text: text.to_string(),
                whole: whole.to_string(),
                decimals: decimals.to_string(),
            });
        }
    }
    let value = bounded(parse_decimal(without_euro)?, text)?;
    if value.normalize().scale() > 2 {
        return Err(AmountError::TooManyDecimals(text.to_string()));
    }
    Ok(value)
}

/// Reads a rate or share as `44%`, `44 %`, `44,5 %` or `0.44`; it must lie between 0 and 1 (100 %).
pub fn parse_rate(text: &str) -> Result<Decimal, AmountError> {
    let trimmed = text.trim();
    let value = match trimmed.strip_suffix('%') {
        Some(percent) => {
            let value = parse_decimal(percent)?;
            // A hundredth is two more decimals: exact, without a division (past the 28
            // decimals a decimal holds, the division rounds).
            Decimal::try_from_i128_with_scale(value.mantissa(), value.scale() + 2)
                .unwrap_or_else(|_| value / Decimal::ONE_HUNDRED)
        }
        None => {
            let value = parse_decimal(trimmed)?;
            if value > Decimal::ONE {
                let fraction = (value / Decimal::ONE_HUNDRED).normalize();
                return Err(AmountError::RateAboveOne {
                    text: text.to_string(),
                    value,
                    fraction,
                });
            }
            value
        }
    };
    if value < Decimal::ZERO || value > Decimal::ONE {
        return Err(AmountError::NotARate(text.to_string()));
    }
    Ok(value.normalize())
}

/// Reads an amount written in a data file: a string such as `"33643.13"`, no thousands separator.
pub fn parse_data_amount(text: &str) -> Result<Decimal, AmountError> {
    // Exact: an amount with more digits than a Decimal holds is refused, not rounded.
    let value = Decimal::from_str_exact(text)
        .ok()
        .filter(|_| {
            !text.is_empty()
                && text
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
        })
        .ok_or_else(|| AmountError::DataNotDecimal(text.to_string()))?;
    if value.is_sign_negative() && !value.is_zero() {
        return Err(AmountError::DataNegative(text.to_string()));
    }
    bounded(value, text)
}

pub use crate::lang::Lang;

/// An amount as scripts read it: rounded to the cent, half away from zero, exactly two decimals (`3249.79`).
pub fn plain(value: Decimal) -> String {
    let mut text = Vec::with_capacity(16);
    write_plain(value, &mut text);
    String::from_utf8(text).unwrap_or_else(|_| format!("{:.2}", cents(value)))
}

/// Appends [`plain`]`(value)` to `out`: the digits written directly, without formatting
/// machinery, for the many amounts of a batch.
pub fn write_plain(value: Decimal, out: &mut Vec<u8>) {
    let whole = RoundingMode::HalfAwayFromZero.whole_cents(value);
    // Zero (which may be negative zero) and the very large go through `Display`.
    match Some(whole)
        .filter(|c| *c != 0)
        .map(|c| (c < 0, c.unsigned_abs()))
    {
        Some((negative, abs)) if abs < 1 << 100 => {
            if negative {
                out.push(b'-');
            }
            let mut digits = [0_u8; 40];
            out.extend_from_slice(write_digits(abs / 100, &mut digits));
            let hundredths = (abs % 100) as u8;
            out.extend_from_slice(&[b'.', b'0' + hundredths / 10, b'0' + hundredths % 10]);
        }
        _ => {
            use std::io::Write as _;
            let _ = write!(out, "{:.2}", cents(value));
        }
    }
}

/// A rate or share as scripts read it: the shortest exact decimal (`0.44`, `1`).
pub fn plain_rate(value: Decimal) -> String {
    value.normalize().to_string()
}

/// Appends [`plain_rate`]`(value)` to `out`, its digits written directly (a test checks they
/// are `Display`'s).
pub fn write_rate(value: Decimal, out: &mut Vec<u8>) {
    let value = value.normalize();
    let mantissa = value.mantissa();
    if mantissa == 0 {
        // Zero, which may be negative zero, as `Display` writes it.
        use std::io::Write as _;
        let _ = write!(out, "{value}");
        return;
    }
    if mantissa < 0 {
        out.push(b'-');
    }
    let mut digits = [0_u8; 40];
    let digits = write_digits(mantissa.unsigned_abs(), &mut digits);
    let scale = value.scale() as usize;
    match digits.len().checked_sub(scale) {
        Some(0) | None => {
            out.extend_from_slice(b"0.");
            out.resize(out.len() + (scale - digits.len()), b'0');
            out.extend_from_slice(digits);
        }
        Some(units) => {
            let (whole, fraction) = digits.split_at(units);
            out.extend_from_slice(whole);
            if !fraction.is_empty() {
                out.push(b'.');
                out.extend_from_slice(fraction);
            }
        }
    }
}

/// The decimal digits of `n`, written at the end of `buf` (which holds any `u128`'s 39).
pub fn write_digits(n: u128, buf: &mut [u8; 40]) -> &[u8] {
    let mut at = buf.len();
    // In 64 bits when they hold it: a 128-bit division is a call, a 64-bit one an instruction.
    match u64::try_from(n) {
        Ok(mut n) => loop {
            at -= 1;
            buf[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        },
        Err(_) => {
            let mut n = n;
            loop {
                at -= 1;
                buf[at] = b'0' + (n % 10) as u8;
                n /= 10;
                if n == 0 {
                    break;
                }
            }
        }
    }
    buf.get(at..).unwrap_or_default()
}

/// Groups the integer digits of a two-decimal amount by thousands.
fn grouped(value: Decimal, thousands: &str, decimal: &str) -> String {
    let text = plain(value);
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, "00"));
    // Sized for the separators and a currency sign after it: one allocation per amount.
    let mut out = String::with_capacity(text.len() + (int.len() / 3) * thousands.len() + 8);
    out.push_str(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push_str(thousands);
        }
        out.push(c);
    }
    out.push_str(decimal);
    out.push_str(frac);
    out
}

/// The no-break space of French typography: between groups of digits, before `€`, `%` and
/// `:`, so that a table never wraps an amount in two.
pub const NBSP: &str = "\u{a0}";

/// An amount for people: `6,499.58` in English, `6 499,58 €` in French (no-break spaces).
pub fn human(value: Decimal, lang: Lang) -> String {
    match lang {
        Lang::En => grouped(value, ",", "."),
        Lang::Fr => {
            let mut out = grouped(value, NBSP, ",");
            out.push_str(NBSP);
            out.push('€');
            out
        }
    }
}

/// An amount inside a formula for people: `3249.79` in English (as scripts read it), `3 249,79`
/// in French (grouped, with a decimal comma, no currency sign).
pub fn formula_amount(value: Decimal, lang: Lang) -> String {
    match lang {
        Lang::En => plain(value),
        Lang::Fr => grouped(value, NBSP, ","),
    }
}

/// A decimal inside a formula for people, kept exact: `0.44`, `2803.594166` in English;
/// `0,44`, `2 803,594166` in French.
pub fn formula_number(text: &str, lang: Lang) -> String {
    match lang {
        Lang::En => text.to_string(),
        Lang::Fr => {
            let (sign, digits) = match text.strip_prefix('-') {
                Some(rest) => ("-", rest),
                None => ("", text),
            };
            let (int, frac) = match digits.split_once('.') {
                Some((int, frac)) => (int, Some(frac)),
                None => (digits, None),
            };
            let mut out = String::from(sign);
            for (i, c) in int.chars().enumerate() {
                if i > 0 && (int.len() - i) % 3 == 0 {
                    out.push_str(NBSP);
                }
                out.push(c);
            }
            if let Some(frac) = frac {
                out.push(',');
                out.push_str(frac);
            }
            out
        }
    }
}

/// A rate for people: `44 %` (French spacing in both languages keeps tables aligned), `44,5 %` in French.
pub fn human_rate(value: Decimal, lang: Lang) -> String {
    let percent = (value * Decimal::ONE_HUNDRED).normalize().to_string();
    match lang {
        Lang::En => format!("{percent} %"),
        Lang::Fr => format!("{}{NBSP}%", percent.replace('.', ",")),
    }
}

/// A decimal number that is not money (half-days, kilometres) for people.
pub fn human_number(value: Decimal, lang: Lang) -> String {
    let text = value.normalize().to_string();
    match lang {
        Lang::En => text,
        Lang::Fr => text.replace('.', ","),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The allocation-free reader gives the full reader's digits and scale, and refuses
        /// (for the full reader to take) whatever is not plain digits.
        #[test]
        fn plain_decimal_reads_as_from_str_exact(text in "[0-9.,+ -]{0,20}") {
            match plain_decimal(&text) {
                Some(value) => {
                    let exact = Decimal::from_str_exact(&text).unwrap();
                    proptest::prop_assert_eq!(value.mantissa(), exact.mantissa());
                    proptest::prop_assert_eq!(value.scale(), exact.scale());
                    proptest::prop_assert_eq!(parse_decimal(&text).unwrap(), exact);
                }
                None => proptest::prop_assert!(
                    text.is_empty()
                        || text.len() > 18
                        || !text.bytes().all(|b| b.is_ascii_digit() || b == b'.')
                        || text.matches('.').count() > 1
                        || text.starts_with('.')
                        || text.ends_with('.'),
                    "{text:?} is plain and was refused"
                ),
            }
        }
    }

    proptest::proptest! {
        /// Rounding to the cent in integers is the general rounding, and the amount written is
        /// its text, over random mantissas and scales of a `Decimal` (the sweep in the tests
        /// below stays small; the edges, which random draws seldom hit, are tested apart).
        #[test]
        fn an_amount_rounds_and_is_written_as_the_general_rounding_does(
            mantissa in -(1_i128 << 96) + 1..(1_i128 << 96), scale in 0_u32..=28,
        ) {
            let value = Decimal::from_i128_with_scale(mantissa, scale);
            rounds_as_the_general_rounding(value);
            is_written_as_the_general_rounding(value);
        }
    }

    proptest::proptest! {
        /// The digits written directly are those `Display` writes, whatever the scale, the sign
        /// and the size (up to a `Decimal`'s 96 bits).
        #[test]
        fn a_rate_is_written_as_display_writes_it(
            mantissa in -(1_i128 << 96) + 1..(1_i128 << 96), scale in 0_u32..=28,
            small in -100_000_i64..100_000,
        ) {
            for value in [Decimal::from_i128_with_scale(mantissa, scale), Decimal::new(small, scale)] {
                let mut out = b"x".to_vec();
                write_rate(value, &mut out);
                proptest::prop_assert_eq!(
                    String::from_utf8(out).unwrap(),
                    format!("x{}", plain_rate(value))
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn a_percentage_is_its_number_divided_by_a_hundred(
            mantissa in 0_i64..=1_000_000_000, scale in 0_u32..=27,
        ) {
            let number = Decimal::new(mantissa, scale);
            if number <= Decimal::ONE_HUNDRED {
                let read = parse_rate(&format!("{number}%")).unwrap();
                proptest::prop_assert_eq!(read, (number / Decimal::ONE_HUNDRED).normalize());
                proptest::prop_assert_eq!(read.to_string(), (number / Decimal::ONE_HUNDRED).normalize().to_string());
            }
        }
    }

    #[test]
    fn a_rate_is_from_nought_to_one() {
        for text in ["0", "0 %", "0%", "0,0"] {
            assert_eq!(parse_rate(text), Ok(Decimal::ZERO), "{text}");
        }
        for text in ["1", "100 %", "1.0"] {
            assert_eq!(parse_rate(text), Ok(Decimal::ONE), "{text}");
        }
        assert!(matches!(parse_rate("-1 %"), Err(AmountError::NotARate(_))));
        assert!(matches!(
            parse_rate("100.01 %"),
            Err(AmountError::NotARate(_))
        ));
    }

    #[test]
    fn plain_decimals() {
        assert_eq!(plain_decimal("88.92"), Some(Decimal::new(8892, 2)));
        assert_eq!(plain_decimal("007"), Some(Decimal::new(7, 0)));
        assert_eq!(
            plain_decimal("999999999999999999"),
            Some(Decimal::new(999_999_999_999_999_999, 0))
        );
        for text in [
            "",
            ".5",
            "5.",
            "1.2.3",
            "1,5",
            "-1",
            "+1",
            " 1",
            "1e3",
            "1 000",
            "9999999999999999999",
        ] {
            assert_eq!(plain_decimal(text), None, "{text:?}");
        }
    }
    use rust_decimal_macros::dec;

    #[test]
    fn amounts_written_directly_are_those_display_writes() {
        let mut values = vec![
            Decimal::ZERO,
            -Decimal::ZERO,
            dec!(-0.00),
            dec!(0.004),
            dec!(-0.004),
            dec!(0.005),
            dec!(-0.005),
            dec!(700),
            dec!(3249.79),
            dec!(-12.5),
            dec!(2803.5941666666666666666666667),
            Decimal::MAX,
            Decimal::MIN,
        ];
        let mut state = 7_u64;
        for _ in 0..20_000 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let mantissa = i64::try_from(state >> 8).unwrap_or(0) >> (state % 50);
            let mantissa = if state % 3 == 0 { -mantissa } else { mantissa };
            values.push(Decimal::new(mantissa, (state % 12) as u32));
        }
        for value in values {
            let mut out = Vec::new();
            write_plain(value, &mut out);
            assert_eq!(
                String::from_utf8(out).unwrap_or_default(),
                format!("{:.2}", cents(value)),
                "{value:?}"
            );
        }
    }

    #[test]
    fn only_plain_digits_are_amounts() {
        // rust_decimal itself would read `1_000` as a thousand: the tool accepts only digits, one
        // decimal separator and a sign.
        for text in ["1_000", "1e3", "0x10", "1.2.3", "", "abc"] {
            assert!(parse_amount(text).is_err(), "{text}");
            assert!(parse_data_amount(text).is_err(), "{text}");
        }
        // 100 % written as a fraction is a rate; a negative zero is zero, a negative amount is not.
        assert_eq!(parse_rate("1"), Ok(Decimal::ONE));
        assert_eq!(parse_data_amount("-0.00"), Ok(Decimal::ZERO));
        assert!(parse_data_amount("-1").is_err());
    }

    #[test]
    fn whole_cents_of_amounts_of_any_scale() {
        assert_eq!(to_cents(Decimal::new(7, 0)), Some(700));
        assert_eq!(to_cents(Decimal::new(75, 1)), Some(750));
        assert_eq!(to_cents(Decimal::new(324_979, 2)), Some(324_979));
        assert_eq!(to_cents(Decimal::new(3_249_785, 3)), None);
    }

    /// Rounding `value` to the cent in integers is the general rounding, with every rule.
    fn rounds_as_the_general_rounding(value: Decimal) {
        for mode in [
            RoundingMode::HalfAwayFromZero,
            RoundingMode::HalfEven,
            RoundingMode::Truncate,
        ] {
            assert_eq!(
                mode.cents(value),
                value.round_dp_with_strategy(2, mode.strategy()),
                "{mode:?} {value:?}"
            );
        }
    }

    /// The amount written for `value` is the text of its general rounding, half away from zero.
    /// A zero is written as `Display` writes its rounding to the cent: `-0.00` for a negative
    /// zero of at most two decimals, `0.00` for one of more, as before the digits were written
    /// directly.
    fn is_written_as_the_general_rounding(value: Decimal) {
        let mut out = Vec::new();
        write_plain(value, &mut out);
        let general = value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        let expected = match general.is_zero() {
            true => format!("{:.2}", cents(value)),
            false => format!("{general:.2}"),
        };
        assert_eq!(
            String::from_utf8(out).unwrap_or_default(),
            expected,
            "{value:?}"
        );
    }

    /// The edges random draws seldom hit: the largest mantissas, both sides of the 64-bit
    /// division, exact halves at every scale, and zero of either sign.
    #[test]
    fn cents_and_amounts_at_the_edges() {
        let max = (1_i128 << 96) - 1;
        let i64_edges = [i64::MAX, i64::MIN].map(i128::from);
        let mut mantissas = vec![max, -max, 0, 1, -1, 5, -5, 15, -15, 25, -25];
        for edge in i64_edges {
            mantissas.extend([edge - 1, edge, edge + 1]);
        }
        for k in 0..28 {
            let half = 5 * 10_i128.pow(k);
            mantissas.extend([half, -half, half + 10_i128.pow(k + 1), -half - 1]);
        }
        for mantissa in mantissas {
            for scale in 0..=28 {
                let value = Decimal::from_i128_with_scale(mantissa, scale);
                // Both signs (of zero too: `-0` at each scale).
                for value in [value, -value] {
                    rounds_as_the_general_rounding(value);
                    is_written_as_the_general_rounding(value);
                    let mut out = Vec::new();
                    write_rate(value, &mut out);
                    assert_eq!(
                        String::from_utf8(out).unwrap_or_default(),
                        plain_rate(value),
                        "{value:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn cents_agree_with_the_general_rounding() {
        let values = [
            "3249.7878",
            "3249.785",
            "-3249.785",
            "1354.075",
            "2803.5941666666666666666666667",
            "0.005",
            "-0.005",
            "0.015",
            "0.0149999999999999999999999999",
            "79228162514264337593543950.335",
            "12.345",
            "12.355",
            "-12.355",
            "7.1",
            "0",
        ];
        for text in values {
            let value: Decimal = text.parse().expect("a decimal");
            rounds_as_the_general_rounding(value);
        }
        // And over a sweep of mantissas and scales.
        for mantissa in (-100_000_i64..100_000).step_by(7) {
            for scale in 0..10 {
                rounds_as_the_general_rounding(Decimal::new(mantissa, scale));
            }
        }
    }

    #[test]
    fn prorated_totals_round_exactly_like_a_division() {
        use crate::schedule::MONTH_UNITS;
        let month = i128::from(MONTH_UNITS);
        let third = MONTH_UNITS / 3;
        for mode in [
            RoundingMode::HalfAwayFromZero,
            RoundingMode::HalfEven,
            RoundingMode::Truncate,
        ] {
            for cents in [-300_i128, -5, -1, 0, 1, 2, 3, 5, 162_489, 324_979] {
                for units in [0, 1, third, MONTH_UNITS / 2, MONTH_UNITS - 1, MONTH_UNITS] {
                    let total = Prorated::default()
                        .plus(cents, units)
                        .and_then(|t| t.plus(cents, MONTH_UNITS))
                        .expect("small");
                    let exact = Decimal::from(cents * (i128::from(units) + month))
                        / Decimal::from(month * 100);
                    let expected = mode.cents(exact);
                    assert_eq!(
                        total.rounded(mode),
                        Some(expected),
                        "{mode:?} {cents} {units}"
                    );
                }
            }
        }
        // 1 624,89 × 25/30 = 1 354,075: exactly half a cent, away from zero.
        let total = Prorated::default().plus(162_489, MONTH_UNITS / 30 * 25);
        assert_eq!(
            total.and_then(|t| t.rounded(RoundingMode::HalfAwayFromZero)),
            Some(Decimal::new(135_408, 2))
        );
    }

    #[test]
    fn a_comma_before_three_digits_is_refused_as_ambiguous() {
        for text in ["1,000", "77,994", "-1,500", "12 345,678"] {
            let message = parse_amount(text).expect_err(text).to_string();
            assert!(message.contains("ambiguous"), "{text}: {message}");
        }
        // Unambiguous forms still read.
        assert_eq!(parse_amount("1 000,00"), Ok(Decimal::new(100_000, 2)));
        assert_eq!(parse_amount("77 994,96"), Ok(Decimal::new(7_799_496, 2)));
        assert_eq!(parse_amount("1,000.50"), Ok(Decimal::new(100_050, 2)));
        assert_eq!(parse_rate("0,125"), Ok(Decimal::new(125, 3)));
    }

    #[test]
    fn an_amount_is_given_to_the_cent() {
        assert!(parse_amount("3249.7949").is_err());
        assert!(parse_amount("0.00000000000000000001").is_err());
        assert_eq!(parse_amount("3249.790"), Ok(Decimal::new(3_249_790, 3)));
    }

    #[test]
    fn a_dot_before_three_digits_is_as_ambiguous_as_a_comma() {
        // Issue 18: `1.000` was read as 1,00 € while `1,000` was refused.
        for text in ["1.000", "1.001", "12.500", "999.000", "1,000", "+1.000"] {
            assert!(
                matches!(parse_amount(text), Err(AmountError::AmbiguousDot { .. })),
                "{text}"
            );
        }
        for (text, cents) in [
            ("1.00", 100),
            ("0.500", 50),
            ("1 000", 100_000),
            ("1.000,50", 100_050),
        ] {
            assert_eq!(parse_amount(text), Ok(Decimal::new(cents, 2)), "{text}");
        }
    }

    #[test]
    fn rounding_modes_differ_on_a_half_cent() {
        assert_eq!(
            RoundingMode::HalfAwayFromZero.cents(dec!(3249.785)),
            dec!(3249.79)
        );
        assert_eq!(RoundingMode::HalfEven.cents(dec!(3249.785)), dec!(3249.78));
        assert_eq!(RoundingMode::Truncate.cents(dec!(3249.789)), dec!(3249.78));
        assert_eq!(cents(dec!(-0.005)), dec!(-0.01));
    }

    #[test]
    fn amounts_as_people_type_them() {
        assert_eq!(parse_amount("3249.79"), Ok(dec!(3249.79)));
        assert_eq!(parse_amount("3 249,79"), Ok(dec!(3249.79)));
        assert_eq!(parse_amount("3\u{202f}249,79 €"), Ok(dec!(3249.79)));
        assert_eq!(parse_amount("3,249.79"), Ok(dec!(3249.79)));
        assert_eq!(parse_amount("3.249,79"), Ok(dec!(3249.79)));
        assert!(parse_amount("-5").is_err());
        assert!(parse_amount("12a").is_err());
        assert!(parse_amount("").is_err());
        assert!(parse_amount("1.2.3").is_err());
        assert!(parse_amount("10000000000000000000000000000").is_err());
        assert!(parse_amount("1000000000.01").is_err());
        assert_eq!(parse_amount("1000000000"), Ok(MAX_AMOUNT));
    }

    #[test]
    fn rates_as_people_type_them() {
        assert_eq!(parse_rate("44%"), Ok(dec!(0.44)));
        assert_eq!(parse_rate("44 %"), Ok(dec!(0.44)));
        assert_eq!(parse_rate("44,5 %"), Ok(dec!(0.445)));
        assert_eq!(parse_rate("0.44"), Ok(dec!(0.44)));
        assert_eq!(parse_rate("100%"), Ok(dec!(1)));
        assert!(parse_rate("60")
            .unwrap_err()
            .to_string()
            .contains("'60%' or the fraction '0.6'"));
        assert!(parse_rate("5")
            .unwrap_err()
            .to_string()
            .contains("'5%' or the fraction '0.05'"));
        assert!(parse_rate("120%").is_err());
        assert!(parse_rate("-1%").is_err());
    }

    #[test]
    fn data_amounts_are_strict() {
        assert_eq!(parse_data_amount("33643.13"), Ok(dec!(33643.13)));
        assert!(parse_data_amount("33 643,13").is_err());
        assert!(parse_data_amount("-1").is_err());
        assert!(parse_data_amount("1e3").is_err());
    }

    #[test]
    fn formats() {
        assert_eq!(plain(dec!(3249.7878)), "3249.79");
        assert_eq!(plain(dec!(1010)), "1010.00");
        assert_eq!(human(dec!(6499.5756), Lang::Fr), "6\u{a0}499,58\u{a0}€");
        assert_eq!(human(dec!(77994.96), Lang::En), "77,994.96");
        assert_eq!(human(dec!(700), Lang::En), "700.00");
        assert_eq!(
            human(dec!(1234567.891), Lang::Fr),
            "1\u{a0}234\u{a0}567,89\u{a0}€"
        );
        assert_eq!(
            parse_amount(&human(dec!(77994.96), Lang::Fr)),
            Ok(dec!(77994.96))
        );
        assert_eq!(human_rate(dec!(0.44), Lang::En), "44 %");
        assert_eq!(human_rate(dec!(0.445), Lang::Fr), "44,5\u{a0}%");
        assert_eq!(plain_rate(dec!(0.50)), "0.5");
    }
}
