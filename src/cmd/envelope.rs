//! `envelope`: a national allocation note's posts priced, per region, post type and nation.

use super::{Context, Target};
use crate::cli::EnvelopeArgs;
use anyhow::{anyhow, bail, Result};
use asp_funding::envelope::{envelope, Envelope};
use asp_funding::lang::Lang;
use asp_funding::model::PostType;
use asp_funding::output::records::envelope::{
    by_year_rows, envelope_cell, post_type_heading, total_cell, EnvelopeStyle,
};
use asp_funding::output::{headers, Cell, Column, CsvSink, Format, Header, Sink};
use asp_funding::post::Field;
use asp_funding::rates::Allocation;
use asp_funding::tr;

/// The columns a table for people shows of a row, under a heading per post type (a script's
/// output has them all).
const TABLE_ROW_COLUMNS: &[Column] = &[
    Column::Region,
    Column::Posts,
    Column::RuleSet,
    Column::ArsMonthly,
    Column::PerPostTotal,
    Column::Total,
    Column::Note,
];
/// The columns a table for people shows of the totals.
const TABLE_TOTAL_COLUMNS: &[Column] = &[
    Column::PostType,
    Column::Posts,
    Column::PricedPosts,
    Column::Total,
    Column::Note,
];
/// The columns of the credit per year.
const BY_YEAR_COLUMNS: &[Column] = &[Column::PostType, Column::Year, Column::Ars];

/// The headings of an envelope's columns (the monthly credit is one post's).
fn envelope_headers(columns: &[Column]) -> Vec<Header<'static>> {
    columns
        .iter()
        .map(|c| match c {
            Column::ArsMonthly => Header::new(c.key(), "Per post, monthly", "Par poste, mensuel"),
            _ => Header::from(*c),
        })
        .collect()
}

/// The rows of one post type for people: one table under its name, the note column only when
/// a row has a note.
fn write_post_type(
    sink: &mut dyn Sink,
    e: &Envelope<'_>,
    post_type: PostType,
    style: EnvelopeStyle<'_>,
) -> Result<()> {
    let rows: Vec<_> = e.rows.iter().filter(|r| r.post_type == post_type).collect();
    let noted = rows
        .iter()
        .any(|r| envelope_cell(r, Column::Note, style).is_some_and(|c| c != Cell::Empty));
    let columns = match noted {
        true => TABLE_ROW_COLUMNS,
        false => &TABLE_ROW_COLUMNS[..TABLE_ROW_COLUMNS.len() - 1],
    };
    let heading = post_type_heading(post_type, style.lang);
    sink.text(&format!("{heading}{}\n", style.lang.colon()))?;
    sink.header(&envelope_headers(columns))?;
    for row in rows {
        let cells: Vec<Cell<'_>> = columns
            .iter()
            .map(|c| envelope_cell(row, *c, style).unwrap_or(Cell::Empty))
            .collect();
        sink.row(&cells)?;
    }
    Ok(())
}

/// The rows and totals: for people, one table per post type then the totals; for scripts, one
/// table of rows then totals (`level` tells them apart), a section each in JSON.
fn write_rows(sink: &mut dyn Sink, e: &Envelope<'_>, style: EnvelopeStyle<'_>) -> Result<()> {
    let lang = style.lang;
    let columns = match style.people {
        Some(_) => {
            let mut types: Vec<PostType> = e.rows.iter().map(|r| r.post_type).collect();
            types.dedup();
            for post_type in types {
                write_post_type(sink, e, post_type, style)?;
            }
            sink.text(&tr!(lang, "Totals:\n", "Totaux :\n"))?;
            sink.header(&envelope_headers(TABLE_TOTAL_COLUMNS))?;
            TABLE_TOTAL_COLUMNS
        }
        None => {
            sink.section("rows")?;
            sink.header(&envelope_headers(Column::ENVELOPE))?;
            for row in &e.rows {
                let cells: Vec<Cell<'_>> = Column::ENVELOPE
                    .iter()
                    .map(|c| envelope_cell(row, *c, style).unwrap_or(Cell::Empty))
                    .collect();
                sink.row(&cells)?;
            }
            sink.section("totals")?;
            Column::ENVELOPE
        }
    };
    for total in &e.totals {
        let cells: Vec<Cell<'_>> = columns
            .iter()
            .map(|c| total_cell(total, *c, style).unwrap_or(Cell::Empty))
            .collect();
        sink.row(&cells)?;
    }
    Ok(())
}

/// The credit per calendar year.
fn write_by_year(sink: &mut dyn Sink, e: &Envelope<'_>, style: EnvelopeStyle<'_>) -> Result<()> {
    sink.section("by_year")?;
    sink.header(&headers(BY_YEAR_COLUMNS))?;
    for row in by_year_rows(&e.totals, style) {
        sink.row(row.as_slice())?;
    }
    Ok(())
}

/// Prices an allocation note and writes it.
pub fn run(args: &EnvelopeArgs, ctx: &Context) -> Result<u8> {
    let lang = args.output.lang;
    let mut inputs = args.post.input(lang)?.post;
    inputs.region.clear();
    let rates = ctx.rates()?;
    let allocation = find(&rates, &args.promotion, lang)?;
    if args.batch_rows {
        return batch_rows(args, allocation);
    }
    let options = asp_funding::envelope::EnvelopeOptions {
        inputs,
        start: args.at,
        today: ctx.today()?,
    };
    let priced = envelope(&rates, allocation, &options);
    let target = Target::open(&args.output)?;
    {
        let format = args.output.format;
        let mut sink = target.sink(&args.output, false)?;
        let style = EnvelopeStyle {
            lang,
            people: (format == Format::Table).then_some(&rates),
        };
        let source = rates
            .source(&allocation.source)
            .map_or(allocation.source.as_str(), |s| s.title.as_str());
        sink.field("promotion", &Cell::text(allocation.promotion.as_str()))?;
        sink.field("source", &Cell::text(allocation.source.as_str()))?;
        sink.text(&tr!(
            lang,
            "Allocation {} · {source}\n",
            "Répartition {} · {source}\n",
            allocation.promotion
        ))?;
        match format {
            Format::Csv | Format::Xlsx if args.by_year => {
                write_by_year(sink.as_mut(), &priced, style)?
            }
            _ => {
                write_rows(sink.as_mut(), &priced, style)?;
                if args.by_year {
                    sink.text(&tr!(lang, "By calendar year:\n", "Par année civile :\n"))?;
                    write_by_year(sink.as_mut(), &priced, style)?;
                }
            }
        }
        sink.finish()?;
    }
    target.commit()?;
    Ok(0)
}

/// The allocation note of a promotion.
fn find<'r>(
    rates: &'r asp_funding::rates::Rates,
    promotion: &str,
    lang: Lang,
) -> Result<&'r Allocation> {
    rates.allocation(promotion.trim()).ok_or_else(|| {
        anyhow!(tr!(
            lang,
            "--promotion: no allocation note for '{promotion}'; the notes are: {}",
            "--promotion : pas de note de répartition pour « {promotion} » ; les notes sont : {}",
            rates.promotions()
        ))
    })
}

/// The note's regional rows as a `batch` input: one row per region and post type the note
/// gives (neither the posts it leaves unsplit nor a sub-allocation counted in its grouping),
/// with the inputs given on the command line as columns, as typed.
fn batch_rows(args: &EnvelopeArgs, allocation: &Allocation) -> Result<u8> {
    let lang = args.output.lang;
    if !matches!(args.output.format, Format::Csv | Format::Table) {
        bail!(tr!(
            lang,
            "--batch-rows: the rows are a CSV batch input; use --format csv (or leave the format out)",
            "--batch-rows : les lignes sont une entrée CSV de batch ; utilisez --format csv (ou ne donnez pas de format)"
        ));
    }
    let typed: Vec<&(Field, String)> = args
        .post
        .values
        .iter()
        .filter(|(f, _)| *f != Field::Region)
        .collect();
    let mut header = vec![
        Header::key(Field::Id.key()),
        Header::key(Field::Region.key()),
        Header::key(Field::PostType.key()),
        Header::key(Field::Posts.key()),
    ];
    if args.at.is_some() {
        header.push(Header::key(Field::Start.key()));
    }
    header.extend(typed.iter().map(|(f, _)| Header::key(f.key())));
    let target = Target::open(&args.output)?;
    {
        let mut sink = CsvSink::new(target.writer()?, args.output.csv_style());
        sink.header(&header)?;
        for (post_type, part) in &allocation.by_type {
            for (region, posts) in &part.posts {
                let mut row = vec![
                    Cell::text(format!(
                        "{}/{}/{}",
                        allocation.promotion,
                        region,
                        post_type.id()
                    )),
                    Cell::text(region.as_str()),
                    Cell::text(post_type.id()),
                    Cell::Int(i64::from(*posts)),
                ];
                if let Some(at) = args.at {
                    row.push(Cell::Date(at));
                }
                row.extend(typed.iter().map(|(_, v)| Cell::text(v.as_str())));
                sink.row(&row)?;
            }
        }
        sink.finish()?;
    }
    target.commit()?;
    Ok(0)
}
