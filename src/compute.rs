//! The computation: from a post's inputs and the reference data to the monthly
//! components, the loaded cost, the ARS and establishment shares and the contract
//! totals. Pure: it reads no file and prints nothing.
//!
//! It runs in three steps: [`crate::plan`] resolves the inputs against the data,
//! [`crate::price`] prices the plan for a date (plain amounts), and this module lays
//! the contract out month by month. The words come last, from [`crate::explain`].

use crate::lang::Lang;
use crate::model::{Component, Grade, PostType, YearBand};
use crate::money::{cents, to_cents, Prorated, RoundingMode};
use crate::pet::{PatternError, WorkPattern};
use crate::plan::{plan, Plan, Variant};
use crate::price::{price, Monthly};
use crate::rates::{Credit, NotInForce, Rates, UnknownRegion};
use crate::schedule::{segments, Proration, Segment, MONTH_UNITS};
use crate::tr;
use chrono::{Datelike, NaiveDate};
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
    /// Why the assistant leaves early.
    pub leave_reason: Option<crate::model::LeaveReason>,
    /// What only the conditions of eligibility read (time shares, specialty).
    pub conditions: crate::eligibility::ConditionInputs,
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
    /// The post's actual monthly cost at the start: its own grade, years and PET at the
    /// national grid in force. `Err` with the reason when the data cannot price it (no
    /// charge rate in force, say): the credit never depends on it, and the costs below are
    /// then unknown (`None`).
    pub actual: Result<Monthly<'a>, String>,
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
    /// it may recover.
    pub recovery: Option<(RecoveryCase, Decimal)>,
    /// When leaving early: the post's actual cost over the days served.
    pub full_cost_served: Option<Decimal>,
}

/// Whether the credit for the time not served may be recovered, by the notice's clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecoveryCase {
    /// The notice has no clause on an early end: nothing is recovered.
    NoClause,
    /// The notice's clause covers the reason given.
    Covered,
    /// The notice's clause does not cover the reason given.
    NotCovered,
    /// The notice has a clause and no reason was given: recovered only if its condition holds.
    ReasonNotGiven,
}

impl RecoveryCase {
    /// The name in the output.
    pub fn id(self) -> &'static str {
        match self {
            RecoveryCase::NoClause => "no-clause",
            RecoveryCase::Covered => "covered",
            RecoveryCase::NotCovered => "not-covered",
            RecoveryCase::ReasonNotGiven => "reason-not-given",
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

/// Why a post cannot be computed. Each message names the input at fault, in the language
/// of messages.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ComputeError {
    /// The region name matches no region.
    UnknownRegion(UnknownRegion),
    /// No published rule set, and no `--share` to compute without one.
    NoRuleSet {
        /// Region name.
        region: String,
        /// ` for inter-hospital posts`, or empty (in the language of messages).
        for_type: String,
        /// Regions and post types with a rule set.
        known: String,
    },
    /// Several post types are possible.
    PostTypeNeeded {
        /// Region name.
        region: String,
        /// The post types possible.
        types: String,
    },
    /// No rule set for that campaign.
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
    NotInForce(NotInForce),
    /// An input value is impossible or not allowed.
    Input {
        /// The input at fault (`months`, `grade`…).
        field: &'static str,
        /// What is wrong.
        message: String,
    },
}

impl std::fmt::Display for ComputeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field(), self.message())
    }
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

    /// What is wrong, without the input's name, in the language of messages.
    pub fn message(&self) -> String {
        let lang = Lang::messages();
        match self {
            ComputeError::UnknownRegion(e) => e.to_string(),
            ComputeError::NoRuleSet {
                region,
                for_type,
                known,
            } => tr!(
                lang,
                "{region} has no published rule set{for_type}. Rule sets exist for: {known}. To compute anyway, give the funded share (`share`, 50% for example): the national grid, the reference charge rate and the PET from the working pattern (or --pet-amount) fill the rest",
                "{region} n'a pas de règles publiées{for_type}. Des règles existent pour : {known}. Pour calculer quand même, donnez la part financée (`share`, 50% par exemple) : la grille nationale, le taux de charges de référence et la PET selon l'organisation du travail (ou --pet-amount) font le reste"
            ),
            ComputeError::PostTypeNeeded { region, types } => tr!(
                lang,
                "give the post type: {region} has rule sets for {types}",
                "donnez le type de poste : {region} a des règles pour {types}"
            ),
            ComputeError::UnknownCampaign {
                region,
                post_type,
                campaign,
                known,
            } => tr!(
                lang,
                "{region} has no {post_type} rule set for campaign {campaign}; known campaigns: {known}",
                "{region} n'a pas de règles {post_type} pour la campagne {campaign} ; campagnes connues : {known}"
            ),
            ComputeError::NotInForce(e) => e.to_string(),
            ComputeError::Input { message, .. } => message.clone(),
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

/// Why a computation made with [`Detail::Credit`] has no actual cost.
pub const NOT_PRICED: &str = "the post's actual cost was not asked for";

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
/// `memo` when they were priced before.
///
/// `memo` must serve only posts whose inputs are the same but for their dates (`start`,
/// `months`, `end`, `left_on`): the monthly figures are remembered by the rule set and the
/// versions of the data in force, which is all the dates change in them.
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

/// Monthly figures priced for the plans of one post's inputs at several dates (a batch's rows
/// that differ only by their dates): see [`compute_remembering`].
#[derive(Debug, Default)]
pub struct PriceMemo<'a> {
    entries: Vec<(MemoKey, Monthly<'a>)>,
    /// The entry replaced next once the memo is full.
    next: usize,
}

/// What a plan's monthly figures depend on besides the post's inputs (which a [`PriceMemo`]
/// serves one set of): which of the two plans it is, the rule set chosen (by the start), and
/// the versions of the data in force on the date priced (their addresses in the data).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct MemoKey {
    actual: bool,
    rule: usize,
    versions: [usize; 4],
}

/// The most entries a [`PriceMemo`] keeps.
const PRICE_MEMO_ENTRIES: usize = 8;

impl<'a> PriceMemo<'a> {
    /// [`price`], or the figures priced before with the same rule set and versions.
    fn price(
        &mut self,
        plan: &Plan<'_>,
        rates: &'a Rates,
        date: NaiveDate,
        actual: bool,
    ) -> Result<Monthly<'a>, ComputeError> {
        fn address<T>(found: Option<&T>) -> usize {
            found.map_or(0, |v| std::ptr::from_ref(v) as usize)
        }
        let key = MemoKey {
            actual,
            rule: address(plan.rule),
            versions: [
                address(rates.grid.at(date).ok()),
                address(rates.iespe.at(date).ok()),
                address(rates.pet.at(date).ok()),
                address(rates.charges.at(date).ok()),
            ],
        };
        if let Some((_, monthly)) = self.entries.iter().find(|(k, _)| *k == key) {
            return Ok(Monthly { date, ..*monthly });
        }
        let monthly = price(plan, rates, date)?;
        if self.entries.len() < PRICE_MEMO_ENTRIES {
            self.entries.push((key, monthly));
        } else if let Some(entry) = self.entries.get_mut(self.next) {
            *entry = (key, monthly);
            self.next = (self.next + 1) % PRICE_MEMO_ENTRIES;
        }
        Ok(monthly)
    }
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
        Some(memo) => memo.price(&plan, rates, plan.priced_at, false)?,
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
    let (actual_plan, actual) = if detail == Detail::Credit {
        (None, Err(NOT_PRICED.to_string()))
    } else {
        let actual_plan = plan.actual_cost();
        let actual = if plan.credit_basis() == crate::plan::CreditBasis::ActualCost && !plan.variant
        {
            Ok(monthly)
        } else {
            price(&actual_plan, rates, plan.start).map_err(|e| e.to_string())
        };
        (Some(actual_plan), actual)
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
            (None, _) => RecoveryCase::NoClause,
            (Some(_), None) => RecoveryCase::ReasonNotGiven,
            (Some(c), Some(reason)) if c.reasons.contains(&reason) => RecoveryCase::Covered,
            (Some(_), Some(_)) => RecoveryCase::NotCovered,
        };
        let recoverable = match case {
            RecoveryCase::Covered | RecoveryCase::ReasonNotGiven => amount,
            RecoveryCase::NoClause | RecoveryCase::NotCovered => Decimal::ZERO,
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

/// The month-by-month schedule, with the contract's credit and full cost (the sums of its months).
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
    actual_plan: Option<&Plan<'_>>,
    actual_at_start: Option<&Monthly<'_>>,
    detail: Detail,
) -> Result<(Vec<ScheduleRow>, Decimal, Option<Decimal>), ComputeError> {
    let mode = plan.rounding.mode;
    // The days on which a version of the data changes during the contract: a month is re-priced
    // only when one has passed since the month priced last.
    // The actual cost follows the data each month; the credit too, unless a `check` variant
    // prices every month on one date.
    let mut changes: Vec<NaiveDate> = {
        let (after, through) = (plan.start, plan.end);
        rates
            .grid
            .changes(after, through)
            .chain(rates.iespe.changes(after, through))
            .chain(rates.pet.changes(after, through))
            .chain(rates.charges.changes(after, through))
            .collect()
    };
    changes.sort_unstable();
    let mut changes = changes.into_iter().peekable();
    // The actual monthly cost to the cent (`None` while the data cannot price it) and the
    // monthly credit, with the data in force.
    let mut month_loaded: Option<Decimal> = actual_at_start.map(|a| cents(a.loaded));
    let mut month_credit = at_start.ars;

    // The last month of a contract of whole months counts what makes the total exactly `months`.
    let adjust_last = plan.extra_days == 0 && plan.proration != Proration::WholeMonths;
    let whole_units = u64::from(plan.months) * MONTH_UNITS;

    let too_large = || {
        input_error(
            "months",
            Lang::messages().pick(
                "the contract's amounts are too large to add up",
                "les montants du contrat sont trop grands pour être additionnés",
            ),
        )
    };
    let amount_cents = |amount: Decimal| to_cents(amount).ok_or_else(too_large);
    let cost_rounded = |total: Prorated| {
        total
            .rounded(RoundingMode::HalfAwayFromZero)
            .ok_or_else(too_large)
    };

    // The whole months count exactly `months` months: the month in which they end counts what
    // makes them exact (a contract from the 29th to the 31st, or ending in February, would
    // otherwise count a few thirtieths more or less). Days after them, when the contract is
    // given by its end, count their own thirtieths: 29 January to 1 March is one month and a
    // day, as 29 January to 28 February is one month.
    let whole_end = (plan.months > 0 && plan.proration != Proration::WholeMonths)
        .then(|| crate::schedule::contract_end(plan.start, plan.months))
        .flatten();
    let mut whole_units_so_far = 0_u64;

    // The same data in force all along and no early leave: the totals are the monthly figures
    // times the months counted, and only the first and last months can be partial.
    if detail != Detail::Schedule
        && changes.peek().is_none()
        && plan.left_on.is_none()
        && (plan.extra_days == 0 || whole_end.is_none())
    {
        let mut months = segments(plan.start, plan.end);
        let first = months.next().map(|s| s.counted(plan.proration));
        let last = Segment {
            from: plan.end.with_day(1).unwrap_or(plan.end).max(plan.start),
            to: plan.end,
        }
        .counted(plan.proration);
        let middle = (plan.end.year() - plan.start.year()) * 12 + plan.end.month() as i32
            - plan.start.month() as i32
            - 1;
        let units = match first {
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
        };
        let credit = amount_cents(at_start.ars)?;
        let ars_total = Prorated::default()
            .plus(credit, units)
            .and_then(|t| t.rounded(mode))
            .ok_or_else(too_large)?;
        let cost_total = match month_loaded {
            Some(loaded) => Some(cost_rounded(
                Prorated::default()
                    .plus(amount_cents(loaded)?, units)
                    .ok_or_else(too_large)?,
            )?),
            None => None,
        };
        return Ok((Vec::new(), ars_total, cost_total));
    }
    // Exact running totals, rounded once per month: a month's amount is the rounded total less
    // the rounded total before it. The cost's is `None` once the cost is unknown.
    let mut ars_cum = Prorated::default();
    let mut cost_cum = month_loaded.map(|_| Prorated::default());
    let (mut ars_before, mut cost_before) = (Decimal::ZERO, Decimal::ZERO);
    let mut schedule = Vec::with_capacity(plan.months as usize + 2);
    for segment in segments(plan.start, plan.end) {
        let mut count = segment.counted(plan.proration);
        if let Some(whole_end) = whole_end {
            let mut whole = segment
                .until(whole_end)
                .map(|part| part.counted(plan.proration));
            if let Some(part) = whole
                .as_mut()
                .filter(|_| segment.from <= whole_end && whole_end <= segment.to)
            {
                // The whole months' last month: what makes them exactly `months` months
                // (in whole thirtieths: 30 a month, less those the other months count).
                part.units = whole_units
                    .saturating_sub(whole_units_so_far)
                    .min(MONTH_UNITS);
                if plan.proration == Proration::Thirtieths {
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
                    .counted(plan.proration)
                });
            whole_units_so_far += whole.map_or(0, |w| w.units);
            count.units = whole.map_or(0, |w| w.units) + after.map_or(0, |a| a.units);
            count.days = whole.map_or(0, |w| w.days) + after.map_or(0, |a| a.days);
        }
        let in_force = segment.from.max(plan.start);
        if changes.next_if(|change| *change <= in_force).is_some() {
            while changes.next_if(|change| *change <= in_force).is_some() {}
            // Past the data, the cost becomes unknown; the credit cannot be computed at all.
            if let (Some(_), Some(actual_plan)) = (month_loaded, actual_plan) {
                month_loaded = price(actual_plan, rates, in_force)
                    .ok()
                    .map(|m| cents(m.loaded));
            }
            if !plan.fixed_price {
                month_credit = price(plan, rates, in_force.max(plan.priced_at))
                    .map_err(|e| match e {
                        ComputeError::NotInForce(n) => input_error(
                            "end",
                            tr!(
                                Lang::messages(),
                                "{n}: the contract runs from {} to {}, past the data",
                                "{n} : le contrat court du {} au {}, au-delà des données",
                                crate::lang::date(plan.start, Lang::messages()),
                                crate::lang::date(plan.end, Lang::messages())
                            ),
                        ),
                        other => other,
                    })?
                    .ars;
            }
        }
        let credit = match plan.credit {
            Credit::FollowsGrid => month_credit,
            Credit::Fixed => at_start.ars,
        };
        let credit_cents = amount_cents(credit)?;
        let ars_cum_before = ars_cum;
        ars_cum = ars_cum
            .plus(credit_cents, count.units)
            .ok_or_else(too_large)?;
        let ars_after = ars_cum.rounded(mode).ok_or_else(too_large)?;
        let ars = ars_after - ars_before;
        // The establishment pays the post's actual monthly cost to the cent.
        let loaded_cents = month_loaded.map(amount_cents).transpose()?;
        let cost_cum_before = cost_cum;
        cost_cum = match (cost_cum, loaded_cents) {
            (Some(total), Some(loaded)) => {
                Some(total.plus(loaded, count.units).ok_or_else(too_large)?)
            }
            _ => None,
        };
        let cost_after = cost_cum.map(cost_rounded).transpose()?;
        let full_cost = cost_after.map(|after| after - cost_before);
        // When leaving early: the part of the month served, its credit, the credit for the
        // rest, and the actual cost of the days served.
        let served = match plan.left_on {
            None => None,
            Some(left_on) => {
                let (served_days, due, cost) = match segment.until(left_on) {
                    None => (0, Decimal::ZERO, full_cost.map(|_| Decimal::ZERO)),
                    Some(part) if part == segment => (count.days, ars, full_cost),
                    Some(part) => {
                        let part = part.counted(plan.proration);
                        let units = part.units.min(count.units);
                        let due = ars_cum_before
                            .plus(credit_cents, units)
                            .and_then(|total| total.rounded(mode))
                            .ok_or_else(too_large)?
                            - ars_before;
                        let cost = match (cost_cum_before, loaded_cents) {
                            (Some(total), Some(loaded)) => Some(
                                cost_rounded(total.plus(loaded, units).ok_or_else(too_large)?)?
                                    - cost_before,
                            ),
                            _ => None,
                        };
                        (part.days, due, cost)
                    }
                };
                Some((served_days, due, ars - due, cost))
            }
        };
        ars_before = ars_after;
        cost_before = cost_after.unwrap_or(cost_before);
        schedule.push(ScheduleRow {
            segment,
            days: count.days,
            days_in_month: count.days_in_month,
            ars,
            establishment: full_cost.map(|cost| cost - ars),
            full_cost,
            loaded_monthly: month_loaded,
            served,
        });
    }
    // The months' amounts are differences of running totals: they add up to the last ones.
    Ok((schedule, ars_before, cost_cum.map(|_| cost_before)))
}
