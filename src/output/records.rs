//! The records the commands write: each declares its columns once, and gives a typed
//! cell for each column. CSV, JSON, tables and workbooks all come from these.

use super::{Cell, Column, Notes, Sink};
use crate::check::CheckResult;
use crate::compute::{Computation, YearTotal};
use crate::explain::{explain, Explanation};
use crate::money::{human_rate, Lang};
use crate::rates::Rates;
use serde_json::{json, Value};
use std::borrow::Cow;
use std::io;

/// The columns of a computation, in their stable order: the CSV header and the scalar
/// keys of JSON. `assumptions`, `warnings` and `sources` need the explanation.
pub const COMPUTE_COLUMNS: &[&str] = &[
    "region",
    "post_type",
    "rule_set",
    "campaign",
    "start",
    "end",
    "months",
    "extra_days",
    "grade",
    "years",
    "credit_basis",
    "base_salary_monthly",
    "iespe_monthly",
    "pet_monthly",
    "gross_monthly",
    "charges_rate",
    "charges_monthly",
    "loaded_monthly",
    "actual_base_salary_monthly",
    "actual_iespe_monthly",
    "actual_pet_monthly",
    "actual_gross_monthly",
    "actual_charges_rate",
    "actual_charges_monthly",
    "actual_loaded_monthly",
    "funded",
    "funded_monthly",
    "share",
    "ars_monthly",
    "establishment_monthly",
    "ars_total",
    "establishment_total",
    "full_cost_total",
    "proration",
    "left_on",
    "leave_reason",
    "ars_due",
    "not_served",
    "recovery",
    "recoverable",
    "full_cost_served",
    "establishment_served",
    "conditions",
    "assumptions",
    "warnings",
    "sources",
];

/// The columns that need the explanation (its words are built only for them).
pub const EXPLAINED_COLUMNS: &[&str] = &["conditions", "assumptions", "warnings", "sources"];

/// The columns that need the post's actual cost (it is priced only for them, see
/// [`crate::compute::Detail::Credit`]); the others show the credit and the inputs.
pub const ACTUAL_COST_COLUMNS: &[&str] = &[
    "actual_base_salary_monthly",
    "actual_iespe_monthly",
    "actual_pet_monthly",
    "actual_gross_monthly",
    "actual_charges_rate",
    "actual_charges_monthly",
    "actual_loaded_monthly",
    "establishment_monthly",
    "establishment_total",
    "full_cost_total",
    "full_cost_served",
    "establishment_served",
];

/// The columns of a check, after the computation's.
pub const CHECK_COLUMNS: &[&str] = &[
    "notified",
    "per",
    "expected",
    "gap",
    "gap_months",
    "tolerance",
    "check_status",
    "explained_by",
];

/// The columns of a schedule row.
pub const SCHEDULE_COLUMNS: &[&str] = &[
    "month",
    "from",
    "to",
    "days",
    "days_in_month",
    "ars",
    "establishment",
    "full_cost",
    "loaded_monthly",
];

/// The schedule's columns when the assistant leaves early.
pub const SCHEDULE_EARLY_COLUMNS: &[&str] =
    &["served_days", "ars_due", "not_served", "full_cost_served"];

/// A cell of a computation by column key; `None` for a key it does not have.
/// `explanation` is needed only for [`EXPLAINED_COLUMNS`] (they are empty without it).
pub fn compute_cell<'a>(
    c: &'a Computation<'a>,
    explanation: Option<&Explanation<'a>>,
    key: &str,
) -> Option<Cell<'a>> {
    let plan = &c.plan;
    let m = &c.monthly;
    let actual = c.actual.as_ref().ok();
    let early = plan.left_on.is_some();
    Some(match key {
        "region" => Cell::text(plan.region.id.as_str()),
        "post_type" => Cell::text(plan.post_type.id()),
        "rule_set" => Cell::text(plan.rule_set_id()),
        "campaign" => plan
            .rule
            .and_then(|r| r.campaign)
            .map_or(Cell::Empty, |y| Cell::Int(i64::from(y))),
        "start" => Cell::Date(plan.start),
        "end" => Cell::Date(plan.end),
        "months" => Cell::Int(i64::from(plan.months)),
        "extra_days" => Cell::Int(i64::from(plan.extra_days)),
        "grade" => Cell::text(plan.actual.grade.id()),
        "years" => Cell::text(plan.actual.years.id()),
        "credit_basis" => Cell::text(plan.credit_basis().id()),
        "base_salary_monthly" => Cell::Amount(m.base),
        "iespe_monthly" => Cell::Amount(m.iespe),
        "pet_monthly" => Cell::Amount(m.pet),
        "gross_monthly" => Cell::Amount(m.gross),
        "charges_rate" => Cell::Rate(m.rate),
        "charges_monthly" => Cell::Amount(m.charges),
        "loaded_monthly" => Cell::Amount(m.loaded),
        "actual_base_salary_monthly" => Cell::amount_or_empty(actual.map(|a| a.base)),
        "actual_iespe_monthly" => Cell::amount_or_empty(actual.map(|a| a.iespe)),
        "actual_pet_monthly" => Cell::amount_or_empty(actual.map(|a| a.pet)),
        "actual_gross_monthly" => Cell::amount_or_empty(actual.map(|a| a.gross)),
        "actual_charges_rate" => actual.map_or(Cell::Empty, |a| Cell::Rate(a.rate)),
        "actual_charges_monthly" => Cell::amount_or_empty(actual.map(|a| a.charges)),
        "actual_loaded_monthly" => Cell::amount_or_empty(actual.map(|a| a.loaded)),
        "funded" => Cell::List(
            plan.funded.iter().map(|x| Cow::Borrowed(x.id())).collect(),
            ",",
        ),
        "funded_monthly" => Cell::Amount(m.funded_monthly),
        "share" => Cell::Rate(plan.share),
        "ars_monthly" => Cell::Amount(m.ars),
        "establishment_monthly" => Cell::amount_or_empty(c.establishment_monthly),
        "ars_total" => Cell::Amount(c.ars_total),
        "establishment_total" => Cell::amount_or_empty(c.establishment_total),
        "full_cost_total" => Cell::amount_or_empty(c.full_cost_total),
        "proration" => Cell::text(plan.proration.id()),
        "left_on" if early => Cell::date_or_empty(plan.left_on),
        "leave_reason" if early => plan
            .leave_reason
            .map_or(Cell::Empty, |r| Cell::text(r.id())),
        "ars_due" if early => Cell::amount_or_empty(c.ars_due),
        "not_served" if early => Cell::amount_or_empty(c.not_served),
        "recovery" if early => c
            .recovery
            .map_or(Cell::Empty, |(case, _)| Cell::text(case.id())),
        "recoverable" if early => Cell::amount_or_empty(c.recovery.map(|(_, amount)| amount)),
        "full_cost_served" if early => Cell::amount_or_empty(c.full_cost_served),
        "establishment_served" if early => Cell::amount_or_empty(
            c.full_cost_served
                .zip(c.ars_due)
                .map(|(cost, due)| cost - due),
        ),
        "left_on"
        | "leave_reason"
        | "ars_due"
        | "not_served"
        | "recovery"
        | "recoverable"
        | "full_cost_served"
        | "establishment_served" => Cell::Absent,
        "conditions" => Cell::List(
            explanation.map_or_else(Vec::new, |e| {
                e.conditions
                    .iter()
                    .map(|c| Cow::Owned(format!("{}: {}", c.condition.id, c.status.id())))
                    .collect()
            }),
            " | ",
        ),
        "assumptions" => list(explanation.map(|e| &e.assumptions)),
        "warnings" => list(explanation.map(|e| &e.warnings)),
        "sources" => Cell::Sources(explanation.map_or_else(Vec::new, |e| e.sources.clone())),
        _ => return None,
    })
}

fn list<'a>(items: Option<&Vec<String>>) -> Cell<'a> {
    Cell::List(
        items.map_or_else(Vec::new, |items| {
            items.iter().map(|s| Cow::Owned(s.clone())).collect()
        }),
        " | ",
    )
}

/// The flat record of a computation: its columns and cells (for CSV, and batch rows).
pub fn compute_row<'a>(c: &'a Computation<'a>, e: &Explanation<'a>) -> Vec<Cell<'a>> {
    COMPUTE_COLUMNS
        .iter()
        .map(|key| match compute_cell(c, Some(e), key) {
            // CSV has every column, empty when absent.
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
}

/// The columns of a year's totals.
pub const BY_YEAR_COLUMNS: &[&str] = &["year", "ars", "establishment", "full_cost"];

/// A year's totals as cells, in the order of [`BY_YEAR_COLUMNS`].
fn year_cells<'a>(y: &YearTotal) -> [Cell<'a>; 4] {
    [
        Cell::Int(i64::from(y.year)),
        Cell::Amount(y.ars),
        Cell::amount_or_empty(y.establishment),
        Cell::amount_or_empty(y.full_cost),
    ]
}

/// The totals by calendar year as rows: the post's region and rule set, then one row per year.
pub fn write_by_year_rows(sink: &mut dyn Sink, c: &Computation<'_>) -> io::Result<()> {
    let mut header = vec![Column::key("region"), Column::key("rule_set")];
    header.extend(BY_YEAR_COLUMNS.iter().map(|k| Column::key(k)));
    sink.header(&header)?;
    for y in c.by_year() {
        let mut cells = vec![
            Cell::text(c.plan.region.id.as_str()),
            Cell::text(c.plan.rule_set_id()),
        ];
        cells.extend(year_cells(&y));
        sink.row(&cells)?;
    }
    Ok(())
}

/// A computation as one JSON record: the flat fields, then the region's name, the rule
/// set's title, rounding, PET decision, how each figure was made, the schedule if
/// asked, and the sources.
pub fn compute_json<'a>(
    rates: &'a Rates,
    c: &'a Computation<'a>,
    e: &Explanation<'a>,
    parts: Parts,
) -> (Vec<Column>, Vec<Cell<'a>>) {
    let mut keys: Vec<&'static str> = Vec::new();
    let mut cells: Vec<Cell<'a>> = Vec::new();
    for key in COMPUTE_COLUMNS
        .iter()
        .filter(|k| !matches!(**k, "sources" | "conditions"))
    {
        if let Some(cell) = compute_cell(c, Some(e), key) {
            keys.push(key);
            cells.push(cell);
        }
    }
    let plan = &c.plan;
    keys.push("region_name");
    cells.push(Cell::text(plan.region.name.as_str()));
    keys.push("rule_set_title");
    cells.push(Cell::text(e.title));
    keys.push("rounding");
    cells.push(Cell::Json(json!({
        "mode": plan.rounding.mode,
        "at": plan.rounding.at.iter().map(|a| a.id()).collect::<Vec<_>>(),
    })));
    if let Some(pet) = &e.pet {
        keys.push("pet");
        cells.push(Cell::Json(
            json!({ "eligible": pet.eligible, "tier": pet.tier, "reason": pet.reason }),
        ));
    }
    keys.push("explain");
    cells.push(Cell::Json(Value::Object(
        e.figures
            .iter()
            .map(|(key, f)| {
                (
                    key.to_string(),
                    json!({ "how": f.how, "sources": f.sources }),
                )
            })
            .collect(),
    )));
    keys.push("conditions");
    cells.push(Cell::Json(Value::Array(
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
    )));
    if parts.by_year {
        keys.push("by_year");
        let years = c.by_year();
        let years = years.iter().map(|y| {
            Value::Object(
                BY_YEAR_COLUMNS
                    .iter()
                    .zip(year_cells(y))
                    .map(|(k, cell)| (k.to_string(), cell.json()))
                    .collect(),
            )
        });
        cells.push(Cell::Json(Value::Array(years.collect())));
    }
    if parts.schedule {
        keys.push("schedule");
        let early = plan.left_on.is_some();
        let rows: Vec<Value> = c
            .schedule
            .iter()
            .map(|_| ())
            .enumerate()
            .map(|(i, ())| {
                let mut object = serde_json::Map::new();
                for key in schedule_keys(early) {
                    if let Some(cell) = schedule_cell(c, i, key) {
                        object.insert(key.to_string(), cell.json());
                    }
                }
                Value::Object(object)
            })
            .collect();
        cells.push(Cell::Json(Value::Array(rows)));
    }
    keys.push("sources");
    cells.push(Cell::Sources(e.sources.clone()));
    let _ = rates;
    (keys.into_iter().map(Column::key).collect(), cells)
}

/// The schedule's columns.
pub fn schedule_keys(early: bool) -> impl Iterator<Item = &'static str> {
    SCHEDULE_COLUMNS.iter().copied().chain(
        SCHEDULE_EARLY_COLUMNS
            .iter()
            .copied()
            .filter(move |_| early),
    )
}

/// A cell of the schedule's month `index`.
pub fn schedule_cell<'a>(c: &Computation<'a>, index: usize, key: &str) -> Option<Cell<'a>> {
    let r = c.schedule.get(index)?;
    let served = r.served;
    Some(match key {
        "month" => Cell::text(r.segment.month()),
        "from" => Cell::Date(r.segment.from),
        "to" => Cell::Date(r.segment.to),
        "days" => Cell::Int(i64::from(r.days)),
        "days_in_month" => Cell::Int(i64::from(r.days_in_month)),
        "ars" => Cell::Amount(r.ars),
        "establishment" => Cell::amount_or_empty(r.establishment),
        "full_cost" => Cell::amount_or_empty(r.full_cost),
        "loaded_monthly" => Cell::amount_or_empty(r.loaded_monthly),
        "served_days" => Cell::Int(i64::from(served?.0)),
        "ars_due" => Cell::Amount(served?.1),
        "not_served" => Cell::Amount(served?.2),
        "full_cost_served" => Cell::amount_or_empty(served?.3),
        _ => return None,
    })
}

/// The schedule as rows: the post's region and rule set, then one row per calendar month.
pub fn write_schedule_rows(sink: &mut dyn Sink, c: &Computation<'_>) -> io::Result<()> {
    let early = c.plan.left_on.is_some();
    let mut header = vec![Column::key("region"), Column::key("rule_set")];
    header.extend(schedule_keys(early).map(Column::key));
    sink.header(&header)?;
    for i in 0..c.schedule.len() {
        let mut cells = vec![
            Cell::text(c.plan.region.id.as_str()),
            Cell::text(c.plan.rule_set_id()),
        ];
        cells.extend(schedule_keys(early).filter_map(|k| schedule_cell(c, i, k)));
        sink.row(&cells)?;
    }
    Ok(())
}

/// The check's own cells, by column.
pub fn check_cell<'a>(r: &CheckResult<'a>, key: &str, lang: Lang) -> Option<Cell<'a>> {
    Some(match key {
        "notified" => Cell::Amount(r.notified),
        "per" => Cell::text(r.per.id()),
        "expected" => Cell::Amount(r.expected),
        "gap" => Cell::Amount(r.gap),
        "gap_months" => Cell::Number(r.gap_months),
        "tolerance" => Cell::Amount(r.tolerance),
        "check_status" => Cell::text(if r.matches { "match" } else { "mismatch" }),
        "explained_by" => Cell::text(
            r.derivations
                .iter()
                .filter(|d| d.matches)
                .map(|d| d.tried.words(lang))
                .collect::<Vec<_>>()
                .join(" | "),
        ),
        _ => return None,
    })
}

/// The notes of a computation, for tables and workbooks.
pub fn compute_notes<'a>(e: &Explanation<'a>, lang: Lang) -> Notes<'a> {
    Notes {
        warnings: e.warnings.clone(),
        conditions: e
            .conditions
            .iter()
            .map(|c| {
                let number = e
                    .sources
                    .iter()
                    .position(|s| s.id == c.condition.source)
                    .map_or(String::new(), |i| format!(" [{}]", i + 1));
                format!(
                    "{}{} {} ({}){number}",
                    c.status.label(lang),
                    lang.colon(),
                    c.condition.text.get(lang),
                    c.detail
                )
            })
            .collect(),
        assumptions: e.assumptions.clone(),
        sources: e.sources.clone(),
    }
}

/// The figure rows of the computation table: label, amount, how (with `[n]` references).
pub fn write_compute_table(
    sink: &mut dyn Sink,
    c: &Computation<'_>,
    e: &Explanation<'_>,
    lang: Lang,
    parts: Parts,
) -> io::Result<()> {
    let l = super::Labels::new(lang);
    let plan = &c.plan;
    let campaign = plan.rule.and_then(|r| r.campaign);
    sink.text(&format!(
        "{} · {} · {} {}{}\n{}\n{} {} {} {}, {} · {}, {} {}{}\n",
        plan.region.name,
        plan.post_type.word(lang),
        l.get("rule_set"),
        plan.rule_set_id(),
        campaign.map_or(String::new(), |y| format!(" ({} {y})", l.get("campaign"))),
        e.title,
        l.get("from"),
        crate::lang::date(plan.start, lang),
        l.get("to"),
        crate::lang::date(plan.end, lang),
        length_words(c, &l),
        plan.actual.grade.french(),
        l.get("years"),
        plan.actual.years,
        // The post as it is; the credit's reference post when it differs.
        if (plan.actual.grade, plan.actual.years) == (plan.grade, plan.years) {
            String::new()
        } else {
            format!(
                " ({}{} {} {} {})",
                l.get("credit_on"),
                lang.colon(),
                plan.grade.french(),
                l.get("years"),
                plan.years
            )
        },
    ))?;
    sink.header(&[
        Column::new("line", l.get("monthly"), l.get("monthly")),
        Column::new("amount", l.get("amount"), l.get("amount")),
        Column::new("how", l.get("how"), l.get("how")),
    ])?;
    let refs = |key: &str| -> String {
        let numbers: Vec<String> = e
            .figure(key)
            .map(|f| f.sources.clone())
            .unwrap_or_default()
            .iter()
            .filter_map(|id| e.sources.iter().position(|s| s.id == *id))
            .map(|i| format!("[{}]", i + 1))
            .collect();
        if numbers.is_empty() {
            String::new()
        } else {
            format!(" {}", numbers.join(""))
        }
    };
    let mut row = |label: String, key: &str| -> io::Result<()> {
        match e.figure(key) {
            Some(f) => sink.row(&[
                Cell::text(label),
                Cell::Amount(f.value),
                Cell::text(format!("{}{}", f.how, refs(key))),
            ]),
            None => Ok(()),
        }
    };
    row(l.get("base").into(), "base_salary_monthly")?;
    row(l.get("iespe").into(), "iespe_monthly")?;
    row(l.get("pet").into(), "pet_monthly")?;
    row(l.get("gross").into(), "gross_monthly")?;
    row(
        format!(
            "{} ({})",
            l.get("charges"),
            human_rate(c.monthly.rate, lang)
        ),
        "charges_monthly",
    )?;
    row(l.get("loaded").into(), "loaded_monthly")?;
    row(l.get("actual").into(), "actual_loaded_monthly")?;
    row(l.get("funded").into(), "funded_monthly")?;
    row(
        format!("{} ({})", l.get("ars"), human_rate(plan.share, lang)),
        "ars_monthly",
    )?;
    row(l.get("establishment").into(), "establishment_monthly")?;
    row(
        format!(
            "{}{} {} ({})",
            l.get("contract"),
            lang.colon(),
            l.get("ars_total"),
            length_words(c, &l)
        ),
        "ars_total",
    )?;
    row(
        format!(
            "{}{} {}",
            l.get("contract"),
            lang.colon(),
            l.get("establishment_total")
        ),
        "establishment_total",
    )?;
    row(
        format!(
            "{}{} {}",
            l.get("contract"),
            lang.colon(),
            l.get("full_total")
        ),
        "full_cost_total",
    )?;
    if let Some(left_on) = plan.left_on {
        row(
            format!(
                "{} ({} {})",
                l.get("ars_due"),
                l.get("to"),
                crate::lang::date(left_on, lang)
            ),
            "ars_due",
        )?;
        row(l.get("recoverable").to_string(), "recoverable")?;
        row(l.get("full_cost_served").to_string(), "full_cost_served")?;
    }
    if parts.by_year {
        sink.text(&format!("{}{}\n", l.get("by_year"), lang.colon()))?;
        let label = |key: &'static str| Column::new(key, l.get(key), l.get(key));
        sink.header(&[
            label("year"),
            label("ars"),
            label("establishment"),
            Column::new("full_cost", l.get("full_total"), l.get("full_total")),
        ])?;
        for y in c.by_year() {
            let [year, ars, establishment, full_cost] = year_cells(&y);
            sink.row(&[year, ars, establishment, full_cost])?;
        }
    }
    if parts.schedule {
        write_schedule_table(sink, c, &l)?;
    }
    sink.notes(&compute_notes(e, lang))
}

/// A contract's length in words: `24 months`, `0 months 1 day`.
fn length_words(c: &Computation<'_>, l: &super::Labels) -> String {
    let months = c.plan.months;
    match c.plan.extra_days {
        0 => format!("{months} {}", l.get("months")),
        1 => format!("{months} {} {}", l.get("months"), l.get("day")),
        n => format!("{months} {} {n} {}", l.get("months"), l.get("days_word")),
    }
}

/// The month-by-month schedule as a table, with a total row.
fn write_schedule_table(
    sink: &mut dyn Sink,
    c: &Computation<'_>,
    l: &super::Labels,
) -> io::Result<()> {
    let early = c.plan.left_on.is_some();
    let label = |key: &'static str| Column::new(key, l.get(key), l.get(key));
    let mut header = vec![
        label("month"),
        label("from"),
        label("to"),
        label("days"),
        label("ars"),
        label("establishment"),
        Column::new("full_cost", l.get("full_total"), l.get("full_total")),
    ];
    if early {
        header.extend([label("served"), label("due"), label("not_served")]);
    }
    sink.header(&header)?;
    for r in &c.schedule {
        let mut cells = vec![
            Cell::text(crate::lang::month(r.segment.from, l.lang)),
            Cell::Date(r.segment.from),
            Cell::Date(r.segment.to),
            Cell::text(format!("{}/{}", r.days, r.days_in_month)),
            Cell::Amount(r.ars),
            Cell::amount_or_empty(r.establishment),
            Cell::amount_or_empty(r.full_cost),
        ];
        if let Some((days, due, not_served, _)) = r.served {
            cells.extend([
                Cell::text(format!("{days}/{}", r.days_in_month)),
                Cell::Amount(due),
                Cell::Amount(not_served),
            ]);
        }
        sink.row(&cells)?;
    }
    let mut total = vec![
        Cell::text(l.get("total")),
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Amount(c.ars_total),
        Cell::amount_or_empty(c.establishment_total),
        Cell::amount_or_empty(c.full_cost_total),
    ];
    if let (Some(due), Some(not_served)) = (c.ars_due, c.not_served) {
        total.extend([Cell::Empty, Cell::Amount(due), Cell::Amount(not_served)]);
    }
    sink.row(&total)
}

/// The computation's columns as plain text, by key (what CSV writes, before any dialect), in English.
pub fn computation_fields(rates: &Rates, c: &Computation<'_>) -> Vec<(&'static str, String)> {
    let words = explain(rates, c, Lang::En);
    COMPUTE_COLUMNS
        .iter()
        .zip(compute_row(c, &words))
        .map(|(k, cell)| (*k, cell.plain().into_owned()))
        .collect()
}
