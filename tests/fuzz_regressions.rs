#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // a test may stop on what it does not expect

//! Inputs the fuzz targets of `fuzz/` found reaching new coverage, replayed through the
//! same calls as the targets: each call must answer (Ok or Err), never panic. No target
//! has crashed so far; a crashing input, once found, belongs here too.

use asp_funding::batch::{run, BatchOptions, BatchReport, Encoding, Reading};
use asp_funding::compute::{compute, PostInput};
use asp_funding::money::{parse_amount, parse_data_amount, parse_rate, plain, plain_rate};
use asp_funding::post::{parse_count, parse_date, parse_flag};
use asp_funding::rates::{load_files, Rates, RatesFile};
use chrono::NaiveDate;
use std::sync::OnceLock;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date")
}

/// The `parsers` target: what a parser accepts reads back the same once written out.
fn parsers(text: &str) {
    if let Ok(amount) = parse_amount(text) {
        let written = plain(amount);
        assert_eq!(
            parse_amount(&written),
            Ok(amount),
            "{text:?} -> {written:?}"
        );
    }
    if let Ok(rate) = parse_rate(text) {
        let written = plain_rate(rate);
        assert_eq!(parse_rate(&written), Ok(rate), "{text:?} -> {written:?}");
    }
    if let Ok(amount) = parse_data_amount(text) {
        let _ = plain(amount);
    }
    if let Ok(date) = parse_date(text) {
        let written = date.to_string();
        assert_eq!(parse_date(&written), Ok(date), "{text:?} -> {written:?}");
    }
    let _ = parse_count::<u32>(text);
    let _ = parse_flag(text);
}

#[test]
fn parser_inputs_found_by_fuzzing_answer() {
    for text in [
        "81625142643375935439%",
        "79228162514264337593543950335",
        "-85899345920000000000",
        "-%",
        "€",
        "7\u{a0}%",
        "3,479",
        "0,001",
        "9813-9-1",
        "1989-13-31",
    ] {
        parsers(text);
    }
}

const HEADER: &[u8] =
    b"id,region,post_type,start,months,end,share,pet_amount,half_days,sites,distance_km,notified,per\n";

fn embedded() -> &'static Rates {
    static RATES: OnceLock<Rates> = OnceLock::new();
    RATES.get_or_init(|| asp_funding::rates::embedded().expect("the embedded rates load"))
}

/// How the `batch_rows` target reads its input, from the first byte's bits 1 to 3.
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

/// The `batch_rows` target: an even first byte puts the rest after a valid header; a first
/// byte 1 leaves the rest as the whole input.
fn batch(data: &[u8]) -> Result<BatchReport, asp_funding::batch::BatchError> {
    let first = data.first().copied().unwrap_or(1);
    let input: Vec<u8> = match data.split_first() {
        Some((first, rest)) if first % 2 == 0 => [HEADER, rest].concat(),
        Some((1, rest)) => rest.to_vec(),
        _ => data.to_vec(),
    };
    let options = BatchOptions {
        threads: 1,
        reading: reading(first),
        ..BatchOptions::new(today())
    };
    let mut sink =
        asp_funding::output::CsvSink::new(Vec::new(), asp_funding::output::CsvStyle::default());
    let mut reported = 0_u64;
    let result = run(
        embedded(),
        input.as_slice(),
        "fuzz",
        &options,
        &mut sink,
        &mut |_| reported += 1,
        &mut |_| {},
    );
    if let Ok(report) = &result {
        assert_eq!(report.errors, reported, "every row in error is reported");
        assert!(report.errors <= report.rows);
    }
    result
}

#[test]
fn batch_rows_after_a_valid_header_found_by_fuzzing_are_read() {
    for data in [
        // The contract ends before it starts.
        &b"0X,nouvelle-aquitaine,,2028-11-15,,2028-11-12,50%,700,4,2,35,3249.79,month\n"[..],
        b"0X,nouvelle-aquitaine,,2026-11-15,,2029-11-14,50%,7200,4,2,35,3249.79,month\n",
        b"0X,nouvelle-aquitaine,\x01\x00\x00\x00\x00\x00\x00\x04,2026-11-15,,2028-1m-12,50%,70%,4,2,35,32495\x00\x00\x00\x00\x00\x00\x00.78,m\x87%th\n",
        b"0X,nouvelle-aquitaine,,2026-11-15,,2028-11-12,50%,700,4,\xff\xff\xff\xff\xff\xff\xff\xff2,35,3249.79,month\n",
        b"0A,ies20,,,-,\n\n",
        b"0\x00\x00\x00\x00\x00 5%,\x10,,,",
    ] {
        let report = batch(data).expect("rows after a valid header never fail the whole file");
        assert!(report.rows >= 1, "{report:?}");
    }
}

#[test]
fn batch_headers_found_by_fuzzing_answer() {
    // A header of columns that name no input is read (they are copied to the output); one
    // that is no text, or none at all, is refused.
    for (data, refused) in [
        (&b"\xef\xbb\xbfid;regi*on\n"[..], false),
        (b"I\xd0\xa6\xd3\x9be,\n", false),
        (b"i\x00\x00\x00", true),
        (b"\x03\n\n", false),
        (b"\x01", true),
        (b"", true),
    ] {
        let result = batch(data);
        assert_eq!(result.is_err(), refused, "{data:?}: {result:?}");
        if let Ok(report) = result {
            assert_eq!(report.rows, 0, "{data:?}");
        }
    }
}

/// The repository's data, as the `loader` target takes it (in its order: `fuzz/fuzz_targets/loader.rs`).
const FILES: &[(&str, &str)] = &[
    ("sources.toml", include_str!("../rates/sources.toml")),
    ("regions.toml", include_str!("../rates/regions.toml")),
    (
        "grid/2023-07-01.toml",
        include_str!("../rates/grid/2023-07-01.toml"),
    ),
    (
        "iespe/2023-07-01.toml",
        include_str!("../rates/iespe/2023-07-01.toml"),
    ),
    (
        "pet/2023-07-01.toml",
        include_str!("../rates/pet/2023-07-01.toml"),
    ),
    (
        "charges/reference.toml",
        include_str!("../rates/charges/reference.toml"),
    ),
    (
        "rules/centre-val-de-loire-ambulatoire.toml",
        include_str!("../rates/rules/centre-val-de-loire-ambulatoire.toml"),
    ),
    (
        "rules/nouvelle-aquitaine-2026.toml",
        include_str!("../rates/rules/nouvelle-aquitaine-2026.toml"),
    ),
    (
        "allocations/2018-2020.toml",
        include_str!("../rates/allocations/2018-2020.toml"),
    ),
    (
        "allocations/2024-2026.toml",
        include_str!("../rates/allocations/2024-2026.toml"),
    ),
    (
        "allocations/2025-2027.toml",
        include_str!("../rates/allocations/2025-2027.toml"),
    ),
    ("conditions.toml", include_str!("../rates/conditions.toml")),
];

/// The `loader` target: the first byte picks the file the rest replaces. Whether the data loaded.
fn loader(data: &[u8]) -> bool {
    let (&which, rest) = data.split_first().expect("a byte to pick the file");
    let text = std::str::from_utf8(rest).expect("the fuzz inputs kept here are UTF-8");
    let replaced = usize::from(which) % FILES.len();
    let files = FILES
        .iter()
        .enumerate()
        .map(|(i, (rel, original))| RatesFile {
            rel: (*rel).to_string(),
            shown: format!("rates/{rel}"),
            text: if i == replaced { text } else { original }.to_string(),
        })
        .collect();
    match load_files("fuzz", files) {
        Ok(rates) => {
            let input = PostInput {
                region: "nouvelle-aquitaine".into(),
                ..Default::default()
            };
            let _ = compute(&rates, &input, today());
            true
        }
        Err(errors) => {
            assert!(!errors.errors.is_empty(), "a refusal names its problems");
            false
        }
    }
}

#[test]
fn rates_files_found_by_fuzzing_that_load() {
    for data in [
        // IESPE: the comment cut short.
        &b"\x03# IESPEnth\"\n\n[[versions]]\nfrom = 2023-07-01\nsource = \"arrete-2022-07-08-annexe-v-2023\"\nnote = { en = \"Annexe V, II\", fr = \"Annexe V, II\" }\nmonthly = \"1010\"\n"[..],
        // PET: a single tier, above 4 half-days, and no `unit`.
        "\x04# PET (prime d'exercice territorial): the whole scale, versioned  \"EUR per month\"\n\n[[versions]]\nfrom = 2023-07-01\nsource = [\"arrete-2022-07-08-annexe-v-2023\", \"arrete-2017-03-14-pet\"]\nnote = { en = \"Amounts: annexe V, IV. Rules: arrêté du 14 mars 2017, articles 4 to 8, as restated in the ARS Centre-Val de Loire notice, section 3.\", fr = \"Amounts: annexe V, IV. Rules: arrêté du 14 mars 2017, articles 4 to 8, as restated in the ARS Centre-Val de Loire notice, section 3.\" }\n\n[versions.scale]\nmin_distance_km = \"20\"\nderogation = { en = \"Below 20 km, the AR00\", fr = \"Below 20 km, the AR00\" }\n\n[[versions.scale.tiers]]\nlabel = { en = \"plus de 4 demi-journées\", fr = \"plus de 4 demi-journées\" }\nabove = \"4\"\namount = \"1000\"\n".as_bytes(),
        // Allocations 2024-2026: an inter-hospital split in overseas regions only.
        "\t# 2024-2026 pgh its summas not in the text: only the figures below are known.\npromotion = \"2024-2026\"\nsource = \"dgos-2024-124\"\n\n[inter-hospital]\ntotal = 250\nsplit = \"partial\"\nnote = { en = \"The suour la Guadeloupe et la Martinique et 6 pouj La Réunion »\", fr = \"The suour la Guadeloupe et la Martinique et 6 pouj La Réunion »\" }\nposts = { guyane = 30, mayotte = 15, guadeloupe = 7, martinique = 7, la-reunion = 6 }\n".as_bytes(),
    ] {
        assert!(loader(data), "{}", String::from_utf8_lossy(data));
    }
}

#[test]
fn rates_files_found_by_fuzzing_that_are_refused() {
    for data in [
        &b"\x02["[..],
        b"\x04nt = \"1000\"\n",
        b"\x09# 2024-4\"\n\n[rounding]\nmode = [n",
        b"\x0a\n# 2025-2027 promotion: notgne RHo18-158\"\n\n[inter-hospatal]\ntotal = 250\nsplit = \"conex, not in the text.\"\n",
        b"\"\n\n[overseas]\ntotal = 50\nsplit = \x02\"",
        b"1Z",
    ] {
        assert!(!loader(data), "{}", String::from_utf8_lossy(data));
    }
}
