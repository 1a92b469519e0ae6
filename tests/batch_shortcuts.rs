//! The shortcuts `batch` takes for speed give the same cells as the whole computation:
//! whatever columns are chosen, every column written is the one the full output has, on
//! varied rows (rule sets, custom regions, what-ifs, early leaves, errors, repeated rows),
//! with the embedded data and with a folder whose grid changes during the contracts.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // a test may stop on what it does not expect

use asp_funding::batch::{self, BatchOptions};
use asp_funding::output::{CsvSink, CsvStyle, Sink};
use asp_funding::post::Field;
use asp_funding::rates::{embedded, load_dir, Rates};
use chrono::{Days, NaiveDate};
use std::path::Path;

const HEADER: &str = "id,region,post_type,start,months,end,left_on,leave_reason,years,half_days,sites,distance_km,share,charges,include,pet_amount,notified";

/// Varied rows, each a few times (so that remembered rows are written too), from a
/// simple deterministic sequence.
fn rows() -> String {
    let regions = [
        "nouvelle-aquitaine",
        "Centre-Val de Loire",
        "bretagne",
        "Île-de-France",
        "narnia",
    ];
    let first = NaiveDate::from_ymd_opt(2026, 1, 10).unwrap();
    let mut csv = String::from(HEADER);
    csv.push('\n');
    let mut state = 12_345_u64;
    let mut next = |n: u64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % n
    };
    for i in 0..1_500 {
        let region = regions[next(regions.len() as u64) as usize];
        let post_type = ["", "inter-hospital", "ambulatoire"][next(3) as usize];
        let start = match next(40) {
            0 => "2026-02-30".to_string(),
            1 => "soon".to_string(),
            _ => (first + Days::new(next(700))).to_string(),
        };
        let by_end = next(4) == 0;
        let months = if by_end {
            String::new()
        } else {
            ["12", "24", "7", "13", "0", "x"][next(6) as usize].to_string()
        };
        let day = NaiveDate::parse_from_str(&start, "%Y-%m-%d").unwrap_or(first);
        let end = if by_end {
            (day + Days::new(next(800))).to_string()
        } else {
            String::new()
        };
        let left_on = if next(5) == 0 {
            (day + Days::new(next(400))).to_string()
        } else {
            String::new()
        };
        let reason = if left_on.is_empty() {
            ""
        } else {
            ["", "chef-de-clinique", "other"][next(3) as usize]
        };
        let years = ["", "", "3-4"][next(3) as usize];
        let (half_days, sites, km) = match next(3) {
            0 => ("", "", ""),
            1 => ("4", "1", "35"),
            2 if next(10) == 0 => ("x", "1", "35"),
            _ => ("2", "2", "15"),
        };
        let share = ["", "50%", "0.6", "", "50%", "0.6", "120%"][next(7) as usize];
        let charges = ["", "", "", "40%"][next(4) as usize];
        let include = ["", "", "", "salary,iespe"][next(4) as usize];
        let pet_amount = ["", "", "700", "1000"][next(4) as usize];
        let notified = ["", "", "3249.79", "77994.96"][next(4) as usize];
        let line = format!(
            "{region},{post_type},{start},{months},{end},{left_on},{reason},{years},{half_days},{sites},{km},{share},{charges},\"{include}\",{pet_amount},{notified}"
        );
        for copy in 0..=next(3) {
            csv.push_str(&format!("R{i}-{copy},{line}\n"));
        }
    }
    csv
}

/// The batch's CSV output with these columns (`None`: all).
fn run(rates: &Rates, input: &str, columns: Option<&[&str]>, threads: usize) -> String {
    run_with(rates, input, columns, threads, Default::default())
}

/// The batch's CSV output with these columns and values for empty cells.
fn run_with(
    rates: &Rates,
    input: &str,
    columns: Option<&[&str]>,
    threads: usize,
    defaults: asp_funding::post::RowInput,
) -> String {
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let options = BatchOptions {
        columns: columns.map(|c| c.iter().map(|key| key.to_string()).collect()),
        threads,
        defaults,
        ..BatchOptions::new(today)
    };
    let mut out = Vec::new();
    {
        let mut sink = CsvSink::new(&mut out, CsvStyle::default());
        batch::run(
            rates,
            input.as_bytes(),
            "test",
            &options,
            &mut sink,
            &mut |_| {},
            &mut |_| {},
        )
        .unwrap();
        sink.finish().unwrap();
    }
    String::from_utf8(out).unwrap()
}

/// The CSV as rows of cells, read by the csv crate.
fn cells(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// Each selection of columns gives, column by column, what the full output gives.
fn same_columns(rates: &Rates) {
    let input = rows();
    let full_text = run(rates, &input, None, 1);
    // A value for empty start cells (there are none) makes each row be read whole, without
    // the rows that differ only by their dates sharing the rest: the same output.
    let mut start = asp_funding::post::RowInput::default();
    Field::Start.read("2030-01-01", &mut start).unwrap();
    assert_eq!(run_with(rates, &input, None, 1, start), full_text);
    let full = cells(&full_text);
    let header = &full[0];
    let selections: &[&[&str]] = &[
        &["id", "ars_monthly", "ars_total", "status"],
        &["id", "ars_total", "error", "status"],
        &[
            "id",
            "rule_set",
            "start",
            "end",
            "months",
            "extra_days",
            "ars_monthly",
            "ars_total",
            "ars_due",
            "not_served",
            "recoverable",
            "check_status",
            "gap",
        ],
        &[
            "id",
            "ars_monthly",
            "establishment_monthly",
            "establishment_total",
            "full_cost_total",
            "actual_loaded_monthly",
            "full_cost_served",
            "status",
        ],
        &[
            "status",
            "ars_monthly",
            "pet_monthly",
            "loaded_monthly",
            "id",
        ],
    ];
    // Each column alone, too: a column that needs more than the others is caught (the notes'
    // ids and documents among them: a row of `id,sources` once lost the documents of the
    // post's actual cost, which it did not price).
    let alone: Vec<[&str; 2]> = header.iter().map(|h| ["id", h.as_str()]).collect();
    let selections = selections
        .iter()
        .map(|s| (*s, [1, 2].as_slice()))
        .chain(alone.iter().map(|s| (s.as_slice(), [1].as_slice())));
    for (columns, threads) in selections {
        for threads in threads.iter().copied() {
            let chosen = cells(&run(rates, &input, Some(columns), threads));
            assert_eq!(
                chosen.len(),
                full.len(),
                "{columns:?}: one row per input row"
            );
            for (c, name) in columns.iter().enumerate() {
                let k = header.iter().position(|h| h == name).unwrap();
                for (row, (a, b)) in chosen.iter().zip(&full).enumerate() {
                    assert_eq!(
                        a[c], b[k],
                        "column {name}, row {row}, columns {columns:?}, {threads} threads"
                    );
                }
            }
        }
    }
}

#[test]
fn chosen_columns_are_those_of_the_full_output() {
    same_columns(&embedded().unwrap());
}

#[test]
fn chosen_columns_are_those_of_the_full_output_across_a_revaluation() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/revaluation");
    same_columns(&load_dir(&dir).unwrap());
}
