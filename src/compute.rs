//! The computation: from a post's inputs and the reference data to the monthly
//! components, the loaded cost, the ARS and establishment shares and the contract
//! totals. Pure: it reads no file and prints nothing.

use crate::model::{Component, Grade, PostType, YearBand};
use crate::money::RoundingMode;
use crate::money::{cents, human, human_rate, plain, plain_rate, Lang};
use crate::pet::{decide, PatternError, PetDecision, WorkPattern};
use crate::rates::{
    AmountBasis, ChargesBasis, Credit, NotInForce, PetBasis, Rates, RoundAt, Rounding, RuleSet,
    SalaryBasis, Severity, Source, UnknownRegion,
};
use crate::schedule::{contract_end, segments, Proration, Segment};
use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;

/// The id of a computation made without a published rule set.
pub const CUSTOM: &str = "custom";

/// The longest contract computed, in months (a guard against typing errors).
const MAX_MONTHS: u32 = 120;

/// What describes one post: the inputs of `compute` and `check`, and the columns of `batch`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PostInput {
    /// Region id or name, as typed.
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
    /// Grade of the assistant.
    pub grade: Option<Grade>,
    /// Year band of the assistant.
    pub years: Option<YearBand>,
    /// Average weekly half-days outside the main site.
    pub half_days: Option<Decimal>,
    /// Number of distinct sites other than the main one.
    pub sites: Option<u32>,
    /// Distance between the main site and the shared site, in km.
    pub distance_km: Option<Decimal>,
    /// Whether the ARS director general authorised the PET under 20 km.
    pub pet_derogation: bool,
    /// What-if: the funded share.
    pub share: Option<Decimal>,
    /// What-if: the employer charge rate.
    pub charges: Option<Decimal>,
    /// What-if: the funded components.
    pub include: Option<Vec<Component>>,
    /// What-if: a fixed monthly PET.
    pub pet_amount: Option<Decimal>,
}

impl PostInput {
    /// The working pattern, when the input gives one.
    pub fn pattern(&self) -> Option<WorkPattern> {
        let given = self.half_days.is_some() || self.sites.is_some() || self.distance_km.is_some();
        given.then(|| WorkPattern {
            half_days: self.half_days.unwrap_or_default(),
            sites: self.sites.unwrap_or(1),
            distance_km: self.distance_km,
            derogation: self.pet_derogation,
        })
    }
}

/// A figure of the result: its exact value, how it was computed, and from what documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    /// The exact value (amounts keep full precision until a rounding rule applies).
    pub value: Decimal,
    /// How it was computed, in words and numbers.
    pub how: String,
    /// The ids of the documents it comes from.
    pub sources: Vec<String>,
}

impl Figure {
    fn new(value: Decimal, how: impl Into<String>, sources: Vec<String>) -> Self {
        Figure {
            value,
            how: how.into(),
            sources,
        }
    }
}

/// The whole answer for one post.
#[derive(Debug, Clone)]
pub struct Computation {
    /// Region id.
    pub region: String,
    /// Region official name.
    pub region_name: String,
    /// Post type.
    pub post_type: PostType,
    /// Rule set id, or `custom`.
    pub rule_set: String,
    /// What the rule set funds, in one line.
    pub rule_set_title: String,
    /// Campaign year, where the rule set has one.
    pub campaign: Option<i32>,
    /// First day of the contract.
    pub start: NaiveDate,
    /// Last day of the contract.
    pub end: NaiveDate,
    /// Contract length: whole months…
    pub months: u32,
    /// …and calendar days after the last whole month (0 for a contract of whole months).
    pub extra_days: u32,
    /// Grade priced.
    pub grade: Grade,
    /// Year band priced.
    pub years: YearBand,
    /// Base salary, monthly gross.
    pub base_salary_monthly: Figure,
    /// IESPE, monthly gross.
    pub iespe_monthly: Figure,
    /// PET, monthly gross.
    pub pet_monthly: Figure,
    /// The PET decision, when PET comes from a working pattern.
    pub pet: Option<PetDecision>,
    /// Gross monthly total.
    pub gross_monthly: Figure,
    /// Employer charge rate.
    pub charges_rate: Figure,
    /// Employer charges, monthly.
    pub charges_monthly: Figure,
    /// Loaded monthly cost (*rémunération mensuelle brute chargée*).
    pub loaded_monthly: Figure,
    /// Components the ARS funds.
    pub funded: Vec<Component>,
    /// The monthly amount the share applies to.
    pub funded_monthly: Figure,
    /// Funded share.
    pub share: Figure,
    /// ARS monthly share: the monthly credit.
    pub ars_monthly: Figure,
    /// What the establishment pays each month.
    pub establishment_monthly: Figure,
    /// ARS credit for the whole contract.
    pub ars_total: Figure,
    /// Establishment's part for the whole contract.
    pub establishment_total: Figure,
    /// Full cost of the post for the whole contract.
    pub full_cost_total: Figure,
    /// Where and how amounts were rounded.
    pub rounding: Rounding,
    /// How partial months are counted.
    pub proration: Proration,
    /// Whether the monthly credit is fixed at the start or follows the data in force each month.
    pub credit: Credit,
    /// One row per calendar month the contract touches.
    pub schedule: Vec<ScheduleRow>,
    /// The last day served, when the assistant leaves early.
    pub left_on: Option<NaiveDate>,
    /// The credit due for the time served, when the assistant leaves early.
    pub ars_due: Option<Figure>,
    /// The credit to refund for the time not served, when the assistant leaves early.
    pub refund: Option<Figure>,
    /// What the rule set and the computation assumed.
    pub assumptions: Vec<String>,
    /// What the user should know: what-ifs, inputs ignored.
    pub warnings: Vec<String>,
    /// The documents the figures come from, in order of first use.
    pub sources: Vec<Source>,
}

/// One calendar month of a contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleRow {
    /// The days of the month the contract covers.
    pub segment: Segment,
    /// Days counted (thirtieths, calendar days, or 1 for a whole month), out of `days_in_month`.
    pub days: u32,
    /// What a whole month counts (30 for thirtieths).
    pub days_in_month: u32,
    /// ARS credit for the month.
    pub ars: Decimal,
    /// The establishment's part of the month's cost.
    pub establishment: Decimal,
    /// The month's full cost, with the data in force that month.
    pub full_cost: Decimal,
    /// The loaded monthly cost in force that month (before proration), to the cent.
    pub loaded_monthly: Decimal,
    /// When leaving early: days served in the month, the credit due for them, and the rest to refund.
    pub served: Option<(u32, Decimal, Decimal)>,
}

/// Why a post cannot be computed. Each message names the input at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ComputeError {
    /// The region name matches no region.
    #[error("region: {0}")]
    UnknownRegion(UnknownRegion),
    /// No published rule set, and no `--share` to compute without one.
    #[error("region: {region} has no published rule set{for_type}. Rule sets exist for: {known}. To compute anyway, give the funded share (--share 50%, or a `share` column): the national grid, the reference charge rate and the PET from the working pattern (or --pet-amount) fill the rest")]
    NoRuleSet {
        /// Region name.
        region: String,
        /// ` for inter-hospital posts`, or empty.
        for_type: String,
        /// Regions and post types with a rule set.
        known: String,
    },
    /// Several post types are possible.
    #[error("post_type: give the post type (--post-type): {region} has rule sets for {types}")]
    PostTypeNeeded {
        /// Region name.
        region: String,
        /// The post types possible.
        types: String,
    },
    /// No rule set for that campaign.
    #[error("campaign: {region} has no {post_type} rule set for campaign {campaign}; known campaigns: {known}")]
    UnknownCampaign {
        /// Region name.
        region: String,
        /// Post type.
        post_type: PostType,
        /// Campaign asked for.
        campaign: i32,
        /// Campaigns known.
        known: String,
    },
    /// A reference value is not in force at the start.
    #[error("start: {0}")]
    NotInForce(NotInForce),
    /// An input value is impossible or not allowed.
    #[error("{field}: {message}")]
    Input {
        /// The input at fault (`months`, `grade`…).
        field: &'static str,
        /// What is wrong.
        message: String,
    },
}

// Not `#[from]`: that would make the inner error a `source` too, and `{:#}` would print it twice.
impl From<UnknownRegion> for ComputeError {
    fn from(e: UnknownRegion) -> Self {
        ComputeError::UnknownRegion(e)
    }
}

impl From<NotInForce> for ComputeError {
    fn from(e: NotInForce) -> Self {
        ComputeError::NotInForce(e)
    }
}

impl From<PatternError> for ComputeError {
    fn from(e: PatternError) -> Self {
        ComputeError::Input {
            field: e.field,
            message: e.message,
        }
    }
}

fn input_error(field: &'static str, message: impl Into<String>) -> ComputeError {
    ComputeError::Input {
        field,
        message: message.into(),
    }
}

/// The funding rule applied: a published rule set, or `custom` from the national defaults.
struct Basis<'a> {
    rule_set: Option<&'a RuleSet>,
    id: String,
    title: String,
    source: Option<String>,
    durations: Option<Vec<u32>>,
    other_durations: Severity,
    default_months: u32,
    proration: Proration,
    credit: Credit,
    share: Decimal,
    funded: Vec<Component>,
    grade: Grade,
    years: YearBand,
    salary: SalaryBasis,
    iespe: AmountBasis,
    pet: PetBasis,
    charges: ChargesBasis,
    rounding: Rounding,
    assumptions: Vec<String>,
}

impl<'a> Basis<'a> {
    fn from_rule_set(rule_set: &'a RuleSet) -> Self {
        Basis {
            rule_set: Some(rule_set),
            id: rule_set.id.clone(),
            title: rule_set.title.clone(),
            source: Some(rule_set.source.clone()),
            durations: Some(rule_set.durations.clone()),
            other_durations: rule_set.other_durations,
            default_months: rule_set.default_months,
            proration: rule_set.proration,
            credit: rule_set.credit,
            share: rule_set.share,
            funded: rule_set.funded.clone(),
            grade: rule_set.grade,
            years: rule_set.years,
            salary: rule_set.salary.clone(),
            iespe: rule_set.iespe.clone(),
            pet: rule_set.pet.clone(),
            charges: rule_set.charges.clone(),
            rounding: rule_set.rounding.clone(),
            assumptions: rule_set.assumptions.clone(),
        }
    }

    fn custom(share: Decimal) -> Self {
        Basis {
            rule_set: None,
            id: CUSTOM.to_string(),
            title: "No published rule set: national grid and IESPE, PET from the working pattern, reference charge rate, the share given".to_string(),
            source: None,
            durations: None,
            other_durations: Severity::Error,
            default_months: 24,
            proration: Proration::Thirtieths,
            credit: Credit::Fixed,
            share,
            funded: Component::ALL.to_vec(),
            grade: Grade::Specialist,
            years: YearBand::Years1To2,
            salary: SalaryBasis::Grid,
            iespe: AmountBasis::National,
            pet: PetBasis::Pattern,
            charges: ChargesBasis::Reference,
            rounding: Rounding { mode: RoundingMode::HalfAwayFromZero, at: vec![RoundAt::ArsMonthly] },
            assumptions: vec![
                "No rule set is published for this region and post type in the data: the computation uses the share given, the national grid and IESPE in force at the start, the PET from the working pattern (or --pet-amount), and the national reference charge rate.".to_string(),
                "Funded components: salary, IESPE, PET and employer charges (use --include to change them).".to_string(),
                "The ARS monthly share is rounded to the cent, half away from zero, and credited for every month of the contract; a partial month is prorated in thirtieths.".to_string(),
            ],
        }
    }

    fn rounds_at(&self, at: RoundAt, value: Decimal) -> Decimal {
        if self.rounding.at.contains(&at) {
            self.rounding.mode.cents(value)
        } else {
            value
        }
    }
}

/// Picks the rule set for the inputs, or the custom basis.
fn basis<'a>(
    rates: &'a Rates,
    input: &PostInput,
    region_id: &'a str,
    region_name: &str,
) -> Result<(Basis<'a>, PostType), ComputeError> {
    let post_type =
        match input.post_type {
            Some(p) => p,
            None => {
                let mut types: Vec<PostType> = rates
                    .rule_sets_for(region_id, None)
                    .flat_map(|r| r.post_types.iter().copied())
                    .collect();
                types.sort();
                types.dedup();
                match types.as_slice() {
                    [only] => *only,
                    [] if input.share.is_some() => return Err(input_error(
                        "post_type",
                        "give the post type (--post-type inter-hospital, ambulatory or overseas)",
                    )),
                    [] => return Err(no_rule_set(rates, region_name, None)),
                    many => {
                        return Err(ComputeError::PostTypeNeeded {
                            region: region_name.to_string(),
                            types: many.iter().map(|p| p.id()).collect::<Vec<_>>().join(", "),
                        })
                    }
                }
            }
        };
    let mut candidates: Vec<&RuleSet> = rates.rule_sets_for(region_id, Some(post_type)).collect();
    candidates.sort_by_key(|r| r.campaign);
    if let Some(campaign) = input.campaign {
        let known = candidates
            .iter()
            .map(|r| r.campaign.map_or("(none)".to_string(), |c| c.to_string()))
            .collect::<Vec<_>>()
            .join(", ");
        candidates.retain(|r| r.campaign == Some(campaign));
        if candidates.is_empty() && !known.is_empty() {
            return Err(ComputeError::UnknownCampaign {
                region: region_name.to_string(),
                post_type,
                campaign,
                known,
            });
        }
    }
    let chosen = match input.start {
        // The latest campaign whose first start is on or before the start; else the earliest.
        Some(start) => candidates
            .iter()
            .rev()
            .find(|r| first_start(r).is_none_or(|first| first <= start))
            .or(candidates.first())
            .copied(),
        None => candidates.last().copied(),
    };
    match (chosen, input.share) {
        (Some(rule_set), _) => Ok((Basis::from_rule_set(rule_set), post_type)),
        (None, Some(_)) if input.campaign.is_some() => Err(input_error(
            "campaign",
            format!("{region_name} has no {post_type} rule set, so there is no campaign to choose; leave --campaign out to compute with --share"),
        )),
        (None, Some(share)) => Ok((Basis::custom(share), post_type)),
        (None, None) => Err(no_rule_set(rates, region_name, Some(post_type))),
    }
}

fn first_start(rule_set: &RuleSet) -> Option<NaiveDate> {
    rule_set.default_start.or_else(|| {
        rule_set
            .start_months
            .iter()
            .filter_map(|(y, m)| NaiveDate::from_ymd_opt(*y, *m, 1))
            .min()
    })
}

fn no_rule_set(rates: &Rates, region: &str, post_type: Option<PostType>) -> ComputeError {
    let known = rates
        .rule_sets
        .iter()
        .map(|r| {
            let types: Vec<&str> = r.post_types.iter().map(|p| p.id()).collect();
            format!("{} ({})", r.region, types.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ");
    ComputeError::NoRuleSet {
        region: region.to_string(),
        for_type: post_type.map_or(String::new(), |p| format!(" for {p} posts")),
        known,
    }
}

/// The first day of the month after `today`.
fn first_of_next_month(today: NaiveDate) -> NaiveDate {
    let first = today.with_day(1).unwrap_or(today);
    first.checked_add_months(Months::new(1)).unwrap_or(first)
}

/// A way of computing other than the rule set's, for `check` to try.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Variant {
    /// Another rounding rule.
    pub rounding_mode: Option<RoundingMode>,
    /// More points where amounts are rounded to the cent.
    pub round_also_at: Vec<RoundAt>,
    /// Price with the data in force on this date instead of the start.
    pub priced_at: Option<NaiveDate>,
}

/// What the computation says besides the figures.
#[derive(Debug, Default)]
struct Notes {
    assumptions: Vec<String>,
    warnings: Vec<String>,
}

/// The monthly figures of a post with the data in force on one date.
struct Priced {
    base: Figure,
    iespe: Figure,
    pet: Figure,
    pet_decision: Option<PetDecision>,
    gross: Figure,
    rate: Figure,
    charges: Figure,
    loaded: Figure,
    funded: Vec<Component>,
    funded_monthly: Figure,
    share: Figure,
    ars_monthly: Figure,
}

/// Everything that prices a post, whatever the date.
struct Pricer<'a> {
    rates: &'a Rates,
    basis: &'a Basis<'a>,
    input: &'a PostInput,
    grade: Grade,
    years: YearBand,
}

impl Pricer<'_> {
    fn rule_source(&self) -> Vec<String> {
        self.basis.source.clone().into_iter().collect()
    }

    /// The monthly figures with the data in force on `date`. Notes go to `notes`.
    fn price(&self, date: NaiveDate, notes: &mut Notes) -> Result<Priced, ComputeError> {
        let (rates, basis, input, grade, years) =
            (self.rates, self.basis, self.input, self.grade, self.years);
        let lang = Lang::En;

        let base = match basis.salary {
            SalaryBasis::Grid => {
                let version = rates.grid.at(date)?;
                let annual = version.value.annual(grade, years).ok_or_else(|| {
                    input_error(
                        "grade",
                        format!(
                            "the grid from {} has no amount for {grade} years {years}",
                            version.from
                        ),
                    )
                })?;
                Figure::new(
                    annual / Decimal::from(12),
                    format!(
                        "{} / 12 = {}: annual gross, {} years {}, grid from {}",
                        plain(annual),
                        exact(annual / Decimal::from(12)),
                        grade.french(),
                        years,
                        version.from
                    ),
                    version.sources.clone(),
                )
            }
            SalaryBasis::Published(monthly) => Figure::new(
                monthly,
                format!(
                    "published by the rule set for an {} years {}",
                    grade.french(),
                    years
                ),
                self.rule_source(),
            ),
        };
        let base = round_figure(basis, RoundAt::BaseMonthly, base);

        let iespe = match basis.iespe {
            AmountBasis::National => {
                let version = rates.iespe.at(date)?;
                Figure::new(
                    version.value,
                    format!("national amount from {}", version.from),
                    version.sources.clone(),
                )
            }
            AmountBasis::Published(monthly) => {
                Figure::new(monthly, "published by the rule set", self.rule_source())
            }
        };

        let pattern = input.pattern();
        let mut pet_decision = None;
        let pet = match (input.pet_amount, &basis.pet) {
            (Some(amount), _) => {
                notes.warnings.push(format!(
                    "What-if: PET fixed at {} by --pet-amount.",
                    human(amount, lang)
                ));
                Figure::new(amount, "given (--pet-amount)", vec![])
            }
            (None, PetBasis::Fixed(amount)) => {
                if pattern.is_some() {
                    notes.warnings.push(format!(
                        "The rule set fixes the PET at {}; the working pattern given does not change it (use --pet-amount for another tier).",
                        human(*amount, lang)
                    ));
                }
                Figure::new(*amount, "fixed by the rule set", self.rule_source())
            }
            (None, PetBasis::Pattern) => match pattern {
                Some(pattern) => {
                    let version = rates.pet.at(date)?;
                    let decision = decide(&version.value, &pattern)?;
                    notes
                        .assumptions
                        .extend(decision.assumptions.iter().cloned());
                    let figure = Figure::new(
                        decision.amount,
                        format!("{} (scale from {})", decision.reason, version.from),
                        version.sources.clone(),
                    );
                    pet_decision = Some(decision);
                    figure
                }
                None => {
                    notes.assumptions.push(
                        "No working pattern given: PET counted as 0 (give --half-days, --sites and --distance-km, or --pet-amount).".to_string(),
                    );
                    Figure::new(Decimal::ZERO, "no working pattern given", vec![])
                }
            },
        };

        let gross_value = base.value + iespe.value + pet.value;
        let gross = round_figure(
            basis,
            RoundAt::GrossMonthly,
            Figure::new(
                gross_value,
                format!(
                    "{} + {} + {} = {}",
                    exact(base.value),
                    exact(iespe.value),
                    exact(pet.value),
                    exact(gross_value)
                ),
                vec![],
            ),
        );

        let rate = match (input.charges, &basis.charges) {
            (Some(rate), _) => {
                notes.warnings.push(format!(
                    "What-if: employer charges at {} (--charges).",
                    human_rate(rate, lang)
                ));
                Figure::new(rate, "given (--charges)", vec![])
            }
            (None, ChargesBasis::Rate(rate)) => {
                Figure::new(*rate, "the rule set's rate", self.rule_source())
            }
            (None, ChargesBasis::Reference) => {
                let version = rates.charges.at(date)?;
                Figure::new(
                    version.value,
                    format!("national reference rate from {}", version.from),
                    version.sources.clone(),
                )
            }
        };
        let charges = Figure::new(
            gross.value * rate.value,
            format!(
                "{} × {} = {}",
                exact(gross.value),
                plain_rate(rate.value),
                exact(gross.value * rate.value)
            ),
            rate.sources.clone(),
        );
        let loaded = round_figure(
            basis,
            RoundAt::LoadedMonthly,
            Figure::new(
                gross.value + charges.value,
                format!(
                    "{} × (1 + {}) = {}",
                    exact(gross.value),
                    plain_rate(rate.value),
                    exact(gross.value + charges.value)
                ),
                vec![],
            ),
        );

        let funded = match &input.include {
            Some(include) => {
                if include.is_empty() {
                    return Err(input_error(
                        "include",
                        "lists no component: give some of salary, iespe, pet, charges",
                    ));
                }
                notes.warnings.push(format!(
                    "What-if: funded components set to {} (--include).",
                    components(include)
                ));
                include.clone()
            }
            None => basis.funded.clone(),
        };
        if funded == [Component::Charges] {
            return Err(input_error(
                "include",
                "charges are funded on the funded gross components: include at least one of salary, iespe, pet",
            ));
        }
        let funded_gross: Decimal = [
            (Component::Salary, base.value),
            (Component::Iespe, iespe.value),
            (Component::Pet, pet.value),
        ]
        .iter()
        .filter(|(c, _)| funded.contains(c))
        .map(|(_, v)| *v)
        .sum();
        let funded_gross = basis.rounds_at(RoundAt::GrossMonthly, funded_gross);
        let funded_monthly = if funded.contains(&Component::Charges) {
            let value = basis.rounds_at(
                RoundAt::LoadedMonthly,
                funded_gross * (Decimal::ONE + rate.value),
            );
            Figure::new(
                value,
                format!(
                    "({}) × (1 + {}) = {}",
                    components(&gross_parts(&funded)),
                    plain_rate(rate.value),
                    exact(value)
                ),
                vec![],
            )
        } else {
            Figure::new(
                funded_gross,
                format!("{} = {}", components(&funded), exact(funded_gross)),
                vec![],
            )
        };
        let share = match input.share {
            Some(share) if basis.rule_set.is_some() => {
                notes.warnings.push(format!(
                    "What-if: share set to {} (--share).",
                    human_rate(share, lang)
                ));
                Figure::new(share, "given (--share)", vec![])
            }
            Some(share) => Figure::new(share, "given (--share)", vec![]),
            None => Figure::new(basis.share, "the rule set's share", self.rule_source()),
        };
        let ars_monthly = Figure::new(
            basis
                .rounding
                .mode
                .cents(funded_monthly.value * share.value),
            format!(
                "{} × {} = {}, rounded to the cent ({})",
                plain_rate(share.value),
                exact(funded_monthly.value),
                exact(funded_monthly.value * share.value),
                basis.rounding.mode.label()
            ),
            self.rule_source(),
        );
        Ok(Priced {
            base,
            iespe,
            pet,
            pet_decision,
            gross,
            rate,
            charges,
            loaded,
            funded,
            funded_monthly,
            share,
            ars_monthly,
        })
    }
}

/// Computes one post. `today` sets the default start where neither the input nor the rule set gives one.
pub fn compute(
    rates: &Rates,
    input: &PostInput,
    today: NaiveDate,
) -> Result<Computation, ComputeError> {
    compute_variant(rates, input, today, &Variant::default())
}

/// Computes one post another way than its rule set says (for `check`).
pub fn compute_variant(
    rates: &Rates,
    input: &PostInput,
    today: NaiveDate,
    variant: &Variant,
) -> Result<Computation, ComputeError> {
    let region = rates.region(&input.region)?;
    let (mut basis, post_type) = basis(rates, input, &region.id, &region.name)?;
    if let Some(mode) = variant.rounding_mode {
        basis.rounding.mode = mode;
    }
    basis
        .rounding
        .at
        .extend(variant.round_also_at.iter().copied());
    let mut notes = Notes {
        assumptions: basis.assumptions.clone(),
        warnings: Vec::new(),
    };

    // Dates.
    let start = match (input.start, basis.rule_set.and_then(first_start)) {
        (Some(start), _) => start,
        (None, Some(first)) => first,
        (None, None) => {
            let start = first_of_next_month(today);
            notes.assumptions.push(format!(
                "Start date not given and not set by the rule set: the contract starts on the first day of next month, {start} (--start)."
            ));
            start
        }
    };
    if let Some(rule_set) = basis.rule_set {
        let month = (start.year(), start.month());
        if !rule_set.start_months.is_empty() && !rule_set.start_months.contains(&month) {
            let allowed: Vec<String> = rule_set
                .start_months
                .iter()
                .map(|(y, m)| format!("{y}-{m:02}"))
                .collect();
            notes.warnings.push(format!(
                "The rule set {} provides for starts in {} only; {start} is outside them.",
                rule_set.id,
                allowed.join(" or ")
            ));
        }
    }
    let (months, extra_days, end) = match (input.months, input.end) {
        (Some(_), Some(_)) => {
            return Err(input_error(
                "end",
                "give the contract length either as --months or as --end, not both",
            ))
        }
        (Some(months), None) => (months, 0, contract_end(start, months)),
        (None, Some(end)) => {
            let (months, extra_days) = length(start, end)?;
            (months, extra_days, Some(end))
        }
        (None, None) => (
            basis.default_months,
            0,
            contract_end(start, basis.default_months),
        ),
    };
    let end =
        end.ok_or_else(|| input_error("months", "the contract's end is out of the calendar"))?;
    if months == 0 && extra_days == 0 {
        return Err(input_error(
            "months",
            "0 months: a contract lasts at least one day",
        ));
    }
    if months > MAX_MONTHS || (months == MAX_MONTHS && extra_days > 0) {
        return Err(input_error("months", format!("{start} to {end} is longer than {MAX_MONTHS} months, the longest contract computed")));
    }
    if let Some(durations) = &basis.durations {
        if extra_days > 0 || !durations.contains(&months) {
            let allowed: Vec<String> = durations.iter().map(|d| d.to_string()).collect();
            let length = if extra_days > 0 {
                format!("{months} months and {extra_days} days")
            } else {
                format!("{months} months")
            };
            let message = format!(
                "{start} to {end} is {length}: the rule set {} allows contracts of {} months only",
                basis.id,
                allowed.join(" or ")
            );
            match basis.other_durations {
                Severity::Error => {
                    return Err(input_error(
                        if input.end.is_some() { "end" } else { "months" },
                        message,
                    ))
                }
                Severity::Warning => notes.warnings.push(message),
            }
        }
    }
    if let Some(left_on) = input.left_on {
        if left_on < start {
            return Err(input_error(
                "left_on",
                format!("{left_on} is before the start of the contract, {start}"),
            ));
        }
        if left_on > end {
            return Err(input_error(
                "left_on",
                format!("{left_on} is after the end of the contract, {end}"),
            ));
        }
    }

    // Grade and years.
    let grade = input.grade.unwrap_or(basis.grade);
    let years = input.years.unwrap_or(basis.years);
    if (grade, years) != (basis.grade, basis.years) {
        if let SalaryBasis::Published(_) = basis.salary {
            return Err(input_error(
                if grade != basis.grade {
                    "grade"
                } else {
                    "years"
                },
                format!(
                    "the rule set {} publishes amounts for {} years {} only",
                    basis.id,
                    basis.grade.french(),
                    basis.years
                ),
            ));
        }
        if basis.rule_set.is_some() {
            notes.warnings.push(format!(
                "What-if: the rule set's figure is for an {} in years {}; this prices an {} in years {}.",
                basis.grade.french(),
                basis.years,
                grade.french(),
                years
            ));
        }
    }

    // The monthly figures at the start (or the date a variant prices at): the notified credit.
    let pricer = Pricer {
        rates,
        basis: &basis,
        input,
        grade,
        years,
    };
    let priced_at = variant.priced_at.unwrap_or(start);
    let Priced {
        base,
        iespe,
        pet,
        pet_decision,
        gross,
        rate,
        charges,
        loaded,
        funded,
        funded_monthly,
        share,
        ars_monthly,
    } = pricer.price(priced_at, &mut notes)?;
    let loaded_cents = cents(loaded.value);
    let establishment_monthly = Figure::new(
        loaded_cents - ars_monthly.value,
        format!(
            "{} − {} (loaded cost to the cent − ARS share)",
            plain(loaded_cents),
            plain(ars_monthly.value)
        ),
        vec![],
    );

    let schedule = build_schedule(
        &pricer,
        &ScheduleTerms {
            start,
            end,
            months,
            extra_days,
            priced_at,
            fixed_price: variant.priced_at.is_some(),
            loaded: loaded.value,
            credit: ars_monthly.value,
        },
    )?;

    // Contract totals: the sum of the months.
    let whole = schedule
        .iter()
        .all(|r| r.segment.is_whole_month() && r.ars == ars_monthly.value);
    let ars_sum: Decimal = schedule.iter().map(|r| r.ars).sum();
    let full_sum: Decimal = schedule.iter().map(|r| r.full_cost).sum();
    let ars_total = Figure::new(
        ars_sum,
        if whole {
            format!("{} × {months} months", plain(ars_monthly.value))
        } else {
            format!(
                "sum of the schedule's {} calendar month{} ({})",
                schedule.len(),
                if schedule.len() == 1 { "" } else { "s" },
                basis.proration.id()
            )
        },
        pricer.rule_source(),
    );
    let full_cost_total = Figure::new(
        full_sum,
        if whole && schedule.iter().all(|r| r.loaded_monthly == loaded_cents) {
            format!("{} × {months} months", plain(loaded_cents))
        } else {
            "sum of the months of the schedule, each with the data in force that month".to_string()
        },
        vec![],
    );
    let establishment_total = Figure::new(
        full_sum - ars_sum,
        format!(
            "{} − {} (full cost − ARS credit)",
            plain(full_sum),
            plain(ars_sum)
        ),
        vec![],
    );
    let (ars_due, refund) = match input.left_on {
        Some(left_on) => {
            let due: Decimal = schedule.iter().filter_map(|r| r.served.map(|s| s.1)).sum();
            (
                Some(Figure::new(
                    due,
                    format!("credit for the time served, {start} to {left_on}"),
                    pricer.rule_source(),
                )),
                Some(Figure::new(
                    ars_sum - due,
                    format!(
                        "{} − {} (credit notified − credit due), from {} on",
                        plain(ars_sum),
                        plain(due),
                        left_on.succ_opt().unwrap_or(left_on)
                    ),
                    pricer.rule_source(),
                )),
            )
        }
        None => (None, None),
    };

    // The documents, in order of first appearance in the figures, then the rule set's.
    let figures = [
        &base,
        &iespe,
        &pet,
        &gross,
        &rate,
        &charges,
        &loaded,
        &funded_monthly,
        &share,
        &ars_monthly,
    ];
    let ids = figures
        .iter()
        .flat_map(|f| f.sources.iter().cloned())
        .chain(basis.source.clone());
    let mut sources: Vec<Source> = Vec::new();
    for id in ids {
        if let Some(source) = rates.source(&id) {
            if !sources.iter().any(|s| s.id == id) {
                sources.push(source.clone());
            }
        }
    }
    let mut assumptions = notes.assumptions;
    assumptions.dedup();

    Ok(Computation {
        region: region.id.clone(),
        region_name: region.name.clone(),
        post_type,
        rule_set: basis.id.clone(),
        rule_set_title: basis.title.clone(),
        campaign: basis.rule_set.and_then(|r| r.campaign),
        start,
        end,
        months,
        extra_days,
        grade,
        years,
        base_salary_monthly: base,
        iespe_monthly: iespe,
        pet_monthly: pet,
        pet: pet_decision,
        gross_monthly: gross,
        charges_rate: rate,
        charges_monthly: charges,
        loaded_monthly: loaded,
        funded,
        funded_monthly,
        share,
        ars_monthly,
        establishment_monthly,
        ars_total,
        establishment_total,
        full_cost_total,
        rounding: basis.rounding.clone(),
        proration: basis.proration,
        credit: basis.credit,
        schedule,
        left_on: input.left_on,
        ars_due,
        refund,
        assumptions,
        warnings: notes.warnings,
        sources,
    })
}

/// What the schedule is built from.
struct ScheduleTerms {
    start: NaiveDate,
    end: NaiveDate,
    months: u32,
    extra_days: u32,
    /// The date the notified credit was priced at.
    priced_at: NaiveDate,
    /// Whether every month is priced at `priced_at` (a `check` variant), not with the data in force that month.
    fixed_price: bool,
    /// The loaded monthly cost at `priced_at`, exact.
    loaded: Decimal,
    /// The notified monthly credit.
    credit: Decimal,
}

/// The month-by-month schedule.
///
/// Each calendar month touched counts a fraction of a month by the rule set's proration. For a
/// contract of whole months, the last month counts what makes the total exactly `months` months
/// (the calendar adds or lacks a few thirtieths when a contract starts on the 29th to 31st or ends
/// in February), since a notice funds its monthly credit "for every month of the contract".
///
/// Amounts are rounded cumulatively: a month's amount is the rounded running total less the
/// rounded running total before it, so that whole months are exactly the monthly figure and the
/// months add up to the rounded contract total, not to a sum of separately rounded halves.
fn build_schedule(
    pricer: &Pricer<'_>,
    terms: &ScheduleTerms,
) -> Result<Vec<ScheduleRow>, ComputeError> {
    let (rates, basis) = (pricer.rates, pricer.basis);
    let mode = basis.rounding.mode;
    let versions_at = |date: NaiveDate| {
        (
            rates.grid.at(date).ok().map(|v| v.from),
            rates.iespe.at(date).ok().map(|v| v.from),
            rates.pet.at(date).ok().map(|v| v.from),
            rates.charges.at(date).ok().map(|v| v.from),
        )
    };
    // (versions in force, exact loaded monthly cost, monthly credit) for each set of versions met:
    // a month is re-priced only when the versions in force differ from those already priced.
    let mut priced_months = vec![(versions_at(terms.priced_at), terms.loaded, terms.credit)];

    let segments = segments(terms.start, terms.end);
    let mut fractions: Vec<(Decimal, u32, u32)> = segments
        .iter()
        .map(|s| s.fraction(basis.proration))
        .collect();
    if terms.extra_days == 0 && basis.proration != Proration::WholeMonths {
        let count = fractions.len();
        if let Some((others, last)) = count.checked_sub(1).map(|n| fractions.split_at_mut(n)) {
            let last = &mut last[0];
            if basis.proration == Proration::Thirtieths {
                // In whole thirtieths: 30 a month, less those the other months count.
                let other_days: u32 = others.iter().map(|f| f.1).sum();
                last.1 = (30 * terms.months).saturating_sub(other_days).min(30);
                last.0 = Decimal::from(last.1) / Decimal::from(30);
            } else {
                let other_fraction: Decimal = others.iter().map(|f| f.0).sum();
                last.0 = (Decimal::from(terms.months) - other_fraction)
                    .clamp(Decimal::ZERO, Decimal::ONE);
            }
        }
    }

    let left_on = pricer.input.left_on;
    let (mut ars_cum, mut cost_cum) = (Decimal::ZERO, Decimal::ZERO);
    let mut schedule = Vec::with_capacity(segments.len());
    for (segment, (fraction, days, days_in_month)) in segments.into_iter().zip(fractions) {
        let in_force = if terms.fixed_price {
            terms.priced_at
        } else {
            segment.from.max(terms.priced_at)
        };
        let versions = versions_at(in_force);
        let (month_loaded, month_credit) =
            match priced_months.iter().find(|(v, _, _)| *v == versions) {
                Some((_, loaded, credit)) => (*loaded, *credit),
                None => {
                    let month =
                        pricer
                            .price(in_force, &mut Notes::default())
                            .map_err(|e| match e {
                                ComputeError::NotInForce(n) => input_error(
                                    "end",
                                    format!(
                                        "{n}: the contract runs from {} to {}, past the data",
                                        terms.start, terms.end
                                    ),
                                ),
                                other => other,
                            })?;
                    priced_months.push((versions, month.loaded.value, month.ars_monthly.value));
                    (month.loaded.value, month.ars_monthly.value)
                }
            };
        let credit = match basis.credit {
            Credit::FollowsGrid => month_credit,
            Credit::Fixed => terms.credit,
        };
        let (ars_before, cost_before) = (ars_cum, cost_cum);
        ars_cum += credit * fraction;
        // The establishment pays its monthly cost to the cent.
        cost_cum += cents(month_loaded) * fraction;
        let ars = mode.cents(ars_cum) - mode.cents(ars_before);
        let full_cost = cents(cost_cum) - cents(cost_before);
        // When leaving early: the part of the month served, its credit, and the rest to refund.
        let served = left_on.map(|left_on| {
            let (served_days, due) = match segment.until(left_on) {
                None => (0, Decimal::ZERO),
                Some(part) if part == segment => (days, ars),
                Some(part) => {
                    let (part_fraction, part_days, _) = part.fraction(basis.proration);
                    let due = mode.cents(ars_before + credit * part_fraction.min(fraction))
                        - mode.cents(ars_before);
                    (part_days, due)
                }
            };
            (served_days, due, ars - due)
        });
        schedule.push(ScheduleRow {
            segment,
            days,
            days_in_month,
            ars,
            establishment: full_cost - ars,
            full_cost,
            loaded_monthly: cents(month_loaded),
            served,
        });
    }
    Ok(schedule)
}

/// An exact value for an explanation: up to six decimals, `…` when there are more.
pub fn exact(value: Decimal) -> String {
    let short = value.round_dp_with_strategy(6, rust_decimal::RoundingStrategy::ToZero);
    if short == value {
        value.normalize().to_string()
    } else {
        format!("{}…", short.normalize())
    }
}

/// Rounds a figure where the rule set says so, and says it did.
fn round_figure(basis: &Basis<'_>, at: RoundAt, figure: Figure) -> Figure {
    let rounded = basis.rounds_at(at, figure.value);
    if rounded == figure.value {
        return figure;
    }
    Figure {
        value: rounded,
        how: format!(
            "{}, rounded to the cent ({})",
            figure.how,
            basis.rounding.mode.label()
        ),
        sources: figure.sources,
    }
}

/// The gross components of a funded list (charges are a rate on them, not a component of the sum).
fn gross_parts(list: &[Component]) -> Vec<Component> {
    list.iter()
        .copied()
        .filter(|c| *c != Component::Charges)
        .collect()
}

fn components(list: &[Component]) -> String {
    list.iter().map(|c| c.id()).collect::<Vec<_>>().join(" + ")
}

/// The length of a contract from `start` to `end` (its last day): whole months, then calendar days.
fn length(start: NaiveDate, end: NaiveDate) -> Result<(u32, u32), ComputeError> {
    if end < start {
        return Err(input_error(
            "end",
            format!("{end} is before the start, {start}"),
        ));
    }
    let months = (1..=MAX_MONTHS + 1)
        .take_while(|m| contract_end(start, *m).is_some_and(|e| e <= end))
        .last()
        .unwrap_or(0);
    let after = match months {
        0 => start,
        m => contract_end(start, m)
            .and_then(|e| e.succ_opt())
            .unwrap_or(end),
    };
    let extra_days = if after > end {
        0
    } else {
        (end - after).num_days() as u32 + 1
    };
    Ok((months, extra_days))
}
