//! A contract laid out month by month: each calendar month it touches, the part of it counted,
//! the credit and the cost of that part, and what the contract adds up to.
//!
//! Each calendar month touched counts a fraction of a month by the rule set's proration. For a
//! contract of whole months, the month in which they end counts what makes them exactly
//! `months` months (the calendar adds or lacks a few thirtieths when a contract starts on the
//! 29th to 31st or ends in February), since a notice funds its monthly credit "for every month
//! of the contract". Days after the whole months, when the contract is given by its end, count
//! their own thirtieths: 29 January to 1 March is one month and a day, as 29 January to 28
//! February is one month.
//!
//! Amounts are rounded cumulatively: a month's amount is the rounded running total less the
//! rounded running total before it, so that whole months are exactly the monthly figure and the
//! months add up to the rounded contract total, not to a sum of separately rounded halves.

use super::{Detail, ScheduleRow};
use crate::error::{ComputeError, OrTooLarge};
use crate::money::{cents, to_cents, Prorated, RoundingMode};
use crate::plan::Plan;
use crate::price::{price, Monthly};
use crate::rates::{Credit, Rates};
use crate::schedule::{contract_end, segments, Counted, Proration, Segment, MONTH_UNITS};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

/// The schedule (empty when `detail` lets the totals be had without it), the contract's credit,
/// and its full cost (`None` when the cost is unknown).
pub(super) type Laid = (Vec<ScheduleRow>, Decimal, Option<Decimal>);

/// An amount in whole cents; past what can be counted, an error.
fn amount_cents(amount: Decimal) -> Result<i128, ComputeError> {
    to_cents(amount).or_too_large()
}

/// A running total of the cost, rounded as every cost is: half away from zero.
fn cost_rounded(total: Prorated) -> Result<Decimal, ComputeError> {
    total.rounded(RoundingMode::HalfAwayFromZero).or_too_large()
}

/// The days on which a version of the data changes during the contract, and those from which
/// the post's band of years changes: in order. A month is re-priced only when one has passed
/// since the month priced last.
fn version_changes(rates: &Rates, plan: &Plan<'_>) -> Vec<NaiveDate> {
    let (after, through) = (plan.start, plan.end);
    let mut changes: Vec<NaiveDate> = rates
        .grid
        .changes(after, through)
        .chain(rates.iespe.changes(after, through))
        .chain(rates.pet.changes(after, through))
        .chain(rates.charges.changes(after, through))
        .chain(plan.band_steps())
        .collect();
    changes.sort_unstable();
    changes
}

/// The whole months' last day, when they count exactly `months` months (none for a proration
/// by whole months, or a contract of days only).
fn whole_months_end(plan: &Plan<'_>) -> Option<NaiveDate> {
    (plan.months > 0 && plan.proration != Proration::WholeMonths)
        .then(|| contract_end(plan.start, plan.months))
        .flatten()
}

/// Lays a plan out over its contract.
pub(super) fn build_schedule(
    rates: &Rates,
    plan: &Plan<'_>,
    at_start: &Monthly<'_>,
    actual_plan: Option<&Plan<'_>>,
    actual_at_start: Option<&Monthly<'_>>,
    detail: Detail,
) -> Result<Laid, ComputeError> {
    let changes = version_changes(rates, plan);
    let loaded = actual_at_start.map(|a| cents(a.loaded));
    // The same data in force all along and no early leave: the totals are the monthly figures
    // times the months counted, and only the first and last months can be partial.
    if detail != Detail::Schedule
        && changes.is_empty()
        && plan.left_on.is_none()
        && (plan.extra_days == 0 || whole_months_end(plan).is_none())
    {
        return totals_only(plan, at_start.ars, loaded);
    }
    let mut months = Months {
        rates,
        plan,
        actual_plan,
        fixed_credit: at_start.ars,
        changes: changes.into_iter().peekable(),
        month_loaded: loaded,
        month_credit: at_start.ars,
        whole_end: whole_months_end(plan),
        whole_units: u64::from(plan.months) * MONTH_UNITS,
        whole_units_so_far: 0,
        ars: Running::default(),
        cost: Running::default(),
        cost_complete: actual_plan.is_some(),
    };
    let mut schedule = Vec::with_capacity(plan.months as usize + 2);
    for segment in segments(plan.start, plan.end) {
        schedule.push(months.month(segment)?);
    }
    // The months' amounts are differences of running totals: they add up to the last ones.
    // The contract's cost is known only when every month's is.
    Ok((
        schedule,
        months.ars.before,
        months.cost_complete.then_some(months.cost.before),
    ))
}

/// The totals of a contract with no change of data and no early leave, without its months.
fn totals_only(
    plan: &Plan<'_>,
    credit: Decimal,
    loaded: Option<Decimal>,
) -> Result<Laid, ComputeError> {
    let units = counted_units(plan);
    let ars_total = Prorated::default()
        .plus(amount_cents(credit)?, units)
        .and_then(|t| t.rounded(plan.rounding.mode))
        .or_too_large()?;
    let cost_total = match loaded {
        Some(loaded) => Some(cost_rounded(
            Prorated::default()
                .plus(amount_cents(loaded)?, units)
                .or_too_large()?,
        )?),
        None => None,
    };
    Ok((Vec::new(), ars_total, cost_total))
}

/// The fraction of a month a whole contract counts, in [`MONTH_UNITS`], when only its first
/// and last months can be partial.
fn counted_units(plan: &Plan<'_>) -> u64 {
    // The last month of a contract of whole months counts what makes the total exactly `months`.
    let adjust_last = plan.extra_days == 0 && plan.proration != Proration::WholeMonths;
    let whole_units = u64::from(plan.months) * MONTH_UNITS;
    let first = segments(plan.start, plan.end)
        .next()
        .map(|s| s.counted(plan.proration));
    let last = Segment {
        from: plan.end.with_day(1).unwrap_or(plan.end).max(plan.start),
        to: plan.end,
    }
    .counted(plan.proration);
    let middle = (plan.end.year() - plan.start.year()) * 12 + plan.end.month() as i32
        - plan.start.month() as i32
        - 1;
    match first {
        None => 0,
        Some(_) if middle < 0 && adjust_last => whole_units.min(MONTH_UNITS),
        Some(first) if middle < 0 => first.units,
        Some(first) => {
            let before_last = first.units + u64::try_from(middle).unwrap_or(0) * MONTH_UNITS;
            before_last
                + if adjust_last {
                    whole_units.saturating_sub(before_last).min(MONTH_UNITS)
                } else {
                    last.units
                }
        }
    }
}

/// An exact running total and its rounded value at the end of the month before.
#[derive(Debug, Clone, Copy, Default)]
struct Running {
    total: Prorated,
    before: Decimal,
}

/// The state of a contract being laid out, month after month.
struct Months<'p, 'a, I: Iterator<Item = NaiveDate>> {
    rates: &'p Rates,
    plan: &'p Plan<'a>,
    actual_plan: Option<&'p Plan<'a>>,
    /// The credit priced at the start (notified, unless the rule set's follows the grid).
    fixed_credit: Decimal,
    changes: std::iter::Peekable<I>,
    /// The post's actual monthly cost to the cent (`None` while the data in force cannot price
    /// it: those months' cost is left unknown, the others' priced)…
    month_loaded: Option<Decimal>,
    /// …and the monthly credit, with the data in force.
    month_credit: Decimal,
    whole_end: Option<NaiveDate>,
    whole_units: u64,
    whole_units_so_far: u64,
    ars: Running,
    /// The running cost of the months priced.
    cost: Running,
    /// Whether every month so far had its cost priced.
    cost_complete: bool,
}

impl<I: Iterator<Item = NaiveDate>> Months<'_, '_, I> {
    /// One calendar month of the contract.
    fn month(&mut self, segment: Segment) -> Result<ScheduleRow, ComputeError> {
        let plan = self.plan;
        let count = self.counted(segment);
        self.reprice(segment)?;
        let credit = match plan.credit {
            Credit::FollowsGrid => self.month_credit,
            Credit::Fixed => self.fixed_credit,
        };
        let credit_cents = amount_cents(credit)?;
        let ars_before = self.ars;
        self.ars.total = self
            .ars
            .total
            .plus(credit_cents, count.units)
            .or_too_large()?;
        let ars_after = self.ars.total.rounded(plan.rounding.mode).or_too_large()?;
        let ars = ars_after - ars_before.before;
        // The establishment pays the post's actual monthly cost to the cent.
        let loaded_cents = self.month_loaded.map(amount_cents).transpose()?;
        let cost_before = self.cost;
        let cost_after = match loaded_cents {
            Some(loaded) => {
                self.cost.total = self.cost.total.plus(loaded, count.units).or_too_large()?;
                Some(cost_rounded(self.cost.total)?)
            }
            None => {
                self.cost_complete = false;
                None
            }
        };
        let full_cost = cost_after.map(|after| after - cost_before.before);
        let served = match plan.left_on {
            None => None,
            Some(left_on) => Some(served(
                plan,
                segment,
                left_on,
                (count, ars, full_cost),
                (ars_before, credit_cents),
                loaded_cents.map(|loaded| (cost_before, loaded)),
            )?),
        };
        self.ars.before = ars_after;
        if let Some(after) = cost_after {
            self.cost.before = after;
        }
        Ok(ScheduleRow {
            segment,
            days: count.days,
            days_in_month: count.days_in_month,
            ars,
            establishment: full_cost.map(|cost| cost - ars),
            full_cost,
            loaded_monthly: self.month_loaded,
            served,
        })
    }

    /// What the month counts: by the proration, with the whole months' last month counting
    /// what makes them exactly `months` months, and the days after them their own.
    fn counted(&mut self, segment: Segment) -> Counted {
        let proration = self.plan.proration;
        let mut count = segment.counted(proration);
        let Some(whole_end) = self.whole_end else {
            return count;
        };
        let mut whole = segment.until(whole_end).map(|part| part.counted(proration));
        if let Some(part) = whole
            .as_mut()
            .filter(|_| segment.from <= whole_end && whole_end <= segment.to)
        {
            // The whole months' last month (in whole thirtieths: 30 a month, less those the
            // other months count).
            part.units = self
                .whole_units
                .saturating_sub(self.whole_units_so_far)
                .min(MONTH_UNITS);
            if proration == Proration::Thirtieths {
                part.days = u32::try_from(part.units * 30 / MONTH_UNITS).unwrap_or(30);
            }
        }
        let after = whole_end
            .succ_opt()
            .filter(|next| *next <= segment.to)
            .map(|next| {
                Segment {
                    from: next.max(segment.from),
                    to: segment.to,
                }
                .counted(proration)
            });
        self.whole_units_so_far += whole.map_or(0, |w| w.units);
        count.units = whole.map_or(0, |w| w.units) + after.map_or(0, |a| a.units);
        count.days = whole.map_or(0, |w| w.days) + after.map_or(0, |a| a.days);
        count
    }

    /// Prices the month again when a version of the data changed since the month priced last.
    /// A month the data in force cannot price has an unknown cost (the months that can be priced
    /// keep theirs); without the data, the credit cannot be computed at all.
    fn reprice(&mut self, segment: Segment) -> Result<(), ComputeError> {
        let plan = self.plan;
        let in_force = segment.from.max(plan.start);
        if self.changes.next_if(|change| *change <= in_force).is_none() {
            return Ok(());
        }
        while self.changes.next_if(|change| *change <= in_force).is_some() {}
        if let Some(actual_plan) = self.actual_plan {
            let mut actual_plan = actual_plan.clone();
            actual_plan.years = plan.actual_band(in_force);
            self.month_loaded = price(&actual_plan, self.rates, in_force)
                .ok()
                .map(|m| cents(m.loaded));
        }
        if !plan.fixed_price {
            self.month_credit = price(plan, self.rates, in_force.max(plan.priced_at))
                .map_err(|e| match e {
                    ComputeError::NotInForce(missing) => ComputeError::PastTheData {
                        missing,
                        start: plan.start,
                        end: plan.end,
                    },
                    other => other,
                })?
                .ars;
        }
        Ok(())
    }
}

/// When leaving early, the part of a month served: its days, the credit due for them, the
/// credit for the rest of the month, and the actual cost of the days served.
fn served(
    plan: &Plan<'_>,
    segment: Segment,
    left_on: NaiveDate,
    (count, ars, full_cost): (Counted, Decimal, Option<Decimal>),
    (ars_before, credit_cents): (Running, i128),
    cost_before: Option<(Running, i128)>,
) -> Result<(u32, Decimal, Decimal, Option<Decimal>), ComputeError> {
    let (served_days, due, cost) = match segment.until(left_on) {
        None => (0, Decimal::ZERO, full_cost.map(|_| Decimal::ZERO)),
        Some(part) if part == segment => (count.days, ars, full_cost),
        Some(part) => {
            let part = part.counted(plan.proration);
            let units = part.units.min(count.units);
            let due = ars_before
                .total
                .plus(credit_cents, units)
                .and_then(|total| total.rounded(plan.rounding.mode))
                .or_too_large()?
                - ars_before.before;
            let cost = match cost_before {
                Some((running, loaded)) => Some(
                    cost_rounded(running.total.plus(loaded, units).or_too_large()?)?
                        - running.before,
                ),
                None => None,
            };
            (part.days, due, cost)
        }
    };
    Ok((served_days, due, ars - due, cost))
}
