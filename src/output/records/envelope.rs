//! An allocation note priced: a record per region and post type, a total per post type and for
//! the nation, and the credit per calendar year.

use crate::column::Column;
use crate::compute::ComputeError;
use crate::envelope::{EnvelopeRow, EnvelopeTotal, Unpriced};
use crate::explain::override_words;
use crate::lang::Lang;
use crate::output::{Cell, Word};
use crate::post::Naming;
use crate::rates::Rates;
use crate::tr;
use std::borrow::Cow;

/// How an envelope's cells are written: ids for scripts (CSV, JSON), names for people (tables),
/// and the notes in the language asked for.
#[derive(Clone, Copy)]
pub struct EnvelopeStyle<'r> {
    /// The language of the notes.
    pub lang: Lang,
    /// The data, when the cells are for people (regions by their names).
    pub people: Option<&'r Rates>,
    /// The notes common to several rows, said once at the head: such a row shows its number.
    pub common: &'r [String],
}

impl EnvelopeStyle<'_> {
    /// A region: its id for scripts, its name for people.
    fn region<'a>(&self, id: &'a str) -> Cow<'a, str> {
        match self.people.and_then(|rates| rates.region(id).ok()) {
            Some(region) => Cow::Owned(region.name.clone()),
            None => Cow::Borrowed(id),
        }
    }

    /// The whole nation.
    fn all(&self) -> Cell<'static> {
        match self.people {
            Some(_) => Cell::text(self.lang.pick("all (France)", "France entière")),
            None => Cell::text("all"),
        }
    }
}

/// Why a row has no credit, in words of `lang`. For people, a region without a rule set is
/// said without the region's name, so that the rows that share it show it once.
fn unpriced(why: &Unpriced, style: EnvelopeStyle<'_>) -> String {
    let lang = style.lang;
    match why {
        Unpriced::Compute(ComputeError::NoRuleSet { known, .. }) if style.people.is_some() => {
            let known: Vec<String> = known
                .iter()
                .map(|(region, types)| {
                    let types: Vec<&str> = types.iter().map(|t| t.label(lang)).collect();
                    format!("{region} ({})", types.join(", "))
                })
                .collect();
            tr!(
                lang,
                "No published rule set for these posts, and no --share: not priced. Rule sets exist for: {}. To price them, give the funded share (--share 50%, say): the national grid, the reference charge rate and the PET from the working pattern (or --pet-amount) fill the rest.",
                "Pas de règles publiées pour ces postes, et pas de --share : non chiffrés. Des règles existent pour : {}. Pour les chiffrer, donnez la part financée (--share 50%, par exemple) : la grille nationale, le taux de charges de référence et la PET selon l'organisation du travail (ou --pet-amount) font le reste.",
                known.join(lang.pick("; ", " ; "))
            )
        }
        Unpriced::RegionsNotGiven(Some(note)) => note.get(lang).to_string(),
        Unpriced::RegionsNotGiven(None) => tr!(
            lang,
            "the note's text does not give these posts' regions",
            "le texte de la note ne donne pas les régions de ces postes"
        ),
        // The contracts' start is `envelope`'s --at.
        Unpriced::Compute(e) => format!(
            "{}{} {}",
            match e.field() {
                crate::post::Field::Start => "--at".to_string(),
                field => field.flag(),
            },
            lang.colon(),
            e.render(lang, &Naming::Flags)
        ),
    }
}

/// The note of a row, in full: what it is part of, or why it has no credit.
fn row_note(row: &EnvelopeRow<'_>, style: EnvelopeStyle<'_>) -> Option<String> {
    let lang = style.lang;
    match (&row.within, &row.priced) {
        (Some(of), _) => {
            let region = style.region(of);
            let de_region = crate::lang::de(&region);
            Some(tr!(
                lang,
                "within {region}'s posts, not counted again",
                "compris dans les postes {de_region}, pas comptés deux fois"
            ))
        }
        (None, Err(why)) => Some(unpriced(why, style)),
        (None, Ok(_)) => None,
    }
}

/// The notes that several rows share, in the order they first come: a table says each once.
pub fn common_notes(rows: &[EnvelopeRow<'_>], style: EnvelopeStyle<'_>) -> Vec<String> {
    let notes: Vec<String> = rows.iter().filter_map(|r| row_note(r, style)).collect();
    let mut common: Vec<String> = Vec::new();
    for note in &notes {
        if !common.contains(note) && notes.iter().filter(|n| *n == note).count() > 1 {
            common.push(note.clone());
        }
    }
    common
}

/// A cell of an envelope row, by column; `None` for a column an envelope row does not have.
pub fn envelope_cell<'a>(
    row: &'a EnvelopeRow<'a>,
    column: Column,
    style: EnvelopeStyle<'_>,
) -> Option<Cell<'a>> {
    use Column::*;
    let lang = style.lang;
    let priced = row.priced.as_ref().ok();
    Some(match column {
        Level => Cell::text(match (&row.region, &row.within) {
            (None, _) => "unknown-regions",
            (Some(_), Some(_)) => "within",
            (Some(_), None) => "region",
        }),
        PostType => Cell::Word(row.post_type.into()),
        Region => match (&row.region, style.people) {
            (Some(r), _) => Cell::Text(style.region(r)),
            (None, Some(_)) => {
                Cell::text(lang.pick("regional split unknown", "répartition régionale inconnue"))
            }
            (None, None) => Cell::Empty,
        },
        Posts => Cell::Int(i64::from(row.posts)),
        PricedPosts => Cell::Int(if priced.is_some() {
            i64::from(row.posts)
        } else {
            0
        }),
        RuleSet => match priced {
            Some(p) if p.computation.plan.rule.is_none() && style.people.is_some() => {
                Cell::text(lang.pick("share given", "part donnée"))
            }
            Some(p) => Cell::text(p.rule_set.as_str()),
            None => Cell::Empty,
        },
        Start => Cell::date_or_empty(priced.map(|p| p.computation.plan.start)),
        Overrides => match priced.map(|p| &p.computation.plan) {
            Some(plan) if plan.overrides.applied && !plan.overrides.is_empty() => Cell::List(
                plan.overrides
                    .iter()
                    .map(|o| Cow::Owned(override_words(o, lang, &Naming::Flags)))
                    .collect(),
                " | ",
            ),
            _ => Cell::Empty,
        },
        ArsMonthly => Cell::amount_or_empty(priced.map(|p| p.computation.monthly.ars)),
        PerPostTotal => Cell::amount_or_empty(priced.map(|p| p.computation.ars_total)),
        // A sub-allocation's posts are in its grouping's total: no total of its own.
        Total => Cell::amount_or_empty(row.total().filter(|_| row.within.is_none())),
        Note => match row_note(row, style) {
            None => Cell::Empty,
            Some(note) => match style.common.iter().position(|c| *c == note) {
                Some(i) if style.people.is_some() => Cell::text(format!("({})", i + 1)),
                _ => Cell::text(note),
            },
        },
        _ => return None,
    })
}

/// A cell of an envelope's total, by column; `None` for a column a total does not have.
pub fn total_cell(
    total: &EnvelopeTotal,
    column: Column,
    style: EnvelopeStyle<'_>,
) -> Option<Cell<'static>> {
    use Column::*;
    let lang = style.lang;
    let unpriced = total.unpriced_posts();
    Some(match column {
        Level => Cell::text(if total.post_type.is_some() {
            "post-type"
        } else {
            "nation"
        }),
        PostType => total
            .post_type
            .map_or(style.all(), |p| Cell::Word(p.into())),
        Posts => Cell::Int(i64::from(total.posts)),
        PricedPosts => Cell::Int(i64::from(total.priced_posts)),
        // Nothing priced is an unknown total, not a zero.
        Total if total.priced_posts == 0 => Cell::Empty,
        Total => Cell::Amount(total.total),
        Note if unpriced == 0 => Cell::Empty,
        Note => Cell::text(tr!(
            lang,
            "{unpriced} of {} posts not priced",
            "{unpriced} postes sur {} non chiffrés",
            total.posts
        )),
        Region | RuleSet | Start | ArsMonthly | PerPostTotal | Overrides => Cell::Empty,
        _ => return None,
    })
}

/// The credit, the establishment's share and the full cost per calendar year: for each post
/// type's total, then the nation's, one record per year (post type, year, credit,
/// establishment, full cost).
pub fn by_year_rows<'a>(
    totals: &'a [EnvelopeTotal],
    style: EnvelopeStyle<'_>,
) -> Vec<[Cell<'a>; 5]> {
    totals
        .iter()
        .flat_map(|t| {
            let name = t.post_type.map_or(style.all(), |p| Cell::Word(p.into()));
            t.by_year.values().map(move |y| {
                [
                    name.clone(),
                    Cell::Int(i64::from(y.year)),
                    Cell::Amount(y.ars),
                    Cell::amount_or_empty(y.establishment),
                    Cell::amount_or_empty(y.full_cost),
                ]
            })
        })
        .collect()
}

/// The words a [`Word`] cell of a post type shows, for the table's headings.
pub fn post_type_heading(post_type: crate::model::PostType, lang: Lang) -> String {
    let word = Word::from(post_type).label(lang);
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
