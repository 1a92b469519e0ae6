//! The records the commands write about posts: each gives the typed cell of each of its
//! [`Column`]s through an exhaustive `match`, so that a new column is a compile error until
//! every record has decided about it. CSV, JSON, tables and workbooks all come from these.

pub mod envelope;
pub mod envelope_basis;
mod table;

pub use table::{compute_notes, write_compute_table};

use super::{headers, Cell, Format, Header, Headings, Sink, Word};
use crate::check::CheckResult;
use crate::column::Column;
use crate::compute::{Computation, YearTotal};
use crate::explain::{explain, Explanation};
use crate::lang::Lang;
use crate::post::Naming;
use crate::rates::{ChargesBasis, Rates};
use serde_json::{json, Value};
use std::borrow::Cow;
use std::io;

/// A cell of a computation by column; `None` for a column a computation does not have.
/// `explanation` is needed only for the columns whose [`Column::needs`] say so (they are empty
/// without it). A column of an early leave is [`Cell::Absent`] when the assistant does not leave.
pub fn computation_cell<'a>(
    c: &'a Computation<'a>,
    explanation: Option<&Explanation<'a>>,
    column: Column,
) -> Option<Cell<'a>> {
    use Column::*;
    let plan = &c.plan;
    let m = &c.monthly;
    let actual = c.actual.as_ref().ok();
    let early = plan.left_on.is_some();
    if column.needs().early_leave && !early {
        return Some(Cell::Absent);
    }
    Some(match column {
        Region => Cell::Named {
            id: plan.region.id.as_str().into(),
            name: plan.region.table_name().into(),
        },
        PostType => Cell::Word(plan.post_type.into()),
        RuleSet => match plan.rule {
            Some(rule) => Cell::text(rule.id.as_str()),
            None => Cell::Word(Word::CUSTOM),
        },
        Campaign => plan
            .rule
            .and_then(|r| r.campaign)
            .map_or_else(Cell::default, |y| Cell::Int(i64::from(y))),
        Start => Cell::Date(plan.start),
        End => Cell::Date(plan.end),
        Months => Cell::Int(i64::from(plan.months)),
        ExtraDays => Cell::Int(i64::from(plan.extra_days)),
        Grade => Cell::text(plan.actual.grade.id()),
        Years => Cell::text(plan.actual.years.id()),
        CreditBasis => Cell::Word(plan.credit_basis().into()),
        BaseSalaryMonthly => Cell::Amount(m.base),
        IespeMonthly => Cell::Amount(m.iespe),
        PetMonthly if m.pet_from == crate::price::PetFrom::NotInCredit => Cell::Empty,
        PetMonthly => Cell::Amount(m.pet),
        GrossMonthly => Cell::Amount(m.gross),
        // A notice silent on charges states no rate: its credit's charges are not a 0 % rate.
        ChargesRate | ChargesMonthly | LoadedMonthly if plan.charges == ChargesBasis::None => {
            Cell::Empty
        }
        ChargesRate => Cell::Rate(m.rate),
        ChargesMonthly => Cell::Amount(m.charges),
        LoadedMonthly => Cell::Amount(m.loaded),
        ActualBaseSalaryMonthly => Cell::amount_or_empty(actual.map(|a| a.base)),
        ActualIespeMonthly => Cell::amount_or_empty(actual.map(|a| a.iespe)),
        ActualPetMonthly => Cell::amount_or_empty(actual.map(|a| a.pet)),
        ActualGrossMonthly => Cell::amount_or_empty(actual.map(|a| a.gross)),
        ActualChargesRate => actual.map_or_else(Cell::default, |a| Cell::Rate(a.rate)),
        ActualChargesMonthly => Cell::amount_or_empty(actual.map(|a| a.charges)),
        ActualLoadedMonthly => Cell::amount_or_empty(actual.map(|a| a.loaded)),
        Funded => Cell::List(
            plan.funded.iter().map(|x| Cow::Borrowed(x.id())).collect(),
            ",",
        ),
        FundedMonthly => Cell::Amount(m.funded_monthly),
        Share => Cell::Rate(plan.share),
        ArsMonthly => Cell::Amount(m.ars),
        EstablishmentMonthly => Cell::amount_or_empty(c.establishment_monthly),
        ArsTotal => Cell::Amount(c.ars_total),
        EstablishmentTotal => Cell::amount_or_empty(c.establishment_total),
        FullCostTotal => Cell::amount_or_empty(c.full_cost_total),
        Proration => Cell::text(plan.proration.id()),
        LeftOn => Cell::date_or_empty(plan.left_on),
        LeaveReason => plan
            .leave_reason
            .map_or_else(Cell::default, |r| Cell::Word(r.into())),
        ArsDue => Cell::amount_or_empty(c.ars_due),
        NotServed => Cell::amount_or_empty(c.not_served),
        Recovery => c
            .recovery
            .map_or_else(Cell::default, |(case, _)| Cell::Word(case.into())),
        Recoverable => Cell::amount_or_empty(c.recovery.and_then(|(_, amount)| amount)),
        FullCostServed => Cell::amount_or_empty(c.full_cost_served),
        EstablishmentServed => Cell::amount_or_empty(
            c.full_cost_served
                .zip(c.ars_due)
                .map(|(cost, due)| cost - due),
        ),
        Conditions => conditions_cell(explanation),
        Assumptions => list(explanation.map(|e| &e.assumptions)),
        Warnings => list(explanation.map(|e| &e.warnings)),
        Notes => notes_cell(explanation),
        Overrides => list(explanation.map(|e| &e.overrides)),
        Sources => Cell::Sources(explanation.map_or_else(Vec::new, |e| e.sources.clone())),
        RegionName => Cell::text(plan.region.name.as_str()),
        RuleSetTitle => Cell::text(explanation.map_or("", |e| e.title)),
        Rounding => Cell::Json(json!({
            "mode": plan.rounding.mode,
            "at": plan.rounding.at.iter().map(|a| a.id()).collect::<Vec<_>>(),
        })),
        Id | Pet | Explain | ByYear | Schedule | Notified | Per | Expected | Gap | GapMonths
        | Tolerance | CheckStatus | ExplainedBy | ExplainedByIds | NotifiedMonths | PerInferred
        | MonthsInferred | Derivations | Computation | Posts | Total | Status | Error | Month
        | From | To | Days | DaysInMonth | ServedDays | Year | Ars | Establishment | FullCost
        | Level | PricedPosts | PerPostTotal | Note | ArsPosts | EstablishmentPosts
        | FullCostPosts => return None,
    })
}

/// The conditions of eligibility, each with its status (`id: met`).
fn conditions_cell<'a>(explanation: Option<&Explanation<'a>>) -> Cell<'a> {
    Cell::List(
        explanation.map_or_else(Vec::new, |e| {
            e.conditions
                .iter()
                .map(|c| Cow::Owned(format!("{}: {}", c.condition.id, c.status.id())))
                .collect()
        }),
        " | ",
    )
}

/// The ids of the assumptions, then the warnings (`A1|A9|W8`).
fn notes_cell<'a>(explanation: Option<&Explanation<'_>>) -> Cell<'a> {
    // Each id once, where it first comes: a note said twice in words (two conditions not met,
    // each a W15 with its own name) is one text in the list of ids.
    let notes = || {
        explanation
            .into_iter()
            .flat_map(|e| e.assumption_ids.iter().chain(&e.warning_ids))
    };
    let mut ids = Vec::with_capacity(notes().count());
    for id in notes().map(|n| n.id()) {
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Cell::List(ids, "|")
}

fn list<'a>(items: Option<&Vec<String>>) -> Cell<'a> {
    Cell::List(
        items.map_or_else(Vec::new, |items| {
            items.iter().map(|s| Cow::Owned(s.clone())).collect()
        }),
        " | ",
    )
}

/// The flat record of a computation: a cell for each of [`Column::COMPUTATION`] (for CSV, and
/// batch rows), empty where absent.
pub fn computation_row<'a>(c: &'a Computation<'a>, e: &Explanation<'a>) -> Vec<Cell<'a>> {
    Column::COMPUTATION
        .iter()
        .map(|column| match computation_cell(c, Some(e), *column) {
            Some(Cell::Absent) | None => Cell::Empty,
            Some(cell) => cell,
        })
        .collect()
}

/// What a computation's output shows besides its figures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Parts {
    /// The month-by-month schedule.
    pub schedule: bool,
    /// The totals by calendar year.
    pub by_year: bool,
    /// The answer alone, without the detail.
    pub brief: bool,
}

/// A cell of a year's totals, by column.
pub fn year_cell<'a>(y: &YearTotal, column: Column) -> Option<Cell<'a>> {
    use Column::*;
    Some(match column {
        Year => Cell::Int(i64::from(y.year)),
        Ars => Cell::Amount(y.ars),
        Establishment => Cell::amount_or_empty(y.establishment),
        FullCost => Cell::amount_or_empty(y.full_cost),
        Id
        | Region
        | PostType
        | RuleSet
        | Campaign
        | Start
        | End
        | Months
        | ExtraDays
        | Grade
        | Years
        | CreditBasis
        | BaseSalaryMonthly
        | IespeMonthly
        | PetMonthly
        | GrossMonthly
        | ChargesRate
        | ChargesMonthly
        | LoadedMonthly
        | ActualBaseSalaryMonthly
        | ActualIespeMonthly
        | ActualPetMonthly
        | ActualGrossMonthly
        | ActualChargesRate
        | ActualChargesMonthly
        | ActualLoadedMonthly
        | Funded
        | FundedMonthly
        | Share
        | ArsMonthly
        | EstablishmentMonthly
        | ArsTotal
        | EstablishmentTotal
        | FullCostTotal
        | Proration
        | LeftOn
        | LeaveReason
        | ArsDue
        | NotServed
        | Recovery
        | Recoverable
        | FullCostServed
        | EstablishmentServed
        | Conditions
        | Assumptions
        | Warnings
        | Notes
        | Overrides
        | Sources
        | RegionName
        | RuleSetTitle
        | Rounding
        | Pet
        | Explain
        | ByYear
        | Schedule
        | Notified
        | Per
        | Expected
        | Gap
        | GapMonths
        | Tolerance
        | CheckStatus
        | ExplainedBy
        | ExplainedByIds
        | NotifiedMonths
        | PerInferred
        | MonthsInferred
        | Derivations
        | Computation
        | Posts
        | Total
        | Status
        | Error
        | Month
        | From
        | To
        | Days
        | DaysInMonth
        | ServedDays
        | Level
        | PricedPosts
        | PerPostTotal
        | Note
        | ArsPosts
        | EstablishmentPosts
        | FullCostPosts => return None,
    })
}

/// A year's totals as cells, in the order of [`Column::BY_YEAR`].
fn year_cells<'a>(y: &YearTotal) -> Vec<Cell<'a>> {
    Column::BY_YEAR
        .iter()
        .filter_map(|c| year_cell(y, *c))
        .collect()
}

/// The leading columns of the rows of one post's months or years: its region and rule set.
fn post_cells<'a>(c: &'a Computation<'a>) -> [Cell<'a>; 2] {
    [
        Cell::Named {
            id: c.plan.region.id.as_str().into(),
            name: c.plan.region.table_name().into(),
        },
        computation_cell(c, None, Column::RuleSet).unwrap_or_default(),
    ]
}

/// The totals by calendar year as rows: the post's region and rule set, then one row per year.
pub fn write_by_year_rows<'a>(sink: &mut dyn Sink, c: &'a Computation<'a>) -> io::Result<()> {
    let mut header = headers(&[Column::Region, Column::RuleSet]);
    header.extend(headers(Column::BY_YEAR));
    sink.header(&header)?;
    for y in c.by_year() {
        let mut cells = post_cells(c).to_vec();
        cells.extend(year_cells(&y));
        sink.row(&cells)?;
    }
    Ok(())
}

/// A computation as one JSON record: the flat fields, then the region's name, the rule
/// set's title, rounding, PET decision, how each figure was made, the schedule if
/// asked, and the sources.
pub fn compute_json<'a>(
    c: &'a Computation<'a>,
    e: &Explanation<'a>,
    parts: Parts,
) -> (Vec<Header<'static>>, Vec<Cell<'a>>) {
    let mut keys: Vec<Column> = Vec::new();
    let mut cells: Vec<Cell<'a>> = Vec::new();
    let flat = Column::COMPUTATION
        .iter()
        .filter(|k| !matches!(**k, Column::Sources | Column::Conditions))
        .chain(&[Column::RegionName, Column::RuleSetTitle, Column::Rounding]);
    for column in flat {
        if let Some(cell) = computation_cell(c, Some(e), *column) {
            keys.push(*column);
            cells.push(cell);
        }
    }
    let mut push = |column: Column, value: Value| {
        keys.push(column);
        cells.push(Cell::Json(value));
    };
    if let Some(pet) = &e.pet {
        push(
            Column::Pet,
            json!({ "eligible": pet.eligible, "tier": pet.tier, "reason": pet.reason }),
        );
    }
    push(Column::Explain, explain_json(e));
    push(Column::Conditions, conditions_json(e));
    if parts.by_year {
        let years = c.by_year();
        let years = years.iter().map(|y| {
            Value::Object(
                Column::BY_YEAR
                    .iter()
                    .zip(year_cells(y))
                    .map(|(k, cell)| (k.key().to_string(), cell.json()))
                    .collect(),
            )
        });
        push(Column::ByYear, Value::Array(years.collect()));
    }
    if parts.schedule {
        push(Column::Schedule, schedule_json(c));
    }
    keys.push(Column::Sources);
    cells.push(Cell::Sources(e.sources.clone()));
    (headers(&keys), cells)
}

/// How each figure was made, by column key.
fn explain_json(e: &Explanation<'_>) -> Value {
    Value::Object(
        e.figures
            .iter()
            .map(|(column, f)| {
                (
                    column.key().to_string(),
                    json!({ "how": f.how, "sources": f.sources.iter().collect::<Vec<_>>() }),
                )
            })
            .collect(),
    )
}

/// The conditions of eligibility, checked.
fn conditions_json(e: &Explanation<'_>) -> Value {
    Value::Array(
        e.conditions
            .iter()
            .map(|c| {
                json!({
                    "id": c.condition.id,
                    "condition": c.condition.text.get(e.lang),
                    "status": c.status.id(),
                    "detail": c.detail,
                    "source": c.condition.source,
                })
            })
            .collect(),
    )
}

/// The months of the schedule, one object each.
fn schedule_json(c: &Computation<'_>) -> Value {
    let early = c.plan.left_on.is_some();
    let rows = (0..c.schedule.len()).map(|i| {
        let mut object = serde_json::Map::new();
        for column in schedule_columns(early) {
            if let Some(cell) = schedule_cell(c, i, column) {
                object.insert(column.key().to_string(), cell.json());
            }
        }
        Value::Object(object)
    });
    Value::Array(rows.collect())
}

/// The schedule's columns.
pub fn schedule_columns(early: bool) -> impl Iterator<Item = Column> {
    Column::SCHEDULE.iter().copied().chain(
        Column::SCHEDULE_EARLY
            .iter()
            .copied()
            .filter(move |_| early),
    )
}

/// A cell of the schedule's month `index`; `None` for a column a month does not have.
pub fn schedule_cell<'a>(c: &Computation<'a>, index: usize, column: Column) -> Option<Cell<'a>> {
    use Column::*;
    let r = c.schedule.get(index)?;
    let served = r.served;
    Some(match column {
        Month => Cell::text(r.segment.month()),
        From => Cell::Date(r.segment.from),
        To => Cell::Date(r.segment.to),
        Days => Cell::Int(i64::from(r.days)),
        DaysInMonth => Cell::Int(i64::from(r.days_in_month)),
        Ars => Cell::Amount(r.ars),
        Establishment => Cell::amount_or_empty(r.establishment),
        FullCost => Cell::amount_or_empty(r.full_cost),
        LoadedMonthly => Cell::amount_or_empty(r.loaded_monthly),
        ServedDays => Cell::Int(i64::from(served?.0)),
        ArsDue => Cell::Amount(served?.1),
        NotServed => Cell::Amount(served?.2),
        FullCostServed => Cell::amount_or_empty(served?.3),
        Id
        | Region
        | PostType
        | RuleSet
        | Campaign
        | Start
        | End
        | Months
        | ExtraDays
        | Grade
        | Years
        | CreditBasis
        | BaseSalaryMonthly
        | IespeMonthly
        | PetMonthly
        | GrossMonthly
        | ChargesRate
        | ChargesMonthly
        | ActualBaseSalaryMonthly
        | ActualIespeMonthly
        | ActualPetMonthly
        | ActualGrossMonthly
        | ActualChargesRate
        | ActualChargesMonthly
        | ActualLoadedMonthly
        | Funded
        | FundedMonthly
        | Share
        | ArsMonthly
        | EstablishmentMonthly
        | ArsTotal
        | EstablishmentTotal
        | FullCostTotal
        | Proration
        | LeftOn
        | LeaveReason
        | Recovery
        | Recoverable
        | EstablishmentServed
        | Conditions
        | Assumptions
        | Warnings
        | Notes
        | Overrides
        | Sources
        | RegionName
        | RuleSetTitle
        | Rounding
        | Pet
        | Explain
        | ByYear
        | Schedule
        | Notified
        | Per
        | Expected
        | Gap
        | GapMonths
        | Tolerance
        | CheckStatus
        | ExplainedBy
        | ExplainedByIds
        | NotifiedMonths
        | PerInferred
        | MonthsInferred
        | Derivations
        | Computation
        | Posts
        | Total
        | Status
        | Error
        | Year
        | Level
        | PricedPosts
        | PerPostTotal
        | Note
        | ArsPosts
        | EstablishmentPosts
        | FullCostPosts => return None,
    })
}

/// The schedule as rows: the post's region and rule set, then one row per calendar month.
pub fn write_schedule_rows<'a>(sink: &mut dyn Sink, c: &'a Computation<'a>) -> io::Result<()> {
    let early = c.plan.left_on.is_some();
    let mut header = headers(&[Column::Region, Column::RuleSet]);
    header.extend(schedule_columns(early).map(Header::from));
    sink.header(&header)?;
    for i in 0..c.schedule.len() {
        let mut cells = post_cells(c).to_vec();
        cells.extend(schedule_columns(early).filter_map(|k| schedule_cell(c, i, k)));
        sink.row(&cells)?;
    }
    Ok(())
}

/// The ids of the derivations that reproduce a notified credit.
fn explained_by_ids<'a>(r: &CheckResult<'a>) -> Cell<'a> {
    Cell::List(
        r.found().map(|d| Cow::Borrowed(d.tried.id())).collect(),
        " | ",
    )
}

/// A check's own cell, by column; `None` for a column a check does not have.
pub fn check_cell<'a>(r: &CheckResult<'a>, column: Column, lang: Lang) -> Option<Cell<'a>> {
    use Column::*;
    Some(match column {
        Notified => Cell::Amount(r.notified),
        Per => Cell::Word(r.per.into()),
        Expected => Cell::Amount(r.expected),
        Gap => Cell::Amount(r.gap),
        GapMonths => Cell::Number(r.gap_months),
        Tolerance => Cell::Amount(r.tolerance),
        CheckStatus => Cell::Word(Word::check(r.matches)),
        ExplainedBy => explained_by(r, lang),
        ExplainedByIds => explained_by_ids(r),
        Year => r
            .year
            .filter(|_| r.per == crate::check::Per::Year)
            .map_or_else(Cell::default, |y| Cell::Int(i64::from(y))),
        NotifiedMonths => r
            .reading
            .map_or_else(Cell::default, |m| Cell::Int(i64::from(m.months))),
        PerInferred => Cell::Bool(r.per_inferred),
        MonthsInferred => Cell::Bool(r.months_inferred),
        Derivations => derivations(r, lang),
        Id
        | Region
        | PostType
        | RuleSet
        | Campaign
        | Start
        | End
        | Months
        | ExtraDays
        | Grade
        | Years
        | CreditBasis
        | BaseSalaryMonthly
        | IespeMonthly
        | PetMonthly
        | GrossMonthly
        | ChargesRate
        | ChargesMonthly
        | LoadedMonthly
        | ActualBaseSalaryMonthly
        | ActualIespeMonthly
        | ActualPetMonthly
        | ActualGrossMonthly
        | ActualChargesRate
        | ActualChargesMonthly
        | ActualLoadedMonthly
        | Funded
        | FundedMonthly
        | Share
        | ArsMonthly
        | EstablishmentMonthly
        | ArsTotal
        | EstablishmentTotal
        | FullCostTotal
        | Proration
        | LeftOn
        | LeaveReason
        | ArsDue
        | NotServed
        | Recovery
        | Recoverable
        | FullCostServed
        | EstablishmentServed
        | Conditions
        | Assumptions
        | Warnings
        | Notes
        | Overrides
        | Sources
        | RegionName
        | RuleSetTitle
        | Rounding
        | Pet
        | Explain
        | ByYear
        | Schedule
        | Computation
        | Posts
        | Total
        | Status
        | Error
        | Month
        | From
        | To
        | Days
        | DaysInMonth
        | ServedDays
        | Ars
        | Establishment
        | FullCost
        | Level
        | PricedPosts
        | PerPostTotal
        | Note
        | ArsPosts
        | EstablishmentPosts
        | FullCostPosts => return None,
    })
}

/// The derivations that give the notified amount, in words.
fn explained_by<'a>(r: &CheckResult<'_>, lang: Lang) -> Cell<'a> {
    let found: Vec<String> = r.found().map(|d| d.tried.label(lang)).collect();
    Cell::text(found.join(" | "))
}

/// Every derivation tried: its id, its words, what it gives and whether it matches.
fn derivations<'a>(r: &CheckResult<'_>, lang: Lang) -> Cell<'a> {
    Cell::Json(
        r.derivations
            .iter()
            .map(|d| {
                json!({
                    "id": d.tried.id(),
                    "derivation": d.tried.label(lang),
                    "amount": crate::money::plain(d.amount),
                    "matches": d.matches,
                })
            })
            .collect(),
    )
}

/// The computation's columns as plain text, by key (what CSV writes, before any dialect), in
/// English, naming inputs by their keys.
pub fn computation_fields(rates: &Rates, c: &Computation<'_>) -> Vec<(&'static str, String)> {
    let words = explain(rates, c, Lang::En, &Naming::Keys);
    Column::COMPUTATION
        .iter()
        .zip(computation_row(c, &words))
        .map(|(k, cell)| (k.key(), cell.plain().into_owned()))
        .collect()
}

/// The columns of the notes' catalogue (`asp-funding notes`, `batch --notes FILE`).
const CATALOGUE: [Header<'static>; 3] = [
    Header::new("kind", "Kind", "Nature"),
    Header::new("id", "Id", "Identifiant"),
    Header::new("text", "Text", "Texte"),
];

/// The language the notes' catalogue names its kinds in: a table's reader's; French for CSV
/// whose headers are French names (`--excel` in French, `--headers fr` in either language:
/// « Nature » over « Hypothèse », not over `assumption` nor `Assumption`); `None`, the kinds'
/// keys, for scripts otherwise, and in JSON always (its keys stay keys whatever the headers).
pub fn catalogue_readers(format: Format, headings: Headings, lang: Lang) -> Option<Lang> {
    match format {
        Format::Table => Some(lang),
        Format::Csv if headings == Headings::French => Some(Lang::Fr),
        Format::Csv | Format::Json | Format::Xlsx => None,
    }
}

/// Writes the notes' catalogue, one line a note: its kind (in words for people, its key for
/// scripts), its id and its text.
pub fn write_catalogue(
    sink: &mut dyn Sink,
    entries: &[crate::explain::notes::Entry],
    people: Option<Lang>,
) -> io::Result<()> {
    // The kind stays whole; the id (a rule set's notes are named by the rule set) and the text
    // wrap where the width falls, so that the text keeps its column at any terminal's width.
    sink.wrap(super::Wrap::Anywhere { whole: &[0] });
    sink.header(&CATALOGUE)?;
    for entry in entries {
        let kind = match people {
            Some(lang) => entry.kind.label(lang),
            None => entry.kind.id(),
        };
        sink.row(&[
            Cell::text(kind),
            Cell::text(entry.id.as_str()),
            Cell::text(entry.text.as_str()),
        ])?;
    }
    Ok(())
}
