//! `envelope`: the national allocation notes priced, what they do not give left unknown.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // a test may stop on what it does not expect

mod util;

use util::asp;

fn envelope(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["envelope"];
    all.extend_from_slice(args);
    all.extend(["--format", "json"]);
    asp(&all).json()
}

fn row<'a>(json: &'a serde_json::Value, post_type: &str, region: &str) -> &'a serde_json::Value {
    json["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["post_type"] == post_type && r["region"] == region)
        .unwrap_or_else(|| panic!("no row {post_type} {region}"))
}

fn total<'a>(json: &'a serde_json::Value, post_type: &str) -> &'a serde_json::Value {
    json["totals"]
        .as_array()
        .expect("totals")
        .iter()
        .find(|r| r["post_type"] == post_type)
        .unwrap_or_else(|| panic!("no total {post_type}"))
}

#[test]
fn the_2018_note_prices_every_region_with_mayotte_inside_ocean_indien() {
    // Instruction DGOS/RH1/2018/158, annexes 1 and 2: 250 inter-hospital, 100 ambulatory, 50 overseas.
    let json = envelope(&[
        "--promotion",
        "2018-2020",
        "--share",
        "50%",
        "--pet-amount",
        "700",
        "--at",
        "2026-11-01",
    ]);
    assert_eq!(total(&json, "inter-hospital")["posts"], 250);
    assert_eq!(total(&json, "ambulatory")["posts"], 100);
    assert_eq!(total(&json, "overseas")["posts"], 50);
    assert_eq!(total(&json, "all")["posts"], 400);
    // Hauts-de-France, 44 posts, no rule set: (2 803,594166… + 1 010 + 700) × 1,44 × 50 % = 3 249,79
    // a month, 77 994,96 over 24 months, × 44 = 3 431 778,24.
    let hdf = row(&json, "inter-hospital", "hauts-de-france");
    assert_eq!(hdf["posts"], 44);
    assert_eq!(hdf["per_post_total"], "77994.96");
    assert_eq!(hdf["total"], "3431778.24");
    // Annexe 2: Océan indien 21 « dont Mayotte 15 »: Mayotte shown, within, without a total of its own.
    let mayotte = row(&json, "overseas", "mayotte");
    assert_eq!(mayotte["posts"], 15);
    assert_eq!(mayotte["level"], "within");
    assert!(mayotte["total"].is_null());
    // Overseas: 7 + 7 + 15 + 21 = 50 posts, every one 77 994,96: 3 899 748,00, Mayotte not counted again.
    assert_eq!(total(&json, "overseas")["total"], "3899748.00");
    // Inter-hospital: 250 × 77 994,96 = 19 498 740,00 (Nouvelle-Aquitaine's rule set gives the same figure).
    assert_eq!(total(&json, "inter-hospital")["total"], "19498740.00");
}

#[test]
fn what_a_note_does_not_give_stays_unknown() {
    // Note DGOS/RH1/2025/151 gives the national totals 250 / 80 / 30; its regional annex is not in the text.
    let json = envelope(&["--promotion", "2025-2027", "--share", "50%"]);
    for (post_type, posts) in [
        ("inter-hospital", 250),
        ("ambulatory", 80),
        ("overseas", 30),
    ] {
        let t = total(&json, post_type);
        assert_eq!(t["posts"], posts);
        assert_eq!(t["priced_posts"], 0);
        assert!(t["total"].is_null(), "{post_type}: unknown, not zero");
    }
    for r in json["rows"].as_array().expect("rows") {
        assert_eq!(r["level"], "unknown-regions");
        assert!(r["total"].is_null());
    }
    // Without a share, the regions with no rule set cannot be priced: their rows say why.
    let unshared = envelope(&["--promotion", "2018-2020"]);
    assert!(row(&unshared, "inter-hospital", "bretagne")["total"].is_null());
    assert!(row(&unshared, "inter-hospital", "bretagne")["note"]
        .as_str()
        .unwrap_or("")
        .contains("no published rule set"));
    let t = total(&unshared, "inter-hospital");
    assert_eq!(
        t["priced_posts"], 19,
        "only Nouvelle-Aquitaine's 19 posts have a rule set"
    );
    assert_eq!(t["total"], "1481904.24"); // 19 × 77 994,96
}

#[test]
fn the_credit_spreads_over_the_budget_years() {
    // 2024-2026 names Hauts-de-France 44 and Corse 3 inter-hospital posts: 47 × 3 249,79 × 2 months
    // = 305 480,26 in 2026 (from 1 November), × 12 = 1 832 881,56 in 2027.
    let json = envelope(&[
        "--promotion",
        "2024-2026",
        "--share",
        "50%",
        "--pet-amount",
        "700",
        "--at",
        "2026-11-01",
        "--by-year",
    ]);
    let years: Vec<(i64, String)> = json["by_year"]
        .as_array()
        .expect("by_year")
        .iter()
        .filter(|y| y["post_type"] == "inter-hospital")
        .map(|y| {
            (
                y["year"].as_i64().unwrap_or(0),
                y["ars"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(years[0], (2026, "305480.26".to_string()));
    assert_eq!(years[1], (2027, "1832881.56".to_string()));
    let t = total(&json, "inter-hospital");
    assert_eq!(
        (t["posts"].as_i64(), t["priced_posts"].as_i64()),
        (Some(250), Some(47))
    );
}

#[test]
fn every_format_writes_an_envelope() {
    for format in ["table", "csv"] {
        let out = asp(&[
            "envelope",
            "--promotion",
            "2018-2020",
            "--share",
            "50%",
            "--format",
            format,
        ]);
        out.assert_success();
        // Tables name the region; CSV gives its id.
        let region = if format == "table" {
            "Hauts-de-France"
        } else {
            "hauts-de-france"
        };
        assert!(out.stdout.contains(region), "{format}");
    }
    let excel = asp(&[
        "envelope",
        "--promotion",
        "2018-2020",
        "--share",
        "50%",
        "--format",
        "csv",
        "--excel",
    ]);
    excel.assert_success();
    // Nouvelle-Aquitaine's own rule set: 77 994,96 per post, in the French-Excel dialect.
    let na = excel
        .stdout
        .lines()
        .find(|l| l.starts_with("region;inter-hospital;nouvelle-aquitaine;"))
        .unwrap_or_else(|| panic!("a Nouvelle-Aquitaine row:\n{}", excel.stdout));
    assert!(na.contains(";77994,96;1481904,24;"), "{na}");
    let unknown = asp(&["envelope", "--promotion", "1999-2001"]);
    assert_eq!(unknown.code, 2);
    unknown.assert_stderr_contains("the notes are: 2018-2020, 2024-2026, 2025-2027");
}

#[test]
fn envelope_rows_priced_by_batch_give_the_same_totals() {
    // The general mechanism: envelope writes a batch input (a `posts` count per row), batch prices it.
    let rows = asp(&[
        "envelope",
        "--promotion",
        "2018-2020",
        "--batch-rows",
        "--at",
        "2026-11-01",
        "--share",
        "50%",
        "--pet-amount",
        "700",
    ]);
    rows.assert_success();
    assert!(rows
        .stdout
        .starts_with("id,region,post_type,posts,start,share,pet_amount\n"));
    assert!(rows.stdout.contains(
        "2018-2020/hauts-de-france/inter-hospital,hauts-de-france,inter-hospital,44,2026-11-01,50%,700\n"
    ));
    let summary = util::asp_with_stdin(
        &["batch", "-", "--summary-only", "--format", "csv"],
        &rows.stdout,
    );
    assert_eq!(summary.code, 0, "{}", summary.stderr);
    // 400 posts; 394 × 77 994,96 + Centre-Val de Loire's 6 ambulatory posts at 50 % of its published
    // 3 772,16 (1 886,08 a month, 45 265,92 a contract): 30 730 014,24 + 271 595,52 = 31 001 609,76.
    assert!(
        summary.stdout.contains("all,all,400,31001609.76,"),
        "{}",
        summary.stdout
    );
    assert!(summary
        .stdout
        .contains("hauts-de-france,inter-hospital,44,3431778.24,"));
    // The per-row total column is there too.
    let per_row = util::asp_with_stdin(
        &[
            "batch",
            "-",
            "--format",
            "csv",
            "--columns",
            "id,posts,ars_total,total",
        ],
        &rows.stdout,
    );
    assert!(per_row
        .stdout
        .contains("2018-2020/hauts-de-france/inter-hospital,44,77994.96,3431778.24"));
}
