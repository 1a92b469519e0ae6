//! What a batch input is, from its first bytes: CSV text in some encoding, a workbook, or
//! something else that gets a message naming what it looks like; and, for CSV, the separator
//! its header line uses.

use crate::lang::Text;
use crate::post::Field;
use crate::text;

/// The encodings a CSV input is read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8, with or without a byte order mark.
    Utf8,
    /// Windows-1252: what French Excel's « CSV (séparateur : point-virgule) » and LibreOffice's
    /// default export write.
    Windows1252,
    /// UTF-16, little- or big-endian (its byte order mark says which; little without one): Excel's
    /// « Texte Unicode ».
    Utf16,
}

impl Encoding {
    /// The names `--encoding` takes.
    pub const NAMES: [(&'static str, Encoding); 9] = [
        ("utf-8", Encoding::Utf8),
        ("utf8", Encoding::Utf8),
        ("windows-1252", Encoding::Windows1252),
        ("cp1252", Encoding::Windows1252),
        ("latin1", Encoding::Windows1252),
        ("latin-1", Encoding::Windows1252),
        ("iso-8859-1", Encoding::Windows1252),
        ("utf-16", Encoding::Utf16),
        ("utf16", Encoding::Utf16),
    ];

    /// The encoding named (in any case).
    pub fn from_name(name: &str) -> Option<Encoding> {
        let name = name.trim().to_ascii_lowercase();
        Encoding::NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, e)| *e)
    }
}

/// Something that is not a CSV file, by what it looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Looks {
    /// A PDF document.
    Pdf,
    /// A gzip, 7z or RAR archive.
    Archive,
    /// A ZIP archive that is no workbook calamine reads (a .docx, a compressed folder).
    Zip,
    /// An OLE2 file that is no workbook (a .doc).
    Ole,
    /// Rich text (a .rtf).
    Rtf,
    /// A web page (Excel's « Page Web »).
    Html,
    /// Excel 2003's XML spreadsheet.
    XmlSpreadsheet,
    /// Other XML.
    Xml,
    /// UTF-32 text.
    Utf32,
    /// An image (PNG, JPEG, GIF): a screenshot of a sheet?
    Image,
    /// Bytes that are no text.
    Binary,
}

impl Looks {
    /// What it looks like, as a noun phrase in each language.
    pub fn text(self) -> Text {
        match self {
            Looks::Pdf => text!("a PDF document", "un document PDF"),
            Looks::Archive => text!(
                "a compressed archive (gzip, 7z or RAR)",
                "une archive compressée (gzip, 7z ou RAR)"
            ),
            Looks::Zip => text!(
                "a ZIP archive that is no workbook (a Word document, a compressed folder?)",
                "une archive ZIP qui n'est pas un classeur (un document Word, un dossier compressé ?)"
            ),
            Looks::Ole => text!(
                "an old Office document that is no workbook (a .doc?)",
                "un ancien document Office qui n'est pas un classeur (un .doc ?)"
            ),
            Looks::Rtf => text!("a rich text document (RTF)", "un document en texte enrichi (RTF)"),
            Looks::Html => text!(
                "a web page (a workbook saved as « Page Web »?)",
                "une page web (un classeur enregistré en « Page Web » ?)"
            ),
            Looks::XmlSpreadsheet => text!(
                "an Excel 2003 XML spreadsheet",
                "une feuille de calcul XML Excel 2003"
            ),
            Looks::Xml => text!("an XML file", "un fichier XML"),
            Looks::Utf32 => text!("UTF-32 text", "du texte UTF-32"),
            Looks::Image => text!(
                "an image (a screenshot of the sheet?)",
                "une image (une capture d'écran de la feuille ?)"
            ),
            Looks::Binary => text!(
                "binary data, not text",
                "des données binaires, pas du texte"
            ),
        }
    }
}

/// What an input is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Text in this encoding, its byte order mark `bom` bytes long; `detected` when no
    /// `--encoding` and no byte order mark said which.
    Text {
        encoding: &'static encoding_rs::Encoding,
        bom: usize,
        detected: bool,
    },
    /// A workbook (ZIP: .xlsx, .xlsm, .xlsb, .ods; OLE2: .xls).
    Workbook,
    /// Something else.
    Other(Looks),
}

const ZIP: &[u8] = b"PK\x03\x04";
const ZIP_EMPTY: &[u8] = b"PK\x05\x06";
const OLE: &[u8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1";

/// What the input is, from its first bytes (`prefix`; `whole` when that is all of it), and
/// the encoding forced with `--encoding`, if any.
pub fn sniff(prefix: &[u8], forced: Option<Encoding>, whole: bool) -> Kind {
    if prefix.starts_with(ZIP) || prefix.starts_with(ZIP_EMPTY) || prefix.starts_with(OLE) {
        return Kind::Workbook;
    }
    if let Some(looks) = magic(prefix) {
        return Kind::Other(looks);
    }
    let bom = bom(prefix);
    let utf16 = bom.is_some_and(|(e, _)| e != encoding_rs::UTF_8)
        || forced == Some(Encoding::Utf16)
        || (forced.is_none() && utf16_without_bom(prefix).is_some());
    // The header line must be text: a zero byte there is no CSV (one in a row is that row's
    // error, as any byte it cannot read), unless it is UTF-16.
    let first_line = prefix
        .split(|b| *b == b'\n' || *b == b'\r')
        .next()
        .unwrap_or_default();
    if !utf16 && first_line.contains(&0) {
        return Kind::Other(Looks::Binary);
    }
    let text = |encoding, bom, detected| Kind::Text {
        encoding,
        bom,
        detected,
    };
    match (forced, bom) {
        (Some(Encoding::Utf8), Some((e, n))) if e == encoding_rs::UTF_8 => {
            return text(e, n, false)
        }
        (Some(Encoding::Utf16), Some((e, n))) if e != encoding_rs::UTF_8 => {
            return text(e, n, false)
        }
        (Some(Encoding::Utf8), _) => return text(encoding_rs::UTF_8, 0, false),
        (Some(Encoding::Windows1252), _) => return text(encoding_rs::WINDOWS_1252, 0, false),
        (Some(Encoding::Utf16), _) => {
            let big = utf16_without_bom(prefix) == Some(encoding_rs::UTF_16BE);
            let e = if big {
                encoding_rs::UTF_16BE
            } else {
                encoding_rs::UTF_16LE
            };
            return text(e, 0, false);
        }
        (None, Some((e, n))) => return text(e, n, false),
        (None, None) => {}
    }
    if let Some(e) = utf16_without_bom(prefix) {
        return text(e, 0, true);
    }
    if let Some(looks) = markup(prefix) {
        return Kind::Other(looks);
    }
    match std::str::from_utf8(prefix) {
        Ok(_) => text(encoding_rs::UTF_8, 0, false),
        // A character cut at the end of the prefix is no reason to doubt the rest.
        Err(e) if e.error_len().is_none() && !whole => text(encoding_rs::UTF_8, 0, false),
        Err(_) => text(encoding_rs::WINDOWS_1252, 0, true),
    }
}

/// A byte order mark: its encoding and its length.
fn bom(prefix: &[u8]) -> Option<(&'static encoding_rs::Encoding, usize)> {
    if prefix.starts_with(b"\xff\xfe\x00\x00") || prefix.starts_with(b"\x00\x00\xfe\xff") {
        return None;
    }
    encoding_rs::Encoding::for_bom(prefix)
}

/// Files whose first bytes say what they are.
fn magic(prefix: &[u8]) -> Option<Looks> {
    let starts = |m: &[u8]| prefix.starts_with(m);
    if starts(b"%PDF") {
        Some(Looks::Pdf)
    } else if starts(b"\x1f\x8b") || starts(b"7z\xbc\xaf") || starts(b"Rar!") {
        Some(Looks::Archive)
    } else if starts(b"{\\rtf") {
        Some(Looks::Rtf)
    } else if starts(b"\xff\xfe\x00\x00") || starts(b"\x00\x00\xfe\xff") {
        Some(Looks::Utf32)
    } else if starts(b"\x89PNG") || starts(b"\xff\xd8\xff") || starts(b"GIF8") {
        Some(Looks::Image)
    } else {
        None
    }
}

/// A web page or an XML file.
fn markup(prefix: &[u8]) -> Option<Looks> {
    let start = prefix.iter().position(|b| !b.is_ascii_whitespace())?;
    let head = String::from_utf8_lossy(prefix.get(start..(start + 4096).min(prefix.len()))?)
        .to_ascii_lowercase();
    if head.starts_with("<!doctype html") || head.starts_with("<html") || head.starts_with("<table")
    {
        Some(Looks::Html)
    } else if head.starts_with("<?xml") {
        let excel = head.contains("excel.sheet") || head.contains("office:spreadsheet");
        Some(if excel {
            Looks::XmlSpreadsheet
        } else if head.contains("<html") {
            Looks::Html
        } else {
            Looks::Xml
        })
    } else {
        None
    }
}

/// UTF-16 text without a byte order mark: every other byte zero, for ASCII text.
fn utf16_without_bom(prefix: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let sample = prefix.get(..prefix.len().min(4096) & !1)?;
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let zeros = |offset: usize| {
        sample
            .iter()
            .skip(offset)
            .step_by(2)
            .filter(|b| **b == 0)
            .count()
    };
    let (even, odd) = (zeros(0), zeros(1));
    // Most characters of a CSV file are ASCII: their high byte is zero.
    if odd * 10 >= pairs * 7 && even * 10 < pairs {
        Some(encoding_rs::UTF_16LE)
    } else if even * 10 >= pairs * 7 && odd * 10 < pairs {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// The separators a header may use.
pub const DELIMITERS: [u8; 3] = [b',', b';', b'\t'];

/// The separator of a header line: the one that splits it into the most cells that name inputs,
/// then into the most cells; `,` when none splits it.
pub fn delimiter(line: &[u8]) -> u8 {
    let mut best = (b',', 0, 1);
    for delimiter in DELIMITERS {
        let cells = split(line, delimiter);
        let known = cells
            .iter()
            .filter(|c| Field::from_header(&String::from_utf8_lossy(c)).is_some())
            .count();
        if (known, cells.len()) > (best.1, best.2) {
            best = (delimiter, known, cells.len());
        }
    }
    best.0
}

/// A line's cells, split at `delimiter` outside quotes (quotes kept: only the count and the
/// names matter).
fn split(line: &[u8], delimiter: u8) -> Vec<&[u8]> {
    let mut cells = Vec::new();
    let (mut quoted, mut start) = (false, 0);
    for (i, b) in line.iter().enumerate() {
        if *b == b'"' {
            quoted = !quoted;
        } else if *b == delimiter && !quoted {
            cells.push(line.get(start..i).unwrap_or_default());
            start = i + 1;
        }
    }
    cells.push(line.get(start..).unwrap_or_default());
    cells
        .into_iter()
        .map(|c| {
            let c = c.strip_prefix(b"\"").unwrap_or(c);
            c.strip_suffix(b"\"").unwrap_or(c)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_separator_is_the_header_lines() {
        assert_eq!(delimiter(b"id,region,start"), b',');
        assert_eq!(
            delimiter(b"id;r\xc3\xa9gion;d\xc3\xa9but;montant_pet"),
            b';'
        );
        assert_eq!(delimiter(b"id\tregion\tstart"), b'\t');
        // Commas inside a quoted header cell do not count; names that are inputs decide.
        assert_eq!(delimiter(b"\"a,b,c,d\";region;start"), b';');
        assert_eq!(delimiter(b"region"), b',');
        assert_eq!(delimiter(b"commentaire;notes, divers;region"), b';');
    }

    #[test]
    fn encodings_and_files_that_are_not_csv() {
        let text = |k: Kind| match k {
            Kind::Text { encoding, bom, .. } => (encoding.name(), bom),
            other => panic!("{other:?}"),
        };
        assert_eq!(text(sniff(b"id,region\n", None, true)), ("UTF-8", 0));
        assert_eq!(text(sniff(b"\xef\xbb\xbfid\n", None, true)), ("UTF-8", 3));
        assert_eq!(text(sniff(b"r\xe9gion\n", None, true)), ("windows-1252", 0));
        // A character cut at the end of a prefix is still UTF-8.
        assert_eq!(text(sniff(b"id,r\xc3", None, false)), ("UTF-8", 0));
        assert_eq!(
            text(sniff(b"\xff\xfei\x00d\x00", None, true)),
            ("UTF-16LE", 2)
        );
        assert_eq!(
            text(sniff(b"i\x00d\x00\t\x00r\x00", None, true)),
            ("UTF-16LE", 0)
        );
        assert_eq!(
            text(sniff(b"id\n", Some(Encoding::Windows1252), true)),
            ("windows-1252", 0)
        );
        assert_eq!(sniff(b"PK\x03\x04rest", None, true), Kind::Workbook);
        assert_eq!(sniff(OLE, None, true), Kind::Workbook);
        assert_eq!(sniff(b"%PDF-1.7", None, true), Kind::Other(Looks::Pdf));
        assert_eq!(
            sniff(b"  <!DOCTYPE html>", None, true),
            Kind::Other(Looks::Html)
        );
        assert_eq!(
            sniff(
                b"<?xml version=\"1.0\"?><?mso-application progid=\"Excel.Sheet\"?>",
                None,
                true
            ),
            Kind::Other(Looks::XmlSpreadsheet)
        );
        assert_eq!(
            sniff(b"a\x00\x01\x02b,c", None, true),
            Kind::Other(Looks::Binary)
        );
        assert_eq!(
            sniff(b"\x89PNG\r\n\x1a\n\0\0", None, true),
            Kind::Other(Looks::Image)
        );
        // A zero byte in a row is that row's error, not the file's.
        assert_eq!(
            text(sniff(b"id,region\nA\x00,x\n", None, true)),
            ("UTF-8", 0)
        );
        assert_eq!(
            Encoding::from_name("Windows-1252"),
            Some(Encoding::Windows1252)
        );
        assert_eq!(Encoding::from_name("ebcdic"), None);
    }
}
