//! The computation: from a post's inputs and the reference data to the monthly
//! components, the loaded cost, the ARS and establishment shares and the contract
//! totals. Pure: it reads no file and prints nothing.

use crate::model::{Component, Grade, PostType, YearBand};
use crate::money::RoundingMode;
use crate::money::{cents, human, human_rate, plain, plain_rate, Lang};
use crate::pet::{decide, PatternError, PetDecision, WorkPattern};
use crate::rates::{
    AmountBasis, ChargesBasis, NotInForce, PetBasis, Rates, RoundAt, Rounding, RuleSet,
    SalaryBasis, Source, UnknownRegion,
};
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
    /// Contract length in months.
    pub months: u32,
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
    /// What the rule set and the computation assumed.
    pub assumptions: Vec<String>,
    /// What the user should know: what-ifs, inputs ignored.
    pub warnings: Vec<String>,
    /// The documents the figures come from, in order of first use.
    pub sources: Vec<Source>,
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
    default_months: u32,
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
            default_months: rule_set.default_months,
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
            default_months: 24,
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
                "The ARS monthly share is rounded to the cent, half away from zero, and credited for every month of the contract.".to_string(),
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

/// The last day of a contract of `months` whole months from `start`.
pub fn end_of(start: NaiveDate, months: u32) -> Option<NaiveDate> {
    start.checked_add_months(Months::new(months))?.pred_opt()
}

/// Computes one post. `today` sets the default start where neither the input nor the rule set gives one.
pub fn compute(
    rates: &Rates,
    input: &PostInput,
    today: NaiveDate,
) -> Result<Computation, ComputeError> {
    let region = rates.region(&input.region)?;
    let (basis, post_type) = basis(rates, input, &region.id, &region.name)?;
    let mut assumptions = basis.assumptions.clone();
    let mut warnings = Vec::new();
    let rule_source = || basis.source.clone().into_iter().collect::<Vec<_>>();
    let lang = Lang::En;

    // Dates.
    let start = match (input.start, basis.rule_set.and_then(first_start)) {
        (Some(start), _) => start,
        (None, Some(first)) => first,
        (None, None) => {
            let start = first_of_next_month(today);
            assumptions.push(format!("Start date not given and not set by the rule set: the contract starts on the first day of next month, {start} (--start)."));
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
            warnings.push(format!(
                "The rule set {} provides for starts in {} only; {start} is outside them.",
                rule_set.id,
                allowed.join(" or ")
            ));
        }
    }
    let months = match (input.months, input.end) {
        (Some(_), Some(_)) => {
            return Err(input_error(
                "end",
                "give the contract length either as --months or as --end, not both",
            ))
        }
        (Some(months), None) => months,
        (None, Some(end)) => whole_months(start, end)?,
        (None, None) => basis.default_months,
    };
    if months == 0 || months > MAX_MONTHS {
        return Err(input_error(
            "months",
            format!("{months} months: a contract lasts from 1 to {MAX_MONTHS} months"),
        ));
    }
    if let Some(durations) = &basis.durations {
        if !durations.contains(&months) {
            let allowed: Vec<String> = durations.iter().map(|d| d.to_string()).collect();
            return Err(input_error(
                "months",
                format!(
                    "{months} months: the rule set {} allows contracts of {} months only",
                    basis.id,
                    allowed.join(" or ")
                ),
            ));
        }
    }
    let end = end_of(start, months)
        .ok_or_else(|| input_error("start", "the contract's end is out of the calendar"))?;

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
            warnings.push(format!(
                "What-if: the rule set's figure is for an {} in years {}; this prices an {} in years {}.",
                basis.grade.french(), basis.years, grade.french(), years
            ));
        }
    }

    // Base salary.
    let base = match basis.salary {
        SalaryBasis::Grid => {
            let version = rates.grid.at(start)?;
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
            rule_source(),
        ),
    };
    let base = round_figure(&basis, RoundAt::BaseMonthly, base);

    // IESPE.
    let iespe = match basis.iespe {
        AmountBasis::National => {
            let version = rates.iespe.at(start)?;
            Figure::new(
                version.value,
                format!("national amount from {}", version.from),
                version.sources.clone(),
            )
        }
        AmountBasis::Published(monthly) => {
            Figure::new(monthly, "published by the rule set", rule_source())
        }
    };

    // PET.
    let pattern = input.pattern();
    let mut pet_decision = None;
    let pet = match (input.pet_amount, &basis.pet) {
        (Some(amount), _) => {
            warnings.push(format!(
                "What-if: PET fixed at {} by --pet-amount.",
                human(amount, lang)
            ));
            Figure::new(amount, "given (--pet-amount)", vec![])
        }
        (None, PetBasis::Fixed(amount)) => {
            if pattern.is_some() {
                warnings.push(format!("The rule set fixes the PET at {}; the working pattern given does not change it (use --pet-amount for another tier).", human(*amount, lang)));
            }
            Figure::new(*amount, "fixed by the rule set", rule_source())
        }
        (None, PetBasis::Pattern) => match pattern {
            Some(pattern) => {
                let version = rates.pet.at(start)?;
                let decision = decide(&version.value, &pattern)?;
                assumptions.extend(decision.assumptions.iter().cloned());
                let figure = Figure::new(
                    decision.amount,
                    format!("{} (scale from {})", decision.reason, version.from),
                    version.sources.clone(),
                );
                pet_decision = Some(decision);
                figure
            }
            None => {
                assumptions.push("No working pattern given: PET counted as 0 (give --half-days, --sites and --distance-km, or --pet-amount).".to_string());
                Figure::new(Decimal::ZERO, "no working pattern given", vec![])
            }
        },
    };

    let gross_value = base.value + iespe.value + pet.value;
    let gross = round_figure(
        &basis,
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

    // Charges.
    let rate = match (input.charges, &basis.charges) {
        (Some(rate), _) => {
            warnings.push(format!(
                "What-if: employer charges at {} (--charges).",
                human_rate(rate, lang)
            ));
            Figure::new(rate, "given (--charges)", vec![])
        }
        (None, ChargesBasis::Rate(rate)) => {
            Figure::new(*rate, "the rule set's rate", rule_source())
        }
        (None, ChargesBasis::Reference) => {
            let version = rates.charges.at(start)?;
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
        &basis,
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

    // What the ARS funds.
    let funded = match &input.include {
        Some(include) => {
            if include.is_empty() {
                return Err(input_error(
                    "include",
                    "lists no component: give some of salary, iespe, pet, charges",
                ));
            }
            warnings.push(format!(
                "What-if: funded components set to {} (--include).",
                components(include)
            ));
            include.clone()
        }
        None => basis.funded.clone(),
    };
    if funded == [Component::Charges] {
        return Err(input_error("include", "charges are funded on the funded gross components: include at least one of salary, iespe, pet"));
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
        Figure::new(
            basis.rounds_at(
                RoundAt::LoadedMonthly,
                funded_gross * (Decimal::ONE + rate.value),
            ),
            format!(
                "({}) × (1 + {}) = {}",
                components(&gross_parts(&funded)),
                plain_rate(rate.value),
                exact(basis.rounds_at(
                    RoundAt::LoadedMonthly,
                    funded_gross * (Decimal::ONE + rate.value)
                ))
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
            warnings.push(format!(
                "What-if: share set to {} (--share).",
                human_rate(share, lang)
            ));
            Figure::new(share, "given (--share)", vec![])
        }
        Some(share) => Figure::new(share, "given (--share)", vec![]),
        None => Figure::new(basis.share, "the rule set's share", rule_source()),
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
        rule_source(),
    );
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

    // Contract totals.
    let n = Decimal::from(months);
    let ars_total = Figure::new(
        ars_monthly.value * n,
        format!("{} × {months} months", plain(ars_monthly.value)),
        rule_source(),
    );
    let full_cost_total = Figure::new(
        loaded_cents * n,
        format!("{} × {months} months", plain(loaded_cents)),
        vec![],
    );
    let establishment_total = Figure::new(
        full_cost_total.value - ars_total.value,
        format!(
            "{} − {} (full cost − ARS credit)",
            plain(full_cost_total.value),
            plain(ars_total.value)
        ),
        vec![],
    );

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
        assumptions,
        warnings,
        sources,
    })
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

/// The number of whole months from `start` to `end` (the last day), or an error when the end does not close a whole month.
fn whole_months(start: NaiveDate, end: NaiveDate) -> Result<u32, ComputeError> {
    if end < start {
        return Err(input_error(
            "end",
            format!("{end} is before the start, {start}"),
        ));
    }
    (1..=MAX_MONTHS)
        .find(|m| end_of(start, *m) == Some(end))
        .ok_or_else(|| {
            let hint = (1..=MAX_MONTHS)
                .filter_map(|m| end_of(start, m).map(|e| (m, e)))
                .find(|(_, e)| *e >= end)
                .map_or(String::new(), |(m, e)| format!(" ({m} months from {start} end on {e})"));
            input_error("end", format!("{end} does not close a whole number of months from {start}{hint}; partial months are not computed yet"))
        })
}
