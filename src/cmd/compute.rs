//! `compute`: one post.

use super::{emit, Context};
use crate::cli::{OutputArgs, PostArgs};
use crate::compute::compute;
use crate::output::{
    computation_csv, computation_json, computation_table, json_text, schedule_csv, Format,
};
use anyhow::Result;
use clap::Args;
use std::io::Write;

/// Arguments of `compute`.
#[derive(Debug, Clone, Args)]
pub struct ComputeArgs {
    /// What describes the post.
    #[command(flatten)]
    pub post: PostArgs,

    /// Adds the month-by-month schedule (with --format csv, prints the schedule rows instead of the summary).
    #[arg(long)]
    pub schedule: bool,

    /// How the result is written.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Computes one post and writes it in the format asked for.
pub fn run(args: &ComputeArgs, ctx: &Context, out: &mut dyn Write) -> Result<u8> {
    let rates = ctx.rates()?;
    let result = compute(&rates, &args.post.input(), ctx.today()?)?;
    let text = match args.output.format {
        Format::Table => computation_table(&result, args.output.lang, args.schedule),
        Format::Csv if args.schedule => schedule_csv(&result, args.output.csv_style()),
        Format::Csv => computation_csv(&result, args.output.csv_style()),
        Format::Json => json_text(&computation_json(&result, args.schedule)),
    };
    emit(out, &text)
}
