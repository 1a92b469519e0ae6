//! What a notified amount is compared as, and how an amount reads as a whole number of
//! monthly credits.

use super::tried::Tranche;
use crate::compute::Computation;
use crate::plan::Plan;
use crate::post::MAX_MONTHS;
use chrono::Datelike;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

/// What an amount is: what a notified amount, and each derivation tried, are compared as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// The monthly credit.
    Month,
    /// The credit for the whole contract.
    Contract,
    /// One calendar year's tranche of the credit.
    Year(i32),
    /// This many monthly credits: a notified amount read as a whole number of months that is
    /// not the contract's.
    Months(u32),
}

impl Basis {
    /// What `c` gives on this basis: `None` for a year the contract does not touch, or an
    /// amount past what a decimal holds.
    pub fn amount(self, c: &Computation<'_>) -> Option<Decimal> {
        match self {
            Basis::Month => Some(c.monthly.ars),
            Basis::Contract => Some(c.ars_total),
            Basis::Year(year) => tranches(c)
                .into_iter()
                .find(|(t, _)| t.year == year)
                .map(|(_, amount)| amount),
            Basis::Months(months) => c.monthly.ars.checked_mul(Decimal::from(months)),
        }
    }
}

/// The contract lengths a post without a rule set may be read as: one or two years, what
/// every notice in the data and the national notes describe (Nouvelle-Aquitaine « un ou deux
/// ans », Centre-Val de Loire « 2 ans (… une seule année … possible) »).
const CUSTOM_LENGTHS: [u32; 2] = [12, 24];

/// The contract lengths a notified amount may be read as, for `plan`'s rule set.
pub fn allowed_lengths<'p>(plan: &'p Plan<'_>) -> &'p [u32] {
    plan.rule
        .map_or(&CUSTOM_LENGTHS, |rule| rule.durations.as_slice())
}

/// The contract's calendar-year tranches of the credit, in order, each with its amount: the
/// schedule's months added up by year (what `compute --by-year` prints as `ars`).
pub fn tranches(c: &Computation<'_>) -> Vec<(Tranche, Decimal)> {
    let mut out: Vec<(Tranche, Decimal)> = Vec::new();
    for row in &c.schedule {
        let (from, to) = (row.segment.from, row.segment.to);
        let year = from.year();
        if out.last().is_none_or(|(t, _)| t.year != year) {
            out.push((
                Tranche {
                    year,
                    months: Some(0),
                    from,
                    to,
                },
                Decimal::ZERO,
            ));
        }
        if let Some((tranche, amount)) = out.last_mut() {
            tranche.to = to;
            tranche.months = tranche
                .months
                .filter(|_| row.segment.is_whole_month())
                .map(|m| m + 1);
            *amount += row.ars;
        }
    }
    out
}

/// One cent: an amount read as k monthly credits may be off by up to a cent a month, what
/// another rounding of the monthly credit gives (77 994,72 = 24 × 3 249,78).
const CENT: Decimal = Decimal::from_parts(1, 0, 0, false, 2);

/// An amount read as a whole number of monthly credits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    /// How many monthly credits, from 1 to [`MAX_MONTHS`].
    pub months: u32,
    /// The monthly credit.
    pub monthly: Decimal,
    /// The amount − `months` × `monthly`: at most a cent a month, or the tolerance.
    pub off: Decimal,
}

impl Reading {
    /// `months` × `monthly`.
    pub fn whole(self) -> Decimal {
        self.monthly * Decimal::from(self.months)
    }
}

/// `amount` read as a whole number of `monthly` credits: when it is `k` × `monthly` to a cent
/// a month, or within `tolerance`, for a whole `k` from 1 to [`MAX_MONTHS`], and nearer `k`
/// than any other number of months. `None` for an amount that is no whole number of months.
pub fn read_months(amount: Decimal, monthly: Decimal, tolerance: Decimal) -> Option<Reading> {
    if monthly <= Decimal::ZERO || amount <= Decimal::ZERO {
        return None;
    }
    // The nearest whole number of months: half away from zero (a half is never read anyway).
    let months = amount
        .checked_div(monthly)?
        .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
        .to_u32()?;
    if months == 0 || months > MAX_MONTHS {
        return None;
    }
    let off = amount - monthly.checked_mul(Decimal::from(months))?;
    let near = off.abs() <= tolerance.max(CENT * Decimal::from(months))
        && off.abs() * Decimal::TWO < monthly;
    near.then_some(Reading {
        months,
        monthly,
        off,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn an_amount_reads_as_whole_months_to_a_cent_a_month() {
        let m = dec!(3249.79);
        let read = |amount| read_months(amount, m, Decimal::ZERO).map(|r| (r.months, r.off));
        // 12 × 3 249,79 = 38 997,48; one cent less is still 12 months, one cent off.
        assert_eq!(read(dec!(38997.48)), Some((12, dec!(0))));
        assert_eq!(read(dec!(38997.47)), Some((12, dec!(-0.01))));
        // 24 × 3 249,78 = 77 994,72: 24 months, 0,24 less (a cent a month).
        assert_eq!(read(dec!(77994.72)), Some((24, dec!(-0.24))));
        // 25 cents off 24 months is more than a cent a month.
        assert_eq!(read(dec!(77994.71)), None);
        assert_eq!(read(dec!(3249.79)), Some((1, dec!(0))));
        // 40 000 / 3 249,79 = 12,308…: no whole number of months.
        assert_eq!(read(dec!(40000)), None);
        assert_eq!(read(dec!(1000)), None);
        assert_eq!(read(Decimal::ZERO), None);
        // The tolerance widens it: 40 000 − 12 × 3 249,79 = 1 002,52.
        assert_eq!(
            read_months(dec!(40000), m, dec!(1100)).map(|r| r.months),
            Some(12)
        );
        // 121 months is past the longest contract.
        assert_eq!(read(m * dec!(121)), None);
        assert_eq!(read_months(dec!(10), Decimal::ZERO, Decimal::ZERO), None);
    }
}
