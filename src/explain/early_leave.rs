//! An early leave: the credit due for the time served, what was not served, what the agency
//! may recover under its notice's clause, and the cost of the time served.

use super::{Figure, Note, Part, Sources, Words};
use crate::column::Column;
use crate::compute::RecoveryCase;
use crate::money::human;
use crate::post::Field;
use crate::rates::{EarlyLeave, Recovery};
use crate::tr;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// The early leave's figures, when the assistant leaves early.
pub(super) fn figures<'a>(w: &Words<'_, 'a>, part: &mut Part<'a>) {
    let (c, plan, lang) = (w.c, w.plan, w.lang);
    let (Some(left_on), Some(due), Some(not_served), Some((case, _))) =
        (plan.left_on, c.ars_due, c.not_served, c.recovery)
    else {
        return;
    };
    part.figure(
        Column::ArsDue,
        Figure {
            how: tr!(
                lang,
                "credit for the time served, {} to {}",
                "crédit de la période effectuée, du {} au {}",
                w.day(plan.start),
                w.day(left_on)
            ),
            sources: w.rule_sources(),
        },
    );
    part.figure(
        Column::NotServed,
        Figure {
            how: tr!(
                lang,
                "{} − {} (contract credit − credit due), from {} on",
                "{} − {} (crédit du contrat − crédit dû), à partir du {}",
                w.amount(c.ars_total),
                w.amount(due),
                w.day(left_on.succ_opt().unwrap_or(left_on))
            ),
            sources: Sources::None,
        },
    );
    let clause = plan.rule.and_then(|r| r.early_leave.as_ref());
    let reasons = clause.map_or(String::new(), |c| {
        c.reasons
            .iter()
            .map(|r| r.label(lang))
            .collect::<Vec<_>>()
            .join(lang.pick(" or ", " ou "))
    });
    if case != RecoveryCase::NotStated {
        part.assume(w, Note::RecoveryReading, || tr!(
            lang,
            "What the agency may recover is read as the credit for the time not served, {}: the notice asks for « le remboursement du financement délégué », which is read as the credit not yet earned, not all that was delegated.",
            "Ce que l'agence peut récupérer est lu comme le crédit de la période non effectuée, {} : le cahier des charges demande « le remboursement du financement délégué », lu comme le crédit non encore acquis, et non tout ce qui a été délégué.",
            human(not_served, lang)
        ));
    }
    if case == RecoveryCase::ReasonNotGiven {
        let leave_reason = w.name(Field::LeaveReason);
        part.warn(w, Note::LeaveReasonMissing, || tr!(
            lang,
            "Leaving early: the notice lets the agency recover the credit not served ({}) only for a departure for: {reasons}. Give {leave_reason} to know.",
            "Départ anticipé : le cahier des charges ne permet à l'agence de récupérer le crédit de la période non effectuée ({}) que pour un départ pour : {reasons}. Donner {leave_reason} pour le savoir.",
            human(not_served, lang)
        ));
    }
    let (how, sources) = recovery(w, case, clause, &reasons, not_served);
    part.figure(Column::Recoverable, Figure { how, sources });
    if let Some(cost) = c.full_cost_served {
        part.figure(Column::FullCostServed, served_cost(w, left_on, cost, due));
    }
}

/// What the agency may recover, in the words of its clause, and the clause's document.
fn recovery<'a>(
    w: &Words<'_, 'a>,
    case: RecoveryCase,
    clause: Option<&'a EarlyLeave>,
    reasons: &str,
    not_served: Decimal,
) -> (String, Sources<'a>) {
    let lang = w.lang;
    match (case, clause) {
        (RecoveryCase::NotStated, clause) => (not_stated(w, clause), Sources::None),
        (RecoveryCase::ReasonNotGiven, Some(c)) => {
            let leave_reason = w.name(Field::LeaveReason);
            (
                tr!(
                    lang,
                    "{} only if the departure is for: {reasons} (give {leave_reason}). {}",
                    "{} seulement si le départ est pour : {reasons} (donner {leave_reason}). {}",
                    w.amount(not_served),
                    c.quote
                ),
                Sources::One(c.source.as_str()),
            )
        }
        (_, Some(c)) => (
            tr!(
                lang,
                "{}: the credit not served, {} on this departure. {}",
                "{} : le crédit de la période non effectuée, {} pour ce départ. {}",
                w.amount(not_served),
                match c.recovery {
                    Recovery::Discretionary => lang.pick(
                        "which the agency may recover (at its discretion)",
                        "que l'agence peut récupérer (à sa discrétion)",
                    ),
                    Recovery::Automatic => {
                        lang.pick("which the agency recovers", "que l'agence récupère")
                    }
                },
                c.quote
            ),
            Sources::One(c.source.as_str()),
        ),
        (_, None) => (String::new(), Sources::None),
    }
}

/// The words of a departure the notice says nothing of: no clause, or a clause on other
/// departures only. The agency decides; no figure is given.
fn not_stated(w: &Words<'_, '_>, clause: Option<&EarlyLeave>) -> String {
    let (plan, lang) = (w.plan, w.lang);
    let notice = match plan.rule {
        Some(r) => tr!(
            lang,
            "the notice of {}",
            "le cahier des charges de {}",
            r.id
        ),
        None => lang
            .pick(
                "no notice (no published rule set)",
                "aucun cahier des charges (pas de règles publiées)",
            )
            .to_string(),
    };
    match clause {
        Some(c) => {
            let reasons: Vec<&str> = c.reasons.iter().map(|r| r.label(lang)).collect();
            tr!(
                lang,
                "not stated: {notice} provides a recovery for a departure for {} only and says nothing of this one ({}); the agency decides",
                "non prévu : {notice} prévoit une récupération pour un départ pour {} seulement et ne dit rien de celui-ci ({}) ; l'agence décide",
                reasons.join(lang.pick(" or ", " ou ")),
                plan.leave_reason.map_or("", |r| r.label(lang))
            )
        }
        None => tr!(
            lang,
            "not stated: {notice} says nothing of a contract that ends early; the agency decides",
            "non prévu : {notice} ne dit rien d'un contrat qui s'achève plus tôt ; l'agence décide"
        ),
    }
}

fn served_cost<'a>(
    w: &Words<'_, 'a>,
    left_on: NaiveDate,
    cost: Decimal,
    due: Decimal,
) -> Figure<'a> {
    Figure {
        how: tr!(
            w.lang,
            "the post's actual cost from {} to {}; the establishment's part is {} − {} = {}",
            "le coût réel du poste du {} au {} ; la part de l'établissement est {} − {} = {}",
            w.day(w.plan.start),
            w.day(left_on),
            w.amount(cost),
            w.amount(due),
            w.amount(cost - due)
        ),
        sources: Sources::None,
    }
}
