//! `envelope`: a national allocation note priced. Each region's posts of each post type,
//! times the credit of one post, give the region's total; totals follow per post type and
//! for the nation.
//!
//! What the notes do not give stays unknown, never zero and never guessed: a split the
//! note's text does not have is one row of unknown regions, and a region that cannot be
//! priced (no rule set, no share given) has no credit. Totals say how many posts they
//! cover and how many are not priced. A sub-allocation (« Océan indien 21 dont Mayotte
//! 15 ») is shown inside its grouping and counted once.

use crate::compute::{compute, Computation, ComputeError, YearTotal};
use crate::lang::Text;
use crate::model::PostType;
use crate::post::PostInput;
use crate::rates::{Allocation, Rates, Split};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// How an allocation is priced.
#[derive(Debug, Clone)]
pub struct EnvelopeOptions {
    /// Post inputs and overrides for every row (the command line's flags), but the region.
    pub inputs: PostInput,
    /// The first day of the contracts (also the date whose data prices them).
    pub start: Option<NaiveDate>,
    /// Today, for default start dates.
    pub today: NaiveDate,
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

    /// The row's credit per calendar year.
    pub fn by_year(&self) -> Vec<(i32, Decimal)> {
        let posts = Decimal::from(self.posts);
        self.priced.as_ref().map_or_else(
            |_| Vec::new(),
            |p| {
                p.computation
                    .by_year()
                    .iter()
                    .map(|y: &YearTotal| (y.year, y.ars * posts))
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
    /// The credit of the posts priced, per calendar year.
    pub by_year: BTreeMap<i32, Decimal>,
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
}

/// Prices an allocation note.
pub fn envelope<'a>(
    rates: &'a Rates,
    allocation: &'a Allocation,
    options: &EnvelopeOptions,
) -> Envelope<'a> {
    let mut template = options.inputs.clone();
    if options.start.is_some() {
        template.start = options.start;
    }
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
                for (year, amount) in row.by_year() {
                    *total.by_year.entry(year).or_insert(Decimal::ZERO) += amount;
                }
            }
        }
        nation.posts += total.posts;
        nation.priced_posts += total.priced_posts;
        nation.total += total.total;
        for (year, amount) in &total.by_year {
            *nation.by_year.entry(*year).or_insert(Decimal::ZERO) += *amount;
        }
        totals.push(total);
    }
    totals.push(nation);
    Envelope {
        allocation,
        rows,
        totals,
    }
}
