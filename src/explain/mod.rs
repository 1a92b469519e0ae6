//! The words of a computation: how each figure was made and from which documents, what was
//! assumed and what the user should know. Built from a [`Computation`] only when an output
//! asks for it; pricing never writes text.
//!
//! One file per group of figures, each giving its figures and its own notes: [`salary`] (base,
//! IESPE, PET), [`charges`] (gross, charges, loaded cost, funded base), [`share`] (share, the
//! monthly credit, the post's actual cost and the establishment's part), [`contract`] (totals,
//! dates, what the rule set and the tool assume), [`early_leave`]. Inputs are named in the
//! words as the reader typed them ([`Naming`]).

mod charges;
mod contract;
mod early_leave;
pub mod envelope;
pub mod notes;
mod overrides;
mod salary;
mod share;

pub use notes::{Note, NoteRef};
pub use overrides::{held_back_words, override_words, term_words};

use crate::column::Column;
use crate::compute::Computation;
use crate::eligibility::{check_conditions, Checked, Status};
use crate::lang::Lang;
use crate::money::{formula_number, plain_rate};
use crate::pet::PetDecision;
use crate::plan::Plan;
use crate::post::Naming;
use crate::rates::{Rates, RoundAt, Source, Version};
use crate::tr;
use rust_decimal::Decimal;

/// A figure of the result: its value, how it was computed, and from what documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure<'a> {
    /// How it was computed, in words and numbers (the value is the column's cell).
    pub how: String,
    /// The ids of the documents it comes from.
    pub sources: Sources<'a>,
}

/// The ids of the documents a figure comes from: most figures come from one version of the
/// data, or from the rule set's notice, whose ids are borrowed (a figure's documents are made
/// for every row of a batch: they allocate only when several lists are joined).
#[derive(Debug, Clone, Default)]
pub enum Sources<'a> {
    /// None.
    #[default]
    None,
    /// A version's documents.
    Version(&'a [String]),
    /// One document (the rule set's notice, a clause's).
    One(&'a str),
    /// Several, joined.
    Many(Vec<&'a str>),
}

impl<'a> Sources<'a> {
    /// The ids, in order.
    pub fn iter(&self) -> impl Iterator<Item = &'a str> + '_ {
        let (version, one, many): (&[String], Option<&str>, &[&str]) = match self {
            Sources::None => (&[], None, &[]),
            Sources::Version(ids) => (ids, None, &[]),
            Sources::One(id) => (&[], Some(id), &[]),
            Sources::Many(ids) => (&[], None, ids),
        };
        (version.iter().map(String::as_str))
            .chain(one)
            .chain(many.iter().copied())
    }
}

impl PartialEq for Sources<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for Sources<'_> {}

/// Everything a computation says besides its amounts.
#[derive(Debug, Clone)]
pub struct Explanation<'a> {
    /// What the rule set funds, in one line.
    pub title: &'a str,
    /// The explained figures, by output column, in output order.
    pub figures: Vec<(Column, Figure<'a>)>,
    /// The PET decision, when the PET comes from a working pattern.
    pub pet: Option<PetDecision>,
    /// What the rule set and the computation assumed.
    pub assumptions: Vec<String>,
    /// What the user should know: what-ifs, inputs ignored, conditions not met.
    pub warnings: Vec<String>,
    /// The ids of the assumptions, in their order (the texts are empty when only the ids were
    /// asked for: [`explain_ids`]).
    pub assumption_ids: Vec<NoteRef<'a>>,
    /// The ids of the warnings, in their order.
    pub warning_ids: Vec<NoteRef<'a>>,
    /// The inputs given for every post that change what the rule set fixes for its credit
    /// (with `--override`), each with the rule set's own value.
    pub overrides: Vec<String>,
    /// The conditions of eligibility that concern the post, checked.
    pub conditions: Vec<Checked<'a>>,
    /// The documents the figures come from, in order of first use.
    pub sources: Vec<&'a Source>,
    /// The language of the words.
    pub lang: Lang,
}

impl Explanation<'_> {
    /// The figure of an output column.
    pub fn figure(&self, column: Column) -> Option<&Figure<'_>> {
        self.figures
            .iter()
            .find(|(c, _)| *c == column)
            .map(|(_, f)| f)
    }
}

/// What one group of figures says: its figures and its own notes.
#[derive(Debug, Default)]
struct Part<'a> {
    figures: Vec<(Column, Figure<'a>)>,
    assumptions: Vec<String>,
    warnings: Vec<String>,
    assumption_ids: Vec<NoteRef<'a>>,
    warning_ids: Vec<NoteRef<'a>>,
    pet: Option<PetDecision>,
}

impl<'a> Part<'a> {
    fn figure(&mut self, column: Column, figure: Figure<'a>) {
        self.figures.push((column, figure));
    }

    /// An assumption: its id, and its words when they are asked for.
    fn assume(&mut self, w: &Words<'_, '_>, note: Note, text: impl FnOnce() -> String) {
        self.assumption_ids.push(NoteRef::Tool(note));
        if w.texts {
            self.assumptions.push(text());
        }
    }

    /// A warning: its id, and its words when they are asked for.
    fn warn(&mut self, w: &Words<'_, '_>, note: Note, text: impl FnOnce() -> String) {
        self.warning_ids.push(NoteRef::Tool(note));
        if w.texts {
            self.warnings.push(text());
        }
    }
}

/// What every group needs to say its figures.
struct Words<'r, 'a> {
    rates: &'a Rates,
    c: &'r Computation<'a>,
    plan: &'r Plan<'a>,
    lang: Lang,
    naming: &'r Naming<'r>,
    /// The rule set's document (none for a custom computation).
    rule: Option<&'a str>,
    /// Whether the words are made, or only the notes' ids and the figures' sources.
    texts: bool,
}

impl<'a> Words<'_, 'a> {
    /// The rule set's document, as a figure's sources.
    fn rule_sources(&self) -> Sources<'a> {
        self.rule.map_or(Sources::None, Sources::One)
    }

    /// Words, when they are asked for; empty otherwise.
    fn text(&self, words: impl FnOnce() -> String) -> String {
        if self.texts {
            words()
        } else {
            String::new()
        }
    }

    /// An exact value in the number format of the language.
    fn exact(&self, v: Decimal) -> String {
        exact_in(v, self.lang)
    }

    /// An amount inside a formula.
    fn amount(&self, v: Decimal) -> String {
        crate::money::formula_amount(v, self.lang)
    }

    /// A rate or share inside a formula (`0.44`, `0,44`).
    fn rate(&self, v: Decimal) -> String {
        formula_number(&plain_rate(v), self.lang)
    }

    /// A date in a sentence.
    fn day(&self, d: chrono::NaiveDate) -> String {
        crate::lang::date(d, self.lang)
    }

    /// An input, named as the reader typed it.
    fn name(&self, field: crate::post::Field) -> crate::post::FieldName<'_> {
        self.naming.name(field)
    }

    /// The words for a figure rounded where the rule set says.
    fn rounded(&self, at: RoundAt, exact_value: Decimal, how: impl FnOnce() -> String) -> String {
        if !self.texts {
            String::new()
        } else if self.plan.rounding.at(at, exact_value) == exact_value {
            how()
        } else {
            format!(
                "{}, {}",
                how(),
                self.plan.rounding.mode.to_the_cent(self.lang)
            )
        }
    }
}

/// An exact value for an explanation: up to six decimals, `…` when there are more.
pub fn exact(value: Decimal) -> String {
    let short = value.round_dp_with_strategy(6, rust_decimal::RoundingStrategy::ToZero);
    if short == value {
        value.normalize().to_string()
    } else {
        format!("{}…", short.normalize())
    }
}

/// [`exact`] in the number format of `lang` (`2 803,594166…` in French).
pub fn exact_in(value: Decimal, lang: Lang) -> String {
    formula_number(&exact(value), lang)
}

/// The documents of a version of the data, as a figure's sources.
fn versions<T>(version: Option<&Version<T>>) -> Sources<'_> {
    version.map_or(Sources::None, |v| Sources::Version(&v.sources))
}

/// Explains a computation in `lang`, naming inputs as `naming` does.
pub fn explain<'a>(
    rates: &'a Rates,
    c: &Computation<'a>,
    lang: Lang,
    naming: &Naming<'_>,
) -> Explanation<'a> {
    explain_scope(rates, c, lang, naming, false, true)
}

/// What [`explain`] says without its words: the ids of its assumptions and warnings, the
/// conditions checked and the documents, with every text empty (a batch row that shows only
/// ids need not write the paragraphs).
pub fn explain_ids<'a>(
    rates: &'a Rates,
    c: &Computation<'a>,
    lang: Lang,
    naming: &Naming<'_>,
) -> Explanation<'a> {
    explain_scope(rates, c, lang, naming, false, false)
}

/// The words of the credit alone: its figures, assumptions and warnings, without the post's
/// actual cost, an early leave or the conditions of eligibility (what `envelope` says of its rows).
pub fn explain_credit<'a>(
    rates: &'a Rates,
    c: &Computation<'a>,
    lang: Lang,
    naming: &Naming<'_>,
) -> Explanation<'a> {
    explain_scope(rates, c, lang, naming, true, true)
}

fn explain_scope<'a>(
    rates: &'a Rates,
    c: &Computation<'a>,
    lang: Lang,
    naming: &Naming<'_>,
    credit_only: bool,
    texts: bool,
) -> Explanation<'a> {
    let plan = &c.plan;
    let words = Words {
        rates,
        c,
        plan,
        lang,
        naming,
        rule: plan.rule.map(|r| r.source.as_str()),
        texts,
    };
    // Every group writes into one part, in this order: the rule set's own assumptions first,
    // then what the flags did (an envelope says it once, at its head), then each group's notes.
    let (assumptions, assumption_ids) = contract::rule_set_assumptions(&words);
    let mut part = Part {
        figures: Vec::with_capacity(Column::COMPUTATION.len()),
        assumptions,
        assumption_ids,
        ..Part::default()
    };
    let overrides = match credit_only {
        true => Vec::new(),
        false => overrides::overrides(&words, &mut part),
    };
    contract::plan_notes(&words, &mut part);
    salary::figures(&words, &mut part);
    charges::figures(&words, &mut part);
    share::figures(&words, &mut part);
    if !credit_only {
        share::actual(&words, &mut part);
    }
    contract::figures(&words, &mut part);
    if !credit_only {
        early_leave::figures(&words, &mut part);
    }
    contract::assumptions(&words, &mut part);
    let conditions = match credit_only {
        true => Vec::new(),
        false => check_conditions(rates, plan, lang, naming),
    };
    // The conditions of eligibility: one not met is a warning (an error with `--strict`); one
    // not met but for the exception its document allows, a warning that quotes it.
    for checked in &conditions {
        let text = checked.condition.text.get(lang);
        let detail = &checked.detail;
        match (checked.status, &checked.condition.unless) {
            (Status::NotMet, _) => part.warn(&words, Note::ConditionNotMet, || {
                tr!(
                    lang,
                    "Condition not met: {text} ({detail}).",
                    "Condition non remplie : {text} ({detail})."
                )
            }),
            (Status::NotMetUnless, Some(unless)) => {
                part.warn(&words, Note::ConditionNotMetUnless, || {
                    tr!(
                        lang,
                        "Condition not met unless {}: {text} ({detail}).",
                        "Condition non remplie sauf {} : {text} ({detail}).",
                        unless.get(lang)
                    )
                });
            }
            _ => {}
        }
    }
    if let Some(disagree) = crate::eligibility::shares_disagree(&c.plan) {
        part.warn(&words, Note::SharesDisagree, || {
            disagree.render(lang, naming)
        });
    }
    if carried_conditions(&conditions).is_some() {
        part.assume(&words, Note::ConditionsCarried, || {
            carried_conditions_words(&conditions, lang)
        });
    }
    let mut explanation = Explanation {
        title: contract::title(&words),
        figures: part.figures,
        pet: part.pet,
        assumptions: part.assumptions,
        warnings: part.warnings,
        assumption_ids: part.assumption_ids,
        warning_ids: part.warning_ids,
        overrides,
        conditions,
        sources: Vec::new(),
        lang,
    };
    // The figures in the order of the columns, whatever the order their words were made in.
    explanation
        .figures
        .sort_by_key(|(column, _)| column.computation_place());
    explanation.sources = sources(rates, &explanation, words.rule);
    explanation.assumptions.dedup();
    explanation.assumption_ids.dedup();
    explanation
}

/// When conditions set for an earlier promotion are applied to the post's (no later note in the
/// data): the post's promotion and the promotions they were set for, by their first years.
fn carried_conditions(conditions: &[crate::eligibility::Checked<'_>]) -> Option<(i32, Vec<i32>)> {
    let promotion = conditions.first()?.promotion;
    let mut set_for: Vec<i32> = conditions
        .iter()
        .filter_map(|c| c.condition.promotions)
        .map(|(first, _)| first)
        .filter(|first| *first != promotion)
        .collect();
    set_for.sort_unstable();
    set_for.dedup();
    (!set_for.is_empty()).then_some((promotion, set_for))
}

/// The assumption that conditions set for an earlier promotion still hold, in words.
fn carried_conditions_words(conditions: &[crate::eligibility::Checked<'_>], lang: Lang) -> String {
    let Some((promotion, set_for)) = carried_conditions(conditions) else {
        return String::new();
    };
    let years = |y: i32| format!("{y}-{}", y + 2);
    let set_for = set_for
        .into_iter()
        .map(years)
        .collect::<Vec<_>>()
        .join(", ");
    tr!(
        lang,
        "The post is of the promotion {} (its start, from a November to the October after); the data has no note for it, so the conditions set for the promotion {set_for} are assumed to hold.",
        "Le poste est de la promotion {} (selon son début, d'un mois de novembre à l'octobre suivant) ; les données n'ont pas de note pour elle : les conditions fixées pour la promotion {set_for} sont supposées s'appliquer.",
        years(promotion)
    )
}

/// The documents, in order of first appearance in the monthly figures, then the rule set's
/// and the conditions'.
fn sources<'a>(
    rates: &'a Rates,
    explanation: &Explanation<'a>,
    rule: Option<&'a str>,
) -> Vec<&'a Source> {
    let mut sources: Vec<&'a Source> = Vec::new();
    let monthly = explanation
        .figures
        .iter()
        .filter(|(column, _)| MONTHLY.contains(column))
        .flat_map(|(_, f)| f.sources.iter());
    let ids = monthly.chain(rule).chain(
        explanation
            .conditions
            .iter()
            .map(|c| c.condition.source.as_str()),
    );
    for id in ids {
        // Most ids come again (every figure of the grid names its order): looked up once.
        if sources.iter().any(|s| s.id == id) {
            continue;
        }
        if let Some(source) = rates.source(id) {
            sources.push(source);
        }
    }
    sources
}

/// The monthly figures, whose documents are listed first.
const MONTHLY: &[Column] = &[
    Column::BaseSalaryMonthly,
    Column::IespeMonthly,
    Column::PetMonthly,
    Column::GrossMonthly,
    Column::ChargesRate,
    Column::ChargesMonthly,
    Column::LoadedMonthly,
    Column::ActualLoadedMonthly,
    Column::FundedMonthly,
    Column::Share,
];
