//! Where a command's output goes: standard output; a path that is not a regular file (a
//! device, a FIFO, a socket, `/dev/stdout`), written to as a shell redirect would; or a regular
//! file, replaced atomically: written to a temporary file beside it, renamed over it at the end.
//! A symbolic link is followed and its target replaced; the link stays a link. The temporary
//! file is removed on every exit path: an error, a panic's unwinding, and SIGINT, SIGTERM or
//! SIGHUP ([`cleanup`]). A new file gets the mode a shell redirect gives it (0666 less the
//! umask); a replaced file keeps its own.

use anyhow::{anyhow, bail, Result};
use asp_funding::lang::{Lang, Text};
use asp_funding::{text, tr};
use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Where the output goes.
pub struct Target {
    kind: Kind,
    /// The path as the user typed it, for messages.
    shown: Option<PathBuf>,
}

enum Kind {
    Stdout,
    /// A path that is not a regular file, opened as it is.
    Direct(File),
    /// A regular file, replaced at [`Target::commit`].
    Replace {
        temp: tempfile::NamedTempFile,
        /// The file replaced: the path typed, or the target of its links.
        dest: PathBuf,
        /// The mode the file gets.
        mode: u32,
    },
}

/// How links of a path end.
enum Resolved {
    /// Write to the path as it is (not a regular file, or a descriptor of this process).
    Direct,
    /// Replace this regular file, or create it.
    Replace(PathBuf),
}

/// `--output PATH: what`, in `lang`.
fn named(path: &Path, en: impl std::fmt::Display, fr: impl std::fmt::Display) -> Text {
    Text {
        en: format!("--output {}: {en}", path.display()),
        fr: format!("--output {}\u{a0}: {fr}", path.display()),
    }
}

/// An I/O error of the output in words: the disk full, the size limit, a refusal.
fn io_words(e: &io::Error) -> Option<Text> {
    Some(match e.kind() {
        io::ErrorKind::StorageFull => text!("the disk is full", "le disque est plein"),
        io::ErrorKind::FileTooLarge => text!(
            "the file would pass the size limit (ulimit -f)",
            "le fichier dépasserait la taille permise (ulimit -f)"
        ),
        io::ErrorKind::PermissionDenied => text!(
            "permission denied: the file cannot be written",
            "permission refusée : le fichier ne peut pas être écrit"
        ),
        io::ErrorKind::QuotaExceeded => {
            text!("the disk quota is exceeded", "le quota disque est dépassé")
        }
        io::ErrorKind::ReadOnlyFilesystem => text!(
            "the file system is read-only",
            "le système de fichiers est en lecture seule"
        ),
        _ => return None,
    })
}

/// An error writing to the output, naming it: « --output x.csv: cannot be written: the disk is full ».
fn write_error(path: &Path, e: io::Error) -> io::Error {
    let kind = e.kind();
    let words = io_words(&e).unwrap_or_else(|| Text::same(e.to_string()));
    io::Error::new(
        kind,
        named(
            path,
            format!("cannot be written: {}", words.get(Lang::En)),
            format!("ne peut pas être écrit\u{a0}: {}", words.get(Lang::Fr)),
        ),
    )
}

/// Follows the links of `path` to the file they lead to. `None`: a link leads into `/proc` or
/// `/dev` (`/dev/stdout`, `/dev/fd/1`): a descriptor of this process, written to as it is.
fn follow_links(path: &Path) -> Option<PathBuf> {
    let mut at = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&at) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let to = std::fs::read_link(&at).ok()?;
                at = match at.parent() {
                    Some(parent) if to.is_relative() => parent.join(to),
                    _ => to,
                };
                if at.starts_with("/proc") || at.starts_with("/dev") {
                    return None;
                }
            }
            _ => return Some(at),
        }
    }
    None
}

/// What writing to `path` means: write to it directly, or replace a regular file.
fn resolve(path: &Path, lang: Lang) -> Result<Resolved> {
    let folder_words = || {
        named(
            path,
            "this is a folder, not a file; give a file name (-o folder/results.csv)",
            "c'est un dossier, pas un fichier ; donnez un nom de fichier (-o dossier/resultats.csv)",
        )
    };
    let typed = path.as_os_str().as_encoded_bytes();
    if typed.ends_with(b"/") {
        bail!(folder_words());
    }
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => bail!(folder_words()),
        Ok(meta) if meta.is_file() => {
            // Refused as a shell redirect refuses it: opened for writing, not truncated.
            if let Err(e) = OpenOptions::new().write(true).open(path) {
                let words = io_words(&e).unwrap_or_else(|| Text::same(e.to_string()));
                bail!(named(path, words.get(Lang::En), words.get(Lang::Fr)));
            }
            Ok(follow_links(path).map_or(Resolved::Direct, Resolved::Replace))
        }
        Ok(_) => Ok(Resolved::Direct),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            // A new file, or a link to one that does not exist yet.
            Ok(follow_links(path).map_or(Resolved::Direct, Resolved::Replace))
        }
        Err(e) => Err(anyhow!(tr!(
            lang,
            "--output {}: {e}",
            "--output {} : {e}",
            path.display()
        ))),
    }
}

impl Target {
    /// Standard output.
    pub fn stdout() -> Target {
        Target {
            kind: Kind::Stdout,
            shown: None,
        }
    }

    /// The file `path`: opened as it is when it is not a regular file, else a temporary file in
    /// the folder of the file it replaces, renamed over it only by [`Target::commit`].
    pub fn file(path: &Path, lang: Lang) -> Result<Target> {
        let shown = Some(path.to_path_buf());
        let dest = match resolve(path, lang)? {
            Resolved::Direct => {
                let file = OpenOptions::new().write(true).open(path).map_err(|e| {
                    let words = io_words(&e).unwrap_or_else(|| Text::same(e.to_string()));
                    anyhow!(named(path, words.get(Lang::En), words.get(Lang::Fr)))
                })?;
                return Ok(Target {
                    kind: Kind::Direct(file),
                    shown,
                });
            }
            Resolved::Replace(dest) => dest,
        };
        let folder = match dest.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !folder.is_dir() {
            bail!(named(
                path,
                format!("the folder {} does not exist", folder.display()),
                format!("le dossier {} n'existe pas", folder.display())
            ));
        }
        cleanup::install();
        // The registry held while the file is made: a signal that comes between the file's
        // making and its registering waits for the registering, then removes it (it was left
        // behind before, when the signal fell in between).
        let mut held = cleanup::hold();
        let temp = new_temp(&folder).map_err(|e| {
            let words = io_words(&e).unwrap_or_else(|| Text::same(e.to_string()));
            anyhow!(named(
                path,
                format!(
                    "cannot write in {}: {}",
                    folder.display(),
                    words.get(Lang::En)
                ),
                format!(
                    "impossible d'écrire dans {} : {}",
                    folder.display(),
                    words.get(Lang::Fr)
                )
            ))
        })?;
        held.push(temp.0.path().to_path_buf());
        drop(held);
        let mode = std::fs::metadata(&dest).map_or(temp.1, |m| mode_of(&m));
        Ok(Target {
            kind: Kind::Replace {
                temp: temp.0,
                dest,
                mode,
            },
            shown,
        })
    }

    /// A buffered writer to the output. Errors writing to a file name it.
    pub fn writer(&self) -> Result<Box<dyn Write + '_>> {
        let file = match &self.kind {
            Kind::Stdout => {
                // A closed standard output (`>&-`) cannot be told from `>/dev/null` here: Rust's
                // runtime opens /dev/null on a closed standard descriptor before `main`.
                return Ok(Box::new(BufWriter::with_capacity(
                    1 << 16,
                    UntilClosed {
                        out: io::stdout().lock(),
                        closed: false,
                    },
                )));
            }
            Kind::Direct(file) => file,
            Kind::Replace { temp, .. } => temp.as_file(),
        };
        let path = self.shown.clone().unwrap_or_default();
        Ok(Box::new(BufWriter::with_capacity(
            1 << 16,
            Named { file, path },
        )))
    }

    /// Puts the finished file in place (nothing to do for standard output or a direct path).
    pub fn commit(self) -> Result<()> {
        let Kind::Replace { temp, dest, mode } = self.kind else {
            return Ok(());
        };
        let shown = self.shown.unwrap_or_default();
        set_mode(temp.as_file(), mode);
        temp.as_file()
            .sync_all()
            .map_err(|e| anyhow!(write_error(&shown, e)))?;
        // Under the registry's lock: a signal now waits for the rename, or removes the file first.
        let held = cleanup::hold();
        let temp_path = temp.path().to_path_buf();
        temp.persist(&dest).map_err(|e| {
            let words = io_words(&e.error).unwrap_or_else(|| Text::same(e.error.to_string()));
            anyhow!(named(&shown, words.get(Lang::En), words.get(Lang::Fr)))
        })?;
        cleanup::forget(&temp_path, held);
        Ok(())
    }
}

/// A private temporary file in `folder`, and the mode a new file gets there (0666 less the
/// umask: the mode the file was created with, before it is made private while written).
fn new_temp(folder: &Path) -> io::Result<(tempfile::NamedTempFile, u32)> {
    let builder = {
        let mut b = tempfile::Builder::new();
        b.prefix(".asp-funding-").suffix(".part");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            b.permissions(std::fs::Permissions::from_mode(0o666));
        }
        b
    };
    let temp = builder.tempfile_in(folder)?;
    let created = temp.as_file().metadata().map_or(0o600, |m| mode_of(&m));
    set_mode(temp.as_file(), 0o600);
    Ok((temp, created))
}

#[cfg(unix)]
fn mode_of(meta: &std::fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o7777
}

#[cfg(not(unix))]
fn mode_of(_meta: &std::fs::Metadata) -> u32 {
    0o644
}

#[cfg(unix)]
fn set_mode(file: &File, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    let _ = file.set_permissions(std::fs::Permissions::from_mode(mode));
}

#[cfg(not(unix))]
fn set_mode(_file: &File, _mode: u32) {}

/// A file written to, its errors naming the output.
struct Named<'f> {
    file: &'f File,
    path: PathBuf,
}

impl Write for Named<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.write(buf).map_err(|e| write_error(&self.path, e))
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush().map_err(|e| write_error(&self.path, e))
    }
}

/// Standard output that, once its reader has gone (`| head`), takes what is written and
/// drops it: the command runs to its end, so that its exit status still tells its finding
/// (a batch's rows in error are all counted).
struct UntilClosed<W: Write> {
    out: W,
    closed: bool,
}

impl<W: Write> Write for UntilClosed<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        match self.out.write(buf) {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(buf.len())
            }
            other => other,
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.closed {
            return Ok(());
        }
        match self.out.flush() {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            other => other,
        }
    }
}

/// The temporary files in flight, removed when the process is stopped by a signal.
///
/// `tempfile` removes a temporary file when it is dropped: on an error and while a panic
/// unwinds. A signal ends the process without unwinding, so a thread waits for SIGINT, SIGTERM
/// and SIGHUP, removes the files registered here, and ends the process as the signal would
/// have. SIGXFSZ (a file past `ulimit -f`) is caught so that the write fails with EFBIG, an
/// error that names the output, instead of killing the process.
pub mod cleanup {
    use std::path::{Path, PathBuf};
    use std::sync::{Mutex, MutexGuard, Once};

    static FILES: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
    static INSTALL: Once = Once::new();

    fn files() -> MutexGuard<'static, Vec<PathBuf>> {
        FILES
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Starts the thread that cleans up on a signal (once).
    pub fn install() {
        INSTALL.call_once(|| {
            use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGXFSZ};
            let caught = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
            let _ = signal_hook::flag::register(SIGXFSZ, caught);
            let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])
            else {
                return;
            };
            let _ = std::thread::Builder::new()
                .name("cleanup".into())
                .spawn(move || {
                    if let Some(signal) = signals.forever().next() {
                        let held = files();
                        for path in held.iter() {
                            let _ = std::fs::remove_file(path);
                        }
                        // Ended as the signal would have ended it, the lock still held: no
                        // rename after the files are gone.
                        let _ = signal_hook::low_level::emulate_default_handler(signal);
                        std::process::exit(128 + signal);
                    }
                });
        });
    }

    /// Holds the registry (the temporary files to remove on a signal, pushed while it is
    /// held): no signal removes files meanwhile.
    pub fn hold() -> MutexGuard<'static, Vec<PathBuf>> {
        files()
    }

    /// Forgets a file renamed into place.
    pub fn forget(path: &Path, mut held: MutexGuard<'static, Vec<PathBuf>>) {
        held.retain(|p| p != path);
    }
}
