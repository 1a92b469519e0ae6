//! The sheets that say what the others hold: *Columns* (*Colonnes*), what each column is, and
//! *Sources*, each document once with the rows that cite it, then the assumptions, warnings and
//! conditions.

use super::sheet::{Formats, Said, Sheet};
use crate::column::Column;
use crate::lang::Lang;
use crate::output::{Cell, Notes};
use rust_xlsxwriter::{Worksheet, XlsxError};

/// The columns of one sheet: each as written, its key and its label.
#[derive(Debug, Clone)]
pub struct SheetColumns {
    pub sheet: String,
    /// Each column's heading as written, its key, its label, and whether it is a copied input.
    pub columns: Vec<(String, String, String, bool)>,
}

/// A document, as the sink keeps it.
#[derive(Debug, Clone)]
struct Document {
    id: String,
    title: String,
    reference: Option<String>,
    url: Option<String>,
    date: Option<chrono::NaiveDate>,
}

/// What the sink was told beside its rows.
#[derive(Debug, Default)]
pub struct OwnedNotes {
    documents: Vec<Document>,
    warnings: Vec<String>,
    conditions: Vec<String>,
    assumptions: Vec<String>,
    catalogue: Vec<crate::explain::notes::Entry>,
}

impl OwnedNotes {
    /// Adds notes, each document and line once.
    pub fn add(&mut self, notes: &Notes<'_>) {
        for s in &notes.sources {
            if !self.documents.iter().any(|d| d.id == s.id) {
                self.documents.push(Document {
                    id: s.id.clone(),
                    title: s.title.clone(),
                    reference: s.reference.clone(),
                    url: s.url.clone(),
                    date: s.date,
                });
            }
        }
        let extend = |list: &mut Vec<String>, new: &[String]| {
            for line in new {
                if !list.contains(line) {
                    list.push(line.clone());
                }
            }
        };
        extend(&mut self.warnings, &notes.warnings);
        extend(&mut self.conditions, &notes.conditions);
        extend(&mut self.assumptions, &notes.assumptions);
        for entry in &notes.catalogue {
            if !self.catalogue.iter().any(|e| e.id == entry.id) {
                self.catalogue.push(entry.clone());
            }
        }
    }
}

/// What a heading of a table for people is, when it is not a [`Column`].
fn layout_description(key: &str) -> Option<[&'static str; 2]> {
    Some(match key {
        "line" => ["What the line is.", "Ce qu'est la ligne."],
        "amount" => ["The amount, in euros.", "Le montant, en euros."],
        "how" => [
            "How the amount was computed, and the numbers of its documents on the Sources sheet.",
            "Comment le montant a été calculé, et les numéros de ses documents sur la feuille Sources.",
        ],
        "served" => ["Days served in the month.", "Les jours effectués dans le mois."],
        "due" => ["The credit due for the days served.", "Le crédit dû pour les jours effectués."],
        "not_served" => [
            "The credit of the days not served.",
            "Le crédit des jours non effectués.",
        ],
        _ => return None,
    })
}

/// What a column the tool does not write is: a batch's input column, copied as it was typed
/// (a post's input, described by its help, or a column of the user's own).
fn copied_description(key: &str, label: &str, lang: Lang) -> String {
    match crate::post::Field::from_header(key) {
        Some(field) => {
            let [en, fr] = field.spec().help;
            crate::tr!(
                lang,
                "Copied from the input as typed: {en}.",
                "Recopiée de l'entrée telle que saisie : {fr}.",
            )
            .replace("..", ".")
        }
        None if label != key => label.to_string(),
        None => lang
            .pick(
                "A column of the input file, copied as it was.",
                "Une colonne du fichier d'entrée, recopiée telle quelle.",
            )
            .to_string(),
    }
}

/// A sheet of plain text rows under a bold header.
fn text_sheet(
    name: &str,
    header: &[&str],
    rows: &[Vec<Cell<'_>>],
    lang: Lang,
    formats: &mut Formats,
) -> Result<(Worksheet, Said), XlsxError> {
    let mut worksheet = Worksheet::new();
    worksheet.set_name(name)?;
    let mut sheet = Sheet::new(worksheet, name.to_string());
    let mut said = Said::default();
    sheet.header = Some((0, Vec::new()));
    for (i, text) in header.iter().enumerate() {
        let col = u16::try_from(i).unwrap_or(u16::MAX);
        sheet.text(col, text, Some(&formats.bold), lang, &mut said)?;
    }
    sheet.next_row()?;
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            let col = u16::try_from(i).unwrap_or(u16::MAX);
            sheet.cell(col, cell, formats, lang, &mut said)?;
        }
        sheet.next_row()?;
    }
    Ok((sheet.close()?, said))
}

/// The *Columns* sheet: for each sheet's columns, the header written, the key and what it is.
pub fn columns_sheet(
    sheets: &[SheetColumns],
    lang: Lang,
    formats: &mut Formats,
) -> Result<Worksheet, XlsxError> {
    let header = [
        lang.pick("Sheet", "Feuille"),
        lang.pick("Column", "Colonne"),
        lang.pick("Key", "Clé"),
        lang.pick("What it is", "Ce que c'est"),
    ];
    let mut rows = Vec::new();
    for sheet in sheets {
        for (written, key, label, copied) in &sheet.columns {
            let what = Column::from_key(key)
                .filter(|_| !copied)
                .map(Column::description)
                .or_else(|| layout_description(key).filter(|_| !copied))
                .map_or_else(
                    || copied_description(key, label, lang),
                    |[en, fr]| lang.pick(en, fr).to_string(),
                );
            rows.push(vec![
                Cell::text(sheet.sheet.clone()),
                Cell::text(written.clone()),
                Cell::text(key.clone()),
                Cell::text(what),
            ]);
        }
    }
    let name = lang.pick("Columns", "Colonnes");
    Ok(text_sheet(name, &header, &rows, lang, formats)?.0)
}

/// Row ranges as people read them: `2-7, 9` (with the sheet's name past the first sheet).
fn ranges(list: &[(String, u32, u32)], lang: Lang) -> String {
    let first = list.first().map(|(s, _, _)| s.clone()).unwrap_or_default();
    let shown: Vec<String> = list
        .iter()
        .take(200)
        .map(|(sheet, a, b)| {
            let rows = if a == b {
                a.to_string()
            } else {
                format!("{a}-{b}")
            };
            if *sheet == first {
                rows
            } else {
                format!("{sheet} {rows}")
            }
        })
        .collect();
    let more = list.len().saturating_sub(200);
    let tail = match more {
        0 => String::new(),
        n => lang
            .pick(
                &format!(" and {n} more ranges"),
                &format!(" et {n} autres plages"),
            )
            .to_string(),
    };
    format!("{}{tail}", shown.join(", "))
}

/// The *Sources* sheet: the documents (those the rows cite, when they cite any), each once with
/// the rows citing it, then the assumptions, warnings (the sink's own too) and conditions.
pub fn sources_sheet(
    notes: &OwnedNotes,
    said: &Said,
    lang: Lang,
    formats: &mut Formats,
) -> Result<Worksheet, XlsxError> {
    let header = [
        lang.pick("Kind", "Nature"),
        lang.pick("Id", "Identifiant"),
        lang.pick("Text", "Texte"),
        lang.pick("Reference", "Référence"),
        "URL",
        "Date",
        lang.pick("Rows citing it", "Lignes qui le citent"),
    ];
    let cited = |id: &str| said.citations.get(id);
    // A batch's rows name documents by their short ids: they are listed with the other notes.
    let by_id = !notes.catalogue.is_empty();
    let mut documents: Vec<Document> = notes
        .documents
        .iter()
        .filter(|_| !by_id)
        .filter(|d| said.citations.is_empty() || cited(&d.id).is_some())
        .cloned()
        .collect();
    let listed = |id: &str| notes.catalogue.iter().any(|e| e.id == id);
    for id in said.citations.keys() {
        if !documents.iter().any(|d| d.id == *id) && !listed(id) {
            documents.push(Document {
                id: id.clone(),
                title: String::new(),
                reference: None,
                url: None,
                date: None,
            });
        }
    }
    let mut rows: Vec<Vec<Cell<'_>>> = Vec::new();
    for d in &documents {
        rows.push(vec![
            Cell::text(lang.pick("Document", "Document")),
            Cell::text(d.id.clone()),
            Cell::text(d.title.clone()),
            Cell::text(d.reference.clone().unwrap_or_default()),
            Cell::text(d.url.clone().unwrap_or_default()),
            Cell::date_or_empty(d.date),
            Cell::text(cited(&d.id).map_or(String::new(), |r| ranges(r, lang))),
        ]);
    }
    let warnings = notes.warnings.iter().chain(&said.warnings);
    for (kind, list) in [
        (
            lang.pick("Assumption", "Hypothèse"),
            notes.assumptions.iter().collect::<Vec<_>>(),
        ),
        (lang.pick("Warning", "Avertissement"), warnings.collect()),
        (
            lang.pick("Condition", "Condition"),
            notes.conditions.iter().collect(),
        ),
    ] {
        for text in list {
            rows.push(vec![
                Cell::text(kind),
                Cell::Empty,
                Cell::text(text.as_str()),
            ]);
        }
    }
    // The notes a batch's rows name by id (`A3`, `W1`, `S2`), each once, with the rows citing a
    // document.
    for entry in &notes.catalogue {
        let (reference, url, date) = entry.document.clone().unwrap_or_default();
        rows.push(vec![
            Cell::text(entry.kind.label(lang)),
            Cell::text(entry.id.clone()),
            Cell::text(entry.text.clone()),
            Cell::text(reference.unwrap_or_default()),
            Cell::text(url.unwrap_or_default()),
            Cell::date_or_empty(date),
            Cell::text(cited(&entry.id).map_or(String::new(), |r| ranges(r, lang))),
        ]);
    }
    if rows.is_empty() {
        rows.push(vec![Cell::text(lang.pick(
            "No sources for this output.",
            "Aucune source pour cette sortie.",
        ))]);
    }
    Ok(text_sheet("Sources", &header, &rows, lang, formats)?.0)
}
