//! Laying text out for people in the width they read it in: the terminal's, or `COLUMNS`, or
//! 100 columns. Paragraphs wrap at ordinary spaces only: the no-break spaces inside an amount
//! (`3 249,79 €`) and before a French colon never break, so no amount, date or word is cut.

use comfy_table::Table;
use std::borrow::Cow;

/// The width when neither `COLUMNS` nor a terminal gives one.
pub const DEFAULT_WIDTH: u16 = 100;

/// The narrowest width honoured: below it, a layout is no longer readable.
const NARROWEST: u16 = 40;

/// The width people's output is laid out in: `COLUMNS` when it is set (piped or not), else the
/// terminal's, else [`DEFAULT_WIDTH`].
pub fn width() -> u16 {
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|value| value.trim().parse::<u16>().ok());
    columns
        // A terminal that reports no size (0) is one whose width is unknown.
        .or_else(|| Table::new().width().filter(|w| *w > 0))
        .unwrap_or(DEFAULT_WIDTH)
        .max(NARROWEST)
}

/// The number of columns a text takes on a terminal: one per character (the tool writes
/// Latin text, box-drawing characters and typographic signs, each one column wide); the
/// colour marks take none.
pub fn display_width(text: &str) -> usize {
    // Most texts hold no colour: one column per character, which the standard library counts
    // a word at a time (a table line is measured several times; decoding each character cost
    // more than laying it out). 0x1b starts an escape, 0xee every colour mark.
    let bytes = text.as_bytes();
    let marked = if bytes.len() < 32 {
        bytes.iter().any(|&b| b == 0x1b || b == 0xee)
    } else {
        memchr::memchr2(0x1b, 0xee, bytes).is_some()
    };
    if marked {
        coloured_width(text)
    } else {
        text.chars().count()
    }
}

/// [`display_width`] of a text that may hold colour, character by character.
fn coloured_width(text: &str) -> usize {
    let mut width = 0;
    let mut in_escape = false;
    for c in text.chars() {
        match (in_escape, c) {
            // A colour a table put in (`ESC [ 31 m`) takes no column.
            (false, '\u{1b}') => in_escape = true,
            (true, 'm') => in_escape = false,
            (true, _) => {}
            (false, c) if is_mark(c) => {}
            (false, _) => width += 1,
        }
    }
    width
}

/// The marks of a coloured span in laid-out text (private-use characters the data never
/// holds: [`crate::output::printable`] escapes them), made colour or nothing at the end.
pub const GOOD: char = '\u{e000}';
/// The start of a span in the colour of a problem.
pub const BAD: char = '\u{e001}';
/// The end of a coloured span.
pub const END: char = '\u{e002}';

/// Whether `c` is a colour mark.
pub fn is_mark(c: char) -> bool {
    matches!(c, GOOD | BAD | END)
}

/// Whether people's output may be in colour: a terminal, `NO_COLOR` unset, `TERM` not `dumb`.
pub fn colour() -> bool {
    use std::io::IsTerminal;
    std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::env::var("TERM").map_or(true, |t| t != "dumb")
}

/// The colour marks made ANSI colours (green, red), or taken out.
pub fn paint(text: &str, colour: bool) -> Cow<'_, str> {
    // 0xee starts every colour mark's UTF-8 (and no character the tool writes otherwise).
    if memchr::memchr(0xee, text.as_bytes()).is_none() || !text.contains(is_mark) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match (c, colour) {
            (GOOD, true) => out.push_str("\u{1b}[32m"),
            (BAD, true) => out.push_str("\u{1b}[31m"),
            (END, true) => out.push_str("\u{1b}[0m"),
            (c, _) if is_mark(c) => {}
            (c, _) => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Every line of `text` that is wider than `width`, wrapped at ordinary spaces; the lines after
/// the first keep the indentation of a list item (`  - `, `  [1] `, `  (2) `).
pub fn wrap_text(text: &str, width: u16) -> String {
    let width = usize::from(width);
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for line in text.split_inclusive('\n') {
        let (body, newline) = match line.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (line, ""),
        };
        // A line no longer in bytes than the width is no wider in columns.
        if body.len() <= width || display_width(body) <= width {
            out.push_str(line);
            continue;
        }
        wrap_line(body, width, &mut out);
        out.push_str(newline);
    }
    out
}

/// The indentation that continues a line: its leading spaces and its list marker's width.
fn hanging_indent(line: &str) -> usize {
    let spaces = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[spaces..];
    let marker = if rest.starts_with("- ") {
        2
    } else {
        bracketed_marker(rest).unwrap_or_default()
    };
    spaces + marker
}

/// `[12] ` or `(3) ` at the start of `text`: its width with the space after it.
fn bracketed_marker(text: &str) -> Option<usize> {
    let close = match text.chars().next()? {
        '[' => ']',
        '(' => ')',
        _ => return None,
    };
    let end = text.find(close)?;
    let inside = &text[1..end];
    let numbered = !inside.is_empty() && inside.bytes().all(|b| b.is_ascii_alphanumeric());
    (numbered && text[end + 1..].starts_with(' ')).then_some(end + 2)
}

/// The breakable pieces of a line and their widths: split at ordinary spaces, except those
/// typography keeps (between the digits of a grouped number, `2 803,59`, after « and before »,
/// :, ;, €, %), which texts from the data may write as ordinary spaces.
fn pieces(line: &str) -> Vec<(&str, usize)> {
    let bytes = line.as_bytes();
    // Without colour, a piece's width is counted on the way (a paragraph's words are many and
    // short: measuring each again cost more than finding them).
    let marked = memchr::memchr2(0x1b, 0xee, bytes).is_some();
    let measured = |piece: &str, counted: usize| {
        if marked {
            display_width(piece)
        } else {
            counted
        }
    };
    let mut out = Vec::with_capacity(bytes.len() / 6 + 1);
    let (mut start, mut counted) = (0, 0);
    for (at, &b) in bytes.iter().enumerate() {
        if b != b' ' {
            counted += usize::from(b & 0xc0 != 0x80);
            continue;
        }
        // Read on the bytes: a digit and the signs are ASCII, `«` is `C2 AB`, `»` `C2 BB`,
        // `€` `E2 82 AC`.
        let (before, after) = (&bytes[..at], &bytes[at + 1..]);
        let kept = (before.last().is_some_and(u8::is_ascii_digit)
            && after.first().is_some_and(u8::is_ascii_digit))
            || before.ends_with("«".as_bytes())
            || matches!(after.first(), Some(b':' | b';' | b'%' | b'!' | b'?'))
            || after.starts_with("»".as_bytes())
            || after.starts_with("€".as_bytes());
        if kept {
            counted += 1;
        } else {
            out.push((&line[start..at], measured(&line[start..at], counted)));
            (start, counted) = (at + 1, 0);
        }
    }
    out.push((&line[start..], measured(&line[start..], counted)));
    out
}

/// One line wrapped into `out`, with no trailing newline.
fn wrap_line(line: &str, width: usize, out: &mut String) {
    let indent = hanging_indent(line).min(width / 2);
    let mut column = 0;
    let mut first = true;
    for (word, word_width) in pieces(line) {
        if first {
            out.push_str(word);
            column = word_width;
            first = false;
            continue;
        }
        if column + 1 + word_width <= width || column <= indent {
            out.push(' ');
            column += 1;
        } else {
            out.push('\n');
            out.extend(std::iter::repeat_n(' ', indent));
            column = indent;
        }
        column = push_word(word, word_width, width, indent, column, out);
    }
}

/// Writes a word at `column`; a word wider than a whole line (a long link) is broken after a
/// `/` where it can be, the only place a word is ever broken. The column after it.
fn push_word(
    word: &str,
    word_width: usize,
    width: usize,
    indent: usize,
    column: usize,
    out: &mut String,
) -> usize {
    let room = width.saturating_sub(column);
    if word_width <= room || !word.contains('/') {
        out.push_str(word);
        return column + word_width;
    }
    let mut column = column;
    for part in word.split_inclusive('/') {
        let part_width = display_width(part);
        if column + part_width > width && column > indent {
            out.push('\n');
            out.extend(std::iter::repeat_n(' ', indent));
            column = indent;
        }
        out.push_str(part);
        column += part_width;
    }
    column
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pieces as they were found on characters, before they were found on bytes.
    fn pieces_on_chars(line: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut start = 0;
        for (at, _) in line.match_indices(' ') {
            let before = line[..at].chars().next_back();
            let after = line[at + 1..].chars().next();
            let kept = match (before, after) {
                (Some(b), Some(a)) if b.is_ascii_digit() && a.is_ascii_digit() => true,
                (Some('«'), _) => true,
                (_, Some('»' | ':' | ';' | '€' | '%' | '!' | '?')) => true,
                _ => false,
            };
            if !kept {
                out.push(&line[start..at]);
                start = at + 1;
            }
        }
        out.push(&line[start..]);
        out
    }

    proptest::proptest! {
        /// The same pieces, each with its display width, colour or not.
        #[test]
        fn pieces_read_bytes_as_they_read_characters(
            line in "[ 0-9a:;?!%€»«é…\u{a0}\u{e001}\u{e002}]{0,40}"
        ) {
            let found = pieces(&line);
            let words: Vec<&str> = found.iter().map(|(w, _)| *w).collect();
            proptest::prop_assert_eq!(words, pieces_on_chars(&line));
            for (word, width) in found {
                proptest::prop_assert_eq!(width, display_width(word), "{:?}", word);
            }
        }
    }

    /// Counting the bytes that start a character gives the width decoding gives.
    #[test]
    fn a_text_without_colour_is_as_wide_as_its_characters() {
        for text in ["", "abc", "│ 3\u{a0}249,79\u{a0}€ ┆ « x » │", "\u{1f600}é…"] {
            assert_eq!(display_width(text), text.chars().count(), "{text:?}");
        }
        assert_eq!(display_width("\u{1b}[31mab\u{1b}[0m"), 2);
        assert_eq!(display_width("\u{e001}ab\u{e002}"), 2);
    }

    #[test]
    fn paragraphs_wrap_at_spaces_and_keep_their_list_indent() {
        let text = "  - Le crédit notifié est la part mensuelle arrondie\u{a0}: 3\u{a0}249,79\u{a0}€ par mois.\n";
        let wrapped = wrap_text(text, 30);
        for line in wrapped.lines() {
            assert!(display_width(line) <= 30, "{line:?}");
        }
        assert!(
            wrapped.contains("3\u{a0}249,79\u{a0}€"),
            "an amount is never cut"
        );
        assert!(wrapped.lines().skip(1).all(|l| l.starts_with("    ")));
        let sources = "  [1] Arrêté du 8 juillet 2022 relatif aux émoluments des assistants\n";
        let wrapped = wrap_text(sources, 30);
        assert!(
            wrapped.lines().skip(1).all(|l| l.starts_with("      ")),
            "{wrapped}"
        );
    }

    #[test]
    fn a_number_or_a_quotation_mark_written_with_ordinary_spaces_stays_whole() {
        let text = "the monthly base is 33 643,13 / 12 = 2 803,594166…, « 3 249,79 € par mois »";
        for width in 20..80 {
            let wrapped = wrap_text(text, width);
            for piece in ["33 643,13", "2 803,594166…", "« 3 249,79 €", "mois »"] {
                assert!(wrapped.contains(piece), "{width}: {piece}: {wrapped}");
            }
        }
    }

    #[test]
    fn a_line_that_fits_is_left_alone_and_a_long_link_breaks_after_a_slash() {
        assert_eq!(wrap_text("short\n", 80), "short\n");
        let link = "see https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000034187486/abc";
        let wrapped = wrap_text(link, 40);
        assert!(wrapped.lines().all(|l| display_width(l) <= 40), "{wrapped}");
        assert_eq!(wrapped.replace(['\n', ' '], ""), link.replace(' ', ""));
    }
}
