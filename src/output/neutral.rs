//! Cells a spreadsheet would read as a formula, neutralised: in the Excel dialect of CSV and in
//! the text cells of workbooks. A cell is formula-like when its first *visible* character, after
//! any run of invisible ones (Unicode's format, control and space characters, categories Cf, Cc
//! and Zs, and the other characters that show nothing: variation selectors, the combining
//! grapheme joiner, Hangul fillers, line and paragraph separators), or after quotes, is a
//! formula sign (`=`, `+`, `-`, `@`, their full-width and small forms); or when it starts with a
//! tab or a line end. It is neutralised by a leading `'`, which a spreadsheet shows as text.

use std::borrow::Cow;

/// Whether a character shows nothing: Unicode's format (Cf), control (Cc) and space (Zs)
/// characters, line and paragraph separators, and the default-ignorable marks and fillers a
/// spreadsheet skips (variation selectors, U+034F, Hangul fillers). The Cf list is Unicode
/// 16's; a test checks it against the general category of every code point.
pub fn invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            // Zs
            ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}'
            // Zl, Zp
            | '\u{2028}' | '\u{2029}'
            // Cf
            | '\u{ad}' | '\u{600}'..='\u{605}' | '\u{61c}' | '\u{6dd}' | '\u{70f}'
            | '\u{890}'..='\u{891}' | '\u{8e2}' | '\u{180e}' | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206f}'
            | '\u{feff}' | '\u{fff9}'..='\u{fffb}' | '\u{110bd}' | '\u{110cd}'
            | '\u{13430}'..='\u{1343f}' | '\u{1bca0}'..='\u{1bca3}' | '\u{1d173}'..='\u{1d17a}'
            | '\u{e0001}' | '\u{e0020}'..='\u{e007f}'
            // Default-ignorable marks and fillers.
            | '\u{34f}' | '\u{115f}' | '\u{1160}' | '\u{17b4}' | '\u{17b5}' | '\u{180b}'..='\u{180f}'
            | '\u{3164}' | '\u{fe00}'..='\u{fe0f}' | '\u{ffa0}' | '\u{e0100}'..='\u{e01ef}'
            | '\u{2800}'
        )
}

/// Whether `c` makes a spreadsheet read what follows as a formula.
pub fn formula_sign(c: char) -> bool {
    matches!(
        c,
        '=' | '+'
            | '-'
            | '@'
            | '＝'
            | '＋'
            | '－'
            | '＠'
            | '\u{fe62}'
            | '\u{fe63}'
            | '\u{fe66}'
            | '\u{fe6b}'
    )
}

/// Whether a spreadsheet could read the text as a formula (or hide one behind a tab or line end).
pub fn formula_like(text: &str) -> bool {
    let visible = text.trim_start_matches(|c: char| invisible(c) || matches!(c, '"' | '\''));
    visible.chars().next().is_some_and(formula_sign)
        || matches!(text.chars().next(), Some('\t' | '\r' | '\n'))
}

/// The text as a spreadsheet cell: a leading `'` before a formula-like text.
pub fn neutralised(text: &str) -> Cow<'_, str> {
    if formula_like(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_do_not_hide_a_formula() {
        let hidden = [
            '\u{2060}',
            '\u{200c}',
            '\u{200d}',
            '\u{ad}',
            '\u{200e}',
            '\u{200f}',
            '\u{61c}',
            '\u{202a}',
            '\u{2066}',
            '\u{180e}',
            '\u{fe0f}',
            '\u{1c}',
            '\u{1f}',
            '\u{200b}',
            '\u{feff}',
            ' ',
            '\u{a0}',
            '\u{3000}',
            '\u{e0041}',
        ];
        for c in hidden {
            for sign in ['=', '+', '-', '@', '＝'] {
                let text = format!("{c}{c}{sign}HYPERLINK(\"x\")");
                assert!(formula_like(&text), "{text:?}");
                assert!(neutralised(&text).starts_with('\''), "{text:?}");
            }
        }
        assert!(!formula_like("nouvelle-aquitaine"));
        assert!(!formula_like("\u{200b}a=1"));
        assert!(formula_like("\tx"));
        assert_eq!(neutralised("x"), "x");
    }

    #[test]
    fn every_format_control_and_space_character_is_invisible() {
        use unicode_general_category::{get_general_category, GeneralCategory as G};
        for c in (0..=0x10_ffff_u32).filter_map(char::from_u32) {
            if matches!(
                get_general_category(c),
                G::Format
                    | G::Control
                    | G::SpaceSeparator
                    | G::LineSeparator
                    | G::ParagraphSeparator
            ) {
                assert!(invisible(c), "U+{:04X}", u32::from(c));
            }
        }
    }
}
