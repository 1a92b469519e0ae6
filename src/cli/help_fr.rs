//! The command line's help in French: what each command and flag does, in the words of the
//! English doc comments, applied to the clap command when the language is French (`--lang fr`
//! typed, or a French locale). A test checks that every command and every flag has its French.

use asp_funding::lang::Lang;
use asp_funding::post::{Field, Group};
use clap::{Arg, ArgAction, Command};

/// The French about of each command, by its path (`` for the program, `rules show`).
const ABOUT: &[(&str, &str)] = &[
    (
        "",
        "Calcule le financement des postes d'assistants spécialistes à temps partagé dans les hôpitaux publics français.",
    ),
    (
        "compute",
        "Un poste : composantes mensuelles, coût chargé, parts de l'ARS et de l'établissement, par mois et pour tout le contrat",
    ),
    (
        "check",
        "Compare un crédit notifié au crédit calculé et explique tout écart ; code de sortie 1 en cas d'écart",
    ),
    (
        "batch",
        "Un calcul par ligne d'un fichier CSV ou d'un classeur (FICHIER, ou - pour l'entrée standard), une ligne de sortie par ligne d'entrée ; code de sortie 1 si une ligne est en erreur",
    ),
    (
        "envelope",
        "Les postes d'une note de répartition nationale par région × le crédit par poste : totaux par région, par type de poste et national",
    ),
    ("pet", "Le palier de PET d'une organisation du travail, et pourquoi"),
    ("rules", "Les règles régionales connues : les lister, ou en montrer une"),
    ("rules list", "Liste les jeux de règles, un par ligne"),
    (
        "rules show",
        "Montre un jeu de règles en entier : ce qu'il finance, ses hypothèses et sa source",
    ),
    (
        "rates",
        "Les données de référence : lister leurs versions, montrer un paramètre, ou valider un dossier",
    ),
    (
        "rates list",
        "Liste chaque version de chaque paramètre, avec sa période, sa source et son fichier",
    ),
    (
        "rates show",
        "Montre les valeurs d'un paramètre en vigueur à une date : grid, iespe, pet, charges, ou une promotion (2018-2020)",
    ),
    (
        "rates validate",
        "Vérifie un dossier de données de référence et signale chaque problème avec son fichier, sa ligne et sa clé (code 2 s'il y en a)",
    ),
    (
        "completions",
        "Écrit un script de complétion pour un shell (bash, zsh, fish, elvish, powershell)",
    ),
    ("man", "Écrit la page de manuel (roff)"),
    (
        "notes",
        "Chaque note qu'une ligne de batch peut nommer par son identifiant (A3, W1, S2, une hypothèse de règles, une condition), avec son texte",
    ),
];

/// The long about of the program.
const LONG_ABOUT: &str = "Calcule le financement des postes d'assistants spécialistes à temps partagé dans les hôpitaux publics français.\n\nCalcule ce que coûte un poste et ce que l'agence régionale de santé (ARS) en finance, à partir de la grille nationale, de l'IESPE, de la PET, des charges patronales et des règles publiées par chaque région. Chaque montant dit comment il est calculé et de quel document il vient. Les données de référence sont intégrées ; --rates DOSSIER les remplace.";

/// The French help of each flag or argument, by its id; the same wherever it appears.
const ARGS: &[(&str, &str)] = &[
    ("rates", "Utilise ce dossier de données de référence (même organisation que rates/ du dépôt) au lieu des données intégrées [variable : ASP_FUNDING_RATES]"),
    ("format", "Format de sortie : table (pour les personnes), csv ou json (pour les scripts), xlsx (un classeur, avec --output) [par défaut : celui de l'extension du fichier de --output (.xlsx, .csv, .json), csv avec --excel, sinon table]"),
    ("lang", "Langue de tous les textes (tableaux, explications, hypothèses, messages) et des nombres : en (6,499.58) ou fr (6 499,58 €) [par défaut : la langue de la locale]"),
    ("excel", "Du CSV pour un tableur en français : séparateur `;`, virgule décimale, marque d'ordre des octets, cellules qui ressemblent à des formules neutralisées (vaut --format csv)"),
    ("headers", "En-têtes des colonnes en CSV et dans les classeurs : keys (ars_monthly, pour les scripts) ou fr (« ARS, par mois », que batch relit) [par défaut : fr avec --lang fr pour un classeur ou --excel, sinon keys]"),
    ("output", "Écrit dans ce fichier au lieu de la sortie standard (écrit dans un fichier temporaire à côté, puis renommé : jamais à moitié écrit). Son extension donne le format : .xlsx, .csv, .json"),
    ("schedule", "Ajoute l'échéancier mois par mois (avec --format csv, écrit les lignes de l'échéancier au lieu du résumé)"),
    ("by_year", "Ajoute le crédit, le coût de l'établissement et le coût complet de chaque année civile du contrat (avec --format csv, une ligne par année au lieu du résumé)"),
    ("strict", "Refuse un poste qui ne remplit pas une condition d'éligibilité que montrent ses données (au lieu d'un avertissement)"),
    ("all", "Liste tous les autres calculs essayés, pas seulement ceux qui approchent le montant notifié à 5 % près"),
    ("brief", "N'écrit que la réponse : le crédit, le coût réel du poste et la part de l'établissement (un tableau pour les personnes ; CSV et JSON ne changent pas)"),
    ("tolerance", "Le plus grand écart encore tenu pour une concordance, en euros [par défaut : 0]"),
    ("file", "Le fichier des postes : CSV (séparé par `,`, `;` ou des tabulations ; UTF-8, Windows-1252 ou UTF-16), classeur .xlsx ou .ods, ou - pour l'entrée standard. Colonnes : celles des options d'un poste (region, post_type, start, months, share, pet_amount…), en anglais ou en français, dans n'importe quel ordre, plus un id facultatif, et notified (et per) pour vérifier des crédits ; toute autre colonne est recopiée en sortie, à sa place"),
    ("columns", "Les colonnes de sortie, dans cet ordre, séparées par des virgules (id,ars_monthly,ars_total,status) [par défaut : toutes en CSV, JSON et xlsx ; les principales dans un tableau]"),
    ("summary", "Ajoute les totaux par région et type de poste après les lignes (tableau et JSON ; en CSV, --summary-only)"),
    ("summary_only", "N'écrit que les totaux par région et type de poste"),
    ("envelope:by_year", "Ajoute le crédit ARS, la part de l'établissement et le coût complet par année civile, par type de poste et pour la nation (avec --format csv, écrit les années au lieu des lignes)"),
    ("batch:by_year", "Une ligne de sortie par ligne d'entrée et année civile de son contrat (year, ars, establishment, full_cost ; avec une colonne posts, aussi pour tous ses postes), les années s'additionnant au contrat ; avec --summary, les totaux par année"),
    ("threads", "Fils qui calculent les lignes : 0 pour un par cœur (8 au plus). La sortie est la même, dans le même ordre, quel que soit le nombre [par défaut : 0]"),
    ("promotion", "La promotion de la note de répartition : 2018-2020, 2024-2026, 2025-2027"),
    ("envelope:at", "Le premier jour des contrats, dont les données les chiffrent [par défaut : le premier novembre de la promotion (2018-2020 : 2018-11-01) quand les données en vigueur à cette date existent, sinon le premier jour où elles existent toutes]"),
    ("envelope:override", "Laisse les options d'un poste changer ce que les règles d'une région fixent pour leur crédit (part, taux de charges, composantes financées) ; chaque ligne concernée le dit dans sa colonne `overrides`. Sans elle, les options ne remplissent que ce qui manque aux règles, et l'en-tête dit lesquelles ne sont pas appliquées, et où."),
    ("delimiter", "Le séparateur du CSV : `,`, `;` ou `tab` [par défaut : celui de la ligne d'en-tête]"),
    ("encoding", "L'encodage du fichier CSV : utf-8, windows-1252 ou utf-16 [par défaut : UTF-8, ou UTF-16 d'après sa marque d'ordre des octets ; Windows-1252 quand les octets ne sont pas de l'UTF-8]"),
    ("sheet", "La feuille d'un classeur (.xlsx, .ods, .xls) à lire [par défaut : la première]"),
    ("strict_columns", "Refuse une colonne qui ne nomme aucune donnée, comme un script peut le vouloir, au lieu de la recopier en sortie"),
    ("notes", "Écrit aussi dans FICHIER (CSV : kind,id,text) chaque note que les lignes peuvent nommer par son identifiant, dans la langue de la sortie : les hypothèses (A1…), avertissements (W1…), hypothèses des règles, conditions et documents (S1…) ; la même liste que `asp-funding notes`"),
    ("batch:override", "Laisse les options d'un poste changer ce que les règles d'une ligne fixent pour leur crédit (part, taux de charges, composantes financées) là où la cellule de la ligne est vide ; chaque ligne concernée le dit dans sa colonne `overrides`. Sans elle, les options ne remplissent que ce qui manque aux règles. La cellule propre à une ligne s'applique toujours."),
    ("pet:at", "La date dont le barème s'applique, AAAA-MM-JJ [par défaut : aujourd'hui]"),
    ("rates show:at", "La date, AAAA-MM-JJ [par défaut : aujourd'hui]"),
    ("batch_rows", "Écrit plutôt les lignes régionales de la note comme une entrée de `batch` (id, region, post_type, posts, start et les données fournies, sauf celles que fixent les règles d'une région), à modifier (une part par région…) puis à calculer avec `asp-funding batch --summary`"),
    ("rules show:name", "Un identifiant de règles (nouvelle-aquitaine-2026), ou un nom de région pour en montrer les règles"),
    ("rates show:name", "grid, iespe, pet, charges, ou une promotion comme 2018-2020"),
    ("dir", "Le dossier, organisé comme rates/ du dépôt"),
    ("shell", "Le shell"),
];

/// The French placeholder of a flag's value, by its id.
const VALUE_NAMES: &[(&str, &str)] = &[
    ("rates", "DOSSIER"),
    ("format", "FORMAT"),
    ("lang", "LANGUE"),
    ("output", "FICHIER"),
    ("delimiter", "SÉP"),
    ("encoding", "ENCODAGE"),
    ("sheet", "NOM"),
    ("headers", "EN-TÊTES"),
    ("tolerance", "EUROS"),
    ("file", "FICHIER"),
    ("columns", "COLONNES"),
    ("threads", "N"),
    ("promotion", "PROMOTION"),
    ("at", "DATE"),
    ("name", "NOM"),
    ("dir", "DOSSIER"),
    ("shell", "SHELL"),
];

/// A command's French about, by its path.
fn about(path: &str) -> Option<&'static str> {
    ABOUT
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, text)| *text)
}

/// A flag's French help: the command's own (`path:id`), else the flag's wherever it appears,
/// else its field's (the flags of a post are made from [`Field`]).
fn arg_help(path: &str, id: &str) -> Option<&'static str> {
    let own = format!("{path}:{id}");
    let find = |key: &str| ARGS.iter().find(|(k, _)| *k == key).map(|(_, text)| *text);
    find(&own)
        .or_else(|| find(id))
        .or_else(|| Field::from_key(id).map(|f| f.spec().help[1]))
}

/// A flag's French placeholder.
fn value_name(id: &str) -> Option<&'static str> {
    VALUE_NAMES
        .iter()
        .find(|(i, _)| *i == id)
        .map(|(_, v)| *v)
        .or_else(|| Field::from_key(id).map(|f| f.spec().placeholder[1]))
}

/// A heading of the help in French. clap writes its colon right after it: a French heading
/// ends with a no-break space, so that the colon has its space before it.
fn heading(english: Option<&str>, positional: bool) -> &'static str {
    let group = [Group::Pattern, Group::WhatIf]
        .into_iter()
        .find(|g| english.is_some() && g.heading(Lang::En) == english);
    match (group, positional) {
        (Some(Group::Pattern), _) => "Organisation du travail (PET)\u{a0}",
        (Some(_), _) => "Simulations\u{a0}",
        (None, true) => "Arguments\u{a0}",
        (None, false) => "Options\u{a0}",
    }
}

const TEMPLATE: &str =
    "{before-help}{about-with-newline}\nUtilisation : {usage}\n\n{all-args}{after-help}";

/// The command with its help in French.
pub fn french(command: Command) -> Command {
    let mut command = translate(command, "");
    // clap adds its `help` commands when it builds the command: translated once they exist.
    command.build();
    french_help_commands(command)
}

fn french_help_commands(command: Command) -> Command {
    let names: Vec<String> = command
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    names.into_iter().fold(command, |command, name| {
        command.mut_subcommand(&name, |s| {
            if s.get_name() == "help" {
                s.about("Affiche cette aide, ou celle des commandes données")
            } else {
                french_help_commands(s)
            }
        })
    })
}

fn translate(mut command: Command, path: &str) -> Command {
    if let Some(text) = about(path) {
        command = command.about(text);
    }
    if path.is_empty() {
        command = command.long_about(LONG_ABOUT);
    }
    let ids: Vec<(String, Option<String>)> = command
        .get_arguments()
        .map(|a| {
            (
                a.get_id().to_string(),
                a.get_help_heading().map(str::to_string),
            )
        })
        .collect();
    for (id, english_heading) in ids {
        command = command.mut_arg(&id, |a| {
            let positional = a.is_positional();
            a.help_heading(heading(english_heading.as_deref(), positional))
        });
        let Some(help) = arg_help(path, &id) else {
            continue;
        };
        command = command.mut_arg(&id, |a| {
            let a = a.help(help).long_help(None::<&str>);
            // The French help says the default itself; clap's `[default: …]` is English.
            let value_name = value_name(&id);
            let a = if a.get_action().takes_values() {
                let a = match value_name {
                    Some(name) => a.value_name(name),
                    None => a,
                };
                a.hide_default_value(true)
                    .hide_env(true)
                    .hide_possible_values(id == "shell")
            } else {
                a
            };
            a
        });
    }
    let subcommands: Vec<String> = command
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in subcommands {
        let sub_path = if path.is_empty() {
            name.clone()
        } else {
            format!("{path} {name}")
        };
        command = command.mut_subcommand(&name, |s| translate(s, &sub_path));
    }
    command = command
        .help_template(TEMPLATE)
        .subcommand_help_heading("Commandes\u{a0}")
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("Affiche l'aide")
                .help_heading("Options\u{a0}"),
        );
    if path.is_empty() {
        command = command.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("Affiche la version")
                .help_heading("Options\u{a0}"),
        );
    }
    command
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every command and every flag of the program, by path.
    fn walk(command: &Command, path: &str, out: &mut Vec<(String, Vec<String>)>) {
        let ids = command
            .get_arguments()
            .map(|a| a.get_id().to_string())
            .filter(|id| id != "help" && id != "version")
            .collect();
        out.push((path.to_string(), ids));
        for sub in command.get_subcommands() {
            let sub_path = if path.is_empty() {
                sub.get_name().to_string()
            } else {
                format!("{path} {}", sub.get_name())
            };
            walk(sub, &sub_path, out);
        }
    }

    #[test]
    fn every_command_and_flag_has_its_french_help() {
        let mut all = Vec::new();
        walk(&crate::cli::Cli::command(), "", &mut all);
        for (path, ids) in &all {
            assert!(about(path).is_some(), "no French about for `{path}`");
            for id in ids {
                assert!(
                    arg_help(path, id).is_some(),
                    "no French help for `{path} --{id}`"
                );
            }
        }
    }

    #[test]
    fn the_french_command_is_valid_and_speaks_french() {
        let mut command = french(crate::cli::Cli::command());
        command.build();
        let help = command
            .find_subcommand_mut("compute")
            .expect("compute")
            .render_help()
            .to_string();
        assert!(help.contains("Utilisation :"), "{help}");
        assert!(help.contains("Région : identifiant"), "{help}");
        assert!(help.contains("Simulations"), "{help}");
        assert!(!help.contains("What-if"), "{help}");
    }
}
