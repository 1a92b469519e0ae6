//! The command line: arguments become typed options here, in one place.

use crate::cmd;
use crate::compute::PostInput;
use crate::model::{parse_components, Component, Grade, PostType, YearBand};
use crate::money::{parse_amount, parse_rate, Lang};
use crate::output::{CsvStyle, Format};
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use rust_decimal::Decimal;
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

/// How results are written.
#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    /// Output format: a table for people, CSV or JSON for scripts.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Table, global = true)]
    pub format: Format,

    /// Language of table labels and number format: en (6,499.58) or fr (6 499,58 €).
    #[arg(long, value_parser = parse_lang, default_value = "en", global = true)]
    pub lang: Lang,

    /// With --format csv: `;` separator, decimal comma, byte order mark, formula-like cells neutralised, for a French-locale spreadsheet.
    #[arg(long, global = true)]
    pub excel: bool,
}

impl OutputArgs {
    /// The CSV style asked for.
    pub fn csv_style(&self) -> CsvStyle {
        CsvStyle { excel: self.excel }
    }
}

fn parse_lang(text: &str) -> Result<Lang, String> {
    match text.to_ascii_lowercase().as_str() {
        "en" | "english" => Ok(Lang::En),
        "fr" | "french" | "francais" | "français" => Ok(Lang::Fr),
        _ => Err(format!("'{text}': expected en or fr")),
    }
}

pub use crate::input::parse_date;

fn parse_post_type(text: &str) -> Result<PostType, String> {
    text.parse()
        .map_err(|e: crate::model::UnknownName| e.to_string())
}
fn parse_grade(text: &str) -> Result<Grade, String> {
    text.parse()
        .map_err(|e: crate::model::UnknownName| e.to_string())
}
fn parse_years(text: &str) -> Result<YearBand, String> {
    text.parse()
        .map_err(|e: crate::model::UnknownName| e.to_string())
}
/// A comma-separated list of components, as one argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComponentList(pub Vec<Component>);

fn parse_include(text: &str) -> Result<ComponentList, String> {
    parse_components(text)
        .map(ComponentList)
        .map_err(|e| e.to_string())
}
fn parse_share(text: &str) -> Result<Decimal, String> {
    parse_rate(text).map_err(|e| e.to_string())
}
/// Reads an amount for a flag (`3249.79`, `3 249,79`).
pub fn parse_money(text: &str) -> Result<Decimal, String> {
    parse_amount(text).map_err(|e| e.to_string())
}

/// The working pattern that sets the PET tier.
#[derive(Debug, Clone, Default, Args)]
pub struct PatternArgs {
    /// Average weekly half-days outside the main site (3.5 is fine).
    #[arg(long, value_parser = parse_money, allow_negative_numbers = true, help_heading = "Working pattern (PET)")]
    pub half_days: Option<Decimal>,

    /// Number of distinct sites other than the main one [default: 1].
    #[arg(long, help_heading = "Working pattern (PET)")]
    pub sites: Option<u32>,

    /// Distance between the main site and the shared site, in km (the PET needs 20 km, or a derogation).
    #[arg(long, value_parser = parse_money, allow_negative_numbers = true, help_heading = "Working pattern (PET)")]
    pub distance_km: Option<Decimal>,

    /// The ARS director general authorised the PET below 20 km.
    #[arg(long, help_heading = "Working pattern (PET)")]
    pub pet_derogation: bool,
}

/// What describes one post (shared by every command that computes a post).
#[derive(Debug, Clone, Args)]
pub struct PostArgs {
    /// Region id (nouvelle-aquitaine) or official name in any case, with or without accents ("Île-de-France", PACA).
    #[arg(long, short = 'r')]
    pub region: String,

    /// Post type: inter-hospital, ambulatory, overseas (or etablissements, ambulatoire, outre-mer) [default: the region's only rule set's].
    #[arg(long, short = 't', value_parser = parse_post_type)]
    pub post_type: Option<PostType>,

    /// The rule set's campaign year, when the region has several [default: the one in force at the start].
    #[arg(long)]
    pub campaign: Option<i32>,

    /// First day of the contract, YYYY-MM-DD [default: the rule set's first start date].
    #[arg(long, value_parser = parse_date)]
    pub start: Option<NaiveDate>,

    /// Contract length in months [default: the rule set's, usually 24].
    #[arg(long, conflicts_with = "end", allow_negative_numbers = true)]
    pub months: Option<u32>,

    /// Last day of the contract, YYYY-MM-DD (instead of --months).
    #[arg(long, value_parser = parse_date)]
    pub end: Option<NaiveDate>,

    /// Last day actually served, YYYY-MM-DD, when the assistant leaves early: the credit for the rest is to be refunded.
    #[arg(long, value_parser = parse_date)]
    pub left_on: Option<NaiveDate>,

    /// Grade: specialist, generalist, associate-specialist, associate-generalist [default: the rule set's, specialist].
    #[arg(long, value_parser = parse_grade)]
    pub grade: Option<Grade>,

    /// Years of service: 1-2, 3-4, 5-6 (or a year, 1 to 6) [default: the rule set's, 1-2].
    #[arg(long, value_parser = parse_years)]
    pub years: Option<YearBand>,

    /// The working pattern that sets the PET.
    #[command(flatten)]
    pub pattern: PatternArgs,

    /// What-if: funded share, as 60% or 0.6 (required for a region without rule set).
    #[arg(long, value_parser = parse_share, allow_negative_numbers = true, help_heading = "What-if overrides")]
    pub share: Option<Decimal>,

    /// What-if: employer charge rate, as 44% or 0.44.
    #[arg(long, value_parser = parse_share, allow_negative_numbers = true, help_heading = "What-if overrides")]
    pub charges: Option<Decimal>,

    /// What-if: the funded components, comma separated, from salary, iespe, pet, charges.
    #[arg(long, value_parser = parse_include, help_heading = "What-if overrides")]
    pub include: Option<ComponentList>,

    /// What-if: a fixed monthly PET, as 700 or 1 000,00.
    #[arg(long, value_parser = parse_money, allow_negative_numbers = true, help_heading = "What-if overrides")]
    pub pet_amount: Option<Decimal>,
}

impl PostArgs {
    /// The post's inputs.
    pub fn input(&self) -> PostInput {
        PostInput {
            region: self.region.clone(),
            post_type: self.post_type,
            campaign: self.campaign,
            start: self.start,
            months: self.months,
            end: self.end,
            left_on: self.left_on,
            grade: self.grade,
            years: self.years,
            half_days: self.pattern.half_days,
            sites: self.pattern.sites,
            distance_km: self.pattern.distance_km,
            pet_derogation: self.pattern.pet_derogation,
            share: self.share,
            charges: self.charges,
            include: self.include.as_ref().map(|list| list.0.clone()),
            pet_amount: self.pet_amount,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }
}
