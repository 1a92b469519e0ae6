//! Contracts on real dates: the month-by-month schedule in thirtieths, a grid
//! revaluation during a contract, leaving early, and `check` of a notified credit.
//! Every expected figure is computed by hand from the ARS Nouvelle-Aquitaine 2026
//! table (3 249,79 a month; loaded cost 6 499,58) and written next to its assertion.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // a test may stop on what it does not expect

mod util;

use serde_json::Value;
use util::{asp, RatesCopy, TestCommand};

const REVALUATION: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/revaluation");

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} is not a string in {v}"))
}

fn schedule(json: &Value) -> &Vec<Value> {
    json["schedule"].as_array().expect("a schedule array")
}

#[test]
fn a_contract_from_the_15th_is_prorated_in_thirtieths() {
    // asp-funding compute --region nouvelle-aquitaine --start 2026-11-15 --schedule --format json
    let json = asp(&[
        "compute",
        "-r",
        "nouvelle-aquitaine",
        "--start",
        "2026-11-15",
        "--schedule",
        "--format",
        "json",
    ])
    .json();
    assert_eq!(s(&json, "end"), "2028-11-14");
    assert_eq!(json["months"], 24);
    let rows = schedule(&json);
    assert_eq!(
        rows.len(),
        25,
        "24 months from the 15th touch 25 calendar months"
    );
    // 16 days (15th to 30th) of 30: 3 249,79 × 16 / 30 = 1 733,2213 → 1 733,22
    assert_eq!(s(&rows[0], "month"), "2026-11");
    assert_eq!(s(&rows[0], "from"), "2026-11-15");
    assert_eq!(s(&rows[0], "to"), "2026-11-30");
    assert_eq!(rows[0]["days"], 16);
    assert_eq!(s(&rows[0], "ars"), "1733.22");
    // Whole months: the monthly credit.
    assert_eq!(s(&rows[1], "ars"), "3249.79");
    assert_eq!(rows[1]["days"], 30);
    // 14 days (1st to 14th): 3 249,79 × 14 / 30 = 1 516,5687 → 1 516,57
    assert_eq!(s(&rows[24], "month"), "2028-11");
    assert_eq!(s(&rows[24], "to"), "2028-11-14");
    assert_eq!(rows[24]["days"], 14);
    assert_eq!(s(&rows[24], "ars"), "1516.57");
    // 1 733,22 + 23 × 3 249,79 + 1 516,57 = 77 994,96
    assert_eq!(s(&json, "ars_total"), "77994.96");
}

#[test]
fn halves_of_a_month_round_so_that_the_contract_is_24_monthly_credits() {
    // From the 16th: 15/30 × 3 249,79 = 1 624,895 → 1 624,90 for November 2026; the running total after
    // 23 months and a half is 76 370,065 → 76 370,07, so November 2028 is 77 994,96 − 76 370,07 = 1 624,89.
    let json = asp(&[
        "compute",
        "-r",
        "nouvelle-aquitaine",
        "--start",
        "2026-11-16",
        "--schedule",
        "--format",
        "json",
    ])
    .json();
    let rows = schedule(&json);
    assert_eq!(s(&rows[0], "ars"), "1624.90");
    assert_eq!(s(&rows[1], "ars"), "3249.79");
    assert_eq!(s(&rows[24], "ars"), "1624.89");
    assert_eq!(s(&json, "ars_total"), "77994.96");
}

#[test]
fn a_contract_ending_in_february_counts_exactly_its_months() {
    // 12 months from 29 February 2028 end on 28 February 2029: the 29th alone counts 2/30, so February 2029
    // counts 28/30 (not 30/30) and the contract 12 months: 12 × 3 249,79 = 38 997,48.
    let json = asp(&[
        "compute",
        "-r",
        "bretagne",
        "-t",
        "inter-hospital",
        "--share",
        "50%",
        "--pet-amount",
        "700",
        "--start",
        "2028-02-29",
        "--months",
        "12",
        "--schedule",
        "--format",
        "json",
    ])
    .json();
    let rows = schedule(&json);
    assert_eq!(s(&json, "end"), "2029-02-28");
    assert_eq!(rows[0]["days"], 2);
    assert_eq!(rows[12]["days"], 28);
    assert_eq!(s(&json, "ars_total"), "38997.48");
}

#[test]
fn the_schedule_as_csv_has_one_row_per_month() {
    let out = asp(&[
        "compute",
        "-r",
        "nouvelle-aquitaine",
        "--start",
        "2026-11-15",
        "--schedule",
        "--format",
        "csv",
    ]);
    out.assert_success();
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines[0], "region,rule_set,month,from,to,days,days_in_month,ars,establishment,full_cost,loaded_monthly");
    assert_eq!(lines.len(), 26);
    // The full cost is prorated the same way: 6 499,58 × 16 / 30 = 3 466,4427 → 3 466,44; 3 466,44 − 1 733,22 = 1 733,22
    assert_eq!(lines[1], "nouvelle-aquitaine,nouvelle-aquitaine-2026,2026-11,2026-11-15,2026-11-30,16,30,1733.22,1733.22,3466.44,6499.58");
}

#[test]
fn the_schedule_table_ends_with_a_total_row() {
    let out = asp(&[
        "compute",
        "-r",
        "nouvelle-aquitaine",
        "--start",
        "2026-11-15",
        "--schedule",
    ]);
    out.assert_success();
    let total = out
        .stdout
        .lines()
        .find(|l| l.contains("Total"))
        .expect("a total row");
    assert!(total.contains("77,994.96"), "{total}");
}

#[test]
fn an_end_date_gives_the_same_contract_as_its_months() {
    let by_end = asp(&[
        "compute",
        "-r",
        "nouvelle-aquitaine",
        "--start",
        "2026-11-15",
        "--end",
        "2028-11-14",
        "--format",
        "json",
    ])
    .json();
    assert_eq!(by_end["months"], 24);
    assert_eq!(by_end["extra_days"], 0);
    assert_eq!(s(&by_end, "ars_total"), "77994.96");
}

#[test]
fn leaving_early_refunds_the_months_not_served() {
    // Started 2026-11-01, left on 2027-06-30: 8 months served, 16 to refund: 16 × 3 249,79 = 51 996,64
    let json = asp(&[
        "compute",
        "-r",
        "nouvelle-aquitaine",
        "--start",
        "2026-11-01",
        "--left-on",
        "2027-06-30",
        "--format",
        "json",
    ])
    .json();
    assert_eq!(s(&json, "left_on"), "2027-06-30");
    assert_eq!(s(&json, "ars_due"), "25998.32"); // 8 × 3 249,79
    assert_eq!(s(&json, "not_served"), "51996.64");
    assert_eq!(s(&json, "ars_total"), "77994.96");
}

#[test]
fn leaving_mid_month_splits_that_month_in_thirtieths() {
    // Left on 2027-01-10: November and December whole, 10/30 of January.
    // 3 249,79 × 10 / 30 = 1 083,2633 → 1 083,26; due 2 × 3 249,79 + 1 083,26 = 7 582,84; refund 77 994,96 − 7 582,84 = 70 412,12
    let json = asp(&[
        "compute",
        "-r",
        "nouvelle-aquitaine",
        "--left-on",
        "2027-01-10",
        "--schedule",
        "--format",
        "json",
    ])
    .json();
    assert_eq!(s(&json, "ars_due"), "7582.84");
    assert_eq!(s(&json, "not_served"), "70412.12");
    let january = &schedule(&json)[2];
    assert_eq!(january["served_days"], 10);
    assert_eq!(s(january, "ars_due"), "1083.26");
    assert_eq!(s(january, "not_served"), "2166.53"); // 3 249,79 − 1 083,26
}

#[test]
fn leaving_on_the_last_day_refunds_nothing() {
    let json = asp(&[
        "compute",
        "-r",
        "nouvelle-aquitaine",
        "--left-on",
        "2028-10-31",
        "--format",
        "json",
    ])
    .json();
    assert_eq!(s(&json, "not_served"), "0.00");
    assert_eq!(s(&json, "ars_due"), "77994.96");
}

#[test]
fn the_credit_stays_as_notified_when_the_grid_is_revalued() {
    // Fixture: a fictional grid from 2027-07-01 at 36 000,00 a year (3 000,00 a month).
    // From July 2027 the loaded cost is (3 000 + 1 010 + 700) × 1,44 = 6 782,40; the credit stays 3 249,79,
    // so the establishment pays 6 782,40 − 3 249,79 = 3 532,61 a month instead of 3 249,79.
    let json = TestCommand::new()
        .args([
            "--rates",
            REVALUATION,
            "compute",
            "-r",
            "nouvelle-aquitaine",
            "--schedule",
            "--format",
            "json",
        ])
        .run()
        .json();
    let rows = schedule(&json);
    let june = &rows[7];
    let july = &rows[8];
    assert_eq!(s(june, "month"), "2027-06");
    assert_eq!(
        (
            s(june, "ars"),
            s(june, "establishment"),
            s(june, "full_cost")
        ),
        ("3249.79", "3249.79", "6499.58")
    );
    assert_eq!(s(july, "month"), "2027-07");
    assert_eq!(
        (
            s(july, "ars"),
            s(july, "establishment"),
            s(july, "full_cost")
        ),
        ("3249.79", "3532.61", "6782.40")
    );
    // Totals: ARS 24 × 3 249,79 = 77 994,96; full cost 8 × 6 499,58 + 16 × 6 782,40 = 51 996,64 + 108 518,40 = 160 515,04
    assert_eq!(s(&json, "ars_total"), "77994.96");
    assert_eq!(s(&json, "full_cost_total"), "160515.04");
    assert_eq!(s(&json, "establishment_total"), "82520.08");
}

#[test]
fn a_rule_set_may_make_the_credit_follow_the_grid() {
    let rates = RatesCopy::of(std::path::Path::new(REVALUATION));
    rates.replace(
        "rules/nouvelle-aquitaine-2026.toml",
        "credit = \"fixed\"",
        "credit = \"follows-grid\"",
    );
    let json = TestCommand::new()
        .args([
            "--rates",
            &rates.arg(),
            "compute",
            "-r",
            "nouvelle-aquitaine",
            "--schedule",
            "--format",
            "json",
        ])
        .run()
        .json();
    // From July 2027: 6 782,40 × 0,5 = 3 391,20; total 8 × 3 249,79 + 16 × 3 391,20 = 25 998,32 + 54 259,20 = 80 257,52
    assert_eq!(s(&schedule(&json)[8], "ars"), "3391.20");
    assert_eq!(s(&json, "ars_total"), "80257.52");
}

#[test]
fn check_matches_the_contract_credit_and_the_monthly_credit() {
    for (notified, per) in [
        ("77994.96", "contract"),
        ("77 994,96", "contract"),
        ("3249.79", "month"),
        ("3 249,79", "month"),
    ] {
        let out = asp(&[
            "check",
            "-r",
            "nouvelle-aquitaine",
            "--notified",
            notified,
            "--format",
            "json",
        ]);
        let json = out.json();
        assert_eq!(s(&json, "check_status"), "match", "{notified}");
        assert_eq!(s(&json, "per"), per, "{notified}");
        assert_eq!(s(&json, "gap"), "0.00");
    }
    let out = asp(&[
        "check",
        "-r",
        "nouvelle-aquitaine",
        "--notified",
        "3249.79",
        "--per",
        "month",
    ]);
    out.assert_success();
    assert!(out.stdout.contains("MATCH"), "{}", out.stdout);
}

#[test]
fn check_names_the_gap_and_the_derivation_that_gives_it() {
    // 77 994,72 = 24 × 3 249,78: the base rounded to 2 803,59 before the charges gives (2 803,59 + 1 710) × 1,44 × 0,5 = 3 249,7848 → 3 249,78
    let out = asp(&[
        "check",
        "-r",
        "nouvelle-aquitaine",
        "--notified",
        "77994.72",
        "--per",
        "contract",
        "--format",
        "json",
    ]);
    assert_eq!(out.code, 1, "a mismatch exits 1\n{}", out.stderr);
    let json: Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(s(&json, "check_status"), "mismatch");
    assert_eq!(s(&json, "expected"), "77994.96");
    assert_eq!(s(&json, "gap"), "-0.24");
    let matching: Vec<&str> = json["derivations"]
        .as_array()
        .expect("derivations")
        .iter()
        .filter(|d| d["matches"] == true)
        .map(|d| d["derivation"].as_str().expect("a name"))
        .collect();
    assert!(
        matching.contains(&"monthly base salary rounded to the cent before the charges"),
        "{matching:?}"
    );
    assert!(!matching.iter().any(|m| m.contains("PET")), "{matching:?}");
    // The table says it in words.
    let table = asp(&[
        "check",
        "-r",
        "nouvelle-aquitaine",
        "--notified",
        "77994.72",
    ]);
    assert_eq!(table.code, 1);
    // The direction in words, and the gap spread over the months: 0,24 / 24 = 0,01 a month.
    assert!(
        table.stdout.replace('\n', " ").contains(
            "the ARS notified 0.24 less than the computed credit (77,994.72 instead of 77,994.96, the credit for the 24-month contract), 0.01 a month over 24 months;"
        ),
        "{}",
        table.stdout
    );
    // No meaningless fraction of a month (0,24 / 3 249,79 = 0,00007…).
    assert!(!table.stdout.contains("-0.0001"), "{}", table.stdout);
    assert!(
        table
            .stdout
            .contains("  - monthly base salary rounded to the cent before the charges (77,994.72)"),
        "{}",
        table.stdout
    );
}

#[test]
fn check_finds_another_pet_tier_or_a_missing_month() {
    // PET 450 instead of 700: (2 803,594166… + 1 010 + 450) × 1,44 × 0,5 = 3 069,7878 → 3 069,79
    let json: Value = serde_json::from_str(
        &asp(&[
            "check",
            "-r",
            "nouvelle-aquitaine",
            "--notified",
            "3069.79",
            "--format",
            "json",
        ])
        .stdout,
    )
    .expect("JSON");
    assert_eq!(s(&json, "per"), "month");
    assert!(
        json["derivations"]
            .as_array()
            .expect("derivations")
            .iter()
            .any(|d| d["matches"] == true
                && d["id"] == "pet-tier"
                && d["derivation"] == "a PET of 450.00 instead of 700.00"),
        "{json}"
    );
    // 23 months: 23 × 3 249,79 = 74 745,17
    let json: Value = serde_json::from_str(
        &asp(&[
            "check",
            "-r",
            "nouvelle-aquitaine",
            "--notified",
            "74745.17",
            "--per",
            "contract",
            "--format",
            "json",
        ])
        .stdout,
    )
    .expect("JSON");
    assert!(
        json["derivations"]
            .as_array()
            .expect("derivations")
            .iter()
            .any(|d| d["matches"] == true
                && d["id"] == "months"
                && d["derivation"] == "23 months of 3,249.79 instead of 24"),
        "{json}"
    );
}

#[test]
fn check_tolerance_accepts_a_small_gap() {
    let out = asp(&[
        "check",
        "-r",
        "nouvelle-aquitaine",
        "--notified",
        "77994.72",
        "--tolerance",
        "0.50",
        "--format",
        "json",
    ]);
    assert_eq!(s(&out.json(), "check_status"), "match");
}

#[test]
fn the_edge_cases_of_thirtieths() {
    // A custom post at the NA monthly credit (share 50 %, PET 700): 3 249,79 a month.
    let custom = |start: &str, end: &str| {
        asp(&[
            "compute",
            "-r",
            "bretagne",
            "-t",
            "inter-hospital",
            "--share",
            "50%",
            "--pet-amount",
            "700",
            "--start",
            start,
            "--end",
            end,
            "--schedule",
            "--format",
            "json",
        ])
        .json()
    };
    // A one-day contract on an ordinary day: 1/30, 3 249,79 / 30 = 108,3263 → 108,33
    let one_day = custom("2027-03-10", "2027-03-10");
    assert_eq!(
        (one_day["months"].as_u64(), one_day["extra_days"].as_u64()),
        (Some(0), Some(1))
    );
    assert_eq!(s(&one_day, "ars_total"), "108.33");
    // The 31st adds no thirtieth: a contract of the 31st alone counts 0/30.
    let the_31st = custom("2027-01-31", "2027-01-31");
    assert_eq!(schedule(&the_31st)[0]["days"], 0);
    assert_eq!(s(&the_31st, "ars_total"), "0.00");
    // One month from the 31st ends on the last day of February: 0/30 of January + 30/30 of February.
    let from_31st = custom("2027-01-31", "2027-02-28");
    assert_eq!(
        (
            from_31st["months"].as_u64(),
            from_31st["extra_days"].as_u64()
        ),
        (Some(1), Some(0))
    );
    assert_eq!(s(&from_31st, "ars_total"), "3249.79");
    // February: from the 15th, 16/30 (the 28th carries the missing days); then 14/30 of March.
    let february = custom("2027-02-15", "2027-03-14");
    assert_eq!(schedule(&february)[0]["days"], 16);
    assert_eq!(schedule(&february)[1]["days"], 14);
    assert_eq!(s(&february, "ars_total"), "3249.79"); // 1 733,22 + 1 516,57
}

#[test]
fn dates_that_cannot_be_are_errors() {
    let na = ["compute", "-r", "nouvelle-aquitaine"];
    let run = |extra: &[&str]| asp(&na.iter().chain(extra).copied().collect::<Vec<_>>());
    run(&["--start", "2026-11-01", "--end", "2026-10-31"])
        .assert_usage_error()
        .assert_stderr_contains("is before the start");
    run(&["--start", "2026-11-01", "--left-on", "2026-10-15"])
        .assert_usage_error()
        .assert_stderr_contains("--left-on: 2026-10-15 is before the start");
    run(&["--start", "2026-11-01", "--left-on", "2028-11-01"])
        .assert_usage_error()
        .assert_stderr_contains(
            "--left-on: 2028-11-01 is after the end of the contract, 2028-10-31",
        );
    run(&["--start", "2020-01-01"])
        .assert_usage_error()
        .assert_stderr_contains("no version of the grid is in force on 2020-01-01");
    run(&["--months", "18"])
        .assert_usage_error()
        .assert_stderr_contains("allows contracts of 12 or 24 months only");
    run(&["--start", "2026-11-15", "--end", "2027-03-01"])
        .assert_usage_error()
        .assert_stderr_contains("is 3 months and 15 days");
    // A length given twice is refused when the two disagree, as in a batch row (one rule).
    run(&["--months", "12", "--end", "2028-10-31"])
        .assert_usage_error()
        .assert_stderr_contains(
            "--months gives 12 months, but --end, 2028-10-31, ends a contract of 24 whole months",
        );
    run(&["--months", "24", "--end", "2028-10-31"]).assert_success();
}

#[test]
fn a_partial_month_is_prorated_exactly_and_rounded_once() {
    // 25 % of 6 499,5756 = 1 624,8939 → monthly credit 1 624,89.
    // From the 6th of November, 25/30: 1 624,89 × 25 / 30 = 1 354,075 exactly → 1 354,08
    // (a 28-digit 25/30 = 0,8333…3 used to land a hair under the half cent and give 1 354,07).
    let json = asp(&[
        "compute",
        "-r",
        "nouvelle-aquitaine",
        "--share",
        "25%",
        "--start",
        "2026-11-06",
        "--months",
        "12",
        "--schedule",
        "--format",
        "json",
    ])
    .json();
    let months = schedule(&json);
    assert_eq!(s(&months[0], "ars"), "1354.08");
    // No whole month is credited more than the monthly credit.
    for month in &months[1..12] {
        assert_eq!(s(month, "ars"), "1624.89", "{month}");
    }
    // 12 months in all: 12 × 1 624,89 = 19 498,68. Before the last month the running total is
    // 1 354,075 + 11 × 1 624,89 = 19 227,865 → 19 227,87, so the last month (5/30) is 270,81.
    assert_eq!(s(&json, "ars_total"), "19498.68");
    assert_eq!(s(&months[12], "ars"), "270.81");
}

#[test]
fn the_credit_due_for_time_served_is_exact() {
    // 25/30 of November + 4 whole months: 1 354,075 + 4 × 1 624,89 = 7 853,635 → 7 853,64.
    let json = asp(&[
        "compute",
        "-r",
        "nouvelle-aquitaine",
        "--share",
        "25%",
        "--start",
        "2026-11-06",
        "--months",
        "24",
        "--left-on",
        "2027-03-31",
        "--format",
        "json",
    ])
    .json();
    assert_eq!(s(&json, "ars_due"), "7853.64");
}

#[test]
fn budget_years_split_the_contract_by_calendar_year() {
    // Nouvelle-Aquitaine from 2026-11-01 for 24 months, 3 249,79 a month:
    // 2026: 2 months = 6 499,58; 2027: 12 months = 38 997,48; 2028: 10 months = 32 497,90.
    let json = asp(&[
        "compute",
        "-r",
        "nouvelle-aquitaine",
        "--start",
        "2026-11-01",
        "--by-year",
        "--format",
        "json",
    ])
    .json();
    let years = json["by_year"].as_array().expect("a by_year array");
    let credits: Vec<(i64, &str)> = years
        .iter()
        .map(|y| {
            (
                y["year"].as_i64().unwrap_or(0),
                y["ars"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        credits,
        [(2026, "6499.58"), (2027, "38997.48"), (2028, "32497.90")]
    );
    let csv = asp(&[
        "compute",
        "-r",
        "nouvelle-aquitaine",
        "--start",
        "2026-11-01",
        "--by-year",
        "--format",
        "csv",
    ]);
    csv.assert_success();
    let lines: Vec<&str> = csv.stdout.lines().collect();
    assert_eq!(lines[0], "region,rule_set,year,ars,establishment,full_cost");
    assert_eq!(lines.len(), 4, "one row per year:\n{}", csv.stdout);
    assert!(lines[2].starts_with("nouvelle-aquitaine,nouvelle-aquitaine-2026,2027,38997.48,"));
}

#[test]
fn check_finds_the_contract_length_a_notified_credit_is_for() {
    // 38 997,48 = 12 × 3 249,79: Nouvelle-Aquitaine's one-year contract (source 003 allows 12 or 24 months).
    let out = asp(&[
        "check",
        "-r",
        "nouvelle-aquitaine",
        "--notified",
        "38 997,48",
    ]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout.contains("credit for the 12-month contract"),
        "{}",
        out.stdout
    );
    let json = asp(&[
        "check",
        "-r",
        "nouvelle-aquitaine",
        "--notified",
        "38997.48",
        "--format",
        "json",
    ])
    .json();
    assert_eq!(json["months_inferred"], true);
    assert_eq!(json["computation"]["months"], 12);
    assert_eq!(s(&json, "expected"), "38997.48");
    // A length given is kept: 38 997,48 against 24 months is a mismatch.
    let given = asp(&[
        "check",
        "-r",
        "nouvelle-aquitaine",
        "--months",
        "24",
        "--notified",
        "38997.48",
        "--per",
        "contract",
    ]);
    assert_eq!(given.code, 1, "{}", given.stdout);
}

#[test]
fn a_notified_amount_with_more_than_two_decimals_is_an_input_error() {
    let out = asp(&[
        "check",
        "-r",
        "nouvelle-aquitaine",
        "--notified",
        "3249.7949",
    ]);
    assert_eq!(out.code, 2);
    out.assert_stderr_contains("more than two decimals");
}

/// Leaving on 2027-06-30 a contract from 2026-11-01: the recovery fields, in JSON.
fn leaving(region: &str, start: &str, reason: Option<&str>) -> serde_json::Value {
    let mut args = vec![
        "compute",
        "-r",
        region,
        "--start",
        start,
        "--left-on",
        "2027-06-30",
    ];
    if let Some(reason) = reason {
        args.extend(["--leave-reason", reason]);
    }
    args.extend(["--format", "json"]);
    asp(&args).json()
}

#[test]
fn the_clawback_applies_only_on_the_notices_condition() {
    // Nouvelle-Aquitaine (source 003, section 6): « L'ARS se réserve le droit de récupérer les crédits
    // [...] en raison d'un recrutement en qualité de chef de clinique ». 8 months served of 24:
    // due 8 × 3 249,79 = 25 998,32; not served 77 994,96 − 25 998,32 = 51 996,64.
    let cca = leaving("nouvelle-aquitaine", "2026-11-01", Some("chef-de-clinique"));
    assert_eq!(s(&cca, "ars_due"), "25998.32");
    assert_eq!(s(&cca, "recovery"), "covered");
    assert_eq!(s(&cca, "recoverable"), "51996.64");
    assert!(cca["explain"]["recoverable"]["how"]
        .as_str()
        .unwrap_or("")
        .contains("se réserve le droit de récupérer"));
    // The actual cost of the 8 months served: 8 × 6 499,58 = 51 996,64, of which 25 998,32 is the establishment's.
    assert_eq!(s(&cca, "full_cost_served"), "51996.64");
    assert_eq!(s(&cca, "establishment_served"), "25998.32");

    // Another reason: the clause speaks of chef de clinique only and says nothing of this
    // departure. What may be recovered is not stated: no figure, never 0,00.
    let other = leaving("nouvelle-aquitaine", "2026-11-01", Some("other"));
    assert_eq!(s(&other, "recovery"), "not-stated");
    assert!(other["recoverable"].is_null(), "{}", other["recoverable"]);
    assert_eq!(s(&other, "not_served"), "51996.64");
    assert!(other["explain"]["recoverable"]["how"]
        .as_str()
        .unwrap_or("")
        .contains("the agency decides"));

    // No reason: recoverable only on the condition, said in a warning.
    let unsaid = leaving("nouvelle-aquitaine", "2026-11-01", None);
    assert_eq!(s(&unsaid, "recovery"), "reason-not-given");
    assert!(unsaid["warnings"]
        .to_string()
        .contains("Give --leave-reason"));

    // Centre-Val de Loire (source 004) has no such clause: what may be recovered is not stated,
    // whatever the reason, and no source is cited for it. 7 months served: 7 × 3 772,16 = 26 405,12.
    let cvl = leaving(
        "centre-val-de-loire",
        "2026-12-01",
        Some("chef-de-clinique"),
    );
    assert_eq!(s(&cvl, "ars_due"), "26405.12");
    assert_eq!(s(&cvl, "recovery"), "not-stated");
    assert!(cvl["recoverable"].is_null());
    assert_eq!(
        cvl["explain"]["recoverable"]["sources"],
        serde_json::json!([])
    );
    // Its actual cost served: (2 803,594166… + 1 010) × 1,44 = 5 491,5756 → 5 491,58, × 7 = 38 441,06.
    assert_eq!(s(&cvl, "full_cost_served"), "38441.06");
}

#[test]
fn centre_val_de_loire_computes_from_the_2025_promotion_without_a_charge_rate() {
    // The notice's credit involves no charges: 2 762,16 + 1 010 = 3 772,16 a month, × 24 = 90 531,84,
    // from 2025-11-01, before the only sourced charge rate (from 2026-01-01). The post's actual cost
    // needs a charge rate: it is unknown, with the reason, and never blocks the credit.
    let json = asp(&[
        "compute",
        "-r",
        "centre-val-de-loire",
        "--start",
        "2025-11-01",
        "--format",
        "json",
    ])
    .json();
    assert_eq!(s(&json, "ars_monthly"), "3772.16");
    assert_eq!(s(&json, "ars_total"), "90531.84");
    assert!(json["establishment_monthly"].is_null());
    assert!(json["full_cost_total"].is_null());
    assert!(json["actual_loaded_monthly"].is_null());
    assert!(json["warnings"]
        .to_string()
        .contains("The post's actual cost is unknown at the start: --start: no version of the reference charge rate is in force on 2025-11-01"));
}

#[test]
fn assumptions_say_what_the_tool_assumes() {
    // A mid-month start uses the tool's thirtieths; the open-ended versions are named; leaving the
    // charges out of `include` says they are not funded.
    let json = asp(&[
        "compute",
        "-r",
        "nouvelle-aquitaine",
        "--start",
        "2026-11-15",
        "--include",
        "salary,iespe,pet",
        "--format",
        "json",
    ])
    .json();
    let assumptions = json["assumptions"].to_string();
    assert!(
        assumptions.contains("prorated in thirtieths"),
        "{assumptions}"
    );
    assert!(
        assumptions.contains("No later version than the grid from 2023-07-01"),
        "{assumptions}"
    );
    assert!(json["warnings"].to_string().contains("charges not funded"));
    // 50 % of (2 803,594166… + 1 010 + 700) = 2 256,797083… → 2 256,80, the charges left out.
    assert_eq!(s(&json, "ars_monthly"), "2256.80");
}

#[test]
fn an_end_date_counts_whole_months_then_the_days_after_them() {
    // Bretagne at 50 %, PET 0: (2 803,594166… + 1 010) × 1,44 × 0,5 = 2 745,7878 → 2 745,79 a month.
    // 29 January to 28 February is one month: 2 745,79. One day more, to 1 March, is one month and
    // one thirtieth: 2 745,79 × 31 / 30 = 2 837,3163… → 2 837,32 (it counted 33 thirtieths before).
    let total = |end: &str| {
        let json = asp(&[
            "compute",
            "-r",
            "bretagne",
            "--post-type",
            "inter-hospital",
            "--share",
            "50%",
            "--pet-amount",
            "0",
            "--start",
            "2026-01-29",
            "--end",
            end,
            "--format",
            "json",
        ])
        .json();
        s(&json, "ars_total").to_string()
    };
    assert_eq!(total("2026-02-28"), "2745.79");
    assert_eq!(total("2026-03-01"), "2837.32");
    // Fifteen days more: 2 745,79 × 45 / 30 = 4 118,685 → 4 118,69.
    assert_eq!(total("2026-03-15"), "4118.69");
}

#[test]
fn check_tries_what_agencies_do_with_a_notices_published_amounts() {
    // Centre-Val de Loire publishes 2 762,16 + 1 010 = 3 772,16 (source 004, section 3). An agency
    // may instead have used the grid in force: 33 643,13 / 12 + 1 010 = 3 813,594166… → 3 813,59;
    // or funded the charges at the reference rate: 3 772,16 × 1,44 = 5 431,9104 → 5 431,91; or
    // the PET of the pattern (450 for 2 half-days at 25 km): 3 772,16 + 450 = 4 222,16; or, with no
    // pattern given, a tier of the PET scale (250, 450, 700, 1 000): 3 772,16 + 700 = 4 472,16.
    for (notified, extra, id, derivation) in [
        (
            "3813.59",
            vec![],
            "grid-in-force",
            "the grid in force from 2023-07-01 instead of the notice's base of 2,762.16",
        ),
        (
            "5431.91",
            vec![],
            "charges-funded",
            "the employer charges at the reference rate (44 %) funded too",
        ),
        (
            "4222.16",
            vec!["--half-days", "2", "--sites", "1", "--distance-km", "25"],
            "pet-funded",
            "the post's PET (450.00) funded too",
        ),
        (
            "4472.16",
            vec![],
            "pet-funded",
            "a PET of 700.00 funded too",
        ),
    ] {
        let mut args = vec![
            "check",
            "-r",
            "centre-val-de-loire",
            "--notified",
            notified,
            "--per",
            "month",
            "--format",
            "json",
        ];
        args.extend(extra);
        let out = asp(&args);
        assert_eq!(out.code, 1, "{}", out.stderr);
        let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
        assert!(
            json["derivations"]
                .as_array()
                .expect("derivations")
                .iter()
                .any(|d| d["id"] == id && d["derivation"] == derivation && d["matches"] == true),
            "{notified}: {}",
            json["derivations"]
        );
    }
}

#[test]
fn check_finds_the_grid_in_force_and_a_pet_tier_together() {
    // 4 813,59 − 3 772,16 = 1 041,43: no PET tier alone gives it (3 772,16 + 250, 450, 700 or
    // 1 000 = 4 022,16, 4 222,16, 4 472,16, 4 772,16), nor the grid alone (3 813,59). The grid in
    // force and the tier of 1 000 together do: 33 643,13 / 12 = 2 803,594166…, + 1 010 + 1 000 =
    // 4 813,594166… → 4 813,59 (funded at 100 %, rounded to the cent half away from zero).
    let out = asp(&[
        "check",
        "-r",
        "centre-val-de-loire",
        "--notified",
        "4813.59",
        "--format",
        "json",
    ]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let json: Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(s(&json, "per"), "month");
    let found: Vec<(&str, &str)> = json["derivations"]
        .as_array()
        .expect("derivations")
        .iter()
        .filter(|d| d["matches"] == true)
        .map(|d| (s(d, "id"), s(d, "derivation")))
        .collect();
    assert_eq!(
        found,
        [(
            "grid-in-force-pet-funded",
            "the grid in force from 2023-07-01 instead of the notice's base of 2,762.16, with a PET of 1,000.00 funded too"
        )]
    );
    // The same in French, in the table for people.
    let fr = asp(&[
        "check",
        "-r",
        "centre-val-de-loire",
        "--notified",
        "4 813,59",
        "--lang",
        "fr",
    ]);
    assert!(
        unwrapped(&fr.stdout).contains(
            "- la grille en vigueur du 1er juillet 2023 au lieu du traitement de 2\u{a0}762,16\u{a0}€ du cahier des charges, avec une PET de 1\u{a0}000,00\u{a0}€ financée aussi (4\u{a0}813,59\u{a0}€)"
        ),
        "{}",
        fr.stdout
    );
    // The notice's own figure, cited: 2 762,16 + 1 010 = 3 772,16.
    assert!(
        unwrapped(&fr.stdout).contains(
            "le cahier des charges publie 3\u{a0}772,16\u{a0}€ par mois (ARS Centre-Val de Loire"
        ),
        "{}",
        fr.stdout
    );
}

#[test]
fn check_compares_with_the_nearer_figure_and_keeps_a_per_given() {
    // 40 000 is nearer the monthly 3 249,79 (36 750,21 away) than the contract's 77 994,96
    // (37 994,96 away): compared as a monthly credit.
    let out = asp(&[
        "check",
        "-r",
        "nouvelle-aquitaine",
        "--notified",
        "40000",
        "--format",
        "json",
    ]);
    assert_eq!(out.code, 1, "a mismatch");
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(json["per"], "month");
    assert_eq!(json["per_inferred"], true);
    // 77 000 is nearer the contract's 77 994,96 (994,96 away) than the monthly credit.
    let near = asp(&[
        "check",
        "-r",
        "nouvelle-aquitaine",
        "--notified",
        "77000",
        "--format",
        "json",
    ]);
    let near: serde_json::Value = serde_json::from_str(&near.stdout).expect("JSON");
    assert_eq!(near["per"], "contract");
    // 77 000 / 3 249,79 = 23,69… months: no whole number of months, so no length is proposed.
    assert!(
        !near["derivations"].to_string().contains("months of"),
        "{}",
        near["derivations"]
    );
    // A notified 38 997,48 said to be monthly stays monthly: a mismatch, not the 12-month contract.
    let monthly = asp(&[
        "check",
        "-r",
        "nouvelle-aquitaine",
        "--notified",
        "38997.48",
        "--per",
        "month",
    ]);
    assert_eq!(monthly.code, 1, "{}", monthly.stdout);
}

#[test]
fn check_names_the_share_and_the_rounding_a_notified_figure_implies() {
    let derivations = |args: &[&str]| {
        let mut all = vec!["check", "-r", "nouvelle-aquitaine"];
        all.extend_from_slice(args);
        all.extend(["--format", "json"]);
        let out = asp(&all);
        let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
        json["derivations"].as_array().cloned().unwrap_or_default()
    };
    let matching = |list: &[serde_json::Value]| -> Vec<(String, String)> {
        list.iter()
            .filter(|d| d["matches"] == true)
            .map(|d| {
                (
                    d["derivation"].as_str().unwrap_or("").to_string(),
                    d["amount"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect()
    };
    // 60 %: 6 499,5756 × 0,6 = 3 899,74536 → 3 899,75 a month; × 24 = 93 594,00 for the contract.
    let month = derivations(&["--notified", "3899.75", "--per", "month"]);
    assert!(
        matching(&month).contains(&("a share of 60 % instead of 50 %".into(), "3899.75".into()))
    );
    let contract = derivations(&["--notified", "93594.00", "--per", "contract"]);
    assert!(matching(&contract)
        .contains(&("a share of 60 % instead of 50 %".into(), "93594.00".into())));
    // Rounding toward zero: 3 249,7878 → 3 249,78, × 24 = 77 994,72.
    let rounding = derivations(&["--notified", "77994.72", "--per", "contract"]);
    assert!(matching(&rounding).contains(&(
        "rounding toward zero (cents dropped)".into(),
        "77994.72".into()
    )));
    // A match tries nothing else.
    assert!(derivations(&["--notified", "77994.96"]).is_empty());
}

#[test]
fn check_names_the_year_band_the_length_and_the_grid_a_notified_figure_implies() {
    let matching = |args: &[&str]| -> Vec<(String, String)> {
        let mut all = args.to_vec();
        all.extend(["--format", "json"]);
        let out = asp(&all);
        let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
        json["derivations"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .filter(|d| d["matches"] == true)
            .map(|d| {
                (
                    d["derivation"].as_str().unwrap_or("").to_string(),
                    d["amount"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect()
    };
    let na = ["check", "-r", "nouvelle-aquitaine"];
    // Years 3-4: (36 625,21 / 12 + 1 010 + 700) × 1,44 × 0,5 = 3 428,7126 → 3 428,71.
    let years = matching(&[&na[..], &["--notified", "3428.71", "--per", "month"]].concat());
    assert!(
        years.contains(&("years 3-4 instead of 1-2".into(), "3428.71".into())),
        "{years:?}"
    );
    // 8 months: 8 × 3 249,79 = 25 998,32.
    let months = matching(&[&na[..], &["--notified", "25998.32", "--per", "contract"]].concat());
    assert!(
        months.contains(&(
            "8 months of 3,249.79 instead of 24".into(),
            "25998.32".into()
        )),
        "{months:?}"
    );
    // The fixture's fictional grid from 2027-07-01 (36 000,00 a year): (3 000 + 1 010 + 700) × 1,44
    // × 0,5 = 3 391,20.
    let grid = matching(&[
        "--rates",
        REVALUATION,
        "check",
        "-r",
        "nouvelle-aquitaine",
        "--notified",
        "3391.20",
        "--per",
        "month",
    ]);
    assert!(
        grid.contains(&(
            "the grid from 2027-07-01 instead of the one in force at the start".into(),
            "3391.20".into()
        )),
        "{grid:?}"
    );
}

#[test]
fn a_year_of_service_steps_band_at_each_anniversary() {
    // `--years 2`: year 2 at the start, year 3 from the first anniversary, 1 November 2027.
    // The grid's band 3-4 (36 625,21 / 12 = 3 052,100833…): (3 052,100833… + 1 010 + 700) × 1,44
    // = 6 857,4252 → 6 857,43 a month from November 2027; before, band 1-2, 6 499,58. The
    // credit stays the reference post's 3 249,79.
    let json = asp(&[
        "compute",
        "-r",
        "nouvelle-aquitaine",
        "--years",
        "2",
        "--by-year",
        "--format",
        "json",
    ])
    .json();
    assert_eq!(s(&json, "ars_monthly"), "3249.79");
    assert_eq!(s(&json, "years"), "1-2");
    let years = json["by_year"].as_array().expect("years");
    let year = |y: i64| {
        years
            .iter()
            .find(|v| v["year"] == y)
            .unwrap_or_else(|| panic!("{y}"))
    };
    // 2026: November and December, band 1-2: 2 × 6 499,58.
    assert_eq!(year(2026)["full_cost"], "12999.16");
    // 2027: ten months of band 1-2 and two of band 3-4: 64 995,80 + 13 714,86.
    assert_eq!(year(2027)["full_cost"], "78710.66");
    assert_eq!(year(2027)["ars"], "38997.48");
    // 2028: ten months of band 3-4.
    assert_eq!(year(2028)["full_cost"], "68574.30");
    assert_eq!(s(&json, "full_cost_total"), "160284.12");
    assert_eq!(s(&json, "ars_total"), "77994.96");
    // A band keeps today's meaning: band 1-2 all along.
    let band = asp(&[
        "compute",
        "-r",
        "nouvelle-aquitaine",
        "--years",
        "1-2",
        "--format",
        "json",
    ])
    .json();
    assert_eq!(s(&band, "full_cost_total"), "155989.92");
}

#[test]
fn a_band_steps_from_the_first_month_that_starts_on_or_after_the_anniversary() {
    // A start on 15 November 2026, year 2: the anniversary, 15 November 2027, falls inside a
    // month, so band 3-4 starts with December 2027. 2027 then has eleven months of band 1-2,
    // 11 × 6 499,58 = 71 495,38, and December at band 3-4, 6 857,43: 78 352,81.
    let json = asp(&[
        "compute",
        "-r",
        "nouvelle-aquitaine",
        "--years",
        "2",
        "--start",
        "2026-11-15",
        "--by-year",
        "--format",
        "json",
    ])
    .json();
    let years = json["by_year"].as_array().expect("years");
    let y2027 = years.iter().find(|v| v["year"] == 2027).expect("2027");
    assert_eq!(y2027["full_cost"], "78352.81");
    let schedule = asp(&[
        "compute",
        "-r",
        "nouvelle-aquitaine",
        "--years",
        "2",
        "--start",
        "2026-11-15",
        "--schedule",
        "--format",
        "csv",
    ]);
    assert!(schedule
        .stdout
        .contains(",2027-11-01,2027-11-30,30,30,3249.79,3249.79,6499.58,6499.58"));
    assert!(schedule
        .stdout
        .contains(",2027-12-01,2027-12-31,30,30,3249.79,3607.64,6857.43,6857.43"));
}

#[test]
fn a_version_from_mid_month_prices_the_first_month_when_in_force_at_the_start() {
    // The fictional revaluation moved to 10 July 2027: specialist years 1-2 at 36 000 a year.
    // New: (36 000 / 12 + 1 010) × 1,44 = 4 010 × 1,44 = 5 774,40. Before it: (33 643,13 / 12
    // + 1 010) × 1,44 = 3 813,594166… × 1,44 = 5 491,5756 → 5 491,58.
    let rates = util::RatesCopy::of(std::path::Path::new(REVALUATION));
    rates.replace(
        "grid/2027-07-01.toml",
        "from = 2027-07-01",
        "from = 2027-07-10",
    );
    let first_loaded = |start: &str| {
        let out = asp(&[
            "--rates",
            &rates.arg(),
            "compute",
            "-r",
            "bretagne",
            "--post-type",
            "inter-hospital",
            "--share",
            "50%",
            "--start",
            start,
            "--months",
            "12",
            "--schedule",
            "--format",
            "csv",
        ]);
        out.assert_success();
        let lines: Vec<String> = out.stdout.lines().map(String::from).collect();
        let loaded = |line: &str| line.rsplit(',').next().unwrap_or_default().to_string();
        (loaded(&lines[1]), loaded(&lines[2]))
    };
    // In force on the start day (15 July): the first month is priced at it.
    assert_eq!(
        first_loaded("2027-07-15"),
        ("5774.40".into(), "5774.40".into())
    );
    // Not yet in force on the start day (5 July): from the next month.
    assert_eq!(
        first_loaded("2027-07-05"),
        ("5491.58".into(), "5774.40".into())
    );
}

#[test]
fn the_months_the_data_can_price_are_priced_when_others_cannot_be() {
    // The reference charge rate starts on 1 January 2026: a contract from 1 November 2025 has no
    // actual cost for November and December 2025, and 6 499,58 a month from January 2026 (the
    // NA reference post: (2 803,594166… + 1 010 + 700) × 1,44 = 6 499,5756). The credit is
    // whole: 24 × 3 249,79 = 77 994,96. By year: 2025 unknown; 2026, 12 × 6 499,58 = 77 994,96;
    // 2027, 10 × 6 499,58 = 64 995,80. The contract's full cost stays unknown.
    let json = asp(&[
        "compute",
        "-r",
        "nouvelle-aquitaine",
        "--start",
        "2025-11-01",
        "--by-year",
        "--format",
        "json",
    ])
    .json();
    assert_eq!(s(&json, "ars_total"), "77994.96");
    assert!(json["full_cost_total"].is_null(), "{json}");
    let years = json["by_year"].as_array().expect("years");
    assert!(years[0]["full_cost"].is_null(), "{}", years[0]);
    assert_eq!(years[1]["full_cost"], "77994.96");
    assert_eq!(years[2]["full_cost"], "64995.80");
    assert!(json["warnings"]
        .to_string()
        .contains("The months the data in force can price, 2026-01 to 2027-10, are priced"));
}

/// A text laid out for people, its wrapped lines joined again (each line's indentation dropped).
fn unwrapped(text: &str) -> String {
    text.lines()
        .map(|line| line.trim_start_matches(' '))
        .collect::<Vec<_>>()
        .join(" ")
}
