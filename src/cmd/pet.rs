//! `pet`: the PET tier for a working pattern, and why.

use super::{Context, Target};
use crate::cli::PetArgs;
use anyhow::{anyhow, bail, Result};
use asp_funding::output::{Cell, Format, Header, Notes};
use asp_funding::pet::{decide, pattern_of, PetDecision, WorkPattern};
use asp_funding::post::Naming;
use asp_funding::rates::{Source, Version};
use asp_funding::tr;

/// The fields of the answer: heading, and whether a table for people shows it.
const AMOUNT: Header = Header::new("amount", "Amount (monthly gross)", "Montant (brut mensuel)");
const ELIGIBLE: Header = Header::new("eligible", "Eligible", "Éligible");
const TIER: Header = Header::new("tier", "Tier", "Palier");
const REASON: Header = Header::new("reason", "Why", "Pourquoi");
const ASSUMPTIONS: Header = Header::new("assumptions", "Assumptions", "Hypothèses");
const SCALE_FROM: Header = Header::new(
    "scale_from",
    "Scale in force from",
    "Barème en vigueur depuis",
);

/// The answer as a record: every field for scripts, and whether people see it in a table.
fn record<'a, T>(
    decision: &'a PetDecision,
    pattern: &WorkPattern,
    version: &Version<T>,
    sources: &[&'a Source],
) -> Vec<(Header<'static>, Cell<'a>, bool)> {
    vec![
        (AMOUNT, Cell::Amount(decision.amount), true),
        (ELIGIBLE, Cell::Bool(decision.eligible), true),
        (
            TIER,
            decision
                .tier
                .as_deref()
                .map_or_else(Cell::default, Cell::text),
            true,
        ),
        (REASON, Cell::text(decision.reason.as_str()), true),
        (
            ASSUMPTIONS,
            Cell::List(
                decision
                    .assumptions
                    .iter()
                    .map(|a| a.as_str().into())
                    .collect(),
                " | ",
            ),
            false,
        ),
        (
            Header::key("half_days"),
            Cell::Number(pattern.half_days),
            false,
        ),
        (
            Header::key("sites"),
            Cell::Int(i64::from(pattern.sites)),
            false,
        ),
        (
            Header::key("distance_km"),
            pattern.distance_km.map_or_else(Cell::default, Cell::Number),
            false,
        ),
        (
            Header::key("pet_derogation"),
            Cell::Bool(pattern.derogation),
            false,
        ),
        (SCALE_FROM, Cell::Date(version.from), true),
        (
            Header::key("sources"),
            Cell::Sources(sources.to_vec()),
            false,
        ),
    ]
}

/// Decides the PET tier and writes it.
pub fn run(args: &PetArgs, ctx: &Context) -> Result<u8> {
    let lang = args.output.lang;
    let row = args.pattern.input(lang)?;
    if row.post.half_days.is_none() {
        bail!(tr!(
            lang,
            "--half-days: give the average weekly number of half-days outside the main site (for example --half-days 3.5)",
            "--half-days : donnez le nombre moyen de demi-journées par semaine hors du site principal (par exemple --half-days 3.5)"
        ));
    }
    let Some(pattern) = pattern_of(&row.post) else {
        bail!(tr!(
            lang,
            "--half-days: give the working pattern",
            "--half-days : donnez l'organisation du travail"
        ));
    };
    let rates = ctx.rates()?;
    let date = match args.at {
        Some(date) => date,
        None => ctx.today()?,
    };
    let version = rates.pet.at(date).map_err(|e| anyhow!(e.render(lang)))?;
    let decision = decide(&version.value, &pattern, lang, &Naming::Flags).map_err(|e| {
        anyhow!(tr!(
            lang,
            "{}: {}",
            "{} : {}",
            e.field().flag(),
            e.render(lang)
        ))
    })?;
    let sources: Vec<&Source> = version
        .sources
        .iter()
        .filter_map(|id| rates.source(id))
        .collect();
    let record = record(&decision, &pattern, version, &sources);
    let notes = Notes {
        warnings: Vec::new(),
        conditions: Vec::new(),
        assumptions: decision.assumptions.clone(),
        sources: sources.clone(),
        catalogue: Vec::new(),
    };
    let target = Target::open(&args.output)?;
    {
        let mut sink = target.sink(&args.output, true)?;
        if args.output.format == Format::Table {
            // For people: one line per field, the main ones only.
            sink.header(&[Header::new("field", "PET", "PET"), Header::key("")])?;
            for (header, cell, _) in record.iter().filter(|(_, _, shown)| *shown) {
                sink.row(&[Cell::text(header.label(lang)), cell.clone()])?;
            }
        } else {
            let (keys, cells): (Vec<Header>, Vec<Cell<'_>>) =
                record.into_iter().map(|(h, c, _)| (h, c)).unzip();
            sink.header(&keys)?;
            sink.row(&cells)?;
        }
        sink.notes(&notes)?;
        sink.finish()?;
    }
    target.commit()?;
    Ok(0)
}
