//! `batch`: one computation per CSV row, one output row per input row.

use super::{Context, Target};
use crate::cli::BatchArgs;
use anyhow::{anyhow, bail, Result};
use asp_funding::batch::{self, BatchOptions};
use asp_funding::lang::Lang;
use asp_funding::output::{Column, Format};
use asp_funding::tr;
use std::io::{IsTerminal, Read, Write};

/// Runs the batch; exit status 1 when any row is in error.
pub fn run(args: &BatchArgs, ctx: &Context) -> Result<u8> {
    let lang = args.output.lang;
    if args.summary && args.output.format == Format::Csv {
        bail!(tr!(
            lang,
            "--summary: a CSV file holds one table; use --summary-only for the totals, or a workbook (-o FILE.xlsx), whose Totals sheet holds them",
            "--summary : un fichier CSV ne contient qu'un tableau ; utilisez --summary-only pour les totaux, ou un classeur (-o FICHIER.xlsx), dont la feuille Totaux les contient"
        ));
    }
    // The flags that fill empty cells are read once here: a wrong one is a usage error,
    // not an error on every row.
    let mut defaults = args.post.input(lang)?;
    // A flag fills a row's empty cell; it changes what the row's rule set fixes only with
    // --override (a row's own cell always does, as the row's what-if).
    defaults.post.shared.may_override = args.override_rules;
    let columns = args
        .columns
        .as_ref()
        .map(|c| columns(c, lang))
        .transpose()?;
    let rates = ctx.rates()?;
    let options = BatchOptions {
        defaults,
        columns,
        today: ctx.today()?,
        summary: args.summary,
        summary_only: args.summary_only,
        threads: args.threads,
        strict: args.strict,
        lang,
        for_people: args.output.format == Format::Table,
    };
    let (input, origin) = open(args, lang)?;
    let input = std::io::BufReader::with_capacity(1 << 16, input);
    let target = Target::open(&args.output)?;
    let progress = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_message("rows");
        bar
    });
    let mut stderr = std::io::stderr().lock();
    let mut shown = 0u32;
    let report = {
        let mut sink = target.sink(&args.output, false)?;
        let report = batch::run(
            &rates,
            input,
            &origin,
            &options,
            sink.as_mut(),
            &mut |error| {
                // Every row in error is reported; past a hundred, only counted.
                shown += 1;
                if shown <= 100 {
                    let line = tr!(
                        lang,
                        "asp-funding: {origin}: {}",
                        "asp-funding: {origin} : {}",
                        error.message
                    );
                    let _ = writeln!(stderr, "{}", asp_funding::output::printable(&line));
                }
            },
            &mut |rows| {
                if let Some(bar) = &progress {
                    bar.set_position(rows);
                }
            },
        )
        .map_err(|e| anyhow!(e.render(lang)))?;
        if args.output.format == Format::Xlsx {
            // The documents the rows cite, by their ids: the Sources sheet lists those cited.
            sink.notes(&asp_funding::output::Notes {
                sources: rates.sources.values().collect(),
                ..Default::default()
            })?;
        }
        super::finish(sink.as_mut())?;
        report
    };
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    target.commit()?;
    say_report(&report, &origin, lang);
    Ok(u8::from(report.errors > 0 || report.mismatches > 0))
}

/// The input: the file, or standard input; and its name for messages.
fn open(args: &BatchArgs, lang: Lang) -> Result<(Box<dyn Read>, String)> {
    Ok(if args.file.as_os_str() == "-" {
        (
            Box::new(std::io::stdin().lock()),
            lang.pick("standard input", "entrée standard").into(),
        )
    } else {
        let file = std::fs::File::open(&args.file).map_err(|e| {
            anyhow!(tr!(
                lang,
                "{}: cannot open: {e}",
                "{} : impossible d'ouvrir : {e}",
                args.file.display()
            ))
        })?;
        (Box::new(file), args.file.display().to_string())
    })
}

/// Says on standard error how many rows were in error or differ from their notified credit, and
/// which flags a rule set held back.
fn say_report(report: &batch::BatchReport, origin: &str, lang: Lang) {
    for (rule_set, term) in &report.held_back {
        let _ = writeln!(
            std::io::stderr(),
            "asp-funding: {}",
            asp_funding::explain::held_back_words(rule_set, term, lang)
        );
    }
    if report.errors > 0 {
        let shown = if report.errors > 100 {
            lang.pick(
                " (the first 100 are shown)",
                " (les 100 premières sont affichées)",
            )
        } else {
            ""
        };
        let s = if report.errors > 1 { "s" } else { "" };
        let _ = writeln!(
            std::io::stderr(),
            "{}",
            tr!(
                lang,
                "asp-funding: {origin}: {} of {} rows in error{shown}",
                "asp-funding: {origin} : {} ligne{s} sur {} en erreur{shown}",
                report.errors,
                report.rows
            )
        );
    }
    if report.mismatches > 0 {
        let (s, nt) = if report.mismatches > 1 {
            ("s", "nt")
        } else {
            ("", "")
        };
        let _ = writeln!(
            std::io::stderr(),
            "{}",
            tr!(
                lang,
                "asp-funding: {origin}: {} of {} rows differ from their notified credit (check_status mismatch)",
                "asp-funding: {origin} : {} ligne{s} sur {} diffère{nt} de leur crédit notifié (check_status mismatch)",
                report.mismatches,
                report.rows
            )
        );
    }
}

/// The output columns asked for, by key.
fn columns(keys: &[String], lang: Lang) -> Result<Vec<Column>> {
    keys.iter()
        .map(|key| key.trim())
        .filter(|key| !key.is_empty())
        .map(|key| {
            Column::from_key(key).ok_or_else(|| {
                let known: Vec<&str> = Column::all().map(Column::key).collect();
                anyhow!(tr!(
                    lang,
                    "--columns: unknown output column '{key}'. The columns are: {}",
                    "--columns : colonne de sortie inconnue « {key} ». Les colonnes sont : {}",
                    known.join(", ")
                ))
            })
        })
        .collect()
}
