//! `envelope`: a national allocation note's posts priced, per region, post type and nation.

use super::{json_text, Context, Target};
use crate::cli::{parse_date, read_flag, OutputArgs, PostArgs};
use anyhow::{anyhow, Result};
use asp_funding::envelope::{envelope, Envelope, EnvelopeOptions, EnvelopeRow, EnvelopeTotal};
use asp_funding::input::RowInput;
use asp_funding::lang::Lang;
use asp_funding::money::plain;
use asp_funding::output::{Cell, Column, Format, Sink};
use asp_funding::tr;
use chrono::NaiveDate;
use clap::Args;
use serde_json::{json, Value};
use std::io::Write;

/// Arguments of `envelope`.
#[derive(Debug, Clone, Args)]
pub struct EnvelopeArgs {
    /// The promotion of the allocation note: 2018-2020, 2024-2026, 2025-2027.
    #[arg(long)]
    pub promotion: String,

    /// The contracts' first day, whose data prices them [default: each rule set's first start, else the first day of next month].
    #[arg(long, value_parser = parse_date)]
    pub at: Option<NaiveDate>,

    /// Adds the credit per calendar year (with --format csv, prints the years instead of the rows).
    #[arg(long)]
    pub by_year: bool,

    /// Writes the note's regional rows as a `batch` input instead (id, region, post_type, posts and the
    /// inputs given), to edit (a share per region…) and price with `asp-funding batch --summary`.
    #[arg(long, conflicts_with = "by_year")]
    pub batch_rows: bool,

    /// Post inputs and overrides for every row (--share 50% prices the regions without a rule set).
    #[command(flatten)]
    pub post: PostArgs,

    /// How the result is written.
    #[command(flatten)]
    pub output: OutputArgs,
}

const COLUMNS: &[(&str, &str, &str)] = &[
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

fn columns() -> Vec<Column> {
    COLUMNS
        .iter()
        .map(|(key, en, fr)| Column::new(key, en, fr))
        .collect()
}

fn row_cells<'a>(row: &'a EnvelopeRow<'a>) -> Vec<Cell<'a>> {
    let level = match (&row.region, &row.within) {
        (None, _) => "unknown-regions",
        (Some(_), Some(_)) => "within",
        (Some(_), None) => "region",
    };
    let priced = row.priced.as_ref().ok();
    vec![
        Cell::text(level),
        Cell::text(row.post_type.id()),
        row.region.as_deref().map_or(Cell::Empty, Cell::text),
        Cell::Int(i64::from(row.posts)),
        Cell::Int(if priced.is_some() {
            i64::from(row.posts)
        } else {
            0
        }),
        priced.map_or(Cell::Empty, |p| Cell::text(p.rule_set.as_str())),
        Cell::amount_or_empty(priced.map(|p| p.computation.monthly.ars)),
        Cell::amount_or_empty(priced.map(|p| p.computation.ars_total)),
        // A sub-allocation's posts are in its grouping's total: no total of its own.
        Cell::amount_or_empty(row.total().filter(|_| row.within.is_none())),
        match (&row.within, &row.priced) {
            (Some(of), _) => Cell::text(format!("within {of}'s posts, not counted again")),
            (None, Err(why)) => Cell::text(why.as_str()),
            (None, Ok(_)) => Cell::Empty,
        },
    ]
}

fn total_cells(total: &EnvelopeTotal) -> Vec<Cell<'static>> {
    let unpriced = total.unpriced_posts();
    vec![
        Cell::text(if total.post_type.is_some() {
            "post-type"
        } else {
            "nation"
        }),
        total
            .post_type
            .map_or(Cell::text("all"), |p| Cell::text(p.id())),
        Cell::Empty,
        Cell::Int(i64::from(total.posts)),
        Cell::Int(i64::from(total.priced_posts)),
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        // Nothing priced is an unknown total, not a zero.
        if total.priced_posts == 0 {
            Cell::Empty
        } else {
            Cell::Amount(total.total)
        },
        if unpriced == 0 {
            Cell::Empty
        } else {
            Cell::text(format!(
                "{unpriced} of {} posts not priced: the total covers {} posts",
                total.posts, total.priced_posts
            ))
        },
    ]
}

fn by_year_rows(e: &Envelope<'_>) -> Vec<(String, i32, rust_decimal::Decimal)> {
    e.totals
        .iter()
        .flat_map(|t| {
            let name = t
                .post_type
                .map_or("all".to_string(), |p| p.id().to_string());
            t.by_year.iter().map(move |(y, v)| (name.clone(), *y, *v))
        })
        .collect()
}

fn json(e: &Envelope<'_>, by_year: bool) -> Value {
    let keys: Vec<&str> = COLUMNS.iter().map(|(k, _, _)| *k).collect();
    let object = |cells: Vec<Cell<'_>>| -> Value {
        Value::Object(
            keys.iter()
                .zip(cells)
                .map(|(k, c)| (k.to_string(), c.json()))
                .collect(),
        )
    };
    let mut out = json!({
        "promotion": e.allocation.promotion,
        "source": e.allocation.source,
        "rows": e.rows.iter().map(|r| object(row_cells(r))).collect::<Vec<_>>(),
        "totals": e.totals.iter().map(|t| object(total_cells(t))).collect::<Vec<_>>(),
    });
    if by_year {
        out["by_year"] = by_year_rows(e)
            .into_iter()
            .map(|(post_type, year, credit)| {
                json!({ "post_type": post_type, "year": year, "ars": plain(credit) })
            })
            .collect();
    }
    out
}

/// The columns a table for people shows (a script's table has them all).
const TABLE_ROW_COLUMNS: &[usize] = &[1, 2, 3, 5, 7, 8, 9];
const TABLE_TOTAL_COLUMNS: &[usize] = &[1, 3, 4, 8, 9];

fn pick<T: Clone>(all: &[T], keep: Option<&[usize]>) -> Vec<T> {
    match keep {
        None => all.to_vec(),
        Some(keep) => keep.iter().filter_map(|i| all.get(*i).cloned()).collect(),
    }
}

fn write_rows(sink: &mut dyn Sink, e: &Envelope<'_>, table: bool, fr: bool) -> Result<()> {
    let all = columns();
    sink.header(&pick(&all, table.then_some(TABLE_ROW_COLUMNS)))?;
    for row in &e.rows {
        sink.row(&pick(&row_cells(row), table.then_some(TABLE_ROW_COLUMNS)))?;
    }
    if table {
        sink.text(if fr { "Totaux :\n" } else { "Totals:\n" })?;
        sink.header(&pick(&all, Some(TABLE_TOTAL_COLUMNS)))?;
    }
    for total in &e.totals {
        sink.row(&pick(
            &total_cells(total),
            table.then_some(TABLE_TOTAL_COLUMNS),
        ))?;
    }
    Ok(())
}

fn write_by_year(sink: &mut dyn Sink, e: &Envelope<'_>) -> Result<()> {
    sink.header(&[
        Column::new("post_type", "Post type", "Type de poste"),
        Column::new("year", "Year", "Année"),
        Column::new("ars", "ARS credit", "Crédit ARS"),
    ])?;
    for (post_type, year, credit) in by_year_rows(e) {
        sink.row(&[
            Cell::text(post_type),
            Cell::Int(i64::from(year)),
            Cell::Amount(credit),
        ])?;
    }
    Ok(())
}

/// Prices an allocation note and writes it.
pub fn run(args: &EnvelopeArgs, ctx: &Context) -> Result<u8> {
    let inputs = args.post.given();
    let mut scratch = RowInput::default();
    for (field, value) in &inputs {
        read_flag(&mut scratch, field, value)?;
    }
    let rates = ctx.rates()?;
    let allocation = rates
        .allocations
        .iter()
        .find(|a| a.promotion == args.promotion.trim())
        .ok_or_else(|| {
            anyhow!(tr!(
                Lang::messages(),
                "--promotion: no allocation note for '{}'; the notes are: {}",
                "--promotion : pas de note de répartition pour « {} » ; les notes sont : {}",
                args.promotion,
                rates
                    .allocations
                    .iter()
                    .map(|a| a.promotion.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })?;
    let options = EnvelopeOptions {
        inputs: inputs
            .into_iter()
            .filter(|(f, _)| f.column != "region")
            .collect(),
        start: args.at,
        today: Some(ctx.today()?),
        lang: args.output.lang,
    };
    if args.batch_rows {
        return batch_rows(args, allocation, &options);
    }
    let priced = envelope(&rates, allocation, &options).map_err(|e| {
        anyhow!(tr!(
            Lang::messages(),
            "{}: {}",
            "{} : {}",
            e.field,
            asp_funding::input::Naming::Flags.rewrite(&e.message)
        ))
    })?;
    let target = Target::open(&args.output)?;
    {
        match args.output.format {
            Format::Json => {
                let mut out = target.writer()?;
                out.write_all(json_text(&json(&priced, args.by_year)).as_bytes())?;
                out.flush()?;
            }
            format => {
                let mut sink = target.sink(&args.output, false)?;
                let source = rates
                    .source(&allocation.source)
                    .map_or(allocation.source.as_str(), |s| s.title.as_str());
                sink.text(&format!(
                    "{} {} · {source}\n",
                    if args.output.lang == asp_funding::money::Lang::Fr {
                        "Répartition"
                    } else {
                        "Allocation"
                    },
                    allocation.promotion
                ))?;
                if args.by_year && format != Format::Table {
                    write_by_year(sink.as_mut(), &priced)?;
                } else {
                    let fr = args.output.lang == asp_funding::money::Lang::Fr;
                    write_rows(sink.as_mut(), &priced, format == Format::Table, fr)?;
                    if args.by_year {
                        sink.text(if fr {
                            "Par année civile :\n"
                        } else {
                            "By calendar year:\n"
                        })?;
                        write_by_year(sink.as_mut(), &priced)?;
                    }
                }
                sink.finish()?;
            }
        }
    }
    target.commit()?;
    Ok(0)
}

/// The note's regional rows as a `batch` input: one row per region and post type the note
/// gives (neither the posts it leaves unsplit nor a sub-allocation counted in its grouping),
/// with the inputs given on the command line as columns.
fn batch_rows(
    args: &EnvelopeArgs,
    allocation: &asp_funding::rates::Allocation,
    options: &EnvelopeOptions,
) -> Result<u8> {
    let mut header: Vec<&'static str> = vec!["id", "region", "post_type", "posts"];
    if args.at.is_some() {
        header.push("start");
    }
    header.extend(options.inputs.iter().map(|(f, _)| f.column));
    let mut rows: Vec<Vec<String>> = Vec::new();
    for (post_type, part) in &allocation.by_type {
        for (region, posts) in &part.posts {
            let mut row = vec![
                format!("{}/{}/{}", allocation.promotion, region, post_type.id()),
                region.clone(),
                post_type.id().to_string(),
                posts.to_string(),
            ];
            if let Some(at) = args.at {
                row.push(at.to_string());
            }
            row.extend(options.inputs.iter().map(|(_, v)| v.clone()));
            rows.push(row);
        }
    }
    if !matches!(args.output.format, Format::Csv | Format::Table) {
        anyhow::bail!(tr!(
            Lang::messages(),
            "--batch-rows: the rows are a CSV batch input; use --format csv (or leave the format out)",
            "--batch-rows : les lignes sont une entrée CSV de batch ; utilisez --format csv (ou ne donnez pas de format)"
        ));
    }
    let text = super::csv_text(&header, &super::text_cells(&rows), args.output.csv_style());
    super::emit(&args.output, &text)
}
