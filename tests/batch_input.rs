//! What `batch` reads (issue 15, « Reading »; issue 18, points 5 to 9 and 15): the tool's own
//! `--excel` output read back, a French Windows-1252 file with its own columns, the same file
//! saved by LibreOffice as .xlsx and .ods, columns copied in their place, rows in error that keep
//! what was typed, every line end and every line counted, and one rule for `compute` and `batch`.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // a test may stop on what it does not expect

mod util;

use std::collections::BTreeMap;
use std::path::Path;
use util::{asp, asp_with_stdin, TestCommand};

const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/batch");

/// A CSV output as records, each a map from header to cell.
fn records(csv: &str) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("a header")
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|r| {
            let r = r.expect("a record");
            header
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_string))
                .collect()
        })
        .collect();
    (header, rows)
}

fn batch_csv(file: &str, extra: &[&str]) -> util::Output {
    let mut args = vec!["batch", file, "-f", "csv"];
    args.extend_from_slice(extra);
    asp(&args)
}

#[test]
fn the_tools_own_excel_output_reads_back_with_the_same_figures() {
    // Issue 15, must show: `batch examples/posts.excel.csv` (`;`, byte order mark, decimal
    // comma, neutralised cells) gives the same figures as `batch examples/posts.csv`.
    let original = batch_csv(&format!("{EXAMPLES}/posts.csv"), &[]);
    let read_back = batch_csv(&format!("{EXAMPLES}/posts.excel.csv"), &[]);
    assert_eq!(original.code, 1, "{}", original.stderr);
    assert_eq!(read_back.code, 1, "{}", read_back.stderr);
    let (header, a) = records(&original.stdout);
    let (header_back, b) = records(&read_back.stdout);
    assert_eq!(header, header_back);
    assert_eq!(a.len(), 7);
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        for column in &header {
            if column == "id" {
                // The formula-like id comes back with the quote that neutralised it.
                assert!(
                    y[column].ends_with(&x[column]),
                    "{} {}",
                    x[column],
                    y[column]
                );
                continue;
            }
            assert_eq!(x[column], y[column], "{} {column}", x["id"]);
        }
    }
    // The columns it wrote itself are written afresh, and it says so once.
    read_back.assert_stderr_contains("are columns this command writes: written afresh");
    // The same row in error, at the same line.
    read_back.assert_stderr_contains("line 8: column `months`");
}

#[test]
fn the_tools_output_with_french_headings_reads_back_without_a_warning() {
    // `--headers fr` heads each column as a French finance office reads it (« Motif du départ »,
    // « Écart », « Crédit ARS »): read back, each is known, as an input or as a column the tool
    // writes, and the figures are the same as from the original file.
    let dir = tempfile::tempdir().unwrap();
    let french = dir.path().join("sortie.csv");
    let written = batch_csv(
        &format!("{EXAMPLES}/posts.csv"),
        &["--headers", "fr", "--excel", "-o", french.to_str().unwrap()],
    );
    assert_eq!(written.code, 1, "{}", written.stderr);
    let heading = std::fs::read_to_string(&french).unwrap();
    assert!(heading.contains(";Motif du départ;"), "{heading}");
    assert!(heading.contains(";Écart;"), "{heading}");
    let columns = [
        "--columns",
        "id,ars_monthly,ars_total,establishment_total,status",
    ];
    let original = batch_csv(&format!("{EXAMPLES}/posts.csv"), &columns);
    let read_back = batch_csv(french.to_str().unwrap(), &columns);
    assert!(
        !read_back.stderr.contains("is not an input"),
        "{}",
        read_back.stderr
    );
    read_back.assert_stderr_contains("are columns this command writes: written afresh");
    let ((_, a), (_, b)) = (records(&original.stdout), records(&read_back.stdout));
    assert_eq!(a.len(), 7);
    for (x, y) in a.iter().zip(&b) {
        for column in ["ars_monthly", "ars_total", "establishment_total", "status"] {
            assert_eq!(x[column], y[column], "{} {column}", x["id"]);
        }
    }
    // `--columns` names an input's column by its French name too (`début` for `start`).
    let out = batch_csv(
        &format!("{FIXTURES}/postes-fr.csv"),
        &["--columns", "id,début,établissement"],
    );
    let (header, rows) = records(&out.stdout);
    assert_eq!(header, ["id", "start", "établissement"]);
    assert_eq!(rows[0]["start"], "2026-11-01");
}

/// The French file's rows: (id, établissement, ars_monthly, ars_total, check_status).
const FRENCH: [[&str; 5]; 5] = [
    [
        "CHU-BDX-01",
        "CHU de Bordeaux",
        "3249.79",
        "77994.96",
        "match",
    ],
    [
        "CHU-BDX-02",
        "CHU de Bordeaux",
        "3249.79",
        "38997.48",
        "match",
    ],
    ["CH-PAU-03", "CH de Pau", "3249.79", "77994.96", "match"],
    // Bretagne at 60 % with a PET of 700: 6 499,5756 × 60 % = 3 899,75 a month.
    ["CHU-RNS-04", "CHU de Rennes", "3899.75", "93594.00", ""],
    // Centre-Val de Loire's notice: 2 762,16 + 1 010 = 3 772,16 a month.
    ["CH-TRS-05", "CH de Tours", "3772.16", "90531.84", ""],
];

fn assert_french_rows(out: &util::Output) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    assert_eq!(out.code, 0, "{}", out.stderr);
    let (header, rows) = records(&out.stdout);
    assert_eq!(rows.len(), FRENCH.len());
    for (row, [id, place, monthly, total, check]) in rows.iter().zip(FRENCH) {
        assert_eq!(row["id"], id);
        assert_eq!(row["établissement"], place);
        assert_eq!(row["ars_monthly"], monthly, "{id}");
        assert_eq!(row["ars_total"], total, "{id}");
        assert_eq!(row["check_status"], check, "{id}");
        assert_eq!(row["status"], "ok", "{id}");
    }
    (header, rows)
}

#[test]
fn a_french_windows_1252_file_prices_every_row_and_keeps_its_columns() {
    // Issue 15, must show: `;`, French headers, JJ/MM/AAAA dates, « 3 249,79 € » amounts,
    // « entre établissements », oui/non, and columns of its own: `établissement`, `commentaire`.
    let out = batch_csv(&format!("{FIXTURES}/postes-fr.csv"), &[]);
    let (header, rows) = assert_french_rows(&out);
    out.assert_stderr_contains("read as windows-1252 (the bytes are not UTF-8)");
    // Each column of its own in its place: `établissement` after the id, as in the input;
    // `commentaire` after the output column of the input column before it (`par`: `per`).
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(at("établissement"), at("id") + 1);
    assert_eq!(at("commentaire"), at("per") + 1);
    assert_eq!(rows[2]["commentaire"], "« à confirmer »");
    // Inputs the output has no column for are echoed as typed, after theirs.
    assert_eq!(rows[3]["montant_pet"], "700,00\u{a0}€");
    assert_eq!(rows[2]["dérogation_pet"], "non");
    assert_eq!(rows[4]["post_type"], "ambulatory");
    // The examples folder holds the same file.
    assert_eq!(
        std::fs::read(format!("{FIXTURES}/postes-fr.csv")).unwrap(),
        std::fs::read(format!("{EXAMPLES}/postes-fr.csv")).unwrap()
    );
}

#[test]
fn the_same_file_saved_by_libreoffice_as_xlsx_or_ods_prices_the_same() {
    // Issue 15, must show: made with
    // `soffice --headless --infilter="CSV:59,34,1,1,,1036,false,true" --convert-to xlsx postes-fr.csv`
    // (and `ods`): its dates are dates, its amounts and counts numbers, its share a percentage.
    let csv = batch_csv(&format!("{FIXTURES}/postes-fr.csv"), &[]);
    let (header, rows) = records(&csv.stdout);
    for book in ["postes-fr.xlsx", "postes-fr.ods"] {
        let out = batch_csv(&format!("{FIXTURES}/{book}"), &[]);
        let (book_header, book_rows) = assert_french_rows(&out);
        assert_eq!(header, book_header, "{book}");
        for (x, y) in rows.iter().zip(&book_rows) {
            for column in &header {
                // A number cell is copied as its number: 700, not « 700,00 € ».
                if column != "montant_pet" {
                    assert_eq!(x[column], y[column], "{book}: {} {column}", x["id"]);
                }
            }
        }
        assert_eq!(book_rows[3]["montant_pet"], "700", "{book}");
    }
}

#[test]
fn a_workbook_sheet_is_chosen_by_name() {
    let book = format!("{FIXTURES}/postes-fr.xlsx");
    let out = batch_csv(&book, &["--sheet", "nope"]);
    out.assert_usage_error()
        .assert_stderr_contains("no sheet 'nope': the sheets are ");
    // By its name, in any case.
    let first = {
        use calamine::Reader;
        let sheets: calamine::Xlsx<_> = calamine::open_workbook(&book).unwrap();
        sheets.sheet_names()[0].clone()
    };
    batch_csv(&book, &["--sheet", &first.to_uppercase()]).assert_success();
}

#[test]
fn a_file_that_is_no_csv_says_what_it_looks_like() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("saisie.csv");
    std::fs::write(&pdf, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n").unwrap();
    let out = asp(&["batch", pdf.to_str().unwrap(), "--lang", "fr"]);
    out.assert_usage_error();
    assert!(
        out.stderr.replace('\u{a0}', " ").contains(
            "ce fichier ressemble à un document PDF, pas à un fichier CSV : enregistrez-le en CSV UTF-8 ou donnez le classeur .xlsx"
        ),
        "{}",
        out.stderr
    );
    // A ZIP that is no workbook.
    let zip = dir.path().join("dossier.zip");
    std::fs::write(&zip, b"PK\x03\x04\x14\x00\x00\x00\x00\x00garbage").unwrap();
    asp(&["batch", zip.to_str().unwrap()])
        .assert_usage_error()
        .assert_stderr_contains("not a workbook that can be read");
}

#[test]
fn a_row_in_error_keeps_what_was_typed() {
    // Issue 15: nothing the user typed is lost from the output.
    let input = "id,region,post_type,start,months,note\n\
                 A,Nouvelle-Aquitaine,entre établissements,01/11/2026,18,à revoir\n";
    let out = asp_with_stdin(&["batch", "-", "-f", "csv"], input);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let (_, rows) = records(&out.stdout);
    let row = &rows[0];
    assert_eq!(row["status"], "error");
    assert_eq!(row["region"], "Nouvelle-Aquitaine");
    assert_eq!(row["post_type"], "entre établissements");
    assert_eq!(row["start"], "01/11/2026");
    assert_eq!(row["months"], "18");
    assert_eq!(row["note"], "à revoir");
    assert_eq!(row["ars_total"], "");
}

#[test]
fn a_row_whose_quote_is_left_open_keeps_its_cells_as_typed() {
    // Its cells cannot all be read; those before the open quote are echoed as the file gives
    // them (a quoted cell with a comma too), the open one runs to the line's end: its id and the
    // user's columns stay with it. The rows after it are read.
    let input = "id,note,region,start,months,memo\n\
                 A,a,nouvelle-aquitaine,2026-11-01,12,x\n\
                 \"B\",\"Dupont, Jean\",nouvelle-aquitaine,2026-11-01,12,\"open\n\
                 C,c,nouvelle-aquitaine,2026-11-01,12,z\n";
    let out = asp_with_stdin(&["batch", "-", "-f", "csv"], input);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let (_, rows) = records(&out.stdout);
    assert_eq!(rows.len(), 3);
    let row = &rows[1];
    assert_eq!(
        (
            row["id"].as_str(),
            row["status"].as_str(),
            row["note"].as_str()
        ),
        ("B", "error", "Dupont, Jean")
    );
    assert_eq!(
        (
            row["region"].as_str(),
            row["start"].as_str(),
            row["memo"].as_str()
        ),
        ("nouvelle-aquitaine", "2026-11-01", "open")
    );
    assert_eq!(rows[2]["status"], "ok");
}

#[test]
fn columns_copied_keep_their_place_and_can_be_chosen() {
    let input = "note,id,region,établissement,start,,months\n\
                 n1,A,nouvelle-aquitaine,CHU,2026-11-01,x,24\n";
    let out = asp_with_stdin(&["batch", "-", "-f", "csv"], input);
    out.assert_success();
    let (header, rows) = records(&out.stdout);
    // Before any input column: first. After `region`: after the output's `region`. The column
    // with no name keeps its empty header, after `start`'s.
    assert_eq!(header[..4], ["note", "id", "region", "établissement"]);
    let start = header.iter().position(|h| h == "start").unwrap();
    assert_eq!(header[start + 1], "");
    assert_eq!(rows[0][""], "x");
    // --columns names a copied column by its header, in any case and accents.
    let chosen = asp_with_stdin(
        &[
            "batch",
            "-",
            "-f",
            "csv",
            "--columns",
            "id,etablissement,ars_total",
        ],
        input,
    );
    chosen.assert_success();
    assert_eq!(
        chosen.stdout,
        "id,établissement,ars_total\nA,CHU,77994.96\n"
    );
    // An input echoed is named by its key or its French name, whatever the header says.
    let echoed = asp_with_stdin(
        &["batch", "-", "-f", "csv", "--columns", "id,pet_amount"],
        "id,region,share,montant_pet\nA,bretagne,50%,700\n",
    );
    assert_eq!(
        echoed.stdout, "id,montant_pet\nA,700\n",
        "{}",
        echoed.stderr
    );
    // JSON keys them by their header.
    let json = asp_with_stdin(
        &["batch", "-", "-f", "json", "--columns", "id,établissement"],
        input,
    );
    assert!(
        json.stdout.contains("\"établissement\":\"CHU\""),
        "{}",
        json.stdout
    );
    // A table for people shows the user's own columns.
    let table = asp_with_stdin(&["batch", "-"], input);
    assert!(table.stdout.contains("établissement"), "{}", table.stdout);
    // --strict-columns refuses them, with the name of the column.
    asp_with_stdin(&["batch", "-", "--strict-columns"], input)
        .assert_usage_error()
        .assert_stderr_contains("unknown column 'note' (--strict-columns)");
}

#[test]
fn an_empty_id_or_copied_cell_is_null_in_json() {
    // Issue 18 (mutants): a row's own cell left empty is no cell, as an amount not computed
    // is: `null` in JSON, not an empty text.
    let json = asp_with_stdin(
        &["batch", "-", "-f", "json", "--columns", "id,note,ars_total"],
        "id,region,note\n,nouvelle-aquitaine,\nB,nouvelle-aquitaine,x\n",
    )
    .json();
    assert_eq!(
        json,
        serde_json::json!([
            {"id": null, "note": null, "ars_total": "77994.96"},
            {"id": "B", "note": "x", "ars_total": "77994.96"}
        ])
    );
}

#[test]
fn of_two_cells_in_error_the_first_is_the_rows_error() {
    // Issue 18 (mutants): a date is read after the row's other cells, but an earlier cell's
    // error is still the row's; a later one's is not.
    let run = |input: &str| {
        asp_with_stdin(&["batch", "-", "-f", "csv", "--columns", "id,error"], input).stdout
    };
    assert_eq!(
        run("id,region,share,start\nA,bretagne,abc,2026-13-01\n"),
        "id,error\nA,column `share`: 'abc' is not a number\n"
    );
    assert_eq!(
        run("id,region,start,share\nA,bretagne,2026-13-01,abc\n"),
        "id,error\nA,column `start`: '2026-13-01' is not a date written YYYY-MM-DD or DD/MM/YYYY (or not a day of the calendar)\n"
    );
}

#[test]
fn a_misspelt_input_is_copied_with_a_warning() {
    let out = asp_with_stdin(
        &["batch", "-", "-f", "csv", "--lang", "fr"],
        "region,debutt\nnouvelle-aquitaine,2026-11-01\n",
    );
    out.assert_success();
    assert!(
        out.stderr
            .replace('\u{a0}', " ")
            .contains("la colonne « debutt » n'est pas une donnée : recopiée telle quelle en sortie. Vouliez-vous dire « debut » ?"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_cr_only_file_of_40_000_rows_gives_40_000_rows() {
    // Issue 18, must show: Excel for Mac's « CSV (Macintosh) » ends lines with a lone `\r`.
    let mut input = String::from("id,region,start,months\r");
    for i in 0..40_000 {
        input.push_str(&format!("P{i},nouvelle-aquitaine,2026-11-01,24\r"));
    }
    let out = TestCommand::new()
        .args(["batch", "-", "-f", "csv", "--columns", "id,status"])
        .stdin_bytes(input.into_bytes())
        .run();
    out.assert_success();
    assert_eq!(out.stdout.lines().count(), 40_001);
    assert!(out.stdout.ends_with("P39999,ok\n"));
}

#[test]
fn a_quoted_record_past_the_cap_is_refused_with_its_line_and_the_rest_is_read() {
    // Issue 18, point 9: the cap is on a record, so a quoted cell over many lines cannot pass it.
    let mut input =
        String::from("id,region,start,months\nA,nouvelle-aquitaine,2026-11-01,24\nB,\"");
    for _ in 0..3000 {
        input.push_str(&"x".repeat(999));
        input.push('\n');
    }
    input.push_str("\",nouvelle-aquitaine,2026-11-01,24\nC,nouvelle-aquitaine,2026-11-01,24\n");
    let out = asp_with_stdin(
        &["batch", "-", "-f", "csv", "--columns", "id,status"],
        &input,
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    out.assert_stderr_contains("line 3: the row is longer than 1 MiB");
    assert!(
        // The row keeps its id, as typed on its first line.
        out.stdout.starts_with("id,status\nA,ok\nB,error\n"),
        "{}",
        &out.stdout[..80]
    );
    assert!(out.stdout.ends_with("C,ok\n"));
}

#[test]
fn dates_as_typed_in_france_on_the_command_line_too() {
    // One reader of dates for cells and flags: --start 01/11/2026 is the 1st of November.
    let fr = asp(&[
        "compute",
        "-r",
        "nouvelle-aquitaine",
        "--start",
        "01/11/2026",
        "-f",
        "json",
    ]);
    let json = fr.json();
    assert_eq!(json["start"], "2026-11-01");
    asp(&["compute", "-r", "nouvelle-aquitaine", "--start", "01/11/26"])
        .assert_usage_error()
        .assert_stderr_contains("a year of two digits could be 1926 or 2026");
    asp(&["rates", "show", "grid", "--at", "01/07/2023"]).assert_success();
}

#[test]
fn one_rule_for_a_reason_for_leaving_without_the_day_left() {
    // Issue 18, point 8: compute and a batch row say the same.
    let compute = asp(&[
        "compute",
        "-r",
        "nouvelle-aquitaine",
        "--leave-reason",
        "autre",
    ]);
    compute
        .assert_usage_error()
        .assert_stderr_contains("a reason for leaving goes with the last day served (--left-on)");
    let row = asp_with_stdin(
        &["batch", "-", "-f", "csv", "--columns", "status,error"],
        "region,leave_reason\nnouvelle-aquitaine,autre\n",
    );
    assert_eq!(row.code, 1);
    row.assert_stderr_contains("a reason for leaving goes with the last day served (`left_on`)");
    // Given for every row, it concerns the rows that leave: the others are priced.
    let flag = asp_with_stdin(
        &[
            "batch",
            "-",
            "-f",
            "csv",
            "--columns",
            "status,recovery",
            "--leave-reason",
            "chef-de-clinique",
        ],
        "region,left_on\nnouvelle-aquitaine,\nnouvelle-aquitaine,2027-06-30\n",
    );
    flag.assert_success();
    assert_eq!(flag.stdout, "status,recovery\nok,\nok,covered\n");
}

#[test]
fn a_length_given_twice_must_agree() {
    let out = asp_with_stdin(
        &["batch", "-", "-f", "csv", "--columns", "months,extra_days,status"],
        "region,start,months,end\nnouvelle-aquitaine,2026-11-01,24,2028-10-31\nnouvelle-aquitaine,2026-11-01,12,2028-10-31\n",
    );
    assert_eq!(out.code, 1);
    assert!(
        out.stdout
            .starts_with("months,extra_days,status\n24,0,ok\n"),
        "{}",
        out.stdout
    );
    out.assert_stderr_contains(
        "`months` gives 12 months, but `end`, 2028-10-31, ends a contract of 24 whole months",
    );
}

#[test]
fn posts_past_the_bound_are_refused_and_totals_are_checked() {
    // Issue 18, point 15: 4 294 967 295 posts a row overflowed the summary's totals.
    let out = asp_with_stdin(
        &["batch", "-", "-f", "csv", "--summary-only"],
        "id,region,posts\nA,nouvelle-aquitaine,4294967295\nB,nouvelle-aquitaine,10000\n",
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    out.assert_stderr_contains(
        "line 2: column `posts`: '4294967295' posts on one row: at most 10,000",
    );
    // 10 000 posts × 77 994,96.
    assert!(out.stdout.contains("779949600.00"), "{}", out.stdout);
}

#[test]
fn french_values_the_tool_prints_read_back() {
    let out = asp_with_stdin(
        &[
            "batch",
            "-",
            "-f",
            "csv",
            "--columns",
            "post_type,status",
            "--lang",
            "fr",
        ],
        "région;type_de_poste;début;derogation_pet;demi_journees;distance_km;part;montant_pet\n\
         Bretagne;entre établissements;01/11/2026;oui;4;15;50\u{a0}%;1\u{202f}000,00\u{a0}€\n\
         Mayotte;outre-mer;01/11/2026;non;;;50 %;\n",
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn a_file_read_through_a_path_or_standard_input_reads_the_same() {
    let path = Path::new(FIXTURES).join("postes-fr.csv");
    let bytes = std::fs::read(&path).unwrap();
    let stdin = TestCommand::new()
        .args(["batch", "-", "-f", "csv"])
        .stdin_bytes(bytes)
        .run();
    let file = batch_csv(path.to_str().unwrap(), &[]);
    assert_eq!(stdin.stdout, file.stdout);
    assert_eq!(stdin.code, 0);
}

#[test]
fn the_tools_french_workbook_says_its_words_in_french_and_reads_back() {
    // A French workbook shows « entre établissements » and « Nouvelle-Aquitaine », not the ids;
    // given back to `batch`, it prices the same.
    use calamine::{open_workbook, Reader, Xlsx};
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("résultats.xlsx");
    let written = asp(&[
        "batch",
        &format!("{EXAMPLES}/posts.csv"),
        "--lang",
        "fr",
        "-o",
        book.to_str().unwrap(),
    ]);
    assert_eq!(written.code, 1, "{}", written.stderr);
    let mut sheets: Xlsx<_> = open_workbook(&book).unwrap();
    let results = sheets.worksheet_range("Résultats").unwrap();
    let first: Vec<String> = results
        .rows()
        .nth(1)
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert!(
        first.contains(&"Nouvelle-Aquitaine".to_string()),
        "{first:?}"
    );
    assert!(
        first.contains(&"entre établissements".to_string()),
        "{first:?}"
    );
    let columns = ["--columns", "id,region,post_type,ars_total,status"];
    let original = batch_csv(&format!("{EXAMPLES}/posts.csv"), &columns);
    let read_back = batch_csv(book.to_str().unwrap(), &columns);
    let ((_, a), (_, b)) = (records(&original.stdout), records(&read_back.stdout));
    assert_eq!(a.len(), 7);
    for (x, y) in a.iter().zip(&b) {
        for column in ["region", "post_type", "ars_total", "status"] {
            assert_eq!(x[column], y[column], "{} {column}", x["id"]);
        }
    }
}

#[test]
fn a_users_own_heading_like_the_tools_stays_theirs_and_the_tools_are_never_copied() {
    // A French file of a user's own, with a hospital's « Établissement » and a notified
    // « Crédit ARS »: two headings like the tool's are not its output; both are copied.
    let own = "id;Établissement;Région;Début;Crédit ARS\n\
               E1;CHU Bordeaux;Nouvelle-Aquitaine;01/11/2026;77 994,96\n";
    let out = asp_with_stdin(
        &[
            "batch",
            "-",
            "-f",
            "csv",
            "--columns",
            "id,Établissement,Crédit ARS,ars_total",
        ],
        own,
    );
    out.assert_success();
    let (_, rows) = records(&out.stdout);
    assert_eq!(rows[0]["Établissement"], "CHU Bordeaux");
    assert_eq!(rows[0]["Crédit ARS"], "77 994,96");
    // The tool's by-year output headed in French, read back by year: its figures are written
    // afresh, none copied beside them (« Crédit ARS » is also the heading of `ars_total`).
    let dir = tempfile::tempdir().unwrap();
    let french = dir.path().join("années.csv");
    asp_with_stdin(
        &[
            "batch",
            "-",
            "-f",
            "csv",
            "--by-year",
            "--headers",
            "fr",
            "-o",
            french.to_str().unwrap(),
        ],
        "id,region,start\nA1,nouvelle-aquitaine,2026-11-01\n",
    )
    .assert_success();
    let back = batch_csv(french.to_str().unwrap(), &["--by-year"]);
    let (header, _) = records(&back.stdout);
    assert!(
        !header
            .iter()
            .any(|h| h == "Crédit ARS" || h == "Coût complet"),
        "{header:?}"
    );
    back.assert_stderr_contains("are columns this command writes");
}
