//! A post's inputs: the one description of each input ([`Field`]), a post's typed inputs
//! ([`PostInput`]), a batch row's ([`RowInput`]), the errors of reading them, and how each edge
//! of the program names them ([`Naming`]). Everything here is plain data: the engine below
//! (`plan`, `price`, `compute`) takes it typed, and nothing parses a text twice.

mod error;
mod field;
mod parse;

use std::fmt;

pub use error::{InputError, InputErrorKind};
pub use field::{Field, Group, Spec};
pub use parse::{parse_count, parse_date, parse_flag, parse_posts, parse_quantity, MAX_POSTS};

use crate::model::{Component, Grade, LeaveReason, PostType, Years};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// The years a date may fall in: contracts, notes and grids are of this era.
pub const YEARS: std::ops::RangeInclusive<i32> = 1990..=2199;

/// A quantity that is not money.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantity {
    /// Half-days a week.
    HalfDays,
    /// Kilometres.
    Kilometres,
}

/// The longest contract computed, in months (a guard against typing errors).
pub const MAX_MONTHS: u32 = 120;

/// The inputs of a post that only the conditions of eligibility read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ConditionInputs {
    /// Share of the time in the ambulatory structure.
    pub ambulatory_share: Option<Decimal>,
    /// Share of the time in the peripheral establishment.
    pub peripheral_share: Option<Decimal>,
    /// The assistant's specialty, as typed.
    pub specialty: Option<String>,
}

/// What describes one post: the inputs of `compute` and `check`, and the columns of `batch`.
/// Every input is optional; the rule set, or the computation, gives the defaults.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct PostInput {
    /// Region id or name, as typed (empty: not given).
    pub region: String,
    /// Post type; inferred when the region has rule sets for one post type only.
    pub post_type: Option<PostType>,
    /// The rule set's campaign year, when the region has several.
    pub campaign: Option<i32>,
    /// First day of the contract.
    pub start: Option<NaiveDate>,
    /// Contract length in months.
    pub months: Option<u32>,
    /// Last day of the contract (instead of `months`).
    pub end: Option<NaiveDate>,
    /// Last day actually served, when the assistant leaves early.
    pub left_on: Option<NaiveDate>,
    /// Why the assistant leaves early.
    pub leave_reason: Option<LeaveReason>,
    /// What only the conditions of eligibility read (time shares, specialty).
    pub conditions: ConditionInputs,
    /// Grade of the assistant.
    pub grade: Option<Grade>,
    /// Years of service: a band, or the year at the start.
    pub years: Option<Years>,
    /// Average weekly half-days outside the main site.
    pub half_days: Option<Decimal>,
    /// Number of distinct sites other than the main one.
    pub sites: Option<u32>,
    /// Distance between the main site and the shared site, in km.
    pub distance_km: Option<Decimal>,
    /// Whether the ARS director general authorised the PET under 20 km.
    pub pet_derogation: Option<bool>,
    /// What-if: the funded share.
    pub share: Option<Decimal>,
    /// What-if: the employer charge rate.
    pub charges: Option<Decimal>,
    /// What-if: the funded components.
    pub include: Option<Vec<Component>>,
    /// What-if: a fixed monthly PET.
    pub pet_amount: Option<Decimal>,
    /// The establishment's own employer charge rate, for the actual cost only.
    pub actual_charges: Option<Decimal>,
    /// Which of these inputs were given for every post at once rather than for this one.
    pub shared: Shared,
}

/// The inputs given for every post at once (the command line's flags of `envelope`, and of
/// `batch` where a row's cell is empty) rather than for one post, and whether they may change
/// what a post's rule set fixes for its credit. Such an input fills what a rule set lacks: it
/// changes the share, the charge rate or the funded components a rule set fixes only when
/// `may_override` (`--override`) says so.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Shared {
    /// The inputs given for every post.
    pub fields: enumset::EnumSet<Field>,
    /// `--override`: they apply even where a rule set fixes the same term of its credit.
    pub may_override: bool,
}

impl Shared {
    /// Whether `field` was given for every post.
    pub fn has(self, field: Field) -> bool {
        self.fields.contains(field)
    }
}

/// Keeps `value` when it is set, else takes `default`'s; whether it took it.
fn or<T: Clone>(value: &mut Option<T>, default: &Option<T>) -> bool {
    let take = value.is_none() && default.is_some();
    if take {
        value.clone_from(default);
    }
    take
}

impl PostInput {
    /// Fills every input not given with `defaults`' (a batch row's empty cells take the
    /// command line's values), and records those it took as given for every post.
    pub fn fill_from(&mut self, defaults: &PostInput) {
        let PostInput {
            region,
            post_type,
            campaign,
            start,
            months,
            end,
            left_on,
            leave_reason,
            conditions,
            grade,
            years,
            half_days,
            sites,
            distance_km,
            pet_derogation,
            share,
            charges,
            include,
            pet_amount,
            actual_charges,
            shared,
        } = self;
        let d = defaults;
        let mut taken = enumset::EnumSet::new();
        if region.is_empty() && !d.region.is_empty() {
            region.clone_from(&d.region);
            taken |= Field::Region;
        }
        let ConditionInputs {
            ambulatory_share,
            peripheral_share,
            specialty,
        } = conditions;
        let dc = &d.conditions;
        for (field, took) in [
            (Field::PostType, or(post_type, &d.post_type)),
            (Field::Campaign, or(campaign, &d.campaign)),
            (Field::Start, or(start, &d.start)),
            (Field::Months, or(months, &d.months)),
            (Field::End, or(end, &d.end)),
            (Field::LeftOn, or(left_on, &d.left_on)),
            (Field::LeaveReason, or(leave_reason, &d.leave_reason)),
            (
                Field::AmbulatoryShare,
                or(ambulatory_share, &dc.ambulatory_share),
            ),
            (
                Field::PeripheralShare,
                or(peripheral_share, &dc.peripheral_share),
            ),
            (Field::Specialty, or(specialty, &dc.specialty)),
            (Field::Grade, or(grade, &d.grade)),
            (Field::Years, or(years, &d.years)),
            (Field::HalfDays, or(half_days, &d.half_days)),
            (Field::Sites, or(sites, &d.sites)),
            (Field::DistanceKm, or(distance_km, &d.distance_km)),
            (Field::PetDerogation, or(pet_derogation, &d.pet_derogation)),
            (Field::Share, or(share, &d.share)),
            (Field::Charges, or(charges, &d.charges)),
            (Field::Include, or(include, &d.include)),
            (Field::PetAmount, or(pet_amount, &d.pet_amount)),
            (Field::ActualCharges, or(actual_charges, &d.actual_charges)),
        ] {
            if took {
                taken |= field;
            }
        }
        shared.fields |= taken;
        shared.may_override |= d.shared.may_override;
    }
}

/// What the notified amount is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Per {
    /// The monthly credit.
    Month,
    /// The credit for the whole contract.
    Contract,
    /// One calendar year's tranche of the credit (the year is given apart: `year`).
    Year,
}

impl std::str::FromStr for Per {
    type Err = InputErrorKind;
    fn from_str(text: &str) -> Result<Self, InputErrorKind> {
        match crate::model::fold_name(text).as_str() {
            "month" | "monthly" | "mois" | "mensuel" => Ok(Per::Month),
            "contract" | "contrat" | "total" => Ok(Per::Contract),
            "year" | "yearly" | "annual" | "annee" | "annuel" => Ok(Per::Year),
            _ => Err(InputErrorKind::NotPer(text.to_string())),
        }
    }
}

impl Per {
    /// The name in the output.
    pub fn id(self) -> &'static str {
        match self {
            Per::Month => "month",
            Per::Contract => "contract",
            Per::Year => "year",
        }
    }
}

/// A post's inputs as a batch row carries them: the post, plus the row's id, the credit
/// notified for it and the posts it stands for, when given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct RowInput {
    /// The row's own id, copied to the output.
    pub id: Option<String>,
    /// The post.
    pub post: PostInput,
    /// The credit notified, to check.
    pub notified: Option<Decimal>,
    /// Whether the notified credit is monthly, for the contract or for a calendar year.
    pub per: Option<Per>,
    /// The calendar year whose tranche of the credit was notified (with [`Per::Year`]).
    pub year: Option<i32>,
    /// How many identical posts the row stands for (a batch multiplies its credit).
    pub posts: Option<u32>,
}

impl RowInput {
    /// Fills every input not given with `defaults`'.
    pub fn fill_from(&mut self, defaults: &RowInput) {
        let RowInput {
            id,
            post,
            notified,
            per,
            year,
            posts,
        } = self;
        or(id, &defaults.id);
        post.fill_from(&defaults.post);
        or(notified, &defaults.notified);
        or(per, &defaults.per);
        or(year, &defaults.year);
        or(posts, &defaults.posts);
    }

    /// Whether any of `fields` is given.
    pub fn gives_any(&self, fields: impl IntoIterator<Item = Field>) -> bool {
        fields.into_iter().any(|f| f.given(self))
    }
}

/// How an edge of the program names the inputs in what it says: as its user typed them.
#[derive(Debug, Clone, Copy)]
pub enum Naming<'a> {
    /// As command-line flags: `--pet-amount`.
    Flags,
    /// As keys, the way scripts and the documentation write them: `` `pet_amount` ``.
    Keys,
    /// As the columns of a batch file: the header as written there (`` `montant PET` ``).
    Headers(&'a Headers),
}

/// The names a batch file's header gives the fields, as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Headers {
    names: Vec<(Field, String)>,
    french: bool,
    /// The fields the command line gives for every row, named as flags when the file has no
    /// column for them.
    flags: Vec<Field>,
}

impl Headers {
    /// The header's names, by field.
    pub fn new(names: Vec<(Field, String)>) -> Self {
        let french = names.iter().any(|(f, name)| f.is_french_header(name));
        Headers {
            names,
            french,
            flags: Vec::new(),
        }
    }

    /// The same, knowing that the command line gives `flags` for every row.
    pub fn with_flags(self, flags: Vec<Field>) -> Self {
        Headers { flags, ..self }
    }

    /// Whether the file has a column for `field`.
    pub fn has(&self, field: Field) -> bool {
        self.get(field).is_some()
    }

    /// The header cell of `field`, as written, when the file has that column.
    pub fn get(&self, field: Field) -> Option<&str> {
        self.names
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, name)| name.as_str())
    }
}

impl<'a> Naming<'a> {
    /// The name of `field` in a message: `--share`, `` `share` ``, or the header as written
    /// (a field the file has no column for by its key, or its French name in a French file).
    /// Written only when a message is: naming a field costs nothing until then.
    pub fn name(&self, field: Field) -> FieldName<'a> {
        FieldName {
            naming: *self,
            field,
        }
    }
}

/// A field's name in a message, as a [`Naming`] writes it.
#[derive(Debug, Clone, Copy)]
pub struct FieldName<'a> {
    naming: Naming<'a>,
    field: Field,
}

impl FieldName<'_> {
    /// Whether the name is a command-line flag's.
    pub fn is_flag(&self) -> bool {
        match self.naming {
            Naming::Flags => true,
            Naming::Keys => false,
            Naming::Headers(headers) => {
                headers.get(self.field).is_none() && headers.flags.contains(&self.field)
            }
        }
    }
}

impl fmt::Display for FieldName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let field = self.field;
        let flag = |f: &mut fmt::Formatter<'_>| {
            f.write_str("--")?;
            for part in field.key().split('_').enumerate() {
                if part.0 > 0 {
                    f.write_str("-")?;
                }
                f.write_str(part.1)?;
            }
            Ok(())
        };
        match self.naming {
            Naming::Flags => flag(f),
            Naming::Keys => write!(f, "`{}`", field.key()),
            Naming::Headers(headers) => match headers.get(field) {
                Some(name) => write!(f, "`{name}`"),
                None if headers.flags.contains(&field) => flag(f),
                None if headers.french => write!(f, "`{}`", field.french()),
                None => write!(f, "`{}`", field.key()),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_edge_names_a_field_as_its_user_typed_it() {
        let name = |naming: Naming<'_>, field| naming.name(field).to_string();
        assert_eq!(name(Naming::Flags, Field::PetAmount), "--pet-amount");
        assert_eq!(name(Naming::Keys, Field::PetAmount), "`pet_amount`");
        let french = Headers::new(vec![(Field::Start, "Début".into())]);
        assert_eq!(name(Naming::Headers(&french), Field::Start), "`Début`");
        assert_eq!(name(Naming::Headers(&french), Field::Share), "`part`");
        let english = Headers::new(vec![(Field::Start, "start".into())]);
        assert_eq!(name(Naming::Headers(&english), Field::Share), "`share`");
    }

    #[test]
    fn a_row_takes_the_defaults_it_does_not_give() {
        let mut row = RowInput::default();
        Field::Share.read("50%", &mut row).ok();
        let mut defaults = RowInput::default();
        Field::Share.read("60%", &mut defaults).ok();
        Field::Region.read("bretagne", &mut defaults).ok();
        row.fill_from(&defaults);
        assert_eq!(row.post.share, Some(Decimal::new(5, 1)));
        assert_eq!(row.post.region, "bretagne");
        // The region came from the command line, for every row; the share is the row's own.
        assert!(row.post.shared.has(Field::Region));
        assert!(!row.post.shared.has(Field::Share));
    }
}
