//! What the inputs given for every post (the flags of `envelope`, and of `batch` for a row's
//! empty cells) did to a rule set's credit terms: applied with `--override`, else left out.

use super::{Note, Part, Words};
use crate::lang::Lang;
use crate::money::human_rate;
use crate::plan::{Override, Term};
use crate::post::Naming;
use crate::tr;

/// A term's value for people: `50 %`, `44 %`, `no charges`, `salary, IESPE, PET`.
pub fn term_words(term: Term, lang: Lang) -> String {
    match term {
        Term::Share(share) | Term::Charges(Some(share)) => human_rate(share, lang),
        Term::Charges(None) => lang.pick("no charges", "pas de charges").to_string(),
        Term::Funded(set) => set
            .iter()
            .map(|c| c.label(lang))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// An override applied, for the `overrides` column (beside the rule set's id): `--share 50 %
/// instead of 100 %`.
pub fn override_words(o: &Override, lang: Lang, naming: &Naming<'_>) -> String {
    tr!(
        lang,
        "{} {} instead of {}",
        "{} {} au lieu de {}",
        naming.name(o.field),
        term_words(o.given, lang),
        term_words(o.rule, lang)
    )
}

/// A value given for every row that a rule set's term held back, said once after a batch:
/// `--share 50 % is not applied to the rows priced by …, which fixes 100 %`.
pub fn held_back_words(rule_set: &str, o: &Override, lang: Lang) -> String {
    tr!(
        lang,
        "{} {} is given for every row but not applied to the rows priced by {rule_set}, which fixes {} for its credit; a row's own cell, or --override, applies it.",
        "{} {} est donné pour toutes les lignes mais n'est pas appliqué aux lignes chiffrées par les règles {rule_set}, qui fixent {} pour leur crédit ; la cellule d'une ligne, ou --override, l'applique.",
        Naming::Flags.name(o.field),
        term_words(o.given, lang),
        term_words(o.rule, lang)
    )
}

/// The overrides of a post: applied, the column's words; left out, a warning each. They are
/// named as flags: a value given for every post comes from the command line.
pub(super) fn overrides<'a>(w: &Words<'_, 'a>, part: &mut Part<'a>) -> Vec<String> {
    let (plan, lang) = (w.plan, w.lang);
    let Some(rule) = plan.rule else {
        return Vec::new();
    };
    if plan.overrides.applied {
        let words = plan
            .overrides
            .iter()
            .map(|o| override_words(o, lang, &Naming::Flags))
            .collect();
        return words;
    }
    for o in plan.overrides.iter() {
        part.warn(w, Note::FlagNotApplied, || tr!(
            lang,
            "{} {} is given for every row and not applied here: the rule set {} fixes {} for its credit (--override applies it).",
            "{} {} est donné pour toutes les lignes et n'est pas appliqué ici : les règles {} fixent {} pour leur crédit (--override l'applique).",
            Naming::Flags.name(o.field),
            term_words(o.given, lang),
            rule.id,
            term_words(o.rule, lang)
        ));
    }
    Vec::new()
}
