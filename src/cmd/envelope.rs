//! `envelope`: a national allocation note's posts priced, per region, post type and nation.

use super::{json_text, Context, Target};
use crate::cli::{parse_date, read_flag, OutputArgs, PostArgs};
use anyhow::{anyhow, Result};
use asp_funding::envelope::{envelope, Envelope, EnvelopeOptions, EnvelopeRow, EnvelopeTotal};
use asp_funding::input::RowInput;
use asp_funding::lang::Lang;
use asp_funding::model::PostType;
use asp_funding::money::plain;
use asp_funding::output::{Cell, Column, Format, Sink};
use asp_funding::plan::CUSTOM;
use asp_funding::rates::Rates;
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

use asp_funding::envelope::ENVELOPE_COLUMNS as COLUMNS;

fn columns() -> Vec<Column> {
    COLUMNS
        .iter()
        .map(|(key, en, fr)| Column::new(key, en, fr))
        .collect()
}

/// How cells are written: ids for scripts (CSV, JSON), names for people (tables), and the
/// notes in the language asked for.
#[derive(Clone, Copy)]
struct Style<'r> {
    lang: Lang,
    people: Option<&'r Rates>,
}

impl Style<'_> {
    fn post_type(&self, p: PostType) -> &'static str {
        match self.people {
            Some(_) => p.word(self.lang),
            None => p.id(),
        }
    }

    fn region(&self, id: &str) -> String {
        match self.people.and_then(|rates| rates.region(id).ok()) {
            Some(region) => region.name.clone(),
            None => id.to_string(),
        }
    }

    fn rule_set<'a>(&self, id: &'a str) -> &'a str {
        match (self.people, id) {
            (Some(_), CUSTOM) => self.lang.pick("share given", "part donnée"),
            _ => id,
        }
    }
}

fn row_cells<'a>(row: &'a EnvelopeRow<'a>, style: Style<'_>) -> Vec<Cell<'a>> {
    let lang = style.lang;
    let level = match (&row.region, &row.within) {
        (None, _) => "unknown-regions",
        (Some(_), Some(_)) => "within",
        (Some(_), None) => "region",
    };
    let priced = row.priced.as_ref().ok();
    vec![
        Cell::text(level),
        Cell::text(style.post_type(row.post_type)),
        match (&row.region, style.people) {
            (Some(r), _) => Cell::text(style.region(r)),
            (None, Some(_)) => Cell::text(lang.pick("regions not given", "régions non données")),
            (None, None) => Cell::Empty,
        },
        Cell::Int(i64::from(row.posts)),
        Cell::Int(if priced.is_some() {
            i64::from(row.posts)
        } else {
            0
        }),
        priced.map_or(Cell::Empty, |p| Cell::text(style.rule_set(&p.rule_set))),
        Cell::amount_or_empty(priced.map(|p| p.computation.monthly.ars)),
        Cell::amount_or_empty(priced.map(|p| p.computation.ars_total)),
        // A sub-allocation's posts are in its grouping's total: no total of its own.
        Cell::amount_or_empty(row.total().filter(|_| row.within.is_none())),
        match (&row.within, &row.priced) {
            (Some(of), _) => Cell::text(tr!(
                lang,
                "within {}'s posts, not counted again",
                "compris dans les postes de {}, pas comptés deux fois",
                style.region(of)
            )),
            (None, Err(why)) => Cell::text(why.as_str()),
            (None, Ok(_)) => Cell::Empty,
        },
    ]
}

fn total_cells(total: &EnvelopeTotal, style: Style<'_>) -> Vec<Cell<'static>> {
    let lang = style.lang;
    let unpriced = total.unpriced_posts();
    let all = match style.people {
        Some(_) => lang.pick("all (France)", "France entière"),
        None => "all",
    };
    vec![
        Cell::text(if total.post_type.is_some() {
            "post-type"
        } else {
            "nation"
        }),
        total
            .post_type
            .map_or(Cell::text(all), |p| Cell::text(style.post_type(p))),
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
            Cell::text(tr!(
                lang,
                "{unpriced} of {} posts not priced: the total covers {} posts",
                "{unpriced} postes sur {} non chiffrés : le total couvre {} postes",
                total.posts,
                total.priced_posts
            ))
        },
    ]
}

fn by_year_rows(e: &Envelope<'_>, style: Style<'_>) -> Vec<(String, i32, rust_decimal::Decimal)> {
    let all = match style.people {
        Some(_) => style.lang.pick("all (France)", "France entière"),
        None => "all",
    };
    e.totals
        .iter()
        .flat_map(|t| {
            let name = t
                .post_type
                .map_or(all.to_string(), |p| style.post_type(p).to_string());
            t.by_year.iter().map(move |(y, v)| (name.clone(), *y, *v))
        })
        .collect()
}

fn json(e: &Envelope<'_>, by_year: bool, lang: Lang) -> Value {
    let style = Style { lang, people: None };
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
        "rows": e.rows.iter().map(|r| object(row_cells(r, style))).collect::<Vec<_>>(),
        "totals": e.totals.iter().map(|t| object(total_cells(t, style))).collect::<Vec<_>>(),
    });
    if by_year {
        out["by_year"] = by_year_rows(e, style)
            .into_iter()
            .map(|(post_type, year, credit)| {
                json!({ "post_type": post_type, "year": year, "ars": plain(credit) })
            })
            .collect();
    }
    out
}

/// The columns a table for people shows, under a heading per post type (a script's table has them all).
const TABLE_ROW_COLUMNS: &[usize] = &[2, 3, 5, 6, 7, 8, 9];
/// The same without the note, when no row of the post type has one.
const TABLE_ROW_COLUMNS_NO_NOTE: &[usize] = &[2, 3, 5, 6, 7, 8];
const TABLE_TOTAL_COLUMNS: &[usize] = &[1, 3, 4, 8, 9];

fn pick<T: Clone>(all: &[T], keep: Option<&[usize]>) -> Vec<T> {
    match keep {
        None => all.to_vec(),
        Some(keep) => keep.iter().filter_map(|i| all.get(*i).cloned()).collect(),
    }
}

fn write_rows(sink: &mut dyn Sink, e: &Envelope<'_>, table: bool, style: Style<'_>) -> Result<()> {
    let all = columns();
    if table {
        // For people: one table per post type, under its name.
        let mut types: Vec<PostType> = e.rows.iter().map(|r| r.post_type).collect();
        types.dedup();
        for post_type in types {
            let rows: Vec<Vec<Cell<'_>>> = e
                .rows
                .iter()
                .filter(|r| r.post_type == post_type)
                .map(|r| row_cells(r, style))
                .collect();
            let noted = rows
                .iter()
                .any(|cells| cells.get(9).is_some_and(|c| *c != Cell::Empty));
            let keep = if noted {
                TABLE_ROW_COLUMNS
            } else {
                TABLE_ROW_COLUMNS_NO_NOTE
            };
            let name = style.post_type(post_type);
            let mut heading = name.chars();
            let heading: String = heading
                .next()
                .map(|first| first.to_uppercase().chain(heading).collect())
                .unwrap_or_default();
            sink.text(&format!("{heading}{}\n", style.lang.colon()))?;
            sink.header(&pick(&all, Some(keep)))?;
            for cells in rows {
                sink.row(&pick(&cells, Some(keep)))?;
            }
        }
    } else {
        sink.header(&all)?;
        for row in &e.rows {
            sink.row(&row_cells(row, style))?;
        }
    }
    if table {
        sink.text(&tr!(style.lang, "Totals:\n", "Totaux :\n"))?;
        sink.header(&pick(&all, Some(TABLE_TOTAL_COLUMNS)))?;
    }
    for total in &e.totals {
        sink.row(&pick(
            &total_cells(total, style),
            table.then_some(TABLE_TOTAL_COLUMNS),
        ))?;
    }
    Ok(())
}

fn write_by_year(sink: &mut dyn Sink, e: &Envelope<'_>, style: Style<'_>) -> Result<()> {
    sink.header(&[
        Column::new("post_type", "Post type", "Type de poste"),
        Column::new("year", "Year", "Année"),
        Column::new("ars", "ARS credit", "Crédit ARS"),
    ])?;
    for (post_type, year, credit) in by_year_rows(e, style) {
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
                rates.promotions()
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
                out.write_all(
                    json_text(&json(&priced, args.by_year, args.output.lang)).as_bytes(),
                )?;
                out.flush()?;
            }
            format => {
                let mut sink = target.sink(&args.output, false)?;
                let source = rates
                    .source(&allocation.source)
                    .map_or(allocation.source.as_str(), |s| s.title.as_str());
                let lang = args.output.lang;
                sink.text(&tr!(
                    lang,
                    "Allocation {} · {source}\n",
                    "Répartition {} · {source}\n",
                    allocation.promotion
                ))?;
                let table = format == Format::Table;
                let style = Style {
                    lang,
                    people: table.then_some(&rates),
                };
                if args.by_year && !table {
                    write_by_year(sink.as_mut(), &priced, style)?;
                } else {
                    write_rows(sink.as_mut(), &priced, table, style)?;
                    if args.by_year {
                        sink.text(&tr!(lang, "By calendar year:\n", "Par année civile :\n"))?;
                        write_by_year(sink.as_mut(), &priced, style)?;
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
