//! A batch input through `batch::run` with the embedded rates: no input may make it panic,
//! whatever its bytes (CSV in any encoding, a workbook, anything else) and its reading options.
#![no_main]

use asp_funding::batch::{run, BatchOptions, Encoding, Reading};
use asp_funding::output::{CsvSink, CsvStyle};
use asp_funding::rates::Rates;
use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

const HEADER: &[u8] =
    b"id,region,post_type,start,months,end,share,pet_amount,half_days,sites,distance_km,notified,per\n";

fn rates() -> &'static Rates {
    static RATES: OnceLock<Rates> = OnceLock::new();
    RATES.get_or_init(|| asp_funding::rates::embedded().expect("the embedded rates load"))
}

/// How the input is read, from the first byte's bits 1 to 3: as it shows itself, or with a
/// forced separator, encoding, or `--strict-columns`.
fn reading(first: u8) -> Reading {
    let mut reading = Reading::default();
    match (first >> 1) & 7 {
        1 => reading.delimiter = Some(b';'),
        2 => reading.delimiter = Some(b'\t'),
        3 => reading.encoding = Some(Encoding::Utf8),
        4 => reading.encoding = Some(Encoding::Windows1252),
        5 => reading.encoding = Some(Encoding::Utf16),
        6 => reading.strict_columns = true,
        _ => {}
    }
    reading
}

fuzz_target!(|data: &[u8]| {
    // An even first byte: the rows come after a valid header (the byte itself is dropped). A
    // first byte 1: the rest is the whole input (a workbook, say). Any other: all of it.
    let first = data.first().copied().unwrap_or(1);
    let input: Vec<u8> = match data.split_first() {
        Some((first, rest)) if first % 2 == 0 => [HEADER, rest].concat(),
        Some((1, rest)) => rest.to_vec(),
        _ => data.to_vec(),
    };
    let Some(today) = NaiveDate::from_ymd_opt(2026, 11, 22) else {
        return;
    };
    let options = BatchOptions {
        threads: 1,
        reading: reading(first),
        ..BatchOptions::new(today)
    };
    let mut sink = CsvSink::new(Vec::new(), CsvStyle::default());
    let _ = run(
        rates(),
        input.as_slice(),
        "fuzz",
        &options,
        &mut sink,
        &mut |_| {},
        &mut |_| {},
    );
});
