//! Error messages in both languages: `--lang fr` speaks French, a French locale
//! (LC_ALL, LC_MESSAGES or LANG starting with `fr`) speaks French by default, `--lang en`
//! overrides the locale; the exit status is the same in every language.
//!
//! French messages carry no-break spaces before `:`, `;`, `?`, `%` and inside `« »`: the
//! checks compare with them turned into ordinary spaces (and check once that they are there).

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // a test may stop on what it does not expect

mod util;

use util::{RatesCopy, TestCommand};

const NBSP: char = '\u{a0}';

/// One run: the arguments, the environment, standard input.
fn run(args: &[&str], env: &[(&str, &str)], stdin: Option<&str>) -> util::Output {
    let mut cmd = TestCommand::new();
    cmd.args(args);
    for (key, value) in env {
        cmd.env(key, value);
    }
    if let Some(text) = stdin {
        cmd.stdin(text);
    }
    cmd.run()
}

/// Standard error with no-break spaces made ordinary.
fn plain(stderr: &str) -> String {
    stderr.replace(NBSP, " ")
}

/// An error, run three ways: `--lang fr` without locale, a French locale without flag, a
/// French locale with `--lang en`. Each must exit with `status`, say every French phrase in
/// the first two and every English phrase (and no French one) in the third.
struct Case<'a> {
    args: &'a [&'a str],
    stdin: Option<&'a str>,
    status: i32,
    french: &'a [&'a str],
    english: &'a [&'a str],
}

impl Case<'_> {
    fn check(&self) {
        let with = |extra: &[&'static str]| -> Vec<&str> {
            self.args
                .iter()
                .copied()
                .chain(extra.iter().copied())
                .collect()
        };
        let french_locale = [("LANG", "fr_FR.UTF-8")];
        let runs = [
            (
                "--lang fr",
                run(&with(&["--lang", "fr"]), &[], self.stdin),
                true,
            ),
            (
                "LANG=fr_FR.UTF-8",
                run(&with(&[]), &french_locale, self.stdin),
                true,
            ),
            (
                "LANG=fr_FR.UTF-8 --lang en",
                run(&with(&["--lang", "en"]), &french_locale, self.stdin),
                false,
            ),
        ];
        for (how, out, french) in &runs {
            assert_eq!(
                out.code, self.status,
                "{how} {:?}: expected exit status {}, got {}\n--- stderr\n{}",
                self.args, self.status, out.code, out.stderr
            );
            assert!(
                !out.stderr.contains("panicked"),
                "{how}: the binary panicked:\n{}",
                out.stderr
            );
            let stderr = plain(&out.stderr);
            let (expected, other) = if *french {
                (self.french, self.english)
            } else {
                (self.english, self.french)
            };
            for phrase in expected {
                assert!(
                    stderr.contains(phrase),
                    "{how} {:?}: expected {phrase:?} in stderr, got:\n{stderr}",
                    self.args
                );
            }
            for phrase in other {
                assert!(
                    !stderr.contains(phrase),
                    "{how} {:?}: did not expect {phrase:?} in stderr, got:\n{stderr}",
                    self.args
                );
            }
        }
    }
}

fn usage_error(args: &[&str], french: &[&str], english: &[&str]) {
    Case {
        args,
        stdin: None,
        status: 2,
        french,
        english,
    }
    .check();
}

const NA: [&str; 3] = ["compute", "--region", "nouvelle-aquitaine"];

fn na(extra: &[&'static str]) -> Vec<&'static str> {
    NA.iter().chain(extra).copied().collect()
}

#[test]
fn a_bad_amount() {
    usage_error(
        &na(&["--pet-amount", "12,5x"]),
        &["asp-funding: --pet-amount : « 12,5x » n'est pas un nombre"],
        &["asp-funding: --pet-amount: '12,5x' is not a number"],
    );
    usage_error(
        &na(&["--pet-amount", "1,000"]),
        &["« 1,000 » est ambigu : un point ou une virgule suivis de trois chiffres peuvent séparer les milliers ou marquer les décimales. Écrivez « 1000 » pour des milliers ; un montant en euros a deux décimales au plus"],
        &["'1,000' is ambiguous"],
    );
}

#[test]
fn an_unknown_region_with_its_suggestion() {
    usage_error(
        &["compute", "--region", "nouvele-aquitaine"],
        &[
            "--region : région inconnue « nouvele-aquitaine ». Vouliez-vous dire « nouvelle-aquitaine » ? Régions connues : auvergne-rhone-alpes,",
        ],
        &["--region: unknown region 'nouvele-aquitaine'. Did you mean 'nouvelle-aquitaine'? Known regions: auvergne-rhone-alpes,"],
    );
}

#[test]
fn an_unknown_post_type() {
    usage_error(
        &na(&["--post-type", "urgences"]),
        &["--post-type : type de poste inconnu « urgences » ; valeurs admises : inter-hospital, ambulatory, overseas."],
        &["--post-type: unknown post type 'urgences': expected one of inter-hospital, ambulatory, overseas."],
    );
}

#[test]
fn an_unknown_grade_with_its_suggestion() {
    usage_error(
        &na(&["--grade", "specialst"]),
        &["--grade : grade inconnu « specialst » ; valeurs admises : specialist, generalist, associate-specialist, associate-generalist. Vouliez-vous dire « specialist » ?"],
        &["--grade: unknown grade 'specialst': expected one of specialist, generalist, associate-specialist, associate-generalist. Did you mean 'specialist'?"],
    );
}

#[test]
fn an_impossible_date() {
    usage_error(
        &na(&["--start", "2026-02-30"]),
        &["--start : « 2026-02-30 » n'est pas une date écrite AAAA-MM-JJ ou JJ/MM/AAAA (ou n'est pas un jour du calendrier)"],
        &["--start: '2026-02-30' is not a date written YYYY-MM-DD or DD/MM/YYYY (or not a day of the calendar)"],
    );
}

#[test]
fn a_length_the_rule_set_refuses_with_french_dates() {
    usage_error(
        &na(&["--months", "18"]),
        &["--months : du 1er novembre 2026 au 30 avril 2028, le contrat dure 18 mois : les règles nouvelle-aquitaine-2026 n'admettent que des contrats de 12 ou 24 mois"],
        &["--months: 2026-11-01 to 2028-04-30 is 18 months: the rule set nouvelle-aquitaine-2026 allows contracts of 12 or 24 months only"],
    );
}

#[test]
fn a_departure_before_the_start_with_french_dates() {
    usage_error(
        &na(&["--left-on", "2026-10-15"]),
        &["--left-on : le 15 octobre 2026 est avant le début du contrat, le 1er novembre 2026"],
        &["--left-on: 2026-10-15 is before the start of the contract, 2026-11-01"],
    );
}

#[test]
fn a_bad_share() {
    usage_error(
        &na(&["--share", "150"]),
        &["--share : « 150 » dépasse 1 : pour 150 %, écrivez « 150% » ou la fraction « 1.5 »"],
        &["--share: '150' is more than 1: for 150 %, write '150%' or the fraction '1.5'"],
    );
    usage_error(
        &na(&["--share", "150%"]),
        &["--share : « 150% » n'est pas un taux compris entre 0 % et 100 %"],
        &["--share: '150%' is not a rate between 0 % and 100 %"],
    );
}

#[test]
fn a_region_without_rule_set_names_the_share_flag_in_french() {
    // The library writes `share`; the command line rewrites it as the flag, in French too.
    usage_error(
        &["compute", "--region", "bretagne"],
        &[
            "--region : Bretagne n'a pas de règles publiées. Des règles existent pour : centre-val-de-loire (ambulatoire) ; nouvelle-aquitaine (entre établissements). Pour calculer quand même, donnez la part financée (--share, 50% par exemple) :",
        ],
        &["--region: Bretagne has no published rule set. Rule sets exist for: centre-val-de-loire (ambulatory); nouvelle-aquitaine (inter-hospital). To compute anyway, give the funded share (--share, 50% for example):"],
    );
}

#[test]
fn our_value_parsers_follow_the_language_clap_stays_english() {
    usage_error(
        &na(&["--format", "tableau"]),
        &["« tableau » : table, csv, json ou xlsx attendu"],
        &["'tableau': expected table, csv, json or xlsx"],
    );
    usage_error(
        &[
            "check",
            "--region",
            "nouvelle-aquitaine",
            "--notified",
            "100",
            "--per",
            "an",
        ],
        &["--per : « an » : mois, contrat ou année attendu"],
        &["--per: 'an': expected month, contract or year"],
    );
}

#[test]
fn a_broken_data_file_names_file_line_and_key() {
    let rates = RatesCopy::new();
    rates.replace(
        "iespe/2023-07-01.toml",
        "source = \"arrete-2022-07-08-annexe-v-2023\"",
        "source = \"no-such-source\"",
    );
    let dir = rates.arg();
    for command in [
        vec![
            "--rates",
            dir.as_str(),
            "compute",
            "--region",
            "nouvelle-aquitaine",
        ],
        vec!["rates", "validate", dir.as_str()],
    ] {
        usage_error(
            &command,
            &[
                "données de référence invalides dans",
                "(1 problème) :",
                "iespe/2023-07-01.toml:6 : versions[0].source : source inconnue « no-such-source » : définissez-la sous [sources.no-such-source] (dans sources.toml ou dans ce fichier)",
            ],
            &[
                "invalid reference data in",
                "(1 problem):",
                "iespe/2023-07-01.toml:6: versions[0].source: unknown source 'no-such-source': define it under [sources.no-such-source] (in sources.toml or in this file)",
            ],
        );
    }
}

#[test]
fn an_unknown_key_in_a_data_file_is_named_in_french() {
    let rates = RatesCopy::new();
    rates.replace(
        "iespe/2023-07-01.toml",
        "note = { en = \"Annexe V, II\", fr = \"Annexe V, II\" }\n",
        "note = { en = \"Annexe V, II\", fr = \"Annexe V, II\" }\nmontly = \"1010\"\n",
    );
    usage_error(
        &["rates", "validate", &rates.arg()],
        &["iespe/2023-07-01.toml:8:1 : clé inconnue `montly` ; les clés admises sont `from`,"],
        &["iespe/2023-07-01.toml:8:1: unknown field `montly`, expected one of `from`,"],
    );
}

#[test]
fn an_unquoted_amount_in_a_data_file() {
    let rates = RatesCopy::new();
    rates.replace(
        "iespe/2023-07-01.toml",
        "monthly = \"1010\"",
        "monthly = 1010",
    );
    usage_error(
        &["rates", "validate", &rates.arg()],
        &["iespe/2023-07-01.toml:8:11 : les montants s'écrivent entre guillemets, pour qu'aucun nombre à virgule flottante ne les arrondisse : écrivez \"1010\" avec ses guillemets"],
        &["iespe/2023-07-01.toml:8:11: amounts are written as strings, so that no float ever rounds them: write \"1010\" with quotes"],
    );
}

#[test]
fn a_batch_with_an_unknown_column() {
    // Refused with --strict-columns; otherwise copied (a near miss of an input is said).
    Case {
        args: &["batch", "-", "--strict-columns"],
        stdin: Some("region,colour\nnouvelle-aquitaine,blue\n"),
        status: 2,
        french: &["asp-funding: entrée standard : ligne 1 : colonne inconnue « colour » (--strict-columns). Les colonnes sont : id, region, post_type,", "(ou leurs noms français)"],
        english: &["asp-funding: standard input: line 1: unknown column 'colour' (--strict-columns). The columns are: id, region, post_type,", "(or their French names)"],
    }
    .check();
    Case {
        args: &["batch", "-", "-f", "csv"],
        stdin: Some("region,moiss\nnouvelle-aquitaine,24\n"),
        status: 0,
        french: &["asp-funding: entrée standard : la colonne « moiss » n'est pas une donnée : recopiée telle quelle en sortie. Vouliez-vous dire « mois » ?"],
        english: &["asp-funding: standard input: column 'moiss' is not an input: copied to the output as it is. Did you mean 'mois'?"],
    }
    .check();
}

#[test]
fn a_batch_row_in_error() {
    Case {
        args: &["batch", "-"],
        stdin: Some("id,region,start\na,nouvelle-aquitaine,2026-02-30\nb,nouvelle-aquitaine,2026-11-01\nc,bretagne,\n"),
        status: 1,
        french: &[
            "asp-funding: entrée standard : ligne 2 : colonne `start` : « 2026-02-30 » n'est pas une date écrite AAAA-MM-JJ ou JJ/MM/AAAA (ou n'est pas un jour du calendrier)",
            // A batch names the column as it is written: `share`, not --share.
            "ligne 4 : colonne `region` : Bretagne n'a pas de règles publiées.",
            "donnez la part financée (`share`, 50% par exemple)",
            "asp-funding: entrée standard : 2 lignes sur 3 en erreur",
        ],
        english: &[
            "asp-funding: standard input: line 2: column `start`: '2026-02-30' is not a date written YYYY-MM-DD or DD/MM/YYYY (or not a day of the calendar)",
            "line 4: column `region`: Bretagne has no published rule set.",
            "give the funded share (`share`, 50% for example)",
            "asp-funding: standard input: 2 of 3 rows in error",
        ],
    }
    .check();
}

#[test]
fn rates_show_an_unknown_parameter() {
    usage_error(
        &["rates", "show", "nosuch"],
        &["asp-funding: paramètre ou promotion inconnu « nosuch » : grid, iespe, pet, charges ou l'une de 2018-2020,"],
        &["asp-funding: unknown parameter or promotion 'nosuch': expected grid, iespe, pet, charges, or one of 2018-2020,"],
    );
}

#[test]
fn rules_show_an_unknown_rule_set() {
    usage_error(
        &["rules", "show", "nosuch"],
        &["asp-funding: jeu de règles ou région inconnu « nosuch ». Jeux de règles : centre-val-de-loire-ambulatoire, nouvelle-aquitaine-2026"],
        &["asp-funding: unknown rule set or region 'nosuch'. Rule sets: centre-val-de-loire-ambulatoire, nouvelle-aquitaine-2026"],
    );
}

#[test]
fn french_messages_have_no_break_spaces_before_colons_and_inside_quotes() {
    let out = run(&na(&["--start", "2026-02-30", "--lang", "fr"]), &[], None);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("--start\u{a0}: «\u{a0}2026-02-30\u{a0}» n'est pas"),
        "{}",
        out.stderr
    );
}

#[test]
fn the_locale_is_read_from_lc_all_then_lc_messages_then_lang() {
    let args = na(&["--start", "2026-02-30"]);
    let french = "n'est pas une date écrite AAAA-MM-JJ";
    let english = "is not a date written YYYY-MM-DD";
    for (env, expected) in [
        (vec![("LC_MESSAGES", "fr_FR.UTF-8")], french),
        (
            vec![("LC_ALL", "fr_CA.UTF-8"), ("LANG", "en_US.UTF-8")],
            french,
        ),
        (vec![("LC_ALL", "C"), ("LANG", "fr_FR.UTF-8")], english),
        (vec![("LANG", "en_GB.UTF-8")], english),
    ] {
        let out = run(&args, &env, None);
        assert_eq!(out.code, 2, "{env:?}: {}", out.stderr);
        assert!(
            plain(&out.stderr).contains(expected),
            "{env:?}: expected {expected:?}, got:\n{}",
            out.stderr
        );
    }
}

#[test]
fn an_empty_asp_funding_rates_speaks_the_locale() {
    let out = run(
        &["rules"],
        &[("ASP_FUNDING_RATES", ""), ("LANG", "fr_FR.UTF-8")],
        None,
    );
    assert_eq!(out.code, 2);
    assert!(
        plain(&out.stderr).contains("asp-funding: ASP_FUNDING_RATES est définie mais vide : retirez-la pour utiliser les données intégrées, ou donnez-lui un dossier de données"),
        "{}",
        out.stderr
    );
}
