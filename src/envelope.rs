//! `envelope`: a national allocation note priced. Each region's posts of each post type,
//! times the credit of one post, give the region's total; totals follow per post type and
//! for the nation.
//!
//! What the notes do not give stays unknown, never zero and never guessed: a split the
//! note's text does not have is one row of unknown regions, and a region that cannot be
//! priced (no rule set, no share given) has no credit. Totals say how many posts they
//! cover and how many are not priced. A sub-allocation (« Océan indien 21 dont Mayotte
//! 15 ») is shown inside its grouping and counted once.
//!
//! Every row's contracts start on the same day ([`ContractsStart`]): the one given, else the
//! promotion's own first November when the data in force then exists, else the earliest day
//! at which it all does. The post inputs given are given for every row: they fill what a
//! region's rule set lacks, and change what it fixes only with `--override`.

use crate::compute::{compute, Computation, ComputeError, YearTotal};
use crate::lang::Text;
use crate::model::PostType;
use crate::plan::first_start;
use crate::post::PostInput;
use crate::rates::{Allocation, Param, Rates, RuleSet, Split, Versioned};
use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// How an allocation is priced.
#[derive(Debug, Clone)]
pub struct EnvelopeOptions {
    /// Post inputs and overrides for every row (the command line's flags), but the region;
    /// its `shared` says which were given, and whether they may override a rule set.
    pub inputs: PostInput,
    /// The first day of the contracts (also the date whose data prices them), when given.
    pub start: Option<NaiveDate>,
    /// Today, for a promotion whose name gives no year.
    pub today: NaiveDate,
}

/// The day wanted for the contracts' start, before the data is looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wanted {
    /// Given (`--at`).
    Given(NaiveDate),
    /// The first November of the promotion's first year (`2018-2020`: 1 November 2018): the
    /// notes give no start date, and the assistants' year starts in November.
    PromotionNovember(NaiveDate),
    /// The promotion's name gives no year: the first day of next month.
    NextMonth(NaiveDate),
}

impl Wanted {
    /// The day.
    pub fn date(self) -> NaiveDate {
        match self {
            Wanted::Given(d) | Wanted::PromotionNovember(d) | Wanted::NextMonth(d) => d,
        }
    }
}

/// Data not in force on the day wanted.
#[derive(Debug, Clone, Copy)]
pub enum Later<'a> {
    /// A national parameter, and the first day it is in force after the day wanted (`None`:
    /// never).
    Param(Param, Option<NaiveDate>),
    /// A rule set of the note's regions whose contracts start later, and that first start.
    RuleSet(&'a RuleSet, NaiveDate),
}

impl Later<'_> {
    /// The first day it is in force, when it is at all.
    pub fn from(&self) -> Option<NaiveDate> {
        match self {
            Later::Param(_, from) => *from,
            Later::RuleSet(_, from) => Some(*from),
        }
    }
}

/// The day every contract of the envelope starts, and why.
#[derive(Debug, Clone)]
pub struct ContractsStart<'a> {
    /// The day.
    pub date: NaiveDate,
    /// The day wanted.
    pub wanted: Wanted,
    /// The promotion's own first November, when its name gives a year.
    pub november: Option<NaiveDate>,
    /// The data not in force on the day wanted. Unless the day was given, the contracts then
    /// start on the earliest day at which all of it is (or, if some never is, on the day wanted).
    pub later: Vec<Later<'a>>,
}

impl ContractsStart<'_> {
    /// Why, as an id for scripts: `at`, `promotion`, `earliest-data`, `no-data`, `next-month`.
    pub fn reason_id(&self) -> &'static str {
        match self.wanted {
            Wanted::Given(_) => "at",
            _ if self.later.iter().any(|l| l.from().is_none()) => "no-data",
            _ if !self.later.is_empty() => "earliest-data",
            Wanted::PromotionNovember(_) => "promotion",
            Wanted::NextMonth(_) => "next-month",
        }
    }
}

/// The first November of a promotion's first year (`2018-2020`: 2018-11-01).
pub fn promotion_november(allocation: &Allocation) -> Option<NaiveDate> {
    let year: i32 = allocation.promotion.get(..4)?.parse().ok()?;
    crate::post::YEARS
        .contains(&year)
        .then(|| NaiveDate::from_ymd_opt(year, 11, 1))
        .flatten()
}

/// The first day on or after `day` on which a version of `versioned` is in force.
fn first_in_force<T>(versioned: &Versioned<T>, day: NaiveDate) -> Option<NaiveDate> {
    if versioned.at(day).is_ok() {
        return Some(day);
    }
    versioned
        .versions
        .iter()
        .map(|v| v.from)
        .filter(|from| *from > day)
        .min()
}

/// The data that is not in force on `day` for the note's rows: the national parameters every
/// priced post uses (the grid, the IESPE, the PET scale, and the reference charge rate of the
/// actual cost and of a credit without a rule set), and the rule sets of its regions whose
/// contracts start later.
fn later_data<'a>(
    rates: &'a Rates,
    allocation: &'a Allocation,
    campaign: Option<i32>,
    day: NaiveDate,
) -> Vec<Later<'a>> {
    let params = [
        (Param::Grid, first_in_force(&rates.grid, day)),
        (Param::Iespe, first_in_force(&rates.iespe, day)),
        (Param::Pet, first_in_force(&rates.pet, day)),
        (Param::Charges, first_in_force(&rates.charges, day)),
    ];
    let mut later: Vec<Later<'a>> = params
        .into_iter()
        .filter(|(_, from)| *from != Some(day))
        .map(|(param, from)| Later::Param(param, from))
        .collect();
    for (post_type, part) in &allocation.by_type {
        for region in part.posts.keys().chain(part.within.keys()) {
            let candidates: Vec<&RuleSet> = rates
                .rule_sets_for(region, Some(*post_type))
                .filter(|r| campaign.is_none_or(|c| r.campaign == Some(c)))
                .collect();
            if candidates
                .iter()
                .any(|r| first_start(r).is_none_or(|first| first <= day))
            {
                continue;
            }
            let earliest = candidates
                .iter()
                .filter_map(|r| first_start(r).map(|first| (first, *r)))
                .min_by_key(|(first, _)| *first);
            if let Some((first, rule)) = earliest {
                if !later
                    .iter()
                    .any(|l| matches!(l, Later::RuleSet(r, _) if r.id == rule.id))
                {
                    later.push(Later::RuleSet(rule, first));
                }
            }
        }
    }
    later
}

/// The first day of a month, on or after `day`.
fn month_start(day: NaiveDate) -> NaiveDate {
    match day.day() {
        1 => day,
        _ => day
            .with_day(1)
            .and_then(|d| d.checked_add_months(Months::new(1)))
            .unwrap_or(day),
    }
}

/// The inputs given for every row that a region's rule set holds back: those that set a term
/// its credit fixes (share, charge rate, funded components), unless they may override it.
/// (`--batch-rows` leaves their cells empty, so that `batch` reads no what-if into them.)
pub fn held_back(
    rates: &Rates,
    region: &str,
    post_type: PostType,
    inputs: &PostInput,
) -> enumset::EnumSet<crate::post::Field> {
    use crate::post::Field;
    let has_rule_set = rates
        .rule_sets_for(region, Some(post_type))
        .any(|r| inputs.campaign.is_none_or(|c| r.campaign == Some(c)));
    match has_rule_set && !inputs.shared.may_override {
        true => inputs.shared.fields & (Field::Share | Field::Charges | Field::Include),
        false => enumset::EnumSet::new(),
    }
}

/// The day the contracts start: the one given; else the promotion's first November when the
/// data in force then exists; else the earliest first of a month at which it all does.
pub fn contracts_start<'a>(
    rates: &'a Rates,
    allocation: &'a Allocation,
    options: &EnvelopeOptions,
) -> ContractsStart<'a> {
    let november = promotion_november(allocation);
    let wanted = match (options.start, november) {
        (Some(day), _) => Wanted::Given(day),
        (None, Some(day)) => Wanted::PromotionNovember(day),
        (None, None) => Wanted::NextMonth(month_start(
            options.today.succ_opt().unwrap_or(options.today),
        )),
    };
    let campaign = options.inputs.campaign;
    let later = later_data(rates, allocation, campaign, wanted.date());
    let mut date = wanted.date();
    if !matches!(wanted, Wanted::Given(_)) {
        // A later day may leave a version behind: look again until nothing is later (a few
        // rounds at most for any data; bounded all the same).
        for _ in 0..16 {
            let again = later_data(rates, allocation, campaign, date);
            let Some(next) = again.iter().map(Later::from).collect::<Option<Vec<_>>>() else {
                date = wanted.date();
                break;
            };
            match next.into_iter().max() {
                Some(next) => date = month_start(next),
                None => break,
            }
        }
    }
    ContractsStart {
        date,
        wanted,
        november,
        later,
    }
}

/// Why a row of an envelope has no credit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unpriced {
    /// The note's text does not give these posts' regions (with the data's note on it).
    RegionsNotGiven(Option<Text>),
    /// The region's post cannot be computed.
    Compute(ComputeError),
}

/// What one post of a row is credited.
#[derive(Debug, Clone)]
pub struct PerPost<'a> {
    /// The rule set used (`custom` without one).
    pub rule_set: String,
    /// The contract of one post.
    pub computation: Computation<'a>,
}

/// One row of the envelope: a region's posts of one post type, or the posts the note's
/// text does not split.
#[derive(Debug, Clone)]
pub struct EnvelopeRow<'a> {
    /// The post type.
    pub post_type: PostType,
    /// The region id; `None` for the posts whose region the note's text does not give.
    pub region: Option<String>,
    /// The posts.
    pub posts: u32,
    /// For a sub-allocation: the grouping region whose posts include these (not counted again).
    pub within: Option<String>,
    /// One post's credit, or why it cannot be priced.
    pub priced: Result<PerPost<'a>, Unpriced>,
}

impl EnvelopeRow<'_> {
    /// The row's credit: posts × one post's contract credit.
    pub fn total(&self) -> Option<Decimal> {
        self.priced
            .as_ref()
            .ok()
            .map(|p| p.computation.ars_total * Decimal::from(self.posts))
    }

    /// The row's credit, the establishment's share and the full cost per calendar year, for
    /// all its posts.
    pub fn by_year(&self) -> Vec<YearTotal> {
        let posts = Decimal::from(self.posts);
        self.priced.as_ref().map_or_else(
            |_| Vec::new(),
            |p| {
                p.computation
                    .by_year()
                    .iter()
                    .map(|y: &YearTotal| YearTotal {
                        year: y.year,
                        ars: y.ars * posts,
                        establishment: y.establishment.map(|v| v * posts),
                        full_cost: y.full_cost.map(|v| v * posts),
                    })
                    .collect()
            },
        )
    }
}

/// A total over rows: all of a post type's, or the nation's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvelopeTotal {
    /// The post type, or `None` for the nation.
    pub post_type: Option<PostType>,
    /// The posts the note allocates.
    pub posts: u32,
    /// The posts priced.
    pub priced_posts: u32,
    /// The credit of the posts priced.
    pub total: Decimal,
    /// The credit of the posts priced, the establishment's share and the full cost, per
    /// calendar year (a cost unknown for one row is unknown for the total).
    pub by_year: BTreeMap<i32, YearTotal>,
}

/// Adds a year's figures to a total's.
fn add_year(by_year: &mut BTreeMap<i32, YearTotal>, y: &YearTotal) {
    let sum = by_year.entry(y.year).or_insert(YearTotal {
        year: y.year,
        ars: Decimal::ZERO,
        establishment: Some(Decimal::ZERO),
        full_cost: Some(Decimal::ZERO),
    });
    sum.ars += y.ars;
    sum.establishment = sum.establishment.zip(y.establishment).map(|(a, b)| a + b);
    sum.full_cost = sum.full_cost.zip(y.full_cost).map(|(a, b)| a + b);
}

impl EnvelopeTotal {
    /// The posts not priced (unknown region, or no rule set and no share).
    pub fn unpriced_posts(&self) -> u32 {
        self.posts.saturating_sub(self.priced_posts)
    }
}

/// An allocation priced.
#[derive(Debug, Clone)]
pub struct Envelope<'a> {
    /// The note.
    pub allocation: &'a Allocation,
    /// One row per region and post type, post type by post type.
    pub rows: Vec<EnvelopeRow<'a>>,
    /// One total per post type, then the nation's.
    pub totals: Vec<EnvelopeTotal>,
    /// The day every contract starts, and why.
    pub start: ContractsStart<'a>,
}

/// Prices an allocation note.
pub fn envelope<'a>(
    rates: &'a Rates,
    allocation: &'a Allocation,
    options: &EnvelopeOptions,
) -> Envelope<'a> {
    let start = contracts_start(rates, allocation, options);
    let mut template = options.inputs.clone();
    template.start = Some(start.date);
    let price = |region: &str, post_type: PostType| -> Result<PerPost<'a>, Unpriced> {
        let mut input = template.clone();
        input.region = region.to_string();
        input.post_type = Some(post_type);
        compute(rates, &input, options.today)
            .map(|computation| PerPost {
                rule_set: computation.plan.rule_set_id().to_string(),
                computation,
            })
            .map_err(Unpriced::Compute)
    };

    let mut rows = Vec::new();
    let mut totals = Vec::new();
    let mut nation = EnvelopeTotal {
        post_type: None,
        posts: 0,
        priced_posts: 0,
        total: Decimal::ZERO,
        by_year: BTreeMap::new(),
    };
    for (post_type, part) in &allocation.by_type {
        let mut total = EnvelopeTotal {
            post_type: Some(*post_type),
            posts: part.total,
            priced_posts: 0,
            total: Decimal::ZERO,
            by_year: BTreeMap::new(),
        };
        let first = rows.len();
        for (region, posts) in &part.posts {
            rows.push(EnvelopeRow {
                post_type: *post_type,
                region: Some(region.clone()),
                posts: *posts,
                within: None,
                priced: price(region, *post_type),
            });
            // A sub-allocation follows its grouping, shown but not counted again.
            for (sub, (of, sub_posts)) in part.within.iter().filter(|(_, (of, _))| of == region) {
                rows.push(EnvelopeRow {
                    post_type: *post_type,
                    region: Some(sub.clone()),
                    posts: *sub_posts,
                    within: Some(of.clone()),
                    priced: price(sub, *post_type),
                });
            }
        }
        let known: u32 = part.posts.values().sum();
        if part.split != Split::Complete || known < part.total {
            rows.push(EnvelopeRow {
                post_type: *post_type,
                region: None,
                posts: part.total.saturating_sub(known),
                within: None,
                priced: Err(Unpriced::RegionsNotGiven(part.note.clone())),
            });
        }
        for row in rows[first..].iter().filter(|r| r.within.is_none()) {
            if let Some(row_total) = row.total() {
                total.priced_posts += row.posts;
                total.total += row_total;
                for year in row.by_year() {
                    add_year(&mut total.by_year, &year);
                }
            }
        }
        nation.posts += total.posts;
        nation.priced_posts += total.priced_posts;
        nation.total += total.total;
        for year in total.by_year.values() {
            add_year(&mut nation.by_year, year);
        }
        totals.push(total);
    }
    totals.push(nation);
    Envelope {
        allocation,
        rows,
        totals,
        start,
    }
}
