//! Resolving a post against the reference data: the rule set, the dates, the grade, the
//! components, the share and the overrides. A [`Plan`] borrows from the loaded [`Rates`]
//! and copies only small values, so that pricing it ([`crate::price`]) allocates nothing.

use crate::compute::{ComputeError, PostInput};
use crate::lang::Lang;
use crate::model::{ComponentSet, Grade, PostType, YearBand};
use crate::money::RoundingMode;
use crate::pet::WorkPattern;
use crate::rates::{
    AmountBasis, ChargesBasis, Credit, PetBasis, Rates, Region, RoundAt, RoundPoints, RuleSet,
    SalaryBasis, Severity,
};
use crate::schedule::{contract_end, Proration};
use crate::tr;
use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;

/// The id of a computation made without a published rule set.
pub const CUSTOM: &str = "custom";

/// The longest contract computed, in months (a guard against typing errors).
pub const MAX_MONTHS: u32 = 120;

/// The title of the custom basis.
pub fn custom_title(lang: Lang) -> &'static str {
    lang.pick(
        "No published rule set: national grid and IESPE, PET from the working pattern, reference charge rate, the share given",
        "Pas de règles publiées : grille et IESPE nationales, PET selon l'organisation du travail, taux de charges de référence, la part donnée",
    )
}

/// What the custom basis assumes.
pub fn custom_assumptions(lang: Lang) -> [&'static str; 3] {
    match lang {
        Lang::En => [
            "No rule set is published for this region and post type in the data: the computation uses the share given, the national grid and IESPE in force at the start, the PET from the working pattern (or `pet_amount`), and the data's reference charge rate (a costing assumption of ARS Nouvelle-Aquitaine, not a legal rate: see below).",
            "Funded components: salary, IESPE, PET and employer charges (use `include` to change them).",
            "The ARS monthly share is rounded to the cent, half away from zero, and credited for every month of the contract; a partial month is prorated in thirtieths.",
        ],
        Lang::Fr => [
            "Les données ne publient pas de règles pour cette région et ce type de poste : le calcul prend la part donnée, la grille et l'IESPE nationales en vigueur au début du contrat, la PET selon l'organisation du travail (ou `pet_amount`), et le taux de charges de référence des données (une hypothèse de chiffrage de l'ARS Nouvelle-Aquitaine, pas un taux légal : voir plus bas).",
            "Composantes financées : traitement, IESPE, PET et charges patronales (`include` pour les changer).",
            "La part mensuelle de l'ARS est arrondie au centime, la moitié s'éloignant de zéro, et versée chaque mois du contrat ; un mois partiel est proratisé en trentièmes.",
        ],
    }
}

/// How amounts are rounded: a mode and the points where it applies (the ARS monthly share always is).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RoundingRule {
    /// The rounding rule.
    pub mode: RoundingMode,
    /// The points where amounts are rounded to the cent.
    pub at: RoundPoints,
}

impl RoundingRule {
    /// Rounds `value` if the rule rounds at `at`.
    pub fn at(self, at: RoundAt, value: Decimal) -> Decimal {
        if self.at.contains(at) {
            self.mode.cents(value)
        } else {
            value
        }
    }
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
    /// Compute the credit for another year band than the rule set's reference post.
    pub years: Option<YearBand>,
    /// Compute the credit with another monthly PET than the rule set's.
    pub pet_amount: Option<Decimal>,
    /// Compute the credit on the national grid in force instead of the amounts the rule set publishes.
    pub grid_salary: bool,
}

/// What a credit is computed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreditBasis {
    /// A reference post the rule set fixes (grade, years and PET), at the grid: Nouvelle-Aquitaine.
    ReferencePost,
    /// Amounts the rule set publishes: Centre-Val de Loire.
    PublishedAmounts,
    /// The post's actual cost (no published rule set).
    ActualCost,
}

impl CreditBasis {
    /// The name in the output.
    pub fn id(self) -> &'static str {
        match self {
            CreditBasis::ReferencePost => "reference-post",
            CreditBasis::PublishedAmounts => "published-amounts",
            CreditBasis::ActualCost => "actual-cost",
        }
    }
}

/// The post as it really is: what its actual cost, borne by the establishment, is priced
/// with (the credit may be computed on a reference post instead).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ActualPost {
    /// The assistant's grade.
    pub grade: Grade,
    /// The assistant's year band.
    pub years: YearBand,
    /// The working pattern, when given.
    pub pattern: Option<WorkPattern>,
    /// A monthly PET given instead of a pattern.
    pub pet_amount: Option<Decimal>,
}

/// A post resolved against the data: everything pricing needs, borrowed or copied.
#[derive(Debug, Clone)]
pub struct Plan<'a> {
    /// The region.
    pub region: &'a Region,
    /// The post type.
    pub post_type: PostType,
    /// The published rule set, or `None` for a custom computation.
    pub rule: Option<&'a RuleSet>,
    /// First day of the contract.
    pub start: NaiveDate,
    /// Last day of the contract.
    pub end: NaiveDate,
    /// Whole months of the contract.
    pub months: u32,
    /// Calendar days after the last whole month.
    pub extra_days: u32,
    /// The last day served, when the assistant leaves early.
    pub left_on: Option<NaiveDate>,
    /// Why the assistant leaves early.
    pub leave_reason: Option<crate::model::LeaveReason>,
    /// What only the conditions of eligibility read.
    pub condition_inputs: crate::eligibility::ConditionInputs,
    /// The grade the credit is priced for.
    pub grade: Grade,
    /// The year band the credit is priced for.
    pub years: YearBand,
    /// The post as it is, for its actual cost.
    pub actual: ActualPost,
    /// The grade and year band the rule set's figure is for.
    pub rule_grade: (Grade, YearBand),
    /// Where the salary comes from.
    pub salary: SalaryBasis,
    /// Where the IESPE comes from.
    pub iespe: AmountBasis,
    /// How the PET is set.
    pub pet: PetBasis,
    /// Where the charge rate comes from.
    pub charges: ChargesBasis,
    /// The working pattern the credit's PET comes from, when it does.
    pub pattern: Option<WorkPattern>,
    /// A fixed monthly PET for the credit (given for a custom post, or a `check` variant).
    pub pet_amount: Option<Decimal>,
    /// What-if: the employer charge rate.
    pub charges_given: Option<Decimal>,
    /// What-if: the funded components.
    pub include_given: Option<ComponentSet>,
    /// What-if (or, for a custom computation, required): the share.
    pub share_given: Option<Decimal>,
    /// The share applied.
    pub share: Decimal,
    /// The components funded.
    pub funded: ComponentSet,
    /// How amounts are rounded.
    pub rounding: RoundingRule,
    /// How partial months count.
    pub proration: Proration,
    /// Whether the monthly credit is fixed or follows the data in force.
    pub credit: Credit,
    /// The date whose data prices the notified credit (the start, unless a `check` variant says).
    pub priced_at: NaiveDate,
    /// Whether every month is priced at `priced_at` (a `check` variant).
    pub fixed_price: bool,
    /// Whether the plan is a `check` variant (another way of computing than the rule set's).
    pub variant: bool,
    /// The start was not given: it is the first day of next month.
    pub default_start: bool,
    /// The start falls outside the months the rule set provides for.
    pub start_outside_months: bool,
    /// The contract length is not one the rule set provides for (a warning).
    pub other_duration: bool,
}

impl<'a> Plan<'a> {
    /// The plan of the post's actual cost: the national grid and IESPE in force each month,
    /// for the post's own grade and years, its own PET (pattern or amount; else the rule
    /// set's reference PET), and the reference charge rate (or the one given), all of it.
    pub fn actual_cost(&self) -> Plan<'a> {
        let actual = self.actual;
        let pet = match (actual.pet_amount, actual.pattern) {
            (Some(_), _) | (None, Some(_)) => PetBasis::Pattern,
            (None, None) => self.pet,
        };
        Plan {
            grade: actual.grade,
            years: actual.years,
            salary: SalaryBasis::Grid,
            iespe: AmountBasis::National,
            pet,
            pattern: actual.pattern,
            pet_amount: actual.pet_amount,
            charges: ChargesBasis::Reference,
            share: Decimal::ONE,
            funded: ComponentSet::ALL,
            credit: Credit::FollowsGrid,
            ..self.clone()
        }
    }

    /// What the credit is computed on.
    pub fn credit_basis(&self) -> CreditBasis {
        match (self.rule, self.salary) {
            (None, _) => CreditBasis::ActualCost,
            (Some(_), SalaryBasis::Published(_)) => CreditBasis::PublishedAmounts,
            (Some(_), SalaryBasis::Grid) => CreditBasis::ReferencePost,
        }
    }

    /// The rule set's id, or `custom`.
    pub fn rule_set_id(&self) -> &str {
        self.rule.map_or(CUSTOM, |r| r.id.as_str())
    }

    /// The id of the rule set's document, if any.
    pub fn rule_source(&self) -> Option<&str> {
        self.rule.map(|r| r.source.as_str())
    }
}

fn input_error(field: &'static str, message: impl Into<String>) -> ComputeError {
    ComputeError::Input {
        field,
        message: message.into(),
    }
}

/// Resolves a post's inputs against the data. `today` sets the default start where
/// neither the input nor the rule set gives one.
pub fn plan<'a>(
    rates: &'a Rates,
    input: &PostInput,
    today: NaiveDate,
    variant: &Variant,
) -> Result<Plan<'a>, ComputeError> {
    let region = rates.region(&input.region)?;
    let (rule, post_type) = choose_rule(rates, input, region)?;

    // Dates.
    let (start, default_start) = match (input.start, rule.and_then(first_start)) {
        (Some(start), _) => (start, false),
        (None, Some(first)) => (first, false),
        (None, None) => (first_of_next_month(today), true),
    };
    let start_outside_months = rule.is_some_and(|r| {
        !r.start_months.is_empty() && !r.start_months.contains(&(start.year(), start.month()))
    });
    let default_months = rule.map_or(24, |r| r.default_months);
    let (months, extra_days, end) =
        match (input.months, input.end) {
            (Some(_), Some(_)) => return Err(input_error(
                "end",
                Lang::messages().pick(
                    "give the contract length either as `months` or as `end`, not both",
                    "donnez la durée du contrat soit par `months`, soit par `end`, pas les deux",
                ),
            )),
            (Some(months), None) => (months, 0, contract_end(start, months)),
            (None, Some(end)) => {
                let (months, extra_days) = length(start, end)?;
                (months, extra_days, Some(end))
            }
            (None, None) => (default_months, 0, contract_end(start, default_months)),
        };
    let end = end.ok_or_else(|| {
        input_error(
            "months",
            Lang::messages().pick(
                "the contract's end is out of the calendar",
                "la fin du contrat tombe hors du calendrier",
            ),
        )
    })?;
    if months == 0 && extra_days == 0 {
        return Err(input_error(
            "months",
            Lang::messages().pick(
                "0 months: a contract lasts at least one day",
                "0 mois : un contrat dure au moins un jour",
            ),
        ));
    }
    if months > MAX_MONTHS || (months == MAX_MONTHS && extra_days > 0) {
        return Err(input_error(
            "months",
            tr!(
                Lang::messages(),
                "{} to {} is longer than {MAX_MONTHS} months, the longest contract computed",
                "du {} au {}, le contrat dépasse {MAX_MONTHS} mois, la plus longue durée calculée",
                crate::lang::date(start, Lang::messages()),
                crate::lang::date(end, Lang::messages())
            ),
        ));
    }
    let mut other_duration = false;
    if let Some(rule) = rule {
        if extra_days > 0 || !rule.durations.contains(&months) {
            match rule.other_durations {
                Severity::Error => {
                    return Err(input_error(
                        if input.end.is_some() { "end" } else { "months" },
                        duration_message(rule, start, end, months, extra_days, Lang::messages()),
                    ))
                }
                Severity::Warning => other_duration = true,
            }
        }
    }
    if let Some(left_on) = input.left_on {
        if left_on < start {
            return Err(input_error(
                "left_on",
                tr!(
                    Lang::messages(),
                    "{} is before the start of the contract, {}",
                    "le {} est avant le début du contrat, le {}",
                    crate::lang::date(left_on, Lang::messages()),
                    crate::lang::date(start, Lang::messages())
                ),
            ));
        }
        if left_on > end {
            return Err(input_error(
                "left_on",
                tr!(
                    Lang::messages(),
                    "{} is after the end of the contract, {}",
                    "le {} est après la fin du contrat, le {}",
                    crate::lang::date(left_on, Lang::messages()),
                    crate::lang::date(end, Lang::messages())
                ),
            ));
        }
    }

    // The funding terms: the rule set's, or the custom defaults.
    let rule_grade = rule.map_or((Grade::Specialist, YearBand::Years1To2), |r| {
        (r.grade, r.years)
    });
    let pattern = match input.pattern() {
        Some(pattern) => {
            crate::pet::check_pattern(&pattern)?;
            Some(pattern)
        }
        None => None,
    };
    // The post as it is prices its actual cost; a rule set prices its credit on its own
    // reference post (Nouvelle-Aquitaine) or published amounts (Centre-Val de Loire).
    let actual = ActualPost {
        grade: input.grade.unwrap_or(rule_grade.0),
        years: input.years.unwrap_or(rule_grade.1),
        pattern,
        pet_amount: input.pet_amount,
    };
    let (grade, years) = match rule {
        Some(_) => (rule_grade.0, variant.years.unwrap_or(rule_grade.1)),
        None => (actual.grade, actual.years),
    };
    let salary = match rule {
        Some(r) if !variant.grid_salary => r.salary,
        _ => SalaryBasis::Grid,
    };
    let rule_pet = rule.map_or(PetBasis::Pattern, |r| r.pet);
    // A PET the rule set fixes is the credit's, whatever the post's pattern.
    let credit_pet_amount = match (variant.pet_amount, rule_pet) {
        (Some(amount), _) => Some(amount),
        (None, PetBasis::Fixed(_)) => None,
        (None, PetBasis::Pattern) => input.pet_amount,
    };
    let include_given = match &input.include {
        Some(include) => {
            let set = ComponentSet::of(include);
            if set.is_empty() {
                return Err(input_error(
                    "include",
                    Lang::messages().pick(
                        "lists no component: give some of salary, iespe, pet, charges",
                        "ne donne aucune composante : choisissez parmi salary, iespe, pet, charges",
                    ),
                ));
            }
            if set.gross().is_empty() {
                return Err(input_error(
                    "include",
                    Lang::messages().pick(
                        "charges are funded on the funded gross components: include at least one of salary, iespe, pet",
                        "les charges sont financées sur les composantes brutes financées : incluez au moins l'une de salary, iespe, pet",
                    ),
                ));
            }
            Some(set)
        }
        None => None,
    };
    let funded = include_given
        .unwrap_or_else(|| rule.map_or(ComponentSet::ALL, |r| ComponentSet::of(&r.funded)));
    let share = match (input.share, rule) {
        (Some(share), _) => share,
        (None, Some(rule)) => rule.share,
        // `choose_rule` gives a custom basis only with a share.
        (None, None) => return Err(no_rule_set(rates, &region.name, Some(post_type))),
    };
    let mut rounding = match rule {
        Some(r) => RoundingRule {
            mode: r.rounding.mode,
            at: RoundPoints::of(&r.rounding.at),
        },
        None => RoundingRule {
            mode: RoundingMode::HalfAwayFromZero,
            at: RoundPoints::of(&[RoundAt::ArsMonthly]),
        },
    };
    if let Some(mode) = variant.rounding_mode {
        rounding.mode = mode;
    }
    for at in &variant.round_also_at {
        rounding.at = rounding.at.with(*at);
    }

    Ok(Plan {
        region,
        post_type,
        rule,
        start,
        end,
        months,
        extra_days,
        left_on: input.left_on,
        leave_reason: input.leave_reason,
        condition_inputs: input.conditions.clone(),
        grade,
        years,
        actual,
        rule_grade,
        salary,
        iespe: rule.map_or(AmountBasis::National, |r| r.iespe),
        pet: rule_pet,
        charges: rule.map_or(ChargesBasis::Reference, |r| r.charges),
        pattern,
        pet_amount: credit_pet_amount,
        charges_given: input.charges,
        include_given,
        share_given: input.share,
        share,
        funded,
        rounding,
        proration: rule.map_or(Proration::Thirtieths, |r| r.proration),
        credit: rule.map_or(Credit::Fixed, |r| r.credit),
        priced_at: variant.priced_at.unwrap_or(start),
        fixed_price: variant.priced_at.is_some(),
        variant: *variant != Variant::default(),
        default_start,
        start_outside_months,
        other_duration,
    })
}

/// The message for a contract length the rule set does not provide for.
pub fn duration_message(
    rule: &RuleSet,
    start: NaiveDate,
    end: NaiveDate,
    months: u32,
    extra_days: u32,
    lang: Lang,
) -> String {
    let allowed: Vec<String> = rule.durations.iter().map(|d| d.to_string()).collect();
    let length = if extra_days > 0 {
        tr!(
            lang,
            "{months} months and {extra_days} days",
            "{months} mois et {extra_days} jours"
        )
    } else {
        tr!(lang, "{months} months", "{months} mois")
    };
    tr!(
        lang,
        "{} to {} is {length}: the rule set {} allows contracts of {} months only",
        "du {} au {}, le contrat dure {length} : les règles {} n'admettent que des contrats de {} mois",
        crate::lang::date(start, lang),
        crate::lang::date(end, lang),
        rule.id,
        allowed.join(lang.pick(" or ", " ou "))
    )
}

/// Picks the rule set for the inputs (`None`: the custom basis, which needs a share).
fn choose_rule<'a>(
    rates: &'a Rates,
    input: &PostInput,
    region: &'a Region,
) -> Result<(Option<&'a RuleSet>, PostType), ComputeError> {
    let region_id = region.id.as_str();
    let region_name = region.name.as_str();
    let post_type = match input.post_type {
        Some(p) => p,
        None => {
            let mut only: Option<PostType> = None;
            let mut several = false;
            for p in rates
                .rule_sets_for(region_id, None)
                .flat_map(|r| r.post_types.iter().copied())
            {
                match only {
                    None => only = Some(p),
                    Some(o) if o != p => several = true,
                    Some(_) => {}
                }
            }
            match (only, several) {
                (Some(p), false) => p,
                (None, _) if input.share.is_some() => {
                    return Err(input_error(
                        "post_type",
                        Lang::messages().pick(
                            "give the post type (inter-hospital, ambulatory or overseas)",
                            "donnez le type de poste (inter-hospital, ambulatory ou overseas)",
                        ),
                    ))
                }
                (None, _) => return Err(no_rule_set(rates, region_name, None)),
                (Some(_), true) => {
                    let mut types: Vec<PostType> = rates
                        .rule_sets_for(region_id, None)
                        .flat_map(|r| r.post_types.iter().copied())
                        .collect();
                    types.sort();
                    types.dedup();
                    return Err(ComputeError::PostTypeNeeded {
                        region: region_name.to_string(),
                        types: types.iter().map(|p| p.id()).collect::<Vec<_>>().join(", "),
                    });
                }
            }
        }
    };
    // The candidates, by campaign; the chosen one is the latest whose first start is on or
    // before the start (else the earliest), or the latest when no start is given.
    let candidates = || {
        rates
            .rule_sets_for(region_id, Some(post_type))
            .filter(|r| input.campaign.is_none_or(|c| r.campaign == Some(c)))
    };
    if let Some(campaign) = input.campaign {
        if candidates().next().is_none() {
            let mut known: Vec<Option<i32>> = rates
                .rule_sets_for(region_id, Some(post_type))
                .map(|r| r.campaign)
                .collect();
            known.sort();
            if !known.is_empty() {
                return Err(ComputeError::UnknownCampaign {
                    region: region_name.to_string(),
                    post_type,
                    campaign,
                    known: known
                        .iter()
                        .map(|c| {
                            c.map_or(
                                Lang::messages().pick("(none)", "(aucune)").to_string(),
                                |c| c.to_string(),
                            )
                        })
                        .collect::<Vec<_>>()
                        .join(", "),
                });
            }
        }
    }
    let earliest = candidates().min_by_key(|r| r.campaign);
    let chosen = match input.start {
        Some(start) => candidates()
            .filter(|r| first_start(r).is_none_or(|first| first <= start))
            .max_by_key(|r| r.campaign)
            .or(earliest),
        None => candidates().max_by_key(|r| r.campaign),
    };
    match (chosen, input.share) {
        (Some(rule_set), _) => Ok((Some(rule_set), post_type)),
        (None, Some(_)) if input.campaign.is_some() => Err(input_error(
            "campaign",
            tr!(
                Lang::messages(),
                "{region_name} has no {post_type} rule set, so there is no campaign to choose; leave `campaign` out to compute with `share`",
                "{region_name} n'a pas de règles {post_type}, donc pas de campagne à choisir ; retirez `campaign` pour calculer avec `share`"
            ),
        )),
        (None, Some(_)) => Ok((None, post_type)),
        (None, None) => Err(no_rule_set(rates, region_name, Some(post_type))),
    }
}

/// The first day a rule set's contracts may start, where it says.
pub fn first_start(rule_set: &RuleSet) -> Option<NaiveDate> {
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
        .join(Lang::messages().pick("; ", " ; "));
    ComputeError::NoRuleSet {
        region: region.to_string(),
        for_type: post_type.map_or(String::new(), |p| {
            tr!(
                Lang::messages(),
                " for {p} posts",
                " pour les postes de type {p}"
            )
        }),
        known,
    }
}

/// The first day of the month after `today`.
fn first_of_next_month(today: NaiveDate) -> NaiveDate {
    let first = today.with_day(1).unwrap_or(today);
    first.checked_add_months(Months::new(1)).unwrap_or(first)
}

/// The length of a contract from `start` to `end` (its last day): whole months, then calendar days.
fn length(start: NaiveDate, end: NaiveDate) -> Result<(u32, u32), ComputeError> {
    if end < start {
        return Err(input_error(
            "end",
            tr!(
                Lang::messages(),
                "{} is before the start, {}",
                "le {} est avant le début, le {}",
                crate::lang::date(end, Lang::messages()),
                crate::lang::date(start, Lang::messages())
            ),
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
