//! `compute`: one post.

use super::{Context, Target};
use crate::cli::ComputeArgs;
use anyhow::{anyhow, Result};
use asp_funding::compute::{compute, ComputeError};
use asp_funding::explain::explain;
use asp_funding::lang::Lang;
use asp_funding::output::records::{
    computation_row, compute_json, compute_notes, write_by_year_rows, write_compute_table,
    write_schedule_rows, Parts,
};
use asp_funding::output::{headers, Column, Format};
use asp_funding::post::Naming;

/// A computation error as the command line reports it: the flag at fault, then what is wrong,
/// naming other inputs as flags.
pub fn flag_error(e: &ComputeError, lang: Lang) -> anyhow::Error {
    anyhow!(asp_funding::tr!(
        lang,
        "{}: {}",
        "{} : {}",
        e.field().flag(),
        e.render(lang, &Naming::Flags)
    ))
}

/// Computes one post and writes it in the format asked for.
pub fn run(args: &ComputeArgs, ctx: &Context) -> Result<u8> {
    let lang = args.output.lang;
    if args.schedule && args.by_year && args.output.format == Format::Csv {
        anyhow::bail!(asp_funding::tr!(
            lang,
            "--schedule and --by-year together: a CSV file holds one kind of row (months or years); run it twice, or use --format table, json or xlsx, which hold both",
            "--schedule et --by-year ensemble : un fichier CSV ne contient qu'une sorte de lignes (mois ou années) ; lancez-le deux fois, ou utilisez --format table, json ou xlsx, qui contiennent les deux"
        ));
    }
    let input = args.post.input(lang)?;
    let rates = ctx.rates()?;
    let result = compute(rates, &input.post, ctx.today()?).map_err(|e| flag_error(&e, lang))?;
    let words = explain(rates, &result, lang, &Naming::Flags);
    super::strict_conditions(args.strict, &words)?;
    let target = Target::open(&args.output)?;
    let parts = Parts {
        schedule: args.schedule,
        by_year: args.by_year,
        brief: args.brief,
    };
    {
        let mut sink = target.sink(&args.output, true)?;
        match args.output.format {
            // A workbook reads as the table does: label, amount, how; years and months on sheets.
            Format::Table | Format::Xlsx => {
                write_compute_table(sink.as_mut(), &result, &words, lang, parts)?;
            }
            Format::Csv if args.schedule => {
                write_schedule_rows(sink.as_mut(), &result)?;
                sink.notes(&compute_notes(&words, lang))?;
            }
            Format::Csv if args.by_year => {
                write_by_year_rows(sink.as_mut(), &result)?;
                sink.notes(&compute_notes(&words, lang))?;
            }
            Format::Csv => {
                sink.header(&headers(Column::COMPUTATION))?;
                sink.row(&computation_row(&result, &words))?;
                sink.notes(&compute_notes(&words, lang))?;
            }
            Format::Json => {
                let (keys, cells) = compute_json(&result, &words, parts);
                sink.header(&keys)?;
                sink.row(&cells)?;
            }
        }
        super::finish(sink.as_mut())?;
    }
    target.commit()?;
    Ok(0)
}
