//! The computation: from a post's inputs and the reference data to the monthly
//! components, the loaded cost, the ARS and establishment shares and the contract
//! totals. Pure: it reads no file and prints nothing.
//!
//! It runs in three steps: [`crate::plan`] resolves the inputs against the data,
//! [`crate::price`] prices the plan for a date (plain amounts), and this module lays
//! the contract out month by month. The words come last, from [`crate::explain`].

use crate::model::{Component, Grade, PostType, YearBand};
use crate::money::{cents, to_cents, Prorated, RoundingMode};
use crate::pet::{PatternError, WorkPattern};
use crate::plan::{plan, Plan, Variant};
use crate::price::{price, Monthly};
use crate::rates::{Credit, NotInForce, Rates, UnknownRegion};
use crate::schedule::{segments, Counted, Proration, Segment, MONTH_UNITS};
use chrono::NaiveDate;
use rust_decimal::Decimal;

pub use crate::plan::CUSTOM;

/// What describes one post: the inputs of `compute` and `check`, and the columns of `batch`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct PostInput {
    /// Region id or name, as typed.
    pub region: String,
    /// Post type; inferred when the region has rule sets for one post type only.
    pub post_type: Option<PostType>,
    /// The rule set's campaign year, when the region has several.
    pub campaign: Option<i32>,
    /// First day of the contract.
    pub start: Option<NaiveDate>,
    /// Contract length in months.
    pub months: Option<u32>,
    /// Last day of the contract (instead of `months`).
    pub end: Option<NaiveDate>,
    /// Last day actually served, when the assistant leaves early.
    pub left_on: Option<NaiveDate>,
    /// Grade of the assistant.
    pub grade: Option<Grade>,
    /// Year band of the assistant.
    pub years: Option<YearBand>,
    /// Average weekly half-days outside the main site.
    pub half_days: Option<Decimal>,
    /// Number of distinct sites other than the main one.
    pub sites: Option<u32>,
    /// Distance between the main site and the shared site, in km.
    pub distance_km: Option<Decimal>,
    /// Whether the ARS director general authorised the PET under 20 km.
    pub pet_derogation: bool,
    /// What-if: the funded share.
    pub share: Option<Decimal>,
    /// What-if: the employer charge rate.
    pub charges: Option<Decimal>,
    /// What-if: the funded components.
    pub include: Option<Vec<Component>>,
    /// What-if: a fixed monthly PET.
    pub pet_amount: Option<Decimal>,
}

impl PostInput {
    /// The working pattern, when the input gives one.
    pub fn pattern(&self) -> Option<WorkPattern> {
        let given = self.half_days.is_some() || self.sites.is_some() || self.distance_km.is_some();
        given.then(|| WorkPattern {
            half_days: self.half_days.unwrap_or_default(),
            sites: self.sites.unwrap_or(1),
            distance_km: self.distance_km,
            derogation: self.pet_derogation,
        })
    }
}

/// The whole answer for one post: the plan, the monthly figures at the start, the
/// schedule and the totals, as plain amounts. [`crate::explain`] gives the words.
#[derive(Debug, Clone)]
pub struct Computation<'a> {
    /// The post resolved against the data.
    pub plan: Plan<'a>,
    /// The monthly figures with the data in force at the start: the notified credit.
    pub monthly: Monthly<'a>,
    /// What the establishment pays each month (loaded cost to the cent − ARS share).
    pub establishment_monthly: Decimal,
    /// ARS credit for the whole contract.
    pub ars_total: Decimal,
    /// Establishment's part for the whole contract.
    pub establishment_total: Decimal,
    /// Full cost of the post for the whole contract.
    pub full_cost_total: Decimal,
    /// One row per calendar month the contract touches.
    pub schedule: Vec<ScheduleRow>,
    /// The credit due for the time served, when the assistant leaves early.
    pub ars_due: Option<Decimal>,
    /// The credit to refund for the time not served, when the assistant leaves early.
    pub refund: Option<Decimal>,
}

impl Computation<'_> {
    /// Whether every month of the schedule is a whole month credited the monthly figure.
    pub fn whole_months(&self) -> bool {
        self.schedule
            .iter()
            .all(|r| r.segment.is_whole_month() && r.ars == self.monthly.ars)
    }

    /// Whether every month also costs the loaded monthly cost at the start.
    pub fn same_cost_every_month(&self) -> bool {
        let loaded = cents(self.monthly.loaded);
        self.whole_months() && self.schedule.iter().all(|r| r.loaded_monthly == loaded)
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
    /// The establishment's part of the month's cost.
    pub establishment: Decimal,
    /// The month's full cost, with the data in force that month.
    pub full_cost: Decimal,
    /// The loaded monthly cost in force that month (before proration), to the cent.
    pub loaded_monthly: Decimal,
    /// When leaving early: days served in the month, the credit due for them, and the rest to refund.
    pub served: Option<(u32, Decimal, Decimal)>,
}

/// Why a post cannot be computed. Each message names the input at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ComputeError {
    /// The region name matches no region.
    #[error("region: {0}")]
    UnknownRegion(UnknownRegion),
    /// No published rule set, and no `--share` to compute without one.
    #[error("region: {region} has no published rule set{for_type}. Rule sets exist for: {known}. To compute anyway, give the funded share (`share`, 50% for example): the national grid, the reference charge rate and the PET from the working pattern (or --pet-amount) fill the rest")]
    NoRuleSet {
        /// Region name.
        region: String,
        /// ` for inter-hospital posts`, or empty.
        for_type: String,
        /// Regions and post types with a rule set.
        known: String,
    },
    /// Several post types are possible.
    #[error("post_type: give the post type: {region} has rule sets for {types}")]
    PostTypeNeeded {
        /// Region name.
        region: String,
        /// The post types possible.
        types: String,
    },
    /// No rule set for that campaign.
    #[error("campaign: {region} has no {post_type} rule set for campaign {campaign}; known campaigns: {known}")]
    UnknownCampaign {
        /// Region name.
        region: String,
        /// Post type.
        post_type: PostType,
        /// Campaign asked for.
        campaign: i32,
        /// Campaigns known.
        known: String,
    },
    /// A reference value is not in force at the start.
    #[error("start: {0}")]
    NotInForce(NotInForce),
    /// An input value is impossible or not allowed.
    #[error("{field}: {message}")]
    Input {
        /// The input at fault (`months`, `grade`…).
        field: &'static str,
        /// What is wrong.
        message: String,
    },
}

impl ComputeError {
    /// The input at fault, by column name.
    pub fn field(&self) -> &'static str {
        match self {
            ComputeError::UnknownRegion(_) | ComputeError::NoRuleSet { .. } => "region",
            ComputeError::PostTypeNeeded { .. } => "post_type",
            ComputeError::UnknownCampaign { .. } => "campaign",
            ComputeError::NotInForce(_) => "start",
            ComputeError::Input { field, .. } => field,
        }
    }

    /// What is wrong, without the input's name.
    pub fn message(&self) -> String {
        let text = self.to_string();
        let prefix = format!("{}: ", self.field());
        match text.strip_prefix(&prefix) {
            Some(rest) => rest.to_string(),
            None => text,
        }
    }
}

// Not `#[from]`: that would make the inner error a `source` too, and `{:#}` would print it twice.
impl From<UnknownRegion> for ComputeError {
    fn from(e: UnknownRegion) -> Self {
        ComputeError::UnknownRegion(e)
    }
}

impl From<NotInForce> for ComputeError {
    fn from(e: NotInForce) -> Self {
        ComputeError::NotInForce(e)
    }
}

impl From<PatternError> for ComputeError {
    fn from(e: PatternError) -> Self {
        ComputeError::Input {
            field: e.field,
            message: e.message,
        }
    }
}

fn input_error(field: &'static str, message: impl Into<String>) -> ComputeError {
    ComputeError::Input {
        field,
        message: message.into(),
    }
}

/// Computes one post. `today` sets the default start where neither the input nor the rule set gives one.
pub fn compute<'a>(
    rates: &'a Rates,
    input: &PostInput,
    today: NaiveDate,
) -> Result<Computation<'a>, ComputeError> {
    compute_variant(rates, input, today, &Variant::default())
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
    let monthly = price(&plan, rates, plan.priced_at)?;
    let establishment_monthly = cents(monthly.loaded) - monthly.ars;
    let schedule = build_schedule(rates, &plan, &monthly)?;
    let ars_total: Decimal = schedule.iter().map(|r| r.ars).sum();
    let full_cost_total: Decimal = schedule.iter().map(|r| r.full_cost).sum();
    let ars_due: Option<Decimal> = plan
        .left_on
        .map(|_| schedule.iter().filter_map(|r| r.served.map(|s| s.1)).sum());
    Ok(Computation {
        monthly,
        establishment_monthly,
        ars_total,
        establishment_total: full_cost_total - ars_total,
        full_cost_total,
        refund: ars_due.map(|due| ars_total - due),
        ars_due,
        schedule,
        plan,
    })
}

/// The month-by-month schedule.
///
/// Each calendar month touched counts a fraction of a month by the rule set's proration. For a
/// contract of whole months, the last month counts what makes the total exactly `months` months
/// (the calendar adds or lacks a few thirtieths when a contract starts on the 29th to 31st or ends
/// in February), since a notice funds its monthly credit "for every month of the contract".
///
/// Amounts are rounded cumulatively: a month's amount is the rounded running total less the
/// rounded running total before it, so that whole months are exactly the monthly figure and the
/// months add up to the rounded contract total, not to a sum of separately rounded halves.
fn build_schedule(
    rates: &Rates,
    plan: &Plan<'_>,
    at_start: &Monthly<'_>,
) -> Result<Vec<ScheduleRow>, ComputeError> {
    let mode = plan.rounding.mode;
    let versions_at = |date: NaiveDate| {
        (
            rates.grid.at(date).ok().map(|v| v.from),
            rates.iespe.at(date).ok().map(|v| v.from),
            rates.pet.at(date).ok().map(|v| v.from),
            rates.charges.at(date).ok().map(|v| v.from),
        )
    };
    // (versions in force, loaded monthly cost to the cent, monthly credit) for each set of
    // versions met: a month is re-priced only when the versions in force differ from those priced.
    let mut priced_months = vec![(
        versions_at(plan.priced_at),
        cents(at_start.loaded),
        at_start.ars,
    )];

    let segments = segments(plan.start, plan.end);
    let mut counted: Vec<Counted> = segments.iter().map(|s| s.counted(plan.proration)).collect();
    if plan.extra_days == 0 && plan.proration != Proration::WholeMonths {
        if let Some((last, others)) = counted.split_last_mut() {
            let whole = u64::from(plan.months) * MONTH_UNITS;
            let other_units: u64 = others.iter().map(|c| c.units).sum();
            last.units = whole.saturating_sub(other_units).min(MONTH_UNITS);
            if plan.proration == Proration::Thirtieths {
                // In whole thirtieths: 30 a month, less those the other months count.
                last.days = u32::try_from(last.units * 30 / MONTH_UNITS).unwrap_or(30);
            }
        }
    }

    let too_large = || input_error("months", "the contract's amounts are too large to add up");
    let amount_cents = |amount: Decimal| to_cents(amount).ok_or_else(too_large);
    // Exact running totals, rounded once per month: a month's amount is the rounded total less
    // the rounded total before it.
    let (mut ars_cum, mut cost_cum) = (Prorated::default(), Prorated::default());
    let (mut ars_before, mut cost_before) = (Decimal::ZERO, Decimal::ZERO);
    let mut schedule = Vec::with_capacity(segments.len());
    for (segment, count) in segments.into_iter().zip(counted) {
        let in_force = if plan.fixed_price {
            plan.priced_at
        } else {
            segment.from.max(plan.priced_at)
        };
        let versions = versions_at(in_force);
        let (month_loaded, month_credit) =
            match priced_months.iter().find(|(v, _, _)| *v == versions) {
                Some((_, loaded, credit)) => (*loaded, *credit),
                None => {
                    let month = price(plan, rates, in_force).map_err(|e| match e {
                        ComputeError::NotInForce(n) => input_error(
                            "end",
                            format!(
                                "{n}: the contract runs from {} to {}, past the data",
                                plan.start, plan.end
                            ),
                        ),
                        other => other,
                    })?;
                    priced_months.push((versions, cents(month.loaded), month.ars));
                    (cents(month.loaded), month.ars)
                }
            };
        let credit = match plan.credit {
            Credit::FollowsGrid => month_credit,
            Credit::Fixed => at_start.ars,
        };
        let credit_cents = amount_cents(credit)?;
        let ars_cum_before = ars_cum;
        ars_cum = ars_cum
            .plus(credit_cents, count.units)
            .ok_or_else(too_large)?;
        // The establishment pays its monthly cost to the cent.
        cost_cum = cost_cum
            .plus(amount_cents(month_loaded)?, count.units)
            .ok_or_else(too_large)?;
        let ars_after = ars_cum.rounded(mode).ok_or_else(too_large)?;
        let cost_after = cost_cum
            .rounded(RoundingMode::HalfAwayFromZero)
            .ok_or_else(too_large)?;
        let ars = ars_after - ars_before;
        let full_cost = cost_after - cost_before;
        // When leaving early: the part of the month served, its credit, and the rest to refund.
        let served = match plan.left_on {
            None => None,
            Some(left_on) => {
                let (served_days, due) = match segment.until(left_on) {
                    None => (0, Decimal::ZERO),
                    Some(part) if part == segment => (count.days, ars),
                    Some(part) => {
                        let part = part.counted(plan.proration);
                        let due = ars_cum_before
                            .plus(credit_cents, part.units.min(count.units))
                            .and_then(|total| total.rounded(mode))
                            .ok_or_else(too_large)?
                            - ars_before;
                        (part.days, due)
                    }
                };
                Some((served_days, due, ars - due))
            }
        };
        (ars_before, cost_before) = (ars_after, cost_after);
        schedule.push(ScheduleRow {
            segment,
            days: count.days,
            days_in_month: count.days_in_month,
            ars,
            establishment: full_cost - ars,
            full_cost,
            loaded_monthly: month_loaded,
            served,
        });
    }
    Ok(schedule)
}
