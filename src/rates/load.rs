//! Reads and checks the files under `rates/`: every problem is reported with its
//! file, line and key, and all of a folder's problems are reported at once.

use super::raw::{self, Header, ParamFile, VersionRaw, LANGUAGES};
use super::*;
use crate::lang::Text;
use crate::model::fold_name;
use crate::post::Field;
use crate::{text, tr};
use serde::de::DeserializeOwned;
use std::collections::BTreeSet;
use std::fmt;
use std::path::Path;
use strum::IntoEnumIterator;
use toml::Spanned;

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

mod embedded_files {
    include!(concat!(env!("OUT_DIR"), "/embedded_rates.rs"));
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

/// The reference data embedded in the binary at build time, from the repository's `rates/`.
pub fn embedded() -> Result<Rates, DataErrors> {
    let files = embedded_files::FILES
        .iter()
        .map(|(rel, text)| RatesFile {
            rel: rel.to_string(),
            // A file's name, as the output shows it in every language (scripts read it).
            shown: format!("rates/{rel}{EMBEDDED_FILE}"),
            text: text.to_string(),
        })
        .collect();
    load_files(EMBEDDED, files)
}

/// The largest data file read, and the most read from one folder in all: far above the
/// real data (a few kilobytes), and a guard against a file that never ends (`/dev/zero`).
pub const MAX_FILE_BYTES: u64 = 16 << 20;
/// See [`MAX_FILE_BYTES`].
pub const MAX_FOLDER_BYTES: u64 = 64 << 20;
/// How deep folders are walked (the layout has one level; deeper files are reported).
const MAX_DEPTH: u32 = 8;

/// Reads every `.toml` file below `dir` (other files are ignored) and loads them.
///
/// Only regular files are read. A symbolic link is followed when it leads to a regular file
/// inside `dir`; one that leads outside it, or to anything else, is reported and not read.
/// Links to folders are not followed. Hidden files and folders (`.git`) are skipped.
pub fn load_dir(dir: &Path) -> Result<Rates, DataErrors> {
    let origin = dir.display().to_string();
    let fail = |message: Text| DataErrors {
        origin: origin.clone(),
        errors: vec![DataError {
            file: origin.clone(),
            line: None,
            key: None,
            message,
        }],
    };
    if !dir.is_dir() {
        return Err(fail(text!(
            "not a folder (or it cannot be read)",
            "n'est pas un dossier (ou ne peut pas être lu)",
        )));
    }
    let root = dir
        .canonicalize()
        .map_err(|e| fail(cannot_read_folder(&e)))?;
    let mut paths = Vec::new();
    let mut errors = Vec::new();
    collect_toml(dir, MAX_DEPTH, &mut paths, &mut errors)
        .map_err(|e| fail(cannot_read_folder(&e)))?;
    paths.sort();
    let mut files = Vec::new();
    let mut total: u64 = 0;
    for path in paths {
        let rel = path
            .strip_prefix(dir)
            .unwrap_or(&path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        let shown = path.display().to_string();
        let mut report = |message: Text| {
            errors.push(DataError {
                file: shown.clone(),
                line: None,
                key: None,
                message,
            })
        };
        match read_data_file(&path, &root, MAX_FOLDER_BYTES.saturating_sub(total)) {
            Ok(text) => {
                total += text.len() as u64;
                files.push(RatesFile {
                    rel,
                    shown: shown.clone(),
                    text,
                });
            }
            Err(message) => report(message),
        }
    }
    let loaded = load_files(&origin, files);
    match (loaded, errors.is_empty()) {
        (Ok(rates), true) => Ok(rates),
        (Ok(_), false) => Err(DataErrors { origin, errors }),
        (Err(mut e), _) => {
            errors.append(&mut e.errors);
            e.errors = errors;
            Err(e)
        }
    }
}

fn cannot_read_folder(e: &std::io::Error) -> Text {
    text!(lang =>
        "cannot read the folder: {e}",
        "impossible de lire le dossier : {e}"
    )
}

fn cannot_be_read(e: &std::io::Error) -> Text {
    text!(lang =>
        "cannot be read: {e}",
        "ne peut pas être lu : {e}"
    )
}

/// Reads one data file: a regular file (or a link to one inside `root`), as UTF-8, at most
/// [`MAX_FILE_BYTES`] and at most `budget` bytes.
fn read_data_file(path: &Path, root: &Path, budget: u64) -> Result<String, Text> {
    use std::io::Read;
    let link = std::fs::symlink_metadata(path).map_err(|e| cannot_be_read(&e))?;
    if link.file_type().is_symlink() {
        let target = path.canonicalize().map_err(|e| {
            text!(lang =>
                "is a link that cannot be followed: {e}",
                "est un lien qui ne peut pas être suivi : {e}"
            )
        })?;
        if !target.starts_with(root) {
            return Err(text!(lang =>
                "is a link to {}, outside the data folder: not read (copy the file into the folder instead)",
                "est un lien vers {}, hors du dossier de données : non lu (copiez plutôt le fichier dans le dossier)",
                target.display()
            ));
        }
    }
    let meta = std::fs::metadata(path).map_err(|e| cannot_be_read(&e))?;
    if !meta.is_file() {
        return Err(text!(lang =>
            "is not a regular file (a pipe, a device or a socket): not read",
            "n'est pas un fichier ordinaire (un tube, un périphérique ou une socket) : non lu"
        ));
    }
    let cap = MAX_FILE_BYTES.min(budget);
    if meta.len() > cap {
        return Err(too_large(meta.len(), cap));
    }
    let file = std::fs::File::open(path).map_err(|e| cannot_be_read(&e))?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| cannot_be_read(&e))?;
    if bytes.len() as u64 > cap {
        return Err(too_large(bytes.len() as u64, cap));
    }
    String::from_utf8(bytes).map_err(|e| {
        text!(lang =>
            "is not UTF-8 text (byte {} is not; save it as UTF-8)",
            "n'est pas du texte UTF-8 (l'octet {} ne l'est pas ; enregistrez-le en UTF-8)",
            e.utf8_error().valid_up_to() + 1
        )
    })
}

fn too_large(size: u64, cap: u64) -> Text {
    if cap < MAX_FILE_BYTES {
        text!(lang =>
            "is past the {} MiB a data folder may hold in all: not read",
            "dépasse les {} Mio qu'un dossier de données peut contenir en tout : non lu",
            MAX_FOLDER_BYTES >> 20
        )
    } else {
        text!(lang =>
            "is {} bytes or more, more than the {} MiB a data file may have: not read",
            "fait {} octets ou plus, plus que les {} Mio permis pour un fichier de données : non lu",
            size,
            MAX_FILE_BYTES >> 20
        )
    }
}

/// The `.toml` files of `dir` and of its folders, `depth` levels down; a folder deeper, or a
/// link to a folder, is reported in `errors`.
fn collect_toml(
    dir: &Path,
    depth: u32,
    out: &mut Vec<std::path::PathBuf>,
    errors: &mut Vec<DataError>,
) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let kind = entry.file_type()?;
        let is_toml = path.extension().is_some_and(|e| e == "toml");
        if kind.is_dir() {
            if depth > 0 {
                collect_toml(&path, depth - 1, out, errors)?;
            } else {
                errors.push(DataError {
                    file: path.display().to_string(),
                    line: None,
                    key: None,
                    message: text!(lang =>
                        "is a folder too deep to be read: the data has one level of folders",
                        "est un dossier trop profond pour être lu : les données ont un seul niveau de dossiers"
                    ),
                });
            }
        } else if kind.is_symlink() && path.is_dir() {
            errors.push(DataError {
                file: path.display().to_string(),
                line: None,
                key: None,
                message: text!(lang =>
                    "is a link to a folder: not followed (data folders hold the files themselves)",
                    "est un lien vers un dossier : non suivi (les dossiers de données contiennent les fichiers eux-mêmes)"
                ),
            });
        } else if is_toml {
            out.push(path);
        }
    }
    Ok(())
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

/// Collects problems while the files are read.
struct Loader<'a> {
    errors: Vec<DataError>,
    sources: BTreeMap<String, Source>,
    /// Source ids used: (id, file, line, key).
    used_sources: Vec<(String, String, usize, String)>,
    file: &'a RatesFile,
    lines: Lines,
}

impl<'a> Loader<'a> {
    fn error(&mut self, span: Option<std::ops::Range<usize>>, key: &str, message: Text) {
        self.errors.push(DataError {
            file: self.file.shown.clone(),
            line: span.map(|s| self.lines.of(s.start)),
            key: (!key.is_empty()).then(|| key.to_string()),
            message,
        });
    }

    fn line(&self, span: std::ops::Range<usize>) -> usize {
        self.lines.of(span.start)
    }

    fn parse<T: DeserializeOwned>(&mut self) -> Option<T> {
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

    fn add_sources(&mut self, sources: BTreeMap<String, Spanned<raw::SourceRaw>>) {
        for (id, spanned) in sources {
            let span = spanned.span();
            let raw = spanned.into_inner();
            if let Some(existing) = self.sources.get(&id) {
                let message = text!(lang =>
                    "source '{id}' is already defined in {}",
                    "la source « {id} » est déjà définie dans {}",
                    existing.file
                );
                self.error(Some(span), &format!("sources.{id}"), message);
                continue;
            }
            self.sources.insert(
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

    fn use_source(&mut self, id: &str, span: std::ops::Range<usize>, key: &str) {
        let line = self.line(span);
        self.used_sources.push((
            id.to_string(),
            self.file.shown.clone(),
            line,
            key.to_string(),
        ));
    }

    /// Reads one parameter file's versions, converting each value.
    fn versions<V, T>(
        &mut self,
        out: &mut Versioned<T>,
        convert: impl Fn(V::Value) -> Result<T, Text>,
    ) where
        V: VersionRaw + DeserializeOwned,
    {
        let Some(file) = self.parse::<ParamFile<V>>() else {
            return;
        };
        self.add_sources(file.sources);
        if out.unit.is_none() {
            out.unit = file.unit;
        }
        if file.versions.is_empty() {
            self.error(
                None,
                "versions",
                text!(
                    "the file has no [[versions]]",
                    "le fichier n'a pas de [[versions]]",
                ),
            );
        }
        for (i, version) in file.versions.into_iter().enumerate() {
            let (
                Header {
                    from,
                    until,
                    source,
                    note,
                },
                value,
            ) = version.split();
            let key = format!("versions[{i}]");
            let from_span = from.span();
            let line = self.line(from_span.clone());
            let source_span = source.span();
            let sources = source.into_inner().into_vec();
            if sources.is_empty() {
                self.error(
                    Some(source_span.clone()),
                    &format!("{key}.source"),
                    text!(
                        "a value needs at least one source",
                        "une valeur demande au moins une source",
                    ),
                );
            }
            for id in &sources {
                self.use_source(id, source_span.clone(), &format!("{key}.source"));
            }
            let until_date = until.as_ref().map(|u| u.get_ref().0);
            if let Some(u) = &until {
                if u.get_ref().0 < from.get_ref().0 {
                    self.error(
                        Some(u.span()),
                        &format!("{key}.until"),
                        text!(lang =>
                            "ends ({}) before it starts ({})",
                            "finit ({}) avant de commencer ({})",
                            crate::lang::date(u.get_ref().0, lang),
                            crate::lang::date(from.get_ref().0, lang)
                        ),
                    );
                }
            }
            match convert(value) {
                Ok(value) => out.versions.push(Version {
                    from: from.get_ref().0,
                    until: until_date,
                    sources,
                    note,
                    value,
                    origin: Origin {
                        file: self.file.shown.clone(),
                        rel: self.file.rel.clone(),
                        line,
                    },
                }),
                Err(message) => self.error(Some(from_span), &key, message),
            }
        }
    }
}

/// Sorts a parameter's versions and reports duplicates, overlaps and gaps
/// (and an empty parameter, unless one of its files already failed to parse).
fn check_versions<T>(versioned: &mut Versioned<T>, unreadable: bool, errors: &mut Vec<DataError>) {
    versioned.versions.sort_by_key(|v| v.from);
    if versioned.versions.is_empty() && !unreadable {
        errors.push(DataError {
            file: format!("{}/", versioned.param.folder()),
            line: None,
            key: None,
            message: text!(lang =>
                "no version of the {} in the data",
                "aucune version {} dans les données",
                versioned.param.of(lang)
            ),
        });
    }
    for pair in versioned.versions.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let at = |v: &Version<T>| format!("{}:{}", v.origin.file, v.origin.line);
        if a.from == b.from {
            errors.push(DataError {
                file: b.origin.file.clone(),
                line: Some(b.origin.line),
                key: Some("from".into()),
                message: text!(lang =>
                    "a second version of the {} from {} (the first is at {})",
                    "une deuxième version {} à partir du {} (la première est à {})",
                    versioned.param.of(lang),
                    crate::lang::date(b.from, lang),
                    at(a)
                ),
            });
        } else if let Some(until) = a.until {
            if until >= b.from {
                errors.push(DataError {
                    file: b.origin.file.clone(),
                    line: Some(b.origin.line),
                    key: Some("from".into()),
                    message: text!(lang =>
                        "overlaps the version at {} ({} to {})",
                        "chevauche la version de {} (du {} au {})",
                        at(a),
                        crate::lang::date(a.from, lang),
                        crate::lang::date(until, lang)
                    ),
                });
            } else if until.succ_opt() != Some(b.from) {
                errors.push(DataError {
                    file: a.origin.file.clone(),
                    line: Some(a.origin.line),
                    key: Some("until".into()),
                    message: text!(lang =>
                        "no version of the {} is in force from {} to the day before {} (version at {})",
                        "aucune version {} n'est en vigueur du {} à la veille du {} (version de {})",
                        versioned.param.of(lang),
                        crate::lang::date(until.succ_opt().unwrap_or(until), lang),
                        crate::lang::date(b.from, lang),
                        at(b)
                    ),
                });
            }
        }
    }
}

fn grid(annual: BTreeMap<Grade, BTreeMap<YearBand, raw::Amount>>) -> Result<Grid, Text> {
    let mut out = BTreeMap::new();
    for grade in Grade::iter() {
        let bands = annual.get(&grade).ok_or_else(|| {
            text!(lang =>
                "annual.{grade} is missing",
                "annual.{grade} manque"
            )
        })?;
        for years in YearBand::iter() {
            let amount = bands.get(&years).ok_or_else(|| {
                text!(lang =>
                    "annual.{grade}.\"{years}\" is missing",
                    "annual.{grade}.\"{years}\" manque"
                )
            })?;
            out.insert((grade, years), amount.0);
        }
    }
    Ok(Grid { annual: out })
}

fn pet_scale(raw: raw::PetScaleRaw) -> Result<PetScale, Text> {
    let mut tiers = Vec::new();
    for (i, tier) in raw.tiers.into_iter().enumerate() {
        let lower = match (tier.from, tier.above) {
            (Some(from), None) => Lower::From(from.0),
            (None, Some(above)) => Lower::Above(above.0),
            _ => {
                return Err(text!(lang =>
                    "scale.tiers[{i}] needs exactly one of `from` (included) or `above` (excluded)",
                    "scale.tiers[{i}] demande exactement l'un de `from` (inclus) ou `above` (exclu)"
                ))
            }
        };
        if let Some(top) = tier.up_to.map(|a| a.0) {
            let empty = match lower {
                Lower::From(x) => x > top,
                Lower::Above(x) => x >= top,
            };
            if empty {
                return Err(text!(lang =>
                    "scale.tiers[{i}] starts above its `up_to` ({top}): no pattern falls in it",
                    "scale.tiers[{i}] commence au-dessus de son `up_to` ({top}) : aucune organisation du travail n'y tombe"
                ));
            }
        }
        tiers.push(PetTier {
            label: tier.label,
            lower,
            up_to: tier.up_to.map(|a| a.0),
            min_sites: tier.min_sites.unwrap_or(1),
            amount: tier.amount.0,
        });
    }
    if tiers.is_empty() {
        return Err(text!("scale.tiers is empty", "scale.tiers est vide"));
    }
    check_ladder(&tiers)?;
    Ok(PetScale {
        min_distance_km: raw.min_distance_km.0,
        derogation: raw.derogation,
        tiers,
    })
}

/// Checks that the one-site tiers form a ladder, in order, without gap or overlap: each
/// tier starts just above where the one before ends (`up_to = "3"`, then `above = "3"`),
/// and only the last is open. Tiers that need more sites are exceptions within it.
fn check_ladder(tiers: &[PetTier]) -> Result<(), Text> {
    let ladder: Vec<(usize, &PetTier)> = tiers
        .iter()
        .enumerate()
        .filter(|(_, t)| t.min_sites <= 1)
        .collect();
    for pair in ladder.windows(2) {
        let ((i, a), (j, b)) = (pair[0], pair[1]);
        match (a.up_to, b.lower) {
            (None, _) => {
                return Err(text!(lang =>
                    "scale.tiers[{i}] has no `up_to` but is not the last one-site tier",
                    "scale.tiers[{i}] n'a pas de `up_to` mais n'est pas le dernier palier à un site"
                ))
            }
            (Some(top), Lower::Above(x)) if x == top => {}
            (Some(top), Lower::Above(x)) if x < top => {
                return Err(text!(lang =>
                    "scale.tiers[{j}] (above {x}) overlaps scale.tiers[{i}] (up to {top})",
                    "scale.tiers[{j}] (au-dessus de {x}) chevauche scale.tiers[{i}] (jusqu'à {top})"
                ))
            }
            (Some(top), Lower::From(x)) if x <= top => {
                return Err(text!(lang =>
                    "scale.tiers[{j}] (from {x}) overlaps scale.tiers[{i}] (up to {top})",
                    "scale.tiers[{j}] (à partir de {x}) chevauche scale.tiers[{i}] (jusqu'à {top})"
                ))
            }
            (Some(top), _) => {
                return Err(text!(lang =>
                    "scale.tiers[{j}] does not start right above {top}, where scale.tiers[{i}] ends: write `above = \"{top}\"`",
                    "scale.tiers[{j}] ne commence pas juste au-dessus de {top}, où finit scale.tiers[{i}] : écrivez `above = \"{top}\"`"
                ))
            }
        }
    }
    match ladder.last() {
        Some((i, last)) if last.up_to.is_some() => Err(text!(lang =>
            "scale.tiers[{i}], the top one-site tier, should have no `up_to`",
            "scale.tiers[{i}], le plus haut palier à un site, ne doit pas avoir de `up_to`"
        )),
        _ => Ok(()),
    }
}

/// A condition of eligibility, checked: a known input, checked the way that input can be.
fn condition(loader: &mut Loader<'_>, raw: raw::ConditionRaw) -> Option<Condition> {
    loader.use_source(raw.source.get_ref(), raw.source.span(), "conditions.source");
    let span = raw.id.span();
    let check = match raw.check {
        None => None,
        Some(check) => Some(condition_check(loader, span, check)?),
    };
    Some(Condition {
        id: raw.id.into_inner(),
        post_types: raw.post_types,
        text: raw.condition,
        source: raw.source.into_inner(),
        check,
        only_with_derogation: raw.only_with_derogation,
    })
}

/// How a condition is checked: an input a condition can read, with the test that fits it.
fn condition_check(
    loader: &mut Loader<'_>,
    span: std::ops::Range<usize>,
    check: raw::CheckRaw,
) -> Option<Check> {
    let input = Field::from_key(&check.input).filter(|f| {
        matches!(
            f,
            Field::AmbulatoryShare
                | Field::PeripheralShare
                | Field::Specialty
                | Field::Months
                | Field::Sites
        )
    });
    let Some(input) = input else {
        loader.error(
            Some(span),
            "conditions.check.input",
            text!(lang =>
                "'{}' is not an input a condition can check: ambulatory_share, peripheral_share, specialty, months or sites",
                "« {} » n'est pas une donnée qu'une condition peut vérifier : ambulatory_share, peripheral_share, specialty, months ou sites",
                check.input
            ),
        );
        return None;
    };
    match (input, check.at_least, check.not, check.one_of) {
        (Field::AmbulatoryShare | Field::PeripheralShare, Some(least), None, None) => {
            Some(Check::AtLeast(input, least.0))
        }
        (Field::Specialty, None, Some(names), None) => Some(Check::NotAmong(
            input,
            names.iter().map(|n| fold_name(n)).collect(),
        )),
        (Field::Months | Field::Sites, None, None, Some(values)) => {
            Some(Check::OneOf(input, values))
        }
        _ => {
            let how = match input {
                Field::AmbulatoryShare | Field::PeripheralShare => {
                    text!("`at_least` (a share) alone", "`at_least` (une part) seul")
                }
                Field::Specialty => text!(
                    "`not` (a list of specialties) alone",
                    "`not` (une liste de spécialités) seul"
                ),
                _ => text!(
                    "`one_of` (a list of counts) alone",
                    "`one_of` (une liste de nombres) seul"
                ),
            };
            loader.error(
                Some(span),
                "conditions.check",
                text!(lang =>
                    "`{}` is checked with {}",
                    "`{}` se vérifie avec {}",
                    input.key(),
                    how.get(lang)
                ),
            );
            None
        }
    }
}

/// Loads and checks a set of files laid out as `rates/` is.
pub fn load_files(origin: &str, files: Vec<RatesFile>) -> Result<Rates, DataErrors> {
    let mut rates = Rates {
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
        region_index: Default::default(),
    };
    let mut errors = Vec::new();
    let mut sources = BTreeMap::new();
    let mut used_sources = Vec::new();
    let mut region_refs: Vec<(String, String, Option<usize>, String)> = Vec::new();
    // The file the regions were read from, as messages show it.
    let mut regions_file: Option<String> = None;
    // Folders with a file that failed to parse: checks that would only repeat that failure are skipped.
    let mut unreadable: BTreeSet<String> = BTreeSet::new();

    for file in &files {
        let mut loader = Loader {
            errors: Vec::new(),
            sources,
            used_sources,
            file,
            lines: Lines::new(&file.text),
        };
        // Files are at the top or one folder down: anything deeper is reported as unexpected.
        let folder = match file.rel.split('/').collect::<Vec<_>>().as_slice() {
            [_] => None,
            [folder, _] => Some(*folder),
            _ => Some(""),
        };
        match (folder, file.rel.as_str()) {
            (None, "sources.toml") => {
                if let Some(parsed) = loader.parse::<raw::SourcesFile>() {
                    loader.add_sources(parsed.sources);
                }
            }
            (None, "regions.toml") => {
                regions_file = Some(file.shown.clone());
                if let Some(parsed) = loader.parse::<raw::RegionsFile>() {
                    loader.add_sources(parsed.sources);
                    for region in parsed.regions {
                        let span = region.id.span();
                        let id = region.id.into_inner();
                        if fold_name(&id) != id {
                            loader.error(Some(span.clone()), "regions.id", text!(lang =>
                                "'{id}' is not in the id form '{}' (lower case, no accents, words joined by hyphens)",
                                "« {id} » n'a pas la forme d'un id, « {} » (minuscules, sans accents, mots joints par des traits d'union)",
                                fold_name(&id)
                            ));
                        }
                        let line = loader.line(span);
                        for member in &region.groups {
                            region_refs.push((member.clone(), file.shown.clone(), Some(line), format!("regions.{id}.groups")));
                        }
                        rates.regions.push(Region { id, name: region.name, aliases: region.aliases, overseas: region.overseas, groups: region.groups });
                    }
                }
            }
            (Some("grid"), _) => loader.versions::<raw::GridVersion, _>(&mut rates.grid, grid),
            (Some("iespe"), _) => loader.versions::<raw::IespeVersion, _>(&mut rates.iespe, |a| Ok(a.0)),
            (Some("pet"), _) => loader.versions::<raw::PetVersion, _>(&mut rates.pet, pet_scale),
            (Some("charges"), _) => loader.versions::<raw::ChargesVersion, _>(&mut rates.charges, |r| Ok(r.0)),
            (Some("rules"), _) => {
                if let Some(parsed) = loader.parse::<raw::RuleSetFile>() {
                    if let Some(rule_set) = rule_set(&mut loader, parsed, &mut region_refs) {
                        rates.rule_sets.push(rule_set);
                    }
                }
            }
            (Some("allocations"), _) => {
                if let Some(parsed) = loader.parse::<raw::AllocationFile>() {
                    if let Some(allocation) = allocation(&mut loader, parsed, &mut region_refs) {
                        rates.allocations.push(allocation);
                    }
                }
            }
            (None, "conditions.toml") => {
                if let Some(parsed) = loader.parse::<raw::ConditionsFile>() {
                    loader.add_sources(parsed.sources);
                    for raw in parsed.conditions {
                        if raw.post_types.is_empty() {
                            loader.error(Some(raw.id.span()), "post_types", text!(
                                "a national condition names the post types it concerns",
                                "une condition nationale nomme les types de poste qu'elle concerne",
                            ));
                        }
                        if let Some(condition) = condition(&mut loader, raw) {
                            rates.conditions.push(condition);
                        }
                    }
                }
            }
            _ => loader.error(None, "", text!(lang =>
                "unexpected file: the rates folder holds sources.toml, regions.toml, conditions.toml and the folders grid/, iespe/, pet/, charges/, rules/ and allocations/",
                "fichier inattendu : le dossier rates contient sources.toml, regions.toml, conditions.toml et les dossiers grid/, iespe/, pet/, charges/, rules/ et allocations/"
            )),
        }
        if !loader.errors.is_empty() {
            unreadable.insert(folder.unwrap_or("").to_string());
        }
        errors.append(&mut loader.errors);
        sources = loader.sources;
        used_sources = loader.used_sources;
    }

    if regions_file.is_none() {
        errors.push(DataError {
            file: "regions.toml".into(),
            line: None,
            key: None,
            message: text!(lang =>
                "missing: the data needs its list of regions",
                "manquant : les données ont besoin de leur liste de régions"
            ),
        });
    }
    check_versions(&mut rates.grid, unreadable.contains("grid"), &mut errors);
    check_versions(&mut rates.iespe, unreadable.contains("iespe"), &mut errors);
    check_versions(&mut rates.pet, unreadable.contains("pet"), &mut errors);
    check_versions(
        &mut rates.charges,
        unreadable.contains("charges"),
        &mut errors,
    );

    for (id, file, line, key) in used_sources {
        if !sources.contains_key(&id) {
            errors.push(DataError {
                file,
                line: Some(line),
                key: Some(key),
                message: text!(lang =>
                    "unknown source '{id}': define it under [sources.{id}] (in sources.toml or in this file)",
                    "source inconnue « {id} » : définissez-la sous [sources.{id}] (dans sources.toml ou dans ce fichier)"
                ),
            });
        }
    }
    rates.sources = sources;

    check_regions(
        &rates,
        regions_file.as_deref().unwrap_or("regions.toml"),
        &mut errors,
    );
    for (id, file, line, key) in region_refs {
        if !rates.regions.iter().any(|r| r.id == id) {
            errors.push(DataError {
                file,
                line,
                key: Some(key),
                message: text!(lang =>
                    "unknown region id '{id}' (regions are listed in regions.toml)",
                    "id de région inconnu « {id} » (les régions sont listées dans regions.toml)"
                ),
            });
        }
    }
    check_rule_sets(&rates, !unreadable.is_empty(), &mut errors);
    check_allocations(&rates, &mut errors);
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

fn rule_set(
    loader: &mut Loader<'_>,
    raw: raw::RuleSetFile,
    region_refs: &mut Vec<(String, String, Option<usize>, String)>,
) -> Option<RuleSet> {
    loader.add_sources(raw.sources);
    let id_line = loader.line(raw.id.span());
    let id_span = raw.id.span();
    let id = raw.id.into_inner();
    let mut ok = true;
    if id.is_empty() || fold_name(&id) != id {
        loader.error(
            Some(id_span),
            "id",
            text!(lang =>
                "'{}' is not in the id form '{}' (lower case letters and digits, words joined by hyphens)",
                "« {} » n'a pas la forme d'un id, « {} » (lettres minuscules et chiffres, mots joints par des traits d'union)",
                id.escape_debug(),
                fold_name(&id)
            ),
        );
        ok = false;
    }
    let region_line = loader.line(raw.region.span());
    region_refs.push((
        raw.region.get_ref().clone(),
        loader.file.shown.clone(),
        Some(region_line),
        "region".into(),
    ));
    loader.use_source(raw.source.get_ref(), raw.source.span(), "source");
    if raw.post_types.is_empty() {
        loader.error(
            None,
            "post_types",
            text!("lists no post type", "ne liste aucun type de poste"),
        );
        ok = false;
    }
    let mut start_months = Vec::new();
    for month in &raw.start_months {
        let parsed = NaiveDate::parse_from_str(&format!("{}-01", month.get_ref()), "%Y-%m-%d");
        match parsed {
            Ok(d) => start_months.push((chrono::Datelike::year(&d), chrono::Datelike::month(&d))),
            Err(_) => {
                loader.error(
                    Some(month.span()),
                    "start_months",
                    text!(lang =>
                        "'{}' is not a month written YYYY-MM",
                        "« {} » n'est pas un mois écrit AAAA-MM",
                        month.get_ref()
                    ),
                );
                ok = false;
            }
        }
    }
    let default_months = *raw.default_months.get_ref();
    if raw.durations.iter().any(|m| *m > crate::post::MAX_MONTHS) {
        loader.error(
            Some(raw.default_months.span()),
            "durations",
            text!(lang =>
                "a contract length over {} months, the longest contract computed",
                "une durée de contrat de plus de {} mois, la plus longue durée calculée",
                crate::post::MAX_MONTHS
            ),
        );
        ok = false;
    }
    if matches!(raw.charges, raw::ChargesRaw::None {}) && raw.funded.contains(&Component::Charges) {
        loader.error(
            None,
            "charges",
            text!(
                "basis \"none\" (the credit involves no charges) contradicts `funded`, which lists charges",
                "la base \"none\" (le crédit ne comprend pas de charges) contredit `funded`, qui liste charges",
            ),
        );
        ok = false;
    }
    if raw.share.0.is_zero() {
        loader.error(
            None,
            "share",
            text!(lang =>
                "\"0\": a rule set funds a share above 0 (a region that funds nothing needs no rule set)",
                "\"0\" : un jeu de règles finance une part supérieure à 0 (une région qui ne finance rien n'a pas besoin de règles)"
            ),
        );
        ok = false;
    }
    if raw.durations.is_empty() || raw.durations.contains(&0) {
        loader.error(
            Some(raw.default_months.span()),
            "durations",
            text!(
                "lists the allowed contract lengths in months, none of them 0",
                "liste les durées de contrat admises, en mois, aucune ne valant 0",
            ),
        );
        ok = false;
    } else if !raw.durations.contains(&default_months) {
        loader.error(
            Some(raw.default_months.span()),
            "default_months",
            text!(lang =>
                "{default_months} is not one of the durations {:?}",
                "{default_months} n'est pas l'une des durées {:?}",
                raw.durations
            ),
        );
        ok = false;
    }
    if raw.funded.is_empty() || raw.funded.iter().all(|c| *c == Component::Charges) {
        loader.error(
            None,
            "funded",
            text!(
                "lists no gross component: charges are funded on the funded salary, iespe or pet",
                "ne liste aucune composante brute : les charges sont financées sur salary, iespe ou pet financés",
            ),
        );
        ok = false;
    }
    if let (Some(start), false) = (&raw.default_start, start_months.is_empty()) {
        let d = start.get_ref().0;
        if !start_months.contains(&(chrono::Datelike::year(&d), chrono::Datelike::month(&d))) {
            loader.error(
                Some(start.span()),
                "default_start",
                text!(lang =>
                    "{} is not in one of the start_months",
                    "le {} n'est dans aucun des start_months",
                    crate::lang::date(d, lang)
                ),
            );
            ok = false;
        }
    }
    let rounding = raw.rounding;
    let (grade, years, salary) = match raw.salary {
        raw::SalaryRaw::Grid { grade, years } => (grade, years, SalaryBasis::Grid),
        raw::SalaryRaw::Published {
            grade,
            years,
            monthly,
        } => (grade, years, SalaryBasis::Published(monthly.0)),
    };
    let mut funded = raw.funded;
    funded.sort();
    funded.dedup();
    let mut conditions = Vec::new();
    for raw in raw.conditions {
        match condition(loader, raw) {
            Some(condition) => conditions.push(condition),
            None => ok = false,
        }
    }
    ok.then(|| RuleSet {
        conditions,
        id,
        region: raw.region.into_inner(),
        post_types: raw.post_types,
        campaign: raw.campaign,
        title: raw.title,
        source: raw.source.into_inner(),
        start_months,
        default_start: raw.default_start.map(|d| d.get_ref().0),
        durations: raw.durations,
        default_months,
        other_durations: raw.other_durations,
        proration: raw.proration,
        credit: raw.credit,
        published_credit: raw.published_credit.map(|a| a.0),
        share: raw.share.0,
        funded,
        grade,
        years,
        salary,
        iespe: match raw.iespe {
            raw::IespeRaw::Grid {} => AmountBasis::National,
            raw::IespeRaw::Published { monthly } => AmountBasis::Published(monthly.0),
        },
        pet: match raw.pet {
            raw::PetRaw::Fixed { amount } => PetBasis::Fixed(amount.0),
            raw::PetRaw::Pattern {} => PetBasis::Pattern,
        },
        charges: match raw.charges {
            raw::ChargesRaw::Reference {} => ChargesBasis::Reference,
            raw::ChargesRaw::Rate { rate } => ChargesBasis::Rate(rate.0),
            raw::ChargesRaw::None {} => ChargesBasis::None,
        },
        rounding: Rounding {
            mode: rounding.mode,
            at: rounding.at,
        },
        assumptions: raw.assumptions,
        early_leave: raw.early_leave.map(|clause| {
            loader.use_source(
                clause.source.get_ref(),
                clause.source.span(),
                "early_leave.source",
            );
            EarlyLeave {
                reasons: clause.reasons,
                recovery: clause.recovery,
                quote: clause.quote,
                source: clause.source.into_inner(),
            }
        }),
        origin: Origin {
            file: loader.file.shown.clone(),
            rel: loader.file.rel.clone(),
            line: id_line,
        },
    })
}

fn allocation(
    loader: &mut Loader<'_>,
    raw: raw::AllocationFile,
    region_refs: &mut Vec<(String, String, Option<usize>, String)>,
) -> Option<Allocation> {
    loader.add_sources(raw.sources);
    loader.use_source(raw.source.get_ref(), raw.source.span(), "source");
    let mut by_type = BTreeMap::new();
    for (post_type, entry) in [
        (PostType::InterHospital, raw.inter_hospital),
        (PostType::Ambulatory, raw.ambulatory),
        (PostType::Overseas, raw.overseas),
    ] {
        let Some(entry) = entry else { continue };
        let span = entry.span();
        let line = loader.line(span.clone());
        let entry = entry.into_inner();
        let key = post_type.id();
        for region in entry.posts.keys().chain(entry.within.keys()) {
            region_refs.push((
                region.clone(),
                loader.file.shown.clone(),
                Some(line),
                format!("{key}.posts"),
            ));
        }
        // Added up in 64 bits: no count of posts can wrap around.
        let sum: u64 = entry.posts.values().map(|n| u64::from(*n)).sum();
        match entry.split {
            Split::Complete if sum != u64::from(entry.total) => loader.error(
                Some(span.clone()),
                key,
                text!(lang =>
                    "split is \"complete\" but the regions add up to {sum}, not the total {}",
                    "split vaut \"complete\" mais les régions totalisent {sum}, pas le total {}",
                    entry.total
                ),
            ),
            Split::Partial if sum > u64::from(entry.total) => loader.error(
                Some(span.clone()),
                key,
                text!(lang =>
                    "the known regions add up to {sum}, more than the total {}",
                    "les régions connues totalisent {sum}, plus que le total {}",
                    entry.total
                ),
            ),
            Split::Unknown if !entry.posts.is_empty() => loader.error(
                Some(span.clone()),
                key,
                text!(lang =>
                    "split is \"unknown\" but regions are given: say \"partial\"",
                    "split vaut \"unknown\" mais des régions sont données : écrivez \"partial\""
                ),
            ),
            _ => {}
        }
        let mut within = BTreeMap::new();
        for (region, w) in entry.within {
            match entry.posts.get(&w.of) {
                Some(parent) if *parent >= w.posts => {}
                Some(parent) => loader.error(
                    Some(span.clone()),
                    &format!("{key}.within.{region}"),
                    text!(lang =>
                        "{} posts within {}'s {parent}",
                        "{} postes parmi les {parent} de {}",
                        w.posts,
                        w.of
                    ),
                ),
                None => loader.error(
                    Some(span.clone()),
                    &format!("{key}.within.{region}"),
                    text!(lang =>
                        "'{}' has no posts in this note",
                        "« {} » n'a pas de postes dans cette note",
                        w.of
                    ),
                ),
            }
            within.insert(region, (w.of, w.posts));
        }
        by_type.insert(
            post_type,
            TypeAllocation {
                total: entry.total,
                split: entry.split,
                note: entry.note,
                posts: entry.posts,
                within,
            },
        );
    }
    Some(Allocation {
        promotion: raw.promotion.into_inner(),
        source: raw.source.into_inner(),
        by_type,
        file: loader.file.shown.clone(),
        rel: loader.file.rel.clone(),
    })
}

fn check_regions(rates: &Rates, file: &str, errors: &mut Vec<DataError>) {
    let mut names: BTreeMap<String, &str> = BTreeMap::new();
    let mut ids: BTreeSet<&str> = BTreeSet::new();
    for region in &rates.regions {
        if !ids.insert(region.id.as_str()) {
            errors.push(DataError {
                file: file.to_string(),
                line: None,
                key: Some(format!("regions.{}", region.id)),
                message: text!(lang =>
                    "the region id '{}' is given twice",
                    "l'id de région « {} » est donné deux fois",
                    region.id
                ),
            });
        }
        for name in std::iter::once(&region.id)
            .chain(std::iter::once(&region.name))
            .chain(&region.aliases)
        {
            let folded = fold_name(name);
            match names.get(&folded) {
                Some(other) if *other != region.id => errors.push(DataError {
                    file: file.to_string(),
                    line: None,
                    key: Some(format!("regions.{}", region.id)),
                    message: text!(lang =>
                        "the name '{name}' is also a name of '{other}'",
                        "le nom « {name} » est aussi un nom de « {other} »"
                    ),
                }),
                _ => {
                    names.insert(folded, &region.id);
                }
            }
        }
    }
}

fn check_rule_sets(rates: &Rates, some_unreadable: bool, errors: &mut Vec<DataError>) {
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for (i, rule_set) in rates.rule_sets.iter().enumerate() {
        let err = |message: Text| DataError {
            file: rule_set.origin.file.clone(),
            line: Some(rule_set.origin.line),
            key: Some("id".into()),
            message,
        };
        if !seen.insert(&rule_set.id) {
            errors.push(err(text!(lang =>
                "a second rule set with id '{}'",
                "un deuxième jeu de règles d'id « {} »",
                rule_set.id
            )));
        }
        for other in &rates.rule_sets[..i] {
            if other.region == rule_set.region
                && other.campaign == rule_set.campaign
                && other
                    .post_types
                    .iter()
                    .any(|p| rule_set.post_types.contains(p))
            {
                errors.push(err(text!(lang =>
                    "covers the same region, post type and campaign as '{}' ({})",
                    "couvre la même région, le même type de poste et la même campagne que « {} » ({})",
                    other.id, other.origin.file
                )));
            }
        }
        // The defaults must be computable: every parameter the rule set uses is in force at its default start.
        if let Some(start) = rule_set.default_start.filter(|_| !some_unreadable) {
            let mut needs: Vec<Option<Text>> = vec![
                (rule_set.salary == SalaryBasis::Grid)
                    .then(|| {
                        rates
                            .grid
                            .at(start)
                            .err()
                            .map(|e| Text::of(|lang| e.render(lang)))
                    })
                    .flatten(),
                (rule_set.iespe == AmountBasis::National)
                    .then(|| {
                        rates
                            .iespe
                            .at(start)
                            .err()
                            .map(|e| Text::of(|lang| e.render(lang)))
                    })
                    .flatten(),
                (rule_set.pet == PetBasis::Pattern)
                    .then(|| {
                        rates
                            .pet
                            .at(start)
                            .err()
                            .map(|e| Text::of(|lang| e.render(lang)))
                    })
                    .flatten(),
            ];
            needs.push(
                rates
                    .charges
                    .at(start)
                    .err()
                    .map(|e| Text::of(|lang| e.render(lang))),
            );
            for message in needs.into_iter().flatten() {
                errors.push(DataError {
                    file: rule_set.origin.file.clone(),
                    line: None,
                    key: Some("default_start".into()),
                    message,
                });
            }
        }
    }
}

fn check_allocations(rates: &Rates, errors: &mut Vec<DataError>) {
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for allocation in &rates.allocations {
        if let Some(other) = seen.insert(&allocation.promotion, &allocation.file) {
            errors.push(DataError {
                file: allocation.file.clone(),
                line: None,
                key: Some("promotion".into()),
                message: text!(lang =>
                    "promotion {} is also in {other}",
                    "la promotion {} est aussi dans {other}",
                    allocation.promotion
                ),
            });
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
