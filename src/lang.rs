//! The two languages of the tool's words: English and French.
//!
//! Every piece of text a user reads is written in both languages side by side, at the one
//! place that builds it, with [`tr!`](crate::tr): `tr!(lang, "{n} months", "{n} mois")`.
//! Text that comes from the data (rule set titles, assumptions, conditions, notes) is a
//! [`Text`], given in both languages in the TOML files; a missing translation is a
//! validation error, never a silent fallback.
//!
//! Outputs take their language as an argument. Errors are data: a typed kind, or a [`Text`]
//! made in both languages with [`text!`](crate::text), rendered in the language of whoever
//! reads them by the edge that reports them. There is no language for the whole process.

use chrono::{Datelike, NaiveDate};

/// A language of labels, words and number formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    /// English labels, `6,499.58`.
    #[default]
    En,
    /// French labels, `6 499,58 €`.
    Fr,
}

impl Lang {
    /// One of two texts.
    pub fn pick<'a>(self, en: &'a str, fr: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Fr => fr,
        }
    }
}

/// Formats text in a language: `tr!(lang, "english {x}", "français {x}")`, or with
/// positional arguments after the two formats. Both formats see the same arguments.
#[macro_export]
macro_rules! tr {
    ($lang:expr, $en:literal, $fr:literal $(,)?) => {
        match $lang {
            $crate::lang::Lang::En => format!($en),
            $crate::lang::Lang::Fr => $crate::lang::typeset(format!($fr)),
        }
    };
    ($lang:expr, $en:literal, $fr:literal, $($args:expr),+ $(,)?) => {
        match $lang {
            $crate::lang::Lang::En => format!($en, $($args),+),
            $crate::lang::Lang::Fr => $crate::lang::typeset(format!($fr, $($args),+)),
        }
    };
}

impl Lang {
    /// The colon after a heading or label: `:` in English, ` :` in French typography.
    pub fn colon(self) -> &'static str {
        self.pick(":", "\u{a0}:")
    }
}

/// French typography, applied once where French text is made: a no-break space before
/// `:`, `;`, `?`, `!`, `%` and `€`, inside `« »`, and between groups of digits (`33 643,13`),
/// so that no table ever starts a line with a colon or cuts an amount in two.
pub fn typeset(text: String) -> String {
    const NBSP: &str = "\u{a0}";
    let bytes = text.as_bytes();
    // Read on the bytes: the signs and digits it looks for are ASCII, `€` is `E2 82 AC`,
    // `»` `C2 BB`, `«` `C2 AB` (a French text is typeset once per line of a table).
    let digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    let kept = |i: usize| {
        let next = &bytes[i + 1..];
        let before_sign = matches!(next.first(), Some(b':' | b';' | b'?' | b'!' | b'%'))
            || next.starts_with("€".as_bytes())
            || next.starts_with("»".as_bytes());
        let after_quote = bytes[..i].ends_with("«".as_bytes());
        // A group of three digits after a digit, not followed by a fourth: `1 010`, `2 803,59`.
        let digit_group =
            i > 0 && digit(i - 1) && digit(i + 1) && digit(i + 2) && digit(i + 3) && !digit(i + 4);
        before_sign || after_quote || digit_group
    };
    let mut spaces = (0..bytes.len())
        .filter(|i| bytes[*i] == b' ' && kept(*i))
        .peekable();
    if spaces.peek().is_none() {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut from = 0;
    for at in spaces {
        out.push_str(&text[from..at]);
        out.push_str(NBSP);
        from = at + 1;
    }
    out.push_str(&text[from..]);
    out
}

/// Formats a text in both languages at once, for a message rendered later in the language of
/// whoever reads it: `text!("{n} months", "{n} mois")` is a [`Text`].
/// `text!(lang => "{}", "{}", name(lang))` binds `lang` to each language in turn, for arguments
/// that are words of that language.
#[macro_export]
macro_rules! text {
    ($lang:ident => $($args:tt)+) => {
        $crate::lang::Text {
            en: {
                let $lang = $crate::lang::Lang::En;
                $crate::tr!($lang, $($args)+)
            },
            fr: {
                let $lang = $crate::lang::Lang::Fr;
                $crate::tr!($lang, $($args)+)
            },
        }
    };
    ($($args:tt)+) => {
        $crate::lang::Text {
            en: $crate::tr!($crate::lang::Lang::En, $($args)+),
            fr: $crate::tr!($crate::lang::Lang::Fr, $($args)+),
        }
    };
}

/// A text in both languages: of the data, or a message rendered in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Text {
    /// The English text.
    pub en: String,
    /// The French text.
    pub fr: String,
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en)
    }
}

/// A message in both languages is an error too, rendered in the reader's language by the edge
/// that reports it (an output that cannot be written, say).
impl std::error::Error for Text {}

impl Text {
    /// The same text in both languages (a system's message, a name).
    pub fn same(text: impl Into<String>) -> Text {
        let text = text.into();
        Text {
            en: text.clone(),
            fr: text,
        }
    }

    /// The text `render` gives in each language.
    pub fn of(render: impl Fn(Lang) -> String) -> Text {
        Text {
            en: render(Lang::En),
            fr: render(Lang::Fr),
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Fr => &self.fr,
        }
    }
}

/// An I/O error in `lang`: our own message when it carries one (a [`Text`]), else the system's.
pub fn io_message(e: &std::io::Error, lang: Lang) -> String {
    match e.get_ref().and_then(|inner| inner.downcast_ref::<Text>()) {
        Some(text) => text.get(lang).to_string(),
        None => e.to_string(),
    }
}

const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// A date for people: ISO in English (`2026-11-01`, as scripts and the data write it), the
/// French long form in French (`1er novembre 2026`).
pub fn date(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::En => d.to_string(),
        Lang::Fr => {
            let day = d.day();
            let day = if day == 1 {
                "1er".to_string()
            } else {
                day.to_string()
            };
            format!("{day} {} {}", month_name_fr(d), d.year())
        }
    }
}

/// A date in a table cell: ISO in English, `01/11/2026` in French.
pub fn short_date(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::En => d.to_string(),
        Lang::Fr => d.format("%d/%m/%Y").to_string(),
    }
}

/// A calendar month for people: `2026-11` in English, `novembre 2026` in French.
pub fn month(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::En => d.format("%Y-%m").to_string(),
        Lang::Fr => format!("{} {}", month_name_fr(d), d.year()),
    }
}

/// Items in a sentence: `2026, 2027 and 2028`, `2026, 2027 et 2028`.
pub fn and_list(items: &[String], lang: Lang) -> String {
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} {} {last}", rest.join(", "), lang.pick("and", "et")),
    }
}

/// French « de » before a name: « d'Océan Indien », « d'Île-de-France », « de Bretagne ».
pub fn de(name: &str) -> String {
    let elided = name.chars().next().is_some_and(|c| {
        matches!(
            c.to_lowercase().next().unwrap_or(c),
            'a' | 'à' | 'â' | 'e' | 'é' | 'è' | 'ê' | 'i' | 'î' | 'o' | 'ô' | 'u' | 'û' | 'y'
        )
    });
    if elided {
        format!("d'{name}")
    } else {
        format!("de {name}")
    }
}

/// A count of posts in words: `1 post`, `2 posts`; in French, 0 and 1 are singular (`0 poste`).
pub fn posts(n: u32, lang: Lang) -> String {
    let singular = match lang {
        Lang::En => n == 1,
        Lang::Fr => n <= 1,
    };
    let word = match (lang, singular) {
        (Lang::En, true) => "post",
        (Lang::En, false) => "posts",
        (Lang::Fr, true) => "poste",
        (Lang::Fr, false) => "postes",
    };
    format!("{n} {word}")
}

fn month_name_fr(d: NaiveDate) -> &'static str {
    // month0() is 0..=11 for every date.
    MONTHS_FR.get(d.month0() as usize).copied().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_elides_de_and_counts_zero_as_one() {
        assert_eq!(de("Océan Indien"), "d'Océan Indien");
        assert_eq!(de("Île-de-France"), "d'Île-de-France");
        assert_eq!(de("Bretagne"), "de Bretagne");
        assert_eq!(posts(0, Lang::Fr), "0 poste");
        assert_eq!(posts(1, Lang::Fr), "1 poste");
        assert_eq!(posts(2, Lang::Fr), "2 postes");
        assert_eq!(posts(0, Lang::En), "0 posts");
        assert_eq!(posts(1, Lang::En), "1 post");
    }

    #[test]
    fn french_dates_say_premier_and_name_the_month() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(date(d(2026, 11, 1), Lang::Fr), "1er novembre 2026");
        assert_eq!(date(d(2027, 2, 28), Lang::Fr), "28 février 2027");
        assert_eq!(date(d(2027, 8, 15), Lang::En), "2027-08-15");
        assert_eq!(month(d(2027, 8, 15), Lang::Fr), "août 2027");
        assert_eq!(month(d(2027, 12, 15), Lang::En), "2027-12");
        assert_eq!(short_date(d(2026, 11, 1), Lang::Fr), "01/11/2026");
        assert_eq!(short_date(d(2026, 11, 1), Lang::En), "2026-11-01");
    }

    #[test]
    fn lists_end_with_and_in_each_language() {
        let items = |xs: &[&str]| xs.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(and_list(&items(&[]), Lang::En), "");
        assert_eq!(and_list(&items(&["2026"]), Lang::Fr), "2026");
        assert_eq!(
            and_list(&items(&["2026", "2027"]), Lang::En),
            "2026 and 2027"
        );
        assert_eq!(
            and_list(&items(&["2026", "2027", "2028"]), Lang::Fr),
            "2026, 2027 et 2028"
        );
    }

    #[test]
    fn tr_formats_the_language_asked_for() {
        let n = 12;
        assert_eq!(tr!(Lang::En, "{n} months", "{n} mois"), "12 months");
        assert_eq!(tr!(Lang::Fr, "{} months", "{} mois", n), "12 mois");
        assert_eq!(Lang::Fr.pick("yes", "oui"), "oui");
        // French text gets its no-break spaces; English is left alone.
        assert_eq!(
            tr!(
                Lang::Fr,
                "x : « y » 1 010,5 %",
                "total : « 1 010 » 33 643,13 € ; 50 %"
            ),
            "total\u{a0}: «\u{a0}1\u{a0}010\u{a0}» 33\u{a0}643,13\u{a0}€\u{a0}; 50\u{a0}%"
        );
        assert_eq!(tr!(Lang::En, "x : 1 010", "y"), "x : 1 010");
        // Not a group of digits: a year after a day, a count of four digits.
        assert_eq!(
            typeset("le 1 2026 et 12 3456".into()),
            "le 1 2026 et 12 3456"
        );
    }

    /// [`typeset`] as it was written on characters, before it read bytes.
    fn typeset_on_chars(text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        let digit = |i: usize| chars.get(i).is_some_and(|c| c.is_ascii_digit());
        let mut out = String::new();
        for (i, &c) in chars.iter().enumerate() {
            let next = chars.get(i + 1).copied();
            let before_sign = matches!(next, Some(':' | ';' | '?' | '!' | '%' | '€' | '»'));
            let after_quote = i > 0 && chars[i - 1] == '«';
            let digit_group = i > 0
                && digit(i - 1)
                && digit(i + 1)
                && digit(i + 2)
                && digit(i + 3)
                && !digit(i + 4);
            out.push(if c == ' ' && (before_sign || after_quote || digit_group) {
                '\u{a0}'
            } else {
                c
            });
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn typeset_reads_bytes_as_it_read_characters(text in "[ 0-9a:;?!%€»«é…\u{a0}]{0,40}") {
            proptest::prop_assert_eq!(typeset(text.clone()), typeset_on_chars(&text));
        }
    }
}
