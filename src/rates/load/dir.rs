//! Reading a data folder from disk: which files are read (regular `.toml` files, one level of
//! folders, links only inside the folder), within what sizes, and what cannot be read.

use super::{load_files, DataError, DataErrors, RatesFile};
use crate::lang::Text;
use crate::rates::Rates;
use crate::text;
use std::path::{Path, PathBuf};

/// The largest data file read, and the most read from one folder in all: far above the
/// real data (a few kilobytes), and a guard against a file that never ends (`/dev/zero`).
pub const MAX_FILE_BYTES: u64 = 16 << 20;
/// See [`MAX_FILE_BYTES`].
pub const MAX_FOLDER_BYTES: u64 = 64 << 20;
/// How deep folders are walked (the layout has one level; deeper files are reported).
const MAX_DEPTH: u32 = 8;

/// Reads every `.toml` file below `dir` (the extension in any case) and loads them; the other
/// files are listed in [`Rates::unread`].
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
    let mut found = Found::default();
    let mut errors = Vec::new();
    collect_toml(dir, MAX_DEPTH, &mut found, &mut errors)
        .map_err(|e| fail(cannot_read_folder(&e)))?;
    let Found { mut paths, unread } = found;
    paths.sort();
    let relative = |path: &Path| {
        path.strip_prefix(dir)
            .unwrap_or(path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/")
    };
    let mut unread: Vec<String> = unread.iter().map(|p| relative(p)).collect();
    unread.sort();
    let mut files = Vec::new();
    let mut total: u64 = 0;
    for path in paths {
        let rel = relative(&path);
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
        (Ok(mut rates), true) => {
            rates.unread = unread;
            Ok(rates)
        }
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

/// The files of a data folder: those to read, and the others.
#[derive(Default)]
struct Found {
    /// The `.toml` files (the extension in any case).
    paths: Vec<PathBuf>,
    /// The other files, not read.
    unread: Vec<PathBuf>,
}

/// The `.toml` files of `dir` and of its folders, `depth` levels down, and the files that are
/// not; a folder deeper, or a link to a folder, is reported in `errors`.
fn collect_toml(
    dir: &Path,
    depth: u32,
    out: &mut Found,
    errors: &mut Vec<DataError>,
) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let kind = entry.file_type()?;
        let is_toml = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
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
            out.paths.push(path);
        } else {
            out.unread.push(path);
        }
    }
    Ok(())
}
