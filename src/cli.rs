//! The command line: arguments become typed options here, in one place.

use crate::cmd;
use anyhow::{anyhow, Result};
use asp_funding::input::{field, Field, RowInput};
use asp_funding::money::Lang;
use asp_funding::output::{CsvStyle, Format};
use asp_funding::tr;
use clap::{Args, Parser, Subcommand};
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
    Compute(cmd::compute::ComputeArgs),
    /// Compares a notified credit with the computed one, explains any gap; exit status 1 on a mismatch.
    Check(cmd::check::CheckArgs),
    /// One computation per CSV row (FILE, or - for stdin), one output row per input row; exit status 1 if a row is in error.
    Batch(cmd::batch::BatchArgs),
    /// A national allocation note's posts per region × the credit per post: regional, post-type and national totals.
    Envelope(cmd::envelope::EnvelopeArgs),
    /// The PET tier for a working pattern, and why.
    Pet(cmd::pet::PetArgs),
    /// The region rule sets known: list them, or show one.
    Rules(cmd::rules::RulesArgs),
    /// The reference data: list its versions, show one parameter, or validate a folder.
    Rates(cmd::rates::RatesArgs),
    /// Prints a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Prints the man page (roff).
    Man,
}

impl Cli {
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
            Command::Completions { .. } | Command::Man => return locale_lang(),
        };
        output.lang
    }
}

/// The language of the user's locale (before the command line is read, or for commands without `--lang`).
pub fn locale_lang() -> Lang {
    parse_lang(default_lang()).unwrap_or_default()
}

/// The language of messages while the command line is parsed: the last valid `--lang`
/// typed (`--lang fr` or `--lang=fr`, before any `--`), else the locale's. So that the
/// messages of our value parsers (`--format`, dates, amounts) already follow `--lang`.
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
        if let Some(typed) = value.and_then(|v| parse_lang(&v).ok()) {
            lang = typed;
        }
    }
    lang
}

/// How results are written.
#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    /// Output format: table (for people), csv or json (for scripts), xlsx (with --output).
    #[arg(long, short = 'f', value_parser = parse_format, default_value = "table", global = true)]
    pub format: Format,

    /// Language of every text (tables, explanations, assumptions, messages, help) and of numbers: en (6,499.58) or fr (6 499,58 €) [default: the locale's].
    #[arg(long, value_parser = parse_lang, default_value = default_lang(), global = true)]
    pub lang: Lang,

    /// With --format csv: `;` separator, decimal comma, byte order mark, formula-like cells neutralised, for a French-locale spreadsheet.
    #[arg(long, global = true)]
    pub excel: bool,

    /// Write to this file instead of standard output (written to a temporary file beside it, then renamed: never half-written).
    #[arg(long, short = 'o', value_name = "FILE", global = true)]
    pub output: Option<PathBuf>,
}

impl OutputArgs {
    /// The CSV style asked for.
    pub fn csv_style(&self) -> CsvStyle {
        CsvStyle { excel: self.excel }
    }
}

fn parse_format(text: &str) -> Result<Format, String> {
    Format::NAMES
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(text.trim()))
        .map(|(_, f)| *f)
        .ok_or_else(|| {
            tr!(
                Lang::messages(),
                "'{text}': expected table, csv, json or xlsx",
                "« {text} » : table, csv, json ou xlsx attendu"
            )
        })
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

fn parse_lang(text: &str) -> Result<Lang, String> {
    match text.to_ascii_lowercase().as_str() {
        "en" | "english" => Ok(Lang::En),
        "fr" | "french" | "francais" | "français" => Ok(Lang::Fr),
        _ => Err(tr!(
            Lang::messages(),
            "'{text}': expected en or fr",
            "« {text} » : en ou fr attendu"
        )),
    }
}

pub use asp_funding::input::parse_date;

/// The working pattern that sets the PET.
#[derive(Debug, Clone, Default, Args)]
pub struct PatternArgs {
    /// Average weekly half-days outside the main site (3.5 is fine).
    #[arg(
        long,
        allow_hyphen_values = true,
        help_heading = "Working pattern (PET)"
    )]
    pub half_days: Option<String>,

    /// Number of distinct sites other than the main one [default: 1].
    #[arg(
        long,
        allow_hyphen_values = true,
        help_heading = "Working pattern (PET)"
    )]
    pub sites: Option<String>,

    /// Distance between the main site and the shared site, in km (the PET needs 20 km, or a derogation).
    #[arg(
        long,
        allow_hyphen_values = true,
        help_heading = "Working pattern (PET)"
    )]
    pub distance_km: Option<String>,

    /// The ARS director general authorised the PET below 20 km.
    #[arg(long, help_heading = "Working pattern (PET)")]
    pub pet_derogation: bool,
}

impl PatternArgs {
    /// The pattern's values, by input field.
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("half_days", self.half_days.clone()),
            ("sites", self.sites.clone()),
            ("distance_km", self.distance_km.clone()),
            (
                "pet_derogation",
                self.pet_derogation.then(|| "yes".to_string()),
            ),
        ]
    }
}

/// What describes one post (shared by every command that computes a post). Values are
/// read by the library's one description of the inputs ([`asp_funding::input::FIELDS`]).
#[derive(Debug, Clone, Args)]
pub struct PostArgs {
    /// Region id (nouvelle-aquitaine) or official name in any case, with or without accents ("Île-de-France", PACA).
    #[arg(long, short = 'r')]
    pub region: Option<String>,

    /// Post type: inter-hospital, ambulatory, overseas (or etablissements, ambulatoire, outre-mer) [default: the region's only rule set's].
    #[arg(long, short = 't')]
    pub post_type: Option<String>,

    /// The rule set's campaign year, when the region has several [default: the one in force at the start].
    #[arg(long, allow_hyphen_values = true)]
    pub campaign: Option<String>,

    /// First day of the contract, YYYY-MM-DD [default: the rule set's first start date].
    #[arg(long)]
    pub start: Option<String>,

    /// Contract length in months [default: the rule set's, usually 24].
    #[arg(long, conflicts_with = "end", allow_hyphen_values = true)]
    pub months: Option<String>,

    /// Last day of the contract, YYYY-MM-DD (instead of --months).
    #[arg(long)]
    pub end: Option<String>,

    /// Last day actually served, YYYY-MM-DD, when the assistant leaves early: the credit for the days served, and what the agency may recover where its notice provides for it.
    #[arg(long)]
    pub left_on: Option<String>,

    /// Share of the time in the ambulatory structure (an ambulatory post must spend at least 50 % there), as 60% or 0.6.
    #[arg(long)]
    pub ambulatory_share: Option<String>,

    /// Share of the time in the peripheral establishment (Nouvelle-Aquitaine asks at least 50 %), as 60% or 0.6.
    #[arg(long)]
    pub peripheral_share: Option<String>,

    /// The assistant's specialty (general medicine is excluded from ambulatory posts).
    #[arg(long)]
    pub specialty: Option<String>,

    /// Why the assistant leaves early: chef-de-clinique (recruited as chef de clinique) or other. A notice's recovery clause applies on its condition only.
    #[arg(long, requires = "left_on")]
    pub leave_reason: Option<String>,

    /// Grade: specialist, generalist, associate-specialist, associate-generalist [default: the rule set's, specialist].
    #[arg(long)]
    pub grade: Option<String>,

    /// Years of service: 1-2, 3-4, 5-6 (or a year, 1 to 6) [default: the rule set's, 1-2].
    #[arg(long, allow_hyphen_values = true)]
    pub years: Option<String>,

    /// The working pattern that sets the PET.
    #[command(flatten)]
    pub pattern: PatternArgs,

    /// What-if: funded share, as 60% or 0.6 (required for a region without rule set).
    #[arg(long, allow_hyphen_values = true, help_heading = "What-if overrides")]
    pub share: Option<String>,

    /// What-if: employer charge rate, as 44% or 0.44.
    #[arg(long, allow_hyphen_values = true, help_heading = "What-if overrides")]
    pub charges: Option<String>,

    /// What-if: the funded components, comma separated, from salary, iespe, pet, charges.
    #[arg(long, help_heading = "What-if overrides")]
    pub include: Option<String>,

    /// What-if: a fixed monthly PET, as 700 or 1 000,00.
    #[arg(long, allow_hyphen_values = true, help_heading = "What-if overrides")]
    pub pet_amount: Option<String>,
}

impl PostArgs {
    /// The values given, by input field (column name).
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        let mut out = vec![
            ("region", self.region.clone()),
            ("post_type", self.post_type.clone()),
            ("campaign", self.campaign.clone()),
            ("start", self.start.clone()),
            ("months", self.months.clone()),
            ("end", self.end.clone()),
            ("left_on", self.left_on.clone()),
            ("leave_reason", self.leave_reason.clone()),
            ("ambulatory_share", self.ambulatory_share.clone()),
            ("peripheral_share", self.peripheral_share.clone()),
            ("specialty", self.specialty.clone()),
            ("grade", self.grade.clone()),
            ("years", self.years.clone()),
        ];
        out.extend(self.pattern.values());
        out.extend([
            ("share", self.share.clone()),
            ("charges", self.charges.clone()),
            ("include", self.include.clone()),
            ("pet_amount", self.pet_amount.clone()),
        ]);
        out
    }

    /// The fields given, with their text, for inputs read elsewhere (a batch's rows).
    pub fn given(&self) -> Vec<(&'static Field, String)> {
        self.values()
            .into_iter()
            .filter_map(|(column, value)| Some((field(column)?, value?)))
            .collect()
    }

    /// The post's inputs, read through the library's fields; an error names the flag.
    pub fn input(&self) -> Result<RowInput> {
        let mut row = RowInput::default();
        if self.region.is_none() {
            return Err(anyhow!(tr!(
                Lang::messages(),
                "--region: give the region (an id such as nouvelle-aquitaine, or its name)",
                "--region : donnez la région (un id tel que nouvelle-aquitaine, ou son nom)"
            )));
        }
        for (f, value) in self.given() {
            read_flag(&mut row, f, &value)?;
        }
        Ok(row)
    }
}

/// Reads one flag's value into a row, naming the flag on error.
pub fn read_flag(row: &mut RowInput, f: &Field, value: &str) -> Result<()> {
    // An empty cell of a batch means "not given"; an empty flag is a mistake (an unset
    // variable in a script), not a request for the default.
    if value.trim().is_empty() {
        anyhow::bail!(tr!(
            Lang::messages(),
            "{}: the value is empty",
            "{} : la valeur est vide",
            f.flag
        ));
    }
    f.set(row, value).map_err(|e| {
        anyhow!(tr!(
            Lang::messages(),
            "{}: {}",
            "{} : {}",
            f.flag,
            asp_funding::input::Naming::Flags.rewrite(&e.message)
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
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
        for f in asp_funding::input::FIELDS {
            // `id` and `posts` are a batch's columns only.
            if !matches!(f.column, "id" | "posts") {
                assert!(flags.contains(&f.flag.to_string()), "no flag {}", f.flag);
            }
        }
    }
}
