//! The TOML shapes of the files under `rates/`, read strictly: unknown keys are
//! errors, amounts are strings read straight into `Decimal`, dates are TOML dates
//! (or `"YYYY-MM-DD"` strings).

use crate::lang::Text;
use crate::model::{Component, Grade, PostType, YearBand};
use crate::money::{parse_data_amount, RoundingMode};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::de::{self, Deserializer};
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

/// What separates the two languages of a message our readers give serde (which carries one
/// string), for the loader to split again.
pub const LANGUAGES: char = '\u{1f}';

/// A message for serde in both languages, split again by the loader.
fn both(text: crate::lang::Text) -> String {
    format!("{}{LANGUAGES}{}", text.en, text.fr)
}

/// A non-negative decimal written as a string in TOML (`"33643.13"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Amount(pub Decimal);

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match toml::Value::deserialize(d)? {
            toml::Value::String(s) => parse_data_amount(&s)
                .map(Amount)
                .map_err(|e| de::Error::custom(both(crate::lang::Text::of(|lang| e.render(lang))))),
            other => Err(de::Error::custom(both(crate::text!(lang =>
                "amounts are written as strings, so that no float ever rounds them: write \"{other}\" with quotes",
                "les montants s'écrivent entre guillemets, pour qu'aucun nombre à virgule flottante ne les arrondisse : écrivez \"{other}\" avec ses guillemets"
            )))),
        }
    }
}

/// A rate or share between 0 and 1, written as a string (`"0.44"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate(pub Decimal);

impl<'de> Deserialize<'de> for Rate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let Amount(value) = Amount::deserialize(d)?;
        if value > Decimal::ONE {
            return Err(de::Error::custom(both(crate::text!(lang =>
                "a rate is a fraction between 0 and 1 (\"0.44\" for 44 %), not {value}",
                "un taux est une fraction entre 0 et 1 (\"0.44\" pour 44 %), pas {value}"
            ))));
        }
        Ok(Rate(value))
    }
}

/// A text in both languages: `{ en = "…", fr = "…" }`. A plain string, a missing or empty
/// language is an error: the tool never falls back silently to the other language.
impl<'de> Deserialize<'de> for crate::lang::Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = toml::Value::deserialize(d)?;
        let toml::Value::Table(mut table) = value else {
            return Err(de::Error::custom(both(crate::text!(lang =>
                "a text is given in both languages: {{ en = \"…\", fr = \"…\" }}",
                "un texte se donne dans les deux langues : {{ en = \"…\", fr = \"…\" }}"
            ))));
        };
        let mut take = |code: &str| match table.remove(code) {
            Some(toml::Value::String(text)) if !text.trim().is_empty() => Ok(text),
            Some(toml::Value::String(_)) => Err(de::Error::custom(both(crate::text!(lang =>
                "the {code} text is empty: a missing translation is an error",
                "le texte {code} est vide : une traduction manquante est une erreur"
            )))),
            Some(other) => Err(de::Error::custom(both(crate::text!(lang =>
                "the {code} text must be a string, not {}",
                "le texte {code} doit être une chaîne, pas {}",
                other.type_str()
            )))),
            None => Err(de::Error::custom(both(crate::text!(lang =>
                "the {code} text is missing: every text is given in both languages, {{ en = \"…\", fr = \"…\" }}",
                "le texte {code} manque : chaque texte se donne dans les deux langues, {{ en = \"…\", fr = \"…\" }}"
            )))),
        };
        let en = take("en")?;
        let fr = take("fr")?;
        if let Some(key) = table.keys().next() {
            return Err(de::Error::custom(both(crate::text!(lang =>
                "unknown language '{key}': a text has `en` and `fr`",
                "langue inconnue « {key} » : un texte a `en` et `fr`"
            ))));
        }
        Ok(crate::lang::Text {
            en,
            fr: crate::lang::typeset(fr),
        })
    }
}

/// A calendar date: a TOML date (`2023-07-01`) or a string (`"2023-07-01"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date(pub NaiveDate);

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = match toml::Value::deserialize(d)? {
            toml::Value::String(s) => s,
            toml::Value::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => dt.to_string(),
            other => {
                return Err(de::Error::custom(both(crate::text!(lang =>
                    "expected a date such as 2023-07-01, found {other}",
                    "une date telle que 2023-07-01 est attendue, pas {other}"
                ))))
            }
        };
        let date = NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|_| {
            de::Error::custom(both(crate::text!(lang =>
                "'{text}' is not a valid date (YYYY-MM-DD)",
                "« {text} » n'est pas une date valide (AAAA-MM-JJ)"
            )))
        })?;
        if !DATA_YEARS.contains(&chrono::Datelike::year(&date)) {
            return Err(de::Error::custom(both(crate::text!(lang =>
                "'{text}' is outside the years {} to {} that data may cover",
                "« {text} » est hors des années {} à {} que les données peuvent couvrir",
                DATA_YEARS.start(),
                DATA_YEARS.end()
            ))));
        }
        Ok(Date(date))
    }
}

/// The years a date in the data may fall in: wide enough for any history, narrow enough that
/// every date computed from it (a contract's end, a month later) stays in the calendar.
pub const DATA_YEARS: std::ops::RangeInclusive<i32> = 1800..=2199;

/// One source id or several.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum SourceIds {
    One(String),
    Many(Vec<String>),
}

impl SourceIds {
    pub fn into_vec(self) -> Vec<String> {
        match self {
            SourceIds::One(id) => vec![id],
            SourceIds::Many(ids) => ids,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceRaw {
    pub title: String,
    pub reference: Option<String>,
    pub url: Option<String>,
    pub date: Option<Date>,
}

/// `sources.toml`, or any file's own `[sources.ID]` tables.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourcesFile {
    #[serde(default)]
    pub sources: BTreeMap<String, Spanned<SourceRaw>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionRaw {
    pub id: Spanned<String>,
    pub name: String,
    pub short: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub overseas: bool,
    #[serde(default)]
    pub groups: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionsFile {
    #[serde(default)]
    pub sources: BTreeMap<String, Spanned<SourceRaw>>,
    pub regions: Vec<RegionRaw>,
}

/// `conditions.toml`: the national conditions of eligibility.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionsFile {
    #[serde(default)]
    pub sources: BTreeMap<String, Spanned<SourceRaw>>,
    pub conditions: Vec<ConditionRaw>,
}

/// A condition of eligibility, national or a rule set's.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionRaw {
    pub id: Spanned<String>,
    /// The post types it concerns (national conditions; a rule set's concern its own).
    #[serde(default)]
    pub post_types: Vec<PostType>,
    pub condition: Text,
    pub source: Spanned<String>,
    /// How the inputs check it; without it, it is listed as not verified.
    pub check: Option<CheckRaw>,
    /// Listed only when the PET derogation under 20 km is claimed.
    #[serde(default)]
    pub only_with_derogation: bool,
    /// When the document allows an exception to it (« modulation possible si motivé »): a post
    /// that does not meet it is not met *unless* this, a warning only.
    pub unless: Option<Text>,
    /// A rule set's condition that takes the place of a national one, by its id.
    pub replaces: Option<Spanned<String>>,
    /// The promotions the condition's document sets it for, by their first year.
    pub promotions: Option<Spanned<PromotionsRaw>>,
}

/// The promotions a condition is stated for: from `first` to `last` (by their first year).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PromotionsRaw {
    pub first: i32,
    pub last: Option<i32>,
}

/// How a condition is checked against a post's inputs.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckRaw {
    pub input: String,
    pub at_least: Option<Rate>,
    pub equals: Option<Rate>,
    pub not: Option<Vec<String>>,
    pub one_of: Option<Vec<u32>>,
    pub overseas: Option<bool>,
}

/// The fields every version of a national parameter has.
#[derive(Debug)]
pub struct Header {
    pub from: Spanned<Date>,
    pub until: Option<Spanned<Date>>,
    pub source: Spanned<SourceIds>,
    pub note: Option<Text>,
}

/// A version of a parameter as read: its header and its value.
pub trait VersionRaw {
    type Value;
    fn split(self) -> (Header, Self::Value);
}

/// Declares the TOML shape of one parameter's versions: the common header plus one value key.
macro_rules! version_raw {
    ($name:ident { $field:ident : $ty:ty }) => {
        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            from: Spanned<Date>,
            #[serde(default)]
            until: Option<Spanned<Date>>,
            source: Spanned<SourceIds>,
            #[serde(default)]
            note: Option<Text>,
            $field: $ty,
        }

        impl VersionRaw for $name {
            type Value = $ty;
            fn split(self) -> (Header, $ty) {
                (
                    Header {
                        from: self.from,
                        until: self.until,
                        source: self.source,
                        note: self.note,
                    },
                    self.$field,
                )
            }
        }
    };
}

version_raw!(GridVersion { annual: BTreeMap<Grade, BTreeMap<YearBand, Amount>> });
version_raw!(IespeVersion { monthly: Amount });
version_raw!(PetVersion { scale: PetScaleRaw });
version_raw!(ChargesVersion { rate: Rate });

/// A file of a national parameter's versions (`grid/`, `iespe/`, `pet/`, `charges/`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParamFile<V> {
    pub unit: Option<String>,
    #[serde(default)]
    pub sources: BTreeMap<String, Spanned<SourceRaw>>,
    pub versions: Vec<V>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PetScaleRaw {
    pub min_distance_km: Amount,
    pub derogation: Text,
    pub tiers: Vec<PetTierRaw>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PetTierRaw {
    pub label: Text,
    pub from: Option<Amount>,
    pub above: Option<Amount>,
    pub up_to: Option<Amount>,
    pub min_sites: Option<u32>,
    pub amount: Amount,
}

#[derive(Debug, Deserialize)]
#[serde(tag = "basis", rename_all = "kebab-case", deny_unknown_fields)]
pub enum SalaryRaw {
    Grid {
        grade: Grade,
        years: YearBand,
    },
    Published {
        grade: Grade,
        years: YearBand,
        monthly: Amount,
    },
}

#[derive(Debug, Deserialize)]
#[serde(tag = "basis", rename_all = "kebab-case", deny_unknown_fields)]
// Struct variants, even when empty: serde checks unknown keys only for those.
pub enum IespeRaw {
    Grid {},
    Published { monthly: Amount },
}

#[derive(Debug, Deserialize)]
#[serde(tag = "basis", rename_all = "kebab-case", deny_unknown_fields)]
pub enum PetRaw {
    Fixed { amount: Amount },
    Pattern {},
}

#[derive(Debug, Deserialize)]
#[serde(tag = "basis", rename_all = "kebab-case", deny_unknown_fields)]
pub enum ChargesRaw {
    Reference {},
    Rate { rate: Rate },
    None {},
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoundingRaw {
    #[serde(default)]
    pub mode: RoundingMode,
    #[serde(default)]
    pub at: Vec<crate::rates::RoundAt>,
}

/// A region rule set (`rules/*.toml`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSetFile {
    #[serde(default)]
    pub sources: BTreeMap<String, Spanned<SourceRaw>>,
    pub id: Spanned<String>,
    pub region: Spanned<String>,
    pub post_types: Vec<PostType>,
    pub campaign: Option<i32>,
    pub title: Text,
    pub source: Spanned<String>,
    #[serde(default)]
    pub start_months: Vec<Spanned<String>>,
    pub default_start: Option<Spanned<Date>>,
    /// Why the default start is that day (an assumption when the notice gives only a month).
    pub default_start_note: Option<Text>,
    /// The period the notice covers: the first start it can concern, and why.
    pub period: Option<PeriodRaw>,
    pub durations: Vec<u32>,
    pub default_months: Spanned<u32>,
    #[serde(default)]
    pub other_durations: crate::rates::Severity,
    #[serde(default)]
    pub proration: crate::schedule::Proration,
    #[serde(default)]
    pub credit: crate::rates::Credit,
    #[serde(default)]
    pub published_credit: Option<Amount>,
    pub share: Rate,
    pub funded: Vec<Component>,
    pub salary: SalaryRaw,
    pub iespe: IespeRaw,
    pub pet: PetRaw,
    pub charges: ChargesRaw,
    #[serde(default)]
    pub rounding: RoundingRaw,
    #[serde(default)]
    pub assumptions: Vec<Text>,
    pub early_leave: Option<EarlyLeaveRaw>,
    #[serde(default)]
    pub conditions: Vec<ConditionRaw>,
    /// What the notice says beyond the money (procedure, calendar, obligations), quoted.
    #[serde(default)]
    pub information: Vec<InformationRaw>,
}

/// The period a notice covers.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodRaw {
    pub from: Spanned<Date>,
    pub note: Text,
}

/// A piece of what a notice says beyond the money, quoted.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InformationRaw {
    pub about: Text,
    pub quote: String,
    pub source: Spanned<String>,
}

/// A notice's clause on a contract ended early.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EarlyLeaveRaw {
    pub reasons: Vec<crate::model::LeaveReason>,
    pub recovery: crate::rates::Recovery,
    pub quote: String,
    pub source: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WithinRaw {
    pub of: String,
    pub posts: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypeAllocationRaw {
    pub total: u32,
    pub split: crate::rates::Split,
    pub note: Option<Text>,
    #[serde(default)]
    pub posts: BTreeMap<String, u32>,
    #[serde(default)]
    pub within: BTreeMap<String, WithinRaw>,
}

/// A national allocation note (`allocations/*.toml`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllocationFile {
    #[serde(default)]
    pub sources: BTreeMap<String, Spanned<SourceRaw>>,
    pub promotion: Spanned<String>,
    pub source: Spanned<String>,
    #[serde(rename = "inter-hospital")]
    pub inter_hospital: Option<Spanned<TypeAllocationRaw>>,
    pub ambulatory: Option<Spanned<TypeAllocationRaw>>,
    pub overseas: Option<Spanned<TypeAllocationRaw>>,
}
