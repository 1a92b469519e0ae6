//! `envelope`: a national allocation note priced. Each region's posts of each post type,
//! times the credit of one post, give the region's total; totals follow per post type and
//! for the nation.
//!
//! What the notes do not give stays unknown, never zero and never guessed: a split the
//! note's text does not have is one row of unknown regions, and a region that cannot be
//! priced (no rule set, no share given) has no credit. Totals say how many posts they
//! cover and how many are not priced. A sub-allocation (« Océan indien 21 dont Mayotte
//! 15 ») is shown inside its grouping and counted once.

use crate::compute::{compute, Computation, YearTotal};
use crate::input::{Field, Naming, RowInput};
use crate::model::PostType;
use crate::rates::{Allocation, Rates, Split};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// The columns of an envelope: key, English label, French label.
pub const ENVELOPE_COLUMNS: &[(&str, &str, &str)] = &[
    ("level", "Level", "Niveau"),
    ("post_type", "Post type", "Type de poste"),
    ("region", "Region", "Région"),
    ("posts", "Posts", "Postes"),
    ("priced_posts", "Priced", "Chiffrés"),
    ("rule_set", "Rule set", "Règles"),
    ("ars_monthly", "Per post, monthly", "Par poste, mensuel"),
    ("per_post_total", "Per post, contract", "Par poste, contrat"),
    ("total", "Total", "Total"),
    ("note", "Note", "Note"),
];

/// How an allocation is priced.
#[derive(Debug, Clone, Default)]
pub struct EnvelopeOptions {
    /// Post inputs and overrides for every row (the command line's flags).
    pub inputs: Vec<(&'static Field, String)>,
    /// The first day of the contracts (also the date whose data prices them).
    pub start: Option<NaiveDate>,
    /// Today, for default start dates.
    pub today: Option<NaiveDate>,
    /// The language of the reasons a row is not priced.
    pub lang: crate::lang::Lang,
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
    pub priced: Result<PerPost<'a>, String>,
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

/// Why an input for every row cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct EnvelopeInputError {
    /// The input.
    pub field: &'static str,
    /// What is wrong.
    pub message: String,
}

/// Prices an allocation note.
pub fn envelope<'a>(
    rates: &'a Rates,
    allocation: &'a Allocation,
    options: &EnvelopeOptions,
) -> Result<Envelope<'a>, EnvelopeInputError> {
    let mut template = RowInput::default();
    for (field, value) in &options.inputs {
        field
            .set(&mut template, value)
            .map_err(|e| EnvelopeInputError {
                field: e.field,
                message: e.message,
            })?;
    }
    if options.start.is_some() {
        template.post.start = options.start;
    }
    let today = options
        .today
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default());
    let price = |region: &str, post_type: PostType| -> Result<PerPost<'a>, String> {
        let mut input = template.post.clone();
        input.region = region.to_string();
        input.post_type = Some(post_type);
        compute(rates, &input, today)
            .map(|computation| PerPost {
                rule_set: computation.plan.rule_set_id().to_string(),
                computation,
            })
            .map_err(|e| format!("`{}`: {}", e.field(), Naming::Columns.rewrite(&e.message())))
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
                priced: Err(part.note.as_ref().map_or_else(
                    || {
                        crate::tr!(
                            options.lang,
                            "the note's text does not give these posts' regions",
                            "le texte de la note ne donne pas les régions de ces postes"
                        )
                    },
                    |note| note.get(options.lang).to_string(),
                )),
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
    Ok(Envelope {
        allocation,
        rows,
        totals,
    })
}
