//! The other derivations `check` tries on a mismatch, each computed on the basis the
//! notified amount is read on: (what differs, the amount it gives).

use super::basis::{allowed_lengths, tranches, Basis, Reading};
use super::tried::{MonthsOf, Published, Tried};
use crate::compute::{compute_variant, Computation, PostInput};
use crate::model::{Component, YearBand};
use crate::money::RoundingMode;
use crate::plan::Variant;
use crate::rates::{Rates, RoundAt, SalaryBasis};
use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};

/// What the derivations are tried on.
pub(super) struct Setting<'r, 'a> {
    pub rates: &'a Rates,
    pub input: &'r PostInput,
    pub today: NaiveDate,
    pub computed: &'r Computation<'a>,
    /// What each derivation's amount is.
    pub basis: Basis,
    /// The notified amount read as a whole number of monthly credits.
    pub reading: Option<Reading>,
    /// The months of what the notified amount is compared with, when whole.
    pub instead: Option<u32>,
}

/// The usual other derivations, in the order they are listed: a contract length the rule set
/// allows, the calendar years' tranches, other roundings, the credit rounded to the euro, PET
/// tiers, the share implied, other grids, what agencies do with published amounts, other
/// year bands, then another number of months. Those that cannot be computed are left out,
/// and so are variants that give the computed amount itself.
pub(super) fn derivations(setting: &Setting<'_, '_>, notified: Decimal) -> Vec<(Tried, Decimal)> {
    let mut attempts = Attempts {
        baseline: setting.basis.amount(setting.computed),
        setting,
        tries: Vec::new(),
    };
    attempts.months(true);
    attempts.budget_years();
    attempts.roundings();
    attempts.rounded_to_euro();
    attempts.pet_tiers();
    attempts.implied_share(notified);
    attempts.grids();
    attempts.published();
    attempts.year_bands();
    attempts.months(false);
    attempts.tries
}

/// The derivations tried for one check, and what they gave.
struct Attempts<'s, 'r, 'a> {
    setting: &'s Setting<'r, 'a>,
    /// What the computation itself gives on the basis.
    baseline: Option<Decimal>,
    tries: Vec<(Tried, Decimal)>,
}

/// `value` rounded to the euro, half away from zero (*à l'euro le plus proche*).
fn to_euro(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
}

impl Attempts<'_, '_, '_> {
    /// Computes the post another way; keeps what it gives on the basis when it can be
    /// computed and differs from the computation's own.
    fn attempt(&mut self, tried: Tried, input: &PostInput, variant: &Variant) {
        let s = self.setting;
        let Ok(c) = compute_variant(s.rates, input, s.today, variant) else {
            return;
        };
        if let Some(amount) = s.basis.amount(&c).filter(|a| Some(*a) != self.baseline) {
            self.tries.push((tried, amount));
        }
    }

    /// The same inputs another way.
    fn variant(&mut self, tried: Tried, variant: Variant) {
        let input = self.setting.input;
        self.attempt(tried, input, &variant);
    }

    /// The notified amount as a whole number of monthly credits other than the months it is
    /// compared with: with `contract`, only a length the rule set allows (listed first);
    /// without, only another (listed last).
    fn months(&mut self, contract: bool) {
        let s = self.setting;
        let Some(reading) = s.reading.filter(|r| Some(r.months) != s.instead) else {
            return;
        };
        let allowed = allowed_lengths(&s.computed.plan).contains(&reading.months);
        if allowed == contract {
            let tried = Tried::Months(MonthsOf {
                months: reading.months,
                monthly: reading.monthly,
                instead: s.instead,
                contract,
            });
            self.tries.push((tried, reading.whole()));
        }
    }

    /// Each calendar year's tranche of the credit but the one compared with.
    fn budget_years(&mut self) {
        let s = self.setting;
        for (tranche, amount) in tranches(s.computed) {
            if s.basis != Basis::Year(tranche.year) {
                self.tries.push((Tried::BudgetYear(tranche), amount));
            }
        }
    }

    /// Other rounding rules, and amounts rounded earlier.
    fn roundings(&mut self) {
        let rounding = self.setting.computed.plan.rounding;
        for mode in [RoundingMode::HalfEven, RoundingMode::Truncate] {
            if mode != rounding.mode {
                self.variant(
                    Tried::Rounding(mode, rounding.mode),
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

    /// The amount compared rounded to the euro, and the monthly credit rounded to the euro
    /// for each month of the amount compared (half away from zero both).
    fn rounded_to_euro(&mut self) {
        let s = self.setting;
        if let Some(baseline) = self.baseline {
            self.tries.push((Tried::RoundedToEuro, to_euro(baseline)));
        }
        let plan = &s.computed.plan;
        let months = match s.basis {
            Basis::Month => None,
            Basis::Contract => (plan.extra_days == 0).then_some(plan.months),
            Basis::Months(months) => Some(months),
            Basis::Year(_) => s.instead,
        };
        let monthly = to_euro(s.computed.monthly.ars);
        if let Some((months, amount)) = months
            .filter(|m| *m > 1)
            .and_then(|m| Some((m, monthly.checked_mul(Decimal::from(m))?)))
        {
            self.tries
                .push((Tried::MonthlyRoundedToEuro(months), amount));
        }
    }

    /// Every other PET tier in the credit, and none.
    fn pet_tiers(&mut self) {
        let computed = self.setting.computed;
        let (start, pet) = (computed.plan.start, computed.monthly.pet);
        let Ok(scale) = self.setting.rates.pet.at(start) else {
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

    /// The share the notified figure implies, to the percent: the notified amount brought
    /// back to a month (× the monthly credit / what the computation gives on the basis) over
    /// the funded base.
    fn implied_share(&mut self, notified: Decimal) {
        let s = self.setting;
        let (plan, monthly) = (&s.computed.plan, &s.computed.monthly);
        let notified_monthly = self
            .baseline
            .and_then(|b| notified.checked_mul(monthly.ars)?.checked_div(b));
        let Some(share) = notified_monthly
            .and_then(|m| m.checked_div(monthly.funded_monthly))
            .map(|s| s.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
        else {
            return;
        };
        if share > Decimal::ZERO && share <= Decimal::ONE && share != plan.share {
            let other = PostInput {
                share: Some(share),
                ..s.input.clone()
            };
            self.attempt(Tried::Share(share, plan.share), &other, &Variant::default());
        }
    }

    /// Every other grid version.
    fn grids(&mut self) {
        let rates = self.setting.rates;
        let in_force = rates
            .grid
            .at(self.setting.computed.plan.start)
            .map(|v| v.from)
            .ok();
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

    /// For a credit that leaves things out of a notice's amounts, what agencies also do,
    /// alone and together: the grid in force instead of the notice's base salary, a PET tier
    /// of the scale in force funded (or the post's own PET), the charges funded at the
    /// reference rate.
    fn published(&mut self) {
        let s = self.setting;
        let (rates, computed) = (s.rates, s.computed);
        let (start, funded) = (computed.plan.start, computed.plan.funded);
        let mut grids = vec![None];
        if let (SalaryBasis::Published(published), Ok(grid)) =
            (computed.plan.salary, rates.grid.at(start))
        {
            grids.push(Some((grid.from, published)));
        }
        let mut pets = vec![None];
        if !funded.contains(Component::Pet) {
            pets.extend(pet_amounts(s).into_iter().map(Some));
        }
        let mut charges = vec![None];
        if let (false, Ok(reference)) =
            (funded.contains(Component::Charges), rates.charges.at(start))
        {
            charges.push(Some(reference.value));
        }
        for grid in &grids {
            for pet in &pets {
                for rate in &charges {
                    let tried = Published {
                        grid: *grid,
                        pet: *pet,
                        charges: *rate,
                    };
                    if tried != Published::default() {
                        self.published_one(tried);
                    }
                }
            }
        }
    }

    /// One combination of [`Attempts::published`].
    fn published_one(&mut self, tried: Published) {
        let input = self.setting.input;
        let mut funded = self.setting.computed.plan.funded;
        if tried.pet.is_some() {
            funded |= Component::Pet;
        }
        if tried.charges.is_some() {
            funded |= Component::Charges;
        }
        let other = PostInput {
            include: Some(funded.iter().collect()),
            pet_amount: tried.pet.map(|(pet, _)| pet).or(input.pet_amount),
            charges: input.charges.or(tried.charges),
            ..input.clone()
        };
        let variant = Variant {
            grid_salary: tried.grid.is_some(),
            ..Variant::default()
        };
        self.attempt(Tried::Published(tried), &other, &variant);
    }

    /// The credit's other year bands: the rule set's reference post's, or a custom post's own.
    fn year_bands(&mut self) {
        let plan = &self.setting.computed.plan;
        let (band, custom) = (plan.years, plan.rule.is_none());
        for years in YearBand::all().filter(|y| *y != band) {
            let tried = Tried::Years(years, band);
            if custom {
                let other = PostInput {
                    years: Some(crate::model::Years::Band(years)),
                    ..self.setting.input.clone()
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
}

/// The PET amounts a credit that leaves the PET out may have funded: each tier of the scale
/// in force at the start, and the post's own PET (its working pattern's, or `pet_amount`),
/// each marked `true` when it is the post's own.
fn pet_amounts(s: &Setting<'_, '_>) -> Vec<(Decimal, bool)> {
    let start = s.computed.plan.start;
    let own = s
        .computed
        .actual
        .as_ref()
        .ok()
        .map(|a| a.pet)
        .filter(|pet| !pet.is_zero());
    let mut amounts: Vec<Decimal> = s
        .rates
        .pet
        .at(start)
        .map(|scale| scale.value.tiers.iter().map(|t| t.amount).collect())
        .unwrap_or_default();
    amounts.extend(own);
    amounts.retain(|a| !a.is_zero());
    amounts.sort();
    amounts.dedup();
    amounts.into_iter().map(|a| (a, Some(a) == own)).collect()
}
