//! A CSV batch through `batch::run` with the embedded rates: no input may make it panic.
#![no_main]

use asp_funding::batch::{run, BatchOptions};
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

fuzz_target!(|data: &[u8]| {
    // An even first byte: the rows come after a valid header (the byte itself is dropped).
    let input: Vec<u8> = match data.split_first() {
        Some((first, rest)) if first % 2 == 0 => [HEADER, rest].concat(),
        _ => data.to_vec(),
    };
    let Some(today) = NaiveDate::from_ymd_opt(2026, 11, 22) else {
        return;
    };
    let options = BatchOptions {
        threads: 1,
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
