//! `batch`: one computation per CSV row, one output row per input row.

use super::{Context, Target};
use crate::cli::{OutputArgs, PostArgs};
use anyhow::{bail, Context as _, Result};
use asp_funding::batch::{self, BatchOptions};
use asp_funding::lang::Lang;
use asp_funding::output::Format;
use asp_funding::tr;
use clap::Args;
use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;

/// Arguments of `batch`.
#[derive(Debug, Clone, Args)]
pub struct BatchArgs {
    /// The CSV file of posts, or - for standard input. Columns: those of the post flags
    /// (region, post_type, start, months, share, pet_amount…), in English or French, any
    /// subset and any order, plus an optional id, and notified (and per) to check credits.
    pub file: PathBuf,

    /// Values for every row whose cell is empty or whose column is absent.
    #[command(flatten)]
    pub post: PostArgs,

    /// The output columns, in this order, comma separated (id,ars_monthly,ars_total,status)
    /// [default: all for CSV, JSON and xlsx; the main ones for a table].
    #[arg(long, value_delimiter = ',')]
    pub columns: Option<Vec<String>>,

    /// Adds totals per region and post type after the rows (table and JSON; with CSV use --summary-only).
    #[arg(long)]
    pub summary: bool,

    /// Writes only the totals per region and post type.
    #[arg(long, conflicts_with = "summary")]
    pub summary_only: bool,

    /// Threads pricing rows: 0 for one per core (at most 8). The output is the same, in the
    /// same order, whatever the number.
    #[arg(long, short = 'j', default_value_t = 0, value_name = "N")]
    pub threads: usize,

    /// Refuses a post that does not meet a condition of eligibility its inputs show (instead of a warning).
    #[arg(long)]
    pub strict: bool,

    /// How the result is written.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Runs the batch; exit status 1 when any row is in error.
pub fn run(args: &BatchArgs, ctx: &Context) -> Result<u8> {
    if args.summary && matches!(args.output.format, Format::Csv | Format::Xlsx) {
        bail!(tr!(
            Lang::messages(),
            "--summary: a CSV or workbook holds one table; use --summary-only for the totals",
            "--summary : un CSV ou un classeur ne contient qu'un tableau ; utilisez --summary-only pour les totaux"
        ));
    }
    // The flags that fill empty cells are read once here: a wrong one is a usage error,
    // not an error on every row.
    let mut scratch = asp_funding::input::RowInput::default();
    for (field, value) in args.post.given() {
        crate::cli::read_flag(&mut scratch, field, &value)?;
    }
    let rates = ctx.rates()?;
    let options = BatchOptions {
        defaults: args.post.given(),
        columns: args.columns.as_ref().map(|c| {
            c.iter()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        }),
        today: Some(ctx.today()?),
        summary: args.summary,
        summary_only: args.summary_only,
        threads: args.threads,
        strict: args.strict,
        lang: args.output.lang,
        for_people: args.output.format == Format::Table,
    };
    let (input, origin): (Box<dyn Read>, String) = if args.file.as_os_str() == "-" {
        (
            Box::new(std::io::stdin().lock()),
            Lang::messages()
                .pick("standard input", "entrée standard")
                .into(),
        )
    } else {
        let file = std::fs::File::open(&args.file).with_context(|| {
            tr!(
                Lang::messages(),
                "{}: cannot open",
                "{} : impossible d'ouvrir",
                args.file.display()
            )
        })?;
        (Box::new(file), args.file.display().to_string())
    };
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
                        Lang::messages(),
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
        )?;
        sink.finish()?;
        report
    };
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    target.commit()?;
    if report.errors > 0 {
        let lang = Lang::messages();
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
                Lang::messages(),
                "asp-funding: {origin}: {} of {} rows differ from their notified credit (check_status mismatch)",
                "asp-funding: {origin} : {} ligne{s} sur {} diffère{nt} de leur crédit notifié (check_status mismatch)",
                report.mismatches,
                report.rows
            )
        );
    }
    Ok(u8::from(report.errors > 0 || report.mismatches > 0))
}
