//! `batch --by-year` (issue 15, « Budget per calendar year »): one output row per input row and
//! calendar year, the years of a row adding up to its contract exactly, posts-weighted figures,
//! and the summary's totals per year equal to the sum of the rows.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // a test may stop on what it does not expect

mod util;

use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::str::FromStr;
use util::{asp, asp_with_stdin};

const POSTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/posts.csv");

/// A CSV output as records, each a map from header to cell.
fn records(csv: &str) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    reader
        .records()
        .map(|r| {
            header
                .iter()
                .cloned()
                .zip(r.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

fn amount(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap_or_else(|e| panic!("{text:?}: {e}"))
}

#[test]
fn each_rows_years_add_up_to_its_contract_exactly() {
    // Must show: over examples/posts.csv, each row's years add up to its ars_total (and its
    // establishment_total and full_cost_total), to the cent.
    let whole = asp(&["batch", POSTS, "-f", "csv"]);
    let years = asp(&["batch", POSTS, "-f", "csv", "--by-year"]);
    assert_eq!(whole.code, 1, "{}", whole.stderr);
    assert_eq!(years.code, 1, "{}", years.stderr);
    let (whole, years) = (records(&whole.stdout), records(&years.stdout));
    let mut checked = 0;
    for row in &whole {
        let of_row: Vec<_> = years.iter().filter(|y| y["id"] == row["id"]).collect();
        if row["status"] == "error" {
            // A row in error is one output row, with its error, and no year.
            assert_eq!(of_row.len(), 1, "{}", row["id"]);
            assert_eq!(of_row[0]["status"], "error");
            assert_eq!(of_row[0]["year"], "");
            assert_eq!(of_row[0]["error"], row["error"]);
            continue;
        }
        for (year_key, whole_key) in [
            ("ars", "ars_total"),
            ("establishment", "establishment_total"),
            ("full_cost", "full_cost_total"),
        ] {
            let sum: Decimal = of_row.iter().map(|y| amount(&y[year_key])).sum();
            assert_eq!(sum, amount(&row[whole_key]), "{} {whole_key}", row["id"]);
        }
        // The years follow each other, from the start's to the end's.
        let listed: Vec<i32> = of_row.iter().map(|y| y["year"].parse().unwrap()).collect();
        let (first, last) = (&row["start"][..4], &row["end"][..4]);
        let expected: Vec<i32> = (first.parse().unwrap()..=last.parse().unwrap()).collect();
        assert_eq!(listed, expected, "{}", row["id"]);
        checked += 1;
    }
    assert_eq!(checked, 6);
    assert_eq!(years.len(), 3 + 2 + 3 + 3 + 3 + 3 + 1);
}

#[test]
fn the_years_of_a_post_are_its_months_in_each_year() {
    // CH-TRS-05: Centre-Val de Loire's ambulatory rule set, 3 772,16 € a month (the published
    // figure), from 1 December 2026 for 24 months: one month in 2026, twelve in 2027, eleven in
    // 2028; checked by hand: 3 772,16 × 12 = 45 265,92 and × 11 = 41 493,76.
    let out = asp(&[
        "batch",
        POSTS,
        "-f",
        "csv",
        "--by-year",
        "--columns",
        "id,year,ars",
    ]);
    let rows = records(&out.stdout);
    let tours: Vec<(&str, &str)> = rows
        .iter()
        .filter(|r| r["id"] == "CH-TRS-05")
        .map(|r| (r["year"].as_str(), r["ars"].as_str()))
        .collect();
    assert_eq!(
        tours,
        [
            ("2026", "3772.16"),
            ("2027", "45265.92"),
            ("2028", "41493.76")
        ]
    );
    // CHU-BDX-02: Nouvelle-Aquitaine, 3 249,79 € a month from 1 November 2026 for 12 months:
    // 2 months in 2026 (6 499,58), 10 in 2027 (32 497,90).
    let bordeaux: Vec<(&str, &str)> = rows
        .iter()
        .filter(|r| r["id"] == "CHU-BDX-02")
        .map(|r| (r["year"].as_str(), r["ars"].as_str()))
        .collect();
    assert_eq!(bordeaux, [("2026", "6499.58"), ("2027", "32497.90")]);
}

#[test]
fn a_posts_column_weights_each_year_and_columns_of_ones_own_pass_through() {
    let input = "id,region,start,months,posts,établissement\n\
                 A,nouvelle-aquitaine,01/11/2026,12,3,CHU de Bordeaux\n";
    let out = asp_with_stdin(&["batch", "-", "-f", "csv", "--by-year"], input);
    out.assert_success();
    let rows = records(&out.stdout);
    assert_eq!(rows.len(), 2);
    // 2 months of 2026 and 10 of 2027, for three posts: 6 499,58 × 3 and 32 497,90 × 3.
    assert_eq!(rows[0]["ars_posts"], "19498.74");
    assert_eq!(rows[1]["ars_posts"], "97493.70");
    for row in &rows {
        assert_eq!(row["posts"], "3");
        assert_eq!(row["établissement"], "CHU de Bordeaux");
        for (one, all) in [
            ("ars", "ars_posts"),
            ("establishment", "establishment_posts"),
            ("full_cost", "full_cost_posts"),
        ] {
            assert_eq!(amount(&row[one]) * Decimal::from(3), amount(&row[all]));
        }
    }
}

#[test]
fn the_summary_per_year_is_the_sum_of_the_rows() {
    // Must show: the summary's per-year totals equal the sum of the rows, per region and post
    // type and for each year; the years add up to the whole contracts.
    let rows = records(&asp(&["batch", POSTS, "-f", "csv", "--by-year"]).stdout);
    let summary = asp(&["batch", POSTS, "-f", "csv", "--by-year", "--summary-only"]);
    let summary = records(&summary.stdout);
    let mut expected: BTreeMap<(String, String, String), Decimal> = BTreeMap::new();
    for row in rows.iter().filter(|r| r["status"] == "ok") {
        for (year, region, post_type) in [
            (
                row["year"].clone(),
                row["region"].clone(),
                row["post_type"].clone(),
            ),
            (row["year"].clone(), "all".into(), "all".into()),
            (
                "all".into(),
                row["region"].clone(),
                row["post_type"].clone(),
            ),
            ("all".into(), "all".into(), "all".into()),
        ] {
            *expected.entry((year, region, post_type)).or_default() += amount(&row["ars"]);
        }
    }
    let got: BTreeMap<(String, String, String), Decimal> = summary
        .iter()
        .map(|s| {
            (
                (
                    s["year"].clone(),
                    s["region"].clone(),
                    s["post_type"].clone(),
                ),
                amount(&s["ars_total"]),
            )
        })
        .collect();
    assert_eq!(got, expected);
    assert_eq!(
        got[&("all".into(), "all".into(), "all".into())],
        amount("457108.20")
    );
    // The years come first, then the whole contracts.
    assert_eq!(summary.first().unwrap()["year"], "2026");
    assert_eq!(summary.last().unwrap()["year"], "all");
}

#[test]
fn the_workbook_has_a_by_year_sheet_and_the_totals() {
    use calamine::{open_workbook, Reader, Xlsx};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("budget.xlsx");
    let out = asp(&[
        "batch",
        POSTS,
        "--by-year",
        "--summary",
        "--lang",
        "fr",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let book: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["Par année", "Totaux", "Colonnes", "Sources"]
    );
}

#[test]
fn on_many_rows_alike_and_not_the_years_add_up_whatever_the_threads() {
    // 5 000 rows, half Nouvelle-Aquitaine (its rule set, rows that differ only by their dates:
    // priced through one template and remembered), half without a rule set with their own
    // share, pattern, start (a 15th too) and months: every row's years add up to its
    // contract, and one thread writes what several do.
    let mut seed: u64 = 0x2026_1129;
    let mut next = |n: u64| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % n
    };
    let mut input =
        String::from("id,region,post_type,start,months,share,half_days,distance_km,posts\n");
    for i in 0..5000 {
        if next(2) == 0 {
            input += &format!(
                "R{i},nouvelle-aquitaine,,{}-{:02}-01,{},,,,{}\n",
                2026 + next(2),
                1 + next(12),
                [12, 24][next(2) as usize],
                1 + next(2)
            );
        } else {
            input += &format!(
                "R{i},bretagne,inter-hospital,{}-{:02}-{},{},{}%,{},{},{}\n",
                2026 + next(3),
                1 + next(12),
                ["01", "15"][next(2) as usize],
                1 + next(24),
                30 + next(71),
                next(9),
                next(60),
                1 + next(3)
            );
        }
    }
    let whole = asp_with_stdin(
        &[
            "batch",
            "-",
            "-f",
            "csv",
            "--columns",
            "id,ars_total,full_cost_total,status",
        ],
        &input,
    );
    let years = asp_with_stdin(
        &[
            "batch",
            "-",
            "-f",
            "csv",
            "--by-year",
            "--columns",
            "id,year,ars,full_cost",
        ],
        &input,
    );
    let one = asp_with_stdin(
        &[
            "batch",
            "-",
            "-f",
            "csv",
            "--by-year",
            "--columns",
            "id,year,ars,full_cost",
            "-j",
            "1",
        ],
        &input,
    );
    assert_eq!(years.stdout, one.stdout);
    let mut sums: BTreeMap<String, (Decimal, Decimal)> = BTreeMap::new();
    for y in records(&years.stdout) {
        let sum = sums.entry(y["id"].clone()).or_default();
        sum.0 += amount(&y["ars"]);
        sum.1 += amount(&y["full_cost"]);
    }
    let whole = records(&whole.stdout);
    assert_eq!(whole.len(), 5000);
    for row in whole.iter().filter(|r| r["status"] == "ok") {
        let sum = sums[&row["id"]];
        assert_eq!(sum.0, amount(&row["ars_total"]), "{}", row["id"]);
        assert_eq!(sum.1, amount(&row["full_cost_total"]), "{}", row["id"]);
    }
    assert!(whole.iter().filter(|r| r["status"] == "ok").count() > 4900);
}

#[test]
fn a_row_in_error_keeps_its_cells_in_their_columns_whatever_their_order() {
    // The year's columns of a row in error are empty, and each typed cell stays in its column
    // even when the year's come first.
    let out = asp(&[
        "batch",
        POSTS,
        "-f",
        "csv",
        "--by-year",
        "--columns",
        "id,year,ars,region,start,months,status",
    ]);
    let rows = records(&out.stdout);
    let bad = rows.iter().find(|r| r["id"] == "CH-ERR-07").unwrap();
    assert_eq!(
        [
            &bad["year"],
            &bad["ars"],
            &bad["region"],
            &bad["start"],
            &bad["status"]
        ],
        ["", "", "nouvelle-aquitaine", "2026-11-01", "error"]
    );
    assert_eq!(bad["months"], "18");
}

#[test]
fn a_flag_that_overrides_a_rule_set_says_so_on_each_year() {
    // --share 60% --override on a Nouvelle-Aquitaine post: 60 % of the loaded reference cost
    // 6 499,5756 is 3 899,74536, 3 899,75 a month; two months of 2026 make 7 799,50.
    let out = asp_with_stdin(
        &[
            "batch",
            "-",
            "-f",
            "csv",
            "--by-year",
            "--share",
            "60%",
            "--override",
            "--columns",
            "id,year,ars,overrides",
        ],
        "id,region,start,months\nA,nouvelle-aquitaine,2026-11-01,12\n",
    );
    out.assert_success();
    let rows = records(&out.stdout);
    assert_eq!(rows[0]["ars"], "7799.50");
    for row in &rows {
        assert_eq!(row["overrides"], "--share 60 % instead of 50 %");
    }
}
