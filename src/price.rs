//! Pricing a plan for one date: plain [`Decimal`] amounts, the versions they come from,
//! and nothing else. No text is written and nothing is allocated here; the words that
//! explain each figure are built by [`crate::explain`], only when an output asks.

use crate::error::ComputeError;
use crate::model::Component;
use crate::pet::{classify, PetOutcome};
use crate::plan::Plan;
use crate::rates::{
    AmountBasis, ChargesBasis, Grid, PetBasis, PetScale, Rates, RoundAt, SalaryBasis, Version,
};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// Where the PET came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PetFrom {
    /// Given as a what-if amount.
    Given,
    /// Fixed by the rule set.
    Fixed,
    /// The national scale applied to the working pattern.
    Scale(PetOutcome),
    /// No working pattern was given: counted as 0.
    NoPattern,
    /// Not part of a credit on a notice's published amounts that leave the PET out: the post's
    /// PET is in its actual cost only.
    NotInCredit,
}

/// The monthly figures of a post with the data in force on one date.
#[derive(Debug, Clone, Copy)]
pub struct Monthly<'a> {
    /// The date priced.
    pub date: NaiveDate,
    /// The annual grid amount, when the salary comes from the grid.
    pub annual: Option<Decimal>,
    /// Base salary, monthly gross (rounded where the rule set says).
    pub base: Decimal,
    /// IESPE, monthly gross.
    pub iespe: Decimal,
    /// PET, monthly gross.
    pub pet: Decimal,
    /// Where the PET came from.
    pub pet_from: PetFrom,
    /// Gross monthly total.
    pub gross: Decimal,
    /// Employer charge rate.
    pub rate: Decimal,
    /// Employer charges.
    pub charges: Decimal,
    /// Loaded monthly cost.
    pub loaded: Decimal,
    /// The monthly amount the share applies to.
    pub funded_monthly: Decimal,
    /// ARS monthly share, rounded to the cent: the monthly credit.
    pub ars: Decimal,
    /// The grid version used, when the salary comes from the grid.
    pub grid: Option<&'a Version<Grid>>,
    /// The IESPE version used, when national.
    pub iespe_version: Option<&'a Version<Decimal>>,
    /// The PET scale used, when the PET comes from the working pattern.
    pub pet_version: Option<&'a Version<PetScale>>,
    /// The reference charge rate used, when it is.
    pub charges_version: Option<&'a Version<Decimal>>,
}

/// Prices a plan with the data in force on `date`.
pub fn price<'a>(
    plan: &Plan<'_>,
    rates: &'a Rates,
    date: NaiveDate,
) -> Result<Monthly<'a>, ComputeError> {
    let rounding = plan.rounding;
    let (annual, base, grid) = match plan.salary {
        SalaryBasis::Grid => {
            let version = rates.grid.at(date)?;
            let annual = version.value.annual(plan.grade, plan.years).ok_or(
                ComputeError::GridHasNoAmount {
                    from: version.from,
                    grade: plan.grade,
                    years: plan.years,
                },
            )?;
            (Some(annual), annual / Decimal::from(12), Some(version))
        }
        SalaryBasis::Published(monthly) => (None, monthly, None),
    };
    let base = rounding.at(RoundAt::BaseMonthly, base);

    let (iespe, iespe_version) = match plan.iespe {
        AmountBasis::National => {
            let version = rates.iespe.at(date)?;
            (version.value, Some(version))
        }
        AmountBasis::Published(monthly) => (monthly, None),
    };

    let (pet, pet_from, pet_version) = match (plan.pet_amount, plan.pet) {
        _ if plan.pet_left_out() => (Decimal::ZERO, PetFrom::NotInCredit, None),
        (Some(amount), _) => (amount, PetFrom::Given, None),
        (None, PetBasis::Fixed(amount)) => (amount, PetFrom::Fixed, None),
        (None, PetBasis::Pattern) => match &plan.pattern {
            Some(pattern) => {
                let version = rates.pet.at(date)?;
                let outcome = classify(&version.value, pattern)?;
                (outcome.amount, PetFrom::Scale(outcome), Some(version))
            }
            None => (Decimal::ZERO, PetFrom::NoPattern, None),
        },
    };

    let gross = rounding.at(RoundAt::GrossMonthly, base + iespe + pet);
    let (rate, charges_version) = match (plan.charges_given, plan.charges) {
        (Some(rate), _) => (rate, None),
        (None, ChargesBasis::Rate(rate)) => (rate, None),
        (None, ChargesBasis::None) => (Decimal::ZERO, None),
        (None, ChargesBasis::Reference) => {
            let version = rates.charges.at(date)?;
            (version.value, Some(version))
        }
    };
    let charges = gross * rate;
    let loaded = rounding.at(RoundAt::LoadedMonthly, gross + charges);

    let funded = plan.funded;
    let funded_gross = [
        (Component::Salary, base),
        (Component::Iespe, iespe),
        (Component::Pet, pet),
    ]
    .iter()
    .filter(|(c, _)| funded.contains(*c))
    .map(|(_, v)| *v)
    .sum();
    let funded_gross = rounding.at(RoundAt::GrossMonthly, funded_gross);
    let funded_monthly = if funded.contains(Component::Charges) {
        rounding.at(RoundAt::LoadedMonthly, funded_gross * (Decimal::ONE + rate))
    } else {
        funded_gross
    };
    let ars = rounding.mode.cents(funded_monthly * plan.share);
    Ok(Monthly {
        date,
        annual,
        base,
        iespe,
        pet,
        pet_from,
        gross,
        rate,
        charges,
        loaded,
        funded_monthly,
        ars,
        grid,
        iespe_version,
        pet_version,
        charges_version,
    })
}
