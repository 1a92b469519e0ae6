//! `check`: compares a notified credit with the computed one; exit status 1 on a mismatch.

use super::compute::flag_error;
use super::{keep_status, Context, Target};
use crate::cli::CheckArgs;
use anyhow::{anyhow, Result};
use asp_funding::check::{check, words, CheckResult, Notified};
use asp_funding::explain::explain;
use asp_funding::lang::{date, Lang};
use asp_funding::money::{human, parse_amount};
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
    let amount = given.notified.ok_or_else(|| {
        anyhow!(tr!(
            lang,
            "--notified: give the credit notified",
            "--notified : donnez le crédit notifié"
        ))
    })?;
    let rates = ctx.rates()?;
    let notified = Notified {
        amount,
        per: given.per,
        year: given.year,
        tolerance,
    };
    let result =
        check(rates, &post.post, ctx.today()?, notified).map_err(|e| flag_error(&e, lang))?;
    super::strict_conditions(
        args.strict,
        &explain(rates, &result.computed, lang, &Naming::Flags),
    )?;
    let status = if result.matches { 0 } else { 1 };
    let written = (|| {
        let target = Target::open(&args.output)?;
        {
            let mut sink = target.sink(&args.output, true)?;
            write(sink.as_mut(), rates, &result, args)?;
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
    let words = explain(rates, &r.computed, lang, &Naming::Flags);
    match args.output.format {
        Format::Table => {
            check_table(sink, rates, r, lang, args.all)?;
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
                // A derivation says its id and whether it matches.
                .filter(|c| !matches!(**c, Column::ExplainedBy | Column::ExplainedByIds))
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

fn check_table(
    sink: &mut dyn Sink,
    rates: &asp_funding::rates::Rates,
    r: &CheckResult<'_>,
    lang: Lang,
    all: bool,
) -> Result<()> {
    // The verdict first, in one sentence to paste into a reply; then what it is based on.
    sink.verdict(&format!("{}\n", words::sentence(r, rates, lang)), r.matches)?;
    let mut out = heading(r, lang);
    if let Some(line) = words::verdict(r, rates, lang).into_iter().next() {
        out.push_str(&line);
        out.push('\n');
    }
    if !r.matches {
        out.push_str(&found(r, lang));
    }
    sink.text(&out)?;
    if r.matches {
        return Ok(());
    }
    derivations_table(sink, r, lang, all)
}

/// The post and dates checked, and what the notified amount is compared with when that was
/// inferred.
fn heading(r: &CheckResult<'_>, lang: Lang) -> String {
    let plan = &r.computed.plan;
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
    if let Some(how) = words::how_compared(r, lang) {
        out.push_str(&how);
        out.push('\n');
    }
    out
}

/// The derivations that give the notified amount.
fn found(r: &CheckResult<'_>, lang: Lang) -> String {
    let found: Vec<_> = r.found().collect();
    if found.is_empty() {
        return lang
            .pick(
                "None of the usual other derivations gives the notified figure.\n",
                "Aucun des autres calculs usuels ne donne le montant notifié.\n",
            )
            .to_string();
    }
    let mut out = tr!(
        lang,
        "The notified figure is what you get with:\n",
        "Le montant notifié est celui qu'on obtient avec :\n"
    );
    for d in found {
        out.push_str(&format!(
            "  - {} ({})\n",
            d.tried.label(lang),
            human(d.amount, lang)
        ));
    }
    out
}

/// How near a derivation must come to the notified amount to be shown without `--all`.
const NEAR: rust_decimal::Decimal = rust_decimal::Decimal::from_parts(5, 0, 0, false, 2);

/// The derivations tried that come within 5 % of the notified amount (every one with `all`),
/// what each gives and whether it matches; how many others were left out.
fn derivations_table(
    sink: &mut dyn Sink,
    r: &CheckResult<'_>,
    lang: Lang,
    all: bool,
) -> Result<()> {
    let near =
        |amount: rust_decimal::Decimal| (amount - r.notified).abs() <= r.notified.abs() * NEAR;
    let shown: Vec<_> = r
        .derivations
        .iter()
        .filter(|d| all || d.matches || near(d.amount))
        .collect();
    let left_out = r.derivations.len() - shown.len();
    if shown.is_empty() {
        sink.text(&tr!(
            lang,
            "No other derivation tried comes within 5 % of the notified amount ({left_out} tried; --all lists them).\n",
            "Aucun autre calcul essayé n'approche le montant notifié à 5 % près ({left_out} essayés ; --all les liste).\n"
        ))?;
        return Ok(());
    }
    sink.header(&[
        Header::new(
            "derivation",
            "Other derivation tried",
            "Autre calcul essayé",
        ),
        Header::new("amount", "Gives", "Donne"),
        Header::new("matches", "Matches", "Concorde"),
    ])?;
    for d in shown {
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
    if left_out > 0 {
        sink.text(&tr!(
            lang,
            "{left_out} other derivations tried give amounts further than 5 % from the notified one (--all lists them).\n",
            "{left_out} autres calculs essayés donnent des montants à plus de 5 % du montant notifié (--all les liste).\n"
        ))?;
    }
    Ok(())
}
