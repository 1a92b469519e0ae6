//! Conditions of eligibility: listed with their source, met, not met or not verified by the
//! inputs given; a warning by default, an error with `--strict`; nothing refused on a
//! condition the user was never asked about.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // a test may stop on what it does not expect

mod util;

use util::{asp, asp_with_stdin};

fn statuses(json: &serde_json::Value) -> Vec<(String, String)> {
    json["conditions"]
        .as_array()
        .expect("a conditions array")
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap_or("").to_string(),
                c["status"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn nothing_is_refused_on_a_condition_never_asked_about() {
    // Source 003, sections 2 and 5: 50 % in the peripheral establishment, 2 or 3 establishments,
    // a public recruiter. No input says: all three are not verified, and the post computes.
    let json = asp(&[
        "compute",
        "-r",
        "nouvelle-aquitaine",
        "--strict",
        "--format",
        "json",
    ])
    .json();
    assert_eq!(
        statuses(&json),
        pairs(&[
            ("peripheral-time", "not-verified"),
            ("two-or-three-establishments", "not-verified"),
            ("public-recruiter", "not-verified"),
        ])
    );
    assert_eq!(json["ars_monthly"], "3249.79");
    assert!(json["conditions"][0]["source"] == "ars-na-2026");
}

#[test]
fn the_inputs_check_what_they_can() {
    let json = asp(&[
        "compute",
        "-r",
        "nouvelle-aquitaine",
        "--peripheral-share",
        "60%",
        "--half-days",
        "4",
        "--sites",
        "3",
        "--distance-km",
        "30",
        "--format",
        "json",
    ])
    .json();
    assert_eq!(
        statuses(&json),
        pairs(&[
            ("peripheral-time", "met"),
            ("two-or-three-establishments", "not-met"),
            ("public-recruiter", "not-verified"),
        ])
    );
    assert!(json["warnings"].to_string().contains("Condition not met"));
    // The same with --strict is refused, naming the condition.
    let strict = asp(&[
        "compute",
        "-r",
        "nouvelle-aquitaine",
        "--half-days",
        "4",
        "--sites",
        "3",
        "--distance-km",
        "30",
        "--strict",
    ]);
    assert_eq!(strict.code, 2);
    strict.assert_stderr_contains(
        "--strict: a condition of eligibility is not met: A project between 2 or 3 establishments",
    );
}

#[test]
fn ambulatory_posts_need_half_their_time_outside_and_exclude_general_medicine() {
    // Sources 000 (« à hauteur de 50 % minimum », « hors médecine générale »).
    let json = asp(&[
        "compute",
        "-r",
        "centre-val-de-loire",
        "--ambulatory-share",
        "40%",
        "--specialty",
        "Médecine générale",
        "--format",
        "json",
    ])
    .json();
    assert_eq!(
        statuses(&json),
        pairs(&[
            ("ambulatory-time", "not-met"),
            ("not-general-medicine", "not-met")
        ])
    );
    let ok = asp(&[
        "compute",
        "-r",
        "centre-val-de-loire",
        "--ambulatory-share",
        "50%",
        "--specialty",
        "cardiologie",
        "--strict",
        "--format",
        "json",
    ])
    .json();
    assert_eq!(
        statuses(&ok),
        pairs(&[("ambulatory-time", "met"), ("not-general-medicine", "met")])
    );
}

#[test]
fn overseas_posts_are_two_year_posts() {
    // Source 001: « des postes partagés de deux ans »; source 000: « une année au moins » overseas.
    let json = asp(&[
        "compute",
        "--region",
        "la-reunion",
        "--post-type",
        "overseas",
        "--share",
        "50%",
        "--months",
        "12",
        "--format",
        "json",
    ])
    .json();
    assert_eq!(
        statuses(&json),
        pairs(&[
            ("overseas-two-years", "not-met"),
            ("overseas-year", "not-verified")
        ])
    );
}

#[test]
fn the_derogation_conditions_appear_only_when_the_derogation_is_claimed() {
    let json = asp(&[
        "compute",
        "-r",
        "centre-val-de-loire",
        "--half-days",
        "2",
        "--distance-km",
        "10",
        "--pet-derogation",
        "--format",
        "json",
    ])
    .json();
    assert!(statuses(&json).contains(&(
        "pet-derogation-cases".to_string(),
        "not-verified".to_string()
    )));
    let without = asp(&["compute", "-r", "centre-val-de-loire", "--format", "json"]).json();
    assert!(!statuses(&without)
        .iter()
        .any(|(id, _)| id == "pet-derogation-cases"));
}

#[test]
fn batch_strict_makes_a_row_that_fails_a_condition_an_error() {
    let csv = "id,region,half_days,sites,distance_km\nA,nouvelle-aquitaine,4,1,30\nB,nouvelle-aquitaine,4,3,30\n";
    let out = asp_with_stdin(
        &[
            "batch",
            "-",
            "--strict",
            "--format",
            "csv",
            "--columns",
            "id,status,conditions",
        ],
        csv,
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(lines[1].starts_with("A,ok,"), "{}", out.stdout);
    assert!(lines[2].starts_with("B,error,"), "{}", out.stdout);
    out.assert_stderr_contains("line 3: a condition of eligibility is not met");
    // Without --strict, B is computed, with its checklist.
    let relaxed = asp_with_stdin(
        &[
            "batch",
            "-",
            "--format",
            "csv",
            "--columns",
            "id,status,conditions",
        ],
        csv,
    );
    assert_eq!(relaxed.code, 0, "{}", relaxed.stderr);
    assert!(relaxed
        .stdout
        .contains("two-or-three-establishments: not-met"));
}
