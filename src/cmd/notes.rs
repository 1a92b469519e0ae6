//! `notes`: every note a batch row may name by id, with its text in the reader's language.

use super::{no_xlsx, with_sink, Context};
use crate::cli::NotesArgs;
use anyhow::Result;
use asp_funding::explain::notes::catalogue;
use asp_funding::output::records::{catalogue_readers, write_catalogue};

/// Lists the notes: a table for people, CSV or JSON for scripts.
pub fn run(args: &NotesArgs, ctx: &Context) -> Result<u8> {
    let output = &args.output;
    no_xlsx(output)?;
    let rates = ctx.rates()?;
    let entries = catalogue(rates, output.lang);
    let people = catalogue_readers(output.format, output.headings(), output.lang);
    with_sink(output, false, |sink| {
        Ok(write_catalogue(sink, &entries, people)?)
    })
}
