//! `pet`: the PET tier for a working pattern, and why.

use super::{Context, Target};
use crate::cli::{parse_date, read_flag, OutputArgs, PatternArgs};
use anyhow::{bail, Result};
use asp_funding::input::{field, RowInput};
use asp_funding::lang::Lang;
use asp_funding::output::{Cell, Column, Format, Notes};
use asp_funding::pet::decide;
use asp_funding::tr;
use chrono::NaiveDate;
use clap::Args;

/// Arguments of `pet`.
#[derive(Debug, Clone, Args)]
pub struct PetArgs {
    /// The working pattern that sets the PET.
    #[command(flatten)]
    pub pattern: PatternArgs,

    /// The date whose scale applies, YYYY-MM-DD [default: today].
    #[arg(long, value_parser = parse_date)]
    pub at: Option<NaiveDate>,

    /// How the result is written.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Decides the PET tier and writes it.
pub fn run(args: &PetArgs, ctx: &Context) -> Result<u8> {
    let mut row = RowInput::default();
    for (column, value) in args.pattern.values() {
        if let (Some(f), Some(value)) = (field(column), value) {
            read_flag(&mut row, f, &value)?;
        }
    }
    if row.post.half_days.is_none() {
        bail!(tr!(
            Lang::messages(),
            "--half-days: give the average weekly number of half-days outside the main site (for example --half-days 3.5)",
            "--half-days : donnez le nombre moyen de demi-journées par semaine hors du site principal (par exemple --half-days 3.5)"
        ));
    }
    let Some(pattern) = row.post.pattern() else {
        bail!(tr!(
            Lang::messages(),
            "--half-days: give the working pattern",
            "--half-days : donnez l'organisation du travail"
        ));
    };
    let rates = ctx.rates()?;
    let date = match args.at {
        Some(date) => date,
        None => ctx.today()?,
    };
    let version = rates.pet.at(date)?;
    let decision = decide(&version.value, &pattern, args.output.lang).map_err(|e| {
        anyhow::anyhow!(tr!(
            Lang::messages(),
            "{}: {}",
            "{} : {}",
            asp_funding::input::Naming::Flags.name(e.field),
            e.message
        ))
    })?;
    let sources: Vec<_> = version
        .sources
        .iter()
        .filter_map(|id| rates.source(id))
        .collect();
    let record: Vec<(Column, Cell<'_>)> = vec![
        (
            Column::new("amount", "Amount (monthly gross)", "Montant (brut mensuel)"),
            Cell::Amount(decision.amount),
        ),
        (
            Column::new("eligible", "Eligible", "Éligible"),
            Cell::Bool(decision.eligible),
        ),
        (
            Column::new("tier", "Tier", "Palier"),
            decision.tier.as_deref().map_or(Cell::Empty, Cell::text),
        ),
        (
            Column::new("reason", "Why", "Pourquoi"),
            Cell::text(decision.reason.as_str()),
        ),
        (
            Column::new("assumptions", "Assumptions", "Hypothèses"),
            Cell::List(
                decision
                    .assumptions
                    .iter()
                    .map(|a| a.as_str().into())
                    .collect(),
                " | ",
            ),
        ),
        (Column::key("half_days"), Cell::Number(pattern.half_days)),
        (Column::key("sites"), Cell::Int(i64::from(pattern.sites))),
        (
            Column::key("distance_km"),
            pattern.distance_km.map_or(Cell::Empty, Cell::Number),
        ),
        (
            Column::key("pet_derogation"),
            Cell::Bool(pattern.derogation),
        ),
        (
            Column::new(
                "scale_from",
                "Scale in force from",
                "Barème en vigueur depuis",
            ),
            Cell::Date(version.from),
        ),
        (Column::key("sources"), Cell::Sources(sources.clone())),
    ];
    let notes = Notes {
        warnings: Vec::new(),
        conditions: Vec::new(),
        assumptions: decision.assumptions.clone(),
        sources,
    };
    let target = Target::open(&args.output)?;
    {
        let mut sink = target.sink(&args.output, true)?;
        match args.output.format {
            Format::Table => {
                // For people: one line per field, the main ones only.
                sink.header(&[Column::new("field", "PET", "PET"), Column::key("")])?;
                let lang = args.output.lang;
                for (column, cell) in record
                    .iter()
                    .take(5)
                    .filter(|(c, _)| c.key != "assumptions")
                {
                    sink.row(&[Cell::text(column.label(lang)), cell.clone()])?;
                }
                sink.row(&[Cell::text(record[9].0.label(lang)), record[9].1.clone()])?;
                sink.notes(&notes)?;
            }
            _ => {
                let (keys, cells): (Vec<Column>, Vec<Cell<'_>>) = record.into_iter().unzip();
                sink.header(&keys)?;
                sink.row(&cells)?;
                sink.notes(&notes)?;
            }
        }
        sink.finish()?;
    }
    target.commit()?;
    Ok(0)
}
