//! `check`: compares a notified credit with the computed one; exit status 1 on a mismatch.

use super::compute::flag_error;
use super::{keep_status, Context, Target};
use crate::cli::{read_flag, OutputArgs, PostArgs};
use anyhow::{anyhow, Result};
use asp_funding::check::{check, CheckResult, Per};
use asp_funding::explain::explain;
use asp_funding::input::field;
use asp_funding::lang::{date, Lang};
use asp_funding::money::{human, human_number, parse_amount};
use asp_funding::output::records::{
    check_cell, compute_json, compute_row, Parts, CHECK_COLUMNS, COMPUTE_COLUMNS,
};
use asp_funding::output::{columns, Cell, Column, Format, Sink};
use asp_funding::tr;
use clap::Args;
use serde_json::json;

/// Arguments of `check`.
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// What describes the post.
    #[command(flatten)]
    pub post: PostArgs,

    /// The credit notified, as 3249.79 or 77 994,96.
    #[arg(long, allow_hyphen_values = true)]
    pub notified: String,

    /// Whether the notified amount is the monthly credit or the whole contract's (month or contract) [default: whichever is nearer].
    #[arg(long)]
    pub per: Option<String>,

    /// The largest gap still taken as a match, in euros.
    #[arg(long, default_value = "0", allow_hyphen_values = true)]
    pub tolerance: String,

    /// Refuses a post that does not meet a condition of eligibility its inputs show (instead of a warning).
    #[arg(long)]
    pub strict: bool,

    /// How the result is written.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Checks the notified credit; exit status 0 on a match, 1 on a mismatch.
pub fn run(args: &CheckArgs, ctx: &Context) -> Result<u8> {
    let mut row = args.post.input()?;
    for (column, value) in [
        ("notified", Some(&args.notified)),
        ("per", args.per.as_ref()),
    ] {
        if let (Some(f), Some(value)) = (field(column), value) {
            read_flag(&mut row, f, value)?;
        }
    }
    let tolerance = parse_amount(&args.tolerance).map_err(|e| {
        anyhow!(tr!(
            Lang::messages(),
            "--tolerance: {e}",
            "--tolerance : {e}"
        ))
    })?;
    let notified = row.notified.ok_or_else(|| {
        anyhow!(tr!(
            Lang::messages(),
            "--notified: give the credit notified",
            "--notified : donnez le crédit notifié"
        ))
    })?;
    let rates = ctx.rates()?;
    let result = check(
        &rates,
        &row.post,
        ctx.today()?,
        notified,
        row.per,
        tolerance,
    )
    .map_err(|e| flag_error(&e))?;
    super::strict_conditions(
        args.strict,
        &explain(&rates, &result.computed, args.output.lang),
    )?;
    let status = if result.matches { 0 } else { 1 };
    let written = (|| {
        let target = Target::open(&args.output)?;
        {
            let mut sink = target.sink(&args.output, true)?;
            write(sink.as_mut(), &rates, &result, args)?;
            sink.finish()?;
        }
        target.commit()
    })();
    keep_status(status, written)
}

fn write(
    sink: &mut dyn Sink,
    rates: &asp_funding::rates::Rates,
    r: &CheckResult<'_>,
    args: &CheckArgs,
) -> Result<()> {
    let words = explain(rates, &r.computed, args.output.lang);
    match args.output.format {
        Format::Table => {
            check_table(sink, r, args.output.lang)?;
        }
        Format::Csv | Format::Xlsx => {
            let mut header = columns(COMPUTE_COLUMNS);
            header.extend(columns(CHECK_COLUMNS));
            sink.header(&header)?;
            let mut cells = compute_row(&r.computed, &words);
            cells.extend(
                CHECK_COLUMNS
                    .iter()
                    .filter_map(|k| check_cell(r, k, args.output.lang)),
            );
            sink.row(&cells)?;
        }
        Format::Json => {
            let mut keys: Vec<Column> = Vec::new();
            let mut cells: Vec<Cell<'_>> = Vec::new();
            for key in CHECK_COLUMNS.iter().filter(|k| **k != "explained_by") {
                if let Some(cell) = check_cell(r, key, args.output.lang) {
                    keys.push(Column::key(key));
                    cells.push(cell);
                }
            }
            keys.push(Column::key("per_inferred"));
            cells.push(Cell::Bool(r.per_inferred));
            keys.push(Column::key("months_inferred"));
            cells.push(Cell::Bool(r.months_inferred));
            keys.push(Column::key("derivations"));
            cells.push(Cell::Json(
                r.derivations
                    .iter()
                    .map(|d| {
                        json!({
                            "derivation": d.tried.words(args.output.lang),
                            "amount": asp_funding::money::plain(d.amount),
                            "matches": d.matches,
                        })
                    })
                    .collect(),
            ));
            let (computation_keys, computation_cells) =
                compute_json(rates, &r.computed, &words, Parts::default());
            let mut object = serde_json::Map::new();
            for (k, c) in computation_keys.iter().zip(&computation_cells) {
                if *c != Cell::Absent {
                    object.insert(k.key.to_string(), c.json());
                }
            }
            keys.push(Column::key("computation"));
            cells.push(Cell::Json(serde_json::Value::Object(object)));
            sink.header(&keys)?;
            sink.row(&cells)?;
        }
    }
    Ok(())
}

fn check_table(sink: &mut dyn Sink, r: &CheckResult<'_>, lang: Lang) -> Result<()> {
    let plan = &r.computed.plan;
    let months = plan.months;
    let per = match r.per {
        Per::Month => tr!(lang, "monthly credit", "crédit mensuel"),
        Per::Contract => tr!(
            lang,
            "credit for the {months}-month contract",
            "crédit du contrat de {months} mois"
        ),
    };
    let mut out = tr!(
        lang,
        "{} · {} · rule set {} · from {} to {}\n",
        "{} · {} · règles {} · du {} au {}\n",
        plan.region.name,
        plan.post_type.word(lang),
        plan.rule_set_id(),
        date(plan.start, lang),
        date(plan.end, lang)
    );
    if r.months_inferred {
        let allowed = plan
            .rule
            .map(|rule| {
                rule.durations
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(lang.pick(" or ", " ou "))
            })
            .unwrap_or_default();
        out.push_str(&tr!(
            lang,
            "Compared as the {per}: no length was given, and the notified amount is the credit for that length (the rule set allows {allowed} months; --months to choose).\n",
            "Comparé au {per} : aucune durée n'était donnée, et le montant notifié est le crédit de cette durée (les règles prévoient {allowed} mois ; --months pour choisir).\n"
        ));
    } else if r.per_inferred {
        out.push_str(&tr!(
            lang,
            "Compared as the {per}: the notified amount is nearer that figure (`--per month|contract` to choose).\n",
            "Comparé au {per} : le montant notifié en est le plus proche (`--per month|contract` pour choisir).\n"
        ));
    }
    if r.matches {
        out.push_str(&tr!(
            lang,
            "MATCH: the notified {} is the computed {per}",
            "CONCORDANCE : les {} notifiés sont le {per} calculé",
            human(r.notified, lang)
        ));
        if !r.gap.is_zero() {
            out.push_str(&tr!(
                lang,
                ", within the tolerance of {} (gap {})",
                ", dans la tolérance de {} (écart {})",
                human(r.tolerance, lang),
                human(r.gap, lang)
            ));
        }
        out.push_str(".\n");
        sink.text(&out)?;
        return Ok(());
    }
    out.push_str(&tr!(
        lang,
        "MISMATCH: notified {}, computed {} as the {per}: a gap of {}, {} months' worth of the monthly credit of {}.\n",
        "ÉCART : notifié {}, calculé {} comme {per} : un écart de {}, soit {} mois du crédit mensuel de {}.\n",
        human(r.notified, lang),
        human(r.expected, lang),
        human(r.gap, lang),
        human_number(r.gap_months, lang),
        human(r.computed.monthly.ars, lang)
    ));
    let found: Vec<_> = r.derivations.iter().filter(|d| d.matches).collect();
    if found.is_empty() {
        out.push_str(lang.pick(
            "None of the usual other derivations gives the notified figure.\n",
            "Aucun des autres calculs usuels ne donne le montant notifié.\n",
        ));
    } else {
        out.push_str(&tr!(
            lang,
            "The notified figure is what you get with:\n",
            "Le montant notifié est celui qu'on obtient avec :\n"
        ));
        for d in &found {
            out.push_str(&format!(
                "  - {} ({})\n",
                d.tried.words(lang),
                human(d.amount, lang)
            ));
        }
    }
    sink.text(&out)?;
    sink.header(&[
        Column::new(
            "derivation",
            "Other derivation tried",
            "Autre calcul essayé",
        ),
        Column::new("amount", "Gives", "Donne"),
        Column::new("matches", "Matches", "Concorde"),
    ])?;
    for d in &r.derivations {
        sink.row(&[
            Cell::text(d.tried.words(lang)),
            Cell::Amount(d.amount),
            Cell::text(if d.matches {
                lang.pick("yes", "oui")
            } else {
                ""
            }),
        ])?;
    }
    Ok(())
}
