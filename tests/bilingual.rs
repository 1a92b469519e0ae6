//! The same outputs in English and in French: snapshots of each (read before they were
//! accepted), and a check that no English word of the tool's labels is left in French.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod util;

use std::collections::BTreeSet;
use util::asp;

/// The outputs the issue names, each taken in both languages.
const OUTPUTS: &[(&str, &[&str])] = &[
    ("compute_table", &["compute", "-r", "nouvelle-aquitaine"]),
    (
        "compute_json",
        &["compute", "-r", "nouvelle-aquitaine", "--format", "json"],
    ),
    (
        "check_mismatch",
        &[
            "check",
            "-r",
            "nouvelle-aquitaine",
            "--notified",
            "77994.72",
        ],
    ),
    (
        "pet",
        &[
            "pet",
            "--half-days",
            "2",
            "--sites",
            "1",
            "--at",
            "2026-11-01",
        ],
    ),
    ("rules_show", &["rules", "show", "nouvelle-aquitaine-2026"]),
    (
        "envelope",
        &[
            "envelope",
            "--promotion",
            "2018-2020",
            "--share",
            "50%",
            "--pet-amount",
            "700",
            "--at",
            "2026-11-01",
        ],
    ),
];

fn output(args: &[&str], lang: &str) -> String {
    let mut all = args.to_vec();
    all.extend(["--lang", lang]);
    let out = asp(&all);
    // A mismatch exits 1 by design; anything else must succeed.
    assert!(out.code == 0 || out.code == 1, "{args:?}: {}", out.stderr);
    out.stdout
}

#[test]
fn every_output_in_english_and_in_french() {
    for (name, args) in OUTPUTS {
        for lang in ["en", "fr"] {
            insta::assert_snapshot!(format!("{name}_{lang}"), output(args, lang));
        }
    }
}

/// The words of a text, lowercased; `--flags` (also inside a parenthesis) and a flag's value
/// when it is a list or a number (`--include salary,iespe,pet`), `field_names` in backquotes,
/// ids with digits (`1re`, `2e`, `50%`) or hyphens between lowercase words and file paths are
/// identifiers, the same in both languages, and are left out.
fn words(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut in_code = false;
    let mut after_flag = false;
    for token in text.split(|c: char| c.is_whitespace() || c == '\u{a0}') {
        let ticks = token.matches('`').count();
        let was_code = in_code;
        if ticks % 2 == 1 {
            in_code = !in_code;
        }
        // A flag is an identifier, the same in both languages, even after a parenthesis.
        let bare = token.trim_start_matches(['(', '[', '«', '"']);
        let value = std::mem::replace(
            &mut after_flag,
            bare.starts_with("--") && !bare.ends_with(|c: char| c.is_ascii_punctuation()),
        );
        if was_code || ticks > 0 || bare.starts_with("--") || token.contains('/') {
            continue;
        }
        if (value && bare.contains(',')) || bare.starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        for word in token.split(|c: char| !c.is_alphabetic() && c != '\'' && c != '-') {
            let word = word.trim_matches(|c: char| c == '\'' || c == '-');
            // A vocabulary holds single words: `inter-hospital` is `inter` and `hospital`.
            for part in word.split('-') {
                if part.chars().count() > 1 {
                    out.insert(part.to_lowercase());
                }
            }
        }
    }
    out
}

/// The text of a JSON value meant for people: every string except keys, ids and amounts.
fn json_texts(value: &serde_json::Value, out: &mut String) {
    match value {
        // Ids and machine values (`inter-hospital`, `reference-post`, `3249.79`) have no space.
        serde_json::Value::String(s) if s.contains(' ') => {
            out.push_str(s);
            out.push('\n');
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| json_texts(v, out)),
        serde_json::Value::Object(map) => map.values().for_each(|v| json_texts(v, out)),
        _ => {}
    }
}

/// The English vocabulary: every word of the English labels that is not also a word of the
/// French ones (IESPE, PET, Total, Sources are both).
fn english_vocabulary() -> BTreeSet<String> {
    let labels = asp_funding::output::label_texts();
    let french: BTreeSet<String> = labels.iter().flat_map(|(_, fr)| words(fr)).collect();
    labels
        .iter()
        .flat_map(|(en, _)| words(en))
        .filter(|w| !french.contains(w))
        .collect()
}

#[test]
fn no_english_word_of_the_labels_is_left_in_french() {
    let english = english_vocabulary();
    assert!(
        english.len() > 60,
        "too few English words to mean anything: {english:?}"
    );
    for (name, args) in OUTPUTS {
        let mut text = output(args, "fr");
        if args.contains(&"json") {
            let json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
            text = String::new();
            json_texts(&json, &mut text);
        }
        let left: Vec<String> = words(&text)
            .into_iter()
            .filter(|w| english.contains(w))
            .collect();
        assert!(
            left.is_empty(),
            "{name}: English words in the French output: {left:?}\n{text}"
        );
    }
}

#[test]
fn the_vocabulary_test_would_see_an_english_word() {
    // The test above is not vacuous: the English outputs are full of the vocabulary.
    let english = english_vocabulary();
    let text = output(&["compute", "-r", "nouvelle-aquitaine"], "en");
    let found = words(&text)
        .into_iter()
        .filter(|w| english.contains(w))
        .count();
    assert!(found > 20, "{found}");
}

#[test]
fn a_french_workbook_names_its_sheets_in_french_and_reads_as_the_table() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("poste.xlsx");
    let path_text = path.to_str().expect("UTF-8");
    let out = asp(&[
        "compute",
        "-r",
        "nouvelle-aquitaine",
        "-f",
        "xlsx",
        "-o",
        path_text,
        "--lang",
        "fr",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let mut book: Xlsx<_> = open_workbook(&path).expect("a workbook");
    assert_eq!(book.sheet_names(), ["Résultats", "Colonnes", "Sources"]);
    // Laid out as the table reads: label, amount (a number), how.
    let range = book.worksheet_range("Résultats").expect("results");
    let rows: Vec<&[Data]> = range.rows().collect();
    // The answer comes first (the credit, the post's cost, the establishment's share), then the
    // table under its header.
    assert!(
        rows[0][0].to_string().starts_with("Crédit ARS"),
        "{:?}",
        rows[0]
    );
    let header = rows
        .iter()
        .find(|r| r[0] == "Par mois")
        .expect("the table's header");
    let header: Vec<String> = header.iter().map(|c| c.to_string()).collect();
    assert_eq!(header, ["Par mois", "Montant", "Calcul"]);
    let credit = rows
        .iter()
        .find(|r| r[0].to_string().starts_with("Contrat\u{a0}: crédit ARS"))
        .expect("the contract's credit");
    assert_eq!(credit[1], Data::Float(77994.96));
    assert!(
        credit[2].to_string().contains("3\u{a0}249,79 × 24"),
        "{credit:?}"
    );
    // The words of the sources sheet are French.
    let notes = book.worksheet_range("Sources").expect("sources");
    let text: String = notes.rows().flatten().map(|c| c.to_string()).collect();
    assert!(text.contains("Le crédit notifié est la part mensuelle arrondie"));
}

#[test]
fn a_missing_or_empty_translation_in_the_data_is_an_error_naming_file_line_and_key() {
    // The title without its French, an empty French condition, and a plain string: each is
    // refused, never shown in the other language.
    let cases: [(&str, &str, &str, &str); 3] = [
        (
            "rules/nouvelle-aquitaine-2026.toml:6:",
            ", fr = \"Nouvelle-Aquitaine 2026 : 50 % du coût de référence chargé d'un assistant spécialiste, années 1-2, IESPE et PET (700) comprises\" }",
            " }",
            "the fr text is missing",
        ),
        (
            "rules/nouvelle-aquitaine-2026.toml:82:",
            "fr = \"L'établissement recruteur est un établissement public de santé",
            "fr = \"\", ignored = \"L'établissement recruteur est un établissement public de santé",
            "the fr text is empty",
        ),
        (
            "iespe/2023-07-01.toml:7:",
            "note = { en = \"Annexe V, II\", fr = \"Annexe V, II\" }",
            "note = \"Annexe V, II\"",
            "a text is given in both languages",
        ),
    ];
    for (place, from, to, message) in cases {
        let file = place.split(':').next().expect("a file");
        let rates = util::RatesCopy::new();
        rates.replace(file, from, to);
        let out = asp(&["rates", "validate", &rates.arg()]);
        assert_eq!(out.code, 2, "{file}: {}", out.stdout);
        assert!(out.stderr.contains(place), "{}", out.stderr);
        assert!(out.stderr.contains(message), "{}", out.stderr);
    }
}

#[test]
fn an_unknown_rule_set_gets_a_suggestion_in_either_language() {
    let out = asp(&["rules", "show", "nouvelle-aquitane-2026"]);
    assert_eq!(out.code, 2);
    assert!(out
        .stderr
        .contains("Did you mean 'nouvelle-aquitaine-2026'?"));
    let out = asp(&["rules", "show", "nouvelle-aquitane-2026", "--lang", "fr"]);
    assert_eq!(out.code, 2);
    assert!(out
        .stderr
        .contains("Vouliez-vous dire «\u{a0}nouvelle-aquitaine-2026\u{a0}»\u{a0}?"));
}

#[test]
fn the_help_speaks_the_locale_or_lang_language() {
    let french = util::TestCommand::new()
        .env("LANG", "fr_FR.UTF-8")
        .args(["compute", "--help"])
        .run();
    french.assert_success();
    assert!(french.stdout.contains("Utilisation : asp-funding compute"));
    assert!(french.stdout.contains("Région : identifiant"));
    assert!(!french.stdout.contains("What-if"));
    let typed = asp(&["pet", "--lang", "fr", "--help"]);
    assert!(typed.stdout.contains("La date dont le barème s'applique"));
    let english = util::TestCommand::new()
        .env("LANG", "fr_FR.UTF-8")
        .args(["compute", "--lang", "en", "--help"])
        .run();
    assert!(english.stdout.contains("Usage: asp-funding compute"));
    assert!(english.stdout.contains("What-if overrides"));
}

/// A French run reads its command line before the help is translated, and translates it when
/// clap has something to show: its errors and its help are the French command's.
#[test]
fn a_french_command_line_error_or_help_is_shown_by_the_french_command() {
    let error = asp(&["compute", "--lang", "fr", "--bogus"]);
    assert_eq!(error.code, 2);
    assert!(error.stderr.contains("--bogus"), "{}", error.stderr);
    assert!(
        error.stderr.contains("compute --lang <LANGUE>"),
        "{}",
        error.stderr
    );
    let help = asp(&["compute", "--lang", "fr", "-h"]);
    help.assert_success();
    assert!(
        help.stdout.contains("Région : identifiant"),
        "{}",
        help.stdout
    );
    let version = asp(&["--version"]);
    let french = util::TestCommand::new()
        .env("LANG", "fr_FR.UTF-8")
        .args(["--version"])
        .run();
    french.assert_success();
    assert_eq!(french.stdout, version.stdout);
}

#[test]
fn french_typography_holds_in_the_help_the_lists_and_the_titles() {
    let space = |text: String| text.replace(['\u{a0}', '\u{202f}'], " ");
    // Every colon of the French help has its space before it, headings included.
    for command in [
        &["--help"][..],
        &["compute", "--help"],
        &["batch", "--help"],
    ] {
        let mut args = command.to_vec();
        args.extend(["--lang", "fr"]);
        let help = space(asp(&args).stdout);
        for line in help.lines() {
            for (i, _) in line.match_indices(':') {
                let before = &line[..i];
                // A colon inside a value (`--lang=fr`, a URL, 1:1) is not French punctuation.
                if before.ends_with(char::is_alphanumeric)
                    && line[i + 1..].starts_with(char::is_alphanumeric)
                {
                    continue;
                }
                assert!(before.ends_with(' '), "no space before a colon: {line:?}");
            }
        }
    }
    // `rates list` writes French amounts and rates for people, plain ones for scripts.
    let list = space(asp(&["rates", "list", "--lang", "fr"]).stdout);
    for words in ["33 643,13 €/an", "1 010,00 €/mois", "44 %"] {
        assert!(list.contains(words), "{words}:\n{list}");
    }
    let csv = asp(&["rates", "list", "--format", "csv"]).stdout;
    assert!(
        csv.contains("33643.13/year") && csv.contains(",0.44,"),
        "{csv}"
    );
    // A region without a rule set is said in words, not by the id `custom`.
    let title = asp(&[
        "compute",
        "-r",
        "bretagne",
        "--post-type",
        "inter-hospital",
        "--share",
        "50%",
        "--lang",
        "fr",
    ])
    .stdout;
    assert!(
        title.contains("sans règles publiées") && !title.contains("custom"),
        "{title}"
    );
}

#[test]
fn the_post_s_own_lines_come_first_and_the_reference_post_s_are_named() {
    // A year-3 post in Nouvelle-Aquitaine: its own base, 36 625,21 / 12 = 3 052,10, at the top;
    // the ARS reference post's, 2 803,59, below, named as such.
    let table = asp(&[
        "compute",
        "-r",
        "nouvelle-aquitaine",
        "--years",
        "3",
        "--lang",
        "fr",
    ])
    .stdout;
    let table = table.replace(['\u{a0}', '\u{202f}'], " ");
    let own = table
        .find("Ce poste : traitement de base (brut)")
        .expect("own line");
    let reference = table
        .find("Poste de référence ARS :")
        .expect("reference line");
    assert!(own < reference);
    assert!(
        table.contains("3 052,10 €") && table.contains("2 803,59 €"),
        "{table}"
    );
}
