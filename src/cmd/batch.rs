//! `batch`: one computation per CSV row, one output row per input row.

use super::{Context, Target};
use crate::cli::BatchArgs;
use anyhow::{anyhow, bail, Result};
use asp_funding::batch::{self, BatchOptions, Reading};
use asp_funding::lang::Lang;
use asp_funding::output::Format;
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
    // The output columns by key, or a copied input column's header: checked once the header is read.
    let columns = args.columns.as_ref().map(|keys| {
        keys.iter()
            .map(|key| key.trim().to_string())
            .filter(|key| !key.is_empty())
            .collect()
    });
    let rates = ctx.rates()?;
    let options = BatchOptions {
        defaults,
        columns,
        today: ctx.today()?,
        summary: args.summary,
        summary_only: args.summary_only,
        by_year: args.by_year,
        threads: args.threads,
        strict: args.strict,
        lang,
        for_people: args.output.format == Format::Table,
        reading: Reading {
            delimiter: args.delimiter,
            encoding: args.encoding,
            sheet: args.sheet.clone(),
            strict_columns: args.strict_columns,
        },
    };
    // The notes' file is checked before the rows are read, and written once they are.
    let notes = args
        .notes
        .as_deref()
        .map(|path| notes_target(path, args))
        .transpose()?;
    let (input, origin, size) = open(args, lang)?;
    let target = Target::open(&args.output)?;
    let progress = Progress::new(size, lang);
    // The input is read in large blocks by the batch itself: no buffer in between.
    let input = Counted {
        inner: input,
        read: 0,
        bar: progress.bar.clone(),
    };
    let mut shown = 0u32;
    let report = {
        let mut sink = target.sink(&args.output, false)?;
        let report = batch::run(
            rates,
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
                    progress.say(&asp_funding::output::printable(&line));
                }
            },
            &mut |rows| progress.rows(rows),
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
    drop(progress);
    if let Some(notes) = notes {
        write_notes(notes, rates, args)?;
    }
    target.commit()?;
    say_report(&report, &origin, lang);
    Ok(u8::from(report.errors > 0 || report.mismatches > 0))
}

/// Where `--notes` writes: a temporary file beside `path`, put in place once the rows are read
/// and written (so that a batch that fails leaves no notes, and a file is never half written).
/// The input and `--output` are refused: the notes would replace what was read or written.
fn notes_target(path: &std::path::Path, args: &BatchArgs) -> Result<Target> {
    let lang = args.output.lang;
    let same = |other: &std::path::Path| match (path.canonicalize(), other.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => path == other,
    };
    if args.file.as_os_str() != "-" && same(&args.file) {
        bail!(tr!(
            lang,
            "--notes {}: that is the input file; give the notes another name",
            "--notes {} : c'est le fichier d'entrée ; donnez un autre nom aux notes",
            path.display()
        ));
    }
    if args.output.output.as_deref().is_some_and(same) {
        bail!(tr!(
            lang,
            "--notes {}: that is the --output file; give the notes another name",
            "--notes {} : c'est le fichier de --output ; donnez un autre nom aux notes",
            path.display()
        ));
    }
    Target::file(path, lang)
}

/// Writes the notes the rows may name by id, as CSV in the output's language and CSV style, and
/// puts the file in place.
fn write_notes(target: Target, rates: &asp_funding::rates::Rates, args: &BatchArgs) -> Result<()> {
    let lang = args.output.lang;
    {
        let mut sink = asp_funding::output::sink(
            Format::Csv,
            lang,
            args.output.csv_style(),
            args.output.headings(),
            false,
            target.writer()?,
        );
        let entries = asp_funding::explain::notes::catalogue(rates, lang);
        let people = asp_funding::output::records::catalogue_readers(
            Format::Csv,
            args.output.headings(),
            lang,
        );
        asp_funding::output::records::write_catalogue(sink.as_mut(), &entries, people)?;
        super::finish(sink.as_mut())?;
    }
    target.commit()
}

/// The input: the file, or standard input; its name for messages; its size when known.
fn open(args: &BatchArgs, lang: Lang) -> Result<(Box<dyn Read>, String, Option<u64>)> {
    Ok(if args.file.as_os_str() == "-" {
        (
            Box::new(std::io::stdin().lock()),
            lang.pick("standard input", "entrée standard").into(),
            None,
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
        let size = file
            .metadata()
            .ok()
            .filter(std::fs::Metadata::is_file)
            .map(|m| m.len());
        (Box::new(file), args.file.display().to_string(), size)
    })
}

/// Progress on a terminal: a bar of the bytes read (the time left comes from the file's size;
/// a spinner for standard input), with the rows read and their rate, in the user's language,
/// cleared at the end. Nothing when standard error is not a terminal.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    lang: Lang,
    started: std::time::Instant,
}

impl Progress {
    fn new(size: Option<u64>, lang: Lang) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let (bar, template) = match size {
                Some(bytes) => (
                    indicatif::ProgressBar::new(bytes),
                    lang.pick(
                        "{bar:20} {percent:>3}% · {msg} · {eta} left",
                        "{bar:20} {percent:>3}\u{a0}% · {msg} · reste {eta}",
                    ),
                ),
                None => (indicatif::ProgressBar::new_spinner(), "{spinner} {msg}"),
            };
            if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
                bar.set_style(style);
            }
            bar.set_message(lang.pick("reading rows", "lecture des lignes"));
            bar
        });
        Progress {
            bar,
            lang,
            started: std::time::Instant::now(),
        }
    }

    /// The rows read so far, and their rate.
    fn rows(&self, rows: u64) {
        let Some(bar) = &self.bar else { return };
        let seconds = self.started.elapsed().as_millis().max(1);
        let rate = u128::from(rows) * 1000 / seconds;
        bar.set_message(tr!(
            self.lang,
            "{rows} rows read, {rate} a second",
            "{rows} lignes lues, {rate} par seconde"
        ));
    }

    /// A line on standard error, above the bar.
    fn say(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| {
                let _ = writeln!(std::io::stderr(), "{line}");
            }),
            None => {
                let _ = writeln!(std::io::stderr(), "{line}");
            }
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// The input, its bytes counted on the bar.
struct Counted<R> {
    inner: R,
    read: u64,
    bar: Option<indicatif::ProgressBar>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        if let Some(bar) = &self.bar {
            bar.set_position(self.read);
        }
        Ok(n)
    }
}

/// Says on standard error how many rows were in error or differ from their notified credit, and
/// which flags a rule set held back.
fn say_report(report: &batch::BatchReport, origin: &str, lang: Lang) {
    for note in &report.notes {
        let line = tr!(
            lang,
            "asp-funding: {origin}: {note}",
            "asp-funding: {origin} : {note}"
        );
        let _ = writeln!(
            std::io::stderr(),
            "{}",
            asp_funding::output::printable(&line)
        );
    }
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
