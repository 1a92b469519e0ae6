//! Domain cases as data: each file under tests/cases/ gives a post's inputs, the
//! figures expected to the cent (checked by hand against the document it names),
//! and that document. One test runs them all on the embedded reference data.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // a test may stop on what it does not expect

use asp_funding::compute::compute;
use asp_funding::explain::explain;
use asp_funding::output::records::computation_fields;
use asp_funding::post::{Field, Naming, RowInput};
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    /// The source id of the document the figures come from.
    document: String,
    /// The hand computation that gives the expected figures.
    checked_by_hand: String,
    input: BTreeMap<String, String>,
    expected: BTreeMap<String, String>,
}

#[test]
fn every_domain_case_reproduces_its_document() {
    let rates = asp_funding::rates::embedded().expect("the embedded data loads");
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/cases")
        .map(|e| e.expect("entry").path())
        .collect();
    paths.sort();
    let mut failures = Vec::new();
    let mut checked = 0;
    for path in &paths {
        let name = path
            .file_name()
            .expect("a file")
            .to_string_lossy()
            .into_owned();
        let case: Case = toml::from_str(&std::fs::read_to_string(path).expect("readable"))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            !case.checked_by_hand.trim().is_empty(),
            "{name}: say how the figures were checked"
        );
        assert!(
            rates.source(&case.document).is_some(),
            "{name}: unknown document {}",
            case.document
        );
        let mut row = RowInput::default();
        for (key, value) in &case.input {
            let field = Field::from_key(key).unwrap_or_else(|| panic!("{name}: no field {key}"));
            field
                .read(value, &mut row)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        let input = row.post;
        let result = compute(&rates, &input, today).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            explain(&rates, &result, asp_funding::lang::Lang::En, &Naming::Keys)
                .sources
                .iter()
                .any(|s| s.id == case.document),
            "{name}: the result does not cite {}",
            case.document
        );
        let fields: BTreeMap<&str, String> =
            computation_fields(&rates, &result).into_iter().collect();
        for (key, expected) in &case.expected {
            match fields.get(key.as_str()) {
                Some(actual) if actual == expected => checked += 1,
                Some(actual) => failures.push(format!(
                    "{name}: {key} is {actual}, the document gives {expected}"
                )),
                None => failures.push(format!("{name}: no field {key}")),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        paths.len() >= 5 && checked >= 40,
        "only {} cases, {checked} figures",
        paths.len()
    );
}
