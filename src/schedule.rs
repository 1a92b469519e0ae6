//! Contract dates: the calendar months a contract touches, and how much of each
//! month counts, by a rule set's proration.
//!
//! **Thirtieths** (*trentièmes*, as French public payroll counts): every calendar
//! month counts 30 days, whatever its length. A range of days `a..=b` in a month
//! counts `S(b) − S(a − 1)` thirtieths, where `S(d) = min(d, 30)` and the month's last
//! day always reaches 30. So:
//! - a whole calendar month is 30/30, February included;
//! - the 31st adds nothing (a contract of the 31st alone counts 0/30);
//! - the last day of February carries the missing thirtieths (the 28th counts 3/30
//!   in a common year, the 29th 2/30 in a leap year);
//! - from the 15th to the end of a month is 16/30, from the 1st to the 14th 14/30,
//!   so two halves of a month always add up to 30/30.
//!
//! **Calendar days**: days served / days in the month. **Whole months**: a month counts
//! only when the contract covers it entirely.

use chrono::{Datelike, Months, NaiveDate};
use serde::Deserialize;

/// A month in exact units: the least common multiple of 28, 29, 30 and 31, so that every
/// fraction of a month a proration counts (days/30, days/28 to days/31) is a whole number of
/// units, and prorated amounts are exact integers until they are rounded once.
pub const MONTH_UNITS: u64 = 377_580;

/// How much of a month a segment counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counted {
    /// The fraction of a month, in [`MONTH_UNITS`] (a whole month is `MONTH_UNITS`).
    pub units: u64,
    /// Days counted (thirtieths, calendar days, or 1 for a whole month)…
    pub days: u32,
    /// …out of what a whole month counts (30 for thirtieths).
    pub days_in_month: u32,
}

impl Counted {
    fn new(days: u32, days_in_month: u32) -> Counted {
        Counted {
            units: u64::from(days) * (MONTH_UNITS / u64::from(days_in_month.max(1))),
            days,
            days_in_month,
        }
    }
}

/// How a partial month is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, strum::EnumIter)]
#[serde(rename_all = "kebab-case")]
pub enum Proration {
    /// Thirtieths: every month counts 30 days (French public payroll).
    #[default]
    Thirtieths,
    /// Calendar days over the month's length.
    CalendarDays,
    /// Only months covered entirely count; a partial month counts nothing.
    WholeMonths,
}

impl Proration {
    /// The name in the data files and the output.
    pub fn id(self) -> &'static str {
        match self {
            Proration::Thirtieths => "thirtieths",
            Proration::CalendarDays => "calendar-days",
            Proration::WholeMonths => "whole-months",
        }
    }

    /// The rule in words of `lang` (English keeps the id).
    pub fn label(self, lang: crate::lang::Lang) -> &'static str {
        match lang {
            crate::lang::Lang::En => self.id(),
            crate::lang::Lang::Fr => match self {
                Proration::Thirtieths => "en trentièmes",
                Proration::CalendarDays => "en jours calendaires",
                Proration::WholeMonths => "en mois entiers",
            },
        }
    }
}

/// The number of days in a month.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The last day of the month of `date`.
pub fn month_end(date: NaiveDate) -> NaiveDate {
    date.with_day(days_in_month(date.year(), date.month()))
        .unwrap_or(date)
}

/// The thirtieths counted at the end of day `day` of a month whose last day is `last`.
fn thirtieths_through(day: u32, last: u32) -> u32 {
    if day >= last {
        30
    } else {
        day.min(30)
    }
}

/// One calendar month of a contract, or the part of it the contract covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    /// First day covered in the month.
    pub from: NaiveDate,
    /// Last day covered in the month.
    pub to: NaiveDate,
}

impl Segment {
    /// The month, as `2026-11`.
    pub fn month(&self) -> String {
        format!("{}-{:02}", self.from.year(), self.from.month())
    }

    /// Whether the segment covers its whole calendar month.
    pub fn is_whole_month(&self) -> bool {
        self.from.day() == 1 && self.to == month_end(self.from)
    }

    /// The thirtieths it counts (0 to 30).
    pub fn thirtieths(&self) -> u32 {
        let last = month_end(self.from).day();
        thirtieths_through(self.to.day(), last) - thirtieths_through(self.from.day() - 1, last)
    }

    /// The calendar days it covers.
    pub fn calendar_days(&self) -> u32 {
        (self.to - self.from).num_days().unsigned_abs() as u32 + 1
    }

    /// The fraction of a month it counts by `proration`, exactly.
    pub fn counted(&self, proration: Proration) -> Counted {
        match proration {
            Proration::Thirtieths => Counted::new(self.thirtieths(), 30),
            Proration::CalendarDays => {
                Counted::new(self.calendar_days(), month_end(self.from).day())
            }
            Proration::WholeMonths => Counted::new(u32::from(self.is_whole_month()), 1),
        }
    }

    /// The part of this segment up to `last_day` included, if any.
    pub fn until(&self, last_day: NaiveDate) -> Option<Segment> {
        (last_day >= self.from).then(|| Segment {
            from: self.from,
            to: self.to.min(last_day),
        })
    }
}

/// The calendar months from `start` to `end` (both included), each cut to the contract.
pub fn segments(start: NaiveDate, end: NaiveDate) -> impl Iterator<Item = Segment> {
    let mut next = (start <= end).then_some(start);
    std::iter::from_fn(move || {
        let from = next?;
        let to = month_end(from).min(end);
        next = to.succ_opt().filter(|n| *n <= end);
        Some(Segment { from, to })
    })
}

/// The last day of a contract of `months` months from `start`: the day before the same
/// day `months` later; when that day does not exist (the 31st, or the 29th to 31st
/// after February), the last day of the month before it.
pub fn contract_end(start: NaiveDate, months: u32) -> Option<NaiveDate> {
    let first = start.with_day(1)?;
    let target_month = first.checked_add_months(Months::new(months))?;
    match target_month.with_day(start.day()) {
        Some(same_day) => same_day.pred_opt(),
        None => Some(month_end(target_month)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("a date")
    }

    fn seg(a: NaiveDate, b: NaiveDate) -> u32 {
        Segment { from: a, to: b }.thirtieths()
    }

    #[test]
    fn thirtieths_of_the_edge_cases() {
        assert_eq!(seg(d(2026, 11, 15), d(2026, 11, 30)), 16);
        assert_eq!(seg(d(2028, 11, 1), d(2028, 11, 14)), 14);
        assert_eq!(seg(d(2027, 1, 1), d(2027, 1, 31)), 30);
        assert_eq!(seg(d(2027, 2, 1), d(2027, 2, 28)), 30);
        assert_eq!(seg(d(2028, 2, 1), d(2028, 2, 29)), 30);
        // The 31st adds nothing; the last day of February carries the missing days.
        assert_eq!(seg(d(2027, 1, 31), d(2027, 1, 31)), 0);
        assert_eq!(seg(d(2027, 1, 30), d(2027, 1, 31)), 1);
        assert_eq!(seg(d(2027, 2, 28), d(2027, 2, 28)), 3);
        assert_eq!(seg(d(2028, 2, 29), d(2028, 2, 29)), 2);
        assert_eq!(
            seg(d(2027, 2, 15), d(2027, 2, 28)) + seg(d(2027, 2, 1), d(2027, 2, 14)),
            30
        );
        // A one-day contract on an ordinary day is 1/30.
        assert_eq!(seg(d(2027, 3, 10), d(2027, 3, 10)), 1);
    }

    #[test]
    fn days_in_month_agrees_with_the_calendar() {
        for year in [1900, 1999, 2000, 2024, 2026, 2027, 2028, 2100, 2400] {
            for month in 1..=12 {
                let first = d(year, month, 1);
                let next = first.checked_add_months(Months::new(1)).expect("a date");
                let length = u32::try_from((next - first).num_days()).expect("a length");
                assert_eq!(days_in_month(year, month), length, "{year}-{month}");
                assert_eq!(
                    month_end(d(year, month, 15)),
                    next.pred_opt().expect("a date")
                );
            }
        }
    }

    #[test]
    fn contract_ends() {
        assert_eq!(contract_end(d(2026, 11, 15), 24), Some(d(2028, 11, 14)));
        assert_eq!(contract_end(d(2026, 11, 1), 24), Some(d(2028, 10, 31)));
        assert_eq!(contract_end(d(2027, 1, 31), 1), Some(d(2027, 2, 28)));
        assert_eq!(contract_end(d(2027, 3, 31), 1), Some(d(2027, 4, 30)));
        assert_eq!(contract_end(d(2027, 1, 30), 1), Some(d(2027, 2, 28)));
        assert_eq!(contract_end(d(2027, 1, 29), 1), Some(d(2027, 2, 28)));
        assert_eq!(contract_end(d(2028, 1, 30), 1), Some(d(2028, 2, 29)));
    }

    #[test]
    fn segments_cut_the_contract_by_month() {
        let s: Vec<Segment> = segments(d(2026, 11, 15), d(2028, 11, 14)).collect();
        assert_eq!(s.len(), 25);
        assert_eq!(
            s[0],
            Segment {
                from: d(2026, 11, 15),
                to: d(2026, 11, 30)
            }
        );
        assert_eq!(
            s[24],
            Segment {
                from: d(2028, 11, 1),
                to: d(2028, 11, 14)
            }
        );
        assert_eq!(s.iter().map(Segment::thirtieths).sum::<u32>(), 24 * 30);
        assert_eq!(segments(d(2027, 3, 10), d(2027, 3, 10)).count(), 1);
        assert_eq!(segments(d(2027, 3, 10), d(2027, 3, 9)).count(), 0);
    }

    #[test]
    fn other_prorations() {
        let half = Segment {
            from: d(2027, 1, 17),
            to: d(2027, 1, 31),
        };
        let counted = half.counted(Proration::CalendarDays);
        assert_eq!((counted.days, counted.days_in_month), (15, 31));
        assert_eq!(counted.units * 31, 15 * MONTH_UNITS);
        assert_eq!(half.counted(Proration::WholeMonths).units, 0);
        let thirtieths = half.counted(Proration::Thirtieths);
        assert_eq!(
            (thirtieths.days, thirtieths.units * 30),
            (14, 14 * MONTH_UNITS)
        );
        let whole = Segment {
            from: d(2027, 2, 1),
            to: d(2027, 2, 28),
        };
        assert_eq!(whole.counted(Proration::WholeMonths).units, MONTH_UNITS);
        assert_eq!(whole.counted(Proration::CalendarDays).units, MONTH_UNITS);
        assert_eq!(whole.counted(Proration::Thirtieths).units, MONTH_UNITS);
    }
}
