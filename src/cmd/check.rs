//! `check`: compares a notified credit with the computed one; exit status 1 on a mismatch.

use super::compute::flag_error;
use super::{keep_status, Context, Target};
use crate::cli::CheckArgs;
use anyhow::{anyhow, Result};
use asp_funding::check::{check, CheckResult, Per};
use asp_funding::explain::explain;
use asp_funding::lang::{date, Lang};
use asp_funding::money::{human, human_number, parse_amount};
use asp_funding::output::records::{check_cell, computation_row, compute_json, Parts};
use asp_funding::output::{headers, Cell, Column, Format, Header, Sink};
use asp_funding::post::Naming;
use asp_funding::tr;

/// Checks the notified credit; exit status 0 on a match, 1 on a mismatch.
pub fn run(args: &CheckArgs, ctx: &Context) -> Result<u8> {
    let lang = args.output.lang;
    let post = args.post.input(lang)?;
    let given = args.check.input(lang)?;
    let tolerance = parse_amount(&args.tolerance).map_err(|e| {
        anyhow!(tr!(
            lang,
            "--tolerance: {}",
            "--tolerance : {}",
            e.render(lang)
        ))
    })?;
    let notified = given.notified.ok_or_else(|| {
        anyhow!(tr!(
            lang,
            "--notified: give the credit notified",
            "--notified : donnez le crédit notifié"
        ))
    })?;
    let rates = ctx.rates()?;
    let result = check(
        &rates,
        &post.post,
        ctx.today()?,
        notified,
        given.per,
        tolerance,
    )
    .map_err(|e| flag_error(&e, lang))?;
    super::strict_conditions(
        args.strict,
        &explain(&rates, &result.computed, lang, &Naming::Keys),
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
    let lang = args.output.lang;
    let words = explain(rates, &r.computed, lang, &Naming::Keys);
    match args.output.format {
        Format::Table => {
            check_table(sink, r, lang)?;
        }
        Format::Csv | Format::Xlsx => {
            let mut header = headers(Column::COMPUTATION);
            header.extend(headers(Column::CHECK));
            sink.header(&header)?;
            let mut cells = computation_row(&r.computed, &words);
            cells.extend(Column::CHECK.iter().filter_map(|c| check_cell(r, *c, lang)));
            sink.row(&cells)?;
        }
        Format::Json => {
            let json_columns = Column::CHECK
                .iter()
                .filter(|c| **c != Column::ExplainedBy)
                .chain(&[
                    Column::PerInferred,
                    Column::MonthsInferred,
                    Column::Derivations,
                ]);
            let mut keys: Vec<Header> = Vec::new();
            let mut cells: Vec<Cell<'_>> = Vec::new();
            for column in json_columns {
                if let Some(cell) = check_cell(r, *column, lang) {
                    keys.push((*column).into());
                    cells.push(cell);
                }
            }
            let (computation_keys, computation_cells) =
                compute_json(&r.computed, &words, Parts::default());
            let mut object = serde_json::Map::new();
            for (k, c) in computation_keys.iter().zip(&computation_cells) {
                if *c != Cell::Absent {
                    object.insert(k.key.to_string(), c.json());
                }
            }
            keys.push(Column::Computation.into());
            cells.push(Cell::Json(serde_json::Value::Object(object)));
            sink.header(&keys)?;
            sink.row(&cells)?;
        }
    }
    Ok(())
}

fn check_table(sink: &mut dyn Sink, r: &CheckResult<'_>, lang: Lang) -> Result<()> {
    let (mut out, per) = heading(r, lang);
    if r.matches {
        out.push_str(&matched(r, lang, &per));
        sink.text(&out)?;
        return Ok(());
    }
    out.push_str(&mismatch(r, lang, &per));
    sink.text(&out)?;
    derivations_table(sink, r, lang)
}

/// The post and dates checked, and what the notified amount is compared with.
fn heading(r: &CheckResult<'_>, lang: Lang) -> (String, String) {
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
        plan.post_type.label(lang),
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
    (out, per)
}

/// The verdict of a match.
fn matched(r: &CheckResult<'_>, lang: Lang, per: &str) -> String {
    let mut out = String::new();
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
    out
}

/// The verdict of a mismatch, and the derivations that give the notified amount.
fn mismatch(r: &CheckResult<'_>, lang: Lang, per: &str) -> String {
    let mut out = String::new();
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
                d.tried.label(lang),
                human(d.amount, lang)
            ));
        }
    }
    out
}

/// Every derivation tried, what it gives and whether it matches.
fn derivations_table(sink: &mut dyn Sink, r: &CheckResult<'_>, lang: Lang) -> Result<()> {
    sink.header(&[
        Header::new(
            "derivation",
            "Other derivation tried",
            "Autre calcul essayé",
        ),
        Header::new("amount", "Gives", "Donne"),
        Header::new("matches", "Matches", "Concorde"),
    ])?;
    for d in &r.derivations {
        sink.row(&[
            Cell::text(d.tried.label(lang)),
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
