//! `check` reads any notification: an amount that is a whole number of monthly credits is that
//! many months, a calendar year's tranche is compared with `--per year --year`, and the verdict
//! says its direction, its effect over the contract and the notice's own figure. Every expected
//! figure is computed by hand from the documents and written next to its assertion:
//! Nouvelle-Aquitaine (source 003, section 6) credits 3 249,79 a month, for 12 or 24 months
//! (section 4), from 1 November 2026 by default; Centre-Val de Loire (source 004, section 3)
//! 2 762,16 + 1 010 = 3 772,16.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // a test may stop on what it does not expect

mod util;

use serde_json::Value;
use util::{asp, asp_with_stdin};

/// `asp-funding check ARGS --format json`: its exit status and its JSON.
fn check_json(args: &[&str]) -> (i32, Value) {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    all.extend(["--format", "json"]);
    let out = asp(&all);
    let json = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", out.stdout, out.stderr));
    (out.code, json)
}

/// `asp-funding check ARGS` as a table: its exit status and its text.
fn check_text(args: &[&str]) -> (i32, String) {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    // Laid out wide, so that a sentence is on one line (tests/terminal.rs checks the wrapping).
    let out = util::TestCommand::new()
        .env("COLUMNS", "1000")
        .args(&all)
        .run();
    (out.code, out.stdout)
}

/// The ids and words of the derivations that reproduce the notified amount, in order.
fn found(json: &Value) -> Vec<(String, String)> {
    json["derivations"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter(|d| d["matches"] == true)
        .map(|d| {
            (
                d["id"].as_str().unwrap_or("").to_string(),
                d["derivation"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

const NA: [&str; 2] = ["-r", "nouvelle-aquitaine"];

#[test]
fn twelve_monthly_credits_against_a_24_month_contract_name_the_12_month_contract() {
    // 12 × 3 249,79 = 38 997,48; the 24-month contract is 24 × 3 249,79 = 77 994,96; the gap,
    // 38 997,48 − 77 994,96 = −38 997,48, is 12 months of the monthly credit.
    let args = [&NA[..], &["--months", "24", "--notified", "38 997,48"]].concat();
    let (code, json) = check_json(&args);
    assert_eq!(code, 1);
    assert_eq!(json["per"], "contract");
    assert_eq!(json["notified_months"], 12);
    assert_eq!(json["expected"], "77994.96");
    assert_eq!(json["gap"], "-38997.48");
    let found = found(&json);
    assert_eq!(
        found[0],
        (
            "months".to_string(),
            "the 12-month contract: 12 months of 3,249.79 instead of 24".to_string()
        ),
        "{found:?}"
    );
    // From 1 November 2026, 2027 is 12 whole months: its tranche is the same 38 997,48.
    assert!(found.contains(&(
        "budget-year".to_string(),
        "the 2027 tranche of the credit (12 months)".to_string()
    )));
    let (_, text) = check_text(&args);
    assert!(
        text.starts_with("MISMATCH: the ARS notified 38,997.48 less than the computed credit (38,997.48 instead of 77,994.96, the credit for the 24-month contract): 12 months of the monthly credit;")
            && text.contains("MISMATCH: notified 38,997.48, computed 77,994.96 as the credit for the 24-month contract: 12 months of 3,249.79 instead of 24.\n"),
        "{text}"
    );
    // Not compared with the monthly credit: 38 997,48 − 3 249,79 = 35 747,69, « 11 mois ».
    assert!(!text.contains("35,747.69"), "{text}");
    let (_, fr) = check_text(&[&args[..], &["--lang", "fr"]].concat());
    assert!(
        fr.starts_with("ÉCART\u{a0}: l'ARS a notifié 38\u{a0}997,48\u{a0}€ de moins que le crédit calculé (38\u{a0}997,48\u{a0}€ au lieu de 77\u{a0}994,96\u{a0}€, le crédit du contrat de 24 mois)\u{a0}: 12 mois du crédit mensuel")
            && fr.contains("12 mois de 3\u{a0}249,79\u{a0}€ au lieu de 24.\n"),
        "{fr}"
    );
    assert!(
        fr.contains("  - le contrat de 12 mois\u{a0}: 12 mois de 3\u{a0}249,79\u{a0}€ au lieu de 24 (38\u{a0}997,48\u{a0}€)"),
        "{fr}"
    );
}

#[test]
fn a_contract_amount_a_cent_off_is_read_as_its_length_a_cent_off() {
    // No length given: 38 997,47 is 12 × 3 249,79 − 0,01, the 12-month contract one cent short,
    // not the default 24 months (38 997,47 − 77 994,96).
    for per in [None, Some("contract")] {
        let mut args = [&NA[..], &["--notified", "38997.47"]].concat();
        args.extend(per.map(|p| ["--per", p]).into_iter().flatten());
        let (code, json) = check_json(&args);
        assert_eq!(code, 1, "{per:?}");
        assert_eq!(json["months_inferred"], true);
        assert_eq!(json["computation"]["months"], 12);
        assert_eq!(json["expected"], "38997.48");
        assert_eq!(json["gap"], "-0.01");
    }
    let (_, text) = check_text(&[&NA[..], &["--notified", "38997.47"]].concat());
    assert!(
        text.starts_with("MISMATCH: the ARS notified 0.01 less than the computed credit (38,997.47 instead of 38,997.48, the credit for the 12-month contract); the notice publishes 3,249.79 a month")
            && text.contains("MISMATCH: notified 38,997.47, computed 38,997.48 as the credit for the 12-month contract.\n"),
        "{text}"
    );
    // 24 × 3 249,78 = 77 994,72 is still 24 months, a cent a month less (0,24).
    let (_, json) = check_json(&[&NA[..], &["--notified", "77994.72"]].concat());
    assert_eq!(json["per"], "contract");
    assert_eq!(json["notified_months"], 24);
    assert_eq!(json["gap"], "-0.24");
}

#[test]
fn a_custom_regions_12_month_total_is_not_a_monthly_figure() {
    // Bretagne has no rule set: at 50 %, (33 643,13 / 12 + 1 010 + 0) × 1,44 = 5 491,5756,
    // × 0,5 = 2 745,7878 → 2 745,79 a month (no working pattern: no PET); 12 months: 32 949,48.
    let custom = [
        "-r",
        "bretagne",
        "--post-type",
        "inter-hospital",
        "--share",
        "50%",
    ];
    let (code, json) = check_json(&[&custom[..], &["--notified", "32 949,48"]].concat());
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["months_inferred"], true);
    assert_eq!(json["computation"]["months"], 12);
    assert_eq!(json["per"], "contract");
    // One cent less: the 12-month contract one cent off.
    let (code, json) = check_json(&[&custom[..], &["--notified", "32949.47"]].concat());
    assert_eq!(code, 1);
    assert_eq!(json["computation"]["months"], 12);
    assert_eq!(json["gap"], "-0.01");
    // With 24 months given: 12 months instead of 24, 24 × 2 745,79 = 65 898,96 computed.
    let (code, json) =
        check_json(&[&custom[..], &["--months", "24", "--notified", "32949.48"]].concat());
    assert_eq!(code, 1);
    assert_eq!(json["expected"], "65898.96");
    assert_eq!(json["notified_months"], 12);
    assert_eq!(found(&json)[0].0, "months");
}

#[test]
fn an_amount_that_is_no_whole_number_of_months_is_compared_with_the_nearer_figure() {
    // 40 000 / 3 249,79 = 12,308…: nearer the month (36 750,21 away) than the contract
    // (37 994,96 away).
    let (_, json) = check_json(&[&NA[..], &["--notified", "40000"]].concat());
    assert_eq!(json["per"], "month");
    assert_eq!(json["notified_months"], Value::Null);
}

#[test]
fn per_year_compares_with_the_calendar_years_tranche() {
    // From 1 November 2026: 2026 is November and December, 2 × 3 249,79 = 6 499,58; 2027 is 12
    // months, 38 997,48; 2028 January to October, 10 × 3 249,79 = 32 497,90.
    for (year, notified) in [
        ("2026", "6499,58"),
        ("2027", "38 997,48"),
        ("2028", "32497.90"),
    ] {
        let args = [
            &NA[..],
            &["--notified", notified, "--per", "year", "--year", year],
        ]
        .concat();
        let (code, json) = check_json(&args);
        assert_eq!(code, 0, "{year}: {json}");
        assert_eq!(json["per"], "year");
        assert_eq!(json["year"], year.parse::<i64>().unwrap());
        assert_eq!(json["gap"], "0.00");
    }
    let (code, text) = check_text(
        &[
            &NA[..],
            &["--notified", "6499,58", "--per", "year", "--year", "2026"],
        ]
        .concat(),
    );
    assert_eq!(code, 0);
    assert!(
        text.contains(
            "MATCH: notified 6,499.58, computed 6,499.58 as the 2026 tranche of the credit (2 months)."
        ),
        "{text}"
    );
    // A year alone means --per year; French values of --per too.
    let (code, _) = check_json(&[&NA[..], &["--notified", "6499.58", "--year", "2026"]].concat());
    assert_eq!(code, 0);
    let (code, _) = check_json(
        &[
            &NA[..],
            &["--notified", "6499.58", "--per", "année", "--year", "2026"],
        ]
        .concat(),
    );
    assert_eq!(code, 0);
    // From 15 November 2026, 2026 counts 16/30 of November: 3 249,79 × 16 / 30 = 1 733,2213 →
    // 1 733,22, and December, 3 249,79: 4 983,01.
    let (code, text) = check_text(
        &[
            &NA[..],
            &[
                "--start",
                "2026-11-15",
                "--notified",
                "4983.01",
                "--year",
                "2026",
            ],
        ]
        .concat(),
    );
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("as the 2026 tranche of the credit (2026-11-15 to 2026-12-31)."),
        "{text}"
    );
    // A tranche a cent a month short: 6 499,58 − 6 499,56 = 0,02 over 2 months, 0,01 a month,
    // 24 × 0,01 = 0,24 over the contract.
    let (code, text) =
        check_text(&[&NA[..], &["--notified", "6499.56", "--year", "2026"]].concat());
    assert_eq!(code, 1);
    assert!(
        text.contains("the ARS notified 0.02 less than the computed credit (6,499.56 instead of 6,499.58, the 2026 tranche of the credit (2 months)), 0.01 a month over its 2 months; over the 24-month contract, 24 × 0.01 = 0.24 less;"),
        "{text}"
    );
}

#[test]
fn per_year_needs_a_year_the_contract_covers() {
    let run = |extra: &[&str]| {
        let mut args = vec!["check", "-r", "nouvelle-aquitaine", "--notified", "6499.58"];
        args.extend_from_slice(extra);
        asp(&args)
    };
    let out = run(&["--per", "year"]);
    assert_eq!(out.code, 2);
    out.assert_stderr_contains(
        "--year: give the calendar year whose tranche of the credit was notified",
    );
    let out = run(&["--per", "year", "--lang", "fr"]);
    assert_eq!(out.code, 2);
    out.assert_stderr_contains("--year\u{a0}: donnez l'année civile");
    // The contract runs from 1 November 2026 to 31 October 2028.
    let out = run(&["--per", "year", "--year", "2030"]);
    assert_eq!(out.code, 2);
    out.assert_stderr_contains(
        "--year: the contract does not run in 2030: it covers 2026, 2027 and 2028",
    );
    let out = run(&["--per", "month", "--year", "2026"]);
    assert_eq!(out.code, 2);
    out.assert_stderr_contains("--year: a year goes with --per year (");
    let out = run(&["--year", "MMXXVI"]);
    assert_eq!(out.code, 2);
    out.assert_stderr_contains("--year:");
}

#[test]
fn a_budget_years_tranche_is_named_first() {
    // 6 499,58 = 2 × 3 249,79: the 2026 tranche of a contract from 1 November 2026, before any
    // coincidence (a 100 % share of one month would also give 6 499,5756 → 6 499,58).
    let (code, json) = check_json(&[&NA[..], &["--notified", "6499,58"]].concat());
    assert_eq!(code, 1);
    assert_eq!(json["notified_months"], 2);
    let found = found(&json);
    assert_eq!(
        found[0],
        (
            "budget-year".to_string(),
            "the 2026 tranche of the credit (2 months)".to_string()
        ),
        "{found:?}"
    );
    let (_, fr) = check_text(&[&NA[..], &["--notified", "6499,58", "--lang", "fr"]].concat());
    assert!(
        fr.contains("avec\u{a0}:\n  - la tranche 2026 du crédit (2 mois) (6\u{a0}499,58\u{a0}€)\n"),
        "{fr}"
    );
    // Said to be monthly, the coincidence is listed too, after the tranche (and two months of
    // the credit instead of one, listed last).
    let (_, json) = check_json(&[&NA[..], &["--notified", "6499,58", "--per", "month"]].concat());
    let found: Vec<String> = self::found(&json).into_iter().map(|f| f.1).collect();
    assert_eq!(
        found,
        [
            "the 2026 tranche of the credit (2 months)",
            "a share of 100 % instead of 50 %",
            "2 months of 3,249.79 instead of 1"
        ]
    );
}

#[test]
fn the_verdict_says_its_direction_and_its_effect_over_the_contract() {
    // 3 249,79 − 3 249,55 = 0,24 a month less; over 24 months, 24 × 0,24 = 5,76.
    let (code, text) = check_text(&[&NA[..], &["--notified", "3249.55"]].concat());
    assert_eq!(code, 1);
    assert!(
        text.starts_with("MISMATCH: the ARS notified 0.24 less than the computed credit (3,249.55 instead of 3,249.79, the monthly credit); over the 24-month contract, 24 × 0.24 = 5.76 less;")
            && text.contains("MISMATCH: notified 3,249.55, computed 3,249.79 as the monthly credit.\n"),
        "{text}"
    );
    // The notice's own figure, with its source (source 003, section 6: « 3 249,79 € par mois »).
    assert!(
        text.contains("; the notice publishes 3,249.79 a month (ARS Nouvelle-Aquitaine, Postes d'assistants spécialistes"),
        "{text}"
    );
    let (_, fr) = check_text(&[&NA[..], &["--notified", "3249.55", "--lang", "fr"]].concat());
    assert!(
        fr.contains("l'ARS a notifié 0,24\u{a0}€ de moins que le crédit calculé (3\u{a0}249,55\u{a0}€ au lieu de 3\u{a0}249,79\u{a0}€, le crédit mensuel)\u{a0}; sur le contrat de 24 mois, 24 × 0,24\u{a0}€ = 5,76\u{a0}€ de moins\u{a0};"),
        "{fr}"
    );
    // More: 3 250 − 3 249,79 = 0,21.
    let (_, text) = check_text(&[&NA[..], &["--notified", "3250"]].concat());
    assert!(
        text.contains("the ARS notified 0.21 more than the computed credit"),
        "{text}"
    );
    // No fraction of a month anywhere in the words: 0,24 / 3 249,79 = 0,00007… months.
    assert!(!text.contains("months' worth"), "{text}");
}

#[test]
fn a_figure_rounded_to_the_euro_says_so() {
    // 3 249,79 to the nearest euro: 3 250 (0,79 rounds up).
    let (_, json) = check_json(&[&NA[..], &["--notified", "3250"]].concat());
    assert_eq!(json["per"], "month");
    assert_eq!(
        found(&json),
        [(
            "rounded-to-euro".to_string(),
            "the credit rounded to the nearest euro".to_string()
        )]
    );
    // The contract's 77 994,96 to the nearest euro: 77 995; the monthly credit rounded first,
    // 24 × 3 250 = 78 000.
    let (_, json) = check_json(&[&NA[..], &["--notified", "77995", "--per", "contract"]].concat());
    assert_eq!(found(&json)[0].0, "rounded-to-euro");
    let (_, json) = check_json(&[&NA[..], &["--notified", "78000", "--per", "contract"]].concat());
    assert_eq!(
        found(&json),
        [(
            "monthly-rounded-to-euro".to_string(),
            "the monthly credit rounded to the nearest euro, × 24 months".to_string()
        )]
    );
}

#[test]
fn derivation_ids_are_in_csv_beside_their_words() {
    // 77 994,72 = 24 × 3 249,78: rounding toward zero, or the base or the gross rounded first
    // ((2 803,59 + 1 710) × 1,44 × 0,5 = 3 249,7848 → 3 249,78).
    let out = asp(&[
        "check",
        "-r",
        "nouvelle-aquitaine",
        "--notified",
        "77994.72",
        "-f",
        "csv",
    ]);
    assert_eq!(out.code, 1);
    let mut reader = csv::Reader::from_reader(out.stdout.as_bytes());
    let header = reader.headers().expect("a header").clone();
    let row = reader.records().next().expect("a row").expect("a record");
    let cell = |key: &str| {
        let i = header
            .iter()
            .position(|h| h == key)
            .unwrap_or_else(|| panic!("{key}"));
        row.get(i).unwrap_or("").to_string()
    };
    assert_eq!(
        cell("explained_by_ids"),
        "rounding-toward-zero | base-rounded-first | gross-rounded-first"
    );
    assert_eq!(
        cell("explained_by"),
        "rounding toward zero (cents dropped) | monthly base salary rounded to the cent before the charges | monthly gross rounded to the cent before the charges"
    );
    assert_eq!(cell("notified_months"), "24");
    assert_eq!(cell("year"), "");
}

#[test]
fn batch_rows_are_checked_per_year_too() {
    // The 2026 tranche, 6 499,58; 2027's, 38 997,48 (a `year` alone means per year); a row
    // without its year, and one outside the contract, are errors naming the column.
    let csv = "id,region,notified,per,year\n\
               A,nouvelle-aquitaine,6499.58,year,2026\n\
               B,nouvelle-aquitaine,38997.48,,2027\n\
               C,nouvelle-aquitaine,6499.58,année,\n\
               D,nouvelle-aquitaine,6499.58,year,2031\n";
    let out = asp_with_stdin(
        &[
            "batch",
            "-",
            "-f",
            "csv",
            "--columns",
            "id,notified,per,year,expected,gap,check_status,status,error",
        ],
        csv,
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines[1], "A,6499.58,year,2026,6499.58,0.00,match,ok,");
    assert_eq!(lines[2], "B,38997.48,year,2027,38997.48,0.00,match,ok,");
    // A row in error keeps the cells it was given (issue 15).
    assert!(
        lines[3].starts_with("C,6499.58,année,,,,,error,column `year`: give the calendar year"),
        "{}",
        lines[3]
    );
    assert!(
        lines[4].contains(
            "column `year`: the contract does not run in 2031: it covers 2026, 2027 and 2028"
        ),
        "{}",
        lines[4]
    );
    // French headers: `annee` is the year, `par` the per.
    let csv = "id,region,notifie,par,annee\nA,nouvelle-aquitaine,6499.58,année,\n";
    let out = asp_with_stdin(&["batch", "-", "-f", "csv", "--lang", "fr"], csv);
    assert_eq!(out.code, 1);
    out.assert_stderr_contains("colonne `annee`");
}

#[test]
fn every_derivation_id_is_documented_in_the_readme() {
    let readme = include_str!("../README.md");
    let mut seen = std::collections::BTreeSet::new();
    for id in asp_funding::check::Tried::IDS {
        assert!(seen.insert(id), "{id} twice");
        assert!(
            id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{id} is not kebab-case"
        );
        assert!(
            readme.contains(&format!("`{id}`")),
            "{id} is not in the README"
        );
    }
}
