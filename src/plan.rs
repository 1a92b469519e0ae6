//! Resolving a post against the reference data: the rule set, the dates, the grade, the
//! components, the share and the overrides. A [`Plan`] borrows from the loaded [`Rates`]
//! and copies only small values, so that pricing it ([`crate::price`]) allocates nothing.

use crate::error::{ComputeError, DurationNotAllowed};
use crate::model::{gross_components, Component, ComponentSet, Grade, PostType, YearBand};
use crate::money::RoundingMode;
use crate::pet::WorkPattern;
use crate::post::{ConditionInputs, Field, PostInput, MAX_MONTHS};
use crate::rates::{
    AmountBasis, ChargesBasis, Credit, PetBasis, Rates, Region, RoundAt, RoundPoints, RuleSet,
    SalaryBasis, Severity,
};
use crate::schedule::{contract_end, Proration};
use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;

/// The id of a computation made without a published rule set.
pub const CUSTOM: &str = "custom";

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
    /// The assistant's year band at the start.
    pub years: YearBand,
    /// The year of service at the start, when given as a year: the band then steps at each
    /// anniversary of the contract.
    pub first_year: Option<u8>,
    /// The working pattern, when given.
    pub pattern: Option<WorkPattern>,
    /// A monthly PET given instead of a pattern.
    pub pet_amount: Option<Decimal>,
    /// The establishment's own employer charge rate, when given.
    pub charges: Option<Decimal>,
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
    pub condition_inputs: ConditionInputs,
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
    /// The number of sites, when given (not the working pattern's default).
    pub sites_given: Option<u32>,
    /// Sites or a distance were given without the half-days: the actual cost keeps the rule
    /// set's reference PET.
    pub pattern_incomplete: bool,
    /// Where the start comes from: given, the rule set's default, or the first day of next month.
    pub start_from: StartFrom,
    /// The start falls outside the months the rule set provides for.
    pub start_outside_months: bool,
    /// The start is before the period the rule set's notice covers.
    pub start_before_period: bool,
    /// The contract length is not one the rule set provides for (a warning).
    pub other_duration: bool,
    /// What the inputs given for every post would change of the rule set's credit terms, and
    /// whether they did.
    pub overrides: Overrides,
}

/// A term of a rule set's credit that an input may change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Term {
    /// The share funded.
    Share(Decimal),
    /// The employer charge rate on the funded gross (`None`: the rule set prices no charges).
    Charges(Option<Decimal>),
    /// The components funded.
    Funded(ComponentSet),
}

/// An input given for every post (a flag of `envelope`, or of `batch` for a row's empty cell)
/// that would change a term its rule set fixes for the credit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Override {
    /// The input.
    pub field: Field,
    /// Its value.
    pub given: Term,
    /// The rule set's own.
    pub rule: Term,
}

/// What the inputs given for every post would change of a rule set's credit terms (share,
/// charge rate, funded components; at most one each), and whether they did: with `--override`
/// they apply, else the credit keeps the rule set's terms. Empty without a rule set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Overrides {
    /// The terms changed or kept, in the order share, charges, funded components.
    pub terms: [Option<Override>; 3],
    /// Whether they apply.
    pub applied: bool,
}

impl Overrides {
    /// The terms, in order.
    pub fn iter(&self) -> impl Iterator<Item = &Override> {
        self.terms.iter().flatten()
    }

    /// Whether no term is concerned.
    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }
}

/// The share, charge rate and funded components a credit is priced with, besides the rule set's.
struct CreditTerms {
    share: Option<Decimal>,
    charges: Option<Decimal>,
    include: Option<ComponentSet>,
    funded: ComponentSet,
    overrides: Overrides,
}

/// The credit's terms from the inputs. A post's own input changes what its rule set fixes (a
/// what-if, said in a warning); an input given for every post fills only what the rule set
/// lacks, unless it may override (`--override`). Either way, what it would change is recorded.
fn credit_terms(
    rates: &Rates,
    input: &PostInput,
    rule: Option<&RuleSet>,
    date: NaiveDate,
) -> Result<CreditTerms, ComputeError> {
    let include = input.include.as_deref().map(included).transpose()?;
    let Some(rule) = rule else {
        return Ok(CreditTerms {
            share: input.share,
            charges: input.charges,
            include,
            funded: include.unwrap_or_else(ComponentSet::all),
            overrides: Overrides::default(),
        });
    };
    let shared = input.shared;
    let applies = |field: Field| !shared.has(field) || shared.may_override;
    let rule_funded: ComponentSet = rule.funded.iter().copied().collect();
    let rule_rate = match rule.charges {
        ChargesBasis::Rate(rate) => Some(rate),
        ChargesBasis::Reference => rates.charges.at(date).ok().map(|v| v.value),
        ChargesBasis::None => None,
    };
    // Charges move the credit only where they are funded (as they would be, every input applied).
    let funded_if_applied = include.unwrap_or(rule_funded);
    let changed = |field: Field, given: Term, rule: Term, moves: bool| {
        (shared.has(field) && moves && given != rule).then_some(Override { field, given, rule })
    };
    let terms = [
        input
            .share
            .and_then(|s| changed(Field::Share, Term::Share(s), Term::Share(rule.share), true)),
        input.charges.and_then(|c| {
            let moves = funded_if_applied.contains(Component::Charges);
            changed(
                Field::Charges,
                Term::Charges(Some(c)),
                Term::Charges(rule_rate),
                moves,
            )
        }),
        include.and_then(|set| {
            changed(
                Field::Include,
                Term::Funded(set),
                Term::Funded(rule_funded),
                true,
            )
        }),
    ];
    let include = include.filter(|_| applies(Field::Include));
    Ok(CreditTerms {
        share: input.share.filter(|_| applies(Field::Share)),
        charges: input.charges.filter(|_| applies(Field::Charges)),
        include,
        funded: include.unwrap_or(rule_funded),
        overrides: Overrides {
            terms,
            applied: shared.may_override,
        },
    })
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
            charges_given: actual.charges,
            share: Decimal::ONE,
            funded: ComponentSet::all(),
            credit: Credit::FollowsGrid,
            ..self.clone()
        }
    }

    /// Whether the credit is a notice's published amounts that leave the PET out (and no
    /// what-if funds it): the PET is then no part of the credit, only of the post's actual cost.
    pub fn pet_left_out(&self) -> bool {
        matches!(self.salary, SalaryBasis::Published(_)) && !self.funded.contains(Component::Pet)
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

/// Where a contract's start comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartFrom {
    /// The user gave it.
    Given,
    /// The rule set's default start (or its first start month).
    RuleSet,
    /// Neither: the first day of next month.
    NextMonth,
}

/// A contract's dates, resolved.
struct Dates {
    start: NaiveDate,
    end: NaiveDate,
    months: u32,
    extra_days: u32,
    start_from: StartFrom,
    start_outside_months: bool,
    other_duration: bool,
}

/// Resolves a post's inputs against the data. `today` sets the default start where
/// neither the input nor the rule set gives one.
pub fn plan<'a>(
    rates: &'a Rates,
    input: &PostInput,
    today: NaiveDate,
    variant: &Variant,
) -> Result<Plan<'a>, ComputeError> {
    if input.region.trim().is_empty() {
        return Err(ComputeError::NoRegion);
    }
    let region = rates.region(&input.region)?;
    let (rule, post_type) = choose_rule(rates, input, region)?;
    let dates = dates(input, rule, today)?;
    let pattern = match crate::pet::pattern_of(input) {
        Some(pattern) => {
            crate::pet::check_pattern(&pattern)?;
            Some(pattern)
        }
        None => None,
    };
    // Sites or a distance without the half-days set no PET: an error where the PET comes from
    // the pattern, the rule set's reference PET (said in a warning) where it fixes one.
    let pattern_incomplete = crate::pet::pattern_incomplete(input) && input.pet_amount.is_none();
    if pattern_incomplete && !matches!(rule.map(|r| r.pet), Some(PetBasis::Fixed(_))) {
        return Err(ComputeError::PatternIncomplete);
    }
    // The post as it is prices its actual cost; a rule set prices its credit on its own
    // reference post (Nouvelle-Aquitaine) or published amounts (Centre-Val de Loire).
    let rule_grade = rule.map_or((Grade::Specialist, YearBand::Years1To2), |r| {
        (r.grade, r.years)
    });
    let actual = ActualPost {
        grade: input.grade.unwrap_or(rule_grade.0),
        years: input.years.map_or(rule_grade.1, |y| y.band()),
        first_year: input.years.and_then(|y| y.first_year()),
        pattern,
        pet_amount: input.pet_amount,
        charges: input.actual_charges,
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
    let terms = credit_terms(rates, input, rule, dates.start)?;
    let share = match (terms.share, rule) {
        (Some(share), _) => share,
        (None, Some(rule)) => rule.share,
        // `choose_rule` gives a custom basis only with a share.
        (None, None) => return Err(no_rule_set(rates, &region.name, Some(post_type))),
    };
    Ok(Plan {
        region,
        post_type,
        rule,
        start: dates.start,
        end: dates.end,
        months: dates.months,
        extra_days: dates.extra_days,
        left_on: input.left_on,
        leave_reason: input.left_on.and(input.leave_reason),
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
        charges_given: terms.charges,
        include_given: terms.include,
        share_given: terms.share,
        share,
        funded: terms.funded,
        rounding: rounding(rule, variant),
        proration: rule.map_or(Proration::Thirtieths, |r| r.proration),
        credit: rule.map_or(Credit::Fixed, |r| r.credit),
        priced_at: variant.priced_at.unwrap_or(dates.start),
        fixed_price: variant.priced_at.is_some(),
        variant: *variant != Variant::default(),
        sites_given: input.sites,
        pattern_incomplete,
        start_from: dates.start_from,
        start_outside_months: dates.start_outside_months,
        start_before_period: rule
            .and_then(|r| r.period.as_ref())
            .is_some_and(|p| dates.start < p.from),
        other_duration: dates.other_duration,
        overrides: terms.overrides,
    })
}

/// The components a what-if funds: at least one gross component.
fn included(include: &[Component]) -> Result<ComponentSet, ComputeError> {
    let set: ComponentSet = include.iter().copied().collect();
    if set.is_empty() {
        return Err(ComputeError::IncludeNothing);
    }
    if gross_components(set).is_empty() {
        return Err(ComputeError::IncludeNoGross);
    }
    Ok(set)
}

/// How amounts are rounded: the rule set's (or the custom basis'), with a `check` variant's changes.
fn rounding(rule: Option<&RuleSet>, variant: &Variant) -> RoundingRule {
    let mut rounding = match rule {
        Some(r) => RoundingRule {
            mode: r.rounding.mode,
            at: r.rounding.at.iter().copied().collect(),
        },
        None => RoundingRule {
            mode: RoundingMode::HalfAwayFromZero,
            at: RoundPoints::only(RoundAt::ArsMonthly),
        },
    };
    if let Some(mode) = variant.rounding_mode {
        rounding.mode = mode;
    }
    for at in &variant.round_also_at {
        rounding.at.insert(*at);
    }
    rounding
}

/// The contract's dates: its start, end and length, checked against the rule set.
fn dates(
    input: &PostInput,
    rule: Option<&RuleSet>,
    today: NaiveDate,
) -> Result<Dates, ComputeError> {
    let (start, start_from) = match (input.start, rule.and_then(first_start)) {
        (Some(start), _) => (start, StartFrom::Given),
        (None, Some(first)) => (first, StartFrom::RuleSet),
        (None, None) => (first_of_next_month(today), StartFrom::NextMonth),
    };
    let start_outside_months = rule.is_some_and(|r| {
        !r.start_months.is_empty() && !r.start_months.contains(&(start.year(), start.month()))
    });
    let default_months = rule.map_or(24, |r| r.default_months);
    let (months, extra_days, end) = match (input.months, input.end) {
        // The length given twice (a batch's own output read back has both): they must agree,
        // the end then giving the days after the whole months.
        (Some(months), Some(end)) => {
            let (end_months, extra_days) = length(start, end)?;
            if end_months != months {
                return Err(ComputeError::MonthsAndEnd {
                    months,
                    end,
                    end_months,
                });
            }
            (months, extra_days, Some(end))
        }
        (Some(months), None) => (months, 0, contract_end(start, months)),
        (None, Some(end)) => {
            let (months, extra_days) = length(start, end)?;
            (months, extra_days, Some(end))
        }
        (None, None) => (default_months, 0, contract_end(start, default_months)),
    };
    let end = end.ok_or(ComputeError::EndOutOfCalendar)?;
    if months == 0 && extra_days == 0 {
        return Err(ComputeError::NoLength);
    }
    if months > MAX_MONTHS || (months == MAX_MONTHS && extra_days > 0) {
        return Err(ComputeError::TooLong { start, end });
    }
    let mut other_duration = false;
    if let Some(rule) = rule {
        if extra_days > 0 || !rule.durations.contains(&months) {
            match rule.other_durations {
                Severity::Error => {
                    return Err(ComputeError::Duration(DurationNotAllowed {
                        field: if input.end.is_some() {
                            Field::End
                        } else {
                            Field::Months
                        },
                        rule_set: rule.id.clone(),
                        allowed: rule.durations.clone(),
                        start,
                        end,
                        months,
                        extra_days,
                    }))
                }
                Severity::Warning => other_duration = true,
            }
        }
    }
    // A reason for leaving goes with the day left: typed for this post, it needs that day;
    // given for every post (a flag of `batch`), it concerns only those that leave.
    if input.leave_reason.is_some()
        && input.left_on.is_none()
        && !input.shared.has(Field::LeaveReason)
    {
        return Err(ComputeError::LeaveReasonWithoutLeftOn);
    }
    if let Some(left_on) = input.left_on {
        if left_on < start {
            return Err(ComputeError::LeftBeforeStart { left_on, start });
        }
        if left_on > end {
            return Err(ComputeError::LeftAfterEnd { left_on, end });
        }
    }
    Ok(Dates {
        start,
        end,
        months,
        extra_days,
        start_from,
        start_outside_months,
        other_duration,
    })
}

impl Plan<'_> {
    /// The band of the post's actual cost on `date`: its band at the start, or, when the year
    /// of service was given, the band of the year reached on `date` (one more at each
    /// anniversary of the contract's start).
    pub fn actual_band(&self, date: NaiveDate) -> YearBand {
        let Some(first) = self.actual.first_year else {
            return self.actual.years;
        };
        let mut year = first;
        let mut anniversary = self.start;
        while let Some(next) = anniversary.checked_add_months(Months::new(12)) {
            if next > date {
                break;
            }
            year = year.saturating_add(1);
            anniversary = next;
        }
        YearBand::of_year(year)
    }

    /// The first days of the months in which the band of the post's actual cost changes: the
    /// first day of the month on or after each anniversary that moves the post to another
    /// band. None when the year of service was not given (the band is then fixed).
    pub fn band_steps(&self) -> Vec<NaiveDate> {
        let Some(mut year) = self.actual.first_year else {
            return Vec::new();
        };
        let mut steps = Vec::new();
        let mut band = self.actual.years;
        for anniversaries in 1u32.. {
            let Some(anniversary) = anniversaries
                .checked_mul(12)
                .and_then(|months| self.start.checked_add_months(Months::new(months)))
            else {
                break;
            };
            let step = if anniversary.day() == 1 {
                anniversary
            } else {
                first_of_next_month(anniversary)
            };
            if step > self.end {
                break;
            }
            year = year.saturating_add(1);
            let now = YearBand::of_year(year);
            if now != band {
                steps.push(step);
                band = now;
            }
        }
        steps
    }

    /// A contract length the rule set does not provide for, when it is one (a warning).
    pub fn other_duration(&self) -> Option<DurationNotAllowed> {
        let rule = self.rule.filter(|_| self.other_duration)?;
        Some(DurationNotAllowed {
            field: Field::Months,
            rule_set: rule.id.clone(),
            allowed: rule.durations.clone(),
            start: self.start,
            end: self.end,
            months: self.months,
            extra_days: self.extra_days,
        })
    }
}

/// The post type of the inputs: given, or the only one the region's rule sets cover.
fn post_type_of(
    rates: &Rates,
    input: &PostInput,
    region: &Region,
) -> Result<PostType, ComputeError> {
    if let Some(p) = input.post_type {
        return Ok(p);
    }
    let mut types: Vec<PostType> = rates
        .rule_sets_for(&region.id, None)
        .flat_map(|r| r.post_types.iter().copied())
        .collect();
    types.sort();
    types.dedup();
    match types.as_slice() {
        [only] => Ok(*only),
        [] if input.share.is_some() => Err(ComputeError::PostTypeNeededForShare),
        [] => Err(no_rule_set(rates, &region.name, None)),
        _ => Err(ComputeError::PostTypeNeeded {
            region: region.name.clone(),
            types,
        }),
    }
}

/// Picks the rule set for the inputs (`None`: the custom basis, which needs a share).
fn choose_rule<'a>(
    rates: &'a Rates,
    input: &PostInput,
    region: &'a Region,
) -> Result<(Option<&'a RuleSet>, PostType), ComputeError> {
    let region_id = region.id.as_str();
    let region_name = region.name.as_str();
    let post_type = post_type_of(rates, input, region)?;
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
                    known,
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
        (None, Some(_)) if input.campaign.is_some() => {
            Err(ComputeError::NoCampaignWithoutRuleSet {
                region: region_name.to_string(),
                post_type,
            })
        }
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
    ComputeError::NoRuleSet {
        region: region.to_string(),
        post_type,
        known: rates
            .rule_sets
            .iter()
            .map(|r| (r.region.clone(), r.post_types.clone()))
            .collect(),
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
        return Err(ComputeError::EndBeforeStart { start, end });
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
