//! Runs the built `asp-funding` binary the way a user would, in the style of
//! ripgrep's `tests/util.rs`.
//!
//! Every run happens in a fresh, empty temporary directory, with
//! `ASP_FUNDING_RATES` removed from the environment, so the only reference data
//! that can serve is the data embedded in the binary (unless a test passes
//! `--rates` or sets the variable itself). `ASP_FUNDING_TODAY` is fixed so that
//! defaults computed from today's date do not change from one day to the next.

#![allow(dead_code)] // each test binary uses a different part of this module

use std::path::{Path, PathBuf};
use std::time::Duration;
use tempfile::TempDir;

/// The date every run believes today is.
pub const TODAY: &str = "2026-11-22";

/// The repository's reference data, the same that is embedded in the binary.
pub const RATES_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/rates");

/// What one run of the binary produced.
#[derive(Debug)]
pub struct Output {
    /// Standard output, as text (the binary must write UTF-8).
    pub stdout: String,
    /// Standard error, as text.
    pub stderr: String,
    /// The exit status.
    pub code: i32,
}

impl Output {
    /// Standard output parsed as JSON, after checking that the run succeeded.
    pub fn json(&self) -> serde_json::Value {
        self.assert_success();
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!("stdout is not JSON ({e}):\n{}", self.stdout);
        })
    }

    /// Checks that the run exited 0 and wrote nothing alarming on stderr.
    pub fn assert_success(&self) -> &Self {
        assert_eq!(
            self.code, 0,
            "expected exit status 0, got {}\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        );
        self
    }

    /// Checks the contract for bad input: exit status 2, nothing on stdout, a
    /// message on stderr, and no panic.
    pub fn assert_usage_error(&self) -> &Self {
        assert_eq!(
            self.code, 2,
            "expected exit status 2, got {}\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        );
        assert!(
            self.stdout.is_empty(),
            "expected nothing on stdout for an error, got:\n{}",
            self.stdout
        );
        assert!(
            !self.stderr.trim().is_empty(),
            "expected a message on stderr"
        );
        assert!(
            !self.stderr.contains("panicked"),
            "the binary panicked:\n{}",
            self.stderr
        );
        self
    }

    /// Checks that stderr contains `needle`.
    pub fn assert_stderr_contains(&self, needle: &str) -> &Self {
        assert!(
            self.stderr.contains(needle),
            "expected stderr to contain {needle:?}, got:\n{}",
            self.stderr
        );
        self
    }
}

/// A command line to run, built up like `std::process::Command`.
pub struct TestCommand {
    cmd: assert_cmd::Command,
    // Kept alive until the run is over: the empty directory it runs in.
    _cwd: TempDir,
}

impl TestCommand {
    /// The binary, in a fresh empty directory, with the test environment.
    pub fn new() -> TestCommand {
        let cwd = TempDir::new().expect("create a temporary directory");
        let mut cmd = assert_cmd::Command::cargo_bin("asp-funding").expect("the binary is built");
        cmd.current_dir(cwd.path())
            .env_remove("ASP_FUNDING_RATES")
            .env_remove("COLUMNS")
            .env_remove("RUST_BACKTRACE")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANG")
            .env("ASP_FUNDING_TODAY", TODAY)
            .timeout(Duration::from_secs(60));
        TestCommand { cmd, _cwd: cwd }
    }

    /// Adds arguments.
    pub fn args<I, S>(&mut self, args: I) -> &mut TestCommand
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        self.cmd.args(args);
        self
    }

    /// Sets an environment variable for this run.
    pub fn env(&mut self, key: &str, value: impl AsRef<std::ffi::OsStr>) -> &mut TestCommand {
        self.cmd.env(key, value);
        self
    }

    /// Runs in this directory instead of the empty one.
    pub fn current_dir(&mut self, dir: &Path) -> &mut TestCommand {
        self.cmd.current_dir(dir);
        self
    }

    /// Gives these bytes on standard input.
    pub fn stdin_bytes(&mut self, bytes: Vec<u8>) -> &mut TestCommand {
        self.cmd.write_stdin(bytes);
        self
    }

    /// Gives this text on standard input.
    pub fn stdin(&mut self, text: &str) -> &mut TestCommand {
        self.cmd.write_stdin(text.to_string());
        self
    }

    /// Runs the command and collects what it wrote and its exit status.
    pub fn run(&mut self) -> Output {
        let output = self.cmd.output().expect("run asp-funding");
        let code = output.status.code().unwrap_or_else(|| {
            panic!(
                "asp-funding was killed by a signal (or timed out): {:?}\n--- stderr\n{}",
                output.status,
                String::from_utf8_lossy(&output.stderr)
            )
        });
        Output {
            stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
            code,
        }
    }
}

impl Default for TestCommand {
    fn default() -> Self {
        TestCommand::new()
    }
}

/// Runs `asp-funding ARGS...` in the test environment.
pub fn asp(args: &[&str]) -> Output {
    TestCommand::new().args(args).run()
}

/// Runs `asp-funding ARGS...` with `input` on standard input.
pub fn asp_with_stdin(args: &[&str], input: &str) -> Output {
    TestCommand::new().args(args).stdin(input).run()
}

/// Runs `asp-funding ARGS...` in the folder `dir`.
pub fn asp_in(dir: &Path, args: &[&str]) -> Output {
    TestCommand::new().current_dir(dir).args(args).run()
}

/// A copy of the repository's `rates/` folder in a temporary directory, for
/// tests that change or break the reference data.
pub struct RatesCopy {
    dir: TempDir,
}

impl RatesCopy {
    /// Copies the repository's reference data.
    pub fn new() -> RatesCopy {
        RatesCopy::of(Path::new(RATES_DIR))
    }

    /// Copies a folder of reference data (a fixture under tests/fixtures/).
    pub fn of(folder: &Path) -> RatesCopy {
        let dir = TempDir::new().expect("create a temporary directory");
        copy_dir(folder, dir.path());
        RatesCopy { dir }
    }

    /// The folder, to pass to `--rates` or `rates validate`.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The folder as a string argument.
    pub fn arg(&self) -> String {
        self.path()
            .to_str()
            .expect("temporary path is UTF-8")
            .to_string()
    }

    /// The path of a file inside the copy, e.g. `iespe/2023-07-01.toml`.
    pub fn file(&self, relative: &str) -> PathBuf {
        self.path().join(relative)
    }

    /// The text of a file inside the copy.
    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.file(relative)).expect("read a file of the copy")
    }

    /// Writes (or overwrites) a file inside the copy.
    pub fn write(&self, relative: &str, text: &str) {
        let path = self.file(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create a folder in the copy");
        }
        std::fs::write(path, text).expect("write a file of the copy");
    }

    /// Replaces the one occurrence of `from` in a file by `to` (panics if
    /// `from` is not there exactly once, so a test never silently edits nothing).
    pub fn replace(&self, relative: &str, from: &str, to: &str) {
        let text = self.read(relative);
        assert_eq!(
            text.matches(from).count(),
            1,
            "{relative} should contain {from:?} exactly once"
        );
        self.write(relative, &text.replacen(from, to, 1));
    }
}

impl Default for RatesCopy {
    fn default() -> Self {
        RatesCopy::new()
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create a folder");
    for entry in std::fs::read_dir(from).expect("read the rates folder") {
        let entry = entry.expect("read a folder entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy a file");
        }
    }
}
