//! The reference data: dated, sourced versions of the national amounts, the
//! region rule sets and the national allocation notes, as loaded from `rates/`.
//!
//! Everything that depends on a date goes through [`Versioned::at`].

mod frozen;
mod load;
mod raw;

pub use frozen::{freeze, thaw};
#[cfg(embedded_rates)]
pub use load::embedded;
pub use load::{
    load_as_embedded, load_dir, load_files, shown_in, DataError, DataErrors, RatesFile,
};

use crate::lang::{Lang, Text};
use crate::model::{fold_name, Component, Grade, PostType, YearBand};
use crate::money::RoundingMode;
use crate::post::Field;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};

/// A document that figures come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The id values refer to it by.
    pub id: String,
    /// The document's title.
    pub title: String,
    /// Where in the document, or its legal reference.
    pub reference: Option<String>,
    /// Where to read it, where a stable address exists.
    pub url: Option<String>,
    /// The document's date, where known.
    pub date: Option<NaiveDate>,
    /// The data file that defines it.
    pub file: String,
}

/// Where a value was read: the data file and line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The file as messages show it (`rates/grid/2023-07-01.toml (embedded)`, or a path in the folder given).
    pub file: String,
    /// The file relative to the rates folder (`grid/2023-07-01.toml`).
    pub rel: String,
    /// The line of the version's `from` key (or the rule set's `id`).
    pub line: usize,
}

/// One dated version of a parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Version<T> {
    /// First day in force.
    pub from: NaiveDate,
    /// Last day in force, when the data says so; otherwise the day before the next version.
    pub until: Option<NaiveDate>,
    /// The ids of the documents the value comes from.
    pub sources: Vec<String>,
    /// Where in the documents, or what was assumed.
    pub note: Option<Text>,
    /// The value itself.
    pub value: T,
    /// Where it was read.
    pub origin: Origin,
}

/// The national parameters the data holds, each a folder of dated versions: the one list of
/// their kinds, with their names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::EnumIter)]
pub enum Param {
    /// The grid of annual emoluments.
    Grid,
    /// The IESPE.
    Iespe,
    /// The PET scale.
    Pet,
    /// The reference employer charge rate.
    Charges,
}

impl Param {
    /// Its folder under `rates/` (`grid`).
    pub fn folder(self) -> &'static str {
        match self {
            Param::Grid => "grid",
            Param::Iespe => "iespe",
            Param::Pet => "pet",
            Param::Charges => "charges",
        }
    }

    /// Its name for people (`grid`, `grille`); the English names are also what scripts read.
    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Param::Grid, Lang::En) => "grid",
            (Param::Grid, Lang::Fr) => "grille",
            (Param::Iespe, _) => "IESPE",
            (Param::Pet, Lang::En) => "PET scale",
            (Param::Pet, Lang::Fr) => "barème de la PET",
            (Param::Charges, Lang::En) => "reference charge rate",
            (Param::Charges, Lang::Fr) => "taux de charges de référence",
        }
    }

    /// Its name with its article, in a sentence (`the grid`, `la grille`).
    pub fn the(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Param::Grid, Lang::En) => "the grid",
            (Param::Grid, Lang::Fr) => "la grille",
            (Param::Iespe, Lang::En) => "the IESPE",
            (Param::Iespe, Lang::Fr) => "l'IESPE",
            (Param::Pet, Lang::En) => "the PET scale",
            (Param::Pet, Lang::Fr) => "le barème de la PET",
            (Param::Charges, Lang::En) => "the reference charge rate",
            (Param::Charges, Lang::Fr) => "le taux de charges de référence",
        }
    }

    /// Its name after "a version" (`of the grid`: `the grid` in English, `de la grille` in French).
    pub fn of(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (_, Lang::En) => self.name(lang),
            (Param::Grid, Lang::Fr) => "de la grille",
            (Param::Iespe, Lang::Fr) => "de l'IESPE",
            (Param::Pet, Lang::Fr) => "du barème de la PET",
            (Param::Charges, Lang::Fr) => "du taux de charges de référence",
        }
    }
}

/// A parameter's versions, sorted by date, without overlap or gap.
#[derive(Debug, Clone, PartialEq)]
pub struct Versioned<T> {
    /// Which parameter.
    pub param: Param,
    /// Its unit, as the data file says (`EUR per year`).
    pub unit: Option<String>,
    /// The versions, oldest first.
    pub versions: Vec<Version<T>>,
}

/// The period a parameter's versions cover: from the first one's first day, to the last one's
/// last day (`None`: open-ended). `None` when there is no version.
pub type Coverage = Option<(NaiveDate, Option<NaiveDate>)>;

/// No version of a parameter is in force on a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotInForce {
    /// The parameter.
    pub param: Param,
    /// The date asked for.
    pub date: NaiveDate,
    /// The periods that are known.
    pub known: Coverage,
}

impl NotInForce {
    /// The message, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        crate::tr!(
            lang,
            "no version of the {} is in force on {} ({})",
            "aucune version {} n'est en vigueur le {} ({})",
            self.param.of(lang),
            crate::lang::date(self.date, lang),
            coverage_words(self.known, lang)
        )
    }
}

impl std::fmt::Display for NotInForce {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

impl std::error::Error for NotInForce {}

/// The periods covered, in words of `lang`: `known from 2023-07-01`.
pub fn coverage_words(coverage: Coverage, lang: Lang) -> String {
    match coverage {
        None => lang
            .pick(
                "the data has no version",
                "les données n'en ont aucune version",
            )
            .to_string(),
        Some((first, Some(end))) => crate::tr!(
            lang,
            "known from {} to {}",
            "versions connues du {} au {}",
            crate::lang::date(first, lang),
            crate::lang::date(end, lang)
        ),
        Some((first, None)) => crate::tr!(
            lang,
            "known from {}",
            "versions connues à partir du {}",
            crate::lang::date(first, lang)
        ),
    }
}

impl<T> Versioned<T> {
    /// No version yet, of `param`.
    pub fn new(param: Param) -> Self {
        Versioned {
            param,
            unit: None,
            versions: Vec::new(),
        }
    }

    /// The version in force on `date`.
    pub fn at(&self, date: NaiveDate) -> Result<&Version<T>, NotInForce> {
        self.versions
            .iter()
            .enumerate()
            .rev()
            .find(|(i, v)| v.from <= date && self.last_day(*i).is_none_or(|end| date <= end))
            .map(|(_, v)| v)
            .ok_or_else(|| NotInForce {
                param: self.param,
                date,
                known: self.coverage(),
            })
    }

    /// The days after `after`, up to `through`, on which the version in force changes
    /// (or stops being in force).
    pub fn changes(
        &self,
        after: NaiveDate,
        through: NaiveDate,
    ) -> impl Iterator<Item = NaiveDate> + '_ {
        self.versions
            .iter()
            .flat_map(|v| [Some(v.from), v.until.and_then(|u| u.succ_opt())])
            .flatten()
            .filter(move |d| after < *d && *d <= through)
    }

    /// The last day version `index` is in force, or `None` while it has no end.
    pub fn last_day(&self, index: usize) -> Option<NaiveDate> {
        let version = self.versions.get(index)?;
        version.until.or_else(|| {
            self.versions
                .get(index + 1)
                .and_then(|next| next.from.pred_opt())
        })
    }

    /// The period covered.
    pub fn coverage(&self) -> Coverage {
        let first = self.versions.first()?;
        Some((first.from, self.last_day(self.versions.len() - 1)))
    }
}

/// The national grid of annual gross emoluments, by grade and year band.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    /// Annual gross amounts.
    pub annual: BTreeMap<(Grade, YearBand), Decimal>,
}

impl Grid {
    /// The annual gross amount for a grade and year band.
    pub fn annual(&self, grade: Grade, years: YearBand) -> Option<Decimal> {
        self.annual.get(&(grade, years)).copied()
    }
}

/// The lower bound of a PET tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lower {
    /// From this number of half-days, included.
    From(Decimal),
    /// More than this number of half-days.
    Above(Decimal),
}

/// One tier of the PET scale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PetTier {
    /// The tier's wording in the arrêté.
    pub label: Text,
    /// Lower bound of the average weekly half-days outside the main site.
    pub lower: Lower,
    /// Upper bound, included; none for the open top tier.
    pub up_to: Option<Decimal>,
    /// Least number of distinct sites other than the main one.
    pub min_sites: u32,
    /// Monthly gross amount.
    pub amount: Decimal,
}

impl PetTier {
    /// Whether a working pattern falls in this tier.
    pub fn matches(&self, half_days: Decimal, sites: u32) -> bool {
        let above_lower = match self.lower {
            Lower::From(x) => half_days >= x,
            Lower::Above(x) => half_days > x,
        };
        above_lower && self.up_to.is_none_or(|max| half_days <= max) && sites >= self.min_sites
    }
}

/// The PET scale in force on a date: tiers and eligibility rules, as one table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PetScale {
    /// The least distance between the main site and the shared site, in km.
    pub min_distance_km: Decimal,
    /// The derogation below that distance, in words.
    pub derogation: Text,
    /// The tiers; where several match, the highest amount applies.
    pub tiers: Vec<PetTier>,
}

/// Where a rule set's salary figure comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SalaryBasis {
    /// The national grid in force: annual amount / 12.
    Grid,
    /// An amount the agency published, for its grade and year band only.
    Published(Decimal),
}

/// Where a rule set's IESPE comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountBasis {
    /// The national amount in force.
    National,
    /// An amount the agency published.
    Published(Decimal),
}

/// How a rule set sets the PET.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PetBasis {
    /// A fixed monthly amount, whatever the working pattern.
    Fixed(Decimal),
    /// The national scale applied to the working pattern.
    Pattern,
}

/// How a rule set sets the employer charge rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChargesBasis {
    /// The national reference rate in force (`rates/charges/`).
    Reference,
    /// The rule set's own rate.
    Rate(Decimal),
    /// The credit involves no charges at all (the notice funds none and prices none): the
    /// credit's loaded figure is its gross. The post's actual cost still counts them.
    None,
}

/// The points of the computation where an amount may be rounded to the cent.
#[derive(
    Debug,
    PartialOrd,
    Ord,
    serde::Deserialize,
    serde::Serialize,
    enumset::EnumSetType,
    strum::EnumIter,
)]
#[serde(rename_all = "snake_case")]
pub enum RoundAt {
    /// The monthly base salary (annual / 12).
    BaseMonthly,
    /// The monthly gross total, before charges.
    GrossMonthly,
    /// The loaded monthly cost, charges included.
    LoadedMonthly,
    /// The ARS monthly share: the notified credit, which is always rounded (listing it only says so).
    ArsMonthly,
}

impl RoundAt {
    /// Every rounding point, in the order of the computation.
    pub const ALL: [RoundAt; 4] = [
        RoundAt::BaseMonthly,
        RoundAt::GrossMonthly,
        RoundAt::LoadedMonthly,
        RoundAt::ArsMonthly,
    ];

    /// The name in the data files.
    pub fn id(self) -> &'static str {
        match self {
            RoundAt::BaseMonthly => "base_monthly",
            RoundAt::GrossMonthly => "gross_monthly",
            RoundAt::LoadedMonthly => "loaded_monthly",
            RoundAt::ArsMonthly => "ars_monthly",
        }
    }

    /// The point in words of `lang` (the id in English, as the data files write it).
    pub fn label(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.id(),
            Lang::Fr => match self {
                RoundAt::BaseMonthly => "le traitement mensuel",
                RoundAt::GrossMonthly => "le brut mensuel",
                RoundAt::LoadedMonthly => "le coût chargé mensuel",
                RoundAt::ArsMonthly => "la part ARS mensuelle",
            },
        }
    }
}

/// A set of rounding points, copied without allocation.
pub type RoundPoints = enumset::EnumSet<RoundAt>;

/// Where and how a rule set rounds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rounding {
    /// The rounding rule.
    pub mode: RoundingMode,
    /// The points where amounts are rounded to the cent before the ARS monthly share, which always is.
    pub at: Vec<RoundAt>,
}

/// A region's published funding rule for one or more post types.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleSet {
    /// Its id (`nouvelle-aquitaine-2026`).
    pub id: String,
    /// The region id.
    pub region: String,
    /// The post types it covers.
    pub post_types: Vec<PostType>,
    /// The campaign year, where the notice has one.
    pub campaign: Option<i32>,
    /// One line saying what it funds.
    pub title: Text,
    /// The id of the document it comes from.
    pub source: String,
    /// The months a contract may start in (`2026-11`), where the notice says.
    pub start_months: Vec<(i32, u32)>,
    /// The default first day of a contract, where the notice gives one.
    pub default_start: Option<NaiveDate>,
    /// Why the default start is that day, when the data says.
    pub default_start_note: Option<Text>,
    /// The period the notice covers, when the data knows it: a start before it is a warning.
    pub period: Option<Period>,
    /// The contract lengths allowed, in months.
    pub durations: Vec<u32>,
    /// The default contract length, in months.
    pub default_months: u32,
    /// Whether another contract length is an error (the notice allows only `durations`) or a warning.
    pub other_durations: Severity,
    /// How a partial month is counted.
    pub proration: crate::schedule::Proration,
    /// What the monthly credit follows during the contract.
    pub credit: Credit,
    /// The monthly credit the notice itself publishes, when it does: what the agency notified,
    /// kept even if the data in force would give another figure (which is then a warning).
    pub published_credit: Option<Decimal>,
    /// The funded share of the funded components.
    pub share: Decimal,
    /// The components the ARS funds.
    pub funded: Vec<Component>,
    /// The grade the salary figure is for.
    pub grade: Grade,
    /// The year band the salary figure is for.
    pub years: YearBand,
    /// Where the salary comes from.
    pub salary: SalaryBasis,
    /// Where the IESPE comes from.
    pub iespe: AmountBasis,
    /// How PET is set.
    pub pet: PetBasis,
    /// The employer charge rate.
    pub charges: ChargesBasis,
    /// Where and how amounts are rounded.
    pub rounding: Rounding,
    /// What the rule set assumes where the notice is silent or ambiguous, and why.
    pub assumptions: Vec<Text>,
    /// The notice's clause on a contract ended early, if it has one.
    pub early_leave: Option<EarlyLeave>,
    /// The notice's own conditions of eligibility.
    pub conditions: Vec<Condition>,
    /// What the notice says beyond the money (procedure, calendar, obligations): information,
    /// quoted, never computed.
    pub information: Vec<Information>,
    /// Where it was read.
    pub origin: Origin,
}

/// The period a notice covers: the first start it can concern, and why that day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    /// The first start the notice can concern.
    pub from: NaiveDate,
    /// Why: the notice's date, or the latest text it cites.
    pub note: Text,
}

/// A piece of what a notice says beyond the money, quoted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Information {
    /// What it is about, in a few words.
    pub about: Text,
    /// The notice's words.
    pub quote: String,
    /// The document that says it.
    pub source: String,
}

/// A notice's clause on a contract ended early: on which departures the agency may recover
/// the credit for the time not served, how, in the notice's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EarlyLeave {
    /// The departures the clause covers.
    pub reasons: Vec<crate::model::LeaveReason>,
    /// Whether recovery is automatic or at the agency's discretion.
    pub recovery: Recovery,
    /// The clause, quoted.
    pub quote: String,
    /// The document that has it.
    pub source: String,
}

/// How a notice recovers credits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, strum::EnumIter)]
#[serde(rename_all = "kebab-case")]
pub enum Recovery {
    /// The agency reserves the right to recover (« se réserve le droit »).
    Discretionary,
    /// The credit is recovered.
    Automatic,
}

impl Recovery {
    /// The name in the data files and the output.
    pub fn id(self) -> &'static str {
        match self {
            Recovery::Discretionary => "discretionary",
            Recovery::Automatic => "automatic",
        }
    }
}

/// How an input the rule set does not provide for is treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, strum::EnumIter)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Refused (exit status 2).
    #[default]
    Error,
    /// Computed, with a warning.
    Warning,
}

impl Severity {
    /// In words of `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Severity::Error => lang.pick("refused", "refusées"),
            Severity::Warning => lang.pick(
                "computed, with a warning",
                "calculées, avec un avertissement",
            ),
        }
    }
}

/// What the monthly ARS credit follows during a contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, strum::EnumIter)]
#[serde(rename_all = "kebab-case")]
pub enum Credit {
    /// Fixed at notification: priced with the data in force at the start, for the whole contract.
    #[default]
    Fixed,
    /// Re-priced each month with the data in force that month.
    FollowsGrid,
}

impl Credit {
    /// The name in the data files and the output.
    pub fn id(self) -> &'static str {
        match self {
            Credit::Fixed => "fixed",
            Credit::FollowsGrid => "follows-grid",
        }
    }

    /// In words of `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Credit::Fixed => lang.pick(
                "fixed at notification, priced at the start",
                "fixé à la notification, chiffré au début du contrat",
            ),
            Credit::FollowsGrid => lang.pick(
                "re-priced each month with the data in force",
                "rechiffré chaque mois avec les données en vigueur",
            ),
        }
    }
}

/// How much of a national note's regional split is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, strum::EnumIter)]
#[serde(rename_all = "kebab-case")]
pub enum Split {
    /// Every region's figure is known and they add up to the total.
    Complete,
    /// Some regions' figures are known; the others are unknown.
    Partial,
    /// Only the national total is known.
    Unknown,
}

/// One post type's allocation in a national note.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeAllocation {
    /// National number of posts.
    pub total: u32,
    /// How much of the regional split is known.
    pub split: Split,
    /// Where in the note, and what is unknown.
    pub note: Option<Text>,
    /// Posts per region id, as far as known.
    pub posts: BTreeMap<String, u32>,
    /// Posts of a region counted inside another's figure ("Océan indien 21 dont Mayotte 15"): region → (grouping region, posts).
    pub within: BTreeMap<String, (String, u32)>,
}

/// A national allocation note: posts per region and post type for a promotion.
#[derive(Debug, Clone, PartialEq)]
pub struct Allocation {
    /// The promotion (`2018-2020`).
    pub promotion: String,
    /// The note's source id.
    pub source: String,
    /// The allocation per post type.
    pub by_type: BTreeMap<PostType, TypeAllocation>,
    /// Where it was read, as messages show it.
    pub file: String,
    /// Where it was read, relative to the rates folder.
    pub rel: String,
}

/// How a condition of eligibility is checked against a post's inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    /// A share of time (`ambulatory_share`, `peripheral_share`) of at least this much.
    AtLeast(Field, Decimal),
    /// A share of time of exactly this much.
    Equals(Field, Decimal),
    /// A specialty other than these (folded names).
    NotAmong(Field, Vec<String>),
    /// A count (`months`, `sites`) among these.
    OneOf(Field, Vec<u32>),
    /// The region is overseas (`true`) or metropolitan (`false`).
    Overseas(Field, bool),
}

impl Check {
    /// The input it reads.
    pub fn input(&self) -> Field {
        match self {
            Check::AtLeast(f, _)
            | Check::Equals(f, _)
            | Check::NotAmong(f, _)
            | Check::OneOf(f, _)
            | Check::Overseas(f, _) => *f,
        }
    }
}

/// A condition of eligibility: what a document requires of a post beyond its cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    /// Its id (`ambulatory-time`).
    pub id: String,
    /// The post types it concerns; empty for a rule set's own (its post types).
    pub post_types: Vec<PostType>,
    /// The condition, in words, with the document's own.
    pub text: Text,
    /// The document that sets it.
    pub source: String,
    /// How the inputs check it, when they can.
    pub check: Option<Check>,
    /// Listed only when the PET derogation under 20 km is claimed.
    pub only_with_derogation: bool,
    /// The exception the document allows (« modulation possible si motivé »): not met, the
    /// condition is *not met unless* this, a warning that never refuses the post.
    pub unless: Option<Text>,
    /// The national condition a rule set's condition takes the place of, by its id.
    pub replaces: Option<String>,
    /// The promotions its document sets it for, by their first year (`2018` for 2018-2020),
    /// the last one open when the document is the latest known; `None`: every promotion.
    pub promotions: Option<(i32, Option<i32>)>,
}

impl Condition {
    /// Whether it concerns a post of the promotion that starts in `year`.
    pub fn for_promotion(&self, year: i32) -> bool {
        self.promotions
            .is_none_or(|(first, last)| first <= year && last.is_none_or(|last| year <= last))
    }
}

/// A region, with the names users type for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Region {
    /// Its id (`provence-alpes-cote-d-azur`).
    pub id: String,
    /// Its official name (`Provence-Alpes-Côte d'Azur`).
    pub name: String,
    /// The name a table shows where the official one is long (`PACA`), when it has one.
    pub short: Option<String>,
    /// Other accepted spellings.
    pub aliases: Vec<String>,
    /// Whether it is overseas.
    pub overseas: bool,
    /// The regions it groups, for a grouping such as the 2018 note's « Océan indien ».
    pub groups: Vec<String>,
}

impl Region {
    /// The name a table for people shows: the short one where there is one.
    pub fn table_name(&self) -> &str {
        self.short.as_deref().unwrap_or(&self.name)
    }
}

/// All the reference data, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Rates {
    /// Where it came from: `embedded` or a folder.
    pub origin: String,
    /// The documents, by id.
    pub sources: BTreeMap<String, Source>,
    /// The regions.
    pub regions: Vec<Region>,
    /// The national grid.
    pub grid: Versioned<Grid>,
    /// The national IESPE, monthly.
    pub iespe: Versioned<Decimal>,
    /// The national PET scale.
    pub pet: Versioned<PetScale>,
    /// The reference employer charge rate.
    pub charges: Versioned<Decimal>,
    /// The region rule sets.
    pub rule_sets: Vec<RuleSet>,
    /// The national allocation notes.
    pub allocations: Vec<Allocation>,
    /// The national conditions of eligibility (`conditions.toml`).
    pub conditions: Vec<Condition>,
    /// The files read, relative to the rates folder.
    pub files: Vec<String>,
    /// The files of a data folder that were not read (not `.toml`), relative to it: said by
    /// `rates validate`, so that a misnamed file is never silently left out.
    pub unread: Vec<String>,
    /// Every folded id, name and alias → index in `regions`: built once at load.
    pub region_index: RegionIndex,
}

/// Region names → index in `regions`, hashed by `foldhash` with a fixed seed: a batch looks up
/// each row's region here, and SipHash (the standard map's) cost 300 instructions a row on
/// region names. The keys are the data's own, so no input can make them collide.
pub type RegionIndex = HashMap<String, usize, foldhash::fast::FixedState>;

/// A region name that matches no region.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct UnknownRegion {
    /// What the user gave.
    pub given: String,
    /// The known region ids.
    pub known: String,
    /// The region nearest to what was typed, if one is near enough.
    pub suggestion: Option<String>,
}

impl UnknownRegion {
    /// The message, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let (given, known) = (&self.given, &self.known);
        let hint = crate::model::suggestion(self.suggestion.as_deref(), lang);
        crate::tr!(
            lang,
            "unknown region '{given}'.{hint} Known regions: {known}",
            "région inconnue « {given} ».{hint} Régions connues : {known}"
        )
    }
}

impl std::fmt::Display for UnknownRegion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

impl Rates {
    /// The promotions of the allocation notes, comma separated (for messages).
    pub fn promotions(&self) -> String {
        self.allocations
            .iter()
            .map(|a| a.promotion.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Finds a region by id, official name or alias, in any case, with or without accents, hyphens or apostrophes.
    pub fn region(&self, name: &str) -> Result<&Region, UnknownRegion> {
        self.region_index
            .get(name)
            .or_else(|| self.region_index.get(&fold_name(name)))
            .and_then(|i| self.regions.get(*i))
            .ok_or_else(|| UnknownRegion {
                given: name.to_string(),
                suggestion: crate::model::did_you_mean(
                    name,
                    self.regions
                        .iter()
                        .flat_map(|r| std::iter::once(r.id.as_str()).chain([r.name.as_str()])),
                )
                .map(|found| {
                    self.region(found)
                        .map_or(found.to_string(), |r| r.id.clone())
                }),
                known: self
                    .regions
                    .iter()
                    .map(|r| r.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }

    /// Builds the index of region names: each id, official name and alias, folded and as
    /// written (so that a name typed as written is found without folding it).
    pub fn index_regions(regions: &[Region]) -> RegionIndex {
        let mut index = RegionIndex::default();
        for (i, r) in regions.iter().enumerate() {
            let names = std::iter::once(r.id.clone())
                .chain([fold_name(&r.name), r.name.clone()])
                .chain(r.aliases.iter().flat_map(|a| [fold_name(a), a.clone()]));
            for name in names {
                index.entry(name).or_insert(i);
            }
        }
        index
    }

    /// A source by id (the loader has checked that every id used exists).
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.get(id)
    }

    /// A rule set by id.
    pub fn rule_set(&self, id: &str) -> Option<&RuleSet> {
        self.rule_sets.iter().find(|r| r.id == id)
    }

    /// The rule sets for a region, and a post type when given.
    pub fn rule_sets_for<'a>(
        &'a self,
        region: &'a str,
        post_type: Option<PostType>,
    ) -> impl Iterator<Item = &'a RuleSet> + 'a {
        self.rule_sets.iter().filter(move |r| {
            r.region == region && post_type.is_none_or(|p| r.post_types.contains(&p))
        })
    }

    /// A national note by promotion (`2018-2020`).
    pub fn allocation(&self, promotion: &str) -> Option<&Allocation> {
        self.allocations.iter().find(|a| a.promotion == promotion)
    }
}
