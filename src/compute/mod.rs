//! The computation: from a post's inputs and the reference data to the monthly
//! components, the loaded cost, the ARS and establishment shares and the contract
//! totals. Pure: it reads no file and prints nothing.
//!
//! It runs in three steps: [`crate::plan`] resolves the inputs against the data,
//! [`crate::price`] prices the plan for a date (plain amounts), and this module lays
//! the contract out month by month. The words come last, from [`crate::explain`].

mod months;

pub use crate::error::ComputeError;
pub use crate::post::PostInput;

use crate::money::cents;
use crate::plan::{plan, Plan, Variant};
pub use crate::price::PriceMemo;
use crate::price::{price, Monthly};
use crate::rates::Rates;
use crate::schedule::Segment;
use chrono::{Datelike, NaiveDate};
use months::build_schedule;
use rust_decimal::Decimal;

/// The whole answer for one post: the plan, the monthly figures at the start, the
/// schedule and the totals, as plain amounts. [`crate::explain`] gives the words.
#[derive(Debug, Clone)]
pub struct Computation<'a> {
    /// The post resolved against the data.
    pub plan: Plan<'a>,
    /// The monthly figures with the data in force at the start: the notified credit.
    pub monthly: Monthly<'a>,
    /// The post's actual monthly cost at the start: its own grade, years and PET at the
    /// national grid in force. `Err` with the reason when it was not priced, or the data
    /// cannot price it (no charge rate in force, say): the credit never depends on it, and the
    /// costs below are then unknown (`None`).
    pub actual: Result<Monthly<'a>, Unpriced>,
    /// When the rule set publishes its monthly credit and the data in force at the start gives
    /// another figure: that other figure (the credit is the published one).
    pub data_credit: Option<Decimal>,
    /// What the establishment pays each month (actual loaded cost to the cent − ARS share).
    pub establishment_monthly: Option<Decimal>,
    /// ARS credit for the whole contract.
    pub ars_total: Decimal,
    /// Establishment's part for the whole contract.
    pub establishment_total: Option<Decimal>,
    /// Full cost of the post for the whole contract.
    pub full_cost_total: Option<Decimal>,
    /// One row per calendar month the contract touches.
    pub schedule: Vec<ScheduleRow>,
    /// The credit due for the time served, when the assistant leaves early.
    pub ars_due: Option<Decimal>,
    /// The credit for the time not served (contract credit − credit due), when leaving early.
    pub not_served: Option<Decimal>,
    /// When leaving early: whether the notice lets the agency recover `not_served`, and what
    /// it may recover (`None` where the notice says nothing of the case).
    pub recovery: Option<(RecoveryCase, Option<Decimal>)>,
    /// When leaving early: the post's actual cost over the days served.
    pub full_cost_served: Option<Decimal>,
}

/// Whether the credit for the time not served may be recovered, by the notice's clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecoveryCase {
    /// The notice's clause covers the reason given.
    Covered,
    /// The notice has a clause and no reason was given: recovered only if its condition holds.
    ReasonNotGiven,
    /// The notice says nothing of this departure (no clause, or a clause on other departures
    /// only): the agency decides.
    NotStated,
}

impl RecoveryCase {
    /// The name in the output.
    pub fn id(self) -> &'static str {
        match self {
            RecoveryCase::Covered => "covered",
            RecoveryCase::ReasonNotGiven => "reason-not-given",
            RecoveryCase::NotStated => "not-stated",
        }
    }
}

/// A calendar year's part of a contract, for budgets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearTotal {
    /// The calendar year.
    pub year: i32,
    /// ARS credit for the months of that year.
    pub ars: Decimal,
    /// The establishment's part (`None`: the cost is unknown).
    pub establishment: Option<Decimal>,
    /// The full cost.
    pub full_cost: Option<Decimal>,
}

impl Computation<'_> {
    /// The contract's credit and costs by calendar year: the schedule's months added up by year
    /// (so the years add up to the contract's totals).
    pub fn by_year(&self) -> Vec<YearTotal> {
        let mut years: Vec<YearTotal> = Vec::new();
        for row in &self.schedule {
            let year = row.segment.from.year();
            if years.last().is_none_or(|y| y.year != year) {
                years.push(YearTotal {
                    year,
                    ars: Decimal::ZERO,
                    establishment: Some(Decimal::ZERO),
                    full_cost: Some(Decimal::ZERO),
                });
            }
            if let Some(total) = years.last_mut() {
                total.ars += row.ars;
                total.establishment = total
                    .establishment
                    .zip(row.establishment)
                    .map(|(a, b)| a + b);
                total.full_cost = total.full_cost.zip(row.full_cost).map(|(a, b)| a + b);
            }
        }
        years
    }

    /// Whether every month of the schedule is a whole month credited the monthly figure.
    pub fn whole_months(&self) -> bool {
        if self.schedule.is_empty() {
            // Not laid out ([`Detail::Totals`]: the same data all along, no early leave):
            // every month is credited the monthly figure, so the months are whole when the
            // contract runs from a month's first day to a month's last.
            let plan = &self.plan;
            return plan.start.day() == 1
                && plan.end.succ_opt().is_some_and(|next| next.day() == 1);
        }
        self.schedule
            .iter()
            .all(|r| r.segment.is_whole_month() && r.ars == self.monthly.ars)
    }

    /// Whether every month also costs the loaded monthly cost at the start.
    pub fn same_cost_every_month(&self) -> bool {
        let loaded = self.actual.as_ref().ok().map(|a| cents(a.loaded));
        loaded.is_some()
            && self.whole_months()
            && self.schedule.iter().all(|r| r.loaded_monthly == loaded)
    }
}

/// One calendar month of a contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleRow {
    /// The days of the month the contract covers.
    pub segment: Segment,
    /// Days counted (thirtieths, calendar days, or 1 for a whole month), out of `days_in_month`.
    pub days: u32,
    /// What a whole month counts (30 for thirtieths).
    pub days_in_month: u32,
    /// ARS credit for the month.
    pub ars: Decimal,
    /// The establishment's part of the month's cost (`None`: the cost is unknown).
    pub establishment: Option<Decimal>,
    /// The month's full cost, with the data in force that month.
    pub full_cost: Option<Decimal>,
    /// The post's actual loaded monthly cost in force that month (before proration), to the cent.
    pub loaded_monthly: Option<Decimal>,
    /// When leaving early: days served in the month, the credit due for them, the credit for
    /// the rest of the month, and the actual cost of the days served.
    pub served: Option<(u32, Decimal, Decimal, Option<Decimal>)>,
}

/// How much of a contract a computation lays out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Detail {
    /// Every calendar month, in [`Computation::schedule`].
    #[default]
    Schedule,
    /// Only the totals, when they can be had without the months: the schedule may be left
    /// empty. For outputs that show neither the months nor the words that count them.
    Totals,
    /// As [`Detail::Totals`], for outputs that show only the credit: the post's actual cost
    /// is not priced, so it and what depends on it (the establishment's part, the full cost)
    /// are unknown.
    Credit,
}

/// Why a computation has no actual cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unpriced {
    /// It was not asked for ([`Detail::Credit`]).
    NotAsked,
    /// The data cannot price it.
    Data(ComputeError),
}

/// Computes one post. `today` sets the default start where neither the input nor the rule set gives one.
pub fn compute<'a>(
    rates: &'a Rates,
    input: &PostInput,
    today: NaiveDate,
) -> Result<Computation<'a>, ComputeError> {
    compute_variant(rates, input, today, &Variant::default())
}

/// Computes one post with only the `detail` asked for.
pub fn compute_with<'a>(
    rates: &'a Rates,
    input: &PostInput,
    today: NaiveDate,
    detail: Detail,
) -> Result<Computation<'a>, ComputeError> {
    let plan = plan(rates, input, today, &Variant::default())?;
    compute_detail(rates, plan, detail)
}

/// Computes one post with only the `detail` asked for, taking its monthly figures from
/// `memo` when the same inputs were priced before with the same data in force (one memo may
/// serve any posts: see [`PriceMemo`]).
pub fn compute_remembering<'a>(
    rates: &'a Rates,
    input: &PostInput,
    today: NaiveDate,
    detail: Detail,
    memo: &mut PriceMemo<'a>,
) -> Result<Computation<'a>, ComputeError> {
    let plan = plan(rates, input, today, &Variant::default())?;
    compute_detail_with(rates, plan, detail, Some(memo))
}

/// Computes one post another way than its rule set says (for `check`).
pub fn compute_variant<'a>(
    rates: &'a Rates,
    input: &PostInput,
    today: NaiveDate,
    variant: &Variant,
) -> Result<Computation<'a>, ComputeError> {
    let plan = plan(rates, input, today, variant)?;
    compute_plan(rates, plan)
}

/// Lays a plan out over its contract: the monthly figures, the schedule and the totals.
pub fn compute_plan<'a>(rates: &'a Rates, plan: Plan<'a>) -> Result<Computation<'a>, ComputeError> {
    compute_detail(rates, plan, Detail::Schedule)
}

fn compute_detail<'a>(
    rates: &'a Rates,
    plan: Plan<'a>,
    detail: Detail,
) -> Result<Computation<'a>, ComputeError> {
    compute_detail_with(rates, plan, detail, None)
}

fn compute_detail_with<'a>(
    rates: &'a Rates,
    plan: Plan<'a>,
    detail: Detail,
    mut memo: Option<&mut PriceMemo<'a>>,
) -> Result<Computation<'a>, ComputeError> {
    let mut monthly = match memo.as_mut() {
        Some(memo) => memo.price(&plan, rates, plan.priced_at)?,
        None => price(&plan, rates, plan.priced_at)?,
    };
    // A notice that publishes its monthly credit notified that figure: it stands, and a
    // different figure from the data is a warning. What-ifs and `check` variants compute.
    let mut data_credit = None;
    let as_published = plan.share_given.is_none()
        && plan.charges_given.is_none()
        && plan.include_given.is_none()
        && !plan.variant;
    if let (Some(published), true) = (plan.rule.and_then(|r| r.published_credit), as_published) {
        if published != monthly.ars {
            data_credit = Some(monthly.ars);
            monthly.ars = published;
        }
    }
    // The actual cost may be unknown (no charge rate in force): the credit does not need it.
    // Without a rule set the credit is computed on the actual cost itself: priced once.
    // (Made apart, not as a pair: the pair was two copies of a plan for every credit priced.)
    let actual_plan = (detail != Detail::Credit).then(|| plan.actual_cost());
    let actual = match &actual_plan {
        None => Err(Unpriced::NotAsked),
        Some(_)
            if plan.credit_basis() == crate::plan::CreditBasis::ActualCost
                && !plan.variant
                && plan.actual.charges.is_none() =>
        {
            Ok(monthly)
        }
        Some(actual_plan) => match memo.as_mut() {
            Some(memo) => memo.price(actual_plan, rates, plan.start),
            None => price(actual_plan, rates, plan.start),
        }
        .map_err(Unpriced::Data),
    };
    let establishment_monthly = actual.as_ref().ok().map(|a| cents(a.loaded) - monthly.ars);
    let (schedule, ars_total, full_cost_total) = build_schedule(
        rates,
        &plan,
        &monthly,
        actual_plan.as_ref(),
        actual.as_ref().ok(),
        detail,
    )?;
    let ars_due: Option<Decimal> = plan
        .left_on
        .map(|_| schedule.iter().filter_map(|r| r.served.map(|s| s.1)).sum());
    let not_served = ars_due.map(|due| ars_total - due);
    let full_cost_served: Option<Decimal> = match plan.left_on {
        None => None,
        Some(_) => schedule
            .iter()
            .filter_map(|r| r.served.map(|s| s.3))
            .sum::<Option<Decimal>>(),
    };
    let recovery = not_served.map(|amount| {
        let clause = plan.rule.and_then(|r| r.early_leave.as_ref());
        let case = match (clause, plan.leave_reason) {
            (None, _) => RecoveryCase::NotStated,
            (Some(_), None) => RecoveryCase::ReasonNotGiven,
            (Some(c), Some(reason)) if c.reasons.contains(&reason) => RecoveryCase::Covered,
            (Some(_), Some(_)) => RecoveryCase::NotStated,
        };
        let recoverable = match case {
            RecoveryCase::Covered | RecoveryCase::ReasonNotGiven => Some(amount),
            RecoveryCase::NotStated => None,
        };
        (case, recoverable)
    });
    Ok(Computation {
        monthly,
        actual,
        data_credit,
        establishment_monthly,
        ars_total,
        establishment_total: full_cost_total.map(|cost| cost - ars_total),
        full_cost_total,
        not_served,
        recovery,
        full_cost_served,
        ars_due,
        schedule,
        plan,
    })
}
