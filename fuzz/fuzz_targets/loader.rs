//! The rates loader: the repository's files with one of them replaced by the input.
//! Loading must answer Ok or Err, never panic, and data that loads must compute a post.
#![no_main]

use asp_funding::compute::{compute, PostInput};
use asp_funding::rates::{load_files, RatesFile};
use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;

macro_rules! rates_files {
    ($($rel:literal),* $(,)?) => {
        &[$(($rel, include_str!(concat!("../../rates/", $rel)))),*]
    };
}

/// The repository's `rates/`, at compile time.
const FILES: &[(&str, &str)] = rates_files![
    "sources.toml",
    "regions.toml",
    "grid/2023-07-01.toml",
    "iespe/2023-07-01.toml",
    "pet/2023-07-01.toml",
    "charges/reference.toml",
    "rules/centre-val-de-loire-ambulatoire.toml",
    "rules/nouvelle-aquitaine-2026.toml",
    "allocations/2018-2020.toml",
    "allocations/2024-2026.toml",
    "allocations/2025-2027.toml",
    "conditions.toml",
];

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
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
    if let Ok(rates) = load_files("fuzz", files) {
        let Some(today) = NaiveDate::from_ymd_opt(2026, 11, 22) else {
            return;
        };
        let input = PostInput {
            region: "nouvelle-aquitaine".into(),
            ..Default::default()
        };
        let _ = compute(&rates, &input, today);
    }
});
