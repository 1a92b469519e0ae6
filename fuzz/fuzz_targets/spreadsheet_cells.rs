//! The spreadsheet writers: a row of text cells (the input split at `\x00`, as UTF-8 with
//! replacement) through the `--excel` CSV sink and the workbook sink, read back by the `csv`
//! crate and by calamine. No cell out may start, after invisible characters (Unicode's
//! format, control and space characters, by the `unicode-general-category` crate, and quotes),
//! with a formula sign, unless it starts with the neutralising `'`; every cell must come back.
#![no_main]

use asp_funding::lang::Lang;
use asp_funding::output::{Cell, CsvSink, CsvStyle, Header, Headings, Sink, XlsxSink};
use calamine::{Data, Reader, Xlsx};
use libfuzzer_sys::fuzz_target;
use unicode_general_category::{get_general_category, GeneralCategory as G};

fn safe(cell: &str) -> bool {
    if cell.starts_with('\'') {
        return true;
    }
    let first = cell.chars().find(|c| {
        !matches!(
            get_general_category(*c),
            G::Format | G::Control | G::SpaceSeparator | G::LineSeparator | G::ParagraphSeparator
        ) && !matches!(c, '"' | '\'' | '\u{34f}' | '\u{fe00}'..='\u{fe0f}')
    });
    !matches!(first, Some('=' | '+' | '-' | '@' | '＝' | '＋' | '－' | '＠'))
        && !matches!(cell.chars().next(), Some('\t' | '\r' | '\n'))
}

fuzz_target!(|data: &[u8]| {
    let texts: Vec<String> = data
        .split(|b| *b == 0)
        .take(16)
        .map(|t| String::from_utf8_lossy(t).into_owned())
        .collect();
    let cells: Vec<Cell<'_>> = texts.iter().map(|t| Cell::text(t.as_str())).collect();
    let header: Vec<Header<'_>> = (0..cells.len()).map(|_| Header::key("id")).collect();

    let mut csv_out = Vec::new();
    {
        let mut sink = CsvSink::new(&mut csv_out, CsvStyle { excel: true });
        sink.header(&header).expect("header");
        sink.row(&cells).expect("row");
        sink.finish().expect("finish");
    }
    let text = String::from_utf8(csv_out).expect("UTF-8");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    for record in reader.records() {
        let record = record.expect("a CSV row");
        assert_eq!(record.len(), cells.len());
        for cell in record.iter() {
            assert!(safe(cell), "CSV: {cell:?}");
        }
    }

    let mut bytes = Vec::new();
    {
        let mut sink = XlsxSink::new(Box::new(&mut bytes), Lang::En, Headings::Keys);
        sink.header(&header).expect("header");
        sink.row(&cells).expect("row");
        sink.finish().expect("finish");
    }
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("a workbook");
    let sheet = book.worksheet_range("Results").expect("results");
    for row in sheet.rows().skip(1) {
        for cell in row {
            if let Data::String(s) = cell {
                assert!(safe(s), "xlsx: {s:?}");
            }
        }
    }
});
