//! Answer first, and fit the terminal (issue 19): each command a new user runs first, laid out
//! in 80 columns (`COLUMNS=80`, piped), in English and in French: no line wider than 80, no
//! word cut across lines, the answer at the top. Snapshots of each, read before accepted.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // a test may stop on what it does not expect

mod util;

use std::collections::BTreeSet;
use util::TestCommand;

/// The commands of the issue, as a user types them (from `examples/` for the batch file).
const COMMANDS: &[(&str, &[&str])] = &[
    ("compute", &["compute", "-r", "nouvelle-aquitaine"]),
    (
        "check",
        &[
            "check",
            "-r",
            "nouvelle-aquitaine",
            "--notified",
            "77 994,72",
        ],
    ),
    ("batch", &["batch", "posts.csv"]),
    ("envelope", &["envelope", "--promotion", "2018-2020"]),
    ("rules_show", &["rules", "show", "nouvelle-aquitaine"]),
];

/// The output of `args` in `lang`, laid out in `columns` columns, piped.
fn laid_out(args: &[&str], lang: &str, columns: u16) -> String {
    let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--lang", lang]);
    let out = TestCommand::new()
        .current_dir(&examples)
        .env("COLUMNS", columns.to_string())
        .args(&all)
        .run();
    assert!(out.code <= 1, "{args:?}: exit {}\n{}", out.code, out.stderr);
    out.stdout
}

/// The words of a text: what lies between spaces and table rules, without the punctuation
/// around them.
fn words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| c.is_whitespace() || "│┆┌┐└┘├┤┬┴┼─═╞╡╪".contains(c))
        .map(|w| w.trim_matches(|c: char| ",.;:()".contains(c)))
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect()
}

/// The words of the sentence that says which columns a narrow table left out: only the
/// narrow layout has it.
const LEFT_OUT: &str =
    "Not shown, to fit 80 columns: (COLUMNS, a wider terminal or batch's --columns \
                        shows them). Non affichées, pour tenir en 80 colonnes : (COLUMNS, un \
                        terminal plus large ou --columns de batch les affiche).";

#[test]
fn every_first_command_fits_80_columns_without_cutting_a_word() {
    for (name, args) in COMMANDS {
        for lang in ["en", "fr"] {
            let narrow = laid_out(args, lang, 80);
            for line in narrow.lines() {
                assert!(
                    line.chars().count() <= 80,
                    "{name} {lang}: a line of {} columns:\n{line}",
                    line.chars().count()
                );
            }
            // Laid out wide, nothing wraps: every word of the narrow layout must be a word
            // of the wide one, so no word was cut in two.
            let mut wide = words(&laid_out(args, lang, 400));
            wide.extend(words(LEFT_OUT));
            let cut: Vec<String> = words(&narrow).difference(&wide).cloned().collect();
            assert!(
                cut.is_empty(),
                "{name} {lang}: words cut: {cut:?}\n{narrow}"
            );
            insta::assert_snapshot!(format!("{name}_{lang}_80"), narrow);
        }
    }
}

#[test]
fn compute_opens_with_the_credit_and_the_establishment_s_share() {
    // Nouvelle-Aquitaine's notice: 3 249,79 a month, × 24 = 77 994,96; the establishment pays
    // the rest of the reference post's cost, 6 499,58 − 3 249,79 = 3 249,79 a month.
    for (lang, credit, contract, share) in [
        (
            "en",
            "3,249.79",
            "77,994.96",
            "Establishment's share: 3,249.79",
        ),
        (
            "fr",
            "3\u{a0}249,79",
            "77\u{a0}994,96",
            "Part de l'établissement\u{a0}: 3\u{a0}249,79",
        ),
    ] {
        let out = laid_out(&["compute", "-r", "nouvelle-aquitaine"], lang, 80);
        let top: String = out.lines().take(6).collect::<Vec<_>>().join("\n");
        for needle in [credit, contract, share] {
            assert!(
                top.contains(needle),
                "{lang}: {needle:?} not in the first lines:\n{top}"
            );
        }
    }
}

#[test]
fn brief_shows_the_post_s_own_cost_at_the_top() {
    // Years 3-4 (36 625,21 / 12 = 3 052,100833…), a PET of 1 000 (4 half-days on 2 sites, 25 km),
    // IESPE 1 010, charges 44 %: (3 052,100833… + 1 010 + 1 000) × 1,44 = 7 289,4252 → 7 289,43.
    let out = laid_out(
        &[
            "compute",
            "-r",
            "nouvelle-aquitaine",
            "--years",
            "3-4",
            "--half-days",
            "4",
            "--sites",
            "2",
            "--distance-km",
            "25",
            "--brief",
        ],
        "fr",
        80,
    );
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines.len() <= 6, "{out}");
    assert!(
        lines[1].starts_with("Coût réel du poste\u{a0}: 7\u{a0}289,43\u{a0}€ par mois"),
        "{out}"
    );
}

#[test]
fn check_opens_with_its_verdict_in_words() {
    // 77 994,72 notified against 77 994,96 computed: 0,24 less.
    let en = laid_out(
        &[
            "check",
            "-r",
            "nouvelle-aquitaine",
            "--notified",
            "77 994,72",
        ],
        "en",
        200,
    );
    assert!(
        en.lines().next().is_some_and(
            |l| l.starts_with("MISMATCH: the ARS notified 0.24 less than the computed credit")
        ),
        "{en}"
    );
    let fr = laid_out(
        &[
            "check",
            "-r",
            "nouvelle-aquitaine",
            "--notified",
            "77 994,72",
        ],
        "fr",
        200,
    );
    assert!(
        fr.lines().next().is_some_and(|l| l.starts_with(
            "ÉCART\u{a0}: l'ARS a notifié 0,24\u{a0}€ de moins que le crédit calculé"
        )),
        "{fr}"
    );
}

#[test]
fn the_envelope_of_a_promotion_fits_under_150_lines() {
    for lang in ["en", "fr"] {
        let out = laid_out(&["envelope", "--promotion", "2018-2020"], lang, 80);
        assert!(
            out.lines().count() < 150,
            "{lang}: {} lines",
            out.lines().count()
        );
    }
}
