//! `compute`: one post.

use super::{Context, Target};
use crate::cli::{OutputArgs, PostArgs};
use anyhow::{anyhow, Result};
use asp_funding::compute::{compute, ComputeError};
use asp_funding::explain::explain;
use asp_funding::input::Naming;
use asp_funding::output::records::{
    compute_json, compute_notes, compute_row, write_by_year_rows, write_compute_table,
    write_schedule_rows, Parts, COMPUTE_COLUMNS,
};
use asp_funding::output::{columns, Format};
use clap::Args;

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
    #[arg(long, conflicts_with = "schedule")]
    pub by_year: bool,

    /// Refuses a post that does not meet a condition of eligibility its inputs show (instead of a warning).
    #[arg(long)]
    pub strict: bool,

    /// How the result is written.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// A computation error as the command line reports it: the flag at fault, then what is wrong.
pub fn flag_error(e: &ComputeError) -> anyhow::Error {
    anyhow!(asp_funding::tr!(
        asp_funding::lang::Lang::messages(),
        "{}: {}",
        "{} : {}",
        Naming::Flags.name(e.field()),
        Naming::Flags.rewrite(&e.message())
    ))
}

/// Computes one post and writes it in the format asked for.
pub fn run(args: &ComputeArgs, ctx: &Context) -> Result<u8> {
    let input = args.post.input()?;
    let rates = ctx.rates()?;
    let result = compute(&rates, &input.post, ctx.today()?).map_err(|e| flag_error(&e))?;
    let words = explain(&rates, &result, args.output.lang);
    super::strict_conditions(args.strict, &words)?;
    let target = Target::open(&args.output)?;
    let parts = Parts {
        schedule: args.schedule,
        by_year: args.by_year,
    };
    {
        let mut sink = target.sink(&args.output, true)?;
        match args.output.format {
            Format::Table => {
                write_compute_table(sink.as_mut(), &result, &words, args.output.lang, parts)?
            }
            Format::Csv | Format::Xlsx if args.schedule => {
                write_schedule_rows(sink.as_mut(), &result)?;
                sink.notes(&compute_notes(&words, args.output.lang))?;
            }
            Format::Csv | Format::Xlsx if args.by_year => {
                write_by_year_rows(sink.as_mut(), &result)?;
                sink.notes(&compute_notes(&words, args.output.lang))?;
            }
            Format::Csv | Format::Xlsx => {
                sink.header(&columns(COMPUTE_COLUMNS))?;
                sink.row(&compute_row(&result, &words))?;
                sink.notes(&compute_notes(&words, args.output.lang))?;
            }
            Format::Json => {
                let (keys, cells) = compute_json(&rates, &result, &words, parts);
                sink.header(&keys)?;
                sink.row(&cells)?;
            }
        }
        sink.finish()?;
    }
    target.commit()?;
    Ok(0)
}
