//! Notes by id: the words of a computation and its ids say the same notes, the ids alone (what a
//! batch row writes) are those of the words, and every id a row may write is in the catalogue.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // a test may stop on what it does not expect

mod util;

use asp_funding::compute::{compute_with, Detail};
use asp_funding::explain::notes::{catalogue, Kind, Note};
use asp_funding::explain::{explain, explain_ids, Explanation, NoteRef};
use asp_funding::lang::Lang;
use asp_funding::post::{Field, Naming, RowInput};
use asp_funding::rates::{load_dir, Rates};
use chrono::NaiveDate;
use std::collections::BTreeSet;
use std::path::Path;
use util::asp;

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/posts.csv");

fn shipped() -> Rates {
    load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("rates")).expect("rates/ is valid")
}

/// Posts that between them make every note the tool writes, as `key=value` cells.
const POSTS: &[&str] = &[
    "region=nouvelle-aquitaine",
    "region=nouvelle-aquitaine,months=12,start=2026-11-01",
    "region=nouvelle-aquitaine,start=2026-11-15,months=24",
    "region=nouvelle-aquitaine,start=2026-12-01,months=24,share=60%",
    "region=nouvelle-aquitaine,years=3-4,half_days=5,sites=2",
    "region=nouvelle-aquitaine,years=2,half_days=2,sites=1,distance_km=5",
    "region=nouvelle-aquitaine,grade=generalist,charges=40%",
    "region=nouvelle-aquitaine,start=2026-11-01,left_on=2027-03-31",
    "region=nouvelle-aquitaine,start=2026-11-01,left_on=2027-03-31,leave_reason=chef-clinique",
    "region=nouvelle-aquitaine,start=2026-11-01,left_on=2027-03-31,leave_reason=other",
    "region=nouvelle-aquitaine,start=2025-11-01,months=24",
    "region=nouvelle-aquitaine,start=2026-08-01,months=24",
    "region=nouvelle-aquitaine,peripheral_share=30%,sites=4",
    "region=nouvelle-aquitaine,half_days=6,peripheral_share=20%",
    "region=nouvelle-aquitaine,include=salary+iespe",
    "region=nouvelle-aquitaine,pet_amount=450",
    "region=centre-val-de-loire,post_type=ambulatory",
    "region=centre-val-de-loire,post_type=ambulatory,half_days=5,distance_km=30,start=2027-01-01",
    "region=centre-val-de-loire,post_type=ambulatory,ambulatory_share=30%,specialty=general-medicine",
    "region=centre-val-de-loire,post_type=ambulatory,half_days=4",
    "region=bretagne,post_type=inter-hospital,share=50%",
    "region=bretagne,post_type=inter-hospital,share=50%,half_days=3,distance_km=10,start=2027-02-10,months=7",
    "region=bretagne,post_type=inter-hospital,share=88.92%,years=5-6,half_days=0,distance_km=5",
    "region=bretagne,post_type=inter-hospital,share=50%,pet_amount=700,charges=42%,actual_charges=45%",
    "region=bretagne,post_type=ambulatory,share=100%,half_days=8,distance_km=60,start=2029-05-01",
    "region=guyane,post_type=overseas,share=100%,months=12,start=2031-11-01",
    "region=bretagne,post_type=inter-hospital,share=50%,left_on=2027-06-30,start=2026-11-01",
];

fn computations(rates: &Rates, detail: Detail) -> Vec<asp_funding::compute::Computation<'_>> {
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date");
    POSTS
        .iter()
        .filter_map(|post| {
            let mut row = RowInput::default();
            for cell in post.split(',') {
                let (key, value) = cell.split_once('=').expect("key=value");
                let field = Field::from_key(key).unwrap_or_else(|| panic!("no field {key}"));
                field
                    .read(value, &mut row)
                    .unwrap_or_else(|e| panic!("{post}: {e}"));
            }
            compute_with(rates, &row.post, today, detail).ok()
        })
        .collect()
}

fn ids(e: &Explanation<'_>) -> Vec<String> {
    e.assumption_ids
        .iter()
        .chain(&e.warning_ids)
        .map(|n| n.id().into_owned())
        .collect()
}

/// What the words of each note the posts above make begin with, in English and in French: a
/// note's words are made where the note is, so this is what ties each id to its own words (an
/// id given to another note's words, or the ids in another order than the words, fails here).
const OPENINGS: &[(&str, &str, &str)] = &[
    (
        "A1",
        "No rule set is published",
        "Les données ne publient pas de règles",
    ),
    ("A2", "Funded components: ", "Composantes financées : "),
    (
        "A3",
        "The ARS monthly share is rounded",
        "La part mensuelle de l'ARS est arrondie",
    ),
    (
        "A4",
        "Start date not given and not set",
        "Date de début non donnée et non fixée",
    ),
    (
        "A5",
        "Start date not given: the contract starts on",
        "Date de début non donnée : le contrat commence le",
    ),
    (
        "A6",
        "A partial month is prorated in thirtieths",
        "Un mois partiel est proratisé en trentièmes",
    ),
    ("A7", "No later version than", "Aucune version postérieure"),
    (
        "A8",
        "The credit is computed on the rule set's reference post",
        "Le crédit est calculé sur le poste de référence",
    ),
    (
        "A9",
        "The actual cost counts employer charges at the data's reference rate",
        "Le coût réel compte les charges patronales au taux de référence",
    ),
    (
        "A10",
        "Years of service given as a year",
        "Ancienneté donnée en années",
    ),
    ("A11", "Distance not given", "Distance non donnée"),
    (
        "A12",
        "No working pattern given",
        "Organisation du travail non donnée",
    ),
    (
        "A13",
        "What the agency may recover is read as",
        "Ce que l'agence peut récupérer est lu comme",
    ),
    (
        "A14",
        "The post is of the promotion",
        "Le poste est de la promotion",
    ),
    ("W1", "What-if: share set to", "Simulation : part fixée à"),
    (
        "W3",
        "The post's actual cost is unknown",
        "Le coût réel du poste est inconnu",
    ),
    (
        "W4",
        "The working pattern is incomplete",
        "L'organisation du travail est incomplète",
    ),
    (
        "W5",
        "What-if: funded components set to",
        "Simulation : composantes financées fixées",
    ),
    (
        "W6",
        "What-if: the rule set's employer charges",
        "Simulation : charges patronales des règles",
    ),
    (
        "W7",
        "What-if: employer charges at",
        "Simulation : charges patronales à",
    ),
    ("W8", "What-if: PET fixed at", "Simulation : PET fixée à"),
    ("W10", "The rule set ", "Les règles "),
    ("W13", "Leaving early: ", "Départ anticipé : "),
    ("W15", "Condition not met: ", "Condition non remplie : "),
    (
        "W16",
        "Condition not met unless ",
        "Condition non remplie sauf ",
    ),
    (
        "W17",
        "`half_days` and `peripheral_share` disagree",
        "`half_days` et `peripheral_share` ne concordent pas",
    ),
];

/// Checks that `text` is the words of the note `id`: a rule set's own assumption is its text in
/// the data; the tool's own notes begin as [`OPENINGS`] says.
fn says(rates: &Rates, id: NoteRef<'_>, text: &str, lang: Lang) {
    match id {
        NoteRef::RuleSet(rule_set, index) => {
            let rule = rates.rule_sets.iter().find(|r| r.id == rule_set);
            let own = rule
                .and_then(|r| r.assumptions.get(index))
                .expect("in the data");
            assert_eq!(text, own.get(lang), "{}", id.id());
        }
        NoteRef::Tool(note) => {
            let (_, en, fr) = OPENINGS
                .iter()
                .find(|(n, _, _)| *n == note.id())
                .unwrap_or_else(|| panic!("{}: add how its words begin to OPENINGS", note.id()));
            // French words keep a no-break space before their colons and inside their quotes.
            let words = text.replace('\u{a0}', " ");
            let opening = lang.pick(en, fr);
            assert!(words.starts_with(opening), "{}: {text}", note.id());
        }
    }
}

#[test]
fn the_ids_alone_are_those_of_the_words_in_both_languages() {
    let rates = shipped();
    let computed = computations(&rates, Detail::Schedule);
    // What a batch row that shows only ids computes: its months are not laid out.
    let totals = computations(&rates, Detail::Totals);
    assert_eq!(computed.len(), totals.len());
    assert!(computed.len() >= POSTS.len() - 2, "{}", computed.len());
    let mut seen = BTreeSet::new();
    for (c, t) in computed.iter().zip(&totals) {
        for lang in [Lang::En, Lang::Fr] {
            let words = explain(&rates, c, lang, &Naming::Keys);
            assert_eq!(
                words.assumptions.len(),
                words.assumption_ids.len(),
                "{words:#?}"
            );
            assert_eq!(words.warnings.len(), words.warning_ids.len(), "{words:#?}");
            let pairs = (words.assumption_ids.iter().zip(&words.assumptions))
                .chain(words.warning_ids.iter().zip(&words.warnings));
            for (id, text) in pairs {
                says(&rates, *id, text, lang);
            }
            let only = explain_ids(&rates, c, lang, &Naming::Keys);
            assert_eq!(ids(&words), ids(&only));
            assert_eq!(
                ids(&words),
                ids(&explain_ids(&rates, t, lang, &Naming::Keys))
            );
            assert!(only.assumptions.is_empty() && only.warnings.is_empty());
            let sources =
                |e: &Explanation<'_>| e.sources.iter().map(|s| s.id.clone()).collect::<Vec<_>>();
            assert_eq!(sources(&words), sources(&only));
            let conditions = |e: &Explanation<'_>| {
                e.conditions
                    .iter()
                    .map(|c| (c.condition.id.clone(), c.status))
                    .collect::<Vec<_>>()
            };
            assert_eq!(conditions(&words), conditions(&only));
            seen.extend(ids(&words));
        }
    }
    // The posts above make most of the tool's notes; the others need what one post computed
    // here does not give: data that contradicts a notice (W2), a start before its period (W9),
    // a length or a reference post other than the rule set's, which `compute` refuses (W11,
    // W12), a flag held back from a batch's rows (W14).
    let listed: BTreeSet<String> = catalogue(&rates, Lang::En)
        .into_iter()
        .map(|e| e.id)
        .collect();
    for id in &seen {
        assert!(listed.contains(id), "{id} is not in the catalogue");
    }
    let never: Vec<&str> = Note::all()
        .map(Note::id)
        .filter(|id| !seen.contains(*id))
        .collect();
    assert_eq!(never, ["W2", "W9", "W11", "W12", "W14"]);
}

#[test]
fn the_catalogue_lists_every_rule_sets_assumptions_conditions_and_documents() {
    let rates = shipped();
    for lang in [Lang::En, Lang::Fr] {
        let entries = catalogue(&rates, lang);
        let na = rates
            .rule_sets
            .iter()
            .find(|r| r.id == "nouvelle-aquitaine-2026")
            .expect("shipped");
        for (i, text) in na.assumptions.iter().enumerate() {
            let id = format!("nouvelle-aquitaine-2026.A{}", i + 1);
            let entry = entries.iter().find(|e| e.id == id).expect("listed");
            assert_eq!(
                (entry.kind, entry.text.as_str()),
                (Kind::Assumption, text.get(lang))
            );
        }
        assert!(entries
            .iter()
            .any(|e| e.kind == Kind::Condition && e.id == "peripheral-time"));
        assert_eq!(
            entries.iter().filter(|e| e.kind == Kind::Source).count(),
            rates.sources.len()
        );
        assert_eq!(
            entries.iter().filter(|e| e.kind == Kind::Warning).count(),
            17
        );
    }
}

// On the command line. The ids of examples/posts.csv were checked against the paragraphs the
// same rows wrote before (git show 24c1e3c:examples/posts.out.csv): CHU-RNS-04 (Bretagne, no rule
// set, 60 %, PET 700) assumed the three things a post without a rule set assumes (A1-A3), the
// reference charge rate of its actual cost (A9) and the grid kept in force (A7), and warned of
// the PET given (W8); its documents are the 2022 order (S2) and the Nouvelle-Aquitaine notice
// that sets the reference charge rate (S4).

#[test]
fn a_csv_row_names_its_notes_and_documents_by_id() {
    let out = asp(&[
        "batch",
        SAMPLE,
        "-f",
        "csv",
        "--columns",
        "id,conditions,notes,sources",
    ]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines[0], "id,conditions,notes,sources");
    assert_eq!(
        lines[1],
        "CHU-BDX-01,peripheral-time: not-verified | two-or-three-establishments: not-verified | public-recruiter: not-verified,nouvelle-aquitaine-2026.A1|nouvelle-aquitaine-2026.A2|nouvelle-aquitaine-2026.A3|A9|A7,S2|S4"
    );
    assert_eq!(lines[4], "CHU-RNS-04,,A1|A2|A3|A9|A7|W8,S2|S4");
    // The Centre-Val de Loire notice (S3) with its five assumptions, the PET decree (S1) of the
    // post's working pattern and the 2025-2027 note (S7) whose conditions concern it.
    assert_eq!(
        lines[5],
        "CH-TRS-05,not-general-medicine: not-verified | half-time-each-structure: not-verified,centre-val-de-loire-ambulatoire.A1|centre-val-de-loire-ambulatoire.A2|centre-val-de-loire-ambulatoire.A3|centre-val-de-loire-ambulatoire.A4|centre-val-de-loire-ambulatoire.A5|A9|A7,S3|S2|S1|S4|S7"
    );
    // The row in error has none.
    assert_eq!(lines[7], "CH-ERR-07,,,");
}

#[test]
fn a_note_said_twice_in_words_is_one_id_in_a_row() {
    // Two conditions not met: the words say each (a W15 naming it); the ids say W15 once, as
    // its listed text covers both (« the conditions column says which »).
    let dir = tempfile::tempdir().expect("a temp dir");
    let input = dir.path().join("posts.csv");
    std::fs::write(
        &input,
        "id,region,sites,peripheral_share\nP1,nouvelle-aquitaine,5,10%\n",
    )
    .expect("written");
    let input = input.to_str().expect("utf-8");
    let ids = asp(&[
        "batch",
        input,
        "-f",
        "csv",
        "--columns",
        "id,notes,conditions",
    ]);
    ids.assert_success();
    assert_eq!(
        ids.stdout.lines().nth(1),
        Some("P1,nouvelle-aquitaine-2026.A1|nouvelle-aquitaine-2026.A2|nouvelle-aquitaine-2026.A3|A5|A9|A7|W4|W15,peripheral-time: not-met | two-or-three-establishments: not-met | public-recruiter: not-verified"),
        "{}",
        ids.stdout
    );
    let words = asp(&["batch", input, "-f", "json", "--columns", "id,warnings"]);
    words.assert_success();
    assert_eq!(
        words.stdout.matches("Condition not met: ").count(),
        2,
        "{}",
        words.stdout
    );
}

#[test]
fn the_full_texts_stay_available_by_name() {
    let out = asp(&[
        "batch",
        SAMPLE,
        "-f",
        "csv",
        "--columns",
        "id,ars_total,assumptions,warnings",
    ]);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines[0], "id,ars_total,assumptions,warnings");
    let row = lines[4];
    assert!(
        row.starts_with("CHU-RNS-04,93594.00,\"No rule set is published for this region and post type in the data: the computation uses the share given,"),
        "{row}"
    );
    assert!(
        row.ends_with(" | No later version than the grid from 2023-07-01, the IESPE from 2023-07-01, the PET scale from 2023-07-01 is known: they are assumed to stay in force to the end of the contract, 2028-10-31.\",What-if: PET fixed at 700.00 by `pet_amount`."),
        "{row}"
    );
    // By default the rows give the ids in their place, not the paragraphs.
    let all = asp(&["batch", SAMPLE, "-f", "csv"]);
    let header = all.stdout.lines().next().expect("a header");
    assert!(header.contains(",conditions,notes,sources,"), "{header}");
    assert!(
        !header.contains("assumptions") && !header.contains("warnings"),
        "{header}"
    );
}

#[test]
fn notes_file_lists_every_id_with_its_text() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let notes = dir.path().join("notes.csv");
    let out = asp(&[
        "batch",
        SAMPLE,
        "-f",
        "csv",
        "--columns",
        "id,notes",
        "--notes",
        notes.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let text = std::fs::read_to_string(&notes).expect("written");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "kind,id,text");
    // The tool's 14 assumptions, the rule sets' 3 + 5, 17 warnings, 10 conditions (the data's
    // 16 under 10 ids) and 7 documents.
    assert_eq!(lines.len(), 1 + 14 + 8 + 17 + 10 + 7);
    assert!(lines.contains(&"warning,W8,What-if: PET fixed by pet_amount."));
    assert!(lines.contains(&"assumption,A9,\"The actual cost counts employer charges at the data's reference rate (actual_charges_rate). actual_charges, or a data folder's charges/, gives another.\""));
    assert!(lines.contains(&"assumption,nouvelle-aquitaine-2026.A2,\"The notified credit is the rounded monthly share for every month of the contract (section 6: « 3 249,79 € par mois par poste pendant la durée du contrat »).\""));
    assert!(lines
        .iter()
        .any(|l| l
            .starts_with("source,S4,\"ars-na-2026: ARS Nouvelle-Aquitaine, Postes d'assistants")));
    // Every id the rows name is listed.
    for id in [
        "A1",
        "A2",
        "A3",
        "A7",
        "A9",
        "W8",
        "centre-val-de-loire-ambulatoire.A5",
    ] {
        assert!(
            lines.iter().any(|l| l.split(',').nth(1) == Some(id)),
            "{id}"
        );
    }
}

#[test]
fn a_notes_file_under_french_headers_names_its_kinds_in_french() {
    // What a French finance office opens beside `--excel` rows: « Nature » over « Hypothèse »,
    // not over `assumption`.
    let dir = tempfile::tempdir().expect("a temp dir");
    let notes = dir.path().join("notes.csv");
    let out = asp(&[
        "batch",
        SAMPLE,
        "--lang",
        "fr",
        "--excel",
        "--notes",
        notes.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let text = std::fs::read_to_string(&notes).expect("written");
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines[0], "Nature;Identifiant;Texte");
    let kinds: BTreeSet<&str> = lines[1..]
        .iter()
        .filter_map(|l| l.split(';').next())
        .collect();
    assert_eq!(
        kinds,
        BTreeSet::from(["Avertissement", "Condition", "Document", "Hypothèse"])
    );
    assert!(lines.contains(&"Avertissement;W8;Simulation\u{a0}: PET fixée par pet_amount."));
    // The same list for scripts keeps the keys, in French words or not; JSON's keys stay keys
    // whatever the headers.
    let keys = asp(&["notes", "-f", "csv", "--lang", "fr"]);
    keys.assert_success();
    assert!(keys.stdout.contains("\nwarning,W8,"), "{}", keys.stdout);
    let french = asp(&["notes", "-f", "csv", "--lang", "fr", "--headers", "fr"]);
    french.assert_success();
    assert!(french
        .stdout
        .starts_with("Nature,Identifiant,Texte\nHypothèse,A1,"));
    assert!(
        french.stdout.contains("\nAvertissement,W8,"),
        "{}",
        french.stdout
    );
    // French headers name the kinds in French whatever the texts' language.
    let english = asp(&["notes", "-f", "csv", "--lang", "en", "--headers", "fr"]);
    english.assert_success();
    assert!(
        english
            .stdout
            .starts_with("Nature,Identifiant,Texte\nHypothèse,A1,\"No rule set is published"),
        "{}",
        english.stdout
    );
    let json = asp(&["notes", "-f", "json", "--lang", "fr", "--headers", "fr"]);
    json.assert_success();
    assert!(
        json.stdout.contains("{\"kind\":\"warning\",\"id\":\"W8\","),
        "{}",
        json.stdout
    );
}

#[test]
fn the_notes_file_never_replaces_the_input_or_the_output_and_comes_only_with_the_rows() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let input = dir.path().join("posts.csv");
    let original = std::fs::read_to_string(SAMPLE).expect("the sample");
    std::fs::write(&input, &original).expect("written");
    let input = input.to_str().expect("utf-8");
    // The input given as the notes' file: refused before anything is read or written.
    let out = asp(&["batch", input, "-f", "csv", "--notes", input]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("that is the input file"),
        "{}",
        out.stderr
    );
    assert_eq!(std::fs::read_to_string(input).expect("kept"), original);
    // The output's own file, likewise.
    let output = dir.path().join("out.csv");
    let output = output.to_str().expect("utf-8");
    let out = asp(&["batch", input, "-o", output, "--notes", output]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("that is the --output file"),
        "{}",
        out.stderr
    );
    assert!(!Path::new(output).exists());
    // A batch that fails writes no notes.
    let notes = dir.path().join("notes.csv");
    let missing = dir.path().join("missing.csv");
    let out = asp(&[
        "batch",
        missing.to_str().expect("utf-8"),
        "--notes",
        notes.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(!notes.exists());
    let left: Vec<_> = std::fs::read_dir(dir.path()).expect("listed").collect();
    assert_eq!(left.len(), 1, "only the input is left: {left:?}");
}

#[test]
fn json_gives_the_notes_once_beside_the_rows() {
    let out = asp(&[
        "batch",
        SAMPLE,
        "-f",
        "json",
        "--columns",
        "id,notes,sources",
    ]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let json = serde_json::from_str::<serde_json::Value>(&out.stdout).expect("JSON");
    let keys: Vec<&String> = json.as_object().expect("an object").keys().collect();
    assert_eq!(keys, ["notes", "rows"]);
    assert_eq!(json["notes"]["W8"], "What-if: PET fixed by pet_amount.");
    assert!(json["notes"]["S2"]
        .as_str()
        .expect("text")
        .starts_with("arrete-2022-07-08-annexe-v-2023: Arrêté du 8 juillet 2022"));
    assert_eq!(
        json["rows"][3],
        serde_json::json!({"id": "CHU-RNS-04", "notes": ["A1", "A2", "A3", "A9", "A7", "W8"], "sources": ["S2", "S4"]})
    );
    // Without a column of ids, the rows stay an array, as before.
    let plain = asp(&["batch", SAMPLE, "-f", "json", "--columns", "id,ars_total"]);
    assert!(serde_json::from_str::<serde_json::Value>(&plain.stdout)
        .expect("JSON")
        .is_array());
}

#[test]
fn notes_lists_every_id_in_english_and_in_french() {
    let en = asp(&["notes", "-f", "csv"]);
    en.assert_success();
    assert!(
        en.stdout.starts_with("kind,id,text\nassumption,A1,"),
        "{}",
        en.stdout
    );
    assert!(en.stdout.contains("\nassumption,A6,\"A partial month is prorated in thirtieths, as French public payroll pays: the notices say nothing of partial months, so this is the tool's assumption (a whole month counts 30/30, February included).\"\n"));
    let fr = asp(&["notes", "-f", "csv", "--lang", "fr"]);
    fr.assert_success();
    assert!(fr.stdout.contains("\nassumption,A6,\"Un mois partiel est proratisé en trentièmes, comme la paie publique française\u{a0}: les notices ne disent rien des mois partiels, c'est donc l'hypothèse de l'outil (un mois entier compte 30/30, février compris).\"\n"), "{}", fr.stdout);
    assert!(fr
        .stdout
        .contains("\nwarning,W8,Simulation\u{a0}: PET fixée par pet_amount.\n"));
    // The same lines, in the same order, in either language.
    let ids = |text: &str| {
        text.lines()
            .map(|l| l.split(',').take(2).collect::<Vec<_>>().join(","))
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&en.stdout), ids(&fr.stdout));
    // A French locale speaks French; a table for people names the kinds in words.
    let mut command = util::TestCommand::new();
    let table = command.args(["notes"]).env("LANG", "fr_FR.UTF-8").run();
    table.assert_success();
    assert!(table.stdout.contains("Nature"), "{}", table.stdout);
    assert!(table.stdout.contains("Hypothèse"), "{}", table.stdout);
    // The texts are what the command is for: kept at a terminal's usual widths, wrapped to fit.
    for width in ["60", "80"] {
        let mut command = util::TestCommand::new();
        let table = command
            .args(["notes", "--lang", "fr"])
            .env("COLUMNS", width)
            .run();
        table.assert_success();
        assert!(table.stdout.contains("Texte"), "{width}: {}", table.stdout);
        assert!(
            !table.stdout.contains("Non affichées"),
            "{width}: {}",
            table.stdout
        );
        assert!(table.stdout.contains("Composantes"), "{}", table.stdout);
        let widest = table.stdout.lines().map(|l| l.chars().count()).max();
        assert!(widest <= width.parse().ok(), "{width}: {}", table.stdout);
    }
}

#[test]
fn a_table_of_ids_says_where_their_texts_are() {
    let out = asp(&["batch", SAMPLE, "--columns", "id,notes"]);
    assert!(
        out.stdout
            .ends_with("Notes and documents by id: asp-funding notes lists each with its text.\n"),
        "{}",
        out.stdout
    );
    let plain = asp(&["batch", SAMPLE]);
    assert!(
        !plain.stdout.contains("asp-funding notes"),
        "{}",
        plain.stdout
    );
}
