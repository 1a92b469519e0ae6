//! `check`: compares a notified credit with the computed one and, on a gap, tries the
//! usual other ways of deriving it, naming each one that reproduces the notified figure.
//!
//! A notified amount is read by its ratio to the monthly credit: a whole number of monthly
//! credits (to a cent a month, or within the tolerance) is that many months of the credit;
//! one month is the monthly credit, the contract's months its credit, and any other number is
//! a mismatch that says so. An amount that is no whole number of months is compared with the
//! nearer of the month and the contract. `Per::Year` compares with one calendar year's
//! tranche of the credit.

mod attempts;
mod basis;
mod tried;
pub mod words;

pub use basis::{allowed_lengths, read_months, tranches, Basis, Reading};
pub use tried::{months_count, MonthsOf, Published, Tranche, Tried};

use crate::compute::{compute, Computation, ComputeError, PostInput};
pub use crate::post::Per;
use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};

/// A notified credit, and what it is said to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Notified {
    /// The amount notified.
    pub amount: Decimal,
    /// What it is: read from the amount when not given.
    pub per: Option<Per>,
    /// The calendar year of a year's tranche (alone, it means [`Per::Year`]).
    pub year: Option<i32>,
    /// The largest gap still a match, in euros.
    pub tolerance: Decimal,
}

/// Another way of deriving the credit, and what it gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Derivation {
    /// What differs from the rule set.
    pub tried: Tried,
    /// The amount it gives, on the basis the notified amount is read on.
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
    /// Whether it is a monthly amount, the contract's or a calendar year's tranche.
    pub per: Per,
    /// The calendar year, with [`Per::Year`].
    pub year: Option<i32>,
    /// Whether `per` was inferred (from the amount's ratio to the monthly credit, else the
    /// nearer of the month and the contract).
    pub per_inferred: bool,
    /// Whether the contract's length was inferred: no length was given, and the notified
    /// amount is a whole number of monthly credits for a length the rule set allows.
    pub months_inferred: bool,
    /// The notified amount read as a whole number of monthly credits, when it is one.
    pub reading: Option<Reading>,
    /// What the derivations' amounts are: the monthly credit, the contract's, a year's
    /// tranche, or as many months as the notified amount reads.
    pub basis: Basis,
    /// The computed amount it is compared with.
    pub expected: Decimal,
    /// Notified − expected.
    pub gap: Decimal,
    /// The gap in months' worth of the monthly credit (4 decimals, half away from zero).
    pub gap_months: Decimal,
    /// The largest gap still a match, in euros.
    pub tolerance: Decimal,
    /// Whether the notified amount matches.
    pub matches: bool,
    /// The other derivations tried, on a mismatch: first a contract length the rule set
    /// allows, then the calendar years' tranches, then the others.
    pub derivations: Vec<Derivation>,
}

impl CheckResult<'_> {
    /// The calendar year's tranche compared with, with [`Per::Year`].
    pub fn tranche(&self) -> Option<Tranche> {
        let year = self.year.filter(|_| self.per == Per::Year)?;
        tranches(&self.computed)
            .into_iter()
            .find(|(t, _)| t.year == year)
            .map(|(t, _)| t)
    }

    /// The months of what the notified amount is compared with, when whole: 1, the
    /// contract's, or the year's.
    pub fn compared_months(&self) -> Option<u32> {
        let plan = &self.computed.plan;
        match self.per {
            Per::Month => Some(1),
            Per::Contract => (plan.extra_days == 0).then_some(plan.months),
            Per::Year => self.tranche().and_then(|t| t.months),
        }
    }

    /// The derivations that reproduce the notified amount, in order.
    pub fn found(&self) -> impl Iterator<Item = &Derivation> {
        self.derivations.iter().filter(|d| d.matches)
    }
}

/// Checks a notified amount against the computation of a post. Without a length given, an
/// amount that is a whole number of monthly credits for another length the rule set allows
/// (to a cent a month) is compared with that length's credit, unless it is said to be a month's
/// or a year's.
pub fn check<'a>(
    rates: &'a crate::rates::Rates,
    input: &PostInput,
    today: NaiveDate,
    notified: Notified,
) -> Result<CheckResult<'a>, ComputeError> {
    let computed = compute(rates, input, today)?;
    let result = check_computed(rates, input, today, computed, notified, false)?;
    let plan = &result.computed.plan;
    // A notified amount said to be the contract's may still be another length's.
    let given = notified.per.is_some_and(|per| per != Per::Contract)
        || notified.year.is_some()
        || input.months.is_some()
        || input.end.is_some();
    let other_length = result
        .reading
        .map(|r| r.months)
        .filter(|k| *k != plan.months && allowed_lengths(plan).contains(k));
    if let (false, false, Some(months)) = (result.matches, given, other_length) {
        // 38 997,48 is Nouvelle-Aquitaine's 12-month contract, not a monthly figure.
        let other = PostInput {
            months: Some(months),
            ..input.clone()
        };
        if let Ok(computed) = compute(rates, &other, today) {
            let contract = Notified {
                per: Some(Per::Contract),
                ..notified
            };
            let mut found = check_computed(rates, &other, today, computed, contract, true)?;
            found.per_inferred = notified.per.is_none();
            found.months_inferred = true;
            return Ok(found);
        }
    }
    Ok(with_derivations(rates, input, today, result))
}

/// Checks a notified amount against a computation already made. The other derivations
/// are tried on a mismatch only when `derive` (a batch skips them). A year's tranche needs
/// the computation's months.
pub fn check_computed<'a>(
    rates: &'a crate::rates::Rates,
    input: &PostInput,
    today: NaiveDate,
    computed: Computation<'a>,
    notified: Notified,
    derive: bool,
) -> Result<CheckResult<'a>, ComputeError> {
    let year = match (notified.per, notified.year) {
        (Some(Per::Year), None) => return Err(ComputeError::YearNeeded),
        (Some(Per::Month | Per::Contract), Some(_)) => {
            return Err(ComputeError::YearWithoutPerYear)
        }
        (_, year) => year,
    };
    let (amount, tolerance) = (notified.amount, notified.tolerance);
    let (monthly, total) = (computed.monthly.ars, computed.ars_total);
    let reading = read_months(amount, monthly, tolerance);
    let (per, per_inferred) = match (year.map(|_| Per::Year).or(notified.per), reading) {
        (Some(per), _) => (per, false),
        (None, Some(r)) if r.months == 1 => (Per::Month, true),
        (None, Some(_)) => (Per::Contract, true),
        (None, None) if (amount - monthly).abs() <= (amount - total).abs() => (Per::Month, true),
        (None, None) => (Per::Contract, true),
    };
    let plan = &computed.plan;
    let whole_contract = (plan.extra_days == 0).then_some(plan.months);
    let (basis, expected) = match (per, year, reading) {
        (Per::Month, ..) => (Basis::Month, monthly),
        (Per::Year, Some(year), _) => {
            let basis = Basis::Year(year);
            let tranche = basis
                .amount(&computed)
                .ok_or_else(|| ComputeError::YearOutside {
                    year,
                    years: tranches(&computed).iter().map(|(t, _)| t.year).collect(),
                })?;
            (basis, tranche)
        }
        (Per::Year, None, _) => return Err(ComputeError::YearNeeded),
        (Per::Contract, _, Some(r)) if Some(r.months) != whole_contract => {
            (Basis::Months(r.months), total)
        }
        (Per::Contract, ..) => (Basis::Contract, total),
    };
    let gap = amount - expected;
    let gap_months = gap.checked_div(monthly).map_or(Decimal::ZERO, |months| {
        months.round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero)
    });
    let result = CheckResult {
        computed,
        notified: amount,
        per,
        year,
        per_inferred,
        months_inferred: false,
        reading,
        basis,
        expected,
        gap,
        gap_months,
        tolerance,
        matches: gap.abs() <= tolerance,
        derivations: Vec::new(),
    };
    Ok(if derive {
        with_derivations(rates, input, today, result)
    } else {
        result
    })
}

/// The result with the other derivations tried, on a mismatch.
fn with_derivations<'a>(
    rates: &'a crate::rates::Rates,
    input: &PostInput,
    today: NaiveDate,
    mut result: CheckResult<'a>,
) -> CheckResult<'a> {
    if result.matches {
        return result;
    }
    let instead = result.compared_months();
    let (notified, tolerance, expected) = (result.notified, result.tolerance, result.expected);
    let tries = attempts::derivations(
        &attempts::Setting {
            rates,
            input,
            today,
            computed: &result.computed,
            basis: result.basis,
            reading: result.reading,
            instead,
        },
        notified,
    );
    result.derivations = tries
        .into_iter()
        .filter(|(_, amount)| *amount != expected)
        .map(|(tried, amount)| Derivation {
            tried,
            amount,
            matches: (notified - amount).abs() <= tolerance,
        })
        .collect();
    result
}
