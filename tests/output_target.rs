//! `--output`: what it writes to and what it leaves (issue 18, points 1 to 4). A path that is
//! not a regular file is written to, as a shell redirect would; a link's target is replaced and
//! the link stays; a new file gets 0666 less the umask; a replaced file keeps its mode; no
//! temporary file survives an error, a size limit or a signal.
#![cfg(unix)]
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // a test may stop on what it does not expect

mod util;

use std::io::{Read, Write};
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use util::asp;

const BIN: &str = env!("CARGO_BIN_EXE_asp-funding");

fn compute_csv(out: &Path) -> util::Output {
    asp(&[
        "compute",
        "-r",
        "nouvelle-aquitaine",
        "-f",
        "csv",
        "-o",
        out.to_str().expect("UTF-8"),
    ])
}

/// The files in a folder, by name.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("listed")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .expect("exists")
        .permissions()
        .mode()
        & 0o7777
}

/// Runs `sh -c script` with the binary as `$ASP`, in `dir`; its status and standard error.
fn sh(dir: &Path, script: &str) -> (i32, String, String) {
    let out = Command::new("sh")
        .arg("-c")
        .arg(script)
        .current_dir(dir)
        .env("ASP", BIN)
        .env("ASP_FUNDING_TODAY", util::TODAY)
        .env_remove("ASP_FUNDING_RATES")
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .expect("sh runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(status.success());
}

#[test]
fn a_fifo_is_written_to_and_stays_a_fifo() {
    let dir = tempfile::tempdir().expect("a folder");
    let fifo = dir.path().join("pipe");
    mkfifo(&fifo);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut text = String::new();
            std::fs::File::open(&fifo)
                .expect("opened for reading")
                .read_to_string(&mut text)
                .expect("read");
            text
        })
    };
    compute_csv(&fifo).assert_success();
    let text = reader.join().expect("the reader ends");
    assert!(text.starts_with("region,post_type,"), "{text}");
    assert!(text.contains("3249.79"), "{text}");
    let kind = std::fs::symlink_metadata(&fifo).expect("there").file_type();
    assert!(kind.is_fifo(), "the FIFO was replaced: {kind:?}");
    assert_eq!(names(dir.path()), ["pipe"]);
}

#[test]
fn a_link_is_followed_and_its_target_replaced() {
    let dir = tempfile::tempdir().expect("a folder");
    let real = dir.path().join("sub");
    std::fs::create_dir(&real).expect("sub");
    let target = real.join("budget.csv");
    std::fs::write(&target, "old\n").expect("written");
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    let link = dir.path().join("link.csv");
    std::os::unix::fs::symlink("sub/budget.csv", &link).expect("link");
    compute_csv(&link).assert_success();
    let meta = std::fs::symlink_metadata(&link).expect("there");
    assert!(meta.file_type().is_symlink(), "the link was replaced");
    assert_eq!(
        std::fs::read_link(&link).expect("a link"),
        PathBuf::from("sub/budget.csv")
    );
    let text = std::fs::read_to_string(&target).expect("read");
    assert!(text.contains("3249.79"), "{text}");
    assert_eq!(mode(&target), 0o640, "a replaced file keeps its mode");
    assert_eq!(names(&real), ["budget.csv"]);
    assert_eq!(names(dir.path()), ["link.csv", "sub"]);
}

#[test]
fn a_link_to_a_file_not_yet_there_creates_it() {
    let dir = tempfile::tempdir().expect("a folder");
    let link = dir.path().join("link.csv");
    std::os::unix::fs::symlink("new.csv", &link).expect("link");
    compute_csv(&link).assert_success();
    assert!(std::fs::symlink_metadata(&link)
        .expect("there")
        .file_type()
        .is_symlink());
    let text = std::fs::read_to_string(dir.path().join("new.csv")).expect("created");
    assert!(text.contains("3249.79"));
}

#[test]
fn dev_stdout_reaches_standard_output_whatever_it_is() {
    let dir = tempfile::tempdir().expect("a folder");
    // A pipe.
    let out = asp(&[
        "compute",
        "-r",
        "nouvelle-aquitaine",
        "-f",
        "csv",
        "-o",
        "/dev/stdout",
    ]);
    out.assert_success();
    assert!(out.stdout.contains("3249.79"), "{}", out.stdout);
    // A regular file the shell opened.
    let (code, _, stderr) = sh(
        dir.path(),
        "\"$ASP\" compute -r nouvelle-aquitaine -f csv -o /dev/stdout > out.csv",
    );
    assert_eq!(code, 0, "{stderr}");
    let text = std::fs::read_to_string(dir.path().join("out.csv")).expect("read");
    assert!(text.contains("3249.79"), "{text}");
    assert_eq!(names(dir.path()), ["out.csv"]);
    assert!(Path::new("/dev/stdout").is_symlink() || !Path::new("/dev/stdout").is_file());
}

#[test]
fn a_device_is_written_to_and_stays_a_device() {
    // A character device of its own (the null device's numbers), as root; /dev/null itself
    // is checked by hand in a private mount namespace (README).
    let dir = tempfile::tempdir().expect("a folder");
    let node = dir.path().join("null");
    let made = Command::new("mknod")
        .arg(&node)
        .args(["c", "1", "3"])
        .stderr(Stdio::null())
        .status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("mknod needs root: skipped");
        return;
    }
    compute_csv(&node).assert_success();
    let kind = std::fs::symlink_metadata(&node).expect("there").file_type();
    assert!(kind.is_char_device(), "the device was replaced: {kind:?}");
    assert_eq!(names(dir.path()), ["null"]);
}

#[test]
fn a_full_disk_names_the_output() {
    if !Path::new("/dev/full").exists() {
        return;
    }
    let out = compute_csv(Path::new("/dev/full"));
    out.assert_usage_error()
        .assert_stderr_contains("--output /dev/full: cannot be written: the disk is full");
    let fr = asp(&[
        "compute",
        "-r",
        "nouvelle-aquitaine",
        "-f",
        "csv",
        "--lang",
        "fr",
        "-o",
        "/dev/full",
    ]);
    fr.assert_usage_error().assert_stderr_contains(
        "--output /dev/full\u{a0}: ne peut pas être écrit\u{a0}: le disque est plein",
    );
}

#[test]
fn a_folder_is_not_a_file() {
    let dir = tempfile::tempdir().expect("a folder");
    let sub = dir.path().join("results");
    std::fs::create_dir(&sub).expect("made");
    for typed in [
        format!("{}/", sub.display()),
        sub.display().to_string(),
        format!("{}/missing/", dir.path().display()),
    ] {
        compute_csv(Path::new(&typed))
            .assert_usage_error()
            .assert_stderr_contains("this is a folder, not a file");
    }
    assert!(names(&sub).is_empty());
}

#[test]
fn a_new_file_follows_the_umask_and_a_replaced_one_keeps_its_mode() {
    let dir = tempfile::tempdir().expect("a folder");
    let run = |umask: &str, name: &str| {
        let (code, _, stderr) = sh(
            dir.path(),
            &format!("umask {umask}; exec \"$ASP\" compute -r nouvelle-aquitaine -f csv -o {name}"),
        );
        assert_eq!(code, 0, "{stderr}");
    };
    run("077", "private.csv");
    assert_eq!(mode(&dir.path().join("private.csv")), 0o600);
    run("022", "shared.csv");
    assert_eq!(mode(&dir.path().join("shared.csv")), 0o644);
    run("002", "group.csv");
    assert_eq!(mode(&dir.path().join("group.csv")), 0o664);
    // A file replaced keeps its mode, whatever the umask.
    std::fs::set_permissions(
        dir.path().join("shared.csv"),
        std::fs::Permissions::from_mode(0o604),
    )
    .expect("chmod");
    run("077", "shared.csv");
    assert_eq!(mode(&dir.path().join("shared.csv")), 0o604);
    assert_eq!(
        names(dir.path()),
        ["group.csv", "private.csv", "shared.csv"]
    );
}

#[test]
fn a_read_only_file_is_refused_as_a_redirect_refuses_it() {
    let dir = tempfile::tempdir().expect("a folder");
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).expect("chmod");
    let file = dir.path().join("locked.csv");
    std::fs::write(&file, "keep\n").expect("written");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    // As root a shell redirect writes a 0444 file too: run as nobody, as the redirect is.
    let as_user = if sh(dir.path(), "id -u").1.trim() == "0" {
        "setpriv --reuid=65534 --regid=65534 --clear-groups "
    } else {
        ""
    };
    let (shell, _, _) = sh(dir.path(), &format!("{as_user}sh -c 'echo x > locked.csv'"));
    assert_ne!(shell, 0, "the shell itself writes it: nothing to compare");
    let (code, stdout, stderr) = sh(
        dir.path(),
        &format!("{as_user}\"$ASP\" compute -r nouvelle-aquitaine -f csv -o locked.csv"),
    );
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(stdout, "");
    assert!(
        stderr.contains("--output locked.csv: permission denied"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&file).expect("read"), "keep\n");
    assert_eq!(names(dir.path()), ["locked.csv"]);
}

#[test]
fn a_size_limit_is_an_error_naming_the_output_and_leaves_nothing() {
    let dir = tempfile::tempdir().expect("a folder");
    let mut rows = String::from("id,region,start\n");
    for i in 0..200 {
        rows.push_str(&format!("P{i},nouvelle-aquitaine,2026-11-01\n"));
    }
    std::fs::write(dir.path().join("posts.csv"), rows).expect("written");
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).expect("made");
    let (code, _, stderr) = sh(
        dir.path(),
        "ulimit -f 8; exec \"$ASP\" batch posts.csv -f csv -o out/results.csv",
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains(
            "--output out/results.csv: cannot be written: the file would pass the size limit"
        ),
        "{stderr}"
    );
    assert!(names(&out_dir).is_empty(), "{:?}", names(&out_dir));
}

/// Starts a batch reading its rows from a pipe this test holds open, writing to `out`; returns
/// once its temporary file exists, so that the signal comes in the middle of the run.
fn batch_waiting_on_stdin(out: &Path) -> std::process::Child {
    let mut child = Command::new(BIN)
        .args(["batch", "-", "-f", "csv", "-o"])
        .arg(out)
        .env("ASP_FUNDING_TODAY", util::TODAY)
        .env_remove("ASP_FUNDING_RATES")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("started");
    let stdin = child.stdin.as_mut().expect("a pipe");
    stdin
        .write_all(b"id,region,start\nA,nouvelle-aquitaine,2026-11-01\n")
        .expect("written");
    stdin.flush().expect("flushed");
    let folder = out.parent().expect("a folder");
    // Waits for the temporary file, however long the start takes (no time limit: the test
    // harness's own ends a run that never gets there).
    while names(folder).is_empty() {
        std::thread::yield_now();
    }
    child
}

#[test]
fn a_signal_leaves_no_file_behind() {
    for (signal, name) in [("-INT", "SIGINT"), ("-TERM", "SIGTERM"), ("-HUP", "SIGHUP")] {
        let dir = tempfile::tempdir().expect("a folder");
        let out = dir.path().join("results.csv");
        let mut child = batch_waiting_on_stdin(&out);
        let seen = names(dir.path());
        assert!(
            seen.iter().all(|n| n.starts_with(".asp-funding-")),
            "{seen:?}"
        );
        let status = Command::new("kill")
            .arg(signal)
            .arg(child.id().to_string())
            .status()
            .expect("kill");
        assert!(status.success());
        let ended = child.wait().expect("it ends");
        assert!(!ended.success(), "{name}: {ended:?}");
        assert!(
            names(dir.path()).is_empty(),
            "{name} left {:?}",
            names(dir.path())
        );
    }
}

#[test]
fn the_format_follows_the_output_s_extension() {
    use calamine::{open_workbook, Reader, Xlsx};
    let dir = tempfile::tempdir().expect("a folder");
    let at = |name: &str| dir.path().join(name);
    let run = |extra: &[&str]| {
        let mut args = vec!["compute", "-r", "nouvelle-aquitaine"];
        args.extend(extra);
        asp(&args)
    };
    // -o x.xlsx alone: a real workbook, which an independent reader opens.
    let xlsx = at("poste.XLSX");
    run(&["-o", xlsx.to_str().expect("UTF-8")]).assert_success();
    let mut book: Xlsx<_> = open_workbook(&xlsx).expect("a workbook");
    let sheet = book.sheet_names()[0].clone();
    let cells: Vec<String> = book
        .worksheet_range(&sheet)
        .expect("a sheet")
        .rows()
        .flatten()
        .map(|c| c.to_string())
        .collect();
    assert!(cells.iter().any(|c| c == "77994.96"), "{cells:?}");
    // .csv and .json.
    let csv = at("poste.csv");
    run(&["-o", csv.to_str().expect("UTF-8")]).assert_success();
    assert!(std::fs::read_to_string(&csv)
        .expect("read")
        .starts_with("region,post_type,"));
    let json = at("poste.json");
    run(&["-o", json.to_str().expect("UTF-8")]).assert_success();
    let value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("read")).expect("JSON");
    assert_eq!(value["ars_total"], "77994.96");
    // Another extension keeps the table.
    let txt = at("poste.txt");
    run(&["-o", txt.to_str().expect("UTF-8")]).assert_success();
    assert!(std::fs::read_to_string(&txt).expect("read").contains("┌"));
    // --excel alone is CSV.
    let out = run(&["--excel"]);
    out.assert_success();
    assert!(
        out.stdout.starts_with("\u{feff}region;post_type;"),
        "{}",
        out.stdout
    );
    let fr = run(&["--excel", "--lang", "fr"]);
    assert!(
        fr.stdout.starts_with("\u{feff}Région;Type de poste;"),
        "{}",
        fr.stdout
    );
    let keys = run(&["--excel", "--lang", "fr", "--headers", "keys"]);
    assert!(
        keys.stdout.starts_with("\u{feff}region;"),
        "{}",
        keys.stdout
    );
}

#[test]
fn a_format_that_contradicts_the_extension_is_refused_naming_both() {
    let dir = tempfile::tempdir().expect("a folder");
    let xlsx = dir.path().join("b.xlsx");
    let out = asp(&[
        "compute",
        "-r",
        "nouvelle-aquitaine",
        "-f",
        "csv",
        "-o",
        xlsx.to_str().expect("UTF-8"),
    ]);
    out.assert_usage_error().assert_stderr_contains(&format!(
        "--format csv contradicts --output {}, whose extension says xlsx",
        xlsx.display()
    ));
    for (format, name) in [("json", "b.csv"), ("table", "b.json"), ("xlsx", "b.csv")] {
        let path = dir.path().join(name);
        asp(&[
            "compute",
            "-r",
            "nouvelle-aquitaine",
            "-f",
            format,
            "-o",
            path.to_str().expect("UTF-8"),
        ])
        .assert_usage_error()
        .assert_stderr_contains(&format!("--format {format} contradicts"));
    }
    let excel = asp(&[
        "compute",
        "-r",
        "nouvelle-aquitaine",
        "--excel",
        "-o",
        xlsx.to_str().expect("UTF-8"),
    ]);
    excel
        .assert_usage_error()
        .assert_stderr_contains("--excel writes CSV for a French spreadsheet, not xlsx");
    assert!(names(dir.path()).is_empty());
}

#[test]
fn a_table_of_more_than_ten_thousand_rows_is_refused_and_no_progress_off_a_terminal() {
    let dir = tempfile::tempdir().expect("a folder");
    let mut rows = String::from("id,region,start\n");
    for i in 0..10_001 {
        rows.push_str(&format!("P{i},nouvelle-aquitaine,2026-11-01\n"));
    }
    let file = dir.path().join("posts.csv");
    std::fs::write(&file, &rows).expect("written");
    let file = file.to_str().expect("UTF-8");
    asp(&["batch", file])
        .assert_usage_error()
        .assert_stderr_contains("a table for people holds at most 10,000 rows, and this output has more: use -f csv (or --excel) for a file a script or spreadsheet reads, or -o FILE.xlsx for a workbook");
    asp(&["batch", file, "--lang", "fr"])
        .assert_usage_error()
        .assert_stderr_contains("au plus 10\u{a0}000 lignes");
    // CSV streams them; standard error, a pipe here, gets no progress.
    let csv = asp(&["batch", file, "-f", "csv", "--columns", "id,ars_total"]);
    csv.assert_success();
    assert_eq!(csv.stdout.lines().count(), 10_002);
    assert_eq!(csv.stderr, "");
    // 10 000 rows are still a table.
    let ten: String = rows
        .lines()
        .take(10_001)
        .map(|l| format!("{l}\n"))
        .collect();
    let table = util::asp_with_stdin(&["batch", "-", "--columns", "id,ars_total"], &ten);
    table.assert_success();
    assert!(table.stdout.contains("P9999"));
}
