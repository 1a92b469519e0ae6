//! Property (issue 18, point 12): whatever a text cell holds, no cell of an `--excel` CSV or of
//! a workbook starts, after invisible characters, with a formula sign. "Invisible" is judged
//! here by Unicode's general categories (format, control, space, line and paragraph
//! separators, from the `unicode-general-category` crate), independently of the library's own
//! list; quotes before the sign count as invisible too (a spreadsheet may strip them).
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // a test may stop on what it does not expect

use asp_funding::lang::Lang;
use asp_funding::output::{Cell, CsvSink, CsvStyle, Header, Headings, Sink, XlsxSink};
use calamine::{Data, Reader, Xlsx};
use proptest::prelude::*;
use unicode_general_category::{get_general_category, GeneralCategory as G};

/// The first character a spreadsheet shows, or `None` for an empty-looking text.
fn first_visible(text: &str) -> Option<char> {
    text.chars().find(|c| {
        !matches!(
            get_general_category(*c),
            G::Format | G::Control | G::SpaceSeparator | G::LineSeparator | G::ParagraphSeparator
        ) && !matches!(c, '"' | '\'' | '\u{fe0f}' | '\u{fe0e}' | '\u{34f}')
            && !('\u{fe00}'..='\u{fe0f}').contains(c)
    })
}

fn formula_sign(c: char) -> bool {
    matches!(c, '=' | '+' | '-' | '@' | '＝' | '＋' | '－' | '＠')
}

/// Whether a cell as written is safe: it starts with the neutralising `'`, or its first visible
/// character is no formula sign and it does not start with a tab or a line end.
fn safe(cell: &str) -> bool {
    cell.starts_with('\'')
        || (!first_visible(cell).is_some_and(formula_sign)
            && !matches!(cell.chars().next(), Some('\t' | '\r' | '\n')))
}

fn excel_csv(texts: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    {
        let mut sink = CsvSink::new(&mut out, CsvStyle { excel: true });
        sink.header(&[Header::key("id")]).unwrap();
        for t in texts {
            sink.row(&[Cell::text(t.as_str())]).unwrap();
        }
        sink.finish().unwrap();
    }
    let text = String::from_utf8(out).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    reader
        .records()
        .map(|r| r.unwrap().get(0).unwrap_or("").to_string())
        .collect()
}

fn workbook(texts: &[String]) -> Vec<String> {
    let mut bytes = Vec::new();
    {
        let mut sink = XlsxSink::new(Box::new(&mut bytes), Lang::En, Headings::Keys);
        sink.header(&[Header::key("id"), Header::key("n")]).unwrap();
        for t in texts {
            sink.row(&[Cell::text(t.as_str()), Cell::Int(1)]).unwrap();
        }
        sink.finish().unwrap();
    }
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("Results").unwrap();
    sheet
        .rows()
        .skip(1)
        .map(|r| match &r[0] {
            Data::String(s) => s.clone(),
            Data::Empty => String::new(),
            other => other.to_string(),
        })
        .collect()
}

/// Texts built from the characters that matter: invisible ones, quotes, signs, letters.
fn texts() -> impl Strategy<Value = Vec<String>> {
    let pieces = prop::sample::select(vec![
        "\u{2060}",
        "\u{200c}",
        "\u{200d}",
        "\u{ad}",
        "\u{200e}",
        "\u{200f}",
        "\u{61c}",
        "\u{202a}",
        "\u{2066}",
        "\u{180e}",
        "\u{fe0f}",
        "\u{1c}",
        "\u{1f}",
        "\u{200b}",
        "\u{feff}",
        " ",
        "\u{a0}",
        "\u{3000}",
        "\u{2028}",
        "\u{e0041}",
        "\t",
        "\n",
        "\"",
        "'",
        "=",
        "+",
        "-",
        "@",
        "＝",
        "＠",
        "A",
        "1",
        "é",
        "(",
        ";",
    ]);
    let text = prop::collection::vec(pieces, 0..8).prop_map(|p| p.concat());
    prop::collection::vec(prop_oneof![text, any::<String>()], 1..6)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn no_excel_csv_cell_starts_with_a_formula_sign(texts in texts()) {
        for cell in excel_csv(&texts) {
            prop_assert!(safe(&cell), "{cell:?}");
        }
    }

    #[test]
    fn no_workbook_text_cell_starts_with_a_formula_sign(texts in texts()) {
        let cells = workbook(&texts);
        prop_assert_eq!(cells.len(), texts.len());
        for cell in cells {
            prop_assert!(safe(&cell), "{cell:?}");
        }
    }
}
