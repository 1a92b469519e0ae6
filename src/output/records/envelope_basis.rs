//! An envelope's basis as records: the lines a CSV or a workbook writes at its head (a `level`
//! of their own, in the same columns as the rows), and the keys of the JSON object.

use crate::column::Column;
use crate::envelope::{Envelope, Later};
use crate::explain::envelope::{Basis, RowOverride};
use crate::explain::term_words;
use crate::lang::Lang;
use crate::model::PostType;
use crate::output::{source_json, Cell};
use crate::plan::Term;
use crate::post::Naming;
use crate::rates::{Param, Rates, Version};
use crate::tr;
use chrono::NaiveDate;
use serde_json::{json, Value};

/// One line of the basis, as a row of the envelope's table.
#[derive(Debug, Clone)]
pub struct BasisLine<'a> {
    /// What it is: `start`, `data`, `rule-set`, `not-applied`, `overridden`, `assumption`,
    /// `warning`, `source`.
    pub level: &'static str,
    /// The post type it is about, if one.
    pub post_type: Option<PostType>,
    /// The region it is about, if one.
    pub region: Option<&'a str>,
    /// The rule set it is about, if one.
    pub rule_set: Option<&'a str>,
    /// The contracts' start, on the `start` line.
    pub start: Option<NaiveDate>,
    /// The line in words.
    pub text: String,
}

impl<'a> BasisLine<'a> {
    fn text(level: &'static str, text: String) -> Self {
        BasisLine {
            level,
            post_type: None,
            region: None,
            rule_set: None,
            start: None,
            text,
        }
    }

    /// Its cell in `column` (empty where a line has nothing to say).
    pub fn cell(&self, column: Column) -> Cell<'_> {
        match column {
            Column::Level => Cell::text(self.level),
            Column::PostType => self
                .post_type
                .map_or_else(Cell::default, |p| Cell::Word(p.into())),
            Column::Region => self.region.map_or_else(Cell::default, Cell::text),
            Column::RuleSet => self.rule_set.map_or_else(Cell::default, Cell::text),
            Column::Start => Cell::date_or_empty(self.start),
            Column::Note => Cell::text(self.text.as_str()),
            _ => Cell::Empty,
        }
    }
}

/// A flag not applied on a row (or applied, with `--override`), in words.
fn row_override_words(r: &RowOverride<'_>, lang: Lang) -> String {
    let flag = Naming::Flags.name(r.term.field);
    let (given, rule) = (
        term_words(r.term.given, lang),
        term_words(r.term.rule, lang),
    );
    match r.applied {
        false => tr!(
            lang,
            "{flag} {given} not applied: the rule set fixes {rule} (--override applies it)",
            "{flag} {given} non appliqué : les règles fixent {rule} (--override l'applique)"
        ),
        true => tr!(
            lang,
            "{flag} {given} applied instead of the rule set's {rule} (--override)",
            "{flag} {given} appliqué au lieu de {rule} des règles (--override)"
        ),
    }
}

/// The basis as lines, in order: the start, the data, the rule sets, the flags not applied
/// (or applied), the assumptions, the warnings, and the documents when `sources`.
pub fn basis_lines<'a>(
    basis: &'a Basis<'a>,
    start: NaiveDate,
    sources: bool,
    lang: Lang,
) -> Vec<BasisLine<'a>> {
    let mut lines = vec![
        BasisLine {
            start: Some(start),
            ..BasisLine::text("start", basis.start.clone())
        },
        BasisLine::text("data", basis.versions.clone()),
    ];
    lines.extend(
        basis
            .rule_sets
            .iter()
            .map(|l| BasisLine::text("rule-set", l.clone())),
    );
    lines.extend(basis.row_overrides.iter().map(|r| BasisLine {
        level: if r.applied {
            "overridden"
        } else {
            "not-applied"
        },
        post_type: Some(r.post_type),
        region: Some(r.region),
        rule_set: Some(r.rule_set.id.as_str()),
        start: None,
        text: row_override_words(r, lang),
    }));
    lines.extend(
        basis
            .assumptions
            .iter()
            .map(|a| BasisLine::text("assumption", a.clone())),
    );
    lines.extend(
        basis
            .warnings
            .iter()
            .map(|w| BasisLine::text("warning", w.clone())),
    );
    if sources {
        lines.extend(basis.sources.iter().enumerate().map(|(i, s)| {
            let reference = s
                .reference
                .as_ref()
                .map_or(String::new(), |r| format!(". {r}"));
            BasisLine::text("source", format!("[{}] {}{reference}", i + 1, s.title))
        }));
    }
    lines
}

/// A term's value for scripts: a share or rate as a decimal string, components as ids.
fn term_json(term: Term) -> Value {
    match term {
        Term::Share(v) | Term::Charges(Some(v)) => json!(crate::money::plain_rate(v)),
        Term::Charges(None) => Value::Null,
        Term::Funded(set) => set.iter().map(|c| c.id()).collect(),
    }
}

/// A version in force, for scripts (`null` dates where none is).
fn version_json<T>(param: Param, version: Option<&Version<T>>) -> Value {
    json!({
        "param": param.folder(),
        "from": version.map(|v| v.from.to_string()),
        "until": version.and_then(|v| v.until.map(|u| u.to_string())),
        "sources": version.map_or_else(Vec::new, |v| v.sources.clone()),
    })
}

/// Why the contracts start when they do, for scripts.
fn start_reason_json(e: &Envelope<'_>, basis: &Basis<'_>) -> Value {
    let later: Vec<Value> = e
        .start
        .later
        .iter()
        .map(|l| match l {
            Later::Param(param, from) => {
                json!({"param": param.folder(), "from": from.map(|d| d.to_string())})
            }
            Later::RuleSet(rule, from) => json!({"rule_set": rule.id, "from": from.to_string()}),
        })
        .collect();
    json!({
        "id": e.start.reason_id(),
        "text": basis.start,
        "wanted": e.start.wanted.date().to_string(),
        "promotion_november": e.start.november.map(|d| d.to_string()),
        "later": later,
    })
}

/// The rule set of each row, for scripts: its id (`custom` without one, `null` when the row is
/// not priced), and the flags not applied to it (or applied, with `--override`).
fn rule_sets_json(e: &Envelope<'_>) -> Value {
    e.rows
        .iter()
        .filter_map(|row| {
            let region = row.region.as_deref()?;
            let plan = row.priced.as_ref().ok().map(|p| &p.computation.plan);
            let terms: Vec<Value> = plan.map_or_else(Vec::new, |plan| {
                plan.overrides
                    .iter()
                    .map(|o| {
                        json!({
                            "input": o.field.key(),
                            "flag": o.field.flag(),
                            "given": term_json(o.given),
                            "rule_set": term_json(o.rule),
                        })
                    })
                    .collect()
            });
            let applied = plan.is_some_and(|p| p.overrides.applied);
            Some(json!({
                "post_type": row.post_type.id(),
                "region": region,
                "rule_set": plan.map(|p| p.rule_set_id()),
                "campaign": plan.and_then(|p| p.rule.and_then(|r| r.campaign)),
                "source": plan.and_then(|p| p.rule_source()),
                "not_applied": if applied { Vec::new() } else { terms.clone() },
                "overrides": if applied { terms } else { Vec::new() },
            }))
        })
        .collect()
}

/// The basis as the keys of the JSON object, before its rows.
pub fn basis_json(
    rates: &Rates,
    e: &Envelope<'_>,
    basis: &Basis<'_>,
) -> Vec<(&'static str, Value)> {
    let day = e.start.date;
    let versions = vec![
        version_json(Param::Grid, rates.grid.at(day).ok()),
        version_json(Param::Iespe, rates.iespe.at(day).ok()),
        version_json(Param::Pet, rates.pet.at(day).ok()),
        version_json(Param::Charges, rates.charges.at(day).ok()),
    ];
    vec![
        ("start", json!(day.to_string())),
        ("start_reason", start_reason_json(e, basis)),
        ("versions", Value::Array(versions)),
        ("rule_sets", rule_sets_json(e)),
        ("flag_notes", json!(basis.overrides)),
        ("assumptions", json!(basis.assumptions)),
        ("warnings", json!(basis.warnings)),
        (
            "sources",
            basis.sources.iter().map(|s| source_json(s)).collect(),
        ),
    ]
}
