//! Reads and checks the files under `rates/`: every problem is reported with its
//! file, line and key, and all of a folder's problems are reported at once.
//!
//! This file holds what the rest of the program sees (the problems, the files, the embedded
//! data) and the driver that hands each file to its reader. The rooms below it: `dir` reads a
//! folder; `loader` collects a file's problems while it is read; `params`, `regions`, `rules`
//! (with `conditions`) and `allocations` read each kind of file; `checks` checks the files
//! against each other once all are read.

mod allocations;
mod checks;
mod conditions;
mod dir;
mod loader;
mod params;
mod regions;
mod rules;

pub use dir::load_dir;

use super::raw;
use super::{Param, Rates, Versioned};
use crate::lang::{Lang, Text};
use crate::{text, tr};
use loader::{Loader, Refs};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// One file of reference data: where it is and what it says.
#[derive(Debug, Clone)]
pub struct RatesFile {
    /// The path relative to the rates folder, with `/` separators (`grid/2023-07-01.toml`).
    pub rel: String,
    /// The path to show in messages.
    pub shown: String,
    /// The file's text.
    pub text: String,
}

/// A problem in the reference data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataError {
    /// The file at fault.
    pub file: String,
    /// The line, where known.
    pub line: Option<usize>,
    /// The key, where one is at fault.
    pub key: Option<String>,
    /// What is wrong, in both languages.
    pub message: Text,
}

impl DataError {
    /// `file:line: key: message` in `lang` (French typography puts a space before each colon
    /// after the place).
    pub fn render(&self, lang: Lang) -> String {
        let colon = lang.pick(": ", "\u{a0}: ");
        let mut out = self.file.clone();
        if let Some(line) = self.line {
            out.push_str(&format!(":{line}"));
        }
        if let Some(key) = &self.key {
            out.push_str(&format!("{colon}{key}"));
        }
        out.push_str(colon);
        out.push_str(self.message.get(lang));
        out
    }
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// Every problem found in a rates folder.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct DataErrors {
    /// The folder, or `embedded`.
    pub origin: String,
    /// The problems, in file order.
    pub errors: Vec<DataError>,
}

impl DataErrors {
    /// Every problem, one a line, under a heading, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let n = self.errors.len();
        let s = if n == 1 { "" } else { "s" };
        let origin = shown_in(&self.origin, lang);
        let mut out = tr!(
            lang,
            "invalid reference data in {origin} ({n} problem{s}):",
            "données de référence invalides dans {origin} ({n} problème{s}) :"
        );
        for error in &self.errors {
            out.push_str("\n  ");
            out.push_str(&error.render(lang));
        }
        out
    }
}

impl fmt::Display for DataErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// The origin of the embedded data (in messages, in the language of messages).
const EMBEDDED: &str = "the embedded data";
/// What marks an embedded file's name.
const EMBEDDED_FILE: &str = " (embedded)";

/// A data origin or a file's name for people: the embedded data's words in `lang` (scripts
/// read them in English, as the data holds them).
pub fn shown_in(text: &str, lang: Lang) -> std::borrow::Cow<'_, str> {
    match lang {
        Lang::Fr if text == EMBEDDED => "les données intégrées".into(),
        Lang::Fr if text.contains(EMBEDDED_FILE) => {
            text.replace(EMBEDDED_FILE, " (intégré)").into()
        }
        _ => text.into(),
    }
}

/// The reference data embedded in the binary: the repository's `rates/`, loaded and checked
/// by `build.rs` with [`load_as_embedded`] and frozen ([`super::freeze`]); thawed here, with
/// no TOML to parse. A `--rates` folder goes through [`load_dir`], checked at every run.
#[cfg(embedded_rates)]
pub fn embedded() -> Result<Rates, DataErrors> {
    static TEXT: &str = include_str!(concat!(env!("OUT_DIR"), "/embedded_rates.txt"));
    static DATA: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/embedded_rates.bin"));
    super::thaw(TEXT, DATA).ok_or_else(|| DataErrors {
        origin: EMBEDDED.to_string(),
        errors: vec![DataError {
            file: EMBEDDED.to_string(),
            line: None,
            key: None,
            message: text!(
                "cannot be read: the binary is damaged",
                "illisibles : le programme est endommagé"
            ),
        }],
    })
}

/// Loads and checks the files of `rates/` (each its path relative to the folder, and its
/// text) named as the embedded data names them (`rates/grid/2023-07-01.toml (embedded)`):
/// what `build.rs` freezes into the binary, and what the tests compare [`embedded`] with.
pub fn load_as_embedded(
    files: impl IntoIterator<Item = (String, String)>,
) -> Result<Rates, DataErrors> {
    let files = files
        .into_iter()
        .map(|(rel, text)| RatesFile {
            // A file's name, as the output shows it in every language (scripts read it).
            shown: format!("rates/{rel}{EMBEDDED_FILE}"),
            rel,
            text,
        })
        .collect();
    load_files(EMBEDDED, files)
}

/// Loads and checks a set of files laid out as `rates/` is.
pub fn load_files(origin: &str, files: Vec<RatesFile>) -> Result<Rates, DataErrors> {
    let mut rates = no_data(origin, &files);
    let mut errors = Vec::new();
    let mut refs = Refs::default();
    // Folders with a file that failed to parse: checks that would only repeat that failure are skipped.
    let mut unreadable: BTreeSet<String> = BTreeSet::new();
    for file in &files {
        let folder = folder_of(&file.rel);
        let mut loader = Loader::new(file, refs);
        read_file(&mut loader, folder, &mut rates);
        if !loader.errors.is_empty() {
            unreadable.insert(folder.unwrap_or("").to_string());
        }
        errors.append(&mut loader.errors);
        refs = loader.refs;
    }
    // The file the regions were read from, as messages show it.
    let regions_file = files
        .iter()
        .rfind(|f| f.rel == "regions.toml")
        .map(|f| f.shown.as_str());
    checks::across_files(&mut rates, refs, regions_file, &unreadable, &mut errors);
    rates.region_index = Rates::index_regions(&rates.regions);
    if errors.is_empty() {
        Ok(rates)
    } else {
        Err(DataErrors {
            origin: origin.to_string(),
            errors,
        })
    }
}

/// The data before any file is read: nothing but where it comes from and its files' names.
fn no_data(origin: &str, files: &[RatesFile]) -> Rates {
    Rates {
        origin: origin.to_string(),
        sources: BTreeMap::new(),
        regions: Vec::new(),
        grid: Versioned::new(Param::Grid),
        iespe: Versioned::new(Param::Iespe),
        pet: Versioned::new(Param::Pet),
        charges: Versioned::new(Param::Charges),
        rule_sets: Vec::new(),
        allocations: Vec::new(),
        conditions: Vec::new(),
        files: files.iter().map(|f| f.rel.clone()).collect(),
        unread: Vec::new(),
        region_index: Default::default(),
    }
}

/// The folder a file is in: `None` at the top, `Some("")` deeper than one folder down (files
/// are at the top or one folder down: anything deeper is reported as unexpected).
fn folder_of(rel: &str) -> Option<&str> {
    match rel.split('/').collect::<Vec<_>>().as_slice() {
        [_] => None,
        [folder, _] => Some(*folder),
        _ => Some(""),
    }
}

/// Hands one file to the reader of its kind, by where it lies.
fn read_file(loader: &mut Loader<'_>, folder: Option<&str>, rates: &mut Rates) {
    let file = loader.file;
    match (folder, file.rel.as_str()) {
        (None, "sources.toml") => {
            if let Some(parsed) = loader.parse::<raw::SourcesFile>() {
                loader.add_sources(parsed.sources);
            }
        }
        (None, "regions.toml") => regions::read(loader, &mut rates.regions),
        (Some("grid"), _) => {
            params::read::<raw::GridVersion, _>(loader, &mut rates.grid, params::grid)
        }
        (Some("iespe"), _) => {
            params::read::<raw::IespeVersion, _>(loader, &mut rates.iespe, |a| Ok(a.0))
        }
        (Some("pet"), _) => {
            params::read::<raw::PetVersion, _>(loader, &mut rates.pet, params::pet_scale)
        }
        (Some("charges"), _) => {
            params::read::<raw::ChargesVersion, _>(loader, &mut rates.charges, |r| Ok(r.0))
        }
        (Some("rules"), _) => rates.rule_sets.extend(rules::read(loader)),
        (Some("allocations"), _) => rates.allocations.extend(allocations::read(loader)),
        (None, "conditions.toml") => conditions::read(loader, &mut rates.conditions),
        _ => loader.error(None, "", unexpected_file()),
    }
}

/// What is said of a file that is none of the data's.
fn unexpected_file() -> Text {
    text!(lang =>
        "unexpected file: the rates folder holds sources.toml, regions.toml, conditions.toml and the folders grid/, iespe/, pet/, charges/, rules/ and allocations/",
        "fichier inattendu : le dossier rates contient sources.toml, regions.toml, conditions.toml et les dossiers grid/, iespe/, pet/, charges/, rules/ et allocations/"
    )
}
