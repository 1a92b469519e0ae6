//! Loading is strict: each broken file is an error that names the file, the line and the key.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // a test may stop on what it does not expect

mod util;

use asp_funding::rates::{load_files, DataErrors, RatesFile};
use std::path::Path;

/// The shipped files, with `rel` replaced by `text` (or added).
fn files_with(rel: &str, text: &str) -> Vec<RatesFile> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("rates");
    let mut files: Vec<RatesFile> = asp_funding::rates::load_dir(&root)
        .expect("rates/ is valid")
        .files
        .iter()
        .map(|f| RatesFile {
            rel: f.clone(),
            shown: f.clone(),
            text: std::fs::read_to_string(root.join(f)).expect("readable"),
        })
        .filter(|f| f.rel != rel)
        .collect();
    files.push(RatesFile {
        rel: rel.into(),
        shown: rel.into(),
        text: text.into(),
    });
    files
}

fn shipped(rel: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("rates")
            .join(rel),
    )
    .expect("readable")
}

fn errors(rel: &str, text: &str) -> String {
    match load_files("test", files_with(rel, text)) {
        Ok(_) => panic!("{rel} should be refused:\n{text}"),
        Err(DataErrors { errors, .. }) => errors
            .iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

const IESPE: &str = "iespe/2023-07-01.toml";

#[test]
fn the_shipped_iespe_file_loads_as_is() {
    assert!(load_files("test", files_with(IESPE, &shipped(IESPE))).is_ok());
}

#[test]
fn an_amount_written_as_a_number_is_refused_with_its_line() {
    let text = shipped(IESPE).replace("monthly = \"1010\"", "monthly = 1010");
    let message = errors(IESPE, &text);
    assert!(message.starts_with("iespe/2023-07-01.toml:"), "{message}");
    let line = text
        .lines()
        .position(|l| l.starts_with("monthly"))
        .expect("a line")
        + 1;
    assert!(message.contains(&format!(":{line}:")), "{message}");
    assert!(
        message.contains("amounts are written as strings"),
        "{message}"
    );
}

#[test]
fn a_negative_amount_is_refused() {
    let message = errors(IESPE, &shipped(IESPE).replace("\"1010\"", "\"-1010\""));
    assert!(message.contains("negative"), "{message}");
}

#[test]
fn an_unknown_key_is_refused() {
    let message = errors(
        IESPE,
        &shipped(IESPE).replace("monthly = ", "montly = \"1\"\nmonthly = "),
    );
    assert!(message.contains("unknown field `montly`"), "{message}");
}

#[test]
fn a_missing_source_is_refused() {
    let message = errors(
        IESPE,
        &shipped(IESPE).replace(
            "source = \"arrete-2022-07-08-annexe-v-2023\"",
            "source = \"nowhere\"",
        ),
    );
    assert!(
        message.contains("iespe/2023-07-01.toml:") && message.contains("unknown source 'nowhere'"),
        "{message}"
    );
}

#[test]
fn a_duplicate_version_is_refused() {
    let text = format!(
        "{}\n[[versions]]\nfrom = 2023-07-01\nsource = \"ars-na-2026\"\nmonthly = \"1020\"\n",
        shipped(IESPE)
    );
    let message = errors(IESPE, &text);
    assert!(
        message.contains("a second version of the IESPE from 2023-07-01"),
        "{message}"
    );
}

#[test]
fn overlapping_versions_and_gaps_are_refused() {
    let base = shipped(IESPE).replace(
        "note = { en = \"Annexe V, II\"",
        "until = 2024-12-31\nnote = { en = \"Annexe V, II\"",
    );
    let overlap = format!(
        "{base}\n[[versions]]\nfrom = 2024-06-01\nsource = \"ars-na-2026\"\nmonthly = \"1020\"\n"
    );
    assert!(errors(IESPE, &overlap).contains("overlaps"));
    let gap = format!(
        "{base}\n[[versions]]\nfrom = 2025-02-01\nsource = \"ars-na-2026\"\nmonthly = \"1020\"\n"
    );
    let message = errors(IESPE, &gap);
    assert!(
        message.contains("no version of the IESPE is in force from 2025-01-01"),
        "{message}"
    );
}

#[test]
fn an_impossible_date_is_refused() {
    let message = errors(
        IESPE,
        &shipped(IESPE).replace("from = 2023-07-01", "from = \"2023-02-30\""),
    );
    assert!(message.contains("2023-02-30"), "{message}");
}

#[test]
fn a_rule_set_for_an_unknown_region_is_refused() {
    let rel = "rules/nouvelle-aquitaine-2026.toml";
    let message = errors(
        rel,
        &shipped(rel).replace("region = \"nouvelle-aquitaine\"", "region = \"atlantis\""),
    );
    assert!(
        message.contains("unknown region id 'atlantis'"),
        "{message}"
    );
}

#[test]
fn an_unknown_rounding_point_is_refused() {
    let rel = "rules/nouvelle-aquitaine-2026.toml";
    let message = errors(
        rel,
        &shipped(rel).replace("at = [\"ars_monthly\"]", "at = [\"monthly_base\"]"),
    );
    assert!(
        message.contains("unknown variant `monthly_base`"),
        "{message}"
    );
}

#[test]
fn pet_tiers_must_form_a_ladder() {
    let rel = "pet/2023-07-01.toml";
    let overlap = errors(rel, &shipped(rel).replace("above = \"3\"", "above = \"2\""));
    assert!(
        overlap.contains("scale.tiers[2] (above 2) overlaps scale.tiers[1] (up to 3)"),
        "{overlap}"
    );
    let gap = errors(
        rel,
        &shipped(rel).replace("above = \"1\"", "above = \"1.5\""),
    );
    assert!(gap.contains("does not start right above 1"), "{gap}");
}

#[test]
fn a_rule_set_must_fund_a_gross_component_and_start_in_its_months() {
    let rel = "rules/nouvelle-aquitaine-2026.toml";
    let charges_only = errors(
        rel,
        &shipped(rel).replace(
            "funded = [\"salary\", \"iespe\", \"pet\", \"charges\"]",
            "funded = [\"charges\"]",
        ),
    );
    assert!(
        charges_only.contains("funded: lists no gross component"),
        "{charges_only}"
    );
    let start = errors(
        rel,
        &shipped(rel).replace("default_start = 2026-11-01", "default_start = 2026-12-01"),
    );
    assert!(
        start.contains("default_start: 2026-12-01 is not in one of the start_months"),
        "{start}"
    );
}

#[test]
fn unknown_keys_under_a_basis_without_fields_are_refused() {
    let rel = "rules/centre-val-de-loire-ambulatoire.toml";
    let message = errors(
        rel,
        &shipped(rel).replace(
            "[pet]\nbasis = \"pattern\"",
            "[pet]\nbasis = \"pattern\"\namount = \"700\"",
        ),
    );
    assert!(message.contains("unknown field `amount`"), "{message}");
}

#[test]
fn a_file_put_too_deep_is_refused() {
    let message = errors("grid/old/2020.toml", "garbage");
    assert!(message.contains("unexpected file"), "{message}");
}

#[test]
fn a_complete_split_must_add_up() {
    let rel = "allocations/2018-2020.toml";
    let message = errors(rel, &shipped(rel).replace("corse = 3,", "corse = 4,"));
    assert!(
        message.contains("add up to 251, not the total 250"),
        "{message}"
    );
}

#[test]
fn a_stray_file_is_refused() {
    let message = errors("grids/extra.toml", "x = 1\n");
    assert!(message.contains("unexpected file"), "{message}");
}

#[test]
fn every_problem_is_reported_at_once() {
    let mut files = files_with(IESPE, &shipped(IESPE).replace("\"1010\"", "1010"));
    files.push(RatesFile {
        rel: "pet/broken.toml".into(),
        shown: "pet/broken.toml".into(),
        text: "[[versions]\n".into(),
    });
    let Err(e) = load_files("test", files) else {
        panic!("refused")
    };
    assert_eq!(e.errors.len(), 2, "{e}");
}

const CVL: &str = "rules/centre-val-de-loire-ambulatoire.toml";

#[test]
fn a_rule_set_condition_replaces_only_a_national_one() {
    let text = shipped(CVL).replace(
        "replaces = \"ambulatory-time\"",
        "replaces = \"ambulatory-tme\"",
    );
    let message = errors(CVL, &text);
    assert!(
        message.contains("conditions.replaces")
            && message.contains("replaces 'ambulatory-tme', which is not a national condition"),
        "{message}"
    );
    // A national condition cannot replace another.
    let national = shipped("conditions.toml").replace(
        "id = \"not-general-medicine\"",
        "id = \"not-general-medicine\"\nreplaces = \"ambulatory-time\"",
    );
    let message = errors("conditions.toml", &national);
    assert!(
        message.contains("only a rule set's condition can take the place of a national one"),
        "{message}"
    );
}

#[test]
fn an_exception_goes_with_a_check() {
    let text = shipped(CVL).replace(
        "check = { input = \"ambulatory_share\", equals = \"0.5\" }\n",
        "",
    );
    let message = errors(CVL, &text);
    assert!(
        message.contains("`unless` goes with a `check`"),
        "{message}"
    );
}

#[test]
fn promotions_run_forward_and_a_share_has_one_test() {
    let backward = shipped("conditions.toml").replace(
        "promotions = { first = 2018, last = 2023 }\ncheck = { input = \"months\"",
        "promotions = { first = 2023, last = 2018 }\ncheck = { input = \"months\"",
    );
    let message = errors("conditions.toml", &backward);
    assert!(
        message.contains("conditions.promotions")
            && message.contains("`first` no later than `last`"),
        "{message}"
    );
    let text = shipped(CVL).replace(
        "check = { input = \"ambulatory_share\", equals = \"0.5\" }",
        "check = { input = \"ambulatory_share\", equals = \"0.5\", at_least = \"0.5\" }",
    );
    let message = errors(CVL, &text);
    assert!(
        message.contains("`at_least` or `equals` (a share) alone"),
        "{message}"
    );
}

#[test]
fn a_data_file_named_in_upper_case_is_read_and_another_extension_is_said() {
    // Issue 18: `rules/x.TOML` was silently ignored, and `rates validate` said the folder valid.
    let rates = util::RatesCopy::new();
    let rule = rates.read("rules/nouvelle-aquitaine-2026.toml");
    std::fs::remove_file(rates.file("rules/nouvelle-aquitaine-2026.toml")).expect("remove");
    rates.write("rules/nouvelle-aquitaine-2026.TOML", &rule);
    rates.write("rules/draft.toml.bak", "not data");
    let out = util::asp(&["rates", "validate", &rates.arg(), "--format", "json"]);
    out.assert_success();
    let json = out.json();
    assert_eq!(json["rule_sets"], 2, "{json}");
    assert_eq!(json["unread"], serde_json::json!(["rules/draft.toml.bak"]));
    assert!(
        out.stderr
            .contains("rules/draft.toml.bak: not read: only .toml files are reference data"),
        "{}",
        out.stderr
    );
}
