//! `check`: compares a notified credit with the computed one and, on a gap, tries the
//! usual other ways of deriving it, naming each one that reproduces the notified figure.

use crate::compute::{compute, compute_variant, Computation, ComputeError, PostInput};
use crate::money::{plain, RoundingMode};
use crate::plan::Variant;
use crate::rates::{Rates, RoundAt};
use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};

/// What the notified amount is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Per {
    /// The monthly credit.
    Month,
    /// The credit for the whole contract.
    Contract,
}

impl std::str::FromStr for Per {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        match crate::model::fold_name(text).as_str() {
            "month" | "monthly" | "mois" | "mensuel" => Ok(Per::Month),
            "contract" | "contrat" | "total" => Ok(Per::Contract),
            _ => Err(format!("'{text}': expected month or contract")),
        }
    }
}

impl Per {
    /// The computed amount this compares with: the monthly credit or the contract's.
    pub fn amount(self, c: &Computation<'_>) -> Decimal {
        match self {
            Per::Month => c.monthly.ars,
            Per::Contract => c.ars_total,
        }
    }

    /// The name in the output.
    pub fn id(self) -> &'static str {
        match self {
            Per::Month => "month",
            Per::Contract => "contract",
        }
    }
}

/// Another way of deriving the credit, and what it gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Derivation {
    /// What differs from the rule set, in words.
    pub name: String,
    /// The amount it gives, per month or per contract as compared.
    pub amount: Decimal,
    /// Whether it reproduces the notified amount (within the tolerance).
    pub matches: bool,
}

/// The answer of `check`.
#[derive(Debug, Clone)]
pub struct CheckResult<'a> {
    /// The computation by the rule set.
    pub computed: Computation<'a>,
    /// The amount notified.
    pub notified: Decimal,
    /// Whether it is a monthly or a contract amount.
    pub per: Per,
    /// Whether `per` was inferred (the notified amount is nearer that figure).
    pub per_inferred: bool,
    /// Whether the contract's length was inferred: no length was given, and the notified
    /// amount is the credit for one of the lengths the rule set allows.
    pub months_inferred: bool,
    /// The computed amount it is compared with.
    pub expected: Decimal,
    /// Notified − expected.
    pub gap: Decimal,
    /// The gap in months' worth of the monthly credit (4 decimals).
    pub gap_months: Decimal,
    /// The largest gap still a match, in euros.
    pub tolerance: Decimal,
    /// Whether the notified amount matches.
    pub matches: bool,
    /// The other derivations tried, on a mismatch.
    pub derivations: Vec<Derivation>,
}

/// Checks a notified amount against the computation of a post.
pub fn check<'a>(
    rates: &'a Rates,
    input: &PostInput,
    today: NaiveDate,
    notified: Decimal,
    per: Option<Per>,
    tolerance: Decimal,
) -> Result<CheckResult<'a>, ComputeError> {
    let computed = compute(rates, input, today)?;
    let result = check_computed(
        rates, input, today, computed, notified, per, tolerance, true,
    )?;
    if result.matches || per == Some(Per::Month) || input.months.is_some() || input.end.is_some() {
        return Ok(result);
    }
    // No length given: the notified amount may be the credit for another length the rule set
    // allows (38 997,48 is Nouvelle-Aquitaine's 12-month contract, not a monthly figure).
    let lengths = result
        .computed
        .plan
        .rule
        .map(|r| r.durations.clone())
        .unwrap_or_default();
    for months in lengths
        .into_iter()
        .filter(|m| *m != result.computed.plan.months)
    {
        let other = PostInput {
            months: Some(months),
            ..input.clone()
        };
        let Ok(computed) = compute(rates, &other, today) else {
            continue;
        };
        if (notified - computed.ars_total).abs() <= tolerance {
            let mut found = check_computed(
                rates,
                &other,
                today,
                computed,
                notified,
                Some(Per::Contract),
                tolerance,
                false,
            )?;
            found.per_inferred = per.is_none();
            found.months_inferred = true;
            return Ok(found);
        }
    }
    Ok(result)
}

/// Checks a notified amount against a computation already made. The other derivations
/// are tried on a mismatch only when `derive` (a batch skips them).
#[allow(clippy::too_many_arguments)]
pub fn check_computed<'a>(
    rates: &'a Rates,
    input: &PostInput,
    today: NaiveDate,
    computed: Computation<'a>,
    notified: Decimal,
    per: Option<Per>,
    tolerance: Decimal,
    derive: bool,
) -> Result<CheckResult<'a>, ComputeError> {
    let monthly = computed.monthly.ars;
    let total = computed.ars_total;
    let (per, per_inferred) = match per {
        Some(per) => (per, false),
        None if (notified - monthly).abs() <= (notified - total).abs() => (Per::Month, true),
        None => (Per::Contract, true),
    };
    let expected = per.amount(&computed);
    let gap = notified - expected;
    let within = |amount: Decimal| (notified - amount).abs() <= tolerance;
    let matches = within(expected);
    let gap_months = gap.checked_div(monthly).map_or(Decimal::ZERO, |months| {
        months.round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero)
    });
    let derivations = if matches || !derive {
        Vec::new()
    } else {
        derivations(rates, input, today, &computed, notified, per)
            .into_iter()
            .filter(|(_, amount)| *amount != expected)
            .map(|(name, amount)| Derivation {
                name,
                amount,
                matches: within(amount),
            })
            .collect()
    };
    Ok(CheckResult {
        computed,
        notified,
        per,
        per_inferred,
        months_inferred: false,
        expected,
        gap,
        gap_months,
        tolerance,
        matches,
        derivations,
    })
}

/// The usual other derivations: (what differs, the amount it gives). Those that cannot be computed are left out.
fn derivations(
    rates: &Rates,
    input: &PostInput,
    today: NaiveDate,
    computed: &Computation<'_>,
    notified: Decimal,
    per: Per,
) -> Vec<(String, Decimal)> {
    let mut tries: Vec<(String, Decimal)> = Vec::new();
    let mut attempt = |name: String, input: &PostInput, variant: &Variant| {
        if let Ok(c) = compute_variant(rates, input, today, variant) {
            tries.push((name, per.amount(&c)));
        }
    };

    // Rounding.
    for (mode, name) in [
        (
            RoundingMode::HalfEven,
            "rounding half to even instead of half away from zero",
        ),
        (
            RoundingMode::Truncate,
            "rounding toward zero (cents dropped)",
        ),
    ] {
        if mode != computed.plan.rounding.mode {
            attempt(
                name.to_string(),
                input,
                &Variant {
                    rounding_mode: Some(mode),
                    ..Variant::default()
                },
            );
        }
    }
    for (at, name) in [
        (
            RoundAt::BaseMonthly,
            "monthly base salary rounded to the cent before the charges",
        ),
        (
            RoundAt::GrossMonthly,
            "monthly gross rounded to the cent before the charges",
        ),
        (
            RoundAt::LoadedMonthly,
            "loaded monthly cost rounded to the cent before the share",
        ),
    ] {
        if !computed.plan.rounding.at.contains(at) {
            attempt(
                name.to_string(),
                input,
                &Variant {
                    round_also_at: vec![at],
                    ..Variant::default()
                },
            );
        }
    }

    // Another PET tier.
    if let Ok(scale) = rates.pet.at(computed.plan.start) {
        let mut amounts: Vec<Decimal> = scale.value.tiers.iter().map(|t| t.amount).collect();
        amounts.push(Decimal::ZERO);
        amounts.sort();
        amounts.dedup();
        for amount in amounts.into_iter().filter(|a| *a != computed.monthly.pet) {
            attempt(
                format!(
                    "PET of {} instead of {}",
                    plain(amount),
                    plain(computed.monthly.pet)
                ),
                input,
                &Variant {
                    pet_amount: Some(amount),
                    ..Variant::default()
                },
            );
        }
    }

    // Another share: the one the notified figure implies, to the percent.
    let funded = computed.monthly.funded_monthly;
    let notified_monthly = match per {
        Per::Month => Some(notified),
        Per::Contract => {
            (computed.plan.months > 0).then(|| notified / Decimal::from(computed.plan.months))
        }
    };
    if let Some(monthly) = notified_monthly.filter(|_| !funded.is_zero()) {
        let share =
            (monthly / funded).round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        if share > Decimal::ZERO && share <= Decimal::ONE && share != computed.plan.share {
            let other = PostInput {
                share: Some(share),
                ..input.clone()
            };
            attempt(
                format!(
                    "a share of {} % instead of {} %",
                    (share * Decimal::ONE_HUNDRED).normalize(),
                    (computed.plan.share * Decimal::ONE_HUNDRED).normalize()
                ),
                &other,
                &Variant::default(),
            );
        }
    }

    // Another grid version.
    let in_force = rates.grid.at(computed.plan.start).map(|v| v.from).ok();
    for version in rates
        .grid
        .versions
        .iter()
        .filter(|v| Some(v.from) != in_force)
    {
        attempt(
            format!(
                "the grid from {} instead of the one in force at the start",
                version.from
            ),
            input,
            &Variant {
                priced_at: Some(version.from),
                ..Variant::default()
            },
        );
    }

    // For amounts a notice publishes, what agencies also do: the grid in force instead of the
    // notice's amounts, the PET funded, the charges funded at the reference rate.
    if let (crate::rates::SalaryBasis::Published(published), Ok(grid)) =
        (computed.plan.salary, rates.grid.at(computed.plan.start))
    {
        attempt(
            format!(
                "the grid in force from {} instead of the notice's base of {}",
                grid.from,
                plain(published)
            ),
            input,
            &Variant {
                grid_salary: true,
                ..Variant::default()
            },
        );
    }
    let funded = computed.plan.funded;
    let with = |component: crate::model::Component| {
        let mut list: Vec<crate::model::Component> = funded.iter().collect();
        list.push(component);
        list
    };
    if !funded.contains(crate::model::Component::Pet) && !computed.monthly.pet.is_zero() {
        attempt(
            format!("the PET ({}) funded too", plain(computed.monthly.pet)),
            &PostInput {
                include: Some(with(crate::model::Component::Pet)),
                ..input.clone()
            },
            &Variant::default(),
        );
    }
    if !funded.contains(crate::model::Component::Charges) {
        if let Ok(reference) = rates.charges.at(computed.plan.start) {
            attempt(
                format!(
                    "the employer charges funded too, at the reference rate ({})",
                    crate::money::plain_rate(reference.value)
                ),
                &PostInput {
                    include: Some(with(crate::model::Component::Charges)),
                    charges: input.charges.or(Some(reference.value)),
                    ..input.clone()
                },
                &Variant::default(),
            );
        }
    }

    // Other year bands.
    for years in crate::model::YearBand::ALL
        .iter()
        .filter(|y| **y != computed.plan.years)
    {
        // The credit's year band: the rule set's reference post, or a custom post's own.
        let (other, variant) = if computed.plan.rule.is_some() {
            (
                input.clone(),
                Variant {
                    years: Some(*years),
                    ..Variant::default()
                },
            )
        } else {
            (
                PostInput {
                    years: Some(*years),
                    ..input.clone()
                },
                Variant::default(),
            )
        };
        attempt(
            format!("years {years} instead of {}", computed.plan.years),
            &other,
            &variant,
        );
    }

    // Another number of months (a contract amount only).
    if per == Per::Contract && !computed.monthly.ars.is_zero() {
        let months = notified / computed.monthly.ars;
        if months.fract().is_zero()
            && months > Decimal::ZERO
            && months != Decimal::from(computed.plan.months)
        {
            let amount = computed.monthly.ars * months;
            tries.push((
                format!(
                    "{months} months of {} instead of {}",
                    plain(computed.monthly.ars),
                    computed.plan.months
                ),
                amount,
            ));
        }
    }
    tries
}
