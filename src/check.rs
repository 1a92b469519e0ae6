//! `check`: compares a notified credit with the computed one and, on a gap, tries the
//! usual other ways of deriving it, naming each one that reproduces the notified figure.

use crate::compute::{compute, compute_variant, Computation, ComputeError, PostInput};
use crate::lang::{date, Lang};
use crate::model::{Component, YearBand};
use crate::money::{formula_amount, human_number, RoundingMode};
use crate::plan::Variant;
pub use crate::post::Per;
use crate::rates::{Rates, RoundAt, SalaryBasis};
use crate::tr;
use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};

/// The computed amount a notified one is compared with: the monthly credit or the contract's.
pub fn expected(per: Per, c: &Computation<'_>) -> Decimal {
    match per {
        Per::Month => c.monthly.ars,
        Per::Contract => c.ars_total,
    }
}

/// What a derivation changes from the computation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tried {
    /// Another rounding rule for the ARS share.
    Rounding(RoundingMode),
    /// An amount also rounded to the cent at this point.
    RoundedAt(RoundAt),
    /// Another PET amount (the computed one in second).
    Pet(Decimal, Decimal),
    /// Another share (the computed one in second).
    Share(Decimal, Decimal),
    /// Another grid version, from this date.
    Grid(NaiveDate),
    /// The grid in force from this date instead of the notice's published base.
    GridInForce(NaiveDate, Decimal),
    /// The PET (this amount) funded too.
    PetFunded(Decimal),
    /// The employer charges funded too, at this reference rate.
    ChargesFunded(Decimal),
    /// Another year band (the computed one in second).
    Years(crate::model::YearBand, crate::model::YearBand),
    /// Another number of months of the monthly credit (the computed length in third).
    Months(Decimal, Decimal, u32),
}

impl Tried {
    /// What differs, in words of `lang`.
    pub fn label(self, lang: Lang) -> String {
        let number = |d: Decimal| human_number(d, lang);
        let amount = |d: Decimal| formula_amount(d, lang);
        match self {
            Tried::Rounding(RoundingMode::Truncate) => tr!(
                lang,
                "rounding toward zero (cents dropped)",
                "arrondi vers zéro (fractions de centime abandonnées)"
            ),
            Tried::Rounding(mode) => tr!(
                lang,
                "rounding {} instead of half away from zero",
                "arrondi {} au lieu de la moitié s'éloignant de zéro",
                match mode {
                    RoundingMode::HalfEven =>
                        lang.pick("half to even", "de la moitié au chiffre pair"),
                    _ => mode.label(lang),
                }
            ),
            Tried::RoundedAt(RoundAt::BaseMonthly) => tr!(
                lang,
                "monthly base salary rounded to the cent before the charges",
                "traitement mensuel arrondi au centime avant les charges"
            ),
            Tried::RoundedAt(RoundAt::GrossMonthly) => tr!(
                lang,
                "monthly gross rounded to the cent before the charges",
                "brut mensuel arrondi au centime avant les charges"
            ),
            Tried::RoundedAt(RoundAt::LoadedMonthly) => tr!(
                lang,
                "loaded monthly cost rounded to the cent before the share",
                "coût mensuel chargé arrondi au centime avant la part"
            ),
            Tried::RoundedAt(RoundAt::ArsMonthly) => tr!(
                lang,
                "monthly share rounded to the cent",
                "part mensuelle arrondie au centime"
            ),
            Tried::Pet(pet, instead) => tr!(
                lang,
                "PET of {} instead of {}",
                "PET de {} au lieu de {}",
                amount(pet),
                amount(instead)
            ),
            Tried::Share(share, instead) => tr!(
                lang,
                "a share of {} % instead of {} %",
                "une part de {} % au lieu de {} %",
                number(share * Decimal::ONE_HUNDRED),
                number(instead * Decimal::ONE_HUNDRED)
            ),
            Tried::Grid(from) => tr!(
                lang,
                "the grid from {} instead of the one in force at the start",
                "la grille du {} au lieu de celle en vigueur au début du contrat",
                date(from, lang)
            ),
            Tried::GridInForce(from, published) => tr!(
                lang,
                "the grid in force from {} instead of the notice's base of {}",
                "la grille en vigueur du {} au lieu du traitement de {} de la notice",
                date(from, lang),
                amount(published)
            ),
            Tried::PetFunded(pet) => tr!(
                lang,
                "the PET ({}) funded too",
                "la PET ({}) financée aussi",
                amount(pet)
            ),
            Tried::ChargesFunded(rate) => tr!(
                lang,
                "the employer charges funded too, at the reference rate ({})",
                "les charges patronales financées aussi, au taux de référence ({})",
                crate::money::formula_number(&rate.normalize().to_string(), lang)
            ),
            Tried::Years(years, instead) => tr!(
                lang,
                "years {years} instead of {instead}",
                "années {years} au lieu de {instead}"
            ),
            Tried::Months(months, monthly, instead) => tr!(
                lang,
                "{} months of {} instead of {instead}",
                "{} mois de {} au lieu de {instead}",
                number(months),
                amount(monthly)
            ),
        }
    }
}

/// Another way of deriving the credit, and what it gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Derivation {
    /// What differs from the rule set.
    pub tried: Tried,
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
    let expected = expected(per, &computed);
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
            .map(|(tried, amount)| Derivation {
                tried,
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
) -> Vec<(Tried, Decimal)> {
    let mut attempts = Attempts {
        rates,
        input,
        today,
        computed,
        per,
        tries: Vec::new(),
    };
    attempts.roundings();
    attempts.pet_tiers();
    attempts.implied_share(notified);
    attempts.grids();
    attempts.published();
    attempts.year_bands();
    attempts.months(notified);
    attempts.tries
}

/// The derivations tried for one check, and what they gave.
struct Attempts<'r, 'a> {
    rates: &'r Rates,
    input: &'r PostInput,
    today: NaiveDate,
    computed: &'r Computation<'a>,
    per: Per,
    tries: Vec<(Tried, Decimal)>,
}

impl Attempts<'_, '_> {
    /// Computes the post another way; keeps what it gives, when it can be computed.
    fn attempt(&mut self, tried: Tried, input: &PostInput, variant: &Variant) {
        if let Ok(c) = compute_variant(self.rates, input, self.today, variant) {
            self.tries.push((tried, expected(self.per, &c)));
        }
    }

    /// The same inputs another way.
    fn variant(&mut self, tried: Tried, variant: Variant) {
        let input = self.input;
        self.attempt(tried, input, &variant);
    }

    /// Other rounding rules, and amounts rounded earlier.
    fn roundings(&mut self) {
        let rounding = self.computed.plan.rounding;
        for mode in [RoundingMode::HalfEven, RoundingMode::Truncate] {
            if mode != rounding.mode {
                self.variant(
                    Tried::Rounding(mode),
                    Variant {
                        rounding_mode: Some(mode),
                        ..Variant::default()
                    },
                );
            }
        }
        for at in [
            RoundAt::BaseMonthly,
            RoundAt::GrossMonthly,
            RoundAt::LoadedMonthly,
        ] {
            if !rounding.at.contains(at) {
                self.variant(
                    Tried::RoundedAt(at),
                    Variant {
                        round_also_at: vec![at],
                        ..Variant::default()
                    },
                );
            }
        }
    }

    /// Every other PET tier, and none.
    fn pet_tiers(&mut self) {
        let (start, pet) = (self.computed.plan.start, self.computed.monthly.pet);
        let Ok(scale) = self.rates.pet.at(start) else {
            return;
        };
        let mut amounts: Vec<Decimal> = scale.value.tiers.iter().map(|t| t.amount).collect();
        amounts.push(Decimal::ZERO);
        amounts.sort();
        amounts.dedup();
        for amount in amounts.into_iter().filter(|a| *a != pet) {
            self.variant(
                Tried::Pet(amount, pet),
                Variant {
                    pet_amount: Some(amount),
                    ..Variant::default()
                },
            );
        }
    }

    /// The share the notified figure implies, to the percent.
    fn implied_share(&mut self, notified: Decimal) {
        let plan = &self.computed.plan;
        let funded = self.computed.monthly.funded_monthly;
        let notified_monthly = match self.per {
            Per::Month => Some(notified),
            Per::Contract => (plan.months > 0).then(|| notified / Decimal::from(plan.months)),
        };
        let Some(monthly) = notified_monthly.filter(|_| !funded.is_zero()) else {
            return;
        };
        let share =
            (monthly / funded).round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        if share > Decimal::ZERO && share <= Decimal::ONE && share != plan.share {
            let other = PostInput {
                share: Some(share),
                ..self.input.clone()
            };
            self.attempt(Tried::Share(share, plan.share), &other, &Variant::default());
        }
    }

    /// Every other grid version.
    fn grids(&mut self) {
        let rates = self.rates;
        let in_force = rates.grid.at(self.computed.plan.start).map(|v| v.from).ok();
        for version in rates
            .grid
            .versions
            .iter()
            .filter(|v| Some(v.from) != in_force)
        {
            self.variant(
                Tried::Grid(version.from),
                Variant {
                    priced_at: Some(version.from),
                    ..Variant::default()
                },
            );
        }
    }

    /// For amounts a notice publishes, what agencies also do: the grid in force instead of
    /// the notice's amounts, the PET funded, the charges funded at the reference rate.
    fn published(&mut self) {
        let (rates, computed, input) = (self.rates, self.computed, self.input);
        let start = computed.plan.start;
        if let (SalaryBasis::Published(published), Ok(grid)) =
            (computed.plan.salary, rates.grid.at(start))
        {
            self.variant(
                Tried::GridInForce(grid.from, published),
                Variant {
                    grid_salary: true,
                    ..Variant::default()
                },
            );
        }
        let funded = computed.plan.funded;
        let with = |component: Component| Some((funded | component).iter().collect());
        // The post's own PET (its actual cost's), where the credit leaves it out.
        let pet = computed.actual.as_ref().map_or(Decimal::ZERO, |a| a.pet);
        if !funded.contains(Component::Pet) && !pet.is_zero() {
            let other = PostInput {
                include: with(Component::Pet),
                ..input.clone()
            };
            self.attempt(Tried::PetFunded(pet), &other, &Variant::default());
        }
        if let (false, Ok(reference)) =
            (funded.contains(Component::Charges), rates.charges.at(start))
        {
            let other = PostInput {
                include: with(Component::Charges),
                charges: input.charges.or(Some(reference.value)),
                ..input.clone()
            };
            self.attempt(
                Tried::ChargesFunded(reference.value),
                &other,
                &Variant::default(),
            );
        }
    }

    /// The credit's other year bands: the rule set's reference post's, or a custom post's own.
    fn year_bands(&mut self) {
        let plan = &self.computed.plan;
        let (band, custom) = (plan.years, plan.rule.is_none());
        for years in YearBand::all().filter(|y| *y != band) {
            let tried = Tried::Years(years, band);
            if custom {
                let other = PostInput {
                    years: Some(crate::model::Years::Band(years)),
                    ..self.input.clone()
                };
                self.attempt(tried, &other, &Variant::default());
            } else {
                self.variant(
                    tried,
                    Variant {
                        years: Some(years),
                        ..Variant::default()
                    },
                );
            }
        }
    }

    /// Another number of months of the monthly credit (a contract amount only).
    fn months(&mut self, notified: Decimal) {
        let (monthly, plan) = (self.computed.monthly.ars, &self.computed.plan);
        if self.per != Per::Contract || monthly.is_zero() {
            return;
        }
        let months = notified / monthly;
        if months.fract().is_zero()
            && months > Decimal::ZERO
            && months != Decimal::from(plan.months)
        {
            self.tries.push((
                Tried::Months(months, monthly, plan.months),
                monthly * months,
            ));
        }
    }
}
