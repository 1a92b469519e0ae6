//! The command line: clap's types only, and the one place arguments become typed options. A
//! post's flags are built from [`asp_funding::post::Field`] ([`post`]); their help in French
//! is in [`help_fr`].

pub mod help_fr;
pub mod post;

use asp_funding::batch::Encoding;
use asp_funding::lang::Lang;
use asp_funding::output::{CsvStyle, Format, Headings};
use asp_funding::post::parse_date;
use asp_funding::tr;
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use post::{CheckFlags, PatternArgs, PostArgs};
use std::path::PathBuf;

/// Funding calculator for shared-time specialist assistant posts (assistants spécialistes à temps partagé) in French public hospitals.
///
/// Computes what a post costs and what the regional health agency (ARS) funds of it, from the national salary grid,
/// IESPE, PET and employer charges, and each region's published rule set. Every figure shows how it was computed and
/// from which document. The reference data is embedded; --rates DIR replaces it.
#[derive(Debug, Parser)]
#[command(
    name = "asp-funding",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// Use this folder of reference data (same layout as the repository's rates/) instead of the embedded data.
    #[arg(long, global = true, env = "ASP_FUNDING_RATES", value_name = "DIR")]
    pub rates: Option<PathBuf>,

    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// One post: monthly components, loaded cost, ARS and establishment shares, per month and for the whole contract.
    Compute(ComputeArgs),
    /// Compares a notified credit with the computed one, explains any gap; exit status 1 on a mismatch.
    Check(CheckArgs),
    /// One computation per row of a CSV file or a workbook (FILE, or - for stdin), one output row per input row; exit status 1 if a row is in error.
    Batch(BatchArgs),
    /// A national allocation note's posts per region × the credit per post: regional, post-type and national totals.
    Envelope(EnvelopeArgs),
    /// The PET tier for a working pattern, and why.
    Pet(PetArgs),
    /// The region rule sets known: list them, or show one.
    Rules(RulesArgs),
    /// The reference data: list its versions, show one parameter, or validate a folder.
    Rates(RatesArgs),
    /// Every note a batch row may name by id (A3, W1, S2, a rule set's assumption, a condition), with its text.
    Notes(NotesArgs),
    /// Prints a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Prints the man page (roff).
    Man,
}

/// Arguments of `compute`.
#[derive(Debug, Clone, Args)]
pub struct ComputeArgs {
    /// What describes the post.
    #[command(flatten)]
    pub post: PostArgs,

    /// Adds the month-by-month schedule (with --format csv, prints the schedule rows instead of the summary).
    #[arg(long)]
    pub schedule: bool,

    /// Adds the credit, the establishment's cost and the full cost for each calendar year the
    /// contract touches (with --format csv, prints one row per year instead of the summary).
    /// With --schedule, a table, JSON or a workbook (a sheet each) holds both; a CSV file, one kind of row.
    #[arg(long)]
    pub by_year: bool,

    /// Refuses a post that does not meet a condition of eligibility its inputs show (instead of a warning).
    #[arg(long)]
    pub strict: bool,

    /// Prints only the answer: the credit, the post's actual cost and the establishment's share
    /// (a table for people; CSV and JSON are unchanged).
    #[arg(long, conflicts_with_all = ["schedule", "by_year"])]
    pub brief: bool,

    /// How the result is written.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Arguments of `check`.
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// What describes the post.
    #[command(flatten)]
    pub post: PostArgs,

    /// The credit notified, and what it is.
    #[command(flatten)]
    pub check: CheckFlags,

    /// The largest gap still taken as a match, in euros.
    #[arg(long, default_value = "0", allow_hyphen_values = true)]
    pub tolerance: String,

    /// Refuses a post that does not meet a condition of eligibility its inputs show (instead of a warning).
    #[arg(long)]
    pub strict: bool,

    /// Lists every other derivation tried, not only those within 5 % of the notified amount.
    #[arg(long)]
    pub all: bool,

    /// How the result is written.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Arguments of `batch`.
#[derive(Debug, Clone, Args)]
pub struct BatchArgs {
    /// The file of posts: CSV (separated by `,`, `;` or tabs; UTF-8, Windows-1252 or UTF-16), an
    /// .xlsx or .ods workbook, or - for standard input. Columns: those of the post flags
    /// (region, post_type, start, months, share, pet_amount…), in English or French, any
    /// subset and any order, plus an optional id, and notified (and per) to check credits;
    /// any other column is copied to the output, in its place.
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

    /// One output row per input row and calendar year of its contract (year, ars,
    /// establishment, full_cost; with a posts column, also for all its posts), the years adding up
    /// to the contract; with --summary, the totals per year.
    #[arg(long)]
    pub by_year: bool,

    /// Threads pricing rows: 0 for one per core (at most 8). The output is the same, in the
    /// same order, whatever the number.
    #[arg(long, short = 'j', default_value_t = 0, value_name = "N")]
    pub threads: usize,

    /// Refuses a post that does not meet a condition of eligibility its inputs show (instead of a warning).
    #[arg(long)]
    pub strict: bool,

    /// Lets the post flags change what a row's rule set fixes for its credit (its share, charge rate,
    /// funded components) where the row's cell is empty; each such row says so in its `overrides`
    /// column. Without it, they fill only what a rule set lacks. A row's own cell always applies.
    #[arg(long = "override", id = "override")]
    pub override_rules: bool,

    /// The CSV separator: `,`, `;` or `tab` [default: the one the header line uses].
    #[arg(long, value_parser = delimiter_en, value_name = "SEP")]
    pub delimiter: Option<u8>,

    /// The CSV file's encoding: utf-8, windows-1252 or utf-16 [default: UTF-8, or UTF-16 by its
    /// byte order mark; Windows-1252 when the bytes are not UTF-8].
    #[arg(long, value_parser = encoding_en, value_name = "ENCODING")]
    pub encoding: Option<Encoding>,

    /// The sheet of a workbook (.xlsx, .ods, .xls) to read [default: the first].
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,

    /// Refuses a column that names no input, as scripts may want, instead of copying it to the
    /// output.
    #[arg(long)]
    pub strict_columns: bool,

    /// Also writes to FILE (CSV: kind,id,text) every note the rows may name by id, in the
    /// output's language: the assumptions (A1…), warnings (W1…), rule sets' assumptions, conditions and documents (S1…); the same list as `asp-funding notes`.
    #[arg(long, value_name = "FILE")]
    pub notes: Option<PathBuf>,

    /// How the result is written.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Arguments of `notes`.
#[derive(Debug, Clone, Args)]
pub struct NotesArgs {
    /// How the result is written.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Arguments of `envelope`.
#[derive(Debug, Clone, Args)]
pub struct EnvelopeArgs {
    /// The promotion of the allocation note: 2018-2020, 2024-2026, 2025-2027.
    #[arg(long)]
    pub promotion: String,

    /// The contracts' first day, whose data prices them [default: the promotion's first November
    /// (2018-2020: 2018-11-01) when the data in force then exists, else the earliest day at which it all does].
    #[arg(long, value_parser = date_en)]
    pub at: Option<NaiveDate>,

    /// Adds the ARS credit, the establishment's share and the full cost per calendar year, per post
    /// type and for the nation (with --format csv, prints the years instead of the rows).
    #[arg(long)]
    pub by_year: bool,

    /// Writes the note's regional rows as a `batch` input instead (id, region, post_type, posts, start and
    /// the inputs given, but those a region's rule set fixes), to edit (a share per region…) and price with
    /// `asp-funding batch --summary`.
    #[arg(long, conflicts_with = "by_year")]
    pub batch_rows: bool,

    /// Post inputs for every row: they fill what a region's rule set lacks (--share 50% prices the
    /// regions without a rule set).
    #[command(flatten)]
    pub post: PostArgs,

    /// Lets the post flags change what a region's rule set fixes for its credit (its share, charge
    /// rate, funded components); each such row says so in its `overrides` column. Without it, they
    /// fill only what a rule set lacks, and the head says which were not applied, and where.
    #[arg(long = "override", id = "override")]
    pub override_rules: bool,

    /// How the result is written.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Arguments of `pet`.
#[derive(Debug, Clone, Args)]
pub struct PetArgs {
    /// The working pattern that sets the PET.
    #[command(flatten)]
    pub pattern: PatternArgs,

    /// The date whose scale applies, YYYY-MM-DD [default: today].
    #[arg(long, value_parser = date_en)]
    pub at: Option<NaiveDate>,

    /// How the result is written.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Arguments of `rules`.
#[derive(Debug, Clone, Args)]
pub struct RulesArgs {
    /// What to do [default: list].
    #[command(subcommand)]
    pub action: Option<RulesAction>,

    /// How the result is written.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `rules` actions.
#[derive(Debug, Clone, Subcommand)]
pub enum RulesAction {
    /// Lists the rule sets, one line each.
    List,
    /// Shows one rule set in full: what it funds, its assumptions and its source.
    Show {
        /// A rule set id (nouvelle-aquitaine-2026), or a region name to show its rule sets.
        name: String,
    },
}

/// Arguments of `rates`.
#[derive(Debug, Clone, Args)]
pub struct RatesArgs {
    /// What to do [default: list].
    #[command(subcommand)]
    pub action: Option<RatesAction>,

    /// How the result is written.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `rates` actions.
#[derive(Debug, Clone, Subcommand)]
pub enum RatesAction {
    /// Lists every version of every parameter, with its period, source and file.
    List,
    /// Shows one parameter's values in force on a date: grid, iespe, pet, charges, or a promotion (2018-2020).
    Show {
        /// grid, iespe, pet, charges, or a promotion such as 2018-2020.
        name: String,
        /// The date, YYYY-MM-DD [default: today].
        #[arg(long, value_parser = date_en)]
        at: Option<NaiveDate>,
    },
    /// Checks a folder of reference data and reports every problem with its file, line and key (exit 2 if any).
    Validate {
        /// The folder, laid out as the repository's rates/.
        dir: PathBuf,
    },
}

/// How results are written.
#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    /// Output format: table (for people), csv or json (for scripts), xlsx (a workbook, with
    /// --output) [default: from the --output file's extension (.xlsx, .csv, .json), csv with
    /// --excel, else table].
    #[arg(long = "format", short = 'f', id = "format", value_parser = format_en, global = true)]
    pub format_given: Option<Format>,

    /// The format settled from --format, --output's extension and --excel ([`OutputArgs::settle`]).
    #[arg(skip)]
    pub format: Format,

    /// Language of every text (tables, explanations, assumptions, messages, help) and of numbers: en (6,499.58) or fr (6 499,58 €) [default: the locale's].
    #[arg(long, value_parser = lang_en, default_value = default_lang(), global = true)]
    pub lang: Lang,

    /// CSV for a French-locale spreadsheet: `;` separator, decimal comma, byte order mark, formula-like cells neutralised (implies --format csv).
    #[arg(long, global = true)]
    pub excel: bool,

    /// Column headers of CSV and workbooks: keys (ars_monthly, for scripts) or fr (« ARS, par mois »,
    /// which batch reads back) [default: fr with --lang fr for a workbook or --excel, else keys].
    #[arg(long = "headers", id = "headers", value_parser = headings_en, global = true)]
    pub headings_given: Option<Headings>,

    /// Write to this file instead of standard output (written to a temporary file beside it, then renamed: never half-written). Its extension sets the format: .xlsx, .csv, .json.
    #[arg(long, short = 'o', value_name = "FILE", global = true)]
    pub output: Option<PathBuf>,
}

impl OutputArgs {
    /// The CSV style asked for.
    pub fn csv_style(&self) -> CsvStyle {
        CsvStyle { excel: self.excel }
    }

    /// The column headers asked for.
    pub fn headings(&self) -> Headings {
        self.headings_given.unwrap_or(
            if self.lang == Lang::Fr && (self.excel || self.format == Format::Xlsx) {
                Headings::French
            } else {
                Headings::Keys
            },
        )
    }

    /// Settles the format: the one given, else the one --output's extension names, else CSV
    /// with --excel, else a table. A format that contradicts the extension, or --excel with
    /// another format than CSV, is an error naming both.
    pub fn settle(&mut self) -> Result<(), String> {
        let lang = self.lang;
        let name = |f: Format| {
            Format::NAMES
                .iter()
                .find(|(_, g)| *g == f)
                .map_or("table", |(n, _)| *n)
        };
        let by_extension = self.output.as_deref().and_then(|path| {
            let ext = path.extension()?.to_str()?.to_ascii_lowercase();
            let format = Format::NAMES
                .iter()
                .find(|(n, f)| *n == ext && *f != Format::Table)?
                .1;
            Some((format, path.display().to_string()))
        });
        let excel_words = |other: Format| {
            tr!(
                lang,
                "--excel writes CSV for a French spreadsheet, not {}: leave --format out, or use --format xlsx without --excel for a workbook",
                "--excel écrit du CSV pour un tableur en français, pas du {} : ne donnez pas --format, ou utilisez --format xlsx sans --excel pour un classeur",
                name(other)
            )
        };
        self.format = match (self.format_given, &by_extension) {
            (Some(given), Some((ext, path))) if given != *ext => {
                return Err(tr!(
                    lang,
                    "--format {} contradicts --output {path}, whose extension says {}: leave --format out, or give the file a .{} name",
                    "--format {} contredit --output {path}, dont l'extension dit {} : ne donnez pas --format, ou nommez le fichier en .{}",
                    name(given),
                    name(*ext),
                    name(given)
                ));
            }
            (Some(given), _) => given,
            (None, Some((ext, _))) => *ext,
            (None, None) if self.excel => Format::Csv,
            (None, None) => Format::Table,
        };
        if self.excel && self.format != Format::Csv {
            return Err(excel_words(self.format));
        }
        Ok(())
    }
}

impl Cli {
    /// Settles the output's format ([`OutputArgs::settle`]); an error in the command's language.
    pub fn settle(&mut self) -> Result<(), String> {
        match &mut self.command {
            Command::Compute(a) => a.output.settle(),
            Command::Check(a) => a.output.settle(),
            Command::Batch(a) => a.output.settle(),
            Command::Envelope(a) => a.output.settle(),
            Command::Pet(a) => a.output.settle(),
            Command::Rules(a) => a.output.settle(),
            Command::Rates(a) => a.output.settle(),
            Command::Notes(a) => a.output.settle(),
            Command::Completions { .. } | Command::Man => Ok(()),
        }
    }

    /// The language of the command's words and error messages: its `--lang`, else the locale's.
    pub fn lang(&self) -> Lang {
        let output = match &self.command {
            Command::Compute(a) => &a.output,
            Command::Check(a) => &a.output,
            Command::Batch(a) => &a.output,
            Command::Envelope(a) => &a.output,
            Command::Pet(a) => &a.output,
            Command::Rules(a) => &a.output,
            Command::Rates(a) => &a.output,
            Command::Notes(a) => &a.output,
            Command::Completions { .. } | Command::Man => return locale_lang(),
        };
        output.lang
    }
}

/// The language of the user's locale (before the command line is read, or for commands without `--lang`).
pub fn locale_lang() -> Lang {
    parse_lang(default_lang(), Lang::En).unwrap_or_default()
}

/// The language of messages while the command line is parsed: the last valid `--lang`
/// typed (`--lang fr` or `--lang=fr`, before any `--`), else the locale's. So that the
/// messages of our value parsers (`--format`, dates) already follow `--lang`.
pub fn typed_lang<I: IntoIterator<Item = std::ffi::OsString>>(args: I) -> Lang {
    let mut lang = locale_lang();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let Some(arg) = arg.to_str() else { continue };
        let value = match arg {
            "--" => break,
            "--lang" => args.next().and_then(|v| v.into_string().ok()),
            _ => arg.strip_prefix("--lang=").map(str::to_string),
        };
        if let Some(typed) = value.and_then(|v| parse_lang(&v, lang).ok()) {
            lang = typed;
        }
    }
    lang
}

/// The language of the user's locale: French when the first of LC_ALL, LC_MESSAGES and LANG
/// that is set starts with `fr`, else English. `--lang` overrides it.
fn default_lang() -> &'static str {
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.is_empty());
    match locale {
        Some(value) if value.to_ascii_lowercase().starts_with("fr") => "fr",
        _ => "en",
    }
}

/// Reads `--format`; an error in `lang`.
fn parse_format(text: &str, lang: Lang) -> Result<Format, String> {
    Format::NAMES
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(text.trim()))
        .map(|(_, f)| *f)
        .ok_or_else(|| {
            tr!(
                lang,
                "'{text}': expected table, csv, json or xlsx",
                "« {text} » : table, csv, json ou xlsx attendu"
            )
        })
}

/// Reads `--headers`; an error in `lang`.
fn parse_headings(text: &str, lang: Lang) -> Result<Headings, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "keys" | "cles" | "clés" => Ok(Headings::Keys),
        "fr" | "french" | "francais" | "français" => Ok(Headings::French),
        _ => Err(tr!(
            lang,
            "'{text}': expected keys or fr",
            "« {text} » : keys ou fr attendu"
        )),
    }
}

fn headings_en(text: &str) -> Result<Headings, String> {
    parse_headings(text, Lang::En)
}

/// Reads `--lang`; an error in `lang`.
fn parse_lang(text: &str, lang: Lang) -> Result<Lang, String> {
    match text.to_ascii_lowercase().as_str() {
        "en" | "english" => Ok(Lang::En),
        "fr" | "french" | "francais" | "français" => Ok(Lang::Fr),
        _ => Err(tr!(
            lang,
            "'{text}': expected en or fr",
            "« {text} » : en ou fr attendu"
        )),
    }
}

/// Reads a date flag (`--at`); an error in `lang`.
fn parse_date_flag(text: &str, lang: Lang) -> Result<NaiveDate, String> {
    parse_date(text).map_err(|kind| kind.render(lang))
}

fn format_en(text: &str) -> Result<Format, String> {
    parse_format(text, Lang::En)
}

fn lang_en(text: &str) -> Result<Lang, String> {
    parse_lang(text, Lang::En)
}

fn date_en(text: &str) -> Result<NaiveDate, String> {
    parse_date_flag(text, Lang::En)
}

/// Reads `--delimiter`: `,`, `;` or a tab (`tab`, `\t`); an error in `lang`.
fn parse_delimiter(text: &str, lang: Lang) -> Result<u8, String> {
    match text.trim_matches(' ').to_lowercase().as_str() {
        "," | "comma" | "virgule" => Ok(b','),
        ";" | "semicolon" | "point-virgule" => Ok(b';'),
        "\t" | "\\t" | "tab" | "tabulation" => Ok(b'\t'),
        _ => Err(tr!(
            lang,
            "'{text}': the separator is `,`, `;` or `tab`",
            "« {text} » : le séparateur est `,`, `;` ou `tab`"
        )),
    }
}

fn delimiter_en(text: &str) -> Result<u8, String> {
    parse_delimiter(text, Lang::En)
}

/// Reads `--encoding`; an error in `lang`.
fn parse_encoding(text: &str, lang: Lang) -> Result<Encoding, String> {
    Encoding::from_name(text).ok_or_else(|| {
        tr!(
            lang,
            "'{text}': the encoding is utf-8, windows-1252 or utf-16",
            "« {text} » : l'encodage est utf-8, windows-1252 ou utf-16"
        )
    })
}

fn encoding_en(text: &str) -> Result<Encoding, String> {
    parse_encoding(text, Lang::En)
}

/// The command with its value readers speaking `lang`: the messages of `--format`, `--lang`
/// and the date flags follow the language typed.
pub fn localized(command: clap::Command, lang: Lang) -> clap::Command {
    let ids: Vec<String> = command
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    let mut command = command;
    for id in ids {
        command = match id.as_str() {
            "format" => command.mut_arg(&id, |a| {
                a.value_parser(move |t: &str| parse_format(t, lang))
            }),
            "lang" => command.mut_arg(&id, |a| a.value_parser(move |t: &str| parse_lang(t, lang))),
            "headers" => command.mut_arg(&id, |a| {
                a.value_parser(move |t: &str| parse_headings(t, lang))
            }),
            "at" => command.mut_arg(&id, |a| {
                a.value_parser(move |t: &str| parse_date_flag(t, lang))
            }),
            "delimiter" => command.mut_arg(&id, |a| {
                a.value_parser(move |t: &str| parse_delimiter(t, lang))
            }),
            "encoding" => command.mut_arg(&id, |a| {
                a.value_parser(move |t: &str| parse_encoding(t, lang))
            }),
            _ => command,
        };
    }
    let names: Vec<String> = command
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        command = command.mut_subcommand(&name, |s| localized(s, lang));
    }
    command
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
        localized(Cli::command(), Lang::Fr).debug_assert();
    }

    #[test]
    fn every_input_field_has_its_flag() {
        let command = Cli::command();
        let compute = command.find_subcommand("compute").expect("compute exists");
        let check = command.find_subcommand("check").expect("check exists");
        let flags: Vec<String> = compute
            .get_arguments()
            .chain(check.get_arguments())
            .filter_map(|a| a.get_long().map(|l| format!("--{l}")))
            .collect();
        for f in asp_funding::post::Field::all() {
            // `id` and `posts` are a batch's columns only.
            if f.spec().group != asp_funding::post::Group::Row {
                assert!(flags.contains(&f.flag()), "no flag {}", f.flag());
            }
        }
    }
}
