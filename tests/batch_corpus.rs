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
    vec![
        ("good", text(&[good]), 0, Some(1), ""),
        ("missing field", text(&[good, "B,nouvelle-aquitaine,2026-11-01"]), 1, Some(2), "line 3: has 3 fields, the header has 4"),
        ("extra field", text(&[good, "B,nouvelle-aquitaine,2026-11-01,24,x"]), 1, Some(2), "line 3: has 5 fields, the header has 4"),
        ("stray quote", text(&["B,nouvelle-aq\"uitaine,2026-11-01,24", good]), 1, Some(2), "line 2: column `region`"),
        ("unclosed quote", text(&[good, "B,\"nouvelle-aquitaine,2026-11-01,24"]), 1, Some(2), "line 3"),
        ("CRLF", format!("{HEADER}\r\n{good}\r\n").into_bytes(), 0, Some(1), ""),
        ("BOM", format!("\u{feff}{HEADER}\n{good}\n").into_bytes(), 0, Some(1), ""),
        ("Windows-1252", windows_1252, 1, Some(2), "not UTF-8 text (save the file as CSV UTF-8; a French spreadsheet's plain CSV is Windows-1252)"),
        ("empty file", Vec::new(), 2, None, "the file is empty"),
        ("header only", format!("{HEADER}\n").into_bytes(), 0, Some(0), ""),
        ("unknown column", b"id,regoin\nA,x\n".to_vec(), 2, None, "unknown column 'regoin'"),
        ("duplicate column", b"region,region\nx,y\n".to_vec(), 2, None, "are the same input"),
        ("blank line", text(&[good, "", good]), 0, Some(2), ""),
        ("bad date", text(&["B,nouvelle-aquitaine,2026-02-30,24"]), 1, Some(1), "column `start`: '2026-02-30' is not a date"),
        ("ambiguous amount", b"region,share,pet_amount\nbretagne,50%,\"1,000\"\n".to_vec(), 1, Some(1), "is ambiguous"),
        ("control characters", b"id,region\n\x1b]0;X\x07,\x1b[2Jbad\n".to_vec(), 1, Some(1), "\\u{1b}[2Jbad"),
        ("a 2 MiB line", long_line, 2, Some(1), "line 3 is longer than 1 MiB"),
    ]
}

#[test]
fn every_broken_file_gets_its_status_its_rows_and_a_message() {
    let corpus = corpus();
    assert!(corpus.len() >= 15);
    for (name, input, code, rows, says) in corpus {
        for threads in ["1", "2"] {
            let out = TestCommand::new()
                .args(["batch", "-", "--format", "csv", "--threads", threads])
                .stdin_bytes(input.clone())
                .run();
            assert_eq!(out.code, code, "{name}: {}", out.stderr);
            if let Some(rows) = rows {
                assert_eq!(
                    out.stdout.lines().count(),
                    rows + 1,
                    "{name}:\n{}",
                    out.stdout
                );
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
