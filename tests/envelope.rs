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
    // Each year also gives the establishment's share and the full cost, as the help says: at a
    // 50 % share with the reference charge rate, the credit and the establishment's share are
    // the two halves of the full cost; and the years of each total add up to it.
    let amount = |v: &serde_json::Value| {
        rust_decimal::Decimal::from_str_exact(v.as_str().unwrap_or("x")).expect("an amount")
    };
    for y in json["by_year"].as_array().expect("by_year") {
        let (ars, establishment, full) = (
            amount(&y["ars"]),
            amount(&y["establishment"]),
            amount(&y["full_cost"]),
        );
        assert_eq!(ars + establishment, full, "{y}");
    }
    let sum: rust_decimal::Decimal = json["by_year"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|y| y["post_type"] == "inter-hospital")
        .map(|y| amount(&y["ars"]))
        .sum();
    assert_eq!(sum, amount(&total(&json, "inter-hospital")["total"]));
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
    // Centre-Val de Loire's rule set fixes its share (100 %): its row leaves the share empty, so
    // that batch does not read the flag as the row's own what-if; standard error says so.
    assert!(rows.stdout.contains(
        "2018-2020/centre-val-de-loire/ambulatory,centre-val-de-loire,ambulatory,6,2026-11-01,,700\n"
    ));
    rows.assert_stderr_contains("--share left empty for centre-val-de-loire (ambulatory)");
    let summary = util::asp_with_stdin(
        &["batch", "-", "--summary-only", "--format", "csv"],
        &rows.stdout,
    );
    assert_eq!(summary.code, 0, "{}", summary.stderr);
    // 400 posts; 394 × 77 994,96 = 30 730 014,24 (77 994,96 × 400 − 77 994,96 × 6), and
    // Centre-Val de Loire's 6 ambulatory posts at its notice's 2 762,16 + 1 010 = 3 772,16 in full,
    // × 24 = 90 531,84 a post, × 6 = 543 191,04: 30 730 014,24 + 543 191,04 = 31 273 205,28.
    assert!(
        summary.stdout.contains("all,all,400,31273205.28,"),
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

/// The must-show command of issue 16, point 2.
const MUST_SHOW: &[&str] = &[
    "--promotion",
    "2018-2020",
    "--share",
    "50%",
    "--pet-amount",
    "700",
    "--at",
    "2026-11-01",
];

#[test]
fn a_flag_for_every_row_never_overrides_a_rule_set_silently() {
    // Centre-Val de Loire's notice (section 3): « intégralement pris en charge », base 2 762,16 +
    // IESPE 1 010 = 3 772,16 a month; the 2018 instruction's annex 1 gives it 6 ambulatory posts.
    // --share 50% fills what the other regions lack, and is not applied to its rule set's 100 %:
    // 3 772,16 × 24 = 90 531,84 a post, × 6 = 543 191,04.
    let json = envelope(MUST_SHOW);
    let cvl = row(&json, "ambulatory", "centre-val-de-loire");
    assert_eq!(cvl["rule_set"], "centre-val-de-loire-ambulatoire");
    assert_eq!(cvl["ars_monthly"], "3772.16");
    assert_eq!(cvl["per_post_total"], "90531.84");
    assert_eq!(cvl["total"], "543191.04");
    assert!(cvl["overrides"].is_null());
    // The rows without a rule set are priced with the flags: (2 803,594166… + 1 010 + 700) × 1,44
    // × 50 % = 3 249,7878 → 3 249,79; 94 × 77 994,96 = 7 331 526,24, + 543 191,04 = 7 874 717,28.
    assert_eq!(total(&json, "ambulatory")["total"], "7874717.28");
    // The head says once that the flag was not applied, where, and the rule set's own value.
    let rule_sets = json["rule_sets"].as_array().expect("rule_sets");
    let cvl_rule = rule_sets
        .iter()
        .find(|r| r["region"] == "centre-val-de-loire" && r["post_type"] == "ambulatory")
        .expect("Centre-Val de Loire's rule set");
    assert_eq!(
        cvl_rule["not_applied"],
        serde_json::json!([{"input": "share", "flag": "--share", "given": "0.5", "rule_set": "1"}])
    );
    let notes = json["flag_notes"].to_string();
    assert!(notes.contains("--share 50 % is not applied"), "{notes}");
    assert!(
        notes.contains("Centre-Val de Loire, ambulatory (centre-val-de-loire-ambulatoire: 100 %)")
    );

    // With --override the flag applies: 3 772,16 × 50 % = 1 886,08 a month, × 24 = 45 265,92,
    // × 6 = 271 595,52; the row says so, naming the flag and the rule set's own value.
    let mut args = MUST_SHOW.to_vec();
    args.push("--override");
    let json = envelope(&args);
    let cvl = row(&json, "ambulatory", "centre-val-de-loire");
    assert_eq!(cvl["ars_monthly"], "1886.08");
    assert_eq!(cvl["per_post_total"], "45265.92");
    assert_eq!(cvl["total"], "271595.52");
    assert_eq!(
        cvl["overrides"],
        serde_json::json!(["--share 50 % instead of 100 %"])
    );
    // Only the rows whose rule set the flag changes say so.
    assert!(row(&json, "ambulatory", "bretagne")["overrides"].is_null());
    assert!(row(&json, "inter-hospital", "nouvelle-aquitaine")["overrides"].is_null());
}

#[test]
fn the_table_says_it_once_and_in_french_too() {
    let mut args = vec!["envelope"];
    args.extend_from_slice(MUST_SHOW);
    for (lang, kept, not_applied) in [
        (
            "en",
            "3,772.16",
            "--share 50 % is not applied where a rule set fixes another value: Centre-Val de Loire, ambulatory (centre-val-de-loire-ambulatoire: 100 %).",
        ),
        (
            "fr",
            "3\u{a0}772,16\u{a0}€",
            "--share 50\u{a0}% n'est pas appliqué là où des règles fixent une autre valeur\u{a0}: Centre-Val de Loire, ambulatoire (centre-val-de-loire-ambulatoire\u{a0}: 100\u{a0}%).",
        ),
    ] {
        let mut all = args.clone();
        all.extend(["--lang", lang]);
        // Laid out wide: the rule set's column is kept and no sentence wraps.
        let out = util::TestCommand::new()
            .env("COLUMNS", "200")
            .args(&all)
            .run();
        out.assert_success();
        assert_eq!(out.stdout.matches(not_applied).count(), 1, "{lang}:\n{}", out.stdout);
        let cvl = out
            .stdout
            .lines()
            .find(|l| l.starts_with("│ Centre-Val de Loire") && l.contains("centre-val-de-loire-ambu"))
            .unwrap_or_else(|| panic!("{lang}: no CVL ambulatory row:\n{}", out.stdout));
        assert!(cvl.contains(kept), "{lang}: {cvl}");
        all.push("--override");
        let over = util::TestCommand::new()
            .env("COLUMNS", "200")
            .args(&all)
            .run();
        let cvl = over
            .stdout
            .lines()
            .find(|l| l.starts_with("│ Centre-Val de Loire") && l.contains("centre-val-de-loire-ambu"))
            .unwrap_or_else(|| panic!("{lang}: no CVL ambulatory row:\n{}", over.stdout));
        assert!(cvl.contains("--share 50"), "{lang}: {cvl}");
    }
}

#[test]
fn every_output_states_its_start_and_assumptions_once_at_its_head() {
    // Without --at: the promotion's first November, 2018-11-01, is before the shipped data (grid,
    // IESPE and PET from 2023-07-01, the reference charge rate from 2026-01-01, and Nouvelle-Aquitaine's
    // 2026 notice for contracts from 2026-11-01): the earliest day at which all of it is in force.
    let json = envelope(&["--promotion", "2018-2020", "--share", "50%"]);
    assert_eq!(json["start"], "2026-11-01");
    let reason = &json["start_reason"];
    assert_eq!(reason["id"], "earliest-data");
    assert_eq!(reason["wanted"], "2018-11-01");
    let later = reason["later"].to_string();
    for part in [
        r#"{"param":"grid","from":"2023-07-01"}"#,
        r#"{"param":"charges","from":"2026-01-01"}"#,
        r#"{"rule_set":"nouvelle-aquitaine-2026","from":"2026-11-01"}"#,
    ] {
        assert!(later.contains(part), "{later}");
    }
    assert_eq!(json["versions"][0]["param"], "grid");
    assert_eq!(json["versions"][0]["from"], "2023-07-01");
    assert_eq!(json["versions"][3]["from"], "2026-01-01");
    let assumptions: Vec<&str> = json["assumptions"]
        .as_array()
        .expect("assumptions")
        .iter()
        .filter_map(|a| a.as_str())
        .collect();
    let mut once = assumptions.clone();
    once.sort_unstable();
    once.dedup();
    assert_eq!(once.len(), assumptions.len(), "each assumption once");
    assert!(assumptions
        .iter()
        .any(|a| a.contains("nouvelle-aquitaine-2026 is the notice of the 2026 campaign")));

    // CSV: one table a script can load (every line has the header's fields), its basis first.
    let csv = asp(&[
        "envelope",
        "--promotion",
        "2018-2020",
        "--share",
        "50%",
        "-f",
        "csv",
    ]);
    csv.assert_success();
    let mut reader = csv::Reader::from_reader(csv.stdout.as_bytes());
    let header = reader.headers().expect("a header").clone();
    assert_eq!(header.get(0), Some("level"));
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a record")).collect();
    let levels: Vec<&str> = records.iter().filter_map(|r| r.get(0)).collect();
    assert_eq!(&levels[..2], ["start", "data"]);
    let start = header
        .iter()
        .position(|h| h == "start")
        .expect("a start column");
    assert_eq!(records[0].get(start), Some("2026-11-01"));
    let first_region = levels.iter().position(|l| *l == "region").expect("rows");
    assert!(levels[..first_region].iter().all(|l| *l != "region"));
    assert!(levels[..first_region].contains(&"assumption"));
    assert_eq!(levels.iter().filter(|l| **l == "start").count(), 1);

    // The table: the start sentence once, before the tables.
    let table = asp(&["envelope", "--promotion", "2018-2020", "--share", "50%"]);
    let sentence =
        "Contracts start on 2026-11-01, not in the promotion's first November (2018-11-01)";
    assert_eq!(table.stdout.matches(sentence).count(), 1);
    assert!(table.stdout.find(sentence) < table.stdout.find("Inter-hospital:"));
}

#[test]
fn a_note_many_rows_share_is_printed_once() {
    // Without --share, the 28 rows without a rule set cannot be priced: the table says why once
    // (it filled each of the 28 rows before, 634 lines in French), and the rows point to it.
    for lang in ["en", "fr"] {
        let out = asp(&["envelope", "--promotion", "2018-2020", "--lang", lang]);
        out.assert_success();
        let note = match lang {
            "en" => "(1) No published rule set for these posts, and no --share: not priced.",
            _ => {
                "(1) Pas de règles publiées pour ces postes, et pas de --share\u{a0}: non chiffrés."
            }
        };
        let flat = out
            .stdout
            .lines()
            .map(|l| l.trim_start_matches(' '))
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(flat.matches(note).count(), 1, "{}", out.stdout);
        // The 28 regions without figures are named under their table, each with its posts,
        // pointing to the note: 12 inter-hospital, 12 ambulatory, 4 overseas.
        let pointing = match lang {
            "en" => "Not priced (1): ",
            _ => "Non chiffrées (1)\u{a0}: ",
        };
        let named: usize = flat
            .split(pointing)
            .skip(1)
            .map(|rest| rest.split('.').next().unwrap_or("").matches(", ").count() + 1)
            .sum();
        assert_eq!(named, 28, "{}", out.stdout);
        assert!(
            out.stdout.lines().count() < 120,
            "{}",
            out.stdout.lines().count()
        );
    }
}

#[test]
fn the_default_start_is_the_promotions_first_november_when_the_data_exists() {
    // A data folder whose reference charge rate is in force from 2023-07-01: on 2024-11-01 the
    // grid, IESPE, PET scale and charge rate all are, and the 2024-2026 note's regions have no rule
    // set, so its contracts start on its first November.
    let rates = util::RatesCopy::new();
    rates.replace(
        "charges/reference.toml",
        "from = 2026-01-01",
        "from = 2023-07-01",
    );
    let dir = rates.arg();
    let args = [
        "--rates",
        dir.as_str(),
        "envelope",
        "--promotion",
        "2024-2026",
        "--share",
        "50%",
        "--pet-amount",
        "700",
        "--by-year",
        "--format",
        "json",
    ];
    let json = asp(&args).json();
    assert_eq!(json["start"], "2024-11-01");
    assert_eq!(json["start_reason"]["id"], "promotion");
    // Hauts-de-France 44 and Corse 3: 47 × 3 249,79 × 2 months = 305 480,26 in 2024.
    let first = &json["by_year"][0];
    assert_eq!(
        (first["year"].as_i64(), first["ars"].as_str()),
        (Some(2024), Some("305480.26"))
    );
    // The shipped data has no charge rate before 2026-01-01: the contracts start then, and say why.
    let shipped = envelope(&["--promotion", "2024-2026", "--share", "50%"]);
    assert_eq!(shipped["start"], "2026-01-01");
    assert_eq!(shipped["start_reason"]["id"], "earliest-data");
    assert!(shipped["start_reason"]["text"]
        .as_str()
        .unwrap_or("")
        .contains("the data has no reference charge rate before 2026-01-01"));
}

#[test]
fn a_workbook_states_its_basis_at_the_head_of_its_results() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("envelope.xlsx");
    let mut args = vec!["envelope"];
    args.extend_from_slice(MUST_SHOW);
    args.extend(["-f", "xlsx", "-o", path.to_str().expect("utf-8")]);
    asp(&args).assert_success();
    let mut book: Xlsx<_> = open_workbook(&path).expect("a workbook");
    assert_eq!(book.sheet_names(), ["Results", "Columns", "Sources"]);
    let results = book.worksheet_range("Results").expect("results");
    let level: Vec<String> = results.rows().map(|r| r[0].to_string()).collect();
    // The note's title above the table, then its header.
    assert!(level[0].starts_with("Allocation 2018-2020"), "{level:?}");
    assert_eq!(&level[1..4], ["level", "start", "data"]);
    assert!(level.contains(&"not-applied".to_string()));
    // The start is a date cell on the `start` line.
    let header: Vec<String> = results
        .rows()
        .nth(1)
        .expect("header")
        .iter()
        .map(|c| c.to_string())
        .collect();
    let start = header.iter().position(|h| h == "start").expect("start");
    let first = results.rows().nth(2).expect("the start line");
    assert!(
        matches!(first[start], Data::DateTime(_)),
        "{:?}",
        first[start]
    );
    let sources = book.worksheet_range("Sources").expect("sources");
    assert!(sources.rows().any(|r| r
        .iter()
        .any(|c| *c == Data::String("ars-cvl-ambulatoire".into()))));
}
