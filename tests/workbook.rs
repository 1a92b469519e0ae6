//! Workbooks as they open in Excel and LibreOffice Calc (issue 15): read back by an independent
//! reader (calamine), their columns as wide as their widest cell (so that nothing shows `###`),
//! their sheets named and described in the user's language; and the spreadsheet limits of issue
//! 18: formula-like texts neutralised, a cell past 32 767 characters cut and said.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // a test may stop on what it does not expect

mod util;

use calamine::{open_workbook, Data, Reader, Xlsx};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use util::{asp, asp_with_stdin};

/// The widths a sheet sets, by column (0-based), read from its XML.
fn widths(path: &Path, sheet_index: usize) -> BTreeMap<usize, f64> {
    let file = std::fs::File::open(path).expect("opened");
    let mut zip = zip::ZipArchive::new(file).expect("a zip");
    let mut xml = String::new();
    zip.by_name(&format!("xl/worksheets/sheet{}.xml", sheet_index + 1))
        .expect("the sheet")
        .read_to_string(&mut xml)
        .expect("read");
    let mut out = BTreeMap::new();
    for col in xml.split("<col ").skip(1) {
        let attr = |name: &str| -> String {
            let start = col.find(&format!("{name}=\"")).expect(name) + name.len() + 2;
            col[start..].split('"').next().unwrap().to_string()
        };
        let (min, max): (usize, usize) =
            (attr("min").parse().unwrap(), attr("max").parse().unwrap());
        let width: f64 = attr("width").parse().unwrap();
        for c in min..=max {
            out.insert(c - 1, width);
        }
    }
    out
}

/// A cell as a French spreadsheet shows it, at the longest its formats make it: an amount
/// `155 989,92 €`, a date `01/11/2026`, a whole number as it is; text by its longest line.
fn shown_chars(cell: &Data) -> usize {
    match cell {
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e6 => format!("{f}").len(),
        Data::Float(f) => {
            let text = format!("{:.2}", f.abs());
            let (int, dec) = text.split_once('.').unwrap();
            let groups = (int.len() - 1) / 3;
            usize::from(*f < 0.0) + int.len() + groups + 1 + dec.len() + 2
        }
        Data::Int(n) => n.to_string().len(),
        Data::DateTime(_) | Data::DateTimeIso(_) => 10,
        Data::String(s) => s.lines().map(|l| l.chars().count()).max().unwrap_or(0),
        Data::Bool(_) => 5,
        _ => 0,
    }
}

/// Checks that no column of a sheet is narrower than the longest formatted cell it shows (a
/// text up to the width a text column is made: longer ones wrap). Title lines (above the
/// header, alone on their row) run over the empty cells beside them and are not counted.
fn assert_fits(path: &Path, sheet_index: usize, header_row: usize) {
    let mut book: Xlsx<_> = open_workbook(path).expect("a workbook");
    let name = book.sheet_names()[sheet_index].clone();
    let range = book.worksheet_range(&name).expect("a sheet");
    let widths = widths(path, sheet_index);
    let mut checked = 0;
    for (r, row) in range.rows().enumerate().skip(header_row) {
        for (c, cell) in row.iter().enumerate() {
            let mut chars = shown_chars(cell);
            if matches!(cell, Data::String(_)) {
                chars = chars.min(asp_funding::output::TEXT_WIDTH);
            }
            if chars == 0 {
                continue;
            }
            let width = widths.get(&c).copied().unwrap_or(8.43);
            assert!(
                width >= chars as f64,
                "{name}, row {}, column {}: {chars} characters ({cell:?}) in a column {width} wide",
                r + 1,
                c + 1
            );
            checked += 1;
        }
    }
    assert!(checked > 10, "{name}: only {checked} cells");
}

#[test]
fn the_compute_workbook_reads_as_the_table_and_shows_every_figure_whole() {
    let dir = tempfile::tempdir().expect("a folder");
    for lang in ["fr", "en"] {
        let path = dir.path().join(format!("poste-{lang}.xlsx"));
        asp(&[
            "compute",
            "-r",
            "nouvelle-aquitaine",
            "--by-year",
            "--schedule",
            "--lang",
            lang,
            "-o",
            path.to_str().unwrap(),
        ])
        .assert_success();
        let mut book: Xlsx<_> = open_workbook(&path).expect("a workbook");
        let names = book.sheet_names();
        let expected = match lang {
            "fr" => [
                "Résultats",
                "Par année",
                "Échéancier",
                "Colonnes",
                "Sources",
            ],
            _ => ["Results", "By year", "Schedule", "Columns", "Sources"],
        };
        assert_eq!(names, expected);
        // The answer and the title lines, then the header, frozen.
        let results = book.worksheet_range(&names[0]).expect("results");
        let header_row = results
            .rows()
            .position(|r| matches!(r[0].to_string().as_str(), "Par mois" | "line"))
            .expect("the table's header");
        assert_fits(&path, 0, header_row);
        assert_fits(&path, 1, 1);
        assert_fits(&path, 2, 0);
        let years = book.worksheet_range(&names[1]).expect("years");
        let total: f64 = years
            .rows()
            .skip(2)
            .map(|r| match r[1] {
                Data::Float(f) => f,
                ref other => panic!("{other:?}"),
            })
            .sum();
        assert!((total - 77994.96).abs() < 0.005, "{total}");
    }
}

#[test]
fn rates_are_percentages_and_dates_read_as_dates() {
    let dir = tempfile::tempdir().expect("a folder");
    let path = dir.path().join("b.xlsx");
    let out = asp(&[
        "batch",
        concat!(env!("CARGO_MANIFEST_DIR"), "/examples/posts.csv"),
        "--lang",
        "fr",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let file = std::fs::File::open(&path).expect("opened");
    let mut zip = zip::ZipArchive::new(file).expect("a zip");
    let mut styles = String::new();
    zip.by_name("xl/styles.xml")
        .unwrap()
        .read_to_string(&mut styles)
        .unwrap();
    assert!(styles.contains(r#"formatCode="0\ %""#), "{styles}");
    assert!(styles.contains(r#"formatCode="dd/mm/yyyy""#), "{styles}");
    assert!(styles.contains("€"), "{styles}");
    assert_fits(&path, 0, 1);
    let mut book: Xlsx<_> = open_workbook(&path).expect("a workbook");
    assert_eq!(book.sheet_names(), ["Résultats", "Colonnes", "Sources"]);
    // French headers, each described on the Colonnes sheet in French.
    let results = book.worksheet_range("Résultats").unwrap();
    let header: Vec<String> = results
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert!(header.contains(&"Crédit ARS".to_string()), "{header:?}");
    let columns = book.worksheet_range("Colonnes").unwrap();
    let described: Vec<Vec<String>> = columns
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(described[0], ["Feuille", "Colonne", "Clé", "Ce que c'est"]);
    for h in &header {
        let line = described
            .iter()
            .find(|r| r[1] == *h)
            .unwrap_or_else(|| panic!("{h} is not described"));
        assert!(!line[3].is_empty() && line[3] != *h, "{line:?}");
    }
    let credit = described.iter().find(|r| r[2] == "ars_total").unwrap();
    assert_eq!(credit[3], "Le crédit ARS de tout le contrat.");
}

#[test]
fn summary_goes_to_a_totals_sheet() {
    let dir = tempfile::tempdir().expect("a folder");
    let path = dir.path().join("b.xlsx");
    let out = asp(&[
        "batch",
        concat!(env!("CARGO_MANIFEST_DIR"), "/examples/posts.csv"),
        "--summary",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let mut book: Xlsx<_> = open_workbook(&path).expect("a workbook");
    assert_eq!(
        book.sheet_names(),
        ["Results", "Totals", "Columns", "Sources"]
    );
    let totals = book.worksheet_range("Totals").unwrap();
    let rows: Vec<Vec<String>> = totals
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert!(rows[0][0].starts_with("Totals per region"), "{rows:?}");
    assert_eq!(rows[1][0], "region");
    assert_eq!(rows.last().unwrap()[0], "all");
    assert_fits(&path, 1, 1);
    // CSV still refuses it, pointing to the workbook.
    asp(&[
        "batch",
        concat!(env!("CARGO_MANIFEST_DIR"), "/examples/posts.csv"),
        "--summary",
        "-f",
        "csv",
    ])
    .assert_usage_error()
    .assert_stderr_contains("-o FILE.xlsx");
}

#[test]
fn formula_like_cells_are_neutralised_after_invisible_characters() {
    let dir = tempfile::tempdir().expect("a folder");
    let hidden = [
        "\u{2060}", "\u{200c}", "\u{200d}", "\u{ad}", "\u{200e}", "\u{200f}", "\u{61c}",
        "\u{202a}", "\u{2066}", "\u{180e}", "\u{fe0f}", "\u{1c}", "\u{1f}", "\u{200b}", "\u{feff}",
    ];
    let mut input = String::from("id,region,start\n");
    for (i, c) in hidden.iter().enumerate() {
        let sign = ["=", "+", "-", "@"][i % 4];
        input.push_str(&format!(
            "{c}{sign}HYPERLINK(\"\"http://x\"\"),nouvelle-aquitaine,2026-11-01\n"
        ));
    }
    let path = dir.path().join("ids.xlsx");
    let file = dir.path().join("ids.csv");
    std::fs::write(&file, &input).unwrap();
    asp(&[
        "batch",
        file.to_str().unwrap(),
        "-o",
        path.to_str().unwrap(),
    ])
    .assert_success();
    let mut book: Xlsx<_> = open_workbook(&path).expect("a workbook");
    let results = book.worksheet_range("Results").unwrap();
    let ids: Vec<String> = results.rows().skip(1).map(|r| r[0].to_string()).collect();
    assert_eq!(ids.len(), hidden.len());
    for (id, c) in ids.iter().zip(hidden) {
        assert!(id.starts_with(&format!("'{c}")), "{id:?}");
    }
    let excel = asp_with_stdin(&["batch", "-", "--excel", "--columns", "id,status"], &input);
    excel.assert_success();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(excel.stdout.as_bytes());
    let cells: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[0].to_string())
        .collect();
    assert_eq!(cells.len(), hidden.len());
    for (cell, c) in cells.iter().zip(hidden) {
        assert!(cell.starts_with(&format!("'{c}")), "{cell:?}");
    }
}

#[test]
fn a_cell_past_a_spreadsheet_s_limit_is_cut_keeps_its_row_and_is_said() {
    let dir = tempfile::tempdir().expect("a folder");
    let long = "x".repeat(40_000);
    let input = format!("id,region,start\nfirst,nouvelle-aquitaine,2026-11-01\n{long},nouvelle-aquitaine,2026-11-01\nlast,nouvelle-aquitaine,2026-11-01\n");
    let file = dir.path().join("long.csv");
    std::fs::write(&file, input).unwrap();
    let path = dir.path().join("long.xlsx");
    let out = asp(&[
        "batch",
        file.to_str().unwrap(),
        "-o",
        path.to_str().unwrap(),
    ]);
    out.assert_success().assert_stderr_contains(
        "sheet Results, row 3, column id: 40000 characters, more than a spreadsheet cell holds (32,767): cut, ending with a marker",
    );
    let mut book: Xlsx<_> = open_workbook(&path).expect("a workbook");
    let results = book.worksheet_range("Results").unwrap();
    let ids: Vec<String> = results.rows().skip(1).map(|r| r[0].to_string()).collect();
    assert_eq!(ids.len(), 3);
    assert_eq!(ids[0], "first");
    assert_eq!(ids[2], "last");
    assert_eq!(ids[1].chars().count(), asp_funding::output::MAX_CELL_CHARS);
    assert!(ids[1].ends_with("… [cut: 40000 characters]"));
    let sources = book.worksheet_range("Sources").unwrap();
    assert!(sources
        .rows()
        .any(|r| r[2].to_string().contains("row 3, column id")));
}

#[test]
fn an_envelope_workbook_holds_its_years_on_their_own_sheet() {
    let dir = tempfile::tempdir().expect("a folder");
    let path = dir.path().join("e.xlsx");
    asp(&[
        "envelope",
        "--promotion",
        "2018-2020",
        "--by-year",
        "--lang",
        "fr",
        "-o",
        path.to_str().unwrap(),
    ])
    .assert_success();
    let mut book: Xlsx<_> = open_workbook(&path).expect("a workbook");
    assert_eq!(
        book.sheet_names(),
        ["Résultats", "Par année", "Colonnes", "Sources"]
    );
    let years = book.worksheet_range("Par année").unwrap();
    let header: Vec<String> = years
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        header,
        [
            "Type de poste",
            "Année",
            "Crédit ARS",
            "Établissement",
            "Coût complet"
        ]
    );
    assert_fits(&path, 1, 1);
}

#[test]
fn a_copied_column_named_like_the_tools_is_described_as_the_users_own() {
    // The user's own `note` column is copied; the Columns sheet says so rather than describing
    // the tool's `note` column of the same key.
    let dir = tempfile::tempdir().expect("a folder");
    let input = dir.path().join("postes.csv");
    std::fs::write(
        &input,
        "id,region,start,note\nA,nouvelle-aquitaine,2026-11-01,à revoir\n",
    )
    .expect("written");
    let path = dir.path().join("b.xlsx");
    let out = asp(&[
        "batch",
        input.to_str().unwrap(),
        "--lang",
        "fr",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let mut book: Xlsx<_> = open_workbook(&path).expect("a workbook");
    let columns = book.worksheet_range("Colonnes").unwrap();
    let note: Vec<String> = columns
        .rows()
        .find(|r| r.get(2).is_some_and(|c| *c == "note"))
        .expect("the note column described")
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        note[3],
        "Une colonne du fichier d'entrée, recopiée telle quelle."
    );
}
