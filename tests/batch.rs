//! `batch` on the built binary: one output row per input row, the figures of the
//! documents to the cent, errors kept in place, stdin, atomic --output, the Excel
//! dialect and the workbook read back with an independent reader.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // a test may stop on what it does not expect

mod util;

use calamine::{open_workbook, Data, Reader, Xlsx};
use std::path::Path;
use util::{asp, asp_in, asp_with_stdin};

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/posts.csv");

fn rows(csv: &str) -> Vec<Vec<String>> {
    csv.lines()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

#[test]
fn the_sample_with_one_bad_row_exits_1_and_keeps_every_row() {
    let out = asp(&[
        "batch",
        SAMPLE,
        "--format",
        "csv",
        "--columns",
        "id,ars_monthly,ars_total,status",
    ]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let r = rows(&out.stdout);
    assert_eq!(r[0], ["id", "ars_monthly", "ars_total", "status"]);
    assert_eq!(
        r.len(),
        8,
        "a header and one row per input row:\n{}",
        out.stdout
    );
    // Nouvelle-Aquitaine (sources/003, section 6): 3 249,79 a month, 24 and 12 months.
    assert_eq!(r[1], ["CHU-BDX-01", "3249.79", "77994.96", "ok"]);
    assert_eq!(r[2], ["CHU-BDX-02", "3249.79", "38997.48", "ok"]);
    assert_eq!(r[3], ["CH-PAU-03", "3249.79", "77994.96", "ok"]);
    // A custom region at 60 % with PET 700: (2 803,594166… + 1 010 + 700) × 1,44 × 0,6
    // = 3 899,7453… → 3 899,75 a month, × 24 = 93 594,00.
    assert_eq!(r[4], ["CHU-RNS-04", "3899.75", "93594.00", "ok"]);
    // Centre-Val de Loire (sources/004): 2 762,16 + 1 010 = 3 772,16 a month.
    assert_eq!(r[5][1..], ["3772.16", "90531.84", "ok"]);
    assert_eq!(r[7], ["CH-ERR-07", "", "", "error"]);
    out.assert_stderr_contains("line 8: column `months`");
    out.assert_stderr_contains("allows contracts of 12 or 24 months only");
}

#[test]
fn one_thread_writes_json_and_tables() {
    // Issue 18 (mutants): on one thread the last chunk, empty, reaches the writer too; a sink
    // that takes no encoded rows (JSON, a table) must not be asked for them.
    let input = "id,region\nA,nouvelle-aquitaine\n";
    let args = [
        "batch",
        "-",
        "--threads",
        "1",
        "--columns",
        "id,ars_total,status",
        "-f",
    ];
    let run = |format: &str| {
        let mut all = args.to_vec();
        all.push(format);
        asp_with_stdin(&all, input)
    };
    // Nouvelle-Aquitaine: 3 249,79 a month, 24 months by default: 77 994,96.
    let json = run("json").json();
    assert_eq!(
        json,
        serde_json::json!([{"id": "A", "ars_total": "77994.96", "status": "ok"}])
    );
    let table = run("table");
    table.assert_success();
    assert!(table.stdout.contains("77,994.96"), "{}", table.stdout);
}

#[test]
fn notified_credits_are_checked_row_by_row() {
    let out = asp(&[
        "batch",
        SAMPLE,
        "-f",
        "csv",
        "--columns",
        "id,notified,expected,gap,check_status",
    ]);
    let r = rows(&out.stdout);
    assert_eq!(
        r[1],
        ["CHU-BDX-01", "77994.96", "77994.96", "0.00", "match"]
    );
    assert_eq!(
        r[2],
        ["CHU-BDX-02", "38997.48", "38997.48", "0.00", "match"]
    );
    assert_eq!(r[3], ["CH-PAU-03", "3249.79", "3249.79", "0.00", "match"]);
    assert_eq!(r[4], ["CHU-RNS-04", "", "", "", ""]);
}

#[test]
fn rows_that_differ_from_their_notified_credit_are_counted_and_exit_1() {
    // Issue 18 (mutants): no row in error, two mismatches: exit 1, and both counted.
    let out = asp_with_stdin(
        &[
            "batch",
            "-",
            "-f",
            "csv",
            "--columns",
            "id,expected,gap,check_status,status",
        ],
        "id,region,months,notified\n\
         A,nouvelle-aquitaine,24,77994.96\n\
         B,nouvelle-aquitaine,24,70000.00\n\
         C,nouvelle-aquitaine,12,40000.00\n",
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    let r = rows(&out.stdout);
    // 3 249,79 × 24 = 77 994,96 and × 12 = 38 997,48; the gap is the notified less the expected.
    assert_eq!(r[1], ["A", "77994.96", "0.00", "match", "ok"]);
    assert_eq!(r[2], ["B", "77994.96", "-7994.96", "mismatch", "ok"]);
    assert_eq!(r[3], ["C", "38997.48", "1002.52", "mismatch", "ok"]);
    assert_eq!(
        out.stderr,
        "asp-funding: standard input: 2 of 3 rows differ from their notified credit (check_status mismatch)\n"
    );
}

#[test]
fn stdin_is_read_with_a_dash_and_flags_fill_empty_cells() {
    let csv = "id,region,months,share\nA,nouvelle-aquitaine,,\nB,bretagne,12,\nC,nouvelle-aquitaine,,60%\n";
    let run = |extra: &[&str]| {
        let mut args = vec![
            "batch",
            "-",
            "-f",
            "csv",
            "--share",
            "60%",
            "--pet-amount",
            "700",
            "--post-type",
            "inter-hospital",
        ];
        args.extend_from_slice(extra);
        asp_with_stdin(&args, csv)
    };
    let out = run(&["--columns", "id,months,ars_total,status"]);
    out.assert_success();
    let r = rows(&out.stdout);
    // A: the flag fills the empty cell, but Nouvelle-Aquitaine's rule set fixes its share (50 %):
    // the flag is not applied there, and the credit stays the notice's 3 249,79 × 24 = 77 994,96.
    assert_eq!(r[1], ["A", "24", "77994.96", "ok"]);
    // B: Bretagne has no rule set, and the flags price it: (2 803,594166… + 1 010 + 700) × 1,44
    // = 6 499,5756, × 60 % = 3 899,74536 → 3 899,75 a month, × 12 = 46 797,00.
    assert_eq!(r[2], ["B", "12", "46797.00", "ok"]);
    // C: a share typed in the row's own cell is its what-if, applied: 3 899,75 × 24 = 93 594,00.
    assert_eq!(r[3], ["C", "24", "93594.00", "ok"]);
    // Said once on standard error, naming the flag, the rule set and its own value.
    out.assert_stderr_contains(
        "--share 60 % is given for every row but not applied to the rows priced by nouvelle-aquitaine-2026, which fixes 50 %",
    );
    // With --override the flag applies to A too, and A says so in its `overrides` column.
    let over = run(&["--override", "--columns", "id,ars_total,overrides"]);
    over.assert_success();
    let r = rows(&over.stdout);
    assert_eq!(r[1], ["A", "93594.00", "--share 60 % instead of 50 %"]);
    assert_eq!(r[3], ["C", "93594.00", ""]);
    assert!(!over.stderr.contains("not applied"), "{}", over.stderr);
}

#[test]
fn french_headers_a_bom_and_crlf_are_accepted() {
    let csv = "\u{feff}id,Région,Mois,Montant PET,Part\r\nA,bretagne,24,700,60%\r\n";
    let out = asp_with_stdin(
        &[
            "batch",
            "-",
            "-f",
            "csv",
            "--columns",
            "id,ars_total",
            "-t",
            "inter-hospital",
        ],
        csv,
    );
    out.assert_success();
    assert_eq!(rows(&out.stdout.replace('\r', ""))[1], ["A", "93594.00"]);
}

#[test]
fn an_unknown_column_is_a_usage_error_naming_it_with_strict_columns() {
    // Without --strict-columns it is copied to the output (tests/batch_input.rs).
    let out = asp_with_stdin(
        &["batch", "-", "--strict-columns"],
        "id,region,colour\nA,bretagne,blue\n",
    );
    out.assert_usage_error()
        .assert_stderr_contains("unknown column 'colour' (--strict-columns)");
}

#[test]
fn output_into_a_missing_folder_exits_2_and_leaves_nothing() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let target = dir.path().join("missing/out.csv");
    let out = asp(&[
        "batch",
        SAMPLE,
        "-f",
        "csv",
        "--output",
        target.to_str().expect("utf-8"),
    ]);
    out.assert_usage_error();
    assert!(!target.exists());
    assert!(!dir.path().join("missing").exists());
}

#[test]
fn output_is_written_whole_and_no_temporary_file_remains() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let target = dir.path().join("out.csv");
    let out = asp(&[
        "batch",
        SAMPLE,
        "-f",
        "csv",
        "-o",
        target.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.code, 1);
    assert_eq!(out.stdout, "");
    let text = std::fs::read_to_string(&target).expect("written");
    assert_eq!(text.lines().count(), 8);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("listed")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[test]
fn excel_dialect_neutralises_formulas_and_uses_decimal_commas() {
    let out = asp(&[
        "batch",
        SAMPLE,
        "-f",
        "csv",
        "--excel",
        "--columns",
        "id,ars_total,status",
    ]);
    assert!(out.stdout.starts_with('\u{feff}'));
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines[1], "CHU-BDX-01;77994,96;ok");
    assert_eq!(lines[6], "\"'=HYPERLINK(\"\"http://x\"\")\";77994,96;ok");
}

#[test]
fn xlsx_stores_amounts_as_numbers_and_has_a_sources_sheet() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("posts.xlsx");
    let out = asp(&[
        "batch",
        SAMPLE,
        "-f",
        "xlsx",
        "-o",
        path.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let mut book: Xlsx<_> = open_workbook(&path).expect("a workbook");
    assert_eq!(book.sheet_names(), ["Results", "Columns", "Sources"]);
    let range = book.worksheet_range("Results").expect("results");
    let header: Vec<String> = range
        .rows()
        .next()
        .expect("header")
        .iter()
        .map(|c| c.to_string())
        .collect();
    let col = header
        .iter()
        .position(|h| h == "ars_total")
        .expect("ars_total column");
    let first = range.rows().nth(1).expect("a row");
    assert_eq!(first[col], Data::Float(77994.96));
    let start = header
        .iter()
        .position(|h| h == "start")
        .expect("start column");
    assert!(
        matches!(first[start], Data::DateTime(_)),
        "{:?}",
        first[start]
    );

    let compute = dir.path().join("one.xlsx");
    asp(&[
        "compute",
        "-r",
        "nouvelle-aquitaine",
        "-f",
        "xlsx",
        "-o",
        compute.to_str().expect("utf-8"),
    ])
    .assert_success();
    let mut book: Xlsx<_> = open_workbook(&compute).expect("a workbook");
    let sources = book.worksheet_range("Sources").expect("sources");
    assert!(sources
        .rows()
        .any(|r| r.iter().any(|c| *c == Data::String("ars-na-2026".into()))));

    // The batch's Sources sheet: every note its rows name by id, once, with the rows citing a
    // document (the rows' `sources` are `S2|S4`: examples/posts.csv, rows 2-7 of the sheet, the
    // row in error on line 8 cites none).
    let mut book: Xlsx<_> = open_workbook(&path).expect("a workbook");
    let sources = book.worksheet_range("Sources").expect("sources");
    let rows: Vec<Vec<String>> = sources
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(
        rows[0],
        [
            "Kind",
            "Id",
            "Text",
            "Reference",
            "URL",
            "Date",
            "Rows citing it"
        ]
    );
    let row = |id: &str| {
        let found: Vec<&Vec<String>> = rows.iter().filter(|r| r[1] == id).collect();
        assert_eq!(found.len(), 1, "{id}: {rows:?}");
        found[0].clone()
    };
    let na = row("S4");
    assert_eq!(na[0], "Document");
    assert!(
        na[2].starts_with("ars-na-2026: ARS Nouvelle-Aquitaine"),
        "{na:?}"
    );
    assert_eq!(na[6], "2-7");
    // The PET's decree: only CH-PAU-03 (row 4) and CH-TRS-05 (row 6) price a working pattern.
    assert_eq!(row("S1")[6], "4, 6");
    assert_eq!(row("S5")[6], "");
    let a9 = row("A9");
    assert_eq!(a9[0], "Assumption");
    assert!(
        a9[2].starts_with("The actual cost counts employer charges at the data's reference rate"),
        "{a9:?}"
    );
    assert_eq!(row("W8")[0], "Warning");
    assert_eq!(row("nouvelle-aquitaine-2026.A2")[0], "Assumption");
    assert_eq!(row("peripheral-time")[0], "Condition");
    // No document is listed twice, by its data id and by its short id.
    assert!(rows.iter().all(|r| r[1] != "ars-na-2026"), "{rows:?}");
}

#[test]
fn xlsx_to_standard_output_is_refused() {
    asp(&["compute", "-r", "nouvelle-aquitaine", "-f", "xlsx"])
        .assert_usage_error()
        .assert_stderr_contains("--output");
}

#[test]
fn the_examples_run_as_their_readme_says() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    for (args, expected) in [
        (vec!["-f", "csv"], "posts.out.csv"),
        (vec!["-f", "csv", "--excel"], "posts.excel.csv"),
    ] {
        let mut all = vec!["batch", "posts.csv"];
        all.extend(args);
        let out = asp_in(&examples, &all);
        assert_eq!(out.code, 1, "{}", out.stderr);
        let shipped = std::fs::read_to_string(examples.join(expected)).expect("shipped output");
        assert_eq!(out.stdout, shipped, "examples/{expected} is out of date");
    }
}

#[test]
fn json_summary_is_a_section_of_its_own() {
    let out = asp(&[
        "batch",
        SAMPLE,
        "--summary",
        "--format",
        "json",
        "--columns",
        "id,ars_total",
    ]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(json["rows"].as_array().map(Vec::len), Some(7));
    assert_eq!(json["rows"][0]["ars_total"], "77994.96");
    let summary = json["summary"].as_array().expect("a summary array");
    let na = summary
        .iter()
        .find(|r| r["region"] == "nouvelle-aquitaine")
        .expect("a Nouvelle-Aquitaine total");
    // Three 24-month posts and one 12-month post: 3 × 77 994,96 + 38 997,48 = 272 982,36.
    assert_eq!(na["posts"], 4);
    assert_eq!(na["ars_total"], "272982.36");
    let all = summary.last().expect("a grand total");
    // + 93 594,00 (Bretagne, 60 %) + 90 531,84 (Centre-Val de Loire) = 457 108,20; the bad row counts nothing.
    assert_eq!((&all["region"], &all["posts"]), (&"all".into(), &6.into()));
    assert_eq!(all["ars_total"], "457108.20");
}

#[test]
fn the_output_is_the_same_whatever_the_number_of_threads() {
    // More rows than a chunk, with repeats, so that several threads share the work.
    let mut csv = String::from("id,region,start,months,share,pet_amount\n");
    for i in 0..5000 {
        let region = if i % 3 == 0 {
            "bretagne"
        } else {
            "nouvelle-aquitaine"
        };
        let (share, pet) = if region == "bretagne" {
            ("60%", "700")
        } else {
            ("", "")
        };
        let months = if i % 7 == 0 { 18 } else { 12 + 12 * (i % 2) };
        csv.push_str(&format!(
            "P{i},{region},2027-0{}-01,{months},{share},{pet}\n",
            1 + i % 9
        ));
    }
    let run = |threads: &str| {
        asp_with_stdin(
            &["batch", "-", "--format", "csv", "--threads", threads],
            &csv,
        )
    };
    let one = run("1");
    assert_eq!(
        one.code, 1,
        "the 18-month Nouvelle-Aquitaine rows are errors"
    );
    assert_eq!(one.stdout.lines().count(), 5001);
    for threads in ["2", "4"] {
        let other = run(threads);
        assert_eq!(other.code, one.code);
        assert!(
            other.stdout == one.stdout,
            "{threads} threads differ from one"
        );
        assert_eq!(other.stderr, one.stderr);
    }
}

#[test]
fn an_error_names_the_column_as_the_header_writes_it() {
    // A French header: the bad date is in `début`, and the message says so, in either
    // language; an error about two inputs names both as the header writes them.
    let input = "id,région,début,mois,fin\nP1,nouvelle-aquitaine,2026-13-01,,\nP2,nouvelle-aquitaine,2026-11-01,12,2028-10-31\n";
    let out = asp_with_stdin(
        &["batch", "-", "-f", "csv", "--columns", "id,status"],
        input,
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    out.assert_stderr_contains(
        "line 2: column `début`: '2026-13-01' is not a date written YYYY-MM-DD",
    );
    out.assert_stderr_contains(
        "line 3: column `fin`: `mois` gives 12 months, but `fin`, 2028-10-31, ends a contract of 24 whole months: give the contract length either as `mois` or as `fin`, or both in agreement",
    );
    assert!(!out.stderr.contains("`start`"), "{}", out.stderr);
    let french = asp_with_stdin(
        &[
            "batch",
            "-",
            "-f",
            "csv",
            "--columns",
            "id,status",
            "--lang",
            "fr",
        ],
        input,
    );
    let stderr = french.stderr.replace('\u{a0}', " ");
    assert!(
        stderr.contains(
            "ligne 2 : colonne `début` : « 2026-13-01 » n'est pas une date écrite AAAA-MM-JJ ou JJ/MM/AAAA"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "donnez la durée du contrat soit par `mois`, soit par `fin`, ou les deux en accord"
        ),
        "{stderr}"
    );
    // A value the command line gives for every row is named as its flag.
    let flags = asp_with_stdin(
        &[
            "batch",
            "-",
            "-f",
            "csv",
            "--columns",
            "id,status",
            "--end",
            "2028-10-31",
        ],
        "id,region,months\nP1,nouvelle-aquitaine,12\n",
    );
    flags.assert_stderr_contains("give the contract length either as `months` or as --end");
}
