//! The bordered tables for people, laid out as comfy-table 7 lays them out (preset
//! `UTF8_FULL_CONDENSED`, dynamic arrangement in a known width), byte for byte, in one pass and
//! without its allocations: a `compute` spent more on comfy-table's layout of its 14 rows than
//! on everything else it does after parsing its arguments (issue 17).
//!
//! It lays out only what it can lay out exactly: cells whose every character is one column wide
//! in comfy-table's measure too ([`simple`]), and no word longer than its column (comfy-table
//! cuts those by grapheme). Anything else gives `None`, and the caller asks comfy-table itself.
//! `tests` check both layouts equal over random tables.

/// A cell as this layout takes it: its text (lines split at `\n`) and its alignment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridCell {
    /// The text, printable already.
    pub text: String,
    /// Aligned right (amounts, numbers), else left.
    pub right: bool,
    /// In red (a row in error on a terminal): comfy-table's colours are its own, so this
    /// layout leaves a table with one to comfy-table.
    pub red: bool,
}

impl GridCell {
    /// A plain cell, aligned left.
    pub fn left(text: String) -> Self {
        GridCell {
            text,
            right: false,
            red: false,
        }
    }
}

/// What a column is told of its width, as comfy-table's `ColumnConstraint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Constraint {
    /// No constraint.
    Free,
    /// `LowerBoundary(Fixed(n))`: at least `n` columns, its padding counted.
    AtLeast(u16),
    /// `ContentWidth`: as wide as its widest line.
    Content,
}

/// The widest text this layout takes (comfy-table counts widths on `u16`).
const WIDEST: usize = 10_000;

/// Whether every character of `text` is one of those comfy-table (by `unicode-width`) counts as
/// one column, alone and next to any other of them: printable ASCII, Latin-1 and Latin
/// Extended-A letters and signs, the general punctuation the tool writes (dashes, quotation
/// marks, `…`, `‰`), the narrow no-break space, `€`, `−`. A test checks each against
/// `unicode-width`.
pub fn simple(text: &str) -> bool {
    // Most texts are ASCII: a byte test first.
    if text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return true;
    }
    text.chars().all(simple_char)
}

/// See [`simple`].
pub fn simple_char(c: char) -> bool {
    matches!(c,
        ' '..='~'
        | '\u{a0}'..='\u{ac}'
        | '\u{ae}'..='\u{17f}'
        | '\u{2010}'..='\u{2027}'
        | '\u{202f}'..='\u{205e}'
        | '\u{20ac}'
        | '\u{2212}')
}

/// Whether this layout takes a cell's text: [`simple`] lines, not too long.
fn takes(text: &str) -> bool {
    text.len() <= WIDEST && text.split('\n').all(simple)
}

/// The width of a [`simple`] text: one column per character.
fn width(text: &str) -> usize {
    text.bytes().filter(|b| b & 0xc0 != 0x80).count()
}

/// The table, its lines joined by `\n` with none after the last, as comfy-table's `to_string`
/// gives it: `header` and every row hold one cell per column, `constraints` one per column,
/// `table_width` the width to fit. `None` when this layout cannot promise comfy-table's.
pub fn render(
    header: &[String],
    rows: &[Vec<GridCell>],
    constraints: &[Constraint],
    table_width: u16,
) -> Option<String> {
    let columns = header.len();
    if columns == 0
        || constraints.len() != columns
        || rows.iter().any(|row| row.len() != columns)
        || !header.iter().all(|h| takes(h))
        || !rows.iter().flatten().all(|c| !c.red && takes(&c.text))
    {
        return None;
    }
    let cell = |row: usize, column: usize| -> &str {
        match row {
            0 => &header[column],
            r => &rows[r - 1][column].text,
        }
    };
    let table = Cells {
        rows: rows.len() + 1,
        cell: &cell,
    };
    let widths = arrange(&table, constraints, usize::from(table_width))?;
    let mut out = String::with_capacity((rows.len() + 4) * (usize::from(table_width) + 8) * 2);
    border(&mut out, &widths, ['┌', '─', '┬', '┐']);
    for row in 0..table.rows {
        let right = |column: usize| row > 0 && rows[row - 1][column].right;
        draw_row(&mut out, &widths, |column| cell(row, column), right)?;
        if row == 0 {
            border(&mut out, &widths, ['╞', '═', '╪', '╡']);
        }
    }
    border(&mut out, &widths, ['└', '─', '┴', '┘']);
    out.pop();
    Some(out)
}

/// The table's texts by (row, column), row 0 the header.
struct Cells<'a> {
    rows: usize,
    cell: &'a dyn Fn(usize, usize) -> &'a str,
}

impl<'a> Cells<'a> {
    /// The texts of a column, header first.
    fn column(&self, column: usize) -> impl Iterator<Item = &'a str> + '_ {
        (0..self.rows).map(move |row| (self.cell)(row, column))
    }
}

/// A border line and its line end: left corner, the line, the crossings, right corner.
fn border(out: &mut String, widths: &[usize], [left, line, cross, right]: [char; 4]) {
    out.push(left);
    for (at, width) in widths.iter().enumerate() {
        if at > 0 {
            out.push(cross);
        }
        out.extend(std::iter::repeat_n(line, width + 2));
    }
    out.push(right);
    out.push('\n');
}

/// `n` spaces.
fn spaces(out: &mut String, n: usize) {
    const SPACES: &str = "                                                                ";
    let mut left = n;
    while left > 0 {
        let now = left.min(SPACES.len());
        out.push_str(&SPACES[..now]);
        left -= now;
    }
}

/// One row's lines: each cell split to its column's width, the shorter cells topped up with
/// blank lines. `None` where comfy-table would cut a word.
fn draw_row<'a>(
    out: &mut String,
    widths: &[usize],
    cell: impl Fn(usize) -> &'a str,
    right: impl Fn(usize) -> bool,
) -> Option<()> {
    let mut cells: Vec<Vec<&'a str>> = Vec::with_capacity(widths.len());
    for (column, &content_width) in widths.iter().enumerate() {
        let mut lines = Vec::new();
        for line in cell(column).split('\n') {
            if width(line) > content_width {
                split_line(line, content_width, &mut lines)?;
            } else {
                lines.push(line);
            }
        }
        cells.push(lines);
    }
    let height = cells.iter().map(Vec::len).max().unwrap_or(0);
    for at in 0..height {
        out.push('│');
        for (column, lines) in cells.iter().enumerate() {
            if column > 0 {
                out.push('┆');
            }
            let content_width = widths[column];
            let Some(line) = lines.get(at) else {
                spaces(out, content_width + 2);
                continue;
            };
            let pad = content_width.saturating_sub(width(line));
            out.push(' ');
            if right(column) {
                spaces(out, pad);
                out.push_str(line);
            } else {
                out.push_str(line);
                spaces(out, pad);
            }
            out.push(' ');
        }
        out.push_str("│\n");
    }
    Some(())
}

/// comfy-table's `split_line` with a space as delimiter: the words of `line` filled into lines
/// of `content_width` columns, pushed on `lines`. Each line is a slice of `line` (the words
/// it joins with their spaces). `None` where a word is wider than the column.
fn split_line<'a>(line: &'a str, content_width: usize, lines: &mut Vec<&'a str>) -> Option<()> {
    // Keep at least this many columns free on a line to add a word to it.
    const MIN_FREE_CHARS: usize = 2;
    // The current line, `line[start..end]`, and its width; empty when `start == end`.
    let (mut start, mut end, mut current) = (0, 0, 0);
    let mut words = line.split(' ').map(|w| {
        let at = w.as_ptr() as usize - line.as_ptr() as usize;
        (at, at + w.len(), width(w))
    });
    let mut next = words.next();
    while let Some((word_start, word_end, word_width)) = next {
        let empty = start == end;
        let added = word_width + current + usize::from(!empty);
        let mut remaining = content_width - current;
        if !empty {
            remaining = remaining.saturating_sub(1);
        }
        if added <= content_width {
            if empty {
                (start, end, current) = (word_start, word_end, word_width);
            } else {
                (end, current) = (word_end, added);
            }
            if current > content_width.saturating_sub(MIN_FREE_CHARS) {
                lines.push(&line[start..end]);
                (start, end, current) = (0, 0, 0);
            }
            next = words.next();
            continue;
        }
        if !empty && remaining <= MIN_FREE_CHARS {
            // The word waits for the next line.
            lines.push(&line[start..end]);
            (start, end, current) = (0, 0, 0);
            continue;
        }
        if word_width > content_width {
            return None;
        }
        lines.push(&line[start..end]);
        (start, end, current) = (word_start, word_end, word_width);
        if current > content_width.saturating_sub(MIN_FREE_CHARS) {
            lines.push(&line[start..end]);
            (start, end, current) = (0, 0, 0);
        }
        next = words.next();
    }
    if start != end {
        lines.push(&line[start..end]);
    }
    Some(())
}

/// The content width of each column (without its padding), as comfy-table's dynamic
/// arrangement gives it for `table_width`.
fn arrange(
    table: &Cells<'_>,
    constraints: &[Constraint],
    table_width: usize,
) -> Option<Vec<usize>> {
    let columns = constraints.len();
    // A column's widest line, at least 1.
    let widest: Vec<usize> = (0..columns)
        .map(|c| {
            table
                .column(c)
                .flat_map(|text| text.split('\n'))
                .map(width)
                .max()
                .unwrap_or(0)
                .max(1)
        })
        .collect();
    let mut fixed: Vec<Option<usize>> = vec![None; columns];
    for (c, constraint) in constraints.iter().enumerate() {
        match *constraint {
            Constraint::Content => fixed[c] = Some(widest[c]),
            Constraint::AtLeast(least) if widest[c] + 2 <= usize::from(least) => {
                fixed[c] = Some(usize::from(least).saturating_sub(2).max(1));
            }
            _ => {}
        }
    }
    // The borders, then each column's padding and the fixed columns' content.
    let mut remaining = table_width.saturating_sub(columns + 1);
    for width in &fixed {
        remaining = remaining.saturating_sub(width.unwrap_or(0) + 2);
    }
    let mut left = fixed.iter().filter(|f| f.is_none()).count();
    if left > 0 {
        (remaining, left) = lower_boundaries(constraints, &mut fixed, remaining, left);
    }
    (remaining, left) = fit_into_average(&widest, &mut fixed, remaining, left);
    if left > 0 {
        (remaining, left) = optimize_after_split(table, &mut fixed, remaining, left)?;
    }
    if left > 0 {
        let remaining = remaining.max(left);
        let average = remaining / left;
        let mut excess = remaining - average * left;
        for width in fixed.iter_mut().filter(|f| f.is_none()) {
            let extra = usize::from(excess > 0);
            excess -= extra;
            *width = Some((average + extra).clamp(1, usize::from(u16::MAX)));
        }
    }
    Some(fixed.into_iter().map(|w| w.unwrap_or(1)).collect())
}

/// comfy-table's `enforce_lower_boundary_constraints`: the columns whose lower boundary is
/// above the average space left get it.
fn lower_boundaries(
    constraints: &[Constraint],
    fixed: &mut [Option<usize>],
    mut remaining: usize,
    mut left: usize,
) -> (usize, usize) {
    let mut average = remaining / left;
    let mut again = true;
    while again {
        again = false;
        for (c, constraint) in constraints.iter().enumerate() {
            let Constraint::AtLeast(least) = *constraint else {
                continue;
            };
            if fixed[c].is_some() || average >= usize::from(least) {
                continue;
            }
            let width = usize::from(least).saturating_sub(2).max(1);
            fixed[c] = Some(width);
            remaining = remaining.saturating_sub(width);
            left -= 1;
            if left == 0 {
                break;
            }
            average = remaining / left;
            again = true;
        }
    }
    (remaining, left)
}

/// comfy-table's `find_columns_that_fit_into_average`: a column whose widest line fits the
/// average space left takes that width.
fn fit_into_average(
    widest: &[usize],
    fixed: &mut [Option<usize>],
    mut remaining: usize,
    mut left: usize,
) -> (usize, usize) {
    let mut found = true;
    while found {
        found = false;
        if left == 0 {
            break;
        }
        let mut average = remaining / left;
        if average == 0 {
            break;
        }
        for (c, width) in fixed.iter_mut().enumerate() {
            if width.is_some() || widest[c] > average {
                continue;
            }
            *width = Some(widest[c]);
            remaining = remaining.saturating_sub(widest[c]);
            left -= 1;
            if left == 0 {
                break;
            }
            average = remaining / left;
            found = true;
        }
    }
    (remaining, left)
}

/// comfy-table's `optimize_space_after_split`: a column whose lines, split to the average
/// space, leave 3 columns or more of it free takes the width of its longest split line (in
/// bytes, as comfy-table counts it there).
fn optimize_after_split(
    table: &Cells<'_>,
    fixed: &mut [Option<usize>],
    mut remaining: usize,
    mut left: usize,
) -> Option<(usize, usize)> {
    let mut found = true;
    let mut average = remaining / left;
    let mut parts = Vec::new();
    while found {
        found = false;
        for (c, slot) in fixed.iter_mut().enumerate() {
            if slot.is_some() {
                continue;
            }
            let split_width = average.clamp(1, usize::from(u16::MAX));
            let mut longest = 0;
            for line in table.column(c).flat_map(|text| text.split('\n')) {
                if width(line) > average {
                    parts.clear();
                    split_line(line, split_width, &mut parts)?;
                    longest = parts.iter().map(|p| p.len()).fold(longest, usize::max);
                } else {
                    longest = longest.max(line.len());
                }
            }
            if average.saturating_sub(longest) >= 3 {
                *slot = Some(longest.clamp(1, usize::from(u16::MAX)));
                remaining = remaining.saturating_sub(longest);
                left -= 1;
                if left == 0 {
                    break;
                }
                average = remaining / left;
                found = true;
            }
        }
    }
    Some((remaining, left))
}

#[cfg(test)]
mod tests {
    use super::*;
    use comfy_table::{presets::UTF8_FULL_CONDENSED, CellAlignment, ContentArrangement, Table};
    use proptest::prelude::*;

    /// The same table laid out by comfy-table, configured as the table sink configures it.
    fn comfy(
        header: &[String],
        rows: &[Vec<GridCell>],
        constraints: &[Constraint],
        width: u16,
    ) -> String {
        let mut table = Table::new();
        table
            .load_preset(UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_header(header.iter().map(comfy_table::Cell::new))
            .set_width(width)
            .force_no_tty();
        for row in rows {
            table.add_row(row.iter().map(|c| {
                let cell = comfy_table::Cell::new(&c.text);
                if c.right {
                    cell.set_alignment(CellAlignment::Right)
                } else {
                    cell
                }
            }));
        }
        for (at, constraint) in constraints.iter().enumerate() {
            let Some(column) = table.column_mut(at) else {
                continue;
            };
            match constraint {
                Constraint::Free => {}
                Constraint::Content => {
                    column.set_constraint(comfy_table::ColumnConstraint::ContentWidth);
                }
                Constraint::AtLeast(n) => {
                    column.set_constraint(comfy_table::ColumnConstraint::LowerBoundary(
                        comfy_table::Width::Fixed(*n),
                    ));
                }
            }
        }
        table.to_string()
    }

    #[test]
    fn every_simple_character_is_one_column_wide_for_comfy_table_too() {
        use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
        let chars: Vec<char> = (0..=0x2fff_u32)
            .filter_map(char::from_u32)
            .filter(|c| simple_char(*c))
            .collect();
        for c in &chars {
            assert_eq!(c.width(), Some(1), "{c:?}");
        }
        // Next to each other, too (a sequence is measured as a whole).
        let mut text = String::new();
        for a in &chars {
            for b in &chars {
                text.clear();
                text.extend([*a, *b]);
                assert_eq!(text.width(), 2, "{text:?}");
            }
        }
        for c in [
            '\t',
            '\u{ad}',
            '\u{200b}',
            '│',
            '\u{301}',
            '中',
            '\u{1f600}',
        ] {
            assert!(!simple(&c.to_string()), "{c:?}");
        }
    }

    #[test]
    fn the_compute_table_is_laid_out_as_comfy_table_lays_it_out() {
        let header: Vec<String> = ["Monthly", "Amount", "How"].map(String::from).to_vec();
        let rows: Vec<Vec<GridCell>> = [
            ("Base salary (gross)", "2,803.59", "33643.13 / 12 = 2803.594166…: annual gross, assistant spécialiste years 1-2, grid from 2023-07-01 [1]"),
            ("IESPE", "1,010.00", "national amount from 2023-07-01 [1]"),
            ("Contract: ARS credit (24 months)", "77,994.96", "3249.79 × 24 months [2]"),
        ]
        .iter()
        .map(|(a, b, c)| {
            vec![
                GridCell::left((*a).into()),
                GridCell { text: (*b).into(), right: true, red: false },
                GridCell::left((*c).into()),
            ]
        })
        .collect();
        // As the table sink gives them: the longest word and the padding.
        let constraints = [
            Constraint::AtLeast(11),
            Constraint::AtLeast(11),
            Constraint::AtLeast(15),
        ];
        for width in [40, 60, 80, 100, 120, 200] {
            assert_eq!(
                render(&header, &rows, &constraints, width).as_deref(),
                Some(comfy(&header, &rows, &constraints, width).as_str()),
                "width {width}"
            );
        }
    }

    /// A word of simple characters, sometimes empty, sometimes long, sometimes accented.
    fn word() -> impl Strategy<Value = String> {
        prop_oneof![
            16 => "[a-z0-9,.]{1,7}",
            4 => "[a-zé€…×\u{a0}−«»]{1,6}",
            1 => "[A-Z]{8,14}",
            2 => Just(String::new()),
        ]
    }

    /// A cell: words joined by spaces, now and then by a line end.
    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec((word(), prop::bool::weighted(0.05)), 0..14).prop_map(|words| {
            let mut out = String::new();
            for (at, (w, newline)) in words.into_iter().enumerate() {
                if at > 0 {
                    out.push(if newline { '\n' } else { ' ' });
                }
                out.push_str(&w);
            }
            out
        })
    }

    /// A column's constraint; `None` for the table sink's: its longest word and the padding.
    fn constraint() -> impl Strategy<Value = Option<Constraint>> {
        prop_oneof![
            1 => Just(Some(Constraint::Free)),
            1 => Just(Some(Constraint::Content)),
            2 => (1u16..40).prop_map(|n| Some(Constraint::AtLeast(n))),
            4 => Just(None),
        ]
    }

    /// The sink's constraint of a column: at least its longest word, with the padding.
    fn longest_word(header: &str, rows: &[Vec<GridCell>], column: usize) -> Constraint {
        let texts = std::iter::once(header).chain(rows.iter().map(|r| r[column].text.as_str()));
        let longest = texts
            .flat_map(|t| t.split([' ', '\n']))
            .map(|w| w.chars().count())
            .max()
            .unwrap_or(0);
        Constraint::AtLeast(u16::try_from(longest + 2).unwrap_or(u16::MAX))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Wherever this layout answers, it answers what comfy-table does.
        #[test]
        fn any_table_is_laid_out_as_comfy_table_lays_it_out(
            (header, rows, constraints) in (1usize..6).prop_flat_map(|columns| (
                prop::collection::vec(text(), columns),
                prop::collection::vec(
                    prop::collection::vec((text(), any::<bool>()), columns), 0..6),
                prop::collection::vec(constraint(), columns),
            )),
            width in 20u16..160,
        ) {
            let rows: Vec<Vec<GridCell>> = rows
                .into_iter()
                .map(|row| row.into_iter().map(|(text, right)| GridCell { text, right, red: false }).collect())
                .collect();
            let constraints: Vec<Constraint> = constraints
                .into_iter()
                .enumerate()
                .map(|(c, given)| given.unwrap_or_else(|| longest_word(&header[c], &rows, c)))
                .collect();
            // About 85 % of these tables are laid out here, the rest left to comfy-table.
            if let Some(ours) = render(&header, &rows, &constraints, width) {
                prop_assert_eq!(ours, comfy(&header, &rows, &constraints, width));
            }
        }
    }
}
