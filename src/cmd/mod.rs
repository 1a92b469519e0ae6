//! One module per command: its arguments and its `run`. Shared set-up (loading the
//! reference data, the date of today) lives here, once.

pub mod check;
pub mod compute;
pub mod pet;
pub mod rates;
pub mod rules;

use crate::cli::{parse_date, Cli, Command};
use crate::rates::{embedded, load_dir, Rates};
use anyhow::{Context as _, Result};
use chrono::NaiveDate;
use clap::CommandFactory;
use std::io::Write;

/// What every command may need.
pub struct Context {
    rates_dir: Option<std::path::PathBuf>,
}

impl Context {
    /// The reference data: the folder given by --rates or ASP_FUNDING_RATES, else the embedded data.
    pub fn rates(&self) -> Result<Rates> {
        match &self.rates_dir {
            Some(dir) => Ok(load_dir(dir)?),
            None => Ok(embedded()?),
        }
    }

    /// Today's date: the clock's, or ASP_FUNDING_TODAY (YYYY-MM-DD) for reproducible runs.
    pub fn today(&self) -> Result<NaiveDate> {
        match std::env::var("ASP_FUNDING_TODAY") {
            Ok(text) => parse_date(&text)
                .map_err(anyhow::Error::msg)
                .context("ASP_FUNDING_TODAY"),
            Err(_) => Ok(chrono::Local::now().date_naive()),
        }
    }
}

/// Runs a parsed command line, writing results to `out`. Returns the exit status
/// for outcomes that are not errors (0, or 1 for a mismatch); errors are status 2.
pub fn run(cli: Cli, out: &mut dyn Write) -> Result<u8> {
    let ctx = Context {
        rates_dir: cli.rates,
    };
    match cli.command {
        Command::Compute(args) => compute::run(&args, &ctx, out),
        Command::Check(args) => check::run(&args, &ctx, out),
        Command::Pet(args) => pet::run(&args, &ctx, out),
        Command::Rules(args) => rules::run(&args, &ctx, out),
        Command::Rates(args) => rates::run(&args, &ctx, out),
        Command::Completions { shell } => {
            // Generated in memory: clap_complete panics on a failed write, such as a closed pipe.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "asp-funding", &mut script);
            emit_bytes(out, &script)
        }
        Command::Man => {
            let mut page = Vec::new();
            clap_mangen::Man::new(Cli::command()).render(&mut page)?;
            emit_bytes(out, &page)
        }
    }
}

/// Writes text to the output.
pub fn emit(out: &mut dyn Write, text: &str) -> Result<u8> {
    emit_bytes(out, text.as_bytes())
}

fn emit_bytes(out: &mut dyn Write, bytes: &[u8]) -> Result<u8> {
    out.write_all(bytes)?;
    out.flush()?;
    Ok(0)
}
