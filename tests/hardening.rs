//! Inputs a careless or hostile user may give: data folders with pipes, links and endless
//! files, closed outputs, ambiguous numbers. Each gets a clear message and the right exit
//! status; nothing hangs (every run has the test harness's 60 s timeout) or panics.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // a test may stop on what it does not expect

mod util;

use std::path::Path;
use std::process::{Command, Stdio};
use util::{asp, TestCommand, RATES_DIR};

/// A copy of the repository's data folder to break.
fn data_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    copy_dir(Path::new(RATES_DIR), dir.path());
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("read the data folder") {
        let entry = entry.expect("an entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            std::fs::create_dir_all(&target).expect("a folder");
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("a copy");
        }
    }
}

fn validate(dir: &Path) -> util::Output {
    let dir = dir.to_str().expect("a UTF-8 path");
    asp(&["--rates", dir, "rates", "validate", dir])
}

#[cfg(unix)]
#[test]
fn a_pipe_named_like_a_data_file_is_reported_not_read() {
    let dir = data_copy();
    let fifo = dir.path().join("rules/x.toml");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let out = validate(dir.path());
    assert_eq!(out.code, 2, "{}", out.stderr);
    out.assert_stderr_contains("x.toml: is not a regular file");
}

#[cfg(unix)]
#[test]
fn links_outside_the_folder_are_not_followed() {
    let dir = data_copy();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("rules/z.toml")).expect("a link");
    std::os::unix::fs::symlink("/etc/passwd", dir.path().join("rules/p.toml")).expect("a link");
    let out = validate(dir.path());
    assert_eq!(out.code, 2, "{}", out.stderr);
    out.assert_stderr_contains("z.toml: is a link to /dev/zero, outside the data folder");
    out.assert_stderr_contains("p.toml: is a link to /etc/passwd, outside the data folder");
    assert!(
        !out.stderr.contains("root:"),
        "the file's text is not shown"
    );
}

#[cfg(unix)]
#[test]
fn a_link_inside_the_folder_is_followed() {
    let dir = data_copy();
    std::fs::rename(
        dir.path().join("iespe/2023-07-01.toml"),
        dir.path().join("iespe.toml.orig"),
    )
    .expect("move the file");
    std::os::unix::fs::symlink(
        dir.path().join("iespe.toml.orig"),
        dir.path().join("iespe/2023-07-01.toml"),
    )
    .expect("a link");
    let out = validate(dir.path());
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn a_file_too_deep_is_reported() {
    let dir = data_copy();
    let deep = dir.path().join("rules/a/b");
    std::fs::create_dir_all(&deep).expect("folders");
    std::fs::copy(
        dir.path().join("rules/nouvelle-aquitaine-2026.toml"),
        deep.join("copy.toml"),
    )
    .expect("a copy");
    let out = validate(dir.path());
    assert_eq!(out.code, 2, "{}", out.stderr);
    out.assert_stderr_contains("copy.toml: unexpected file");
}

#[test]
fn an_oversized_data_file_is_refused_without_reading_it_all() {
    let dir = data_copy();
    let big = std::fs::File::create(dir.path().join("rules/big.toml")).expect("a file");
    // Sparse: 17 MiB of zeros, past the 16 MiB cap, costs nothing on disk.
    big.set_len(17 << 20).expect("a length");
    let out = validate(dir.path());
    assert_eq!(out.code, 2, "{}", out.stderr);
    out.assert_stderr_contains("big.toml: is 17825792 bytes or more, more than the 16 MiB");
}

/// Runs the binary with its standard output read by nobody: the pipe's reading end is
/// closed before the command writes.
fn with_closed_stdout(args: &[&str]) -> i32 {
    let mut child = Command::new(env!("CARGO_BIN_EXE_asp-funding"))
        .args(args)
        .env("ASP_FUNDING_TODAY", util::TODAY)
        .env_remove("ASP_FUNDING_RATES")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary runs");
    drop(child.stdout.take());
    child
        .wait()
        .expect("it ends")
        .code()
        .expect("it is not killed by a signal")
}

#[test]
fn a_finding_keeps_its_status_when_the_reader_has_gone() {
    // A mismatch is 1 whether or not anybody reads the report.
    let code = with_closed_stdout(&["check", "-r", "nouvelle-aquitaine", "--notified", "1"]);
    assert_eq!(code, 1);
    // A batch with a row in error is 1 too.
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/posts.csv");
    assert_eq!(with_closed_stdout(&["batch", sample]), 1);
    // And a computation is 0.
    assert_eq!(
        with_closed_stdout(&["compute", "-r", "nouvelle-aquitaine"]),
        0
    );
}

#[cfg(target_os = "linux")]
#[test]
fn help_that_cannot_be_written_is_an_error() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let status = Command::new(env!("CARGO_BIN_EXE_asp-funding"))
        .arg("--help")
        .stdout(full)
        .stderr(Stdio::null())
        .status()
        .expect("the binary runs");
    assert_eq!(status.code(), Some(2));
}

#[test]
fn an_ambiguous_thousands_comma_is_refused() {
    for (flag, value) in [("--pet-amount", "1,000"), ("--notified", "77,994")] {
        let mut args = vec!["check", "-r", "nouvelle-aquitaine", flag, value];
        if flag == "--pet-amount" {
            args.extend(["--notified", "3249.79"]);
        }
        let out = TestCommand::new().args(&args).run();
        assert_eq!(out.code, 2, "{flag} {value}: {}", out.stderr);
        out.assert_stderr_contains("is ambiguous");
    }
}

#[test]
fn control_characters_never_reach_the_terminal() {
    // From an argument echoed in an error.
    let out = asp(&["compute", "-r", "\u{1b}]0;PWNED\u{7}"]);
    assert_eq!(out.code, 2);
    assert!(!out.stderr.contains('\u{1b}') && !out.stderr.contains('\u{7}'));
    out.assert_stderr_contains("\\u{1b}]0;PWNED\\u{7}");
    // From a data file's title, shown in a table.
    let dir = data_copy();
    let rule = dir.path().join("rules/nouvelle-aquitaine-2026.toml");
    let text = std::fs::read_to_string(&rule).expect("the rule set");
    let text = text.replacen(
        "title = { en = \"Nouvelle-Aquitaine 2026:",
        "title = { en = \"\\u001b]0;PWNED\\u0007 \\u202eNouvelle-Aquitaine 2026:",
        1,
    );
    std::fs::write(&rule, text).expect("write");
    let rates = dir.path().to_str().expect("UTF-8");
    for args in [
        vec!["--rates", rates, "compute", "-r", "nouvelle-aquitaine"],
        vec!["--rates", rates, "rules", "show", "nouvelle-aquitaine-2026"],
    ] {
        let out = asp(&args);
        out.assert_success();
        assert!(
            out.stdout
                .contains("\\u{1b}]0;PWNED\\u{7} \\u{202e}Nouvelle"),
            "{args:?}:\n{}",
            out.stdout
        );
        assert!(!out.stdout.contains('\u{1b}') && !out.stdout.contains('\u{202e}'));
    }
}

/// Replaces `from` by `to` in a data file of a copy, validates the copy, and returns the run.
fn validate_with(file: &str, from: &str, to: &str) -> util::Output {
    let dir = data_copy();
    let path = dir.path().join(file);
    let text = std::fs::read_to_string(&path).expect("the file");
    assert!(text.contains(from), "{file} has no {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
    validate(dir.path())
}

#[test]
fn nonsense_in_the_data_is_refused_with_its_file_line_and_key() {
    let rule = "rules/nouvelle-aquitaine-2026.toml";
    let cases = [
        // (file, from, to, what the message says)
        (
            rule,
            "default_months = 24",
            "default_months = 500",
            "default_months",
        ),
        (
            rule,
            "durations = [12, 24]",
            "durations = [12, 24, 500]",
            "longest contract",
        ),
        (
            rule,
            "default_start = 2026-11-01",
            "default_start = \"0000-11-01\"",
            "outside the years",
        ),
        (
            rule,
            "default_start = 2026-11-01",
            "default_start = \"2199-13-01\"",
            "not a valid date",
        ),
        (rule, "share = \"0.5\"", "share = \"0\"", "share"),
        (
            rule,
            "id = \"nouvelle-aquitaine-2026\"",
            "id = \"\"",
            "is not in the id form",
        ),
        (
            rule,
            "id = \"nouvelle-aquitaine-2026\"",
            "id = \"na\\u0007\"",
            "is not in the id form",
        ),
        (
            "iespe/2023-07-01.toml",
            "monthly = \"1010\"",
            "monthly = \"1010.00000000000000000000000001\"",
            "is not a decimal amount",
        ),
    ];
    for (file, from, to, says) in cases {
        let out = validate_with(file, from, to);
        assert_eq!(out.code, 2, "{to}: {}", out.stderr);
        out.assert_stderr_contains(says);
        assert!(
            out.stderr.contains(&format!("{file}:")),
            "{to}: names the file:\n{}",
            out.stderr
        );
    }
}

#[test]
fn a_pet_tier_that_starts_above_its_end_is_refused() {
    // The two-site tier (off the one-site ladder, so the ladder check does not see it).
    let out = validate_with(
        "pet/2023-07-01.toml",
        "from = \"4\"\nup_to = \"4\"",
        "from = \"4\"\nup_to = \"3\"",
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    out.assert_stderr_contains("pet/2023-07-01.toml");
    out.assert_stderr_contains("starts above its `up_to` (3)");
}

#[test]
fn a_region_id_given_twice_is_refused() {
    let dir = data_copy();
    let path = dir.path().join("regions.toml");
    let text = std::fs::read_to_string(&path).expect("the regions");
    std::fs::write(
        &path,
        format!("{text}\n[[regions]]\nid = \"bretagne\"\nname = \"Bretagne bis\"\n"),
    )
    .expect("write");
    let out = validate(dir.path());
    assert_eq!(out.code, 2, "{}", out.stderr);
    out.assert_stderr_contains("the region id 'bretagne' is given twice");
}

#[test]
fn impossible_working_patterns_and_stray_signs_are_refused() {
    let cases: [&[&str]; 6] = [
        &["--half-days", "1000000000", "--sites", "0"],
        &["--sites", "4294967295", "--half-days", "2"],
        &["--years=-1"],
        &["--years", "5 €"],
        &["--years", ".5"],
        &["--years", "5%"],
    ];
    for args in cases {
        let mut all = vec!["compute", "-r", "nouvelle-aquitaine"];
        all.extend_from_slice(args);
        let out = asp(&all);
        assert_eq!(out.code, 2, "{args:?}: {}{}", out.stdout, out.stderr);
    }
}

#[test]
fn environment_and_flag_mistakes_are_named() {
    let out = TestCommand::new()
        .env("ASP_FUNDING_RATES", "")
        .args(["rules", "list"])
        .run();
    assert_eq!(out.code, 2);
    out.assert_stderr_contains("ASP_FUNDING_RATES is set but empty");

    let out = asp(&[
        "compute",
        "-r",
        "nouvelle-aquitaine",
        "--excel",
        "-f",
        "json",
    ]);
    assert_eq!(out.code, 2);
    out.assert_stderr_contains("--excel writes CSV for a French spreadsheet, not json");

    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let out = TestCommand::new()
            .env(
                "ASP_FUNDING_TODAY",
                std::ffi::OsStr::from_bytes(b"2026-\xff"),
            )
            .args(["compute", "-r", "bretagne", "--share", "50%"])
            .run();
        assert_eq!(out.code, 2);
        out.assert_stderr_contains("ASP_FUNDING_TODAY: not UTF-8");
    }
}

#[cfg(unix)]
#[test]
fn an_output_file_is_not_left_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("a folder");
    let path = dir.path().join("out.csv");
    let out = asp(&[
        "compute",
        "-r",
        "nouvelle-aquitaine",
        "--format",
        "csv",
        "--output",
        path.to_str().expect("UTF-8"),
    ]);
    out.assert_success();
    let mode = std::fs::metadata(&path)
        .expect("written")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o644, "the temporary file's 0600 is not kept");
}

#[test]
fn a_french_locale_gets_french_tables_and_lang_overrides_it() {
    let french = TestCommand::new()
        .env("LANG", "fr_FR.UTF-8")
        .args(["compute", "-r", "nouvelle-aquitaine"])
        .run();
    french.assert_success();
    assert!(french.stdout.contains("Par mois") && french.stdout.contains("3\u{a0}249,79\u{a0}€"));
    let english = TestCommand::new()
        .env("LANG", "fr_FR.UTF-8")
        .args(["compute", "-r", "nouvelle-aquitaine", "--lang", "en"])
        .run();
    assert!(english.stdout.contains("Monthly") && english.stdout.contains("3,249.79"));
    // A decomposed accent (I + U+0302) names Île-de-France; a slip gets a suggestion.
    let decomposed = asp(&[
        "compute",
        "-r",
        "I\u{302}le-de-France",
        "--post-type",
        "inter-hospital",
        "--share",
        "50%",
        "--format",
        "csv",
    ]);
    decomposed.assert_success();
    assert!(decomposed
        .stdout
        .lines()
        .nth(1)
        .unwrap_or("")
        .starts_with("ile-de-france,"));
    let slip = asp(&["compute", "-r", "nouvelle-aquitane"]);
    assert_eq!(slip.code, 2);
    slip.assert_stderr_contains("Did you mean 'nouvelle-aquitaine'?");
}

#[test]
fn formula_like_ids_are_neutralised_in_every_csv_and_excel_output() {
    // OWASP CSV injection: a rule set id a spreadsheet would read as a formula (full-width ＝).
    let dir = data_copy();
    let rule = dir.path().join("rules/nouvelle-aquitaine-2026.toml");
    let text = std::fs::read_to_string(&rule).expect("the rule set");
    std::fs::write(
        &rule,
        text.replacen(
            "id = \"nouvelle-aquitaine-2026\"",
            "id = \"＝HYPERLINK(1)\"",
            1,
        ),
    )
    .expect("write");
    let rates = dir.path().to_str().expect("UTF-8");
    // The loader refuses an id that is not in the id form, so no command ever writes it.
    let out = asp(&[
        "--rates", rates, "rules", "list", "--format", "csv", "--excel",
    ]);
    assert_eq!(out.code, 2);
    out.assert_stderr_contains("is not in the id form");
    // A formula-like cell that does reach a CSV (a batch id) is neutralised with a quote.
    let batch = util::asp_with_stdin(
        &["batch", "-", "--format", "csv", "--excel", "--columns", "id,status"],
        "id,region\n\u{a0}=1+1,nouvelle-aquitaine\n\"\n=cmd\",nouvelle-aquitaine\n＠SUM(A1),nouvelle-aquitaine\n",
    );
    assert_eq!(batch.code, 0, "{}", batch.stderr);
    let text = batch.stdout.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.as_bytes());
    let ids: Vec<String> = reader
        .records()
        .map(|r| r.expect("a CSV record")[0].to_string())
        .collect();
    assert_eq!(ids.len(), 3);
    for id in ids {
        assert!(id.starts_with('\''), "not neutralised: {id:?}");
    }
}
