//! [`Word`]: a value of a closed list that an output writes, with its id for scripts and its
//! label for people. CSV and JSON write the id (`mismatch`), tables and workbooks for people the
//! label in their language (`écart`): a cell says which it is, no text is translated by guess.

use crate::compute::RecoveryCase;
use crate::eligibility::Status;
use crate::lang::Lang;
use crate::model::{LeaveReason, PostType};
use crate::plan::CreditBasis;
use crate::post::Per;

/// A word of a closed list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    /// For scripts, in every language.
    pub id: &'static str,
    /// For people, in English and in French.
    pub label: [&'static str; 2],
}

impl Word {
    /// A word with its labels.
    pub const fn new(id: &'static str, en: &'static str, fr: &'static str) -> Self {
        Word {
            id,
            label: [en, fr],
        }
    }

    /// The label in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        lang.pick(self.label[0], self.label[1])
    }

    /// A batch row's status: `ok` or `error`.
    pub const fn status(ok: bool) -> Word {
        if ok {
            Word::new("ok", "ok", "ok")
        } else {
            Word::new("error", "error", "erreur")
        }
    }

    /// A check's status: `match` or `mismatch`.
    pub const fn check(matches: bool) -> Word {
        if matches {
            Word::new("match", "match", "concorde")
        } else {
            Word::new("mismatch", "mismatch", "écart")
        }
    }

    /// The rule set of a computation without one.
    pub const CUSTOM: Word = Word::new(crate::plan::CUSTOM, "custom", "sans règles publiées");

    /// The totals over every group (`all`): its row reads « Total » for people.
    pub const ALL: Word = Word::new("all", "Total", "Total");

    /// The second cell of the totals row (`all` for scripts, nothing for people).
    pub const ALL_GROUPS: Word = Word::new("all", "", "");

    /// Every word there is, for a test that looks for English words in French outputs.
    pub fn every() -> Vec<Word> {
        let mut words = vec![
            Word::status(true),
            Word::status(false),
            Word::check(true),
            Word::check(false),
            Word::CUSTOM,
            Word::ALL,
            Word::ALL_GROUPS,
        ];
        words.extend([Per::Month, Per::Contract, Per::Year].map(Word::from));
        words.extend(
            [
                RecoveryCase::Covered,
                RecoveryCase::ReasonNotGiven,
                RecoveryCase::NotStated,
            ]
            .map(Word::from),
        );
        words.extend(
            [
                CreditBasis::ReferencePost,
                CreditBasis::PublishedAmounts,
                CreditBasis::ActualCost,
            ]
            .map(Word::from),
        );
        words.extend(PostType::all().map(Word::from));
        words.extend(LeaveReason::all().map(Word::from));
        words.extend(
            [
                Status::Met,
                Status::NotMet,
                Status::NotMetUnless,
                Status::NotVerified,
            ]
            .map(Word::from),
        );
        words
    }
}

impl From<PostType> for Word {
    fn from(p: PostType) -> Self {
        Word::new(p.id(), p.label(Lang::En), p.label(Lang::Fr))
    }
}

impl From<LeaveReason> for Word {
    fn from(r: LeaveReason) -> Self {
        Word::new(r.id(), r.label(Lang::En), r.label(Lang::Fr))
    }
}

impl From<Per> for Word {
    fn from(per: Per) -> Self {
        match per {
            Per::Month => Word::new(per.id(), "month", "mois"),
            Per::Contract => Word::new(per.id(), "contract", "contrat"),
            Per::Year => Word::new(per.id(), "year", "année"),
        }
    }
}

impl From<RecoveryCase> for Word {
    fn from(case: RecoveryCase) -> Self {
        let [en, fr] = match case {
            RecoveryCase::Covered => ["covered", "couvert"],
            RecoveryCase::ReasonNotGiven => ["reason not given", "motif non donné"],
            RecoveryCase::NotStated => ["not stated", "non prévu"],
        };
        Word::new(case.id(), en, fr)
    }
}

impl From<CreditBasis> for Word {
    fn from(basis: CreditBasis) -> Self {
        let [en, fr] = match basis {
            CreditBasis::ReferencePost => ["reference post", "poste de référence"],
            CreditBasis::PublishedAmounts => ["published amounts", "montants publiés"],
            CreditBasis::ActualCost => ["actual cost", "coût réel"],
        };
        Word::new(basis.id(), en, fr)
    }
}

impl From<Status> for Word {
    fn from(status: Status) -> Self {
        Word::new(status.id(), status.label(Lang::En), status.label(Lang::Fr))
    }
}
