//! One module per command: its arguments and its `run`. Shared set-up (loading the
//! reference data, the date of today, where the output goes) lives here, once.

pub mod batch;
pub mod check;
pub mod compute;
pub mod envelope;
pub mod notes;
pub mod pet;
pub mod rates;
pub mod rules;
pub mod target;

pub use target::Target;

use crate::cli::OutputArgs;
use anyhow::{anyhow, bail, Result};
use asp_funding::lang::{Lang, Text};
use asp_funding::output::{self, Format, Sink};
use asp_funding::post::parse_date;
use asp_funding::rates::{embedded, load_dir, Rates};
use asp_funding::tr;
use chrono::NaiveDate;
use std::io::Write;
use std::path::PathBuf;

/// What every command may need.
pub struct Context {
    /// The folder of reference data given by --rates or ASP_FUNDING_RATES.
    pub rates_dir: Option<PathBuf>,
    /// The language of the command's words and messages.
    pub lang: Lang,
}

impl Context {
    /// The reference data: the folder given by --rates or ASP_FUNDING_RATES, else the embedded data.
    ///
    /// Each call loads the data anew and keeps it until the process ends, never freed (a command
    /// calls this once): freeing every piece of it was a `compute`'s last act, 57 000
    /// instructions of the 890 000 it runs after reading its command line (callgrind).
    pub fn rates(&self) -> Result<&'static Rates> {
        let loaded = match &self.rates_dir {
            Some(dir) => load_dir(dir),
            None => embedded(),
        };
        let rates = loaded.map_err(|e| anyhow!(e.render(self.lang)))?;
        Ok(Box::leak(Box::new(rates)))
    }

    /// Today's date: the clock's, or ASP_FUNDING_TODAY (YYYY-MM-DD) for reproducible runs.
    pub fn today(&self) -> Result<NaiveDate> {
        let lang = self.lang;
        // Set but empty (`ASP_FUNDING_TODAY=`, as a shell unsets a variable for one command) is
        // not set.
        match std::env::var_os("ASP_FUNDING_TODAY").filter(|v| !v.is_empty()) {
            Some(value) => {
                let text = value.to_str().ok_or_else(|| {
                    anyhow!(tr!(
                        lang,
                        "ASP_FUNDING_TODAY: not UTF-8 text; write the date as YYYY-MM-DD",
                        "ASP_FUNDING_TODAY : pas du texte UTF-8 ; écrivez la date AAAA-MM-JJ"
                    ))
                })?;
                parse_date(text).map_err(|kind| {
                    anyhow!(tr!(
                        lang,
                        "ASP_FUNDING_TODAY: {}",
                        "ASP_FUNDING_TODAY : {}",
                        kind.render(lang)
                    ))
                })
            }
            None => Ok(chrono::Local::now().date_naive()),
        }
    }
}

/// A closed pipe (`asp-funding ... | head`) is not an error.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// An error and its causes, as `{e:#}` writes them, each in `lang` where it carries both
/// languages, joined with the language's colon.
pub fn render_error(e: &anyhow::Error, lang: Lang) -> String {
    e.chain()
        .map(|cause| {
            if let Some(text) = cause.downcast_ref::<Text>() {
                text.get(lang).to_string()
            } else if let Some(io) = cause.downcast_ref::<std::io::Error>() {
                asp_funding::lang::io_message(io, lang)
            } else {
                cause.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(lang.pick(": ", "\u{a0}: "))
}

/// Opens the output asked for: standard output, or the file of `--output` ([`Target::file`]).
pub fn open_target(args: &OutputArgs) -> Result<Target> {
    let lang = args.lang;
    if args.format == Format::Xlsx && args.output.is_none() {
        bail!(tr!(
            lang,
            "--format xlsx: a workbook is not written to standard output; give --output FILE.xlsx",
            "--format xlsx : un classeur ne s'écrit pas sur la sortie standard ; donnez --output FICHIER.xlsx"
        ));
    }
    match &args.output {
        Some(path) => Target::file(path, lang),
        None => Ok(Target::stdout()),
    }
}

impl Target {
    /// Opens the output asked for.
    pub fn open(args: &OutputArgs) -> Result<Target> {
        open_target(args)
    }

    /// A sink for the output. `single`: JSON writes one object rather than an array.
    pub fn sink(&self, args: &OutputArgs, single: bool) -> Result<Box<dyn Sink + '_>> {
        Ok(output::sink(
            args.format,
            args.lang,
            args.csv_style(),
            args.headings(),
            single,
            self.writer()?,
        ))
    }
}

/// The status of a finding (1 for a mismatch or rows in error), kept when the reader of the
/// output has gone (`| head`): a closed pipe is not an error, but it is not a success either.
pub fn keep_status(status: u8, written: Result<()>) -> Result<u8> {
    match written {
        Ok(()) => Ok(status),
        Err(e) if is_broken_pipe(&e) => Ok(status),
        Err(e) => Err(e),
    }
}

/// Writes a shell completion script or the man page: bytes to standard output.
pub fn emit_bytes(bytes: &[u8]) -> Result<u8> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()?;
    Ok(0)
}

/// With `--strict`, a condition of eligibility not met is an error naming it.
pub fn strict_conditions(
    strict: bool,
    words: &asp_funding::explain::Explanation<'_>,
) -> Result<()> {
    use asp_funding::eligibility::Status;
    let not_met: Vec<String> = words
        .conditions
        .iter()
        .filter(|c| c.status == Status::NotMet)
        .map(|c| format!("{} ({})", c.condition.text.get(words.lang), c.detail))
        .collect();
    if strict && !not_met.is_empty() {
        bail!(asp_funding::tr!(
            words.lang,
            "--strict: a condition of eligibility is not met: {}",
            "--strict : une condition d'éligibilité n'est pas remplie : {}",
            not_met.join(words.lang.pick("; ", " ; "))
        ));
    }
    Ok(())
}

/// Where the data comes from, for people: the embedded data's words in `lang`.
pub fn shown(text: &str, lang: asp_funding::lang::Lang) -> String {
    asp_funding::rates::shown_in(text, lang).into_owned()
}

/// Refuses a workbook for commands whose output is not a table of results.
pub fn no_xlsx(args: &OutputArgs) -> Result<()> {
    if args.format == Format::Xlsx {
        bail!(tr!(
            args.lang,
            "--format xlsx: workbooks are written by compute, check, batch, envelope and pet; use --format csv (or a .csv file) here",
            "--format xlsx : seuls compute, check, batch, envelope et pet écrivent des classeurs ; utilisez ici --format csv (ou un fichier .csv)"
        ));
    }
    Ok(())
}

/// Opens the output asked for, has `write` write to its sink (`single`: JSON writes one object
/// rather than an array), ends it and puts it in place.
pub fn with_sink(
    args: &OutputArgs,
    single: bool,
    write: impl FnOnce(&mut dyn Sink) -> Result<()>,
) -> Result<u8> {
    let target = Target::open(args)?;
    {
        let mut sink = target.sink(args, single)?;
        write(sink.as_mut())?;
        finish(sink.as_mut())?;
    }
    target.commit()?;
    Ok(0)
}

/// Ends a sink's output, and says on standard error what it had to change to write it (a
/// workbook's cell cut to a spreadsheet's limit, an amount written as text).
pub fn finish(sink: &mut dyn Sink) -> Result<()> {
    sink.finish()?;
    let mut stderr = std::io::stderr().lock();
    for warning in sink.warnings() {
        let _ = writeln!(stderr, "asp-funding: {}", output::printable(&warning));
    }
    Ok(())
}
