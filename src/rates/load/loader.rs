//! The loader of one file: it parses the file, places each problem at its line and key, and
//! keeps what other files must answer (the sources defined, the sources and regions used).

use super::{DataError, RatesFile};
use crate::lang::Text;
use crate::rates::raw::{self, LANGUAGES};
use crate::rates::Source;
use crate::text;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::ops::Range;
use toml::Spanned;

/// A message of the TOML reader in both languages. Our own readers' messages carry both
/// (split at [`LANGUAGES`]); for serde's and the TOML reader's, the messages of a file's shape
/// (an unknown, missing or repeated key, an unknown value) are put in French, the key names
/// staying as they are. Other messages (TOML syntax) are left as the reader writes them.
fn reader_message(message: &str) -> Text {
    match message.split_once(LANGUAGES) {
        Some((en, fr)) => Text {
            en: en.to_string(),
            fr: fr.to_string(),
        },
        None => Text {
            en: message.to_string(),
            fr: french_reader_message(message),
        },
    }
}

fn french_reader_message(message: &str) -> String {
    let rules: [(&str, &str, &str); 6] = [
        (
            "unknown field ",
            ", expected one of ",
            "clé inconnue {a} ; les clés admises sont {b}",
        ),
        (
            "unknown field ",
            ", expected ",
            "clé inconnue {a} ; clé admise : {b}",
        ),
        (
            "unknown field ",
            ", there are no fields",
            "clé inconnue {a} : aucune clé n'est admise ici{b}",
        ),
        (
            "unknown variant ",
            ", expected one of ",
            "valeur inconnue {a} ; les valeurs admises sont {b}",
        ),
        (
            "unknown variant ",
            ", expected ",
            "valeur inconnue {a} ; valeur admise : {b}",
        ),
        ("missing field ", "", "clé manquante {a}{b}"),
    ];
    let french = rules.iter().find_map(|(prefix, middle, french)| {
        let rest = message.strip_prefix(prefix)?;
        let (a, b) = if middle.is_empty() {
            (rest, "")
        } else {
            rest.split_once(middle)?
        };
        Some(french.replace("{a}", a).replace("{b}", b))
    });
    let french = french
        .or_else(|| {
            message
                .strip_prefix("duplicate field ")
                .map(|a| format!("clé {a} donnée deux fois"))
        })
        .or_else(|| {
            message
                .strip_prefix("invalid type: ")
                .map(|rest| format!("type invalide : {rest}"))
        })
        .unwrap_or_else(|| message.to_string());
    crate::lang::typeset(french)
}

/// Where a text's lines start, to find the line of a byte offset in logarithmic time (a file
/// with thousands of versions has thousands of keys to place).
struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Lines {
        Lines(
            std::iter::once(0)
                .chain(
                    text.bytes()
                        .enumerate()
                        .filter(|(_, b)| *b == b'\n')
                        .map(|(i, _)| i + 1),
                )
                .collect(),
        )
    }

    /// The line (1-based) of a byte offset.
    fn of(&self, offset: usize) -> usize {
        self.0.partition_point(|start| *start <= offset).max(1)
    }
}

/// An id a file uses that another file may define (a source, a region), and where it is used.
pub(super) struct Used {
    /// The id.
    pub id: String,
    /// The file that uses it, as messages show it.
    pub file: String,
    /// The line.
    pub line: usize,
    /// The key.
    pub key: String,
}

/// What the files read so far say that the others must answer, handed from file to file and
/// checked once every file is read.
#[derive(Default)]
pub(super) struct Refs {
    /// The sources defined, by id.
    pub sources: BTreeMap<String, Source>,
    /// The source ids used, in the order they were read.
    pub used_sources: Vec<Used>,
    /// The region ids used, in the order they were read.
    pub used_regions: Vec<Used>,
}

/// Collects problems while a file is read.
pub(super) struct Loader<'a> {
    /// The problems of this file, in the order they were found.
    pub errors: Vec<DataError>,
    /// What the files read so far (this one included) define and use.
    pub refs: Refs,
    /// The file read.
    pub file: &'a RatesFile,
    lines: Lines,
}

impl<'a> Loader<'a> {
    /// The loader of `file`, after the files that gathered `refs`.
    pub fn new(file: &'a RatesFile, refs: Refs) -> Loader<'a> {
        Loader {
            errors: Vec::new(),
            refs,
            file,
            lines: Lines::new(&file.text),
        }
    }

    /// Reports a problem at the line of `span` (if any) and at `key` (if not empty).
    pub fn error(&mut self, span: Option<Range<usize>>, key: &str, message: Text) {
        self.errors.push(DataError {
            file: self.file.shown.clone(),
            line: span.map(|s| self.lines.of(s.start)),
            key: (!key.is_empty()).then(|| key.to_string()),
            message,
        });
    }

    /// The line of `span`.
    pub fn line(&self, span: Range<usize>) -> usize {
        self.lines.of(span.start)
    }

    /// The file read as `T`, or `None` when it cannot be (reported with the reader's line and column).
    pub fn parse<T: DeserializeOwned>(&mut self) -> Option<T> {
        match toml::from_str::<T>(&self.file.text) {
            Ok(value) => Some(value),
            Err(e) => {
                let (line, column) = e
                    .span()
                    .map(|s| {
                        let line = self.lines.of(s.start);
                        let line_start = self.file.text[..s.start.min(self.file.text.len())]
                            .rfind('\n')
                            .map_or(0, |i| i + 1);
                        (Some(line), Some(s.start - line_start + 1))
                    })
                    .unwrap_or((None, None));
                let at = match (line, column) {
                    (Some(l), Some(c)) => format!(":{l}:{c}"),
                    _ => String::new(),
                };
                self.errors.push(DataError {
                    file: format!("{}{at}", self.file.shown),
                    line: None,
                    key: None,
                    message: reader_message(
                        &e.message()
                            .trim()
                            .lines()
                            .map(str::trim)
                            .collect::<Vec<_>>()
                            .join("; "),
                    ),
                });
                None
            }
        }
    }

    /// Defines the file's sources; an id already defined is reported.
    pub fn add_sources(&mut self, sources: BTreeMap<String, Spanned<raw::SourceRaw>>) {
        for (id, spanned) in sources {
            let span = spanned.span();
            let raw = spanned.into_inner();
            if let Some(existing) = self.refs.sources.get(&id) {
                let message = text!(lang =>
                    "source '{id}' is already defined in {}",
                    "la source « {id} » est déjà définie dans {}",
                    existing.file
                );
                self.error(Some(span), &format!("sources.{id}"), message);
                continue;
            }
            self.refs.sources.insert(
                id.clone(),
                Source {
                    id,
                    title: raw.title,
                    reference: raw.reference,
                    url: raw.url,
                    date: raw.date.map(|d| d.0),
                    file: self.file.shown.clone(),
                },
            );
        }
    }

    /// Notes a source id used at `span` and `key`, checked once every file is read.
    pub fn use_source(&mut self, id: &str, span: Range<usize>, key: &str) {
        let used = self.used(id, span, key);
        self.refs.used_sources.push(used);
    }

    /// Notes a region id used at `span` and `key`, checked once every file is read.
    pub fn use_region(&mut self, id: &str, span: Range<usize>, key: &str) {
        let used = self.used(id, span, key);
        self.refs.used_regions.push(used);
    }

    fn used(&self, id: &str, span: Range<usize>, key: &str) -> Used {
        Used {
            id: id.to_string(),
            file: self.file.shown.clone(),
            line: self.line(span),
            key: key.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Lines;

    #[test]
    fn lines_of_offsets() {
        let lines = Lines::new("a\nbc\n\nd");
        let found: Vec<usize> = (0..7).map(|offset| lines.of(offset)).collect();
        // a=0 \n=1 | b=2 c=3 \n=4 | \n=5 | d=6
        assert_eq!(found, [1, 1, 2, 2, 2, 3, 4]);
        assert_eq!(Lines::new("").of(0), 1);
        assert_eq!(lines.of(1000), 4);
    }
}
