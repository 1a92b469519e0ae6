//! `pet`: the PET tier for a working pattern, and why.

use super::{emit, Context};
use crate::cli::{parse_date, OutputArgs, PatternArgs};
use crate::money::{human, plain};
use crate::output::{bullets, csv_text, json_text, new_table, source_json, Format};
use crate::pet::{decide, WorkPattern};
use anyhow::{bail, Result};
use chrono::NaiveDate;
use clap::Args;
use serde_json::json;
use std::io::Write;

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
pub fn run(args: &PetArgs, ctx: &Context, out: &mut dyn Write) -> Result<u8> {
    let Some(half_days) = args.pattern.half_days else {
        bail!("--half-days: give the average weekly number of half-days outside the main site (for example --half-days 3.5)");
    };
    let rates = ctx.rates()?;
    let date = match args.at {
        Some(date) => date,
        None => ctx.today()?,
    };
    let version = rates.pet.at(date)?;
    let pattern = WorkPattern {
        half_days,
        sites: args.pattern.sites.unwrap_or(1),
        distance_km: args.pattern.distance_km,
        derogation: args.pattern.pet_derogation,
    };
    let decision = decide(&version.value, &pattern)?;
    let sources: Vec<_> = version
        .sources
        .iter()
        .filter_map(|id| rates.source(id))
        .collect();
    let text = match args.output.format {
        Format::Json => json_text(&json!({
            "amount": plain(decision.amount),
            "eligible": decision.eligible,
            "tier": decision.tier,
            "reason": decision.reason,
            "assumptions": decision.assumptions,
            "half_days": pattern.half_days.normalize().to_string(),
            "sites": pattern.sites,
            "distance_km": pattern.distance_km.map(|d| d.normalize().to_string()),
            "pet_derogation": pattern.derogation,
            "scale_from": version.from.to_string(),
            "sources": sources.iter().map(|s| source_json(s)).collect::<Vec<_>>(),
        })),
        Format::Csv => csv_text(
            &[
                "amount",
                "eligible",
                "tier",
                "reason",
                "assumptions",
                "scale_from",
            ],
            &[vec![
                plain(decision.amount),
                decision.eligible.to_string(),
                decision.tier.clone().unwrap_or_default(),
                decision.reason.clone(),
                decision.assumptions.join(" | "),
                version.from.to_string(),
            ]],
            args.output.csv_style(),
        ),
        Format::Table => {
            let mut table = new_table(&["PET", ""]);
            table.add_row(vec![
                "Amount (monthly gross)".to_string(),
                human(decision.amount, args.output.lang),
            ]);
            table.add_row(vec![
                "Eligible".to_string(),
                if decision.eligible { "yes" } else { "no" }.to_string(),
            ]);
            table.add_row(vec![
                "Tier".to_string(),
                decision.tier.clone().unwrap_or_else(|| "none".into()),
            ]);
            table.add_row(vec!["Why".to_string(), decision.reason.clone()]);
            table.add_row(vec![
                "Scale in force from".to_string(),
                version.from.to_string(),
            ]);
            let mut text = format!("{table}\n");
            text.push_str(&bullets("Assumptions", &decision.assumptions));
            text.push_str("Sources:\n");
            for (i, s) in sources.iter().enumerate() {
                text.push_str(&format!("  [{}] {}\n", i + 1, s.title));
            }
            text
        }
    };
    emit(out, &text)
}
