//! Tests of the `asp-funding` command line, run on the built binary.
//!
//! Every run happens in an empty temporary directory with `ASP_FUNDING_RATES`
//! unset and `ASP_FUNDING_TODAY=2026-11-22` (see `util`), so the figures come from
//! the data embedded in the binary. Each test names the command it runs and the
//! exact result it expects. The published figures checked here are those of the
//! ARS Nouvelle-Aquitaine 2026 notice (section 6) and of the ARS Centre-Val de
//! Loire city/hospital notice (section 3).

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // a test may stop on what it does not expect

mod util;

use serde_json::Value;
use util::{asp, Output, RatesCopy, TestCommand};

/// The string value of a JSON field (amounts, rates and dates are strings).
fn text<'a>(json: &'a Value, key: &str) -> &'a str {
    json.get(key)
        .unwrap_or_else(|| panic!("no key {key:?} in {json:#}"))
        .as_str()
        .unwrap_or_else(|| panic!("{key:?} is not a string in {json:#}"))
}

/// `asp-funding ARGS... --format json`, checked to succeed, parsed.
fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    asp(&all).json()
}

// ---------------------------------------------------------------------------
// 1. Nouvelle-Aquitaine 2026: the published table, to the cent.
// ---------------------------------------------------------------------------

#[test]
fn nouvelle_aquitaine_json_reproduces_the_published_table() {
    // asp-funding compute --region nouvelle-aquitaine --format json
    let out = json(&["compute", "--region", "nouvelle-aquitaine"]);
    assert_eq!(text(&out, "region"), "nouvelle-aquitaine");
    assert_eq!(text(&out, "post_type"), "inter-hospital");
    assert_eq!(text(&out, "rule_set"), "nouvelle-aquitaine-2026");
    assert_eq!(text(&out, "start"), "2026-11-01");
    assert_eq!(text(&out, "end"), "2028-10-31");
    assert_eq!(out["months"], 24);
    assert_eq!(text(&out, "base_salary_monthly"), "2803.59");
    assert_eq!(text(&out, "iespe_monthly"), "1010.00");
    assert_eq!(text(&out, "pet_monthly"), "700.00");
    assert_eq!(text(&out, "charges_rate"), "0.44");
    assert_eq!(text(&out, "loaded_monthly"), "6499.58");
    assert_eq!(text(&out, "share"), "0.5");
    assert_eq!(text(&out, "ars_monthly"), "3249.79");
    // 3249.79 × 24 months.
    assert_eq!(text(&out, "ars_total"), "77994.96");
}

#[test]
fn compute_json_has_every_key_the_contract_promises() {
    // asp-funding compute --region nouvelle-aquitaine --format json
    let out = json(&["compute", "--region", "nouvelle-aquitaine"]);
    for key in [
        "region",
        "post_type",
        "rule_set",
        "start",
        "end",
        "months",
        "base_salary_monthly",
        "iespe_monthly",
        "pet_monthly",
        "gross_monthly",
        "charges_rate",
        "loaded_monthly",
        "share",
        "ars_monthly",
        "establishment_monthly",
        "ars_total",
        "establishment_total",
        "full_cost_total",
        "sources",
    ] {
        assert!(
            out.get(key).is_some(),
            "compute --format json lacks {key:?}"
        );
    }
    // No --left-on: no refund.
    assert!(out.get("recoverable").is_none() || out["recoverable"].is_null());
    assert!(!out["sources"]
        .as_array()
        .expect("sources is an array")
        .is_empty());
}

#[test]
fn compute_json_amounts_are_strings_with_two_decimals() {
    // asp-funding compute --region nouvelle-aquitaine --format json
    let out = json(&["compute", "--region", "nouvelle-aquitaine"]);
    for key in [
        "base_salary_monthly",
        "iespe_monthly",
        "pet_monthly",
        "gross_monthly",
        "loaded_monthly",
        "ars_monthly",
        "establishment_monthly",
        "ars_total",
        "establishment_total",
        "full_cost_total",
    ] {
        let amount = text(&out, key);
        let (_, cents) = amount.split_once('.').expect("a decimal point");
        assert_eq!(cents.len(), 2, "{key} = {amount:?} has not two decimals");
    }
}

#[test]
fn nouvelle_aquitaine_twelve_months_is_twelve_monthly_shares() {
    // asp-funding compute --region nouvelle-aquitaine --months 12 --format json
    let out = json(&[
        "compute",
        "--region",
        "nouvelle-aquitaine",
        "--months",
        "12",
    ]);
    assert_eq!(out["months"], 12);
    assert_eq!(text(&out, "end"), "2027-10-31");
    assert_eq!(text(&out, "ars_monthly"), "3249.79");
    // 3249.79 × 12 months.
    assert_eq!(text(&out, "ars_total"), "38997.48");
}

// ---------------------------------------------------------------------------
// 2. Centre-Val de Loire: the notice's own amounts, and its assumptions shown.
// ---------------------------------------------------------------------------

const CVL: [&str; 5] = [
    "compute",
    "--region",
    "centre-val-de-loire",
    "--start",
    "2026-12-01",
];

#[test]
fn centre_val_de_loire_json_reproduces_the_notice() {
    // asp-funding compute --region centre-val-de-loire --start 2026-12-01 --format json
    let out = json(&CVL);
    assert_eq!(text(&out, "post_type"), "ambulatory");
    assert_eq!(text(&out, "rule_set"), "centre-val-de-loire-ambulatoire");
    assert_eq!(text(&out, "base_salary_monthly"), "2762.16");
    assert_eq!(text(&out, "iespe_monthly"), "1010.00");
    assert_eq!(text(&out, "gross_monthly"), "3772.16");
    // The notice's amounts leave the PET out and say nothing of charges: no PET, no rate and no
    // loaded cost is made up for the credit (never a 0,00 or a 0 % cited to the notice).
    assert!(out["pet_monthly"].is_null(), "{}", out["pet_monthly"]);
    assert!(out["charges_rate"].is_null(), "{}", out["charges_rate"]);
    assert!(out["loaded_monthly"].is_null(), "{}", out["loaded_monthly"]);
    assert_eq!(text(&out, "share"), "1");
    assert_eq!(text(&out, "ars_monthly"), "3772.16");
}

#[test]
fn centre_val_de_loire_json_lists_its_pet_and_charges_assumptions() {
    // asp-funding compute --region centre-val-de-loire --start 2026-12-01 --format json
    let out = json(&CVL);
    let assumptions: Vec<&str> = out["assumptions"]
        .as_array()
        .expect("assumptions is an array")
        .iter()
        .map(|a| a.as_str().expect("each assumption is a string"))
        .collect();
    assert!(
        assumptions.iter().any(|a| a.contains("PET")),
        "no assumption about the PET: {assumptions:#?}"
    );
    assert!(
        assumptions.iter().any(|a| a.contains("charges")),
        "no assumption about employer charges: {assumptions:#?}"
    );
}

#[test]
fn centre_val_de_loire_csv_has_an_assumptions_column() {
    // asp-funding compute --region centre-val-de-loire --start 2026-12-01 --format csv
    let mut args = CVL.to_vec();
    args.extend(["--format", "csv"]);
    let out = asp(&args);
    out.assert_success();
    let mut reader = csv::Reader::from_reader(out.stdout.as_bytes());
    let headers = reader.headers().expect("a header row").clone();
    let column = headers
        .iter()
        .position(|h| h == "assumptions")
        .unwrap_or_else(|| panic!("no assumptions column in {headers:?}"));
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a CSV row")).collect();
    assert_eq!(rows.len(), 1, "one post, one row");
    let assumptions = &rows[0][column];
    assert!(assumptions.contains("PET"), "{assumptions}");
    assert!(assumptions.contains("charges"), "{assumptions}");
}

#[test]
fn centre_val_de_loire_table_shows_the_assumptions() {
    // asp-funding compute --region centre-val-de-loire --start 2026-12-01
    let out = asp(&CVL);
    out.assert_success();
    assert!(out.stdout.contains("Assumptions:"), "{}", out.stdout);
    assert!(
        out.stdout
            .contains("Employer charges: the notice says nothing"),
        "{}",
        out.stdout
    );
}

// ---------------------------------------------------------------------------
// 3. Regions and post types as a French user types them.
// ---------------------------------------------------------------------------

/// `compute --region NAME --post-type inter-hospital --share 50% --start 2026-11-01 --format json`
fn custom_region(name: &str) -> Value {
    json(&[
        "compute",
        "--region",
        name,
        "--post-type",
        "inter-hospital",
        "--share",
        "50%",
        "--start",
        "2026-11-01",
    ])
}

#[test]
fn ile_de_france_with_accent_resolves() {
    let out = custom_region("Île-de-France");
    assert_eq!(text(&out, "region"), "ile-de-france");
    assert_eq!(text(&out, "rule_set"), "custom");
}

#[test]
fn ile_de_france_in_lower_case_with_spaces_resolves() {
    let out = custom_region("ile de france");
    assert_eq!(text(&out, "region"), "ile-de-france");
    assert_eq!(text(&out, "rule_set"), "custom");
}

#[test]
fn paca_alias_resolves() {
    let out = custom_region("PACA");
    assert_eq!(text(&out, "region"), "provence-alpes-cote-d-azur");
    assert_eq!(text(&out, "rule_set"), "custom");
}

#[test]
fn provence_alpes_cote_d_azur_with_straight_apostrophe_resolves() {
    let out = custom_region("Provence-Alpes-Côte d'Azur");
    assert_eq!(text(&out, "region"), "provence-alpes-cote-d-azur");
    assert_eq!(text(&out, "rule_set"), "custom");
}

#[test]
fn provence_alpes_cote_d_azur_with_typographic_apostrophe_resolves() {
    let out = custom_region("Provence-Alpes-Côte d\u{2019}Azur");
    assert_eq!(text(&out, "region"), "provence-alpes-cote-d-azur");
    assert_eq!(text(&out, "rule_set"), "custom");
}

#[test]
fn custom_region_at_half_share_funds_half_of_grid_and_iespe_loaded() {
    // (33643.13 / 12 + 1010) × 1.44 × 0.5 = 2745.7878 → 2745.79; no working pattern: PET 0.
    let out = custom_region("ile-de-france");
    assert_eq!(text(&out, "pet_monthly"), "0.00");
    assert_eq!(text(&out, "ars_monthly"), "2745.79");
}

#[test]
fn french_post_type_etablissements_selects_the_inter_hospital_rule_set() {
    // asp-funding compute --region nouvelle-aquitaine --post-type etablissements --format json
    let out = json(&[
        "compute",
        "--region",
        "nouvelle-aquitaine",
        "--post-type",
        "etablissements",
    ]);
    assert_eq!(text(&out, "post_type"), "inter-hospital");
    assert_eq!(text(&out, "rule_set"), "nouvelle-aquitaine-2026");
    assert_eq!(text(&out, "ars_monthly"), "3249.79");
}

#[test]
fn french_post_type_ambulatoire_parses() {
    // asp-funding compute --region bretagne --post-type ambulatoire --share 50% --format json
    let out = json(&[
        "compute",
        "--region",
        "bretagne",
        "--post-type",
        "ambulatoire",
        "--share",
        "50%",
    ]);
    assert_eq!(text(&out, "post_type"), "ambulatory");
}

#[test]
fn french_post_type_outre_mer_parses() {
    // asp-funding compute --region guyane --post-type outre-mer --share 50% --format json
    let out = json(&[
        "compute",
        "--region",
        "guyane",
        "--post-type",
        "outre-mer",
        "--share",
        "50%",
    ]);
    assert_eq!(text(&out, "post_type"), "overseas");
    assert_eq!(text(&out, "region"), "guyane");
}

// ---------------------------------------------------------------------------
// 4. PET: the scale of annex V, IV, and the 20 km rule.
// ---------------------------------------------------------------------------

/// `asp-funding pet ARGS... --format json`: (amount, eligible, reason).
fn pet(args: &[&str]) -> (String, bool, String) {
    let mut all = vec!["pet"];
    all.extend(args);
    let out = json(&all);
    (
        text(&out, "amount").to_string(),
        out["eligible"].as_bool().expect("eligible is a boolean"),
        text(&out, "reason").to_string(),
    )
}

#[test]
fn pet_no_half_day_outside_is_nothing() {
    let (amount, eligible, _) = pet(&["--half-days", "0"]);
    assert_eq!((amount.as_str(), eligible), ("0.00", false));
}

#[test]
fn pet_one_half_day_is_250() {
    let (amount, eligible, _) = pet(&["--half-days", "1"]);
    assert_eq!((amount.as_str(), eligible), ("250.00", true));
}

#[test]
fn pet_two_half_days_is_450() {
    let (amount, _, _) = pet(&["--half-days", "2"]);
    assert_eq!(amount, "450.00");
}

#[test]
fn pet_three_half_days_is_still_450() {
    let (amount, _, _) = pet(&["--half-days", "3"]);
    assert_eq!(amount, "450.00");
}

#[test]
fn pet_three_and_a_half_half_days_is_700() {
    let (amount, _, _) = pet(&["--half-days", "3.5"]);
    assert_eq!(amount, "700.00");
}

#[test]
fn pet_four_half_days_on_one_site_is_700() {
    let (amount, _, _) = pet(&["--half-days", "4"]);
    assert_eq!(amount, "700.00");
}

#[test]
fn pet_four_half_days_on_two_sites_is_1000() {
    let (amount, _, _) = pet(&["--half-days", "4", "--sites", "2"]);
    assert_eq!(amount, "1000.00");
}

#[test]
fn pet_five_half_days_is_1000() {
    let (amount, eligible, _) = pet(&["--half-days", "5"]);
    assert_eq!((amount.as_str(), eligible), ("1000.00", true));
}

#[test]
fn pet_below_20_km_without_derogation_is_nothing_and_says_why() {
    let (amount, eligible, reason) = pet(&["--half-days", "5", "--distance-km", "15"]);
    assert_eq!((amount.as_str(), eligible), ("0.00", false));
    assert!(reason.contains("20 km"), "{reason}");
}

#[test]
fn pet_below_20_km_with_derogation_is_paid() {
    let (amount, eligible, _) = pet(&[
        "--half-days",
        "5",
        "--distance-km",
        "15",
        "--pet-derogation",
    ]);
    assert_eq!((amount.as_str(), eligible), ("1000.00", true));
}

#[test]
fn pet_at_exactly_20_km_is_paid() {
    let (amount, eligible, _) = pet(&["--half-days", "5", "--distance-km", "20"]);
    assert_eq!((amount.as_str(), eligible), ("1000.00", true));
}

// ---------------------------------------------------------------------------
// 5. Bad input: exit status 2, a clear message on stderr, nothing on stdout.
// ---------------------------------------------------------------------------

#[test]
fn unknown_region_is_an_error_listing_the_known_regions() {
    // asp-funding compute --region atlantis
    asp(&["compute", "--region", "atlantis"])
        .assert_usage_error()
        .assert_stderr_contains("atlantis")
        .assert_stderr_contains("nouvelle-aquitaine")
        .assert_stderr_contains("ile-de-france");
}

#[test]
fn region_without_rule_set_needs_share_and_names_the_regions_that_have_one() {
    // asp-funding compute --region bretagne
    asp(&["compute", "--region", "bretagne"])
        .assert_usage_error()
        .assert_stderr_contains("nouvelle-aquitaine")
        .assert_stderr_contains("centre-val-de-loire")
        .assert_stderr_contains("--share");
}

#[test]
fn months_not_allowed_by_the_rule_set_is_an_error() {
    // asp-funding compute --region nouvelle-aquitaine --months 18
    asp(&[
        "compute",
        "--region",
        "nouvelle-aquitaine",
        "--months",
        "18",
    ])
    .assert_usage_error()
    .assert_stderr_contains("18")
    .assert_stderr_contains("12 or 24");
}

#[test]
fn impossible_date_is_an_error() {
    // asp-funding compute --region nouvelle-aquitaine --start 2026-02-30
    asp(&[
        "compute",
        "--region",
        "nouvelle-aquitaine",
        "--start",
        "2026-02-30",
    ])
    .assert_usage_error()
    .assert_stderr_contains("2026-02-30");
}

#[test]
fn share_above_100_percent_is_an_error() {
    // asp-funding compute --region nouvelle-aquitaine --share 150%
    asp(&[
        "compute",
        "--region",
        "nouvelle-aquitaine",
        "--share",
        "150%",
    ])
    .assert_usage_error()
    .assert_stderr_contains("150%");
}

#[test]
fn unknown_flag_is_an_error() {
    // asp-funding compute --region nouvelle-aquitaine --bogus
    asp(&["compute", "--region", "nouvelle-aquitaine", "--bogus"])
        .assert_usage_error()
        .assert_stderr_contains("--bogus");
}

#[test]
fn rates_folder_that_does_not_exist_is_an_error() {
    // asp-funding --rates /nonexistent compute --region nouvelle-aquitaine
    asp(&[
        "--rates",
        "/nonexistent",
        "compute",
        "--region",
        "nouvelle-aquitaine",
    ])
    .assert_usage_error()
    .assert_stderr_contains("/nonexistent");
}

/// Runs both `--rates DIR compute --region nouvelle-aquitaine` and
/// `rates validate DIR` on a broken copy, and checks each fails the same way.
fn assert_broken_rates(rates: &RatesCopy, expected_in_stderr: &[&str]) {
    let dir = rates.arg();
    let computed = asp(&["--rates", &dir, "compute", "--region", "nouvelle-aquitaine"]);
    let validated = asp(&["rates", "validate", &dir]);
    for out in [&computed, &validated] {
        out.assert_usage_error();
        for needle in expected_in_stderr {
            out.assert_stderr_contains(needle);
        }
    }
}

#[test]
fn unquoted_amount_in_rates_names_the_file_and_line() {
    // iespe/2023-07-01.toml, line 8: monthly = 1010 (amounts must be strings).
    let rates = RatesCopy::new();
    rates.replace(
        "iespe/2023-07-01.toml",
        "monthly = \"1010\"",
        "monthly = 1010",
    );
    assert_broken_rates(&rates, &["iespe/2023-07-01.toml:8", "1010"]);
}

#[test]
fn unknown_key_in_rates_names_the_file_line_and_key() {
    // iespe/2023-07-01.toml, line 8: a misspelt key, montly.
    let rates = RatesCopy::new();
    rates.replace(
        "iespe/2023-07-01.toml",
        "note = { en = \"Annexe V, II\", fr = \"Annexe V, II\" }\n",
        "note = { en = \"Annexe V, II\", fr = \"Annexe V, II\" }\nmontly = \"1010\"\n",
    );
    assert_broken_rates(&rates, &["iespe/2023-07-01.toml:8", "montly"]);
}

#[test]
fn unknown_source_id_in_rates_names_the_file_line_and_id() {
    // iespe/2023-07-01.toml, line 6: source = "no-such-source".
    let rates = RatesCopy::new();
    rates.replace(
        "iespe/2023-07-01.toml",
        "source = \"arrete-2022-07-08-annexe-v-2023\"",
        "source = \"no-such-source\"",
    );
    assert_broken_rates(&rates, &["iespe/2023-07-01.toml:6", "no-such-source"]);
}

#[test]
fn duplicate_version_date_in_rates_names_both_places() {
    // A second IESPE version from 2023-07-01, at line 11 of the same file.
    let rates = RatesCopy::new();
    let mut text = rates.read("iespe/2023-07-01.toml");
    text.push_str(
        "\n[[versions]]\nfrom = 2023-07-01\nsource = \"arrete-2022-07-08-annexe-v-2023\"\nmonthly = \"1020\"\n",
    );
    rates.write("iespe/2023-07-01.toml", &text);
    assert_broken_rates(
        &rates,
        &[
            "iespe/2023-07-01.toml:11",
            "iespe/2023-07-01.toml:5",
            "2023-07-01",
        ],
    );
}

#[test]
fn duplicate_version_date_across_two_files_is_an_error() {
    // The same IESPE version copied to a second file.
    let rates = RatesCopy::new();
    let text = rates.read("iespe/2023-07-01.toml");
    rates.write("iespe/2023-07-01-again.toml", &text);
    assert_broken_rates(&rates, &["iespe/2023-07-01", "2023-07-01-again.toml"]);
}

#[test]
fn rates_validate_accepts_the_repository_rates() {
    // asp-funding rates validate <repository>/rates
    let out = asp(&["rates", "validate", util::RATES_DIR]);
    out.assert_success();
    assert!(out.stderr.is_empty(), "{}", out.stderr);
}

#[test]
fn rates_validate_tells_scripts_what_the_folder_holds() {
    // asp-funding rates validate <repository>/rates --format json (and csv)
    let out = asp(&["rates", "validate", util::RATES_DIR, "--format", "json"]).json();
    assert_eq!(out["folder"], util::RATES_DIR);
    for key in [
        "files",
        "grid_versions",
        "rule_sets",
        "allocations",
        "sources",
    ] {
        assert!(out[key].as_u64().is_some_and(|n| n > 0), "{key}: {out}");
    }
    let csv = asp(&["rates", "validate", util::RATES_DIR, "--format", "csv"]);
    csv.assert_success();
    assert!(
        csv.stdout.starts_with("folder,files,grid_versions,"),
        "{}",
        csv.stdout
    );
}

#[test]
fn rates_validate_accepts_an_unchanged_copy() {
    let rates = RatesCopy::new();
    asp(&["rates", "validate", &rates.arg()]).assert_success();
}

#[test]
fn asp_funding_rates_env_var_replaces_the_embedded_data() {
    // ASP_FUNDING_RATES=<copy with PET 450, and no published credit> asp-funding compute --region nouvelle-aquitaine --format json
    let rates = RatesCopy::new();
    rates.replace(
        "rules/nouvelle-aquitaine-2026.toml",
        "amount = \"700\"",
        "amount = \"450\"",
    );
    rates.replace(
        "rules/nouvelle-aquitaine-2026.toml",
        "published_credit = \"3249.79\"",
        "",
    );
    let out = TestCommand::new()
        .env("ASP_FUNDING_RATES", rates.path())
        .args([
            "compute",
            "--region",
            "nouvelle-aquitaine",
            "--format",
            "json",
        ])
        .run()
        .json();
    assert_eq!(text(&out, "pet_monthly"), "450.00");
    // (2803.594166… + 1010 + 450) × 1.44 × 0.5 = 3069.7878 → 3069.79
    assert_eq!(text(&out, "ars_monthly"), "3069.79");
}

#[test]
fn rates_flag_replaces_the_embedded_data() {
    // asp-funding --rates <copy with PET 450> compute --region nouvelle-aquitaine --format json
    let rates = RatesCopy::new();
    rates.replace(
        "rules/nouvelle-aquitaine-2026.toml",
        "amount = \"700\"",
        "amount = \"450\"",
    );
    let out = json(&[
        "--rates",
        &rates.arg(),
        "compute",
        "--region",
        "nouvelle-aquitaine",
    ]);
    assert_eq!(text(&out, "pet_monthly"), "450.00");
    // The notice still publishes 3 249,79: that figure stands, and the data's 3 069,79 is a warning.
    assert_eq!(text(&out, "ars_monthly"), "3249.79");
    let warnings = out["warnings"].to_string();
    assert!(
        warnings
            .contains("gives a monthly credit of 3,069.79, not the 3,249.79 the notice publishes"),
        "{warnings}"
    );
}

// ---------------------------------------------------------------------------
// 6. No panic, whatever the arguments.
// ---------------------------------------------------------------------------

#[test]
fn odd_arguments_never_panic() {
    // Every one is a usage error or invalid input, except a what-if share of 0 %.
    for args in &odd_arguments() {
        let out = asp(args);
        let expected = if args.ends_with(&["--share", "0"]) {
            0
        } else {
            2
        };
        assert_eq!(
            out.code, expected,
            "asp-funding {args:?}: exit status {}\n{}",
            out.code, out.stderr
        );
        assert!(
            !out.stderr.contains("panicked"),
            "asp-funding {args:?} panicked:\n{}",
            out.stderr
        );
    }
}

/// Command lines a user could type by mistake: empty values, out-of-range
/// numbers, impossible dates, unknown names.
fn odd_arguments() -> Vec<Vec<&'static str>> {
    let na = ["compute", "--region", "nouvelle-aquitaine"];
    let custom = [
        "compute",
        "--region",
        "bretagne",
        "--post-type",
        "inter-hospital",
        "--share",
        "50%",
    ];
    let with = |base: &[&'static str], extra: &[&'static str]| -> Vec<&'static str> {
        base.iter().chain(extra).copied().collect()
    };
    vec![
        vec![],
        vec![""],
        vec!["", ""],
        vec!["compute"],
        vec!["compute", "--region", ""],
        vec!["compute", "--region", "   "],
        vec!["compute", "--region", "-"],
        vec!["compute", "--region", "\u{2019}"],
        vec!["compute", "--region", "\u{301}"],
        with(&na, &["--months", "4294967296"]),
        with(&na, &["--months", "4294967295"]),
        with(&na, &["--months", "0"]),
        with(&na, &["--months", "-1"]),
        with(&na, &["--months", ""]),
        with(&na, &["--start", "9999-12-31"]),
        with(&na, &["--start", "0001-01-01"]),
        with(&na, &["--start", ""]),
        with(&na, &["--end", "2026-10-31"]),
        with(&na, &["--end", "2026-11-15"]),
        with(&na, &["--share", "abc"]),
        with(&na, &["--share", ""]),
        with(&na, &["--share", "0"]),
        with(&na, &["--share", "-5%"]),
        with(&na, &["--charges", "1e30"]),
        with(&na, &["--include", "bogus"]),
        with(&na, &["--include", ""]),
        with(&na, &["--include", ",,,"]),
        with(&na, &["--years", "7"]),
        with(&na, &["--years", "0"]),
        with(&na, &["--grade", ""]),
        with(&na, &["--campaign", "99999999999"]),
        with(&na, &["--campaign", "1999"]),
        with(&na, &["--pet-amount", "99999999999999999999999999999999"]),
        with(&na, &["--half-days", "99", "--pet-amount", "abc"]),
        with(&custom, &["--start", "9999-12-31", "--months", "120"]),
        with(&custom, &["--start", "1000-01-01"]),
        with(&custom, &["--end", "9999-12-31"]),
        with(&custom, &["--half-days", "14", "--sites", "4294967295"]),
        vec!["pet"],
        vec!["pet", "--half-days", "-1"],
        vec!["pet", "--half-days=-1"],
        vec!["pet", "--half-days", "99"],
        vec!["pet", "--half-days", "79228162514264337593543950335"],
        vec!["pet", "--half-days", "3.99999999999999999999999999"],
        vec!["pet", "--half-days", "2", "--sites", "0"],
        vec!["pet", "--half-days", "2", "--sites", "4294967296"],
        vec!["pet", "--half-days", "2", "--distance-km", "-5"],
        vec![
            "pet",
            "--half-days",
            "2",
            "--distance-km",
            "79228162514264337593543950335",
        ],
        vec!["rules", "show", ""],
        vec!["rules", "show", "nothing"],
        vec!["rates", "show", ""],
        vec!["rates", "show", "nothing"],
        vec!["rates", "validate", ""],
        vec!["rates", "validate", "."],
        vec!["--rates", "", "compute", "--region", "nouvelle-aquitaine"],
        vec!["completions", "nosh"],
        vec![
            "compute",
            "--region",
            "nouvelle-aquitaine",
            "--format",
            "xml",
        ],
        vec!["compute", "--region", "nouvelle-aquitaine", "--lang", "de"],
    ]
}

#[test]
fn huge_pet_amount_is_an_error_not_a_panic() {
    // asp-funding compute --region nouvelle-aquitaine --pet-amount 10000000000000000000000000000
    // (a valid decimal, but × 1.44 overflows the decimal type).
    asp(&[
        "compute",
        "--region",
        "nouvelle-aquitaine",
        "--pet-amount",
        "10000000000000000000000000000",
    ])
    .assert_usage_error();
}

// ---------------------------------------------------------------------------
// 7. Help, completions, man page, rules and rates.
// ---------------------------------------------------------------------------

#[test]
fn help_exits_0() {
    let out = asp(&["--help"]);
    out.assert_success();
    assert!(out.stdout.contains("compute"), "{}", out.stdout);
}

#[test]
fn completions_bash_prints_a_script() {
    let out = asp(&["completions", "bash"]);
    out.assert_success();
    assert!(out.stdout.contains("asp-funding"), "{}", out.stdout);
}

#[test]
fn man_prints_a_man_page() {
    let out = asp(&["man"]);
    out.assert_success();
    assert!(out.stdout.contains(".TH"), "{}", out.stdout);
}

#[test]
fn rules_lists_both_rule_sets() {
    // asp-funding rules
    let out = asp(&["rules"]);
    out.assert_success();
    assert!(
        out.stdout.contains("nouvelle-aquitaine-2026"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("centre-val-de-loire-ambulatoire"),
        "{}",
        out.stdout
    );
}

#[test]
fn rules_show_json_gives_the_share() {
    // asp-funding rules --format json show nouvelle-aquitaine-2026
    let out = asp(&[
        "rules",
        "--format",
        "json",
        "show",
        "nouvelle-aquitaine-2026",
    ])
    .json();
    assert_eq!(text(&out, "id"), "nouvelle-aquitaine-2026");
    assert_eq!(text(&out, "share"), "0.5");
}

#[test]
fn output_flags_are_accepted_after_the_subcommand_name() {
    // asp-funding rules show nouvelle-aquitaine-2026 --format json
    // asp-funding rates show 2018-2020 --format json
    // (as with `compute ... --format json`, a user puts --format last).
    let rules = asp(&[
        "rules",
        "show",
        "nouvelle-aquitaine-2026",
        "--format",
        "json",
    ])
    .json();
    assert_eq!(text(&rules, "share"), "0.5");
    let rates = asp(&["rates", "show", "2018-2020", "--format", "json"]).json();
    assert_eq!(text(&rates, "promotion"), "2018-2020");
}

#[test]
fn rates_list_names_each_version_with_its_file_and_line() {
    // asp-funding rates list (a table), and its JSON for scripts
    asp(&["rates", "list"]).assert_success();
    let listing = asp(&["rates", "list", "--format", "json"]).json();
    let iespe = listing["versions"]
        .as_array()
        .expect("versions")
        .iter()
        .find(|v| v["parameter"] == "IESPE")
        .expect("an IESPE version");
    assert_eq!(iespe["from"], "2023-07-01");
    assert_eq!(iespe["value"], "1010.00/month");
    assert_eq!(iespe["file"], "iespe/2023-07-01.toml:5");
    assert_eq!(iespe["sources"][0], "arrete-2022-07-08-annexe-v-2023");
}

#[test]
fn rates_show_2018_2020_has_the_overseas_annex() {
    // asp-funding rates --format json show 2018-2020
    let out = asp(&["rates", "--format", "json", "show", "2018-2020"]).json();
    let overseas = &out["by_type"]["overseas"];
    assert_eq!(overseas["total"], 50);
    assert_eq!(overseas["posts"]["ocean-indien"], 21);
    assert_eq!(overseas["within"]["mayotte"]["posts"], 15);
    assert_eq!(text(&overseas["within"]["mayotte"], "of"), "ocean-indien");
    assert_eq!(out["by_type"]["inter-hospital"]["total"], 250);
    assert_eq!(out["by_type"]["ambulatory"]["total"], 100);
}

// ---------------------------------------------------------------------------
// 8. CSV for a French-locale spreadsheet.
// ---------------------------------------------------------------------------

#[test]
fn excel_csv_has_bom_semicolons_and_decimal_commas() {
    // asp-funding compute --region nouvelle-aquitaine --format csv --excel
    let out = asp(&[
        "compute",
        "--region",
        "nouvelle-aquitaine",
        "--format",
        "csv",
        "--excel",
    ]);
    out.assert_success();
    assert!(
        out.stdout.starts_with("\u{feff}region;post_type;rule_set;"),
        "{:?}",
        &out.stdout[..out.stdout.len().min(80)]
    );
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(out.stdout.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers().expect("a header row").clone();
    let row = reader
        .records()
        .next()
        .expect("one row")
        .expect("a valid row");
    let field = |name: &str| {
        let i = headers.iter().position(|h| h == name).expect(name);
        row[i].to_string()
    };
    assert_eq!(field("ars_monthly"), "3249,79");
    assert_eq!(field("ars_total"), "77994,96");
    assert_eq!(field("loaded_monthly"), "6499,58");
    assert_eq!(field("share"), "0,5");
}

#[test]
fn plain_csv_uses_commas_and_decimal_points() {
    // asp-funding compute --region nouvelle-aquitaine --format csv
    let out = asp(&[
        "compute",
        "--region",
        "nouvelle-aquitaine",
        "--format",
        "csv",
    ]);
    out.assert_success();
    assert!(out.stdout.starts_with("region,post_type,rule_set,"));
    assert!(out.stdout.contains(",3249.79,"), "{}", out.stdout);
}

// ---------------------------------------------------------------------------
// 9. Snapshots of each output format (tests/snapshots/).
// ---------------------------------------------------------------------------

fn snapshot_output(args: &[&str]) -> String {
    let out: Output = asp(args);
    out.assert_success();
    out.stdout
}

// The compute table in English and French: tests/bilingual.rs.

#[test]
fn snapshot_nouvelle_aquitaine_csv() {
    insta::assert_snapshot!(snapshot_output(&[
        "compute",
        "--region",
        "nouvelle-aquitaine",
        "--format",
        "csv"
    ]));
}

#[test]
fn snapshot_nouvelle_aquitaine_json() {
    insta::assert_snapshot!(snapshot_output(&[
        "compute",
        "--region",
        "nouvelle-aquitaine",
        "--format",
        "json"
    ]));
}

#[test]
fn the_campaign_in_force_at_the_start_is_chosen_and_what_ifs_change_the_credit() {
    // A fictional 2027 campaign for Nouvelle-Aquitaine at 60 %, beside the real 2026 one at 50 %.
    let rates = RatesCopy::new();
    let na = rates.read("rules/nouvelle-aquitaine-2026.toml");
    let next = na
        .replace(
            "id = \"nouvelle-aquitaine-2026\"",
            "id = \"nouvelle-aquitaine-2027\"",
        )
        .replace("campaign = 2026", "campaign = 2027")
        .replace(
            "start_months = [\"2026-11\", \"2027-05\"]",
            "start_months = [\"2027-11\"]",
        )
        .replace("default_start = 2026-11-01", "default_start = 2027-11-01")
        .replace("published_credit = \"3249.79\"", "")
        .replace("share = \"0.5\"", "share = \"0.6\"");
    rates.write("rules/nouvelle-aquitaine-2027.toml", &next);
    let ars = |extra: &[&str]| {
        let mut args = vec![
            "--rates",
            rates.path().to_str().unwrap_or(""),
            "compute",
            "-r",
            "nouvelle-aquitaine",
        ];
        args.extend_from_slice(extra);
        args.extend(["--format", "json"]);
        let json = asp(&args).json();
        (
            text(&json, "rule_set").to_string(),
            text(&json, "ars_monthly").to_string(),
        )
    };
    // 6 499,5756 × 0,6 = 3 899,7454 → 3 899,75; × 0,5 = 3 249,79.
    assert_eq!(
        ars(&["--start", "2026-11-01"]),
        ("nouvelle-aquitaine-2026".into(), "3249.79".into())
    );
    assert_eq!(
        ars(&["--start", "2027-11-01"]),
        ("nouvelle-aquitaine-2027".into(), "3899.75".into())
    );
    assert_eq!(
        ars(&[]),
        ("nouvelle-aquitaine-2027".into(), "3899.75".into())
    );
    assert_eq!(
        ars(&["--start", "2027-11-01", "--campaign", "2026"]),
        ("nouvelle-aquitaine-2026".into(), "3249.79".into())
    );
    // What-ifs of the rule set change the credit: charges at 40 %: 4 513,594166… × 1,40 × 0,5
    // = 3 159,5159 → 3 159,52; without the charges: 4 513,594166… × 0,5 = 2 256,797… → 2 256,80.
    let charges = asp(&[
        "compute",
        "-r",
        "nouvelle-aquitaine",
        "--charges",
        "40%",
        "--format",
        "json",
    ])
    .json();
    assert_eq!(text(&charges, "ars_monthly"), "3159.52");
    let include = asp(&[
        "compute",
        "-r",
        "nouvelle-aquitaine",
        "--include",
        "salary,iespe,pet",
        "--format",
        "json",
    ])
    .json();
    assert_eq!(text(&include, "ars_monthly"), "2256.80");
}

#[test]
fn rules_list_in_the_excel_dialect_keeps_numbers_numbers() {
    let out = asp(&["rules", "list", "--format", "csv", "--excel"]);
    out.assert_success();
    let na = out
        .stdout
        .lines()
        .find(|l| l.starts_with("nouvelle-aquitaine-2026;"))
        .unwrap_or_else(|| panic!("{}", out.stdout));
    // share 0.5 with a decimal comma; campaign and default months as whole numbers.
    assert_eq!(
        na,
        "nouvelle-aquitaine-2026;nouvelle-aquitaine;inter-hospital;2026;0,5;salary,iespe,pet,charges;12,24;24;ars-na-2026"
    );
}

#[test]
fn pet_reasons_and_the_edges_of_a_working_pattern() {
    // Arrêté du 14 mars 2017 as restated by source 004: 2 half-days on 1 site is the tier « plus d'1
    // demi-journée à 3 demi-journées incluses », 450 € a month; the site must be 20 km away at least.
    let pet = |args: &[&str]| {
        let mut all = vec!["pet"];
        all.extend_from_slice(args);
        all.extend(["--format", "json"]);
        asp(&all)
    };
    let json = pet(&["--half-days", "2", "--sites", "1", "--distance-km", "25"]).json();
    assert_eq!(json["amount"], "450.00");
    assert_eq!(
        json["tier"],
        "more than 1 half-day up to 3 half-days included"
    );
    assert_eq!(
        json["reason"],
        "2 half-days a week outside the main site, on 1 site: tier « more than 1 half-day up to 3 half-days included », 450.00 a month."
    );
    // Exactly 20 km is not under 20 km: paid without a derogation, and no derogation is mentioned.
    let at_20 = pet(&["--half-days", "2", "--sites", "1", "--distance-km", "20"]).json();
    assert_eq!(at_20["amount"], "450.00");
    assert!(!at_20["reason"]
        .as_str()
        .unwrap_or("")
        .contains("derogation"));
    // 15 km with the derogation: paid, and the reason says why.
    let derogation = pet(&[
        "--half-days",
        "2",
        "--sites",
        "1",
        "--distance-km",
        "15",
        "--pet-derogation",
    ])
    .json();
    assert!(derogation["reason"]
        .as_str()
        .unwrap_or("")
        .ends_with("The shared site is 15 km away, under 20 km, and the PET is paid by the ARS director general's derogation."));
    // The edges of what a week holds: 14 half-days and 14 sites are possible, 15 are not; no
    // half-day outside needs no site.
    assert_eq!(
        pet(&["--half-days", "14", "--sites", "1", "--distance-km", "30"]).code,
        0
    );
    assert_eq!(
        pet(&["--half-days", "14", "--sites", "14", "--distance-km", "30"]).code,
        0
    );
    assert_eq!(
        pet(&["--half-days", "15", "--sites", "1", "--distance-km", "30"]).code,
        2
    );
    assert_eq!(
        pet(&["--half-days", "4", "--sites", "15", "--distance-km", "30"]).code,
        2
    );
    let none = pet(&["--half-days", "0", "--sites", "0"]);
    assert_eq!(none.code, 0, "{}", none.stderr);
    assert_eq!(none.json()["amount"], "0.00");
}

#[test]
fn check_speaks_french_when_asked() {
    // 77 994,72 notified against 77 994,96: the verdict, the figures and the table in French.
    let out = asp(&[
        "check",
        "-r",
        "nouvelle-aquitaine",
        "--notified",
        "77 994,72",
        "--lang",
        "fr",
    ]);
    assert_eq!(out.code, 1);
    // French typography: no-break spaces between digit groups and before `:` and `€`.
    assert!(
        out.stdout
            .contains("ÉCART\u{a0}: notifié 77\u{a0}994,72\u{a0}€, calculé 77\u{a0}994,96\u{a0}€"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("Autre calcul essayé"));
    assert!(!out.stdout.contains("MISMATCH") && !out.stdout.contains("Compared as"));
}

#[test]
fn rules_show_holds_everything_a_rule_set_holds() {
    // Source 003 (Nouvelle-Aquitaine): section 6's published credit and recovery clause, section
    // 2's « binôme ou trinôme », section 7's calendar; its own conditions.
    let na = asp(&["rules", "show", "nouvelle-aquitaine", "--format", "json"]).json();
    assert_eq!(na["published_credit"], "3249.79");
    assert_eq!(
        na["early_leave"]["reasons"],
        serde_json::json!(["chef-de-clinique"])
    );
    assert_eq!(na["early_leave"]["recovery"], "discretionary");
    assert_eq!(na["early_leave"]["other_reasons"], "not-stated");
    let conditions: Vec<&str> = na["conditions"]
        .as_array()
        .expect("conditions")
        .iter()
        .map(|c| c["id"].as_str().expect("id"))
        .collect();
    assert_eq!(
        conditions,
        [
            "peripheral-time",
            "two-or-three-establishments",
            "public-recruiter"
        ]
    );
    let information = na["information"].to_string();
    for quote in [
        "binôme ou trinôme",
        "au plus tard le 17 mai 2026",
        "commission de sélection qui aura lieu courant juin 2026",
        "L'ARS notifie les crédits à l'établissement recruteur",
    ] {
        assert!(information.contains(quote), "{quote}: {information}");
    }
    // Source 004 (Centre-Val de Loire): no recovery clause, the postponed-start rule, the
    // operating costs borne by both structures, the period from the arrêté of 5 February 2022.
    let cvl = asp(&["rules", "show", "centre-val-de-loire", "--format", "json"]).json();
    assert_eq!(cvl["published_credit"], "3772.16");
    assert_eq!(cvl["early_leave"]["recovery"], "not-stated");
    assert_eq!(cvl["period"]["from"], "2022-02-05");
    let information = cvl["information"].to_string();
    assert!(information.contains("à défaut, il n'y aura pas de financement"));
    assert!(information.contains("Prise en charge par les deux structures des coûts financiers"));
    assert!(cvl["charges"]
        .as_str()
        .expect("charges")
        .starts_with("not stated by the notice"));
    // The table says the same for people, in French with French amounts.
    let table = asp(&["rules", "show", "centre-val-de-loire", "--lang", "fr"]).stdout;
    let table = table.replace(['\u{a0}', '\u{202f}'], " ");
    for words in [
        "3 772,16 € par mois, tel que le cahier des charges le publie",
        "le cahier des charges n'en dit rien",
        "Ce que dit aussi le cahier des charges (pour information, sans calcul) :",
        "non précisées par le cahier des charges",
    ] {
        assert!(table.contains(words), "{words}:\n{table}");
    }
}

#[test]
fn a_start_before_the_period_a_notice_covers_is_a_warning_naming_its_date() {
    // Source 004 cites « arrêté du 05/02/2022 »: a contract starting on 1 January 2019 is priced
    // at the notice's amounts (3 772,16), with a warning naming that day.
    let json = asp(&[
        "compute",
        "-r",
        "centre-val-de-loire",
        "--start",
        "2019-01-01",
        "--format",
        "json",
    ])
    .json();
    assert_eq!(json["ars_monthly"], "3772.16");
    let warnings = json["warnings"].to_string();
    assert!(
        warnings.contains("is before the period the rule set's notice covers, from 2022-02-05")
            && warnings.contains("arrêté of 5 February 2022"),
        "{warnings}"
    );
    let inside = asp(&[
        "compute",
        "-r",
        "centre-val-de-loire",
        "--start",
        "2026-12-01",
        "--format",
        "json",
    ])
    .json();
    assert!(!inside["warnings"].to_string().contains("before the period"));
}

#[test]
fn the_actual_cost_names_the_charge_rate_it_used() {
    // --actual-charges prices the post's cost; --charges moves the credit only: each line says
    // which rate it used.
    let own = asp(&[
        "compute",
        "-r",
        "nouvelle-aquitaine",
        "--actual-charges",
        "42%",
        "--format",
        "json",
    ])
    .json();
    let how = own["explain"]["actual_loaded_monthly"]["how"].to_string();
    assert!(
        how.contains("charges at the rate given (--actual-charges)"),
        "{how}"
    );
    let credit = asp(&[
        "compute",
        "-r",
        "nouvelle-aquitaine",
        "--charges",
        "42%",
        "--format",
        "json",
    ])
    .json();
    let how = credit["explain"]["actual_loaded_monthly"]["how"].to_string();
    assert!(
        how.contains("charges at the reference rate from 2026-01-01"),
        "{how}"
    );
}
