//! `envelope`: a national allocation note's posts priced, per region, post type and nation.

use super::{Context, Target};
use crate::cli::EnvelopeArgs;
use anyhow::{anyhow, bail, Result};
use asp_funding::envelope::{contracts_start, envelope, held_back, Envelope, EnvelopeRow};
use asp_funding::explain::envelope::{basis, start_sentence, Basis};
use asp_funding::lang::Lang;
use asp_funding::model::PostType;
use asp_funding::output::records::envelope::{
    by_year_rows, common_notes, envelope_cell, post_type_heading, total_cell, EnvelopeStyle,
};
use asp_funding::output::records::envelope_basis::{basis_json, basis_lines, BasisLine};
use asp_funding::output::{headers, Cell, Column, CsvSink, Format, Header, Notes, Sink};
use asp_funding::post::{Field, PostInput, Shared};
use asp_funding::rates::{Allocation, Rates};
use asp_funding::tr;
use std::io::Write;

/// The columns a table for people shows of a row, under a heading per post type (a script's
/// output has them all).
const TABLE_ROW_COLUMNS: &[Column] = &[
    Column::Region,
    Column::Posts,
    Column::RuleSet,
    Column::ArsMonthly,
    Column::PerPostTotal,
    Column::Total,
    Column::Overrides,
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
const BY_YEAR_COLUMNS: &[Column] = &[
    Column::PostType,
    Column::Year,
    Column::Ars,
    Column::Establishment,
    Column::FullCost,
];
/// The same in a CSV or a workbook of the years, whose head holds the basis lines.
const BY_YEAR_WITH_HEAD: &[Column] = &[
    Column::Level,
    Column::PostType,
    Column::Year,
    Column::Ars,
    Column::Establishment,
    Column::FullCost,
    Column::Start,
    Column::Note,
];

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

/// The rows of one post type for people: one table under its name, the columns of overrides
/// and notes only when a row has one.
fn write_post_type(
    sink: &mut dyn Sink,
    e: &Envelope<'_>,
    post_type: PostType,
    style: EnvelopeStyle<'_>,
) -> Result<()> {
    let rows: Vec<_> = e.rows.iter().filter(|r| r.post_type == post_type).collect();
    // Rows with no figure and a note many rows share are said in one sentence under the
    // table, each region with its posts: the table keeps the rows with figures.
    let note =
        |r: &EnvelopeRow<'_>| envelope_cell(r, Column::Note, style).map(|c| c.plain().into_owned());
    let shared = |r: &EnvelopeRow<'_>| r.priced.is_err() && note(r).is_some();
    let (unpriced, rows): (Vec<_>, Vec<_>) = rows.into_iter().partition(|r| shared(r));
    let has = |column: Column| {
        rows.iter()
            .any(|r| envelope_cell(r, column, style).is_some_and(|c| c != Cell::Empty))
    };
    let columns: Vec<Column> = TABLE_ROW_COLUMNS
        .iter()
        .copied()
        .filter(|c| !matches!(c, Column::Overrides | Column::Note) || has(*c))
        .collect();
    let heading = post_type_heading(post_type, style.lang);
    sink.text(&format!("{heading}{}\n", style.lang.colon()))?;
    if !rows.is_empty() {
        sink.header(&envelope_headers(&columns))?;
        for row in rows {
            let cells: Vec<Cell<'_>> = columns
                .iter()
                .map(|c| envelope_cell(row, *c, style).unwrap_or_default())
                .collect();
            sink.row(&cells)?;
        }
    }
    let mut notes: Vec<String> = unpriced.iter().filter_map(|r| note(r)).collect();
    notes.dedup();
    for reference in notes {
        let regions: Vec<String> = unpriced
            .iter()
            .filter(|r| note(r).as_deref() == Some(reference.as_str()))
            .map(|r| {
                let region = envelope_cell(r, Column::Region, style)
                    .map_or(String::new(), |c| c.plain().into_owned());
                format!("{region} {}", asp_funding::lang::posts(r.posts, style.lang))
            })
            .collect();
        let common = reference.starts_with('(') && reference.ends_with(')');
        sink.text(&if common {
            tr!(
                style.lang,
                "Not priced {reference}: {}.\n",
                "Non chiffrées {reference} : {}.\n",
                regions.join(", ")
            )
        } else {
            // The note is a sentence of its own: its full stop is the line's.
            let reference = reference.strip_suffix('.').unwrap_or(&reference);
            format!(
                "{}{} {reference}.\n",
                regions.join(", "),
                style.lang.colon()
            )
        })?;
    }
    Ok(())
}

/// The rows and totals: for people, one table per post type then the totals; for scripts, one
/// table of the basis, rows and totals (`level` tells them apart), a section each in JSON.
fn write_rows(
    sink: &mut dyn Sink,
    e: &Envelope<'_>,
    style: EnvelopeStyle<'_>,
    head: &[BasisLine<'_>],
) -> Result<()> {
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
            write_head_lines(sink, Column::ENVELOPE, head)?;
            for row in &e.rows {
                let cells: Vec<Cell<'_>> = Column::ENVELOPE
                    .iter()
                    .map(|c| envelope_cell(row, *c, style).unwrap_or_default())
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
            .map(|c| total_cell(total, *c, style).unwrap_or_default())
            .collect();
        sink.row(&cells)?;
    }
    Ok(())
}

/// The basis lines as rows of a table for scripts (CSV, workbook), in its columns.
fn write_head_lines(sink: &mut dyn Sink, columns: &[Column], head: &[BasisLine<'_>]) -> Result<()> {
    for line in head {
        let cells: Vec<Cell<'_>> = columns.iter().map(|c| line.cell(*c)).collect();
        sink.row(&cells)?;
    }
    Ok(())
}

/// The credit per calendar year (after the basis lines, in a CSV or a workbook of the years).
fn write_by_year(
    sink: &mut dyn Sink,
    e: &Envelope<'_>,
    style: EnvelopeStyle<'_>,
    head: &[BasisLine<'_>],
) -> Result<()> {
    sink.section("by_year")?;
    if head.is_empty() {
        let rows = by_year_rows(&e.totals, style);
        if rows.is_empty() && style.people.is_some() {
            // No post priced: no year to show, and an empty table would say nothing.
            sink.text(&tr!(
                style.lang,
                "No post is priced (see above), so there is no credit per year.\n",
                "Aucun poste n'est chiffré (voir plus haut) : pas de crédit par année.\n"
            ))?;
            return Ok(());
        }
        sink.header(&headers(BY_YEAR_COLUMNS))?;
        for row in rows {
            sink.row(row.as_slice())?;
        }
        return Ok(());
    }
    sink.header(&headers(BY_YEAR_WITH_HEAD))?;
    write_head_lines(sink, BY_YEAR_WITH_HEAD, head)?;
    for [post_type, year, ars, establishment, full_cost] in by_year_rows(&e.totals, style) {
        sink.row(&[
            Cell::text("year"),
            post_type,
            year,
            ars,
            establishment,
            full_cost,
            Cell::Empty,
            Cell::Empty,
        ])?;
    }
    Ok(())
}

/// The basis for people, at the head of the tables: the start and the data, the rule sets, the
/// flags not applied, the warnings, assumptions and documents, and the notes several rows share.
fn write_head_for_people(
    sink: &mut dyn Sink,
    basis: &Basis<'_>,
    common: &[String],
    lang: Lang,
) -> Result<()> {
    let bullets = |heading: &str, items: &[String]| -> String {
        match items.is_empty() {
            true => String::new(),
            false => {
                let items: String = items.iter().map(|i| format!("  - {i}\n")).collect();
                format!("{heading}{}\n{items}", lang.colon())
            }
        }
    };
    sink.text(&format!(
        "{}\n{}\n{}{}",
        basis.start,
        basis.versions,
        bullets(lang.pick("Rule sets", "Règles"), &basis.rule_sets),
        bullets(
            lang.pick("Flags and rule sets", "Options et règles"),
            &basis.overrides
        ),
    ))?;
    sink.notes(&Notes {
        warnings: basis.warnings.clone(),
        conditions: Vec::new(),
        assumptions: basis.assumptions.clone(),
        sources: basis.sources.clone(),
        catalogue: Vec::new(),
    })?;
    if !common.is_empty() {
        let notes: String = common
            .iter()
            .enumerate()
            .map(|(i, n)| format!("  ({}) {n}\n", i + 1))
            .collect();
        sink.text(&format!(
            "{}{}\n{notes}",
            lang.pick("Notes", "Notes"),
            lang.colon()
        ))?;
    }
    Ok(())
}

/// The basis where each format says it: the keys of the JSON object, the head of a table, the
/// documents of a workbook (its lines go at the head of its results, as in CSV).
fn write_head<'b>(
    sink: &mut dyn Sink,
    rates: &Rates,
    e: &Envelope<'_>,
    basis: &'b Basis<'b>,
    args: &EnvelopeArgs,
    common: &[String],
) -> Result<Vec<BasisLine<'b>>> {
    let (lang, format) = (args.output.lang, args.output.format);
    let allocation = e.allocation;
    sink.field("promotion", &Cell::text(allocation.promotion.as_str()))?;
    sink.field("source", &Cell::text(allocation.source.as_str()))?;
    let flags: Vec<String> = args
        .post
        .values
        .iter()
        .map(|(f, v)| format!("{} {v}", f.flag()))
        .collect();
    sink.field("flags", &Cell::Json(serde_json::json!(flags)))?;
    for (key, value) in basis_json(rates, e, basis) {
        sink.field(key, &Cell::Json(value))?;
    }
    let source = rates
        .source(&allocation.source)
        .map_or(allocation.source.as_str(), |s| s.title.as_str());
    sink.text(&tr!(
        lang,
        "Allocation {} · {source}\n",
        "Répartition {} · {source}\n",
        allocation.promotion
    ))?;
    Ok(match format {
        Format::Table => {
            write_head_for_people(sink, basis, common, lang)?;
            Vec::new()
        }
        Format::Json => Vec::new(),
        Format::Csv => basis_lines(basis, e.start.date, true, lang),
        Format::Xlsx => {
            sink.notes(&Notes {
                sources: basis.sources.clone(),
                ..Notes::default()
            })?;
            basis_lines(basis, e.start.date, false, lang)
        }
    })
}

/// Prices an allocation note and writes it, its basis at its head.
pub fn run(args: &EnvelopeArgs, ctx: &Context) -> Result<u8> {
    let lang = args.output.lang;
    let mut inputs = args.post.input(lang)?.post;
    inputs.region.clear();
    // Every flag is given for every row: it fills what a region's rule set lacks, and changes
    // what the rule set fixes only with --override.
    inputs.shared = Shared {
        fields: args.post.values.iter().map(|(field, _)| *field).collect(),
        may_override: args.override_rules,
    };
    let rates = ctx.rates()?;
    let allocation = find(rates, &args.promotion, lang)?;
    if args.batch_rows {
        return batch_rows(args, rates, allocation, &inputs, ctx);
    }
    let options = asp_funding::envelope::EnvelopeOptions {
        inputs,
        start: args.at,
        today: ctx.today()?,
    };
    let priced = envelope(rates, allocation, &options);
    let basis = basis(rates, &priced, &args.post.values, lang);
    let format = args.output.format;
    let people = (format == Format::Table).then_some(rates);
    let common = match people {
        Some(_) => common_notes(
            &priced.rows,
            EnvelopeStyle {
                lang,
                people,
                common: &[],
            },
        ),
        None => Vec::new(),
    };
    let style = EnvelopeStyle {
        lang,
        people,
        common: &common,
    };
    let target = Target::open(&args.output)?;
    {
        let mut sink = target.sink(&args.output, false)?;
        let head = write_head(sink.as_mut(), rates, &priced, &basis, args, &common)?;
        match format {
            Format::Csv if args.by_year => write_by_year(sink.as_mut(), &priced, style, &head)?,
            // A workbook holds the rows, and the years on their own sheet.
            Format::Xlsx => {
                write_rows(sink.as_mut(), &priced, style, &head)?;
                if args.by_year {
                    write_by_year(sink.as_mut(), &priced, style, &[])?;
                }
            }
            _ => {
                write_rows(sink.as_mut(), &priced, style, &head)?;
                if args.by_year {
                    sink.text(&tr!(lang, "By calendar year:\n", "Par année civile :\n"))?;
                    write_by_year(sink.as_mut(), &priced, style, &[])?;
                }
            }
        }
        super::finish(sink.as_mut())?;
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
/// the contracts' start, and the inputs given on the command line as columns, as typed, but
/// where a region's rule set fixes what they set (unless --override): those cells are left
/// empty, and standard error says so.
fn batch_rows(
    args: &EnvelopeArgs,
    rates: &Rates,
    allocation: &Allocation,
    inputs: &PostInput,
    ctx: &Context,
) -> Result<u8> {
    let lang = args.output.lang;
    if !matches!(args.output.format, Format::Csv | Format::Table) {
        bail!(tr!(
            lang,
            "--batch-rows: the rows are a CSV batch input; use --format csv (or leave the format out)",
            "--batch-rows : les lignes sont une entrée CSV de batch ; utilisez --format csv (ou ne donnez pas de format)"
        ));
    }
    let options = asp_funding::envelope::EnvelopeOptions {
        inputs: inputs.clone(),
        start: args.at,
        today: ctx.today()?,
    };
    let start = contracts_start(rates, allocation, &options);
    let typed: Vec<&(Field, String)> = args
        .post
        .values
        .iter()
        .filter(|(f, _)| !matches!(f, Field::Region | Field::Start))
        .collect();
    let mut header = vec![
        Header::key(Field::Id.key()),
        Header::key(Field::Region.key()),
        Header::key(Field::PostType.key()),
        Header::key(Field::Posts.key()),
        Header::key(Field::Start.key()),
    ];
    header.extend(typed.iter().map(|(f, _)| Header::key(f.key())));
    let mut held: Vec<String> = Vec::new();
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
                    Cell::Date(start.date),
                ];
                let back = held_back(rates, region, *post_type, inputs);
                for (field, value) in &typed {
                    if back.contains(*field) {
                        held.push(tr!(
                            lang,
                            "{} left empty for {region} ({}): its rule set fixes it (--override writes it)",
                            "{} laissé vide pour {region} ({}) : ses règles le fixent (--override l'écrit)",
                            field.flag(),
                            post_type.label(lang)
                        ));
                        row.push(Cell::Empty);
                    } else {
                        row.push(Cell::text(value.as_str()));
                    }
                }
                sink.row(&row)?;
            }
        }
        sink.finish()?;
    }
    target.commit()?;
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "asp-funding: {}", start_sentence(&start, lang));
    for line in held {
        let _ = writeln!(stderr, "asp-funding: {line}");
    }
    Ok(0)
}
