//! Broken batch files, as spreadsheets and hands make them. Each case has its exit status,
//! the number of output rows (every input row gets one, unless the file itself cannot be
//! read) and what stderr says.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // a test may stop on what it does not expect

mod util;

use util::TestCommand;

const HEADER: &str = "id,region,start,months";

/// A case: name, input, exit status, output rows after the header (None when the file
/// itself cannot be read), and what stderr must contain.
type Case = (&'static str, Vec<u8>, i32, Option<usize>, &'static str);

fn corpus() -> Vec<Case> {
    let good = "A,nouvelle-aquitaine,2026-11-01,24";
    let text = |rows: &[&str]| format!("{HEADER}\n{}\n", rows.join("\n")).into_bytes();
    let mut windows_1252 = format!("{HEADER}\n{good}\nB,").into_bytes();
    windows_1252.extend_from_slice(b"r\xe9gion inconnue,2026-11-01,24\n"); // é in Windows-1252
    let mut long_line = format!("{HEADER}\n{good}\n").into_bytes();
    long_line.extend(std::iter::repeat_n(b'x', 2 << 20));
    long_line.push(b'\n');
    long_line.extend_from_slice(format!("{good}\n").as_bytes());
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            format!(
                "id\tregion\tstart\tmonths\r\n{}\r\n",
                good.replace(',', "\t")
            )
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
        )
        .collect();
    vec![
        ("good", text(&[good]), 0, Some(1), ""),
        ("missing field", text(&[good, "B,nouvelle-aquitaine,2026-11-01"]), 1, Some(2), "line 3: has 3 fields, the header has 4"),
        ("extra field", text(&[good, "B,nouvelle-aquitaine,2026-11-01,24,x"]), 1, Some(2), "line 3: has 5 fields, the header has 4"),
        ("stray quote", text(&["B,nouvelle-aq\"uitaine,2026-11-01,24", good]), 1, Some(2), "line 2: column `region`"),
        ("unclosed quote at the end", text(&[good, "B,\"nouvelle-aquitaine,2026-11-01,24"]), 1, Some(2), "line 3: a quote opened on this line is not closed on it"),
        // Issue 18, point 5: the rows after an unclosed quote are read, each its own row.
        ("unclosed quote in the middle", text(&[good, "B,\"nouvelle-aquitaine,2026-11-01,24", good, good, good]), 1, Some(5), "line 3: a quote opened on this line is not closed on it"),
        ("a quoted cell over two lines", format!("id,region,start,months\n\"A\nA2\",nouvelle-aquitaine,2026-11-01,24\n{good}\n").into_bytes(), 0, Some(2), ""),
        ("CRLF", format!("{HEADER}\r\n{good}\r\n").into_bytes(), 0, Some(1), ""),
        // Issue 18, point 6: Excel for Mac's CR-only line ends, and lines counted after blank ones.
        ("CR only", format!("{HEADER}\r{good}\r{good}\r").into_bytes(), 0, Some(2), ""),
        ("blank lines", format!("{HEADER}\n\n{good}\n\n\n{good}\nB,nouvelle-aquitaine,2026-02-30,24\n").into_bytes(), 1, Some(3), "line 7: column `start`"),
        ("blank lines, CR only", format!("{HEADER}\r\r{good}\r\r\r{good}\rB,nouvelle-aquitaine,2026-02-30,24\r").into_bytes(), 1, Some(3), "line 7: column `start`"),
        ("BOM", format!("\u{feff}{HEADER}\n{good}\n").into_bytes(), 0, Some(1), ""),
        // Issue 15: a Windows-1252 file is read as such (the unknown region is the row's error).
        ("Windows-1252", windows_1252, 1, Some(2), "read as windows-1252 (the bytes are not UTF-8)"),
        ("UTF-16 with a BOM, tabs", utf16, 0, Some(1), ""),
        ("semicolons", format!("{}\n{}\n", HEADER.replace(',', ";"), good.replace(',', ";")).into_bytes(), 0, Some(1), ""),
        ("a French date", b"region,start\nnouvelle-aquitaine,01/11/2026\n".to_vec(), 0, Some(1), ""),
        ("a two-digit year", b"region,start\nnouvelle-aquitaine,01/11/26\n".to_vec(), 1, Some(1), "'01/11/26': a year of two digits could be 1926 or 2026"),
        ("an American date", b"region,start\nnouvelle-aquitaine,11/13/2026\n".to_vec(), 1, Some(1), "is read day first (DD/MM/YYYY), and has no month 13"),
        ("empty file", Vec::new(), 2, None, "the file is empty"),
        ("header only", format!("{HEADER}\n").into_bytes(), 0, Some(0), ""),
        // Issue 15: a column that names no input is copied; a near miss of one is said.
        ("misspelt column", b"id,regoin\nA,x\n".to_vec(), 1, Some(1), "column 'regoin' is not an input: copied to the output as it is. Did you mean 'region'?"),
        // Issue 18, point 8: an empty header column is a column with no name, never fatal.
        ("trailing empty header column", format!("{HEADER},\n{good},\n").into_bytes(), 0, Some(1), ""),
        ("duplicate column", b"region,region\nx,y\n".to_vec(), 2, None, "are the same input"),
        ("blank line", text(&[good, "", good]), 0, Some(2), ""),
        ("bad date", text(&["B,nouvelle-aquitaine,2026-02-30,24"]), 1, Some(1), "column `start`: '2026-02-30' is not a date"),
        ("ambiguous amount", b"region,share,pet_amount\nbretagne,50%,\"1,000\"\n".to_vec(), 1, Some(1), "is ambiguous"),
        ("control characters", b"id,region\n\x1b]0;X\x07,\x1b[2Jbad\n".to_vec(), 1, Some(1), "\\u{1b}[2Jbad"),
        // Issue 18, point 9: a long row is its own error; the rows after it are read.
        ("a 2 MiB line", long_line, 1, Some(3), "line 3: the row is longer than 1 MiB"),
        // Issue 18, point 15: posts above a sane bound, with the line and the column.
        ("posts past the bound", b"id,region,posts\nA,nouvelle-aquitaine,4294967295\n".to_vec(), 1, Some(1), "line 2: column `posts`: '4294967295' posts on one row: at most 10,000"),
        // Issue 18, point 8: a reason for leaving without the day left, as in compute.
        ("leave reason without left_on", b"region,leave_reason\nnouvelle-aquitaine,autre\n".to_vec(), 1, Some(1), "line 2: column `leave_reason`: a reason for leaving goes with the last day served (`left_on`)"),
        ("a PDF", b"%PDF-1.7\n%\xe2\xe3\n".to_vec(), 2, None, "this file looks like a PDF document, not a CSV file: save it as CSV UTF-8, or give the .xlsx workbook"),
    ]
}

/// Cases with their own flags: the same, with the arguments.
fn corpus_with_flags() -> Vec<(Case, &'static [&'static str])> {
    vec![
        // Issue 18, point 7: in a UTF-8 file, a cell that is not UTF-8 is its row's error,
        // naming the column, whatever the column (the id and a copied one included).
        (
            (
                "non-UTF-8 id",
                b"id,region\n\xe9,nouvelle-aquitaine\nB,nouvelle-aquitaine\n".to_vec(),
                1,
                Some(2),
                "line 2: column `id`: not UTF-8 text",
            ),
            &["--encoding", "utf-8"],
        ),
        (
            (
                "non-UTF-8 copied cell",
                b"region,note\nnouvelle-aquitaine,\xe9\n".to_vec(),
                1,
                Some(1),
                "line 2: column `note`: not UTF-8 text",
            ),
            &["--encoding", "utf-8"],
        ),
        (
            (
                "non-UTF-8 region",
                b"region,note\nnouvelle-aquitain\xe9,x\n".to_vec(),
                1,
                Some(1),
                "line 2: column `region`: not UTF-8 text",
            ),
            &["--encoding", "utf-8"],
        ),
        (
            (
                "strict columns",
                b"id,regoin\nA,x\n".to_vec(),
                2,
                None,
                "unknown column 'regoin' (--strict-columns). Did you mean 'region'?",
            ),
            &["--strict-columns"],
        ),
        (
            (
                "forced separator",
                format!("{HEADER}\n").replace(',', ";").into_bytes(),
                0,
                Some(0),
                "",
            ),
            &["--delimiter", ";"],
        ),
    ]
}

#[test]
fn every_broken_file_gets_its_status_its_rows_and_a_message() {
    let corpus: Vec<(Case, &[&str])> = corpus()
        .into_iter()
        .map(|case| (case, &[][..]))
        .chain(corpus_with_flags())
        .collect();
    assert!(corpus.len() >= 35);
    for ((name, input, code, rows, says), flags) in corpus {
        for threads in ["1", "2"] {
            let out = TestCommand::new()
                .args(["batch", "-", "--format", "csv", "--threads", threads])
                .args(flags)
                .stdin_bytes(input.clone())
                .run();
            assert_eq!(out.code, code, "{name}: {}", out.stderr);
            if let Some(rows) = rows {
                // Counted as CSV records: a cell may hold a line break.
                let records = csv::ReaderBuilder::new()
                    .flexible(true)
                    .from_reader(out.stdout.as_bytes())
                    .records()
                    .count();
                assert_eq!(records, rows, "{name}:\n{}", out.stdout);
            }
            assert!(
                out.stderr.contains(says),
                "{name}: stderr lacks {says:?}:\n{}",
                out.stderr
            );
            assert!(
                !out.stderr.contains('\u{1b}'),
                "{name}: a raw escape reached stderr"
            );
        }
    }
}
